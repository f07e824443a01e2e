//! The unit's dashboard, `/can-bo`: the first page after an officer's
//! login. What the unit must do today, in one screen:
//!
//! - the headline figures of the unit (people in the register, new jobs
//!   this month and this year, open vacancies);
//! - the targets of the plans that cover the unit against their actuals,
//!   each with its status (a word and a colour) and a sparkline of the
//!   months so far;
//! - this week's job-fair sessions;
//! - for a city or district officer, the units below ranked by how far
//!   behind they are, each a link to its progress.
//!
//! Every figure goes through the same shared paths and access rules as the
//! API (`plans::progress_of`, `plans::monthly_series`, the search index,
//! the session list by area); a plan the officer may not see is left out.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{Datelike, Duration as Days, NaiveDate};
use vieclam_domain::access::Principal;
use vieclam_domain::UnitKey;
use vieclam_plans::{Indicators, Month, Plan, ProgressRow, ProgressStatus};
use vieclam_store::{Page as StorePage, SessionFilter};

use super::{as_officer, Area, Frame, Officer};
use crate::exchange::SessionView;
use crate::web::page::render;
use crate::web::public::SessionCard;
use crate::web::{format, Lang, Page, WebError};
use crate::{vietnam_today, AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/can-bo", get(dashboard))
}

/// The most plans whose targets the dashboard lists.
const PLANS_SHOWN: usize = 6;
/// The most units below listed in the ranking.
const UNITS_RANKED: usize = 15;
/// The most sessions of the week listed.
const SESSIONS_SHOWN: u32 = 12;

/// A headline figure.
pub struct Headline {
    pub label: &'static str,
    pub value: String,
    pub note: String,
}

/// One target of the unit with its actual.
pub struct TargetLine {
    pub indicator: String,
    pub period: String,
    pub target: String,
    pub actual: String,
    pub percent: String,
    pub status_class: &'static str,
    pub status_word: &'static str,
    /// Inline SVG of the months so far (escaped by its builder).
    pub sparkline: String,
    /// The months' figures as text, for those who do not see the chart.
    pub trend_text: String,
}

/// A plan on the dashboard with the unit's targets in it.
pub struct PlanBlock {
    pub id: String,
    pub title: String,
    pub year: i32,
    pub ended: bool,
    pub lines: Vec<TargetLine>,
    pub n_achieved: usize,
    pub n_on_track: usize,
    pub n_behind: usize,
}

/// A count of work waiting, with where to do it.
pub struct Waiting {
    pub label: &'static str,
    pub count: String,
    /// Whether it needs attention (late, missing, waiting): marked with a
    /// word as well as a colour.
    pub urgent: bool,
    pub href: &'static str,
}

/// A unit below in the ranking.
pub struct BelowUnit {
    pub name: String,
    pub href: String,
    pub n_targets: usize,
    pub n_behind: usize,
    /// The mean share of the expected pace reached, as text.
    pub pace: String,
}

#[derive(Template)]
#[template(path = "officer/dashboard.html")]
struct DashboardPage<'a> {
    page: &'a Page,
    frame: Frame,
    today: String,
    headlines: Vec<Headline>,
    plans: Vec<PlanBlock>,
    below: Vec<BelowUnit>,
    sessions: Vec<SessionCard>,
    week: String,
    waiting: Vec<Waiting>,
}

/// The dashboard of the signed-in officer's unit.
pub async fn dashboard(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Dashboard, |officer| dashboard_page(
        &page, &state, officer
    ))
}

