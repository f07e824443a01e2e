//! Classifications shipped as data: ISCO-08 occupations (the basis of
//! VSCO 2020), VSIC 2018 industries and the 54 ethnic groups. Each is parsed
//! once from `data/` (embedded in the binary) and checked by tests.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::invalid::InvalidValue;

const OCCUPATIONS_CSV: &str = include_str!("../../../../data/occupations/isco08.csv");
const INDUSTRIES_CSV: &str = include_str!("../../../../data/industries/vsic2018-vi.csv");
const ETHNIC_GROUPS_CSV: &str = include_str!("../../../../data/ethnic-groups/ethnic-groups.csv");

/// One entry of a hierarchical classification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClassEntry {
    pub level: String,
    pub code: String,
    pub parent_code: Option<String>,
    pub name_vi: String,
    /// English name where the data has one.
    pub name_en: Option<String>,
}

/// A classification indexed by code.
#[derive(Debug)]
pub struct Classification {
    entries: Vec<ClassEntry>,
    by_code: HashMap<String, usize>,
}

impl Classification {
    fn from_csv(text: &str) -> Result<Classification, csv::Error> {
        let mut entries = Vec::new();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.deserialize::<HashMap<String, String>>() {
            let record = record?;
            let field = |name: &str| record.get(name).cloned().unwrap_or_default();
            entries.push(ClassEntry {
                level: field("level"),
                code: field("code"),
                parent_code: Some(field("parent_code")).filter(|code| !code.is_empty()),
                name_vi: field("name_vi"),
                name_en: Some(field("name_en")).filter(|name| !name.is_empty()),
            });
        }
        let by_code = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| (entry.code.clone(), index))
            .collect();
        Ok(Classification { entries, by_code })
    }

    pub fn get(&self, code: &str) -> Option<&ClassEntry> {
        self.by_code.get(code).map(|&index| &self.entries[index])
    }

    pub fn entries(&self) -> &[ClassEntry] {
        &self.entries
    }

    /// Entries at one level, e.g. ISCO "unit" groups.
    pub fn at_level<'a>(&'a self, level: &'a str) -> impl Iterator<Item = &'a ClassEntry> {
        self.entries
            .iter()
            .filter(move |entry| entry.level == level)
    }
}

/// ISCO-08 at four levels: major, sub_major, minor, unit.
pub fn occupations() -> &'static Classification {
    static TABLE: OnceLock<Classification> = OnceLock::new();
    TABLE.get_or_init(|| {
        Classification::from_csv(OCCUPATIONS_CSV).expect("data/occupations/isco08.csv parses")
    })
}

/// VSIC 2018 (= ISIC Rev. 4 at four levels): section, division, group, class.
pub fn industries() -> &'static Classification {
    static TABLE: OnceLock<Classification> = OnceLock::new();
    TABLE.get_or_init(|| {
        Classification::from_csv(INDUSTRIES_CSV).expect("data/industries/vsic2018-vi.csv parses")
    })
}

/// An ISCO-08 / VSCO unit group: four digits, present in the taxonomy.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupationCode(String);

impl OccupationCode {
    /// Parses "7212", or "7212 - Thợ hàn" (a code followed by its name).
    pub fn parse(text: &str) -> Result<OccupationCode, InvalidValue> {
        let code: String = text
            .trim()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        match occupations().get(&code) {
            Some(entry) if entry.level == "unit" => Ok(OccupationCode(code)),
            _ => Err(InvalidValue::new(
                format!("Mã nghề {:?} không có trong danh mục (cần mã nhóm nghề 4 chữ số ISCO-08/VSCO)", text.trim()),
                format!("Occupation code {:?} is not in the taxonomy (a 4-digit ISCO-08/VSCO unit group)", text.trim()),
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn name_vi(&self) -> &str {
        occupations()
            .get(&self.0)
            .map_or("", |entry| &entry.name_vi)
    }

    /// The minor (3-digit), sub-major (2) and major (1) groups.
    pub fn minor_group(&self) -> &str {
        &self.0[..3]
    }

    pub fn sub_major_group(&self) -> &str {
        &self.0[..2]
    }

    pub fn major_group(&self) -> &str {
        &self.0[..1]
    }
}

impl TryFrom<String> for OccupationCode {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        OccupationCode::parse(&text)
    }
}

impl From<OccupationCode> for String {
    fn from(code: OccupationCode) -> String {
        code.0
    }
}

impl fmt::Display for OccupationCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A VSIC 2018 industry: a section letter (A–U) or a 2-, 3- or 4-digit code
/// present in the classification; a 5-digit national code is accepted when
/// its 4-digit class exists.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndustryCode(String);

impl IndustryCode {
    pub fn parse(text: &str) -> Result<IndustryCode, InvalidValue> {
        let trimmed = text.trim();
        let code: String = match trimmed.chars().next() {
            Some(letter) if letter.is_ascii_alphabetic() => letter.to_ascii_uppercase().to_string(),
            _ => trimmed.chars().take_while(char::is_ascii_digit).collect(),
        };
        let known = match code.len() {
            5 => industries().get(&code[..4]).is_some(),
            _ => industries().get(&code).is_some(),
        };
        if code.is_empty() || !known {
            return Err(InvalidValue::new(
                format!("Mã ngành {trimmed:?} không có trong Hệ thống ngành kinh tế Việt Nam (VSIC 2018)"),
                format!("Industry code {trimmed:?} is not in VSIC 2018"),
            ));
        }
        Ok(IndustryCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The section letter (A–U) the industry belongs to.
    pub fn section(&self) -> Option<&str> {
        let mut code = self.0.get(..4.min(self.0.len()))?;
        loop {
            let entry = industries().get(code)?;
            match &entry.parent_code {
                Some(parent) => code = parent,
                None => return Some(&entry.code),
            }
        }
    }
}

impl TryFrom<String> for IndustryCode {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        IndustryCode::parse(&text)
    }
}

impl From<IndustryCode> for String {
    fn from(code: IndustryCode) -> String {
        code.0
    }
}

/// One of Vietnam's 54 ethnic groups, by its two-digit statistical code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EthnicGroup(String);

struct EthnicTable {
    names: HashMap<String, String>,
    lookup: HashMap<String, String>,
}

fn ethnic_table() -> &'static EthnicTable {
    static TABLE: OnceLock<EthnicTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut names = HashMap::new();
        let mut lookup = HashMap::new();
        let mut reader = csv::Reader::from_reader(ETHNIC_GROUPS_CSV.as_bytes());
        for record in reader.records().flatten() {
            let (code, name, others) = (&record[0], &record[1], &record[2]);
            names.insert(code.to_owned(), name.to_owned());
            lookup.insert(code.to_owned(), code.to_owned());
            lookup.insert(code.trim_start_matches('0').to_owned(), code.to_owned());
            for alias in std::iter::once(name).chain(others.split(';')) {
                if !alias.trim().is_empty() {
                    lookup.insert(vieclam_text::folded_words(alias), code.to_owned());
                }
            }
        }
        EthnicTable { names, lookup }
    })
}

impl EthnicGroup {
    /// The Kinh majority, code 01.
    pub const KINH: &'static str = "01";

