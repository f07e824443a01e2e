//! The statistics cube: live counts per commune ("cell") and month, from
//! which every computed indicator of every unit and period is read.
//!
//! A worker contributes to the cube through its timeline: the profile at
//! registration, then its labour events in date order. Stock measures (the
//! labour force, the unemployed, the trained, the insured) are stored as
//! changes: a row holds what changed in that month, and the level at the end
//! of month m is the sum of the rows up to m. Flow measures (new jobs, work
//! abroad) are counted in the month they happen. A change to one worker is
//! applied as "minus its old timeline, plus its new one", so the totals are
//! right the moment the event is recorded; no nightly job.
//!
//! Cells are communes in either structure. A unit's cells are the communes
//! it covers: its own communes, legacy communes whose data rolls up into it
//! through the crosswalk (for a 2025 unit), and 2025 communes lying wholly
//! inside it (for a legacy unit). Every total is a sum over cells, so a
//! province equals the sum of its communes, and rates are Σ numerator ÷
//! Σ denominator.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vieclam_domain::admin_unit::{AdminUnits, UnitKind, UnitLevel, UnitStructure};
use vieclam_domain::registry::{
    EmploymentStatus, EventKind, ItSkill, LabourEvent, Qualification, SocialInsurance,
    WorkerProfile,
};
use vieclam_domain::UnitKey;

use crate::period::{Month, Period};

/// What the cube counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Everyone in the register (a stock).
    Registered,
    /// Employed or unemployed.
    LabourForce,
    Unemployed,
    /// In the labour force and aged 15–24.
    YouthLabourForce,
    YouthUnemployed,
    /// In the labour force and trained in the broad sense.
    Trained,
    /// In the labour force with a diploma or certificate.
    Certified,
    /// In the labour force with IT skills.
    ItSkills,
    /// In the labour force with compulsory social insurance.
    SocialInsurance,
    VoluntaryInsurance,
    UnemploymentInsurance,
    /// Registered with health insurance.
    HealthInsurance,
    /// `employed` events (a flow).
    NewJobs,
    /// `went_abroad` events (a flow).
    WentAbroad,
}

/// Number of stock measures: they come first.
pub const N_STOCKS: usize = 12;
/// Number of measures.
pub const N_MEASURES: usize = 14;

/// One row of counts, indexed by [`Measure::index`].
pub type Counts = [i32; N_MEASURES];
/// Totals over cells.
pub type Totals = [i64; N_MEASURES];

