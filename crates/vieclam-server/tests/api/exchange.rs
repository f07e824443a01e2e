//! The job exchange over HTTP: a job fair from venue to report, capacity
//! under 200 concurrent registrations, applications outside sessions,
//! counselling and claims — on SQLite and PostgreSQL — and a denial for
//! each role on each route.

use chrono::{Duration, NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vieclam_domain::registry::{
    EmployerKind, EmployerProfile, EventSource, TaxCode, VacancyStatus,
};
use vieclam_domain::{Role, UnitKey};
use vieclam_store::{EmployerWrite, VacancyWrite, WorkerWrite};

use crate::helpers::{assert_error, spawn_app, spawn_app_on, Backend, TestApp};
use crate::registers::{send, vacancy, worker};

fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
}

/// A tax code with a valid check digit, one for each serial (some nine
/// digits have no check digit: the next of ten is taken).
pub fn tax_code(serial: u32) -> TaxCode {
    (0..10)
        .find_map(|k| {
            let text = format!("01{:07}", serial * 10 + k);
            let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
            let check = TaxCode::check_digit(&digits)?;
            TaxCode::parse(&format!("{text}{check}")).ok()
        })
        .unwrap()
}

/// A worker straight in the store, living at `residence`.
pub async fn add_worker(app: &TestApp, serial: u32, residence: &str) -> i64 {
    let profile = worker(serial, residence);
    let id = app
        .store
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
        .id;
    app.follow_worker(id).await;
    id
}

