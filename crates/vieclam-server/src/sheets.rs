//! Importing and exporting the registers, shared by the command line and
//! the HTTP API: parse a file whole, report every bad row, and write the
//! good ones in one transaction — or nothing, when any row is bad and the
//! caller did not ask to skip bad rows.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::registry::{EmployerProfile, EventSource, InvalidValue, WorkerProfile};
use vieclam_domain::{AdminUnits, Principal, UnitKey};
use vieclam_sheets::table::Table;
use vieclam_sheets::{
    parse_employers, parse_vacancies, parse_workers, read_table_with, ParsedSheet, RowProblem,
    SheetError, SheetLimits, SheetSettings, VacancyRow, WorkerImportSettings,
};
use vieclam_store::{
    Area, EmployerWrite, ImportCounts, Page, Store, StoreError, VacancyWrite, WorkerWrite,
};

/// The largest spreadsheet accepted (a district's survey fits many times).
pub const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The body limit layer of the import route.
pub fn import_body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(IMPORT_BODY_LIMIT)
}

/// Reads an upload after the caller's right to send it was checked; the
/// route's body limit still applies.
pub async fn read_body(
    body: axum::body::Body,
) -> Result<axum::body::Bytes, crate::error::ApiError> {
    axum::body::to_bytes(body, IMPORT_BODY_LIMIT)
        .await
        .map_err(|_| crate::error::payload_too_large())
}

/// Which register a sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Workers,
    Employers,
    Vacancies,
}

impl SheetKind {
    pub fn parse(text: &str) -> Option<SheetKind> {
        match text {
            "workers" => Some(SheetKind::Workers),
            "employers" => Some(SheetKind::Employers),
            "vacancies" => Some(SheetKind::Vacancies),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SheetKind::Workers => "workers",
            SheetKind::Employers => "employers",
            SheetKind::Vacancies => "vacancies",
        }
    }
}

/// How an import is run.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Import the good rows even when some rows are bad.
    pub skip_invalid: bool,
    /// The date whose structure bare unit codes are read in.
    pub codes_on: NaiveDate,
    pub today: NaiveDate,
    /// Who imports: rows outside their area are bad rows. `None` for the
    /// operator at the command line, who has the database itself.
    pub principal: Option<Principal>,
    /// The records the caller may change: a row that matches a stored
    /// record outside it is a bad row, whatever unit the row names.
    /// `Area::All` for the operator at the command line.
    pub guard: Area,
    pub actor: Option<i64>,
    /// Bounds on the file, checked before it is parsed.
    pub limits: SheetLimits,
    /// Occupation titles written as words and the codes an officer
    /// confirmed for them, by `vieclam_sheets::titles::title_key`: written
    /// into the sheet before it is parsed. Empty for a plain import.
    pub occupation_codes: HashMap<String, String>,
    /// Where the import says how far it got, for a page that polls it.
    pub progress: Option<ImportProgress>,
}

/// How far an import got: a step a page can show while a large file is
/// checked off the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportStep {
    Waiting = 0,
    Reading = 1,
    Checking = 2,
    Writing = 3,
    Done = 4,
}

impl ImportStep {
    /// The steps an import goes through after waiting.
    pub const COUNT: u8 = 4;

    fn from_u8(value: u8) -> ImportStep {
        match value {
            1 => ImportStep::Reading,
            2 => ImportStep::Checking,
            3 => ImportStep::Writing,
            4 => ImportStep::Done,
            _ => ImportStep::Waiting,
        }
    }
}

/// The step of one running import, shared between the import and whoever
/// polls it.
#[derive(Clone, Debug, Default)]
pub struct ImportProgress(Arc<std::sync::atomic::AtomicU8>);

