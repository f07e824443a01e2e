//! The signed-in person's own data over HTTP (Decree 13/2023): everything
//! vieclam holds about them, as JSON or a workbook; a worker's consents;
//! a worker's deletion request. `selfservice` holds the logic, shared with
//! the web pages.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use vieclam_domain::AuditAction;

use crate::auth::LoggedIn;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::selfservice::{
    ConsentChoice, ConsentView, DeletionRequestForm, DeletionRequestView, OwnData,
};
use crate::AppState;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Everything vieclam holds about the caller: the account; for a worker
/// the profile, labour events, applications with their steps, session
/// registrations, interviews, counselling and claims; for an employer the
/// profile, vacancies and registrations; the deletion requests.
#[utoipa::path(
    get,
    path = "/api/v1/me/data",
    tag = "self-service",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The caller's own data", body = OwnData),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub async fn own_data(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
) -> Result<Json<OwnData>, ApiError> {
    Ok(Json(
        crate::selfservice::own_data(&state, &caller, AuditAction::Read).await?,
    ))
}

/// The same as `/api/v1/me/data`, as an XLSX workbook with one sheet per
/// section.
#[utoipa::path(
    get,
    path = "/api/v1/me/data.xlsx",
    tag = "self-service",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The workbook", body = crate::views::SheetFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub async fn own_data_xlsx(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
) -> Result<Response, ApiError> {
    let bytes = crate::selfservice::own_data_workbook(&state, &caller).await?;
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, XLSX),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"du-lieu-ca-nhan-vieclam.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Gives or withdraws a worker's consents; it takes effect at once (an
/// employer's candidates no longer show a worker who withdraws).
#[utoipa::path(
    put,
    path = "/api/v1/me/consent",
    tag = "self-service",
    request_body = ConsentChoice,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The consents in force", body = ConsentView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a worker account with a record", body = ErrorBody),
    )
)]
pub async fn set_consent(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(choice): ApiJson<ConsentChoice>,
) -> Result<Json<ConsentView>, ApiError> {
    Ok(Json(
        crate::selfservice::set_consent(&state, &caller, choice).await?,
    ))
}

/// Asks for the worker's data to be erased (Decree 13/2023 art. 16): both
/// consents are withdrawn at once; an officer of the unit that keeps the
/// record decides. An open request is answered again (200), not doubled.
#[utoipa::path(
    post,
    path = "/api/v1/me/deletion-request",
    tag = "self-service",
    request_body = DeletionRequestForm,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = DeletionRequestView),
        (status = 200, description = "A request is open already: that one", body = DeletionRequestView),
        (status = 400, description = "The reason is too long (`fields_invalid`)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a worker account with a record", body = ErrorBody),
    )
)]
pub async fn request_deletion(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(form): ApiJson<DeletionRequestForm>,
) -> Result<(StatusCode, Json<DeletionRequestView>), ApiError> {
    let (request, created) = crate::selfservice::request_deletion(&state, &caller, form).await?;
    Ok((crate::selfservice::request_status(created), Json(request)))
}

/// The caller's latest deletion request and its decision.
#[utoipa::path(
    get,
    path = "/api/v1/me/deletion-request",
    tag = "self-service",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The latest request", body = DeletionRequestView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No request was ever made", body = ErrorBody),
    )
)]
pub async fn own_deletion_request(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
) -> Result<Json<DeletionRequestView>, ApiError> {
    crate::selfservice::own_deletion_request(&state, &caller)
        .await?
        .map(Json)
        .ok_or_else(ApiError::deletion_request_not_found)
}
