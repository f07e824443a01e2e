//! Import attempts: each upload through the officers' pages is kept, with
//! its file and its problems, until it is resolved — imported, set aside
//! by the officer, or superseded by a later good upload of the same
//! register by the same unit. The file with a column of problems can be
//! downloaded as long as the attempt waits (30 days at most: the store
//! drops older files), and the dashboard lists the waiting attempts.
//!
//! The check runs in a task of its own, off the request: a small file is
//! waited for (the page answers with the outcome), a large one is polled
//! (its step is kept in [`RunningImports`] while it runs).
//!
//! Who may read an attempt: an officer who keeps personal records, of the
//! attempt's unit or a unit above it (the admin's own attempts: the admin
//! only). Anyone else is answered 404, as if it did not exist.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use vieclam_domain::{AccessError, Principal, UnitKey};
use vieclam_sheets::titles::{occupation_titles, title_key};
use vieclam_sheets::{read_table_with, ExportFormat, RowProblem};
use vieclam_store::{
    ImportAttemptFilter, ImportAttemptRecord, ImportAttemptStatus, ImportAttemptUpdate,
    ImportAttemptWrite, IMPORT_FILE_DAYS,
};

use super::{import_options, run_import};
use crate::error::ApiError;
use crate::sheets::{ImportProgress, ImportStep, SheetKind};
use crate::{vietnam_today, AppState};

/// Files up to this size are checked while the upload waits; a larger
/// one is checked in the background and its page polled.
pub const FOREGROUND_BYTES: usize = 256 * 1024;

/// The longest file name kept (the rest is cut).
const FILE_NAME_CHARS: usize = 120;

/// The steps of the imports running now, by attempt.
#[derive(Debug, Default)]
pub struct RunningImports {
    steps: Mutex<HashMap<i64, ImportProgress>>,
}

impl RunningImports {
    fn start(&self, id: i64) -> ImportProgress {
        let progress = ImportProgress::default();
        self.lock().insert(id, progress.clone());
        progress
    }

    fn finish(&self, id: i64) {
        self.lock().remove(&id);
    }

    /// The step of a running attempt; `None` when it is not running in
    /// this process (finished, or stopped by a restart).
    pub fn step(&self, id: i64) -> Option<ImportStep> {
        self.lock().get(&id).map(ImportProgress::get)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, ImportProgress>> {
        self.steps
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// An occupation title written as words, waiting for its code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TitleToConfirm {
    /// As first written in the file.
    pub title: String,
    /// `vieclam_sheets::titles::title_key` of the title.
    pub key: String,
    /// The classifier's codes, best first (may be empty).
    pub suggestions: Vec<String>,
}

/// What an attempt found and did, as kept with it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttemptReport {
    /// For CSV: the text encoding it was read in.
    pub encoding: Option<String>,
    /// Every problem, by line.
    pub problems: Vec<RowProblem>,
    /// What an officer should check in the rows imported, by line.
    #[serde(default)]
    pub warnings: Vec<RowProblem>,
    pub unknown_headers: Vec<String>,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicates_flagged: u64,
    /// Titles the officer still has to confirm.
    pub titles: Vec<TitleToConfirm>,
    /// Codes the officer confirmed, by title key.
    pub occupation_codes: BTreeMap<String, String>,
    /// Why a file could not be read at all.
    pub error_vi: Option<String>,
    pub error_en: Option<String>,
}

/// An attempt as a list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttemptSummary {
    pub id: i64,
    pub kind: SheetKind,
    /// The unit whose officer uploaded it; `None` for the admin.
    pub unit: Option<UnitKey>,
    pub file_name: String,
    pub status: ImportAttemptStatus,
    pub n_rows: u64,
    pub n_bad_rows: u64,
    pub created_at: DateTime<Utc>,
}

/// An attempt with its report, read by someone who may.
#[derive(Clone, Debug)]
pub struct ImportAttempt {
    pub record: ImportAttemptRecord,
    pub kind: SheetKind,
    pub report: AttemptReport,
}

fn unit_of(record: &ImportAttemptRecord) -> Option<UnitKey> {
    record
        .unit
        .as_deref()
        .and_then(|unit| UnitKey::parse(unit, vietnam_today()).ok())
}

