//! Writes the structure-aware seeds of the sheet targets:
//!
//! * `corpus/xlsx_reader/`: small real workbooks written by rust_xlsxwriter
//!   (strings, numbers, dates, booleans, formulas, rich text, merged cells,
//!   several sheets, an empty one), and the same workbooks' worksheet,
//!   shared-strings and styles XML joined by 0xFF (the harness's structured
//!   mode);
//! * `corpus/csv_reader/`: the register rows as CSV (UTF-8, BOM, `;`, tabs,
//!   quoted cells, Windows-1258 and TCVN3 bytes);
//! * `corpus/sheet_rows/`: the same rows in the sheet_rows input format.
//!
//! Run from `fuzz/`: `cargo +nightly run --example seed_corpus`.

use std::io::{Cursor, Read};
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use vieclam_sheets::plans::VALUE_COLUMNS;
use vieclam_sheets::table::Column;
use vieclam_sheets::{EMPLOYER_COLUMNS, VACANCY_COLUMNS, WORKER_COLUMNS};

/// (field, value) rows of each register that import cleanly; the headers
/// written are the columns' Vietnamese headers.
const WORKER: &[(&str, &str)] = &[
    ("full_name", "Nguyễn Văn An"),
    ("birth_date", "15/03/1985"),
    ("sex", "Nam"),
    ("citizen_id", "001085012345"),
    ("residence", "00004"),
    ("ethnicity", "Kinh"),
    ("phone", "0912345678"),
    ("email", "an@example.vn"),
    ("qualification", "Cao đẳng"),
    ("occupations", "7212"),
    ("languages", "Tiếng Anh; Tiếng Nhật"),
    ("wanted_wage", "8-12 triệu"),
    ("unemployment_insurance", "Có"),
];
const EMPLOYER: &[(&str, &str)] = &[
    ("tax_code", "0100112437"),
    ("name", "Công ty TNHH Hòa Bình"),
    ("kind", "Doanh nghiệp"),
    ("industry", "1410"),
    ("size", "120"),
    ("address_unit", "00004"),
    ("contact_phone", "024 3825 1234"),
];
const VACANCY: &[(&str, &str)] = &[
    ("employer_tax_code", "0100112437"),
    ("title", "Thợ hàn TIG"),
    ("occupation", "7212"),
    ("headcount", "5"),
    ("work_unit", "00004"),
    ("wage", "9–12 triệu"),
    ("deadline", "31/12/2026"),
];
const VALUES: &[(&str, &str)] = &[
    ("indicator", "unemployment_rate"),
    ("unit", "01"),
    ("period", "2025"),
    ("value", "2,5"),
];

