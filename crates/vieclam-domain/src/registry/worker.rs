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
use super::{check_list_lengths, check_text_length, FieldProblem, InvalidValue, MAX_TITLE_CHARS};
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
    pub wanted_occupation: Option<OccupationCode>,
    pub wanted_wage: WageRange,
    /// Communes or provinces where the worker wants to work.
    pub wanted_units: Vec<UnitKey>,
    pub wanted_hours: Option<WorkHours>,
    /// The situation at registration; later changes are labour events.
    pub employment_status: EmploymentStatus,
    pub priority_groups: BTreeSet<PriorityGroup>,
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
