//! A session's report (báo cáo kết quả phiên giao dịch việc làm) and the
//! held-session figures the plans count.
//!
//! The report counts what MISSION.md asks of it: the employers that came,
//! their vacancies and positions; the workers who registered, walked in and
//! came, by sex, age band and priority group; interviews held and missed;
//! the workers shortlisted and hired; and all of it by occupation. It is
//! built from plain inputs (the server reads them from the store), so the
//! same figures come out wherever it is built.
//!
//! How it counts:
//!
//! - employers, vacancies: each once (by id), from the accepted employer
//!   registrations; positions: the vacancies' headcounts added up;
//! - workers: each once (by id), from the accepted worker registrations;
//!   `registered` came through advance registration (online or by an
//!   officer), `walk_ins` registered at the door; a worker `attended` when
//!   they walked in, were checked in, had an interview marked attended, or
//!   have an outcome; ages are taken on the session's day;
//! - interviews: `held` are those marked attended, `no_shows` those marked
//!   no-show, `scheduled` every one not cancelled;
//! - outcomes: the latest per (worker, vacancy) counts (by `recorded_at`,
//!   then by order given). The workers `interviewed` had an attended
//!   interview or any outcome; `shortlisted` are the workers whose latest
//!   outcome for some vacancy is shortlisted or hired (a hire passed the
//!   shortlist: sơ tuyển ≥ trúng tuyển); `hired` those whose latest outcome
//!   for some vacancy is hired. Each worker counts once in a total, and
//!   once in each occupation row they appear in.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use vieclam_domain::registry::{age_on, occupations, PriorityGroup, Sex};
use vieclam_domain::UnitKey;
use vieclam_plans::{DataValue, Month, Period};

use crate::interview::{Attendance, Outcome};
use crate::session::{SessionKind, SESSIONS_TOTAL};

/// The session a report is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSession {
    pub id: i64,
    pub kind: SessionKind,
    pub title: String,
    pub date: NaiveDate,
    #[serde(with = "vieclam_plans::unit_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: UnitKey,
    /// Where it was held, as people read it (the venue's name and address,
    /// or the commune of a mobile session).
    pub place: String,
    pub organiser: String,
}

/// A vacancy an employer brought.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportVacancy {
    pub id: i64,
    pub title: String,
    /// The 4-digit ISCO-08 / VSCO unit group, when known.
    pub occupation: Option<String>,
    /// Positions (chỉ tiêu tuyển dụng): the vacancy's headcount.
    pub positions: u32,
}

/// An employer that took a booth (an accepted registration).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportEmployer {
    pub id: i64,
    pub name: String,
    pub booth: Option<u32>,
    pub vacancies: Vec<ReportVacancy>,
}

/// A worker who took a seat (an accepted registration, in advance or at
/// the door).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportWorker {
    pub id: i64,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    #[serde(default)]
    pub priority_groups: Vec<PriorityGroup>,
    /// Registered at the door (channel `walk_in`).
    pub walk_in: bool,
    /// Checked in at the door, where the exchange records it.
    #[serde(default)]
    pub checked_in: bool,
}

/// An interview booked at the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportInterview {
    pub worker_id: i64,
    pub vacancy_id: i64,
    pub attendance: Attendance,
}

/// An outcome recorded at the session (all of them, old ones too).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportOutcome {
    pub worker_id: i64,
    pub vacancy_id: i64,
    pub outcome: Outcome,
    pub recorded_at: DateTime<Utc>,
}

/// Everything a report is built from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInput<'a> {
    pub session: &'a ReportSession,
    pub employers: &'a [ReportEmployer],
    pub workers: &'a [ReportWorker],
    pub interviews: &'a [ReportInterview],
    pub outcomes: &'a [ReportOutcome],
    /// The day the report is made.
    pub reported_on: NaiveDate,
}

/// Workers counted three ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkerCounts {
    /// Registered in advance (online or by an officer).
    pub registered: u32,
    /// Registered at the door.
    pub walk_ins: u32,
    /// Came (walk-ins and the registered who came).
    pub attended: u32,
}

impl WorkerCounts {
    fn add(&mut self, worker: &ReportWorker, attended: bool) {
        if worker.walk_in {
            self.walk_ins += 1;
        } else {
            self.registered += 1;
        }
        if attended {
            self.attended += 1;
        }
    }
}

/// An age band, by age on the session's day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AgeBand {
    /// Listed only when someone is in it (workers register from 15).
    #[serde(rename = "under_15")]
    Under15,
    #[serde(rename = "15_24")]
    From15To24,
    #[serde(rename = "25_34")]
    From25To34,
    #[serde(rename = "35_44")]
    From35To44,
    #[serde(rename = "45_54")]
    From45To54,
    #[serde(rename = "55_plus")]
    From55,
}

