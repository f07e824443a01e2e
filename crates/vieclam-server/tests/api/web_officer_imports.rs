//! The officers' import and export pages over HTTP, as a browser without
//! JavaScript uses them: an upload with bad rows (listed, nothing
//! written), the file with its problems downloaded, fixed and uploaded
//! again; occupation titles confirmed before anything is written; and
//! the denials — another commune's attempts, rows of people who live
//! elsewhere, files past the limit, roles that import nothing.

use reqwest::StatusCode;
use vieclam_domain::Role;
use vieclam_server::imports::waiting_imports;
use vieclam_server::ServerConfig;
use vieclam_store::{Area, ImportAttemptFilter, Page};

use crate::exchange::{add_worker, employer_account, worker_account};
use crate::helpers::{spawn_app, spawn_app_and_state, spawn_app_with, Backend, TestApp};
use crate::webkit::{csrf_of, Html, Web};

const HOA_XA: &str = "2025:10417";
const BA_DINH: &str = "2025:00004";
const HA_NOI: &str = "2025:01";

const ALL: Page = Page {
    limit: 1_000,
    offset: 0,
};

const HEADER: &str = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Số điện thoại\n";

/// A worker sheet of Hòa Xá: two good rows, and a third whose birth date
/// does not exist.
fn sheet_with_a_bad_date() -> String {
    format!(
        "\u{FEFF}{HEADER}Nguyễn Văn An,12/04/1995,Nam,001095000101,10417,0912345678\n\
         Trần Thị Bình,01/02/1988,Nữ,001188000102,10417,\n\
         Lê Văn Cường,31/02/1990,Nam,001090000103,10417,\n"
    )
}

/// Posts a file through the upload form as a browser does
/// (`multipart/form-data`: the token, the register, then the file).
async fn upload(web: &mut Web<'_>, kind: &str, name: &str, bytes: &[u8]) -> Html {
    upload_as(web, kind, name, bytes, false).await
}

/// [`upload`], sent as htmx sends it (`HX-Request`) when `htmx`.
async fn upload_as(web: &mut Web<'_>, kind: &str, name: &str, bytes: &[u8], htmx: bool) -> Html {
    if web.csrf.is_empty() {
        web.get("/can-bo/nhap-du-lieu").await;
    }
    let boundary = "----vieclam-test-boundary-7d2f";
    let mut body = Vec::new();
    for (field, value) in [("_csrf", web.csrf.as_str()), ("kind", kind)] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = web
        .client
        .post(format!("{}/can-bo/nhap-du-lieu", web.app.address))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        );
    if htmx {
        request = request.header("hx-request", "true");
    }
    let response = request.body(body).send().await.unwrap();
    let status = response.status();
    let path = match response.headers().get("hx-redirect") {
        Some(location) => location.to_str().unwrap().to_owned(),
        None => response.url().path().to_owned(),
    };
    let body = response.text().await.unwrap();
    if let Some(token) = csrf_of(&body) {
        web.csrf = token;
    }
    Html { status, path, body }
}

/// Downloads a file: (status, content type, bytes).
async fn download(web: &Web<'_>, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = web
        .client
        .get(format!("{}{path}", web.app.address))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

async fn officer<'a>(app: &'a TestApp, name: &str, role: Role, unit: Option<&str>) -> Web<'a> {
    app.add_account(name, role, unit).await;
    let mut web = Web::new(app);
    web.login(name).await;
    web
}

async fn n_workers(app: &TestApp) -> u64 {
    app.store.count_workers(&Area::All).await.unwrap()
}

