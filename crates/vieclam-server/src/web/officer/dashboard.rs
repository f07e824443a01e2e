//! The unit's dashboard, `/can-bo`: the first page after an officer's
//! login.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::{as_officer, Area, Frame};
use crate::web::page::render;
use crate::web::Page;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/can-bo", get(dashboard))
}

#[derive(Template)]
#[template(path = "officer/dashboard.html")]
struct DashboardPage<'a> {
    page: &'a Page,
    frame: Frame,
}

/// The dashboard of the signed-in officer's unit.
pub async fn dashboard(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Dashboard, |officer| async {
        let frame = officer.frame(&page, Area::Dashboard);
        render(&DashboardPage { page: &page, frame })
    })
}
