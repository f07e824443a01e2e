//! Administrative units of Vietnam in both structures — before the reform of
//! 1 July 2025 (province → district → commune) and after it (province →
//! commune) — with the crosswalk that rolls old units into new ones.
//!
//! A unit code alone does not name a unit: the reform reused codes (00004 is
//! Phường Trúc Bạch before it and Phường Ba Đình after it; province 44 was
//! Quảng Bình and is now Quảng Trị). Every unit is therefore keyed by its
//! [`UnitStructure`] and its code, and a bare code is read in the structure
//! valid on the date it refers to.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The first day of the two-tier structure (Resolution 202/2025/QH15).
pub const REFORM_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2025, 7, 1) {
    Some(date) => date,
    None => panic!("the reform date is a valid date"),
};

/// Which structure of the administrative hierarchy a unit belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnitStructure {
    /// Province → district → commune, valid until 30 June 2025.
    #[serde(rename = "legacy")]
    Legacy,
    /// Province → commune, valid from 1 July 2025.
    #[serde(rename = "2025")]
    TwoTier2025,
}

impl UnitStructure {
    pub const ALL: [UnitStructure; 2] = [UnitStructure::TwoTier2025, UnitStructure::Legacy];

    /// The structure in force on `date`.
    pub fn valid_on(date: NaiveDate) -> UnitStructure {
        if date < REFORM_DATE {
            UnitStructure::Legacy
        } else {
            UnitStructure::TwoTier2025
        }
    }

    /// The stable name used in URLs, the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStructure::Legacy => "legacy",
            UnitStructure::TwoTier2025 => "2025",
        }
    }

    pub fn parse(text: &str) -> Option<UnitStructure> {
        match text.trim() {
            "legacy" | "pre-2025" | "old" => Some(UnitStructure::Legacy),
            "2025" | "current" | "new" => Some(UnitStructure::TwoTier2025),
            _ => None,
        }
    }

    /// First day of validity, where known. The data does not say when each
    /// legacy unit was created, so legacy units carry no start date.
    pub fn valid_from(self) -> Option<NaiveDate> {
        match self {
            UnitStructure::Legacy => None,
            UnitStructure::TwoTier2025 => Some(REFORM_DATE),
        }
    }

    /// Last day of validity; `None` while the structure is in force.
    pub fn valid_to(self) -> Option<NaiveDate> {
        match self {
            UnitStructure::Legacy => REFORM_DATE.pred_opt(),
            UnitStructure::TwoTier2025 => None,
        }
    }
}

impl fmt::Display for UnitStructure {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// The level of a unit in its hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    District,
    Commune,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
        }
    }

    pub fn parse(text: &str) -> Option<UnitLevel> {
        match text.trim() {
            "province" | "tinh" | "tỉnh" => Some(UnitLevel::Province),
            "district" | "huyen" | "huyện" | "quan" | "quận" => Some(UnitLevel::District),
            "commune" | "xa" | "xã" | "phuong" | "phường" | "ward" => Some(UnitLevel::Commune),
            _ => None,
        }
    }

    /// Number of digits of an official code at this level.
    pub fn code_length(self) -> usize {
        match self {
            UnitLevel::Province => 2,
            UnitLevel::District => 3,
            UnitLevel::Commune => 5,
        }
    }
}

/// The kind of a unit, as its name is prefixed in Vietnamese.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Thành phố trực thuộc trung ương (a centrally-run city).
    CentralCity,
    /// Tỉnh.
    Province,
    /// Quận (urban district).
    UrbanDistrict,
    /// Huyện (rural district).
    RuralDistrict,
    /// Thị xã (district-level town).
    Town,
    /// Thành phố thuộc tỉnh (provincial city, district level).
    ProvincialCity,
    /// Phường (ward).
    Ward,
    /// Xã (commune).
    Commune,
    /// Thị trấn (township).
    Township,
    /// Đặc khu (special zone, from 2025).
    SpecialZone,
}

