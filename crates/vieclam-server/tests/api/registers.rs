//! The registers over HTTP: round trips, scoping by role and unit (each
//! denial proved), the audit of every read, and the public's view.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::{json, Value};
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{
    CitizenId, Email, EmployerKind, EmployerProfile, EmploymentStatus, Language, OccupationCode,
    OccupationExperience, PersonName, PhoneNumber, PriorityGroup, Qualification, Sex,
    SocialInsurance, TaxCode, VacancyPosting, VacancyStatus, WageRange, WorkHours, WorkerProfile,
};
use vieclam_domain::{AuditAction, AuditOutcome, Role, UnitKey};
use vieclam_store::AuditFilter;

use crate::helpers::{assert_error, spawn_app, TestApp};

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
}

pub fn worker(serial: u32, residence: &str) -> WorkerProfile {
    WorkerProfile {
        citizen_id: CitizenId::compose("001", Sex::Male, 1990, serial),
        full_name: PersonName::parse("Đặng Văn Khoa").unwrap(),
        birth_date: NaiveDate::from_ymd_opt(1990, 7, 3).unwrap(),
        sex: Sex::Male,
        ethnicity: None,
        residence: unit(residence),
        phone: Some(PhoneNumber::parse("0988123456").unwrap()),
        email: Some(Email::parse("khoa@example.vn").unwrap()),
        general_education: None,
        qualification: Qualification::Intermediate,
        qualification_field: Some("Hàn".to_owned()),
        certificates: vec![],
        occupations: vec![OccupationExperience {
            code: OccupationCode::parse("7212").unwrap(),
            years: 6,
        }],
        skills: vec!["hàn TIG".to_owned(), "hàn MIG".to_owned()],
        languages: vec![Language::Korean],
        it_skill: None,
        wanted_occupation: Some(OccupationCode::parse("7212").unwrap()),
        wanted_wage: WageRange::new(Some(10_000_000), None).unwrap(),
        wanted_units: vec![],
        wanted_occupations: Vec::new(),
        broad_wishes: Default::default(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        max_commute_km: None,
        wanted_hours: Some(WorkHours::Shifts),
        employment_status: EmploymentStatus::Unemployed,
        priority_groups: BTreeSet::from([PriorityGroup::Demobilised]),
        social_insurance: SocialInsurance::None,
        unemployment_insurance: true,
        health_insurance: true,
        consent_share_with_employers: true,
        consent_receive_messages: true,
    }
}

fn employer(residence: &str) -> EmployerProfile {
    let digits = [0, 1, 0, 1, 2, 3, 4, 5, 6];
    let check = TaxCode::check_digit(&digits).unwrap();
    EmployerProfile {
        tax_code: Some(TaxCode::parse(&format!("010123456{check}")).unwrap()),
        name: "Công ty TNHH Cơ khí Hòa Xá".to_owned(),
        kind: EmployerKind::Company,
        industry: None,
        size: None,
        address_unit: unit(residence),
        address_line: None,
        contact_name: None,
        contact_phone: None,
        contact_email: None,
    }
}

pub fn vacancy(employer_id: i64, status: VacancyStatus) -> VacancyPosting {
    VacancyPosting {
        employer_id,
        title: "Thợ hàn điện".to_owned(),
        occupation: Some(OccupationCode::parse("7212").unwrap()),
        occupation_inferred: false,
        headcount: 5,
        qualification: None,
        experience_years: 2,
        skills: vec![],
        languages: vec![],
        wage: WageRange::new(Some(9_000_000), Some(12_000_000)).unwrap(),
        work_unit: unit("2025:10417"),
        hours: None,
        contract_type: None,
        deadline: None,
        status,
        disability_friendly: false,
        abroad_country: None,
        description: None,
    }
}

pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_worker_round_trips_through_the_api_on_sqlite() {
    a_worker_round_trips_through_the_api_and_every_read_is_audited(&spawn_app().await).await;
}

#[tokio::test]
async fn a_worker_round_trips_through_the_api_on_postgres() {
    if let Some(app) = crate::helpers::spawn_app_on(crate::helpers::Backend::Postgres).await {
        a_worker_round_trips_through_the_api_and_every_read_is_audited(&app).await;
        app.clean_up().await;
    }
}

async fn a_worker_round_trips_through_the_api_and_every_read_is_audited(app: &TestApp) {
    let officer_id = app
        .add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let profile = worker(1, "2025:10417");
    let (status, created) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(&profile).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["province_code"], "01");

    let (status, read) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK);
    let back: WorkerProfile = serde_json::from_value(read["profile"].clone()).unwrap();
    assert_eq!(back, profile);
    assert_eq!(read["state"]["status"], "unemployed");

    let mut edited = profile.clone();
    edited.skills.push("đọc bản vẽ".to_owned());
    let (status, updated) = send(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/workers/{id}"),
        Some(&token),
        Some(serde_json::to_value(&edited).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["profile"]["skills"].as_array().unwrap().len(), 3);

    // Dated today, after the registration (an earlier date would be history
    // before the registered situation, which stays the present).
    let today = vieclam_server::vietnam_today().to_string();
    let event = json!({ "date": today, "kind": "employed", "source": "exchange",
                        "status": null, "unit": null, "employer_id": null,
                        "occupation": "7212", "country": null, "detail": null });
    let (status, body) = app
        .post(
            &format!("/api/v1/workers/{id}/events"),
            Some(&token),
            &event,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, read) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&token))
        .await;
    assert_eq!(read["state"]["status"], "employed");
    let (_, events) = app
        .get(&format!("/api/v1/workers/{id}/events"), Some(&token))
        .await;
    assert_eq!(events.as_array().unwrap().len(), 2);

    let reads = app
        .audit(AuditFilter {
            actor_user_id: Some(officer_id),
            subject_kind: Some(subject::WORKER.to_owned()),
            subject_id: Some(id.to_string()),
            ..AuditFilter::default()
        })
        .await;
    let actions: Vec<AuditAction> = reads.iter().rev().map(|entry| entry.entry.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::Create,
            AuditAction::Read,
            AuditAction::Update,
            AuditAction::Update,
            AuditAction::Read,
            AuditAction::Read
        ]
    );
    let (status, _) = send(
        app,
        reqwest::Method::DELETE,
        &format!("/api/v1/workers/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&token))
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "worker_not_found");
}

