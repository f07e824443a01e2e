//! The demo's job exchange: Hanoi's venues (the central exchange, satellite
//! exchanges, exchange points and the online venue), the 2025 plan's
//! sessions quarter by quarter and the quarters since, up to the one after
//! today, lived through their status machine — employers and workers
//! registering (some waiting in line), interviews, no-shows, shortlists and
//! hires, the reports filed — and, outside the sessions, applications in
//! every status, counselling with referrals, and unemployment-insurance
//! claimants with their monthly check-ins on time, late or missing.
//!
//! Everything is written through the store's exchange methods, as the
//! server writes it, so the same refusals hold; a hire records its
//! `employed` event (built by the server's `hire_event`) in the same write,
//! and a report is built by the server's own `live_report`. Every free text
//! a person reads is marked "dữ liệu demo", and the whole is deterministic
//! per seed (and day). Volumes are kept small — a handful of employers and
//! a dozen workers a session — so `vieclam demo` stays quick.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vieclam_domain::registry::{
    age_on, EmploymentStatus, EventKind, LabourEvent, OccupationCode, PriorityGroup, VacancyStatus,
    WorkerState,
};
use vieclam_domain::{AdminUnits, UnitKey, Username};
use vieclam_exchange::claim::{due_dates, grace_end};
use vieclam_exchange::schedule::ScheduleDefaults;
use vieclam_exchange::{
    ApplicationStatus, Attendance, Channel, ClaimStatus, CounsellingOutcome, InterviewMode,
    Outcome, Party, RegistrationState, SessionDraft, SessionKind, SessionStatus, Theme, VenueDraft,
    VenueKind,
};
use vieclam_plans::{Period, Plan};
use vieclam_server::exchange::{hire_event, live_report, session_place};
use vieclam_store::exchange::{
    ApplicationWrite, CheckinRecord, ClaimWrite, CounsellingWrite, HireEvent, InterviewWrite,
    OutcomeWrite, RegistrationRecord, RegistrationWrite, SessionFilter, SessionRecord,
    SessionWrite, VenueRecord,
};
use vieclam_store::{Area, Page, Store, StoreError};

use super::demo_plans::DEMO_NOTE;

/// The plan whose quarterly session targets the demo's schedule follows.
pub const PLAN_ID: &str = "hanoi-2025";
const PLAN_YEAR: i32 = 2025;
/// The exchange staff of the city's employment service centre: on the
/// staff of every venue.
pub const CENTRE_STAFF: &str = "ttdvvl.hanoi";
/// The staff of the Sóc Sơn satellite exchange: on its staff only.
pub const SATELLITE_STAFF: &str = "san.socson";
const ORGANISER: &str = "Trung tâm Dịch vụ việc làm Hà Nội";

/// The central exchange: Phường Yên Hòa (2025).
const CENTRAL_UNIT: &str = "00175";
const CENTRAL_ADDRESS: &str = "Số 215 Trung Kính, phường Yên Hòa, thành phố Hà Nội";
/// The satellite exchanges, in the communes named after the districts they
/// served before 2025: Sóc Sơn, Đông Anh, Mê Linh, Sơn Tây, Thạch Thất,
/// Phú Xuyên. Sóc Sơn comes first: its own staff account runs it.
const SATELLITE_UNITS: [&str; 6] = ["00376", "00454", "09022", "09574", "09955", "10273"];
/// Exchange points: Hà Đông, Long Biên, and Hòa Xá (the demo's commune).
const POINT_UNITS: [&str; 3] = ["09556", "00145", "10417"];
const ONLINE_ADDRESS: &str = "https://san-truc-tuyen.vieclam.example/ha-noi";
/// The communes mobile sessions travel to, in turn: Hòa Xá first, then
/// outlying communes of the city.
const MOBILE_COMMUNES: [&str; 12] = [
    "10417", "10441", "10354", "09700", "09715", "09895", "10114", "10237", "00382", "10003",
    "09784", "09832",
];

/// How many of each record outside sessions.
const N_APPLICATIONS: usize = 150;
const N_COUNSELLINGS: usize = 240;
const N_CLAIMS: usize = 60;
/// How many workers and vacancies the demo draws its people from.
const WORKER_POOL: usize = 4_000;
const MAX_WORKERS_SCANNED: usize = 30_000;
const MAX_VACANCIES_SCANNED: usize = 8_000;
/// An interview slot at a booth.
const SLOT_MINUTES: i64 = 20;

/// What the demo's exchange wrote.
#[derive(Debug, Default)]
pub struct Summary {
    pub venues: usize,
    pub sessions: BTreeMap<&'static str, u64>,
    pub registrations: usize,
    pub interviews: usize,
    pub hires: usize,
    pub applications: usize,
    pub counsellings: usize,
    pub claims: usize,
}

