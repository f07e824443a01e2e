//! Workers over HTTP: the digital profile, its labour events, and the flags
//! of likely duplicates. Officers work on the workers of their area; a
//! worker reads and edits their own profile. Every read and change of a
//! profile is audited, refusals included.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{EventSource, LabourEvent, WorkerProfile, WorkerState};
use vieclam_domain::{AccessError, AuditAction, Field, Reach, Role, Visibility};
use vieclam_store::{WorkerRecord, WorkerWrite};

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::paging::PageParams;
use crate::records::load_checked;
use crate::records::{check_profile, normalise};
use crate::scope::{area_of, audit, audit_returned, check_audited, province_of, AuditSubject};
use crate::views::FacetView;
use crate::{vietnam_today, AppState};

/// A worker as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct WorkerView {
    pub id: i64,
    /// The 2025 province of the worker's residence.
    pub province_code: String,
    /// The profile: every field of the register; the identifiers (citizen
    /// ID, birth date, phone, e-mail) masked where the caller's role sees
    /// them masked.
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    /// The situation derived from the labour events.
    #[schema(value_type = Object)]
    pub state: WorkerState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl WorkerView {
    /// The record as `role` sees it when reaching records this way (the
    /// rule is `Role::visibility`).
    pub fn shown(record: WorkerRecord, role: Role, reach: Reach) -> WorkerView {
        let mut profile = serde_json::to_value(&record.profile).unwrap_or_default();
        if role.visibility(Field::PersonIdentifiers, reach) == Visibility::Masked {
            mask_person(&mut profile, &record.profile);
        }
        WorkerView {
            id: record.id,
            province_code: record.province_code,
            profile,
            state: record.state,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

/// Masks a person's identifiers in a profile's JSON, as exports mask them
/// (`registers::identifiers_shown`, the rule the pages show them by).
fn mask_person(json: &mut serde_json::Value, profile: &WorkerProfile) {
    let Some(fields) = json.as_object_mut() else {
        return;
    };
    let shown = crate::registers::masked_identifiers(profile);
    if let Some(id) = shown.citizen_id {
        fields.insert("citizen_id".into(), id.into());
    }
    if let Some(phone) = shown.phone {
        fields.insert("phone".into(), phone.into());
    }
    if let Some(email) = shown.email {
        fields.insert("email".into(), email.into());
    }
    fields.insert("birth_date".into(), shown.birth_date.into());
}

/// One record read by its id, by a caller already allowed to: the
/// roles that reach a single record see it whole.
impl From<WorkerRecord> for WorkerView {
    fn from(record: WorkerRecord) -> WorkerView {
        WorkerView::shown(record, Role::Admin, Reach::One)
    }
}

/// A page of workers.
#[derive(Serialize, ToSchema)]
pub struct WorkerPage {
    pub total: u64,
    pub workers: Vec<WorkerView>,
}

/// Registers a worker. Officers register workers of their area; a worker
/// account registers its own profile once.
#[utoipa::path(
    post,
    path = "/api/v1/workers",
    tag = "workers",
    request_body(content = WorkerProfile, description = "A worker profile"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Registered", body = WorkerView),
        (status = 400, description = "Malformed JSON or field", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 409, description = "The citizen ID is registered already", body = ErrorBody),
        (status = 422, description = "Fields break rules; every problem listed", body = ErrorBody),
    )
)]
pub async fn create_worker(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(profile): ApiJson<WorkerProfile>,
) -> Result<(StatusCode, Json<WorkerView>), ApiError> {
    let account = caller.require_account()?;
    let principal = &caller.principal;
    let profile = normalise(profile);
    let self_registration = principal.role == Role::Worker;
    if !self_registration && !principal.role.reads_personal_records() {
        return Err(AccessError::RoleNotAllowed(principal.role).into());
    }
    if self_registration && state.store.account_links(account.id).await?.0.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "profile_exists",
            "Tài khoản này đã có hồ sơ người lao động",
            "This account has a worker profile already",
        ));
    }
    let decision = check_profile(&state, principal, &profile);
    if let Err(error) = &decision {
        if error.status == StatusCode::FORBIDDEN {
            audit(
                &state,
                principal,
                AuditAction::Create,
                AuditSubject {
                    kind: subject::WORKER,
                    id: "new".to_owned(),
                    unit: Some(&profile.residence),
                },
                &Err(AccessError::OutsideScope),
            )
            .await?;
        }
    }
    decision?;
    let province_code = province_of(&state, &profile.residence)?;
    let record = state
        .store
        .create_worker(
            WorkerWrite {
                profile: &profile,
                province_code: &province_code,
                registered_on: vietnam_today(),
                source: if self_registration {
                    EventSource::SelfDeclared
                } else {
                    EventSource::UnitSurvey
                },
                actor: Some(account.id),
            },
            Utc::now(),
        )
        .await?;
    if self_registration {
        state
            .store
            .link_account(account.id, Some(record.id), None)
            .await?;
    }
    audit(
        &state,
        principal,
        AuditAction::Create,
        AuditSubject {
            kind: subject::WORKER,
            id: record.id.to_string(),
            unit: Some(&record.state.residence),
        },
        &Ok(()),
    )
    .await?;
    crate::search::follow_worker(&state, record.id).await;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Lists the workers of the caller's area (officers only).
