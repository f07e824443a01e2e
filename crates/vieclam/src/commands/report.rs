//! `vieclam report`: the plans with their headline targets, and a plan's
//! progress table, from the database, on the terminal or in XLSX.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use vieclam_plans::progress::ProgressStatus;
use vieclam_plans::{format_number, Indicators, Period, PeriodKind};
use vieclam_server::plans::PlanEngine;

use crate::messages::{say, UserError};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The plans with their headline targets.
    Plans,
    /// A plan's progress: target, actual, percent achieved and status.
    Progress(ProgressArgs),
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// The plan id (see `vieclam report plans`), e.g. hanoi-2021.
    #[arg(long)]
    pub plan: String,
    /// The unit, with everything within it (the plan's unit by default),
    /// e.g. legacy:001 or 2025:10417.
    #[arg(long)]
    pub unit: Option<String>,
    /// Only targets within this period: 2021, 2021-Q1, 2021-H1, 2021-03.
    #[arg(long)]
    pub period: Option<String>,
    /// The day progress is judged on (YYYY-MM-DD); today by default.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Also write the tables to this XLSX file.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
}

pub async fn run(db: &str, command: ReportCommand) -> anyhow::Result<()> {
    let (store, units) = super::open_store(db).await?;
    match command {
        ReportCommand::Plans => {
            let plans = store.list_plans().await?;
            if plans.is_empty() {
                say!("Chưa có kế hoạch nào; `vieclam demo` nạp bốn kế hoạch mẫu / no plans yet; `vieclam demo` loads the four seed plans");
                return Ok(());
            }
            let indicators = Indicators::embedded();
            for plan in plans {
                let unit = units
                    .get(&plan.unit)
                    .map(|u| u.name.clone())
                    .unwrap_or_default();
                say!("{}  {}", plan.id, plan.document_vi());
                say!("    {}", plan.title_vi);
                say!(
                    "    {unit} ({}), {}; {} chỉ tiêu / targets, {} nhiệm vụ / tasks",
                    plan.unit,
                    plan.period.label_vi(),
                    plan.targets.len(),
                    plan.tasks.len()
                );
                for target in plan.targets.iter().filter(|t| {
                    t.unit == plan.unit
                        && matches!(t.period.kind, PeriodKind::Year | PeriodKind::Years)
                        && (t.period.first.year() == plan.period.first.year()
                            || t.period.kind == PeriodKind::Years
                            || t.period.last == plan.period.last)
                }) {
                    let Ok(indicator) = indicators.get(&target.indicator) else {
                        continue;
                    };
                    say!(
                        "    - {} {}: {} {}",
                        indicator.name_vi,
                        target.period.label_vi(),
                        target.bound.label(),
                        indicator.unit.symbol_vi()
                    );
                }
                say!();
            }
            Ok(())
        }
        ReportCommand::Progress(args) => {
            let plan = store.get_plan(&args.plan).await?.ok_or_else(|| {
                UserError::new(
                    format!(
                        "Không có kế hoạch {:?} (xem `vieclam report plans`)",
                        args.plan
                    ),
                    format!("No plan {:?} (see `vieclam report plans`)", args.plan),
                )
            })?;
            let unit = match &args.unit {
                Some(text) => {
                    let key =
                        vieclam_domain::UnitKey::parse(text, vieclam_server::vietnam_today())?;
                    units.get(&key)?;
                    key
                }
                None => plan.unit.clone(),
            };
            let period = args.period.as_deref().map(Period::parse).transpose()?;
            let as_of = args.as_of.unwrap_or_else(vieclam_server::vietnam_today);
            let started = std::time::Instant::now();
            let engine = PlanEngine::default();
            let n_workers = engine.build(store.clone(), units.clone()).await?;
            let codes: Vec<String> = Indicators::embedded()
                .all()
                .iter()
                .map(|i| i.code.clone())
                .collect();
            let values = vieclam_server::plans::figures(store.as_ref(), &codes, None).await?;
            let inner = engine
                .read(std::time::Duration::from_secs(1))
                .await
                .map_err(|_| anyhow::anyhow!("statistics not built"))?;
            let rows = vieclam_plans::progress::table(
                &plan,
                &units,
                &inner.statistics,
                &values,
                &unit,
                period,
                as_of,
            );
            drop(inner);
            say!("{}", plan.document_vi());
            say!("{}", plan.title_vi);
            say!(
                "Tiến độ đến ngày / progress as of {}: {} ({}){} — số liệu từ {} người lao động / figures from {} workers, {:.1} s",
                as_of.format("%d/%m/%Y"),
                units.get(&unit).map(|u| u.name.clone()).unwrap_or_default(),
                unit,
                period.map(|p| format!(", {}", p.label_vi())).unwrap_or_default(),
                n_workers,
                n_workers,
                started.elapsed().as_secs_f64()
            );
            say!();
            say!(
                "{:<44} {:<22} {:<15} {:>12} {:>14} {:>8}  {}",
                "Chỉ tiêu / indicator",
                "Đơn vị / unit",
                "Kỳ / period",
                "Kế hoạch",
                "Thực hiện",
                "% đạt",
                "Tình trạng / status"
            );
            for row in &rows {
                let period = Period::parse(&row.period)
                    .map(|p| p.label_vi())
                    .unwrap_or_default();
                say!(
                    "{:<44} {:<22} {:<15} {:>12} {:>14} {:>8}  {} / {}",
                    clip(&row.indicator_vi, 44),
                    clip(&row.unit_name, 22),
                    period,
                    row.target_label,
                    row.actual
                        .value
                        .map(format_number)
                        .unwrap_or_else(|| "—".to_owned()),
                    row.percent_achieved
                        .map(|p| format!("{p:.1}"))
                        .unwrap_or_else(|| "—".to_owned()),
                    row.status.label_vi(),
                    row.status.label_en()
                );
            }
            let count = |status: ProgressStatus| rows.iter().filter(|r| r.status == status).count();
            say!();
            say!(
                "{} chỉ tiêu / targets: {} đạt / achieved, {} đúng tiến độ / on track, {} chậm / behind, {} chưa có số liệu / no data",
                rows.len(),
                count(ProgressStatus::Achieved),
                count(ProgressStatus::OnTrack),
                count(ProgressStatus::Behind),
                count(ProgressStatus::NoData)
            );
            if let Some(path) = &args.xlsx {
                let bytes = vieclam_sheets::plans::progress_workbook(&plan, &rows, as_of)?;
                std::fs::write(path, bytes).map_err(|error| {
                    UserError::new(
                        format!("Không ghi được tệp {}: {error}", path.display()),
                        format!("Cannot write {}: {error}", path.display()),
                    )
                })?;
                say!("Đã ghi / written: {}", path.display());
            }
            Ok(())
        }
    }
}

/// At most `width` characters, for the terminal table.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut clipped: String = text.chars().take(width - 1).collect();
    clipped.push('…');
    clipped
}
