//! `vieclam bench import`: imports generated worker rows from one CSV file
//! with every check on, into SQLite and PostgreSQL, and loads the same file
//! with the engines' own bulk loaders — `sqlite3 .import` and PostgreSQL
//! `COPY` — in the same run, so the figures compare like with like.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use vieclam_server::sheets::{import_sheet, ImportOptions, SheetKind};
use vieclam_sheets::{worker_cells, write_sheet, ExportFormat, WORKER_COLUMNS};

use crate::messages::{say, UserError};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Import N generated worker rows from CSV; compare with sqlite3 .import and COPY.
    Import(ImportBenchArgs),
    /// Job search over N generated vacancies; compare with PostgreSQL full-text search.
    Search(super::bench_search::SearchBenchArgs),
    /// Top-10 jobs for a worker among N vacancies, and a session pre-matched; beside brute force.
    Match(super::bench_match::MatchBenchArgs),
    /// Every indicator of every Hanoi unit and month from N workers; compare with DuckDB.
    Plans(super::bench_plans::PlansBenchArgs),
    /// How soon an event shows in the figures: HTTP, end to end, on a demo city.
    Live(super::bench_live::LiveBenchArgs),
    /// The job exchange over HTTP: concurrent registrations, a session pre-matched, a hire in the figures.
    Exchange(super::bench_exchange::ExchangeBenchArgs),
    /// The search, home and vacancy pages, timed in the server, beside the JSON API's search.
    Web(super::bench_web::WebBenchArgs),
    /// Forecasts back-tested (MASE, sMAPE) on us_employment beside statsforecast AutoETS, and on a demo.
    Forecast(super::bench_forecast::ForecastBenchArgs),
}

#[derive(Debug, Args)]
pub struct ImportBenchArgs {
    /// Rows in the generated file.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: u64,
    /// Also measure PostgreSQL at this URL (each run uses a fresh schema).
    #[arg(long, env = "VIECLAM_BENCH_PG")]
    pub pg: Option<String>,
    /// Folder for the generated file and the SQLite databases.
    #[arg(long)]
    pub dir: Option<std::path::PathBuf>,
}

pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Import(args) => import(args).await,
        BenchCommand::Search(args) => super::bench_search::run(args).await,
        BenchCommand::Match(args) => super::bench_match::run(args),
        BenchCommand::Plans(args) => super::bench_plans::run(args),
        BenchCommand::Live(args) => super::bench_live::run(args).await,
        BenchCommand::Exchange(args) => super::bench_exchange::run(args).await,
        BenchCommand::Web(args) => super::bench_web::run(args).await,
        BenchCommand::Forecast(args) => super::bench_forecast::run(args).await,
    }
}

struct Measurement {
    name: String,
    seconds: f64,
    rows: u64,
}

impl Measurement {
    fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.seconds.max(1e-9)
    }
}