#[tokio::test]
async fn bad_rows_are_listed_with_line_column_value_and_reason_and_nothing_is_written() {
    let (app, state) = spawn_app_and_state().await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let page = upload(
        &mut web,
        "workers",
        "khao-sat.csv",
        sheet_with_a_bad_date().as_bytes(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.path.starts_with("/can-bo/nhap-du-lieu/"),
        "{}",
        page.path
    );
    assert!(page.has("Chưa nhập dòng nào"), "{}", page.body);
    // Line 4 (the header is line 1), the column as written, the value, the
    // reason in the page's language.
    assert!(
        page.has("<td class=\"num\">4</td><td>Ngày sinh</td><td>31/02/1990</td>"),
        "{}",
        page.body
    );
    assert!(page.has("tep-loi"));
    assert_eq!(n_workers(&app).await, 0, "nothing is written");

    // The attempt waits, for the dashboard and on the upload page.
    let principal = vieclam_domain::Principal {
        user_id: None,
        role: Role::UnitOfficer,
        scope: Some(
            vieclam_domain::UnitKey::parse(HOA_XA, vieclam_server::vietnam_today()).unwrap(),
        ),
    };
    let waiting = waiting_imports(&state, &principal).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].n_rows, waiting[0].n_bad_rows), (3, 1));
    let form = web.get("/can-bo/nhap-du-lieu").await;
    assert!(form.has("Lần nhập đang chờ xử lý"));
    assert!(form.has("khao-sat.csv"));

    // In English, the reason is in English.
    web.get("/ngon-ngu/en?next=/can-bo").await;
    let english = web.get(&page.path).await;
    assert!(english.has("Nothing was imported"), "{}", english.body);
    assert!(!english.has("Chưa nhập dòng nào"));
}

#[tokio::test]
async fn the_problems_file_round_trips_fix_the_bad_cell_and_upload_again() {
    let (app, state) = spawn_app_and_state().await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let refused = upload(
        &mut web,
        "workers",
        "khao-sat.csv",
        sheet_with_a_bad_date().as_bytes(),
    )
    .await;
    let (status, content_type, file) = download(&web, &format!("{}/tep-loi", refused.path)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(
        file.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a BOM, for Excel"
    );
    let text = String::from_utf8(file).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",Lỗi / Problems"));
    let bad_line = text.lines().nth(3).unwrap();
    assert!(
        bad_line.contains("31/02/1990") && bad_line.contains("Ngày sinh"),
        "{bad_line}"
    );

    // The officer fixes the cell and uploads the file as it is.
    let fixed = text.replacen("31/02/1990", "28/02/1990", 1);
    let imported = upload(&mut web, "workers", "khao-sat-da-sua.csv", fixed.as_bytes()).await;
    assert!(imported.has("Đã nhập xong"), "{}", imported.body);
    assert!(
        imported.has("/can-bo/nguoi-lao-dong"),
        "a link to the register"
    );
    assert_eq!(n_workers(&app).await, 3);
    // The earlier attempt is no longer waiting, and its file is gone.
    let principal = vieclam_domain::Principal {
        user_id: None,
        role: Role::UnitOfficer,
        scope: Some(
            vieclam_domain::UnitKey::parse(HOA_XA, vieclam_server::vietnam_today()).unwrap(),
        ),
    };
    assert!(waiting_imports(&state, &principal)
        .await
        .unwrap()
        .is_empty());
    let (status, _, _) = download(&web, &format!("{}/tep-loi", refused.path)).await;
    assert_eq!(status, StatusCode::GONE);

    // An XLSX file comes back as XLSX, the problems column added.
    let workbook = vieclam_sheets::write_workbook(&[vieclam_sheets::SheetData {
        name: "NLD".to_owned(),
        headers: HEADER.trim().split(',').map(str::to_owned).collect(),
        rows: vec![vec![
            "Phạm Văn Dũng".to_owned(),
            "01/13/1990".to_owned(),
            "Nam".to_owned(),
            "001090000104".to_owned(),
            "10417".to_owned(),
            String::new(),
        ]],
    }])
    .unwrap();
    let refused = upload(&mut web, "workers", "khao-sat.xlsx", &workbook).await;
    assert!(refused.has("Chưa nhập dòng nào"), "{}", refused.body);
    let (_, content_type, file) = download(&web, &format!("{}/tep-loi", refused.path)).await;
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let table = vieclam_sheets::read_table(&file).unwrap();
    assert_eq!(table.headers.last().unwrap(), "Lỗi / Problems");
    assert!(table.rows[0]
        .cells
        .last()
        .unwrap()
        .text
        .contains("01/13/1990"));
}

