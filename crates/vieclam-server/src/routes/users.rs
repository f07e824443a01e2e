//! Accounts over HTTP: the admin creates any account, a province officer
//! creates accounts inside the province; the admin lists them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::accounts::NewAccount;
use crate::auth::{AccountView, Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::paging::PageParams;
use crate::AppState;

/// A new account.
#[derive(Deserialize, ToSchema)]
pub struct CreateUserRequest {
    pub username: String,
    /// At least 10 characters.
    pub password: String,
    /// One of `admin`, `province_officer`, `exchange_staff`, `unit_officer`,
    /// `partner_agency`, `employer`, `worker`.
    pub role: String,
    /// For officers and partner agencies: the unit they work in, a code or
    /// `structure:code` (read in today's structure when bare).
    pub unit: Option<String>,
    pub display_name: Option<String>,
}

/// Creates an account.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    request_body = CreateUserRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created", body = AccountView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller may not create this account", body = ErrorBody),
        (status = 409, description = "The username is taken", body = ErrorBody),
        (status = 422, description = "A bad username, password, role or unit", body = ErrorBody),
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<AccountView>), ApiError> {
    let created = crate::accounts::create_account(
        &state,
        &caller,
        &NewAccount {
            username: request.username,
            password: request.password,
            role: request.role,
            unit: request.unit,
            display_name: request.display_name,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(AccountView::from(&created))))
}

/// Lists accounts (admin only).
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Accounts by id", body = Vec<AccountView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
pub async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<PageParams>,
) -> Result<Json<Vec<AccountView>>, ApiError> {
    let accounts = crate::accounts::list_accounts(&state, &caller, query.page()).await?;
    Ok(Json(accounts.iter().map(AccountView::from).collect()))
}
