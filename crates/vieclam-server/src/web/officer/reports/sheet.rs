//! One report's page (plan × unit × agency × period): its figures, one
//! field per indicator the unit enters, each saved on its own (a button
//! per field, or on change with htmx, which swaps the field's line) or
//! all at once; the validation rules' warnings beside the fields they
//! name (warnings, not errors: saving still works); the upload of the
//! figures sheet; submitting; and a higher level's approval or return
//! (with a required reason). A locked period says why and offers no input.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use vieclam_plans::reporting::{ReportState, RuleFlag};
use vieclam_plans::Indicator;

use super::super::{as_officer, Area, Frame};
use super::{period_label, progress_word, report_href, timeliness_word};
use crate::error::ApiError;
use crate::reporting::{self, FigureInput, ReportLine, ReportSheet};
use crate::web::employer::Problems;
use crate::web::page::{same_token, see_other, PagePath, PageQuery, CSRF_FIELD};
use crate::web::{format, html, labels, Lang, Page, Posted, WebError};
use crate::{vietnam_today, AppState};

/// Which report: the path's plan, unit and period, and the agency.
#[derive(Clone)]
pub struct ReportKey {
    pub plan: String,
    pub unit: String,
    pub period: String,
    pub agency: Option<String>,
}

impl ReportKey {
    fn new(path: (String, String, String), agency: Option<String>) -> ReportKey {
        let (plan, unit, period) = path;
        ReportKey {
            plan,
            unit,
            period,
            agency: reporting::agency_of(agency.as_deref()),
        }
    }

    /// The report's page, with a notice of what was just done.
    fn href(&self, done: Option<&str>) -> String {
        let base = report_href(&self.plan, &self.unit, &self.period, self.agency.as_deref());
        match done {
            Some(done) if base.contains('?') => format!("{base}&xong={done}"),
            Some(done) => format!("{base}?xong={done}"),
            None => base,
        }
    }

    /// Where the page's forms post.
    fn action(&self, tail: &str) -> String {
        format!(
            "/can-bo/bao-cao/{}/{}/{}/{tail}",
            self.plan, self.unit, self.period
        )
    }

    async fn sheet(&self, state: &AppState, page: &Page) -> Result<ReportSheet, ApiError> {
        reporting::report_sheet(
            state,
            &page.caller,
            &self.plan,
            &self.unit,
            self.agency.as_deref(),
            &self.period,
            vietnam_today(),
        )
        .await
    }
}

/// An indicator's measure as a word.
fn measure(indicator: &Indicator, lang: Lang) -> &'static str {
    let unit = serde_json::to_value(indicator.unit)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    match unit.as_str() {
        "people" => lang.pick("người", "people"),
        "percent" => "%",
        "percent_per_year" => lang.pick("%/năm", "%/year"),
        "index" => lang.pick("điểm", "points"),
        "sessions" => lang.pick("phiên", "sessions"),
        "vnd_billion" => lang.pick("tỷ đồng", "VND billion"),
        _ => "",
    }
}

/// A figure as the input shows it for editing: no grouping, the
/// language's decimal mark ("1608", "1,5" / "1.5").
fn input_text(value: f64, lang: Lang) -> String {
    let text = format!("{}", (value * 100.0).round() / 100.0);
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// One field's line as the page draws it.
pub struct LineView {
    pub code: String,
    pub name: String,
    pub measure: &'static str,
    pub in_plan: bool,
    /// The current figure, formatted; none when not entered.
    pub current: Option<String>,
    pub entered: Option<String>,
    /// The input's text (what was posted, after a refused save).
    pub input: String,
    pub comment: String,
    pub warnings: Vec<String>,
    pub error: Option<String>,
    pub saved: bool,
}

fn line_view(
    line: &ReportLine,
    flags: &[RuleFlag],
    posted: &HashMap<String, String>,
    problems: &Problems,
    lang: Lang,
) -> LineView {
    let code = line.indicator.code.clone();
    let warnings = flags
        .iter()
        .filter(|flag| reporting::rule_indicators(&flag.rule).contains(&code))
        .map(|flag| lang.pick(&flag.message_vi, &flag.message_en).to_owned())
        .collect();
    let value_field = format!("value_{code}");
    let comment_field = format!("comment_{code}");
    LineView {
        name: lang
            .pick(&line.indicator.name_vi, &line.indicator.name_en)
            .to_owned(),
        measure: measure(line.indicator, lang),
        in_plan: line.in_plan,
        current: line.value.as_ref().map(|v| format::figure(v.value, lang)),
        entered: line
            .value
            .as_ref()
            .map(|v| format::date(vieclam_plans::reporting::vietnam_day(v.entered_at), lang)),
        input: posted.get(&value_field).cloned().unwrap_or_else(|| {
            line.value
                .as_ref()
                .map(|v| input_text(v.value, lang))
                .unwrap_or_default()
        }),
        comment: posted.get(&comment_field).cloned().unwrap_or_else(|| {
            line.value
                .as_ref()
                .and_then(|v| v.comment.clone())
                .unwrap_or_default()
        }),
        warnings,
        error: problems.of(&value_field).map(str::to_owned),
        saved: false,
        code,
    }
}

#[derive(Template)]
#[template(path = "officer/reports/sheet.html")]
struct SheetPage<'a> {
    page: &'a Page,
    frame: Frame,
    title: String,
    plan_title: String,
    plan_document: String,
    reporter: String,
    due: String,
    state_word: &'static str,
    state_class: &'static str,
    timeliness_word: &'static str,
    timeliness_class: &'static str,
    submitted: Option<String>,
    comment: Option<String>,
    decision: Option<String>,
    returned: bool,
    lock: Option<String>,
    warnings: Vec<String>,
    lines: Vec<LineView>,
    problems: Problems,
    notice: Option<&'static str>,
    agency: Option<String>,
    save_action: String,
    upload_action: String,
    submit_action: String,
    report_id: Option<i64>,
    may_enter: bool,
    may_submit: bool,
    may_approve: bool,
    may_return: bool,
}