impl Measure {
    pub const ALL: [Measure; N_MEASURES] = [
        Measure::Registered,
        Measure::LabourForce,
        Measure::Unemployed,
        Measure::YouthLabourForce,
        Measure::YouthUnemployed,
        Measure::Trained,
        Measure::Certified,
        Measure::ItSkills,
        Measure::SocialInsurance,
        Measure::VoluntaryInsurance,
        Measure::UnemploymentInsurance,
        Measure::HealthInsurance,
        Measure::NewJobs,
        Measure::WentAbroad,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_stock(self) -> bool {
        self.index() < N_STOCKS
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Registered => "registered",
            Measure::LabourForce => "labour_force",
            Measure::Unemployed => "unemployed",
            Measure::YouthLabourForce => "youth_labour_force",
            Measure::YouthUnemployed => "youth_unemployed",
            Measure::Trained => "trained",
            Measure::Certified => "certified",
            Measure::ItSkills => "it_skills",
            Measure::SocialInsurance => "social_insurance",
            Measure::VoluntaryInsurance => "voluntary_insurance",
            Measure::UnemploymentInsurance => "unemployment_insurance",
            Measure::HealthInsurance => "health_insurance",
            Measure::NewJobs => "new_jobs",
            Measure::WentAbroad => "went_abroad",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// A commune (in either structure) as the cube knows it.
pub type CellId = u32;

#[derive(Clone, Debug)]
struct Cell {
    key: UnitKey,
    urban: bool,
    /// The 2025 commune a legacy commune's data rolls up into (itself for a
    /// 2025 commune).
    rolled_up: Option<UnitKey>,
}

/// The communes the cube has seen, with what roll-up needs to know of them.
#[derive(Clone, Debug, Default)]
pub struct Cells {
    cells: Vec<Cell>,
    by_key: HashMap<UnitKey, CellId>,
}

impl Cells {
    /// The cell of a commune, added on first sight. `None` for a unit that is
    /// not a known commune.
    pub fn intern(&mut self, units: &AdminUnits, key: &UnitKey) -> Option<CellId> {
        if let Some(&id) = self.by_key.get(key) {
            return Some(id);
        }
        let unit = units.get(key).ok()?;
        if unit.level != UnitLevel::Commune && unit.level != UnitLevel::District {
            return None;
        }
        let rolled_up = match unit.structure {
            UnitStructure::TwoTier2025 => Some(unit.key()),
            UnitStructure::Legacy => units.roll_up_to_2025(key).ok().map(|u| u.key()),
        };
        let id = self.cells.len() as CellId;
        self.cells.push(Cell {
            key: key.clone(),
            urban: matches!(unit.kind, UnitKind::Ward | UnitKind::Township),
            rolled_up,
        });
        self.by_key.insert(key.clone(), id);
        Some(id)
    }

    pub fn get(&self, key: &UnitKey) -> Option<CellId> {
        self.by_key.get(key).copied()
    }

    pub fn key(&self, cell: CellId) -> &UnitKey {
        &self.cells[cell as usize].key
    }

    pub fn is_urban(&self, cell: CellId) -> bool {
        self.cells[cell as usize].urban
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Does the data of `cell` count for `unit`? Same structure: the cell lies
    /// within the unit. A legacy cell counts for a 2025 unit through its
    /// roll-up link; a 2025 cell counts for a legacy unit when all of it lay
    /// inside that unit.
    pub fn belongs_to(&self, units: &AdminUnits, cell: CellId, unit: &UnitKey) -> bool {
        let cell = &self.cells[cell as usize];
        if cell.key.structure == unit.structure {
            return units.is_within(&cell.key, unit);
        }
        match unit.structure {
            UnitStructure::TwoTier2025 => cell
                .rolled_up
                .as_ref()
                .is_some_and(|rolled| units.is_within(rolled, unit)),
            UnitStructure::Legacy => units.covers(unit, &cell.key),
        }
    }

    /// The cells that make up `unit`.
    pub fn members(&self, units: &AdminUnits, unit: &UnitKey) -> Vec<CellId> {
        (0..self.cells.len() as CellId)
            .filter(|&cell| self.belongs_to(units, cell, unit))
            .collect()
    }
}

/// What the cube needs of a worker: the profile at registration, compacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkerFacts {
    pub birth_date: NaiveDate,
    pub registered_on: NaiveDate,
    pub cell: CellId,
    pub status: EmploymentStatus,
    pub trained: bool,
    pub certified: bool,
    pub it_skills: bool,
    pub social_insurance: SocialInsurance,
    pub unemployment_insurance: bool,
    pub health_insurance: bool,
}

impl WorkerFacts {
    /// The facts of a stored profile; `None` when its residence is not a
    /// known commune.
    pub fn of(
        profile: &WorkerProfile,
        registered_on: NaiveDate,
        cells: &mut Cells,
        units: &AdminUnits,
    ) -> Option<WorkerFacts> {
        Some(WorkerFacts::from_values(
            FactValues {
                birth_date: profile.birth_date,
                status: profile.employment_status,
                qualification: profile.qualification,
                it_skill: profile.it_skill,
                social_insurance: profile.social_insurance,
                unemployment_insurance: profile.unemployment_insurance,
                health_insurance: profile.health_insurance,
            },
            registered_on,
            cells.intern(units, &profile.residence)?,
        ))
    }

    /// The facts from the profile's values as the store keeps them in
    /// columns, with the residence's cell already found: the one place
    /// that decides what counts as trained, certified, IT-skilled.
    pub fn from_values(values: FactValues, registered_on: NaiveDate, cell: CellId) -> WorkerFacts {
        let certified = values.qualification.is_certified();
        WorkerFacts {
            birth_date: values.birth_date,
            registered_on,
            cell,
            status: values.status,
            trained: certified,
            certified,
            it_skills: matches!(values.it_skill, Some(ItSkill::Basic | ItSkill::Advanced)),
            social_insurance: values.social_insurance,
            unemployment_insurance: values.unemployment_insurance,
            health_insurance: values.health_insurance,
        }
    }
}

/// The values of a profile the statistics read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FactValues {
    pub birth_date: NaiveDate,
    pub status: EmploymentStatus,
    pub qualification: Qualification,
    pub it_skill: Option<ItSkill>,
    pub social_insurance: SocialInsurance,
    pub unemployment_insurance: bool,
    pub health_insurance: bool,
}

/// What the cube needs of a labour event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventFact {
    pub date: NaiveDate,
    pub kind: EventKind,
    /// For `moved`: the new residence.
    pub cell: Option<CellId>,
    /// For `registered`: the situation.
    pub status: Option<EmploymentStatus>,
}

impl EventFact {
    pub fn of(event: &LabourEvent, cells: &mut Cells, units: &AdminUnits) -> EventFact {
        EventFact {
            date: event.date,
            kind: event.kind,
            cell: event
                .unit
                .as_ref()
                .and_then(|unit| cells.intern(units, unit)),
            status: event.status,
        }
    }
}

/// The date a person reaches `years` of age (29 February → 1 March).
fn birthday(birth: NaiveDate, years: i32) -> NaiveDate {
    use chrono::Datelike;
    let year = birth.year() + years;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

#[derive(Clone, Copy)]
struct State {
    cell: CellId,
    status: EmploymentStatus,
    trained: bool,
    certified: bool,
    registered: bool,
    youth: bool,
}

impl State {
    fn counts(&self, facts: &WorkerFacts) -> [i32; N_STOCKS] {
        let mut row = [0; N_STOCKS];
        if !self.registered {
            return row;
        }
        row[Measure::Registered.index()] = 1;
        row[Measure::HealthInsurance.index()] = i32::from(facts.health_insurance);
        let in_force = matches!(
            self.status,
            EmploymentStatus::Employed | EmploymentStatus::Unemployed
        );
        if in_force {
            let unemployed = self.status == EmploymentStatus::Unemployed;
            row[Measure::LabourForce.index()] = 1;
            row[Measure::Unemployed.index()] = i32::from(unemployed);
            row[Measure::YouthLabourForce.index()] = i32::from(self.youth);
            row[Measure::YouthUnemployed.index()] = i32::from(self.youth && unemployed);
            row[Measure::Trained.index()] = i32::from(self.trained);
            row[Measure::Certified.index()] = i32::from(self.certified);
            row[Measure::ItSkills.index()] = i32::from(facts.it_skills);
            row[Measure::SocialInsurance.index()] =
                i32::from(facts.social_insurance == SocialInsurance::Compulsory);
            row[Measure::VoluntaryInsurance.index()] =
                i32::from(facts.social_insurance == SocialInsurance::Voluntary);
            row[Measure::UnemploymentInsurance.index()] = i32::from(facts.unemployment_insurance);
        }
        row
    }
}

/// A moment of a timeline: an event (by position) or a date when the
/// worker's counting changes by itself.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Moment {
    Registration,
    Turns15,
    Turns25,
    Event(usize),
}

/// Calls `emit(cell, month, change)` for every change a worker's timeline
/// makes to the cube, each multiplied by `sign` (+1 to add the worker, −1 to
/// take it out). `events` are in the order recorded; they are applied in date
/// order, ties in that order.
pub fn contributions(
    facts: &WorkerFacts,
    events: &[EventFact],
    sign: i32,
    emit: &mut impl FnMut(CellId, Month, &Counts),
) {
    let mut moments: Vec<(NaiveDate, Moment)> = Vec::with_capacity(events.len() + 3);
    moments.push((facts.registered_on, Moment::Registration));
    moments.push((birthday(facts.birth_date, 15), Moment::Turns15));
    moments.push((birthday(facts.birth_date, 25), Moment::Turns25));
    moments.extend(
        events
            .iter()
            .enumerate()
            .map(|(index, event)| (event.date, Moment::Event(index))),
    );
    moments.sort_unstable();
    let mut state = State {
        cell: facts.cell,
        status: facts.status,
        trained: facts.trained,
        certified: facts.certified,
        registered: false,
        youth: false,
    };
    let mut counted = state.counts(facts);
    let mut counted_cell = state.cell;
    for (date, moment) in moments {
        let month = Month::of(date);
        match moment {
            Moment::Registration => state.registered = true,
            Moment::Turns15 => state.youth = true,
            Moment::Turns25 => state.youth = false,
            Moment::Event(index) => {
                let event = &events[index];
                let flow = match event.kind {
                    EventKind::Employed => Some(Measure::NewJobs),
                    EventKind::WentAbroad => Some(Measure::WentAbroad),
                    _ => None,
                };
                if let Some(flow) = flow {
                    let mut change = [0; N_MEASURES];
                    change[flow.index()] = sign;
                    emit(state.cell, month, &change);
                }
                match event.kind {
                    EventKind::Registered => {
                        if let Some(status) = event.status {
                            state.status = status;
                        }
                    }
                    EventKind::Employed => state.status = EmploymentStatus::Employed,
                    EventKind::LostJob | EventKind::Returned => {
                        state.status = EmploymentStatus::Unemployed
                    }
                    EventKind::LeftLabourForce => state.status = EmploymentStatus::OutOfLabourForce,
                    EventKind::WentAbroad => state.status = EmploymentStatus::Abroad,
                    EventKind::Moved => {
                        if let Some(cell) = event.cell {
                            state.cell = cell;
                        }
                    }
                    EventKind::Trained => state.trained = true,
                    EventKind::Certified => {
                        state.trained = true;
                        state.certified = true;
                    }
                }
            }
        }
        let now = state.counts(facts);
        if state.cell != counted_cell || now != counted {
            let mut change = [0; N_MEASURES];
            if counted.iter().any(|&n| n != 0) {
                for (slot, n) in change.iter_mut().zip(counted) {
                    *slot = -sign * n;
                }
                emit(counted_cell, month, &change);
            }
            if now.iter().any(|&n| n != 0) {
                for (slot, n) in change.iter_mut().zip(now) {
                    *slot = sign * n;
                }
                emit(state.cell, month, &change);
            }
            counted = now;
            counted_cell = state.cell;
        }
    }
}

/// The rows of one cell: changes of stocks and counts of flows per month,
/// over the months `base..base + rows.len()`.
#[derive(Clone, Debug, Default)]
struct Series {
    base: i32,
    rows: Vec<Counts>,
}

impl Series {
    fn row_mut(&mut self, month: Month) -> &mut Counts {
        if self.rows.is_empty() {
            self.base = month.0;
        }
        if month.0 < self.base {
            let grow = (self.base - month.0) as usize;
            self.rows
                .splice(0..0, std::iter::repeat_n([0; N_MEASURES], grow));
            self.base = month.0;
        }
        let index = (month.0 - self.base) as usize;
        if index >= self.rows.len() {
            self.rows.resize(index + 1, [0; N_MEASURES]);
        }
        &mut self.rows[index]
    }

