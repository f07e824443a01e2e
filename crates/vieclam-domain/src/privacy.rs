//! A data subject's rights over their own data (Decree 13/2023/NĐ-CP):
//! the deletion request (art. 16) and how an officer decides it.
//!
//! The state may keep register data that a law obliges it to keep, so a
//! request is decided by an officer of the unit that keeps the record:
//! erased, or refused with a reason the person can read.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::registry::InvalidValue;

/// The longest reason, in characters, that a request or a decision carries.
pub const MAX_DELETION_REASON_CHARS: usize = 500;

/// Where a deletion request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionStatus {
    /// Waiting for an officer.
    Open,
    /// The record was erased and the account closed.
    Erased,
    /// The record is kept; the decision says why.
    Refused,
}

impl DeletionStatus {
    pub const ALL: [DeletionStatus; 3] = [
        DeletionStatus::Open,
        DeletionStatus::Erased,
        DeletionStatus::Refused,
    ];

    /// The stable code used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionStatus::Open => "open",
            DeletionStatus::Erased => "erased",
            DeletionStatus::Refused => "refused",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            DeletionStatus::Open => "Đang chờ xử lý",
            DeletionStatus::Erased => "Đã xóa dữ liệu",
            DeletionStatus::Refused => "Không xóa (có lý do)",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            DeletionStatus::Open => "Waiting for a decision",
            DeletionStatus::Erased => "Erased",
            DeletionStatus::Refused => "Refused (with a reason)",
        }
    }

    pub fn parse(text: &str) -> Option<DeletionStatus> {
        DeletionStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text.trim())
    }
}

impl fmt::Display for DeletionStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What an officer decides about an open request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionDecision {
    /// Erase the record and close the account.
    Erase,
    /// Keep the record (the law obliges the state to keep it); the reason
    /// is required.
    Refuse,
}

impl DeletionDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionDecision::Erase => "erase",
            DeletionDecision::Refuse => "refuse",
        }
    }

    pub fn parse(text: &str) -> Result<DeletionDecision, InvalidValue> {
        match text.trim() {
            "erase" => Ok(DeletionDecision::Erase),
            "refuse" => Ok(DeletionDecision::Refuse),
            _ => Err(InvalidValue::new(
                "Quyết định là erase (xóa) hoặc refuse (không xóa)",
                "The decision is erase or refuse",
            )),
        }
    }

    /// The status a request takes when decided so.
    pub fn status(self) -> DeletionStatus {
        match self {
            DeletionDecision::Erase => DeletionStatus::Erased,
            DeletionDecision::Refuse => DeletionStatus::Refused,
        }
    }
}

/// A reason as a person typed it: NFC, trimmed, `None` when empty, at most
/// [`MAX_DELETION_REASON_CHARS`] characters.
pub fn parse_reason(text: Option<&str>) -> Result<Option<String>, InvalidValue> {
    let Some(text) = text else {
        return Ok(None);
    };
    let reason = vieclam_text::nfc(text.trim());
    let n_chars = reason.chars().count();
    if n_chars > MAX_DELETION_REASON_CHARS {
        return Err(InvalidValue::new(
            format!("Lý do dài {n_chars} ký tự, tối đa {MAX_DELETION_REASON_CHARS}"),
            format!("The reason is {n_chars} characters long, at most {MAX_DELETION_REASON_CHARS}"),
        ));
    }
    Ok((!reason.is_empty()).then_some(reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_decisions_round_trip_their_codes() {
        for status in DeletionStatus::ALL {
            assert_eq!(DeletionStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(
            DeletionDecision::parse(" erase ").unwrap().status(),
            DeletionStatus::Erased
        );
        assert!(DeletionDecision::parse("delete").is_err());
    }

    #[test]
    fn reasons_are_trimmed_and_bounded() {
        assert_eq!(parse_reason(Some("  ")).unwrap(), None);
        assert_eq!(parse_reason(None).unwrap(), None);
        assert_eq!(
            parse_reason(Some(" Tôi không còn ở Hà Nội ")).unwrap(),
            Some("Tôi không còn ở Hà Nội".to_owned())
        );
        assert!(parse_reason(Some(&"ư".repeat(MAX_DELETION_REASON_CHARS))).is_ok());
        assert!(parse_reason(Some(&"ư".repeat(MAX_DELETION_REASON_CHARS + 1))).is_err());
    }
}
