//! `vieclam exchange`: the job exchange from the terminal — the sessions
//! with their places taken, a quarter's schedule generated from a plan (as
//! `POST /api/v1/plans/{id}/schedule` does), and a session's report.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_exchange::report::SessionReport;
use vieclam_exchange::schedule::{quarter_schedule, ScheduleDefaults, ScheduleVenue};
use vieclam_exchange::{SessionKind, SessionStatus};
use vieclam_plans::{Period, PeriodKind, Plan};
use vieclam_store::exchange::{SessionFilter, SessionRecord, SessionWrite};
use vieclam_store::{Area, Page, Store};

use crate::messages::{say, UserError};

#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// Sessions by date, with the booths and seats taken and the waiting lists.
    Sessions(SessionsArgs),
    /// Generate a quarter's sessions from a plan's session targets.
    Schedule(ScheduleArgs),
    /// A session's report: the one filed, or built from its records now.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct SessionsArgs {
    /// Sessions held in this unit and the units within it, e.g. 01 or
    /// 2025:10417.
    #[arg(long)]
    pub unit: Option<String>,
    /// Held on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Held on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// planned, open, running, closed, reported or cancelled.
    #[arg(long)]
    pub status: Option<String>,
    /// daily, online, thematic, mobile or disability.
    #[arg(long)]
    pub kind: Option<String>,
    /// The most sessions to list.
    #[arg(long, default_value_t = 200)]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The plan id (see `vieclam report plans`), e.g. hanoi-2025.
    #[arg(long)]
    pub plan: String,
    /// The quarter, e.g. 2025-Q3.
    #[arg(long)]
    pub quarter: String,
    /// A commune mobile sessions travel to, in turn (repeat the option);
    /// every commune of the plan's province by default.
    #[arg(long = "commune")]
    pub communes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The session's id (see `vieclam exchange sessions`).
    #[arg(long)]
    pub session: i64,
    /// Write the report's workbook to this XLSX file instead of printing it.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
}

pub async fn run(db: &str, command: ExchangeCommand) -> anyhow::Result<()> {
    let (store, units) = super::open_store(db).await?;
    match command {
        ExchangeCommand::Sessions(args) => sessions(store.as_ref(), &units, args).await,
        ExchangeCommand::Schedule(args) => schedule(store.as_ref(), &units, args).await,
        ExchangeCommand::Report(args) => report(store.as_ref(), &units, args).await,
    }
}

/// Parses a unit code as a person types it (`01`, `10417`, `2025:10417`,
/// `legacy:001`), read in the structure in force today.
fn parse_unit(units: &AdminUnits, text: &str) -> anyhow::Result<UnitKey> {
    let key = UnitKey::parse(text, vieclam_server::vietnam_today())?;
    units.get(&key)?;
    Ok(key)
}