    /// Stock levels at the end of `period` and flows summed over it.
    fn add_totals(&self, period: Period, totals: &mut Totals) {
        for (offset, row) in self.rows.iter().enumerate() {
            let month = self.base + offset as i32;
            if month > period.last.0 {
                break;
            }
            for (total, &n) in totals[..N_STOCKS].iter_mut().zip(&row[..N_STOCKS]) {
                *total += i64::from(n);
            }
            if month >= period.first.0 {
                for (total, &n) in totals[N_STOCKS..].iter_mut().zip(&row[N_STOCKS..]) {
                    *total += i64::from(n);
                }
            }
        }
    }
}

/// Counts per cell and month; see the module documentation.
#[derive(Clone, Debug, Default)]
pub struct Cube {
    series: Vec<Series>,
}

/// What a unit's cells add up to for a period: all of them, and the urban
/// ones alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitTotals {
    pub all: Totals,
    pub urban: Totals,
}

impl UnitTotals {
    pub fn get(&self, measure: Measure, urban_only: bool) -> i64 {
        if urban_only {
            self.urban[measure.index()]
        } else {
            self.all[measure.index()]
        }
    }
}

impl Cube {
    pub fn add(&mut self, cell: CellId, month: Month, change: &Counts) {
        let index = cell as usize;
        if index >= self.series.len() {
            self.series.resize_with(index + 1, Series::default);
        }
        let row = self.series[index].row_mut(month);
        for (slot, n) in row.iter_mut().zip(change) {
            *slot += n;
        }
    }

