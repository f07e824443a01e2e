//! Plans, indicators, roll-up and the reporting cycle, against the seeds.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use vieclam_domain::admin_unit::{UnitLevel, UnitStructure};
use vieclam_domain::registry::{EmploymentStatus, EventKind, SocialInsurance};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_plans::actuals::{computed, submitted};
use vieclam_plans::cube::{contributions, Cells, Cube, EventFact, Measure, WorkerFacts};
use vieclam_plans::reporting::{self, ReportState, ReportStatus, Submission, Timeliness};
use vieclam_plans::{
    fixtures, Aggregation, Bound, DataValue, Indicators, MeasureUnit, Month, Period, Plan,
    ProgressStatus, Source, Statistics,
};

fn units() -> &'static AdminUnits {
    static UNITS: std::sync::OnceLock<AdminUnits> = std::sync::OnceLock::new();
    UNITS.get_or_init(|| AdminUnits::embedded().unwrap())
}

fn key(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::MAX).unwrap()
}

fn plan(id: &str) -> Plan {
    fixtures(units())
        .unwrap()
        .into_iter()
        .find(|plan| plan.id == id)
        .unwrap()
}

fn figure(plan: &Plan, indicator: &str, unit: &str, period: &str) -> f64 {
    let period = Period::parse(period).unwrap();
    plan.targets
        .iter()
        .find(|t| t.indicator == indicator && t.unit == key(unit) && t.period == period)
        .unwrap_or_else(|| panic!("no target {indicator} {unit} {period}"))
        .bound
        .headline()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn hanoi_2021_fixture_matches_the_seed() {
    let plan = plan("hanoi-2021");
    assert_eq!(plan.number, "14/KH-UBND");
    assert_eq!(plan.issued_on, Some(day("2021-01-21")));
    assert_eq!(
        plan.document_vi(),
        "Kế hoạch 14/KH-UBND ngày 21/01/2021 của UBND thành phố Hà Nội"
    );
    // Headline targets.
    assert_eq!(figure(&plan, "new_jobs", "legacy:01", "2021"), 160_000.0);
    let urban = plan
        .targets
        .iter()
        .find(|t| t.indicator == "urban_unemployment_rate")
        .unwrap();
    assert_eq!(urban.bound, Bound::Lt { value: 4.0 });
    assert_eq!(figure(&plan, "trained_rate", "legacy:01", "2021"), 71.5);
    // The appendix: 30 legacy districts summing to 160,000.
    let districts: Vec<_> = plan
        .targets
        .iter()
        .filter(|t| t.indicator == "new_jobs" && t.unit.code.level() == UnitLevel::District)
        .collect();
    assert_eq!(districts.len(), 30);
    assert_eq!(
        districts.iter().map(|t| t.bound.headline()).sum::<f64>(),
        160_000.0
    );
    assert_eq!(figure(&plan, "new_jobs", "legacy:001", "2021"), 6_500.0);
    let allocation = plan
        .allocations(units(), Indicators::embedded())
        .into_iter()
        .find(|a| a.indicator == "new_jobs")
        .unwrap();
    assert!(allocation.balanced);
    assert_eq!(allocation.n_parts, 30);
    assert!(allocation.units_without_target.is_empty());
    // Q1: 61 sessions = 1 thematic + 1 online + 3 mobile + 56 daily.
    let q1 = |indicator: &str| figure(&plan, indicator, "legacy:01", "2021-Q1");
    assert_eq!(q1("sessions_total"), 61.0);
    assert_eq!(
        q1("sessions_thematic")
            + q1("sessions_online")
            + q1("sessions_mobile")
            + q1("sessions_daily"),
        61.0
    );
    assert_eq!(
        (
            q1("sessions_thematic"),
            q1("sessions_online"),
            q1("sessions_mobile"),
            q1("sessions_daily")
        ),
        (1.0, 1.0, 3.0, 56.0)
    );
    // The quarters: loans 1,608 billion creating 31,500 jobs; sessions and
    // workers abroad as MISSION.md quotes them.
    let quarters = ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"];
    let each = |indicator: &str| -> Vec<f64> {
        quarters
            .iter()
            .map(|q| figure(&plan, indicator, "legacy:01", q))
            .collect()
    };
    assert_eq!(each("policy_loan_disbursed"), [933.0, 340.0, 170.0, 165.0]);
    assert_eq!(each("policy_loan_disbursed").iter().sum::<f64>(), 1_608.0);
    assert_eq!(each("policy_loan_jobs").iter().sum::<f64>(), 31_500.0);
    assert_eq!(each("sessions_total"), [61.0, 66.0, 70.0, 65.0]);
    assert_eq!(
        each("overseas_contract"),
        [500.0, 1_000.0, 1_300.0, 1_200.0]
    );
}

#[test]
fn hanoi_2025_fixture_matches_the_seed() {
    let plan = plan("hanoi-2025");
    assert_eq!(figure(&plan, "new_jobs", "legacy:01", "2025"), 169_000.0);
    let urban = plan
        .targets
        .iter()
        .find(|t| t.indicator == "urban_unemployment_rate")
        .unwrap();
    assert_eq!(urban.bound, Bound::Lt { value: 3.0 });
    assert_eq!(figure(&plan, "trained_rate", "legacy:01", "2025"), 75.0);
    let quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];
    let total = |indicator: &str| -> f64 {
        quarters
            .iter()
            .map(|q| figure(&plan, indicator, "legacy:01", q))
            .sum()
    };
    assert_eq!(total("sessions_total"), 255.0);
    assert_eq!(total("policy_loan_disbursed"), 3_650.0);
    assert_eq!(
        plan.report_due.date_for(Period::parse("2025-03").unwrap()),
        day("2025-04-15")
    );
}

