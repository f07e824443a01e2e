//! Applications outside sessions: a worker applies to a vacancy (and so
//! lets its employer see their profile for it); the employer moves it
//! received → shortlisted → interview → hired or rejected, each move dated;
//! a hire records an `employed` labour event with the vacancy as its source.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::{AuditAction, Reach};
use vieclam_exchange::ApplicationStatus;
use vieclam_store::exchange::ApplicationFilter;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{applicant_contact, load_application, subject, ApplicationView};
use crate::paging::PageParams;
use crate::records::load_checked;
use crate::scope::AuditSubject;
use crate::AppState;

/// An application.
#[derive(Deserialize, ToSchema)]
pub struct ApplyRequest {
    /// The worker; a worker's own account may leave it out (officers apply
    /// on a worker's behalf, with the worker present).
    pub worker_id: Option<i64>,
    /// A note to the employer (at most 1,000 characters).
    pub note: Option<String>,
}

/// Applies to an open vacancy (the worker, or an officer of their area on
/// their behalf).
#[utoipa::path(
    post,
    path = "/api/v1/vacancies/{id}/applications",
    tag = "exchange",
    params(("id" = i64, Path, description = "Vacancy id")),
    request_body(content = ApplyRequest, description = "Who applies"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Received", body = ApplicationView),
        (status = 400, description = "No worker named", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor an officer of their area", body = ErrorBody),
        (status = 404, description = "No such vacancy or worker", body = ErrorBody),
        (status = 409, description = "Already applied", body = ErrorBody),
        (status = 422, description = "The vacancy is not open, or a bad note", body = ErrorBody),
    )
)]
pub async fn apply(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<ApplyRequest>,
) -> Result<(StatusCode, Json<ApplicationView>), ApiError> {
    let record = crate::exchange::apply_to(
        &state,
        &caller,
        id,
        request.worker_id,
        request.note.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// `received`, `shortlisted`, `interview`, `hired`, `rejected` or
    /// `withdrawn`.
    pub status: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// An application with the applicant's name, for the employer.
#[derive(Serialize, ToSchema)]
pub struct Applicant {
    pub application: ApplicationView,
    pub full_name: String,
    pub qualification: String,
    pub skills: Vec<String>,
    /// The applicant's phone and e-mail, shared by applying: whole for the
    /// employer, masked where the caller's role sees them masked (the rule
    /// is `Role::visibility` of `ApplicantContact`).
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The applications to a vacancy, with the applicants (its employer, or
/// officers of its area).
#[utoipa::path(
    get,
    path = "/api/v1/vacancies/{id}/applications",
    tag = "exchange",
    params(("id" = i64, Path, description = "Vacancy id"), ApplicationQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<Applicant>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the employer nor an officer of its area", body = ErrorBody),
        (status = 404, description = "No such vacancy", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    )
)]
pub async fn list_applications(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ApplicationQuery>,
) -> Result<Json<Vec<Applicant>>, ApiError> {
    caller.require_account()?;
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .page()?;
    let status = query
        .status
        .as_deref()
        .map(ApplicationStatus::parse)
        .transpose()?;
    let found = crate::exchange::applicants_of(&state, &caller, id, status, page).await?;
    let applicants = found
        .into_iter()
        .map(|(record, worker)| {
            let (phone, email) = applicant_contact(caller.principal.role, &worker, Reach::Many);
            Applicant {
                full_name: worker.profile.full_name.as_str().to_owned(),
                qualification: worker.profile.qualification.as_str().to_owned(),
                skills: worker.profile.skills.clone(),
                phone,
                email,
                application: record.into(),
            }
        })
        .collect();
    Ok(Json(applicants))
}

/// One application (its worker, its employer, or officers of the
/// vacancy's area).
#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}",
    tag = "exchange",
    params(("id" = i64, Path, description = "Application id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The application with its moves", body = ApplicationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the worker's, the employer's or their officers'", body = ErrorBody),
        (status = 404, description = "No such application", body = ErrorBody),
    )
)]
pub async fn get_application(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ApplicationView>, ApiError> {
    caller.require_account()?;
    let record = load_application(&state, id).await?;
    let decision = crate::exchange::application_decision(&state, &caller, &record, false).await?;
    crate::scope::audit(
        &state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::APPLICATION,
            id: id.to_string(),
            unit: None,
        },
        &decision,
    )
    .await?;
    decision?;
    Ok(Json(record.into()))
}

/// A move of an application.
#[derive(Deserialize, ToSchema)]
pub struct ApplicationMove {
    /// `shortlisted`, `interview`, `hired`, `rejected`, or `withdrawn` (the
    /// worker).
    pub status: String,
    pub note: Option<String>,
}

/// Moves an application: the employer (or an officer for it) shortlists,
/// interviews, hires or rejects; the worker withdraws. A hire records an
/// `employed` labour event for the worker, dated today.
#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/status",
    tag = "exchange",
    params(("id" = i64, Path, description = "Application id")),
    request_body(content = ApplicationMove, description = "The move"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Moved", body = ApplicationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "May not make this move", body = ErrorBody),
        (status = 404, description = "No such application", body = ErrorBody),
        (status = 409, description = "A move the status does not allow (a hire without an interview)", body = ErrorBody),
        (status = 422, description = "Unknown status or bad note", body = ErrorBody),
    )
)]
pub async fn move_application(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<ApplicationMove>,
) -> Result<Json<ApplicationView>, ApiError> {
    let to = ApplicationStatus::parse(&request.status)?;
    let moved =
        crate::exchange::move_application(&state, &caller, id, to, request.note.as_deref()).await?;
    Ok(Json(moved.into()))
}

/// A worker's own applications and where each stands (the worker, or
/// officers of their area).
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/applications",
    tag = "exchange",
    params(("id" = i64, Path, description = "Worker id"), PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<ApplicationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither the worker nor an officer of their area", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn worker_applications(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<Vec<ApplicationView>>, ApiError> {
    let page = page.page()?;
    load_checked(&state, &caller, id, AuditAction::Read).await?;
    let filter = ApplicationFilter {
        worker_id: Some(id),
        ..ApplicationFilter::default()
    };
    let records = state.store.list_applications(&filter, page).await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}
