//! A person's name, sex, phone and e-mail, as checked types.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::invalid::InvalidValue;

/// A person's full name: NFC, single spaces, 2 to 100 characters of letters,
/// spaces, apostrophes and hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(text: &str) -> Result<PersonName, InvalidValue> {
        let normalised = vieclam_text::nfc(text);
        let name = normalised.split_whitespace().collect::<Vec<_>>().join(" ");
        let n_chars = name.chars().count();
        let allowed = |c: char| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-';
        if !(2..=100).contains(&n_chars) || !name.chars().all(allowed) {
            return Err(InvalidValue::new(
                "Họ và tên dài 2–100 ký tự, chỉ gồm chữ cái, dấu cách, dấu nháy và gạch nối",
                "A full name has 2–100 characters: letters, spaces, apostrophes and hyphens",
            ));
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        PersonName::parse(&text)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> String {
        name.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Sex as recorded on the citizen ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }

    /// Parses "Nam", "Nữ", "male", "female", "M", "F", "1" (male), "2"
    /// (female), with or without diacritics.
    pub fn parse(text: &str) -> Result<Sex, InvalidValue> {
        match vieclam_text::fold(text.trim()).as_str() {
            "nam" | "male" | "m" | "1" => Ok(Sex::Male),
            "nu" | "female" | "f" | "2" => Ok(Sex::Female),
            _ => Err(InvalidValue::new(
                "Giới tính ghi là Nam hoặc Nữ",
                "Sex is Nam (male) or Nữ (female)",
            )),
        }
    }
}

/// A Vietnamese phone number in national form (0 followed by 9 or 10
/// digits); "+84", "84" and separators are accepted on input.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<PhoneNumber, InvalidValue> {
        let trimmed = text.trim();
        let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let has_other = trimmed
            .chars()
            .any(|c| !(c.is_ascii_digit() || " .-()+".contains(c)));
        if trimmed.starts_with('+') || (digits.starts_with("84") && digits.len() >= 11) {
            if !digits.starts_with("84") {
                return Err(foreign_phone());
            }
            digits = format!("0{}", &digits[2..]);
        }
        if has_other || !digits.starts_with('0') || !(10..=11).contains(&digits.len()) {
            return Err(InvalidValue::new(
                "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (hoặc +84)",
                "A phone number has 10 or 11 digits starting with 0 (or +84)",
            ));
        }
        Ok(PhoneNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn foreign_phone() -> InvalidValue {
    InvalidValue::new(
        "Chỉ nhận số điện thoại Việt Nam (+84)",
        "Only Vietnamese phone numbers (+84) are accepted",
    )
}

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&text)
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> String {
        phone.0
    }
}

/// An e-mail address: one `@`, a local part, a domain with a dot; lower-cased
/// domain; at most 254 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, InvalidValue> {
        let trimmed = text.trim();
        let valid = trimmed.len() <= 254
            && !trimmed.chars().any(char::is_whitespace)
            && match trimmed.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if !valid {
            return Err(InvalidValue::new(
                "Địa chỉ email không hợp lệ",
                "Not a valid e-mail address",
            ));
        }
        let (local, domain) = trimmed.split_once('@').unwrap_or((trimmed, ""));
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Email::parse(&text)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(
            PersonName::parse("  Nguyễn   Văn  An ").unwrap().as_str(),
            "Nguyễn Văn An"
        );
        assert!(PersonName::parse("A").is_err());
        assert!(PersonName::parse("Nguyễn Văn 3").is_err());
        assert!(PersonName::parse("H'Hen Niê").is_ok());
    }

    #[test]
    fn phones() {
        assert_eq!(
            PhoneNumber::parse("0912 345 678").unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(
            PhoneNumber::parse("+84 912.345.678").unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(
            PhoneNumber::parse("84912345678").unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(
            PhoneNumber::parse("024 3825 1234").unwrap().as_str(),
            "02438251234"
        );
        assert!(PhoneNumber::parse("+1 555 0100").is_err());
        assert!(PhoneNumber::parse("12345").is_err());
        assert!(PhoneNumber::parse("09123x5678").is_err());
    }

    #[test]
    fn sexes_and_emails() {
        assert_eq!(Sex::parse("Nữ").unwrap(), Sex::Female);
        assert_eq!(Sex::parse("NAM").unwrap(), Sex::Male);
        assert!(Sex::parse("khác").is_err());
        assert_eq!(
            Email::parse("An@Example.VN").unwrap().as_str(),
            "An@example.vn"
        );
        assert!(Email::parse("an@").is_err());
        assert!(Email::parse("a n@x.vn").is_err());
    }
}
