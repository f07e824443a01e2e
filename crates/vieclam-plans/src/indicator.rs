//! Indicators (chỉ số): definitions with a formula over registry events,
//! over figures that agencies submit, or over the job exchange's counts, and
//! the rules that flag suspicious submissions. Shipped as data in
//! `data/plans/indicators.csv` and `data/plans/rules.csv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::cube::Measure;
use crate::PlanError;

const INDICATORS_CSV: &str = include_str!("../../../data/plans/indicators.csv");
const RULES_CSV: &str = include_str!("../../../data/plans/rules.csv");

/// What an indicator's numbers count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureUnit {
    People,
    Percent,
    PercentPerYear,
    Index,
    Sessions,
    VndBillion,
}

impl MeasureUnit {
    pub fn symbol_vi(self) -> &'static str {
        match self {
            MeasureUnit::People => "người",
            MeasureUnit::Percent | MeasureUnit::Index => "%",
            MeasureUnit::PercentPerYear => "%/năm",
            MeasureUnit::Sessions => "phiên",
            MeasureUnit::VndBillion => "tỷ đồng",
        }
    }

    /// Values that are shares must lie within 0–100.
    pub fn is_share(self) -> bool {
        matches!(self, MeasureUnit::Percent | MeasureUnit::Index)
    }
}

/// Where the figures come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Computed from the registers' labour events, live.
    Computed,
    /// Entered by the responsible agency.
    Submitted,
    /// Counted by the job exchange from its own records (sessions held,
    /// counsellings), by unit and month; added up like a submitted sum,
    /// never entered by hand.
    Exchange,
}

impl Source {
    /// Whether agencies enter the figures (a report asks them for it).
    pub fn is_submitted(self) -> bool {
        self == Source::Submitted
    }
}

/// How figures combine over units and over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Added up over units and over the months of a period.
    Sum,
    /// Σ numerator ÷ Σ denominator over units, at the end of the period;
    /// never an average of rates.
    Rate,
    /// The latest figure in the period, for the unit itself (not added up).
    Last,
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

/// A numerator or denominator of a computed indicator: a measure of the
/// statistics cube, optionally over urban cells only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub measure: Measure,
    pub urban_only: bool,
}

impl Term {
    fn parse(text: &str) -> Option<Term> {
        let (name, urban_only) = match text.strip_suffix("@urban") {
            Some(name) => (name, true),
            None => (text, false),
        };
        Some(Term {
            measure: Measure::parse(name)?,
            urban_only,
        })
    }
}

/// An indicator definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: MeasureUnit,
    pub source: Source,
    pub aggregation: Aggregation,
    pub direction: Direction,
    /// For computed indicators: what is counted.
    pub numerator: Option<Term>,
    /// For computed rates: what it is counted among.
    pub denominator: Option<Term>,
    pub definition_vi: String,
    pub definition_en: String,
}

/// The shipped indicators, by code, in file order.
#[derive(Debug)]
pub struct Indicators {
    list: Vec<Indicator>,
    by_code: HashMap<String, usize>,
    rules: Vec<Rule>,
}

