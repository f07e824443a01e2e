//! The audit trail as both the API (`routes/audit.rs`) and the
//! administration pages read it: the admin all of it, a province officer
//! the entries about the province; filtered by account, record and time,
//! newest first, paged within bounds. Reading the trail is itself
//! recorded, refusals included.

use chrono::{NaiveDate, TimeZone, Utc};
use vieclam_domain::audit::subject;
use vieclam_domain::{AccessError, AuditAction, AuditOutcome, Role};
use vieclam_store::{AuditEntry, AuditFilter};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{Paging, PagingRule};
use crate::scope::{audit_result, AuditSubject};
use crate::AppState;

/// Which entries, as a request asks (every value hostile until checked).
#[derive(Clone, Debug, Default)]
pub struct AuditAsk {
    pub actor_user_id: Option<i64>,
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    /// `allowed`, `denied` or `failed`.
    pub outcome: Option<String>,
    pub record_id: Option<i64>,
    /// The first day (in Vietnam) of the entries.
    pub from: Option<NaiveDate>,
    /// The last day (in Vietnam) of the entries, included.
    pub to: Option<NaiveDate>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The instant a day begins in Vietnam (UTC+7).
fn vietnam_midnight(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        - chrono::Duration::hours(7)
}

/// The entries the caller may read that match `ask`, newest first; the
/// read is audited.
pub async fn read_audit(
    state: &AppState,
    caller: &Caller,
    ask: AuditAsk,
) -> Result<(Vec<AuditEntry>, Paging), ApiError> {
    let result = entries(state, caller, ask).await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::AUDIT_LOG,
            id: "list".to_owned(),
            unit: caller.principal.scope.as_ref(),
        },
        &result,
    )
    .await?;
    result
}

async fn entries(
    state: &AppState,
    caller: &Caller,
    ask: AuditAsk,
) -> Result<(Vec<AuditEntry>, Paging), ApiError> {
    let account = caller.require_account()?;
    let province_code = match account.role {
        Role::Admin => None,
        Role::ProvinceOfficer => match &account.scope {
            Some(scope) => Some(state.units.current_province_code(scope)?.to_string()),
            None => return Err(AccessError::ScopeRequired(Role::ProvinceOfficer).into()),
        },
        role => return Err(AccessError::RoleNotAllowed(role).into()),
    };
    let outcome = ask
        .outcome
        .as_deref()
        .map(|text| {
            AuditOutcome::parse(text).ok_or_else(|| {
                ApiError::bad_request(
                    format!("Kết quả {text:?} không hợp lệ: dùng allowed, denied hoặc failed"),
                    format!("Unknown outcome {text:?}: use allowed, denied or failed"),
                )
            })
        })
        .transpose()?;
    if let (Some(from), Some(to)) = (ask.from, ask.to) {
        if from > to {
            return Err(ApiError::bad_request(
                "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc",
                "The first day must not be after the last day",
            ));
        }
    }
    let paging = Paging::check(ask.limit, ask.offset, PagingRule::AUDIT)?;
    let filter = AuditFilter {
        actor_user_id: ask.actor_user_id,
        subject_kind: ask.subject_kind,
        subject_id: ask.subject_id,
        outcome,
        province_code,
        record_id: ask.record_id,
        since: ask.from.map(vietnam_midnight),
        before: ask.to.and_then(|day| day.succ_opt()).map(vietnam_midnight),
        limit: paging.limit,
        offset: paging.offset,
    };
    Ok((state.store.list_audit(&filter).await?, paging))
}
