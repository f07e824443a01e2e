//! Reading a spreadsheet — CSV or XLSX — into rows of text cells, and the
//! mapping of its header row onto a register's columns.

use std::collections::HashMap;

use crate::encoding::{decode, SourceEncoding, UnknownEncoding};
use crate::export::unescape_formula;
use crate::limits::{bytes_text, grouped_en, grouped_vi, SheetLimits};

/// One cell as text. `numeric` is true when a spreadsheet stored the value
/// as a number, which loses leading zeros (a code "00004" becomes 4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
}

/// A data row with its line number in the file (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// The file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

/// A spreadsheet read into text.
#[derive(Clone, Debug)]
pub struct Table {
    pub format: FileFormat,
    /// For CSV files, the encoding the text was read in.
    pub encoding: Option<SourceEncoding>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// A file that cannot be read as a table at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("{0}")]
    Encoding(#[from] UnknownEncoding),
    #[error("the CSV file is malformed at line {line}: {reason}")]
    Csv { line: usize, reason: String },
    #[error("the XLSX file cannot be read: {0}")]
    Xlsx(String),
    #[error("the file has no header row")]
    Empty,
    #[error("the header row names {column:?} twice")]
    RepeatedColumn { column: String },
    #[error("required columns are missing: {columns}")]
    MissingColumns { columns: String },
    #[error("the file is too large (at most {})", bytes_text(*max_bytes))]
    FileTooLarge { max_bytes: u64 },
    #[error("the file has too many rows (at most {})", grouped_en(*max_rows as u64))]
    TooManyRows { max_rows: usize },
    #[error("the file has too many columns (at most {})", grouped_en(*max_columns as u64))]
    TooManyColumns { max_columns: usize },
    #[error("the file has too many cells (at most {})", grouped_en(*max_cells as u64))]
    TooManyCells { max_cells: usize },
    #[error(
        "the cell at line {line}, column {column} is too long (at most {} characters)",
        grouped_en(*max_chars as u64)
    )]
    CellTooLong {
        line: usize,
        column: usize,
        max_chars: usize,
    },
    /// The shared-string table declares more strings (or uses) than allowed;
    /// `declared` is the value as written (cut to 40 characters).
    #[error(
        "the XLSX file declares too many shared strings ({declared}; at most {})",
        grouped_en(*max)
    )]
    TooManySharedStrings { declared: String, max: u64 },
    /// A zip bomb, or simply a workbook too large to open.
    #[error(
        "the XLSX file is too large once decompressed (at most {})",
        bytes_text(*max_bytes)
    )]
    UncompressedTooLarge { max_bytes: u64 },
}

impl SheetError {
    pub fn message_vi(&self) -> String {
        match self {
            SheetError::Encoding(error) => error.message_vi().to_owned(),
            SheetError::Csv { line, reason } => {
                format!("Tệp CSV sai định dạng ở dòng {line}: {reason}")
            }
            SheetError::Xlsx(reason) => format!("Không đọc được tệp XLSX: {reason}"),
            SheetError::Empty => "Tệp không có dòng tiêu đề".to_owned(),
            SheetError::RepeatedColumn { column } => {
                format!("Dòng tiêu đề có cột {column:?} hai lần")
            }
            SheetError::MissingColumns { columns } => {
                format!("Thiếu cột bắt buộc: {columns}")
            }
            SheetError::FileTooLarge { max_bytes } => {
                format!("Tệp quá lớn (tối đa {})", bytes_text(*max_bytes))
            }
            SheetError::TooManyRows { max_rows } => {
                format!(
                    "Tệp có quá nhiều dòng (tối đa {})",
                    grouped_vi(*max_rows as u64)
                )
            }
            SheetError::TooManyColumns { max_columns } => {
                format!(
                    "Tệp có quá nhiều cột (tối đa {})",
                    grouped_vi(*max_columns as u64)
                )
            }
            SheetError::TooManyCells { max_cells } => {
                format!(
                    "Tệp có quá nhiều ô (tối đa {})",
                    grouped_vi(*max_cells as u64)
                )
            }
            SheetError::CellTooLong {
                line,
                column,
                max_chars,
            } => format!(
                "Ô ở dòng {line}, cột {column} quá dài (tối đa {} ký tự)",
                grouped_vi(*max_chars as u64)
            ),
            SheetError::TooManySharedStrings { declared, max } => format!(
                "Tệp XLSX khai báo quá nhiều chuỗi dùng chung ({declared}; tối đa {})",
                grouped_vi(*max)
            ),
            SheetError::UncompressedTooLarge { max_bytes } => format!(
                "Tệp XLSX giải nén ra quá lớn (tối đa {})",
                bytes_text(*max_bytes)
            ),
        }
    }

