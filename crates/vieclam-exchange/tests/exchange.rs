//! The exchange's rules, without I/O.

use chrono::NaiveDate;
use vieclam_exchange::claim::{checkin_state, due_dates, grace_end};
use vieclam_exchange::{ApplicationStatus, CheckinState, ExchangeError, SessionStatus};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn sessions_move_only_forward_and_cancel_only_before_running() {
    use SessionStatus::*;
    let allowed: Vec<(SessionStatus, SessionStatus)> = SessionStatus::ALL
        .iter()
        .flat_map(|&from| SessionStatus::ALL.iter().map(move |&to| (from, to)))
        .filter(|&(from, to)| from.may_move_to(to))
        .collect();
    assert_eq!(
        allowed,
        vec![
            (Planned, Open),
            (Planned, Cancelled),
            (Open, Running),
            (Open, Cancelled),
            (Running, Closed),
            (Closed, Reported),
        ]
    );
    assert!(matches!(
        Reported.check_move(Open),
        Err(ExchangeError::BadMove {
            from: "reported",
            to: "open",
            ..
        })
    ));
}

#[test]
fn a_hire_needs_an_interview() {
    assert_eq!(
        ApplicationStatus::Received.check_move(ApplicationStatus::Hired),
        Err(ExchangeError::HireWithoutInterview)
    );
    assert_eq!(
        ApplicationStatus::Shortlisted.check_move(ApplicationStatus::Hired),
        Err(ExchangeError::HireWithoutInterview)
    );
    assert!(ApplicationStatus::Interview
        .check_move(ApplicationStatus::Hired)
        .is_ok());
    assert!(matches!(
        ApplicationStatus::Hired.check_move(ApplicationStatus::Rejected),
        Err(ExchangeError::BadMove { .. })
    ));
}

#[test]
fn check_ins_fall_on_the_same_day_each_month_and_clamp_to_short_months() {
    assert_eq!(
        due_dates(day("2025-01-31"), 3),
        vec![day("2025-02-28"), day("2025-03-31"), day("2025-04-30")]
    );
    assert_eq!(due_dates(day("2025-11-15"), 3)[1], day("2026-01-15"));
}

#[test]
fn a_check_in_is_late_within_three_working_days_and_missing_after() {
    // Friday 2025-03-14: the grace period runs to Wednesday 2025-03-19.
    let due = day("2025-03-14");
    assert_eq!(grace_end(due), day("2025-03-19"));
    assert_eq!(
        checkin_state(due, Some(day("2025-03-10")), day("2025-04-01")),
        CheckinState::OnTime
    );
    assert_eq!(
        checkin_state(due, Some(day("2025-03-19")), day("2025-04-01")),
        CheckinState::Late
    );
    assert_eq!(
        checkin_state(due, None, day("2025-03-13")),
        CheckinState::Upcoming
    );
    assert_eq!(
        checkin_state(due, None, day("2025-03-18")),
        CheckinState::Due
    );
    assert_eq!(
        checkin_state(due, None, day("2025-03-20")),
        CheckinState::Missing
    );
}

mod schedule {
    use std::collections::{BTreeMap, HashSet};

    use chrono::{Datelike, Duration, NaiveDate, Weekday};
    use vieclam_domain::registry::IndustryCode;
    use vieclam_domain::{AdminUnits, UnitKey};
    use vieclam_exchange::schedule::{
        quarter_schedule, working_days, ScheduleDefaults, ScheduleVenue,
    };
    use vieclam_exchange::{ExchangeError, SessionDraft, SessionKind, Theme, VenueKind};
    use vieclam_plans::{fixtures, Period, Plan};

