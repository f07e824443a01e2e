//! `vieclam evaluate`: the title classifier on its held-out test set;
//! matching in both directions on the judged set (`data/matching-judged`,
//! grades written by reading profiles, independently of the scorer) beside
//! a BM25 baseline — the figures that measure quality; and the generated
//! market, whose "good match" grade reads the scorer's own features: a
//! regression check that cannot measure quality, kept with the default
//! weights and with weights learnt from simulated outcomes.

use std::collections::HashMap;

use anyhow::Context;
use clap::Args;
use vieclam_classify::Classifier;
use vieclam_domain::registry::OccupationCode;
use vieclam_match::market::{generate, Market};
use vieclam_match::{fit, Occupation, OpeningIndex, Outcome, SeekerIndex, Viewer, Weights};
use vieclam_search::evaluation::{mean, score, Scores};

use super::judged::{self, Coding, Figures, JudgedSet, Ranked};
use crate::messages::say;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Vacancies in the generated market.
    #[arg(long, default_value_t = 2_000)]
    pub vacancies: usize,
    /// Workers written from each vacancy.
    #[arg(long, default_value_t = 5)]
    pub workers_per_vacancy: usize,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Print why matching ranks the judged set's vacancies as it does for
    /// this worker (their scores, parts and grades), and stop.
    #[arg(long)]
    pub worker: Option<i64>,
    /// Score the judged set with these weights (a JSON file of
    /// `vieclam_match::Weights`, missing fields at their defaults) instead
    /// of the defaults: how a weight change is tried before it is made.
    #[arg(long)]
    pub weights: Option<std::path::PathBuf>,
}

fn judged_weights(path: Option<&std::path::Path>) -> anyhow::Result<Weights> {
    let Some(path) = path else {
        return Ok(Weights::default());
    };
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "Không đọc được tệp trọng số / cannot read {}",
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "Tệp trọng số không hợp lệ / not a weights file: {}",
            path.display()
        )
    })
}

/// The classifier's best unit group for a title, as import uses it.
pub fn classify(title: &str) -> Option<OccupationCode> {
    Classifier::embedded()
        .classify(title, 1)
        .first()
        .and_then(|prediction| OccupationCode::parse(&prediction.code).ok())
}

/// Matching metrics of both directions over a set of workers.
pub struct MatchingFigures {
    pub jobs: Vec<Scores>,
    pub candidates: Vec<Scores>,
}

/// Scores both directions for the workers `workers` of `market`.
pub fn evaluate_matching(market: &Market, weights: &Weights, workers: &[usize]) -> MatchingFigures {
    let openings = OpeningIndex::new(market.openings.clone());
    let mut by_occupation: HashMap<Occupation, Vec<usize>> = HashMap::new();
    for (index, opening) in market.openings.iter().enumerate() {
        if let Some(occupation) = opening.occupation {
            by_occupation.entry(occupation).or_default().push(index);
        }
    }
    let mut jobs = Vec::with_capacity(workers.len());
    for &s in workers {
        let hits = openings.top_for(&market.seekers[s], 10, weights, Viewer::Worker);
        let ranked: Vec<i64> = hits
            .iter()
            .filter_map(|hit| openings.get(hit.index).map(|o| o.id))
            .collect();
        let grades: HashMap<i64, u32> = by_occupation
            .get(&market.true_occupation[s])
            .into_iter()
            .flatten()
            .chain(std::iter::once(&market.target[s]))
            .map(|&o| (market.openings[o].id, market.grade(s, o)))
            .filter(|(_, grade)| *grade > 0)
            .collect();
        jobs.push(score(&ranked, &grades));
    }
    // Candidates for the vacancies these workers were written from, among
    // these workers.
    let subset: Vec<_> = workers.iter().map(|&s| market.seekers[s].clone()).collect();
    let seekers = SeekerIndex::new(subset);
    let mut seekers_of: HashMap<Occupation, Vec<usize>> = HashMap::new();
    for &s in workers {
        seekers_of
            .entry(market.true_occupation[s])
            .or_default()
            .push(s);
    }
    let mut targets: Vec<usize> = workers.iter().map(|&s| market.target[s]).collect();
    targets.sort_unstable();
    targets.dedup();
    let mut candidates = Vec::with_capacity(targets.len());
    for o in targets {
        let opening = &market.openings[o];
        let hits = seekers.top_for(opening, 10, weights, Viewer::Officer, |_, _| true);
        let ranked: Vec<i64> = hits
            .iter()
            .filter_map(|hit| seekers.get(hit.index).map(|s| s.id))
            .collect();
        let grades: HashMap<i64, u32> = opening
            .occupation
            .and_then(|occupation| seekers_of.get(&occupation))
            .into_iter()
            .flatten()
            .map(|&s| (market.seekers[s].id, market.grade(s, o)))
            .filter(|(_, grade)| *grade > 0)
            .collect();
        candidates.push(score(&ranked, &grades));
    }
    MatchingFigures { jobs, candidates }
}

