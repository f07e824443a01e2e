//! A deterministic generator of a realistic Vietnamese city: workers,
//! employers, vacancies and three years of labour events on the real
//! administrative units.
//!
//! Every record is drawn from its own random stream (the seed and the
//! record's index), so a record does not depend on how the city is cut into
//! batches: the millionth worker is the same whether the city is written in
//! one piece or in a thousand. The proportions — the age pyramid, the
//! qualification mix, occupations, industries, wages, names, priority
//! groups — follow published figures for Hanoi and Vietnam (GSO Labour Force
//! Survey; the plans in `shared/seeds`) closely enough to look right, and
//! are stated where they are drawn.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vieclam_domain::registry::{
    occupations, CitizenId, ContractType, Country, Email, EmployerKind, EmployerProfile,
    EmploymentStatus, EthnicGroup, EventKind, EventSource, GeneralEducation, IndustryCode, ItSkill,
    LabourEvent, Language, OccupationCode, OccupationExperience, PersonName, PhoneNumber,
    PriorityGroup, Qualification, Sex, SizeBand, SocialInsurance, TaxCode, VacancyPosting,
    VacancyStatus, WageRange, WorkHours, WorkerProfile, CITIZEN_ID_PROVINCES,
};
use vieclam_domain::{AdminUnitCode, AdminUnits, UnitKey, UnitLevel, UnitStructure};

const TITLES_CSV: &str = include_str!("../../../data/occupations/titles-vi.csv");
const SKILLS_CSV: &str = include_str!("../../../data/occupations/skills-vi.csv");

/// How big a city to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CitySize {
    pub n_workers: u64,
    pub n_employers: u64,
    pub n_vacancies: u64,
}

impl CitySize {
    /// About 10,000 workers: for tests. Its 12,000 vacancies span three
    /// years, so that several hundred are open now.
    pub const SMALL: CitySize = CitySize {
        n_workers: 10_000,
        n_employers: 1_000,
        n_vacancies: 12_000,
    };
    /// About 200,000 workers, 20,000 employers, 50,000 vacancies.
    pub const DEFAULT: CitySize = CitySize {
        n_workers: 200_000,
        n_employers: 20_000,
        n_vacancies: 50_000,
    };
    /// Hanoi's labour force: 4,000,000 workers.
    pub const CITY: CitySize = CitySize {
        n_workers: 4_000_000,
        n_employers: 300_000,
        n_vacancies: 1_000_000,
    };
}

/// A generated worker: the profile, the day they entered the register, and
/// what happened to them since.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratedWorker {
    pub profile: WorkerProfile,
    pub registered_on: NaiveDate,
    pub events: Vec<LabourEvent>,
}

/// A generated vacancy with the tax code of its employer (the store's
/// employer id is unknown until the employer is written).
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratedVacancy {
    pub employer_tax_code: TaxCode,
    pub posting: VacancyPosting,
    /// The day it was opened, in the last three years (see
    /// [`CityGenerator::vacancy`]).
    pub opened_on: NaiveDate,
}

/// How much more hiring a month of the year sees than the average: low
/// before Tết (January), the year's peak after it (February–March), a
/// second wave before the autumn orders (August–September), quieter at the
/// year's end.
const HIRING_SEASON: [u32; 12] = [60, 160, 140, 100, 90, 90, 90, 120, 120, 100, 90, 80];

/// Months of vacancy history the demo keeps.
const HISTORY_MONTHS: i32 = 36;

/// The generator: the seed, the city's units, and the tables it draws from.
pub struct CityGenerator {
    seed: u64,
    province: AdminUnitCode,
    communes: Vec<UnitKey>,
    /// The legacy communes whose data rolls up into each 2025 commune: a
    /// worker recorded before 1 July 2025 lives in one of them, in the
    /// structure then in force.
    predecessors: std::collections::HashMap<UnitKey, Vec<UnitKey>>,
    today: NaiveDate,
    /// Unit groups by major group, with their titles and skills.
    unit_groups: Vec<Vec<UnitGroup>>,
    industry_classes: Vec<(char, String)>,
}

struct UnitGroup {
    code: OccupationCode,
    titles: Vec<String>,
    skills: Vec<String>,
}

/// Occupational major groups 0–9 of the employed in Hanoi, in per mille
/// (GSO Labour Force Survey, Hanoi, 2023, rounded).
const MAJOR_GROUP_WEIGHTS: [u32; 10] = [5, 25, 170, 80, 60, 230, 70, 150, 110, 100];

/// Five-year age bands from 15 to 64, in per mille of the labour force.
const AGE_BANDS: [(i32, u32); 10] = [
    (15, 40),
    (20, 95),
    (25, 125),
    (30, 135),
    (35, 130),
    (40, 120),
    (45, 110),
    (50, 95),
    (55, 85),
    (60, 65),
];

