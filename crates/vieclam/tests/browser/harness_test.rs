//! The harness tested on itself: pages with known defects, served by a
//! throwaway server under a strict Content-Security-Policy, must make axe,
//! JavaScript switching and screenshots do what the page tests rely on.

use std::collections::HashMap;

use axum::extract::{Form, Query};
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::harness::{accessibility_failures, browser_available, Browser, Demo, DEMO_PASSWORD};

/// The policy the vieclam pages are served with: no inline script, nothing
/// from elsewhere.
const STRICT_POLICY: &str = "default-src 'self'";

fn strict(content_type: &'static str, body: String) -> impl IntoResponse {
    (
        [
            (header::CONTENT_SECURITY_POLICY, STRICT_POLICY),
            (header::CONTENT_TYPE, content_type),
        ],
        body,
    )
}

fn page(title: &str, body: &str) -> impl IntoResponse {
    strict(
        "text/html; charset=utf-8",
        format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><link rel=\"stylesheet\" href=\"/style.css\">\
             <script src=\"/script.js\" defer></script></head>\
             <body><main><h1>{title}</h1>{body}</main></body></html>"
        ),
    )
}

/// A page with two defects axe rates serious or critical (an image without
/// alternative text, a field without a label) and an inline script that the
/// policy must block.
async fn defective() -> impl IntoResponse {
    page(
        "Trang lỗi",
        "<p id=\"js-state\">off</p>\
         <img src=\"/pixel.svg\" width=\"10\" height=\"10\">\
         <form action=\"/\"><input type=\"text\" name=\"q\"></form>\
         <script>document.title = 'inline script ran';</script>",
    )
}

/// An accessible page, taller than any window (its style sheet makes it
/// so: the policy ignores inline styles), so that a screenshot of the window
/// alone would be too short.
async fn clean() -> impl IntoResponse {
    page(
        "Trang sạch",
        "<p id=\"js-state\">off</p>\
         <form id=\"search\" action=\"/tim\"><label for=\"q\">Tìm việc</label>\
         <input id=\"q\" type=\"text\" name=\"q\" value=\"cũ\">\
         <button type=\"submit\">Tìm</button></form>\
         <div class=\"tall\">Nội dung dài</div><p id=\"end\">Hết trang</p>",
    )
}

async fn search(Query(query): Query<HashMap<String, String>>) -> impl IntoResponse {
    let asked = query.get("q").cloned().unwrap_or_default();
    page("Kết quả", &format!("<p id=\"asked\">{asked}</p>"))
}

/// A login page shaped as vieclam's (`username`, `password`, a submit button).
async fn login_form() -> impl IntoResponse {
    page(
        "Đăng nhập",
        "<form method=\"post\" action=\"/dang-nhap\">\
         <label for=\"username\">Tên đăng nhập</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\">\
         <label for=\"password\">Mật khẩu</label>\
         <input id=\"password\" name=\"password\" type=\"password\">\
         <button type=\"submit\">Đăng nhập</button></form>",
    )
}

async fn login_posted(Form(form): Form<HashMap<String, String>>) -> impl IntoResponse {
    let greeting = match (form.get("username"), form.get("password")) {
        (Some(username), Some(password)) if password == DEMO_PASSWORD => {
            format!("Xin chào {username}")
        }
        _ => "Sai tên đăng nhập hoặc mật khẩu".to_owned(),
    };
    page("Đăng nhập", &format!("<p id=\"greeting\">{greeting}</p>"))
}

async fn style() -> impl IntoResponse {
    strict("text/css", ".tall { height: 3000px; }".to_owned())
}

async fn language(headers: HeaderMap) -> impl IntoResponse {
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    page("Ngôn ngữ", &format!("<p id=\"language\">{asked}</p>"))
}

async fn script() -> impl IntoResponse {
    strict(
        "text/javascript",
        "document.getElementById('js-state').textContent = 'on';".to_owned(),
    )
}

async fn pixel() -> impl IntoResponse {
    strict(
        "image/svg+xml",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".to_owned(),
    )
}

/// Serves the test pages on a free port for as long as the test runs.
async fn serve_test_pages() -> String {
    let app = Router::new()
        .route("/defective", get(defective))
        .route("/clean", get(clean))
        .route("/language", get(language))
        .route("/tim", get(search))
        .route("/dang-nhap", get(login_form).post(login_posted))
        .route("/style.css", get(style))
        .route("/script.js", get(script))
        .route("/pixel.svg", get(pixel));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

/// The PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[tokio::test]
async fn the_served_openapi_document_opens_in_the_browser() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::start(false).await.on(&demo);
    browser.goto("/api/openapi.json").await;
    assert_eq!(browser.current_path().await, "/api/openapi.json");
    let text = browser.text_of("body").await;
    assert!(
        text.contains("\"openapi\""),
        "{}",
        &text[..text.len().min(300)]
    );
    let bytes = demo.page_bytes("/api/openapi.json").await;
    assert!(bytes > 10_000, "{bytes} bytes");
    assert_eq!(browser.page_bytes().await, bytes);
}

