//! What every page knows about its request: the language, who is asking,
//! the CSRF token of its forms; and the checked form body of a POST.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::{COOKIE, HOST, LOCATION, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use vieclam_domain::Role;

use super::html;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The cookie that holds the chosen language (`vi` or `en`); nothing else.
pub const LANG_COOKIE: &str = "vieclam_lang";
/// The cookie every POST form's token is bound to.
pub const CSRF_COOKIE: &str = "vieclam_csrf";
/// The name of the token field in every form.
pub const CSRF_FIELD: &str = "_csrf";
/// The largest form body a page accepts.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The language of the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The text in this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The value of one cookie of a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The signed-in account as the header shows it.
#[derive(Clone, Debug)]
pub struct Badge {
    pub display_name: String,
    pub role: Role,
}

/// A request as a page sees it.
#[derive(Clone)]
pub struct Page {
    pub lang: Lang,
    pub caller: Caller,
    pub badge: Option<Badge>,
    /// The token this page's forms carry.
    pub csrf: String,
    /// The path and query of this page, for the language switch to come
    /// back to.
    pub here: String,
}

impl Page {
    /// The text in the page's language (templates call it).
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    pub fn role(&self) -> Role {
        self.caller.principal.role
    }

    pub fn is_worker(&self) -> bool {
        self.role() == Role::Worker
    }

    pub fn is_employer(&self) -> bool {
        self.role() == Role::Employer
    }

    /// An officer's account (admin, province officer, exchange staff,
    /// unit officer, partner agency): the header links the workspace.
    pub fn is_officer(&self) -> bool {
        self.badge.is_some()
            && matches!(
                self.role(),
                Role::Admin
                    | Role::ProvinceOfficer
                    | Role::ExchangeStaff
                    | Role::UnitOfficer
                    | Role::PartnerAgency
            )
    }

    pub fn signed_in(&self) -> bool {
        self.badge.is_some()
    }

    /// The language switch's link: the other language, back to here.
    pub fn switch_href(&self) -> String {
        let other = match self.lang {
            Lang::Vi => "en",
            Lang::En => "vi",
        };
        let next: String =
            serde_urlencoded::to_string([("next", self.here.as_str())]).unwrap_or_default();
        format!("/ngon-ngu/{other}?{next}")
    }

    /// Answers a handler's result: the page, or the error as a page.
    pub fn respond(&self, result: Result<Response, WebError>) -> Response {
        match result {
            Ok(response) => response,
            Err(error) => error.render(self),
        }
    }
}

/// The CSRF token for a browser's CSRF cookie and its session: a form
/// posted from another site has neither the cookie (SameSite=Strict) nor
/// a way to compute the token.
pub fn csrf_token(seed: &str, session: Option<&str>) -> String {
    let mut digest = Sha256::new();
    digest.update(b"vieclam-csrf\0");
    digest.update(seed.as_bytes());
    digest.update(b"\0");
    digest.update(session.unwrap_or("").as_bytes());
    hex::encode(digest.finalize())
}

/// The CSRF seed of a browser that had none: set by [`csrf_cookie`].
#[derive(Clone)]
struct NewSeed(String);

/// Gives a browser without a CSRF cookie one (random, HTTP-only,
/// SameSite=Strict), so that the first page it sees already has forms
/// that can be posted.
pub async fn csrf_cookie(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let has_seed = cookie(request.headers(), CSRF_COOKIE).is_some_and(|seed| seed.len() == 43);
    if has_seed {
        return next.run(request).await;
    }
    let seed = crate::auth::new_session_token();
    let secure = state.config.secure_cookies;
    request.extensions_mut().insert(NewSeed(seed.clone()));
    let mut response = next.run(request).await;
    let secure = if secure { "; Secure" } else { "" };
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{CSRF_COOKIE}={seed}; HttpOnly; SameSite=Strict; Path=/{secure}"
    )) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

impl<S> FromRequestParts<S> for Page
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Page, Response> {
        let lang = match cookie(&parts.headers, LANG_COOKIE) {
            Some("en") => Lang::En,
            _ => Lang::Vi,
        };
        // A stale or forged session cookie reads as signed out: the page
        // still answers, and the login page is one click away.
        let caller = Caller::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|_| Caller {
                principal: vieclam_domain::Principal::public(),
                account: None,
            });
        let session = caller
            .account
            .as_ref()
            .and_then(|_| cookie(&parts.headers, crate::auth::SESSION_COOKIE));
        let seed = match cookie(&parts.headers, CSRF_COOKIE).filter(|seed| seed.len() == 43) {
            Some(seed) => seed.to_owned(),
            None => parts
                .extensions
                .get::<NewSeed>()
                .map(|seed| seed.0.clone())
                .unwrap_or_default(),
        };
        let badge = caller.account.as_ref().map(|account| Badge {
            display_name: account.display_name.clone(),
            role: account.role,
        });
        Ok(Page {
            lang,
            csrf: csrf_token(&seed, session),
            badge,
            caller,
            here: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |target| target.as_str().to_owned()),
        })
    }
}

/// A POST form whose CSRF token and origin were checked, parsed into `T`.
pub struct Posted<T>(pub Page, pub T);

/// Was the request sent from this site? A browser names the origin of a
/// form it posts; one naming another host is refused whatever it holds.
/// (No `Origin` header: an older browser or a non-browser client, whose
/// form still needs its token.)
pub fn same_origin(headers: &HeaderMap) -> bool {
    match (headers.get(ORIGIN), headers.get(HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            let origin_host = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                .unwrap_or("");
            origin_host == host
        }
        _ => true,
    }
}

