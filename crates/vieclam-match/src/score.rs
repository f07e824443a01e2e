//! The score of a worker for a vacancy, the same in both directions: a
//! weighted sum of parts in [0, 1], plus bonuses that can only add.
//!
//! | part | 1.0 when | partial |
//! |---|---|---|
//! | occupation | same unit group | same minor group 0.7, related by shared skills 0.6, same sub-major 0.45, same major 0.15; unknown 0.3 |
//! | skills | every skill asked is held | share held, or 0.8 × share of their words; none asked 0.5 |
//! | qualification | at least the level asked | one level short 0.4 |
//! | experience | years in the occupation (or its minor group) reach those asked | the share reached |
//! | place | same commune, or a place the worker asked for | same province 0.6, elsewhere 0.1 |
//! | wage | the offer reaches the wage wanted | 10 % short 0.8, 50 % short 0; unknown 0.5 |
//! | hours | the hours wanted | unknown 0.5, other 0.3 |
//! | language | every language asked is spoken | the share spoken |
//!
//! Sex, ethnicity and age are never read (see `features`). A worker with a
//! disability gets `disability_friendly_bonus` from a vacancy suitable for
//! them; a worker of a priority group named in the plans may get
//! `priority_boost` — off in an employer's view unless configured.

use serde::{Deserialize, Serialize};
use vieclam_domain::registry::{occupations, WageRange};

use crate::features::{shared, Occupation, Opening, Seeker};

/// The parts of a score, in this order.
pub const PARTS: [&str; 8] = [
    "occupation",
    "skills",
    "qualification",
    "experience",
    "place",
    "wage",
    "hours",
    "language",
];

/// The weights of the parts and the bonuses. The defaults are documented
/// in ARCHITECTURE.md; `fit` learns the part weights from outcomes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub occupation: f32,
    pub skills: f32,
    pub qualification: f32,
    pub experience: f32,
    pub place: f32,
    pub wage: f32,
    pub hours: f32,
    pub language: f32,
    /// Added when a worker with a disability meets a vacancy suitable for
    /// workers with disabilities.
    pub disability_friendly_bonus: f32,
    /// Added for a worker of a priority group (disability, ethnic minority,
    /// poor or near-poor household, demobilised, graduate…).
    pub priority_boost: f32,
    /// Whether the priority boost also applies in an employer's view.
    pub priority_boost_for_employers: bool,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            occupation: 0.35,
            skills: 0.20,
            qualification: 0.10,
            experience: 0.05,
            place: 0.15,
            wage: 0.10,
            hours: 0.03,
            language: 0.02,
            disability_friendly_bonus: 0.05,
            priority_boost: 0.03,
            priority_boost_for_employers: false,
        }
    }
}

impl Weights {
    pub fn parts(&self) -> [f32; 8] {
        [
            self.occupation,
            self.skills,
            self.qualification,
            self.experience,
            self.place,
            self.wage,
            self.hours,
            self.language,
        ]
    }

    pub fn with_parts(&self, parts: [f32; 8]) -> Weights {
        Weights {
            occupation: parts[0],
            skills: parts[1],
            qualification: parts[2],
            experience: parts[3],
            place: parts[4],
            wage: parts[5],
            hours: parts[6],
            language: parts[7],
            ..self.clone()
        }
    }

    /// The most any score can reach.
    pub fn ceiling(&self) -> f32 {
        self.parts().iter().sum::<f32>() + self.disability_friendly_bonus + self.priority_boost
    }
}

/// Who looks at the results: the boost for priority groups depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    Worker,
    Officer,
    Employer,
}

/// A score and its parts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    pub score: f32,
    pub parts: [f32; 8],
    pub disability_bonus: f32,
    pub priority_bonus: f32,
    /// The occupation link found: 0 none, 1 major, 2 sub-major,
    /// 3 related, 4 minor, 5 same unit group.
    pub occupation_link: u8,
}

/// Unit groups related by sharing skills in `data/occupations/skills-vi.csv`.
fn related(a: Occupation, b: Occupation) -> bool {
    crate::related::are_related(a, b)
}

fn occupation_part(seeker: &Seeker, opening: &Opening) -> (f32, u8, u8) {
    let Some(asked) = opening.occupation else {
        return (0.3, 0, 0);
    };
    if seeker.occupations.is_empty() {
        return (0.3, 0, 0);
    }
    let mut best = (0.0, 0u8, 0u8);
    for &(held, years) in &seeker.occupations {
        let (part, link) = if held == asked {
            (1.0, 5)
        } else if held.minor() == asked.minor() {
            (0.7, 4)
        } else if related(held, asked) {
            (0.6, 3)
        } else if held.sub_major() == asked.sub_major() {
            (0.45, 2)
        } else if held.major() == asked.major() {
            (0.15, 1)
        } else {
            (0.0, 0)
        };
        let years = if link >= 4 { years } else { 0 };
        if part > best.0 || (part == best.0 && years > best.2) {
            best = (part, link, years);
        }
    }
    best
}

