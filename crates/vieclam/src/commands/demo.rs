//! `vieclam demo`: a ready-to-try installation — the database with the
//! administrative units and one account for each role, then the server.

use crate::messages::say;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;

use chrono::Utc;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use vieclam_demo::{CityGenerator, CitySize, GeneratedWorker};
use vieclam_domain::registry::EventSource;
use vieclam_domain::{AdminUnits, NewPassword, Username};
use vieclam_server::{AppState, ServerConfig};
use vieclam_store::{Area, EmployerWrite, EventWrite, Page, Store, VacancyWrite, WorkerWrite};

/// How big a demo city to generate.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DemoSize {
    /// About 10,000 workers (for tests).
    Small,
    /// About 200,000 workers, 20,000 employers, 50,000 vacancies.
    Default,
    /// 4,000,000 workers: Hanoi's labour force.
    City,
}

impl DemoSize {
    pub(crate) fn size(self) -> CitySize {
        match self {
            DemoSize::Small => CitySize::SMALL,
            DemoSize::Default => CitySize::DEFAULT,
            DemoSize::City => CitySize::CITY,
        }
    }
}

/// The password of every demo account. A demo database is for trying the
/// system out; never run `demo` against a production database.
pub const DEMO_PASSWORD: &str = "vieclam-demo-2026";

/// (username, role, unit, display name) of the demo accounts.
pub const DEMO_ACCOUNTS: &[(&str, &str, Option<&str>, &str)] = &[
    ("admin", "admin", None, "Quản trị hệ thống"),
    (
        "so.hanoi",
        "province_officer",
        Some("2025:01"),
        "Sở Nội vụ Hà Nội",
    ),
    (
        "ttdvvl.hanoi",
        "exchange_staff",
        Some("2025:01"),
        "Trung tâm Dịch vụ việc làm Hà Nội",
    ),
    (
        "san.socson",
        "exchange_staff",
        Some("2025:00376"),
        "Sàn giao dịch việc làm vệ tinh Sóc Sơn",
    ),
    (
        "xa.hoaxa",
        "unit_officer",
        Some("2025:10417"),
        "UBND xã Hòa Xá — Phòng Văn hóa - Xã hội",
    ),
    (
        "phuong.badinh",
        "unit_officer",
        Some("2025:00004"),
        "UBND phường Ba Đình — Phòng Văn hóa - Xã hội",
    ),
    (
        "nhcsxh.hanoi",
        "partner_agency",
        Some("2025:01"),
        "Ngân hàng Chính sách xã hội — CN Hà Nội",
    ),
    ("dn.demo", "employer", None, "Doanh nghiệp mẫu"),
    ("nld.demo", "worker", None, "Người lao động mẫu"),
];

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Set up the demo and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    /// How big a city.
    #[arg(long, value_enum, default_value_t = DemoSize::Default)]
    pub size: DemoSize,
    /// The seed of the generator: the same seed gives the same city.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The 2025 province the city is built on (Hanoi is 01).
    #[arg(long, default_value = "01")]
    pub province: String,
    #[arg(long, env = "VIECLAM_ADDR", default_value_t = vieclam_server::DEFAULT_ADDRESS)]
    pub addr: SocketAddr,
}

