//! Job-fair sessions (phiên giao dịch việc làm): their kinds and themes,
//! what a well-formed session is, and the status machine
//! planned → open → running → closed → reported (or cancelled before it
//! runs).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use vieclam_domain::UnitKey;

use crate::coded::coded;
use crate::venue::{check_capacity, check_text};
use crate::ExchangeError;

coded! {
    /// The kinds of session the plans count (glossary: `session_kind`).
    SessionKind, "Loại phiên", "session kind" {
        /// Phiên hàng ngày, at a venue.
        Daily = "daily", "Phiên giao dịch việc làm hàng ngày", "Daily session";
        /// Phiên trực tuyến, at the online venue.
        Online = "online", "Phiên giao dịch việc làm trực tuyến", "Online session";
        /// Phiên chuyên đề, with a theme.
        Thematic = "thematic", "Phiên giao dịch việc làm chuyên đề", "Thematic session";
        /// Phiên lưu động, held in a commune.
        Mobile = "mobile", "Phiên giao dịch việc làm lưu động", "Mobile session";
        /// Phiên lồng ghép tuyển dụng người khuyết tật.
        Disability = "disability", "Phiên lồng ghép tuyển dụng người khuyết tật", "Disability-inclusive session";
    }
}

impl SessionKind {
    /// The plans' indicator that counts sessions of this kind.
    pub fn indicator(self) -> &'static str {
        match self {
            SessionKind::Daily => "sessions_daily",
            SessionKind::Online => "sessions_online",
            SessionKind::Thematic => "sessions_thematic",
            SessionKind::Mobile => "sessions_mobile",
            SessionKind::Disability => "sessions_disability",
        }
    }

    /// The kind a plan's `sessions_*` indicator counts (not `sessions_total`).
    pub fn of_indicator(code: &str) -> Option<SessionKind> {
        SessionKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.indicator() == code)
    }
}

/// The indicator of all sessions held.
pub const SESSIONS_TOTAL: &str = "sessions_total";

coded! {
    /// The theme of a thematic session.
    Theme, "Chủ đề phiên", "session theme" {
        /// One industry (with its VSIC code in `industry`).
        Industry = "industry", "Theo ngành", "An industry";
        Graduates = "graduates", "Sinh viên mới tốt nghiệp", "Graduates";
        /// Workers back from working abroad.
        Returnees = "returnees", "Người lao động về nước", "Workers back from abroad";
        Disability = "disability", "Người khuyết tật", "Workers with disabilities";
    }
}

coded! {
    /// Where a session is in its life.
    SessionStatus, "Trạng thái phiên", "session status" {
        Planned = "planned", "Đã lên kế hoạch", "Planned";
        /// Registration is open.
        Open = "open", "Đang nhận đăng ký", "Open for registration";
        /// Being held: walk-ins, interviews, results.
        Running = "running", "Đang diễn ra", "Running";
        Closed = "closed", "Đã kết thúc", "Closed";
        /// Its report is filed: nothing changes any more.
        Reported = "reported", "Đã báo cáo", "Reported";
        Cancelled = "cancelled", "Đã hủy", "Cancelled";
    }
}

impl SessionStatus {
    /// The moves the machine allows.
    pub fn may_move_to(self, to: SessionStatus) -> bool {
        use SessionStatus::*;
        matches!(
            (self, to),
            (Planned, Open)
                | (Open, Running)
                | (Running, Closed)
                | (Closed, Reported)
                | (Planned | Open, Cancelled)
        )
    }

    /// Checks a move.
    pub fn check_move(self, to: SessionStatus) -> Result<(), ExchangeError> {
        if self.may_move_to(to) {
            Ok(())
        } else {
            Err(ExchangeError::BadMove {
                what_vi: "phiên",
                what_en: "session",
                from: self.as_str(),
                to: to.as_str(),
            })
        }
    }

    /// Whether the session was held (counts in the plans' figures).
    pub fn was_held(self) -> bool {
        matches!(
            self,
            SessionStatus::Running | SessionStatus::Closed | SessionStatus::Reported
        )
    }

