//! Import and export over HTTP: whole-file checks, area limits, masking.

use reqwest::StatusCode;
use serde_json::Value;
use vieclam_domain::Role;
use vieclam_store::Area;

use crate::helpers::{assert_error, spawn_app, TestApp};

const GOOD: &str = "\u{FEFF}Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Số điện thoại\n\
                    Nguyễn Văn An,12/04/1995,Nam,001095000001,10417,0912345678\n\
                    Trần Thị Bình,01/02/1988,Nữ,001188000002,10417,\n";

async fn upload(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .header("content-type", "text/csv")
        .body(body.to_vec());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_officer_imports_a_sheet_and_a_reimport_changes_nothing() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let (status, report) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        GOOD.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["inserted"], 2);
    assert_eq!(report["encoding"], "UTF-8 (BOM)");
    let (_, again) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        GOOD.as_bytes(),
    )
    .await;
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(app.store.count_workers(&Area::All).await.unwrap(), 2);
}

#[tokio::test]
async fn a_sheet_with_bad_rows_imports_nothing_unless_asked() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let sheet = format!("{GOOD}Lê Văn C,31/02/1990,Nam,001090000003,10417,\nPhạm D,01/01/1990,Nam,001090000004,00004,\n");
    let (status, body) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        sheet.as_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rows_invalid",
    );
    let problems = body["error"]["details"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0]["line"], 4);
    assert_eq!(problems[1]["line"], 5, "Ba Đình lies outside Hòa Xá's area");
    assert_eq!(app.store.count_workers(&Area::All).await.unwrap(), 0);

    let (status, report) = upload(
        &app,
        "/api/v1/import/workers?skip_invalid=true",
        Some(&token),
        sheet.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["inserted"], 2);
    assert_eq!(report["n_bad_rows"], 2);
}

#[tokio::test]
async fn unreadable_files_and_unknown_registers_are_refused() {
    let app = spawn_app().await;
    app.add_account("admin", Role::Admin, None).await;
    let token = app.token("admin").await;
    let (status, body) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        &[0x81, 0x8D, 0x8F, b'\n', 0x90],
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "sheet_unreadable",
    );
    let (status, body) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        b"Ho va ten\nAn\n",
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "sheet_unreadable",
    );
    let (status, body) = upload(
        &app,
        "/api/v1/import/payrolls",
        Some(&token),
        GOOD.as_bytes(),
    )
    .await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn roles_without_the_right_may_not_import_or_export_people() {
    let app = spawn_app().await;
    app.add_account("nld", Role::Worker, None).await;
    app.add_account("nhcsxh", Role::PartnerAgency, Some("2025:01"))
        .await;
    for username in ["nld", "nhcsxh"] {
        let token = app.token(username).await;
        let (status, body) = upload(
            &app,
            "/api/v1/import/workers",
            Some(&token),
            GOOD.as_bytes(),
        )
        .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, body) = app
            .get("/api/v1/export/workers?format=csv", Some(&token))
            .await;
        assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
    }
    let (status, body) = upload(&app, "/api/v1/import/workers", None, GOOD.as_bytes()).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn exports_are_masked_for_exchange_staff_and_whole_for_officers() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("ttdvvl", Role::ExchangeStaff, Some("2025:01"))
        .await;
    let officer = app.token("xa.hoaxa").await;
    upload(
        &app,
        "/api/v1/import/workers",
        Some(&officer),
        GOOD.as_bytes(),
    )
    .await;
    let (status, whole) = app
        .get("/api/v1/export/workers?format=csv", Some(&officer))
        .await;
    assert_eq!(status, StatusCode::OK);
    let whole = whole.as_str().unwrap().to_owned();
    assert!(
        whole.contains("001095000001") && whole.contains("0912345678"),
        "{whole}"
    );
    let (_, masked) = app
        .get(
            "/api/v1/export/workers?format=csv",
            Some(&app.token("ttdvvl").await),
        )
        .await;
    let masked = masked.as_str().unwrap().to_owned();
    assert!(
        !masked.contains("001095000001") && masked.contains("001******001"),
        "{masked}"
    );
    assert!(masked.contains("Nguyễn Văn An"));
    let (status, body) = app
        .get("/api/v1/export/workers?format=pdf", Some(&officer))
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    // The XLSX export imports back unchanged.
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/export/workers", app.address))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    let xlsx = response.bytes().await.unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let (status, report) = upload(&app, "/api/v1/import/workers", Some(&officer), &xlsx).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["unchanged"], 2);
}

