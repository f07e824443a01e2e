//! Public sign-up and the self-service of one's own data (issue 13): a
//! worker and an employer sign up and log in; every bad field is named;
//! records on file are never taken over; the throttle; no worker reaches
//! another's data; consent withdrawal takes effect at once; the data as
//! JSON and as a workbook; deletion requests from asking to erasure — on
//! SQLite, and the main flows on PostgreSQL.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::{json, Value};
use vieclam_domain::audit::subject;
use vieclam_domain::registry::{CitizenId, Sex, TaxCode};
use vieclam_domain::{AuditAction, Role, UnitKey};
use vieclam_store::AuditFilter;

use crate::exchange::{add_employer, add_worker};
use crate::helpers::{assert_error, spawn_app, spawn_app_on, spawn_app_with, Backend, TestApp};

/// A password that every sign-up here uses.
const SECRET: &str = "mật khẩu của tôi 2026";

fn citizen_id(sex: Sex, year: i32, serial: u32) -> String {
    CitizenId::compose("001", sex, year, serial)
        .unwrap()
        .to_string()
}

/// A worker's sign-up form: a woman born in 1995 living in Hòa Xá.
fn worker_form(serial: u32, phone: &str) -> Value {
    json!({
        "full_name": "Nguyễn Thị Thủy",
        "citizen_id": citizen_id(Sex::Female, 1995, serial),
        "birth_date": "1995-04-12",
        "sex": "female",
        "residence": "10417",
        "phone": phone,
        "password": SECRET,
    })
}

fn tax_code(nine: &str) -> String {
    let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
    let check = TaxCode::check_digit(&digits).unwrap();
    format!("{nine}{check}")
}

fn employer_form(nine: &str, email: &str) -> Value {
    json!({
        "tax_code": tax_code(nine),
        "name": "Công ty TNHH May Hòa Xá",
        "kind": "company",
        "industry": "1410",
        "address_unit": "10417",
        "address_line": "Thôn Hòa Xá",
        "contact_name": "Đỗ Minh Quân",
        "email": email,
        "password": SECRET,
    })
}

/// Sets `field` of a form (`null` removes its value).
fn with(mut form: Value, field: &str, value: Value) -> Value {
    form[field] = value;
    form
}

