//! Forecasts coherent across the hierarchy, reconciled bottom-up.
//!
//! Every bottom series (a measure in one commune for one unit group) is
//! forecast once when the engine is built, and any series above it —
//! a ward or a province, a legacy district, a sub-major or a major group,
//! or every occupation — takes as its point forecast the sum of the bottom
//! forecasts under it. Points are kept in millionths of a count as
//! integers, so communes add up to their province and unit groups to their
//! sub-major exactly, in either administrative structure.
//!
//! Why bottom-up and not MinT: MinT weights each level by the covariance of
//! the base forecasts' errors, estimated from their in-sample residuals.
//! Here the bottom level has tens of thousands of series and a few dozen
//! months each; that covariance cannot be estimated (more series than
//! months makes it singular, and a shrunk one is mostly the shrinkage
//! target), and the grouped structure (units × occupations × two
//! administrative structures) would have to be inverted on every request.
//! Counts are also additive by nature: an officer reading a commune's
//! figure expects the district's to be their sum. The cost, the noise of
//! sparse bottom series, is measured by `vieclam bench forecast` (the
//! aggregate's MASE bottom-up beside its own direct forecast).
//!
//! The interval of a series above the bottom is its own model's (fitted on
//! the series itself, chosen by back-test), placed around the reconciled
//! point: summing bottom intervals would need the same covariance.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{self, Method, Outcome, MAX_HORIZON, MIN_POINTS};
use crate::series::{Ledger, Measure, Selection};
use vieclam_plans::period::Month;

/// Millionths of a count: the unit of reconciled points.
pub const MICRO: f64 = 1e6;

/// One month ahead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastMonth {
    /// "2027-03".
    pub month: String,
    pub point: f64,
    /// The 95 % prediction interval.
    pub lower: f64,
    pub upper: f64,
}

/// A month of history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryMonth {
    pub month: String,
    pub value: f64,
}

/// The answer for one series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesForecast {
    pub measure: Measure,
    /// From the first month with a count.
    pub history: Vec<HistoryMonth>,
    /// `forecast` or `not_enough_data`.
    pub status: String,
    /// "Chưa đủ số liệu…" when there is no forecast.
    pub message_vi: Option<String>,
    pub message_en: Option<String>,
    /// The model the series' own back-test chose (its interval's source).
    pub method: Option<Method>,
    pub method_vi: Option<String>,
    /// Its MASE in that back-test.
    pub backtest_mase: Option<f64>,
    /// Always `bottom_up`.
    pub reconciliation: String,
    pub months: Vec<ForecastMonth>,
}

impl SeriesForecast {
    fn not_enough(measure: Measure, history: Vec<HistoryMonth>, points: usize) -> SeriesForecast {
        SeriesForecast {
            measure,
            history,
            status: "not_enough_data".into(),
            message_vi: Some(format!(
                "Chưa đủ số liệu để dự báo: có {points} tháng, cần ít nhất {MIN_POINTS} tháng."
            )),
            message_en: Some(format!(
                "Not enough data to forecast: {points} months, at least {MIN_POINTS} needed."
            )),
            method: None,
            method_vi: None,
            backtest_mase: None,
            reconciliation: "bottom_up".into(),
            months: Vec::new(),
        }
    }

    /// The sum of the points over the months ahead.
    pub fn total(&self) -> f64 {
        self.months.iter().map(|month| month.point).sum()
    }

    /// The sum of the last `n` months of history.
    pub fn last_months(&self, n: usize) -> f64 {
        let history = &self.history[self.history.len().saturating_sub(n)..];
        history.iter().map(|month| month.value).sum()
    }
}

/// A bottom series' method (none: too short) and its points in millionths.
type BottomForecast = (Option<Method>, Box<[i64]>);

/// Every bottom series forecast, ready to add up.
#[derive(Debug)]
pub struct Engine {
    ledger: Ledger,
    /// The points of each bottom series, as [`Ledger::bottom`] orders them.
    bottom: Vec<Box<[i64]>>,
    /// How many bottom series each method forecast (`None`: too short, its
    /// mean carried).
    methods: HashMap<Option<Method>, usize>,
}

