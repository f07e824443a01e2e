//! Who may reach a worker's or an employer's record: the store lookups
//! (whose record is the caller's own, where a record is) that the domain's
//! access rules need, shared by every route. The rules themselves are in
//! `vieclam_domain::access`.

use axum::http::StatusCode;
use chrono::Utc;
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{EventSource, VacancyPosting, WorkerProfile};
use vieclam_domain::{AccessError, AuditAction, Principal, Role, UnitKey};
use vieclam_store::{EmployerRecord, WorkerRecord, WorkerWrite};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::scope::{audit, audit_result_noting, province_of, AuditSubject};
use crate::vietnam_today;
use crate::AppState;

/// The worker a worker account speaks for.
pub async fn own_worker(state: &AppState, principal: &Principal) -> Result<Option<i64>, ApiError> {
    match (principal.role, principal.user_id) {
        (Role::Worker, Some(user_id)) => Ok(state.store.account_links(user_id).await?.0),
        _ => Ok(None),
    }
}

/// The employer an employer account speaks for.
pub async fn own_employer(
    state: &AppState,
    principal: &Principal,
) -> Result<Option<i64>, ApiError> {
    match (principal.role, principal.user_id) {
        (Role::Employer, Some(user_id)) => Ok(state.store.account_links(user_id).await?.1),
        _ => Ok(None),
    }
}

/// May the caller reach this worker's record (read it, or change it)?
/// The outer error is a failure of the store; the inner one the decision.
pub async fn may_access_worker(
    state: &AppState,
    principal: &Principal,
    record: &WorkerRecord,
) -> Result<Result<(), AccessError>, ApiError> {
    let own = own_worker(state, principal).await? == Some(record.id);
    Ok(principal.may_access_worker(&state.units, &record.state.residence, own))
}

/// May the caller see (`write` false) or change (`write` true) the
/// records of employer `employer_id` (none for a new one) located at
/// `unit`?
pub async fn may_access_employer(
    state: &AppState,
    principal: &Principal,
    employer_id: Option<i64>,
    unit: &UnitKey,
    write: bool,
) -> Result<Result<(), AccessError>, ApiError> {
    let own = match employer_id {
        Some(id) => own_employer(state, principal).await? == Some(id),
        None => false,
    };
    Ok(principal.may_access_employer(&state.units, unit, own, write))
}

/// A worker by id, or 404.
pub async fn load_worker(state: &AppState, id: i64) -> Result<WorkerRecord, ApiError> {
    state.store.get_worker(id).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "worker_not_found",
            format!("Không có người lao động #{id}"),
            format!("No worker #{id}"),
        )
    })
}

/// Loads a worker and checks access, auditing the attempt.
pub async fn load_checked(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: AuditAction,
) -> Result<WorkerRecord, ApiError> {
    caller.require_account()?;
    let record = load_worker(state, id).await?;
    let decision = may_access_worker(state, &caller.principal, &record).await?;
    audit(
        state,
        &caller.principal,
        action,
        AuditSubject {
            kind: subject::WORKER,
            id: id.to_string(),
            unit: Some(&record.state.residence),
        },
        &decision,
    )
    .await?;
    decision?;
    Ok(record)
}

/// 404 for an employer.
pub fn employer_not_found(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "employer_not_found",
        format!("Không có đơn vị sử dụng lao động #{id}"),
        format!("No employer #{id}"),
    )
}

/// Loads an employer and checks access (`action` other than read is a
/// write), auditing the attempt.
pub async fn load_employer(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: AuditAction,
) -> Result<EmployerRecord, ApiError> {
    caller.require_account()?;
    let record = state
        .store
        .get_employer(id)
        .await?
        .ok_or_else(|| employer_not_found(id))?;
    let write = action != AuditAction::Read;
    let decision = may_access_employer(
        state,
        &caller.principal,
        Some(id),
        &record.profile.address_unit,
        write,
    )
    .await?;
    audit(
        state,
        &caller.principal,
        action,
        AuditSubject {
            kind: subject::EMPLOYER,
            id: id.to_string(),
            unit: Some(&record.profile.address_unit),
        },
        &decision,
    )
    .await?;
    decision?;
    Ok(record)
}