impl ImportProgress {
    pub fn set(&self, step: ImportStep) {
        self.0
            .store(step as u8, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn get(&self) -> ImportStep {
        ImportStep::from_u8(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// What an import found and did.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub kind: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// For CSV: the text encoding it was read in.
    pub encoding: Option<String>,
    pub n_rows: usize,
    pub n_bad_rows: usize,
    /// How many problems were found in all.
    pub n_problems: usize,
    /// The problems by line: every one, or the first ones when
    /// `problems_truncated` (the whole list comes as a file with
    /// `problems=csv`).
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<RowProblem>,
    pub problems_truncated: bool,
    /// How many problems of each kind (column and reason), most first.
    pub problems_by_kind: Vec<ProblemCount>,
    /// Headers that match no column (ignored).
    pub unknown_headers: Vec<String>,
    /// How many rows were imported with something an officer should check
    /// (an occupation read from words with low confidence).
    pub n_warnings: usize,
    /// Those warnings by line, the first ones when `problems_truncated`.
    #[schema(value_type = Vec<Object>)]
    pub warnings: Vec<RowProblem>,
    /// False when nothing was written (bad rows without `skip_invalid`).
    pub imported: bool,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicates_flagged: u64,
}

/// The number of problems of one kind.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProblemCount {
    pub column: String,
    pub reason_vi: String,
    pub reason_en: String,
    pub count: usize,
}

impl ImportReport {
    /// Keeps the first `max` problems in full; the counts by kind and the
    /// total still cover every problem. A file of 100,000 bad rows must not
    /// answer with a body of hundreds of megabytes.
    pub fn cap_problems(&mut self, max: usize) {
        if self.problems.len() > max {
            self.problems.truncate(max);
            self.problems_truncated = true;
        }
        if self.warnings.len() > max {
            self.warnings.truncate(max);
            self.problems_truncated = true;
        }
    }
}

/// Counts problems by column and reason, most frequent first.
fn count_by_kind(problems: &[RowProblem]) -> Vec<ProblemCount> {
    let mut counts: HashMap<(&str, &str), (usize, &RowProblem)> = HashMap::new();
    for problem in problems {
        counts
            .entry((problem.column.as_str(), problem.reason_en.as_str()))
            .or_insert((0, problem))
            .0 += 1;
    }
    let mut kinds: Vec<ProblemCount> = counts
        .into_values()
        .map(|(count, problem)| ProblemCount {
            column: problem.column.clone(),
            reason_vi: problem.reason_vi.clone(),
            reason_en: problem.reason_en.clone(),
            count,
        })
        .collect();
    kinds.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.column.cmp(&b.column))
            .then_with(|| a.reason_en.cmp(&b.reason_en))
    });
    kinds
}

/// Every problem as a CSV file (UTF-8 with a BOM, for Excel): line,
/// column, value, reason in Vietnamese and English. Values are written
/// as the cells held them, so formula-like text is prefixed.
pub fn problems_csv(problems: &[RowProblem]) -> Vec<u8> {
    let mut output = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut output);
        let header = [
            "Dòng / line",
            "Cột / column",
            "Giá trị / value",
            "Lý do",
            "Reason",
        ];
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(header);
        for problem in problems {
            let line = problem.line.to_string();
            let value = vieclam_sheets::escape_formula(&problem.value);
            let _ = writer.write_record([
                line.as_str(),
                problem.column.as_str(),
                &*value,
                problem.reason_vi.as_str(),
                problem.reason_en.as_str(),
            ]);
        }
        let _ = writer.flush();
    }
    output
}

/// An import that could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Export(#[from] vieclam_sheets::ExportError),
    /// The parsing thread panicked (a bug): nothing was written.
    #[error("the import stopped on an internal error; nothing was written")]
    Crashed,
}

/// A row that matches a record registered outside the caller's area. The
/// other unit is not named: where a person lives is not the caller's to
/// learn.
fn registered_elsewhere(line: usize, column: &str, value: &str) -> RowProblem {
    RowProblem {
        line,
        column: column.to_owned(),
        value: value.to_owned(),
        reason_vi: "Đã đăng ký ở đơn vị khác; việc chuyển đơn vị do đơn vị đang quản lý \
                    hoặc cấp trên chung thực hiện"
            .to_owned(),
        reason_en: "Registered in another unit; a transfer is made by the unit that holds \
                    the record or by a common higher level"
            .to_owned(),
    }
}

