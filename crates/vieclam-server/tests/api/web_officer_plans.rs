//! The plans pages of the officers' workspace (`/can-bo/ke-hoach`): the
//! list, the progress tables with actuals beside targets, the drill-down
//! by unit and period, the XLSX of the page, the task matrix, and every
//! denial — a visitor, a worker, an employer, an officer of another unit
//! or province, and hostile query values.

use reqwest::StatusCode;
use serde_json::json;
use vieclam_domain::{AdminUnits, Role};

use crate::helpers::{spawn_app, TestApp};
use crate::webkit::Web;

/// The four seed plans, as the demo loads them.
async fn load_plans(app: &TestApp) {
    let units = AdminUnits::embedded().unwrap();
    for plan in vieclam_plans::fixtures(&units).unwrap() {
        let province = units.current_province_code(&plan.unit).unwrap();
        app.store
            .save_plan(&plan, province.as_str(), chrono::Utc::now())
            .await
            .unwrap();
    }
}

/// A server with the seed plans and the accounts the tests use.
async fn app_with_plans() -> TestApp {
    let app = spawn_app().await;
    load_plans(&app).await;
    for (username, role, unit) in [
        ("so.hanoi", Role::ProvinceOfficer, Some("01")),
        ("xa.hoaxa", Role::UnitOfficer, Some("2025:10417")),
        ("phuong.badinh", Role::UnitOfficer, Some("2025:00004")),
        ("q.badinh", Role::UnitOfficer, Some("legacy:001")),
        ("ttdvvl.hanoi", Role::ExchangeStaff, Some("01")),
        ("quan.muoimot", Role::UnitOfficer, Some("2025:25747")),
        ("nguoi.lao.dong", Role::Worker, None),
        ("doanh.nghiep", Role::Employer, None),
    ] {
        app.add_account(username, role, unit).await;
    }
    app
}

async fn signed_in<'a>(app: &'a TestApp, username: &str) -> Web<'a> {
    let mut web = Web::new(app);
    web.login(username).await;
    web
}

