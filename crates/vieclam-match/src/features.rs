//! The matching view of a worker ([`Seeker`]) and of a vacancy
//! ([`Opening`]): what scoring reads, precomputed once — occupation codes
//! as numbers, skills as hashes of their folded form, places as 2025
//! communes and provinces with a centroid for distances. What a person
//! reads in a reason (skill and place names) is kept beside it.
//!
//! Sex, ethnicity and birth date are not copied here: scoring cannot use
//! what it never sees. Disability and the other priority groups are kept
//! only to add a documented bonus, never to subtract.

use std::sync::Arc;

use vieclam_domain::registry::{
    Language, OccupationCode, PriorityGroup, Qualification, VacancyPosting, WorkHours,
    WorkerProfile, WorkerState,
};
use vieclam_domain::{AdminUnits, UnitKey, UnitLevel, UnitStructure};

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

/// A commune's centroid, ready for distances: latitude and longitude in
/// radians and the cosine of the latitude, computed once when the matching
/// form is built so that scoring does no trigonometry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Centroid {
    lat: f32,
    lon: f32,
    cos_lat: f32,
}

/// The mean Earth radius (IUGG), km.
const EARTH_RADIUS_KM: f32 = 6371.0;

impl Centroid {
    /// From degrees, as the unit files give them.
    pub fn from_degrees(lat: f64, lon: f64) -> Centroid {
        let (lat, lon) = (lat.to_radians(), lon.to_radians());
        Centroid {
            lat: lat as f32,
            lon: lon as f32,
            cos_lat: lat.cos() as f32,
        }
    }

    /// The distance to `other` in km, by the equirectangular approximation
    /// with the mean of the two latitudes' cosines: no trigonometry at
    /// scoring time, and within 0.01 % of the great-circle (haversine)
    /// distance under 200 km and 0.2 % across Vietnam (a test checks it
    /// against haversine) — far finer than a commune's size.
    #[inline]
    pub fn distance_km(self, other: Centroid) -> f32 {
        let x = (other.lon - self.lon) * 0.5 * (self.cos_lat + other.cos_lat);
        let y = other.lat - self.lat;
        EARTH_RADIUS_KM * (x * x + y * y).sqrt()
    }
}

/// Where a person lives or a job is: its 2025 commune and province, and the
/// centroid of the most precise commune known (the legacy commune itself
/// when the place was recorded in the old structure).
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub commune: u32,
    pub province: u16,
    /// `None` for a province, or a unit the files give no centroid.
    pub centroid: Option<Centroid>,
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
        let centroid = units
            .get(key)
            .ok()
            .and_then(|unit| unit.centroid())
            .or_else(|| current.and_then(|unit| unit.centroid()))
            .map(|(lat, lon)| Centroid::from_degrees(lat, lon));
        Place {
            commune,
            province: province_code.parse().unwrap_or(0),
            centroid,
            commune_name: commune_name.into(),
            province_name: province_name.into(),
        }
    }

    /// The distance between two places in km, when both centroids are known.
    #[inline]
    pub fn distance_km(&self, other: &Place) -> Option<f32> {
        Some(self.centroid?.distance_km(other.centroid?))
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
    /// Every unit group related to one of `occupations`
    /// (`related::related_to`), sorted: scoring looks a relation up only
    /// for these, and most openings are none of them.
    pub related: Box<[u16]>,
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
    /// The longest trip to work the worker accepts, km
    /// (`WorkerProfile::commute_limit_km`: stated, or "việc gần nhà").
    pub max_commute_km: Option<f32>,
    /// The trip to the farthest commune the worker named as wanted, km
    /// (`named_places_reach`): what they accept unless an employer houses
    /// them.
    pub named_reach_km: Option<f32>,
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
        // The wanted occupations in the worker's order, then the sets of
        // their broad wishes ("any factory work").
        profile.wanted_occupation_codes().iter().for_each(&mut push);
        state.occupation.iter().for_each(&mut push);
        profile.occupations.iter().for_each(|held| push(&held.code));
        let home = Place::of(units, &state.residence);
        let wanted_places = wanted_places(units, &profile.wanted_units);
        let named_reach_km = named_places_reach(&home, &wanted_places);
        let related = related_codes(&occupations);
        Seeker {
            id,
            occupations,
            related,
            skills: Skills::of(&profile.skills),
            qualification: profile.qualification,
            language_mask: language_mask(&profile.languages),
            languages: profile.languages.clone(),
            // An hourly or daily wage wanted, as a month's.
            wage_min: profile.wanted_wage_monthly().min_vnd,
            home,
            wanted_places,
            hours: profile.wanted_hours,
            disability: profile.priority_groups.contains(&PriorityGroup::Disability),
            priority_groups: profile.priority_groups.iter().copied().collect(),
            consent: profile.consent_share_with_employers,
            max_commute_km: profile.commute_limit_km().map(f32::from),
            named_reach_km,
        }
    }

    pub(crate) fn qualification_rank(&self) -> u8 {
        qualification_rank(self.qualification)
    }
}

/// The unit groups related to any of `occupations`, sorted, each once.
pub(crate) fn related_codes(occupations: &[(Occupation, u8)]) -> Box<[u16]> {
    let mut codes: Vec<u16> = occupations
        .iter()
        .flat_map(|(occupation, _)| crate::related::related_to(*occupation).iter().copied())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes.into_boxed_slice()
}