/// Family names of Vietnam, per mille.
const FAMILY_NAMES: [(&str, u32); 16] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Phan", 45),
    ("Vũ", 40),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Trịnh", 6),
];
const MIDDLE_NAMES_MALE: [&str; 12] = [
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Tiến", "Mạnh", "Ngọc", "Trọng",
];
const MIDDLE_NAMES_FEMALE: [&str; 12] = [
    "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Mai", "Thùy", "Lan", "Kim", "Bích",
];
const GIVEN_NAMES_MALE: [&str; 30] = [
    "Anh", "Hùng", "Dũng", "Minh", "Tuấn", "Hải", "Nam", "Long", "Hoàng", "Đức", "Thắng", "Sơn",
    "Trung", "Phong", "Quân", "Khoa", "Bình", "Cường", "Hiếu", "Huy", "Tùng", "Việt", "Thành",
    "Tâm", "Lâm", "Kiên", "Vinh", "Quý", "Thịnh", "Hưng",
];
const GIVEN_NAMES_FEMALE: [&str; 30] = [
    "Hương", "Lan", "Linh", "Trang", "Hà", "Thảo", "Ngọc", "Huyền", "Phương", "Mai", "Hoa", "Hằng",
    "Nhung", "Thủy", "Yến", "Vân", "Loan", "Nga", "Dung", "Anh", "Chi", "Oanh", "Giang", "Hạnh",
    "My", "Quỳnh", "Trâm", "Hiền", "Ly", "Thu",
];
const COMPANY_WORDS: [&str; 16] = [
    "Thương mại",
    "Dịch vụ",
    "Xây dựng",
    "Công nghệ",
    "May mặc",
    "Cơ khí",
    "Thực phẩm",
    "Vận tải",
    "Điện tử",
    "Du lịch",
    "Đầu tư",
    "Sản xuất",
    "Giáo dục",
    "Y tế",
    "Nội thất",
    "Môi trường",
];
const COMPANY_NAMES: [&str; 24] = [
    "Hoàng Long",
    "Minh Phát",
    "An Khang",
    "Thành Công",
    "Việt Hưng",
    "Hà Thành",
    "Đại Phát",
    "Thăng Long",
    "Phú Gia",
    "Hồng Hà",
    "Sông Đà",
    "Bình Minh",
    "Tân Tiến",
    "Hưng Thịnh",
    "Kim Long",
    "Trường An",
    "Phúc Lộc",
    "Nam Việt",
    "Đông Đô",
    "Hòa Bình",
    "Ánh Dương",
    "Thịnh Vượng",
    "Tràng An",
    "Ba Vì",
];

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, weight)| weight).sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for (item, weight) in items {
        if pick < *weight {
            return item;
        }
        pick -= weight;
    }
    &items[items.len() - 1].0
}

fn chance(rng: &mut ChaCha8Rng, per_mille: u32) -> bool {
    rng.gen_range(0..1000) < per_mille
}

impl CityGenerator {
    /// A generator for the 2025 province `province_code` (Hanoi is "01"),
    /// as of `today`.
    pub fn new(
        seed: u64,
        units: &AdminUnits,
        province_code: &str,
        today: NaiveDate,
    ) -> Option<CityGenerator> {
        let province = AdminUnitCode::parse(province_code).ok()?;
        let communes: Vec<UnitKey> = units
            .all()
            .iter()
            .filter(|unit| {
                unit.structure == UnitStructure::TwoTier2025
                    && unit.level == UnitLevel::Commune
                    && unit.province_code == province
            })
            .map(|unit| unit.key())
            .collect();
        if communes.is_empty() {
            return None;
        }
        let mut unit_groups: Vec<Vec<UnitGroup>> = (0..10).map(|_| Vec::new()).collect();
        let read = |text: &str| -> Vec<(String, String)> {
            csv::Reader::from_reader(text.as_bytes())
                .records()
                .flatten()
                .map(|record| (record[0].to_owned(), record[1].to_owned()))
                .collect()
        };
        let titles = read(TITLES_CSV);
        let skills = read(SKILLS_CSV);
        for entry in occupations().at_level("unit") {
            let Ok(code) = OccupationCode::parse(&entry.code) else {
                continue;
            };
            let major = usize::from(entry.code.as_bytes()[0] - b'0');
            unit_groups[major].push(UnitGroup {
                titles: titles
                    .iter()
                    .filter(|(c, _)| *c == entry.code)
                    .map(|(_, t)| t.clone())
                    .collect(),
                skills: skills
                    .iter()
                    .filter(|(c, _)| *c == entry.code)
                    .map(|(_, s)| s.clone())
                    .collect(),
                code,
            });
        }
        let industry_classes = vieclam_domain::registry::industries()
            .at_level("class")
            .filter_map(|entry| {
                let code = IndustryCode::parse(&entry.code).ok()?;
                let section = code.section()?.chars().next()?;
                Some((section, entry.code.clone()))
            })
            .collect();
        let mut predecessors: std::collections::HashMap<UnitKey, Vec<UnitKey>> =
            std::collections::HashMap::new();
        for link in units.crosswalk() {
            if !link.relation.is_roll_up() {
                continue;
            }
            let legacy = UnitKey {
                structure: UnitStructure::Legacy,
                code: link.legacy_code.clone(),
            };
            let is_commune = units
                .get(&legacy)
                .is_ok_and(|unit| unit.level == UnitLevel::Commune);
            let new = UnitKey {
                structure: UnitStructure::TwoTier2025,
                code: link.code_2025.clone(),
            };
            if is_commune && communes.contains(&new) {
                predecessors.entry(new).or_default().push(legacy);
            }
        }
        for list in predecessors.values_mut() {
            list.sort();
        }
        Some(CityGenerator {
            seed,
            province,
            communes,
            predecessors,
            today,
            unit_groups,
            industry_classes,
        })
    }

