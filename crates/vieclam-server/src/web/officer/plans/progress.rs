//! `/can-bo/ke-hoach/{id}`: a plan's progress as the plan documents print
//! it, for one unit (with the units within it) and one period:
//! - the unit's own targets with the actual beside each, the % done and
//!   the status (Hòa Xá's appendix 1 with its ranges and lead agencies);
//! - the schedule by quarter (Hà Nội's sessions and loans);
//! - the appendix by unit (Hà Nội 2021's 30 districts), ranked, with bars
//!   of target against actual, each unit a link one level down;
//! - the XLSX download of the same rows (`tien-do.xlsx`, same query).
//!
//! Rows come from `plans::progress_of` only, so the page shows what the
//! API's progress table answers the same officer.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vieclam_domain::UnitKey;
use vieclam_plans::{Indicators, Period, PeriodKind, Plan, ProgressRow};

use super::{
    figure_text, indicator_name, percent_text, period_links, period_name, plan_title, query,
    target_text, PeriodLink, Place, Status,
};
use crate::plans::{progress_of, progress_workbook, Progress};
use crate::web::officer::charts::{bars, Bar};
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::{render, PagePath, PageQuery};
use crate::web::{format, labels, Lang, Page, WebError};
use crate::AppState;

/// One target with its actual.
pub struct TargetRow {
    pub href: String,
    pub indicator: String,
    pub period: String,
    pub target: String,
    pub actual: String,
    pub percent: String,
    pub status: Status,
    pub lead_agency: String,
    /// Where the figure is heading by the period's end, or empty.
    pub forecast: String,
    /// Will it meet the target, in words (empty without a forecast).
    pub forecast_verdict: String,
    /// `forecast-ok` or `forecast-short`.
    pub forecast_class: &'static str,
}

/// One cell of the schedule: a period's target and actual.
pub struct ScheduleCell {
    pub target: String,
    pub actual: String,
    pub status: Status,
}

/// One indicator of the schedule, a cell per period (`None`: no target).
pub struct ScheduleRow {
    pub href: String,
    pub indicator: String,
    pub cells: Vec<Option<ScheduleCell>>,
}

/// One unit of an appendix.
pub struct UnitRow {
    pub rank: usize,
    pub name: String,
    /// One level down, when the officer may read it.
    pub href: Option<String>,
    pub target: String,
    pub actual: String,
    pub percent: String,
    pub status: Status,
}

/// An indicator's targets split by unit, ranked.
pub struct Appendix {
    pub id: String,
    pub caption: String,
    pub href: String,
    pub chart: String,
    pub rows: Vec<UnitRow>,
}

#[derive(Template)]
#[template(path = "officer/plans/progress.html")]
struct ProgressPage<'a> {
    page: &'a Page,
    frame: Frame,
    plan_id: String,
    title: String,
    document: String,
    unit_name: String,
    period: String,
    as_of: String,
    periods: Vec<Vec<PeriodLink>>,
    targets: Vec<TargetRow>,
    show_agencies: bool,
    /// Some target has a forecast line.
    show_forecast: bool,
    schedule_columns: Vec<String>,
    schedule: Vec<ScheduleRow>,
    appendices: Vec<Appendix>,
    /// The plan's indicators, to drill into when the unit has no target.
    indicators: Vec<(String, String)>,
    workbook_href: String,
    n_tasks: usize,
}

/// The plan document's line: "Kế hoạch 14/KH-UBND ngày 21/01/2021 của
/// UBND thành phố Hà Nội".
pub fn document(plan: &Plan, lang: Lang) -> String {
    let mut text = format!("{} {}", lang.pick("Kế hoạch số", "Plan no."), plan.number);
    if let Some(day) = plan.issued_on {
        text.push_str(&format!(
            " {} {}",
            lang.pick("ngày", "of"),
            format::date(day, lang)
        ));
    }
    text.push_str(&format!(
        " {} {}",
        lang.pick("của", "by"),
        plan.issuing_body
    ));
    text
}

