//! Pre-matching when a session's registration closes, as JSON and as a
//! printable sheet per worker (one A4 page); the ranking and its access
//! rules are the shared `prematch` module's.

use axum::extract::State;
use axum::response::Html;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
pub use crate::prematch::{
    Prematch, RankedCandidate, RankedVacancy, VacancyPrematch, WorkerPrematch,
};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PrematchQuery {
    /// Vacancies per worker and candidates per vacancy: 1–50, 10 by default.
    pub k: Option<u64>,
    /// Workers per page (those who run the session): up to 5,000.
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// A session's pre-matching: for those who run or follow it, every
/// registered worker's best vacancies (a page of workers) and every
/// vacancy's best candidates; for a registered worker their own; for a
/// registered employer its vacancies' candidates.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/prematch",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id"), PrematchQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Ranked with reasons", body = Prematch),
        (status = 400, description = "Malformed k or paging", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs, follows nor is registered at the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "Registration is still open", body = ErrorBody),
    )
)]
pub async fn session_prematch(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<PrematchQuery>,
) -> Result<Json<Prematch>, ApiError> {
    Ok(Json(
        crate::prematch::session_prematch(&state, &caller, id, query.k, query.limit, query.offset)
            .await?,
    ))
}

/// A worker's printable pre-match sheet for a session: one A4 page with the
/// ten best vacancies, booth by booth (the worker, or who runs or follows
/// the session).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/prematch/{worker_id}/sheet",
    tag = "exchange",
    params(
        ("id" = i64, Path, description = "Session id"),
        ("worker_id" = i64, Path, description = "Worker id"),
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The sheet, fit to print on A4", body = String, content_type = "text/html"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor who runs or follows the session", body = ErrorBody),
        (status = 404, description = "No such session, or the worker holds no place at it", body = ErrorBody),
        (status = 409, description = "Registration is still open", body = ErrorBody),
    )
)]
pub async fn worker_prematch_sheet(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, worker_id)): ApiPath<(i64, i64)>,
) -> Result<Html<String>, ApiError> {
    Ok(Html(
        crate::prematch::worker_prematch_sheet(&state, &caller, id, worker_id).await?,
    ))
}