    /// The unit of `commune` (a 2025 commune) as recorded on `date`: before
    /// the reform, one of the legacy communes that rolled up into it
    /// (chosen by `pick`), else the 2025 commune itself.
    fn as_recorded(&self, commune: UnitKey, date: NaiveDate, pick: u64) -> UnitKey {
        let reform = UnitStructure::TwoTier2025
            .valid_from()
            .unwrap_or(NaiveDate::MIN);
        match self.predecessors.get(&commune) {
            Some(legacy) if date < reform && !legacy.is_empty() => {
                legacy[(pick % legacy.len() as u64) as usize].clone()
            }
            _ => commune,
        }
    }

    fn rng(&self, stream: u64, index: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(stream);
        rng.set_word_pos(u128::from(index) * 1024);
        rng
    }

    fn commune(&self, rng: &mut ChaCha8Rng) -> UnitKey {
        self.communes
            .choose(rng)
            .cloned()
            .unwrap_or_else(|| self.communes[0].clone())
    }

    fn unit_group(&self, rng: &mut ChaCha8Rng) -> &UnitGroup {
        let majors: Vec<(usize, u32)> = MAJOR_GROUP_WEIGHTS.iter().copied().enumerate().collect();
        let major = *weighted(rng, &majors);
        let groups = &self.unit_groups[major];
        &groups[rng.gen_range(0..groups.len())]
    }

    fn qualification_for(rng: &mut ChaCha8Rng, major: u8) -> Qualification {
        use Qualification::*;
        let mix: &[(Qualification, u32)] = match major {
            1 | 2 => &[(University, 780), (Postgraduate, 170), (College, 50)],
            3 => &[
                (College, 350),
                (Intermediate, 300),
                (University, 300),
                (Elementary, 50),
            ],
            4 | 5 => &[
                (None, 420),
                (Elementary, 90),
                (Intermediate, 150),
                (College, 120),
                (University, 220),
            ],
            _ => &[
                (None, 640),
                (Elementary, 170),
                (Intermediate, 140),
                (College, 40),
                (University, 10),
            ],
        };
        *weighted(rng, mix)
    }

    fn wage_for(rng: &mut ChaCha8Rng, qualification: Qualification) -> WageRange {
        let (low, high) = match qualification {
            Qualification::None => (5, 9),
            Qualification::Elementary => (6, 10),
            Qualification::Intermediate => (7, 12),
            Qualification::College => (8, 14),
            Qualification::University => (10, 25),
            Qualification::Postgraduate => (18, 40),
        };
        let min = rng.gen_range(low..=high);
        let max = min + rng.gen_range(1..=4);
        WageRange {
            min_vnd: Some(min * 1_000_000),
            max_vnd: Some(max * 1_000_000),
        }
    }

