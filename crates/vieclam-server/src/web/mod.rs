//! The web application: server-rendered pages (askama) over the same
//! shared modules, access rules and store as the JSON API, Vietnamese
//! first with an English switch.
//!
//! - Every essential path works without JavaScript: links and GET forms
//!   for search, POST forms for changes. htmx (vendored, served from the
//!   binary) only makes them faster: search as you type, typeahead.
//! - Every POST form carries a CSRF token bound to the browser's CSRF
//!   cookie and to the session ([`page::Posted`]); the content-security
//!   policy allows no inline script or style.
//! - A page shows only what the API would answer the same caller: pages
//!   call the same shared functions (`records`, `views`, `jobsearch`,
//!   `exchange`, `plans`) and the same `vieclam-domain::access` rules.
//! - No personal data in a URL: records are reached by id, searches by
//!   occupation and place, never by a name or an ID number.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

pub mod account;
pub mod assets;
pub mod employer;
pub mod form;
pub mod format;
pub mod labels;
pub mod officer;
pub mod page;
pub mod public;
pub mod signup;
pub mod worker;

pub use page::{Lang, Page, Posted, WebError};

/// The policy every page is served with: only this server's own scripts,
/// styles, images and forms; no framing; no inline code.
pub const CONTENT_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// The pages, with their security headers and the CSRF cookie.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(public::home))
        .route("/viec-lam", get(public::search))
        .route("/viec-lam/{id}", get(public::vacancy))
        .route("/goi-y", get(public::suggest))
        .route("/phien-giao-dich", get(public::sessions))
        .route("/chi-so", get(public::indicators))
        .route("/chi-so/{unit}", get(public::unit_indicators))
        .route("/ngon-ngu/{lang}", get(page::switch_language))
        .route("/dang-nhap", get(account::login_form).post(account::login))
        .route("/dang-xuat", post(account::logout))
        .route("/static/{file}", get(assets::serve))
        .route("/dang-ky", get(signup::choose))
        .route(
            "/dang-ky/nguoi-lao-dong",
            get(signup::worker_form_page).post(signup::worker_signup),
        )
        .route(
            "/dang-ky/nha-tuyen-dung",
            get(signup::employer_form_page).post(signup::employer_signup),
        )
        .route("/nguoi-lao-dong/du-lieu", get(signup::privacy))
        .route("/nguoi-lao-dong/dong-y", post(signup::save_consent))
        .route("/nguoi-lao-dong/yeu-cau-xoa", post(signup::ask_deletion))
        .route("/nguoi-lao-dong", get(worker::home))
        .route("/nguoi-lao-dong/goi-y", get(worker::recommendations))
        .route("/nguoi-lao-dong/phien", get(worker::sessions))
        .route(
            "/nguoi-lao-dong/phien/{id}/dang-ky",
            post(worker::register_session),
        )
        .route(
            "/nguoi-lao-dong/dang-ky-phien/{id}/huy",
            post(worker::cancel_session),
        )
        .route(
            "/nguoi-lao-dong/loi-moi/{id}",
            post(worker::answer_invitation),
        )
        .route("/nguoi-lao-dong/ung-tuyen", get(worker::applications))
        .route("/nguoi-lao-dong/ung-tuyen/{id}", post(worker::apply))
        .route("/nguoi-lao-dong/ho-so/kiem-tra", get(worker::check))
        .route(
            "/nguoi-lao-dong/ho-so/nghe/goi-y",
            get(worker::occupation_suggestions),
        )
        .route(
            "/nguoi-lao-dong/ho-so/{step}",
            get(worker::step_form).post(worker::step_save),
        )
        .route("/nha-tuyen-dung", get(employer::dashboard))
        .route(
            "/nha-tuyen-dung/ho-so",
            get(employer::profile::form).post(employer::profile::save),
        )
        .route(
            "/nha-tuyen-dung/goi-y-nghe",
            get(employer::vacancy::occupations),
        )
        .route(
            "/nha-tuyen-dung/tin/moi",
            get(employer::vacancy::new_form).post(employer::vacancy::create),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}",
            get(employer::vacancy::edit_form).post(employer::vacancy::update),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}/sao-chep",
            get(employer::vacancy::copy_form),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}/dong",
            post(employer::vacancy::close),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}/ho-so-ung-tuyen",
            get(employer::applications::list),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}/ho-so-ung-tuyen/{application}",
            post(employer::applications::move_one),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}/ung-vien",
            get(employer::candidates::list),
        )
        .route(
            "/nha-tuyen-dung/tin/{id}/ung-vien/{worker}/moi",
            post(employer::candidates::invite),
        )
        .route("/nha-tuyen-dung/phien", get(employer::sessions::list))
        .route(
            "/nha-tuyen-dung/phien/{id}/dang-ky",
            post(employer::sessions::register),
        )
        .route(
            "/nha-tuyen-dung/gian/{id}/vi-tri",
            post(employer::sessions::set_vacancies),
        )
        .route(
            "/nha-tuyen-dung/gian/{id}/huy",
            post(employer::sessions::cancel),
        )
        .merge(officer::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page::csrf_cookie,
        ))
        .layer(middleware::from_fn(security_headers))
}

/// The headers of every page: the content policy, no sniffing, no
/// framing, no referrer beyond this site, and no caching of a page that
/// may show a signed-in person's data.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_html = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_POLICY),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if is_html {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
    }
    response
}

/// What answers a path nothing else answers: the JSON error under `/api/`
/// (and for API clients), an HTML page for people.
pub async fn fallback(page: Page, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/") || path == "/api" {
        return crate::error::ApiError::not_found().into_response();
    }
    WebError::not_found().render(&page).with_headers()
}

/// Adds the page headers to a response made outside the router's layers
/// (the fallback).
trait WithHeaders {
    fn with_headers(self) -> Response;
}

impl WithHeaders for Response {
    fn with_headers(mut self) -> Response {
        let headers = self.headers_mut();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_POLICY),
        );
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
        self
    }
}

/// An HTML response from a rendered template.
pub fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}
