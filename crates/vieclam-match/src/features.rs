//! The matching view of a worker ([`Seeker`]) and of a vacancy
//! ([`Opening`]): what scoring reads, precomputed once — occupation codes
//! as numbers, skills as hashes of their folded form, places as 2025
//! communes and provinces. What a person reads in a reason (skill and
//! place names) is kept beside it.
//!
//! Sex, ethnicity and birth date are not copied here: scoring cannot use
//! what it never sees. Disability and the other priority groups are kept
//! only to add a documented bonus, never to subtract.

use std::sync::Arc;

use vieclam_domain::registry::{
    Language, OccupationCode, PriorityGroup, Qualification, VacancyPosting, WorkHours,
    WorkerProfile, WorkerState,
};
use vieclam_domain::{AdminUnits, UnitKey, UnitStructure};

/// An ISCO-08 unit group as a number: 7212 → 7212, 0110 → 110. Its minor,
/// sub-major and major groups are divisions by 10, 100 and 1000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Occupation(pub u16);

impl Occupation {
    pub fn of(code: &OccupationCode) -> Occupation {
        Occupation(code.as_str().parse().unwrap_or(0))
    }

    pub fn minor(self) -> u16 {
        self.0 / 10
    }

    pub fn sub_major(self) -> u16 {
        self.0 / 100
    }

    pub fn major(self) -> u16 {
        self.0 / 1000
    }

    /// The four digits, as written.
    pub fn code(self) -> String {
        format!("{:04}", self.0)
    }
}

/// Where a person lives or a job is: its 2025 commune and province.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub commune: u32,
    pub province: u16,
    pub commune_name: Arc<str>,
    pub province_name: Arc<str>,
}

impl Place {
    /// The place of a unit key, in the 2025 structure (a legacy unit
    /// through the crosswalk). A province gives commune 0.
    pub fn of(units: &AdminUnits, key: &UnitKey) -> Place {
        let current = match key.structure {
            UnitStructure::TwoTier2025 => units.get(key).ok(),
            UnitStructure::Legacy => units.roll_up_to_2025(key).ok(),
        };
        let province_code = units
            .current_province_code(key)
            .map(|code| code.to_string())
            .unwrap_or_default();
        let province_name = units
            .get(&UnitKey {
                structure: UnitStructure::TwoTier2025,
                code: vieclam_domain::AdminUnitCode::parse(&province_code)
                    .unwrap_or_else(|_| key.code.clone()),
            })
            .map(|unit| unit.name.clone())
            .unwrap_or_default();
        let (commune, commune_name) = match current {
            Some(unit) if unit.code.to_string().len() > 2 => {
                (hash(&unit.key().to_string()), unit.name.clone())
            }
            _ => (0, String::new()),
        };
        Place {
            commune,
            province: province_code.parse().unwrap_or(0),
            commune_name: commune_name.into(),
            province_name: province_name.into(),
        }
    }
}

/// FNV-1a: a stable 32-bit hash for folded words and keys.
pub(crate) fn hash(text: &str) -> u32 {
    let mut state: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        state ^= u32::from(byte);
        state = state.wrapping_mul(0x0100_0193);
    }
    state
}

/// A small sorted set of hashes kept inline, so that scoring a long list
/// of openings reads memory in order instead of chasing pointers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HashSet<const N: usize> {
    len: u8,
    items: [u32; N],
}

impl<const N: usize> Default for HashSet<N> {
    fn default() -> Self {
        HashSet {
            len: 0,
            items: [0; N],
        }
    }
}

impl<const N: usize> HashSet<N> {
    /// The first `N` distinct values of `values`, sorted.
    fn of(mut values: Vec<u32>) -> Self {
        values.sort_unstable();
        values.dedup();
        values.truncate(N);
        let mut set = HashSet::default();
        set.items[..values.len()].copy_from_slice(&values);
        set.len = values.len() as u8;
        set
    }

    pub fn as_slice(&self) -> &[u32] {
        &self.items[..usize::from(self.len)]
    }

    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn contains(&self, value: u32) -> bool {
        self.as_slice().binary_search(&value).is_ok()
    }
}

/// A list of skills as matching reads it: each skill folded and hashed
/// (the first 8), and their words (the first 16); the names as written for
/// the reasons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Skills {
    pub whole: HashSet<8>,
    pub words: HashSet<16>,
    pub names: Box<[Box<str>]>,
}

/// Words too common in skill phrases to say two skills are alike.
const SKILL_STOPWORDS: &[&str] = &["va", "co", "ban", "cac", "su", "dung", "lam", "ky", "nang"];

