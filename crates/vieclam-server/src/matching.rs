//! The matching side of the server: the open vacancies and the registered
//! workers in their matching form, kept live.
//!
//! - Each side is a [`Live`] copy: built from the store at start (and
//!   beside the copy in force when a rebuild is needed), swapped in
//!   atomically.
//! - A change to one worker or vacancy reaches the copy in force in the
//!   same request: its new form goes into a small index of changed
//!   records (`Changes`), and its old form in the large index stops
//!   counting. A search asks both and merges their best — the same answer
//!   as one index of every current form, since each holds the exact best
//!   of its own records. Past [`COMPACT_AFTER`] changes the large index is
//!   rebuilt beside (the changes replayed on it) and swapped in.
//! - The conversion to matching form and the index builds run on blocking
//!   threads, a page at a time.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vieclam_domain::registry::VacancyStatus;
use vieclam_domain::AdminUnits;
use vieclam_match::{Hit, Opening, OpeningIndex, Seeker, SeekerIndex, Weights};
use vieclam_store::{Area, Store, StoreError, VacancyRecord, WorkerRecord};

use crate::auth::Caller;
use crate::blocking::run_unbounded;
use crate::error::ApiError;
use crate::live::{BoxFuture, Generation, Live, Source, Ticket};
use crate::records::{load_checked, may_access_employer};
use crate::scope::{area_of, audit_returned, check_audited, AuditSubject};
use crate::views::{vacancy_not_found, ReasonView, VacancyView};
use crate::AppState;
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::audit::subject;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_match::{reasons, Viewer};

/// Changes held beside a large index before it is rebuilt with them.
pub const COMPACT_AFTER: usize = 4096;

/// How long a request waits for the first build after a start.
const FIRST_BUILD_WAIT: Duration = Duration::from_secs(30);

/// Where a worker lives: the residence (`structure:code`) and the 2025
/// province, for an officer's area.
#[derive(Clone, Debug, PartialEq)]
pub struct Home {
    pub residence: String,
    pub province: String,
}

impl Home {
    fn of(record: &WorkerRecord) -> Home {
        Home {
            residence: record.state.residence.to_string(),
            province: record.province_code.clone(),
        }
    }

    /// Whether this home lies in `area`.
    pub fn is_in(&self, area: &AreaSet) -> bool {
        match area {
            AreaSet::All => true,
            AreaSet::Province(code) => &self.province == code,
            AreaSet::Communes(communes) => communes.contains(&self.residence),
            AreaSet::Nothing => false,
        }
    }
}

/// The records changed since a large index was built: ids whose form in
/// the large index no longer counts, and the current form of each (none
/// for a record gone or no longer matchable), indexed on their own.
struct Changes<F, I> {
    superseded: HashSet<i64>,
    forms: BTreeMap<i64, F>,
    index: I,
}

/// Orders merged hits as one index would: higher score, then lower id.
fn merge_best<F>(mut hits: Vec<(Hit, F)>, k: usize, id: impl Fn(&F) -> i64) -> Vec<(Hit, F)> {
    hits.sort_by(|(a, fa), (b, fb)| {
        b.scored
            .score
            .total_cmp(&a.scored.score)
            .then(id(fa).cmp(&id(fb)))
    });
    hits.truncate(k);
    hits
}

/// The workers changed since the large index was built.
type SeekerChanges = Changes<(Seeker, Home), (SeekerIndex, Vec<Home>)>;

/// The registered workers in matching form, with their homes.
pub struct Seekers {
    index: SeekerIndex,
    /// By position in `index`.
    homes: Vec<Home>,
    changes: Mutex<Arc<SeekerChanges>>,
}

impl Seekers {
    /// Seekers from their forms, in id order.
    pub fn new(forms: Vec<(Seeker, Home)>) -> Seekers {
        let (seekers, homes): (Vec<Seeker>, Vec<Home>) = forms.into_iter().unzip();
        Seekers {
            index: SeekerIndex::new(seekers),
            homes,
            changes: Mutex::new(Arc::new(Changes {
                superseded: HashSet::new(),
                forms: BTreeMap::new(),
                index: (SeekerIndex::new(Vec::new()), Vec::new()),
            })),
        }
    }

