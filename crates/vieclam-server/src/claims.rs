//! Unemployment-insurance claimants: the monthly job-search report
//! (thông báo tìm kiếm việc làm) due on the same day each month, late and
//! missing reports flagged for the exchange. The one path of the API's
//! claim routes and the exchange's claimants page.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::{AccessError, AuditAction, Role};
use vieclam_exchange::claim::{checkin_state, due_dates, grace_end};
use vieclam_exchange::{CheckinState, ClaimStatus, ExchangeError};
use vieclam_store::exchange::{CheckinRecord, ClaimFilter, ClaimRecord};
use vieclam_store::Page;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{checkin_state_named, claim_status_named, subject, today, Named};
use crate::paging::{Paging, PagingRule};
use crate::records::{load_worker, own_worker};
use crate::scope::{area_of, audit_result, audit_returned, check_audited, AuditSubject};
use crate::AppState;

/// One monthly check-in: its appointed day, the last day it still counts,
/// and where it stands today.
#[derive(Serialize, ToSchema)]
pub struct CheckinView {
    pub due: NaiveDate,
    pub grace_end: NaiveDate,
    pub made_on: Option<NaiveDate>,
    pub state: Named,
}

/// A vacancy recommended to a claimant.
#[derive(Serialize, ToSchema)]
pub struct ClaimRecommendation {
    pub vacancy_id: i64,
    pub title: String,
    pub score: f32,
}

/// A claim with its check-ins.
#[derive(Serialize, ToSchema)]
pub struct ClaimView {
    pub id: i64,
    pub worker_id: i64,
    pub start: NaiveDate,
    pub months: u32,
    pub unit: String,
    pub status: Named,
    pub checkins: Vec<CheckinView>,
    /// Check-ins late or missing so far.
    pub late: u32,
    pub missing: u32,
    /// Open vacancies that fit the claimant, best first, as of `refreshed_on`
    /// (one claim read by id; empty in lists).
    pub recommendations: Vec<ClaimRecommendation>,
    pub refreshed_on: Option<NaiveDate>,
}

pub fn checkins_of(record: &ClaimRecord, on: NaiveDate) -> Vec<CheckinView> {
    due_dates(record.start, record.months)
        .into_iter()
        .map(|due| {
            let made_on = record
                .checkins
                .iter()
                .find(|checkin| checkin.due == due)
                .map(|checkin| checkin.made_on);
            CheckinView {
                due,
                grace_end: grace_end(due),
                made_on,
                state: checkin_state_named(checkin_state(due, made_on, on)),
            }
        })
        .collect()
}

pub fn view(record: ClaimRecord, on: NaiveDate) -> ClaimView {
    let checkins = checkins_of(&record, on);
    let count = |state: CheckinState| {
        checkins
            .iter()
            .filter(|checkin| checkin.state.code == state.as_str())
            .count() as u32
    };
    ClaimView {
        id: record.id,
        worker_id: record.worker_id,
        start: record.start,
        months: record.months,
        unit: record.unit.to_string(),
        status: claim_status_named(record.status),
        late: count(CheckinState::Late),
        missing: count(CheckinState::Missing),
        checkins,
        recommendations: Vec::new(),
        refreshed_on: None,
    }
}