#[derive(Template)]
#[template(path = "officer/reports/_line.html")]
struct LineFragment<'a> {
    page: &'a Page,
    line: LineView,
    may_enter: bool,
    save_action: String,
}

/// What a redirect's `xong` says was done.
fn notice(done: Option<&str>, lang: Lang) -> Option<&'static str> {
    Some(match done? {
        "luu" => lang.pick("Đã lưu số liệu.", "The figures are saved."),
        "tai-len" => lang.pick(
            "Đã nhập số liệu từ tệp.",
            "The figures of the file are entered.",
        ),
        "nop" => lang.pick(
            "Đã gửi báo cáo. Cấp trên sẽ duyệt hoặc trả lại.",
            "The report is sent. The level above will approve or return it.",
        ),
        "duyet" => lang.pick(
            "Đã duyệt báo cáo; số liệu kỳ này đã khoá.",
            "The report is approved; its figures are locked.",
        ),
        "tra-lai" => lang.pick(
            "Đã trả lại báo cáo kèm lý do.",
            "The report is returned with the reason.",
        ),
        _ => return None,
    })
}

/// Draws a report's page: 200, or `status` with the problems of a refused
/// write.
#[allow(clippy::too_many_arguments)]
fn draw(
    page: &Page,
    state: &AppState,
    frame: Frame,
    key: &ReportKey,
    sheet: &ReportSheet,
    posted: &HashMap<String, String>,
    problems: Problems,
    status: StatusCode,
    done: Option<&str>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let obligation = &sheet.obligation;
    let unit = labels::place(&state.units, &obligation.unit);
    let reporter = match &obligation.agency {
        Some(agency) => format!("{agency} – {unit}"),
        None => unit,
    };
    let period = period_label(obligation.period, lang);
    let (state_word, state_class) = progress_word(sheet.progress, lang);
    let (timeliness_word, timeliness_class) = timeliness_word(sheet.timeliness, lang);
    let submission = sheet.submission.as_ref();
    let lock = sheet.lock.as_ref().map(|lock| {
        let day = lock
            .decided_at
            .map(|at| format::date(vieclam_plans::reporting::vietnam_day(at), lang))
            .unwrap_or_default();
        let reason = lock.decision_reason.clone().unwrap_or_default();
        match lang {
            Lang::Vi => format!(
                "Số liệu kỳ này đã khoá vì báo cáo {} được duyệt ngày {day}: {reason}",
                lock.period.label_vi()
            ),
            Lang::En => format!(
                "The figures of this period are locked: the report for {} was approved on {day}: {reason}",
                period_label(lock.period, lang)
            ),
        }
    });
    let template = SheetPage {
        page,
        frame: frame
            .crumb("/can-bo/bao-cao", lang.pick("Báo cáo", "Reports"))
            .crumb(key.href(None), period.clone()),
        title: format!("{} {period}", lang.pick("Báo cáo", "Report for")),
        plan_title: lang
            .pick(&sheet.plan.title_vi, &sheet.plan.title_en)
            .to_owned(),
        plan_document: sheet.plan.document_vi(),
        reporter,
        due: format::date(obligation.due, lang),
        state_word,
        state_class,
        timeliness_word,
        timeliness_class,
        submitted: submission
            .map(|s| format::date(vieclam_plans::reporting::vietnam_day(s.submitted_at), lang)),
        comment: submission.and_then(|s| s.comment.clone()),
        decision: submission.and_then(|s| s.decision_reason.clone()),
        returned: submission.is_some_and(|s| s.state == ReportState::Returned),
        lock,
        warnings: sheet
            .flags
            .iter()
            .map(|flag| lang.pick(&flag.message_vi, &flag.message_en).to_owned())
            .collect(),
        lines: sheet
            .lines
            .iter()
            .map(|line| line_view(line, &sheet.flags, posted, &problems, lang))
            .collect(),
        problems,
        notice: notice(done, lang),
        agency: obligation.agency.clone(),
        save_action: key.action("so-lieu"),
        upload_action: key.action("tai-len"),
        submit_action: key.action("nop"),
        report_id: submission.map(|s| s.id),
        may_enter: sheet.may_enter,
        may_submit: sheet.may_submit,
        may_approve: sheet.may_decide
            && submission.is_some_and(|s| s.state == ReportState::Submitted),
        may_return: sheet.may_decide,
    };
    Ok(html(status, template.render()?))
}