fn hoa_xa_name() -> String {
    let key = UnitKey::parse("2025:10417", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
    crate::helpers::units().get(&key).unwrap().name.clone()
}

/// Signs a worker up; gives (token, worker id, account id).
async fn signed_up_worker(app: &TestApp, serial: u32, phone: &str) -> (String, i64, i64) {
    let (status, body) = app
        .post("/api/v1/signup/worker", None, &worker_form(serial, phone))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let username = body["account"]["username"].as_str().unwrap().to_owned();
    let (status, login) = app.login(&username, SECRET).await;
    assert_eq!(status, StatusCode::OK, "{login}");
    (
        login["token"].as_str().unwrap().to_owned(),
        body["worker_id"].as_i64().unwrap(),
        body["account"]["id"].as_i64().unwrap(),
    )
}

async fn put(app: &TestApp, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
    crate::registers::send(
        app,
        reqwest::Method::PUT,
        path,
        Some(token),
        Some(body.clone()),
    )
    .await
}

async fn n_users(app: &TestApp) -> u64 {
    app.store.count_users().await.unwrap()
}

async fn a_worker_and_an_employer_sign_up_and_log_in(app: &TestApp) {
    let (status, body) = app
        .post(
            "/api/v1/signup/worker",
            None,
            &worker_form(401, "+84 912 345 401"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The login is the phone as `PhoneNumber` writes it.
    assert_eq!(body["account"]["username"], "0912345401");
    assert_eq!(body["account"]["role"], "worker");
    assert_eq!(body["account"]["display_name"], "Nguyễn Thị Thủy");
    assert!(body["employer_id"].is_null());
    let worker_id = body["worker_id"].as_i64().unwrap();
    let account_id = body["account"]["id"].as_i64().unwrap();
    let token = app.login("0912345401", SECRET).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, own) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(
        own["profile"]["citizen_id"],
        citizen_id(Sex::Female, 1995, 401)
    );
    assert_eq!(own["profile"]["residence"]["code"], "10417");
    assert_eq!(own["profile"]["consent_share_with_employers"], false);
    assert_eq!(own["state"]["status"], "unemployed");
    let (status, events) = app
        .get(&format!("/api/v1/workers/{worker_id}/events"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK, "{events}");
    assert_eq!(events[0]["event"]["kind"], "registered");
    assert_eq!(events[0]["event"]["source"], "self_declared");
    assert_eq!(events[0]["recorded_by"], account_id);
    // The new account is the actor of both writes.
    let entries = app
        .audit(AuditFilter {
            actor_user_id: Some(account_id),
            ..AuditFilter::default()
        })
        .await;
    for kind in [subject::USER_ACCOUNT, subject::WORKER] {
        assert!(
            entries
                .iter()
                .any(|e| e.entry.action == AuditAction::Create && e.entry.subject_kind == kind),
            "no audited creation of the {kind}: {entries:?}"
        );
    }

    let (status, body) = app
        .post(
            "/api/v1/signup/employer",
            None,
            &employer_form("010123456", "TuyenDung@MayHoaXa.vn"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["account"]["username"], "tuyendung@mayhoaxa.vn");
    assert_eq!(body["account"]["role"], "employer");
    let employer_id = body["employer_id"].as_i64().unwrap();
    let token = app.token_with("TUYENDUNG@mayhoaxa.vn", SECRET).await;
    let (status, own) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["profile"]["tax_code"], tax_code("010123456"));
    assert_eq!(own["profile"]["contact_email"], "TuyenDung@mayhoaxa.vn");
}

impl TestApp {
    /// Logs in with a password other than the helpers' own.
    async fn token_with(&self, username: &str, password: &str) -> String {
        let (status, body) = self.login(username, password).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn a_worker_and_an_employer_sign_up_and_log_in_on_sqlite() {
    a_worker_and_an_employer_sign_up_and_log_in(&spawn_app().await).await;
}

#[tokio::test]
async fn a_worker_and_an_employer_sign_up_and_log_in_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        a_worker_and_an_employer_sign_up_and_log_in(&app).await;
        app.clean_up().await;
    }
}

/// Posts a form and expects 400 with a problem on `field`.
async fn check(app: &TestApp, path: &str, form: Value, field: &str) {
    let (status, body) = app.post(path, None, &form).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "fields_invalid");
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&field), "{field} not in {fields:?}: {form}");
    // The password is never echoed.
    assert!(!body.to_string().contains(SECRET), "{body}");
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let before = n_users(&app).await;
    let worker = "/api/v1/signup/worker";
    let form = || worker_form(402, "0912345402");
    for (form, field) in [
        (with(form(), "citizen_id", json!("12345")), "citizen_id"),
        (
            with(form(), "citizen_id", json!("999195000402")),
            "citizen_id",
        ),
        // The citizen ID encodes a man, the form says a woman.
        (
            with(
                form(),
                "citizen_id",
                json!(citizen_id(Sex::Male, 1995, 402)),
            ),
            "citizen_id",
        ),
        // The citizen ID encodes 1995, the birth date says 1996.
        (
            with(form(), "birth_date", json!("1996-04-12")),
            "citizen_id",
        ),
        (
            with(form(), "birth_date", json!("12 tháng 4")),
            "birth_date",
        ),
        (with(form(), "sex", json!("khác")), "sex"),
        (with(form(), "full_name", json!("X")), "full_name"),
        // A province, a legacy district, nothing at all: not a commune.
        (with(form(), "residence", json!("01")), "residence"),
        (with(form(), "residence", json!("legacy:001")), "residence"),
        (with(form(), "residence", json!("99999")), "residence"),
        (with(form(), "residence", json!("phường")), "residence"),
        (with(form(), "password", json!("ngắn quá")), "password"),
        (with(form(), "phone", json!("12345")), "phone"),
        (with(form(), "email", json!("an@")), "email"),
        (with(form(), "phone", Value::Null), "phone"),
        (with(form(), "phone", json!("  ")), "email"),
    ] {
        check(&app, worker, form, field).await;
    }
    // Too young to register as a worker.
    let child = with(
        with(form(), "birth_date", json!("2020-04-12")),
        "citizen_id",
        json!(citizen_id(Sex::Female, 2020, 402)),
    );
    check(&app, worker, child, "birth_date").await;
    // Every problem at once.
    let (status, body) = app
        .post(
            worker,
            None,
            &json!({
                "full_name": "", "citizen_id": "1", "birth_date": "x", "sex": "?",
                "residence": "?", "phone": null, "email": null, "password": "",
            }),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "fields_invalid");
    assert!(
        body["error"]["details"].as_array().unwrap().len() >= 8,
        "{body}"
    );

    let employer = "/api/v1/signup/employer";
    let form = || employer_form("010123457", "hr@example.vn");
    let good = tax_code("010123457");
    let wrong_check = format!("{}{}", &good[..9], (good.as_bytes()[9] - b'0' + 1) % 10);
    for (form, field) in [
        (with(form(), "tax_code", json!(wrong_check)), "tax_code"),
        (with(form(), "tax_code", json!("01012")), "tax_code"),
        (with(form(), "name", json!("X")), "name"),
        (with(form(), "kind", json!("xyz")), "kind"),
        (with(form(), "industry", json!("0000")), "industry"),
        (
            with(form(), "address_unit", json!("legacy:001")),
            "address_unit",
        ),
        (with(form(), "contact_name", json!("")), "contact_name"),
        (with(form(), "email", Value::Null), "phone"),
        (with(form(), "password", json!("short")), "password"),
    ] {
        check(&app, employer, form, field).await;
    }
    assert_eq!(n_users(&app).await, before);
}