    /// Whether workers and employers may register in advance.
    pub fn takes_registrations(self) -> bool {
        self == SessionStatus::Open
    }

    /// Whether people may walk in at the door, and interviews and results
    /// be recorded.
    pub fn is_running(self) -> bool {
        self == SessionStatus::Running
    }
}

/// The longest title or organiser name.
pub const MAX_SESSION_TEXT: usize = 300;

/// A session as created or edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionDraft {
    pub kind: SessionKind,
    /// For thematic sessions: what it is about.
    pub theme: Option<Theme>,
    /// For a thematic session on an industry: the VSIC section or code.
    pub industry: Option<String>,
    pub title: String,
    pub venue_id: i64,
    /// Where it is held: the venue's unit, or for a mobile session the
    /// commune it travels to (`structure:code`).
    #[serde(with = "vieclam_plans::unit_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: UnitKey,
    pub date: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00"))]
    pub starts: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "11:30"))]
    pub ends: NaiveTime,
    /// Who organises it (the centre, a district, a school…).
    pub organiser: String,
    pub booths: u32,
    pub seats: u32,
    /// Registration window; `None` opens with the session's `open` status
    /// and closes when it runs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2025-03-01T08:00:00"))]
    pub registration_opens: Option<NaiveDateTime>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2025-03-14T08:00:00"))]
    pub registration_closes: Option<NaiveDateTime>,
}

impl SessionDraft {
    /// Checks the fields that need no lookup (the venue and the unit are
    /// checked by the caller).
    pub fn check(&self) -> Result<(), ExchangeError> {
        check_text("title", &self.title, true)?;
        check_text("organiser", &self.organiser, false)?;
        check_capacity(self.booths, self.seats)?;
        if self.ends <= self.starts {
            return Err(ExchangeError::invalid(
                "ends",
                "Giờ kết thúc phải sau giờ bắt đầu",
                "The session must end after it starts",
            ));
        }
        match (self.kind, self.theme) {
            (SessionKind::Thematic, None) => {
                return Err(ExchangeError::invalid(
                    "theme",
                    "Phiên chuyên đề phải có chủ đề",
                    "A thematic session needs a theme",
                ))
            }
            (SessionKind::Thematic, Some(_)) | (_, None) => {}
            (_, Some(_)) => {
                return Err(ExchangeError::invalid(
                    "theme",
                    "Chỉ phiên chuyên đề có chủ đề",
                    "Only thematic sessions have a theme",
                ))
            }
        }
        match (self.theme, &self.industry) {
            (Some(Theme::Industry), None) => {
                return Err(ExchangeError::invalid(
                    "industry",
                    "Phiên chuyên đề theo ngành phải ghi ngành",
                    "A session on an industry must name the industry",
                ))
            }
            (Some(Theme::Industry), Some(code)) => {
                vieclam_domain::registry::IndustryCode::parse(code).map_err(|invalid| {
                    ExchangeError::invalid("industry", invalid.reason_vi, invalid.reason_en)
                })?;
            }
            (_, Some(_)) => {
                return Err(ExchangeError::invalid(
                    "industry",
                    "Chỉ phiên chuyên đề theo ngành ghi ngành",
                    "Only a session on an industry names one",
                ))
            }
            (_, None) => {}
        }
        if let (Some(opens), Some(closes)) = (self.registration_opens, self.registration_closes) {
            if closes <= opens {
                return Err(ExchangeError::invalid(
                    "registration_closes",
                    "Hạn đăng ký phải sau ngày mở đăng ký",
                    "Registration must close after it opens",
                ));
            }
        }
        if let Some(closes) = self.registration_closes {
            if closes > self.date.and_time(self.ends) {
                return Err(ExchangeError::invalid(
                    "registration_closes",
                    "Hạn đăng ký không được sau khi phiên kết thúc",
                    "Registration cannot close after the session ends",
                ));
            }
        }
        vieclam_domain::registry::check_date(self.date).map_err(|invalid| {
            ExchangeError::invalid("date", invalid.reason_vi, invalid.reason_en)
        })?;
        Ok(())
    }
}
