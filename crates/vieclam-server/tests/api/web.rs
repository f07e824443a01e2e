//! The public pages over HTTP: what they show, in which language, with
//! which headers; hostile parameters; the login form, CSRF and the
//! language switch. (Journeys in a real browser: crates/vieclam/tests/browser.)

use reqwest::StatusCode;
use vieclam_domain::registry::{OccupationCode, Qualification, VacancyStatus};
use vieclam_domain::Role;

use crate::exchange::{add_employer, city, open_session};
use crate::helpers::{spawn_app, TestApp};
use crate::registers::{vacancy, worker};
use crate::webkit::Web;

/// An accountant's vacancy posted through the API by Hòa Xá's officer.
async fn accountant(app: &TestApp, employer: i64, status: VacancyStatus) -> i64 {
    let token = app.token("xa.hoaxa").await;
    let mut posting = vacancy(employer, status);
    posting.title = "Kế toán tổng hợp".to_owned();
    posting.occupation = Some(OccupationCode::parse("2411").unwrap());
    posting.qualification = Some(Qualification::University);
    let (code, body) = app
        .post(
            "/api/v1/vacancies",
            Some(&token),
            &serde_json::to_value(&posting).unwrap(),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_home_page_is_vietnamese_first_with_live_figures_and_strict_headers() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (employer, _) = add_employer(&app, 1, "2025:10417").await;
    accountant(&app, employer, VacancyStatus::Open).await;
    open_session(&app, &city, 10, 2).await;
    let response = app
        .client
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("vieclam_csrf=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
    );
    let body = response.text().await.unwrap();
    assert!(
        body.starts_with("<!doctype html>\n<html lang=\"vi\">"),
        "{}",
        &body[..80]
    );
    assert!(body.contains("Vị trí đang tuyển"));
    // Two open vacancies (the helper's and the accountant) of 5 positions
    // each, one session to come.
    assert!(
        body.contains("<strong>2</strong>Vị trí đang tuyển"),
        "figures missing"
    );
    assert!(body.contains("<strong>10</strong>Chỗ làm việc cần tuyển"));
    assert!(body.contains("<strong>1</strong>Phiên giao dịch sắp tới"));
    assert!(body.contains("Kế toán tổng hợp"));
    assert!(body.contains("9–12 triệu"), "wages as job ads write them");
    assert!(!body.contains("<script>"), "no inline script");
    assert!(
        body.len() < 100 * 1024,
        "the home page is {} bytes",
        body.len()
    );
}

#[tokio::test]
async fn the_english_switch_keeps_the_page_and_never_leaves_the_site() {
    let app = spawn_app().await;
    let mut web = Web::new(&app);
    let page = web.get("/ngon-ngu/en?next=/viec-lam%3Fq%3Dhan").await;
    assert_eq!(page.path, "/viec-lam");
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.has("Find a job"));
    let back = web.get("/ngon-ngu/vi?next=//evil.example/").await;
    assert_eq!(back.path, "/");
    assert!(back.body.contains("<html lang=\"vi\">"));
}

#[tokio::test]
async fn searching_without_accents_finds_the_vacancy_with_names_not_codes() {
    let app = spawn_app().await;
    city(&app).await;
    let (employer, welder) = add_employer(&app, 2, "2025:10417").await;
    let id = accountant(&app, employer, VacancyStatus::Open).await;
    let mut web = Web::new(&app);
    let page = web.get("/viec-lam?q=ke+toan").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has(&format!("href=\"/viec-lam/{id}\"")),
        "the accountant is found"
    );
    assert!(
        !page.has(&format!("href=\"/viec-lam/{welder}\"")),
        "the welder is not"
    );
    assert!(page.has("Kế toán tổng hợp"));
    // Facets by name with counts; a facet link filters in a shareable URL.
    assert!(page.has("Xã Hòa Xá"), "communes by name");
    assert!(page.has("Đại học"), "qualifications by name");
    assert!(
        !page.has(">10417<") && !page.has(">university<"),
        "never bare codes"
    );
    assert!(
        page.has("href=\"/viec-lam?q=ke+toan&#38;unit=2025%3A10417\""),
        "facet links keep the query: {}",
        page.body
    );
    // Every API filter is read from the address.
    let filtered = web
        .get("/viec-lam?q=ke+toan&qualification=university&wage_min=10000000&sort=wage&posted_within=7&contract_type=&disability_friendly=")
        .await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(filtered.has("Kế toán tổng hợp"));
    let none = web.get("/viec-lam?q=ke+toan&wage_min=13000000").await;
    assert!(!none.has("Kế toán tổng hợp"));
    // htmx asks for the results only.
    let response = app
        .client
        .get(format!("{}/viec-lam?q=ke+toan", app.address))
        .header("hx-request", "true")
        .header("hx-target", "ket-qua")
        .send()
        .await
        .unwrap();
    let part = response.text().await.unwrap();
    assert!(part.starts_with("<div id=\"ket-qua\""), "{}", &part[..60]);
    assert!(part.contains("Kế toán tổng hợp"));
}