impl AgeBand {
    pub const ALL: [AgeBand; 6] = [
        AgeBand::Under15,
        AgeBand::From15To24,
        AgeBand::From25To34,
        AgeBand::From35To44,
        AgeBand::From45To54,
        AgeBand::From55,
    ];

    pub fn of_age(age: i32) -> AgeBand {
        match age {
            ..=14 => AgeBand::Under15,
            15..=24 => AgeBand::From15To24,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            _ => AgeBand::From55,
        }
    }

    /// As forms write it: "15–24", "55 trở lên".
    pub fn label_vi(self) -> &'static str {
        match self {
            AgeBand::Under15 => "Dưới 15",
            AgeBand::From15To24 => "15–24",
            AgeBand::From25To34 => "25–34",
            AgeBand::From35To44 => "35–44",
            AgeBand::From45To54 => "45–54",
            AgeBand::From55 => "55 trở lên",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            AgeBand::Under15 => "under 15",
            AgeBand::From15To24 => "15–24",
            AgeBand::From25To34 => "25–34",
            AgeBand::From35To44 => "35–44",
            AgeBand::From45To54 => "45–54",
            AgeBand::From55 => "55+",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SexRow {
    pub sex: Sex,
    pub name_vi: String,
    pub counts: WorkerCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeRow {
    pub band: AgeBand,
    pub label_vi: String,
    pub counts: WorkerCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriorityRow {
    pub group: PriorityGroup,
    pub name_vi: String,
    pub counts: WorkerCounts,
}

/// The workers who came to the session, and how they break down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkerBreakdown {
    pub all: WorkerCounts,
    /// Male, then female.
    pub by_sex: Vec<SexRow>,
    /// The five bands 15–24 … 55+, and "under 15" first when anyone is.
    pub by_age: Vec<AgeRow>,
    /// Every priority group (a worker may be in several, or none).
    pub by_priority: Vec<PriorityRow>,
    /// Workers in at least one priority group.
    pub in_any_priority_group: WorkerCounts,
}

/// Interviews at the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewCounts {
    /// Booked and not cancelled.
    pub scheduled: u32,
    /// Marked attended.
    pub held: u32,
    pub no_shows: u32,
}

/// One occupation's line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupationRow {
    /// The 4-digit code; `None` for vacancies without one.
    pub occupation: Option<String>,
    pub name_vi: String,
    pub vacancies: u32,
    pub positions: u32,
    /// Distinct workers.
    pub interviewed: u32,
    pub shortlisted: u32,
    pub hired: u32,
}

/// A session's report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionReport {
    pub session: ReportSession,
    pub reported_on: NaiveDate,
    pub employers: u32,
    pub vacancies: u32,
    pub positions: u32,
    pub workers: WorkerBreakdown,
    pub interviews: InterviewCounts,
    /// Distinct workers interviewed (an attended interview or any outcome).
    pub interviewed: u32,
    pub shortlisted: u32,
    pub hired: u32,
    /// By occupation code, the vacancies without a code last.
    pub by_occupation: Vec<OccupationRow>,
}

/// The name of an occupation row.
fn occupation_name(code: Option<&str>) -> String {
    match code {
        Some(code) => occupations()
            .get(code)
            .map(|entry| entry.name_vi.clone())
            .unwrap_or_else(|| format!("Mã nghề {code}")),
        None => "Chưa xác định nghề".to_owned(),
    }
}

