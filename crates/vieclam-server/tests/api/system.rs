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

/// Every operation of the served document, as (method, path, operation).
fn operations(document: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                operations.push((method.clone(), path.clone(), operation.clone()));
            }
        }
    }
    assert!(operations.len() > 40, "{} operations", operations.len());
    operations
}

/// A schema with its `$ref` followed (one level is all the document uses
/// for request bodies).
fn resolved<'a>(
    document: &'a serde_json::Value,
    schema: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

async fn served_document() -> serde_json::Value {
    let app = spawn_app().await;
    let (status, document) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    document
}

#[tokio::test]
async fn openapi_query_parameters_are_not_declared_in_the_path() {
    let document = served_document().await;
    for (method, path, operation) in operations(&document) {
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for parameter in &parameters {
            let name = parameter["name"].as_str().unwrap();
            let in_template = path.contains(&format!("{{{name}}}"));
            assert_eq!(
                parameter["in"] == "path",
                in_template,
                "{method} {path}: parameter {name} is declared in {}",
                parameter["in"]
            );
        }
    }
}

#[tokio::test]
async fn openapi_import_bodies_are_binary_files_not_arrays_of_integers() {
    let document = served_document().await;
    for path in ["/api/v1/import/{kind}", "/api/v1/data-values/import"] {
        let content = document["paths"][path]["post"]["requestBody"]["content"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} documents no body"));
        for media_type in [
            "application/octet-stream",
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ] {
            let schema = resolved(&document, &content[media_type]["schema"]);
            assert_eq!(schema["type"], "string", "{path} {media_type}: {schema}");
            assert_eq!(schema["format"], "binary", "{path} {media_type}: {schema}");
        }
    }
}

#[tokio::test]
async fn openapi_every_operation_documents_malformed_requests_and_logins() {
    let document = served_document().await;
    for (method, path, operation) in operations(&document) {
        let responses = operation["responses"].as_object().unwrap();
        assert!(
            responses.contains_key("400"),
            "{method} {path} does not document 400"
        );
        let secured = operation["security"]
            .as_array()
            .is_some_and(|requirements| !requirements.is_empty());
        if secured {
            assert!(
                responses.contains_key("401"),
                "{method} {path} is secured but does not document 401"
            );
        }
        if path.contains('{') {
            assert!(
                responses.contains_key("404"),
                "{method} {path} has a path parameter but does not document 404"
            );
        }
        if let Some(content) = operation["requestBody"]["content"].as_object() {
            assert!(responses.contains_key("413"), "{method} {path}: no 413");
            if content.contains_key("application/json") {
                assert!(responses.contains_key("415"), "{method} {path}: no 415");
            }
        }
    }
}

#[tokio::test]
async fn openapi_request_bodies_have_real_schemas_not_a_bare_object() {
    let document = served_document().await;
    for (method, path, operation) in operations(&document) {
        let Some(content) = operation["requestBody"]["content"].as_object() else {
            continue;
        };
        for (media_type, body) in content {
            let schema = resolved(&document, &body["schema"]);
            assert!(
                !(schema["type"] == "object" && schema.get("properties").is_none()),
                "{method} {path} ({media_type}) documents its body as a bare object: {schema}"
            );
        }
    }
    // The domain records carry their fields, and coded values their codes.
    let schemas = &document["components"]["schemas"];
    for (name, field) in [
        ("WorkerProfile", "citizen_id"),
        ("EmployerProfile", "tax_code"),
        ("VacancyPosting", "work_unit"),
        ("LabourEvent", "kind"),
        ("Plan", "targets"),
    ] {
        assert!(
            schemas[name]["properties"][field].is_object(),
            "{name}.{field} is not documented"
        );
    }
    let codes = schemas["Qualification"]["enum"].as_array().unwrap();
    assert!(codes.contains(&serde_json::json!("college")), "{codes:?}");
    let structures = schemas["UnitStructure"]["enum"].as_array().unwrap();
    assert!(
        structures.contains(&serde_json::json!("2025")),
        "{structures:?}"
    );
}

#[tokio::test]
async fn openapi_error_details_are_any_json_value_not_an_object() {
    let document = served_document().await;
    let details = &document["components"]["schemas"]["ErrorDetail"]["properties"]["details"];
    assert!(details.is_object(), "{details}");
    // Rejected records answer an array and imports an object: the schema
    // may not fix a type.
    assert!(details.get("type").is_none(), "{details}");
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
