//! The exchange's workspace in Chromium: the centre's staff
//! (`ttdvvl.hanoi`) schedules a quarter of the 2021 plan that nobody has
//! scheduled, opens one of its sessions, takes an employer's booth (over
//! the API, at the door), runs the session, registers a
//! walk-in at the door by citizen ID, opens the pre-match print view,
//! books an interview, records a hire, closes the session and files its
//! report — axe on every page.

use chrono::NaiveDate;
use serde_json::{json, Value};
use vieclam_domain::registry::{
    CitizenId, EmploymentStatus, PersonName, Qualification, Sex, SocialInsurance, WageRange,
    WorkerProfile,
};
use vieclam_domain::UnitKey;

use crate::harness::{Browser, Demo, DEMO_PASSWORD};

const STAFF: &str = "ttdvvl.hanoi";

/// A bearer token of a demo account, for the API calls the journey needs
/// besides the pages.
async fn token(demo: &Demo, username: &str) -> String {
    let body: Value = reqwest::Client::new()
        .post(demo.url("/api/v1/auth/login"))
        .json(&json!({ "username": username, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_owned()
}

async fn api(demo: &Demo, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let request = match body {
        Some(body) => client.post(demo.url(path)).json(&body),
        None => client.get(demo.url(path)),
    };
    let response = request.bearer_auth(token).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A new worker with a citizen ID nobody else uses, living in Phường Yên
/// Hòa; gives the citizen ID.
async fn new_worker(demo: &Demo, token: &str) -> String {
    for serial in 700_001..700_050 {
        let citizen_id = CitizenId::compose("001", Sex::Female, 1996, serial).unwrap();
        let profile = WorkerProfile {
            citizen_id: Some(citizen_id.clone()),
            full_name: PersonName::parse("Lê Thị Vãng Lai").unwrap(),
            birth_date: NaiveDate::from_ymd_opt(1996, 5, 4).unwrap(),
            sex: Sex::Female,
            ethnicity: None,
            residence: UnitKey::parse("2025:00175", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
                .unwrap(),
            phone: None,
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
            priority_groups: Default::default(),
            social_insurance: SocialInsurance::None,
            unemployment_insurance: false,
            health_insurance: false,
            consent_share_with_employers: true,
            consent_receive_messages: false,
        };
        let (status, body) = api(
            demo,
            token,
            "/api/v1/workers",
            Some(serde_json::to_value(&profile).unwrap()),
        )
        .await;
        if status == 201 {
            return citizen_id.as_str().to_owned();
        }
        assert_eq!(status, 409, "{body}");
    }
    panic!("no free citizen ID");
}

/// Registers an employer at the door with one of its open vacancies (as
/// those who run a running session may); gives the vacancy's title.
async fn take_a_booth(demo: &Demo, token: &str, session: i64) -> String {
    let (_, vacancies) = api(demo, token, "/api/v1/vacancies?limit=100", None).await;
    let mut last = Value::Null;
    for vacancy in vacancies.as_array().unwrap() {
        let (status, body) = api(
            demo,
            token,
            &format!("/api/v1/sessions/{session}/registrations"),
            Some(json!({
                "party": "employer",
                "party_id": vacancy["posting"]["employer_id"],
                "channel": "walk_in",
                "vacancies": [vacancy["id"]],
            })),
        )
        .await;
        last = body;
        if status == 201 {
            return vacancy["posting"]["title"].as_str().unwrap().to_owned();
        }
    }
    panic!("no employer took a booth: {last}");
}

/// Moves the session open on the desk to `status` with its button.
async fn move_to(browser: &Browser, status: &str) {
    browser
        .submit(&format!(
            "#trang-thai form:has(input[name=status][value={status}])"
        ))
        .await;
    assert!(browser.current_url().await.contains("xong=trang-thai"));
}

#[tokio::test]
async fn the_centre_schedules_a_quarter_and_runs_a_session_to_its_report() {
    let Some(demo) = Demo::start().await else {
        return;
    };
    let browser = Browser::desktop(false).await.on(&demo);
    browser.login(STAFF, DEMO_PASSWORD).await;
    browser.goto("/can-bo/san").await;
    browser.assert_accessible("exchange-home").await;

    // A quarter of the 2021 plan that nobody has scheduled yet.
    let mut previewed = false;
    for quarter in ["2021-Q3", "2021-Q4", "2021-Q2", "2021-Q1"] {
        browser
            .goto(&format!(
                "/can-bo/san/lich?plan=hanoi-2021&quarter={quarter}"
            ))
            .await;
        if !browser
            .find_all("form[method=post][action='/can-bo/san/lich']")
            .await
            .is_empty()
        {
            previewed = true;
            break;
        }
    }
    assert!(previewed, "every quarter of the 2021 plan is scheduled");
    browser.assert_accessible("exchange-schedule-preview").await;
    browser
        .submit("form[method=post][action='/can-bo/san/lich']")
        .await;
    assert!(browser.current_url().await.contains("xong=lich"));
    browser.assert_accessible("exchange-schedule-done").await;

    // A daily session of the quarter.
    let link = browser
        .find("table a[href^='/can-bo/san/phien/']")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let session: i64 = link.rsplit('/').next().unwrap().parse().unwrap();
    browser.goto(&link).await;
    browser.assert_accessible("exchange-session-planned").await;
    move_to(&browser, "open").await;
    move_to(&browser, "running").await;
    // The registration window of a past quarter's session has closed: the
    // employer comes to the door too.
    let token = token(&demo, STAFF).await;
    let vacancy = take_a_booth(&demo, &token, session).await;

    // A walk-in at the door.
    let citizen_id = new_worker(&demo, &token).await;
    browser.fill("#citizen_id", &citizen_id).await;
    browser.submit("#vang-lai form").await;
    assert!(browser.current_url().await.contains("xong=vang-lai"));
    assert!(browser
        .text_of("#dang-ky")
        .await
        .contains("Lê Thị Vãng Lai"));
    browser.assert_accessible("exchange-session-running").await;

    // The pre-match sheets to print.
    browser
        .goto(&format!("/can-bo/san/phien/{session}/so-khop/in"))
        .await;
    assert!(browser.text_of("main").await.contains("Lê Thị Vãng Lai"));
    browser.assert_accessible("exchange-prematch-print").await;
    browser.shot("exchange-prematch-print").await;

    // An interview, attendance, the hire.
    browser.goto(&format!("/can-bo/san/phien/{session}")).await;
    browser.submit("#phong-van form").await;
    assert!(browser.current_url().await.contains("xong=phong-van"));
    browser
        .submit("#phong-van form:has(input[name=attendance][value=attended])")
        .await;
    let hired = browser.find("#kq-outcome option[value=hired]").await;
    hired.click().await.unwrap();
    browser.submit("#ket-qua form").await;
    assert!(browser.current_url().await.contains("xong=ket-qua"));
    let results = browser.text_of("#ket-qua").await;
    assert!(
        results.contains("Trúng tuyển") && results.contains(&vacancy),
        "{results}"
    );

    // Close, read the report, file it.
    move_to(&browser, "closed").await;
    browser
        .goto(&format!("/can-bo/san/phien/{session}/bao-cao"))
        .await;
    browser.assert_accessible("exchange-report").await;
    browser
        .submit(&format!(
            "form[action='/can-bo/san/phien/{session}/bao-cao']"
        ))
        .await;
    assert!(browser.text_of("main").await.contains("Báo cáo đã nộp"));
    browser.assert_accessible("exchange-report-filed").await;

    // Counselling and the claimants' follow-up.
    browser.goto("/can-bo/san/tu-van").await;
    browser.assert_accessible("exchange-counselling").await;
    browser.goto("/can-bo/san/tro-cap").await;
    browser.assert_accessible("exchange-claims").await;
    browser.goto("/can-bo/san/dia-diem").await;
    browser.assert_accessible("exchange-venues").await;
}
