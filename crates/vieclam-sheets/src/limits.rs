//! How big a spreadsheet vieclam agrees to read. Every bound is checked
//! before the part it protects is parsed, so a hostile file — a zip bomb, a
//! sheet declaring a billion shared strings, two cells at A1 and
//! XFD1048576 — is refused with a clear error instead of taking the memory
//! of the process.

use serde::{Deserialize, Serialize};

/// The limits of one import. The defaults fit the largest real register a
/// commune or a district sends (tens of thousands of rows, a few dozen
/// columns) with room to spare, and keep one import under about a gigabyte
/// of memory at worst. A server reads them from its configuration; every
/// field may be left out there and keeps its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SheetLimits {
    /// The size of the file as uploaded. Default 64 MiB.
    pub max_bytes: u64,
    /// Data rows under the header row. In an XLSX file a non-empty cell
    /// further down than row `max_rows + 1` is refused, as is a sheet whose
    /// declared dimension is taller. Default 200,000.
    pub max_rows: usize,
    /// Columns. In an XLSX file a non-empty cell further right than column
    /// `max_columns` is refused, as is a wider declared dimension.
    /// Default 200.
    pub max_columns: usize,
    /// Cells kept in memory, the header's and the empty ones between
    /// non-empty cells of a row included. Default 5,000,000.
    pub max_cells: usize,
    /// Characters in one cell. Default 32,767, Excel's own limit.
    pub max_cell_chars: usize,
    /// Distinct strings an XLSX file's shared-string table may declare
    /// (`uniqueCount`). Default 1,000,000.
    pub max_shared_strings: usize,
    /// The sizes of all the parts of an XLSX file once decompressed, as the
    /// zip directory declares them (the zip reader refuses to inflate a part
    /// past its declared size, so the declaration binds). Default 256 MiB.
    pub max_uncompressed_bytes: u64,
}

impl SheetLimits {
    /// Limits for the operator at the command line, who reads a file of
    /// their own from disk (a city's whole register): ten million rows and
    /// files of up to 4 GiB, still bounded so that a corrupt file cannot
    /// take all the memory.
    pub fn operator() -> SheetLimits {
        SheetLimits {
            max_bytes: 4 * 1024 * 1024 * 1024,
            max_rows: 10_000_000,
            max_cells: 400_000_000,
            max_shared_strings: 50_000_000,
            max_uncompressed_bytes: 16 * 1024 * 1024 * 1024,
            ..SheetLimits::default()
        }
    }
}

impl Default for SheetLimits {
    fn default() -> SheetLimits {
        SheetLimits {
            max_bytes: 64 * 1024 * 1024,
            max_rows: 200_000,
            max_columns: 200,
            max_cells: 5_000_000,
            max_cell_chars: 32_767,
            max_shared_strings: 1_000_000,
            max_uncompressed_bytes: 256 * 1024 * 1024,
        }
    }
}

/// A count with thousands grouped as Vietnamese writes them ("200.000").
pub(crate) fn grouped_vi(n: u64) -> String {
    grouped(n, '.')
}

/// A count with thousands grouped as English writes them ("200,000").
pub(crate) fn grouped_en(n: u64) -> String {
    grouped(n, ',')
}

fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut output = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            output.push(separator);
        }
        output.push(digit);
    }
    output
}

/// A byte count as people read it: "64 MiB", or bytes when small.
pub(crate) fn bytes_text(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{} B", grouped_en(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_each_language() {
        assert_eq!(grouped_vi(200_000), "200.000");
        assert_eq!(grouped_en(5_000_000), "5,000,000");
        assert_eq!(grouped_en(999), "999");
        assert_eq!(grouped_en(1_000), "1,000");
        assert_eq!(bytes_text(64 * 1024 * 1024), "64 MiB");
    }

    #[test]
    fn limits_read_from_configuration_keep_their_defaults() {
        let limits: SheetLimits = serde_json::from_str(r#"{"max_rows": 10}"#).unwrap();
        assert_eq!(limits.max_rows, 10);
        assert_eq!(limits.max_columns, SheetLimits::default().max_columns);
        assert!(serde_json::from_str::<SheetLimits>(r#"{"max_rowz": 10}"#).is_err());
    }
}
