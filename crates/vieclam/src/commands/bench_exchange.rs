//! `vieclam bench exchange`: the job exchange measured over HTTP through
//! the real router, on SQLite (a temp file in WAL mode, opened as `vieclam
//! serve` opens it) and on PostgreSQL (a scratch schema), each beside a
//! peer measured in the same run:
//!
//! 1. registrations per second under many concurrent clients, beside the
//!    same number of reads of the session through the same stack; each
//!    round checks that exactly the seats were accepted and the rest
//!    wait-listed 1, 2, 3, …;
//! 2. pre-matching a running session over HTTP, beside the same ranking
//!    in-process with the index and with brute force, from the matching
//!    forms already built; the answers are compared;
//! 3. how soon a hire recorded at a session shows in the new-jobs figure of
//!    the worker's commune, beside one read of that figure.
//!
//! Figures are medians over the rounds, with the least and the most. The
//! clients run in the same process as the server, on the same cores.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use chrono::Utc;
use clap::Args;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vieclam_demo::CityGenerator;
use vieclam_domain::registry::{EventSource, VacancyStatus};
use vieclam_domain::{AdminUnits, Role, UnitKey, Username};
use vieclam_match::{pre_match, Opening, OpeningIndex, Seeker, SeekerIndex, Viewer, Weights};
use vieclam_server::{AppState, ServerConfig};
use vieclam_store::{EmployerWrite, NewUser, Store, VacancyWrite, WorkerWrite};

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct ExchangeBenchArgs {
    /// Workers registered in each round of the registration measurement.
    #[arg(long, default_value_t = 2_000)]
    pub workers: usize,
    /// Seats of each round's session: the workers past them are wait-listed.
    #[arg(long, default_value_t = 500)]
    pub seats: u32,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 200)]
    pub clients: usize,
    /// Rounds of each measurement; figures are medians over them.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Workers registered at the pre-matched session.
    #[arg(long, default_value_t = 2_000)]
    pub prematch_workers: usize,
    /// Vacancies brought to the pre-matched session (five per employer).
    #[arg(long, default_value_t = 300)]
    pub prematch_vacancies: usize,
    /// Also measure PostgreSQL at this URL (in a scratch schema, dropped after).
    #[arg(long, env = "VIECLAM_TEST_PG")]
    pub pg: Option<String>,
    /// Leave PostgreSQL out even when --pg or VIECLAM_TEST_PG is given.
    #[arg(long)]
    pub skip_pg: bool,
    /// Tiny sizes and one round: a check that the bench runs, in seconds.
    #[arg(long)]
    pub smoke: bool,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// The sizes of a run, after `--smoke`.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    workers: usize,
    seats: u32,
    clients: usize,
    rounds: usize,
    prematch_workers: usize,
    prematch_vacancies: usize,
    seed: u64,
}

impl Sizes {
    fn of(args: &ExchangeBenchArgs) -> Sizes {
        if args.smoke {
            Sizes {
                workers: 40,
                seats: 15,
                clients: 8,
                rounds: 1,
                prematch_workers: 30,
                prematch_vacancies: 12,
                seed: args.seed,
            }
        } else {
            Sizes {
                workers: args.workers,
                seats: args.seats,
                clients: args.clients,
                rounds: args.rounds,
                prematch_workers: args.prematch_workers,
                prematch_vacancies: args.prematch_vacancies,
                seed: args.seed,
            }
        }
    }
}

/// Vacancies each employer brings to the pre-matched session.
const VACANCIES_PER_EMPLOYER: usize = 5;
/// Vacancies per worker and candidates per vacancy.
const K: usize = 10;
/// Interview slots of a day, five minutes each.
const SLOTS: usize = 24 * 12;
const PASSWORD: &str = "bench-exchange-password";
const PROVINCE_OFFICER: &str = "bench.so";
const STAFF: &str = "bench.san";
/// Unit of the venue and its sessions (a ward of Hanoi, 2025 structure).
const VENUE_UNIT: &str = "2025:00008";

/// The least, the median and the most of a measurement's rounds.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

fn spread(samples: &[f64]) -> Spread {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    };
    Spread {
        median,
        min: sorted.first().copied().unwrap_or(f64::NAN),
        max: sorted.last().copied().unwrap_or(f64::NAN),
    }
}

/// Measurement 1, one entry per round.
#[derive(Debug, Default)]
pub struct Registrations {
    /// Registrations per second, first request to last answer.
    pub per_second: Vec<f64>,
    /// Reads of the session per second, the same way (the peer).
    pub reads_per_second: Vec<f64>,
    /// Accepted and wait-listed, as checked after each round.
    pub accepted: Vec<usize>,
    pub waiting: Vec<usize>,
}

/// Measurement 2, times in milliseconds, one entry per round.
#[derive(Debug, Default)]
pub struct Prematching {
    pub n_workers: usize,
    pub n_vacancies: usize,
    pub http: Vec<f64>,
    pub forms: Vec<f64>,
    pub index_workers: Vec<f64>,
    pub brute_workers: Vec<f64>,
    pub index_vacancies: Vec<f64>,
    pub brute_vacancies: Vec<f64>,
    /// Workers (and vacancies) whose top K the index and brute force agree
    /// on, the fewest over the rounds.
    pub same_workers: usize,
    pub same_vacancies: usize,
    /// Workers (and vacancies) whose top K over HTTP is the in-process one.
    pub http_same_workers: usize,
    pub http_same_vacancies: usize,
    pub answer_bytes: usize,
}

/// Measurement 3, times in milliseconds, one entry per round.
#[derive(Debug, Default)]
pub struct Hires {
    pub month: String,
    pub post: Vec<f64>,
    pub visible: Vec<f64>,
    /// One read of the figure (the peer).
    pub read: Vec<f64>,
    /// The most reads a hire took to show.
    pub max_reads: usize,
}

/// Everything measured on one engine.
#[derive(Debug)]
pub struct EngineReport {
    pub engine: String,
    pub registrations: Registrations,
    pub prematching: Prematching,
    pub hires: Hires,
}

