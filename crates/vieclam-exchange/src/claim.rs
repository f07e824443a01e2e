//! Unemployment-insurance claimants (người hưởng trợ cấp thất nghiệp): a
//! claim starts on a date and runs a number of months; each month the
//! claimant reports their job search (thông báo tìm kiếm việc làm hằng
//! tháng, glossary `ui_checkin`) on the appointed day. A report after its
//! day but within the grace period is late; none by the end of the grace
//! period is missing, which the exchange follows up (benefit is suspended
//! by the insurance agency, not here).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::coded::coded;
use crate::ExchangeError;

coded! {
    /// Where a claim stands.
    ClaimStatus, "Trạng thái hưởng trợ cấp", "claim status" {
        Active = "active", "Đang hưởng", "Active";
        /// Found a job: the claim ends early.
        Employed = "employed", "Đã có việc làm", "Employed";
        Ended = "ended", "Đã hết thời hạn hưởng", "Ended";
    }
}

coded! {
    /// Where one monthly check-in stands on a day.
    CheckinState, "Tình trạng thông báo", "check-in state" {
        /// Its day has not come.
        Upcoming = "upcoming", "Chưa đến hạn", "Upcoming";
        /// Due now (from its day to the end of the grace period), not yet made.
        Due = "due", "Đến hạn", "Due";
        OnTime = "on_time", "Đúng hạn", "On time";
        /// Made after its day, within the grace period.
        Late = "late", "Trễ hạn", "Late";
        /// Not made by the end of the grace period.
        Missing = "missing", "Không thông báo", "Missing";
    }
}

/// The longest benefit: 12 months (Law on Employment 2013, art. 50).
pub const MAX_CLAIM_MONTHS: u32 = 12;
/// Working days after the appointed day within which a report still counts.
pub const GRACE_WORKING_DAYS: u32 = 3;

/// Checks a claim's length: 3 to 12 months.
pub fn check_months(months: u32) -> Result<(), ExchangeError> {
    if (3..=MAX_CLAIM_MONTHS).contains(&months) {
        Ok(())
    } else {
        Err(ExchangeError::invalid(
            "months",
            "Thời gian hưởng trợ cấp thất nghiệp từ 3 đến 12 tháng",
            "Unemployment benefit lasts 3 to 12 months",
        ))
    }
}

/// The appointed day of each monthly check-in of a claim starting on
/// `start` and running `months` months: the same day of each following
/// month (the last day of a shorter month).
pub fn due_dates(start: NaiveDate, months: u32) -> Vec<NaiveDate> {
    (1..=months)
        .filter_map(|n| {
            let total = start.year() * 12 + start.month0() as i32 + n as i32;
            let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
            let last = last_day_of_month(year, month)?;
            NaiveDate::from_ymd_opt(year, month, start.day().min(last))
        })
        .collect()
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some(first_next.pred_opt()?.day())
}

/// The last day a check-in appointed on `due` still counts: `due` plus
/// [`GRACE_WORKING_DAYS`] working days (Monday to Friday).
pub fn grace_end(due: NaiveDate) -> NaiveDate {
    let mut day = due;
    let mut left = GRACE_WORKING_DAYS;
    while left > 0 {
        day += Duration::days(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// Where a check-in appointed on `due` stands on `today`, given the day it
/// was made, if it was. A report made before its day counts as on time.
pub fn checkin_state(due: NaiveDate, made_on: Option<NaiveDate>, today: NaiveDate) -> CheckinState {
    match made_on {
        Some(made) if made <= due => CheckinState::OnTime,
        Some(made) if made <= grace_end(due) => CheckinState::Late,
        Some(_) => CheckinState::Missing,
        None if today < due => CheckinState::Upcoming,
        None if today <= grace_end(due) => CheckinState::Due,
        None => CheckinState::Missing,
    }
}
