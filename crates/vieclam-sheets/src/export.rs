//! Writing a register as CSV (UTF-8 with a BOM, which Excel needs to show
//! Vietnamese) or XLSX, with the import's own headers so that an export
//! imports back unchanged.
//!
//! A CSV cell that Excel would run as a formula (it starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return: "formula injection") is written
//! behind an apostrophe, which Excel shows as text and the import takes
//! away again. XLSX cells are written as strings, never formulas, so they
//! need no guard; there a cell longer than Excel's limit is cut instead.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Workbook};

use crate::table::Column;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" | "excel" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write the CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes `rows` under the Vietnamese headers of `columns`. Every cell is
/// text, so codes keep their leading zeros in Excel.
pub fn write_sheet(
    format: ExportFormat,
    sheet_name: &str,
    columns: &[Column],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Csv => {
            let mut output = b"\xEF\xBB\xBF".to_vec();
            {
                let mut writer = csv::Writer::from_writer(&mut output);
                writer.write_record(columns.iter().map(|column| column.header_vi))?;
                for row in rows {
                    writer
                        .write_record(row.iter().map(|value| escape_formula(value).into_owned()))?;
                }
                writer.flush()?;
            }
            Ok(output)
        }
        ExportFormat::Xlsx => {
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet();
            sheet.set_name(sheet_name)?;
            let bold = Format::new().set_bold();
            for (index, column) in columns.iter().enumerate() {
                sheet.write_string_with_format(0, index as u16, column.header_vi, &bold)?;
            }
            for (row_index, row) in rows.into_iter().enumerate() {
                for (column_index, value) in row.iter().enumerate() {
                    if !value.is_empty() {
                        sheet.write_string(
                            row_index as u32 + 1,
                            column_index as u16,
                            fit_excel_cell(value).as_ref(),
                        )?;
                    }
                }
            }
            Ok(workbook.save_to_buffer()?)
        }
    }
}

/// One sheet of a workbook of text: its name (at most 31 characters, as
/// Excel wants), its headers and its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetData {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Writes sheets of text into one XLSX workbook: bold headers, every cell a
/// string (never a formula), a cell past Excel's limit cut as in
/// [`write_sheet`]. A workbook needs a sheet: with none, it has one empty.
pub fn write_workbook(sheets: &[SheetData]) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for data in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&data.name)?;
        for (index, header) in data.headers.iter().enumerate() {
            sheet.write_string_with_format(0, index as u16, header, &bold)?;
        }
        for (row_index, row) in data.rows.iter().enumerate() {
            for (column_index, value) in row.iter().enumerate() {
                if !value.is_empty() {
                    sheet.write_string(
                        row_index as u32 + 1,
                        column_index as u16,
                        fit_excel_cell(value).as_ref(),
                    )?;
                }
            }
        }
    }
    if sheets.is_empty() {
        workbook.add_worksheet();
    }
    Ok(workbook.save_to_buffer()?)
}

/// The characters that make Excel (or LibreOffice, or Google Sheets) read a
/// CSV cell as a formula — or, for tab and carriage return, hide one.
fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell with a leading apostrophe when it could run as a formula.
/// A value that already starts with apostrophes before such a character
/// gets one more, so that [`unescape_formula`] gives back exactly the
/// value: the round trip is lossless for every text.
pub fn escape_formula(value: &str) -> Cow<'_, str> {
    if starts_formula(value.trim_start_matches('\'')) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// Removes the one apostrophe [`escape_formula`] adds: only when the text
/// starts with an apostrophe and, past its apostrophes, with a formula
/// character. Any other apostrophe is the value's own.
pub fn unescape_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if starts_formula(rest.trim_start_matches('\'')) => rest,
        _ => text,
    }
}

/// Excel's limit on one cell, in UTF-16 units (rust_xlsxwriter counts so
/// and refuses the whole workbook past it).
const EXCEL_MAX_CELL_UNITS: usize = 32_767;

/// A cell Excel can hold: a longer one (a vacancy description pasted from a
/// web page) is cut and ends with "…". An export that fails on one long
/// cell is worse than a cell cut where the reader can see it was cut; the
/// whole text stays in the register and in the JSON API.
fn fit_excel_cell(value: &str) -> Cow<'_, str> {
    if value.len() <= EXCEL_MAX_CELL_UNITS || value.encode_utf16().count() <= EXCEL_MAX_CELL_UNITS {
        return Cow::Borrowed(value);
    }
    let mut units = 0;
    let mut cut = String::new();
    for character in value.chars() {
        units += character.len_utf16();
        // Leave one unit for the ellipsis.
        if units > EXCEL_MAX_CELL_UNITS - 1 {
            break;
        }
        cut.push(character);
    }
    cut.push('…');
    Cow::Owned(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str, written: &str) {
        assert_eq!(escape_formula(value), written, "{value:?}");
        assert_eq!(unescape_formula(written), value, "{written:?}");
    }

    #[test]
    fn formula_like_cells_are_guarded_and_come_back_unchanged() {
        check(
            "=HYPERLINK(\"http://x.vn\",\"Bấm\")",
            "'=HYPERLINK(\"http://x.vn\",\"Bấm\")",
        );
        check("+84 912 345 678", "'+84 912 345 678");
        check("-5", "'-5");
        check("@SUM(A1)", "'@SUM(A1)");
        check("\tx", "'\tx");
        check("\rx", "'\rx");
        check("'=A1", "''=A1");
        check("''+1", "'''+1");
        check("Nguyễn Văn An", "Nguyễn Văn An");
        check("'trích dẫn'", "'trích dẫn'");
        check("'", "'");
        check("", "");
        check("a=b", "a=b");
    }

    #[test]
    fn a_workbook_holds_one_sheet_per_part_every_cell_as_text() {
        use calamine::{Reader, Xlsx};
        let sheets = [
            SheetData {
                name: "Tài khoản".to_owned(),
                headers: vec!["Trường".to_owned(), "Giá trị".to_owned()],
                rows: vec![vec!["username".to_owned(), "0912345678".to_owned()]],
            },
            SheetData {
                name: "Biến động".to_owned(),
                headers: vec!["kind".to_owned()],
                rows: vec![vec!["=1+1".to_owned()], vec![String::new()]],
            },
        ];
        let bytes = write_workbook(&sheets).unwrap();
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(workbook.sheet_names(), ["Tài khoản", "Biến động"]);
        let account = workbook.worksheet_range("Tài khoản").unwrap();
        assert_eq!(account.get_value((1, 1)).unwrap().to_string(), "0912345678");
        let events = workbook.worksheet_range("Biến động").unwrap();
        assert_eq!(events.get_value((1, 0)).unwrap().to_string(), "=1+1");
        assert!(write_workbook(&[]).is_ok());
    }

    #[test]
    fn cells_longer_than_excel_allows_are_cut_with_an_ellipsis() {
        let short = "á".repeat(EXCEL_MAX_CELL_UNITS);
        assert_eq!(fit_excel_cell(&short), short);
        let long = "á".repeat(EXCEL_MAX_CELL_UNITS + 1);
        let cut = fit_excel_cell(&long);
        assert_eq!(cut.encode_utf16().count(), EXCEL_MAX_CELL_UNITS);
        assert!(cut.ends_with('…'));
        // A character outside the BMP takes two units and is never split.
        let emoji = "😀".repeat(20_000);
        let cut = fit_excel_cell(&emoji);
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_CELL_UNITS);
        assert!(cut.ends_with('…'));
    }
}
