//! Plans and progress in the officers' workspace, under `/can-bo/ke-hoach`:
//! the plans the officer may see with their overall progress, a plan's
//! progress as the plan documents print it (targets with actuals beside
//! them, the appendix by unit, the quarterly schedule), the drill-down of
//! one indicator from a unit to the units below it and from a year to its
//! quarters and months, the XLSX download of what is shown, and the task
//! matrix with its status updates.
//!
//! Every figure is read through the API's own paths: `plans::load_plan`
//! (`may_see_plan`), `plans::progress_of` (`may_read_figures` for the unit
//! asked, the targets within it, the status rule of
//! `vieclam_plans::progress`), `plans::progress_workbook`, `plans::series`
//! and `plans::update_task` (`may_update_tasks`). A page never computes a
//! figure or a status of its own.

use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;
use vieclam_domain::{UnitKey, UnitStructure};
use vieclam_plans::progress::ProgressStatus;
use vieclam_plans::{Bound, Indicator, Period, PeriodKind, Plan};

use crate::web::{format, Lang, Page};
use crate::AppState;

mod drill;
mod list;
mod progress;
mod tasks;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/can-bo/ke-hoach", get(list::plans))
        .route("/can-bo/ke-hoach/{id}", get(progress::progress))
        .route(
            "/can-bo/ke-hoach/{id}/tien-do.xlsx",
            get(progress::workbook),
        )
        .route(
            "/can-bo/ke-hoach/{id}/chi-tieu/{indicator}",
            get(drill::indicator),
        )
        .route("/can-bo/ke-hoach/{id}/nhiem-vu", get(tasks::matrix))
        .route(
            "/can-bo/ke-hoach/{id}/nhiem-vu/{group}/{number}",
            post(tasks::update),
        )
}

/// Where a progress page stands: the unit (with the units within it) and
/// the period. A GET form may send an empty field: it means "not given".
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Place {
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    period: Option<String>,
}

impl Place {
    /// The period asked, checked (400 when it does not parse).
    fn period(&self) -> Result<Option<Period>, crate::error::ApiError> {
        given(&self.period)
            .map(crate::plans::parse_period)
            .transpose()
    }

    /// The unit asked, as `progress_of` takes it: a bare code is read in
    /// the administrative structure in force at the period's end (or
    /// today's, for a period still running), so `001` in 2021 is the old
    /// Ba Đình district and in 2026 the new Ba Đình ward.
    fn unit(&self, period: Option<Period>) -> Option<String> {
        let text = given(&self.unit)?;
        if text.contains(':') {
            return Some(text.to_owned());
        }
        let day = period.map_or_else(crate::vietnam_today, read_on);
        Some(
            UnitKey::parse(text, day)
                .map(|key| key.to_string())
                .unwrap_or_else(|_| text.to_owned()),
        )
    }
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// The day a period's units are read on: its last day, or today while it
/// runs.
fn read_on(period: Period) -> NaiveDate {
    period.last_day().min(crate::vietnam_today())
}

/// The query string of a place: `?unit=…&period=…` (empty parts left out).
pub fn query(unit: Option<&UnitKey>, period: Option<Period>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(unit) = unit {
        pairs.push(("unit", unit.to_string()));
    }
    if let Some(period) = period {
        pairs.push(("period", period.to_string()));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!(
            "?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    }
}

/// The CSS class of a status (`static/vieclam.css`); the word goes with it.
pub fn status_class(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::Achieved => "achieved",
        ProgressStatus::OnTrack => "on-track",
        ProgressStatus::Behind => "behind",
        ProgressStatus::NoData => "none",
    }
}

/// A status as the officer reads it.
pub fn status_word(status: ProgressStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => status.label_vi(),
        Lang::En => match status {
            ProgressStatus::Achieved => "Achieved",
            ProgressStatus::OnTrack => "On track",
            ProgressStatus::Behind => "Behind",
            ProgressStatus::NoData => "No figure yet",
        },
    }
}

/// A status with its class, for a template.
#[derive(Clone, Copy)]
pub struct Status {
    pub class: &'static str,
    pub word: &'static str,
}

impl Status {
    pub fn of(status: ProgressStatus, lang: Lang) -> Status {
        Status {
            class: status_class(status),
            word: status_word(status, lang),
        }
    }
}

/// The measure of an indicator after a figure: "người", "%", "phiên".
pub fn measure(indicator: &Indicator, lang: Lang) -> &'static str {
    use vieclam_plans::indicator::MeasureUnit;
    match lang {
        Lang::Vi => indicator.unit.symbol_vi(),
        Lang::En => match indicator.unit {
            MeasureUnit::People => "people",
            MeasureUnit::Percent | MeasureUnit::Index => "%",
            MeasureUnit::PercentPerYear => "%/year",
            MeasureUnit::Sessions => "sessions",
            MeasureUnit::VndBillion => "VND billion",
        },
    }
}

