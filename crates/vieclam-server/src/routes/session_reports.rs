//! A session's report: employers, vacancies, positions, workers by sex, age
//! band and priority group, interviews, shortlisted, hired, by occupation —
//! as JSON, as the XLSX officers file and as a printable page. Filing the
//! report closes the session for good (`reported`); the filed report is
//! kept as it was.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use vieclam_domain::AuditAction;
use vieclam_exchange::report::{
    build, ReportEmployer, ReportInput, ReportInterview, ReportOutcome, ReportSession,
    ReportVacancy, ReportWorker, SessionReport,
};
use vieclam_exchange::{Attendance, Channel, Party, RegistrationState, SessionStatus};
use vieclam_store::exchange::{InterviewFilter, RegistrationRecord, SessionRecord};
use vieclam_store::Page;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiPath, ErrorBody};
use crate::exchange::{check_session, load_session, subject, today, SessionAccess, SessionView};
use crate::scope::{audit_result, AuditSubject};
use crate::AppState;

/// Every registration of a party in a state, a page at a time.
async fn all_registrations(
    state: &AppState,
    session: i64,
    party: Party,
) -> Result<Vec<RegistrationRecord>, ApiError> {
    let mut all = Vec::new();
    loop {
        let page = state
            .store
            .list_registrations(
                session,
                Some(party),
                Some(RegistrationState::Accepted),
                Page {
                    limit: 1000,
                    offset: all.len() as u32,
                },
            )
            .await?;
        let n = page.len();
        all.extend(page);
        if n < 1000 {
            return Ok(all);
        }
    }
}

/// Builds a session's report from its records as they are now.
pub async fn live_report(
    state: &AppState,
    session: &SessionRecord,
    place: String,
) -> Result<SessionReport, ApiError> {
    let mut employers = Vec::new();
    for registration in all_registrations(state, session.id, Party::Employer).await? {
        let Some(employer) = state.store.get_employer(registration.party_id).await? else {
            continue;
        };
        let mut vacancies = Vec::new();
        for &id in &registration.vacancies {
            if let Some(vacancy) = state.store.get_vacancy(id).await? {
                vacancies.push(ReportVacancy {
                    id,
                    title: vacancy.posting.title,
                    occupation: vacancy
                        .posting
                        .occupation
                        .map(|code| code.as_str().to_owned()),
                    positions: vacancy.posting.headcount,
                });
            }
        }
        employers.push(ReportEmployer {
            id: employer.id,
            name: employer.profile.name,
            booth: registration.booth,
            vacancies,
        });
    }
    let mut interviews = Vec::new();
    let mut offset = 0;
    loop {
        let page = state
            .store
            .list_interviews(
                &InterviewFilter {
                    session_id: Some(session.id),
                    ..InterviewFilter::default()
                },
                Page {
                    limit: 1000,
                    offset,
                },
            )
            .await?;
        let n = page.len() as u32;
        interviews.extend(page.into_iter().map(|interview| ReportInterview {
            worker_id: interview.worker_id,
            vacancy_id: interview.vacancy_id,
            attendance: interview.attendance,
        }));
        if n < 1000 {
            break;
        }
        offset += 1000;
    }
    let mut workers = Vec::new();
    for registration in all_registrations(state, session.id, Party::Worker).await? {
        let Some(worker) = state.store.get_worker(registration.party_id).await? else {
            continue;
        };
        // Came: walked in, or attended an interview.
        let walk_in = registration.channel == Channel::WalkIn;
        let attended = interviews.iter().any(|interview| {
            interview.worker_id == worker.id && interview.attendance == Attendance::Attended
        });
        workers.push(ReportWorker {
            id: worker.id,
            sex: worker.profile.sex,
            birth_date: worker.profile.birth_date,
            priority_groups: worker.profile.priority_groups.iter().copied().collect(),
            walk_in,
            checked_in: walk_in || attended,
        });
    }
    let outcomes: Vec<ReportOutcome> = state
        .store
        .list_outcomes(session.id)
        .await?
        .into_iter()
        .map(|outcome| ReportOutcome {
            worker_id: outcome.worker_id,
            vacancy_id: outcome.vacancy_id,
            outcome: outcome.outcome,
            recorded_at: outcome.recorded_at,
        })
        .collect();
    let draft = &session.session;
    let report_session = ReportSession {
        id: session.id,
        kind: draft.kind,
        title: draft.title.clone(),
        date: draft.date,
        unit: draft.unit.clone(),
        place,
        organiser: draft.organiser.clone(),
    };
    let reported_on = today();
    crate::blocking::run(state, move || {
        build(ReportInput {
            session: &report_session,
            employers: &employers,
            workers: &workers,
            interviews: &interviews,
            outcomes: &outcomes,
            reported_on,
        })
    })
    .await
}