/// May `principal` read this attempt? Officers who keep personal
/// records, of the attempt's unit or above; an attempt of the admin's
/// (no unit), the admin only.
pub fn may_read_attempt(
    state: &AppState,
    principal: &Principal,
    record: &ImportAttemptRecord,
) -> Result<(), AccessError> {
    if !principal.role.reads_personal_records() {
        return Err(AccessError::RoleNotAllowed(principal.role));
    }
    match (unit_of(record), principal.role) {
        (_, vieclam_domain::Role::Admin) => Ok(()),
        (Some(unit), _) => principal.may_read_unit(&state.units, &unit),
        (None, _) => Err(AccessError::OutsideScope),
    }
}

fn summary(record: &ImportAttemptRecord) -> Option<ImportAttemptSummary> {
    Some(ImportAttemptSummary {
        id: record.id,
        kind: SheetKind::parse(&record.kind)?,
        unit: unit_of(record),
        file_name: record.file_name.clone(),
        status: record.status,
        n_rows: record.n_rows,
        n_bad_rows: record.n_bad_rows,
        created_at: record.created_at,
    })
}

/// The attempts `principal` may read, newest first, in `statuses` (any
/// when empty).
async fn attempts_of(
    state: &AppState,
    principal: &Principal,
    statuses: Vec<ImportAttemptStatus>,
    limit: u32,
) -> Result<Vec<ImportAttemptSummary>, ApiError> {
    if !principal.role.reads_personal_records() {
        return Ok(Vec::new());
    }
    let province_code = match (&principal.role, &principal.scope) {
        (vieclam_domain::Role::Admin, _) => None,
        (_, Some(scope)) => Some(state.units.current_province_code(scope)?.to_string()),
        (_, None) => return Ok(Vec::new()),
    };
    // Enough rows that the access filter below still leaves `limit`.
    let records = state
        .store
        .list_import_attempts(&ImportAttemptFilter {
            province_code,
            kind: None,
            statuses,
            limit: limit.saturating_mul(10),
        })
        .await?;
    Ok(records
        .iter()
        .filter(|record| may_read_attempt(state, principal, record).is_ok())
        .filter_map(summary)
        .take(limit as usize)
        .collect())
}

/// The import attempts waiting for `principal`'s unit (and the units
/// below it): titles to confirm, or bad rows to fix. The dashboard shows
/// them as "import problems waiting"; a role that imports nothing has
/// none.
pub async fn waiting_imports(
    state: &AppState,
    principal: &Principal,
) -> Result<Vec<ImportAttemptSummary>, ApiError> {
    attempts_of(
        state,
        principal,
        vec![ImportAttemptStatus::ToConfirm, ImportAttemptStatus::Refused],
        100,
    )
    .await
}

/// The latest attempts `principal` may read, whatever became of them.
pub async fn recent_imports(
    state: &AppState,
    principal: &Principal,
    limit: u32,
) -> Result<Vec<ImportAttemptSummary>, ApiError> {
    attempts_of(state, principal, Vec::new(), limit).await
}

/// An attempt by id, for `principal`: 404 when it does not exist or lies
/// outside what the caller may read (never a hint of which).
pub async fn attempt_for(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<ImportAttempt, ApiError> {
    let not_found = || {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "not_found",
            "Không có lần nhập dữ liệu này",
            "No such import",
        )
    };
    let record = state
        .store
        .get_import_attempt(id)
        .await?
        .ok_or_else(not_found)?;
    if may_read_attempt(state, principal, &record).is_err() {
        return Err(not_found());
    }
    let kind = SheetKind::parse(&record.kind).ok_or_else(ApiError::internal)?;
    let report = serde_json::from_str(&record.report).unwrap_or_default();
    Ok(ImportAttempt {
        record,
        kind,
        report,
    })
}

/// A file as uploaded through a page.
pub struct Upload {
    pub kind: SheetKind,
    /// The name the browser gave it.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file name as kept: its last component, printable, cut short.
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(FILE_NAME_CHARS)
        .collect();
    if cleaned.trim().is_empty() {
        "tep-tai-len".to_owned()
    } else {
        cleaned
    }
}

