//! Interviews and a session's results: slots per booth (or per
//! application), on site or online, never overlapping for a worker or a
//! booth; attendance and no-shows; interviewed, shortlisted (sơ tuyển) and
//! hired (trúng tuyển). A hire records an `employed` labour event with the
//! session as its source, counted at once in the plans' new-jobs figure.
//! The one path of the API's interview and outcome routes and the
//! exchange's session page.

use chrono::{NaiveDateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_exchange::interview::check_slot;
use vieclam_exchange::{Attendance, ExchangeError, InterviewMode, Outcome, Party, SessionStatus};
use vieclam_store::exchange::{
    HireEvent, InterviewFilter, InterviewRecord, InterviewWrite, OutcomeRecord, OutcomeWrite,
    RegistrationRecord,
};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{
    accepted_registrations, check_session, hire_event, load_application, load_interview,
    load_session, runs_session, subject, SessionAccess,
};
use crate::records::{load_worker, may_access_employer, own_employer, own_worker};
use crate::scope::{audit_result, audit_returned, check_audited, AuditSubject};
use crate::views::load_vacancy;
use crate::AppState;

/// The accepted registration of a party at a session, if any.
async fn accepted(
    state: &AppState,
    session_id: i64,
    party: Party,
    party_id: i64,
) -> Result<Option<RegistrationRecord>, ApiError> {
    Ok(
        accepted_registrations(state.store.as_ref(), session_id, party)
            .await?
            .into_iter()
            .find(|record| record.party_id == party_id),
    )
}

/// A slot to book.
#[derive(Deserialize, ToSchema)]
pub struct InterviewRequest {
    /// At a session…
    pub session_id: Option<i64>,
    /// …or for an application outside sessions.
    pub application_id: Option<i64>,
    pub worker_id: i64,
    pub vacancy_id: i64,
    /// At a session: the booth (the employer's own by default).
    pub booth: Option<u32>,
    /// Local time, e.g. `2025-03-14T09:00:00`.
    #[schema(value_type = String, example = "2025-03-14T09:00:00")]
    pub starts: NaiveDateTime,
    #[schema(value_type = String, example = "2025-03-14T09:20:00")]
    pub ends: NaiveDateTime,
    /// `on_site` or `online`.
    pub mode: String,
    /// For an online interview: the meeting link.
    pub link: Option<String>,
}

/// Books an interview slot: at a session (those who run it, or the
/// employer at its own booth, for a worker registered there and a vacancy
/// it brought), or for an application (the employer, or an officer for it).
pub async fn book_interview(
    state: &AppState,
    caller: &Caller,
    request: &InterviewRequest,
) -> Result<InterviewRecord, ApiError> {
    caller.require_account()?;
    let vacancy = load_vacancy(state, request.vacancy_id).await?;
    let worker = load_worker(state, request.worker_id).await?;
    let employer_id = vacancy.posting.employer_id;
    let principal = &caller.principal;
    let mode = InterviewMode::parse(&request.mode)?;
    let (decision, booth, unit) = match (request.session_id, request.application_id) {
        (Some(session_id), None) => {
            let session = load_session(state, session_id).await?;
            let registration = accepted(state, session_id, Party::Employer, employer_id).await?;
            let own = principal.role == Role::Employer
                && own_employer(state, principal).await? == Some(employer_id);
            let decision = if own || runs_session(state, caller, &session).await? {
                Ok(())
            } else {
                Err(AccessError::RoleNotAllowed(principal.role))
            };
            if decision.is_ok() {
                if !matches!(session.status, SessionStatus::Open | SessionStatus::Running) {
                    return Err(ExchangeError::RegistrationClosed {
                        status: session.status.as_str(),
                    }
                    .into());
                }
                let brings = registration
                    .as_ref()
                    .is_some_and(|r| r.vacancies.contains(&request.vacancy_id));
                if !brings {
                    return Err(ExchangeError::VacancyNotInSession.into());
                }
                if accepted(state, session_id, Party::Worker, request.worker_id)
                    .await?
                    .is_none()
                {
                    return Err(ExchangeError::Invalid {
                        field: "worker_id",
                        reason_vi: "Người lao động chưa có chỗ tại phiên".to_owned(),
                        reason_en: "The worker holds no place at the session".to_owned(),
                    }
                    .into());
                }
            }
            let booth = request
                .booth
                .or_else(|| registration.as_ref().and_then(|r| r.booth));
            (decision, booth, session.session.unit)
        }
        (None, Some(application_id)) => {
            let application = load_application(state, application_id).await?;
            if application.vacancy_id != request.vacancy_id
                || application.worker_id != request.worker_id
            {
                return Err(ExchangeError::Invalid {
                    field: "application_id",
                    reason_vi: "Hồ sơ ứng tuyển không khớp người lao động và vị trí".to_owned(),
                    reason_en: "The application is not this worker's for this vacancy".to_owned(),
                }
                .into());
            }
            let decision = may_access_employer(
                state,
                principal,
                Some(employer_id),
                &vacancy.posting.work_unit,
                true,
            )
            .await?;
            (decision, None, vacancy.posting.work_unit.clone())
        }
        _ => {
            return Err(ExchangeError::Invalid {
                field: "session_id",
                reason_vi:
                    "Ghi một trong hai: phiên (session_id) hoặc hồ sơ ứng tuyển (application_id)"
                        .to_owned(),
                reason_en: "Name either a session (session_id) or an application (application_id)"
                    .to_owned(),
            }
            .into())
        }
    };
    let subject_of = || AuditSubject {
        kind: subject::INTERVIEW,
        id: "new".to_owned(),
        unit: Some(&unit),
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
        check_slot(request.starts, request.ends, mode, request.link.as_deref())?;
        Ok(state
            .store
            .book_interview(
                &InterviewWrite {
                    session_id: request.session_id,
                    application_id: request.application_id,
                    worker_id: request.worker_id,
                    employer_id,
                    vacancy_id: request.vacancy_id,
                    booth,
                    starts: request.starts,
                    ends: request.ends,
                    mode,
                    link: request.link.as_deref(),
                    province_code: &worker.province_code,
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

/// May the caller change this interview: who runs its session, or its
/// employer (or an officer for the employer, outside sessions)?
async fn interview_decision(
    state: &AppState,
    caller: &Caller,
    record: &InterviewRecord,
) -> Result<Result<(), AccessError>, ApiError> {
    let principal = &caller.principal;
    if principal.role == Role::Employer {
        let own = own_employer(state, principal).await? == Some(record.employer_id);
        return Ok(if own {
            Ok(())
        } else {
            Err(AccessError::RoleNotAllowed(Role::Employer))
        });
    }
    if let Some(session_id) = record.session_id {
        let session = load_session(state, session_id).await?;
        if runs_session(state, caller, &session).await? {
            return Ok(Ok(()));
        }
        return Ok(Err(AccessError::OutsideScope));
    }
    let vacancy = load_vacancy(state, record.vacancy_id).await?;
    may_access_employer(
        state,
        principal,
        Some(record.employer_id),
        &vacancy.posting.work_unit,
        true,
    )
    .await
}

/// Attendance.
#[derive(Deserialize, ToSchema)]
pub struct AttendanceRequest {
    /// `attended`, `no_show` or `cancelled`.
    pub attendance: String,
}

/// Records whether the worker came (who runs the session, or the employer).
pub async fn set_attendance(
    state: &AppState,
    caller: &Caller,
    id: i64,
    attendance: &str,
) -> Result<InterviewRecord, ApiError> {
    caller.require_account()?;
    let record = load_interview(state, id).await?;
    let decision = interview_decision(state, caller, &record).await?;
    let subject_of = || AuditSubject {
        kind: subject::INTERVIEW,
        id: id.to_string(),
        unit: None,
    };
    check_audited(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        let attendance = Attendance::parse(attendance)?;
        if attendance == Attendance::Scheduled {
            return Err(ExchangeError::Invalid {
                field: "attendance",
                reason_vi: "Ghi đã phỏng vấn, vắng mặt hoặc hủy".to_owned(),
                reason_en: "Record attended, no_show or cancelled".to_owned(),
            }
            .into());
        }
        Ok(state
            .store
            .set_attendance(id, attendance, caller.principal.user_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        &result,
    )
    .await?;
    result
}

/// A session's interviews: all for those who run or follow it; its own for
/// an employer or a worker.
pub async fn session_interviews(
    state: &AppState,
    caller: &Caller,
    id: i64,
    page: vieclam_store::Page,
) -> Result<Vec<InterviewRecord>, ApiError> {
    let session = load_session(state, id).await?;
    let principal = &caller.principal;
    let mut filter = InterviewFilter {
        session_id: Some(id),
        ..InterviewFilter::default()
    };
    match principal.role {
        Role::Worker => {
            caller.require_account()?;
            filter.worker_id = Some(own_worker(state, principal).await?.unwrap_or(-1));
        }
        Role::Employer => {
            caller.require_account()?;
            filter.employer_id = Some(own_employer(state, principal).await?.unwrap_or(-1));
        }
        _ => {
            check_session(
                state,
                caller,
                &session,
                SessionAccess::Follow,
                AuditAction::Read,
            )
            .await?;
        }
    }
    let records = state.store.list_interviews(&filter, page).await?;
    let workers: Vec<i64> = records.iter().map(|record| record.worker_id).collect();
    audit_returned(
        state,
        principal,
        vieclam_domain::audit::subject::WORKER,
        &format!("session:{id}:interviews"),
        &workers,
    )
    .await?;
    Ok(records)
}

/// A result to record.
#[derive(Deserialize, ToSchema)]
pub struct OutcomeRequest {
    pub worker_id: i64,
    pub vacancy_id: i64,
    /// `interviewed`, `shortlisted`, `hired` or `rejected`.
    pub outcome: String,
}

/// Records a result at a running or closed session (who runs it, or the
/// employer for its own vacancy). A hire records the worker's `employed`
/// labour event, dated the session's day.
pub async fn record_outcome(
    state: &AppState,
    caller: &Caller,
    id: i64,
    request: &OutcomeRequest,
) -> Result<OutcomeRecord, ApiError> {
    caller.require_account()?;
    let session = load_session(state, id).await?;
    let vacancy = load_vacancy(state, request.vacancy_id).await?;
    let worker = load_worker(state, request.worker_id).await?;
    let employer_id = vacancy.posting.employer_id;
    let principal = &caller.principal;
    let own = principal.role == Role::Employer
        && own_employer(state, principal).await? == Some(employer_id);
    let decision = if own || runs_session(state, caller, &session).await? {
        Ok(())
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    let subject_of = || AuditSubject {
        kind: subject::SESSION,
        id: format!("{id}:outcomes"),
        unit: Some(&session.session.unit),
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
        let outcome = Outcome::parse(&request.outcome)?;
        let event = (outcome == Outcome::Hired).then(|| {
            hire_event(
                session.session.date,
                employer_id,
                vacancy.posting.occupation.clone(),
                Some(id),
                request.vacancy_id,
            )
        });
        let hire = event.as_ref().map(|event| HireEvent {
            event,
            province_code: &worker.province_code,
        });
        let recorded = state
            .store
            .record_outcome(
                &OutcomeWrite {
                    session_id: id,
                    worker_id: request.worker_id,
                    employer_id,
                    vacancy_id: request.vacancy_id,
                    outcome,
                    province_code: &worker.province_code,
                    actor: principal.user_id,
                },
                hire.as_ref(),
                Utc::now(),
            )
            .await?;
        if recorded.event_id.is_some() {
            crate::search::follow_worker(state, request.worker_id).await;
        }
        Ok(recorded)
    }
    .await;
    audit_result(state, principal, AuditAction::Update, subject_of(), &result).await?;
    result
}

/// A session's results: all for those who run or follow it, its own for
/// an employer.
pub async fn session_outcomes(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Vec<OutcomeRecord>, ApiError> {
    let session = load_session(state, id).await?;
    let principal = &caller.principal;
    let records = state.store.list_outcomes(id).await?;
    let shown: Vec<OutcomeRecord> = match principal.role {
        Role::Employer => {
            caller.require_account()?;
            let own = own_employer(state, principal).await?;
            records
                .into_iter()
                .filter(|record| Some(record.employer_id) == own)
                .collect()
        }
        Role::Worker => {
            caller.require_account()?;
            let own = own_worker(state, principal).await?;
            records
                .into_iter()
                .filter(|record| Some(record.worker_id) == own)
                .collect()
        }
        _ => {
            check_session(
                state,
                caller,
                &session,
                SessionAccess::Follow,
                AuditAction::Read,
            )
            .await?;
            records
        }
    };
    let workers: Vec<i64> = shown.iter().map(|outcome| outcome.worker_id).collect();
    audit_returned(
        state,
        principal,
        vieclam_domain::audit::subject::WORKER,
        &format!("session:{id}:outcomes"),
        &workers,
    )
    .await?;
    Ok(shown)
}
