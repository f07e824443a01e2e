//! Forecasts, shortages and hiring signals over HTTP: thirty months of
//! vacancies and job seekers in two communes, forecasts that add up,
//! "not enough data" without NaN, hostile parameters refused, and a denial
//! for each role that may not read them — on SQLite and PostgreSQL.

use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use vieclam_domain::registry::{
    EmployerKind, EmployerProfile, EventSource, OccupationCode, VacancyStatus,
};
use vieclam_domain::{Role, UnitKey};
use vieclam_store::{AuditFilter, EmployerWrite, VacancyWrite, WorkerWrite};

use crate::exchange::tax_code;
use crate::helpers::{assert_error, spawn_app, spawn_app_on, Backend, TestApp};
use crate::registers::{vacancy, worker};

const HOA_XA: &str = "2025:10417";
const BA_DINH: &str = "2025:00004";

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
}

/// The first day of the month `back` months before this one.
fn month_back(back: u32) -> NaiveDate {
    let today = (Utc::now() + Duration::hours(7)).date_naive();
    let first = NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&today),
        chrono::Datelike::month(&today),
        1,
    )
    .unwrap();
    first - chrono::Months::new(back)
}

async fn employer(app: &TestApp, serial: u32, at: &str) -> i64 {
    let profile = EmployerProfile {
        tax_code: Some(tax_code(serial)),
        name: format!("Công ty TNHH Dự báo số {serial}"),
        kind: EmployerKind::Company,
        industry: None,
        size: None,
        address_unit: unit(at),
        address_line: None,
        contact_name: None,
        contact_phone: None,
        contact_email: None,
    };
    app.store
        .create_employer(
            EmployerWrite {
                profile: &profile,
                province_code: "01",
            },
            Utc::now(),
        )
        .await
        .unwrap()
        .id
}

/// Thirty months of welders' vacancies in Hòa Xá (a peak each February)
/// and in Ba Đình (growing), cooks' in Ba Đình, and job seekers registered
/// in Hòa Xá every month.
pub async fn load_history(app: &TestApp) -> (i64, i64) {
    let hoa_xa = employer(app, 501, HOA_XA).await;
    let ba_dinh = employer(app, 502, BA_DINH).await;
    let mut postings = Vec::new();
    for back in 1..=30u32 {
        let opened = month_back(back) + Duration::days(3);
        let february = chrono::Datelike::month(&opened) == 2;
        let mut welders = vacancy(hoa_xa, VacancyStatus::Filled);
        welders.headcount = if february { 20 } else { 6 } + back % 3;
        welders.deadline = Some(opened + Duration::days(30));
        let mut growing = vacancy(ba_dinh, VacancyStatus::Filled);
        growing.work_unit = unit(BA_DINH);
        growing.headcount = 3 + (30 - back) / 5;
        growing.deadline = Some(opened + Duration::days(31));
        let mut cooks = vacancy(ba_dinh, VacancyStatus::Closed);
        cooks.title = "Đầu bếp".into();
        cooks.occupation = Some(OccupationCode::parse("5120").unwrap());
        cooks.work_unit = unit(BA_DINH);
        cooks.headcount = 2;
        cooks.deadline = Some(opened + Duration::days(32));
        for posting in [welders, growing, cooks] {
            postings.push((posting, opened));
        }
    }
    let writes: Vec<VacancyWrite<'_>> = postings
        .iter()
        .map(|(posting, opened)| VacancyWrite {
            posting,
            province_code: "01",
            opened_at: Some(opened.and_hms_opt(2, 0, 0).unwrap().and_utc()),
        })
        .collect();
    let counts = app
        .store
        .import_vacancies(&writes, Utc::now())
        .await
        .unwrap();
    assert_eq!(counts.inserted, 90);
    let mut serial = 9_000;
    for back in 1..=30u32 {
        for _ in 0..(2 + back % 2) {
            serial += 1;
            let profile = worker(serial, HOA_XA);
            app.store
                .create_worker(
                    WorkerWrite {
                        profile: &profile,
                        province_code: "01",
                        registered_on: month_back(back) + Duration::days(5),
                        source: EventSource::SelfDeclared,
                        actor: None,
                    },
                    Utc::now(),
                )
                .await
                .unwrap();
        }
    }
    (hoa_xa, ba_dinh)
}

fn points(body: &Value) -> Vec<(f64, f64, f64)> {
    body["forecast"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["lower"].as_f64().unwrap(),
                m["point"].as_f64().unwrap(),
                m["upper"].as_f64().unwrap(),
            )
        })
        .collect()
}

