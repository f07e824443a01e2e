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