/// Outcomes as an exchange would record them: the top 10 shown to each
/// worker, shortlisted when the match was a good one.
fn simulated_outcomes(market: &Market, weights: &Weights, workers: &[usize]) -> Vec<Outcome> {
    let openings = OpeningIndex::new(market.openings.clone());
    let mut outcomes = Vec::new();
    for &s in workers {
        for hit in openings.top_for(&market.seekers[s], 10, weights, Viewer::Worker) {
            let Some(opening) = openings.get(hit.index) else {
                continue;
            };
            let o = (opening.id - 1) as usize;
            outcomes.push(Outcome {
                parts: hit.scored.parts,
                positive: market.grade(s, o) >= 2,
            });
        }
    }
    outcomes
}

pub fn run(args: EvaluateArgs) -> anyhow::Result<()> {
    let weights = judged_weights(args.weights.as_deref())?;
    if let Some(worker) = args.worker {
        return explain_worker(worker, &weights);
    }
    let held_out = vieclam_classify::evaluation::held_out();
    say!(
        "Title classifier, held-out set of {} hand-written titles",
        held_out.n
    );
    say!("{:<14} {:>8} {:>8}", "level", "top-1", "top-3");
    say!(
        "{:<14} {:>7.1}% {:>7.1}%",
        "unit group",
        held_out.unit_top1 * 100.0,
        held_out.unit_top3 * 100.0
    );
    say!(
        "{:<14} {:>7.1}% {:>7.1}%",
        "sub-major",
        held_out.sub_major_top1 * 100.0,
        held_out.sub_major_top3 * 100.0
    );
    let (unseen, near_copies) = vieclam_classify::evaluation::held_out_unseen();
    say!(
        "{} rows with no near-copy (the same words ±1, same unit group) in any training or tuning file ({} left out):",
        unseen.n,
        near_copies
    );
    say!(
        "{:<14} {:>7.1}% {:>7.1}%",
        "unit group",
        unseen.unit_top1 * 100.0,
        unseen.unit_top3 * 100.0
    );
    say!(
        "{:<14} {:>7.1}% {:>7.1}%",
        "sub-major",
        unseen.sub_major_top1 * 100.0,
        unseen.sub_major_top3 * 100.0
    );

    let units = super::admin_units()?;
    report_judged(&units, &weights)?;

    say!();
    say!("Generated market — regression check only / Thị trường sinh tự động — chỉ để phát hiện thay đổi:");
    say!("its grades read the scorer's own features, so these figures cannot measure quality.");
    let market = generate(
        &units,
        "01",
        args.seed,
        args.vacancies,
        args.workers_per_vacancy,
        classify,
    );
    let read_right = market
        .seekers
        .iter()
        .zip(&market.true_occupation)
        .filter(|(seeker, truth)| seeker.occupations.first().map(|(o, _)| o) == Some(*truth))
        .count();
    say!();
    say!(
        "Generated market: {} vacancies, {} workers; the classifier read {:.1} % of the workers' noisy titles to the right unit group",
        market.openings.len(),
        market.seekers.len(),
        read_right as f64 * 100.0 / market.seekers.len().max(1) as f64
    );
    let (train, test): (Vec<usize>, Vec<usize>) =
        (0..market.seekers.len()).partition(|s| s % 2 == 0);
    let default = Weights::default();
    let outcomes = simulated_outcomes(&market, &default, &train);
    let learnt = fit(&outcomes, &default);
    say!();
    say!(
        "{:<26} {:<9} {:>6} {:>10} {:>8} {:>6}",
        "direction",
        "weights",
        "n",
        "recall@10",
        "nDCG@10",
        "MRR"
    );
    let mut rows = vec![("default", default.clone())];
    if let Some(learnt) = &learnt {
        rows.push(("learnt", learnt.clone()));
    }
    for (name, weights) in &rows {
        let figures = evaluate_matching(&market, weights, &test);
        for (direction, scores) in [
            ("jobs for a worker", &figures.jobs),
            ("candidates for a vacancy", &figures.candidates),
        ] {
            say!(
                "{:<26} {:<9} {:>6} {:>10.3} {:>8.3} {:>6.3}",
                direction,
                name,
                scores.len(),
                mean(scores, |s| s.recall),
                mean(scores, |s| s.ndcg),
                mean(scores, |s| s.reciprocal_rank)
            );
        }
    }
    match learnt {
        Some(learnt) => say!(
            "\nlearnt from {} outcomes on the other half of the workers: {}",
            outcomes.len(),
            vieclam_match::PARTS
                .iter()
                .zip(learnt.parts())
                .map(|(part, weight)| format!("{part} {weight:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => say!("\ntoo few outcomes to learn from ({})", outcomes.len()),
    }
    Ok(())
}

fn means(lists: &[Ranked]) -> (f64, f64, f64) {
    let scores: Vec<Scores> = lists.iter().map(|list| list.scores).collect();
    (
        mean(&scores, |s| s.recall),
        mean(&scores, |s| s.ndcg),
        mean(&scores, |s| s.reciprocal_rank),
    )
}

/// The judged set: matching (confirmed codes, then the classifier alone)
/// and the BM25 baseline in both directions, the classifier's agreement
/// with the officers' codes, and the workers served worst.
fn report_judged(units: &vieclam_domain::AdminUnits, weights: &Weights) -> anyhow::Result<()> {
    let set = JudgedSet::embedded()?;
    say!();
    say!(
        "Judged matching set / Bộ đánh giá có chấm điểm: {} vacancies, {} workers, {} graded pairs (data/matching-judged)",
        set.vacancies.len(),
        set.workers.len(),
        set.grades.values().filter(|grade| **grade > 0).count()
    );
    let (mut top1, mut top3) = (0, 0);
    for worker in &set.workers {
        let read = judged::suggestions(&worker.occupation_text, 3);
        top1 += usize::from(read.first() == Some(&worker.confirmed_code));
        top3 += usize::from(read.contains(&worker.confirmed_code));
    }
    say!(
        "the classifier's reading of the workers' own words agrees with the officer's code: top-1 {}/{n}, top-3 {}/{n}",
        top1,
        top3,
        n = set.workers.len()
    );
    let rows: Vec<(&str, Figures)> = vec![
        (
            "matching, confirmed codes",
            judged::matching(&set, units, Coding::Confirmed, weights),
        ),
        (
            "matching, classifier top-1",
            judged::matching(&set, units, Coding::ClassifierTop1, weights),
        ),
        ("BM25 search baseline", judged::bm25(&set, units)?),
    ];
    say!(
        "{:<26} {:<28} {:>4} {:>10} {:>8} {:>6}",
        "direction",
        "system",
        "n",
        "recall@10",
        "nDCG@10",
        "MRR"
    );
    for direction in ["jobs for a worker", "candidates for a vacancy"] {
        for (name, figures) in &rows {
            let lists = if direction == "jobs for a worker" {
                &figures.jobs
            } else {
                &figures.candidates
            };
            let (recall, ndcg, mrr) = means(lists);
            say!(
                "{:<26} {:<28} {:>4} {:>10.3} {:>8.3} {:>6.3}",
                direction,
                name,
                lists.len(),
                recall,
                ndcg,
                mrr
            );
        }
    }
    let mut worst: Vec<&Ranked> = rows[0].1.jobs.iter().collect();
    worst.sort_by(|a, b| {
        a.scores
            .ndcg
            .total_cmp(&b.scores.ndcg)
            .then(a.query_id.cmp(&b.query_id))
    });
    say!();
    say!("Workers served worst by matching (confirmed codes), by nDCG@10:");
    for list in worst.iter().take(5) {
        let Some(worker) = set.workers.iter().find(|w| w.id == list.query_id) else {
            continue;
        };
        let graded = set.jobs_graded(worker.id);
        let title = |id: &i64| {
            set.vacancies
                .iter()
                .find(|v| v.id == *id)
                .map(|v| {
                    format!(
                        "{} [{}] {} ({})",
                        id,
                        v.posting
                            .occupation
                            .as_ref()
                            .map(|c| c.as_str().to_owned())
                            .unwrap_or_default(),
                        v.posting.title,
                        graded.get(id).copied().unwrap_or(0)
                    )
                })
                .unwrap_or_default()
        };
        say!(
            "  worker {} «{}» [{}] home {}: nDCG {:.3}, recall {:.2}",
            worker.id,
            worker.occupation_text,
            worker.confirmed_code.as_str(),
            worker.state.residence,
            list.scores.ndcg,
            list.scores.recall
        );
        for id in list.ids.iter().take(3) {
            say!("      shown {}", title(id));
        }
        let mut wanted: Vec<(&i64, &u32)> = graded.iter().filter(|(_, g)| **g == 3).collect();
        wanted.sort();
        for (id, _) in wanted.iter().take(2) {
            say!("      wanted {}", title(id));
        }
    }
    Ok(())
}

/// `vieclam evaluate --worker N`: the judged set's vacancies as matching
/// ranks them for one worker, with the parts of each score and its grade.
fn explain_worker(worker_id: i64, weights: &Weights) -> anyhow::Result<()> {
    let units = super::admin_units()?;
    let set = JudgedSet::embedded()?;
    let Some(worker) = set.workers.iter().find(|w| w.id == worker_id) else {
        anyhow::bail!("Không có người lao động {worker_id} trong bộ đánh giá / no worker {worker_id} in the judged set");
    };
    say!(
        "worker {} «{}» [{}] home {}",
        worker.id,
        worker.occupation_text,
        worker.confirmed_code.as_str(),
        worker.state.residence
    );
    say!("{}", vieclam_match::PARTS.join(" "));
    let (top, missed) = judged::explain(&set, &units, worker_id, 15, weights);
    let line = |explained: &judged::Explained| {
        let vacancy = set.vacancies.iter().find(|v| v.id == explained.vacancy_id);
        say!(
            "{:>4} g{} {:.3} [{}] {} {} — {}",
            explained.vacancy_id,
            explained.grade,
            explained.score,
            explained
                .parts
                .iter()
                .map(|part| format!("{part:.2}"))
                .collect::<Vec<_>>()
                .join(" "),
            vacancy
                .and_then(|v| v.posting.occupation.as_ref())
                .map(|code| code.as_str().to_owned())
                .unwrap_or_default(),
            vacancy.map(|v| v.posting.title.clone()).unwrap_or_default(),
            vacancy
                .map(|v| v.posting.work_unit.to_string())
                .unwrap_or_default(),
        );
    };
    top.iter().for_each(line);
    say!("graded 2+ below the first 15:");
    missed.iter().for_each(line);
    Ok(())
}
