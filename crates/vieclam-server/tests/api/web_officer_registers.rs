//! The registers' pages of the officers' workspace over HTTP, as a browser
//! without JavaScript uses them: the worker search with its facets, a
//! worker's profile and timeline, an event recorded (and the unit's
//! new-jobs figure following it), an edit refused without a reason, the
//! employers and their vacancies, the duplicates queue — and each denial:
//! the public, a worker, an employer, and an officer of another commune
//! on every route that takes an id.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use vieclam_domain::registry::PersonName;
use vieclam_domain::Role;

use crate::exchange::{add_employer, employer_account, worker_account};
use crate::helpers::{spawn_app, TestApp};
use crate::registers::worker;
use crate::webkit::Web;

fn today() -> String {
    (Utc::now() + Duration::hours(7))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// Hòa Xá's and Ba Đình's officers.
async fn officers(app: &TestApp) {
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.badinh", Role::UnitOfficer, Some("2025:00004"))
        .await;
}

/// A worker registered through the API by `officer`, named `name`; gives
/// the id.
async fn register(app: &TestApp, officer: &str, serial: u32, residence: &str, name: &str) -> i64 {
    let mut profile = worker(serial, residence);
    profile.full_name = PersonName::parse(name).unwrap();
    let token = app.token(officer).await;
    let (status, body) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(&profile).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn new_jobs(app: &TestApp, officer: &str) -> f64 {
    let token = app.token(officer).await;
    let month = today()[..7].to_owned();
    let path = format!("/api/v1/indicators/new_jobs/values?unit=2025:10417&period={month}");
    let (status, body): (StatusCode, Value) = app.get(&path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body[0]["value"].as_f64().unwrap_or(0.0)
}

#[tokio::test]
async fn a_commune_officer_searches_only_the_communes_workers_with_facets_by_name() {
    let app = spawn_app().await;
    officers(&app).await;
    let own = register(&app, "xa.hoaxa", 301, "2025:10417", "Nguyễn Thị Lan").await;
    let far = register(&app, "phuong.badinh", 302, "2025:00004", "Trần Văn Bình").await;
    let mut web = Web::new(&app);
    web.login("xa.hoaxa").await;

    let list = web.get("/can-bo/nguoi-lao-dong").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.has(&format!("/can-bo/nguoi-lao-dong/{own}")),
        "{}",
        list.body
    );
    assert!(!list.has(&format!("/can-bo/nguoi-lao-dong/{far}")));
    assert!(!list.has("Trần Văn Bình"));
    // Facets by name, never by code.
    assert!(list.has("Thất nghiệp, đang tìm việc"));
    assert!(list.has("Xã Hòa Xá"));
    assert!(list.has("Trung cấp"));
    assert!(!list.has(">unemployed<"));
    assert!(!list.has(">2025:10417<"));
    // A filter by status sits in the address; a status with nobody empties
    // the list.
    let unemployed = web.get("/can-bo/nguoi-lao-dong?status=unemployed").await;
    assert!(unemployed.has("Nguyễn Thị Lan"));
    let employed = web.get("/can-bo/nguoi-lao-dong?status=employed").await;
    assert!(!employed.has("Nguyễn Thị Lan"));

    // A name is searched by POST; another commune's worker is never found.
    let found = web
        .post("/can-bo/nguoi-lao-dong", &[("q", "nguyen thi lan")])
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.has("Nguyễn Thị Lan"));
    let hidden = web
        .post("/can-bo/nguoi-lao-dong", &[("q", "Trần Văn Bình")])
        .await;
    assert!(!hidden.has(&format!("/can-bo/nguoi-lao-dong/{far}")));

    // Hostile paging is a 400 page, not a panic.
    for path in [
        "/can-bo/nguoi-lao-dong?page=abc",
        "/can-bo/nguoi-lao-dong?page=0",
        "/can-bo/nguoi-lao-dong?page=99999999999",
        "/can-bo/nguoi-lao-dong?unit=khong-co",
    ] {
        let page = web.get(path).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path}");
    }
    let page = web
        .post("/can-bo/nguoi-lao-dong", &[("q", "lan"), ("page", "x")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_registers_refuse_the_public_workers_employers_and_other_communes() {
    let app = spawn_app().await;
    officers(&app).await;
    let own = register(&app, "xa.hoaxa", 311, "2025:10417", "Lê Văn An").await;
    // A pair flagged as likely duplicates (no citizen ID).
    let token = app.token("xa.hoaxa").await;
    let mut first = worker(312, "2025:10417");
    first.citizen_id = None;
    let mut second = first.clone();
    second.phone = None;
    for profile in [&first, &second] {
        app.post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(profile).unwrap(),
        )
        .await;
    }
    let (_, flags) = app.get("/api/v1/duplicates", Some(&token)).await;
    let flag = flags[0]["id"].as_i64().unwrap();
    let (employer, vacancy) = add_employer(&app, 313, "2025:10417").await;
    worker_account(&app, "nld.registers", 314, "2025:10417").await;
    employer_account(&app, "dn.registers", 315).await;

    let gets = [
        "/can-bo/nguoi-lao-dong".to_owned(),
        format!("/can-bo/nguoi-lao-dong/{own}"),
        format!("/can-bo/nguoi-lao-dong/{own}/sua"),
        "/can-bo/doanh-nghiep".to_owned(),
        format!("/can-bo/doanh-nghiep/{employer}"),
        format!("/can-bo/doanh-nghiep/{employer}/sua"),
        format!("/can-bo/tin-tuyen-dung/{vacancy}"),
        "/can-bo/trung-lap".to_owned(),
        format!("/can-bo/trung-lap/{flag}"),
    ];
    // The public is sent to the login page.
    let mut visitor = Web::new(&app);
    for path in &gets {
        let page = visitor.get(path).await;
        assert_eq!(page.path, "/dang-nhap", "{path}");
    }
    // A worker and an employer are refused.
    for account in ["nld.registers", "dn.registers"] {
        let mut web = Web::new(&app);
        web.login(account).await;
        for path in &gets {
            let page = web.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{account} {path}");
        }
    }
    // An officer of another commune: every id-taking route, read or write.
    let mut far = Web::new(&app);
    far.login("phuong.badinh").await;
    for path in &gets[1..] {
        if path.ends_with("/can-bo/doanh-nghiep") || path.ends_with("/can-bo/trung-lap") {
            continue;
        }
        let page = far.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let list = far.get("/can-bo/doanh-nghiep").await;
    assert!(!list.has(&format!("/can-bo/doanh-nghiep/{employer}")));
    let queue = far.get("/can-bo/trung-lap").await;
    assert!(!queue.has(&format!("/can-bo/trung-lap/{flag}")));
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/can-bo/nguoi-lao-dong/{own}/bien-dong"),
            vec![("kind", "employed"), ("date", "2025-01-02")],
        ),
        (
            format!("/can-bo/nguoi-lao-dong/{own}/sua"),
            vec![
                ("full_name", "Lê Văn Ân"),
                ("qualification", "college"),
                ("reason", "thử"),
            ],
        ),
        (
            format!("/can-bo/trung-lap/{flag}"),
            vec![("verdict", "distinct")],
        ),
        (
            format!("/can-bo/doanh-nghiep/{employer}/sua"),
            vec![
                ("name", "Công ty Khác"),
                ("kind", "company"),
                ("reason", "thử"),
            ],
        ),
        (format!("/can-bo/tin-tuyen-dung/{vacancy}/dong"), vec![]),
        (format!("/can-bo/tin-tuyen-dung/{vacancy}/mo-lai"), vec![]),
    ];
    far.get("/can-bo").await;
    for (path, fields) in &posts {
        let page = far.post(path, fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Nothing changed.
    let events = app.store.list_events(own).await.unwrap();
    assert_eq!(events.len(), 1);
    let stored = app.store.get_duplicate_flag(flag).await.unwrap().unwrap();
    assert_eq!(stored.status, "open");
    let stored = app.store.get_vacancy(vacancy).await.unwrap().unwrap();
    assert_eq!(stored.posting.status.as_str(), "open");
    // Ids that are not records: 404 pages.
    let mut web = Web::new(&app);
    web.login("xa.hoaxa").await;
    for path in [
        "/can-bo/nguoi-lao-dong/999999",
        "/can-bo/nguoi-lao-dong/abc",
        "/can-bo/doanh-nghiep/999999",
        "/can-bo/tin-tuyen-dung/999999",
        "/can-bo/trung-lap/999999",
        "/can-bo/trung-lap/-1",
    ] {
        let page = web.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn an_employed_event_shows_in_the_timeline_and_raises_new_jobs() {
    let app = spawn_app().await;
    officers(&app).await;
    let id = register(&app, "xa.hoaxa", 321, "2025:10417", "Phạm Thị Hoa").await;
    let (employer, _) = add_employer(&app, 322, "2025:10417").await;
    let before = new_jobs(&app, "xa.hoaxa").await;
    let mut web = Web::new(&app);
    web.login("xa.hoaxa").await;
    let profile = web.get(&format!("/can-bo/nguoi-lao-dong/{id}")).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(profile.has("Phạm Thị Hoa"));
    assert!(profile.has("Đăng ký hồ sơ"));
    // A unit officer sees the identifiers whole on one record.
    assert!(profile.has("0988123456"));

    // A date in the future is refused with its message; nothing recorded.
    let future = (Utc::now() + Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let refused = web
        .post(
            &format!("/can-bo/nguoi-lao-dong/{id}/bien-dong"),
            &[("kind", "employed"), ("date", &future)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("Ngày biến động không được ở tương lai"));
    let missing = web
        .post(
            &format!("/can-bo/nguoi-lao-dong/{id}/bien-dong"),
            &[("kind", ""), ("date", &today())],
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.has("Hãy chọn loại biến động"));
    assert_eq!(app.store.list_events(id).await.unwrap().len(), 1);

    let employer_id = employer.to_string();
    let page = web
        .post(
            &format!("/can-bo/nguoi-lao-dong/{id}/bien-dong"),
            &[
                ("kind", "employed"),
                ("date", &today()),
                ("source", "unit_survey"),
                ("employer_id", &employer_id),
                ("occupation", "7212"),
                ("detail", "Hợp đồng một năm"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.path, format!("/can-bo/nguoi-lao-dong/{id}"));
    assert!(page.has("Đã ghi biến động"));
    assert!(page.has("Có việc làm"));
    assert!(page.has("Công ty TNHH Thử nghiệm số 322"));
    assert!(page.has("Hợp đồng một năm"));
    // The newest event comes first in the timeline.
    let timeline = &page.body[page.body.find("id=\"bien-dong\"").unwrap()..];
    assert!(timeline.find("Có việc làm").unwrap() < timeline.find("Đăng ký hồ sơ").unwrap());
    let after = new_jobs(&app, "xa.hoaxa").await;
    assert!(after >= before + 1.0, "new jobs {before} → {after}");
}

#[tokio::test]
async fn an_edit_without_a_reason_is_refused_and_a_reason_is_kept() {
    let app = spawn_app().await;
    officers(&app).await;
    let id = register(&app, "xa.hoaxa", 331, "2025:10417", "Vũ Văn Nam").await;
    let mut web = Web::new(&app);
    web.login("xa.hoaxa").await;
    let form = web.get(&format!("/can-bo/nguoi-lao-dong/{id}/sua")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.has("Vũ Văn Nam"));
    let fields = [
        ("full_name", "Vũ Văn Nam"),
        ("phone", "0912000111"),
        ("email", ""),
        ("qualification", "college"),
        ("qualification_field", "Điện"),
        ("skills", "đấu nối, sửa chữa"),
        ("wanted_occupation", "7411"),
        ("priority_groups", "disability"),
        ("priority_groups", "poor_household"),
    ];
    let refused = web
        .post(&format!("/can-bo/nguoi-lao-dong/{id}/sua"), &fields)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("Hãy ghi lý do sửa hồ sơ"));
    assert!(refused.has("error-summary"));
    let unchanged = app.store.get_worker(id).await.unwrap().unwrap();
    assert_eq!(unchanged.profile.phone.unwrap().as_str(), "0988123456");

    let mut with_reason = fields.to_vec();
    with_reason.push(("reason", "Người lao động báo số điện thoại mới"));
    let saved = web
        .post(&format!("/can-bo/nguoi-lao-dong/{id}/sua"), &with_reason)
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(saved.path, format!("/can-bo/nguoi-lao-dong/{id}"));
    assert!(saved.has("Người lao động báo số điện thoại mới"));
    let changed = app.store.get_worker(id).await.unwrap().unwrap();
    assert_eq!(
        changed.profile.phone.as_ref().unwrap().as_str(),
        "0912000111"
    );
    assert_eq!(changed.profile.priority_groups.len(), 2);
    // The API's path is unchanged: it takes no reason.
    let token = app.token("xa.hoaxa").await;
    let (status, _) = crate::registers::send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/workers/{id}"),
        Some(&token),
        Some(serde_json::to_value(&changed.profile).unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_duplicates_queue_compares_a_pair_and_records_the_verdict() {
    let app = spawn_app().await;
    officers(&app).await;
    let token = app.token("xa.hoaxa").await;
    let mut first = worker(341, "2025:10417");
    first.citizen_id = None;
    let mut second = first.clone();
    second.phone = None;
    for profile in [&first, &second] {
        app.post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(profile).unwrap(),
        )
        .await;
    }
    let (_, flags) = app.get("/api/v1/duplicates", Some(&token)).await;
    let flag = flags[0]["id"].as_i64().unwrap();
    let mut web = Web::new(&app);
    web.login("xa.hoaxa").await;
    let queue = web.get("/can-bo/trung-lap").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.has(&format!("/can-bo/trung-lap/{flag}")));
    let pair = web.get(&format!("/can-bo/trung-lap/{flag}")).await;
    assert_eq!(pair.status, StatusCode::OK);
    // The phone differs, said in a word.
    assert!(pair.has("class=\"differs\""));
    assert!(pair.has("<strong>Khác</strong>"));
    assert!(pair.has("Không gộp tự động"));
    // No verdict chosen: the form says so.
    let none = web.post(&format!("/can-bo/trung-lap/{flag}"), &[]).await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    let done = web
        .post(
            &format!("/can-bo/trung-lap/{flag}"),
            &[("verdict", "same_person")],
        )
        .await;
    assert_eq!(done.path, "/can-bo/trung-lap");
    assert!(done.has("cùng một người"));
    let stored = app.store.get_duplicate_flag(flag).await.unwrap().unwrap();
    assert_eq!(stored.status, "same_person");
    // Both records are still there.
    assert!(app
        .store
        .get_worker(stored.worker_id)
        .await
        .unwrap()
        .is_some());
    assert!(app
        .store
        .get_worker(stored.other_worker_id)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn an_officer_reads_the_units_employers_and_closes_and_reopens_a_vacancy() {
    let app = spawn_app().await;
    officers(&app).await;
    let (employer, vacancy) = add_employer(&app, 351, "2025:10417").await;
    let (far_employer, _) = add_employer(&app, 352, "2025:00004").await;
    let mut web = Web::new(&app);
    web.login("xa.hoaxa").await;
    let list = web.get("/can-bo/doanh-nghiep").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has(&format!("/can-bo/doanh-nghiep/{employer}")));
    assert!(!list.has(&format!("/can-bo/doanh-nghiep/{far_employer}")));
    assert!(list.has("Doanh nghiệp"));
    let searched = web.get("/can-bo/doanh-nghiep?q=so+351").await;
    assert!(searched.has("Thử nghiệm số 351"));
    let none = web.get("/can-bo/doanh-nghiep?q=khong+co+ai").await;
    assert!(!none.has(&format!("/can-bo/doanh-nghiep/{employer}")));
    assert_eq!(
        web.get("/can-bo/doanh-nghiep?page=0").await.status,
        StatusCode::BAD_REQUEST
    );
    let page = web.get(&format!("/can-bo/doanh-nghiep/{employer}")).await;
    assert!(page.has(&format!("/can-bo/tin-tuyen-dung/{vacancy}")));
    let far = web
        .get(&format!("/can-bo/doanh-nghiep/{far_employer}"))
        .await;
    assert_eq!(far.status, StatusCode::FORBIDDEN);

    let shown = web.get(&format!("/can-bo/tin-tuyen-dung/{vacancy}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.has("Đang tuyển"));
    assert!(!shown.has("Cần sàn kiểm tra"));
    // What the description says is read, and a sex or age limit is
    // flagged for the exchange with the employer's words.
    let mut posting =
        crate::registers::vacancy(employer, vieclam_domain::registry::VacancyStatus::Open);
    posting.title = "Công nhân may".to_owned();
    posting.description =
        Some("Có xe đưa đón công nhân. Chỉ tuyển nữ từ 18 đến 30 tuổi.".to_owned());
    let said = app
        .store
        .create_vacancy(
            vieclam_store::VacancyWrite {
                posting: &posting,
                province_code: "01",
                opened_at: None,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    let read = web
        .get(&format!("/can-bo/tin-tuyen-dung/{}", said.id))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.has("Điều kiện đọc từ mô tả"));
    assert!(read.has("Có xe đưa đón"));
    assert!(read.has("Cần sàn kiểm tra"));
    assert!(read.has("Chỉ tuyển nữ"));
    let closed = web
        .post(&format!("/can-bo/tin-tuyen-dung/{vacancy}/dong"), &[])
        .await;
    assert!(closed.has("Đã đóng tin tuyển dụng"));
    assert!(closed.has("Đã đóng"));
    let reopened = web
        .post(&format!("/can-bo/tin-tuyen-dung/{vacancy}/mo-lai"), &[])
        .await;
    assert!(reopened.has("Đã mở lại tin tuyển dụng"));

    // An edit without a reason is refused; with one, saved.
    let fields = [("name", "Công ty TNHH Hòa Xá Mới"), ("kind", "company")];
    let refused = web
        .post(&format!("/can-bo/doanh-nghiep/{employer}/sua"), &fields)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("Hãy ghi lý do sửa"));
    let mut with_reason = fields.to_vec();
    with_reason.push(("reason", "Đổi tên theo giấy phép mới"));
    let saved = web
        .post(
            &format!("/can-bo/doanh-nghiep/{employer}/sua"),
            &with_reason,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert!(saved.has("Công ty TNHH Hòa Xá Mới"));
}
