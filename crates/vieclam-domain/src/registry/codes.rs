//! Identifiers with check rules: the citizen ID (CCCD) and the tax code
//! (MST).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::invalid::InvalidValue;
use super::person::Sex;

/// The province codes that open a citizen ID: the three-digit form of the 63
/// provinces in force when the numbers were issued (before 1 July 2025).
pub const CITIZEN_ID_PROVINCES: [&str; 63] = [
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
];

/// A citizen ID (căn cước công dân, số định danh cá nhân): 12 digits — the
/// province of birth registration (3), a digit for sex and century (1), the
/// last two digits of the birth year (2), and six more.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitizenId(String);

impl CitizenId {
    /// Parses a citizen ID; spaces and dots between digit groups are ignored.
    pub fn parse(text: &str) -> Result<CitizenId, InvalidValue> {
        let digits: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidValue::new(
                "Số CCCD phải gồm đúng 12 chữ số",
                "A citizen ID has exactly 12 digits",
            ));
        }
        if !CITIZEN_ID_PROVINCES.contains(&&digits[..3]) {
            return Err(InvalidValue::new(
                format!("Ba số đầu của CCCD ({}) không phải mã tỉnh", &digits[..3]),
                format!(
                    "The first three digits ({}) are not a province code",
                    &digits[..3]
                ),
            ));
        }
        Ok(CitizenId(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province-of-registration code, e.g. "001" for Hà Nội.
    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    fn sex_century_digit(&self) -> u32 {
        u32::from(self.0.as_bytes()[3] - b'0')
    }

    /// The sex the number encodes (even digit: male; odd: female).
    pub fn sex(&self) -> Sex {
        if self.sex_century_digit().is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The first year of the century the number encodes: 0–1 → 1900,
    /// 2–3 → 2000, 4–5 → 2100, 6–7 → 2200, 8–9 → 1800.
    pub fn century(&self) -> i32 {
        match self.sex_century_digit() {
            8 | 9 => 1800,
            digit => 1900 + (digit / 2) as i32 * 100,
        }
    }

    /// The birth year the number encodes.
    pub fn birth_year(&self) -> i32 {
        self.century() + self.0[4..6].parse::<i32>().unwrap_or(0)
    }

    /// Checks that the number agrees with a birth date and a sex.
    pub fn check_person(&self, birth_date: NaiveDate, sex: Sex) -> Result<(), InvalidValue> {
        if self.birth_year() != birth_date.year() {
            return Err(InvalidValue::new(
                format!(
                    "Số CCCD ghi năm sinh {} nhưng ngày sinh là năm {}",
                    self.birth_year(),
                    birth_date.year()
                ),
                format!(
                    "The citizen ID encodes birth year {} but the birth date is in {}",
                    self.birth_year(),
                    birth_date.year()
                ),
            ));
        }
        if self.sex() != sex {
            return Err(InvalidValue::new(
                format!(
                    "Số CCCD ghi giới tính {} nhưng hồ sơ ghi {}",
                    self.sex().name_vi(),
                    sex.name_vi()
                ),
                format!(
                    "The citizen ID encodes sex {} but the record says {}",
                    self.sex().as_str(),
                    sex.as_str()
                ),
            ));
        }
        Ok(())
    }

    /// A valid citizen ID for a person, from a six-digit serial: for the
    /// demo generator and tests.
    pub fn compose(province: &str, sex: Sex, birth_year: i32, serial: u32) -> Option<CitizenId> {
        let century_digit = match (birth_year.div_euclid(100), sex) {
            (18, Sex::Male) => 8,
            (18, Sex::Female) => 9,
            (century @ 19..=22, sex) => (century - 19) * 2 + if sex == Sex::Female { 1 } else { 0 },
            _ => return None,
        };
        let text = format!(
            "{province}{century_digit}{:02}{:06}",
            birth_year.rem_euclid(100),
            serial % 1_000_000
        );
        CitizenId::parse(&text).ok()
    }
}

impl TryFrom<String> for CitizenId {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        CitizenId::parse(&text)
    }
}

impl From<CitizenId> for String {
    fn from(id: CitizenId) -> String {
        id.0
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Weights of the tax-code check digit (Circular 105/2020/TT-BTC).
const TAX_CODE_WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// A tax code (mã số thuế): 10 digits whose tenth is a check digit, or, for
/// a branch or dependent unit, those 10 digits, a dash and 3 more.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxCode(String);

impl TaxCode {
    /// The check digit for the first nine digits, or `None` when the
    /// weighted sum leaves no valid digit (such codes are never issued).
    pub fn check_digit(first_nine: &[u8]) -> Option<u8> {
        let sum: u32 = first_nine
            .iter()
            .zip(TAX_CODE_WEIGHTS)
            .map(|(digit, weight)| u32::from(*digit) * weight)
            .sum();
        let check = 10 - (sum % 11);
        (check <= 9).then_some(check as u8)
    }

    /// Parses "0101234567", "0101234567-001" or "0101234567001"; spaces
    /// are ignored.
    pub fn parse(text: &str) -> Result<TaxCode, InvalidValue> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // Everything below slices by bytes, which is by characters only for
        // ASCII: "123456789ồ1" has 13 bytes and a cut inside the "ồ".
        if !compact.is_ascii() {
            return Err(InvalidValue::new(
                "Mã số thuế chỉ gồm chữ số (và dấu '-' trước số chi nhánh)",
                "A tax code holds only digits (and a dash before the branch number)",
            ));
        }
        let (base, branch) = match compact.split_once('-') {
            Some((base, branch)) => (base.to_owned(), Some(branch.to_owned())),
            // Byte length 13 with a multi-byte character would slice inside
            // it; such a text is no tax code anyway.
            None if compact.len() == 13 && compact.is_ascii() => {
                (compact[..10].to_owned(), Some(compact[10..].to_owned()))
            }
            None => (compact.clone(), None),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if base.len() != 10 || !all_digits(&base) {
            return Err(InvalidValue::new(
                "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số của chi nhánh",
                "A tax code has 10 digits, or 10 digits, a dash and a 3-digit branch number",
            ));
        }
        if let Some(branch) = &branch {
            if branch.len() != 3 || !all_digits(branch) || branch == "000" {
                return Err(InvalidValue::new(
                    "Số chi nhánh của mã số thuế gồm 3 chữ số từ 001 đến 999",
                    "The branch part of a tax code is 3 digits from 001 to 999",
                ));
            }
        }
        let digits: Vec<u8> = base.bytes().map(|b| b - b'0').collect();
        if TaxCode::check_digit(&digits[..9]) != Some(digits[9]) {
            return Err(InvalidValue::new(
                "Mã số thuế sai chữ số kiểm tra (chữ số thứ 10)",
                "The tax code's check digit (the 10th) is wrong",
            ));
        }
        Ok(TaxCode(match branch {
            Some(branch) => format!("{base}-{branch}"),
            None => base,
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 10-digit code of the enterprise (without a branch number).
    pub fn enterprise(&self) -> &str {
        &self.0[..10]
    }

    pub fn is_branch(&self) -> bool {
        self.0.len() > 10
    }
}

impl TryFrom<String> for TaxCode {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        TaxCode::parse(&text)
    }
}

impl From<TaxCode> for String {
    fn from(code: TaxCode) -> String {
        code.0
    }
}

impl fmt::Display for TaxCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn citizen_ids() {
        let id = CitizenId::parse("001 0 85 012345").unwrap();
        assert_eq!(id.as_str(), "001085012345");
        assert_eq!(id.birth_year(), 1985);
        assert_eq!(id.sex(), Sex::Male);
        assert!(id.check_person(date(1985, 3, 1), Sex::Male).is_ok());
        assert!(id.check_person(date(1986, 3, 1), Sex::Male).is_err());
        assert!(id.check_person(date(1985, 3, 1), Sex::Female).is_err());
        let young_woman = CitizenId::parse("079303000001").unwrap();
        assert_eq!(young_woman.birth_year(), 2003);
        assert_eq!(young_woman.sex(), Sex::Female);
        for bad in [
            "",
            "00108501234",
            "0010850123456",
            "00108501234a",
            "003085012345",
        ] {
            assert!(CitizenId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tax_codes() {
        // 010010000: check digit computed by the rule.
        let nine = [0, 1, 0, 0, 1, 0, 0, 0, 0];
        let check = TaxCode::check_digit(&nine).unwrap();
        let code = format!("010010000{check}");
        assert!(TaxCode::parse(&code).is_ok());
        assert_eq!(
            TaxCode::parse(&format!("{code}-001")).unwrap().as_str(),
            format!("{code}-001")
        );
        assert_eq!(
            TaxCode::parse(&format!("{code}002")).unwrap().as_str(),
            format!("{code}-002")
        );
        assert!(TaxCode::parse(&format!("{code}-000")).is_err());
        assert!(TaxCode::parse(&format!("010010000{}", (check + 1) % 10)).is_err());
        assert!(TaxCode::parse("12345").is_err());
        // A real code: Vietcombank.
        assert!(TaxCode::parse("0100112437").is_ok());
        assert!(TaxCode::parse("0100112436").is_err());
    }

    /// Regression (issue 11): the parser sliced by bytes and panicked on a
    /// character of more than one byte at the cut.
    #[test]
    fn tax_code_with_multibyte_character_is_refused_not_panicking() {
        for text in [
            "123456789ồ1",
            "0100112437ồ",
            "ồồồồồồồồồồồồồ",
            "0100112437-ồ1",
            "０１００１１２４３７",
            "0100112437\u{200B}",
            "ồ-",
        ] {
            assert!(TaxCode::parse(text).is_err(), "{text:?}");
        }
        for text in ["ồ", "１２３", "001085012345ồ", "00108501234ồ"] {
            assert!(CitizenId::parse(text).is_err(), "{text:?}");
        }
    }

    /// Found by fuzzing (fuzz/regressions/tax_code/): 13 bytes that are not
    /// 13 characters were sliced at byte 10, inside a character, and the
    /// slice panicked.
    #[test]
    fn tax_code_of_13_bytes_with_a_multibyte_character_is_refused() {
        for text in ["123456789ồ1", "12345678ồ12", "0100112437ồ", "ồ0100112437"] {
            assert!(TaxCode::parse(text).is_err(), "{text:?}");
        }
    }
}
