//! The officers' reporting pages over HTTP, as a browser without
//! JavaScript uses them (and htmx's field saves): what a ward owes, its
//! figures saved with the rules' warnings, submitting, the city's return
//! with a reason and approval, the lock it puts on the figures — and the
//! denials: another ward's report by address, its own approval, other
//! roles, the public, hostile addresses.

use reqwest::StatusCode;
use vieclam_domain::Role;
use vieclam_plans::Month;

use crate::helpers::{spawn_app, TestApp};
use crate::plans::current_plan;
use crate::webkit::{Html, Web};

fn this_month() -> Month {
    Month::of(vieclam_server::vietnam_today())
}

/// A city with the monthly test plan (`hanoi-now`, 2025 structure), its
/// officer, two ward officers (Ba Đình and another ward) and a worker.
async fn city_with_plan() -> TestApp {
    let app = spawn_app().await;
    app.add_account("so.hanoi", Role::ProvinceOfficer, Some("01"))
        .await;
    app.add_account("p.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("p.other", Role::UnitOfficer, Some("2025:00008"))
        .await;
    app.add_account("nld.test", Role::Worker, None).await;
    app.add_account("ttdvvl.test", Role::ExchangeStaff, Some("01"))
        .await;
    let city = app.token("so.hanoi").await;
    let (status, body) = app
        .post("/api/v1/plans", Some(&city), &current_plan())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app
}

fn report_path(month: Month) -> String {
    format!("/can-bo/bao-cao/hanoi-now/2025:00004/{month}")
}

async fn signed_in<'a>(app: &'a TestApp, username: &str) -> Web<'a> {
    let mut web = Web::new(app);
    web.login(username).await;
    web
}

/// The id of Ba Đình's report for a month.
async fn report_id(app: &TestApp, month: Month) -> i64 {
    app.store
        .list_reports("hanoi-now")
        .await
        .unwrap()
        .iter()
        .find(|r| r.unit.to_string() == "2025:00004" && r.period.to_string() == month.to_string())
        .expect("the report is submitted")
        .id
}

