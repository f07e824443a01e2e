//! Registrations for a session: employers take booths and bring vacancies,
//! workers take seats — themselves, through an officer, or at the door.
//! The store holds capacity exactly; a full session wait-lists in order and
//! a cancellation promotes the first in line.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::audit::subject as record_subject;
use vieclam_domain::registry::{VacancyPosting, VacancyStatus};
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_exchange::registration::MAX_VACANCIES_PER_BOOTH;
use vieclam_exchange::{Channel, ExchangeError, Party, RegistrationState, SessionStatus};
use vieclam_store::exchange::{RegistrationRecord, RegistrationWrite, SessionRecord};
use vieclam_store::VacancyWrite;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{
    check_session, load_registration, load_session, runs_session, subject, vietnam_now,
    RegistrationView, SessionAccess,
};
use crate::paging::PageParams;
use crate::records::{
    check_vacancy_write, employer_not_found, load_checked, load_employer, load_worker,
    may_access_employer, may_access_worker, own_employer, own_worker,
};
use crate::scope::{audit_result, audit_returned, check_audited, AuditSubject};
use crate::views::{load_vacancy, vacancy_not_found};
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

/// Checks that an employer's vacancies are its own and open.
async fn check_vacancies(
    state: &AppState,
    employer_id: i64,
    vacancies: &[i64],
) -> Result<(), ApiError> {
    if vacancies.len() > MAX_VACANCIES_PER_BOOTH {
        return Err(ExchangeError::Invalid {
            field: "vacancies",
            reason_vi: format!("Tối đa {MAX_VACANCIES_PER_BOOTH} vị trí cho một gian"),
            reason_en: format!("At most {MAX_VACANCIES_PER_BOOTH} vacancies a booth"),
        }
        .into());
    }
    let today = crate::vietnam_today();
    for &id in vacancies {
        let vacancy = load_vacancy(state, id).await?;
        if vacancy.posting.employer_id != employer_id {
            return Err(vacancy_not_found(id));
        }
        if vacancy.posting.status_on(today) != VacancyStatus::Open {
            return Err(ExchangeError::Invalid {
                field: "vacancies",
                reason_vi: format!("Vị trí #{id} không còn tuyển"),
                reason_en: format!("Vacancy #{id} is not open"),
            }
            .into());
        }
    }
    Ok(())
}

