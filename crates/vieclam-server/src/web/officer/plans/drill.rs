//! `/can-bo/ke-hoach/{id}/chi-tieu/{indicator}`: one indicator of a plan,
//! drilled by links: the unit's own targets, the units directly below it
//! ranked (target, actual, % done, as bars and as a table, each a link one
//! level further down), and the trend month by month (a line and its
//! table), for the plan's period or a year, a quarter or a month of it.
//!
//! The units below are those of the administrative structure in force at
//! the period's end: Hà Nội in the first quarter of 2025 has its 30 old
//! districts, from July 2025 its 126 new communes and wards. Access is the
//! progress table's (`plans::progress_of` checks the unit asked); every
//! unit below is checked again before it is shown.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use vieclam_domain::{UnitKey, UnitStructure};
use vieclam_plans::indicator::Aggregation;
use vieclam_plans::{Indicators, Period, PeriodKind, ProgressRow};

use super::progress::{crumbs, document, target_row, TargetRow};
use super::{
    in_structure, indicator_name, percent_text, period_links, period_name, plan_title, query,
    read_on, target_text, PeriodLink, Place, Status,
};
use crate::plans::{progress_of, series, unit_figures, Progress, STATISTICS_WAIT};
use crate::web::officer::charts::{bars, line, Bar};
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::{render, PagePath, PageQuery};
use crate::web::{format, labels, Page, WebError};
use crate::AppState;

/// The most units the bar chart draws (the table lists them all).
const MAX_BARS: usize = 30;
/// The most months a trend shows month by month; longer spans go by year.
const MAX_MONTHS: i32 = 24;

/// One unit below, ranked.
struct BelowRow {
    rank: usize,
    name: String,
    href: String,
    target: String,
    actual: String,
    percent: String,
    status: Status,
}

/// One point of the trend.
struct TrendRow {
    period: String,
    value: String,
    running_total: String,
}

#[derive(Template)]
#[template(path = "officer/plans/indicator.html")]
struct IndicatorPage<'a> {
    page: &'a Page,
    frame: Frame,
    plan_title: String,
    document: String,
    indicator: String,
    definition: String,
    unit_name: String,
    period: String,
    as_of: String,
    progress_href: String,
    periods: Vec<Vec<PeriodLink>>,
    targets: Vec<TargetRow>,
    below_caption: String,
    below_note: String,
    below_chart: Option<String>,
    below: Vec<BelowRow>,
    trend_caption: String,
    trend_chart: String,
    trend: Vec<TrendRow>,
    summed: bool,
}

