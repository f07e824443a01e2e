//! `vieclam bench plans`: every plan indicator of every Hanoi unit for every
//! month of a year, computed by vieclam's statistics cube from N generated
//! workers, beside DuckDB computing the same figures from the same data
//! exported as files (`bench/plans_duckdb.py`, rules in `bench/README.md`),
//! in the same run, with a check that every figure agrees; then the latency
//! of one live update: an event in, the figures of its commune, the city
//! and the legacy city out.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use clap::Args;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vieclam_demo::CityGenerator;
use vieclam_domain::admin_unit::{UnitLevel, UnitStructure};
use vieclam_domain::registry::EventKind;
use vieclam_domain::{AdminUnitCode, AdminUnits, UnitKey};
use vieclam_plans::cube::{CellId, UnitTotals};
use vieclam_plans::{
    actuals::computed, Aggregation, Cells, Cube, EventFact, Indicator, Indicators, Month, Period,
    Source, Statistics, WorkerFacts,
};

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct PlansBenchArgs {
    /// Workers of the demo city to generate.
    #[arg(long, default_value_t = 4_000_000)]
    pub workers: u64,
    /// The year reported on (default: the last full calendar year in Vietnam).
    #[arg(long)]
    pub year: Option<i32>,
    /// The seed of the generator (the demo's default gives the demo's city).
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Threads for generation, for the cube and for DuckDB.
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
    /// Folder for the exported files (default: a temporary folder).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Keep the exported files after the run.
    #[arg(long)]
    pub keep: bool,
    /// Skip the DuckDB peer and the comparison.
    #[arg(long)]
    pub no_duckdb: bool,
}

/// Timed runs of vieclam's side.
const RUNS: usize = 5;
/// Live updates timed one by one.
const LIVE_UPDATES: usize = 1_000;
/// Hanoi's code in both structures.
const HANOI: &str = "01";
/// Submitted sums may differ by rounding (f64 here, exact decimals in DuckDB).
const SUBMITTED_TOLERANCE: f64 = 1e-6;
/// The submitted indicators that get generated values at cell level.
const SUBMITTED_CODES: [&str; 8] = [
    "sessions_total",
    "sessions_daily",
    "sessions_online",
    "sessions_thematic",
    "sessions_mobile",
    "sessions_disability",
    "policy_loan_disbursed",
    "policy_loan_jobs",
];
/// Files written into the folder, ours and DuckDB's.
const FILE_NAMES: [&str; 11] = [
    "workers.csv",
    "events.csv",
    "cells.csv",
    "membership.csv",
    "values.csv",
    "workers.parquet",
    "events.parquet",
    "cells.parquet",
    "membership.parquet",
    "values.parquet",
    "duckdb_result.csv",
];

/// The generated register, compacted to what the cube reads. Worker `i`
/// owns `events[offsets[i]..offsets[i + 1]]`, in the order recorded.
struct Register {
    workers: Vec<WorkerFacts>,
    offsets: Vec<usize>,
    events: Vec<EventFact>,
    n_skipped: u64,
}

impl Register {
    fn events_of(&self, worker: usize) -> &[EventFact] {
        &self.events[self.offsets[worker]..self.offsets[worker + 1]]
    }
}

/// The units reported on and the cells each one is made of.
struct ReportingUnits {
    keys: Vec<UnitKey>,
    members: Vec<Vec<CellId>>,
    n_2025: usize,
    n_legacy: usize,
}

/// Submitted figures at cell level: per entry of `SUBMITTED_CODES`, per
/// cell (indexed by `CellId`), per month of the year.
struct SubmittedValues {
    by_indicator: Vec<Vec<[f64; 12]>>,
}

/// One figure: Σ numerator and, for rates, Σ denominator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Figure {
    numerator: f64,
    denominator: Option<f64>,
}

/// How an indicator's figures are obtained here.
#[derive(Clone, Copy)]
enum Reported<'a> {
    Computed(&'a Indicator),
    /// Index into `SUBMITTED_CODES`.
    Submitted(usize),
}

/// Figures per unit × month × reported indicator, flattened in that order.
struct Figures {
    values: Vec<Figure>,
}

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted.get(rank).copied().unwrap_or(0.0)
}

fn median(samples: &[f64]) -> f64 {
    percentile(samples, 50.0)
}

/// `4000000` → `4,000,000` (English) or `4.000.000` (Vietnamese).
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

