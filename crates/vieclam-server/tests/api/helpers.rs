//! `spawn_app()`: the whole server on a random port with a fresh database,
//! and a client that speaks to it.

use std::sync::{Arc, OnceLock};

use chrono::Utc;
use rand::Rng;
use reqwest::StatusCode;
use serde_json::Value;
use vieclam_domain::{AdminUnits, Role, UnitKey, Username};
use vieclam_server::{AppState, ServerConfig};
use vieclam_store::{AuditEntry, AuditFilter, NewUser, Store};

pub const PASSWORD: &str = "mật-khẩu-thử-nghiệm";

pub fn units() -> Arc<AdminUnits> {
    static UNITS: OnceLock<Arc<AdminUnits>> = OnceLock::new();
    UNITS
        .get_or_init(|| Arc::new(AdminUnits::embedded().unwrap()))
        .clone()
}

/// One Argon2 hash of [`PASSWORD`] shared by every test account: hashing is
/// slow on purpose, and the tests check logins, not salts.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| vieclam_server::auth::hash_password(PASSWORD).unwrap())
}

pub struct TestApp {
    pub address: String,
    pub store: Arc<dyn Store>,
    /// The server's state: a helper that writes to the store directly
    /// brings the server's live copies in step through it, as the
    /// server's own writes do.
    pub state: AppState,
    pub client: reqwest::Client,
    _folder: Option<tempfile::TempDir>,
    /// (server URL, schema) of a PostgreSQL test, dropped by `clean_up`.
    schema: Option<(String, String)>,
}

pub enum Backend {
    Sqlite,
    Postgres,
}

/// A server on SQLite.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::Sqlite).await.unwrap()
}

/// A server on the given backend; `None` (with a notice) for PostgreSQL when
/// `VIECLAM_TEST_PG` is unset.
pub async fn spawn_app_on(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, ServerConfig::default()).await
}

pub async fn spawn_app_with(backend: Backend, config: ServerConfig) -> Option<TestApp> {
    let (url, folder, schema) = match backend {
        Backend::Sqlite => {
            let folder = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", folder.path().join("api.db").display());
            (url, Some(folder), None)
        }
        Backend::Postgres => {
            let Ok(base_url) = std::env::var("VIECLAM_TEST_PG") else {
                eprintln!("VIECLAM_TEST_PG is unset: PostgreSQL API test skipped");
                return None;
            };
            let schema = format!("vieclam_api_{:016x}", rand::thread_rng().gen::<u64>());
            let admin = sqlx::PgPool::connect(&base_url).await.unwrap();
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            let separator = if base_url.contains('?') { '&' } else { '?' };
            let url = format!("{base_url}{separator}options=-c%20search_path%3D{schema}");
            (url, None, Some((base_url, schema)))
        }
    };
    let store = vieclam_store::connect(&url).await.unwrap();
    store.load_admin_units(&units()).await.unwrap();
    let state = AppState::new(store.clone(), units(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(vieclam_server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    Some(TestApp {
        address,
        store,
        state,
        client: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap(),
        _folder: folder,
        schema,
    })
}

impl TestApp {
    /// Brings the server's live copies (search, statistics, matching) in
    /// step with a worker a helper wrote to the store directly.
    pub async fn follow_worker(&self, id: i64) {
        vieclam_server::search::follow_worker(&self.state, id).await;
    }

    /// The same for a vacancy.
    pub async fn follow_vacancy(&self, id: i64) {
        vieclam_server::search::follow_vacancy(&self.state, id).await;
    }

    /// Drops the schema of a PostgreSQL test.
    pub async fn clean_up(self) {
        if let Some((base_url, schema)) = &self.schema {
            let admin = sqlx::PgPool::connect(base_url).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&admin)
                .await
                .unwrap();
        }
    }

    /// Creates an account with [`PASSWORD`] straight in the store.
    pub async fn add_account(&self, username: &str, role: Role, unit: Option<&str>) -> i64 {
        let scope = unit.map(|unit| UnitKey::parse(unit, Utc::now().date_naive()).unwrap());
        let province_code = scope
            .as_ref()
            .map(|key| units().current_province_code(key).unwrap().to_string());
        self.store
            .create_user(
                &NewUser {
                    username: Username::parse(username).unwrap(),
                    password_hash: password_hash().to_owned(),
                    role,
                    scope,
                    province_code,
                    display_name: username.to_owned(),
                },
                Utc::now(),
            )
            .await
            .unwrap()
            .id
    }

    pub async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/api/v1/auth/login", self.address))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Logs in and returns the bearer token.
    pub async fn token(&self, username: &str) -> String {
        let (status, body) = self.login(username, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// GET with a bearer token (or none), without the cookie jar.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = reqwest::Client::new().get(format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.address))
            .json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    pub async fn audit(&self, filter: AuditFilter) -> Vec<AuditEntry> {
        self.store.list_audit(&filter).await.unwrap()
    }
}

/// Asserts the JSON error shape: a stable code and both languages.
pub fn assert_error(status: StatusCode, body: &Value, expected_status: StatusCode, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message_vi"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(
        body["error"]["message_en"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// A server on SQLite and its state, for tests that reach into the engines
/// (to hold a rebuild, say) while they speak HTTP to it.
pub async fn spawn_app_and_state() -> (TestApp, AppState) {
    spawn_app_and_state_with(ServerConfig::default()).await
}

pub async fn spawn_app_and_state_with(config: ServerConfig) -> (TestApp, AppState) {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("api.db").display());
    let store = vieclam_store::connect(&url).await.unwrap();
    store.load_admin_units(&units()).await.unwrap();
    let state = AppState::new(store.clone(), units(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(vieclam_server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    let app = TestApp {
        address,
        store,
        state: state.clone(),
        client: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap(),
        _folder: Some(folder),
        schema: None,
    };
    (app, state)
}
