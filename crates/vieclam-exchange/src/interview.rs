//! Interviews: slots per booth (or per application), on site or online,
//! attendance, and the outcomes a session records (interviewed,
//! shortlisted — sơ tuyển —, hired — trúng tuyển).

use chrono::NaiveDateTime;

use crate::coded::coded;
use crate::ExchangeError;

coded! {
    /// Where the interview takes place.
    InterviewMode, "Hình thức phỏng vấn", "interview mode" {
        OnSite = "on_site", "Trực tiếp tại gian tuyển dụng", "On site";
        /// Online, with a meeting link.
        Online = "online", "Trực tuyến", "Online";
    }
}

coded! {
    /// Whether the worker came.
    Attendance, "Tham dự phỏng vấn", "attendance" {
        Scheduled = "scheduled", "Đã hẹn", "Scheduled";
        Attended = "attended", "Đã phỏng vấn", "Attended";
        NoShow = "no_show", "Vắng mặt", "No-show";
        Cancelled = "cancelled", "Đã hủy", "Cancelled";
    }
}

coded! {
    /// What came of a worker at a session, for a vacancy.
    Outcome, "Kết quả", "outcome" {
        Interviewed = "interviewed", "Đã phỏng vấn", "Interviewed";
        /// Sơ tuyển.
        Shortlisted = "shortlisted", "Sơ tuyển", "Shortlisted";
        /// Trúng tuyển.
        Hired = "hired", "Trúng tuyển", "Hired";
        Rejected = "rejected", "Không trúng tuyển", "Rejected";
    }
}

/// The longest interview: a working day.
pub const MAX_SLOT_MINUTES: i64 = 8 * 60;

/// Checks one slot on its own: it ends after it starts, within a day; an
/// online slot has a meeting link (http or https), an on-site one none.
pub fn check_slot(
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    mode: InterviewMode,
    link: Option<&str>,
) -> Result<(), ExchangeError> {
    if ends <= starts {
        return Err(ExchangeError::invalid(
            "ends",
            "Giờ kết thúc phỏng vấn phải sau giờ bắt đầu",
            "An interview must end after it starts",
        ));
    }
    if (ends - starts).num_minutes() > MAX_SLOT_MINUTES {
        return Err(ExchangeError::invalid(
            "ends",
            "Một lượt phỏng vấn không quá 8 giờ",
            "An interview lasts at most 8 hours",
        ));
    }
    match (mode, link) {
        (InterviewMode::Online, Some(link))
            if (link.starts_with("https://") || link.starts_with("http://"))
                && link.len() <= 500
                && !link.chars().any(|c| c.is_whitespace() || c.is_control()) => {}
        (InterviewMode::Online, _) => {
            return Err(ExchangeError::invalid(
                "link",
                "Phỏng vấn trực tuyến cần đường dẫn phòng họp (https://…)",
                "An online interview needs a meeting link (https://…)",
            ))
        }
        (InterviewMode::OnSite, Some(_)) => {
            return Err(ExchangeError::invalid(
                "link",
                "Phỏng vấn trực tiếp không có đường dẫn",
                "An on-site interview has no link",
            ))
        }
        (InterviewMode::OnSite, None) => {}
    }
    Ok(())
}

/// Whether two half-open intervals [a0, a1) and [b0, b1) overlap: a slot
/// ending at 9:00 and one starting at 9:00 do not.
pub fn overlaps(a: (NaiveDateTime, NaiveDateTime), b: (NaiveDateTime, NaiveDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}
