//! The officers' workspace in Chromium: the dashboard as the Hòa Xá
//! officer lands on it, printed to PDF with its figures, and every page
//! of the workspace each role reaches checked by axe-core.

use std::collections::{BTreeSet, VecDeque};

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

/// A path with its record ids written `{id}`, so that one page of a kind
/// stands for all the pages of that kind.
fn template_of(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.split('/')
        .map(|part| {
            if !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()) {
                "{id}"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whitespace-free text, for comparing what the page shows with what a
/// PDF's text extraction gives (which breaks lines and spaces its own way).
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn the_hoa_xa_officer_lands_on_the_dashboard_and_prints_it() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let officer = Browser::desktop(true).await.on(&demo);
    officer.login("xa.hoaxa", DEMO_PASSWORD).await;
    assert_eq!(officer.current_path().await, "/can-bo");
    assert!(officer.text_of("h1").await.contains("Xã Hòa Xá"));
    officer.shot("officer-dashboard").await;
    officer.assert_accessible("officer-dashboard").await;
    let mut figures = Vec::new();
    for element in officer.find_all(".figures strong").await {
        figures.push(element.text().await.unwrap());
    }
    assert!(figures.len() >= 3, "the headline figures: {figures:?}");
    let targets = officer.find_all("table.targets tbody tr").await;
    assert!(!targets.is_empty(), "Hòa Xá's targets are on its dashboard");
    let first_target = targets[0].text().await.unwrap();

    let printed = squeezed(&officer.pdf("officer-dashboard").await);
    assert!(printed.contains(&squeezed("Xã Hòa Xá")), "{printed}");
    assert!(printed.contains(&squeezed("Chỉ tiêu và kết quả")));
    for figure in &figures {
        assert!(
            printed.contains(&squeezed(figure)),
            "the printed dashboard holds {figure:?}"
        );
    }
    let indicator = first_target.lines().next().unwrap_or_default();
    assert!(
        printed.contains(&squeezed(indicator)),
        "the printed dashboard holds the target {indicator:?}"
    );
    // The navigation is not printed.
    assert!(!printed.contains(&squeezed("Nhập, xuất dữ liệu")));
}

#[tokio::test]
async fn a_plans_progress_page_prints_with_its_figures() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let officer = Browser::desktop(true).await.on(&demo);
    officer.login("so.hanoi", DEMO_PASSWORD).await;
    officer.goto("/can-bo/ke-hoach/hanoi-2025").await;
    officer.shot("officer-plan-progress").await;
    let mut cells = Vec::new();
    for element in officer.find_all("main table td.num").await.iter().take(40) {
        let text = element.text().await.unwrap();
        if text.chars().any(|c| c.is_ascii_digit()) {
            cells.push(text);
        }
    }
    assert!(
        cells.len() >= 5,
        "the progress table has figures: {cells:?}"
    );
    let printed = squeezed(&officer.pdf("officer-plan-progress").await);
    assert!(printed.contains(&squeezed("Hà Nội")), "{printed}");
    for cell in &cells {
        assert!(
            printed.contains(&squeezed(cell)),
            "the printed progress holds {cell:?}"
        );
    }
}

/// Walks the workspace as `username` through its links (one page of each
/// kind, at most `limit`), running axe on each; answers the kinds seen.
async fn check_every_page(demo: &Demo, username: &str, limit: usize) -> BTreeSet<String> {
    let browser = Browser::desktop(true).await.on(demo);
    browser.login(username, DEMO_PASSWORD).await;
    let mut queue = VecDeque::from(["/can-bo".to_owned()]);
    let mut kinds: BTreeSet<String> = BTreeSet::from([template_of("/can-bo")]);
    let mut checked = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        if checked.len() == limit {
            break;
        }
        browser.goto(&path).await;
        let here = browser.current_path().await;
        if !here.starts_with("/can-bo") {
            continue;
        }
        let name = format!(
            "officer-{username}-{}",
            template_of(&path).replace(['/', '{', '}'], "-")
        );
        browser.assert_accessible(&name).await;
        checked.insert(template_of(&path));
        for link in browser
            .find_all("main a[href^='/can-bo'], nav.side a")
            .await
        {
            let Ok(Some(href)) = link.attr("href").await else {
                continue;
            };
            // Downloads (XLSX, CSV) are not pages.
            if href.contains(".xlsx") || href.contains(".csv") || href.contains("tai-ve") {
                continue;
            }
            if kinds.insert(template_of(&href)) {
                queue.push_back(href);
            }
        }
    }
    checked
}

#[tokio::test]
async fn every_workspace_page_has_no_serious_accessibility_violation() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    for username in ["xa.hoaxa", "so.hanoi", "ttdvvl.hanoi", "admin"] {
        let checked = check_every_page(&demo, username, 40).await;
        assert!(
            checked.len() >= 3,
            "{username} reached the workspace's pages: {checked:?}"
        );
    }
}

/// The headline figure under `label` on the signed-in officer's
/// dashboard, as a number (the page is opened for it).
pub async fn dashboard_figure(browser: &Browser, label: &str) -> u64 {
    browser.goto("/can-bo").await;
    for item in browser.find_all(".figures li").await {
        let text = item.text().await.unwrap_or_default();
        if text.contains(label) {
            let figure = item
                .find(fantoccini::Locator::Css("strong"))
                .await
                .expect("a headline has its figure")
                .text()
                .await
                .unwrap_or_default();
            let digits: String = figure.chars().filter(char::is_ascii_digit).collect();
            return digits
                .parse()
                .unwrap_or_else(|_| panic!("{label}: {figure:?} is not a figure"));
        }
    }
    panic!("the dashboard has no {label:?}")
}
