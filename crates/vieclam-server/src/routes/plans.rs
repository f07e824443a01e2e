//! Plans, indicators and the reporting cycle over HTTP (MISSION.md §4).
//!
//! Who may do what:
//! - read plans, progress and figures: the admin, and staff whose unit
//!   covers the unit asked about (a district officer sees the city's plan,
//!   with progress for their district and what lies within it);
//! - enter figures: officers, exchange staff and partner agencies, for units
//!   within their own;
//! - submit a report: officers and partner agencies, for a unit within
//!   their own that owes it;
//! - approve or return a report: an officer of a higher level (or the
//!   commune's officer, for its agencies' reports), never its submitter;
//! - update tasks: officers of the plan's unit or above; create plans:
//!   province officers and the admin.
//!
//! Workers, employers and the public are refused. Every write and every
//! refused write is audited; figures are aggregates and never personal.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::{AccessError, AuditAction, UnitKey};
use vieclam_plans::actuals::actual;
use vieclam_plans::progress::ProgressStatus;
use vieclam_plans::reporting::{self, ReportState, ReportStatus, RuleFlag, Timeliness};
use vieclam_plans::{Indicators, Plan, ProgressRow, Source};
use vieclam_store::TaskUpdate;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::plans::{
    figures_of, load_plan, parse_period, plan_not_found, progress_of, progress_unit,
    progress_workbook, task_log, Progress, STATISTICS_WAIT,
};
use crate::scope::{audit_result, check_audited, AuditSubject};
use crate::{vietnam_today, AppState};

fn plan_error(error: vieclam_plans::PlanError) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "plan_invalid",
        error.message_vi(),
        error.to_string(),
    )
}

