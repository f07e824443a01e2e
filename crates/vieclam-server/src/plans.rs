//! The live statistics behind plans and indicators: the cube of every
//! worker's timeline, built from the store on start and kept current by
//! every change to a worker, so an indicator is right the moment the event
//! that changes it is recorded.
//!
//! The engine keeps each worker's compact timeline (about 100 bytes) so that
//! a change is applied as "minus the old timeline, plus the new one" without
//! reading the old one back. The cube is a [`Live`] copy: an import builds a
//! new cube beside the one answering and swaps it in, one rebuild at a time,
//! as a task no request can cancel; a build that fails leaves the old cube
//! answering. Changes to one worker are ordered by the ticket taken before
//! the store is read (see `live`), not by a lock held across the read.
//! Every step that computes runs on a blocking thread; the cube's lock is
//! held for the few microseconds of one worker's change, never across an
//! `.await`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedRwLockReadGuard, RwLock};
use vieclam_domain::registry::EventKind;
use vieclam_domain::AdminUnits;
use vieclam_plans::cube::{CellId, Cells, EventFact, FactValues, WorkerFacts};
use vieclam_plans::Statistics;
use vieclam_store::{EventFactRow, EventRecord, Store, StoreError, WorkerFactRow, WorkerRecord};

use crate::blocking::run_unbounded;
use axum::http::StatusCode;
use chrono::NaiveDate;
use vieclam_domain::{AuditAction, Principal, UnitKey};
use vieclam_plans::{Period, Plan};

use crate::error::ApiError;
use crate::live::{BoxFuture, Generation, Live, Rebuilt, Source, Ticket};
use crate::scope::{check_audited, AuditSubject};

/// Workers read per page when the cube is built.
const PAGE: u32 = 5_000;

#[derive(Clone, Debug)]
struct Timeline {
    facts: WorkerFacts,
    events: Box<[EventFact]>,
}

/// One copy of the statistics: the cube and every worker's timeline.
#[derive(Default)]
pub struct StatisticsCopy {
    /// A tokio lock so that a reader can hold an owned guard in a handler;
    /// writers take it with `blocking_write` on a blocking thread.
    statistics: Arc<RwLock<Statistics>>,
    timelines: Mutex<HashMap<i64, Timeline>>,
}

impl StatisticsCopy {
    /// Applies the current state of one worker (`None`: deleted).
    fn follow(
        &self,
        id: i64,
        current: Option<(WorkerRecord, Vec<EventRecord>)>,
        units: &AdminUnits,
    ) {
        let mut statistics = self.statistics.blocking_write();
        let mut timelines = self
            .timelines
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let new = current.and_then(|(record, events)| {
            let events: Vec<&EventRecord> = events.iter().collect();
            timeline(&record, &events, &mut statistics.cells, units)
        });
        if let Some(old) = timelines.remove(&id) {
            statistics.apply(&old.facts, &old.events, -1);
        }
        if let Some(new) = new {
            statistics.apply(&new.facts, &new.events, 1);
            timelines.insert(id, new);
        }
    }
}

/// The statistics as a request reads them: a snapshot that a rebuild or a
/// change never disturbs while it is held (changes wait for it).
pub struct StatisticsView {
    pub statistics: OwnedRwLockReadGuard<Statistics>,
}

/// Why the statistics could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A step on a blocking thread panicked.
    #[error("a blocking step failed: {0}")]
    Blocking(String),
}

/// The statistics engine of a server.
pub struct PlanEngine {
    live: Arc<Live<StatisticsCopy>>,
}

impl Default for PlanEngine {
    fn default() -> PlanEngine {
        PlanEngine {
            live: Arc::new(Live::empty("statistics")),
        }
    }
}

fn timeline(
    record: &WorkerRecord,
    events: &[&EventRecord],
    cells: &mut Cells,
    units: &AdminUnits,
) -> Option<Timeline> {
    let registered_on = events
        .iter()
        .find(|event| event.event.kind == EventKind::Registered)
        .map(|event| event.event.date)
        .unwrap_or_else(|| vieclam_plans::reporting::vietnam_day(record.created_at));
    let facts = WorkerFacts::of(&record.profile, registered_on, cells, units)?;
    let events = events
        .iter()
        .map(|event| EventFact::of(&event.event, cells, units))
        .collect();
    Some(Timeline { facts, events })
}

