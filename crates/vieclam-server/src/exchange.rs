//! The exchange's shared pieces for its routes: loading venues and
//! sessions, who runs or follows a session, the JSON views, the labour
//! event a hire records, and a session's report built from its records
//! (also used by `vieclam demo`). The access rules themselves are in
//! `vieclam_domain::access` (`may_manage_venue`, `may_run_session`,
//! `may_follow_session`, `may_counsel`).

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::registry::{EventKind, EventSource, LabourEvent, OccupationCode};
use vieclam_domain::{AccessError, AdminUnits, AuditAction, Principal, Role, UnitKey};
use vieclam_exchange::report::{
    build, ReportEmployer, ReportInput, ReportInterview, ReportOutcome, ReportSession,
    ReportVacancy, ReportWorker, SessionReport,
};
use vieclam_exchange::{
    ApplicationStatus, ApplicationStep, Attendance, Channel, ClaimStatus, CounsellingOutcome,
    ExchangeError, InterviewMode, Outcome, Party, RegistrationState, SessionKind, SessionStatus,
    Theme, VenueKind,
};
use vieclam_store::exchange::{
    ApplicationRecord, CounsellingRecord, InterviewFilter, InterviewRecord, OutcomeRecord,
    RegistrationRecord, SessionRecord, VenueRecord,
};
use vieclam_store::{Page, Store, StoreError};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::records::{
    check_vacancy_write, employer_not_found, load_worker, may_access_employer, may_access_worker,
    own_employer, own_worker,
};
use crate::scope::{audit_result, check_audited, AuditSubject};
use crate::views::{load_vacancy, vacancy_not_found};
use crate::AppState;
use vieclam_domain::registry::{VacancyPosting, VacancyStatus};
use vieclam_exchange::registration::MAX_VACANCIES_PER_BOOTH;
use vieclam_store::exchange::{Cancellation, RegistrationWrite};
use vieclam_store::VacancyWrite;

/// Audit subjects of the exchange's records.
pub mod subject {
    pub const VENUE: &str = "venue";
    pub const SESSION: &str = "session";
    pub const REGISTRATION: &str = "registration";
    pub const APPLICATION: &str = "application";
    pub const INTERVIEW: &str = "interview";
    pub const COUNSELLING: &str = "counselling";
    pub const CLAIM: &str = "ui_claim";
}

impl From<ExchangeError> for ApiError {
    fn from(error: ExchangeError) -> ApiError {
        let status = match error {
            ExchangeError::UnknownCode { .. }
            | ExchangeError::Invalid { .. }
            | ExchangeError::VacancyNotInSession => StatusCode::UNPROCESSABLE_ENTITY,
            ExchangeError::BadMove { .. }
            | ExchangeError::RegistrationClosed { .. }
            | ExchangeError::BoothsFull
            | ExchangeError::AlreadyRegistered
            | ExchangeError::SlotOverlap
            | ExchangeError::HireWithoutInterview => StatusCode::CONFLICT,
        };
        let message_en = error.to_string();
        let mut chars = message_en.chars();
        let message_en = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => message_en,
        };
        ApiError::new(status, error.code(), error.message_vi(), message_en)
    }
}

fn not_found(code: &'static str, what_vi: &str, what_en: &str, id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        code,
        format!("Không có {what_vi} #{id}"),
        format!("No {what_en} #{id}"),
    )
}

pub async fn load_venue(state: &AppState, id: i64) -> Result<VenueRecord, ApiError> {
    state
        .store
        .get_venue(id)
        .await?
        .ok_or_else(|| not_found("venue_not_found", "sàn giao dịch việc làm", "venue", id))
}

pub async fn load_session(state: &AppState, id: i64) -> Result<SessionRecord, ApiError> {
    state.store.get_session(id).await?.ok_or_else(|| {
        not_found(
            "session_not_found",
            "phiên giao dịch việc làm",
            "session",
            id,
        )
    })
}

pub async fn load_registration(state: &AppState, id: i64) -> Result<RegistrationRecord, ApiError> {
    state
        .store
        .get_registration(id)
        .await?
        .ok_or_else(|| not_found("registration_not_found", "đăng ký", "registration", id))
}

pub async fn load_application(state: &AppState, id: i64) -> Result<ApplicationRecord, ApiError> {
    state.store.get_application(id).await?.ok_or_else(|| {
        not_found(
            "application_not_found",
            "hồ sơ ứng tuyển",
            "application",
            id,
        )
    })
}

pub async fn load_interview(state: &AppState, id: i64) -> Result<InterviewRecord, ApiError> {
    state
        .store
        .get_interview(id)
        .await?
        .ok_or_else(|| not_found("interview_not_found", "lịch phỏng vấn", "interview", id))
}

/// Whether the caller is on the staff of `venue`.
pub async fn on_staff(
    state: &AppState,
    principal: &Principal,
    venue: &VenueRecord,
) -> Result<bool, ApiError> {
    match (principal.role, principal.user_id) {
        (Role::ExchangeStaff, Some(user_id)) => Ok(state
            .store
            .venues_of_staff(user_id)
            .await?
            .contains(&venue.id)),
        _ => Ok(false),
    }
}

/// The venues an exchange staff account runs (`None` for other roles: their
/// listings are bounded by area instead).
pub async fn staff_venues(
    state: &AppState,
    principal: &Principal,
) -> Result<Option<Vec<i64>>, ApiError> {
    match (principal.role, principal.user_id) {
        (Role::ExchangeStaff, Some(user_id)) => {
            Ok(Some(state.store.venues_of_staff(user_id).await?))
        }
        _ => Ok(None),
    }
}

/// What a caller is to a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionAccess {
    /// Runs it.
    Run,
    /// Follows it (reads its people and results).
    Follow,
}