#[tokio::test]
async fn records_on_file_are_never_taken_over() {
    let app = spawn_app().await;
    // A worker imported by the commune: a man born 1990 (the registers'
    // test worker).
    let imported = add_worker(&app, 403, "2025:10417").await;
    let before = n_users(&app).await;
    let form = json!({
        "full_name": "Đặng Văn Khoa",
        "citizen_id": citizen_id(Sex::Male, 1990, 403),
        "birth_date": "1990-07-03",
        "sex": "male",
        "residence": "10417",
        "phone": "0988000403",
        "password": SECRET,
    });
    let (status, body) = app.post("/api/v1/signup/worker", None, &form).await;
    assert_error(status, &body, StatusCode::CONFLICT, "worker_on_file");
    // The answer does not say where the person lives.
    let hoa_xa = hoa_xa_name();
    assert!(!body.to_string().contains(&hoa_xa), "{body}");
    assert!(!body.to_string().contains("10417"), "{body}");
    assert_eq!(n_users(&app).await, before);
    assert!(app
        .store
        .find_user_credentials(&vieclam_domain::Username::parse("0988000403").unwrap())
        .await
        .unwrap()
        .is_none());
    // The record on file stays unlinked and unchanged.
    let record = app.store.get_worker(imported).await.unwrap().unwrap();
    assert_eq!(record.profile.phone.unwrap().as_str(), "0988123456");

    // A worker who signed up is on file too: the same answer.
    signed_up_worker(&app, 404, "0912345404").await;
    let before = n_users(&app).await;
    let again = with(worker_form(404, "0912999404"), "phone", json!("0912999404"));
    let (status, body) = app.post("/api/v1/signup/worker", None, &again).await;
    assert_error(status, &body, StatusCode::CONFLICT, "worker_on_file");
    // The login taken, on the field it came from.
    let (status, body) = app
        .post(
            "/api/v1/signup/worker",
            None,
            &worker_form(405, "0912345404"),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "username_taken");
    assert_eq!(body["error"]["details"][0]["field"], "phone");
    assert_eq!(n_users(&app).await, before);

    // An employer registered by an officer: the unit that keeps it is
    // named (business registration data is public).
    let (employer_id, _) = add_employer(&app, 406, "2025:10417").await;
    let code = app
        .store
        .get_employer(employer_id)
        .await
        .unwrap()
        .unwrap()
        .profile
        .tax_code
        .unwrap();
    let form = with(
        employer_form("010123461", "hr406@example.vn"),
        "tax_code",
        json!(code.as_str()),
    );
    let (status, body) = app.post("/api/v1/signup/employer", None, &form).await;
    assert_error(status, &body, StatusCode::CONFLICT, "employer_on_file");
    assert!(
        body["error"]["message_vi"]
            .as_str()
            .unwrap()
            .contains(&hoa_xa),
        "{body}"
    );
    assert_eq!(n_users(&app).await, before);
}

