//! Importing and exporting the registers, shared by the command line and
//! the HTTP API: parse a file whole, report every bad row, and write the
//! good ones in one transaction — or nothing, when any row is bad and the
//! caller did not ask to skip bad rows.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::registry::{EventSource, InvalidValue};
use vieclam_domain::{AdminUnits, Principal, UnitKey};
use vieclam_sheets::{
    parse_employers, parse_vacancies, parse_workers, read_table, RowProblem, SheetError,
    SheetSettings, WorkerImportSettings,
};
use vieclam_store::{
    Area, EmployerWrite, ImportCounts, Page, Store, StoreError, VacancyWrite, WorkerWrite,
};

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
    pub actor: Option<i64>,
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
    /// Every problem, by line.
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<RowProblem>,
    /// Headers that match no column (ignored).
    pub unknown_headers: Vec<String>,
    /// False when nothing was written (bad rows without `skip_invalid`).
    pub imported: bool,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicates_flagged: u64,
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

/// Parses and imports a sheet.
pub async fn import_sheet(
    store: &dyn Store,
    units: &AdminUnits,
    kind: SheetKind,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let started = std::time::Instant::now();
    let table = read_table(bytes)?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "sheet read"
    );
    let mut report = ImportReport {
        kind: kind.as_str().to_owned(),
        format: match table.format {
            vieclam_sheets::table::FileFormat::Csv => "csv",
            vieclam_sheets::table::FileFormat::Xlsx => "xlsx",
        }
        .to_owned(),
        encoding: table.encoding.map(|encoding| encoding.name().to_owned()),
        n_rows: table.rows.len(),
        n_bad_rows: 0,
        problems: Vec::new(),
        unknown_headers: Vec::new(),
        imported: false,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        duplicates_flagged: 0,
    };
    let finish = |report: &mut ImportReport, problems: Vec<RowProblem>| {
        let bad: BTreeSet<usize> = problems.iter().map(|problem| problem.line).collect();
        report.n_bad_rows = bad.len();
        report.problems = problems;
        report.problems.sort_by_key(|problem| problem.line);
        report.problems.is_empty() || options.skip_invalid
    };
    let counts: ImportCounts = match kind {
        SheetKind::Workers => {
            let settings = WorkerImportSettings {
                units,
                codes_on: options.codes_on,
                today: options.today,
            };
            let sheet = parse_workers(&table, settings)?;
            tracing::debug!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "sheet parsed"
            );
            report.unknown_headers = sheet.unknown_headers.clone();
            let mut problems = sheet.problems;
            let mut good = Vec::new();
            for (line, profile) in sheet.records {
                if in_area(options, units, &profile.residence, true) {
                    good.push(profile);
                } else {
                    problems.push(outside_area(line, "Mã xã", &profile.residence.to_string()));
                }
            }
            if !finish(&mut report, problems) {
                return Ok(report);
            }
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
            let counts = store.import_workers(&writes, Utc::now()).await?;
            tracing::debug!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "sheet written"
            );
            counts
        }
        SheetKind::Employers => {
            let settings = SheetSettings {
                units,
                codes_on: options.codes_on,
            };
            let sheet = parse_employers(&table, settings)?;
            report.unknown_headers = sheet.unknown_headers.clone();
            let mut problems = sheet.problems;
            let mut good = Vec::new();
            for (line, profile) in sheet.records {
                if in_area(options, units, &profile.address_unit, false) {
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
            let provinces = provinces_of(units, good.iter().map(|profile| &profile.address_unit));
            let writes: Vec<EmployerWrite<'_>> = good
                .iter()
                .zip(&provinces)
                .map(|(profile, province)| EmployerWrite {
                    profile,
                    province_code: province,
                })
                .collect();
            store.import_employers(&writes, Utc::now()).await?
        }
        SheetKind::Vacancies => {
            let settings = SheetSettings {
                units,
                codes_on: options.codes_on,
            };
            let sheet = parse_vacancies(&table, settings)?;
            report.unknown_headers = sheet.unknown_headers.clone();
            let mut problems = sheet.problems;
            let mut employer_ids: HashMap<String, Option<i64>> = HashMap::new();
            let mut good = Vec::new();
            for (line, mut row) in sheet.records {
                let tax_code = row.employer_tax_code.to_string();
                if !employer_ids.contains_key(&tax_code) {
                    let found = store.find_employer_by_tax_code(&tax_code).await?;
                    employer_ids.insert(tax_code.clone(), found.map(|employer| employer.id));
                }
                match employer_ids[&tax_code] {
                    None => problems.push(RowProblem {
                        line,
                        column: "Mã số thuế".to_owned(),
                        value: tax_code,
                        reason_vi: "Chưa có đơn vị nào mang mã số thuế này; nhập danh sách doanh nghiệp trước".to_owned(),
                        reason_en: "No employer has this tax code; import the employers first".to_owned(),
                    }),
                    Some(_) if !in_area(options, units, &row.posting.work_unit, false) => {
                        problems.push(outside_area(line, "Nơi làm việc (mã xã)", &row.posting.work_unit.to_string()));
                    }
                    Some(employer_id) => {
                        row.posting.employer_id = employer_id;
                        good.push(row.posting);
                    }
                }
            }
            if !finish(&mut report, problems) {
                return Ok(report);
            }
            let provinces = provinces_of(units, good.iter().map(|posting| &posting.work_unit));
            let writes: Vec<VacancyWrite<'_>> = good
                .iter()
                .zip(&provinces)
                .map(|(posting, province)| VacancyWrite {
                    posting,
                    province_code: province,
                })
                .collect();
            store.import_vacancies(&writes, Utc::now()).await?
        }
    };
    report.imported = true;
    report.inserted = counts.inserted;
    report.updated = counts.updated;
    report.unchanged = counts.unchanged;
    report.duplicates_flagged = counts.duplicates_flagged;
    Ok(report)
}

/// Writes every record of `area` as a sheet; with `mask`, personal
/// identifiers of workers and employers' contacts are masked.
pub async fn export_sheet(
    store: &dyn Store,
    kind: SheetKind,
    area: &Area,
    format: vieclam_sheets::ExportFormat,
    mask: bool,
) -> Result<Vec<u8>, ImportError> {
    const PAGE: u32 = 1000;
    let mut rows: Vec<Vec<String>> = Vec::new();
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
                        false,
                        Page {
                            limit: PAGE,
                            offset,
                        },
                    )
                    .await?;
                for record in &page {
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
    Ok(vieclam_sheets::write_sheet(
        format, sheet_name, columns, rows,
    )?)
}