async fn dashboard_page(
    page: &Page,
    state: &AppState,
    officer: Officer,
) -> Result<Response, WebError> {
    let today = vietnam_today();
    let lang = page.lang;
    let caller = &page.caller;
    let mut plans = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for plan in plans_covering(state, &caller.principal, today).await? {
        if plans.len() == PLANS_SHOWN {
            break;
        }
        let year = plan_year(&plan, today);
        let progress = crate::plans::progress_of(
            state,
            caller,
            &plan.id,
            officer.scope.as_ref().map(ToString::to_string).as_deref(),
            None,
            Some(today),
        )
        .await;
        let Ok(progress) = progress else {
            continue;
        };
        // Whether a row is the unit's own, decided once per unit named.
        let mut territory: HashMap<&str, bool> = HashMap::new();
        for row in &progress.rows {
            territory
                .entry(row.unit.as_str())
                .or_insert_with(|| same_territory(state, &progress.unit, &row.unit));
        }
        let same = |row: &ProgressRow| territory.get(row.unit.as_str()).copied().unwrap_or(false);
        let own = current_targets(progress.rows.iter().filter(|row| same(row)), today);
        tally_below(&mut tallies, &progress.plan, &progress.rows, &same, today);
        if own.is_empty() {
            continue;
        }
        let lines = target_lines(state, &progress.unit, &own, year, today, lang).await?;
        let count = |status: ProgressStatus| own.iter().filter(|row| row.status == status).count();
        plans.push(PlanBlock {
            id: plan.id.clone(),
            title: lang.pick(&plan.title_vi, &plan.title_en).to_owned(),
            year,
            ended: plan.period.last < Month::of(today),
            n_achieved: count(ProgressStatus::Achieved),
            n_on_track: count(ProgressStatus::OnTrack),
            n_behind: count(ProgressStatus::Behind),
            lines,
        });
    }
    let below = rank_below(tallies, lang);
    let waiting = waiting_work(state, &officer, caller, today, lang).await?;
    let headlines = headlines(state, &officer, today, lang).await?;
    let (sessions, week) = sessions_this_week(state, &caller.principal, today, lang).await?;
    render(&DashboardPage {
        page,
        frame: officer.frame(page, Area::Dashboard),
        today: format::date(today, lang),
        headlines,
        plans,
        below,
        sessions,
        week,
        waiting,
    })
}

/// The plans the caller may see that cover the caller's unit or lie
/// within it, in force first, then the most recently ended (one year
/// back at most), newest first.
async fn plans_covering(
    state: &AppState,
    principal: &Principal,
    today: NaiveDate,
) -> Result<Vec<Plan>, WebError> {
    let this_month = Month::of(today);
    let mut plans: Vec<Plan> = Vec::new();
    for summary in state.store.list_plans().await? {
        if summary.period.last.year() < today.year() - 1 {
            continue;
        }
        if principal.may_see_plan(&state.units, &summary.unit).is_err() {
            continue;
        }
        if let Some(plan) = state.store.get_plan(&summary.id).await? {
            plans.push(plan);
        }
    }
    plans.sort_by_key(|plan| {
        let in_force = plan.period.first <= this_month && this_month <= plan.period.last;
        (!in_force, std::cmp::Reverse(plan.period.last))
    });
    Ok(plans)
}

/// The year of a plan the dashboard shows: this year while the plan runs,
/// else its last year.
fn plan_year(plan: &Plan, today: NaiveDate) -> i32 {
    let year = today.year();
    if plan.period.first.year() <= year && year <= plan.period.last.year() {
        year
    } else {
        plan.period.last.year().min(year)
    }
}

/// The unit's targets that matter today, one per indicator: the one whose
/// period runs now, else the next to end (a plan's end-of-term target),
/// else the last; in the plan's order.
fn current_targets<'r>(
    rows: impl IntoIterator<Item = &'r ProgressRow>,
    today: NaiveDate,
) -> Vec<&'r ProgressRow> {
    let now = Month::of(today);
    let mut chosen: Vec<(&str, &'r ProgressRow, vieclam_plans::Period)> = Vec::new();
    for row in rows {
        let Ok(period) = vieclam_plans::Period::parse(&row.period) else {
            continue;
        };
        let rank = |period: vieclam_plans::Period| {
            // Running now first, then the next to end, then the last to
            // have ended; the longer period (the year over its quarter)
            // among equals.
            if period.first <= now && now <= period.last {
                (0, 0, period.first.0)
            } else if period.last > now {
                (1, period.last.0, period.first.0)
            } else {
                (2, -period.last.0, period.first.0)
            }
        };
        match chosen
            .iter_mut()
            .find(|(code, _, _)| *code == row.indicator)
        {
            Some(slot) if rank(period) < rank(slot.2) => {
                slot.1 = row;
                slot.2 = period;
            }
            Some(_) => {}
            None => chosen.push((&row.indicator, row, period)),
        }
    }
    chosen.into_iter().map(|(_, row, _)| row).collect()
}