fn runs_text(runs: &[f64]) -> String {
    runs.iter()
        .map(|seconds| format!("{seconds:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(args: PlansBenchArgs) -> anyhow::Result<()> {
    let threads = args.threads.max(1);
    let units = super::admin_units()?;
    let today = vieclam_server::vietnam_today();
    let year = args.year.unwrap_or(today.year() - 1);
    if !(1900..=2200).contains(&year) {
        return Err(UserError::new(
            format!("Năm {year} không hợp lệ"),
            format!("Year {year} is out of range"),
        )
        .into());
    }
    let period = Period::year(year);
    let hanoi = AdminUnitCode::parse(HANOI)?;

    // Every commune of Hanoi in both structures gets a cell, with data or not.
    let mut cells = Cells::default();
    for structure in [UnitStructure::TwoTier2025, UnitStructure::Legacy] {
        for unit in units.all() {
            if unit.structure == structure
                && unit.level == UnitLevel::Commune
                && unit.province_code == hanoi
            {
                cells.intern(&units, &unit.key());
            }
        }
    }
    let started = Instant::now();
    let reporting = reporting_units(&units, &cells, &hanoi);
    say!(
        "Đơn vị / units: {} ({} cells), membership in {:.2} s (untimed: DuckDB reads it as input)",
        reporting.keys.len(),
        cells.len(),
        started.elapsed().as_secs_f64()
    );

    let city = CityGenerator::new(args.seed, &units, HANOI, today).ok_or_else(|| {
        UserError::new(
            "Không tạo được dữ liệu mẫu cho Hà Nội",
            "Cannot generate the demo city of Hanoi",
        )
    })?;
    say!(
        "Sinh dữ liệu / generating {} workers on {threads} threads…",
        grouped(args.workers, ',')
    );
    let started = Instant::now();
    let register = generate(&city, args.workers, threads, &cells, &units)?;
    let generation_seconds = started.elapsed().as_secs_f64();
    say!(
        "generation: {} workers, {} events in {generation_seconds:.1} s (not compared){}",
        grouped(register.workers.len() as u64, ','),
        grouped(register.events.len() as u64, ','),
        if register.n_skipped > 0 {
            format!(
                "; {} skipped (residence not a known commune)",
                register.n_skipped
            )
        } else {
            String::new()
        }
    );
    let submitted_values = submitted_values(&units, &cells, &hanoi, args.seed);

    let indicators = Indicators::embedded();
    let mut reported: Vec<(&Indicator, Reported<'_>)> = Vec::new();
    let mut skipped: Vec<&str> = Vec::new();
    for indicator in indicators.all() {
        match (indicator.source, indicator.aggregation) {
            (Source::Computed, _) => reported.push((indicator, Reported::Computed(indicator))),
            // Exchange counts add up like submitted sums.
            (Source::Submitted | Source::Exchange, Aggregation::Sum) => {
                match SUBMITTED_CODES
                    .iter()
                    .position(|code| *code == indicator.code)
                {
                    Some(index) => reported.push((indicator, Reported::Submitted(index))),
                    None => skipped.push(&indicator.code),
                }
            }
            (Source::Submitted | Source::Exchange, _) => skipped.push(&indicator.code),
        }
    }
    say!(
        "Chỉ số bỏ qua / indicators skipped: {} (no cell-level values are generated for them: an aggregation \"last\" figure is a unit's own, never summed from cells)",
        if skipped.is_empty() {
            "none".to_owned()
        } else {
            skipped.join(", ")
        }
    );
    let kinds: Vec<Reported<'_>> = reported.iter().map(|(_, kind)| *kind).collect();

    // vieclam: build the cube and compute every figure, RUNS times.
    let mut full_runs = Vec::new();
    let mut built: Option<(Cube, Figures)> = None;
    for run in 0..RUNS {
        // The previous run's cube goes before the next one is built.
        drop(built.take());
        let started = Instant::now();
        let cube = Cube::build(
            &register.workers,
            &register.offsets,
            &register.events,
            threads,
        );
        let figures = query(&cube, &cells, &reporting, &submitted_values, &kinds, period);
        let seconds = started.elapsed().as_secs_f64();
        say!(
            "vieclam run {}: {seconds:.3} s ({} cube rows)",
            run + 1,
            cube.n_rows()
        );
        full_runs.push(seconds);
        built = Some((cube, figures));
    }
    let Some((cube, figures)) = built else {
        anyhow::bail!("no vieclam run");
    };
    let mut query_runs = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let again = query(&cube, &cells, &reporting, &submitted_values, &kinds, period);
        query_runs.push(started.elapsed().as_secs_f64());
        if again.values != figures.values {
            anyhow::bail!("the query over the built cube gave other figures than the first run");
        }
    }
    say!("vieclam query only: {} s", runs_text(&query_runs));

    // The same data as files, and DuckDB over them.
    let scratch = tempfile::Builder::new()
        .prefix("vieclam-bench-plans-")
        .tempdir()
        .context("cannot make a scratch folder")?;
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| scratch.path().to_owned());
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut comparison = None;
    let mut duckdb = None;
    if args.no_duckdb {
        say!("DuckDB: bỏ qua / skipped (--no-duckdb)");
    } else {
        let started = Instant::now();
        say!("Xuất CSV / exporting CSV into {} …", dir.display());
        let bytes = export(
            &dir,
            &register,
            &cells,
            &reporting,
            &submitted_values,
            period,
        )?;
        say!(
            "exported {:.1} MB in {:.1} s (untimed)",
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        let result = run_duckdb(&dir, year, threads)?;
        comparison = Some(compare(&dir, &reporting, &reported, &figures, period)?);
        duckdb = Some(result);
    }

    // Live updates on the built cube.
    let hanoi_2025 = UnitKey {
        structure: UnitStructure::TwoTier2025,
        code: hanoi.clone(),
    };
    let hanoi_legacy = UnitKey {
        structure: UnitStructure::Legacy,
        code: hanoi.clone(),
    };
    let mut statistics = Statistics::new(cells, cube);
    let live = live_updates(
        &mut statistics,
        &register,
        &units,
        &hanoi_2025,
        &hanoi_legacy,
        year,
        args.seed,
    )?;

    // The table.
    let n_events = register.events.len() as u64;
    let n_rows = comparison.as_ref().map_or(0, |c: &Comparison| c.n_rows);
    say!();
    say!(
        "vieclam bench plans — {} người lao động, {} sự kiện, năm {year}, {threads} luồng",
        grouped(register.workers.len() as u64, '.'),
        grouped(n_events, '.')
    );
    say!(
        "vieclam bench plans — {} workers, {} events, year {year}, {threads} threads",
        grouped(register.workers.len() as u64, ','),
        grouped(n_events, ',')
    );
    say!(
        "đơn vị: {} (2025: {}, cũ: {}), tháng: 12, chỉ số: {} tính toán + báo cáo, số dòng so sánh: {}",
        reporting.keys.len(),
        reporting.n_2025,
        reporting.n_legacy,
        reported.len(),
        grouped(n_rows as u64, '.')
    );
    say!(
        "units: {} (2025: {}, legacy: {}), months: 12, indicators: {} computed+submitted, rows compared: {}",
        reporting.keys.len(),
        reporting.n_2025,
        reporting.n_legacy,
        reported.len(),
        grouped(n_rows as u64, ',')
    );
    say!("| engine | median s | runs |");
    say!("| --- | ---: | --- |");
    say!(
        "| vieclam (build cube + every unit × month × indicator) | {:.3} | {} |",
        median(&full_runs),
        runs_text(&full_runs)
    );
    say!(
        "| vieclam (query only, cube built) | {:.4} | {} |",
        median(&query_runs),
        runs_text(&query_runs)
    );
    match &duckdb {
        Some(result) => {
            say!(
                "| DuckDB {} over Parquet | {:.3} | {} |",
                result.version,
                result.parquet_median,
                runs_text(&result.parquet_runs)
            );
            say!(
                "| DuckDB {} over CSV | {:.3} | {} |",
                result.version,
                result.csv_median,
                runs_text(&result.csv_runs)
            );
            say!(
                "ratio vieclam / DuckDB Parquet: {:.2}×",
                median(&full_runs) / result.parquet_median.max(1e-9)
            );
            say!("(vieclam reads compact facts in memory; DuckDB reads the files, Parquet made beforehand and untimed)");
        }
        None => say!("| DuckDB | skipped | |"),
    }
    say!(
        "live update (event → figures of commune, province, legacy city): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} updates)",
        percentile(&live, 50.0),
        percentile(&live, 99.0),
        percentile(&live, 100.0),
        live.len()
    );
    say!("generation (not compared): {generation_seconds:.1} s");
    if let Some(megabytes) = peak_memory_megabytes() {
        say!("bộ nhớ đỉnh / peak memory of this process (VmHWM, DuckDB not included): {megabytes:.0} MB");
    }

    if args.keep {
        let kept = scratch.keep();
        if args.dir.is_none() {
            say!("Tệp giữ lại / files kept in {}", kept.display());
        } else {
            say!("Tệp giữ lại / files kept in {}", dir.display());
        }
    } else if args.dir.is_some() {
        for name in FILE_NAMES {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }

    if let Some(comparison) = comparison {
        if comparison.mismatches > 0 {
            return Err(UserError::new(
                format!(
                    "{} dòng khác nhau giữa vieclam và DuckDB",
                    comparison.mismatches
                ),
                format!(
                    "{} rows differ between vieclam and DuckDB",
                    comparison.mismatches
                ),
            )
            .into());
        }
    }
    Ok(())
}

/// The peak resident memory of this process, where Linux tells it.
fn peak_memory_megabytes() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}

/// Hanoi in both structures: the 2025 city and its communes, the legacy
/// city, its districts and their communes.
fn reporting_units(units: &AdminUnits, cells: &Cells, hanoi: &AdminUnitCode) -> ReportingUnits {
    let mut keys: Vec<UnitKey> = units
        .all()
        .iter()
        .filter(|unit| {
            unit.province_code == *hanoi
                && match unit.structure {
                    UnitStructure::TwoTier2025 => {
                        matches!(unit.level, UnitLevel::Province | UnitLevel::Commune)
                    }
                    UnitStructure::Legacy => matches!(
                        unit.level,
                        UnitLevel::Province | UnitLevel::District | UnitLevel::Commune
                    ),
                }
        })
        .map(|unit| unit.key())
        .collect();
    keys.sort();
    keys.dedup();
    let members = keys.iter().map(|key| cells.members(units, key)).collect();
    let n_2025 = keys
        .iter()
        .filter(|key| key.structure == UnitStructure::TwoTier2025)
        .count();
    ReportingUnits {
        n_legacy: keys.len() - n_2025,
        n_2025,
        keys,
        members,
    }
}

/// Workers `0..n` of the city on `threads` threads, each compacted to facts
/// as soon as it is generated (the profiles are not kept).
fn generate(
    city: &CityGenerator,
    n: u64,
    threads: usize,
    cells: &Cells,
    units: &AdminUnits,
) -> anyhow::Result<Register> {
    type Part = (Vec<WorkerFacts>, Vec<usize>, Vec<EventFact>, u64, usize);
    let chunk = n.div_ceil(threads as u64).max(1);
    let parts: Vec<std::thread::Result<Part>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk as usize)
            .map(|start| {
                let end = (start + chunk).min(n);
                let mut local = cells.clone();
                scope.spawn(move || {
                    let capacity = (end - start) as usize;
                    let mut workers = Vec::with_capacity(capacity);
                    let mut lengths = Vec::with_capacity(capacity);
                    let mut events = Vec::with_capacity(capacity * 3 / 2);
                    let mut n_skipped = 0;
                    for index in start..end {
                        let worker = city.worker(index);
                        let Some(facts) = WorkerFacts::of(
                            &worker.profile,
                            worker.registered_on,
                            &mut local,
                            units,
                        ) else {
                            n_skipped += 1;
                            continue;
                        };
                        workers.push(facts);
                        lengths.push(worker.events.len());
                        events.extend(
                            worker
                                .events
                                .iter()
                                .map(|event| EventFact::of(event, &mut local, units)),
                        );
                    }
                    (workers, lengths, events, n_skipped, local.len())
                })
            })
            .collect();
        handles.into_iter().map(|handle| handle.join()).collect()
    });
    let mut register = Register {
        workers: Vec::with_capacity(n as usize),
        offsets: vec![0],
        events: Vec::new(),
        n_skipped: 0,
    };
    for part in parts {
        let Ok((workers, lengths, events, n_skipped, n_cells)) = part else {
            anyhow::bail!("a generator thread failed");
        };
        // Every commune a generated worker can live in was interned before
        // the threads started, so each thread's copy of the cells must still
        // agree with the shared one.
        if n_cells != cells.len() {
            anyhow::bail!(
                "a generated worker lives in a commune outside Hanoi's cells ({n_cells} vs {})",
                cells.len()
            );
        }
        register.workers.extend(workers);
        register.events.extend(events);
        let mut offset = *register.offsets.last().unwrap_or(&0);
        for length in lengths {
            offset += length;
            register.offsets.push(offset);
        }
        register.n_skipped += n_skipped;
    }
    Ok(register)
}

