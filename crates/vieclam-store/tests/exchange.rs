//! Contract cases of the exchange: venues, sessions and their status
//! machine, registrations held exactly under concurrency with their waiting
//! lists, applications, invitations to apply, interviews, outcomes and
//! hires, counselling and unemployment-insurance claims.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use vieclam_domain::registry::{EmploymentStatus, EventKind, EventSource, LabourEvent};
use vieclam_domain::UnitKey;
use vieclam_exchange::{
    ApplicationStatus, Attendance, Channel, ClaimStatus, CounsellingOutcome, ExchangeError,
    InterviewMode, InvitationState, Outcome, Party, RegistrationState, SessionDraft, SessionKind,
    SessionStatus, Theme, VenueDraft, VenueKind,
};
use vieclam_store::{
    ApplicationFilter, ApplicationWrite, Area, CheckinRecord, ClaimFilter, ClaimWrite,
    CounsellingFilter, CounsellingWrite, HireEvent, InterviewFilter, InterviewWrite,
    InvitationFilter, InvitationWrite, OutcomeWrite, Page, RegistrationRecord, RegistrationWrite,
    SessionCount, SessionFilter, SessionRecord, SessionWrite, Store, StoreError, WorkerWrite,
};

use crate::harness::Harness;
use crate::registers::full_worker;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn time(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").unwrap()
}

fn at(day: &str, hour_minute: &str) -> NaiveDateTime {
    date(day).and_time(time(hour_minute))
}

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::MAX).unwrap()
}

const PAGE: Page = Page {
    limit: 1_000,
    offset: 0,
};

const HOA_XA: &str = "2025:10417";
const OTHER: &str = "2025:00004";

fn venue_draft(unit_text: &str, staff: Vec<i64>) -> VenueDraft {
    VenueDraft {
        name: "Sàn giao dịch việc làm Hòa Xá".to_owned(),
        kind: VenueKind::Satellite,
        unit: unit(unit_text),
        address: "Thôn Hòa Xá".to_owned(),
        booths: 40,
        seats: 500,
        staff,
    }
}

fn session_draft(venue_id: i64, day: &str, booths: u32, seats: u32) -> SessionDraft {
    SessionDraft {
        kind: SessionKind::Daily,
        theme: None,
        industry: None,
        title: "Phiên giao dịch việc làm định kỳ".to_owned(),
        venue_id,
        unit: unit(HOA_XA),
        date: date(day),
        starts: time("08:00"),
        ends: time("11:30"),
        organiser: "Trung tâm Dịch vụ việc làm Hà Nội".to_owned(),
        booths,
        seats,
        registration_opens: None,
        registration_closes: None,
    }
}

fn session_write(draft: &SessionDraft) -> SessionWrite<'_> {
    SessionWrite {
        session: draft,
        province_code: "01",
        plan_id: None,
        actor: Some(3),
    }
}

async fn venue(store: &Arc<dyn Store>) -> i64 {
    store
        .create_venue(&venue_draft(HOA_XA, vec![3]), "01", now())
        .await
        .unwrap()
        .id
}

/// A session moved to `status` along the machine.
async fn session_in(
    store: &Arc<dyn Store>,
    venue_id: i64,
    booths: u32,
    seats: u32,
    status: SessionStatus,
) -> SessionRecord {
    let draft = session_draft(venue_id, "2026-03-20", booths, seats);
    let mut session = store
        .create_sessions(&[session_write(&draft)], now())
        .await
        .unwrap()
        .remove(0);
    let path = [
        SessionStatus::Open,
        SessionStatus::Running,
        SessionStatus::Closed,
    ];
    for step in path {
        if session.status == status {
            break;
        }
        session = store
            .move_session(session.id, step, Some(3), now())
            .await
            .unwrap();
    }
    assert_eq!(session.status, status);
    session
}

fn registration<'a>(session_id: i64, party: Party, party_id: i64) -> RegistrationWrite<'a> {
    RegistrationWrite {
        session_id,
        party,
        party_id,
        channel: Channel::Online,
        vacancies: &[],
        province_code: "01",
        actor: None,
    }
}