/// The breadcrumbs of a page about `unit` under plan `plan`: the plans,
/// the plan, and the units above `unit` the officer may read, down from
/// the plan's (each a link to `base` for that unit).
pub fn crumbs(
    page: &Page,
    state: &AppState,
    frame: Frame,
    plan: &Plan,
    unit: &UnitKey,
    base: &str,
    period: Option<Period>,
) -> Frame {
    let lang = page.lang;
    let mut frame = frame
        .crumb("/can-bo/ke-hoach", page.t("Kế hoạch", "Plans"))
        .crumb(
            format!("/can-bo/ke-hoach/{}", plan.id),
            shorten(&plan_title(plan, lang), 60),
        );
    if let Ok(here) = state.units.get(unit) {
        let mut above: Vec<&vieclam_domain::AdminUnit> = state.units.ancestors(here).collect();
        above.reverse();
        for ancestor in above {
            let key = ancestor.key();
            let readable = page
                .caller
                .principal
                .may_read_figures(&state.units, &key)
                .is_ok();
            let in_plan = state.units.covers(&plan.unit, &key) || key == plan.unit;
            if readable && in_plan {
                frame = frame.crumb(
                    format!("{base}{}", query(Some(&key), period)),
                    ancestor.name.clone(),
                );
            }
        }
    }
    frame
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// A row's target, actual, % and status in words.
pub fn target_row(plan: &Plan, row: &ProgressRow, unit: &UnitKey, lang: Lang) -> Option<TargetRow> {
    let indicator = Indicators::embedded().get(&row.indicator).ok()?;
    Some(TargetRow {
        href: format!(
            "/can-bo/ke-hoach/{}/chi-tieu/{}{}",
            plan.id,
            row.indicator,
            query(Some(unit), Some(row.target.period))
        ),
        indicator: indicator_name(indicator, lang),
        period: period_name(row.target.period, lang),
        target: format!(
            "{} {}",
            target_text(row.target.bound, lang),
            super::measure(indicator, lang)
        ),
        actual: figure_text(row.actual.value, indicator, lang),
        percent: percent_text(row.percent_achieved, lang),
        status: Status::of(row.status, lang),
        lead_agency: row.target.lead_agency.clone().unwrap_or_default(),
        forecast: row.projection.as_ref().map_or_else(String::new, |p| {
            format!(
                "{} ({}–{})",
                figure_text(Some(p.value), indicator, lang),
                format::figure(p.lower, lang),
                format::figure(p.upper, lang)
            )
        }),
        forecast_verdict: row.projection.as_ref().map_or_else(String::new, |p| {
            match (p.meets_target, lang) {
                (true, Lang::Vi) => "dự kiến đạt".to_owned(),
                (true, Lang::En) => "likely met".to_owned(),
                (false, Lang::Vi) => "dự kiến không đạt".to_owned(),
                (false, Lang::En) => "likely missed".to_owned(),
            }
        }),
        forecast_class: match &row.projection {
            Some(p) if p.meets_target => "forecast-ok",
            _ => "forecast-short",
        },
    })
}

/// Is a target's period a column of the schedule: a part of a year
/// (quarter, half, month) shorter than the period the page shows? A
/// quarter's page shows its quarter's targets as its own.
fn in_schedule(target: Period, shown: Period) -> bool {
    matches!(
        target.kind,
        PeriodKind::Quarter | PeriodKind::Half | PeriodKind::Month
    ) && target != shown
}

/// The progress page.
pub async fn progress(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<String>,
    PageQuery(place): PageQuery<Place>,
) -> Response {
    as_officer!(page, state, Area::Plans, |officer| async {
        let lang = page.lang;
        let period = place.period()?;
        let Progress {
            plan,
            unit,
            period,
            as_of,
            rows,
        } = progress_of(
            &state,
            &page.caller,
            &id,
            place.unit(period).as_deref(),
            period.map(|p| p.to_string()).as_deref(),
            None,
        )
        .await?;
        // The forecast line, for the targets of the unit shown.
        let (own_rows, others): (Vec<ProgressRow>, Vec<ProgressRow>) =
            rows.into_iter().partition(|row| row.target.unit == unit);
        let mut rows = crate::plans::project_rows(&state, own_rows, as_of).await?;
        let show_forecast = rows.iter().any(|row| row.projection.is_some());
        rows.extend(others);
        let base = format!("/can-bo/ke-hoach/{}", plan.id);
        let own: Vec<&ProgressRow> = rows.iter().filter(|row| row.target.unit == unit).collect();
        let shown = period.unwrap_or(plan.period);
        let targets: Vec<TargetRow> = own
            .iter()
            .filter(|row| !in_schedule(row.target.period, shown))
            .filter_map(|row| target_row(&plan, row, &unit, lang))
            .collect();
        let show_agencies = targets.iter().any(|row| !row.lead_agency.is_empty());
        let (schedule_columns, schedule) = schedule(&plan, &own, &unit, shown, lang);
        let appendices = appendices(&page, &state, &plan, &rows, &unit, period);
        let mut indicators: Vec<(String, String)> = Vec::new();
        for target in &plan.targets {
            if indicators.iter().any(|(code, _)| *code == target.indicator) {
                continue;
            }
            if let Ok(indicator) = Indicators::embedded().get(&target.indicator) {
                indicators.push((target.indicator.clone(), indicator_name(indicator, lang)));
            }
        }
        let indicators = indicators
            .into_iter()
            .map(|(code, name)| {
                (
                    format!(
                        "{base}/chi-tieu/{code}{}",
                        query(Some(&unit), period.or(Some(plan.period)))
                    ),
                    name,
                )
            })
            .collect();
        let frame = officer.frame(&page, Area::Plans);
        let mut frame = crumbs(&page, &state, frame, &plan, &unit, &base, period);
        // Without a unit above this one, the plan's crumb is this page.
        if frame.crumbs.len() == 2 {
            frame.crumbs.pop();
        }
        let page_model = ProgressPage {
            page: &page,
            frame,
            plan_id: plan.id.clone(),
            title: plan_title(&plan, lang),
            document: document(&plan, lang),
            unit_name: labels::place(&state.units, &unit),
            period: period_name(period.unwrap_or(plan.period), lang),
            as_of: format::date(as_of, lang),
            periods: period_links(&page, &plan, &base, Some(&unit), period, false),
            targets,
            show_agencies,
            show_forecast,
            schedule_columns,
            schedule,
            appendices,
            indicators,
            workbook_href: format!("{base}/tien-do.xlsx{}", query(Some(&unit), period)),
            n_tasks: plan.tasks.len(),
        };
        render(&page_model)
    })
}

/// The unit's targets for parts of a year, one row per indicator and one
/// column per period, as the plans print their quarterly schedules.
fn schedule(
    plan: &Plan,
    own: &[&ProgressRow],
    unit: &UnitKey,
    shown: Period,
    lang: Lang,
) -> (Vec<String>, Vec<ScheduleRow>) {
    let parts: Vec<&&ProgressRow> = own
        .iter()
        .filter(|row| in_schedule(row.target.period, shown))
        .collect();
    let mut periods: Vec<Period> = parts.iter().map(|row| row.target.period).collect();
    periods.sort_by_key(|period| (period.first, period.last));
    periods.dedup();
    let mut order: Vec<&str> = Vec::new();
    for row in &parts {
        if !order.contains(&row.indicator.as_str()) {
            order.push(&row.indicator);
        }
    }
    let rows = order
        .into_iter()
        .filter_map(|code| {
            let indicator = Indicators::embedded().get(code).ok()?;
            let cells = periods
                .iter()
                .map(|period| {
                    parts
                        .iter()
                        .find(|row| row.indicator == code && row.target.period == *period)
                        .map(|row| ScheduleCell {
                            target: target_text(row.target.bound, lang),
                            actual: row
                                .actual
                                .value
                                .map_or_else(|| "—".to_owned(), |v| format::figure(v, lang)),
                            status: Status::of(row.status, lang),
                        })
                })
                .collect();
            Some(ScheduleRow {
                href: format!(
                    "/can-bo/ke-hoach/{}/chi-tieu/{code}{}",
                    plan.id,
                    query(
                        Some(unit),
                        periods
                            .first()
                            .map(|period| Period::year(period.first.year()))
                    )
                ),
                indicator: format!(
                    "{} ({})",
                    indicator_name(indicator, lang),
                    super::measure(indicator, lang)
                ),
                cells,
            })
        })
        .collect();
    (
        periods
            .iter()
            .map(|period| period_name(*period, lang))
            .collect(),
        rows,
    )
}

/// The targets of the units within `unit`, one appendix per indicator and
/// period, each ranked by % done (then by name).
fn appendices(
    page: &Page,
    state: &AppState,
    plan: &Plan,
    rows: &[ProgressRow],
    unit: &UnitKey,
    period: Option<Period>,
) -> Vec<Appendix> {
    let lang = page.lang;
    let mut groups: BTreeMap<(usize, String), Vec<&ProgressRow>> = BTreeMap::new();
    let mut first_seen: Vec<(String, Period)> = Vec::new();
    for row in rows.iter().filter(|row| row.target.unit != *unit) {
        let key = (row.indicator.clone(), row.target.period);
        let index = match first_seen.iter().position(|seen| *seen == key) {
            Some(index) => index,
            None => {
                first_seen.push(key);
                first_seen.len() - 1
            }
        };
        groups
            .entry((index, row.indicator.clone()))
            .or_default()
            .push(row);
    }
    groups
        .into_iter()
        .filter_map(|((index, code), mut members)| {
            let indicator = Indicators::embedded().get(&code).ok()?;
            let target_period = first_seen[index].1;
            members.sort_by(|a, b| {
                b.percent_achieved
                    .unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&a.percent_achieved.unwrap_or(f64::NEG_INFINITY))
                    .then_with(|| {
                        vieclam_text::collation_key(&a.unit_name)
                            .cmp(&vieclam_text::collation_key(&b.unit_name))
                    })
            });
            let caption = format!(
                "{}: {}, {} ({})",
                page.t("Phụ lục theo đơn vị", "Appendix by unit"),
                indicator_name(indicator, lang),
                period_name(target_period, lang),
                super::measure(indicator, lang)
            );
            let chart = bars(
                &caption,
                &members
                    .iter()
                    .map(|row| Bar {
                        label: row.unit_name.clone(),
                        target: Some(row.target.bound.headline()),
                        actual: row.actual.value,
                    })
                    .collect::<Vec<_>>(),
                (page.t("Kế hoạch", "Target"), page.t("Thực hiện", "Actual")),
            );
            let unit_rows = members
                .iter()
                .enumerate()
                .map(|(rank, row)| {
                    let readable = page
                        .caller
                        .principal
                        .may_read_figures(&state.units, &row.target.unit)
                        .is_ok();
                    UnitRow {
                        rank: rank + 1,
                        name: row.unit_name.clone(),
                        href: readable.then(|| {
                            format!(
                                "/can-bo/ke-hoach/{}{}",
                                plan.id,
                                query(Some(&row.target.unit), period)
                            )
                        }),
                        target: target_text(row.target.bound, lang),
                        actual: row
                            .actual
                            .value
                            .map_or_else(|| "—".to_owned(), |v| format::figure(v, lang)),
                        percent: percent_text(row.percent_achieved, lang),
                        status: Status::of(row.status, lang),
                    }
                })
                .collect();
            Some(Appendix {
                id: format!("phu-luc-{code}-{target_period}"),
                caption,
                href: format!(
                    "/can-bo/ke-hoach/{}/chi-tieu/{code}{}",
                    plan.id,
                    query(Some(unit), Some(target_period))
                ),
                chart,
                rows: unit_rows,
            })
        })
        .collect()
}

/// The XLSX workbook of the page as shown: the same unit, period and rows.
pub async fn workbook(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<String>,
    PageQuery(place): PageQuery<Place>,
) -> Response {
    as_officer!(page, state, Area::Plans, |_officer| async {
        let period = place.period()?;
        let progress = progress_of(
            &state,
            &page.caller,
            &id,
            place.unit(period).as_deref(),
            period.map(|p| p.to_string()).as_deref(),
            None,
        )
        .await?;
        let (file_name, bytes) = progress_workbook(&state, progress).await?;
        Ok::<Response, WebError>(
            (
                StatusCode::OK,
                [
                    (
                        CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            .to_owned(),
                    ),
                    (
                        CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{file_name}\""),
                    ),
                ],
                bytes,
            )
                .into_response(),
        )
    })
}
