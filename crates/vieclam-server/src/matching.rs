//! The matching side of the server: the open vacancies and the registered
//! workers in their matching form, built from the store when first asked
//! and built again after a change (each change drops the cached form; the
//! next request pays for the rebuild).
//!
//! The conversion to matching form and the index build run on blocking
//! threads, a page at a time. A form built while a change dropped the
//! cache answers the request that built it but is not cached: the next
//! request builds one that holds the change.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use vieclam_domain::registry::VacancyStatus;
use vieclam_domain::AdminUnits;
use vieclam_match::{Opening, OpeningIndex, Seeker, SeekerIndex, Weights};
use vieclam_store::{Area, Store, StoreError};

use crate::auth::Caller;
use crate::blocking::run_unbounded;
use crate::error::ApiError;
use crate::records::{load_checked, may_access_employer};
use crate::scope::{area_of, audit_returned, check_audited, AuditSubject};
use crate::views::{vacancy_not_found, ReasonView, VacancyView};
use crate::AppState;
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::audit::subject;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_match::{reasons, Viewer};

/// The workers in matching form, with where each lives (for the area).
pub struct Seekers {
    pub index: SeekerIndex,
    /// By position in `index`: the residence (`structure:code`) and the
    /// 2025 province of each worker.
    pub homes: Vec<(String, String)>,
}

impl Seekers {
    /// Whether the seeker at `position` lives in `area`.
    pub fn admits(&self, area: &AreaSet, position: usize) -> bool {
        let Some((residence, province)) = self.homes.get(position) else {
            return false;
        };
        match area {
            AreaSet::All => true,
            AreaSet::Province(code) => province == code,
            AreaSet::Communes(communes) => communes.contains(residence),
            AreaSet::Nothing => false,
        }
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

/// The cached matching forms and the weights in force.
#[derive(Default)]
pub struct MatchEngine {
    pub weights: Weights,
    openings: Mutex<Option<Arc<OpeningIndex>>>,
    seekers: Mutex<Option<Arc<Seekers>>>,
    /// How many times each cache was dropped: a build caches its result
    /// only if no drop happened while it read the store.
    vacancy_changes: AtomicU64,
    worker_changes: AtomicU64,
}

/// Why the matching forms could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A step on a blocking thread panicked.
    #[error("a blocking step failed: {0}")]
    Blocking(String),
}

impl From<MatchError> for crate::error::ApiError {
    fn from(error: MatchError) -> crate::error::ApiError {
        match error {
            MatchError::Store(error) => error.into(),
            MatchError::Blocking(message) => {
                tracing::error!(panic = %message, "matching forms not built");
                crate::error::ApiError::internal()
            }
        }
    }
}

impl std::fmt::Debug for MatchEngine {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("MatchEngine")
    }
}

const PAGE: u32 = 5000;

impl MatchEngine {
    /// An engine with the given weights (from configuration).
    pub fn with_weights(weights: Weights) -> MatchEngine {
        MatchEngine {
            weights,
            ..MatchEngine::default()
        }
    }

    pub fn forget_vacancies(&self) {
        let mut openings = self.openings.lock().unwrap_or_else(|p| p.into_inner());
        self.vacancy_changes.fetch_add(1, Ordering::SeqCst);
        *openings = None;
    }

    pub fn forget_workers(&self) {
        let mut seekers = self.seekers.lock().unwrap_or_else(|p| p.into_inner());
        self.worker_changes.fetch_add(1, Ordering::SeqCst);
        *seekers = None;
    }

    /// Every open vacancy, in matching form.
    pub async fn openings(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
    ) -> Result<Arc<OpeningIndex>, MatchError> {
        if let Some(index) = self
            .openings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(index);
        }
        let changes = self.vacancy_changes.load(Ordering::SeqCst);
        let today = crate::vietnam_today();
        let mut openings = Vec::new();
        let mut after = 0;
        loop {
            let page = store.vacancies_after(after, PAGE).await?;
            let next = match page.last() {
                Some(last) if page.len() == PAGE as usize => Some(last.id),
                _ => None,
            };
            let units = units.clone();
            openings = run_unbounded(move || {
                openings.extend(
                    page.iter()
                        .filter(|record| record.posting.status_on(today) == VacancyStatus::Open)
                        .map(|record| Opening::of(&units, record.id, &record.posting)),
                );
                openings
            })
            .await
            .map_err(MatchError::Blocking)?;
            match next {
                Some(last) => after = last,
                None => break,
            }
        }
        let index = Arc::new(
            run_unbounded(move || OpeningIndex::new(openings))
                .await
                .map_err(MatchError::Blocking)?,
        );
        let mut cached = self.openings.lock().unwrap_or_else(|p| p.into_inner());
        if self.vacancy_changes.load(Ordering::SeqCst) == changes {
            *cached = Some(index.clone());
        }
        Ok(index)
    }

    /// Every registered worker, in matching form.
    pub async fn seekers(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
    ) -> Result<Arc<Seekers>, MatchError> {
        if let Some(seekers) = self
            .seekers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(seekers);
        }
        let changes = self.worker_changes.load(Ordering::SeqCst);
        let mut seekers = Vec::new();
        let mut homes = Vec::new();
        let mut after = 0;
        loop {
            let page = store.workers_after(after, PAGE).await?;
            let next = match page.last() {
                Some(last) if page.len() == PAGE as usize => Some(last.id),
                _ => None,
            };
            let units = units.clone();
            (seekers, homes) = run_unbounded(move || {
                for record in &page {
                    seekers.push(Seeker::of(
                        &units,
                        record.id,
                        &record.profile,
                        &record.state,
                    ));
                    homes.push((
                        record.state.residence.to_string(),
                        record.province_code.clone(),
                    ));
                }
                (seekers, homes)
            })
            .await
            .map_err(MatchError::Blocking)?;
            match next {
                Some(last) => after = last,
                None => break,
            }
        }
        let seekers = Arc::new(
            run_unbounded(move || Seekers {
                index: SeekerIndex::new(seekers),
                homes,
            })
            .await
            .map_err(MatchError::Blocking)?,
        );
        let mut cached = self.seekers.lock().unwrap_or_else(|p| p.into_inner());
        if self.worker_changes.load(Ordering::SeqCst) == changes {
            *cached = Some(seekers.clone());
        }
        Ok(seekers)
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
    let openings = state
        .matching
        .openings(state.store.as_ref(), &state.units)
        .await?;
    let weights = state.matching.weights.clone();
    let (hits, seeker, openings) = crate::blocking::run(&state, move || {
        let hits = openings.top_for(&seeker, k, &weights, viewer);
        (hits, seeker, openings)
    })
    .await?;
    let mut found = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(opening) = openings.get(hit.index) else {
            continue;
        };
        if let Some(vacancy) = state.store.get_vacancy(opening.id).await? {
            found.push(Recommendation {
                score: hit.scored.score,
                reasons: reasons(&seeker, opening, &hit.scored)
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
    let seekers = state
        .matching
        .seekers(state.store.as_ref(), &state.units)
        .await?;
    let weights = state.matching.weights.clone();
    let (hits, seekers, opening) = crate::blocking::run(&state, move || {
        let hits = seekers
            .index
            .top_for(&opening, k, &weights, viewer, |position, seeker| {
                // Consent for an employer; the area for an officer.
                match viewer {
                    Viewer::Employer => seeker.consent,
                    _ => seekers.admits(&area, position),
                }
            });
        (hits, seekers, opening)
    })
    .await?;
    let mut found = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(seeker) = seekers.index.get(hit.index) else {
            continue;
        };
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
            reasons: reasons(seeker, &opening, &hit.scored)
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
