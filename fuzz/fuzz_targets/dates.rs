//! Dates as written on forms and in sheets (`parse_date`: dd/mm/yyyy,
//! d-m-yyyy, dd.mm.yyyy, ISO), plan periods (`Period::parse`), and the age
//! rule over parsed dates.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use vieclam_domain::registry::{age_on, parse_date};
use vieclam_domain::UnitStructure;
use vieclam_fuzz::{date_from, split, text};
use vieclam_plans::Period;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = split::<2>(data);
    let input = text(rest);
    if let Ok(date) = parse_date(&input) {
        assert!((1900..=2200).contains(&date.year()), "{date}");
        // Both written forms read back as the same day.
        assert_eq!(parse_date(&date.format("%d/%m/%Y").to_string()), Ok(date));
        assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()), Ok(date));
        let today = date_from(head);
        let age = age_on(date, today);
        // Birth 1900–2200, today 1900–2259 (see `date_from`).
        assert!((-301..=359).contains(&age), "{age}");
        let _ = UnitStructure::valid_on(date);
    }
    if let Ok(period) = Period::parse(&input) {
        assert!(period.n_months() >= 1);
        assert_eq!(period.months().count() as i32, period.n_months());
        assert_eq!(Period::parse(&period.to_string()).ok(), Some(period));
    }
});
