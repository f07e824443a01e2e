//! Contract cases of plans: documents, figures with history and locks,
//! reports, task progress, and the event scan the statistics cube uses.

use chrono::{NaiveDate, TimeZone, Utc};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_plans::reporting::{ReportState, RuleFlag};
use vieclam_plans::Period;
use vieclam_store::{ReportWrite, StoreError, TaskStatus, TaskUpdate, ValueWrite};

use crate::harness::Harness;

fn at(day: u32, month: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, month, day, 3, 0, 0).unwrap()
}

fn unit(text: &str) -> UnitKey {
    UnitKey::parse(text, NaiveDate::MAX).unwrap()
}

fn value<'a>(unit: &'a UnitKey, period: &str, figure: f64) -> ValueWrite<'a> {
    ValueWrite {
        indicator: "sessions_total",
        unit,
        province_code: "01",
        period: Period::parse(period).unwrap(),
        value: figure,
        agency: Some("Trung tâm DVVL Hà Nội"),
        comment: Some("số liệu tháng"),
        actor: Some(7),
    }
}

pub async fn plans_round_trip_with_targets_and_tasks(harness: &Harness) {
    let store = &harness.store;
    let units = AdminUnits::embedded().unwrap();
    let plans = vieclam_plans::fixtures(&units).unwrap();
    for plan in &plans {
        store.save_plan(plan, "01", at(1, 2)).await.unwrap();
    }
    // Saving again replaces, never duplicates.
    store.save_plan(&plans[0], "01", at(2, 2)).await.unwrap();
    let stored = store.list_plans().await.unwrap();
    assert_eq!(stored.len(), plans.len());
    for plan in &plans {
        assert_eq!(&store.get_plan(&plan.id).await.unwrap().unwrap(), plan);
    }
    assert!(store.get_plan("no-such-plan").await.unwrap().is_none());
    let update = TaskUpdate {
        plan: "hoa-xa-2030".to_owned(),
        group_no: "I".to_owned(),
        task_no: 1,
        status: TaskStatus::InProgress,
        note: Some("Đã rà soát 120 hồ sơ".to_owned()),
        updated_by: Some(3),
        updated_at: at(5, 6),
    };
    store.update_task(&update).await.unwrap();
    store
        .update_task(&TaskUpdate {
            status: TaskStatus::Done,
            updated_at: at(6, 6),
            ..update.clone()
        })
        .await
        .unwrap();
    let log = store.task_updates("hoa-xa-2030").await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0], update);
    assert_eq!(log[1].status, TaskStatus::Done);
    assert!(matches!(
        store
            .update_task(&TaskUpdate {
                plan: "no-such-plan".to_owned(),
                ..update
            })
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn figures_keep_history_and_approval_locks_them(harness: &Harness) {
    let store = &harness.store;
    let units = AdminUnits::embedded().unwrap();
    let plan = vieclam_plans::fixtures(&units)
        .unwrap()
        .into_iter()
        .find(|plan| plan.id == "hanoi-2021")
        .unwrap();
    store.save_plan(&plan, "01", at(1, 2)).await.unwrap();
    let ba_dinh = unit("legacy:001");
    let hoan_kiem = unit("legacy:002");
    store
        .record_values(
            &[
                value(&ba_dinh, "2021-01", 4.0),
                value(&hoan_kiem, "2021-01", 2.0),
            ],
            at(10, 2),
        )
        .await
        .unwrap();
    store
        .record_values(&[value(&ba_dinh, "2021-01", 5.0)], at(12, 2))
        .await
        .unwrap();
    let current = store
        .current_values(&["sessions_total".to_owned()], Some("01"))
        .await
        .unwrap();
    assert_eq!(current.len(), 2);
    let figure = current.iter().find(|v| v.unit == ba_dinh).unwrap();
    assert_eq!(figure.value, 5.0);
    assert_eq!(figure.entered_by, Some(7));
    assert_eq!(figure.comment.as_deref(), Some("số liệu tháng"));
    let history = store
        .value_history(
            "sessions_total",
            &ba_dinh,
            Period::parse("2021-01").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].0.value, 5.0);
    assert_eq!(history[0].1, None);
    assert_eq!(history[1].0.value, 4.0);
    assert_eq!(history[1].1, Some(at(12, 2)));
    // A quarter over months already entered would count them twice.
    assert!(matches!(
        store
            .record_values(&[value(&ba_dinh, "2021-Q1", 12.0)], at(12, 2))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    // Submit, flag, approve: the month is locked, with the reason.
    let flags = [RuleFlag {
        rule: "loan_jobs_within_new_jobs".to_owned(),
        message_vi: "vượt".to_owned(),
        message_en: "exceeds".to_owned(),
    }];
    let report = ReportWrite {
        plan: "hanoi-2021",
        unit: &ba_dinh,
        province_code: "01",
        agency: None,
        period: Period::parse("2021-01").unwrap(),
        comment: Some("Báo cáo tháng 1"),
        flags: &flags,
        actor: Some(7),
    };
    let submitted = store.submit_report(&report, at(18, 2)).await.unwrap();
    assert_eq!(submitted.state, ReportState::Submitted);
    assert_eq!(submitted.flags, flags);
    assert!(matches!(
        store.submit_report(&report, at(19, 2)).await,
        Err(StoreError::Conflict { .. })
    ));
    let approved = store
        .decide_report(
            submitted.id,
            ReportState::Approved,
            Some(1),
            "Đã duyệt số liệu tháng 1/2021",
            at(22, 2),
        )
        .await
        .unwrap();
    assert_eq!(approved.state, ReportState::Approved);
    assert_eq!(
        approved.decision_reason.as_deref(),
        Some("Đã duyệt số liệu tháng 1/2021")
    );
    let lock = store
        .lock_on(&ba_dinh, Period::parse("2021").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lock.id, submitted.id);
    match store
        .record_values(
            &[
                value(&hoan_kiem, "2021-02", 1.0),
                value(&ba_dinh, "2021-01", 6.0),
            ],
            at(23, 2),
        )
        .await
    {
        Err(StoreError::Locked {
            reason, report_id, ..
        }) => {
            assert_eq!(reason, "Đã duyệt số liệu tháng 1/2021");
            assert_eq!(report_id, submitted.id);
        }
        other => panic!("expected a lock, got {other:?}"),
    }
    // Nothing of the refused batch was written.
    let current = store.current_values(&[], None).await.unwrap();
    assert_eq!(current.len(), 2);
    assert!(current
        .iter()
        .all(|v| v.period == Period::parse("2021-01").unwrap()));
    // Returned: unlocked, and it may be submitted again.
    store
        .decide_report(
            submitted.id,
            ReportState::Returned,
            Some(1),
            "Sai số phiên",
            at(24, 2),
        )
        .await
        .unwrap();
    assert!(store
        .lock_on(&ba_dinh, Period::parse("2021-01").unwrap())
        .await
        .unwrap()
        .is_none());
    store
        .record_values(&[value(&ba_dinh, "2021-01", 6.0)], at(24, 2))
        .await
        .unwrap();
    let again = store.submit_report(&report, at(25, 2)).await.unwrap();
    assert_eq!(again.id, submitted.id);
    assert_eq!(
        again.submitted_at,
        at(18, 2),
        "the first submission counts for timeliness"
    );
    assert_eq!(store.list_reports("hanoi-2021").await.unwrap().len(), 1);
    // Filtered: by unit, by state, both; another unit's or state's none.
    for (unit, state, expected) in [
        (Some(&ba_dinh), None, 1),
        (None, Some(ReportState::Submitted), 1),
        (Some(&ba_dinh), Some(ReportState::Submitted), 1),
        (Some(&hoan_kiem), None, 0),
        (None, Some(ReportState::Approved), 0),
    ] {
        assert_eq!(
            store
                .list_reports_where("hanoi-2021", unit, state)
                .await
                .unwrap()
                .len(),
            expected,
            "{unit:?} {state:?}"
        );
    }
    assert!(matches!(
        store
            .decide_report(999_999, ReportState::Approved, None, "x", at(25, 2))
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn events_scan_by_worker_range(harness: &Harness) {
    use vieclam_domain::registry::{EventKind, EventSource, LabourEvent};
    let store = &harness.store;
    let mut ids = Vec::new();
    for serial in 0..3 {
        let profile = crate::registers::full_worker(serial + 40);
        let record = store
            .create_worker(
                vieclam_store::WorkerWrite {
                    profile: &profile,
                    province_code: "01",
                    registered_on: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
                    source: EventSource::UnitSurvey,
                    actor: None,
                },
                at(1, 3),
            )
            .await
            .unwrap();
        ids.push(record.id);
    }
    let event = LabourEvent {
        date: NaiveDate::from_ymd_opt(2025, 2, 1).unwrap(),
        kind: EventKind::Employed,
        source: EventSource::Employer,
        status: None,
        unit: None,
        employer_id: None,
        occupation: None,
        country: None,
        detail: None,
        session_id: None,
        vacancy_id: None,
    };
    store
        .add_event(ids[1], &event, "01", None, at(2, 3))
        .await
        .unwrap();
    let scanned = store.events_of_workers(ids[0], ids[1]).await.unwrap();
    // Two registered events and the new one; none of the third worker.
    assert_eq!(scanned.len(), 3);
    assert!(scanned.windows(2).all(|w| w[0].worker_id <= w[1].worker_id));
    assert_eq!(scanned.last().unwrap().event.kind, EventKind::Employed);
}
