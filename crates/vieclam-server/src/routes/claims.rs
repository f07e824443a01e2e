//! Unemployment-insurance claimants over HTTP: a claim with its start and
//! length, the monthly job-search report, late and missing reports flagged
//! for the exchange, and the claimant's job recommendations, computed
//! afresh from the open vacancies whenever the claim is read (so at least
//! every month, at each check-in). The shared `claims` module holds the
//! list and the check-in.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use vieclam_domain::{AuditAction, Role};
use vieclam_exchange::claim::check_months;
use vieclam_exchange::{ClaimStatus, ExchangeError};
use vieclam_match::{Seeker, Viewer};
use vieclam_store::exchange::ClaimWrite;

use crate::auth::{Caller, LoggedIn};
use crate::claims::{claim_decision, load_claim, view};
pub use crate::claims::{CheckinRequest, CheckinView, ClaimQuery, ClaimRecommendation, ClaimView};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{subject, today};
use crate::records::load_worker;
use crate::scope::{audit, audit_result, check_audited, AuditSubject};
use crate::AppState;

/// A claim to open.
#[derive(Deserialize, ToSchema)]
pub struct ClaimRequest {
    pub worker_id: i64,
    /// The first day of benefit.
    pub start: NaiveDate,
    /// 3 to 12 months.
    pub months: u32,
}

/// Opens a claim (officers who keep the worker's record).
#[utoipa::path(
    post,
    path = "/api/v1/claims",
    tag = "exchange",
    request_body(content = ClaimRequest, description = "The claim"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Opened", body = ClaimView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not keep the worker's record", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
        (status = 409, description = "The worker has an active claim", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn create_claim(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(request): ApiJson<ClaimRequest>,
) -> Result<(StatusCode, Json<ClaimView>), ApiError> {
    let worker = load_worker(&state, request.worker_id).await?;
    let principal = &caller.principal;
    let subject_of = || AuditSubject {
        kind: subject::CLAIM,
        id: format!("worker:{}", request.worker_id),
        unit: Some(&worker.state.residence),
    };
    check_audited(
        &state,
        principal,
        AuditAction::Create,
        subject_of(),
        principal.may_counsel(&state.units, &worker.state.residence, false, true),
    )
    .await?;
    let result = async {
        check_months(request.months)?;
        vieclam_domain::registry::check_date(request.start).map_err(|invalid| {
            ExchangeError::Invalid {
                field: "start",
                reason_vi: invalid.reason_vi,
                reason_en: invalid.reason_en,
            }
        })?;
        Ok(state
            .store
            .create_claim(
                &ClaimWrite {
                    worker_id: request.worker_id,
                    start: request.start,
                    months: request.months,
                    unit: &worker.state.residence,
                    province_code: &worker.province_code,
                    actor: principal.user_id,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(
        &state,
        principal,
        AuditAction::Create,
        subject_of(),
        &result,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view(result?, today()))))
}

/// The claims of the caller's area, optionally only those with a check-in
/// due, late or missing (officers who keep records).
#[utoipa::path(
    get,
    path = "/api/v1/claims",
    tag = "exchange",
    params(ClaimQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "By id", body = Vec<ClaimView>),
        (status = 400, description = "Malformed paging", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an officer who keeps records", body = ErrorBody),
        (status = 422, description = "Unknown status or flag", body = ErrorBody),
    )
)]
pub async fn list_claims(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(query): ApiQuery<ClaimQuery>,
) -> Result<Json<Vec<ClaimView>>, ApiError> {
    Ok(Json(
        crate::claims::list_claims(&state, &caller, &query).await?,
    ))
}

/// One claim, with its check-ins and the claimant's job recommendations
/// (the claimant, or officers who keep their record).
#[utoipa::path(
    get,
    path = "/api/v1/claims/{id}",
    tag = "exchange",
    params(("id" = i64, Path, description = "Claim id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The claim", body = ClaimView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the claimant nor who keeps their record", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
    )
)]
pub async fn get_claim(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ClaimView>, ApiError> {
    let record = load_claim(&state, id).await?;
    let decision = claim_decision(&state, &caller, &record, false).await?;
    audit(
        &state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::CLAIM,
            id: id.to_string(),
            unit: Some(&record.unit),
        },
        &decision,
    )
    .await?;
    decision?;
    let worker = load_worker(&state, record.worker_id).await?;
    let on = today();
    let mut claim = view(record, on);
    if claim.status.code == ClaimStatus::Active.as_str() {
        let seeker = Seeker::of(&state.units, worker.id, &worker.profile, &worker.state);
        let openings = state.matching.openings(&state.store, &state.units).await?;
        let weights = state.matching.weights.clone();
        let viewer = if caller.principal.role == Role::Worker {
            Viewer::Worker
        } else {
            Viewer::Officer
        };
        let hits = crate::blocking::run(&state, move || {
            openings.value.top_for(&seeker, 5, &weights, viewer)
        })
        .await?;
        for (hit, opening) in hits {
            if let Some(vacancy) = state.store.get_vacancy(opening.id).await? {
                claim.recommendations.push(ClaimRecommendation {
                    vacancy_id: vacancy.id,
                    title: vacancy.posting.title,
                    score: hit.scored.score,
                });
            }
        }
        claim.refreshed_on = Some(on);
    }
    Ok(Json(claim))
}

/// Records a monthly check-in (the claimant online, or an officer at the
/// desk).
#[utoipa::path(
    post,
    path = "/api/v1/claims/{id}/checkins",
    tag = "exchange",
    params(("id" = i64, Path, description = "Claim id")),
    request_body(content = CheckinRequest, description = "The check-in"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = ClaimView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the claimant nor who keeps their record", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "Already made", body = ErrorBody),
        (status = 422, description = "Not one of the claim's days, or a day in the future", body = ErrorBody),
    )
)]
pub async fn record_checkin(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<CheckinRequest>,
) -> Result<(StatusCode, Json<ClaimView>), ApiError> {
    let record = crate::claims::record_checkin(&state, &caller, id, &request).await?;
    Ok((StatusCode::CREATED, Json(view(record, today()))))
}

/// A claim's new status.
#[derive(Deserialize, ToSchema)]
pub struct ClaimStatusRequest {
    /// `active`, `employed` or `ended`.
    pub status: String,
}

/// Ends a claim (found a job, or its months are over), or reopens it
/// (officers who keep the claimant's record).
#[utoipa::path(
    put,
    path = "/api/v1/claims/{id}/status",
    tag = "exchange",
    params(("id" = i64, Path, description = "Claim id")),
    request_body(content = ClaimStatusRequest, description = "The status"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Changed", body = ClaimView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not keep the claimant's record", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "Another claim of the worker is active", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    )
)]
pub async fn set_claim_status(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<ClaimStatusRequest>,
) -> Result<Json<ClaimView>, ApiError> {
    let record = load_claim(&state, id).await?;
    let decision = claim_decision(&state, &caller, &record, true).await?;
    let subject_of = || AuditSubject {
        kind: subject::CLAIM,
        id: id.to_string(),
        unit: Some(&record.unit),
    };
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        let status = ClaimStatus::parse(&request.status)?;
        Ok(state.store.set_claim_status(id, status, Utc::now()).await?)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        &result,
    )
    .await?;
    Ok(Json(view(result?, today())))
}
