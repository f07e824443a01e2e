//! Accounts and sessions: Argon2id password hashes, session tokens (an
//! HTTP-only cookie for the web, a bearer token for the API), and the
//! [`Caller`] extractor that every handler uses to learn who is asking.
//!
//! A session token is 32 random bytes; only its SHA-256 digest is stored,
//! so a copy of the database cannot be used to log in.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use vieclam_domain::audit::subject;
use vieclam_domain::{AuditAction, AuditOutcome, Principal, Role, Username};
use vieclam_store::{NewAuditEntry, UserAccount};

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "vieclam_session";

/// Failed logins of one account within [`THROTTLE_WINDOW_MINUTES`] after
/// which further attempts are refused until the window has passed.
pub const MAX_FAILED_LOGINS: u64 = 10;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

/// Hashes a password with Argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored PHC hash. A malformed hash is a
/// mismatch, never a panic.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a password nobody has, verified when the username is unknown
/// so that a wrong username takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy-password-for-timing").unwrap_or_default())
}

/// A new random session token, URL-safe base64.
pub fn new_session_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token: hex SHA-256.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The token a request carries: `Authorization: Bearer …` first, then the
/// session cookie.
pub fn request_token(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        if let Some(token) = value.strip_prefix("Bearer ") {
            return Some(token.trim().to_owned());
        }
    }
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token.to_owned())
}

/// Who is making a request: the public, or a logged-in account.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: Principal,
    pub account: Option<UserAccount>,
}

impl Caller {
    /// The account, or 401 for the public.
    pub fn require_account(&self) -> Result<&UserAccount, ApiError> {
        self.account.as_ref().ok_or_else(ApiError::unauthenticated)
    }
}

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Caller, ApiError> {
        let state = AppState::from_ref(state);
        let Some(token) = request_token(&parts.headers) else {
            return Ok(Caller {
                principal: Principal::public(),
                account: None,
            });
        };
        let account = state
            .store
            .find_session(&token_digest(&token), Utc::now())
            .await?
            .ok_or_else(ApiError::session_invalid)?;
        Ok(Caller {
            principal: Principal {
                user_id: Some(account.id),
                role: account.role,
                scope: account.scope.clone(),
            },
            account: Some(account),
        })
    }
}

/// A caller who must be logged in: the public is answered 401 before the
/// request body is even read.
#[derive(Clone, Debug)]
pub struct LoggedIn(pub Caller);

impl<S> FromRequestParts<S> for LoggedIn
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<LoggedIn, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require_account()?;
        Ok(LoggedIn(caller))
    }
}

/// Login request.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// An account as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    #[schema(value_type = String, example = "unit_officer")]
    pub role: Role,
    /// The role's name in Vietnamese.
    pub role_vi: &'static str,
    /// The unit the account works in, as `structure:code`.
    pub scope: Option<String>,
    pub display_name: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<&UserAccount> for AccountView {
    fn from(account: &UserAccount) -> AccountView {
        AccountView {
            id: account.id,
            username: account.username.to_string(),
            role: account.role,
            role_vi: account.role.name_vi(),
            scope: account.scope.as_ref().map(ToString::to_string),
            display_name: account.display_name.clone(),
            active: account.active,
            created_at: account.created_at,
        }
    }
}

/// A new session.
#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`; the web client uses the
    /// HTTP-only cookie set with the same response instead.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: AccountView,
}

fn login_audit(user_id: Option<i64>, outcome: AuditOutcome, reason: Option<&str>) -> NewAuditEntry {
    NewAuditEntry {
        at: Utc::now(),
        actor_user_id: if outcome == AuditOutcome::Allowed {
            user_id
        } else {
            None
        },
        actor_role: Role::Public,
        action: AuditAction::Login,
        subject_kind: subject::USER_ACCOUNT.to_owned(),
        subject_id: user_id.map_or_else(|| "unknown".to_owned(), |id| id.to_string()),
        unit: None,
        province_code: None,
        outcome,
        reason: reason.map(str::to_owned),
        request_id: None,
        records: Vec::new(),
    }
}

/// Logs in with a username and password.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; also sets the session cookie", body = LoginResponse),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 429, description = "Too many failed logins", body = ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let address = peer.map(|axum::Extension(ConnectInfo(peer))| peer.ip());
    let Login {
        token,
        account,
        expires_at,
    } = authenticate(&state, &request.username, request.password, address).await?;
    let cookie = session_cookie(
        &token,
        state.config.session_ttl.num_seconds(),
        state.config.secure_cookies,
    );
    let body = LoginResponse {
        token,
        expires_at,
        account: AccountView::from(&account),
    };
    Ok(([(SET_COOKIE, cookie)], axum::Json(body)).into_response())
}

