//! Plans, targets, indicators and the reporting cycle (MISSION.md §4).
//!
//! - [`indicator`]: indicator definitions and validation rules, as data;
//! - [`period`]: months, quarters, halves, years and spans;
//! - [`plan`]: plan documents, targets with bounds and ranges, allocations,
//!   task matrices, and the fixtures of the four seed plans;
//! - [`cube`]: the live statistics cube that computed indicators read;
//! - [`actuals`]: an indicator's figure for any unit and period, computed,
//!   submitted or counted by the job exchange, rolled up over the hierarchy,
//!   the crosswalk and time;
//! - [`progress`]: target against actual, with a status;
//! - [`reporting`]: who owes which report by when, and what is late or
//!   missing.
//!
//! No I/O here: the store keeps plans, submitted figures and reports; the
//! server keeps the cube current.

pub mod actuals;
pub mod cube;
pub mod indicator;
pub mod period;
pub mod plan;
pub mod progress;
pub mod reporting;

pub use actuals::{unit_counts_for, Actual, DataValue, Statistics};
pub use cube::{Cells, Cube, EventFact, FactValues, Measure, WorkerFacts};
pub use indicator::{Aggregation, Direction, Indicator, Indicators, MeasureUnit, Rule, Source};
pub use period::{Month, Period, PeriodKind};
pub use plan::{fixtures, Allocation, Bound, Due, Frequency, Plan, Target, Task};
pub use progress::{ProgressRow, ProgressStatus, Projection};
pub use reporting::{Obligation, ReportState, ReportStatus, Submission, Timeliness};

/// Errors of plan data and requests about plans.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("malformed period {0:?}: expected 2021, 2021-Q1, 2021-H1, 2021-03 or 2023..2030")]
    BadPeriod(String),
    #[error("unknown indicator {0:?}")]
    UnknownIndicator(String),
    #[error("{file} line {line}: {reason}")]
    BadData {
        file: &'static str,
        line: usize,
        reason: String,
    },
    #[error("invalid plan: {0}")]
    Invalid(String),
}

impl PlanError {
    pub fn message_vi(&self) -> String {
        match self {
            PlanError::BadPeriod(text) => format!(
                "Kỳ báo cáo {text:?} không đúng dạng: 2021, 2021-Q1 (quý), 2021-H1 (6 tháng), 2021-03 (tháng) hoặc 2023..2030"
            ),
            PlanError::UnknownIndicator(code) => format!("Không có chỉ số {code:?}"),
            PlanError::BadData { file, line, reason } => {
                format!("Dữ liệu {file} dòng {line} sai: {reason}")
            }
            PlanError::Invalid(reason) => format!("Kế hoạch không hợp lệ: {reason}"),
        }
    }
}

/// A number as Vietnamese documents write it: `160.000`, `71,5`, `3.650`.
pub fn format_number(value: f64) -> String {
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let fraction = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    if fraction > 0 {
        let text = format!("{fraction:02}");
        grouped.push(',');
        grouped.push_str(text.trim_end_matches('0'));
    }
    if negative {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_the_vietnamese_way() {
        assert_eq!(super::format_number(160_000.0), "160.000");
        assert_eq!(super::format_number(71.5), "71,5");
        assert_eq!(super::format_number(3650.0), "3.650");
        assert_eq!(super::format_number(4.0), "4");
        assert_eq!(super::format_number(0.25), "0,25");
    }
}

/// Serde for a unit written as people and the API write it: `2025:01`,
/// `legacy:001`.
pub mod unit_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use vieclam_domain::UnitKey;

    pub fn serialize<S: Serializer>(unit: &UnitKey, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(unit)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<UnitKey, D::Error> {
        let text = String::deserialize(deserializer)?;
        if !text.contains(':') {
            return Err(serde::de::Error::custom(format!(
                "unit {text:?} needs its structure: 2025:{text} or legacy:{text}"
            )));
        }
        UnitKey::parse(&text, chrono::NaiveDate::MAX).map_err(serde::de::Error::custom)
    }
}
