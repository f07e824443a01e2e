//! Signing up through the pages and the worker's own data: the API's
//! checks field by field, no takeover of a record on file, logged in at
//! once; consent that applies at once, the download, the deletion request.

use reqwest::StatusCode;
use vieclam_domain::registry::{CitizenId, Sex};

use crate::exchange::{add_worker, city};
use crate::helpers::spawn_app;
use crate::webkit::Web;

fn citizen_id(serial: u32) -> String {
    CitizenId::compose("001", Sex::Female, 1995, serial)
        .unwrap()
        .as_str()
        .to_owned()
}

#[tokio::test]
async fn a_worker_signs_up_is_logged_in_and_controls_their_data() {
    let app = spawn_app().await;
    let mut web = Web::new(&app);
    let choice = web.get("/dang-ky").await;
    assert!(choice.has("href=\"/dang-ky/nguoi-lao-dong\""));
    let form = web.get("/dang-ky/nguoi-lao-dong").await;
    assert!(form.has("list=\"unit-ds\""), "the commune has a typeahead");
    // The typeahead offers communes with their province and code.
    let options = web.get("/goi-y?kind=unit&residence=hoa+xa").await;
    assert!(
        options.has("Xã Hòa Xá, Thành phố Hà Nội (10417)"),
        "{}",
        options.body
    );

    // Every bad field is named, next to the field and in the summary.
    let id = citizen_id(4242);
    let bad = web
        .post(
            "/dang-ky/nguoi-lao-dong",
            &[
                ("full_name", "Nguyễn Thị Thủy"),
                ("citizen_id", &id),
                ("birth_date", "1996-04-12"), // not the year the ID says
                ("sex", "female"),
                ("residence", "Không Có Xã Này"),
                ("phone", ""),
                ("email", ""),
                ("password", "ngan"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.has("href=\"#residence\""), "the commune");
    assert!(
        !bad.has("value=\"ngan\""),
        "the password is never shown back"
    );
    let bad = web
        .post(
            "/dang-ky/nguoi-lao-dong",
            &[
                ("full_name", "Nguyễn Thị Thủy"),
                ("citizen_id", &id),
                ("birth_date", "1996-04-12"),
                ("sex", "female"),
                ("residence", "Xã Hòa Xá, Thành phố Hà Nội (10417)"),
                ("phone", ""),
                ("email", ""),
                ("password", "ngan"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for field in ["citizen_id", "password", "phone"] {
        assert!(
            bad.has(&format!("href=\"#{field}\"")),
            "{field} is named: {}",
            bad.body
        );
    }
    let users_before = app.store.count_users().await.unwrap();
    let done = web
        .post(
            "/dang-ky/nguoi-lao-dong",
            &[
                ("full_name", "Nguyễn Thị Thủy"),
                ("citizen_id", &id),
                ("birth_date", "1995-04-12"),
                ("sex", "female"),
                ("residence", "Xã Hòa Xá, Thành phố Hà Nội (10417)"),
                ("phone", "0912 345 678"),
                ("email", ""),
                ("password", "mật khẩu đủ dài"),
            ],
        )
        .await;
    assert_eq!(
        done.path, "/nguoi-lao-dong/ho-so/nghe",
        "straight to the CV"
    );
    assert!(done.has("Đăng xuất"), "logged in");
    assert_eq!(app.store.count_users().await.unwrap(), users_before + 1);

    // Consent is off until given; it applies at once.
    let privacy = web.get("/nguoi-lao-dong/du-lieu").await;
    assert!(!privacy.has("name=\"share_with_employers\" value=\"true\" checked"));
    let saved = web
        .post(
            "/nguoi-lao-dong/dong-y",
            &[("share_with_employers", "true")],
        )
        .await;
    assert!(saved.has("Đã lưu"));
    assert!(saved.has("name=\"share_with_employers\" value=\"true\" checked"));
    assert!(!saved.has("name=\"receive_messages\" value=\"true\" checked"));
    // The downloads are the worker's own data, with the session.
    let xlsx = web
        .client
        .get(format!("{}/api/v1/me/data.xlsx", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let json = web.get("/api/v1/me/data").await;
    assert!(json.has("Nguyễn Thị Thủy"));
    // The deletion request withdraws consent and is shown as pending.
    let asked = web
        .post(
            "/nguoi-lao-dong/yeu-cau-xoa",
            &[("reason", "Tôi đã có việc")],
        )
        .await;
    assert_eq!(asked.path, "/nguoi-lao-dong/du-lieu");
    assert!(asked.has("Bạn đã gửi yêu cầu ngày"));
    assert!(!asked.has("name=\"share_with_employers\" value=\"true\" checked"));
}

#[tokio::test]
async fn a_citizen_id_on_file_is_not_taken_over_and_nothing_is_written() {
    let app = spawn_app().await;
    city(&app).await;
    add_worker(&app, 77, "2025:00004").await;
    let on_file = CitizenId::compose("001", Sex::Male, 1990, 77).unwrap();
    let mut web = Web::new(&app);
    web.get("/dang-ky/nguoi-lao-dong").await;
    let users_before = app.store.count_users().await.unwrap();
    let refused = web
        .post(
            "/dang-ky/nguoi-lao-dong",
            &[
                ("full_name", "Kẻ Mạo Danh"),
                ("citizen_id", on_file.as_str()),
                ("birth_date", "1990-07-03"),
                ("sex", "male"),
                ("residence", "10417"),
                ("phone", "0987654321"),
                ("password", "mật khẩu đủ dài"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.has("liên hệ cán bộ lao động"));
    assert!(
        !refused.has("Ba Đình"),
        "where the person lives is not told"
    );
    assert_eq!(app.store.count_users().await.unwrap(), users_before);
    assert!(!refused.has("Đăng xuất"));
}

#[tokio::test]
async fn an_employer_signs_up_with_a_checked_tax_code() {
    let app = spawn_app().await;
    let mut web = Web::new(&app);
    web.get("/dang-ky/nha-tuyen-dung").await;
    let bad = web
        .post(
            "/dang-ky/nha-tuyen-dung",
            &[
                ("tax_code", "0101234567"),
                ("name", "Công ty TNHH May Hòa Xá"),
                ("kind", "company"),
                ("address_unit", "10417"),
                ("contact_name", "Đỗ Minh Quân"),
                ("email", "tuyendung@mayhoaxa.vn"),
                ("password", "mật khẩu đủ dài"),
            ],
        )
        .await;
    let digits = [0, 1, 0, 1, 2, 3, 4, 5, 6];
    let check = vieclam_domain::registry::TaxCode::check_digit(&digits).unwrap();
    let good = format!("010123456{check}");
    if good != "0101234567" {
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "a wrong check digit");
        assert!(bad.has("href=\"#tax_code\""));
    }
    let done = web
        .post(
            "/dang-ky/nha-tuyen-dung",
            &[
                ("tax_code", &good),
                ("name", "Công ty TNHH May Hòa Xá"),
                ("kind", "company"),
                ("address_unit", "Xã Hòa Xá, Thành phố Hà Nội (10417)"),
                ("contact_name", "Đỗ Minh Quân"),
                ("email", "TuyenDung@MayHoaXa.vn"),
                ("password", "mật khẩu đủ dài"),
            ],
        )
        .await;
    assert_eq!(done.path, "/nha-tuyen-dung");
    // The same tax code again is claimed through an officer, never taken.
    let mut other = Web::new(&app);
    other.get("/dang-ky/nha-tuyen-dung").await;
    let again = other
        .post(
            "/dang-ky/nha-tuyen-dung",
            &[
                ("tax_code", &good),
                ("name", "Công ty Mạo Danh"),
                ("kind", "company"),
                ("address_unit", "10417"),
                ("contact_name", "Ai Đó"),
                ("email", "khac@example.vn"),
                ("password", "mật khẩu đủ dài"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.has("Xã Hòa Xá"), "the unit that keeps it is named");
}