    /// Adds (`sign` = 1) or takes out (−1) one worker.
    pub fn apply(&mut self, facts: &WorkerFacts, events: &[EventFact], sign: i32) {
        contributions(facts, events, sign, &mut |cell, month, change| {
            self.add(cell, month, change)
        });
    }

    /// Builds the cube of many workers on `threads` threads. `events` holds
    /// every worker's events one after another; worker `i` owns
    /// `events[offsets[i]..offsets[i + 1]]`.
    ///
    /// A thread that panics makes this panic with the same payload once
    /// every thread has ended: a cube missing a thread's share of the
    /// workers would answer wrong figures with no sign of it.
    pub fn build(
        workers: &[WorkerFacts],
        offsets: &[usize],
        events: &[EventFact],
        threads: usize,
    ) -> Cube {
        let threads = threads.max(1);
        let chunk = workers.len().div_ceil(threads).max(1);
        let parts: Vec<Cube> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers.len())
                .step_by(chunk)
                .map(|start| {
                    let end = (start + chunk).min(workers.len());
                    scope.spawn(move || {
                        let mut cube = Cube::default();
                        for index in start..end {
                            let own = &events[offsets[index]..offsets[index + 1]];
                            cube.apply(&workers[index], own, 1);
                        }
                        cube
                    })
                })
                .collect();
            let joined: Vec<std::thread::Result<Cube>> =
                handles.into_iter().map(|handle| handle.join()).collect();
            joined
                .into_iter()
                .map(|part| part.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        let mut cube = Cube::default();
        for part in parts {
            cube.merge(&part);
        }
        cube
    }