#[derive(Deserialize)]
pub struct SheetQuery {
    co_quan: Option<String>,
    xong: Option<String>,
}

/// A report's page.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    PagePath(path): PagePath<(String, String, String)>,
    PageQuery(query): PageQuery<SheetQuery>,
) -> Response {
    as_officer!(page, state, Area::Reports, |officer| async {
        let key = ReportKey::new(path, query.co_quan);
        let sheet = key.sheet(&state, &page).await?;
        draw(
            &page,
            &state,
            officer.frame(&page, Area::Reports),
            &key,
            &sheet,
            &HashMap::new(),
            Problems::default(),
            StatusCode::OK,
            query.xong.as_deref(),
        )
    })
}

/// Is the request htmx's (a field saved on change)?
fn from_htmx(headers: &HeaderMap) -> bool {
    headers.get("HX-Request").is_some_and(|v| v == "true")
}

/// Does a refusal take the page's place (no access, nothing there)
/// rather than show beside the form?
fn takes_the_page(error: &ApiError) -> bool {
    matches!(
        error.status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    )
}

/// The problems of a refused write of figures, each on its field where
/// the refusal names one.
fn figure_problems(error: &ApiError, codes: &[String], lang: Lang, problems: &mut Problems) {
    let mut marked = false;
    if let Some(serde_json::Value::Array(details)) = &error.details {
        for detail in details {
            let message = match lang {
                Lang::Vi => detail["reason_vi"].as_str(),
                Lang::En => detail["reason_en"].as_str(),
            }
            .unwrap_or("");
            let code = detail["indicator"].as_str().map(str::to_owned).or_else(|| {
                detail["index"]
                    .as_u64()
                    .and_then(|i| codes.get(i as usize).cloned())
            });
            if let (Some(code), false) = (code, message.is_empty()) {
                problems.add(&format!("value_{code}"), message);
                marked = true;
            }
        }
    }
    if !marked {
        let message = lang.pick(&error.message_vi, &error.message_en).to_owned();
        match codes {
            [code] => problems.add(&format!("value_{code}"), message),
            _ => problems.add("so-lieu", message),
        }
    }
}

