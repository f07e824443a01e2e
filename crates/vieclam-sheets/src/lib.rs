//! Spreadsheet import and export of the registers: CSV and XLSX, Vietnamese
//! or English column names in any order, legacy encodings, and a report of
//! every bad row with its line, column, value and reason.
//!
//! This crate reads and writes bytes; it does not touch the store. The
//! caller (the command line or the server) parses a file here, shows the
//! problems, and writes the good records through `vieclam-store` in one
//! transaction.

pub mod annotate;
pub mod employers;
pub mod encoding;
pub mod export;
pub mod limits;
pub mod mask;
pub mod plans;
pub mod rows;
pub mod session_report;
pub mod table;
pub mod titles;
pub mod units;
pub mod workers;
mod xlsx;

pub use annotate::{annotate_problems, AnnotateError, PROBLEMS_HEADER};
pub use employers::{
    employer_cells, parse_employers, parse_vacancies, vacancy_cells, SheetSettings, VacancyRow,
    EMPLOYER_COLUMNS, VACANCY_COLUMNS,
};
pub use encoding::SourceEncoding;
pub use export::{
    escape_formula, unescape_formula, write_sheet, write_workbook, ExportError, ExportFormat,
    SheetData,
};
pub use limits::SheetLimits;
pub use rows::{ParsedSheet, RowProblem};
pub use table::{read_table, read_table_with, SheetError, Table};
pub use workers::{parse_workers, worker_cells, WorkerImportSettings, WORKER_COLUMNS};
