//! The score of a worker for a vacancy, the same in both directions: a
//! weighted sum of parts in [0, 1], plus bonuses that can only add.
//!
//! | part | 1.0 when | partial |
//! |---|---|---|
//! | occupation | same unit group | same field at another training level 0.8, same minor group 0.7, a neighbouring occupation or one sharing a rare skill 0.6, reachable with short training 0.55 (0.7 where the ad says the employer trains), an entry job of a line, a farm or a site whose ad takes untrained workers, for a worker of such work (`entry_work`), 0.55 (0.7 with training), same sub-major 0.45, same major 0.15; unknown 0.3 (the best of the worker's occupations and of every link; see `related`) |
//! | skills | every skill asked is held | share held, or 0.8 × share of their words; none asked 0.5 |
//! | qualification | at least the level asked, or the ad accepts untrained workers | one level short 0.4 |
//! | experience | years in the occupation (its minor group, or the same field at another level; half the years in a neighbouring or trainable one) reach those asked, or the ad accepts untrained workers | the share reached |
//! | place | same commune, or a commune the worker asked for | by distance from home (below); 0 beyond the distance the worker accepts; at least 0.6 in a province the worker asked for, or where the employer houses its workers; without a centroid: same province 0.6, elsewhere 0.1 |
//! | wage | the offer reaches the wage wanted | 10 % short 0.8, 50 % short 0; unknown 0.5 |
//! | hours | the hours wanted | unknown 0.5, other 0.3 |
//! | language | every language asked is spoken | the share spoken |
//!
//! The place by distance (`DISTANCE_CURVE`, straight lines between these
//! points, 0.1 beyond 60 km): the distance is between the centroids of the
//! worker's commune of residence and the vacancy's commune.
//!
//! | km | 0 | 5 | 10 | 20 | 35 | 60+ |
//! |---|---|---|---|---|---|---|
//! | place | 1.0 | 0.95 | 0.85 | 0.6 | 0.35 | 0.1 |
//!
//! An employer's shuttle (`Opening::shuttle`) halves the distance the
//! worker travels, saving at most 15 km (58 km counts as 43 km, 20 km as
//! 10 km), for the curve and for the worker's limit (`Seeker::max_commute_km`).
//! Beyond that limit the place part is 0 and the weighted parts are halved
//! (`BEYOND_COMMUTE`): the worker said they would not go so far. A worker
//! who states no limit and names no province is taken to accept a daily
//! trip of up to `DEFAULT_COMMUTE_KM` (50 km), cut the same way beyond it;
//! one who names communes or districts prefers the trip to the farthest of
//! them (at least 10 km, `Seeker::named_reach_km`): beyond it the place
//! part is 0, the score not cut. An ad that houses its workers is within
//! reach of both.
//!
//! Sex, ethnicity and age are never read (see `features`). A worker with a
//! disability gets `disability_friendly_bonus` from a vacancy suitable for
//! them; a worker of a priority group named in the plans may get
//! `priority_boost` — off in an employer's view unless configured.

use serde::{Deserialize, Serialize};
use vieclam_domain::registry::{occupations, WageRange};

use crate::features::{shared, Occupation, Opening, Seeker};
use crate::related::{relation, Kind};

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
            occupation: 0.30,
            skills: 0.10,
            qualification: 0.10,
            experience: 0.05,
            place: 0.30,
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
    /// The occupation link found: one of [`link`].
    pub occupation_link: u8,
}

/// The values of [`Scored::occupation_link`]: how the best of the
/// worker's occupations is linked to the one asked.
pub mod link {
    pub const NONE: u8 = 0;
    pub const SAME_MAJOR: u8 = 1;
    pub const SAME_SUB_MAJOR: u8 = 2;
    /// They share a skill few groups have.
    pub const SHARED_SKILL: u8 = 3;
    pub const SAME_MINOR: u8 = 4;
    pub const SAME: u8 = 5;
    /// `trainable` in `data/occupations/related.csv`.
    pub const TRAINABLE: u8 = 6;
    /// `neighbour` in `data/occupations/related.csv`.
    pub const NEIGHBOUR: u8 = 7;
    /// `level` in `data/occupations/related.csv`: the same field at
    /// another training level.
    pub const OTHER_LEVEL: u8 = 8;
    /// An entry job whose ad takes untrained workers, for a worker of entry
    /// work (see `entry_work`).
    pub const ENTRY: u8 = 9;
}

