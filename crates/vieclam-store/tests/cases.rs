//! The contract cases, written once against `dyn Store`.

use std::sync::OnceLock;

use chrono::{Duration, TimeZone, Utc};
use vieclam_domain::{
    AdminUnits, AuditAction, AuditOutcome, Role, UnitKey, UnitStructure, Username,
};
use vieclam_store::{AuditFilter, NewAuditEntry, NewUser, Page, StoreError};

use crate::harness::Harness;

fn units() -> &'static AdminUnits {
    static UNITS: OnceLock<AdminUnits> = OnceLock::new();
    UNITS.get_or_init(|| AdminUnits::embedded().unwrap())
}

fn at(hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, hour, 0, 0).unwrap()
}

fn new_user(name: &str, role: Role, scope: Option<&str>) -> NewUser {
    let scope = scope.map(|text| UnitKey::parse(text, at(0).date_naive()).unwrap());
    NewUser {
        username: Username::parse(name).unwrap(),
        password_hash: format!("hash-of-{name}"),
        role,
        province_code: scope
            .as_ref()
            .map(|key| units().get(key).unwrap().province_code.to_string()),
        scope,
        display_name: format!("Cán bộ {name}"),
    }
}

pub async fn migrations_run_and_the_database_answers(harness: &Harness) {
    harness.store.ping().await.unwrap();
    assert_eq!(harness.store.count_admin_units().await.unwrap(), (0, 0));
    assert_eq!(harness.store.count_users().await.unwrap(), 0);
}

pub async fn admin_units_load_once_and_survive_a_reload(harness: &Harness) {
    let first = harness.store.load_admin_units(units()).await.unwrap();
    assert!(first.changed);
    assert_eq!(first.n_crosswalk_links, 10_602);
    let n_legacy = units()
        .all()
        .iter()
        .filter(|unit| unit.structure == UnitStructure::Legacy)
        .count() as u64;
    let counts = harness.store.count_admin_units().await.unwrap();
    assert_eq!(counts, (n_legacy, units().len() as u64 - n_legacy));
    assert_eq!(counts.1, 34 + 3321);
    let second = harness.store.load_admin_units(units()).await.unwrap();
    assert!(!second.changed, "the same dataset is not loaded twice");
    assert_eq!(harness.store.count_admin_units().await.unwrap(), counts);
}

pub async fn accounts_are_unique_by_username(harness: &Harness) {
    let store = &harness.store;
    let created = store
        .create_user(
            &new_user("badinh", Role::UnitOfficer, Some("legacy:001")),
            at(1),
        )
        .await
        .unwrap();
    assert_eq!(created.username.as_str(), "badinh");
    assert_eq!(created.role, Role::UnitOfficer);
    assert_eq!(created.scope.as_ref().unwrap().to_string(), "legacy:001");
    assert!(created.active);
    assert_eq!(created.created_at, at(1));

    let duplicate = store
        .create_user(&new_user("BaDinh", Role::Worker, None), at(2))
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { .. })),
        "{duplicate:?}"
    );

    let credentials = store
        .find_user_credentials(&Username::parse("BADINH").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.password_hash, "hash-of-badinh");
    assert_eq!(credentials.account, created);
    assert!(store
        .find_user_credentials(&Username::parse("nobody").unwrap())
        .await
        .unwrap()
        .is_none());
    assert_eq!(store.get_user(created.id).await.unwrap(), Some(created));
    assert_eq!(store.get_user(999_999).await.unwrap(), None);
}

pub async fn accounts_list_in_pages(harness: &Harness) {
    for index in 0..5 {
        harness
            .store
            .create_user(
                &new_user(&format!("user{index}"), Role::Worker, None),
                at(1),
            )
            .await
            .unwrap();
    }
    assert_eq!(harness.store.count_users().await.unwrap(), 5);
    let page = harness
        .store
        .list_users(Page {
            limit: 2,
            offset: 2,
        })
        .await
        .unwrap();
    let names: Vec<&str> = page.iter().map(|user| user.username.as_str()).collect();
    assert_eq!(names, ["user2", "user3"]);
}

pub async fn sessions_expire_and_end(harness: &Harness) {
    let store = &harness.store;
    let user = store
        .create_user(
            &new_user("hanoi", Role::ProvinceOfficer, Some("2025:01")),
            at(1),
        )
        .await
        .unwrap();
    store
        .create_session("token-a", user.id, at(1), at(3))
        .await
        .unwrap();
    store
        .create_session("token-b", user.id, at(1), at(9))
        .await
        .unwrap();
    assert_eq!(
        store.find_session("token-a", at(2)).await.unwrap(),
        Some(user.clone())
    );
    assert_eq!(
        store.find_session("token-a", at(3)).await.unwrap(),
        None,
        "expired"
    );
    assert_eq!(store.find_session("token-x", at(2)).await.unwrap(), None);
    assert_eq!(store.delete_expired_sessions(at(4)).await.unwrap(), 1);
    store.delete_session("token-b").await.unwrap();
    assert_eq!(store.find_session("token-b", at(2)).await.unwrap(), None);
}

