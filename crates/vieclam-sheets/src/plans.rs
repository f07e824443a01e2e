//! Plans in spreadsheets: figures that agencies enter (CSV or XLSX in), and
//! progress tables shaped like the plans' own (XLSX out): the summary, the
//! appendix by unit, and the quarterly schedule.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use vieclam_domain::registry::InvalidValue;
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_plans::{format_number, Indicators, Period, PeriodKind, Plan, ProgressRow, Source};

use crate::export::ExportError;
use crate::rows::{parse_sheet, ParsedSheet, RowParser};
use crate::table::{Column, SheetError, Table};

/// The columns of a sheet of figures.
pub const VALUE_COLUMNS: &[Column] = &[
    Column {
        field: "indicator",
        header_vi: "Mã chỉ số",
        header_en: "Indicator",
        aliases: &["chi so", "ma chi tieu", "chi tieu"],
        required: true,
        pad_to: None,
    },
    Column {
        field: "unit",
        header_vi: "Mã đơn vị",
        header_en: "Unit",
        aliases: &["don vi", "ma dvhc", "dvhc"],
        required: true,
        pad_to: None,
    },
    Column {
        field: "period",
        header_vi: "Kỳ báo cáo",
        header_en: "Period",
        aliases: &["ky", "thoi gian"],
        required: true,
        pad_to: None,
    },
    Column {
        field: "value",
        header_vi: "Số liệu",
        header_en: "Value",
        aliases: &["gia tri", "so lieu thuc hien", "thuc hien"],
        required: true,
        pad_to: None,
    },
    Column {
        field: "agency",
        header_vi: "Cơ quan báo cáo",
        header_en: "Agency",
        aliases: &["co quan", "don vi bao cao"],
        required: false,
        pad_to: None,
    },
    Column {
        field: "comment",
        header_vi: "Ghi chú",
        header_en: "Comment",
        aliases: &["ghi chu", "note"],
        required: false,
        pad_to: None,
    },
];

/// One figure read from a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRow {
    pub indicator: String,
    pub unit: UnitKey,
    pub period: Period,
    pub value: f64,
    pub agency: Option<String>,
    pub comment: Option<String>,
}

/// A figure as people write it: `71,5`, `1.608` (thousands), `1608`, `3.5`.
pub fn parse_figure(text: &str) -> Option<f64> {
    let text = text.trim().replace([' ', '\u{a0}'], "");
    let normal = if text.contains(',') {
        text.replace('.', "").replace(',', ".")
    } else {
        let groups: Vec<&str> = text.split('.').collect();
        let thousands = groups.len() > 1
            && !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if thousands {
            text.replace('.', "")
        } else {
            text
        }
    };
    normal.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// Checks one figure: the indicator is submitted (not computed from the
/// registers nor counted by the job exchange), the value fits its measure.
pub fn check_figure(indicator: &str, value: f64) -> Result<(), InvalidValue> {
    let indicators = Indicators::embedded();
    let Ok(found) = indicators.get(indicator) else {
        return Err(InvalidValue::new(
            format!("Không có chỉ số {indicator:?}"),
            format!("No indicator {indicator:?}"),
        ));
    };
    match found.source {
        Source::Submitted => {}
        Source::Computed => {
            return Err(InvalidValue::new(
                format!(
                    "Chỉ số {indicator} được tính tự động từ sổ đăng ký lao động, không nhập tay"
                ),
                format!("{indicator} is computed from the registers; it is not entered"),
            ))
        }
        Source::Exchange => {
            return Err(InvalidValue::new(
                format!(
                    "Chỉ số {indicator} được đếm tự động từ sàn giao dịch việc làm (phiên đã tổ chức, lượt tư vấn), không nhập tay"
                ),
                format!(
                    "{indicator} is counted by the job exchange from its records; it is not entered"
                ),
            ))
        }
    }
    if value < 0.0 && found.code != "productivity_growth" {
        return Err(InvalidValue::new(
            "Số liệu không được âm",
            "The figure cannot be negative",
        ));
    }
    if found.unit.is_share() && !(0.0..=100.0).contains(&value) {
        return Err(InvalidValue::new(
            "Tỷ lệ phải trong khoảng 0–100",
            "A percentage must lie within 0–100",
        ));
    }
    Ok(())
}

/// Reads a sheet of figures; every bad cell is reported with its line.
pub fn parse_values(
    table: &Table,
    units: &AdminUnits,
    codes_on: NaiveDate,
) -> Result<ParsedSheet<ValueRow>, SheetError> {
    parse_sheet(table, VALUE_COLUMNS, |row: &mut RowParser<'_>| {
        let text = |row: &RowParser<'_>, field: &str| row.view.get(field).unwrap_or_default();
        let indicator = text(row, "indicator").trim().to_owned();
        let unit_text = text(row, "unit");
        let unit = match UnitKey::parse(unit_text.trim(), codes_on) {
            Ok(key) if units.get(&key).is_ok() => Some(key),
            Ok(key) => {
                let error = units.get(&key).err();
                row.problem(
                    "unit",
                    &unit_text,
                    InvalidValue::new(
                        error.as_ref().map(|e| e.message_vi()).unwrap_or_default(),
                        error.map(|e| e.to_string()).unwrap_or_default(),
                    ),
                );
                None
            }
            Err(error) => {
                row.problem(
                    "unit",
                    &unit_text,
                    InvalidValue::new(error.message_vi(), error.to_string()),
                );
                None
            }
        };
        let period_text = text(row, "period");
        let period = match Period::parse(&period_text) {
            Ok(period) => Some(period),
            Err(error) => {
                row.problem(
                    "period",
                    &period_text,
                    InvalidValue::new(error.message_vi(), error.to_string()),
                );
                None
            }
        };
        let value_text = text(row, "value");
        let value = match parse_figure(&value_text) {
            Some(value) => match check_figure(&indicator, value) {
                Ok(()) => Some(value),
                Err(reason) => {
                    let field = if reason.reason_en.starts_with("No indicator")
                        || reason.reason_en.ends_with("it is not entered")
                    {
                        "indicator"
                    } else {
                        "value"
                    };
                    let shown = if field == "indicator" {
                        indicator.clone()
                    } else {
                        value_text.clone()
                    };
                    row.problem(field, &shown, reason);
                    None
                }
            },
            None => {
                row.problem(
                    "value",
                    &value_text,
                    InvalidValue::new("Số liệu không phải là số", "The figure is not a number"),
                );
                None
            }
        };
        Some(ValueRow {
            indicator,
            unit: unit?,
            period: period?,
            value: value?,
            agency: row
                .view
                .get("agency")
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
            comment: row
                .view
                .get("comment")
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty()),
        })
    })
}

pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) cell: Format,
    pub(crate) number: Format,
    pub(crate) bold_number: Format,
    pub(crate) bold: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let border = |format: Format| format.set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter),
            ),
            cell: border(Format::new().set_text_wrap()),
            number: border(Format::new().set_num_format("#,##0.##")),
            bold_number: border(Format::new().set_bold().set_num_format("#,##0.##")),
            bold: border(Format::new().set_bold()),
        }
    }
}

pub(crate) fn title(
    sheet: &mut Worksheet,
    formats: &Formats,
    lines: &[String],
    width: u16,
) -> Result<u32, ExportError> {
    for (row, line) in lines.iter().enumerate() {
        sheet.merge_range(row as u32, 0, row as u32, width - 1, line, &formats.title)?;
    }
    Ok(lines.len() as u32 + 1)
}

fn write_actual(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<f64>,
    format: &Format,
    empty: &Format,
) -> Result<(), ExportError> {
    match value {
        Some(value) => {
            sheet.write_number_with_format(row, column, (value * 100.0).round() / 100.0, format)?
        }
        None => sheet.write_string_with_format(row, column, "", empty)?,
    };
    Ok(())
}

/// The progress workbook of a plan: "Tổng hợp" (every target), "Phụ lục"
/// (targets split by unit, with their total), "Tiến độ theo quý" (the
/// quarterly schedule: plan and actual per quarter).
pub fn progress_workbook(
    plan: &Plan,
    rows: &[ProgressRow],
    as_of: NaiveDate,
) -> Result<Vec<u8>, ExportError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let heading = vec![
        plan.document_vi().to_uppercase(),
        plan.title_vi.clone(),
        format!("Tiến độ thực hiện đến ngày {}", as_of.format("%d/%m/%Y")),
    ];
    // Summary.
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Tổng hợp")?;
        let headers = [
            "STT",
            "Chỉ tiêu",
            "Đơn vị",
            "Kỳ",
            "Đơn vị tính",
            "Kế hoạch",
            "Thực hiện",
            "Tỷ lệ đạt (%)",
            "Tình trạng",
            "Cơ quan chủ trì",
        ];
        let mut r = title(sheet, &formats, &heading, headers.len() as u16)?;
        for (c, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, *header, &formats.header)?;
        }
        for (index, row) in rows.iter().enumerate() {
            r += 1;
            sheet.write_number_with_format(r, 0, (index + 1) as f64, &formats.number)?;
            sheet.write_string_with_format(r, 1, &row.indicator_vi, &formats.cell)?;
            sheet.write_string_with_format(r, 2, &row.unit_name, &formats.cell)?;
            let period = Period::parse(&row.period)
                .map(|p| p.label_vi())
                .unwrap_or_default();
            sheet.write_string_with_format(r, 3, &period, &formats.cell)?;
            sheet.write_string_with_format(r, 4, &row.measure, &formats.cell)?;
            sheet.write_string_with_format(r, 5, &row.target_label, &formats.cell)?;
            write_actual(
                sheet,
                r,
                6,
                row.actual.value,
                &formats.number,
                &formats.cell,
            )?;
            write_actual(
                sheet,
                r,
                7,
                row.percent_achieved,
                &formats.number,
                &formats.cell,
            )?;
            sheet.write_string_with_format(r, 8, &row.status_vi, &formats.cell)?;
            sheet.write_string_with_format(
                r,
                9,
                row.target.lead_agency.as_deref().unwrap_or(""),
                &formats.cell,
            )?;
        }
        sheet.set_column_width(1, 40)?;
        sheet.set_column_width(2, 24)?;
        sheet.set_column_width(3, 16)?;
        sheet.set_column_width(8, 16)?;
        sheet.set_column_width(9, 28)?;
    }
    // Appendix by unit: an indicator and period given for several units.
    let mut groups: BTreeMap<(String, String), Vec<&ProgressRow>> = BTreeMap::new();
    for row in rows {
        groups
            .entry((row.indicator.clone(), row.period.clone()))
            .or_default()
            .push(row);
    }
    let split: Vec<_> = groups
        .iter()
        .filter(|(_, rows)| {
            rows.iter()
                .map(|row| &row.unit)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                > 2
        })
        .collect();
    if !split.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Phụ lục")?;
        let headers = [
            "STT",
            "Đơn vị",
            "Chỉ tiêu",
            "Thực hiện",
            "Tỷ lệ đạt (%)",
            "Tình trạng",
        ];
        let mut r = 0;
        for ((_, period), parts) in split {
            let first = parts[0];
            let period_label = Period::parse(period)
                .map(|p| p.label_vi())
                .unwrap_or_default();
            let lines = [
                format!(
                    "PHỤ LỤC: {} {} ({})",
                    first.indicator_vi.to_uppercase(),
                    period_label.to_uppercase(),
                    first.measure
                ),
                format!("(Kèm theo {})", plan.document_vi()),
            ];
            for (i, line) in lines.iter().enumerate() {
                sheet.merge_range(
                    r + i as u32,
                    0,
                    r + i as u32,
                    headers.len() as u16 - 1,
                    line,
                    &formats.title,
                )?;
            }
            r += lines.len() as u32 + 1;
            for (c, header) in headers.iter().enumerate() {
                sheet.write_string_with_format(r, c as u16, *header, &formats.header)?;
            }
            // The parent row (the plan's own unit) is the total line.
            let parent = parts.iter().find(|row| row.unit == plan.unit.to_string());
            let mut n = 0;
            let (mut target_sum, mut actual_sum, mut any_actual) = (0.0, 0.0, false);
            for row in parts.iter().filter(|row| Some(*row) != parent) {
                n += 1;
                r += 1;
                sheet.write_number_with_format(r, 0, f64::from(n), &formats.number)?;
                sheet.write_string_with_format(r, 1, &row.unit_name, &formats.cell)?;
                sheet.write_number_with_format(
                    r,
                    2,
                    row.target.bound.headline(),
                    &formats.number,
                )?;
                write_actual(
                    sheet,
                    r,
                    3,
                    row.actual.value,
                    &formats.number,
                    &formats.cell,
                )?;
                write_actual(
                    sheet,
                    r,
                    4,
                    row.percent_achieved,
                    &formats.number,
                    &formats.cell,
                )?;
                sheet.write_string_with_format(r, 5, &row.status_vi, &formats.cell)?;
                target_sum += row.target.bound.headline();
                if let Some(actual) = row.actual.value {
                    actual_sum += actual;
                    any_actual = true;
                }
            }
            r += 1;
            sheet.write_string_with_format(r, 0, "", &formats.bold)?;
            sheet.write_string_with_format(r, 1, "Tổng cộng", &formats.bold)?;
            sheet.write_number_with_format(r, 2, target_sum, &formats.bold_number)?;
            let total = parent
                .and_then(|p| p.actual.value)
                .or(any_actual.then_some(actual_sum));
            write_actual(sheet, r, 3, total, &formats.bold_number, &formats.bold)?;
            let percent = total
                .filter(|_| target_sum > 0.0)
                .map(|t| 100.0 * t / target_sum);
            write_actual(sheet, r, 4, percent, &formats.bold_number, &formats.bold)?;
            sheet.write_string_with_format(
                r,
                5,
                parent.map(|p| p.status_vi.as_str()).unwrap_or(""),
                &formats.bold,
            )?;
            r += 3;
        }
        sheet.set_column_width(1, 30)?;
        sheet.set_column_width(5, 16)?;
    }
    // Quarterly schedule.
    let quarterly: Vec<&ProgressRow> = rows
        .iter()
        .filter(|row| Period::parse(&row.period).is_ok_and(|p| p.kind == PeriodKind::Quarter))
        .collect();
    if !quarterly.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Tiến độ theo quý")?;
        let mut quarters: Vec<String> = quarterly.iter().map(|row| row.period.clone()).collect();
        quarters.sort();
        quarters.dedup();
        let mut indicators: Vec<(&str, &str, &str)> = Vec::new();
        for row in &quarterly {
            let entry = (
                row.indicator.as_str(),
                row.indicator_vi.as_str(),
                row.measure.as_str(),
            );
            if !indicators.contains(&entry) {
                indicators.push(entry);
            }
        }
        let width = 2 + 2 * quarters.len() as u16 + 2;
        let mut r = title(sheet, &formats, &heading, width)?;
        sheet.merge_range(r, 0, r + 1, 0, "Chỉ tiêu", &formats.header)?;
        sheet.merge_range(r, 1, r + 1, 1, "Đơn vị tính", &formats.header)?;
        for (q, quarter) in quarters.iter().enumerate() {
            let c = 2 + 2 * q as u16;
            let label = Period::parse(quarter)
                .map(|p| p.label_vi())
                .unwrap_or_default();
            let mut chars = label.chars();
            let label: String = chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            sheet.merge_range(r, c, r, c + 1, &label, &formats.header)?;
            sheet.write_string_with_format(r + 1, c, "Kế hoạch", &formats.header)?;
            sheet.write_string_with_format(r + 1, c + 1, "Thực hiện", &formats.header)?;
        }
        let c = 2 + 2 * quarters.len() as u16;
        sheet.merge_range(r, c, r, c + 1, "Cộng các quý", &formats.header)?;
        sheet.write_string_with_format(r + 1, c, "Kế hoạch", &formats.header)?;
        sheet.write_string_with_format(r + 1, c + 1, "Thực hiện", &formats.header)?;
        r += 1;
        for (code, name, measure) in indicators {
            r += 1;
            sheet.write_string_with_format(r, 0, name, &formats.cell)?;
            sheet.write_string_with_format(r, 1, measure, &formats.cell)?;
            let (mut planned, mut done, mut any) = (0.0, 0.0, false);
            for (q, quarter) in quarters.iter().enumerate() {
                let c = 2 + 2 * q as u16;
                let row = quarterly.iter().find(|row| {
                    row.indicator == code
                        && &row.period == quarter
                        && row.unit == plan.unit.to_string()
                });
                match row {
                    Some(row) => {
                        planned += row.target.bound.headline();
                        sheet.write_number_with_format(
                            r,
                            c,
                            row.target.bound.headline(),
                            &formats.number,
                        )?;
                        write_actual(
                            sheet,
                            r,
                            c + 1,
                            row.actual.value,
                            &formats.number,
                            &formats.cell,
                        )?;
                        if let Some(actual) = row.actual.value {
                            done += actual;
                            any = true;
                        }
                    }
                    None => {
                        sheet.write_string_with_format(r, c, "", &formats.cell)?;
                        sheet.write_string_with_format(r, c + 1, "", &formats.cell)?;
                    }
                }
            }
            sheet.write_number_with_format(r, c, planned, &formats.bold_number)?;
            write_actual(
                sheet,
                r,
                c + 1,
                any.then_some(done),
                &formats.bold_number,
                &formats.bold,
            )?;
        }
        sheet.set_column_width(0, 44)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A plain-text figure for people: `160.000`, `71,5`, `—` when missing.