    /// Parses a code ("01", "1") or a name with or without diacritics
    /// ("Kinh", "Tày", "Hmông", "Mông", "Khmer").
    pub fn parse(text: &str) -> Result<EthnicGroup, InvalidValue> {
        let table = ethnic_table();
        // "02 - Tày": a code followed by the name.
        let leading: String = text
            .trim()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let trimmed = if leading.is_empty() {
            text.trim()
        } else {
            leading.as_str()
        };
        table
            .lookup
            .get(trimmed)
            .or_else(|| table.lookup.get(&vieclam_text::folded_words(trimmed)))
            .map(|code| EthnicGroup(code.clone()))
            .ok_or_else(|| {
                InvalidValue::new(
                    format!("Dân tộc {trimmed:?} không có trong danh mục 54 dân tộc"),
                    format!("{trimmed:?} is not one of the 54 ethnic groups"),
                )
            })
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    pub fn name_vi(&self) -> &str {
        ethnic_table().names.get(&self.0).map_or("", String::as_str)
    }

    pub fn is_minority(&self) -> bool {
        self.0 != EthnicGroup::KINH
    }

    /// Every group's code, in the official order.
    pub fn all_codes() -> Vec<String> {
        let mut codes: Vec<String> = ethnic_table().names.keys().cloned().collect();
        codes.sort();
        codes
    }
}

impl TryFrom<String> for EthnicGroup {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        EthnicGroup::parse(&text)
    }
}

impl From<EthnicGroup> for String {
    fn from(group: EthnicGroup) -> String {
        group.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomies_have_their_official_sizes() {
        let count = |table: &Classification, level: &str| table.at_level(level).count();
        assert_eq!(count(occupations(), "major"), 10);
        assert_eq!(count(occupations(), "sub_major"), 43);
        assert_eq!(count(occupations(), "minor"), 130);
        assert_eq!(count(occupations(), "unit"), 436);
        assert_eq!(count(industries(), "section"), 21);
        assert_eq!(count(industries(), "class"), 419);
        assert_eq!(EthnicGroup::all_codes().len(), 54);
    }

    #[test]
    fn codes_parse_against_the_tables() {
        assert_eq!(
            OccupationCode::parse("7212").unwrap().sub_major_group(),
            "72"
        );
        assert_eq!(
            OccupationCode::parse("2512 - Lập trình viên")
                .unwrap()
                .as_str(),
            "2512"
        );
        assert!(OccupationCode::parse("72").is_err());
        assert!(OccupationCode::parse("9999").is_err());
        assert_eq!(IndustryCode::parse("1410").unwrap().section(), Some("C"));
        assert_eq!(IndustryCode::parse("c").unwrap().as_str(), "C");
        assert!(IndustryCode::parse("14101").is_ok());
        assert!(IndustryCode::parse("9999").is_err());
        assert_eq!(EthnicGroup::parse("Kinh").unwrap().code(), "01");
        assert_eq!(EthnicGroup::parse("tay").unwrap().name_vi(), "Tày");
        assert_eq!(EthnicGroup::parse("8").unwrap().code(), "08");
        assert!(EthnicGroup::parse("Mông").unwrap().is_minority());
        assert!(EthnicGroup::parse("Klingon").is_err());
    }
}