fn parse_unit(text: &str) -> Result<UnitKey, ApiError> {
    Ok(UnitKey::parse(text, vietnam_today())?)
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorView {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// people, percent, percent_per_year, index, sessions, vnd_billion.
    pub unit: String,
    /// computed (from labour events, live) or submitted (by an agency).
    pub source: String,
    /// sum, rate (Σ numerator ÷ Σ denominator) or last.
    pub aggregation: String,
    /// higher or lower is better.
    pub direction: String,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub definition_vi: String,
    pub definition_en: String,
}

fn text_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The indicators the plans use, with their formulas and definitions.
#[utoipa::path(
    get,
    path = "/api/v1/indicators",
    tag = "plans",
    responses((status = 200, description = "Every indicator", body = Vec<IndicatorView>))
)]
pub async fn list_indicators() -> Json<Vec<IndicatorView>> {
    let term = |term: Option<vieclam_plans::indicator::Term>| {
        term.map(|t| {
            let name = t.measure.as_str().to_owned();
            if t.urban_only {
                format!("{name}@urban")
            } else {
                name
            }
        })
    };
    Json(
        Indicators::embedded()
            .all()
            .iter()
            .map(|indicator| IndicatorView {
                code: indicator.code.clone(),
                name_vi: indicator.name_vi.clone(),
                name_en: indicator.name_en.clone(),
                unit: text_of(&indicator.unit),
                source: text_of(&indicator.source),
                aggregation: text_of(&indicator.aggregation),
                direction: text_of(&indicator.direction),
                numerator: term(indicator.numerator),
                denominator: term(indicator.denominator),
                definition_vi: indicator.definition_vi.clone(),
                definition_en: indicator.definition_en.clone(),
            })
            .collect(),
    )
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValuesParams {
    /// The unit, e.g. `2025:01`, `legacy:001`.
    pub unit: String,
    /// `2025`, `2025-Q1`, `2025-H1`, `2025-03` or `2026..2030`.
    pub period: String,
    /// Also give each unit directly below.
    pub children: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct FigureView {
    pub unit: String,
    pub unit_name: String,
    pub period: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// An indicator's figure for any unit and period (and the units below):
/// computed ones live from the registers, submitted ones from the figures
/// entered, rolled up over the hierarchy, the 2025 crosswalk and time.
#[utoipa::path(
    get,
    path = "/api/v1/indicators/{code}/values",
    tag = "plans",
    params(("code" = String, Path, description = "Indicator code"), ValuesParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The unit first, then the units below", body = Vec<FigureView>),
        (status = 403, description = "Outside the caller's unit, or a role that reads no figures", body = ErrorBody),
        (status = 404, description = "No such indicator or unit", body = ErrorBody),
        (status = 503, description = "The statistics are still being built after a start", body = ErrorBody),
    )
)]
pub async fn indicator_values(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(code): ApiPath<String>,
    ApiQuery(params): ApiQuery<ValuesParams>,
) -> Result<Json<Vec<FigureView>>, ApiError> {
    let indicator = Indicators::embedded().get(&code).map_err(|error| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "indicator_not_found",
            error.message_vi(),
            error.to_string(),
        )
    })?;
    let unit = parse_unit(&params.unit)?;
    state.units.get(&unit)?;
    let period = parse_period(&params.period)?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        figures_of(&unit),
        caller.principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    let mut units = vec![unit.clone()];
    if params.children.unwrap_or(false) {
        units.extend(state.units.children(&unit).map(|child| child.key()));
    }
    let values = if indicator.source == Source::Computed {
        Vec::new()
    } else {
        crate::plans::figures(
            state.store.as_ref(),
            std::slice::from_ref(&indicator.code),
            None,
        )
        .await?
    };
    let inner = state.plans.read(STATISTICS_WAIT).await?;
    let admin_units = state.units.clone();
    let figures = crate::blocking::run(&state, move || {
        units
            .iter()
            .map(|unit| {
                let figure = actual(
                    indicator,
                    &inner.statistics,
                    &values,
                    &admin_units,
                    unit,
                    period,
                );
                FigureView {
                    unit: unit.to_string(),
                    unit_name: admin_units
                        .get(unit)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    period: period.to_string(),
                    value: figure.value,
                    numerator: figure.numerator,
                    denominator: figure.denominator,
                }
            })
            .collect::<Vec<FigureView>>()
    })
    .await?;
    Ok(Json(figures))
}

#[derive(Serialize, ToSchema)]
pub struct PlanSummary {
    pub id: String,
    /// "Kế hoạch 14/KH-UBND ngày 21/01/2021 của UBND thành phố Hà Nội".
    pub document: String,
    pub title_vi: String,
    pub title_en: String,
    pub unit: String,
    pub unit_name: String,
    pub period: String,
    pub n_targets: usize,
    pub n_tasks: usize,
    /// The targets of the plan's own unit for its whole period or a year:
    /// "new_jobs 2021: 160.000", "urban_unemployment_rate 2021: < 4".
    pub headline_targets: Vec<String>,
}

fn summary(state: &AppState, plan: &Plan) -> PlanSummary {
    let indicators = Indicators::embedded();
    let headline_targets = plan
        .targets
        .iter()
        .filter(|t| t.unit == plan.unit)
        .filter(|t| {
            matches!(
                t.period.kind,
                vieclam_plans::PeriodKind::Year | vieclam_plans::PeriodKind::Years
            )
        })
        .map(|t| {
            let name = indicators
                .get(&t.indicator)
                .map(|i| i.name_vi.clone())
                .unwrap_or_default();
            format!("{name} {}: {}", t.period.label_vi(), t.bound.label())
        })
        .collect();
    PlanSummary {
        id: plan.id.clone(),
        document: plan.document_vi(),
        title_vi: plan.title_vi.clone(),
        title_en: plan.title_en.clone(),
        unit: plan.unit.to_string(),
        unit_name: state
            .units
            .get(&plan.unit)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        period: plan.period.to_string(),
        n_targets: plan.targets.len(),
        n_tasks: plan.tasks.len(),
        headline_targets,
    }
}

