//! The upload form (`/can-bo/nhap-du-lieu`) with the column guide, the
//! template files, the attempts waiting for the unit, and the upload.
//!
//! The upload is `multipart/form-data`, read field by field in the order
//! the form sends them: the CSRF token, the register, then the file. The
//! token and the role's right to import the register are checked before
//! a byte of the file is read, and the file is refused as soon as it
//! passes the sheet size limit — nothing of it is parsed or kept then.
//! With JavaScript, htmx sends the same form and shows the upload's
//! progress (`static/vieclam.js`); without it the browser posts it.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vieclam_sheets::{ExportFormat, SheetError};

use super::{columns_of, kind_name, AttemptRow, KINDS};
use crate::imports::attempts::{recent_imports, start_upload, Upload, FOREGROUND_BYTES};
use crate::imports::{check_import_allowed, may_import, waiting_imports};
use crate::sheets::SheetKind;
use crate::web::officer::{as_officer, Area, Frame, Officer};
use crate::web::page::{see_other, PagePath, PageQuery};
use crate::web::{html, Page, WebError};
use crate::AppState;

/// A register the officer may import, as the form offers it.
pub struct KindChoice {
    pub value: &'static str,
    pub name: &'static str,
    pub checked: bool,
}

/// One column of the guide.
pub struct GuideColumn {
    pub header_vi: &'static str,
    pub header_en: &'static str,
    pub required: bool,
}

/// The guide to one register's sheet.
pub struct Guide {
    pub kind: &'static str,
    pub name: &'static str,
    pub columns: Vec<GuideColumn>,
}

#[derive(Template)]
#[template(path = "officer/imports/upload.html")]
struct UploadPage<'a> {
    page: &'a Page,
    frame: Frame,
    kinds: Vec<KindChoice>,
    guides: Vec<Guide>,
    waiting: Vec<AttemptRow>,
    recent: Vec<AttemptRow>,
    /// (field id, message) of what the upload got wrong.
    problems: Vec<(&'static str, String)>,
    notice: Option<String>,
    max_size: String,
}

fn kinds_for(officer: &Officer, chosen: Option<SheetKind>, page: &Page) -> Vec<KindChoice> {
    let allowed: Vec<SheetKind> = KINDS
        .into_iter()
        .filter(|kind| may_import(officer.role, *kind))
        .collect();
    let chosen = chosen.or_else(|| allowed.first().copied());
    allowed
        .into_iter()
        .map(|kind| KindChoice {
            value: kind.as_str(),
            name: kind_name(kind, page.lang),
            checked: Some(kind) == chosen,
        })
        .collect()
}

fn guides_for(officer: &Officer, page: &Page) -> Vec<Guide> {
    KINDS
        .into_iter()
        .filter(|kind| may_import(officer.role, *kind))
        .map(|kind| Guide {
            kind: kind.as_str(),
            name: kind_name(kind, page.lang),
            columns: columns_of(kind)
                .iter()
                .map(|column| GuideColumn {
                    header_vi: column.header_vi,
                    header_en: column.header_en,
                    required: column.required,
                })
                .collect(),
        })
        .collect()
}

/// A size as people read it: "64 MiB", "900 KiB".
fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{} MiB", bytes.div_ceil(MIB))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[derive(Deserialize)]
pub struct FormQuery {
    /// `bo-qua`: an attempt was just set aside.
    done: Option<String>,
}

