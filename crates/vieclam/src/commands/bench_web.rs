//! `vieclam bench web`: the pages people see first, timed in the server.
//! The demo city is written to a fresh SQLite database (as `vieclam demo`
//! writes it), the application is built as `vieclam serve` builds it, and
//! each request goes through the whole router in process (every layer:
//! CSRF cookie, security headers, compression) with its body read to the
//! end, so the time is the server's own, without a network.
//!
//! The search page is timed over the 64 queries of the search-relevance
//! set (with and without accents), first page and a later one, with its
//! peer measured in the same run: the JSON API's search for the same
//! query, which runs the same search (`jobsearch::run`) without the page
//! around it. Sizes are the HTML as sent, plain and gzip.

use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use clap::Args;
use tower::ServiceExt;
use vieclam_server::{AppState, ServerConfig};

use super::demo::{DemoArgs, DemoSize};
use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct WebBenchArgs {
    /// How big a city: small (10,000 workers), default (200,000) or city
    /// (4,000,000).
    #[arg(long, value_enum, default_value_t = DemoSize::Default)]
    pub size: DemoSize,
    /// Measure a demo database already written by `vieclam demo
    /// --no-serve` (SQLite file) instead of generating one: a city of
    /// 4,000,000 workers takes a long time to write, and is written once.
    #[arg(long, value_name = "FILE")]
    pub from_db: Option<std::path::PathBuf>,
    /// Times each query is asked of each side.
    #[arg(long, default_value_t = 10)]
    pub rounds: usize,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

const QUERIES: &str = include_str!("../../../../data/search-relevance/queries.csv");

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

/// One timed series: milliseconds and bytes.
#[derive(Debug, Default)]
pub struct Series {
    pub millis: Vec<f64>,
    pub bytes: Vec<usize>,
    pub gzip_bytes: Vec<usize>,
}

impl Series {
    fn sorted(&self) -> Vec<f64> {
        let mut sorted = self.millis.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    pub fn p50(&self) -> f64 {
        percentile(&self.sorted(), 0.5)
    }

    pub fn p99(&self) -> f64 {
        percentile(&self.sorted(), 0.99)
    }

    fn median_of(values: &[usize]) -> usize {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        sorted.get(sorted.len() / 2).copied().unwrap_or(0)
    }

    pub fn median_bytes(&self) -> usize {
        Series::median_of(&self.bytes)
    }

    pub fn max_bytes(&self) -> usize {
        self.bytes.iter().copied().max().unwrap_or(0)
    }

    pub fn median_gzip_bytes(&self) -> usize {
        Series::median_of(&self.gzip_bytes)
    }
}

/// What the run measured.
#[derive(Debug)]
pub struct WebReport {
    pub search_page: Series,
    pub search_api: Series,
    pub home: Series,
    pub vacancy: Series,
    /// The style sheet and scripts every page loads (plain, gzip).
    pub assets: (usize, usize),
    /// The officers' dashboard of a commune (Hòa Xá) and of the city, as
    /// their officers see it, and its peer: the plan-progress API call
    /// the dashboard's main table is made from, with the same account.
    pub dashboard_commune: Series,
    pub dashboard_city: Series,
    pub progress_api: Series,
}

/// Sends one request through the router; gives (milliseconds, bytes).
async fn timed(app: &axum::Router, path: &str, gzip: bool) -> anyhow::Result<(f64, usize)> {
    timed_as(app, path, gzip, None).await
}

/// Sends one request through the router as the account of `token` (a
/// bearer token, as a signed-in officer's session); gives (milliseconds,
/// bytes).
async fn timed_as(
    app: &axum::Router,
    path: &str,
    gzip: bool,
    token: Option<&str>,
) -> anyhow::Result<(f64, usize)> {
    let mut request = Request::get(path);
    if gzip {
        request = request.header("accept-encoding", "gzip");
    }
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(Body::empty())?;
    let started = Instant::now();
    let response = app.clone().oneshot(request).await?;
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if status != StatusCode::OK {
        return Err(UserError::new(
            format!("{path} trả lời {status}"),
            format!("{path} answered {status}"),
        )
        .into());
    }
    Ok((millis, bytes.len()))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Builds the demo city and measures; the numbers come back for the
/// caller (the command prints them, the smoke test checks them).
pub async fn measure(args: &WebBenchArgs) -> anyhow::Result<WebReport> {
    let folder = tempfile::tempdir()?;
    let db = match &args.from_db {
        Some(path) => {
            if !path.is_file() {
                return Err(UserError::new(
                    format!("Không có tệp cơ sở dữ liệu {}", path.display()),
                    format!("No database file {}", path.display()),
                )
                .into());
            }
            format!("sqlite://{}", path.display())
        }
        None => {
            let db = format!("sqlite://{}", folder.path().join("web.db").display());
            let started = Instant::now();
            super::demo::run(
                &db,
                DemoArgs {
                    no_serve: true,
                    size: args.size,
                    seed: args.seed,
                    province: "01".to_owned(),
                    addr: vieclam_server::DEFAULT_ADDRESS,
                },
            )
            .await?;
            say!(
                "Thành phố demo / demo city: {:.0} s",
                started.elapsed().as_secs_f64()
            );
            db
        }
    };
    let (store, units) = super::open_store(&db).await?;
    say!(
        "Người lao động / workers: {}",
        store.count_workers(&vieclam_store::Area::All).await?
    );
    let city = super::serve::city_key(&units, "01")?;
    let state = AppState::new(
        store.clone(),
        units.clone(),
        ServerConfig {
            city: Some(city),
            ..ServerConfig::default()
        },
    );
    // As `serve` does before it answers: the vacancy index, then the
    // statistics (waited for, so that no timed page waits for them).
    let wait = Instant::now();
    state.search.rebuild(store.clone(), units.clone()).await?;
    say!(
        "Chỉ mục tin tuyển dụng / vacancy index: {:.1} s",
        wait.elapsed().as_secs_f64()
    );
    let wait = Instant::now();
    state.plans.request_rebuild(store.clone(), units.clone());
    while !state.plans.is_ready() {
        if wait.elapsed().as_secs() > 900 {
            return Err(UserError::new(
                "Số liệu thống kê không xong sau 15 phút",
                "The statistics were not built in 15 minutes",
            )
            .into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    say!(
        "Số liệu thống kê / statistics: {:.1} s",
        wait.elapsed().as_secs_f64()
    );
    let login = |username: &'static str| {
        let state = state.clone();
        async move {
            vieclam_server::auth::authenticate(
                &state,
                username,
                super::demo::DEMO_PASSWORD.to_owned(),
                None,
            )
            .await
            .map(|login| login.token)
            .map_err(|error| anyhow::anyhow!("{username}: {}", error.message_en))
        }
    };
    let commune_officer = login("xa.hoaxa").await?;
    let city_officer = login("so.hanoi").await?;
    let app = vieclam_server::app(state);

    let queries: Vec<String> = QUERIES
        .lines()
        .skip(1)
        .filter_map(|line| {
            line.split_once(',')
                .map(|(_, query)| query.trim_matches('"').to_owned())
        })
        .collect();
    let mut report = WebReport {
        search_page: Series::default(),
        search_api: Series::default(),
        home: Series::default(),
        vacancy: Series::default(),
        assets: (0, 0),
        dashboard_commune: Series::default(),
        dashboard_city: Series::default(),
        progress_api: Series::default(),
    };
    let progress = "/api/v1/plans/hoa-xa-2030/progress?unit=2025:10417";
    for (path, token) in [
        ("/can-bo", &commune_officer),
        ("/can-bo", &city_officer),
        (progress, &commune_officer),
    ] {
        timed_as(&app, path, false, Some(token)).await?;
    }
    // Warm-up: every path once.
    for query in &queries {
        let q = encode(query);
        timed(&app, &format!("/viec-lam?q={q}"), false).await?;
        timed(
            &app,
            &format!("/api/v1/vacancies/search?q={q}&limit=20"),
            false,
        )
        .await?;
    }
    let vacancy_ids: Vec<i64> = store
        .list_vacancies(
            &vieclam_store::Area::All,
            None,
            Some(vieclam_server::vietnam_today()),
            vieclam_store::Page {
                limit: 50,
                offset: 0,
            },
        )
        .await?
        .into_iter()
        .map(|record| record.id)
        .collect();
    for round in 0..args.rounds {
        // Page and peer alternate, query by query, so that both see the
        // same machine.
        for (index, query) in queries.iter().enumerate() {
            let q = encode(query);
            let page_number = if index % 4 == 3 { 2 } else { 1 };
            let (millis, bytes) =
                timed(&app, &format!("/viec-lam?q={q}&page={page_number}"), false).await?;
            report.search_page.millis.push(millis);
            report.search_page.bytes.push(bytes);
            let offset = (page_number - 1) * 20;
            let (millis, bytes) = timed(
                &app,
                &format!("/api/v1/vacancies/search?q={q}&limit=20&offset={offset}"),
                false,
            )
            .await?;
            report.search_api.millis.push(millis);
            report.search_api.bytes.push(bytes);
            if round == 0 {
                let (_, gzip) =
                    timed(&app, &format!("/viec-lam?q={q}&page={page_number}"), true).await?;
                report.search_page.gzip_bytes.push(gzip);
                let (_, gzip) = timed(
                    &app,
                    &format!("/api/v1/vacancies/search?q={q}&limit=20&offset={offset}"),
                    true,
                )
                .await?;
                report.search_api.gzip_bytes.push(gzip);
            }
        }
        for _ in 0..8 {
            let (millis, bytes) = timed(&app, "/", false).await?;
            report.home.millis.push(millis);
            report.home.bytes.push(bytes);
        }
        // The dashboards and their peer alternate too.
        for _ in 0..4 {
            for (series, path, token) in [
                (&mut report.dashboard_commune, "/can-bo", &commune_officer),
                (&mut report.progress_api, progress, &commune_officer),
                (&mut report.dashboard_city, "/can-bo", &city_officer),
            ] {
                let (millis, bytes) = timed_as(&app, path, false, Some(token)).await?;
                series.millis.push(millis);
                series.bytes.push(bytes);
            }
        }
        for id in vacancy_ids.iter().take(8) {
            let (millis, bytes) = timed(&app, &format!("/viec-lam/{id}"), false).await?;
            report.vacancy.millis.push(millis);
            report.vacancy.bytes.push(bytes);
        }
    }
    let (_, gzip) = timed(&app, "/", true).await?;
    report.home.gzip_bytes.push(gzip);
    if let Some(id) = vacancy_ids.first() {
        let (_, gzip) = timed(&app, &format!("/viec-lam/{id}"), true).await?;
        report.vacancy.gzip_bytes.push(gzip);
    }
    for asset in [
        "/static/vieclam.css",
        "/static/vieclam.js",
        "/static/htmx-2.0.11.min.js",
    ] {
        report.assets.0 += timed(&app, asset, false).await?.1;
        report.assets.1 += timed(&app, asset, true).await?.1;
    }
    Ok(report)
}

pub async fn run(args: WebBenchArgs) -> anyhow::Result<()> {
    let report = measure(&args).await?;
    say!();
    say!(
        "{:<34} {:>8} {:>8} {:>10} {:>10} {:>10}",
        "page (in-process, whole router)",
        "p50 ms",
        "p99 ms",
        "bytes p50",
        "bytes max",
        "gzip p50"
    );
    for (name, series) in [
        ("search page /viec-lam", &report.search_page),
        ("peer: JSON API search", &report.search_api),
        ("home page /", &report.home),
        ("vacancy page /viec-lam/{id}", &report.vacancy),
        ("dashboard /can-bo, Xã Hòa Xá", &report.dashboard_commune),
        ("peer: plan progress API, Hòa Xá", &report.progress_api),
        ("dashboard /can-bo, Hà Nội (city)", &report.dashboard_city),
    ] {
        say!(
            "{:<34} {:>8.2} {:>8.2} {:>10} {:>10} {:>10}",
            name,
            series.p50(),
            series.p99(),
            series.median_bytes(),
            series.max_bytes(),
            series.median_gzip_bytes()
        );
    }
    say!(
        "assets every page loads (css, js, htmx): {} bytes, {} gzip",
        report.assets.0,
        report.assets.1
    );
    say!(
        "search page with its assets, gzip: {} bytes (budget 100 KB before images)",
        report.search_page.median_gzip_bytes() + report.assets.1
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smoke run on the small city completes: every page answered 200
    /// (or the run fails) and the sizes are the pages' own. Times are not
    /// checked.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_smoke_run_completes() {
        let report = measure(&WebBenchArgs {
            size: DemoSize::Small,
            from_db: None,
            rounds: 1,
            seed: 7,
        })
        .await
        .unwrap();
        assert_eq!(report.search_page.millis.len(), 64);
        assert_eq!(report.search_api.millis.len(), 64);
        assert!(report.search_page.median_bytes() > 2_000);
        assert!(report.search_page.median_gzip_bytes() < report.search_page.median_bytes());
        assert!(report.home.max_bytes() < 100 * 1024);
        assert!(report.assets.1 > 0);
        assert_eq!(report.dashboard_commune.millis.len(), 4);
        assert!(report.dashboard_commune.median_bytes() > 2_000);
        assert!(report.dashboard_city.median_bytes() > 2_000);
    }
}