impl UnitKind {
    /// The Vietnamese word that prefixes the unit's name.
    pub fn name_vi(self) -> &'static str {
        match self {
            UnitKind::CentralCity | UnitKind::ProvincialCity => "Thành phố",
            UnitKind::Province => "Tỉnh",
            UnitKind::UrbanDistrict => "Quận",
            UnitKind::RuralDistrict => "Huyện",
            UnitKind::Town => "Thị xã",
            UnitKind::Ward => "Phường",
            UnitKind::Commune => "Xã",
            UnitKind::Township => "Thị trấn",
            UnitKind::SpecialZone => "Đặc khu",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::CentralCity => "central_city",
            UnitKind::Province => "province",
            UnitKind::UrbanDistrict => "urban_district",
            UnitKind::RuralDistrict => "rural_district",
            UnitKind::Town => "town",
            UnitKind::ProvincialCity => "provincial_city",
            UnitKind::Ward => "ward",
            UnitKind::Commune => "commune",
            UnitKind::Township => "township",
            UnitKind::SpecialZone => "special_zone",
        }
    }

    pub fn parse(text: &str) -> Option<UnitKind> {
        [
            UnitKind::CentralCity,
            UnitKind::Province,
            UnitKind::UrbanDistrict,
            UnitKind::RuralDistrict,
            UnitKind::Town,
            UnitKind::ProvincialCity,
            UnitKind::Ward,
            UnitKind::Commune,
            UnitKind::Township,
            UnitKind::SpecialZone,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }

    fn from_district_word(word: &str) -> Option<UnitKind> {
        match word {
            "Quận" => Some(UnitKind::UrbanDistrict),
            "Huyện" => Some(UnitKind::RuralDistrict),
            "Thị xã" => Some(UnitKind::Town),
            "Thành phố" => Some(UnitKind::ProvincialCity),
            _ => None,
        }
    }

    fn from_commune_word(word: &str) -> Option<UnitKind> {
        match word {
            "Phường" => Some(UnitKind::Ward),
            "Xã" => Some(UnitKind::Commune),
            "Thị trấn" => Some(UnitKind::Township),
            "Đặc khu" => Some(UnitKind::SpecialZone),
            _ => None,
        }
    }

    fn from_province_name(name: &str) -> UnitKind {
        if name.starts_with("Thành phố") {
            UnitKind::CentralCity
        } else {
            UnitKind::Province
        }
    }
}

/// An official administrative-unit code: 2 digits for a province, 3 for a
/// district, 5 for a commune, leading zeros kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUnitCode(String);

impl AdminUnitCode {
    /// Parses a code. Surrounding spaces are ignored; anything but 2, 3 or 5
    /// ASCII digits is refused.
    pub fn parse(text: &str) -> Result<AdminUnitCode, UnitError> {
        let code = text.trim();
        let length_ok = matches!(code.len(), 2 | 3 | 5);
        if length_ok && code.bytes().all(|byte| byte.is_ascii_digit()) {
            Ok(AdminUnitCode(code.to_owned()))
        } else {
            Err(UnitError::MalformedCode(text.to_owned()))
        }
    }

    /// The level that a code of this length names.
    pub fn level(&self) -> UnitLevel {
        match self.0.len() {
            2 => UnitLevel::Province,
            3 => UnitLevel::District,
            _ => UnitLevel::Commune,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AdminUnitCode {
    type Error = UnitError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        AdminUnitCode::parse(&text)
    }
}

impl From<AdminUnitCode> for String {
    fn from(code: AdminUnitCode) -> String {
        code.0
    }
}

impl fmt::Display for AdminUnitCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A unit identified across structures: the structure and the code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitKey {
    pub structure: UnitStructure,
    pub code: AdminUnitCode,
}

impl fmt::Display for UnitKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}", self.structure, self.code)
    }
}

impl UnitKey {
    /// Parses `structure:code` (as written by `Display`) or a bare code, which
    /// is read in the structure valid on `date`.
    pub fn parse(text: &str, date: NaiveDate) -> Result<UnitKey, UnitError> {
        match text.split_once(':') {
            Some((structure, code)) => Ok(UnitKey {
                structure: UnitStructure::parse(structure)
                    .ok_or_else(|| UnitError::UnknownStructure(structure.to_owned()))?,
                code: AdminUnitCode::parse(code)?,
            }),
            None => Ok(UnitKey {
                structure: UnitStructure::valid_on(date),
                code: AdminUnitCode::parse(text)?,
            }),
        }
    }
}

/// One administrative unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub structure: UnitStructure,
    pub level: UnitLevel,
    pub code: AdminUnitCode,
    /// The official name with its kind, e.g. "Huyện Ứng Hòa".
    pub name: String,
    /// The name without its kind, e.g. "Ứng Hòa".
    pub short_name: String,
    pub kind: UnitKind,
    /// The code of the unit directly above, in the same structure.
    pub parent_code: Option<AdminUnitCode>,
    /// The code of the province the unit lies in (its own code for a province).
    pub province_code: AdminUnitCode,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The centroid, in degrees (WGS 84), as the unit files give it: every
    /// commune of both structures has one, districts and provinces none.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub area_km2: Option<f64>,
}

impl AdminUnit {
    pub fn key(&self) -> UnitKey {
        UnitKey {
            structure: self.structure,
            code: self.code.clone(),
        }
    }

    /// The centroid as (latitude, longitude) in degrees, when the unit
    /// files give both.
    pub fn centroid(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// How an old commune went into a new unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrosswalkRelation {
    /// All of the old unit went into the new one.
    Whole,
    /// The old unit was divided and part of it went into the new one.
    Part,
    /// The old unit was divided and most of it went into the new one: the
    /// unit that its data rolls up into.
    DefaultPart,
}

impl CrosswalkRelation {
    pub fn as_str(self) -> &'static str {
        match self {
            CrosswalkRelation::Whole => "whole",
            CrosswalkRelation::Part => "part",
            CrosswalkRelation::DefaultPart => "default-part",
        }
    }

