//! Monthly series from the living data.
//!
//! The ledger holds counts per measure × commune ("cell", either structure)
//! × unit group × month, read once from the registers and the exchange. Any
//! series the product forecasts is a sum of these: an occupation at any
//! level is the unit groups under its code, a unit is its cells as the
//! statistics cube reads them (its own communes, legacy communes rolled up
//! through the crosswalk for a 2025 unit, 2025 communes wholly inside a
//! legacy unit). The current month is not in any history: it is not over.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use vieclam_domain::admin_unit::AdminUnits;
use vieclam_domain::UnitKey;
use vieclam_plans::cube::{CellId, Cells};
use vieclam_plans::period::Month;

/// What a series counts, per month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// People becoming job seekers: registered while out of work, or
    /// losing a job (supply).
    Seekers,
    /// Vacancies opened.
    Vacancies,
    /// Positions in the vacancies opened (demand).
    Positions,
    /// `employed` events.
    Hires,
    /// Unemployment-insurance claims starting.
    UiClaims,
    /// Returns from work abroad.
    Returns,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Seekers,
        Measure::Vacancies,
        Measure::Positions,
        Measure::Hires,
        Measure::UiClaims,
        Measure::Returns,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Seekers => "seekers",
            Measure::Vacancies => "vacancies",
            Measure::Positions => "positions",
            Measure::Hires => "hires",
            Measure::UiClaims => "ui_claims",
            Measure::Returns => "returns",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        Measure::ALL
            .into_iter()
            .find(|measure| measure.as_str() == text.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Measure::Seekers => "Người tìm việc đăng ký",
            Measure::Vacancies => "Vị trí tuyển dụng mở",
            Measure::Positions => "Chỉ tiêu tuyển dụng",
            Measure::Hires => "Người có việc làm",
            Measure::UiClaims => "Hồ sơ hưởng trợ cấp thất nghiệp",
            Measure::Returns => "Lao động về nước",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Measure::Seekers => "job seekers registered",
            Measure::Vacancies => "vacancies opened",
            Measure::Positions => "positions in vacancies opened",
            Measure::Hires => "hires",
            Measure::UiClaims => "unemployment-insurance claims",
            Measure::Returns => "returns from abroad",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A bottom series: one measure, one commune, one unit group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BottomKey {
    pub measure: Measure,
    pub cell: CellId,
    /// Index into the ledger's unit groups.
    pub group: u16,
}

/// Counts as they are read, before the window is known.
#[derive(Clone, Debug, Default)]
pub struct LedgerBuilder {
    cells: Cells,
    groups: Vec<String>,
    group_index: HashMap<String, u16>,
    counts: HashMap<(BottomKey, i32), f64>,
}

impl LedgerBuilder {
    /// Counts `amount` of `measure` in `month` for the commune `unit` and the
    /// unit group of `occupation` (its first four digits). Nothing is
    /// counted for a unit that is not a commune or an occupation shorter
    /// than a unit group.
    pub fn add(
        &mut self,
        units: &AdminUnits,
        measure: Measure,
        unit: &UnitKey,
        occupation: &str,
        month: Month,
        amount: f64,
    ) {
        let Some(code) = occupation.get(..4) else {
            return;
        };
        if !code.bytes().all(|b| b.is_ascii_digit()) || !amount.is_finite() {
            return;
        }
        let Some(cell) = self.cells.intern(units, unit) else {
            return;
        };
        let group = match self.group_index.get(code) {
            Some(&group) => group,
            None => {
                let Ok(group) = u16::try_from(self.groups.len()) else {
                    return;
                };
                self.groups.push(code.to_string());
                self.group_index.insert(code.to_string(), group);
                group
            }
        };
        let key = BottomKey {
            measure,
            cell,
            group,
        };
        *self.counts.entry((key, month.0)).or_default() += amount;
    }

    /// The ledger as it stood at the end of `last`, this builder kept (a
    /// back-test's origin).
    pub fn ledger_at(&self, last: Month) -> Ledger {
        self.clone().finish(last)
    }

    /// The ledger of every month up to `last` (the last month that is over).
    /// Each measure's window starts at its first month with a count, at most
    /// [`crate::model::MAX_HISTORY`] months back.
    pub fn finish(self, last: Month) -> Ledger {
        let mut starts = [i32::MAX; 6];
        for (key, month) in self.counts.keys() {
            if *month <= last.0 {
                let start = &mut starts[key.measure.index()];
                *start = (*start).min(*month);
            }
        }
        let floor = last.0 - crate::model::MAX_HISTORY as i32 + 1;
        let starts = starts.map(|start| start.max(floor).min(last.0 + 1));
        let mut by_key: HashMap<BottomKey, Vec<f64>> = HashMap::new();
        for ((key, month), amount) in self.counts {
            let start = starts[key.measure.index()];
            if month < start || month > last.0 {
                continue;
            }
            let len = (last.0 - start + 1) as usize;
            by_key.entry(key).or_insert_with(|| vec![0.0; len])[(month - start) as usize] += amount;
        }
        let mut bottom: Vec<(BottomKey, Vec<f64>)> = by_key.into_iter().collect();
        bottom.sort_unstable_by_key(|(key, _)| *key);
        Ledger {
            cells: self.cells,
            groups: self.groups,
            starts,
            last,
            bottom,
        }
    }
}

/// The counts of every bottom series over its measure's window.
#[derive(Debug)]
pub struct Ledger {
    cells: Cells,
    groups: Vec<String>,
    starts: [i32; 6],
    last: Month,
    /// Sorted by key: a unit's series of one measure lie together.
    bottom: Vec<(BottomKey, Vec<f64>)>,
}

/// A monthly series: the month of its first value, and the values.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub start: Month,
    pub values: Vec<f64>,
}