/// A target as the plans write it, in words: "160.000", "dưới 4",
/// "từ 75 đến 80".
pub fn target_text(bound: Bound, lang: Lang) -> String {
    let n = |value: f64| format::figure(value, lang);
    match bound {
        Bound::Eq { value } => n(value),
        Bound::Lt { value } => format!("{} {}", lang.pick("dưới", "under"), n(value)),
        Bound::Le { value } => format!("{} {}", lang.pick("không quá", "at most"), n(value)),
        Bound::Gt { value } => format!("{} {}", lang.pick("trên", "over"), n(value)),
        Bound::Ge { value } => format!("{} {}", lang.pick("ít nhất", "at least"), n(value)),
        Bound::Range { low, high } => format!(
            "{} {} {} {}",
            lang.pick("từ", "from"),
            n(low),
            lang.pick("đến", "to"),
            n(high)
        ),
    }
}

/// A figure with its measure, or a dash when there is none.
pub fn figure_text(value: Option<f64>, indicator: &Indicator, lang: Lang) -> String {
    match value {
        Some(value) => format!(
            "{} {}",
            format::figure(value, lang),
            measure(indicator, lang)
        ),
        None => "—".to_owned(),
    }
}

/// A percentage done, or a dash.
pub fn percent_text(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(|| "—".to_owned(), |value| format::percent(value, lang))
}

/// A period in words: "năm 2025", "quý I/2025"; English "2025", "Q1 2025".
pub fn period_name(period: Period, lang: Lang) -> String {
    match lang {
        Lang::Vi => period.label_vi(),
        Lang::En => {
            let year = period.first.year();
            match period.kind {
                PeriodKind::Month => period.first.first_day().format("%B %Y").to_string(),
                PeriodKind::Quarter => format!("Q{} {year}", (period.first.month() - 1) / 3 + 1),
                PeriodKind::Half => format!("H{} {year}", (period.first.month() - 1) / 6 + 1),
                PeriodKind::Year => year.to_string(),
                PeriodKind::Years if period.last.year() == year => year.to_string(),
                PeriodKind::Years => format!("{year}–{}", period.last.year()),
            }
        }
    }
}

/// A plan's title in the page's language.
pub fn plan_title(plan: &Plan, lang: Lang) -> String {
    match lang {
        Lang::Vi => plan.title_vi.clone(),
        Lang::En if plan.title_en.is_empty() => plan.title_vi.clone(),
        Lang::En => plan.title_en.clone(),
    }
}

/// An indicator's name in the page's language.
pub fn indicator_name(indicator: &Indicator, lang: Lang) -> String {
    lang.pick(&indicator.name_vi, &indicator.name_en).to_owned()
}

/// A link to a period, for the period choices.
pub struct PeriodLink {
    pub href: String,
    pub name: String,
    pub current: bool,
}