/// Deterministic submitted figures for every Hanoi 2025 commune and month:
/// job-fair sessions by kind (the total is the sum of the kinds) and policy
/// loans with the jobs they create.
fn submitted_values(
    units: &AdminUnits,
    cells: &Cells,
    hanoi: &AdminUnitCode,
    seed: u64,
) -> SubmittedValues {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(17);
    let mut draw = |below: u32| rng.next_u32() % below;
    let mut by_indicator = vec![vec![[0.0; 12]; cells.len()]; SUBMITTED_CODES.len()];
    for unit in units.all() {
        if unit.structure != UnitStructure::TwoTier2025
            || unit.level != UnitLevel::Commune
            || unit.province_code != *hanoi
        {
            continue;
        }
        let Some(cell) = cells.get(&unit.key()) else {
            continue;
        };
        let cell = cell as usize;
        for month in 0..12 {
            let daily = f64::from(draw(4));
            let online = f64::from(draw(3));
            let thematic = f64::from(draw(2));
            let mobile = f64::from(draw(3));
            let total = daily + online + thematic + mobile;
            let disability = f64::from(draw(2)).min(total);
            let loan_jobs = draw(41);
            // VND billion with three decimals: 50–100 million per job.
            let loan_disbursed = f64::from(loan_jobs * (50 + draw(51))) / 1000.0;
            let row = [
                total,
                daily,
                online,
                thematic,
                mobile,
                disability,
                loan_disbursed,
                f64::from(loan_jobs),
            ];
            for (values, value) in by_indicator.iter_mut().zip(row) {
                values[cell][month] = value;
            }
        }
    }
    SubmittedValues { by_indicator }
}

