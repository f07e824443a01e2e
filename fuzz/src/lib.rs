//! Helpers shared by the fuzz targets: the embedded unit table (loaded
//! once per process), dates picked by the fuzzer, and the lossy text view
//! of an input.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::NaiveDate;
use vieclam_domain::AdminUnits;

/// The administrative units shipped with vieclam, parsed once.
pub fn units() -> &'static AdminUnits {
    static UNITS: OnceLock<AdminUnits> = OnceLock::new();
    UNITS.get_or_init(|| AdminUnits::embedded().expect("the embedded unit data parses"))
}

/// The input as text: invalid UTF-8 becomes U+FFFD, so every input reaches
/// the parser.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A date between 1900 and 2200 chosen by two bytes: both unit structures
/// and both sides of the reform date get picked.
pub fn date_from(bytes: [u8; 2]) -> NaiveDate {
    let days = i64::from(u16::from_le_bytes(bytes)) * 2; // up to ~360 years
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") + chrono::Days::new(days as u64)
}

/// Splits off the first `N` bytes (zero-padded when the input is shorter).
pub fn split<const N: usize>(data: &[u8]) -> ([u8; N], &[u8]) {
    let mut head = [0u8; N];
    let n = data.len().min(N);
    head[..n].copy_from_slice(&data[..n]);
    (head, &data[n..])
}