    /// The `index`-th worker of the city.
    pub fn worker(&self, index: u64) -> GeneratedWorker {
        let mut rng = self.rng(1, index);
        let rng = &mut rng;
        let sex = if chance(rng, 485) {
            Sex::Female
        } else {
            Sex::Male
        };
        let band_start = *weighted(rng, &AGE_BANDS);
        let age = band_start + rng.gen_range(0..5);
        let birth_year = self.today.year() - age - 1;
        let birth_date =
            NaiveDate::from_ymd_opt(birth_year, rng.gen_range(1..=12), rng.gen_range(1..=28))
                .unwrap_or(NaiveDate::MIN);
        let province = if chance(rng, 800) {
            "001"
        } else {
            CITIZEN_ID_PROVINCES[rng.gen_range(0..CITIZEN_ID_PROVINCES.len())]
        };
        // Serials are the worker's index, so citizen IDs are unique.
        let citizen_id = CitizenId::compose(province, sex, birth_year, (index % 1_000_000) as u32)
            .filter(|_| index < 1_000_000)
            .or_else(|| {
                let province =
                    CITIZEN_ID_PROVINCES[(index / 1_000_000) as usize % CITIZEN_ID_PROVINCES.len()];
                CitizenId::compose(province, sex, birth_year, (index % 1_000_000) as u32)
            });
        let family = *weighted(rng, &FAMILY_NAMES);
        let (middle, given) = match sex {
            Sex::Male => (MIDDLE_NAMES_MALE.choose(rng), GIVEN_NAMES_MALE.choose(rng)),
            Sex::Female => (
                MIDDLE_NAMES_FEMALE.choose(rng),
                GIVEN_NAMES_FEMALE.choose(rng),
            ),
        };
        let full_name = PersonName::parse(&format!(
            "{family} {} {}",
            middle.copied().unwrap_or("Văn"),
            given.copied().unwrap_or("An")
        ))
        .unwrap_or_else(|_| PersonName::parse("Nguyễn Văn An").expect("a valid name"));
        let ethnicity = *weighted(
            rng,
            &[
                ("01", 9850),
                ("06", 70),
                ("02", 30),
                ("03", 20),
                ("09", 10),
                ("07", 10),
                ("04", 10),
            ],
        );
        let ethnicity = EthnicGroup::parse(ethnicity).ok();
        let group = self.unit_group(rng);
        let major = group.code.as_str().as_bytes()[0] - b'0';
        let qualification = Self::qualification_for(rng, major);
        let years = (age - 18).clamp(0, 30) as u8;
        let mut occupations = vec![OccupationExperience {
            code: group.code.clone(),
            years: rng.gen_range(0..=years),
        }];
        if chance(rng, 200) {
            let second = self.unit_group(rng);
            if second.code != group.code {
                occupations.push(OccupationExperience {
                    code: second.code.clone(),
                    years: rng.gen_range(0..=3),
                });
            }
        }
        let mut skills: Vec<String> = group.skills.choose_multiple(rng, 3).cloned().collect();
        skills.sort();
        let mut languages = Vec::new();
        let english = match qualification {
            Qualification::University | Qualification::Postgraduate => 600,
            Qualification::College => 300,
            _ => 80,
        };
        if chance(rng, english) {
            languages.push(Language::English);
        }
        for language in [Language::Japanese, Language::Korean, Language::Chinese] {
            if chance(rng, 20) {
                languages.push(language);
            }
        }
        let status = *weighted(
            rng,
            &[
                (EmploymentStatus::Employed, 700),
                (EmploymentStatus::Unemployed, 80),
                (EmploymentStatus::OutOfLabourForce, 180),
                (EmploymentStatus::Abroad, 40),
            ],
        );
        let mut priority_groups = BTreeSet::new();
        for (group, per_mille) in [
            (PriorityGroup::Disability, 30),
            (PriorityGroup::PoorHousehold, 20),
            (PriorityGroup::NearPoorHousehold, 25),
            (PriorityGroup::LandRecovered, 30),
            (
                PriorityGroup::Demobilised,
                if sex == Sex::Male { 40 } else { 2 },
            ),
            (PriorityGroup::PostRehabilitation, 3),
            (PriorityGroup::ReleasedPrisoner, 2),
        ] {
            if chance(rng, per_mille) {
                priority_groups.insert(group);
            }
        }
        if ethnicity.as_ref().is_some_and(EthnicGroup::is_minority) {
            priority_groups.insert(PriorityGroup::EthnicMinority);
        }
        if (21..=26).contains(&age) && qualification >= Qualification::College && chance(rng, 400) {
            priority_groups.insert(PriorityGroup::Graduate);
        }
        let employed = status == EmploymentStatus::Employed;
        let social_insurance = if employed && chance(rng, 600) {
            SocialInsurance::Compulsory
        } else if chance(rng, 60) {
            SocialInsurance::Voluntary
        } else {
            SocialInsurance::None
        };
        let residence = self.commune(rng);
        let phone = PhoneNumber::parse(&format!(
            "0{}{:08}",
            ['3', '5', '7', '8', '9'][rng.gen_range(0..5)],
            rng.gen_range(0..100_000_000_u32)
        ))
        .ok();
        let email = if chance(rng, 350) {
            Email::parse(&format!("nld{index}@example.vn")).ok()
        } else {
            None
        };
        let registered_on = self.today - Duration::days(rng.gen_range(45..=3 * 365));
        let residence = self.as_recorded(residence, registered_on, index);
        let profile = WorkerProfile {
            citizen_id,
            full_name,
            birth_date,
            sex,
            ethnicity,
            residence: residence.clone(),
            phone,
            email,
            general_education: Some(
                if qualification >= Qualification::Intermediate || chance(rng, 700) {
                    GeneralEducation::UpperSecondary
                } else {
                    GeneralEducation::LowerSecondary
                },
            ),
            qualification,
            qualification_field: (qualification != Qualification::None)
                .then(|| occupations_name(&group.code)),
            certificates: Vec::new(),
            occupations,
            skills,
            languages,
            it_skill: Some(match qualification {
                Qualification::University | Qualification::Postgraduate => ItSkill::Advanced,
                Qualification::None if chance(rng, 500) => ItSkill::None,
                _ => ItSkill::Basic,
            }),
            wanted_occupation: Some(group.code.clone()),
            wanted_wage: Self::wage_for(rng, qualification),
            wanted_units: vec![UnitKey {
                structure: UnitStructure::TwoTier2025,
                code: self.province.clone(),
            }],
            wanted_occupations: Vec::new(),
            broad_wishes: Default::default(),
            wanted_wage_period: Default::default(),
            abroad: None,
            disability: None,
            counsellor_note: None,
            max_commute_km: None,
            wanted_hours: Some(*weighted(
                rng,
                &[
                    (WorkHours::FullTime, 750),
                    (WorkHours::Shifts, 150),
                    (WorkHours::PartTime, 70),
                    (WorkHours::Flexible, 30),
                ],
            )),
            employment_status: status,
            priority_groups,
            social_insurance,
            unemployment_insurance: social_insurance == SocialInsurance::Compulsory,
            health_insurance: chance(rng, 920),
            consent_share_with_employers: chance(rng, 650),
            consent_receive_messages: chance(rng, 550),
        };
        let events = self.events(rng, &profile, registered_on);
        GeneratedWorker {
            profile,
            registered_on,
            events,
        }
    }