    pub fn parse(text: &str) -> Option<CrosswalkRelation> {
        match text {
            "whole" => Some(CrosswalkRelation::Whole),
            "part" => Some(CrosswalkRelation::Part),
            "default-part" => Some(CrosswalkRelation::DefaultPart),
            _ => None,
        }
    }

    /// True for the one link of an old unit that its data rolls up along.
    pub fn is_roll_up(self) -> bool {
        matches!(
            self,
            CrosswalkRelation::Whole | CrosswalkRelation::DefaultPart
        )
    }
}

/// One row of the crosswalk: a legacy commune (or a legacy island district
/// without communes) and a 2025 commune it went into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrosswalkLink {
    /// A legacy commune code, or a legacy district code for the island
    /// districts that had no communes.
    pub legacy_code: AdminUnitCode,
    pub code_2025: AdminUnitCode,
    pub relation: CrosswalkRelation,
}

/// Errors of unit codes, lookups and data loading.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    #[error("malformed unit code {0:?}: expected 2, 3 or 5 digits")]
    MalformedCode(String),
    #[error("unknown unit structure {0:?}: expected \"legacy\" or \"2025\"")]
    UnknownStructure(String),
    #[error("no unit with code {code} in the {structure} structure")]
    UnknownUnit {
        structure: UnitStructure,
        code: String,
    },
    #[error("no unit is named {0:?}")]
    UnknownName(String),
    #[error("the name {name:?} fits several units: {candidates}")]
    AmbiguousName { name: String, candidates: String },
    #[error("bad administrative-unit data at {file} line {line}: {reason}")]
    BadData {
        file: &'static str,
        line: usize,
        reason: String,
    },
}

impl UnitError {
    /// The message in Vietnamese, for people who read the CLI or the API.
    pub fn message_vi(&self) -> String {
        match self {
            UnitError::MalformedCode(code) => {
                format!("Mã đơn vị hành chính {code:?} không hợp lệ: cần 2, 3 hoặc 5 chữ số")
            }
            UnitError::UnknownStructure(text) => {
                format!("Cấu trúc đơn vị {text:?} không hợp lệ: dùng \"legacy\" hoặc \"2025\"")
            }
            UnitError::UnknownUnit { structure, code } => {
                let structure_vi = match structure {
                    UnitStructure::Legacy => "trước 01/7/2025",
                    UnitStructure::TwoTier2025 => "từ 01/7/2025",
                };
                format!("Không có đơn vị hành chính mã {code} trong cấu trúc {structure_vi}")
            }
            UnitError::UnknownName(name) => format!("Không có đơn vị hành chính tên {name:?}"),
            UnitError::AmbiguousName { name, candidates } => {
                format!("Tên {name:?} ứng với nhiều đơn vị: {candidates}")
            }
            UnitError::BadData { file, line, reason } => {
                format!("Dữ liệu đơn vị hành chính lỗi tại {file} dòng {line}: {reason}")
            }
        }
    }
}

/// The shipped data files (see `data/admin-units/README.md` for the source
/// and licence).
pub mod embedded {
    pub const UNITS_LEGACY: &str = include_str!("../../../data/admin-units/units-legacy.csv");
    pub const UNITS_2025: &str = include_str!("../../../data/admin-units/units-2025.csv");
    pub const CROSSWALK: &str =
        include_str!("../../../data/admin-units/crosswalk-legacy-to-2025.csv");
}

/// A unit found by a name search, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitMatch<'a> {
    pub unit: &'a AdminUnit,
    pub score: u32,
}

/// Options of [`AdminUnits::search`].
#[derive(Clone, Debug, Default)]
pub struct UnitSearch {
    pub structure: Option<UnitStructure>,
    pub level: Option<UnitLevel>,
    /// Only units inside this province (a code in the searched structure).
    pub province_code: Option<AdminUnitCode>,
    pub limit: usize,
}

/// Both structures of units with their crosswalk, indexed for lookup.
#[derive(Debug, Clone)]
pub struct AdminUnits {
    units: Vec<AdminUnit>,
    by_key: HashMap<UnitKey, usize>,
    children: HashMap<UnitKey, Vec<usize>>,
    /// Folded words of the short name and of the full name, per unit.
    folded: Vec<(String, String)>,
    /// Exact-key words of the short name and of the full name, per unit.
    exact: Vec<(String, String)>,
    crosswalk: Vec<CrosswalkLink>,
    crosswalk_by_legacy: HashMap<AdminUnitCode, Vec<usize>>,
    crosswalk_by_2025: HashMap<AdminUnitCode, Vec<usize>>,
    fingerprint: String,
}

