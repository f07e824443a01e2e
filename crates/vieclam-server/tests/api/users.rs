//! Accounts over HTTP: who may create which account, and who may read the
//! audit trail.

use reqwest::StatusCode;
use serde_json::json;
use vieclam_domain::Role;

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn admin_creates_an_officer_who_can_then_log_in() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    let token = app.token("admin").await;
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&token),
            &json!({ "username": "phuong.badinh", "password": "mật khẩu mới 2026",
                     "role": "unit_officer", "unit": "00004",
                     "display_name": "Phòng Văn hóa - Xã hội phường Ba Đình" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["scope"], "2025:00004");
    let (status, _) = app.login("phuong.badinh", "mật khẩu mới 2026").await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&token),
            &json!({ "username": "Phuong.BaDinh", "password": "another password", "role": "worker" }),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
}

#[tokio::test]
async fn bad_account_fields_are_422() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    let token = app.token("admin").await;
    let cases = [
        (
            json!({ "username": "a", "password": "long enough pass", "role": "worker" }),
            "account_invalid",
        ),
        (
            json!({ "username": "abc", "password": "short", "role": "worker" }),
            "account_invalid",
        ),
        (
            json!({ "username": "abc", "password": "long enough pass", "role": "king" }),
            "role_invalid",
        ),
        (
            json!({ "username": "abc", "password": "long enough pass", "role": "unit_officer" }),
            "scope_invalid",
        ),
        (
            json!({ "username": "abc", "password": "long enough pass", "role": "province_officer", "unit": "00004" }),
            "scope_invalid",
        ),
    ];
    for (request, code) in cases {
        let (status, body) = app.post("/api/v1/users", Some(&token), &request).await;
        assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, code);
    }
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&token),
            &json!({ "username": "abc", "password": "long enough pass", "role": "unit_officer", "unit": "99999" }),
        )
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "unit_not_found");
}

#[tokio::test]
async fn province_officers_create_accounts_only_inside_their_province() {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let token = app.token("so.hanoi").await;
    let inside = json!({ "username": "xa.hoaxa", "password": "long enough pass",
                         "role": "unit_officer", "unit": "10417" });
    let (status, body) = app.post("/api/v1/users", Some(&token), &inside).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let outside = json!({ "username": "hcm.officer", "password": "long enough pass",
                          "role": "unit_officer", "unit": "25747" });
    let (status, body) = app.post("/api/v1/users", Some(&token), &outside).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let admin = json!({ "username": "new.admin", "password": "long enough pass", "role": "admin" });
    let (status, body) = app.post("/api/v1/users", Some(&token), &admin).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn unit_officers_workers_and_the_public_create_no_accounts() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let request =
        json!({ "username": "someone", "password": "long enough pass", "role": "worker" });
    let (status, body) = app.post("/api/v1/users", None, &request).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let token = app.token("xa.hoaxa").await;
    let (status, body) = app.post("/api/v1/users", Some(&token), &request).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn only_the_admin_lists_accounts() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let (status, body) = app
        .get("/api/v1/users", Some(&app.token("admin").await))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 2);
    assert!(
        body.to_string().find("argon2").is_none(),
        "no password hashes"
    );
    let (status, body) = app
        .get("/api/v1/users", Some(&app.token("so.hanoi").await))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn the_audit_trail_is_for_the_admin_and_the_province() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    app.add_account("so.hcm", Role::ProvinceOfficer, Some("2025:79"))
        .await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let hoa_xa = app.token("xa.hoaxa").await;
    app.get("/api/v1/units/10417", Some(&hoa_xa)).await;

    let (status, body) = app
        .get(
            "/api/v1/audit?subject_kind=admin_unit",
            Some(&app.token("admin").await),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 1);
    let (_, hanoi) = app
        .get(
            "/api/v1/audit?subject_kind=admin_unit",
            Some(&app.token("so.hanoi").await),
        )
        .await;
    assert_eq!(hanoi.as_array().unwrap().len(), 1);
    let (_, hcm) = app
        .get(
            "/api/v1/audit?subject_kind=admin_unit",
            Some(&app.token("so.hcm").await),
        )
        .await;
    assert_eq!(
        hcm.as_array().unwrap().len(),
        0,
        "another province's entries are hidden"
    );
    let (status, body) = app.get("/api/v1/audit", Some(&hoa_xa)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .get(
            "/api/v1/audit?outcome=maybe",
            Some(&app.token("admin").await),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
}
