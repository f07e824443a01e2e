//! Pre-matching when a session's registration closes: each registered
//! worker gets the session's vacancies ranked with reasons, each employer
//! its registered candidates. Registering for a session is consent to be
//! shown to that session's employers, for that session only. The one path
//! of the API's pre-match routes and the exchange's pre-match pages.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::audit::subject as record_subject;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_exchange::prematch::{worker_sheet, PrematchSession, PrematchVacancy};
use vieclam_exchange::{Party, SessionStatus};
use vieclam_match::{pre_match, reasons, Opening, OpeningIndex, Seeker, SeekerIndex, Viewer};
use vieclam_store::exchange::{RegistrationRecord, SessionRecord};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{
    accepted_registrations, check_session, load_session, load_venue, session_field, subject,
    vietnam_now, SessionAccess, SessionField,
};
use crate::paging::{Paging, PagingRule};
use crate::records::{own_employer, own_worker};
use crate::scope::{audit_returned, check_audited, AuditSubject};
use crate::AppState;

/// A vacancy ranked for a worker.
#[derive(Serialize, ToSchema)]
pub struct RankedVacancy {
    pub rank: u32,
    pub vacancy_id: i64,
    pub title: String,
    pub employer_id: i64,
    pub employer: String,
    pub booth: Option<u32>,
    pub score: f32,
    pub reasons: Vec<crate::views::ReasonView>,
}

/// A worker's ranked vacancies.
#[derive(Serialize, ToSchema)]
pub struct WorkerPrematch {
    pub worker_id: i64,
    pub full_name: String,
    pub vacancies: Vec<RankedVacancy>,
}

/// A candidate ranked for a vacancy.
#[derive(Serialize, ToSchema)]
pub struct RankedCandidate {
    pub rank: u32,
    pub worker_id: i64,
    pub full_name: String,
    pub score: f32,
    pub reasons: Vec<crate::views::ReasonView>,
}

/// A vacancy's ranked candidates among the session's workers.
#[derive(Serialize, ToSchema)]
pub struct VacancyPrematch {
    pub vacancy_id: i64,
    pub title: String,
    pub employer_id: i64,
    pub booth: Option<u32>,
    pub candidates: Vec<RankedCandidate>,
}

/// A session's pre-matching, as far as the caller may see it.
#[derive(Serialize, ToSchema)]
pub struct Prematch {
    pub session_id: i64,
    /// Registered workers (accepted), in all.
    pub n_workers: usize,
    /// Vacancies brought by employers with a booth, in all.
    pub n_vacancies: usize,
    pub workers: Vec<WorkerPrematch>,
    pub vacancies: Vec<VacancyPrematch>,
}

/// Who the caller is to a session's pre-matching.
enum Viewpoint {
    /// Runs or follows it: everything.
    Staff,
    Worker(i64),
    Employer(i64),
}

async fn accepted(
    state: &AppState,
    session: i64,
    party: Party,
) -> Result<Vec<RegistrationRecord>, ApiError> {
    Ok(accepted_registrations(state.store.as_ref(), session, party).await?)
}

/// Pre-matching waits for registration to close: the session runs (or is
/// over), or its registration window has ended.
fn check_closed(session: &SessionRecord) -> Result<(), ApiError> {
    let closed = matches!(
        session.status,
        SessionStatus::Running | SessionStatus::Closed | SessionStatus::Reported
    ) || (session.status == SessionStatus::Open
        && session
            .session
            .registration_closes
            .is_some_and(|closes| closes <= vietnam_now()));
    if closed {
        Ok(())
    } else {
        Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "registration_still_open",
            format!(
                "Chỉ ghép nối sau khi phiên đóng đăng ký (trạng thái: {})",
                session.status.name_vi()
            ),
            format!(
                "Pre-matching comes once the session's registration closes (status: {})",
                session.status.as_str()
            ),
        ))
    }
}

