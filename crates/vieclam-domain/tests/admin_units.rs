//! The shipped administrative units: both structures, the crosswalk, codes
//! read by date, and name search with and without diacritics.

use std::sync::OnceLock;

use chrono::NaiveDate;
use vieclam_domain::{AdminUnits, UnitError, UnitKey, UnitLevel, UnitSearch, UnitStructure};

pub fn units() -> &'static AdminUnits {
    static UNITS: OnceLock<AdminUnits> = OnceLock::new();
    UNITS.get_or_init(|| AdminUnits::embedded().expect("the shipped unit data loads"))
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn count(structure: UnitStructure, level: UnitLevel) -> usize {
    units()
        .all()
        .iter()
        .filter(|unit| unit.structure == structure && unit.level == level)
        .count()
}

#[test]
fn both_structures_have_the_official_counts() {
    assert_eq!(count(UnitStructure::Legacy, UnitLevel::Province), 63);
    assert_eq!(count(UnitStructure::Legacy, UnitLevel::District), 696);
    assert_eq!(count(UnitStructure::TwoTier2025, UnitLevel::Province), 34);
    assert_eq!(count(UnitStructure::TwoTier2025, UnitLevel::District), 0);
    assert_eq!(count(UnitStructure::TwoTier2025, UnitLevel::Commune), 3321);
    assert_eq!(units().crosswalk().len(), 10_602);
}

#[test]
fn a_reused_code_is_read_in_the_structure_of_its_date() {
    let before = units().resolve_code("00004", date("2021-01-21")).unwrap();
    assert_eq!(before.name, "Phường Trúc Bạch");
    assert_eq!(before.structure, UnitStructure::Legacy);
    let after = units().resolve_code("00004", date("2026-01-01")).unwrap();
    assert_eq!(after.name, "Phường Ba Đình");
    assert_eq!(after.structure, UnitStructure::TwoTier2025);
    // The last day before the reform still reads the old structure.
    let last_day = units().resolve_code("00004", date("2025-06-30")).unwrap();
    assert_eq!(last_day.structure, UnitStructure::Legacy);
    // An explicit structure wins over the date.
    let explicit = units()
        .resolve_code("legacy:00004", date("2026-01-01"))
        .unwrap();
    assert_eq!(explicit.name, "Phường Trúc Bạch");
}

#[test]
fn reused_province_codes_name_different_provinces() {
    let before = units().resolve_code("44", date("2024-01-01")).unwrap();
    let after = units().resolve_code("44", date("2026-01-01")).unwrap();
    assert_eq!(before.name, "Tỉnh Quảng Bình");
    assert_eq!(after.name, "Tỉnh Quảng Trị");
}

#[test]
fn unknown_and_malformed_codes_are_errors() {
    let today = date("2026-11-24");
    assert!(matches!(
        units().resolve_code("99999", today),
        Err(UnitError::UnknownUnit { .. })
    ));
    assert!(matches!(
        units().resolve_code("12a", today),
        Err(UnitError::MalformedCode(_))
    ));
    assert!(matches!(
        units().resolve_code("1234", today),
        Err(UnitError::MalformedCode(_))
    ));
    assert!(matches!(
        units().resolve_code("old-ish:001", today),
        Err(UnitError::UnknownStructure(_))
    ));
    // A district code does not exist after the reform.
    assert!(units().resolve_code("001", today).is_err());
    assert_eq!(
        units()
            .resolve_code("001", date("2021-01-01"))
            .unwrap()
            .name,
        "Quận Ba Đình"
    );
}

/// The 30 districts of the appendix of Kế hoạch 14/KH-UBND (Hanoi, 2021), as
/// written there.
const HANOI_2021_DISTRICTS: [&str; 30] = [
    "Ba Đình",
    "Ba Vì",
    "Bắc Từ Liêm",
    "Cầu Giấy",
    "Chương Mỹ",
    "Đan Phượng",
    "Đông Anh",
    "Đống Đa",
    "Gia Lâm",
    "Hà Đông",
    "Hai Bà Trưng",
    "Hoài Đức",
    "Hoàn Kiếm",
    "Hoàng Mai",
    "Long Biên",
    "Mê Linh",
    "Mỹ Đức",
    "Nam Từ Liêm",
    "Phú Xuyên",
    "Phúc Thọ",
    "Quốc Oai",
    "Sóc Sơn",
    "Sơn Tây",
    "Tây Hồ",
    "Thạch Thất",
    "Thanh Oai",
    "Thanh Trì",
    "Thanh Xuân",
    "Thường Tín",
    "Ứng Hòa",
];