/// Entry work of a line, a farm or a site, by ISCO-08 group: 61–63 farm
/// work, 751 food processing, 753 garment trades, 754 other craft work
/// (line quality inspection among it), 81 stationary plant and machine
/// operators, 82 assemblers, 91–96 elementary occupations. A job of these groups whose
/// ad says "nhận lao động chưa qua đào tạo" is open to a worker of any of
/// them: the rubric's "an entry job that trains". Skilled trades (welders,
/// electricians: 71–74, cabinet makers: 752) and drivers (83) are not entry work, and a
/// worker of those groups is not offered a line job as one.
pub(crate) fn entry_work(occupation: Occupation) -> bool {
    matches!(occupation.sub_major(), 61..=63 | 81 | 82 | 91..=96)
        || matches!(occupation.minor(), 751 | 753 | 754)
}

/// The sub-major groups that hold all entry work (`entry_work`; 75 for
/// its minor groups 751, 753 and 754).
pub(crate) const ENTRY_SUB_MAJORS: [u16; 12] = [61, 62, 63, 75, 81, 82, 91, 92, 93, 94, 95, 96];

/// The occupation part and link of a relation of `related.csv` or of a
/// shared skill (see the table in the module's docs).
fn relation_part(kind: Kind) -> (f32, u8) {
    match kind {
        Kind::Level => (0.8, link::OTHER_LEVEL),
        Kind::Neighbour => (0.6, link::NEIGHBOUR),
        Kind::SharedSkill => (0.6, link::SHARED_SKILL),
        Kind::Trainable => (0.55, link::TRAINABLE),
    }
}

/// The occupation part, its link, and the years of experience that count
/// (those in the same occupation, its minor group, or the same field at
/// another level).
fn occupation_part(seeker: &Seeker, opening: &Opening) -> (f32, u8, u8) {
    let Some(asked) = opening.occupation else {
        return (0.3, link::NONE, 0);
    };
    if seeker.occupations.is_empty() {
        return (0.3, link::NONE, 0);
    }
    let mut best = (0.0, link::NONE, 0u8);
    for &(held, years) in &seeker.occupations {
        let (mut part, mut found) = if held == asked {
            (1.0, link::SAME)
        } else if held.minor() == asked.minor() {
            (0.7, link::SAME_MINOR)
        } else if held.sub_major() == asked.sub_major() {
            (0.45, link::SAME_SUB_MAJOR)
        } else if held.major() == asked.major() {
            (0.15, link::SAME_MAJOR)
        } else {
            (0.0, link::NONE)
        };
        // A relation scores at most 0.8, and none links two groups of one
        // minor group (a test of `related` checks the file), so only a
        // pair further apart can gain from one.
        if part < 0.7 && seeker.related.binary_search(&asked.0).is_ok() {
            if let Some(relation) = relation(held, asked) {
                let (mut related_part, related_link) = relation_part(relation.kind);
                // A move that needs short training is easier where the
                // employer gives it.
                if related_link == link::TRAINABLE && opening.training_given {
                    related_part = TRAINED_HERE;
                }
                if related_part > part {
                    (part, found) = (related_part, related_link);
                }
            }
        }
        // An entry job of the factory floor or a trade, open to a worker
        // of any manual trade when the ad takes untrained workers.
        if opening.untrained_accepted && entry_work(asked) && entry_work(held) {
            // (`Opening::entry_ad`, which the index keeps apart.)
            let entry = if opening.training_given {
                TRAINED_HERE
            } else {
                relation_part(Kind::Trainable).0
            };
            if entry > part {
                (part, found) = (entry, link::ENTRY);
            }
        }
        // Years in the trade count whole; in a neighbouring trade or one a
        // short course away (a seamstress for a garment cutter's job), half.
        let years = match found {
            link::SAME | link::SAME_MINOR | link::OTHER_LEVEL => years,
            link::NEIGHBOUR | link::TRAINABLE => years / 2,
            _ => 0,
        };
        if part > best.0 || (part == best.0 && years > best.2) {
            best = (part, found, years);
        }
    }
    best
}

/// What the weighted parts of a vacancy beyond the worker's stated
/// commute are multiplied by (the bonuses still add whole).
pub const BEYOND_COMMUTE: f32 = 0.5;

/// The occupation part of a trade reachable with short training when the
/// employer says it trains.
const TRAINED_HERE: f32 = 0.7;

