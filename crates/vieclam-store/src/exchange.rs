//! The exchange's side of the store: venues, sessions, registrations with
//! their waiting lists, applications, invitations to apply, interviews,
//! outcomes, counselling and unemployment-insurance claims (MISSION.md §2; rules in
//! `vieclam-exchange`).
//!
//! Capacity is held by the database, not by the caller: a registration
//! takes its seat or booth inside one write transaction that first locks
//! the session's row (PostgreSQL `SELECT … FOR UPDATE`; SQLite's write
//! transactions are serial, `BEGIN IMMEDIATE`), so two hundred concurrent
//! registrations for fifty seats give exactly fifty accepted and one hundred
//! and fifty waiting, in the order they were taken. A refusal the rules
//! make inside such a transaction (a closed session, a duplicate, an
//! overlapping slot, a hire without an interview, a move the status does
//! not allow) is [`StoreError::Refused`], and nothing is written.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use vieclam_domain::registry::LabourEvent;
use vieclam_domain::UnitKey;
use vieclam_exchange::{
    ApplicationStatus, ApplicationStep, Attendance, Channel, ClaimStatus, CounsellingOutcome,
    InterviewMode, InvitationState, Outcome, Party, RegistrationState, SessionDraft, SessionKind,
    SessionStatus, VenueDraft,
};

use crate::registers::{Area, EventRecord};
use crate::{Page, StoreError};

/// A stored venue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VenueRecord {
    pub id: i64,
    pub venue: VenueDraft,
    /// The 2025 province of the venue's unit.
    pub province_code: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A session to store.
#[derive(Clone, Debug)]
pub struct SessionWrite<'a> {
    pub session: &'a SessionDraft,
    /// The 2025 province of the session's unit.
    pub province_code: &'a str,
    /// The plan whose schedule generated it, if any.
    pub plan_id: Option<&'a str>,
    pub actor: Option<i64>,
}

/// A stored session with its live counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: i64,
    pub session: SessionDraft,
    pub status: SessionStatus,
    pub province_code: String,
    pub plan_id: Option<String>,
    /// Accepted employer registrations (each holds one booth).
    pub booths_taken: u32,
    /// Accepted worker registrations (each holds one seat).
    pub seats_taken: u32,
    pub employers_waiting: u32,
    pub workers_waiting: u32,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the report was filed (status `reported`).
    pub reported_at: Option<DateTime<Utc>>,
}

/// Which sessions to list, by date then id.
#[derive(Clone, Debug, Default)]
pub struct SessionFilter {
    /// Sessions whose unit (where held) lies in the area; `None` is all.
    pub area: Option<Area>,
    /// Only sessions at these venues (exchange staff: the venues they run).
    pub venues: Option<Vec<i64>>,
    pub kind: Option<SessionKind>,
    pub status: Option<SessionStatus>,
    /// Held on or after / on or before these days.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub plan_id: Option<String>,
}

/// The number of sessions of one kind, unit and month: scheduled (not
/// cancelled) and held (running, closed or reported).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionCount {
    pub kind: SessionKind,
    pub unit: UnitKey,
    /// The first day of the month.
    pub month: NaiveDate,
    pub scheduled: u32,
    pub held: u32,
}

/// A registration to take.
#[derive(Clone, Debug)]
pub struct RegistrationWrite<'a> {
    pub session_id: i64,
    pub party: Party,
    /// The worker or the employer, by `party`.
    pub party_id: i64,
    pub channel: Channel,
    /// For an employer: the vacancies it brings (already checked as its own).
    pub vacancies: &'a [i64],
    /// The province of the worker or employer registering.
    pub province_code: &'a str,
    pub actor: Option<i64>,
}

/// A stored registration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationRecord {
    pub id: i64,
    pub session_id: i64,
    pub party: Party,
    pub party_id: i64,
    pub state: RegistrationState,
    /// For a waiting registration: its place in line, from 1.
    pub position: Option<u32>,
    /// For an accepted employer: its booth number, from 1.
    pub booth: Option<u32>,
    pub channel: Channel,
    pub vacancies: Vec<i64>,
    pub province_code: String,
    pub registered_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a cancellation did.
