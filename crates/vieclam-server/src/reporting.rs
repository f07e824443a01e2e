//! The reporting cycle as both the API (`routes/plans.rs`) and the
//! officers' pages (`web/officer/reports.rs`) use it: what a unit owes and
//! by when, one report's figures and the validation rules' warnings,
//! figures entered by hand or from a sheet, submitting, and approving or
//! returning by a higher level.
//!
//! Both callers go through these functions, so a page never allows or
//! shows more than the API answers the same account: the same access
//! rules, the same audit entries, the same locks. Figures are aggregates
//! and never personal.

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use vieclam_domain::{AccessError, AuditAction, Principal, Role, UnitKey};
use vieclam_plans::actuals::actual;
use vieclam_plans::reporting::{self, Obligation, ReportState, ReportStatus, RuleFlag, Submission};
use vieclam_plans::{DataValue, Indicator, Indicators, Period, Plan, Source};
use vieclam_sheets::plans::ValueRow;
use vieclam_store::{ReportWrite, ValueWrite};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::plans::{figures_of, load_plan, parse_period, plan_not_found, STATISTICS_WAIT};
use crate::scope::{audit, check_audited, AuditSubject};
use crate::{vietnam_today, AppState};

/// Where a report stands for the unit that owes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportProgress {
    /// No figure entered and nothing submitted.
    NotStarted,
    /// Figures entered for the period, not yet submitted.
    Draft,
    Submitted,
    /// Approved by a higher level: the unit's figures for the period are
    /// locked.
    Approved,
    /// Sent back for correction, with the reason: to be submitted again.
    Returned,
}

impl ReportProgress {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportProgress::NotStarted => "not_started",
            ReportProgress::Draft => "draft",
            ReportProgress::Submitted => "submitted",
            ReportProgress::Approved => "approved",
            ReportProgress::Returned => "returned",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ReportProgress::NotStarted => "Chưa bắt đầu",
            ReportProgress::Draft => "Đang nhập",
            ReportProgress::Submitted => "Đã gửi, chờ duyệt",
            ReportProgress::Approved => "Đã duyệt",
            ReportProgress::Returned => "Bị trả lại",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ReportProgress::NotStarted => "Not started",
            ReportProgress::Draft => "Draft",
            ReportProgress::Submitted => "Submitted, awaiting approval",
            ReportProgress::Approved => "Approved",
            ReportProgress::Returned => "Returned",
        }
    }

    /// Does the unit still have to act (enter, submit, correct)?
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReportProgress::NotStarted | ReportProgress::Draft | ReportProgress::Returned
        )
    }

    fn of(submission: Option<&Submission>, has_figures: bool) -> ReportProgress {
        match submission.map(|s| s.state) {
            Some(ReportState::Submitted) => ReportProgress::Submitted,
            Some(ReportState::Approved) => ReportProgress::Approved,
            Some(ReportState::Returned) => ReportProgress::Returned,
            None if has_figures => ReportProgress::Draft,
            None => ReportProgress::NotStarted,
        }
    }
}

/// One report owed, or one waiting for a decision.
#[derive(Clone, Debug)]
pub struct OwedReport {
    pub plan: String,
    pub plan_title_vi: String,
    pub plan_title_en: String,
    pub unit: UnitKey,
    /// Within a commune, the agency that reports.
    pub agency: Option<String>,
    pub period: Period,
    pub due: NaiveDate,
    /// Pending, on time, late or missing (by the first submission).
    pub timeliness: ReportStatus,
    pub progress: ReportProgress,
    pub report_id: Option<i64>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Why it was approved (the lock) or returned.
    pub decision_reason: Option<String>,
    /// The validation rules the submitted figures broke.
    pub flags: Vec<RuleFlag>,
}

