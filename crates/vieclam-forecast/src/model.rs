//! The models and the race between them.
//!
//! Four models of a monthly series run in the race: the seasonal naive
//! (each month as the same month last year), drift (the straight line from
//! the first to the last point), AutoETS (augurs: the exponential-smoothing
//! form with the best AICc, without season) and MSTL (augurs: the series less
//! its yearly season, smoothed by AutoETS, the season added back). augurs
//! 0.10 has no seasonal AutoETS (a seasonal specification is refused or
//! silently made non-seasonal), which is why the season goes through MSTL.
//!
//! Each series picks its model by back-test: the last months before the
//! forecast origin are held out at two origins, each model forecasts them
//! from what came before, and the model with the lowest mean absolute
//! scaled error (MASE) wins; a tie goes to the simpler model. The winner is
//! then fitted on the whole history. A sparse series — under one count a
//! month, or counts in under half of its last twelve months (most commune ×
//! occupation series, and a commune where one employer once sought a
//! hundred workers) — is forecast by its last year's mean: a race on a
//! column of zeros and spikes picks noise, and drift would run a spike
//! down to zero.
//!
//! Every number that leaves this module is finite and at least zero (the
//! series are counts); a model that fails or answers a non-finite number
//! drops out of the race, and a series too short for any model answers
//! [`Outcome::NotEnoughData`].

use augurs::ets::AutoETS;
use augurs::mstl::MSTLModel;
use augurs::prelude::*;
use serde::{Deserialize, Serialize};

/// Months in a season.
pub const SEASON: usize = 12;
/// The longest history a model sees: older months are dropped (a labour
/// market ten years ago says little about the next year, and fitting time
/// grows with length).
pub const MAX_HISTORY: usize = 120;
/// The shortest series that gets a forecast.
pub const MIN_POINTS: usize = 6;
/// The farthest month ahead.
pub const MAX_HORIZON: usize = 24;
/// The prediction intervals' level.
pub const LEVEL: f64 = 0.95;
/// The standard normal quantile of [`LEVEL`]'s upper bound.
const Z: f64 = 1.959_963_984_540_054;
/// A series whose recent months average below this (or that has counts in
/// under half of them) is forecast by its mean.
pub const SPARSE_MEAN: f64 = 1.0;
/// The exponential-smoothing forms AutoETS chooses among: additive errors,
/// any trend (none, additive, damped), no season (the season is MSTL's).
/// Multiplicative errors would double the fits for no gain measured on
/// `us_employment` (see `vieclam bench forecast`).
pub const ETS_SPEC: &str = "AZN";
/// Origins of the back-test that picks a model.
const RACE_ORIGINS: usize = 2;

/// A forecasting method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The mean of the last twelve months (sparse series).
    Mean,
    /// The same month a year before.
    SeasonalNaive,
    /// The line from the first point to the last.
    Drift,
    /// augurs AutoETS, no season.
    Ets,
    /// augurs MSTL (yearly season) with AutoETS on what is left.
    MstlEts,
}

impl Method {
    /// The models that race, simplest first (the order breaks ties).
    pub const RACE: [Method; 4] = [
        Method::SeasonalNaive,
        Method::Drift,
        Method::Ets,
        Method::MstlEts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Mean => "mean",
            Method::SeasonalNaive => "seasonal_naive",
            Method::Drift => "drift",
            Method::Ets => "ets",
            Method::MstlEts => "mstl_ets",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Method::Mean => "Trung bình 12 tháng",
            Method::SeasonalNaive => "Cùng kỳ năm trước",
            Method::Drift => "Xu hướng tuyến tính",
            Method::Ets => "San bằng mũ (ETS)",
            Method::MstlEts => "Mùa vụ + san bằng mũ (MSTL-ETS)",
        }
    }

    /// The fewest points a method fits on.
    pub fn min_points(self) -> usize {
        match self {
            Method::Mean => 1,
            Method::Drift => 2,
            Method::Ets => 4,
            Method::SeasonalNaive => SEASON + 1,
            // MSTL needs two full seasons.
            Method::MstlEts => 2 * SEASON,
        }
    }
}

/// Point forecasts with their interval, one value per month ahead.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub point: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

impl Prediction {
    fn finite(&self) -> bool {
        self.point
            .iter()
            .chain(&self.lower)
            .chain(&self.upper)
            .all(|value| value.is_finite())
    }

    /// Counts are never negative: every bound is cut at zero.
    fn at_least_zero(mut self) -> Prediction {
        for value in self
            .point
            .iter_mut()
            .chain(&mut self.lower)
            .chain(&mut self.upper)
        {
            *value = value.max(0.0);
        }
        self
    }
}

