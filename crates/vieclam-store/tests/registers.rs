//! Contract cases of the registers: workers, events, duplicates, employers,
//! vacancies and bulk imports.

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use vieclam_domain::registry::{
    CitizenId, ContractType, Country, Email, EmployerKind, EmployerProfile, EmploymentStatus,
    EthnicGroup, EventKind, EventSource, GeneralEducation, IndustryCode, ItSkill, LabourEvent,
    Language, OccupationCode, OccupationExperience, PersonName, PhoneNumber, PriorityGroup,
    Qualification, Sex, SizeBand, SocialInsurance, TaxCode, VacancyPosting, VacancyStatus,
    WageRange, WorkHours, WorkerProfile,
};
use vieclam_domain::UnitKey;
use vieclam_store::{Area, EmployerWrite, Page, StoreError, VacancyWrite, WorkerWrite};

use crate::harness::Harness;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, date("2026-01-01")).unwrap()
}

const PAGE: Page = Page {
    limit: 100,
    offset: 0,
};

/// A worker with every field filled.
pub fn full_worker(serial: u32) -> WorkerProfile {
    WorkerProfile {
        citizen_id: CitizenId::compose("001", Sex::Female, 1995, serial),
        full_name: PersonName::parse("Nguyễn Thị Thuỷ").unwrap(),
        birth_date: date("1995-04-12"),
        sex: Sex::Female,
        ethnicity: Some(EthnicGroup::parse("Tày").unwrap()),
        residence: unit("2025:10417"),
        phone: Some(PhoneNumber::parse("0912345678").unwrap()),
        email: Some(Email::parse("thuy@example.vn").unwrap()),
        general_education: Some(GeneralEducation::UpperSecondary),
        qualification: Qualification::College,
        qualification_field: Some("Kế toán".to_owned()),
        certificates: vec!["Chứng chỉ kế toán trưởng".to_owned()],
        occupations: vec![OccupationExperience {
            code: OccupationCode::parse("3313").unwrap(),
            years: 4,
        }],
        skills: vec!["MISA".to_owned(), "Excel".to_owned()],
        languages: vec![Language::English, Language::Japanese],
        it_skill: Some(ItSkill::Basic),
        wanted_occupation: Some(OccupationCode::parse("3313").unwrap()),
        wanted_wage: WageRange::new(Some(9_000_000), Some(12_000_000)).unwrap(),
        wanted_units: vec![unit("2025:01"), unit("2025:00004")],
        wanted_occupations: Vec::new(),
        broad_wishes: Default::default(),
        wanted_wage_period: Default::default(),
        abroad: None,
        disability: None,
        counsellor_note: None,
        max_commute_km: None,
        wanted_hours: Some(WorkHours::FullTime),
        employment_status: EmploymentStatus::Unemployed,
        priority_groups: BTreeSet::from([PriorityGroup::EthnicMinority, PriorityGroup::Graduate]),
        social_insurance: SocialInsurance::Voluntary,
        unemployment_insurance: false,
        health_insurance: true,
        consent_share_with_employers: true,
        consent_receive_messages: false,
    }
}

pub fn worker_without_id(name: &str) -> WorkerProfile {
    WorkerProfile {
        citizen_id: None,
        full_name: PersonName::parse(name).unwrap(),
        ..full_worker(0)
    }
}

fn write(profile: &WorkerProfile) -> WorkerWrite<'_> {
    WorkerWrite {
        profile,
        province_code: "01",
        registered_on: date("2026-03-02"),
        source: EventSource::UnitSurvey,
        actor: Some(7),
    }
}

fn event(day: &str, kind: EventKind) -> LabourEvent {
    LabourEvent {
        date: date(day),
        kind,
        source: EventSource::Exchange,
        status: None,
        unit: None,
        employer_id: None,
        occupation: None,
        country: None,
        detail: None,
        session_id: None,
        vacancy_id: None,
    }
}