/// Keeps an upload as an attempt and starts checking it; returns the
/// attempt's id and the task (awaited for a small file). The caller's
/// right to import the register was checked before the file was read
/// (`check_import_allowed`).
pub async fn start_upload(
    state: &AppState,
    principal: &Principal,
    account_id: i64,
    upload: Upload,
) -> Result<(i64, tokio::task::JoinHandle<()>), ApiError> {
    let now = Utc::now();
    // Uploaded files are kept 30 days at most; each upload sweeps.
    state
        .store
        .purge_import_files(now - Duration::days(IMPORT_FILE_DAYS), now)
        .await?;
    let unit = principal.scope.as_ref().map(ToString::to_string);
    let province_code = match &principal.scope {
        Some(scope) => Some(state.units.current_province_code(scope)?.to_string()),
        None => None,
    };
    let format = if upload.bytes.starts_with(b"PK\x03\x04") {
        "xlsx"
    } else {
        "csv"
    };
    let id = state
        .store
        .create_import_attempt(
            &ImportAttemptWrite {
                kind: upload.kind.as_str(),
                unit: unit.as_deref(),
                province_code: province_code.as_deref(),
                user_id: Some(account_id),
                file_name: &clean_file_name(&upload.file_name),
                file_format: format,
                file: &upload.bytes,
                status: ImportAttemptStatus::Running,
            },
            now,
        )
        .await?;
    let task = spawn_check(
        state,
        principal,
        account_id,
        id,
        upload.kind,
        upload.bytes,
        BTreeMap::new(),
    );
    Ok((id, task))
}

/// Confirms a code for each title of an attempt waiting for them (`codes`
/// by title key), then checks and imports the file again with them.
/// Refused (422) when a title has no code or a code is not a unit group.
pub async fn confirm_titles(
    state: &AppState,
    principal: &Principal,
    account_id: i64,
    id: i64,
    codes: BTreeMap<String, String>,
) -> Result<tokio::task::JoinHandle<()>, ApiError> {
    let attempt = attempt_for(state, principal, id).await?;
    if attempt.record.status != ImportAttemptStatus::ToConfirm {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "conflict",
            "Lần nhập này không chờ xác nhận nghề",
            "This import is not waiting for occupations to be confirmed",
        ));
    }
    let mut confirmed = attempt.report.occupation_codes.clone();
    for title in &attempt.report.titles {
        let code = codes
            .get(&title.key)
            .and_then(|code| vieclam_domain::registry::OccupationCode::parse(code).ok())
            .ok_or_else(|| {
                ApiError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "occupation_unconfirmed",
                    format!("Chưa chọn mã nghề đúng cho \"{}\"", title.title),
                    format!(
                        "No valid occupation code was chosen for \"{}\"",
                        title.title
                    ),
                )
            })?;
        confirmed.insert(title.key.clone(), code.as_str().to_owned());
    }
    let bytes = state
        .store
        .import_attempt_file(id)
        .await?
        .ok_or_else(file_gone)?;
    let report = AttemptReport {
        occupation_codes: confirmed.clone(),
        ..AttemptReport::default()
    };
    state
        .store
        .update_import_attempt(
            id,
            &ImportAttemptUpdate {
                status: ImportAttemptStatus::Running,
                n_rows: attempt.record.n_rows,
                n_bad_rows: 0,
                report: &serde_json::to_string(&report).unwrap_or_default(),
            },
            Utc::now(),
        )
        .await?;
    Ok(spawn_check(
        state,
        principal,
        account_id,
        id,
        attempt.kind,
        bytes,
        confirmed,
    ))
}

fn file_gone() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::GONE,
        "import_file_gone",
        "Tệp của lần nhập này không còn được lưu (quá 30 ngày, hoặc đã xử lý xong)",
        "The file of this import is no longer kept (older than 30 days, or resolved)",
    )
}

