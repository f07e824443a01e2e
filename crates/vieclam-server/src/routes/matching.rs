//! Job matching over HTTP: the best open vacancies for a worker, and the
//! best workers for a vacancy, each with its reasons.
//!
//! A worker sees their own recommendations, officers those of the workers
//! of their area. An employer sees candidates for its own vacancies, and
//! only workers who agreed to be shown to employers; officers see every
//! worker of their area and refer them. Every such read is audited.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::audit::subject;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_match::{reasons, Seeker, Viewer};

use crate::auth::Caller;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::matching::AreaSet;
use crate::paging::{Paging, PagingRule};
use crate::records::load_checked;
use crate::records::may_access_employer;
use crate::scope::{area_of, audit_returned, check_audited, AuditSubject};
use crate::views::{vacancy_not_found, ReasonView, VacancyView};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// How many results: 1–50, 10 by default.
    pub k: Option<u64>,
}

/// A vacancy recommended to a worker.
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

fn k_of(params: &MatchParams) -> Result<usize, ApiError> {
    const MATCHES: PagingRule = PagingRule {
        default_limit: 10,
        max_limit: 50,
        max_offset: 0,
    };
    Ok(Paging::check(params.k, None, MATCHES)?.limit())
}

/// The best open vacancies for a worker, with reasons.
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/recommendations",
    tag = "matching",
    params(("id" = i64, Path, description = "Worker id"), MatchParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Vacancies, best first", body = Vec<Recommendation>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor an officer of their area", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn recommendations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<MatchParams>,
) -> Result<Json<Vec<Recommendation>>, ApiError> {
    let k = k_of(&params)?;
    let record = load_checked(&state, &caller, id, AuditAction::Read).await?;
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
    Ok(Json(found))
}

/// The best workers for a vacancy, with reasons: for its employer, only
/// workers who agreed to be shown; for officers, the workers of their area.
#[utoipa::path(
    get,
    path = "/api/v1/vacancies/{id}/candidates",
    tag = "matching",
    params(("id" = i64, Path, description = "Vacancy id"), MatchParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Workers, best first", body = Vec<Candidate>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the vacancy's employer nor an officer", body = ErrorBody),
        (status = 404, description = "No such vacancy", body = ErrorBody),
    )
)]
pub async fn candidates(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<MatchParams>,
) -> Result<Json<Vec<Candidate>>, ApiError> {
    caller.require_account()?;
    let k = k_of(&params)?;
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
    Ok(Json(found))
}