/// Hà Nội's loans created jobs in January and February 2025: 9.000 of the
/// first quarter's 13.600 (entered by the city, as the agencies do).
async fn enter_loan_jobs(app: &TestApp) {
    let token = app.token("so.hanoi").await;
    let (status, body) = app
        .post(
            "/api/v1/data-values",
            Some(&token),
            &json!([
                { "indicator": "policy_loan_jobs", "unit": "legacy:01", "period": "2025-01", "value": 4000.0 },
                { "indicator": "policy_loan_jobs", "unit": "legacy:01", "period": "2025-02", "value": 5000.0 }
            ]),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
}

#[tokio::test]
async fn the_list_shows_the_plans_the_officer_may_see() {
    let app = app_with_plans().await;
    let mut city = signed_in(&app, "so.hanoi").await;
    let list = city.get("/can-bo/ke-hoach").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.has("Giải quyết việc làm cho người lao động trên địa bàn thành phố Hà Nội năm 2021")
    );
    assert!(list.has("14/KH-UBND ngày 21/01/2021"));
    assert!(list.has("UBND thành phố Hà Nội"));
    assert!(list.has("href=\"/can-bo/ke-hoach/hoa-xa-2030\""));
    assert!(list.has("giai đoạn 2026–2030"));
    assert!(list.has("chỉ tiêu đạt"), "the overall progress");
    assert!(!list.has("hcmc-d11-2030"), "not District 11's plan");

    let mut hcmc = signed_in(&app, "quan.muoimot").await;
    let theirs = hcmc.get("/can-bo/ke-hoach").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.has("hanoi-2021") && !theirs.has("hoa-xa-2030"));

    let mut visitor = Web::new(&app);
    for path in [
        "/can-bo/ke-hoach",
        "/can-bo/ke-hoach/hanoi-2025",
        "/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs",
        "/can-bo/ke-hoach/hanoi-2025/tien-do.xlsx",
        "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu",
    ] {
        let page = visitor.get(path).await;
        assert_eq!(page.path, "/dang-nhap", "{path}");
    }
    for username in ["nguoi.lao.dong", "doanh.nghiep"] {
        let mut web = signed_in(&app, username).await;
        for path in [
            "/can-bo/ke-hoach",
            "/can-bo/ke-hoach/hanoi-2025",
            "/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs",
            "/can-bo/ke-hoach/hanoi-2025/tien-do.xlsx",
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu",
        ] {
            let page = web.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{username} {path}");
        }
        let refused = web
            .post(
                "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/I/1",
                &[("status", "done"), ("note", "")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{username}");
    }
}

#[tokio::test]
async fn progress_shows_actuals_beside_targets_with_names_and_status() {
    let app = app_with_plans().await;
    enter_loan_jobs(&app).await;
    let mut city = signed_in(&app, "so.hanoi").await;
    let plan = city.get("/can-bo/ke-hoach/hanoi-2025").await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(plan.has("<h1>Hỗ trợ, phát triển thị trường lao động"));
    // The headline targets by name, never by code.
    assert!(plan.has("Số lao động được giải quyết việc làm mới"));
    assert!(plan.has("169.000 người"));
    assert!(plan.has("dưới 3 %"), "the unemployment ceiling in words");
    assert!(!plan.has(">new_jobs<"));
    // The quarterly schedule: loans' jobs, 9.000 of 13.600 in the first
    // quarter, which has ended: behind.
    assert!(plan.has("Tiến độ theo kỳ"));
    assert!(plan.has("quý I/2025"));
    assert!(plan.has("Số lao động được tạo việc làm từ vốn vay"));
    assert!(plan.has("KH 13.600<br>TH 9.000"), "{}", plan.body);
    assert!(plan.has("<span class=\"status behind\">Chậm tiến độ</span>"));
    assert!(plan.has("Số phiên giao dịch việc làm"));

    // The quarter alone; in English.
    let quarter = city.get("/can-bo/ke-hoach/hanoi-2025?period=2025-Q1").await;
    assert_eq!(quarter.status, StatusCode::OK);
    assert!(quarter.has("9.000 người"));
    assert!(quarter.has("66,2%"));
    assert!(!quarter.has("169.000"), "the year's target is outside Q1");

    // Hòa Xá's appendix 1: ranges and lead agencies.
    let mut commune = signed_in(&app, "xa.hoaxa").await;
    let hoa_xa = commune
        .get("/can-bo/ke-hoach/hoa-xa-2030?period=2026")
        .await;
    assert_eq!(hoa_xa.status, StatusCode::OK);
    assert!(hoa_xa.has("từ 400 đến 600 người"));
    assert!(hoa_xa.has("Phòng Văn hóa - Xã hội"));
    assert!(hoa_xa.has("Cơ quan chủ trì"));
    let whole = commune.get("/can-bo/ke-hoach/hoa-xa-2030").await;
    assert!(whole.has("BHXH cơ sở Mỹ Đức"));
    assert!(whole.has("từ 75 đến 80 %"));
    assert!(whole.has("Chưa có số liệu") || whole.has("Chậm tiến độ") || whole.has("Đúng tiến độ"));
}

#[tokio::test]
async fn hanoi_2021_appendix_ranks_the_districts_and_drills_down_and_back() {
    let app = app_with_plans().await;
    let mut city = signed_in(&app, "so.hanoi").await;
    let plan = city.get("/can-bo/ke-hoach/hanoi-2021?period=2021").await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(plan.has("Phụ lục theo đơn vị"));
    assert!(plan.has("Quận Ba Đình"));
    assert!(plan.has("6.500"));
    assert!(plan.has("role=\"img\""), "the bars");
    assert!(plan.has("<title>Phụ lục theo đơn vị"));
    let unit_links = plan
        .body
        .matches("href=\"/can-bo/ke-hoach/hanoi-2021?unit=legacy%3A")
        .count();
    // The period choices link the city itself, with or without a period.
    let city_links = plan
        .body
        .matches("href=\"/can-bo/ke-hoach/hanoi-2021?unit=legacy%3A01&#38;")
        .count()
        + plan
            .body
            .matches("href=\"/can-bo/ke-hoach/hanoi-2021?unit=legacy%3A01\"")
            .count();
    assert_eq!(
        unit_links - city_links,
        30,
        "each of the 30 districts is a link one level down"
    );
    // Down to Ba Đình: its own target, the crumbs back up to the city.
    let district = city
        .get("/can-bo/ke-hoach/hanoi-2021?unit=legacy%3A001&period=2021")
        .await;
    assert_eq!(district.status, StatusCode::OK);
    assert!(district.has("Quận Ba Đình, Thành phố Hà Nội"));
    assert!(district.has("6.500 người"));
    assert!(!district.has("Quận Hoàn Kiếm"));
    assert!(district.has("href=\"/can-bo/ke-hoach/hanoi-2021?unit=legacy%3A01&#38;period=2021\""));

    // The indicator's drill: the districts ranked, the trend by month.
    let drill = city
        .get("/can-bo/ke-hoach/hanoi-2021/chi-tieu/new_jobs?unit=legacy:01&period=2021")
        .await;
    assert_eq!(drill.status, StatusCode::OK);
    assert!(drill.has("Quận Hoàn Kiếm") && drill.has("Huyện Sóc Sơn"));
    assert!(drill.has("Lũy kế"));
    assert!(drill.has("class=\"chart chart-line\""));
    assert!(drill.has("tháng 12/2021"));
    // From the year to a quarter and a month.
    assert!(drill.has("period=2021-Q2"));
    assert!(drill.has("period=2021-03"));
    let month = city
        .get("/can-bo/ke-hoach/hanoi-2021/chi-tieu/new_jobs?unit=legacy:01&period=2021-03")
        .await;
    assert_eq!(month.status, StatusCode::OK);
    assert!(month.has("tháng 3/2021"));

    // The 2025 reform: Hà Nội's first quarter of 2025 has its districts,
    // its third quarter the new communes and wards.
    let before = city
        .get("/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs?unit=legacy:01&period=2025-Q1")
        .await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.has("Quận Ba Đình"));
    assert!(!before.has("Phường Ba Đình"));
    let after = city
        .get("/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs?unit=legacy:01&period=2025-Q3")
        .await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(after.has("Phường Ba Đình"));
    assert!(after.has("Xã Hòa Xá"));
    assert!(after.has("unit=2025%3A10417"), "a commune is a link down");
    // A bare code is read in the structure of the period.
    let bare = city
        .get("/can-bo/ke-hoach/hanoi-2021?unit=001&period=2021")
        .await;
    assert_eq!(bare.status, StatusCode::OK);
    assert!(bare.has("Quận Ba Đình"));
}