async fn import(args: ImportBenchArgs) -> anyhow::Result<()> {
    super::serve::init_logging();
    let scratch = tempfile::tempdir().context("cannot make a scratch folder")?;
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| scratch.path().to_owned());
    std::fs::create_dir_all(&dir)?;
    let units = std::sync::Arc::new(super::admin_units()?);
    let today = vieclam_server::vietnam_today();
    let city = vieclam_demo::CityGenerator::new(2026, &units, "01", today)
        .ok_or_else(|| UserError::new("Không tạo được dữ liệu mẫu", "Cannot generate the data"))?;

    let csv_path = dir.join("workers.csv");
    let started = Instant::now();
    let bytes = write_sheet(
        ExportFormat::Csv,
        "workers",
        WORKER_COLUMNS,
        (0..args.rows).map(|index| worker_cells(&city.worker(index).profile, false)),
    )?;
    std::fs::write(&csv_path, &bytes)?;
    say!(
        "Tệp / file: {} rows, {:.1} MB, generated in {:.1} s",
        args.rows,
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    drop(bytes);

    let mut results = Vec::new();
    let sqlite_url = format!("sqlite://{}", dir.join("bench.db").display());
    remove_sqlite(&dir.join("bench.db"));
    results.push(vieclam_import(&sqlite_url, &csv_path, &units, "vieclam → SQLite").await?);
    match sqlite3_import(&dir, &csv_path) {
        Ok(measurement) => results.push(Measurement {
            rows: args.rows,
            ..measurement
        }),
        Err(error) => say!("sqlite3 .import: skipped ({error})"),
    }
    if let Some(pg) = &args.pg {
        let schema = format!("vieclam_bench_{}", std::process::id());
        let admin = sqlx::PgPool::connect(pg)
            .await
            .context("cannot reach PostgreSQL")?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&admin)
            .await?;
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await?;
        let separator = if pg.contains('?') { '&' } else { '?' };
        let url = format!("{pg}{separator}options=-c%20search_path%3D{schema}");
        results.push(vieclam_import(&url, &csv_path, &units, "vieclam → PostgreSQL").await?);
        results.push(Measurement {
            rows: args.rows,
            ..postgres_copy(&url, &csv_path).await?
        });
        sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&admin)
            .await?;
    } else {
        say!("PostgreSQL: skipped (give --pg postgres://… or VIECLAM_BENCH_PG)");
    }

    say!();
    say!("{:<26} {:>10} {:>14}", "loader", "seconds", "rows/s");
    for result in &results {
        say!(
            "{:<26} {:>10.2} {:>14.0}",
            result.name,
            result.seconds,
            result.rows_per_second()
        );
    }
    for (ours, theirs) in [
        ("vieclam → SQLite", "sqlite3 .import"),
        ("vieclam → PostgreSQL", "PostgreSQL COPY"),
    ] {
        let find = |name: &str| {
            results
                .iter()
                .find(|r| r.name == name)
                .map(Measurement::rows_per_second)
        };
        if let (Some(a), Some(b)) = (find(ours), find(theirs)) {
            say!("{ours} ÷ {theirs}: {:.2}", a / b);
        }
    }
    Ok(())
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The full import — read, detect the encoding, check every field, write
/// in one transaction — timed from the file on disk to the commit.
async fn vieclam_import(
    url: &str,
    csv_path: &Path,
    units: &std::sync::Arc<vieclam_domain::AdminUnits>,
    name: &str,
) -> anyhow::Result<Measurement> {
    let store = vieclam_store::connect(url).await?;
    store.load_admin_units(units).await?;
    let today = vieclam_server::vietnam_today();
    let options = ImportOptions {
        skip_invalid: false,
        codes_on: today,
        today,
        principal: None,
        guard: vieclam_store::Area::All,
        actor: None,
        limits: vieclam_sheets::SheetLimits::operator(),
        occupation_codes: Default::default(),
        progress: None,
    };
    let started = Instant::now();
    let bytes = std::fs::read(csv_path)?;
    let report = import_sheet(store.as_ref(), units, SheetKind::Workers, bytes, &options).await?;
    let seconds = started.elapsed().as_secs_f64();
    if !report.imported || report.inserted != report.n_rows as u64 {
        anyhow::bail!("the benchmark import did not import every row: {report:?}");
    }
    Ok(Measurement {
        name: name.to_owned(),
        seconds,
        rows: report.inserted,
    })
}

/// `sqlite3 DB ".import --csv FILE raw_worker"` into a fresh file.
fn sqlite3_import(dir: &Path, csv_path: &Path) -> anyhow::Result<Measurement> {
    let db = dir.join("sqlite3-import.db");
    remove_sqlite(&db);
    let started = Instant::now();
    let output = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv {} raw_worker", csv_path.display()))
        .output()
        .context("sqlite3 is not installed (apt-get install sqlite3)")?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        anyhow::bail!(
            "sqlite3 failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(Measurement {
        name: "sqlite3 .import".to_owned(),
        seconds,
        rows: 0,
    })
}

/// `COPY raw_worker FROM STDIN (FORMAT csv, HEADER)` of the same file into a
/// table of text columns.
async fn postgres_copy(url: &str, csv_path: &Path) -> anyhow::Result<Measurement> {
    use sqlx::postgres::PgPoolCopyExt;
    let pool = sqlx::PgPool::connect(url).await?;
    let columns: Vec<String> = (0..WORKER_COLUMNS.len())
        .map(|index| format!("c{index} TEXT"))
        .collect();
    sqlx::query(&format!("CREATE TABLE raw_worker ({})", columns.join(", ")))
        .execute(&pool)
        .await?;
    let bytes = std::fs::read(csv_path)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let started = Instant::now();
    let mut copy = pool
        .copy_in_raw("COPY raw_worker FROM STDIN WITH (FORMAT csv, HEADER true)")
        .await?;
    for chunk in body.chunks(1 << 20) {
        copy.send(chunk).await?;
    }
    let rows = copy.finish().await?;
    Ok(Measurement {
        name: "PostgreSQL COPY".to_owned(),
        seconds: started.elapsed().as_secs_f64(),
        rows,
    })
}
