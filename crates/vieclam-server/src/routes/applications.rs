//! Applications outside sessions: a worker applies to a vacancy (and so
//! lets its employer see their profile for it); the employer moves it
//! received → shortlisted → interview → hired or rejected, each move dated;
//! a hire records an `employed` labour event with the vacancy as its source.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::audit::subject as record_subject;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_exchange::ApplicationStatus;
use vieclam_store::exchange::{ApplicationFilter, ApplicationRecord, HireEvent};
use vieclam_store::VacancyRecord;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{check_note, hire_event, load_application, subject, ApplicationView};
use crate::paging::PageParams;
use crate::records::{load_checked, load_worker, may_access_employer, own_employer, own_worker};
use crate::scope::{audit_result, audit_returned, check_audited, AuditSubject};
use crate::views::load_vacancy;
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
}

/// May the caller act for the vacancy's employer (read, or move
/// applications)?
async fn employer_decision(
    state: &AppState,
    caller: &Caller,
    vacancy: &VacancyRecord,
    write: bool,
) -> Result<Result<(), AccessError>, ApiError> {
    // Applications name people: besides the employer, only the officers who
    // keep personal records see them (a partner agency reads employers,
    // not applicants).
    let role = caller.principal.role;
    if role != Role::Employer && !role.reads_personal_records() {
        return Ok(Err(AccessError::RoleNotAllowed(role)));
    }
    may_access_employer(
        state,
        &caller.principal,
        Some(vacancy.posting.employer_id),
        &vacancy.posting.work_unit,
        write,
    )
    .await
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
    let vacancy = load_vacancy(&state, id).await?;
    let decision = employer_decision(&state, &caller, &vacancy, false).await?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::APPLICATION,
            id: format!("vacancy:{id}"),
            unit: Some(&vacancy.posting.work_unit),
        },
        decision,
    )
    .await?;
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .page()?;
    let filter = ApplicationFilter {
        vacancy_id: Some(id),
        status: query
            .status
            .as_deref()
            .map(ApplicationStatus::parse)
            .transpose()?,
        ..ApplicationFilter::default()
    };
    let records = state.store.list_applications(&filter, page).await?;
    let mut applicants = Vec::with_capacity(records.len());
    for record in records {
        let worker = load_worker(&state, record.worker_id).await?;
        applicants.push(Applicant {
            full_name: worker.profile.full_name.as_str().to_owned(),
            qualification: worker.profile.qualification.as_str().to_owned(),
            skills: worker.profile.skills.clone(),
            application: record.into(),
        });
    }
    let ids: Vec<i64> = applicants
        .iter()
        .map(|applicant| applicant.application.worker_id)
        .collect();
    audit_returned(
        &state,
        &caller.principal,
        record_subject::WORKER,
        &format!("vacancy:{id}:applications"),
        &ids,
    )
    .await?;
    Ok(Json(applicants))
}

/// Who the caller is to an application: its worker, its employer (or an
/// officer for it), or neither.
async fn application_decision(
    state: &AppState,
    caller: &Caller,
    record: &ApplicationRecord,
    write: bool,
) -> Result<Result<(), AccessError>, ApiError> {
    let principal = &caller.principal;
    if principal.role == Role::Worker {
        let own = own_worker(state, principal).await? == Some(record.worker_id);
        return Ok(if own {
            Ok(())
        } else {
            Err(AccessError::RoleNotAllowed(Role::Worker))
        });
    }
    if principal.role == Role::Employer {
        let own = own_employer(state, principal).await? == Some(record.employer_id);
        return Ok(if own {
            Ok(())
        } else {
            Err(AccessError::RoleNotAllowed(Role::Employer))
        });
    }
    let vacancy = load_vacancy(state, record.vacancy_id).await?;
    employer_decision(state, caller, &vacancy, write).await
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
    let decision = application_decision(&state, &caller, &record, false).await?;
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
    let record = load_application(&state, id).await?;
    let to = ApplicationStatus::parse(&request.status)?;
    let mut decision = application_decision(&state, &caller, &record, true).await?;
    // A worker only withdraws; an employer never withdraws for them.
    let withdraws = to == ApplicationStatus::Withdrawn;
    if decision.is_ok() && withdraws != (caller.principal.role == Role::Worker) {
        decision = Err(AccessError::RoleNotAllowed(caller.principal.role));
    }
    let subject_of = || AuditSubject {
        kind: subject::APPLICATION,
        id: id.to_string(),
        unit: None,
    };
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        check_note(request.note.as_deref())?;
        let hired = if to == ApplicationStatus::Hired {
            record.status.check_move(to)?;
            let vacancy = load_vacancy(&state, record.vacancy_id).await?;
            let worker = load_worker(&state, record.worker_id).await?;
            Some((
                hire_event(
                    crate::vietnam_today(),
                    record.employer_id,
                    vacancy.posting.occupation.clone(),
                    None,
                    record.vacancy_id,
                ),
                worker.province_code,
            ))
        } else {
            None
        };
        let hire = hired.as_ref().map(|(event, province)| HireEvent {
            event,
            province_code: province,
        });
        let (moved, event) = state
            .store
            .move_application(
                id,
                to,
                request.note.as_deref(),
                hire.as_ref(),
                caller.principal.user_id,
                Utc::now(),
            )
            .await?;
        if event.is_some() {
            crate::search::follow_worker(&state, moved.worker_id).await;
        }
        Ok(moved)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        &result,
    )
    .await?;
    Ok(Json(result?.into()))
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