/// A timeline from the columns the store keeps for the statistics: the
/// same as [`timeline`] gives from the JSON record (a test holds them
/// equal). `places` remembers the cell of each unit text seen.
fn timeline_of_columns(
    record: &WorkerFactRow,
    events: &[EventFactRow],
    cells: &mut Cells,
    places: &mut HashMap<String, Option<CellId>>,
    units: &AdminUnits,
) -> Option<Timeline> {
    let mut cell_of = |text: &str| -> Option<CellId> {
        if let Some(cell) = places.get(text) {
            return *cell;
        }
        let cell = UnitKey::parse(text, NaiveDate::MAX)
            .ok()
            .and_then(|key| cells.intern(units, &key));
        places.insert(text.to_owned(), cell);
        cell
    };
    let registered_on = events
        .iter()
        .find(|event| event.kind == EventKind::Registered)
        .map(|event| event.date)
        .unwrap_or_else(|| vieclam_plans::reporting::vietnam_day(record.created_at));
    let facts = WorkerFacts::from_values(
        FactValues {
            birth_date: record.birth_date,
            status: record.employment_status,
            qualification: record.qualification,
            it_skill: record.it_skill,
            social_insurance: record.social_insurance,
            unemployment_insurance: record.unemployment_insurance,
            health_insurance: record.health_insurance,
        },
        registered_on,
        cell_of(&record.residence)?,
    );
    let events = events
        .iter()
        .map(|event| EventFact {
            date: event.date,
            kind: event.kind,
            cell: event.unit.as_deref().and_then(&mut cell_of),
            status: event.status,
        })
        .collect();
    Some(Timeline { facts, events })
}

/// What a build carries from page to page.
#[derive(Default)]
struct Building {
    statistics: Statistics,
    timelines: HashMap<i64, Timeline>,
    places: HashMap<String, Option<CellId>>,
    n_workers: u64,
}

/// A new cube from the store: every worker and its events, in pages by id,
/// read from the columns kept for the statistics (no JSON is parsed), each
/// page computed on a blocking thread.
async fn build_statistics(
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
) -> Result<(StatisticsCopy, u64), BuildError> {
    let mut building = Building::default();
    let mut after = 0;
    loop {
        let page = store.worker_facts_after(after, PAGE).await?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            break;
        };
        let (first_id, last_id, full) = (first.id, last.id, page.len() == PAGE as usize);
        let events = store.event_facts_of_workers(first_id, last_id).await?;
        let units = units.clone();
        building = run_unbounded(move || {
            // Events come by worker then date: each worker's are one run.
            let mut rest: &[EventFactRow] = &events;
            for record in &page {
                let start = rest.partition_point(|event| event.worker_id < record.id);
                let end =
                    start + rest[start..].partition_point(|event| event.worker_id == record.id);
                let own = &rest[start..end];
                rest = &rest[end..];
                if let Some(timeline) = timeline_of_columns(
                    record,
                    own,
                    &mut building.statistics.cells,
                    &mut building.places,
                    &units,
                ) {
                    building
                        .statistics
                        .apply(&timeline.facts, &timeline.events, 1);
                    building.timelines.insert(record.id, timeline);
                    building.n_workers += 1;
                }
            }
            building
        })
        .await
        .map_err(BuildError::Blocking)?;
        if !full {
            break;
        }
        after = last_id;
    }
    let copy = StatisticsCopy {
        statistics: Arc::new(RwLock::new(building.statistics)),
        timelines: Mutex::new(building.timelines),
    };
    Ok((copy, building.n_workers))
}

/// One worker and its events as the store holds them now.
async fn read_worker(
    store: &dyn Store,
    id: i64,
) -> Result<Option<(WorkerRecord, Vec<EventRecord>)>, StoreError> {
    match store.get_worker(id).await? {
        Some(record) => {
            let events = store.list_events(id).await?;
            Ok(Some((record, events)))
        }
        None => Ok(None),
    }
}

struct StatisticsSource {
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
}

