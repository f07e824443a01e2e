//! A session's desk (`/can-bo/san/phien/{id}`): its details and status,
//! the workers and employers registered (accepted, and the waiting list
//! in order), walk-ins at the door, interviews and attendance, results
//! (a hire records the worker's `employed` event), the pre-match sheets
//! and the report. Every read and change goes through the shared modules
//! the API's session routes call (`sessions`, `exchange::register`,
//! `interviews`, `prematch`), so staff of one venue reach only its
//! sessions.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, NaiveTime};
use serde::Deserialize;
use vieclam_domain::registry::CitizenId;
use vieclam_exchange::report::SessionReport;
use vieclam_exchange::{Attendance, Channel, Outcome, Party, RegistrationState, SessionStatus};

use super::super::{as_officer, Area, Frame, Officer};
use super::{notice_of, problem_of, Done, SessionRow};
use crate::exchange::{load_session, load_venue, runs_session};
use crate::interviews::{InterviewRequest, OutcomeRequest};
use crate::paging::PageParams;
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{format, html, Lang, Page, Posted, WebError};
use crate::AppState;

/// A registration as the desk shows it.
pub struct RegistrationRow {
    pub id: i64,
    pub name: String,
    /// "Đã nhận" / "Chờ, thứ 2" / "Đã hủy".
    pub state: String,
    pub booth: Option<String>,
    pub channel: String,
    pub cancellable: bool,
}

/// An interview as the desk shows it.
pub struct InterviewRow {
    pub id: i64,
    pub worker: String,
    pub vacancy: String,
    pub time: String,
    pub attendance: String,
    pub open: bool,
}

/// A result as the desk shows it.
pub struct OutcomeRow {
    pub worker: String,
    pub vacancy: String,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "officer/exchange/session.html")]
struct SessionPage<'a> {
    page: &'a Page,
    frame: Frame,
    notice: Option<String>,
    /// (form anchor, message) of a refused form.
    problem: Option<(String, String)>,
    session: SessionRow,
    organiser: String,
    runs: bool,
    running: bool,
    moves: Vec<(String, String)>,
    workers: Vec<RegistrationRow>,
    waiting_workers: Vec<RegistrationRow>,
    employers: Vec<RegistrationRow>,
    waiting_employers: Vec<RegistrationRow>,
    /// (id, name) of the workers holding a seat.
    seated: Vec<(i64, String)>,
    /// (id, "title – employer") of the vacancies brought.
    vacancies: Vec<(i64, String)>,
    interviews: Vec<InterviewRow>,
    outcomes: Vec<OutcomeRow>,
    prematch_ready: bool,
    reportable: bool,
    closed: bool,
    outcome_choices: Vec<(String, String)>,
}

fn registration_row(
    record: &vieclam_store::RegistrationRecord,
    name: Option<String>,
    status: SessionStatus,
    lang: Lang,
) -> RegistrationRow {
    let state = match (record.state, record.position) {
        (RegistrationState::Waiting, Some(position)) => format!(
            "{} {}",
            lang.pick("Danh sách chờ, thứ", "Waiting list, place"),
            format::number(u64::from(position), lang)
        ),
        (state, _) => lang.pick(state.name_vi(), state.name_en()).to_owned(),
    };
    RegistrationRow {
        id: record.id,
        name: name.unwrap_or_else(|| format!("#{}", record.party_id)),
        state,
        booth: record
            .booth
            .map(|booth| format::number(u64::from(booth), lang)),
        channel: lang
            .pick(record.channel.name_vi(), record.channel.name_en())
            .to_owned(),
        cancellable: record.state != RegistrationState::Cancelled
            && matches!(status, SessionStatus::Open | SessionStatus::Running),
    }
}