    fn changes(&self) -> Arc<SeekerChanges> {
        self.changes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts the current form of worker `id` in force (`None`: gone).
    /// Returns how many changes are held beside the large index.
    pub fn put(&self, id: i64, form: Option<(Seeker, Home)>) -> usize {
        let mut guard = self.changes.lock().unwrap_or_else(|p| p.into_inner());
        let mut superseded = guard.superseded.clone();
        let mut forms = guard.forms.clone();
        superseded.insert(id);
        match form {
            Some(form) => forms.insert(id, form),
            None => forms.remove(&id),
        };
        let (seekers, homes): (Vec<Seeker>, Vec<Home>) = forms.values().cloned().unzip();
        let n_changes = superseded.len();
        *guard = Arc::new(Changes {
            superseded,
            forms,
            index: (SeekerIndex::new(seekers), homes),
        });
        n_changes
    }

    /// How many workers are held.
    pub fn len(&self) -> usize {
        let changes = self.changes();
        let in_base = (0..self.index.len())
            .filter_map(|position| self.index.get(position))
            .filter(|seeker| !changes.superseded.contains(&seeker.id))
            .count();
        in_base + changes.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `k` workers for `opening` among those `admit` lets
    /// through, best first, with their forms.
    pub fn top_for(
        &self,
        opening: &Opening,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
        admit: impl Fn(&Seeker, &Home) -> bool,
    ) -> Vec<(Hit, Seeker)> {
        let changes = self.changes();
        let superseded = &changes.superseded;
        let mut hits: Vec<(Hit, Seeker)> = self
            .index
            .top_for(opening, k, weights, viewer, |position, seeker| {
                (superseded.is_empty() || !superseded.contains(&seeker.id))
                    && self
                        .homes
                        .get(position)
                        .is_some_and(|home| admit(seeker, home))
            })
            .into_iter()
            .filter_map(|hit| Some((hit, self.index.get(hit.index)?.clone())))
            .collect();
        let (index, homes) = &changes.index;
        hits.extend(
            index
                .top_for(opening, k, weights, viewer, |position, seeker| {
                    homes.get(position).is_some_and(|home| admit(seeker, home))
                })
                .into_iter()
                .filter_map(|hit| Some((hit, index.get(hit.index)?.clone()))),
        );
        merge_best(hits, k, |seeker| seeker.id)
    }
}

/// The open vacancies in matching form.
pub struct Openings {
    index: OpeningIndex,
    changes: Mutex<Arc<Changes<Opening, OpeningIndex>>>,
}

impl Openings {
    pub fn new(openings: Vec<Opening>) -> Openings {
        Openings {
            index: OpeningIndex::new(openings),
            changes: Mutex::new(Arc::new(Changes {
                superseded: HashSet::new(),
                forms: BTreeMap::new(),
                index: OpeningIndex::new(Vec::new()),
            })),
        }
    }

    fn changes(&self) -> Arc<Changes<Opening, OpeningIndex>> {
        self.changes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts the current form of vacancy `id` in force (`None`: gone or
    /// no longer open). Returns how many changes are held beside.
    pub fn put(&self, id: i64, form: Option<Opening>) -> usize {
        let mut guard = self.changes.lock().unwrap_or_else(|p| p.into_inner());
        let mut superseded = guard.superseded.clone();
        let mut forms = guard.forms.clone();
        superseded.insert(id);
        match form {
            Some(form) => forms.insert(id, form),
            None => forms.remove(&id),
        };
        let n_changes = superseded.len();
        let index = OpeningIndex::new(forms.values().cloned().collect());
        *guard = Arc::new(Changes {
            superseded,
            forms,
            index,
        });
        n_changes
    }

    /// The best `k` open vacancies for `seeker`, best first.
    pub fn top_for(
        &self,
        seeker: &Seeker,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
    ) -> Vec<(Hit, Opening)> {
        let changes = self.changes();
        let superseded = &changes.superseded;
        let mut hits: Vec<(Hit, Opening)> = self
            .index
            .top_for_where(seeker, k, weights, viewer, |opening| {
                superseded.is_empty() || !superseded.contains(&opening.id)
            })
            .into_iter()
            .filter_map(|hit| Some((hit, self.index.get(hit.index)?.clone())))
            .collect();
        hits.extend(
            changes
                .index
                .top_for(seeker, k, weights, viewer)
                .into_iter()
                .filter_map(|hit| Some((hit, changes.index.get(hit.index)?.clone()))),
        );
        merge_best(hits, k, |opening| opening.id)
    }
}

/// A store `Area` ready for membership tests.
pub enum AreaSet {
    All,
    Province(String),
    Communes(HashSet<String>),
    Nothing,
}

impl From<Area> for AreaSet {
    fn from(area: Area) -> AreaSet {
        match area {
            Area::All => AreaSet::All,
            Area::Province(code) => AreaSet::Province(code),
            Area::Units(units) => {
                AreaSet::Communes(units.iter().map(ToString::to_string).collect())
            }
            Area::Nothing => AreaSet::Nothing,
        }
    }
}

/// The live matching forms and the weights in force.
pub struct MatchEngine {
    pub weights: Weights,
    openings: Arc<Live<Openings>>,
    seekers: Arc<Live<Seekers>>,
}

impl Default for MatchEngine {
    fn default() -> MatchEngine {
        MatchEngine::with_weights(Weights::default())
    }
}

/// Why the matching forms could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A step on a blocking thread panicked.
    #[error("a blocking step failed: {0}")]
    Blocking(String),
    /// The first build after a start has not ended yet.
    #[error("the matching forms are still being built")]
    NotReady,
}

impl From<MatchError> for crate::error::ApiError {
    fn from(error: MatchError) -> crate::error::ApiError {
        match error {
            MatchError::Store(error) => error.into(),
            MatchError::Blocking(message) => {
                tracing::error!(panic = %message, "matching forms not built");
                crate::error::ApiError::internal()
            }
            MatchError::NotReady => crate::error::ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "matching_not_ready",
                "Dữ liệu gợi ý việc làm đang được chuẩn bị sau khi khởi động; vui lòng thử lại sau ít phút",
                "Matching is still being prepared after start; try again in a few minutes",
            ),
        }
    }
}

impl std::fmt::Debug for MatchEngine {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("MatchEngine")
    }
}

const PAGE: u32 = 5000;

/// A vacancy's matching form, if it is open today.
fn opening_form(units: &AdminUnits, record: &VacancyRecord) -> Option<Opening> {
    (record.posting.status_on(crate::vietnam_today()) == VacancyStatus::Open)
        .then(|| Opening::of(units, record.id, &record.posting))
}

fn seeker_form(units: &AdminUnits, record: &WorkerRecord) -> (Seeker, Home) {
    (
        Seeker::of(units, record.id, &record.profile, &record.state),
        Home::of(record),
    )
}

struct OpeningSource {
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
}

/// How a record becomes its matching form (`None`: left out).
type FormOf<R, F> = Arc<dyn Fn(&R) -> Option<F> + Send + Sync>;

/// The forms of every record of a register, read a page at a time
/// (`read(after)`, by id) and converted on a blocking thread; `form`
/// leaves out a record with `None`.
async fn forms_in_pages<R, F, Fut>(
    read: impl Fn(i64) -> Fut,
    id: fn(&R) -> i64,
    form: FormOf<R, F>,
) -> Result<Vec<F>, String>
where
    R: Send + 'static,
    F: Send + 'static,
    Fut: std::future::Future<Output = Result<Vec<R>, StoreError>>,
{
    let mut forms = Vec::new();
    let mut after = 0;
    loop {
        let page = read(after).await.map_err(|error| error.to_string())?;
        let next = match page.last() {
            Some(last) if page.len() == PAGE as usize => Some(id(last)),
            _ => None,
        };
        let form = form.clone();
        forms = run_unbounded(move || {
            forms.extend(page.iter().filter_map(|record| form(record)));
            forms
        })
        .await?;
        match next {
            Some(last) => after = last,
            None => return Ok(forms),
        }
    }
}

/// Every vacancy open today, in matching form, read from the store a page
/// at a time (the command line builds once; the server through [`Live`]).
pub async fn build_openings(
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
) -> Result<Openings, String> {
    let openings = forms_in_pages(
        |after| store.vacancies_after(after, PAGE),
        |record: &VacancyRecord| record.id,
        Arc::new(move |record| opening_form(&units, record)),
    )
    .await?;
    run_unbounded(move || Openings::new(openings)).await
}

impl Source<Openings> for OpeningSource {
    fn build(&self) -> BoxFuture<Result<Openings, String>> {
        Box::pin(build_openings(self.store.clone(), self.units.clone()))
    }

