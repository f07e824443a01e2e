//! Names of coded values as pages show them, in either language: units
//! and occupations by name, never by a bare code.

use vieclam_domain::registry::{
    occupations, ContractType, EmployerKind, EmploymentStatus, EventKind, EventSource, Language,
    PriorityGroup, Qualification, VacancyStatus, WorkHours,
};
use vieclam_domain::{AdminUnits, UnitKey};

use super::Lang;

/// A unit's name from its key as the index writes it (`structure:code`)
/// or a bare code; the text itself when no unit has it.
pub fn unit_name(units: &AdminUnits, key: &str) -> String {
    UnitKey::parse(key, crate::vietnam_today())
        .ok()
        .and_then(|key| units.get(&key).ok().map(|unit| unit.name.clone()))
        .unwrap_or_else(|| key.to_owned())
}

/// A unit with the units above it, nearest first: "Phường Ba Đình, Thành
/// phố Hà Nội".
pub fn place(units: &AdminUnits, key: &UnitKey) -> String {
    match units.get(key) {
        Ok(unit) => std::iter::once(unit.name.clone())
            .chain(units.ancestors(unit).map(|above| above.name.clone()))
            .collect::<Vec<_>>()
            .join(", "),
        Err(_) => key.to_string(),
    }
}

/// An occupation (any level of VSCO / ISCO-08) by its code.
pub fn occupation(code: &str, lang: Lang) -> String {
    match occupations().get(code) {
        Some(entry) => match lang {
            Lang::Vi => entry.name_vi.clone(),
            Lang::En => entry
                .name_en
                .clone()
                .unwrap_or_else(|| entry.name_vi.clone()),
        },
        None => code.to_owned(),
    }
}

pub fn qualification(value: Qualification, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            Qualification::None => "No vocational training",
            Qualification::Elementary => "Elementary vocational",
            Qualification::Intermediate => "Intermediate vocational",
            Qualification::College => "College",
            Qualification::University => "University",
            Qualification::Postgraduate => "Postgraduate",
        },
    }
}

/// A qualification by its code (as a facet gives it).
pub fn qualification_code(code: &str, lang: Lang) -> String {
    Qualification::parse(code)
        .map(|value| qualification(value, lang).to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

pub fn contract(value: ContractType, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            ContractType::Indefinite => "Indefinite term",
            ContractType::FixedTerm => "Fixed term",
            ContractType::Seasonal => "Seasonal",
            ContractType::Probation => "Probation",
        },
    }
}

pub fn hours(value: WorkHours, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            WorkHours::FullTime => "Full time",
            WorkHours::PartTime => "Part time",
            WorkHours::Shifts => "Shifts",
            WorkHours::Flexible => "Flexible",
        },
    }
}

pub fn vacancy_status(value: VacancyStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            VacancyStatus::Open => "Open",
            VacancyStatus::Filled => "Filled",
            VacancyStatus::Closed => "Closed",
            VacancyStatus::Expired => "Expired",
        },
    }
}

pub fn employer_kind(value: EmployerKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            EmployerKind::Company => "Company",
            EmployerKind::Cooperative => "Cooperative",
            EmployerKind::HouseholdBusiness => "Household business",
            EmployerKind::PublicBody => "Public body",
        },
    }
}

pub fn language(value: Language, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            Language::Vietnamese => "Vietnamese",
            Language::English => "English",
            Language::Chinese => "Chinese",
            Language::Japanese => "Japanese",
            Language::Korean => "Korean",
            Language::French => "French",
            Language::German => "German",
            Language::Russian => "Russian",
            Language::Thai => "Thai",
            Language::Lao => "Lao",
            Language::Khmer => "Khmer",
            Language::Spanish => "Spanish",
        },
    }
}

/// A worker's employment status (as the register derives it).
pub fn employment_status(value: EmploymentStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            EmploymentStatus::Employed => "Employed",
            EmploymentStatus::Unemployed => "Unemployed, looking for work",
            EmploymentStatus::OutOfLabourForce => "Outside the labour force",
            EmploymentStatus::Abroad => "Working abroad",
        },
    }
}

/// An employment status by its code (as a facet gives it).
pub fn employment_status_code(code: &str, lang: Lang) -> String {
    EmploymentStatus::parse(code)
        .map(|value| employment_status(value, lang).to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

/// What a labour event records.
pub fn event_kind(value: EventKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            EventKind::Registered => "Registered",
            EventKind::Employed => "Found a job",
            EventKind::LostJob => "Lost a job",
            EventKind::LeftLabourForce => "Left the labour force",
            EventKind::Moved => "Moved home",
            EventKind::WentAbroad => "Went to work abroad",
            EventKind::Returned => "Came back from abroad",
            EventKind::Trained => "Trained",
            EventKind::Certified => "Certified",
        },
    }
}

/// Who reported a labour event.
pub fn event_source(value: EventSource, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            EventSource::SelfDeclared => "The worker",
            EventSource::UnitSurvey => "Labour supply and demand survey",
            EventSource::Employer => "The employer",
            EventSource::Exchange => "The job exchange",
            EventSource::Insurance => "Social insurance agency",
            EventSource::Import => "File import",
        },
    }
}

/// A priority group of workers.
pub fn priority_group(value: PriorityGroup, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            PriorityGroup::Disability => "Person with disability",
            PriorityGroup::EthnicMinority => "Ethnic minority",
            PriorityGroup::PoorHousehold => "Poor household",
            PriorityGroup::NearPoorHousehold => "Near-poor household",
            PriorityGroup::LandRecovered => "Farmland recovered",
            PriorityGroup::Demobilised => "Demobilised soldier or police",
            PriorityGroup::Graduate => "New graduate",
            PriorityGroup::PostRehabilitation => "After drug rehabilitation",
            PriorityGroup::ReleasedPrisoner => "Released from prison",
            PriorityGroup::ReturnedMigrant => "Returned migrant worker",
        },
    }
}
