//! Venues: the central exchange, satellite exchanges, exchange points, and
//! the online venue of online sessions.

use serde::{Deserialize, Serialize};
use vieclam_domain::UnitKey;

use crate::coded::coded;
use crate::ExchangeError;

coded! {
    /// What kind of place a venue is.
    VenueKind, "Loại sàn", "venue kind" {
        /// Sàn giao dịch việc làm trung tâm.
        Central = "central", "Sàn giao dịch việc làm trung tâm", "Central exchange";
        /// Sàn vệ tinh.
        Satellite = "satellite", "Sàn giao dịch việc làm vệ tinh", "Satellite exchange";
        /// Điểm giao dịch việc làm.
        Point = "point", "Điểm giao dịch việc làm", "Exchange point";
        /// The online platform of online sessions.
        Online = "online", "Sàn giao dịch việc làm trực tuyến", "Online exchange";
    }
}

/// The longest venue name, address or link.
pub const MAX_VENUE_TEXT: usize = 300;
/// The most booths or seats a venue or session may declare: a large fair
/// fills a stadium, not more.
pub const MAX_BOOTHS: u32 = 2_000;
pub const MAX_SEATS: u32 = 100_000;

/// A venue as created or edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueDraft {
    pub name: String,
    pub kind: VenueKind,
    /// The unit the venue is in (`structure:code`).
    #[serde(with = "vieclam_plans::unit_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: UnitKey,
    /// Street address; for the online venue, its web address.
    pub address: String,
    pub booths: u32,
    pub seats: u32,
    /// The accounts (exchange staff) that run the venue's sessions.
    #[serde(default)]
    pub staff: Vec<i64>,
}

impl VenueDraft {
    /// Checks the fields that need no lookup.
    pub fn check(&self) -> Result<(), ExchangeError> {
        check_text("name", &self.name, true)?;
        check_text("address", &self.address, true)?;
        check_capacity(self.booths, self.seats)?;
        if self.staff.len() > 200 {
            return Err(ExchangeError::invalid(
                "staff",
                "Tối đa 200 tài khoản vận hành một sàn",
                "At most 200 staff accounts run a venue",
            ));
        }
        Ok(())
    }
}

/// Checks a capacity pair.
pub fn check_capacity(booths: u32, seats: u32) -> Result<(), ExchangeError> {
    if booths > MAX_BOOTHS {
        return Err(ExchangeError::invalid(
            "booths",
            format!("Số gian tuyển dụng tối đa là {MAX_BOOTHS}"),
            format!("At most {MAX_BOOTHS} booths"),
        ));
    }
    if seats > MAX_SEATS {
        return Err(ExchangeError::invalid(
            "seats",
            format!("Số chỗ tối đa là {MAX_SEATS}"),
            format!("At most {MAX_SEATS} seats"),
        ));
    }
    Ok(())
}

/// Checks a free-text field: not blank when required, bounded, no control
/// characters.
pub fn check_text(field: &'static str, text: &str, required: bool) -> Result<(), ExchangeError> {
    if required && text.trim().is_empty() {
        return Err(ExchangeError::invalid(
            field,
            "Không được để trống",
            "Must not be blank",
        ));
    }
    if text.chars().count() > MAX_VENUE_TEXT {
        return Err(ExchangeError::invalid(
            field,
            format!("Tối đa {MAX_VENUE_TEXT} ký tự"),
            format!("At most {MAX_VENUE_TEXT} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control()) {
        return Err(ExchangeError::invalid(
            field,
            "Có ký tự điều khiển",
            "Contains control characters",
        ));
    }
    Ok(())
}