    fn replay(
        &self,
        generation: Arc<Generation<Openings>>,
        ids: Vec<i64>,
        ticket: Ticket,
    ) -> BoxFuture<Result<(), String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let mut records = Vec::with_capacity(ids.len());
            for id in ids {
                let record = store.get_vacancy(id).await.map_err(|e| e.to_string())?;
                records.push((id, record));
            }
            run_unbounded(move || {
                for (id, record) in records {
                    let form = record.and_then(|record| opening_form(&units, &record));
                    generation.apply(ticket, id, |openings| openings.put(id, form));
                }
            })
            .await
        })
    }
}

struct SeekerSource {
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
}

/// Every registered worker in matching form, read from the store a page
/// at a time.
pub async fn build_seekers(
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
) -> Result<Seekers, String> {
    let forms = forms_in_pages(
        |after| store.workers_after(after, PAGE),
        |record: &WorkerRecord| record.id,
        Arc::new(move |record| Some(seeker_form(&units, record))),
    )
    .await?;
    run_unbounded(move || Seekers::new(forms)).await
}

impl Source<Seekers> for SeekerSource {
    fn build(&self) -> BoxFuture<Result<Seekers, String>> {
        Box::pin(build_seekers(self.store.clone(), self.units.clone()))
    }

    fn replay(
        &self,
        generation: Arc<Generation<Seekers>>,
        ids: Vec<i64>,
        ticket: Ticket,
    ) -> BoxFuture<Result<(), String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let mut records = Vec::with_capacity(ids.len());
            for id in ids {
                let record = store.get_worker(id).await.map_err(|e| e.to_string())?;
                records.push((id, record));
            }
            run_unbounded(move || {
                for (id, record) in records {
                    let form = record.map(|record| seeker_form(&units, &record));
                    generation.apply(ticket, id, |seekers| seekers.put(id, form));
                }
            })
            .await
        })
    }
}

