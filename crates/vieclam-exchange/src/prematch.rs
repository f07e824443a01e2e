//! The printable pre-match sheet (phiếu gợi ý việc làm) a worker takes to a
//! session: the session, the worker's name, and the best vacancies at the
//! session ranked for them, each with its employer, booth and the reasons
//! it fits — Vietnamese first, English second. One A4 page, no external
//! resources (no fonts, images or scripts to fetch), every text escaped.
//!
//! To stay on one page the sheet shows at most [`MAX_VACANCIES`] vacancies,
//! [`MAX_REASONS`] reasons each (a reason's two languages on one line), and
//! cuts with an ellipsis a table cell longer than [`MAX_CELL_CHARS`]
//! characters and a heading longer than [`MAX_HEADING_CHARS`]: ten rows of
//! three reasons of ordinary length take about 220 of the page's 273 mm.

use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The most vacancies one sheet lists.
pub const MAX_VACANCIES: usize = 10;
/// The most reasons shown for one vacancy.
pub const MAX_REASONS: usize = 3;
/// The longest text shown in the table (an employer, a title, a reason in
/// one language).
pub const MAX_CELL_CHARS: usize = 80;
/// The longest text shown above the table (the session, the place, the
/// worker's name).
pub const MAX_HEADING_CHARS: usize = 200;

/// The session the sheet is for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrematchSession {
    pub title: String,
    pub date: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00"))]
    pub starts: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "11:30"))]
    pub ends: NaiveTime,
    /// The venue's name and address, or the commune of a mobile session.
    pub venue: String,
}

/// One ranked vacancy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrematchVacancy {
    /// 1 is the best.
    pub rank: u32,
    /// The matcher's score (about 0–1, more with the priority bonuses).
    pub score: f64,
    pub employer: String,
    /// The employer's booth at the session, once given.
    pub booth: Option<u32>,
    pub title: String,
    /// Why it fits: (Vietnamese, English).
    pub reasons: Vec<(String, String)>,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Cuts a text to `max` characters (ending in "…") and escapes it.
fn shown(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        escape(text)
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        escape(&format!("{}…", cut.trim_end()))
    }
}

fn cell(text: &str) -> String {
    shown(text, MAX_CELL_CHARS)
}

fn heading(text: &str) -> String {
    shown(text, MAX_HEADING_CHARS)
}

/// A score as Vietnamese write a decimal: `0,87`.
fn score_text(score: f64) -> String {
    if score.is_finite() {
        format!("{score:.2}").replace('.', ",")
    } else {
        "—".to_owned()
    }
}

const STYLE: &str = "@page { size: A4; margin: 12mm }
* { box-sizing: border-box }
body { margin: 0; font-family: 'Times New Roman', Times, serif; font-size: 10pt; line-height: 1.25; color: #000 }
h1 { font-size: 13pt; margin: 0 0 1.5mm; text-align: center; text-transform: uppercase }
h1 .en { display: block; text-transform: none; font-weight: normal }
.en { color: #444; font-size: 8pt }
p { margin: 0 0 1.5mm }
table { width: 100%; border-collapse: collapse; margin-top: 2mm }
th, td { border: 0.25mm solid #333; padding: 0.8mm 1.2mm; vertical-align: top; text-align: left }
table { table-layout: fixed }
th { background: #eee; font-size: 9pt }
tr { page-break-inside: avoid; break-inside: avoid }
col.n { width: 9mm }
col.booth { width: 12mm }
col.employer { width: 36mm }
col.title { width: 40mm }
td.n, td.booth { text-align: center }
td.booth { font-weight: bold }
td.why { font-size: 9pt }
ul { margin: 0; padding-left: 3.5mm }
li { margin: 0 }
.foot { margin-top: 2mm; font-size: 8.5pt }";

/// The sheet of one worker for one session, as a standalone HTML page.
/// Vacancies are listed by rank, at most [`MAX_VACANCIES`].
pub fn worker_sheet(
    session: &PrematchSession,
    worker_name: &str,
    vacancies: &[PrematchVacancy],
) -> String {
    let mut ranked: Vec<&PrematchVacancy> = vacancies.iter().collect();
    ranked.sort_by_key(|vacancy| vacancy.rank);
    ranked.truncate(MAX_VACANCIES);

    let mut html = String::with_capacity(8 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Phiếu gợi ý việc làm – {name}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n\
         <h1>Phiếu gợi ý việc làm<span class=\"en\">Pre-match sheet</span></h1>\n\
         <p><b>{title}</b></p>\n\
         <p>Ngày {date}, {starts}–{ends} · Địa điểm: {venue} \
         <span class=\"en\">Date, time and place</span></p>\n\
         <p>Người lao động: <b>{name}</b> <span class=\"en\">Worker</span></p>\n",
        name = heading(worker_name),
        title = heading(&session.title),
        date = session.date.format("%d/%m/%Y"),
        starts = session.starts.format("%H:%M"),
        ends = session.ends.format("%H:%M"),
        venue = heading(&session.venue),
    );
    html.push_str(
        "<table>\n<colgroup><col class=\"n\"><col class=\"booth\"><col class=\"employer\">\
         <col class=\"title\"><col></colgroup>\n<thead><tr>\
         <th>STT<br><span class=\"en\">Rank</span></th>\
         <th>Gian<br><span class=\"en\">Booth</span></th>\
         <th>Nhà tuyển dụng<br><span class=\"en\">Employer</span></th>\
         <th>Vị trí tuyển dụng<br><span class=\"en\">Position</span></th>\
         <th>Vì sao phù hợp<br><span class=\"en\">Why it fits</span></th>\
         </tr></thead>\n<tbody>\n",
    );
    if ranked.is_empty() {
        html.push_str(
            "<tr><td colspan=\"5\">Chưa có vị trí phù hợp tại phiên này \
             <span class=\"en\">No matching vacancy at this session yet</span></td></tr>\n",
        );
    }
    for vacancy in ranked {
        let booth = vacancy
            .booth
            .map_or_else(|| "—".to_owned(), |booth| booth.to_string());
        let _ = write!(
            html,
            "<tr><td class=\"n\">{rank}</td><td class=\"booth\">{booth}</td>\
             <td>{employer}</td><td>{title}<br><span class=\"en\">Điểm phù hợp / score {score}</span></td>\
             <td class=\"why\">",
            rank = vacancy.rank,
            employer = cell(&vacancy.employer),
            title = cell(&vacancy.title),
            score = score_text(vacancy.score),
        );
        if !vacancy.reasons.is_empty() {
            html.push_str("<ul>");
            for (vi, en) in vacancy.reasons.iter().take(MAX_REASONS) {
                let _ = write!(
                    html,
                    "<li>{} <span class=\"en\">· {}</span></li>",
                    cell(vi),
                    cell(en)
                );
            }
            html.push_str("</ul>");
        }
        html.push_str("</td></tr>\n");
    }
    html.push_str(
        "</tbody>\n</table>\n\
         <p class=\"foot\">Mang phiếu này đến các gian tuyển dụng theo số gian ghi trên; \
         cán bộ sàn giao dịch việc làm sẵn sàng hỗ trợ. \
         <span class=\"en\">Bring this sheet to the booths listed; the exchange's staff will help.</span></p>\n\
         </body>\n</html>\n",
    );
    html
}