#[utoipa::path(
    get,
    path = "/api/v1/workers",
    tag = "workers",
    params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Workers by id", body = WorkerPage),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The role reads no personal records", body = ErrorBody),
    )
)]
pub async fn list_workers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<WorkerPage>, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let decision = if principal.role.reads_personal_records() {
        Ok(())
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    check_audited(
        &state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::WORKER,
            id: "list".to_owned(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let area = area_of(&state, principal, true);
    let total = state.store.count_workers(&area).await?;
    let workers = state.store.list_workers(&area, params.page()?).await?;
    let ids: Vec<i64> = workers.iter().map(|worker| worker.id).collect();
    audit_returned(&state, principal, subject::WORKER, "list", &ids).await?;
    Ok(Json(WorkerPage {
        total,
        workers: workers
            .into_iter()
            .map(|record| WorkerView::shown(record, principal.role, Reach::Many))
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkerSearchParams {
    /// Free text over name, occupations, skills and certificates, with or
    /// without diacritics.
    pub q: Option<String>,
    /// A unit code or `structure:code`: workers residing in it or below
    /// (within the caller's area in any case).
    pub unit: Option<String>,
    /// An occupation code of 1 to 4 digits, wanted or held.
    pub occupation: Option<String>,
    /// none, elementary, intermediate, college, university, postgraduate.
    pub qualification: Option<String>,
    /// The employment status now (e.g. unemployed, employed).
    pub status: Option<String>,
    /// A priority group (e.g. disability, ethnic_minority, poor_household).
    pub priority_group: Option<String>,
    /// 1–100, 20 by default.
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// Workers found, with counts over every match in the caller's area.
#[derive(Serialize, ToSchema)]
pub struct WorkerSearchResponse {
    pub total: u64,
    pub workers: Vec<WorkerView>,
    pub by_commune: Vec<FacetView>,
    pub by_status: Vec<FacetView>,
    pub by_qualification: Vec<FacetView>,
    pub by_occupation_group: Vec<FacetView>,
}

/// Searches the workers of the caller's area (officers only; audited).
/// Results and counts hold only workers the caller may read.
#[utoipa::path(
    get,
    path = "/api/v1/workers/search",
    tag = "workers",
    params(WorkerSearchParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Matches and counts within the caller's area", body = WorkerSearchResponse),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The role reads no personal records", body = ErrorBody),
    )
)]
pub async fn search_workers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<WorkerSearchParams>,
) -> Result<Json<WorkerSearchResponse>, ApiError> {
    let found = crate::registers::search_workers(
        &state,
        &caller,
        crate::registers::WorkerSearch {
            text: params.q.unwrap_or_default(),
            unit: params.unit,
            occupation: params.occupation,
            qualification: params.qualification,
            status: params.status,
            priority_group: params.priority_group,
            limit: params.limit,
            offset: params.offset,
        },
    )
    .await?;
    let role = caller.principal.role;
    let facets = |counts: Vec<vieclam_search::FacetCount>| -> Vec<FacetView> {
        counts.into_iter().map(FacetView::from).collect()
    };
    Ok(Json(WorkerSearchResponse {
        total: found.total,
        workers: found
            .workers
            .into_iter()
            .map(|record| WorkerView::shown(record, role, Reach::Many))
            .collect(),
        by_commune: facets(found.by_commune),
        by_status: facets(found.by_status),
        by_qualification: facets(found.by_qualification),
        by_occupation_group: facets(found.by_occupation_group),
    }))
}

/// One worker's profile and state.
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}",
    tag = "workers",
    params(("id" = i64, Path, description = "Worker id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The worker", body = WorkerView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn get_worker(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<WorkerView>, ApiError> {
    let record = load_checked(&state, &caller, id, AuditAction::Read).await?;
    Ok(Json(record.into()))
}

/// Replaces a worker's profile.
#[utoipa::path(
    put,
    path = "/api/v1/workers/{id}",
    tag = "workers",
    params(("id" = i64, Path, description = "Worker id")),
    request_body(content = WorkerProfile, description = "The whole new profile"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Updated", body = WorkerView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
        (status = 409, description = "The citizen ID belongs to another worker", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn update_worker(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(profile): ApiJson<WorkerProfile>,
) -> Result<Json<WorkerView>, ApiError> {
    let record = crate::records::update_worker_profile(&state, &caller, id, profile).await?;
    Ok(Json(record.into()))
}

/// Deletes a worker and their history (officers only).
#[utoipa::path(
    delete,
    path = "/api/v1/workers/{id}",
    tag = "workers",
    params(("id" = i64, Path, description = "Worker id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn delete_worker(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    if caller.principal.role == Role::Worker {
        return Err(AccessError::RoleNotAllowed(Role::Worker).into());
    }
    load_checked(&state, &caller, id, AuditAction::Delete).await?;
    state.store.delete_worker(id).await?;
    crate::search::follow_worker(&state, id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// A labour event as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    pub worker_id: i64,
    pub event: LabourEvent,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<i64>,
}

/// A worker's labour events, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/workers/{id}/events",
    tag = "workers",
    params(("id" = i64, Path, description = "Worker id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Events by date", body = Vec<EventView>),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
    )
)]
pub async fn list_events(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<EventView>>, ApiError> {
    load_checked(&state, &caller, id, AuditAction::Read).await?;
    let events = state.store.list_events(id).await?;
    Ok(Json(
        events
            .into_iter()
            .map(|record| EventView {
                id: record.id,
                worker_id: record.worker_id,
                event: record.event,
                recorded_at: record.recorded_at,
                recorded_by: record.recorded_by,
            })
            .collect(),
    ))
}

/// Records a labour event (officers only); the worker's state follows.
#[utoipa::path(
    post,
    path = "/api/v1/workers/{id}/events",
    tag = "workers",
    params(("id" = i64, Path, description = "Worker id")),
    request_body(content = LabourEvent, description = "A labour event"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = EventView),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such worker", body = ErrorBody),
        (status = 422, description = "A rule of the event is broken", body = ErrorBody),
    )
)]
pub async fn add_event(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(event): ApiJson<LabourEvent>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let stored = crate::registers::add_event(&state, &caller, id, &event).await?;
    Ok((
        StatusCode::CREATED,
        Json(EventView {
            id: stored.id,
            worker_id: stored.worker_id,
            event: stored.event,
            recorded_at: stored.recorded_at,
            recorded_by: stored.recorded_by,
        }),
    ))
}

/// A pair of workers who may be one person.
#[derive(Serialize, ToSchema)]
pub struct DuplicateView {
    pub id: i64,
    pub worker_id: i64,
    pub other_worker_id: i64,
    pub reason: String,
    /// `open`, `distinct` or `same_person`.
    pub status: String,
    pub created_at: DateTime<Utc>,
}

/// Likely duplicates for officers to review: the admin sees all, other
/// officers those of their 2025 province.
#[utoipa::path(
    get,
    path = "/api/v1/duplicates",
    tag = "workers",
    params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Flags by id", body = Vec<DuplicateView>),
        (status = 403, description = "The role reads no personal records", body = ErrorBody),
    )
)]
pub async fn list_duplicates(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Vec<DuplicateView>>, ApiError> {
    let flags = crate::registers::duplicates_of_area(&state, &caller, params.page()?).await?;
    let visible: Vec<DuplicateView> = flags
        .into_iter()
        .map(|flag| DuplicateView {
            id: flag.id,
            worker_id: flag.worker_id,
            other_worker_id: flag.other_worker_id,
            reason: flag.reason,
            status: flag.status,
            created_at: flag.created_at,
        })
        .collect();
    Ok(Json(visible))
}

#[derive(Deserialize, ToSchema)]
pub struct ResolveDuplicate {
    /// `distinct` (two people) or `same_person` (to be merged by an officer).
    pub status: String,
}

/// Records an officer's verdict on a flag.
#[utoipa::path(
    post,
    path = "/api/v1/duplicates/{id}",
    tag = "workers",
    params(("id" = i64, Path, description = "Flag id")),
    request_body = ResolveDuplicate,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such flag", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    )
)]
pub async fn resolve_duplicate(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<ResolveDuplicate>,
) -> Result<StatusCode, ApiError> {
    crate::registers::resolve_duplicate(&state, &caller, id, &request.status).await?;
    Ok(StatusCode::NO_CONTENT)
}
