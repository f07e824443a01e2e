//! Plans (kế hoạch) with their targets (chỉ tiêu) and task matrix, and the
//! fixtures of the four seed plans in `data/plans`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vieclam_domain::{AdminUnits, UnitKey};

use crate::indicator::{Aggregation, Indicators};
use crate::period::{Month, Period};
use crate::PlanError;

const PLANS_CSV: &str = include_str!("../../../data/plans/plans.csv");
const TARGETS_CSV: &str = include_str!("../../../data/plans/targets.csv");
const TASKS_CSV: &str = include_str!("../../../data/plans/tasks.csv");

/// How often the units under a plan report, and by when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    pub fn parse(text: &str) -> Option<Frequency> {
        match text {
            "monthly" => Some(Frequency::Monthly),
            "half-yearly" | "half_yearly" => Some(Frequency::HalfYearly),
            "yearly" => Some(Frequency::Yearly),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::HalfYearly => "half_yearly",
            Frequency::Yearly => "yearly",
        }
    }
}

/// When a report is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Due {
    /// Before this day of the month after the period ("trước ngày 20 hàng
    /// tháng").
    DayOfNextMonth { day: u32 },
    /// Before this day of the period's last year ("trước ngày 05 tháng 11
    /// hàng năm").
    DayOfYear { month: u32, day: u32 },
    /// The plan names no day: by the last day of the month after the period.
    EndOfNextMonth,
}

impl Due {
    /// Parses `day-20`, `11-05` or an empty text.
    pub fn parse(text: &str) -> Option<Due> {
        let text = text.trim();
        if text.is_empty() {
            return Some(Due::EndOfNextMonth);
        }
        if let Some(day) = text.strip_prefix("day-") {
            let day: u32 = day.parse().ok()?;
            return (1..=31)
                .contains(&day)
                .then_some(Due::DayOfNextMonth { day });
        }
        let (month, day) = text.split_once('-')?;
        let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
        NaiveDate::from_ymd_opt(2000, month, day)?;
        Some(Due::DayOfYear { month, day })
    }

    /// The due date of the report for `period`.
    pub fn date_for(self, period: Period) -> NaiveDate {
        match self {
            Due::DayOfNextMonth { day } => period.last.next().day(day),
            Due::DayOfYear { month, day } => Month::new(period.last.year(), month).day(day),
            Due::EndOfNextMonth => period.last.next().last_day(),
        }
    }
}

/// A target's requirement.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "bound", rename_all = "snake_case")]
pub enum Bound {
    /// A plain figure ("đạt 75 %", "160.000 lao động"): reached when the
    /// actual is at least it (at most, for an indicator where lower is
    /// better).
    Eq {
        value: f64,
    },
    Lt {
        value: f64,
    },
    Le {
        value: f64,
    },
    Gt {
        value: f64,
    },
    Ge {
        value: f64,
    },
    /// low ≤ actual ≤ high.
    Range {
        low: f64,
        high: f64,
    },
}

impl Bound {
    pub fn parse(
        bound: &str,
        value: Option<f64>,
        low: Option<f64>,
        high: Option<f64>,
    ) -> Option<Bound> {
        Some(match (bound, value, low, high) {
            ("eq", Some(value), None, None) => Bound::Eq { value },
            ("lt", Some(value), None, None) => Bound::Lt { value },
            ("le", Some(value), None, None) => Bound::Le { value },
            ("gt", Some(value), None, None) => Bound::Gt { value },
            ("ge", Some(value), None, None) => Bound::Ge { value },
            ("range", None, Some(low), Some(high)) if low <= high => Bound::Range { low, high },
            _ => return None,
        })
    }

    /// The figure the target names (the low end of a range).
    pub fn headline(self) -> f64 {
        match self {
            Bound::Eq { value }
            | Bound::Lt { value }
            | Bound::Le { value }
            | Bound::Gt { value }
            | Bound::Ge { value } => value,
            Bound::Range { low, .. } => low,
        }
    }

    /// As the plans write it: "160.000", "< 4", "75–80".
    pub fn label(self) -> String {
        let n = crate::format_number;
        match self {
            Bound::Eq { value } => n(value),
            Bound::Lt { value } => format!("< {}", n(value)),
            Bound::Le { value } => format!("≤ {}", n(value)),
            Bound::Gt { value } => format!("> {}", n(value)),
            Bound::Ge { value } => format!("≥ {}", n(value)),
            Bound::Range { low, high } => format!("{}–{}", n(low), n(high)),
        }
    }
}