/// The point forecast a bottom series contributes: its model's over the
/// whole window of its measure (zeros before its first count included, so
/// that a count in a series' first month is not taken for its rate), or,
/// when the window itself is too short for a model, the mean of what it
/// holds. Sparse series take their last year's mean, so over a unit the
/// sparse parts add up to the unit's own mean.
fn bottom_points(values: &[f64]) -> (Option<Method>, Vec<f64>) {
    match model::forecast(values, MAX_HORIZON) {
        Outcome::Forecast(forecast) => (Some(forecast.method), forecast.prediction.point),
        Outcome::NotEnoughData { .. } => {
            let last_year = &values[values.len().saturating_sub(model::SEASON)..];
            let mean = if last_year.is_empty() {
                0.0
            } else {
                last_year.iter().sum::<f64>() / last_year.len() as f64
            };
            (None, vec![mean; MAX_HORIZON])
        }
    }
}

fn to_micro(points: &[f64]) -> Box<[i64]> {
    points
        .iter()
        .map(|&point| (point.max(0.0) * MICRO).round() as i64)
        .collect()
}

impl Engine {
    /// Forecasts every bottom series of `ledger` on `threads` threads.
    pub fn build(ledger: Ledger, threads: usize) -> Engine {
        let keys = ledger.bottom();
        let threads = threads.clamp(1, 64);
        let chunk = keys.len().div_ceil(threads).max(1);
        let results: Vec<Vec<BottomForecast>> = std::thread::scope(|scope| {
            let handles: Vec<_> = keys
                .chunks(chunk)
                .map(|part| {
                    let n = part.len();
                    let handle = scope.spawn(move || {
                        part.iter()
                            .map(|(_, values)| {
                                let (method, points) = bottom_points(values);
                                (method, to_micro(&points))
                            })
                            .collect::<Vec<_>>()
                    });
                    (n, handle)
                })
                .collect();
            // A part whose thread failed contributes zeros, so that the
            // points stay aligned with their series.
            handles
                .into_iter()
                .map(|(n, handle)| {
                    handle.join().unwrap_or_else(|_| {
                        vec![(None, vec![0i64; MAX_HORIZON].into_boxed_slice()); n]
                    })
                })
                .collect()
        });
        let mut bottom = Vec::with_capacity(keys.len());
        let mut methods = HashMap::new();
        for (method, points) in results.into_iter().flatten() {
            *methods.entry(method).or_default() += 1;
            bottom.push(points);
        }
        Engine {
            ledger,
            bottom,
            methods,
        }
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// How many bottom series each method forecast.
    pub fn methods(&self) -> &HashMap<Option<Method>, usize> {
        &self.methods
    }

    /// The reconciled points of `selection`, in millionths, for
    /// [`MAX_HORIZON`] months: the sum of its bottom series' points.
    pub fn reconciled_micro(&self, measure: Measure, selection: &Selection) -> Vec<i64> {
        let mut total = vec![0i64; MAX_HORIZON];
        for i in self.ledger.selected(measure, selection) {
            for (sum, point) in total.iter_mut().zip(self.bottom[i].iter()) {
                *sum += point;
            }
        }
        total
    }

    /// The forecast of one series, `horizon` months ahead (1–24).
    pub fn forecast(
        &self,
        measure: Measure,
        selection: &Selection,
        horizon: usize,
    ) -> SeriesForecast {
        let horizon = horizon.clamp(1, MAX_HORIZON);
        let series = self.ledger.series(measure, selection).from_first_count();
        let history: Vec<HistoryMonth> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, &value)| HistoryMonth {
                month: Month(series.start.0 + i as i32).to_string(),
                value,
            })
            .collect();
        let own = match model::forecast(&series.values, horizon) {
            Outcome::Forecast(forecast) => forecast,
            Outcome::NotEnoughData { points, .. } => {
                return SeriesForecast::not_enough(measure, history, points)
            }
        };
        let reconciled = self.reconciled_micro(measure, selection);
        let last = self.ledger.last();
        let own_points = &own.prediction;
        let months = (0..horizon)
            .map(|step| {
                let point = reconciled[step] as f64 / MICRO;
                let below = (own_points.point[step] - own_points.lower[step]).max(0.0);
                let above = (own_points.upper[step] - own_points.point[step]).max(0.0);
                ForecastMonth {
                    month: Month(last.0 + 1 + step as i32).to_string(),
                    point,
                    lower: (point - below).max(0.0),
                    upper: point + above,
                }
            })
            .collect();
        SeriesForecast {
            measure,
            history,
            status: "forecast".into(),
            message_vi: None,
            message_en: None,
            method: Some(own.method),
            method_vi: Some(own.method.label_vi().into()),
            backtest_mase: own.race_mase.filter(|mase| mase.is_finite()),
            reconciliation: "bottom_up".into(),
            months,
        }
    }
}
