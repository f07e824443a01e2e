//! Shortage and surplus per occupation in an area, occupations growing and
//! shrinking, and the months a series broke (changepoints) or jumped
//! (outliers).

use augurs::changepoint::{Detector, NormalGammaDetector};
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, SeriesForecast};
use crate::series::{Measure, Selection};

/// One occupation's balance over the months ahead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    /// The occupation code (a sub-major group by default).
    pub occupation: String,
    pub occupation_vi: String,
    /// Forecast positions opened over the horizon (demand).
    pub demand: f64,
    /// Forecast job seekers registered over the horizon (supply).
    pub supply: f64,
    /// Demand minus supply: above zero, workers will be short.
    pub gap: f64,
    /// The gap's 95 % interval (the two forecasts' half-widths added in
    /// quadrature, each summed over the months).
    pub gap_lower: f64,
    pub gap_upper: f64,
    /// `shortage` when the whole interval is above zero, `surplus` when it
    /// is below, `balanced` otherwise.
    pub verdict: String,
    pub verdict_vi: String,
    /// Demand over the horizon against the same number of months before,
    /// in percent (none when there were none before).
    pub demand_growth_percent: Option<f64>,
    pub supply_growth_percent: Option<f64>,
    /// Months where demand or supply broke or jumped.
    pub flags: Vec<Flag>,
    /// `not_enough_data` when either side had no forecast (then demand,
    /// supply and gap are what forecasts exist, zero for the other).
    pub status: String,
}

/// A month a series broke or jumped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flag {
    pub measure: Measure,
    pub month: String,
    /// `changepoint` (the level moved and stayed: a factory closing, a new
    /// industrial park) or `outlier` (one month far from its neighbours).
    pub kind: String,
    pub kind_vi: String,
}

/// The half-width of a horizon's total: the months' half-widths added (as
/// if their errors moved together, which for monthly counts they mostly do).
fn total_half(forecast: &SeriesForecast) -> f64 {
    forecast
        .months
        .iter()
        .map(|month| (month.upper - month.lower) / 2.0)
        .sum()
}

fn growth(forecast: &SeriesForecast, horizon: usize) -> Option<f64> {
    if forecast.months.is_empty() || forecast.history.len() < horizon {
        return None;
    }
    let before = forecast.last_months(horizon);
    (before > 0.0).then(|| (forecast.total() - before) / before * 100.0)
}

/// Months in `values` far from the rest: more than five robust standard
/// deviations (1.4826 × MAD) from the median of the month-to-same-month-
/// last-year changes (month-to-month where there is under two years).
pub fn outliers(values: &[f64]) -> Vec<usize> {
    let lag = if values.len() >= 24 { 12 } else { 1 };
    if values.len() < lag + 6 {
        return Vec::new();
    }
    let changes: Vec<f64> = (lag..values.len())
        .map(|t| values[t] - values[t - lag])
        .collect();
    let median = median(&changes);
    let mad = median_of(changes.iter().map(|c| (c - median).abs()).collect()) * 1.4826;
    if mad <= 0.0 {
        return Vec::new();
    }
    let mut found: Vec<usize> = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        if (change - median).abs() > 5.0 * mad {
            // A jump shows twice: in the month itself and a lag later (as
            // the drop back); the first is the month.
            let month = i + lag;
            if !found.iter().any(|&f| f + lag == month) {
                found.push(month);
            }
        }
    }
    found
}

fn median(values: &[f64]) -> f64 {
    median_of(values.to_vec())
}

