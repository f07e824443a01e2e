//! The exchange's workspace pages (`/can-bo/san`): each page's happy path
//! for the staff of the venue, a denial for every other role and for the
//! staff of another venue, hostile ids, a walk-in over capacity on the
//! waiting list, and a hire that raises the new-jobs figure.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use vieclam_domain::Role;

use crate::exchange::{add_employer, add_worker, city, move_to, open_session, City};
use crate::helpers::{spawn_app, TestApp};
use crate::webkit::Web;

fn month() -> String {
    (Utc::now() + Duration::hours(7))
        .format("%Y-%m")
        .to_string()
}

/// A worker's citizen ID, as the desk types it.
async fn citizen_id(app: &TestApp, worker: i64) -> String {
    let record = app.store.get_worker(worker).await.unwrap().unwrap();
    record.profile.citizen_id.unwrap().as_str().to_owned()
}

/// A running session with `seats` seats, an employer's booth with its
/// vacancy; gives (session, employer, vacancy).
async fn running_session(app: &TestApp, city: &City, seats: u32) -> (i64, i64, i64) {
    let session = open_session(app, city, seats, 4).await;
    let (employer, vacancy) = add_employer(app, 301, "2025:10417").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/sessions/{session}/registrations"),
            Some(&city.staff),
            &json!({ "party": "employer", "party_id": employer, "vacancies": [vacancy] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    move_to(app, &city.staff, session, "running").await;
    (session, employer, vacancy)
}

async fn new_jobs(app: &TestApp, token: &str, unit: &str) -> f64 {
    let path = format!(
        "/api/v1/indicators/new_jobs/values?unit={unit}&period={}",
        month()
    );
    let (status, body) = app.get(&path, Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body[0]["value"].as_f64().unwrap_or(0.0)
}

#[tokio::test]
async fn the_exchange_pages_are_refused_to_visitors_workers_employers_and_unit_officers() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let session = open_session(&app, &city, 10, 2).await;
    let mut visitor = Web::new(&app);
    let page = visitor.get("/can-bo/san").await;
    assert_eq!(page.path, "/dang-nhap", "a visitor is sent to log in");
    app.add_account("nld.web", Role::Worker, None).await;
    app.add_account("dn.web", Role::Employer, None).await;
    for username in ["nld.web", "dn.web", "xa.hoaxa"] {
        let mut web = Web::new(&app);
        web.login(username).await;
        for path in [
            "/can-bo/san".to_owned(),
            "/can-bo/san/dia-diem".to_owned(),
            "/can-bo/san/lich".to_owned(),
            format!("/can-bo/san/phien/{session}"),
            "/can-bo/san/tu-van".to_owned(),
            "/can-bo/san/tro-cap".to_owned(),
        ] {
            let page = web.get(&path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{username} {path}");
        }
    }
}

#[tokio::test]
async fn the_staff_of_another_venue_cannot_run_its_session() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (session, _, vacancy) = running_session(&app, &city, 10).await;
    let worker = add_worker(&app, 401, "2025:10417").await;
    let id = citizen_id(&app, worker).await;
    let mut web = Web::new(&app);
    web.login("san.khac").await;
    let home = web.get("/can-bo/san").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        !home.has(&format!("/can-bo/san/phien/{session}\"")),
        "another venue's session is not listed"
    );
    let page = web.get(&format!("/can-bo/san/phien/{session}")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    for (path, fields) in [
        (
            format!("/can-bo/san/phien/{session}/trang-thai"),
            vec![("status", "closed")],
        ),
        (
            format!("/can-bo/san/phien/{session}/vang-lai"),
            vec![("citizen_id", id.as_str())],
        ),
    ] {
        let page = web.post(&path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let worker_text = worker.to_string();
    let vacancy_text = vacancy.to_string();
    let page = web
        .post(
            &format!("/can-bo/san/phien/{session}/ket-qua"),
            &[
                ("worker_id", worker_text.as_str()),
                ("vacancy_id", vacancy_text.as_str()),
                ("outcome", "hired"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    for path in [
        format!("/can-bo/san/phien/{session}/so-khop"),
        format!("/can-bo/san/phien/{session}/so-khop/in"),
        format!("/can-bo/san/phien/{session}/bao-cao"),
    ] {
        let page = web.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Nothing changed.
    let (_, body) = app
        .get(&format!("/api/v1/sessions/{session}"), Some(&city.staff))
        .await;
    assert_eq!(body["status"]["code"], "running");
    assert_eq!(body["seats_taken"], 0);
}

#[tokio::test]
async fn hostile_ids_give_pages_not_panics() {
    let app = spawn_app().await;
    let _city = city(&app).await;
    let mut web = Web::new(&app);
    web.login("san.trungtam").await;
    for path in [
        "/can-bo/san/phien/999999",
        "/can-bo/san/phien/abc",
        "/can-bo/san/phien/999999/so-khop/in",
        "/can-bo/san/phien/999999/bao-cao",
        "/can-bo/san/dia-diem/999999",
    ] {
        let page = web.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.has("<h1"), "{path} is a page");
    }
    let page = web
        .get("/can-bo/san/lich?plan=hanoi-2021&quarter=2021-Q9")
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "no such plan");
    let page = web.get("/can-bo/san?xong=1&xong=2").await;
    assert!(page.status.is_client_error() || page.status == StatusCode::OK);
    for path in [
        "/can-bo/san/dang-ky/999999/huy",
        "/can-bo/san/phong-van/999999/tham-du",
    ] {
        let page = web.post(path, &[("attendance", "attended")]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    let page = web
        .post(
            "/can-bo/san/tro-cap/999999/thong-bao",
            &[("due", "2026-01-05")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = web
        .post("/can-bo/san/phien/1/phong-van", &[("worker_id", "x")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "a malformed form");
}

#[tokio::test]
async fn a_walk_in_over_capacity_goes_to_the_waiting_list() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (session, _, _) = running_session(&app, &city, 1).await;
    let first = add_worker(&app, 411, "2025:10417").await;
    let second = add_worker(&app, 412, "2025:00004").await;
    let mut web = Web::new(&app);
    web.login("san.trungtam").await;
    let desk = web.get(&format!("/can-bo/san/phien/{session}")).await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(desk.has("Đăng ký người lao động đến tại chỗ"));
    let path = format!("/can-bo/san/phien/{session}/vang-lai");
    let page = web
        .post(&path, &[("citizen_id", &citizen_id(&app, first).await)])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Đã đăng ký người lao động đến tại chỗ"));
    let page = web
        .post(&path, &[("citizen_id", &citizen_id(&app, second).await)])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("Danh sách chờ, thứ 1"),
        "the second waits first in line"
    );
    // An unknown or malformed ID is a problem on the form, not a crash.
    let page = web.post(&path, &[("citizen_id", "12")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.has("error-summary"));
    let page = web.post(&path, &[("citizen_id", "001090999999")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let (_, body) = app
        .get(
            &format!("/api/v1/sessions/{session}/registrations?party=worker"),
            Some(&city.staff),
        )
        .await;
    let states: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(states.len(), 2, "{body}");
    assert!(states.contains(&"accepted") && states.contains(&"waiting"));
    assert!(body
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["channel"]["code"] == "walk_in"));
}

#[tokio::test]
async fn a_hire_at_the_desk_raises_the_new_jobs_figure_and_the_report_is_filed() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (session, _, vacancy) = running_session(&app, &city, 10).await;
    let worker = add_worker(&app, 421, "2025:10417").await;
    let before = new_jobs(&app, &city.commune, "2025:10417").await;
    let mut web = Web::new(&app);
    web.login("san.trungtam").await;
    web.get(&format!("/can-bo/san/phien/{session}")).await;
    let page = web
        .post(
            &format!("/can-bo/san/phien/{session}/vang-lai"),
            &[("citizen_id", &citizen_id(&app, worker).await)],
        )
        .await;
    assert!(page.has("Đã đăng ký người lao động đến tại chỗ"));
    // The pre-match sheets, on screen and to print.
    let sheets = web
        .get(&format!("/can-bo/san/phien/{session}/so-khop"))
        .await;
    assert_eq!(sheets.status, StatusCode::OK);
    assert!(sheets.has("Đặng Văn Khoa"));
    let print = web
        .get(&format!("/can-bo/san/phien/{session}/so-khop/in"))
        .await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.has("print-sheet"));
    // An interview, attendance, then the hire.
    let (worker_text, vacancy_text) = (worker.to_string(), vacancy.to_string());
    let page = web
        .post(
            &format!("/can-bo/san/phien/{session}/phong-van"),
            &[
                ("worker_id", worker_text.as_str()),
                ("vacancy_id", vacancy_text.as_str()),
                ("starts", "10:00"),
                ("minutes", "20"),
            ],
        )
        .await;
    assert!(page.has("Đã xếp lịch phỏng vấn"), "{}", page.status);
    let (_, interviews) = app
        .get(
            &format!("/api/v1/sessions/{session}/interviews"),
            Some(&city.staff),
        )
        .await;
    let interview = interviews[0]["id"].as_i64().unwrap();
    let page = web
        .post(
            &format!("/can-bo/san/phong-van/{interview}/tham-du"),
            &[("attendance", "attended")],
        )
        .await;
    assert!(page.has("Đã ghi tham dự"), "{}", page.status);
    let page = web
        .post(
            &format!("/can-bo/san/phien/{session}/ket-qua"),
            &[
                ("worker_id", worker_text.as_str()),
                ("vacancy_id", vacancy_text.as_str()),
                ("outcome", "hired"),
            ],
        )
        .await;
    assert!(page.has("Đã ghi kết quả"), "{}", page.status);
    assert!(page.has("Trúng tuyển"));
    let after = new_jobs(&app, &city.commune, "2025:10417").await;
    assert_eq!(after, before + 1.0, "the hire counts as a new job");
    // Close, read the report, file it.
    let page = web
        .post(
            &format!("/can-bo/san/phien/{session}/trang-thai"),
            &[("status", "closed")],
        )
        .await;
    assert!(page.has("Đã chuyển trạng thái phiên"));
    let report = web
        .get(&format!("/can-bo/san/phien/{session}/bao-cao"))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.has("Trúng tuyển"));
    let page = web
        .post(&format!("/can-bo/san/phien/{session}/bao-cao"), &[])
        .await;
    assert!(page.has("Báo cáo đã nộp"), "{}", page.status);
    let (_, body) = app
        .get(&format!("/api/v1/sessions/{session}"), Some(&city.staff))
        .await;
    assert_eq!(body["status"]["code"], "reported");
}

#[tokio::test]
async fn the_quarter_is_previewed_then_scheduled_from_the_plan() {
    let app = spawn_app().await;
    let units = vieclam_domain::AdminUnits::embedded().unwrap();
    for plan in vieclam_plans::fixtures(&units).unwrap() {
        let province = units.current_province_code(&plan.unit).unwrap();
        app.store
            .save_plan(&plan, province.as_str(), Utc::now())
            .await
            .unwrap();
    }
    let _city = city(&app).await;
    // Staff of one venue do not run the province's others: refused.
    let mut other = Web::new(&app);
    other.login("san.khac").await;
    let page = other
        .get("/can-bo/san/lich?plan=hanoi-2021&quarter=2021-Q2")
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut web = Web::new(&app);
    web.login("so.ldtbxh").await;
    let picker = web.get("/can-bo/san/lich").await;
    assert_eq!(picker.status, StatusCode::OK);
    assert!(picker.has("hanoi-2021"));
    let preview = web
        .get("/can-bo/san/lich?plan=hanoi-2021&quarter=2021-Q1")
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.has("Xác nhận lập lịch"));
    let (_, none) = app.get("/api/v1/sessions?plan_id=hanoi-2021", None).await;
    assert_eq!(none["total"], 0, "a preview writes nothing");
    let page = web
        .post(
            "/can-bo/san/lich",
            &[("plan", "hanoi-2021"), ("quarter", "2021-Q1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Đã lập lịch các phiên của quý"));
    let (_, all) = app.get("/api/v1/sessions?plan_id=hanoi-2021", None).await;
    assert_eq!(all["total"], 61);
    // Venues: the province's officers create and edit them.
    let page = web.get("/can-bo/san/dia-diem").await;
    assert!(page.has("Thêm sàn giao dịch việc làm"));
    web.get("/can-bo/san/dia-diem/moi").await;
    let page = web
        .post(
            "/can-bo/san/dia-diem/moi",
            &[
                ("name", "Điểm giao dịch việc làm Hòa Xá"),
                ("kind", "point"),
                ("unit", "2025:10417"),
                ("address", "UBND xã Hòa Xá"),
                ("booths", "4"),
                ("seats", "40"),
            ],
        )
        .await;
    assert!(
        page.has("Điểm giao dịch việc làm Hòa Xá"),
        "{}",
        page.status
    );
    let page = web
        .post(
            "/can-bo/san/dia-diem/moi",
            &[
                ("name", ""),
                ("kind", "point"),
                ("unit", "2025:10417"),
                ("address", "x"),
                ("booths", "a"),
                ("seats", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    // Exchange staff read venues but may not create one.
    let page = other.get("/can-bo/san/dia-diem/moi").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn counselling_and_claimants_are_kept_at_the_desk() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let worker = add_worker(&app, 431, "2025:10417").await;
    let start = (Utc::now() + Duration::hours(7)).date_naive() - Duration::days(75);
    let (status, claim) = app
        .post(
            "/api/v1/claims",
            Some(&city.staff),
            &json!({ "worker_id": worker, "start": start, "months": 6 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{claim}");
    let mut web = Web::new(&app);
    web.login("san.trungtam").await;
    let page = web.get("/can-bo/san/tu-van").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = web
        .post(
            "/can-bo/san/tu-van",
            &[
                ("citizen_id", &citizen_id(&app, worker).await),
                ("advice", "Tư vấn học nghề hàn"),
                ("referred", ""),
                ("outcome", ""),
            ],
        )
        .await;
    assert!(page.has("Đã ghi lượt tư vấn"), "{}", page.status);
    assert!(page.has("Tư vấn học nghề hàn"));
    let page = web
        .post(
            "/can-bo/san/tu-van",
            &[("citizen_id", "001090999999"), ("advice", "x")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let claims = web.get("/can-bo/san/tro-cap").await;
    assert_eq!(claims.status, StatusCode::OK);
    assert!(
        claims.has("Đặng Văn Khoa"),
        "the claimant missed a check-in"
    );
    let due = claim["checkins"][0]["due"].as_str().unwrap().to_owned();
    let page = web
        .post(
            &format!("/can-bo/san/tro-cap/{}/thong-bao", claim["id"]),
            &[("due", due.as_str())],
        )
        .await;
    assert!(page.has("Đã ghi thông báo tìm việc"), "{}", page.status);
    // A commune far away sees neither.
    let mut far = Web::new(&app);
    far.login("phuong.badinh").await;
    assert_eq!(
        far.get("/can-bo/san/tro-cap").await.status,
        StatusCode::FORBIDDEN
    );
}