/// A target: an indicator's figure for a unit and a period, with the agency
/// responsible.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    pub indicator: String,
    /// Written `structure:code`, e.g. `2025:01`.
    #[serde(with = "crate::unit_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: UnitKey,
    /// A month, quarter, half, year or span of years: `2021-03`,
    /// `2021-Q1`, `2021-H1`, `2021`, `2026..2030`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub period: Period,
    #[serde(flatten)]
    pub bound: Bound,
    pub lead_agency: Option<String>,
    /// Where the figure comes from in the plan's text.
    pub note: Option<String>,
}

/// One task of a plan's task matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub group_no: String,
    pub group_title: String,
    pub task_no: u32,
    pub task: String,
    pub lead_agency: String,
    pub co_agencies: String,
    pub product: String,
    pub timeframe: String,
}

/// A plan document with its targets and tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// A short id, e.g. `hanoi-2021`.
    pub id: String,
    /// The document number as written, e.g. "14/KH-UBND" (blank numbers
    /// stay blank: "/KH-UBND").
    pub number: String,
    pub issued_on: Option<NaiveDate>,
    pub issuing_body: String,
    pub title_vi: String,
    pub title_en: String,
    /// The unit the plan covers, written `structure:code`, e.g. `2025:01`.
    #[serde(with = "crate::unit_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: UnitKey,
    /// A month, quarter, half, year or span of years: `2021-03`,
    /// `2021-Q1`, `2021-H1`, `2021`, `2026..2030`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub period: Period,
    pub report_frequency: Frequency,
    pub report_due: Due,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
}

impl Plan {
    /// "Kế hoạch 14/KH-UBND ngày 21/01/2021 của UBND thành phố Hà Nội".
    pub fn document_vi(&self) -> String {
        let date = match self.issued_on {
            Some(date) => format!(" ngày {}", date.format("%d/%m/%Y")),
            None => String::new(),
        };
        format!("Kế hoạch {}{date} của {}", self.number, self.issuing_body)
    }

    /// Checks a plan against the indicators and units: every target names a
    /// known indicator, lies in the plan's unit and period, and no target is
    /// given twice.
    pub fn check(&self, units: &AdminUnits, indicators: &Indicators) -> Result<(), PlanError> {
        if self.id.is_empty()
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(PlanError::Invalid(format!(
                "mã kế hoạch {:?} chỉ gồm chữ thường không dấu, số và '-' / the plan id must be lowercase ASCII letters, digits and '-'",
                self.id
            )));
        }
        units
            .get(&self.unit)
            .map_err(|error| PlanError::Invalid(error.to_string()))?;
        let mut seen = std::collections::HashSet::new();
        for target in &self.targets {
            let indicator = indicators.get(&target.indicator)?;
            if !units.covers(&self.unit, &target.unit) {
                return Err(PlanError::Invalid(format!(
                    "chỉ tiêu {} của {} nằm ngoài địa bàn kế hoạch / the target lies outside the plan's unit",
                    target.indicator, target.unit
                )));
            }
            if !self.period.contains(target.period) {
                return Err(PlanError::Invalid(format!(
                    "chỉ tiêu {} kỳ {} nằm ngoài thời gian kế hoạch {} / the target's period lies outside the plan's",
                    target.indicator, target.period, self.period
                )));
            }
            if indicator.unit.is_share() {
                let figure = target.bound.headline();
                if !(0.0..=100.0).contains(&figure) {
                    return Err(PlanError::Invalid(format!(
                        "chỉ tiêu {} phải trong khoảng 0–100 / must lie within 0–100",
                        target.indicator
                    )));
                }
            }
            if !seen.insert((&target.indicator, &target.unit, target.period)) {
                return Err(PlanError::Invalid(format!(
                    "chỉ tiêu {} của {} kỳ {} bị lặp / the target is given twice",
                    target.indicator, target.unit, target.period
                )));
            }
        }
        Ok(())
    }

    /// Top-down allocations: every target of a summed indicator that is
    /// split over units directly below its unit, with the check that the
    /// parts add up.
    pub fn allocations(&self, units: &AdminUnits, indicators: &Indicators) -> Vec<Allocation> {
        let mut found = Vec::new();
        for parent in &self.targets {
            let Ok(indicator) = indicators.get(&parent.indicator) else {
                continue;
            };
            if indicator.aggregation != Aggregation::Sum {
                continue;
            }
            let children: Vec<UnitKey> = units.children(&parent.unit).map(|u| u.key()).collect();
            let parts: Vec<&Target> = self
                .targets
                .iter()
                .filter(|t| {
                    t.indicator == parent.indicator
                        && t.period == parent.period
                        && children.contains(&t.unit)
                })
                .collect();
            if parts.is_empty() {
                continue;
            }
            let allocated: f64 = parts.iter().map(|t| t.bound.headline()).sum();
            let target = parent.bound.headline();
            let missing: Vec<String> = children
                .iter()
                .filter(|child| !parts.iter().any(|t| &t.unit == *child))
                .map(|child| child.to_string())
                .collect();
            found.push(Allocation {
                indicator: parent.indicator.clone(),
                unit: parent.unit.clone(),
                period: parent.period,
                target,
                allocated,
                n_parts: parts.len(),
                balanced: (allocated - target).abs() < 1e-6,
                units_without_target: missing,
            });
        }
        found
    }
}

