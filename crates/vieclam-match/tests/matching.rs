//! Matching: the index answers as scoring everything does, fairness holds
//! by construction, consent is kept, every result has a reason, and the
//! weights can be learnt.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use vieclam_domain::registry::{
    EmploymentStatus, EthnicGroup, OccupationCode, PersonName, PriorityGroup, Qualification, Sex,
    SocialInsurance, WageRange, WorkerProfile, WorkerState,
};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_match::market::{generate, Market};
use vieclam_match::{
    fit, reasons, score, OpeningIndex, Outcome, Seeker, SeekerIndex, Viewer, Weights,
};

/// Reads an occupation from a title the plain way: the taxonomy title,
/// folded. Enough for tests; the evaluation uses the classifier.
fn lookup() -> impl Fn(&str) -> Option<OccupationCode> {
    let titles: HashMap<String, String> = csv::Reader::from_reader(
        include_str!("../../../data/occupations/titles-vi.csv").as_bytes(),
    )
    .records()
    .flatten()
    .map(|r| (vieclam_text::folded_words(&r[1]), r[0].to_owned()))
    .collect();
    move |title: &str| {
        titles
            .get(&vieclam_text::folded_words(title))
            .and_then(|code| OccupationCode::parse(code).ok())
    }
}

fn market(seed: u64, n_openings: usize) -> (AdminUnits, Market) {
    let units = AdminUnits::embedded().unwrap();
    let market = generate(&units, "01", seed, n_openings, 2, lookup());
    (units, market)
}

#[test]
fn the_index_finds_what_scoring_everything_finds() {
    let (_, market) = market(7, 600);
    let weights = Weights::default();
    let openings = OpeningIndex::new(market.openings.clone());
    for seeker in market.seekers.iter().take(300) {
        for viewer in [Viewer::Worker, Viewer::Employer] {
            let fast = openings.top_for(seeker, 10, &weights, viewer);
            let slow = openings.brute_force(seeker, 10, &weights, viewer);
            assert_eq!(fast, slow, "seeker {}", seeker.id);
        }
    }
    let seekers = SeekerIndex::new(market.seekers.clone());
    for opening in market.openings.iter().take(200) {
        let fast = seekers.top_for(opening, 10, &weights, Viewer::Officer, |_, _| true);
        let slow = seekers.brute_force(opening, 10, &weights, Viewer::Officer, |_, _| true);
        assert_eq!(fast, slow, "opening {}", opening.id);
    }
}

#[test]
fn workers_who_did_not_consent_never_reach_an_employer() {
    let (_, market) = market(8, 300);
    let seekers = SeekerIndex::new(market.seekers.clone());
    let weights = Weights::default();
    let mut refused_somewhere = false;
    for opening in &market.openings {
        let shown = seekers.top_for(opening, 10, &weights, Viewer::Employer, |_, s| s.consent);
        for hit in &shown {
            assert!(seekers.get(hit.index).unwrap().consent);
        }
        let all = seekers.top_for(opening, 10, &weights, Viewer::Officer, |_, _| true);
        refused_somewhere |= all
            .iter()
            .any(|hit| !seekers.get(hit.index).unwrap().consent);
    }
    assert!(
        refused_somewhere,
        "the market must hold workers without consent"
    );
}

#[test]
fn every_result_has_a_reason_in_both_languages() {
    let (_, market) = market(9, 300);
    let weights = Weights::default();
    let openings = OpeningIndex::new(market.openings.clone());
    for seeker in market.seekers.iter().take(200) {
        for hit in openings.top_for(seeker, 10, &weights, Viewer::Worker) {
            let opening = openings.get(hit.index).unwrap();
            let found = reasons(seeker, opening, &hit.scored);
            assert!(!found.is_empty());
            for reason in found {
                assert!(!reason.vi.is_empty() && !reason.en.is_empty());
            }
        }
    }
    // A weak match still says what fits best.
    let seeker = &market.seekers[0];
    let far = market
        .openings
        .iter()
        .find(|o| {
            o.occupation.map(|c| c.major()) != seeker.occupations.first().map(|c| c.0.major())
        })
        .unwrap();
    let scored = score(seeker, far, &weights, Viewer::Worker);
    assert!(!reasons(seeker, far, &scored).is_empty());
}

