//! The registers of the living data store ("Kho dữ liệu sống"): workers,
//! employers, vacancies and labour events, with the checked types of their
//! fields. Raw input becomes these types once, at the edge (the API, an
//! import); everything past the edge can rely on them.

mod classification;
mod coded;
mod codes;
mod employer;
mod event;
mod invalid;
mod person;
mod reference;
mod vacancy;
mod wage;
mod worker;

pub use classification::{
    ContractType, Country, EmployerKind, EmploymentStatus, GeneralEducation, ItSkill, Language,
    PriorityGroup, Qualification, SizeBand, SocialInsurance, VacancyStatus, WorkHours,
};
pub use codes::{CitizenId, TaxCode, CITIZEN_ID_PROVINCES};
pub use employer::{parse_org_name, EmployerProfile};
pub use event::{EventKind, EventSource, LabourEvent, WorkerState};
pub use invalid::InvalidValue;
pub use person::{Email, PersonName, PhoneNumber, Sex};
pub use reference::{
    industries, occupations, ClassEntry, Classification, EthnicGroup, IndustryCode, OccupationCode,
};
pub use vacancy::{parse_headcount, parse_title, VacancyPosting, MAX_HEADCOUNT};
pub use wage::WageRange;
pub use worker::{age_on, OccupationExperience, WorkerProfile, MIN_WORKER_AGE};

/// A field that fails a rule: which field, its value, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub value: String,
    pub reason: InvalidValue,
}

impl FieldProblem {
    pub fn new(field: &'static str, value: &str, reason: InvalidValue) -> FieldProblem {
        FieldProblem {
            field,
            value: value.to_owned(),
            reason,
        }
    }
}

/// Parses a yes/no cell: "Có"/"Không", "x"/"", "1"/"0", "yes"/"no",
/// "true"/"false". An empty cell is `None`.
pub fn parse_flag(text: &str) -> Result<Option<bool>, InvalidValue> {
    match vieclam_text::folded_words(text).as_str() {
        "" => Ok(None),
        "co" | "x" | "1" | "yes" | "y" | "true" | "dong y" | "da tham gia" | "tham gia" => {
            Ok(Some(true))
        }
        "khong" | "0" | "no" | "n" | "false" | "khong dong y" | "chua tham gia" => Ok(Some(false)),
        _ => Err(InvalidValue::new(
            format!("Giá trị {:?} không phải Có/Không", text.trim()),
            format!("{:?} is not yes/no (Có/Không)", text.trim()),
        )),
    }
}

/// Writes list items as one cell that [`parse_list`] reads back: joined by
/// "; ", with a closing ";" when a lone item holds a comma.
pub fn format_list<T: AsRef<str>>(items: &[T]) -> String {
    let joined = items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() == 1 && joined.contains(',') {
        format!("{joined};")
    } else {
        joined
    }
}

/// Parses a date as written on Vietnamese forms — dd/mm/yyyy, d/m/yyyy,
/// dd-mm-yyyy, dd.mm.yyyy — or ISO yyyy-mm-dd.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, InvalidValue> {
    let trimmed = text.trim();
    let iso = chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d");
    iso.or_else(|_| {
        let unified = trimmed.replace(['-', '.'], "/");
        chrono::NaiveDate::parse_from_str(&unified, "%d/%m/%Y")
    })
    .ok()
    .filter(|date| {
        use chrono::Datelike;
        (1900..=2200).contains(&date.year())
    })
    .ok_or_else(|| {
        InvalidValue::new(
            format!("Ngày {trimmed:?} không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd)"),
            format!("Date {trimmed:?} is not valid (use dd/mm/yyyy or yyyy-mm-dd)"),
        )
    })
}

/// Splits a list cell into its NFC items: on semicolons (and line breaks)
/// when there are any, so that items may hold commas ("Hàn TIG; hàn MIG"),
/// otherwise on commas ("Hàn TIG, hàn MIG").
pub fn parse_list(text: &str) -> Vec<String> {
    let text = vieclam_text::nfc(text);
    let separators: &[char] = if text.contains([';', '\n', '|']) {
        &[';', '\n', '|']
    } else {
        &[',']
    };
    text.split(separators)
        .map(|item| item.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|item| !item.is_empty())
        .collect()
}
