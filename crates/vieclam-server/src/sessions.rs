//! A session's life as those who run it move it: planned → open →
//! running → closed, cancelled before it runs, and its report filed
//! (`reported`); the report read as it stands. The one path of the API's
//! session and report routes and the exchange's pages.

use chrono::Utc;
use vieclam_domain::audit::subject as record_subject;
use vieclam_domain::AuditAction;
use vieclam_exchange::report::SessionReport;
use vieclam_exchange::{Party, RegistrationState, SessionStatus};
use vieclam_store::exchange::{RegistrationRecord, SessionRecord};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{
    check_session, live_report, load_session, session_place, subject, today, SessionAccess,
};
use crate::scope::{audit_result, audit_returned, AuditSubject};
use crate::AppState;

/// Moves a session to `to` (those who run it). Audited with its outcome.
pub async fn move_session(
    state: &AppState,
    caller: &Caller,
    id: i64,
    to: &str,
) -> Result<SessionRecord, ApiError> {
    let current = load_session(state, id).await?;
    check_session(
        state,
        caller,
        &current,
        SessionAccess::Run,
        AuditAction::Update,
    )
    .await?;
    let result = async {
        let to = SessionStatus::parse(to)?;
        Ok(state
            .store
            .move_session(id, to, caller.principal.user_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::SESSION,
            id: id.to_string(),
            unit: Some(&current.session.unit),
        },
        &result,
    )
    .await?;
    result
}

/// The report of a session the caller runs or follows: the one filed, or
/// one built from the records now.
pub async fn report_of(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<SessionReport, ApiError> {
    let session = load_session(state, id).await?;
    let venue = check_session(
        state,
        caller,
        &session,
        SessionAccess::Follow,
        AuditAction::Read,
    )
    .await?;
    if session.status == SessionStatus::Reported {
        if let Some(filed) = state.store.session_report(id).await? {
            return serde_json::from_value(filed).map_err(|error| {
                tracing::error!(error = %error, session = id, "a filed report does not read back");
                ApiError::internal()
            });
        }
    }
    let place = session_place(&state.units, &session, &venue);
    Ok(live_report(state.store.as_ref(), &session, place, today()).await?)
}

/// Files a closed session's report and closes the session for good (those
/// who run it). Audited with its outcome.
pub async fn file_report(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<SessionRecord, ApiError> {
    let session = load_session(state, id).await?;
    let venue = check_session(
        state,
        caller,
        &session,
        SessionAccess::Run,
        AuditAction::Update,
    )
    .await?;
    let result = async {
        session
            .status
            .check_move(SessionStatus::Reported)
            .map_err(ApiError::from)?;
        let place = session_place(&state.units, &session, &venue);
        let report = live_report(state.store.as_ref(), &session, place, today()).await?;
        let value = serde_json::to_value(&report).map_err(|_| ApiError::internal())?;
        Ok(state
            .store
            .file_session_report(id, &value, caller.principal.user_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::SESSION,
            id: format!("{id}:report"),
            unit: Some(&session.session.unit),
        },
        &result,
    )
    .await?;
    result
}

/// A session's registrations with the names of their workers and
/// employers (those who run or follow it): `party` `worker` or
/// `employer`, `wanted` `accepted`, `waiting` or `cancelled`. The workers
/// shown are audited.
pub async fn session_registrations(
    state: &AppState,
    caller: &Caller,
    id: i64,
    party: Option<&str>,
    wanted: Option<&str>,
    paging: crate::paging::PageParams,
) -> Result<Vec<(RegistrationRecord, Option<String>)>, ApiError> {
    let session = load_session(state, id).await?;
    check_session(
        state,
        caller,
        &session,
        SessionAccess::Follow,
        AuditAction::Read,
    )
    .await?;
    let page = paging.page()?;
    let party = party.map(Party::parse).transpose()?;
    let wanted = wanted.map(RegistrationState::parse).transpose()?;
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
    let named: Vec<(RegistrationRecord, Option<String>)> = records
        .into_iter()
        .map(|record| {
            let name = names.get(&(record.party, record.party_id)).cloned();
            (record, name)
        })
        .collect();
    audit_returned(
        state,
        &caller.principal,
        record_subject::WORKER,
        &format!("session:{id}:registrations"),
        &workers,
    )
    .await?;
    Ok(named)
}