/// Every figure of every unit × month × reported indicator, from the cube
/// and the submitted values.
fn query(
    cube: &Cube,
    cells: &Cells,
    reporting: &ReportingUnits,
    submitted: &SubmittedValues,
    kinds: &[Reported<'_>],
    period: Period,
) -> Figures {
    let table: Vec<Vec<UnitTotals>> = cube.monthly_table(cells, &reporting.members, period);
    let mut values = Vec::with_capacity(table.len() * 12 * kinds.len());
    for (members, months) in reporting.members.iter().zip(&table) {
        // Σ of the submitted values over the unit's cells, per month.
        let mut sums = vec![[0.0f64; 12]; submitted.by_indicator.len()];
        for (sum, by_cell) in sums.iter_mut().zip(&submitted.by_indicator) {
            for &cell in members {
                if let Some(cell_values) = by_cell.get(cell as usize) {
                    for (total, value) in sum.iter_mut().zip(cell_values) {
                        *total += value;
                    }
                }
            }
        }
        for (month, totals) in months.iter().enumerate() {
            for kind in kinds {
                values.push(match kind {
                    Reported::Computed(indicator) => {
                        let actual = computed(indicator, totals);
                        Figure {
                            numerator: actual.numerator.unwrap_or(0.0),
                            denominator: actual.denominator,
                        }
                    }
                    Reported::Submitted(index) => Figure {
                        numerator: sums[*index].get(month).copied().unwrap_or(0.0),
                        denominator: None,
                    },
                });
            }
        }
    }
    Figures { values }
}

fn csv_writer(dir: &Path, name: &str) -> anyhow::Result<BufWriter<std::fs::File>> {
    let path = dir.join(name);
    let file =
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

fn write_date(out: &mut impl Write, date: NaiveDate) -> std::io::Result<()> {
    write!(
        out,
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    )
}

/// Writes the five input files of `bench/plans_duckdb.py` (see
/// `bench/README.md`); returns the bytes written.
fn export(
    dir: &Path,
    register: &Register,
    cells: &Cells,
    reporting: &ReportingUnits,
    submitted: &SubmittedValues,
    period: Period,
) -> anyhow::Result<u64> {
    let mut bytes = 0;
    let mut finish = |name: &str, out: BufWriter<std::fs::File>| -> anyhow::Result<()> {
        let file = out
            .into_inner()
            .map_err(|error| anyhow::anyhow!("cannot write {name}: {error}"))?;
        bytes += file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(())
    };

    let mut out = csv_writer(dir, "workers.csv")?;
    writeln!(
        out,
        "worker,birth_date,registered_on,cell,status,trained,certified,it,si,ui,hi"
    )?;
    for (worker, facts) in register.workers.iter().enumerate() {
        write!(out, "{worker},")?;
        write_date(&mut out, facts.birth_date)?;
        out.write_all(b",")?;
        write_date(&mut out, facts.registered_on)?;
        writeln!(
            out,
            ",{},{},{},{},{},{},{},{}",
            facts.cell,
            facts.status.as_str(),
            u8::from(facts.trained),
            u8::from(facts.certified),
            u8::from(facts.it_skills),
            facts.social_insurance.as_str(),
            u8::from(facts.unemployment_insurance),
            u8::from(facts.health_insurance)
        )?;
    }
    finish("workers.csv", out)?;

    let mut out = csv_writer(dir, "events.csv")?;
    writeln!(out, "worker,seq,date,kind,cell,status")?;
    for worker in 0..register.workers.len() {
        for (seq, event) in register.events_of(worker).iter().enumerate() {
            write!(out, "{worker},{},", seq + 1)?;
            write_date(&mut out, event.date)?;
            write!(out, ",{},", event.kind.as_str())?;
            if let (EventKind::Moved, Some(cell)) = (event.kind, event.cell) {
                write!(out, "{cell}")?;
            }
            out.write_all(b",")?;
            if let (EventKind::Registered, Some(status)) = (event.kind, event.status) {
                out.write_all(status.as_str().as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
    }
    finish("events.csv", out)?;

    let mut out = csv_writer(dir, "cells.csv")?;
    writeln!(out, "cell,unit,urban")?;
    for cell in 0..cells.len() as CellId {
        writeln!(
            out,
            "{cell},{},{}",
            cells.key(cell),
            u8::from(cells.is_urban(cell))
        )?;
    }
    finish("cells.csv", out)?;

    let mut out = csv_writer(dir, "membership.csv")?;
    writeln!(out, "unit,cell")?;
    for (key, members) in reporting.keys.iter().zip(&reporting.members) {
        for cell in members {
            writeln!(out, "{key},{cell}")?;
        }
    }
    finish("membership.csv", out)?;

    let mut out = csv_writer(dir, "values.csv")?;
    writeln!(out, "indicator,cell,month,value")?;
    for (code, by_cell) in SUBMITTED_CODES.iter().zip(&submitted.by_indicator) {
        for (cell, months) in by_cell.iter().enumerate() {
            if months.iter().all(|value| *value == 0.0) {
                continue;
            }
            for (month, value) in period.months().zip(months) {
                // f64's shortest round-trip form: a value drawn as k/1000
                // prints as that decimal.
                writeln!(out, "{code},{cell},{month},{value}")?;
            }
        }
    }
    finish("values.csv", out)?;
    Ok(bytes)
}

struct DuckDbResult {
    version: String,
    parquet_median: f64,
    csv_median: f64,
    parquet_runs: Vec<f64>,
    csv_runs: Vec<f64>,
}

/// `bench/plans_duckdb.py`, from the current folder or the workspace root.
fn duckdb_script() -> Option<PathBuf> {
    let in_workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/plans_duckdb.py");
    [PathBuf::from("bench/plans_duckdb.py"), in_workspace]
        .into_iter()
        .find(|path| path.is_file())
}

fn run_duckdb(dir: &Path, year: i32, threads: usize) -> anyhow::Result<DuckDbResult> {
    let script = duckdb_script().ok_or_else(|| {
        UserError::new(
            "Không tìm thấy bench/plans_duckdb.py (chạy lệnh từ thư mục gốc của mã nguồn)",
            "bench/plans_duckdb.py not found (run from the source tree's root)",
        )
    })?;
    let probe = Command::new("python3")
        .args(["-c", "import duckdb"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Err(_) => {
            return Err(UserError::new(
                "Không tìm thấy python3; cài Python 3 và gói duckdb, hoặc chạy với --no-duckdb",
                "python3 not found; install Python 3 and the duckdb package, or pass --no-duckdb",
            )
            .into())
        }
        Ok(status) if !status.success() => {
            return Err(UserError::new(
                "Python chưa có gói duckdb (pip install duckdb), hoặc chạy với --no-duckdb",
                "the duckdb Python package is missing (pip install duckdb), or pass --no-duckdb",
            )
            .into())
        }
        Ok(_) => {}
    }
    say!("DuckDB: {} …", script.display());
    let output = Command::new("python3")
        .arg(&script)
        .arg("--dir")
        .arg(dir)
        .args([
            "--year",
            &year.to_string(),
            "--threads",
            &threads.to_string(),
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run python3")?;
    if !output.status.success() {
        return Err(UserError::new(
            format!("plans_duckdb.py thất bại ({})", output.status),
            format!("plans_duckdb.py failed ({})", output.status),
        )
        .into());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with('{'))
        .ok_or_else(|| anyhow::anyhow!("plans_duckdb.py printed no JSON line"))?;
    let json: serde_json::Value =
        serde_json::from_str(line).context("plans_duckdb.py printed malformed JSON")?;
    let number = |name: &str| -> anyhow::Result<f64> {
        json[name]
            .as_f64()
            .ok_or_else(|| anyhow::anyhow!("plans_duckdb.py: no {name} in its JSON"))
    };
    let runs = |name: &str| -> Vec<f64> {
        json[name]
            .as_array()
            .map(|runs| runs.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default()
    };
    Ok(DuckDbResult {
        version: json["duckdb_version"].as_str().unwrap_or("?").to_owned(),
        parquet_median: number("parquet_median_s")?,
        csv_median: number("csv_median_s")?,
        parquet_runs: runs("parquet_runs"),
        csv_runs: runs("csv_runs"),
    })
}

struct Comparison {
    n_rows: usize,
    mismatches: usize,
}

/// Compares every (unit, month, indicator) of vieclam with DuckDB's result
/// file: integers exactly, submitted sums within `SUBMITTED_TOLERANCE`. A
/// figure whose numerator and denominator are both zero is absent on
/// DuckDB's side by its rules.
fn compare(
    dir: &Path,
    reporting: &ReportingUnits,
    reported: &[(&Indicator, Reported<'_>)],
    figures: &Figures,
    period: Period,
) -> anyhow::Result<Comparison> {
    let path = dir.join("duckdb_result.csv");
    let mut reader =
        csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    if header != ["unit", "month", "indicator", "numerator", "denominator"] {
        anyhow::bail!("duckdb_result.csv has an unexpected header: {header:?}");
    }
    let mut theirs: HashMap<(String, String, String), (String, String)> = HashMap::new();
    for record in reader.records() {
        let record = record?;
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        theirs.insert((field(0), field(1), field(2)), (field(3), field(4)));
    }
    let months: Vec<String> = period.months().map(|month| month.to_string()).collect();
    let mut n_rows = 0;
    let mut differences: Vec<String> = Vec::new();
    let mut index = 0;
    for unit in &reporting.keys {
        let unit_text = unit.to_string();
        for month in &months {
            for (indicator, kind) in reported {
                let ours = figures.values[index];
                index += 1;
                let submitted = matches!(kind, Reported::Submitted(_));
                let present = if submitted {
                    (ours.numerator * 1e6).round() != 0.0
                } else {
                    ours.numerator != 0.0 || ours.denominator.unwrap_or(0.0) != 0.0
                };
                let key = (unit_text.clone(), month.clone(), indicator.code.clone());
                let found = theirs.remove(&key);
                if !present && found.is_none() {
                    continue;
                }
                n_rows += 1;
                let ours_text = match ours.denominator {
                    Some(denominator) => format!("{}/{denominator}", ours.numerator),
                    None => format!("{}", ours.numerator),
                };
                let agree = match &found {
                    None => false,
                    Some((numerator, denominator)) => {
                        let numerator_agrees = if submitted {
                            numerator.parse::<f64>().is_ok_and(|theirs| {
                                (theirs - ours.numerator).abs() <= SUBMITTED_TOLERANCE
                            })
                        } else {
                            numerator
                                .parse::<i64>()
                                .is_ok_and(|theirs| theirs as f64 == ours.numerator)
                        };
                        let denominator_agrees = match ours.denominator {
                            None => denominator.is_empty(),
                            Some(ours) => denominator
                                .parse::<i64>()
                                .is_ok_and(|theirs| theirs as f64 == ours),
                        };
                        numerator_agrees && denominator_agrees
                    }
                };
                if !agree {
                    let theirs_text = match &found {
                        None => "(no row)".to_owned(),
                        Some((n, d)) if d.is_empty() => n.clone(),
                        Some((n, d)) => format!("{n}/{d}"),
                    };
                    differences.push(format!(
                        "{unit_text} {month} {}: vieclam {ours_text}, DuckDB {theirs_text}",
                        indicator.code
                    ));
                }
            }
        }
    }
    // Rows only DuckDB has.
    let mut extra: Vec<_> = theirs.into_iter().collect();
    extra.sort();
    for ((unit, month, indicator), (numerator, denominator)) in extra {
        n_rows += 1;
        differences.push(format!(
            "{unit} {month} {indicator}: vieclam (no figure), DuckDB {numerator}/{denominator}"
        ));
    }
    say!(
        "So sánh / comparison: {} rows, {} mismatches",
        grouped(n_rows as u64, ','),
        differences.len()
    );
    for difference in differences.iter().take(5) {
        say!("  {difference}");
    }
    Ok(Comparison {
        n_rows,
        mismatches: differences.len(),
    })
}

/// Times `LIVE_UPDATES` live updates of random workers, each: the old
/// timeline out, one `employed` event dated in the last month of the year
/// appended, the new timeline in, then `new_jobs` and `unemployment_rate`
/// of the worker's 2025 commune, the 2025 city and the legacy city read for
/// that month. Checks that each `new_jobs` went up by exactly one.
fn live_updates(
    statistics: &mut Statistics,
    register: &Register,
    units: &AdminUnits,
    hanoi_2025: &UnitKey,
    hanoi_legacy: &UnitKey,
    year: i32,
    seed: u64,
) -> anyhow::Result<Vec<f64>> {
    let indicators = Indicators::embedded();
    let new_jobs = indicators.get("new_jobs")?;
    let unemployment_rate = indicators.get("unemployment_rate")?;
    if register.workers.is_empty() {
        return Ok(Vec::new());
    }
    let last_month = Month::new(year, 12);
    let period = Period::month(last_month);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(23);
    let mut timelines: HashMap<usize, Vec<EventFact>> = HashMap::new();
    let mut latencies = Vec::with_capacity(LIVE_UPDATES);
    let mut failures = 0;
    for _ in 0..LIVE_UPDATES {
        let worker = (rng.next_u64() % register.workers.len() as u64) as usize;
        let facts = register.workers[worker];
        let old: Vec<EventFact> = timelines
            .get(&worker)
            .cloned()
            .unwrap_or_else(|| register.events_of(worker).to_vec());
        let event = EventFact {
            date: last_month.day(1 + rng.next_u32() % 31),
            kind: EventKind::Employed,
            cell: None,
            status: None,
        };
        // Where the worker lives on the event's day: the new event is last in
        // recorded order, so every event dated that day or before comes first.
        let mut cell = facts.cell;
        let mut dated: Vec<&EventFact> = old.iter().filter(|e| e.date <= event.date).collect();
        dated.sort_by_key(|e| e.date);
        for earlier in dated {
            if let (EventKind::Moved, Some(moved_to)) = (earlier.kind, earlier.cell) {
                cell = moved_to;
            }
        }
        let key = statistics.cells.key(cell).clone();
        let commune = match key.structure {
            UnitStructure::TwoTier2025 => key,
            UnitStructure::Legacy => units.roll_up_to_2025(&key)?.key(),
        };
        let targets = [&commune, hanoi_2025, hanoi_legacy];
        let before: Vec<f64> = targets
            .iter()
            .map(|unit| {
                let totals = statistics.totals(units, unit, period);
                computed(new_jobs, &totals).numerator.unwrap_or(0.0)
            })
            .collect();

        let started = Instant::now();
        statistics.apply(&facts, &old, -1);
        let mut new = old;
        new.push(event);
        statistics.apply(&facts, &new, 1);
        let mut after = [0.0; 3];
        let mut rates = [None; 3];
        for (slot, unit) in targets.iter().enumerate() {
            let totals = statistics.totals(units, unit, period);
            after[slot] = computed(new_jobs, &totals).numerator.unwrap_or(0.0);
            rates[slot] = computed(unemployment_rate, &totals).value;
        }
        latencies.push(started.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(rates);

        if before.iter().zip(after).any(|(b, a)| a - b != 1.0) {
            failures += 1;
            if failures <= 5 {
                say!(
                    "  live update: new_jobs of {commune}, {hanoi_2025}, {hanoi_legacy} went {before:?} → {after:?}"
                );
            }
        }
        timelines.insert(worker, new);
    }
    if failures > 0 {
        return Err(UserError::new(
            format!("{failures} cập nhật trực tiếp không tăng new_jobs đúng 1"),
            format!("{failures} live updates did not raise new_jobs by exactly 1"),
        )
        .into());
    }
    Ok(latencies)
}