impl MatchEngine {
    /// An engine with the given weights (from configuration).
    pub fn with_weights(weights: Weights) -> MatchEngine {
        MatchEngine {
            weights,
            openings: Arc::new(Live::empty("matching openings")),
            seekers: Arc::new(Live::empty("matching seekers")),
        }
    }

    /// The rebuild machinery of each side (tests count builds through it).
    pub fn live_seekers(&self) -> &Arc<Live<Seekers>> {
        &self.seekers
    }

    pub fn live_openings(&self) -> &Arc<Live<Openings>> {
        &self.openings
    }

    /// Builds the vacancies' side beside the copy in force (at start, on a
    /// new day, after a bulk change); returns the rebuild to wait for.
    pub fn request_openings_rebuild(&self, store: Arc<dyn Store>, units: Arc<AdminUnits>) -> u64 {
        self.openings
            .request_rebuild(Arc::new(OpeningSource { store, units }))
    }

    /// Builds the workers' side beside the copy in force.
    pub fn request_seekers_rebuild(&self, store: Arc<dyn Store>, units: Arc<AdminUnits>) -> u64 {
        self.seekers
            .request_rebuild(Arc::new(SeekerSource { store, units }))
    }

    /// Every open vacancy, in matching form: the copy in force, or the
    /// first build (waited for a while).
    pub async fn openings(
        &self,
        store: &Arc<dyn Store>,
        units: &Arc<AdminUnits>,
    ) -> Result<Arc<Generation<Openings>>, MatchError> {
        if let Some(generation) = self.openings.snapshot() {
            return Ok(generation);
        }
        self.openings.request_build_if_idle(Arc::new(OpeningSource {
            store: store.clone(),
            units: units.clone(),
        }));
        self.openings
            .wait_ready(FIRST_BUILD_WAIT)
            .await
            .ok_or(MatchError::NotReady)
    }