pub fn figure_text(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_else(|| "—".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_the_vietnamese_way() {
        assert_eq!(parse_figure("71,5"), Some(71.5));
        assert_eq!(parse_figure("1.608"), Some(1608.0));
        assert_eq!(parse_figure("160.000"), Some(160_000.0));
        assert_eq!(parse_figure("3.5"), Some(3.5));
        assert_eq!(parse_figure("1 608"), Some(1608.0));
        assert_eq!(parse_figure("abc"), None);
        assert_eq!(parse_figure("NaN"), None);
        assert!(check_figure("new_jobs", 5.0).is_err(), "computed");
        // Sessions and counselling are counted by the exchange.
        for code in ["sessions_total", "sessions_mobile", "counselled"] {
            let refused = check_figure(code, 3.0).unwrap_err();
            assert!(
                refused.reason_vi.contains("sàn giao dịch việc làm"),
                "{code}"
            );
            assert!(refused.reason_en.ends_with("it is not entered"), "{code}");
        }
        assert!(check_figure("policy_loan_jobs", -1.0).is_err());
        assert!(check_figure("insurance_satisfaction", 101.0).is_err());
        assert!(check_figure("policy_loan_jobs", 3.0).is_ok());
        assert!(check_figure("nope", 3.0).is_err());
    }
}
