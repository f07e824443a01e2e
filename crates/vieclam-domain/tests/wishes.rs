//! The worker's wishes as stated: several occupations, broad wishes, a
//! wage per period, abroad, disability, the counsellor's note; and records
//! written before them, which must read unchanged.

use chrono::NaiveDate;
use vieclam_domain::registry::{
    AbroadWish, BroadWish, Country, DisabilityInfo, DisabilityKind, OccupationCode, PriorityGroup,
    WagePeriod, WageRange, WantedOccupation, WorkerProfile,
};
use vieclam_domain::AdminUnits;

/// A worker's record as the store held it before the wishes existed.
const OLD_RECORD: &str = r#"{"citizen_id":null,"full_name":"Lò Thị Mai","birth_date":"1995-05-01","sex":"female","ethnicity":null,"residence":{"structure":"2025","code":"00004"},"phone":null,"email":null,"general_education":null,"qualification":"intermediate","qualification_field":null,"certificates":[],"occupations":[],"skills":["hàn TIG"],"languages":[],"it_skill":null,"wanted_occupation":"7212","wanted_wage":{"min_vnd":9000000,"max_vnd":null},"wanted_units":[],"wanted_hours":null,"employment_status":"unemployed","priority_groups":[],"social_insurance":"none","unemployment_insurance":false,"health_insurance":false,"consent_share_with_employers":true,"consent_receive_messages":false}"#;

fn old_profile() -> WorkerProfile {
    serde_json::from_str(OLD_RECORD).unwrap()
}

fn code(text: &str) -> OccupationCode {
    OccupationCode::parse(text).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn problem_fields(profile: &WorkerProfile) -> Vec<&'static str> {
    let units = AdminUnits::embedded().unwrap();
    profile
        .check(&units, today())
        .into_iter()
        .map(|problem| problem.field)
        .collect()
}

fn wanted(code_text: &str, words: &str, confidence: f32) -> WantedOccupation {
    WantedOccupation {
        code: code(code_text),
        words: Some(words.to_owned()),
        confidence: Some(confidence),
        confirmed: false,
    }
}

#[test]
fn an_old_record_reads_and_writes_back_unchanged() {
    let profile = old_profile();
    assert!(problem_fields(&profile).is_empty());
    assert_eq!(profile.wanted_wage_period, WagePeriod::Month);
    assert!(profile.abroad.is_none() && profile.disability.is_none());
    assert_eq!(
        profile.wanted(),
        vec![WantedOccupation::confirmed(code("7212"))]
    );
    // Written back, the record is the same JSON: a re-import of it is
    // "unchanged", not an edit.
    let written: serde_json::Value = serde_json::to_value(&profile).unwrap();
    let old: serde_json::Value = serde_json::from_str(OLD_RECORD).unwrap();
    assert_eq!(written, old);
}

#[test]
fn the_list_wins_and_the_old_field_follows_its_first_item() {
    let mut profile = old_profile();
    profile.wanted_occupations = vec![
        wanted("9329", "công nhân", 0.4),
        WantedOccupation::confirmed(code("7212")),
    ];
    profile.settle();
    assert_eq!(profile.wanted_occupation, Some(code("9329")));
    assert_eq!(profile.wanted().len(), 2);
    assert!(problem_fields(&profile).is_empty());
    let again: WorkerProfile =
        serde_json::from_str(&serde_json::to_string(&profile).unwrap()).unwrap();
    assert_eq!(again, profile);
}

#[test]
fn one_bare_confirmed_code_is_kept_as_the_old_field_alone() {
    let mut profile = old_profile();
    profile.wanted_occupation = None;
    profile.wanted_occupations = vec![WantedOccupation::confirmed(code("8153"))];
    profile.settle();
    assert_eq!(profile.wanted_occupation, Some(code("8153")));
    assert!(profile.wanted_occupations.is_empty());
    assert_eq!(
        profile.wanted(),
        vec![WantedOccupation::confirmed(code("8153"))]
    );
    let settled = profile.clone();
    profile.settle();
    assert_eq!(profile, settled);
}

#[test]
fn wanted_codes_are_the_list_then_the_broad_wishes_each_once() {
    let mut profile = old_profile();
    profile.broad_wishes = [BroadWish::AnyFactoryWork, BroadWish::NearHome].into();
    profile.wanted_occupations = vec![
        WantedOccupation::confirmed(code("8153")),
        WantedOccupation::confirmed(code("7212")),
    ];
    let codes = profile.wanted_occupation_codes();
    assert_eq!(codes[0], code("8153"));
    assert_eq!(codes[1], code("7212"));
    assert_eq!(
        codes.iter().filter(|c| **c == code("8153")).count(),
        1,
        "a code of a broad wish already in the list comes once"
    );
    assert_eq!(
        codes.len(),
        1 + BroadWish::AnyFactoryWork.unit_groups().len(),
    );
}

#[test]
fn an_hourly_or_daily_wage_is_compared_by_the_month() {
    let mut profile = old_profile();
    profile.wanted_wage = WageRange::new(Some(25_000), Some(30_000)).unwrap();
    profile.wanted_wage_period = WagePeriod::Hour;
    assert_eq!(
        profile.wanted_wage_monthly(),
        WageRange::new(Some(5_200_000), Some(6_240_000)).unwrap()
    );
    assert!(problem_fields(&profile).is_empty());
    // Nine million an hour is a monthly figure in the wrong box.
    profile.wanted_wage = WageRange::new(Some(9_000_000), None).unwrap();
    assert_eq!(problem_fields(&profile), ["wanted_wage"]);
    profile.wanted_wage_period = WagePeriod::Month;
    assert_eq!(profile.wanted_wage_monthly(), profile.wanted_wage);
}

