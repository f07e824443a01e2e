//! Spreadsheet import and export over HTTP.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use vieclam_sheets::ExportFormat;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::imports::{check_import_allowed, export_register, import_options, run_import};
use crate::sheets::{problems_csv, read_body, ImportReport, SheetKind};
use crate::views::SheetFile;
use crate::{vietnam_today, AppState};

fn parse_kind(text: &str) -> Result<SheetKind, ApiError> {
    SheetKind::parse(text).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("Không có danh mục {text:?}: dùng workers, employers hoặc vacancies"),
            format!("No register {text:?}: use workers, employers or vacancies"),
        )
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Import the good rows even when some rows are bad.
    pub skip_invalid: Option<bool>,
    /// ISO date whose structure bare unit codes are read in; today by default.
    pub date: Option<NaiveDate>,
    /// `csv`: answer a refused import with every problem as a CSV file
    /// instead of JSON (whose list stops after the first problems).
    pub problems: Option<String>,
}

/// Imports a CSV or XLSX sheet (the raw file as the body). The file is
/// checked whole first; with any bad row and no `skip_invalid`, nothing is
/// written and the answer is 422 with every problem. Re-importing the same
/// file changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/import/{kind}",
    tag = "sheets",
    params(("kind" = String, Path, description = "workers, employers or vacancies"), ImportParams),
    request_body(description = "The CSV or XLSX file, as the whole body (any content type is read)", content(
        (inline(SheetFile) = "application/octet-stream"),
        (inline(SheetFile) = "text/csv"),
        (inline(SheetFile) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Imported", body = ImportReport),
        (status = 403, description = "The role may not import this register", body = ErrorBody),
        (status = 413, description = "The file is too large", body = ErrorBody),
        (status = 422, description = "Bad rows (nothing written) or an unreadable file; with `problems=csv`, every problem as a CSV file", content(
            (ErrorBody = "application/json"),
            (SheetFile = "text/csv; charset=utf-8"),
        )),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(kind): ApiPath<String>,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Body,
) -> Result<Response, ApiError> {
    let account = caller.require_account()?;
    let kind = parse_kind(&kind)?;
    // The role is checked before a byte of the file is read; a refusal is
    // audited at once, an import once it has run, with what it did.
    check_import_allowed(&state, &caller.principal, kind).await?;
    let body = read_body(body).await?;
    let options = import_options(
        &state,
        &caller.principal,
        account.id,
        kind,
        params.skip_invalid.unwrap_or(false),
        params.date.unwrap_or_else(vietnam_today),
    );
    let problems_as_csv = match params.problems.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad_request(
                format!("problems={other:?} không hợp lệ: dùng json hoặc csv"),
                format!("Unknown problems={other:?}: use json or csv"),
            ))
        }
    };
    let mut report = run_import(&state, &caller.principal, kind, body.to_vec(), &options).await?;
    if !report.imported && problems_as_csv {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    CONTENT_DISPOSITION,
                    "attachment; filename=\"loi-nhap-tep.csv\"",
                ),
            ],
            problems_csv(&report.problems),
        )
            .into_response());
    }
    report.cap_problems(state.config.max_problems_shown);
    if !report.imported {
        let details = serde_json::to_value(&report).unwrap_or_default();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rows_invalid",
            format!(
                "{} dòng không hợp lệ; chưa nhập dòng nào",
                report.n_bad_rows
            ),
            format!(
                "{} rows are invalid; nothing was imported",
                report.n_bad_rows
            ),
        )
        .with_details(details));
    }
    Ok(Json(report).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` or `xlsx` (the default).
    pub format: Option<String>,
}

/// Exports a register of the caller's area, with the import's columns.
/// Personal identifiers are masked unless the role may see them (admin,
/// province and unit officers).
#[utoipa::path(
    get,
    path = "/api/v1/export/{kind}",
    tag = "sheets",
    params(("kind" = String, Path, description = "workers, employers or vacancies"), ExportParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The file", content(
            (SheetFile = "text/csv; charset=utf-8"),
            (SheetFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "The role may not export this register", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(kind): ApiPath<String>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    caller.require_account()?;
    let kind = parse_kind(&kind)?;
    let format = match params.format.as_deref() {
        None => ExportFormat::Xlsx,
        Some(text) => ExportFormat::parse(text).ok_or_else(|| {
            ApiError::bad_request(
                format!("Định dạng {text:?} không hỗ trợ: dùng csv hoặc xlsx"),
                format!("Unknown format {text:?}: use csv or xlsx"),
            )
        })?,
    };
    let exported = export_register(&state, &caller.principal, kind, format).await?;
    let (bytes, file_name) = (exported.bytes, exported.file_name);
    Ok((
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
        .into_response())
}