/// The desk of session `id`, with a notice or a refused form's problem.
async fn session_page(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    id: i64,
    notice: Option<String>,
    problem: Option<(String, String)>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let record = load_session(state, id).await?;
    // Reads as `GET /api/v1/sessions/{id}/registrations` reads: those who
    // run or follow the session, else 403.
    let registrations = crate::sessions::session_registrations(
        state,
        &page.caller,
        id,
        None,
        None,
        PageParams {
            limit: Some(500),
            offset: None,
        },
    )
    .await?;
    let venue = load_venue(state, record.session.venue_id).await?;
    let runs = runs_session(state, &page.caller, &record).await?;
    let status = record.status;
    let mut names: HashMap<(Party, i64), String> = HashMap::new();
    let (mut workers, mut waiting_workers, mut employers, mut waiting_employers) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut seated = Vec::new();
    let mut brought: Vec<(i64, String)> = Vec::new();
    for (registration, name) in &registrations {
        if let Some(name) = name {
            names.insert((registration.party, registration.party_id), name.clone());
        }
        let row = registration_row(registration, name.clone(), status, lang);
        match (registration.party, registration.state) {
            (Party::Worker, RegistrationState::Waiting) => waiting_workers.push(row),
            (Party::Worker, _) => {
                if registration.state == RegistrationState::Accepted {
                    seated.push((registration.party_id, row.name.clone()));
                }
                workers.push(row);
            }
            (Party::Employer, RegistrationState::Waiting) => waiting_employers.push(row),
            (Party::Employer, _) => {
                if registration.state == RegistrationState::Accepted {
                    let employer = name.clone().unwrap_or_default();
                    for vacancy in &registration.vacancies {
                        brought.push((*vacancy, employer.clone()));
                    }
                }
                employers.push(row);
            }
        }
    }
    let ids: Vec<i64> = brought.iter().map(|(id, _)| *id).collect();
    let titles: HashMap<i64, String> = state
        .store
        .get_vacancies(&ids)
        .await?
        .into_iter()
        .map(|vacancy| (vacancy.id, vacancy.posting.title))
        .collect();
    let vacancies: Vec<(i64, String)> = brought
        .iter()
        .map(|(id, employer)| {
            let title = titles.get(id).cloned().unwrap_or_else(|| format!("#{id}"));
            (*id, format!("{title} – {employer}"))
        })
        .collect();
    let vacancy_name = |id: i64| {
        vacancies
            .iter()
            .find(|(v, _)| *v == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let worker_name = |id: i64| {
        names
            .get(&(Party::Worker, id))
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    };
    let interviews = crate::interviews::session_interviews(
        state,
        &page.caller,
        id,
        vieclam_store::Page {
            limit: 1000,
            offset: 0,
        },
    )
    .await?
    .into_iter()
    .map(|interview| InterviewRow {
        id: interview.id,
        worker: worker_name(interview.worker_id),
        vacancy: vacancy_name(interview.vacancy_id),
        time: format!(
            "{}–{}",
            interview.starts.format("%H:%M"),
            interview.ends.format("%H:%M")
        ),
        attendance: lang
            .pick(
                interview.attendance.name_vi(),
                interview.attendance.name_en(),
            )
            .to_owned(),
        open: interview.attendance == Attendance::Scheduled,
    })
    .collect();
    let outcomes = crate::interviews::session_outcomes(state, &page.caller, id)
        .await?
        .into_iter()
        .map(|outcome| OutcomeRow {
            worker: worker_name(outcome.worker_id),
            vacancy: vacancy_name(outcome.vacancy_id),
            outcome: lang
                .pick(outcome.outcome.name_vi(), outcome.outcome.name_en())
                .to_owned(),
        })
        .collect();
    let moves = [
        SessionStatus::Open,
        SessionStatus::Running,
        SessionStatus::Closed,
        SessionStatus::Cancelled,
    ]
    .into_iter()
    .filter(|to| status.may_move_to(*to))
    .map(|to| {
        let label = match to {
            SessionStatus::Open => lang.pick("Mở đăng ký", "Open registration"),
            SessionStatus::Running => lang.pick("Bắt đầu phiên", "Start the session"),
            SessionStatus::Closed => lang.pick("Kết thúc phiên", "Close the session"),
            _ => lang.pick("Hủy phiên", "Cancel the session"),
        };
        (to.as_str().to_owned(), label.to_owned())
    })
    .collect();
    let session = SessionRow::of(state, &record, Some(&venue), lang);
    let frame = officer
        .frame(page, Area::Exchange)
        .crumb("/can-bo/san", Area::Exchange.name(lang));
    let template = SessionPage {
        page,
        frame,
        notice,
        problem: problem.clone(),
        session,
        organiser: record.session.organiser.clone(),
        runs,
        running: status == SessionStatus::Running,
        moves,
        workers,
        waiting_workers,
        employers,
        waiting_employers,
        seated,
        vacancies,
        interviews,
        outcomes,
        prematch_ready: matches!(
            status,
            SessionStatus::Running | SessionStatus::Closed | SessionStatus::Reported
        ),
        reportable: status == SessionStatus::Closed,
        closed: matches!(status, SessionStatus::Closed | SessionStatus::Reported),
        outcome_choices: outcome_choices(lang),
    };
    let code = if problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(html(code, template.render()?))
}

/// A session's desk.
pub async fn show(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    page: Page,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let notice = notice_of(done.xong.as_deref(), page.lang);
        session_page(&state, &page, &officer, id, notice, None).await
    })
}