/// The plans the caller's unit runs on, with their headline targets.
#[utoipa::path(
    get,
    path = "/api/v1/plans",
    tag = "plans",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Plans", body = Vec<PlanSummary>),
        (status = 403, description = "A role that reads no plans", body = ErrorBody),
    )
)]
pub async fn list_plans(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    if !caller.principal.role.reads_figures() {
        return Err(AccessError::RoleNotAllowed(caller.principal.role).into());
    }
    let plans = state.store.list_plans().await?;
    Ok(Json(
        plans
            .iter()
            .filter(|plan| {
                caller
                    .principal
                    .may_see_plan(&state.units, &plan.unit)
                    .is_ok()
            })
            .map(|plan| summary(&state, plan))
            .collect(),
    ))
}

/// A plan document with its targets, tasks (with their latest status) and
/// the check of its top-down allocations.
#[derive(Serialize, ToSchema)]
pub struct PlanView {
    pub plan: Plan,
    pub summary: PlanSummary,
    #[schema(value_type = Vec<Object>)]
    pub allocations: Vec<vieclam_plans::Allocation>,
    pub tasks: Vec<TaskView>,
}

#[derive(Serialize, ToSchema)]
pub struct TaskView {
    pub group_no: String,
    pub group_title: String,
    pub task_no: u32,
    pub task: String,
    pub lead_agency: String,
    pub co_agencies: String,
    pub product: String,
    pub timeframe: String,
    /// not_started, in_progress, done or delayed.
    pub status: String,
    pub status_vi: String,
    /// Progress notes, oldest first, with when they were written.
    pub notes: Vec<String>,
    pub updated_at: Option<chrono::DateTime<Utc>>,
}

/// A task with its latest status and every progress note.
fn task_view(task: &vieclam_plans::Task, log: &[TaskUpdate]) -> TaskView {
    let (status, entries) = task_log(task, log);
    TaskView {
        group_no: task.group_no.clone(),
        group_title: task.group_title.clone(),
        task_no: task.task_no,
        task: task.task.clone(),
        lead_agency: task.lead_agency.clone(),
        co_agencies: task.co_agencies.clone(),
        product: task.product.clone(),
        timeframe: task.timeframe.clone(),
        status: status.as_str().to_owned(),
        status_vi: status.label_vi().to_owned(),
        notes: entries
            .iter()
            .filter_map(|u| {
                u.note
                    .as_ref()
                    .map(|note| format!("{}: {note}", reporting::vietnam_day(u.updated_at)))
            })
            .collect(),
        updated_at: entries.last().map(|u| u.updated_at),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}",
    tag = "plans",
    params(("id" = String, Path, description = "Plan id, e.g. hanoi-2021")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The plan", body = PlanView),
        (status = 403, description = "A plan of another area", body = ErrorBody),
        (status = 404, description = "No such plan", body = ErrorBody),
    )
)]
pub async fn get_plan(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<PlanView>, ApiError> {
    let plan = load_plan(&state, &caller, &id).await?;
    let log = state.store.task_updates(&plan.id).await?;
    let tasks = plan
        .tasks
        .iter()
        .map(|task| task_view(task, &log))
        .collect();
    Ok(Json(PlanView {
        allocations: plan.allocations(&state.units, Indicators::embedded()),
        summary: summary(&state, &plan),
        tasks,
        plan,
    }))
}

/// Creates a plan: its document, targets and tasks. An existing id is
/// refused (409); replacing a plan is `PUT /api/v1/plans/{id}`.
#[utoipa::path(
    post,
    path = "/api/v1/plans",
    tag = "plans",
    request_body(content = Plan, description = "The plan document with its targets and tasks"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Stored", body = PlanSummary),
        (status = 400, description = "A target names an unknown indicator, lies outside the plan, or repeats", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a province officer of the plan's unit", body = ErrorBody),
        (status = 404, description = "The plan's unit does not exist", body = ErrorBody),
        (status = 409, description = "A plan with this id exists", body = ErrorBody),
    )
)]
pub async fn create_plan(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(plan): ApiJson<Plan>,
) -> Result<(StatusCode, Json<PlanSummary>), ApiError> {
    let principal = &caller.principal;
    let result = async {
        state.units.get(&plan.unit)?;
        principal.may_write_plan(&state.units, &plan.unit)?;
        plan.check(&state.units, Indicators::embedded())
            .map_err(plan_error)?;
        let province = state.units.current_province_code(&plan.unit)?;
        state
            .store
            .create_plan(&plan, province.as_str(), Utc::now())
            .await?;
        Ok((StatusCode::CREATED, Json(summary(&state, &plan))))
    }
    .await;
    audit_result(
        &state,
        principal,
        AuditAction::Create,
        AuditSubject {
            kind: "plan",
            id: plan.id.clone(),
            unit: Some(&plan.unit),
        },
        &result,
    )
    .await?;
    result
}