pub async fn load_claim(state: &AppState, id: i64) -> Result<ClaimRecord, ApiError> {
    state.store.get_claim(id).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "claim_not_found",
            format!("Không có hồ sơ hưởng trợ cấp thất nghiệp #{id}"),
            format!("No unemployment-insurance claim #{id}"),
        )
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimQuery {
    /// `active` (the default), `employed` or `ended`.
    pub status: Option<String>,
    /// Only claims with a check-in in this state today: `due`, `late` or
    /// `missing` — the exchange's follow-up list.
    pub flag: Option<String>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The claims of the caller's area, optionally only those with a check-in
/// due, late or missing (officers who keep records).
pub async fn list_claims(
    state: &AppState,
    caller: &Caller,
    query: &ClaimQuery,
) -> Result<Vec<ClaimView>, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let area = area_of(state, principal, true);
    let decision = if area == vieclam_store::Area::Nothing {
        Err(AccessError::RoleNotAllowed(principal.role))
    } else {
        Ok(())
    };
    check_audited(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::CLAIM,
            id: "list".to_owned(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let paging = Paging::check(query.limit, query.offset, PagingRule::REGISTER)?;
    let status = match &query.status {
        Some(text) => ClaimStatus::parse(text)?,
        None => ClaimStatus::Active,
    };
    let flag = query.flag.as_deref().map(CheckinState::parse).transpose()?;
    let filter = ClaimFilter {
        area: Some(area),
        worker_id: None,
        status: Some(status),
    };
    let on = today();
    let mut shown = Vec::new();
    match flag {
        None => {
            for record in state.store.list_claims(&filter, paging.page()).await? {
                shown.push(view(record, on));
            }
        }
        Some(flag) => {
            // The flag depends on today: read the area's claims a page at a
            // time and keep the flagged ones.
            let mut skipped = 0usize;
            let mut offset = 0u32;
            'pages: loop {
                let page = state
                    .store
                    .list_claims(
                        &filter,
                        Page {
                            limit: 1000,
                            offset,
                        },
                    )
                    .await?;
                let n = page.len();
                for record in page {
                    let claim = view(record, on);
                    if claim.checkins.iter().any(|c| c.state.code == flag.as_str()) {
                        if skipped < paging.offset() {
                            skipped += 1;
                        } else {
                            shown.push(claim);
                            if shown.len() >= paging.limit() {
                                break 'pages;
                            }
                        }
                    }
                }
                if n < 1000 {
                    break;
                }
                offset += 1000;
            }
        }
    }
    let workers: Vec<i64> = shown.iter().map(|claim| claim.worker_id).collect();
    audit_returned(
        state,
        principal,
        vieclam_domain::audit::subject::WORKER,
        "claims",
        &workers,
    )
    .await?;
    Ok(shown)
}

/// May the caller read (or write) this claim: its claimant, or the
/// officers who keep their record?
pub async fn claim_decision(
    state: &AppState,
    caller: &Caller,
    record: &ClaimRecord,
    write: bool,
) -> Result<Result<(), AccessError>, ApiError> {
    caller.require_account()?;
    let worker = load_worker(state, record.worker_id).await?;
    let own = own_worker(state, &caller.principal).await? == Some(record.worker_id);
    Ok(caller
        .principal
        .may_counsel(&state.units, &worker.state.residence, own, write))
}

/// A check-in made.
#[derive(Deserialize, ToSchema)]
pub struct CheckinRequest {
    /// The appointed day it answers (one of the claim's).
    pub due: NaiveDate,
    /// The day it was made: today by default (and always today for the
    /// claimant).
    pub made_on: Option<NaiveDate>,
    pub note: Option<String>,
}

/// Records a monthly check-in (the claimant online, or an officer at the
/// desk).
pub async fn record_checkin(
    state: &AppState,
    caller: &Caller,
    id: i64,
    request: &CheckinRequest,
) -> Result<ClaimRecord, ApiError> {
    caller.require_account()?;
    let record = load_claim(state, id).await?;
    let principal = &caller.principal;
    let claimant = principal.role == Role::Worker;
    // The claimant makes their own check-in (a write only they and the
    // officers may make); reading rights are the gate.
    let decision = claim_decision(state, caller, &record, !claimant).await?;
    let subject_of = || AuditSubject {
        kind: subject::CLAIM,
        id: id.to_string(),
        unit: Some(&record.unit),
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
        let on = today();
        let made_on = match (claimant, request.made_on) {
            (true, _) | (false, None) => on,
            (false, Some(day)) => day,
        };
        if made_on > on {
            return Err(ExchangeError::Invalid {
                field: "made_on",
                reason_vi: "Ngày thông báo không được ở tương lai".to_owned(),
                reason_en: "A check-in cannot be made in the future".to_owned(),
            }
            .into());
        }
        if let Some(note) = &request.note {
            if note.chars().count() > 1_000 {
                return Err(ExchangeError::Invalid {
                    field: "note",
                    reason_vi: "Ghi chú tối đa 1.000 ký tự".to_owned(),
                    reason_en: "A note has at most 1,000 characters".to_owned(),
                }
                .into());
            }
        }
        Ok(state
            .store
            .record_checkin(
                id,
                &CheckinRecord {
                    due: request.due,
                    made_on,
                    recorded_by: principal.user_id,
                    note: request.note.clone(),
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(state, principal, AuditAction::Update, subject_of(), &result).await?;
    result
}
