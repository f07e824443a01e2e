//! The registers in Chromium, as Xã Hòa Xá's officer works them: the
//! worker search filtered by status, a worker's profile, an "employed"
//! event recorded and seen in the timeline, and a pair of likely
//! duplicates compared side by side (the pair is made for this journey and
//! left undecided); axe on every page.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::Value;
use vieclam_domain::registry::{
    EmploymentStatus, PersonName, Qualification, Sex, SocialInsurance, WageRange, WorkerProfile,
};
use vieclam_domain::UnitKey;

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

/// A worker of Hòa Xá without a citizen ID: registered twice, a likely
/// duplicate.
fn twin(phone: Option<&str>) -> WorkerProfile {
    WorkerProfile {
        citizen_id: None,
        full_name: PersonName::parse("Hoàng Thị Song Sinh").unwrap(),
        birth_date: NaiveDate::from_ymd_opt(1993, 4, 17).unwrap(),
        sex: Sex::Female,
        ethnicity: None,
        residence: UnitKey::parse("2025:10417", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            .unwrap(),
        phone: phone.map(|phone| vieclam_domain::registry::PhoneNumber::parse(phone).unwrap()),
        email: None,
        general_education: None,
        qualification: Qualification::None,
        qualification_field: None,
        certificates: vec![],
        occupations: vec![],
        skills: vec![],
        languages: vec![],
        it_skill: None,
        wanted_occupation: None,
        wanted_wage: WageRange::new(None, None).unwrap(),
        wanted_units: vec![],
        wanted_occupations: Vec::new(),
        broad_wishes: Default::default(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        max_commute_km: None,
        wanted_hours: None,
        employment_status: EmploymentStatus::Unemployed,
        priority_groups: BTreeSet::new(),
        social_insurance: SocialInsurance::None,
        unemployment_insurance: false,
        health_insurance: false,
        consent_share_with_employers: false,
        consent_receive_messages: false,
    }
}

/// Registers the twins through the API (as the commune's officer, from
/// the page, with a bearer token) and gives the id of the flag that names
/// them.
const MAKE_PAIR: &str = r#"
const [password, first, second, done] = arguments;
(async () => {
  const login = await fetch('/api/v1/auth/login', {method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({username: 'xa.hoaxa', password})});
  const token = (await login.json()).token;
  const headers = {'content-type': 'application/json', 'authorization': 'Bearer ' + token};
  const ids = [];
  for (const profile of [first, second]) {
    const made = await fetch('/api/v1/workers', {method: 'POST', headers, body: JSON.stringify(profile)});
    ids.push((await made.json()).id);
  }
  const flags = await (await fetch('/api/v1/duplicates?limit=500', {headers})).json();
  const flag = flags.find(f => ids.includes(f.worker_id) && ids.includes(f.other_worker_id));
  done(flag ? flag.id : null);
})().catch(error => done(String(error)));
"#;

async fn check(browser: &Browser, name: &str) {
    browser.shot(name).await;
    browser.assert_accessible(name).await;
}

#[tokio::test]
async fn a_commune_officer_keeps_the_register_and_compares_duplicates() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::desktop(false).await.on(&demo);
    browser.login("xa.hoaxa", DEMO_PASSWORD).await;
    // A pair of its own (registered through the API from the page): the
    // journey records its event on one of them, so that no record other
    // journeys use is touched.
    let first = serde_json::to_value(twin(Some("0977000111"))).unwrap();
    let second = serde_json::to_value(twin(None)).unwrap();
    let flag: Value = browser
        .client()
        .execute_async(MAKE_PAIR, vec![Value::from(DEMO_PASSWORD), first, second])
        .await
        .unwrap();
    let flag = flag.as_i64().unwrap_or_else(|| panic!("no flag: {flag}"));

    browser.goto("/can-bo/nguoi-lao-dong").await;
    assert!(browser.text_of("h1").await.contains("Hòa Xá"));
    check(&browser, "officer-registers-search").await;
    // Filter by status: a link with the status's name.
    browser
        .click_and_load("#ket-qua .filters a[href*='status=unemployed']")
        .await;
    assert!(browser.current_url().await.contains("status=unemployed"));
    check(&browser, "officer-registers-search-unemployed").await;
    // A name is searched by a POST form: it never shows in the address.
    browser.fill("#q", "Hoàng Thị Song Sinh").await;
    browser
        .click_and_load("#tim-nguoi button[type=submit]")
        .await;
    assert!(!browser.current_url().await.contains("Song"));
    let links = browser.find_all("#danh-sach tbody a").await;
    assert_eq!(links.len(), 2, "the twins are found");
    let href = links[1].attr("href").await.unwrap().unwrap();
    let new_jobs = "Việc làm mới tháng này";
    let before = crate::officer::dashboard_figure(&browser, new_jobs).await;
    browser.goto(&href).await;
    assert!(browser.text_of("#tinh-trang").await.contains("Thất nghiệp"));
    check(&browser, "officer-registers-worker").await;

    // Record an "employed" event today; it shows in the timeline.
    browser
        .client()
        .execute(
            "document.getElementById('kind').value = 'employed'; return true;",
            vec![],
        )
        .await
        .unwrap();
    browser
        .fill("#detail", "Tìm được việc qua phiên giao dịch")
        .await;
    browser
        .click_and_load("form[action$='/bien-dong'] button[type=submit]")
        .await;
    assert!(browser.current_url().await.contains("xong=bien-dong"));
    let timeline = browser.text_of("#bien-dong").await;
    assert!(
        timeline.contains("Có việc làm") && timeline.contains("Tìm được việc qua phiên giao dịch"),
        "{timeline}"
    );
    assert!(browser.text_of("#tinh-trang").await.contains("Có việc làm"));
    check(&browser, "officer-registers-event").await;
    // The commune's new-jobs figure moves at once.
    let after = crate::officer::dashboard_figure(&browser, new_jobs).await;
    assert!(after > before, "{before} → {after}");

    // The pair compared side by side, left undecided.
    browser.goto("/can-bo/trung-lap").await;
    check(&browser, "officer-registers-duplicates").await;
    browser.goto(&format!("/can-bo/trung-lap/{flag}")).await;
    let table = browser.text_of("#so-sanh").await;
    assert!(table.contains("Hoàng Thị Song Sinh"), "{table}");
    assert!(table.contains("Khác"), "{table}");
    check(&browser, "officer-registers-compare").await;
}
