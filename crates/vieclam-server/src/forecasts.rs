//! The forecasts behind `/api/v1/forecasts`, `/api/v1/shortages` and the
//! hiring signals: the living data read into a ledger of monthly counts,
//! every bottom series forecast on blocking threads, kept as one snapshot.
//!
//! Forecasts speak of months, so a snapshot is not followed change by
//! change like the statistics cube: it is rebuilt beside the one in force
//! when it is an hour old or a month has ended since (a request finding it
//! stale is answered from it while the new one builds), and swapped in
//! whole. The first request after a start waits for the first build.

use std::collections::HashMap;
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use chrono::{DateTime, NaiveDate, Utc};
use vieclam_domain::registry::{EmploymentStatus, EventKind, SocialInsurance};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_forecast::series::LedgerBuilder;
use vieclam_forecast::{EmployerHistory, Engine, Measure};
use vieclam_plans::period::Month;
use vieclam_plans::reporting::vietnam_day;
use vieclam_store::{Area, ClaimFilter, Page, Store, StoreError};

/// Records read per page.
const PAGE: u32 = 5_000;
/// Claims and employers are listed by offset, in pages of this many.
const LIST_PAGE: u32 = 1_000;
/// A snapshot older than this is rebuilt.
const FRESH_FOR: chrono::Duration = chrono::Duration::hours(1);

/// What the living data says, month by month, before any forecast.
#[derive(Debug, Default)]
pub struct LivingData {
    pub ledger: LedgerBuilder,
    pub employers: Vec<EmployerHistory>,
    /// Each employer's address.
    pub employer_units: HashMap<i64, UnitKey>,
    pub employer_names: HashMap<i64, String>,
}

/// The unit group a worker is counted under: the occupation they want, else
/// the first they have worked in.
fn worker_occupation(profile: &vieclam_domain::registry::WorkerProfile) -> Option<String> {
    profile
        .wanted_occupation
        .as_ref()
        .or_else(|| profile.occupations.first().map(|o| &o.code))
        .map(|code| code.as_str().to_string())
}

