//! `/can-bo/du-bao`: supply and demand forecast for the officer's unit —
//! per occupation group, the positions employers will open and the job
//! seekers who will register over the months ahead, the gap with its
//! interval, growth and the months a series broke; for the exchange's
//! staff and province officers, the employers likely to hire (never
//! published, every read audited). The same rules and the same code as
//! `/api/v1/shortages` and `/api/v1/hiring-signals`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use vieclam_domain::{AuditAction, UnitKey};

use vieclam_forecast::shortage::growing_and_shrinking;

use crate::error::ApiError;
use crate::forecasts::{unit_balances, unit_signals};
use crate::scope::{audit, check_audited, AuditSubject};
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::{render, PageQuery};
use crate::web::{format, labels, Lang, Page};
use crate::AppState;

/// Employers listed on the page.
const SIGNALS_SHOWN: usize = 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/can-bo/du-bao", get(forecasts))
}

/// The page's choices; an empty field means "not given".
#[derive(Debug, Default, Deserialize)]
pub struct Choice {
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    horizon: Option<String>,
}

/// One occupation group's balance, as words.
struct BalanceRow {
    code: String,
    name: String,
    demand: String,
    supply: String,
    gap: String,
    interval: String,
    verdict: String,
    /// `shortage`, `surplus`, `balanced` or `unknown`.
    verdict_class: String,
    growth: String,
    flags: String,
}

struct SignalRow {
    name: String,
    score: String,
    vacancies: u32,
    hires: u32,
    insured: String,
    last_active: String,
}

#[derive(Template)]
#[template(path = "officer/forecasts.html")]
struct ForecastsPage<'a> {
    page: &'a Page,
    frame: Frame,
    unit: String,
    unit_name: String,
    horizon: usize,
    horizons: Vec<(usize, bool)>,
    last_month: String,
    rows: Vec<BalanceRow>,
    growing: Vec<String>,
    shrinking: Vec<String>,
    /// `None` when the role does not read hiring signals.
    signals: Option<Vec<SignalRow>>,
    /// The signals' back-test, in words.
    backtest: String,
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn signed_percent(value: Option<f64>, lang: Lang) -> String {
    match value {
        Some(value) if value >= 0.0 => format!("+{}", format::percent(value, lang)),
        Some(value) => format!("−{}", format::percent(-value, lang)),
        None => "—".to_owned(),
    }
}