/// The indicator's page.
pub async fn indicator(
    State(state): State<AppState>,
    page: Page,
    PagePath((id, code)): PagePath<(String, String)>,
    PageQuery(place): PageQuery<Place>,
) -> Response {
    as_officer!(page, state, Area::Plans, |officer| async {
        let lang = page.lang;
        let asked = place.period()?;
        let Progress {
            plan,
            unit,
            as_of,
            rows,
            ..
        } = progress_of(
            &state,
            &page.caller,
            &id,
            place.unit(asked).as_deref(),
            asked.map(|p| p.to_string()).as_deref(),
            None,
        )
        .await?;
        let indicator = Indicators::embedded()
            .get(&code)
            .ok()
            .filter(|_| plan.targets.iter().any(|t| t.indicator == code))
            .ok_or_else(WebError::not_found)?;
        let period = asked.unwrap_or(plan.period);
        let rows: Vec<&ProgressRow> = rows
            .iter()
            .filter(|row| row.indicator == code && period.contains(row.target.period))
            .collect();
        let base = format!("/can-bo/ke-hoach/{}/chi-tieu/{code}", plan.id);
        let targets: Vec<TargetRow> = rows
            .iter()
            .filter(|row| row.target.unit == unit)
            .filter_map(|row| target_row(&plan, row, &unit, lang))
            .collect();

        // The units below, in the structure in force at the period's end.
        let principal = &page.caller.principal;
        let day = read_on(period);
        let structure = UnitStructure::valid_on(day);
        let view_unit = in_structure(&state.units, &unit, structure)
            .filter(|key| principal.may_read_figures(&state.units, key).is_ok())
            .unwrap_or_else(|| unit.clone());
        let mut children: Vec<&vieclam_domain::AdminUnit> = state
            .units
            .children(&view_unit)
            .filter(|child| {
                principal
                    .may_read_figures(&state.units, &child.key())
                    .is_ok()
            })
            .collect();
        children.sort_by_key(|child| vieclam_text::collation_key(&child.short_name));
        let keys: Vec<UnitKey> = children.iter().map(|child| child.key()).collect();
        let actuals = if keys.is_empty() {
            Vec::new()
        } else {
            unit_figures(&state, &[indicator], keys.clone(), period, STATISTICS_WAIT).await?
        };
        struct Ranked<'r> {
            name: String,
            key: UnitKey,
            actual: Option<f64>,
            row: Option<&'r ProgressRow>,
        }
        let mut ranked: Vec<Ranked> = children
            .iter()
            .zip(actuals)
            .map(|(child, actual)| {
                let key = child.key();
                Ranked {
                    name: child.name.clone(),
                    row: rows
                        .iter()
                        .find(|row| row.target.unit == key && row.target.period == period)
                        .copied(),
                    key,
                    actual: actual.first().and_then(|actual| actual.value),
                }
            })
            .collect();
        let by_target = ranked.iter().any(|r| r.row.is_some());
        let descending = |a: Option<f64>, b: Option<f64>| {
            b.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&a.unwrap_or(f64::NEG_INFINITY))
        };
        // Ranked by % done where targets are set, else by the figure
        // (lowest first where lower is better); ties keep the name order.
        ranked.sort_by(|a, b| {
            if by_target {
                descending(
                    a.row.and_then(|r| r.percent_achieved),
                    b.row.and_then(|r| r.percent_achieved),
                )
            } else if indicator.direction == vieclam_plans::indicator::Direction::Lower {
                descending(a.actual.map(|v| -v), b.actual.map(|v| -v))
            } else {
                descending(a.actual, b.actual)
            }
        });
        let no_target = Status {
            class: "none",
            word: page.t("Không giao chỉ tiêu", "No target set"),
        };
        let below: Vec<BelowRow> = ranked
            .iter()
            .enumerate()
            .map(|(rank, r)| BelowRow {
                rank: rank + 1,
                name: r.name.clone(),
                href: format!("{base}{}", query(Some(&r.key), asked)),
                target: r
                    .row
                    .map_or_else(|| "—".to_owned(), |row| target_text(row.target.bound, lang)),
                actual: r
                    .actual
                    .map_or_else(|| "—".to_owned(), |v| format::figure(v, lang)),
                percent: percent_text(r.row.and_then(|row| row.percent_achieved), lang),
                status: r.row.map_or(no_target, |row| Status::of(row.status, lang)),
            })
            .collect();
        let below_caption = format!(
            "{} {} – {}, {} ({})",
            page.t("Đơn vị trực thuộc", "Units within"),
            labels::place(&state.units, &view_unit),
            indicator_name(indicator, lang),
            period_name(period, lang),
            super::measure(indicator, lang)
        );
        let below_chart = (!ranked.is_empty()).then(|| {
            let title = if ranked.len() > MAX_BARS {
                format!(
                    "{below_caption}: {} {MAX_BARS}",
                    page.t("đứng đầu", "the top")
                )
            } else {
                below_caption.clone()
            };
            bars(
                &title,
                &ranked
                    .iter()
                    .take(MAX_BARS)
                    .map(|r| Bar {
                        label: r.name.clone(),
                        target: r.row.map(|row| row.target.bound.headline()),
                        actual: r.actual,
                    })
                    .collect::<Vec<_>>(),
                (page.t("Kế hoạch", "Target"), page.t("Thực hiện", "Actual")),
            )
        });
        let below_note = if view_unit.structure != unit.structure {
            format!(
                "{} {}.",
                page.t(
                    "Đơn vị trực thuộc theo địa giới hành chính có hiệu lực ngày",
                    "The units within as the administrative map stood on"
                ),
                format::date(day, lang)
            )
        } else {
            String::new()
        };

        // The trend: month by month (year by year over a long span).
        let points: Vec<Period> = if period.n_months() <= MAX_MONTHS {
            period.months().map(Period::month).collect()
        } else {
            (period.first.year()..=period.last.year())
                .map(Period::year)
                .collect()
        };
        let today = crate::vietnam_today();
        let asked_points: Vec<Period> = points
            .iter()
            .copied()
            .filter(|point| point.first_day() <= today)
            .collect();
        let figures = series(
            &state,
            indicator,
            view_unit.clone(),
            asked_points.clone(),
            STATISTICS_WAIT,
        )
        .await?;
        let values: Vec<Option<f64>> = points
            .iter()
            .map(|point| {
                asked_points
                    .iter()
                    .position(|asked| asked == point)
                    .and_then(|index| figures.get(index))
                    .and_then(|actual| actual.value)
            })
            .collect();
        let summed = indicator.aggregation == Aggregation::Sum;
        let mut total = 0.0;
        let running: Vec<Option<f64>> = values
            .iter()
            .map(|value| {
                value.map(|value| {
                    total += value;
                    total
                })
            })
            .collect();
        let trend: Vec<TrendRow> = points
            .iter()
            .zip(values.iter().zip(&running))
            .map(|(point, (value, running))| TrendRow {
                period: period_name(*point, lang),
                value: value.map_or_else(|| "—".to_owned(), |v| format::figure(v, lang)),
                running_total: running.map_or_else(|| "—".to_owned(), |v| format::figure(v, lang)),
            })
            .collect();
        let own_target = rows
            .iter()
            .find(|row| row.target.unit == unit && row.target.period == period)
            .map(|row| row.target.bound.headline());
        let trend_caption = format!(
            "{}: {}, {} – {}",
            if summed {
                page.t("Lũy kế theo thời gian", "Running total over time")
            } else {
                page.t("Diễn biến theo thời gian", "Over time")
            },
            indicator_name(indicator, lang),
            labels::place(&state.units, &view_unit),
            period_name(period, lang)
        );
        let labels_short: Vec<String> = points
            .iter()
            .map(|point| match point.kind {
                PeriodKind::Month => {
                    format!("{}/{}", point.first.month(), point.first.year() % 100)
                }
                _ => point.first.year().to_string(),
            })
            .collect();
        let trend_chart = line(
            &trend_caption,
            &labels_short,
            if summed { &running } else { &values },
            own_target.filter(|_| summed),
        );

        let frame = officer.frame(&page, Area::Plans);
        let frame = crumbs(&page, &state, frame, &plan, &unit, &base, asked);
        let page_model = IndicatorPage {
            page: &page,
            frame,
            plan_title: plan_title(&plan, lang),
            document: document(&plan, lang),
            indicator: indicator_name(indicator, lang),
            definition: lang
                .pick(&indicator.definition_vi, &indicator.definition_en)
                .to_owned(),
            unit_name: labels::place(&state.units, &unit),
            period: period_name(period, lang),
            as_of: format::date(as_of, lang),
            progress_href: format!("/can-bo/ke-hoach/{}{}", plan.id, query(Some(&unit), asked)),
            periods: period_links(
                &page,
                &plan,
                &base,
                Some(&unit),
                asked.filter(|asked| *asked != plan.period),
                true,
            ),
            targets,
            below_caption,
            below_note,
            below_chart,
            below,
            trend_caption,
            trend_chart,
            trend,
            summed,
        };
        render(&page_model)
    })
}