/// Builds the report.
pub fn build(input: ReportInput<'_>) -> SessionReport {
    // Vacancies, each once.
    let mut vacancies: BTreeMap<i64, &ReportVacancy> = BTreeMap::new();
    let employers: BTreeSet<i64> = input.employers.iter().map(|e| e.id).collect();
    for employer in input.employers {
        for vacancy in &employer.vacancies {
            vacancies.entry(vacancy.id).or_insert(vacancy);
        }
    }
    let occupation_of = |vacancy: i64| -> Option<String> {
        vacancies
            .get(&vacancy)
            .and_then(|v| v.occupation.clone())
            .filter(|code| !code.trim().is_empty())
    };

    // The latest outcome per (worker, vacancy): later recorded wins, then
    // later given.
    let mut latest: HashMap<(i64, i64), (DateTime<Utc>, usize, Outcome)> = HashMap::new();
    for (index, outcome) in input.outcomes.iter().enumerate() {
        let entry = latest
            .entry((outcome.worker_id, outcome.vacancy_id))
            .or_insert((outcome.recorded_at, index, outcome.outcome));
        if (outcome.recorded_at, index) >= (entry.0, entry.1) {
            *entry = (outcome.recorded_at, index, outcome.outcome);
        }
    }

    // Interviews.
    let mut interviews = InterviewCounts::default();
    let mut interviewed_pairs: BTreeSet<(i64, i64)> = BTreeSet::new();
    for interview in input.interviews {
        match interview.attendance {
            Attendance::Cancelled => continue,
            Attendance::Attended => {
                interviews.held += 1;
                interviewed_pairs.insert((interview.worker_id, interview.vacancy_id));
            }
            Attendance::NoShow => interviews.no_shows += 1,
            Attendance::Scheduled => {}
        }
        interviews.scheduled += 1;
    }
    interviewed_pairs.extend(latest.keys().copied());
    let shortlisted_pairs: BTreeSet<(i64, i64)> = latest
        .iter()
        .filter(|(_, (_, _, outcome))| matches!(outcome, Outcome::Shortlisted | Outcome::Hired))
        .map(|(pair, _)| *pair)
        .collect();
    let hired_pairs: BTreeSet<(i64, i64)> = latest
        .iter()
        .filter(|(_, (_, _, outcome))| *outcome == Outcome::Hired)
        .map(|(pair, _)| *pair)
        .collect();
    let workers_of = |pairs: &BTreeSet<(i64, i64)>| -> u32 {
        pairs.iter().map(|(w, _)| *w).collect::<BTreeSet<_>>().len() as u32
    };

    // Workers, each once (a second line for the same worker adds what it
    // knows: walked in, checked in).
    let mut workers: BTreeMap<i64, ReportWorker> = BTreeMap::new();
    for worker in input.workers {
        workers
            .entry(worker.id)
            .and_modify(|known| {
                known.walk_in |= worker.walk_in;
                known.checked_in |= worker.checked_in;
            })
            .or_insert_with(|| worker.clone());
    }
    let came: BTreeSet<i64> = interviewed_pairs.iter().map(|(w, _)| *w).collect();
    let mut all = WorkerCounts::default();
    let mut by_sex: BTreeMap<bool, WorkerCounts> = BTreeMap::new();
    let mut by_age: BTreeMap<AgeBand, WorkerCounts> = BTreeMap::new();
    let mut by_priority: BTreeMap<PriorityGroup, WorkerCounts> = BTreeMap::new();
    let mut in_any = WorkerCounts::default();
    for worker in workers.values() {
        let attended = worker.walk_in || worker.checked_in || came.contains(&worker.id);
        all.add(worker, attended);
        by_sex
            .entry(worker.sex == Sex::Female)
            .or_default()
            .add(worker, attended);
        by_age
            .entry(AgeBand::of_age(age_on(
                worker.birth_date,
                input.session.date,
            )))
            .or_default()
            .add(worker, attended);
        let groups: BTreeSet<PriorityGroup> = worker.priority_groups.iter().copied().collect();
        for group in &groups {
            by_priority.entry(*group).or_default().add(worker, attended);
        }
        if !groups.is_empty() {
            in_any.add(worker, attended);
        }
    }
    let breakdown = WorkerBreakdown {
        all,
        by_sex: [Sex::Male, Sex::Female]
            .into_iter()
            .map(|sex| SexRow {
                sex,
                name_vi: sex.name_vi().to_owned(),
                counts: by_sex
                    .get(&(sex == Sex::Female))
                    .copied()
                    .unwrap_or_default(),
            })
            .collect(),
        by_age: AgeBand::ALL
            .into_iter()
            .filter(|band| *band != AgeBand::Under15 || by_age.contains_key(band))
            .map(|band| AgeRow {
                band,
                label_vi: band.label_vi().to_owned(),
                counts: by_age.get(&band).copied().unwrap_or_default(),
            })
            .collect(),
        by_priority: PriorityGroup::ALL
            .iter()
            .map(|&group| PriorityRow {
                group,
                name_vi: group.name_vi().to_owned(),
                counts: by_priority.get(&group).copied().unwrap_or_default(),
            })
            .collect(),
        in_any_priority_group: in_any,
    };

    // By occupation. `None` sorts first in a BTreeMap: the key puts it last.
    #[derive(Default)]
    struct Line {
        vacancies: u32,
        positions: u32,
        interviewed: BTreeSet<i64>,
        shortlisted: BTreeSet<i64>,
        hired: BTreeSet<i64>,
    }
    let mut lines: BTreeMap<(bool, Option<String>), Line> = BTreeMap::new();
    let key = |code: Option<String>| (code.is_none(), code);
    for vacancy in vacancies.values() {
        let line = lines.entry(key(occupation_of(vacancy.id))).or_default();
        line.vacancies += 1;
        line.positions += vacancy.positions;
    }
    for (worker, vacancy) in &interviewed_pairs {
        let line = lines.entry(key(occupation_of(*vacancy))).or_default();
        line.interviewed.insert(*worker);
        if shortlisted_pairs.contains(&(*worker, *vacancy)) {
            line.shortlisted.insert(*worker);
        }
        if hired_pairs.contains(&(*worker, *vacancy)) {
            line.hired.insert(*worker);
        }
    }
    let by_occupation = lines
        .into_iter()
        .map(|((_, code), line)| OccupationRow {
            name_vi: occupation_name(code.as_deref()),
            occupation: code,
            vacancies: line.vacancies,
            positions: line.positions,
            interviewed: line.interviewed.len() as u32,
            shortlisted: line.shortlisted.len() as u32,
            hired: line.hired.len() as u32,
        })
        .collect();

    SessionReport {
        session: input.session.clone(),
        reported_on: input.reported_on,
        employers: employers.len() as u32,
        vacancies: vacancies.len() as u32,
        positions: vacancies.values().map(|v| v.positions).sum(),
        workers: breakdown,
        interviews,
        interviewed: workers_of(&interviewed_pairs),
        shortlisted: workers_of(&shortlisted_pairs),
        hired: workers_of(&hired_pairs),
        by_occupation,
    }
}