#[test]
fn hoa_xa_fixture_carries_ranges_and_agencies() {
    let plan = plan("hoa-xa-2030");
    assert_eq!(plan.unit, key("2025:10417"));
    let appendix: Vec<_> = plan
        .targets
        .iter()
        .filter(|t| t.period == Period::parse("2030").unwrap() && t.lead_agency.is_some())
        .collect();
    assert_eq!(appendix.len(), 9, "nine targets of appendix I");
    assert!(appendix.iter().all(|t| t.unit == key("2025:10417")));
    let target = |indicator: &str, period: &str| {
        let target = plan
            .targets
            .iter()
            .find(|t| t.indicator == indicator && t.period == Period::parse(period).unwrap())
            .unwrap_or_else(|| panic!("{indicator} {period}"));
        (target.bound, target.lead_agency.clone().unwrap_or_default())
    };
    let range = |low: f64, high: f64| Bound::Range { low, high };
    assert_eq!(
        target("certified_rate", "2030"),
        (
            range(55.0, 60.0),
            "Phòng VHXXH; Thống kê cơ sở Văn Đình".to_owned()
        )
    );
    assert_eq!(
        target("it_skills_rate", "2030"),
        (range(80.0, 90.0), "Phòng Văn hóa - Xã hội".to_owned())
    );
    assert_eq!(
        target("new_jobs", "2027"),
        (range(400.0, 600.0), "Phòng Văn hóa - Xã hội".to_owned())
    );
    assert_eq!(
        target("unemployment_rate", "2030"),
        (
            Bound::Lt { value: 2.5 },
            "Phòng VHXXH; Thống kê cơ sở Văn Đình".to_owned()
        )
    );
    assert_eq!(
        target("productivity_growth", "2028"),
        (range(7.0, 9.5), "Phòng Kinh tế".to_owned())
    );
    for (indicator, figure) in [
        ("social_insurance_rate", 60.0),
        ("voluntary_insurance_rate", 10.0),
        ("unemployment_insurance_rate", 50.0),
        ("health_insurance_rate", 98.0),
    ] {
        assert_eq!(
            target(indicator, "2030"),
            (Bound::Eq { value: figure }, "BHXH cơ sở Mỹ Đức".to_owned())
        );
    }
    // The trained rate is in the body only (line 51), without an agency.
    assert_eq!(
        target("trained_rate", "2030"),
        (range(75.0, 80.0), String::new())
    );
    assert_eq!(range(75.0, 80.0).label(), "75–80");
    assert_eq!(plan.tasks.len(), 13);
    assert!(plan.tasks.iter().all(|task| !task.lead_agency.is_empty()));
    // Its reports come from the agencies its targets and tasks name.
    let reporters = reporting::reporters(&plan, units(), day("2026-07-31"));
    assert!(reporters
        .iter()
        .all(|r| r.unit == plan.unit && r.agency.is_some()));
    let agencies: Vec<&str> = reporters
        .iter()
        .filter_map(|r| r.agency.as_deref())
        .collect();
    assert_eq!(
        agencies,
        [
            "BHXH cơ sở Mỹ Đức",
            "Chi nhánh Ngân hàng CSXH Ứng Hòa",
            "Phòng Kinh tế",
            "Phòng Văn hóa - Xã hội",
            "Thống kê cơ sở Văn Đình"
        ]
    );
}

