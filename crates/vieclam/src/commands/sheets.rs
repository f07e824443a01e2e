//! `vieclam import` and `vieclam export`: spreadsheets in and out of the
//! registers, from the command line.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use vieclam_server::sheets::{export_sheet, import_sheet, ImportOptions, SheetKind};
use vieclam_sheets::ExportFormat;
use vieclam_store::Area;

use crate::messages::{say, UserError};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Register {
    Workers,
    Employers,
    Vacancies,
}

impl Register {
    fn kind(self) -> SheetKind {
        match self {
            Register::Workers => SheetKind::Workers,
            Register::Employers => SheetKind::Employers,
            Register::Vacancies => SheetKind::Vacancies,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Which register the file holds.
    pub register: Register,
    /// A CSV (UTF-8, Windows-1258 or TCVN3) or XLSX file.
    pub file: PathBuf,
    /// Import the good rows even when some rows are bad.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Read bare unit codes in the structure valid on this date (YYYY-MM-DD); today by default.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub register: Register,
    /// The file to write; its extension (.csv or .xlsx) picks the format.
    #[arg(long)]
    pub out: PathBuf,
    /// Only records of this unit (a code or structure:code) and below.
    #[arg(long)]
    pub unit: Option<String>,
    /// Mask citizen IDs, phones, e-mails and birth dates.
    #[arg(long)]
    pub mask: bool,
}

/// A spinner for a step that may take over a second.
fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

pub async fn import(db: &str, args: ImportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file).map_err(|error| {
        UserError::new(
            format!("Không đọc được tệp {}: {error}", args.file.display()),
            format!("Cannot read {}: {error}", args.file.display()),
        )
    })?;
    let (store, units) = super::open_store(db).await?;
    let today = vieclam_server::vietnam_today();
    let options = ImportOptions {
        skip_invalid: args.skip_invalid,
        codes_on: args.date.unwrap_or(today),
        today,
        principal: None,
        guard: vieclam_store::Area::All,
        actor: None,
        limits: vieclam_sheets::SheetLimits::operator(),
        occupation_codes: Default::default(),
        progress: None,
    };
    let bar = spinner("Đang kiểm tra và nhập / checking and importing");
    let result = import_sheet(
        store.as_ref(),
        &units,
        args.register.kind(),
        bytes,
        &options,
    )
    .await;
    bar.finish_and_clear();
    let report = result.map_err(|error| match error {
        vieclam_server::sheets::ImportError::Sheet(error) => {
            anyhow::Error::new(UserError::new(error.message_vi(), error.to_string()))
        }
        other => anyhow::Error::new(other),
    })?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        say!(
            "Tệp / file: {} ({}{}), {} dòng / rows",
            args.file.display(),
            report.format,
            report
                .encoding
                .as_deref()
                .map(|e| format!(", {e}"))
                .unwrap_or_default(),
            report.n_rows
        );
        if !report.unknown_headers.is_empty() {
            say!(
                "Cột không dùng / ignored columns: {}",
                report.unknown_headers.join(", ")
            );
        }
        for problem in &report.problems {
            say!(
                "  dòng/line {:>6}  {:<28} {:?}: {} / {}",
                problem.line,
                problem.column,
                problem.value,
                problem.reason_vi,
                problem.reason_en
            );
        }
    }
    if !report.imported {
        return Err(UserError::new(
            format!(
                "{} dòng không hợp lệ; chưa nhập dòng nào (sửa tệp, hoặc dùng --skip-invalid để bỏ qua các dòng lỗi)",
                report.n_bad_rows
            ),
            format!(
                "{} rows are invalid; nothing was imported (fix the file, or use --skip-invalid to leave the bad rows out)",
                report.n_bad_rows
            ),
        )
        .into());
    }
    if !args.json {
        say!(
            "Đã nhập / imported: {} mới / new, {} cập nhật / updated, {} không đổi / unchanged, {} dòng lỗi bỏ qua / bad rows skipped, {} cặp nghi trùng / likely duplicates flagged",
            report.inserted, report.updated, report.unchanged, report.n_bad_rows, report.duplicates_flagged
        );
    }
    Ok(())
}

pub async fn export(db: &str, args: ExportArgs) -> anyhow::Result<()> {
    let format = args
        .out
        .extension()
        .and_then(|extension| extension.to_str())
        .and_then(ExportFormat::parse)
        .ok_or_else(|| {
            UserError::new(
                "Tên tệp phải kết thúc bằng .csv hoặc .xlsx",
                "The file name must end in .csv or .xlsx",
            )
        })?;
    let (store, units) = super::open_store(db).await?;
    let area = match &args.unit {
        None => Area::All,
        Some(unit) => {
            let key = vieclam_domain::UnitKey::parse(unit, vieclam_server::vietnam_today())?;
            units.get(&key)?;
            Area::Units(units.communes_covered_by(&key))
        }
    };
    let bar = spinner("Đang xuất / exporting");
    let bytes = export_sheet(
        store.as_ref(),
        args.register.kind(),
        &area,
        format,
        args.mask,
    )
    .await;
    bar.finish_and_clear();
    let bytes = bytes?.bytes;
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    say!(
        "Đã ghi / wrote {} ({} bytes)",
        args.out.display(),
        bytes.len()
    );
    Ok(())
}