/// The score of `seeker` for `opening`, seen by `viewer`.
pub fn score(seeker: &Seeker, opening: &Opening, weights: &Weights, viewer: Viewer) -> Scored {
    let (occupation, link, years) = occupation_part(seeker, opening);
    let skills = if opening.skills.is_empty() {
        0.5
    } else {
        let whole = shared(
            seeker.skills.whole.as_slice(),
            opening.skills.whole.as_slice(),
        ) as f32
            / opening.skills.whole.len() as f32;
        let words = if opening.skills.words.is_empty() {
            0.0
        } else {
            shared(
                seeker.skills.words.as_slice(),
                opening.skills.words.as_slice(),
            ) as f32
                / opening.skills.words.len() as f32
        };
        whole.max(0.8 * words).min(1.0)
    };
    let qualification = {
        let (have, asked) = (seeker.qualification_rank(), opening.qualification_rank());
        if have >= asked {
            1.0
        } else if have + 1 == asked {
            0.4
        } else {
            0.0
        }
    };
    let experience = if opening.experience_years == 0 {
        1.0
    } else {
        (f32::from(years) / f32::from(opening.experience_years)).min(1.0)
    };
    let place = place_part(seeker, opening);
    let wage = wage_part(seeker, opening);
    let hours = match (seeker.hours, opening.hours) {
        (Some(wanted), Some(offered)) if wanted == offered => 1.0,
        (Some(_), Some(_)) => 0.3,
        _ => 0.5,
    };
    let language = if opening.language_mask == 0 {
        1.0
    } else {
        (opening.language_mask & seeker.language_mask).count_ones() as f32
            / opening.language_mask.count_ones() as f32
    };
    let parts = [
        occupation,
        skills,
        qualification,
        experience,
        place,
        wage,
        hours,
        language,
    ];
    let base: f32 = parts
        .iter()
        .zip(weights.parts())
        .map(|(part, weight)| part * weight)
        .sum();
    let disability_bonus = if seeker.disability && opening.disability_friendly {
        weights.disability_friendly_bonus.max(0.0)
    } else {
        0.0
    };
    let boost_applies = viewer != Viewer::Employer || weights.priority_boost_for_employers;
    let priority_bonus = if boost_applies && !seeker.priority_groups.is_empty() {
        weights.priority_boost.max(0.0)
    } else {
        0.0
    };
    Scored {
        score: base + disability_bonus + priority_bonus,
        parts,
        disability_bonus,
        priority_bonus,
        occupation_link: link,
    }
}

fn place_part(seeker: &Seeker, opening: &Opening) -> f32 {
    let here = &opening.place;
    let wanted = seeker.wanted_places.iter().any(|place| {
        (place.commune != 0 && place.commune == here.commune)
            || (place.commune == 0 && place.province == here.province)
    });
    if wanted || (here.commune != 0 && seeker.home.commune == here.commune) {
        1.0
    } else if seeker.home.province == here.province {
        0.6
    } else {
        0.1
    }
}

fn wage_part(seeker: &Seeker, opening: &Opening) -> f32 {
    let offer = opening.wage_max.or(opening.wage_min);
    match (seeker.wage_min, offer) {
        (Some(wanted), Some(offer)) if wanted > 0 => {
            if offer >= wanted {
                1.0
            } else {
                let short = 1.0 - offer as f32 / wanted as f32;
                (1.0 - 2.0 * short).max(0.0)
            }
        }
        _ => 0.5,
    }
}

/// A reason a person can read, in Vietnamese and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The part it explains (`occupation`, `skills`, … `disability`,
    /// `priority`).
    pub part: &'static str,
    pub vi: String,
    pub en: String,
}

fn reason(part: &'static str, vi: String, en: String) -> Reason {
    Reason { part, vi, en }
}

fn occupation_name(occupation: Occupation) -> (String, String) {
    group_name(occupation.code())
}

/// The Vietnamese and English names of a group of the taxonomy.
fn group_name(code: String) -> (String, String) {
    match occupations().get(&code) {
        Some(entry) => (
            entry.name_vi.clone(),
            entry
                .name_en
                .clone()
                .unwrap_or_else(|| entry.name_vi.clone()),
        ),
        None => (code.clone(), code),
    }
}