pub async fn run(db: &str, args: DemoArgs) -> anyhow::Result<()> {
    super::serve::init_logging();
    let (store, units) = super::open_store(db).await?;
    let password = NewPassword::parse(DEMO_PASSWORD)?;
    let mut n_created = 0;
    for (username, role, unit, display_name) in DEMO_ACCOUNTS {
        let existing = store
            .find_user_credentials(&Username::parse(username)?)
            .await?;
        if existing.is_none() {
            super::user::create_account(
                store.as_ref(),
                &units,
                username,
                role,
                *unit,
                Some(display_name),
                &password,
            )
            .await?;
            n_created += 1;
        }
    }
    let n_workers = store.count_workers(&Area::All).await?;
    if n_workers == 0 {
        generate_city(store.as_ref(), &units, &args).await?;
    } else {
        say!("Cơ sở dữ liệu đã có {n_workers} người lao động: giữ nguyên / the database has {n_workers} workers already: kept as it is");
    }
    link_demo_accounts(store.as_ref(), &args).await?;
    let (n_plans, n_values, n_reports) = super::demo_plans::load(
        store.as_ref(),
        &units,
        args.seed,
        vieclam_server::vietnam_today(),
    )
    .await?;
    if n_plans > 0 {
        say!("Kế hoạch mẫu / seed plans: {n_plans}; số liệu nhập / figures entered: {n_values}; báo cáo / reports: {n_reports}");
    }
    let started = Instant::now();
    let exchange = super::demo_exchange::load(
        store.as_ref(),
        &units,
        args.seed,
        &args.province,
        vieclam_server::vietnam_today(),
        Utc::now(),
    )
    .await?;
    if let Some(summary) = exchange {
        say!(
            "{} ({:.1} s)",
            summary.line(),
            started.elapsed().as_secs_f64()
        );
    }
    let (n_legacy, n_2025) = store.count_admin_units().await?;
    say!();
    say!(
        "vieclam demo — {} ({})",
        db_label(db),
        store.backend().as_str()
    );
    say!(
        "  Đơn vị hành chính / administrative units: {n_2025} từ 01/7/2025, {n_legacy} trước 01/7/2025"
    );
    say!("  Tài khoản mới tạo / accounts created: {n_created}");
    say!(
        "  Người lao động / workers: {}, doanh nghiệp / employers: {}",
        store.count_workers(&Area::All).await?,
        count_all_employers(store.as_ref()).await?
    );
    say!();
    say!("Tài khoản demo / demo accounts (mật khẩu / password: {DEMO_PASSWORD}):");
    for (username, role, unit, display_name) in DEMO_ACCOUNTS {
        say!(
            "  {username:<15} {role:<17} {:<12} {display_name}",
            unit.unwrap_or("")
        );
    }
    say!(
        "  Sàn giao dịch việc làm / job exchange: {} vận hành mọi sàn / runs every venue; {} chỉ sàn vệ tinh Sóc Sơn / only the Sóc Sơn satellite",
        super::demo_exchange::CENTRE_STAFF,
        super::demo_exchange::SATELLITE_STAFF
    );
    say!();
    say!(
        "Trang web / web site: http://{}/  (người lao động / worker: nld.demo, nhà tuyển dụng / employer: dn.demo)",
        args.addr
    );
    say!("Đăng nhập API / API log in:");
    say!(
        "  curl -s -X POST http://{}/api/v1/auth/login -H 'content-type: application/json' \\\n       -d '{{\"username\":\"so.hanoi\",\"password\":\"{DEMO_PASSWORD}\"}}'",
        args.addr
    );
    say!(
        "  then: curl -H 'Authorization: Bearer <token>' http://{}/api/v1/units/01",
        args.addr
    );
    say!("  API: http://{}/api/openapi.json", args.addr);
    say!();
    if args.no_serve {
        return Ok(());
    }
    // The demo's province (Hà Nội, 01, by default) is the site's city:
    // its home page and public figures.
    let city = super::serve::city_key(&units, &args.province)?;
    super::serve::serve(
        AppState::new(
            store,
            units,
            ServerConfig {
                city: Some(city),
                ..ServerConfig::default()
            },
        ),
        args.addr,
    )
    .await
}

/// The database URL without any password it may carry.
fn db_label(db: &str) -> String {
    match (db.find("://"), db.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://…{}", &db[..scheme_end], &db[at..])
        }
        _ => db.to_owned(),
    }
}

