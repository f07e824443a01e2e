//! The officers' import in Chromium, as `xa.hoaxa` walks it: a survey CSV
//! of workers living in Xã Hòa Xá with one bad row is refused with the
//! table of its problems; the officer downloads the file with its column
//! of problems, fixes the cell, uploads it again and sees it imported.
//! Then the export page. Every page screenshotted and checked with axe.
//!
//! The demo city is shared with the other browser tests: the citizen IDs
//! are made for this run, far above the demo's own.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use vieclam_domain::registry::{CitizenId, Sex};

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

/// Screenshots the page and checks it with axe.
async fn look(browser: &Browser, name: &str) {
    browser.shot(name).await;
    browser.assert_accessible(name).await;
}

/// Sends `path` through the upload form as a worker list.
async fn upload(browser: &Browser, path: &std::path::Path) {
    browser.goto("/can-bo/nhap-du-lieu").await;
    browser.click("#kind-workers").await;
    let input = browser.find("#file").await;
    input
        .send_keys(path.to_str().expect("a UTF-8 temporary path"))
        .await
        .expect("the file is chosen");
    browser.click("#tai-len button[type=submit]").await;
    // htmx sends the file and, once it is checked, the server sends the
    // browser to the attempt's page. A slow machine checks slowly: wait
    // longer than a page load, and say what the page shows if it fails.
    for _ in 0..600 {
        if browser.current_path().await != "/can-bo/nhap-du-lieu" {
            browser.wait_for("main h1").await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    browser.shot("officer-imports-upload-stuck").await;
    panic!(
        "the upload did not lead to its page: {}",
        browser.text_of("main").await
    );
}

#[tokio::test]
async fn an_officer_fixes_a_refused_sheet_and_imports_it() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::desktop(true).await.on(&demo);
    browser.login("xa.hoaxa", DEMO_PASSWORD).await;
    let registered = "Người lao động trong sổ";
    let before = crate::officer::dashboard_figure(&browser, registered).await;
    browser.goto("/can-bo/nhap-du-lieu").await;
    look(&browser, "officer-imports-form").await;

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    let base = 900_000 + nanos % 90_000;
    let id = |offset: u32, sex: Sex, year: i32| {
        CitizenId::compose("001", sex, year, base + offset)
            .unwrap()
            .as_str()
            .to_owned()
    };
    let sheet = format!(
        "\u{FEFF}Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Nghề nghiệp\n\
         Nguyễn Văn Thử,12/04/1995,Nam,{},10417,7212:3\n\
         Trần Thị Nghiệm,01/02/1988,Nữ,{},10417,\n\
         Lê Văn Sửa,31/02/1990,Nam,{},10417,\n",
        id(0, Sex::Male, 1995),
        id(1, Sex::Female, 1988),
        id(2, Sex::Male, 1990),
    );
    let folder = tempfile::tempdir().unwrap();
    let first = folder.path().join("khao-sat-hoa-xa.csv");
    std::fs::write(&first, &sheet).unwrap();
    upload(&browser, &first).await;
    assert!(
        browser
            .current_path()
            .await
            .starts_with("/can-bo/nhap-du-lieu/"),
        "{}",
        browser.current_url().await
    );
    let problems = browser.text_of("table.problems").await;
    assert!(problems.contains("31/02/1990"), "{problems}");
    assert!(problems.contains("Ngày sinh"), "{problems}");
    look(&browser, "officer-imports-problems").await;

    // The file with its column of problems, downloaded in the session.
    let href = browser
        .find("a[href$='/tep-loi']")
        .await
        .attr("href")
        .await
        .unwrap()
        .expect("a link to the problems file");
    let downloaded = browser
        .client()
        .execute(
            "return fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { return r.text(); });",
            vec![json!(href)],
        )
        .await
        .expect("the problems file downloads");
    let Value::String(text) = downloaded else {
        panic!("the problems file is text: {downloaded:?}");
    };
    assert!(text.contains("Lỗi / Problems"), "{text}");
    assert!(text.contains("31/02/1990"), "{text}");

    // Fixed and uploaded again: imported.
    let fixed = folder.path().join("khao-sat-hoa-xa-da-sua.csv");
    std::fs::write(
        &fixed,
        format!(
            "\u{FEFF}{}",
            text.trim_start_matches('\u{FEFF}')
                .replacen("31/02/1990", "28/02/1990", 1)
        ),
    )
    .unwrap();
    upload(&browser, &fixed).await;
    let main = browser.text_of("main").await;
    assert!(main.contains("Đã nhập xong"), "{main}");
    look(&browser, "officer-imports-done").await;
    // The commune's dashboard counts the three people at once (other
    // journeys may add people to Hòa Xá meanwhile, never remove them).
    let after = crate::officer::dashboard_figure(&browser, registered).await;
    assert!(after >= before + 3, "{before} → {after}");

    browser.goto("/can-bo/xuat-du-lieu").await;
    assert!(browser.text_of("main").await.contains("Phần được che"));
    look(&browser, "officer-imports-export").await;
}