/// What an officer's unit owes and what waits for the officer's decision
/// (the dashboard's and the reports page's one source).
#[derive(Clone, Debug)]
pub struct ReportsOwed {
    pub as_of: NaiveDate,
    /// Reports the unit still has to send (not started, draft or returned)
    /// whose due day has not passed.
    pub n_due: usize,
    /// Reports sent after their due day.
    pub n_late: usize,
    /// Reports past their due day and never sent.
    pub n_missing: usize,
    /// Reports of the units (or agencies) below sent and waiting for this
    /// officer's approval.
    pub n_waiting_approval: usize,
    /// The unit's own obligations, latest due first.
    pub owed: Vec<OwedReport>,
    /// The reports waiting for this officer's decision, oldest first.
    pub waiting: Vec<OwedReport>,
}

/// The indicators a unit enters by hand (the others are computed from the
/// registers or counted by the exchange), the plan's own first.
pub fn entered_indicators(plan: &Plan) -> Vec<&'static Indicator> {
    let mut entered: Vec<&'static Indicator> = Indicators::embedded()
        .all()
        .iter()
        .filter(|indicator| indicator.source == Source::Submitted)
        .collect();
    let in_plan =
        |indicator: &&Indicator| plan.targets.iter().any(|t| t.indicator == indicator.code);
    entered.sort_by_key(|indicator| !in_plan(indicator));
    entered
}

fn entered_codes() -> Vec<String> {
    Indicators::embedded()
        .all()
        .iter()
        .filter(|indicator| indicator.source == Source::Submitted)
        .map(|indicator| indicator.code.clone())
        .collect()
}

/// May this officer approve or return `report`? A higher level decides:
/// the caller's unit covers the report's and is not the same one (except
/// the commune over its own agencies), and never the report's submitter.
pub fn may_decide(
    state: &AppState,
    principal: &Principal,
    report: &Submission,
) -> Result<(), AccessError> {
    match (principal.role, &principal.scope) {
        (Role::Admin, _) => Ok(()),
        (Role::ProvinceOfficer | Role::UnitOfficer, Some(scope)) => {
            if !state.units.covers(scope, &report.unit) {
                Err(AccessError::OutsideScope)
            } else if scope == &report.unit && report.agency.is_none() {
                Err(AccessError::RoleNotAllowed(principal.role))
            } else {
                Ok(())
            }
        }
        (role, _) => Err(AccessError::RoleNotAllowed(role)),
    }
    .and({
        // Nobody approves their own report.
        match (report.submitted_by, principal.user_id) {
            (Some(submitter), Some(caller)) if submitter == caller => {
                Err(AccessError::RoleNotAllowed(principal.role))
            }
            _ => Ok(()),
        }
    })
}

/// May this caller submit the report of `unit`? Officers and partner
/// agencies, for a unit within their own.
pub fn may_submit(
    state: &AppState,
    principal: &Principal,
    unit: &UnitKey,
) -> Result<(), AccessError> {
    match principal.role {
        Role::Admin | Role::ProvinceOfficer | Role::UnitOfficer | Role::PartnerAgency => {
            principal.may_read_unit(&state.units, unit)
        }
        role => Err(AccessError::RoleNotAllowed(role)),
    }
}

fn owed_report(
    plan: &Plan,
    obligation: &Obligation,
    submission: Option<&Submission>,
    has_figures: bool,
    today: NaiveDate,
) -> OwedReport {
    OwedReport {
        plan: plan.id.clone(),
        plan_title_vi: plan.title_vi.clone(),
        plan_title_en: plan.title_en.clone(),
        unit: obligation.unit.clone(),
        agency: obligation.agency.clone(),
        period: obligation.period,
        due: obligation.due,
        timeliness: reporting::status(obligation, submission, today),
        progress: ReportProgress::of(submission, has_figures),
        report_id: submission.map(|s| s.id),
        submitted_at: submission.map(|s| s.submitted_at),
        decision_reason: submission.and_then(|s| s.decision_reason.clone()),
        flags: submission.map(|s| s.flags.clone()).unwrap_or_default(),
    }
}