impl Summary {
    /// The one line `vieclam demo` prints.
    pub fn line(&self) -> String {
        let total: u64 = self.sessions.values().sum();
        let by_status = SessionStatus::ALL
            .iter()
            .map(|status| {
                format!(
                    "{} {}",
                    status.as_str(),
                    self.sessions.get(status.as_str()).copied().unwrap_or(0)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "Sàn giao dịch việc làm mẫu / demo exchange: {} sàn / venues; {total} phiên / sessions ({by_status}); {} đăng ký / registrations; {} trúng tuyển / hires; {} hồ sơ ứng tuyển / applications; {} lượt tư vấn / counsellings; {} người hưởng BHTN / claims",
            self.venues,
            self.registrations,
            self.hires,
            self.applications,
            self.counsellings,
            self.claims
        )
    }
}

/// Writes the demo's exchange, once: nothing when a venue exists already,
/// or when the city is not Hanoi or its 2025 plan is not loaded.
pub async fn load(
    store: &dyn Store,
    units: &AdminUnits,
    seed: u64,
    province: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Summary>> {
    let any_venue = store
        .list_venues(
            &Area::All,
            Page {
                limit: 1,
                offset: 0,
            },
        )
        .await?;
    if !any_venue.is_empty() || province != "01" {
        return Ok(None);
    }
    let Some(plan) = store.get_plan(PLAN_ID).await? else {
        return Ok(None);
    };
    let centre_staff = account_id(store, CENTRE_STAFF).await?;
    let satellite_staff = account_id(store, SATELLITE_STAFF).await?;
    let pools = Pools::load(store, today).await?;
    let mut demo = Demo {
        store,
        units,
        rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5341_4e47_4456_4c00),
        today,
        now,
        staff: centre_staff,
        pools,
        venues: HashMap::new(),
        taken: HashSet::new(),
        busy: HashSet::new(),
        hired: HashSet::new(),
        held: Vec::new(),
        summary: Summary::default(),
    };
    demo.create_venues(centre_staff, satellite_staff).await?;
    demo.sessions(&plan).await?;
    demo.applications().await?;
    demo.counsellings().await?;
    demo.claims().await?;
    for status in SessionStatus::ALL {
        let n = store
            .count_sessions(&SessionFilter {
                status: Some(*status),
                ..SessionFilter::default()
            })
            .await?;
        demo.summary.sessions.insert(status.as_str(), n);
    }
    Ok(Some(demo.summary))
}

async fn account_id(store: &dyn Store, username: &str) -> anyhow::Result<Option<i64>> {
    Ok(store
        .find_user_credentials(&Username::parse(username)?)
        .await?
        .map(|credentials| credentials.account.id))
}

fn unit(code: &str) -> Option<UnitKey> {
    UnitKey::parse(&format!("2025:{code}"), NaiveDate::MAX).ok()
}

/// Vietnam's local time as the store's UTC instant.
fn utc(local: NaiveDateTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(local - Duration::hours(7)))
}

fn local(at: DateTime<Utc>) -> NaiveDateTime {
    (at + Duration::hours(7)).naive_utc()
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Public holidays without sessions: New Year, Reunification and Labour
/// days, National Day (two days since 2025), and Tết — the lunar new year
/// with three days before and four after, for the years the table knows.
fn holidays(year: i32) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = [(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)]
        .iter()
        .filter_map(|&(month, day)| NaiveDate::from_ymd_opt(year, month, day))
        .collect();
    let new_year = match year {
        2025 => Some((1, 29)),
        2026 => Some((2, 17)),
        2027 => Some((2, 6)),
        2028 => Some((1, 26)),
        2029 => Some((2, 13)),
        2030 => Some((2, 3)),
        _ => None,
    };
    if let Some(first) = new_year.and_then(|(month, day)| NaiveDate::from_ymd_opt(year, month, day))
    {
        days.extend((-3..=4).map(|offset| first + Duration::days(offset)));
    }
    days
}

/// The quarter a day is in.
fn quarter_of(day: NaiveDate) -> Period {
    Period::quarter(day.year(), day.month0() / 3 + 1)
}

/// The quarter `n` quarters after `period`'s.
fn quarter_after(period: Period, n: i32) -> Period {
    let index = period.first.year() * 4 + (period.first.month() as i32 - 1) / 3 + n;
    Period::quarter(index.div_euclid(4), index.rem_euclid(4) as u32 + 1)
}

/// The place a session takes on its day: its venue, or for a mobile
/// session the commune it travels to.
fn place_key(session: &SessionDraft) -> String {
    if session.kind == SessionKind::Mobile {
        format!("unit:{}", session.unit)
    } else {
        format!("venue:{}", session.venue_id)
    }
}

#[derive(Clone, Debug)]
struct PoolWorker {
    id: i64,
    province: String,
    residence: UnitKey,
    birth_date: NaiveDate,
    disability: bool,
    graduate: bool,
    occupation: Option<OccupationCode>,
    insured: bool,
    status: EmploymentStatus,
    status_since: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
struct PoolEmployer {
    id: i64,
    province: String,
    /// Vacancies with status open.
    open: Vec<i64>,
    /// Those still open today (the deadline not passed).
    open_today: Vec<i64>,
}

#[derive(Clone, Debug)]
struct PoolVacancy {
    employer_id: i64,
    occupation: Option<OccupationCode>,
    province: String,
    open_today: bool,
}

/// The workers, employers and vacancies the demo's exchange draws from.
struct Pools {
    /// Workers without a job now (unemployed or out of the labour force):
    /// most of those who come to the exchange, and the ones hired.
    seekers: Vec<PoolWorker>,
    /// Workers with a job, who come looking for a better one.
    others: Vec<PoolWorker>,
    employers: Vec<PoolEmployer>,
    vacancies: HashMap<i64, PoolVacancy>,
    /// Open vacancies, by id.
    open: Vec<i64>,
}

impl Pools {
    async fn load(store: &dyn Store, today: NaiveDate) -> anyhow::Result<Pools> {
        let mut seekers = Vec::new();
        let mut others = Vec::new();
        let mut after = 0;
        let mut scanned = 0;
        while seekers.len() < WORKER_POOL && scanned < MAX_WORKERS_SCANNED {
            let page = store.workers_after(after, 1000).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.id;
            scanned += page.len();
            for worker in page {
                let pooled = PoolWorker {
                    id: worker.id,
                    province: worker.province_code.clone(),
                    residence: worker.state.residence.clone(),
                    birth_date: worker.profile.birth_date,
                    disability: worker
                        .profile
                        .priority_groups
                        .contains(&PriorityGroup::Disability),
                    graduate: worker
                        .profile
                        .priority_groups
                        .contains(&PriorityGroup::Graduate),
                    occupation: worker.profile.wanted_occupation.clone(),
                    insured: worker.profile.unemployment_insurance,
                    status: worker.state.status,
                    status_since: worker.state.status_since,
                };
                match worker.state.status {
                    EmploymentStatus::Unemployed | EmploymentStatus::OutOfLabourForce => {
                        seekers.push(pooled)
                    }
                    EmploymentStatus::Employed if others.len() < WORKER_POOL / 2 => {
                        others.push(pooled)
                    }
                    _ => {}
                }
            }
        }
        let mut by_employer: BTreeMap<i64, PoolEmployer> = BTreeMap::new();
        let mut vacancies = HashMap::new();
        let mut open = Vec::new();
        let mut after = 0;
        let mut scanned = 0;
        while scanned < MAX_VACANCIES_SCANNED {
            let page = store.vacancies_after(after, 1000).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.id;
            scanned += page.len();
            for vacancy in page {
                if vacancy.posting.status != VacancyStatus::Open || vacancy.posting.is_abroad() {
                    continue;
                }
                let open_today = vacancy.posting.status_on(today) == VacancyStatus::Open;
                let employer = by_employer
                    .entry(vacancy.posting.employer_id)
                    .or_insert_with(|| PoolEmployer {
                        id: vacancy.posting.employer_id,
                        province: vacancy.province_code.clone(),
                        open: Vec::new(),
                        open_today: Vec::new(),
                    });
                employer.open.push(vacancy.id);
                if open_today {
                    employer.open_today.push(vacancy.id);
                }
                open.push(vacancy.id);
                vacancies.insert(
                    vacancy.id,
                    PoolVacancy {
                        employer_id: vacancy.posting.employer_id,
                        occupation: vacancy.posting.occupation.clone(),
                        province: vacancy.province_code.clone(),
                        open_today,
                    },
                );
            }
        }
        Ok(Pools {
            seekers,
            others,
            employers: by_employer.into_values().collect(),
            vacancies,
            open,
        })
    }
}

/// A session held, for the counselling done at sessions.
struct Held {
    id: i64,
    date: NaiveDate,
    unit: UnitKey,
}

struct Demo<'a> {
    store: &'a dyn Store,
    units: &'a AdminUnits,
    rng: ChaCha8Rng,
    today: NaiveDate,
    now: DateTime<Utc>,
    /// The account that acts for the exchange (the centre's staff).
    staff: Option<i64>,
    pools: Pools,
    venues: HashMap<i64, VenueRecord>,
    /// (place, day) taken by a session, for make-up sessions.
    taken: HashSet<(String, NaiveDate)>,
    /// (worker, day): a worker goes to one session a day.
    busy: HashSet<(i64, NaiveDate)>,
    /// Workers hired through the exchange (once each).
    hired: HashSet<i64>,
    held: Vec<Held>,
    summary: Summary,
}

impl Demo<'_> {
    /// A store time: the local time given, never after now.
    fn at(&self, local_time: NaiveDateTime) -> DateTime<Utc> {
        utc(local_time).min(self.now)
    }

