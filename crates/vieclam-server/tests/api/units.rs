//! Units over HTTP: the public search, and the scoped officer view that is
//! refused (403) and audited outside the officer's area.

use reqwest::StatusCode;
use vieclam_domain::audit::subject;
use vieclam_domain::{AuditOutcome, Role};
use vieclam_store::AuditFilter;

use crate::helpers::{assert_error, spawn_app, spawn_app_on, Backend, TestApp};

#[tokio::test]
async fn the_public_searches_units_with_or_without_diacritics() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/units?q=ung%20hoa", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let names: Vec<&str> = body["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|unit| unit["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Huyện Ứng Hòa"), "{names:?}");
    assert!(
        body["structure_used"]["structure"].is_null(),
        "both structures searched"
    );

    let (_, in_2021) = app
        .get("/api/v1/units?q=%C6%AFng%20Ho%C3%A0&date=2021-01-21", None)
        .await;
    assert_eq!(in_2021["structure_used"]["structure"], "legacy");
    assert_eq!(in_2021["units"][0]["name"], "Huyện Ứng Hòa");
}

#[tokio::test]
async fn listings_say_which_structure_they_used() {
    let app = spawn_app().await;
    let (_, now) = app.get("/api/v1/units?limit=500", None).await;
    assert_eq!(now["structure_used"]["structure"], "2025");
    assert_eq!(now["units"].as_array().unwrap().len(), 34);
    let (_, before) = app
        .get("/api/v1/units?date=2024-12-31&limit=500", None)
        .await;
    assert_eq!(before["structure_used"]["structure"], "legacy");
    assert_eq!(before["units"].as_array().unwrap().len(), 63);
    let (_, hanoi_2021) = app
        .get("/api/v1/units?parent=01&structure=legacy&limit=500", None)
        .await;
    assert_eq!(hanoi_2021["units"].as_array().unwrap().len(), 30);
}

#[tokio::test]
async fn bad_unit_parameters_are_400() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/units?structure=medieval", None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "unit_code_invalid");
    let (status, body) = app.get("/api/v1/units?date=21/01/2021", None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "query_invalid");
    let (status, body) = app.get("/api/v1/units?level=galaxy", None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let (status, body) = app
        .get("/api/v1/units?parent=99&structure=2025", None)
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "unit_not_found");
}

async fn district_officer_is_refused_outside_the_district(app: &TestApp) {
    let officer_id = app
        .add_account("quan.badinh", Role::UnitOfficer, Some("legacy:001"))
        .await;
    let token = app.token("quan.badinh").await;

    // Inside: the district itself and a commune of it (a legacy code read by
    // its date).
    let (status, body) = app.get("/api/v1/units/legacy:001", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["unit"]["name"], "Quận Ba Đình");
    assert_eq!(body["children"].as_array().unwrap().len(), 13);
    let (status, body) = app
        .get("/api/v1/units/00001?date=2021-06-01", Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["structure_used"]["structure"], "legacy");
    assert_eq!(body["successors"][0]["unit"]["code"], "00097");

    // Outside: Hoàn Kiếm district, and the province above.
    let (status, body) = app.get("/api/v1/units/legacy:002", Some(&token)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .get("/api/v1/units/01?structure=legacy", Some(&token))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");

    // Every attempt is in the audit table, refused ones as denied.
    let entries = app
        .audit(AuditFilter {
            actor_user_id: Some(officer_id),
            subject_kind: Some(subject::ADMIN_UNIT.to_owned()),
            ..AuditFilter::default()
        })
        .await;
    let outcomes: Vec<(String, AuditOutcome)> = entries
        .iter()
        .rev()
        .map(|entry| (entry.entry.subject_id.clone(), entry.entry.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("legacy:001".to_owned(), AuditOutcome::Allowed),
            ("legacy:00001".to_owned(), AuditOutcome::Allowed),
            ("legacy:002".to_owned(), AuditOutcome::Denied),
            ("legacy:01".to_owned(), AuditOutcome::Denied),
        ]
    );
    assert!(entries
        .iter()
        .all(|entry| entry.entry.province_code.as_deref() == Some("01")));
}

#[tokio::test]
async fn district_officer_is_refused_outside_the_district_on_sqlite() {
    district_officer_is_refused_outside_the_district(&spawn_app().await).await;
}

#[tokio::test]
async fn district_officer_is_refused_outside_the_district_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        district_officer_is_refused_outside_the_district(&app).await;
        app.clean_up().await;
    }
}

#[tokio::test]
async fn commune_officer_sees_own_commune_and_its_predecessors_only() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let (status, body) = app.get("/api/v1/units/10417", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["unit"]["name"], "Xã Hòa Xá");
    assert_eq!(body["structure_used"]["structure"], "2025");
    assert!(!body["predecessors"].as_array().unwrap().is_empty());
    let (status, _) = app.get("/api/v1/units/00004", Some(&token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_public_and_people_without_units_are_refused_the_unit_view() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/units/01", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    app.add_account("nld", Role::Worker, None).await;
    let token = app.token("nld").await;
    let (status, body) = app.get("/api/v1/units/01", Some(&token)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn unknown_and_malformed_codes_are_404_and_400() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    let token = app.token("admin").await;
    let (status, body) = app.get("/api/v1/units/99999", Some(&token)).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "unit_not_found");
    let (status, body) = app.get("/api/v1/units/001", Some(&token)).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "unit_not_found");
    let (status, body) = app.get("/api/v1/units/12ab", Some(&token)).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "unit_code_invalid");
    let (status, body) = app
        .get("/api/v1/units/01?date=yesterday", Some(&token))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "query_invalid");
}