/// Replaces a plan. The caller must be allowed to write plans both where
/// the plan is kept now and where the new document puts it; the path and
/// the document name the same id.
#[utoipa::path(
    put,
    path = "/api/v1/plans/{id}",
    tag = "plans",
    params(("id" = String, Path, description = "Plan id, e.g. hanoi-2025")),
    request_body(content = Plan, description = "The whole new plan, with the same id"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Replaced", body = PlanSummary),
        (status = 400, description = "The document is not a valid plan, or names another id", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a province officer of the plan's unit", body = ErrorBody),
        (status = 404, description = "No such plan", body = ErrorBody),
        (status = 409, description = "The plan changed meanwhile", body = ErrorBody),
    )
)]
pub async fn replace_plan(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiJson(plan): ApiJson<Plan>,
) -> Result<Json<PlanSummary>, ApiError> {
    let principal = &caller.principal;
    let existing = state
        .store
        .get_plan(&id)
        .await?
        .ok_or_else(|| plan_not_found(&id))?;
    let result = async {
        // Where the plan is now decides first: a plan of another province
        // is never overwritten by naming its id.
        principal.may_write_plan(&state.units, &existing.unit)?;
        if plan.id != id {
            return Err(ApiError::bad_request(
                format!(
                    "Mã kế hoạch trong nội dung ({:?}) khác mã trên đường dẫn",
                    plan.id
                ),
                format!(
                    "The document's plan id ({:?}) differs from the path's",
                    plan.id
                ),
            ));
        }
        state.units.get(&plan.unit)?;
        principal.may_write_plan(&state.units, &plan.unit)?;
        plan.check(&state.units, Indicators::embedded())
            .map_err(plan_error)?;
        let province = state.units.current_province_code(&plan.unit)?;
        state
            .store
            .replace_plan(
                &plan,
                &existing.unit.to_string(),
                province.as_str(),
                Utc::now(),
            )
            .await?;
        Ok(Json(summary(&state, &plan)))
    }
    .await;
    audit_result(
        &state,
        principal,
        AuditAction::Update,
        AuditSubject {
            kind: "plan",
            id: id.clone(),
            unit: Some(&existing.unit),
        },
        &result,
    )
    .await?;
    result
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressParams {
    /// The unit (with everything within it); the plan's unit by default,
    /// or the caller's own when it lies within the plan's.
    pub unit: Option<String>,
    /// Only targets within this period (e.g. `2021`, `2021-Q1`).
    pub period: Option<String>,
    /// The day progress is judged on (ISO); today by default.
    pub as_of: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    pub plan: PlanSummary,
    pub unit: String,
    pub period: Option<String>,
    pub as_of: NaiveDate,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<ProgressRow>,
    pub n_achieved: usize,
    pub n_on_track: usize,
    pub n_behind: usize,
    pub n_no_data: usize,
}

/// Progress of a plan: every target of a unit and the units within it, with
/// its actual, the percentage achieved and a status (achieved, on track,
/// behind, no data).
#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}/progress",
    tag = "plans",
    params(("id" = String, Path, description = "Plan id"), ProgressParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The progress table", body = ProgressView),
        (status = 403, description = "A unit outside the caller's", body = ErrorBody),
        (status = 404, description = "No such plan or unit", body = ErrorBody),
        (status = 503, description = "The statistics are still being built after a start", body = ErrorBody),
    )
)]
pub async fn plan_progress(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<ProgressParams>,
) -> Result<Json<ProgressView>, ApiError> {
    let Progress {
        plan,
        unit,
        period,
        as_of,
        rows,
    } = progress_of(
        &state,
        &caller,
        &id,
        params.unit.as_deref(),
        params.period.as_deref(),
        params.as_of,
    )
    .await?;
    let rows = crate::plans::project_rows(&state, rows, as_of).await?;
    let count = |status: ProgressStatus| rows.iter().filter(|row| row.status == status).count();
    Ok(Json(ProgressView {
        plan: summary(&state, &plan),
        unit: unit.to_string(),
        period: period.map(|p| p.to_string()),
        as_of,
        n_achieved: count(ProgressStatus::Achieved),
        n_on_track: count(ProgressStatus::OnTrack),
        n_behind: count(ProgressStatus::Behind),
        n_no_data: count(ProgressStatus::NoData),
        rows,
    }))
}

