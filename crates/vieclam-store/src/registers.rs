//! The registers' side of the store: workers, employers, vacancies, labour
//! events and duplicate flags; a person's own sign-up (the account with its
//! record, in one transaction) and their deletion requests.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use vieclam_domain::privacy::{DeletionDecision, DeletionStatus};
use vieclam_domain::registry::{
    EmployerProfile, EventSource, LabourEvent, VacancyPosting, WorkerProfile, WorkerState,
};
use vieclam_domain::UnitKey;

use crate::{NewUser, Page, StoreError, UserAccount};

/// A stored worker: the profile as registered (or last edited), and the
/// state derived from its labour events.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerRecord {
    pub id: i64,
    pub province_code: String,
    pub profile: WorkerProfile,
    pub state: WorkerState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EmployerRecord {
    pub id: i64,
    pub province_code: String,
    pub profile: EmployerProfile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VacancyRecord {
    pub id: i64,
    pub province_code: String,
    pub posting: VacancyPosting,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    pub id: i64,
    pub worker_id: i64,
    pub event: LabourEvent,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<i64>,
}

/// A pair of workers that look like one person (same name, birth date and
/// commune) without a citizen ID to tell.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateFlag {
    pub id: i64,
    pub province_code: String,
    pub worker_id: i64,
    pub other_worker_id: i64,
    pub reason: String,
    /// `open`, `distinct` (an officer found two people) or `same_person`.
    pub status: String,
    pub created_at: DateTime<Utc>,
}

/// Which records a listing may return: the area a caller may see.
#[derive(Clone, Debug, PartialEq)]
pub enum Area {
    /// Everything (the admin).
    All,
    /// One 2025 province, by code.
    Province(String),
    /// Records whose unit is one of these (communes in either structure).
    Units(Vec<UnitKey>),
    /// Nothing.
    Nothing,
}

impl Area {
    /// The area of the records kept in `unit` and the units within it: the
    /// province of a 2025 province (records carry its code), the communes
    /// any other unit covers, in both structures.
    pub fn of_unit(units: &vieclam_domain::AdminUnits, unit: &UnitKey) -> Area {
        Area::of_unit_with(unit, || units.communes_covered_by(unit))
    }

    /// [`Area::of_unit`] with the covered communes from the caller (a cache).
    pub fn of_unit_with(unit: &UnitKey, communes: impl FnOnce() -> Vec<UnitKey>) -> Area {
        let is_current_province = unit.structure
            == vieclam_domain::admin_unit::UnitStructure::TwoTier2025
            && unit.code.level() == vieclam_domain::UnitLevel::Province;
        if is_current_province {
            Area::Province(unit.code.to_string())
        } else {
            Area::Units(communes())
        }
    }

    /// Is a record stored with this province (2025 code) and unit
    /// (`structure:code`) inside the area? The same test as the listings'
    /// SQL filter, for checks made in memory.
    pub fn contains(&self, province_code: &str, unit: &str) -> bool {
        match self {
            Area::All => true,
            Area::Province(code) => code == province_code,
            Area::Units(units) => units.iter().any(|key| key.to_string() == unit),
            Area::Nothing => false,
        }
    }
}

/// Where a stored record is now: what a write must check before it
/// touches the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub id: i64,
    /// The 2025 province code.
    pub province_code: String,
    /// The unit (`structure:code`): a worker's current residence, an
    /// employer's address.
    pub unit: String,
}

/// A worker to write, with the province it belongs to (2025 code).
#[derive(Clone, Debug)]
pub struct WorkerWrite<'a> {
    pub profile: &'a WorkerProfile,
    pub province_code: &'a str,
    /// Registration date: the date of the automatic `registered` event.
    pub registered_on: NaiveDate,
    pub source: EventSource,
    pub actor: Option<i64>,
}

/// What a bulk write did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicates_flagged: u64,
}