    /// True when the file was refused for its size (a limit of
    /// [`SheetLimits`]), not for its content: a server may answer these
    /// with 413 rather than 422.
    pub fn is_over_limit(&self) -> bool {
        matches!(
            self,
            SheetError::FileTooLarge { .. }
                | SheetError::TooManyRows { .. }
                | SheetError::TooManyColumns { .. }
                | SheetError::TooManyCells { .. }
                | SheetError::CellTooLong { .. }
                | SheetError::TooManySharedStrings { .. }
                | SheetError::UncompressedTooLarge { .. }
        )
    }
}

/// Reads a CSV or XLSX file (told apart by content, not by name) within
/// the default [`SheetLimits`].
pub fn read_table(bytes: &[u8]) -> Result<Table, SheetError> {
    read_table_with(bytes, &SheetLimits::default())
}

/// Reads a CSV or XLSX file (told apart by content, not by name), refusing
/// it as soon as it passes one of `limits` — before parsing the part that
/// would pass it wherever the file declares its size.
pub fn read_table_with(bytes: &[u8], limits: &SheetLimits) -> Result<Table, SheetError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(SheetError::FileTooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        crate::xlsx::read_xlsx(bytes, limits)
    } else {
        read_csv(bytes, limits)
    }
}

pub(crate) fn clean(text: &str) -> String {
    vieclam_text::nfc(text.trim())
}

/// A CSV cell as read: trimmed, the apostrophe that guards a formula-like
/// value removed (see [`crate::export::unescape_formula`]), NFC.
fn clean_csv(text: &str) -> String {
    clean(unescape_formula(text.trim()))
}

/// The delimiter of a CSV header line: the commonest of `,` `;` and tab.
fn guess_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&delimiter| first_line.bytes().filter(|&b| b == delimiter).count())
        .unwrap_or(b',')
}

/// Counts the records and the fields of each record of CSV text without
/// keeping anything, split as the csv reader splits them (a quote opens a
/// quoted field only at the field's start, a doubled quote inside it is a
/// quote), so that a file is refused before a record of a million fields
/// is built.
fn check_csv_shape(text: &str, delimiter: u8, limits: &SheetLimits) -> Result<(), SheetError> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut n_fields = 1usize;
    let mut n_records = 0usize;
    let mut previous = b'\n';
    // The header row, then at most `max_rows` data rows; blank lines are
    // records too, so leave room for them — the exact count comes later.
    let max_records = limits.max_rows.saturating_mul(2).saturating_add(1);
    for &byte in text.as_bytes() {
        let separator = state != State::Quoted;
        state = match (state, byte) {
            (State::FieldStart, b'"') => State::Quoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::Quoted, _) => State::Quoted,
            (_, byte) if separator && byte == delimiter => {
                n_fields += 1;
                if n_fields > limits.max_columns {
                    return Err(SheetError::TooManyColumns {
                        max_columns: limits.max_columns,
                    });
                }
                State::FieldStart
            }
            (_, b'\n' | b'\r') => {
                if !(previous == b'\r' && byte == b'\n') {
                    n_records += 1;
                    if n_records > max_records {
                        return Err(SheetError::TooManyRows {
                            max_rows: limits.max_rows,
                        });
                    }
                }
                n_fields = 1;
                State::FieldStart
            }
            _ => State::Unquoted,
        };
        previous = byte;
    }
    Ok(())
}