    fn local_now(&self) -> NaiveDateTime {
        local(self.now)
    }

    fn roll(&mut self) -> u32 {
        self.rng.gen_range(0..100)
    }

    async fn create_venues(
        &mut self,
        centre_staff: Option<i64>,
        satellite_staff: Option<i64>,
    ) -> anyhow::Result<()> {
        let staff: Vec<i64> = centre_staff.into_iter().collect();
        let mut drafts = Vec::new();
        if let Some(key) = unit(CENTRAL_UNIT) {
            drafts.push(VenueDraft {
                name: "Sàn giao dịch việc làm Hà Nội".to_owned(),
                kind: VenueKind::Central,
                unit: key,
                address: CENTRAL_ADDRESS.to_owned(),
                booths: 40,
                seats: 400,
                staff: staff.clone(),
            });
        }
        for (index, code) in SATELLITE_UNITS.iter().enumerate() {
            let Some(key) = unit(code) else { continue };
            let Ok(found) = self.units.get(&key) else {
                continue;
            };
            let mut venue_staff = staff.clone();
            if index == 0 {
                venue_staff.extend(satellite_staff);
            }
            drafts.push(VenueDraft {
                name: format!("Sàn giao dịch việc làm vệ tinh {}", found.short_name),
                kind: VenueKind::Satellite,
                address: format!("{}, thành phố Hà Nội", found.name),
                unit: key,
                booths: 12,
                seats: 150,
                staff: venue_staff,
            });
        }
        for code in POINT_UNITS {
            let Some(key) = unit(code) else { continue };
            let Ok(found) = self.units.get(&key) else {
                continue;
            };
            drafts.push(VenueDraft {
                name: format!("Điểm giao dịch việc làm {}", found.short_name),
                kind: VenueKind::Point,
                address: format!("{}, thành phố Hà Nội", found.name),
                unit: key,
                booths: 6,
                seats: 60,
                staff: staff.clone(),
            });
        }
        if let Some(key) = unit("01") {
            drafts.push(VenueDraft {
                name: "Sàn giao dịch việc làm trực tuyến Hà Nội".to_owned(),
                kind: VenueKind::Online,
                unit: key,
                address: ONLINE_ADDRESS.to_owned(),
                booths: 100,
                seats: 2_000,
                staff,
            });
        }
        // The venues were there before the plan's first quarter.
        let opened = self.at(NaiveDate::from_ymd_opt(PLAN_YEAR - 1, 12, 1)
            .unwrap_or(self.today)
            .and_time(time(9, 0)));
        for draft in &drafts {
            draft.check()?;
            let record = self.store.create_venue(draft, "01", opened).await?;
            self.venues.insert(record.id, record);
        }
        self.summary.venues = drafts.len();
        Ok(())
    }

    /// The 2025 plan's quarters, then those since, up to the one after
    /// today (at most a year and a quarter of them): each quarter scheduled
    /// and its sessions lived through as far as today.
    async fn sessions(&mut self, plan: &Plan) -> anyhow::Result<()> {
        let communes: Vec<UnitKey> = MOBILE_COMMUNES
            .iter()
            .filter_map(|code| unit(code))
            .filter(|key| self.units.get(key).is_ok())
            .collect();
        let mut quarters: Vec<(Period, bool)> = (1..=4)
            .map(|quarter| (Period::quarter(PLAN_YEAR, quarter), true))
            .collect();
        let current = quarter_of(self.today);
        let after_plan = Period::quarter(PLAN_YEAR + 1, 1);
        let mut quarter = quarter_after(current, -3);
        if quarter.first < after_plan.first {
            quarter = after_plan;
        }
        let last = quarter_after(current, 1);
        while quarter.first <= last.first {
            quarters.push((quarter, false));
            quarter = quarter_after(quarter, 1);
        }
        // The quarters after the plan take the targets of the same quarter
        // of the plan's year: the city's latest schedule, kept.
        let mut derived = plan.clone();
        for (quarter, from_plan) in quarters {
            if !from_plan {
                let template = Period::quarter(PLAN_YEAR, (quarter.first.month() - 1) / 3 + 1);
                let repeated: Vec<_> = plan
                    .targets
                    .iter()
                    .filter(|target| {
                        target.period == template
                            && target.unit == plan.unit
                            && SessionKind::of_indicator(&target.indicator).is_some()
                    })
                    .cloned()
                    .map(|mut target| {
                        target.period = quarter;
                        target
                    })
                    .collect();
                derived.targets.extend(repeated);
            }
            let defaults = ScheduleDefaults {
                organiser: ORGANISER.to_owned(),
                industries: vec!["C".to_owned(), "G".to_owned(), "I".to_owned()],
                holidays: holidays(quarter.first.year()),
                mobile_booths: 10,
                mobile_seats: 150,
                ..ScheduleDefaults::default()
            };
            let made = self.at((quarter.first_day() - Duration::days(20)).and_time(time(9, 0)));
            let records = super::exchange::schedule_sessions(
                self.store,
                self.units,
                if from_plan { plan } else { &derived },
                quarter,
                Some(communes.clone()),
                &defaults,
                from_plan.then_some(PLAN_ID),
                self.staff,
                made,
            )
            .await?;
            for record in &records {
                self.taken
                    .insert((place_key(&record.session), record.session.date));
            }
            let mut queue: VecDeque<(SessionRecord, bool)> =
                records.into_iter().map(|record| (record, true)).collect();
            while let Some((record, may_cancel)) = queue.pop_front() {
                if let Some(make_up) = self.live(record, may_cancel).await? {
                    queue.push_front((make_up, false));
                }
            }
        }
        Ok(())
    }

