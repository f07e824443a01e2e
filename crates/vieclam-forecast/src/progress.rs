//! The forecast line of plan progress: where a computed indicator is
//! heading by the end of its target's period.
//!
//! A summed indicator (new jobs, workers gone abroad under contract) is
//! what the months already over recorded in the period, plus the forecast
//! of every month from this one to the period's end. A rate (the
//! unemployment rate, the share trained) is the forecast of its numerator
//! over the forecast of its denominator at the period's last month, each a
//! series of month-end levels; its interval is the numerator's over the
//! denominator's point (the denominator, a labour force, moves far less).
//! Targets whose period is over, lies more than 24 months ahead, or whose
//! indicator is not computed from the registers get none.

use std::collections::HashMap;

use chrono::NaiveDate;
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_plans::indicator::Term;
use vieclam_plans::period::Month;
use vieclam_plans::progress::meets;
use vieclam_plans::{Aggregation, Indicators, ProgressRow, Projection, Source, Statistics};

use crate::model::{self, Forecast, Outcome, MAX_HISTORY, MAX_HORIZON};
use crate::series::Series;

/// The history of one term for one unit: month by month up to `last`.
fn history(
    statistics: &Statistics,
    units: &AdminUnits,
    unit: &UnitKey,
    term: Term,
    last: Month,
) -> Series {
    let first = Month(last.0 - MAX_HISTORY as i32 + 1);
    let values = statistics
        .monthly_totals(units, unit, first, last)
        .iter()
        .map(|totals| totals.get(term.measure, term.urban_only) as f64)
        .collect();
    Series {
        start: first,
        values,
    }
    .from_first_count()
}

type Cache = HashMap<(UnitKey, String), Option<(Series, Forecast)>>;

fn forecast_of<'c>(
    cache: &'c mut Cache,
    statistics: &Statistics,
    units: &AdminUnits,
    unit: &UnitKey,
    term: Term,
    last: Month,
) -> Option<&'c (Series, Forecast)> {
    let key = (
        unit.clone(),
        format!(
            "{}{}",
            term.measure.as_str(),
            if term.urban_only { "@urban" } else { "" }
        ),
    );
    cache
        .entry(key)
        .or_insert_with(|| {
            let series = history(statistics, units, unit, term, last);
            match model::forecast(&series.values, MAX_HORIZON) {
                Outcome::Forecast(forecast) => Some((series, forecast)),
                Outcome::NotEnoughData { .. } => None,
            }
        })
        .as_ref()
}

/// Fills the projection of every row that can have one, as of `today`.
pub fn project(
    rows: &mut [ProgressRow],
    statistics: &Statistics,
    units: &AdminUnits,
    today: NaiveDate,
) {
    let last = Month(Month::of(today).0 - 1);
    let indicators = Indicators::embedded();
    let mut cache = Cache::new();
    for row in rows {
        let Ok(indicator) = indicators.get(&row.indicator) else {
            continue;
        };
        let (Some(numerator), Source::Computed) = (indicator.numerator, indicator.source) else {
            continue;
        };
        let period = row.target.period;
        let end = Month::of(period.last_day());
        let ahead = end.0 - last.0;
        if ahead < 1 || ahead > MAX_HORIZON as i32 {
            continue;
        }
        let ahead = ahead as usize;
        let unit = row.target.unit.clone();
        let Some((series, numerator_forecast)) =
            forecast_of(&mut cache, statistics, units, &unit, numerator, last).cloned()
        else {
            continue;
        };
        let start = Month::of(period.first_day());
        let prediction = &numerator_forecast.prediction;
        let (value, lower, upper) = match (indicator.aggregation, indicator.denominator) {
            (Aggregation::Sum, None) => {
                let recorded: f64 = series
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| series.start.0 + *i as i32 >= start.0)
                    .map(|(_, value)| value)
                    .sum();
                let months = (0..ahead).filter(|step| last.0 + 1 + *step as i32 >= start.0);
                let (mut value, mut lower, mut upper) = (recorded, recorded, recorded);
                for step in months {
                    value += prediction.point[step];
                    lower += prediction.lower[step];
                    upper += prediction.upper[step];
                }
                (value, lower, upper)
            }
            (Aggregation::Rate, Some(denominator)) => {
                let Some((_, denominator_forecast)) =
                    forecast_of(&mut cache, statistics, units, &unit, denominator, last)
                else {
                    continue;
                };
                let d = denominator_forecast.prediction.point[ahead - 1];
                if d <= 0.0 {
                    continue;
                }
                (
                    100.0 * prediction.point[ahead - 1] / d,
                    100.0 * prediction.lower[ahead - 1] / d,
                    100.0 * prediction.upper[ahead - 1] / d,
                )
            }
            _ => continue,
        };
        if !(value.is_finite() && lower.is_finite() && upper.is_finite()) {
            continue;
        }
        row.projection = Some(Projection {
            value,
            lower,
            upper,
            method: numerator_forecast.method.as_str().into(),
            method_vi: numerator_forecast.method.label_vi().into(),
            meets_target: meets(row.target.bound, indicator.direction, value),
            months_ahead: ahead,
        });
    }
}
