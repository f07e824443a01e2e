//! The worker's digital profile (hồ sơ số người lao động).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::classification::{
    EmploymentStatus, GeneralEducation, ItSkill, Language, PriorityGroup, Qualification,
    SocialInsurance, WorkHours,
};
use super::codes::CitizenId;
use super::person::{Email, PersonName, PhoneNumber, Sex};
use super::reference::{EthnicGroup, OccupationCode};
use super::wage::WageRange;
use super::wishes::{
    is_monthly, AbroadWish, BroadWish, DisabilityInfo, WagePeriod, WantedOccupation,
    MAX_ABROAD_COUNTRIES, MAX_COMMUTE_KM, MAX_COUNSELLOR_NOTE_CHARS, MAX_DISABILITY_NEEDS_CHARS,
    MAX_WANTED_OCCUPATIONS, NEAR_HOME_KM,
};
use super::{
    check_list_lengths, check_text_length, FieldProblem, InvalidValue, MAX_ITEM_CHARS,
    MAX_TITLE_CHARS,
};
use crate::admin_unit::{AdminUnits, UnitKey, UnitLevel};

/// The youngest age at which a person may be registered as a worker
/// (Labour Code 2019 art. 3: 15 years, younger only by exception).
pub const MIN_WORKER_AGE: i32 = 15;

/// An occupation a worker has practised, with years of experience.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupationExperience {
    pub code: OccupationCode,
    pub years: u8,
}

/// A worker's profile, every field checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkerProfile {
    /// Citizen ID; a worker registered without one is matched for
    /// duplicates by name, birth date and residence instead.
    pub citizen_id: Option<CitizenId>,
    pub full_name: PersonName,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub ethnicity: Option<EthnicGroup>,
    /// The commune of residence, in the structure in force when recorded.
    pub residence: UnitKey,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    pub general_education: Option<GeneralEducation>,
    pub qualification: Qualification,
    /// The field of the qualification, e.g. "Kế toán", "Điện công nghiệp".
    pub qualification_field: Option<String>,
    pub certificates: Vec<String>,
    pub occupations: Vec<OccupationExperience>,
    pub skills: Vec<String>,
    pub languages: Vec<Language>,
    pub it_skill: Option<ItSkill>,
    /// The first wanted occupation: kept for old records and old clients.
    /// Read the wishes through [`WorkerProfile::wanted`], which applies the
    /// one rule between this field and `wanted_occupations`.
    pub wanted_occupation: Option<OccupationCode>,
    /// The wanted occupations in the worker's order, at most
    /// [`MAX_WANTED_OCCUPATIONS`]; empty in records older than the list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wanted_occupations: Vec<WantedOccupation>,
    /// Wishes for a set of occupations ("công nhân nhà máy bất kỳ") or a
    /// place ("việc gần nhà").
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub broad_wishes: BTreeSet<BroadWish>,
    /// The wanted wage in VND per `wanted_wage_period`; compare it with
    /// vacancy wages through [`WorkerProfile::wanted_wage_monthly`].
    pub wanted_wage: WageRange,
    /// The period of `wanted_wage`: a month unless stated otherwise.
    #[serde(default, skip_serializing_if = "is_monthly")]
    pub wanted_wage_period: WagePeriod,
    /// Communes or provinces where the worker wants to work.
    pub wanted_units: Vec<UnitKey>,
    /// The longest trip to work the worker accepts, in km (1 to
    /// [`MAX_COMMUTE_KM`]); read through [`WorkerProfile::commute_limit_km`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_commute_km: Option<u16>,
    pub wanted_hours: Option<WorkHours>,
    /// The situation at registration; later changes are labour events.
    pub employment_status: EmploymentStatus,
    pub priority_groups: BTreeSet<PriorityGroup>,
    /// Work abroad under contract, when the worker wants it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abroad: Option<AbroadWish>,
    /// A disability's kinds and support needs; having one puts the worker
    /// in the disability priority group ([`WorkerProfile::settle`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability: Option<DisabilityInfo>,
    /// The counsellor's note: personal data, never logged, masked in the
    /// exports of roles that may not read personal records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counsellor_note: Option<String>,
    pub social_insurance: SocialInsurance,
    pub unemployment_insurance: bool,
    pub health_insurance: bool,
    /// May employers see this profile among recommended candidates?
    pub consent_share_with_employers: bool,
    /// May the exchange send job messages?
    pub consent_receive_messages: bool,
}