pub async fn run(args: ExchangeBenchArgs) -> anyhow::Result<()> {
    measure(&args).await.map(|_| ())
}

/// Runs every measurement on SQLite and, when asked, PostgreSQL, printing
/// the tables as it goes.
pub async fn measure(args: &ExchangeBenchArgs) -> anyhow::Result<Vec<EngineReport>> {
    let sizes = Sizes::of(args);
    if sizes.workers == 0 || sizes.clients == 0 || sizes.rounds == 0 {
        return Err(UserError::new(
            "--workers, --clients và --rounds phải lớn hơn 0",
            "--workers, --clients and --rounds must be above 0",
        )
        .into());
    }
    if sizes.prematch_vacancies == 0 || sizes.prematch_workers < sizes.rounds + 1 {
        return Err(UserError::new(
            "Phiên ghép nối cần ít nhất một vị trí và --rounds + 1 người lao động",
            "The pre-matched session needs a vacancy and --rounds + 1 workers",
        )
        .into());
    }
    if sizes.rounds + 1 > SLOTS {
        return Err(UserError::new(
            format!("Tối đa {} vòng", SLOTS - 1),
            format!("At most {} rounds", SLOTS - 1),
        )
        .into());
    }
    let units = Arc::new(super::admin_units()?);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    say!(
        "vieclam bench exchange: {cores} lõi / cores ({}), {} máy khách đồng thời / concurrent clients, {} vòng / rounds{}",
        cpu_model(),
        sizes.clients,
        sizes.rounds,
        if args.smoke { ", --smoke" } else { "" }
    );
    say!("  (máy khách chạy cùng tiến trình và cùng lõi với máy chủ / the clients run in the server's process, on the same cores; load average at start: {})", load_average());
    let mut reports = Vec::new();

    let folder = tempfile::tempdir().context("cannot make a scratch folder")?;
    let path = folder.path().join("exchange.db");
    let url = format!("sqlite://{}", path.display());
    let (store, _) = super::open_store(&url).await?;
    let (version, journal) = sqlite_facts(&url).await?;
    let engine = format!("SQLite {version} (journal_mode={journal}, temp file)");
    reports.push(on_engine(engine, store, Arc::clone(&units), sizes).await?);
    drop(folder);

    match (&args.pg, args.skip_pg) {
        (Some(pg), false) => {
            let schema = format!("vieclam_bench_exchange_{}", std::process::id());
            let admin = sqlx::PgPool::connect(pg)
                .await
                .context("cannot reach PostgreSQL")?;
            let version: String = sqlx::query_scalar("SHOW server_version")
                .fetch_one(&admin)
                .await?;
            sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&admin)
                .await?;
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await?;
            let separator = if pg.contains('?') { '&' } else { '?' };
            let url = format!("{pg}{separator}options=-c%20search_path%3D{schema}");
            let result = async {
                let (store, _) = super::open_store(&url).await?;
                let engine = format!("PostgreSQL {version} (scratch schema {schema})");
                on_engine(engine, store, Arc::clone(&units), sizes).await
            }
            .await;
            sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&admin)
                .await?;
            admin.close().await;
            reports.push(result?);
        }
        (Some(_), true) => say!("PostgreSQL: bỏ qua / skipped (--skip-pg)"),
        (None, _) => {
            say!("PostgreSQL: bỏ qua / skipped (give --pg postgres://… or VIECLAM_TEST_PG)")
        }
    }
    print_summary(&reports);
    Ok(reports)
}

/// The medians of every engine side by side.
fn print_summary(reports: &[EngineReport]) {
    say!();
    say!("Tóm tắt / summary (medians)");
    for report in reports {
        let registrations = &report.registrations;
        let prematching = &report.prematching;
        let hires = &report.hires;
        say!("  {}", report.engine);
        say!(
            "    {:.0} registrations/s (reads of the session: {:.0}/s); pre-matching {}×{} over HTTP {:.0} ms (ranking in-process: index {:.1} ms, brute force {:.1} ms); hire → new_jobs {:.1} ms (POST {:.1} ms)",
            spread(&registrations.per_second).median,
            spread(&registrations.reads_per_second).median,
            prematching.n_workers,
            prematching.n_vacancies,
            spread(&prematching.http).median,
            spread(&both_ways(&prematching.index_workers, &prematching.index_vacancies)).median,
            spread(&both_ways(&prematching.brute_workers, &prematching.brute_vacancies)).median,
            spread(&hires.visible).median,
            spread(&hires.post).median,
        );
    }
}

/// The 1, 5 and 15-minute load averages, where the system tells them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "CPU unknown".to_owned())
}

/// SQLite's version and the journal mode the file was left in.
async fn sqlite_facts(url: &str) -> anyhow::Result<(String, String)> {
    let pool = sqlx::SqlitePool::connect(url).await?;
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&pool)
        .await?;
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok((version, journal))
}

/// A server of the whole application on a free port, in this process.
struct Server {
    address: String,
    client: reqwest::Client,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(store: Arc<dyn Store>, units: Arc<AdminUnits>) -> anyhow::Result<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = format!("http://{}", listener.local_addr()?);
        let state = AppState::new(store, units, ServerConfig::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(vieclam_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        Ok(Server {
            address,
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(usize::MAX)
                .build()?,
            stop,
            task,
        })
    }

    async fn shut_down(self) {
        drop(self.client);
        let _ = self.stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(10), self.task).await;
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request
    }

    /// Sends one request and reads the answer.
    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let response = self.request(method, path, token, body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        Ok((
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        ))
    }

    /// Sends one request; any answer but `want` fails the bench.
    async fn expect(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        want: StatusCode,
    ) -> anyhow::Result<Value> {
        let (status, answer) = self.send(method.clone(), path, token, body).await?;
        if status != want {
            bail!("{method} {path}: {status}, expected {want}: {answer}");
        }
        Ok(answer)
    }

    async fn login(&self, username: &str) -> anyhow::Result<String> {
        let answer = self
            .expect(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(&json!({ "username": username, "password": PASSWORD })),
                StatusCode::OK,
            )
            .await?;
        answer["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no token: {answer}"))
    }
}