    /// Up to three events after registration: jobs found and lost, moves,
    /// training, work abroad and returns.
    fn events(
        &self,
        rng: &mut ChaCha8Rng,
        profile: &WorkerProfile,
        registered_on: NaiveDate,
    ) -> Vec<LabourEvent> {
        let mut events = Vec::new();
        let mut status = profile.employment_status;
        let mut day = registered_on;
        for _ in 0..rng.gen_range(0..=3) {
            let days_left = (self.today - day).num_days();
            if days_left < 30 {
                break;
            }
            day += Duration::days(rng.gen_range(30..=days_left.min(400)));
            let kind = match status {
                EmploymentStatus::Employed => *weighted(
                    rng,
                    &[
                        (EventKind::LostJob, 50),
                        (EventKind::Trained, 20),
                        (EventKind::Moved, 15),
                        (EventKind::WentAbroad, 10),
                        (EventKind::LeftLabourForce, 5),
                    ],
                ),
                EmploymentStatus::Unemployed => *weighted(
                    rng,
                    &[
                        (EventKind::Employed, 70),
                        (EventKind::Trained, 20),
                        (EventKind::WentAbroad, 10),
                    ],
                ),
                EmploymentStatus::OutOfLabourForce => {
                    *weighted(rng, &[(EventKind::Employed, 60), (EventKind::Trained, 40)])
                }
                EmploymentStatus::Abroad => EventKind::Returned,
            };
            let mut event = LabourEvent {
                date: day,
                kind,
                source: *weighted(
                    rng,
                    &[
                        (EventSource::UnitSurvey, 50),
                        (EventSource::Exchange, 25),
                        (EventSource::Insurance, 15),
                        (EventSource::Employer, 10),
                    ],
                ),
                status: None,
                unit: None,
                employer_id: None,
                occupation: None,
                country: None,
                detail: None,
                session_id: None,
                vacancy_id: None,
            };
            match kind {
                EventKind::Employed => {
                    status = EmploymentStatus::Employed;
                    event.occupation = profile.occupations.first().map(|o| o.code.clone());
                }
                EventKind::LostJob | EventKind::Returned => status = EmploymentStatus::Unemployed,
                EventKind::LeftLabourForce => status = EmploymentStatus::OutOfLabourForce,
                EventKind::WentAbroad => {
                    status = EmploymentStatus::Abroad;
                    event.country = Some(*weighted(
                        rng,
                        &[
                            (Country::Japan, 55),
                            (Country::Taiwan, 25),
                            (Country::Korea, 12),
                            (Country::Germany, 5),
                            (Country::Romania, 3),
                        ],
                    ));
                }
                EventKind::Moved => {
                    let commune = self.commune(rng);
                    let pick = u64::try_from(day.num_days_from_ce()).unwrap_or(0);
                    event.unit = Some(self.as_recorded(commune, day, pick));
                }
                EventKind::Trained => {
                    event.detail = Some(format!(
                        "Khóa đào tạo nghề {}",
                        occupations_name(&profile.occupations[0].code)
                    ));
                }
                EventKind::Certified | EventKind::Registered => {}
            }
            events.push(event);
        }
        events
    }

