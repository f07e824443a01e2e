//! Forecasting: models recover what they should, every level adds up, short
//! series answer "not enough data", and the hiring signals' back-test.

use chrono::NaiveDate;
use vieclam_domain::admin_unit::UnitLevel;
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_forecast::model::{self, Method, Outcome};
use vieclam_forecast::series::{LedgerBuilder, Measure, Selection};
use vieclam_forecast::shortage::{changepoints, outliers};
use vieclam_forecast::signals::{backtest, precision_at, EmployerHistory};
use vieclam_forecast::{balances, Engine};
use vieclam_plans::period::Month;

fn units() -> &'static AdminUnits {
    static UNITS: std::sync::OnceLock<AdminUnits> = std::sync::OnceLock::new();
    UNITS.get_or_init(|| AdminUnits::embedded().unwrap())
}

fn key(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::MAX).unwrap()
}

/// A small deterministic noise in −1..1.
fn noise(t: usize) -> f64 {
    // splitmix64
    let mut x = (t as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x % 2001) as f64 / 1000.0 - 1.0
}

fn trend_and_season(t: usize) -> f64 {
    200.0 + 1.5 * t as f64 + 30.0 * (t as f64 * std::f64::consts::TAU / 12.0).sin()
}

#[test]
fn a_known_trend_and_season_is_recovered_within_its_interval() {
    let history: Vec<f64> = (0..72)
        .map(|t| trend_and_season(t) + 2.0 * noise(t))
        .collect();
    let Outcome::Forecast(forecast) = model::forecast(&history, 12) else {
        panic!("a six-year series has a forecast");
    };
    assert!(
        matches!(forecast.method, Method::MstlEts | Method::SeasonalNaive),
        "a seasonal series picks a seasonal model, got {:?}",
        forecast.method
    );
    let prediction = &forecast.prediction;
    assert_eq!(prediction.point.len(), 12);
    for step in 0..12 {
        let truth = trend_and_season(72 + step);
        assert!(
            prediction.lower[step] <= truth && truth <= prediction.upper[step],
            "month {step}: {truth} outside {}..{}",
            prediction.lower[step],
            prediction.upper[step]
        );
        assert!((prediction.point[step] - truth).abs() < 10.0);
    }
}

#[test]
fn a_straight_line_goes_on_and_a_flat_series_stays_flat() {
    let line: Vec<f64> = (0..30).map(|t| 10.0 + 3.0 * t as f64).collect();
    let Outcome::Forecast(forecast) = model::forecast(&line, 6) else {
        panic!("no forecast");
    };
    for (step, point) in forecast.prediction.point.iter().enumerate() {
        let truth = 10.0 + 3.0 * (30 + step) as f64;
        assert!((point - truth).abs() < 1.0, "{point} vs {truth}");
    }
    let flat = vec![7.0; 24];
    let Outcome::Forecast(forecast) = model::forecast(&flat, 24) else {
        panic!("no forecast");
    };
    assert!(forecast
        .prediction
        .point
        .iter()
        .all(|p| (p - 7.0).abs() < 1e-6));
}

#[test]
fn empty_short_and_broken_series_answer_not_enough_data() {
    for history in [vec![], vec![5.0], vec![1.0, 2.0, 3.0, 4.0, 5.0]] {
        assert!(
            matches!(model::forecast(&history, 12), Outcome::NotEnoughData { points, needed: 6 } if points == history.len()),
            "{history:?}"
        );
    }
    assert!(matches!(
        model::forecast(&[1.0, 2.0, f64::NAN, 4.0, 5.0, 6.0, 7.0], 3),
        Outcome::NotEnoughData { .. }
    ));
    // Every model on every tiny input: a prediction is finite or absent.
    for n in 0..30 {
        let history: Vec<f64> = (0..n).map(|t| (t % 3) as f64).collect();
        for method in Method::RACE.into_iter().chain([Method::Mean]) {
            if let Some(prediction) = model::predict(method, &history, 24) {
                assert!(prediction.point.iter().all(|v| v.is_finite()));
            }
        }
        if let Outcome::Forecast(forecast) = model::forecast(&history, 24) {
            assert!(forecast
                .prediction
                .lower
                .iter()
                .all(|v| v.is_finite() && *v >= 0.0));
            assert!(forecast.prediction.upper.iter().all(|v| v.is_finite()));
        }
    }
}

#[test]
fn horizons_outside_one_to_twenty_four_are_clamped() {
    let history: Vec<f64> = (0..40).map(|t| 50.0 + noise(t)).collect();
    for (asked, got) in [(0, 1), (1, 1), (24, 24), (1000, 24), (usize::MAX, 24)] {
        let Outcome::Forecast(forecast) = model::forecast(&history, asked) else {
            panic!("no forecast");
        };
        assert_eq!(forecast.prediction.point.len(), got);
    }
}

