//! The officers' workspace, under `/can-bo`: the unit's dashboard, the
//! registers, imports, plans and progress, reporting, the task matrix,
//! the exchange's sessions and the administration.
//!
//! Every page needs an officer's account (admin, province officer,
//! exchange staff, unit officer, partner agency): a visitor is sent to the
//! login page, a worker or an employer gets 403. A page then asks the same
//! `vieclam-domain::access` rules and calls the same shared modules as the
//! API, so it never shows or changes more than the API would answer the
//! same account. The navigation lists only what the role may use; a page
//! reached by address checks again.
//!
//! Each area is a module with its own `router()`, merged here, and its
//! templates under `templates/officer/`.

use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use vieclam_domain::{Role, UnitKey};

use super::account::login_required;
use super::{labels, Page, WebError};
use crate::AppState;

pub mod admin;
pub mod charts;
pub mod dashboard;
pub mod exchange;
pub mod forecasts;
pub mod imports;
pub mod plans;
pub mod registers;
pub mod reports;

/// The workspace's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(dashboard::router())
        .merge(registers::router())
        .merge(imports::router())
        .merge(plans::router())
        .merge(forecasts::router())
        .merge(reports::router())
        .merge(exchange::router())
        .merge(admin::router())
}

/// The areas of the workspace, for the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Dashboard,
    Workers,
    Employers,
    Duplicates,
    Imports,
    Plans,
    Forecasts,
    Reports,
    Exchange,
    Admin,
}

impl Area {
    const ALL: [Area; 10] = [
        Area::Dashboard,
        Area::Workers,
        Area::Employers,
        Area::Duplicates,
        Area::Imports,
        Area::Plans,
        Area::Forecasts,
        Area::Reports,
        Area::Exchange,
        Area::Admin,
    ];

    /// Where the area starts.
    pub fn href(self) -> &'static str {
        match self {
            Area::Dashboard => "/can-bo",
            Area::Workers => "/can-bo/nguoi-lao-dong",
            Area::Employers => "/can-bo/doanh-nghiep",
            Area::Duplicates => "/can-bo/trung-lap",
            Area::Imports => "/can-bo/nhap-du-lieu",
            Area::Plans => "/can-bo/ke-hoach",
            Area::Forecasts => "/can-bo/du-bao",
            Area::Reports => "/can-bo/bao-cao",
            Area::Exchange => "/can-bo/san",
            Area::Admin => "/can-bo/quan-tri",
        }
    }

    pub fn name(self, lang: super::Lang) -> &'static str {
        match self {
            Area::Dashboard => lang.pick("Tổng quan", "Overview"),
            Area::Workers => lang.pick("Người lao động", "Workers"),
            Area::Employers => {
                lang.pick("Doanh nghiệp và tin tuyển dụng", "Employers and vacancies")
            }
            Area::Duplicates => lang.pick("Hồ sơ trùng", "Duplicates"),
            Area::Imports => lang.pick("Nhập, xuất dữ liệu", "Import and export"),
            Area::Plans => lang.pick("Kế hoạch và tiến độ", "Plans and progress"),
            Area::Forecasts => lang.pick("Dự báo cung – cầu", "Supply and demand forecast"),
            Area::Reports => lang.pick("Báo cáo", "Reports"),
            Area::Exchange => lang.pick("Sàn giao dịch việc làm", "Job exchange"),
            Area::Admin => lang.pick("Quản trị", "Administration"),
        }
    }

    /// Does the role use this area? The pages check again with the
    /// access rules; this only keeps the navigation to what works.
    pub fn open_to(self, role: Role) -> bool {
        match self {
            Area::Dashboard | Area::Plans | Area::Forecasts | Area::Reports => role.reads_figures(),
            Area::Workers | Area::Duplicates | Area::Imports => role.reads_personal_records(),
            Area::Employers => role.writes_employers(),
            Area::Exchange => matches!(
                role,
                Role::Admin | Role::ProvinceOfficer | Role::ExchangeStaff
            ),
            Area::Admin => matches!(role, Role::Admin | Role::ProvinceOfficer),
        }
    }
}

