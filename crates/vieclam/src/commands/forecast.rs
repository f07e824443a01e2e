//! `vieclam forecast`: a series of the living data with its forecast, the
//! shortages of a unit, or the employers likely to hire, read from the
//! database the server uses, by the same code.

use std::time::Instant;

use anyhow::Context;
use clap::Args;
use vieclam_domain::registry::occupations;
use vieclam_domain::UnitKey;
use vieclam_forecast::{Measure, Selection};
use vieclam_server::forecasts::{build_snapshot, unit_balances, unit_signals};

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// The unit, e.g. 2025:01 (Hanoi), legacy:016 (Sóc Sơn district).
    #[arg(long, default_value = "2025:01")]
    pub unit: String,
    /// An occupation code of 1–4 digits; none for every occupation.
    #[arg(long)]
    pub occupation: Option<String>,
    /// seekers, vacancies, positions, hires, ui_claims or returns.
    #[arg(long, default_value = "positions")]
    pub measure: String,
    /// Months ahead, 1–24.
    #[arg(long, default_value_t = 12)]
    pub horizon: usize,
    /// Print the unit's shortages and surpluses per sub-major group instead.
    #[arg(long)]
    pub shortages: bool,
    /// Print the employers most likely to hire in the next six months
    /// instead, with the score's back-test.
    #[arg(long)]
    pub signals: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, args: ForecastArgs) -> anyhow::Result<()> {
    super::serve::init_logging();
    let today = vieclam_server::vietnam_today();
    let unit = UnitKey::parse(&args.unit, today).map_err(|error| {
        UserError::new(
            format!("Mã đơn vị không hợp lệ: {error}"),
            format!("Invalid unit: {error}"),
        )
    })?;
    let measure = Measure::parse(&args.measure).ok_or_else(|| {
        UserError::new(
            "Chỉ số phải là seekers, vacancies, positions, hires, ui_claims hoặc returns.",
            "The measure must be seekers, vacancies, positions, hires, ui_claims or returns.",
        )
    })?;
    if !(1..=24).contains(&args.horizon) {
        return Err(UserError::new(
            "Số tháng dự báo phải từ 1 đến 24.",
            "The horizon must be 1 to 24 months.",
        )
        .into());
    }
    if let Some(code) = &args.occupation {
        let well_formed = code.len() <= 4 && code.bytes().all(|b| b.is_ascii_digit());
        if !well_formed || occupations().get(code).is_none() {
            return Err(UserError::new(
                format!("Không có mã nghề {code}."),
                format!("No occupation code {code}."),
            )
            .into());
        }
    }
    let (store, units) = super::open_store(db).await?;
    units.get(&unit).map_err(|error| {
        UserError::new(
            format!("Không có đơn vị {unit}: {error}"),
            format!("No unit {unit}: {error}"),
        )
    })?;
    let started = Instant::now();
    let snapshot = build_snapshot(store.as_ref(), units.clone(), today)
        .await
        .map_err(|error| anyhow::anyhow!(error))
        .context("cannot build the forecasts")?;
    let methods = snapshot.engine.methods();
    say!(
        "Dự báo {} chuỗi trong / {} series forecast in {:.1} s (đến hết / to the end of {})",
        snapshot.engine.ledger().n_bottom(),
        snapshot.engine.ledger().n_bottom(),
        started.elapsed().as_secs_f64(),
        snapshot.last
    );
    tracing::debug!(?methods, "methods of the bottom series");
    let mut cells = snapshot.engine.ledger().members(&units, &unit);
    cells.sort_unstable();
    if args.signals {
        let found = unit_signals(&snapshot, &units, &unit, 50);
        let check = &found.backtest;
        if args.json {
            println!(
                "{}",
                serde_json::json!({"backtest": check, "signals": found.signals.iter().map(|(signal, _)| signal).collect::<Vec<_>>()})
            );
            return Ok(());
        }
        say!(
            "Kiểm tra lại tại / back-test at {}: {} doanh nghiệp, {:.1} % tuyển trong 6 tháng sau",
            check.origin,
            check.employers,
            check.base_rate_percent
        );
        for row in &check.rows {
            say!(
                "  precision@{:<4} điểm / score {:.3}   quy tắc \"đã tuyển năm qua\" / naive {:.3}",
                row.k,
                row.score,
                row.naive
            );
        }
        say!(
            "{:>8}  {:>7}  {:>5}  {:>5}  {}",
            "id",
            "điểm",
            "vị trí",
            "tuyển",
            "tên / name"
        );
        for (signal, name) in found.signals.iter().take(30) {
            say!(
                "{:>8}  {:>7.2}  {:>5}  {:>5}  {}",
                signal.employer_id,
                signal.score,
                signal.vacancies_12m,
                signal.hires_12m,
                name
            );
        }
        return Ok(());
    }
    if args.shortages {
        let rows = unit_balances(&snapshot, &units, &unit, 2, args.horizon);
        if args.json {
            println!("{}", serde_json::to_string(&rows)?);
            return Ok(());
        }
        say!(
            "{:<4} {:>9} {:>9} {:>9} {:>21}  {:<16} {}",
            "mã",
            "cầu",
            "cung",
            "chênh",
            "khoảng 95 %",
            "",
            "nhóm nghề"
        );
        for row in &rows {
            say!(
                "{:<4} {:>9.1} {:>9.1} {:>9.1} [{:>8.1}, {:>8.1}]  {:<16} {}",
                row.occupation,
                row.demand,
                row.supply,
                row.gap,
                row.gap_lower,
                row.gap_upper,
                row.verdict_vi,
                row.occupation_vi
            );
        }
        return Ok(());
    }
    let selection = Selection {
        occupation: args.occupation.clone(),
        cells,
    };
    let answer = snapshot.engine.forecast(measure, &selection, args.horizon);
    if args.json {
        println!("{}", serde_json::to_string(&answer)?);
        return Ok(());
    }
    say!(
        "{} — {} — {}",
        measure.label_vi(),
        units.get(&unit).map(|u| u.name.as_str()).unwrap_or(""),
        args.occupation
            .as_deref()
            .and_then(|code| occupations().get(code))
            .map_or("mọi nghề / every occupation", |entry| entry
                .name_vi
                .as_str())
    );
    if let (Some(vi), Some(en)) = (&answer.message_vi, &answer.message_en) {
        say!("{vi} / {en}");
        return Ok(());
    }
    for month in answer
        .history
        .iter()
        .skip(answer.history.len().saturating_sub(12))
    {
        say!("{}  {:>10.0}", month.month, month.value);
    }
    say!(
        "Mô hình / model: {} (MASE kiểm tra lại / back-test {:.2}), đối soát / reconciled bottom-up",
        answer.method_vi.as_deref().unwrap_or(""),
        answer.backtest_mase.unwrap_or(f64::NAN)
    );
    for month in &answer.months {
        say!(
            "{}  {:>10.1}   [{:.1}, {:.1}]",
            month.month,
            month.point,
            month.lower,
            month.upper
        );
    }
    Ok(())
}