    async fn move_to(
        &self,
        id: i64,
        to: SessionStatus,
        at: NaiveDateTime,
    ) -> Result<SessionRecord, StoreError> {
        self.store
            .move_session(id, to, self.staff, self.at(at))
            .await
    }

    /// Lives one session through as far as now. A session cancelled before
    /// it was held gives its make-up session, to be lived in turn.
    async fn live(
        &mut self,
        record: SessionRecord,
        may_cancel: bool,
    ) -> anyhow::Result<Option<SessionRecord>> {
        let draft = record.session.clone();
        let start = draft.date.and_time(draft.starts);
        let end = draft.date.and_time(draft.ends);
        let created = local(record.created_at);
        let opens = draft
            .registration_opens
            .unwrap_or(start - Duration::days(14))
            .max(created);
        let now = self.local_now();
        let cancel = may_cancel && self.rng.gen_range(0..1000) < 20;
        if cancel {
            // Called off a few days ahead (a venue needed, too few
            // employers); one held in the past gets its make-up session.
            let called_off = (start - Duration::days(self.rng.gen_range(1..=4)))
                .max(created + Duration::hours(1))
                .min(now);
            if opens <= called_off {
                self.move_to(record.id, SessionStatus::Open, opens).await?;
            }
            self.move_to(record.id, SessionStatus::Cancelled, called_off)
                .await?;
            if start > now {
                return Ok(None);
            }
            return self.make_up(&draft, called_off).await;
        }
        if opens > now {
            return Ok(None);
        }
        let record = self.move_to(record.id, SessionStatus::Open, opens).await?;
        let employers_open_today = start > now;
        let (n_employers, n_advance, n_walk_ins) = self.volumes(&draft);
        // Registrations so far, spread over the window that has passed.
        let window_end = start.min(now);
        let share = if start > now {
            let passed = (now - opens).num_minutes() as f64;
            let window = (start - opens).num_minutes().max(1) as f64;
            (passed / window).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let n_employers = (n_employers as f64 * share).round() as usize;
        let n_advance = (n_advance as f64 * share).round() as usize;
        self.register_employers(
            &record,
            n_employers,
            opens,
            window_end,
            employers_open_today,
        )
        .await?;
        self.register_workers(&record, n_advance, opens, window_end)
            .await?;
        if start > now {
            return Ok(None);
        }
        self.move_to(record.id, SessionStatus::Running, start)
            .await?;
        self.walk_ins(&record, n_walk_ins, start, end.min(now))
            .await?;
        if end > now {
            return Ok(None);
        }
        self.interviews(&record).await?;
        let closed = self.move_to(record.id, SessionStatus::Closed, end).await?;
        self.held.push(Held {
            id: record.id,
            date: draft.date,
            unit: draft.unit.clone(),
        });
        // The report is filed one to four days later, on a working day;
        // the last few sessions wait for theirs.
        let mut reported_on = draft.date + Duration::days(self.rng.gen_range(1..=4));
        while is_weekend(reported_on) {
            reported_on += Duration::days(1);
        }
        let filed_at = reported_on.and_time(time(15, 30));
        if filed_at <= now {
            let venue = self
                .venues
                .get(&draft.venue_id)
                .map(|venue| session_place(self.units, &closed, venue))
                .unwrap_or_default();
            let report = live_report(self.store, &closed, venue, reported_on).await?;
            self.store
                .file_session_report(
                    record.id,
                    &serde_json::to_value(&report)?,
                    self.staff,
                    self.at(filed_at),
                )
                .await?;
        }
        Ok(None)
    }

    /// A cancelled session's make-up: the next working day the place is
    /// free, registration open from the day it was called off.
    async fn make_up(
        &mut self,
        draft: &SessionDraft,
        called_off: NaiveDateTime,
    ) -> anyhow::Result<Option<SessionRecord>> {
        let place = place_key(draft);
        let mut day = draft.date;
        for _ in 0..30 {
            day += Duration::days(1);
            if is_weekend(day)
                || holidays(day.year()).contains(&day)
                || self.taken.contains(&(place.clone(), day))
            {
                continue;
            }
            let mut session = draft.clone();
            session.date = day;
            let (was, is) = (
                draft.date.format("%d/%m/%Y").to_string(),
                day.format("%d/%m/%Y").to_string(),
            );
            session.title = format!("{} – phiên bù", draft.title.replace(&was, &is));
            let start = day.and_time(draft.starts);
            session.registration_opens = Some(called_off);
            session.registration_closes = Some(start);
            session.check()?;
            let province = self.units.current_province_code(&session.unit)?.to_string();
            let mut created = self
                .store
                .create_sessions(
                    &[SessionWrite {
                        session: &session,
                        province_code: &province,
                        plan_id: None,
                        actor: self.staff,
                    }],
                    self.at(called_off),
                )
                .await?;
            self.taken.insert((place, day));
            return Ok(created.pop());
        }
        Ok(None)
    }

    /// Employers with booths, workers registered ahead, walk-ins.
    fn volumes(&mut self, draft: &SessionDraft) -> (usize, usize, usize) {
        let booths = draft.booths as usize;
        let satellite = self
            .venues
            .get(&draft.venue_id)
            .is_some_and(|venue| venue.venue.kind == VenueKind::Satellite);
        let rng = &mut self.rng;
        match draft.kind {
            // A busy day at a satellite fills its booths, and a few wait.
            SessionKind::Daily if satellite && rng.gen_range(0..10) == 0 => {
                (booths + rng.gen_range(1..=2), rng.gen_range(3..=5), 3)
            }
            SessionKind::Daily => (
                rng.gen_range(2..=3),
                rng.gen_range(2..=4),
                rng.gen_range(1..=3),
            ),
            SessionKind::Mobile => (
                booths + rng.gen_range(0..=2),
                rng.gen_range(3..=5),
                rng.gen_range(4..=7),
            ),
            SessionKind::Thematic | SessionKind::Disability => (
                rng.gen_range(6..=10),
                rng.gen_range(6..=10),
                rng.gen_range(3..=6),
            ),
            SessionKind::Online => (rng.gen_range(4..=6), rng.gen_range(5..=8), 0),
        }
    }

    /// Instants spread evenly over `from..to`, in order.
    fn spread(n: usize, from: NaiveDateTime, to: NaiveDateTime) -> Vec<NaiveDateTime> {
        let span = (to - from).num_minutes().max(0);
        (0..n)
            .map(|i| from + Duration::minutes(span * (i as i64 + 1) / (n as i64 + 1)))
            .collect()
    }

    async fn register_employers(
        &mut self,
        session: &SessionRecord,
        n: usize,
        from: NaiveDateTime,
        to: NaiveDateTime,
        open_today: bool,
    ) -> anyhow::Result<()> {
        if self.pools.employers.is_empty() || n == 0 {
            return Ok(());
        }
        let mut chosen: HashSet<i64> = HashSet::new();
        let mut accepted: Vec<RegistrationRecord> = Vec::new();
        let mut any_waiting = false;
        let times = Self::spread(n, from, to);
        for at in times {
            let mut pick = None;
            for _ in 0..20 {
                let employer =
                    &self.pools.employers[self.rng.gen_range(0..self.pools.employers.len())];
                let offered = if open_today {
                    &employer.open_today
                } else {
                    &employer.open
                };
                if !offered.is_empty() && !chosen.contains(&employer.id) {
                    pick = Some(employer.clone());
                    break;
                }
            }
            let Some(employer) = pick else { continue };
            chosen.insert(employer.id);
            let offered = if open_today {
                &employer.open_today
            } else {
                &employer.open
            };
            let n_brought = self.rng.gen_range(1..=3).min(offered.len());
            let mut brought: Vec<i64> = offered
                .choose_multiple(&mut self.rng, n_brought)
                .copied()
                .collect();
            brought.sort_unstable();
            let by_officer = self.roll() < 30;
            let registration = self
                .store
                .register(
                    &RegistrationWrite {
                        session_id: session.id,
                        party: Party::Employer,
                        party_id: employer.id,
                        channel: if by_officer {
                            Channel::Officer
                        } else {
                            Channel::Online
                        },
                        vacancies: &brought,
                        province_code: &employer.province,
                        actor: if by_officer { self.staff } else { None },
                    },
                    self.at(at),
                )
                .await?;
            self.summary.registrations += 1;
            match registration.state {
                RegistrationState::Accepted => accepted.push(registration),
                RegistrationState::Waiting => any_waiting = true,
                RegistrationState::Cancelled => {}
            }
        }
        // Now and then an employer with a booth withdraws, and the first in
        // line takes its booth.
        if any_waiting && self.roll() < 50 {
            if let Some(first) = accepted.first() {
                self.store
                    .cancel_registration(first.id, self.staff, self.at(to))
                    .await?;
            }
        }
        Ok(())
    }

    /// Workers for a session: most without a job, some looking for a
    /// better one; at a thematic session on disability or graduates, those
    /// first. Each goes to one session a day, and is 15 or over.
    fn pick_workers(&mut self, n: usize, draft: &SessionDraft) -> Vec<PoolWorker> {
        let day = draft.date;
        let mut chosen = Vec::new();
        let mut tries = 0;
        while chosen.len() < n && tries < n * 40 {
            tries += 1;
            let seeker = self.rng.gen_range(0..100) < 75 || self.pools.others.is_empty();
            let pool = if seeker {
                &self.pools.seekers
            } else {
                &self.pools.others
            };
            if pool.is_empty() {
                break;
            }
            let worker = &pool[self.rng.gen_range(0..pool.len())];
            let fits = match draft.theme {
                Some(Theme::Disability) => worker.disability,
                Some(Theme::Graduates) => {
                    worker.graduate || (21..=27).contains(&age_on(worker.birth_date, day))
                }
                _ => true,
            };
            if (!fits && tries < n * 20)
                || age_on(worker.birth_date, day) < 15
                || self.busy.contains(&(worker.id, day))
            {
                continue;
            }
            self.busy.insert((worker.id, day));
            chosen.push(worker.clone());
        }
        chosen
    }

    async fn register_workers(
        &mut self,
        session: &SessionRecord,
        n: usize,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let workers = self.pick_workers(n, &session.session);
        let times = Self::spread(workers.len(), from, to);
        for (worker, at) in workers.iter().zip(times) {
            let by_officer = session.session.kind != SessionKind::Online && self.roll() < 35;
            self.store
                .register(
                    &RegistrationWrite {
                        session_id: session.id,
                        party: Party::Worker,
                        party_id: worker.id,
                        channel: if by_officer {
                            Channel::Officer
                        } else {
                            Channel::Online
                        },
                        vacancies: &[],
                        province_code: &worker.province,
                        actor: if by_officer { self.staff } else { None },
                    },
                    self.at(at),
                )
                .await?;
            self.summary.registrations += 1;
        }
        Ok(())
    }

    async fn walk_ins(
        &mut self,
        session: &SessionRecord,
        n: usize,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let workers = self.pick_workers(n, &session.session);
        let times = Self::spread(workers.len(), from, to);
        for (worker, at) in workers.iter().zip(times) {
            self.store
                .register(
                    &RegistrationWrite {
                        session_id: session.id,
                        party: Party::Worker,
                        party_id: worker.id,
                        channel: Channel::WalkIn,
                        vacancies: &[],
                        province_code: &worker.province,
                        actor: self.staff,
                    },
                    self.at(at),
                )
                .await?;
            self.summary.registrations += 1;
        }
        Ok(())
    }

    async fn accepted(
        &self,
        session_id: i64,
        party: Party,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        self.store
            .list_registrations(
                session_id,
                Some(party),
                Some(RegistrationState::Accepted),
                Page {
                    limit: 1000,
                    offset: 0,
                },
            )
            .await
    }

    /// Interviews at the booths, in slots of twenty minutes; who came, and
    /// what came of it.
    async fn interviews(&mut self, session: &SessionRecord) -> anyhow::Result<()> {
        let draft = &session.session;
        let employers = self.accepted(session.id, Party::Employer).await?;
        let mut workers = self.accepted(session.id, Party::Worker).await?;
        if employers.is_empty() || workers.is_empty() {
            return Ok(());
        }
        workers.shuffle(&mut self.rng);
        let n_interviews = (workers.len() * 3).div_ceil(5);
        let start = draft.date.and_time(draft.starts);
        let end = draft.date.and_time(draft.ends);
        let by_worker: HashMap<i64, PoolWorker> = self
            .pools
            .seekers
            .iter()
            .chain(&self.pools.others)
            .filter(|worker| workers.iter().any(|w| w.party_id == worker.id))
            .map(|worker| (worker.id, worker.clone()))
            .collect();
        for (index, registration) in workers.iter().take(n_interviews).enumerate() {
            let booth = &employers[index % employers.len()];
            let slot = (index / employers.len()) as i64;
            let starts = start + Duration::minutes(slot * SLOT_MINUTES);
            let ends = starts + Duration::minutes(SLOT_MINUTES);
            if ends > end {
                break;
            }
            let Some(&vacancy_id) = booth.vacancies.choose(&mut self.rng) else {
                continue;
            };
            let Some(worker) = by_worker.get(&registration.party_id) else {
                continue;
            };
            let online = draft.kind == SessionKind::Online;
            let link = format!(
                "https://hop.vieclam.example/phien-{}/gian-{}",
                session.id,
                booth.booth.unwrap_or_default()
            );
            let booked = self
                .store
                .book_interview(
                    &InterviewWrite {
                        session_id: Some(session.id),
                        application_id: None,
                        worker_id: worker.id,
                        employer_id: booth.party_id,
                        vacancy_id,
                        booth: booth.booth,
                        starts,
                        ends,
                        mode: if online {
                            InterviewMode::Online
                        } else {
                            InterviewMode::OnSite
                        },
                        link: online.then_some(link.as_str()),
                        province_code: &worker.province,
                        actor: self.staff,
                    },
                    self.at(start - Duration::minutes(10)),
                )
                .await;
            let interview = match booked {
                Ok(interview) => interview,
                // A slot the rules refuse is skipped, as a clerk would.
                Err(StoreError::Refused(_)) => continue,
                Err(error) => return Err(error.into()),
            };
            self.summary.interviews += 1;
            let came = self.roll() < 85;
            self.store
                .set_attendance(
                    interview.id,
                    if came {
                        Attendance::Attended
                    } else {
                        Attendance::NoShow
                    },
                    self.staff,
                    self.at(ends),
                )
                .await?;
            if !came {
                continue;
            }
            let roll = self.roll();
            let hire = roll < 25 && self.hireable(worker, draft.date).await?;
            let outcome = match roll {
                _ if hire => Outcome::Shortlisted,
                0..=54 => Outcome::Shortlisted,
                55..=69 => Outcome::Rejected,
                _ => Outcome::Interviewed,
            };
            let write = OutcomeWrite {
                session_id: session.id,
                worker_id: worker.id,
                employer_id: booth.party_id,
                vacancy_id,
                outcome,
                province_code: &worker.province,
                actor: self.staff,
            };
            self.store
                .record_outcome(&write, None, self.at(ends + Duration::minutes(2)))
                .await?;
            if hire {
                let occupation = self
                    .pools
                    .vacancies
                    .get(&vacancy_id)
                    .and_then(|vacancy| vacancy.occupation.clone());
                let event = hire_event(
                    draft.date,
                    booth.party_id,
                    occupation,
                    Some(session.id),
                    vacancy_id,
                );
                self.store
                    .record_outcome(
                        &OutcomeWrite {
                            outcome: Outcome::Hired,
                            ..write
                        },
                        Some(&HireEvent {
                            event: &event,
                            province_code: &worker.province,
                        }),
                        self.at(ends + Duration::minutes(5)),
                    )
                    .await?;
                self.hired.insert(worker.id);
                self.summary.hires += 1;
            }
        }
        Ok(())
    }

    /// Whether a hire on `day` keeps the worker's history whole: they were
    /// in the register by then, without a job (unemployed or out of the
    /// labour force), and nothing changed their situation afterwards — so
    /// the hire is what their record says now. Each is hired once.
    async fn hireable(&mut self, worker: &PoolWorker, day: NaiveDate) -> anyhow::Result<bool> {
        if self.hired.contains(&worker.id) {
            return Ok(false);
        }
        let events: Vec<LabourEvent> = self
            .store
            .list_events(worker.id)
            .await?
            .into_iter()
            .map(|record| record.event)
            .collect();
        let registered = events
            .iter()
            .filter(|event| event.kind == EventKind::Registered)
            .map(|event| event.date)
            .min();
        if registered.is_none_or(|registered| registered > day) {
            return Ok(false);
        }
        let changes_status = |event: &LabourEvent| {
            !matches!(
                event.kind,
                EventKind::Moved | EventKind::Trained | EventKind::Certified
            )
        };
        if events
            .iter()
            .any(|event| event.date > day && changes_status(event))
        {
            return Ok(false);
        }
        let state = WorkerState::derive_on(
            WorkerState::initial(EmploymentStatus::Unemployed, worker.residence.clone()),
            &events,
            day,
        );
        Ok(matches!(
            state.status,
            EmploymentStatus::Unemployed | EmploymentStatus::OutOfLabourForce
        ))
    }

    fn seeker(&mut self, adult_on: NaiveDate) -> Option<PoolWorker> {
        for _ in 0..50 {
            let pool = &self.pools.seekers;
            if pool.is_empty() {
                return None;
            }
            let worker = &pool[self.rng.gen_range(0..pool.len())];
            if age_on(worker.birth_date, adult_on) >= 18 {
                return Some(worker.clone());
            }
        }
        None
    }

    /// A vacancy: open today, or open at all (for what was decided before).
    fn vacancy(&mut self, open_today: bool) -> Option<(i64, PoolVacancy)> {
        for _ in 0..50 {
            let id = *self.pools.open.choose(&mut self.rng)?;
            let vacancy = self.pools.vacancies.get(&id)?;
            if vacancy.open_today || !open_today {
                return Some((id, vacancy.clone()));
            }
        }
        None
    }

    /// Applications outside sessions, in every status, each move dated.
    async fn applications(&mut self) -> anyhow::Result<()> {
        use ApplicationStatus::*;
        let mut applied: HashSet<i64> = HashSet::new();
        for index in 0..N_APPLICATIONS {
            let wanted = [
                Received,
                Shortlisted,
                Interview,
                Hired,
                Hired,
                Rejected,
                Rejected,
                Withdrawn,
            ][index % 8];
            let pending = !wanted.is_final();
            let started = if pending {
                self.today - Duration::days(self.rng.gen_range(1..=30))
            } else {
                self.today - Duration::days(self.rng.gen_range(20..=150))
            };
            let Some(worker) = self.seeker(started) else {
                break;
            };
            if !applied.insert(worker.id) {
                continue;
            }
            let Some((vacancy_id, vacancy)) = self.vacancy(pending) else {
                break;
            };
            let mut path: Vec<ApplicationStatus> = match wanted {
                Received => vec![],
                Shortlisted => vec![Shortlisted],
                Interview => vec![Shortlisted, Interview],
                Hired => vec![Shortlisted, Interview, Hired],
                Rejected | Withdrawn => {
                    let reached = self.rng.gen_range(0..=2);
                    let mut path: Vec<_> = [Shortlisted, Interview][..reached].to_vec();
                    path.push(wanted);
                    path
                }
            };
            let by_officer = self.roll() < 40;
            let note = if by_officer {
                format!("Cán bộ sàn nộp hồ sơ giúp người lao động ({DEMO_NOTE})")
            } else {
                format!("Người lao động tự nộp hồ sơ trên cổng việc làm ({DEMO_NOTE})")
            };
            let application = self
                .store
                .create_application(
                    &ApplicationWrite {
                        vacancy_id,
                        worker_id: worker.id,
                        employer_id: vacancy.employer_id,
                        province_code: &vacancy.province,
                        note: Some(&note),
                        actor: if by_officer { self.staff } else { None },
                    },
                    self.at(started.and_time(time(9, 30))),
                )
                .await?;
            self.summary.applications += 1;
            let mut day = started;
            let mut interview: Option<(i64, NaiveDate)> = None;
            for (step, status) in path.iter_mut().enumerate() {
                day += Duration::days(self.rng.gen_range(2..=7));
                if let Some((interview_id, on)) = interview.take() {
                    // The decision comes after the interview, if the worker came.
                    day = day.max(on + Duration::days(1));
                    let came = self.roll() < 90;
                    if on < self.today {
                        self.store
                            .set_attendance(
                                interview_id,
                                if came {
                                    Attendance::Attended
                                } else {
                                    Attendance::NoShow
                                },
                                None,
                                self.at(on.and_time(time(15, 0))),
                            )
                            .await?;
                    }
                    if !came && *status == Hired {
                        *status = Rejected;
                    }
                }
                if day > self.today {
                    break;
                }
                if *status == Hired && !self.hireable(&worker, day).await? {
                    *status = Rejected;
                }
                let event = (*status == Hired).then(|| {
                    hire_event(
                        day,
                        vacancy.employer_id,
                        vacancy.occupation.clone(),
                        None,
                        vacancy_id,
                    )
                });
                let hire = event.as_ref().map(|event| HireEvent {
                    event,
                    province_code: &worker.province,
                });
                let note = format!("{} ({DEMO_NOTE})", step_note(*status));
                self.store
                    .move_application(
                        application.id,
                        *status,
                        Some(&note),
                        hire.as_ref(),
                        None,
                        self.at(day.and_time(time(10, 0))),
                    )
                    .await?;
                if *status == Hired {
                    self.hired.insert(worker.id);
                    self.summary.hires += 1;
                }
                if *status == Interview {
                    // An afternoon slot a few days on (after the morning
                    // sessions), perhaps still to come.
                    let on = day + Duration::days(self.rng.gen_range(2..=5));
                    let starts = on.and_time(time(14, 0) + Duration::minutes(30 * (step as i64)));
                    let booked = self
                        .store
                        .book_interview(
                            &InterviewWrite {
                                session_id: None,
                                application_id: Some(application.id),
                                worker_id: worker.id,
                                employer_id: vacancy.employer_id,
                                vacancy_id,
                                booth: None,
                                starts,
                                ends: starts + Duration::minutes(30),
                                mode: InterviewMode::OnSite,
                                link: None,
                                province_code: &worker.province,
                                actor: None,
                            },
                            self.at(day.and_time(time(10, 5))),
                        )
                        .await;
                    match booked {
                        Ok(booked) => interview = Some((booked.id, on)),
                        Err(StoreError::Refused(_)) => {}
                        Err(error) => return Err(error.into()),
                    }
                }
            }
        }
        Ok(())
    }

    /// Counselling at the venues and at sessions: advice, referrals to open
    /// vacancies near what the worker wants, training, and placements.
    async fn counsellings(&mut self) -> anyhow::Result<()> {
        let places: Vec<UnitKey> = self
            .venues
            .values()
            .filter(|venue| venue.venue.kind != VenueKind::Online)
            .map(|venue| venue.venue.unit.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if places.is_empty() {
            return Ok(());
        }
        for _ in 0..N_COUNSELLINGS {
            let at_session = !self.held.is_empty() && self.roll() < 30;
            let (on, unit, session_id) = if at_session {
                let held = &self.held[self.rng.gen_range(0..self.held.len())];
                (held.date, held.unit.clone(), Some(held.id))
            } else {
                let mut on = self.today - Duration::days(self.rng.gen_range(0..365));
                while is_weekend(on) {
                    on -= Duration::days(1);
                }
                let unit = places[self.rng.gen_range(0..places.len())].clone();
                (on, unit, None)
            };
            let Some(worker) = self.seeker(on) else {
                break;
            };
            let roll = self.roll();
            let outcome = match roll {
                0..=39 => CounsellingOutcome::Advised,
                40..=74 => CounsellingOutcome::Referred,
                75..=84 => CounsellingOutcome::Training,
                _ => CounsellingOutcome::Placed,
            };
            let referred = if matches!(
                outcome,
                CounsellingOutcome::Referred | CounsellingOutcome::Placed
            ) {
                self.referrals(&worker)
            } else {
                Vec::new()
            };
            let advice = format!(
                "{} ({DEMO_NOTE})",
                advice_text(outcome, self.rng.gen_range(0..3))
            );
            let province = self.units.current_province_code(&unit)?.to_string();
            let record = self
                .store
                .create_counselling(
                    &CounsellingWrite {
                        worker_id: worker.id,
                        unit: &unit,
                        province_code: &province,
                        on,
                        session_id,
                        advice: &advice,
                        referred: &referred,
                        // A placement is first a referral; the job follows.
                        outcome: if outcome == CounsellingOutcome::Placed {
                            CounsellingOutcome::Referred
                        } else {
                            outcome
                        },
                        actor: self.staff,
                    },
                    self.at(on.and_time(time(10, 0))),
                )
                .await?;
            self.summary.counsellings += 1;
            if outcome == CounsellingOutcome::Placed {
                let placed_on = on + Duration::days(self.rng.gen_range(7..=30));
                if placed_on <= self.today {
                    self.store
                        .set_counselling_outcome(
                            record.id,
                            CounsellingOutcome::Placed,
                            self.at(placed_on.and_time(time(10, 0))),
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// One to three vacancies open today, in the worker's occupation's
    /// major group where there are some.
    fn referrals(&mut self, worker: &PoolWorker) -> Vec<i64> {
        let major = worker
            .occupation
            .as_ref()
            .map(|code| code.major_group().to_owned());
        let mut found: Vec<i64> = Vec::new();
        for _ in 0..60 {
            let Some((id, vacancy)) = self.vacancy(true) else {
                break;
            };
            let same_group = match (&major, &vacancy.occupation) {
                (Some(major), Some(occupation)) => occupation.major_group() == major,
                _ => false,
            };
            if (same_group || found.is_empty() && self.roll() < 5) && !found.contains(&id) {
                found.push(id);
            }
            if found.len() >= 3 {
                break;
            }
        }
        if found.is_empty() {
            found.extend(self.vacancy(true).map(|(id, _)| id));
        }
        found.sort_unstable();
        found
    }

    /// Unemployment-insurance claimants: workers who lost an insured job in
    /// the past year, their claims from a few weeks later, and their
    /// monthly check-ins — mostly on time, some late, some missing.
    async fn claims(&mut self) -> anyhow::Result<()> {
        let earliest = self.today - Duration::days(400);
        let mut candidates: Vec<PoolWorker> = self
            .pools
            .seekers
            .iter()
            .filter(|worker| {
                worker.status == EmploymentStatus::Unemployed
                    && worker.insured
                    && !self.hired.contains(&worker.id)
                    && worker
                        .status_since
                        .is_some_and(|since| since >= earliest && since < self.today)
            })
            .cloned()
            .collect();
        candidates.shuffle(&mut self.rng);
        for worker in candidates.into_iter().take(N_CLAIMS) {
            let Some(since) = worker.status_since else {
                continue;
            };
            let start = since + Duration::days(self.rng.gen_range(15..=30));
            if start > self.today {
                continue;
            }
            let months = match self.roll() {
                0..=59 => 3,
                60..=89 => self.rng.gen_range(4..=6),
                _ => self.rng.gen_range(7..=12),
            };
            let claim = match self
                .store
                .create_claim(
                    &ClaimWrite {
                        worker_id: worker.id,
                        start,
                        months,
                        unit: &worker.residence,
                        province_code: &worker.province,
                        actor: self.staff,
                    },
                    self.at(start.and_time(time(9, 0))),
                )
                .await
            {
                Ok(claim) => claim,
                Err(StoreError::Conflict { .. }) => continue,
                Err(error) => return Err(error.into()),
            };
            self.summary.claims += 1;
            let dues = due_dates(start, months);
            for &due in &dues {
                if due > self.today {
                    break;
                }
                let made_on = match self.roll() {
                    0..=74 => due - Duration::days(self.rng.gen_range(0..=2)),
                    75..=87 => {
                        let late = due + Duration::days(self.rng.gen_range(1..=3));
                        late.min(grace_end(due))
                    }
                    _ => continue,
                };
                if made_on > self.today {
                    continue;
                }
                self.store
                    .record_checkin(
                        claim.id,
                        &CheckinRecord {
                            due,
                            made_on,
                            recorded_by: self.staff,
                            note: Some(format!(
                                "Thông báo tìm kiếm việc làm hằng tháng ({DEMO_NOTE})"
                            )),
                        },
                        self.at(made_on.and_time(time(9, 30))),
                    )
                    .await?;
            }
            if let Some(&last) = dues.last() {
                let over = grace_end(last);
                if over < self.today {
                    self.store
                        .set_claim_status(
                            claim.id,
                            ClaimStatus::Ended,
                            self.at((over + Duration::days(1)).and_time(time(9, 0))),
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }
}

/// What an officer writes on an application's move.
fn step_note(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Received => "Đã nhận hồ sơ",
        ApplicationStatus::Shortlisted => "Hồ sơ đạt yêu cầu sơ tuyển",
        ApplicationStatus::Interview => "Mời phỏng vấn trực tiếp tại doanh nghiệp",
        ApplicationStatus::Hired => "Trúng tuyển, hẹn ngày nhận việc",
        ApplicationStatus::Rejected => "Chưa phù hợp yêu cầu vị trí",
        ApplicationStatus::Withdrawn => "Người lao động rút hồ sơ do đã có việc khác",
    }
}

/// What a counsellor writes, by what came of it.
fn advice_text(outcome: CounsellingOutcome, variant: usize) -> &'static str {
    let texts: [&str; 3] = match outcome {
        CounsellingOutcome::Advised => [
            "Tư vấn cách viết hồ sơ xin việc và chuẩn bị phỏng vấn",
            "Tư vấn thông tin thị trường lao động và mức lương theo nghề",
            "Tư vấn chế độ bảo hiểm thất nghiệp và thủ tục hưởng",
        ],
        CounsellingOutcome::Referred | CounsellingOutcome::Placed => [
            "Tư vấn và giới thiệu vị trí phù hợp nguyện vọng về nghề và nơi làm việc",
            "Giới thiệu việc làm phù hợp kinh nghiệm; hướng dẫn liên hệ doanh nghiệp",
            "Giới thiệu tham gia tuyển dụng tại doanh nghiệp có nhu cầu",
        ],
        CounsellingOutcome::Training => [
            "Tư vấn học nghề ngắn hạn trước khi tìm việc",
            "Giới thiệu khóa đào tạo nghề có hỗ trợ học phí cho người thất nghiệp",
            "Tư vấn chuyển đổi nghề và đăng ký học nghề",
        ],
    };
    texts[variant % texts.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_follow_each_other_across_years() {
        let q4 = Period::quarter(2025, 4);
        assert_eq!(quarter_after(q4, 1), Period::quarter(2026, 1));
        assert_eq!(quarter_after(q4, -3), Period::quarter(2025, 1));
        assert_eq!(quarter_after(Period::quarter(2026, 1), -1), q4);
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(quarter_of(day), Period::quarter(2026, 4));
    }

    #[test]
    fn tet_has_no_sessions() {
        let tet = NaiveDate::from_ymd_opt(2026, 2, 17).unwrap();
        assert!(holidays(2026).contains(&tet));
        assert!(holidays(2026).contains(&(tet - Duration::days(3))));
        assert!(!holidays(2026).contains(&(tet + Duration::days(5))));
    }
}