/// Reads every worker with its events, every vacancy, every
/// unemployment-insurance claim and every employer into monthly counts.
/// A vacancy counts in the month it was opened (recorded), in the commune
/// where the work is; vacancies abroad are not local demand and are left
/// out. A worker counts where they lived at the time.
pub async fn read_living_data(
    store: &dyn Store,
    units: &AdminUnits,
) -> Result<LivingData, StoreError> {
    let mut data = LivingData::default();
    let mut by_employer: HashMap<i64, EmployerHistory> = HashMap::new();
    let mut occupation_of: HashMap<i64, String> = HashMap::new();
    let mut after = 0;
    loop {
        let page = store.workers_after(after, PAGE).await?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            break;
        };
        let (first_id, last_id, full) = (first.id, last.id, page.len() == PAGE as usize);
        let events = store.events_of_workers(first_id, last_id).await?;
        let mut events_of: HashMap<i64, Vec<&vieclam_store::EventRecord>> = HashMap::new();
        for event in &events {
            events_of.entry(event.worker_id).or_default().push(event);
        }
        for record in &page {
            let Some(occupation) = worker_occupation(&record.profile) else {
                continue;
            };
            let mut own = events_of.remove(&record.id).unwrap_or_default();
            own.sort_by_key(|event| event.event.date);
            let registered = own
                .iter()
                .find(|event| event.event.kind == EventKind::Registered);
            let registered_on = registered
                .map(|event| event.event.date)
                .unwrap_or_else(|| vietnam_day(record.created_at));
            let status = registered
                .and_then(|event| event.event.status)
                .unwrap_or(record.profile.employment_status);
            let mut residence = record.profile.residence.clone();
            if status == EmploymentStatus::Unemployed {
                data.ledger.add(
                    units,
                    Measure::Seekers,
                    &residence,
                    &occupation,
                    Month::of(registered_on),
                    1.0,
                );
            }
            let insured = record.profile.social_insurance == SocialInsurance::Compulsory;
            for event in own {
                let event = &event.event;
                let month = Month::of(event.date);
                match event.kind {
                    EventKind::Moved => {
                        if let Some(unit) = &event.unit {
                            residence = unit.clone();
                        }
                    }
                    EventKind::LostJob => {
                        data.ledger.add(
                            units,
                            Measure::Seekers,
                            &residence,
                            &occupation,
                            month,
                            1.0,
                        );
                    }
                    EventKind::Returned => {
                        data.ledger.add(
                            units,
                            Measure::Returns,
                            &residence,
                            &occupation,
                            month,
                            1.0,
                        );
                    }
                    EventKind::Employed => {
                        let code = event
                            .occupation
                            .as_ref()
                            .map(|code| code.as_str().to_string())
                            .unwrap_or_else(|| occupation.clone());
                        data.ledger
                            .add(units, Measure::Hires, &residence, &code, month, 1.0);
                        if let Some(employer_id) = event.employer_id {
                            let history = by_employer.entry(employer_id).or_default();
                            history.employer_id = employer_id;
                            history.hires.push((month, insured));
                        }
                    }
                    _ => {}
                }
            }
            occupation_of.insert(record.id, occupation);
        }
        if !full {
            break;
        }
        after = last_id;
    }
    let mut after = 0;
    loop {
        let page = store.vacancies_after(after, PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        let (last_id, full) = (last.id, page.len() == PAGE as usize);
        for record in &page {
            let posting = &record.posting;
            let month = Month::of(vietnam_day(record.created_at));
            let history = by_employer.entry(posting.employer_id).or_default();
            history.employer_id = posting.employer_id;
            history.vacancies.push((month, posting.headcount));
            let Some(occupation) = &posting.occupation else {
                continue;
            };
            if posting.abroad_country.is_some() {
                continue;
            }
            let unit = &posting.work_unit;
            let code = occupation.as_str();
            data.ledger
                .add(units, Measure::Vacancies, unit, code, month, 1.0);
            data.ledger.add(
                units,
                Measure::Positions,
                unit,
                code,
                month,
                f64::from(posting.headcount),
            );
        }
        if !full {
            break;
        }
        after = last_id;
    }
    let mut offset = 0;
    loop {
        let page = store
            .list_claims(
                &ClaimFilter::default(),
                Page {
                    limit: LIST_PAGE,
                    offset,
                },
            )
            .await?;
        for claim in &page {
            if let Some(occupation) = occupation_of.get(&claim.worker_id) {
                data.ledger.add(
                    units,
                    Measure::UiClaims,
                    &claim.unit,
                    occupation,
                    Month::of(claim.start),
                    1.0,
                );
            }
        }
        if page.len() < LIST_PAGE as usize {
            break;
        }
        offset += LIST_PAGE;
    }
    let mut offset = 0;
    loop {
        let page = store
            .list_employers(
                &Area::All,
                Page {
                    limit: LIST_PAGE,
                    offset,
                },
            )
            .await?;
        for employer in &page {
            data.employer_units
                .insert(employer.id, employer.profile.address_unit.clone());
            data.employer_names
                .insert(employer.id, employer.profile.name.clone());
        }
        if page.len() < LIST_PAGE as usize {
            break;
        }
        offset += LIST_PAGE;
    }
    data.employers = by_employer.into_values().collect();
    data.employers.sort_by_key(|history| history.employer_id);
    Ok(data)
}

/// The forecasts in force.
#[derive(Debug)]
pub struct ForecastSnapshot {
    pub engine: Engine,
    pub employers: Vec<EmployerHistory>,
    pub employer_units: HashMap<i64, UnitKey>,
    pub employer_names: HashMap<i64, String>,
    /// The last month that is over when it was built.
    pub last: Month,
    pub built_at: DateTime<Utc>,
}

/// The month before `today`'s: the last one that is over.
pub fn last_complete_month(today: NaiveDate) -> Month {
    Month(Month::of(today).0 - 1)
}

/// Reads the living data and forecasts every bottom series (on every core,
/// on a blocking thread).
pub async fn build_snapshot(
    store: &dyn Store,
    units: Arc<AdminUnits>,
    today: NaiveDate,
) -> Result<ForecastSnapshot, String> {
    let data = read_living_data(store, &units)
        .await
        .map_err(|error| error.to_string())?;
    let last = last_complete_month(today);
    crate::blocking::run_unbounded(move || {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let engine = Engine::build(data.ledger.finish(last), threads);
        ForecastSnapshot {
            engine,
            employers: data.employers,
            employer_units: data.employer_units,
            employer_names: data.employer_names,
            last,
            built_at: Utc::now(),
        }
    })
    .await
}