/// Saves one field (`chi_so` names it) or every filled field (`chi_so` =
/// `tat-ca`), all or none; htmx gets the field's line back.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    PagePath(path): PagePath<(String, String, String)>,
    Posted(page, form): Posted<HashMap<String, String>>,
) -> Response {
    as_officer!(page, state, Area::Reports, |officer| async {
        let lang = page.lang;
        let key = ReportKey::new(path, form.get("co_quan").cloned());
        let sheet = key.sheet(&state, &page).await?;
        let known: Vec<String> = sheet
            .lines
            .iter()
            .map(|line| line.indicator.code.clone())
            .collect();
        let chosen = form.get("chi_so").map(String::as_str).unwrap_or("tat-ca");
        let all = chosen == "tat-ca";
        if !all && !known.iter().any(|code| code == chosen) {
            return Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "Chỉ số này không nhập trong báo cáo",
                "This indicator is not entered in the report",
            ));
        }
        let mut problems = Problems::default();
        let mut status = StatusCode::BAD_REQUEST;
        let mut codes = Vec::new();
        let mut entries = Vec::new();
        for code in known.iter().filter(|code| all || code.as_str() == chosen) {
            let field = format!("value_{code}");
            let text = form.get(&field).map(|v| v.trim()).unwrap_or("");
            if text.is_empty() {
                if !all {
                    problems.add(
                        &field,
                        lang.pick("Nhập số liệu trước khi lưu", "Enter a figure to save"),
                    );
                }
                continue;
            }
            let Some(value) = vieclam_sheets::plans::parse_figure(text) else {
                problems.add(
                    &field,
                    lang.pick(
                        "Số liệu phải là một số, ví dụ 1.608 hoặc 71,5",
                        "The figure must be a number, e.g. 1608 or 71.5",
                    ),
                );
                continue;
            };
            codes.push(code.clone());
            entries.push(FigureInput {
                indicator: code.clone(),
                unit: key.unit.clone(),
                period: key.period.clone(),
                value,
                agency: key.agency.clone(),
                comment: form
                    .get(&format!("comment_{code}"))
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty()),
            });
        }
        if all && entries.is_empty() && problems.is_empty() {
            problems.add(
                "so-lieu",
                lang.pick("Chưa nhập số liệu nào", "No figure is entered"),
            );
        }
        if problems.is_empty() {
            let written = match reporting::check_figures(&state, entries) {
                Ok(rows) => reporting::write_figures(&state, &page.caller, rows).await,
                Err(error) => Err(error),
            };
            match written {
                Ok(_) if !from_htmx(&headers) || all => {
                    return Ok(see_other(&key.href(Some("luu"))))
                }
                Ok(_) => {}
                Err(error) if takes_the_page(&error) => return Err(error.into()),
                Err(error) => {
                    status = error.status;
                    figure_problems(&error, &codes, lang, &mut problems);
                }
            }
        }
        // Read again: the figures just written change the warnings.
        let sheet = key.sheet(&state, &page).await?;
        if from_htmx(&headers) && !all {
            let Some(line) = sheet
                .lines
                .iter()
                .find(|line| line.indicator.code == chosen)
            else {
                return Err(WebError::not_found());
            };
            let mut line = line_view(line, &sheet.flags, &form, &problems, lang);
            line.saved = problems.is_empty();
            if line.saved {
                line.input = sheet
                    .lines
                    .iter()
                    .find(|l| l.indicator.code == chosen)
                    .and_then(|l| l.value.as_ref())
                    .map(|v| input_text(v.value, lang))
                    .unwrap_or_default();
            }
            // htmx swaps only a 2xx answer: the line carries its problem.
            return Ok(html(
                StatusCode::OK,
                LineFragment {
                    page: &page,
                    line,
                    may_enter: sheet.may_enter,
                    save_action: key.action("so-lieu"),
                }
                .render()?,
            ));
        }
        draw(
            &page,
            &state,
            officer.frame(&page, Area::Reports),
            &key,
            &sheet,
            &form,
            problems,
            status,
            None,
        )
    })
}

/// Enters the figures of an uploaded sheet (CSV or XLSX, the API's
/// import): all or none, every bad row listed.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    PagePath(path): PagePath<(String, String, String)>,
    multipart: Multipart,
) -> Response {
    as_officer!(page, state, Area::Reports, |officer| async {
        let lang = page.lang;
        let (token, agency, file) = read_upload(multipart).await?;
        if page.csrf.is_empty() || !same_token(&token, &page.csrf) {
            return Err(WebError::csrf());
        }
        let key = ReportKey::new(path, agency);
        let sheet = key.sheet(&state, &page).await?;
        let mut problems = Problems::default();
        let status = match file {
            Some(bytes) if !bytes.is_empty() => {
                match reporting::import_figures(&state, &page.caller, bytes).await {
                    Ok(_) => return Ok(see_other(&key.href(Some("tai-len")))),
                    Err(error) if takes_the_page(&error) => return Err(error.into()),
                    Err(error) => {
                        problems.add(
                            "tep",
                            lang.pick(&error.message_vi, &error.message_en).to_owned(),
                        );
                        if let Some(serde_json::Value::Array(rows)) = &error.details {
                            for row in rows.iter().take(20) {
                                let line = row["line"].as_u64().unwrap_or(0);
                                let reason = row["reason_vi"]
                                    .as_str()
                                    .filter(|_| lang == Lang::Vi)
                                    .or_else(|| row["reason_en"].as_str())
                                    .unwrap_or("");
                                problems.add(
                                    "tep",
                                    format!("{} {line}: {reason}", lang.pick("Dòng", "Line")),
                                );
                            }
                        }
                        error.status
                    }
                }
            }
            _ => {
                problems.add(
                    "tep",
                    lang.pick(
                        "Chọn tệp số liệu để tải lên",
                        "Choose a figures file to upload",
                    ),
                );
                StatusCode::BAD_REQUEST
            }
        };
        draw(
            &page,
            &state,
            officer.frame(&page, Area::Reports),
            &key,
            &sheet,
            &HashMap::new(),
            problems,
            status,
            None,
        )
    })
}

