//! Property tests of the register's parsers: identifiers, phones, wages and
//! dates, with good and bad values.

use chrono::NaiveDate;
use proptest::prelude::*;
use vieclam_domain::registry::{
    parse_date, parse_flag, parse_list, CitizenId, PhoneNumber, Qualification, Sex, TaxCode,
    WageRange, CITIZEN_ID_PROVINCES,
};

fn sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female)]
}

proptest! {
    #[test]
    fn composed_citizen_ids_parse_and_agree(
        province in prop::sample::select(CITIZEN_ID_PROVINCES.to_vec()),
        sex in sex(),
        year in 1900..2100_i32,
        serial in 0..1_000_000_u32,
        month in 1..=12_u32,
    ) {
        let id = CitizenId::compose(province, sex, year, serial).unwrap();
        let parsed = CitizenId::parse(id.as_str()).unwrap();
        prop_assert_eq!(parsed.birth_year(), year);
        prop_assert_eq!(parsed.sex(), sex);
        prop_assert_eq!(parsed.province_code(), province);
        let born = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
        prop_assert!(parsed.check_person(born, sex).is_ok());
        let other_year = NaiveDate::from_ymd_opt(year + 1, month, 1).unwrap();
        prop_assert!(parsed.check_person(other_year, sex).is_err());
    }

    #[test]
    fn citizen_ids_of_wrong_length_or_characters_are_refused(text in "[0-9]{0,11}|[0-9]{13,14}|[0-9]{5}[a-z][0-9]{6}") {
        prop_assert!(CitizenId::parse(&text).is_err());
    }

    #[test]
    fn tax_codes_with_their_check_digit_parse(first_nine in prop::array::uniform9(0..10_u8)) {
        if let Some(check) = TaxCode::check_digit(&first_nine) {
            let code: String = first_nine.iter().map(|d| char::from(b'0' + d)).collect::<String>()
                + &check.to_string();
            prop_assert!(TaxCode::parse(&code).is_ok(), "{}", code);
            let branch = TaxCode::parse(&format!("{code}-017")).unwrap();
            prop_assert!(branch.is_branch());
            prop_assert_eq!(branch.enterprise(), code.as_str());
        }
    }

    #[test]
    fn a_single_changed_digit_breaks_a_tax_code(
        first_nine in prop::array::uniform9(0..10_u8),
        position in 0..10_usize,
        delta in 1..10_u8,
    ) {
        if let Some(check) = TaxCode::check_digit(&first_nine) {
            let mut digits: Vec<u8> = first_nine.to_vec();
            digits.push(check);
            digits[position] = (digits[position] + delta) % 10;
            let code: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            prop_assert!(TaxCode::parse(&code).is_err(), "{}", code);
        }
    }

    #[test]
    fn phone_numbers_in_any_layout_are_one_number(rest in "[35789][0-9]{8}") {
        let national = format!("0{rest}");
        let spaced = format!("0{} {} {}", &rest[..3], &rest[3..6], &rest[6..]);
        let international = format!("+84 {rest}");
        let dotted = format!("84.{}.{}", &rest[..4], &rest[4..]);
        for text in [&national, &spaced, &international, &dotted] {
            let parsed = PhoneNumber::parse(text).unwrap();
            prop_assert_eq!(parsed.as_str(), national.as_str());
        }
    }

    #[test]
    fn wage_ranges_round_trip_through_their_text(low in 0..500_i64, extra in 0..500_i64) {
        let (min, max) = (low * 100_000, (low + extra) * 100_000);
        let dotted = |value: i64| {
            let digits = value.to_string();
            let mut out = String::new();
            for (index, digit) in digits.chars().enumerate() {
                if index > 0 && (digits.len() - index).is_multiple_of(3) {
                    out.push('.');
                }
                out.push(digit);
            }
            out
        };
        let text = format!("{} - {}", dotted(min), dotted(max));
        prop_assert_eq!(
            WageRange::parse(&text).unwrap(),
            WageRange { min_vnd: Some(min), max_vnd: Some(max) }
        );
    }

    #[test]
    fn dates_parse_in_both_written_forms(days in 0..60_000_i64) {
        let date = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap() + chrono::Duration::days(days);
        prop_assert_eq!(parse_date(&date.format("%d/%m/%Y").to_string()).unwrap(), date);
        prop_assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()).unwrap(), date);
        prop_assert_eq!(parse_date(&date.format("%-d/%-m/%Y").to_string()).unwrap(), date);
    }
}

