//! Employers and their vacancies over HTTP. Officers work on the employers
//! and vacancies of their area; an employer account works on its own; open
//! vacancies are public (they hold no personal data).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{EmployerProfile, VacancyPosting, VacancyStatus};
use vieclam_domain::{AccessError, AuditAction, Field, Reach, Role, Visibility};
use vieclam_store::{Area, EmployerRecord, EmployerWrite};

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::paging::{PageParams, Paging, PagingRule};
use crate::records::{load_employer, may_access_employer, own_employer};
use crate::scope::{area_of, audit, province_of, AuditSubject};
use crate::views::{vacancy_not_found, VacancyView};
use crate::{vietnam_today, AppState};

/// An employer as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct EmployerView {
    pub id: i64,
    pub province_code: String,
    /// The profile; the contact person's name, phone and e-mail masked
    /// where the caller's role sees them masked.
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EmployerView {
    /// The record as `role` sees it (the rule is `Role::visibility`).
    pub fn shown(record: EmployerRecord, role: Role, reach: Reach) -> EmployerView {
        use vieclam_sheets::mask::{mask_digits, mask_email};
        let masked = role.visibility(Field::EmployerContact, reach) == Visibility::Masked;
        let mut profile = serde_json::to_value(&record.profile).unwrap_or_default();
        if let (true, Some(fields)) = (masked, profile.as_object_mut()) {
            let contact = &record.profile;
            if let Some(name) = &contact.contact_name {
                fields.insert(
                    "contact_name".into(),
                    mask_digits(name.as_str(), 1, 1).into(),
                );
            }
            if let Some(phone) = &contact.contact_phone {
                fields.insert(
                    "contact_phone".into(),
                    mask_digits(phone.as_str(), 2, 2).into(),
                );
            }
            if let Some(email) = &contact.contact_email {
                fields.insert("contact_email".into(), mask_email(email.as_str()).into());
            }
        }
        EmployerView {
            id: record.id,
            province_code: record.province_code,
            profile,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

/// One record, by a caller allowed to write it or its own employer.
impl From<EmployerRecord> for EmployerView {
    fn from(record: EmployerRecord) -> EmployerView {
        EmployerView::shown(record, Role::Admin, Reach::One)
    }
}

/// Registers an employer. Officers register employers of their area; an
/// employer account registers its own, once.
#[utoipa::path(
    post,
    path = "/api/v1/employers",
    tag = "employers",
    request_body(content = EmployerProfile, description = "An employer profile"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Registered", body = EmployerView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 409, description = "The tax code is registered already", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn create_employer(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(profile): ApiJson<EmployerProfile>,
) -> Result<(StatusCode, Json<EmployerView>), ApiError> {
    let account = caller.require_account()?;
    let principal = &caller.principal;
    crate::employers::check_employer(&state, &profile)?;
    let self_registration = principal.role == Role::Employer;
    if self_registration {
        if own_employer(&state, principal).await?.is_some() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "profile_exists",
                "Tài khoản này đã gắn với một đơn vị",
                "This account speaks for an employer already",
            ));
        }
    } else {
        let decision =
            may_access_employer(&state, principal, None, &profile.address_unit, true).await?;
        if decision.is_err() {
            audit(
                &state,
                principal,
                AuditAction::Create,
                AuditSubject {
                    kind: subject::EMPLOYER,
                    id: "new".to_owned(),
                    unit: Some(&profile.address_unit),
                },
                &decision,
            )
            .await?;
        }
        decision?;
    }
    let province_code = province_of(&state, &profile.address_unit)?;
    let record = state
        .store
        .create_employer(
            EmployerWrite {
                profile: &profile,
                province_code: &province_code,
            },
            Utc::now(),
        )
        .await?;
    if self_registration {
        state
            .store
            .link_account(account.id, None, Some(record.id))
            .await?;
    }
    audit(
        &state,
        principal,
        AuditAction::Create,
        AuditSubject {
            kind: subject::EMPLOYER,
            id: record.id.to_string(),
            unit: Some(&record.profile.address_unit),
        },
        &Ok(()),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Lists the employers of the caller's area (officers and partner
/// agencies); an employer account sees its own.
#[utoipa::path(
    get,
    path = "/api/v1/employers",
    tag = "employers",
    params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Employers by id", body = Vec<EmployerView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The role sees no employers", body = ErrorBody),
    )
)]
pub async fn list_employers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Vec<EmployerView>>, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    if principal.role == Role::Employer {
        let own = match own_employer(&state, principal).await? {
            Some(id) => state
                .store
                .get_employer(id)
                .await?
                .into_iter()
                .map(EmployerView::from)
                .collect(),
            None => Vec::new(),
        };
        return Ok(Json(own));
    }
    let employers = crate::employers::employers_of_area(&state, &caller, params.page()?).await?;
    Ok(Json(
        employers
            .into_iter()
            .map(|record| EmployerView::shown(record, principal.role, Reach::Many))
            .collect(),
    ))
}

/// One employer.
#[utoipa::path(
    get,
    path = "/api/v1/employers/{id}",
    tag = "employers",
    params(("id" = i64, Path, description = "Employer id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The employer", body = EmployerView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such employer", body = ErrorBody),
    )
)]
pub async fn get_employer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<EmployerView>, ApiError> {
    let record = load_employer(&state, &caller, id, AuditAction::Read).await?;
    Ok(Json(EmployerView::shown(
        record,
        caller.principal.role,
        Reach::One,
    )))
}