/// An employer at `unit` with one open vacancy; gives (employer, vacancy).
pub async fn add_employer(app: &TestApp, serial: u32, at: &str) -> (i64, i64) {
    let profile = EmployerProfile {
        tax_code: Some(tax_code(serial)),
        name: format!("Công ty TNHH Thử nghiệm số {serial}"),
        kind: EmployerKind::Company,
        industry: None,
        size: None,
        address_unit: unit(at),
        address_line: None,
        contact_name: None,
        contact_phone: None,
        contact_email: None,
    };
    let employer = app
        .store
        .create_employer(
            EmployerWrite {
                profile: &profile,
                province_code: "01",
            },
            Utc::now(),
        )
        .await
        .unwrap();
    let posting = vacancy(employer.id, VacancyStatus::Open);
    let vacancy = app
        .store
        .create_vacancy(
            VacancyWrite {
                posting: &posting,
                province_code: "01",
                opened_at: None,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    app.follow_vacancy(vacancy.id).await;
    (employer.id, vacancy.id)
}

/// The accounts of a small city: Hanoi's labour department, the staff of
/// its central exchange and of another venue, Hòa Xá commune, a partner
/// agency, Ho Chi Minh City's department.
pub struct City {
    pub province: String,
    pub staff: String,
    pub other_staff: String,
    pub commune: String,
    pub far_commune: String,
    pub bank: String,
    pub other_province: String,
    pub venue: i64,
}

pub async fn city(app: &TestApp) -> City {
    app.add_account("so.ldtbxh", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let staff_id = app
        .add_account("san.trungtam", Role::ExchangeStaff, Some("2025:01"))
        .await;
    app.add_account("san.khac", Role::ExchangeStaff, Some("2025:01"))
        .await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("nhcsxh", Role::PartnerAgency, Some("2025:01"))
        .await;
    app.add_account("so.hcm", Role::ProvinceOfficer, Some("2025:79"))
        .await;
    let province = app.token("so.ldtbxh").await;
    let (status, venue) = app
        .post(
            "/api/v1/venues",
            Some(&province),
            &json!({
                "name": "Sàn giao dịch việc làm trung tâm Hà Nội",
                "kind": "central",
                "unit": "2025:00008",
                "address": "215 Trung Kính",
                "booths": 8,
                "seats": 50,
                "staff": [staff_id],
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{venue}");
    let (status, online) = app
        .post(
            "/api/v1/venues",
            Some(&province),
            &json!({
                "name": "Sàn giao dịch việc làm trực tuyến",
                "kind": "online",
                "unit": "2025:01",
                "address": "https://vieclam.example.vn",
                "booths": 100,
                "seats": 5000,
                "staff": [staff_id],
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{online}");
    City {
        province,
        staff: app.token("san.trungtam").await,
        other_staff: app.token("san.khac").await,
        commune: app.token("xa.hoaxa").await,
        far_commune: app.token("phuong.badinh").await,
        bank: app.token("nhcsxh").await,
        other_province: app.token("so.hcm").await,
        venue: venue["id"].as_i64().unwrap(),
    }
}

/// A daily session at the venue today, opened for registration.
pub async fn open_session(app: &TestApp, city: &City, seats: u32, booths: u32) -> i64 {
    let (status, session) = app
        .post(
            "/api/v1/sessions",
            Some(&city.staff),
            &json!({
                "kind": "daily",
                "title": "Phiên giao dịch việc làm hàng ngày",
                "venue_id": city.venue,
                "unit": "2025:00008",
                "date": today(),
                "starts": "00:00:00",
                "ends": "23:59:00",
                "organiser": "Trung tâm Dịch vụ việc làm Hà Nội",
                "booths": booths,
                "seats": seats,
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let id = session["id"].as_i64().unwrap();
    assert_eq!(session["status"]["code"], "planned");
    move_to(app, &city.staff, id, "open").await;
    id
}

pub async fn move_to(app: &TestApp, token: &str, session: i64, status: &str) -> Value {
    let (code, body) = app
        .post(
            &format!("/api/v1/sessions/{session}/status"),
            Some(token),
            &json!({ "status": status }),
        )
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    body
}

/// A worker account linked to a new worker; gives (token, worker id).
pub async fn worker_account(
    app: &TestApp,
    name: &str,
    serial: u32,
    residence: &str,
) -> (String, i64) {
    let id = add_worker(app, serial, residence).await;
    let user = app.add_account(name, Role::Worker, None).await;
    app.store.link_account(user, Some(id), None).await.unwrap();
    (app.token(name).await, id)
}

/// An employer account linked to a new employer; gives (token, employer,
/// vacancy).
pub async fn employer_account(app: &TestApp, name: &str, serial: u32) -> (String, i64, i64) {
    let (employer, vacancy) = add_employer(app, serial, "2025:10417").await;
    let user = app.add_account(name, Role::Employer, None).await;
    app.store
        .link_account(user, None, Some(employer))
        .await
        .unwrap();
    (app.token(name).await, employer, vacancy)
}

async fn new_jobs(app: &TestApp, token: &str, unit: &str, month: &str) -> f64 {
    // The statistics follow a hire at once; a first read may wait for the
    // first build of the cube.
    let path = format!("/api/v1/indicators/new_jobs/values?unit={unit}&period={month}");
    let (status, body) = app.get(&path, Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body[0]["value"].as_f64().unwrap_or(0.0)
}

async fn a_job_fair_runs_from_venue_to_report(app: &TestApp) {
    let city = city(app).await;
    let (worker_token, worker_id) = worker_account(app, "nld.khoa", 101, "2025:10417").await;
    let (employer_token, employer_id, vacancy_id) = employer_account(app, "dn.hoaxa", 201).await;
    let other_worker = add_worker(app, 102, "2025:10417").await;
    let session = open_session(app, &city, 50, 8).await;
    let month = today().format("%Y-%m").to_string();
    let before_commune = new_jobs(app, &city.commune, "2025:10417", &month).await;
    let before_city = new_jobs(app, &city.province, "2025:01", &month).await;

    // The employer takes a booth with its vacancy; the worker a seat; an
    // officer of the commune registers another worker.
    let path = format!("/api/v1/sessions/{session}/registrations");
    let (status, booth) = app
        .post(
            &path,
            Some(&employer_token),
            &json!({ "party": "employer", "vacancies": [vacancy_id] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{booth}");
    assert_eq!(booth["state"]["code"], "accepted");
    assert_eq!(booth["booth"], 1);
    // Another employer brings a vacancy it posts with the registration; one
    // that is not its own is refused and nothing is written.
    let (second_token, second, _) = employer_account(app, "dn.moi", 202).await;
    let foreign = serde_json::to_value(vacancy(employer_id, VacancyStatus::Open)).unwrap();
    let (status, body) = app
        .post(
            &path,
            Some(&second_token),
            &json!({ "party": "employer", "new_vacancies": [foreign] }),
        )
        .await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    // The same vacancy as one already posted: refused, and the employer is
    // not left registered.
    let again = serde_json::to_value(vacancy(second, VacancyStatus::Open)).unwrap();
    let (status, body) = app
        .post(
            &path,
            Some(&second_token),
            &json!({ "party": "employer", "new_vacancies": [again] }),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    let mut posting = vacancy(second, VacancyStatus::Open);
    posting.title = "Thợ hàn ống áp lực".to_owned();
    let fresh = serde_json::to_value(posting).unwrap();
    let (status, second_booth) = app
        .post(
            &path,
            Some(&second_token),
            &json!({ "party": "employer", "new_vacancies": [fresh] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second_booth}");
    assert_eq!(second_booth["booth"], 2, "{second_booth}");
    let posted = second_booth["vacancies"][0].as_i64().unwrap();
    let (status, body) = app.get(&format!("/api/v1/vacancies/{posted}"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["posting"]["employer_id"], second);
    let (status, seat) = app
        .post(&path, Some(&worker_token), &json!({ "party": "worker" }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{seat}");
    assert_eq!(seat["state"]["code"], "accepted");
    assert_eq!(seat["channel"]["code"], "online");
    let (status, body) = app
        .post(&path, Some(&worker_token), &json!({ "party": "worker" }))
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "already_registered");
    let (status, body) = app
        .post(
            &path,
            Some(&city.commune),
            &json!({ "party": "worker", "party_id": other_worker }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["channel"]["code"], "officer");
    // Walk-ins wait for the session to run.
    let walk_in = add_worker(app, 103, "2025:00004").await;
    let (status, body) = app
        .post(
            &path,
            Some(&city.staff),
            &json!({ "party": "worker", "party_id": walk_in, "channel": "walk_in" }),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "registration_closed");

    let prematch = format!("/api/v1/sessions/{session}/prematch");
    let (status, body) = app.get(&prematch, Some(&city.staff)).await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "registration_still_open",
    );

    move_to(app, &city.staff, session, "running").await;
    let (status, body) = app
        .post(
            &path,
            Some(&city.staff),
            &json!({ "party": "worker", "party_id": walk_in, "channel": "walk_in" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // Pre-matching: staff see every worker and vacancy; the worker their
    // own vacancies; the employer its candidates; the sheet fits a page.
    let (status, all) = app.get(&prematch, Some(&city.staff)).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["n_workers"], 3);
    assert_eq!(all["n_vacancies"], 2);
    assert_eq!(all["workers"].as_array().unwrap().len(), 3);
    let (status, own) = app.get(&prematch, Some(&worker_token)).await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["workers"].as_array().unwrap().len(), 1);
    assert_eq!(own["workers"][0]["worker_id"], worker_id);
    assert_eq!(own["workers"][0]["vacancies"][0]["vacancy_id"], vacancy_id);
    assert_eq!(own["workers"][0]["vacancies"][0]["booth"], 1);
    assert!(own["vacancies"].as_array().unwrap().is_empty());
    let (status, ours) = app.get(&prematch, Some(&employer_token)).await;
    assert_eq!(status, StatusCode::OK, "{ours}");
    assert!(ours["workers"].as_array().unwrap().is_empty());
    assert_eq!(
        ours["vacancies"][0]["candidates"].as_array().unwrap().len(),
        3
    );
    assert!(ours["vacancies"][0]["candidates"][0]["reasons"][0]["vi"].is_string());
    let (status, sheet) = app
        .get(
            &format!("{prematch}/{worker_id}/sheet"),
            Some(&worker_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sheet = sheet.as_str().unwrap();
    assert!(
        sheet.contains("size: A4") && sheet.contains("Thợ hàn điện"),
        "{sheet}"
    );
    let (status, body) = app
        .post(&path, Some(&worker_token), &json!({ "party": "worker" }))
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "registration_closed");

    // Interviews: one slot, an overlapping one refused, a back-to-back one
    // allowed.
    let day = today();
    let slot = |from: &str, to: &str| {
        json!({
            "session_id": session, "worker_id": worker_id, "vacancy_id": vacancy_id,
            "starts": format!("{day}T{from}"), "ends": format!("{day}T{to}"), "mode": "on_site",
        })
    };
    let (status, interview) = app
        .post(
            "/api/v1/interviews",
            Some(&employer_token),
            &slot("09:00:00", "09:20:00"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{interview}");
    assert_eq!(interview["booth"], 1);
    let (status, body) = app
        .post(
            "/api/v1/interviews",
            Some(&employer_token),
            &slot("09:10:00", "09:30:00"),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "slot_overlap");
    let (status, body) = app
        .post(
            "/api/v1/interviews",
            Some(&city.staff),
            &slot("09:20:00", "09:40:00"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .post(
            "/api/v1/interviews",
            Some(&employer_token),
            &json!({
                "session_id": session, "worker_id": worker_id, "vacancy_id": vacancy_id,
                "starts": format!("{day}T10:00:00"), "ends": format!("{day}T10:20:00"),
                "mode": "online",
            }),
        )
        .await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid");

    // No hire before the interview took place.
    let outcomes = format!("/api/v1/sessions/{session}/outcomes");
    let hire = json!({ "worker_id": worker_id, "vacancy_id": vacancy_id, "outcome": "hired" });
    let (status, body) = app.post(&outcomes, Some(&employer_token), &hire).await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "hire_without_interview",
    );
    let interview_id = interview["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/v1/interviews/{interview_id}/attendance"),
            Some(&employer_token),
            &json!({ "attendance": "attended" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post(
            &outcomes,
            Some(&employer_token),
            &json!({ "worker_id": worker_id, "vacancy_id": vacancy_id, "outcome": "shortlisted" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, hired) = app.post(&outcomes, Some(&employer_token), &hire).await;
    assert_eq!(status, StatusCode::CREATED, "{hired}");
    assert!(hired["event_id"].as_i64().is_some(), "{hired}");

    // The hire counts at once in the new-jobs figure of the worker's commune
    // and of the city.
    assert_eq!(
        new_jobs(app, &city.commune, "2025:10417", &month).await,
        before_commune + 1.0
    );
    assert_eq!(
        new_jobs(app, &city.province, "2025:01", &month).await,
        before_city + 1.0
    );
    let (_, events) = app
        .get(
            &format!("/api/v1/workers/{worker_id}/events"),
            Some(&worker_token),
        )
        .await;
    let employed = events
        .as_array()
        .unwrap()
        .iter()
        .map(|record| &record["event"])
        .find(|event| event["kind"] == "employed")
        .unwrap_or_else(|| panic!("{events}"));
    assert_eq!(employed["session_id"], session);
    assert_eq!(employed["vacancy_id"], vacancy_id);
    assert_eq!(employed["source"], "exchange");

    // The worker sees their own registrations; the employer its own.
    let (status, mine) = app
        .get(
            &format!("/api/v1/workers/{worker_id}/registrations"),
            Some(&worker_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let (status, ours) = app
        .get(
            &format!("/api/v1/employers/{employer_id}/registrations"),
            Some(&employer_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ours}");
    assert_eq!(ours[0]["vacancies"], json!([vacancy_id]));

    // Close, then the report closes the session for good.
    move_to(app, &city.staff, session, "closed").await;
    let (status, report) = app
        .get(
            &format!("/api/v1/sessions/{session}/report"),
            Some(&city.staff),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["employers"], 2);
    assert_eq!(report["hired"], 1);
    assert_eq!(report["workers"]["all"]["registered"], 2);
    assert_eq!(report["workers"]["all"]["walk_ins"], 1);
    let (status, filed) = app
        .post(
            &format!("/api/v1/sessions/{session}/report"),
            Some(&city.staff),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{filed}");
    assert_eq!(filed["status"]["code"], "reported");
    let (status, body) = app
        .post(
            &format!("/api/v1/sessions/{session}/status"),
            Some(&city.staff),
            &json!({ "status": "open" }),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "status_move_not_allowed",
    );
    let (status, body) = app.post(&outcomes, Some(&employer_token), &hire).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}

#[tokio::test]
async fn a_job_fair_runs_from_venue_to_report_on_sqlite() {
    a_job_fair_runs_from_venue_to_report(&spawn_app().await).await;
}

#[tokio::test]
async fn a_job_fair_runs_from_venue_to_report_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        a_job_fair_runs_from_venue_to_report(&app).await;
        app.clean_up().await;
    }
}

/// 200 workers registered at once for 50 seats, and 20 employers for 8
/// booths, over HTTP: exactly the capacity accepted, the rest wait-listed
/// in order, none lost or doubled.
async fn capacity_holds_under_concurrent_registrations(app: &TestApp) {
    let city = city(app).await;
    let session = open_session(app, &city, 50, 8).await;
    let mut workers = Vec::new();
    for serial in 0..200 {
        workers.push(add_worker(app, 1000 + serial, "2025:10417").await);
    }
    let mut employers = Vec::new();
    for serial in 0..20 {
        employers.push(add_employer(app, 3000 + serial, "2025:10417").await.0);
    }
    let path = format!("{}/api/v1/sessions/{session}/registrations", app.address);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for (party, ids) in [("worker", &workers), ("employer", &employers)] {
        for &id in ids.iter() {
            let (client, path, token) = (client.clone(), path.clone(), city.staff.clone());
            tasks.push(tokio::spawn(async move {
                let response = client
                    .post(&path)
                    .bearer_auth(token)
                    .json(&json!({ "party": party, "party_id": id }))
                    .send()
                    .await
                    .unwrap();
                (response.status(), response.json::<Value>().await.unwrap())
            }));
        }
    }
    let mut answers = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        answers.push(body);
    }
    for (party, seats, total) in [("worker", 50, 200), ("employer", 8, 20)] {
        let mine: Vec<&Value> = answers
            .iter()
            .filter(|answer| answer["party"]["code"] == party)
            .collect();
        assert_eq!(mine.len(), total);
        let accepted = mine
            .iter()
            .filter(|a| a["state"]["code"] == "accepted")
            .count();
        assert_eq!(accepted, seats, "{party}");
        // The stored lists agree, and the waiting positions are 1..=n.
        let (status, listed) = app
            .get(
                &format!(
                    "/api/v1/sessions/{session}/registrations?party={party}&state=waiting&limit=500"
                ),
                Some(&city.staff),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        let positions: Vec<u64> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["position"].as_u64().unwrap())
            .collect();
        assert_eq!(positions, (1..=(total - seats) as u64).collect::<Vec<_>>());
        let (_, accepted_list) = app
            .get(
                &format!(
                    "/api/v1/sessions/{session}/registrations?party={party}&state=accepted&limit=500"
                ),
                Some(&city.staff),
            )
            .await;
        let mut ids: Vec<i64> = accepted_list
            .as_array()
            .unwrap()
            .iter()
            .chain(listed.as_array().unwrap())
            .map(|r| r["party_id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total, "every registration once");
        if party == "employer" {
            let mut booths: Vec<u64> = accepted_list
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["booth"].as_u64().unwrap())
                .collect();
            booths.sort_unstable();
            assert_eq!(booths, (1..=8).collect::<Vec<_>>());
        }
    }
    let (_, view) = app.get(&format!("/api/v1/sessions/{session}"), None).await;
    assert_eq!(view["seats_taken"], 50);
    assert_eq!(view["workers_waiting"], 150);
    assert_eq!(view["booths_taken"], 8);
    assert_eq!(view["employers_waiting"], 12);

    // A cancellation gives the place to the first in line.
    let (_, accepted_list) = app
        .get(
            &format!("/api/v1/sessions/{session}/registrations?party=worker&state=accepted"),
            Some(&city.staff),
        )
        .await;
    let (_, first_waiting) = app
        .get(
            &format!("/api/v1/sessions/{session}/registrations?party=worker&state=waiting&limit=1"),
            Some(&city.staff),
        )
        .await;
    let cancelled = accepted_list[0]["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/v1/registrations/{cancelled}/cancel"),
            Some(&city.staff),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["promoted"]["id"], first_waiting[0]["id"]);
    assert_eq!(body["promoted"]["state"]["code"], "accepted");
}

#[tokio::test]
async fn capacity_holds_under_200_concurrent_registrations_on_sqlite() {
    capacity_holds_under_concurrent_registrations(&spawn_app().await).await;
}

#[tokio::test]
async fn capacity_holds_under_200_concurrent_registrations_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        capacity_holds_under_concurrent_registrations(&app).await;
        app.clean_up().await;
    }
}

async fn an_application_moves_to_a_hire(app: &TestApp) {
    let city = city(app).await;
    let (worker_token, worker_id) = worker_account(app, "nld.lan", 111, "2025:10417").await;
    let (employer_token, _, vacancy_id) = employer_account(app, "dn.lan", 211).await;
    let (other_employer, _, _) = employer_account(app, "dn.khac", 212).await;
    let path = format!("/api/v1/vacancies/{vacancy_id}/applications");
    let (status, application) = app
        .post(
            &path,
            Some(&worker_token),
            &json!({ "note": "Tôi có 6 năm kinh nghiệm" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{application}");
    assert_eq!(application["status"]["code"], "received");
    let (status, body) = app.post(&path, Some(&worker_token), &json!({})).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    let id = application["id"].as_i64().unwrap();
    let (status, applicants) = app.get(&path, Some(&employer_token)).await;
    assert_eq!(status, StatusCode::OK, "{applicants}");
    assert_eq!(applicants[0]["full_name"], "Đặng Văn Khoa");
    let (status, body) = app.get(&path, Some(&other_employer)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");

    let step = |to: &str| json!({ "status": to });
    let moves = format!("/api/v1/applications/{id}/status");
    let (status, body) = app
        .post(&moves, Some(&employer_token), &step("hired"))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "hire_without_interview",
    );
    let (status, body) = app
        .post(&moves, Some(&worker_token), &step("shortlisted"))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    for to in ["shortlisted", "interview", "hired"] {
        let (status, body) = app.post(&moves, Some(&employer_token), &step(to)).await;
        assert_eq!(status, StatusCode::OK, "{to}: {body}");
    }
    let (status, body) = app
        .post(&moves, Some(&employer_token), &step("rejected"))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "status_move_not_allowed",
    );
    let (status, mine) = app
        .get(
            &format!("/api/v1/workers/{worker_id}/applications"),
            Some(&worker_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine[0]["status"]["code"], "hired");
    let steps: Vec<&str> = mine[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["received", "shortlisted", "interview", "hired"]);
    let month = today().format("%Y-%m").to_string();
    assert_eq!(
        new_jobs(app, &city.commune, "2025:10417", &month).await,
        1.0
    );
}

#[tokio::test]
async fn an_application_moves_to_a_hire_on_sqlite() {
    an_application_moves_to_a_hire(&spawn_app().await).await;
}

#[tokio::test]
async fn an_application_moves_to_a_hire_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        an_application_moves_to_a_hire(&app).await;
        app.clean_up().await;
    }
}

#[tokio::test]
async fn counselling_and_claims_are_kept_by_the_workers_officers() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (worker_token, worker_id) = worker_account(&app, "nld.hoa", 121, "2025:10417").await;
    let (_, _, vacancy_id) = employer_account(&app, "dn.hoa", 221).await;
    let counsel = json!({
        "worker_id": worker_id, "advice": "Nên học thêm chứng chỉ hàn 3G", "referred": [vacancy_id],
    });
    for token in [
        &city.far_commune,
        &city.bank,
        &city.other_province,
        &worker_token,
    ] {
        let (status, body) = app.post("/api/v1/counselling", Some(token), &counsel).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = app.post("/api/v1/counselling", None, &counsel).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, record) = app
        .post("/api/v1/counselling", Some(&city.commune), &counsel)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["outcome"]["code"], "referred");
    let (status, mine) = app
        .get(
            &format!("/api/v1/workers/{worker_id}/counselling"),
            Some(&worker_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let (status, listed) = app.get("/api/v1/counselling", Some(&city.province)).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (status, listed) = app
        .get("/api/v1/counselling", Some(&city.far_commune))
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert!(listed.as_array().unwrap().is_empty(), "{listed}");

    // A claim started two months and a bit ago: the first check-in made,
    // the second missing.
    let start = today() - Duration::days(75);
    let claim = json!({ "worker_id": worker_id, "start": start, "months": 6 });
    let (status, body) = app
        .post("/api/v1/claims", Some(&worker_token), &claim)
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .post(
            "/api/v1/claims",
            Some(&city.staff),
            &json!({ "worker_id": worker_id, "start": start, "months": 24 }),
        )
        .await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let (status, opened) = app.post("/api/v1/claims", Some(&city.staff), &claim).await;
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    let (status, body) = app.post("/api/v1/claims", Some(&city.staff), &claim).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    let id = opened["id"].as_i64().unwrap();
    let first_due = opened["checkins"][0]["due"].as_str().unwrap().to_owned();
    let (status, body) = app
        .post(
            &format!("/api/v1/claims/{id}/checkins"),
            Some(&city.commune),
            &json!({ "due": first_due, "made_on": first_due }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["checkins"][0]["state"]["code"], "on_time");
    assert_eq!(body["checkins"][1]["state"]["code"], "missing");
    assert_eq!(body["missing"], 1);
    let (status, body) = app
        .post(
            &format!("/api/v1/claims/{id}/checkins"),
            Some(&city.commune),
            &json!({ "due": first_due }),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    let (status, body) = app
        .post(
            &format!("/api/v1/claims/{id}/checkins"),
            Some(&worker_token),
            &json!({ "due": "2001-01-01" }),
        )
        .await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let (status, flagged) = app
        .get("/api/v1/claims?flag=missing", Some(&city.staff))
        .await;
    assert_eq!(status, StatusCode::OK, "{flagged}");
    assert_eq!(flagged[0]["id"], id);
    let (status, flagged) = app
        .get("/api/v1/claims?flag=missing", Some(&city.far_commune))
        .await;
    assert_eq!(status, StatusCode::OK, "{flagged}");
    assert!(flagged.as_array().unwrap().is_empty());
    let (status, mine) = app
        .get(&format!("/api/v1/claims/{id}"), Some(&worker_token))
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(
        mine["recommendations"][0]["vacancy_id"], vacancy_id,
        "{mine}"
    );
    for token in [&city.far_commune, &city.bank, &city.other_province] {
        let (status, body) = app.get(&format!("/api/v1/claims/{id}"), Some(token)).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = app.get("/api/v1/claims", Some(&worker_token)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

/// Every exchange route refuses each role that may not use it, with the
/// refusal audited.
#[tokio::test]
async fn each_role_is_refused_where_it_has_no_business() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (worker_token, worker_id) = worker_account(&app, "nld.an", 131, "2025:10417").await;
    let (other_worker_token, _) = worker_account(&app, "nld.binh", 132, "2025:10417").await;
    let (employer_token, employer_id, vacancy_id) = employer_account(&app, "dn.an", 231).await;
    let (other_employer_token, _, _) = employer_account(&app, "dn.binh", 232).await;
    let session = open_session(&app, &city, 10, 4).await;
    let (_, registration) = app
        .post(
            &format!("/api/v1/sessions/{session}/registrations"),
            Some(&worker_token),
            &json!({ "party": "worker" }),
        )
        .await;
    let registration = registration["id"].as_i64().unwrap();
    let venue = json!({
        "name": "Điểm giao dịch việc làm", "kind": "point", "unit": "2025:10417",
        "address": "UBND xã Hòa Xá", "booths": 4, "seats": 20,
    });
    let session_body = json!({
        "kind": "mobile", "title": "Phiên lưu động", "venue_id": city.venue, "unit": "2025:10417",
        "date": today(), "starts": "08:00:00", "ends": "11:00:00", "organiser": "",
        "booths": 4, "seats": 20,
    });
    // Records for the routes that act on one: an employer's booth, an
    // interview, an application, a counselling, a claim.
    let (_, booth) = app
        .post(
            &format!("/api/v1/sessions/{session}/registrations"),
            Some(&employer_token),
            &json!({ "party": "employer", "vacancies": [vacancy_id] }),
        )
        .await;
    let booth = booth["id"].as_i64().unwrap();
    move_to(&app, &city.staff, session, "running").await;
    let day = today();
    let (status, interview) = app
        .post(
            "/api/v1/interviews",
            Some(&employer_token),
            &json!({
                "session_id": session, "worker_id": worker_id, "vacancy_id": vacancy_id,
                "starts": format!("{day}T08:00:00"), "ends": format!("{day}T08:30:00"),
                "mode": "on_site",
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{interview}");
    let interview = interview["id"].as_i64().unwrap();
    let (_, application) = app
        .post(
            &format!("/api/v1/vacancies/{vacancy_id}/applications"),
            Some(&worker_token),
            &json!({}),
        )
        .await;
    let application = application["id"].as_i64().unwrap();
    let (_, counselling) = app
        .post(
            "/api/v1/counselling",
            Some(&city.commune),
            &json!({ "worker_id": worker_id, "advice": "Đăng ký phiên hàng ngày" }),
        )
        .await;
    let counselling = counselling["id"].as_i64().unwrap();
    let (_, claim) = app
        .post(
            "/api/v1/claims",
            Some(&city.staff),
            &json!({ "worker_id": worker_id, "start": day, "months": 3 }),
        )
        .await;
    let claim = claim["id"].as_i64().unwrap();
    let forbidden = StatusCode::FORBIDDEN;
    // (method, path, body, who is refused)
    let cases: Vec<(Method, String, Option<Value>, Vec<&str>)> = vec![
        (
            Method::POST,
            "/api/v1/venues".into(),
            Some(venue.clone()),
            vec![
                &city.staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/venues/{}", city.venue),
            Some(venue.clone()),
            vec![
                &city.staff,
                &city.commune,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            "/api/v1/sessions".into(),
            Some(session_body.clone()),
            vec![
                &city.other_staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/sessions/{session}"),
            Some(session_body.clone()),
            vec![
                &city.other_staff,
                &city.commune,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/sessions/{session}/status"),
            Some(json!({"status": "cancelled"})),
            vec![
                &city.other_staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/registrations"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/sessions/{session}/registrations"),
            Some(json!({"party": "worker", "party_id": worker_id, "channel": "officer"})),
            vec![
                &city.far_commune,
                &city.bank,
                &other_worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/sessions/{session}/registrations"),
            Some(json!({"party": "employer", "party_id": employer_id})),
            vec![&other_employer_token, &worker_token],
        ),
        (
            Method::POST,
            format!("/api/v1/registrations/{registration}/cancel"),
            Some(json!({})),
            vec![
                &other_worker_token,
                &employer_token,
                &city.other_staff,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/workers/{worker_id}/registrations"),
            None,
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/employers/{employer_id}/registrations"),
            None,
            vec![&other_employer_token, &worker_token, &city.other_province],
        ),
        (
            Method::GET,
            format!("/api/v1/vacancies/{vacancy_id}/applications"),
            None,
            vec![&other_employer_token, &worker_token, &city.other_province],
        ),
        (
            Method::POST,
            format!("/api/v1/vacancies/{vacancy_id}/applications"),
            Some(json!({"worker_id": worker_id})),
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/workers/{worker_id}/applications"),
            None,
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/workers/{worker_id}/interviews"),
            None,
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/interviews"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/outcomes"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/sessions/{session}/outcomes"),
            Some(
                json!({"worker_id": worker_id, "vacancy_id": vacancy_id, "outcome": "interviewed"}),
            ),
            vec![
                &city.other_staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &other_employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            "/api/v1/interviews".into(),
            Some(
                json!({"session_id": session, "worker_id": worker_id, "vacancy_id": vacancy_id,
                "starts": "2026-01-01T09:00:00", "ends": "2026-01-01T09:30:00", "mode": "on_site"}),
            ),
            vec![
                &city.other_staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &other_employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            "/api/v1/sessions/figures?unit=2025:01&period=2025".into(),
            None,
            vec![
                &worker_token,
                &employer_token,
                &city.other_province,
                &city.far_commune,
            ],
        ),
        (
            Method::GET,
            "/api/v1/counselling".into(),
            None,
            vec![&worker_token, &employer_token, &city.bank],
        ),
        (
            Method::GET,
            format!("/api/v1/workers/{worker_id}/counselling"),
            None,
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/report"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/report.xlsx"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/report.html"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/sessions/{session}/report"),
            Some(json!({})),
            vec![
                &city.other_staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/prematch"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &other_worker_token,
                &other_employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/sessions/{session}/prematch/{worker_id}/sheet"),
            None,
            vec![
                &city.other_staff,
                &city.far_commune,
                &city.bank,
                &other_worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/interviews/{interview}/attendance"),
            Some(json!({"attendance": "attended"})),
            vec![
                &city.other_staff,
                &city.commune,
                &city.bank,
                &worker_token,
                &other_employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/registrations/{booth}/vacancies"),
            Some(json!({"vacancies": [vacancy_id]})),
            vec![
                &city.other_staff,
                &city.bank,
                &worker_token,
                &other_employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/applications/{application}"),
            None,
            vec![
                &other_worker_token,
                &other_employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/applications/{application}/status"),
            Some(json!({"status": "shortlisted"})),
            vec![
                &worker_token,
                &other_worker_token,
                &other_employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/counselling/{counselling}/outcome"),
            Some(json!({"outcome": "placed"})),
            vec![
                &city.far_commune,
                &city.bank,
                &worker_token,
                &employer_token,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/claims/{claim}"),
            None,
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/claims/{claim}/checkins"),
            Some(json!({"due": "2030-01-01"})),
            vec![
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/claims/{claim}/status"),
            Some(json!({"status": "ended"})),
            vec![
                &worker_token,
                &other_worker_token,
                &employer_token,
                &city.far_commune,
                &city.bank,
                &city.other_province,
            ],
        ),
        (
            Method::GET,
            "/api/v1/claims".into(),
            None,
            vec![&worker_token, &employer_token, &city.bank],
        ),
    ];
    for (method, path, body, refused) in cases {
        for (n, token) in refused.into_iter().enumerate() {
            let (status, answer) =
                send(&app, method.clone(), &path, Some(token), body.clone()).await;
            assert_eq!(
                status, forbidden,
                "{method} {path} (refused #{n}): {answer}"
            );
            assert_eq!(
                answer["error"]["code"], "forbidden",
                "{method} {path}: {answer}"
            );
        }
        if path != "/api/v1/sessions/figures?unit=2025:01&period=2025"
            && !(method == Method::GET
                && (path.starts_with("/api/v1/sessions/") && path.ends_with("/interviews")))
            && !(method == Method::GET && path.ends_with("/outcomes"))
        {
            let (status, answer) = send(&app, method.clone(), &path, None, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path}: {answer}"
            );
        }
    }
    // Refusals are on the audit trail.
    let denied = app
        .audit(vieclam_store::AuditFilter {
            outcome: Some(vieclam_domain::AuditOutcome::Denied),
            limit: 1000,
            ..vieclam_store::AuditFilter::default()
        })
        .await;
    assert!(denied.len() >= 60, "{} denials audited", denied.len());
    // The public finds venues and sessions.
    let (status, body) = app.get("/api/v1/venues", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body[0].get("staff").is_none(),
        "staff lists are not public: {body}"
    );
    let (status, body) = app.get("/api/v1/sessions?unit=2025:01", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 1);
}

/// Q1 2021 from the Hanoi 2021 plan: 61 sessions (1 thematic, 1 online, 3
/// mobile, 56 daily); held, the plan's session figures read 61 of 61.
#[tokio::test]
async fn a_quarter_is_scheduled_from_the_plan_and_its_sessions_count_when_held() {
    let app = spawn_app().await;
    let units = vieclam_domain::AdminUnits::embedded().unwrap();
    for plan in vieclam_plans::fixtures(&units).unwrap() {
        let province = units.current_province_code(&plan.unit).unwrap();
        app.store
            .save_plan(&plan, province.as_str(), Utc::now())
            .await
            .unwrap();
    }
    let city = city(&app).await;
    let path = "/api/v1/plans/hanoi-2021/schedule?quarter=2021-Q1";
    for token in [
        &city.other_staff,
        &city.other_province,
        &city.commune,
        &city.bank,
    ] {
        let (status, body) = app.post(path, Some(token), &json!({})).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, sessions) = app.post(path, Some(&city.province), &json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{sessions}");
    let sessions = sessions.as_array().unwrap().clone();
    let count = |kind: &str| {
        sessions
            .iter()
            .filter(|s| s["kind"]["code"] == kind)
            .count()
    };
    assert_eq!(sessions.len(), 61);
    assert_eq!(
        [
            count("thematic"),
            count("online"),
            count("mobile"),
            count("daily")
        ],
        [1, 1, 3, 56]
    );
    assert!(sessions.iter().all(|s| {
        let date = s["date"].as_str().unwrap();
        ("2021-01-01"..="2021-03-31").contains(&date) && s["plan_id"] == "hanoi-2021"
    }));
    let (status, body) = app.post(path, Some(&city.province), &json!({})).await;
    assert_error(status, &body, StatusCode::CONFLICT, "already_scheduled");
    let (status, body) = app
        .post(
            "/api/v1/plans/hanoi-2021/schedule?quarter=2021-H1",
            Some(&city.province),
            &json!({}),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");

    let figures = "/api/v1/sessions/figures?unit=legacy:01&period=2021-Q1";
    let (status, before) = app.get(figures, Some(&city.province)).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(
        (before["scheduled"].as_u64(), before["held"].as_u64()),
        (Some(61), Some(0))
    );
    let progress =
        "/api/v1/plans/hanoi-2021/progress?unit=legacy:01&period=2021-Q1&as_of=2021-04-05";
    let total = |body: &Value| {
        body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["indicator"] == "sessions_total" && row["period"] == "2021-Q1")
            .map(|row| row["actual"]["value"].as_f64())
            .unwrap_or_else(|| panic!("{body}"))
    };
    let (status, body) = app.get(progress, Some(&city.province)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(total(&body), Some(0.0), "none of the 61 held yet");

    // Hold every session: open, run, close.
    for session in &sessions {
        let id = session["id"].as_i64().unwrap();
        for to in ["open", "running", "closed"] {
            move_to(&app, &city.province, id, to).await;
        }
    }
    let (_, after) = app.get(figures, Some(&city.province)).await;
    assert_eq!(
        (after["scheduled"].as_u64(), after["held"].as_u64()),
        (Some(61), Some(61))
    );
    let daily = after["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|kind| kind["kind"] == "daily")
        .unwrap()
        .clone();
    assert_eq!(
        (daily["scheduled"].as_u64(), daily["held"].as_u64()),
        (Some(56), Some(56))
    );
    let (_, body) = app.get(progress, Some(&city.province)).await;
    assert_eq!(total(&body), Some(61.0), "{body}");
    let row = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["indicator"] == "sessions_total" && row["period"] == "2021-Q1")
        .unwrap()
        .clone();
    assert_eq!(row["percent_achieved"].as_f64(), Some(100.0), "{row}");
}