/// The CSRF token, the agency and the file of an upload form.
async fn read_upload(
    mut multipart: Multipart,
) -> Result<(String, Option<String>, Option<axum::body::Bytes>), WebError> {
    let unreadable = || {
        WebError::new(
            StatusCode::BAD_REQUEST,
            "Không đọc được biểu mẫu tải lên",
            "The upload form could not be read",
        )
    };
    let (mut token, mut agency, mut file) = (String::new(), None, None);
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some(CSRF_FIELD) => token = field.text().await.map_err(|_| unreadable())?,
            Some("co_quan") => agency = Some(field.text().await.map_err(|_| unreadable())?),
            Some("tep") => file = Some(field.bytes().await.map_err(|_| unreadable())?),
            _ => {}
        }
    }
    Ok((token, agency, file))
}

#[derive(Deserialize)]
pub struct SubmitForm {
    co_quan: Option<String>,
    ghi_chu: Option<String>,
}

/// Submits the report.
pub async fn submit(
    State(state): State<AppState>,
    PagePath(path): PagePath<(String, String, String)>,
    Posted(page, form): Posted<SubmitForm>,
) -> Response {
    as_officer!(page, state, Area::Reports, |officer| async {
        let key = ReportKey::new(path, form.co_quan);
        let result = reporting::submit(
            &state,
            &page.caller,
            &key.plan,
            &key.unit,
            key.agency.as_deref(),
            &key.period,
            form.ghi_chu.as_deref(),
        )
        .await;
        match result {
            Ok(_) => Ok(see_other(&key.href(Some("nop")))),
            Err(error) if takes_the_page(&error) => Err(error.into()),
            Err(error) => {
                let sheet = key.sheet(&state, &page).await?;
                let mut problems = Problems::default();
                problems.add(
                    "nop",
                    page.t(&error.message_vi, &error.message_en).to_owned(),
                );
                draw(
                    &page,
                    &state,
                    officer.frame(&page, Area::Reports),
                    &key,
                    &sheet,
                    &HashMap::new(),
                    problems,
                    error.status,
                    None,
                )
            }
        }
    })
}

#[derive(Deserialize)]
pub struct DecisionForm {
    ly_do: Option<String>,
}

/// Approves a report (by its id); back to its page.
pub async fn approve(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<DecisionForm>,
) -> Response {
    decide(state, id, page, form, ReportState::Approved).await
}

/// Returns a report for correction, with the reason; back to its page.
pub async fn send_back(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<DecisionForm>,
) -> Response {
    decide(state, id, page, form, ReportState::Returned).await
}

async fn decide(
    state: AppState,
    id: i64,
    page: Page,
    form: DecisionForm,
    to: ReportState,
) -> Response {
    as_officer!(page, state, Area::Reports, |officer| async {
        let result = reporting::decide(&state, &page.caller, id, to, form.ly_do.clone()).await;
        let (key, problems, status) = match result {
            Ok((_, decided)) => {
                let key = ReportKey {
                    plan: decided.plan.clone(),
                    unit: decided.unit.to_string(),
                    period: decided.period.to_string(),
                    agency: decided.agency.clone(),
                };
                let done = match to {
                    ReportState::Approved => "duyet",
                    _ => "tra-lai",
                };
                return Ok(see_other(&key.href(Some(done))));
            }
            Err(error) if takes_the_page(&error) => return Err(error.into()),
            Err(error) => {
                // The report exists and the caller may decide it: show its
                // page with why the decision was refused.
                let report = state
                    .store
                    .get_report(id)
                    .await?
                    .ok_or_else(|| reporting::report_not_found(id))?;
                let key = ReportKey {
                    plan: report.plan.clone(),
                    unit: report.unit.to_string(),
                    period: report.period.to_string(),
                    agency: report.agency.clone(),
                };
                let mut problems = Problems::default();
                problems.add(
                    "ly_do",
                    page.t(&error.message_vi, &error.message_en).to_owned(),
                );
                (key, problems, error.status)
            }
        };
        let sheet = key.sheet(&state, &page).await?;
        draw(
            &page,
            &state,
            officer.frame(&page, Area::Reports),
            &key,
            &sheet,
            &HashMap::new(),
            problems,
            status,
            None,
        )
    })
}