#[test]
fn bad_dates_flags_and_codes_are_refused_with_both_languages() {
    for bad in ["31/02/2020", "2020/13/01", "hôm qua", "", "01/01/1800"] {
        let error = parse_date(bad).unwrap_err();
        assert!(!error.reason_vi.is_empty() && !error.reason_en.is_empty());
    }
    assert_eq!(parse_flag("Có").unwrap(), Some(true));
    assert_eq!(parse_flag("không").unwrap(), Some(false));
    assert_eq!(parse_flag("").unwrap(), None);
    assert!(parse_flag("có lẽ").is_err());
    assert_eq!(
        Qualification::parse("Cao đẳng").unwrap(),
        Qualification::College
    );
    assert_eq!(
        Qualification::parse("ĐH").unwrap(),
        Qualification::University
    );
    assert_eq!(
        Qualification::parse("thac si").unwrap(),
        Qualification::Postgraduate
    );
    let error = Qualification::parse("giỏi").unwrap_err();
    assert!(error.reason_vi.contains("Trình độ"));
    assert_eq!(
        parse_list("Hàn TIG, hàn MIG,  đọc bản vẽ "),
        ["Hàn TIG", "hàn MIG", "đọc bản vẽ"]
    );
    // With semicolons, commas belong to the items.
    assert_eq!(
        parse_list("Bộ đội, công an xuất ngũ; Hộ nghèo"),
        ["Bộ đội, công an xuất ngũ", "Hộ nghèo"]
    );
    for items in [vec!["a, b"], vec!["a", "b, c"], vec!["x"], vec![]] {
        let items: Vec<String> = items.into_iter().map(str::to_owned).collect();
        assert_eq!(
            parse_list(&vieclam_domain::registry::format_list(&items)),
            items
        );
    }
}

#[test]
fn the_citizen_id_provinces_are_the_legacy_provinces() {
    let units = vieclam_domain::AdminUnits::embedded().unwrap();
    let mut legacy: Vec<String> = units
        .all()
        .iter()
        .filter(|unit| {
            unit.structure == vieclam_domain::UnitStructure::Legacy
                && unit.level == vieclam_domain::UnitLevel::Province
        })
        .map(|unit| format!("0{}", unit.code))
        .collect();
    legacy.sort();
    assert_eq!(legacy, CITIZEN_ID_PROVINCES.to_vec());
}

mod record_checks {
    use chrono::NaiveDate;
    use vieclam_domain::registry::{
        parse_date, EventKind, EventSource, LabourEvent, VacancyPosting, VacancyStatus, WageRange,
        MAX_DESCRIPTION_CHARS,
    };
    use vieclam_domain::{AdminUnits, UnitKey};

    fn units() -> AdminUnits {
        AdminUnits::embedded().unwrap()
    }

