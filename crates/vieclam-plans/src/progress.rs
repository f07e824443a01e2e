//! Progress: a target against its actual, with a status.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::actuals::Actual;
use crate::indicator::{Aggregation, Direction, Indicator};
use crate::plan::{Bound, Target};

/// Where a target stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// The target is met (for a period still running: met already).
    Achieved,
    /// The period is running and the actual keeps pace with the target.
    OnTrack,
    /// Behind the pace, or the period ended without meeting the target.
    Behind,
    /// Nothing to compare yet.
    NoData,
}

impl ProgressStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            ProgressStatus::Achieved => "Đạt",
            ProgressStatus::OnTrack => "Đúng tiến độ",
            ProgressStatus::Behind => "Chậm tiến độ",
            ProgressStatus::NoData => "Chưa có số liệu",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ProgressStatus::Achieved => "achieved",
            ProgressStatus::OnTrack => "on track",
            ProgressStatus::Behind => "behind",
            ProgressStatus::NoData => "no data",
        }
    }
}

/// One row of a progress table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressRow {
    pub indicator: String,
    pub indicator_vi: String,
    pub indicator_en: String,
    pub measure: String,
    pub unit: String,
    pub unit_name: String,
    pub period: String,
    pub target: Target,
    /// As the plan writes it: "160.000", "< 4", "75–80".
    pub target_label: String,
    pub actual: Actual,
    /// Actual as a percentage of the target's figure (the target's figure as
    /// a percentage of the actual where lower is better).
    pub percent_achieved: Option<f64>,
    /// For a summed indicator in a running period: the share of the target
    /// due by now, pro rata of the months elapsed.
    pub expected_by_now: Option<f64>,
    pub status: ProgressStatus,
    pub status_vi: String,
    /// Where the figure is heading by the end of the period, for a running
    /// or future period of an indicator with a monthly series (filled in by
    /// the forecasting engine; none otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection: Option<Projection>,
}

/// The figure a target's indicator is forecast to reach at the end of its
/// period: what is recorded so far plus the months still to come, with a
/// 95 % interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub value: f64,
    pub lower: f64,
    pub upper: f64,
    /// The model, as `vieclam-forecast` names it.
    pub method: String,
    pub method_vi: String,
    /// Would the projected value meet the target?
    pub meets_target: bool,
    /// Months forecast (the rest is recorded).
    pub months_ahead: usize,
}

/// Is the bound met by `actual`? A plain figure is a floor, or a ceiling
/// where lower is better. A range ("đạt 75–80 %", "400–600 lao động") is
/// the span the plan expects: it is met once the actual reaches the
/// near end — going beyond it is not a failure (at or above the low end
/// where higher is better, at or below the high end where lower is).
pub fn meets(bound: Bound, direction: Direction, actual: f64) -> bool {
    let epsilon = 1e-9;
    match bound {
        Bound::Eq { value } => match direction {
            Direction::Higher => actual + epsilon >= value,
            Direction::Lower => actual <= value + epsilon,
        },
        Bound::Lt { value } => actual < value,
        Bound::Le { value } => actual <= value + epsilon,
        Bound::Gt { value } => actual > value,
        Bound::Ge { value } => actual + epsilon >= value,
        Bound::Range { low, high } => match direction {
            Direction::Higher => actual + epsilon >= low,
            Direction::Lower => actual <= high + epsilon,
        },
    }
}

/// Compares a target with its actual as of `today`.
pub fn evaluate(
    indicator: &Indicator,
    target: &Target,
    actual: Actual,
    today: NaiveDate,
) -> (Option<f64>, Option<f64>, ProgressStatus) {
    let headline = target.bound.headline();
    let summed = indicator.aggregation == Aggregation::Sum;
    let expected = (summed && today <= target.period.last_day())
        .then(|| headline * target.period.elapsed_fraction(today));
    let Some(value) = actual.value else {
        return (None, expected, ProgressStatus::NoData);
    };
    let percent = match indicator.direction {
        Direction::Higher => (headline > 0.0).then(|| 100.0 * value / headline),
        Direction::Lower => (value > 0.0).then(|| 100.0 * headline / value),
    };
    let met = meets(target.bound, indicator.direction, value);
    let ended = today > target.period.last_day();
    let status = if met {
        ProgressStatus::Achieved
    } else if ended {
        ProgressStatus::Behind
    } else if let Some(expected) = expected {
        if value + 1e-9 >= expected {
            ProgressStatus::OnTrack
        } else {
            ProgressStatus::Behind
        }
    } else {
        ProgressStatus::Behind
    };
    // A running period of a rate: "achieved" would claim the end result.
    let status = if met && !ended && !summed {
        ProgressStatus::OnTrack
    } else {
        status
    };
    (percent, expected, status)
}

/// Which targets of a plan a progress table shows: those of `unit` and the
/// units within it, in `period` (every target of the plan when `None`).
pub fn selected<'a>(
    plan: &'a crate::Plan,
    units: &vieclam_domain::AdminUnits,
    unit: &vieclam_domain::UnitKey,
    period: Option<crate::Period>,
) -> Vec<&'a Target> {
    plan.targets
        .iter()
        .filter(|target| crate::actuals::unit_counts_for(units, &target.unit, unit))
        .filter(|target| period.is_none_or(|period| period.contains(target.period)))
        .collect()
}

/// The progress table of a plan for a unit and everything within it.
pub fn table(
    plan: &crate::Plan,
    units: &vieclam_domain::AdminUnits,
    statistics: &crate::Statistics,
    values: &[crate::DataValue],
    unit: &vieclam_domain::UnitKey,
    period: Option<crate::Period>,
    today: NaiveDate,
) -> Vec<ProgressRow> {
    let indicators = crate::Indicators::embedded();
    selected(plan, units, unit, period)
        .into_iter()
        .filter_map(|target| {
            let indicator = indicators.get(&target.indicator).ok()?;
            let actual = crate::actuals::actual(
                indicator,
                statistics,
                values,
                units,
                &target.unit,
                target.period,
            );
            let (percent_achieved, expected_by_now, status) =
                evaluate(indicator, target, actual, today);
            Some(ProgressRow {
                indicator: indicator.code.clone(),
                indicator_vi: indicator.name_vi.clone(),
                indicator_en: indicator.name_en.clone(),
                measure: indicator.unit.symbol_vi().to_owned(),
                unit: target.unit.to_string(),
                unit_name: units
                    .get(&target.unit)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                period: target.period.to_string(),
                target: target.clone(),
                target_label: target.bound.label(),
                actual,
                percent_achieved,
                expected_by_now,
                status,
                status_vi: status.label_vi().to_owned(),
                projection: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_met_from_its_near_end_on() {
        let range = Bound::Range {
            low: 55.0,
            high: 60.0,
        };
        assert!(!meets(range, Direction::Higher, 54.9));
        assert!(meets(range, Direction::Higher, 55.0));
        assert!(meets(range, Direction::Higher, 63.5));
        assert!(meets(range, Direction::Lower, 60.0));
        assert!(meets(range, Direction::Lower, 40.0));
        assert!(!meets(range, Direction::Lower, 60.5));
    }
}
