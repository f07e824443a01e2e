//! Counselling and job referral (tư vấn, giới thiệu việc làm): who was
//! counselled, when, by whom, what was advised, which vacancies they were
//! referred to, and what came of it. The one path of the API's
//! counselling routes and the exchange's counselling page.

use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use vieclam_domain::{AuditAction, UnitKey};
use vieclam_exchange::counselling::{MAX_ADVICE_CHARS, MAX_REFERRALS};
use vieclam_exchange::{CounsellingOutcome, ExchangeError};
use vieclam_store::exchange::{CounsellingFilter, CounsellingRecord, CounsellingWrite};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{parse_unit, subject, today};
use crate::records::load_worker;
use crate::scope::{area_of, audit_result, audit_returned, check_audited, AuditSubject};
use crate::views::load_vacancy;
use crate::AppState;

/// A counselling to record.
#[derive(Deserialize, ToSchema)]
pub struct CounsellingRequest {
    pub worker_id: i64,
    /// The day (today by default).
    pub on: Option<NaiveDate>,
    /// Where it took place; the counsellor's own unit by default.
    pub unit: Option<String>,
    /// At a session, if it was.
    pub session_id: Option<i64>,
    /// What was advised (at most 4,000 characters).
    pub advice: String,
    /// Vacancies the worker was referred to (at most 20).
    #[serde(default)]
    pub referred: Vec<i64>,
    /// `advised`, `referred`, `training` or `placed`; `referred` when
    /// vacancies are named, else `advised`.
    pub outcome: Option<String>,
}

fn check_advice(advice: &str) -> Result<(), ApiError> {
    if advice.trim().is_empty()
        || advice.chars().count() > MAX_ADVICE_CHARS
        || advice.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(ExchangeError::Invalid {
            field: "advice",
            reason_vi: format!("Nội dung tư vấn không để trống, tối đa {MAX_ADVICE_CHARS} ký tự"),
            reason_en: format!(
                "The advice is not blank and has at most {MAX_ADVICE_CHARS} characters"
            ),
        }
        .into());
    }
    Ok(())
}

/// Records a counselling (officers who keep the worker's record, exchange
/// staff included).
pub async fn create_counselling(
    state: &AppState,
    caller: &Caller,
    request: &CounsellingRequest,
) -> Result<CounsellingRecord, ApiError> {
    caller.require_account()?;
    let worker = load_worker(state, request.worker_id).await?;
    let principal = &caller.principal;
    let subject_of = || AuditSubject {
        kind: vieclam_domain::audit::subject::WORKER,
        id: request.worker_id.to_string(),
        unit: Some(&worker.state.residence),
    };
    check_audited(
        state,
        principal,
        AuditAction::Update,
        subject_of(),
        principal.may_counsel(&state.units, &worker.state.residence, false, true),
    )
    .await?;
    let result = async {
        check_advice(&request.advice)?;
        let on = request.on.unwrap_or_else(today);
        vieclam_domain::registry::check_date(on).map_err(|invalid| ExchangeError::Invalid {
            field: "on",
            reason_vi: invalid.reason_vi,
            reason_en: invalid.reason_en,
        })?;
        if on > today() {
            return Err(ExchangeError::Invalid {
                field: "on",
                reason_vi: "Ngày tư vấn không được ở tương lai".to_owned(),
                reason_en: "A counselling cannot be in the future".to_owned(),
            }
            .into());
        }
        let unit: UnitKey = match (&request.unit, &principal.scope) {
            (Some(text), _) => parse_unit(state, text, on)?,
            (None, Some(scope)) => scope.clone(),
            (None, None) => worker.state.residence.clone(),
        };
        principal
            .may_read_unit(&state.units, &unit)
            .or_else(|error| {
                // The admin has no scope; the others counsel inside theirs.
                if principal.role == vieclam_domain::Role::Admin {
                    Ok(())
                } else {
                    Err(error)
                }
            })?;
        if request.referred.len() > MAX_REFERRALS {
            return Err(ExchangeError::Invalid {
                field: "referred",
                reason_vi: format!("Giới thiệu tối đa {MAX_REFERRALS} vị trí một lần"),
                reason_en: format!("At most {MAX_REFERRALS} vacancies a referral"),
            }
            .into());
        }
        for &id in &request.referred {
            load_vacancy(state, id).await?;
        }
        if let Some(session_id) = request.session_id {
            crate::exchange::load_session(state, session_id).await?;
        }
        let outcome = match &request.outcome {
            Some(text) => CounsellingOutcome::parse(text)?,
            None if request.referred.is_empty() => CounsellingOutcome::Advised,
            None => CounsellingOutcome::Referred,
        };
        let province = crate::scope::province_of(state, &unit)?;
        Ok(state
            .store
            .create_counselling(
                &CounsellingWrite {
                    worker_id: request.worker_id,
                    unit: &unit,
                    province_code: &province,
                    on,
                    session_id: request.session_id,
                    advice: request.advice.trim(),
                    referred: &request.referred,
                    outcome,
                    actor: principal.user_id,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(state, principal, AuditAction::Update, subject_of(), &result).await?;
    result
}

/// The counselling recorded in the caller's area (officers).
pub async fn list_counselling(
    state: &AppState,
    caller: &Caller,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    paging: crate::paging::PageParams,
) -> Result<Vec<CounsellingRecord>, ApiError> {
    caller.require_account()?;
    let principal = &caller.principal;
    let area = area_of(state, principal, true);
    let decision = if area == vieclam_store::Area::Nothing {
        Err(vieclam_domain::AccessError::RoleNotAllowed(principal.role))
    } else {
        Ok(())
    };
    check_audited(
        state,
        principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::COUNSELLING,
            id: "list".to_owned(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let page = paging.page()?;
    let records = state
        .store
        .list_counselling(
            &CounsellingFilter {
                area: Some(area),
                worker_id: None,
                from,
                to,
            },
            page,
        )
        .await?;
    let workers: Vec<i64> = records.iter().map(|record| record.worker_id).collect();
    audit_returned(
        state,
        principal,
        vieclam_domain::audit::subject::WORKER,
        "counselling",
        &workers,
    )
    .await?;
    Ok(records)
}
