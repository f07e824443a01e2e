//! `vieclam demo`: a ready-to-try installation — the database with the
//! administrative units and one account for each role, then the server.

use clap::Args;
use std::net::SocketAddr;
use vieclam_domain::{NewPassword, Username};
use vieclam_server::{AppState, ServerConfig};

/// The password of every demo account. A demo database is for trying the
/// system out; never run `demo` against a production database.
pub const DEMO_PASSWORD: &str = "vieclam-demo-2026";

/// (username, role, unit, display name) of the demo accounts.
pub const DEMO_ACCOUNTS: &[(&str, &str, Option<&str>, &str)] = &[
    ("admin", "admin", None, "Quản trị hệ thống"),
    (
        "so.hanoi",
        "province_officer",
        Some("2025:01"),
        "Sở Nội vụ Hà Nội",
    ),
    (
        "ttdvvl.hanoi",
        "exchange_staff",
        Some("2025:01"),
        "Trung tâm Dịch vụ việc làm Hà Nội",
    ),
    (
        "xa.hoaxa",
        "unit_officer",
        Some("2025:10417"),
        "UBND xã Hòa Xá — Phòng Văn hóa - Xã hội",
    ),
    (
        "phuong.badinh",
        "unit_officer",
        Some("2025:00004"),
        "UBND phường Ba Đình — Phòng Văn hóa - Xã hội",
    ),
    (
        "nhcsxh.hanoi",
        "partner_agency",
        Some("2025:01"),
        "Ngân hàng Chính sách xã hội — CN Hà Nội",
    ),
    ("dn.demo", "employer", None, "Doanh nghiệp mẫu"),
    ("nld.demo", "worker", None, "Người lao động mẫu"),
];

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Set up the demo and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    #[arg(long, env = "VIECLAM_ADDR", default_value_t = vieclam_server::DEFAULT_ADDRESS)]
    pub addr: SocketAddr,
}

pub async fn run(db: &str, args: DemoArgs) -> anyhow::Result<()> {
    super::serve::init_logging();
    let (store, units) = super::open_store(db).await?;
    let password = NewPassword::parse(DEMO_PASSWORD)?;
    let mut n_created = 0;
    for (username, role, unit, display_name) in DEMO_ACCOUNTS {
        let existing = store
            .find_user_credentials(&Username::parse(username)?)
            .await?;
        if existing.is_none() {
            super::user::create_account(
                store.as_ref(),
                &units,
                username,
                role,
                *unit,
                Some(display_name),
                &password,
            )
            .await?;
            n_created += 1;
        }
    }
    let (n_legacy, n_2025) = store.count_admin_units().await?;
    println!();
    println!(
        "vieclam demo — {} ({})",
        db_label(db),
        store.backend().as_str()
    );
    println!(
        "  Đơn vị hành chính / administrative units: {n_2025} từ 01/7/2025, {n_legacy} trước 01/7/2025"
    );
    println!("  Tài khoản mới tạo / accounts created: {n_created}");
    println!();
    println!("Tài khoản demo / demo accounts (mật khẩu / password: {DEMO_PASSWORD}):");
    for (username, role, unit, display_name) in DEMO_ACCOUNTS {
        println!(
            "  {username:<15} {role:<17} {:<12} {display_name}",
            unit.unwrap_or("")
        );
    }
    println!();
    println!("Đăng nhập / log in:");
    println!(
        "  curl -s -X POST http://{}/api/v1/auth/login -H 'content-type: application/json' \\\n       -d '{{\"username\":\"so.hanoi\",\"password\":\"{DEMO_PASSWORD}\"}}'",
        args.addr
    );
    println!(
        "  then: curl -H 'Authorization: Bearer <token>' http://{}/api/v1/units/01",
        args.addr
    );
    println!("  API: http://{}/api/openapi.json", args.addr);
    println!();
    if args.no_serve {
        return Ok(());
    }
    super::serve::serve(
        AppState::new(store, units, ServerConfig::default()),
        args.addr,
    )
    .await
}

/// The database URL without any password it may carry.
fn db_label(db: &str) -> String {
    match (db.find("://"), db.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://…{}", &db[..scheme_end], &db[at..])
        }
        _ => db.to_owned(),
    }
}