impl Skills {
    pub fn of(skills: &[String]) -> Skills {
        let mut whole: Vec<u32> = Vec::with_capacity(skills.len());
        let mut words: Vec<u32> = Vec::new();
        for skill in skills {
            let folded = vieclam_text::folded_words(skill);
            if folded.is_empty() {
                continue;
            }
            whole.push(hash(&folded));
            words.extend(
                folded
                    .split(' ')
                    .filter(|word| word.len() > 1 && !SKILL_STOPWORDS.contains(word))
                    .map(hash),
            );
        }
        Skills {
            whole: HashSet::of(whole),
            words: HashSet::of(words),
            names: skills.iter().map(|s| s.as_str().into()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.whole.is_empty()
    }
}

/// How many values two sorted lists share.
pub(crate) fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

pub(crate) fn language_mask(languages: &[Language]) -> u16 {
    languages.iter().fold(0, |mask, language| {
        let index = Language::ALL
            .iter()
            .position(|l| l == language)
            .unwrap_or(0);
        mask | (1 << index)
    })
}

fn qualification_rank(qualification: Qualification) -> u8 {
    Qualification::ALL
        .iter()
        .position(|q| *q == qualification)
        .unwrap_or(0) as u8
}

/// A worker as matching sees them.
#[derive(Clone, Debug, PartialEq)]
pub struct Seeker {
    pub id: i64,
    /// Occupations held or wanted, with years of experience, best first.
    pub occupations: Vec<(Occupation, u8)>,
    pub skills: Skills,
    pub qualification: Qualification,
    pub languages: Vec<Language>,
    pub(crate) language_mask: u16,
    /// The lowest monthly wage wanted, VND.
    pub wage_min: Option<i64>,
    pub home: Place,
    /// Communes and provinces where the worker wants to work.
    pub wanted_places: Vec<Place>,
    pub hours: Option<WorkHours>,
    pub disability: bool,
    /// Priority groups named in the plans (for the configurable boost).
    pub priority_groups: Vec<PriorityGroup>,
    /// May employers see this worker among candidates?
    pub consent: bool,
}

impl Seeker {
    /// The matching view of a registered worker: the occupation wanted
    /// first, then the one held now, then those held before.
    pub fn of(units: &AdminUnits, id: i64, profile: &WorkerProfile, state: &WorkerState) -> Seeker {
        let mut occupations: Vec<(Occupation, u8)> = Vec::new();
        let years_in = |code: &OccupationCode| {
            profile
                .occupations
                .iter()
                .filter(|held| held.code == *code)
                .map(|held| held.years)
                .max()
                .unwrap_or(0)
        };
        let mut push = |code: &OccupationCode| {
            let occupation = Occupation::of(code);
            if !occupations.iter().any(|(o, _)| *o == occupation) {
                occupations.push((occupation, years_in(code)));
            }
        };
        profile.wanted_occupation.iter().for_each(&mut push);
        state.occupation.iter().for_each(&mut push);
        profile.occupations.iter().for_each(|held| push(&held.code));
        Seeker {
            id,
            occupations,
            skills: Skills::of(&profile.skills),
            qualification: profile.qualification,
            language_mask: language_mask(&profile.languages),
            languages: profile.languages.clone(),
            wage_min: profile.wanted_wage.min_vnd,
            home: Place::of(units, &state.residence),
            wanted_places: profile
                .wanted_units
                .iter()
                .map(|unit| Place::of(units, unit))
                .collect(),
            hours: profile.wanted_hours,
            disability: profile.priority_groups.contains(&PriorityGroup::Disability),
            priority_groups: profile.priority_groups.iter().copied().collect(),
            consent: profile.consent_share_with_employers,
        }
    }

    pub(crate) fn qualification_rank(&self) -> u8 {
        qualification_rank(self.qualification)
    }
}

/// A vacancy as matching sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    pub id: i64,
    pub title: Box<str>,
    pub occupation: Option<Occupation>,
    pub skills: Skills,
    pub qualification: Option<Qualification>,
    pub experience_years: u8,
    pub languages: Vec<Language>,
    pub(crate) language_mask: u16,
    pub wage_min: Option<i64>,
    pub wage_max: Option<i64>,
    pub place: Place,
    pub hours: Option<WorkHours>,
    pub disability_friendly: bool,
}

impl Opening {
    pub fn of(units: &AdminUnits, id: i64, posting: &VacancyPosting) -> Opening {
        Opening {
            id,
            title: posting.title.as_str().into(),
            occupation: posting.occupation.as_ref().map(Occupation::of),
            skills: Skills::of(&posting.skills),
            qualification: posting.qualification,
            experience_years: posting.experience_years,
            language_mask: language_mask(&posting.languages),
            languages: posting.languages.clone(),
            wage_min: posting.wage.min_vnd,
            wage_max: posting.wage.max_vnd,
            place: Place::of(units, &posting.work_unit),
            hours: posting.hours,
            disability_friendly: posting.disability_friendly,
        }
    }

    pub(crate) fn qualification_rank(&self) -> u8 {
        self.qualification.map_or(0, qualification_rank)
    }
}