impl AdminUnits {
    /// Parses the data shipped with vieclam.
    pub fn embedded() -> Result<AdminUnits, UnitError> {
        AdminUnits::from_csv(
            embedded::UNITS_LEGACY,
            embedded::UNITS_2025,
            embedded::CROSSWALK,
        )
    }

    /// Parses the three CSV files of `data/admin-units/`.
    pub fn from_csv(
        legacy_csv: &str,
        units_2025_csv: &str,
        crosswalk_csv: &str,
    ) -> Result<AdminUnits, UnitError> {
        let mut units = Vec::new();
        load_legacy(legacy_csv, &mut units)?;
        load_2025(units_2025_csv, &mut units)?;
        let crosswalk = load_crosswalk(crosswalk_csv)?;
        AdminUnits::from_parts(units, crosswalk)
    }

    /// Builds the indexes over units and crosswalk links, checking that every
    /// parent and every crosswalk code exists.
    pub fn from_parts(
        units: Vec<AdminUnit>,
        crosswalk: Vec<CrosswalkLink>,
    ) -> Result<AdminUnits, UnitError> {
        let mut by_key = HashMap::with_capacity(units.len());
        for (index, unit) in units.iter().enumerate() {
            if by_key.insert(unit.key(), index).is_some() {
                return Err(UnitError::BadData {
                    file: "units",
                    line: index + 2,
                    reason: format!("duplicate unit {}", unit.key()),
                });
            }
        }
        let mut children: HashMap<UnitKey, Vec<usize>> = HashMap::new();
        for (index, unit) in units.iter().enumerate() {
            if let Some(parent_code) = &unit.parent_code {
                let parent = UnitKey {
                    structure: unit.structure,
                    code: parent_code.clone(),
                };
                if !by_key.contains_key(&parent) {
                    return Err(UnitError::BadData {
                        file: "units",
                        line: index + 2,
                        reason: format!("parent {parent} of {} is missing", unit.key()),
                    });
                }
                children.entry(parent).or_default().push(index);
            }
        }
        let mut crosswalk_by_legacy: HashMap<AdminUnitCode, Vec<usize>> = HashMap::new();
        let mut crosswalk_by_2025: HashMap<AdminUnitCode, Vec<usize>> = HashMap::new();
        for (index, link) in crosswalk.iter().enumerate() {
            let legacy_exists = by_key.contains_key(&UnitKey {
                structure: UnitStructure::Legacy,
                code: link.legacy_code.clone(),
            });
            let new_exists = by_key.contains_key(&UnitKey {
                structure: UnitStructure::TwoTier2025,
                code: link.code_2025.clone(),
            });
            if !legacy_exists || !new_exists {
                return Err(UnitError::BadData {
                    file: "crosswalk-legacy-to-2025.csv",
                    line: index + 2,
                    reason: format!(
                        "link {} → {} names a unit that does not exist",
                        link.legacy_code, link.code_2025
                    ),
                });
            }
            crosswalk_by_legacy
                .entry(link.legacy_code.clone())
                .or_default()
                .push(index);
            crosswalk_by_2025
                .entry(link.code_2025.clone())
                .or_default()
                .push(index);
        }
        let folded = units
            .iter()
            .map(|unit| {
                (
                    vieclam_text::folded_words(&unit.short_name),
                    vieclam_text::folded_words(&unit.name),
                )
            })
            .collect();
        let exact = units
            .iter()
            .map(|unit| {
                (
                    vieclam_text::exact_words(&unit.short_name),
                    vieclam_text::exact_words(&unit.name),
                )
            })
            .collect();
        let fingerprint = fingerprint(&units, &crosswalk);
        Ok(AdminUnits {
            fingerprint,
            units,
            by_key,
            children,
            folded,
            exact,
            crosswalk,
            crosswalk_by_legacy,
            crosswalk_by_2025,
        })
    }

    /// A digest of every unit and link: the store compares it to know whether
    /// its copy of the reference data is current.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Every unit, legacy structure first, each parent before its children.
    pub fn all(&self) -> &[AdminUnit] {
        &self.units
    }

