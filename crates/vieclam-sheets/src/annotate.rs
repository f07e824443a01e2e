//! A refused sheet given back to the officer with its problems: the same
//! rows and columns, a last column "Lỗi / Problems" saying what is wrong
//! with each bad row, and — in an XLSX file — each bad cell coloured and
//! noted. The officer fixes the cells and uploads the file again; the
//! problems column is ignored on import (it matches no register column)
//! and replaced, not repeated, when the file is annotated again.
//!
//! A CSV file comes back as CSV in UTF-8 with a byte-order mark (what
//! Excel needs to show Vietnamese), whatever encoding it came in; an XLSX
//! file as XLSX, every cell as it was read (text as text, numbers as
//! numbers, so that codes whose zeros a number lost are padded again on
//! the next import).

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{Format, Note, Workbook};

use crate::export::{escape_formula, ExportError, ExportFormat};
use crate::limits::SheetLimits;
use crate::rows::RowProblem;
use crate::table::{read_table_with, FileFormat, SheetError};

/// The header of the column of problems.
pub const PROBLEMS_HEADER: &str = "Lỗi / Problems";

/// A sheet that cannot be given back annotated.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Export(#[from] ExportError),
}

impl From<rust_xlsxwriter::XlsxError> for AnnotateError {
    fn from(error: rust_xlsxwriter::XlsxError) -> AnnotateError {
        AnnotateError::Export(ExportError::Xlsx(error))
    }
}

impl From<csv::Error> for AnnotateError {
    fn from(error: csv::Error) -> AnnotateError {
        AnnotateError::Export(ExportError::Csv(error))
    }
}

/// One problem as the problems column says it, in one language.
fn describe(problem: &RowProblem, english: bool) -> String {
    let reason = if english {
        &problem.reason_en
    } else {
        &problem.reason_vi
    };
    if problem.value.is_empty() {
        format!("{}: {reason}", problem.column)
    } else {
        format!("{} \"{}\": {reason}", problem.column, problem.value)
    }
}