/// Checks that the caller runs (or follows) the session, auditing a
/// refusal; gives the session's venue.
pub async fn check_session(
    state: &AppState,
    caller: &Caller,
    session: &SessionRecord,
    access: SessionAccess,
    action: AuditAction,
) -> Result<VenueRecord, ApiError> {
    caller.require_account()?;
    let venue = load_venue(state, session.session.venue_id).await?;
    let staff = on_staff(state, &caller.principal, &venue).await?;
    let decision = match access {
        SessionAccess::Run => {
            caller
                .principal
                .may_run_session(&state.units, &venue.venue.unit, staff)
        }
        SessionAccess::Follow => caller.principal.may_follow_session(
            &state.units,
            &venue.venue.unit,
            &session.session.unit,
            staff,
        ),
    };
    check_audited(
        state,
        &caller.principal,
        action,
        AuditSubject {
            kind: subject::SESSION,
            id: session.id.to_string(),
            unit: Some(&session.session.unit),
        },
        decision,
    )
    .await?;
    Ok(venue)
}

/// Whether the caller runs the session (no audit: the caller decides what
/// follows from it, and audits that).
pub async fn runs_session(
    state: &AppState,
    caller: &Caller,
    session: &SessionRecord,
) -> Result<bool, ApiError> {
    if matches!(
        caller.principal.role,
        Role::Worker | Role::Employer | Role::Public
    ) {
        return Ok(false);
    }
    let venue = load_venue(state, session.session.venue_id).await?;
    let staff = on_staff(state, &caller.principal, &venue).await?;
    Ok(caller
        .principal
        .may_run_session(&state.units, &venue.venue.unit, staff)
        .is_ok())
}

/// The labour event of a hire made through the exchange.
pub fn hire_event(
    day: NaiveDate,
    employer_id: i64,
    occupation: Option<OccupationCode>,
    session_id: Option<i64>,
    vacancy_id: i64,
) -> LabourEvent {
    LabourEvent {
        date: day,
        kind: EventKind::Employed,
        source: EventSource::Exchange,
        status: None,
        unit: None,
        employer_id: Some(employer_id),
        occupation,
        country: None,
        detail: None,
        session_id,
        vacancy_id: Some(vacancy_id),
    }
}

