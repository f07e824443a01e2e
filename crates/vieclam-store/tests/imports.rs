//! Contract cases of the import attempts: an upload kept with its file
//! until it is resolved, the waiting ones listed, a later success
//! superseding the earlier attempts of the same unit only, and the files
//! dropped after 30 days.

use chrono::{Duration, TimeZone, Utc};
use vieclam_store::{
    ImportAttemptFilter, ImportAttemptStatus, ImportAttemptUpdate, ImportAttemptWrite, StoreError,
};

use crate::harness::Harness;

fn upload<'a>(unit: Option<&'a str>, file: &'a [u8]) -> ImportAttemptWrite<'a> {
    ImportAttemptWrite {
        kind: "workers",
        unit,
        province_code: unit.map(|_| "01"),
        user_id: None,
        file_name: "nguoi-lao-dong.csv",
        file_format: "csv",
        file,
        status: ImportAttemptStatus::Running,
    }
}

fn refused(report: &str) -> ImportAttemptUpdate<'_> {
    ImportAttemptUpdate {
        status: ImportAttemptStatus::Refused,
        n_rows: 3,
        n_bad_rows: 1,
        report,
    }
}

pub async fn import_attempts_keep_their_file_until_resolved(harness: &Harness) {
    let store = &harness.store;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let hoa_xa = Some("2025:10417");
    let ba_dinh = Some("2025:00004");
    let first = store
        .create_import_attempt(&upload(hoa_xa, b"a,b\n1,2\n"), now)
        .await
        .unwrap();
    store
        .update_import_attempt(first, &refused(r#"{"problems":[]}"#), now)
        .await
        .unwrap();
    let other_unit = store
        .create_import_attempt(&upload(ba_dinh, b"x"), now)
        .await
        .unwrap();
    store
        .update_import_attempt(other_unit, &refused("{}"), now)
        .await
        .unwrap();
    let stored = store.get_import_attempt(first).await.unwrap().unwrap();
    assert_eq!(stored.status, ImportAttemptStatus::Refused);
    assert_eq!(
        (stored.n_rows, stored.n_bad_rows, stored.file_size),
        (3, 1, 8)
    );
    assert!(stored.has_file);
    assert_eq!(stored.unit.as_deref(), hoa_xa);
    assert_eq!(stored.report, r#"{"problems":[]}"#);
    assert_eq!(
        store.import_attempt_file(first).await.unwrap().as_deref(),
        Some(&b"a,b\n1,2\n"[..])
    );
    let waiting = ImportAttemptFilter {
        province_code: Some("01".to_owned()),
        statuses: vec![ImportAttemptStatus::ToConfirm, ImportAttemptStatus::Refused],
        limit: 10,
        ..ImportAttemptFilter::default()
    };
    let listed = store.list_import_attempts(&waiting).await.unwrap();
    assert_eq!(
        listed.iter().map(|a| a.id).collect::<Vec<_>>(),
        [other_unit, first]
    );

    // A later success of Hòa Xá supersedes Hòa Xá's attempt, not Ba Đình's.
    let second = store
        .create_import_attempt(&upload(hoa_xa, b"a,b\n1,3\n"), now)
        .await
        .unwrap();
    let imported = ImportAttemptUpdate {
        status: ImportAttemptStatus::Imported,
        n_rows: 3,
        n_bad_rows: 0,
        report: "{}",
    };
    store
        .update_import_attempt(second, &imported, now)
        .await
        .unwrap();
    assert_eq!(
        store
            .supersede_import_attempts("workers", hoa_xa, second, now)
            .await
            .unwrap(),
        1
    );
    let first_now = store.get_import_attempt(first).await.unwrap().unwrap();
    assert_eq!(first_now.status, ImportAttemptStatus::Superseded);
    assert!(!first_now.has_file);
    assert!(
        !store
            .get_import_attempt(second)
            .await
            .unwrap()
            .unwrap()
            .has_file
    );
    let listed = store.list_import_attempts(&waiting).await.unwrap();
    assert_eq!(
        listed.iter().map(|a| a.id).collect::<Vec<_>>(),
        [other_unit]
    );

    // Thirty days on, every file is dropped; the attempt stays.
    let later = now + Duration::days(31);
    assert_eq!(
        store
            .purge_import_files(later - Duration::days(30), later)
            .await
            .unwrap(),
        1
    );
    let old = store.get_import_attempt(other_unit).await.unwrap().unwrap();
    assert!(!old.has_file);
    assert_eq!(old.status, ImportAttemptStatus::Refused);
    assert_eq!(store.import_attempt_file(other_unit).await.unwrap(), None);

    assert!(matches!(
        store
            .update_import_attempt(9_999, &refused("{}"), now)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}
