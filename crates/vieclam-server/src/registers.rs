//! The officers' work on the worker register that the API and the pages
//! share: searching the workers of an area, how a person's identifiers
//! are shown to a role, recording a labour event, and the queue of likely
//! duplicates with its verdicts. Each runs the same access rules, the same
//! store calls, the same follow-ups (search index, statistics) and the
//! same audit, whoever calls it.

use axum::http::StatusCode;
use chrono::Utc;
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{CitizenId, LabourEvent, WorkerProfile};
use vieclam_domain::{AccessError, AuditAction, Field, Reach, Role, Visibility};
use vieclam_search::{FacetCount, WorkerQuery, WorkerScope};
use vieclam_store::{Area, DuplicateFlag, EventRecord, Page, WorkerRecord};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{Paging, PagingRule};
use crate::records::{load_access, load_checked, may_access_worker, subject_of};
use crate::scope::{
    area_of, audit_result, audit_returned, check_audited, province_of, AuditSubject,
};
use crate::views::{run_search, unit_filter};
use crate::{vietnam_today, AppState};

/// A person's identifiers as a role sees them: whole, or masked as
/// exports mask them (the rule is `Role::visibility` of
/// `Field::PersonIdentifiers`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownIdentifiers {
    pub citizen_id: Option<String>,
    /// `1990-07-03`, or `1990-**-**` masked.
    pub birth_date: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub masked: bool,
}

/// The identifiers of `profile` as `role` sees them reaching records this
/// way: the one rule of the JSON answers and the pages.
pub fn identifiers_shown(profile: &WorkerProfile, role: Role, reach: Reach) -> ShownIdentifiers {
    if role.visibility(Field::PersonIdentifiers, reach) == Visibility::Masked {
        return masked_identifiers(profile);
    }
    ShownIdentifiers {
        citizen_id: profile.citizen_id.as_ref().map(|id| id.as_str().to_owned()),
        birth_date: profile.birth_date.format("%Y-%m-%d").to_string(),
        phone: profile
            .phone
            .as_ref()
            .map(|phone| phone.as_str().to_owned()),
        email: profile
            .email
            .as_ref()
            .map(|email| email.as_str().to_owned()),
        masked: false,
    }
}

/// The identifiers of `profile` masked as exports mask them.
pub fn masked_identifiers(profile: &WorkerProfile) -> ShownIdentifiers {
    use vieclam_sheets::mask::{mask_digits, mask_email};
    ShownIdentifiers {
        citizen_id: profile
            .citizen_id
            .as_ref()
            .map(|id| mask_digits(id.as_str(), 3, 3)),
        birth_date: format!("{}-**-**", profile.birth_date.format("%Y")),
        phone: profile
            .phone
            .as_ref()
            .map(|phone| mask_digits(phone.as_str(), 2, 2)),
        email: profile
            .email
            .as_ref()
            .map(|email| mask_email(email.as_str())),
        masked: true,
    }
}