async fn forecasts_answer_and_add_up(app: &TestApp) {
    load_history(app).await;
    app.add_account("so.ldtbxh", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let token = app.token("so.ldtbxh").await;
    let (status, body) = app
        .get(
            "/api/v1/forecasts?unit=2025:01&occupation=7212&measure=positions&horizon=6",
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["forecast"]["status"], "forecast");
    assert_eq!(body["forecast"]["reconciliation"], "bottom_up");
    assert_eq!(body["horizon"], 6);
    assert_eq!(body["forecast"]["history"].as_array().unwrap().len(), 30);
    let province = points(&body);
    assert_eq!(province.len(), 6);
    for (lower, point, upper) in &province {
        assert!(lower <= point && point <= upper && *lower >= 0.0);
    }
    // The communes add up to the city, month by month.
    let mut communes = [0.0; 6];
    for commune in [HOA_XA, BA_DINH] {
        let (status, body) = app
            .get(
                &format!("/api/v1/forecasts?unit={commune}&occupation=7212&horizon=6"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        for (sum, (_, point, _)) in communes.iter_mut().zip(points(&body)) {
            *sum += point;
        }
    }
    for (sum, (_, point, _)) in communes.iter().zip(&province) {
        assert!((sum - point).abs() < 1e-6, "{sum} vs {point}");
    }
    // Unit groups add up to their sub-major, and the legacy district of
    // Ba Đình reads the same commune's series through the crosswalk.
    let (_, all) = app
        .get(
            "/api/v1/forecasts?unit=2025:01&occupation=7&horizon=6",
            Some(&token),
        )
        .await;
    let (_, cooks) = app
        .get(
            "/api/v1/forecasts?unit=2025:01&occupation=5120&horizon=6",
            Some(&token),
        )
        .await;
    let (_, total) = app
        .get("/api/v1/forecasts?unit=2025:01&horizon=6", Some(&token))
        .await;
    for ((a, c), t) in points(&all).iter().zip(points(&cooks)).zip(points(&total)) {
        assert!((a.1 + c.1 - t.1).abs() < 1e-6);
    }
    // Job seekers: a series of its own.
    let (status, body) = app
        .get(
            &format!("/api/v1/forecasts?unit={HOA_XA}&occupation=72&measure=seekers"),
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["forecast"]["months"].as_array().unwrap().len(), 12);
    // An occupation never seen: not enough data, no NaN anywhere.
    let (status, body) = app
        .get(
            "/api/v1/forecasts?unit=2025:01&occupation=2111",
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["forecast"]["status"], "not_enough_data");
    assert!(body["forecast"]["message_vi"]
        .as_str()
        .unwrap()
        .contains("Chưa đủ số liệu"));
    assert!(!body.to_string().contains("NaN"));
    // Shortages: demand minus supply, largest first.
    let (status, body) = app
        .get("/api/v1/shortages?unit=2025:01&horizon=12", Some(&token))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = body["balances"].as_array().unwrap();
    assert!(rows.iter().any(|row| row["occupation"] == "72"));
    let gaps: Vec<f64> = rows.iter().map(|r| r["gap"].as_f64().unwrap()).collect();
    assert!(gaps.windows(2).all(|pair| pair[0] >= pair[1]), "{gaps:?}");
    for row in rows {
        let (demand, supply) = (
            row["demand"].as_f64().unwrap(),
            row["supply"].as_f64().unwrap(),
        );
        assert!((row["gap"].as_f64().unwrap() - (demand - supply)).abs() < 1e-9);
    }
}

#[tokio::test]
async fn forecasts_answer_and_add_up_on_sqlite() {
    let app = spawn_app().await;
    forecasts_answer_and_add_up(&app).await;
}

#[tokio::test]
async fn forecasts_answer_and_add_up_on_postgres() {
    let Some(app) = spawn_app_on(Backend::Postgres).await else {
        return;
    };
    forecasts_answer_and_add_up(&app).await;
    app.clean_up().await;
}

#[tokio::test]
async fn hostile_parameters_are_refused() {
    let app = spawn_app().await;
    app.add_account("so.ldtbxh", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let token = app.token("so.ldtbxh").await;
    for (query, status, code) in [
        (
            "unit=2025:01&horizon=0",
            StatusCode::BAD_REQUEST,
            "invalid_horizon",
        ),
        (
            "unit=2025:01&horizon=25",
            StatusCode::BAD_REQUEST,
            "invalid_horizon",
        ),
        (
            "unit=2025:01&horizon=99999999999",
            StatusCode::BAD_REQUEST,
            "",
        ),
        ("unit=2025:01&horizon=-1", StatusCode::BAD_REQUEST, ""),
        (
            "unit=2025:01&occupation=12345",
            StatusCode::NOT_FOUND,
            "occupation_not_found",
        ),
        (
            "unit=2025:01&occupation=7x",
            StatusCode::NOT_FOUND,
            "occupation_not_found",
        ),
        ("unit=2025:01&measure=salary", StatusCode::BAD_REQUEST, ""),
        ("unit=2025:99999", StatusCode::NOT_FOUND, ""),
        ("unit=%00", StatusCode::BAD_REQUEST, ""),
        ("horizon=3", StatusCode::BAD_REQUEST, ""),
    ] {
        let (got, body) = app
            .get(&format!("/api/v1/forecasts?{query}"), Some(&token))
            .await;
        assert_eq!(got, status, "{query}: {body}");
        if !code.is_empty() {
            assert_error(got, &body, status, code);
        }
    }
    for query in [
        "unit=2025:01&level=0",
        "unit=2025:01&level=5",
        "unit=2025:01&horizon=30",
    ] {
        let (got, body) = app
            .get(&format!("/api/v1/shortages?{query}"), Some(&token))
            .await;
        assert_eq!(got, StatusCode::BAD_REQUEST, "{query}: {body}");
    }
    for query in ["unit=2025:01&limit=0", "unit=2025:01&limit=501"] {
        let (got, body) = app
            .get(&format!("/api/v1/hiring-signals?{query}"), Some(&token))
            .await;
        assert_eq!(got, StatusCode::BAD_REQUEST, "{query}: {body}");
    }
}

#[tokio::test]
async fn each_role_reads_only_what_it_may() {
    let app = spawn_app().await;
    let (hoa_xa, _) = load_history(&app).await;
    for (name, role, scope) in [
        ("so.ldtbxh", Role::ProvinceOfficer, Some("2025:01")),
        ("san.trungtam", Role::ExchangeStaff, Some("2025:01")),
        ("xa.hoaxa", Role::UnitOfficer, Some(HOA_XA)),
        ("nhcsxh", Role::PartnerAgency, Some("2025:01")),
        ("so.hcm", Role::ProvinceOfficer, Some("2025:79")),
        ("san.hcm", Role::ExchangeStaff, Some("2025:79")),
        ("dn.test", Role::Employer, None),
        ("nld.test", Role::Worker, None),
    ] {
        app.add_account(name, role, scope).await;
    }
    let forecast = |unit: &str| format!("/api/v1/forecasts?unit={unit}&occupation=7212");
    let shortage = |unit: &str| format!("/api/v1/shortages?unit={unit}");
    let signals = |unit: &str| format!("/api/v1/hiring-signals?unit={unit}");
    // No account: 401 everywhere.
    for path in [forecast("2025:01"), shortage("2025:01"), signals("2025:01")] {
        let (status, body) = app.get(&path, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {body}");
    }
    let cases: Vec<(&str, String, StatusCode)> = vec![
        // Figures: staff of the unit or above.
        ("xa.hoaxa", forecast(HOA_XA), StatusCode::OK),
        ("xa.hoaxa", shortage(HOA_XA), StatusCode::OK),
        ("xa.hoaxa", forecast("2025:01"), StatusCode::FORBIDDEN),
        ("xa.hoaxa", forecast(BA_DINH), StatusCode::FORBIDDEN),
        ("xa.hoaxa", shortage(BA_DINH), StatusCode::FORBIDDEN),
        ("nhcsxh", forecast("2025:01"), StatusCode::OK),
        ("so.hcm", forecast("2025:01"), StatusCode::FORBIDDEN),
        ("so.hcm", shortage("2025:01"), StatusCode::FORBIDDEN),
        ("dn.test", forecast("2025:01"), StatusCode::FORBIDDEN),
        ("dn.test", shortage("2025:01"), StatusCode::FORBIDDEN),
        ("nld.test", forecast(HOA_XA), StatusCode::FORBIDDEN),
        ("nld.test", shortage(HOA_XA), StatusCode::FORBIDDEN),
        // Hiring signals: the exchange's outreach only.
        ("san.trungtam", signals("2025:01"), StatusCode::OK),
        ("so.ldtbxh", signals(HOA_XA), StatusCode::OK),
        ("san.hcm", signals("2025:01"), StatusCode::FORBIDDEN),
        ("so.hcm", signals("2025:01"), StatusCode::FORBIDDEN),
        ("xa.hoaxa", signals(HOA_XA), StatusCode::FORBIDDEN),
        ("nhcsxh", signals("2025:01"), StatusCode::FORBIDDEN),
        ("dn.test", signals("2025:01"), StatusCode::FORBIDDEN),
        ("nld.test", signals("2025:01"), StatusCode::FORBIDDEN),
    ];
    for (who, path, expected) in cases {
        let token = app.token(who).await;
        let (status, body) = app.get(&path, Some(&token)).await;
        assert_eq!(status, expected, "{who} {path}: {body}");
    }
    // The signals name the employers of the unit asked about, each read
    // audited.
    let token = app.token("so.ldtbxh").await;
    let (_, body) = app.get(&signals(HOA_XA), Some(&token)).await;
    let listed: Vec<i64> = body["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["employer_id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, vec![hoa_xa]);
    assert!(body["signals"][0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(body["backtest"]["employers"], 1);
    let reads = app
        .audit(AuditFilter {
            subject_kind: Some("hiring_signals".into()),
            ..AuditFilter::default()
        })
        .await;
    assert!(
        reads.len() >= 3,
        "every read and refusal audited: {}",
        reads.len()
    );
}

/// The progress of a plan running this year gets a forecast line for its
/// computed, summed target (new jobs): what the months over recorded plus
/// the forecast of the months left; none for a target counted by the
/// exchange or for a period that is over.
#[tokio::test]
async fn plan_progress_has_a_forecast_line_where_a_series_exists() {
    let app = spawn_app().await;
    app.add_account("so.ldtbxh", Role::ProvinceOfficer, Some("2025:01"))
        .await;
    let token = app.token("so.ldtbxh").await;
    let (status, body) = app
        .post("/api/v1/plans", Some(&token), &crate::plans::current_plan())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Twenty-four months of hires in Ba Đình: two a month, three in March.
    let mut recorded_this_year = 0.0;
    let this_month = month_back(0);
    for back in 1..=24u32 {
        let day = month_back(back) + Duration::days(9);
        let n = if chrono::Datelike::month(&day) == 3 {
            3
        } else {
            2
        };
        for k in 0..n {
            let profile = worker(20_000 + back * 10 + k, BA_DINH);
            let id = app
                .store
                .create_worker(
                    WorkerWrite {
                        profile: &profile,
                        province_code: "01",
                        registered_on: month_back(30),
                        source: EventSource::SelfDeclared,
                        actor: None,
                    },
                    Utc::now(),
                )
                .await
                .unwrap()
                .id;
            let event = serde_json::json!({ "date": day.to_string(), "kind": "employed",
                "source": "exchange", "status": null, "unit": null, "employer_id": null,
                "occupation": "7212", "country": null, "detail": null });
            let (status, body) = app
                .post(
                    &format!("/api/v1/workers/{id}/events"),
                    Some(&token),
                    &event,
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            if chrono::Datelike::year(&day) == chrono::Datelike::year(&this_month) {
                recorded_this_year += 1.0;
            }
        }
    }
    let (status, progress) = app
        .get(
            "/api/v1/plans/hanoi-now/progress?unit=2025:01",
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    let rows = progress["rows"].as_array().unwrap();
    let row = |indicator: &str, unit: &str| {
        rows.iter()
            .find(|row| row["indicator"] == indicator && row["unit"] == unit)
            .unwrap_or_else(|| panic!("no row {indicator} {unit}"))
    };
    let ba_dinh = row("new_jobs", BA_DINH);
    let projection = &ba_dinh["projection"];
    let months_left = 13 - chrono::Datelike::month(&this_month) as u64;
    assert_eq!(projection["months_ahead"], months_left, "{projection}");
    let (lower, value, upper) = (
        projection["lower"].as_f64().unwrap(),
        projection["value"].as_f64().unwrap(),
        projection["upper"].as_f64().unwrap(),
    );
    assert!(lower <= value && value <= upper, "{projection}");
    // About two a month are still to come.
    assert!(
        value >= recorded_this_year,
        "{value} < {recorded_this_year}"
    );
    assert!(
        value <= recorded_this_year + 4.0 * months_left as f64,
        "{value} for {recorded_this_year} recorded and {months_left} months left"
    );
    assert_eq!(projection["meets_target"], value >= 40.0);
    // Counted by the exchange: no series of the registers, no line.
    assert!(row("sessions_total", "2025:01").get("projection").is_none());
}
