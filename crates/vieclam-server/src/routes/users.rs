//! Accounts over HTTP: the admin creates any account, a province officer
//! creates accounts inside the province; the admin lists them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;
use vieclam_domain::audit::subject;
use vieclam_domain::{AuditAction, AuditOutcome, NewPassword, Role, UnitKey, Username};
use vieclam_store::{NewAuditEntry, NewUser};

use crate::auth::{hash_password, AccountView, Caller, LoggedIn};
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::paging::PageParams;
use crate::{vietnam_today, AppState};

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
    let actor = caller.require_account()?.clone();
    let new_user = check_new_user(&state, &request)?;
    if let Err(error) =
        caller
            .principal
            .may_create_account(&state.units, new_user.role, new_user.scope.as_ref())
    {
        state
            .store
            .record_audit(&account_audit(
                &actor,
                "new",
                AuditOutcome::Denied,
                Some(&error.to_string()),
            ))
            .await?;
        return Err(error.into());
    }
    let password = NewPassword::parse(&request.password)?;
    let password_hash = tokio::task::spawn_blocking(move || hash_password(password.expose()))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())?;
    let created = state
        .store
        .create_user(
            &NewUser {
                password_hash,
                ..new_user
            },
            Utc::now(),
        )
        .await?;
    state
        .store
        .record_audit(&account_audit(
            &actor,
            &created.id.to_string(),
            AuditOutcome::Allowed,
            None,
        ))
        .await?;
    Ok((StatusCode::CREATED, Json(AccountView::from(&created))))
}

fn account_audit(
    actor: &vieclam_store::UserAccount,
    subject_id: &str,
    outcome: AuditOutcome,
    reason: Option<&str>,
) -> NewAuditEntry {
    NewAuditEntry {
        at: Utc::now(),
        actor_user_id: Some(actor.id),
        actor_role: actor.role,
        action: AuditAction::Create,
        subject_kind: subject::USER_ACCOUNT.to_owned(),
        subject_id: subject_id.to_owned(),
        unit: None,
        province_code: None,
        outcome,
        reason: reason.map(str::to_owned),
        request_id: None,
        records: Vec::new(),
    }
}

/// Parses and checks a request into a [`NewUser`] without its hash.
fn check_new_user(state: &AppState, request: &CreateUserRequest) -> Result<NewUser, ApiError> {
    let username = Username::parse(&request.username)?;
    let role = Role::parse(&request.role)
        .filter(|role| *role != Role::Public)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "role_invalid",
                format!("Vai trò {:?} không tồn tại", request.role),
                format!("Unknown role {:?}", request.role),
            )
        })?;
    let scope = request
        .unit
        .as_deref()
        .map(|unit| UnitKey::parse(unit, vietnam_today()))
        .transpose()?;
    let province_code = match &scope {
        Some(key) => Some(state.units.current_province_code(key)?.to_string()),
        None => None,
    };
    role.check_scope(scope.as_ref())?;
    Ok(NewUser {
        display_name: request
            .display_name
            .clone()
            .map(|name| vieclam_text::nfc(name.trim()))
            .unwrap_or_else(|| username.to_string()),
        username,
        password_hash: String::new(),
        role,
        scope,
        province_code,
    })
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
    let result = async {
        let account = caller.require_account()?;
        if account.role != Role::Admin {
            return Err(vieclam_domain::AccessError::RoleNotAllowed(account.role).into());
        }
        let accounts = state.store.list_users(query.page()?).await?;
        Ok(Json(accounts.iter().map(AccountView::from).collect()))
    }
    .await;
    crate::scope::audit_result(
        &state,
        &caller.principal,
        vieclam_domain::AuditAction::Read,
        crate::scope::AuditSubject {
            kind: vieclam_domain::audit::subject::USER_ACCOUNT,
            id: "list".to_owned(),
            unit: caller.principal.scope.as_ref(),
        },
        &result,
    )
    .await?;
    result
}