#[derive(Clone, Debug, PartialEq)]
pub struct Cancellation {
    pub cancelled: RegistrationRecord,
    /// The first in line, now accepted in the freed place.
    pub promoted: Option<RegistrationRecord>,
}

/// An application to store.
#[derive(Clone, Debug)]
pub struct ApplicationWrite<'a> {
    pub vacancy_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    /// The province of the vacancy (its employer's records live there).
    pub province_code: &'a str,
    pub note: Option<&'a str>,
    pub actor: Option<i64>,
}

/// A stored application with its dated moves, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationRecord {
    pub id: i64,
    pub vacancy_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub status: ApplicationStatus,
    pub province_code: String,
    pub steps: Vec<ApplicationStep>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which applications to list, newest first.
#[derive(Clone, Debug, Default)]
pub struct ApplicationFilter {
    pub vacancy_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub status: Option<ApplicationStatus>,
}

/// An invitation to store: the employer of `vacancy_id` invites a worker
/// to apply.
#[derive(Clone, Debug)]
pub struct InvitationWrite<'a> {
    pub vacancy_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    /// The province of the vacancy.
    pub province_code: &'a str,
    /// The account that invited.
    pub actor: Option<i64>,
}

/// A stored invitation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationRecord {
    pub id: i64,
    pub vacancy_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub state: InvitationState,
    /// The application an accepted invitation made.
    pub application_id: Option<i64>,
    pub province_code: String,
    pub invited_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Which invitations to list, newest first.
#[derive(Clone, Debug, Default)]
pub struct InvitationFilter {
    pub vacancy_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub state: Option<InvitationState>,
}

/// A hire's labour event, recorded in the same transaction as the move
/// that makes it (so the new-jobs figure counts it at once, or not at all).
#[derive(Clone, Debug)]
pub struct HireEvent<'a> {
    /// An `employed` event with source `exchange`, naming the session or
    /// the vacancy.
    pub event: &'a LabourEvent,
    /// The worker's 2025 province.
    pub province_code: &'a str,
}

/// An interview slot to book.
#[derive(Clone, Debug)]
pub struct InterviewWrite<'a> {
    /// At a session (with a booth), or for an application, or both unset
    /// for neither (refused).
    pub session_id: Option<i64>,
    pub application_id: Option<i64>,
    pub worker_id: i64,
    pub employer_id: i64,
    pub vacancy_id: i64,
    pub booth: Option<u32>,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub mode: InterviewMode,
    pub link: Option<&'a str>,
    pub province_code: &'a str,
    pub actor: Option<i64>,
}

/// A stored interview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterviewRecord {
    pub id: i64,
    pub session_id: Option<i64>,
    pub application_id: Option<i64>,
    pub worker_id: i64,
    pub employer_id: i64,
    pub vacancy_id: i64,
    pub booth: Option<u32>,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub mode: InterviewMode,
    pub link: Option<String>,
    pub attendance: Attendance,
    pub province_code: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which interviews to list, by start time.
#[derive(Clone, Debug, Default)]
pub struct InterviewFilter {
    pub session_id: Option<i64>,
    pub application_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub employer_id: Option<i64>,
}

/// An outcome of a session to record.
#[derive(Clone, Debug)]
pub struct OutcomeWrite<'a> {
    pub session_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub vacancy_id: i64,
    pub outcome: Outcome,
    pub province_code: &'a str,
    pub actor: Option<i64>,
}

/// A stored outcome: the latest for a (session, worker, vacancy) replaces
/// the earlier ones' place in the report, and all stay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    pub id: i64,
    pub session_id: i64,
    pub worker_id: i64,
    pub employer_id: i64,
    pub vacancy_id: i64,
    pub outcome: Outcome,
    /// The labour event a hire recorded.
    pub event_id: Option<i64>,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTime<Utc>,
}

/// A counselling to record.
#[derive(Clone, Debug)]
pub struct CounsellingWrite<'a> {
    pub worker_id: i64,
    /// Where it happened (the venue's or the officer's unit).
    pub unit: &'a UnitKey,
    pub province_code: &'a str,
    pub on: NaiveDate,
    pub session_id: Option<i64>,
    pub advice: &'a str,
    pub referred: &'a [i64],
    pub outcome: CounsellingOutcome,
    pub actor: Option<i64>,
}