/// The periods to choose from on a page about `unit`: the plan's whole
/// period and each of its years; within a chosen year (or a part of it)
/// its quarters and months. `base` is the page's path.
pub fn period_links(
    page: &Page,
    plan: &Plan,
    base: &str,
    unit: Option<&UnitKey>,
    chosen: Option<Period>,
    months: bool,
) -> Vec<Vec<PeriodLink>> {
    let lang = page.lang;
    let link = |period: Option<Period>, name: String| PeriodLink {
        href: format!("{base}{}", query(unit, period)),
        current: period == chosen,
        name,
    };
    let first_year = plan.period.first.year();
    let last_year = plan.period.last.year();
    let mut years = vec![link(
        None,
        page.t("Cả kế hoạch", "The whole plan").to_owned(),
    )];
    if last_year > first_year {
        years.extend(
            (first_year..=last_year).map(|year| link(Some(Period::year(year)), year.to_string())),
        );
    }
    let mut rows = vec![years];
    let year = chosen
        .filter(|period| period.kind != PeriodKind::Years)
        .map(|period| period.first.year())
        .or((first_year == last_year).then_some(first_year));
    if let Some(year) = year {
        rows.push(
            (1..=4)
                .map(|quarter| {
                    let period = Period::quarter(year, quarter);
                    link(Some(period), period_name(period, lang))
                })
                .collect(),
        );
        if months {
            rows.push(
                Period::year(year)
                    .months()
                    .map(|month| {
                        let period = Period::month(month);
                        link(
                            Some(period),
                            format!("{} {}", lang.pick("T", "M"), month.month()),
                        )
                    })
                    .collect(),
            );
        }
    }
    rows
}

/// `key` read in `structure`: itself, or the unit of the other structure
/// with the same code when each covers the other (a province the 2025
/// reform kept, Hà Nội `legacy:01` and `2025:01`); `None` otherwise.
pub fn in_structure(
    units: &vieclam_domain::AdminUnits,
    key: &UnitKey,
    structure: UnitStructure,
) -> Option<UnitKey> {
    if key.structure == structure {
        return Some(key.clone());
    }
    let other = UnitKey {
        structure,
        code: key.code.clone(),
    };
    (units.get(&other).is_ok() && units.covers(key, &other) && units.covers(&other, key))
        .then_some(other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_as_the_plans_write_them() {
        let check = |bound: Bound, vi: &str, en: &str| {
            assert_eq!(target_text(bound, Lang::Vi), vi);
            assert_eq!(target_text(bound, Lang::En), en);
        };
        check(Bound::Eq { value: 160_000.0 }, "160.000", "160,000");
        check(Bound::Lt { value: 4.0 }, "dưới 4", "under 4");
        check(
            Bound::Range {
                low: 7.0,
                high: 9.5,
            },
            "từ 7 đến 9,5",
            "from 7 to 9.5",
        );
    }

    #[test]
    fn a_bare_code_is_read_in_the_structure_of_the_period() {
        let place = Place {
            unit: Some("001".into()),
            period: Some("2021".into()),
        };
        let period = place.period().unwrap();
        assert_eq!(place.unit(period).as_deref(), Some("legacy:001"));
        let place = Place {
            unit: Some("2025:00004".into()),
            period: Some(" ".into()),
        };
        assert_eq!(place.period().unwrap(), None);
        assert_eq!(place.unit(None).as_deref(), Some("2025:00004"));
        assert!(Place {
            unit: None,
            period: Some("Q5-2025".into())
        }
        .period()
        .is_err());
    }

    #[test]
    fn hanoi_is_the_same_city_in_both_structures() {
        let units = vieclam_domain::AdminUnits::embedded().unwrap();
        let city = UnitKey::parse("legacy:01", NaiveDate::MAX).unwrap();
        assert_eq!(
            in_structure(&units, &city, UnitStructure::TwoTier2025).map(|k| k.to_string()),
            Some("2025:01".to_owned())
        );
        let district = UnitKey::parse("legacy:001", NaiveDate::MAX).unwrap();
        assert_eq!(
            in_structure(&units, &district, UnitStructure::TwoTier2025),
            None
        );
    }
}
