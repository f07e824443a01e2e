//! The one error of every field parser: why a value was refused, in
//! Vietnamese and English. Importers add the row, column and value.

use std::fmt;

/// A value that does not parse, with the reason in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidValue {
    pub reason_vi: String,
    pub reason_en: String,
}

impl InvalidValue {
    pub fn new(reason_vi: impl Into<String>, reason_en: impl Into<String>) -> InvalidValue {
        InvalidValue {
            reason_vi: reason_vi.into(),
            reason_en: reason_en.into(),
        }
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.reason_en)
    }
}

impl std::error::Error for InvalidValue {}