#[tokio::test]
async fn officers_of_other_units_and_provinces_are_refused() {
    let app = app_with_plans().await;
    let mut commune = signed_in(&app, "xa.hoaxa").await;
    // The city's plan opens on Hòa Xá's own figures, and shows no other unit.
    let own = commune.get("/can-bo/ke-hoach/hanoi-2025").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.has("Xã Hòa Xá"));
    assert!(!own.has("Phường Ba Đình"));
    let own_drill = commune
        .get("/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs")
        .await;
    assert_eq!(own_drill.status, StatusCode::OK);
    assert!(!own_drill.has("Phường Ba Đình"));
    // A neighbour, the city, by direct address: 403 on every route.
    for path in [
        "/can-bo/ke-hoach/hanoi-2025?unit=2025:00004",
        "/can-bo/ke-hoach/hanoi-2025?unit=2025:01",
        "/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs?unit=2025:00004",
        "/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs?unit=legacy:01&period=2025-Q1",
        "/can-bo/ke-hoach/hanoi-2025/tien-do.xlsx?unit=2025:00004",
        "/can-bo/ke-hoach/hanoi-2021?unit=legacy:001",
    ] {
        let page = commune.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Another province's plan: 403 on every route.
    for path in [
        "/can-bo/ke-hoach/hcmc-d11-2030",
        "/can-bo/ke-hoach/hcmc-d11-2030/chi-tieu/new_jobs",
        "/can-bo/ke-hoach/hcmc-d11-2030/tien-do.xlsx",
        "/can-bo/ke-hoach/hcmc-d11-2030/nhiem-vu",
    ] {
        let page = commune.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    // An old district's officer sees their district only.
    let mut district = signed_in(&app, "q.badinh").await;
    let theirs = district
        .get("/can-bo/ke-hoach/hanoi-2021?period=2021")
        .await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(theirs.has("6.500"));
    assert!(!theirs.has("Quận Hoàn Kiếm"));
    let neighbour = district
        .get("/can-bo/ke-hoach/hanoi-2021?unit=legacy:002&period=2021")
        .await;
    assert_eq!(neighbour.status, StatusCode::FORBIDDEN);
    // Unknown plans and indicators are 404.
    let mut city = signed_in(&app, "so.hanoi").await;
    for path in [
        "/can-bo/ke-hoach/khong-co",
        "/can-bo/ke-hoach/hanoi-2025/chi-tieu/khong_co",
        "/can-bo/ke-hoach/hanoi-2025/chi-tieu/it_skills_rate",
        "/can-bo/ke-hoach/khong-co/nhiem-vu",
    ] {
        let page = city.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn hostile_query_values_give_a_400_page() {
    let app = app_with_plans().await;
    let mut city = signed_in(&app, "so.hanoi").await;
    for query in [
        "?period=2025-Q9",
        "?period=Q1-2025",
        "?period=%3Cscript%3E",
        "?period=99999999999",
        "?unit=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?unit=mars:01",
        "?unit=legacy:0x1",
        "?unit=%00",
        "?unit=a&unit=b",
    ] {
        for base in [
            "/can-bo/ke-hoach/hanoi-2025",
            "/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs",
            "/can-bo/ke-hoach/hanoi-2025/tien-do.xlsx",
        ] {
            let path = format!("{base}{query}");
            let page = city.get(&path).await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path}");
            assert!(page.has("<html"), "a page: {path}");
            assert!(!page.has("<script>alert"), "{path}");
        }
    }
    // A well-formed code no unit has is "not found".
    let page = city
        .get("/can-bo/ke-hoach/hanoi-2025?unit=2025:99999")
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_workbook_holds_the_figures_of_the_page() {
    use calamine::{DataType, Reader};
    let app = app_with_plans().await;
    enter_loan_jobs(&app).await;
    let mut city = signed_in(&app, "so.hanoi").await;
    let page = city
        .get("/can-bo/ke-hoach/hanoi-2025?unit=legacy%3A01&period=2025-Q1")
        .await;
    assert!(page.has(
        "href=\"/can-bo/ke-hoach/hanoi-2025/tien-do.xlsx?unit=legacy%3A01&#38;period=2025-Q1\""
    ));
    let response = city
        .client
        .get(format!(
            "{}/can-bo/ke-hoach/hanoi-2025/tien-do.xlsx?unit=legacy%3A01&period=2025-Q1",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("tien-do-hanoi-2025-01-"));
    let bytes = response.bytes().await.unwrap();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let summary = workbook.worksheet_range("Tổng hợp").unwrap();
    let loans = summary
        .rows()
        .find(|row| {
            row.iter().any(|cell| {
                cell.as_string().as_deref() == Some("Số lao động được tạo việc làm từ vốn vay")
            })
        })
        .expect("the loans' jobs row");
    assert!(
        loans
            .iter()
            .any(|c| c.as_string().as_deref() == Some("13.600")),
        "{loans:?}"
    );
    assert!(
        loans.iter().any(|c| c.as_f64() == Some(9_000.0)),
        "{loans:?}"
    );
    // The same rows as the page: Q1's targets only, not the year's.
    let n_rows = summary
        .rows()
        .filter(|row| {
            row.iter()
                .any(|c| c.as_string().as_deref() == Some("quý I/2025"))
        })
        .count();
    let n_year = summary
        .rows()
        .filter(|row| {
            row.iter()
                .any(|c| c.as_string().as_deref() == Some("169.000"))
        })
        .count();
    assert!(n_rows >= 8, "{n_rows}");
    assert_eq!(n_year, 0);
}

#[tokio::test]
async fn tasks_are_updated_by_the_plans_officers_and_read_by_others() {
    let app = app_with_plans().await;
    let mut commune = signed_in(&app, "xa.hoaxa").await;
    let matrix = commune.get("/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu").await;
    assert_eq!(matrix.status, StatusCode::OK);
    assert!(matrix.has("Nhóm nhiệm vụ thứ nhất: Thực hiện cơ chế, chính sách"));
    assert!(matrix.has("Phòng VHXH"));
    assert!(matrix.has("Các cơ quan, đơn vị liên quan"));
    assert!(matrix.has("Chưa triển khai"));
    assert!(matrix.has("action=\"/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1\""));
    let saved = commune
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1",
            &[("status", "in_progress"), ("note", "Đã số hóa 1.200 hồ sơ")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(
        saved.path, "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu",
        "303 back"
    );
    assert!(saved.has("Đã lưu tình trạng nhiệm vụ"));
    assert!(saved.has("Đã số hóa 1.200 hồ sơ"));
    assert!(saved.has("<span class=\"status on-track\">Đang thực hiện</span>"));
    // The API reads the same log.
    let token = app.token("xa.hoaxa").await;
    let (_, plan) = app.get("/api/v1/plans/hoa-xa-2030", Some(&token)).await;
    let task = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["group_no"] == "II" && t["task_no"] == 1)
        .unwrap()
        .clone();
    assert_eq!(task["status"], "in_progress");

    // A form with problems comes back with them, and writes nothing.
    let refused = commune
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1",
            &[("status", "finished"), ("note", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("error-summary"));
    assert!(refused.has("href=\"#status-II-1\""));
    let long = "x".repeat(2_001);
    let too_long = commune
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1",
            &[("status", "done"), ("note", long.as_str())],
        )
        .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    let missing = commune
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/IX/9",
            &[("status", "done"), ("note", "")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let forged = commune
        .post_without_token(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1",
            &[("status", "done")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let (_, plan) = app.get("/api/v1/plans/hoa-xa-2030", Some(&token)).await;
    let after = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["group_no"] == "II" && t["task_no"] == 1)
        .unwrap()
        .clone();
    assert_eq!(
        after["status"], "in_progress",
        "nothing refused was written"
    );

    // The city's officer may update Hòa Xá's tasks; the exchange's staff
    // read them only; a ward's officer does not see the plan at all.
    let mut city = signed_in(&app, "so.hanoi").await;
    city.get("/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu").await;
    let done = city
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/I/1",
            &[("status", "done"), ("note", "")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.has("<span class=\"status achieved\">Hoàn thành</span>"));

    let mut exchange = signed_in(&app, "ttdvvl.hanoi").await;
    let read_only = exchange.get("/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu").await;
    assert_eq!(read_only.status, StatusCode::OK);
    assert!(read_only.has("Đã số hóa 1.200 hồ sơ"));
    assert!(!read_only.has("<form method=\"post\" action=\"/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/"));
    let refused = exchange
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1",
            &[("status", "done"), ("note", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut ward = signed_in(&app, "phuong.badinh").await;
    let hidden = ward.get("/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu").await;
    assert_eq!(hidden.status, StatusCode::FORBIDDEN);
    ward.get("/can-bo/ke-hoach").await;
    let refused = ward
        .post(
            "/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu/II/1",
            &[("status", "done"), ("note", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (_, plan) = app.get("/api/v1/plans/hoa-xa-2030", Some(&token)).await;
    let last = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["group_no"] == "II" && t["task_no"] == 1)
        .unwrap()
        .clone();
    assert_eq!(last["status"], "in_progress");
}

/// The forecast page (`/can-bo/du-bao`): the officer's unit by default,
/// its occupation groups' balance; the employers likely to hire only for
/// the exchange's staff and the province; every other unit, role and
/// hostile value refused.
#[tokio::test]
async fn the_forecast_page_shows_the_balance_and_signals_only_to_outreach() {
    let app = app_with_plans().await;
    crate::forecasts::load_history(&app).await;
    let mut commune = signed_in(&app, "xa.hoaxa").await;
    let own = commune.get("/can-bo/du-bao").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.has("Dự báo cung – cầu lao động: Xã Hòa Xá"));
    assert!(own.has("72 Thợ"), "the welders' group has a row");
    assert!(!own.has("Doanh nghiệp có khả năng tuyển dụng"));
    assert!(!own.has("Công ty TNHH Dự báo số 501"));
    for path in [
        "/can-bo/du-bao?unit=2025:00004",
        "/can-bo/du-bao?unit=2025:01",
        "/can-bo/du-bao?unit=legacy:001",
    ] {
        let page = commune.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let mut centre = signed_in(&app, "ttdvvl.hanoi").await;
    let city = centre.get("/can-bo/du-bao?horizon=24").await;
    assert_eq!(city.status, StatusCode::OK);
    assert!(city.has("Doanh nghiệp có khả năng tuyển dụng"));
    assert!(city.has("Công ty TNHH Dự báo số 501"));
    assert!(city.has("Công ty TNHH Dự báo số 502"));
    for query in [
        "?horizon=7",
        "?horizon=%00",
        "?unit=%3Cscript%3E",
        "?unit=mars:01",
    ] {
        let page = centre.get(&format!("/can-bo/du-bao{query}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(!page.has("<script>"), "{query}");
    }
    let page = centre.get("/can-bo/du-bao?unit=2025:99999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let mut visitor = Web::new(&app);
    assert_eq!(visitor.get("/can-bo/du-bao").await.path, "/dang-nhap");
    for username in ["nguoi.lao.dong", "doanh.nghiep"] {
        let mut web = signed_in(&app, username).await;
        let page = web.get("/can-bo/du-bao").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{username}");
    }
}
