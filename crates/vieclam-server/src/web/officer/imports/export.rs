//! The export page, `/can-bo/xuat-du-lieu`: the registers of the
//! officer's area as CSV or XLSX, with the import's own columns (so that
//! a file exported, corrected and imported again changes only what was
//! corrected), masked as the role requires. The page says what will be
//! masked before anything is downloaded; the download is the API's own
//! export (`crate::imports::export_register`: the area, the masking, the
//! audit entry naming every record in the file).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use vieclam_sheets::ExportFormat;
use vieclam_store::Area as StoreArea;

use super::upload::file_response;
use super::{kind_name, KINDS};
use crate::imports::{export_masks, export_register};
use crate::scope::area_of;
use crate::sheets::SheetKind;
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::{render, PageQuery};
use crate::web::{Lang, Page, WebError};
use crate::AppState;

/// A register the officer may export, and what its file hides.
pub struct ExportChoice {
    pub value: &'static str,
    pub name: &'static str,
    pub checked: bool,
    pub masking: &'static str,
}

#[derive(Template)]
#[template(path = "officer/imports/export.html")]
struct ExportPage<'a> {
    page: &'a Page,
    frame: Frame,
    kinds: Vec<ExportChoice>,
}

fn masking(kind: SheetKind, masked: bool, lang: Lang) -> &'static str {
    match (kind, masked) {
        (SheetKind::Workers, true) => lang.pick(
            "Số CCCD, ngày sinh, số điện thoại và email được che một phần.",
            "Citizen IDs, birth dates, phone numbers and e-mails are partly masked.",
        ),
        (SheetKind::Workers, false) => lang.pick(
            "Đầy đủ, không che: tệp có số CCCD, ngày sinh, số điện thoại và email. Hãy giữ tệp an toàn.",
            "In full, nothing masked: the file holds citizen IDs, birth dates, phone numbers and e-mails. Keep it safe.",
        ),
        (_, true) => lang.pick(
            "Người liên hệ, số điện thoại và email của doanh nghiệp được che một phần.",
            "Employers' contact names, phone numbers and e-mails are partly masked.",
        ),
        (_, false) => lang.pick(
            "Đầy đủ, không che: tệp có người liên hệ, số điện thoại và email của doanh nghiệp.",
            "In full, nothing masked: the file holds employers' contact names, phone numbers and e-mails.",
        ),
    }
}

/// The registers this officer may export.
fn exportable(state: &AppState, page: &Page) -> Vec<SheetKind> {
    let principal = &page.caller.principal;
    KINDS
        .into_iter()
        .filter(|kind| area_of(state, principal, *kind == SheetKind::Workers) != StoreArea::Nothing)
        .collect()
}

/// The export page.
pub async fn form(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Imports, |officer| async {
        let kinds = exportable(&state, &page)
            .into_iter()
            .enumerate()
            .map(|(index, kind)| ExportChoice {
                value: kind.as_str(),
                name: kind_name(kind, page.lang),
                checked: index == 0,
                masking: masking(kind, export_masks(officer.role, kind), page.lang),
            })
            .collect();
        render(&ExportPage {
            page: &page,
            frame: officer
                .frame(&page, Area::Imports)
                .crumb(Area::Imports.href(), Area::Imports.name(page.lang)),
            kinds,
        })
    })
}

#[derive(Deserialize)]
pub struct ExportQuery {
    kind: Option<String>,
    format: Option<String>,
}

/// The file of one register.
pub async fn download(
    State(state): State<AppState>,
    page: Page,
    PageQuery(query): PageQuery<ExportQuery>,
) -> Response {
    as_officer!(page, state, Area::Imports, |_officer| async {
        let kind = query
            .kind
            .as_deref()
            .and_then(SheetKind::parse)
            .ok_or_else(WebError::not_found)?;
        let format = match query.format.as_deref() {
            None => ExportFormat::Xlsx,
            Some(text) => ExportFormat::parse(text).ok_or_else(WebError::not_found)?,
        };
        let exported = export_register(&state, &page.caller.principal, kind, format).await?;
        Ok(file_response(
            exported.format,
            &exported.file_name,
            exported.bytes,
        ))
    })
}