#[test]
fn hanoi_2021_districts_resolve_with_and_without_diacritics() {
    let options = UnitSearch {
        structure: Some(UnitStructure::Legacy),
        level: Some(UnitLevel::District),
        province_code: Some(vieclam_domain::AdminUnitCode::parse("01").unwrap()),
        limit: 5,
    };
    let mut codes = std::collections::BTreeSet::new();
    for name in HANOI_2021_DISTRICTS {
        let accented = units().resolve_name(name, &options).unwrap();
        let folded = units()
            .resolve_name(&vieclam_text::fold(name), &options)
            .unwrap();
        assert_eq!(accented.code, folded.code, "{name}");
        assert_eq!(accented.short_name, name, "{name}");
        codes.insert(accented.code.clone());
    }
    assert_eq!(codes.len(), 30, "thirty different districts");
}

#[test]
fn districts_resolve_by_their_date_without_hints() {
    // Without a level hint, the 2021 plan's names still resolve when searched
    // in the structure valid in 2021.
    let options = UnitSearch {
        structure: Some(UnitStructure::valid_on(date("2021-01-21"))),
        province_code: Some(vieclam_domain::AdminUnitCode::parse("01").unwrap()),
        ..UnitSearch::default()
    };
    for name in HANOI_2021_DISTRICTS {
        let unit = units().resolve_name(name, &options).unwrap();
        assert_eq!(unit.level, UnitLevel::District, "{name}");
    }
}

fn first_hit(query: &str) -> String {
    let hits = units().search(query, &UnitSearch::default());
    hits.first()
        .map(|hit| hit.unit.name.clone())
        .unwrap_or_default()
}

#[test]
fn search_finds_names_however_they_are_typed() {
    let hits = units().search("ung hoa", &UnitSearch::default());
    assert!(hits.iter().any(|hit| hit.unit.name == "Huyện Ứng Hòa"));
    assert!(hits.iter().any(|hit| hit.unit.name == "Xã Ứng Hòa"));
    assert_eq!(first_hit("huyện ứng hoà"), "Huyện Ứng Hòa");
    assert_eq!(first_hit("H. Ung Hoa"), "Huyện Ứng Hòa");
    assert_eq!(first_hit("Q. Ba Đình"), "Quận Ba Đình");
    assert_eq!(first_hit("tx son tay"), "Thị xã Sơn Tây");
    assert_eq!(first_hit("Hà Nội"), "Thành phố Hà Nội");
    assert!(units().search("zzzz", &UnitSearch::default()).is_empty());
    assert!(units().search("  ", &UnitSearch::default()).is_empty());
}

#[test]
fn accents_typed_by_the_user_rank_first() {
    // "Hoà Bình" (new tone style) must prefer Hòa Bình over Hoa Bình-like
    // folded matches.
    let hits = units().search(
        "Hòa Bình",
        &UnitSearch {
            limit: 50,
            ..UnitSearch::default()
        },
    );
    let first = hits.first().unwrap();
    assert_eq!(
        vieclam_text::exact_key(&first.unit.short_name),
        vieclam_text::exact_key("Hoà Bình")
    );
}

#[test]
fn a_legacy_commune_maps_to_its_2025_unit() {
    let phuc_xa = UnitKey::parse("legacy:00001", date("2026-01-01")).unwrap();
    let new_unit = units().roll_up_to_2025(&phuc_xa).unwrap();
    assert_eq!(new_unit.code.as_str(), "00097");
    assert_eq!(new_unit.structure, UnitStructure::TwoTier2025);
    // A divided commune rolls up into its default part.
    let cong_vi = UnitKey::parse("legacy:00007", date("2026-01-01")).unwrap();
    assert_eq!(
        units().roll_up_to_2025(&cong_vi).unwrap().code.as_str(),
        "00008"
    );
    // A legacy district rolls up into its 2025 province.
    let ung_hoa = UnitKey::parse("legacy:281", date("2026-01-01")).unwrap();
    assert_eq!(
        units().roll_up_to_2025(&ung_hoa).unwrap().name,
        "Thành phố Hà Nội"
    );
    // Hà Giang went into Tuyên Quang.
    let ha_giang = UnitKey::parse("legacy:02", date("2026-01-01")).unwrap();
    assert_eq!(
        units().roll_up_to_2025(&ha_giang).unwrap().name,
        "Tỉnh Tuyên Quang"
    );
}

