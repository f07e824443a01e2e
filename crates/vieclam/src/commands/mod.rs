//! One module per subcommand.

pub mod bench;
pub mod bench_exchange;
pub mod bench_forecast;
pub mod bench_live;
pub mod bench_match;
pub mod bench_plans;
pub mod bench_search;
pub mod bench_web;
pub mod classify;
pub mod demo;
pub mod demo_exchange;
pub mod demo_plans;
pub mod evaluate;
pub mod exchange;
pub mod forecast;
pub mod judged;
pub mod matching;
pub mod report;
pub mod search;
pub mod serve;
pub mod sheets;
pub mod units;
pub mod user;

use std::sync::Arc;

use anyhow::Context;
use vieclam_domain::AdminUnits;
use vieclam_store::Store;

/// The shipped administrative units, parsed.
pub fn admin_units() -> anyhow::Result<AdminUnits> {
    AdminUnits::embedded().context("the shipped administrative-unit data does not load")
}

/// Opens the database (migrating it) and makes sure it holds the current
/// administrative units.
pub async fn open_store(db: &str) -> anyhow::Result<(Arc<dyn Store>, Arc<AdminUnits>)> {
    let units = Arc::new(admin_units()?);
    let store = vieclam_store::connect(db).await?;
    let load = store.load_admin_units(&units).await?;
    if load.changed {
        tracing::info!(
            n_units = load.n_units,
            n_crosswalk_links = load.n_crosswalk_links,
            "administrative units loaded"
        );
    }
    Ok((store, units))
}
