//! Writing a register as CSV (UTF-8 with a BOM, which Excel needs to show
//! Vietnamese) or XLSX, with the import's own headers so that an export
//! imports back unchanged.

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
                    writer.write_record(&row)?;
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
                        sheet.write_string(row_index as u32 + 1, column_index as u16, value)?;
                    }
                }
            }
            Ok(workbook.save_to_buffer()?)
        }
    }
}