/// What the principal's unit owes on `today` over every plan it sees
/// (every report whose period has begun), and the reports below waiting
/// for the principal's approval. Roles that read no figures are refused.
pub async fn reports_owed(
    state: &AppState,
    principal: &Principal,
    today: NaiveDate,
) -> Result<ReportsOwed, ApiError> {
    if !principal.role.reads_figures() {
        return Err(AccessError::RoleNotAllowed(principal.role).into());
    }
    let plans: Vec<Plan> = state
        .store
        .list_plans()
        .await?
        .into_iter()
        .filter(|plan| principal.may_see_plan(&state.units, &plan.unit).is_ok())
        .collect();
    let own_values = match &principal.scope {
        Some(scope) => {
            let province = state.units.current_province_code(scope)?;
            state
                .store
                .current_values(&entered_codes(), Some(province.as_str()))
                .await?
                .into_iter()
                .filter(|value| &value.unit == scope)
                .collect()
        }
        None => Vec::new(),
    };
    let mut owed = Vec::new();
    let mut waiting = Vec::new();
    // An officer of a unit with nothing below it decides only the reports
    // of its own unit (a partner agency's); the others may decide any
    // unit's below them.
    let decides_below = match &principal.scope {
        Some(scope) => state.units.children(scope).next().is_some(),
        None => true,
    };
    for plan in &plans {
        if let Some(scope) = &principal.scope {
            let own = state
                .store
                .list_reports_where(&plan.id, Some(scope), None)
                .await?;
            for obligation in reporting::obligations(plan, &state.units, today) {
                if &obligation.unit != scope {
                    continue;
                }
                let submission = reporting::answer(&obligation, &own);
                let has_figures = own_values
                    .iter()
                    .any(|value: &DataValue| obligation.period.contains(value.period));
                owed.push(owed_report(
                    plan,
                    &obligation,
                    submission,
                    has_figures,
                    today,
                ));
            }
        }
        let unit = match &principal.scope {
            Some(scope) if !decides_below => Some(scope),
            _ => None,
        };
        let submitted = state
            .store
            .list_reports_where(&plan.id, unit, Some(ReportState::Submitted))
            .await?;
        for submission in &submitted {
            if submission.state != ReportState::Submitted
                || may_decide(state, principal, submission).is_err()
            {
                continue;
            }
            let obligation = Obligation {
                plan: plan.id.clone(),
                unit: submission.unit.clone(),
                agency: submission.agency.clone(),
                period: submission.period,
                due: plan.report_due.date_for(submission.period),
            };
            waiting.push(owed_report(
                plan,
                &obligation,
                Some(submission),
                true,
                today,
            ));
        }
    }
    owed.sort_by(|a, b| b.due.cmp(&a.due).then_with(|| a.plan.cmp(&b.plan)));
    waiting.sort_by_key(|report| report.submitted_at);
    let count = |status: ReportStatus| owed.iter().filter(|r| r.timeliness == status).count();
    Ok(ReportsOwed {
        as_of: today,
        n_due: owed
            .iter()
            .filter(|r| r.progress.is_open() && r.timeliness != ReportStatus::Missing)
            .count(),
        n_late: count(ReportStatus::Late),
        n_missing: count(ReportStatus::Missing),
        n_waiting_approval: waiting.len(),
        owed,
        waiting,
    })
}

/// One indicator's line of a report: its current figure for the report's
/// unit and period, if entered.
#[derive(Clone, Debug)]
pub struct ReportLine {
    pub indicator: &'static Indicator,
    pub value: Option<DataValue>,
    /// Is it one of the plan's targets?
    pub in_plan: bool,
}

/// One report (plan × unit × agency × period) as its page shows it.
#[derive(Clone, Debug)]
pub struct ReportSheet {
    pub plan: Plan,
    pub obligation: Obligation,
    pub submission: Option<Submission>,
    pub timeliness: ReportStatus,
    pub progress: ReportProgress,
    /// The approved report that locks this unit's figures for the period.
    pub lock: Option<Submission>,
    pub lines: Vec<ReportLine>,
    /// The validation rules the figures break now: warnings, not refusals.
    pub flags: Vec<RuleFlag>,
    /// The caller may enter figures (and none is locked).
    pub may_enter: bool,
    /// The caller may submit it now.
    pub may_submit: bool,
    /// The caller may approve or return it now.
    pub may_decide: bool,
}