#[test]
fn district_11_fixture_reports_yearly_on_5_november() {
    let plan = plan("hcmc-d11-2030");
    assert_eq!(plan.number, "270/KH-UBND");
    assert_eq!(plan.unit, key("legacy:772"));
    assert_eq!(
        plan.report_due.date_for(Period::year(2024)),
        day("2024-11-05")
    );
    assert!(plan
        .targets
        .iter()
        .any(|t| t.indicator == "productivity_growth"));
    // Before the reform its wards report; after it, the 2025 wards that took
    // over its territory.
    let before = reporting::reporters(&plan, units(), day("2024-11-05"));
    assert!(!before.is_empty());
    assert!(before
        .iter()
        .all(|r| r.unit.structure == UnitStructure::Legacy));
    let after = reporting::reporters(&plan, units(), day("2026-11-05"));
    assert!(!after.is_empty());
    assert!(after
        .iter()
        .all(|r| r.unit.structure == UnitStructure::TwoTier2025));
}

#[test]
fn every_indicator_the_seeds_use_is_defined() {
    let indicators = Indicators::embedded();
    assert_eq!(indicators.all().len(), 23);
    for plan in fixtures(units()).unwrap() {
        for target in &plan.targets {
            indicators.get(&target.indicator).unwrap();
        }
    }
    let trained = indicators.get("trained_rate").unwrap();
    let certified = indicators.get("certified_rate").unwrap();
    assert_ne!(
        trained.numerator, certified.numerator,
        "two senses of trained"
    );
    // Sessions and counselling are counted by the exchange, not entered.
    let exchange: Vec<&str> = indicators
        .all()
        .iter()
        .filter(|i| i.source == Source::Exchange)
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(
        exchange,
        [
            "sessions_total",
            "sessions_daily",
            "sessions_online",
            "sessions_thematic",
            "sessions_mobile",
            "sessions_disability",
            "counselled"
        ]
    );
    let counselled = indicators.get("counselled").unwrap();
    assert_eq!(
        counselled.name_vi,
        "Lượt người được tư vấn, giới thiệu việc làm"
    );
    assert_eq!(counselled.unit, MeasureUnit::People);
    for code in exchange {
        let indicator = indicators.get(code).unwrap();
        assert_eq!(indicator.aggregation, Aggregation::Sum, "{code}");
        assert!(indicator.numerator.is_none() && indicator.denominator.is_none());
        assert!(!indicator.source.is_submitted());
        assert!(indicator.definition_en.contains("exchange"), "{code}");
    }
}

#[test]
fn exchange_indicators_are_sums_without_a_formula() {
    let header = "code,name_vi,name_en,measure,source,aggregation,direction,numerator,denominator,definition_vi,definition_en\n";
    let rules = "code,left,op,right,message_vi,message_en\n";
    let with = |row: &str| Indicators::from_csv(&format!("{header}{row}\n"), rules);
    assert!(with("x,Phiên,Sessions,sessions,exchange,sum,higher,,,định nghĩa,definition").is_ok());
    for bad in [
        "x,Phiên,Sessions,sessions,exchange,rate,higher,,,định nghĩa,definition",
        "x,Phiên,Sessions,sessions,exchange,last,higher,,,định nghĩa,definition",
        "x,Phiên,Sessions,sessions,exchange,sum,higher,new_jobs,,định nghĩa,definition",
        "x,Phiên,Sessions,sessions,exchanged,sum,higher,,,định nghĩa,definition",
    ] {
        assert!(with(bad).is_err(), "{bad}");
    }
}

