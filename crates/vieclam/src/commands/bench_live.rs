//! `vieclam bench live`: how soon an event shows in the figures, end to end.
//! A demo city is written to a fresh SQLite database, the server starts on
//! it (building its statistics from the store), and then, for random
//! workers, an `employed` event is posted over HTTP and the city's and the
//! worker's commune's new-jobs figure for the month is read back at once.
//! The time from sending the event to reading the changed figure is the
//! delay a person sees; the read must show the event, or the run fails.
//!
//! Then the same for matching: for a random open vacancy, its best
//! candidate's profile is edited (their occupations and skills dropped,
//! their home moved to another province, a wage no one offers asked) and the vacancy's candidates are read back
//! at once; the read must show the worker lower or gone, or the run fails.
//! The matching forms follow the change in place: no rebuild is waited for.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use vieclam_domain::NewPassword;
use vieclam_server::{AppState, ServerConfig};

use super::demo::{DemoArgs, DemoSize};
use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct LiveBenchArgs {
    /// How big a city: small (10,000 workers) or default (200,000).
    #[arg(long, value_enum, default_value_t = DemoSize::Default)]
    pub size: DemoSize,
    /// Events to time.
    #[arg(long, default_value_t = 200)]
    pub events: usize,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

pub async fn run(args: LiveBenchArgs) -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let db = format!("sqlite://{}", folder.path().join("live.db").display());
    let (store, units) = super::open_store(&db).await?;
    let demo = DemoArgs {
        no_serve: true,
        size: args.size,
        seed: args.seed,
        province: "01".to_owned(),
        addr: vieclam_server::DEFAULT_ADDRESS,
    };
    let started = Instant::now();
    super::demo::generate_city(store.as_ref(), &units, &demo).await?;
    let n_workers = store.count_workers(&vieclam_store::Area::All).await?;
    say!(
        "Thành phố demo / demo city: {n_workers} người lao động / workers, {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let password = NewPassword::parse("bench-live-password")?;
    super::user::create_account(
        store.as_ref(),
        &units,
        "bench.admin",
        "admin",
        None,
        Some("bench"),
        &password,
    )
    .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(store.clone(), Arc::clone(&units), ServerConfig::default());
    tokio::spawn(vieclam_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({ "username": "bench.admin", "password": "bench-live-password" }))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no token: {login}"))?
        .to_owned();
    let today = vieclam_server::vietnam_today();
    let month = vieclam_plans::Month::of(today).to_string();
    let figure = |unit: String| {
        let client = client.clone();
        let address = address.clone();
        let token = token.clone();
        let month = month.clone();
        async move {
            let response = client
                .get(format!(
                    "{address}/api/v1/indicators/new_jobs/values?unit={unit}&period={month}"
                ))
                .bearer_auth(&token)
                .send()
                .await?;
            let status = response.status();
            let body: Value = response.json().await?;
            anyhow::Ok((status, body[0]["value"].as_f64()))
        }
    };
    // The statistics are built in the background on start.
    let started = Instant::now();
    loop {
        let (status, _) = figure("2025:01".to_owned()).await?;
        if status.is_success() {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            return Err(UserError::new(
                "Số liệu thống kê không xong sau 10 phút",
                "The statistics were not built within 10 minutes",
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    say!(
        "Số liệu thống kê sẵn sàng sau / statistics ready after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The worker search index is built in the background too; the timing
    // starts once it holds every worker, so that it measures the steady
    // state, not the start.
    loop {
        let body: Value = client
            .get(format!("{address}/api/v1/workers/search?limit=1"))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        if body["total"].as_u64() == Some(n_workers) {
            break;
        }
        if started.elapsed() > Duration::from_secs(900) {
            return Err(anyhow::anyhow!("the worker index was not built: {body}"));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    say!(
        "Chỉ mục người lao động sẵn sàng sau / worker index ready after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let mut delays = Vec::with_capacity(args.events);
    let mut posts = Vec::with_capacity(args.events);
    // The first writes after the bulk load flush SQLite's write-ahead log
    // (hundreds of megabytes, once); they are made but not timed.
    const WARM_UP: usize = 5;
    for round in 0..WARM_UP + args.events {
        let id: i64 = rng.gen_range(1..=n_workers as i64);
        let worker = store
            .get_worker(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("worker {id} missing"))?;
        let commune = worker.state.residence.to_string();
        let (_, city_before) = figure("2025:01".to_owned()).await?;
        let (_, commune_before) = figure(commune.clone()).await?;
        let sent = Instant::now();
        let response = client
            .post(format!("{address}/api/v1/workers/{id}/events"))
            .bearer_auth(&token)
            .json(
                &json!({ "date": today.to_string(), "kind": "employed", "source": "exchange",
                           "status": null, "unit": null, "employer_id": null,
                           "occupation": null, "country": null, "detail": null }),
            )
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(anyhow::anyhow!("event refused: {}", response.text().await?));
        }
        let posted = sent.elapsed();
        let (_, city_after) = figure("2025:01".to_owned()).await?;
        let (_, commune_after) = figure(commune).await?;
        let seen = sent.elapsed();
        let one = |before: Option<f64>, after: Option<f64>| {
            before
                .zip(after)
                .is_some_and(|(b, a)| (a - b - 1.0).abs() < 1e-9)
        };
        if !one(city_before, city_after) || !one(commune_before, commune_after) {
            return Err(anyhow::anyhow!(
                "the figures did not show the event: city {city_before:?} → {city_after:?}, commune {commune_before:?} → {commune_after:?}"
            ));
        }
        if round < WARM_UP {
            say!(
                "  (không tính / not timed) sự kiện khởi động / warm-up event {}: {:.1} ms",
                round + 1,
                seen.as_secs_f64() * 1000.0
            );
            continue;
        }
        posts.push(posted.as_secs_f64() * 1000.0);
        delays.push(seen.as_secs_f64() * 1000.0);
    }
    let (edits, matched, rebuild) = time_matching(
        &client,
        &address,
        &token,
        &store,
        &units,
        &mut rng,
        args.events,
    )
    .await?;
    delays.sort_by(f64::total_cmp);
    posts.sort_by(f64::total_cmp);
    say!(
        "Sự kiện → số liệu mới của thành phố và của xã / event → new city and commune figures, {} events, HTTP on SQLite:",
        args.events
    );
    say!(
        "  ghi sự kiện / posting the event:        p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&posts, 0.5),
        percentile(&posts, 0.99),
        posts.last().copied().unwrap_or(f64::NAN)
    );
    say!(
        "  đến khi đọc được số mới / until both new figures are read: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
        delays.last().copied().unwrap_or(f64::NAN)
    );
    say!(
        "Sửa hồ sơ → ứng viên mới của tin tuyển dụng / profile edit → new candidates of a vacancy, {} edits:",
        edits.len()
    );
    say!(
        "  ghi hồ sơ / saving the profile:         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&edits, 0.5),
        percentile(&edits, 0.99),
        edits.last().copied().unwrap_or(f64::NAN)
    );
    say!(
        "  đến khi đọc được ứng viên mới / until the new candidates are read: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&matched, 0.5),
        percentile(&matched, 0.99),
        matched.last().copied().unwrap_or(f64::NAN)
    );
    say!(
        "  đối chứng / peer: dựng lại toàn bộ phía người lao động (cách cũ, ở yêu cầu kế tiếp) / a full rebuild of the workers' side (the old way, on the next request): median {rebuild:.0} ms (3 runs)"
    );
    Ok(())
}

/// The best candidate of vacancy `id` as the admin sees them: (worker id,
/// score) of each, best first.
async fn candidates(
    client: &reqwest::Client,
    address: &str,
    token: &str,
    id: i64,
) -> anyhow::Result<Vec<(i64, f64)>> {
    let started = Instant::now();
    loop {
        let response = client
            .get(format!("{address}/api/v1/vacancies/{id}/candidates?k=10"))
            .bearer_auth(token)
            .send()
            .await?;
        let status = response.status();
        let body: Value = response.json().await?;
        // The matching forms are built in the background on start.
        if status == reqwest::StatusCode::SERVICE_UNAVAILABLE
            && started.elapsed() < Duration::from_secs(600)
        {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        let list = body
            .as_array()
            .ok_or_else(|| anyhow::anyhow!("candidates refused: {body}"))?;
        return Ok(list
            .iter()
            .filter_map(|c| Some((c["worker_id"].as_i64()?, c["score"].as_f64()?)))
            .collect());
    }
}

/// Edits the best candidate of random open vacancies and reads the
/// candidates back: (milliseconds to save, milliseconds until read, and
/// the median milliseconds of a full build of the workers' side).
async fn time_matching(
    client: &reqwest::Client,
    address: &str,
    token: &str,
    store: &Arc<dyn vieclam_store::Store>,
    units: &Arc<vieclam_domain::AdminUnits>,
    rng: &mut ChaCha8Rng,
    n_edits: usize,
) -> anyhow::Result<(Vec<f64>, Vec<f64>, f64)> {
    let today = vieclam_server::vietnam_today();
    let open: Vec<i64> = store
        .vacancies_after(0, 20_000)
        .await?
        .into_iter()
        .filter(|record| {
            record.posting.status_on(today) == vieclam_domain::registry::VacancyStatus::Open
                && record.posting.occupation.is_some()
        })
        .map(|record| record.id)
        .collect();
    if open.is_empty() {
        return Err(anyhow::anyhow!("the demo city has no open vacancy"));
    }
    let started = Instant::now();
    candidates(client, address, token, open[0]).await?;
    say!(
        "Gợi ý ứng viên sẵn sàng sau / matching ready after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Another province's commune, in the 2025 structure: Phường Sài Gòn,
    // Hồ Chí Minh City.
    const FAR: &str = "26740";
    let (mut saves, mut reads) = (Vec::new(), Vec::new());
    while saves.len() < n_edits {
        let vacancy = open[rng.gen_range(0..open.len())];
        let before = candidates(client, address, token, vacancy).await?;
        let Some(&(worker, score)) = before.first() else {
            continue;
        };
        let record: Value = client
            .get(format!("{address}/api/v1/workers/{worker}"))
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        let mut profile = record["profile"].clone();
        if profile["residence"]["code"] == FAR {
            continue;
        }
        profile["occupations"] = json!([]);
        profile["wanted_occupation"] = Value::Null;
        profile["wanted_occupations"] = json!([]);
        profile["residence"] = json!({ "structure": "2025", "code": FAR });
        profile["skills"] = json!([]);
        profile["wanted_wage"] = json!({ "min_vnd": 900_000_000, "max_vnd": null });
        let sent = Instant::now();
        let response = client
            .put(format!("{address}/api/v1/workers/{worker}"))
            .bearer_auth(token)
            .json(&profile)
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(anyhow::anyhow!("edit refused: {}", response.text().await?));
        }
        let saved = sent.elapsed();
        let after = candidates(client, address, token, vacancy).await?;
        let read = sent.elapsed();
        let still = after.iter().find(|(id, _)| *id == worker);
        if still.is_some_and(|&(_, new)| new >= score) {
            return Err(anyhow::anyhow!(
                "the candidates of vacancy {vacancy} did not show the edit of worker {worker}: {before:?} → {after:?}"
            ));
        }
        saves.push(saved.as_secs_f64() * 1000.0);
        reads.push(read.as_secs_f64() * 1000.0);
    }
    saves.sort_by(f64::total_cmp);
    reads.sort_by(f64::total_cmp);
    // The peer: what each change cost before the forms were kept live —
    // the workers' side built again from the store on the next request.
    let mut rebuilds = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let seekers = vieclam_server::matching::build_seekers(store.clone(), units.clone())
            .await
            .map_err(anyhow::Error::msg)?;
        rebuilds.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(seekers);
    }
    rebuilds.sort_by(f64::total_cmp);
    Ok((saves, reads, percentile(&rebuilds, 0.5)))
}
