//! `vieclam serve` and `vieclam migrate`.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Args;
use vieclam_server::{AppState, ServerConfig};

use crate::messages::{say, UserError};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "VIECLAM_ADDR", default_value_t = vieclam_server::DEFAULT_ADDRESS)]
    pub addr: SocketAddr,
    /// Mark the session cookie Secure (when served behind HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Requests running longer than this many seconds are answered 408.
    #[arg(long, default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// Matching weights, a JSON object; fields left out keep their default
    /// (see ARCHITECTURE.md), e.g. {"place": 0.25, "priority_boost": 0.05}.
    #[arg(long, env = "VIECLAM_MATCH_WEIGHTS")]
    pub match_weights: Option<std::path::PathBuf>,
    /// The city (province code, e.g. 01 for Hà Nội) the site serves: its
    /// home page's figures and public indicators. Without it, the whole
    /// installation.
    #[arg(long, env = "VIECLAM_CITY")]
    pub city: Option<String>,
}

/// Sets up logging for a long-running command: `RUST_LOG` or `info`.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

pub async fn run(db: &str, args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let (store, units) = super::open_store(db).await?;
    let city = args
        .city
        .as_deref()
        .map(|code| city_key(&units, code))
        .transpose()?;
    let config = ServerConfig {
        city,
        secure_cookies: args.secure_cookies,
        request_timeout: std::time::Duration::from_secs(args.request_timeout_seconds.max(1)),
        ..ServerConfig::default()
    };
    let mut state = AppState::new(store, units, config);
    if let Some(path) = &args.match_weights {
        state.matching = std::sync::Arc::new(vieclam_server::matching::MatchEngine::with_weights(
            read_weights(path)?,
        ));
    }
    serve(state, args.addr).await
}

/// The key of a province by its code, in today's structure.
pub fn city_key(
    units: &vieclam_domain::AdminUnits,
    code: &str,
) -> anyhow::Result<vieclam_domain::UnitKey> {
    let unit = units
        .resolve_code(code, vieclam_server::vietnam_today())
        .ok()
        .filter(|unit| unit.level == vieclam_domain::UnitLevel::Province)
        .ok_or_else(|| {
            UserError::new(
                format!("Mã tỉnh, thành phố {code:?} không có"),
                format!("No province or city has the code {code:?}"),
            )
        })?;
    Ok(unit.key())
}

/// Reads matching weights from a JSON file; every weight must be a finite
/// number from 0 to 10.
pub fn read_weights(path: &std::path::Path) -> anyhow::Result<vieclam_match::Weights> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        UserError::new(
            format!("Không đọc được tệp trọng số {}: {error}", path.display()),
            format!("Cannot read the weights file {}: {error}", path.display()),
        )
    })?;
    let weights: vieclam_match::Weights = serde_json::from_str(&text).map_err(|error| {
        UserError::new(
            format!("Tệp trọng số {} không hợp lệ: {error}", path.display()),
            format!("The weights file {} is not valid: {error}", path.display()),
        )
    })?;
    let all = weights
        .parts()
        .into_iter()
        .chain([weights.disability_friendly_bonus, weights.priority_boost]);
    for value in all {
        if !value.is_finite() || !(0.0..=10.0).contains(&value) {
            return Err(UserError::new(
                format!("Trọng số {value} nằm ngoài khoảng 0–10"),
                format!("Weight {value} is outside 0–10"),
            )
            .into());
        }
    }
    Ok(weights)
}

/// Binds `addr` and serves until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|error| {
        UserError::new(
            format!("Không mở được cổng {addr}: {error}"),
            format!("Cannot listen on {addr}: {error}"),
        )
    })?;
    tracing::info!(%addr, backend = state.store.backend().as_str(), "serving");
    say!("vieclam đang chạy tại / is serving at http://{addr}  (Ctrl-C để dừng / to stop)");
    vieclam_server::serve(listener, state, shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing running requests");
}

pub async fn migrate(db: &str) -> anyhow::Result<()> {
    let (store, _units) = super::open_store(db).await?;
    let (n_legacy, n_2025) = store.count_admin_units().await?;
    say!(
        "Cơ sở dữ liệu đã cập nhật / database up to date ({}): {n_legacy} đơn vị trước 01/7/2025, {n_2025} đơn vị từ 01/7/2025; {} tài khoản / accounts",
        store.backend().as_str(),
        store.count_users().await?
    );
    Ok(())
}
