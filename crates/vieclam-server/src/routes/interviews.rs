//! Interviews and a session's results over HTTP; the rules, the hire's
//! labour event and the audit are the shared `interviews` module's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use vieclam_domain::AuditAction;
use vieclam_store::exchange::InterviewFilter;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{InterviewView, OutcomeView};
pub use crate::interviews::{AttendanceRequest, InterviewRequest, OutcomeRequest};
use crate::paging::PageParams;
use crate::records::load_checked;
use crate::AppState;

/// Books an interview slot: at a session (those who run it, or the
/// employer at its own booth, for a worker registered there and a vacancy
/// it brought), or for an application (the employer, or an officer for it).
#[utoipa::path(
    post,
    path = "/api/v1/interviews",
    tag = "exchange",
    request_body(content = InterviewRequest, description = "The slot"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Booked", body = InterviewView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "May not book for this session, employer or worker", body = ErrorBody),
        (status = 404, description = "No such session, application, worker or vacancy", body = ErrorBody),
        (status = 409, description = "Overlaps another slot, or the session is not on", body = ErrorBody),
        (status = 422, description = "A bad slot, or a vacancy or worker not at the session", body = ErrorBody),
    )
)]
pub async fn book_interview(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(request): ApiJson<InterviewRequest>,
) -> Result<(StatusCode, Json<InterviewView>), ApiError> {
    let record = crate::interviews::book_interview(&state, &caller, &request).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Records whether the worker came (who runs the session, or the employer).
#[utoipa::path(
    post,
    path = "/api/v1/interviews/{id}/attendance",
    tag = "exchange",
    params(("id" = i64, Path, description = "Interview id")),
    request_body(content = AttendanceRequest, description = "Attendance"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Recorded", body = InterviewView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither who runs the session nor the employer", body = ErrorBody),
        (status = 404, description = "No such interview", body = ErrorBody),
        (status = 422, description = "Unknown attendance", body = ErrorBody),
    )
)]
pub async fn set_attendance(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<AttendanceRequest>,
) -> Result<Json<InterviewView>, ApiError> {
    let record =
        crate::interviews::set_attendance(&state, &caller, id, &request.attendance).await?;
    Ok(Json(record.into()))
}

/// A session's interviews: all for those who run or follow it; its own for
/// an employer or a worker.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/interviews",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id"), PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "By start time", body = Vec<InterviewView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_interviews(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<Vec<InterviewView>>, ApiError> {
    let page = page.page()?;
    let records = crate::interviews::session_interviews(&state, &caller, id, page).await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}

/// A worker's interviews (the worker, or officers of their area).
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/interviews",
    tag = "exchange",
    params(("id" = i64, Path, description = "Worker id"), PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "By start time", body = Vec<InterviewView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor an officer of their area", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn worker_interviews(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<Vec<InterviewView>>, ApiError> {
    let page = page.page()?;
    load_checked(&state, &caller, id, AuditAction::Read).await?;
    let filter = InterviewFilter {
        worker_id: Some(id),
        ..InterviewFilter::default()
    };
    let records = state.store.list_interviews(&filter, page).await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}

/// Records a result at a running or closed session (who runs it, or the
/// employer for its own vacancy). A hire records the worker's `employed`
/// labour event, dated the session's day.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/outcomes",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    request_body(content = OutcomeRequest, description = "The result"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = OutcomeView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither who runs the session nor the vacancy's employer", body = ErrorBody),
        (status = 404, description = "No such session, worker or vacancy", body = ErrorBody),
        (status = 409, description = "A hire without an interview, or the session is not on", body = ErrorBody),
        (status = 422, description = "Unknown outcome", body = ErrorBody),
    )
)]
pub async fn record_outcome(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<OutcomeRequest>,
) -> Result<(StatusCode, Json<OutcomeView>), ApiError> {
    let record = crate::interviews::record_outcome(&state, &caller, id, &request).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// A session's results: all for those who run or follow it, its own for
/// an employer.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/outcomes",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Oldest first", body = Vec<OutcomeView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_outcomes(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<OutcomeView>>, ApiError> {
    let records = crate::interviews::session_outcomes(&state, &caller, id).await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}