/// The exchange's monthly counts add up over units and months exactly as
/// submitted sums do; the cube plays no part.
#[test]
fn exchange_counts_add_up_over_units_and_months() {
    use vieclam_plans::actuals::actual;
    let indicators = Indicators::embedded();
    let count = |id: i64, indicator: &str, unit: &str, month: u32, value: f64| DataValue {
        id,
        indicator: indicator.to_owned(),
        unit: key(unit),
        period: Period::month(Month::new(2021, month)),
        value,
        agency: None,
        comment: None,
        entered_by: None,
        entered_at: at("2021-04-01"),
    };
    let values = vec![
        // Ba Đình (a district of the city) and a commune of Sóc Sơn.
        count(-1, "sessions_daily", "legacy:001", 1, 10.0),
        count(-2, "sessions_total", "legacy:001", 1, 11.0),
        count(-3, "sessions_total", "legacy:00379", 2, 1.0),
        count(-4, "sessions_total", "legacy:001", 4, 20.0),
        count(-5, "counselled", "legacy:00379", 3, 7.0),
    ];
    let statistics = Statistics::default();
    let figure = |code: &str, unit: &str, period: &str| {
        actual(
            indicators.get(code).unwrap(),
            &statistics,
            &values,
            units(),
            &key(unit),
            Period::parse(period).unwrap(),
        )
        .value
    };
    assert_eq!(figure("sessions_total", "legacy:01", "2021-Q1"), Some(12.0));
    assert_eq!(figure("sessions_total", "legacy:01", "2021"), Some(32.0));
    assert_eq!(figure("sessions_total", "legacy:016", "2021-Q1"), Some(1.0));
    assert_eq!(figure("sessions_daily", "legacy:01", "2021-01"), Some(10.0));
    assert_eq!(figure("counselled", "legacy:01", "2021-Q1"), Some(7.0));
    // Nothing counted: no figure, not zero.
    assert_eq!(figure("sessions_mobile", "legacy:01", "2021-Q1"), None);
    assert_eq!(figure("sessions_total", "legacy:01", "2021-Q3"), None);
}

fn at(text: &str) -> DateTime<Utc> {
    // Noon in Vietnam.
    Utc.from_utc_datetime(&day(text).and_hms_opt(5, 0, 0).unwrap())
}

fn submission(plan: &str, unit: &str, period: &str, on: &str) -> Submission {
    Submission {
        id: 1,
        plan: plan.to_owned(),
        unit: key(unit),
        agency: None,
        period: Period::parse(period).unwrap(),
        submitted_at: at(on),
        submitted_by: None,
        comment: None,
        state: ReportState::Submitted,
        decided_by: None,
        decided_at: None,
        decision_reason: None,
        flags: Vec::new(),
    }
}

#[test]
fn late_and_missing_reports_show_as_such() {
    let plan = plan("hanoi-2021");
    let today = day("2021-05-01");
    let owed = reporting::obligations(&plan, units(), today);
    // January to May have begun: 5 months × 30 districts.
    assert_eq!(owed.len(), 5 * 30);
    let submissions = vec![
        submission("hanoi-2021", "legacy:001", "2021-01", "2021-02-19"),
        submission("hanoi-2021", "legacy:002", "2021-01", "2021-02-25"),
    ];
    let january: Vec<_> = owed
        .iter()
        .filter(|o| o.period == Period::parse("2021-01").unwrap())
        .collect();
    assert!(january.iter().all(|o| o.due == day("2021-02-20")));
    let status_of = |unit: &str, period: &str| {
        let obligation = owed
            .iter()
            .find(|o| o.unit == key(unit) && o.period == Period::parse(period).unwrap())
            .unwrap();
        reporting::status(
            obligation,
            reporting::answer(obligation, &submissions),
            today,
        )
    };
    assert_eq!(status_of("legacy:001", "2021-01"), ReportStatus::OnTime);
    assert_eq!(status_of("legacy:002", "2021-01"), ReportStatus::Late);
    assert_eq!(status_of("legacy:003", "2021-01"), ReportStatus::Missing);
    // April's report is due on 20 May: not yet missing.
    assert_eq!(status_of("legacy:003", "2021-04"), ReportStatus::Pending);
    let rates = Timeliness::of(
        january
            .iter()
            .map(|o| reporting::status(o, reporting::answer(o, &submissions), today)),
    );
    assert_eq!(
        (rates.due, rates.on_time, rates.late, rates.missing),
        (30, 1, 1, 28)
    );
    assert!((rates.completeness.unwrap() - 200.0 / 30.0).abs() < 1e-9);
    assert!((rates.timeliness.unwrap() - 100.0 / 30.0).abs() < 1e-9);
}

