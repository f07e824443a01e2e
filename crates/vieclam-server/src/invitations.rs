//! Invitations to apply, for the API and the pages: an employer invites a
//! worker recommended for its vacancy (only a worker who consented to be
//! shown to employers, as `matching::candidates_for` shows them); the
//! worker accepts, which applies through the one path of applications
//! (`exchange::apply_to`) and so shares their contact with the employer,
//! or declines. Until then the employer knows the worker by initials and
//! commune only. Every invitation, listing and answer is audited.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::audit::subject as record_subject;
use vieclam_domain::registry::VacancyStatus;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_exchange::{ApplicationStatus, ExchangeError, InvitationState};
use vieclam_store::{ApplicationFilter, InvitationFilter, InvitationRecord, InvitationWrite, Page};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{apply_to, may_act_for_vacancy, Named};
use crate::records::{load_checked, may_access_employer, own_worker};
use crate::scope::{audit_result, audit_returned, check_audited, AuditSubject};
use crate::views::load_vacancy;
use crate::AppState;

/// The audit subject of invitations.
pub const SUBJECT: &str = "invitation";

/// The most invitations a listing returns (a vacancy's, a worker's).
const LISTED: Page = Page {
    limit: 500,
    offset: 0,
};

/// An invitation as answered: the ids, where it stands, and the vacancy's
/// title and employer (public facts of a vacancy) for the worker's list.
#[derive(Serialize, ToSchema)]
pub struct InvitationView {
    pub id: i64,
    pub vacancy_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub state: Named,
    /// The application an accepted invitation made.
    pub application_id: Option<i64>,
    pub vacancy_title: String,
    pub employer_name: String,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// A state with its names.
pub fn state_named(state: InvitationState) -> Named {
    Named {
        code: state.as_str(),
        name_vi: state.name_vi(),
        name_en: state.name_en(),
    }
}

/// The views of these invitations, their vacancies and employers read in
/// one go.
pub async fn views(
    state: &AppState,
    records: Vec<InvitationRecord>,
) -> Result<Vec<InvitationView>, ApiError> {
    let mut vacancy_ids: Vec<i64> = records.iter().map(|record| record.vacancy_id).collect();
    vacancy_ids.sort_unstable();
    vacancy_ids.dedup();
    let mut employer_ids: Vec<i64> = records.iter().map(|record| record.employer_id).collect();
    employer_ids.sort_unstable();
    employer_ids.dedup();
    let titles: std::collections::HashMap<i64, String> = state
        .store
        .get_vacancies(&vacancy_ids)
        .await?
        .into_iter()
        .map(|vacancy| (vacancy.id, vacancy.posting.title))
        .collect();
    let names: std::collections::HashMap<i64, String> = state
        .store
        .get_employers(&employer_ids)
        .await?
        .into_iter()
        .map(|employer| (employer.id, employer.profile.name))
        .collect();
    Ok(records
        .into_iter()
        .map(|record| InvitationView {
            id: record.id,
            vacancy_id: record.vacancy_id,
            worker_id: record.worker_id,
            employer_id: record.employer_id,
            state: state_named(record.state),
            application_id: record.application_id,
            vacancy_title: titles.get(&record.vacancy_id).cloned().unwrap_or_default(),
            employer_name: names.get(&record.employer_id).cloned().unwrap_or_default(),
            created_at: record.created_at,
            answered_at: record.answered_at,
        })
        .collect())
}

fn invitation_not_found(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "invitation_not_found",
        format!("Không có lời mời #{id}"),
        format!("No invitation #{id}"),
    )
}

/// A worker the employer may not see is answered as one that does not
/// exist: whether a number is a registered worker is no employer's
/// business.
fn candidate_not_found(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "candidate_not_found",
        format!("Không có ứng viên #{id}"),
        format!("No candidate #{id}"),
    )
}

