//! The XLSX side of `read_table` (calamine underneath), in two modes:
//!
//! * raw: an input that opens with the ZIP magic `PK\x03\x04` is read as it
//!   is (the seed corpus holds small real XLSX files written by
//!   rust_xlsxwriter, see `examples/seed_xlsx.rs`); an input opening with
//!   `Z` is read with the magic put in front of the rest;
//! * structured: any other input is the worksheet XML, the shared strings
//!   XML and the styles XML, separated by 0xFF bytes, which the harness
//!   packs into a workbook (stored, not deflated) — so that mutations reach
//!   calamine's XML reading and vieclam's cell conversion instead of dying
//!   on a broken deflate stream or CRC.
//!
//! Inputs go to `read_table_with` under the default `SheetLimits`, with no
//! pre-filter: the two memory bombs first found here (a cell grid from A1
//! to XFD1048576, a shared-string table declaring 10^12 entries) are
//! refused by the limits, which are fuzzed with the rest.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use vieclam_sheets::{read_table_with, SheetLimits};
use vieclam_sheets::table::FileFormat;



fuzz_target!(|data: &[u8]| {
    let bytes: Vec<u8> = if data.starts_with(b"PK\x03\x04") {
        data.to_vec()
    } else if let Some(rest) = data.strip_prefix(b"Z") {
        [b"PK\x03\x04".as_slice(), rest].concat()
    } else {
        pack_workbook(data)
    };
    // The limits themselves are fuzzed: no input is filtered out before
    // the reader (the known bombs are refused by the limits now).
    if let Ok(table) = read_table_with(&bytes, &SheetLimits::default()) {
        assert_eq!(table.format, FileFormat::Xlsx);
        for row in &table.rows {
            assert!(row.cells.iter().any(|cell| !cell.text.is_empty()));
            for cell in row.cells.iter().filter(|cell| !cell.numeric) {
                assert_eq!(vieclam_text::nfc(&cell.text), cell.text);
            }
        }
    }
});

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Packs "sheet XML 0xFF shared strings 0xFF styles" into a workbook.
fn pack_workbook(data: &[u8]) -> Vec<u8> {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let sheet = parts.next().unwrap_or_default();
    let strings = parts.next();
    let styles = parts.next();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, content: &[u8]| {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content).expect("zip write");
    };
    add("[Content_Types].xml", CONTENT_TYPES.as_bytes());
    add("_rels/.rels", ROOT_RELS.as_bytes());
    add("xl/workbook.xml", WORKBOOK.as_bytes());
    add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes());
    add("xl/worksheets/sheet1.xml", sheet);
    if let Some(strings) = strings {
        add("xl/sharedStrings.xml", strings);
    }
    if let Some(styles) = styles {
        add("xl/styles.xml", styles);
    }
    zip.finish().expect("zip finish").into_inner()
}