/// 404 for a report the unit does not owe.
fn report_not_owed(plan: &Plan, unit: &UnitKey, agency: Option<&str>, period: Period) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "report_not_owed",
        format!(
            "{unit}{} không có nghĩa vụ báo cáo kỳ {} theo kế hoạch {}",
            agency.map(|a| format!(" ({a})")).unwrap_or_default(),
            period.label_vi(),
            plan.id
        ),
        format!("{unit} owes no report for {period} under plan {}", plan.id),
    )
}

/// The agency as reports name it, or none.
pub fn agency_of(text: Option<&str>) -> Option<String> {
    text.map(reporting::canonical_agency)
        .filter(|agency| !agency.is_empty())
}

/// Does the plan ask `unit` (and `agency`) for a report of `period`?
fn owed_obligation(
    state: &AppState,
    plan: &Plan,
    unit: &UnitKey,
    agency: Option<&str>,
    period: Period,
) -> Option<Obligation> {
    let due = plan.report_due.date_for(period);
    let owed = reporting::period_fits(plan, period)
        && reporting::reporters(plan, &state.units, due)
            .iter()
            .any(|r| &r.unit == unit && r.agency.as_deref() == agency);
    owed.then(|| Obligation {
        plan: plan.id.clone(),
        unit: unit.clone(),
        agency: agency.map(str::to_owned),
        period,
        due,
    })
}