#[test]
fn the_2025_plan_switches_reporters_at_the_reform() {
    let plan = plan("hanoi-2025");
    let owed = reporting::obligations(&plan, units(), day("2025-12-31"));
    let may: Vec<_> = owed
        .iter()
        .filter(|o| o.period == Period::parse("2025-05").unwrap())
        .collect();
    let june: Vec<_> = owed
        .iter()
        .filter(|o| o.period == Period::parse("2025-06").unwrap())
        .collect();
    assert_eq!(may.len(), 30, "due 15 June: the 30 legacy districts");
    assert_eq!(june.len(), 126, "due 15 July: the 126 communes of 2025");
}

#[test]
fn validation_rules_flag_loan_jobs_above_new_jobs() {
    let rules = Indicators::embedded().rules();
    let rule = rules
        .iter()
        .find(|r| r.code == "loan_jobs_within_new_jobs")
        .unwrap();
    let figures = |loan_jobs: f64, new_jobs: f64| {
        move |code: &str| match code {
            "policy_loan_jobs" => Some(loan_jobs),
            "new_jobs" => Some(new_jobs),
            _ => None,
        }
    };
    assert_eq!(rule.holds(figures(100.0, 300.0)), Some(true));
    assert_eq!(rule.holds(figures(400.0, 300.0)), Some(false));
    assert_eq!(rule.holds(|_| None), None);
}

fn facts(cell: u32, status: EmploymentStatus, registered: &str, birth: &str) -> WorkerFacts {
    WorkerFacts {
        birth_date: day(birth),
        registered_on: day(registered),
        cell,
        status,
        trained: false,
        certified: false,
        it_skills: false,
        social_insurance: SocialInsurance::None,
        unemployment_insurance: false,
        health_insurance: true,
    }
}

fn event(date: &str, kind: EventKind) -> EventFact {
    EventFact {
        date: day(date),
        kind,
        cell: None,
        status: None,
    }
}

