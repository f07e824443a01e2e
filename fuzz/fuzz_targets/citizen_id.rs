//! CitizenId::parse and the facts read from a parsed number.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use vieclam_domain::registry::{CitizenId, Sex};
use vieclam_fuzz::{split, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    if let Ok(id) = CitizenId::parse(&input) {
        assert_eq!(id.as_str().len(), 12);
        assert!(id.as_str().bytes().all(|b| b.is_ascii_digit()));
        // The canonical form reads back as itself.
        assert_eq!(CitizenId::parse(id.as_str()).as_ref(), Ok(&id));
        assert_eq!(CitizenId::parse(&id.to_string()).as_ref(), Ok(&id));
        let year = id.birth_year();
        assert!((1800..=2299).contains(&year), "{year}");
        let _ = (id.province_code(), id.century());
        let born = NaiveDate::from_ymd_opt(year, 6, 15).expect("year in range");
        assert!(id.check_person(born, id.sex()).is_ok());
        let other = if id.sex() == Sex::Male {
            Sex::Female
        } else {
            Sex::Male
        };
        assert!(id.check_person(born, other).is_err());
        assert_eq!(String::from(id.clone()), id.as_str());
    }
    // compose() with numbers the fuzzer picks, and the province it typed.
    let (head, rest) = split::<9>(data);
    let sex = if head[0] & 1 == 0 {
        Sex::Male
    } else {
        Sex::Female
    };
    let year = i32::from_le_bytes([head[1], head[2], head[3], head[4]]);
    let serial = u32::from_le_bytes([head[5], head[6], head[7], head[8]]);
    let province = text(rest);
    if let Some(id) = CitizenId::compose(&province, sex, year, serial) {
        assert_eq!(id.sex(), sex);
        assert_eq!(id.birth_year(), year);
    }
    if let Some(id) = CitizenId::compose("001", sex, year, serial) {
        assert_eq!(id.birth_year(), year);
    }
});