/// The score of `seeker` for `opening`, seen by `viewer`.
pub fn score(seeker: &Seeker, opening: &Opening, weights: &Weights, viewer: Viewer) -> Scored {
    scored_with(
        seeker,
        opening,
        weights,
        viewer,
        occupation_part(seeker, opening),
    )
}

/// The most any score can reach with this occupation part: every other
/// part at its best (a negative weight at its part's 0) and every bonus
/// that can apply. The cut beyond a commute only lowers a score.
#[inline]
fn ceiling_with(
    seeker: &Seeker,
    weights: &Weights,
    viewer: Viewer,
    occupation: f32,
    opening_disability_friendly: bool,
) -> f32 {
    let parts = weights.parts();
    let mut ceiling = (weights.occupation * occupation).max(0.0)
        + parts[1..].iter().map(|weight| weight.max(0.0)).sum::<f32>();
    if seeker.disability && opening_disability_friendly {
        ceiling += weights.disability_friendly_bonus.max(0.0);
    }
    if !seeker.priority_groups.is_empty()
        && (viewer != Viewer::Employer || weights.priority_boost_for_employers)
    {
        ceiling += weights.priority_boost.max(0.0);
    }
    ceiling
}

/// [`score`], when it can be above `floor`: the occupation part is read
/// first, and when even the best of every other part cannot lift the score
/// above `floor` the rest is not computed (`None`). The indexes pass the
/// worst score of the best `k` found so far, so their answers stay those
/// of scoring everything (`brute_force`, which calls [`score`]).
#[inline]
pub fn score_above(
    seeker: &Seeker,
    opening: &Opening,
    weights: &Weights,
    viewer: Viewer,
    floor: f32,
) -> Option<Scored> {
    let occupation = occupation_part(seeker, opening);
    // The slack covers the rounding of a sum taken in another order: a
    // score equal to `floor` may still enter on its index.
    if ceiling_with(
        seeker,
        weights,
        viewer,
        occupation.0,
        opening.disability_friendly,
    ) + 1e-4
        < floor
    {
        return None;
    }
    Some(scored_with(seeker, opening, weights, viewer, occupation))
}

fn scored_with(
    seeker: &Seeker,
    opening: &Opening,
    weights: &Weights,
    viewer: Viewer,
    (occupation, link, years): (f32, u8, u8),
) -> Scored {
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
        if have >= asked || opening.untrained_accepted {
            1.0
        } else if have + 1 == asked {
            0.4
        } else {
            0.0
        }
    };
    let experience = if opening.experience_years == 0 || opening.untrained_accepted {
        1.0
    } else {
        (f32::from(years) / f32::from(opening.experience_years)).min(1.0)
    };
    let (place, beyond) = place_part(seeker, opening);
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
    let mut base: f32 = parts
        .iter()
        .zip(weights.parts())
        .map(|(part, weight)| part * weight)
        .sum();
    // Farther than the worker said they would travel: a counsellor would
    // not put it before the jobs within reach, whatever the trade.
    if beyond {
        base *= BEYOND_COMMUTE;
    }
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

/// The place part by distance from home, km: a piecewise-linear curve
/// through these points, flat beyond the last. A walk or a short ride
/// (up to 5 km) costs almost nothing; 10–35 km is the daily motorbike
/// commute of Hanoi's outer communes, where each km counts; beyond 60 km a
/// daily trip is rare and the part stays at the old "elsewhere" 0.1.
pub const DISTANCE_CURVE: [(f32, f32); 6] = [
    (0.0, 1.0),
    (5.0, 0.95),
    (10.0, 0.85),
    (20.0, 0.6),
    (35.0, 0.35),
    (60.0, 0.1),
];

/// A shuttle (xe đưa đón) halves the distance the worker travels by
/// themselves, saving at most this many km.
pub const SHUTTLE_SAVES_AT_MOST_KM: f32 = 15.0;

/// The place part of a place `km` from home (the curve above).
#[inline]
pub fn distance_part(km: f32) -> f32 {
    let mut previous = DISTANCE_CURVE[0];
    if km <= previous.0 {
        return previous.1;
    }
    for point in &DISTANCE_CURVE[1..] {
        if km <= point.0 {
            // Measured from the far end so that a point of the curve is
            // met exactly; clamped so that rounding cannot step up.
            let left = (point.0 - km) / (point.0 - previous.0);
            return (point.1 + left * (previous.1 - point.1)).clamp(point.1, previous.1);
        }
        previous = *point;
    }
    previous.1
}

