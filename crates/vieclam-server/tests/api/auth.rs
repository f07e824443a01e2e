//! Logging in and out: sessions by cookie and by bearer token, wrong
//! passwords, throttling, and the audit of every attempt.

use reqwest::StatusCode;
use vieclam_domain::{AuditAction, AuditOutcome, Role};
use vieclam_store::AuditFilter;

use crate::helpers::{assert_error, spawn_app, PASSWORD};

#[tokio::test]
async fn login_returns_a_token_and_an_http_only_cookie() {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let response = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&serde_json::json!({ "username": "SO.HANOI", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("vieclam_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["account"]["username"], "so.hanoi");
    assert_eq!(body["account"]["role"], "province_officer");
    assert_eq!(body["account"]["scope"], "2025:01");

    // The cookie alone is a session (the client keeps it in its jar).
    let me = app
        .client
        .get(format!("{}/api/v1/auth/me", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // And so is the bearer token.
    let (status, me) = app
        .get("/api/v1/auth/me", Some(body["token"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], "so.hanoi");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401_and_are_audited() {
    let app = spawn_app().await;
    let user_id = app
        .add_account("badinh", Role::UnitOfficer, Some("legacy:001"))
        .await;
    let (status, wrong_password) = app.login("badinh", "not-the-password").await;
    assert_error(
        status,
        &wrong_password,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
    let (status, unknown_user) = app.login("nobody", PASSWORD).await;
    assert_error(
        status,
        &unknown_user,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
    assert_eq!(wrong_password, unknown_user, "no hint which one was wrong");
    let (status, malformed) = app.login("x", PASSWORD).await;
    assert_error(
        status,
        &malformed,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );

    let failed = app
        .audit(AuditFilter {
            outcome: Some(AuditOutcome::Failed),
            ..AuditFilter::default()
        })
        .await;
    assert_eq!(failed.len(), 3);
    assert!(failed
        .iter()
        .all(|entry| entry.entry.action == AuditAction::Login));
    assert!(failed
        .iter()
        .any(|entry| entry.entry.subject_id == user_id.to_string()));
}

#[tokio::test]
async fn repeated_failures_throttle_the_account() {
    let app = spawn_app().await;
    app.add_account("target", Role::Worker, None).await;
    for _ in 0..vieclam_server::auth::MAX_FAILED_LOGINS {
        let (status, _) = app.login("target", "guess-guess-guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while throttled.
    let (status, body) = app.login("target", PASSWORD).await;
    assert_error(
        status,
        &body,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    );
}

#[tokio::test]
async fn a_bad_or_ended_session_is_401() {
    let app = spawn_app().await;
    app.add_account("worker1", Role::Worker, None).await;
    let (status, body) = app.get("/api/v1/auth/me", Some("forged-token")).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "session_invalid");
    let (status, body) = app.get("/api/v1/auth/me", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");

    let token = app.token("worker1").await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/logout", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, body) = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "session_invalid");
}

#[tokio::test]
async fn an_expired_session_is_401() {
    let config = vieclam_server::ServerConfig {
        session_ttl: chrono::Duration::seconds(-1),
        ..vieclam_server::ServerConfig::default()
    };
    let app = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, config)
        .await
        .unwrap();
    app.add_account("worker1", Role::Worker, None).await;
    let token = app.token("worker1").await;
    let (status, body) = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "session_invalid");
}