/// The employer of an open vacancy invites a worker who consented to be
/// shown to employers. Only the employer's own account invites (an
/// invitation speaks in its name); a second invitation of the same worker
/// to the same vacancy is a conflict.
pub async fn invite(
    state: &AppState,
    caller: &Caller,
    vacancy_id: i64,
    worker_id: i64,
) -> Result<InvitationRecord, ApiError> {
    caller.require_account()?;
    let vacancy = load_vacancy(state, vacancy_id).await?;
    let principal = &caller.principal;
    let decision = if principal.role == Role::Employer {
        may_access_employer(
            state,
            principal,
            Some(vacancy.posting.employer_id),
            &vacancy.posting.work_unit,
            true,
        )
        .await?
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    let subject_of = || AuditSubject {
        kind: SUBJECT,
        id: format!("vacancy:{vacancy_id}:worker:{worker_id}"),
        unit: Some(&vacancy.posting.work_unit),
    };
    check_audited(
        state,
        principal,
        AuditAction::Create,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        if vacancy.posting.status_on(crate::vietnam_today()) != VacancyStatus::Open {
            return Err(ExchangeError::Invalid {
                field: "vacancy",
                reason_vi: "Vị trí việc làm không còn tuyển".to_owned(),
                reason_en: "The vacancy is not open".to_owned(),
            }
            .into());
        }
        let worker = state
            .store
            .get_worker(worker_id)
            .await?
            .filter(|worker| worker.profile.consent_share_with_employers)
            .ok_or_else(|| candidate_not_found(worker_id))?;
        Ok(state
            .store
            .create_invitation(
                &InvitationWrite {
                    vacancy_id,
                    worker_id: worker.id,
                    employer_id: vacancy.posting.employer_id,
                    province_code: &vacancy.province_code,
                    actor: principal.user_id,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(state, principal, AuditAction::Create, subject_of(), &result).await?;
    result
}

/// The invitations sent for a vacancy, newest first: its employer, or
/// officers of its area (as they read its applications). The workers named
/// are audited.
pub async fn invitations_of_vacancy(
    state: &AppState,
    caller: &Caller,
    vacancy_id: i64,
) -> Result<Vec<InvitationRecord>, ApiError> {
    caller.require_account()?;
    let vacancy = load_vacancy(state, vacancy_id).await?;
    let decision = may_act_for_vacancy(state, caller, &vacancy, false).await?;
    check_audited(
        state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: SUBJECT,
            id: format!("vacancy:{vacancy_id}"),
            unit: Some(&vacancy.posting.work_unit),
        },
        decision,
    )
    .await?;
    let records = state
        .store
        .list_invitations(
            &InvitationFilter {
                vacancy_id: Some(vacancy_id),
                ..InvitationFilter::default()
            },
            LISTED,
        )
        .await?;
    let ids: Vec<i64> = records.iter().map(|record| record.worker_id).collect();
    audit_returned(
        state,
        &caller.principal,
        record_subject::WORKER,
        &format!("vacancy:{vacancy_id}:invitations"),
        &ids,
    )
    .await?;
    Ok(records)
}

/// A worker's invitations, newest first, with each vacancy's title and
/// employer: the worker themself, or officers of their area (the read is
/// audited as any read of the worker's record).
pub async fn invitations_of_worker(
    state: &AppState,
    caller: &Caller,
    worker_id: i64,
) -> Result<Vec<InvitationView>, ApiError> {
    load_checked(state, caller, worker_id, AuditAction::Read).await?;
    let records = state
        .store
        .list_invitations(
            &InvitationFilter {
                worker_id: Some(worker_id),
                ..InvitationFilter::default()
            },
            LISTED,
        )
        .await?;
    views(state, records).await
}

/// The invited worker answers, once. Accepting applies to the vacancy
/// through the one path of applications (`exchange::apply_to`: the vacancy
/// must still be open) — or takes the application the worker already
/// made to it — and records which; declining records the refusal.
pub async fn answer(
    state: &AppState,
    caller: &Caller,
    invitation_id: i64,
    accept: bool,
) -> Result<InvitationRecord, ApiError> {
    caller.require_account()?;
    let invitation = state
        .store
        .get_invitation(invitation_id)
        .await?
        .ok_or_else(|| invitation_not_found(invitation_id))?;
    let principal = &caller.principal;
    // Only the invited worker answers: nobody accepts a job offer, and so
    // shares a contact, on someone's behalf.
    let decision = match principal.role {
        Role::Worker if own_worker(state, principal).await? == Some(invitation.worker_id) => Ok(()),
        role => Err(AccessError::RoleNotAllowed(role)),
    };
    let subject_of = || AuditSubject {
        kind: SUBJECT,
        id: invitation_id.to_string(),
        unit: None,
    };
    check_audited(
        state,
        principal,
        AuditAction::Update,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        let to = if accept {
            InvitationState::Accepted
        } else {
            InvitationState::Declined
        };
        invitation.state.check_answer(to)?;
        let application_id = if accept {
            let live = state
                .store
                .list_applications(
                    &ApplicationFilter {
                        vacancy_id: Some(invitation.vacancy_id),
                        worker_id: Some(invitation.worker_id),
                        ..ApplicationFilter::default()
                    },
                    Page {
                        limit: 50,
                        offset: 0,
                    },
                )
                .await?
                .into_iter()
                .find(|application| application.status != ApplicationStatus::Withdrawn);
            Some(match live {
                Some(application) => application.id,
                None => {
                    apply_to(
                        state,
                        caller,
                        invitation.vacancy_id,
                        Some(invitation.worker_id),
                        None,
                    )
                    .await?
                    .id
                }
            })
        } else {
            None
        };
        Ok(state
            .store
            .answer_invitation(invitation_id, to, application_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(state, principal, AuditAction::Update, subject_of(), &result).await?;
    result
}