fn profile() -> WorkerProfile {
    WorkerProfile {
        citizen_id: None,
        full_name: PersonName::parse("Lò Thị Mai").unwrap(),
        birth_date: NaiveDate::from_ymd_opt(1995, 5, 1).unwrap(),
        sex: Sex::Female,
        ethnicity: None,
        residence: UnitKey::parse("2025:00004", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            .unwrap(),
        phone: None,
        email: None,
        general_education: None,
        qualification: Qualification::Intermediate,
        qualification_field: None,
        certificates: vec![],
        occupations: vec![],
        skills: vec!["hàn TIG".to_owned(), "đọc bản vẽ".to_owned()],
        languages: vec![],
        it_skill: None,
        wanted_occupation: Some(OccupationCode::parse("7212").unwrap()),
        wanted_wage: WageRange::new(Some(9_000_000), None).unwrap(),
        wanted_units: vec![],
        wanted_hours: None,
        employment_status: EmploymentStatus::Unemployed,
        priority_groups: BTreeSet::new(),
        social_insurance: SocialInsurance::None,
        unemployment_insurance: false,
        health_insurance: false,
        consent_share_with_employers: true,
        consent_receive_messages: false,
    }
}

#[test]
fn sex_ethnicity_age_and_disability_never_lower_a_score() {
    let (units, market) = market(10, 400);
    let base = profile();
    let seeker = |profile: &WorkerProfile| {
        let state = WorkerState::initial(profile.employment_status, profile.residence.clone());
        Seeker::of(&units, 1, profile, &state)
    };
    let kinh = EthnicGroup::parse("Kinh").unwrap();
    let hmong = EthnicGroup::parse("Mông").unwrap();
    let mut variants: Vec<WorkerProfile> = Vec::new();
    for sex in [Sex::Female, Sex::Male] {
        for ethnicity in [None, Some(kinh.clone()), Some(hmong.clone())] {
            for birth in [1960, 1975, 2005] {
                variants.push(WorkerProfile {
                    sex,
                    ethnicity: ethnicity.clone(),
                    birth_date: NaiveDate::from_ymd_opt(birth, 5, 1).unwrap(),
                    ..base.clone()
                });
            }
        }
    }
    for weights in [
        Weights::default(),
        Weights {
            priority_boost_for_employers: true,
            ..Weights::default()
        },
    ] {
        for viewer in [Viewer::Worker, Viewer::Officer, Viewer::Employer] {
            let reference = seeker(&base);
            for opening in &market.openings {
                let plain = score(&reference, opening, &weights, viewer).score;
                // Sex, ethnicity and age change nothing at all.
                for variant in &variants {
                    let s = score(&seeker(variant), opening, &weights, viewer).score;
                    assert_eq!(s, plain, "{opening:?}");
                }
                // A disability or a priority group can only add.
                for group in [
                    PriorityGroup::Disability,
                    PriorityGroup::EthnicMinority,
                    PriorityGroup::PoorHousehold,
                ] {
                    let mut with = base.clone();
                    with.priority_groups.insert(group);
                    let s = score(&seeker(&with), opening, &weights, viewer).score;
                    assert!(s >= plain, "{group:?} lowered {s} < {plain}");
                }
            }
        }
    }
    // The employer's view gives no priority boost by default.
    let mut poor = base.clone();
    poor.priority_groups.insert(PriorityGroup::PoorHousehold);
    let opening = &market.openings[0];
    let weights = Weights::default();
    assert_eq!(
        score(&seeker(&poor), opening, &weights, Viewer::Employer).score,
        score(&seeker(&base), opening, &weights, Viewer::Employer).score
    );
    assert!(
        score(&seeker(&poor), opening, &weights, Viewer::Officer).score
            > score(&seeker(&base), opening, &weights, Viewer::Officer).score
    );
}

#[test]
fn weights_are_learnt_from_enough_outcomes_only() {
    let start = Weights::default();
    let outcome = |occupation: f32, wage: f32, positive: bool| Outcome {
        parts: [occupation, 0.5, 1.0, 1.0, 0.6, wage, 0.5, 1.0],
        positive,
    };
    // Hires follow the wage here, not the occupation.
    let mut outcomes = Vec::new();
    for i in 0..400 {
        let wage = (i % 10) as f32 / 10.0;
        let occupation = ((i / 10) % 10) as f32 / 10.0;
        outcomes.push(outcome(occupation, wage, wage >= 0.6));
    }
    assert!(fit(&outcomes[..100], &start).is_none(), "too few");
    let learnt = fit(&outcomes, &start).unwrap();
    assert!(learnt.wage > start.wage, "{learnt:?}");
    assert!(learnt.occupation < start.occupation, "{learnt:?}");
    let total: f32 = learnt.parts().iter().sum();
    assert!((total - start.parts().iter().sum::<f32>()).abs() < 1e-3);
    assert!(learnt.parts().iter().all(|w| *w >= 0.0));
    let all_positive: Vec<Outcome> = outcomes
        .iter()
        .map(|o| Outcome {
            positive: true,
            ..*o
        })
        .collect();
    assert!(fit(&all_positive, &start).is_none(), "one class only");
}

#[test]
fn weights_left_out_of_configuration_keep_their_defaults() {
    let weights: Weights = serde_json::from_str(r#"{"place": 0.25}"#).unwrap();
    assert_eq!(weights.place, 0.25);
    assert_eq!(weights.occupation, Weights::default().occupation);
    assert!(!weights.priority_boost_for_employers);
}

/// Not a check: the median time to score every one of N openings for a
/// worker (brute force) and to find the top 10 with the index, for a
/// before / after comparison when scoring changes. Run it with
/// `cargo test -p vieclam-match --test matching -- --ignored --nocapture`.
#[test]
#[ignore = "a timing, not a check"]
fn scoring_speed() {
    let (_, market) = market(11, 20_000);
    let weights = Weights::default();
    let openings = OpeningIndex::new(market.openings.clone());
    let median = |mut samples: Vec<f64>| {
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    };
    let mut brute = Vec::new();
    let mut indexed = Vec::new();
    for seeker in market.seekers.iter().take(100) {
        let started = std::time::Instant::now();
        std::hint::black_box(openings.brute_force(seeker, 10, &weights, Viewer::Worker));
        brute.push(started.elapsed().as_secs_f64() * 1e3);
        let started = std::time::Instant::now();
        std::hint::black_box(openings.top_for(seeker, 10, &weights, Viewer::Worker));
        indexed.push(started.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{} openings, 100 workers: brute force median {:.2} ms, index median {:.2} ms",
        openings.len(),
        median(brute),
        median(indexed)
    );
}