#[tokio::test]
async fn an_address_signs_up_its_share_and_is_then_answered_429() {
    let config = vieclam_server::ServerConfig {
        signups_per_address_per_hour: 2,
        ..vieclam_server::ServerConfig::default()
    };
    let app = spawn_app_with(Backend::Sqlite, config).await.unwrap();
    signed_up_worker(&app, 407, "0912345407").await;
    // A refusal counts: trying citizen IDs one after another is what the
    // throttle stops.
    let (status, body) = app
        .post(
            "/api/v1/signup/worker",
            None,
            &worker_form(407, "0912000407"),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "worker_on_file");
    let before = n_users(&app).await;
    let (status, body) = app
        .post(
            "/api/v1/signup/worker",
            None,
            &worker_form(408, "0912345408"),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_signups",
    );
    let (status, body) = app
        .post(
            "/api/v1/signup/employer",
            None,
            &employer_form("010123459", "hr408@example.vn"),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_signups",
    );
    // A form with mistakes is answered as such, uncounted.
    let (status, body) = app
        .post(
            "/api/v1/signup/worker",
            None,
            &with(worker_form(409, "0912345409"), "sex", json!("?")),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "fields_invalid");
    assert_eq!(n_users(&app).await, before);
}

#[tokio::test]
async fn a_worker_reaches_no_other_workers_data_by_any_id() {
    let app = spawn_app().await;
    let (token, own_id, _) = signed_up_worker(&app, 410, "0912345410").await;
    let other = add_worker(&app, 411, "2025:10417").await;
    let (other_token, other_signed_up, _) = signed_up_worker(&app, 412, "0912345412").await;
    for id in [other, other_signed_up] {
        for path in [
            format!("/api/v1/workers/{id}"),
            format!("/api/v1/workers/{id}/events"),
            format!("/api/v1/workers/{id}/recommendations"),
            format!("/api/v1/workers/{id}/applications"),
            format!("/api/v1/workers/{id}/registrations"),
            format!("/api/v1/workers/{id}/interviews"),
            format!("/api/v1/workers/{id}/counselling"),
        ] {
            let (status, body) = app.get(&path, Some(&token)).await;
            assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
        }
        // Nor changes it, with a profile that is valid in every field.
        let profile = app.store.get_worker(id).await.unwrap().unwrap().profile;
        let (status, body) = put(
            &app,
            &format!("/api/v1/workers/{id}"),
            &token,
            &serde_json::to_value(&profile).unwrap(),
        )
        .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    for path in [
        "/api/v1/workers",
        "/api/v1/workers/search",
        "/api/v1/deletion-requests",
    ] {
        let (status, body) = app.get(path, Some(&token)).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, mine) = app.get("/api/v1/me/data", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["worker"]["id"], own_id);
    let (_, theirs) = app.get("/api/v1/me/data", Some(&other_token)).await;
    assert_eq!(theirs["worker"]["id"], other_signed_up);
}

/// An employer account with an open welding vacancy in Hòa Xá; gives
/// (token, vacancy id).
async fn employer_with_vacancy(app: &TestApp, serial: u32, name: &str) -> (String, i64) {
    let (employer, vacancy) = add_employer(app, serial, "2025:10417").await;
    let user = app.add_account(name, Role::Employer, None).await;
    app.store
        .link_account(user, None, Some(employer))
        .await
        .unwrap();
    (app.token(name).await, vacancy)
}

async fn candidate_ids(app: &TestApp, token: &str, vacancy: i64) -> Vec<i64> {
    let (status, body) = app
        .get(
            &format!("/api/v1/vacancies/{vacancy}/candidates?k=50"),
            Some(token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|candidate| candidate["worker_id"].as_i64().unwrap())
        .collect()
}

async fn consent_withdrawal_takes_effect_at_once(app: &TestApp) {
    let (employer, vacancy) = employer_with_vacancy(app, 413, "dn.hoaxa").await;
    let (token, worker_id, _) = signed_up_worker(app, 413, "0912345413").await;
    // Consent is off until the worker gives it.
    assert!(!candidate_ids(app, &employer, vacancy)
        .await
        .contains(&worker_id));
    let consent = |share: bool| json!({ "share_with_employers": share, "receive_messages": share });
    let (status, body) = put(app, "/api/v1/me/consent", &token, &consent(true)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["share_with_employers"], true);
    assert_eq!(body["worker_id"], worker_id);
    assert!(candidate_ids(app, &employer, vacancy)
        .await
        .contains(&worker_id));
    let (status, body) = put(app, "/api/v1/me/consent", &token, &consent(false)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !candidate_ids(app, &employer, vacancy)
            .await
            .contains(&worker_id),
        "a worker who withdrew consent is still shown to employers"
    );
    let (_, own) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&token))
        .await;
    assert_eq!(own["profile"]["consent_share_with_employers"], false);
    assert_eq!(own["profile"]["consent_receive_messages"], false);
    // Only a worker with a record chooses consents.
    let (status, body) = put(app, "/api/v1/me/consent", &employer, &consent(true)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = crate::registers::send(
        app,
        reqwest::Method::PUT,
        "/api/v1/me/consent",
        None,
        Some(consent(true)),
    )
    .await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn consent_withdrawal_takes_effect_at_once_on_sqlite() {
    consent_withdrawal_takes_effect_at_once(&spawn_app().await).await;
}

#[tokio::test]
async fn consent_withdrawal_takes_effect_at_once_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        consent_withdrawal_takes_effect_at_once(&app).await;
        app.clean_up().await;
    }
}