    pub fn crosswalk(&self) -> &[CrosswalkLink] {
        &self.crosswalk
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The unit with this key.
    pub fn get(&self, key: &UnitKey) -> Result<&AdminUnit, UnitError> {
        self.by_key
            .get(key)
            .map(|&index| &self.units[index])
            .ok_or_else(|| UnitError::UnknownUnit {
                structure: key.structure,
                code: key.code.to_string(),
            })
    }

    /// The unit that `code` names on `date`: the code is read in the structure
    /// in force on that date.
    pub fn resolve_code(&self, code: &str, date: NaiveDate) -> Result<&AdminUnit, UnitError> {
        self.get(&UnitKey::parse(code, date)?)
    }

    /// The units directly below `key`.
    pub fn children(&self, key: &UnitKey) -> impl Iterator<Item = &AdminUnit> {
        self.children
            .get(key)
            .into_iter()
            .flatten()
            .map(|&index| &self.units[index])
    }

    /// The chain of units above `unit`, nearest first.
    pub fn ancestors<'a>(&'a self, unit: &'a AdminUnit) -> impl Iterator<Item = &'a AdminUnit> {
        let mut current = unit;
        std::iter::from_fn(move || {
            let parent_code = current.parent_code.as_ref()?;
            let parent = self
                .get(&UnitKey {
                    structure: current.structure,
                    code: parent_code.clone(),
                })
                .ok()?;
            current = parent;
            Some(parent)
        })
    }

    /// True when `inner` is `outer` or lies below it in the same structure.
    pub fn is_within(&self, inner: &UnitKey, outer: &UnitKey) -> bool {
        if inner.structure != outer.structure {
            return false;
        }
        if inner == outer {
            return true;
        }
        let Ok(unit) = self.get(inner) else {
            return false;
        };
        self.ancestors(unit)
            .any(|ancestor| ancestor.code == outer.code)
    }

    /// True when everything in `target` lies inside `scope`, across the two
    /// structures.
    ///
    /// In one structure this is [`AdminUnits::is_within`]. A legacy target is
    /// inside a 2025 scope when every new unit it went into is inside the
    /// scope. A 2025 target is inside a legacy scope when every old unit that
    /// went into it was inside the scope. The rule is strict on purpose: a
    /// unit that straddles the edge of an officer's area is outside it.
    pub fn covers(&self, scope: &UnitKey, target: &UnitKey) -> bool {
        if scope.structure == target.structure {
            return self.is_within(target, scope);
        }
        let Ok(target_unit) = self.get(target) else {
            return false;
        };
        let counterparts: Vec<UnitKey> = match target.structure {
            UnitStructure::Legacy => self
                .links_from_legacy(target_unit)
                .map(|link| UnitKey {
                    structure: UnitStructure::TwoTier2025,
                    code: link.code_2025.clone(),
                })
                .collect(),
            UnitStructure::TwoTier2025 => self
                .links_into_2025(target_unit)
                .map(|link| UnitKey {
                    structure: UnitStructure::Legacy,
                    code: link.legacy_code.clone(),
                })
                .collect(),
        };
        !counterparts.is_empty()
            && counterparts
                .iter()
                .all(|counterpart| self.is_within(counterpart, scope))
    }

    /// Crosswalk links out of a legacy unit: its own links for a commune (or
    /// an island district), and the links of every commune below it for a
    /// district or a province.
    pub fn links_from_legacy<'a>(
        &'a self,
        legacy: &'a AdminUnit,
    ) -> Box<dyn Iterator<Item = &'a CrosswalkLink> + 'a> {
        let own = self
            .crosswalk_by_legacy
            .get(&legacy.code)
            .filter(|_| legacy.structure == UnitStructure::Legacy)
            .into_iter()
            .flatten()
            .map(|&index| &self.crosswalk[index]);
        if legacy.level == UnitLevel::Commune {
            return Box::new(own);
        }
        let below = self
            .children(&legacy.key())
            .flat_map(move |child| self.links_from_legacy(child));
        Box::new(own.chain(below))
    }

