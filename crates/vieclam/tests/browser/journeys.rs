//! The journeys of part 1 in Chromium, as people walk them: a visitor
//! searching without accents, a worker from sign-up to an application and
//! their own data, with JavaScript on and off; every page screenshotted
//! and checked with axe-core (no serious or critical violation).

use vieclam_domain::registry::{CitizenId, Sex};

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

/// Opens a page, screenshots it and checks it with axe.
async fn visit(browser: &Browser, path: &str, name: &str) {
    browser.goto(path).await;
    browser.shot(name).await;
    browser.assert_accessible(name).await;
}

/// The first link of a result card.
async fn first_result(browser: &Browser) -> String {
    let link = browser.find("#ket-qua .card h3 a").await;
    link.attr("href").await.unwrap().unwrap()
}

async fn search_ke_toan(browser: &Browser, js: bool) {
    browser.goto("/viec-lam").await;
    browser.fill("#q", "ke toan").await;
    if js {
        // htmx searches as one types and swaps only the results.
        browser
            .click("#tim-kiem .searchbar button[type=submit]")
            .await;
        browser.wait_for("#ket-qua .card h3 a").await;
        for _ in 0..50 {
            let url = browser.current_url().await;
            if url.contains("q=ke+toan") || url.contains("q=ke%20toan") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    } else {
        browser
            .click_and_load("#tim-kiem .searchbar button[type=submit]")
            .await;
    }
    let url = browser.current_url().await;
    assert!(
        url.contains("q=ke+toan") || url.contains("q=ke%20toan"),
        "the search has a shareable address: {}",
        browser.current_url().await
    );
    let results = browser.text_of("#ket-qua").await;
    assert!(
        results.contains("Kế toán") || results.contains("kế toán"),
        "{results}"
    );
}

async fn visitor_journey(js: bool) {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::start(js).await.on(&demo);
    let mode = if js { "js" } else { "nojs" };
    visit(&browser, "/", &format!("visitor-{mode}-home")).await;
    assert!(browser.text_of("h1").await.contains("Hà Nội"));
    search_ke_toan(&browser, js).await;
    browser.shot(&format!("visitor-{mode}-search")).await;
    browser
        .assert_accessible(&format!("visitor-{mode}-search"))
        .await;
    let vacancy = first_result(&browser).await;
    browser.click_and_load("#ket-qua .card h3 a").await;
    assert_eq!(browser.current_path().await, vacancy);
    browser.shot(&format!("visitor-{mode}-vacancy")).await;
    browser
        .assert_accessible(&format!("visitor-{mode}-vacancy"))
        .await;
    assert!(browser
        .text_of("#ung-tuyen")
        .await
        .contains("Cách ứng tuyển"));
    // The English switch keeps the page.
    browser.click_and_load("a[hreflang=en]").await;
    assert_eq!(browser.current_path().await, vacancy);
    assert!(browser.text_of("#ung-tuyen").await.contains("How to apply"));
    browser.click_and_load("a[hreflang=vi]").await;
}

#[tokio::test]
async fn a_visitor_searches_ke_toan_and_opens_a_vacancy() {
    visitor_journey(true).await;
}

#[tokio::test]
async fn a_visitor_searches_with_javascript_off() {
    visitor_journey(false).await;
}

/// Signs a new worker up through the form; gives their phone (login).
async fn sign_up(browser: &Browser, serial: u32, phone: &str, mode: &str) {
    browser.goto("/dang-ky").await;
    browser
        .click_and_load("a[href='/dang-ky/nguoi-lao-dong']")
        .await;
    browser.shot(&format!("worker-{mode}-signup")).await;
    browser
        .assert_accessible(&format!("worker-{mode}-signup"))
        .await;
    let id = CitizenId::compose("001", Sex::Female, 1996, serial).unwrap();
    browser.fill("#full_name", "Lê Thị Hồng Nhung").await;
    browser.fill("#citizen_id", id.as_str()).await;
    // A date input takes the date as the locale types it; the field's
    // value is set directly so that any locale works.
    browser
        .client()
        .execute(
            "document.getElementById('birth_date').value = '1996-03-08'; return true;",
            vec![],
        )
        .await
        .unwrap();
    browser.click("#sex-2").await;
    browser
        .fill("#residence", "Xã Hòa Xá, Thành phố Hà Nội (10417)")
        .await;
    browser.fill("#phone", phone).await;
    browser.fill("#password", "mật khẩu thật dài").await;
    browser
        .submit("form[action='/dang-ky/nguoi-lao-dong']")
        .await;
    assert_eq!(
        browser.current_path().await,
        "/nguoi-lao-dong/ho-so/nghe",
        "signed up and logged in"
    );
}

async fn worker_journey(js: bool, serial: u32, phone: &str) {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::start(js).await.on(&demo);
    let mode = if js { "js" } else { "nojs" };
    sign_up(&browser, serial, phone, mode).await;
    // The CV: the occupation typed as words, classified, confirmed.
    browser.fill("#text", "thợ hàn").await;
    if js {
        browser.wait_for("#lua-chon input[value='7212']").await;
    } else {
        browser.click_and_load("button[value=find]").await;
    }
    browser.shot(&format!("worker-{mode}-occupation")).await;
    browser
        .assert_accessible(&format!("worker-{mode}-occupation"))
        .await;
    browser.click("#lua-chon input[value='7212']").await;
    browser.click_and_load("button[value=save]").await;
    assert_eq!(
        browser.current_path().await,
        "/nguoi-lao-dong/ho-so/kinh-nghiem"
    );
    browser.fill("#text", "hàn điện").await;
    if js {
        browser.wait_for("#lua-chon input[value='7212']").await;
    } else {
        browser.click_and_load("button[value=find]").await;
    }
    browser.click("#lua-chon input[value='7212']").await;
    browser.fill("#years", "4").await;
    browser.click_and_load("button[value=save]").await;
    assert_eq!(
        browser.current_path().await,
        "/nguoi-lao-dong/ho-so/trinh-do"
    );
    browser.shot(&format!("worker-{mode}-qualification")).await;
    browser
        .assert_accessible(&format!("worker-{mode}-qualification"))
        .await;
    browser.click("#qualification-3").await;
    browser.click_and_load("main button[type=submit]").await;
    browser.fill("#skills", "hàn TIG, hàn MIG").await;
    browser.click_and_load("main button[type=submit]").await;
    assert_eq!(
        browser.current_path().await,
        "/nguoi-lao-dong/ho-so/mong-muon"
    );
    // A wage that is not a number: the error summary links to the field.
    browser.fill("#wanted_wage", "mười triệu").await;
    browser.click_and_load("main button[type=submit]").await;
    browser.find(".error-summary a[href='#wanted_wage']").await;
    browser.shot(&format!("worker-{mode}-error")).await;
    browser
        .assert_accessible(&format!("worker-{mode}-error"))
        .await;
    browser.fill("#wanted_wage", "9").await;
    browser.click("#place-2").await;
    browser.click_and_load("main button[type=submit]").await;
    assert_eq!(
        browser.current_path().await,
        "/nguoi-lao-dong/ho-so/kiem-tra"
    );
    let answers = browser.text_of("dl.facts").await;
    assert!(answers.contains("Thợ hàn và thợ cắt kim loại"), "{answers}");
    browser.shot(&format!("worker-{mode}-check")).await;
    // Recommendations with their reasons.
    browser.goto("/nguoi-lao-dong/goi-y").await;
    browser
        .shot(&format!("worker-{mode}-recommendations"))
        .await;
    browser
        .assert_accessible(&format!("worker-{mode}-recommendations"))
        .await;
    let reasons = browser.text_of("main").await;
    assert!(reasons.contains("✓"), "reasons are shown");
    // Apply to the first recommended vacancy.
    browser.click_and_load("main .results .card h3 a").await;
    browser
        .submit("form[action^='/nguoi-lao-dong/ung-tuyen/']")
        .await;
    assert_eq!(browser.current_path().await, "/nguoi-lao-dong/ung-tuyen");
    assert!(browser
        .text_of("main")
        .await
        .contains("Đã gửi hồ sơ ứng tuyển"));
    browser.shot(&format!("worker-{mode}-applications")).await;
    browser
        .assert_accessible(&format!("worker-{mode}-applications"))
        .await;
    // Their own data: consent and the download.
    visit(
        &browser,
        "/nguoi-lao-dong/du-lieu",
        &format!("worker-{mode}-data"),
    )
    .await;
    browser.click("#share_with_employers").await;
    browser
        .submit("form[action='/nguoi-lao-dong/dong-y']")
        .await;
    assert!(browser.text_of("main").await.contains("Đã lưu"));
    browser.goto("/api/v1/me/data").await;
    let data = browser.text_of("body").await;
    assert!(
        data.contains("Lê Thị Hồng Nhung"),
        "the download holds the worker's data"
    );
    assert!(data.contains("7212"));
}

#[tokio::test]
async fn a_worker_signs_up_builds_the_cv_applies_and_downloads_their_data() {
    worker_journey(true, 880_001, "0399880001").await;
}

#[tokio::test]
async fn a_worker_signs_up_and_applies_with_javascript_off() {
    worker_journey(false, 880_002, "0399880002").await;
}

/// Every page of part 1 that has no journey of its own: screenshotted and
/// checked, as the public and as the demo worker.
#[tokio::test]
async fn every_page_has_no_serious_accessibility_violation() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::desktop(true).await.on(&demo);
    for (path, name) in [
        ("/phien-giao-dich", "public-sessions"),
        ("/chi-so", "public-figures"),
        ("/chi-so/10417", "public-figures-commune"),
        ("/dang-nhap", "login"),
        ("/dang-ky", "signup-choice"),
        ("/dang-ky/nha-tuyen-dung", "signup-employer"),
        ("/khong-co-trang-nay", "not-found"),
        ("/viec-lam?q=lai+xe&sort=wage&page=2", "search-page-2"),
    ] {
        visit(&browser, path, name).await;
    }
    browser.login("nld.demo", DEMO_PASSWORD).await;
    for (path, name) in [
        ("/nguoi-lao-dong", "worker-home"),
        ("/nguoi-lao-dong/phien", "worker-sessions"),
        ("/nguoi-lao-dong/ho-so/nghe", "worker-occupation"),
        ("/nguoi-lao-dong/ho-so/kinh-nghiem", "worker-experience"),
        ("/nguoi-lao-dong/ho-so/trinh-do", "worker-qualification"),
        ("/nguoi-lao-dong/ho-so/ky-nang", "worker-skills"),
        ("/nguoi-lao-dong/ho-so/mong-muon", "worker-wishes"),
        ("/nguoi-lao-dong/ho-so/kiem-tra", "worker-check"),
        ("/nguoi-lao-dong/du-lieu", "worker-data"),
    ] {
        visit(&browser, path, name).await;
    }
    // The same pages in English.
    browser.goto("/ngon-ngu/en?next=/nguoi-lao-dong").await;
    for (path, name) in [
        ("/nguoi-lao-dong", "en-worker-home"),
        ("/nguoi-lao-dong/ho-so/mong-muon", "en-worker-wishes"),
        ("/", "en-home"),
        ("/viec-lam?q=accountant", "en-search"),
    ] {
        visit(&browser, path, name).await;
    }
    assert!(browser.text_of("h1").await.contains("Find a job"));
    browser.goto("/ngon-ngu/vi?next=/").await;
    // The page weight: HTML under 100 KB before images.
    browser.goto("/viec-lam?q=nhan+vien").await;
    assert!(browser.page_bytes().await < 100 * 1024);
    browser.goto("/").await;
    assert!(browser.page_bytes().await < 100 * 1024);
}