/// A labour event of a worker known by citizen ID (bulk loads).
#[derive(Clone, Debug)]
pub struct EventWrite<'a> {
    pub citizen_id: &'a str,
    pub event: &'a LabourEvent,
    /// The 2025 province of the event's unit (of the worker when none).
    pub province_code: &'a str,
}

/// A vacancy to write, with its province (2025 code).
#[derive(Clone, Debug)]
pub struct VacancyWrite<'a> {
    pub posting: &'a VacancyPosting,
    pub province_code: &'a str,
    /// When the vacancy was opened, where it was before the import (a
    /// register of past vacancies); otherwise the import's time. Only a new
    /// vacancy takes it.
    pub opened_at: Option<DateTime<Utc>>,
}

/// An employer to write, with its province (2025 code).
#[derive(Clone, Debug)]
pub struct EmployerWrite<'a> {
    pub profile: &'a EmployerProfile,
    pub province_code: &'a str,
}

/// A request to erase the personal data an account speaks for (Decree
/// 13/2023 art. 16), and its decision.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletionRequest {
    pub id: i64,
    /// The account that asked.
    pub user_id: i64,
    /// The worker record it speaks for (kept after an erasure, as a number).
    pub worker_id: Option<i64>,
    /// Where the record was kept when the request was made.
    pub unit: UnitKey,
    /// The 2025 province of `unit`.
    pub province_code: String,
    pub reason: Option<String>,
    pub status: DeletionStatus,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A new deletion request.
#[derive(Clone, Debug)]
pub struct DeletionRequestWrite<'a> {
    pub user_id: i64,
    pub worker_id: Option<i64>,
    pub unit: &'a UnitKey,
    pub province_code: &'a str,
    pub reason: Option<&'a str>,
}