    pub fn merge(&mut self, other: &Cube) {
        for (cell, series) in other.series.iter().enumerate() {
            for (offset, row) in series.rows.iter().enumerate() {
                self.add(cell as CellId, Month(series.base + offset as i32), row);
            }
        }
    }

    /// The totals of `cells` for `period`.
    pub fn totals(&self, cells: &Cells, members: &[CellId], period: Period) -> UnitTotals {
        let mut totals = UnitTotals::default();
        for &cell in members {
            let Some(series) = self.series.get(cell as usize) else {
                continue;
            };
            series.add_totals(period, &mut totals.all);
            if cells.is_urban(cell) {
                series.add_totals(period, &mut totals.urban);
            }
        }
        totals
    }

    /// Month-by-month totals of many units at once: per unit, one
    /// [`UnitTotals`] per month of `months` (stock levels at each month's
    /// end, flows in the month). Each cell's levels are computed once.
    pub fn monthly_table(
        &self,
        cells: &Cells,
        units: &[Vec<CellId>],
        months: Period,
    ) -> Vec<Vec<UnitTotals>> {
        let n = months.n_months() as usize;
        // Per cell: the levels and flows of each month.
        let per_cell: Vec<Vec<Totals>> = self
            .series
            .iter()
            .map(|series| {
                let mut out = vec![[0i64; N_MEASURES]; n];
                let mut level = [0i64; N_MEASURES];
                let mut offset = 0usize;
                for (slot, month) in out.iter_mut().zip(months.months()) {
                    while offset < series.rows.len() && series.base + offset as i32 <= month.0 {
                        let row = &series.rows[offset];
                        for (l, &r) in level[..N_STOCKS].iter_mut().zip(&row[..N_STOCKS]) {
                            *l += i64::from(r);
                        }
                        if series.base + offset as i32 == month.0 {
                            for (s, &r) in slot[N_STOCKS..].iter_mut().zip(&row[N_STOCKS..]) {
                                *s = i64::from(r);
                            }
                        }
                        offset += 1;
                    }
                    slot[..N_STOCKS].copy_from_slice(&level[..N_STOCKS]);
                }
                out
            })
            .collect();
        units
            .iter()
            .map(|members| {
                let mut rows = vec![UnitTotals::default(); n];
                for &cell in members {
                    let Some(months) = per_cell.get(cell as usize) else {
                        continue;
                    };
                    let urban = cells.is_urban(cell);
                    for (row, cell_row) in rows.iter_mut().zip(months) {
                        for (t, c) in row.all.iter_mut().zip(cell_row) {
                            *t += c;
                        }
                        if urban {
                            for (t, c) in row.urban.iter_mut().zip(cell_row) {
                                *t += c;
                            }
                        }
                    }
                }
                rows
            })
            .collect()
    }