/// The forecast page.
pub async fn forecasts(
    State(state): State<AppState>,
    page: Page,
    PageQuery(choice): PageQuery<Choice>,
) -> Response {
    as_officer!(page, state, Area::Forecasts, |officer| async {
        let lang = page.lang;
        let today = crate::vietnam_today();
        let unit = match given(&choice.unit) {
            Some(text) => UnitKey::parse(text, today).map_err(ApiError::from)?,
            None => match officer.scope.clone().or_else(|| state.config.city.clone()) {
                Some(unit) => unit,
                None => UnitKey::parse("2025:01", today).map_err(ApiError::from)?,
            },
        };
        state.units.get(&unit).map_err(ApiError::from)?;
        let principal = &page.caller.principal;
        check_audited(
            &state,
            principal,
            AuditAction::Read,
            crate::plans::figures_of(&unit),
            principal.may_read_figures(&state.units, &unit),
        )
        .await?;
        let horizon = match given(&choice.horizon) {
            None => 12,
            Some("6") => 6,
            Some("12") => 12,
            Some("24") => 24,
            Some(_) => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_horizon",
                    "Số tháng dự báo phải là 6, 12 hoặc 24.",
                    "The horizon must be 6, 12 or 24 months.",
                )
                .into())
            }
        };
        let snapshot = state
            .forecasts
            .get(state.store.clone(), state.units.clone(), today)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "forecasts_unavailable",
                    "Chưa dựng được dự báo; vui lòng thử lại sau.",
                    "The forecasts could not be built; try again later.",
                )
            })?;
        let reads_signals = principal
            .may_read_hiring_signals(&state.units, &unit)
            .is_ok();
        let (units, target, shared) = (state.units.clone(), unit.clone(), snapshot.clone());
        let (balances, found) = crate::blocking::run(&state, move || {
            let balances = unit_balances(&shared, &units, &target, 2, horizon);
            let found =
                reads_signals.then(|| unit_signals(&shared, &units, &target, SIGNALS_SHOWN));
            (balances, found)
        })
        .await?;
        if reads_signals {
            let subject = AuditSubject {
                kind: "hiring_signals",
                id: unit.to_string(),
                unit: Some(&unit),
            };
            audit(&state, principal, AuditAction::Read, subject, &Ok(())).await?;
        }
        let number = |value: f64| format::figure(value.round(), lang);
        let rows: Vec<BalanceRow> = balances
            .iter()
            .map(|row| BalanceRow {
                code: row.occupation.clone(),
                name: row.occupation_vi.clone(),
                demand: number(row.demand),
                supply: number(row.supply),
                gap: if row.gap < 0.0 {
                    format!("−{}", number(-row.gap))
                } else {
                    number(row.gap)
                },
                interval: format!(
                    "{} … {}",
                    if row.gap_lower < 0.0 {
                        format!("−{}", number(-row.gap_lower))
                    } else {
                        number(row.gap_lower)
                    },
                    if row.gap_upper < 0.0 {
                        format!("−{}", number(-row.gap_upper))
                    } else {
                        number(row.gap_upper)
                    }
                ),
                verdict: match (row.verdict.as_str(), lang) {
                    (_, Lang::Vi) => row.verdict_vi.clone(),
                    ("shortage", Lang::En) => "Workers short".into(),
                    ("surplus", Lang::En) => "Workers in surplus".into(),
                    ("balanced", Lang::En) => "Balanced".into(),
                    (_, Lang::En) => "Not enough data".into(),
                },
                verdict_class: row.verdict.clone(),
                growth: signed_percent(row.demand_growth_percent, lang),
                flags: row
                    .flags
                    .iter()
                    .map(|flag| {
                        let kind = match (flag.kind.as_str(), lang) {
                            (_, Lang::Vi) => flag.kind_vi.clone(),
                            ("changepoint", Lang::En) => "level changed".into(),
                            (_, Lang::En) => "unusual month".into(),
                        };
                        let side = match (flag.measure, lang) {
                            (vieclam_forecast::Measure::Positions, Lang::Vi) => "cầu",
                            (vieclam_forecast::Measure::Positions, Lang::En) => "demand",
                            (_, Lang::Vi) => "cung",
                            (_, Lang::En) => "supply",
                        };
                        format!("{kind} ({side}, {})", flag.month)
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            })
            .collect();
        let named = |codes: Vec<String>| -> Vec<String> {
            codes
                .into_iter()
                .map(|code| {
                    let name = crate::forecasts::occupation_name(&code);
                    format!("{code} {name}")
                })
                .collect()
        };
        let (growing, shrinking) = growing_and_shrinking(&balances, 5);
        let (growing, shrinking) = (named(growing), named(shrinking));
        let backtest = found.as_ref().map_or_else(String::new, |found| {
            let check = &found.backtest;
            let at = |k: usize| check.rows.iter().find(|row| row.k == k);
            match at(10) {
                Some(row) if check.employers > 0 => lang
                    .pick(
                        "Kiểm tra lại: xếp hạng lập tại {origin} cho {n} doanh nghiệp; trong 10 doanh nghiệp đầu, {score} tuyển dụng trong 6 tháng sau (quy tắc \"đã tuyển trong năm qua\": {naive}).",
                        "Back-test: ranked at {origin} for {n} employers; of the first 10, {score} hired in the next 6 months (the rule \"hired in the last year\": {naive}).",
                    )
                    .replace("{origin}", &check.origin)
                    .replace("{n}", &check.employers.to_string())
                    .replace("{score}", &format::percent(row.score * 100.0, lang))
                    .replace("{naive}", &format::percent(row.naive * 100.0, lang)),
                _ => String::new(),
            }
        });
        let signals = found.map(|found| {
            found
                .signals
                .into_iter()
                .map(|(signal, name)| SignalRow {
                    name,
                    score: format!("{:.1}", signal.score).replace('.', lang.pick(",", ".")),
                    vacancies: signal.vacancies_12m,
                    hires: signal.hires_12m,
                    insured: signal
                        .insured_share_percent
                        .map_or_else(|| "—".to_owned(), |p| format::percent(p, lang)),
                    last_active: signal.last_active.unwrap_or_default(),
                })
                .collect()
        });
        render(&ForecastsPage {
            page: &page,
            frame: officer.frame(&page, Area::Forecasts),
            unit: unit.to_string(),
            unit_name: labels::place(&state.units, &unit),
            horizon,
            horizons: [6, 12, 24].into_iter().map(|h| (h, h == horizon)).collect(),
            last_month: snapshot.last.to_string(),
            rows,
            growing,
            shrinking,
            signals,
            backtest,
        })
    })
}
