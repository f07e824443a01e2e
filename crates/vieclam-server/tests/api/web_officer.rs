//! The officers' workspace as a whole: who may enter it, the dashboard,
//! and a link walker per role that follows every link and GET form of the
//! workspace and never reaches a person or a figure outside the account's
//! unit.

use std::collections::{BTreeSet, VecDeque};

use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::json;
use vieclam_domain::registry::{EmployerKind, EmployerProfile, PersonName};
use vieclam_domain::{AdminUnits, Role, UnitKey};

use crate::exchange::{employer_account, tax_code, worker_account};
use crate::helpers::{spawn_app, TestApp};
use crate::registers::worker;
use crate::webkit::Web;

fn today() -> chrono::NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

async fn load_plans(app: &TestApp) {
    let units = AdminUnits::embedded().unwrap();
    for plan in vieclam_plans::fixtures(&units).unwrap() {
        let province = units.current_province_code(&plan.unit).unwrap();
        app.store
            .save_plan(&plan, province.as_str(), Utc::now())
            .await
            .unwrap();
    }
}

/// A worker registered through the API (so the statistics follow it),
/// with `name`, living at `residence`; gives its id.
async fn register_worker(
    app: &TestApp,
    token: &str,
    serial: u32,
    name: &str,
    residence: &str,
) -> i64 {
    let mut profile = worker(serial, residence);
    profile.full_name = PersonName::parse(name).unwrap();
    let (status, body) = app
        .post(
            "/api/v1/workers",
            Some(token),
            &serde_json::to_value(profile).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn employed(app: &TestApp, token: &str, id: i64) {
    let event = json!({ "date": today().to_string(), "kind": "employed", "source": "exchange",
                        "status": null, "unit": null, "employer_id": null,
                        "occupation": "7212", "country": null, "detail": null });
    let (status, body) = app
        .post(&format!("/api/v1/workers/{id}/events"), Some(token), &event)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// The figure shown under a headline label of the dashboard.
fn headline(body: &str, label: &str) -> Option<String> {
    let at = body.find(label)?;
    let rest = &body[at..];
    let start = rest.find("<strong>")? + "<strong>".len();
    let end = rest[start..].find("</strong>")? + start;
    Some(rest[start..end].to_owned())
}

#[tokio::test]
async fn visitors_workers_and_employers_are_kept_out_of_the_workspace() {
    let app = spawn_app().await;
    let areas = [
        "/can-bo",
        "/can-bo/nguoi-lao-dong",
        "/can-bo/doanh-nghiep",
        "/can-bo/trung-lap",
        "/can-bo/nhap-du-lieu",
        "/can-bo/ke-hoach",
        "/can-bo/bao-cao",
        "/can-bo/san",
        "/can-bo/quan-tri",
    ];
    let mut visitor = Web::new(&app);
    let page = visitor.get("/can-bo").await;
    assert_eq!(page.path, "/dang-nhap", "a visitor is sent to log in");

    worker_account(&app, "nld.web", 7101, "2025:10417").await;
    employer_account(&app, "dn.web", 7102).await;
    for name in ["nld.web", "dn.web"] {
        let mut web = Web::new(&app);
        web.login(name).await;
        for area in areas {
            let page = web.get(area).await;
            assert!(
                matches!(page.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{name} on {area}: {}",
                page.status
            );
            assert!(!page.has("nav class=\"side"), "{name} sees no workspace");
        }
    }
    app.clean_up().await;
}

#[tokio::test]
async fn each_role_is_shown_only_the_areas_it_uses() {
    let app = spawn_app().await;
    app.add_account("xa.web", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("nh.web", Role::PartnerAgency, Some("01"))
        .await;
    app.add_account("so.web", Role::ProvinceOfficer, Some("01"))
        .await;
    let nav = |body: &str| -> BTreeSet<String> {
        let start = body.find("nav class=\"side").unwrap();
        let end = body[start..].find("</nav>").unwrap() + start;
        body[start..end]
            .split("href=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
            .collect()
    };
    let mut commune = Web::new(&app);
    let page = commune.login("xa.web").await;
    assert_eq!(page.path, "/can-bo", "an officer lands on the dashboard");
    let links = nav(&page.body);
    assert!(links.contains("/can-bo/nguoi-lao-dong"));
    assert!(links.contains("/can-bo/bao-cao"));
    assert!(!links.contains("/can-bo/quan-tri"), "{links:?}");
    assert!(!links.contains("/can-bo/san"), "{links:?}");
    // A page reached by address checks again.
    assert_eq!(
        commune.get("/can-bo/quan-tri").await.status,
        StatusCode::FORBIDDEN
    );

    let mut partner = Web::new(&app);
    let links = nav(&partner.login("nh.web").await.body);
    assert!(links.contains("/can-bo/bao-cao"));
    assert!(!links.contains("/can-bo/nguoi-lao-dong"), "{links:?}");
    assert_eq!(
        partner.get("/can-bo/nguoi-lao-dong").await.status,
        StatusCode::FORBIDDEN
    );

    let mut city = Web::new(&app);
    let links = nav(&city.login("so.web").await.body);
    assert!(links.contains("/can-bo/quan-tri"));
    app.clean_up().await;
}

#[tokio::test]
async fn the_dashboard_shows_the_units_targets_and_a_labour_event_moves_new_jobs() {
    let app = spawn_app().await;
    load_plans(&app).await;
    app.add_account("xa.dash", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.dash").await;
    let id = register_worker(&app, &token, 7201, "Đinh Thị Hòa", "2025:10417").await;

    let mut web = Web::new(&app);
    let page = web.login("xa.dash").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Xã Hòa Xá"), "the unit by name");
    let label = "Việc làm mới tháng này";
    let before = headline(&page.body, label).expect("the new-jobs headline");
    assert_eq!(before, "0");
    assert_eq!(
        headline(&page.body, "Người lao động trong sổ").as_deref(),
        Some("1")
    );
    if (2026..=2030).contains(&today().year()) {
        // Hòa Xá's programme: this year's new-jobs target as the plan
        // writes it, with its status in words.
        assert!(page.has("xã Hòa Xá giai đoạn 2026 - 2030"), "the plan");
        assert!(page.has("400–600"), "the new-jobs target");
        assert!(page.has("Chậm tiến độ") || page.has("Đúng tiến độ"));
        assert!(page.has("<svg class=\"chart-sparkline\""), "a sparkline");
    }

    employed(&app, &token, id).await;
    let page = web.get("/can-bo").await;
    assert_eq!(
        headline(&page.body, label).as_deref(),
        Some("1"),
        "read at once"
    );

    // In English, the same figures with English words.
    web.get("/ngon-ngu/en?next=/can-bo").await;
    let page = web.get("/can-bo").await;
    assert_eq!(
        headline(&page.body, "New jobs this month").as_deref(),
        Some("1")
    );
    app.clean_up().await;
}

#[tokio::test]
async fn a_city_officer_sees_the_units_below_ranked_with_links() {
    let app = spawn_app().await;
    load_plans(&app).await;
    app.add_account("so.dash", Role::ProvinceOfficer, Some("01"))
        .await;
    let mut web = Web::new(&app);
    let page = web.login("so.dash").await;
    if (2026..=2030).contains(&today().year()) {
        assert!(page.has("chậm nhất trước"), "the ranking");
        assert!(
            page.has("href=\"/can-bo/ke-hoach/hoa-xa-2030?unit=2025%3A10417\""),
            "Hòa Xá ranked with a link to its progress"
        );
    }
    app.clean_up().await;
}

/// The distinctive names and figures planted outside the walker's unit.
struct Canaries {
    texts: Vec<String>,
}

/// Plants a worker, an employer and an entered figure in `unit` whose
/// texts must never appear to an account outside it.
async fn plant(app: &TestApp, officer_token: &str, serial: u32, unit: &str, tag: &str) -> Canaries {
    let name = format!("Quách Thị {tag}");
    register_worker(app, officer_token, serial, &name, unit).await;
    let employer = format!("Công ty TNHH Canh Gác {tag}");
    let (status, body) = app
        .post(
            "/api/v1/employers",
            Some(officer_token),
            &serde_json::to_value(EmployerProfile {
                tax_code: Some(tax_code(serial)),
                name: employer.clone(),
                kind: EmployerKind::Company,
                industry: None,
                size: None,
                address_unit: UnitKey::parse(unit, today()).unwrap(),
                address_line: None,
                contact_name: None,
                contact_phone: None,
                contact_email: None,
            })
            .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let month = vieclam_plans::Month::of(today()).to_string();
    let (status, body) = app
        .post(
            "/api/v1/data-values",
            Some(officer_token),
            &json!([{ "indicator": "policy_loan_jobs", "unit": unit, "period": month,
                      "value": 987654.0, "agency": null, "comment": null }]),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    Canaries {
        texts: vec![name, employer, "987.654".to_owned(), "987654".to_owned()],
    }
}

/// Every `href` and GET form action of a page that stays in the
/// workspace.
fn workspace_links(body: &str) -> Vec<String> {
    let mut links = Vec::new();
    for marker in ["href=\"", "action=\""] {
        for rest in body.split(marker).skip(1) {
            let Some(end) = rest.find('"') else { continue };
            let link = rest[..end].replace("&amp;", "&");
            if !link.starts_with("/can-bo") {
                continue;
            }
            if marker == "action=\"" {
                // Only GET forms: their action is the form's own; a POST
                // form changes things and is each area's tests' job.
                let before = &body[..body
                    .find(&format!("action=\"{}\"", &rest[..end]))
                    .unwrap_or(0)];
                let form_start = before.rfind("<form").unwrap_or(0);
                let form_tag = &body[form_start..form_start + 300.min(body.len() - form_start)];
                if !form_tag.contains("method=\"get\"") {
                    continue;
                }
            }
            links.push(link);
        }
    }
    links
}

/// Follows every workspace link from the dashboard as `username` (at most
/// `limit` pages); every page answers (never 5xx) and none shows a
/// canary. Gives the bodies read.
async fn walk(app: &TestApp, username: &str, canaries: &[&Canaries], limit: usize) -> Vec<String> {
    let mut web = Web::new(app);
    web.login(username).await;
    let mut queue: VecDeque<String> = VecDeque::from(["/can-bo".to_owned()]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut bodies = Vec::new();
    while let Some(path) = queue.pop_front() {
        if bodies.len() == limit {
            break;
        }
        let page = web.get(&path).await;
        assert!(
            !page.status.is_server_error(),
            "{username} on {path}: {}",
            page.status
        );
        for canary in canaries {
            for text in &canary.texts {
                assert!(
                    !page.body.contains(text.as_str()),
                    "{username} reached {text:?} outside the unit on {path}"
                );
            }
        }
        let is_file = page.body.is_empty() || !page.body.trim_start().starts_with("<!doctype");
        if !is_file {
            for link in workspace_links(&page.body) {
                // One page a resource: the walker does not page through
                // every offset nor re-read a record under every filter.
                if seen.len() < limit * 4 && seen.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
        }
        bodies.push(page.body);
    }
    bodies
}

#[tokio::test]
async fn a_link_walker_never_leaves_the_accounts_unit() {
    let app = spawn_app().await;
    load_plans(&app).await;
    app.add_account("admin.walk", Role::Admin, None).await;
    app.add_account("xa.walk", Role::UnitOfficer, Some("2025:10417"))
        .await;
    app.add_account("phuong.walk", Role::UnitOfficer, Some("2025:00004"))
        .await;
    app.add_account("so.walk", Role::ProvinceOfficer, Some("01"))
        .await;
    app.add_account("nh.walk", Role::PartnerAgency, Some("01"))
        .await;
    app.add_account("hcm.walk", Role::UnitOfficer, Some("2025:26740"))
        .await;
    let admin = app.token("admin.walk").await;
    // Inside Hòa Xá: what its officer must see.
    let xa = app.token("xa.walk").await;
    let inside = register_worker(&app, &xa, 7301, "Đinh Thị Hòa", "2025:10417").await;
    employed(&app, &xa, inside).await;
    // Ba Đình (Hà Nội, outside Hòa Xá) and a ward of Hồ Chí Minh City
    // (outside Hà Nội): what the others must not.
    let ba_dinh = plant(&app, &admin, 7302, "2025:00004", "Ba Đình").await;
    let saigon = plant(&app, &admin, 7303, "2025:26740", "Sài Gòn").await;
    let hoa_xa = Canaries {
        texts: vec!["Đinh Thị Hòa".to_owned()],
    };

    let bodies = walk(&app, "xa.walk", &[&ba_dinh, &saigon], 150).await;
    assert!(
        bodies.len() > 5,
        "the walker reached the workspace: {}",
        bodies.len()
    );
    assert!(
        bodies.iter().any(|body| body.contains("Đinh Thị Hòa")),
        "the walker reached Hòa Xá's own worker (so a leak would be seen too)"
    );
    walk(&app, "phuong.walk", &[&hoa_xa, &saigon], 150).await;
    let bodies = walk(&app, "so.walk", &[&saigon], 150).await;
    assert!(bodies.iter().any(|body| body.contains("Đinh Thị Hòa")));
    walk(&app, "nh.walk", &[&saigon, &hoa_xa, &ba_dinh], 150).await;
    app.clean_up().await;
}
