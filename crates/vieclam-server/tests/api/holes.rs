//! Regression tests for the holes an attacker found (issue 11), each named
//! after what broke, and for the other instances of the same class.

use reqwest::StatusCode;
use serde_json::{json, Value};
use vieclam_domain::Role;
use vieclam_store::Area;

use crate::helpers::{assert_error, spawn_app, spawn_app_on, Backend, TestApp};
use vieclam_domain::registry::VacancyStatus;

use crate::registers::{vacancy, worker};

/// Sends a file to an import route.
async fn upload(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .header("content-type", "application/octet-stream")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn a_public_search_offset_past_the_window_is_400_not_an_abort() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    let admin = app.token("admin").await;
    // Each of these once sized a buffer from offset + limit, wrapped or
    // overflowed: the process aborted or answered 500.
    for path in [
        "/api/v1/vacancies/search?offset=100000000000",
        "/api/v1/vacancies/search?offset=18446744073709551615",
        "/api/v1/vacancies/search?offset=9901",
        "/api/v1/vacancies/search?limit=101",
        "/api/v1/vacancies/search?limit=0",
        "/api/v1/vacancies?offset=100000000000",
        "/api/v1/units?q=ba%20dinh&offset=18446744073709551615",
        "/api/v1/units?offset=18446744073709551615&limit=500",
        "/api/v1/suggest?q=ke&limit=100000000000",
    ] {
        let (status, body) = app.get(path, None).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    }
    for path in [
        "/api/v1/workers/search?offset=100000000000",
        "/api/v1/workers/search?offset=18446744073709551615",
        "/api/v1/workers?offset=100000000000",
        "/api/v1/workers?limit=100000",
        "/api/v1/employers?offset=18446744073709551615",
        "/api/v1/duplicates?offset=100000000000",
        "/api/v1/users?offset=100000000000",
        "/api/v1/audit?offset=100000000000",
        "/api/v1/audit?limit=1001",
        "/api/v1/workers/1/recommendations?k=100000000000",
        "/api/v1/vacancies/1/candidates?k=18446744073709551615",
    ] {
        let (status, body) = app.get(path, Some(&admin)).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    }
    // The deepest allowed page answers, empty.
    let (status, body) = app
        .get("/api/v1/vacancies/search?offset=9900&limit=100", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.get("/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
}

fn worker_row(profile: &vieclam_domain::registry::WorkerProfile, commune: &str) -> String {
    format!(
        "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\n{},{},Nam,{},{}\n",
        profile.full_name.as_str(),
        profile.birth_date.format("%d/%m/%Y"),
        profile.citizen_id.as_ref().unwrap().as_str(),
        commune,
    )
}

async fn an_import_cannot_take_over_a_worker_of_another_commune(app: &TestApp) {
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let ba_dinh = app.token("phuong.badinh").await;
    let hoa_xa = app.token("xa.hoaxa").await;
    let profile = worker(77, "2025:00004");
    let (status, created) = app
        .post("/api/v1/workers", Some(&ba_dinh), &json!(profile))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();

    // The same citizen ID, birth date and sex, moved into Hòa Xá by a row.
    let (status, body) = upload(
        app,
        "/api/v1/import/workers",
        Some(&hoa_xa),
        worker_row(&profile, "10417").into_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rows_invalid",
    );
    let problems = body["error"]["details"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{body}");
    assert_eq!(problems[0]["column"], "Số CCCD");
    assert_eq!(
        problems[0]["reason_vi"].as_str().unwrap().split(';').next(),
        Some("Đã đăng ký ở đơn vị khác")
    );
    // The other unit is not named.
    let text = body.to_string();
    assert!(
        !text.contains("00004") && !text.contains("Ba Đình"),
        "{text}"
    );
    // skip_invalid imports nothing either: the row is bad, not skipped into
    // a takeover.
    let (status, body) = upload(
        app,
        "/api/v1/import/workers?skip_invalid=true",
        Some(&hoa_xa),
        worker_row(&profile, "10417").into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["updated"].as_u64(), body["inserted"].as_u64()),
        (Some(0), Some(0))
    );

    let stored = app.store.get_worker(id).await.unwrap().unwrap();
    assert_eq!(stored.profile.residence.to_string(), "2025:00004");
    assert_eq!(stored.state.residence.to_string(), "2025:00004");
    // The history stays out of Hòa Xá's reach.
    let (status, body) = app
        .get(&format!("/api/v1/workers/{id}/events"), Some(&hoa_xa))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    // The unit that holds the record still imports it.
    let (status, body) = upload(
        app,
        "/api/v1/import/workers",
        Some(&ba_dinh),
        worker_row(&profile, "00004").into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The trail says what each import did, not only that it was allowed.
    let entries = app
        .audit(vieclam_store::AuditFilter {
            subject_kind: Some("worker".to_owned()),
            subject_id: Some("import".to_owned()),
            ..vieclam_store::AuditFilter::default()
        })
        .await;
    let reasons: Vec<(&str, &str)> = entries
        .iter()
        .map(|entry| {
            (
                entry.entry.outcome.as_str(),
                entry.entry.reason.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(outcome, reason)| *outcome == "failed" && reason.starts_with("rows_invalid")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(outcome, reason)| *outcome == "allowed"
                && reason.starts_with("inserted 0, updated")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn an_import_cannot_take_over_a_worker_of_another_commune_on_sqlite() {
    let app = spawn_app().await;
    an_import_cannot_take_over_a_worker_of_another_commune(&app).await;
}

#[tokio::test]
async fn an_import_cannot_take_over_a_worker_of_another_commune_on_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    an_import_cannot_take_over_a_worker_of_another_commune(&app).await;
    app.clean_up().await;
}

async fn an_import_cannot_take_over_an_employer_or_post_in_its_name(app: &TestApp) {
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let ba_dinh = app.token("phuong.badinh").await;
    let hoa_xa = app.token("xa.hoaxa").await;
    let tax_code = (0..10u8)
        .find_map(|last| {
            let digits = [0, 1, 0, 9, 8, 7, 6, 5, last];
            vieclam_domain::registry::TaxCode::check_digit(&digits)
                .map(|check| format!("01098765{last}{check}"))
        })
        .unwrap();
    let (status, body) = upload(
        app,
        "/api/v1/import/employers",
        Some(&ba_dinh),
        format!("Mã số thuế,Tên đơn vị,Loại hình,Mã xã\n{tax_code},Công ty TNHH Ba Đình,Công ty TNHH,00004\n")
            .into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["inserted"], 1, "{body}");
    // Tax codes are public: Hòa Xá's sheet names the same one.
    let (status, body) = upload(
        app,
        "/api/v1/import/employers",
        Some(&hoa_xa),
        format!("Mã số thuế,Tên đơn vị,Loại hình,Mã xã\n{tax_code},Công ty của Hòa Xá,Công ty TNHH,10417\n").into_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rows_invalid",
    );
    assert_eq!(
        body["error"]["details"]["problems"][0]["column"],
        "Mã số thuế"
    );
    let employer = app
        .store
        .find_employer_by_tax_code(&tax_code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(employer.profile.name, "Công ty TNHH Ba Đình");
    assert_eq!(employer.profile.address_unit.to_string(), "2025:00004");

    // A vacancy in the employer's name, placed in Hòa Xá, by a sheet...
    let (status, body) = upload(
        app,
        "/api/v1/import/vacancies",
        Some(&hoa_xa),
        format!("Mã số thuế,Vị trí,Số lượng,Nơi làm việc (mã xã)\n{tax_code},Thợ hàn,3,10417\n")
            .into_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rows_invalid",
    );
    // ... or through the API.
    let (status, body) = app
        .post(
            "/api/v1/vacancies",
            Some(&hoa_xa),
            &json!(vacancy(employer.id, VacancyStatus::Open)),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let vacancies = app
        .store
        .list_vacancies(
            &Area::All,
            None,
            None,
            vieclam_store::Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert!(vacancies.is_empty());
}

#[tokio::test]
async fn an_import_cannot_take_over_an_employer_or_post_in_its_name_on_sqlite() {
    let app = spawn_app().await;
    an_import_cannot_take_over_an_employer_or_post_in_its_name(&app).await;
}

#[tokio::test]
async fn an_import_cannot_take_over_an_employer_or_post_in_its_name_on_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    an_import_cannot_take_over_an_employer_or_post_in_its_name(&app).await;
    app.clean_up().await;
}

#[tokio::test]
async fn the_figures_import_refuses_a_worker_before_reading_the_file() {
    let app = spawn_app().await;
    app.add_account("worker1", Role::Worker, None).await;
    let token = app.token("worker1").await;
    // Anything at all: the role is refused before the body is read.
    let mut hostile = b"PK\x03\x04".to_vec();
    hostile.resize(4 * 1024 * 1024, 0xFF);
    for path in [
        "/api/v1/data-values/import",
        "/api/v1/import/workers",
        "/api/v1/import/employers",
    ] {
        let (status, body) = upload(&app, path, Some(&token), hostile.clone()).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = upload(&app, "/api/v1/data-values/import", None, hostile).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn a_file_of_many_bad_rows_answers_the_first_problems_and_counts_the_rest() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let mut csv = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\n".to_owned();
    for serial in 0..1_500 {
        csv.push_str(&format!("Nguyễn Văn {serial},31/02/1990,Nam,12345,10417\n"));
    }
    let (status, body) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        csv.clone().into_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rows_invalid",
    );
    let details = &body["error"]["details"];
    assert_eq!(details["n_bad_rows"], 1_500);
    let n_problems = details["n_problems"].as_u64().unwrap();
    assert!(n_problems >= 3_000, "{n_problems}");
    assert_eq!(details["problems"].as_array().unwrap().len(), 1_000);
    assert_eq!(details["problems_truncated"], true);
    let by_kind = details["problems_by_kind"].as_array().unwrap();
    let counted: u64 = by_kind
        .iter()
        .map(|kind| kind["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, n_problems);
    assert!(by_kind
        .iter()
        .all(|kind| kind["count"].as_u64() == Some(1_500)));

    // The whole report, as a file.
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/import/workers?problems=csv",
            app.address
        ))
        .bearer_auth(&token)
        .body(csv.into_bytes())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = response.text().await.unwrap();
    assert_eq!(text.lines().count() as u64, n_problems + 1);
    assert_eq!(app.store.count_workers(&Area::All).await.unwrap(), 0);
}

#[tokio::test]
async fn a_sheet_past_the_configured_limits_is_413_before_it_is_parsed() {
    let config = vieclam_server::ServerConfig {
        sheet_limits: vieclam_sheets::SheetLimits {
            max_rows: 10,
            ..vieclam_sheets::SheetLimits::default()
        },
        ..vieclam_server::ServerConfig::default()
    };
    let app = crate::helpers::spawn_app_with(Backend::Sqlite, config)
        .await
        .unwrap();
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let mut csv = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã\n".to_owned();
    for serial in 0..11 {
        csv.push_str(&format!("Nguyễn Văn {serial},01/02/1990,Nam,,10417\n"));
    }
    let (status, body) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        csv.into_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::PAYLOAD_TOO_LARGE,
        "sheet_too_large",
    );
    let mut figures = "Mã chỉ số,Mã đơn vị,Kỳ báo cáo,Số liệu,Ghi chú\n".to_owned();
    for month in 1..=11 {
        figures.push_str(&format!("sessions_total,2025:10417,2026-{month:02},1,\n"));
    }
    let (status, body) = upload(
        &app,
        "/api/v1/data-values/import",
        Some(&token),
        figures.into_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::PAYLOAD_TOO_LARGE,
        "sheet_too_large",
    );
    assert_eq!(app.store.count_workers(&Area::All).await.unwrap(), 0);
}

#[tokio::test]
async fn events_out_of_range_or_naming_a_unit_they_cannot_move_to_are_422() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let (status, created) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &json!(worker(78, "2025:10417")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let ba_dinh = json!(vieclam_domain::UnitKey::parse(
        "2025:00004",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    )
    .unwrap());
    for event in [
        json!({"date": "0000-01-01", "kind": "employed", "source": "unit_survey"}),
        // A unit on an event that is not a move changed the record's
        // province without moving the person.
        json!({"date": "2026-01-05", "kind": "employed", "source": "unit_survey", "unit": ba_dinh}),
        json!({"date": "2026-01-05", "kind": "moved", "source": "unit_survey"}),
    ] {
        let (status, body) = app
            .post(
                &format!("/api/v1/workers/{id}/events"),
                Some(&token),
                &event,
            )
            .await;
        assert_error(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "record_invalid",
        );
    }
    let stored = app.store.get_worker(id).await.unwrap().unwrap();
    assert_eq!(stored.province_code, "01");
    assert_eq!(app.store.list_events(id).await.unwrap().len(), 1);
}

async fn a_plan_of_another_province_is_never_overwritten(app: &TestApp) {
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    app.add_account("so.hcm", Role::ProvinceOfficer, Some("2025:79"))
        .await;
    let hanoi = app.token("so.hanoi").await;
    let hcmc = app.token("so.hcm").await;
    let plan = crate::plans::current_plan();
    let (status, body) = app.post("/api/v1/plans", Some(&hanoi), &plan).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // The same id, in HCMC's own unit: once this replaced Hanoi's plan.
    let mut hijack = plan.clone();
    hijack["unit"] = json!("2025:79");
    hijack["targets"] = json!([]);
    hijack["title_vi"] = json!("Kế hoạch giả");
    let (status, body) = app.post("/api/v1/plans", Some(&hcmc), &hijack).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    // Creating twice is refused for the owner too: replacing is a PUT.
    let (status, body) = app.post("/api/v1/plans", Some(&hanoi), &plan).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    // A PUT is checked against where the plan is now.
    let (status, body) =
        crate::plans::put(app, "/api/v1/plans/hanoi-now", &hcmc, hijack.clone()).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let stored = app.store.get_plan("hanoi-now").await.unwrap().unwrap();
    assert_eq!(stored.unit.to_string(), "2025:01");
    assert_eq!(stored.title_vi, "Kế hoạch thử nghiệm");

    // The owner replaces it; the path and the document must agree.
    let mut revised = plan.clone();
    revised["title_vi"] = json!("Kế hoạch thử nghiệm (sửa đổi)");
    let (status, body) =
        crate::plans::put(app, "/api/v1/plans/hanoi-now", &hanoi, revised.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = crate::plans::put(app, "/api/v1/plans/other-id", &hanoi, revised).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "plan_not_found");
    let stored = app.store.get_plan("hanoi-now").await.unwrap().unwrap();
    assert_eq!(stored.title_vi, "Kế hoạch thử nghiệm (sửa đổi)");

    // Every refusal is in the trail, after the decision, with its outcome.
    let entries = app
        .audit(vieclam_store::AuditFilter {
            subject_kind: Some("plan".to_owned()),
            subject_id: Some("hanoi-now".to_owned()),
            ..vieclam_store::AuditFilter::default()
        })
        .await;
    let outcomes: Vec<(&str, &str)> = entries
        .iter()
        .map(|entry| (entry.entry.action.as_str(), entry.entry.outcome.as_str()))
        .collect();
    assert!(outcomes.contains(&("update", "denied")), "{outcomes:?}");
    assert!(outcomes.contains(&("update", "allowed")), "{outcomes:?}");
    assert!(outcomes.contains(&("create", "failed")), "{outcomes:?}");
    assert!(
        !outcomes.contains(&("update", "allowed"))
            || outcomes
                .iter()
                .filter(|o| **o == ("update", "allowed"))
                .count()
                == 1
    );
}

#[tokio::test]
async fn a_plan_of_another_province_is_never_overwritten_on_sqlite() {
    let app = spawn_app().await;
    a_plan_of_another_province_is_never_overwritten(&app).await;
}

#[tokio::test]
async fn a_plan_of_another_province_is_never_overwritten_on_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    a_plan_of_another_province_is_never_overwritten(&app).await;
    app.clean_up().await;
}

#[tokio::test]
async fn refusals_on_plans_figures_the_trail_and_accounts_are_audited() {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    app.add_account("so.hcm", Role::ProvinceOfficer, Some("2025:79"))
        .await;
    let hanoi = app.token("so.hanoi").await;
    let hcmc = app.token("so.hcm").await;
    let (status, _) = app
        .post("/api/v1/plans", Some(&hanoi), &crate::plans::current_plan())
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let year = vieclam_server::vietnam_today().format("%Y").to_string();
    for path in [
        "/api/v1/plans/hanoi-now".to_owned(),
        "/api/v1/plans/hanoi-now/progress".to_owned(),
        format!("/api/v1/indicators/new_jobs/values?unit=2025:01&period={year}"),
        format!("/api/v1/data-values/history?indicator=new_jobs&unit=2025:01&period={year}"),
        "/api/v1/users".to_owned(),
    ] {
        let (status, body) = app.get(&path, Some(&hcmc)).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let commune = app.token("xa.hoaxa").await;
    let (status, body) = app.get("/api/v1/audit", Some(&commune)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let denied = app
        .audit(vieclam_store::AuditFilter {
            outcome: Some(vieclam_domain::AuditOutcome::Denied),
            ..vieclam_store::AuditFilter::default()
        })
        .await;
    let kinds: std::collections::BTreeSet<&str> = denied
        .iter()
        .map(|entry| entry.entry.subject_kind.as_str())
        .collect();
    for kind in ["plan", "data_value", "audit_log", "user_account"] {
        assert!(
            kinds.contains(kind),
            "{kind} refusal not audited: {kinds:?}"
        );
    }
    assert!(denied.len() >= 6, "{}", denied.len());
}

/// Two valid tax codes of the same prefix.
fn tax_codes(prefix: [u8; 8], n: usize) -> Vec<String> {
    (0..10u8)
        .filter_map(|last| {
            let mut digits = prefix.to_vec();
            digits.push(last);
            vieclam_domain::registry::TaxCode::check_digit(&digits).map(|check| {
                let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                format!("{text}{check}")
            })
        })
        .take(n)
        .collect()
}

#[tokio::test]
async fn every_channel_shows_fields_and_vacancies_as_the_one_rule_says() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("ttdvvl", Role::ExchangeStaff, Some("2025:01"))
        .await;
    app.add_account("nhcsxh", Role::PartnerAgency, Some("2025:01"))
        .await;
    let officer = app.token("xa.hoaxa").await;
    let exchange = app.token("ttdvvl").await;
    let bank = app.token("nhcsxh").await;

    let profile = worker(79, "2025:10417");
    let citizen_id = profile.citizen_id.as_ref().unwrap().as_str().to_owned();
    let (status, created) = app
        .post("/api/v1/workers", Some(&officer), &json!(profile))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();

    // Exchange staff: whole at the desk, masked in lists, searches, files.
    let (_, one) = app
        .get(&format!("/api/v1/workers/{id}"), Some(&exchange))
        .await;
    assert_eq!(one["profile"]["citizen_id"], citizen_id.as_str());
    let (_, list) = app.get("/api/v1/workers", Some(&exchange)).await;
    let listed = list["workers"][0]["profile"]["citizen_id"]
        .as_str()
        .unwrap();
    assert_ne!(listed, citizen_id);
    assert!(listed.contains('*'), "{listed}");
    assert!(list["workers"][0]["profile"]["birth_date"]
        .as_str()
        .unwrap()
        .ends_with("**-**"));
    let (_, list) = app.get("/api/v1/workers", Some(&officer)).await;
    assert_eq!(
        list["workers"][0]["profile"]["citizen_id"],
        citizen_id.as_str()
    );

    // Employers and vacancies, through sheets: one hiring, one whose only
    // vacancy is past its deadline.
    let codes = tax_codes([0, 1, 0, 5, 5, 5, 4, 4], 2);
    let employers = format!(
        "Mã số thuế,Tên đơn vị,Loại hình,Mã xã,Người liên hệ,Điện thoại liên hệ,Email liên hệ\n\
         {},Công ty Đang Tuyển Hòa Xá,Công ty TNHH,10417,Nguyễn Thị Hoa,0912345678,hoa@example.vn\n\
         {},Công ty Hết Hạn Hòa Xá,Công ty TNHH,10417,Trần Văn Minh,0987654321,minh@example.vn\n",
        codes[0], codes[1]
    );
    let (status, body) = upload(
        &app,
        "/api/v1/import/employers",
        Some(&officer),
        employers.into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let vacancies = format!(
        "Mã số thuế,Vị trí,Số lượng,Nơi làm việc (mã xã),Hạn nộp hồ sơ\n\
         {},Thợ may công nghiệp,5,10417,31/12/2099\n\
         {},Thợ đan mây,3,10417,01/01/2021\n",
        codes[0], codes[1]
    );
    let (status, body) = upload(
        &app,
        "/api/v1/import/vacancies",
        Some(&officer),
        vacancies.into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Partner agencies: contacts masked in the list, by id and in files.
    let (_, list) = app.get("/api/v1/employers", Some(&bank)).await;
    for employer in list.as_array().unwrap() {
        let phone = employer["profile"]["contact_phone"].as_str().unwrap();
        assert!(phone.contains('*'), "{phone}");
    }
    let employer_id = list[0]["id"].as_i64().unwrap();
    let (_, one) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&bank))
        .await;
    assert!(one["profile"]["contact_email"]
        .as_str()
        .unwrap()
        .contains("***@"));
    let (_, one) = app
        .get(&format!("/api/v1/employers/{employer_id}"), Some(&officer))
        .await;
    assert!(!one["profile"]["contact_phone"]
        .as_str()
        .unwrap()
        .contains('*'));

    // Vacancies: the public and partner agencies read those open today,
    // in the list, by id and in search alike.
    let (_, all) = app.get("/api/v1/vacancies", Some(&officer)).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let expired = all
        .as_array()
        .unwrap()
        .iter()
        .find(|vacancy| vacancy["status"] == "expired")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    for token in [None, Some(bank.as_str())] {
        let (_, open) = app.get("/api/v1/vacancies", token).await;
        assert_eq!(open.as_array().unwrap().len(), 1, "{open}");
        let (status, _) = app
            .get(&format!("/api/v1/vacancies/{expired}"), token)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = app
        .get(&format!("/api/v1/vacancies/{expired}"), Some(&officer))
        .await;
    assert_eq!(status, StatusCode::OK);

    // The public typeahead names the hiring employer only.
    let (_, suggestions) = app
        .get("/api/v1/suggest?q=cong%20ty&kind=employer", None)
        .await;
    let names: Vec<&str> = suggestions
        .as_array()
        .unwrap()
        .iter()
        .map(|suggestion| suggestion["text"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Công ty Đang Tuyển Hòa Xá"], "{suggestions}");
}

#[tokio::test]
async fn a_login_spray_from_one_address_is_throttled_across_accounts() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    // Each guess names another account, so no account's own bound is hit.
    for attempt in 0..vieclam_server::throttle::MAX_FAILED_PER_ADDRESS {
        let (status, body) = app.login(&format!("nobody{attempt}"), "sai-mat-khau").await;
        assert_error(
            status,
            &body,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        );
    }
    // Now even the right password is refused from this address.
    let (status, body) = app.login("xa.hoaxa", crate::helpers::PASSWORD).await;
    assert_error(
        status,
        &body,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    );
}

#[tokio::test]
async fn oversized_request_heads_answer_the_json_error_shape() {
    let app = spawn_app().await;
    let long = "a".repeat(vieclam_server::MAX_URI_BYTES + 10);
    let (status, body) = app.get(&format!("/api/v1/units?q={long}"), None).await;
    assert_error(status, &body, StatusCode::URI_TOO_LONG, "uri_too_long");
    let mut request = reqwest::Client::new().get(format!("{}/healthz", app.address));
    for n in 0..(vieclam_server::MAX_HEADERS + 1) {
        request = request.header(format!("x-filler-{n}"), "1");
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_error(
        status,
        &body,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        "headers_too_large",
    );
}

async fn searches_lists_and_exports_name_the_people_they_returned(app: &TestApp) {
    app.add_account("admin", Role::Admin, None).await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let admin = app.token("admin").await;
    let officer = app.token("xa.hoaxa").await;
    let mut ids = Vec::new();
    for serial in [81, 82] {
        let (status, created) = app
            .post(
                "/api/v1/workers",
                Some(&officer),
                &json!(worker(serial, "2025:10417")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        ids.push(created["id"].as_i64().unwrap());
    }
    let (status, _) = app.get("/api/v1/workers", Some(&officer)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .get("/api/v1/workers/search?q=tho%20han", Some(&officer))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/export/workers?format=csv", app.address))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    for id in &ids {
        let (status, entries) = app
            .get(
                &format!("/api/v1/audit?subject_kind=worker&record_id={id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{entries}");
        let what: Vec<&str> = entries
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["subject_id"].as_str().unwrap())
            .collect();
        for expected in ["list", "search", "export:full"] {
            assert!(what.contains(&expected), "{id}: {what:?}");
        }
    }
}

#[tokio::test]
async fn searches_lists_and_exports_name_the_people_they_returned_on_sqlite() {
    let app = spawn_app().await;
    searches_lists_and_exports_name_the_people_they_returned(&app).await;
}

#[tokio::test]
async fn searches_lists_and_exports_name_the_people_they_returned_on_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    searches_lists_and_exports_name_the_people_they_returned(&app).await;
    app.clean_up().await;
}
