//! A session's report: employers, vacancies, positions, workers by sex, age
//! band and priority group, interviews, shortlisted, hired, by occupation —
//! as JSON, as the XLSX officers file and as a printable page. Filing the
//! report closes the session for good (`reported`); the filed report is
//! kept as it was.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use vieclam_exchange::report::SessionReport;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiPath, ErrorBody};
use crate::exchange::SessionView;
use crate::AppState;

use crate::sessions::report_of;

/// A session's report (those who run or follow it): the filed one once
/// reported, else built from the records now.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/report",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The report", body = SessionReport),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_report(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SessionReport>, ApiError> {
    Ok(Json(report_of(&state, &caller, id).await?))
}

/// Files a closed session's report and closes the session for good (those
/// who run it).
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/report",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Filed: the session is reported", body = SessionView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not run the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "The session is not closed", body = ErrorBody),
    )
)]
pub async fn file_report(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SessionView>, ApiError> {
    let record = crate::sessions::file_report(&state, &caller, id).await?;
    Ok(Json(SessionView::of(&state, record)))
}

/// A session's report as the workbook officers file (those who run or
/// follow it).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/report.xlsx",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The workbook", body = crate::views::SheetFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_report_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let report = report_of(&state, &caller, id).await?;
    let bytes = crate::blocking::run(&state, move || {
        vieclam_sheets::session_report::write_session_report(&report)
    })
    .await?
    .map_err(|error| {
        tracing::error!(error = %error, "session report workbook not written");
        ApiError::internal()
    })?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"bao-cao-phien-{id}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A session's report as a printable page (those who run or follow it).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/report.html",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The page, fit to print on A4", body = String, content_type = "text/html"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_report_page(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, ApiError> {
    let report = report_of(&state, &caller, id).await?;
    Ok(Html(vieclam_sheets::session_report::report_page(&report)))
}
