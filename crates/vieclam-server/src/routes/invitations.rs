//! Invitations to apply over HTTP: an employer invites a recommended
//! worker to its vacancy and lists whom it invited; the worker lists their
//! invitations and accepts (which applies) or declines. The rules are in
//! the shared `invitations` module, which the pages call too.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use crate::invitations::{self, InvitationView};
use crate::AppState;

/// Whom to invite.
#[derive(Deserialize, ToSchema)]
pub struct InviteRequest {
    /// A worker recommended for the vacancy (one who consented to be shown
    /// to employers).
    pub worker_id: i64,
}

async fn one_view(
    state: &AppState,
    record: vieclam_store::InvitationRecord,
) -> Result<InvitationView, ApiError> {
    invitations::views(state, vec![record])
        .await?
        .pop()
        .ok_or_else(ApiError::internal)
}

/// Invites a worker to apply to a vacancy (its employer's own account).
#[utoipa::path(
    post,
    path = "/api/v1/vacancies/{id}/invitations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Vacancy id")),
    request_body(content = InviteRequest, description = "Whom to invite"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Sent", body = InvitationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the vacancy's employer", body = ErrorBody),
        (status = 404, description = "No such vacancy, or no such candidate", body = ErrorBody),
        (status = 409, description = "Invited already", body = ErrorBody),
        (status = 422, description = "The vacancy is not open", body = ErrorBody),
    )
)]
pub async fn invite(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<InvitationView>), ApiError> {
    let record = invitations::invite(&state, &caller, id, request.worker_id).await?;
    Ok((StatusCode::CREATED, Json(one_view(&state, record).await?)))
}

/// The invitations sent for a vacancy (its employer, or officers of its
/// area).
#[utoipa::path(
    get,
    path = "/api/v1/vacancies/{id}/invitations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Vacancy id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<InvitationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the employer nor an officer of its area", body = ErrorBody),
        (status = 404, description = "No such vacancy", body = ErrorBody),
    )
)]
pub async fn vacancy_invitations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<InvitationView>>, ApiError> {
    let records = invitations::invitations_of_vacancy(&state, &caller, id).await?;
    Ok(Json(invitations::views(&state, records).await?))
}

/// A worker's invitations (the worker, or officers of their area).
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/invitations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Worker id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<InvitationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor an officer of their area", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn worker_invitations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<InvitationView>>, ApiError> {
    Ok(Json(
        invitations::invitations_of_worker(&state, &caller, id).await?,
    ))
}

/// The invited worker's answer.
#[derive(Deserialize, ToSchema)]
pub struct AnswerRequest {
    /// `true` applies to the vacancy (and so shares the worker's contact
    /// with its employer); `false` declines.
    pub accept: bool,
}

/// Answers an invitation, once (the invited worker).
#[utoipa::path(
    post,
    path = "/api/v1/invitations/{id}/answer",
    tag = "exchange",
    params(("id" = i64, Path, description = "Invitation id")),
    request_body(content = AnswerRequest, description = "Accept or decline"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Answered (an acceptance names its application)", body = InvitationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the invited worker", body = ErrorBody),
        (status = 404, description = "No such invitation", body = ErrorBody),
        (status = 409, description = "Answered already", body = ErrorBody),
        (status = 422, description = "The vacancy is no longer open", body = ErrorBody),
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<AnswerRequest>,
) -> Result<Json<InvitationView>, ApiError> {
    let record = invitations::answer(&state, &caller, id, request.accept).await?;
    Ok(Json(one_view(&state, record).await?))
}
