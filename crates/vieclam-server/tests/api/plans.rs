//! Plans, indicators and reports over HTTP: live actuals, progress, the
//! reporting cycle with late and missing reports, approval locks, figure
//! entry, the XLSX tables, and every denial.

use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};
use vieclam_domain::{AdminUnits, Role};
use vieclam_plans::{Month, Period};

use crate::helpers::{assert_error, spawn_app, TestApp};
use crate::registers::{send, worker};

fn today() -> NaiveDate {
    vieclam_server::vietnam_today()
}

pub async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    send(app, reqwest::Method::PUT, path, Some(token), Some(body)).await
}

async fn load_fixtures(app: &TestApp) {
    let units = AdminUnits::embedded().unwrap();
    for plan in vieclam_plans::fixtures(&units).unwrap() {
        let province = units.current_province_code(&plan.unit).unwrap();
        app.store
            .save_plan(&plan, province.as_str(), chrono::Utc::now())
            .await
            .unwrap();
    }
}

/// A monthly plan of Hanoi (2025 structure) running this year and last,
/// due the 20th: its current month's report is on time if sent now, the one
/// of two months ago is late.
pub fn current_plan() -> Value {
    let year = today().year();
    json!({
        "id": "hanoi-now",
        "number": "99/KH-UBND",
        "issued_on": format!("{}-01-10", year - 1),
        "issuing_body": "UBND thành phố Hà Nội",
        "title_vi": "Kế hoạch thử nghiệm",
        "title_en": "A test plan",
        "unit": "2025:01",
        "period": format!("{}..{}", year - 1, year),
        "report_frequency": "monthly",
        "report_due": { "rule": "day_of_next_month", "day": 20 },
        "targets": [
            { "indicator": "new_jobs", "unit": "2025:01", "period": year.to_string(),
              "bound": "eq", "value": 1000.0, "lead_agency": null, "note": null },
            { "indicator": "new_jobs", "unit": "2025:00004", "period": year.to_string(),
              "bound": "eq", "value": 40.0, "lead_agency": "UBND phường Ba Đình", "note": null },
            { "indicator": "sessions_total", "unit": "2025:01", "period": year.to_string(),
              "bound": "range", "low": 50.0, "high": 60.0, "lead_agency": null, "note": null }
        ],
        "tasks": []
    })
}