fn header(columns: &[Column], field: &str) -> &'static str {
    columns
        .iter()
        .find(|column| column.field == field)
        .unwrap_or_else(|| panic!("no column {field}"))
        .header_vi
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for dir in ["xlsx_reader", "csv_reader", "sheet_rows"] {
        std::fs::create_dir_all(root.join(dir)).expect("corpus dir");
    }
    let registers: [(&str, u8, &[(&str, &str)], &[Column]); 4] = [
        ("worker", 0, WORKER, WORKER_COLUMNS),
        ("employer", 1, EMPLOYER, EMPLOYER_COLUMNS),
        ("vacancy", 2, VACANCY, VACANCY_COLUMNS),
        ("values", 3, VALUES, VALUE_COLUMNS),
    ];

    // sheet_rows: control byte, codes_on and today near 2026 (or 2024: the
    // legacy structure), then tab-separated lines.
    for (name, register, row, columns) in registers {
        let headers: Vec<&str> = row.iter().map(|(f, _)| header(columns, f)).collect();
        let values: Vec<&str> = row.iter().map(|(_, v)| *v).collect();
        for (tag, dates) in [("2026", [0xe2, 0x59]), ("2024", [0x75, 0x58])] {
            let mut input = vec![register, dates[0], dates[1], 0xe2, 0x59];
            input.extend(
                format!(
                    "{}\n{}\n{}",
                    headers.join("\t"),
                    values.join("\t"),
                    values.join("\t")
                )
                .bytes(),
            );
            write(
                &root.join("sheet_rows").join(format!("{name}-{tag}")),
                &input,
            );
        }
        let mut numeric = vec![register | 0x08, 0xe2, 0x59, 0xe2, 0x59];
        numeric.extend(
            format!(
                "{}\n{}",
                headers.join("\t"),
                values.join("\t").replace("00004", "4")
            )
            .bytes(),
        );
        write(
            &root.join("sheet_rows").join(format!("{name}-numeric")),
            &numeric,
        );
    }

    // csv_reader
    for (name, _, row, columns) in registers {
        let headers: Vec<&str> = row.iter().map(|(f, _)| header(columns, f)).collect();
        let values: Vec<String> = row.iter().map(|(_, v)| format!("\"{v}\"")).collect();
        let csv = format!("{}\r\n{}\r\n", headers.join(","), values.join(","));
        write(
            &root.join("csv_reader").join(format!("{name}.csv")),
            csv.as_bytes(),
        );
        let semi = csv.replace(',', ";");
        write(
            &root
                .join("csv_reader")
                .join(format!("{name}-semicolon.csv")),
            semi.as_bytes(),
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat();
        write(
            &root.join("csv_reader").join(format!("{name}-bom.csv")),
            &bom,
        );
    }
    // "Hà Nội" in Windows-1258 (decomposed tone marks) and in TCVN3.
    write(
        &root.join("csv_reader").join("windows-1258.csv"),
        b"T\xean,M\xe3\r\nH\xe0 N\xf4\xf2i,01\r\n",
    );
    write(
        &root.join("csv_reader").join("tcvn3.csv"),
        b"Ten,Ma\r\nH\xb5 N\xe9i,01\r\n",
    );
    write(
        &root.join("csv_reader").join("tcvn3-in-utf8.csv"),
        "Ten,Ma\r\nHµ Néi,01\r\n".as_bytes(),
    );

    // xlsx_reader
    for (index, workbook) in workbooks().into_iter().enumerate() {
        write(
            &root.join("xlsx_reader").join(format!("real-{index}.xlsx")),
            &workbook,
        );
        write(
            &root.join("xlsx_reader").join(format!("parts-{index}")),
            &parts(&workbook),
        );
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write seed");
}

/// The worksheet, shared strings and styles of a workbook, joined by 0xFF.
fn parts(xlsx: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).expect("a workbook");
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        if let Ok(mut entry) = archive.by_name(name) {
            entry.read_to_end(&mut bytes).expect("entry");
        }
        bytes
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    let strings = read("xl/sharedStrings.xml");
    let styles = read("xl/styles.xml");
    [sheet, strings, styles].join(&0xFF)
}

fn workbooks() -> Vec<Vec<u8>> {
    let mut books = Vec::new();
    for (row, columns) in [
        (WORKER, WORKER_COLUMNS),
        (EMPLOYER, EMPLOYER_COLUMNS),
        (VACANCY, VACANCY_COLUMNS),
        (VALUES, VALUE_COLUMNS),
    ] {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (col, (field, value)) in row.iter().enumerate() {
            sheet
                .write_string(0, col as u16, header(columns, field))
                .expect("cell");
            sheet.write_string(1, col as u16, *value).expect("cell");
        }
        books.push(workbook.save_to_buffer().expect("xlsx"));
    }
    // Numbers (a code that lost its zeros), dates, booleans, formulas,
    // rich text, a merged range, an error, a second sheet.
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    for (col, header) in [
        "Họ và tên",
        "Ngày sinh",
        "Mã xã",
        "Lương",
        "Có BHTN",
        "Tổng",
        "Ghi chú",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *header).expect("cell");
    }
    sheet.write_string(1, 0, "Lê Thị Hoà").expect("cell");
    sheet
        .write_datetime_with_format(
            1,
            1,
            ExcelDateTime::from_ymd(1990, 2, 1).expect("date"),
            &date,
        )
        .expect("cell");
    sheet.write_number(1, 2, 4.0).expect("cell");
    sheet.write_number(1, 3, 8_500_000.5).expect("cell");
    sheet.write_boolean(1, 4, true).expect("cell");
    sheet.write_formula(1, 5, "=D2*2").expect("cell");
    sheet
        .write_rich_string(1, 6, &[(&bold, "Đậm "), (&Format::default(), "thường")])
        .expect("cell");
    sheet
        .merge_range(3, 0, 3, 3, "Gộp ô", &Format::default())
        .expect("merge");
    sheet.write_formula(4, 0, "=1/0").expect("cell");
    sheet.write_number(5, 10, -1e300).expect("cell");
    workbook
        .add_worksheet()
        .write_string(0, 0, "Trang 2")
        .expect("cell");
    books.push(workbook.save_to_buffer().expect("xlsx"));
    // An empty workbook.
    books.push(Workbook::new().save_to_buffer().expect("xlsx"));
    books
}
