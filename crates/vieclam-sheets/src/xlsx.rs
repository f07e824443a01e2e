//! Reading the first sheet of an XLSX file within [`SheetLimits`].
//!
//! An XLSX file is a zip of XML parts, and each part can ask a reader for
//! more than it is: a zip entry may inflate to gigabytes, the shared-string
//! table declares a `uniqueCount` that calamine reserves room for before
//! reading a string, and a sheet's cells may sit anywhere in a grid of
//! 1,048,576 × 16,384. So the reading goes in three steps, each bounded
//! before the next one parses anything:
//!
//! 1. the zip directory: the declared size of every part and their sum
//!    (the zip reader refuses to inflate a part past its declared size, so
//!    the declaration binds);
//! 2. the first bytes of every shared-string table: its `uniqueCount` and
//!    `count` — calamine sees the table only once these are known to be
//!    small;
//! 3. the sheet, cell by cell through calamine's streaming reader (never
//!    `worksheet_range`, which builds the whole rectangle between the first
//!    and the last cell): the declared `<dimension>` first, then every
//!    cell's position, the number of cells kept and each cell's length.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, XlsxError};

use crate::limits::SheetLimits;
use crate::table::{clean, Cell, FileFormat, Row, SheetError, Table};

/// More parts than any workbook vieclam reads has: a sheet, its
/// relationships, styles, a theme, shared strings, document properties —
/// a workbook of a hundred sheets stays far below.
const MAX_ZIP_ENTRIES: usize = 10_000;

/// How far into a shared-string table its `<sst>` element may start. Excel
/// and every library writes it on the first or second line; a table that
/// hides it further down is refused rather than searched.
const SHARED_STRINGS_HEAD_BYTES: u64 = 64 * 1024;

fn unreadable(error: impl std::fmt::Display) -> SheetError {
    SheetError::Xlsx(error.to_string())
}

/// Reads an XLSX file's first sheet into a table, within `limits`.
pub(crate) fn read_xlsx(bytes: &[u8], limits: &SheetLimits) -> Result<Table, SheetError> {
    check_zip(bytes, limits)?;
    // calamine keeps a few arithmetic steps unchecked (a cell reference
    // whose row number passes u32 overflows in it). A panic there is a file
    // we cannot read, not a reason to take the caller down with it.
    std::panic::catch_unwind(|| read_cells(bytes, limits)).unwrap_or_else(|_| {
        Err(SheetError::Xlsx(
            "the workbook is malformed (the reader stopped on it)".to_owned(),
        ))
    })
}

/// Steps 1 and 2: the zip directory and the shared-string tables.
fn check_zip(bytes: &[u8], limits: &SheetLimits) -> Result<(), SheetError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(SheetError::Xlsx(format!(
            "the file holds {} parts, more than a workbook has",
            archive.len()
        )));
    }
    let mut total: u64 = 0;
    let mut shared_string_tables = Vec::new();
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(unreadable)?;
        let size = entry.size();
        total = total.saturating_add(size);
        if size > limits.max_uncompressed_bytes || total > limits.max_uncompressed_bytes {
            return Err(SheetError::UncompressedTooLarge {
                max_bytes: limits.max_uncompressed_bytes,
            });
        }
        // calamine looks the table up case-insensitively, with backslashes
        // read as slashes, in the folder the package relationships name;
        // every part that could be it is checked.
        let name = entry.name().map_err(unreadable)?;
        if name
            .replace('\\', "/")
            .to_ascii_lowercase()
            .ends_with("sharedstrings.xml")
        {
            shared_string_tables.push(index);
        }
    }
    for index in shared_string_tables {
        let entry = archive.by_index(index).map_err(unreadable)?;
        check_shared_strings(entry.take(SHARED_STRINGS_HEAD_BYTES), limits)?;
    }
    Ok(())
}

/// Reads a shared-string table up to its `<sst>` element, as calamine does
/// (the first start tag whose local name is `sst`), and refuses counts over
/// the limits. A count that is not plain decimal digits is refused too:
/// whatever calamine might make of it, no real file writes one.
fn check_shared_strings(head: impl Read, limits: &SheetLimits) -> Result<(), SheetError> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(head));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer) {
            Ok(quick_xml::events::Event::Start(element))
                if element.local_name().as_ref() == "sst" =>
            {
                for attribute in element.attributes().with_checks(false) {
                    let attribute = attribute.map_err(unreadable)?;
                    let key = attribute.key.local_name();
                    let key = key.as_ref();
                    let max = if key.eq_ignore_ascii_case("uniqueCount") {
                        limits.max_shared_strings
                    } else if key.eq_ignore_ascii_case("count") {
                        // `count` is how many cells use a shared string.
                        limits.max_cells
                    } else {
                        continue;
                    };
                    let value: &str = attribute.value.as_ref();
                    let declared = parse_count(value);
                    if declared.is_none_or(|declared| declared > max as u64) {
                        return Err(SheetError::TooManySharedStrings {
                            declared: value.chars().take(40).collect(),
                            max: max as u64,
                        });
                    }
                }
                return Ok(());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => {
                return Err(SheetError::Xlsx(
                    "the shared strings do not open with their <sst> element".to_owned(),
                ))
            }
            Ok(_) => {}
        }
    }
}

