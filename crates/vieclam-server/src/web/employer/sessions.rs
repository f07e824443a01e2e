//! The job-fair sessions to come and the employer's booth at each: it
//! registers (a booth, or the waiting list when the session is full),
//! chooses which of its open vacancies it brings, or cancels — through the
//! same shared paths as `POST /api/v1/sessions/{id}/registrations`,
//! `PUT /api/v1/registrations/{id}/vacancies` and
//! `POST /api/v1/registrations/{id}/cancel` (`exchange::register`,
//! `set_registration_vacancies`, `cancel_registration`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use vieclam_domain::AuditAction;
use vieclam_exchange::{Party, RegistrationState};
use vieclam_store::RegistrationRecord;

use super::{as_employer, notice_of, own_vacancies, Notice, Problems};
use crate::web::format;
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::public::{upcoming_sessions, SessionCard};
use crate::web::{html, Page, Posted, WebError};
use crate::AppState;

/// The most sessions the page lists.
const LISTED: u64 = 50;

/// An open vacancy to bring, ticked when it is brought.
pub struct VacancyChoice {
    pub id: i64,
    pub title: String,
    pub checked: bool,
}

/// The employer's registration for a session, as the page shows it.
pub struct Booth {
    pub id: i64,
    /// "Đã nhận gian số 3" / "Danh sách chờ, thứ 2".
    pub state: String,
    pub vacancies: Vec<VacancyChoice>,
}

/// A session and the employer's place at it.
pub struct SessionRow {
    pub session: SessionCard,
    pub booth: Option<Booth>,
    /// The open vacancies to choose from when registering.
    pub vacancies: Vec<VacancyChoice>,
}

#[derive(Template)]
#[template(path = "employer/sessions.html")]
struct SessionsPage<'a> {
    page: &'a Page,
    rows: Vec<SessionRow>,
    problems: Problems,
    notice: Option<String>,
    has_vacancies: bool,
}

fn booth_state(record: &RegistrationRecord, page: &Page) -> String {
    let lang = page.lang;
    match (record.state, record.booth, record.position) {
        (RegistrationState::Accepted, Some(booth), _) => format!(
            "{} {}",
            page.t("Đã nhận gian tuyển dụng số", "Booth number"),
            format::number(u64::from(booth), lang)
        ),
        (RegistrationState::Waiting, _, Some(position)) => format!(
            "{} {}",
            page.t("Trong danh sách chờ, thứ tự", "On the waiting list, place"),
            format::number(u64::from(position), lang)
        ),
        (state, _, _) => lang.pick(state.name_vi(), state.name_en()).to_owned(),
    }
}

