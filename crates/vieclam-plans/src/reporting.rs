//! The reporting cycle: which unit or agency owes a report for which period,
//! by when; what was submitted on time, late, or not at all; approval and
//! the locks it puts on figures.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use vieclam_domain::admin_unit::{UnitLevel, UnitStructure};
use vieclam_domain::{AdminUnits, UnitKey};

use crate::period::{Period, PeriodKind};
use crate::plan::{Frequency, Plan};

/// Who reports: a unit, and within a commune the agency that reports.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reporter {
    #[serde(with = "crate::unit_text")]
    pub unit: UnitKey,
    pub agency: Option<String>,
}

/// A report owed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Obligation {
    pub plan: String,
    #[serde(with = "crate::unit_text")]
    pub unit: UnitKey,
    pub agency: Option<String>,
    pub period: Period,
    pub due: NaiveDate,
}

/// The state of a submitted report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Submitted,
    /// Approved by a higher level: its figures are locked.
    Approved,
    /// Sent back by a higher level for correction: unlocked.
    Returned,
}

impl ReportState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Submitted => "submitted",
            ReportState::Approved => "approved",
            ReportState::Returned => "returned",
        }
    }

    pub fn parse(text: &str) -> Option<ReportState> {
        match text {
            "submitted" => Some(ReportState::Submitted),
            "approved" => Some(ReportState::Approved),
            "returned" => Some(ReportState::Returned),
            _ => None,
        }
    }
}

/// A flag raised by a validation rule on a submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleFlag {
    pub rule: String,
    pub message_vi: String,
    pub message_en: String,
}

/// A report as submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub id: i64,
    pub plan: String,
    #[serde(with = "crate::unit_text")]
    pub unit: UnitKey,
    pub agency: Option<String>,
    pub period: Period,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by: Option<i64>,
    pub comment: Option<String>,
    pub state: ReportState,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was approved (the lock reason) or returned.
    pub decision_reason: Option<String>,
    pub flags: Vec<RuleFlag>,
}

/// Where an obligation stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Not yet due and not yet submitted.
    Pending,
    OnTime,
    Late,
    /// Past due and not submitted.
    Missing,
}

impl ReportStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportStatus::Pending => "Chưa đến hạn",
            ReportStatus::OnTime => "Đúng hạn",
            ReportStatus::Late => "Nộp muộn",
            ReportStatus::Missing => "Chưa nộp (quá hạn)",
        }
    }
}

/// The calendar day in Vietnam (UTC+7) of an instant.
pub fn vietnam_day(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(7)).date_naive()
}

/// One name per agency: the seeds write the commune's culture and society
/// office three ways ("Phòng Văn hóa - Xã hội", "Phòng VHXH" and, once, the
/// typo "Phòng VHXXH").
pub fn canonical_agency(name: &str) -> String {
    let name = name.trim();
    match name {
        "Phòng VHXH" | "Phòng VHXXH" | "Phòng Văn hoá - Xã hội" => {
            "Phòng Văn hóa - Xã hội".to_owned()
        }
        _ => name.to_owned(),
    }
}

/// The periods a plan asks reports for.
pub fn report_periods(plan: &Plan) -> Vec<Period> {
    let span = plan.period;
    let mut periods = Vec::new();
    for year in span.first.year()..=span.last.year() {
        match plan.report_frequency {
            Frequency::Monthly => {
                periods.extend((1..=12).map(|m| Period::month(crate::Month::new(year, m))))
            }
            Frequency::HalfYearly => periods.extend([Period::half(year, 1), Period::half(year, 2)]),
            Frequency::Yearly => periods.push(Period::year(year)),
        }
    }
    periods.retain(|period| span.contains(*period));
    periods
}

