//! Job matching over HTTP: the best open vacancies for a worker, and the
//! best workers for a vacancy, each with its reasons.
//!
//! A worker sees their own recommendations, officers those of the workers
//! of their area. An employer sees candidates for its own vacancies, and
//! only workers who agreed to be shown to employers; officers see every
//! worker of their area and refer them. Every such read is audited.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::matching::{Candidate, Recommendation};
use crate::paging::{Paging, PagingRule};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// How many results: 1–50, 10 by default.
    pub k: Option<u64>,
}

/// A vacancy recommended to a worker.
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
    Ok(Json(
        crate::matching::recommendations_for(&state, &caller, id, k).await?,
    ))
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
    let k = k_of(&params)?;
    Ok(Json(
        crate::matching::candidates_for(&state, &caller, id, k).await?,
    ))
}
