//! Administration, under `/can-bo/quan-tri` (the admin and province
//! officers, as the API's rules allow): accounts (`accounts`) and the
//! audit trail (`audit`). Both call the shared modules the API's routes
//! call (`crate::accounts`, `crate::audit_trail`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::{as_officer, Area, Frame};
use crate::web::page::render;
use crate::web::Page;
use crate::AppState;

pub mod accounts;
pub mod audit;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/can-bo/quan-tri", get(index))
        .route(
            "/can-bo/quan-tri/tai-khoan",
            get(accounts::list).post(accounts::create),
        )
        .route("/can-bo/quan-tri/nhat-ky", get(audit::trail))
}

#[derive(Template)]
#[template(path = "officer/admin/index.html")]
struct IndexPage<'a> {
    page: &'a Page,
    frame: Frame,
}

/// The administration's start: accounts and the audit trail.
pub async fn index(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Admin, |officer| async {
        render(&IndexPage {
            page: &page,
            frame: officer.frame(&page, Area::Admin),
        })
    })
}