/// The name of an occupation code at any level ("" when unknown).
pub fn occupation_name(code: &str) -> String {
    vieclam_domain::registry::occupations()
        .get(code)
        .map(|entry| entry.name_vi.clone())
        .unwrap_or_default()
}

/// Demand minus supply per occupation (`level` digits) in `unit` over
/// `horizon` months, largest shortage first. CPU-bound: call it on a
/// blocking thread.
pub fn unit_balances(
    snapshot: &ForecastSnapshot,
    units: &AdminUnits,
    unit: &UnitKey,
    level: usize,
    horizon: usize,
) -> Vec<vieclam_forecast::Balance> {
    let cells = snapshot.engine.ledger().members(units, unit);
    vieclam_forecast::balances(&snapshot.engine, &cells, level, horizon, occupation_name)
}

/// The hiring signals of the employers whose address counts for `unit`:
/// the score's back-test six months back, and the `limit` most likely to
/// hire with their names.
pub struct UnitSignals {
    pub backtest: vieclam_forecast::Backtest,
    pub signals: Vec<(vieclam_forecast::Signal, String)>,
}

/// See [`UnitSignals`]. The caller has checked `may_read_hiring_signals`
/// and audits the read.
pub fn unit_signals(
    snapshot: &ForecastSnapshot,
    units: &AdminUnits,
    unit: &UnitKey,
    limit: usize,
) -> UnitSignals {
    let within: Vec<EmployerHistory> = snapshot
        .employers
        .iter()
        .filter(|history| {
            snapshot
                .employer_units
                .get(&history.employer_id)
                .is_some_and(|at| vieclam_plans::unit_counts_for(units, at, unit))
        })
        .cloned()
        .collect();
    let origin = Month(snapshot.last.0 - vieclam_forecast::signals::SIGNAL_MONTHS);
    UnitSignals {
        backtest: vieclam_forecast::backtest(&within, origin, &[10, 50, 100]),
        signals: vieclam_forecast::rank(&within, snapshot.last)
            .into_iter()
            .take(limit)
            .map(|signal| {
                let name = snapshot
                    .employer_names
                    .get(&signal.employer_id)
                    .cloned()
                    .unwrap_or_default();
                (signal, name)
            })
            .collect(),
    }
}

/// The forecasts of a server.
#[derive(Default)]
pub struct ForecastEngine {
    current: ArcSwapOption<ForecastSnapshot>,
    /// Held while a snapshot builds: one build at a time.
    building: tokio::sync::Mutex<()>,
}

impl ForecastEngine {
    fn fresh(snapshot: &ForecastSnapshot, today: NaiveDate) -> bool {
        snapshot.last == last_complete_month(today) && Utc::now() - snapshot.built_at < FRESH_FOR
    }

    /// The snapshot in force; the first call builds it (others wait for
    /// that build), a stale one answers while its successor builds.
    pub async fn get(
        self: &Arc<Self>,
        store: Arc<dyn Store>,
        units: Arc<AdminUnits>,
        today: NaiveDate,
    ) -> Result<Arc<ForecastSnapshot>, String> {
        if let Some(snapshot) = self.current.load_full() {
            if !Self::fresh(&snapshot, today) {
                let engine = self.clone();
                tokio::spawn(async move {
                    let Ok(_guard) = engine.building.try_lock() else {
                        return;
                    };
                    match build_snapshot(store.as_ref(), units, today).await {
                        Ok(new) => engine.current.store(Some(Arc::new(new))),
                        Err(error) => tracing::warn!(%error, "forecasts not rebuilt"),
                    }
                });
            }
            return Ok(snapshot);
        }
        // The first build runs as a task of its own: a request that gives
        // up waiting does not cancel it.
        let engine = self.clone();
        tokio::spawn(async move {
            let _guard = engine.building.lock().await;
            if let Some(snapshot) = engine.current.load_full() {
                return Ok(snapshot);
            }
            let snapshot = Arc::new(build_snapshot(store.as_ref(), units, today).await?);
            tracing::info!(
                n_series = snapshot.engine.ledger().n_bottom(),
                "forecasts built"
            );
            engine.current.store(Some(snapshot.clone()));
            Ok(snapshot)
        })
        .await
        .map_err(|error| error.to_string())?
    }
}
