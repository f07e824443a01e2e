//! Logging in and out through the pages, on the API's own login path
//! (`auth::authenticate`: the same audit and the same throttles per
//! account and per address).

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::Role;

use super::page::{local_path, render, see_other, PageQuery};
use super::{html, Page, Posted, WebError};
use crate::auth::{authenticate, end_session, request_token, session_cookie};
use crate::AppState;

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    page: &'a Page,
    username: String,
    next: String,
    error: Option<String>,
}

/// The login form.
pub async fn login_form(page: Page, PageQuery(query): PageQuery<LoginQuery>) -> Response {
    let next = local_path(query.next.as_deref());
    page.respond(render(&LoginPage {
        page: &page,
        username: String::new(),
        next,
        error: None,
    }))
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// Where an account goes after logging in when no page asked for it.
fn home_of(role: Role) -> &'static str {
    match role {
        Role::Worker => "/nguoi-lao-dong",
        Role::Employer => "/nha-tuyen-dung",
        Role::Admin
        | Role::ProvinceOfficer
        | Role::ExchangeStaff
        | Role::UnitOfficer
        | Role::PartnerAgency => "/can-bo",
        Role::Public => "/",
    }
}

/// Logs in: the session cookie, then the page asked for (or the role's
/// own); a refusal shows the form again with the reason.
pub async fn login(
    State(state): State<AppState>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Posted(page, form): Posted<LoginForm>,
) -> Response {
    let address = peer.map(|axum::Extension(ConnectInfo(peer))| peer.ip());
    let username: String = form.username.chars().take(200).collect();
    let password: String = form.password.chars().take(300).collect();
    match authenticate(&state, &username, password, address).await {
        Ok(login) => {
            let next = match form.next.as_deref().map(|next| local_path(Some(next))) {
                Some(next) if next != "/" => next,
                _ => home_of(login.account.role).to_owned(),
            };
            let mut response = see_other(&next);
            response.headers_mut().append(
                SET_COOKIE,
                session_cookie(
                    &login.token,
                    state.config.session_ttl.num_seconds(),
                    state.config.secure_cookies,
                ),
            );
            response
        }
        Err(error) if error.status.is_client_error() => {
            let template = LoginPage {
                page: &page,
                username,
                next: local_path(form.next.as_deref()),
                error: Some(page.t(&error.message_vi, &error.message_en).to_owned()),
            };
            match template.render() {
                Ok(body) => html(error.status, body),
                Err(error) => WebError::from(error).render(&page),
            }
        }
        Err(error) => WebError::from(error).render(&page),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

/// Logs out: the session ends and its cookie is cleared.
pub async fn logout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Posted(page, _): Posted<Empty>,
) -> Response {
    if let Some(account) = &page.caller.account {
        if let Err(error) = end_session(&state, account, request_token(&headers).as_deref()).await {
            return WebError::from(error).render(&page);
        }
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        SET_COOKIE,
        session_cookie("", 0, state.config.secure_cookies),
    );
    response
}

/// 401 for a page that needs an account: the login form, coming back.
pub fn login_required(page: &Page) -> Response {
    let next = serde_urlencoded::to_string([("next", page.here.as_str())]).unwrap_or_default();
    let _ = StatusCode::UNAUTHORIZED;
    see_other(&format!("/dang-nhap?{next}"))
}
