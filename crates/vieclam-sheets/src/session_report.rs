//! A session's report as a workbook in the shape officers file it (báo cáo
//! kết quả phiên giao dịch việc làm): "Tổng hợp" (the title block and the
//! summary, chỉ tiêu / số lượng), "Lao động" (workers by sex, age band and
//! priority group: registered ahead, at the door, attended) and "Theo nghề"
//! (vacancies, positions, interviewed, shortlisted and hired by
//! occupation).

use rust_xlsxwriter::{Workbook, Worksheet};
use vieclam_exchange::report::{SessionReport, WorkerCounts};

use crate::export::ExportError;
use crate::plans::{title, Formats};

/// The sheets' names.
pub const SUMMARY_SHEET: &str = "Tổng hợp";
pub const WORKERS_SHEET: &str = "Lao động";
pub const OCCUPATIONS_SHEET: &str = "Theo nghề";

/// The summary's lines: what officers call each figure, and the figure.
pub fn summary_lines(report: &SessionReport) -> Vec<(&'static str, u32)> {
    let female = report
        .workers
        .by_sex
        .iter()
        .find(|row| row.sex == vieclam_domain::registry::Sex::Female)
        .map_or(0, |row| row.counts.attended);
    vec![
        ("Số doanh nghiệp tham gia", report.employers),
        ("Số vị trí việc làm", report.vacancies),
        ("Chỉ tiêu tuyển dụng (người)", report.positions),
        ("Số lao động đăng ký trước", report.workers.all.registered),
        ("Số lao động đăng ký tại phiên", report.workers.all.walk_ins),
        ("Số lao động tham gia phiên", report.workers.all.attended),
        ("Trong đó: lao động nữ", female),
        (
            "Trong đó: lao động thuộc đối tượng ưu tiên",
            report.workers.in_any_priority_group.attended,
        ),
        ("Số lượt phỏng vấn", report.interviews.held),
        ("Số lượt vắng mặt phỏng vấn", report.interviews.no_shows),
        ("Số lao động được phỏng vấn", report.interviewed),
        ("Số lao động sơ tuyển", report.shortlisted),
        ("Số lao động trúng tuyển", report.hired),
    ]
}

fn heading(report: &SessionReport) -> Vec<String> {
    let session = &report.session;
    vec![
        "BÁO CÁO KẾT QUẢ PHIÊN GIAO DỊCH VIỆC LÀM".to_owned(),
        session.title.clone(),
        format!(
            "{} – ngày {} – tại {}",
            session.kind.name_vi(),
            session.date.format("%d/%m/%Y"),
            session.place
        ),
    ]
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: u32,
    formats: &Formats,
) -> Result<(), ExportError> {
    sheet.write_number_with_format(row, column, f64::from(value), &formats.number)?;
    Ok(())
}

fn counts(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    counts: WorkerCounts,
    formats: &Formats,
) -> Result<(), ExportError> {
    sheet.write_string_with_format(row, 0, label, &formats.cell)?;
    number(sheet, row, 1, counts.registered, formats)?;
    number(sheet, row, 2, counts.walk_ins, formats)?;
    number(sheet, row, 3, counts.attended, formats)?;
    Ok(())
}