    /// Every registered worker, in matching form.
    pub async fn seekers(
        &self,
        store: &Arc<dyn Store>,
        units: &Arc<AdminUnits>,
    ) -> Result<Arc<Generation<Seekers>>, MatchError> {
        if let Some(generation) = self.seekers.snapshot() {
            return Ok(generation);
        }
        self.seekers.request_build_if_idle(Arc::new(SeekerSource {
            store: store.clone(),
            units: units.clone(),
        }));
        self.seekers
            .wait_ready(FIRST_BUILD_WAIT)
            .await
            .ok_or(MatchError::NotReady)
    }

    /// Brings the workers' side in step with worker `id` after a change:
    /// in place, in the calling request.
    pub async fn follow_worker(
        &self,
        store: &Arc<dyn Store>,
        units: &Arc<AdminUnits>,
        id: i64,
    ) -> Result<(), MatchError> {
        let ticket = self.seekers.ticket(id);
        let record = store.get_worker(id).await?;
        let (live, units_) = (self.seekers.clone(), units.clone());
        let n_changes = run_unbounded(move || {
            let form = record.map(|record| seeker_form(&units_, &record));
            live.apply(ticket, id, |seekers| seekers.put(id, form))
        })
        .await
        .map_err(MatchError::Blocking)?;
        if n_changes.is_some_and(|n| n > COMPACT_AFTER) {
            self.request_seekers_rebuild(store.clone(), units.clone());
        }
        Ok(())
    }

    /// Brings the vacancies' side in step with vacancy `id`.
    pub async fn follow_vacancy(
        &self,
        store: &Arc<dyn Store>,
        units: &Arc<AdminUnits>,
        id: i64,
    ) -> Result<(), MatchError> {
        let ticket = self.openings.ticket(id);
        let record = store.get_vacancy(id).await?;
        let (live, units_) = (self.openings.clone(), units.clone());
        let n_changes = run_unbounded(move || {
            let form = record.and_then(|record| opening_form(&units_, &record));
            live.apply(ticket, id, |openings| openings.put(id, form))
        })
        .await
        .map_err(MatchError::Blocking)?;
        if n_changes.is_some_and(|n| n > COMPACT_AFTER) {
            self.request_openings_rebuild(store.clone(), units.clone());
        }
        Ok(())
    }
}

#[derive(Serialize, ToSchema)]
pub struct Recommendation {
    pub score: f32,
    pub reasons: Vec<ReasonView>,
    pub vacancy: VacancyView,
}

/// A worker proposed for a vacancy: what the match rests on, no contact
/// details (the exchange makes the contact).
#[derive(Serialize, ToSchema)]
pub struct Candidate {
    pub worker_id: i64,
    pub full_name: String,
    /// Occupation codes held or wanted, best first.
    pub occupations: Vec<String>,
    pub qualification: String,
    pub skills: Vec<String>,
    /// The 2025 commune of residence.
    pub commune: String,
    pub score: f32,
    pub reasons: Vec<ReasonView>,
}