    /// The tax code of the `index`-th employer: "01" (Hanoi's prefix), a
    /// serial, and the check digit.
    pub fn tax_code(index: u64) -> TaxCode {
        let mut serial = index * 11;
        loop {
            let nine = format!("01{:07}", serial % 10_000_000);
            let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
            if let Some(check) = TaxCode::check_digit(&digits) {
                if let Ok(code) = TaxCode::parse(&format!("{nine}{check}")) {
                    return code;
                }
            }
            serial += 1;
        }
    }

    /// The `index`-th employer of the city.
    pub fn employer(&self, index: u64) -> EmployerProfile {
        let mut rng = self.rng(2, index);
        let rng = &mut rng;
        let kind = *weighted(
            rng,
            &[
                (EmployerKind::Company, 700),
                (EmployerKind::HouseholdBusiness, 220),
                (EmployerKind::Cooperative, 30),
                (EmployerKind::PublicBody, 50),
            ],
        );
        let section = *weighted(
            rng,
            &[
                ('G', 300),
                ('C', 180),
                ('F', 120),
                ('I', 80),
                ('H', 70),
                ('M', 60),
                ('J', 50),
                ('N', 40),
                ('P', 30),
                ('A', 30),
                ('K', 20),
                ('Q', 20),
            ],
        );
        let classes: Vec<&String> = self
            .industry_classes
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, c)| c)
            .collect();
        let industry = classes
            .choose(rng)
            .and_then(|code| IndustryCode::parse(code).ok());
        let word = COMPANY_WORDS.choose(rng).copied().unwrap_or("Dịch vụ");
        let brand = COMPANY_NAMES.choose(rng).copied().unwrap_or("Hoàng Long");
        let name = match kind {
            EmployerKind::Company => {
                let form = if chance(rng, 600) {
                    "Công ty TNHH"
                } else {
                    "Công ty Cổ phần"
                };
                format!("{form} {word} {brand} {}", index + 1)
            }
            EmployerKind::HouseholdBusiness => format!("Hộ kinh doanh {brand} {}", index + 1),
            EmployerKind::Cooperative => format!("Hợp tác xã {word} {brand} {}", index + 1),
            EmployerKind::PublicBody => format!("Trung tâm {word} {brand} {}", index + 1),
        };
        let size = match kind {
            EmployerKind::HouseholdBusiness => SizeBand::Micro,
            _ => *weighted(
                rng,
                &[
                    (SizeBand::Micro, 450),
                    (SizeBand::Small, 350),
                    (SizeBand::Medium, 130),
                    (SizeBand::Large, 55),
                    (SizeBand::VeryLarge, 15),
                ],
            ),
        };
        EmployerProfile {
            tax_code: Some(Self::tax_code(index)),
            name,
            kind,
            industry,
            size: Some(size),
            address_unit: self.commune(rng),
            address_line: Some(format!(
                "Số {} đường số {}",
                rng.gen_range(1..300),
                rng.gen_range(1..60)
            )),
            contact_name: PersonName::parse(&format!(
                "{} {} {}",
                weighted(rng, &FAMILY_NAMES),
                MIDDLE_NAMES_FEMALE.choose(rng).copied().unwrap_or("Thị"),
                GIVEN_NAMES_FEMALE.choose(rng).copied().unwrap_or("Lan")
            ))
            .ok(),
            contact_phone: PhoneNumber::parse(&format!(
                "024{:08}",
                rng.gen_range(0..100_000_000_u32)
            ))
            .ok(),
            contact_email: Email::parse(&format!("tuyendung{index}@example.vn")).ok(),
        }
    }

    /// The day a vacancy of `group` posted by the `employer_index`-th
    /// employer was opened: a month of the last three years (this one
    /// included, up to today) by [`HIRING_SEASON`] and a growth of about
    /// 18 % a year, with the shifts described at [`CityGenerator::vacancy`],
    /// then a day of it.
    fn opened_on(
        &self,
        rng: &mut ChaCha8Rng,
        group: &OccupationCode,
        employer_index: u64,
    ) -> NaiveDate {
        let sub_major = &group.as_str()[..2];
        let closing = employer_index % 20 == 7;
        let opening = employer_index % 10 == 3;
        let weights: Vec<(i32, u32)> = (0..HISTORY_MONTHS)
            .map(|back| {
                let month = (self.today.month0() as i32 - back).rem_euclid(12) as usize;
                let mut weight = HIRING_SEASON[month] * (100 + (HISTORY_MONTHS - back) as u32 / 2);
                if back < 12 {
                    match sub_major {
                        "81" | "82" => weight *= 2,
                        "75" => weight /= 2,
                        _ => {}
                    }
                }
                if back == 0 {
                    // This month so far.
                    weight = weight * self.today.day() / 30;
                }
                if (closing && back < 18) || (opening && back >= 12) {
                    weight = 0;
                }
                (back, weight)
            })
            .collect();
        let back = if weights.iter().all(|(_, weight)| *weight == 0) {
            0
        } else {
            *weighted(rng, &weights)
        };
        let first = self.today.with_day(1).unwrap_or(self.today);
        let month_start = first
            .checked_sub_months(chrono::Months::new(back as u32))
            .unwrap_or(first);
        let days = if back == 0 {
            i64::from(self.today.day())
        } else {
            month_start
                .checked_add_months(chrono::Months::new(1))
                .map_or(28, |next| (next - month_start).num_days())
        };
        month_start + Duration::days(rng.gen_range(0..days.max(1)))
    }

    /// The `index`-th vacancy, posted by one of `n_employers` employers.
    ///
    /// Its history (a stream of its own, so the title, occupation, wage and
    /// the rest are the same whatever its date): employers hire unevenly (a
    /// few large recruiters post most vacancies); vacancies open over the
    /// last three years, more after Tết and in late summer
    /// ([`HIRING_SEASON`]), more each year; one opened in the last eight
    /// weeks is mostly still open, an older one filled, closed or expired.
    /// Machine operators and assemblers (sub-majors 81–82) double in the
    /// last year (new industrial parks), garment and craft trades (75)
    /// halve (orders leaving); one employer in twenty closed a year and a
    /// half ago, one in ten opened in the last year.
    pub fn vacancy(&self, index: u64, n_employers: u64) -> GeneratedVacancy {
        let mut rng = self.rng(3, index);
        let rng = &mut rng;
        let mut history = self.rng(7, index);
        let _uniform = rng.gen_range(0..n_employers.max(1));
        let skewed: f64 = history.gen::<f64>().powf(2.5);
        let employer_index =
            ((skewed * n_employers.max(1) as f64) as u64).min(n_employers.max(1) - 1);
        let employer = self.employer(employer_index);
        let group = self.unit_group(rng);
        let major = group.code.as_str().as_bytes()[0] - b'0';
        let qualification = Self::qualification_for(rng, major);
        let title = group
            .titles
            .choose(rng)
            .map(|title| capitalise(title))
            .unwrap_or_else(|| occupations_name(&group.code));
        // The deadline and status once drawn here; drawing them still keeps
        // the draws after them (and so every vacancy) as they were.
        let _deadline_days: i64 = rng.gen_range(-30..=60);
        let status = *weighted(
            rng,
            &[
                (VacancyStatus::Open, 700),
                (VacancyStatus::Filled, 150),
                (VacancyStatus::Closed, 100),
                (VacancyStatus::Expired, 50),
            ],
        );
        let abroad = chance(rng, 30);
        let skills: Vec<String> = group.skills.choose_multiple(rng, 2).cloned().collect();
        let opened_on = self.opened_on(&mut history, &group.code, employer_index);
        // Open or not follows the date: a vacancy opened in the last eight
        // weeks is mostly still open, an older one was filled, closed or
        // expired (the status drawn above, where it is one of those).
        let recent = (self.today - opened_on).num_days() < 56;
        let status = match (recent, status) {
            (true, _) => *weighted(
                &mut history,
                &[
                    (VacancyStatus::Open, 850),
                    (VacancyStatus::Filled, 100),
                    (VacancyStatus::Closed, 50),
                ],
            ),
            (false, VacancyStatus::Open) => *weighted(
                &mut history,
                &[
                    (VacancyStatus::Filled, 550),
                    (VacancyStatus::Closed, 300),
                    (VacancyStatus::Expired, 150),
                ],
            ),
            (false, status) => status,
        };
        let deadline = if status == VacancyStatus::Open {
            (opened_on + Duration::days(history.gen_range(30..=90))).max(self.today)
        } else {
            (opened_on + Duration::days(history.gen_range(30..=60)))
                .min(self.today - Duration::days(1))
                .max(opened_on)
        };
        GeneratedVacancy {
            opened_on,
            employer_tax_code: employer
                .tax_code
                .clone()
                .unwrap_or_else(|| Self::tax_code(employer_index)),
            posting: VacancyPosting {
                employer_id: 0,
                title,
                occupation: Some(group.code.clone()),
                occupation_inferred: false,
                headcount: *weighted(
                    rng,
                    &[
                        (1, 350),
                        (2, 200),
                        (5, 200),
                        (10, 120),
                        (20, 80),
                        (50, 40),
                        (100, 10),
                    ],
                ),
                qualification: Some(qualification),
                experience_years: rng.gen_range(0..=3),
                skills,
                languages: if abroad {
                    vec![Language::Japanese]
                } else {
                    Vec::new()
                },
                wage: Self::wage_for(rng, qualification),
                work_unit: if chance(rng, 800) {
                    employer.address_unit.clone()
                } else {
                    self.commune(rng)
                },
                hours: Some(*weighted(
                    rng,
                    &[
                        (WorkHours::FullTime, 700),
                        (WorkHours::Shifts, 200),
                        (WorkHours::PartTime, 100),
                    ],
                )),
                contract_type: Some(*weighted(
                    rng,
                    &[
                        (ContractType::FixedTerm, 550),
                        (ContractType::Indefinite, 300),
                        (ContractType::Seasonal, 100),
                        (ContractType::Probation, 50),
                    ],
                )),
                deadline: Some(deadline),
                status,
                disability_friendly: chance(rng, 50),
                abroad_country: abroad.then(|| {
                    *weighted(
                        rng,
                        &[
                            (Country::Japan, 60),
                            (Country::Taiwan, 25),
                            (Country::Korea, 15),
                        ],
                    )
                }),
                description: None,
            },
        }
    }
}