/// Checks a vacancy to post or replace: its fields, its employer, and that
/// the caller writes for that employer (an officer only for an employer
/// registered in their area). Gives the vacancy's province.
pub async fn check_vacancy_write(
    state: &AppState,
    caller: &Caller,
    posting: &VacancyPosting,
) -> Result<String, ApiError> {
    caller.require_account()?;
    let problems = posting.check(&state.units);
    if !problems.is_empty() {
        return Err(ApiError::invalid_record(&problems));
    }
    let employer = state
        .store
        .get_employer(posting.employer_id)
        .await?
        .ok_or_else(|| employer_not_found(posting.employer_id))?;
    may_access_employer(
        state,
        &caller.principal,
        Some(employer.id),
        &posting.work_unit,
        true,
    )
    .await??;
    // A vacancy belongs to its employer: an officer posts only in the name
    // of an employer registered in their area.
    if caller.principal.role != Role::Employer {
        caller
            .principal
            .may_read_unit(&state.units, &employer.profile.address_unit)?;
    }
    province_of(state, &posting.work_unit)
}

/// Lists may be split by commas into items; items are trimmed and NFC, so
/// that a record typed in the API exports and imports back unchanged; the
/// fields that follow from others are settled ([`WorkerProfile::settle`]).
pub fn normalise(mut profile: WorkerProfile) -> WorkerProfile {
    let clean = |items: Vec<String>| -> Vec<String> {
        items
            .iter()
            .flat_map(|item| vieclam_domain::registry::parse_list(item))
            .collect()
    };
    // The fields that follow from others (the old wanted occupation, the
    // disability priority group) are settled by the domain's one rule.
    profile.settle();
    profile.certificates = clean(profile.certificates);
    profile.skills = clean(profile.skills);
    profile.qualification_field = profile
        .qualification_field
        .map(|field| vieclam_text::nfc(field.trim()))
        .filter(|field| !field.is_empty());
    profile
}

/// May the caller read (and edit) this worker's record?
/// Loads a worker and decides access, without auditing yet: a write is
/// audited once every check has run, with its outcome.
pub async fn load_access(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<(WorkerRecord, Result<(), AccessError>), ApiError> {
    caller.require_account()?;
    let record = load_worker(state, id).await?;
    let decision = may_access_worker(state, &caller.principal, &record).await?;
    Ok((record, decision))
}

pub fn subject_of(record: &WorkerRecord) -> AuditSubject<'_> {
    AuditSubject {
        kind: subject::WORKER,
        id: record.id.to_string(),
        unit: Some(&record.state.residence),
    }
}

/// Checks a profile's rules and the caller's right to keep a worker in its
/// commune.
pub fn check_profile(
    state: &AppState,
    principal: &Principal,
    profile: &WorkerProfile,
) -> Result<(), ApiError> {
    let problems = profile.check(&state.units, vietnam_today());
    if !problems.is_empty() {
        return Err(ApiError::invalid_record(&problems));
    }
    if principal.role != Role::Worker {
        principal.may_read_person_in(&state.units, &profile.residence)?;
    }
    Ok(())
}

/// Saves a worker's profile: the worker themself or an officer of their
/// area; checked, audited, and followed by the search index, matching
/// and statistics. The one path of the API and the pages.
pub async fn update_worker_profile(
    state: &AppState,
    caller: &Caller,
    id: i64,
    profile: WorkerProfile,
) -> Result<WorkerRecord, ApiError> {
    update_worker_profile_because(state, caller, id, profile, None).await
}

/// [`update_worker_profile`] with the reason an officer gives for the
/// change, kept on the change's audit entry (the API takes none; the
/// officers' pages require one).
pub async fn update_worker_profile_because(
    state: &AppState,
    caller: &Caller,
    id: i64,
    profile: WorkerProfile,
    reason: Option<&str>,
) -> Result<WorkerRecord, ApiError> {
    let (existing, decision) = load_access(state, caller, id).await?;
    let result = async {
        decision?;
        let profile = normalise(profile);
        check_profile(state, &caller.principal, &profile)?;
        let province_code = province_of(state, &profile.residence)?;
        let record = state
            .store
            .update_worker(
                id,
                WorkerWrite {
                    profile: &profile,
                    province_code: &province_code,
                    registered_on: vietnam_today(),
                    source: if caller.principal.role == Role::Worker {
                        EventSource::SelfDeclared
                    } else {
                        EventSource::UnitSurvey
                    },
                    actor: caller.principal.user_id,
                },
                Utc::now(),
            )
            .await?;
        Ok(record)
    }
    .await;
    audit_result_noting(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(&existing),
        &result,
        reason,
    )
    .await?;
    let record = result?;
    crate::search::follow_worker(state, record.id).await;
    Ok(record)
}
