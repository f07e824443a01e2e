//! Administrative-unit codes and keys (AdminUnitCode::parse, UnitKey::parse,
//! the small enums), their resolution against the embedded unit table, and
//! the unit name search with the table loaded.
//!
//! The name search scans every unit (about 13,000, a few milliseconds), so
//! it runs on one input in 64 (control byte 0 with its low six bits clear),
//! mostly within one province (one search in 16 over the whole country),
//! and the walk over every commune of a unit on one in 16: tens of
//! thousands of searches in a million-execution run, while the cheap parsers
//! get the rest.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_domain::{
    AdminUnitCode, CrosswalkRelation, UnitKey, UnitKind, UnitLevel, UnitSearch, UnitStructure,
};
use vieclam_fuzz::{date_from, split, text, units};

fuzz_target!(|data: &[u8]| {
    let (head, rest) = split::<4>(data);
    let date = date_from([head[1], head[2]]);
    let input = text(rest);
    let units = units();

    if let Ok(code) = AdminUnitCode::parse(&input) {
        assert!(matches!(code.as_str().len(), 2 | 3 | 5));
        assert_eq!(code.as_str().len(), code.level().code_length());
        assert_eq!(AdminUnitCode::parse(code.as_str()).as_ref(), Ok(&code));
    }
    let _ = UnitStructure::parse(&input);
    let _ = UnitLevel::parse(&input);
    let _ = UnitKind::parse(&input);
    let _ = CrosswalkRelation::parse(&input);

    if let Ok(key) = UnitKey::parse(&input, date) {
        // Display writes what parse reads back.
        assert_eq!(UnitKey::parse(&key.to_string(), date).as_ref(), Ok(&key));
        if let Ok(unit) = units.get(&key) {
            assert_eq!(unit.key(), key);
            for ancestor in units.ancestors(unit) {
                assert!(units.is_within(&key, &ancestor.key()));
                assert!(units.covers(&ancestor.key(), &key));
            }
            let _ = units.children(&key).count();
            let _ = units.current_province_code(&key);
            if key.structure == UnitStructure::Legacy {
                let _ = units.roll_up_to_2025(&key);
                let _ = units.links_from_legacy(unit).count();
            } else {
                let _ = units.links_into_2025(unit).count();
            }
            if head[3] & 0x0f == 0 {
                let _ = units.communes_covered_by(&key);
            }
        }
    }
    let _ = units.resolve_code(&input, date);
    let _ = vieclam_sheets::units::parse_unit(&input, date, units);

    if head[0] & 0x3f == 0 {
        let options = UnitSearch {
            structure: match head[3] & 0x03 {
                0 => None,
                1 => Some(UnitStructure::Legacy),
                _ => Some(UnitStructure::TwoTier2025),
            },
            level: match (head[3] >> 2) & 0x03 {
                0 => None,
                1 => Some(UnitLevel::Province),
                2 => Some(UnitLevel::District),
                _ => Some(UnitLevel::Commune),
            },
            // Within one province (a few hundred units) but for one search
            // in sixteen over the whole country: the scan stays cheap.
            province_code: (head[3] & 0xf0 != 0xf0).then(|| {
                let code =
                    ["01", "79", "26", "04", "48", "92", "22", "33"][usize::from(head[3] >> 4) % 8];
                AdminUnitCode::parse(code).expect("a province code")
            }),
            limit: usize::from(head[0] >> 6) * 7,
        };
        let found = units.search(&input, &options);
        let limit = if options.limit == 0 {
            20
        } else {
            options.limit
        };
        assert!(found.len() <= limit);
        assert!(found.windows(2).all(|pair| pair[0].score >= pair[1].score));
        let _ = units.resolve_name(&input, &options);
    }
});