/// The forecast of one series.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    pub method: Method,
    pub prediction: Prediction,
    /// The winner's MASE in the race (none for a sparse series' mean).
    pub race_mase: Option<f64>,
}

/// What a series gets.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Forecast(Forecast),
    /// Fewer than [`MIN_POINTS`] months (an empty or one-point series).
    NotEnoughData {
        points: usize,
        needed: usize,
    },
}

fn sd(residuals: impl Iterator<Item = f64>, dof: usize) -> f64 {
    let (mut sum, mut n) = (0.0, 0);
    for residual in residuals {
        sum += residual * residual;
        n += 1;
    }
    if n <= dof {
        0.0
    } else {
        (sum / (n - dof) as f64).sqrt()
    }
}

/// One method's forecast of `history`, `horizon` months ahead, with 95 %
/// intervals (the benchmark methods' intervals as Hyndman & Athanasopoulos,
/// *Forecasting: Principles and Practice*, §5.5, give them). `None` when the
/// method cannot fit the series or answers a non-finite number.
pub fn predict(method: Method, history: &[f64], horizon: usize) -> Option<Prediction> {
    let n = history.len();
    if n < method.min_points() || horizon == 0 {
        return None;
    }
    let prediction = match method {
        Method::Mean => {
            let recent = &history[n.saturating_sub(SEASON)..];
            let t = recent.len() as f64;
            let mean = recent.iter().sum::<f64>() / t;
            let sigma = sd(recent.iter().map(|value| value - mean), 1);
            let half = Z * sigma * (1.0 + 1.0 / t).sqrt();
            Prediction {
                point: vec![mean; horizon],
                lower: vec![mean - half; horizon],
                upper: vec![mean + half; horizon],
            }
        }
        Method::SeasonalNaive => {
            let sigma = sd((SEASON..n).map(|t| history[t] - history[t - SEASON]), 0);
            let mut prediction = Prediction {
                point: Vec::with_capacity(horizon),
                lower: Vec::with_capacity(horizon),
                upper: Vec::with_capacity(horizon),
            };
            for step in 0..horizon {
                let value = history[n - SEASON + step % SEASON];
                let half = Z * sigma * ((step / SEASON + 1) as f64).sqrt();
                prediction.point.push(value);
                prediction.lower.push(value - half);
                prediction.upper.push(value + half);
            }
            prediction
        }
        Method::Drift => {
            let slope = (history[n - 1] - history[0]) / (n - 1) as f64;
            let sigma = sd((1..n).map(|t| history[t] - history[t - 1] - slope), 1);
            let t = n as f64;
            let mut prediction = Prediction {
                point: Vec::with_capacity(horizon),
                lower: Vec::with_capacity(horizon),
                upper: Vec::with_capacity(horizon),
            };
            for step in 1..=horizon {
                let h = step as f64;
                let value = history[n - 1] + h * slope;
                let half = Z * sigma * (h * (1.0 + h / t)).sqrt();
                prediction.point.push(value);
                prediction.lower.push(value - half);
                prediction.upper.push(value + half);
            }
            prediction
        }
        Method::Ets => {
            let fitted = auto_ets()?.fit(history).ok()?;
            from_augurs(fitted.predict(horizon, LEVEL).ok()?)?
        }
        Method::MstlEts => {
            let model = MSTLModel::new(vec![SEASON], auto_ets()?.into_trend_model());
            let fitted = model.fit(history).ok()?;
            from_augurs(fitted.predict(horizon, LEVEL).ok()?)?
        }
    };
    prediction.finite().then_some(prediction)
}

/// AutoETS without season, over the forms [`ETS_SPEC`] allows.
fn auto_ets() -> Option<AutoETS> {
    AutoETS::new(1, ETS_SPEC).ok()
}

fn from_augurs(forecast: augurs::Forecast) -> Option<Prediction> {
    let intervals = forecast.intervals?;
    Some(Prediction {
        point: forecast.point,
        lower: intervals.lower,
        upper: intervals.upper,
    })
}

/// The scale of MASE: the mean absolute change from the same month a year
/// before in `history` (from the month before where it is shorter than two
/// seasons); `None` for a flat history.
pub fn mase_scale(history: &[f64]) -> Option<f64> {
    let lag = if history.len() > SEASON + 1 {
        SEASON
    } else {
        1
    };
    if history.len() <= lag {
        return None;
    }
    let scale = (lag..history.len())
        .map(|t| (history[t] - history[t - lag]).abs())
        .sum::<f64>()
        / (history.len() - lag) as f64;
    (scale > 0.0).then_some(scale)
}

