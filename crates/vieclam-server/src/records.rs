//! Who may reach a worker's or an employer's record: the store lookups
//! (whose record is the caller's own, where a record is) that the domain's
//! access rules need, shared by every route. The rules themselves are in
//! `vieclam_domain::access`.

use vieclam_domain::{AccessError, Principal, Role, UnitKey};
use vieclam_store::WorkerRecord;

use crate::error::ApiError;
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