/// The report's workbook.
pub fn write_session_report(report: &SessionReport) -> Result<Vec<u8>, ExportError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let lines = heading(report);

    // Summary.
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(SUMMARY_SHEET)?;
        let mut r = title(sheet, &formats, &lines, 3)?;
        if !report.session.organiser.trim().is_empty() {
            sheet.merge_range(
                r - 1,
                0,
                r - 1,
                2,
                &format!("Đơn vị tổ chức: {}", report.session.organiser),
                &formats.cell,
            )?;
            r += 1;
        }
        for (c, header) in ["STT", "Chỉ tiêu", "Số lượng"].iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, *header, &formats.header)?;
        }
        for (index, (label, value)) in summary_lines(report).into_iter().enumerate() {
            r += 1;
            number(sheet, r, 0, index as u32 + 1, &formats)?;
            sheet.write_string_with_format(r, 1, label, &formats.cell)?;
            number(sheet, r, 2, value, &formats)?;
        }
        r += 2;
        sheet.write_string(
            r,
            1,
            format!(
                "Ngày lập báo cáo: {}",
                report.reported_on.format("%d/%m/%Y")
            ),
        )?;
        sheet.set_column_width(0, 6)?;
        sheet.set_column_width(1, 48)?;
        sheet.set_column_width(2, 14)?;
    }

    // Workers by sex, age band and priority group.
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(WORKERS_SHEET)?;
        let mut r = title(sheet, &formats, &lines[..1], 4)?;
        for (c, header) in [
            "Nhóm lao động",
            "Đăng ký trước",
            "Đăng ký tại phiên",
            "Tham gia phiên",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string_with_format(r, c as u16, *header, &formats.header)?;
        }
        r += 1;
        counts(sheet, r, "Tổng số", report.workers.all, &formats)?;
        let section = |sheet: &mut Worksheet, r: u32, label: &str| -> Result<(), ExportError> {
            sheet.merge_range(r, 0, r, 3, label, &formats.bold)?;
            Ok(())
        };
        r += 1;
        section(sheet, r, "Theo giới tính")?;
        for row in &report.workers.by_sex {
            r += 1;
            counts(sheet, r, &row.name_vi, row.counts, &formats)?;
        }
        r += 1;
        section(sheet, r, "Theo độ tuổi")?;
        for row in &report.workers.by_age {
            r += 1;
            counts(sheet, r, &row.label_vi, row.counts, &formats)?;
        }
        r += 1;
        section(sheet, r, "Theo đối tượng ưu tiên")?;
        for row in &report.workers.by_priority {
            r += 1;
            counts(sheet, r, &row.name_vi, row.counts, &formats)?;
        }
        r += 1;
        counts(
            sheet,
            r,
            "Thuộc ít nhất một đối tượng ưu tiên",
            report.workers.in_any_priority_group,
            &formats,
        )?;
        sheet.set_column_width(0, 40)?;
        for c in 1..=3 {
            sheet.set_column_width(c, 16)?;
        }
    }

    // By occupation.
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(OCCUPATIONS_SHEET)?;
        let headers = [
            "STT",
            "Mã nghề",
            "Tên nghề",
            "Số vị trí việc làm",
            "Chỉ tiêu tuyển dụng",
            "Phỏng vấn",
            "Sơ tuyển",
            "Trúng tuyển",
        ];
        let mut r = title(sheet, &formats, &lines[..1], headers.len() as u16)?;
        for (c, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, *header, &formats.header)?;
        }
        for (index, row) in report.by_occupation.iter().enumerate() {
            r += 1;
            number(sheet, r, 0, index as u32 + 1, &formats)?;
            sheet.write_string_with_format(
                r,
                1,
                row.occupation.as_deref().unwrap_or(""),
                &formats.cell,
            )?;
            sheet.write_string_with_format(r, 2, &row.name_vi, &formats.cell)?;
            for (c, value) in [
                row.vacancies,
                row.positions,
                row.interviewed,
                row.shortlisted,
                row.hired,
            ]
            .into_iter()
            .enumerate()
            {
                number(sheet, r, 3 + c as u16, value, &formats)?;
            }
        }
        r += 1;
        sheet.merge_range(r, 0, r, 2, "Tổng cộng", &formats.bold)?;
        for (c, value) in [
            report.vacancies,
            report.positions,
            report.interviewed,
            report.shortlisted,
            report.hired,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_number_with_format(
                r,
                3 + c as u16,
                f64::from(value),
                &formats.bold_number,
            )?;
        }
        r += 2;
        sheet.write_string(
            r,
            0,
            "Ghi chú: người lao động phỏng vấn nhiều nghề được tính ở mỗi nghề, và một lần ở dòng Tổng cộng.",
        )?;
        sheet.set_column_width(0, 6)?;
        sheet.set_column_width(1, 10)?;
        sheet.set_column_width(2, 44)?;
        for c in 3..=7 {
            sheet.set_column_width(c, 14)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The report as a printable page (A4, self-contained HTML, every text
/// escaped): the same title block, summary, workers and occupations as the
/// workbook.
pub fn report_page(report: &SessionReport) -> String {
    use std::fmt::Write as _;
    use vieclam_exchange::prematch::escape;

    let mut html = String::with_capacity(16 * 1024);
    let lines = heading(report);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{PAGE_STYLE}</style></head><body>",
        escape(&lines[1])
    );
    let _ = write!(
        html,
        "<h1>{}<span class=\"en\">Job-fair session report</span></h1>",
        escape(&lines[0])
    );
    for line in &lines[1..] {
        let _ = write!(html, "<p class=\"c\">{}</p>", escape(line));
    }
    if !report.session.organiser.trim().is_empty() {
        let _ = write!(
            html,
            "<p class=\"c\">Đơn vị tổ chức: {}</p>",
            escape(&report.session.organiser)
        );
    }
    html.push_str(
        "<h2>Tổng hợp <span class=\"en\">Summary</span></h2><table>\
         <tr><th>Chỉ tiêu</th><th class=\"n\">Số lượng</th></tr>",
    );
    for (label, value) in summary_lines(report) {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{value}</td></tr>",
            escape(label)
        );
    }
    html.push_str("</table>");
    html.push_str(
        "<h2>Người lao động <span class=\"en\">Workers</span></h2><table>\
         <tr><th></th><th class=\"n\">Đăng ký trước</th><th class=\"n\">Tại phiên</th>\
         <th class=\"n\">Tham gia</th></tr>",
    );
    let row = |html: &mut String, label: &str, counts: &WorkerCounts| {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(label),
            counts.registered,
            counts.walk_ins,
            counts.attended
        );
    };
    row(&mut html, "Tổng số", &report.workers.all);
    for sex in &report.workers.by_sex {
        row(&mut html, &sex.name_vi, &sex.counts);
    }
    for age in &report.workers.by_age {
        row(&mut html, &age.label_vi, &age.counts);
    }
    for group in &report.workers.by_priority {
        row(&mut html, &group.name_vi, &group.counts);
    }
    html.push_str("</table>");
    html.push_str(
        "<h2>Theo nghề <span class=\"en\">By occupation</span></h2><table>\
         <tr><th>Nghề</th><th class=\"n\">Vị trí</th><th class=\"n\">Chỉ tiêu</th>\
         <th class=\"n\">Phỏng vấn</th><th class=\"n\">Sơ tuyển</th><th class=\"n\">Trúng tuyển</th></tr>",
    );
    for occupation in &report.by_occupation {
        let name = match &occupation.occupation {
            Some(code) => format!("{code} – {}", occupation.name_vi),
            None => occupation.name_vi.clone(),
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&name),
            occupation.vacancies,
            occupation.positions,
            occupation.interviewed,
            occupation.shortlisted,
            occupation.hired
        );
    }
    let _ = write!(
        html,
        "</table><p class=\"foot\">Lập ngày {} <span class=\"en\">Made on {}</span></p></body></html>",
        report.reported_on.format("%d/%m/%Y"),
        report.reported_on
    );
    html
}

const PAGE_STYLE: &str = "@page { size: A4; margin: 15mm }
body { margin: 0; font-family: 'Times New Roman', Times, serif; font-size: 11pt; line-height: 1.3; color: #000 }
h1 { font-size: 14pt; text-align: center; margin: 0 0 2mm }
h1 .en { display: block; font-weight: normal; font-size: 9pt }
h2 { font-size: 11.5pt; margin: 4mm 0 1mm }
.en { color: #444; font-size: 8.5pt; font-weight: normal }
p.c { text-align: center; margin: 0 0 1mm }
table { width: 100%; border-collapse: collapse }
th, td { border: 0.25mm solid #333; padding: 0.8mm 1.5mm; text-align: left }
th { background: #eee }
.n { text-align: right; width: 22mm }
tr { break-inside: avoid }
.foot { margin-top: 4mm; text-align: right }";