/// After a change: back to the desk, or the desk with the refusal shown
/// next to the form (`anchor`).
async fn after(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    id: i64,
    anchor: &str,
    done: &str,
    result: Result<(), crate::error::ApiError>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/can-bo/san/phien/{id}?xong={done}#{anchor}"
        ))),
        Err(error) => {
            let message = problem_of(error, page)?;
            session_page(
                state,
                page,
                officer,
                id,
                None,
                Some((anchor.to_owned(), message)),
            )
            .await
        }
    }
}

/// A status to move to.
#[derive(Deserialize)]
pub struct StatusForm {
    pub status: String,
}

/// Moves the session along (those who run it).
pub async fn move_to(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<StatusForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let result = crate::sessions::move_session(&state, &page.caller, id, &form.status)
            .await
            .map(|_| ());
        after(
            &state,
            &page,
            &officer,
            id,
            "trang-thai",
            "trang-thai",
            result,
        )
        .await
    })
}

/// A worker who arrives at the door: found by citizen ID, never by an id
/// in the address.
#[derive(Deserialize)]
pub struct WalkInForm {
    #[serde(default)]
    pub citizen_id: String,
}

/// Registers a worker who walks in (those who run the session, while it
/// runs): a seat, or the waiting list when the seats are taken.
pub async fn walk_in(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<WalkInForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let session = load_session(&state, id).await?;
        // Only those who run the session look a worker up for it.
        crate::exchange::check_session(
            &state,
            &page.caller,
            &session,
            crate::exchange::SessionAccess::Run,
            vieclam_domain::AuditAction::Create,
        )
        .await?;
        let refuse = |vi: &str, en: &str| -> Result<(), crate::error::ApiError> {
            Err(crate::error::ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "walk_in",
                vi.to_owned(),
                en.to_owned(),
            ))
        };
        let result = match CitizenId::parse(&form.citizen_id) {
            Err(_) => refuse(
                "Số căn cước công dân gồm 12 chữ số",
                "A citizen ID has 12 digits",
            ),
            Ok(citizen_id) => match state
                .store
                .find_worker_by_citizen_id(citizen_id.as_str())
                .await?
            {
                None => refuse(
                    "Chưa có người lao động với số căn cước này. Hãy đăng ký hồ sơ người lao động trước.",
                    "No worker has this citizen ID. Register the worker first.",
                ),
                Some(worker) => crate::exchange::register(
                    &state,
                    &page.caller,
                    id,
                    &crate::exchange::NewRegistration {
                        party: Party::Worker,
                        party_id: Some(worker.id),
                        channel: Some(Channel::WalkIn),
                        vacancies: &[],
                        new_vacancies: &[],
                    },
                )
                .await
                .map(|_| ()),
            },
        };
        after(&state, &page, &officer, id, "vang-lai", "vang-lai", result).await
    })
}