/// A tax code with a valid check digit for a serial.
fn tax_code(serial: u32) -> String {
    (0..10)
        .find_map(|k| {
            let text = format!("09{:07}", serial * 10 + k);
            let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
            let check = vieclam_domain::registry::TaxCode::check_digit(&digits)?;
            Some(format!("{text}{check}"))
        })
        .unwrap()
}

/// An employer signs up, posts a vacancy with the suggested occupation,
/// sees a worker's application to it and recommended candidates.
#[tokio::test]
async fn an_employer_signs_up_posts_a_vacancy_and_sees_applications_and_candidates() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let employer = Browser::desktop(true).await.on(&demo);
    employer.goto("/dang-ky/nha-tuyen-dung").await;
    employer.fill("#tax_code", &tax_code(4711)).await;
    employer
        .fill("#name", "Công ty TNHH Cơ khí Thử nghiệm Hòa Xá")
        .await;
    employer.click("#kind-1").await;
    employer
        .fill("#address_unit", "Xã Hòa Xá, Thành phố Hà Nội (10417)")
        .await;
    employer.fill("#contact_name", "Đỗ Minh Quân").await;
    employer
        .fill("#email", "tuyendung@cokhi-thunghiem.vn")
        .await;
    employer.fill("#password", "mật khẩu thật dài").await;
    employer
        .submit("form[action='/dang-ky/nha-tuyen-dung']")
        .await;
    assert_eq!(employer.current_path().await, "/nha-tuyen-dung");
    employer.shot("employer-dashboard-empty").await;
    employer.assert_accessible("employer-dashboard-empty").await;

    // A vacancy, its occupation suggested from the title.
    employer
        .click_and_load("a[href='/nha-tuyen-dung/tin/moi']")
        .await;
    employer.fill("#title", "Thợ hàn điện").await;
    employer.click_and_load("button[value=goi-y]").await;
    employer.wait_for("#goi-y-nghe input[value='7212']").await;
    employer.shot("employer-vacancy-form").await;
    employer.assert_accessible("employer-vacancy-form").await;
    employer.click("#goi-y-nghe input[value='7212']").await;
    employer.fill("#headcount", "3").await;
    employer.fill("#wage_min", "9").await;
    employer.fill("#wage_max", "12").await;
    employer.click_and_load("button[value=luu]").await;
    assert_eq!(employer.current_path().await, "/nha-tuyen-dung");
    let link = employer
        .find("a[href^='/nha-tuyen-dung/tin/'][href$='/ho-so-ung-tuyen']")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let vacancy_id: i64 = link
        .trim_start_matches("/nha-tuyen-dung/tin/")
        .trim_end_matches("/ho-so-ung-tuyen")
        .parse()
        .unwrap();

    // The demo worker finds it and applies.
    let worker = Browser::start(true).await.on(&demo);
    worker.login("nld.demo", DEMO_PASSWORD).await;
    worker.goto(&format!("/viec-lam/{vacancy_id}")).await;
    assert!(worker.text_of("h1").await.contains("Thợ hàn điện"));
    worker
        .submit(&format!(
            "form[action='/nguoi-lao-dong/ung-tuyen/{vacancy_id}']"
        ))
        .await;
    assert_eq!(worker.current_path().await, "/nguoi-lao-dong/ung-tuyen");

    // The employer sees the application, then recommended candidates.
    employer.goto(&link).await;
    employer.shot("employer-applications").await;
    employer.assert_accessible("employer-applications").await;
    assert_eq!(
        employer.find_all("main li.card").await.len(),
        1,
        "one application"
    );
    employer
        .goto(&format!("/nha-tuyen-dung/tin/{vacancy_id}/ung-vien"))
        .await;
    employer.shot("employer-candidates").await;
    employer.assert_accessible("employer-candidates").await;
    let candidates = employer.find_all("main li.card").await;
    assert!(!candidates.is_empty(), "consenting welders are recommended");
    assert!(employer.text_of("main").await.contains("Vì sao phù hợp"));
    for (path, name) in [
        ("/nha-tuyen-dung/ho-so", "employer-profile"),
        ("/nha-tuyen-dung/phien", "employer-sessions"),
        ("/nha-tuyen-dung", "employer-dashboard"),
    ] {
        visit(&employer, path, name).await;
    }
}