#[tokio::test]
async fn officers_are_refused_workers_outside_their_area_and_the_refusal_is_audited() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let ba_dinh_id = app
        .add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    let hoa_xa = app.token("xa.hoaxa").await;
    let ba_dinh = app.token("phuong.badinh").await;
    let (_, created) = app
        .post(
            "/api/v1/workers",
            Some(&hoa_xa),
            &serde_json::to_value(worker(2, "2025:10417")).unwrap(),
        )
        .await;
    let id = created["id"].as_i64().unwrap();

    let (status, body) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&ba_dinh))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/workers/{id}"),
        Some(&ba_dinh),
        Some(serde_json::to_value(worker(2, "2025:00004")).unwrap()),
    )
    .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/workers/{id}"),
        Some(&ba_dinh),
        None,
    )
    .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .post(
            &format!("/api/v1/workers/{id}/events"),
            Some(&ba_dinh),
            &json!({"date": "2026-01-01", "kind": "lost_job", "source": "exchange"}),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    // Registering someone who lives elsewhere is refused too.
    let (status, body) = app
        .post(
            "/api/v1/workers",
            Some(&ba_dinh),
            &serde_json::to_value(worker(3, "2025:10417")).unwrap(),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    // Listings hold only the area's workers.
    let (_, list) = app.get("/api/v1/workers", Some(&ba_dinh)).await;
    assert_eq!(list["total"], 0);
    let (_, list) = app.get("/api/v1/workers", Some(&hoa_xa)).await;
    assert_eq!(list["total"], 1);

    let denials = app
        .audit(AuditFilter {
            actor_user_id: Some(ba_dinh_id),
            outcome: Some(AuditOutcome::Denied),
            ..AuditFilter::default()
        })
        .await;
    assert_eq!(denials.len(), 5, "{denials:?}");
}

#[tokio::test]
async fn roles_without_personal_access_are_refused_worker_records() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("nhcsxh", Role::PartnerAgency, Some("2025:01"))
        .await;
    app.add_account("dn.one", Role::Employer, None).await;
    let (_, created) = app
        .post(
            "/api/v1/workers",
            Some(&app.token("xa.hoaxa").await),
            &serde_json::to_value(worker(4, "2025:10417")).unwrap(),
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    for username in ["nhcsxh", "dn.one"] {
        let token = app.token(username).await;
        let (status, body) = app
            .get(&format!("/api/v1/workers/{id}"), Some(&token))
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, body) = app.get("/api/v1/workers", Some(&token)).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = app.get(&format!("/api/v1/workers/{id}"), None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn a_worker_registers_and_sees_only_their_own_profile() {
    let app = spawn_app().await;
    app.add_account("nld.khoa", Role::Worker, None).await;
    app.add_account("nld.other", Role::Worker, None).await;
    let khoa = app.token("nld.khoa").await;
    let (status, created) = app
        .post(
            "/api/v1/workers",
            Some(&khoa),
            &serde_json::to_value(worker(5, "2025:10417")).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, _) = app.get(&format!("/api/v1/workers/{id}"), Some(&khoa)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .post(
            "/api/v1/workers",
            Some(&khoa),
            &serde_json::to_value(worker(6, "2025:10417")).unwrap(),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "profile_exists");
    let other = app.token("nld.other").await;
    let (status, body) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&other))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/workers/{id}"),
        Some(&khoa),
        None,
    )
    .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn rule_breaking_records_get_422_with_every_problem() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let mut bad = worker(7, "2025:10417");
    bad.birth_date = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let (status, body) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(&bad).unwrap(),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "record_invalid",
    );
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["citizen_id", "birth_date"]);
    let mut raw = serde_json::to_value(worker(8, "2025:10417")).unwrap();
    raw["citizen_id"] = json!("12345");
    let (status, body) = app.post("/api/v1/workers", Some(&token), &raw).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "json_invalid");
    let (_, first) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(worker(9, "2025:10417")).unwrap(),
        )
        .await;
    assert!(first["id"].is_i64());
    let (status, body) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(worker(9, "2025:10417")).unwrap(),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
}