    fn units() -> &'static AdminUnits {
        static UNITS: std::sync::OnceLock<AdminUnits> = std::sync::OnceLock::new();
        UNITS.get_or_init(|| AdminUnits::embedded().unwrap())
    }

    fn key(text: &str) -> UnitKey {
        UnitKey::parse(text, NaiveDate::MAX).unwrap()
    }

    fn plan(id: &str) -> Plan {
        fixtures(units())
            .unwrap()
            .into_iter()
            .find(|plan| plan.id == id)
            .unwrap()
    }

    fn venue(id: i64, kind: VenueKind, unit: &str, name: &str) -> ScheduleVenue {
        ScheduleVenue {
            id,
            name: name.to_owned(),
            kind,
            unit: key(unit),
            booths: 40,
            seats: 800,
        }
    }

    /// The centre in Cầu Giấy, a satellite in Sóc Sơn, the online venue.
    fn hanoi_venues() -> Vec<ScheduleVenue> {
        vec![
            venue(1, VenueKind::Central, "legacy:00157", "Sàn GDVL Hà Nội"),
            venue(
                2,
                VenueKind::Satellite,
                "legacy:00376",
                "Sàn vệ tinh Sóc Sơn",
            ),
            venue(3, VenueKind::Online, "legacy:00157", "vieclamhanoi.net"),
        ]
    }

    /// Bắc Sơn (Sóc Sơn), Mai Dịch (Cầu Giấy).
    fn communes() -> Vec<UnitKey> {
        vec![key("legacy:00379"), key("legacy:00163")]
    }

    fn schedule(plan_id: &str, quarter: &str) -> Result<Vec<SessionDraft>, ExchangeError> {
        quarter_schedule(
            &plan(plan_id),
            Period::parse(quarter).unwrap(),
            &hanoi_venues(),
            &communes(),
            units(),
            &ScheduleDefaults::default(),
        )
    }

    fn by_kind(sessions: &[SessionDraft]) -> BTreeMap<SessionKind, usize> {
        let mut counts = BTreeMap::new();
        for session in sessions {
            *counts.entry(session.kind).or_default() += 1;
        }
        counts
    }

    /// Every rule a schedule keeps, whatever the quarter.
    fn well_formed(sessions: &[SessionDraft], quarter: &str, holidays: &[NaiveDate]) {
        let quarter = Period::parse(quarter).unwrap();
        let mut places = HashSet::new();
        for session in sessions {
            session.check().unwrap();
            assert!(quarter.first_day() <= session.date && session.date <= quarter.last_day());
            assert!(!matches!(
                session.date.weekday(),
                Weekday::Sat | Weekday::Sun
            ));
            assert!(!holidays.contains(&session.date));
            let place = match session.kind {
                SessionKind::Mobile => session.unit.to_string(),
                _ => session.venue_id.to_string(),
            };
            assert!(
                places.insert((place, session.date)),
                "two sessions at one place on {}",
                session.date
            );
            let starts = session.date.and_time(session.starts);
            assert_eq!(session.registration_closes, Some(starts));
            assert_eq!(
                session.registration_opens,
                Some(starts - Duration::days(14))
            );
        }
        assert!(sessions.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn hanoi_q1_2021_gives_the_plans_61_sessions() {
        let sessions = schedule("hanoi-2021", "2021-Q1").unwrap();
        assert_eq!(sessions.len(), 61);
        assert_eq!(
            by_kind(&sessions),
            BTreeMap::from([
                (SessionKind::Daily, 56),
                (SessionKind::Online, 1),
                (SessionKind::Thematic, 1),
                (SessionKind::Mobile, 3),
            ])
        );
        well_formed(&sessions, "2021-Q1", &[]);
        // Daily sessions: the central venue and the satellite in turn.
        let daily: Vec<&SessionDraft> = sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Daily)
            .collect();
        assert_eq!(daily.iter().filter(|s| s.venue_id == 1).count(), 28);
        assert_eq!(daily.iter().filter(|s| s.venue_id == 2).count(), 28);
        assert!(daily.iter().all(|s| s.unit
            == key(if s.venue_id == 1 {
                "legacy:00157"
            } else {
                "legacy:00376"
            })));
        // Spread over the whole quarter, not packed at its start.
        assert!(daily[0].date.month() == 1 && daily[55].date.month() == 3);
        assert_eq!(
            daily.iter().map(|s| s.date).collect::<HashSet<_>>().len(),
            56,
            "one daily session a day"
        );
        // Online at the online venue; thematic at the centre with a theme.
        let online = sessions
            .iter()
            .find(|s| s.kind == SessionKind::Online)
            .unwrap();
        assert_eq!(online.venue_id, 3);
        let thematic = sessions
            .iter()
            .find(|s| s.kind == SessionKind::Thematic)
            .unwrap();
        assert_eq!(thematic.venue_id, 1);
        assert!(thematic.theme.is_some());
        // Mobile: the communes in turn, each organised by the nearest venue,
        // held (and counted) in the commune.
        let mobile: Vec<&SessionDraft> = sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Mobile)
            .collect();
        let units_of: Vec<String> = mobile.iter().map(|s| s.unit.to_string()).collect();
        assert_eq!(units_of, ["legacy:00379", "legacy:00163", "legacy:00379"]);
        assert_eq!(mobile[0].venue_id, 2, "Bắc Sơn is nearest Sóc Sơn");
        assert_eq!(mobile[1].venue_id, 1, "Mai Dịch is nearest Cầu Giấy");
        assert!(mobile[0].title.contains("Xã Bắc Sơn"));
        assert_eq!(mobile[0].organiser, "Sàn GDVL Hà Nội");
    }

    #[test]
    fn every_hanoi_quarter_gives_its_total() {
        let q2 = schedule("hanoi-2021", "2021-Q2").unwrap();
        assert_eq!(q2.len(), 66);
        assert_eq!(by_kind(&q2)[&SessionKind::Disability], 1);
        let disability = q2
            .iter()
            .find(|s| s.kind == SessionKind::Disability)
            .unwrap();
        assert_eq!(disability.venue_id, 1);
        well_formed(&q2, "2021-Q2", &[]);
        for (quarter, total) in [("2021-Q3", 70), ("2021-Q4", 65)] {
            let sessions = schedule("hanoi-2021", quarter).unwrap();
            assert_eq!(sessions.len(), total, "{quarter}");
            well_formed(&sessions, quarter, &[]);
        }
        for (quarter, total) in [
            ("2025-Q1", 53),
            ("2025-Q2", 67),
            ("2025-Q3", 67),
            ("2025-Q4", 68),
        ] {
            let sessions = schedule("hanoi-2025", quarter).unwrap();
            assert_eq!(sessions.len(), total, "{quarter}");
            well_formed(&sessions, quarter, &[]);
        }
    }

    #[test]
    fn themes_rotate_and_name_a_real_industry() {
        // Q3 and Q4 2021 hold two thematic sessions each: four in a row
        // take the four themes.
        let mut themes = Vec::new();
        for quarter in ["2021-Q3", "2021-Q4"] {
            for session in schedule("hanoi-2021", quarter).unwrap() {
                if session.kind == SessionKind::Thematic {
                    if session.theme == Some(Theme::Industry) {
                        let code = session.industry.as_deref().unwrap();
                        IndustryCode::parse(code).unwrap();
                        assert!(session.title.contains("Công nghiệp chế biến, chế tạo"));
                    } else {
                        assert_eq!(session.industry, None);
                    }
                    themes.push(session.theme.unwrap());
                }
            }
        }
        assert_eq!(themes.len(), 4);
        assert_eq!(themes.iter().collect::<HashSet<_>>().len(), 4, "{themes:?}");
    }

    #[test]
    fn holidays_are_skipped_and_one_venue_still_holds_one_session_a_day() {
        // Tết Tân Sửu: 10–16 February 2021.
        let tet: Vec<NaiveDate> = (10..=16)
            .map(|d| NaiveDate::from_ymd_opt(2021, 2, d).unwrap())
            .collect();
        let quarter = Period::parse("2021-Q1").unwrap();
        assert_eq!(working_days(quarter, &[]).len(), 64);
        assert_eq!(working_days(quarter, &tet).len(), 59);
        let venues = vec![
            venue(1, VenueKind::Central, "legacy:00157", "Sàn GDVL Hà Nội"),
            venue(3, VenueKind::Online, "legacy:00157", "vieclamhanoi.net"),
        ];
        let defaults = ScheduleDefaults {
            holidays: tet.clone(),
            organiser: "Trung tâm Dịch vụ việc làm Hà Nội".to_owned(),
            ..ScheduleDefaults::default()
        };
        let sessions = quarter_schedule(
            &plan("hanoi-2021"),
            quarter,
            &venues,
            &communes(),
            units(),
            &defaults,
        )
        .unwrap();
        assert_eq!(sessions.len(), 61);
        // 56 daily and 1 thematic at the one central venue, all on
        // different days.
        well_formed(&sessions, "2021-Q1", &tet);
        assert!(sessions
            .iter()
            .all(|s| s.organiser == "Trung tâm Dịch vụ việc làm Hà Nội"));
    }

    #[test]
    fn a_schedule_says_what_it_lacks_in_both_languages() {
        let invalid = |result: Result<Vec<SessionDraft>, ExchangeError>| match result {
            Err(ExchangeError::Invalid {
                reason_vi,
                reason_en,
                ..
            }) => (reason_vi, reason_en),
            other => panic!("expected Invalid, got {other:?}"),
        };
        // Hòa Xá's plan has no session targets.
        let (vi, en) = invalid(quarter_schedule(
            &plan("hoa-xa-2030"),
            Period::parse("2026-Q3").unwrap(),
            &hanoi_venues(),
            &communes(),
            units(),
            &ScheduleDefaults::default(),
        ));
        assert!(vi.contains("không có chỉ tiêu số phiên"), "{vi}");
        assert!(en.contains("no session targets for 2026-Q3"), "{en}");
        // Outside the plan's quarters.
        assert!(schedule("hanoi-2021", "2022-Q1").is_err());
        // Not a quarter.
        let (_, en) = invalid(schedule("hanoi-2021", "2021-03"));
        assert!(en.contains("not one"), "{en}");
        // No online venue for the online session.
        let without_online: Vec<ScheduleVenue> = hanoi_venues()
            .into_iter()
            .filter(|v| v.kind != VenueKind::Online)
            .collect();
        let (vi, en) = invalid(quarter_schedule(
            &plan("hanoi-2021"),
            Period::parse("2021-Q1").unwrap(),
            &without_online,
            &communes(),
            units(),
            &ScheduleDefaults::default(),
        ));
        assert!(vi.contains("Sàn giao dịch việc làm trực tuyến"), "{vi}");
        assert!(en.contains("online"), "{en}");
        // No commune for the mobile sessions, or one outside Hà Nội.
        for communes in [vec![], vec![key("legacy:26734")]] {
            let (vi, _) = invalid(quarter_schedule(
                &plan("hanoi-2021"),
                Period::parse("2021-Q1").unwrap(),
                &hanoi_venues(),
                &communes,
                units(),
                &ScheduleDefaults::default(),
            ));
            assert!(
                vi.contains("xã, phường") || vi.contains("Xã, phường"),
                "{vi}"
            );
        }
        // An industry that is not in VSIC.
        let defaults = ScheduleDefaults {
            industries: vec!["Z".to_owned()],
            ..ScheduleDefaults::default()
        };
        let (vi, _) = invalid(quarter_schedule(
            &plan("hanoi-2021"),
            Period::parse("2021-Q1").unwrap(),
            &hanoi_venues(),
            &communes(),
            units(),
            &defaults,
        ));
        assert!(vi.contains("VSIC"), "{vi}");
    }

    #[test]
    fn after_the_reform_mobile_sessions_go_to_2025_communes_of_a_legacy_plan() {
        let sessions = quarter_schedule(
            &plan("hanoi-2025"),
            Period::parse("2025-Q3").unwrap(),
            &hanoi_venues(),
            &[key("2025:00004")],
            units(),
            &ScheduleDefaults::default(),
        )
        .unwrap();
        let mobile: Vec<&SessionDraft> = sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Mobile)
            .collect();
        assert_eq!(mobile.len(), 3);
        assert!(mobile.iter().all(|s| s.unit == key("2025:00004")));
    }
}