async fn viewpoint(
    state: &AppState,
    caller: &Caller,
    session: &SessionRecord,
) -> Result<Viewpoint, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let subject_of = || AuditSubject {
        kind: subject::SESSION,
        id: format!("{}:prematch", session.id),
        unit: Some(&session.session.unit),
    };
    match principal.role {
        Role::Worker | Role::Employer => {
            let (party, own) = if principal.role == Role::Worker {
                (Party::Worker, own_worker(state, principal).await?)
            } else {
                (Party::Employer, own_employer(state, principal).await?)
            };
            let registered = match own {
                Some(id) => accepted(state, session.id, party)
                    .await?
                    .iter()
                    .any(|registration| registration.party_id == id),
                None => false,
            };
            let decision = if registered {
                Ok(())
            } else {
                Err(AccessError::RoleNotAllowed(principal.role))
            };
            check_audited(state, principal, AuditAction::Read, subject_of(), decision).await?;
            let id = own.unwrap_or_default();
            Ok(if party == Party::Worker {
                Viewpoint::Worker(id)
            } else {
                Viewpoint::Employer(id)
            })
        }
        _ => {
            check_session(
                state,
                caller,
                session,
                SessionAccess::Follow,
                AuditAction::Read,
            )
            .await?;
            Ok(Viewpoint::Staff)
        }
    }
}

const PREMATCH_PAGE: PagingRule = PagingRule {
    default_limit: 100,
    max_limit: 5000,
    max_offset: 100_000,
};

/// A session's pre-matching: for those who run or follow it, every
/// registered worker's best vacancies (a page of workers) and every
/// vacancy's best candidates; for a registered worker their own; for a
/// registered employer its vacancies' candidates.
pub async fn session_prematch(
    state: &AppState,
    caller: &Caller,
    id: i64,
    k: Option<u64>,
    limit: Option<u64>,
    offset: Option<u64>,
) -> Result<Prematch, ApiError> {
    const K: PagingRule = PagingRule {
        default_limit: 10,
        max_limit: 50,
        max_offset: 0,
    };
    let k = Paging::check(k, None, K)?.limit();
    let paging = Paging::check(limit, offset, PREMATCH_PAGE)?;
    let session = load_session(state, id).await?;
    let viewpoint = viewpoint(state, caller, &session).await?;
    check_closed(&session)?;
    let field = session_field(state.store.as_ref(), &state.units, &session).await?;
    let (n_workers, n_vacancies) = (field.workers.len(), field.openings.len());
    let weights = state.matching.weights.clone();
    let units_page = (paging.offset(), paging.limit());
    let (workers, vacancies) = crate::blocking::run(state, move || {
        rank(&field, &viewpoint, k, &weights, units_page)
    })
    .await?;
    let shown: Vec<i64> = workers
        .iter()
        .map(|worker| worker.worker_id)
        .chain(
            vacancies
                .iter()
                .flat_map(|vacancy| vacancy.candidates.iter().map(|c| c.worker_id)),
        )
        .collect();
    audit_returned(
        state,
        &caller.principal,
        record_subject::WORKER,
        &format!("session:{id}:prematch"),
        &shown,
    )
    .await?;
    Ok(Prematch {
        session_id: id,
        n_workers,
        n_vacancies,
        workers,
        vacancies,
    })
}