/// How the place of an opening stands for a seeker; `place_part` scores
/// it and `reasons` says it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Whereabouts {
    /// The worker's own 2025 commune.
    SameCommune,
    /// A commune the worker asked for.
    WantedCommune,
    /// A known distance from home, km, and whether the opening lies in a
    /// province the worker asked for.
    Distance {
        km: f32,
        wanted_province: bool,
    },
    /// No centroid on one side: only the structure is known.
    SameProvince {
        wanted: bool,
    },
    Elsewhere,
}

#[inline]
fn whereabouts(seeker: &Seeker, opening: &Opening) -> Whereabouts {
    let here = &opening.place;
    if here.commune != 0 && seeker.home.commune == here.commune {
        return Whereabouts::SameCommune;
    }
    let mut wanted_province = false;
    for place in &seeker.wanted_places {
        if place.commune != 0 {
            if place.commune == here.commune {
                return Whereabouts::WantedCommune;
            }
        } else if place.province == here.province {
            wanted_province = true;
        }
    }
    match seeker.home.distance_km(here) {
        Some(km) => Whereabouts::Distance {
            km,
            wanted_province,
        },
        None if wanted_province || seeker.home.province == here.province => {
            Whereabouts::SameProvince {
                wanted: wanted_province,
            }
        }
        None => Whereabouts::Elsewhere,
    }
}

/// The distance that counts for the worker: a shuttle halves it, saving
/// at most `SHUTTLE_SAVES_AT_MOST_KM`.
#[inline]
fn travelled_km(km: f32, shuttle: bool) -> f32 {
    if shuttle {
        km - (0.5 * km).min(SHUTTLE_SAVES_AT_MOST_KM)
    } else {
        km
    }
}

/// The daily trip a worker who states no limit and names no province is
/// taken to accept, km after a shuttle's help: the judged set's rubric
/// (`data/matching-judged/README.md`) — 50 km and more is not a daily
/// commute unless the worker would move or the ad houses its workers.
pub const DEFAULT_COMMUTE_KM: f32 = 50.0;

/// The place part of a vacancy beyond a daily trip whose employer houses
/// its workers (ký túc xá, bao ăn ở): a move the worker may make, "a good
/// alternative" in the rubric, as good as a 20 km trip.
pub const HOUSED_FLOOR: f32 = 0.6;

/// How far a vacancy lies against the trip the worker accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    Within,
    /// Beyond the farthest place the worker named: a preference, so the
    /// place part is 0 but the score is not cut.
    BeyondNamed,
    /// Beyond the limit the worker stated, or the default daily trip: the
    /// place part is 0 and the score is cut (`BEYOND_COMMUTE`).
    Beyond,
}

/// Where a vacancy `km` from home lies for the worker (after the shuttle's
/// help). A limit the worker stated holds whatever the ad offers; the
/// reach of the places they named, and the default daily trip, give way
/// to accommodation and to a province the worker asked for.
fn reach(seeker: &Seeker, opening: &Opening, km: f32, wanted_province: bool) -> Reach {
    let travelled = travelled_km(km, opening.shuttle);
    if let Some(limit) = seeker.max_commute_km {
        return if travelled > limit {
            Reach::Beyond
        } else {
            Reach::Within
        };
    }
    if wanted_province || opening.accommodation {
        return Reach::Within;
    }
    if travelled > DEFAULT_COMMUTE_KM {
        Reach::Beyond
    } else if seeker.named_reach_km.is_some_and(|named| travelled > named) {
        Reach::BeyondNamed
    } else {
        Reach::Within
    }
}

/// The floor of a place in a province the worker asked for: what the same
/// province scored before distances were known.
const WANTED_PROVINCE_FLOOR: f32 = 0.6;