impl Source<StatisticsCopy> for StatisticsSource {
    fn build(&self) -> BoxFuture<Result<StatisticsCopy, String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let (copy, n_workers) = build_statistics(store, units)
                .await
                .map_err(|error| error.to_string())?;
            tracing::info!(n_workers, "statistics built");
            Ok(copy)
        })
    }

    fn replay(
        &self,
        generation: Arc<Generation<StatisticsCopy>>,
        ids: Vec<i64>,
        ticket: Ticket,
    ) -> BoxFuture<Result<(), String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let mut workers = Vec::with_capacity(ids.len());
            for id in ids {
                let current = read_worker(store.as_ref(), id)
                    .await
                    .map_err(|error| error.to_string())?;
                workers.push((id, current));
            }
            run_unbounded(move || {
                for (id, current) in workers {
                    generation.apply(ticket, id, |copy| copy.follow(id, current, &units));
                }
            })
            .await
        })
    }
}

impl PlanEngine {
    /// Builds the cube from the store and puts it in force at once (the
    /// command line builds once and reads).
    pub async fn build(
        &self,
        store: Arc<dyn Store>,
        units: Arc<AdminUnits>,
    ) -> Result<u64, BuildError> {
        let (copy, n_workers) = build_statistics(store, units).await?;
        self.live.install(copy);
        Ok(n_workers)
    }

    /// Asks for a new cube built beside the one in force; returns the
    /// rebuild to wait for.
    pub fn request_rebuild(&self, store: Arc<dyn Store>, units: Arc<AdminUnits>) -> u64 {
        self.live
            .request_rebuild(Arc::new(StatisticsSource { store, units }))
    }

    /// Applies the current state of one worker (after a create, an edit, an
    /// event or a delete).
    pub async fn follow_worker(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
        id: i64,
    ) -> Result<(), BuildError> {
        let ticket = self.live.ticket(id);
        let current = read_worker(store, id).await?;
        let (live, units) = (self.live.clone(), units.clone());
        run_unbounded(move || {
            live.apply(ticket, id, |copy| copy.follow(id, current, &units));
        })
        .await
        .map_err(BuildError::Blocking)
    }

    /// The statistics in force: waits up to `wait` for the first build
    /// after a start; once built, always answers (a rebuild swaps a new
    /// copy in, never leaves none).
    pub async fn read(&self, wait: Duration) -> Result<StatisticsView, ApiError> {
        let Some(generation) = self.live.wait_ready(wait).await else {
            return Err(ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "statistics_not_ready",
                "Số liệu thống kê đang được tính lần đầu sau khi khởi động; vui lòng thử lại sau ít phút",
                "The statistics are still being computed after start; try again in a few minutes",
            ));
        };
        let statistics = generation.value.statistics.clone().read_owned().await;
        Ok(StatisticsView { statistics })
    }

    pub fn is_ready(&self) -> bool {
        self.live.is_ready()
    }

    /// The rebuild machinery (tests hold a rebuild through it).
    pub fn live(&self) -> &Arc<Live<StatisticsCopy>> {
        &self.live
    }
}

/// Brings the statistics in step with a worker that changed; a failure is
/// logged (the store holds the change, and a restart rebuilds).
pub async fn follow_worker(state: &crate::AppState, id: i64) {
    if let Err(error) = state
        .plans
        .follow_worker(state.store.as_ref(), &state.units, id)
        .await
    {
        tracing::error!(error = %error, worker_id = id, "statistics not updated");
    }
}

/// Rebuilds the statistics beside the cube in force after a bulk change
/// (an import), and waits a while for the new cube.
pub async fn follow_import(state: &crate::AppState) {
    let target = state
        .plans
        .request_rebuild(state.store.clone(), state.units.clone());
    if state
        .plans
        .live()
        .wait_rebuilt(target, crate::search::REBUILD_WAIT)
        .await
        == Rebuilt::StillRunning
    {
        tracing::warn!("statistics rebuild still running; answering meanwhile");
    }
}

/// 404 for a plan.
pub fn plan_not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "plan_not_found",
        format!("Không có kế hoạch {id:?}"),
        format!("No plan {id:?}"),
    )
}

/// Loads a plan the caller may see, auditing a refusal.
pub async fn load_plan(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &str,
) -> Result<Plan, ApiError> {
    let plan = state
        .store
        .get_plan(id)
        .await?
        .ok_or_else(|| plan_not_found(id))?;
    check_audited(
        state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: "plan",
            id: id.to_owned(),
            unit: Some(&plan.unit),
        },
        caller.principal.may_see_plan(&state.units, &plan.unit),
    )
    .await?;
    Ok(plan)
}