#[test]
fn every_legacy_commune_rolls_up_to_exactly_one_unit() {
    for unit in units().all() {
        if unit.structure == UnitStructure::Legacy && unit.level == UnitLevel::Commune {
            let n_roll_up = units()
                .links_from_legacy(unit)
                .filter(|link| link.relation.is_roll_up())
                .count();
            assert_eq!(n_roll_up, 1, "{}", unit.key());
        }
    }
}

#[test]
fn scope_covers_units_below_and_across_the_reform() {
    let on = date("2026-01-01");
    let hanoi_2025 = UnitKey::parse("2025:01", on).unwrap();
    let hanoi_legacy = UnitKey::parse("legacy:01", on).unwrap();
    let ba_dinh_district = UnitKey::parse("legacy:001", on).unwrap();
    let phuc_xa = UnitKey::parse("legacy:00001", on).unwrap();
    let ba_dinh_ward_2025 = UnitKey::parse("2025:00004", on).unwrap();
    let hoan_kiem_district = UnitKey::parse("legacy:002", on).unwrap();

    assert!(units().covers(&hanoi_2025, &hanoi_2025));
    assert!(units().covers(&hanoi_legacy, &phuc_xa));
    assert!(units().covers(&ba_dinh_district, &phuc_xa));
    assert!(!units().covers(&hoan_kiem_district, &phuc_xa));
    // Old Hanoi data lies in new Hanoi, and the other way round.
    assert!(units().covers(&hanoi_2025, &phuc_xa));
    assert!(units().covers(&hanoi_legacy, &ba_dinh_ward_2025));
    // Across provinces nothing is covered.
    let ho_chi_minh = UnitKey::parse("2025:79", on).unwrap();
    assert!(!units().covers(&ho_chi_minh, &phuc_xa));
    assert!(!units().covers(&ba_dinh_district, &ho_chi_minh));
}

#[test]
fn communes_covered_by_a_scope_span_both_structures() {
    let on = date("2026-01-01");
    let ba_dinh_district = UnitKey::parse("legacy:001", on).unwrap();
    let covered = units().communes_covered_by(&ba_dinh_district);
    let legacy = covered
        .iter()
        .filter(|k| k.structure == UnitStructure::Legacy)
        .count();
    assert_eq!(legacy, 13);
    // Phường Ba Đình (2025) also took parts of Hoàn Kiếm district's wards,
    // so it is not wholly inside Ba Đình district.
    assert!(!covered.contains(&UnitKey::parse("2025:00004", on).unwrap()));
    assert!(covered
        .iter()
        .all(|key| units().covers(&ba_dinh_district, key)));
    let hoa_xa = UnitKey::parse("2025:10417", on).unwrap();
    let covered = units().communes_covered_by(&hoa_xa);
    assert!(covered.contains(&hoa_xa));
    assert!(covered
        .iter()
        .any(|key| key.structure == UnitStructure::Legacy));
}

#[test]
fn communes_of_both_structures_keep_their_centroid() {
    let code = |text: &str| UnitKey::parse(text, date("2026-01-01")).unwrap();
    let hoa_xa = units().get(&code("2025:10417")).unwrap();
    assert_eq!(hoa_xa.name, "Xã Hòa Xá");
    assert_eq!(hoa_xa.centroid(), Some((20.6673, 105.79)));
    let phuc_xa = units().get(&code("legacy:00001")).unwrap();
    assert_eq!(phuc_xa.centroid(), Some((21.046798, 105.848112)));
    for unit in units().all() {
        let has = unit.centroid().is_some();
        assert_eq!(has, unit.level == UnitLevel::Commune, "{}", unit.name);
    }
}