/// Cancels a registration (those who run its session); the first in line
/// takes the place.
pub async fn cancel(
    State(state): State<AppState>,
    PagePath(registration_id): PagePath<i64>,
    Posted(page, _): Posted<crate::web::account::Empty>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let record = crate::exchange::load_registration(&state, registration_id).await?;
        let result = crate::exchange::cancel_registration(&state, &page.caller, registration_id)
            .await
            .map(|_| ());
        after(
            &state,
            &page,
            &officer,
            record.session_id,
            "dang-ky",
            "huy",
            result,
        )
        .await
    })
}

/// An interview slot to book.
#[derive(Deserialize)]
pub struct BookForm {
    pub worker_id: i64,
    pub vacancy_id: i64,
    /// HH:MM on the session's day.
    #[serde(default)]
    pub starts: String,
    /// Minutes.
    #[serde(default)]
    pub minutes: String,
}

/// Books an interview at the session (those who run it).
pub async fn book(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<BookForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let session = load_session(&state, id).await?;
        let starts = NaiveTime::parse_from_str(form.starts.trim(), "%H:%M").ok();
        let minutes = form
            .minutes
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| (5..=240).contains(m));
        let result = match (starts, minutes) {
            (Some(starts), Some(minutes)) => {
                let starts = session.session.date.and_time(starts);
                crate::interviews::book_interview(
                    &state,
                    &page.caller,
                    &InterviewRequest {
                        session_id: Some(id),
                        application_id: None,
                        worker_id: form.worker_id,
                        vacancy_id: form.vacancy_id,
                        booth: None,
                        starts,
                        ends: starts + Duration::minutes(minutes),
                        mode: "on_site".to_owned(),
                        link: None,
                    },
                )
                .await
                .map(|_| ())
            }
            _ => Err(crate::error::ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "interview_time",
                "Nhập giờ bắt đầu (ví dụ 09:30) và số phút (5 đến 240)",
                "Enter the start (e.g. 09:30) and the minutes (5 to 240)",
            )),
        };
        after(
            &state,
            &page,
            &officer,
            id,
            "phong-van",
            "phong-van",
            result,
        )
        .await
    })
}

/// Attendance at an interview.
#[derive(Deserialize)]
pub struct AttendanceForm {
    pub attendance: String,
}

/// Records whether the worker came (those who run the session).
pub async fn attendance(
    State(state): State<AppState>,
    PagePath(interview_id): PagePath<i64>,
    Posted(page, form): Posted<AttendanceForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let record = crate::exchange::load_interview(&state, interview_id).await?;
        let Some(session_id) = record.session_id else {
            return Err(WebError::not_found());
        };
        let result =
            crate::interviews::set_attendance(&state, &page.caller, interview_id, &form.attendance)
                .await
                .map(|_| ());
        after(
            &state,
            &page,
            &officer,
            session_id,
            "phong-van",
            "tham-du",
            result,
        )
        .await
    })
}

/// A result to record.
#[derive(Deserialize)]
pub struct OutcomeForm {
    pub worker_id: i64,
    pub vacancy_id: i64,
    pub outcome: String,
}

/// Records a result (those who run the session); a hire records the
/// worker's `employed` event, counted at once in the new-jobs figure.
pub async fn outcome(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<OutcomeForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let result = crate::interviews::record_outcome(
            &state,
            &page.caller,
            id,
            &OutcomeRequest {
                worker_id: form.worker_id,
                vacancy_id: form.vacancy_id,
                outcome: form.outcome.clone(),
            },
        )
        .await
        .map(|_| ());
        after(&state, &page, &officer, id, "ket-qua", "ket-qua", result).await
    })
}

/// A worker's pre-match sheet as the page shows it.
pub struct Sheet {
    pub worker: String,
    /// (rank, title, employer, booth, reasons).
    pub vacancies: Vec<(String, String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "officer/exchange/prematch.html")]
struct PrematchPage<'a> {
    page: &'a Page,
    frame: Frame,
    session: SessionRow,
    sheets: Vec<Sheet>,
    print: bool,
}

