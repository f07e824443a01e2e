//! The storage contract: the same cases run on SQLite and on PostgreSQL.
//!
//! PostgreSQL cases read the server URL from `VIECLAM_TEST_PG` and print a
//! notice and pass when it is unset. Each PostgreSQL case runs in a schema of
//! its own, dropped when the case passes.

mod cases;
mod exchange;
mod harness;
mod imports;
mod plans;
mod registers;
mod selfservice;

macro_rules! contract {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let harness = crate::harness::Harness::sqlite().await;
                    crate::$case(&harness).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(harness) = crate::harness::Harness::postgres().await else {
                        return;
                    };
                    crate::$case(&harness).await;
                    harness.clean_up().await;
                }
            )+
        }
    };
}

use cases::*;
use exchange::*;
use imports::*;
use plans::*;
use registers::*;
use selfservice::*;

contract!(
    migrations_run_and_the_database_answers,
    admin_units_load_once_and_survive_a_reload,
    accounts_are_unique_by_username,
    accounts_list_in_pages,
    sessions_expire_and_end,
    a_new_password_ends_every_session,
    audit_entries_round_trip_and_filter,
    audit_log_is_append_only,
    failed_logins_are_counted,
    workers_round_trip_every_field,
    a_citizen_id_is_one_worker,
    likely_duplicates_are_flagged_not_merged,
    events_drive_the_state_and_history_is_kept,
    listings_keep_to_their_area,
    worker_imports_are_idempotent_and_atomic,
    imports_within_an_area_never_change_a_record_outside_it,
    employers_and_vacancies_round_trip,
    records_read_by_ids_in_one_go,
    employer_and_vacancy_imports_are_idempotent,
    accounts_link_to_their_records,
    events_load_in_bulk_and_drive_the_state,
    plans_round_trip_with_targets_and_tasks,
    figures_keep_history_and_approval_locks_them,
    events_scan_by_worker_range,
    venues_round_trip_and_keep_to_their_area,
    sessions_move_by_the_machine_and_keep_their_capacity,
    sessions_list_and_count_by_kind_unit_and_month,
    two_hundred_workers_race_for_fifty_seats,
    twenty_employers_race_for_eight_booths,
    cancellation_promotes_the_first_in_line,
    registration_follows_the_session_status,
    interview_slots_never_overlap,
    a_hire_needs_an_attended_interview_and_records_employment,
    applications_move_by_the_machine,
    invitations_are_sent_once_and_answered_once,
    counselling_is_counted_by_unit_and_month,
    claims_take_one_checkin_per_appointment,
    a_signup_writes_the_account_its_record_and_the_link_together,
    a_failed_signup_leaves_nothing_behind,
    deletion_requests_are_one_open_per_account_and_decided_once,
    import_attempts_keep_their_file_until_resolved,
);

#[tokio::test]
async fn urls_choose_the_backend_or_are_refused() {
    use vieclam_store::{Backend, StoreError};
    assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
    assert_eq!(
        Backend::from_url("postgres://h/db").unwrap(),
        Backend::Postgres
    );
    assert_eq!(
        Backend::from_url("postgresql://h/db").unwrap(),
        Backend::Postgres
    );
    for bad in ["mysql://h/db", "vieclam.db", "", "http://example"] {
        assert!(
            matches!(
                vieclam_store::connect(bad).await,
                Err(StoreError::BadUrl { .. })
            ),
            "{bad:?} must be refused"
        );
    }
    // A malformed PostgreSQL URL is a bad URL, not a crash.
    assert!(matches!(
        vieclam_store::connect("postgres://user@host:notaport/db").await,
        Err(StoreError::BadUrl { .. })
    ));
}

#[tokio::test]
async fn sqlite_file_in_a_missing_folder_is_a_connect_error() {
    let result = vieclam_store::connect("sqlite:///nonexistent-folder-vieclam/x/y.db").await;
    assert!(matches!(result, Err(vieclam_store::StoreError::Connect(_))));
}
