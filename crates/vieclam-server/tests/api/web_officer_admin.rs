//! The administration pages over HTTP: accounts created and listed under
//! the API's rules (the admin lists, a province officer creates inside
//! the province), the audit trail filtered by account, record, outcome and
//! days, paged — and the denials: other roles, the public, hostile
//! filters and paging values.

use chrono::Utc;
use reqwest::StatusCode;
use vieclam_domain::{AuditAction, AuditOutcome, Role, UnitKey};
use vieclam_store::NewAuditEntry;

use crate::helpers::{spawn_app, TestApp};
use crate::webkit::Web;

struct Accounts {
    province: i64,
}

async fn accounts(app: &TestApp) -> Accounts {
    app.add_account("admin.test", Role::Admin, None).await;
    let province = app
        .add_account("so.hanoi", Role::ProvinceOfficer, Some("01"))
        .await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("ttdvvl.test", Role::ExchangeStaff, Some("01"))
        .await;
    app.add_account("nld.test", Role::Worker, None).await;
    Accounts { province }
}

async fn signed_in<'a>(app: &'a TestApp, username: &str) -> Web<'a> {
    let mut web = Web::new(app);
    web.login(username).await;
    web
}

#[tokio::test]
async fn accounts_are_created_by_the_api_rules_and_listed_for_the_admin() {
    let app = spawn_app().await;
    accounts(&app).await;
    let mut admin = signed_in(&app, "admin.test").await;
    let list = admin.get("/can-bo/quan-tri/tai-khoan").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("<caption>") && list.has("so.hanoi") && list.has("Cán bộ Sở"));
    assert!(list.has("Thành phố Hà Nội"), "units by name");
    assert!(list.has("list=\"unit-ds\"") && list.has("/goi-y?kind=unit"));
    assert_eq!(admin.get("/can-bo/quan-tri").await.status, StatusCode::OK);

    // A unit chosen by name through the typeahead's text.
    let created = admin
        .post(
            "/can-bo/quan-tri/tai-khoan",
            &[
                ("username", "xa.moi"),
                ("display_name", "Cán bộ xã mới"),
                ("password", "mat-khau-du-dai"),
                ("role", "unit_officer"),
                ("unit", "Xã Hòa Xá, Thành phố Hà Nội (10417)"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    assert!(created.has("Đã tạo tài khoản") && created.has("xa.moi"));
    assert!(created.has("Xã Hòa Xá"));
    let (status, _) = app.login("xa.moi", "mat-khau-du-dai").await;
    assert_eq!(status, StatusCode::OK, "the new account logs in");

    // The API's rules: a short password, a taken name, a unit that does not
    // exist, an officer without a unit.
    for (fields, field, status) in [
        (
            [
                ("username", "xa.khac"),
                ("password", "ngan"),
                ("role", "unit_officer"),
                ("unit", "10417"),
            ],
            "password",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            [
                ("username", "xa.moi"),
                ("password", "mat-khau-du-dai"),
                ("role", "unit_officer"),
                ("unit", "10417"),
            ],
            "username",
            StatusCode::CONFLICT,
        ),
        (
            [
                ("username", "xa.khac"),
                ("password", "mat-khau-du-dai"),
                ("role", "unit_officer"),
                ("unit", "99999"),
            ],
            "unit",
            StatusCode::NOT_FOUND,
        ),
        (
            [
                ("username", "xa.khac"),
                ("password", "mat-khau-du-dai"),
                ("role", "unit_officer"),
                ("unit", ""),
            ],
            "unit",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let refused = admin.post("/can-bo/quan-tri/tai-khoan", &fields).await;
        assert_eq!(refused.status, status, "{fields:?}: {}", refused.body);
        assert!(refused.has("error-summary"), "{fields:?}");
        assert!(
            refused.has(&format!("href=\"#{field}\"")),
            "{fields:?}: {}",
            refused.body
        );
        assert!(
            !refused.has("mat-khau-du-dai"),
            "the password is never shown back"
        );
    }

    // A province officer creates inside the province, not outside; and
    // does not list accounts (the API lists them for the admin only).
    let mut province = signed_in(&app, "so.hanoi").await;
    let page = province.get("/can-bo/quan-tri/tai-khoan").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("chỉ dành cho quản trị") && !page.has("admin.test"));
    let created = province
        .post(
            "/can-bo/quan-tri/tai-khoan",
            &[
                ("username", "phuong.moi"),
                ("password", "mat-khau-du-dai"),
                ("role", "unit_officer"),
                ("unit", "00004"),
            ],
        )
        .await;
    assert!(created.has("Đã tạo tài khoản"), "{}", created.body);
    let refused = province
        .post(
            "/can-bo/quan-tri/tai-khoan",
            &[
                ("username", "ngoai.tinh"),
                ("password", "mat-khau-du-dai"),
                ("role", "province_officer"),
                ("unit", "79"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.has("href=\"#role\""));

    // Hostile paging values.
    for query in ["limit=0", "limit=100000", "offset=abc", "offset=-1"] {
        let bad = admin
            .get(&format!("/can-bo/quan-tri/tai-khoan?{query}"))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}");
    }
}

#[tokio::test]
async fn other_roles_and_the_public_are_refused_the_administration() {
    let app = spawn_app().await;
    accounts(&app).await;
    for path in [
        "/can-bo/quan-tri",
        "/can-bo/quan-tri/tai-khoan",
        "/can-bo/quan-tri/nhat-ky",
    ] {
        let mut visitor = Web::new(&app);
        assert_eq!(visitor.get(path).await.path, "/dang-nhap", "{path}");
        for username in ["xa.hoaxa", "ttdvvl.test", "nld.test"] {
            let mut web = signed_in(&app, username).await;
            assert_eq!(
                web.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{username} {path}"
            );
        }
    }
    let mut unit = signed_in(&app, "xa.hoaxa").await;
    unit.get("/can-bo").await;
    let refused = unit
        .post(
            "/can-bo/quan-tri/tai-khoan",
            &[
                ("username", "x.y.z"),
                ("password", "mat-khau-du-dai"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(app
        .store
        .find_user_credentials(&vieclam_domain::Username::parse("x.y.z").unwrap())
        .await
        .unwrap()
        .is_none());
}

fn entry_elsewhere() -> NewAuditEntry {
    NewAuditEntry {
        at: Utc::now(),
        actor_user_id: Some(424_242),
        actor_role: Role::UnitOfficer,
        action: AuditAction::Read,
        subject_kind: "admin_unit".to_owned(),
        subject_id: "ngoai-tinh".to_owned(),
        unit: Some(UnitKey::parse("2025:79", Utc::now().date_naive()).unwrap()),
        province_code: Some("79".to_owned()),
        outcome: AuditOutcome::Denied,
        reason: Some("outside scope".to_owned()),
        request_id: None,
        records: Vec::new(),
    }
}

#[tokio::test]
async fn the_audit_trail_filters_by_account_record_and_days_and_refuses_hostile_values() {
    let app = spawn_app().await;
    let ids = accounts(&app).await;
    app.store.record_audit(&entry_elsewhere()).await.unwrap();
    let mut province = signed_in(&app, "so.hanoi").await;
    // Something of the province's in the trail: a refused creation.
    province.get("/can-bo/quan-tri/tai-khoan").await;
    province
        .post(
            "/can-bo/quan-tri/tai-khoan",
            &[
                ("username", "ngoai.tinh"),
                ("password", "mat-khau-du-dai"),
                ("role", "province_officer"),
                ("unit", "79"),
            ],
        )
        .await;
    let mut admin = signed_in(&app, "admin.test").await;

    let all = admin.get("/can-bo/quan-tri/nhat-ky").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.has("ngoai-tinh") && all.has("Bị từ chối") && all.has("<caption>"));
    assert!(all.has(&format!("#{}", ids.province)));

    // By account: only that account's entries.
    let mine = admin
        .get(&format!(
            "/can-bo/quan-tri/nhat-ky?tai_khoan={}",
            ids.province
        ))
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.has(&format!("#{}", ids.province)) && !mine.has("#424242"));
    // By record: kind and id.
    let record = admin
        .get("/can-bo/quan-tri/nhat-ky?loai=admin_unit&ma=ngoai-tinh")
        .await;
    assert!(record.has("<td>admin_unit ngoai-tinh</td>"));
    assert!(!record.has("<td>audit_log") && !record.has("<td>user_account"));
    // By days: today has entries, a day long past has none.
    let today = vieclam_server::vietnam_today();
    let days = admin
        .get(&format!("/can-bo/quan-tri/nhat-ky?tu={today}&den={today}"))
        .await;
    assert!(days.has("ngoai-tinh"));
    let past = admin
        .get("/can-bo/quan-tri/nhat-ky?tu=2001-01-01&den=2001-01-31")
        .await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(past.has("Không có mục nào khớp") && !past.has("ngoai-tinh"));
    // Paged, newest first, the filters kept on the next page.
    let first = admin.get("/can-bo/quan-tri/nhat-ky?limit=1&loai=").await;
    assert!(first.has("offset=1") && first.has("Trang sau"));
    let second = admin.get("/can-bo/quan-tri/nhat-ky?limit=1&offset=1").await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.has("Trang trước"));

    // A province officer sees the province's entries only.
    let theirs = province.get("/can-bo/quan-tri/nhat-ky").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.has("ngoai-tinh"), "another province's entry");

    // Hostile values: 400 pages, never a panic or a silent clamp.
    for query in [
        "tai_khoan=abc",
        "tu=05/12/2026",
        "den=2026-13-01",
        "tu=2026-12-05&den=2026-12-01",
        "ket_qua=maybe",
        "limit=0",
        "limit=5000",
        "offset=-1",
        "offset=99999999999",
        "limit=1e3",
    ] {
        let bad = admin
            .get(&format!("/can-bo/quan-tri/nhat-ky?{query}"))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}: {}", bad.body);
    }
}
