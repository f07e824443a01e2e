//! Counselling and job referral over HTTP; the rules and the audit are
//! the shared `counselling` module's. The plans' `counselled` figure
//! counts these records.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::AuditAction;
use vieclam_exchange::CounsellingOutcome;
use vieclam_store::exchange::CounsellingFilter;

use crate::auth::{Caller, LoggedIn};
pub use crate::counselling::CounsellingRequest;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{subject, CounsellingView};
use crate::paging::PageParams;
use crate::records::{load_worker, own_worker};
use crate::scope::{audit_result, check_audited, AuditSubject};
use crate::AppState;

/// Records a counselling (officers who keep the worker's record, exchange
/// staff included).
#[utoipa::path(
    post,
    path = "/api/v1/counselling",
    tag = "exchange",
    request_body(content = CounsellingRequest, description = "The counselling"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = CounsellingView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not keep the worker's record", body = ErrorBody),
        (status = 404, description = "No such worker, unit, session or vacancy", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn create_counselling(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(request): ApiJson<CounsellingRequest>,
) -> Result<(StatusCode, Json<CounsellingView>), ApiError> {
    let record = crate::counselling::create_counselling(&state, &caller, &request).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CounsellingQuery {
    /// From this day.
    pub from: Option<NaiveDate>,
    /// To this day.
    pub to: Option<NaiveDate>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The counselling recorded in the caller's area (officers).
#[utoipa::path(
    get,
    path = "/api/v1/counselling",
    tag = "exchange",
    params(CounsellingQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<CounsellingView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an officer who keeps records", body = ErrorBody),
    )
)]
pub async fn list_counselling(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(query): ApiQuery<CounsellingQuery>,
) -> Result<Json<Vec<CounsellingView>>, ApiError> {
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
    };
    let records =
        crate::counselling::list_counselling(&state, &caller, query.from, query.to, page).await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}

/// A worker's counselling (the worker, or officers who keep their record).
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/counselling",
    tag = "exchange",
    params(("id" = i64, Path, description = "Worker id"), PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<CounsellingView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor who keeps their record", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn worker_counselling(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<Vec<CounsellingView>>, ApiError> {
    let page = page.page()?;
    caller.require_account()?;
    let worker = load_worker(&state, id).await?;
    let own = own_worker(&state, &caller.principal).await? == Some(id);
    let decision = caller
        .principal
        .may_counsel(&state.units, &worker.state.residence, own, false);
    crate::scope::audit(
        &state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: vieclam_domain::audit::subject::WORKER,
            id: id.to_string(),
            unit: Some(&worker.state.residence),
        },
        &decision,
    )
    .await?;
    decision?;
    let records = state
        .store
        .list_counselling(
            &CounsellingFilter {
                worker_id: Some(id),
                ..CounsellingFilter::default()
            },
            page,
        )
        .await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}

/// A counselling's outcome.
#[derive(Deserialize, ToSchema)]
pub struct CounsellingOutcomeRequest {
    /// `advised`, `referred`, `training` or `placed`.
    pub outcome: String,
}

/// Records what came of a counselling (officers who keep the worker's
/// record).
#[utoipa::path(
    put,
    path = "/api/v1/counselling/{id}/outcome",
    tag = "exchange",
    params(("id" = i64, Path, description = "Counselling id")),
    request_body(content = CounsellingOutcomeRequest, description = "The outcome"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Recorded", body = CounsellingView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not keep the worker's record", body = ErrorBody),
        (status = 404, description = "No such counselling", body = ErrorBody),
        (status = 422, description = "Unknown outcome", body = ErrorBody),
    )
)]
pub async fn set_counselling_outcome(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<CounsellingOutcomeRequest>,
) -> Result<Json<CounsellingView>, ApiError> {
    let record = state.store.get_counselling(id).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "counselling_not_found",
            format!("Không có lượt tư vấn #{id}"),
            format!("No counselling #{id}"),
        )
    })?;
    let worker = load_worker(&state, record.worker_id).await?;
    let subject_of = || AuditSubject {
        kind: subject::COUNSELLING,
        id: id.to_string(),
        unit: Some(&worker.state.residence),
    };
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        caller
            .principal
            .may_counsel(&state.units, &worker.state.residence, false, true),
    )
    .await?;
    let result = async {
        let outcome = CounsellingOutcome::parse(&request.outcome)?;
        Ok(state
            .store
            .set_counselling_outcome(id, outcome, Utc::now())
            .await?)
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
    Ok(Json(result?.into()))
}