/// An entry of the workspace's navigation.
pub struct NavItem {
    pub href: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// The signed-in officer a workspace page works for.
#[derive(Clone, Debug)]
pub struct Officer {
    pub role: Role,
    /// The account's unit; `None` for the admin (the whole country).
    pub scope: Option<UnitKey>,
    /// The unit's name as people read it ("Xã Hòa Xá"), or "Toàn quốc".
    pub scope_name: String,
}

impl Officer {
    /// The navigation of this officer's workspace, `current` marked.
    pub fn nav(&self, page: &Page, current: Area) -> Vec<NavItem> {
        Area::ALL
            .into_iter()
            .filter(|area| area.open_to(self.role))
            .map(|area| NavItem {
                href: area.href(),
                name: area.name(page.lang),
                current: area == current,
            })
            .collect()
    }

    /// The role's name in the page's language.
    pub fn role_name(&self, page: &Page) -> &'static str {
        role_name(self.role, page.lang)
    }
}

/// A role's name as an officer reads it.
pub fn role_name(role: Role, lang: super::Lang) -> &'static str {
    match role {
        Role::Admin => lang.pick("Quản trị hệ thống", "Administrator"),
        Role::ProvinceOfficer => lang.pick("Cán bộ Sở", "Province officer"),
        Role::ExchangeStaff => lang.pick(
            "Cán bộ Trung tâm Dịch vụ việc làm",
            "Employment service centre staff",
        ),
        Role::UnitOfficer => lang.pick("Cán bộ xã, phường", "Commune or district officer"),
        Role::PartnerAgency => lang.pick("Cơ quan phối hợp", "Partner agency"),
        Role::Employer => lang.pick("Nhà tuyển dụng", "Employer"),
        Role::Worker => lang.pick("Người lao động", "Worker"),
        Role::Public => lang.pick("Khách", "Visitor"),
    }
}

/// The officer the signed-in account is, or the answer that takes the
/// page's place: the login page for a visitor, 403 for a worker, an
/// employer, or a role the `area` is not open to.
pub fn signed_in_officer(
    page: &Page,
    state: &AppState,
    area: Area,
) -> Result<Officer, Box<Response>> {
    if page.caller.account.is_none() {
        return Err(Box::new(login_required(page)));
    }
    let role = page.role();
    if !matches!(
        role,
        Role::Admin
            | Role::ProvinceOfficer
            | Role::ExchangeStaff
            | Role::UnitOfficer
            | Role::PartnerAgency
    ) {
        return Err(Box::new(
            WebError::new(
                StatusCode::FORBIDDEN,
                "Trang này dành cho cán bộ",
                "This page is for officers",
            )
            .render(page),
        ));
    }
    if !area.open_to(role) {
        return Err(Box::new(
            WebError::new(
                StatusCode::FORBIDDEN,
                "Vai trò của tài khoản này không dùng trang này",
                "This account's role does not use this page",
            )
            .render(page),
        ));
    }
    let scope = page.caller.principal.scope.clone();
    let scope_name = match &scope {
        Some(key) => labels::place(&state.units, key),
        None => page.t("Toàn quốc", "The whole country").to_owned(),
    };
    Ok(Officer {
        role,
        scope,
        scope_name,
    })
}

/// Runs `$body` (a future of `Result<Response, WebError>`) for the
/// signed-in officer `$officer` of area `$area`, or answers with the
/// guard's page.
macro_rules! as_officer {
    ($page:expr, $state:expr, $area:expr, |$officer:ident| $body:expr) => {{
        let page = &$page;
        match $crate::web::officer::signed_in_officer(page, &$state, $area) {
            Ok($officer) => page.respond($body.await),
            Err(response) => *response,
        }
    }};
}
pub(crate) use as_officer;

/// What every workspace page shows around its content
/// (`templates/officer/_frame.html`): the officer's unit and role, the
/// navigation with the current area marked, and the breadcrumbs.
pub struct Frame {
    pub officer: Officer,
    pub nav: Vec<NavItem>,
    /// (link, name) from the area's start to the page's parent.
    pub crumbs: Vec<(String, String)>,
}

impl Officer {
    /// The frame of a page of `area`.
    pub fn frame(&self, page: &Page, area: Area) -> Frame {
        Frame {
            officer: self.clone(),
            nav: self.nav(page, area),
            crumbs: Vec::new(),
        }
    }
}

impl Frame {
    /// Adds a breadcrumb.
    pub fn crumb(mut self, href: impl Into<String>, name: impl Into<String>) -> Frame {
        self.crumbs.push((href.into(), name.into()));
        self
    }
}
