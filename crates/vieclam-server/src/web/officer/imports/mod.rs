//! Import and export, `/can-bo/nhap-du-lieu` and `/can-bo/xuat-du-lieu`:
//! an officer uploads a survey sheet (CSV or XLSX) of workers, employers
//! or vacancies; sees either what it added and changed, or every bad row
//! with nothing written, and downloads the file back with a column of
//! problems to fix and upload again; confirms the occupation codes of
//! titles written as words before anything is written; and exports the
//! unit's registers, masked as the role requires.
//!
//! Everything goes through the shared modules the JSON API uses
//! (`crate::imports`, `crate::sheets`): the same role checks and audit
//! entries, the same area rules for every row. The uploads are kept as
//! import attempts (`crate::imports::attempts`), readable only by the
//! officers of the uploading unit and the units above it.
//!
//! - [`upload`]: the upload form, the upload itself, the column guide and
//!   the template files.
//! - [`attempt`]: one attempt's page (outcome, problems, titles to
//!   confirm, or the progress of a large file), its problems file, and
//!   setting it aside.
//! - [`export`]: the export page and its files.

use axum::routing::{get, post};
use axum::Router;
use vieclam_sheets::table::Column;
use vieclam_store::ImportAttemptStatus;

use super::Area;
use crate::sheets::SheetKind;
use crate::web::Lang;
use crate::AppState;

pub mod attempt;
pub mod export;
pub mod upload;

/// The area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/can-bo/nhap-du-lieu",
            get(upload::form)
                .post(upload::upload)
                .layer(crate::sheets::import_body_limit()),
        )
        .route("/can-bo/nhap-du-lieu/mau/{kind}", get(upload::template))
        .route("/can-bo/nhap-du-lieu/{attempt}", get(attempt::show))
        .route(
            "/can-bo/nhap-du-lieu/{attempt}/tien-do",
            get(attempt::progress),
        )
        .route(
            "/can-bo/nhap-du-lieu/{attempt}/tep-loi",
            get(attempt::problems_file),
        )
        .route(
            "/can-bo/nhap-du-lieu/{attempt}/xac-nhan",
            post(attempt::confirm),
        )
        .route(
            "/can-bo/nhap-du-lieu/{attempt}/bo-qua",
            post(attempt::dismiss),
        )
        .route("/can-bo/xuat-du-lieu", get(export::form))
        .route("/can-bo/xuat-du-lieu/tai", get(export::download))
}

/// The registers, in the order the pages offer them.
pub const KINDS: [SheetKind; 3] = [
    SheetKind::Workers,
    SheetKind::Employers,
    SheetKind::Vacancies,
];

/// A register's name as an officer reads it.
pub fn kind_name(kind: SheetKind, lang: Lang) -> &'static str {
    match kind {
        SheetKind::Workers => lang.pick("Người lao động", "Workers"),
        SheetKind::Employers => lang.pick("Doanh nghiệp", "Employers"),
        SheetKind::Vacancies => lang.pick("Vị trí việc làm trống", "Vacancies"),
    }
}

/// The columns of a register's sheet.
pub fn columns_of(kind: SheetKind) -> &'static [Column] {
    match kind {
        SheetKind::Workers => vieclam_sheets::WORKER_COLUMNS,
        SheetKind::Employers => vieclam_sheets::EMPLOYER_COLUMNS,
        SheetKind::Vacancies => vieclam_sheets::VACANCY_COLUMNS,
    }
}

/// Where the register of `kind` is read in the workspace.
pub fn register_href(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Workers => Area::Workers.href(),
        SheetKind::Employers | SheetKind::Vacancies => Area::Employers.href(),
    }
}

/// An attempt's status in words, with the class of its badge.
pub fn status_text(status: ImportAttemptStatus, lang: Lang) -> (&'static str, &'static str) {
    match status {
        ImportAttemptStatus::Running => (lang.pick("Đang kiểm tra", "Checking"), "on-track"),
        ImportAttemptStatus::ToConfirm => (
            lang.pick("Chờ xác nhận nghề", "Occupations to confirm"),
            "behind",
        ),
        ImportAttemptStatus::Refused => (
            lang.pick("Có dòng lỗi, chưa nhập", "Bad rows, nothing imported"),
            "behind",
        ),
        ImportAttemptStatus::Imported => (lang.pick("Đã nhập", "Imported"), "achieved"),
        ImportAttemptStatus::Failed => {
            (lang.pick("Không đọc được tệp", "File unreadable"), "behind")
        }
        ImportAttemptStatus::Dismissed => (lang.pick("Đã bỏ qua", "Set aside"), "none"),
        ImportAttemptStatus::Superseded => (
            lang.pick(
                "Đã nhập lại thành công sau đó",
                "Resolved by a later upload",
            ),
            "none",
        ),
    }
}

/// A moment as an officer reads it: Vietnam's time, "05/12/2026 14:30".
pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// An attempt as the lists show it.
pub struct AttemptRow {
    pub href: String,
    pub kind: &'static str,
    pub file_name: String,
    pub when: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub rows: String,
    pub bad_rows: String,
}

impl AttemptRow {
    pub fn new(summary: &crate::imports::ImportAttemptSummary, lang: Lang) -> AttemptRow {
        let (status, status_class) = status_text(summary.status, lang);
        AttemptRow {
            href: format!("/can-bo/nhap-du-lieu/{}", summary.id),
            kind: kind_name(summary.kind, lang),
            file_name: summary.file_name.clone(),
            when: when(summary.created_at),
            status,
            status_class,
            rows: crate::web::format::number(summary.n_rows, lang),
            bad_rows: crate::web::format::number(summary.n_bad_rows, lang),
        }
    }
}