#[test]
fn a_disability_puts_the_worker_in_its_priority_group() {
    let mut profile = old_profile();
    profile.disability = Some(DisabilityInfo {
        kinds: vec![DisabilityKind::Mobility],
        needs: Some("  lối đi cho xe lăn ".to_owned()),
    });
    profile.settle();
    assert!(profile.priority_groups.contains(&PriorityGroup::Disability));
    assert_eq!(
        profile.disability.as_ref().unwrap().needs.as_deref(),
        Some("lối đi cho xe lăn")
    );
    assert!(problem_fields(&profile).is_empty());
}

#[test]
fn returned_migrants_by_their_common_names() {
    for text in [
        "Người lao động về nước",
        "ve nuoc",
        "lao động về nước",
        "hồi hương",
        "returned_migrant",
    ] {
        assert_eq!(
            PriorityGroup::parse(text).ok(),
            Some(PriorityGroup::ReturnedMigrant),
            "{text:?}"
        );
    }
}

#[test]
fn wishes_beyond_their_bounds_are_refused() {
    let check = |change: &dyn Fn(&mut WorkerProfile), field: &str| {
        let mut profile = old_profile();
        change(&mut profile);
        assert_eq!(problem_fields(&profile), [field], "{field}");
    };
    check(
        &|profile| {
            profile.wanted_occupations = ["7212", "8153", "9329", "5120", "5131", "5223"]
                .into_iter()
                .map(|c| WantedOccupation::confirmed(code(c)))
                .collect();
        },
        "wanted_occupations",
    );
    check(
        &|profile| {
            profile.wanted_occupations = vec![
                WantedOccupation::confirmed(code("7212")),
                WantedOccupation::confirmed(code("7212")),
            ];
        },
        "wanted_occupations",
    );
    check(
        &|profile| profile.wanted_occupations = vec![wanted("7212", "thợ hàn", 1.5)],
        "wanted_occupations",
    );
    check(
        &|profile| {
            profile.abroad = Some(AbroadWish {
                countries: vec![Country::Japan, Country::Japan],
                note: None,
            });
        },
        "abroad",
    );
    check(
        &|profile| {
            profile.abroad = Some(AbroadWish {
                countries: Country::ALL[..11].to_vec(),
                note: None,
            });
        },
        "abroad",
    );
    check(
        &|profile| {
            profile.disability = Some(DisabilityInfo {
                kinds: vec![DisabilityKind::Vision],
                needs: Some("x".repeat(1_001)),
            });
        },
        "disability",
    );
    check(
        &|profile| profile.counsellor_note = Some("x".repeat(2_001)),
        "counsellor_note",
    );
}

#[test]
fn a_long_note_is_refused_without_repeating_its_words() {
    let mut profile = old_profile();
    profile.counsellor_note = Some("bí mật ".repeat(400));
    let units = AdminUnits::embedded().unwrap();
    let problems = profile.check(&units, today());
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].value.contains("bí mật"));
}

#[test]
fn the_new_fields_read_from_json() {
    let json = OLD_RECORD.replace(
        r#""consent_receive_messages":false}"#,
        r#""consent_receive_messages":false,"wanted_occupations":[{"code":"7212","words":"thợ hàn","confidence":0.9,"confirmed":true}],"broad_wishes":["near_home"],"wanted_wage_period":"day","abroad":{"countries":["JP","KR"]},"disability":{"kinds":["hearing_speech"]},"counsellor_note":"Cần gọi lại"}"#,
    );
    let profile: WorkerProfile = serde_json::from_str(&json).unwrap();
    assert_eq!(profile.wanted_wage_period, WagePeriod::Day);
    assert_eq!(
        profile.abroad.as_ref().unwrap().countries,
        [Country::Japan, Country::Korea]
    );
    assert_eq!(profile.broad_wishes.len(), 1);
    assert!(
        serde_json::from_str::<WorkerProfile>(&json.replace(r#"["JP","KR"]"#, r#"["XX"]"#))
            .is_err()
    );
}

#[test]
fn a_wanted_catch_all_code_stands_for_its_broad_wish() {
    let mut profile = old_profile();
    profile.wanted_occupation = Some(code("9329"));
    let codes = profile.wanted_occupation_codes();
    assert_eq!(codes[0], code("9329"), "the code as written comes first");
    for factory in BroadWish::AnyFactoryWork.unit_groups() {
        assert!(codes.contains(&factory), "{factory:?}");
    }
    // A precise code stands for nothing more.
    profile.wanted_occupation = Some(code("7212"));
    assert_eq!(profile.wanted_occupation_codes(), vec![code("7212")]);
}

#[test]
fn the_commute_is_the_stated_distance_or_near_home() {
    let mut profile = old_profile();
    assert_eq!(profile.commute_limit_km(), None);
    profile.broad_wishes = [BroadWish::NearHome].into();
    assert_eq!(
        profile.commute_limit_km(),
        Some(vieclam_domain::registry::NEAR_HOME_KM)
    );
    profile.max_commute_km = Some(25);
    assert_eq!(
        profile.commute_limit_km(),
        Some(25),
        "a stated distance wins"
    );
    assert!(problem_fields(&profile).is_empty());
    for km in [0, vieclam_domain::registry::MAX_COMMUTE_KM + 1] {
        profile.max_commute_km = Some(km);
        assert_eq!(problem_fields(&profile), vec!["max_commute_km"], "{km}");
    }
}