async fn sessions_page(
    page: &Page,
    state: &AppState,
    employer_id: i64,
    problems: Problems,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, WebError> {
    // Read as `GET /api/v1/employers/{id}/registrations` reads them.
    crate::records::load_employer(state, &page.caller, employer_id, AuditAction::Read).await?;
    let registrations = state
        .store
        .registrations_of(
            Party::Employer,
            employer_id,
            vieclam_store::Page {
                limit: 500,
                offset: 0,
            },
        )
        .await?;
    // The live registration of each session (newest first: the first seen
    // that is not cancelled).
    let mut live: HashMap<i64, &RegistrationRecord> = HashMap::new();
    for record in &registrations {
        if record.state != RegistrationState::Cancelled {
            live.entry(record.session_id).or_insert(record);
        }
    }
    let today = crate::vietnam_today();
    let open: Vec<(i64, String)> = own_vacancies(state, employer_id)
        .await?
        .into_iter()
        .filter(|record| {
            record.posting.status_on(today) == vieclam_domain::registry::VacancyStatus::Open
        })
        .map(|record| (record.id, record.posting.title))
        .collect();
    let choose = |brought: &[i64]| -> Vec<VacancyChoice> {
        open.iter()
            .map(|(id, title)| VacancyChoice {
                id: *id,
                title: title.clone(),
                checked: brought.contains(id),
            })
            .collect()
    };
    let (_, sessions) = upcoming_sessions(state, LISTED, page.lang).await?;
    let rows = sessions
        .into_iter()
        .map(|session| {
            let booth = live.get(&session.id).map(|record| Booth {
                id: record.id,
                state: booth_state(record, page),
                vacancies: choose(&record.vacancies),
            });
            SessionRow {
                vacancies: choose(&[]),
                session,
                booth,
            }
        })
        .collect();
    let template = SessionsPage {
        page,
        rows,
        problems,
        notice,
        has_vacancies: !open.is_empty(),
    };
    if status == StatusCode::OK {
        render(&template)
    } else {
        Ok(html(status, template.render()?))
    }
}

/// The sessions to come and the employer's booths.
pub async fn list(
    page: Page,
    State(state): State<AppState>,
    PageQuery(notice): PageQuery<Notice>,
) -> Response {
    let done = notice_of(notice.xong.as_deref(), page.lang);
    as_employer!(page, state, |id| sessions_page(
        &page,
        &state,
        id,
        Problems::default(),
        StatusCode::OK,
        done
    ))
}

/// The vacancies ticked in a form (`vacancies`, once per ticked box).
fn ticked(fields: &[(String, String)]) -> Result<Vec<i64>, WebError> {
    fields
        .iter()
        .filter(|(name, _)| name == "vacancies")
        .map(|(_, value)| {
            value.trim().parse::<i64>().map_err(|_| {
                WebError::new(
                    StatusCode::BAD_REQUEST,
                    "Vị trí việc làm không hợp lệ",
                    "Not a vacancy",
                )
            })
        })
        .collect()
}

/// A refusal of the exchange's rules, shown on the page beside the
/// session; any other failure is the page's.
async fn refused(
    page: &Page,
    state: &AppState,
    employer_id: i64,
    anchor: String,
    error: crate::error::ApiError,
) -> Result<Response, WebError> {
    if !matches!(
        error.status,
        StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
    ) {
        return Err(WebError::from(error));
    }
    let mut problems = Problems::default();
    problems.add(&anchor, page.t(&error.message_vi, &error.message_en));
    sessions_page(page, state, employer_id, problems, error.status, None).await
}

/// Registers the employer for a session with the vacancies it brings.
pub async fn register(
    State(state): State<AppState>,
    PagePath(session_id): PagePath<i64>,
    Posted(page, fields): Posted<Vec<(String, String)>>,
) -> Response {
    as_employer!(page, state, |id| async {
        let vacancies = ticked(&fields)?;
        let registered = crate::exchange::register(
            &state,
            &page.caller,
            session_id,
            &crate::exchange::NewRegistration {
                party: Party::Employer,
                party_id: Some(id),
                channel: None,
                vacancies: &vacancies,
                new_vacancies: &[],
            },
        )
        .await;
        match registered {
            Ok(_) => Ok(see_other(&format!(
                "/nha-tuyen-dung/phien?xong=dang-ky#phien-{session_id}"
            ))),
            Err(error) => refused(&page, &state, id, format!("phien-{session_id}"), error).await,
        }
    })
}

/// Replaces the vacancies the employer brings to its booth.
pub async fn set_vacancies(
    State(state): State<AppState>,
    PagePath(registration_id): PagePath<i64>,
    Posted(page, fields): Posted<Vec<(String, String)>>,
) -> Response {
    as_employer!(page, state, |id| async {
        let vacancies = ticked(&fields)?;
        match crate::exchange::set_registration_vacancies(
            &state,
            &page.caller,
            registration_id,
            &vacancies,
        )
        .await
        {
            Ok(record) => Ok(see_other(&format!(
                "/nha-tuyen-dung/phien?xong=luu#phien-{}",
                record.session_id
            ))),
            Err(error) => {
                refused(&page, &state, id, format!("gian-{registration_id}"), error).await
            }
        }
    })
}

/// Cancels the employer's registration; the first in line takes the
/// booth.
pub async fn cancel(
    State(state): State<AppState>,
    PagePath(registration_id): PagePath<i64>,
    Posted(page, _): Posted<crate::web::account::Empty>,
) -> Response {
    as_employer!(page, state, |id| async {
        match crate::exchange::cancel_registration(&state, &page.caller, registration_id).await {
            Ok(cancellation) => Ok(see_other(&format!(
                "/nha-tuyen-dung/phien?xong=huy#phien-{}",
                cancellation.cancelled.session_id
            ))),
            Err(error) => {
                refused(&page, &state, id, format!("gian-{registration_id}"), error).await
            }
        }
    })
}