/// Hanoi's first communes, each with a different history per unit group.
fn ledger_engine() -> (Engine, Vec<UnitKey>) {
    let units = units();
    let hanoi = key("2025:01");
    let communes: Vec<UnitKey> = units
        .children(&hanoi)
        .filter(|unit| unit.level == UnitLevel::Commune)
        .map(|unit| unit.key())
        .take(12)
        .collect();
    assert_eq!(communes.len(), 12);
    let mut builder = LedgerBuilder::default();
    let groups = ["7212", "7213", "7411", "5120", "2211", "8153", "8154"];
    for (c, commune) in communes.iter().enumerate() {
        for (g, group) in groups.iter().enumerate() {
            for t in 0..48 {
                let month = Month(Month::new(2022, 12).0 + t);
                let base = ((c + 1) * (g + 2)) as f64 * 0.3;
                let value = (base * (1.0 + 0.3 * (t as f64 * std::f64::consts::TAU / 12.0).cos())
                    + noise(c * 1000 + g * 100 + t as usize))
                .round()
                .max(0.0);
                builder.add(units, Measure::Positions, commune, group, month, value);
                builder.add(
                    units,
                    Measure::Seekers,
                    commune,
                    group,
                    month,
                    (value * 0.7).round(),
                );
            }
        }
    }
    let ledger = builder.finish(Month::new(2026, 11));
    (Engine::build(ledger, 2), communes)
}

#[test]
fn reconciled_forecasts_add_up_exactly() {
    let (engine, communes) = ledger_engine();
    let ledger = engine.ledger();
    let all_cells = |unit: &UnitKey| {
        let mut cells = ledger.members(units(), unit);
        cells.sort_unstable();
        cells
    };
    let province = Selection {
        occupation: None,
        cells: all_cells(&key("2025:01")),
    };
    let total = engine.reconciled_micro(Measure::Positions, &province);
    assert!(total[0] > 0);
    // Communes add up to the province.
    let mut sum = vec![0i64; total.len()];
    for commune in &communes {
        let part = engine.reconciled_micro(
            Measure::Positions,
            &Selection {
                occupation: None,
                cells: all_cells(commune),
            },
        );
        for (s, p) in sum.iter_mut().zip(part) {
            *s += p;
        }
    }
    assert_eq!(sum, total);
    // Unit groups add up to their sub-major, sub-majors to their major.
    let of = |code: &str| {
        engine.reconciled_micro(
            Measure::Positions,
            &Selection {
                occupation: Some(code.into()),
                cells: province.cells.clone(),
            },
        )
    };
    let add =
        |a: Vec<i64>, b: Vec<i64>| a.into_iter().zip(b).map(|(a, b)| a + b).collect::<Vec<_>>();
    assert_eq!(add(of("7212"), of("7213")), of("721"));
    assert_eq!(add(of("721"), of("741")), of("7"));
    assert_eq!(add(of("8153"), of("8154")), of("81"));
    // The answer a person reads carries the same reconciled points.
    let answer = engine.forecast(Measure::Positions, &province, 12);
    assert_eq!(answer.status, "forecast");
    for (month, micro) in answer.months.iter().zip(&total) {
        assert_eq!(month.point, *micro as f64 / 1e6);
        assert!(month.lower <= month.point && month.point <= month.upper);
    }
    assert_eq!(answer.months[0].month, "2026-12");
}

#[test]
fn a_unit_or_occupation_with_nothing_answers_not_enough_data_without_nan() {
    let (engine, _) = ledger_engine();
    let nothing = Selection {
        occupation: Some("9999".into()),
        cells: engine.ledger().members(units(), &key("2025:01")),
    };
    let answer = engine.forecast(Measure::Positions, &nothing, 6);
    assert_eq!(answer.status, "not_enough_data");
    assert!(answer.months.is_empty());
    assert!(answer
        .message_vi
        .as_deref()
        .unwrap()
        .contains("Chưa đủ số liệu"));
    let json = serde_json::to_string(&answer).unwrap();
    assert!(!json.contains("NaN") && !json.contains("inf"));
    // An empty ledger.
    let empty = Engine::build(LedgerBuilder::default().finish(Month::new(2026, 11)), 1);
    let answer = empty.forecast(Measure::Hires, &nothing, 6);
    assert_eq!(answer.status, "not_enough_data");
    // Shortages over a unit with nothing.
    assert!(balances(&empty, &[], 2, 12, |c| c.to_string()).is_empty());
}

