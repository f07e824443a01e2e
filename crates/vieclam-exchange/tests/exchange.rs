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
