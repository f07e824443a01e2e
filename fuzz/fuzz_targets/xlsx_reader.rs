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
//! PRE-FILTER (documented in fuzz/RESULTS.md): two memory bombs are known
//! and fixed on branch `sheets-limits` (`read_table_with(bytes,
//! &SheetLimits)`): calamine allocating the whole grid between the first and
//! the last cell (a cell at A1 and one at XFD1048576: 512 GiB), and
//! reserving the shared-string table for `uniqueCount` (10^12). So that the
//! rest of the reader is still fuzzed under `-rss_limit_mb=2048`, inputs
//! whose XML entries place cells spanning more than `MAX_GRID_CELLS`, or
//! declare `uniqueCount` above `MAX_UNIQUE_COUNT`, are skipped before
//! `read_table`. Nothing else is filtered.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use libfuzzer_sys::fuzz_target;
use vieclam_sheets::read_table;
use vieclam_sheets::table::FileFormat;

/// Grid cells above which an input is a known "whole grid" bomb.
const MAX_GRID_CELLS: u64 = 1 << 20;
/// Shared strings declared above which an input is a known reserve bomb.
const MAX_UNIQUE_COUNT: u64 = 10_000_000;
/// Decompressed bytes the pre-filter reads at most; an input beyond is
/// skipped too (calamine streams entries, but the scan has to stop).
const MAX_SCAN_BYTES: u64 = 64 << 20;

static SKIPPED: AtomicUsize = AtomicUsize::new(0);

fuzz_target!(|data: &[u8]| {
    let bytes: Vec<u8> = if data.starts_with(b"PK\x03\x04") {
        data.to_vec()
    } else if let Some(rest) = data.strip_prefix(b"Z") {
        [b"PK\x03\x04".as_slice(), rest].concat()
    } else {
        pack_workbook(data)
    };
    if known_bomb(&bytes) {
        let skipped = SKIPPED.fetch_add(1, Ordering::Relaxed) + 1;
        if skipped.is_power_of_two() {
            eprintln!("xlsx_reader: {skipped} inputs skipped by the known-bomb pre-filter");
        }
        return;
    }
    if let Ok(table) = read_table(&bytes) {
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

/// True when an entry of the archive is one of the two known memory bombs
/// (see the module comment), or when the scan would read too much.
fn known_bomb(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let mut budget = MAX_SCAN_BYTES;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let mut xml = Vec::new();
        let mut limited = entry.take(budget + 1);
        if limited.read_to_end(&mut xml).is_err() {
            continue;
        }
        if xml.len() as u64 > budget {
            return true;
        }
        budget -= xml.len() as u64;
        if grid_cells(&xml) > MAX_GRID_CELLS || unique_count(&xml) > MAX_UNIQUE_COUNT {
            return true;
        }
    }
    false
}

/// The largest `uniqueCount` attribute value in the XML (saturating).
fn unique_count(xml: &[u8]) -> u64 {
    let needle = b"uniqueCount=";
    let mut largest = 0;
    for start in memchr_all(xml, needle) {
        let value = &xml[start + needle.len()..];
        let value = value.get(1..).unwrap_or_default(); // the quote
        let value = value.strip_prefix(b"+").unwrap_or(value);
        let n = value
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .fold(0u64, |n, b| {
                n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
            });
        largest = largest.max(n);
    }
    largest
}

fn memchr_all<'a>(haystack: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(move |(_, window)| *window == needle)
        .map(|(index, _)| index)
}

/// The cells of the grid calamine would allocate for this XML read as a
/// worksheet: the bounding box of every `<c>` start tag's position,
/// following calamine's rules (`r` on `<row>` and `<c>`, columns counted
/// on from the last, `</row>` moving down). Saturating.
fn grid_cells(xml: &[u8]) -> u64 {
    let (mut row, mut col) = (0u64, 0u64);
    let (mut min_row, mut max_row, mut min_col, mut max_col) = (u64::MAX, 0u64, u64::MAX, 0u64);
    let mut any = false;
    let mut rest = xml;
    while let Some(open) = rest.iter().position(|&b| b == b'<') {
        rest = &rest[open + 1..];
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let closing = tag.first() == Some(&b'/');
        let tag_body = if closing { &tag[1..] } else { tag };
        let name_end = tag_body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag_body.len());
        let name = &tag_body[..name_end];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        let self_closing = tag.last() == Some(&b'/');
        match (local, closing, self_closing) {
            (b"row", true, _) => {
                row = row.saturating_add(1);
                col = 0;
            }
            (b"row", false, false) => {
                if let Some((r, _)) = attr_r(tag_body).map(position) {
                    row = r;
                }
            }
            (b"c", false, false) => {
                let (r, c) = match attr_r(tag_body).map(position) {
                    Some((r, Some(c))) => {
                        col = c;
                        (r, c)
                    }
                    _ => (row, col),
                };
                any = true;
                min_row = min_row.min(r);
                max_row = max_row.max(r);
                min_col = min_col.min(c);
                max_col = max_col.max(c);
                col = col.saturating_add(1);
            }
            _ => {}
        }
        rest = &rest[end.min(rest.len())..];
    }
    if !any {
        return 0;
    }
    (max_row - min_row)
        .saturating_add(1)
        .saturating_mul((max_col - min_col).saturating_add(1))
}

/// The raw value of an `r` attribute of a start tag.
fn attr_r(tag: &[u8]) -> Option<&[u8]> {
    let mut index = 0;
    while index + 3 < tag.len() {
        if tag[index].is_ascii_whitespace()
            && tag[index + 1] == b'r'
            && tag[index + 2] == b'='
            && matches!(tag[index + 3], b'"' | b'\'')
        {
            let quote = tag[index + 3];
            let value = &tag[index + 4..];
            let end = value
                .iter()
                .position(|&b| b == quote)
                .unwrap_or(value.len());
            return Some(&value[..end]);
        }
        index += 1;
    }
    None
}

/// A cell reference as calamine reads it: letters (base 26) then digits,
/// 0-based; large values saturate instead of wrapping.
fn position(reference: &[u8]) -> (u64, Option<u64>) {
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let col = reference[..letters].iter().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = reference[letters..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
    (
        row.saturating_sub(1),
        (letters > 0).then(|| col.saturating_sub(1)),
    )
}