#[tokio::test]
async fn axe_reports_the_defects_of_a_page_under_a_strict_policy() {
    if !browser_available() {
        return;
    }
    let base_url = serve_test_pages().await;
    let browser = Browser::start(true).await.with_base_url(&base_url);

    browser.goto("/defective").await;
    // The policy is in force: the inline script did not run.
    assert_eq!(browser.client().title().await.unwrap(), "Trang lỗi");
    let violations = browser.axe().await;
    for rule in ["image-alt", "label"] {
        let found = violations.iter().find(|violation| violation.id == rule);
        let found = found.unwrap_or_else(|| panic!("axe missed {rule}: {violations:#?}"));
        assert!(found.is_serious(), "{found:?}");
        assert!(!found.targets.is_empty(), "{found:?}");
    }
    let failures = accessibility_failures("defective", &violations).expect("serious ones");
    assert!(
        failures.contains("image-alt") && failures.contains("label"),
        "{failures}"
    );

    browser.goto("/clean").await;
    let violations = browser.axe().await;
    assert_eq!(accessibility_failures("clean", &violations), None);
    browser.assert_accessible("clean").await;
}

#[tokio::test]
async fn axe_runs_where_the_page_may_not_run_javascript() {
    if !browser_available() {
        return;
    }
    let base_url = serve_test_pages().await;
    let browser = Browser::start(false).await.with_base_url(&base_url);
    browser.goto("/defective").await;
    let violations = browser.axe().await;
    assert!(
        violations
            .iter()
            .any(|violation| violation.id == "image-alt"),
        "{violations:#?}"
    );
}

#[tokio::test]
async fn javascript_off_runs_no_page_script_and_on_runs_it() {
    if !browser_available() {
        return;
    }
    let base_url = serve_test_pages().await;

    let without = Browser::start(false).await.with_base_url(&base_url);
    without.goto("/clean").await;
    assert!(!without.js());
    // The script is deferred: by the time the page has loaded it would have run.
    assert_eq!(without.text_of("#js-state").await, "off");

    let with = Browser::start(true).await.with_base_url(&base_url);
    with.goto("/clean").await;
    with.wait_for("#end").await;
    assert_eq!(with.text_of("#js-state").await, "on");
}

#[tokio::test]
async fn screenshots_cover_the_whole_page_at_phone_and_desktop_width() {
    if !browser_available() {
        return;
    }
    let base_url = serve_test_pages().await;
    for (desktop, name, width) in [
        (false, "harness-phone", 412),
        (true, "harness-desktop", 1280),
    ] {
        let browser = if desktop {
            Browser::desktop(false).await
        } else {
            Browser::start(false).await
        };
        let browser = browser.with_base_url(&base_url);
        browser.goto("/clean").await;
        let path = browser.shot(name).await;
        let (png_width, png_height) = png_size(&std::fs::read(&path).unwrap());
        assert_eq!(png_width, width, "{}", path.display());
        assert!(
            png_height > 3000,
            "{}: {png_height} px high",
            path.display()
        );
    }
}

#[tokio::test]
async fn the_browser_asks_for_vietnamese() {
    if !browser_available() {
        return;
    }
    let base_url = serve_test_pages().await;
    let browser = Browser::start(false).await.with_base_url(&base_url);
    browser.goto("/language").await;
    let asked = browser.text_of("#language").await;
    assert!(asked.starts_with("vi"), "Accept-Language: {asked}");
}

#[tokio::test]
async fn forms_are_filled_and_submitted_with_and_without_javascript() {
    if !browser_available() {
        return;
    }
    let base_url = serve_test_pages().await;
    let phone_without_js = Browser::start(false).await.with_base_url(&base_url);
    fill_and_submit(&phone_without_js).await;
    drop(phone_without_js);
    // With JavaScript on, chromedriver's click tends to return before the
    // next page has loaded; the helpers must wait for it all the same.
    let desktop_with_js = Browser::desktop(true).await.with_base_url(&base_url);
    fill_and_submit(&desktop_with_js).await;
}

async fn fill_and_submit(browser: &Browser) {
    browser.goto("/clean").await;
    assert_eq!(browser.find_all("#search input").await.len(), 1);
    browser.fill("#q", "thợ hàn").await;
    browser.submit("#search").await;
    assert_eq!(browser.current_path().await, "/tim");
    assert_eq!(browser.text_of("#asked").await, "thợ hàn");

    browser.login("nld.demo", DEMO_PASSWORD).await;
    assert_eq!(browser.text_of("#greeting").await, "Xin chào nld.demo");
    browser.login("nld.demo", "not the password").await;
    assert_eq!(
        browser.text_of("#greeting").await,
        "Sai tên đăng nhập hoặc mật khẩu"
    );
}
