//! The job exchange — "Sàn giao dịch việc làm" (MISSION.md §2): venues,
//! job-fair sessions of every kind, registrations with waiting lists,
//! applications outside sessions, interviews, outcomes, counselling and
//! referral, and unemployment-insurance claimants' monthly check-ins.
//!
//! This crate holds the exchange's shapes and rules — which status moves are
//! allowed, what a well-formed session or slot is, how a quarter's schedule
//! follows a plan, what a session report counts — with no I/O. The store
//! keeps the records (and holds capacity exactly under concurrency), the
//! server checks who may do what and calls these rules.
//!
//! - [`venue`]: venues and their kinds;
//! - [`session`]: sessions, their kinds and themes, the status machine;
//! - [`registration`]: who registers, how, and the waiting list;
//! - [`application`]: applications to a vacancy outside sessions;
//! - [`invitation`]: an employer's invitations to apply, and the answers;
//! - [`interview`]: interview slots, modes, attendance and outcomes;
//! - [`counselling`]: counselling and referral records;
//! - [`claim`]: unemployment-insurance claims and monthly check-ins;
//! - [`schedule`]: a quarter's sessions generated from a plan's targets;
//! - [`report`]: a session's report and the held-session figures;
//! - [`prematch`]: a worker's printable pre-match sheet for a session.

mod coded;

pub mod application;
pub mod claim;
pub mod counselling;
pub mod interview;
pub mod invitation;
pub mod prematch;
pub mod registration;
pub mod report;
pub mod schedule;
pub mod session;
pub mod venue;

pub use application::{ApplicationStatus, ApplicationStep};
pub use claim::{CheckinState, ClaimStatus};
pub use counselling::CounsellingOutcome;
pub use interview::{Attendance, InterviewMode, Outcome};
pub use invitation::InvitationState;
pub use registration::{Channel, Party, RegistrationState};
pub use session::{SessionDraft, SessionKind, SessionStatus, Theme};
pub use venue::{VenueDraft, VenueKind};

/// Why the exchange refused something, in Vietnamese and English. Each
/// variant is one of the refusals a clerk, an employer or a worker reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExchangeError {
    #[error("unknown {field_en} {value:?}: use one of {allowed}")]
    UnknownCode {
        field_vi: &'static str,
        field_en: &'static str,
        value: String,
        allowed: String,
    },
    /// A field that does not hold (a blank name, an end before the start…).
    #[error("{field}: {reason_en}")]
    Invalid {
        field: &'static str,
        reason_vi: String,
        reason_en: String,
    },
    /// A status move the machine does not allow.
    #[error("a {what_en} cannot move from {from} to {to}")]
    BadMove {
        what_vi: &'static str,
        what_en: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// Registration is not open for this session now.
    #[error("registration for this session is not open ({status})")]
    RegistrationClosed { status: &'static str },
    /// Every booth of the session is taken (employers are not wait-listed
    /// when they ask for no waiting list).
    #[error("every booth of this session is taken")]
    BoothsFull,
    /// The person or employer already holds a registration for the session.
    #[error("already registered for this session")]
    AlreadyRegistered,
    /// Two interview slots of one worker (or one booth) overlap.
    #[error("the interview slot overlaps another one of the same worker or booth")]
    SlotOverlap,
    /// A hire needs an interview first.
    #[error("a hire needs an interview first")]
    HireWithoutInterview,
    /// A vacancy that is not in the session or not open.
    #[error("the vacancy is not offered at this session")]
    VacancyNotInSession,
}

impl ExchangeError {
    pub(crate) fn invalid(
        field: &'static str,
        reason_vi: impl Into<String>,
        reason_en: impl Into<String>,
    ) -> ExchangeError {
        ExchangeError::Invalid {
            field,
            reason_vi: reason_vi.into(),
            reason_en: reason_en.into(),
        }
    }

    /// The stable code of the refusal, for the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            ExchangeError::UnknownCode { .. } | ExchangeError::Invalid { .. } => "invalid",
            ExchangeError::BadMove { .. } => "status_move_not_allowed",
            ExchangeError::RegistrationClosed { .. } => "registration_closed",
            ExchangeError::BoothsFull => "booths_full",
            ExchangeError::AlreadyRegistered => "already_registered",
            ExchangeError::SlotOverlap => "slot_overlap",
            ExchangeError::HireWithoutInterview => "hire_without_interview",
            ExchangeError::VacancyNotInSession => "vacancy_not_in_session",
        }
    }

    /// The message a person reads, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ExchangeError::UnknownCode {
                field_vi,
                value,
                allowed,
                ..
            } => format!("{field_vi} không hợp lệ: {value:?}; dùng một trong: {allowed}"),
            ExchangeError::Invalid {
                field, reason_vi, ..
            } => format!("{field}: {reason_vi}"),
            ExchangeError::BadMove {
                what_vi, from, to, ..
            } => format!("Không thể chuyển {what_vi} từ trạng thái \"{from}\" sang \"{to}\""),
            ExchangeError::RegistrationClosed { status } => {
                format!("Phiên này hiện không nhận đăng ký (trạng thái: {status})")
            }
            ExchangeError::BoothsFull => "Phiên đã hết gian tuyển dụng".to_owned(),
            ExchangeError::AlreadyRegistered => "Đã đăng ký tham gia phiên này".to_owned(),
            ExchangeError::SlotOverlap => {
                "Lịch phỏng vấn trùng giờ với một lịch khác của người lao động hoặc của gian tuyển dụng"
                    .to_owned()
            }
            ExchangeError::HireWithoutInterview => {
                "Chưa phỏng vấn thì chưa thể ghi nhận trúng tuyển".to_owned()
            }
            ExchangeError::VacancyNotInSession => {
                "Vị trí việc làm này không được đăng ký tại phiên".to_owned()
            }
        }
    }
}