/// Every cell of every sheet, by sheet.
fn workbook_cells(bytes: Vec<u8>) -> Vec<(String, Vec<String>)> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let cells = range.cells().map(|(_, _, cell)| cell.to_string()).collect();
            (name, cells)
        })
        .collect()
}

#[tokio::test]
async fn own_data_as_json_and_workbook_holds_ones_own_records_and_nothing_else() {
    let app = spawn_app().await;
    let (_, vacancy) = employer_with_vacancy(&app, 414, "dn.data").await;
    let (token, worker_id, account_id) = signed_up_worker(&app, 414, "0912345414").await;
    let other_form = with(
        with(
            worker_form(415, "0912345415"),
            "full_name",
            json!("Lê Văn Bình"),
        ),
        "citizen_id",
        json!(citizen_id(Sex::Male, 1995, 415)),
    );
    let other_form = with(other_form, "sex", json!("male"));
    let (status, other) = app.post("/api/v1/signup/worker", None, &other_form).await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    let other_token = app.token_with("0912345415", SECRET).await;
    for token in [&token, &other_token] {
        let (status, body) = app
            .post(
                &format!("/api/v1/vacancies/{vacancy}/applications"),
                Some(token),
                &json!({ "note": "Tôi muốn làm thợ hàn" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    let (status, data) = app.get("/api/v1/me/data", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{data}");
    assert_eq!(data["account"]["id"], account_id);
    assert_eq!(data["worker"]["id"], worker_id);
    assert_eq!(
        data["worker"]["profile"]["citizen_id"],
        citizen_id(Sex::Female, 1995, 414)
    );
    assert_eq!(data["worker"]["events"][0]["event"]["kind"], "registered");
    let applications = data["worker"]["applications"].as_array().unwrap();
    assert_eq!(applications.len(), 1, "{data}");
    assert_eq!(applications[0]["worker_id"], worker_id);
    assert_eq!(applications[0]["steps"][0]["status"], "received");
    assert!(data["employer"].is_null());
    let text = data.to_string();
    let other_id = citizen_id(Sex::Male, 1995, 415);
    assert!(!text.contains(&other_id), "another worker's citizen ID");
    assert!(!text.contains("Lê Văn Bình"), "another worker's name");

    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/me/data.xlsx", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let sheets = workbook_cells(response.bytes().await.unwrap().to_vec());
    let names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
    for name in [
        "Tài khoản",
        "Hồ sơ người lao động",
        "Biến động lao động",
        "Ứng tuyển",
        "Đăng ký phiên GDVL",
        "Phỏng vấn",
        "Tư vấn",
        "Trợ cấp thất nghiệp",
        "Yêu cầu xóa dữ liệu",
    ] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    let all: Vec<&String> = sheets.iter().flat_map(|(_, cells)| cells).collect();
    let has = |text: &str| all.iter().any(|cell| cell.contains(text));
    assert!(has(&citizen_id(Sex::Female, 1995, 414)));
    assert!(has("Nguyễn Thị Thủy"));
    assert!(has("0912345414"));
    assert!(has("Tôi muốn làm thợ hàn"));
    assert!(!has(&other_id));
    assert!(!has("Lê Văn Bình"));
    let profile = &sheets
        .iter()
        .find(|(name, _)| name == "Hồ sơ người lao động")
        .unwrap()
        .1;
    assert!(profile.iter().any(|cell| cell == "profile.citizen_id"));
    // Both reads are audited, the workbook as an export.
    let entries = app
        .audit(AuditFilter {
            subject_kind: Some(subject::WORKER.to_owned()),
            subject_id: Some(worker_id.to_string()),
            ..AuditFilter::default()
        })
        .await;
    assert!(entries
        .iter()
        .any(|entry| entry.entry.action == AuditAction::Export));

    // An employer's own data: profile and vacancies.
    let (employer_token, _) = employer_with_vacancy(&app, 416, "dn.data2").await;
    let (status, data) = app.get("/api/v1/me/data", Some(&employer_token)).await;
    assert_eq!(status, StatusCode::OK, "{data}");
    assert!(data["worker"].is_null());
    assert_eq!(data["employer"]["vacancies"].as_array().unwrap().len(), 1);
    let (status, body) = app.get("/api/v1/me/data", None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

async fn a_deletion_request_goes_from_asking_to_erasure(app: &TestApp) {
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("san.trungtam", Role::ExchangeStaff, Some("2025:01"))
        .await;
    app.add_account("so.ldtbxh", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    app.add_account("so.hcm", Role::ProvinceOfficer, Some("2025:79"))
        .await;
    let officer = app.token("xa.hoaxa").await;
    let far_commune = app.token("phuong.badinh").await;
    let staff = app.token("san.trungtam").await;
    let province = app.token("so.ldtbxh").await;
    let other_province = app.token("so.hcm").await;
    let (token, worker_id, account_id) = signed_up_worker(app, 417, "0912345417").await;
    let consent = json!({ "share_with_employers": true, "receive_messages": true });
    let (status, _) = put(app, "/api/v1/me/consent", &token, &consent).await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = app.get("/api/v1/me/deletion-request", Some(&token)).await;
    assert_error(
        status,
        &body,
        StatusCode::NOT_FOUND,
        "deletion_request_not_found",
    );
    let (status, body) = app
        .post(
            "/api/v1/me/deletion-request",
            Some(&token),
            &json!({ "reason": "ư".repeat(501) }),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "fields_invalid");
    assert_eq!(body["error"]["details"][0]["field"], "reason");
    let reason = json!({ "reason": "Tôi không muốn lưu hồ sơ nữa" });
    let (status, request) = app
        .post("/api/v1/me/deletion-request", Some(&token), &reason)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{request}");
    assert_eq!(request["status"]["code"], "open");
    assert_eq!(request["worker_id"], worker_id);
    assert_eq!(request["account_id"], account_id);
    let id = request["id"].as_i64().unwrap();
    // Both consents are withdrawn at once.
    let (_, own) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&token))
        .await;
    assert_eq!(own["profile"]["consent_share_with_employers"], false);
    assert_eq!(own["profile"]["consent_receive_messages"], false);
    // A second request answers the open one.
    let (status, again) = app
        .post("/api/v1/me/deletion-request", Some(&token), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["id"], id);
    let (status, mine) = app.get("/api/v1/me/deletion-request", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["id"], id);
    // Officers only, of the record's area.
    let (status, body) = app
        .post("/api/v1/me/deletion-request", Some(&officer), &reason)
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let listed = |token: String| async move {
        let (status, body) = app.get("/api/v1/deletion-requests", Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body.as_array()
            .unwrap()
            .iter()
            .map(|request| request["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(officer.clone()).await, [id]);
    assert_eq!(listed(province.clone()).await, [id]);
    assert!(listed(far_commune.clone()).await.is_empty());
    assert!(listed(other_province.clone()).await.is_empty());
    for token in [&staff, &token] {
        let (status, body) = app.get("/api/v1/deletion-requests", Some(token)).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = app
        .get("/api/v1/deletion-requests?status=maybe", Some(&officer))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let decide = format!("/api/v1/deletion-requests/{id}/decide");
    let refuse = json!({
        "decision": "refuse",
        "reason": "Hồ sơ đang giải quyết trợ cấp thất nghiệp, phải lưu theo luật",
    });
    for token in [&far_commune, &other_province, &staff, &token] {
        let (status, body) = app.post(&decide, Some(token), &refuse).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = app
        .post(&decide, Some(&officer), &json!({ "decision": "refuse" }))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "fields_invalid");
    assert_eq!(body["error"]["details"][0]["field"], "reason");
    let (status, body) = app
        .post(&decide, Some(&officer), &json!({ "decision": "forget" }))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "fields_invalid");
    assert_eq!(body["error"]["details"][0]["field"], "decision");
    let (status, body) = app
        .post(
            "/api/v1/deletion-requests/999999/decide",
            Some(&officer),
            &refuse,
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::NOT_FOUND,
        "deletion_request_not_found",
    );

    // Refused: the record stays, the person reads why.
    let (status, refused) = app.post(&decide, Some(&officer), &refuse).await;
    assert_eq!(status, StatusCode::OK, "{refused}");
    assert_eq!(refused["status"]["code"], "refused");
    let (status, body) = app.post(&decide, Some(&officer), &refuse).await;
    assert_error(
        status,
        &body,
        StatusCode::CONFLICT,
        "deletion_request_decided",
    );
    let (_, mine) = app.get("/api/v1/me/deletion-request", Some(&token)).await;
    assert_eq!(mine["status"]["code"], "refused");
    assert_eq!(mine["decision_reason"], refuse["reason"]);
    let (status, _) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&officer))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Asked again, and erased: the record goes, the account closes.
    let (status, second) = app
        .post("/api/v1/me/deletion-request", Some(&token), &reason)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let second_id = second["id"].as_i64().unwrap();
    let (status, erased) = app
        .post(
            &format!("/api/v1/deletion-requests/{second_id}/decide"),
            Some(&officer),
            &json!({ "decision": "erase" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{erased}");
    assert_eq!(erased["status"]["code"], "erased");
    let (status, body) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&officer))
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "worker_not_found");
    assert!(app.store.get_worker(worker_id).await.unwrap().is_none());
    let (status, body) = app.get("/api/v1/me/data", Some(&token)).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "session_invalid");
    let (status, body) = app.login("0912345417", SECRET).await;
    assert_error(
        status,
        &body,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
    let deleted = app
        .audit(AuditFilter {
            subject_kind: Some(subject::WORKER.to_owned()),
            subject_id: Some(worker_id.to_string()),
            ..AuditFilter::default()
        })
        .await;
    assert!(deleted
        .iter()
        .any(|entry| entry.entry.action == AuditAction::Delete));
    let (status, searched) = app
        .get("/api/v1/workers/search?q=Thủy", Some(&officer))
        .await;
    assert_eq!(status, StatusCode::OK, "{searched}");
    assert!(!searched["workers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|worker| worker["id"] == worker_id));
}

#[tokio::test]
async fn a_deletion_request_goes_from_asking_to_erasure_on_sqlite() {
    a_deletion_request_goes_from_asking_to_erasure(&spawn_app().await).await;
}

#[tokio::test]
async fn a_deletion_request_goes_from_asking_to_erasure_on_postgres() {
    if let Some(app) = spawn_app_on(Backend::Postgres).await {
        a_deletion_request_goes_from_asking_to_erasure(&app).await;
        app.clean_up().await;
    }
}

#[tokio::test]
async fn openapi_documents_the_self_service_with_iso_dates_and_codes() {
    let app = spawn_app().await;
    let (status, document) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let paths = &document["paths"];
    for (path, method) in [
        ("/api/v1/signup/worker", "post"),
        ("/api/v1/signup/employer", "post"),
        ("/api/v1/me/data", "get"),
        ("/api/v1/me/data.xlsx", "get"),
        ("/api/v1/me/consent", "put"),
        ("/api/v1/me/deletion-request", "post"),
        ("/api/v1/me/deletion-request", "get"),
        ("/api/v1/deletion-requests", "get"),
        ("/api/v1/deletion-requests/{id}/decide", "post"),
    ] {
        assert!(
            paths[path][method].is_object(),
            "{method} {path} undocumented"
        );
    }
    // Sign-up is public.
    assert!(paths["/api/v1/signup/worker"]["post"]["security"].is_null());
    for status in ["201", "400", "409", "429"] {
        assert!(paths["/api/v1/signup/worker"]["post"]["responses"][status].is_object());
    }
    let schemas = &document["components"]["schemas"];
    let worker = &schemas["WorkerSignup"]["properties"];
    assert_eq!(worker["birth_date"]["format"], "date", "{worker}");
    assert_eq!(worker["birth_date"]["type"], "string", "{worker}");
    let sex = worker["sex"]["$ref"].as_str().unwrap_or_default();
    assert!(sex.ends_with("/Sex"), "{worker}");
    assert_eq!(schemas["Sex"]["enum"], json!(["male", "female"]));
    let kind = schemas["EmployerSignup"]["properties"]["kind"]["$ref"]
        .as_str()
        .unwrap_or_default();
    assert!(
        kind.ends_with("/EmployerKind"),
        "{}",
        schemas["EmployerSignup"]
    );
    let created = &schemas["DeletionRequestView"]["properties"]["created_at"];
    assert_eq!(created["format"], "date-time", "{created}");
}