#[tokio::test]
async fn employers_post_vacancies_and_the_public_sees_only_open_ones() {
    let app = spawn_app().await;
    app.add_account("dn.hoaxa", Role::Employer, None).await;
    app.add_account("dn.other", Role::Employer, None).await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    let owner = app.token("dn.hoaxa").await;
    let (status, created) = app
        .post(
            "/api/v1/employers",
            Some(&owner),
            &serde_json::to_value(employer("2025:10417")).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let employer_id = created["id"].as_i64().unwrap();
    let (status, open) = app
        .post(
            "/api/v1/vacancies",
            Some(&owner),
            &serde_json::to_value(vacancy(employer_id, VacancyStatus::Open)).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{open}");
    let mut closed_posting = vacancy(employer_id, VacancyStatus::Closed);
    closed_posting.title = "Thợ tiện".to_owned();
    let (_, closed) = app
        .post(
            "/api/v1/vacancies",
            Some(&owner),
            &serde_json::to_value(&closed_posting).unwrap(),
        )
        .await;

    let (status, public) = app.get("/api/v1/vacancies", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public.as_array().unwrap().len(), 1);
    let (status, _) = app
        .get(&format!("/api/v1/vacancies/{}", open["id"]), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .get(&format!("/api/v1/vacancies/{}", closed["id"]), None)
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "vacancy_not_found");
    let (status, _) = app
        .get(&format!("/api/v1/vacancies/{}", closed["id"]), Some(&owner))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, mine) = app.get("/api/v1/vacancies", Some(&owner)).await;
    assert_eq!(mine.as_array().unwrap().len(), 2);

    // Another employer and an officer of another area may not touch them.
    let other = app.token("dn.other").await;
    let (status, body) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/vacancies/{}", open["id"]),
        Some(&other),
        None,
    )
    .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&other))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let ba_dinh = app.token("phuong.badinh").await;
    let (status, body) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&ba_dinh))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .post(
            "/api/v1/vacancies",
            Some(&other),
            &serde_json::to_value(vacancy(employer_id, VacancyStatus::Open)).unwrap(),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app.get("/api/v1/employers", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");

    // The employer's own record round-trips.
    let (_, own) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&owner))
        .await;
    let back: EmployerProfile = serde_json::from_value(own["profile"].clone()).unwrap();
    assert_eq!(back, employer("2025:10417"));
    let (status, body) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/employers/{employer_id}"),
        Some(&owner),
        None,
    )
    .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn likely_duplicates_are_listed_for_officers_of_the_area() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let mut first = worker(0, "2025:10417");
    first.citizen_id = None;
    let mut second = first.clone();
    second.phone = None;
    app.post(
        "/api/v1/workers",
        Some(&token),
        &serde_json::to_value(&first).unwrap(),
    )
    .await;
    app.post(
        "/api/v1/workers",
        Some(&token),
        &serde_json::to_value(&second).unwrap(),
    )
    .await;
    let (status, flags) = app.get("/api/v1/duplicates", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(flags.as_array().unwrap().len(), 1);
    let (_, other_area) = app
        .get(
            "/api/v1/duplicates",
            Some(&app.token("phuong.badinh").await),
        )
        .await;
    assert!(other_area.as_array().unwrap().is_empty());
    let flag_id = flags[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/duplicates/{flag_id}"),
            Some(&token),
            &json!({"status": "distinct"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .post(
            &format!("/api/v1/duplicates/{flag_id}"),
            Some(&token),
            &json!({"status": "maybe"}),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "status_invalid",
    );
}

/// Every remaining route of the registers refuses a caller outside its
/// area or role (the others are proved above).
#[tokio::test]
async fn every_register_route_refuses_outsiders() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("dn.hoaxa", Role::Employer, None).await;
    app.add_account("dn.other", Role::Employer, None).await;
    let hoa_xa = app.token("xa.hoaxa").await;
    let ba_dinh = app.token("phuong.badinh").await;
    let owner = app.token("dn.hoaxa").await;
    let other = app.token("dn.other").await;

    let mut first = worker(20, "2025:10417");
    first.citizen_id = None;
    let (_, created) = app
        .post(
            "/api/v1/workers",
            Some(&hoa_xa),
            &serde_json::to_value(&first).unwrap(),
        )
        .await;
    let worker_id = created["id"].as_i64().unwrap();
    let mut second = first.clone();
    second.email = None;
    app.post(
        "/api/v1/workers",
        Some(&hoa_xa),
        &serde_json::to_value(&second).unwrap(),
    )
    .await;
    let (_, flags) = app.get("/api/v1/duplicates", Some(&hoa_xa)).await;
    let flag_id = flags[0]["id"].as_i64().unwrap();
    let (_, employer_record) = app
        .post(
            "/api/v1/employers",
            Some(&owner),
            &serde_json::to_value(employer("2025:10417")).unwrap(),
        )
        .await;
    let employer_id = employer_record["id"].as_i64().unwrap();
    let (_, vacancy_record) = app
        .post(
            "/api/v1/vacancies",
            Some(&owner),
            &serde_json::to_value(vacancy(employer_id, VacancyStatus::Open)).unwrap(),
        )
        .await;
    let vacancy_id = vacancy_record["id"].as_i64().unwrap();

    let cases: Vec<(reqwest::Method, String, &str, Option<Value>)> = vec![
        (
            reqwest::Method::GET,
            format!("/api/v1/workers/{worker_id}/events"),
            &ba_dinh,
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/duplicates/{flag_id}"),
            &ba_dinh,
            Some(json!({"status": "distinct"})),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/employers/{employer_id}"),
            &other,
            Some(serde_json::to_value(employer("2025:10417")).unwrap()),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/employers/{employer_id}"),
            &ba_dinh,
            Some(serde_json::to_value(employer("2025:10417")).unwrap()),
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/employers/{employer_id}"),
            &ba_dinh,
            None,
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/vacancies/{vacancy_id}"),
            &other,
            Some(serde_json::to_value(vacancy(employer_id, VacancyStatus::Closed)).unwrap()),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/vacancies/{vacancy_id}"),
            &ba_dinh,
            Some(serde_json::to_value(vacancy(employer_id, VacancyStatus::Closed)).unwrap()),
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/vacancies/{vacancy_id}"),
            &ba_dinh,
            None,
        ),
        (
            reqwest::Method::GET,
            "/api/v1/duplicates".to_owned(),
            &owner,
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/workers/{worker_id}/events"),
            &owner,
            Some(json!({"date": "2026-01-01", "kind": "lost_job", "source": "exchange"})),
        ),
    ];
    for (method, path, token, body) in cases {
        let (status, answer) = send(&app, method.clone(), &path, Some(token), body).await;
        assert_error(status, &answer, StatusCode::FORBIDDEN, "forbidden");
    }
    // Nothing changed.
    let (_, vacancy_now) = app
        .get(&format!("/api/v1/vacancies/{vacancy_id}"), None)
        .await;
    assert_eq!(vacancy_now["posting"]["status"], "open");
    let (status, _) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&owner))
        .await;
    assert_eq!(status, StatusCode::OK);
    // Without a session every write is 401.
    for (method, path) in [
        (reqwest::Method::POST, "/api/v1/workers".to_owned()),
        (reqwest::Method::POST, "/api/v1/employers".to_owned()),
        (reqwest::Method::POST, "/api/v1/vacancies".to_owned()),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/vacancies/{vacancy_id}"),
        ),
        (reqwest::Method::POST, "/api/v1/auth/logout".to_owned()),
    ] {
        let (status, answer) = send(&app, method, &path, None, Some(json!({}))).await;
        assert_error(status, &answer, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
}

#[tokio::test]
async fn worker_search_holds_only_the_callers_area_in_results_and_counts() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let ba_dinh_id = app
        .add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let employer_id = app.add_account("dn.minhphat", Role::Employer, None).await;
    let hoa_xa = app.token("xa.hoaxa").await;
    let ba_dinh = app.token("phuong.badinh").await;
    let hanoi = app.token("so.hanoi").await;
    let employer = app.token("dn.minhphat").await;
    let mut ids = Vec::new();
    for (serial, residence, token) in [
        (11, "2025:10417", &hoa_xa),
        (12, "2025:10417", &hoa_xa),
        (13, "2025:00004", &ba_dinh),
    ] {
        let (status, created) = app
            .post(
                "/api/v1/workers",
                Some(token),
                &serde_json::to_value(worker(serial, residence)).unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        ids.push(created["id"].as_i64().unwrap());
    }
    let search = |token: &str, query: &str| {
        let path = format!("/api/v1/workers/search?{query}");
        let token = token.to_owned();
        let app = &app;
        async move { app.get(&path, Some(&token)).await }
    };
    let communes = |body: &Value| -> Vec<String> {
        body["by_commune"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["value"].as_str().unwrap().to_owned())
            .collect()
    };

    // Accent-free text finds the welders; each officer sees their own.
    let (status, body) = search(&ba_dinh, "q=tho%20han").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(communes(&body), ["2025:00004"]);
    assert_eq!(body["workers"][0]["id"], ids[2]);
    let (_, body) = search(&hoa_xa, "q=h%C3%A0n%20TIG").await;
    assert_eq!(body["total"], 2, "{body}");
    assert_eq!(communes(&body), ["2025:10417"]);
    let statuses: u64 = body["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(statuses, 2);
    // Asking for a unit outside the area finds nothing, not even counts.
    let (_, body) = search(&ba_dinh, "unit=2025:10417").await;
    assert_eq!(body["total"], 0, "{body}");
    assert!(communes(&body).is_empty());
    // The province sees all three.
    let (_, body) = search(&hanoi, "q=khoa").await;
    assert_eq!(body["total"], 3, "{body}");

    // Roles without personal records are refused, and that is audited.
    let (status, body) = search(&employer, "q=khoa").await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app.get("/api/v1/workers/search?q=khoa", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let denied = app
        .audit(AuditFilter {
            actor_user_id: Some(employer_id),
            outcome: Some(AuditOutcome::Denied),
            ..AuditFilter::default()
        })
        .await;
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0].entry.subject_id, "search");
    let allowed = app
        .audit(AuditFilter {
            actor_user_id: Some(ba_dinh_id),
            outcome: Some(AuditOutcome::Allowed),
            ..AuditFilter::default()
        })
        .await;
    assert!(allowed
        .iter()
        .any(|audit| audit.entry.subject_id == "search"));

    // The index follows a deletion at once.
    let (status, _) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/workers/{}", ids[0]),
        Some(&hoa_xa),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = search(&hoa_xa, "").await;
    assert_eq!(body["total"], 1, "{body}");
}

#[tokio::test]
async fn matching_keeps_consent_area_and_role_and_always_gives_reasons() {
    let app = spawn_app().await;
    app.add_account("dn.hoaxa", Role::Employer, None).await;
    app.add_account("dn.other", Role::Employer, None).await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    let owner = app.token("dn.hoaxa").await;
    let other = app.token("dn.other").await;
    let hoa_xa = app.token("xa.hoaxa").await;
    let ba_dinh = app.token("phuong.badinh").await;
    let (_, created) = app
        .post(
            "/api/v1/employers",
            Some(&owner),
            &serde_json::to_value(employer("2025:10417")).unwrap(),
        )
        .await;
    let employer_id = created["id"].as_i64().unwrap();
    let (status, created) = app
        .post(
            "/api/v1/vacancies",
            Some(&owner),
            &serde_json::to_value(vacancy(employer_id, VacancyStatus::Open)).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let vacancy_id = created["id"].as_i64().unwrap();
    // Three welders: two in Hòa Xá (one did not consent), one in Ba Đình.
    let mut ids = Vec::new();
    for (serial, residence, consent, token) in [
        (21, "2025:10417", true, &hoa_xa),
        (22, "2025:10417", false, &hoa_xa),
        (23, "2025:00004", true, &ba_dinh),
    ] {
        let profile = WorkerProfile {
            consent_share_with_employers: consent,
            ..worker(serial, residence)
        };
        let (status, created) = app
            .post(
                "/api/v1/workers",
                Some(token),
                &serde_json::to_value(profile).unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        ids.push(created["id"].as_i64().unwrap());
    }
    let candidates = |body: &Value| -> Vec<i64> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|c| c["worker_id"].as_i64().unwrap())
            .collect()
    };
    let path = format!("/api/v1/vacancies/{vacancy_id}/candidates?k=10");

    // The employer sees only workers who consented.
    let (status, body) = app.get(&path, Some(&owner)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut shown = candidates(&body);
    shown.sort_unstable();
    assert_eq!(shown, [ids[0], ids[2]], "{body}");
    for candidate in body.as_array().unwrap() {
        assert!(!candidate["reasons"].as_array().unwrap().is_empty());
        assert!(candidate.get("phone").is_none() && candidate.get("citizen_id").is_none());
    }
    assert_eq!(
        body[0]["reasons"][0]["vi"],
        "Cùng nghề: Thợ hàn và thợ cắt kim loại"
    );
    // Officers see their own area, consent or not.
    let (_, body) = app.get(&path, Some(&hoa_xa)).await;
    let mut shown = candidates(&body);
    shown.sort_unstable();
    assert_eq!(shown, [ids[0], ids[1]], "{body}");
    let (_, body) = app.get(&path, Some(&ba_dinh)).await;
    assert_eq!(candidates(&body), [ids[2]], "{body}");
    // Another employer is refused, and so is the public.
    let (status, body) = app.get(&path, Some(&other)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app.get(&path, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");

    // Recommendations for a worker: the officer of their area, with reasons.
    let path = format!("/api/v1/workers/{}/recommendations", ids[0]);
    let (status, body) = app.get(&path, Some(&hoa_xa)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body[0]["vacancy"]["id"], vacancy_id, "{body}");
    assert!(!body[0]["reasons"].as_array().unwrap().is_empty());
    // Not an officer of another area, nor an employer.
    let (status, body) = app.get(&path, Some(&ba_dinh)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app.get(&path, Some(&owner)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    // A closed vacancy is no longer recommended.
    let mut closed = vacancy(employer_id, VacancyStatus::Closed);
    closed.employer_id = employer_id;
    let (status, _) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/vacancies/{vacancy_id}"),
        Some(&owner),
        Some(serde_json::to_value(closed).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = app.get(&path, Some(&hoa_xa)).await;
    assert!(body.as_array().unwrap().is_empty(), "{body}");
}

/// A change to a worker or a vacancy reaches the matching forms in the
/// request that made it: the next candidates and recommendations hold it,
/// and neither side is built again.
#[tokio::test]
async fn matching_follows_each_change_in_place_without_a_rebuild() {
    let (app, state) = crate::helpers::spawn_app_and_state().await;
    app.add_account("dn.hoaxa", Role::Employer, None).await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let owner = app.token("dn.hoaxa").await;
    let officer = app.token("xa.hoaxa").await;
    let city = app.token("so.hanoi").await;
    let (_, created) = app
        .post(
            "/api/v1/employers",
            Some(&owner),
            &serde_json::to_value(employer("2025:10417")).unwrap(),
        )
        .await;
    let employer_id = created["id"].as_i64().unwrap();
    let (_, created) = app
        .post(
            "/api/v1/vacancies",
            Some(&owner),
            &serde_json::to_value(vacancy(employer_id, VacancyStatus::Open)).unwrap(),
        )
        .await;
    let vacancy_id = created["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for serial in [31, 32] {
        let profile = WorkerProfile {
            consent_share_with_employers: serial == 31,
            ..worker(serial, "2025:10417")
        };
        let (status, created) = app
            .post(
                "/api/v1/workers",
                Some(&officer),
                &serde_json::to_value(profile).unwrap(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        ids.push(created["id"].as_i64().unwrap());
    }
    let candidates = |body: &Value| -> Vec<i64> {
        let mut ids: Vec<i64> = body
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|c| c["worker_id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids
    };
    let path = format!("/api/v1/vacancies/{vacancy_id}/candidates?k=10");
    let (_, body) = app.get(&path, Some(&owner)).await;
    assert_eq!(candidates(&body), [ids[0]], "{body}");
    let recommendations = format!("/api/v1/workers/{}/recommendations", ids[0]);
    let (_, body) = app.get(&recommendations, Some(&officer)).await;
    assert_eq!(body[0]["vacancy"]["id"], vacancy_id, "{body}");

    // Both sides are built; from here on, every build is counted.
    let builds = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = builds.clone();
    state.matching.live_seekers().set_build_hook(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let counter = builds.clone();
    state.matching.live_openings().set_build_hook(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });

    // The second worker consents: the employer sees them next.
    let consenting = WorkerProfile {
        consent_share_with_employers: true,
        ..worker(32, "2025:10417")
    };
    let (status, body) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/workers/{}", ids[1]),
        Some(&officer),
        Some(serde_json::to_value(&consenting).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = app.get(&path, Some(&owner)).await;
    assert_eq!(candidates(&body), [ids[0], ids[1]], "{body}");
    // The first moves to Ba Đình (the city's officer records it): no
    // longer the Hòa Xá officer's.
    let (status, body) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/workers/{}", ids[0]),
        Some(&city),
        Some(serde_json::to_value(worker(31, "2025:00004")).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = app.get(&path, Some(&officer)).await;
    assert_eq!(candidates(&body), [ids[1]], "{body}");
    // A worker registered after the build is a candidate at once.
    let (_, created) = app
        .post(
            "/api/v1/workers",
            Some(&officer),
            &serde_json::to_value(worker(33, "2025:10417")).unwrap(),
        )
        .await;
    let newcomer = created["id"].as_i64().unwrap();
    let (_, body) = app.get(&path, Some(&officer)).await;
    assert_eq!(candidates(&body), [ids[1], newcomer], "{body}");
    // A deleted worker is gone at once.
    let (status, _) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/workers/{newcomer}"),
        Some(&officer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = app.get(&path, Some(&officer)).await;
    assert_eq!(candidates(&body), [ids[1]], "{body}");

    // A vacancy posted after the build is recommended at once; closed, it
    // is gone at once.
    let (_, created) = app
        .post(
            "/api/v1/vacancies",
            Some(&owner),
            &serde_json::to_value(VacancyPosting {
                title: "Thợ hàn điện ca đêm".to_owned(),
                ..vacancy(employer_id, VacancyStatus::Open)
            })
            .unwrap(),
        )
        .await;
    let second = created["id"].as_i64().unwrap();
    let recommendations = format!("/api/v1/workers/{}/recommendations", ids[1]);
    let recommended = |body: &Value| -> BTreeSet<i64> {
        body.as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|r| r["vacancy"]["id"].as_i64().unwrap())
            .collect()
    };
    let (_, body) = app.get(&recommendations, Some(&officer)).await;
    assert_eq!(recommended(&body), BTreeSet::from([vacancy_id, second]));
    let (status, _) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/vacancies/{vacancy_id}"),
        Some(&owner),
        Some(serde_json::to_value(vacancy(employer_id, VacancyStatus::Closed)).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = app.get(&recommendations, Some(&officer)).await;
    assert_eq!(recommended(&body), BTreeSet::from([second]));

    assert_eq!(
        builds.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a change rebuilt a matching side"
    );
}

/// The wishes as stated travel through the API; a client that knows only
/// the old shape posts and reads as before and never sees the new keys.
#[tokio::test]
async fn wishes_travel_through_the_api_and_old_clients_are_unaffected() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;

    // An old client: the old JSON shape in, the old shape out.
    let old = serde_json::to_value(worker(31, "2025:10417")).unwrap();
    assert!(old.get("wanted_occupations").is_none());
    let (status, created) = app.post("/api/v1/workers", Some(&token), &old).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (_, read) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&token))
        .await;
    assert_eq!(read["profile"], old);

    // A new client: several occupations, broad wishes, a daily wage,
    // abroad, a disability and a note.
    let mut new = old.clone();
    new["citizen_id"] = json!(worker(32, "2025:10417").citizen_id);
    new["wanted_occupations"] = json!([
        {"code": "7212", "words": "thợ hàn", "confidence": 0.97, "confirmed": true},
        {"code": "8153"}
    ]);
    new["broad_wishes"] = json!(["any_factory_work", "near_home"]);
    new["wanted_wage"] = json!({"min_vnd": 300000, "max_vnd": 350000});
    new["wanted_wage_period"] = json!("day");
    new["abroad"] = json!({"countries": ["JP", "KR"], "note": "Đã học tiếng Nhật"});
    new["disability"] = json!({"kinds": ["mobility"], "needs": "Lối đi cho xe lăn"});
    new["counsellor_note"] = json!("Gọi lại sau Tết");
    let (status, created) = app.post("/api/v1/workers", Some(&token), &new).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (_, read) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&token))
        .await;
    let profile = &read["profile"];
    assert_eq!(profile["wanted_occupations"][1]["code"], "8153");
    assert_eq!(profile["wanted_occupations"][1]["confirmed"], false);
    // The old field follows the list's first item; the disability puts the
    // worker in its priority group.
    assert_eq!(profile["wanted_occupation"], "7212");
    assert!(profile["priority_groups"]
        .as_array()
        .unwrap()
        .contains(&json!("disability")));
    assert_eq!(profile["wanted_wage_period"], "day");
    assert_eq!(profile["abroad"]["countries"], json!(["JP", "KR"]));
    assert_eq!(profile["counsellor_note"], "Gọi lại sau Tết");
    let back: WorkerProfile = serde_json::from_value(profile.clone()).unwrap();
    assert_eq!(back.wanted_wage_monthly().min_vnd, Some(7_800_000));
    assert_eq!(back.wanted_occupation_codes()[..2].len(), 2);

    // Every problem of the wishes at once, in both languages.
    let mut bad = new.clone();
    bad["citizen_id"] = json!(worker(33, "2025:10417").citizen_id);
    bad["wanted_occupations"] = json!(["7212", "8153", "9329", "5120", "5131", "5223"]
        .iter()
        .map(|code| json!({"code": code}))
        .collect::<Vec<_>>());
    bad["wanted_wage_period"] = json!("hour");
    bad["wanted_wage"] = json!({"min_vnd": 9000000});
    let (status, body) = app.post("/api/v1/workers", Some(&token), &bad).await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "record_invalid",
    );
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["wanted_occupations", "wanted_wage"]);

    // The OpenAPI document describes the new fields.
    let (_, document) = app.get("/api/openapi.json", None).await;
    let properties = &document["components"]["schemas"]["WorkerProfile"]["properties"];
    for field in [
        "wanted_occupations",
        "broad_wishes",
        "wanted_wage_period",
        "abroad",
        "disability",
        "counsellor_note",
    ] {
        assert!(properties.get(field).is_some(), "{field}");
    }
}