pub async fn workers_round_trip_every_field(harness: &Harness) {
    let profile = full_worker(1);
    let created = harness
        .store
        .create_worker(write(&profile), now())
        .await
        .unwrap();
    assert_eq!(created.profile, profile);
    assert_eq!(created.province_code, "01");
    assert_eq!(created.state.status, EmploymentStatus::Unemployed);
    let read = harness.store.get_worker(created.id).await.unwrap().unwrap();
    assert_eq!(read, created);
    let by_id = harness
        .store
        .find_worker_by_citizen_id(profile.citizen_id.as_ref().unwrap().as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_id.id, created.id);
    let events = harness.store.list_events(created.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event.kind, EventKind::Registered);
    assert_eq!(events[0].event.status, Some(EmploymentStatus::Unemployed));
    assert_eq!(events[0].recorded_by, Some(7));

    let mut edited = profile.clone();
    edited.skills.push("Kế toán thuế".to_owned());
    let updated = harness
        .store
        .update_worker(created.id, write(&edited), now())
        .await
        .unwrap();
    assert_eq!(updated.profile, edited);
    harness.store.delete_worker(created.id).await.unwrap();
    assert_eq!(harness.store.get_worker(created.id).await.unwrap(), None);
    assert!(matches!(
        harness.store.delete_worker(created.id).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn a_citizen_id_is_one_worker(harness: &Harness) {
    let profile = full_worker(2);
    harness
        .store
        .create_worker(write(&profile), now())
        .await
        .unwrap();
    let again = harness.store.create_worker(write(&profile), now()).await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    assert_eq!(harness.store.count_workers(&Area::All).await.unwrap(), 1);
}

pub async fn likely_duplicates_are_flagged_not_merged(harness: &Harness) {
    let first = worker_without_id("Trần Văn Nam");
    let second = WorkerProfile {
        phone: Some(PhoneNumber::parse("0987654321").unwrap()),
        ..worker_without_id("TRẦN VĂN NAM")
    };
    let a = harness
        .store
        .create_worker(write(&first), now())
        .await
        .unwrap();
    let b = harness
        .store
        .create_worker(write(&second), now())
        .await
        .unwrap();
    assert_ne!(a.id, b.id, "never merged silently");
    let flags = harness
        .store
        .list_duplicate_flags(Some("01"), PAGE)
        .await
        .unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!((flags[0].worker_id, flags[0].other_worker_id), (b.id, a.id));
    assert_eq!(flags[0].status, "open");
    // Two people with citizen IDs are told apart by them: no flag.
    let with_id_1 = WorkerProfile {
        full_name: PersonName::parse("Lê Văn Hùng").unwrap(),
        ..full_worker(3)
    };
    let with_id_2 = WorkerProfile {
        full_name: PersonName::parse("Lê Văn Hùng").unwrap(),
        ..full_worker(4)
    };
    harness
        .store
        .create_worker(write(&with_id_1), now())
        .await
        .unwrap();
    harness
        .store
        .create_worker(write(&with_id_2), now())
        .await
        .unwrap();
    assert_eq!(
        harness
            .store
            .list_duplicate_flags(None, PAGE)
            .await
            .unwrap()
            .len(),
        1
    );
    // The dashboard's count: open flags about workers living in the area.
    let hoa_xa = Area::Units(vec![unit("2025:10417")]);
    let elsewhere = Area::Units(vec![unit("2025:00004")]);
    for (province, area, expected) in [
        (Some("01"), &hoa_xa, 1),
        (None, &Area::All, 1),
        (Some("01"), &elsewhere, 0),
        (Some("79"), &hoa_xa, 0),
        (Some("01"), &Area::Nothing, 0),
    ] {
        assert_eq!(
            harness
                .store
                .count_open_duplicate_flags(province, area)
                .await
                .unwrap(),
            expected,
            "{province:?} {area:?}"
        );
    }
    harness
        .store
        .resolve_duplicate_flag(flags[0].id, "distinct", 7, now())
        .await
        .unwrap();
    assert_eq!(
        harness
            .store
            .count_open_duplicate_flags(Some("01"), &hoa_xa)
            .await
            .unwrap(),
        0,
        "a resolved flag waits no more"
    );
    let resolved = harness
        .store
        .get_duplicate_flag(flags[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(resolved.status, "distinct");
}

pub async fn events_drive_the_state_and_history_is_kept(harness: &Harness) {
    let profile = full_worker(5);
    let worker = harness
        .store
        .create_worker(write(&profile), now())
        .await
        .unwrap();
    let store = &harness.store;
    let employed = LabourEvent {
        occupation: Some(OccupationCode::parse("3313").unwrap()),
        ..event("2026-04-01", EventKind::Employed)
    };
    store
        .add_event(worker.id, &employed, "01", Some(7), now())
        .await
        .unwrap();
    let abroad = LabourEvent {
        country: Some(Country::Japan),
        ..event("2026-06-01", EventKind::WentAbroad)
    };
    store
        .add_event(worker.id, &abroad, "01", Some(7), now())
        .await
        .unwrap();
    let state = store.get_worker(worker.id).await.unwrap().unwrap().state;
    assert_eq!(state.status, EmploymentStatus::Abroad);
    assert_eq!(state.abroad_in, Some(Country::Japan));

    // An event dated earlier than the last changes history, not the present.
    store
        .add_event(
            worker.id,
            &event("2026-05-01", EventKind::LostJob),
            "01",
            None,
            now(),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .get_worker(worker.id)
            .await
            .unwrap()
            .unwrap()
            .state
            .status,
        EmploymentStatus::Abroad
    );
    let moved = LabourEvent {
        unit: Some(unit("2025:00004")),
        ..event("2026-07-01", EventKind::Moved)
    };
    store
        .add_event(worker.id, &moved, "01", None, now())
        .await
        .unwrap();
    let events = store.list_events(worker.id).await.unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|record| record.event.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Registered,
            EventKind::Employed,
            EventKind::LostJob,
            EventKind::WentAbroad,
            EventKind::Moved
        ]
    );
    // The worker now lives in Ba Đình: listings by unit follow.
    let in_ba_dinh = store
        .list_workers(&Area::Units(vec![unit("2025:00004")]), PAGE)
        .await
        .unwrap();
    assert_eq!(in_ba_dinh.len(), 1);
    let in_hoa_xa = store
        .list_workers(&Area::Units(vec![unit("2025:10417")]), PAGE)
        .await
        .unwrap();
    assert!(in_hoa_xa.is_empty());
    assert!(matches!(
        store.add_event(999_999, &moved, "01", None, now()).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn listings_keep_to_their_area(harness: &Harness) {
    for serial in 10..13 {
        harness
            .store
            .create_worker(write(&full_worker(serial)), now())
            .await
            .unwrap();
    }
    let store = &harness.store;
    assert_eq!(store.count_workers(&Area::All).await.unwrap(), 3);
    assert_eq!(
        store
            .count_workers(&Area::Province("01".to_owned()))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .count_workers(&Area::Province("79".to_owned()))
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.count_workers(&Area::Nothing).await.unwrap(), 0);
    assert_eq!(store.count_workers(&Area::Units(vec![])).await.unwrap(), 0);
    let page = store
        .list_workers(
            &Area::Units(vec![unit("2025:10417")]),
            Page {
                limit: 2,
                offset: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
    // A scan by id pages through everything, in order, without offsets.
    let first = store.workers_after(0, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    assert!(first[0].id < first[1].id);
    let rest = store.workers_after(first[1].id, 2).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert!(rest[0].id > first[1].id);
    assert!(store.workers_after(rest[0].id, 2).await.unwrap().is_empty());
}

pub async fn worker_imports_are_idempotent_and_atomic(harness: &Harness) {
    let profiles: Vec<WorkerProfile> = (20..30).map(full_worker).collect();
    let writes: Vec<WorkerWrite<'_>> = profiles.iter().map(write).collect();
    let first = harness.store.import_workers(&writes, now()).await.unwrap();
    assert_eq!((first.inserted, first.updated, first.unchanged), (10, 0, 0));
    let again = harness.store.import_workers(&writes, now()).await.unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 10));

    let mut changed = profiles.clone();
    changed[3].skills.push("Kiểm toán".to_owned());
    let no_id = worker_without_id("Phạm Thị Lan");
    changed.push(no_id.clone());
    let writes: Vec<WorkerWrite<'_>> = changed.iter().map(write).collect();
    let third = harness.store.import_workers(&writes, now()).await.unwrap();
    assert_eq!((third.inserted, third.updated, third.unchanged), (1, 1, 9));
    let fourth = harness.store.import_workers(&writes, now()).await.unwrap();
    assert_eq!(
        (fourth.inserted, fourth.updated, fourth.unchanged),
        (0, 0, 11)
    );
    assert_eq!(harness.store.count_workers(&Area::All).await.unwrap(), 11);

    // A batch that fails part-way leaves nothing behind.
    let clash = [full_worker(40), full_worker(41), full_worker(40)];
    let writes: Vec<WorkerWrite<'_>> = clash.iter().map(write).collect();
    assert!(harness.store.import_workers(&writes, now()).await.is_err());
    assert_eq!(harness.store.count_workers(&Area::All).await.unwrap(), 11);
}

/// Issue 11, item 1: a commune's import took over another commune's
/// worker and employer by matching their keys. Inside the transaction, a
/// match outside the caller's area refuses the whole batch.
pub async fn imports_within_an_area_never_change_a_record_outside_it(harness: &Harness) {
    let store = &harness.store;
    let mut ba_dinh = full_worker(60);
    ba_dinh.residence = unit("2025:00004");
    store
        .import_workers(&[write(&ba_dinh)], now())
        .await
        .unwrap();
    let hoa_xa_area = Area::Units(vec![unit("2025:10417")]);
    let located = store
        .locate_workers(&[
            ba_dinh.citizen_id.as_ref().unwrap().as_str(),
            "001095999999",
        ])
        .await
        .unwrap();
    assert_eq!(located.len(), 1);
    let found = &located[ba_dinh.citizen_id.as_ref().unwrap().as_str()];
    assert_eq!(found.unit, "2025:00004");
    assert!(!hoa_xa_area.contains(&found.province_code, &found.unit));
    assert!(Area::Province("01".to_owned()).contains(&found.province_code, &found.unit));

    let mut taken = ba_dinh.clone();
    taken.residence = unit("2025:10417");
    let newcomer = full_worker(61);
    let writes = [write(&newcomer), write(&taken)];
    let refused = store
        .import_workers_within(&writes, &hoa_xa_area, now())
        .await;
    assert!(
        matches!(refused, Err(StoreError::OutsideArea)),
        "{refused:?}"
    );
    // Nothing moved, and the batch left nothing behind.
    let stored = store
        .find_worker_by_citizen_id(ba_dinh.citizen_id.as_ref().unwrap().as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.profile.residence, unit("2025:00004"));
    assert!(store
        .find_worker_by_citizen_id(newcomer.citizen_id.as_ref().unwrap().as_str())
        .await
        .unwrap()
        .is_none());
    // The unit that holds the record may still change it.
    let ba_dinh_area = Area::Units(vec![unit("2025:00004")]);
    let mut edited = ba_dinh.clone();
    edited.skills.push("Kế toán thuế".to_owned());
    let counts = store
        .import_workers_within(&[write(&edited)], &ba_dinh_area, now())
        .await
        .unwrap();
    assert_eq!(counts.updated, 1);

    let mut other = employer("010123461", "Công ty TNHH Ba Đình");
    other.address_unit = unit("2025:00004");
    store
        .import_employers(
            &[EmployerWrite {
                profile: &other,
                province_code: "01",
            }],
            now(),
        )
        .await
        .unwrap();
    let mut moved = other.clone();
    moved.address_unit = unit("2025:10417");
    let refused = store
        .import_employers_within(
            &[EmployerWrite {
                profile: &moved,
                province_code: "01",
            }],
            &hoa_xa_area,
            now(),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::OutsideArea)),
        "{refused:?}"
    );
    let located = store
        .locate_employers(&[other.tax_code.as_ref().unwrap().as_str()])
        .await
        .unwrap();
    assert_eq!(
        located[other.tax_code.as_ref().unwrap().as_str()].unit,
        "2025:00004"
    );
}

fn tax_code(nine: &str) -> TaxCode {
    let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
    let check = TaxCode::check_digit(&digits).unwrap();
    TaxCode::parse(&format!("{nine}{check}")).unwrap()
}

pub fn employer(nine: &str, name: &str) -> EmployerProfile {
    EmployerProfile {
        tax_code: Some(tax_code(nine)),
        name: name.to_owned(),
        kind: EmployerKind::Company,
        industry: Some(IndustryCode::parse("1410").unwrap()),
        size: Some(SizeBand::Medium),
        address_unit: unit("2025:10417"),
        address_line: Some("Thôn Hòa Xá".to_owned()),
        contact_name: Some(PersonName::parse("Đỗ Minh Quân").unwrap()),
        contact_phone: Some(PhoneNumber::parse("0243 8251 234").unwrap()),
        contact_email: Some(Email::parse("tuyendung@mayhoaxa.vn").unwrap()),
    }
}

pub fn vacancy(employer_id: i64, title: &str) -> VacancyPosting {
    VacancyPosting {
        employer_id,
        title: title.to_owned(),
        occupation: Some(OccupationCode::parse("7533").unwrap()),
        occupation_inferred: false,
        headcount: 30,
        qualification: Some(Qualification::None),
        experience_years: 0,
        skills: vec!["may công nghiệp".to_owned()],
        languages: vec![],
        wage: WageRange::new(Some(7_000_000), Some(10_000_000)).unwrap(),
        work_unit: unit("2025:10417"),
        hours: Some(WorkHours::Shifts),
        contract_type: Some(ContractType::FixedTerm),
        deadline: Some(date("2026-12-31")),
        status: VacancyStatus::Open,
        disability_friendly: true,
        abroad_country: None,
        description: Some("Làm việc tại xưởng may xã Hòa Xá".to_owned()),
    }
}

pub async fn employers_and_vacancies_round_trip(harness: &Harness) {
    let store = &harness.store;
    let profile = employer("010123456", "Công ty TNHH May Hòa Xá");
    let created = store
        .create_employer(
            EmployerWrite {
                profile: &profile,
                province_code: "01",
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(created.profile, profile);
    let duplicate = store
        .create_employer(
            EmployerWrite {
                profile: &profile,
                province_code: "01",
            },
            now(),
        )
        .await;
    assert!(matches!(duplicate, Err(StoreError::Conflict { .. })));
    let found = store
        .find_employer_by_tax_code(profile.tax_code.as_ref().unwrap().as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, created.id);

    let posting = vacancy(created.id, "Công nhân may công nghiệp");
    let stored = store
        .create_vacancy(
            VacancyWrite {
                posting: &posting,
                province_code: "01",
                opened_at: None,
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(stored.posting, posting);
    let mut closed = posting.clone();
    closed.status = VacancyStatus::Filled;
    let updated = store
        .update_vacancy(
            stored.id,
            VacancyWrite {
                posting: &closed,
                province_code: "01",
                opened_at: None,
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(updated.posting.status, VacancyStatus::Filled);
    let listed = store
        .list_vacancies(
            &Area::Province("01".to_owned()),
            Some(created.id),
            None,
            PAGE,
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let open = store
        .list_vacancies(&Area::All, None, Some(date("2026-01-01")), PAGE)
        .await
        .unwrap();
    assert!(open.is_empty(), "the filled vacancy is not open");
    // The scan by id sees every vacancy, open or not.
    let scanned = store.vacancies_after(0, 10).await.unwrap();
    assert_eq!(scanned.len(), 1);
    assert_eq!(scanned[0].id, stored.id);
    assert!(store
        .vacancies_after(stored.id, 10)
        .await
        .unwrap()
        .is_empty());
    // An employer with vacancies is not deleted.
    assert!(matches!(
        store.delete_employer(created.id).await,
        Err(StoreError::Conflict { .. })
    ));
    store.delete_vacancy(stored.id).await.unwrap();
    store.delete_employer(created.id).await.unwrap();
    // A vacancy of an unknown employer is refused.
    let orphan = vacancy(999_999, "Thợ may");
    assert!(store
        .create_vacancy(
            VacancyWrite {
                posting: &orphan,
                province_code: "01",
                opened_at: None,
            },
            now()
        )
        .await
        .is_err());
}

pub async fn employer_and_vacancy_imports_are_idempotent(harness: &Harness) {
    let store = &harness.store;
    let profiles = [
        employer("010123457", "Công ty Cổ phần Cơ khí Ứng Hòa"),
        employer("010123459", "Hợp tác xã Mây tre Phú Túc"),
    ];
    let writes: Vec<EmployerWrite<'_>> = profiles
        .iter()
        .map(|profile| EmployerWrite {
            profile,
            province_code: "01",
        })
        .collect();
    let first = store.import_employers(&writes, now()).await.unwrap();
    assert_eq!((first.inserted, first.unchanged), (2, 0));
    let again = store.import_employers(&writes, now()).await.unwrap();
    assert_eq!((again.inserted, again.unchanged), (0, 2));

    let employer_id = store
        .find_employer_by_tax_code(profiles[0].tax_code.as_ref().unwrap().as_str())
        .await
        .unwrap()
        .unwrap()
        .id;
    let postings = [
        vacancy(employer_id, "Thợ hàn"),
        vacancy(employer_id, "Thợ tiện"),
    ];
    let writes: Vec<VacancyWrite<'_>> = postings
        .iter()
        .map(|posting| VacancyWrite {
            posting,
            province_code: "01",
            opened_at: None,
        })
        .collect();
    assert_eq!(
        store
            .import_vacancies(&writes, now())
            .await
            .unwrap()
            .inserted,
        2
    );
    let again = store.import_vacancies(&writes, now()).await.unwrap();
    assert_eq!((again.inserted, again.unchanged), (0, 2));

    // A register of past vacancies keeps the day each was opened (a day
    // after the import's time is read as the import's time); a vacancy
    // already stored keeps its own.
    let opened = Utc.with_ymd_and_hms(2024, 2, 19, 2, 0, 0).unwrap();
    let past = [
        vacancy(employer_id, "Thợ may công nghiệp"),
        vacancy(employer_id, "Thợ mộc"),
    ];
    let later = now() + chrono::Duration::days(400);
    let writes = [
        VacancyWrite {
            posting: &past[0],
            province_code: "01",
            opened_at: Some(opened),
        },
        VacancyWrite {
            posting: &past[1],
            province_code: "01",
            opened_at: Some(later),
        },
        VacancyWrite {
            posting: &postings[0],
            province_code: "01",
            opened_at: Some(opened),
        },
    ];
    let counts = store.import_vacancies(&writes, now()).await.unwrap();
    assert_eq!((counts.inserted, counts.unchanged), (2, 1));
    let stored = store
        .vacancies_after(0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|record| (record.posting.title.clone(), record.created_at))
        .collect::<std::collections::HashMap<_, _>>();
    assert_eq!(stored["Thợ may công nghiệp"], opened);
    assert_eq!(stored["Thợ mộc"], now());
    assert_ne!(stored["Thợ hàn"], opened);
}

pub async fn accounts_link_to_their_records(harness: &Harness) {
    let store = &harness.store;
    let account = store
        .create_user(
            &vieclam_store::NewUser {
                username: vieclam_domain::Username::parse("nld.thuy").unwrap(),
                password_hash: "x".to_owned(),
                role: vieclam_domain::Role::Worker,
                scope: None,
                province_code: None,
                display_name: "Thủy".to_owned(),
            },
            now(),
        )
        .await
        .unwrap();
    let worker = store
        .create_worker(write(&full_worker(50)), now())
        .await
        .unwrap();
    store
        .link_account(account.id, Some(worker.id), None)
        .await
        .unwrap();
    assert_eq!(
        store.account_links(account.id).await.unwrap(),
        (Some(worker.id), None)
    );
    assert!(store
        .link_account(account.id, Some(999_999), None)
        .await
        .is_err());
    store.delete_worker(worker.id).await.unwrap();
    assert_eq!(store.account_links(account.id).await.unwrap(), (None, None));
}

pub async fn events_load_in_bulk_and_drive_the_state(harness: &Harness) {
    let store = &harness.store;
    let profiles: Vec<WorkerProfile> = (60..63).map(full_worker).collect();
    let writes: Vec<WorkerWrite<'_>> = profiles.iter().map(write).collect();
    store.import_workers(&writes, now()).await.unwrap();
    let employed = LabourEvent {
        occupation: Some(OccupationCode::parse("3313").unwrap()),
        ..event("2026-04-01", EventKind::Employed)
    };
    let lost = event("2026-08-01", EventKind::LostJob);
    let ids: Vec<String> = profiles
        .iter()
        .map(|p| p.citizen_id.as_ref().unwrap().to_string())
        .collect();
    let events = [
        vieclam_store::EventWrite {
            citizen_id: &ids[0],
            event: &employed,
            province_code: "01",
        },
        vieclam_store::EventWrite {
            citizen_id: &ids[1],
            event: &employed,
            province_code: "01",
        },
        vieclam_store::EventWrite {
            citizen_id: &ids[1],
            event: &lost,
            province_code: "01",
        },
    ];
    assert_eq!(store.import_events(&events, now()).await.unwrap(), 3);
    let first = store
        .find_worker_by_citizen_id(&ids[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.state.status, EmploymentStatus::Employed);
    let second = store
        .find_worker_by_citizen_id(&ids[1])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.state.status, EmploymentStatus::Unemployed);
    assert_eq!(store.list_events(second.id).await.unwrap().len(), 3);
    // An unknown worker fails the whole load.
    let unknown = [
        vieclam_store::EventWrite {
            citizen_id: &ids[2],
            event: &employed,
            province_code: "01",
        },
        vieclam_store::EventWrite {
            citizen_id: "001099999999",
            event: &employed,
            province_code: "01",
        },
    ];
    assert!(store.import_events(&unknown, now()).await.is_err());
    let third = store
        .find_worker_by_citizen_id(&ids[2])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.list_events(third.id).await.unwrap().len(),
        1,
        "nothing of the failed load stays"
    );
}

pub async fn records_read_by_ids_in_one_go(harness: &Harness) {
    let store = &harness.store;
    let mut workers = Vec::new();
    for serial in 11..14 {
        let profile = full_worker(serial);
        workers.push(store.create_worker(write(&profile), now()).await.unwrap());
    }
    let asked = [workers[2].id, 999_999, workers[0].id, workers[2].id];
    let read = store.get_workers(&asked).await.unwrap();
    let ids: Vec<i64> = read.iter().map(|worker| worker.id).collect();
    assert_eq!(
        ids,
        [workers[0].id, workers[2].id],
        "by id, missing left out"
    );
    assert_eq!(read[1], workers[2]);
    assert!(store.get_workers(&[]).await.unwrap().is_empty());
    // More ids than one query takes.
    let many: Vec<i64> = (1..=1_200).collect();
    assert_eq!(store.get_workers(&many).await.unwrap().len(), 3);

    let profile = employer("010123457", "Công ty TNHH Dệt Hòa Xá");
    let created = store
        .create_employer(
            EmployerWrite {
                profile: &profile,
                province_code: "01",
            },
            now(),
        )
        .await
        .unwrap();
    let read = store.get_employers(&[created.id, 424_242]).await.unwrap();
    assert_eq!(read, std::slice::from_ref(&created));
    let posting = vacancy(created.id, "Thợ dệt");
    let stored = store
        .create_vacancy(
            VacancyWrite {
                posting: &posting,
                province_code: "01",
                opened_at: None,
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(store.get_vacancies(&[stored.id]).await.unwrap(), [stored]);
}
