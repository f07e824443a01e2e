//! Accounts as both the API (`routes/users.rs`) and the administration
//! pages (`web/officer/admin`) create and list them: the admin creates any
//! account, a province officer accounts inside the province; only the
//! admin lists them. Every creation and every refusal is audited.

use axum::http::StatusCode;
use chrono::Utc;
use vieclam_domain::audit::subject;
use vieclam_domain::{AuditAction, AuditOutcome, NewPassword, Role, UnitKey, Username};
use vieclam_store::{NewAuditEntry, NewUser, UserAccount};

use crate::auth::{hash_password, Caller};
use crate::error::ApiError;
use crate::{vietnam_today, AppState};

/// A new account as asked for, before it is checked.
pub struct NewAccount {
    pub username: String,
    /// At least 10 characters.
    pub password: String,
    /// `admin`, `province_officer`, `exchange_staff`, `unit_officer`,
    /// `partner_agency`, `employer` or `worker`.
    pub role: String,
    /// For officers and partner agencies: the unit they work in, a code or
    /// `structure:code` (read in today's structure when bare).
    pub unit: Option<String>,
    pub display_name: Option<String>,
}

fn account_audit(
    actor: &UserAccount,
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
fn check_new_user(state: &AppState, request: &NewAccount) -> Result<NewUser, ApiError> {
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

/// Creates an account, if the caller may create it (audited either way).
pub async fn create_account(
    state: &AppState,
    caller: &Caller,
    request: &NewAccount,
) -> Result<UserAccount, ApiError> {
    let actor = caller.require_account()?.clone();
    let new_user = check_new_user(state, request)?;
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
    Ok(created)
}

/// Lists accounts by id (the admin only); the read is audited, refusals
/// included.
pub async fn list_accounts(
    state: &AppState,
    caller: &Caller,
    page: Result<vieclam_store::Page, ApiError>,
) -> Result<Vec<UserAccount>, ApiError> {
    let result = async {
        let account = caller.require_account()?;
        if account.role != Role::Admin {
            return Err(vieclam_domain::AccessError::RoleNotAllowed(account.role).into());
        }
        Ok(state.store.list_users(page?).await?)
    }
    .await;
    crate::scope::audit_result(
        state,
        &caller.principal,
        AuditAction::Read,
        crate::scope::AuditSubject {
            kind: subject::USER_ACCOUNT,
            id: "list".to_owned(),
            unit: caller.principal.scope.as_ref(),
        },
        &result,
    )
    .await?;
    result
}