fn outside_area(line: usize, column: &str, value: &str) -> RowProblem {
    let reason = InvalidValue::new(
        "Đơn vị này nằm ngoài địa bàn được phân quyền của tài khoản",
        "The unit lies outside the caller's area",
    );
    RowProblem {
        line,
        column: column.to_owned(),
        value: value.to_owned(),
        reason_vi: reason.reason_vi,
        reason_en: reason.reason_en,
    }
}

/// The 2025 province of each record's unit: the rows' distribution key.
fn provinces_of<'a>(units: &AdminUnits, keys: impl Iterator<Item = &'a UnitKey>) -> Vec<String> {
    keys.map(|key| {
        units
            .current_province_code(key)
            .map(|code| code.to_string())
            .unwrap_or_default()
    })
    .collect()
}

fn in_area(options: &ImportOptions, units: &AdminUnits, unit: &UnitKey, personal: bool) -> bool {
    match &options.principal {
        None => true,
        Some(principal) => {
            if personal {
                principal.may_read_person_in(units, unit).is_ok()
            } else {
                principal.may_read_unit(units, unit).is_ok()
            }
        }
    }
}

/// A sheet read and parsed, before anything is looked up or written.
enum Parsed {
    Workers(ParsedSheet<WorkerProfile>),
    Employers(ParsedSheet<EmployerProfile>),
    Vacancies(ParsedSheet<VacancyRow>),
}

