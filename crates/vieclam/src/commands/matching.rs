//! `vieclam match --worker ID` / `--vacancy ID`: the best vacancies for a
//! worker or the best workers for a vacancy, with their reasons, over the
//! store (the command line has the officer's view: consent is shown, not
//! applied).

use clap::Args;
use vieclam_match::Weights;
use vieclam_match::{reasons, Opening, Seeker, Viewer};
use vieclam_server::matching::{build_openings, build_seekers};

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Jobs for this worker.
    #[arg(long, conflicts_with = "vacancy", required_unless_present = "vacancy")]
    pub worker: Option<i64>,
    /// Candidates for this vacancy.
    #[arg(long)]
    pub vacancy: Option<i64>,
    /// How many results.
    #[arg(long, default_value_t = 10)]
    pub k: usize,
}

pub async fn run(db: &str, args: MatchArgs) -> anyhow::Result<()> {
    let (store, units) = super::open_store(db).await?;
    let weights = Weights::default();
    let k = args.k.clamp(1, 100);
    if let Some(id) = args.worker {
        let record = store.get_worker(id).await?.ok_or_else(|| {
            UserError::new(
                format!("Không có người lao động #{id}"),
                format!("No worker #{id}"),
            )
        })?;
        let seeker = Seeker::of(&units, record.id, &record.profile, &record.state);
        let openings = build_openings(store.clone(), units.clone())
            .await
            .map_err(anyhow::Error::msg)?;
        for (hit, opening) in openings.top_for(&seeker, k, &weights, Viewer::Officer) {
            say!(
                "{:>7}  {:.3}  {}",
                opening.id,
                hit.scored.score,
                opening.title
            );
            for reason in reasons(&seeker, &opening, &hit.scored) {
                say!("         · {} / {}", reason.vi, reason.en);
            }
        }
    }
    if let Some(id) = args.vacancy {
        let record = store.get_vacancy(id).await?.ok_or_else(|| {
            UserError::new(
                format!("Không có vị trí tuyển dụng #{id}"),
                format!("No vacancy #{id}"),
            )
        })?;
        let opening = Opening::of(&units, record.id, &record.posting);
        let seekers = build_seekers(store.clone(), units.clone())
            .await
            .map_err(anyhow::Error::msg)?;
        let hits = seekers.top_for(&opening, k, &weights, Viewer::Officer, |_, _| true);
        for (hit, seeker) in hits {
            let consent = if seeker.consent {
                ""
            } else {
                "  (chưa đồng ý chia sẻ / no consent)"
            };
            say!(
                "{:>7}  {:.3}  {}{consent}",
                seeker.id,
                hit.scored.score,
                seeker.home.commune_name
            );
            for reason in reasons(&seeker, &opening, &hit.scored) {
                say!("         · {} / {}", reason.vi, reason.en);
            }
        }
    }
    Ok(())
}
