//! A vacancy as an officer keeps it: its status, its facts, how many
//! applications it has by status, and closing or reopening it through the
//! API's own path (`employers::close_vacancy`, `reopen_vacancy`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::registry::VacancyStatus;
use vieclam_exchange::ApplicationStatus;
use vieclam_store::ApplicationFilter;

use super::{notice_of, Fact};
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{format, labels, Page, Posted, WebError};
use crate::{vietnam_today, AppState};

#[derive(Template)]
#[template(path = "officer/registers/vacancy.html")]
struct VacancyPage<'a> {
    page: &'a Page,
    frame: Frame,
    id: i64,
    title: String,
    status: String,
    status_class: &'static str,
    open: bool,
    closed: bool,
    facts: Vec<Fact>,
    /// (status, count) of its applications.
    applications: Vec<(String, String)>,
    n_applications: String,
    notice: Option<String>,
    /// What the description says, read by `vieclam_classify`: (the
    /// condition, the employer's words).
    conditions: Vec<(String, String)>,
    /// Age or sex limits for the exchange to review: (why, the words).
    flags: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct Done {
    xong: Option<String>,
}

/// A vacancy's officer page.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Employers, |officer| async {
        let lang = page.lang;
        let record = crate::employers::load_vacancy_for_officer(&state, &page.caller, id).await?;
        let employer = state.store.get_employer(record.posting.employer_id).await?;
        let applications = state
            .store
            .list_applications(
                &ApplicationFilter {
                    vacancy_id: Some(id),
                    ..ApplicationFilter::default()
                },
                vieclam_store::Page {
                    limit: 10_000,
                    offset: 0,
                },
            )
            .await?;
        // Counts only: no applicant is named here.
        let counts = ApplicationStatus::ALL
            .iter()
            .map(|status| {
                let n = applications.iter().filter(|a| a.status == *status).count() as u64;
                (
                    lang.pick(status.name_vi(), status.name_en()).to_owned(),
                    format::number(n, lang),
                )
            })
            .collect();
        let posting = &record.posting;
        let status = posting.status_on(vietnam_today());
        let employer_name = employer
            .as_ref()
            .map(|employer| employer.profile.name.clone())
            .unwrap_or_default();
        let facts = vec![
            Fact::new(
                page.t("Đơn vị tuyển dụng", "Employer"),
                employer_name.clone(),
            ),
            Fact::new(
                page.t("Nghề", "Occupation"),
                posting
                    .occupation
                    .as_ref()
                    .map(|code| labels::occupation(code.as_str(), lang))
                    .unwrap_or_else(|| "—".to_owned()),
            ),
            Fact::new(
                page.t("Số lượng cần tuyển", "Headcount"),
                format::number(u64::from(posting.headcount), lang),
            ),
            Fact::new(
                page.t("Mức lương", "Wage"),
                format::wage(&posting.wage, lang),
            ),
            Fact::new(
                page.t("Nơi làm việc", "Place of work"),
                labels::place(&state.units, &posting.work_unit),
            ),
            Fact::new(
                page.t("Hạn nộp hồ sơ", "Deadline"),
                posting
                    .deadline
                    .map(|day| format::date(day, lang))
                    .unwrap_or_else(|| page.t("Không hạn", "None").to_owned()),
            ),
        ];
        // The ad's words read as the matching reads them; an age or sex
        // limit is flagged for a person to look at, never scored.
        let said = vieclam_classify::read_conditions(
            &posting.title,
            posting.description.as_deref().unwrap_or(""),
        );
        let conditions = said
            .evidence
            .iter()
            .map(|evidence| {
                (
                    lang.pick(&evidence.condition.name_vi(), &evidence.condition.name_en())
                        .to_owned(),
                    evidence.quote.clone(),
                )
            })
            .collect();
        let flags = vieclam_classify::discrimination(&said)
            .iter()
            .map(|flag| {
                (
                    lang.pick(&flag.reason_vi(), &flag.reason_en()).to_owned(),
                    flag.quotes.join(" · "),
                )
            })
            .collect();
        let mut frame = officer
            .frame(&page, Area::Employers)
            .crumb(Area::Employers.href(), Area::Employers.name(lang));
        if employer.is_some() {
            frame = frame.crumb(
                format!("/can-bo/doanh-nghiep/{}", posting.employer_id),
                employer_name,
            );
        }
        render(&VacancyPage {
            page: &page,
            frame,
            id,
            title: posting.title.clone(),
            status: labels::vacancy_status(status, lang).to_owned(),
            status_class: match status {
                VacancyStatus::Open => "on-track",
                VacancyStatus::Filled => "achieved",
                VacancyStatus::Closed | VacancyStatus::Expired => "none",
            },
            open: status == VacancyStatus::Open,
            closed: posting.status == VacancyStatus::Closed,
            facts,
            n_applications: format::number(applications.len() as u64, lang),
            applications: counts,
            notice: notice_of(done.xong.as_deref(), lang),
            conditions,
            flags,
        })
    })
}

/// The token of a close or reopen form.
#[derive(Deserialize)]
pub struct Empty {}

/// Closes a vacancy (an officer of its employer's area).
pub async fn close(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, _form): Posted<Empty>,
) -> Response {
    as_officer!(page, state, Area::Employers, |_officer| async {
        crate::employers::close_vacancy(&state, &page.caller, id).await?;
        Ok::<_, WebError>(see_other(&format!("/can-bo/tin-tuyen-dung/{id}?xong=dong")))
    })
}

/// Opens a closed vacancy again; the rules of a posting apply (a deadline
/// passed is refused with its message).
pub async fn reopen(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, _form): Posted<Empty>,
) -> Response {
    as_officer!(page, state, Area::Employers, |_officer| async {
        crate::employers::reopen_vacancy(&state, &page.caller, id).await?;
        Ok::<_, WebError>(see_other(&format!(
            "/can-bo/tin-tuyen-dung/{id}?xong=mo-lai"
        )))
    })
}