#[test]
fn a_timeline_counts_at_each_month_end() {
    let mut cells = Cells::default();
    let a = cells.intern(units(), &key("2025:00004")).unwrap();
    let b = cells.intern(units(), &key("2025:10417")).unwrap();
    let worker = facts(a, EmploymentStatus::Unemployed, "2025-01-10", "2001-03-15");
    let events = vec![
        event("2025-02-03", EventKind::Employed),
        EventFact {
            cell: Some(b),
            ..event("2025-04-20", EventKind::Moved)
        },
        event("2025-05-02", EventKind::Certified),
        event("2025-06-30", EventKind::LostJob),
    ];
    let mut cube = Cube::default();
    cube.apply(&worker, &events, 1);
    let at_month = |cell, y: i32, m: u32| {
        cube.totals(&cells, &[cell], Period::month(Month::new(y, m)))
            .all
    };
    let lf = Measure::LabourForce.index();
    let unemployed = Measure::Unemployed.index();
    let youth = Measure::YouthLabourForce.index();
    assert_eq!(at_month(a, 2024, 12), [0; 14], "not yet registered");
    assert_eq!(at_month(a, 2025, 1)[unemployed], 1);
    assert_eq!(at_month(a, 2025, 1)[youth], 1, "aged 23 in January 2025");
    assert_eq!(at_month(a, 2025, 2)[unemployed], 0);
    assert_eq!(at_month(a, 2025, 2)[lf], 1);
    assert_eq!(at_month(a, 2025, 2)[Measure::NewJobs.index()], 1);
    assert_eq!(
        at_month(a, 2025, 3)[Measure::NewJobs.index()],
        0,
        "a flow counts in its month"
    );
    // Moved in April: counted in b from April on, no longer in a.
    assert_eq!(at_month(a, 2025, 4)[lf], 0);
    assert_eq!(at_month(b, 2025, 4)[lf], 1);
    assert_eq!(at_month(b, 2025, 4)[Measure::Certified.index()], 0);
    assert_eq!(at_month(b, 2025, 5)[Measure::Certified.index()], 1);
    assert_eq!(at_month(b, 2025, 5)[Measure::Trained.index()], 1);
    assert_eq!(
        at_month(b, 2025, 6)[unemployed],
        1,
        "lost the job on 30 June"
    );
    assert_eq!(at_month(b, 2026, 2)[youth], 1, "24 until March 2026");
    assert_eq!(at_month(b, 2026, 3)[youth], 0, "25 on 15 March 2026");
    assert_eq!(at_month(b, 2026, 3)[Measure::YouthUnemployed.index()], 0);
    assert_eq!(at_month(b, 2026, 3)[Measure::HealthInsurance.index()], 1);
    // A quarter reads stocks at its end and sums its flows.
    let q1 = cube.totals(&cells, &[a, b], Period::quarter(2025, 1)).all;
    assert_eq!(
        (q1[lf], q1[unemployed], q1[Measure::NewJobs.index()]),
        (1, 0, 1)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// For random workers and events in random communes, the province's
    /// rate is Σ numerator ÷ Σ denominator over its communes, every total is
    /// the sum of its parts, and taking each worker out again empties the
    /// cube.
    #[test]
    fn rates_roll_up_by_numerators_and_totals_by_parts(
        workers in prop::collection::vec(
            (0usize..12, 0u8..4, 0u32..40, 0u32..60, prop::collection::vec((0u32..40, 0u8..8, 0usize..12), 0..4), any::<bool>()),
            1..120,
        ),
        month in 0u32..36,
    ) {
        let units = units();
        let province = key("2025:01");
        let communes: Vec<UnitKey> = units.children(&province).take(12).map(|u| u.key()).collect();
        let mut statistics = Statistics::default();
        let mut people = Vec::new();
        for (commune, status, registered, age, events, insured) in &workers {
            let cell = statistics.cells.intern(units, &communes[*commune]).unwrap();
            let status = [
                EmploymentStatus::Employed,
                EmploymentStatus::Unemployed,
                EmploymentStatus::OutOfLabourForce,
                EmploymentStatus::Abroad,
            ][*status as usize];
            let registered_on = Month(Month::new(2024, 1).0 + *registered as i32).day(9);
            let birth = Month(Month::new(2000, 1).0 - *age as i32 * 3).day(17);
            let mut worker = facts(cell, status, &registered_on.to_string(), &birth.to_string());
            worker.health_insurance = *insured;
            worker.social_insurance = if *insured { SocialInsurance::Compulsory } else { SocialInsurance::None };
            let kinds = [
                EventKind::Employed, EventKind::LostJob, EventKind::LeftLabourForce,
                EventKind::Moved, EventKind::WentAbroad, EventKind::Returned,
                EventKind::Trained, EventKind::Certified,
            ];
            let events: Vec<EventFact> = events.iter().map(|(offset, kind, to)| {
                let date = Month(Month::new(2024, 1).0 + *offset as i32).day(21);
                EventFact {
                    date,
                    kind: kinds[*kind as usize],
                    cell: statistics.cells.intern(units, &communes[*to]),
                    status: None,
                }
            }).collect();
            statistics.apply(&worker, &events, 1);
            people.push((worker, events));
        }
        let indicators = Indicators::embedded();
        for period in [
            Period::month(Month(Month::new(2024, 1).0 + month as i32)),
            Period::year(2024 + (month / 12) as i32),
            Period::quarter(2024 + (month / 12) as i32, 1 + (month % 12) / 3),
        ] {
            let whole = statistics.totals(units, &province, period);
            let mut parts = vieclam_plans::cube::UnitTotals::default();
            for commune in &communes {
                let part = statistics.totals(units, commune, period);
                for i in 0..whole.all.len() {
                    parts.all[i] += part.all[i];
                    parts.urban[i] += part.urban[i];
                }
            }
            prop_assert_eq!(whole, parts);
            for indicator in indicators.all() {
                let Some(numerator) = indicator.numerator else { continue };
                let actual = computed(indicator, &whole);
                match indicator.denominator {
                    Some(denominator) => {
                        let n: i64 = parts.all[numerator.measure.index()];
                        let n = if numerator.urban_only { parts.urban[numerator.measure.index()] } else { n };
                        let d = if denominator.urban_only { parts.urban[denominator.measure.index()] } else { parts.all[denominator.measure.index()] };
                        prop_assert_eq!(actual.numerator, Some(n as f64));
                        prop_assert_eq!(actual.denominator, Some(d as f64));
                        if d > 0 {
                            prop_assert!((actual.value.unwrap() - 100.0 * n as f64 / d as f64).abs() < 1e-9);
                        } else {
                            prop_assert_eq!(actual.value, None);
                        }
                        prop_assert!(n <= d, "{} {} > {}", indicator.code, n, d);
                    }
                    None => prop_assert_eq!(actual.value, Some(parts.all[numerator.measure.index()] as f64)),
                }
            }
            // Flows over a year are the sum of its months.
            if period.kind == vieclam_plans::PeriodKind::Year {
                let months: i64 = period.months().map(|m| statistics.totals(units, &province, Period::month(m)).all[Measure::NewJobs.index()]).sum();
                prop_assert_eq!(months, whole.all[Measure::NewJobs.index()]);
            }
        }
        // The dashboard's month-by-month read equals each month read
        // alone, for the province and a commune, over a span that starts
        // before the first row and ends after the last (2023–2028).
        let span = Period::parse("2023..2028").unwrap();
        for unit in [&province, &communes[0]] {
            let monthly = statistics.monthly_totals(units, unit, span.first, span.last);
            prop_assert_eq!(monthly.len(), span.n_months() as usize);
            for (month, totals) in span.months().zip(&monthly) {
                prop_assert_eq!(*totals, statistics.totals(units, unit, Period::month(month)));
            }
        }
        for (worker, events) in &people {
            statistics.apply(worker, events, -1);
        }
        let empty = statistics.totals(units, &province, Period::parse("2020..2030").unwrap());
        prop_assert!(empty.all.iter().all(|&n| n == 0));
    }

    /// Submitted figures: a province's total is the sum of what its units
    /// entered, over the months of the period.
    #[test]
    fn submitted_totals_are_sums_of_parts(values in prop::collection::vec((0usize..30, 1u32..13, 0u32..50), 0..60)) {
        let units = units();
        let city = key("legacy:01");
        let districts: Vec<UnitKey> = units.children(&city).map(|u| u.key()).collect();
        let entered: Vec<DataValue> = values.iter().enumerate().map(|(id, (d, m, v))| DataValue {
            id: id as i64,
            indicator: "policy_loan_jobs".to_owned(),
            unit: districts[*d].clone(),
            period: Period::month(Month::new(2021, *m)),
            value: f64::from(*v),
            agency: None,
            comment: None,
            entered_by: None,
            entered_at: at("2021-12-01"),
        }).collect();
        let indicator = Indicators::embedded().get("policy_loan_jobs").unwrap();
        let year = submitted(indicator, &entered, units, &city, Period::year(2021));
        let expected: f64 = values.iter().map(|(_, _, v)| f64::from(*v)).sum();
        prop_assert_eq!(year.value, (!values.is_empty()).then_some(expected));
        let by_district: f64 = districts.iter().filter_map(|d| submitted(indicator, &entered, units, d, Period::year(2021)).value).sum();
        prop_assert_eq!(by_district, if values.is_empty() { 0.0 } else { expected });
        let by_quarter: f64 = (1..=4).filter_map(|q| submitted(indicator, &entered, units, &city, Period::quarter(2021, q)).value).sum();
        prop_assert_eq!(by_quarter, if values.is_empty() { 0.0 } else { expected });
    }
}

#[test]
fn progress_statuses() {
    use vieclam_plans::progress::evaluate;
    use vieclam_plans::Actual;
    let indicators = Indicators::embedded();
    let plan = plan("hanoi-2021");
    let jobs = plan
        .targets
        .iter()
        .find(|t| t.indicator == "new_jobs" && t.unit == key("legacy:01"))
        .unwrap();
    let new_jobs = indicators.get("new_jobs").unwrap();
    let actual = |v: f64| Actual {
        value: Some(v),
        numerator: Some(v),
        denominator: None,
    };
    // Mid-year: half of 160,000 is due by the end of June.
    let (percent, expected, status) = evaluate(new_jobs, jobs, actual(90_000.0), day("2021-07-05"));
    assert_eq!(expected, Some(80_000.0));
    assert_eq!(status, ProgressStatus::OnTrack);
    assert!((percent.unwrap() - 56.25).abs() < 1e-9);
    let (_, _, status) = evaluate(new_jobs, jobs, actual(70_000.0), day("2021-07-05"));
    assert_eq!(status, ProgressStatus::Behind);
    let (_, _, status) = evaluate(new_jobs, jobs, actual(161_000.0), day("2022-01-05"));
    assert_eq!(status, ProgressStatus::Achieved);
    let (_, _, status) = evaluate(new_jobs, jobs, Actual::default(), day("2021-07-05"));
    assert_eq!(status, ProgressStatus::NoData);
    // Urban unemployment < 4 %: 3.2 % at the end of the year is achieved.
    let urban = plan
        .targets
        .iter()
        .find(|t| t.indicator == "urban_unemployment_rate")
        .unwrap();
    let rate = indicators.get("urban_unemployment_rate").unwrap();
    let (_, _, status) = evaluate(rate, urban, actual(3.2), day("2022-01-05"));
    assert_eq!(status, ProgressStatus::Achieved);
    let (_, _, status) = evaluate(rate, urban, actual(4.0), day("2022-01-05"));
    assert_eq!(status, ProgressStatus::Behind);
    let (_, _, status) = evaluate(rate, urban, actual(3.2), day("2021-06-05"));
    assert_eq!(status, ProgressStatus::OnTrack);
}

#[test]
fn contributions_of_a_worker_cancel_out() {
    let mut cells = Cells::default();
    let a = cells.intern(units(), &key("2025:00004")).unwrap();
    let worker = facts(a, EmploymentStatus::Employed, "2024-03-01", "1990-01-01");
    let events = vec![
        event("2024-06-01", EventKind::LostJob),
        event("2024-09-01", EventKind::Employed),
    ];
    let mut sum = std::collections::HashMap::new();
    for sign in [1, -1] {
        contributions(&worker, &events, sign, &mut |cell, month, change| {
            let row = sum.entry((cell, month)).or_insert([0i32; 14]);
            for (slot, n) in row.iter_mut().zip(change) {
                *slot += n;
            }
        });
    }
    assert!(sum.values().all(|row| row.iter().all(|&n| n == 0)));
}

/// `Cube::build` used to join its threads with `unwrap_or_default()`: a
/// thread that crashed (here on offsets one short of the workers) left
/// its share of the workers out of the cube, and the figures came out too
/// small without an error.
#[test]
fn a_crashed_cube_build_thread_is_not_dropped_silently() {
    let workers = vec![facts(0, EmploymentStatus::Unemployed, "2021-01-10", "1990-01-01"); 4];
    let too_few_offsets = [0, 0, 0, 0];
    let outcome = std::panic::catch_unwind(|| Cube::build(&workers, &too_few_offsets, &[], 2));
    assert!(outcome.is_err(), "the crash reaches the caller");
    let whole = Cube::build(&workers, &[0, 0, 0, 0, 0], &[], 2);
    let mut cells = Cells::default();
    cells.intern(units(), &key("2025:00004"));
    let totals = whole.totals(&cells, &[0], Period::parse("2021").unwrap());
    assert_eq!(totals.all[Measure::Registered.index()], 4);
}