/// Plain decimal digits, at most 19 of them (so it fits a u64).
fn parse_count(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Step 3: the first sheet, cell by cell.
fn read_cells(bytes: &[u8], limits: &SheetLimits) -> Result<Table, SheetError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(SheetError::Empty)?;
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        // A chart sheet has no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Err(SheetError::Empty),
        Err(error) => return Err(unreadable(error)),
    };
    let max_rows_with_header = limits.max_rows.saturating_add(1) as u64;
    let declared = reader.dimensions();
    let declared_rows = u64::from(declared.end.0.saturating_sub(declared.start.0)) + 1;
    let declared_columns = u64::from(declared.end.1.saturating_sub(declared.start.1)) + 1;
    if declared_rows > max_rows_with_header {
        return Err(SheetError::TooManyRows {
            max_rows: limits.max_rows,
        });
    }
    if declared_columns > limits.max_columns as u64 {
        return Err(SheetError::TooManyColumns {
            max_columns: limits.max_columns,
        });
    }
    if declared_rows.saturating_mul(declared_columns) > limits.max_cells as u64 {
        return Err(SheetError::TooManyCells {
            max_cells: limits.max_cells,
        });
    }

    // Non-empty cells by row, then by column; a hostile file may give them
    // in any order, so nothing assumes the order Excel writes.
    let mut sparse: BTreeMap<u32, BTreeMap<u32, Cell>> = BTreeMap::new();
    let mut n_cells: usize = 0;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        if matches!(data, Data::Empty) {
            continue;
        }
        // A character takes at most four bytes: a string longer than that
        // is refused before it is normalised.
        let too_long = |line: u32| SheetError::CellTooLong {
            line: line as usize + 1,
            column: column as usize + 1,
            max_chars: limits.max_cell_chars,
        };
        if let Data::String(text) = &data {
            if text.len() / 4 > limits.max_cell_chars {
                return Err(too_long(row));
            }
        }
        if u64::from(row) >= max_rows_with_header {
            return Err(SheetError::TooManyRows {
                max_rows: limits.max_rows,
            });
        }
        if column as usize >= limits.max_columns {
            return Err(SheetError::TooManyColumns {
                max_columns: limits.max_columns,
            });
        }
        let cell = xlsx_cell(&data);
        if cell.text.is_empty() {
            continue;
        }
        if cell.text.chars().count() > limits.max_cell_chars {
            return Err(too_long(row));
        }
        if sparse
            .entry(row)
            .or_default()
            .insert(column, cell)
            .is_none()
        {
            n_cells += 1;
            if n_cells > limits.max_cells {
                return Err(SheetError::TooManyCells {
                    max_cells: limits.max_cells,
                });
            }
        }
    }
    drop(reader);
    rows_of(sparse, limits)
}

/// Turns the non-empty cells into rows: columns counted from the leftmost
/// non-empty one (as a calamine range starts), each row as wide as its last
/// non-empty cell, the first row the header.
fn rows_of(
    sparse: BTreeMap<u32, BTreeMap<u32, Cell>>,
    limits: &SheetLimits,
) -> Result<Table, SheetError> {
    let first_column = sparse
        .values()
        .filter_map(|cells| cells.keys().next())
        .min()
        .copied()
        .unwrap_or(0);
    // The empty cells between non-empty ones are kept too: count them
    // before building any row.
    let n_kept: u64 = sparse
        .values()
        .filter_map(|cells| cells.keys().next_back())
        .map(|&last| u64::from(last - first_column) + 1)
        .sum();
    if n_kept > limits.max_cells as u64 {
        return Err(SheetError::TooManyCells {
            max_cells: limits.max_cells,
        });
    }
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (row, cells) in sparse {
        let width = cells
            .keys()
            .next_back()
            .map_or(0, |&last| (last - first_column) as usize + 1);
        let mut line = vec![Cell::default(); width];
        for (column, cell) in cells {
            line[(column - first_column) as usize] = cell;
        }
        match headers {
            None => headers = Some(line.into_iter().map(|cell| cell.text).collect()),
            Some(_) => rows.push(Row {
                line: row as usize + 1,
                cells: line,
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