#[test]
fn shortages_rank_the_largest_gap_first() {
    let (engine, _) = ledger_engine();
    let mut cells = engine.ledger().members(units(), &key("2025:01"));
    cells.sort_unstable();
    let rows = balances(&engine, &cells, 2, 12, |code| format!("nhóm {code}"));
    assert_eq!(
        rows.iter()
            .map(|r| r.occupation.as_str())
            .collect::<Vec<_>>()
            .len(),
        5,
        "72, 74, 51, 22, 81"
    );
    for pair in rows.windows(2) {
        assert!(pair[0].gap >= pair[1].gap);
    }
    for row in &rows {
        assert!((row.gap - (row.demand - row.supply)).abs() < 1e-9);
        assert!(row.gap_lower <= row.gap && row.gap <= row.gap_upper);
        // Demand is about 10/7 of supply in every group: all shortages.
        assert!(row.demand > row.supply, "{row:?}");
    }
}

#[test]
fn a_level_shift_is_a_changepoint_and_a_spike_an_outlier() {
    let mut values: Vec<f64> = (0..36).map(|t| 20.0 + 2.0 * noise(t)).collect();
    for value in values.iter_mut().skip(24) {
        *value += 40.0; // a new industrial park opens
    }
    let found = changepoints(&values);
    assert!(found.iter().any(|&m| (23..=26).contains(&m)), "{found:?}");
    let mut spiky: Vec<f64> = (0..36).map(|t| 20.0 + 2.0 * noise(t)).collect();
    spiky[30] = 90.0;
    assert_eq!(outliers(&spiky), vec![30]);
    assert!(outliers(&(0..36).map(|t| 20.0 + noise(t)).collect::<Vec<_>>()).is_empty());
}

#[test]
fn precision_counts_ties_at_their_expected_value() {
    let scores = [3.0, 2.0, 2.0, 2.0, 2.0, 0.0];
    let hits = [true, true, false, false, false, true];
    assert_eq!(precision_at(&scores, &hits, 1), 1.0);
    // The top one, then half of a tied group of four holding one hit.
    assert!((precision_at(&scores, &hits, 3) - (1.0 + 0.5) / 3.0).abs() < 1e-12);
    assert!((precision_at(&scores, &hits, 6) - 0.5).abs() < 1e-12);
    assert_eq!(precision_at(&[], &[], 5), 0.0);
}

#[test]
fn hiring_signals_are_backtested_against_the_naive_rule() {
    // Eight employers, origin December 2025, six months after it.
    let m = |year, month| Month::new(year, month);
    let every = |from: Month, to: Month, step: i32| {
        (from.0..=to.0)
            .step_by(step as usize)
            .map(|month| (Month(month), 1))
            .collect::<Vec<_>>()
    };
    let histories = vec![
        // Hires every month, on and on.
        EmployerHistory {
            employer_id: 1,
            vacancies: every(m(2024, 1), m(2026, 6), 1),
            hires: vec![(m(2025, 11), true)],
        },
        // Hired once, early in the last twelve months, never again.
        EmployerHistory {
            employer_id: 2,
            vacancies: vec![(m(2025, 1), 1)],
            hires: vec![],
        },
        // Seasonal: hires each spring.
        EmployerHistory {
            employer_id: 3,
            vacancies: vec![(m(2025, 2), 5), (m(2026, 2), 5)],
            hires: vec![],
        },
        // Closed in early 2025.
        EmployerHistory {
            employer_id: 4,
            vacancies: every(m(2023, 1), m(2025, 1), 2),
            hires: vec![],
        },
        // Steady every quarter.
        EmployerHistory {
            employer_id: 5,
            vacancies: every(m(2024, 3), m(2026, 6), 3),
            hires: vec![],
        },
    ];
    let result = backtest(&histories, m(2025, 12), &[1, 3]);
    assert_eq!(result.employers, 5);
    // Employers 1, 3 and 5 hired in January–June 2026.
    assert!((result.base_rate_percent - 60.0).abs() < 1e-9);
    let at3 = &result.rows[1];
    assert_eq!(at3.k, 3);
    assert_eq!(at3.score, 1.0, "the score ranks 1, 5, 3 first");
    // The naive rule ties all five that hired in 2025 (4 did in January).
    assert!((at3.naive - 0.6).abs() < 1e-9);
    assert!(at3.score > at3.naive);
}

#[test]
fn an_intermittent_series_is_forecast_by_its_mean_not_run_down() {
    // One employer sought a hundred workers eight months ago, and thirty
    // once before: counts in two of the last twelve months.
    let mut history = vec![0.0; 30];
    history[14] = 30.0;
    history[22] = 100.0;
    let Outcome::Forecast(forecast) = model::forecast(&history, 6) else {
        panic!("no forecast");
    };
    assert_eq!(forecast.method, Method::Mean);
    for point in &forecast.prediction.point {
        assert!((point - 100.0 / 12.0).abs() < 1e-9, "{point}");
    }
}