/// The plans' indicator of counselling and job referrals, counted from the
/// exchange's counselling records.
pub const COUNSELLED: &str = "counselled";

/// A figure the plans read from the exchange: an indicator's count for a
/// unit and a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExchangeFigure {
    pub indicator: String,
    #[serde(with = "vieclam_plans::unit_text")]
    pub unit: UnitKey,
    pub month: Month,
    pub value: f64,
}

impl ExchangeFigure {
    /// As the plans' figures: `id` should not clash with stored ones (the
    /// server may number them −1, −2, …), `at` is when they were counted.
    pub fn to_data_value(&self, id: i64, at: DateTime<Utc>) -> DataValue {
        DataValue {
            id,
            indicator: self.indicator.clone(),
            unit: self.unit.clone(),
            period: Period::month(self.month),
            value: self.value,
            agency: None,
            comment: Some("Đếm từ sàn giao dịch việc làm / counted by the job exchange".to_owned()),
            entered_by: None,
            entered_at: at,
        }
    }
}

/// Figures numbered −1, −2, … as the plans' figures.
pub fn data_values(figures: &[ExchangeFigure], at: DateTime<Utc>) -> Vec<DataValue> {
    figures
        .iter()
        .enumerate()
        .map(|(index, figure)| figure.to_data_value(-(index as i64) - 1, at))
        .collect()
}

/// The sessions held, as the plans count them: from counts of sessions
/// held (running, closed or reported) by kind, unit and month (any day of
/// the month), one figure per kind's indicator (`sessions_daily` …) and
/// one of `sessions_total`, per unit and month. A row whose count is 0
/// still gives its figures (0 held of those scheduled is a figure, not a
/// gap).
pub fn held_figures(counts: &[(SessionKind, UnitKey, NaiveDate, u32)]) -> Vec<ExchangeFigure> {
    let mut sums: BTreeMap<(&'static str, UnitKey, Month), f64> = BTreeMap::new();
    for (kind, unit, month, held) in counts {
        let month = Month::of(*month);
        let held = f64::from(*held);
        for indicator in [kind.indicator(), SESSIONS_TOTAL] {
            *sums.entry((indicator, unit.clone(), month)).or_default() += held;
        }
    }
    figures(sums)
}

/// The counselling figures: from counts of counsellings by unit and month,
/// one `counselled` figure per unit and month.
pub fn counselling_figures(counts: &[(UnitKey, NaiveDate, u32)]) -> Vec<ExchangeFigure> {
    let mut sums: BTreeMap<(&'static str, UnitKey, Month), f64> = BTreeMap::new();
    for (unit, month, count) in counts {
        *sums
            .entry((COUNSELLED, unit.clone(), Month::of(*month)))
            .or_default() += f64::from(*count);
    }
    figures(sums)
}

fn figures(sums: BTreeMap<(&'static str, UnitKey, Month), f64>) -> Vec<ExchangeFigure> {
    sums.into_iter()
        .map(|((indicator, unit, month), value)| ExchangeFigure {
            indicator: indicator.to_owned(),
            unit,
            month,
            value,
        })
        .collect()
}
