//! The exchange's venues as the API and the officers' pages change them:
//! the province's officers create and edit a venue and name the exchange
//! staff that run it. One path for both, audited with its outcome.

use chrono::Utc;
use vieclam_domain::{AuditAction, Principal, Role};
use vieclam_exchange::{ExchangeError, VenueDraft};
use vieclam_store::exchange::VenueRecord;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{load_venue, subject};
use crate::scope::{audit_result, check_audited, province_of, AuditSubject};
use crate::AppState;

/// Checks a venue's fields and the staff it names: accounts of exchange
/// staff whose unit covers the venue. Gives the venue's province.
pub async fn check_draft(state: &AppState, draft: &VenueDraft) -> Result<String, ApiError> {
    draft.check()?;
    state.units.get(&draft.unit)?;
    for &user_id in &draft.staff {
        let account = state.store.get_user(user_id).await?;
        let fits = account.is_some_and(|account| {
            account.role == Role::ExchangeStaff
                && account
                    .scope
                    .as_ref()
                    .is_some_and(|scope| state.units.covers(scope, &draft.unit))
        });
        if !fits {
            return Err(ExchangeError::Invalid {
                field: "staff",
                reason_vi: format!(
                    "Tài khoản #{user_id} không phải cán bộ Trung tâm Dịch vụ việc làm phụ trách địa bàn của sàn"
                ),
                reason_en: format!(
                    "Account #{user_id} is not exchange staff of the venue's area"
                ),
            }
            .into());
        }
    }
    province_of(state, &draft.unit)
}

/// Does the caller manage this venue (edit it, see its staff)?
pub fn manages(state: &AppState, principal: &Principal, record: &VenueRecord) -> bool {
    principal
        .may_manage_venue(&state.units, &record.venue.unit)
        .is_ok()
}

/// Creates a venue (the province's officers). Audited with its outcome.
pub async fn create_venue(
    state: &AppState,
    caller: &Caller,
    draft: &VenueDraft,
) -> Result<VenueRecord, ApiError> {
    caller.require_account()?;
    let subject_of = || AuditSubject {
        kind: subject::VENUE,
        id: "new".to_owned(),
        unit: Some(&draft.unit),
    };
    check_audited(
        state,
        &caller.principal,
        AuditAction::Create,
        subject_of(),
        caller.principal.may_manage_venue(&state.units, &draft.unit),
    )
    .await?;
    let result = async {
        let province = check_draft(state, draft).await?;
        Ok(state
            .store
            .create_venue(draft, &province, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Create,
        subject_of(),
        &result,
    )
    .await?;
    result
}

/// Replaces a venue (the officers of the province it is in, and of the
/// one it moves to). Audited with its outcome.
pub async fn update_venue(
    state: &AppState,
    caller: &Caller,
    id: i64,
    draft: &VenueDraft,
) -> Result<VenueRecord, ApiError> {
    caller.require_account()?;
    let current = load_venue(state, id).await?;
    let subject_of = || AuditSubject {
        kind: subject::VENUE,
        id: id.to_string(),
        unit: Some(&current.venue.unit),
    };
    // Where the venue is now, and where the new version puts it.
    let decision = caller
        .principal
        .may_manage_venue(&state.units, &current.venue.unit)
        .and_then(|()| caller.principal.may_manage_venue(&state.units, &draft.unit));
    check_audited(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        let province = check_draft(state, draft).await?;
        Ok(state
            .store
            .update_venue(id, draft, &current.venue.unit, &province, Utc::now())
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
