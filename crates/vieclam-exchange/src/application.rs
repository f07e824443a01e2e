//! Applications to a vacancy outside sessions: a worker applies (and so
//! consents to the employer seeing their profile for it); the employer
//! moves it received → shortlisted → interview → hired or rejected, each
//! move dated. The worker may withdraw until a decision.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::coded::coded;
use crate::ExchangeError;

coded! {
    /// Where an application stands.
    ApplicationStatus, "Trạng thái hồ sơ ứng tuyển", "application status" {
        Received = "received", "Đã nhận hồ sơ", "Received";
        Shortlisted = "shortlisted", "Sơ tuyển", "Shortlisted";
        Interview = "interview", "Phỏng vấn", "Interview";
        Hired = "hired", "Trúng tuyển", "Hired";
        Rejected = "rejected", "Không trúng tuyển", "Rejected";
        Withdrawn = "withdrawn", "Người lao động rút hồ sơ", "Withdrawn";
    }
}

impl ApplicationStatus {
    /// The moves an employer (or an officer) may make.
    pub fn may_move_to(self, to: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, to),
            (Received, Shortlisted)
                | (Shortlisted, Interview)
                | (Interview, Hired)
                | (Received | Shortlisted | Interview, Rejected)
                | (Received | Shortlisted | Interview, Withdrawn)
        )
    }

    /// Checks a move; a hire straight from received or shortlisted is the
    /// "hire without an interview" refusal.
    pub fn check_move(self, to: ApplicationStatus) -> Result<(), ExchangeError> {
        if self.may_move_to(to) {
            return Ok(());
        }
        if to == ApplicationStatus::Hired
            && matches!(
                self,
                ApplicationStatus::Received | ApplicationStatus::Shortlisted
            )
        {
            return Err(ExchangeError::HireWithoutInterview);
        }
        Err(ExchangeError::BadMove {
            what_vi: "hồ sơ ứng tuyển",
            what_en: "application",
            from: self.as_str(),
            to: to.as_str(),
        })
    }

    /// Whether the application is decided (no more moves).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Hired | ApplicationStatus::Rejected | ApplicationStatus::Withdrawn
        )
    }
}

/// One dated move of an application.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationStep {
    pub status: ApplicationStatus,
    pub at: DateTime<Utc>,
    /// The account that made the move.
    pub by: Option<i64>,
    pub note: Option<String>,
}