fn median_of(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

/// Months where the level of `values` moved and stayed: Bayesian online
/// changepoint detection (augurs, normal-gamma prior) on the series
/// standardised by its median and MAD; the first month is never one.
pub fn changepoints(values: &[f64]) -> Vec<usize> {
    if values.len() < 12 {
        return Vec::new();
    }
    let centre = median(values);
    let spread = median_of(values.iter().map(|v| (v - centre).abs()).collect()) * 1.4826;
    let spread = if spread > 0.0 { spread } else { 1.0 };
    let standardised: Vec<f64> = values.iter().map(|v| (v - centre) / spread).collect();
    let mut detector = NormalGammaDetector::default();
    detector
        .detect_changepoints(&standardised)
        .into_iter()
        .filter(|&month| month > 0 && month < values.len())
        .collect()
}

fn flags(forecast: &SeriesForecast) -> Vec<Flag> {
    let values: Vec<f64> = forecast.history.iter().map(|month| month.value).collect();
    let mut flags = Vec::new();
    for (months, kind, kind_vi) in [
        (changepoints(&values), "changepoint", "Thay đổi mức"),
        (outliers(&values), "outlier", "Tháng bất thường"),
    ] {
        for month in months {
            if let Some(history) = forecast.history.get(month) {
                flags.push(Flag {
                    measure: forecast.measure,
                    month: history.month.clone(),
                    kind: kind.into(),
                    kind_vi: kind_vi.into(),
                });
            }
        }
    }
    flags
}

/// Demand minus supply for each occupation under `level_digits` (2: the
/// sub-major groups) in the cells of `unit_cells`, over `horizon` months,
/// largest shortage first.
pub fn balances(
    engine: &Engine,
    unit_cells: &[u32],
    level_digits: usize,
    horizon: usize,
    occupation_name: impl Fn(&str) -> String,
) -> Vec<Balance> {
    let mut cells = unit_cells.to_vec();
    cells.sort_unstable();
    let mut codes: Vec<String> = engine
        .ledger()
        .groups()
        .iter()
        .filter_map(|group| group.get(..level_digits.clamp(1, 4)).map(str::to_string))
        .collect();
    codes.sort();
    codes.dedup();
    let mut balances: Vec<Balance> = codes
        .into_iter()
        .filter_map(|code| {
            let selection = Selection {
                occupation: Some(code.clone()),
                cells: cells.clone(),
            };
            let demand = engine.forecast(Measure::Positions, &selection, horizon);
            let supply = engine.forecast(Measure::Seekers, &selection, horizon);
            if demand.history.is_empty() && supply.history.is_empty() {
                return None;
            }
            let gap = demand.total() - supply.total();
            let half = (total_half(&demand).powi(2) + total_half(&supply).powi(2)).sqrt();
            let complete = demand.status == "forecast" && supply.status == "forecast";
            let (verdict, verdict_vi) = if !complete {
                ("unknown", "Chưa đủ số liệu")
            } else if gap - half > 0.0 {
                ("shortage", "Thiếu lao động")
            } else if gap + half < 0.0 {
                ("surplus", "Dư lao động")
            } else {
                ("balanced", "Cân đối")
            };
            let mut flags = flags(&demand);
            flags.extend(self::flags(&supply));
            Some(Balance {
                occupation_vi: occupation_name(&code),
                occupation: code,
                demand: demand.total(),
                supply: supply.total(),
                gap,
                gap_lower: gap - half,
                gap_upper: gap + half,
                verdict: verdict.into(),
                verdict_vi: verdict_vi.into(),
                demand_growth_percent: growth(&demand, horizon),
                supply_growth_percent: growth(&supply, horizon),
                flags,
                status: if complete {
                    "forecast".into()
                } else {
                    "not_enough_data".into()
                },
            })
        })
        .collect();
    balances.sort_by(|a, b| {
        b.gap
            .total_cmp(&a.gap)
            .then_with(|| a.occupation.cmp(&b.occupation))
    });
    balances
}

/// The codes of the `n` occupations whose demand grows most (largest first)
/// and of the `n` whose demand shrinks most (largest fall first).
pub fn growing_and_shrinking(balances: &[Balance], n: usize) -> (Vec<String>, Vec<String>) {
    let mut by_growth: Vec<(&str, f64)> = balances
        .iter()
        .filter_map(|row| {
            row.demand_growth_percent
                .map(|growth| (row.occupation.as_str(), growth))
        })
        .collect();
    by_growth.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let growing = by_growth
        .iter()
        .filter(|(_, growth)| *growth > 0.0)
        .take(n)
        .map(|(code, _)| code.to_string())
        .collect();
    let shrinking = by_growth
        .iter()
        .rev()
        .filter(|(_, growth)| *growth < 0.0)
        .take(n)
        .map(|(code, _)| code.to_string())
        .collect();
    (growing, shrinking)
}
