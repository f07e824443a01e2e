//! Accounts, `/can-bo/quan-tri/tai-khoan`: the list (the admin only, as
//! the API answers) with each account's role and unit by name, and the
//! form that creates an account — role, unit chosen by name (typeahead
//! through `/goi-y?kind=unit`) or by code, and an initial password under
//! the API's rules. The API offers no deactivation or password reset, so
//! neither does the page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::Role;

use super::super::{as_officer, role_name, Area, Frame, Officer};
use crate::accounts::NewAccount;
use crate::error::ApiError;
use crate::paging::{Paging, PagingRule};
use crate::web::employer::Problems;
use crate::web::page::{see_other, PageQuery};
use crate::web::{format, html, labels, Page, Posted, WebError};
use crate::AppState;

/// One account in the list.
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub unit: String,
    pub active: bool,
    pub created: String,
}

/// A role the form offers.
pub struct RoleChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// The create form as filled in (kept after a refusal; never the
/// password).
#[derive(Default, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

#[derive(Template)]
#[template(path = "officer/admin/accounts.html")]
struct AccountsPage<'a> {
    page: &'a Page,
    frame: Frame,
    /// The list, for the admin; `None` for a province officer.
    rows: Option<Vec<AccountRow>>,
    previous: Option<String>,
    next: Option<String>,
    form: CreateForm,
    roles: Vec<RoleChoice>,
    problems: Problems,
    created: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    limit: Option<u64>,
    offset: Option<u64>,
    xong: Option<String>,
}

/// The roles an officer's form offers (the access rules decide again).
fn roles(officer: &Officer, selected: &str, page: &Page) -> Vec<RoleChoice> {
    let mut offered = vec![
        Role::UnitOfficer,
        Role::ExchangeStaff,
        Role::PartnerAgency,
        Role::ProvinceOfficer,
    ];
    if officer.role == Role::Admin {
        offered.push(Role::Admin);
    }
    offered
        .into_iter()
        .map(|role| RoleChoice {
            value: role.as_str(),
            label: role_name(role, page.lang),
            selected: role.as_str() == selected,
        })
        .collect()
}

/// The unit's code from the field: "Xã Hòa Xá, Thành phố Hà Nội (10417)"
/// as the typeahead writes it, or a code as typed.
fn unit_code(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let code = text
        .rsplit_once('(')
        .and_then(|(_, tail)| tail.strip_suffix(')'))
        .map(str::trim)
        .unwrap_or(text);
    Some(code.to_owned())
}

#[allow(clippy::too_many_arguments)]
async fn draw(
    page: &Page,
    state: &AppState,
    officer: &Officer,
    paging: Result<Paging, ApiError>,
    form: CreateForm,
    problems: Problems,
    status: StatusCode,
    created: bool,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let (rows, previous, next) = if officer.role == Role::Admin {
        let paging = paging?;
        let accounts =
            crate::accounts::list_accounts(state, &page.caller, Ok(paging.page())).await?;
        let link = |offset: u32| {
            format!(
                "/can-bo/quan-tri/tai-khoan?limit={}&offset={offset}",
                paging.limit
            )
        };
        let previous =
            (paging.offset > 0).then(|| link(paging.offset.saturating_sub(paging.limit)));
        let next = (accounts.len() as u32 == paging.limit)
            .then(|| link(paging.offset.saturating_add(paging.limit)));
        let rows = accounts
            .iter()
            .map(|account| AccountRow {
                id: account.id,
                username: account.username.as_str().to_owned(),
                display_name: account.display_name.clone(),
                role: role_name(account.role, lang),
                unit: account
                    .scope
                    .as_ref()
                    .map(|key| labels::place(&state.units, key))
                    .unwrap_or_else(|| page.t("Toàn quốc", "The whole country").to_owned()),
                active: account.active,
                created: format::date(
                    vieclam_plans::reporting::vietnam_day(account.created_at),
                    lang,
                ),
            })
            .collect();
        (Some(rows), previous, next)
    } else {
        (None, None, None)
    };
    let roles = roles(officer, &form.role, page);
    let template = AccountsPage {
        page,
        frame: officer
            .frame(page, Area::Admin)
            .crumb("/can-bo/quan-tri", page.t("Quản trị", "Administration")),
        rows,
        previous,
        next,
        form: CreateForm {
            password: String::new(),
            ..form
        },
        roles,
        problems,
        created,
    };
    Ok(html(status, template.render()?))
}

/// The accounts and the form that creates one.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    PageQuery(query): PageQuery<ListQuery>,
) -> Response {
    as_officer!(page, state, Area::Admin, |officer| async {
        draw(
            &page,
            &state,
            &officer,
            Paging::check(query.limit, query.offset, PagingRule::REGISTER),
            CreateForm::default(),
            Problems::default(),
            StatusCode::OK,
            query.xong.is_some(),
        )
        .await
    })
}

/// The form field a refusal of the API belongs to.
fn field_of(error: &ApiError) -> &'static str {
    match error.code {
        "role_invalid" | "forbidden" => "role",
        "unit_not_found" | "unit_code_invalid" | "unit_ambiguous" | "scope_invalid" => "unit",
        "conflict" => "username",
        _ if error.message_en.to_lowercase().contains("password") => "password",
        _ => "username",
    }
}

/// Creates an account; back to the list, or the form with its problems.
pub async fn create(
    State(state): State<AppState>,
    Posted(page, form): Posted<CreateForm>,
) -> Response {
    as_officer!(page, state, Area::Admin, |officer| async {
        let mut problems = Problems::default();
        if form.username.trim().is_empty() {
            problems.add("username", page.t("Nhập tên đăng nhập", "Enter a username"));
        }
        if form.role.is_empty() {
            problems.add("role", page.t("Chọn vai trò", "Choose a role"));
        }
        let mut status = StatusCode::BAD_REQUEST;
        if problems.is_empty() {
            let display_name = form.display_name.trim();
            let result = crate::accounts::create_account(
                &state,
                &page.caller,
                &NewAccount {
                    username: form.username.clone(),
                    password: form.password.clone(),
                    role: form.role.clone(),
                    unit: unit_code(&form.unit),
                    display_name: (!display_name.is_empty()).then(|| display_name.to_owned()),
                },
            )
            .await;
            match result {
                Ok(_) => return Ok(see_other("/can-bo/quan-tri/tai-khoan?xong=tao")),
                Err(error) => {
                    status = error.status;
                    problems.add(
                        field_of(&error),
                        page.t(&error.message_vi, &error.message_en).to_owned(),
                    );
                }
            }
        }
        draw(
            &page,
            &state,
            &officer,
            Paging::check(None, None, PagingRule::REGISTER),
            form,
            problems,
            status,
            false,
        )
        .await
    })
}