/// Sends `requests` from `clients` concurrent tasks, each taking the next
/// request when its last is answered (over keep-alive connections from one
/// pool). Gives the seconds from the first request to the last answer and
/// the answers in the order of the requests; the bodies are parsed after
/// the clock stops.
async fn fire(
    client: &reqwest::Client,
    requests: Vec<reqwest::Request>,
    clients: usize,
) -> anyhow::Result<(f64, Vec<(StatusCode, Value)>)> {
    let n = requests.len();
    let queue = Arc::new(Mutex::new(requests.into_iter().enumerate()));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients.min(n).max(1) {
        let queue = Arc::clone(&queue);
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            loop {
                let next = {
                    let mut queue = queue.lock().map_err(|_| anyhow!("queue poisoned"))?;
                    queue.next()
                };
                let Some((index, request)) = next else {
                    break;
                };
                let response = client.execute(request).await?;
                let status = response.status();
                let body = response.bytes().await?;
                answers.push((index, status, body));
            }
            anyhow::Ok(answers)
        }));
    }
    let mut bodies = Vec::with_capacity(n);
    for task in tasks {
        bodies.extend(task.await??);
    }
    let seconds = started.elapsed().as_secs_f64();
    bodies.sort_by_key(|(index, ..)| *index);
    let answers = bodies
        .into_iter()
        .map(|(_, status, body)| {
            let value = serde_json::from_slice(&body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
            (status, value)
        })
        .collect();
    Ok((seconds, answers))
}

/// The first answer that is not `want`, as an error.
fn all_answered(
    answers: &[(StatusCode, Value)],
    want: StatusCode,
    what: &str,
) -> anyhow::Result<()> {
    let wrong: Vec<&(StatusCode, Value)> = answers.iter().filter(|(s, _)| *s != want).collect();
    if let Some((status, body)) = wrong.first() {
        bail!(
            "{what}: {} of {} answers were not {want}; the first: {status} {body}",
            wrong.len(),
            answers.len()
        );
    }
    Ok(())
}

/// What was seeded: worker ids in order, and each employer with its
/// vacancies.
struct Seeded {
    workers: Vec<i64>,
    employers: Vec<(i64, Vec<i64>)>,
}

/// Writes realistic workers, employers and open vacancies (the demo city's
/// generator) straight to the store, before the server starts.
async fn seed(store: &dyn Store, units: &AdminUnits, sizes: Sizes) -> anyhow::Result<Seeded> {
    let today = vieclam_server::vietnam_today();
    let city = CityGenerator::new(sizes.seed, units, "01", today)
        .ok_or_else(|| anyhow!("cannot generate the city"))?;
    let n_workers = sizes.workers.max(sizes.prematch_workers) as u64;
    let mut index = 0;
    while index < n_workers {
        let end = (index + 1000).min(n_workers);
        let workers: Vec<_> = (index..end).map(|i| city.worker(i)).collect();
        let writes: Vec<WorkerWrite<'_>> = workers
            .iter()
            .map(|worker| WorkerWrite {
                profile: &worker.profile,
                province_code: "01",
                registered_on: worker.registered_on,
                source: EventSource::UnitSurvey,
                actor: None,
            })
            .collect();
        store.import_workers(&writes, Utc::now()).await?;
        index = end;
    }
    let mut workers = Vec::new();
    loop {
        let page = store
            .workers_after(workers.last().copied().unwrap_or(0), 1000)
            .await?;
        if page.is_empty() {
            break;
        }
        workers.extend(page.iter().map(|worker| worker.id));
    }
    if workers.len() as u64 != n_workers {
        bail!("seeded {} workers, wanted {n_workers}", workers.len());
    }
    let n_employers = sizes.prematch_vacancies.div_ceil(VACANCIES_PER_EMPLOYER);
    let mut employers = Vec::with_capacity(n_employers);
    for index in 0..n_employers {
        let profile = city.employer(index as u64);
        let record = store
            .create_employer(
                EmployerWrite {
                    profile: &profile,
                    province_code: "01",
                },
                Utc::now(),
            )
            .await?;
        employers.push((record.id, Vec::new()));
    }
    for index in 0..sizes.prematch_vacancies {
        let mut posting = city.vacancy(index as u64, n_employers as u64).posting;
        let employer = index % n_employers;
        posting.employer_id = employers[employer].0;
        posting.status = VacancyStatus::Open;
        posting.deadline = Some(today + chrono::Duration::days(30));
        let record = store
            .create_vacancy(
                VacancyWrite {
                    posting: &posting,
                    province_code: "01",
                    opened_at: None,
                },
                Utc::now(),
            )
            .await?;
        employers[employer].1.push(record.id);
    }
    Ok(Seeded { workers, employers })
}

/// A province officer of Hanoi and an exchange officer, sharing one hash.
async fn accounts(store: &dyn Store, units: &AdminUnits) -> anyhow::Result<i64> {
    let hash = vieclam_server::auth::hash_password(PASSWORD)
        .map_err(|error| anyhow!("cannot hash the password: {error}"))?;
    let scope = UnitKey::parse("2025:01", vieclam_server::vietnam_today())?;
    let province_code = units.current_province_code(&scope)?.to_string();
    let mut ids = Vec::new();
    for (name, role) in [
        (PROVINCE_OFFICER, Role::ProvinceOfficer),
        (STAFF, Role::ExchangeStaff),
    ] {
        let account = store
            .create_user(
                &NewUser {
                    username: Username::parse(name)?,
                    password_hash: hash.clone(),
                    role,
                    scope: Some(scope.clone()),
                    province_code: Some(province_code.clone()),
                    display_name: name.to_owned(),
                },
                Utc::now(),
            )
            .await?;
        ids.push(account.id);
    }
    Ok(ids[1])
}

/// The tokens and venue every measurement uses.
struct Exchange {
    province: String,
    staff: String,
    venue: i64,
}