/// Replaces an employer's profile.
#[utoipa::path(
    put,
    path = "/api/v1/employers/{id}",
    tag = "employers",
    params(("id" = i64, Path, description = "Employer id")),
    request_body(content = EmployerProfile, description = "The whole new profile"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Updated", body = EmployerView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such employer", body = ErrorBody),
        (status = 409, description = "The tax code belongs to another employer", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn update_employer(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(profile): ApiJson<EmployerProfile>,
) -> Result<Json<EmployerView>, ApiError> {
    let record = crate::employers::update_employer(&state, &caller, id, &profile).await?;
    Ok(Json(record.into()))
}

/// Deletes an employer that has no vacancies (officers only).
#[utoipa::path(
    delete,
    path = "/api/v1/employers/{id}",
    tag = "employers",
    params(("id" = i64, Path, description = "Employer id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such employer", body = ErrorBody),
        (status = 409, description = "The employer has vacancies", body = ErrorBody),
    )
)]
pub async fn delete_employer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    if caller.principal.role == Role::Employer {
        return Err(AccessError::RoleNotAllowed(Role::Employer).into());
    }
    load_employer(&state, &caller, id, AuditAction::Delete).await?;
    state.store.delete_employer(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VacancyParams {
    /// Only this employer's vacancies.
    pub employer_id: Option<i64>,
    /// 1–500, 50 by default.
    pub limit: Option<u64>,
    /// 0–10,000,000.
    pub offset: Option<u64>,
}

/// Lists vacancies: open ones for the public, workers and partner agencies;
/// all of their area for officers; its own for an employer account.
#[utoipa::path(
    get,
    path = "/api/v1/vacancies",
    tag = "vacancies",
    params(VacancyParams),
    security((), ("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Vacancies by id", body = Vec<VacancyView>),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
    )
)]
pub async fn list_vacancies(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<VacancyParams>,
) -> Result<Json<Vec<VacancyView>>, ApiError> {
    let principal = &caller.principal;
    let page = Paging::check(params.limit, params.offset, PagingRule::REGISTER)?.page();
    // Open means open today, deadline included, as in search and by id.
    let today = Some(vietnam_today());
    let (area, employer_id, open_on) = match principal.role {
        Role::Employer => match own_employer(&state, principal).await? {
            Some(own) => (Area::All, Some(own), None),
            None => (Area::Nothing, None, today),
        },
        role if role.reads_closed_vacancies() => {
            (area_of(&state, principal, false), params.employer_id, None)
        }
        _ => (Area::All, params.employer_id, today),
    };
    let vacancies = state
        .store
        .list_vacancies(&area, employer_id, open_on, page)
        .await?;
    Ok(Json(vacancies.into_iter().map(VacancyView::from).collect()))
}

/// One vacancy: public while open; otherwise for officers of its area and
/// its employer.
#[utoipa::path(
    get,
    path = "/api/v1/vacancies/{id}",
    tag = "vacancies",
    params(("id" = i64, Path, description = "Vacancy id")),
    security((), ("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The vacancy", body = VacancyView),
        (status = 404, description = "No such vacancy (or not open, for the public)", body = ErrorBody),
    )
)]
pub async fn get_vacancy(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<VacancyView>, ApiError> {
    let record = state
        .store
        .get_vacancy(id)
        .await?
        .ok_or_else(|| vacancy_not_found(id))?;
    let open = record.posting.status_on(vietnam_today()) == VacancyStatus::Open;
    if !open {
        // Closed, filled and expired vacancies: officers who keep the
        // registers, and the employer for its own.
        let role = caller.principal.role;
        let allowed = caller.account.is_some()
            && (role.reads_closed_vacancies() || role == Role::Employer)
            && may_access_employer(
                &state,
                &caller.principal,
                Some(record.posting.employer_id),
                &record.posting.work_unit,
                false,
            )
            .await?
            .is_ok();
        if !allowed {
            return Err(vacancy_not_found(id));
        }
    }
    Ok(Json(record.into()))
}

/// Posts a vacancy (officers of its area, or its employer).
#[utoipa::path(
    post,
    path = "/api/v1/vacancies",
    tag = "vacancies",
    request_body(content = VacancyPosting, description = "A vacancy"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Posted", body = VacancyView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such employer", body = ErrorBody),
        (status = 409, description = "The same vacancy exists", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn create_vacancy(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(posting): ApiJson<VacancyPosting>,
) -> Result<(StatusCode, Json<VacancyView>), ApiError> {
    let record = crate::employers::post_vacancy(&state, &caller, &posting).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Replaces a vacancy (closing it is a status change).
#[utoipa::path(
    put,
    path = "/api/v1/vacancies/{id}",
    tag = "vacancies",
    params(("id" = i64, Path, description = "Vacancy id")),
    request_body(content = VacancyPosting, description = "The whole new vacancy"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Updated", body = VacancyView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such vacancy", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn update_vacancy(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(posting): ApiJson<VacancyPosting>,
) -> Result<Json<VacancyView>, ApiError> {
    let record = crate::employers::replace_vacancy(&state, &caller, id, &posting).await?;
    Ok(Json(record.into()))
}

/// Deletes a vacancy.
#[utoipa::path(
    delete,
    path = "/api/v1/vacancies/{id}",
    tag = "vacancies",
    params(("id" = i64, Path, description = "Vacancy id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such vacancy", body = ErrorBody),
    )
)]
pub async fn delete_vacancy(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    crate::employers::load_vacancy_for_write(&state, &caller, id).await?;
    state.store.delete_vacancy(id).await?;
    crate::search::follow_vacancy(&state, id).await;
    Ok(StatusCode::NO_CONTENT)
}
