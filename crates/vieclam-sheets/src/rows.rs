//! Turning rows into checked records: every problem of every row is
//! collected with its line, column, value and reason, never just the first.

use serde::{Deserialize, Serialize};
use vieclam_domain::registry::{FieldProblem, InvalidValue};

use crate::table::{map_columns, Column, ColumnMap, RowView, SheetError, Table};

/// A bad cell (or a bad row): where, what, why in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The line in the file (the header is line 1).
    pub line: usize,
    /// The column header as written in the file.
    pub column: String,
    pub value: String,
    pub reason_vi: String,
    pub reason_en: String,
}

/// The records of a sheet that parsed, and the problems of those that did
/// not.
#[derive(Clone, Debug)]
pub struct ParsedSheet<T> {
    /// (line, record) of every good row.
    pub records: Vec<(usize, T)>,
    pub problems: Vec<RowProblem>,
    /// Cells of good rows an officer should look at, which do not stop the
    /// row (an occupation read from words with low confidence).
    pub warnings: Vec<RowProblem>,
    pub n_rows: usize,
    pub unknown_headers: Vec<String>,
}

impl<T> ParsedSheet<T> {
    /// Lines with at least one problem.
    pub fn bad_lines(&self) -> std::collections::BTreeSet<usize> {
        self.problems.iter().map(|problem| problem.line).collect()
    }
}

/// Collects the problems of one row while its fields are parsed.
pub struct RowParser<'a> {
    pub view: RowView<'a>,
    pub problems: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
}