async fn sessions(store: &dyn Store, units: &AdminUnits, args: SessionsArgs) -> anyhow::Result<()> {
    let filter = SessionFilter {
        area: match &args.unit {
            Some(text) => Some(Area::of_unit(units, &parse_unit(units, text)?)),
            None => None,
        },
        venues: None,
        kind: args.kind.as_deref().map(SessionKind::parse).transpose()?,
        status: args
            .status
            .as_deref()
            .map(SessionStatus::parse)
            .transpose()?,
        from: args.from,
        to: args.to,
        plan_id: None,
    };
    let total = store.count_sessions(&filter).await?;
    let found = store
        .list_sessions(
            &filter,
            Page {
                limit: args.limit.clamp(1, 10_000),
                offset: 0,
            },
        )
        .await?;
    if found.is_empty() {
        say!("Không có phiên nào / no sessions");
        return Ok(());
    }
    let header = |columns: [&str; 9]| {
        say!(
            "{:>6}  {:<10}  {:<10}  {:<10}  {:>7}  {:>9}  {:>7}  {:<22}  {}",
            columns[0],
            columns[1],
            columns[2],
            columns[3],
            columns[4],
            columns[5],
            columns[6],
            columns[7],
            columns[8]
        )
    };
    header([
        "Phiên",
        "Ngày",
        "Loại",
        "Trạng thái",
        "Gian",
        "Chỗ",
        "Chờ",
        "Nơi tổ chức",
        "Tên phiên",
    ]);
    header([
        "id", "date", "kind", "status", "booths", "seats", "waiting", "where", "title",
    ]);
    for record in &found {
        let session = &record.session;
        let place = units
            .get(&session.unit)
            .map(|unit| unit.name.clone())
            .unwrap_or_else(|_| session.unit.to_string());
        say!(
            "{:>6}  {:<10}  {:<10}  {:<10}  {:>7}  {:>9}  {:>7}  {:<22}  {}",
            record.id,
            session.date,
            session.kind.as_str(),
            record.status.as_str(),
            format!("{}/{}", record.booths_taken, session.booths),
            format!("{}/{}", record.seats_taken, session.seats),
            format!("{}+{}", record.employers_waiting, record.workers_waiting),
            clip(&place, 22),
            session.title
        );
    }
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for record in &found {
        *by_status.entry(record.status.as_str()).or_default() += 1;
    }
    say!();
    say!(
        "{} phiên / sessions{}: {}",
        total,
        if (found.len() as u64) < total {
            format!(
                " (liệt kê {} phiên đầu / the first {} listed)",
                found.len(),
                found.len()
            )
        } else {
            String::new()
        },
        by_status
            .iter()
            .map(|(status, n)| format!("{status} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// The most venues a schedule reads (a province has a few dozen).
const MAX_VENUES: u32 = 500;

/// Generates and stores a quarter's sessions from a plan, at every venue of
/// the plan's province, `planned`. With a `plan_id` the sessions are marked
/// as the plan's and a quarter already scheduled from it is refused (as the
/// API refuses it); without one (the demo's quarters after the plan) they
/// are stored as any other session.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn schedule_sessions(
    store: &dyn Store,
    units: &AdminUnits,
    plan: &Plan,
    quarter: Period,
    communes: Option<Vec<UnitKey>>,
    defaults: &ScheduleDefaults,
    plan_id: Option<&str>,
    actor: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<SessionRecord>> {
    if quarter.kind != PeriodKind::Quarter {
        return Err(UserError::new(
            format!("{quarter} không phải một quý (ví dụ 2025-Q3)"),
            format!("{quarter} is not a quarter (e.g. 2025-Q3)"),
        )
        .into());
    }
    if let Some(id) = plan_id {
        let existing = store
            .count_sessions(&SessionFilter {
                plan_id: Some(id.to_owned()),
                from: Some(quarter.first_day()),
                to: Some(quarter.last_day()),
                ..SessionFilter::default()
            })
            .await?;
        if existing > 0 {
            return Err(UserError::new(
                format!(
                    "Đã lập lịch {existing} phiên {} theo kế hoạch {id}",
                    quarter.label_vi()
                ),
                format!("{existing} sessions of {quarter} are already scheduled from plan {id}"),
            )
            .into());
        }
    }
    let province = units.current_province_code(&plan.unit)?.to_string();
    let venues: Vec<ScheduleVenue> = store
        .list_venues(
            &Area::Province(province.clone()),
            Page {
                limit: MAX_VENUES,
                offset: 0,
            },
        )
        .await?
        .into_iter()
        .map(|venue| ScheduleVenue {
            id: venue.id,
            name: venue.venue.name,
            kind: venue.venue.kind,
            unit: venue.venue.unit,
            booths: venue.venue.booths,
            seats: venue.venue.seats,
        })
        .collect();
    let communes = match communes {
        Some(communes) => communes,
        None => {
            units.communes_covered_by(&UnitKey::parse(&province, vieclam_server::vietnam_today())?)
        }
    };
    let drafts = quarter_schedule(plan, quarter, &venues, &communes, units, defaults)?;
    let provinces: Vec<String> = drafts
        .iter()
        .map(|draft| {
            units
                .current_province_code(&draft.unit)
                .map(|code| code.to_string())
        })
        .collect::<Result<_, _>>()?;
    let writes: Vec<SessionWrite<'_>> = drafts
        .iter()
        .zip(&provinces)
        .map(|(draft, province)| SessionWrite {
            session: draft,
            province_code: province,
            plan_id,
            actor,
        })
        .collect();
    Ok(store.create_sessions(&writes, now).await?)
}

async fn schedule(store: &dyn Store, units: &AdminUnits, args: ScheduleArgs) -> anyhow::Result<()> {
    let plan = store.get_plan(&args.plan).await?.ok_or_else(|| {
        UserError::new(
            format!(
                "Không có kế hoạch {:?} (xem `vieclam report plans`)",
                args.plan
            ),
            format!("No plan {:?} (see `vieclam report plans`)", args.plan),
        )
    })?;
    let quarter = Period::parse(&args.quarter)?;
    let communes = if args.communes.is_empty() {
        None
    } else {
        Some(
            args.communes
                .iter()
                .map(|text| parse_unit(units, text))
                .collect::<anyhow::Result<Vec<_>>>()?,
        )
    };
    let created = schedule_sessions(
        store,
        units,
        &plan,
        quarter,
        communes,
        &ScheduleDefaults::default(),
        Some(&plan.id),
        None,
        Utc::now(),
    )
    .await?;
    say!(
        "Đã lập lịch {} phiên {} theo kế hoạch {} / scheduled {} sessions of {} from plan {}:",
        created.len(),
        quarter.label_vi(),
        plan.id,
        created.len(),
        quarter,
        plan.id
    );
    for kind in SessionKind::ALL {
        let of_kind: Vec<&SessionRecord> = created
            .iter()
            .filter(|record| record.session.kind == *kind)
            .collect();
        let (Some(first), Some(last)) = (of_kind.first(), of_kind.last()) else {
            continue;
        };
        say!(
            "  {:<60} {:>4}  ({} – {})",
            format!("{} ({})", kind.name_vi(), kind.as_str()),
            of_kind.len(),
            first.session.date.format("%d/%m/%Y"),
            last.session.date.format("%d/%m/%Y")
        );
    }
    if let (Some(first), Some(last)) = (created.first(), created.last()) {
        say!(
            "Phiên số / session ids {}–{}, trạng thái / status: planned",
            first.id,
            last.id
        );
    }
    Ok(())
}

async fn report(store: &dyn Store, units: &AdminUnits, args: ReportArgs) -> anyhow::Result<()> {
    let id = args.session;
    let session = store.get_session(id).await?.ok_or_else(|| {
        UserError::new(
            format!("Không có phiên giao dịch việc làm #{id} (xem `vieclam exchange sessions`)"),
            format!("No session #{id} (see `vieclam exchange sessions`)"),
        )
    })?;
    let filed = if session.status == SessionStatus::Reported {
        store.session_report(id).await?
    } else {
        None
    };
    let report: SessionReport = match filed {
        Some(value) => serde_json::from_value(value).map_err(|error| {
            UserError::new(
                format!("Báo cáo đã nộp của phiên #{id} không đọc được: {error}"),
                format!("The filed report of session #{id} does not read back: {error}"),
            )
        })?,
        None => {
            let venue = store
                .get_venue(session.session.venue_id)
                .await?
                .ok_or_else(|| {
                    UserError::new(
                        format!("Không có sàn #{} của phiên #{id}", session.session.venue_id),
                        format!("No venue #{} of session #{id}", session.session.venue_id),
                    )
                })?;
            let place = vieclam_server::exchange::session_place(units, &session, &venue);
            vieclam_server::exchange::live_report(
                store,
                &session,
                place,
                vieclam_server::vietnam_today(),
            )
            .await?
        }
    };
    if let Some(path) = &args.xlsx {
        let bytes =
            vieclam_sheets::session_report::write_session_report(&report).map_err(|error| {
                UserError::new(
                    format!("Không tạo được bảng tính báo cáo: {error}"),
                    format!("Cannot make the report's workbook: {error}"),
                )
            })?;
        std::fs::write(path, bytes).map_err(|error| {
            UserError::new(
                format!("Không ghi được tệp {}: {error}", path.display()),
                format!("Cannot write {}: {error}", path.display()),
            )
        })?;
        say!("Đã ghi / written: {}", path.display());
        return Ok(());
    }
    let head = &report.session;
    say!("BÁO CÁO KẾT QUẢ PHIÊN GIAO DỊCH VIỆC LÀM / SESSION REPORT #{id}");
    say!("{}", head.title);
    say!(
        "{} – ngày {} – tại {}",
        head.kind.name_vi(),
        head.date.format("%d/%m/%Y"),
        head.place
    );
    if !head.organiser.is_empty() {
        say!("Đơn vị tổ chức / organiser: {}", head.organiser);
    }
    match session.reported_at {
        Some(at) if session.status == SessionStatus::Reported => say!(
            "Đã nộp báo cáo / filed: {}",
            (at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M")
        ),
        _ => say!(
            "Trạng thái / status: {} — {}; số liệu đến hôm nay, chưa nộp / figures as of today, not filed",
            session.status.as_str(),
            session.status.name_vi()
        ),
    }
    say!();
    for (label, value) in vieclam_sheets::session_report::summary_lines(&report) {
        say!("  {label:<45} {value:>8}");
    }
    Ok(())
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
