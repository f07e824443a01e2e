//! Venues of the exchange: the central exchange, satellites, exchange
//! points and the online venue. Anyone may find them; the province's
//! officers create and edit them and name the staff that run them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use vieclam_exchange::VenueDraft;
use vieclam_store::{Area, Page};

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{load_venue, parse_unit, today, VenueView};
use crate::paging::PageParams;
use crate::scope::area_of_unit;
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VenueQuery {
    /// Venues in this unit and the units within it (`structure:code` or a
    /// bare code, read in today's structure).
    pub unit: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// Creates a venue (the province's officers).
#[utoipa::path(
    post,
    path = "/api/v1/venues",
    tag = "exchange",
    request_body(content = VenueDraft, description = "The venue"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created", body = VenueView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an officer of the venue's province", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn create_venue(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(draft): ApiJson<VenueDraft>,
) -> Result<(StatusCode, Json<VenueView>), ApiError> {
    let record = crate::venues::create_venue(&state, &caller, &draft).await?;
    Ok((
        StatusCode::CREATED,
        Json(VenueView::of(&state, record, true)),
    ))
}

/// Lists venues (public), optionally in one unit.
#[utoipa::path(
    get,
    path = "/api/v1/venues",
    tag = "exchange",
    params(VenueQuery),
    responses(
        (status = 200, description = "Venues by id", body = Vec<VenueView>),
        (status = 400, description = "Malformed unit or paging", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
    )
)]
pub async fn list_venues(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<VenueQuery>,
) -> Result<Json<Vec<VenueView>>, ApiError> {
    let page: Page = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .page()?;
    let area = match &query.unit {
        Some(text) => {
            let unit = parse_unit(&state, text, today())?;
            area_of_unit(&state, &unit)
        }
        None => Area::All,
    };
    let venues = state.store.list_venues(&area, page).await?;
    Ok(Json(
        venues
            .into_iter()
            .map(|record| {
                let show = crate::venues::manages(&state, &caller.principal, &record);
                VenueView::of(&state, record, show)
            })
            .collect(),
    ))
}

/// One venue (public; its staff shown to those who manage it).
#[utoipa::path(
    get,
    path = "/api/v1/venues/{id}",
    tag = "exchange",
    params(("id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The venue", body = VenueView),
        (status = 404, description = "No such venue", body = ErrorBody),
    )
)]
pub async fn get_venue(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<VenueView>, ApiError> {
    let record = load_venue(&state, id).await?;
    let show = crate::venues::manages(&state, &caller.principal, &record);
    Ok(Json(VenueView::of(&state, record, show)))
}

/// Replaces a venue (the officers of the province it is in, and of the one
/// it moves to).
#[utoipa::path(
    put,
    path = "/api/v1/venues/{id}",
    tag = "exchange",
    params(("id" = i64, Path, description = "Venue id")),
    request_body(content = VenueDraft, description = "The whole venue"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Replaced", body = VenueView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an officer of the venue's province", body = ErrorBody),
        (status = 404, description = "No such venue or unit", body = ErrorBody),
        (status = 409, description = "The venue moved meanwhile", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn update_venue(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(draft): ApiJson<VenueDraft>,
) -> Result<Json<VenueView>, ApiError> {
    let record = crate::venues::update_venue(&state, &caller, id, &draft).await?;
    Ok(Json(VenueView::of(&state, record, true)))
}
