//! Forecasts, shortages and hiring signals over HTTP ("AI Dự báo Cung -
//! Cầu", MISSION.md §3).
//!
//! Who may read:
//! - forecasts and shortages: as for indicators — the admin and staff whose
//!   unit covers the unit asked about; workers, employers and the public
//!   are refused (they are aggregates, never personal);
//! - hiring signals (which employers are likely to hire): exchange staff,
//!   province officers and the admin, within their unit; never published,
//!   every read audited.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::registry::occupations;
use vieclam_domain::{AuditAction, UnitKey};
use vieclam_forecast::shortage::growing_and_shrinking;
use vieclam_forecast::signals::Backtest;
use vieclam_forecast::{Balance, Measure, Selection, SeriesForecast, Signal, MAX_HORIZON};

use crate::auth::LoggedIn;
use crate::error::{ApiError, ApiQuery, ErrorBody};
use crate::forecasts::{unit_balances, unit_signals, ForecastSnapshot};
use crate::plans::figures_of;
use crate::scope::{audit, check_audited, AuditSubject};
use crate::{vietnam_today, AppState};

/// The default months ahead.
const DEFAULT_HORIZON: u32 = 12;
/// The most hiring signals one request lists.
const MAX_SIGNALS: u32 = 500;

fn parse_unit(state: &AppState, text: &str) -> Result<UnitKey, ApiError> {
    let unit = UnitKey::parse(text, vietnam_today())?;
    state.units.get(&unit)?;
    Ok(unit)
}

fn parse_horizon(horizon: Option<u32>) -> Result<usize, ApiError> {
    match horizon.unwrap_or(DEFAULT_HORIZON) {
        h @ 1..=24 => Ok(h as usize),
        h => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_horizon",
            format!("Số tháng dự báo phải từ 1 đến {MAX_HORIZON} (nhận: {h})."),
            format!("The horizon must be 1 to {MAX_HORIZON} months (got {h})."),
        )),
    }
}

/// An occupation code of 1–4 digits that the classification knows.
fn parse_occupation(text: Option<&str>) -> Result<Option<(String, String)>, ApiError> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    let well_formed = text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit());
    match occupations().get(text).filter(|_| well_formed) {
        Some(entry) => Ok(Some((entry.code.clone(), entry.name_vi.clone()))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "occupation_not_found",
            "Không có mã nghề này (1–4 chữ số theo danh mục nghề nghiệp).",
            "No such occupation code (1–4 digits of the occupation classification).",
        )),
    }
}

fn unavailable(error: String) -> ApiError {
    tracing::warn!(%error, "forecasts unavailable");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "forecasts_unavailable",
        "Chưa dựng được dự báo; vui lòng thử lại sau.",
        "The forecasts could not be built; try again later.",
    )
}

async fn snapshot(state: &AppState) -> Result<std::sync::Arc<ForecastSnapshot>, ApiError> {
    state
        .forecasts
        .get(state.store.clone(), state.units.clone(), vietnam_today())
        .await
        .map_err(unavailable)
}