/// The figures of these indicators that are not computed from the cube:
/// those agencies entered (their current versions) and those the job
/// exchange counts from its records (sessions held, counsellings), as one
/// list, optionally in one 2025 province. Computed indicators among `codes`
/// are skipped.
pub async fn figures(
    store: &dyn Store,
    codes: &[String],
    province: Option<&str>,
) -> Result<Vec<vieclam_plans::DataValue>, StoreError> {
    use vieclam_exchange::report::{counselling_figures, data_values, held_figures, COUNSELLED};
    use vieclam_plans::{Indicators, Source};

    let indicators = Indicators::embedded();
    let source_of = |code: &String| indicators.get(code).ok().map(|i| i.source);
    let submitted: Vec<String> = codes
        .iter()
        .filter(|code| source_of(code) == Some(Source::Submitted))
        .cloned()
        .collect();
    let counted: Vec<&String> = codes
        .iter()
        .filter(|code| source_of(code) == Some(Source::Exchange))
        .collect();
    let mut values = if submitted.is_empty() {
        Vec::new()
    } else {
        store.current_values(&submitted, province).await?
    };
    if counted.is_empty() {
        return Ok(values);
    }
    let mut found = Vec::new();
    if counted.iter().any(|code| code.as_str() != COUNSELLED) {
        let counts: Vec<_> = store
            .session_counts(province)
            .await?
            .into_iter()
            .map(|count| (count.kind, count.unit, count.month, count.held))
            .collect();
        found.extend(held_figures(&counts));
    }
    if counted.iter().any(|code| code.as_str() == COUNSELLED) {
        let counts: Vec<_> = store
            .counselling_counts(province)
            .await?
            .into_iter()
            .map(|count| (count.unit, count.month, count.count))
            .collect();
        found.extend(counselling_figures(&counts));
    }
    found.retain(|figure| counted.contains(&&figure.indicator));
    values.extend(data_values(&found, chrono::Utc::now()));
    Ok(values)
}

/// The figures of `indicators` for each of `units` over `period`, one row
/// per unit in the order given, one column per indicator: computed ones
/// from the statistics, the others from the figures entered and the
/// exchange's records. The caller has checked who may read them.
pub async fn unit_figures(
    state: &crate::AppState,
    indicators: &[&'static vieclam_plans::Indicator],
    units: Vec<vieclam_domain::UnitKey>,
    period: vieclam_plans::Period,
    wait: Duration,
) -> Result<Vec<Vec<vieclam_plans::actuals::Actual>>, ApiError> {
    let codes: Vec<String> = indicators
        .iter()
        .filter(|indicator| indicator.source != vieclam_plans::Source::Computed)
        .map(|indicator| indicator.code.clone())
        .collect();
    let values = if codes.is_empty() {
        Vec::new()
    } else {
        figures(state.store.as_ref(), &codes, None).await?
    };
    let inner = state.plans.read(wait).await?;
    let admin_units = state.units.clone();
    let indicators = indicators.to_vec();
    crate::blocking::run(state, move || {
        units
            .iter()
            .map(|unit| {
                indicators
                    .iter()
                    .map(|indicator| {
                        vieclam_plans::actuals::actual(
                            indicator,
                            &inner.statistics,
                            &values,
                            &admin_units,
                            unit,
                            period,
                        )
                    })
                    .collect()
            })
            .collect()
    })
    .await
}

/// How long a request waits for the statistics after a start.
pub const STATISTICS_WAIT: Duration = Duration::from_secs(20);

/// The audit subject of a unit's figures.
pub fn figures_of(unit: &UnitKey) -> AuditSubject<'_> {
    AuditSubject {
        kind: "data_value",
        id: unit.to_string(),
        unit: Some(unit),
    }
}

/// A period as the API and the pages write it (`2025`, `2025-Q1`,
/// `2025-03`), or 400.
pub fn parse_period(text: &str) -> Result<Period, ApiError> {
    Period::parse(text).map_err(|error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "plan_invalid",
            error.message_vi(),
            error.to_string(),
        )
    })
}