/// The best open vacancies for a worker with their reasons: the worker
/// themself, or an officer of their area (audited by `load_checked`).
pub async fn recommendations_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    k: usize,
) -> Result<Vec<Recommendation>, ApiError> {
    let state = state.clone();
    let record = load_checked(&state, caller, id, AuditAction::Read).await?;
    let viewer = if caller.principal.role == Role::Worker {
        Viewer::Worker
    } else {
        Viewer::Officer
    };
    let seeker = Seeker::of(&state.units, record.id, &record.profile, &record.state);
    let openings = state.matching.openings(&state.store, &state.units).await?;
    let weights = state.matching.weights.clone();
    let (hits, seeker) = crate::blocking::run(&state, move || {
        let hits = openings.value.top_for(&seeker, k, &weights, viewer);
        (hits, seeker)
    })
    .await?;
    let mut found = Vec::with_capacity(hits.len());
    for (hit, opening) in hits {
        if let Some(vacancy) = state.store.get_vacancy(opening.id).await? {
            found.push(Recommendation {
                score: hit.scored.score,
                reasons: reasons(&seeker, &opening, &hit.scored)
                    .into_iter()
                    .map(ReasonView::from)
                    .collect(),
                vacancy: vacancy.into(),
            });
        }
    }
    Ok(found)
}

