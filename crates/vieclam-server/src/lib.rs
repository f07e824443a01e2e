//! The HTTP API of vieclam: axum routes over the store and the domain rules.
//!
//! Only this crate knows HTTP and JSON shapes. Every handler learns who is
//! asking through [`auth::Caller`], asks the domain's access rules, and
//! answers failures with [`error::ApiError`] (a stable code, a status, a
//! message in Vietnamese and English). The OpenAPI 3.1 document is generated
//! from the handlers' annotations, so it cannot drift from the routes.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{FixedOffset, NaiveDate, Utc};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use serde::Serialize;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{self, RefOr};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vieclam_domain::AdminUnits;
use vieclam_store::Store;

pub mod accounts;
pub mod audit_trail;
pub mod auth;
pub mod blocking;
pub mod claims;
pub mod counselling;
pub mod employers;
pub mod error;
pub mod exchange;
pub mod forecasts;
pub mod imports;
pub mod interviews;
pub mod invitations;
pub mod jobsearch;
pub mod live;
pub mod matching;
pub mod paging;
pub mod plans;
pub mod prematch;
pub mod records;
pub mod registers;
pub mod reporting;
pub mod routes;
pub mod schedule;
pub mod scope;
pub mod search;
pub mod selfservice;
pub mod sessions;
pub mod sheets;
pub mod throttle;
pub mod venues;
pub mod views;
pub mod web;

use error::ApiError;

/// Settings of the HTTP server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted by the JSON API.
    pub body_limit_bytes: usize,
    /// A request still running after this long is answered 408.
    pub request_timeout: Duration,
    /// How long a session lives after login.
    pub session_ttl: chrono::Duration,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// An import's answer lists at most this many problems in full (with
    /// counts by kind for all); the whole list comes as a file on request.
    pub max_problems_shown: usize,
    /// Bounds on every uploaded spreadsheet (rows, cells, sizes), checked
    /// before it is parsed.
    pub sheet_limits: vieclam_sheets::SheetLimits,
    /// The city (province) the installation serves: the home page's and
    /// the public figures' unit. `None`: the whole installation.
    pub city: Option<vieclam_domain::UnitKey>,
    /// Sign-ups one client address may make in an hour.
    pub signups_per_address_per_hour: usize,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            body_limit_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            session_ttl: chrono::Duration::hours(12),
            secure_cookies: false,
            max_problems_shown: 1_000,
            sheet_limits: vieclam_sheets::SheetLimits::default(),
            city: None,
            signups_per_address_per_hour: throttle::MAX_SIGNUPS_PER_ADDRESS,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub units: Arc<AdminUnits>,
    pub config: Arc<ServerConfig>,
    pub areas: Arc<scope::AreaCache>,
    pub search: Arc<search::SearchEngine>,
    pub matching: Arc<matching::MatchEngine>,
    pub plans: Arc<plans::PlanEngine>,
    pub forecasts: Arc<forecasts::ForecastEngine>,
    pub login_throttle: Arc<throttle::LoginThrottle>,
    pub signup_throttle: Arc<throttle::SignupThrottle>,
    /// The bounded pool of CPU-bound request work (`blocking::run`).
    pub blocking: blocking::BlockingPool,
    /// The steps of the imports checked in the background now.
    pub imports: Arc<imports::attempts::RunningImports>,
    metrics: PrometheusHandle,
}

impl AppState {
    /// The state of a server; its search index is empty until
    /// [`serve`] rebuilds it from the store.
    pub fn new(store: Arc<dyn Store>, units: Arc<AdminUnits>, config: ServerConfig) -> AppState {
        let search = search::SearchEngine::new(&units).expect("an in-memory search index opens");
        AppState {
            search: Arc::new(search),
            matching: Arc::new(matching::MatchEngine::default()),
            plans: Arc::new(plans::PlanEngine::default()),
            forecasts: Arc::default(),
            login_throttle: Arc::new(throttle::LoginThrottle::default()),
            signup_throttle: Arc::new(throttle::SignupThrottle::new(
                config.signups_per_address_per_hour,
            )),
            blocking: blocking::BlockingPool::default(),
            imports: Arc::default(),
            store,
            units,
            config: Arc::new(config),
            areas: Arc::new(scope::AreaCache::default()),
            metrics: metrics_handle(),
        }
    }
}

