//! Wages and other numbers people type: `WageRange::parse` ("8-12 triệu",
//! "8.000.000", "Thỏa thuận"), `WageRange::new`, headcounts, employer size,
//! and the plan figures of the data-values import (`parse_figure`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_domain::registry::{parse_headcount, SizeBand, WageRange, MAX_HEADCOUNT};
use vieclam_fuzz::{split, text};

fuzz_target!(|data: &[u8]| {
    let (head, rest) = split::<16>(data);
    let input = text(rest);
    if let Ok(range) = WageRange::parse(&input) {
        check(range);
        let _ = range.describe_vi();
    }
    let low = i64::from_le_bytes(head[..8].try_into().expect("8 bytes"));
    let high = i64::from_le_bytes(head[8..].try_into().expect("8 bytes"));
    for (min, max) in [
        (Some(low), Some(high)),
        (Some(low), None),
        (None, Some(high)),
    ] {
        if let Ok(range) = WageRange::new(min, max) {
            check(range);
            let _ = range.describe_vi();
        }
    }
    if let Ok(n) = parse_headcount(&input) {
        assert!((1..=MAX_HEADCOUNT).contains(&n));
    }
    let _ = SizeBand::parse_or_count(&input);
    if let Some(value) = vieclam_sheets::plans::parse_figure(&input) {
        assert!(value.is_finite());
        let _ = vieclam_sheets::plans::figure_text(Some(value));
    }
});

fn check(range: WageRange) {
    for value in [range.min_vnd, range.max_vnd].into_iter().flatten() {
        assert!((0..=1_000_000_000).contains(&value), "{range:?}");
    }
    if let (Some(min), Some(max)) = (range.min_vnd, range.max_vnd) {
        assert!(min <= max, "{range:?}");
    }
}