/// The report of a session the caller runs or follows: the one filed, or
/// one built from the records now.
pub async fn report_of(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<SessionReport, ApiError> {
    let session = load_session(state, id).await?;
    let venue = check_session(
        state,
        caller,
        &session,
        SessionAccess::Follow,
        AuditAction::Read,
    )
    .await?;
    if session.status == SessionStatus::Reported {
        if let Some(filed) = state.store.session_report(id).await? {
            return serde_json::from_value(filed).map_err(|error| {
                tracing::error!(error = %error, session = id, "a filed report does not read back");
                ApiError::internal()
            });
        }
    }
    let place = place_of(state, &session, &venue);
    live_report(state, &session, place).await
}

/// Where a session is held, as people read it.
fn place_of(
    state: &AppState,
    session: &SessionRecord,
    venue: &vieclam_store::exchange::VenueRecord,
) -> String {
    if session.session.unit == venue.venue.unit {
        format!("{}, {}", venue.venue.name, venue.venue.address)
    } else {
        state
            .units
            .get(&session.session.unit)
            .map(|unit| unit.name.clone())
            .unwrap_or_else(|_| session.session.unit.to_string())
    }
}

/// A session's report (those who run or follow it): the filed one once
/// reported, else built from the records now.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/report",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The report", body = SessionReport),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_report(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SessionReport>, ApiError> {
    Ok(Json(report_of(&state, &caller, id).await?))
}

/// Files a closed session's report and closes the session for good (those
/// who run it).
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/report",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Filed: the session is reported", body = SessionView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not run the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "The session is not closed", body = ErrorBody),
    )
)]
pub async fn file_report(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SessionView>, ApiError> {
    let session = load_session(&state, id).await?;
    let venue = check_session(
        &state,
        &caller,
        &session,
        SessionAccess::Run,
        AuditAction::Update,
    )
    .await?;
    let result = async {
        session
            .status
            .check_move(SessionStatus::Reported)
            .map_err(ApiError::from)?;
        let report = live_report(&state, &session, place_of(&state, &session, &venue)).await?;
        let value = serde_json::to_value(&report).map_err(|_| ApiError::internal())?;
        Ok(state
            .store
            .file_session_report(id, &value, caller.principal.user_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::SESSION,
            id: format!("{id}:report"),
            unit: Some(&session.session.unit),
        },
        &result,
    )
    .await?;
    Ok(Json(SessionView::of(&state, result?)))
}

/// A session's report as the workbook officers file (those who run or
/// follow it).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/report.xlsx",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The workbook", body = crate::views::SheetFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_report_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let report = report_of(&state, &caller, id).await?;
    let bytes = crate::blocking::run(&state, move || {
        vieclam_sheets::session_report::write_session_report(&report)
    })
    .await?
    .map_err(|error| {
        tracing::error!(error = %error, "session report workbook not written");
        ApiError::internal()
    })?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"bao-cao-phien-{id}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A session's report as a printable page (those who run or follow it).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/report.html",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The page, fit to print on A4", body = String, content_type = "text/html"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Neither runs nor follows the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn session_report_page(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, ApiError> {
    let report = report_of(&state, &caller, id).await?;
    Ok(Html(vieclam_sheets::session_report::report_page(&report)))
}
