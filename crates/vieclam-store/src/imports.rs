//! Import attempts: the spreadsheets officers upload through the
//! workspace, kept with their problems until they are resolved, so that
//! the file with a column of problems can be downloaded later and the
//! dashboard can show the imports still waiting.
//!
//! The store keeps an attempt whole and decides nothing about who may read
//! it: the server asks the access rules about the attempt's unit. What the
//! store does guarantee is that the uploaded bytes do not outlive their
//! use: a resolved attempt loses its file at once, any attempt 30 days
//! after its upload ([`Imports::purge_import_files`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreError;

/// What became of an import attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportAttemptStatus {
    /// The file is being checked (and written, when it is good).
    Running,
    /// Occupation titles written as words wait for the officer's choice.
    ToConfirm,
    /// Bad rows stopped it: nothing was written.
    Refused,
    Imported,
    /// The file could not be read as a sheet at all.
    Failed,
    /// The officer set it aside.
    Dismissed,
    /// A later upload of the same register by the same unit succeeded.
    Superseded,
}

impl ImportAttemptStatus {
    pub const ALL: [ImportAttemptStatus; 7] = [
        ImportAttemptStatus::Running,
        ImportAttemptStatus::ToConfirm,
        ImportAttemptStatus::Refused,
        ImportAttemptStatus::Imported,
        ImportAttemptStatus::Failed,
        ImportAttemptStatus::Dismissed,
        ImportAttemptStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportAttemptStatus::Running => "running",
            ImportAttemptStatus::ToConfirm => "to_confirm",
            ImportAttemptStatus::Refused => "refused",
            ImportAttemptStatus::Imported => "imported",
            ImportAttemptStatus::Failed => "failed",
            ImportAttemptStatus::Dismissed => "dismissed",
            ImportAttemptStatus::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<ImportAttemptStatus> {
        ImportAttemptStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    /// Is the attempt waiting for the officer (to confirm titles, or to fix
    /// the file and upload it again)?
    pub fn is_waiting(self) -> bool {
        matches!(
            self,
            ImportAttemptStatus::ToConfirm | ImportAttemptStatus::Refused
        )
    }

    /// Does the attempt still need its file (to be checked, confirmed, or
    /// given back with its problems)?
    pub fn keeps_file(self) -> bool {
        matches!(
            self,
            ImportAttemptStatus::Running
                | ImportAttemptStatus::ToConfirm
                | ImportAttemptStatus::Refused
        )
    }
}

/// A new attempt, as uploaded.
#[derive(Clone, Debug)]
pub struct ImportAttemptWrite<'a> {
    /// `workers`, `employers` or `vacancies`.
    pub kind: &'a str,
    /// The uploading account's unit (`structure:code`); `None` for the
    /// admin.
    pub unit: Option<&'a str>,
    /// The 2025 province of that unit.
    pub province_code: Option<&'a str>,
    pub user_id: Option<i64>,
    /// The file's name as the browser sent it, cut short by the caller.
    pub file_name: &'a str,
    /// `csv` or `xlsx`.
    pub file_format: &'a str,
    pub file: &'a [u8],
    pub status: ImportAttemptStatus,
}

/// A stored attempt, without its file (read that with
/// [`Imports::import_attempt_file`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttemptRecord {
    pub id: i64,
    pub kind: String,
    pub unit: Option<String>,
    pub province_code: Option<String>,
    pub user_id: Option<i64>,
    pub file_name: String,
    pub file_format: String,
    pub file_size: u64,
    /// False once the file was dropped (resolved, or older than 30 days).
    pub has_file: bool,
    pub status: ImportAttemptStatus,
    pub n_rows: u64,
    pub n_bad_rows: u64,
    /// JSON whose shape the server owns.
    pub report: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new state of an attempt.
#[derive(Clone, Debug)]
pub struct ImportAttemptUpdate<'a> {
    pub status: ImportAttemptStatus,
    pub n_rows: u64,
    pub n_bad_rows: u64,
    pub report: &'a str,
}

/// Which attempts to list, newest first.
#[derive(Clone, Debug, Default)]
pub struct ImportAttemptFilter {
    /// Only attempts of units in this 2025 province; `None` for all.
    pub province_code: Option<String>,
    /// Only attempts of this register.
    pub kind: Option<String>,
    /// Only attempts in these states; empty for any.
    pub statuses: Vec<ImportAttemptStatus>,
    pub limit: u32,
}

/// How long an uploaded file is kept at most.
pub const IMPORT_FILE_DAYS: i64 = 30;

/// The import attempts, on both backends.
#[async_trait]
pub trait Imports: Send + Sync {
    /// Stores an upload; returns its id.
    async fn create_import_attempt(
        &self,
        attempt: &ImportAttemptWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    async fn get_import_attempt(&self, id: i64) -> Result<Option<ImportAttemptRecord>, StoreError>;

    /// The uploaded bytes, while they are kept.
    async fn import_attempt_file(&self, id: i64) -> Result<Option<Vec<u8>>, StoreError>;

    /// Records a new state; a state that no longer needs the file
    /// ([`ImportAttemptStatus::keeps_file`]) drops it. A missing attempt
    /// is [`StoreError::NotFound`].
    async fn update_import_attempt(
        &self,
        id: i64,
        update: &ImportAttemptUpdate<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// After attempt `imported_id` succeeded: every earlier waiting attempt
    /// of the same register by the same unit (`None`: the admin's) is
    /// superseded and loses its file. Returns how many.
    async fn supersede_import_attempts(
        &self,
        kind: &str,
        unit: Option<&str>,
        imported_id: i64,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;

    async fn list_import_attempts(
        &self,
        filter: &ImportAttemptFilter,
    ) -> Result<Vec<ImportAttemptRecord>, StoreError>;

    /// Drops the files of attempts uploaded before `uploaded_before`
    /// (their problems and counts stay). Returns how many files.
    async fn purge_import_files(
        &self,
        uploaded_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
}
