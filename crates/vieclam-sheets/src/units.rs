//! Unit codes in sheets: bare codes are read in the structure in force on
//! the import's date; `legacy:` or `2025:` prefixes say it outright.

use chrono::NaiveDate;
use vieclam_domain::registry::InvalidValue;
use vieclam_domain::{AdminUnits, UnitKey, UnitStructure};

/// Parses a unit code and checks that the unit exists.
pub fn parse_unit(
    text: &str,
    codes_on: NaiveDate,
    units: &AdminUnits,
) -> Result<UnitKey, InvalidValue> {
    let key = UnitKey::parse(text, codes_on)
        .map_err(|error| InvalidValue::new(error.message_vi(), error.to_string()))?;
    units
        .get(&key)
        .map_err(|error| InvalidValue::new(error.message_vi(), error.to_string()))?;
    Ok(key)
}

/// Writes a unit as a sheet cell: the bare code for the current structure,
/// `legacy:code` for a unit of the old one.
pub fn format_unit(key: &UnitKey) -> String {
    match key.structure {
        UnitStructure::TwoTier2025 => key.code.to_string(),
        UnitStructure::Legacy => key.to_string(),
    }
}