impl<'a> RowParser<'a> {
    pub fn new(view: RowView<'a>) -> RowParser<'a> {
        RowParser {
            view,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn line(&self) -> usize {
        self.view.row.line
    }

    pub fn problem(&mut self, field: &str, value: &str, reason: InvalidValue) {
        self.problems.push(RowProblem {
            line: self.view.row.line,
            column: self.view.header(field),
            value: value.to_owned(),
            reason_vi: reason.reason_vi,
            reason_en: reason.reason_en,
        });
    }

    /// Notes a cell for the officer to check without refusing the row.
    pub fn warning(&mut self, field: &str, value: &str, reason: InvalidValue) {
        self.warnings.push(RowProblem {
            line: self.view.row.line,
            column: self.view.header(field),
            value: value.to_owned(),
            reason_vi: reason.reason_vi,
            reason_en: reason.reason_en,
        });
    }

    /// Adds problems found by a record's cross-field check.
    pub fn field_problems(
        &mut self,
        problems: Vec<FieldProblem>,
        field_to_column: &[(&str, &str)],
    ) {
        for problem in problems {
            let column = field_to_column
                .iter()
                .find(|(field, _)| *field == problem.field)
                .map_or(problem.field, |(_, column)| column);
            self.problem(column, &problem.value, problem.reason);
        }
    }

    /// A field that must be present and must parse.
    pub fn required<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        match self.view.get(field) {
            Some(text) => match parse(&text) {
                Ok(value) => Some(value),
                Err(reason) => {
                    self.problem(field, &text, reason);
                    None
                }
            },
            None => {
                self.problem(
                    field,
                    "",
                    InvalidValue::new("Ô bắt buộc đang để trống", "This cell is required"),
                );
                None
            }
        }
    }

    /// A field that may be empty; `Some(None)` for an empty cell, `None`
    /// when it failed to parse.
    pub fn optional<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Option<Option<T>> {
        match self.view.get(field) {
            Some(text) => match parse(&text) {
                Ok(value) => Some(Some(value)),
                Err(reason) => {
                    self.problem(field, &text, reason);
                    None
                }
            },
            None => Some(None),
        }
    }

    /// A list cell whose items each parse.
    pub fn list<T>(
        &mut self,
        field: &str,
        parse: impl Fn(&str) -> Result<T, InvalidValue>,
    ) -> Option<Vec<T>> {
        let Some(text) = self.view.get(field) else {
            return Some(Vec::new());
        };
        let mut items = Vec::new();
        let mut ok = true;
        for item in vieclam_domain::registry::parse_list(&text) {
            match parse(&item) {
                Ok(value) => items.push(value),
                Err(reason) => {
                    self.problem(field, &item, reason);
                    ok = false;
                }
            }
        }
        ok.then_some(items)
    }

    /// A yes/no cell; empty is `default`.
    pub fn flag(&mut self, field: &str, default: bool) -> Option<bool> {
        self.optional(field, vieclam_domain::registry::parse_flag)
            .map(|value| value.flatten().unwrap_or(default))
    }
}

/// The good records (with their lines), the problems of some rows and the
/// warnings of good ones.
type ParsedRows<T> = (Vec<(usize, T)>, Vec<RowProblem>, Vec<RowProblem>);

/// Rows below which parsing stays on one thread.
const PARALLEL_FROM_ROWS: usize = 4_096;

/// Parses every row of `table` with `parse_row`, which returns a record
/// only when the row has no problem. Large sheets are parsed on every core;
/// records and problems keep the file's order.
pub fn parse_sheet<T: Send>(
    table: &Table,
    columns: &[Column],
    parse_row: impl Fn(&mut RowParser<'_>) -> Option<T> + Sync,
) -> Result<ParsedSheet<T>, SheetError> {
    let map: ColumnMap = map_columns(&table.headers, columns)?;
    let parse_rows = |rows: &[crate::table::Row]| -> ParsedRows<T> {
        let mut records = Vec::with_capacity(rows.len());
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        for row in rows {
            let mut parser = RowParser::new(RowView {
                row,
                map: &map,
                columns,
                headers: &table.headers,
            });
            let record = parse_row(&mut parser);
            match (record, parser.problems.is_empty()) {
                (Some(record), true) => {
                    records.push((row.line, record));
                    warnings.extend(parser.warnings);
                }
                _ => problems.extend(parser.problems),
            }
        }
        (records, problems, warnings)
    };
    let n_threads = std::thread::available_parallelism().map_or(1, usize::from);
    let (records, problems, warnings) = if table.rows.len() < PARALLEL_FROM_ROWS || n_threads == 1 {
        parse_rows(&table.rows)
    } else {
        let chunk = table.rows.len().div_ceil(n_threads);
        let parts: Vec<ParsedRows<T>> = std::thread::scope(|scope| {
            let handles: Vec<_> = table
                .rows
                .chunks(chunk)
                .map(|rows| scope.spawn(|| parse_rows(rows)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut records = Vec::with_capacity(table.rows.len());
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        for (part_records, part_problems, part_warnings) in parts {
            records.extend(part_records);
            problems.extend(part_problems);
            warnings.extend(part_warnings);
        }
        (records, problems, warnings)
    };
    Ok(ParsedSheet {
        records,
        problems,
        warnings,
        n_rows: table.rows.len(),
        unknown_headers: map.unknown_headers,
    })
}

/// Reports every row whose key repeats an earlier row's, and keeps the
/// first of each.
pub fn refuse_repeated_keys<T>(
    sheet: &mut ParsedSheet<T>,
    column: &str,
    key: impl Fn(&T) -> Option<String>,
) {
    let mut first_line: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(sheet.records.len());
    for (line, record) in std::mem::take(&mut sheet.records) {
        match key(&record) {
            Some(value) => match first_line.get(&value) {
                Some(first) => sheet.problems.push(RowProblem {
                    line,
                    column: column.to_owned(),
                    value: value.clone(),
                    reason_vi: format!("Trùng với dòng {first} trong cùng tệp"),
                    reason_en: format!("Repeats line {first} of the same file"),
                }),
                None => {
                    first_line.insert(value, line);
                    kept.push((line, record));
                }
            },
            None => kept.push((line, record)),
        }
    }
    sheet.records = kept;
    sheet.problems.sort_by_key(|problem| problem.line);
}