/// Who owes the plan's report due on `due`: for a province or district
/// plan, the units directly below in the structure in force on that day
/// (a legacy plan's reports due after 1 July 2025 come from the 2025 units
/// that took over its territory); for a commune plan, the agencies its
/// targets and tasks name.
pub fn reporters(plan: &Plan, units: &AdminUnits, due: NaiveDate) -> Vec<Reporter> {
    let Ok(unit) = units.get(&plan.unit) else {
        return Vec::new();
    };
    if unit.level == UnitLevel::Commune {
        let agencies: BTreeSet<String> = plan
            .targets
            .iter()
            .filter_map(|target| target.lead_agency.as_deref())
            .chain(plan.tasks.iter().map(|task| task.lead_agency.as_str()))
            .flat_map(|agencies| agencies.split(';'))
            .map(canonical_agency)
            .filter(|agency| !agency.is_empty())
            .collect();
        if agencies.is_empty() {
            return vec![Reporter {
                unit: plan.unit.clone(),
                agency: None,
            }];
        }
        return agencies
            .into_iter()
            .map(|agency| Reporter {
                unit: plan.unit.clone(),
                agency: Some(agency),
            })
            .collect();
    }
    let in_force = UnitStructure::valid_on(due);
    let below: Vec<UnitKey> = if in_force == unit.structure {
        units
            .children(&plan.unit)
            .map(|child| child.key())
            .collect()
    } else if unit.level == UnitLevel::Province {
        match units.roll_up_to_2025(&plan.unit) {
            Ok(province) => units.children(&province.key()).map(|c| c.key()).collect(),
            Err(_) => Vec::new(),
        }
    } else {
        let mut successors: Vec<UnitKey> = units
            .links_from_legacy(unit)
            .map(|link| UnitKey {
                structure: UnitStructure::TwoTier2025,
                code: link.code_2025.clone(),
            })
            .collect();
        successors.sort();
        successors.dedup();
        successors
    };
    below
        .into_iter()
        .map(|unit| Reporter { unit, agency: None })
        .collect()
}

/// Every report the plan asks for whose period has begun by `today`.
pub fn obligations(plan: &Plan, units: &AdminUnits, today: NaiveDate) -> Vec<Obligation> {
    let mut owed = Vec::new();
    for period in report_periods(plan) {
        if period.first_day() > today {
            continue;
        }
        let due = plan.report_due.date_for(period);
        for reporter in reporters(plan, units, due) {
            owed.push(Obligation {
                plan: plan.id.clone(),
                unit: reporter.unit,
                agency: reporter.agency,
                period,
                due,
            });
        }
    }
    owed
}

/// The first submission that answers an obligation.
pub fn answer<'a>(
    obligation: &Obligation,
    submissions: &'a [Submission],
) -> Option<&'a Submission> {
    submissions
        .iter()
        .filter(|s| {
            s.plan == obligation.plan
                && s.unit == obligation.unit
                && s.agency == obligation.agency
                && s.period == obligation.period
        })
        .min_by_key(|s| s.submitted_at)
}

/// Where an obligation stands on `today`.
pub fn status(
    obligation: &Obligation,
    answer: Option<&Submission>,
    today: NaiveDate,
) -> ReportStatus {
    match answer {
        Some(submission) if vietnam_day(submission.submitted_at) <= obligation.due => {
            ReportStatus::OnTime
        }
        Some(_) => ReportStatus::Late,
        None if today > obligation.due => ReportStatus::Missing,
        None => ReportStatus::Pending,
    }
}

/// Completeness and timeliness over the reports already due.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeliness {
    pub due: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub pending: usize,
    /// Submitted ÷ due, in percent.
    pub completeness: Option<f64>,
    /// Submitted on time ÷ due, in percent.
    pub timeliness: Option<f64>,
}

impl Timeliness {
    pub fn of(statuses: impl IntoIterator<Item = ReportStatus>) -> Timeliness {
        let mut rates = Timeliness::default();
        for status in statuses {
            match status {
                ReportStatus::Pending => rates.pending += 1,
                ReportStatus::OnTime => rates.on_time += 1,
                ReportStatus::Late => rates.late += 1,
                ReportStatus::Missing => rates.missing += 1,
            }
        }
        rates.due = rates.on_time + rates.late + rates.missing;
        if rates.due > 0 {
            let due = rates.due as f64;
            rates.completeness = Some(100.0 * (rates.on_time + rates.late) as f64 / due);
            rates.timeliness = Some(100.0 * rates.on_time as f64 / due);
        }
        rates
    }
}

/// Is a period a plan's reporting period kind (for submissions)?
pub fn period_fits(plan: &Plan, period: Period) -> bool {
    let kind = match plan.report_frequency {
        Frequency::Monthly => PeriodKind::Month,
        Frequency::HalfYearly => PeriodKind::Half,
        Frequency::Yearly => PeriodKind::Year,
    };
    period.kind == kind && plan.period.contains(period)
}