/// The best workers for a vacancy with their reasons: its employer sees
/// only workers who consented; officers the workers of their area. The
/// trail names every person shown.
pub async fn candidates_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    k: usize,
) -> Result<Vec<Candidate>, ApiError> {
    let state = state.clone();
    caller.require_account()?;
    let principal = &caller.principal;
    let record = state
        .store
        .get_vacancy(id)
        .await?
        .ok_or_else(|| vacancy_not_found(id))?;
    let (decision, viewer, area) = match principal.role {
        Role::Employer => (
            may_access_employer(
                &state,
                principal,
                Some(record.posting.employer_id),
                &record.posting.work_unit,
                false,
            )
            .await?,
            Viewer::Employer,
            AreaSet::All,
        ),
        role if role.reads_personal_records() => (
            Ok(()),
            Viewer::Officer,
            AreaSet::from(area_of(&state, principal, true)),
        ),
        role => (
            Err(AccessError::RoleNotAllowed(role)),
            Viewer::Employer,
            AreaSet::Nothing,
        ),
    };
    check_audited(
        &state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::WORKER,
            id: format!("candidates:{id}"),
            unit: Some(&record.posting.work_unit),
        },
        decision,
    )
    .await?;
    let opening = vieclam_match::Opening::of(&state.units, record.id, &record.posting);
    let seekers = state.matching.seekers(&state.store, &state.units).await?;
    let weights = state.matching.weights.clone();
    let (hits, opening) = crate::blocking::run(&state, move || {
        let hits = seekers
            .value
            .top_for(&opening, k, &weights, viewer, |seeker, home| {
                // Consent for an employer; the area for an officer.
                match viewer {
                    Viewer::Employer => seeker.consent,
                    _ => home.is_in(&area),
                }
            });
        (hits, opening)
    })
    .await?;
    let mut found = Vec::with_capacity(hits.len());
    for (hit, seeker) in hits {
        let Some(worker) = state.store.get_worker(seeker.id).await? else {
            continue;
        };
        if viewer == Viewer::Employer && !worker.profile.consent_share_with_employers {
            continue;
        }
        found.push(Candidate {
            worker_id: worker.id,
            full_name: worker.profile.full_name.as_str().to_owned(),
            occupations: seeker.occupations.iter().map(|(o, _)| o.code()).collect(),
            qualification: worker.profile.qualification.as_str().to_owned(),
            skills: worker.profile.skills.clone(),
            commune: seeker.home.commune_name.to_string(),
            score: hit.scored.score,
            reasons: reasons(&seeker, &opening, &hit.scored)
                .into_iter()
                .map(ReasonView::from)
                .collect(),
        });
    }
    // The trail names every person the list showed.
    let ids: Vec<i64> = found.iter().map(|candidate| candidate.worker_id).collect();
    audit_returned(
        &state,
        principal,
        subject::WORKER,
        &format!("candidates:{id}"),
        &ids,
    )
    .await?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rand::{Rng, SeedableRng};
    use vieclam_domain::registry::OccupationCode;
    use vieclam_match::market::generate;

    use super::*;

    fn lookup() -> impl Fn(&str) -> Option<OccupationCode> {
        let titles: HashMap<String, String> = csv::Reader::from_reader(
            include_str!("../../../data/occupations/titles-vi.csv").as_bytes(),
        )
        .records()
        .flatten()
        .map(|r| (vieclam_text::folded_words(&r[1]), r[0].to_owned()))
        .collect();
        move |title: &str| {
            titles
                .get(&vieclam_text::folded_words(title))
                .and_then(|code| OccupationCode::parse(code).ok())
        }
    }

    fn home(n: i64) -> Home {
        Home {
            residence: format!("2025:{:05}", n % 7),
            province: "01".to_owned(),
        }
    }

    /// Changes held beside the large index answer as one index built
    /// from every current form would: the same records, the same scores,
    /// in the same order, for random edits, removals and additions.
    #[test]
    fn changes_beside_the_index_answer_as_a_rebuilt_index() {
        let units = AdminUnits::embedded().unwrap();
        let market = generate(&units, "01", 5, 300, 2, lookup());
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let weights = Weights::default();
        let mut seekers: BTreeMap<i64, (Seeker, Home)> = market
            .seekers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut s = s.clone();
                s.id = i as i64 + 1;
                (s.id, (s, home(i as i64)))
            })
            .collect();
        let mut openings: BTreeMap<i64, Opening> = market
            .openings
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let mut o = o.clone();
                o.id = i as i64 + 1;
                (o.id, o)
            })
            .collect();
        let live_seekers = Seekers::new(seekers.values().cloned().collect());
        let live_openings = Openings::new(openings.values().cloned().collect());
        let n_seekers = seekers.len() as i64;
        let n_openings = openings.len() as i64;
        for step in 0..200 {
            // A change: another record's form under this id, or none.
            let id = rng.gen_range(1..=n_seekers + 20);
            let form = (rng.gen_range(0..4) != 0).then(|| {
                let donor = rng.gen_range(0..market.seekers.len());
                let mut s = market.seekers[donor].clone();
                s.id = id;
                s.consent = rng.gen_bool(0.7);
                (s, home(donor as i64 + step))
            });
            match &form {
                Some(form) => seekers.insert(id, form.clone()),
                None => seekers.remove(&id),
            };
            live_seekers.put(id, form);
            let id = rng.gen_range(1..=n_openings + 20);
            let form = (rng.gen_range(0..4) != 0).then(|| {
                let mut o = market.openings[rng.gen_range(0..market.openings.len())].clone();
                o.id = id;
                o
            });
            match &form {
                Some(form) => openings.insert(id, form.clone()),
                None => openings.remove(&id),
            };
            live_openings.put(id, form);
        }
        let rebuilt_seekers = Seekers::new(seekers.values().cloned().collect());
        let rebuilt_openings = Openings::new(openings.values().cloned().collect());
        let area = AreaSet::Communes(HashSet::from(["2025:00003".to_owned()]));
        let key = |hits: Vec<(Hit, i64)>| -> Vec<(i64, u32)> {
            hits.into_iter()
                .map(|(hit, id)| (id, hit.scored.score.to_bits()))
                .collect()
        };
        for opening in market.openings.iter().take(40) {
            for viewer in [Viewer::Employer, Viewer::Officer] {
                let admit = |seeker: &Seeker, home: &Home| match viewer {
                    Viewer::Employer => seeker.consent,
                    _ => home.is_in(&area),
                };
                let ask = |set: &Seekers| {
                    key(set
                        .top_for(opening, 10, &weights, viewer, admit)
                        .into_iter()
                        .map(|(hit, seeker)| (hit, seeker.id))
                        .collect())
                };
                assert_eq!(ask(&live_seekers), ask(&rebuilt_seekers));
            }
        }
        for seeker in market.seekers.iter().take(40) {
            let ask = |set: &Openings| {
                key(set
                    .top_for(seeker, 10, &weights, Viewer::Worker)
                    .into_iter()
                    .map(|(hit, opening)| (hit, opening.id))
                    .collect())
            };
            assert_eq!(ask(&live_openings), ask(&rebuilt_openings));
        }
        assert_eq!(live_seekers.len(), seekers.len());
    }
}