#[tokio::test]
async fn an_officer_of_another_commune_cannot_read_or_download_an_attempt() {
    let app = spawn_app().await;
    let mut hoa_xa = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let refused = upload(
        &mut hoa_xa,
        "workers",
        "khao-sat.csv",
        sheet_with_a_bad_date().as_bytes(),
    )
    .await;
    let attempt = refused.path.clone();
    assert!(refused.has("Chưa nhập dòng nào"));

    let mut ba_dinh = officer(&app, "phuong.badinh", Role::UnitOfficer, Some(BA_DINH)).await;
    for path in [
        attempt.clone(),
        format!("{attempt}/tien-do"),
        format!("{attempt}/tep-loi"),
    ] {
        let page = ba_dinh.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.has("31/02/1990"), "{path}");
    }
    for path in [format!("{attempt}/bo-qua"), format!("{attempt}/xac-nhan")] {
        let page = ba_dinh.post(&path, &[("ma_0", "7212")]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    let list = ba_dinh.get("/can-bo/nhap-du-lieu").await;
    assert!(!list.has("khao-sat.csv"), "lists keep to the unit");
    // An id that never existed reads the same as another unit's.
    assert_eq!(
        ba_dinh.get("/can-bo/nhap-du-lieu/99999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ba_dinh
            .get("/can-bo/nhap-du-lieu/khong-phai-so")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The province above Hòa Xá reads it; Hòa Xá's attempt is still
    // waiting (the other officer's set-aside did nothing).
    let mut province = officer(&app, "so.hanoi", Role::ProvinceOfficer, Some(HA_NOI)).await;
    let page = province.get(&attempt).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("31/02/1990"));
    assert!(hoa_xa.get(&attempt).await.has("Chưa nhập dòng nào"));
}

#[tokio::test]
async fn a_row_for_a_worker_living_in_another_commune_is_refused() {
    let app = spawn_app().await;
    // A worker registered in Ba Đình, whose citizen ID Hòa Xá's file names.
    add_worker(&app, 77, BA_DINH).await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let sheet = format!(
        "{HEADER}Nguyễn Văn An,12/04/1995,Nam,001095000101,10417,\n\
         Hoàng Văn Em,01/01/1991,Nam,001091000105,00004,\n\
         Đặng Văn Khoa,03/07/1990,Nam,001090000077,10417,\n"
    );
    let page = upload(&mut web, "workers", "khao-sat.csv", sheet.as_bytes()).await;
    assert!(page.has("Chưa nhập dòng nào"), "{}", page.body);
    assert!(
        page.has("<td class=\"num\">3</td><td>Mã xã</td>"),
        "{}",
        page.body
    );
    assert!(page.has("nằm ngoài địa bàn"), "{}", page.body);
    assert!(page.has("Đã đăng ký ở đơn vị khác"), "{}", page.body);
    assert!(!page.has("Phường Ba Đình"), "the other unit is not named");
    assert_eq!(n_workers(&app).await, 1, "only Ba Đình's own worker");
    let stored = app.store.list_workers(&Area::All, ALL).await.unwrap();
    assert_eq!(
        stored[0].profile.residence.to_string(),
        BA_DINH,
        "untouched"
    );
}

#[tokio::test]
async fn an_oversized_file_is_refused_with_a_clear_page_and_nothing_kept() {
    let mut config = ServerConfig::default();
    config.sheet_limits.max_bytes = 2_000;
    let app = spawn_app_with(Backend::Sqlite, config).await.unwrap();
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let mut sheet = HEADER.to_owned();
    for serial in 0..100 {
        sheet.push_str(&format!(
            "Nguyễn Văn An,12/04/1995,Nam,0010950{serial:05},10417,\n"
        ));
    }
    assert!(sheet.len() > 2_000);
    let page = upload(&mut web, "workers", "lon.csv", sheet.as_bytes()).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.has("Tệp quá lớn"), "{}", page.body);
    let attempts = app
        .store
        .list_import_attempts(&ImportAttemptFilter {
            limit: 10,
            ..ImportAttemptFilter::default()
        })
        .await
        .unwrap();
    assert!(attempts.is_empty(), "nothing of it is kept");
    assert_eq!(n_workers(&app).await, 0);
}

#[tokio::test]
async fn workers_and_employers_get_403_and_visitors_are_sent_to_login() {
    let app = spawn_app().await;
    let mut visitor = Web::new(&app);
    for path in [
        "/can-bo/nhap-du-lieu",
        "/can-bo/xuat-du-lieu",
        "/can-bo/nhap-du-lieu/1",
    ] {
        let page = visitor.get(path).await;
        assert_eq!(page.path, "/dang-nhap", "{path}");
    }
    worker_account(&app, "nld.thu", 5, HOA_XA).await;
    employer_account(&app, "dn.thu", 6).await;
    let partner = officer(&app, "nhcsxh.thu", Role::PartnerAgency, Some(HA_NOI)).await;
    for (name, mut web) in [("nld.thu", Web::new(&app)), ("dn.thu", Web::new(&app))] {
        web.login(name).await;
        for path in [
            "/can-bo/nhap-du-lieu",
            "/can-bo/xuat-du-lieu",
            "/can-bo/xuat-du-lieu/tai?kind=workers&format=csv",
            "/can-bo/nhap-du-lieu/mau/workers",
        ] {
            assert_eq!(
                web.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{name} {path}"
            );
        }
        web.get("/").await;
        let page = upload(
            &mut web,
            "workers",
            "a.csv",
            sheet_with_a_bad_date().as_bytes(),
        )
        .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{name}");
    }
    let mut partner = partner;
    assert_eq!(
        partner.get("/can-bo/nhap-du-lieu").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        n_workers(&app).await,
        1,
        "only the worker account's own record"
    );
    // A form without its token is refused too.
    let mut officer_web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    officer_web.csrf = "forged".to_owned();
    let page = upload(
        &mut officer_web,
        "workers",
        "a.csv",
        sheet_with_a_bad_date().as_bytes(),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn occupation_titles_are_confirmed_before_anything_is_written() {
    let app = spawn_app().await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let sheet = concat!(
        "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Nghề nghiệp\n",
        "Nguyễn Văn An,12/04/1995,Nam,001095000101,10417,thợ hàn: 3\n",
        "Trần Văn Bảo,01/02/1988,Nam,001088000106,10417,Thợ Hàn\n",
        "Lê Thị Cúc,01/02/1989,Nữ,001189000107,10417,nhân viên bán hàng\n"
    );
    let page = upload(&mut web, "workers", "nghe-bang-chu.csv", sheet.as_bytes()).await;
    assert!(page.has("Xác nhận và nhập"), "{}", page.body);
    // Each distinct title once, the suggested occupation by name and code.
    assert_eq!(page.body.matches("name=\"ma_").count(), 2, "{}", page.body);
    assert!(page.has("<option value=\"7212\""), "{}", page.body);
    assert_eq!(n_workers(&app).await, 0, "nothing before the confirmation");

    // A code that is not a unit group is refused with the form again.
    let again = web
        .post(
            &format!("{}/xac-nhan", page.path),
            &[("ma_0", "7212"), ("khac_1", "99")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.has("error-summary"));
    // The officer keeps the welder and changes the second title's code.
    let done = web
        .post(
            &format!("{}/xac-nhan", page.path),
            &[("ma_0", "7212"), ("ma_1", "5223"), ("khac_1", "5221")],
        )
        .await;
    assert!(done.has("Đã nhập xong"), "{}", done.body);
    let stored = app.store.list_workers(&Area::All, ALL).await.unwrap();
    assert_eq!(stored.len(), 3);
    let code_of = |name: &str| {
        stored
            .iter()
            .find(|record| record.profile.full_name.as_str() == name)
            .map(|record| {
                (
                    record.profile.occupations[0].code.as_str().to_owned(),
                    record.profile.occupations[0].years,
                )
            })
            .unwrap()
    };
    assert_eq!(code_of("Nguyễn Văn An"), ("7212".to_owned(), 3));
    assert_eq!(code_of("Trần Văn Bảo"), ("7212".to_owned(), 0));
    assert_eq!(code_of("Lê Thị Cúc"), ("5221".to_owned(), 0));
}

#[tokio::test]
async fn a_large_file_is_checked_off_the_request_and_its_page_follows_it() {
    let app = spawn_app().await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let mut sheet = HEADER.to_owned();
    let mut serial = 0;
    while sheet.len() <= 300 * 1024 {
        serial += 1;
        sheet.push_str(&format!(
            "Nguyễn Văn An,12/04/1995,Nam,0010950{serial:05},10417,0912345678\n"
        ));
    }
    let page = upload(&mut web, "workers", "lon.csv", sheet.as_bytes()).await;
    assert_eq!(page.status, StatusCode::OK);
    // Running (a progress bar, a refresh link) or already done; polled
    // until done.
    let mut page = page;
    for _ in 0..600 {
        if !page.has("<progress") {
            break;
        }
        assert!(page.has("Tải lại trang"), "{}", page.body);
        let fragment = web.get(&format!("{}/tien-do", page.path)).await;
        assert!(fragment.status.is_success() || fragment.status.is_redirection());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        page = web.get(&page.path).await;
    }
    assert!(page.has("Đã nhập xong"), "{}", page.body);
    assert_eq!(n_workers(&app).await, serial as u64);
}

#[tokio::test]
async fn the_export_page_says_what_is_masked_and_exports_only_the_unit() {
    let app = spawn_app().await;
    add_worker(&app, 77, BA_DINH).await;
    add_worker(&app, 78, HOA_XA).await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let page = web.get("/can-bo/xuat-du-lieu").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Phần được che"), "{}", page.body);
    let (status, content_type, file) =
        download(&web, "/can-bo/xuat-du-lieu/tai?kind=workers&format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"));
    let text = String::from_utf8(file).unwrap();
    assert!(text.contains("001090000078"), "{text}");
    assert!(
        !text.contains("001090000077"),
        "Ba Đình's worker is not Hòa Xá's to export"
    );
    let (status, _, _) = download(&web, "/can-bo/xuat-du-lieu/tai?kind=nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The template files.
    let (status, content_type, _) =
        download(&web, "/can-bo/nhap-du-lieu/mau/workers?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.contains("spreadsheetml"));
}

#[tokio::test]
async fn htmx_is_sent_to_the_attempt_page_and_a_refused_upload_shows_its_problems() {
    let app = spawn_app().await;
    let mut web = officer(&app, "xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)).await;
    let sent = upload_as(
        &mut web,
        "workers",
        "khao-sat.csv",
        sheet_with_a_bad_date().as_bytes(),
        true,
    )
    .await;
    assert_eq!(sent.status, StatusCode::NO_CONTENT);
    assert!(
        sent.path.starts_with("/can-bo/nhap-du-lieu/"),
        "{}",
        sent.path
    );
    assert!(web.get(&sent.path).await.has("31/02/1990"));
    // No file: the form again, with its error summary.
    let empty = upload_as(&mut web, "workers", "", b"", true).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.has("error-summary") && empty.has("href=\"#file\""),
        "{}",
        empty.body
    );
}