/// Reads and parses a sheet within the limits: CPU-bound work, run on the
/// blocking pool so that the async threads keep answering.
async fn read_and_parse(
    units: &Arc<AdminUnits>,
    kind: SheetKind,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<(Table, usize, Parsed), ImportError> {
    let units = units.clone();
    let limits = options.limits;
    let (codes_on, today) = (options.codes_on, options.today);
    let occupation_codes = options.occupation_codes.clone();
    let progress = options.progress.clone();
    let work = move || -> Result<(Table, usize, Parsed), SheetError> {
        let mut table = read_table_with(&bytes, &limits)?;
        if let Some(progress) = &progress {
            progress.set(ImportStep::Checking);
        }
        if !occupation_codes.is_empty() {
            let columns = match kind {
                SheetKind::Workers => vieclam_sheets::WORKER_COLUMNS,
                SheetKind::Employers => vieclam_sheets::EMPLOYER_COLUMNS,
                SheetKind::Vacancies => vieclam_sheets::VACANCY_COLUMNS,
            };
            vieclam_sheets::titles::replace_occupation_titles(
                &mut table,
                columns,
                &occupation_codes,
            );
        }
        let parsed = match kind {
            SheetKind::Workers => Parsed::Workers(parse_workers(
                &table,
                WorkerImportSettings {
                    units: &units,
                    codes_on,
                    today,
                },
            )?),
            SheetKind::Employers => Parsed::Employers(parse_employers(
                &table,
                SheetSettings {
                    units: &units,
                    codes_on,
                },
            )?),
            SheetKind::Vacancies => Parsed::Vacancies(parse_vacancies(
                &table,
                SheetSettings {
                    units: &units,
                    codes_on,
                },
            )?),
        };
        // Only the table's description is kept past this point.
        let n_rows = std::mem::take(&mut table.rows).len();
        Ok((table, n_rows, parsed))
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => Ok(result?),
        Err(error) => {
            tracing::error!(error = %error, "sheet parsing panicked");
            Err(ImportError::Crashed)
        }
    }
}

/// Parses and imports a sheet.
pub async fn import_sheet(
    store: &dyn Store,
    units: &Arc<AdminUnits>,
    kind: SheetKind,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let started = std::time::Instant::now();
    let n_rows_hint = bytes.len();
    let step = |step: ImportStep| {
        if let Some(progress) = &options.progress {
            progress.set(step);
        }
    };
    step(ImportStep::Reading);
    let (table, n_rows, parsed) = read_and_parse(units, kind, bytes, options).await?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        n_bytes = n_rows_hint,
        "sheet read and parsed"
    );
    let mut report = ImportReport {
        kind: kind.as_str().to_owned(),
        format: match table.format {
            vieclam_sheets::table::FileFormat::Csv => "csv",
            vieclam_sheets::table::FileFormat::Xlsx => "xlsx",
        }
        .to_owned(),
        encoding: table.encoding.map(|encoding| encoding.name().to_owned()),
        n_rows,
        n_bad_rows: 0,
        n_problems: 0,
        problems: Vec::new(),
        problems_truncated: false,
        problems_by_kind: Vec::new(),
        unknown_headers: Vec::new(),
        n_warnings: 0,
        warnings: Vec::new(),
        imported: false,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        duplicates_flagged: 0,
    };
    let finish = |report: &mut ImportReport, problems: Vec<RowProblem>| {
        let bad: BTreeSet<usize> = problems.iter().map(|problem| problem.line).collect();
        report.n_bad_rows = bad.len();
        report.n_problems = problems.len();
        report.problems_by_kind = count_by_kind(&problems);
        report.problems = problems;
        report.problems.sort_by_key(|problem| problem.line);
        report.problems.is_empty() || options.skip_invalid
    };
    let counts: ImportCounts = match kind {
        SheetKind::Workers => {
            let Parsed::Workers(sheet) = parsed else {
                unreachable!("parsed as the kind asked for")
            };
            tracing::debug!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "sheet parsed"
            );
            report.unknown_headers = sheet.unknown_headers.clone();
            report.n_warnings = sheet.warnings.len();
            report.warnings = sheet.warnings;
            let mut problems = sheet.problems;
            let citizen_ids: Vec<&str> = sheet
                .records
                .iter()
                .filter_map(|(_, profile)| profile.citizen_id.as_ref().map(|id| id.as_str()))
                .collect();
            let located = if options.guard == Area::All {
                HashMap::new()
            } else {
                store.locate_workers(&citizen_ids).await?
            };
            let mut good = Vec::new();
            for (line, profile) in sheet.records {
                let elsewhere = profile.citizen_id.as_ref().and_then(|id| {
                    located
                        .get(id.as_str())
                        .filter(|found| !options.guard.contains(&found.province_code, &found.unit))
                        .map(|_| id.to_string())
                });
                if let Some(citizen_id) = elsewhere {
                    problems.push(registered_elsewhere(line, "Số CCCD", &citizen_id));
                } else if in_area(options, units, &profile.residence, true) {
                    good.push(profile);
                } else {
                    problems.push(outside_area(line, "Mã xã", &profile.residence.to_string()));
                }
            }
            if !finish(&mut report, problems) {
                return Ok(report);
            }
            step(ImportStep::Writing);
            let provinces = provinces_of(units, good.iter().map(|profile| &profile.residence));
            let writes: Vec<WorkerWrite<'_>> = good
                .iter()
                .zip(&provinces)
                .map(|(profile, province)| WorkerWrite {
                    profile,
                    province_code: province,
                    registered_on: options.today,
                    source: EventSource::Import,
                    actor: options.actor,
                })
                .collect();
            let counts = store
                .import_workers_within(&writes, &options.guard, Utc::now())
                .await?;
            tracing::debug!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "sheet written"
            );
            counts
        }
        SheetKind::Employers => {
            let Parsed::Employers(sheet) = parsed else {
                unreachable!("parsed as the kind asked for")
            };
            report.unknown_headers = sheet.unknown_headers.clone();
            report.n_warnings = sheet.warnings.len();
            report.warnings = sheet.warnings;
            let mut problems = sheet.problems;
            let tax_codes: Vec<&str> = sheet
                .records
                .iter()
                .filter_map(|(_, profile)| profile.tax_code.as_ref().map(|code| code.as_str()))
                .collect();
            let located = if options.guard == Area::All {
                HashMap::new()
            } else {
                store.locate_employers(&tax_codes).await?
            };
            let mut good = Vec::new();
            for (line, profile) in sheet.records {
                let elsewhere = profile.tax_code.as_ref().and_then(|code| {
                    located
                        .get(code.as_str())
                        .filter(|found| !options.guard.contains(&found.province_code, &found.unit))
                        .map(|_| code.to_string())
                });
                if let Some(tax_code) = elsewhere {
                    problems.push(registered_elsewhere(line, "Mã số thuế", &tax_code));
                } else if in_area(options, units, &profile.address_unit, false) {
                    good.push(profile);
                } else {
                    problems.push(outside_area(
                        line,
                        "Mã xã",
                        &profile.address_unit.to_string(),
                    ));
                }
            }
            if !finish(&mut report, problems) {
                return Ok(report);
            }
            step(ImportStep::Writing);
            let provinces = provinces_of(units, good.iter().map(|profile| &profile.address_unit));
            let writes: Vec<EmployerWrite<'_>> = good
                .iter()
                .zip(&provinces)
                .map(|(profile, province)| EmployerWrite {
                    profile,
                    province_code: province,
                })
                .collect();
            store
                .import_employers_within(&writes, &options.guard, Utc::now())
                .await?
        }
        SheetKind::Vacancies => {
            let Parsed::Vacancies(sheet) = parsed else {
                unreachable!("parsed as the kind asked for")
            };
            report.unknown_headers = sheet.unknown_headers.clone();
            report.n_warnings = sheet.warnings.len();
            report.warnings = sheet.warnings;
            let mut problems = sheet.problems;
            let tax_codes: Vec<String> = sheet
                .records
                .iter()
                .map(|(_, row)| row.employer_tax_code.to_string())
                .collect();
            let tax_code_refs: Vec<&str> = tax_codes.iter().map(String::as_str).collect();
            let employers = store.locate_employers(&tax_code_refs).await?;
            let mut good = Vec::new();
            for (line, mut row) in sheet.records {
                let tax_code = row.employer_tax_code.to_string();
                match employers.get(&tax_code) {
                    None => problems.push(RowProblem {
                        line,
                        column: "Mã số thuế".to_owned(),
                        value: tax_code,
                        reason_vi: "Chưa có đơn vị nào mang mã số thuế này; nhập danh sách doanh nghiệp trước".to_owned(),
                        reason_en: "No employer has this tax code; import the employers first".to_owned(),
                    }),
                    // A vacancy belongs to its employer: only an officer of
                    // the employer's area posts in its name.
                    Some(employer) if !options.guard.contains(&employer.province_code, &employer.unit) => {
                        problems.push(registered_elsewhere(line, "Mã số thuế", &tax_code));
                    }
                    Some(_) if !in_area(options, units, &row.posting.work_unit, false) => {
                        problems.push(outside_area(line, "Nơi làm việc (mã xã)", &row.posting.work_unit.to_string()));
                    }
                    Some(employer) => {
                        row.posting.employer_id = employer.id;
                        good.push(row.posting);
                    }
                }
            }
            if !finish(&mut report, problems) {
                return Ok(report);
            }
            step(ImportStep::Writing);
            let provinces = provinces_of(units, good.iter().map(|posting| &posting.work_unit));
            let writes: Vec<VacancyWrite<'_>> = good
                .iter()
                .zip(&provinces)
                .map(|(posting, province)| VacancyWrite {
                    posting,
                    province_code: province,
                    opened_at: None,
                })
                .collect();
            store.import_vacancies(&writes, Utc::now()).await?
        }
    };
    step(ImportStep::Done);
    report.imported = true;
    report.inserted = counts.inserted;
    report.updated = counts.updated;
    report.unchanged = counts.unchanged;
    report.duplicates_flagged = counts.duplicates_flagged;
    Ok(report)
}