/// The ranking itself, on a blocking thread.
fn rank(
    field: &SessionField,
    viewpoint: &Viewpoint,
    k: usize,
    weights: &vieclam_match::Weights,
    (offset, limit): (usize, usize),
) -> (Vec<WorkerPrematch>, Vec<VacancyPrematch>) {
    let index = OpeningIndex::new(field.openings.iter().map(|(o, ..)| o.clone()).collect());
    let by_id: HashMap<i64, &(Opening, i64, String, Option<u32>)> = field
        .openings
        .iter()
        .map(|entry| (entry.0.id, entry))
        .collect();
    // Workers: their own, or a page of all.
    let chosen: Vec<&(i64, String, Seeker)> = match viewpoint {
        Viewpoint::Staff => field.workers.iter().skip(offset).take(limit).collect(),
        Viewpoint::Worker(id) => field.workers.iter().filter(|w| w.0 == *id).collect(),
        Viewpoint::Employer(_) => Vec::new(),
    };
    let seekers: Vec<Seeker> = chosen.iter().map(|w| w.2.clone()).collect();
    let hits = pre_match(&seekers, &index, k, weights, true);
    let workers = chosen
        .iter()
        .zip(hits)
        .map(|((worker_id, name, seeker), hits)| WorkerPrematch {
            worker_id: *worker_id,
            full_name: name.clone(),
            vacancies: hits
                .into_iter()
                .enumerate()
                .filter_map(|(n, hit)| {
                    let opening = index.get(hit.index)?;
                    let (_, employer_id, employer, booth) = by_id.get(&opening.id)?;
                    Some(RankedVacancy {
                        rank: n as u32 + 1,
                        vacancy_id: opening.id,
                        title: opening.title.to_string(),
                        employer_id: *employer_id,
                        employer: employer.clone(),
                        booth: *booth,
                        score: hit.scored.score,
                        reasons: reasons(seeker, opening, &hit.scored)
                            .into_iter()
                            .map(Into::into)
                            .collect(),
                    })
                })
                .collect(),
        })
        .collect();
    // Vacancies: the employer's own, or all for staff.
    let wanted: Vec<&(Opening, i64, String, Option<u32>)> = match viewpoint {
        Viewpoint::Staff => field.openings.iter().collect(),
        Viewpoint::Employer(id) => field.openings.iter().filter(|o| o.1 == *id).collect(),
        Viewpoint::Worker(_) => Vec::new(),
    };
    let seeker_index = SeekerIndex::new(field.workers.iter().map(|w| w.2.clone()).collect());
    let vacancies = wanted
        .into_iter()
        .map(|(opening, employer_id, _, booth)| {
            // Registering for the session is the consent: every registered
            // worker is a candidate for its employers.
            let hits = seeker_index.top_for(opening, k, weights, Viewer::Employer, |_, _| true);
            VacancyPrematch {
                vacancy_id: opening.id,
                title: opening.title.to_string(),
                employer_id: *employer_id,
                booth: *booth,
                candidates: hits
                    .into_iter()
                    .enumerate()
                    .filter_map(|(n, hit)| {
                        let seeker = seeker_index.get(hit.index)?;
                        let (worker_id, name, _) = field.workers.get(hit.index)?;
                        Some(RankedCandidate {
                            rank: n as u32 + 1,
                            worker_id: *worker_id,
                            full_name: name.clone(),
                            score: hit.scored.score,
                            reasons: reasons(seeker, opening, &hit.scored)
                                .into_iter()
                                .map(Into::into)
                                .collect(),
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    (workers, vacancies)
}

/// A worker's printable pre-match sheet for a session: one A4 page with the
/// ten best vacancies, booth by booth (the worker, or who runs or follows
/// the session).
pub async fn worker_prematch_sheet(
    state: &AppState,
    caller: &Caller,
    id: i64,
    worker_id: i64,
) -> Result<String, ApiError> {
    let session = load_session(state, id).await?;
    let viewpoint = viewpoint(state, caller, &session).await?;
    match viewpoint {
        Viewpoint::Staff => {}
        Viewpoint::Worker(own) if own == worker_id => {}
        _ => {
            return Err(AccessError::RoleNotAllowed(caller.principal.role).into());
        }
    }
    check_closed(&session)?;
    let field = session_field(state.store.as_ref(), &state.units, &session).await?;
    let Some(position) = field.workers.iter().position(|w| w.0 == worker_id) else {
        return Err(ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "registration_not_found",
            format!("Người lao động #{worker_id} không có chỗ tại phiên #{id}"),
            format!("Worker #{worker_id} holds no place at session #{id}"),
        ));
    };
    let venue = load_venue(state, session.session.venue_id).await?;
    let weights = state.matching.weights.clone();
    let (name, ranked) = crate::blocking::run(state, move || {
        let (workers, _) = rank(
            &field,
            &Viewpoint::Worker(worker_id),
            vieclam_exchange::prematch::MAX_VACANCIES,
            &weights,
            (0, 1),
        );
        (field.workers[position].1.clone(), workers)
    })
    .await?;
    audit_returned(
        state,
        &caller.principal,
        record_subject::WORKER,
        &format!("session:{id}:prematch-sheet"),
        &[worker_id],
    )
    .await?;
    let vacancies: Vec<PrematchVacancy> = ranked
        .into_iter()
        .flat_map(|worker| worker.vacancies)
        .map(|vacancy| PrematchVacancy {
            rank: vacancy.rank,
            score: f64::from(vacancy.score),
            employer: vacancy.employer,
            booth: vacancy.booth,
            title: vacancy.title,
            reasons: vacancy
                .reasons
                .into_iter()
                .map(|reason| (reason.vi, reason.en))
                .collect(),
        })
        .collect();
    let sheet_session = PrematchSession {
        title: session.session.title.clone(),
        date: session.session.date,
        starts: session.session.starts,
        ends: session.session.ends,
        venue: format!("{}, {}", venue.venue.name, venue.venue.address),
    };
    Ok(worker_sheet(&sheet_session, &name, &vacancies))
}
