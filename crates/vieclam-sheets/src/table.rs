//! Reading a spreadsheet — CSV or XLSX — into rows of text cells, and the
//! mapping of its header row onto a register's columns.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::encoding::{decode, SourceEncoding, UnknownEncoding};

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
        }
    }
}

/// Reads a CSV or XLSX file (told apart by content, not by name).
pub fn read_table(bytes: &[u8]) -> Result<Table, SheetError> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

fn clean(text: &str) -> String {
    vieclam_text::nfc(text.trim())
}

/// The delimiter of a CSV header line: the commonest of `,` `;` and tab.
fn guess_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&delimiter| first_line.bytes().filter(|&b| b == delimiter).count())
        .unwrap_or(b',')
}

fn read_csv(bytes: &[u8]) -> Result<Table, SheetError> {
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
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(guess_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|error| SheetError::Csv {
            line: error.position().map_or(line, |p| p.line() as usize),
            reason: error.to_string(),
        })?;
        let cells: Vec<Cell> = record
            .iter()
            .map(|text| Cell {
                text: clean(text),
                numeric: false,
            })
            .collect();
        if cells.iter().all(|cell| cell.text.is_empty()) {
            continue;
        }
        match headers {
            None => headers = Some(cells.into_iter().map(|cell| cell.text).collect()),
            Some(_) => rows.push(Row {
                line: record
                    .position()
                    .map_or(line, |p| line_at(p.byte() as usize)),
                cells,
            }),
        }
    }
    Ok(Table {
        format: FileFormat::Csv,
        encoding: Some(encoding),
        headers: headers.ok_or(SheetError::Empty)?,
        rows,
    })
}

fn xlsx_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::default(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => Cell {
            text: clean(text),
            numeric: false,
        },
        Data::Float(value) => Cell {
            text: if value.fract() == 0.0 && value.abs() < 1e15 {
                format!("{}", *value as i64)
            } else {
                value.to_string()
            },
            numeric: true,
        },
        Data::Int(value) => Cell {
            text: value.to_string(),
            numeric: true,
        },
        Data::Bool(value) => Cell {
            text: if *value { "Có" } else { "Không" }.to_owned(),
            numeric: false,
        },
        Data::DateTime(value) => Cell {
            text: value
                .as_datetime()
                .map(|datetime| datetime.date().format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| value.to_string()),
            numeric: false,
        },
        Data::Error(error) => Cell {
            text: format!("#{error:?}"),
            numeric: false,
        },
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, SheetError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|error| SheetError::Xlsx(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|error| SheetError::Xlsx(error.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (index, row) in range.rows().enumerate() {
        let cells: Vec<Cell> = row.iter().map(xlsx_cell).collect();
        if cells.iter().all(|cell| cell.text.is_empty()) {
            continue;
        }
        match headers {
            None => headers = Some(cells.into_iter().map(|cell| cell.text).collect()),
            Some(_) => rows.push(Row {
                line: first_row + index + 1,
                cells,
            }),
        }
    }
    Ok(Table {
        format: FileFormat::Xlsx,
        encoding: None,
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