/// Every accepted registration of a party at a session, a page at a time.
/// Every accepted registration of a party at a session, in the order taken.
pub async fn accepted_registrations(
    store: &dyn Store,
    session: i64,
    party: Party,
) -> Result<Vec<RegistrationRecord>, StoreError> {
    let mut all = Vec::new();
    loop {
        let page = store
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

/// A session's registered workers and the vacancies its employers brought,
/// in matching form: what pre-matching ranks (the route and the bench).
pub struct SessionField {
    /// (worker id, full name, matching form), in the order they registered.
    pub workers: Vec<(i64, String, vieclam_match::Seeker)>,
    /// (matching form, employer id, employer name, booth).
    pub openings: Vec<(vieclam_match::Opening, i64, String, Option<u32>)>,
}

/// The session's registered workers and brought vacancies in matching form,
/// read a few hundred ids a query.
pub async fn session_field(
    store: &dyn Store,
    units: &AdminUnits,
    session: &SessionRecord,
) -> Result<SessionField, StoreError> {
    let seats = accepted_registrations(store, session.id, Party::Worker).await?;
    let ids: Vec<i64> = seats.iter().map(|r| r.party_id).collect();
    let mut people: std::collections::HashMap<i64, vieclam_store::WorkerRecord> = store
        .get_workers(&ids)
        .await?
        .into_iter()
        .map(|worker| (worker.id, worker))
        .collect();
    let workers = seats
        .iter()
        .filter_map(|registration| {
            let worker = people.remove(&registration.party_id)?;
            let seeker =
                vieclam_match::Seeker::of(units, worker.id, &worker.profile, &worker.state);
            Some((
                worker.id,
                worker.profile.full_name.as_str().to_owned(),
                seeker,
            ))
        })
        .collect();
    let booths = accepted_registrations(store, session.id, Party::Employer).await?;
    let ids: Vec<i64> = booths.iter().map(|r| r.party_id).collect();
    let names: std::collections::HashMap<i64, String> = store
        .get_employers(&ids)
        .await?
        .into_iter()
        .map(|employer| (employer.id, employer.profile.name))
        .collect();
    let ids: Vec<i64> = booths.iter().flat_map(|r| r.vacancies.clone()).collect();
    let postings: std::collections::HashMap<i64, vieclam_domain::registry::VacancyPosting> = store
        .get_vacancies(&ids)
        .await?
        .into_iter()
        .map(|vacancy| (vacancy.id, vacancy.posting))
        .collect();
    let mut openings = Vec::new();
    for registration in &booths {
        let name = names
            .get(&registration.party_id)
            .cloned()
            .unwrap_or_default();
        for id in &registration.vacancies {
            if let Some(posting) = postings.get(id) {
                openings.push((
                    vieclam_match::Opening::of(units, *id, posting),
                    registration.party_id,
                    name.clone(),
                    registration.booth,
                ));
            }
        }
    }
    Ok(SessionField { workers, openings })
}

/// Builds a session's report from its records as they are now, made on
/// `reported_on`: what the report route answers before filing, what it
/// files, and what `vieclam demo` files for the sessions it holds.
pub async fn live_report(
    store: &dyn Store,
    session: &SessionRecord,
    place: String,
    reported_on: NaiveDate,
) -> Result<SessionReport, StoreError> {
    // The records are read a few hundred ids a query, not one by one.
    let booths = accepted_registrations(store, session.id, Party::Employer).await?;
    let ids: Vec<i64> = booths.iter().map(|r| r.party_id).collect();
    let names: std::collections::HashMap<i64, String> = store
        .get_employers(&ids)
        .await?
        .into_iter()
        .map(|employer| (employer.id, employer.profile.name))
        .collect();
    let ids: Vec<i64> = booths.iter().flat_map(|r| r.vacancies.clone()).collect();
    let postings: std::collections::HashMap<i64, _> = store
        .get_vacancies(&ids)
        .await?
        .into_iter()
        .map(|vacancy| (vacancy.id, vacancy.posting))
        .collect();
    let mut employers = Vec::new();
    for registration in booths {
        let Some(name) = names.get(&registration.party_id) else {
            continue;
        };
        let vacancies = registration
            .vacancies
            .iter()
            .filter_map(|id| {
                let posting = postings.get(id)?;
                Some(ReportVacancy {
                    id: *id,
                    title: posting.title.clone(),
                    occupation: posting
                        .occupation
                        .as_ref()
                        .map(|code| code.as_str().to_owned()),
                    positions: posting.headcount,
                })
            })
            .collect();
        employers.push(ReportEmployer {
            id: registration.party_id,
            name: name.clone(),
            booth: registration.booth,
            vacancies,
        });
    }
    let mut interviews = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
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
    let attended: std::collections::HashSet<i64> = interviews
        .iter()
        .filter(|interview| interview.attendance == Attendance::Attended)
        .map(|interview| interview.worker_id)
        .collect();
    let seats = accepted_registrations(store, session.id, Party::Worker).await?;
    let ids: Vec<i64> = seats.iter().map(|r| r.party_id).collect();
    let people: std::collections::HashMap<i64, _> = store
        .get_workers(&ids)
        .await?
        .into_iter()
        .map(|worker| (worker.id, worker))
        .collect();
    let mut workers = Vec::new();
    for registration in seats {
        let Some(worker) = people.get(&registration.party_id) else {
            continue;
        };
        // Came: walked in, or attended an interview.
        let walk_in = registration.channel == Channel::WalkIn;
        let attended = attended.contains(&worker.id);
        workers.push(ReportWorker {
            id: worker.id,
            sex: worker.profile.sex,
            birth_date: worker.profile.birth_date,
            priority_groups: worker.profile.priority_groups.iter().copied().collect(),
            walk_in,
            checked_in: walk_in || attended,
        });
    }
    let outcomes: Vec<ReportOutcome> = store
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
    Ok(build(ReportInput {
        session: &report_session,
        employers: &employers,
        workers: &workers,
        interviews: &interviews,
        outcomes: &outcomes,
        reported_on,
    }))
}

/// Where a session is held, as people read it: the venue's name and
/// address, or the commune a mobile session travels to.
pub fn session_place(units: &AdminUnits, session: &SessionRecord, venue: &VenueRecord) -> String {
    if session.session.unit == venue.venue.unit {
        format!("{}, {}", venue.venue.name, venue.venue.address)
    } else {
        units
            .get(&session.session.unit)
            .map(|unit| unit.name.clone())
            .unwrap_or_else(|_| session.session.unit.to_string())
    }
}

/// A code with its names.
#[derive(Serialize, ToSchema)]
pub struct Named {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
}

macro_rules! named {
    ($value:expr) => {
        Named {
            code: $value.as_str(),
            name_vi: $value.name_vi(),
            name_en: $value.name_en(),
        }
    };
}

/// A venue as answered.
#[derive(Serialize, ToSchema)]
pub struct VenueView {
    pub id: i64,
    pub name: String,
    pub kind: Named,
    /// `structure:code`.
    pub unit: String,
    pub unit_name: Option<String>,
    pub address: String,
    pub booths: u32,
    pub seats: u32,
    /// The staff accounts that run it: shown to those who manage venues.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<Vec<i64>>,
}

impl VenueView {
    pub fn of(state: &AppState, record: VenueRecord, show_staff: bool) -> VenueView {
        VenueView {
            id: record.id,
            unit_name: state
                .units
                .get(&record.venue.unit)
                .ok()
                .map(|unit| unit.name.clone()),
            name: record.venue.name,
            kind: kind_named(record.venue.kind),
            unit: record.venue.unit.to_string(),
            address: record.venue.address,
            booths: record.venue.booths,
            seats: record.venue.seats,
            staff: show_staff.then_some(record.venue.staff),
        }
    }
}

fn kind_named(kind: VenueKind) -> Named {
    named!(kind)
}

/// A session as answered: public facts and live counts.
#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub kind: Named,
    pub theme: Option<Named>,
    pub industry: Option<String>,
    pub title: String,
    pub venue_id: i64,
    pub unit: String,
    pub unit_name: Option<String>,
    pub date: NaiveDate,
    #[schema(value_type = String)]
    pub starts: NaiveTime,
    #[schema(value_type = String)]
    pub ends: NaiveTime,
    pub organiser: String,
    pub booths: u32,
    pub seats: u32,
    /// Local time in Vietnam, without an offset, e.g. 2025-03-14T08:00:00.
    #[schema(value_type = Option<String>, example = "2025-03-01T08:00:00")]
    pub registration_opens: Option<NaiveDateTime>,
    #[schema(value_type = Option<String>, example = "2025-03-14T08:00:00")]
    pub registration_closes: Option<NaiveDateTime>,
    pub status: Named,
    pub booths_taken: u32,
    pub seats_taken: u32,
    pub employers_waiting: u32,
    pub workers_waiting: u32,
    pub plan_id: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
}

impl SessionView {
    pub fn of(state: &AppState, record: SessionRecord) -> SessionView {
        let session = record.session;
        SessionView {
            id: record.id,
            kind: session_kind_named(session.kind),
            theme: session.theme.map(theme_named),
            industry: session.industry,
            title: session.title,
            venue_id: session.venue_id,
            unit_name: state
                .units
                .get(&session.unit)
                .ok()
                .map(|unit| unit.name.clone()),
            unit: session.unit.to_string(),
            date: session.date,
            starts: session.starts,
            ends: session.ends,
            organiser: session.organiser,
            booths: session.booths,
            seats: session.seats,
            registration_opens: session.registration_opens,
            registration_closes: session.registration_closes,
            status: status_named(record.status),
            booths_taken: record.booths_taken,
            seats_taken: record.seats_taken,
            employers_waiting: record.employers_waiting,
            workers_waiting: record.workers_waiting,
            plan_id: record.plan_id,
            reported_at: record.reported_at,
        }
    }
}

fn session_kind_named(kind: SessionKind) -> Named {
    named!(kind)
}
fn theme_named(theme: Theme) -> Named {
    named!(theme)
}
fn status_named(status: SessionStatus) -> Named {
    named!(status)
}

/// A registration as answered.
#[derive(Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: i64,
    pub session_id: i64,
    pub party: Named,
    /// The worker's or the employer's id.
    pub party_id: i64,
    /// The worker's or the employer's name, for those who may see it.
    pub name: Option<String>,
    pub state: Named,
    /// Place in the waiting list, from 1.
    pub position: Option<u32>,
    pub booth: Option<u32>,
    pub channel: Named,
    pub vacancies: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl RegistrationView {
    pub fn of(record: RegistrationRecord, name: Option<String>) -> RegistrationView {
        RegistrationView {
            id: record.id,
            session_id: record.session_id,
            party: party_named(record.party),
            party_id: record.party_id,
            name,
            state: registration_state_named(record.state),
            position: record.position,
            booth: record.booth,
            channel: channel_named(record.channel),
            vacancies: record.vacancies,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

fn party_named(party: Party) -> Named {
    named!(party)
}
fn registration_state_named(state: RegistrationState) -> Named {
    named!(state)
}
fn channel_named(channel: Channel) -> Named {
    named!(channel)
}

/// An application as answered.
#[derive(Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: i64,
    pub vacancy_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub status: Named,
    pub steps: Vec<ApplicationStep>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ApplicationRecord> for ApplicationView {
    fn from(record: ApplicationRecord) -> ApplicationView {
        ApplicationView {
            id: record.id,
            vacancy_id: record.vacancy_id,
            worker_id: record.worker_id,
            employer_id: record.employer_id,
            status: application_status_named(record.status),
            steps: record.steps,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

fn application_status_named(status: ApplicationStatus) -> Named {
    named!(status)
}

/// An interview as answered.
#[derive(Serialize, ToSchema)]
pub struct InterviewView {
    pub id: i64,
    pub session_id: Option<i64>,
    pub application_id: Option<i64>,
    pub worker_id: i64,
    pub employer_id: i64,
    pub vacancy_id: i64,
    pub booth: Option<u32>,
    /// Local time in Vietnam, without an offset, e.g. 2025-03-14T08:00:00.
    #[schema(value_type = String, example = "2025-03-14T09:00:00")]
    pub starts: NaiveDateTime,
    #[schema(value_type = String, example = "2025-03-14T09:20:00")]
    pub ends: NaiveDateTime,
    pub mode: Named,
    pub link: Option<String>,
    pub attendance: Named,
}

impl From<InterviewRecord> for InterviewView {
    fn from(record: InterviewRecord) -> InterviewView {
        InterviewView {
            id: record.id,
            session_id: record.session_id,
            application_id: record.application_id,
            worker_id: record.worker_id,
            employer_id: record.employer_id,
            vacancy_id: record.vacancy_id,
            booth: record.booth,
            starts: record.starts,
            ends: record.ends,
            mode: mode_named(record.mode),
            link: record.link,
            attendance: attendance_named(record.attendance),
        }
    }
}

fn mode_named(mode: InterviewMode) -> Named {
    named!(mode)
}
fn attendance_named(attendance: Attendance) -> Named {
    named!(attendance)
}

/// An outcome as answered.
#[derive(Serialize, ToSchema)]
pub struct OutcomeView {
    pub id: i64,
    pub session_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub vacancy_id: i64,
    pub outcome: Named,
    /// The `employed` labour event a hire recorded.
    pub event_id: Option<i64>,
    pub recorded_at: DateTime<Utc>,
}

impl From<OutcomeRecord> for OutcomeView {
    fn from(record: OutcomeRecord) -> OutcomeView {
        OutcomeView {
            id: record.id,
            session_id: record.session_id,
            worker_id: record.worker_id,
            employer_id: record.employer_id,
            vacancy_id: record.vacancy_id,
            outcome: outcome_named(record.outcome),
            event_id: record.event_id,
            recorded_at: record.recorded_at,
        }
    }
}

fn outcome_named(outcome: Outcome) -> Named {
    named!(outcome)
}

/// A counselling as answered.
#[derive(Serialize, ToSchema)]
pub struct CounsellingView {
    pub id: i64,
    pub worker_id: i64,
    pub unit: String,
    pub on: NaiveDate,
    pub session_id: Option<i64>,
    pub advice: String,
    pub referred: Vec<i64>,
    pub outcome: Named,
    pub counsellor: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<CounsellingRecord> for CounsellingView {
    fn from(record: CounsellingRecord) -> CounsellingView {
        CounsellingView {
            id: record.id,
            worker_id: record.worker_id,
            unit: record.unit.to_string(),
            on: record.on,
            session_id: record.session_id,
            advice: record.advice,
            referred: record.referred,
            outcome: counselling_outcome_named(record.outcome),
            counsellor: record.counsellor,
            created_at: record.created_at,
        }
    }
}

fn counselling_outcome_named(outcome: CounsellingOutcome) -> Named {
    named!(outcome)
}

pub fn claim_status_named(status: ClaimStatus) -> Named {
    named!(status)
}

pub fn checkin_state_named(state: vieclam_exchange::CheckinState) -> Named {
    named!(state)
}

/// Refuses a request a rule of the exchange refuses before any write.
pub fn refuse(error: ExchangeError) -> ApiError {
    error.into()
}

/// The access refusal for a record the caller may not reach.
pub fn forbidden(error: AccessError) -> ApiError {
    error.into()
}

/// Today in Vietnam.
pub fn today() -> NaiveDate {
    crate::vietnam_today()
}

/// Parses a unit code given in a request, in the structure valid on `on`.
pub fn parse_unit(state: &AppState, text: &str, on: NaiveDate) -> Result<UnitKey, ApiError> {
    let key = UnitKey::parse(text, on)?;
    state.units.get(&key)?;
    Ok(key)
}

/// Now, on the clock of Vietnam (sessions' hours and registration windows
/// are local times).
pub fn vietnam_now() -> NaiveDateTime {
    (Utc::now() + chrono::Duration::hours(7)).naive_utc()
}

/// Checks a session's own fields against its venue: the venue's kind
/// fits the session's kind, capacity within the venue's, and a session is
/// held at its venue's unit except a mobile one, which travels to a
/// commune inside the caller's area.
pub fn check_session_draft(
    state: &AppState,
    principal: &Principal,
    draft: &vieclam_exchange::SessionDraft,
    venue: &VenueRecord,
) -> Result<(), ApiError> {
    draft.check()?;
    state.units.get(&draft.unit)?;
    let online_venue = venue.venue.kind == VenueKind::Online;
    if (draft.kind == SessionKind::Online) != online_venue {
        return Err(ExchangeError::Invalid {
            field: "venue_id",
            reason_vi:
                "Phiên trực tuyến tổ chức tại sàn trực tuyến, các phiên khác tại sàn có địa điểm"
                    .to_owned(),
            reason_en:
                "Online sessions are held at the online venue, others at a venue with an address"
                    .to_owned(),
        }
        .into());
    }
    if draft.booths > venue.venue.booths || draft.seats > venue.venue.seats {
        return Err(ExchangeError::Invalid {
            field: "booths",
            reason_vi: format!(
                "Sàn có {} gian tuyển dụng và {} chỗ; phiên không vượt quá",
                venue.venue.booths, venue.venue.seats
            ),
            reason_en: format!(
                "The venue has {} booths and {} seats; a session cannot exceed them",
                venue.venue.booths, venue.venue.seats
            ),
        }
        .into());
    }
    if draft.kind == SessionKind::Mobile {
        principal.may_read_unit(&state.units, &draft.unit)?;
    } else if draft.unit != venue.venue.unit {
        return Err(ExchangeError::Invalid {
            field: "unit",
            reason_vi: "Phiên (trừ phiên lưu động) tổ chức tại đơn vị của sàn".to_owned(),
            reason_en: "A session (other than a mobile one) is held at its venue's unit".to_owned(),
        }
        .into());
    }
    Ok(())
}

/// A note on an application: at most 1,000 characters, no control
/// characters but new lines.
pub fn check_note(note: Option<&str>) -> Result<(), ApiError> {
    if let Some(note) = note {
        if note.chars().count() > 1_000 || note.chars().any(|c| c.is_control() && c != '\n') {
            return Err(vieclam_exchange::ExchangeError::Invalid {
                field: "note",
                reason_vi: "Ghi chú tối đa 1.000 ký tự, không có ký tự điều khiển".to_owned(),
                reason_en: "A note has at most 1,000 characters and no control characters"
                    .to_owned(),
            }
            .into());
        }
    }
    Ok(())
}

/// Applies to an open vacancy: the worker themself (`worker_id` `None`:
/// the caller's own record), or an officer of the worker's area. The one
/// path of the API, the pages and an accepted invitation; audited.
pub async fn apply_to(
    state: &AppState,
    caller: &crate::auth::Caller,
    id: i64,
    worker_id: Option<i64>,
    note: Option<&str>,
) -> Result<vieclam_store::exchange::ApplicationRecord, ApiError> {
    let vacancy = crate::views::load_vacancy(state, id).await?;
    let own = crate::records::own_worker(state, &caller.principal).await?;
    let worker_id = worker_id
        .or(own)
        .ok_or_else(|| ApiError::bad_request("Thiếu worker_id", "worker_id is required"))?;
    // Checks the worker and audits the access; a refusal ends here.
    let worker = crate::records::load_checked(
        state,
        caller,
        worker_id,
        vieclam_domain::AuditAction::Update,
    )
    .await?;
    let subject_of = || crate::scope::AuditSubject {
        kind: subject::APPLICATION,
        id: format!("vacancy:{id}"),
        unit: Some(&worker.state.residence),
    };
    let result = async {
        check_note(note)?;
        if vacancy.posting.status_on(crate::vietnam_today())
            != vieclam_domain::registry::VacancyStatus::Open
        {
            return Err(vieclam_exchange::ExchangeError::Invalid {
                field: "vacancy",
                reason_vi: "Vị trí việc làm không còn tuyển".to_owned(),
                reason_en: "The vacancy is not open".to_owned(),
            }
            .into());
        }
        Ok(state
            .store
            .create_application(
                &vieclam_store::exchange::ApplicationWrite {
                    vacancy_id: id,
                    worker_id,
                    employer_id: vacancy.posting.employer_id,
                    province_code: &vacancy.province_code,
                    note,
                    actor: caller.principal.user_id,
                },
                chrono::Utc::now(),
            )
            .await?)
    }
    .await;
    crate::scope::audit_result(
        state,
        &caller.principal,
        vieclam_domain::AuditAction::Create,
        subject_of(),
        &result,
    )
    .await?;
    result
}

/// May the caller act for the vacancy's employer (read its applications
/// and invitations, or move an application)? Applications name people:
/// besides the employer, only the officers who keep personal records of
/// the vacancy's area (a partner agency reads employers, not applicants).
/// The outer error is a failure of the store; the inner one the decision.
pub async fn may_act_for_vacancy(
    state: &AppState,
    caller: &Caller,
    vacancy: &vieclam_store::VacancyRecord,
    write: bool,
) -> Result<Result<(), AccessError>, ApiError> {
    let role = caller.principal.role;
    if role != Role::Employer && !role.reads_personal_records() {
        return Ok(Err(AccessError::RoleNotAllowed(role)));
    }
    crate::records::may_access_employer(
        state,
        &caller.principal,
        Some(vacancy.posting.employer_id),
        &vacancy.posting.work_unit,
        write,
    )
    .await
}

/// Who the caller is to an application: its worker, its employer (or an
/// officer for it), or neither.
pub async fn application_decision(
    state: &AppState,
    caller: &Caller,
    record: &ApplicationRecord,
    write: bool,
) -> Result<Result<(), AccessError>, ApiError> {
    let principal = &caller.principal;
    if principal.role == Role::Worker {
        let own = crate::records::own_worker(state, principal).await? == Some(record.worker_id);
        return Ok(if own {
            Ok(())
        } else {
            Err(AccessError::RoleNotAllowed(Role::Worker))
        });
    }
    if principal.role == Role::Employer {
        let own = crate::records::own_employer(state, principal).await? == Some(record.employer_id);
        return Ok(if own {
            Ok(())
        } else {
            Err(AccessError::RoleNotAllowed(Role::Employer))
        });
    }
    let vacancy = crate::views::load_vacancy(state, record.vacancy_id).await?;
    may_act_for_vacancy(state, caller, &vacancy, write).await
}

/// The applications to a vacancy, newest first, each with its worker: the
/// vacancy's employer, or officers of its area. A refusal is audited, and
/// so are the workers shown. The one path of the API and the pages.
pub async fn applicants_of(
    state: &AppState,
    caller: &Caller,
    vacancy_id: i64,
    status: Option<ApplicationStatus>,
    page: Page,
) -> Result<Vec<(ApplicationRecord, vieclam_store::WorkerRecord)>, ApiError> {
    caller.require_account()?;
    let vacancy = crate::views::load_vacancy(state, vacancy_id).await?;
    let decision = may_act_for_vacancy(state, caller, &vacancy, false).await?;
    check_audited(
        state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::APPLICATION,
            id: format!("vacancy:{vacancy_id}"),
            unit: Some(&vacancy.posting.work_unit),
        },
        decision,
    )
    .await?;
    let filter = vieclam_store::ApplicationFilter {
        vacancy_id: Some(vacancy_id),
        status,
        ..vieclam_store::ApplicationFilter::default()
    };
    let records = state.store.list_applications(&filter, page).await?;
    let mut found = Vec::with_capacity(records.len());
    for record in records {
        let worker = crate::records::load_worker(state, record.worker_id).await?;
        found.push((record, worker));
    }
    let ids: Vec<i64> = found.iter().map(|(record, _)| record.worker_id).collect();
    crate::scope::audit_returned(
        state,
        &caller.principal,
        vieclam_domain::audit::subject::WORKER,
        &format!("vacancy:{vacancy_id}:applications"),
        &ids,
    )
    .await?;
    Ok(found)
}

/// An applicant's phone and e-mail on their application as `role` sees
/// them (the rule is `Role::visibility` of `Field::ApplicantContact`):
/// whole for the employer they applied to, masked as exports mask them
/// otherwise. Ask it only for an application the caller may read.
pub fn applicant_contact(
    role: Role,
    worker: &vieclam_store::WorkerRecord,
    reach: vieclam_domain::Reach,
) -> (Option<String>, Option<String>) {
    use vieclam_sheets::mask::{mask_digits, mask_email};
    let whole = role.visibility(vieclam_domain::Field::ApplicantContact, reach)
        == vieclam_domain::Visibility::Whole;
    let profile = &worker.profile;
    let phone = profile.phone.as_ref().map(|phone| {
        if whole {
            phone.as_str().to_owned()
        } else {
            mask_digits(phone.as_str(), 2, 2)
        }
    });
    let email = profile.email.as_ref().map(|email| {
        if whole {
            email.as_str().to_owned()
        } else {
            mask_email(email.as_str())
        }
    });
    (phone, email)
}

/// Moves an application: the employer (or an officer for it) shortlists,
/// interviews, hires or rejects; the worker withdraws. A hire records an
/// `employed` labour event for the worker, dated today. Audited with its
/// outcome. The one path of the API and the pages.
pub async fn move_application(
    state: &AppState,
    caller: &Caller,
    id: i64,
    to: ApplicationStatus,
    note: Option<&str>,
) -> Result<ApplicationRecord, ApiError> {
    caller.require_account()?;
    let record = load_application(state, id).await?;
    let mut decision = application_decision(state, caller, &record, true).await?;
    // A worker only withdraws; an employer never withdraws for them.
    let withdraws = to == ApplicationStatus::Withdrawn;
    if decision.is_ok() && withdraws != (caller.principal.role == Role::Worker) {
        decision = Err(AccessError::RoleNotAllowed(caller.principal.role));
    }
    let subject_of = || AuditSubject {
        kind: subject::APPLICATION,
        id: id.to_string(),
        unit: None,
    };
    check_audited(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        check_note(note)?;
        let hired = if to == ApplicationStatus::Hired {
            record.status.check_move(to)?;
            let vacancy = crate::views::load_vacancy(state, record.vacancy_id).await?;
            let worker = crate::records::load_worker(state, record.worker_id).await?;
            Some((
                hire_event(
                    crate::vietnam_today(),
                    record.employer_id,
                    vacancy.posting.occupation.clone(),
                    None,
                    record.vacancy_id,
                ),
                worker.province_code,
            ))
        } else {
            None
        };
        let hire = hired
            .as_ref()
            .map(|(event, province)| vieclam_store::HireEvent {
                event,
                province_code: province,
            });
        let (moved, event) = state
            .store
            .move_application(
                id,
                to,
                note,
                hire.as_ref(),
                caller.principal.user_id,
                Utc::now(),
            )
            .await?;
        if event.is_some() {
            crate::search::follow_worker(state, moved.worker_id).await;
        }
        Ok(moved)
    }
    .await;
    crate::scope::audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        &result,
    )
    .await?;
    result
}

/// Checks the vacancies an employer brings to a booth: at most
/// `MAX_VACANCIES_PER_BOOTH`, each its own and open.
pub async fn check_brought_vacancies(
    state: &AppState,
    employer_id: i64,
    vacancies: &[i64],
) -> Result<(), ApiError> {
    if vacancies.len() > MAX_VACANCIES_PER_BOOTH {
        return Err(ExchangeError::Invalid {
            field: "vacancies",
            reason_vi: format!("Tối đa {MAX_VACANCIES_PER_BOOTH} vị trí cho một gian"),
            reason_en: format!("At most {MAX_VACANCIES_PER_BOOTH} vacancies a booth"),
        }
        .into());
    }
    let today = crate::vietnam_today();
    for &id in vacancies {
        let vacancy = load_vacancy(state, id).await?;
        if vacancy.posting.employer_id != employer_id {
            return Err(vacancy_not_found(id));
        }
        if vacancy.posting.status_on(today) != VacancyStatus::Open {
            return Err(ExchangeError::Invalid {
                field: "vacancies",
                reason_vi: format!("Vị trí #{id} không còn tuyển"),
                reason_en: format!("Vacancy #{id} is not open"),
            }
            .into());
        }
    }
    Ok(())
}

/// The registration window, when the session sets one.
fn check_window(session: &SessionRecord, channel: Channel) -> Result<(), ApiError> {
    if channel == Channel::WalkIn {
        return Ok(());
    }
    let now = vietnam_now();
    let before = session
        .session
        .registration_opens
        .is_some_and(|opens| now < opens);
    let after = session
        .session
        .registration_closes
        .is_some_and(|closes| now > closes);
    if before || after {
        return Err(ExchangeError::RegistrationClosed {
            status: session.status.as_str(),
        }
        .into());
    }
    Ok(())
}

/// May the caller change this registration: its worker or employer, or
/// those who run the session?
pub async fn check_registration_write(
    state: &AppState,
    caller: &Caller,
    record: &RegistrationRecord,
) -> Result<SessionRecord, ApiError> {
    caller.require_account()?;
    let session = load_session(state, record.session_id).await?;
    let principal = &caller.principal;
    let decision = match (principal.role, record.party) {
        (Role::Worker, Party::Worker)
            if own_worker(state, principal).await? == Some(record.party_id) =>
        {
            Ok(())
        }
        (Role::Employer, Party::Employer)
            if own_employer(state, principal).await? == Some(record.party_id) =>
        {
            Ok(())
        }
        (Role::Worker | Role::Employer, _) => Err(AccessError::RoleNotAllowed(principal.role)),
        _ if runs_session(state, caller, &session).await? => Ok(()),
        _ => Err(AccessError::OutsideScope),
    };
    check_audited(
        state,
        principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::REGISTRATION,
            id: record.id.to_string(),
            unit: Some(&session.session.unit),
        },
        decision,
    )
    .await?;
    Ok(session)
}

/// A registration to take, as the API's request or a page's form gives it.
pub struct NewRegistration<'a> {
    pub party: Party,
    /// The worker or employer; a worker's or employer's own account may
    /// leave it out.
    pub party_id: Option<i64>,
    /// `None`: online for a worker or an employer themselves, through an
    /// officer for anyone else.
    pub channel: Option<Channel>,
    /// For an employer: its own open vacancies it brings.
    pub vacancies: &'a [i64],
    /// For an employer: new vacancies it brings, posted with the
    /// registration (each checked as a vacancy posted alone is).
    pub new_vacancies: &'a [VacancyPosting],
}

/// Registers a worker or an employer for a session (a booth or a seat, or
/// the waiting list when the session is full). Workers and employers
/// register themselves; those who run the session register anyone (and
/// walk-ins at the door); an officer registers the workers and employers
/// of their area. Audited with its outcome. The one path of the API and
/// the pages.
pub async fn register(
    state: &AppState,
    caller: &Caller,
    id: i64,
    ask: &NewRegistration<'_>,
) -> Result<RegistrationRecord, ApiError> {
    caller.require_account()?;
    let session = load_session(state, id).await?;
    let party = ask.party;
    let principal = &caller.principal;
    let self_service = matches!(principal.role, Role::Worker | Role::Employer);
    let channel = match (ask.channel, self_service) {
        (None, true) => Channel::Online,
        (None, false) => Channel::Officer,
        (Some(channel), _) => channel,
    };
    let subject_of = || AuditSubject {
        kind: subject::REGISTRATION,
        id: format!("session:{id}"),
        unit: Some(&session.session.unit),
    };
    // Who is registered, and may the caller register them?
    let (party_id, province, decision) =
        match party {
            Party::Worker => {
                let own = own_worker(state, principal).await?;
                let party_id = ask.party_id.or(own).ok_or_else(|| {
                    ApiError::bad_request("Thiếu party_id", "party_id is required")
                })?;
                let worker = load_worker(state, party_id).await?;
                let decision = if principal.role == Role::Worker {
                    match (own == Some(party_id), channel) {
                        (true, Channel::Online) => Ok(()),
                        (true, _) => Err(AccessError::RoleNotAllowed(Role::Worker)),
                        (false, _) => Err(AccessError::RoleNotAllowed(Role::Worker)),
                    }
                } else if channel == Channel::Online {
                    Err(AccessError::RoleNotAllowed(principal.role))
                } else if runs_session(state, caller, &session).await? {
                    Ok(())
                } else if channel == Channel::WalkIn {
                    Err(AccessError::OutsideScope)
                } else {
                    may_access_worker(state, principal, &worker).await?
                };
                (party_id, worker.province_code, decision)
            }
            Party::Employer => {
                let own = own_employer(state, principal).await?;
                let party_id = ask.party_id.or(own).ok_or_else(|| {
                    ApiError::bad_request("Thiếu party_id", "party_id is required")
                })?;
                let employer = state
                    .store
                    .get_employer(party_id)
                    .await?
                    .ok_or_else(|| employer_not_found(party_id))?;
                let decision = if principal.role == Role::Employer {
                    match (own == Some(party_id), channel) {
                        (true, Channel::Online) => Ok(()),
                        _ => Err(AccessError::RoleNotAllowed(Role::Employer)),
                    }
                } else if channel == Channel::Online {
                    Err(AccessError::RoleNotAllowed(principal.role))
                } else if runs_session(state, caller, &session).await? {
                    Ok(())
                } else if channel == Channel::WalkIn {
                    Err(AccessError::OutsideScope)
                } else {
                    may_access_employer(
                        state,
                        principal,
                        Some(party_id),
                        &employer.profile.address_unit,
                        true,
                    )
                    .await?
                };
                (party_id, employer.province_code, decision)
            }
        };
    check_audited(
        state,
        principal,
        AuditAction::Create,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        if party == Party::Worker && !ask.vacancies.is_empty() {
            return Err(ExchangeError::Invalid {
                field: "vacancies",
                reason_vi: "Người lao động không mang vị trí việc làm".to_owned(),
                reason_en: "A worker brings no vacancies".to_owned(),
            }
            .into());
        }
        check_brought_vacancies(state, party_id, ask.vacancies).await?;
        if ask.vacancies.len() + ask.new_vacancies.len() > MAX_VACANCIES_PER_BOOTH {
            return Err(ExchangeError::Invalid {
                field: "new_vacancies",
                reason_vi: format!("Tối đa {MAX_VACANCIES_PER_BOOTH} vị trí cho một gian"),
                reason_en: format!("At most {MAX_VACANCIES_PER_BOOTH} vacancies a booth"),
            }
            .into());
        }
        // Every new vacancy is checked before anything is written.
        let mut provinces = Vec::with_capacity(ask.new_vacancies.len());
        for posting in ask.new_vacancies {
            if party != Party::Employer || posting.employer_id != party_id {
                return Err(ExchangeError::Invalid {
                    field: "new_vacancies",
                    reason_vi: "Vị trí mới phải của chính người sử dụng lao động đăng ký"
                        .to_owned(),
                    reason_en: "A new vacancy must be the registering employer's own".to_owned(),
                }
                .into());
            }
            provinces.push(check_vacancy_write(state, caller, posting).await?);
        }
        check_window(&session, channel)?;
        let registered = state
            .store
            .register(
                &RegistrationWrite {
                    session_id: id,
                    party,
                    party_id,
                    channel,
                    vacancies: ask.vacancies,
                    province_code: &province,
                    actor: principal.user_id,
                },
                Utc::now(),
            )
            .await?;
        if ask.new_vacancies.is_empty() {
            return Ok(registered);
        }
        // Posted once the registration holds, then brought to the booth.
        let mut brought = registered.vacancies.clone();
        for (posting, province) in ask.new_vacancies.iter().zip(&provinces) {
            let created = state
                .store
                .create_vacancy(
                    VacancyWrite {
                        posting,
                        province_code: province,
                        opened_at: None,
                    },
                    Utc::now(),
                )
                .await;
            match created {
                Ok(record) => {
                    crate::search::follow_vacancy(state, record.id).await;
                    brought.push(record.id);
                }
                Err(error) => {
                    // The registration does not stay half made: it is
                    // cancelled (its place goes to the first in line), and
                    // the vacancies posted so far stay the employer's.
                    state
                        .store
                        .cancel_registration(registered.id, principal.user_id, Utc::now())
                        .await?;
                    return Err(error.into());
                }
            }
        }
        Ok(state
            .store
            .set_registration_vacancies(registered.id, &brought, Utc::now())
            .await?)
    }
    .await;
    audit_result(state, principal, AuditAction::Create, subject_of(), &result).await?;
    result
}

/// Cancels a registration (its worker or employer, or those who run the
/// session); the first in line takes the place. Audited with its outcome.
pub async fn cancel_registration(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Cancellation, ApiError> {
    let record = load_registration(state, id).await?;
    let session = check_registration_write(state, caller, &record).await?;
    let result = async {
        if !matches!(session.status, SessionStatus::Open | SessionStatus::Running) {
            return Err(ExchangeError::RegistrationClosed {
                status: session.status.as_str(),
            }
            .into());
        }
        Ok(state
            .store
            .cancel_registration(id, caller.principal.user_id, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::REGISTRATION,
            id: id.to_string(),
            unit: Some(&session.session.unit),
        },
        &result,
    )
    .await?;
    result
}

/// Replaces the vacancies an employer brings to a session (the employer,
/// or those who run the session): its own open vacancies only. Audited
/// with its outcome.
pub async fn set_registration_vacancies(
    state: &AppState,
    caller: &Caller,
    id: i64,
    vacancies: &[i64],
) -> Result<RegistrationRecord, ApiError> {
    let record = load_registration(state, id).await?;
    let session = check_registration_write(state, caller, &record).await?;
    let result = async {
        if record.party != Party::Employer {
            return Err(ExchangeError::Invalid {
                field: "vacancies",
                reason_vi: "Chỉ đăng ký của người sử dụng lao động có vị trí việc làm".to_owned(),
                reason_en: "Only an employer's registration has vacancies".to_owned(),
            }
            .into());
        }
        check_brought_vacancies(state, record.party_id, vacancies).await?;
        Ok(state
            .store
            .set_registration_vacancies(id, vacancies, Utc::now())
            .await?)
    }
    .await;
    audit_result(
        state,
        &caller.principal,
        AuditAction::Update,
        AuditSubject {
            kind: subject::REGISTRATION,
            id: id.to_string(),
            unit: Some(&session.session.unit),
        },
        &result,
    )
    .await?;
    result
}
