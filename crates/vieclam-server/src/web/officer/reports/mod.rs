//! Reporting, under `/can-bo/bao-cao`: what the officer's unit owes and
//! when (per plan and period, with its state and timeliness in words),
//! the reports below waiting for this officer's approval, and one
//! report's page (`sheet`): its figures entered field by field or from a
//! sheet, the validation rules' warnings, submitting, approving and
//! returning.
//!
//! Everything goes through `crate::reporting`, the module the API's
//! routes call, so a page never shows or allows more than the API.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use vieclam_plans::reporting::ReportStatus;
use vieclam_plans::{Period, PeriodKind};

use super::{as_officer, Area, Frame};
use crate::reporting::{OwedReport, ReportProgress};
use crate::web::page::render;
use crate::web::{format, labels, Lang, Page};
use crate::{vietnam_today, AppState};

pub mod sheet;

/// The most rows of reports waiting for approval the page lists (the count
/// says how many there are).
const WAITING_LISTED: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/can-bo/bao-cao", get(list))
        .route("/can-bo/bao-cao/{plan}/{unit}/{period}", get(sheet::show))
        .route(
            "/can-bo/bao-cao/{plan}/{unit}/{period}/so-lieu",
            post(sheet::save),
        )
        .route(
            "/can-bo/bao-cao/{plan}/{unit}/{period}/tai-len",
            post(sheet::upload).layer(crate::sheets::import_body_limit()),
        )
        .route(
            "/can-bo/bao-cao/{plan}/{unit}/{period}/nop",
            post(sheet::submit),
        )
        .route("/can-bo/bao-cao/so/{id}/duyet", post(sheet::approve))
        .route("/can-bo/bao-cao/so/{id}/tra-lai", post(sheet::send_back))
}

/// A period as people read it: "tháng 3/2025", "6 tháng cuối năm 2026" /
/// "March 2025", "second half of 2026".
pub fn period_label(period: Period, lang: Lang) -> String {
    if lang == Lang::Vi {
        return period.label_vi();
    }
    let year = period.first.year();
    match period.kind {
        PeriodKind::Month => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let month = period.first.month() as usize;
            format!("{} {year}", MONTHS[(month + 11) % 12])
        }
        PeriodKind::Quarter => format!("Q{} {year}", (period.first.month() - 1) / 3 + 1),
        PeriodKind::Half if period.first.month() == 1 => format!("first half of {year}"),
        PeriodKind::Half => format!("second half of {year}"),
        PeriodKind::Year => year.to_string(),
        PeriodKind::Years => format!("{year}–{}", period.last.year()),
    }
}

/// A report's state as a word and the class that colours it.
pub fn progress_word(progress: ReportProgress, lang: Lang) -> (&'static str, &'static str) {
    let class = match progress {
        ReportProgress::NotStarted => "none",
        ReportProgress::Draft | ReportProgress::Submitted => "on-track",
        ReportProgress::Approved => "achieved",
        ReportProgress::Returned => "behind",
    };
    (lang.pick(progress.label_vi(), progress.label_en()), class)
}

/// A report's timeliness as a word and the class that colours it.
pub fn timeliness_word(status: ReportStatus, lang: Lang) -> (&'static str, &'static str) {
    match status {
        ReportStatus::Pending => (lang.pick("Chưa đến hạn", "Not yet due"), "none"),
        ReportStatus::OnTime => (lang.pick("Đúng hạn", "On time"), "achieved"),
        ReportStatus::Late => (lang.pick("Nộp muộn", "Late"), "behind"),
        ReportStatus::Missing => (
            lang.pick("Quá hạn, chưa nộp", "Overdue, not sent"),
            "behind",
        ),
    }
}

/// The address of a report's page.
pub fn report_href(plan: &str, unit: &str, period: &str, agency: Option<&str>) -> String {
    let base = format!("/can-bo/bao-cao/{plan}/{unit}/{period}");
    match agency {
        Some(agency) => format!(
            "{base}?{}",
            serde_urlencoded::to_string([("co_quan", agency)]).unwrap_or_default()
        ),
        None => base,
    }
}

/// One report in a list.
pub struct ReportRow {
    pub href: String,
    pub plan: String,
    /// The unit, and within a commune the agency.
    pub reporter: String,
    pub period: String,
    pub due: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub timeliness: &'static str,
    pub timeliness_class: &'static str,
    pub submitted: Option<String>,
    /// Why it was returned (or approved).
    pub reason: Option<String>,
    pub n_flags: usize,
}

fn row_of(state: &AppState, report: &OwedReport, lang: Lang) -> ReportRow {
    let (state_word, state_class) = progress_word(report.progress, lang);
    let (timeliness, timeliness_class) = timeliness_word(report.timeliness, lang);
    let unit = labels::place(&state.units, &report.unit);
    ReportRow {
        href: report_href(
            &report.plan,
            &report.unit.to_string(),
            &report.period.to_string(),
            report.agency.as_deref(),
        ),
        plan: lang
            .pick(&report.plan_title_vi, &report.plan_title_en)
            .to_owned(),
        reporter: match &report.agency {
            Some(agency) => format!("{agency} – {unit}"),
            None => unit,
        },
        period: period_label(report.period, lang),
        due: format::date(report.due, lang),
        state: state_word,
        state_class,
        timeliness,
        timeliness_class,
        submitted: report
            .submitted_at
            .map(|at| format::date(vieclam_plans::reporting::vietnam_day(at), lang)),
        reason: report.decision_reason.clone(),
        n_flags: report.flags.len(),
    }
}

#[derive(Template)]
#[template(path = "officer/reports/list.html")]
struct ListPage<'a> {
    page: &'a Page,
    frame: Frame,
    today: String,
    n_due: usize,
    n_late: usize,
    n_missing: usize,
    n_waiting: usize,
    owed: Vec<ReportRow>,
    waiting: Vec<ReportRow>,
    /// The officer's role owes no report of its own (the admin).
    owes_nothing: bool,
}

/// What the officer's unit owes, and what waits for the officer's
/// approval.
pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Reports, |officer| async {
        let today = vietnam_today();
        let owed = crate::reporting::reports_owed(&state, &page.caller.principal, today).await?;
        let lang = page.lang;
        render(&ListPage {
            page: &page,
            frame: officer.frame(&page, Area::Reports),
            today: format::date(today, lang),
            n_due: owed.n_due,
            n_late: owed.n_late,
            n_missing: owed.n_missing,
            n_waiting: owed.n_waiting_approval,
            owes_nothing: officer.scope.is_none(),
            owed: owed
                .owed
                .iter()
                .map(|report| row_of(&state, report, lang))
                .collect(),
            waiting: owed
                .waiting
                .iter()
                .take(WAITING_LISTED)
                .map(|report| row_of(&state, report, lang))
                .collect(),
        })
    })
}