/// The unit's targets with their actuals and the months' sparkline.
async fn target_lines(
    state: &AppState,
    unit: &UnitKey,
    rows: &[&ProgressRow],
    year: i32,
    today: NaiveDate,
    lang: Lang,
) -> Result<Vec<TargetLine>, WebError> {
    let indicators = Indicators::embedded();
    let first = Month::new(year, 1);
    let last = Month::of(today).min(Month::new(year, 12));
    let months: Vec<Month> = (first.0..=last.0).map(Month).collect();
    let wanted: Vec<&'static vieclam_plans::Indicator> = rows
        .iter()
        .filter_map(|row| indicators.get(&row.indicator).ok())
        .collect();
    let series = crate::plans::monthly_series(state, &wanted, unit, &months).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for (row, values) in rows.iter().zip(series.values.iter()) {
        let measure = indicators
            .get(&row.indicator)
            .map(|indicator| indicator.unit)
            .ok();
        let show = |value: f64| match measure {
            Some(measure) => format::measured(value, measure, lang),
            None => format::number(value.round().max(0.0) as u64, lang),
        };
        let (status_class, status_word) = status_of(row.status, lang);
        let trend_text = months
            .iter()
            .zip(values)
            .map(|(month, value)| {
                format!(
                    "{:02}/{}: {}",
                    month.month(),
                    month.year(),
                    value.map(show).unwrap_or_else(|| "—".to_owned())
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        lines.push(TargetLine {
            indicator: lang.pick(&row.indicator_vi, &row.indicator_en).to_owned(),
            period: row.period.clone(),
            target: row.target_label.clone(),
            actual: row.actual.value.map(show).unwrap_or_else(|| "—".to_owned()),
            percent: row
                .percent_achieved
                .map(|percent| format::percent(percent, lang))
                .unwrap_or_else(|| "—".to_owned()),
            status_class,
            status_word,
            sparkline: super::charts::sparkline(
                values,
                lang.pick(&row.indicator_vi, &row.indicator_en),
            ),
            trend_text,
        });
    }
    Ok(lines)
}

/// A status as a CSS class and a word (never colour alone).
pub fn status_of(status: ProgressStatus, lang: Lang) -> (&'static str, &'static str) {
    match status {
        ProgressStatus::Achieved => ("achieved", lang.pick("Đạt", "Achieved")),
        ProgressStatus::OnTrack => ("on-track", lang.pick("Đúng tiến độ", "On track")),
        ProgressStatus::Behind => ("behind", lang.pick("Chậm tiến độ", "Behind")),
        ProgressStatus::NoData => ("none", lang.pick("Chưa có số liệu", "No figure yet")),
    }
}

/// Is `row_unit` (as a progress row writes it) the same territory as
/// `unit`? A city keeps its code across the 2025 reform (`legacy:01` and
/// `2025:01` are both Hà Nội): each counts for the other.
fn same_territory(state: &AppState, unit: &UnitKey, row_unit: &str) -> bool {
    if unit.to_string() == row_unit {
        return true;
    }
    match UnitKey::parse(row_unit, vietnam_today()) {
        Ok(other) => {
            vieclam_plans::unit_counts_for(&state.units, &other, unit)
                && vieclam_plans::unit_counts_for(&state.units, unit, &other)
        }
        Err(_) => false,
    }
}

/// How a unit below stands across the plans that set it targets.
struct Tally {
    name: String,
    /// The plan it is furthest behind in, and that plan's count behind.
    plan_id: String,
    plan_behind: usize,
    n: usize,
    behind: usize,
    pace: Vec<f64>,
}

/// Adds the targets of the units below (not `own`) that run now or ended
/// last, one per unit and indicator, to the tallies.
fn tally_below(
    tallies: &mut BTreeMap<String, Tally>,
    plan: &Plan,
    rows: &[ProgressRow],
    own: &dyn Fn(&ProgressRow) -> bool,
    today: NaiveDate,
) {
    // The rows of each unit below, gathered once.
    let mut by_unit: BTreeMap<&str, Vec<&ProgressRow>> = BTreeMap::new();
    for row in rows.iter().filter(|row| !own(row)) {
        by_unit.entry(row.unit.as_str()).or_default().push(row);
    }
    for (unit, unit_rows) in by_unit {
        let current = current_targets(unit_rows, today);
        let Some(first) = current.first() else {
            continue;
        };
        let tally = tallies.entry(unit.to_owned()).or_insert_with(|| Tally {
            name: first.unit_name.clone(),
            plan_id: plan.id.clone(),
            plan_behind: 0,
            n: 0,
            behind: 0,
            pace: Vec::new(),
        });
        let behind = current
            .iter()
            .filter(|row| row.status == ProgressStatus::Behind)
            .count();
        if behind > tally.plan_behind {
            tally.plan_id = plan.id.clone();
            tally.plan_behind = behind;
        }
        tally.n += current.len();
        tally.behind += behind;
        for row in current {
            // The pace: the actual against what was due by now in a
            // running period, or against the whole target.
            match (row.actual.value, row.expected_by_now, row.percent_achieved) {
                (Some(actual), Some(expected), _) if expected > 0.0 => {
                    tally.pace.push(actual / expected * 100.0)
                }
                (_, _, Some(percent)) => tally.pace.push(percent),
                _ => {}
            }
        }
    }
}

/// The units below, ranked by how far behind they are: most targets
/// behind first, then the lowest mean share of the pace.
fn rank_below(tallies: BTreeMap<String, Tally>, lang: Lang) -> Vec<BelowUnit> {
    let mut ranked: Vec<(String, Tally, Option<f64>)> = tallies
        .into_iter()
        .map(|(unit, tally)| {
            let pace = (!tally.pace.is_empty())
                .then(|| tally.pace.iter().sum::<f64>() / tally.pace.len() as f64);
            (unit, tally, pace)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.behind.cmp(&a.1.behind).then(
            a.2.unwrap_or(f64::MAX)
                .partial_cmp(&b.2.unwrap_or(f64::MAX))
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    });
    ranked
        .into_iter()
        .take(UNITS_RANKED)
        .map(|(unit, tally, pace)| BelowUnit {
            href: format!(
                "/can-bo/ke-hoach/{}?{}",
                tally.plan_id,
                serde_urlencoded::to_string([("unit", unit.as_str())]).unwrap_or_default()
            ),
            name: tally.name,
            n_targets: tally.n,
            n_behind: tally.behind,
            pace: pace
                .map(|pace| format::percent(pace, lang))
                .unwrap_or_else(|| "—".to_owned()),
        })
        .collect()
}

/// The headline figures of the officer's unit (the whole country for the
/// admin): the register's headcount, new jobs this month and this year,
/// and open vacancies.
async fn headlines(
    state: &AppState,
    officer: &Officer,
    today: NaiveDate,
    lang: Lang,
) -> Result<Vec<Headline>, WebError> {
    let Some(unit) = officer.scope.clone() else {
        return Ok(Vec::new());
    };
    let indicators = Indicators::embedded();
    let new_jobs: Vec<&'static vieclam_plans::Indicator> =
        indicators.get("new_jobs").into_iter().collect();
    let months: Vec<Month> = (Month::new(today.year(), 1).0..=Month::of(today).0)
        .map(Month)
        .collect();
    let series = crate::plans::monthly_series(state, &new_jobs, &unit, &months).await?;
    let jobs = series.values.first().cloned().unwrap_or_default();
    let this_month = jobs.last().copied().flatten().unwrap_or(0.0);
    let this_year: f64 = jobs.iter().flatten().sum();
    let registered = series.registered.last().copied().unwrap_or(0);
    let query = vieclam_search::VacancyQuery {
        limit: 1,
        unit: Some(unit.to_string()),
        ..vieclam_search::VacancyQuery::default()
    };
    let open = crate::views::run_search(state, move |search| search.vacancies.search(&query))
        .await
        .map(|results| (results.total, results.total_headcount));
    let mut out = vec![
        Headline {
            label: lang.pick("Người lao động trong sổ", "People in the register"),
            value: format::number(registered.max(0) as u64, lang),
            note: lang.pick("đến hôm nay", "as of today").to_owned(),
        },
        Headline {
            label: lang.pick("Việc làm mới tháng này", "New jobs this month"),
            value: format::number(this_month.round().max(0.0) as u64, lang),
            note: format!("{:02}/{}", today.month(), today.year()),
        },
        Headline {
            label: lang.pick("Việc làm mới từ đầu năm", "New jobs this year"),
            value: format::number(this_year.round().max(0.0) as u64, lang),
            note: today.year().to_string(),
        },
    ];
    if let Ok((vacancies, positions)) = open {
        out.push(Headline {
            label: lang.pick("Tin tuyển dụng đang mở", "Open vacancies"),
            value: format::number(vacancies, lang),
            note: format!(
                "{} {}",
                format::number(positions, lang),
                lang.pick("chỗ làm việc", "positions")
            ),
        });
    }
    Ok(out)
}

/// The sessions of this week (Monday to Sunday) the caller may see: at the
/// venues an exchange staff account runs, in the unit of any other
/// officer.
async fn sessions_this_week(
    state: &AppState,
    principal: &Principal,
    today: NaiveDate,
    lang: Lang,
) -> Result<(Vec<SessionCard>, String), WebError> {
    let monday = today - Days::days(today.weekday().num_days_from_monday() as i64);
    let sunday = monday + Days::days(6);
    let venues = crate::exchange::staff_venues(state, principal).await?;
    let filter = SessionFilter {
        area: match venues {
            Some(_) => None,
            None => Some(crate::scope::area_of(state, principal, false)),
        },
        venues,
        from: Some(monday),
        to: Some(sunday),
        ..SessionFilter::default()
    };
    let records = state
        .store
        .list_sessions(
            &filter,
            StorePage {
                limit: SESSIONS_SHOWN,
                offset: 0,
            },
        )
        .await?;
    let cards = records
        .into_iter()
        .map(|record| SessionCard::of(SessionView::of(state, record), lang))
        .collect();
    let week = format!(
        "{} – {}",
        format::date(monday, lang),
        format::date(sunday, lang)
    );
    Ok((cards, week))
}

/// The work waiting for the officer: reports due, late and missing and
/// those waiting for approval, duplicates to review, import problems —
/// each counted by the same shared function its own page lists them by,
/// and only for a role that uses that page.
async fn waiting_work(
    state: &AppState,
    officer: &Officer,
    caller: &crate::auth::Caller,
    today: NaiveDate,
    lang: Lang,
) -> Result<Vec<Waiting>, WebError> {
    let mut waiting = Vec::new();
    let count = |n: usize| format::number(n as u64, lang);
    if Area::Reports.open_to(officer.role) {
        let owed = crate::reporting::reports_owed(state, &caller.principal, today).await?;
        for (label, n, urgent) in [
            (
                lang.pick("Báo cáo đến hạn", "Reports due"),
                owed.n_due,
                false,
            ),
            (
                lang.pick("Báo cáo quá hạn chưa gửi", "Reports overdue, not sent"),
                owed.n_missing,
                true,
            ),
            (
                lang.pick("Báo cáo gửi muộn", "Reports sent late"),
                owed.n_late,
                true,
            ),
            (
                lang.pick("Báo cáo chờ duyệt", "Reports waiting for approval"),
                owed.n_waiting_approval,
                true,
            ),
        ] {
            waiting.push(Waiting {
                label,
                count: count(n),
                urgent: urgent && n > 0,
                href: Area::Reports.href(),
            });
        }
    }
    if Area::Duplicates.open_to(officer.role) {
        let open = crate::registers::open_duplicates_count(state, &caller.principal).await?;
        waiting.push(Waiting {
            label: lang.pick("Hồ sơ nghi trùng cần xem", "Likely duplicates to review"),
            count: count(open),
            urgent: open > 0,
            href: Area::Duplicates.href(),
        });
    }
    if Area::Imports.open_to(officer.role) {
        let imports = crate::imports::waiting_imports(state, &caller.principal).await?;
        waiting.push(Waiting {
            label: lang.pick("Tệp nhập có lỗi chờ sửa", "Imports with problems to fix"),
            count: count(imports.len()),
            urgent: !imports.is_empty(),
            href: Area::Imports.href(),
        });
    }
    Ok(waiting)
}
