//! One import attempt, `/can-bo/nhap-du-lieu/{attempt}`: what became of
//! an upload. A good file shows what it added and changed; a refused one
//! every bad row (line, column, value, reason in the page's language),
//! the file with a column of problems to download, and a button to set it
//! aside; occupation titles written as words a table to confirm their
//! codes; a large file still being checked its progress, polled with htmx
//! (`…/tien-do`) or by the refresh link without JavaScript.
//!
//! Every route reads the attempt through `attempt_for`: an attempt of
//! another unit answers 404, as one that does not exist.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::upload::{file_response, go_to};
use super::{kind_name, register_href, status_text, when};
use crate::imports::attempts::{
    attempt_for, confirm_titles, dismiss_attempt, ImportAttempt, FOREGROUND_BYTES,
};
use crate::sheets::ImportStep;
use crate::web::labels;
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::{render, see_other, PagePath, Posted};
use crate::web::{format, html, Lang, Page, WebError};
use crate::AppState;
use vieclam_store::ImportAttemptStatus;

/// The most bad rows listed on the page; the problems file has them all.
const PROBLEMS_SHOWN: usize = 500;

/// A problem as the table shows it.
pub struct ProblemRow {
    pub line: String,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// An occupation to choose for a title.
pub struct TitleOption {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// A title written as words, with the codes to choose from.
pub struct TitleRow {
    pub index: usize,
    pub title: String,
    /// The suggested occupation by name with its code, or a word saying
    /// there is none.
    pub suggested: String,
    pub options: Vec<TitleOption>,
    pub other: String,
}

/// The step of a running check, as the progress bar shows it.
pub struct Step {
    pub value: u8,
    pub max: u8,
    pub text: &'static str,
}

fn step_of(step: ImportStep, lang: Lang) -> Step {
    let text = match step {
        ImportStep::Waiting => lang.pick("Đang chờ đến lượt", "Waiting for its turn"),
        ImportStep::Reading => lang.pick("Đang đọc tệp", "Reading the file"),
        ImportStep::Checking => lang.pick("Đang kiểm tra từng dòng", "Checking every row"),
        ImportStep::Writing => lang.pick("Đang ghi vào danh sách", "Writing to the register"),
        ImportStep::Done => lang.pick("Đã xong", "Done"),
    };
    Step {
        value: step as u8,
        max: ImportStep::COUNT,
        text,
    }
}

#[derive(Template)]
#[template(path = "officer/imports/attempt.html")]
struct AttemptPage<'a> {
    page: &'a Page,
    frame: Frame,
    id: i64,
    kind: &'static str,
    file_name: String,
    file_format: String,
    when: String,
    status: &'static str,
    status_class: &'static str,
    /// Which part of the page to show: `running`, `stopped`, `to_confirm`,
    /// `refused`, `imported`, `failed`, `closed`.
    state: &'static str,
    step: Option<Step>,
    n_rows: String,
    n_bad_rows: String,
    n_problems: String,
    problems: Vec<ProblemRow>,
    more_problems: bool,
    /// What to check in the rows imported (low-confidence occupations).
    warnings: Vec<ProblemRow>,
    inserted: String,
    updated: String,
    unchanged: String,
    duplicates: String,
    register_href: &'static str,
    error: Option<String>,
    has_file: bool,
    titles: Vec<TitleRow>,
    form_problems: Vec<(String, String)>,
    unknown_headers: String,
}

#[derive(Template)]
#[template(path = "officer/imports/progress.html")]
struct ProgressFragment {
    id: i64,
    step: Step,
}

fn titles_of(
    attempt: &ImportAttempt,
    chosen: &HashMap<String, String>,
    lang: Lang,
) -> Vec<TitleRow> {
    attempt
        .report
        .titles
        .iter()
        .enumerate()
        .map(|(index, title)| {
            let picked = chosen.get(&format!("ma_{index}"));
            let options = title
                .suggestions
                .iter()
                .enumerate()
                .map(|(rank, code)| TitleOption {
                    code: code.clone(),
                    label: format!("{} ({code})", labels::occupation(code, lang)),
                    selected: picked.map_or(rank == 0, |picked| picked == code),
                })
                .collect();
            TitleRow {
                index,
                title: title.title.clone(),
                suggested: match title.suggestions.first() {
                    Some(code) => format!("{} ({code})", labels::occupation(code, lang)),
                    None => lang
                        .pick("Không đoán được nghề", "No occupation could be read")
                        .to_owned(),
                },
                options,
                other: chosen
                    .get(&format!("khac_{index}"))
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Renders an attempt's page.
fn attempt_page(
    state: &AppState,
    page: &Page,
    frame: Frame,
    attempt: &ImportAttempt,
    chosen: &HashMap<String, String>,
    form_problems: Vec<(String, String)>,
) -> Result<String, WebError> {
    let lang = page.lang;
    let record = &attempt.record;
    let report = &attempt.report;
    let running_step = state.imports.step(record.id);
    let view_state = match record.status {
        ImportAttemptStatus::Running if running_step.is_some() => "running",
        ImportAttemptStatus::Running => "stopped",
        ImportAttemptStatus::ToConfirm => "to_confirm",
        ImportAttemptStatus::Refused => "refused",
        ImportAttemptStatus::Imported => "imported",
        ImportAttemptStatus::Failed => "failed",
        ImportAttemptStatus::Dismissed | ImportAttemptStatus::Superseded => "closed",
    };
    let (status, status_class) = status_text(record.status, lang);
    let rows = |problems: &[vieclam_sheets::RowProblem]| -> Vec<ProblemRow> {
        problems
            .iter()
            .take(PROBLEMS_SHOWN)
            .map(|problem| ProblemRow {
                line: problem.line.to_string(),
                column: problem.column.clone(),
                value: problem.value.clone(),
                reason: lang.pick(&problem.reason_vi, &problem.reason_en).to_owned(),
            })
            .collect()
    };
    let problems = rows(&report.problems);
    let warnings = rows(&report.warnings);
    let error = match (&report.error_vi, &report.error_en) {
        (Some(vi), Some(en)) => Some(lang.pick(vi, en).to_owned()),
        _ => None,
    };
    let template = AttemptPage {
        page,
        frame,
        id: record.id,
        kind: kind_name(attempt.kind, lang),
        file_name: record.file_name.clone(),
        file_format: record.file_format.to_uppercase(),
        when: when(record.created_at),
        status,
        status_class,
        state: view_state,
        step: running_step.map(|step| step_of(step, lang)),
        n_rows: format::number(record.n_rows, lang),
        n_bad_rows: format::number(record.n_bad_rows, lang),
        n_problems: format::number(report.problems.len() as u64, lang),
        problems,
        more_problems: report.problems.len() > PROBLEMS_SHOWN,
        warnings,
        inserted: format::number(report.inserted, lang),
        updated: format::number(report.updated, lang),
        unchanged: format::number(report.unchanged, lang),
        duplicates: format::number(report.duplicates_flagged, lang),
        register_href: register_href(attempt.kind),
        error,
        has_file: record.has_file,
        titles: titles_of(attempt, chosen, lang),
        form_problems,
        // The problems column of a file given back is ignored on purpose.
        unknown_headers: report
            .unknown_headers
            .iter()
            .filter(|header| header.as_str() != vieclam_sheets::PROBLEMS_HEADER)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
    };
    Ok(template.render()?)
}

fn frame_for(officer: &crate::web::officer::Officer, page: &Page) -> Frame {
    officer
        .frame(page, Area::Imports)
        .crumb(Area::Imports.href(), Area::Imports.name(page.lang))
}

/// An attempt's page.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
) -> Response {
    as_officer!(page, state, Area::Imports, |officer| async {
        let attempt = attempt_for(&state, &page.caller.principal, id).await?;
        let body = attempt_page(
            &state,
            &page,
            frame_for(&officer, &page),
            &attempt,
            &HashMap::new(),
            Vec::new(),
        )?;
        Ok(html(StatusCode::OK, body))
    })
}

/// The progress of a running check (an htmx fragment that polls itself);
/// once the check is over, htmx is sent to the attempt's page.
pub async fn progress(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    PagePath(id): PagePath<i64>,
) -> Response {
    as_officer!(page, state, Area::Imports, |_officer| async {
        let attempt = attempt_for(&state, &page.caller.principal, id).await?;
        let href = format!("/can-bo/nhap-du-lieu/{id}");
        match state.imports.step(attempt.record.id) {
            Some(step) if attempt.record.status == ImportAttemptStatus::Running => {
                render(&ProgressFragment {
                    id,
                    step: step_of(step, page.lang),
                })
            }
            _ => Ok(go_to(&headers, &href)),
        }
    })
}

/// The refused file with a column of problems, in its own format.
pub async fn problems_file(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
) -> Response {
    as_officer!(page, state, Area::Imports, |_officer| async {
        let (bytes, format) = crate::imports::attempts::problems_file(
            &state,
            &page.caller.principal,
            id,
            page.lang == Lang::En,
        )
        .await?;
        Ok(file_response(
            format,
            &format!("loi-nhap-{id}.{}", format.extension()),
            bytes,
        ))
    })
}

/// Sets a waiting attempt aside.
pub async fn dismiss(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, _form): Posted<HashMap<String, String>>,
) -> Response {
    as_officer!(page, state, Area::Imports, |_officer| async {
        dismiss_attempt(&state, &page.caller.principal, id).await?;
        Ok(see_other("/can-bo/nhap-du-lieu?done=bo-qua"))
    })
}

/// Confirms the codes of an attempt's titles (`ma_{i}`: the chosen
/// suggestion, `khac_{i}`: another code, which wins when filled in), then
/// checks and imports the file with them.
pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<HashMap<String, String>>,
) -> Response {
    as_officer!(page, state, Area::Imports, |officer| async {
        let principal = &page.caller.principal;
        let attempt = attempt_for(&state, principal, id).await?;
        let account_id = page
            .caller
            .account
            .as_ref()
            .map(|account| account.id)
            .ok_or_else(WebError::csrf)?;
        let mut codes = BTreeMap::new();
        let mut problems = Vec::new();
        for (index, title) in attempt.report.titles.iter().enumerate() {
            let other = form
                .get(&format!("khac_{index}"))
                .map(|text| text.trim())
                .filter(|text| !text.is_empty());
            let chosen = other.or_else(|| form.get(&format!("ma_{index}")).map(String::as_str));
            match chosen.map(vieclam_domain::registry::OccupationCode::parse) {
                Some(Ok(code)) => {
                    codes.insert(title.key.clone(), code.as_str().to_owned());
                }
                _ => problems.push((
                    format!("khac_{index}"),
                    format!(
                        "{} \"{}\"",
                        page.t(
                            "Chọn nghề, hoặc ghi mã nghề 4 chữ số có trong danh mục, cho",
                            "Choose an occupation, or write a 4-digit code from the list, for"
                        ),
                        title.title
                    ),
                )),
            }
        }
        if !problems.is_empty() || attempt.record.status != ImportAttemptStatus::ToConfirm {
            let body = attempt_page(
                &state,
                &page,
                frame_for(&officer, &page),
                &attempt,
                &form,
                problems,
            )?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, body));
        }
        let small = attempt.record.file_size <= FOREGROUND_BYTES as u64;
        let task = confirm_titles(&state, principal, account_id, id, codes).await?;
        if small {
            let _ = task.await;
        }
        Ok(go_to(&headers, &format!("/can-bo/nhap-du-lieu/{id}")))
    })
}