/// A search of the workers of the caller's area.
#[derive(Clone, Debug, Default)]
pub struct WorkerSearch {
    /// Free text over name, occupations, skills and certificates; a
    /// citizen ID finds that one person.
    pub text: String,
    /// A unit code or `structure:code`.
    pub unit: Option<String>,
    /// An occupation code of 1 to 4 digits (anything else is ignored).
    pub occupation: Option<String>,
    pub qualification: Option<String>,
    pub status: Option<String>,
    pub priority_group: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// Workers found (records the caller may read), with counts over every
/// match in the caller's area.
pub struct WorkerFound {
    pub total: u64,
    pub workers: Vec<WorkerRecord>,
    pub by_commune: Vec<FacetCount>,
    pub by_status: Vec<FacetCount>,
    pub by_qualification: Vec<FacetCount>,
    pub by_occupation_group: Vec<FacetCount>,
}

/// Searches the workers of the caller's area (officers only; audited with
/// the ids returned). Results and counts hold only workers the caller may
/// read; a citizen ID typed as the text finds that person alone, when the
/// caller may read their record.
pub async fn search_workers(
    state: &AppState,
    caller: &Caller,
    search: WorkerSearch,
) -> Result<WorkerFound, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let decision = if principal.role.reads_personal_records() {
        Ok(())
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    check_audited(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::WORKER,
            id: "search".to_owned(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let unit = unit_filter(state, search.unit.as_deref())?;
    let paging = Paging::check(search.limit, search.offset, PagingRule::SEARCH)?;
    let text = vieclam_text::nfc(search.text.trim());
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(citizen_id) = CitizenId::parse(&compact) {
        let mut workers = Vec::new();
        if let Some(record) = state
            .store
            .find_worker_by_citizen_id(citizen_id.as_str())
            .await?
        {
            if may_access_worker(state, principal, &record).await?.is_ok() {
                workers.push(record);
            }
        }
        let ids: Vec<i64> = workers.iter().map(|worker| worker.id).collect();
        audit_returned(state, principal, subject::WORKER, "search", &ids).await?;
        return Ok(WorkerFound {
            total: workers.len() as u64,
            workers,
            by_commune: Vec::new(),
            by_status: Vec::new(),
            by_qualification: Vec::new(),
            by_occupation_group: Vec::new(),
        });
    }
    let scope = match area_of(state, principal, true) {
        Area::All => WorkerScope::All,
        Area::Province(code) => WorkerScope::Province(code),
        Area::Units(units) => {
            WorkerScope::Residences(units.iter().map(ToString::to_string).collect())
        }
        Area::Nothing => WorkerScope::Nothing,
    };
    let query = WorkerQuery {
        text,
        scope,
        unit,
        occupation: search
            .occupation
            .filter(|code| code.bytes().all(|b| b.is_ascii_digit())),
        qualification: search.qualification,
        status: search.status,
        priority_group: search.priority_group,
        limit: paging.limit(),
        offset: paging.offset(),
    };
    let results = run_search(state, move |engine| engine.workers.search(&query)).await?;
    let mut workers = Vec::with_capacity(results.hits.len());
    for hit in &results.hits {
        // The index is scoped already; the record is checked again, so an
        // index that lags a move can never show a worker outside the area.
        if let Some(record) = state.store.get_worker(hit.id).await? {
            if may_access_worker(state, principal, &record).await?.is_ok() {
                workers.push(record);
            }
        }
    }
    let ids: Vec<i64> = workers.iter().map(|worker| worker.id).collect();
    audit_returned(state, principal, subject::WORKER, "search", &ids).await?;
    Ok(WorkerFound {
        total: results.total,
        workers,
        by_commune: results.by_commune,
        by_status: results.by_status,
        by_qualification: results.by_qualification,
        by_occupation_group: results.by_occupation_group,
    })
}

/// A worker's record and labour events (oldest first), for a caller who
/// may read the record; audited.
pub async fn worker_with_events(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<(WorkerRecord, Vec<EventRecord>), ApiError> {
    let record = load_checked(state, caller, id, AuditAction::Read).await?;
    let events = state.store.list_events(id).await?;
    Ok((record, events))
}

/// Records a labour event of worker `id` (officers of the worker's area
/// only): the event's rules, not in the future, a move to a unit that
/// exists. The worker's derived state, the search index and the live
/// statistics (new jobs, …) follow. Audited with its outcome.
pub async fn add_event(
    state: &AppState,
    caller: &Caller,
    id: i64,
    event: &LabourEvent,
) -> Result<EventRecord, ApiError> {
    if !caller.principal.role.reads_personal_records() {
        caller.require_account()?;
        return Err(AccessError::RoleNotAllowed(caller.principal.role).into());
    }
    let problems = event.check();
    if !problems.is_empty() {
        return Err(ApiError::invalid_record(&problems));
    }
    let (record, decision) = load_access(state, caller, id).await?;
    let result = async {
        decision?;
        // A move out of the area is the transfer that the unit holding the
        // record makes (it holds the record, checked above); the unit it
        // moves to must exist.
        let province_code = match &event.unit {
            Some(unit) => {
                state.units.get(unit)?;
                province_of(state, unit)?
            }
            None => record.province_code.clone(),
        };
        if event.date > vietnam_today() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "event_in_future",
                "Ngày biến động không được ở tương lai",
                "An event cannot be dated in the future",
            ));
        }
        Ok(state
            .store
            .add_event(
                id,
                event,
                &province_code,
                caller.principal.user_id,
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(&record),
        &result,
    )
    .await?;
    let stored = result?;
    crate::search::follow_worker(state, id).await;
    Ok(stored)
}

/// The flags of likely duplicates the caller reviews: the admin sees all,
/// other officers those of their 2025 province about workers of their
/// area. Audited with the workers the flags name.
pub async fn duplicates_of_area(
    state: &AppState,
    caller: &Caller,
    page: Page,
) -> Result<Vec<DuplicateFlag>, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let decision = if principal.role.reads_personal_records() {
        Ok(())
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    check_audited(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::WORKER,
            id: "duplicates".to_owned(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let province = match (&principal.role, &principal.scope) {
        (Role::Admin, _) => None,
        (_, Some(scope)) => Some(province_of(state, scope)?),
        (_, None) => return Err(AccessError::OutsideScope.into()),
    };
    let flags = state
        .store
        .list_duplicate_flags(province.as_deref(), page)
        .await?;
    // Officers below the province see only flags about their own workers.
    let mut visible = Vec::new();
    for flag in flags {
        let Some(worker) = state.store.get_worker(flag.worker_id).await? else {
            continue;
        };
        if principal
            .may_read_person_in(&state.units, &worker.state.residence)
            .is_ok()
        {
            visible.push(flag);
        }
    }
    let ids: Vec<i64> = visible
        .iter()
        .flat_map(|flag| [flag.worker_id, flag.other_worker_id])
        .collect();
    audit_returned(state, principal, subject::WORKER, "duplicates", &ids).await?;
    Ok(visible)
}

/// How many likely duplicates wait for the caller's review: open flags of
/// the caller's province (all for the admin) about workers living in the
/// caller's area — the flags the duplicates page lists, counted in the
/// database. Only a number comes back, no person, so nobody's record is
/// read in the audit's sense; a role that does not review duplicates
/// counts none.
pub async fn open_duplicates_count(
    state: &AppState,
    principal: &vieclam_domain::Principal,
) -> Result<usize, ApiError> {
    if !principal.role.reads_personal_records() {
        return Ok(0);
    }
    let province = match (&principal.role, &principal.scope) {
        (Role::Admin, _) => None,
        (_, Some(scope)) => Some(province_of(state, scope)?),
        (_, None) => return Ok(0),
    };
    let area = crate::scope::area_of(state, principal, true);
    let n = state
        .store
        .count_open_duplicate_flags(province.as_deref(), &area)
        .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The verdicts an officer gives a flag. Neither merges nor deletes a
/// record: `distinct` closes the flag (two people), `same_person` marks
/// the pair for an officer to merge by hand (both records stay until then).
pub const VERDICTS: [&str; 2] = ["distinct", "same_person"];

/// 404 for a flag.
pub fn flag_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "Không tìm thấy cảnh báo trùng",
        "No such flag",
    )
}

/// A flag, for a caller who may read its (first) worker; audited.
pub async fn load_flag(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: AuditAction,
) -> Result<DuplicateFlag, ApiError> {
    caller.require_account()?;
    let flag = state
        .store
        .get_duplicate_flag(id)
        .await?
        .ok_or_else(flag_not_found)?;
    load_checked(state, caller, flag.worker_id, action).await?;
    Ok(flag)
}

/// Records an officer's verdict on a flag (one of [`VERDICTS`]), for an
/// officer who may change the flagged worker's record.
pub async fn resolve_duplicate(
    state: &AppState,
    caller: &Caller,
    id: i64,
    verdict: &str,
) -> Result<(), ApiError> {
    let account = caller.require_account()?;
    if !VERDICTS.contains(&verdict) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "status_invalid",
            "Trạng thái phải là distinct hoặc same_person",
            "The status is distinct or same_person",
        ));
    }
    load_flag(state, caller, id, AuditAction::Update).await?;
    state
        .store
        .resolve_duplicate_flag(id, verdict, account.id, Utc::now())
        .await?;
    Ok(())
}