async fn prematch_page(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    id: i64,
    print: bool,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let record = load_session(state, id).await?;
    let prematch = crate::prematch::session_prematch(
        state,
        &page.caller,
        id,
        Some(vieclam_exchange::prematch::MAX_VACANCIES as u64),
        Some(5000),
        None,
    )
    .await?;
    let venue = load_venue(state, record.session.venue_id).await?;
    let sheets = prematch
        .workers
        .into_iter()
        .map(|worker| Sheet {
            worker: worker.full_name,
            vacancies: worker
                .vacancies
                .into_iter()
                .map(|vacancy| {
                    (
                        vacancy.rank.to_string(),
                        vacancy.title,
                        vacancy.employer,
                        vacancy
                            .booth
                            .map(|booth| format::number(u64::from(booth), lang))
                            .unwrap_or_default(),
                        vacancy
                            .reasons
                            .into_iter()
                            .map(|reason| match lang {
                                Lang::Vi => reason.vi,
                                Lang::En => reason.en,
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    )
                })
                .collect(),
        })
        .collect();
    let frame = officer
        .frame(page, Area::Exchange)
        .crumb("/can-bo/san", Area::Exchange.name(lang))
        .crumb(
            format!("/can-bo/san/phien/{id}"),
            record.session.title.clone(),
        );
    render(&PrematchPage {
        page,
        frame,
        session: SessionRow::of(state, &record, Some(&venue), lang),
        sheets,
        print,
    })
}

/// The pre-match sheets of every worker with a seat.
pub async fn prematch(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    page: Page,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        prematch_page(&state, &page, &officer, id, false).await
    })
}

/// The same sheets to print, one a page.
pub async fn prematch_print(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    page: Page,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        prematch_page(&state, &page, &officer, id, true).await
    })
}

#[derive(Template)]
#[template(path = "officer/exchange/report.html")]
struct ReportPage<'a> {
    page: &'a Page,
    frame: Frame,
    id: i64,
    report: SessionReport,
    filed: bool,
    reportable: bool,
    runs: bool,
}

impl ReportPage<'_> {
    fn n(&self, value: &u32) -> String {
        format::number(u64::from(*value), self.page.lang)
    }

    fn day(&self, value: &chrono::NaiveDate) -> String {
        format::date(*value, self.page.lang)
    }
}

/// The session's report: the one filed, or built from the records now.
pub async fn report(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    page: Page,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let report = crate::sessions::report_of(&state, &page.caller, id).await?;
        let record = load_session(&state, id).await?;
        let runs = runs_session(&state, &page.caller, &record).await?;
        let frame = officer
            .frame(&page, Area::Exchange)
            .crumb("/can-bo/san", Area::Exchange.name(page.lang))
            .crumb(
                format!("/can-bo/san/phien/{id}"),
                record.session.title.clone(),
            );
        render(&ReportPage {
            page: &page,
            frame,
            id,
            report,
            filed: record.status == SessionStatus::Reported,
            reportable: record.status == SessionStatus::Closed,
            runs,
        })
    })
}

/// Files the report of a closed session and ends it for good.
pub async fn file_report(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, _): Posted<crate::web::account::Empty>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        match crate::sessions::file_report(&state, &page.caller, id).await {
            Ok(_) => Ok(see_other(&format!(
                "/can-bo/san/phien/{id}/bao-cao?xong=bao-cao"
            ))),
            Err(error) => {
                let message = problem_of(error, &page)?;
                session_page(
                    &state,
                    &page,
                    &officer,
                    id,
                    None,
                    Some(("bao-cao".to_owned(), message)),
                )
                .await
            }
        }
    })
}

/// Parsed outcome and attendance choices for the forms.
pub fn outcome_choices(lang: Lang) -> Vec<(String, String)> {
    Outcome::ALL
        .iter()
        .map(|outcome| {
            (
                outcome.as_str().to_owned(),
                lang.pick(outcome.name_vi(), outcome.name_en()).to_owned(),
            )
        })
        .collect()
}
