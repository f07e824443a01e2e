//! The CSV side of `read_table`: encoding detection (UTF-8 with or without
//! BOM, Windows-1258, TCVN3 raw or mangled through Windows-1252), the
//! delimiter guess and the csv reader. Inputs that open with the ZIP magic
//! belong to the XLSX target and are left to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vieclam_sheets::encoding::decode;
use vieclam_sheets::read_table;
use vieclam_sheets::table::FileFormat;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK\x03\x04") {
        return;
    }
    if let Ok((text, _)) = decode(data) {
        assert_eq!(vieclam_text::nfc(&text), text, "decoded text is NFC");
    }
    if let Ok(table) = read_table(data) {
        assert_eq!(table.format, FileFormat::Csv);
        assert!(table.encoding.is_some());
        let mut last_line = 1;
        for row in &table.rows {
            assert!(
                row.line > last_line,
                "lines increase: {} after {last_line}",
                row.line
            );
            last_line = row.line;
            assert!(row.cells.iter().any(|cell| !cell.text.is_empty()));
            for cell in &row.cells {
                assert_eq!(vieclam_text::nfc(&cell.text), cell.text);
            }
        }
    }
});
