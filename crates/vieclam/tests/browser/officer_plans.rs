//! The plans pages in Chromium, without JavaScript: the city's officer
//! opens Hà Nội's 2025 plan, drills the new-jobs target (`new_jobs`) from
//! the city down to a commune and a district and back up by the
//! breadcrumbs, and reads Hòa Xá's task matrix; every page screenshotted
//! and checked with axe. Nothing is downloaded and nothing written: the
//! demo city is shared with the other browser tests.

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

/// Screenshots the page open now and checks it with axe.
async fn check(browser: &Browser, name: &str) {
    browser.shot(name).await;
    browser.assert_accessible(name).await;
}

#[tokio::test]
async fn the_city_officer_drills_the_new_jobs_target_down_and_back() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::desktop(false).await.on(&demo);
    browser.login("so.hanoi", DEMO_PASSWORD).await;

    browser.goto("/can-bo/ke-hoach").await;
    check(&browser, "officer-plans-list").await;
    assert!(browser.text_of("h1").await.contains("Kế hoạch và tiến độ"));
    browser
        .click_and_load("a[href=\"/can-bo/ke-hoach/hanoi-2025\"]")
        .await;
    assert_eq!(browser.current_path().await, "/can-bo/ke-hoach/hanoi-2025");
    check(&browser, "officer-plans-progress").await;
    let targets = browser.text_of("table.progress").await;
    assert!(
        targets.contains("Số lao động được giải quyết việc làm mới"),
        "{targets}"
    );
    assert!(targets.contains("169.000"), "{targets}");

    // The year's new-jobs target, for the city: its communes ranked (the
    // year ends after the 2025 reform), and its months.
    browser
        .click_and_load(
            "table.progress a[href^=\"/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs?\"]",
        )
        .await;
    assert_eq!(
        browser.current_path().await,
        "/can-bo/ke-hoach/hanoi-2025/chi-tieu/new_jobs"
    );
    check(&browser, "officer-plans-indicator-city").await;
    assert!(browser.text_of("h1").await.contains("Thành phố Hà Nội"));
    let below = browser.text_of("section.below table").await;
    assert!(below.contains("Phường Ba Đình"), "{below}");
    assert!(browser
        .text_of("section.trend table")
        .await
        .contains("tháng 12/2025"));

    // Down to a commune (the first ranked), and back up by the crumbs.
    let commune = browser
        .text_of("section.below table tbody tr:first-child th a")
        .await;
    browser
        .click_and_load("section.below table tbody tr:first-child th a")
        .await;
    check(&browser, "officer-plans-indicator-commune").await;
    assert!(browser.text_of("h1").await.contains(&commune), "{commune}");
    browser
        .click_and_load("nav.crumbs a[href*=\"unit=2025%3A01\"]")
        .await;
    assert!(browser
        .text_of("h1")
        .await
        .starts_with("Số lao động được giải quyết việc làm mới: Thành phố Hà Nội"));

    // From the year to its first quarter: before the reform, the city's
    // old districts; down to one and back.
    browser
        .click_and_load("nav.periods a[href*=\"period=2025-Q1\"]")
        .await;
    check(&browser, "officer-plans-indicator-quarter").await;
    let districts = browser.text_of("section.below table").await;
    assert!(districts.contains("Quận Ba Đình"), "{districts}");
    browser
        .click_and_load("section.below table tbody th a[href*=\"unit=legacy%3A001&\"]")
        .await;
    assert!(browser.text_of("h1").await.contains("Quận Ba Đình"));
    check(&browser, "officer-plans-indicator-district").await;
    browser
        .click_and_load("nav.crumbs a[href*=\"unit=legacy%3A01&\"]")
        .await;
    assert!(browser.text_of("h1").await.contains("Thành phố Hà Nội"));

    // Hòa Xá's task matrix, read.
    browser.goto("/can-bo/ke-hoach/hoa-xa-2030/nhiem-vu").await;
    check(&browser, "officer-plans-tasks").await;
    assert!(browser
        .text_of("table.tasks caption")
        .await
        .contains("Nhóm nhiệm vụ thứ nhất"));
}

/// The exchange's staff read the city's supply and demand forecast with
/// the employers likely to hire, and Hòa Xá's plan for this year with the
/// forecast line beside its targets; both pages checked with axe.
#[tokio::test]
async fn the_forecast_page_and_the_forecast_line_read_well() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::desktop(false).await.on(&demo);
    browser.login("ttdvvl.hanoi", DEMO_PASSWORD).await;
    browser.goto("/can-bo/du-bao").await;
    check(&browser, "officer-forecasts").await;
    assert!(browser
        .text_of("h1")
        .await
        .contains("Dự báo cung – cầu lao động: Thành phố Hà Nội"));
    let balance = browser.text_of("table.forecast").await;
    assert!(balance.contains("Chênh lệch"), "{balance}");
    assert!(browser.text_of("table.signals").await.contains("Công ty"));

    browser
        .goto("/can-bo/ke-hoach/hoa-xa-2030?period=2026")
        .await;
    check(&browser, "officer-plans-progress-forecast").await;
    let targets = browser.text_of("table.progress").await;
    assert!(targets.contains("Dự báo cuối kỳ"), "{targets}");
    assert!(targets.contains("dự kiến"), "{targets}");
}
