//! A generated labour market with known good matches, for the evaluation
//! and the benchmark.
//!
//! Vacancies are written from an occupation's titles and skills
//! (`data/occupations`). Each worker is written from one vacancy — their
//! known good match — the way people fill in a registration form: another
//! title of the same occupation, often without diacritics or abbreviated
//! ("NV", "CN", "KTV"), one skill missing and one unrelated added, a wage
//! wanted around the offer (sometimes above it), and a home in the same
//! commune or elsewhere in the city. The worker's occupation code is not
//! given: `classify` reads it from the title, as import does. Sex,
//! ethnicity and age are not drawn: matching never reads them.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vieclam_domain::registry::{
    Language, OccupationCode, PriorityGroup, Qualification, VacancyPosting, VacancyStatus,
    WageRange, WorkHours,
};
use vieclam_domain::{AdminUnits, UnitKey, UnitLevel, UnitStructure};

use crate::features::{Occupation, Opening, Place, Seeker, Skills};

const TITLES_CSV: &str = include_str!("../../../data/occupations/titles-vi.csv");
const SKILLS_CSV: &str = include_str!("../../../data/occupations/skills-vi.csv");

fn by_unit_group(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in csv::Reader::from_reader(text.as_bytes())
        .records()
        .flatten()
    {
        groups
            .entry(record[0].to_owned())
            .or_default()
            .push(record[1].to_owned());
    }
    groups
}

/// The market: vacancies, workers, and for each worker the vacancy it was
/// written from and its true occupation.
pub struct Market {
    pub openings: Vec<Opening>,
    pub postings: Vec<VacancyPosting>,
    pub seekers: Vec<Seeker>,
    /// The CV title each worker wrote.
    pub seeker_titles: Vec<String>,
    /// Index in `openings` of each worker's known good match.
    pub target: Vec<usize>,
    pub true_occupation: Vec<Occupation>,
}

impl Market {
    /// How relevant opening `o` is for seeker `s`: 2 for the known good
    /// match and for an opening of the same occupation in the worker's
    /// commune that pays what they want and asks no more than their
    /// qualification; 1 for any other opening of the same occupation.
    pub fn grade(&self, s: usize, o: usize) -> u32 {
        let seeker = &self.seekers[s];
        let opening = &self.openings[o];
        if self.target[s] == o {
            return 2;
        }
        if opening.occupation != Some(self.true_occupation[s]) {
            return 0;
        }
        let pays = match (seeker.wage_min, opening.wage_max.or(opening.wage_min)) {
            (Some(wanted), Some(offer)) => offer >= wanted,
            _ => true,
        };
        let qualified = opening
            .qualification
            .is_none_or(|asked| seeker.qualification >= asked);
        if pays && qualified && opening.place.commune == seeker.home.commune {
            2
        } else {
            1
        }
    }
}

fn strip_accents(text: &str) -> String {
    vieclam_text::fold(text)
}

fn abbreviate(text: &str) -> String {
    let lower = text.to_lowercase();
    for (long, short) in [
        ("nhân viên", "NV"),
        ("công nhân", "CN"),
        ("kỹ thuật viên", "KTV"),
        ("kỹ sư", "KS"),
        ("giáo viên", "GV"),
        ("lái xe", "LX"),
    ] {
        if lower.contains(long) {
            return lower.replacen(long, short, 1);
        }
    }
    lower
}