/// The registration window, when the session sets one.
fn check_window(session: &SessionRecord, channel: Channel) -> Result<(), ApiError> {
    if channel == Channel::WalkIn {
        return Ok(());
    }
    let now = vietnam_now();
    let before = session
        .session
        .registration_opens
        .is_some_and(|opens| now < opens);
    let after = session
        .session
        .registration_closes
        .is_some_and(|closes| now > closes);
    if before || after {
        return Err(ExchangeError::RegistrationClosed {
            status: session.status.as_str(),
        }
        .into());
    }
    Ok(())
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
    let session = load_session(&state, id).await?;
    let party = Party::parse(&request.party)?;
    let principal = &caller.principal;
    let self_service = matches!(principal.role, Role::Worker | Role::Employer);
    let channel = match (&request.channel, self_service) {
        (None, true) => Channel::Online,
        (None, false) => Channel::Officer,
        (Some(text), _) => Channel::parse(text)?,
    };
    let subject_of = || AuditSubject {
        kind: subject::REGISTRATION,
        id: format!("session:{id}"),
        unit: Some(&session.session.unit),
    };
    // Who is registered, and may the caller register them?
    let (party_id, province, decision) =
        match party {
            Party::Worker => {
                let own = own_worker(&state, principal).await?;
                let party_id = request.party_id.or(own).ok_or_else(|| {
                    ApiError::bad_request("Thiếu party_id", "party_id is required")
                })?;
                let worker = load_worker(&state, party_id).await?;
                let decision = if principal.role == Role::Worker {
                    match (own == Some(party_id), channel) {
                        (true, Channel::Online) => Ok(()),
                        (true, _) => Err(AccessError::RoleNotAllowed(Role::Worker)),
                        (false, _) => Err(AccessError::RoleNotAllowed(Role::Worker)),
                    }
                } else if channel == Channel::Online {
                    Err(AccessError::RoleNotAllowed(principal.role))
                } else if runs_session(&state, &caller, &session).await? {
                    Ok(())
                } else if channel == Channel::WalkIn {
                    Err(AccessError::OutsideScope)
                } else {
                    may_access_worker(&state, principal, &worker).await?
                };
                (party_id, worker.province_code, decision)
            }
            Party::Employer => {
                let own = own_employer(&state, principal).await?;
                let party_id = request.party_id.or(own).ok_or_else(|| {
                    ApiError::bad_request("Thiếu party_id", "party_id is required")
                })?;
                let employer = state
                    .store
                    .get_employer(party_id)
                    .await?
                    .ok_or_else(|| employer_not_found(party_id))?;
                let decision = if principal.role == Role::Employer {
                    match (own == Some(party_id), channel) {
                        (true, Channel::Online) => Ok(()),
                        _ => Err(AccessError::RoleNotAllowed(Role::Employer)),
                    }
                } else if channel == Channel::Online {
                    Err(AccessError::RoleNotAllowed(principal.role))
                } else if runs_session(&state, &caller, &session).await? {
                    Ok(())
                } else if channel == Channel::WalkIn {
                    Err(AccessError::OutsideScope)
                } else {
                    may_access_employer(
                        &state,
                        principal,
                        Some(party_id),
                        &employer.profile.address_unit,
                        true,
                    )
                    .await?
                };
                (party_id, employer.province_code, decision)
            }
        };
    check_audited(
        &state,
        principal,
        AuditAction::Create,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        if party == Party::Worker && !request.vacancies.is_empty() {
            return Err(ExchangeError::Invalid {
                field: "vacancies",
                reason_vi: "Người lao động không mang vị trí việc làm".to_owned(),
                reason_en: "A worker brings no vacancies".to_owned(),
            }
            .into());
        }
        check_vacancies(&state, party_id, &request.vacancies).await?;
        if request.vacancies.len() + request.new_vacancies.len() > MAX_VACANCIES_PER_BOOTH {
            return Err(ExchangeError::Invalid {
                field: "new_vacancies",
                reason_vi: format!("Tối đa {MAX_VACANCIES_PER_BOOTH} vị trí cho một gian"),
                reason_en: format!("At most {MAX_VACANCIES_PER_BOOTH} vacancies a booth"),
            }
            .into());
        }
        // Every new vacancy is checked before anything is written.
        let mut provinces = Vec::with_capacity(request.new_vacancies.len());
        for posting in &request.new_vacancies {
            if party != Party::Employer || posting.employer_id != party_id {
                return Err(ExchangeError::Invalid {
                    field: "new_vacancies",
                    reason_vi: "Vị trí mới phải của chính người sử dụng lao động đăng ký"
                        .to_owned(),
                    reason_en: "A new vacancy must be the registering employer's own".to_owned(),
                }
                .into());
            }
            provinces.push(check_vacancy_write(&state, &caller, posting).await?);
        }
        check_window(&session, channel)?;
        let registered = state
            .store
            .register(
                &RegistrationWrite {
                    session_id: id,
                    party,
                    party_id,
                    channel,
                    vacancies: &request.vacancies,
                    province_code: &province,
                    actor: principal.user_id,
                },
                Utc::now(),
            )
            .await?;
        if request.new_vacancies.is_empty() {
            return Ok(registered);
        }
        // Posted once the registration holds, then brought to the booth.
        let mut brought = registered.vacancies.clone();
        for (posting, province) in request.new_vacancies.iter().zip(&provinces) {
            let created = state
                .store
                .create_vacancy(
                    VacancyWrite {
                        posting,
                        province_code: province,
                    },
                    Utc::now(),
                )
                .await;
            match created {
                Ok(record) => {
                    crate::search::follow_vacancy(&state, record.id).await;
                    brought.push(record.id);
                }
                Err(error) => {
                    // The registration does not stay half made: it is
                    // cancelled (its place goes to the first in line), and
                    // the vacancies posted so far stay the employer's.
                    state
                        .store
                        .cancel_registration(registered.id, principal.user_id, Utc::now())
                        .await?;
                    return Err(error.into());
                }
            }
        }
        Ok(state
            .store
            .set_registration_vacancies(registered.id, &brought, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        &state,
        principal,
        AuditAction::Create,
        subject_of(),
        &result,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(RegistrationView::of(result?, None)),
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
    let session = load_session(&state, id).await?;
    check_session(
        &state,
        &caller,
        &session,
        SessionAccess::Follow,
        AuditAction::Read,
    )
    .await?;
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .page()?;
    let party = query.party.as_deref().map(Party::parse).transpose()?;
    let wanted = query
        .state
        .as_deref()
        .map(RegistrationState::parse)
        .transpose()?;
    let records = state
        .store
        .list_registrations(id, party, wanted, page)
        .await?;
    let workers: Vec<i64> = records
        .iter()
        .filter(|record| record.party == Party::Worker)
        .map(|record| record.party_id)
        .collect();
    let employers: Vec<i64> = records
        .iter()
        .filter(|record| record.party == Party::Employer)
        .map(|record| record.party_id)
        .collect();
    let mut names: std::collections::HashMap<(Party, i64), String> = state
        .store
        .get_workers(&workers)
        .await?
        .into_iter()
        .map(|worker| {
            (
                (Party::Worker, worker.id),
                worker.profile.full_name.as_str().to_owned(),
            )
        })
        .collect();
    names.extend(
        state
            .store
            .get_employers(&employers)
            .await?
            .into_iter()
            .map(|employer| ((Party::Employer, employer.id), employer.profile.name)),
    );
    let views: Vec<RegistrationView> = records
        .into_iter()
        .map(|record| {
            let name = names.get(&(record.party, record.party_id)).cloned();
            RegistrationView::of(record, name)
        })
        .collect();
    audit_returned(
        &state,
        &caller.principal,
        record_subject::WORKER,
        &format!("session:{id}:registrations"),
        &workers,
    )
    .await?;
    Ok(Json(views))
}

/// What a cancellation did.
#[derive(Serialize, ToSchema)]
pub struct CancellationView {
    pub cancelled: RegistrationView,
    /// The first in line, who took the freed place.
    pub promoted: Option<RegistrationView>,
}

/// May the caller change this registration: its worker or employer, or
/// those who run the session?
async fn check_registration_write(
    state: &AppState,
    caller: &Caller,
    record: &RegistrationRecord,
) -> Result<SessionRecord, ApiError> {
    caller.require_account()?;
    let session = load_session(state, record.session_id).await?;
    let principal = &caller.principal;
    let decision = match (principal.role, record.party) {
        (Role::Worker, Party::Worker)
            if own_worker(state, principal).await? == Some(record.party_id) =>
        {
            Ok(())
        }
        (Role::Employer, Party::Employer)
            if own_employer(state, principal).await? == Some(record.party_id) =>
        {
            Ok(())
        }
        (Role::Worker | Role::Employer, _) => Err(AccessError::RoleNotAllowed(principal.role)),
        _ if runs_session(state, caller, &session).await? => Ok(()),
        _ => Err(AccessError::OutsideScope),
    };
    check_audited(
        state,
        principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::REGISTRATION,
            id: record.id.to_string(),
            unit: Some(&session.session.unit),
        },
        decision,
    )
    .await?;
    Ok(session)
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
    let record = load_registration(&state, id).await?;
    let session = check_registration_write(&state, &caller, &record).await?;
    let result = async {
        if !matches!(session.status, SessionStatus::Open | SessionStatus::Running) {
            return Err(ExchangeError::RegistrationClosed {
                status: session.status.as_str(),
            }
            .into());
        }
        Ok(state
            .store
            .cancel_registration(id, caller.principal.user_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::REGISTRATION,
            id: id.to_string(),
            unit: Some(&session.session.unit),
        },
        &result,
    )
    .await?;
    let cancellation = result?;
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
    let record = load_registration(&state, id).await?;
    let session = check_registration_write(&state, &caller, &record).await?;
    let result = async {
        if record.party != Party::Employer {
            return Err(ExchangeError::Invalid {
                field: "vacancies",
                reason_vi: "Chỉ đăng ký của người sử dụng lao động có vị trí việc làm".to_owned(),
                reason_en: "Only an employer's registration has vacancies".to_owned(),
            }
            .into());
        }
        check_vacancies(&state, record.party_id, &request.vacancies).await?;
        Ok(state
            .store
            .set_registration_vacancies(id, &request.vacancies, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::REGISTRATION,
            id: id.to_string(),
            unit: Some(&session.session.unit),
        },
        &result,
    )
    .await?;
    Ok(Json(RegistrationView::of(result?, None)))
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