/// A stored counselling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounsellingRecord {
    pub id: i64,
    pub worker_id: i64,
    pub unit: UnitKey,
    pub province_code: String,
    pub on: NaiveDate,
    pub session_id: Option<i64>,
    pub advice: String,
    pub referred: Vec<i64>,
    pub outcome: CounsellingOutcome,
    pub counsellor: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which counselling records to list, newest first.
#[derive(Clone, Debug, Default)]
pub struct CounsellingFilter {
    pub area: Option<Area>,
    pub worker_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The number of counsellings of one unit and month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounsellingCount {
    pub unit: UnitKey,
    pub month: NaiveDate,
    pub count: u32,
}

/// A claim to open.
#[derive(Clone, Debug)]
pub struct ClaimWrite<'a> {
    pub worker_id: i64,
    pub start: NaiveDate,
    pub months: u32,
    /// The worker's residence when the claim opened: whose exchange follows it.
    pub unit: &'a UnitKey,
    pub province_code: &'a str,
    pub actor: Option<i64>,
}

/// A stored claim with its monthly check-ins made so far (due day → day made).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimRecord {
    pub id: i64,
    pub worker_id: i64,
    pub start: NaiveDate,
    pub months: u32,
    pub unit: UnitKey,
    pub province_code: String,
    pub status: ClaimStatus,
    pub checkins: Vec<CheckinRecord>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A check-in made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckinRecord {
    /// The appointed day it answers.
    pub due: NaiveDate,
    pub made_on: NaiveDate,
    pub recorded_by: Option<i64>,
    pub note: Option<String>,
}

/// Which claims to list, by id.
#[derive(Clone, Debug, Default)]
pub struct ClaimFilter {
    pub area: Option<Area>,
    pub worker_id: Option<i64>,
    pub status: Option<ClaimStatus>,
}

/// The exchange's records, on both backends.
#[async_trait]
pub trait Exchange: Send + Sync {
    // Venues.

    async fn create_venue(
        &self,
        venue: &VenueDraft,
        province_code: &str,
        now: DateTime<Utc>,
    ) -> Result<VenueRecord, StoreError>;

    /// Replaces a venue only while it is still in `current_unit` (the unit
    /// the caller was checked against): moved meanwhile is
    /// [`StoreError::Conflict`].
    async fn update_venue(
        &self,
        id: i64,
        venue: &VenueDraft,
        current_unit: &UnitKey,
        province_code: &str,
        now: DateTime<Utc>,
    ) -> Result<VenueRecord, StoreError>;

    async fn get_venue(&self, id: i64) -> Result<Option<VenueRecord>, StoreError>;

    /// Venues whose unit lies in the area, by id.
    async fn list_venues(&self, area: &Area, page: Page) -> Result<Vec<VenueRecord>, StoreError>;

    /// The venues an account runs (is on the staff of).
    async fn venues_of_staff(&self, user_id: i64) -> Result<Vec<i64>, StoreError>;

    // Sessions.