/// One report for the caller: the plan must be one the caller sees, the
/// unit's figures the caller's to read (audited), and the report one the
/// plan asks for. `today` judges timeliness.
pub async fn report_sheet(
    state: &AppState,
    caller: &Caller,
    plan_id: &str,
    unit: &str,
    agency: Option<&str>,
    period: &str,
    today: NaiveDate,
) -> Result<ReportSheet, ApiError> {
    let plan = load_plan(state, caller, plan_id).await?;
    let unit = UnitKey::parse(unit, vietnam_today())?;
    state.units.get(&unit)?;
    let period = parse_period(period)?;
    let principal = &caller.principal;
    check_audited(
        state,
        principal,
        AuditAction::Read,
        figures_of(&unit),
        principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    let agency = agency_of(agency);
    let obligation = owed_obligation(state, &plan, &unit, agency.as_deref(), period)
        .ok_or_else(|| report_not_owed(&plan, &unit, agency.as_deref(), period))?;
    let submissions = state.store.list_reports(&plan.id).await?;
    let submission = reporting::answer(&obligation, &submissions).cloned();
    let lock = state.store.lock_on(&unit, period).await?;
    let province = state.units.current_province_code(&unit)?;
    let values = state
        .store
        .current_values(&entered_codes(), Some(province.as_str()))
        .await?;
    let lines: Vec<ReportLine> = entered_indicators(&plan)
        .into_iter()
        .map(|indicator| ReportLine {
            indicator,
            in_plan: plan.targets.iter().any(|t| t.indicator == indicator.code),
            value: values
                .iter()
                .find(|v| v.indicator == indicator.code && v.unit == unit && v.period == period)
                .cloned(),
        })
        .collect();
    let has_figures = values
        .iter()
        .any(|v| v.unit == unit && period.contains(v.period));
    let flags = rule_flags(state, &unit, period).await?;
    let progress = ReportProgress::of(submission.as_ref(), has_figures);
    let may_enter = lock.is_none() && principal.may_enter_figures(&state.units, &unit).is_ok();
    let may_submit = progress.is_open() && may_submit(state, principal, &unit).is_ok();
    let may_decide = submission.as_ref().is_some_and(|s| {
        s.state != ReportState::Returned && may_decide(state, principal, s).is_ok()
    });
    Ok(ReportSheet {
        timeliness: reporting::status(&obligation, submission.as_ref(), today),
        progress,
        plan,
        obligation,
        submission,
        lock,
        lines,
        flags,
        may_enter,
        may_submit,
        may_decide,
    })
}

/// Checks a unit's figures for a period against the validation rules.
pub async fn rule_flags(
    state: &AppState,
    unit: &UnitKey,
    period: Period,
) -> Result<Vec<RuleFlag>, ApiError> {
    let indicators = Indicators::embedded();
    let mut codes: Vec<String> = indicators
        .rules()
        .iter()
        .flat_map(|rule| rule.left.iter().chain(&rule.right).cloned())
        .collect();
    codes.sort();
    codes.dedup();
    let province = state.units.current_province_code(unit)?;
    let values =
        crate::plans::figures(state.store.as_ref(), &codes, Some(province.as_str())).await?;
    let inner = state.plans.read(STATISTICS_WAIT).await?;
    let figure = |code: &str| -> Option<f64> {
        let indicator = indicators.get(code).ok()?;
        actual(
            indicator,
            &inner.statistics,
            &values,
            &state.units,
            unit,
            period,
        )
        .value
    };
    let mut flags = Vec::new();
    for rule in indicators.rules() {
        let codes: Vec<&String> = rule.left.iter().chain(&rule.right).collect();
        let figures: std::collections::HashMap<&str, f64> = codes
            .iter()
            .filter_map(|code| figure(code).map(|v| (code.as_str(), v)))
            .collect();
        if rule.holds(|code| figures.get(code).copied()) == Some(false) {
            flags.push(RuleFlag {
                rule: rule.code.clone(),
                message_vi: rule.message_vi.clone(),
                message_en: rule.message_en.clone(),
            });
        }
    }
    Ok(flags)
}

/// The indicators a rule names (to show its warning beside their fields).
pub fn rule_indicators(rule: &str) -> Vec<String> {
    Indicators::embedded()
        .rules()
        .iter()
        .filter(|candidate| candidate.code == rule)
        .flat_map(|candidate| candidate.left.iter().chain(&candidate.right).cloned())
        .collect()
}

/// Submits a unit's report for a period (a returned one is submitted
/// again). The figures are checked against the validation rules: a broken
/// rule flags the report as suspicious (it is accepted, and the approver
/// sees why).
pub async fn submit(
    state: &AppState,
    caller: &Caller,
    plan_id: &str,
    unit: &str,
    agency: Option<&str>,
    period: &str,
    comment: Option<&str>,
) -> Result<(Plan, Submission), ApiError> {
    let account = caller.require_account()?;
    let plan = load_plan(state, caller, plan_id).await?;
    let unit = UnitKey::parse(unit, vietnam_today())?;
    state.units.get(&unit)?;
    let period = parse_period(period)?;
    let principal = &caller.principal;
    let decision = may_submit(state, principal, &unit);
    audit(
        state,
        principal,
        AuditAction::Create,
        AuditSubject {
            kind: "report",
            id: format!("{}:{unit}:{period}", plan.id),
            unit: Some(&unit),
        },
        &decision,
    )
    .await?;
    decision?;
    let agency = agency_of(agency);
    if owed_obligation(state, &plan, &unit, agency.as_deref(), period).is_none() {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..report_not_owed(&plan, &unit, agency.as_deref(), period)
        });
    }
    let flags = rule_flags(state, &unit, period).await?;
    let province = state.units.current_province_code(&unit)?;
    let submission = state
        .store
        .submit_report(
            &ReportWrite {
                plan: &plan.id,
                unit: &unit,
                province_code: province.as_str(),
                agency: agency.as_deref(),
                period,
                comment: comment.map(str::trim).filter(|c| !c.is_empty()),
                flags: &flags,
                actor: Some(account.id),
            },
            Utc::now(),
        )
        .await?;
    Ok((plan, submission))
}

/// 404 for a report id.
pub fn report_not_found(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "report_not_found",
        format!("Không có báo cáo số {id}"),
        format!("No report {id}"),
    )
}