/// Why `seeker` suits `opening`: a phrase for every part that speaks for
/// the match, best first, and never none (the strongest part always
/// speaks).
pub fn reasons(seeker: &Seeker, opening: &Opening, scored: &Scored) -> Vec<Reason> {
    let mut found = Vec::new();
    if let Some(asked) = opening.occupation {
        match scored.occupation_link {
            5 => {
                let (vi, en) = occupation_name(asked);
                found.push(reason(
                    "occupation",
                    format!("Cùng nghề: {vi}"),
                    format!("Same occupation: {en}"),
                ));
            }
            4 => {
                let (vi, en) = group_name(format!("{:03}", asked.minor()));
                found.push(reason(
                    "occupation",
                    format!("Nghề gần: {vi}"),
                    format!("Close occupation: {en}"),
                ));
            }
            3 => {
                let (vi, en) = occupation_name(asked);
                found.push(reason(
                    "occupation",
                    format!("Nghề liên quan: {vi}"),
                    format!("Related occupation: {en}"),
                ));
            }
            2 => {
                let (vi, en) = group_name(format!("{:02}", asked.sub_major()));
                found.push(reason(
                    "occupation",
                    format!("Cùng nhóm nghề: {vi}"),
                    format!("Same occupation group: {en}"),
                ));
            }
            _ => {}
        }
    }
    let held: Vec<&str> = opening
        .skills
        .names
        .iter()
        .filter(|name| {
            let key = crate::features::hash(&vieclam_text::folded_words(name));
            seeker.skills.whole.contains(key)
        })
        .map(|name| &**name)
        .take(4)
        .collect();
    if !held.is_empty() {
        let list = held.join(", ");
        found.push(reason(
            "skills",
            format!("Có kỹ năng: {list}"),
            format!("Has the skills: {list}"),
        ));
    } else if scored.parts[1] >= 0.5 && !opening.skills.is_empty() {
        found.push(reason(
            "skills",
            "Kỹ năng gần với yêu cầu".to_owned(),
            "Skills close to those asked".to_owned(),
        ));
    }
    if let Some(asked) = opening.qualification {
        if scored.parts[2] >= 1.0 {
            found.push(reason(
                "qualification",
                format!("Đủ trình độ: {}", asked.name_vi()),
                format!("Qualified: {}", asked.as_str()),
            ));
        }
    }
    if opening.experience_years > 0 && scored.parts[3] >= 1.0 {
        let years = opening.experience_years;
        found.push(reason(
            "experience",
            format!("Đủ kinh nghiệm: từ {years} năm"),
            format!("Experienced: {years}+ years"),
        ));
    }
    if scored.parts[4] >= 1.0 {
        let name = &opening.place.commune_name;
        if opening.place.commune != 0 && seeker.home.commune == opening.place.commune {
            found.push(reason(
                "place",
                format!("Gần nhà: {name}"),
                format!("Close to home: {name}"),
            ));
        } else {
            found.push(reason(
                "place",
                "Nơi làm việc mong muốn".to_owned(),
                "A place the worker wants".to_owned(),
            ));
        }
    } else if scored.parts[4] >= 0.6 {
        let name = &opening.place.province_name;
        found.push(reason(
            "place",
            format!("Cùng tỉnh, thành phố: {name}"),
            format!("Same province: {name}"),
        ));
    }
    if scored.parts[5] >= 1.0 {
        let offer = WageRange {
            min_vnd: opening.wage_min,
            max_vnd: opening.wage_max,
        }
        .describe_vi();
        found.push(reason(
            "wage",
            format!("Lương phù hợp: {offer}"),
            format!("Wage fits: {offer} (million VND)"),
        ));
    }
    if scored.parts[6] >= 1.0 {
        if let Some(hours) = opening.hours {
            found.push(reason(
                "hours",
                format!("Giờ làm phù hợp: {}", hours.name_vi()),
                format!("Hours fit: {}", hours.as_str()),
            ));
        }
    }
    if !opening.languages.is_empty() && scored.parts[7] >= 1.0 {
        let names: Vec<&str> = opening.languages.iter().map(|l| l.name_vi()).collect();
        let codes: Vec<&str> = opening.languages.iter().map(|l| l.as_str()).collect();
        found.push(reason(
            "language",
            format!("Biết {}", names.join(", ").to_lowercase()),
            format!("Speaks {}", codes.join(", ")),
        ));
    }
    if scored.disability_bonus > 0.0 {
        found.push(reason(
            "disability",
            "Vị trí phù hợp với người khuyết tật".to_owned(),
            "Suitable for workers with disabilities".to_owned(),
        ));
    }
    if scored.priority_bonus > 0.0 {
        let names: Vec<&str> = seeker.priority_groups.iter().map(|g| g.name_vi()).collect();
        let codes: Vec<&str> = seeker.priority_groups.iter().map(|g| g.as_str()).collect();
        found.push(reason(
            "priority",
            format!("Đối tượng ưu tiên: {}", names.join(", ")),
            format!("Priority group: {}", codes.join(", ")),
        ));
    }
    if found.is_empty() {
        // The strongest part speaks, even when it is weak.
        let (index, _) = scored
            .parts
            .iter()
            .enumerate()
            .fold(
                (0, f32::MIN),
                |best, (i, p)| if *p > best.1 { (i, *p) } else { best },
            );
        found.push(reason(
            PARTS[index],
            format!("Phù hợp nhất về: {}", part_vi(index)),
            format!("Best fit on: {}", PARTS[index]),
        ));
    }
    found
}

fn part_vi(index: usize) -> &'static str {
    [
        "nghề",
        "kỹ năng",
        "trình độ",
        "kinh nghiệm",
        "nơi làm việc",
        "lương",
        "giờ làm",
        "ngoại ngữ",
    ]
    .get(index)
    .copied()
    .unwrap_or("nghề")
}