/// A target split over the units below.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    pub indicator: String,
    #[serde(with = "crate::unit_text")]
    pub unit: UnitKey,
    pub period: Period,
    pub target: f64,
    /// The sum of the parts.
    pub allocated: f64,
    pub n_parts: usize,
    /// The parts add up to the target.
    pub balanced: bool,
    pub units_without_target: Vec<String>,
}

fn number(text: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>()
        .map(Some)
        .map_err(|_| format!("not a number: {text:?}"))
}

/// The four seed plans, from `data/plans`.
pub fn fixtures(units: &AdminUnits) -> Result<Vec<Plan>, PlanError> {
    let bad =
        |file: &'static str, line: usize, reason: String| PlanError::BadData { file, line, reason };
    let mut plans = Vec::new();
    let mut reader = csv::Reader::from_reader(PLANS_CSV.as_bytes());
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|error| bad("plans.csv", line, error.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let issued_on = match field(2).as_str() {
            "" => None,
            text => Some(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|error| bad("plans.csv", line, error.to_string()))?,
            ),
        };
        let year = |i: usize| -> Result<i32, PlanError> {
            field(i)
                .parse()
                .map_err(|_| bad("plans.csv", line, format!("bad year {:?}", field(i))))
        };
        let (from, to) = (year(7)?, year(8)?);
        plans.push(Plan {
            id: field(0),
            number: field(1),
            issued_on,
            issuing_body: field(3),
            title_vi: field(4),
            title_en: field(5),
            unit: UnitKey::parse(&field(6), NaiveDate::MAX)
                .map_err(|error| bad("plans.csv", line, error.to_string()))?,
            period: Period::parse(&format!("{from}..{to}"))?,
            report_frequency: Frequency::parse(&field(9))
                .ok_or_else(|| bad("plans.csv", line, format!("frequency {:?}", field(9))))?,
            report_due: Due::parse(&field(10))
                .ok_or_else(|| bad("plans.csv", line, format!("due {:?}", field(10))))?,
            targets: Vec::new(),
            tasks: Vec::new(),
        });
    }
    let mut reader = csv::Reader::from_reader(TARGETS_CSV.as_bytes());
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|error| bad("targets.csv", line, error.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let num = |i: usize| number(&field(i)).map_err(|reason| bad("targets.csv", line, reason));
        let bound = Bound::parse(&field(4), num(5)?, num(6)?, num(7)?)
            .ok_or_else(|| bad("targets.csv", line, "bound and figures disagree".to_owned()))?;
        let target = Target {
            indicator: field(1),
            unit: UnitKey::parse(&field(2), NaiveDate::MAX)
                .map_err(|error| bad("targets.csv", line, error.to_string()))?,
            period: Period::parse(&field(3))?,
            bound,
            lead_agency: Some(field(8)).filter(|text| !text.is_empty()),
            note: Some(field(9)).filter(|text| !text.is_empty()),
        };
        let plan_id = field(0);
        plans
            .iter_mut()
            .find(|plan| plan.id == plan_id)
            .ok_or_else(|| bad("targets.csv", line, format!("unknown plan {plan_id:?}")))?
            .targets
            .push(target);
    }
    let mut reader = csv::Reader::from_reader(TASKS_CSV.as_bytes());
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|error| bad("tasks.csv", line, error.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let task = Task {
            group_no: field(1),
            group_title: field(2),
            task_no: field(3)
                .parse()
                .map_err(|_| bad("tasks.csv", line, format!("task number {:?}", field(3))))?,
            task: field(4),
            lead_agency: field(5),
            co_agencies: field(6),
            product: field(7),
            timeframe: field(8),
        };
        let plan_id = field(0);
        plans
            .iter_mut()
            .find(|plan| plan.id == plan_id)
            .ok_or_else(|| bad("tasks.csv", line, format!("unknown plan {plan_id:?}")))?
            .tasks
            .push(task);
    }
    let indicators = Indicators::embedded();
    for plan in &plans {
        plan.check(units, indicators)?;
    }
    Ok(plans)
}