async fn exchange(server: &Server, staff_id: i64) -> anyhow::Result<Exchange> {
    let province = server.login(PROVINCE_OFFICER).await?;
    let staff = server.login(STAFF).await?;
    let venue = server
        .expect(
            Method::POST,
            "/api/v1/venues",
            Some(&province),
            Some(&json!({
                "name": "Sàn giao dịch việc làm trung tâm (bench)",
                "kind": "central",
                "unit": VENUE_UNIT,
                "address": "215 Trung Kính",
                "booths": vieclam_exchange::venue::MAX_BOOTHS,
                "seats": vieclam_exchange::venue::MAX_SEATS,
                "staff": [staff_id],
            })),
            StatusCode::CREATED,
        )
        .await?;
    let venue = venue["id"]
        .as_i64()
        .ok_or_else(|| anyhow!("no venue id: {venue}"))?;
    Ok(Exchange {
        province,
        staff,
        venue,
    })
}

/// A daily session today at the venue, open for registration.
async fn open_session(
    server: &Server,
    exchange: &Exchange,
    title: &str,
    seats: u32,
    booths: u32,
) -> anyhow::Result<i64> {
    let session = server
        .expect(
            Method::POST,
            "/api/v1/sessions",
            Some(&exchange.staff),
            Some(&json!({
                "kind": "daily",
                "title": title,
                "venue_id": exchange.venue,
                "unit": VENUE_UNIT,
                "date": vieclam_server::vietnam_today(),
                "starts": "00:00:00",
                "ends": "23:59:00",
                "organiser": "Trung tâm Dịch vụ việc làm Hà Nội",
                "booths": booths,
                "seats": seats,
            })),
            StatusCode::CREATED,
        )
        .await?;
    let id = session["id"]
        .as_i64()
        .ok_or_else(|| anyhow!("no session id: {session}"))?;
    move_session(server, exchange, id, "open").await?;
    Ok(id)
}

async fn move_session(
    server: &Server,
    exchange: &Exchange,
    id: i64,
    status: &str,
) -> anyhow::Result<()> {
    server
        .expect(
            Method::POST,
            &format!("/api/v1/sessions/{id}/status"),
            Some(&exchange.staff),
            Some(&json!({ "status": status })),
            StatusCode::OK,
        )
        .await?;
    Ok(())
}