    /// Crosswalk links into a 2025 unit (for a province: into every commune
    /// of it).
    pub fn links_into_2025<'a>(
        &'a self,
        unit: &'a AdminUnit,
    ) -> Box<dyn Iterator<Item = &'a CrosswalkLink> + 'a> {
        if unit.structure != UnitStructure::TwoTier2025 {
            return Box::new(std::iter::empty());
        }
        if unit.level == UnitLevel::Province {
            return Box::new(
                self.children(&unit.key())
                    .flat_map(move |child| self.links_into_2025(child)),
            );
        }
        Box::new(
            self.crosswalk_by_2025
                .get(&unit.code)
                .into_iter()
                .flatten()
                .map(|&index| &self.crosswalk[index]),
        )
    }

    /// The 2025 unit that the data of a legacy commune rolls up into: the new
    /// unit it went into whole, or the one that took most of it. For a legacy
    /// district or province, the 2025 province that its communes went into.
    pub fn roll_up_to_2025(&self, legacy: &UnitKey) -> Result<&AdminUnit, UnitError> {
        let unit = self.get(legacy)?;
        if unit.structure == UnitStructure::TwoTier2025 {
            return Ok(unit);
        }
        let link = self
            .links_from_legacy(unit)
            .find(|link| link.relation.is_roll_up())
            .ok_or_else(|| UnitError::UnknownUnit {
                structure: UnitStructure::TwoTier2025,
                code: format!("(successor of {})", unit.code),
            })?;
        let commune = self.get(&UnitKey {
            structure: UnitStructure::TwoTier2025,
            code: link.code_2025.clone(),
        })?;
        if unit.level == UnitLevel::Commune {
            return Ok(commune);
        }
        self.get(&UnitKey {
            structure: UnitStructure::TwoTier2025,
            code: commune.province_code.clone(),
        })
    }

    /// The code of the 2025 province a unit lies in (or, for a legacy unit,
    /// rolls up into). Rows that must be sharded by province carry this code,
    /// so one province's rows stay together across the reform.
    pub fn current_province_code(&self, key: &UnitKey) -> Result<AdminUnitCode, UnitError> {
        let unit = self.get(key)?;
        match unit.structure {
            UnitStructure::TwoTier2025 => Ok(unit.province_code.clone()),
            UnitStructure::Legacy => {
                let province = UnitKey {
                    structure: UnitStructure::Legacy,
                    code: unit.province_code.clone(),
                };
                Ok(self.roll_up_to_2025(&province)?.code.clone())
            }
        }
    }

    /// Every commune, in either structure, that lies wholly inside `scope`
    /// (see [`AdminUnits::covers`]); the scope itself when it is a commune.
    pub fn communes_covered_by(&self, scope: &UnitKey) -> Vec<UnitKey> {
        let Ok(scope_unit) = self.get(scope) else {
            return Vec::new();
        };
        // Same structure: the communes below the scope.
        let mut covered: Vec<UnitKey> = Vec::new();
        let mut stack = vec![scope_unit];
        while let Some(unit) = stack.pop() {
            if unit.level == UnitLevel::Commune {
                covered.push(unit.key());
            }
            stack.extend(self.children(&unit.key()));
        }
        // The other structure: candidates are the crosswalk partners of
        // those communes, kept when wholly inside the scope.
        let mut partners: Vec<UnitKey> = Vec::new();
        for key in &covered {
            let Ok(unit) = self.get(key) else { continue };
            match unit.structure {
                UnitStructure::Legacy => {
                    partners.extend(self.links_from_legacy(unit).map(|link| UnitKey {
                        structure: UnitStructure::TwoTier2025,
                        code: link.code_2025.clone(),
                    }))
                }
                UnitStructure::TwoTier2025 => {
                    partners.extend(self.links_into_2025(unit).map(|link| UnitKey {
                        structure: UnitStructure::Legacy,
                        code: link.legacy_code.clone(),
                    }))
                }
            }
        }
        partners.sort();
        partners.dedup();
        covered.extend(
            partners
                .into_iter()
                .filter(|partner| self.covers(scope, partner)),
        );
        covered
    }

    /// Searches units by name, with or without diacritics, in either tone
    /// style, with or without the kind ("huyện", "quận", "Q.", "TX").
    ///
    /// Ranking: a name equal to the query first, then names that start with
    /// it, then names holding all its words; among equals, names whose accents
    /// match what the user typed, higher levels, and the current structure.
    pub fn search(&self, query: &str, options: &UnitSearch) -> Vec<UnitMatch<'_>> {
        let query_folded = expand_kind_abbreviation(&vieclam_text::folded_words(query));
        if query_folded.is_empty() {
            return Vec::new();
        }
        let query_exact = vieclam_text::exact_words(query);
        let typed_accents = vieclam_text::has_diacritics(query);
        let query_words: Vec<&str> = query_folded.split(' ').collect();
        let limit = if options.limit == 0 {
            20
        } else {
            options.limit
        };

        let mut matches: Vec<UnitMatch<'_>> = Vec::new();
        for (index, unit) in self.units.iter().enumerate() {
            if options.structure.is_some_and(|s| s != unit.structure)
                || options.level.is_some_and(|l| l != unit.level)
                || options
                    .province_code
                    .as_ref()
                    .is_some_and(|p| *p != unit.province_code)
            {
                continue;
            }
            let (short_folded, full_folded) = &self.folded[index];
            let mut score = if *short_folded == query_folded || *full_folded == query_folded {
                1000
            } else if short_folded.starts_with(&query_folded)
                || full_folded.starts_with(&query_folded)
            {
                600
            } else if contains_all_words(full_folded, &query_words) {
                300
            } else {
                continue;
            };
            if typed_accents {
                let (short_exact, full_exact) = &self.exact[index];
                if *short_exact == query_exact || *full_exact == query_exact {
                    score += 100;
                } else if full_exact.contains(&query_exact) {
                    score += 50;
                }
            }
            score += match unit.level {
                UnitLevel::Province => 30,
                UnitLevel::District => 20,
                UnitLevel::Commune => 10,
            };
            if unit.structure == UnitStructure::TwoTier2025 {
                score += 5;
            }
            matches.push(UnitMatch { unit, score });
        }
        matches.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.unit.structure.cmp(&b.unit.structure))
                .then_with(|| a.unit.code.cmp(&b.unit.code))
        });
        matches.truncate(limit);
        matches
    }

    /// The one unit that a name denotes, for importers and fixtures: the best
    /// match when it is clearly better than the next one.
    pub fn resolve_name(&self, name: &str, options: &UnitSearch) -> Result<&AdminUnit, UnitError> {
        let matches = self.search(
            name,
            &UnitSearch {
                limit: 5,
                ..options.clone()
            },
        );
        match matches.as_slice() {
            [] => Err(UnitError::UnknownName(name.to_owned())),
            [only] => Ok(only.unit),
            [first, second, ..] if first.score > second.score => Ok(first.unit),
            candidates => Err(UnitError::AmbiguousName {
                name: name.to_owned(),
                candidates: candidates
                    .iter()
                    .map(|candidate| format!("{} ({})", candidate.unit.name, candidate.unit.key()))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }
}

/// FNV-1a (64 bit) over the fields that identify units and links. Not a
/// cryptographic digest: it only tells one shipped dataset from another.
fn fingerprint(units: &[AdminUnit], crosswalk: &[CrosswalkLink]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for byte in text.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for unit in units {
        feed(unit.structure.as_str());
        feed(unit.code.as_str());
        feed(&unit.name);
        feed(unit.parent_code.as_ref().map_or("", AdminUnitCode::as_str));
        feed(&format!("{:?}{:?}{:?}", unit.lat, unit.lon, unit.area_km2));
    }
    for link in crosswalk {
        feed(link.legacy_code.as_str());
        feed(link.code_2025.as_str());
        feed(link.relation.as_str());
    }
    format!("fnv1a64:{hash:016x}:{}:{}", units.len(), crosswalk.len())
}

fn contains_all_words(haystack: &str, words: &[&str]) -> bool {
    let haystack_words: Vec<&str> = haystack.split(' ').collect();
    words.iter().all(|word| haystack_words.contains(word))
}

/// Expands an abbreviated kind at the start of a folded query: "q ba dinh" →
/// "quan ba dinh", "tx son tay" → "thi xa son tay".
fn expand_kind_abbreviation(query: &str) -> String {
    let (first, rest) = query.split_once(' ').unwrap_or((query, ""));
    if rest.is_empty() {
        return query.to_owned();
    }
    let expanded = match first {
        "q" => "quan",
        "h" => "huyen",
        "tx" => "thi xa",
        "tp" => "thanh pho",
        "p" => "phuong",
        "x" => "xa",
        "tt" => "thi tran",
        "t" => "tinh",
        _ => return query.to_owned(),
    };
    format!("{expanded} {rest}")
}

#[derive(Debug, serde::Deserialize)]
struct LegacyRow {
    province_code: String,
    province_name: String,
    district_code: String,
    district_name: String,
    district_kind: String,
    commune_code: String,
    commune_name: String,
    commune_kind: String,
    lat: String,
    lon: String,
}

#[derive(Debug, serde::Deserialize)]
struct Row2025 {
    province_code: String,
    province_name: String,
    commune_code: String,
    commune_name: String,
    commune_kind: String,
    lat: String,
    lon: String,
    area_km2: String,
}

#[derive(Debug, serde::Deserialize)]
struct CrosswalkRow {
    legacy_district_code: String,
    legacy_commune_code: String,
    commune_code_2025: String,
    relation: String,
}

fn bad(file: &'static str, line: usize, reason: impl Into<String>) -> UnitError {
    UnitError::BadData {
        file,
        line,
        reason: reason.into(),
    }
}

fn parse_code(file: &'static str, line: usize, text: &str) -> Result<AdminUnitCode, UnitError> {
    AdminUnitCode::parse(text).map_err(|error| bad(file, line, error.to_string()))
}

fn parse_optional_number(
    file: &'static str,
    line: usize,
    text: &str,
) -> Result<Option<f64>, UnitError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| bad(file, line, format!("not a number: {text:?}")))
}