#[tokio::test]
async fn a_citizen_id_already_stored_updates_its_record() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        GOOD.as_bytes(),
    )
    .await;
    let changed = GOOD.replace("0912345678", "0987654321");
    let (status, report) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        changed.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (
            report["inserted"].as_u64(),
            report["updated"].as_u64(),
            report["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );
    let worker = app
        .store
        .find_worker_by_citizen_id("001095000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(worker.profile.phone.unwrap().as_str(), "0987654321");
}

#[tokio::test]
async fn employers_then_their_vacancies_import_from_sheets() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let employers =
        "Mã số thuế,Tên đơn vị,Loại hình,Mã ngành,Quy mô lao động,Mã xã,Điện thoại liên hệ\n\
                     0100112437,Công ty TNHH May Hòa Xá,Công ty TNHH,1410,120,10417,024 3825 1234\n\
                     ,Hộ kinh doanh Mây tre Phú Lương,Hộ kinh doanh,,5,10417,\n";
    let (status, report) = upload(
        &app,
        "/api/v1/import/employers",
        Some(&token),
        employers.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["inserted"], 2);
    let (_, again) = upload(
        &app,
        "/api/v1/import/employers",
        Some(&token),
        employers.as_bytes(),
    )
    .await;
    assert_eq!(again["unchanged"], 2);

    let vacancies = "Mã số thuế,Vị trí tuyển dụng,Mã nghề,Số lượng cần tuyển,Mức lương,Nơi làm việc (mã xã),Hạn nộp hồ sơ\n\
                     0100112437,Công nhân may công nghiệp,7533,30,7-10 triệu,10417,31/12/2026\n\
                     0100112437,Tổ trưởng chuyền may,,2,Thỏa thuận,10417,\n\
                     0101234567,Thợ hàn,7212,3,9 triệu,10417,\n";
    let (status, body) = upload(
        &app,
        "/api/v1/import/vacancies",
        Some(&token),
        vacancies.as_bytes(),
    )
    .await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rows_invalid",
    );
    let problems = body["error"]["details"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0]["line"], 4,
        "an unknown employer's tax code (or a bad check digit)"
    );
    let (status, report) = upload(
        &app,
        "/api/v1/import/vacancies?skip_invalid=true",
        Some(&token),
        vacancies.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["inserted"], 2);
    let (_, public) = app.get("/api/v1/vacancies", None).await;
    let titles: Vec<&str> = public
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["posting"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Công nhân may công nghiệp", "Tổ trưởng chuyền may"]
    );
}

#[tokio::test]
async fn an_occupation_read_from_vague_words_is_imported_and_flagged_for_an_officer() {
    let app = spawn_app().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let sheet = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Nghề mong muốn\n\
                 Nguyễn Văn An,12/04/1995,Nam,001095000001,10417,thợ hàn\n\
                 Trần Thị Bình,01/02/1988,Nữ,001188000002,10417,kỹ thuật\n";
    let (status, report) = upload(
        &app,
        "/api/v1/import/workers",
        Some(&token),
        sheet.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["inserted"], 2, "a warning does not stop a row");
    assert_eq!(report["n_warnings"], 1, "{report}");
    let warning = &report["warnings"][0];
    assert_eq!(warning["line"], 3);
    assert_eq!(warning["value"], "kỹ thuật");
    assert!(
        warning["reason_vi"]
            .as_str()
            .unwrap()
            .contains("cán bộ cần xác nhận"),
        "{warning}"
    );
}
