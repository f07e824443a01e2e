//! The applications a vacancy received, each with the worker's profile as
//! the API's list of applicants shows it to the employer (the phone and
//! e-mail by the rule of `Field::ApplicantContact`: the worker shared them
//! by applying), and the moves the employer makes: shortlist, interview,
//! hire, reject — `exchange::move_application`, with its refusals (a hire
//! before an interview has its own).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::Reach;
use vieclam_exchange::ApplicationStatus;

use super::{as_employer, Problems};
use crate::web::format;
use crate::web::labels;
use crate::web::page::{render, see_other, PagePath};
use crate::web::{html, Lang, Page, Posted, WebError};
use crate::AppState;

/// The most applications the page lists.
const LISTED: u32 = 500;

/// A move the employer can make, as a button.
pub struct MoveButton {
    pub status: &'static str,
    pub label: &'static str,
}

/// One application as the page shows it.
pub struct ApplicantRow {
    pub id: i64,
    pub name: String,
    pub occupations: Vec<String>,
    pub qualification: String,
    pub skills: Vec<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub applied: String,
    /// The dated moves: "Sơ tuyển 05/12/2026".
    pub steps: Vec<String>,
    pub moves: Vec<MoveButton>,
}

#[derive(Template)]
#[template(path = "employer/applications.html")]
struct ApplicationsPage<'a> {
    page: &'a Page,
    vacancy_id: i64,
    title: String,
    rows: Vec<ApplicantRow>,
    problems: Problems,
    moved: bool,
}

#[derive(Deserialize)]
pub struct Moved {
    xong: Option<String>,
}

fn move_label(to: ApplicationStatus, lang: Lang) -> &'static str {
    match to {
        ApplicationStatus::Shortlisted => lang.pick("Sơ tuyển", "Shortlist"),
        ApplicationStatus::Interview => lang.pick("Mời phỏng vấn", "Invite to interview"),
        ApplicationStatus::Hired => lang.pick("Tuyển dụng", "Hire"),
        _ => lang.pick("Không tuyển", "Reject"),
    }
}

fn vietnam_day(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::hours(7)).date_naive()
}

async fn applications_page(
    page: &Page,
    state: &AppState,
    vacancy_id: i64,
    problems: Problems,
    status: StatusCode,
    moved: bool,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let found = crate::exchange::applicants_of(
        state,
        &page.caller,
        vacancy_id,
        None,
        vieclam_store::Page {
            limit: LISTED,
            offset: 0,
        },
    )
    .await?;
    let vacancy = crate::views::load_vacancy(state, vacancy_id).await?;
    let rows = found
        .into_iter()
        .map(|(record, worker)| {
            let (phone, email) =
                crate::exchange::applicant_contact(page.role(), &worker, Reach::Many);
            let profile = &worker.profile;
            let mut occupations: Vec<String> = profile
                .occupations
                .iter()
                .map(|held| {
                    let name = labels::occupation(held.code.as_str(), lang);
                    match lang {
                        Lang::Vi => format!("{name} ({} năm)", held.years),
                        Lang::En => format!("{name} ({} years)", held.years),
                    }
                })
                .collect();
            if let Some(wanted) = &profile.wanted_occupation {
                if !profile.occupations.iter().any(|held| &held.code == wanted) {
                    occupations.push(format!(
                        "{}: {}",
                        lang.pick("Muốn làm", "Wants"),
                        labels::occupation(wanted.as_str(), lang)
                    ));
                }
            }
            let moves = if record.status.is_final() {
                Vec::new()
            } else {
                // The moves the machine allows, and the hire while it is
                // undecided: pressed too early, it says why it waits.
                [
                    ApplicationStatus::Shortlisted,
                    ApplicationStatus::Interview,
                    ApplicationStatus::Hired,
                    ApplicationStatus::Rejected,
                ]
                .into_iter()
                .filter(|to| *to == ApplicationStatus::Hired || record.status.may_move_to(*to))
                .map(|to| MoveButton {
                    status: to.as_str(),
                    label: move_label(to, lang),
                })
                .collect()
            };
            ApplicantRow {
                id: record.id,
                name: profile.full_name.as_str().to_owned(),
                occupations,
                qualification: labels::qualification(profile.qualification, lang).to_owned(),
                skills: profile.skills.clone(),
                phone,
                email,
                status: lang
                    .pick(record.status.name_vi(), record.status.name_en())
                    .to_owned(),
                applied: format::date(vietnam_day(record.created_at), lang),
                steps: record
                    .steps
                    .iter()
                    .skip(1)
                    .map(|step| {
                        format!(
                            "{} {}",
                            lang.pick(step.status.name_vi(), step.status.name_en()),
                            format::date(vietnam_day(step.at), lang)
                        )
                    })
                    .collect(),
                moves,
            }
        })
        .collect();
    let template = ApplicationsPage {
        page,
        vacancy_id,
        title: vacancy.posting.title,
        rows,
        problems,
        moved,
    };
    if status == StatusCode::OK {
        render(&template)
    } else {
        Ok(html(status, template.render()?))
    }
}

/// The applications to one of the employer's vacancies.
pub async fn list(
    page: Page,
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
    crate::web::page::PageQuery(moved): crate::web::page::PageQuery<Moved>,
) -> Response {
    as_employer!(page, state, |_id| applications_page(
        &page,
        &state,
        vacancy_id,
        Problems::default(),
        StatusCode::OK,
        moved.xong.is_some()
    ))
}

/// A move of an application, as the form sends it.
#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    status: String,
}

/// Moves an application of the vacancy; a refusal is shown on the page
/// with its own message.
pub async fn move_one(
    State(state): State<AppState>,
    PagePath((vacancy_id, application_id)): PagePath<(i64, i64)>,
    Posted(page, form): Posted<MoveForm>,
) -> Response {
    as_employer!(page, state, |_id| async {
        let application = crate::exchange::load_application(&state, application_id).await?;
        if application.vacancy_id != vacancy_id {
            return Err(WebError::not_found());
        }
        let to = match ApplicationStatus::parse(&form.status) {
            Ok(to) if to != ApplicationStatus::Withdrawn && to != ApplicationStatus::Received => to,
            _ => {
                return Err(WebError::new(
                    StatusCode::BAD_REQUEST,
                    "Bước chuyển hồ sơ không hợp lệ",
                    "Not a move of an application",
                ))
            }
        };
        match crate::exchange::move_application(&state, &page.caller, application_id, to, None)
            .await
        {
            Ok(_) => Ok(see_other(&format!(
                "/nha-tuyen-dung/tin/{vacancy_id}/ho-so-ung-tuyen?xong=1#ho-so-{application_id}"
            ))),
            Err(error) if error.status == StatusCode::CONFLICT => {
                let mut problems = Problems::default();
                problems.add(
                    &format!("ho-so-{application_id}"),
                    page.t(&error.message_vi, &error.message_en),
                );
                applications_page(&page, &state, vacancy_id, problems, error.status, false).await
            }
            Err(error) => Err(WebError::from(error)),
        }
    })
}
