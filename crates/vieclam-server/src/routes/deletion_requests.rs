//! Deletion requests for the officers who keep the registers: those of
//! their area, and the decision on each (erase, or refuse with a reason).
//! `selfservice` holds the logic, shared with the web pages.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::selfservice::{DeletionDecisionForm, DeletionRequestView};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeletionRequestParams {
    /// `open`, `erased` or `refused`; every request by default.
    pub status: Option<String>,
    /// 1–500, 50 by default.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// 0–10,000,000, 0 by default.
    #[param(minimum = 0, maximum = 10_000_000)]
    pub offset: Option<u64>,
}

/// The deletion requests about records of the caller's area, oldest first
/// (the admin, province and unit officers; audited).
#[utoipa::path(
    get,
    path = "/api/v1/deletion-requests",
    tag = "self-service",
    params(DeletionRequestParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Requests by id", body = Vec<DeletionRequestView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The role keeps no registers", body = ErrorBody),
    )
)]
pub async fn list_deletion_requests(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<DeletionRequestParams>,
) -> Result<Json<Vec<DeletionRequestView>>, ApiError> {
    Ok(Json(
        crate::selfservice::list_deletion_requests(
            &state,
            &caller,
            params.status.as_deref(),
            params.limit,
            params.offset,
        )
        .await?,
    ))
}

/// Decides a deletion request about a record of the caller's area: `erase`
/// deletes the worker record and closes the account; `refuse` keeps them,
/// with the reason the person reads.
#[utoipa::path(
    post,
    path = "/api/v1/deletion-requests/{id}/decide",
    tag = "self-service",
    params(("id" = i64, Path, description = "Deletion request id")),
    request_body = DeletionDecisionForm,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Decided", body = DeletionRequestView),
        (status = 400, description = "A bad decision or reason (`fields_invalid`)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The record is outside the caller's area, or the role keeps no registers", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "Decided already", body = ErrorBody),
    )
)]
pub async fn decide_deletion(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<DeletionDecisionForm>,
) -> Result<Json<DeletionRequestView>, ApiError> {
    Ok(Json(
        crate::selfservice::decide_deletion(&state, &caller, id, form).await?,
    ))
}
