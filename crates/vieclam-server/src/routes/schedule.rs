//! A quarter's sessions generated from a plan's quarterly session targets
//! (Hanoi's plans give them by kind: 1 thematic, 1 online, 3 mobile and 56
//! daily sessions in the first quarter of 2021).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::LoggedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::SessionView;
pub use crate::schedule::ScheduleRequest;
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// The quarter, e.g. `2021-Q1`.
    pub quarter: String,
}

/// Generates a quarter's sessions from a plan (officers who see the plan
/// and run every venue it uses). The sessions are planned; a quarter
/// already scheduled from the plan is not scheduled again.
#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/schedule",
    tag = "exchange",
    params(("id" = String, Path, description = "Plan id"), ScheduleQuery),
    request_body(content = ScheduleRequest, description = "Venues, communes and defaults (all optional)"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The sessions scheduled", body = Vec<SessionView>),
        (status = 400, description = "Malformed quarter", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not see the plan or run a venue", body = ErrorBody),
        (status = 404, description = "No such plan, venue or unit", body = ErrorBody),
        (status = 409, description = "The quarter is already scheduled from this plan", body = ErrorBody),
        (status = 422, description = "No session targets for the quarter, or a venue kind missing", body = ErrorBody),
    )
)]
pub async fn schedule_quarter(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
    ApiJson(request): ApiJson<ScheduleRequest>,
) -> Result<(StatusCode, Json<Vec<SessionView>>), ApiError> {
    let created =
        crate::schedule::schedule_quarter(&state, &caller, &id, &query.quarter, &request, true)
            .await?
            .created;
    Ok((
        StatusCode::CREATED,
        Json(
            created
                .into_iter()
                .map(|record| SessionView::of(&state, record))
                .collect(),
        ),
    ))
}