impl WorkerProfile {
    /// Rules across fields: the citizen ID agrees with birth date and sex,
    /// the worker is of working age on `today`, the residence is a commune
    /// and every unit exists; and the rules a record read from JSON has not
    /// met yet: the wanted wage in range, free text and lists bounded.
    pub fn check(&self, units: &AdminUnits, today: NaiveDate) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(citizen_id) = &self.citizen_id {
            if let Err(invalid) = citizen_id.check_person(self.birth_date, self.sex) {
                problems.push(FieldProblem::new(
                    "citizen_id",
                    citizen_id.as_str(),
                    invalid,
                ));
            }
        }
        let age = age_on(self.birth_date, today);
        if !(MIN_WORKER_AGE..=100).contains(&age) {
            problems.push(FieldProblem::new(
                "birth_date",
                &self.birth_date.to_string(),
                InvalidValue::new(
                    format!("Tuổi {age} nằm ngoài độ tuổi đăng ký lao động (15–100)"),
                    format!("Age {age} is outside the ages a worker may register at (15–100)"),
                ),
            ));
        }
        match units.get(&self.residence) {
            Ok(unit) if unit.level == UnitLevel::Commune => {}
            Ok(_) => problems.push(FieldProblem::new(
                "residence",
                &self.residence.to_string(),
                InvalidValue::new(
                    "Nơi cư trú phải là xã, phường hoặc đặc khu",
                    "The residence must be a commune, ward or special zone",
                ),
            )),
            Err(error) => problems.push(FieldProblem::new(
                "residence",
                &self.residence.to_string(),
                InvalidValue::new(error.message_vi(), error.to_string()),
            )),
        }
        if let Err(invalid) = self.wanted_wage.check() {
            problems.push(FieldProblem::new(
                "wanted_wage",
                &format!(
                    "{:?}–{:?}",
                    self.wanted_wage.min_vnd, self.wanted_wage.max_vnd
                ),
                invalid,
            ));
        }
        if let Some(field) = &self.qualification_field {
            check_text_length(&mut problems, "qualification_field", field, MAX_TITLE_CHARS);
        }
        check_list_lengths(&mut problems, "certificates", &self.certificates);
        check_list_lengths(&mut problems, "skills", &self.skills);
        let wanted_units: Vec<String> = self.wanted_units.iter().map(ToString::to_string).collect();
        check_list_lengths(&mut problems, "wanted_units", &wanted_units);
        let occupations: Vec<&str> = self.occupations.iter().map(|o| o.code.as_str()).collect();
        check_list_lengths(&mut problems, "occupations", &occupations);
        self.check_wishes(&mut problems);
        for unit in &self.wanted_units {
            if let Err(error) = units.get(unit) {
                problems.push(FieldProblem::new(
                    "wanted_units",
                    &unit.to_string(),
                    InvalidValue::new(error.message_vi(), error.to_string()),
                ));
            }
        }
        problems
    }

    /// The wanted occupations in order. The one rule between the list and
    /// the old single field: the list when it has any item, otherwise the
    /// old field as a one-item list (a record or a client older than the
    /// list). Every reader of the wishes goes through here.
    pub fn wanted(&self) -> Vec<WantedOccupation> {
        if self.wanted_occupations.is_empty() {
            self.wanted_occupation
                .iter()
                .cloned()
                .map(WantedOccupation::confirmed)
                .collect()
        } else {
            self.wanted_occupations.clone()
        }
    }

    /// The unit groups the worker wants, for the scorer: the wanted
    /// occupations in order, then the sets of the broad wishes — those
    /// stated, and those a wanted catch-all code stands for (9329: any
    /// factory work) — each code once.
    pub fn wanted_occupation_codes(&self) -> Vec<OccupationCode> {
        let mut codes: Vec<OccupationCode> = Vec::new();
        let wanted: Vec<OccupationCode> = self
            .wanted()
            .into_iter()
            .map(|wanted| wanted.code)
            .collect();
        // The wishes stated, and those a wanted catch-all code stands for.
        let mut wishes = self.broad_wishes.clone();
        wishes.extend(wanted.iter().filter_map(BroadWish::standing_for));
        let broad = wishes.into_iter().flat_map(|wish| wish.unit_groups());
        let wanted = wanted.into_iter();
        for code in wanted.chain(broad) {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        codes
    }

    /// The longest trip to work the worker accepts, km: the distance
    /// stated, else [`NEAR_HOME_KM`] for a wish of "việc gần nhà", else
    /// none.
    pub fn commute_limit_km(&self) -> Option<u16> {
        self.max_commute_km.or_else(|| {
            self.broad_wishes
                .contains(&BroadWish::NearHome)
                .then_some(NEAR_HOME_KM)
        })
    }

    /// The wanted wage as a monthly range in VND (an hourly or daily wage
    /// converted by [`WagePeriod::to_monthly`]): the figure to compare
    /// with vacancy wages.
    pub fn wanted_wage_monthly(&self) -> WageRange {
        let period = self.wanted_wage_period;
        WageRange {
            min_vnd: self.wanted_wage.min_vnd.map(|vnd| period.to_monthly(vnd)),
            max_vnd: self.wanted_wage.max_vnd.map(|vnd| period.to_monthly(vnd)),
        }
    }

    /// Brings the fields that follow from others in line, before a record
    /// is checked and stored: the old `wanted_occupation` is the first of
    /// the list (a list of one bare confirmed code is the old field alone),
    /// a disability puts the worker in its priority group, and free text is
    /// trimmed. Idempotent.
    pub fn settle(&mut self) {
        if let Some(first) = self.wanted_occupations.first() {
            self.wanted_occupation = Some(first.code.clone());
        }
        // A list that says no more than the old field is kept as the old
        // field alone: one form for one wish, whichever way it came in, and
        // the record's JSON as old clients and old exports wrote it.
        if let [only] = self.wanted_occupations.as_slice() {
            if *only == WantedOccupation::confirmed(only.code.clone()) {
                self.wanted_occupations.clear();
            }
        }
        if self.disability.is_some() {
            self.priority_groups.insert(PriorityGroup::Disability);
        }
        let trimmed = |text: &mut Option<String>| {
            *text = text
                .take()
                .map(|text| vieclam_text::nfc(text.trim()))
                .filter(|text| !text.is_empty());
        };
        trimmed(&mut self.counsellor_note);
        if let Some(disability) = &mut self.disability {
            trimmed(&mut disability.needs);
        }
        if let Some(abroad) = &mut self.abroad {
            trimmed(&mut abroad.note);
        }
        for wanted in &mut self.wanted_occupations {
            trimmed(&mut wanted.words);
        }
    }

    /// The rules of the wishes: bounded lists and texts, no occupation or
    /// country twice, a confidence between 0 and 1, a wage within its
    /// period's bounds.
    fn check_wishes(&self, problems: &mut Vec<FieldProblem>) {
        if self.wanted_occupations.len() > MAX_WANTED_OCCUPATIONS {
            problems.push(FieldProblem::new(
                "wanted_occupations",
                &self.wanted_occupations.len().to_string(),
                InvalidValue::new(
                    format!(
                        "Có {} nghề mong muốn, tối đa {MAX_WANTED_OCCUPATIONS}",
                        self.wanted_occupations.len()
                    ),
                    format!(
                        "{} wanted occupations, at most {MAX_WANTED_OCCUPATIONS}",
                        self.wanted_occupations.len()
                    ),
                ),
            ));
        }
        for (index, wanted) in self.wanted_occupations.iter().enumerate() {
            if self.wanted_occupations[..index]
                .iter()
                .any(|earlier| earlier.code == wanted.code)
            {
                problems.push(FieldProblem::new(
                    "wanted_occupations",
                    wanted.code.as_str(),
                    InvalidValue::new(
                        "Nghề mong muốn này đã có trong danh sách",
                        "This wanted occupation is already in the list",
                    ),
                ));
            }
            if let Some(words) = &wanted.words {
                check_text_length(problems, "wanted_occupations", words, MAX_TITLE_CHARS);
            }
            if let Some(confidence) = wanted.confidence {
                if !(0.0..=1.0).contains(&confidence) {
                    problems.push(FieldProblem::new(
                        "wanted_occupations",
                        &confidence.to_string(),
                        InvalidValue::new(
                            "Độ tin cậy của việc phân loại phải từ 0 đến 1",
                            "A classifier confidence is from 0 to 1",
                        ),
                    ));
                }
            }
        }
        if let Err(invalid) = self.wanted_wage_period.check(&self.wanted_wage) {
            problems.push(FieldProblem::new(
                "wanted_wage",
                &format!(
                    "{:?}–{:?}",
                    self.wanted_wage.min_vnd, self.wanted_wage.max_vnd
                ),
                invalid,
            ));
        }
        if let Some(abroad) = &self.abroad {
            if abroad.countries.len() > MAX_ABROAD_COUNTRIES {
                problems.push(FieldProblem::new(
                    "abroad",
                    &abroad.countries.len().to_string(),
                    InvalidValue::new(
                        format!(
                            "Có {} nước muốn đến, tối đa {MAX_ABROAD_COUNTRIES}",
                            abroad.countries.len()
                        ),
                        format!(
                            "{} wanted countries, at most {MAX_ABROAD_COUNTRIES}",
                            abroad.countries.len()
                        ),
                    ),
                ));
            }
            let distinct: BTreeSet<_> = abroad.countries.iter().collect();
            if distinct.len() < abroad.countries.len() {
                problems.push(FieldProblem::new(
                    "abroad",
                    &abroad.countries.len().to_string(),
                    InvalidValue::new("Một nước được ghi hai lần", "A country is named twice"),
                ));
            }
            if let Some(note) = &abroad.note {
                check_text_length(problems, "abroad", note, MAX_ITEM_CHARS);
            }
        }
        if let Some(disability) = &self.disability {
            let distinct: BTreeSet<_> = disability.kinds.iter().collect();
            if distinct.len() < disability.kinds.len() {
                problems.push(FieldProblem::new(
                    "disability",
                    &disability.kinds.len().to_string(),
                    InvalidValue::new(
                        "Một dạng khuyết tật được ghi hai lần",
                        "A kind of disability is named twice",
                    ),
                ));
            }
            if let Some(needs) = &disability.needs {
                check_text_length(problems, "disability", needs, MAX_DISABILITY_NEEDS_CHARS);
            }
        }
        if let Some(km) = self.max_commute_km {
            if !(1..=MAX_COMMUTE_KM).contains(&km) {
                problems.push(FieldProblem::new(
                    "max_commute_km",
                    &km.to_string(),
                    InvalidValue::new(
                        format!("Khoảng cách đi làm {km} km nằm ngoài 1–{MAX_COMMUTE_KM} km"),
                        format!("A commute of {km} km is outside 1–{MAX_COMMUTE_KM} km"),
                    ),
                ));
            }
        }
        // The note's length only: its words are personal and a problem may
        // be shown in a list or a file.
        if let Some(note) = &self.counsellor_note {
            let n_chars = note.chars().count();
            if n_chars > MAX_COUNSELLOR_NOTE_CHARS {
                problems.push(FieldProblem::new(
                    "counsellor_note",
                    &format!("{n_chars} ký tự / characters"),
                    InvalidValue::new(
                        format!("Ghi chú dài {n_chars} ký tự, tối đa {MAX_COUNSELLOR_NOTE_CHARS}"),
                        format!(
                            "The note is {n_chars} characters long, at most {MAX_COUNSELLOR_NOTE_CHARS}"
                        ),
                    ),
                ));
            }
        }
    }

    /// Is the worker in one of the ethnic minorities?
    pub fn is_ethnic_minority(&self) -> bool {
        self.ethnicity
            .as_ref()
            .is_some_and(EthnicGroup::is_minority)
            || self
                .priority_groups
                .contains(&PriorityGroup::EthnicMinority)
    }
}

/// Age in whole years on `day`.
pub fn age_on(birth_date: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth_date.year();
    if (day.month(), day.day()) < (birth_date.month(), birth_date.day()) {
        age -= 1;
    }
    age
}
