//! The writes of employers and their vacancies that the API and the pages
//! share: an employer's profile replaced, a vacancy posted, replaced or
//! closed. Each runs the same checks (`records::check_vacancy_write`,
//! `EmployerProfile::check`), the same store call, the same follow-ups
//! (the search index and the matching forms) and the same audit, whoever
//! calls it.

use chrono::Utc;
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{EmployerProfile, VacancyPosting, VacancyStatus};
use vieclam_domain::{AuditAction, Role};
use vieclam_store::{Area, EmployerRecord, EmployerWrite, Page, VacancyRecord, VacancyWrite};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::records::{check_vacancy_write, employer_not_found, may_access_employer};
use crate::scope::{audit_result, audit_result_noting, province_of, AuditSubject};
use crate::views::vacancy_not_found;
use crate::AppState;

/// Checks an employer's profile against the rules of the register.
pub fn check_employer(state: &AppState, profile: &EmployerProfile) -> Result<(), ApiError> {
    let problems = profile.check(&state.units);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_record(&problems))
    }
}

/// Replaces an employer's profile: its own account, or an officer of its
/// area (who keeps it inside the area). Audited with its outcome; the
/// employer's vacancies are indexed again (its name is searched with
/// them).
pub async fn update_employer(
    state: &AppState,
    caller: &Caller,
    id: i64,
    profile: &EmployerProfile,
) -> Result<EmployerRecord, ApiError> {
    update_employer_because(state, caller, id, profile, None).await
}