/// Posts a field's save as htmx does (on change, with its header).
async fn htmx_save(web: &mut Web<'_>, path: &str, fields: &[(&str, &str)]) -> Html {
    let mut form: Vec<(&str, &str)> = vec![("_csrf", web.csrf.as_str())];
    form.extend_from_slice(fields);
    let response = web
        .client
        .post(format!("{}{path}", web.app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("HX-Request", "true")
        .body(serde_urlencoded::to_string(&form).unwrap())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let path = response.url().path().to_owned();
    let body = response.text().await.unwrap();
    Html { status, path, body }
}

/// Uploads a sheet through the report's upload form (multipart, as a
/// browser sends it).
pub async fn upload(web: &mut Web<'_>, path: &str, sheet: &str) -> Html {
    let boundary = "----vieclam-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"so-lieu.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{sheet}\r\n--{boundary}--\r\n",
        web.csrf
    );
    let response = web
        .client
        .post(format!("{}{path}", web.app.address))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let path = response.url().path().to_owned();
    let body = response.text().await.unwrap();
    Html { status, path, body }
}

#[tokio::test]
async fn a_ward_enters_figures_with_warnings_submits_and_the_city_returns_then_approves() {
    let app = city_with_plan().await;
    let month = this_month();
    let mut ward = signed_in(&app, "p.badinh").await;

    // What the ward owes: this month not yet due, two months ago overdue.
    let list = ward.get("/can-bo/bao-cao").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("Kế hoạch thử nghiệm"), "{}", list.body);
    assert!(list.has(&report_path(month)));
    assert!(list.has("Quá hạn, chưa nộp"));
    assert!(list.has("Chưa bắt đầu"));
    assert!(list.has("<caption>"));

    // One field saved on its own; the rules' warning shows beside it.
    let path = report_path(month);
    let sheet = ward.get(&path).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.has("name=\"value_policy_loan_jobs\""));
    assert!(sheet.has("Chưa nhập"));
    let saved = ward
        .post(
            &format!("{path}/so-lieu"),
            &[
                ("chi_so", "policy_loan_jobs"),
                ("value_policy_loan_jobs", "120"),
                ("comment_policy_loan_jobs", "Theo NHCSXH"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert!(saved.has("Đã lưu số liệu"), "{}", saved.body);
    assert!(saved.has("<strong>120</strong>"));
    assert!(saved.has("Đang nhập"), "a draft now");
    // 120 jobs from loans against no new jobs in the registers: a warning,
    // beside the field, and the figure is kept.
    assert!(saved.has("class=\"warning\""));
    assert!(saved.has("Số lao động được tạo việc làm từ vốn vay lớn hơn"));

    // htmx: the field's line comes back, saved, with its warning.
    let line = htmx_save(
        &mut ward,
        &format!("{path}/so-lieu"),
        &[
            ("chi_so", "policy_loan_jobs"),
            ("value_policy_loan_jobs", "1.608"),
        ],
    )
    .await;
    assert_eq!(line.status, StatusCode::OK);
    assert!(
        line.body.starts_with("<div class=\"figure-line"),
        "{}",
        line.body
    );
    assert!(!line.has("<html"));
    assert!(line.has("Đã lưu") && line.has("<strong>1.608</strong>"));
    assert!(line.has("Số lao động được tạo việc làm từ vốn vay lớn hơn"));
    // A figure that is not a number is refused on its field.
    let bad = htmx_save(
        &mut ward,
        &format!("{path}/so-lieu"),
        &[
            ("chi_so", "policy_loan_jobs"),
            ("value_policy_loan_jobs", "nhiều"),
        ],
    )
    .await;
    assert!(bad.has("Số liệu phải là một số") && !bad.has("Đã lưu<"));
    ward.get(&path).await;
    let bad = ward
        .post(
            &format!("{path}/so-lieu"),
            &[("chi_so", "tat-ca"), ("value_policy_loan_disbursed", "-3")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("error-summary") && bad.has("href=\"#value_policy_loan_disbursed\""));

    // The figures sheet, through the upload form: all rows or none.
    let sheet =
        format!("Mã chỉ số,Mã đơn vị,Kỳ báo cáo,Số liệu\npolicy_loan_jobs,2025:00004,{month},7\n");
    let uploaded = upload(&mut ward, &format!("{path}/tai-len"), &sheet).await;
    assert_eq!(uploaded.status, StatusCode::OK);
    assert!(uploaded.has("Đã nhập số liệu từ tệp") && uploaded.has("<strong>7</strong>"));
    let broken = format!("{sheet}policy_loan_jobs,2025:99999,{month},2\n");
    let refused = upload(&mut ward, &format!("{path}/tai-len"), &broken).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has("Dòng 3"), "{}", refused.body);

    // Save all: every filled field at once.
    let saved = ward
        .post(
            &format!("{path}/so-lieu"),
            &[
                ("chi_so", "tat-ca"),
                ("value_policy_loan_jobs", "12"),
                ("value_policy_loan_disbursed", "1,5"),
                ("value_insurance_satisfaction", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert!(saved.has("<strong>1,5</strong>") && saved.has("<strong>12</strong>"));

    // Submitted; the ward cannot approve its own report.
    let sent = ward
        .post(&format!("{path}/nop"), &[("ghi_chu", "Báo cáo tháng")])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.has("Đã gửi báo cáo") && sent.has("Đã gửi, chờ duyệt"));
    assert!(!sent.has("/duyet\""));
    let id = report_id(&app, month).await;
    let refused = ward
        .post(&format!("/can-bo/bao-cao/so/{id}/duyet"), &[("ly_do", "")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let again = ward.post(&format!("{path}/nop"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "sent already");

    // The city sees it waiting, and returns it only with a reason.
    let mut city = signed_in(&app, "so.hanoi").await;
    let list = city.get("/can-bo/bao-cao").await;
    assert!(
        list.has("Báo cáo chờ duyệt") && list.has("Ba Đình"),
        "{}",
        list.body
    );
    assert!(list.has(&path));
    let sheet = city.get(&path).await;
    assert!(sheet.has(&format!("/can-bo/bao-cao/so/{id}/duyet")));
    let refused = city
        .post(
            &format!("/can-bo/bao-cao/so/{id}/tra-lai"),
            &[("ly_do", "  ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("Trả lại báo cáo phải nêu lý do"));
    let returned = city
        .post(
            &format!("/can-bo/bao-cao/so/{id}/tra-lai"),
            &[("ly_do", "Thiếu số liệu giải ngân")],
        )
        .await;
    assert_eq!(returned.status, StatusCode::OK);
    assert!(returned.has("Đã trả lại báo cáo"));

    // Back in the ward's list, with the reason; corrected and sent again.
    let list = ward.get("/can-bo/bao-cao").await;
    assert!(list.has("Bị trả lại") && list.has("Thiếu số liệu giải ngân"));
    ward.get(&path).await;
    let sent = ward.post(&format!("{path}/nop"), &[]).await;
    assert!(sent.has("Đã gửi, chờ duyệt"), "{}", sent.body);

    // Approved: the figures lock, and a write is refused with the reason.
    city.get(&path).await;
    let approved = city
        .post(
            &format!("/can-bo/bao-cao/so/{id}/duyet"),
            &[("ly_do", "Đã đối chiếu với NHCSXH")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK);
    assert!(approved.has("Đã duyệt báo cáo"));
    let locked = ward.get(&path).await;
    assert!(locked.has("Đã khoá") && locked.has("Đã đối chiếu với NHCSXH"));
    assert!(
        !locked.has("name=\"value_policy_loan_jobs\""),
        "no input when locked"
    );
    let refused = ward
        .post(
            &format!("{path}/so-lieu"),
            &[
                ("chi_so", "policy_loan_jobs"),
                ("value_policy_loan_jobs", "13"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.has("Đã đối chiếu với NHCSXH"), "{}", refused.body);
    assert!(refused.has("<strong>12</strong>"), "nothing written");
}

#[tokio::test]
async fn another_ward_other_roles_and_hostile_addresses_are_refused() {
    let app = city_with_plan().await;
    let month = this_month();
    let path = report_path(month);
    let mut ward = signed_in(&app, "p.badinh").await;
    ward.get(&path).await;
    ward.post(&format!("{path}/nop"), &[]).await;
    let id = report_id(&app, month).await;

    // The public is sent to log in; a worker and exchange staff are refused.
    let mut visitor = Web::new(&app);
    let page = visitor.get("/can-bo/bao-cao").await;
    assert_eq!(page.path, "/dang-nhap");
    let page = visitor.get(&path).await;
    assert_eq!(page.path, "/dang-nhap");
    let mut worker = signed_in(&app, "nld.test").await;
    assert_eq!(
        worker.get("/can-bo/bao-cao").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(worker.get(&path).await.status, StatusCode::FORBIDDEN);

    // Another ward: its list holds only its own unit; Ba Đình's report is
    // refused by address, to read, enter, submit, upload or decide.
    let mut other = signed_in(&app, "p.other").await;
    let list = other.get("/can-bo/bao-cao").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        !list.has("2025:00004") && !list.has("Ba Đình"),
        "{}",
        list.body
    );
    assert!(list.has("/can-bo/bao-cao/hanoi-now/2025:00008/"));
    assert_eq!(other.get(&path).await.status, StatusCode::FORBIDDEN);
    let written = other
        .post(
            &format!("{path}/so-lieu"),
            &[
                ("chi_so", "policy_loan_jobs"),
                ("value_policy_loan_jobs", "5"),
            ],
        )
        .await;
    assert_eq!(written.status, StatusCode::FORBIDDEN);
    let sent = other.post(&format!("{path}/nop"), &[]).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    for action in ["duyet", "tra-lai"] {
        let decided = other
            .post(
                &format!("/can-bo/bao-cao/so/{id}/{action}"),
                &[("ly_do", "Không phải của tôi")],
            )
            .await;
        assert_eq!(decided.status, StatusCode::FORBIDDEN, "{action}");
    }
    let sheet =
        format!("Mã chỉ số,Mã đơn vị,Kỳ báo cáo,Số liệu\npolicy_loan_jobs,2025:00004,{month},5\n");
    let uploaded = upload(&mut other, &format!("{path}/tai-len"), &sheet).await;
    assert_eq!(uploaded.status, StatusCode::FORBIDDEN);
    assert!(app
        .store
        .current_values(&["policy_loan_jobs".to_owned()], None)
        .await
        .unwrap()
        .is_empty());

    // Hostile addresses: a bad period, an unknown plan or unit, a report
    // not owed, a report id that is not a number or does not exist.
    let bad = ward
        .get("/can-bo/bao-cao/hanoi-now/2025:00004/thang-3")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = ward
        .get(&format!("/can-bo/bao-cao/khong-co/2025:00004/{month}"))
        .await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    let bad = ward
        .get(&format!("/can-bo/bao-cao/hanoi-now/2025:99999/{month}"))
        .await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    let year = month.year().to_string();
    let bad = ward
        .get(&format!("/can-bo/bao-cao/hanoi-now/2025:00004/{year}"))
        .await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    let bad = ward
        .get(&format!("{path}?co_quan=Ph%C3%B2ng%20Kh%C3%A1c"))
        .await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND, "no such agency reports");
    let bad = ward.post("/can-bo/bao-cao/so/abc/duyet", &[]).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    let bad = ward.post("/can-bo/bao-cao/so/999999/duyet", &[]).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    let bad = ward
        .post(
            &format!("{path}/so-lieu"),
            &[("chi_so", "new_jobs"), ("value_new_jobs", "5")],
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::BAD_REQUEST,
        "a computed indicator is not entered"
    );
    // A form without its token.
    let forged = ward
        .post_without_token(&format!("{path}/nop"), &[("ghi_chu", "x")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