/// The place part, and whether the vacancy lies beyond the trip the
/// worker accepts (its part is then 0 and the score is cut, see `score`).
fn place_part(seeker: &Seeker, opening: &Opening) -> (f32, bool) {
    match whereabouts(seeker, opening) {
        Whereabouts::SameCommune | Whereabouts::WantedCommune => (1.0, false),
        Whereabouts::Distance {
            km,
            wanted_province,
        } => {
            let reach = reach(seeker, opening, km, wanted_province);
            if reach != Reach::Within {
                (0.0, reach == Reach::Beyond)
            } else {
                let mut part = distance_part(travelled_km(km, opening.shuttle));
                if wanted_province {
                    part = part.max(WANTED_PROVINCE_FLOOR);
                }
                if opening.accommodation && seeker.max_commute_km.is_none() {
                    part = part.max(HOUSED_FLOOR);
                }
                (part, false)
            }
        }
        Whereabouts::SameProvince { wanted: true } => (1.0, false),
        Whereabouts::SameProvince { wanted: false } => (0.6, false),
        Whereabouts::Elsewhere => (0.1, false),
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
            link::SAME => {
                let (vi, en) = occupation_name(asked);
                found.push(reason(
                    "occupation",
                    format!("Cùng nghề: {vi}"),
                    format!("Same occupation: {en}"),
                ));
            }
            link::SAME_MINOR => {
                let (vi, en) = group_name(format!("{:03}", asked.minor()));
                found.push(reason(
                    "occupation",
                    format!("Nghề gần: {vi}"),
                    format!("Close occupation: {en}"),
                ));
            }
            link::SHARED_SKILL => {
                let (vi, en) = occupation_name(asked);
                found.push(reason(
                    "occupation",
                    format!("Nghề liên quan: {vi}"),
                    format!("Related occupation: {en}"),
                ));
            }
            link::OTHER_LEVEL | link::NEIGHBOUR | link::TRAINABLE => {
                let (vi, en) = occupation_name(asked);
                let (kind_vi, kind_en) = match scored.occupation_link {
                    link::OTHER_LEVEL => (
                        "Cùng lĩnh vực, khác bậc đào tạo",
                        "Same field, another training level",
                    ),
                    link::NEIGHBOUR => (
                        "Nghề lân cận, công việc tương tự",
                        "Neighbouring occupation, similar work",
                    ),
                    _ => (
                        "Có thể chuyển sang sau đào tạo ngắn",
                        "Reachable with short training",
                    ),
                };
                // The field named by the row that linked them.
                let field = seeker.occupations.iter().find_map(|&(held, _)| {
                    relation(held, asked)
                        .filter(|r| relation_part(r.kind).1 == scored.occupation_link)
                });
                let (field_vi, field_en) = field.map_or(("", ""), |r| (r.field_vi, r.field_en));
                let (vi_field, en_field) = if field_vi.is_empty() {
                    (String::new(), String::new())
                } else {
                    (format!(" ({field_vi})"), format!(" ({field_en})"))
                };
                found.push(reason(
                    "occupation",
                    format!("{kind_vi}{vi_field}: {vi}"),
                    format!("{kind_en}{en_field}: {en}"),
                ));
            }
            link::ENTRY => {
                let (vi, en) = occupation_name(asked);
                found.push(reason(
                    "occupation",
                    format!("Việc nhận người chưa qua đào tạo: {vi}"),
                    format!("An entry job open to untrained workers: {en}"),
                ));
            }
            link::SAME_SUB_MAJOR => {
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
        if scored.parts[2] >= 1.0 && seeker.qualification_rank() >= opening.qualification_rank() {
            found.push(reason(
                "qualification",
                format!("Đủ trình độ: {}", asked.name_vi()),
                format!("Qualified: {}", asked.as_str()),
            ));
        }
    }
    // What the ad says that opens it to this worker.
    let short_of_asked =
        seeker.qualification_rank() < opening.qualification_rank() || opening.experience_years > 0;
    if opening.untrained_accepted && short_of_asked {
        found.push(reason(
            "qualification",
            "Nhận lao động chưa qua đào tạo".to_owned(),
            "Untrained workers accepted".to_owned(),
        ));
    }
    if opening.training_given && scored.occupation_link == link::TRAINABLE {
        found.push(reason(
            "occupation",
            "Doanh nghiệp đào tạo nghề".to_owned(),
            "The employer trains".to_owned(),
        ));
    }
    if opening.experience_years > 0 && scored.parts[3] >= 1.0 && !opening.untrained_accepted {
        let years = opening.experience_years;
        found.push(reason(
            "experience",
            format!("Đủ kinh nghiệm: từ {years} năm"),
            format!("Experienced: {years}+ years"),
        ));
    }
    if let Some(place) = place_reason(seeker, opening) {
        found.push(place);
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

/// About how far, in words: "6 km", or "dưới 1 km" / "under 1 km".
fn km_in_words(km: f32) -> (String, String) {
    if km < 1.0 {
        ("dưới 1 km".to_owned(), "under 1 km".to_owned())
    } else {
        let km = km.round();
        (format!("{km} km"), format!("{km} km"))
    }
}

/// What the place says: the commune when it is the worker's own, a place
/// the worker asked for, the distance from home in km (or that it is
/// farther than the worker accepts), the province when no distance is
/// known. Said whenever it is known, even when it counts against the
/// match: a counsellor and a worker both want the km.
fn place_reason(seeker: &Seeker, opening: &Opening) -> Option<Reason> {
    let shuttle = |vi: String, en: String| {
        let (vi, en) = if opening.shuttle {
            (
                format!("{vi}, có xe đưa đón"),
                format!("{en}, with a shuttle"),
            )
        } else {
            (vi, en)
        };
        if opening.accommodation {
            (
                format!("{vi}, có chỗ ở cho người lao động"),
                format!("{en}, housing for workers"),
            )
        } else {
            (vi, en)
        }
    };
    match whereabouts(seeker, opening) {
        Whereabouts::SameCommune => {
            let name = &opening.place.commune_name;
            Some(reason(
                "place",
                format!("Gần nhà: {name}"),
                format!("Close to home: {name}"),
            ))
        }
        Whereabouts::WantedCommune => Some(reason(
            "place",
            "Nơi làm việc mong muốn".to_owned(),
            "A place the worker wants".to_owned(),
        )),
        Whereabouts::Distance {
            km,
            wanted_province,
        } => {
            let (vi, en) = km_in_words(km);
            let reach = reach(seeker, opening, km, wanted_province);
            let (vi, en) = if reach == Reach::BeyondNamed {
                (
                    format!("Ngoài nơi làm việc mong muốn ({vi})"),
                    format!("Outside the places wanted ({en})"),
                )
            } else if reach == Reach::Beyond {
                if seeker.max_commute_km.is_some() {
                    (
                        format!("Xa hơn khoảng cách bạn chọn ({vi})"),
                        format!("Farther than the distance chosen ({en})"),
                    )
                } else {
                    (
                        format!("Xa hơn một chuyến đi làm hằng ngày ({vi})"),
                        format!("Farther than a daily trip to work ({en})"),
                    )
                }
            } else if km < 1.0 {
                (format!("Cách nơi ở {vi}"), format!("{en} from home"))
            } else {
                (
                    format!("Cách nơi ở khoảng {vi}"),
                    format!("About {en} from home"),
                )
            };
            let (vi, en) = shuttle(vi, en);
            Some(reason("place", vi, en))
        }
        Whereabouts::SameProvince { wanted: true } => Some(reason(
            "place",
            "Nơi làm việc mong muốn".to_owned(),
            "A place the worker wants".to_owned(),
        )),
        Whereabouts::SameProvince { wanted: false } => {
            let name = &opening.place.province_name;
            Some(reason(
                "place",
                format!("Cùng tỉnh, thành phố: {name}"),
                format!("Same province: {name}"),
            ))
        }
        Whereabouts::Elsewhere => None,
    }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_distance_curve_passes_through_its_documented_points() {
        for (km, part) in DISTANCE_CURVE {
            assert_eq!(distance_part(km), part, "{km} km");
        }
        assert!((distance_part(15.0) - 0.725).abs() < 1e-6);
        assert_eq!(distance_part(200.0), 0.1);
        assert_eq!(distance_part(1500.0), 0.1);
    }

    #[test]
    fn the_distance_curve_never_rises_with_the_distance() {
        let mut previous = distance_part(0.0);
        for step in 1..=2_000 {
            let part = distance_part(step as f32 * 0.05);
            assert!(part <= previous, "{} km", step as f32 * 0.05);
            assert!((0.0..=1.0).contains(&part));
            previous = part;
        }
    }

    proptest! {
        #[test]
        fn farther_is_never_better(a in 0.0f32..500.0, b in 0.0f32..500.0) {
            let (near, far) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(distance_part(near) >= distance_part(far));
            for shuttle in [false, true] {
                prop_assert!(travelled_km(near, shuttle) <= travelled_km(far, shuttle));
                prop_assert!(travelled_km(far, shuttle) <= far);
            }
        }
    }

    #[test]
    fn a_shuttle_halves_the_trip_saving_at_most_15_km() {
        assert_eq!(travelled_km(20.0, true), 10.0);
        assert_eq!(travelled_km(58.0, true), 43.0);
        assert_eq!(travelled_km(58.0, false), 58.0);
    }

    #[test]
    fn km_are_said_in_whole_numbers() {
        assert_eq!(km_in_words(5.6).0, "6 km");
        assert_eq!(km_in_words(57.7).1, "58 km");
        assert_eq!(km_in_words(0.4).0, "dưới 1 km");
    }
}