/// Today in Vietnam (UTC+7), the default date for reading unit codes.
pub fn vietnam_today() -> NaiveDate {
    let vietnam =
        FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    Utc::now().with_timezone(&vietnam).date_naive()
}

/// The process-wide Prometheus recorder: `metrics` has one global recorder,
/// so every server in a process (tests start many) shares it.
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Fails only when another recorder is installed; then this one
            // renders nothing, which the metrics test would show.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "vieclam",
        description = "Hệ thống thông tin thị trường lao động và sàn giao dịch việc làm — \
                       labour-market information system and public job exchange"
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Đăng nhập / login and sessions"),
        (name = "units", description = "Đơn vị hành chính / administrative units"),
        (name = "users", description = "Tài khoản / accounts"),
        (name = "audit", description = "Nhật ký truy cập / audit trail"),
        (name = "workers", description = "Người lao động / workers, labour events, duplicates"),
        (name = "employers", description = "Người sử dụng lao động / employers"),
        (name = "vacancies", description = "Vị trí việc làm trống / vacancies"),
        (name = "sheets", description = "Nhập, xuất tệp / spreadsheet import and export"),
        (name = "search", description = "Tìm kiếm việc làm / job search and typeahead"),
        (name = "matching", description = "Gợi ý, kết nối việc làm / job matching with reasons"),
        (name = "plans", description = "Kế hoạch, chỉ tiêu, báo cáo / plans, targets, indicators and reports"),
        (name = "self-service", description = "Tự đăng ký, dữ liệu của tôi / sign-up, one's own data, consent and deletion requests"),
        (name = "system", description = "Health and metrics"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(auth::SESSION_COOKIE))),
        );
    }
}

/// Documents on every operation the answers that come from outside its
/// handler: the extractors (a malformed query, path or JSON body: 400; no
/// JSON content type: 415; a bad or expired session: 401), the layers (a
/// body over the limit: 413; the request timeout: 408) and an internal
/// failure (500). A handler documents its own answers; this adds only
/// those it does not, so that a client or a fuzzer reading the document
/// meets no status it was not told of.
struct CommonResponses;

impl CommonResponses {
    fn error(description: &str) -> RefOr<openapi::Response> {
        openapi::ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                openapi::ContentBuilder::new()
                    .schema(Some(openapi::Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
            .into()
    }

    fn add(operation: &mut openapi::path::Operation) {
        let has_path_parameter = operation
            .parameters
            .iter()
            .flatten()
            .any(|parameter| parameter.parameter_in == openapi::path::ParameterIn::Path);
        let secured = operation
            .security
            .as_ref()
            .is_some_and(|requirements| !requirements.is_empty());
        let (has_body, json_body) = match &operation.request_body {
            Some(body) => (true, body.content.contains_key("application/json")),
            None => (false, false),
        };
        let mut common = vec![
            (
                "400",
                "A malformed request: a query parameter (`query_invalid`), a path \
                 segment (`path_invalid`), a JSON body (`json_invalid`) or a value \
                 (`bad_request`)",
            ),
            ("408", "The request took longer than the server's timeout"),
            (
                "500",
                "An internal failure (details are logged, never returned)",
            ),
        ];
        if secured {
            common.push(("401", "Not logged in, or the session is invalid or expired"));
        }
        if has_path_parameter {
            common.push(("404", "Nothing exists at this path"));
        }
        if has_body {
            common.push(("413", "The request body is larger than the limit"));
        }
        if json_body {
            common.push(("415", "The body is not sent as `application/json`"));
        }
        for (status, description) in common {
            operation
                .responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| CommonResponses::error(description));
        }
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                CommonResponses::add(operation);
            }
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    pub version: &'static str,
}

/// Liveness and readiness: answers 200 when the database answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "system",
    responses(
        (status = 200, description = "Healthy", body = Health),
        (status = 503, description = "The database does not answer", body = error::ErrorBody),
    )
)]
async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store.ping().await.map_err(|error| {
        tracing::error!(error = %error, "health check failed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "Cơ sở dữ liệu không phản hồi",
            "The database does not answer",
        )
    })?;
    Ok(Json(Health {
        status: "ok",
        database: state.store.backend().as_str(),
        version: env!("CARGO_PKG_VERSION"),
    }))
}