    /// Month-by-month totals of one unit's cells over the months
    /// `first..=last`: one [`UnitTotals`] per month (stock levels at the
    /// month's end, flows in the month), equal to [`Cube::totals`] of each
    /// month alone, with each cell's rows read once.
    pub fn monthly_totals(
        &self,
        cells: &Cells,
        members: &[CellId],
        first: Month,
        last: Month,
    ) -> Vec<UnitTotals> {
        let n = (last.0 - first.0 + 1).max(0) as usize;
        let mut out = vec![UnitTotals::default(); n];
        for &cell in members {
            let Some(series) = self.series.get(cell as usize) else {
                continue;
            };
            let urban = cells.is_urban(cell);
            let mut level = [0i64; N_STOCKS];
            let mut offset = 0usize;
            for (slot, month) in out.iter_mut().zip((first.0..=last.0).map(Month)) {
                let mut flows = [0i64; N_MEASURES - N_STOCKS];
                while offset < series.rows.len() && series.base + offset as i32 <= month.0 {
                    let row = &series.rows[offset];
                    for (l, &r) in level.iter_mut().zip(&row[..N_STOCKS]) {
                        *l += i64::from(r);
                    }
                    if series.base + offset as i32 == month.0 {
                        for (f, &r) in flows.iter_mut().zip(&row[N_STOCKS..]) {
                            *f = i64::from(r);
                        }
                    }
                    offset += 1;
                }
                let add = |totals: &mut Totals| {
                    for (t, &l) in totals[..N_STOCKS].iter_mut().zip(&level) {
                        *t += l;
                    }
                    for (t, &f) in totals[N_STOCKS..].iter_mut().zip(&flows) {
                        *t += f;
                    }
                };
                add(&mut slot.all);
                if urban {
                    add(&mut slot.urban);
                }
            }
        }
        out
    }

    /// Number of (cell, month) rows held.
    pub fn n_rows(&self) -> usize {
        self.series.iter().map(|series| series.rows.len()).sum()
    }
}
