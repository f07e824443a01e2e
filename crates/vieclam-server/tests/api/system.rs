//! Health, metrics, the OpenAPI document, and the error shape of requests
//! that never reach a handler.

use reqwest::StatusCode;

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn healthz_answers_with_the_backend() {
    let app = spawn_app().await;
    let (status, body) = app.get("/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "sqlite");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let app = spawn_app().await;
    app.get("/healthz", None).await;
    app.get("/api/v1/units?q=ba%20dinh", None).await;
    let response = reqwest::get(format!("{}/metrics", app.address))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains("route=\"/healthz\""), "{text}");
    assert!(
        !text.contains("ba%20dinh") && !text.contains("ba dinh"),
        "no query strings in metrics"
    );
}

#[tokio::test]
async fn openapi_document_is_3_1_and_covers_every_route() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        body["openapi"]
    );
    let paths = body["paths"].as_object().unwrap();
    for path in [
        "/healthz",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/workers",
        "/api/v1/workers/{id}",
        "/api/v1/workers/{id}/events",
        "/api/v1/duplicates",
        "/api/v1/duplicates/{id}",
        "/api/v1/employers",
        "/api/v1/employers/{id}",
        "/api/v1/vacancies",
        "/api/v1/vacancies/{id}",
        "/api/v1/import/{kind}",
        "/api/v1/export/{kind}",
        "/api/v1/vacancies/search",
        "/api/v1/suggest",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} is missing from the OpenAPI document"
        );
    }
    assert!(body["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/nothing-here", None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
    let response = reqwest::Client::new()
        .delete(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(
        status,
        &body,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = spawn_app().await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            &serde_json::json!({ "username": huge, "password": "p" }),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
}

#[tokio::test]
async fn malformed_json_and_wrong_content_type_are_400_and_415() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(status, &body, StatusCode::BAD_REQUEST, "json_invalid");

    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", app.address))
        .body("username=a&password=b")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(
        status,
        &body,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
}

#[tokio::test]
async fn responses_carry_a_request_id() {
    let app = spawn_app().await;
    let response = reqwest::get(format!("{}/healthz", app.address))
        .await
        .unwrap();
    assert!(response.headers().contains_key("x-request-id"));
}