mod report {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use vieclam_domain::registry::{PriorityGroup, Sex};
    use vieclam_domain::UnitKey;
    use vieclam_exchange::report::{
        build, held_figures, AgeBand, ExchangeFigure, ReportEmployer, ReportInput, ReportInterview,
        ReportOutcome, ReportSession, ReportVacancy, ReportWorker, SessionReport, WorkerCounts,
    };
    use vieclam_exchange::{Attendance, Outcome, SessionKind};
    use vieclam_plans::Month;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn key(text: &str) -> UnitKey {
        UnitKey::parse(text, NaiveDate::MAX).unwrap()
    }

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, hour, 0, 0).unwrap()
    }

    pub fn session() -> ReportSession {
        ReportSession {
            id: 7,
            kind: SessionKind::Daily,
            title: "Phiên giao dịch việc làm hàng ngày 14/03/2025".to_owned(),
            date: day("2025-03-14"),
            unit: key("legacy:00157"),
            place: "Sàn GDVL Hà Nội, Cầu Giấy".to_owned(),
            organiser: "Trung tâm Dịch vụ việc làm Hà Nội".to_owned(),
        }
    }

    fn vacancy(id: i64, title: &str, occupation: Option<&str>, positions: u32) -> ReportVacancy {
        ReportVacancy {
            id,
            title: title.to_owned(),
            occupation: occupation.map(str::to_owned),
            positions,
        }
    }

    fn worker(
        id: i64,
        sex: Sex,
        born: &str,
        groups: &[PriorityGroup],
        walk_in: bool,
        checked_in: bool,
    ) -> ReportWorker {
        ReportWorker {
            id,
            sex,
            birth_date: day(born),
            priority_groups: groups.to_vec(),
            walk_in,
            checked_in,
        }
    }

    fn interview(worker_id: i64, vacancy_id: i64, attendance: Attendance) -> ReportInterview {
        ReportInterview {
            worker_id,
            vacancy_id,
            attendance,
        }
    }

    fn outcome(worker_id: i64, vacancy_id: i64, outcome: Outcome, hour: u32) -> ReportOutcome {
        ReportOutcome {
            worker_id,
            vacancy_id,
            outcome,
            recorded_at: at(hour),
        }
    }

    /// Two employers with four vacancies (30 positions); six workers; seven
    /// interviews; six outcomes of which four are the latest.
    pub fn sample() -> SessionReport {
        use PriorityGroup::*;
        let employers = vec![
            ReportEmployer {
                id: 10,
                name: "Công ty TNHH Cơ khí Đông Anh".to_owned(),
                booth: Some(1),
                vacancies: vec![
                    vacancy(100, "Thợ hàn", Some("7212"), 5),
                    vacancy(101, "Kế toán tổng hợp", Some("2411"), 2),
                ],
            },
            ReportEmployer {
                id: 11,
                name: "Công ty CP May Thăng Long".to_owned(),
                booth: Some(2),
                vacancies: vec![
                    vacancy(102, "Công nhân may", Some("8153"), 20),
                    vacancy(103, "Lao động phổ thông", None, 3),
                ],
            },
        ];
        // Ages on 14/03/2025: 21, 35, 55, 25, 44, 52.
        let workers = vec![
            worker(1, Sex::Female, "2003-03-15", &[Graduate], false, false),
            worker(
                2,
                Sex::Male,
                "1990-03-14",
                &[Disability, PoorHousehold],
                false,
                false,
            ),
            worker(3, Sex::Female, "1970-01-01", &[], true, false),
            worker(4, Sex::Male, "2000-03-14", &[], false, false),
            worker(5, Sex::Female, "1980-06-01", &[], false, true),
            worker(6, Sex::Male, "1972-12-31", &[EthnicMinority], true, false),
        ];
        let interviews = vec![
            interview(1, 101, Attendance::Attended),
            interview(1, 102, Attendance::Attended),
            interview(2, 100, Attendance::Attended),
            interview(3, 102, Attendance::Attended),
            interview(4, 100, Attendance::NoShow),
            interview(6, 103, Attendance::Scheduled),
            interview(6, 100, Attendance::Cancelled),
        ];
        let outcomes = vec![
            outcome(1, 101, Outcome::Shortlisted, 9),
            outcome(1, 101, Outcome::Hired, 11),
            outcome(1, 102, Outcome::Shortlisted, 10),
            // Hired, then the hire was taken back.
            outcome(2, 100, Outcome::Rejected, 12),
            outcome(2, 100, Outcome::Hired, 9),
            // Recorded in the same second: the later one given wins.
            outcome(3, 102, Outcome::Interviewed, 10),
            outcome(3, 102, Outcome::Shortlisted, 10),
        ];
        build(ReportInput {
            session: &session(),
            employers: &employers,
            workers: &workers,
            interviews: &interviews,
            outcomes: &outcomes,
            reported_on: day("2025-03-17"),
        })
    }

    fn counts(registered: u32, walk_ins: u32, attended: u32) -> WorkerCounts {
        WorkerCounts {
            registered,
            walk_ins,
            attended,
        }
    }

    #[test]
    fn a_session_report_counts_what_the_officers_file() {
        let report = sample();
        assert_eq!(
            (report.employers, report.vacancies, report.positions),
            (2, 4, 30)
        );
        // W4 registered and never came; W5 was only checked in.
        assert_eq!(report.workers.all, counts(4, 2, 5));
        let sex: Vec<(Sex, WorkerCounts)> = report
            .workers
            .by_sex
            .iter()
            .map(|row| (row.sex, row.counts))
            .collect();
        assert_eq!(
            sex,
            [(Sex::Male, counts(2, 1, 2)), (Sex::Female, counts(2, 1, 3))]
        );
        let age: Vec<(AgeBand, WorkerCounts)> = report
            .workers
            .by_age
            .iter()
            .map(|row| (row.band, row.counts))
            .collect();
        assert_eq!(
            age,
            [
                (AgeBand::From15To24, counts(1, 0, 1)),
                (AgeBand::From25To34, counts(1, 0, 0)),
                (AgeBand::From35To44, counts(2, 0, 2)),
                (AgeBand::From45To54, counts(0, 1, 1)),
                (AgeBand::From55, counts(0, 1, 1)),
            ]
        );
        let group = |group: PriorityGroup| {
            report
                .workers
                .by_priority
                .iter()
                .find(|row| row.group == group)
                .unwrap()
                .counts
        };
        assert_eq!(report.workers.by_priority.len(), PriorityGroup::ALL.len());
        assert_eq!(group(PriorityGroup::Graduate), counts(1, 0, 1));
        assert_eq!(group(PriorityGroup::Disability), counts(1, 0, 1));
        assert_eq!(group(PriorityGroup::PoorHousehold), counts(1, 0, 1));
        assert_eq!(group(PriorityGroup::EthnicMinority), counts(0, 1, 1));
        assert_eq!(group(PriorityGroup::Demobilised), counts(0, 0, 0));
        assert_eq!(report.workers.in_any_priority_group, counts(2, 1, 3));
        // Interviews: the cancelled one does not count.
        assert_eq!(
            (
                report.interviews.scheduled,
                report.interviews.held,
                report.interviews.no_shows
            ),
            (6, 4, 1)
        );
        // Distinct workers: W1, W2, W3 interviewed; W1 and W3 shortlisted
        // (W1's hire passed the shortlist); W1 hired (W2's hire was
        // replaced by a rejection).
        assert_eq!(
            (report.interviewed, report.shortlisted, report.hired),
            (3, 2, 1)
        );
        type Line<'a> = (Option<&'a str>, u32, u32, u32, u32, u32);
        let rows: Vec<Line<'_>> = report
            .by_occupation
            .iter()
            .map(|r| {
                (
                    r.occupation.as_deref(),
                    r.vacancies,
                    r.positions,
                    r.interviewed,
                    r.shortlisted,
                    r.hired,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (Some("2411"), 1, 2, 1, 1, 1),
                (Some("7212"), 1, 5, 1, 0, 0),
                (Some("8153"), 1, 20, 2, 2, 0),
                (None, 1, 3, 0, 0, 0),
            ]
        );
        assert_eq!(
            report.by_occupation[0].name_vi,
            "Nhà chuyên môn về kế toán và kiểm toán"
        );
        assert_eq!(report.by_occupation[2].name_vi, "Thợ vận hành máy may");
        assert_eq!(report.by_occupation[3].name_vi, "Chưa xác định nghề");
    }

    #[test]
    fn a_report_reads_back_from_json() {
        let report = sample();
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["session"]["unit"], "legacy:00157");
        assert_eq!(json["workers"]["by_age"][0]["band"], "15_24");
        let back: SessionReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn an_under_age_worker_shows_in_a_band_of_their_own_and_duplicates_count_once() {
        let workers = vec![
            ReportWorker {
                id: 1,
                sex: Sex::Male,
                birth_date: day("2011-01-01"),
                priority_groups: vec![],
                walk_in: false,
                checked_in: false,
            },
            // The same worker again, now at the door.
            ReportWorker {
                id: 1,
                sex: Sex::Male,
                birth_date: day("2011-01-01"),
                priority_groups: vec![],
                walk_in: false,
                checked_in: true,
            },
        ];
        let report = build(ReportInput {
            session: &session(),
            employers: &[],
            workers: &workers,
            interviews: &[],
            outcomes: &[],
            reported_on: day("2025-03-14"),
        });
        assert_eq!(report.workers.all, counts(1, 0, 1));
        assert_eq!(report.workers.by_age[0].band, AgeBand::Under15);
        assert_eq!(report.workers.by_age.len(), 6);
        assert!(report.by_occupation.is_empty());
    }

    /// The server's path: the store's counts → figures → the plans' actual,
    /// which sums them for the plan's unit and quarter.
    #[test]
    fn held_figures_are_what_the_plans_count() {
        use vieclam_domain::AdminUnits;
        use vieclam_exchange::report::{counselling_figures, data_values};
        use vieclam_plans::actuals::actual;
        use vieclam_plans::{Indicators, Period, Statistics};
        let units = AdminUnits::embedded().unwrap();
        let counts = [
            (
                SessionKind::Daily,
                key("legacy:00157"),
                day("2021-01-01"),
                20,
            ),
            (
                SessionKind::Daily,
                key("legacy:00376"),
                day("2021-02-01"),
                18,
            ),
            (
                SessionKind::Thematic,
                key("legacy:00157"),
                day("2021-03-01"),
                1,
            ),
            (
                SessionKind::Mobile,
                key("legacy:00379"),
                day("2021-03-01"),
                3,
            ),
            // Another province and another quarter do not count.
            (
                SessionKind::Daily,
                key("legacy:26734"),
                day("2021-01-01"),
                9,
            ),
            (
                SessionKind::Daily,
                key("legacy:00157"),
                day("2021-04-01"),
                9,
            ),
        ];
        let mut figures = held_figures(&counts);
        figures.extend(counselling_figures(&[(
            key("legacy:00157"),
            day("2021-02-01"),
            40,
        )]));
        let values = data_values(&figures, at(12));
        assert!(values.iter().all(|value| value.id < 0));
        let statistics = Statistics::default();
        let q1 = Period::parse("2021-Q1").unwrap();
        let figure = |code: &str| {
            actual(
                Indicators::embedded().get(code).unwrap(),
                &statistics,
                &values,
                &units,
                &key("legacy:01"),
                q1,
            )
            .value
        };
        assert_eq!(figure("sessions_total"), Some(42.0));
        assert_eq!(figure("sessions_daily"), Some(38.0));
        assert_eq!(figure("sessions_thematic"), Some(1.0));
        assert_eq!(figure("sessions_mobile"), Some(3.0));
        assert_eq!(figure("sessions_online"), None);
        assert_eq!(figure("counselled"), Some(40.0));
    }

    #[test]
    fn held_sessions_give_each_kinds_figure_and_the_total() {
        let march = day("2025-03-01");
        let figures = held_figures(&[
            (SessionKind::Daily, key("legacy:00157"), march, 10),
            (SessionKind::Online, key("legacy:00157"), march, 1),
            (
                SessionKind::Mobile,
                key("legacy:00379"),
                day("2025-03-20"),
                1,
            ),
            (
                SessionKind::Daily,
                key("legacy:00157"),
                day("2025-04-01"),
                12,
            ),
        ]);
        let figure = |indicator: &str, unit: &str, month: u32| ExchangeFigure {
            indicator: indicator.to_owned(),
            unit: key(unit),
            month: Month::new(2025, month),
            value: 0.0,
        };
        let mut expected = vec![
            (figure("sessions_daily", "legacy:00157", 3), 10.0),
            (figure("sessions_daily", "legacy:00157", 4), 12.0),
            (figure("sessions_mobile", "legacy:00379", 3), 1.0),
            (figure("sessions_online", "legacy:00157", 3), 1.0),
            (figure("sessions_total", "legacy:00157", 3), 11.0),
            (figure("sessions_total", "legacy:00157", 4), 12.0),
            (figure("sessions_total", "legacy:00379", 3), 1.0),
        ];
        for (figure, value) in &mut expected {
            figure.value = *value;
        }
        let expected: Vec<ExchangeFigure> = expected.into_iter().map(|(f, _)| f).collect();
        assert_eq!(figures, expected);
    }
}