/// The progress table as an XLSX workbook shaped like the plan's own
/// tables: summary, appendix by unit, quarterly schedule.
#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}/progress.xlsx",
    tag = "plans",
    params(("id" = String, Path, description = "Plan id"), ProgressParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The workbook", body = crate::views::SheetFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "A unit outside the caller's", body = ErrorBody),
        (status = 404, description = "No such plan or unit", body = ErrorBody),
        (status = 503, description = "The statistics are still being built after a start", body = ErrorBody),
    )
)]
pub async fn plan_progress_xlsx(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<ProgressParams>,
) -> Result<Response, ApiError> {
    let progress = progress_of(
        &state,
        &caller,
        &id,
        params.unit.as_deref(),
        params.period.as_deref(),
        params.as_of,
    )
    .await?;
    let (file_name, bytes) = progress_workbook(&state, progress).await?;
    Ok((
        StatusCode::OK,
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportsParams {
    /// The day the obligations are judged on (ISO); today by default.
    pub as_of: Option<NaiveDate>,
    /// Only obligations of this unit and the units within it.
    pub unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ObligationView {
    pub unit: String,
    pub unit_name: String,
    pub agency: Option<String>,
    pub period: String,
    pub due: NaiveDate,
    /// pending, on_time, late or missing.
    pub status: String,
    pub status_vi: String,
    pub report_id: Option<i64>,
    pub submitted_at: Option<chrono::DateTime<Utc>>,
    /// submitted, approved or returned.
    pub state: Option<String>,
    /// Why it was approved (the lock) or returned.
    pub decision_reason: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub flags: Vec<RuleFlag>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportsView {
    pub plan: String,
    pub as_of: NaiveDate,
    #[schema(value_type = Object)]
    pub timeliness: Timeliness,
    pub obligations: Vec<ObligationView>,
}

/// What the plan's units owe: every report whose period has begun, due,
/// submitted on time, late or missing, with completeness and timeliness.
#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}/reports",
    tag = "plans",
    params(("id" = String, Path, description = "Plan id"), ReportsParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Obligations and their status", body = ReportsView),
        (status = 403, description = "A unit outside the caller's", body = ErrorBody),
    )
)]
pub async fn plan_reports(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<ReportsParams>,
) -> Result<Json<ReportsView>, ApiError> {
    let plan = load_plan(&state, &caller, &id).await?;
    let unit = progress_unit(&state, &caller.principal, &plan, params.unit.as_deref()).await?;
    let as_of = params.as_of.unwrap_or_else(vietnam_today);
    let submissions = state.store.list_reports(&plan.id).await?;
    let obligations: Vec<ObligationView> = reporting::obligations(&plan, &state.units, as_of)
        .into_iter()
        .filter(|o| vieclam_plans::unit_counts_for(&state.units, &o.unit, &unit))
        .map(|obligation| {
            let answer = reporting::answer(&obligation, &submissions);
            let status = reporting::status(&obligation, answer, as_of);
            ObligationView {
                unit_name: state
                    .units
                    .get(&obligation.unit)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                unit: obligation.unit.to_string(),
                agency: obligation.agency.clone(),
                period: obligation.period.to_string(),
                due: obligation.due,
                status: text_of(&status),
                status_vi: status.label_vi().to_owned(),
                report_id: answer.map(|s| s.id),
                submitted_at: answer.map(|s| s.submitted_at),
                state: answer.map(|s| s.state.as_str().to_owned()),
                decision_reason: answer.and_then(|s| s.decision_reason.clone()),
                flags: answer.map(|s| s.flags.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let timeliness = Timeliness::of(obligations.iter().map(|o| match o.status.as_str() {
        "on_time" => ReportStatus::OnTime,
        "late" => ReportStatus::Late,
        "missing" => ReportStatus::Missing,
        _ => ReportStatus::Pending,
    }));
    Ok(Json(ReportsView {
        plan: plan.id,
        as_of,
        timeliness,
        obligations,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct SubmitReport {
    /// The reporting unit.
    pub unit: String,
    /// Within a commune, the agency that reports.
    pub agency: Option<String>,
    /// The period, e.g. `2021-03` for a monthly plan.
    pub period: String,
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub id: i64,
    pub plan: String,
    pub unit: String,
    pub agency: Option<String>,
    pub period: String,
    pub due: NaiveDate,
    pub submitted_at: chrono::DateTime<Utc>,
    /// on_time or late.
    pub timeliness: String,
    pub state: String,
    pub decision_reason: Option<String>,
    /// Validation rules the figures break: suspicious, not refused.
    #[schema(value_type = Vec<Object>)]
    pub flags: Vec<RuleFlag>,
}

fn report_view(plan: &Plan, submission: &reporting::Submission) -> ReportView {
    let due = plan.report_due.date_for(submission.period);
    let on_time = reporting::vietnam_day(submission.submitted_at) <= due;
    ReportView {
        id: submission.id,
        plan: submission.plan.clone(),
        unit: submission.unit.to_string(),
        agency: submission.agency.clone(),
        period: submission.period.to_string(),
        due,
        submitted_at: submission.submitted_at,
        timeliness: if on_time { "on_time" } else { "late" }.to_owned(),
        state: submission.state.as_str().to_owned(),
        decision_reason: submission.decision_reason.clone(),
        flags: submission.flags.clone(),
    }
}

/// Submits a unit's report for a period. The figures are checked against
/// the validation rules: a broken rule flags the report as suspicious (it
/// is accepted, and the approver sees why).
#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/reports",
    tag = "plans",
    params(("id" = String, Path, description = "Plan id")),
    request_body = SubmitReport,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Submitted", body = ReportView),
        (status = 403, description = "A unit outside the caller's, or a role that does not report", body = ErrorBody),
        (status = 409, description = "Already submitted", body = ErrorBody),
        (status = 422, description = "The unit owes no report for that period", body = ErrorBody),
        (status = 503, description = "The statistics are still being built after a start", body = ErrorBody),
    )
)]
pub async fn submit_report(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SubmitReport>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    let (plan, submission) = crate::reporting::submit(
        &state,
        &caller,
        &id,
        &body.unit,
        body.agency.as_deref(),
        &body.period,
        body.comment.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(report_view(&plan, &submission))))
}

#[derive(Deserialize, ToSchema)]
pub struct Decision {
    /// Why: for an approval, the lock reason shown to anyone whose edit it
    /// refuses (a standard one naming the approver and the day is written
    /// when none is given); for a return, required.
    pub reason: Option<String>,
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    id: i64,
    to: ReportState,
    reason: Option<String>,
) -> Result<Json<ReportView>, ApiError> {
    let (plan, decided) = crate::reporting::decide(state, caller, id, to, reason).await?;
    Ok(Json(report_view(&plan, &decided)))
}

/// Approves a report: its unit's figures for the period are locked, and an
/// edit is refused with this reason.
#[utoipa::path(
    post,
    path = "/api/v1/reports/{id}/approve",
    tag = "plans",
    params(("id" = i64, Path, description = "Report id")),
    request_body = Decision,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Approved and locked", body = ReportView),
        (status = 403, description = "Not a higher level over the report's unit, or its submitter", body = ErrorBody),
        (status = 404, description = "No such report", body = ErrorBody),
        (status = 409, description = "The report is approved already", body = ErrorBody),
    )
)]
pub async fn approve_report(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Decision>,
) -> Result<Json<ReportView>, ApiError> {
    decide(&state, &caller, id, ReportState::Approved, body.reason).await
}

/// Returns a report for correction, with the reason: its figures unlock.
#[utoipa::path(
    post,
    path = "/api/v1/reports/{id}/return",
    tag = "plans",
    params(("id" = i64, Path, description = "Report id")),
    request_body = Decision,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Returned and unlocked", body = ReportView),
        (status = 400, description = "No reason given", body = ErrorBody),
        (status = 403, description = "Not a higher level over the report's unit", body = ErrorBody),
        (status = 409, description = "The report is not in a state that can be returned", body = ErrorBody),
    )
)]
pub async fn return_report(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Decision>,
) -> Result<Json<ReportView>, ApiError> {
    decide(&state, &caller, id, ReportState::Returned, body.reason).await
}

#[derive(Deserialize, ToSchema)]
pub struct FigureEntry {
    pub indicator: String,
    pub unit: String,
    pub period: String,
    pub value: f64,
    pub agency: Option<String>,
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EnteredView {
    pub n_written: usize,
    #[schema(value_type = Vec<Object>)]
    pub values: Vec<vieclam_plans::DataValue>,
}

async fn write_figures(
    state: &AppState,
    caller: &Caller,
    figures: Vec<vieclam_sheets::plans::ValueRow>,
) -> Result<Json<EnteredView>, ApiError> {
    let values = crate::reporting::write_figures(state, caller, figures).await?;
    Ok(Json(EnteredView {
        n_written: values.len(),
        values,
    }))
}

/// Enters figures (JSON): all are written or none. A figure locked by an
/// approved report is refused with the lock's reason.
#[utoipa::path(
    post,
    path = "/api/v1/data-values",
    tag = "plans",
    request_body = Vec<FigureEntry>,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Written", body = EnteredView),
        (status = 403, description = "A unit outside the caller's", body = ErrorBody),
        (status = 409, description = "Locked by an approved report (code `locked`, with the reason), or overlapping figures", body = ErrorBody),
        (status = 422, description = "A bad figure: unknown or computed indicator, bad period, out of range", body = ErrorBody),
    )
)]
pub async fn enter_values(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(entries): ApiJson<Vec<FigureEntry>>,
) -> Result<Json<EnteredView>, ApiError> {
    let entries = entries
        .into_iter()
        .map(|entry| crate::reporting::FigureInput {
            indicator: entry.indicator,
            unit: entry.unit,
            period: entry.period,
            value: entry.value,
            agency: entry.agency,
            comment: entry.comment,
        })
        .collect();
    let figures = crate::reporting::check_figures(&state, entries)?;
    write_figures(&state, &caller, figures).await
}