    /// Stores sessions (a generated schedule) in one transaction, status
    /// `planned`.
    async fn create_sessions(
        &self,
        sessions: &[SessionWrite<'_>],
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionRecord>, StoreError>;

    /// Edits a session while it is `planned` or `open` (else
    /// [`StoreError::Refused`], `Invalid` on `status`); its capacity cannot
    /// fall below the places already taken (`Invalid` on `booths` or
    /// `seats`). Places added go at once to the first in line. A write
    /// without a `plan_id` keeps the session's plan.
    async fn update_session(
        &self,
        id: i64,
        session: &SessionWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, StoreError>;

    async fn get_session(&self, id: i64) -> Result<Option<SessionRecord>, StoreError>;

    async fn list_sessions(
        &self,
        filter: &SessionFilter,
        page: Page,
    ) -> Result<Vec<SessionRecord>, StoreError>;

    async fn count_sessions(&self, filter: &SessionFilter) -> Result<u64, StoreError>;

    /// Moves a session's status in one transaction, checking the move
    /// against the status it has now (not the one the caller read).
    /// Moving `running` → `closed` is refused here only by the machine;
    /// `closed` → `reported` goes through [`Exchange::file_session_report`].
    async fn move_session(
        &self,
        id: i64,
        to: SessionStatus,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, StoreError>;

    /// Stores a closed session's report (JSON) and moves it to `reported`,
    /// in one transaction.
    async fn file_session_report(
        &self,
        id: i64,
        report: &serde_json::Value,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, StoreError>;

    /// The report filed for a session.
    async fn session_report(&self, id: i64) -> Result<Option<serde_json::Value>, StoreError>;

    /// Sessions scheduled and held, by kind, unit and month, optionally in
    /// one 2025 province: what the plans' `sessions_*` figures count.
    async fn session_counts(
        &self,
        province_code: Option<&str>,
    ) -> Result<Vec<SessionCount>, StoreError>;

    // Registrations.

    /// Takes a registration: accepted while a place is free, else waiting
    /// at the end of the line. Refused ([`StoreError::Refused`]) when the
    /// session does not take this channel now (advance registration while
    /// `open`, walk-ins while `running`) or the party already holds a
    /// registration (not cancelled) for it.
    async fn register(
        &self,
        registration: &RegistrationWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError>;

    /// Cancels a registration; the first in line of the same party takes
    /// the freed place (and booth) in the same transaction. Refused while
    /// the session is not `open` or `running` (`RegistrationClosed`), and
    /// for a registration already cancelled (`BadMove`).
    async fn cancel_registration(
        &self,
        id: i64,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Cancellation, StoreError>;

    /// Replaces the vacancies an employer brings (while `open` or
    /// `running`, else `RegistrationClosed`; a worker's or a cancelled
    /// registration is `Invalid`).
    async fn set_registration_vacancies(
        &self,
        id: i64,
        vacancies: &[i64],
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError>;

    async fn get_registration(&self, id: i64) -> Result<Option<RegistrationRecord>, StoreError>;

    /// A session's registrations: accepted by time taken, then waiting in
    /// line order, then cancelled.
    async fn list_registrations(
        &self,
        session_id: i64,
        party: Option<Party>,
        state: Option<RegistrationState>,
        page: Page,
    ) -> Result<Vec<RegistrationRecord>, StoreError>;

    /// A worker's or an employer's own registrations, newest first.
    async fn registrations_of(
        &self,
        party: Party,
        party_id: i64,
        page: Page,
    ) -> Result<Vec<RegistrationRecord>, StoreError>;

    // Applications.

    /// A worker applies to a vacancy; a second application to the same
    /// vacancy (not withdrawn) is [`StoreError::Conflict`].
    async fn create_application(
        &self,
        application: &ApplicationWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<ApplicationRecord, StoreError>;

    async fn get_application(&self, id: i64) -> Result<Option<ApplicationRecord>, StoreError>;

    async fn list_applications(
        &self,
        filter: &ApplicationFilter,
        page: Page,
    ) -> Result<Vec<ApplicationRecord>, StoreError>;

    /// Moves an application, checking the move against its status now; a
    /// move to `hired` needs `hire` (an `employed` event) and records it in
    /// the same transaction, for the application's worker; `hire` with any
    /// other move is `Invalid`. Each move appends a step.
    async fn move_application(
        &self,
        id: i64,
        to: ApplicationStatus,
        note: Option<&str>,
        hire: Option<&HireEvent<'_>>,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(ApplicationRecord, Option<EventRecord>), StoreError>;

    // Invitations.

    /// An employer invites a worker to apply to a vacancy; a second
    /// invitation of the same worker to the same vacancy, whatever the
    /// first became, is [`StoreError::Conflict`]; an unknown worker
    /// [`StoreError::NotFound`].
    async fn create_invitation(
        &self,
        invitation: &InvitationWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<InvitationRecord, StoreError>;

    async fn get_invitation(&self, id: i64) -> Result<Option<InvitationRecord>, StoreError>;

    async fn list_invitations(
        &self,
        filter: &InvitationFilter,
        page: Page,
    ) -> Result<Vec<InvitationRecord>, StoreError>;

    /// Answers a sent invitation (`Accepted` or `Declined`, checked against
    /// its state now: a second answer is a `BadMove`). An acceptance names
    /// the application it made, which must be of the same worker and
    /// vacancy; a refusal names none (else `Invalid`).
    async fn answer_invitation(
        &self,
        id: i64,
        answer: InvitationState,
        application_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<InvitationRecord, StoreError>;

    // Interviews.

    /// Books a slot; one that overlaps another slot (not cancelled) of the
    /// same worker, or of the same booth of the same session, is
    /// [`StoreError::Refused`] with `SlotOverlap`. The slot itself is
    /// checked (`interview::check_slot`); a session must be `open` or
    /// `running`, an application undecided and of the same worker and
    /// vacancy (else `Invalid`).
    async fn book_interview(
        &self,
        interview: &InterviewWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<InterviewRecord, StoreError>;

    async fn set_attendance(
        &self,
        id: i64,
        attendance: Attendance,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<InterviewRecord, StoreError>;

    async fn get_interview(&self, id: i64) -> Result<Option<InterviewRecord>, StoreError>;

    async fn list_interviews(
        &self,
        filter: &InterviewFilter,
        page: Page,
    ) -> Result<Vec<InterviewRecord>, StoreError>;

    // Outcomes.

    /// Records an outcome at a running or closed session. Any outcome needs
    /// an attended interview of the worker for the vacancy at the session
    /// (else `HireWithoutInterview` for a hire, `Invalid` otherwise); a
    /// hire needs `hire` and records it in the same transaction. At a
    /// session in another status the refusal is `Invalid` on `status`; a
    /// second hire of the same worker for the same vacancy and session is
    /// [`StoreError::Conflict`] (it would count twice).
    async fn record_outcome(
        &self,
        outcome: &OutcomeWrite<'_>,
        hire: Option<&HireEvent<'_>>,
        now: DateTime<Utc>,
    ) -> Result<OutcomeRecord, StoreError>;

    /// A session's outcomes, oldest first.
    async fn list_outcomes(&self, session_id: i64) -> Result<Vec<OutcomeRecord>, StoreError>;

    // Counselling.

    async fn create_counselling(
        &self,
        counselling: &CounsellingWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<CounsellingRecord, StoreError>;

    async fn get_counselling(&self, id: i64) -> Result<Option<CounsellingRecord>, StoreError>;

    async fn set_counselling_outcome(
        &self,
        id: i64,
        outcome: CounsellingOutcome,
        now: DateTime<Utc>,
    ) -> Result<CounsellingRecord, StoreError>;

    async fn list_counselling(
        &self,
        filter: &CounsellingFilter,
        page: Page,
    ) -> Result<Vec<CounsellingRecord>, StoreError>;

    /// Counsellings by unit and month, optionally in one 2025 province.
    async fn counselling_counts(
        &self,
        province_code: Option<&str>,
    ) -> Result<Vec<CounsellingCount>, StoreError>;

    // Unemployment-insurance claims.

    /// Opens a claim; a worker with an active claim is
    /// [`StoreError::Conflict`], a length outside 3 to 12 months `Invalid`.
    async fn create_claim(
        &self,
        claim: &ClaimWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<ClaimRecord, StoreError>;

    async fn get_claim(&self, id: i64) -> Result<Option<ClaimRecord>, StoreError>;

    async fn list_claims(
        &self,
        filter: &ClaimFilter,
        page: Page,
    ) -> Result<Vec<ClaimRecord>, StoreError>;

    /// Records the check-in answering the appointment on `due` (one per
    /// appointment: a second is [`StoreError::Conflict`]); a `due` that is
    /// not one of the claim's appointed days is `Invalid`.
    async fn record_checkin(
        &self,
        claim_id: i64,
        checkin: &CheckinRecord,
        now: DateTime<Utc>,
    ) -> Result<ClaimRecord, StoreError>;

    async fn set_claim_status(
        &self,
        id: i64,
        status: ClaimStatus,
        now: DateTime<Utc>,
    ) -> Result<ClaimRecord, StoreError>;
}