#[tokio::test]
async fn hostile_search_parameters_get_a_page_with_a_clear_error() {
    let app = spawn_app().await;
    let mut web = Web::new(&app);
    for query in [
        "page=abc",
        "page=0",
        "wage_min=-5",
        "wage_min=99999999999999999999",
        "qualification=phd-of-hacking",
        "contract_type=%00",
        "posted_within=100000",
        "sort=evil",
        "unit=99999",
    ] {
        let page = web.get(&format!("/viec-lam?{query}")).await;
        assert!(page.status.is_client_error(), "{query}: {}", page.status);
        assert!(page.has("error-summary"), "{query}");
    }
    // A page past the deepest reachable is clamped, not an error.
    let deep = web.get("/viec-lam?page=18446744073709551615").await;
    assert_eq!(deep.status, StatusCode::OK);
    let long = "a".repeat(5_000);
    assert_eq!(
        web.get(&format!("/viec-lam?q={long}")).await.status,
        StatusCode::OK
    );
    assert_eq!(web.get("/goi-y?q=ke").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_closed_vacancy_is_not_found_for_the_public_but_read_by_its_officer() {
    let app = spawn_app().await;
    city(&app).await;
    let (employer, open) = add_employer(&app, 3, "2025:10417").await;
    let closed = accountant(&app, employer, VacancyStatus::Closed).await;
    let mut web = Web::new(&app);
    let page = web.get(&format!("/viec-lam/{open}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Thợ hàn điện") && page.has("Công ty TNHH Thử nghiệm số 3"));
    assert!(page.has("Xã Hòa Xá, Thành phố Hà Nội"), "the place by name");
    assert!(page.has("Cách ứng tuyển"));
    assert_eq!(
        web.get(&format!("/viec-lam/{closed}")).await.status,
        StatusCode::NOT_FOUND
    );
    for bad in [
        "/viec-lam/-1",
        "/viec-lam/abc",
        "/viec-lam/99999999999999999999",
    ] {
        let page = web.get(bad).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(page.body.contains("<html lang=\"vi\">"));
    }
    let mut officer = Web::new(&app);
    officer.login("xa.hoaxa").await;
    let page = officer.get(&format!("/viec-lam/{closed}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Đã đóng"));
}

#[tokio::test]
async fn unknown_paths_answer_html_for_people_and_json_under_the_api() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(format!("{}/khong-co-trang-nay", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let api = app
        .client
        .get(format!("{}/api/v1/khong-co", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert!(api.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let css = app
        .client
        .get(format!("{}/static/vieclam.css", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.text().await.unwrap().contains("@media print"));
    let missing = app
        .client
        .get(format!("{}/static/..%2F..%2FCargo.toml", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_login_form_logs_in_and_out_and_refuses_forms_without_a_token() {
    let app = spawn_app().await;
    app.add_account("nld.web", Role::Worker, None).await;
    let mut web = Web::new(&app);
    web.get("/dang-nhap").await;
    // Without the token (another site's form): refused, not logged in.
    let forged = web
        .post_without_token(
            "/dang-nhap",
            &[
                ("username", "nld.web"),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // With a token of another browser: refused.
    let mut other = Web::new(&app);
    other.get("/dang-nhap").await;
    web.csrf = other.csrf.clone();
    let stolen = web
        .post(
            "/dang-nhap",
            &[
                ("username", "nld.web"),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
    // A wrong password shows the form again with the reason.
    web.get("/dang-nhap").await;
    let wrong = web
        .post(
            "/dang-nhap",
            &[("username", "nld.web"), ("password", "sai-mat-khau-roi")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.has("error-summary"));
    assert!(
        !wrong.has("sai-mat-khau-roi"),
        "the password is never shown back"
    );
    let home = web.login("nld.web").await;
    assert!(home.has("Đăng xuất"));
    // The session's forms carry a new token: the one before login no longer works.
    let page = web.get("/").await;
    assert!(page.has("nld.web"));
    let out = web.post("/dang-xuat", &[]).await;
    assert_eq!(out.path, "/");
    assert!(out.has("Đăng nhập"));
    assert!(!out.has("Đăng xuất"));
}

#[tokio::test]
async fn the_public_figures_show_aggregates_and_hold_back_small_counts() {
    let app = spawn_app().await;
    let city = city(&app).await;
    open_session(&app, &city, 10, 2).await;
    let (code, body) = app
        .post(
            "/api/v1/workers",
            Some(&city.commune),
            &serde_json::to_value(worker(1, "2025:10417")).unwrap(),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{body}");
    let mut web = Web::new(&app);
    let page = web.get("/chi-so/10417").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Xã Hòa Xá"));
    assert!(page.has("Số lao động được giải quyết việc làm mới"));
    // One worker in the commune: rates are not published.
    assert!(page.has("(quá ít người)"), "{}", page.body);
    assert_eq!(web.get("/chi-so/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(web.get("/chi-so/99999").await.status, StatusCode::NOT_FOUND);
    let sessions = web.get("/phien-giao-dich").await;
    assert!(sessions.has("Phiên giao dịch việc làm hàng ngày"));
}