/// Renders the upload page, with `problems` when an upload was refused.
async fn upload_page(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    chosen: Option<SheetKind>,
    problems: Vec<(&'static str, String)>,
    notice: Option<String>,
) -> Result<String, WebError> {
    let principal = &page.caller.principal;
    let waiting = waiting_imports(state, principal).await?;
    let recent = recent_imports(state, principal, 10).await?;
    let template = UploadPage {
        page,
        frame: officer.frame(page, Area::Imports),
        kinds: kinds_for(officer, chosen, page),
        guides: guides_for(officer, page),
        waiting: waiting
            .iter()
            .map(|summary| AttemptRow::new(summary, page.lang))
            .collect(),
        recent: recent
            .iter()
            .filter(|summary| !summary.status.is_waiting())
            .map(|summary| AttemptRow::new(summary, page.lang))
            .collect(),
        problems,
        notice,
        max_size: size_text(state.config.sheet_limits.max_bytes),
    };
    Ok(template.render()?)
}

/// The upload form.
pub async fn form(
    State(state): State<AppState>,
    page: Page,
    PageQuery(query): PageQuery<FormQuery>,
) -> Response {
    as_officer!(page, state, Area::Imports, |officer| async {
        let notice = (query.done.as_deref() == Some("bo-qua")).then(|| {
            page.t("Đã bỏ qua lần nhập đó.", "That import was set aside.")
                .to_owned()
        });
        let body = upload_page(&state, &page, &officer, None, Vec::new(), notice).await?;
        Ok(html(StatusCode::OK, body))
    })
}

/// The upload form again, with what was wrong (an error summary).
async fn refused(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    status: StatusCode,
    chosen: Option<SheetKind>,
    problems: Vec<(&'static str, String)>,
) -> Result<Response, WebError> {
    let body = upload_page(state, page, officer, chosen, problems, None).await?;
    Ok(html(status, body))
}

/// Where to go after a form: a 303 for a browser; for htmx (which cannot
/// follow a redirect to a new page itself) `HX-Redirect`.
pub fn go_to(headers: &HeaderMap, location: &str) -> Response {
    if headers.contains_key("hx-request") {
        let mut response = StatusCode::NO_CONTENT.into_response();
        if let Ok(value) = HeaderValue::from_str(location) {
            response.headers_mut().insert("hx-redirect", value);
        }
        return response;
    }
    see_other(location)
}

/// Receives an upload: checks it, keeps it as an attempt, and sends the
/// officer to the attempt's page — after its check for a small file, at
/// once for a large one (whose page then shows its progress).
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    as_officer!(page, state, Area::Imports, |officer| async {
        if !crate::web::page::same_origin(&headers) {
            return Err(WebError::csrf());
        }
        let Ok(mut multipart) = multipart else {
            return Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "Biểu mẫu không hợp lệ",
                "The form is not valid",
            ));
        };
        let account_id = page
            .caller
            .account
            .as_ref()
            .map(|account| account.id)
            .ok_or_else(WebError::csrf)?;
        let principal = page.caller.principal.clone();
        let max_bytes = state.config.sheet_limits.max_bytes;
        let mut token_ok = false;
        let mut kind: Option<SheetKind> = None;
        let mut file: Option<(String, Vec<u8>)> = None;
        let too_large = || {
            let error = SheetError::FileTooLarge { max_bytes };
            WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "{}. Hãy chia tệp thành nhiều tệp nhỏ hơn rồi nhập từng tệp.",
                    error.message_vi()
                ),
                format!(
                    "The file is too large ({}). Split it into smaller files and import each.",
                    size_text(max_bytes)
                ),
            )
        };
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                // A body past the route's limit ends here too.
                Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large())
                }
                Err(_) => {
                    return Err(WebError::new(
                        StatusCode::BAD_REQUEST,
                        "Biểu mẫu không hợp lệ",
                        "The form is not valid",
                    ))
                }
            };
            match field.name() {
                Some("_csrf") => {
                    let token = field.text().await.unwrap_or_default();
                    token_ok = page.csrf_matches(&token);
                }
                Some("kind") => {
                    kind = field
                        .text()
                        .await
                        .ok()
                        .as_deref()
                        .and_then(SheetKind::parse);
                }
                Some("file") => {
                    // The token and the right to import come first.
                    if !token_ok {
                        return Err(WebError::csrf());
                    }
                    let Some(kind) = kind else {
                        break;
                    };
                    check_import_allowed(&state, &principal, kind).await?;
                    let name = field.file_name().unwrap_or_default().to_owned();
                    let mut bytes = Vec::new();
                    let mut field = field;
                    loop {
                        match field.chunk().await {
                            Ok(Some(chunk)) => {
                                if (bytes.len() + chunk.len()) as u64 > max_bytes {
                                    return Err(too_large());
                                }
                                bytes.extend_from_slice(&chunk);
                            }
                            Ok(None) => break,
                            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                                return Err(too_large())
                            }
                            Err(_) => {
                                return Err(WebError::new(
                                    StatusCode::BAD_REQUEST,
                                    "Tệp gửi lên bị gián đoạn; hãy gửi lại",
                                    "The upload was cut short; send it again",
                                ))
                            }
                        }
                    }
                    file = Some((name, bytes));
                    break;
                }
                _ => {}
            }
        }
        if !token_ok {
            return Err(WebError::csrf());
        }
        let mut problems = Vec::new();
        if kind.is_none() {
            problems.push((
                "kind-workers",
                page.t("Chọn loại danh sách", "Choose the kind of list")
                    .to_owned(),
            ));
        }
        let file = file.filter(|(_, bytes)| !bytes.is_empty());
        if file.is_none() {
            problems.push((
                "file",
                page.t(
                    "Chọn tệp CSV hoặc Excel (XLSX) để nhập",
                    "Choose a CSV or Excel (XLSX) file to import",
                )
                .to_owned(),
            ));
        }
        let (Some(kind), Some((file_name, bytes))) = (kind, file) else {
            return refused(
                &state,
                &page,
                &officer,
                StatusCode::UNPROCESSABLE_ENTITY,
                kind,
                problems,
            )
            .await;
        };
        let small = bytes.len() <= FOREGROUND_BYTES;
        let (id, task) = start_upload(
            &state,
            &principal,
            account_id,
            Upload {
                kind,
                file_name,
                bytes,
            },
        )
        .await?;
        if small {
            // The check goes on whatever happens to this request; a
            // failed task is logged there and shown as the attempt's state.
            let _ = task.await;
        }
        Ok(go_to(&headers, &format!("/can-bo/nhap-du-lieu/{id}")))
    })
}

#[derive(Deserialize)]
pub struct TemplateQuery {
    format: Option<String>,
}

/// An empty sheet of a register, with its Vietnamese headers: the file to
/// fill in.
pub async fn template(
    State(state): State<AppState>,
    page: Page,
    PagePath(kind): PagePath<String>,
    PageQuery(query): PageQuery<TemplateQuery>,
) -> Response {
    as_officer!(page, state, Area::Imports, |officer| async {
        let kind = SheetKind::parse(&kind)
            .filter(|kind| may_import(officer.role, *kind))
            .ok_or_else(WebError::not_found)?;
        let format = match query.format.as_deref() {
            None => ExportFormat::Xlsx,
            Some(text) => ExportFormat::parse(text).ok_or_else(WebError::not_found)?,
        };
        let bytes = vieclam_sheets::write_sheet(
            format,
            "Mau nhap",
            columns_of(kind),
            std::iter::empty::<Vec<String>>(),
        )
        .map_err(|error| {
            tracing::error!(error = %error, "a template sheet could not be written");
            WebError::from(crate::error::ApiError::internal())
        })?;
        Ok(file_response(
            format,
            &format!("mau-{}.{}", kind.as_str(), format.extension()),
            bytes,
        ))
    })
}

/// A file to download.
pub fn file_response(format: ExportFormat, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, format.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