fn read_csv(bytes: &[u8], limits: &SheetLimits) -> Result<Table, SheetError> {
    let (text, encoding) = decode(bytes)?;
    // The csv reader dates a record where the previous one ended, before
    // the line ends it skips: rows after a blank line, every row of a
    // Windows (CRLF) file, came out early, and those of an old Mac (CR)
    // file all on line 1. Lines are counted here from the record's byte
    // offset, past the line ends, over text with '\n' line ends only.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let mut counted = (0usize, 1usize); // (byte offset, its line)
    let mut line_at = |byte: usize| -> usize {
        let bytes = text.as_bytes();
        let mut start = byte.clamp(counted.0, bytes.len());
        while bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let newlines = bytes[counted.0..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = (start, counted.1 + newlines);
        counted.1
    };
    let delimiter = guess_delimiter(&text);
    check_csv_shape(&text, delimiter, limits)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut n_cells = 0usize;
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|error| SheetError::Csv {
            line: error.position().map_or(line, |p| p.line() as usize),
            reason: error.to_string(),
        })?;
        let line = record.position().map_or(line, |p| p.line() as usize);
        if record.len() > limits.max_columns {
            return Err(SheetError::TooManyColumns {
                max_columns: limits.max_columns,
            });
        }
        if let Some(column) = record
            .iter()
            .position(|text| text.chars().count() > limits.max_cell_chars)
        {
            return Err(SheetError::CellTooLong {
                line,
                column: column + 1,
                max_chars: limits.max_cell_chars,
            });
        }
        if record.iter().all(|text| text.trim().is_empty()) {
            continue;
        }
        n_cells += record.len();
        if n_cells > limits.max_cells {
            return Err(SheetError::TooManyCells {
                max_cells: limits.max_cells,
            });
        }
        let cells: Vec<Cell> = record
            .iter()
            .map(|text| Cell {
                text: clean_csv(text),
                numeric: false,
            })
            .collect();
        match headers {
            None => headers = Some(cells.into_iter().map(|cell| cell.text).collect()),
            Some(_) => {
                if rows.len() >= limits.max_rows {
                    return Err(SheetError::TooManyRows {
                        max_rows: limits.max_rows,
                    });
                }
                let line = record
                    .position()
                    .map_or(line, |p| line_at(p.byte() as usize));
                rows.push(Row { line, cells })
            }
        }
    }
    Ok(Table {
        format: FileFormat::Csv,
        encoding: Some(encoding),
        headers: headers.ok_or(SheetError::Empty)?,
        rows,
    })
}

/// A column of a register's spreadsheet.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The field name in code and in the API.
    pub field: &'static str,
    /// The header vieclam writes, as on the survey forms.
    pub header_vi: &'static str,
    pub header_en: &'static str,
    /// Other headers accepted, folded (lower case, no diacritics).
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// A code whose leading zeros a spreadsheet may have dropped: cells
    /// stored as numbers are padded back to this many digits.
    pub pad_to: Option<usize>,
}

/// Where each field sits in a table's rows.
#[derive(Clone, Debug)]
pub struct ColumnMap {
    pub positions: HashMap<&'static str, usize>,
    /// Headers that match no column (ignored, and reported).
    pub unknown_headers: Vec<String>,
}

/// Maps a header row onto columns: Vietnamese or English names, in any
/// order, with or without diacritics.
pub fn map_columns(headers: &[String], columns: &[Column]) -> Result<ColumnMap, SheetError> {
    let mut lookup: HashMap<String, &'static str> = HashMap::new();
    for column in columns {
        lookup.insert(vieclam_text::folded_words(column.header_vi), column.field);
        lookup.insert(vieclam_text::folded_words(column.header_en), column.field);
        lookup.insert(vieclam_text::folded_words(column.field), column.field);
        for alias in column.aliases {
            lookup.insert((*alias).to_owned(), column.field);
        }
    }
    let mut positions = HashMap::new();
    let mut unknown_headers = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        match lookup.get(&vieclam_text::folded_words(header)) {
            Some(field) => {
                if positions.insert(*field, index).is_some() {
                    return Err(SheetError::RepeatedColumn {
                        column: header.clone(),
                    });
                }
            }
            None if header.is_empty() => {}
            None => unknown_headers.push(header.clone()),
        }
    }
    let missing: Vec<&str> = columns
        .iter()
        .filter(|column| column.required && !positions.contains_key(column.field))
        .map(|column| column.header_vi)
        .collect();
    if !missing.is_empty() {
        return Err(SheetError::MissingColumns {
            columns: missing.join(", "),
        });
    }
    Ok(ColumnMap {
        positions,
        unknown_headers,
    })
}

/// One row seen through a column map.
pub struct RowView<'a> {
    pub row: &'a Row,
    pub map: &'a ColumnMap,
    pub columns: &'a [Column],
    pub headers: &'a [String],
}

impl RowView<'_> {
    /// The cell text of a field, padded back when it is a numeric code;
    /// `None` when the column is absent or the cell empty.
    pub fn get(&self, field: &str) -> Option<String> {
        let index = *self.map.positions.get(field)?;
        let cell = self.row.cells.get(index)?;
        if cell.text.is_empty() {
            return None;
        }
        let pad_to = self
            .columns
            .iter()
            .find(|column| column.field == field)
            .and_then(|column| column.pad_to);
        match pad_to {
            Some(width)
                if cell.numeric
                    && cell.text.len() < width
                    && cell.text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some(format!("{:0>width$}", cell.text))
            }
            _ => Some(cell.text.clone()),
        }
    }

    /// The header of a field as written in the file.
    pub fn header(&self, field: &str) -> String {
        self.map
            .positions
            .get(field)
            .and_then(|&index| self.headers.get(index))
            .cloned()
            .unwrap_or_else(|| field.to_owned())
    }
}