    fn posting() -> VacancyPosting {
        VacancyPosting {
            employer_id: 1,
            title: "Kế toán tổng hợp".to_owned(),
            occupation: None,
            occupation_inferred: false,
            headcount: 2,
            qualification: None,
            experience_years: 1,
            skills: vec!["MISA".to_owned()],
            languages: vec![],
            wage: WageRange::new(Some(9_000_000), Some(12_000_000)).unwrap(),
            work_unit: UnitKey::parse("2025:10417", NaiveDate::MAX).unwrap(),
            hours: None,
            contract_type: None,
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31),
            status: VacancyStatus::Open,
            disability_friendly: false,
            abroad_country: None,
            description: Some("Lập báo cáo thuế.".to_owned()),
        }
    }

    fn fields(posting: &VacancyPosting, units: &AdminUnits) -> Vec<&'static str> {
        posting
            .check(units)
            .into_iter()
            .map(|problem| problem.field)
            .collect()
    }

    #[test]
    fn a_good_posting_passes() {
        assert!(posting().check(&units()).is_empty());
    }

    /// Regression (issue 11): a description of 32,768+ characters was
    /// accepted, and every XLSX export of vacancies failed after it.
    #[test]
    fn vacancy_description_longer_than_the_limit_is_refused() {
        let units = units();
        let at_limit = VacancyPosting {
            description: Some("a".repeat(MAX_DESCRIPTION_CHARS)),
            ..posting()
        };
        assert!(at_limit.check(&units).is_empty());
        let over = VacancyPosting {
            description: Some("ồ".repeat(32_768)),
            ..posting()
        };
        let problems = over.check(&units);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "description");
        assert!(problems[0].reason.reason_vi.contains("tối đa 10000"));
        assert!(problems[0].value.chars().count() <= 41);
        let long_title = VacancyPosting {
            title: "Kế toán ".repeat(100),
            ..posting()
        };
        assert_eq!(fields(&long_title, &units), ["title"]);
        let many_skills = VacancyPosting {
            skills: vec!["Excel".to_owned(); 101],
            ..posting()
        };
        assert_eq!(fields(&many_skills, &units), ["skills"]);
    }

    /// Regression (issue 11): deadlines of 0000-01-01 and of year 262142
    /// came in through JSON.
    #[test]
    fn deadline_outside_the_sane_window_is_refused() {
        let units = units();
        for deadline in ["0000-01-01", "+262142-01-01", "1899-12-31", "2101-01-01"] {
            let json = serde_json::to_value(posting()).unwrap();
            let mut json = json.as_object().unwrap().clone();
            json.insert("deadline".to_owned(), deadline.into());
            let posting: VacancyPosting = serde_json::from_value(json.into()).unwrap();
            assert_eq!(fields(&posting, &units), ["deadline"], "{deadline}");
        }
        for deadline in ["1900-01-01", "2100-12-31"] {
            let posting = VacancyPosting {
                deadline: Some(NaiveDate::parse_from_str(deadline, "%Y-%m-%d").unwrap()),
                ..posting()
            };
            assert!(posting.check(&units).is_empty(), "{deadline}");
        }
        assert!(parse_date("31/12/2100").is_ok());
        assert!(parse_date("01/01/2101").is_err());
        assert!(parse_date("31/12/1899").is_err());
        assert!(parse_date("0000-01-01").is_err());
    }

    /// Regression (issue 11): a wage below zero came in through JSON, which
    /// never called `WageRange::new`; a posting built in code is checked too.
    #[test]
    fn negative_vacancy_wage_is_refused() {
        let posting = VacancyPosting {
            wage: WageRange {
                min_vnd: Some(i64::MIN),
                max_vnd: None,
            },
            ..posting()
        };
        assert_eq!(fields(&posting, &units()), ["wage"]);
        let json = r#"{"min_vnd": -1, "max_vnd": 5000000}"#;
        assert!(serde_json::from_str::<WageRange>(json).is_err());
    }

    #[test]
    fn labour_event_dated_outside_the_sane_window_is_refused() {
        let event = |date: NaiveDate, detail: Option<String>| LabourEvent {
            date,
            kind: EventKind::Trained,
            source: EventSource::UnitSurvey,
            status: None,
            unit: None,
            employer_id: None,
            occupation: None,
            country: None,
            detail,
            session_id: None,
            vacancy_id: None,
        };
        let fine = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert!(event(fine, Some("Hàn TIG".to_owned())).check().is_empty());
        let year_zero = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        assert_eq!(event(year_zero, None).check()[0].field, "date");
        let far = NaiveDate::from_ymd_opt(262_142, 1, 1).unwrap();
        assert_eq!(event(far, None).check()[0].field, "date");
        let long = event(fine, Some("x".repeat(2_001))).check();
        assert_eq!(long[0].field, "detail");
    }
}
