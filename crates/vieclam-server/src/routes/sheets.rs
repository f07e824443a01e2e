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
use vieclam_domain::audit::subject;
use vieclam_domain::{AccessError, AuditAction, AuditOutcome, Field, Reach, Role, Visibility};
use vieclam_sheets::ExportFormat;
use vieclam_store::Area;

use crate::auth::{Caller, LoggedIn};
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::scope::{area_of, check_audited, write_audit, AuditSubject};
use crate::sheets::{
    export_sheet, import_sheet, problems_csv, read_body, ImportError, ImportOptions, ImportReport,
    SheetKind,
};
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

impl From<ImportError> for ApiError {
    fn from(error: ImportError) -> ApiError {
        match error {
            ImportError::Sheet(error) if error.is_over_limit() => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "sheet_too_large",
                error.message_vi(),
                error.to_string(),
            ),
            ImportError::Sheet(error) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "sheet_unreadable",
                error.message_vi(),
                error.to_string(),
            ),
            ImportError::Store(error) => error.into(),
            ImportError::Export(error) => {
                tracing::error!(error = %error, "export failed");
                ApiError::internal()
            }
            ImportError::Crashed => ApiError::internal(),
        }
    }
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
    let role = caller.principal.role;
    let allowed = match kind {
        SheetKind::Workers => role.reads_personal_records(),
        SheetKind::Employers | SheetKind::Vacancies => role.writes_employers(),
    };
    let decision = if allowed {
        Ok(())
    } else {
        Err(AccessError::RoleNotAllowed(role))
    };
    let subject = || AuditSubject {
        kind: subject_of(kind),
        id: "import".to_owned(),
        unit: caller.principal.scope.as_ref(),
    };
    // A refusal is audited at once; an import once it has run, with what
    // it did.
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Create,
        subject(),
        decision,
    )
    .await?;
    // The role is checked before a byte of the file is read.
    let body = read_body(body).await?;
    let options = ImportOptions {
        skip_invalid: params.skip_invalid.unwrap_or(false),
        codes_on: params.date.unwrap_or_else(vietnam_today),
        today: vietnam_today(),
        principal: (role != Role::Admin).then(|| caller.principal.clone()),
        guard: area_of(&state, &caller.principal, kind == SheetKind::Workers),
        actor: Some(account.id),
        limits: state.config.sheet_limits,
    };
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
    let imported = import_sheet(
        state.store.as_ref(),
        &state.units,
        kind,
        body.to_vec(),
        &options,
    )
    .await
    .map_err(ApiError::from);
    let (outcome, reason) = match &imported {
        Ok(report) if report.imported => (
            AuditOutcome::Allowed,
            format!(
                "inserted {}, updated {}, unchanged {}, bad rows skipped {}",
                report.inserted, report.updated, report.unchanged, report.n_bad_rows
            ),
        ),
        Ok(report) => (
            AuditOutcome::Failed,
            format!(
                "rows_invalid: {} bad rows, nothing written",
                report.n_bad_rows
            ),
        ),
        Err(error) => (AuditOutcome::Failed, error.code.to_owned()),
    };
    write_audit(
        &state,
        &caller.principal,
        AuditAction::Create,
        subject(),
        outcome,
        Some(reason),
        &[],
    )
    .await?;
    let mut report = imported?;
    if report.imported {
        if kind == SheetKind::Workers {
            crate::search::follow_worker_import(&state).await;
        } else {
            crate::search::follow_bulk_change(&state).await;
        }
    }
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

fn subject_of(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Workers => subject::WORKER,
        SheetKind::Employers => subject::EMPLOYER,
        SheetKind::Vacancies => "vacancy",
    }
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
    let principal = &caller.principal;
    let role = principal.role;
    let (area, field) = match kind {
        SheetKind::Workers => (area_of(&state, principal, true), Field::PersonIdentifiers),
        SheetKind::Employers | SheetKind::Vacancies => {
            (area_of(&state, principal, false), Field::EmployerContact)
        }
    };
    let mask = role.visibility(field, Reach::File) == Visibility::Masked;
    let decision = if area == Area::Nothing {
        Err(AccessError::RoleNotAllowed(role))
    } else {
        Ok(())
    };
    let action = format!("export:{}", if mask { "masked" } else { "full" });
    check_audited(
        &state,
        principal,
        AuditAction::Export,
        AuditSubject {
            kind: subject_of(kind),
            id: action.clone(),
            unit: principal.scope.as_ref(),
        },
        decision,
    )
    .await?;
    let exported = export_sheet(state.store.as_ref(), kind, &area, format, mask).await?;
    // The trail names every record the file holds.
    write_audit(
        &state,
        principal,
        AuditAction::Export,
        AuditSubject {
            kind: subject_of(kind),
            id: action,
            unit: principal.scope.as_ref(),
        },
        AuditOutcome::Allowed,
        None,
        &exported.ids,
    )
    .await?;
    let bytes = exported.bytes;
    let file_name = format!(
        "{}-{}.{}",
        kind.as_str(),
        vietnam_today(),
        format.extension()
    );
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
