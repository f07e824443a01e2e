//! Job search over HTTP: the index follows every change at once, accents
//! rank, filters reach old units through the crosswalk, typeahead.

use reqwest::StatusCode;
use serde_json::{json, Value};
use vieclam_domain::Role;

use crate::helpers::{assert_error, spawn_app, TestApp};

async fn post_vacancy(
    app: &TestApp,
    token: &str,
    employer_id: i64,
    title: &str,
    commune: &str,
) -> i64 {
    // The occupation's name is searched too: give each title its own.
    let occupation = if title.starts_with("Kế toán") {
        "3313"
    } else {
        "5223"
    };
    let body = json!({
        "employer_id": employer_id, "title": title, "occupation": occupation,
        "occupation_inferred": false, "headcount": 3, "qualification": null,
        "experience_years": 0, "skills": [], "languages": [],
        "wage": {"min_vnd": 7000000, "max_vnd": 9000000},
        "work_unit": {"structure": "2025", "code": commune},
        "hours": null, "contract_type": null, "deadline": null, "status": "open",
        "disability_friendly": false, "abroad_country": null, "description": null
    });
    let (status, created) = app.post("/api/v1/vacancies", Some(token), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

fn titles(body: &Value) -> Vec<String> {
    body["vacancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["posting"]["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_public_searches_vacancies_as_they_change() {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let token = app.token("so.hanoi").await;
    let employer = json!({
        "tax_code": "0100112437", "name": "Công ty TNHH Thương mại Minh Phát", "kind": "company",
        "industry": null, "size": null, "address_unit": {"structure": "2025", "code": "00004"},
        "address_line": null, "contact_name": null, "contact_phone": null, "contact_email": null
    });
    let (_, created) = app.post("/api/v1/employers", Some(&token), &employer).await;
    let employer_id = created["id"].as_i64().unwrap();
    let sales = post_vacancy(&app, &token, employer_id, "Nhân viên bán hàng", "00004").await;
    post_vacancy(
        &app,
        &token,
        employer_id,
        "Chăm sóc bạn hàng thân thiết",
        "00004",
    )
    .await;
    post_vacancy(&app, &token, employer_id, "Kế toán tổng hợp", "10417").await;

    let (status, body) = app
        .get("/api/v1/vacancies/search?q=b%C3%A1n%20h%C3%A0ng", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        titles(&body),
        ["Nhân viên bán hàng", "Chăm sóc bạn hàng thân thiết"]
    );
    let (_, body) = app.get("/api/v1/vacancies/search?q=ke%20toan", None).await;
    assert_eq!(titles(&body), ["Kế toán tổng hợp"]);
    assert_eq!(body["total_headcount"], 3);
    // The employer's name is searched too.
    let (_, body) = app
        .get("/api/v1/vacancies/search?q=minh%20phat", None)
        .await;
    assert_eq!(body["total"], 3);
    // Old units reach new ones: Hòa Xá (2025) came from legacy communes of
    // Ứng Hòa district (legacy:281).
    let (_, body) = app
        .get("/api/v1/vacancies/search?unit=legacy:281", None)
        .await;
    assert_eq!(titles(&body), ["Kế toán tổng hợp"]);
    let (_, body) = app.get("/api/v1/vacancies/search?unit=01", None).await;
    assert_eq!(body["total"], 3);
    let communes: Vec<&str> = body["by_commune"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert!(communes.contains(&"2025:00004") && communes.contains(&"2025:10417"));

    // Closing a vacancy takes it out of the results at once.
    let mut closed: Value =
        app.get(&format!("/api/v1/vacancies/{sales}"), None).await.1["posting"].clone();
    closed["status"] = json!("closed");
    let response = reqwest::Client::new()
        .put(format!("{}/api/v1/vacancies/{sales}", app.address))
        .bearer_auth(&token)
        .json(&closed)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (_, body) = app.get("/api/v1/vacancies/search?q=ban%20hang", None).await;
    assert_eq!(titles(&body), ["Chăm sóc bạn hàng thân thiết"]);
}

#[tokio::test]
async fn bad_search_parameters_are_400() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/vacancies/search?sort=random", None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let (status, body) = app.get("/api/v1/vacancies/search?unit=12ab", None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "unit_code_invalid");
    let (status, body) = app
        .get("/api/v1/vacancies/search?wage_min=lots", None)
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "query_invalid");
    let (status, body) = app.get("/api/v1/suggest?q=ke&kind=planet", None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn typeahead_suggests_occupations_skills_and_units() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/suggest?q=ke%20toan", None).await;
    assert_eq!(status, StatusCode::OK);
    let suggestions = body.as_array().unwrap();
    assert!(!suggestions.is_empty() && suggestions.len() <= 10);
    assert!(suggestions
        .iter()
        .all(|s| vieclam_text::fold(s["text"].as_str().unwrap()).contains("ke toan")));
    let (_, units) = app.get("/api/v1/suggest?q=hoa%20xa&kind=unit", None).await;
    assert_eq!(units[0]["text"], "Xã Hòa Xá");
    assert_eq!(units[0]["code"], "2025:10417");
}
