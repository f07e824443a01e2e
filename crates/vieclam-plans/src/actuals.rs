//! An indicator's figure for a unit and a period: computed ones from the
//! cube, submitted ones from the figures agencies entered, exchange-counted
//! ones from the exchange's monthly counts, all rolled up over the hierarchy
//! (and the crosswalk) and over time.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vieclam_domain::admin_unit::UnitStructure;
use vieclam_domain::{AdminUnits, UnitKey};

use crate::cube::{CellId, Cells, Cube, EventFact, UnitTotals, WorkerFacts};
use crate::indicator::{Aggregation, Indicator, Source};
use crate::period::{Month, Period};

/// A figure entered by an agency (the current one; older versions stay in
/// the store's history).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataValue {
    pub id: i64,
    pub indicator: String,
    #[serde(with = "crate::unit_text")]
    pub unit: UnitKey,
    pub period: Period,
    pub value: f64,
    pub agency: Option<String>,
    pub comment: Option<String>,
    pub entered_by: Option<i64>,
    pub entered_at: DateTime<Utc>,
}

/// An indicator's figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    /// The figure; `None` when there is nothing to compute it from.
    pub value: Option<f64>,
    /// For rates: Σ numerator and Σ denominator.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// Does a figure recorded for `inner` count towards `outer`? In one
/// structure: `inner` lies within `outer`. A legacy unit counts towards a
/// 2025 unit through its roll-up link; a 2025 unit counts towards a legacy
/// unit when all of it lay inside that unit.
pub fn unit_counts_for(units: &AdminUnits, inner: &UnitKey, outer: &UnitKey) -> bool {
    if inner.structure == outer.structure {
        return units.is_within(inner, outer);
    }
    match outer.structure {
        UnitStructure::TwoTier2025 => units
            .roll_up_to_2025(inner)
            .is_ok_and(|rolled| units.is_within(&rolled.key(), outer)),
        UnitStructure::Legacy => units.covers(outer, inner),
    }
}

/// The cube with the cells it counts and a cache of each unit's cells.
///
/// Reading takes `&self` (the cache of each unit's cells has a lock of its
/// own), so many readers can share one copy; changing it takes `&mut self`.
#[derive(Debug, Default)]
pub struct Statistics {
    pub cells: Cells,
    pub cube: Cube,
    members: Mutex<HashMap<UnitKey, (usize, Vec<CellId>)>>,
}

impl Statistics {
    pub fn new(cells: Cells, cube: Cube) -> Statistics {
        Statistics {
            cells,
            cube,
            members: Mutex::new(HashMap::new()),
        }
    }

    /// Adds (`sign` = 1) or takes out (−1) a worker's timeline.
    pub fn apply(&mut self, facts: &WorkerFacts, events: &[EventFact], sign: i32) {
        self.cube.apply(facts, events, sign);
    }

    /// The cells of a unit, cached until new cells appear.
    pub fn members(&self, units: &AdminUnits, unit: &UnitKey) -> Vec<CellId> {
        let n_cells = self.cells.len();
        let cached = |members: &Mutex<HashMap<UnitKey, (usize, Vec<CellId>)>>| {
            members
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .get(unit)
                .filter(|(seen, _)| *seen == n_cells)
                .map(|(_, members)| members.clone())
        };
        if let Some(members) = cached(&self.members) {
            return members;
        }
        // Computed outside the lock: readers of other units go on meanwhile.
        let members = self.cells.members(units, unit);
        self.members
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(unit.clone(), (n_cells, members.clone()));
        members
    }

    /// The cube's totals for a unit and period.
    pub fn totals(&self, units: &AdminUnits, unit: &UnitKey, period: Period) -> UnitTotals {
        let members = self.members(units, unit);
        self.cube.totals(&self.cells, &members, period)
    }

    /// The cube's totals for a unit, month by month over `first..=last`
    /// (see [`crate::cube::Cube::monthly_totals`]).
    pub fn monthly_totals(
        &self,
        units: &AdminUnits,
        unit: &UnitKey,
        first: Month,
        last: Month,
    ) -> Vec<UnitTotals> {
        let members = self.members(units, unit);
        self.cube.monthly_totals(&self.cells, &members, first, last)
    }
}

/// A computed indicator's figure from a unit's totals.
pub fn computed(indicator: &Indicator, totals: &UnitTotals) -> Actual {
    let Some(numerator) = indicator.numerator else {
        return Actual::default();
    };
    let n = totals.get(numerator.measure, numerator.urban_only) as f64;
    match indicator.denominator {
        None => Actual {
            value: Some(n),
            numerator: Some(n),
            denominator: None,
        },
        Some(denominator) => {
            let d = totals.get(denominator.measure, denominator.urban_only) as f64;
            Actual {
                value: (d > 0.0).then(|| 100.0 * n / d),
                numerator: Some(n),
                denominator: Some(d),
            }
        }
    }
}

/// A submitted indicator's figure: the sum of the figures entered for the
/// unit and the units within it over the period's sub-periods, or the
/// latest figure of the unit itself.
pub fn submitted(
    indicator: &Indicator,
    values: &[DataValue],
    units: &AdminUnits,
    unit: &UnitKey,
    period: Period,
) -> Actual {
    let relevant = values
        .iter()
        .filter(|value| value.indicator == indicator.code && period.contains(value.period));
    let value = match indicator.aggregation {
        Aggregation::Sum => {
            let mut found = false;
            let mut total = 0.0;
            for value in relevant.filter(|value| unit_counts_for(units, &value.unit, unit)) {
                found = true;
                total += value.value;
            }
            found.then_some(total)
        }
        Aggregation::Last | Aggregation::Rate => relevant
            .filter(|value| &value.unit == unit)
            .max_by_key(|value| (value.period.last, value.entered_at))
            .map(|value| value.value),
    };
    Actual {
        value,
        numerator: value,
        denominator: None,
    }
}

/// An indicator's figure for a unit and period, whichever its source: for
/// an exchange-counted indicator, `values` holds the exchange's monthly
/// counts (see `vieclam_exchange::report::held_figures`).
pub fn actual(
    indicator: &Indicator,
    statistics: &Statistics,
    values: &[DataValue],
    units: &AdminUnits,
    unit: &UnitKey,
    period: Period,
) -> Actual {
    match indicator.source {
        Source::Computed => computed(indicator, &statistics.totals(units, unit, period)),
        // The exchange's counts come in `values` as figures per unit and
        // month (built from its records by the caller), summed the same way.
        Source::Submitted | Source::Exchange => submitted(indicator, values, units, unit, period),
    }
}