/// Checks a username and password and opens a session: the one login
/// path of the API and the pages. Refused logins are audited and count
/// towards the per-account and per-address throttles; a throttled
/// account or address is refused before its password is checked.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: String,
    address: Option<IpAddr>,
) -> Result<Login, ApiError> {
    if address.is_some_and(|address| state.login_throttle.is_blocked(address, Instant::now())) {
        state
            .store
            .record_audit(&login_audit(
                None,
                AuditOutcome::Denied,
                Some("throttled_address"),
            ))
            .await?;
        return Err(ApiError::too_many_attempts());
    }
    let failed = |state: &AppState| {
        if let Some(address) = address {
            state.login_throttle.record_failure(address, Instant::now());
        }
    };
    let credentials = match Username::parse(username) {
        Ok(username) => state.store.find_user_credentials(&username).await?,
        Err(_) => None,
    };
    let Some(credentials) = credentials.filter(|c| c.account.active) else {
        // Spend the same time as a real check, then refuse.
        let _ = tokio::task::spawn_blocking(move || verify_password(&password, decoy_hash())).await;
        state
            .store
            .record_audit(&login_audit(
                None,
                AuditOutcome::Failed,
                Some("unknown_account"),
            ))
            .await?;
        failed(state);
        return Err(ApiError::invalid_credentials());
    };
    let user_id = credentials.account.id;
    let window_start = Utc::now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    if state
        .store
        .count_failed_logins(user_id, window_start)
        .await?
        >= MAX_FAILED_LOGINS
    {
        state
            .store
            .record_audit(&login_audit(
                Some(user_id),
                AuditOutcome::Denied,
                Some("throttled"),
            ))
            .await?;
        return Err(ApiError::too_many_attempts());
    }
    let stored_hash = credentials.password_hash.clone();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &stored_hash))
        .await
        .map_err(|_| ApiError::internal())?;
    if !matches {
        state
            .store
            .record_audit(&login_audit(
                Some(user_id),
                AuditOutcome::Failed,
                Some("wrong_password"),
            ))
            .await?;
        failed(state);
        return Err(ApiError::invalid_credentials());
    }

    let token = new_session_token();
    let now = Utc::now();
    let expires_at = now + state.config.session_ttl;
    state
        .store
        .create_session(&token_digest(&token), user_id, now, expires_at)
        .await?;
    state
        .store
        .record_audit(&login_audit(Some(user_id), AuditOutcome::Allowed, None))
        .await?;
    Ok(Login {
        token,
        account: credentials.account,
        expires_at,
    })
}

/// An opened session.
#[derive(Debug)]
pub struct Login {
    pub token: String,
    pub account: UserAccount,
    pub expires_at: DateTime<Utc>,
}

/// Ends the session of this token and records the logout.
pub async fn end_session(
    state: &AppState,
    account: &UserAccount,
    token: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(token) = token {
        state.store.delete_session(&token_digest(token)).await?;
    }
    state
        .store
        .record_audit(&NewAuditEntry {
            action: AuditAction::Logout,
            actor_user_id: Some(account.id),
            actor_role: account.role,
            subject_id: account.id.to_string(),
            outcome: AuditOutcome::Allowed,
            reason: None,
            ..login_audit(Some(account.id), AuditOutcome::Allowed, None)
        })
        .await?;
    Ok(())
}

pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_seconds}{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Ends the caller's session and clears the cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    security(("bearer" = []), ("cookie" = [])),
    tag = "auth",
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Caller,
) -> Result<Response, ApiError> {
    let account = caller.require_account()?;
    end_session(&state, account, request_token(&headers).as_deref()).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            SET_COOKIE,
            session_cookie("", 0, state.config.secure_cookies),
        )],
    )
        .into_response())
}

/// The account of the caller.
#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The caller's account", body = AccountView),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
pub async fn me(caller: Caller) -> Result<axum::Json<AccountView>, ApiError> {
    Ok(axum::Json(AccountView::from(caller.require_account()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_mismatch() {
        let hash = hash_password("mật khẩu đúng 123").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu đúng 123", &hash));
        assert!(!verify_password("mật khẩu sai 123", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_as_digests() {
        let (a, b) = (new_session_token(), new_session_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_digest(&a).len(), 64);
        assert_ne!(token_digest(&a), a);
    }

    #[test]
    fn bearer_wins_over_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; vieclam_session=from-cookie"),
        );
        assert_eq!(request_token(&headers).as_deref(), Some("from-cookie"));
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_static("Bearer from-header"),
        );
        assert_eq!(request_token(&headers).as_deref(), Some("from-header"));
    }
}