impl Indicators {
    /// The indicators and rules in `data/plans`, checked once.
    pub fn embedded() -> &'static Indicators {
        static INDICATORS: OnceLock<Indicators> = OnceLock::new();
        INDICATORS.get_or_init(|| {
            Indicators::from_csv(INDICATORS_CSV, RULES_CSV)
                .unwrap_or_else(|error| panic!("data/plans is broken: {error}"))
        })
    }

    pub fn from_csv(indicators: &str, rules: &str) -> Result<Indicators, PlanError> {
        let bad = |line: usize, what: String| PlanError::BadData {
            file: "indicators.csv",
            line,
            reason: what,
        };
        let mut list = Vec::new();
        let mut reader = csv::Reader::from_reader(indicators.as_bytes());
        for (index, record) in reader.records().enumerate() {
            let line = index + 2;
            let record = record.map_err(|error| bad(line, error.to_string()))?;
            let field = |i: usize| record.get(i).unwrap_or("").to_owned();
            let enum_of = |i: usize| -> Result<String, PlanError> { Ok(field(i)) };
            let unit = match enum_of(3)?.as_str() {
                "people" => MeasureUnit::People,
                "percent" => MeasureUnit::Percent,
                "percent_per_year" => MeasureUnit::PercentPerYear,
                "index" => MeasureUnit::Index,
                "sessions" => MeasureUnit::Sessions,
                "vnd_billion" => MeasureUnit::VndBillion,
                other => return Err(bad(line, format!("unknown measure {other:?}"))),
            };
            let source = match enum_of(4)?.as_str() {
                "computed" => Source::Computed,
                "submitted" => Source::Submitted,
                "exchange" => Source::Exchange,
                other => return Err(bad(line, format!("unknown source {other:?}"))),
            };
            let aggregation = match enum_of(5)?.as_str() {
                "sum" => Aggregation::Sum,
                "rate" => Aggregation::Rate,
                "last" => Aggregation::Last,
                other => return Err(bad(line, format!("unknown aggregation {other:?}"))),
            };
            let direction = match enum_of(6)?.as_str() {
                "higher" => Direction::Higher,
                "lower" => Direction::Lower,
                other => return Err(bad(line, format!("unknown direction {other:?}"))),
            };
            let term = |i: usize| -> Result<Option<Term>, PlanError> {
                let text = field(i);
                if text.is_empty() {
                    return Ok(None);
                }
                Term::parse(&text)
                    .map(Some)
                    .ok_or_else(|| bad(line, format!("unknown measure {text:?}")))
            };
            let indicator = Indicator {
                code: field(0),
                name_vi: field(1),
                name_en: field(2),
                unit,
                source,
                aggregation,
                direction,
                numerator: term(7)?,
                denominator: term(8)?,
                definition_vi: field(9),
                definition_en: field(10),
            };
            let consistent = match (indicator.source, indicator.aggregation) {
                (Source::Computed, Aggregation::Rate) => {
                    indicator.numerator.is_some() && indicator.denominator.is_some()
                }
                (Source::Computed, Aggregation::Sum) => {
                    indicator.numerator.is_some() && indicator.denominator.is_none()
                }
                (Source::Computed, Aggregation::Last) => false,
                (Source::Submitted, _) => {
                    indicator.numerator.is_none()
                        && indicator.denominator.is_none()
                        && indicator.aggregation != Aggregation::Rate
                }
                // Counts by unit and month, added up.
                (Source::Exchange, aggregation) => {
                    indicator.numerator.is_none()
                        && indicator.denominator.is_none()
                        && aggregation == Aggregation::Sum
                }
            };
            if !consistent || indicator.code.is_empty() || indicator.name_vi.is_empty() {
                return Err(bad(
                    line,
                    format!(
                        "{}: source, aggregation and formula disagree",
                        indicator.code
                    ),
                ));
            }
            list.push(indicator);
        }
        let by_code: HashMap<String, usize> = list
            .iter()
            .enumerate()
            .map(|(index, indicator)| (indicator.code.clone(), index))
            .collect();
        if by_code.len() != list.len() {
            return Err(bad(0, "an indicator code is listed twice".to_owned()));
        }
        let mut found = Indicators {
            list,
            by_code,
            rules: Vec::new(),
        };
        found.rules = Rule::from_csv(rules, &found)?;
        Ok(found)
    }

    pub fn all(&self) -> &[Indicator] {
        &self.list
    }

    pub fn get(&self, code: &str) -> Result<&Indicator, PlanError> {
        self.by_code
            .get(code)
            .map(|&index| &self.list[index])
            .ok_or_else(|| PlanError::UnknownIndicator(code.to_owned()))
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

/// How the two sides of a rule compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleOp {
    /// left ≤ right.
    Le,
    /// left may be positive only when right is.
    LeIfZero,
}

/// A validation rule: a submission whose figures break it is flagged as
/// suspicious (not refused: the agency may know something the rule does not).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub code: String,
    pub left: Vec<String>,
    pub op: RuleOp,
    pub right: Vec<String>,
    pub message_vi: String,
    pub message_en: String,
}

impl Rule {
    fn from_csv(text: &str, indicators: &Indicators) -> Result<Vec<Rule>, PlanError> {
        let mut rules = Vec::new();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for (index, record) in reader.records().enumerate() {
            let line = index + 2;
            let bad = |reason: String| PlanError::BadData {
                file: "rules.csv",
                line,
                reason,
            };
            let record = record.map_err(|error| bad(error.to_string()))?;
            let field = |i: usize| record.get(i).unwrap_or("").to_owned();
            let side = |i: usize| -> Result<Vec<String>, PlanError> {
                field(i)
                    .split('+')
                    .map(|code| {
                        indicators
                            .get(code)
                            .map(|indicator| indicator.code.clone())
                            .map_err(|error| bad(error.to_string()))
                    })
                    .collect()
            };
            let op = match field(2).as_str() {
                "le" => RuleOp::Le,
                "le_if_zero" => RuleOp::LeIfZero,
                other => return Err(bad(format!("unknown rule operator {other:?}"))),
            };
            rules.push(Rule {
                code: field(0),
                left: side(1)?,
                op,
                right: side(3)?,
                message_vi: field(4),
                message_en: field(5),
            });
        }
        Ok(rules)
    }

    /// Checks the rule given a way to read each indicator's figure; a side
    /// with a figure missing is not checked.
    pub fn holds(&self, value_of: impl Fn(&str) -> Option<f64>) -> Option<bool> {
        let sum = |codes: &[String]| -> Option<f64> {
            codes.iter().map(|code| value_of(code)).sum::<Option<f64>>()
        };
        let left = sum(&self.left)?;
        let right = sum(&self.right)?;
        Some(match self.op {
            RuleOp::Le => left <= right + 1e-9,
            RuleOp::LeIfZero => left <= 0.0 || right > 0.0,
        })
    }
}