/// Registers `workers` for `session` from concurrent clients (staff,
/// channel officer); gives the seconds and the answers, every one checked
/// to be 201.
async fn register_workers(
    server: &Server,
    exchange: &Exchange,
    session: i64,
    workers: &[i64],
    clients: usize,
) -> anyhow::Result<(f64, Vec<Value>)> {
    let path = format!("/api/v1/sessions/{session}/registrations");
    let requests = workers
        .iter()
        .map(|id| {
            server
                .request(
                    Method::POST,
                    &path,
                    Some(&exchange.staff),
                    Some(&json!({ "party": "worker", "party_id": id, "channel": "officer" })),
                )
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (seconds, answers) = fire(&server.client, requests, clients).await?;
    all_answered(&answers, StatusCode::CREATED, "registrations")?;
    Ok((seconds, answers.into_iter().map(|(_, body)| body).collect()))
}

/// A session's worker registrations in one state, every page.
async fn listed(
    server: &Server,
    exchange: &Exchange,
    session: i64,
    state: &str,
) -> anyhow::Result<Vec<Value>> {
    let mut all = Vec::new();
    loop {
        let page = server
            .expect(
                Method::GET,
                &format!(
                    "/api/v1/sessions/{session}/registrations?party=worker&state={state}&limit=500&offset={}",
                    all.len()
                ),
                Some(&exchange.staff),
                None,
                StatusCode::OK,
            )
            .await?;
        let page = page
            .as_array()
            .cloned()
            .ok_or_else(|| anyhow!("not a list: {page}"))?;
        let n = page.len();
        all.extend(page);
        if n < 500 {
            return Ok(all);
        }
    }
}

/// Checks a round of registrations: exactly min(N, seats) accepted, the
/// rest waiting at 1..=rest — in the answers, in the session's counts and
/// in the stored lists — and every worker registered once.
async fn check_registrations(
    server: &Server,
    exchange: &Exchange,
    session: i64,
    workers: &[i64],
    seats: u32,
    answers: &[Value],
) -> anyhow::Result<(usize, usize)> {
    let want_accepted = workers.len().min(seats as usize);
    let want_waiting = workers.len() - want_accepted;
    let in_order: Vec<u64> = (1..=want_waiting as u64).collect();
    let accepted = answers
        .iter()
        .filter(|a| a["state"]["code"] == "accepted")
        .count();
    let mut positions: Vec<u64> = answers
        .iter()
        .filter(|a| a["state"]["code"] == "waiting")
        .filter_map(|a| a["position"].as_u64())
        .collect();
    positions.sort_unstable();
    if accepted != want_accepted || positions != in_order {
        bail!(
            "the answers hold {accepted} accepted (want {want_accepted}) and {} waiting at positions {}..={} (want 1..={want_waiting})",
            positions.len(),
            positions.first().copied().unwrap_or(0),
            positions.last().copied().unwrap_or(0)
        );
    }
    let view = server
        .expect(
            Method::GET,
            &format!("/api/v1/sessions/{session}"),
            None,
            None,
            StatusCode::OK,
        )
        .await?;
    if view["seats_taken"].as_u64() != Some(want_accepted as u64)
        || view["workers_waiting"].as_u64() != Some(want_waiting as u64)
    {
        bail!(
            "the session counts {} seats taken and {} waiting; want {want_accepted} and {want_waiting}",
            view["seats_taken"],
            view["workers_waiting"]
        );
    }
    let stored_waiting = listed(server, exchange, session, "waiting").await?;
    let stored_positions: Vec<u64> = stored_waiting
        .iter()
        .filter_map(|r| r["position"].as_u64())
        .collect();
    if stored_positions != in_order {
        bail!(
            "the stored waiting list has {} positions, not 1..={want_waiting} in order",
            stored_positions.len()
        );
    }
    let stored_accepted = listed(server, exchange, session, "accepted").await?;
    let mut ids: Vec<i64> = stored_accepted
        .iter()
        .chain(&stored_waiting)
        .filter_map(|r| r["party_id"].as_i64())
        .collect();
    ids.sort_unstable();
    let mut want = workers.to_vec();
    want.sort_unstable();
    if ids != want {
        bail!(
            "the stored lists hold {} registrations, not each of the {} workers once",
            ids.len(),
            want.len()
        );
    }
    Ok((accepted, want_waiting))
}

async fn measure_registrations(
    server: &Server,
    exchange: &Exchange,
    workers: &[i64],
    sizes: Sizes,
) -> anyhow::Result<Registrations> {
    let mut figures = Registrations::default();
    // Open the clients' connections before the clock runs.
    let warm = open_session(server, exchange, "Phiên khởi động (bench)", 1, 1).await?;
    let warm_up = (0..sizes.clients * 2)
        .map(|_| {
            server
                .request(Method::GET, &format!("/api/v1/sessions/{warm}"), None, None)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    fire(&server.client, warm_up, sizes.clients).await?;
    for round in 0..sizes.rounds {
        let session = open_session(
            server,
            exchange,
            &format!("Phiên đăng ký (bench) vòng {}", round + 1),
            sizes.seats,
            1,
        )
        .await?;
        let (seconds, answers) =
            register_workers(server, exchange, session, workers, sizes.clients).await?;
        let (accepted, waiting) =
            check_registrations(server, exchange, session, workers, sizes.seats, &answers).await?;
        figures.per_second.push(workers.len() as f64 / seconds);
        figures.accepted.push(accepted);
        figures.waiting.push(waiting);
        // The peer: as many reads of the same session, the same way.
        let reads = (0..workers.len())
            .map(|_| {
                server
                    .request(
                        Method::GET,
                        &format!("/api/v1/sessions/{session}"),
                        None,
                        None,
                    )
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (seconds, answers) = fire(&server.client, reads, sizes.clients).await?;
        all_answered(&answers, StatusCode::OK, "session reads")?;
        if answers
            .iter()
            .any(|(_, view)| view["seats_taken"].as_u64() != Some(accepted as u64))
        {
            bail!("a read of the session did not show its {accepted} seats taken");
        }
        figures
            .reads_per_second
            .push(workers.len() as f64 / seconds);
    }
    Ok(figures)
}

/// The pre-matched session: running, with its workers and employers.
struct Fair {
    session: i64,
    workers: Vec<i64>,
    /// (vacancy, employer) of each vacancy brought.
    vacancies: Vec<(i64, i64)>,
}

async fn set_up_fair(
    server: &Server,
    exchange: &Exchange,
    seeded: &Seeded,
    sizes: Sizes,
) -> anyhow::Result<Fair> {
    let workers = seeded.workers[..sizes.prematch_workers].to_vec();
    let session = open_session(
        server,
        exchange,
        "Phiên giao dịch việc làm (bench ghép nối)",
        workers.len() as u32,
        seeded.employers.len() as u32,
    )
    .await?;
    let path = format!("/api/v1/sessions/{session}/registrations");
    let mut vacancies = Vec::new();
    for (employer, brought) in &seeded.employers {
        let booth = server
            .expect(
                Method::POST,
                &path,
                Some(&exchange.staff),
                Some(&json!({ "party": "employer", "party_id": employer, "vacancies": brought })),
                StatusCode::CREATED,
            )
            .await?;
        if booth["state"]["code"] != "accepted" {
            bail!("an employer got no booth: {booth}");
        }
        vacancies.extend(brought.iter().map(|&vacancy| (vacancy, *employer)));
    }
    let (_, answers) = register_workers(server, exchange, session, &workers, sizes.clients).await?;
    if answers.iter().any(|a| a["state"]["code"] != "accepted") {
        bail!("a worker of the pre-matched session got no seat");
    }
    move_session(server, exchange, session, "running").await?;
    Ok(Fair {
        session,
        workers,
        vacancies,
    })
}

/// The session's people in matching form, read by the pre-matching
/// route's own function (`vieclam_server::exchange::session_field`).
async fn matching_forms(
    store: &dyn Store,
    units: &AdminUnits,
    session: i64,
) -> anyhow::Result<(Vec<(i64, Seeker)>, Vec<Opening>)> {
    let record = store
        .get_session(session)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session {session} is gone"))?;
    let field = vieclam_server::exchange::session_field(store, units, &record).await?;
    let seekers = field
        .workers
        .into_iter()
        .map(|(id, _, seeker)| (id, seeker))
        .collect();
    let openings = field
        .openings
        .into_iter()
        .map(|(opening, ..)| opening)
        .collect();
    Ok((seekers, openings))
}

/// Both directions of the ranking, in-process: each worker's best
/// vacancies (`pre_match`) and each vacancy's best workers, with the index
/// or by brute force. Gives (ms workers → vacancies, ms vacancies →
/// workers, vacancy ids per worker, worker ids per vacancy).
type Ranked = (f64, f64, Vec<Vec<i64>>, Vec<Vec<i64>>);

fn rank_in_process(
    seekers: &[(i64, Seeker)],
    openings: &[Opening],
    weights: &Weights,
    use_index: bool,
) -> Ranked {
    let started = Instant::now();
    let index = OpeningIndex::new(openings.to_vec());
    let forms: Vec<Seeker> = seekers.iter().map(|(_, seeker)| seeker.clone()).collect();
    let hits = pre_match(&forms, &index, K, weights, use_index);
    let workers_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    let seeker_index = SeekerIndex::new(forms);
    let candidates: Vec<_> = openings
        .iter()
        .map(|opening| {
            if use_index {
                seeker_index.top_for(opening, K, weights, Viewer::Employer, |_, _| true)
            } else {
                seeker_index.brute_force(opening, K, weights, Viewer::Employer, |_, _| true)
            }
        })
        .collect();
    let vacancies_ms = started.elapsed().as_secs_f64() * 1e3;
    let by_worker = hits
        .iter()
        .map(|hits| {
            hits.iter()
                .filter_map(|hit| index.get(hit.index).map(|o| o.id))
                .collect()
        })
        .collect();
    let by_vacancy = candidates
        .iter()
        .map(|hits| {
            hits.iter()
                .filter_map(|hit| seekers.get(hit.index).map(|s| s.0))
                .collect()
        })
        .collect();
    (workers_ms, vacancies_ms, by_worker, by_vacancy)
}

fn same_count(a: &[Vec<i64>], b: &[Vec<i64>]) -> usize {
    a.iter().zip(b).filter(|(a, b)| a == b).count()
}

async fn measure_prematching(
    server: &Server,
    store: &dyn Store,
    units: &AdminUnits,
    exchange: &Exchange,
    fair: &Fair,
    sizes: Sizes,
) -> anyhow::Result<Prematching> {
    let weights = Weights::default();
    let mut figures = Prematching {
        n_workers: fair.workers.len(),
        n_vacancies: fair.vacancies.len(),
        same_workers: usize::MAX,
        same_vacancies: usize::MAX,
        http_same_workers: usize::MAX,
        http_same_vacancies: usize::MAX,
        ..Prematching::default()
    };
    let path = format!(
        "/api/v1/sessions/{}/prematch?limit={}&k={K}",
        fair.session,
        fair.workers.len()
    );
    for _ in 0..sizes.rounds {
        // Over HTTP, the whole product path.
        let started = Instant::now();
        let response = server
            .request(Method::GET, &path, Some(&exchange.staff), None)
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        figures.http.push(started.elapsed().as_secs_f64() * 1e3);
        if status != StatusCode::OK {
            bail!("GET {path}: {status}: {}", String::from_utf8_lossy(&body));
        }
        figures.answer_bytes = body.len();
        let answer: Value = serde_json::from_slice(&body)?;
        let listed = |key: &str| answer[key].as_array().cloned().unwrap_or_default();
        let (http_workers, http_vacancies) = (listed("workers"), listed("vacancies"));
        if answer["n_workers"].as_u64() != Some(fair.workers.len() as u64)
            || answer["n_vacancies"].as_u64() != Some(fair.vacancies.len() as u64)
            || http_workers.len() != fair.workers.len()
            || http_vacancies.len() != fair.vacancies.len()
        {
            bail!(
                "the pre-matching answered {} of {} workers ({} listed) and {} of {} vacancies ({} listed)",
                answer["n_workers"],
                fair.workers.len(),
                http_workers.len(),
                answer["n_vacancies"],
                fair.vacancies.len(),
                http_vacancies.len()
            );
        }
        let want_per_worker = K.min(fair.vacancies.len());
        if http_workers
            .iter()
            .any(|w| w["vacancies"].as_array().map(Vec::len) != Some(want_per_worker))
        {
            bail!("a worker was not given {want_per_worker} vacancies");
        }
        let ids = |list: &Value, key: &str| -> Vec<i64> {
            list.as_array()
                .map(|items| items.iter().filter_map(|i| i[key].as_i64()).collect())
                .unwrap_or_default()
        };
        let http_by_worker: HashMap<i64, Vec<i64>> = http_workers
            .iter()
            .filter_map(|w| Some((w["worker_id"].as_i64()?, ids(&w["vacancies"], "vacancy_id"))))
            .collect();
        let http_by_vacancy: HashMap<i64, Vec<i64>> = http_vacancies
            .iter()
            .filter_map(|v| {
                Some((
                    v["vacancy_id"].as_i64()?,
                    ids(&v["candidates"], "worker_id"),
                ))
            })
            .collect();

        // In-process: the store reads and matching forms the route makes…
        let started = Instant::now();
        let (seekers, openings) = matching_forms(store, units, fair.session).await?;
        figures.forms.push(started.elapsed().as_secs_f64() * 1e3);
        // …then the ranking from them, with the index and by brute force.
        let (workers_ms, vacancies_ms, fast_workers, fast_vacancies) =
            rank_in_process(&seekers, &openings, &weights, true);
        figures.index_workers.push(workers_ms);
        figures.index_vacancies.push(vacancies_ms);
        let (workers_ms, vacancies_ms, slow_workers, slow_vacancies) =
            rank_in_process(&seekers, &openings, &weights, false);
        figures.brute_workers.push(workers_ms);
        figures.brute_vacancies.push(vacancies_ms);
        figures.same_workers = figures
            .same_workers
            .min(same_count(&fast_workers, &slow_workers));
        figures.same_vacancies = figures
            .same_vacancies
            .min(same_count(&fast_vacancies, &slow_vacancies));
        let http_workers: Vec<Vec<i64>> = seekers
            .iter()
            .map(|(id, _)| http_by_worker.get(id).cloned().unwrap_or_default())
            .collect();
        let http_vacancies: Vec<Vec<i64>> = openings
            .iter()
            .map(|o| http_by_vacancy.get(&o.id).cloned().unwrap_or_default())
            .collect();
        figures.http_same_workers = figures
            .http_same_workers
            .min(same_count(&http_workers, &fast_workers));
        figures.http_same_vacancies = figures
            .http_same_vacancies
            .min(same_count(&http_vacancies, &fast_vacancies));
    }
    Ok(figures)
}

/// The new-jobs figure of `unit` for `month`, and how long the read took.
async fn new_jobs(
    server: &Server,
    token: &str,
    unit: &str,
    month: &str,
) -> anyhow::Result<(f64, Duration)> {
    let path = format!("/api/v1/indicators/new_jobs/values?unit={unit}&period={month}");
    let started = Instant::now();
    let answer = server
        .expect(Method::GET, &path, Some(token), None, StatusCode::OK)
        .await?;
    Ok((
        answer[0]["value"].as_f64().unwrap_or(0.0),
        started.elapsed(),
    ))
}

async fn measure_hires(
    server: &Server,
    store: &dyn Store,
    exchange: &Exchange,
    fair: &Fair,
    sizes: Sizes,
) -> anyhow::Result<Hires> {
    let today = vieclam_server::vietnam_today();
    let month = vieclam_plans::Month::of(today).to_string();
    let mut figures = Hires {
        month: month.clone(),
        ..Hires::default()
    };
    // The statistics are built in the background when the server starts.
    let started = Instant::now();
    loop {
        let path = format!("/api/v1/indicators/new_jobs/values?unit=2025:01&period={month}");
        let (status, _) = server
            .send(Method::GET, &path, Some(&exchange.province), None)
            .await?;
        if status.is_success() {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("the statistics were not built within 10 minutes");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let outcomes = format!("/api/v1/sessions/{}/outcomes", fair.session);
    // The first hire is made but not timed.
    const WARM_UP: usize = 1;
    for round in 0..WARM_UP + sizes.rounds {
        let worker_id = fair.workers[round];
        let (vacancy_id, _) = fair.vacancies[round % fair.vacancies.len()];
        let worker = store
            .get_worker(worker_id)
            .await?
            .ok_or_else(|| anyhow!("worker {worker_id} missing"))?;
        let commune = worker.state.residence.to_string();
        let starts = today.and_hms_opt(0, 0, 0).unwrap_or_default()
            + chrono::Duration::minutes(5 * round as i64);
        let interview = server
            .expect(
                Method::POST,
                "/api/v1/interviews",
                Some(&exchange.staff),
                Some(&json!({
                    "session_id": fair.session, "worker_id": worker_id, "vacancy_id": vacancy_id,
                    "starts": starts, "ends": starts + chrono::Duration::minutes(5),
                    "mode": "on_site",
                })),
                StatusCode::CREATED,
            )
            .await?;
        let interview = interview["id"]
            .as_i64()
            .ok_or_else(|| anyhow!("no interview id: {interview}"))?;
        server
            .expect(
                Method::POST,
                &format!("/api/v1/interviews/{interview}/attendance"),
                Some(&exchange.staff),
                Some(&json!({ "attendance": "attended" })),
                StatusCode::OK,
            )
            .await?;
        let (before, read) = new_jobs(server, &exchange.province, &commune, &month).await?;
        let hire = json!({ "worker_id": worker_id, "vacancy_id": vacancy_id, "outcome": "hired" });
        let sent = Instant::now();
        let hired = server
            .expect(
                Method::POST,
                &outcomes,
                Some(&exchange.staff),
                Some(&hire),
                StatusCode::CREATED,
            )
            .await?;
        let posted = sent.elapsed();
        if hired["event_id"].as_i64().is_none() {
            bail!("the hire recorded no labour event: {hired}");
        }
        let mut reads = 0;
        loop {
            let (now, _) = new_jobs(server, &exchange.province, &commune, &month).await?;
            reads += 1;
            if (now - before - 1.0).abs() < 1e-9 {
                break;
            }
            if now > before + 1.0 {
                bail!(
                    "the new-jobs figure of {commune} went from {before} to {now} after one hire"
                );
            }
            if sent.elapsed() > Duration::from_secs(10) {
                bail!("the hire did not show in the new-jobs figure of {commune} within 10 s");
            }
        }
        let seen = sent.elapsed();
        if round < WARM_UP {
            say!(
                "  (không tính / not timed) tuyển dụng khởi động / warm-up hire: {:.1} ms",
                seen.as_secs_f64() * 1e3
            );
            continue;
        }
        figures.post.push(posted.as_secs_f64() * 1e3);
        figures.visible.push(seen.as_secs_f64() * 1e3);
        figures.read.push(read.as_secs_f64() * 1e3);
        figures.max_reads = figures.max_reads.max(reads);
    }
    Ok(figures)
}

/// Seeds the engine, starts the server on it, measures, prints, stops.
async fn on_engine(
    engine: String,
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
    sizes: Sizes,
) -> anyhow::Result<EngineReport> {
    say!();
    say!("=== {engine} ===");
    let started = Instant::now();
    let staff_id = accounts(store.as_ref(), &units).await?;
    let seeded = seed(store.as_ref(), &units, sizes).await?;
    say!(
        "  dữ liệu / seeded: {} người lao động / workers, {} doanh nghiệp / employers, {} vị trí / vacancies in {:.1} s",
        seeded.workers.len(),
        seeded.employers.len(),
        sizes.prematch_vacancies,
        started.elapsed().as_secs_f64()
    );
    let server = Server::start(Arc::clone(&store), Arc::clone(&units)).await?;
    let result = async {
        let exchange = exchange(&server, staff_id).await?;
        let workers = &seeded.workers[..sizes.workers];
        let registrations = measure_registrations(&server, &exchange, workers, sizes).await?;
        print_registrations(&registrations, sizes);
        let fair = set_up_fair(&server, &exchange, &seeded, sizes).await?;
        let prematching =
            measure_prematching(&server, store.as_ref(), &units, &exchange, &fair, sizes).await?;
        print_prematching(&prematching);
        let hires = measure_hires(&server, store.as_ref(), &exchange, &fair, sizes).await?;
        print_hires(&hires);
        anyhow::Ok(EngineReport {
            engine,
            registrations,
            prematching,
            hires,
        })
    }
    .await;
    server.shut_down().await;
    result
}

fn print_registrations(figures: &Registrations, sizes: Sizes) {
    let writes = spread(&figures.per_second);
    let reads = spread(&figures.reads_per_second);
    let accepted = figures.accepted.first().copied().unwrap_or(0);
    let waiting = figures.waiting.first().copied().unwrap_or(0);
    say!();
    say!(
        "1. Đăng ký qua HTTP / registrations over HTTP: {} workers for {} seats per round, {} concurrent clients",
        sizes.workers,
        sizes.seats,
        sizes.clients
    );
    say!(
        "   {:<58} {:>9} {:>9} {:>9}",
        "per second, first request to last answer",
        "median",
        "min",
        "max"
    );
    say!(
        "   {:<58} {:>9.0} {:>9.0} {:>9.0}",
        "POST /sessions/{id}/registrations (staff, officer)",
        writes.median,
        writes.min,
        writes.max
    );
    say!(
        "   {:<58} {:>9.0} {:>9.0} {:>9.0}",
        "peer: GET /sessions/{id} (public read, same session)",
        reads.median,
        reads.min,
        reads.max
    );
    say!(
        "   registrations ÷ reads (medians): {:.2}",
        writes.median / reads.median
    );
    say!(
        "   self-check, every round: {accepted} accepted = min({}, {}), {waiting} waiting at positions 1..={waiting} (answers, session counts, stored lists), each worker once ✓",
        sizes.workers,
        sizes.seats
    );
}

/// Each round's time for both directions of the ranking.
fn both_ways(workers: &[f64], vacancies: &[f64]) -> Vec<f64> {
    workers.iter().zip(vacancies).map(|(a, b)| a + b).collect()
}

fn print_prematching(figures: &Prematching) {
    say!();
    say!(
        "2. Ghép nối trước phiên / pre-matching a running session: {} workers × {} vacancies, top {K} both ways",
        figures.n_workers,
        figures.n_vacancies
    );
    say!(
        "   {:<66} {:>9} {:>9} {:>9}",
        "milliseconds",
        "median",
        "min",
        "max"
    );
    let rows: [(&str, &[f64]); 6] = [
        (
            "HTTP GET /sessions/{id}/prematch?limit=N&k=10 (whole route)",
            &figures.http,
        ),
        (
            "  in-process: store reads + matching forms, as the route",
            &figures.forms,
        ),
        (
            "  in-process: workers → vacancies, index (pre_match)",
            &figures.index_workers,
        ),
        (
            "  in-process: workers → vacancies, brute force (peer)",
            &figures.brute_workers,
        ),
        (
            "  in-process: vacancies → workers, index (SeekerIndex)",
            &figures.index_vacancies,
        ),
        (
            "  in-process: vacancies → workers, brute force (peer)",
            &figures.brute_vacancies,
        ),
    ];
    for (label, samples) in rows {
        let s = spread(samples);
        say!(
            "   {:<66} {:>9.1} {:>9.1} {:>9.1}",
            label,
            s.median,
            s.min,
            s.max
        );
    }
    let index = spread(&both_ways(&figures.index_workers, &figures.index_vacancies)).median;
    let brute = spread(&both_ways(&figures.brute_workers, &figures.brute_vacancies)).median;
    say!(
        "   ranking both ways: index {index:.1} ms, brute force {brute:.1} ms (medians), brute force ÷ index {:.1}",
        brute / index
    );
    say!("   HTTP = auth + reading registrations, workers, employers, vacancies + matching forms + ranking both ways with reasons + audit of the workers shown + {:.1} MB of JSON; in-process rows start from the forms already built (index sorted inside the timing) and give no reasons", figures.answer_bytes as f64 / 1e6);
    say!(
        "   checks: index = brute force for {} of {} workers and {} of {} vacancies; HTTP = in-process for {} of {} workers and {} of {} vacancies",
        figures.same_workers,
        figures.n_workers,
        figures.same_vacancies,
        figures.n_vacancies,
        figures.http_same_workers,
        figures.n_workers,
        figures.http_same_vacancies,
        figures.n_vacancies
    );
}

fn print_hires(figures: &Hires) {
    let post = spread(&figures.post);
    let visible = spread(&figures.visible);
    let read = spread(&figures.read);
    say!();
    say!(
        "3. Tuyển dụng → số việc làm mới / a hire shows in new_jobs of the worker's commune, {}, {} hires after an attended interview",
        figures.month,
        figures.post.len()
    );
    say!(
        "   {:<58} {:>9} {:>9} {:>9}",
        "milliseconds",
        "median",
        "min",
        "max"
    );
    for (label, s) in [
        ("POST /sessions/{id}/outcomes (hired), answered", post),
        ("hire sent → GET …/new_jobs/values shows it", visible),
        ("peer: one GET …/new_jobs/values", read),
    ] {
        say!(
            "   {:<58} {:>9.1} {:>9.1} {:>9.1}",
            label,
            s.median,
            s.min,
            s.max
        );
    }
    say!(
        "   reads until it showed: at most {}; within 100 ms: {} (median), {} (every hire)",
        figures.max_reads,
        if visible.median <= 100.0 { "yes" } else { "no" },
        if visible.max <= 100.0 { "yes" } else { "no" }
    );
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: ExchangeBenchArgs,
    }

    /// The smoke run completes on SQLite (and on PostgreSQL when
    /// `VIECLAM_TEST_PG` is set) with its self-checks passed. Times are not
    /// checked.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_smoke_run_completes_and_checks_its_answers() {
        let command = Command::parse_from(["bench", "--smoke"]);
        let reports = measure(&command.args).await.unwrap();
        let sizes = Sizes::of(&command.args);
        let engines = if command.args.pg.is_some() { 2 } else { 1 };
        assert_eq!(reports.len(), engines);
        assert!(
            reports[0].engine.contains("journal_mode=wal"),
            "{}",
            reports[0].engine
        );
        for report in &reports {
            let registrations = &report.registrations;
            assert_eq!(registrations.per_second.len(), 1);
            assert_eq!(registrations.reads_per_second.len(), 1);
            assert_eq!(registrations.accepted, [sizes.seats as usize]);
            assert_eq!(
                registrations.waiting,
                [sizes.workers - sizes.seats as usize]
            );
            let prematching = &report.prematching;
            assert_eq!(prematching.n_workers, sizes.prematch_workers);
            assert_eq!(prematching.n_vacancies, sizes.prematch_vacancies);
            assert_eq!(prematching.http.len(), 1);
            assert_eq!(prematching.same_workers, prematching.n_workers);
            assert_eq!(prematching.same_vacancies, prematching.n_vacancies);
            assert_eq!(prematching.http_same_workers, prematching.n_workers);
            assert_eq!(prematching.http_same_vacancies, prematching.n_vacancies);
            assert_eq!(report.hires.visible.len(), 1);
            assert!(report.hires.max_reads >= 1);
        }
    }
}