fn occupations_name(code: &OccupationCode) -> String {
    code.name_vi().to_owned()
}

fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator() -> CityGenerator {
        let units = AdminUnits::embedded().unwrap();
        CityGenerator::new(
            2026,
            &units,
            "01",
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn records_are_deterministic_and_valid() {
        let units = AdminUnits::embedded().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let city = generator();
        for index in [0, 1, 7, 99_999, 1_500_000] {
            let worker = city.worker(index);
            assert_eq!(
                worker,
                city.worker(index),
                "the same index gives the same worker"
            );
            assert!(
                worker.profile.check(&units, today).is_empty(),
                "{index}: {:?}",
                worker.profile.check(&units, today)
            );
            assert!(worker
                .events
                .iter()
                .all(|event| event.date > worker.registered_on && event.date <= today));
        }
        assert_ne!(
            city.worker(1).profile.citizen_id,
            city.worker(2).profile.citizen_id
        );
        let employer = city.employer(5);
        assert!(employer.check(&units).is_empty());
        let vacancy = city.vacancy(3, 100);
        assert!(vacancy.posting.check(&units).is_empty());
    }

    #[test]
    fn proportions_look_like_a_city() {
        let city = generator();
        let workers: Vec<GeneratedWorker> = (0..4000).map(|index| city.worker(index)).collect();
        let share = |predicate: &dyn Fn(&GeneratedWorker) -> bool| {
            workers.iter().filter(|w| predicate(w)).count() as f64 / workers.len() as f64
        };
        let women = share(&|w| w.profile.sex == Sex::Female);
        assert!((0.44..0.53).contains(&women), "{women}");
        let trained = share(&|w| w.profile.qualification.is_certified());
        assert!((0.35..0.75).contains(&trained), "{trained}");
        let employed = share(&|w| w.profile.employment_status == EmploymentStatus::Employed);
        assert!((0.6..0.8).contains(&employed), "{employed}");
        let with_events = share(&|w| !w.events.is_empty());
        assert!(with_events > 0.3, "{with_events}");
        // Recorded in the structure in force: before 1 July 2025 a legacy
        // commune (rolling up into Hanoi), from then a 2025 one.
        let units = AdminUnits::embedded().unwrap();
        let reform = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        for worker in &workers {
            let legacy = worker.profile.residence.structure == UnitStructure::Legacy;
            assert!(!legacy || worker.registered_on < reform);
            assert_eq!(
                units
                    .current_province_code(&worker.profile.residence)
                    .unwrap()
                    .as_str(),
                "01"
            );
        }
        let early = share(&|w| w.profile.residence.structure == UnitStructure::Legacy);
        assert!(early > 0.2, "{early}");
        let nguyen = share(&|w| w.profile.full_name.as_str().starts_with("Nguyễn"));
        assert!((0.3..0.46).contains(&nguyen), "{nguyen}");
    }
}