impl Page {
    /// Is `token` the CSRF token of this page's forms? For a form read
    /// without [`Posted`] (a file upload, `multipart/form-data`).
    pub fn csrf_matches(&self, token: &str) -> bool {
        !self.csrf.is_empty() && same_token(token, &self.csrf)
    }
}

#[derive(Deserialize)]
struct TokenOnly {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl<S, T> FromRequest<S> for Posted<T>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Posted<T>, Response> {
        let (mut parts, body) = request.into_parts();
        let page = Page::from_request_parts(&mut parts, state).await?;
        // A form posted from another origin is refused whatever it holds.
        if !same_origin(&parts.headers) {
            return Err(WebError::csrf().render(&page));
        }
        let request = Request::from_parts(parts, body);
        let bytes = match Bytes::from_request(request, state).await {
            Ok(bytes) if bytes.len() <= MAX_FORM_BYTES => bytes,
            _ => {
                return Err(WebError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Biểu mẫu quá lớn",
                    "The form is too large",
                )
                .render(&page))
            }
        };
        let token = serde_urlencoded::from_bytes::<TokenOnly>(&bytes)
            .ok()
            .and_then(|form| form.csrf)
            .unwrap_or_default();
        if !page.csrf_matches(&token) {
            return Err(WebError::csrf().render(&page));
        }
        match serde_urlencoded::from_bytes::<T>(&bytes) {
            Ok(form) => Ok(Posted(page, form)),
            Err(_) => Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "Biểu mẫu không hợp lệ",
                "The form is not valid",
            )
            .render(&page)),
        }
    }
}

/// A path segment that must parse as `T`, else the page's 404.
pub struct PagePath<T>(pub T);

impl<S, T> FromRequestParts<S> for PagePath<T>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<PagePath<T>, Response> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(PagePath(value)),
            Err(_) => {
                let page = Page::from_request_parts(parts, state).await?;
                Err(WebError::not_found().render(&page))
            }
        }
    }
}

/// A query string that must parse as `T`, else the page's 400.
pub struct PageQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for PageQuery<T>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<PageQuery<T>, Response> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(PageQuery(value)),
            Err(_) => {
                let page = Page::from_request_parts(parts, state).await?;
                Err(WebError::new(
                    StatusCode::BAD_REQUEST,
                    "Địa chỉ trang có tham số không hợp lệ",
                    "The page's address has a parameter that is not valid",
                )
                .render(&page))
            }
        }
    }
}

/// A failure shown as a page, in the page's language.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message_vi: String,
    pub message_en: String,
}

impl WebError {
    pub fn new(status: StatusCode, vi: impl Into<String>, en: impl Into<String>) -> WebError {
        WebError {
            status,
            message_vi: vi.into(),
            message_en: en.into(),
        }
    }

    pub fn not_found() -> WebError {
        WebError::new(
            StatusCode::NOT_FOUND,
            "Không tìm thấy trang này",
            "This page does not exist",
        )
    }

    pub fn csrf() -> WebError {
        WebError::new(
            StatusCode::FORBIDDEN,
            "Biểu mẫu đã hết hạn hoặc không gửi từ trang này. Hãy tải lại trang và gửi lại.",
            "The form has expired or was not sent from this site. Reload the page and send it again.",
        )
    }

    pub fn render(&self, page: &Page) -> Response {
        let template = ErrorPage {
            page,
            status: self.status.as_u16(),
            message: page.t(&self.message_vi, &self.message_en).to_owned(),
        };
        match template.render() {
            Ok(body) => html(self.status, body),
            Err(_) => (self.status, self.message_en.clone()).into_response(),
        }
    }
}

impl From<ApiError> for WebError {
    fn from(error: ApiError) -> WebError {
        WebError {
            status: error.status,
            message_vi: error.message_vi,
            message_en: error.message_en,
        }
    }
}

impl From<vieclam_store::StoreError> for WebError {
    fn from(error: vieclam_store::StoreError) -> WebError {
        WebError::from(ApiError::from(error))
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        tracing::error!(error = %error, "a page failed to render");
        WebError::from(ApiError::internal())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: &'a Page,
    status: u16,
    message: String,
}

/// Renders a template as a 200 page.
pub fn render(template: &impl Template) -> Result<Response, WebError> {
    Ok(html(StatusCode::OK, template.render()?))
}

/// A redirect after a POST (303: the browser GETs the new place).
pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// A path on this site to go back to: only a local absolute path, never
/// another site (`//host`, `/\host`) — else the home page.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && path.len() <= 2_000 =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Sets the language cookie and goes back to the page.
pub async fn switch_language(
    PagePath(lang): PagePath<String>,
    PageQuery(params): PageQuery<NextParam>,
) -> Response {
    let code = if lang == "en" { "en" } else { "vi" };
    let mut response = see_other(&local_path(params.next.as_deref()));
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={code}; SameSite=Lax; Path=/; Max-Age=31536000"
    )) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            local_path(Some("/viec-lam?q=ke+toan")),
            "/viec-lam?q=ke+toan"
        );
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/a\r\nSet-Cookie: x=1")), "/");
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn tokens_depend_on_the_seed_and_the_session() {
        let a = csrf_token("seed-a", None);
        assert_ne!(a, csrf_token("seed-b", None));
        assert_ne!(a, csrf_token("seed-a", Some("session")));
        assert!(same_token(&a, &csrf_token("seed-a", None)));
        assert!(!same_token(&a, ""));
    }
}