#[tokio::test]
async fn an_event_changes_the_actual_at_once_and_progress_shows_it() {
    let app = spawn_app().await;
    load_fixtures(&app).await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let month = Month::of(today()).to_string();
    let path = format!("/api/v1/indicators/new_jobs/values?unit=2025:10417&period={month}");
    let (status, before) = app.get(&path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before[0]["value"], 0.0);

    let (status, created) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(worker(11, "2025:10417")).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let rate =
        format!("/api/v1/indicators/unemployment_rate/values?unit=2025:10417&period={month}");
    let (_, unemployment) = app.get(&rate, Some(&token)).await;
    assert_eq!(unemployment[0]["numerator"], 1.0);
    assert_eq!(unemployment[0]["denominator"], 1.0);
    assert_eq!(unemployment[0]["value"], 100.0);

    let event = json!({ "date": today().to_string(), "kind": "employed", "source": "exchange",
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
    // Read straight after the event: no batch job in between.
    let (_, after) = app.get(&path, Some(&token)).await;
    assert_eq!(after[0]["value"], 1.0);
    let (_, unemployment) = app.get(&rate, Some(&token)).await;
    assert_eq!(unemployment[0]["numerator"], 0.0);
    assert_eq!(unemployment[0]["value"], 0.0);
    // The province sees it too, as the sum of its communes.
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("01"))
        .await;
    let city = app.token("so.hanoi").await;
    let (_, province) = app
        .get(
            &format!(
                "/api/v1/indicators/new_jobs/values?unit=2025:01&period={month}&children=true"
            ),
            Some(&city),
        )
        .await;
    let rows = province.as_array().unwrap();
    assert_eq!(rows[0]["value"], 1.0);
    assert_eq!(rows.len(), 127, "the province and its 126 communes");
    let sum: f64 = rows[1..]
        .iter()
        .map(|row| row["value"].as_f64().unwrap())
        .sum();
    assert_eq!(sum, 1.0);

    // Hòa Xá's plan: this year's new-jobs target (400–600) has its first job.
    if (2026..=2030).contains(&today().year()) {
        let (status, progress) = app
            .get(
                &format!(
                    "/api/v1/plans/hoa-xa-2030/progress?period={}",
                    today().year()
                ),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{progress}");
        let row = progress["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["indicator"] == "new_jobs")
            .unwrap();
        assert_eq!(row["actual"]["value"], 1.0);
        assert_eq!(row["target_label"], "400–600");
        assert_eq!(row["target"]["lead_agency"], "Phòng Văn hóa - Xã hội");
    }
    // Deleting the worker takes them out again.
    let (status, _) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/workers/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, gone) = app.get(&path, Some(&token)).await;
    assert_eq!(gone[0]["value"], 0.0);
}

#[tokio::test]
async fn plans_list_with_headlines_and_the_2021_appendix_progress() {
    let app = spawn_app().await;
    load_fixtures(&app).await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("01"))
        .await;
    let city = app.token("so.hanoi").await;
    let (status, plans) = app.get("/api/v1/plans", Some(&city)).await;
    assert_eq!(status, StatusCode::OK, "{plans}");
    let ids: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["hanoi-2021", "hanoi-2025", "hoa-xa-2030"],
        "not District 11, in Ho Chi Minh City"
    );
    assert_eq!(
        plans[0]["document"],
        "Kế hoạch 14/KH-UBND ngày 21/01/2021 của UBND thành phố Hà Nội"
    );
    assert!(plans[0]["headline_targets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h.as_str().unwrap().ends_with("160.000")));

    let (status, plan) = app.get("/api/v1/plans/hanoi-2021", Some(&city)).await;
    assert_eq!(status, StatusCode::OK);
    let allocation = &plan["allocations"][0];
    assert_eq!(allocation["target"], 160000.0);
    assert_eq!(allocation["allocated"], 160000.0);
    assert_eq!(allocation["balanced"], true);

    let (status, progress) = app
        .get(
            "/api/v1/plans/hanoi-2021/progress?unit=legacy:01&period=2021&as_of=2022-01-10",
            Some(&city),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    let rows = progress["rows"].as_array().unwrap();
    let jobs: Vec<&Value> = rows
        .iter()
        .filter(|r| r["indicator"] == "new_jobs")
        .collect();
    assert_eq!(jobs.len(), 31, "the city and its 30 districts");
    // No registry data for 2021: every status is "no data", never invented.
    assert!(rows
        .iter()
        .filter(|r| r["indicator"] == "new_jobs")
        .all(|r| r["actual"]["value"] == 0.0 || r["status"] == "no_data"));
    // One district's officer sees the district only.
    app.add_account("q.badinh", Role::UnitOfficer, Some("legacy:001"))
        .await;
    let district = app.token("q.badinh").await;
    let (_, own) = app
        .get(
            "/api/v1/plans/hanoi-2021/progress?period=2021",
            Some(&district),
        )
        .await;
    let units: std::collections::BTreeSet<&str> = own["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units.into_iter().collect::<Vec<_>>(), ["legacy:001"]);
    let (status, body) = app
        .get(
            "/api/v1/plans/hanoi-2021/progress?unit=legacy:002",
            Some(&district),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");

    // The workbook is shaped like the plan: summary, appendix, quarters.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/plans/hanoi-2021/progress.xlsx?unit=legacy:01&period=2021&as_of=2022-01-10",
            app.address
        ))
        .bearer_auth(&city)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let table = vieclam_sheets::read_table(&bytes).unwrap();
    assert!(
        table.headers.iter().any(|h| h.contains("14/KH-UBND")),
        "{:?}",
        table.headers
    );
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::{DataType, Reader};
    assert_eq!(
        workbook.sheet_names(),
        ["Tổng hợp", "Phụ lục", "Tiến độ theo quý"]
    );
    let appendix = workbook.worksheet_range("Phụ lục").unwrap();
    let total_row = appendix
        .rows()
        .find(|row| {
            row.iter()
                .any(|c| c.as_string().as_deref() == Some("Tổng cộng"))
        })
        .unwrap();
    assert!(
        total_row.iter().any(|c| c.as_f64() == Some(160_000.0)),
        "{total_row:?}"
    );
    let quarters = workbook.worksheet_range("Tiến độ theo quý").unwrap();
    let sessions = quarters
        .rows()
        .find(|row| row[0].as_string().as_deref() == Some("Số phiên giao dịch việc làm"))
        .unwrap();
    let planned: Vec<String> = sessions
        .iter()
        .skip(2)
        .step_by(2)
        .map(|c| c.to_string())
        .collect();
    assert_eq!(planned, ["61", "66", "70", "65", "262"]);
}

#[tokio::test]
async fn reports_are_late_or_missing_and_approval_locks_with_its_reason() {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("01"))
        .await;
    app.add_account("p.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("p.other", Role::UnitOfficer, Some("2025:00008"))
        .await;
    let city = app.token("so.hanoi").await;
    let ward = app.token("p.badinh").await;
    let other = app.token("p.other").await;
    // Only a province officer creates a plan.
    let (status, body) = app
        .post("/api/v1/plans", Some(&ward), &current_plan())
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .post("/api/v1/plans", Some(&city), &current_plan())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let this_month = Month::of(today());
    let two_ago = Month(this_month.0 - 2);
    let submit = |period: Month| json!({ "unit": "2025:00004", "period": period.to_string(), "comment": "Báo cáo tháng" });
    let (status, late) = app
        .post(
            "/api/v1/plans/hanoi-now/reports",
            Some(&ward),
            &submit(two_ago),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{late}");
    assert_eq!(late["timeliness"], "late");
    let (status, on_time) = app
        .post(
            "/api/v1/plans/hanoi-now/reports",
            Some(&ward),
            &submit(this_month),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{on_time}");
    assert_eq!(on_time["timeliness"], "on_time");
    let (status, body) = app
        .post(
            "/api/v1/plans/hanoi-now/reports",
            Some(&ward),
            &submit(this_month),
        )
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    // A ward cannot report for another ward.
    let (status, body) = app
        .post(
            "/api/v1/plans/hanoi-now/reports",
            Some(&other),
            &submit(this_month),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");

    let (status, reports) = app
        .get(
            &format!("/api/v1/plans/hanoi-now/reports?as_of={}", today()),
            Some(&city),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reports}");
    let obligations = reports["obligations"].as_array().unwrap();
    let find = |unit: &str, period: Month| {
        obligations
            .iter()
            .find(|o| o["unit"] == unit && o["period"] == period.to_string())
            .unwrap_or_else(|| panic!("{unit} {period}"))
    };
    assert_eq!(find("2025:00004", two_ago)["status"], "late");
    assert_eq!(find("2025:00008", two_ago)["status"], "missing");
    assert_eq!(find("2025:00004", this_month)["status"], "on_time");
    assert_eq!(find("2025:00008", this_month)["status"], "pending");
    assert!(reports["timeliness"]["missing"].as_u64().unwrap() >= 125);
    assert!(reports["timeliness"]["completeness"].as_f64().unwrap() > 0.0);

    // The ward cannot approve its own report; the city can, with a reason.
    let id = on_time["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/v1/reports/{id}/approve"),
            Some(&ward),
            &json!({ "reason": null }),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let sessions = |value: f64| {
        json!([{ "indicator": "policy_loan_jobs", "unit": "2025:00004",
        "period": this_month.to_string(), "value": value, "agency": "UBND phường", "comment": "3 phiên" }])
    };
    let (status, body) = app
        .post("/api/v1/data-values", Some(&ward), &sessions(3.0))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, approved) = app
        .post(
            &format!("/api/v1/reports/{id}/approve"),
            Some(&city),
            &json!({ "reason": "Đã đối chiếu số phiên với Trung tâm DVVL" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["state"], "approved");
    // An edit of locked data is refused, with the reason.
    let (status, body) = app
        .post("/api/v1/data-values", Some(&ward), &sessions(4.0))
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "locked");
    let message = body["error"]["message_vi"].as_str().unwrap();
    assert!(
        message.contains("Đã đối chiếu số phiên với Trung tâm DVVL"),
        "{message}"
    );
    assert!(body["error"]["message_en"]
        .as_str()
        .unwrap()
        .contains("approved"));
    let (_, history) = app
        .get(&format!("/api/v1/data-values/history?indicator=policy_loan_jobs&unit=2025:00004&period={this_month}"), Some(&city))
        .await;
    assert_eq!(
        history.as_array().unwrap().len(),
        1,
        "nothing written: {history}"
    );
    assert_eq!(history[0]["value"], 3.0);
    // Returned with a reason: unlocked.
    let (status, body) = app
        .post(
            &format!("/api/v1/reports/{id}/return"),
            Some(&city),
            &json!({ "reason": "" }),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let (status, _) = app
        .post(
            &format!("/api/v1/reports/{id}/return"),
            Some(&city),
            &json!({ "reason": "Thiếu phiên lưu động" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .post("/api/v1/data-values", Some(&ward), &sessions(4.0))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, history) = app
        .get(&format!("/api/v1/data-values/history?indicator=policy_loan_jobs&unit=2025:00004&period={this_month}"), Some(&city))
        .await;
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert!(history[1]["superseded_at"].is_string());
}

#[tokio::test]
async fn figures_are_checked_and_a_suspicious_report_is_flagged() {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("01"))
        .await;
    app.add_account("p.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    let city = app.token("so.hanoi").await;
    let ward = app.token("p.badinh").await;
    let (status, _) = app
        .post("/api/v1/plans", Some(&city), &current_plan())
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let month = Month::of(today()).to_string();
    // Computed indicators are not entered; shares stay within 0–100.
    let (status, body) = app
        .post("/api/v1/data-values", Some(&ward), &json!([
            { "indicator": "new_jobs", "unit": "2025:00004", "period": month, "value": 5.0 },
            { "indicator": "insurance_satisfaction", "unit": "2025:00004", "period": month, "value": 140.0 },
            { "indicator": "policy_loan_jobs", "unit": "2025:00004", "period": "tháng 3", "value": 1.0 }
        ]))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "values_invalid",
    );
    assert_eq!(body["error"]["details"].as_array().unwrap().len(), 3);
    // A sheet with one bad row writes nothing.
    let csv = format!("Mã chỉ số,Mã đơn vị,Kỳ báo cáo,Số liệu,Ghi chú\npolicy_loan_jobs,2025:00004,{month},120,\npolicy_loan_disbursed,2025:00004,{month},\"1,5\",tỷ đồng\npolicy_loan_jobs,2025:99999,{month},2,\n");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/data-values/import", app.address))
        .bearer_auth(&ward)
        .body(csv.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["details"][0]["line"], 4, "{body}");
    let fixed = csv.lines().take(3).collect::<Vec<_>>().join("\n");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/data-values/import", app.address))
        .bearer_auth(&ward)
        .body(fixed)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["n_written"], 2);
    assert_eq!(body["values"][1]["value"], 1.5);
    // 120 jobs from loans against 0 new jobs in the registers: flagged.
    let (status, report) = app
        .post(
            "/api/v1/plans/hanoi-now/reports",
            Some(&ward),
            &json!({ "unit": "2025:00004", "period": month }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let flags: Vec<&str> = report["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(flags, ["loan_jobs_within_new_jobs"]);
    // A report the unit does not owe.
    let (status, body) = app
        .post(
            "/api/v1/plans/hanoi-now/reports",
            Some(&ward),
            &json!({ "unit": "2025:00004", "period": today().year().to_string() }),
        )
        .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "report_not_owed",
    );
    // Tasks: a status and a note, kept as a log.
    let (status, body) = put(
        &app,
        "/api/v1/plans/hanoi-now/tasks/I/1",
        &city,
        json!({ "status": "done" }),
    )
    .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "task_not_found");
}

#[tokio::test]
async fn hoa_xa_tasks_keep_a_progress_log() {
    let app = spawn_app().await;
    load_fixtures(&app).await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("xa.other", Role::UnitOfficer, Some("2025:00004"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let other = app.token("xa.other").await;
    let (status, body) = put(
        &app,
        "/api/v1/plans/hoa-xa-2030/tasks/II/1",
        &token,
        json!({ "status": "in_progress", "note": "Đã số hóa 1.200 hồ sơ" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = put(
        &app,
        "/api/v1/plans/hoa-xa-2030/tasks/II/1",
        &token,
        json!({ "status": "finished" }),
    )
    .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let (status, body) = put(
        &app,
        "/api/v1/plans/hoa-xa-2030/tasks/II/1",
        &other,
        json!({ "status": "done" }),
    )
    .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (_, plan) = app.get("/api/v1/plans/hoa-xa-2030", Some(&token)).await;
    let task = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["group_no"] == "II" && t["task_no"] == 1)
        .unwrap();
    assert_eq!(task["status"], "in_progress");
    assert!(task["notes"][0]
        .as_str()
        .unwrap()
        .ends_with("Đã số hóa 1.200 hồ sơ"));
    assert_eq!(plan["tasks"].as_array().unwrap().len(), 13);
    // Hòa Xá's reports come from its agencies, half-yearly.
    let (_, reports) = app
        .get(
            "/api/v1/plans/hoa-xa-2030/reports?as_of=2026-12-31",
            Some(&token),
        )
        .await;
    let agencies: std::collections::BTreeSet<&str> = reports["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["agency"].as_str())
        .collect();
    assert!(agencies.contains("Phòng Văn hóa - Xã hội"), "{agencies:?}");
    assert!(reports["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["period"].as_str().unwrap().contains("-H")));
}

#[tokio::test]
async fn roles_outside_plans_are_refused() {
    let app = spawn_app().await;
    load_fixtures(&app).await;
    app.add_account("nguoi.lao.dong", Role::Worker, None).await;
    app.add_account("doanh.nghiep", Role::Employer, None).await;
    app.add_account("q11", Role::UnitOfficer, Some("2025:25747"))
        .await;
    let worker = app.token("nguoi.lao.dong").await;
    let employer = app.token("doanh.nghiep").await;
    let hcmc = app.token("q11").await;
    let month = Period::month(Month::of(today())).to_string();
    for token in [&worker, &employer] {
        let (status, body) = app.get("/api/v1/plans", Some(token)).await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, body) = app
            .get("/api/v1/plans/hanoi-2021/progress", Some(token))
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, body) = app
            .get(
                &format!("/api/v1/indicators/new_jobs/values?unit=2025:01&period={month}"),
                Some(token),
            )
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, body) = app
            .post("/api/v1/data-values", Some(token), &json!([{ "indicator": "policy_loan_jobs", "unit": "2025:01", "period": month, "value": 1.0 }]))
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, _) = app.get("/api/v1/plans", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // An officer in Ho Chi Minh City sees no Hanoi plan and no Hanoi figure.
    let (_, plans) = app.get("/api/v1/plans", Some(&hcmc)).await;
    let ids: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"hanoi-2021"), "{ids:?}");
    let (status, body) = app.get("/api/v1/plans/hanoi-2021", Some(&hcmc)).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .get(
            &format!("/api/v1/indicators/new_jobs/values?unit=2025:01&period={month}"),
            Some(&hcmc),
        )
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let (status, body) = app
        .post("/api/v1/data-values", Some(&hcmc), &json!([{ "indicator": "policy_loan_jobs", "unit": "2025:01", "period": month, "value": 1.0 }]))
        .await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    // Indicator definitions are public; unknown ones are 404.
    let (status, indicators) = app.get("/api/v1/indicators", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(indicators.as_array().unwrap().len(), 23);
    let (status, body) = app
        .get(
            &format!("/api/v1/indicators/nope/values?unit=2025:01&period={month}"),
            Some(&hcmc),
        )
        .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "indicator_not_found");
    let (status, body) = app
        .get(
            "/api/v1/indicators/new_jobs/values?unit=2025:01&period=Q1-2021",
            Some(&hcmc),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "plan_invalid");
}
