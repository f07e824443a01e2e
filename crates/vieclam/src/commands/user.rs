//! `vieclam user`: create accounts (the first admin among them), list them,
//! set a password.

use std::io::{BufRead, IsTerminal};

use anyhow::Context;
use chrono::Utc;
use clap::{Args, Subcommand};
use vieclam_domain::{NewPassword, Role, UnitKey, Username};
use vieclam_store::{NewUser, Page, StoreError};

use crate::messages::{say, UserError};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account, e.g. the first admin:
    /// `vieclam user add --username admin --role admin`.
    Add(AddArgs),
    /// List accounts.
    List,
    /// Set a new password for an account (ends its sessions).
    SetPassword(PasswordArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub username: String,
    /// admin, province_officer, exchange_staff, unit_officer, partner_agency, employer or worker.
    #[arg(long)]
    pub role: String,
    /// The unit an officer works in: a code or structure:code (e.g. 01, 2025:00004, legacy:001).
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub display_name: Option<String>,
    /// Read the password from the first line of standard input instead of a prompt.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct PasswordArgs {
    #[arg(long)]
    pub username: String,
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(db: &str, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add(args) => add(db, args).await,
        UserCommand::List => list(db).await,
        UserCommand::SetPassword(args) => set_password(db, args).await,
    }
}

/// Reads a new password from standard input or an interactive prompt.
fn read_password(from_stdin: bool) -> anyhow::Result<NewPassword> {
    let text = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let first = rpassword::prompt_password("Mật khẩu / password: ")?;
        let second = rpassword::prompt_password("Nhập lại / again: ")?;
        if first != second {
            return Err(UserError::new(
                "Hai lần nhập mật khẩu không khớp",
                "The two passwords differ",
            )
            .into());
        }
        first
    };
    Ok(NewPassword::parse(&text)?)
}

/// Checks an account's fields, hashes its password and stores it.
pub async fn create_account(
    store: &dyn vieclam_store::Store,
    units: &vieclam_domain::AdminUnits,
    username: &str,
    role: &str,
    unit: Option<&str>,
    display_name: Option<&str>,
    password: &NewPassword,
) -> anyhow::Result<vieclam_store::UserAccount> {
    let username = Username::parse(username)?;
    let role = Role::parse(role).filter(|role| *role != Role::Public).ok_or_else(|| {
        UserError::new(
            format!("Vai trò {role:?} không tồn tại; dùng một trong: admin, province_officer, exchange_staff, unit_officer, partner_agency, employer, worker"),
            format!("Unknown role {role:?}; use one of: admin, province_officer, exchange_staff, unit_officer, partner_agency, employer, worker"),
        )
    })?;
    let scope = unit
        .map(|unit| UnitKey::parse(unit, vieclam_server::vietnam_today()))
        .transpose()?;
    role.check_scope(scope.as_ref())?;
    let province_code = match &scope {
        Some(key) => Some(units.current_province_code(key)?.to_string()),
        None => None,
    };
    let password_hash = vieclam_server::auth::hash_password(password.expose())
        .map_err(|error| anyhow::anyhow!("cannot hash the password: {error}"))?;
    let account = store
        .create_user(
            &NewUser {
                display_name: display_name.map_or_else(|| username.to_string(), vieclam_text::nfc),
                username,
                password_hash,
                role,
                scope,
                province_code,
            },
            Utc::now(),
        )
        .await?;
    Ok(account)
}

async fn add(db: &str, args: AddArgs) -> anyhow::Result<()> {
    // Check what can be checked before asking for a password.
    Username::parse(&args.username)?;
    let (store, units) = super::open_store(db).await?;
    let password = read_password(args.password_stdin)?;
    let account = create_account(
        store.as_ref(),
        &units,
        &args.username,
        &args.role,
        args.unit.as_deref(),
        args.display_name.as_deref(),
        &password,
    )
    .await?;
    say!(
        "Đã tạo tài khoản / created account #{}: {} ({}{})",
        account.id,
        account.username,
        account.role,
        account
            .scope
            .map(|scope| format!(", {scope}"))
            .unwrap_or_default()
    );
    Ok(())
}

async fn list(db: &str) -> anyhow::Result<()> {
    let (store, _units) = super::open_store(db).await?;
    let mut offset = 0;
    loop {
        let page = store.list_users(Page { limit: 500, offset }).await?;
        if page.is_empty() {
            break;
        }
        for account in &page {
            say!(
                "{:>6} {:<32} {:<17} {:<14} {}",
                account.id,
                account.username.as_str(),
                account.role.as_str(),
                account
                    .scope
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                if account.active { "active" } else { "inactive" }
            );
        }
        offset += page.len() as u32;
    }
    Ok(())
}

async fn set_password(db: &str, args: PasswordArgs) -> anyhow::Result<()> {
    let username = Username::parse(&args.username)?;
    let (store, _units) = super::open_store(db).await?;
    let credentials = store
        .find_user_credentials(&username)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("account {username}"),
        })?;
    let password = read_password(args.password_stdin)?;
    let password_hash = vieclam_server::auth::hash_password(password.expose())
        .map_err(|error| anyhow::anyhow!("cannot hash the password: {error}"))?;
    store
        .set_password_hash(credentials.account.id, &password_hash, Utc::now())
        .await?;
    say!("Đã đổi mật khẩu / password changed: {username}");
    Ok(())
}