async fn worker(store: &Arc<dyn Store>, serial: u32) -> i64 {
    let profile = full_worker(serial);
    store
        .create_worker(
            WorkerWrite {
                profile: &profile,
                province_code: "01",
                registered_on: date("2026-01-05"),
                source: EventSource::Exchange,
                actor: None,
            },
            now(),
        )
        .await
        .unwrap()
        .id
}

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> ExchangeError {
    match result {
        Err(StoreError::Refused(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Runs `n` registrations of one party at once, each its own task.
async fn race(
    store: &Arc<dyn Store>,
    session_id: i64,
    party: Party,
    n: i64,
) -> Vec<RegistrationRecord> {
    let barrier = Arc::new(tokio::sync::Barrier::new(n as usize));
    let tasks: Vec<_> = (1..=n)
        .map(|party_id| {
            let store = Arc::clone(store);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                store
                    .register(&registration(session_id, party, party_id), now())
                    .await
            })
        })
        .collect();
    let mut records = Vec::new();
    for task in tasks {
        records.push(task.await.unwrap().expect("every registration is taken"));
    }
    records
}

pub async fn two_hundred_workers_race_for_fifty_seats(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let session = session_in(store, venue_id, 8, 50, SessionStatus::Open).await;
    let taken = race(store, session.id, Party::Worker, 200).await;
    let accepted = taken
        .iter()
        .filter(|record| record.state == RegistrationState::Accepted)
        .count();
    assert_eq!(accepted, 50);
    assert!(taken.iter().all(|record| record.booth.is_none()));

    let stored = store
        .list_registrations(session.id, None, None, PAGE)
        .await
        .unwrap();
    assert_eq!(stored.len(), 200);
    let people: BTreeSet<i64> = stored.iter().map(|record| record.party_id).collect();
    assert_eq!(people.len(), 200, "no one registered twice");
    let waiting = store
        .list_registrations(
            session.id,
            Some(Party::Worker),
            Some(RegistrationState::Waiting),
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(waiting.len(), 150);
    let positions: Vec<u32> = waiting
        .iter()
        .map(|record| record.position.unwrap())
        .collect();
    assert_eq!(
        positions,
        (1..=150).collect::<Vec<u32>>(),
        "the line is 1..=150, in order"
    );
    let accepted = store
        .list_registrations(session.id, None, Some(RegistrationState::Accepted), PAGE)
        .await
        .unwrap();
    assert_eq!(accepted.len(), 50);
    assert!(accepted.iter().all(|record| record.position.is_none()));

    let session = store.get_session(session.id).await.unwrap().unwrap();
    assert_eq!(
        (
            session.seats_taken,
            session.workers_waiting,
            session.booths_taken
        ),
        (50, 150, 0)
    );
}

pub async fn twenty_employers_race_for_eight_booths(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let session = session_in(store, venue_id, 8, 50, SessionStatus::Open).await;
    race(store, session.id, Party::Employer, 20).await;
    let stored = store
        .list_registrations(session.id, Some(Party::Employer), None, PAGE)
        .await
        .unwrap();
    assert_eq!(stored.len(), 20);
    let booths: BTreeSet<u32> = stored.iter().filter_map(|record| record.booth).collect();
    assert_eq!(booths, (1..=8).collect(), "booths 1..=8, each once");
    let accepted: Vec<&RegistrationRecord> = stored
        .iter()
        .filter(|record| record.state == RegistrationState::Accepted)
        .collect();
    assert_eq!(accepted.len(), 8);
    assert!(accepted.iter().all(|record| record.booth.is_some()));
    let mut positions: Vec<u32> = stored
        .iter()
        .filter(|record| record.state == RegistrationState::Waiting)
        .map(|record| record.position.unwrap())
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=12).collect::<Vec<u32>>());
    let session = store.get_session(session.id).await.unwrap().unwrap();
    assert_eq!((session.booths_taken, session.employers_waiting), (8, 12));
}

pub async fn cancellation_promotes_the_first_in_line(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let session = session_in(store, venue_id, 2, 2, SessionStatus::Open).await;
    let mut workers = Vec::new();
    for party_id in 1..=4 {
        workers.push(
            store
                .register(&registration(session.id, Party::Worker, party_id), now())
                .await
                .unwrap(),
        );
    }
    let states: Vec<(RegistrationState, Option<u32>)> = workers
        .iter()
        .map(|record| (record.state, record.position))
        .collect();
    assert_eq!(
        states,
        [
            (RegistrationState::Accepted, None),
            (RegistrationState::Accepted, None),
            (RegistrationState::Waiting, Some(1)),
            (RegistrationState::Waiting, Some(2)),
        ]
    );
    // A duplicate is refused, whatever its channel.
    let mut again = registration(session.id, Party::Worker, 3);
    again.channel = Channel::Officer;
    assert_eq!(
        refused(store.register(&again, now()).await),
        ExchangeError::AlreadyRegistered
    );
    // A worker and an employer with the same id are two parties.
    store
        .register(&registration(session.id, Party::Employer, 3), now())
        .await
        .unwrap();

    let cancellation = store
        .cancel_registration(workers[0].id, Some(9), now())
        .await
        .unwrap();
    assert_eq!(cancellation.cancelled.state, RegistrationState::Cancelled);
    let promoted = cancellation.promoted.unwrap();
    assert_eq!(promoted.id, workers[2].id, "the first in line");
    assert_eq!(promoted.state, RegistrationState::Accepted);
    let last = store
        .get_registration(workers[3].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.position, Some(1), "the line moved up");
    // Cancelling a waiting registration promotes no one.
    let cancellation = store
        .cancel_registration(workers[3].id, None, now())
        .await
        .unwrap();
    assert!(cancellation.promoted.is_none());
    // Cancelled twice is a bad move.
    assert!(matches!(
        refused(store.cancel_registration(workers[3].id, None, now()).await),
        ExchangeError::BadMove { .. }
    ));
    // A cancelled party registers again: a new row, at the end of the line
    // (or in a free place).
    let back = store
        .register(&registration(session.id, Party::Worker, 1), now())
        .await
        .unwrap();
    assert_ne!(back.id, workers[0].id);
    assert_eq!(
        (back.state, back.position),
        (RegistrationState::Waiting, Some(1))
    );
    let of_worker = store
        .registrations_of(Party::Worker, 1, PAGE)
        .await
        .unwrap();
    assert_eq!(
        of_worker.iter().map(|record| record.id).collect::<Vec<_>>(),
        [back.id, workers[0].id],
        "newest first"
    );

    // Employers: the freed booth goes to the first in line.
    let session = session_in(store, venue_id, 2, 10, SessionStatus::Open).await;
    let mut employers = Vec::new();
    for party_id in 11..=14 {
        let mut write = registration(session.id, Party::Employer, party_id);
        let vacancies = [party_id * 10];
        write.vacancies = &vacancies;
        employers.push(store.register(&write, now()).await.unwrap());
    }
    assert_eq!(employers[0].booth, Some(1));
    assert_eq!(employers[1].booth, Some(2));
    assert_eq!(employers[0].vacancies, [110]);
    assert_eq!((employers[2].booth, employers[2].position), (None, Some(1)));
    let cancellation = store
        .cancel_registration(employers[0].id, None, now())
        .await
        .unwrap();
    assert_eq!(cancellation.cancelled.booth, None);
    let promoted = cancellation.promoted.unwrap();
    assert_eq!(
        (promoted.id, promoted.booth, promoted.state),
        (employers[2].id, Some(1), RegistrationState::Accepted)
    );
    let changed = store
        .set_registration_vacancies(promoted.id, &[7, 8], now())
        .await
        .unwrap();
    assert_eq!(changed.vacancies, [7, 8]);
    assert!(matches!(
        refused(
            store
                .set_registration_vacancies(workers[1].id, &[7], now())
                .await
        ),
        ExchangeError::Invalid { .. }
    ));
    // Listing order: accepted, then the line, then the cancelled.
    let listed = store
        .list_registrations(session.id, Some(Party::Employer), None, PAGE)
        .await
        .unwrap();
    let states: Vec<RegistrationState> = listed.iter().map(|record| record.state).collect();
    assert_eq!(
        states,
        [
            RegistrationState::Accepted,
            RegistrationState::Accepted,
            RegistrationState::Waiting,
            RegistrationState::Cancelled,
        ]
    );
    assert!(matches!(
        store.cancel_registration(999_999, None, now()).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn registration_follows_the_session_status(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let walk_in = |session_id: i64, party_id: i64| {
        let mut write = registration(session_id, Party::Worker, party_id);
        write.channel = Channel::WalkIn;
        write
    };
    assert!(matches!(
        store
            .register(&registration(999_999, Party::Worker, 1), now())
            .await,
        Err(StoreError::NotFound { .. })
    ));
    let planned = session_in(store, venue_id, 2, 2, SessionStatus::Planned).await;
    assert_eq!(
        refused(
            store
                .register(&registration(planned.id, Party::Worker, 1), now())
                .await
        ),
        ExchangeError::RegistrationClosed { status: "planned" }
    );
    let open = session_in(store, venue_id, 2, 2, SessionStatus::Open).await;
    assert_eq!(
        refused(store.register(&walk_in(open.id, 1), now()).await),
        ExchangeError::RegistrationClosed { status: "open" },
        "no walk-ins before the session runs"
    );
    let mut by_officer = registration(open.id, Party::Worker, 1);
    by_officer.channel = Channel::Officer;
    by_officer.actor = Some(3);
    let taken = store.register(&by_officer, now()).await.unwrap();
    assert_eq!(
        (taken.channel, taken.registered_by),
        (Channel::Officer, Some(3))
    );

    let running = session_in(store, venue_id, 2, 1, SessionStatus::Running).await;
    assert_eq!(
        refused(
            store
                .register(&registration(running.id, Party::Worker, 1), now())
                .await
        ),
        ExchangeError::RegistrationClosed { status: "running" }
    );
    let first = store
        .register(&walk_in(running.id, 1), now())
        .await
        .unwrap();
    assert_eq!(first.state, RegistrationState::Accepted);
    let second = store
        .register(&walk_in(running.id, 2), now())
        .await
        .unwrap();
    assert_eq!(
        (second.state, second.position),
        (RegistrationState::Waiting, Some(1))
    );

    let closed = store
        .move_session(running.id, SessionStatus::Closed, None, now())
        .await
        .unwrap();
    assert_eq!(
        refused(store.register(&walk_in(closed.id, 3), now()).await),
        ExchangeError::RegistrationClosed { status: "closed" }
    );
    assert_eq!(
        refused(store.cancel_registration(first.id, None, now()).await),
        ExchangeError::RegistrationClosed { status: "closed" },
        "a closed session's registrations stay as they were"
    );
    let cancelled = store
        .move_session(open.id, SessionStatus::Cancelled, None, now())
        .await
        .unwrap();
    assert_eq!(
        refused(
            store
                .register(&registration(cancelled.id, Party::Worker, 5), now())
                .await
        ),
        ExchangeError::RegistrationClosed {
            status: "cancelled"
        }
    );
}

pub async fn sessions_move_by_the_machine_and_keep_their_capacity(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let draft = session_draft(venue_id, "2026-04-10", 2, 2);
    let created = store
        .create_sessions(&[session_write(&draft)], now())
        .await
        .unwrap()
        .remove(0);
    assert_eq!(created.session, draft);
    assert_eq!(created.status, SessionStatus::Planned);
    assert_eq!(created.created_by, Some(3));
    assert_eq!(
        store.get_session(created.id).await.unwrap().unwrap(),
        created
    );

    assert!(matches!(
        refused(
            store
                .move_session(created.id, SessionStatus::Running, None, now())
                .await
        ),
        ExchangeError::BadMove {
            from: "planned",
            to: "running",
            ..
        }
    ));
    let open = store
        .move_session(created.id, SessionStatus::Open, Some(4), now())
        .await
        .unwrap();
    assert_eq!(open.status, SessionStatus::Open);
    for party_id in 1..=3 {
        store
            .register(&registration(open.id, Party::Worker, party_id), now())
            .await
            .unwrap();
    }
    // Capacity cannot fall below the places taken.
    let smaller = session_draft(venue_id, "2026-04-10", 2, 1);
    assert!(matches!(
        refused(
            store
                .update_session(open.id, &session_write(&smaller), now())
                .await
        ),
        ExchangeError::Invalid { field: "seats", .. }
    ));
    // More seats: the first in line takes the new one.
    let mut larger = session_draft(venue_id, "2026-04-11", 2, 3);
    larger.title = "Phiên giao dịch việc làm mở rộng".to_owned();
    let updated = store
        .update_session(open.id, &session_write(&larger), now())
        .await
        .unwrap();
    assert_eq!(updated.session, larger);
    assert_eq!((updated.seats_taken, updated.workers_waiting), (3, 0));
    // An unknown venue is not found.
    let nowhere = session_draft(999_999, "2026-04-11", 2, 3);
    assert!(matches!(
        store
            .update_session(open.id, &session_write(&nowhere), now())
            .await,
        Err(StoreError::NotFound { .. })
    ));

    let running = store
        .move_session(open.id, SessionStatus::Running, None, now())
        .await
        .unwrap();
    assert!(matches!(
        refused(
            store
                .update_session(running.id, &session_write(&larger), now())
                .await
        ),
        ExchangeError::Invalid {
            field: "status",
            ..
        }
    ));
    assert!(matches!(
        refused(
            store
                .move_session(running.id, SessionStatus::Cancelled, None, now())
                .await
        ),
        ExchangeError::BadMove { .. }
    ));
    assert!(matches!(
        refused(
            store
                .file_session_report(running.id, &serde_json::json!({}), None, now())
                .await
        ),
        ExchangeError::BadMove { .. }
    ));
    let closed = store
        .move_session(running.id, SessionStatus::Closed, None, now())
        .await
        .unwrap();
    // closed → reported only with the report.
    assert!(matches!(
        refused(
            store
                .move_session(closed.id, SessionStatus::Reported, None, now())
                .await
        ),
        ExchangeError::BadMove {
            from: "closed",
            to: "reported",
            ..
        }
    ));
    assert_eq!(store.session_report(closed.id).await.unwrap(), None);
    let report = serde_json::json!({"workers": 3, "hired": 1});
    let reported = store
        .file_session_report(closed.id, &report, Some(4), now())
        .await
        .unwrap();
    assert_eq!(reported.status, SessionStatus::Reported);
    assert_eq!(reported.reported_at, Some(now()));
    assert_eq!(
        store.session_report(closed.id).await.unwrap(),
        Some(report.clone())
    );
    assert!(matches!(
        refused(
            store
                .file_session_report(closed.id, &report, None, now())
                .await
        ),
        ExchangeError::BadMove { .. }
    ));
    assert!(matches!(
        store
            .move_session(999_999, SessionStatus::Open, None, now())
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store
            .create_sessions(&[session_write(&nowhere)], now())
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn sessions_list_and_count_by_kind_unit_and_month(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let other_venue = store
        .create_venue(&venue_draft(OTHER, vec![]), "79", now())
        .await
        .unwrap()
        .id;
    let march = [
        session_draft(venue_id, "2026-03-05", 2, 2),
        session_draft(venue_id, "2026-03-25", 2, 2),
        session_draft(venue_id, "2026-03-28", 2, 2),
    ];
    let mut thematic = session_draft(venue_id, "2026-04-02", 2, 2);
    thematic.kind = SessionKind::Thematic;
    thematic.theme = Some(Theme::Graduates);
    let mut elsewhere = session_draft(other_venue, "2026-03-06", 2, 2);
    elsewhere.unit = unit(OTHER);
    let mut writes: Vec<SessionWrite<'_>> = march.iter().map(session_write).collect();
    writes.push(SessionWrite {
        plan_id: Some("hoa-xa-2030"),
        ..session_write(&thematic)
    });
    writes.push(SessionWrite {
        province_code: "79",
        ..session_write(&elsewhere)
    });
    let created = store.create_sessions(&writes, now()).await.unwrap();
    assert_eq!(created.len(), 5);
    // Held: the first of March ran; the second was cancelled.
    for step in [SessionStatus::Open, SessionStatus::Running] {
        store
            .move_session(created[0].id, step, None, now())
            .await
            .unwrap();
    }
    store
        .move_session(created[1].id, SessionStatus::Cancelled, None, now())
        .await
        .unwrap();

    let counts = store.session_counts(Some("01")).await.unwrap();
    assert_eq!(
        counts,
        [
            SessionCount {
                kind: SessionKind::Daily,
                unit: unit(HOA_XA),
                month: date("2026-03-01"),
                scheduled: 2,
                held: 1,
            },
            SessionCount {
                kind: SessionKind::Thematic,
                unit: unit(HOA_XA),
                month: date("2026-04-01"),
                scheduled: 1,
                held: 0,
            },
        ]
    );
    assert_eq!(store.session_counts(None).await.unwrap().len(), 3);

    let ids = |records: Vec<SessionRecord>| records.iter().map(|s| s.id).collect::<Vec<_>>();
    let all = store
        .list_sessions(&SessionFilter::default(), PAGE)
        .await
        .unwrap();
    assert_eq!(
        ids(all),
        [
            created[0].id,
            created[4].id,
            created[1].id,
            created[2].id,
            created[3].id
        ],
        "by date"
    );
    let filter = SessionFilter {
        area: Some(Area::Province("01".to_owned())),
        from: Some(date("2026-03-10")),
        to: Some(date("2026-03-31")),
        ..SessionFilter::default()
    };
    assert_eq!(
        ids(store.list_sessions(&filter, PAGE).await.unwrap()),
        [created[1].id, created[2].id]
    );
    assert_eq!(store.count_sessions(&filter).await.unwrap(), 2);
    let by_unit = SessionFilter {
        area: Some(Area::Units(vec![unit(OTHER)])),
        ..SessionFilter::default()
    };
    assert_eq!(
        ids(store.list_sessions(&by_unit, PAGE).await.unwrap()),
        [created[4].id]
    );
    let nothing = SessionFilter {
        area: Some(Area::Nothing),
        ..SessionFilter::default()
    };
    assert_eq!(store.count_sessions(&nothing).await.unwrap(), 0);
    let of_plan = SessionFilter {
        plan_id: Some("hoa-xa-2030".to_owned()),
        kind: Some(SessionKind::Thematic),
        ..SessionFilter::default()
    };
    let listed = store.list_sessions(&of_plan, PAGE).await.unwrap();
    assert_eq!(ids(listed.clone()), [created[3].id]);
    assert_eq!(listed[0].plan_id.as_deref(), Some("hoa-xa-2030"));
    let at_venues = SessionFilter {
        venues: Some(vec![other_venue]),
        ..SessionFilter::default()
    };
    assert_eq!(store.count_sessions(&at_venues).await.unwrap(), 1);
    let no_venues = SessionFilter {
        venues: Some(vec![]),
        ..SessionFilter::default()
    };
    assert_eq!(store.count_sessions(&no_venues).await.unwrap(), 0);
    let running = SessionFilter {
        status: Some(SessionStatus::Running),
        ..SessionFilter::default()
    };
    assert_eq!(
        ids(store.list_sessions(&running, PAGE).await.unwrap()),
        [created[0].id]
    );
    let second_page = store
        .list_sessions(
            &SessionFilter::default(),
            Page {
                limit: 2,
                offset: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(ids(second_page), [created[1].id, created[2].id]);
}

pub async fn venues_round_trip_and_keep_to_their_area(harness: &Harness) {
    let store = &harness.store;
    let draft = venue_draft(HOA_XA, vec![5, 3, 5]);
    let created = store.create_venue(&draft, "01", now()).await.unwrap();
    assert_eq!(created.venue, draft);
    assert_eq!(created.province_code, "01");
    assert_eq!(store.get_venue(created.id).await.unwrap().unwrap(), created);
    assert_eq!(store.venues_of_staff(3).await.unwrap(), [created.id]);
    assert_eq!(store.venues_of_staff(5).await.unwrap(), [created.id]);
    let other = store
        .create_venue(&venue_draft(OTHER, vec![5]), "79", now())
        .await
        .unwrap();
    assert_eq!(
        store.venues_of_staff(5).await.unwrap(),
        [created.id, other.id]
    );

    // Moved meanwhile: the caller checked the old unit.
    let moved = venue_draft(OTHER, vec![6]);
    let updated = store
        .update_venue(created.id, &moved, &unit(HOA_XA), "01", now())
        .await
        .unwrap();
    assert_eq!(updated.venue, moved);
    assert_eq!(store.venues_of_staff(3).await.unwrap(), Vec::<i64>::new());
    assert_eq!(store.venues_of_staff(6).await.unwrap(), [created.id]);
    assert!(matches!(
        store
            .update_venue(created.id, &draft, &unit(HOA_XA), "01", now())
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        store
            .update_venue(999_999, &draft, &unit(HOA_XA), "01", now())
            .await,
        Err(StoreError::NotFound { .. })
    ));

    let ids = |area: Area| async move {
        store
            .list_venues(&area, PAGE)
            .await
            .unwrap()
            .iter()
            .map(|venue| venue.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(Area::All).await, [created.id, other.id]);
    assert_eq!(ids(Area::Province("79".to_owned())).await, [other.id]);
    assert_eq!(
        ids(Area::Units(vec![unit(OTHER)])).await,
        [created.id, other.id]
    );
    assert_eq!(
        ids(Area::Units(vec![unit(HOA_XA)])).await,
        Vec::<i64>::new()
    );
    assert_eq!(ids(Area::Nothing).await, Vec::<i64>::new());
}

fn slot<'a>(
    session_id: Option<i64>,
    worker_id: i64,
    vacancy_id: i64,
    booth: Option<u32>,
    from: &str,
    to: &str,
) -> InterviewWrite<'a> {
    InterviewWrite {
        session_id,
        application_id: None,
        worker_id,
        employer_id: 77,
        vacancy_id,
        booth,
        starts: at("2026-03-20", from),
        ends: at("2026-03-20", to),
        mode: InterviewMode::OnSite,
        link: None,
        province_code: "01",
        actor: Some(3),
    }
}

pub async fn interview_slots_never_overlap(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let session = session_in(store, venue_id, 4, 10, SessionStatus::Open).await;
    let (anh, binh) = (worker(store, 11).await, worker(store, 12).await);
    let first = store
        .book_interview(
            &slot(Some(session.id), anh, 500, Some(1), "09:00", "09:30"),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(first.attendance, Attendance::Scheduled);
    assert_eq!(first.booth, Some(1));
    assert_eq!(first.starts, at("2026-03-20", "09:00"));
    assert_eq!(store.get_interview(first.id).await.unwrap().unwrap(), first);
    // The same worker at another booth, overlapping.
    assert_eq!(
        refused(
            store
                .book_interview(
                    &slot(Some(session.id), anh, 501, Some(2), "09:15", "09:45"),
                    now()
                )
                .await
        ),
        ExchangeError::SlotOverlap
    );
    // Another worker at the same booth, overlapping.
    assert_eq!(
        refused(
            store
                .book_interview(
                    &slot(Some(session.id), binh, 500, Some(1), "09:29", "10:00"),
                    now()
                )
                .await
        ),
        ExchangeError::SlotOverlap
    );
    // Back to back is not an overlap, for the booth or for the worker.
    store
        .book_interview(
            &slot(Some(session.id), binh, 500, Some(1), "09:30", "10:00"),
            now(),
        )
        .await
        .unwrap();
    store
        .book_interview(
            &slot(Some(session.id), anh, 501, Some(2), "08:30", "09:00"),
            now(),
        )
        .await
        .unwrap();
    // Another booth, another worker, the same time: fine.
    let third = worker(store, 13).await;
    store
        .book_interview(
            &slot(Some(session.id), third, 502, Some(3), "09:00", "09:30"),
            now(),
        )
        .await
        .unwrap();
    // A cancelled slot frees its time.
    store
        .set_attendance(first.id, Attendance::Cancelled, Some(3), now())
        .await
        .unwrap();
    store
        .book_interview(
            &slot(Some(session.id), binh, 503, Some(1), "09:00", "09:30"),
            now(),
        )
        .await
        .unwrap();
    // Neither a session nor an application.
    assert!(matches!(
        refused(
            store
                .book_interview(&slot(None, anh, 500, None, "13:00", "13:30"), now())
                .await
        ),
        ExchangeError::Invalid { .. }
    ));
    // An online slot with its link, for an application.
    let application = store
        .create_application(
            &ApplicationWrite {
                vacancy_id: 600,
                worker_id: anh,
                employer_id: 77,
                province_code: "01",
                note: None,
                actor: None,
            },
            now(),
        )
        .await
        .unwrap();
    let online = InterviewWrite {
        application_id: Some(application.id),
        mode: InterviewMode::Online,
        link: Some("https://meet.example.vn/abc"),
        ..slot(None, anh, 600, None, "14:00", "14:30")
    };
    let booked = store.book_interview(&online, now()).await.unwrap();
    assert_eq!(booked.link.as_deref(), Some("https://meet.example.vn/abc"));
    assert_eq!(
        refused(
            store
                .book_interview(
                    &InterviewWrite {
                        starts: at("2026-03-20", "14:20"),
                        ends: at("2026-03-20", "14:40"),
                        ..online.clone()
                    },
                    now()
                )
                .await
        ),
        ExchangeError::SlotOverlap
    );
    let of_worker = store
        .list_interviews(
            &InterviewFilter {
                worker_id: Some(anh),
                ..InterviewFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    let starts: Vec<NaiveDateTime> = of_worker.iter().map(|slot| slot.starts).collect();
    assert_eq!(
        starts,
        [
            at("2026-03-20", "08:30"),
            at("2026-03-20", "09:00"),
            at("2026-03-20", "14:00")
        ]
    );
    let of_application = store
        .list_interviews(
            &InterviewFilter {
                application_id: Some(application.id),
                ..InterviewFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(of_application, [booked]);
}

fn hire_event(session_id: Option<i64>, vacancy_id: i64) -> LabourEvent {
    LabourEvent {
        date: date("2026-03-20"),
        kind: EventKind::Employed,
        source: EventSource::Exchange,
        status: None,
        unit: None,
        employer_id: Some(77),
        occupation: None,
        country: None,
        detail: None,
        session_id,
        vacancy_id: Some(vacancy_id),
    }
}

pub async fn a_hire_needs_an_attended_interview_and_records_employment(harness: &Harness) {
    let store = &harness.store;
    let venue_id = venue(store).await;
    let session = session_in(store, venue_id, 4, 10, SessionStatus::Open).await;
    let anh = worker(store, 21).await;
    let outcome = |outcome: Outcome| OutcomeWrite {
        session_id: session.id,
        worker_id: anh,
        employer_id: 77,
        vacancy_id: 500,
        outcome,
        province_code: "01",
        actor: Some(3),
    };
    let event = hire_event(Some(session.id), 500);
    let hire = HireEvent {
        event: &event,
        province_code: "01",
    };
    let interview = store
        .book_interview(
            &slot(Some(session.id), anh, 500, Some(1), "09:00", "09:30"),
            now(),
        )
        .await
        .unwrap();
    // Not while the session is only open.
    assert!(matches!(
        refused(
            store
                .record_outcome(&outcome(Outcome::Interviewed), None, now())
                .await
        ),
        ExchangeError::Invalid { .. }
    ));
    store
        .move_session(session.id, SessionStatus::Running, None, now())
        .await
        .unwrap();
    // Scheduled is not attended.
    assert_eq!(
        refused(
            store
                .record_outcome(&outcome(Outcome::Hired), Some(&hire), now())
                .await
        ),
        ExchangeError::HireWithoutInterview
    );
    assert!(matches!(
        refused(
            store
                .record_outcome(&outcome(Outcome::Shortlisted), None, now())
                .await
        ),
        ExchangeError::Invalid { .. }
    ));
    let attended = store
        .set_attendance(interview.id, Attendance::Attended, Some(3), now())
        .await
        .unwrap();
    assert_eq!(attended.attendance, Attendance::Attended);
    // Attended for another vacancy does not count.
    assert_eq!(
        refused(
            store
                .record_outcome(
                    &OutcomeWrite {
                        vacancy_id: 501,
                        ..outcome(Outcome::Hired)
                    },
                    Some(&hire),
                    now()
                )
                .await
        ),
        ExchangeError::HireWithoutInterview
    );
    // A hire without its event, or an event without a hire.
    assert!(matches!(
        refused(
            store
                .record_outcome(&outcome(Outcome::Hired), None, now())
                .await
        ),
        ExchangeError::Invalid { field: "hire", .. }
    ));
    assert!(matches!(
        refused(
            store
                .record_outcome(&outcome(Outcome::Shortlisted), Some(&hire), now())
                .await
        ),
        ExchangeError::Invalid { field: "hire", .. }
    ));
    assert_eq!(
        store.list_events(anh).await.unwrap().len(),
        1,
        "nothing written"
    );

    let shortlisted = store
        .record_outcome(&outcome(Outcome::Shortlisted), None, now())
        .await
        .unwrap();
    assert_eq!(shortlisted.event_id, None);
    let hired = store
        .record_outcome(&outcome(Outcome::Hired), Some(&hire), now())
        .await
        .unwrap();
    let events = store.list_events(anh).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(hired.event_id, Some(events[1].id));
    assert_eq!(events[1].event, event);
    assert_eq!(events[1].recorded_by, Some(3));
    let stored = store.get_worker(anh).await.unwrap().unwrap();
    assert_eq!(stored.state.status, EmploymentStatus::Employed);
    assert_eq!(stored.state.employer_id, Some(77));
    // The same hire twice would count twice.
    assert!(matches!(
        store
            .record_outcome(&outcome(Outcome::Hired), Some(&hire), now())
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let outcomes = store.list_outcomes(session.id).await.unwrap();
    assert_eq!(outcomes, [shortlisted, hired]);

    // After it closes, outcomes are still recorded; once reported, not.
    store
        .move_session(session.id, SessionStatus::Closed, None, now())
        .await
        .unwrap();
    store
        .record_outcome(&outcome(Outcome::Interviewed), None, now())
        .await
        .unwrap();
    store
        .file_session_report(session.id, &serde_json::json!({}), None, now())
        .await
        .unwrap();
    assert!(matches!(
        refused(
            store
                .record_outcome(&outcome(Outcome::Rejected), None, now())
                .await
        ),
        ExchangeError::Invalid { .. }
    ));
}

pub async fn applications_move_by_the_machine(harness: &Harness) {
    let store = &harness.store;
    let anh = worker(store, 31).await;
    let write = ApplicationWrite {
        vacancy_id: 900,
        worker_id: anh,
        employer_id: 77,
        province_code: "01",
        note: Some("Ứng tuyển qua cổng"),
        actor: Some(40),
    };
    let application = store.create_application(&write, now()).await.unwrap();
    assert_eq!(application.status, ApplicationStatus::Received);
    assert_eq!(application.steps.len(), 1);
    assert_eq!(application.steps[0].status, ApplicationStatus::Received);
    assert_eq!(
        application.steps[0].note.as_deref(),
        Some("Ứng tuyển qua cổng")
    );
    assert_eq!(application.steps[0].by, Some(40));
    assert!(matches!(
        store.create_application(&write, now()).await,
        Err(StoreError::Conflict { .. })
    ));
    let event = hire_event(None, 900);
    let hire = HireEvent {
        event: &event,
        province_code: "01",
    };
    // Received → hired skips the interview.
    assert_eq!(
        refused(
            store
                .move_application(
                    application.id,
                    ApplicationStatus::Hired,
                    None,
                    Some(&hire),
                    None,
                    now()
                )
                .await
        ),
        ExchangeError::HireWithoutInterview
    );
    assert!(matches!(
        refused(
            store
                .move_application(
                    application.id,
                    ApplicationStatus::Interview,
                    None,
                    None,
                    None,
                    now()
                )
                .await
        ),
        ExchangeError::BadMove { .. }
    ));
    for to in [ApplicationStatus::Shortlisted, ApplicationStatus::Interview] {
        let (moved, event) = store
            .move_application(application.id, to, Some("ok"), None, Some(41), now())
            .await
            .unwrap();
        assert_eq!(moved.status, to);
        assert!(event.is_none());
    }
    assert!(matches!(
        refused(
            store
                .move_application(
                    application.id,
                    ApplicationStatus::Hired,
                    None,
                    None,
                    None,
                    now()
                )
                .await
        ),
        ExchangeError::Invalid { field: "hire", .. }
    ));
    let (hired, recorded) = store
        .move_application(
            application.id,
            ApplicationStatus::Hired,
            Some("Nhận việc 01/04"),
            Some(&hire),
            Some(41),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(hired.status, ApplicationStatus::Hired);
    let statuses: Vec<ApplicationStatus> = hired.steps.iter().map(|step| step.status).collect();
    assert_eq!(
        statuses,
        [
            ApplicationStatus::Received,
            ApplicationStatus::Shortlisted,
            ApplicationStatus::Interview,
            ApplicationStatus::Hired
        ]
    );
    let recorded = recorded.unwrap();
    assert_eq!(recorded.event, event);
    let events = store.list_events(anh).await.unwrap();
    assert_eq!(events.last().unwrap().id, recorded.id);
    assert_eq!(
        store.get_worker(anh).await.unwrap().unwrap().state.status,
        EmploymentStatus::Employed
    );
    // Decided: no more moves.
    assert!(matches!(
        refused(
            store
                .move_application(
                    application.id,
                    ApplicationStatus::Rejected,
                    None,
                    None,
                    None,
                    now()
                )
                .await
        ),
        ExchangeError::BadMove {
            from: "hired",
            to: "rejected",
            ..
        }
    ));
    assert_eq!(
        store
            .get_application(application.id)
            .await
            .unwrap()
            .unwrap(),
        hired
    );

    // A withdrawn application leaves room for a new one.
    let other = store
        .create_application(
            &ApplicationWrite {
                vacancy_id: 901,
                ..write.clone()
            },
            now(),
        )
        .await
        .unwrap();
    store
        .move_application(
            other.id,
            ApplicationStatus::Withdrawn,
            None,
            None,
            None,
            now(),
        )
        .await
        .unwrap();
    let again = store
        .create_application(
            &ApplicationWrite {
                vacancy_id: 901,
                ..write.clone()
            },
            now(),
        )
        .await
        .unwrap();
    let listed = store
        .list_applications(
            &ApplicationFilter {
                worker_id: Some(anh),
                ..ApplicationFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|a| a.id).collect::<Vec<_>>(),
        [again.id, other.id, application.id],
        "newest first"
    );
    let withdrawn = store
        .list_applications(
            &ApplicationFilter {
                vacancy_id: Some(901),
                status: Some(ApplicationStatus::Withdrawn),
                ..ApplicationFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(withdrawn.len(), 1);
    assert_eq!(withdrawn[0].steps.len(), 2);
    assert!(matches!(
        store
            .move_application(
                999_999,
                ApplicationStatus::Rejected,
                None,
                None,
                None,
                now()
            )
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store
            .create_application(
                &ApplicationWrite {
                    worker_id: 999_999,
                    ..write.clone()
                },
                now()
            )
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

fn counselling<'a>(
    worker_id: i64,
    unit: &'a UnitKey,
    province_code: &'a str,
    on: &str,
) -> CounsellingWrite<'a> {
    CounsellingWrite {
        worker_id,
        unit,
        province_code,
        on: date(on),
        session_id: None,
        advice: "Tham gia khóa đào tạo may công nghiệp",
        referred: &[500, 501],
        outcome: CounsellingOutcome::Referred,
        actor: Some(3),
    }
}

pub async fn counselling_is_counted_by_unit_and_month(harness: &Harness) {
    let store = &harness.store;
    let anh = worker(store, 41).await;
    let (hoa_xa, other) = (&unit(HOA_XA), &unit(OTHER));
    let write = |unit, province, on| counselling(anh, unit, province, on);
    let first = store
        .create_counselling(&write(hoa_xa, "01", "2026-03-03"), now())
        .await
        .unwrap();
    assert_eq!(first.referred, [500, 501]);
    assert_eq!(first.on, date("2026-03-03"));
    assert_eq!(first.counsellor, Some(3));
    assert_eq!(
        store.get_counselling(first.id).await.unwrap().unwrap(),
        first
    );
    store
        .create_counselling(&write(hoa_xa, "01", "2026-03-30"), now())
        .await
        .unwrap();
    let april = store
        .create_counselling(&write(hoa_xa, "01", "2026-04-01"), now())
        .await
        .unwrap();
    store
        .create_counselling(&write(other, "79", "2026-03-15"), now())
        .await
        .unwrap();
    let placed = store
        .set_counselling_outcome(first.id, CounsellingOutcome::Placed, now())
        .await
        .unwrap();
    assert_eq!(placed.outcome, CounsellingOutcome::Placed);

    let counts = store.counselling_counts(Some("01")).await.unwrap();
    let counts: Vec<(String, NaiveDate, u32)> = counts
        .into_iter()
        .map(|count| (count.unit.to_string(), count.month, count.count))
        .collect();
    assert_eq!(
        counts,
        [
            (HOA_XA.to_owned(), date("2026-03-01"), 2),
            (HOA_XA.to_owned(), date("2026-04-01"), 1)
        ]
    );
    assert_eq!(store.counselling_counts(None).await.unwrap().len(), 3);

    let listed = store
        .list_counselling(
            &CounsellingFilter {
                area: Some(Area::Province("01".to_owned())),
                worker_id: Some(anh),
                from: Some(date("2026-03-10")),
                to: None,
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], april, "newest first");
    let in_units = store
        .list_counselling(
            &CounsellingFilter {
                area: Some(Area::Units(vec![other.clone()])),
                ..CounsellingFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(in_units.len(), 1);
    assert!(store
        .list_counselling(
            &CounsellingFilter {
                area: Some(Area::Nothing),
                ..CounsellingFilter::default()
            },
            PAGE
        )
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store
            .create_counselling(
                &CounsellingWrite {
                    worker_id: 999_999,
                    ..counselling(anh, hoa_xa, "01", "2026-03-03")
                },
                now()
            )
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn claims_take_one_checkin_per_appointment(harness: &Harness) {
    let store = &harness.store;
    let anh = worker(store, 51).await;
    let residence = unit(HOA_XA);
    let write = ClaimWrite {
        worker_id: anh,
        start: date("2026-01-31"),
        months: 3,
        unit: &residence,
        province_code: "01",
        actor: Some(3),
    };
    let claim = store.create_claim(&write, now()).await.unwrap();
    assert_eq!(claim.status, ClaimStatus::Active);
    assert!(claim.checkins.is_empty());
    assert!(matches!(
        store.create_claim(&write, now()).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        refused(
            store
                .create_claim(
                    &ClaimWrite {
                        months: 13,
                        ..write.clone()
                    },
                    now()
                )
                .await
        ),
        ExchangeError::Invalid { .. }
    ));
    // Due days: 28 February, 31 March, 30 April.
    let checkin = |due: &str, made: &str| CheckinRecord {
        due: date(due),
        made_on: date(made),
        recorded_by: Some(3),
        note: Some("Đã nộp thông báo".to_owned()),
    };
    assert!(matches!(
        refused(
            store
                .record_checkin(claim.id, &checkin("2026-02-27", "2026-02-27"), now())
                .await
        ),
        ExchangeError::Invalid { field: "due", .. }
    ));
    let first = store
        .record_checkin(claim.id, &checkin("2026-02-28", "2026-03-02"), now())
        .await
        .unwrap();
    assert_eq!(first.checkins, [checkin("2026-02-28", "2026-03-02")]);
    assert!(matches!(
        store
            .record_checkin(claim.id, &checkin("2026-02-28", "2026-02-28"), now())
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let second = store
        .record_checkin(claim.id, &checkin("2026-03-31", "2026-03-31"), now())
        .await
        .unwrap();
    assert_eq!(second.checkins.len(), 2);
    assert_eq!(second.checkins[1].due, date("2026-03-31"));
    assert!(matches!(
        store
            .record_checkin(999_999, &checkin("2026-02-28", "2026-02-28"), now())
            .await,
        Err(StoreError::NotFound { .. })
    ));

    // Employed: the claim ends, and a new one may open.
    let ended = store
        .set_claim_status(claim.id, ClaimStatus::Employed, now())
        .await
        .unwrap();
    assert_eq!(ended.status, ClaimStatus::Employed);
    assert_eq!(ended.checkins.len(), 2);
    let reopened = store.create_claim(&write, now()).await.unwrap();
    assert!(matches!(
        store
            .set_claim_status(claim.id, ClaimStatus::Active, now())
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let listed = store
        .list_claims(
            &ClaimFilter {
                worker_id: Some(anh),
                ..ClaimFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(listed, [ended.clone(), reopened.clone()]);
    let active = store
        .list_claims(
            &ClaimFilter {
                area: Some(Area::Units(vec![residence.clone()])),
                status: Some(ClaimStatus::Active),
                ..ClaimFilter::default()
            },
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(active, [reopened]);
    assert!(store
        .list_claims(
            &ClaimFilter {
                area: Some(Area::Province("79".to_owned())),
                ..ClaimFilter::default()
            },
            PAGE
        )
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.get_claim(claim.id).await.unwrap().unwrap(), ended);
}

pub async fn invitations_are_sent_once_and_answered_once(harness: &Harness) {
    let store = &harness.store;
    let lan = worker(store, 41).await;
    let minh = worker(store, 42).await;
    let invite = |worker_id: i64, vacancy_id: i64| InvitationWrite {
        vacancy_id,
        worker_id,
        employer_id: 77,
        province_code: "01",
        actor: Some(40),
    };
    let sent = store
        .create_invitation(&invite(lan, 900), now())
        .await
        .unwrap();
    assert_eq!(sent.state, InvitationState::Sent);
    assert_eq!(
        (sent.vacancy_id, sent.worker_id, sent.employer_id),
        (900, lan, 77)
    );
    assert_eq!(sent.invited_by, Some(40));
    assert_eq!(sent.answered_at, None);
    assert_eq!(sent.application_id, None);
    assert_eq!(
        store.get_invitation(sent.id).await.unwrap(),
        Some(sent.clone())
    );
    assert_eq!(store.get_invitation(sent.id + 1000).await.unwrap(), None);
    // One invitation per vacancy and worker; an unknown worker is missing.
    assert!(matches!(
        store.create_invitation(&invite(lan, 900), now()).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        store.create_invitation(&invite(999_999, 900), now()).await,
        Err(StoreError::NotFound { .. })
    ));
    let other = store
        .create_invitation(&invite(minh, 900), now())
        .await
        .unwrap();
    let elsewhere = store
        .create_invitation(&invite(lan, 901), now())
        .await
        .unwrap();
    // Listed newest first, by vacancy, worker, employer and state.
    let listed = |filter: InvitationFilter| async move {
        store
            .list_invitations(&filter, PAGE)
            .await
            .unwrap()
            .into_iter()
            .map(|invitation| invitation.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        listed(InvitationFilter {
            vacancy_id: Some(900),
            ..InvitationFilter::default()
        })
        .await,
        [other.id, sent.id]
    );
    assert_eq!(
        listed(InvitationFilter {
            worker_id: Some(lan),
            ..InvitationFilter::default()
        })
        .await,
        [elsewhere.id, sent.id]
    );
    assert_eq!(
        listed(InvitationFilter {
            employer_id: Some(78),
            ..InvitationFilter::default()
        })
        .await,
        Vec::<i64>::new()
    );
    // An acceptance names the application it made, of the same worker and
    // vacancy; a refusal names none.
    let application = store
        .create_application(
            &ApplicationWrite {
                vacancy_id: 900,
                worker_id: lan,
                employer_id: 77,
                province_code: "01",
                note: None,
                actor: Some(41),
            },
            now(),
        )
        .await
        .unwrap();
    for (answer, application_id, id) in [
        (InvitationState::Accepted, None, sent.id),
        (InvitationState::Accepted, Some(application.id), other.id),
        (
            InvitationState::Accepted,
            Some(application.id),
            elsewhere.id,
        ),
        (InvitationState::Declined, Some(application.id), sent.id),
    ] {
        assert!(matches!(
            refused(
                store
                    .answer_invitation(id, answer, application_id, now())
                    .await
            ),
            ExchangeError::Invalid {
                field: "application_id",
                ..
            }
        ));
    }
    assert!(matches!(
        refused(
            store
                .answer_invitation(sent.id, InvitationState::Sent, None, now())
                .await
        ),
        ExchangeError::BadMove { .. }
    ));
    let accepted = store
        .answer_invitation(
            sent.id,
            InvitationState::Accepted,
            Some(application.id),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(accepted.state, InvitationState::Accepted);
    assert_eq!(accepted.application_id, Some(application.id));
    assert_eq!(accepted.answered_at, Some(now()));
    // An answer is final.
    for answer in [InvitationState::Declined, InvitationState::Accepted] {
        assert!(matches!(
            refused(
                store
                    .answer_invitation(sent.id, answer, Some(application.id), now())
                    .await
            ),
            ExchangeError::BadMove { .. }
        ));
    }
    let declined = store
        .answer_invitation(other.id, InvitationState::Declined, None, now())
        .await
        .unwrap();
    assert_eq!(declined.state, InvitationState::Declined);
    assert_eq!(
        listed(InvitationFilter {
            state: Some(InvitationState::Sent),
            ..InvitationFilter::default()
        })
        .await,
        [elsewhere.id]
    );
    // Two answers at once: exactly one is taken.
    let tasks: Vec<_> = [InvitationState::Declined, InvitationState::Declined]
        .into_iter()
        .map(|answer| {
            let store = Arc::clone(store);
            let id = elsewhere.id;
            tokio::spawn(async move { store.answer_invitation(id, answer, None, now()).await })
        })
        .collect();
    let mut taken = 0;
    for task in tasks {
        if task.await.unwrap().is_ok() {
            taken += 1;
        }
    }
    assert_eq!(taken, 1);
    // The invitations go with their worker.
    store.delete_worker(lan).await.unwrap();
    assert_eq!(store.get_invitation(sent.id).await.unwrap(), None);
    assert!(store.get_invitation(other.id).await.unwrap().is_some());
}
