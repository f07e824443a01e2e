//! Invitations to apply over HTTP, on SQLite and PostgreSQL: the employer
//! invites a consenting candidate once; the invited worker alone answers,
//! once; accepting applies, and the application then shows the worker's
//! contact to the employer (whole) and to the exchange's staff (masked).

use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::json;
use vieclam_domain::registry::EventSource;
use vieclam_domain::Role;
use vieclam_store::{AuditFilter, WorkerWrite};

use crate::exchange::{city, employer_account, worker_account};
use crate::helpers::{assert_error, spawn_app, spawn_app_on, Backend, TestApp};
use crate::registers::worker;

/// A worker who did not consent to be shown to employers.
async fn private_worker(app: &TestApp, serial: u32) -> i64 {
    let mut profile = worker(serial, "2025:10417");
    profile.consent_share_with_employers = false;
    app.store
        .create_worker(
            WorkerWrite {
                profile: &profile,
                province_code: "01",
                registered_on: NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
                source: EventSource::SelfDeclared,
                actor: None,
            },
            Utc::now(),
        )
        .await
        .unwrap()
        .id
}

async fn invitations_are_sent_once_and_answered_by_the_worker(app: &TestApp) {
    let city = city(app).await;
    let (worker_token, worker_id) = worker_account(app, "nld.moi", 131, "2025:10417").await;
    let (other_worker, other_id) = worker_account(app, "nld.khac", 132, "2025:10417").await;
    let private = private_worker(app, 133).await;
    let (employer, _, vacancy_id) = employer_account(app, "dn.moi", 231).await;
    let (other_employer, _, _) = employer_account(app, "dn.khac", 232).await;
    let invite = format!("/api/v1/vacancies/{vacancy_id}/invitations");

    // Only the vacancy's own employer invites, and only a consenting worker.
    let (status, sent) = app
        .post(&invite, Some(&employer), &json!({ "worker_id": worker_id }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(sent["state"]["code"], "sent");
    assert_eq!(sent["vacancy_title"], "Thợ hàn điện");
    assert!(sent["employer_name"]
        .as_str()
        .unwrap()
        .contains("Thử nghiệm số 231"));
    let (status, body) = app
        .post(&invite, Some(&employer), &json!({ "worker_id": worker_id }))
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    for unseen in [private, 999_999] {
        let (status, body) = app
            .post(&invite, Some(&employer), &json!({ "worker_id": unseen }))
            .await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "candidate_not_found");
    }
    for token in [&other_employer, &city.staff, &city.province, &worker_token] {
        let (status, body) = app
            .post(&invite, Some(token), &json!({ "worker_id": other_id }))
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = app
        .post(&invite, None, &json!({ "worker_id": other_id }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, second) = app
        .post(&invite, Some(&employer), &json!({ "worker_id": other_id }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");

    // The employer (and officers of the area) list them; nobody else.
    let (status, listed) = app.get(&invite, Some(&employer)).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let (status, listed) = app.get(&invite, Some(&city.commune)).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let (status, body) = app.get(&invite, Some(&other_employer)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");

    // The worker lists their own; another worker may not.
    let mine = format!("/api/v1/workers/{worker_id}/invitations");
    let (status, listed) = app.get(&mine, Some(&worker_token)).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], sent["id"]);
    let (status, body) = app.get(&mine, Some(&other_worker)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");

    // Before an answer, the employer has no application, so no contact.
    let applications = format!("/api/v1/vacancies/{vacancy_id}/applications");
    let (_, applicants) = app.get(&applications, Some(&employer)).await;
    assert_eq!(applicants.as_array().unwrap().len(), 0);

    // Only the invited worker answers, once; accepting applies.
    let answer = format!("/api/v1/invitations/{}/answer", sent["id"]);
    for token in [&other_worker, &employer, &city.commune] {
        let (status, body) = app
            .post(&answer, Some(token), &json!({ "accept": true }))
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, accepted) = app
        .post(&answer, Some(&worker_token), &json!({ "accept": true }))
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["state"]["code"], "accepted");
    let application_id = accepted["application_id"].as_i64().unwrap();
    let (status, body) = app
        .post(&answer, Some(&worker_token), &json!({ "accept": false }))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "status_move_not_allowed",
    );
    let (status, body) = app
        .post(
            "/api/v1/invitations/999999/answer",
            Some(&worker_token),
            &json!({ "accept": true }),
        )
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "invitation_not_found");

    // The application shares the contact: whole for the employer, masked
    // in the exchange staff's list.
    let (status, applicants) = app.get(&applications, Some(&employer)).await;
    assert_eq!(status, StatusCode::OK, "{applicants}");
    assert_eq!(applicants[0]["application"]["id"], application_id);
    assert_eq!(applicants[0]["phone"], "0988123456");
    assert_eq!(applicants[0]["email"], "khoa@example.vn");
    let (status, applicants) = app.get(&applications, Some(&city.staff)).await;
    assert_eq!(status, StatusCode::OK, "{applicants}");
    let masked = applicants[0]["phone"].as_str().unwrap();
    assert!(masked.contains('*') && !masked.contains("8123"), "{masked}");

    // Declining applies nothing.
    let (status, declined) = app
        .post(
            &format!("/api/v1/invitations/{}/answer", second["id"]),
            Some(&other_worker),
            &json!({ "accept": false }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{declined}");
    assert_eq!(declined["state"]["code"], "declined");
    assert!(declined["application_id"].is_null());
    let (_, applicants) = app.get(&applications, Some(&employer)).await;
    assert_eq!(applicants.as_array().unwrap().len(), 1);

    // Every invitation and answer is on the trail, refusals included.
    let trail = app
        .audit(AuditFilter {
            subject_kind: Some("invitation".to_owned()),
            limit: 100,
            ..AuditFilter::default()
        })
        .await;
    assert!(trail.len() >= 8, "{}", trail.len());
    assert!(trail.iter().any(
        |entry| entry.entry.outcome == vieclam_domain::AuditOutcome::Denied
            && entry.entry.actor_role == Role::Employer
    ));
}

#[tokio::test]
async fn invitations_are_sent_once_and_answered_by_the_worker_on_sqlite() {
    invitations_are_sent_once_and_answered_by_the_worker(&spawn_app().await).await;
}

#[tokio::test]
async fn invitations_are_sent_once_and_answered_by_the_worker_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        invitations_are_sent_once_and_answered_by_the_worker(&app).await;
        app.clean_up().await;
    }
}
