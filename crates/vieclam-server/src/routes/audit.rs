//! The audit trail over HTTP: the admin reads all of it, a province officer
//! the entries about the province (`crate::audit_trail`).

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_store::AuditEntry;

use crate::audit_trail::AuditAsk;
use crate::auth::Caller;
use crate::error::{ApiError, ApiQuery, ErrorBody};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub actor_user_id: Option<i64>,
    /// e.g. `admin_unit`, `user_account`, `worker`.
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    /// `allowed`, `denied` or `failed`.
    pub outcome: Option<String>,
    /// Only entries about this record: its reads and changes, and the
    /// searches, candidate lists and exports that returned it (with
    /// `subject_kind`, e.g. `worker`).
    pub record_id: Option<i64>,
    /// Only entries from this day on (in Vietnam, ISO `2026-12-01`).
    pub from: Option<chrono::NaiveDate>,
    /// Only entries up to this day, included (in Vietnam).
    pub to: Option<chrono::NaiveDate>,
    /// 1–1,000, 100 by default.
    pub limit: Option<u64>,
    /// 0–10,000,000.
    pub offset: Option<u64>,
}

/// One audit entry.
#[derive(Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub unit: Option<String>,
    pub province_code: Option<String>,
    pub outcome: String,
    pub reason: Option<String>,
}

impl From<AuditEntry> for AuditView {
    fn from(stored: AuditEntry) -> AuditView {
        let entry = stored.entry;
        AuditView {
            id: stored.id,
            at: entry.at,
            actor_user_id: entry.actor_user_id,
            actor_role: entry.actor_role.as_str().to_owned(),
            action: entry.action.as_str().to_owned(),
            subject_kind: entry.subject_kind,
            subject_id: entry.subject_id,
            unit: entry.unit.map(|unit| unit.to_string()),
            province_code: entry.province_code,
            outcome: entry.outcome.as_str().to_owned(),
            reason: entry.reason,
        }
    }
}

/// Lists audit entries, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Entries, newest first", body = Vec<AuditView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither an admin nor a province officer", body = ErrorBody),
    )
)]
pub async fn list_audit(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditView>>, ApiError> {
    let (entries, _) = crate::audit_trail::read_audit(
        &state,
        &caller,
        AuditAsk {
            actor_user_id: query.actor_user_id,
            subject_kind: query.subject_kind,
            subject_id: query.subject_id,
            outcome: query.outcome,
            record_id: query.record_id,
            from: query.from,
            to: query.to,
            limit: query.limit,
            offset: query.offset,
        },
    )
    .await?;
    Ok(Json(entries.into_iter().map(AuditView::from).collect()))
}