mod prematch {
    use chrono::{NaiveDate, NaiveTime};
    use vieclam_exchange::prematch::{escape, worker_sheet, PrematchSession, PrematchVacancy};

    fn session() -> PrematchSession {
        PrematchSession {
            title: "Phiên giao dịch việc làm hàng ngày 14/03/2025".to_owned(),
            date: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
            starts: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            ends: NaiveTime::from_hms_opt(11, 30, 0).unwrap(),
            venue: "Sàn GDVL Hà Nội, 215 Trung Kính, Cầu Giấy".to_owned(),
        }
    }

    fn vacancy(rank: u32) -> PrematchVacancy {
        PrematchVacancy {
            rank,
            score: 1.0 - f64::from(rank) / 20.0,
            employer: format!("Công ty số {rank}"),
            booth: (rank != 2).then_some(rank + 10),
            title: format!("Vị trí số {rank}"),
            reasons: vec![
                (
                    "Cùng nhóm nghề Thợ hàn".to_owned(),
                    "Same occupation group: welders".to_owned(),
                ),
                (
                    "Gần nơi cư trú".to_owned(),
                    "Close to where the worker lives".to_owned(),
                ),
            ],
        }
    }

    #[test]
    fn the_sheet_lists_the_ten_best_in_rank_order_on_one_a4_page() {
        // Twelve vacancies, given out of order.
        let vacancies: Vec<PrematchVacancy> = (1..=12).rev().map(vacancy).collect();
        let html = worker_sheet(&session(), "Nguyễn Thị Lan", &vacancies);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("@page { size: A4; margin: 12mm }"));
        assert!(html.contains("Nguyễn Thị Lan"));
        assert!(html.contains("14/03/2025, 08:00–11:30"));
        assert!(html.contains("Sàn GDVL Hà Nội, 215 Trung Kính, Cầu Giấy"));
        let positions: Vec<usize> = (1..=10)
            .map(|rank| {
                html.find(&format!("Công ty số {rank}<"))
                    .unwrap_or_else(|| panic!("rank {rank} missing"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "rank order");
        assert!(!html.contains("Công ty số 11<") && !html.contains("Công ty số 12<"));
        // The booth, or a dash before one is given; the score the
        // Vietnamese way.
        assert!(html.contains("<td class=\"booth\">11</td>"));
        assert!(html.contains("<td class=\"booth\">—</td>"));
        assert!(html.contains("0,95"));
        // Reasons: Vietnamese first, English second.
        let vi = html.find("Cùng nhóm nghề Thợ hàn").unwrap();
        let en = html.find("Same occupation group: welders").unwrap();
        assert!(vi < en);
        // Nothing fetched from outside.
        for external in ["http", "src=", "<link", "@import", "url(", "<script"] {
            assert!(!html.contains(external), "{external}");
        }
    }

    #[test]
    fn every_text_on_the_sheet_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let hostile = "<script>alert('x')</script>";
        let mut session = session();
        session.title = hostile.to_owned();
        session.venue = hostile.to_owned();
        let mut vacancy = vacancy(1);
        vacancy.employer = hostile.to_owned();
        vacancy.title = hostile.to_owned();
        vacancy.reasons = vec![(hostile.to_owned(), hostile.to_owned())];
        let html = worker_sheet(&session, hostile, &[vacancy]);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert('x')"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        // Eight places: the page title, the worker's name, the session's
        // title and venue, the employer, the position, two reason texts.
        assert_eq!(html.matches("&lt;script&gt;").count(), 8);
    }

    #[test]
    fn a_sheet_without_vacancies_says_so_and_long_texts_are_cut() {
        let html = worker_sheet(&session(), "Trần Văn Bình", &[]);
        assert!(html.contains("Chưa có vị trí phù hợp"));
        let mut long = vacancy(1);
        long.title = "Kỹ sư ".repeat(100);
        let html = worker_sheet(&session(), "Trần Văn Bình", &[long]);
        assert!(html.contains("…"));
        assert!(!html.contains(&"Kỹ sư ".repeat(20)));
        // At most three reasons a vacancy.
        let mut many = vacancy(1);
        many.reasons = (1..=5)
            .map(|n| (format!("Lý do {n}"), format!("Reason {n}")))
            .collect();
        let html = worker_sheet(&session(), "Trần Văn Bình", &[many]);
        assert!(html.contains("Lý do 3 <span class=\"en\">· Reason 3</span>"));
        assert!(!html.contains("Lý do 4"));
    }
}