/// An exported file and the ids of the records in it (for the audit).
pub struct Exported {
    pub bytes: Vec<u8>,
    pub ids: Vec<i64>,
}

/// Writes every record of `area` as a sheet; with `mask`, personal
/// identifiers of workers and employers' contacts are masked.
pub async fn export_sheet(
    store: &dyn Store,
    kind: SheetKind,
    area: &Area,
    format: vieclam_sheets::ExportFormat,
    mask: bool,
) -> Result<Exported, ImportError> {
    const PAGE: u32 = 1000;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    let mut offset = 0;
    let columns = match kind {
        SheetKind::Workers => {
            loop {
                let page = store
                    .list_workers(
                        area,
                        Page {
                            limit: PAGE,
                            offset,
                        },
                    )
                    .await?;
                rows.extend(
                    page.iter()
                        .map(|record| vieclam_sheets::worker_cells(&record.profile, mask)),
                );
                ids.extend(page.iter().map(|record| record.id));
                if page.len() < PAGE as usize {
                    break;
                }
                offset += PAGE;
            }
            vieclam_sheets::WORKER_COLUMNS
        }
        SheetKind::Employers => {
            loop {
                let page = store
                    .list_employers(
                        area,
                        Page {
                            limit: PAGE,
                            offset,
                        },
                    )
                    .await?;
                ids.extend(page.iter().map(|record| record.id));
                rows.extend(page.iter().map(|record| {
                    let mut cells = vieclam_sheets::employer_cells(&record.profile);
                    if mask {
                        // Contact name, phone and e-mail are a person's data.
                        for cell in cells.iter_mut().skip(7) {
                            *cell = vieclam_sheets::mask::mask_digits(cell, 1, 1);
                        }
                    }
                    cells
                }));
                if page.len() < PAGE as usize {
                    break;
                }
                offset += PAGE;
            }
            vieclam_sheets::EMPLOYER_COLUMNS
        }
        SheetKind::Vacancies => {
            let mut tax_codes: HashMap<i64, String> = HashMap::new();
            loop {
                let page = store
                    .list_vacancies(
                        area,
                        None,
                        None,
                        Page {
                            limit: PAGE,
                            offset,
                        },
                    )
                    .await?;
                for record in &page {
                    ids.push(record.id);
                    let employer_id = record.posting.employer_id;
                    if let std::collections::hash_map::Entry::Vacant(entry) =
                        tax_codes.entry(employer_id)
                    {
                        let tax_code = store
                            .get_employer(employer_id)
                            .await?
                            .and_then(|employer| employer.profile.tax_code)
                            .map(|code| code.to_string())
                            .unwrap_or_default();
                        entry.insert(tax_code);
                    }
                    rows.push(vieclam_sheets::vacancy_cells(
                        &tax_codes[&employer_id],
                        &record.posting,
                    ));
                }
                if page.len() < PAGE as usize {
                    break;
                }
                offset += PAGE;
            }
            vieclam_sheets::VACANCY_COLUMNS
        }
    };
    let sheet_name = match kind {
        SheetKind::Workers => "Nguoi lao dong",
        SheetKind::Employers => "Doanh nghiep",
        SheetKind::Vacancies => "Vi tri tuyen dung",
    };
    // Writing an XLSX file is CPU-bound: it runs on the blocking pool.
    match tokio::task::spawn_blocking(move || {
        vieclam_sheets::write_sheet(format, sheet_name, columns, rows)
    })
    .await
    {
        Ok(written) => Ok(Exported {
            bytes: written?,
            ids,
        }),
        Err(error) => {
            tracing::error!(error = %error, "export panicked");
            Err(ImportError::Crashed)
        }
    }
}