/// The registers, on both backends.
#[async_trait]
pub trait Registers: Send + Sync {
    /// Creates a worker and its `registered` event; flags likely duplicates.
    /// A citizen ID already registered is [`StoreError::Conflict`].
    async fn create_worker(
        &self,
        worker: WorkerWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<WorkerRecord, StoreError>;

    async fn get_worker(&self, id: i64) -> Result<Option<WorkerRecord>, StoreError>;

    /// The workers with these ids, by id (missing ones left out): one query
    /// per few hundred ids, for a session's registered workers.
    async fn get_workers(&self, ids: &[i64]) -> Result<Vec<WorkerRecord>, StoreError>;

    async fn find_worker_by_citizen_id(
        &self,
        citizen_id: &str,
    ) -> Result<Option<WorkerRecord>, StoreError>;

    /// Replaces a worker's profile (the registered situation stays the
    /// first event; later changes are events).
    async fn update_worker(
        &self,
        id: i64,
        worker: WorkerWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<WorkerRecord, StoreError>;

    async fn delete_worker(&self, id: i64) -> Result<(), StoreError>;

    /// Workers in `area`, by id.
    async fn list_workers(&self, area: &Area, page: Page) -> Result<Vec<WorkerRecord>, StoreError>;

    async fn count_workers(&self, area: &Area) -> Result<u64, StoreError>;

    /// Every worker with an id above `after_id`, by id, at most `limit`: a
    /// scan of the whole register in pages that stay fast at any depth.
    async fn workers_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<WorkerRecord>, StoreError>;

    /// Writes many workers in one transaction: a citizen ID already stored
    /// updates that record (or leaves it when nothing changed); a worker
    /// without a citizen ID identical to a stored one is left unchanged;
    /// anything else is inserted, and likely duplicates are flagged.
    async fn import_workers(
        &self,
        workers: &[WorkerWrite<'_>],
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, StoreError> {
        self.import_workers_within(workers, &Area::All, now).await
    }

    /// [`Registers::import_workers`] for a caller who may change only the
    /// records inside `guard`: a row that matches a stored worker living
    /// outside it refuses the whole batch with [`StoreError::OutsideArea`]
    /// (checked inside the transaction, so nothing moves in between).
    async fn import_workers_within(
        &self,
        workers: &[WorkerWrite<'_>],
        guard: &Area,
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, StoreError>;

    /// Where the workers with these citizen IDs live now, by citizen ID.
    async fn locate_workers(
        &self,
        citizen_ids: &[&str],
    ) -> Result<HashMap<String, Located>, StoreError>;

    /// Records an event and rewrites the worker's derived state.
    async fn add_event(
        &self,
        worker_id: i64,
        event: &LabourEvent,
        province_code: &str,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<EventRecord, StoreError>;

    async fn list_events(&self, worker_id: i64) -> Result<Vec<EventRecord>, StoreError>;

    /// Records many events in one transaction, for workers known by
    /// citizen ID, and rewrites their derived state. Returns how many events
    /// were written; an unknown citizen ID is [`StoreError::NotFound`].
    async fn import_events(
        &self,
        events: &[EventWrite<'_>],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;

    async fn list_duplicate_flags(
        &self,
        area_province: Option<&str>,
        page: Page,
    ) -> Result<Vec<DuplicateFlag>, StoreError>;

    /// How many open flags (within `area_province` when given) name a
    /// worker living in `area` now: a count, no record read.
    async fn count_open_duplicate_flags(
        &self,
        area_province: Option<&str>,
        area: &Area,
    ) -> Result<u64, StoreError>;

    /// Marks a flag `distinct` or `same_person`.
    async fn resolve_duplicate_flag(
        &self,
        id: i64,
        status: &str,
        actor: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn get_duplicate_flag(&self, id: i64) -> Result<Option<DuplicateFlag>, StoreError>;

    /// Creates an employer; a tax code already registered is a conflict.
    async fn create_employer(
        &self,
        employer: EmployerWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<EmployerRecord, StoreError>;

    async fn get_employer(&self, id: i64) -> Result<Option<EmployerRecord>, StoreError>;

    /// The employers with these ids, by id (missing ones left out).
    async fn get_employers(&self, ids: &[i64]) -> Result<Vec<EmployerRecord>, StoreError>;

    async fn find_employer_by_tax_code(
        &self,
        tax_code: &str,
    ) -> Result<Option<EmployerRecord>, StoreError>;

    async fn update_employer(
        &self,
        id: i64,
        employer: EmployerWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<EmployerRecord, StoreError>;

    /// Deletes an employer without vacancies (one with vacancies is a
    /// conflict: close them first).
    async fn delete_employer(&self, id: i64) -> Result<(), StoreError>;

    async fn list_employers(
        &self,
        area: &Area,
        page: Page,
    ) -> Result<Vec<EmployerRecord>, StoreError>;

    /// Writes many employers in one transaction, keyed by tax code (or, for
    /// those without one, by identical profile).
    async fn import_employers(
        &self,
        employers: &[EmployerWrite<'_>],
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, StoreError> {
        self.import_employers_within(employers, &Area::All, now)
            .await
    }

    /// [`Registers::import_employers`] for a caller who may change only the
    /// employers inside `guard`, checked inside the transaction.
    async fn import_employers_within(
        &self,
        employers: &[EmployerWrite<'_>],
        guard: &Area,
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, StoreError>;

    /// Where the employers with these tax codes are registered, by tax code.
    async fn locate_employers(
        &self,
        tax_codes: &[&str],
    ) -> Result<HashMap<String, Located>, StoreError>;

    async fn create_vacancy(
        &self,
        vacancy: VacancyWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<VacancyRecord, StoreError>;

    async fn get_vacancy(&self, id: i64) -> Result<Option<VacancyRecord>, StoreError>;

    /// The vacancies with these ids, by id (missing ones left out).
    async fn get_vacancies(&self, ids: &[i64]) -> Result<Vec<VacancyRecord>, StoreError>;

    async fn update_vacancy(
        &self,
        id: i64,
        vacancy: VacancyWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<VacancyRecord, StoreError>;

    async fn delete_vacancy(&self, id: i64) -> Result<(), StoreError>;

    /// Vacancies in `area`; `employer_id` narrows to one employer,
    /// `open_on` to vacancies open on that day (status open and the
    /// deadline not passed: the same rule as `VacancyPosting::status_on`).
    async fn list_vacancies(
        &self,
        area: &Area,
        employer_id: Option<i64>,
        open_on: Option<NaiveDate>,
        page: Page,
    ) -> Result<Vec<VacancyRecord>, StoreError>;

    /// Every vacancy with an id above `after_id`, by id, at most `limit`.
    async fn vacancies_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<VacancyRecord>, StoreError>;

    /// Writes many vacancies in one transaction, keyed by employer, title,
    /// work unit and deadline.
    async fn import_vacancies(
        &self,
        vacancies: &[VacancyWrite<'_>],
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, StoreError>;

    /// Links an account to the worker or employer it speaks for.
    async fn link_account(
        &self,
        user_id: i64,
        worker_id: Option<i64>,
        employer_id: Option<i64>,
    ) -> Result<(), StoreError>;

    /// The worker and employer an account speaks for.
    async fn account_links(&self, user_id: i64) -> Result<(Option<i64>, Option<i64>), StoreError>;

    /// A worker's own sign-up: the account, the worker (with its
    /// `registered` event, recorded by the new account) and the link
    /// between them, in one transaction: a taken username or citizen ID is
    /// [`StoreError::Conflict`] and leaves nothing behind.
    async fn signup_worker(
        &self,
        user: &NewUser,
        worker: WorkerWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<(UserAccount, WorkerRecord), StoreError>;

    /// An employer's own sign-up: the account, the employer and the link, in
    /// one transaction, as [`Registers::signup_worker`].
    async fn signup_employer(
        &self,
        user: &NewUser,
        employer: EmployerWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<(UserAccount, EmployerRecord), StoreError>;

    /// Records a deletion request; when the account has one open already,
    /// gives that one instead (the flag says whether a new one was made).
    async fn request_deletion(
        &self,
        request: &DeletionRequestWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<(DeletionRequest, bool), StoreError>;

    async fn get_deletion_request(&self, id: i64) -> Result<Option<DeletionRequest>, StoreError>;

    /// An account's deletion requests, newest first.
    async fn deletion_requests_of(&self, user_id: i64) -> Result<Vec<DeletionRequest>, StoreError>;

    /// The deletion requests of records kept in `area` (by where they were
    /// when asked), oldest first; `status` narrows them.
    async fn list_deletion_requests(
        &self,
        area: &Area,
        status: Option<DeletionStatus>,
        page: Page,
    ) -> Result<Vec<DeletionRequest>, StoreError>;

    /// Decides an open request, in one transaction: an erasure deletes the
    /// worker (as [`Registers::delete_worker`]: its events and exchange
    /// history go with it) and deactivates the account, ending its
    /// sessions; a refusal keeps both. A request decided already is
    /// [`StoreError::Conflict`].
    async fn decide_deletion_request(
        &self,
        id: i64,
        decision: DeletionDecision,
        reason: Option<&str>,
        actor: i64,
        now: DateTime<Utc>,
    ) -> Result<DeletionRequest, StoreError>;
}

/// The key that tells one vacancy from another for idempotent imports.
pub fn vacancy_natural_key(posting: &VacancyPosting) -> String {
    format!(
        "{}|{}|{}|{}",
        posting.employer_id,
        vieclam_text::exact_key(&posting.title),
        posting.work_unit,
        posting
            .deadline
            .map(|deadline| deadline.to_string())
            .unwrap_or_default()
    )
}

/// The folded name used to find likely duplicates.
pub fn name_key(name: &str) -> String {
    vieclam_text::folded_words(name)
}
