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
mod wishes;
mod worker;

pub use classification::{
    ContractType, Country, EmployerKind, EmploymentStatus, GeneralEducation, ItSkill, Language,
    PriorityGroup, Qualification, SizeBand, SocialInsurance, VacancyStatus, WorkHours,
};
pub use codes::{CitizenId, TaxCode, CITIZEN_ID_PROVINCES};
pub use employer::{parse_org_name, EmployerProfile};
pub use event::{EventKind, EventSource, LabourEvent, WorkerState, MAX_EVENT_DETAIL_CHARS};
pub use invalid::InvalidValue;
pub use person::{Email, PersonName, PhoneNumber, Sex};
pub use reference::{
    industries, occupations, ClassEntry, Classification, EthnicGroup, IndustryCode, OccupationCode,
};
pub use vacancy::{parse_headcount, parse_title, VacancyPosting, MAX_HEADCOUNT};
pub use wage::{WageRange, MAX_MONTHLY_WAGE};
pub use wishes::{
    format_stated_wage, parse_stated_wage, AbroadWish, BroadWish, DisabilityInfo, DisabilityKind,
    WagePeriod, WantedOccupation, DAYS_PER_MONTH, HOURS_PER_DAY, MAX_ABROAD_COUNTRIES,
    MAX_COMMUTE_KM, MAX_COUNSELLOR_NOTE_CHARS, MAX_DISABILITY_NEEDS_CHARS, MAX_WANTED_OCCUPATIONS,
    NEAR_HOME_KM,
};
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

/// The first date a record may carry: no living worker, no vacancy, no
/// labour event is older. Dates before are typing mistakes ("0000-01-01").
pub const EARLIEST_DATE: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => panic!("1900-01-01 is a date"),
};

/// The last date a record may carry: a deadline or a plan reaches a few
/// years ahead, never past this ("year 262142" once got in).
pub const LATEST_DATE: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(date) => date,
    None => panic!("2100-12-31 is a date"),
};

/// Checks that a date lies in [`EARLIEST_DATE`] ..= [`LATEST_DATE`].
pub fn check_date(date: chrono::NaiveDate) -> Result<chrono::NaiveDate, InvalidValue> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        Ok(date)
    } else {
        Err(InvalidValue::new(
            format!("Ngày {date} nằm ngoài khoảng 01/01/1900 – 31/12/2100"),
            format!("The date {date} is outside 1900-01-01 – 2100-12-31"),
        ))
    }
}

/// The longest vacancy description, in characters: a long job ad has a few
/// thousand; Excel holds 32,767 in a cell.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;

/// The longest title, name or address line, in characters.
pub const MAX_TITLE_CHARS: usize = 300;

/// The longest item of a list (a skill, a certificate) or a short note.
pub const MAX_ITEM_CHARS: usize = 300;

/// The most items a list field (skills, certificates, places) may hold.
pub const MAX_LIST_ITEMS: usize = 100;

/// A free-text field too long: the problem `check` reports.
pub(crate) fn check_text_length(
    problems: &mut Vec<FieldProblem>,
    field: &'static str,
    text: &str,
    max_chars: usize,
) {
    let n_chars = text.chars().count();
    if n_chars > max_chars {
        problems.push(FieldProblem {
            field,
            // The value itself may be megabytes: keep its start.
            value: text.chars().take(40).collect::<String>() + "…",
            reason: InvalidValue::new(
                format!("Dài {n_chars} ký tự, tối đa {max_chars}"),
                format!("{n_chars} characters long, at most {max_chars}"),
            ),
        });
    }
}

/// A list field with too many items, or an item too long.
pub(crate) fn check_list_lengths<T: AsRef<str>>(
    problems: &mut Vec<FieldProblem>,
    field: &'static str,
    items: &[T],
) {
    if items.len() > MAX_LIST_ITEMS {
        problems.push(FieldProblem::new(
            field,
            &items.len().to_string(),
            InvalidValue::new(
                format!("Có {} mục, tối đa {MAX_LIST_ITEMS}", items.len()),
                format!("{} items, at most {MAX_LIST_ITEMS}", items.len()),
            ),
        ));
    }
    for item in items {
        check_text_length(problems, field, item.as_ref(), MAX_ITEM_CHARS);
    }
}

/// Parses a date as written on Vietnamese forms — dd/mm/yyyy, d/m/yyyy,
/// dd-mm-yyyy, dd.mm.yyyy — or ISO yyyy-mm-dd, within [`EARLIEST_DATE`]
/// ..= [`LATEST_DATE`].
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, InvalidValue> {
    let trimmed = text.trim();
    let iso = chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d");
    iso.or_else(|_| {
        let unified = trimmed.replace(['-', '.'], "/");
        chrono::NaiveDate::parse_from_str(&unified, "%d/%m/%Y")
    })
    .ok()
    .filter(|date| check_date(*date).is_ok())
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