/// Approves a report (its unit's figures for the period lock, with the
/// reason: a standard one naming the approver and the day when none is
/// given) or returns it for correction (a reason is required).
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    id: i64,
    to: ReportState,
    reason: Option<String>,
) -> Result<(Plan, Submission), ApiError> {
    let account = caller.require_account()?;
    let report = state
        .store
        .get_report(id)
        .await?
        .ok_or_else(|| report_not_found(id))?;
    let principal = &caller.principal;
    let decision = may_decide(
        state,
        &Principal {
            user_id: Some(account.id),
            ..principal.clone()
        },
        &report,
    );
    audit(
        state,
        principal,
        AuditAction::Update,
        AuditSubject {
            kind: "report",
            id: format!("{id}:{}", to.as_str()),
            unit: Some(&report.unit),
        },
        &decision,
    )
    .await?;
    decision?;
    let plan = state
        .store
        .get_plan(&report.plan)
        .await?
        .ok_or_else(|| plan_not_found(&report.plan))?;
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let reason = match (to, reason) {
        (_, Some(reason)) => reason,
        (ReportState::Approved, None) => format!(
            "Báo cáo {} của {} đã được {} duyệt ngày {} / approved by {} on that day",
            report.period.label_vi(),
            state
                .units
                .get(&report.unit)
                .map(|u| u.name.clone())
                .unwrap_or_else(|_| report.unit.to_string()),
            account.username.as_str(),
            vietnam_today().format("%d/%m/%Y"),
            account.username.as_str()
        ),
        (_, None) => {
            return Err(ApiError::bad_request(
                "Trả lại báo cáo phải nêu lý do",
                "Returning a report needs a reason",
            ))
        }
    };
    if report.state == to {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            format!("Báo cáo số {id} đã ở trạng thái {}", to.as_str()),
            format!("Report {id} is {} already", to.as_str()),
        ));
    }
    let decided = state
        .store
        .decide_report(id, to, Some(account.id), &reason, Utc::now())
        .await?;
    Ok((plan, decided))
}

/// A figure as entered by hand, before it is checked.
pub struct FigureInput {
    pub indicator: String,
    pub unit: String,
    pub period: String,
    pub value: f64,
    pub agency: Option<String>,
    pub comment: Option<String>,
}

/// Checks figures entered by hand: every problem (with the figure's index
/// and field), or the rows to write.
pub fn check_figures(
    state: &AppState,
    entries: Vec<FigureInput>,
) -> Result<Vec<ValueRow>, ApiError> {
    let mut figures = Vec::with_capacity(entries.len());
    let mut problems = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let mut problem = |field: &str, vi: String, en: String| {
            problems.push(serde_json::json!({
                "index": index, "indicator": entry.indicator, "field": field,
                "reason_vi": vi, "reason_en": en,
            }));
        };
        let unit = match UnitKey::parse(&entry.unit, vietnam_today()) {
            Ok(unit) => match state.units.get(&unit) {
                Ok(_) => Some(unit),
                Err(error) => {
                    problem("unit", error.message_vi(), error.to_string());
                    None
                }
            },
            Err(error) => {
                problem("unit", error.message_vi(), error.to_string());
                None
            }
        };
        let period = match Period::parse(&entry.period) {
            Ok(period) => Some(period),
            Err(error) => {
                problem("period", error.message_vi(), error.to_string());
                None
            }
        };
        if let Err(reason) = vieclam_sheets::plans::check_figure(&entry.indicator, entry.value) {
            problem("value", reason.reason_vi, reason.reason_en);
        }
        if let (Some(unit), Some(period)) = (unit, period) {
            figures.push(ValueRow {
                indicator: entry.indicator,
                unit,
                period,
                value: entry.value,
                agency: entry.agency,
                comment: entry.comment,
            });
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "values_invalid",
            format!(
                "{} số liệu không hợp lệ; chưa ghi số liệu nào",
                problems.len()
            ),
            format!(
                "{} figures are invalid; nothing was written",
                problems.len()
            ),
        )
        .with_details(serde_json::Value::Array(problems)));
    }
    Ok(figures)
}

