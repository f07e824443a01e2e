//! Registrations for a session: employers take booths and bring vacancies,
//! workers take seats — themselves, through an officer, or at the door.
//! The store holds capacity exactly; a full session wait-lists in order and
//! a cancellation promotes the first in line.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::registry::VacancyPosting;
use vieclam_domain::AuditAction;
use vieclam_exchange::{Channel, Party};

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::RegistrationView;
use crate::paging::PageParams;
use crate::records::{load_checked, load_employer};
use crate::AppState;

/// A registration to take.
#[derive(Deserialize, ToSchema)]
pub struct RegistrationRequest {
    /// `worker` or `employer`.
    pub party: String,
    /// The worker or employer; a worker's or employer's own account may
    /// leave it out.
    pub party_id: Option<i64>,
    /// `online` (the worker or employer themselves, the default for them),
    /// `officer` (on their behalf) or `walk_in` (at the door, while the
    /// session runs).
    pub channel: Option<String>,
    /// For an employer: the ids of its own open vacancies it brings.
    #[serde(default)]
    pub vacancies: Vec<i64>,
    /// For an employer: new vacancies it brings, posted with the
    /// registration (each checked as `POST /api/v1/vacancies` checks it).
    #[serde(default)]
    pub new_vacancies: Vec<VacancyPosting>,
}

/// Registers a worker or an employer for a session. Workers and employers
/// register themselves; those who run the session register anyone (and
/// walk-ins at the door); an officer registers the workers and employers of
/// their area.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/registrations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    request_body(content = RegistrationRequest, description = "Who registers"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Accepted or wait-listed (see `state`)", body = RegistrationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "May not register this worker or employer", body = ErrorBody),
        (status = 404, description = "No such session, worker, employer or vacancy", body = ErrorBody),
        (status = 409, description = "Registration closed, or already registered", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<RegistrationRequest>,
) -> Result<(StatusCode, Json<RegistrationView>), ApiError> {
    let party = Party::parse(&request.party)?;
    let channel = request.channel.as_deref().map(Channel::parse).transpose()?;
    let registered = crate::exchange::register(
        &state,
        &caller,
        id,
        &crate::exchange::NewRegistration {
            party,
            party_id: request.party_id,
            channel,
            vacancies: &request.vacancies,
            new_vacancies: &request.new_vacancies,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(RegistrationView::of(registered, None)),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationQuery {
    /// `worker` or `employer`.
    pub party: Option<String>,
    /// `accepted`, `waiting` or `cancelled`.
    pub state: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// A session's registrations, with names (those who run or follow it).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/registrations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id"), RegistrationQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Accepted by time, then waiting in line", body = Vec<RegistrationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not run or follow the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 422, description = "Unknown party or state", body = ErrorBody),
    )
)]
pub async fn list_registrations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<RegistrationQuery>,
) -> Result<Json<Vec<RegistrationView>>, ApiError> {
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
    };
    let party = query.party.as_deref();
    let wanted = query.state.as_deref();
    let records =
        crate::sessions::session_registrations(&state, &caller, id, party, wanted, page).await?;
    Ok(Json(
        records
            .into_iter()
            .map(|(record, name)| RegistrationView::of(record, name))
            .collect(),
    ))
}

/// What a cancellation did.
#[derive(Serialize, ToSchema)]
pub struct CancellationView {
    pub cancelled: RegistrationView,
    /// The first in line, who took the freed place.
    pub promoted: Option<RegistrationView>,
}

/// Cancels a registration; the first in line takes the place.
#[utoipa::path(
    post,
    path = "/api/v1/registrations/{id}/cancel",
    tag = "exchange",
    params(("id" = i64, Path, description = "Registration id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Cancelled", body = CancellationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the registrant nor who runs the session", body = ErrorBody),
        (status = 404, description = "No such registration", body = ErrorBody),
        (status = 409, description = "Already cancelled, or the session is over", body = ErrorBody),
    )
)]
pub async fn cancel_registration(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CancellationView>, ApiError> {
    let cancellation = crate::exchange::cancel_registration(&state, &caller, id).await?;
    Ok(Json(CancellationView {
        cancelled: RegistrationView::of(cancellation.cancelled, None),
        promoted: cancellation
            .promoted
            .map(|record| RegistrationView::of(record, None)),
    }))
}

/// The vacancies an employer brings.
#[derive(Deserialize, ToSchema)]
pub struct VacanciesRequest {
    pub vacancies: Vec<i64>,
}

/// Replaces the vacancies an employer brings to a session (the employer, or
/// those who run the session).
#[utoipa::path(
    put,
    path = "/api/v1/registrations/{id}/vacancies",
    tag = "exchange",
    params(("id" = i64, Path, description = "Registration id")),
    request_body(content = VacanciesRequest, description = "The vacancies"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Replaced", body = RegistrationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the employer nor who runs the session", body = ErrorBody),
        (status = 404, description = "No such registration or vacancy", body = ErrorBody),
        (status = 409, description = "The session is over", body = ErrorBody),
        (status = 422, description = "Not an employer's registration, or too many vacancies", body = ErrorBody),
    )
)]
pub async fn set_vacancies(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<VacanciesRequest>,
) -> Result<Json<RegistrationView>, ApiError> {
    let registration =
        crate::exchange::set_registration_vacancies(&state, &caller, id, &request.vacancies)
            .await?;
    Ok(Json(RegistrationView::of(registration, None)))
}

/// A worker's registrations (the worker, or officers of their area).
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/registrations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Worker id"), PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<RegistrationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor an officer of their area", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn worker_registrations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<Vec<RegistrationView>>, ApiError> {
    let page = page.page()?;
    load_checked(&state, &caller, id, AuditAction::Read).await?;
    let records = state
        .store
        .registrations_of(Party::Worker, id, page)
        .await?;
    Ok(Json(
        records
            .into_iter()
            .map(|record| RegistrationView::of(record, None))
            .collect(),
    ))
}

/// An employer's registrations (the employer, or officers of its area).
#[utoipa::path(
    get,
    path = "/api/v1/employers/{id}/registrations",
    tag = "exchange",
    params(("id" = i64, Path, description = "Employer id"), PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<RegistrationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the employer nor an officer of its area", body = ErrorBody),
        (status = 404, description = "No such employer", body = ErrorBody),
    )
)]
pub async fn employer_registrations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<Vec<RegistrationView>>, ApiError> {
    let page = page.page()?;
    load_employer(&state, &caller, id, AuditAction::Read).await?;
    let records = state
        .store
        .registrations_of(Party::Employer, id, page)
        .await?;
    Ok(Json(
        records
            .into_iter()
            .map(|record| RegistrationView::of(record, None))
            .collect(),
    ))
}