/// [`update_employer`] with the reason an officer gives for the change,
/// kept on the change's audit entry.
pub async fn update_employer_because(
    state: &AppState,
    caller: &Caller,
    id: i64,
    profile: &EmployerProfile,
    reason: Option<&str>,
) -> Result<EmployerRecord, ApiError> {
    caller.require_account()?;
    let existing = state
        .store
        .get_employer(id)
        .await?
        .ok_or_else(|| employer_not_found(id))?;
    let result = async {
        may_access_employer(
            state,
            &caller.principal,
            Some(id),
            &existing.profile.address_unit,
            true,
        )
        .await??;
        check_employer(state, profile)?;
        if caller.principal.role != Role::Employer {
            caller
                .principal
                .may_read_unit(&state.units, &profile.address_unit)?;
        }
        let province_code = province_of(state, &profile.address_unit)?;
        Ok(state
            .store
            .update_employer(
                id,
                EmployerWrite {
                    profile,
                    province_code: &province_code,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result_noting(
        state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::EMPLOYER,
            id: id.to_string(),
            unit: Some(&existing.profile.address_unit),
        },
        &result,
        reason,
    )
    .await?;
    let record = result?;
    let vacancies = state
        .store
        .list_vacancies(
            &Area::All,
            Some(id),
            None,
            Page {
                limit: 10_000,
                offset: 0,
            },
        )
        .await?;
    for vacancy in vacancies {
        crate::search::follow_vacancy(state, vacancy.id).await;
    }
    Ok(record)
}

/// A vacancy by id, for a caller who may change it: its employer, or an
/// officer of the employer's area.
pub async fn load_vacancy_for_write(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<VacancyRecord, ApiError> {
    caller.require_account()?;
    let record = state
        .store
        .get_vacancy(id)
        .await?
        .ok_or_else(|| vacancy_not_found(id))?;
    may_access_employer(
        state,
        &caller.principal,
        Some(record.posting.employer_id),
        &record.posting.work_unit,
        true,
    )
    .await??;
    if caller.principal.role != Role::Employer {
        let employer = state
            .store
            .get_employer(record.posting.employer_id)
            .await?
            .ok_or_else(|| employer_not_found(record.posting.employer_id))?;
        caller
            .principal
            .may_read_unit(&state.units, &employer.profile.address_unit)?;
    }
    Ok(record)
}

fn vacancy_subject(id: String, posting: &VacancyPosting) -> AuditSubject<'_> {
    AuditSubject {
        kind: subject::VACANCY,
        id,
        unit: Some(&posting.work_unit),
    }
}

/// Posts a vacancy (officers of its employer's area, or its employer),
/// then indexes it for search and matching. Audited with its outcome.
pub async fn post_vacancy(
    state: &AppState,
    caller: &Caller,
    posting: &VacancyPosting,
) -> Result<VacancyRecord, ApiError> {
    caller.require_account()?;
    let result = async {
        let province_code = check_vacancy_write(state, caller, posting).await?;
        Ok(state
            .store
            .create_vacancy(
                VacancyWrite {
                    posting,
                    province_code: &province_code,
                    opened_at: None,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    let id = match &result {
        Ok(record) => record.id.to_string(),
        Err(_) => "new".to_owned(),
    };
    audit_result(
        state,
        &caller.principal,
        AuditAction::Create,
        vacancy_subject(id, posting),
        &result,
    )
    .await?;
    let record = result?;
    crate::search::follow_vacancy(state, record.id).await;
    Ok(record)
}

/// Replaces a vacancy (closing it is a change of its status), then indexes
/// it again. Audited with its outcome.
pub async fn replace_vacancy(
    state: &AppState,
    caller: &Caller,
    id: i64,
    posting: &VacancyPosting,
) -> Result<VacancyRecord, ApiError> {
    caller.require_account()?;
    let result = async {
        load_vacancy_for_write(state, caller, id).await?;
        let province_code = check_vacancy_write(state, caller, posting).await?;
        Ok(state
            .store
            .update_vacancy(
                id,
                VacancyWrite {
                    posting,
                    province_code: &province_code,
                    opened_at: None,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        vacancy_subject(id.to_string(), posting),
        &result,
    )
    .await?;
    let record = result?;
    crate::search::follow_vacancy(state, id).await;
    Ok(record)
}

/// Closes a vacancy: the same replacement with the status `closed`.
pub async fn close_vacancy(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<VacancyRecord, ApiError> {
    let record = load_vacancy_for_write(state, caller, id).await?;
    let mut posting = record.posting;
    posting.status = VacancyStatus::Closed;
    replace_vacancy(state, caller, id, &posting).await
}

/// The employers of the caller's area, by id (officers and partner
/// agencies; the admin sees all): the listing of the API and of the
/// officers' pages, audited with the ids it returned. An employer account
/// reads its own record elsewhere; any other role is refused.
pub async fn employers_of_area(
    state: &AppState,
    caller: &Caller,
    page: Page,
) -> Result<Vec<EmployerRecord>, ApiError> {
    use vieclam_domain::AccessError;

    use crate::scope::{area_of, audit_returned, check_audited};

    caller.require_account()?;
    let principal = &caller.principal;
    let area = area_of(state, principal, false);
    let decision = if area == Area::Nothing {
        Err(AccessError::RoleNotAllowed(principal.role))
    } else {
        Ok(())
    };
    check_audited(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::EMPLOYER,
            id: "list".to_owned(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let employers = state.store.list_employers(&area, page).await?;
    let ids: Vec<i64> = employers.iter().map(|employer| employer.id).collect();
    audit_returned(state, principal, subject::EMPLOYER, "list", &ids).await?;
    Ok(employers)
}

/// A vacancy as an officer keeps it, whatever its status: only for an
/// officer who reads the registers of the vacancy's place of work (an open
/// vacancy is public, but its applications and history are not). Audited,
/// refusals included.
pub async fn load_vacancy_for_officer(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<VacancyRecord, ApiError> {
    use vieclam_domain::AccessError;

    use crate::scope::audit;

    caller.require_account()?;
    let record = state
        .store
        .get_vacancy(id)
        .await?
        .ok_or_else(|| vacancy_not_found(id))?;
    let principal = &caller.principal;
    let decision = if principal.role.reads_closed_vacancies() {
        may_access_employer(
            state,
            principal,
            Some(record.posting.employer_id),
            &record.posting.work_unit,
            false,
        )
        .await?
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    audit(
        state,
        principal,
        AuditAction::Read,
        vacancy_subject(id.to_string(), &record.posting),
        &decision,
    )
    .await?;
    decision?;
    Ok(record)
}

/// Opens a closed vacancy again (the same replacement with the status
/// `open`); the rules of a posting apply again, a deadline passed included.
pub async fn reopen_vacancy(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<VacancyRecord, ApiError> {
    let record = load_vacancy_for_write(state, caller, id).await?;
    let mut posting = record.posting;
    posting.status = VacancyStatus::Open;
    replace_vacancy(state, caller, id, &posting).await
}
