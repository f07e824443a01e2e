//! The employer's profile (doanh nghiệp, hợp tác xã, hộ kinh doanh, cơ quan).

use serde::{Deserialize, Serialize};

use super::classification::{EmployerKind, SizeBand};
use super::codes::TaxCode;
use super::person::{Email, PersonName, PhoneNumber};
use super::reference::IndustryCode;
use super::{check_text_length, FieldProblem, InvalidValue, MAX_TITLE_CHARS};
use crate::admin_unit::{AdminUnits, UnitKey, UnitLevel};

/// An organisation's name: NFC, single spaces, 2 to 300 characters.
pub fn parse_org_name(text: &str) -> Result<String, InvalidValue> {
    let name = vieclam_text::nfc(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if (2..=300).contains(&name.chars().count()) {
        Ok(name)
    } else {
        Err(InvalidValue::new(
            "Tên đơn vị dài 2–300 ký tự",
            "An organisation's name has 2–300 characters",
        ))
    }
}

/// An employer's profile, every field checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployerProfile {
    /// The tax code; one code is one employer.
    pub tax_code: Option<TaxCode>,
    pub name: String,
    pub kind: EmployerKind,
    pub industry: Option<IndustryCode>,
    pub size: Option<SizeBand>,
    /// The commune (or province) of the address.
    pub address_unit: UnitKey,
    pub address_line: Option<String>,
    pub contact_name: Option<PersonName>,
    pub contact_phone: Option<PhoneNumber>,
    pub contact_email: Option<Email>,
}

impl EmployerProfile {
    /// Rules across fields: the address unit exists and is a commune or a
    /// province; a company has a tax code; and the rules a profile read
    /// from JSON has not met yet: the name as [`parse_org_name`] wants it,
    /// the address line at most [`MAX_TITLE_CHARS`].
    pub fn check(&self, units: &AdminUnits) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Err(invalid) = parse_org_name(&self.name) {
            let value: String = self.name.chars().take(40).collect();
            problems.push(FieldProblem::new("name", &value, invalid));
        }
        if let Some(line) = &self.address_line {
            check_text_length(&mut problems, "address_line", line, MAX_TITLE_CHARS);
        }
        match units.get(&self.address_unit) {
            Ok(unit) if unit.level != UnitLevel::District => {}
            Ok(_) => problems.push(FieldProblem::new(
                "address_unit",
                &self.address_unit.to_string(),
                InvalidValue::new(
                    "Địa chỉ ghi theo mã xã/phường hoặc mã tỉnh",
                    "The address is a commune or a province code",
                ),
            )),
            Err(error) => problems.push(FieldProblem::new(
                "address_unit",
                &self.address_unit.to_string(),
                InvalidValue::new(error.message_vi(), error.to_string()),
            )),
        }
        if self.kind == EmployerKind::Company && self.tax_code.is_none() {
            problems.push(FieldProblem::new(
                "tax_code",
                "",
                InvalidValue::new(
                    "Doanh nghiệp phải có mã số thuế",
                    "A company must have a tax code",
                ),
            ));
        }
        problems
    }
}