impl Series {
    /// The series from its first month with a count: a unit's history of
    /// an occupation begins when it is first seen. Empty when nothing was
    /// ever counted.
    pub fn from_first_count(self) -> Series {
        match self.values.iter().position(|&value| value != 0.0) {
            Some(first) => Series {
                start: Month(self.start.0 + first as i32),
                values: self.values[first..].to_vec(),
            },
            None => Series {
                start: Month(self.start.0 + self.values.len() as i32),
                values: Vec::new(),
            },
        }
    }
}

/// Which series to add up: an occupation code prefix (1–4 digits, none for
/// every occupation) and the cells of a unit.
#[derive(Clone, Debug)]
pub struct Selection {
    pub occupation: Option<String>,
    pub cells: Vec<CellId>,
}

impl Ledger {
    pub fn empty(last: Month) -> Ledger {
        LedgerBuilder::default().finish(last)
    }

    /// The last month in every history.
    pub fn last(&self) -> Month {
        self.last
    }

    /// The first month of `measure`'s window.
    pub fn start(&self, measure: Measure) -> Month {
        Month(self.starts[measure.index()])
    }

    /// Months in `measure`'s window.
    pub fn len(&self, measure: Measure) -> usize {
        (self.last.0 - self.starts[measure.index()] + 1).max(0) as usize
    }

    pub fn n_bottom(&self) -> usize {
        self.bottom.len()
    }

    /// Every bottom series, by key.
    pub fn bottom(&self) -> &[(BottomKey, Vec<f64>)] {
        &self.bottom
    }

    /// The positions in [`Ledger::bottom`] of the series of `measure` in
    /// `selection` (`cells` sorted): each cell's run found by bisection.
    pub fn selected<'a>(
        &'a self,
        measure: Measure,
        selection: &'a Selection,
    ) -> impl Iterator<Item = usize> + 'a {
        selection.cells.iter().flat_map(move |&cell| {
            let from = self
                .bottom
                .partition_point(|(key, _)| (key.measure, key.cell) < (measure, cell));
            let to = self
                .bottom
                .partition_point(|(key, _)| (key.measure, key.cell) <= (measure, cell));
            (from..to).filter(move |&i| {
                selection.occupation.as_deref().is_none_or(|prefix| {
                    self.groups[self.bottom[i].0.group as usize].starts_with(prefix)
                })
            })
        })
    }

    /// The unit group of a bottom series.
    pub fn group(&self, index: u16) -> &str {
        &self.groups[index as usize]
    }

    /// The unit groups seen, by index.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    pub fn cells(&self) -> &Cells {
        &self.cells
    }

    /// The cells of `unit`.
    pub fn members(&self, units: &AdminUnits, unit: &UnitKey) -> Vec<CellId> {
        self.cells.members(units, unit)
    }

    /// Does a bottom series fall in `selection`? (`cells` sorted.)
    pub fn selects(&self, key: &BottomKey, selection: &Selection) -> bool {
        selection.cells.binary_search(&key.cell).is_ok()
            && selection
                .occupation
                .as_deref()
                .is_none_or(|prefix| self.groups[key.group as usize].starts_with(prefix))
    }

    /// The sum of the bottom series in `selection` over `measure`'s window.
    pub fn series(&self, measure: Measure, selection: &Selection) -> Series {
        let mut values = vec![0.0; self.len(measure)];
        for i in self.selected(measure, selection) {
            for (total, count) in values.iter_mut().zip(&self.bottom[i].1) {
                *total += count;
            }
        }
        Series {
            start: self.start(measure),
            values,
        }
    }
}
