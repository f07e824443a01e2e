//! Contract cases of a person's self-service: the sign-up that writes an
//! account, its record and the link in one transaction (or nothing), and
//! the deletion requests with their one decision.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use vieclam_domain::privacy::{DeletionDecision, DeletionStatus};
use vieclam_domain::registry::{EventKind, EventSource};
use vieclam_domain::{Role, UnitKey, Username};
use vieclam_store::{
    Area, DeletionRequestWrite, EmployerWrite, NewUser, Page, StoreError, WorkerWrite,
};

use crate::harness::Harness;
use crate::registers::{employer, full_worker};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
}

const PAGE: Page = Page {
    limit: 100,
    offset: 0,
};

fn new_account(name: &str, role: Role) -> NewUser {
    NewUser {
        username: Username::parse(name).unwrap(),
        password_hash: format!("hash-of-{name}"),
        role,
        scope: None,
        province_code: None,
        display_name: name.to_owned(),
    }
}

fn self_declared(profile: &vieclam_domain::registry::WorkerProfile) -> WorkerWrite<'_> {
    WorkerWrite {
        profile,
        province_code: "01",
        registered_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        source: EventSource::SelfDeclared,
        actor: None,
    }
}

pub async fn a_signup_writes_the_account_its_record_and_the_link_together(harness: &Harness) {
    let store = &harness.store;
    let profile = full_worker(301);
    let (account, worker) = store
        .signup_worker(
            &new_account("0912000301", Role::Worker),
            self_declared(&profile),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(account.role, Role::Worker);
    assert_eq!(worker.profile, profile);
    assert_eq!(
        store.account_links(account.id).await.unwrap(),
        (Some(worker.id), None)
    );
    // The registered event is the person's own, recorded by the new account.
    let events = store.list_events(worker.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event.kind, EventKind::Registered);
    assert_eq!(events[0].event.source, EventSource::SelfDeclared);
    assert_eq!(events[0].recorded_by, Some(account.id));

    let company = employer("010123456", "Công ty TNHH May Hòa Xá");
    let (employer_account, record) = store
        .signup_employer(
            &new_account("tuyendung@mayhoaxa.vn", Role::Employer),
            EmployerWrite {
                profile: &company,
                province_code: "01",
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(record.profile, company);
    assert_eq!(
        store.account_links(employer_account.id).await.unwrap(),
        (None, Some(record.id))
    );
}

pub async fn a_failed_signup_leaves_nothing_behind(harness: &Harness) {
    let store = &harness.store;
    let on_file = full_worker(302);
    store
        .create_worker(self_declared(&on_file), now())
        .await
        .unwrap();
    let company = employer("010765432", "Hợp tác xã Nông nghiệp Hòa Xá");
    store
        .create_employer(
            EmployerWrite {
                profile: &company,
                province_code: "01",
            },
            now(),
        )
        .await
        .unwrap();
    store
        .create_user(&new_account("0912000999", Role::Worker), now())
        .await
        .unwrap();
    let (n_users, n_workers) = (
        store.count_users().await.unwrap(),
        store.count_workers(&Area::All).await.unwrap(),
    );

    // A citizen ID on file: the account written first is rolled back.
    let taken_id = store
        .signup_worker(
            &new_account("0912000302", Role::Worker),
            self_declared(&on_file),
            now(),
        )
        .await;
    assert!(
        matches!(taken_id, Err(StoreError::Conflict { .. })),
        "{taken_id:?}"
    );
    // A username taken: the worker is never written.
    let fresh = full_worker(303);
    let taken_name = store
        .signup_worker(
            &new_account("0912000999", Role::Worker),
            self_declared(&fresh),
            now(),
        )
        .await;
    assert!(
        matches!(taken_name, Err(StoreError::Conflict { .. })),
        "{taken_name:?}"
    );
    // A tax code on file.
    let taken_code = store
        .signup_employer(
            &new_account("hotro@htxhoaxa.vn", Role::Employer),
            EmployerWrite {
                profile: &company,
                province_code: "01",
            },
            now(),
        )
        .await;
    assert!(
        matches!(taken_code, Err(StoreError::Conflict { .. })),
        "{taken_code:?}"
    );

    assert_eq!(store.count_users().await.unwrap(), n_users);
    assert_eq!(store.count_workers(&Area::All).await.unwrap(), n_workers);
    for name in ["0912000302", "hotro@htxhoaxa.vn"] {
        let username = Username::parse(name).unwrap();
        assert!(store
            .find_user_credentials(&username)
            .await
            .unwrap()
            .is_none());
    }
    let fresh_id = fresh.citizen_id.as_ref().unwrap().as_str();
    assert!(store
        .find_worker_by_citizen_id(fresh_id)
        .await
        .unwrap()
        .is_none());
}

pub async fn deletion_requests_are_one_open_per_account_and_decided_once(harness: &Harness) {
    let store = &harness.store;
    let hoa_xa = unit("2025:10417");
    let mut signed_up = Vec::new();
    for serial in [311, 312] {
        let profile = full_worker(serial);
        let (account, worker) = store
            .signup_worker(
                &new_account(&format!("0912000{serial}"), Role::Worker),
                self_declared(&profile),
                now(),
            )
            .await
            .unwrap();
        signed_up.push((account, worker));
    }
    let (refused_account, refused_worker) = &signed_up[0];
    let (erased_account, erased_worker) = &signed_up[1];
    let request = |account: i64, worker: i64| DeletionRequestWrite {
        user_id: account,
        worker_id: Some(worker),
        unit: &hoa_xa,
        province_code: "01",
        reason: Some("Tôi đã chuyển vào Thành phố Hồ Chí Minh"),
    };

    let (first, created) = store
        .request_deletion(&request(refused_account.id, refused_worker.id), now())
        .await
        .unwrap();
    assert!(created);
    assert_eq!(first.status, DeletionStatus::Open);
    assert_eq!(first.unit, hoa_xa);
    assert_eq!(first.created_at, now());
    let later = now() + Duration::hours(1);
    let (again, created) = store
        .request_deletion(&request(refused_account.id, refused_worker.id), later)
        .await
        .unwrap();
    assert!(!created, "a second request answers the open one");
    assert_eq!(again, first);

    // Listed by where the record is kept.
    let listed = |area: Area| async move {
        store
            .list_deletion_requests(&area, Some(DeletionStatus::Open), PAGE)
            .await
            .unwrap()
            .iter()
            .map(|request| request.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(Area::Province("01".to_owned())).await, [first.id]);
    assert_eq!(listed(Area::Units(vec![hoa_xa.clone()])).await, [first.id]);
    assert!(listed(Area::Province("79".to_owned())).await.is_empty());
    assert!(listed(Area::Units(vec![unit("2025:00004")]))
        .await
        .is_empty());

    // A refusal keeps the record and the account, with its reason; a
    // request is decided once.
    let refused = store
        .decide_deletion_request(
            first.id,
            DeletionDecision::Refuse,
            Some("Hồ sơ đang hưởng trợ cấp thất nghiệp"),
            99,
            later,
        )
        .await;
    // The decider must be an account: 99 is none.
    assert!(refused.is_err(), "{refused:?}");
    let officer = store
        .create_user(&new_account("xa.hoaxa", Role::UnitOfficer), now())
        .await
        .unwrap();
    let refused = store
        .decide_deletion_request(
            first.id,
            DeletionDecision::Refuse,
            Some("Hồ sơ đang hưởng trợ cấp thất nghiệp"),
            officer.id,
            later,
        )
        .await
        .unwrap();
    assert_eq!(refused.status, DeletionStatus::Refused);
    assert_eq!(refused.decided_by, Some(officer.id));
    assert_eq!(refused.decided_at, Some(later));
    assert_eq!(
        refused.decision_reason.as_deref(),
        Some("Hồ sơ đang hưởng trợ cấp thất nghiệp")
    );
    let twice = store
        .decide_deletion_request(first.id, DeletionDecision::Erase, None, officer.id, later)
        .await;
    assert!(
        matches!(twice, Err(StoreError::Conflict { .. })),
        "{twice:?}"
    );
    assert!(store.get_worker(refused_worker.id).await.unwrap().is_some());
    assert!(
        store
            .get_user(refused_account.id)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    // Once decided, a new request may be made.
    let (second, created) = store
        .request_deletion(&request(refused_account.id, refused_worker.id), later)
        .await
        .unwrap();
    assert!(created);
    assert_ne!(second.id, first.id);
    let history = store
        .deletion_requests_of(refused_account.id)
        .await
        .unwrap();
    assert_eq!(
        history.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second.id, first.id]
    );

    // An erasure deletes the record and closes the account and its
    // sessions, in one go.
    let (to_erase, _) = store
        .request_deletion(&request(erased_account.id, erased_worker.id), now())
        .await
        .unwrap();
    store
        .create_session(
            "digest",
            erased_account.id,
            now(),
            now() + Duration::days(1),
        )
        .await
        .unwrap();
    let erased = store
        .decide_deletion_request(
            to_erase.id,
            DeletionDecision::Erase,
            None,
            officer.id,
            later,
        )
        .await
        .unwrap();
    assert_eq!(erased.status, DeletionStatus::Erased);
    assert_eq!(erased.worker_id, Some(erased_worker.id));
    assert!(store.get_worker(erased_worker.id).await.unwrap().is_none());
    assert!(store
        .list_events(erased_worker.id)
        .await
        .unwrap()
        .is_empty());
    assert!(
        !store
            .get_user(erased_account.id)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    assert!(store.find_session("digest", now()).await.unwrap().is_none());
    assert_eq!(
        store.account_links(erased_account.id).await.unwrap(),
        (None, None)
    );
    assert_eq!(
        store.get_deletion_request(to_erase.id).await.unwrap(),
        Some(erased)
    );
    assert!(store
        .decide_deletion_request(999_999, DeletionDecision::Refuse, None, officer.id, later)
        .await
        .is_err());
}
