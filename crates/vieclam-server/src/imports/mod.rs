//! Import and export of the registers as an account does them, shared by
//! the JSON API (`routes/sheets.rs`) and the officers' pages
//! (`web/officer/imports`): who may import or export which register, the
//! audit entries, the options of an import, and what follows a good one
//! (the search index, the earlier attempts it resolves).
//!
//! The officers' pages keep each upload as an import attempt
//! ([`attempts`]): its problems and its file wait there until the officer
//! fixes the file or sets it aside, and the dashboard lists the waiting
//! ones ([`waiting_imports`]).

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use vieclam_domain::audit::subject;
use vieclam_domain::Visibility;
use vieclam_domain::{AccessError, AuditAction, AuditOutcome, Field, Principal, Reach, Role};
use vieclam_sheets::ExportFormat;
use vieclam_store::Area;

use crate::error::ApiError;
use crate::scope::{area_of, check_audited, write_audit, AuditSubject};
use crate::sheets::{
    export_sheet, import_sheet, ImportError, ImportOptions, ImportReport, SheetKind,
};
use crate::{vietnam_today, AppState};

pub mod attempts;

pub use attempts::{waiting_imports, ImportAttemptSummary};

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

/// May this role import this register? Workers need the right to keep
/// personal records; employers and vacancies the right to write employers.
pub fn may_import(role: Role, kind: SheetKind) -> bool {
    match kind {
        SheetKind::Workers => role.reads_personal_records(),
        SheetKind::Employers | SheetKind::Vacancies => role.writes_employers(),
    }
}

/// The audit subject of a register.
pub fn subject_of(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Workers => subject::WORKER,
        SheetKind::Employers => subject::EMPLOYER,
        SheetKind::Vacancies => "vacancy",
    }
}

fn import_subject(principal: &Principal, kind: SheetKind) -> AuditSubject<'_> {
    AuditSubject {
        kind: subject_of(kind),
        id: "import".to_owned(),
        unit: principal.scope.as_ref(),
    }
}

/// Checks the caller's right to import `kind` before a byte of the file
/// is read; a refusal is audited and answered 403.
pub async fn check_import_allowed(
    state: &AppState,
    principal: &Principal,
    kind: SheetKind,
) -> Result<(), ApiError> {
    let decision = if may_import(principal.role, kind) {
        Ok(())
    } else {
        Err(AccessError::RoleNotAllowed(principal.role))
    };
    check_audited(
        state,
        principal,
        AuditAction::Create,
        import_subject(principal, kind),
        decision,
    )
    .await
}

/// The options of an import by `principal` (account `account_id`): rows
/// outside the caller's area are bad rows, stored records outside it are
/// never touched.
pub fn import_options(
    state: &AppState,
    principal: &Principal,
    account_id: i64,
    kind: SheetKind,
    skip_invalid: bool,
    codes_on: NaiveDate,
) -> ImportOptions {
    ImportOptions {
        skip_invalid,
        codes_on,
        today: vietnam_today(),
        principal: (principal.role != Role::Admin).then(|| principal.clone()),
        guard: area_of(state, principal, kind == SheetKind::Workers),
        actor: Some(account_id),
        limits: state.config.sheet_limits,
        occupation_codes: Default::default(),
        progress: None,
    }
}

/// Runs an import whose right was checked ([`check_import_allowed`]):
/// writes its audit entry with what it did, and after a good import
/// brings the search index up to date and resolves the caller's unit's
/// earlier waiting attempts of the register. A sheet with bad rows is an
/// `Ok` report with `imported == false`.
pub async fn run_import(
    state: &AppState,
    principal: &Principal,
    kind: SheetKind,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<ImportReport, ApiError> {
    let imported = import_sheet(state.store.as_ref(), &state.units, kind, bytes, options)
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
        state,
        principal,
        AuditAction::Create,
        import_subject(principal, kind),
        outcome,
        Some(reason),
        &[],
    )
    .await?;
    let report = imported?;
    if report.imported {
        if kind == SheetKind::Workers {
            crate::search::follow_worker_import(state).await;
        } else {
            crate::search::follow_bulk_change(state).await;
        }
        let unit = principal.scope.as_ref().map(ToString::to_string);
        state
            .store
            .supersede_import_attempts(kind.as_str(), unit.as_deref(), i64::MAX, Utc::now())
            .await?;
    }
    Ok(report)
}

/// Are the personal identifiers (workers) or contacts (employers,
/// vacancies) masked in this role's export of `kind`?
pub fn export_masks(role: Role, kind: SheetKind) -> bool {
    let field = match kind {
        SheetKind::Workers => Field::PersonIdentifiers,
        SheetKind::Employers | SheetKind::Vacancies => Field::EmployerContact,
    };
    role.visibility(field, Reach::File) == Visibility::Masked
}

/// A register written as a file for its caller.
pub struct ExportedRegister {
    pub bytes: Vec<u8>,
    /// `workers-2026-11-24.xlsx`.
    pub file_name: String,
    pub format: ExportFormat,
    pub masked: bool,
}

/// Exports a register of the caller's area, masked as the role requires;
/// audited with every record the file holds. A role without an area gets
/// 403 (audited).
pub async fn export_register(
    state: &AppState,
    principal: &Principal,
    kind: SheetKind,
    format: ExportFormat,
) -> Result<ExportedRegister, ApiError> {
    let role = principal.role;
    let area = area_of(state, principal, kind == SheetKind::Workers);
    let mask = export_masks(role, kind);
    let decision = if area == Area::Nothing {
        Err(AccessError::RoleNotAllowed(role))
    } else {
        Ok(())
    };
    let action = format!("export:{}", if mask { "masked" } else { "full" });
    let subject = || AuditSubject {
        kind: subject_of(kind),
        id: action.clone(),
        unit: principal.scope.as_ref(),
    };
    check_audited(state, principal, AuditAction::Export, subject(), decision).await?;
    let exported = export_sheet(state.store.as_ref(), kind, &area, format, mask).await?;
    // The trail names every record the file holds.
    write_audit(
        state,
        principal,
        AuditAction::Export,
        subject(),
        AuditOutcome::Allowed,
        None,
        &exported.ids,
    )
    .await?;
    Ok(ExportedRegister {
        bytes: exported.bytes,
        file_name: format!(
            "{}-{}.{}",
            kind.as_str(),
            vietnam_today(),
            format.extension()
        ),
        format,
        masked: mask,
    })
}
