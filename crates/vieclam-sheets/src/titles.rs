//! Occupations written as words: a survey sheet often names a worker's
//! trade ("thợ hàn", "nhân viên bán hàng") where the register wants an
//! ISCO-08 / VSCO unit-group code. Such cells are found here, before the
//! sheet is parsed, so that the officer can confirm a code for each
//! distinct title; the confirmed codes are then written into the table and
//! the sheet parses as if it had been coded by hand.
//!
//! This module only finds and replaces text; suggesting codes is the
//! classifier's job (`vieclam-classify`), confirming them the caller's.

use std::collections::HashMap;

use crate::table::{map_columns, Column, Table};

/// The fields of a register that hold occupation codes, with whether the
/// cell is a list ("7212:4; 5223").
pub fn occupation_fields(columns: &[Column]) -> Vec<(&'static str, bool)> {
    columns
        .iter()
        .filter_map(|column| match column.field {
            "occupations" | "wanted_occupation" => Some((column.field, true)),
            "occupation" => Some((column.field, false)),
            _ => None,
        })
        .collect()
}

/// The key a title is confirmed under: its words folded (no diacritics,
/// lower case), so that "Thợ hàn" and "tho han" are one title.
pub fn title_key(title: &str) -> String {
    vieclam_text::folded_words(title)
}

/// An item split into what names the occupation and the years after a
/// colon, if any ("thợ hàn: 4" → ("thợ hàn", Some("4"))).
fn split_years(item: &str) -> (&str, Option<&str>) {
    match item.rsplit_once(':') {
        Some((head, tail))
            if tail
                .trim()
                .trim_end_matches("năm")
                .trim()
                .bytes()
                .all(|b| b.is_ascii_digit())
                && !tail.trim().is_empty() =>
        {
            (head.trim(), Some(tail.trim()))
        }
        _ => (item.trim(), None),
    }
}

/// Is this the name of a trade rather than a code? A code starts with a
/// digit; a title has letters and does not.
fn is_title(text: &str) -> bool {
    !text.starts_with(|c: char| c.is_ascii_digit()) && text.chars().any(char::is_alphabetic)
}

/// The items of one cell: a list cell splits as the parser splits it.
fn items(text: &str, list: bool) -> Vec<String> {
    if list {
        vieclam_domain::registry::parse_list(text)
    } else {
        vec![text.split_whitespace().collect::<Vec<_>>().join(" ")]
    }
}

/// The distinct occupation titles written as words in a table's occupation
/// columns, in the order they first appear (the first spelling of each
/// [`title_key`] is kept). Empty when the header row does not map (the
/// parser reports that).
pub fn occupation_titles(table: &Table, columns: &[Column]) -> Vec<String> {
    let Ok(map) = map_columns(&table.headers, columns) else {
        return Vec::new();
    };
    let fields = occupation_fields(columns);
    let mut seen = std::collections::HashSet::new();
    let mut titles = Vec::new();
    for row in &table.rows {
        for (field, list) in &fields {
            let Some(cell) = map
                .positions
                .get(field)
                .and_then(|&index| row.cells.get(index))
            else {
                continue;
            };
            for item in items(&cell.text, *list) {
                let (title, _) = split_years(&item);
                if is_title(title) && seen.insert(title_key(title)) {
                    titles.push(title.to_owned());
                }
            }
        }
    }
    titles
}

/// Writes the confirmed code of each title (by [`title_key`]) in place of
/// the title, keeping the years ("thợ hàn:4" → "7212:4"). A title without
/// a confirmed code is left as written, for the parser to report.
pub fn replace_occupation_titles(
    table: &mut Table,
    columns: &[Column],
    codes: &HashMap<String, String>,
) {
    if codes.is_empty() {
        return;
    }
    let Ok(map) = map_columns(&table.headers, columns) else {
        return;
    };
    let fields = occupation_fields(columns);
    for row in &mut table.rows {
        for (field, list) in &fields {
            let Some(cell) = map
                .positions
                .get(field)
                .and_then(|&index| row.cells.get_mut(index))
            else {
                continue;
            };
            if cell.text.is_empty() {
                continue;
            }
            let replaced: Vec<String> = items(&cell.text, *list)
                .into_iter()
                .map(|item| {
                    let (title, years) = split_years(&item);
                    match codes.get(&title_key(title)).filter(|_| is_title(title)) {
                        Some(code) => match years {
                            Some(years) => format!("{code}:{years}"),
                            None => code.clone(),
                        },
                        None => item.clone(),
                    }
                })
                .collect();
            cell.text = replaced.join("; ");
            cell.numeric = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_table;
    use crate::WORKER_COLUMNS;

    const SHEET: &str = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Nghề nghiệp,Nghề mong muốn\n\
        An,01/01/1990,Nam,001090000001,10417,Thợ hàn: 4; 5223,nhân viên bán hàng\n\
        Bình,01/01/1991,Nữ,001091000002,10417,tho han,7212\n";

    #[test]
    fn titles_are_found_once_each_and_codes_are_left_alone() {
        let table = read_table(SHEET.as_bytes()).unwrap();
        assert_eq!(
            occupation_titles(&table, WORKER_COLUMNS),
            ["Thợ hàn", "nhân viên bán hàng"]
        );
    }

    #[test]
    fn confirmed_codes_replace_titles_and_keep_the_years() {
        let mut table = read_table(SHEET.as_bytes()).unwrap();
        let codes = HashMap::from([
            (title_key("thợ hàn"), "7212".to_owned()),
            (title_key("Nhân viên bán hàng"), "5223".to_owned()),
        ]);
        replace_occupation_titles(&mut table, WORKER_COLUMNS, &codes);
        assert_eq!(table.rows[0].cells[5].text, "7212:4; 5223");
        assert_eq!(table.rows[0].cells[6].text, "5223");
        assert_eq!(table.rows[1].cells[5].text, "7212");
        assert!(occupation_titles(&table, WORKER_COLUMNS).is_empty());
    }
}