/// Mean absolute error of `forecast` against `actual`, over `scale`.
pub fn mase(actual: &[f64], forecast: &[f64], scale: f64) -> f64 {
    let n = actual.len().min(forecast.len()).max(1);
    actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).abs())
        .sum::<f64>()
        / n as f64
        / scale
}

/// Symmetric MAPE in percent (0–200); a month where both are zero adds 0.
pub fn smape(actual: &[f64], forecast: &[f64]) -> f64 {
    let n = actual.len().min(forecast.len()).max(1);
    200.0
        * actual
            .iter()
            .zip(forecast)
            .map(|(a, f)| {
                let denominator = a.abs() + f.abs();
                if denominator == 0.0 {
                    0.0
                } else {
                    (a - f).abs() / denominator
                }
            })
            .sum::<f64>()
        / n as f64
}

/// The months a history keeps: the last [`MAX_HISTORY`].
pub fn recent(history: &[f64]) -> &[f64] {
    &history[history.len().saturating_sub(MAX_HISTORY)..]
}

/// The method `history` gets by back-test, with its MASE there; `None`
/// when no model fits any origin.
pub fn race(history: &[f64], horizon: usize) -> Option<(Method, f64)> {
    let n = history.len();
    // Held-out months per origin: the horizon, at most a season, at most a
    // third of the history.
    let held = horizon.clamp(1, SEASON).min(n / 3).max(1);
    let mut origins: Vec<usize> = (1..=RACE_ORIGINS)
        .filter_map(|k| n.checked_sub(k * held))
        .filter(|&origin| origin >= 2)
        .collect();
    let &latest = origins.first()?;
    // The models that fit at the latest origin race; an earlier origin
    // counts only where every one of them fits there too (a short series
    // races on one origin rather than without its seasonal models).
    let methods: Vec<Method> = Method::RACE
        .into_iter()
        .filter(|method| method.min_points() <= latest)
        .collect();
    let needed = methods.iter().map(|m| m.min_points()).max().unwrap_or(2);
    origins.retain(|&origin| origin >= needed);
    let mut best: Option<(Method, f64)> = None;
    for method in methods {
        let mut total = 0.0;
        let mut scored = 0;
        for &origin in &origins {
            let train = &history[..origin];
            let test = &history[origin..(origin + held).min(n)];
            let Some(prediction) = predict(method, train, test.len()) else {
                break;
            };
            let scale = mase_scale(train).unwrap_or(1.0);
            let point: Vec<f64> = prediction.point.iter().map(|v| v.max(0.0)).collect();
            total += mase(test, &point, scale);
            scored += 1;
        }
        if scored == 0 || scored < origins.len() {
            continue;
        }
        let score = total / scored as f64;
        if !score.is_finite() {
            continue;
        }
        if best.is_none_or(|(_, best_score)| score < best_score - 1e-9) {
            best = Some((method, score));
        }
    }
    best
}

/// The forecast of a monthly count series, `horizon` months ahead (1–24):
/// the model chosen by back-test, fitted on the last [`MAX_HISTORY`]
/// months.
pub fn forecast(history: &[f64], horizon: usize) -> Outcome {
    let horizon = horizon.clamp(1, MAX_HORIZON);
    let history = recent(history);
    if history.len() < MIN_POINTS || history.iter().any(|value| !value.is_finite()) {
        return Outcome::NotEnoughData {
            points: history.len(),
            needed: MIN_POINTS,
        };
    }
    let last_year = &history[history.len().saturating_sub(SEASON)..];
    let nonzero = last_year.iter().filter(|value| **value != 0.0).count();
    let sparse = last_year.iter().sum::<f64>() / (last_year.len() as f64) < SPARSE_MEAN
        || 2 * nonzero < last_year.len();
    let chosen = if sparse { None } else { race(history, horizon) };
    let fitted = chosen.and_then(|(method, score)| {
        predict(method, history, horizon).map(|prediction| (method, prediction, Some(score)))
    });
    let (method, prediction, race_mase) = match fitted {
        Some(fitted) => fitted,
        None => match predict(Method::Mean, history, horizon) {
            Some(prediction) => (Method::Mean, prediction, None),
            None => {
                return Outcome::NotEnoughData {
                    points: history.len(),
                    needed: MIN_POINTS,
                }
            }
        },
    };
    Outcome::Forecast(Forecast {
        method,
        prediction: prediction.at_least_zero(),
        race_mase,
    })
}
