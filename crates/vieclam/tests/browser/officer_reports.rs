//! Reporting and administration in Chromium: Hòa Xá's officer enters
//! figures on a report still open (the Thống kê cơ sở Văn Đình agency's
//! report for the second half of 2026, which no other test touches), sees
//! the rules' warning, and sends it; the city's officer returns it with a
//! reason, and the commune sees it back in its list. Then the city's
//! administration pages. Every page screenshotted and checked with axe.

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

/// The report this journey works on.
const REPORT: &str = "/can-bo/bao-cao/hoa-xa-2030/2025:10417/2026-H2?co_quan=Th%E1%BB%91ng%20k%C3%AA%20c%C6%A1%20s%E1%BB%9F%20V%C4%83n%20%C4%90%C3%ACnh";

async fn checked(browser: &Browser, name: &str) {
    browser.shot(name).await;
    browser.assert_accessible(name).await;
}

#[tokio::test]
async fn a_commune_sends_its_figures_and_the_city_returns_them_with_a_reason() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let commune = Browser::start(false).await.on(&demo);
    commune.login("xa.hoaxa", DEMO_PASSWORD).await;
    commune.goto("/can-bo/bao-cao").await;
    checked(&commune, "officer-reports-list").await;
    let list = commune.text_of("main").await;
    assert!(list.contains("6 tháng cuối năm 2026"), "{list}");
    assert!(list.contains("Thống kê cơ sở Văn Đình"), "{list}");

    // Jobs from policy loans with nothing disbursed: saved, with a warning.
    commune.goto(REPORT).await;
    checked(&commune, "officer-reports-sheet").await;
    commune.fill("#value_policy_loan_jobs", "5").await;
    commune.fill("#value_policy_loan_disbursed", "0").await;
    commune
        .fill("#comment_policy_loan_jobs", "Chờ đối chiếu với NHCSXH")
        .await;
    commune
        .click_and_load("button[name=chi_so][value=tat-ca]")
        .await;
    let saved = commune.text_of("main").await;
    assert!(saved.contains("Đã lưu số liệu"), "{saved}");
    let warnings = commune.text_of("#canh-bao").await;
    assert!(
        warnings.contains("không có vốn giải ngân"),
        "the rules' warning: {warnings}"
    );
    checked(&commune, "officer-reports-sheet-warning").await;

    // Sent, with its warning for the approver.
    commune.fill("#ghi_chu", "Báo cáo 6 tháng cuối năm").await;
    commune.submit("form[action$='/nop']").await;
    let sent = commune.text_of("main").await;
    assert!(sent.contains("Đã gửi báo cáo"), "{sent}");
    assert!(sent.contains("Đã gửi, chờ duyệt"), "{sent}");

    // The city returns it with a reason.
    let city = Browser::start(false).await.on(&demo);
    city.login("so.hanoi", DEMO_PASSWORD).await;
    city.goto(REPORT).await;
    checked(&city, "officer-reports-decide").await;
    let page = city.text_of("main").await;
    assert!(page.contains("không có vốn giải ngân"), "{page}");
    city.fill("#ly_do_tra", "Đề nghị bổ sung số vốn đã giải ngân")
        .await;
    city.submit("form[action$='/tra-lai']").await;
    let returned = city.text_of("main").await;
    assert!(returned.contains("Đã trả lại báo cáo"), "{returned}");

    // Back in the commune's list, with the reason.
    commune.goto("/can-bo/bao-cao").await;
    let list = commune.text_of("main").await;
    assert!(list.contains("Bị trả lại"), "{list}");
    assert!(
        list.contains("Đề nghị bổ sung số vốn đã giải ngân"),
        "{list}"
    );

    // The city's administration: accounts and the audit trail.
    city.goto("/can-bo/bao-cao").await;
    checked(&city, "officer-reports-city-list").await;
    city.goto("/can-bo/quan-tri/tai-khoan").await;
    checked(&city, "officer-admin-accounts").await;
    city.goto("/can-bo/quan-tri/nhat-ky").await;
    checked(&city, "officer-admin-audit").await;
    assert!(city.text_of("main").await.contains("report"));
}

#[tokio::test]
async fn the_city_approves_a_report_waiting_from_below() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let city = Browser::desktop(true).await.on(&demo);
    city.login("so.hanoi", DEMO_PASSWORD).await;
    city.goto("/can-bo/bao-cao").await;
    // A report the demo's units sent and nobody decided yet; not Hòa Xá's,
    // which the journey above sends and returns.
    let mut report = None;
    for table in city.find_all("main table").await {
        let caption = table
            .find(fantoccini::Locator::Css("caption"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap_or_default();
        if !caption.contains("chờ duyệt") {
            continue;
        }
        for row in table
            .find_all(fantoccini::Locator::Css("tbody tr"))
            .await
            .unwrap()
        {
            if row.text().await.unwrap_or_default().contains("Hòa Xá") {
                continue;
            }
            let link = row.find(fantoccini::Locator::Css("a")).await.unwrap();
            report = link.attr("href").await.unwrap();
            break;
        }
    }
    let report = report.expect("a report from below waits for the city's approval");
    city.goto(&report).await;
    checked(&city, "officer-reports-approve").await;
    city.fill("#ly_do_duyet", "Số liệu khớp với sổ theo dõi")
        .await;
    city.submit("form[action$='/duyet']").await;
    let page = city.text_of("main").await;
    assert!(
        page.contains("Đã khoá") || page.contains("Đã duyệt"),
        "{page}"
    );
    assert!(page.contains("Số liệu khớp với sổ theo dõi"), "{page}");
}