fn unit_name(state: &AppState, unit: &UnitKey) -> String {
    state
        .units
        .get(unit)
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastParams {
    /// The unit, e.g. `2025:01`, `legacy:001`.
    pub unit: String,
    /// An occupation code of 1–4 digits (major, sub-major, minor or unit
    /// group); none for every occupation.
    pub occupation: Option<String>,
    /// `seekers`, `vacancies`, `positions` (default), `hires`, `ui_claims`
    /// or `returns`.
    pub measure: Option<String>,
    /// Months ahead, 1–24 (default 12).
    pub horizon: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ForecastView {
    pub unit: String,
    pub unit_name: String,
    pub occupation: Option<String>,
    pub occupation_vi: Option<String>,
    pub measure_vi: String,
    pub measure_en: String,
    pub horizon: usize,
    /// The last month that is over: histories end there, forecasts start
    /// after it.
    pub last_month: String,
    pub forecast: SeriesForecast,
}

/// A monthly series of the living data for one unit and occupation, with
/// its forecast 1–24 months ahead and 95 % intervals (reconciled bottom-up:
/// communes add up to their province, unit groups to their sub-major), or
/// "not enough data".
#[utoipa::path(
    get,
    path = "/api/v1/forecasts",
    tag = "plans",
    params(ForecastParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The series and its forecast", body = ForecastView),
        (status = 400, description = "A bad unit, measure or horizon", body = ErrorBody),
        (status = 403, description = "Outside the caller's unit, or a role that reads no figures", body = ErrorBody),
        (status = 404, description = "No such unit or occupation", body = ErrorBody),
        (status = 503, description = "The forecasts could not be built", body = ErrorBody),
    )
)]
pub async fn forecast(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(params): ApiQuery<ForecastParams>,
) -> Result<Json<ForecastView>, ApiError> {
    let unit = parse_unit(&state, &params.unit)?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        figures_of(&unit),
        caller.principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    let measure = match params.measure.as_deref() {
        None => Measure::Positions,
        Some(text) => Measure::parse(text).ok_or_else(|| {
            ApiError::bad_request(
                "Chỉ số không hợp lệ: seekers, vacancies, positions, hires, ui_claims, returns.",
                "Unknown measure: seekers, vacancies, positions, hires, ui_claims, returns.",
            )
        })?,
    };
    let occupation = parse_occupation(params.occupation.as_deref())?;
    let horizon = parse_horizon(params.horizon)?;
    let snapshot = snapshot(&state).await?;
    let units = state.units.clone();
    let (code, target) = (
        occupation.as_ref().map(|(code, _)| code.clone()),
        unit.clone(),
    );
    let forecast = crate::blocking::run(&state, move || {
        let mut cells = snapshot.engine.ledger().members(&units, &target);
        cells.sort_unstable();
        let selection = Selection {
            occupation: code,
            cells,
        };
        (
            snapshot.engine.forecast(measure, &selection, horizon),
            snapshot.last,
        )
    })
    .await?;
    Ok(Json(ForecastView {
        unit_name: unit_name(&state, &unit),
        unit: unit.to_string(),
        occupation_vi: occupation.as_ref().map(|(_, name)| name.clone()),
        occupation: occupation.map(|(code, _)| code),
        measure_vi: measure.label_vi().into(),
        measure_en: measure.label_en().into(),
        horizon,
        last_month: forecast.1.to_string(),
        forecast: forecast.0,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShortageParams {
    /// The unit, e.g. `2025:01`.
    pub unit: String,
    /// Months ahead, 1–24 (default 12).
    pub horizon: Option<u32>,
    /// Digits of the occupation level: 1 major, 2 sub-major (default), 3
    /// minor, 4 unit group.
    pub level: Option<u8>,
}

#[derive(Serialize, ToSchema)]
pub struct ShortageView {
    pub unit: String,
    pub unit_name: String,
    pub horizon: usize,
    pub level: u8,
    pub last_month: String,
    /// Largest shortage first, largest surplus last.
    pub balances: Vec<Balance>,
    /// The occupations whose demand grows most, then shrinks most (codes).
    pub growing: Vec<String>,
    pub shrinking: Vec<String>,
}

/// Forecast demand (positions opened) minus forecast supply (job seekers
/// registered) per occupation in a unit over the months ahead, with its
/// interval, ranked; growth of each side, and the months a series broke
/// (changepoints) or jumped (outliers).
#[utoipa::path(
    get,
    path = "/api/v1/shortages",
    tag = "plans",
    params(ShortageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Shortages first", body = ShortageView),
        (status = 400, description = "A bad unit, horizon or level", body = ErrorBody),
        (status = 403, description = "Outside the caller's unit, or a role that reads no figures", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 503, description = "The forecasts could not be built", body = ErrorBody),
    )
)]
pub async fn shortages(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(params): ApiQuery<ShortageParams>,
) -> Result<Json<ShortageView>, ApiError> {
    let unit = parse_unit(&state, &params.unit)?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        figures_of(&unit),
        caller.principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    let horizon = parse_horizon(params.horizon)?;
    let level = match params.level.unwrap_or(2) {
        level @ 1..=4 => level,
        _ => {
            return Err(ApiError::bad_request(
                "Cấp nghề phải từ 1 đến 4 chữ số.",
                "The occupation level must be 1 to 4 digits.",
            ))
        }
    };
    let snapshot = snapshot(&state).await?;
    let units = state.units.clone();
    let target = unit.clone();
    let (rows, last) = crate::blocking::run(&state, move || {
        (
            unit_balances(&snapshot, &units, &target, level as usize, horizon),
            snapshot.last,
        )
    })
    .await?;
    let (growing, shrinking) = growing_and_shrinking(&rows, 5);
    Ok(Json(ShortageView {
        unit_name: unit_name(&state, &unit),
        unit: unit.to_string(),
        horizon,
        level,
        last_month: last.to_string(),
        growing,
        shrinking,
        balances: rows,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignalParams {
    /// The unit whose employers (by address) are listed.
    pub unit: String,
    /// How many, 1–500 (default 50).
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct SignalView {
    pub employer_name: String,
    #[serde(flatten)]
    pub signal: Signal,
}

#[derive(Serialize, ToSchema)]
pub struct SignalsView {
    pub unit: String,
    pub unit_name: String,
    /// The signals speak of the six months after this one.
    pub last_month: String,
    /// How the same score did six months ago, for these employers.
    pub backtest: Backtest,
    pub signals: Vec<SignalView>,
}

/// Employers in a unit most likely to hire in the next six months, from
/// their history of vacancies, hires and insured hires, for the
/// exchange's outreach; with the score's back-test on the same employers.
#[utoipa::path(
    get,
    path = "/api/v1/hiring-signals",
    tag = "plans",
    params(SignalParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Most likely first", body = SignalsView),
        (status = 400, description = "A bad unit or limit", body = ErrorBody),
        (status = 403, description = "Not exchange staff, a province officer or the admin, or outside their unit", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 503, description = "The forecasts could not be built", body = ErrorBody),
    )
)]
pub async fn hiring_signals(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(params): ApiQuery<SignalParams>,
) -> Result<Json<SignalsView>, ApiError> {
    let unit = parse_unit(&state, &params.unit)?;
    let subject = || AuditSubject {
        kind: "hiring_signals",
        id: unit.to_string(),
        unit: Some(&unit),
    };
    let decision = caller
        .principal
        .may_read_hiring_signals(&state.units, &unit);
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        subject(),
        decision,
    )
    .await?;
    let limit = match params.limit.unwrap_or(50) {
        limit @ 1..=MAX_SIGNALS => limit as usize,
        _ => {
            return Err(ApiError::bad_request(
                format!("Số dòng phải từ 1 đến {MAX_SIGNALS}."),
                format!("The limit must be 1 to {MAX_SIGNALS}."),
            ))
        }
    };
    let snapshot = snapshot(&state).await?;
    let units = state.units.clone();
    let target = unit.clone();
    let (found, last) = crate::blocking::run(&state, move || {
        (
            unit_signals(&snapshot, &units, &target, limit),
            snapshot.last,
        )
    })
    .await?;
    audit(
        &state,
        &caller.principal,
        AuditAction::Read,
        subject(),
        &Ok(()),
    )
    .await?;
    Ok(Json(SignalsView {
        unit_name: unit_name(&state, &unit),
        unit: unit.to_string(),
        last_month: last.to_string(),
        backtest: found.backtest,
        signals: found
            .signals
            .into_iter()
            .map(|(signal, employer_name)| SignalView {
                employer_name,
                signal,
            })
            .collect(),
    }))
}