/// The trip a worker who names where they want to work ("Chương Mỹ, Quốc
/// Oai") accepts: as far as the farthest commune named, and never less
/// than a trip near home (`NEAR_HOME_KM`). `None` when a whole province is
/// named (anywhere in it will do) or no commune with a centroid is.
fn named_places_reach(home: &Place, wanted: &[Place]) -> Option<f32> {
    if wanted.iter().any(|place| place.commune == 0) {
        return None;
    }
    wanted
        .iter()
        .filter_map(|place| home.distance_km(place))
        .reduce(f32::max)
        .map(|km| km.max(f32::from(vieclam_domain::registry::NEAR_HOME_KM)))
}

/// The places a worker asked for: a commune or a province as it is, a
/// district ("Chương Mỹ, Quốc Oai") as every commune it covers, each place
/// once.
fn wanted_places(units: &AdminUnits, wanted: &[UnitKey]) -> Vec<Place> {
    let mut places: Vec<Place> = Vec::new();
    for unit in wanted {
        let is_district = units
            .get(unit)
            .is_ok_and(|found| found.level == UnitLevel::District);
        let keys = if is_district {
            units.communes_covered_by(unit)
        } else {
            vec![unit.clone()]
        };
        for key in keys {
            let place = Place::of(units, &key);
            if !places
                .iter()
                .any(|known| known.commune == place.commune && known.province == place.province)
            {
                places.push(place);
            }
        }
    }
    places
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
    /// Does the employer run a shuttle (xe đưa đón)? It makes a long trip
    /// easier (see `score`). Read from the title and description.
    pub shuttle: bool,
    /// Untrained workers accepted ("nhận lao động chưa qua đào tạo",
    /// "không yêu cầu kinh nghiệm"), read from the text: the qualification
    /// and experience asked do not hold a worker back.
    pub untrained_accepted: bool,
    /// The employer trains ("được đào tạo", "đào tạo tại chỗ"), read from
    /// the text: a trade reachable with short training counts more.
    pub training_given: bool,
    /// The employer houses its workers (ký túc xá, bao ăn ở), read from the
    /// text: a far vacancy is a move, not a daily trip.
    pub accommodation: bool,
}

impl Opening {
    pub fn of(units: &AdminUnits, id: i64, posting: &VacancyPosting) -> Opening {
        // What the ad says in words (never its age or sex limits: those
        // are flagged for the exchange, not scored).
        let said = vieclam_classify::read_conditions(
            posting.title.as_str(),
            posting.description.as_deref().unwrap_or(""),
        );
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
            shuttle: said.shuttle,
            untrained_accepted: said.untrained_accepted,
            training_given: said.training_given,
            accommodation: said.accommodation,
        }
    }

    pub(crate) fn qualification_rank(&self) -> u8 {
        self.qualification.map_or(0, qualification_rank)
    }

    /// An ad for entry work that takes untrained workers: open to a worker
    /// of any entry work (see `score`).
    pub fn entry_ad(&self) -> bool {
        self.untrained_accepted && self.occupation.is_some_and(crate::score::entry_work)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The great-circle distance by the haversine formula, in f64.
    fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
        let (lat_a, lat_b) = (a.0.to_radians(), b.0.to_radians());
        let d_lat = lat_b - lat_a;
        let d_lon = (b.1 - a.1).to_radians();
        let h =
            (d_lat / 2.0).sin().powi(2) + lat_a.cos() * lat_b.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * f64::from(EARTH_RADIUS_KM) * h.sqrt().asin()
    }

    #[test]
    fn the_equirectangular_distance_is_the_great_circle_one_to_a_fraction() {
        let units = AdminUnits::embedded().unwrap();
        let centroids: Vec<(f64, f64)> = units
            .all()
            .iter()
            .filter(|unit| unit.structure == UnitStructure::TwoTier2025)
            .filter_map(|unit| unit.centroid())
            .collect();
        assert!(centroids.len() > 3000);
        // Every 7th commune against every 11th: pairs near and across the
        // country.
        for &a in centroids.iter().step_by(7) {
            for &b in centroids.iter().step_by(11) {
                let exact = haversine_km(a, b);
                let fast = f64::from(
                    Centroid::from_degrees(a.0, a.1).distance_km(Centroid::from_degrees(b.0, b.1)),
                );
                let allowed = if exact < 200.0 { 0.0001 } else { 0.002 };
                assert!(
                    (fast - exact).abs() <= allowed * exact + 0.01,
                    "{a:?} {b:?}: {fast} km, haversine {exact} km"
                );
            }
        }
    }

    #[test]
    fn a_place_keeps_the_centroid_of_its_most_precise_commune() {
        let units = AdminUnits::embedded().unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let place = |code: &str| Place::of(&units, &UnitKey::parse(code, date).unwrap());
        let hoa_xa = place("2025:10417");
        assert_eq!(
            hoa_xa.centroid,
            Some(Centroid::from_degrees(20.6673, 105.79))
        );
        // A legacy commune keeps its own centroid, finer than its 2025 one.
        let phuc_xa = place("legacy:00001");
        assert_eq!(
            phuc_xa.centroid,
            Some(Centroid::from_degrees(21.046798, 105.848112))
        );
        assert_eq!(phuc_xa.commune, place("2025:00097").commune);
        assert_ne!(phuc_xa.centroid, place("2025:00097").centroid);
        // A province has none: scoring falls back to the structure.
        assert_eq!(place("2025:01").centroid, None);
        let km = hoa_xa.distance_km(&place("2025:10354")).unwrap();
        assert!((km - 6.0).abs() < 0.1, "{km}");
    }
}