/// Enters figures from a CSV or XLSX sheet (columns: Mã chỉ số, Mã đơn vị,
/// Kỳ báo cáo, Số liệu, Cơ quan báo cáo, Ghi chú — or their English names).
/// Nothing is written when any row is bad; every bad row is listed.
#[utoipa::path(
    post,
    path = "/api/v1/data-values/import",
    tag = "plans",
    request_body(description = "The CSV or XLSX file, as the whole body (any content type is read)", content(
        (inline(crate::views::SheetFile) = "application/octet-stream"),
        (inline(crate::views::SheetFile) = "text/csv"),
        (inline(crate::views::SheetFile) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Written", body = EnteredView),
        (status = 409, description = "Locked by an approved report", body = ErrorBody),
        (status = 422, description = "Bad rows (nothing written) or an unreadable file", body = ErrorBody),
    )
)]
pub async fn import_values(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    body: axum::body::Body,
) -> Result<Json<EnteredView>, ApiError> {
    // The role is checked before a byte of the file is read; each figure's
    // unit is checked once the file is read.
    crate::reporting::check_may_import(&state, &caller).await?;
    let body = crate::sheets::read_body(body).await?;
    let values = crate::reporting::import_figures(&state, &caller, body).await?;
    Ok(Json(EnteredView {
        n_written: values.len(),
        values,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    pub indicator: String,
    pub unit: String,
    pub period: String,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    pub value: f64,
    pub agency: Option<String>,
    pub comment: Option<String>,
    pub entered_by: Option<i64>,
    pub entered_at: chrono::DateTime<Utc>,
    /// When a later entry replaced it; none for the current figure.
    pub superseded_at: Option<chrono::DateTime<Utc>>,
}

/// Every version of a submitted figure: who entered what, when and why.
#[utoipa::path(
    get,
    path = "/api/v1/data-values/history",
    tag = "plans",
    params(HistoryParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<HistoryEntry>),
        (status = 403, description = "A unit outside the caller's", body = ErrorBody),
    )
)]
pub async fn value_history(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(params): ApiQuery<HistoryParams>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let unit = parse_unit(&params.unit)?;
    let period = parse_period(&params.period)?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        figures_of(&unit),
        caller.principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    let history = state
        .store
        .value_history(&params.indicator, &unit, period)
        .await?;
    Ok(Json(
        history
            .into_iter()
            .map(|(value, superseded_at)| HistoryEntry {
                value: value.value,
                agency: value.agency,
                comment: value.comment,
                entered_by: value.entered_by,
                entered_at: value.entered_at,
                superseded_at,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct TaskChange {
    /// not_started, in_progress, done or delayed.
    pub status: String,
    pub note: Option<String>,
}

/// Records a task's status and a progress note (the log is kept).
#[utoipa::path(
    put,
    path = "/api/v1/plans/{id}/tasks/{group}/{number}",
    tag = "plans",
    params(
        ("id" = String, Path, description = "Plan id"),
        ("group" = String, Path, description = "Task group (I, II, …)"),
        ("number" = u32, Path, description = "Task number in the group"),
    ),
    request_body = TaskChange,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Recorded", body = TaskView),
        (status = 403, description = "Not an officer of the plan's unit", body = ErrorBody),
        (status = 404, description = "No such plan or task", body = ErrorBody),
    )
)]
pub async fn update_task(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath((id, group, number)): ApiPath<(String, String, u32)>,
    ApiJson(change): ApiJson<TaskChange>,
) -> Result<Json<TaskView>, ApiError> {
    let (plan, log) = crate::plans::update_task(
        &state,
        &caller,
        &id,
        &group,
        number,
        &change.status,
        change.note,
    )
    .await?;
    let task = plan
        .tasks
        .iter()
        .find(|t| t.group_no == group && t.task_no == number)
        .ok_or_else(ApiError::internal)?;
    Ok(Json(task_view(task, &log)))
}