/// Prometheus metrics in the text exposition format.
async fn metrics_text(State(state): State<AppState>) -> Response {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

/// Counts requests and their durations by route template (never by raw
/// path, which could hold an identifier).
async fn record_metrics(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Turns every error answered outside our handlers (unknown route, wrong
/// method, body limit, timeout) into the JSON error shape.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    // Our handlers answer JSON, or a file they chose (a CSV of problems);
    // what the framework answers on its own is bare text or nothing.
    let from_framework = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_none_or(|value| value.starts_with("text/plain"));
    if (status.is_client_error() || status.is_server_error()) && from_framework {
        let (mut parts, _) = response.into_parts();
        let replacement = ApiError::for_status(status).into_response();
        parts
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        return Response::from_parts(parts, replacement.into_body());
    }
    response
}

/// The longest request target (path and query) answered.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most header fields, and their total size, answered.
pub const MAX_HEADERS: usize = 64;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Refuses oversized request heads with the JSON error shape, well below
/// the HTTP library's own hard limits (which answer without a body).
async fn bound_request_head(request: Request, next: Next) -> Response {
    let uri_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if uri_bytes > MAX_URI_BYTES {
        return ApiError::for_status(StatusCode::URI_TOO_LONG).into_response();
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return ApiError::for_status(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE).into_response();
    }
    next.run(request).await
}

/// The API routes with their OpenAPI document.
pub fn api_router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(routes::units::list_units))
        .routes(routes!(routes::units::get_unit))
        .routes(routes!(
            routes::users::create_user,
            routes::users::list_users
        ))
        .routes(routes!(routes::audit::list_audit))
        .routes(routes!(
            routes::workers::create_worker,
            routes::workers::list_workers
        ))
        .routes(routes!(
            routes::workers::get_worker,
            routes::workers::update_worker,
            routes::workers::delete_worker
        ))
        .routes(routes!(
            routes::workers::list_events,
            routes::workers::add_event
        ))
        .routes(routes!(routes::workers::search_workers))
        .routes(routes!(routes::matching::recommendations))
        .routes(routes!(routes::matching::candidates))
        .routes(routes!(routes::workers::list_duplicates))
        .routes(routes!(routes::workers::resolve_duplicate))
        .routes(routes!(
            routes::employers::create_employer,
            routes::employers::list_employers
        ))
        .routes(routes!(
            routes::employers::get_employer,
            routes::employers::update_employer,
            routes::employers::delete_employer
        ))
        .routes(routes!(
            routes::employers::create_vacancy,
            routes::employers::list_vacancies
        ))
        .routes(routes!(
            routes::employers::get_vacancy,
            routes::employers::update_vacancy,
            routes::employers::delete_vacancy
        ))
        .routes(routes!(routes::sheets::export))
        .routes(routes!(routes::search::search_vacancies))
        .routes(routes!(routes::search::suggest))
        .routes(routes!(routes::plans::list_indicators))
        .routes(routes!(routes::plans::indicator_values))
        .routes(routes!(
            routes::plans::list_plans,
            routes::plans::create_plan
        ))
        .routes(routes!(
            routes::plans::get_plan,
            routes::plans::replace_plan
        ))
        .routes(routes!(routes::forecasts::forecast))
        .routes(routes!(routes::forecasts::shortages))
        .routes(routes!(routes::forecasts::hiring_signals))
        .routes(routes!(routes::plans::plan_progress))
        .routes(routes!(routes::plans::plan_progress_xlsx))
        .routes(routes!(
            routes::plans::plan_reports,
            routes::plans::submit_report
        ))
        .routes(routes!(routes::plans::approve_report))
        .routes(routes!(routes::plans::return_report))
        .routes(routes!(routes::plans::enter_values))
        .routes(routes!(routes::plans::value_history))
        .routes(routes!(routes::plans::update_task))
        .routes(routes!(
            routes::venues::create_venue,
            routes::venues::list_venues
        ))
        .routes(routes!(
            routes::venues::get_venue,
            routes::venues::update_venue
        ))
        .routes(routes!(
            routes::sessions::create_session,
            routes::sessions::list_sessions
        ))
        .routes(routes!(routes::sessions::session_figures))
        .routes(routes!(
            routes::sessions::get_session,
            routes::sessions::update_session
        ))
        .routes(routes!(routes::sessions::move_session))
        .routes(routes!(routes::schedule::schedule_quarter))
        .routes(routes!(
            routes::session_reports::session_report,
            routes::session_reports::file_report
        ))
        .routes(routes!(routes::session_reports::session_report_xlsx))
        .routes(routes!(routes::session_reports::session_report_page))
        .routes(routes!(routes::prematch::session_prematch))
        .routes(routes!(routes::prematch::worker_prematch_sheet))
        .routes(routes!(
            routes::registrations::register,
            routes::registrations::list_registrations
        ))
        .routes(routes!(routes::registrations::cancel_registration))
        .routes(routes!(routes::registrations::set_vacancies))
        .routes(routes!(routes::registrations::worker_registrations))
        .routes(routes!(routes::registrations::employer_registrations))
        .routes(routes!(
            routes::applications::apply,
            routes::applications::list_applications
        ))
        .routes(routes!(routes::applications::get_application))
        .routes(routes!(routes::applications::move_application))
        .routes(routes!(routes::applications::worker_applications))
        .routes(routes!(
            routes::invitations::invite,
            routes::invitations::vacancy_invitations
        ))
        .routes(routes!(routes::invitations::worker_invitations))
        .routes(routes!(routes::invitations::answer))
        .routes(routes!(routes::interviews::book_interview))
        .routes(routes!(routes::interviews::set_attendance))
        .routes(routes!(routes::interviews::session_interviews))
        .routes(routes!(routes::interviews::worker_interviews))
        .routes(routes!(
            routes::interviews::record_outcome,
            routes::interviews::session_outcomes
        ))
        .routes(routes!(
            routes::counselling::create_counselling,
            routes::counselling::list_counselling
        ))
        .routes(routes!(routes::counselling::worker_counselling))
        .routes(routes!(routes::counselling::set_counselling_outcome))
        .routes(routes!(
            routes::claims::create_claim,
            routes::claims::list_claims
        ))
        .routes(routes!(routes::claims::get_claim))
        .routes(routes!(routes::claims::record_checkin))
        .routes(routes!(routes::claims::set_claim_status))
        .routes(routes!(routes::signup::signup_worker))
        .routes(routes!(routes::signup::signup_employer))
        .routes(routes!(routes::me::own_data))
        .routes(routes!(routes::me::own_data_xlsx))
        .routes(routes!(routes::me::set_consent))
        .routes(routes!(
            routes::me::request_deletion,
            routes::me::own_deletion_request
        ))
        .routes(routes!(routes::deletion_requests::list_deletion_requests))
        .routes(routes!(routes::deletion_requests::decide_deletion))
        .split_for_parts();
    // Spreadsheets are larger than the JSON API's bodies.
    let (import_router, import_openapi) = OpenApiRouter::new()
        .routes(routes!(routes::sheets::import))
        .routes(routes!(routes::plans::import_values))
        .layer(sheets::import_body_limit())
        .split_for_parts();
    openapi.merge(import_openapi);
    CommonResponses.modify(&mut openapi);
    let router = router.merge(import_router);
    openapi.info.version = env!("CARGO_PKG_VERSION").to_owned();
    (router, openapi)
}