/// The unit a progress table is for: the one asked, or the plan's own when
/// the caller may read it, else the caller's unit.
pub async fn progress_unit(
    state: &crate::AppState,
    principal: &Principal,
    plan: &Plan,
    asked: Option<&str>,
) -> Result<UnitKey, ApiError> {
    let unit = match asked {
        Some(text) => UnitKey::parse(text, crate::vietnam_today())?,
        None => match (
            &principal.scope,
            principal.may_read_figures(&state.units, &plan.unit),
        ) {
            (_, Ok(())) => plan.unit.clone(),
            (Some(scope), Err(_)) => scope.clone(),
            (None, Err(error)) => {
                return check_audited(
                    state,
                    principal,
                    AuditAction::Read,
                    figures_of(&plan.unit),
                    Err(error),
                )
                .await
                .map(|()| plan.unit.clone())
            }
        },
    };
    state.units.get(&unit)?;
    check_audited(
        state,
        principal,
        AuditAction::Read,
        figures_of(&unit),
        principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    Ok(unit)
}

/// A plan's progress table for one unit (and the units within it).
pub struct Progress {
    pub plan: Plan,
    pub unit: UnitKey,
    pub period: Option<Period>,
    pub as_of: NaiveDate,
    pub rows: Vec<vieclam_plans::ProgressRow>,
}

/// The progress of plan `id` for the caller: every target of `unit` (the
/// plan's, or the caller's own within it, by default) and the units within
/// it, within `period` if given, judged on `as_of` (today by default) —
/// the one path the API, the pages and the dashboard read progress by.
pub async fn progress_of(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &str,
    unit: Option<&str>,
    period: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<Progress, ApiError> {
    let plan = load_plan(state, caller, id).await?;
    let unit = progress_unit(state, &caller.principal, &plan, unit).await?;
    let period = period.map(parse_period).transpose()?;
    let as_of = as_of.unwrap_or_else(crate::vietnam_today);
    let codes: Vec<String> = plan.targets.iter().map(|t| t.indicator.clone()).collect();
    let values = figures(state.store.as_ref(), &codes, None).await?;
    let view = state.plans.read(STATISTICS_WAIT).await?;
    let (units, key) = (state.units.clone(), unit.clone());
    let (plan, rows) = crate::blocking::run(state, move || {
        let rows = vieclam_plans::progress::table(
            &plan,
            &units,
            &view.statistics,
            &values,
            &key,
            period,
            as_of,
        );
        (plan, rows)
    })
    .await?;
    Ok(Progress {
        plan,
        unit,
        period,
        as_of,
        rows,
    })
}

/// Fills the forecast line (`projection`) of the rows that can have one:
/// where each computed indicator is heading by the end of its target's
/// period (see `vieclam_forecast::progress`), computed off the async
/// threads from the statistics in force.
pub async fn project_rows(
    state: &crate::AppState,
    mut rows: Vec<vieclam_plans::ProgressRow>,
    as_of: NaiveDate,
) -> Result<Vec<vieclam_plans::ProgressRow>, ApiError> {
    let view = state.plans.read(STATISTICS_WAIT).await?;
    let units = state.units.clone();
    crate::blocking::run(state, move || {
        vieclam_forecast::progress::project(&mut rows, &view.statistics, &units, as_of);
        rows
    })
    .await
}

/// The month-by-month figures of `indicators` for one unit over `months`
/// (one row per indicator, one value per month, `None` where there is
/// nothing to compute from), and the register's headcount at the end of
/// each month — the dashboard's sparklines and trends. The figures are read
/// once and the months computed off the async threads. The caller has
/// checked who may read the unit's figures.
pub async fn monthly_series(
    state: &crate::AppState,
    indicators: &[&'static vieclam_plans::Indicator],
    unit: &UnitKey,
    months: &[vieclam_plans::Month],
) -> Result<MonthlySeries, ApiError> {
    let codes: Vec<String> = indicators
        .iter()
        .filter(|indicator| indicator.source != vieclam_plans::Source::Computed)
        .map(|indicator| indicator.code.clone())
        .collect();
    let values = if codes.is_empty() {
        Vec::new()
    } else {
        figures(state.store.as_ref(), &codes, None).await?
    };
    let view = state.plans.read(STATISTICS_WAIT).await?;
    let units = state.units.clone();
    let indicators = indicators.to_vec();
    let (unit, months) = (unit.clone(), months.to_vec());
    crate::blocking::run(state, move || {
        // The unit's totals of every month at once (each cell's rows read
        // once), then each month's figure from them.
        let first = months.iter().min().copied();
        let totals = match (first, months.iter().max()) {
            (Some(first), Some(&last)) => {
                view.statistics.monthly_totals(&units, &unit, first, last)
            }
            _ => Vec::new(),
        };
        let totals_of = |month: vieclam_plans::Month| {
            usize::try_from(month.0 - first?.0)
                .ok()
                .and_then(|index| totals.get(index))
        };
        let values_of = indicators
            .iter()
            .map(|indicator| {
                months
                    .iter()
                    .map(|month| match (indicator.source, totals_of(*month)) {
                        (vieclam_plans::Source::Computed, Some(totals)) => {
                            vieclam_plans::actuals::computed(indicator, totals).value
                        }
                        _ => {
                            vieclam_plans::actuals::actual(
                                indicator,
                                &view.statistics,
                                &values,
                                &units,
                                &unit,
                                Period::month(*month),
                            )
                            .value
                        }
                    })
                    .collect()
            })
            .collect();
        let registered = months
            .iter()
            .map(|month| {
                totals_of(*month)
                    .map(|totals| totals.get(vieclam_plans::cube::Measure::Registered, false))
                    .unwrap_or(0)
            })
            .collect();
        MonthlySeries {
            values: values_of,
            registered,
        }
    })
    .await
}

/// A progress table as the XLSX workbook shaped like the plan's own
/// tables (summary, appendix by unit, quarterly schedule), with its file
/// name: the API's download and the progress page's give the same file
/// for the same rows.
pub async fn progress_workbook(
    state: &crate::AppState,
    progress: Progress,
) -> Result<(String, Vec<u8>), ApiError> {
    let Progress {
        plan,
        unit,
        as_of,
        rows,
        ..
    } = progress;
    let (plan, written) = crate::blocking::run(state, move || {
        let written = vieclam_sheets::plans::progress_workbook(&plan, &rows, as_of);
        (plan, written)
    })
    .await?;
    let bytes = written.map_err(|error| {
        tracing::error!(error = %error, "progress workbook not written");
        ApiError::internal()
    })?;
    let file_name = format!("tien-do-{}-{}-{as_of}.xlsx", plan.id, unit.code);
    Ok((file_name, bytes))
}

/// The figure of one indicator for one unit over each of `periods` (a
/// trend: the months of a year), computed as progress computes actuals.
/// The caller has checked who may read the unit's figures.
pub async fn series(
    state: &crate::AppState,
    indicator: &'static vieclam_plans::Indicator,
    unit: UnitKey,
    periods: Vec<Period>,
    wait: Duration,
) -> Result<Vec<vieclam_plans::actuals::Actual>, ApiError> {
    let values = if indicator.source == vieclam_plans::Source::Computed {
        Vec::new()
    } else {
        figures(
            state.store.as_ref(),
            std::slice::from_ref(&indicator.code),
            None,
        )
        .await?
    };
    let inner = state.plans.read(wait).await?;
    let admin_units = state.units.clone();
    crate::blocking::run(state, move || {
        periods
            .iter()
            .map(|period| {
                vieclam_plans::actuals::actual(
                    indicator,
                    &inner.statistics,
                    &values,
                    &admin_units,
                    &unit,
                    *period,
                )
            })
            .collect()
    })
    .await
}

/// What [`monthly_series`] reads.
pub struct MonthlySeries {
    /// Per indicator, per month.
    pub values: Vec<Vec<Option<f64>>>,
    /// People in the register at the end of each month.
    pub registered: Vec<i64>,
}

/// Who may record a task's status and progress notes: officers (the
/// admin, province and unit officers) of the plan's unit or above.
pub fn may_update_tasks(
    units: &vieclam_domain::AdminUnits,
    principal: &Principal,
    plan: &Plan,
) -> Result<(), vieclam_domain::AccessError> {
    match principal.role {
        vieclam_domain::Role::Admin
        | vieclam_domain::Role::ProvinceOfficer
        | vieclam_domain::Role::UnitOfficer => principal.may_read_unit(units, &plan.unit),
        role => Err(vieclam_domain::AccessError::RoleNotAllowed(role)),
    }
}

/// A task's status now (the latest entry of its log; not started without
/// one) and its log, oldest first.
pub fn task_log<'a>(
    task: &vieclam_plans::Task,
    log: &'a [vieclam_store::TaskUpdate],
) -> (
    vieclam_store::TaskStatus,
    Vec<&'a vieclam_store::TaskUpdate>,
) {
    let entries: Vec<&vieclam_store::TaskUpdate> = log
        .iter()
        .filter(|u| u.group_no == task.group_no && u.task_no == task.task_no)
        .collect();
    let status = entries
        .last()
        .map_or(vieclam_store::TaskStatus::NotStarted, |u| u.status);
    (status, entries)
}

/// Records the status of task `group`.`number` of plan `id` (`status`:
/// not_started, in_progress, done or delayed) with an optional progress
/// note, for the API and the task matrix page alike: the plan must be one
/// the caller sees, the caller allowed by [`may_update_tasks`] (audited
/// either way), the task one of the plan's. Returns the plan and the
/// task's log after the change.
pub async fn update_task(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &str,
    group: &str,
    number: u32,
    status: &str,
    note: Option<String>,
) -> Result<(Plan, Vec<vieclam_store::TaskUpdate>), ApiError> {
    let account = caller.require_account()?;
    let plan = load_plan(state, caller, id).await?;
    let principal = &caller.principal;
    let decision = may_update_tasks(&state.units, principal, &plan);
    crate::scope::audit(
        state,
        principal,
        AuditAction::Update,
        AuditSubject {
            kind: "plan_task",
            id: format!("{id}:{group}:{number}"),
            unit: Some(&plan.unit),
        },
        &decision,
    )
    .await?;
    decision?;
    if !plan
        .tasks
        .iter()
        .any(|t| t.group_no == group && t.task_no == number)
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "task_not_found",
            format!("Kế hoạch {id} không có nhiệm vụ {group}.{number}"),
            format!("Plan {id} has no task {group}.{number}"),
        ));
    }
    let status = vieclam_store::TaskStatus::parse(status).ok_or_else(|| {
        ApiError::bad_request(
            format!(
                "Trạng thái {status:?} không hợp lệ: not_started, in_progress, done hoặc delayed"
            ),
            format!("Unknown status {status:?}: not_started, in_progress, done or delayed"),
        )
    })?;
    state
        .store
        .update_task(&vieclam_store::TaskUpdate {
            plan: plan.id.clone(),
            group_no: group.to_owned(),
            task_no: number,
            status,
            note: note.filter(|n| !n.trim().is_empty()),
            updated_by: Some(account.id),
            updated_at: chrono::Utc::now(),
        })
        .await?;
    let log = state.store.task_updates(&plan.id).await?;
    Ok((plan, log))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use vieclam_demo::CityGenerator;
    use vieclam_domain::registry::{EventSource, LabourEvent};
    use vieclam_store::{EventWrite, WorkerWrite};

    use super::*;

    /// The reference the column path is held to: every worker's timeline
    /// from its JSON profile and events, as the cube was built before the
    /// columns existed.
    async fn timelines_from_records(
        store: &dyn Store,
        units: &AdminUnits,
    ) -> (Cells, HashMap<i64, Timeline>) {
        let mut cells = Cells::default();
        let mut timelines = HashMap::new();
        let mut after = 0;
        loop {
            let page = store.workers_after(after, 500).await.unwrap();
            let Some(last) = page.last() else { break };
            after = last.id;
            for record in &page {
                let events = store.list_events(record.id).await.unwrap();
                let events: Vec<&EventRecord> = events.iter().collect();
                if let Some(timeline) = timeline(record, &events, &mut cells, units) {
                    timelines.insert(record.id, timeline);
                }
            }
        }
        (cells, timelines)
    }

    /// A timeline with its cells named, so that two builds compare
    /// whatever order they met the communes in.
    fn named(cells: &Cells, timeline: &Timeline) -> String {
        let facts = &timeline.facts;
        let mut text = format!(
            "{:?} {} {:?}",
            WorkerFacts { cell: 0, ..*facts },
            cells.key(facts.cell),
            facts.status
        );
        for event in timeline.events.iter() {
            text.push_str(&format!(
                " | {} {:?} {:?} {:?}",
                event.date,
                event.kind,
                event.cell.map(|cell| cells.key(cell).to_string()),
                event.status
            ));
        }
        text
    }

    /// The statistics built from the columns hold, for every worker, the
    /// timeline the JSON gives: workers and events written by every path
    /// (bulk import, one by one, an edit, an event added one by one).
    #[tokio::test]
    async fn the_columns_give_the_timelines_the_json_gives() {
        let folder = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", folder.path().join("facts.db").display());
        let store = vieclam_store::connect(&url).await.unwrap();
        let units = Arc::new(AdminUnits::embedded().unwrap());
        store.load_admin_units(&units).await.unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let city = CityGenerator::new(2026, &units, "01", today).unwrap();
        let workers: Vec<_> = (0..1_500).map(|index| city.worker(index)).collect();
        let writes: Vec<WorkerWrite<'_>> = workers
            .iter()
            .map(|worker| WorkerWrite {
                profile: &worker.profile,
                province_code: "01",
                registered_on: worker.registered_on,
                source: EventSource::UnitSurvey,
                actor: None,
            })
            .collect();
        store.import_workers(&writes, Utc::now()).await.unwrap();
        let citizen_ids: Vec<String> = workers
            .iter()
            .map(|worker| worker.profile.citizen_id.as_ref().unwrap().to_string())
            .collect();
        let events: Vec<EventWrite<'_>> = workers
            .iter()
            .zip(&citizen_ids)
            .flat_map(|(worker, citizen_id)| {
                worker.events.iter().map(|event| EventWrite {
                    citizen_id,
                    event,
                    province_code: "01",
                })
            })
            .collect();
        assert!(events.iter().any(|e| e.event.unit.is_some()), "no move");
        store.import_events(&events, Utc::now()).await.unwrap();
        // One by one: a new worker, an edit, an event.
        let extra = city.worker(5_000);
        let created = store
            .create_worker(
                WorkerWrite {
                    profile: &extra.profile,
                    province_code: "01",
                    registered_on: extra.registered_on,
                    source: EventSource::Exchange,
                    actor: None,
                },
                Utc::now(),
            )
            .await
            .unwrap();
        let mut edited = workers[3].profile.clone();
        edited.it_skill = None;
        edited.health_insurance = !edited.health_insurance;
        let first = store.workers_after(0, 5).await.unwrap();
        let target = &first[3];
        store
            .update_worker(
                target.id,
                WorkerWrite {
                    profile: &edited,
                    province_code: "01",
                    registered_on: workers[3].registered_on,
                    source: EventSource::UnitSurvey,
                    actor: None,
                },
                Utc::now(),
            )
            .await
            .unwrap();
        let moved = LabourEvent {
            unit: Some(UnitKey::parse("2025:10417", today).unwrap()),
            ..workers[7].events.first().cloned().unwrap_or_else(|| {
                workers
                    .iter()
                    .flat_map(|worker| worker.events.iter())
                    .find(|event| event.kind == EventKind::Moved)
                    .unwrap()
                    .clone()
            })
        };
        let moved = LabourEvent {
            kind: EventKind::Moved,
            date: today,
            ..moved
        };
        store
            .add_event(first[4].id, &moved, "01", None, Utc::now())
            .await
            .unwrap();

        let (reference_cells, reference) = timelines_from_records(store.as_ref(), &units).await;
        let (copy, n_workers) = build_statistics(store.clone(), units.clone())
            .await
            .unwrap();
        let statistics = copy.statistics.read().await;
        let timelines = copy.timelines.lock().unwrap();
        assert_eq!(n_workers as usize, reference.len());
        assert!(reference.contains_key(&created.id));
        assert_eq!(timelines.len(), reference.len());
        for (id, expected) in &reference {
            let built = timelines
                .get(id)
                .unwrap_or_else(|| panic!("worker {id} missing"));
            assert_eq!(
                named(&statistics.cells, built),
                named(&reference_cells, expected),
                "worker {id}"
            );
        }
    }
}