pub async fn a_new_password_ends_every_session(harness: &Harness) {
    let store = &harness.store;
    let user = store
        .create_user(&new_user("worker1", Role::Worker, None), at(1))
        .await
        .unwrap();
    store
        .create_session("token-a", user.id, at(1), at(9))
        .await
        .unwrap();
    store
        .set_password_hash(user.id, "new-hash", at(2))
        .await
        .unwrap();
    assert_eq!(store.find_session("token-a", at(2)).await.unwrap(), None);
    let credentials = store
        .find_user_credentials(&user.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.password_hash, "new-hash");
    assert!(matches!(
        store.set_password_hash(999_999, "x", at(2)).await,
        Err(StoreError::NotFound { .. })
    ));
}

fn audit_entry(actor: i64, outcome: AuditOutcome, unit: &str, hour: u32) -> NewAuditEntry {
    NewAuditEntry {
        at: at(hour) + Duration::milliseconds(250),
        actor_user_id: Some(actor),
        actor_role: Role::UnitOfficer,
        action: AuditAction::Read,
        subject_kind: "admin_unit".to_owned(),
        subject_id: unit.to_owned(),
        unit: Some(UnitKey::parse(unit, at(0).date_naive()).unwrap()),
        province_code: Some("01".to_owned()),
        outcome,
        reason: (outcome == AuditOutcome::Denied).then(|| "outside scope".to_owned()),
        request_id: Some(format!("request-{hour}")),
        records: Vec::new(),
    }
}

pub async fn audit_entries_round_trip_and_filter(harness: &Harness) {
    let store = &harness.store;
    let allowed = audit_entry(7, AuditOutcome::Allowed, "legacy:001", 1);
    let denied = audit_entry(7, AuditOutcome::Denied, "legacy:002", 2);
    let other = audit_entry(8, AuditOutcome::Allowed, "legacy:002", 3);
    let allowed_id = store.record_audit(&allowed).await.unwrap();
    let denied_id = store.record_audit(&denied).await.unwrap();
    store.record_audit(&other).await.unwrap();

    let by_actor = store
        .list_audit(&AuditFilter {
            actor_user_id: Some(7),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_actor.len(), 2);
    assert_eq!(by_actor[0].id, denied_id, "newest first");
    assert_eq!(by_actor[0].entry, denied);
    assert_eq!(by_actor[1].id, allowed_id);
    assert_eq!(by_actor[1].entry, allowed);

    let denials = store
        .list_audit(&AuditFilter {
            outcome: Some(AuditOutcome::Denied),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(denials.len(), 1);
    let about_002 = store
        .list_audit(&AuditFilter {
            subject_kind: Some("admin_unit".to_owned()),
            subject_id: Some("legacy:002".to_owned()),
            limit: 1,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(about_002.len(), 1);
    assert_eq!(about_002[0].entry, other);
    // A time range: from the second hour, before the third.
    let in_range = store
        .list_audit(&AuditFilter {
            since: Some(at(2)),
            before: Some(at(3)),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(in_range.len(), 1);
    assert_eq!(in_range[0].id, denied_id);
}

pub async fn audit_log_is_append_only(harness: &Harness) {
    harness
        .store
        .record_audit(&audit_entry(7, AuditOutcome::Allowed, "legacy:001", 1))
        .await
        .unwrap();
    assert!(harness
        .execute_raw("UPDATE audit_log SET outcome = 'denied'")
        .await
        .is_err());
    assert!(harness.execute_raw("DELETE FROM audit_log").await.is_err());
    let entries = harness
        .store
        .list_audit(&AuditFilter::default())
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entry.outcome, AuditOutcome::Allowed);
}

pub async fn failed_logins_are_counted(harness: &Harness) {
    let store = &harness.store;
    let failed = |hour| NewAuditEntry {
        at: at(hour),
        actor_user_id: None,
        actor_role: Role::Public,
        action: AuditAction::Login,
        subject_kind: vieclam_domain::audit::subject::USER_ACCOUNT.to_owned(),
        subject_id: "42".to_owned(),
        unit: None,
        province_code: None,
        outcome: AuditOutcome::Failed,
        reason: Some("wrong password".to_owned()),
        request_id: None,
        records: Vec::new(),
    };
    for hour in [1, 5, 6] {
        store.record_audit(&failed(hour)).await.unwrap();
    }
    assert_eq!(store.count_failed_logins(42, at(5)).await.unwrap(), 2);
    assert_eq!(store.count_failed_logins(43, at(0)).await.unwrap(), 0);
}