/// The whole application: API, OpenAPI document, metrics and the layers
/// every request goes through.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = api_router();
    let openapi = Arc::new(openapi);
    let config = state.config.clone();
    let pages = web::router(&state);
    api.route("/metrics", get(metrics_text))
        .route(
            "/api/openapi.json",
            get(move || {
                let openapi = openapi.clone();
                async move { Json(openapi.as_ref().clone()) }
            }),
        )
        .merge(pages)
        .fallback(web::fallback)
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(middleware::from_fn(record_metrics))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(
                    // Spans carry the method and the route template only:
                    // never query strings or bodies, which may hold
                    // personal data.
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let route = request
                            .extensions()
                            .get::<MatchedPath>()
                            .map_or("unmatched", |path| path.as_str());
                        tracing::info_span!("request", method = %request.method(), route)
                    }),
                )
                .layer(middleware::from_fn(json_errors))
                .layer(middleware::from_fn(bound_request_head))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    config.request_timeout,
                )),
        )
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets running
/// requests finish. Expired sessions are swept every hour meanwhile.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    match state
        .search
        .rebuild(state.store.clone(), state.units.clone())
        .await
    {
        Ok(n_vacancies) => tracing::info!(n_vacancies, "search index built"),
        Err(error) => tracing::error!(error = %error, "search index not built"),
    }
    // The worker index, the statistics cube and the matching forms are
    // built meanwhile, each as a task of its own: the server answers at
    // once, worker search holds every worker once the log says so, and
    // indicators and matching wait for their first build (up to a limit).
    state
        .search
        .request_worker_rebuild(state.store.clone(), state.units.clone());
    state
        .plans
        .request_rebuild(state.store.clone(), state.units.clone());
    state
        .matching
        .request_openings_rebuild(state.store.clone(), state.units.clone());
    state
        .matching
        .request_seekers_rebuild(state.store.clone(), state.units.clone());
    // Vacancies expire by date: when the day changes in Vietnam, the
    // vacancy index and the matching forms are built again without them.
    let day_state = state.clone();
    let expirer = tokio::spawn(async move {
        let mut today = vietnam_today();
        let mut interval = tokio::time::interval(Duration::from_secs(600));
        loop {
            interval.tick().await;
            if vietnam_today() != today {
                today = vietnam_today();
                search::follow_bulk_change(&day_state).await;
                tracing::info!("vacancy index rebuilt for a new day");
            }
        }
    });
    let store = state.store.clone();
    let sweeper = tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(3600));
        loop {
            interval.tick().await;
            match store.delete_expired_sessions(Utc::now()).await {
                Ok(n_deleted) => tracing::debug!(n_deleted, "expired sessions swept"),
                Err(error) => tracing::warn!(error = %error, "session sweep failed"),
            }
            // Uploaded sheets are kept 30 days at most.
            let now = Utc::now();
            let uploaded_before = now - chrono::Duration::days(vieclam_store::IMPORT_FILE_DAYS);
            match store.purge_import_files(uploaded_before, now).await {
                Ok(n_purged) => tracing::debug!(n_purged, "old import files dropped"),
                Err(error) => tracing::warn!(error = %error, "import file sweep failed"),
            }
        }
    });
    let result = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    expirer.abort();
    result
}

/// The address `vieclam serve` listens on by default.
pub const DEFAULT_ADDRESS: SocketAddr = SocketAddr::V4(std::net::SocketAddrV4::new(
    std::net::Ipv4Addr::LOCALHOST,
    8080,
));
