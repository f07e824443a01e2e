//! Storage of vieclam behind one interface, [`Store`], with two backends
//! chosen from the database URL: SQLite (`sqlite://vieclam.db`, the embedded
//! default) and PostgreSQL (`postgres://…`).
//!
//! Only this crate knows SQL. Each backend has its own migrations
//! (`migrations/sqlite`, `migrations/postgres`), run on connect. The query
//! code is written once (see `sql.rs`) and instantiated for both backends, so
//! the two cannot drift apart; the contract tests in `tests/` run the same
//! cases on both.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use vieclam_domain::{AdminUnits, AuditAction, AuditOutcome, Role, UnitKey, Username};

mod error;
pub mod exchange;
pub mod imports;
pub mod plans;
mod postgres;
pub mod registers;
mod sql;
mod sql_exchange;
mod sql_imports;
mod sql_registers;
mod sqlite;

pub use error::StoreError;
pub use exchange::{
    ApplicationFilter, ApplicationRecord, ApplicationWrite, Cancellation, CheckinRecord,
    ClaimFilter, ClaimRecord, ClaimWrite, CounsellingCount, CounsellingFilter, CounsellingRecord,
    CounsellingWrite, Exchange, HireEvent, InterviewFilter, InterviewRecord, InterviewWrite,
    InvitationFilter, InvitationRecord, InvitationWrite, OutcomeRecord, OutcomeWrite,
    RegistrationRecord, RegistrationWrite, SessionCount, SessionFilter, SessionRecord,
    SessionWrite, VenueRecord,
};
pub use imports::{
    ImportAttemptFilter, ImportAttemptRecord, ImportAttemptStatus, ImportAttemptUpdate,
    ImportAttemptWrite, Imports, IMPORT_FILE_DAYS,
};
pub use plans::{
    EventFactRow, Plans, ReportWrite, TaskStatus, TaskUpdate, ValueWrite, WorkerFactRow,
};
pub use postgres::PostgresStore;
pub use registers::{
    Area, DeletionRequest, DeletionRequestWrite, DuplicateFlag, EmployerRecord, EmployerWrite,
    EventRecord, EventWrite, ImportCounts, Located, Registers, VacancyRecord, VacancyWrite,
    WorkerRecord, WorkerWrite,
};
pub use sqlite::SqliteStore;

/// The default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://vieclam.db";

/// Which backend a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, from its scheme.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme);
        match scheme {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            _ => Err(StoreError::BadUrl {
                reason: "the database URL must start with sqlite:// or postgres://".to_owned(),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Opens the database that `url` names, creating a SQLite file if needed,
/// and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match Backend::from_url(url)? {
        Backend::Sqlite => Ok(Arc::new(SqliteStore::connect(url).await?)),
        Backend::Postgres => Ok(Arc::new(PostgresStore::connect(url).await?)),
    }
}

/// What loading the administrative units did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceLoad {
    /// False when the database already held this exact dataset.
    pub changed: bool,
    pub n_units: u64,
    pub n_crosswalk_links: u64,
}

/// A new account. The password arrives already hashed: hashing is the
/// server's concern, storing is this crate's.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: Username,
    pub password_hash: String,
    pub role: Role,
    pub scope: Option<UnitKey>,
    /// The province of the scope, in the scope's structure: the distribution
    /// key of the account row.
    pub province_code: Option<String>,
    pub display_name: String,
}

/// An account as the rest of the system sees it (no password hash).
#[derive(Clone, Debug, PartialEq)]
pub struct UserAccount {
    pub id: i64,
    pub username: Username,
    pub role: Role,
    pub scope: Option<UnitKey>,
    pub display_name: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// An account with its password hash, for checking a login.
#[derive(Clone, Debug)]
pub struct UserCredentials {
    pub account: UserAccount,
    pub password_hash: String,
}

/// A new entry of the audit trail.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAuditEntry {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub actor_role: Role,
    pub action: AuditAction,
    pub subject_kind: String,
    pub subject_id: String,
    pub unit: Option<UnitKey>,
    pub province_code: Option<String>,
    pub outcome: AuditOutcome,
    pub reason: Option<String>,
    pub request_id: Option<String>,
    /// The ids of the records (of `subject_kind`) that the access returned
    /// or touched: a search's hits, an export's rows. Written with the
    /// entry; listings do not read them back (ask with
    /// [`AuditFilter::record_id`]).
    pub records: Vec<i64>,
}

/// A stored entry of the audit trail.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub entry: NewAuditEntry,
}

/// Which audit entries to list, newest first.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor_user_id: Option<i64>,
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    pub outcome: Option<AuditOutcome>,
    /// Only entries about units in this province (as stored on the entry).
    pub province_code: Option<String>,
    /// Only entries about this record: its own reads and changes
    /// (`subject_id`) and the searches, candidate lists and exports that
    /// returned it. Use with `subject_kind`.
    pub record_id: Option<i64>,
    /// Only entries at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only entries before this instant.
    pub before: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

/// A page of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

/// Everything vieclam keeps, behind one interface for both backends.
#[async_trait]
pub trait Store: Registers + Plans + Exchange + Imports + Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Loads the administrative units and the crosswalk, replacing what was
    /// there in one transaction. Does nothing when the database already holds
    /// the same dataset (same fingerprint).
    async fn load_admin_units(&self, units: &AdminUnits) -> Result<ReferenceLoad, StoreError>;

    /// Number of stored units per structure: (legacy, 2025).
    async fn count_admin_units(&self) -> Result<(u64, u64), StoreError>;

    /// Creates an account; a taken username is [`StoreError::Conflict`].
    async fn create_user(
        &self,
        user: &NewUser,
        now: DateTime<Utc>,
    ) -> Result<UserAccount, StoreError>;

    async fn find_user_credentials(
        &self,
        username: &Username,
    ) -> Result<Option<UserCredentials>, StoreError>;

    async fn get_user(&self, id: i64) -> Result<Option<UserAccount>, StoreError>;

    /// Accounts ordered by id.
    async fn list_users(&self, page: Page) -> Result<Vec<UserAccount>, StoreError>;

    async fn count_users(&self) -> Result<u64, StoreError>;

    /// Replaces an account's password hash and ends all its sessions.
    async fn set_password_hash(
        &self,
        user_id: i64,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Stores a session by the hash of its token (the token itself is never
    /// stored).
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The active account of an unexpired session.
    async fn find_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserAccount>, StoreError>;

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Deletes expired sessions; returns how many.
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    async fn record_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError>;

    async fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError>;

    /// Failed logins of an account since `since`, for throttling guessers.
    async fn count_failed_logins(
        &self,
        user_id: i64,
        since: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
}