/// Removes the kind word from the front of a name: "Huyện Ứng Hòa" → "Ứng Hòa".
fn strip_kind(name: &str, kind_word: &str) -> String {
    name.strip_prefix(kind_word)
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name)
        .to_owned()
}

fn province_unit(structure: UnitStructure, code: AdminUnitCode, name: &str) -> AdminUnit {
    let kind = UnitKind::from_province_name(name);
    AdminUnit {
        structure,
        level: UnitLevel::Province,
        province_code: code.clone(),
        code,
        short_name: strip_kind(name, kind.name_vi()),
        name: name.to_owned(),
        kind,
        parent_code: None,
        valid_from: structure.valid_from(),
        valid_to: structure.valid_to(),
        lat: None,
        lon: None,
        area_km2: None,
    }
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes())
}

fn load_legacy(text: &str, units: &mut Vec<AdminUnit>) -> Result<(), UnitError> {
    const FILE: &str = "units-legacy.csv";
    let structure = UnitStructure::Legacy;
    let mut seen_province = std::collections::HashSet::new();
    let mut seen_district = std::collections::HashSet::new();
    for (index, row) in csv_reader(text).deserialize::<LegacyRow>().enumerate() {
        let line = index + 2;
        let row = row.map_err(|error| bad(FILE, line, error.to_string()))?;
        let province_code = parse_code(FILE, line, &row.province_code)?;
        if seen_province.insert(province_code.clone()) {
            units.push(province_unit(
                structure,
                province_code.clone(),
                &row.province_name,
            ));
        }
        let district_code = parse_code(FILE, line, &row.district_code)?;
        if seen_district.insert(district_code.clone()) {
            let kind = UnitKind::from_district_word(&row.district_kind).ok_or_else(|| {
                bad(
                    FILE,
                    line,
                    format!("unknown district kind {:?}", row.district_kind),
                )
            })?;
            units.push(AdminUnit {
                structure,
                level: UnitLevel::District,
                code: district_code.clone(),
                short_name: strip_kind(&row.district_name, &row.district_kind),
                name: row.district_name.clone(),
                kind,
                parent_code: Some(province_code.clone()),
                province_code: province_code.clone(),
                valid_from: structure.valid_from(),
                valid_to: structure.valid_to(),
                lat: None,
                lon: None,
                area_km2: None,
            });
        }
        if row.commune_code.trim().is_empty() {
            // An island district without communes.
            continue;
        }
        let kind = UnitKind::from_commune_word(&row.commune_kind).ok_or_else(|| {
            bad(
                FILE,
                line,
                format!("unknown commune kind {:?}", row.commune_kind),
            )
        })?;
        units.push(AdminUnit {
            structure,
            level: UnitLevel::Commune,
            code: parse_code(FILE, line, &row.commune_code)?,
            short_name: strip_kind(&row.commune_name, &row.commune_kind),
            name: row.commune_name.clone(),
            kind,
            parent_code: Some(district_code),
            province_code,
            valid_from: structure.valid_from(),
            valid_to: structure.valid_to(),
            lat: parse_optional_number(FILE, line, &row.lat)?,
            lon: parse_optional_number(FILE, line, &row.lon)?,
            area_km2: None,
        });
    }
    Ok(())
}