/// Generates a market of `n_openings` vacancies and `seekers_per_opening`
/// workers written from each, in the communes of `province` (a 2025
/// province code), reading workers' occupations with `classify`.
pub fn generate(
    units: &AdminUnits,
    province: &str,
    seed: u64,
    n_openings: usize,
    seekers_per_opening: usize,
    classify: impl Fn(&str) -> Option<OccupationCode>,
) -> Market {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let titles = by_unit_group(TITLES_CSV);
    let skills = by_unit_group(SKILLS_CSV);
    let groups: Vec<&String> = titles
        .keys()
        .filter(|code| titles[*code].len() >= 2 && skills.get(*code).is_some_and(|s| s.len() >= 3))
        .collect();
    let all_skills: Vec<&String> = skills.values().flatten().collect();
    let province_key = UnitKey {
        structure: UnitStructure::TwoTier2025,
        code: vieclam_domain::AdminUnitCode::parse(province).expect("a province code"),
    };
    let communes: Vec<UnitKey> = units
        .children(&province_key)
        .filter(|unit| unit.level == UnitLevel::Commune)
        .map(|unit| unit.key())
        .take(40)
        .collect();
    let qualifications = [
        None,
        Some(Qualification::None),
        Some(Qualification::Elementary),
        Some(Qualification::Intermediate),
        Some(Qualification::College),
        Some(Qualification::University),
    ];
    let mut postings = Vec::with_capacity(n_openings);
    let mut openings = Vec::with_capacity(n_openings);
    for index in 0..n_openings {
        let group = groups[rng.gen_range(0..groups.len())];
        let code = OccupationCode::parse(group).expect("a unit group of the taxonomy");
        let title = titles[group].choose(&mut rng).cloned().unwrap_or_default();
        let mut own: Vec<String> = skills[group].clone();
        own.shuffle(&mut rng);
        own.truncate(rng.gen_range(3..=4));
        let wage_min = rng.gen_range(6..=15) * 1_000_000;
        let posting = VacancyPosting {
            employer_id: 1,
            title,
            occupation: Some(code),
            occupation_inferred: false,
            headcount: rng.gen_range(1..=10),
            qualification: qualifications[rng.gen_range(0..qualifications.len())],
            experience_years: rng.gen_range(0..=2),
            skills: own,
            languages: if rng.gen_bool(0.05) {
                vec![Language::English]
            } else {
                vec![]
            },
            wage: WageRange {
                min_vnd: Some(wage_min),
                max_vnd: Some(wage_min + rng.gen_range(2..=5) * 1_000_000),
            },
            work_unit: communes[rng.gen_range(0..communes.len())].clone(),
            hours: [WorkHours::FullTime, WorkHours::Shifts, WorkHours::PartTime]
                .choose(&mut rng)
                .copied(),
            contract_type: None,
            deadline: None,
            status: VacancyStatus::Open,
            disability_friendly: rng.gen_bool(0.1),
            abroad_country: None,
            description: None,
        };
        openings.push(Opening::of(units, index as i64 + 1, &posting));
        postings.push(posting);
    }
    let mut seekers = Vec::new();
    let mut seeker_titles = Vec::new();
    let mut target = Vec::new();
    let mut true_occupation = Vec::new();
    for round in 0..seekers_per_opening {
        for (t, posting) in postings.iter().enumerate() {
            let group = posting
                .occupation
                .as_ref()
                .map(|code| code.as_str().to_owned())
                .unwrap_or_default();
            let others: Vec<&String> = titles[&group]
                .iter()
                .filter(|title| **title != posting.title)
                .collect();
            let mut title = others
                .choose(&mut rng)
                .map_or_else(|| posting.title.clone(), |title| (*title).clone());
            if rng.gen_bool(0.15) {
                title = abbreviate(&title);
            }
            if rng.gen_bool(0.4) {
                title = strip_accents(&title);
            }
            if rng.gen_bool(0.1) {
                title = format!("từng làm {title} {} năm", rng.gen_range(1..=6));
            }
            let mut held: Vec<String> = posting.skills.clone();
            held.shuffle(&mut rng);
            if held.len() > 2 {
                held.pop();
            }
            held.push((*all_skills.choose(&mut rng).expect("skills")).clone());
            for skill in &mut held {
                if rng.gen_bool(0.3) {
                    *skill = strip_accents(skill);
                }
            }
            let offer = posting.wage.max_vnd.unwrap_or(8_000_000);
            let wanted = (offer as f64 * rng.gen_range(0.7..1.05)) as i64 / 100_000 * 100_000;
            let home = if rng.gen_bool(0.6) {
                posting.work_unit.clone()
            } else {
                communes[rng.gen_range(0..communes.len())].clone()
            };
            let asked = posting.qualification.unwrap_or(Qualification::None);
            let rank = Qualification::ALL
                .iter()
                .position(|q| *q == asked)
                .unwrap_or(0);
            let qualification = if rng.gen_bool(0.85) {
                Qualification::ALL[(rank + rng.gen_range(0..=1)).min(Qualification::ALL.len() - 1)]
            } else {
                Qualification::ALL[rank.saturating_sub(1)]
            };
            let occupations: Vec<(Occupation, u8)> = classify(&title)
                .map(|code| vec![(Occupation::of(&code), rng.gen_range(0..=5))])
                .unwrap_or_default();
            let mut priority_groups = Vec::new();
            if rng.gen_bool(0.05) {
                priority_groups.push(PriorityGroup::Disability);
            }
            if rng.gen_bool(0.08) {
                priority_groups.push(PriorityGroup::EthnicMinority);
            }
            seekers.push(Seeker {
                id: (round * postings.len() + t) as i64 + 1,
                related: crate::features::related_codes(&occupations),
                occupations,
                skills: Skills::of(&held),
                qualification,
                language_mask: crate::features::language_mask(&posting.languages),
                languages: posting.languages.clone(),
                wage_min: Some(wanted),
                home: Place::of(units, &home),
                wanted_places: Vec::new(),
                hours: if rng.gen_bool(0.7) {
                    posting.hours
                } else {
                    None
                },
                disability: priority_groups.contains(&PriorityGroup::Disability),
                priority_groups,
                consent: rng.gen_bool(0.8),
                max_commute_km: None,
                named_reach_km: None,
            });
            seeker_titles.push(title);
            target.push(t);
            true_occupation.push(openings[t].occupation.unwrap_or(Occupation(0)));
        }
    }
    Market {
        openings,
        postings,
        seekers,
        seeker_titles,
        target,
        true_occupation,
    }
}