fn progress(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg:<34} [{bar:30}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

/// Records written per transaction.
const BATCH: u64 = 10_000;

async fn count_all_employers(store: &dyn Store) -> anyhow::Result<u64> {
    let mut n = 0;
    let mut offset = 0;
    loop {
        let page = store
            .list_employers(
                &Area::All,
                Page {
                    limit: 1000,
                    offset,
                },
            )
            .await?;
        n += page.len() as u64;
        if page.len() < 1000 {
            return Ok(n);
        }
        offset += 1000;
    }
}

/// Generates the city and writes it: employers, workers with their events,
/// vacancies.
pub(crate) async fn generate_city(
    store: &dyn Store,
    units: &AdminUnits,
    args: &DemoArgs,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let today = vieclam_server::vietnam_today();
    let size = args.size.size();
    let city = CityGenerator::new(args.seed, units, &args.province, today).ok_or_else(|| {
        crate::messages::UserError::new(
            format!("Không có tỉnh mã {} trong cấu trúc 2025", args.province),
            format!("No province {} in the 2025 structure", args.province),
        )
    })?;
    let province = units
        .current_province_code(&vieclam_domain::UnitKey::parse(
            &format!("2025:{}", args.province),
            today,
        )?)?
        .to_string();

    let bar = progress(size.n_employers, "Doanh nghiệp / employers");
    let mut index = 0;
    while index < size.n_employers {
        let end = (index + BATCH).min(size.n_employers);
        let profiles: Vec<_> = (index..end).map(|i| city.employer(i)).collect();
        let writes: Vec<EmployerWrite<'_>> = profiles
            .iter()
            .map(|profile| EmployerWrite {
                profile,
                province_code: &province,
            })
            .collect();
        store.import_employers(&writes, Utc::now()).await?;
        bar.inc(end - index);
        index = end;
    }
    bar.finish();

    let bar = progress(size.n_workers, "Người lao động / workers");
    let mut index = 0;
    while index < size.n_workers {
        let end = (index + BATCH).min(size.n_workers);
        let workers: Vec<GeneratedWorker> = (index..end).map(|i| city.worker(i)).collect();
        let writes: Vec<WorkerWrite<'_>> = workers
            .iter()
            .map(|worker| WorkerWrite {
                profile: &worker.profile,
                province_code: &province,
                registered_on: worker.registered_on,
                source: EventSource::UnitSurvey,
                actor: None,
            })
            .collect();
        store.import_workers(&writes, Utc::now()).await?;
        let citizen_ids: Vec<String> = workers
            .iter()
            .map(|worker| {
                worker
                    .profile
                    .citizen_id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        let events: Vec<EventWrite<'_>> = workers
            .iter()
            .zip(&citizen_ids)
            .flat_map(|(worker, citizen_id)| {
                worker.events.iter().map(|event| EventWrite {
                    citizen_id,
                    event,
                    province_code: &province,
                })
            })
            .collect();
        store.import_events(&events, Utc::now()).await?;
        bar.inc(end - index);
        index = end;
    }
    bar.finish();

    let mut employer_ids: HashMap<String, i64> = HashMap::new();
    let mut offset = 0;
    loop {
        let page = store
            .list_employers(
                &Area::All,
                Page {
                    limit: 1000,
                    offset,
                },
            )
            .await?;
        for employer in &page {
            if let Some(tax_code) = &employer.profile.tax_code {
                employer_ids.insert(tax_code.to_string(), employer.id);
            }
        }
        if page.len() < 1000 {
            break;
        }
        offset += 1000;
    }
    let bar = progress(size.n_vacancies, "Vị trí tuyển dụng / vacancies");
    let mut index = 0;
    while index < size.n_vacancies {
        let end = (index + BATCH).min(size.n_vacancies);
        let mut vacancies: Vec<_> = (index..end)
            .map(|i| city.vacancy(i, size.n_employers))
            .collect();
        for vacancy in &mut vacancies {
            vacancy.posting.employer_id = employer_ids
                .get(vacancy.employer_tax_code.as_str())
                .copied()
                .unwrap_or_default();
        }
        let writes: Vec<VacancyWrite<'_>> = vacancies
            .iter()
            .filter(|vacancy| vacancy.posting.employer_id != 0)
            .map(|vacancy| VacancyWrite {
                posting: &vacancy.posting,
                province_code: &province,
                // 09:00 in Vietnam on the day it was opened.
                opened_at: vacancy
                    .opened_on
                    .and_hms_opt(2, 0, 0)
                    .map(|at| at.and_utc()),
            })
            .collect();
        store.import_vacancies(&writes, Utc::now()).await?;
        bar.inc(end - index);
        index = end;
    }
    bar.finish();
    say!(
        "Thành phố demo đã tạo trong / demo city generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Links the demo worker account to the first generated worker, and the
/// demo employer account to the first generated employer with an open
/// vacancy (so that its pages have something to show).
async fn link_demo_accounts(store: &dyn Store, args: &DemoArgs) -> anyhow::Result<()> {
    let units = super::admin_units()?;
    let Some(city) = CityGenerator::new(
        args.seed,
        &units,
        &args.province,
        vieclam_server::vietnam_today(),
    ) else {
        return Ok(());
    };
    let worker = city.worker(0);
    let citizen_id = worker
        .profile
        .citizen_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    let worker_id = store
        .find_worker_by_citizen_id(&citizen_id)
        .await?
        .map(|w| w.id);
    let today = vieclam_server::vietnam_today();
    let mut employer_id = None;
    for index in 0..500 {
        let Some(employer) = store
            .find_employer_by_tax_code(CityGenerator::tax_code(index).as_str())
            .await?
        else {
            continue;
        };
        let open = store
            .list_vacancies(
                &Area::All,
                Some(employer.id),
                Some(today),
                vieclam_store::Page {
                    limit: 1,
                    offset: 0,
                },
            )
            .await?;
        if employer_id.is_none() {
            employer_id = Some(employer.id);
        }
        if !open.is_empty() {
            employer_id = Some(employer.id);
            break;
        }
    }
    for (username, worker_id, employer_id) in [
        ("nld.demo", worker_id, None),
        ("dn.demo", None, employer_id),
    ] {
        if let Some(account) = store
            .find_user_credentials(&Username::parse(username)?)
            .await?
        {
            if worker_id.is_some() || employer_id.is_some() {
                store
                    .link_account(account.account.id, worker_id, employer_id)
                    .await?;
            }
        }
    }
    Ok(())
}