fn load_2025(text: &str, units: &mut Vec<AdminUnit>) -> Result<(), UnitError> {
    const FILE: &str = "units-2025.csv";
    let structure = UnitStructure::TwoTier2025;
    let mut seen_province = std::collections::HashSet::new();
    for (index, row) in csv_reader(text).deserialize::<Row2025>().enumerate() {
        let line = index + 2;
        let row = row.map_err(|error| bad(FILE, line, error.to_string()))?;
        let province_code = parse_code(FILE, line, &row.province_code)?;
        if seen_province.insert(province_code.clone()) {
            units.push(province_unit(
                structure,
                province_code.clone(),
                &row.province_name,
            ));
        }
        let kind = UnitKind::from_commune_word(&row.commune_kind).ok_or_else(|| {
            bad(
                FILE,
                line,
                format!("unknown commune kind {:?}", row.commune_kind),
            )
        })?;
        units.push(AdminUnit {
            structure,
            level: UnitLevel::Commune,
            code: parse_code(FILE, line, &row.commune_code)?,
            short_name: strip_kind(&row.commune_name, &row.commune_kind),
            name: row.commune_name.clone(),
            kind,
            parent_code: Some(province_code.clone()),
            province_code,
            valid_from: structure.valid_from(),
            valid_to: structure.valid_to(),
            lat: parse_optional_number(FILE, line, &row.lat)?,
            lon: parse_optional_number(FILE, line, &row.lon)?,
            area_km2: parse_optional_number(FILE, line, &row.area_km2)?,
        });
    }
    Ok(())
}

fn load_crosswalk(text: &str) -> Result<Vec<CrosswalkLink>, UnitError> {
    const FILE: &str = "crosswalk-legacy-to-2025.csv";
    let mut links = Vec::new();
    for (index, row) in csv_reader(text).deserialize::<CrosswalkRow>().enumerate() {
        let line = index + 2;
        let row = row.map_err(|error| bad(FILE, line, error.to_string()))?;
        let legacy_code = if row.legacy_commune_code.trim().is_empty() {
            parse_code(FILE, line, &row.legacy_district_code)?
        } else {
            parse_code(FILE, line, &row.legacy_commune_code)?
        };
        links.push(CrosswalkLink {
            legacy_code,
            code_2025: parse_code(FILE, line, &row.commune_code_2025)?,
            relation: CrosswalkRelation::parse(&row.relation)
                .ok_or_else(|| bad(FILE, line, format!("unknown relation {:?}", row.relation)))?,
        });
    }
    Ok(links)
}