/// The file `bytes` (as uploaded) with a column of `problems` added, in
/// the upload's format; `english` picks the language of the reasons.
pub fn annotate_problems(
    bytes: &[u8],
    limits: &SheetLimits,
    problems: &[RowProblem],
    english: bool,
) -> Result<(Vec<u8>, ExportFormat), AnnotateError> {
    let table = read_table_with(bytes, limits)?;
    let mut by_line: BTreeMap<usize, Vec<&RowProblem>> = BTreeMap::new();
    for problem in problems {
        by_line.entry(problem.line).or_default().push(problem);
    }
    // A file annotated before has its old problems column replaced.
    let old_column = table
        .headers
        .iter()
        .position(|header| header == PROBLEMS_HEADER);
    let mut headers: Vec<String> = table.headers.clone();
    if let Some(index) = old_column {
        headers.remove(index);
    }
    let width = table
        .rows
        .iter()
        .map(|row| row.cells.len() - usize::from(old_column.is_some_and(|i| i < row.cells.len())))
        .chain(std::iter::once(headers.len()))
        .max()
        .unwrap_or(0);
    headers.resize(width, String::new());
    let column_of: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(index, header)| (vieclam_text::folded_words(header), index))
        .collect();
    let rows: Vec<(Vec<crate::table::Cell>, Vec<&RowProblem>)> = table
        .rows
        .iter()
        .map(|row| {
            let mut cells = row.cells.clone();
            if let Some(index) = old_column.filter(|&index| index < cells.len()) {
                cells.remove(index);
            }
            cells.resize(width, crate::table::Cell::default());
            (cells, by_line.get(&row.line).cloned().unwrap_or_default())
        })
        .collect();
    let problem_text = |found: &[&RowProblem]| -> String {
        found
            .iter()
            .map(|problem| describe(problem, english))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match table.format {
        FileFormat::Csv => {
            let mut output = b"\xEF\xBB\xBF".to_vec();
            {
                let mut writer = csv::Writer::from_writer(&mut output);
                writer.write_record(
                    headers
                        .iter()
                        .map(String::as_str)
                        .chain(std::iter::once(PROBLEMS_HEADER)),
                )?;
                for (cells, found) in &rows {
                    let problems = problem_text(found);
                    writer.write_record(
                        cells
                            .iter()
                            .map(|cell| escape_formula(&cell.text).into_owned())
                            .chain(std::iter::once(escape_formula(&problems).into_owned())),
                    )?;
                }
                writer.flush().map_err(ExportError::Io)?;
            }
            Ok((output, ExportFormat::Csv))
        }
        FileFormat::Xlsx => {
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet();
            let bold = Format::new().set_bold();
            let bad = Format::new().set_background_color(0xF4CCCC);
            let wrapped = Format::new().set_text_wrap();
            for (index, header) in headers.iter().enumerate() {
                sheet.write_string_with_format(0, index as u16, header, &bold)?;
            }
            let problems_column = width as u16;
            sheet.write_string_with_format(0, problems_column, PROBLEMS_HEADER, &bold)?;
            sheet.set_column_width(problems_column, 60)?;
            for (row_index, (cells, found)) in rows.iter().enumerate() {
                let row = row_index as u32 + 1;
                let bad_columns: HashMap<usize, String> = found
                    .iter()
                    .filter_map(|problem| {
                        column_of
                            .get(&vieclam_text::folded_words(&problem.column))
                            .map(|&index| (index, describe(problem, english)))
                    })
                    .collect();
                for (column_index, cell) in cells.iter().enumerate() {
                    let column = column_index as u16;
                    let number = cell
                        .numeric
                        .then(|| cell.text.parse::<f64>().ok())
                        .flatten();
                    let format = bad_columns.contains_key(&column_index).then_some(&bad);
                    match (number, format) {
                        (Some(number), Some(format)) => {
                            sheet.write_number_with_format(row, column, number, format)?;
                        }
                        (Some(number), None) => {
                            sheet.write_number(row, column, number)?;
                        }
                        (None, Some(format)) => {
                            sheet.write_string_with_format(row, column, &cell.text, format)?;
                        }
                        (None, None) if !cell.text.is_empty() => {
                            sheet.write_string(row, column, &cell.text)?;
                        }
                        (None, None) => {}
                    }
                    if let Some(text) = bad_columns.get(&column_index) {
                        sheet.insert_note(row, column, &Note::new(text).set_author("vieclam"))?;
                    }
                }
                if !found.is_empty() {
                    sheet.write_string_with_format(
                        row,
                        problems_column,
                        problem_text(found),
                        &wrapped,
                    )?;
                }
            }
            Ok((workbook.save_to_buffer()?, ExportFormat::Xlsx))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_table;

    fn problem(line: usize, column: &str, value: &str) -> RowProblem {
        RowProblem {
            line,
            column: column.to_owned(),
            value: value.to_owned(),
            reason_vi: "Sai".to_owned(),
            reason_en: "Wrong".to_owned(),
        }
    }

    #[test]
    fn a_csv_comes_back_with_a_problems_column_and_reads_again() {
        let csv = "Họ và tên,Mã xã\nAn,10417\nBình,=1+1\n";
        let (bytes, format) = annotate_problems(
            csv.as_bytes(),
            &SheetLimits::default(),
            &[problem(3, "Mã xã", "=1+1")],
            false,
        )
        .unwrap();
        assert_eq!(format, ExportFormat::Csv);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, ["Họ và tên", "Mã xã", PROBLEMS_HEADER]);
        assert_eq!(table.rows[1].cells[1].text, "=1+1");
        assert_eq!(table.rows[1].cells[2].text, "Mã xã \"=1+1\": Sai");
        assert_eq!(table.rows[0].cells[2].text, "");
        // Annotated again, the column is replaced, not repeated.
        let (again, _) = annotate_problems(&bytes, &SheetLimits::default(), &[], true).unwrap();
        let table = read_table(&again).unwrap();
        assert_eq!(table.headers, ["Họ và tên", "Mã xã", PROBLEMS_HEADER]);
    }

    #[test]
    fn an_xlsx_comes_back_as_xlsx_with_numbers_kept() {
        use crate::export::{write_workbook, SheetData};
        let original = write_workbook(&[SheetData {
            name: "A".to_owned(),
            headers: vec!["Họ và tên".to_owned(), "Mã xã".to_owned()],
            rows: vec![vec!["An".to_owned(), "10417".to_owned()]],
        }])
        .unwrap();
        let (bytes, format) = annotate_problems(
            &original,
            &SheetLimits::default(),
            &[problem(2, "Mã xã", "10417")],
            true,
        )
        .unwrap();
        assert_eq!(format, ExportFormat::Xlsx);
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, ["Họ và tên", "Mã xã", PROBLEMS_HEADER]);
        assert_eq!(table.rows[0].cells[1].text, "10417");
        assert_eq!(table.rows[0].cells[2].text, "Mã xã \"10417\": Wrong");
    }
}