/// Sets a waiting attempt aside: it is no longer listed as waiting, and
/// its file is dropped.
pub async fn dismiss_attempt(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<(), ApiError> {
    let attempt = attempt_for(state, principal, id).await?;
    if !attempt.record.status.is_waiting() {
        return Ok(());
    }
    state
        .store
        .update_import_attempt(
            id,
            &ImportAttemptUpdate {
                status: ImportAttemptStatus::Dismissed,
                n_rows: attempt.record.n_rows,
                n_bad_rows: attempt.record.n_bad_rows,
                report: &attempt.record.report,
            },
            Utc::now(),
        )
        .await?;
    Ok(())
}

/// The refused file with a column of problems (and its bad cells noted),
/// in its own format; `english` picks the language of the reasons.
pub async fn problems_file(
    state: &AppState,
    principal: &Principal,
    id: i64,
    english: bool,
) -> Result<(Vec<u8>, ExportFormat), ApiError> {
    let attempt = attempt_for(state, principal, id).await?;
    if attempt.record.status != ImportAttemptStatus::Refused {
        return Err(file_gone());
    }
    let bytes = state
        .store
        .import_attempt_file(id)
        .await?
        .ok_or_else(file_gone)?;
    let limits = state.config.sheet_limits;
    let problems = attempt.report.problems;
    let annotated = crate::blocking::run(state, move || {
        vieclam_sheets::annotate_problems(&bytes, &limits, &problems, english)
    })
    .await?;
    annotated.map_err(|error| {
        tracing::error!(error = %error, "a refused sheet could not be annotated");
        ApiError::internal()
    })
}

/// Starts the check of an attempt in a task of its own.
fn spawn_check(
    state: &AppState,
    principal: &Principal,
    account_id: i64,
    id: i64,
    kind: SheetKind,
    bytes: Vec<u8>,
    codes: BTreeMap<String, String>,
) -> tokio::task::JoinHandle<()> {
    let progress = state.imports.start(id);
    let (state, principal) = (state.clone(), principal.clone());
    tokio::spawn(async move {
        let outcome = check(&state, &principal, account_id, kind, bytes, codes, progress).await;
        let (status, n_rows, n_bad_rows, report) = match outcome {
            Ok(done) => done,
            Err(error) => (
                ImportAttemptStatus::Failed,
                0,
                0,
                AttemptReport {
                    error_vi: Some(error.message_vi),
                    error_en: Some(error.message_en),
                    ..AttemptReport::default()
                },
            ),
        };
        let report = serde_json::to_string(&report).unwrap_or_default();
        let update = ImportAttemptUpdate {
            status,
            n_rows,
            n_bad_rows,
            report: &report,
        };
        if let Err(error) = state
            .store
            .update_import_attempt(id, &update, Utc::now())
            .await
        {
            tracing::error!(error = %error, attempt = id, "an import's outcome was not kept");
        }
        state.imports.finish(id);
    })
}

type Checked = (ImportAttemptStatus, u64, u64, AttemptReport);

/// Checks a file: titles to confirm first, then the import itself.
async fn check(
    state: &AppState,
    principal: &Principal,
    account_id: i64,
    kind: SheetKind,
    bytes: Vec<u8>,
    codes: BTreeMap<String, String>,
    progress: ImportProgress,
) -> Result<Checked, ApiError> {
    progress.set(ImportStep::Reading);
    let limits = state.config.sheet_limits;
    let columns = match kind {
        SheetKind::Workers => vieclam_sheets::WORKER_COLUMNS,
        SheetKind::Employers => vieclam_sheets::EMPLOYER_COLUMNS,
        SheetKind::Vacancies => vieclam_sheets::VACANCY_COLUMNS,
    };
    let known = codes.clone();
    let (bytes, n_rows, titles) = crate::blocking::run(state, move || {
        // A file that cannot be read is reported by the import itself.
        let read = read_table_with(&bytes, &limits).ok();
        let n_rows = read.as_ref().map_or(0, |table| table.rows.len() as u64);
        let titles: Vec<TitleToConfirm> = read
            .map(|table| occupation_titles(&table, columns))
            .unwrap_or_default()
            .into_iter()
            .filter(|title| !known.contains_key(&title_key(title)))
            .map(|title| TitleToConfirm {
                key: title_key(&title),
                suggestions: vieclam_classify::Classifier::embedded()
                    .classify(&title, 3)
                    .into_iter()
                    .map(|prediction| prediction.code)
                    .collect(),
                title,
            })
            .collect();
        (bytes, n_rows, titles)
    })
    .await?;
    if !titles.is_empty() {
        return Ok((
            ImportAttemptStatus::ToConfirm,
            n_rows,
            0,
            AttemptReport {
                titles,
                occupation_codes: codes,
                ..AttemptReport::default()
            },
        ));
    }
    let mut options = import_options(state, principal, account_id, kind, false, vietnam_today());
    options.occupation_codes = codes.clone().into_iter().collect();
    options.progress = Some(progress.clone());
    let report = run_import(state, principal, kind, bytes, &options).await?;
    progress.set(ImportStep::Done);
    let status = if report.imported {
        ImportAttemptStatus::Imported
    } else {
        ImportAttemptStatus::Refused
    };
    Ok((
        status,
        report.n_rows as u64,
        report.n_bad_rows as u64,
        AttemptReport {
            encoding: report.encoding,
            problems: report.problems,
            warnings: report.warnings,
            unknown_headers: report.unknown_headers,
            inserted: report.inserted,
            updated: report.updated,
            unchanged: report.unchanged,
            duplicates_flagged: report.duplicates_flagged,
            titles: Vec::new(),
            occupation_codes: codes,
            error_vi: None,
            error_en: None,
        },
    ))
}
