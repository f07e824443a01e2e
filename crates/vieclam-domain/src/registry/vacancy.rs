//! A vacancy (vị trí việc làm trống) posted by an employer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::classification::{
    ContractType, Country, Language, Qualification, VacancyStatus, WorkHours,
};
use super::reference::OccupationCode;
use super::wage::WageRange;
use super::{
    check_date, check_list_lengths, check_text_length, FieldProblem, InvalidValue,
    MAX_DESCRIPTION_CHARS,
};
use crate::admin_unit::{AdminUnits, UnitKey};

/// The largest headcount one vacancy may ask for.
pub const MAX_HEADCOUNT: u32 = 100_000;

/// A job title as written: NFC, single spaces, 2 to 200 characters.
pub fn parse_title(text: &str) -> Result<String, InvalidValue> {
    let title = vieclam_text::nfc(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if (2..=200).contains(&title.chars().count()) {
        Ok(title)
    } else {
        Err(InvalidValue::new(
            "Chức danh tuyển dụng dài 2–200 ký tự",
            "A job title has 2–200 characters",
        ))
    }
}

/// Parses a headcount: a whole number from 1 to [`MAX_HEADCOUNT`].
pub fn parse_headcount(text: &str) -> Result<u32, InvalidValue> {
    text.trim()
        .replace(['.', ','], "")
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_HEADCOUNT).contains(n))
        .ok_or_else(|| {
            InvalidValue::new(
                "Số lượng cần tuyển là số nguyên từ 1 đến 100.000",
                "The headcount is a whole number from 1 to 100,000",
            )
        })
}

/// A vacancy, every field checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VacancyPosting {
    pub employer_id: i64,
    /// The title as the employer wrote it.
    pub title: String,
    pub occupation: Option<OccupationCode>,
    /// True when the occupation was inferred from the title, not given.
    pub occupation_inferred: bool,
    pub headcount: u32,
    /// The minimum qualification asked for.
    pub qualification: Option<Qualification>,
    pub experience_years: u8,
    pub skills: Vec<String>,
    pub languages: Vec<Language>,
    pub wage: WageRange,
    /// Where the work is (a commune, or a province).
    pub work_unit: UnitKey,
    pub hours: Option<WorkHours>,
    pub contract_type: Option<ContractType>,
    pub deadline: Option<NaiveDate>,
    pub status: VacancyStatus,
    pub disability_friendly: bool,
    /// The destination country of work abroad under contract.
    pub abroad_country: Option<Country>,
    pub description: Option<String>,
}

impl VacancyPosting {
    /// Rules across fields: the work unit exists; the headcount is in range;
    /// and the rules a posting read from JSON has not met yet: the title's
    /// length as [`parse_title`] wants it, the description at most
    /// [`MAX_DESCRIPTION_CHARS`], the wage in range, the deadline a sane
    /// date.
    pub fn check(&self, units: &AdminUnits) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Err(invalid) = parse_title(&self.title) {
            let value: String = self.title.chars().take(40).collect();
            problems.push(FieldProblem::new("title", &value, invalid));
        }
        if let Some(description) = &self.description {
            check_text_length(
                &mut problems,
                "description",
                description,
                MAX_DESCRIPTION_CHARS,
            );
        }
        check_list_lengths(&mut problems, "skills", &self.skills);
        if let Err(invalid) = self.wage.check() {
            problems.push(FieldProblem::new(
                "wage",
                &format!("{:?}–{:?}", self.wage.min_vnd, self.wage.max_vnd),
                invalid,
            ));
        }
        if let Some(deadline) = self.deadline {
            if let Err(invalid) = check_date(deadline) {
                problems.push(FieldProblem::new(
                    "deadline",
                    &deadline.to_string(),
                    invalid,
                ));
            }
        }
        if let Err(error) = units.get(&self.work_unit) {
            problems.push(FieldProblem::new(
                "work_unit",
                &self.work_unit.to_string(),
                InvalidValue::new(error.message_vi(), error.to_string()),
            ));
        }
        if !(1..=MAX_HEADCOUNT).contains(&self.headcount) {
            problems.push(FieldProblem::new(
                "headcount",
                &self.headcount.to_string(),
                InvalidValue::new(
                    "Số lượng cần tuyển từ 1 đến 100.000",
                    "The headcount is from 1 to 100,000",
                ),
            ));
        }
        problems
    }

    /// The status on `day`: an open vacancy past its deadline has expired.
    pub fn status_on(&self, day: NaiveDate) -> VacancyStatus {
        match (self.status, self.deadline) {
            (VacancyStatus::Open, Some(deadline)) if deadline < day => VacancyStatus::Expired,
            (status, _) => status,
        }
    }

    pub fn is_abroad(&self) -> bool {
        self.abroad_country.is_some()
    }
}