/// Writes checked figures, all or none: each unit must be within the
/// caller's (a refusal is audited), and a figure locked by an approved
/// report refuses the whole write with the lock's reason.
pub async fn write_figures(
    state: &AppState,
    caller: &Caller,
    figures: Vec<ValueRow>,
) -> Result<Vec<DataValue>, ApiError> {
    let account = caller.require_account()?;
    let principal = &caller.principal;
    let mut provinces = Vec::with_capacity(figures.len());
    for figure in &figures {
        let decision = principal.may_enter_figures(&state.units, &figure.unit);
        if decision.is_err() {
            audit(
                state,
                principal,
                AuditAction::Create,
                AuditSubject {
                    kind: "data_value",
                    id: format!("{}:{}:{}", figure.indicator, figure.unit, figure.period),
                    unit: Some(&figure.unit),
                },
                &decision,
            )
            .await?;
            decision?;
        }
        provinces.push(state.units.current_province_code(&figure.unit)?.to_string());
    }
    let writes: Vec<ValueWrite<'_>> = figures
        .iter()
        .zip(&provinces)
        .map(|(figure, province)| ValueWrite {
            indicator: &figure.indicator,
            unit: &figure.unit,
            province_code: province,
            period: figure.period,
            value: figure.value,
            agency: figure.agency.as_deref(),
            comment: figure.comment.as_deref(),
            actor: Some(account.id),
        })
        .collect();
    let values = state.store.record_values(&writes, Utc::now()).await?;
    audit(
        state,
        principal,
        AuditAction::Create,
        AuditSubject {
            kind: "data_value",
            id: format!("{} figures", values.len()),
            unit: principal.scope.as_ref(),
        },
        &Ok(()),
    )
    .await?;
    Ok(values)
}

/// Refuses (and audits) a role that enters no figures, before a byte of
/// an uploaded sheet is read.
pub async fn check_may_import(state: &AppState, caller: &Caller) -> Result<(), ApiError> {
    caller.require_account()?;
    if caller.principal.role.enters_figures() {
        return Ok(());
    }
    let decision = Err(AccessError::RoleNotAllowed(caller.principal.role));
    audit(
        state,
        &caller.principal,
        AuditAction::Create,
        AuditSubject {
            kind: "data_value",
            id: "import".to_owned(),
            unit: caller.principal.scope.as_ref(),
        },
        &decision,
    )
    .await?;
    decision.map_err(ApiError::from)
}

/// Enters the figures of a CSV or XLSX sheet (columns: Mã chỉ số, Mã đơn
/// vị, Kỳ báo cáo, Số liệu, Cơ quan báo cáo, Ghi chú — or their English
/// names): nothing is written when any row is bad, and every bad row is
/// listed. Call [`check_may_import`] before reading the file.
pub async fn import_figures(
    state: &AppState,
    caller: &Caller,
    body: axum::body::Bytes,
) -> Result<Vec<DataValue>, ApiError> {
    check_may_import(state, caller).await?;
    let unreadable = |error: vieclam_sheets::SheetError| {
        ApiError::new(
            if error.is_over_limit() {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            if error.is_over_limit() {
                "sheet_too_large"
            } else {
                "sheet_unreadable"
            },
            error.message_vi(),
            error.to_string(),
        )
    };
    let limits = state.config.sheet_limits;
    let units = state.units.clone();
    let today = vietnam_today();
    let sheet = tokio::task::spawn_blocking(move || {
        let table = vieclam_sheets::read_table_with(&body, &limits)?;
        vieclam_sheets::plans::parse_values(&table, &units, today)
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(unreadable)?;
    if !sheet.problems.is_empty() {
        let n_bad = sheet.bad_lines().len();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rows_invalid",
            format!("{n_bad} dòng không hợp lệ; chưa ghi số liệu nào"),
            format!("{n_bad} rows are invalid; nothing was written"),
        )
        .with_details(serde_json::to_value(&sheet.problems).unwrap_or_default()));
    }
    let figures = sheet.records.into_iter().map(|(_, row)| row).collect();
    write_figures(state, caller, figures).await
}
