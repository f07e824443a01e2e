//! What a caller may list, as a store `Area`, and the audit entries every
//! read or change of a person's or an employer's record leaves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use vieclam_domain::{
    AccessError, AdminUnits, AuditAction, AuditOutcome, Principal, Role, UnitKey,
};
use vieclam_store::{Area, NewAuditEntry};

use crate::error::ApiError;
use crate::AppState;

/// Communes covered by each scope, computed once per scope.
#[derive(Default)]
pub struct AreaCache {
    communes: Mutex<HashMap<UnitKey, Arc<Vec<UnitKey>>>>,
}

impl AreaCache {
    fn communes(&self, units: &AdminUnits, scope: &UnitKey) -> Arc<Vec<UnitKey>> {
        let mut cache = self
            .communes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(scope.clone())
            .or_insert_with(|| Arc::new(units.communes_covered_by(scope)))
            .clone()
    }
}

/// The area of the records a principal may list: all for the admin, the
/// province for an officer of a 2025 province, the covered communes for
/// any other officer, nothing for anyone else.
pub fn area_of(state: &AppState, principal: &Principal, personal: bool) -> Area {
    let allowed = if personal {
        principal.role.reads_personal_records()
    } else {
        principal.role == Role::Admin || principal.role.needs_unit_scope()
    };
    if !allowed {
        return Area::Nothing;
    }
    match (&principal.role, &principal.scope) {
        (Role::Admin, _) => Area::All,
        (_, Some(scope)) => area_of_unit(state, scope),
        (_, None) => Area::Nothing,
    }
}

/// The area of the records kept in `unit` and the units within it: the
/// province of a 2025 province, the covered communes of any other unit.
pub fn area_of_unit(state: &AppState, unit: &UnitKey) -> Area {
    Area::of_unit_with(unit, || state.areas.communes(&state.units, unit).to_vec())
}

/// Who did what to which record, allowed or not.
pub struct AuditSubject<'a> {
    pub kind: &'static str,
    pub id: String,
    pub unit: Option<&'a UnitKey>,
}

/// Writes an audit entry for an access to a record. The province is the
/// 2025 province of the record's unit.
pub async fn audit(
    state: &AppState,
    principal: &Principal,
    action: AuditAction,
    subject: AuditSubject<'_>,
    decision: &Result<(), AccessError>,
) -> Result<(), ApiError> {
    let outcome = if decision.is_ok() {
        AuditOutcome::Allowed
    } else {
        AuditOutcome::Denied
    };
    let reason = decision.as_ref().err().map(ToString::to_string);
    write_audit(state, principal, action, subject, outcome, reason, &[]).await
}

/// Records which records an allowed listing, search, candidate list or
/// export returned (their ids), after it ran.
pub async fn audit_returned(
    state: &AppState,
    principal: &Principal,
    kind: &'static str,
    what: &str,
    records: &[i64],
) -> Result<(), ApiError> {
    write_audit(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind,
            id: what.to_owned(),
            unit: principal.scope.as_ref(),
        },
        AuditOutcome::Allowed,
        None,
        records,
    )
    .await
}

/// Passes an allowed decision through; a refusal is written to the trail
/// first, then answered.
pub async fn check_audited(
    state: &AppState,
    principal: &Principal,
    action: AuditAction,
    subject: AuditSubject<'_>,
    decision: Result<(), AccessError>,
) -> Result<(), ApiError> {
    if decision.is_err() {
        audit(state, principal, action, subject, &decision).await?;
    }
    decision.map_err(ApiError::from)
}

/// Writes the audit entry of a finished request, after every check, with
/// its outcome: allowed when it succeeded, denied when a rule refused it
/// (403), failed otherwise (the reason is the error's stable code; never
/// the content of the request).
pub async fn audit_result<T>(
    state: &AppState,
    principal: &Principal,
    action: AuditAction,
    subject: AuditSubject<'_>,
    result: &Result<T, ApiError>,
) -> Result<(), ApiError> {
    audit_result_noting(state, principal, action, subject, result, None).await
}

/// [`audit_result`] for a change an officer gave a reason for (an edit of
/// a record in the register): the reason is kept on the entry when the
/// change is allowed, so that the record's history says why it changed.
pub async fn audit_result_noting<T>(
    state: &AppState,
    principal: &Principal,
    action: AuditAction,
    subject: AuditSubject<'_>,
    result: &Result<T, ApiError>,
    note: Option<&str>,
) -> Result<(), ApiError> {
    // Anonymous callers refused for want of a login are counted by the
    // metrics, not written to the trail, which they could otherwise flood.
    if principal.user_id.is_none() {
        return Ok(());
    }
    let (outcome, reason) = match result {
        Ok(_) => (AuditOutcome::Allowed, note.map(str::to_owned)),
        Err(error) if error.status == axum::http::StatusCode::FORBIDDEN => {
            (AuditOutcome::Denied, Some(error.message_en.clone()))
        }
        Err(error) => (AuditOutcome::Failed, Some(error.code.to_owned())),
    };
    write_audit(state, principal, action, subject, outcome, reason, &[]).await
}

/// Writes one audit entry, with the ids of the records it returned or
/// touched (a search's hits, an export's rows).
pub async fn write_audit(
    state: &AppState,
    principal: &Principal,
    action: AuditAction,
    subject: AuditSubject<'_>,
    outcome: AuditOutcome,
    reason: Option<String>,
    records: &[i64],
) -> Result<(), ApiError> {
    let province_code = subject
        .unit
        .and_then(|unit| state.units.current_province_code(unit).ok())
        .map(|code| code.to_string());
    state
        .store
        .record_audit(&NewAuditEntry {
            at: Utc::now(),
            actor_user_id: principal.user_id,
            actor_role: principal.role,
            action,
            subject_kind: subject.kind.to_owned(),
            subject_id: subject.id,
            unit: subject.unit.cloned(),
            province_code,
            outcome,
            reason,
            request_id: None,
            records: records.to_vec(),
        })
        .await?;
    Ok(())
}

/// The 2025 province code of a unit, the distribution key of its records.
pub fn province_of(state: &AppState, unit: &UnitKey) -> Result<String, ApiError> {
    Ok(state.units.current_province_code(unit)?.to_string())
}
