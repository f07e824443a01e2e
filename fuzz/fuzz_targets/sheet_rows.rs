//! The register importers over a table made from the input: workers,
//! employers, vacancies and plan figures (`parse_workers`,
//! `parse_employers`, `parse_vacancies`, `parse_values`), with the column
//! mapping, numeric-cell padding and every field parser behind them.
//!
//! Input: one control byte, two bytes for the date bare unit codes are
//! read on, two for today (see `date_from`), then lines (`\n`) of cells (`\t`). Control bits
//! 0–1 pick the register; bit 2 puts the register's own header row in front
//! (otherwise the first line is the header); bit 3 marks cells of digits as
//! stored-as-number (the leading-zero padding path). At most 64 rows.
//!
//! A worker or employer that imports is written back with `worker_cells` /
//! `employer_cells` and imported again: it must come back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_fuzz::{date_from, split, text, units};
use vieclam_sheets::table::{Cell, Column, FileFormat, Row, Table};
use vieclam_sheets::{
    employer_cells, parse_employers, parse_vacancies, parse_workers, worker_cells, SheetSettings,
    WorkerImportSettings, EMPLOYER_COLUMNS, VACANCY_COLUMNS, WORKER_COLUMNS,
};

const MAX_ROWS: usize = 64;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = split::<5>(data);
    let control = head[0];
    let codes_on = date_from([head[1], head[2]]);
    let today = date_from([head[3], head[4]]);
    let input = text(rest);
    let columns: &[Column] = match control & 0x03 {
        0 => WORKER_COLUMNS,
        1 => EMPLOYER_COLUMNS,
        2 => VACANCY_COLUMNS,
        _ => vieclam_sheets::plans::VALUE_COLUMNS,
    };
    let numeric = control & 0x08 != 0;
    let mut lines = input.split('\n').map(|line| {
        line.split('\t')
            .map(|text| Cell {
                text: text.to_owned(),
                numeric: numeric && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
            })
            .collect::<Vec<Cell>>()
    });
    let headers: Vec<String> = if control & 0x04 != 0 {
        columns
            .iter()
            .map(|column| column.header_vi.to_owned())
            .collect()
    } else {
        lines
            .next()
            .unwrap_or_default()
            .into_iter()
            .map(|cell| cell.text)
            .collect()
    };
    let rows: Vec<Row> = lines
        .take(MAX_ROWS)
        .enumerate()
        .map(|(index, cells)| Row {
            line: index + 2,
            cells,
        })
        .collect();
    let table = table(headers, rows);
    let units = units();
    let n_rows = table.rows.len();

    match control & 0x03 {
        0 => {
            let settings = WorkerImportSettings {
                units,
                codes_on,
                today,
            };
            if let Ok(sheet) = parse_workers(&table, settings) {
                assert_eq!(sheet.n_rows, n_rows);
                for (_, profile) in &sheet.records {
                    let _ = worker_cells(profile, true);
                    let again = reimport(WORKER_COLUMNS, worker_cells(profile, false));
                    let back = parse_workers(&again, settings).expect("own columns map");
                    assert_eq!(back.problems, vec![], "{profile:?}");
                    assert_eq!(back.records[0].1, *profile);
                }
            }
        }
        1 => {
            let settings = SheetSettings { units, codes_on };
            if let Ok(sheet) = parse_employers(&table, settings) {
                assert_eq!(sheet.n_rows, n_rows);
                for (_, profile) in &sheet.records {
                    let again = reimport(EMPLOYER_COLUMNS, employer_cells(profile));
                    let back = parse_employers(&again, settings).expect("own columns map");
                    assert_eq!(back.problems, vec![], "{profile:?}");
                    assert_eq!(back.records[0].1, *profile);
                }
            }
        }
        2 => {
            let settings = SheetSettings { units, codes_on };
            if let Ok(sheet) = parse_vacancies(&table, settings) {
                assert_eq!(sheet.n_rows, n_rows);
            }
        }
        _ => {
            if let Ok(sheet) = vieclam_sheets::plans::parse_values(&table, units, codes_on) {
                assert_eq!(sheet.n_rows, n_rows);
            }
        }
    }
});

fn table(headers: Vec<String>, rows: Vec<Row>) -> Table {
    Table {
        format: FileFormat::Csv,
        encoding: None,
        headers,
        rows,
    }
}

/// One exported row, as a sheet with the register's own headers.
fn reimport(columns: &[Column], cells: Vec<String>) -> Table {
    table(
        columns
            .iter()
            .map(|column| column.header_vi.to_owned())
            .collect(),
        vec![Row {
            line: 2,
            cells: cells
                .into_iter()
                .map(|text| Cell {
                    text: vieclam_text::nfc(text.trim()),
                    numeric: false,
                })
                .collect(),
        }],
    )
}
