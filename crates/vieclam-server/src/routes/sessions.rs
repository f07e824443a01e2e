//! Job-fair sessions: anyone finds them; the staff of a session's venue
//! (and the province's officers) schedule, edit and run them through their
//! status machine; the plans' session figures count the sessions held.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::{AuditAction, UnitKey};
use vieclam_exchange::{SessionDraft, SessionKind, SessionStatus};
use vieclam_plans::{unit_counts_for, Period};
use vieclam_store::exchange::{SessionFilter, SessionWrite};
use vieclam_store::Page;

use crate::auth::LoggedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{
    check_session, check_session_draft, load_session, load_venue, parse_unit, subject, today,
    SessionAccess, SessionView,
};
use crate::paging::PageParams;
use crate::scope::{area_of_unit, audit_result, check_audited, province_of, AuditSubject};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// Sessions held in this unit and the units within it.
    pub unit: Option<String>,
    /// `daily`, `online`, `thematic`, `mobile` or `disability`.
    pub kind: Option<String>,
    /// `planned`, `open`, `running`, `closed`, `reported` or `cancelled`.
    pub status: Option<String>,
    pub venue_id: Option<i64>,
    pub plan_id: Option<String>,
    /// Held on or after this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Held on or before this day.
    pub to: Option<NaiveDate>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// A page of sessions with the total that match.
#[derive(Serialize, ToSchema)]
pub struct SessionPage {
    pub total: u64,
    pub sessions: Vec<SessionView>,
}

/// Schedules one session (the staff of its venue, or the province's
/// officers).
#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    tag = "exchange",
    request_body(content = SessionDraft, description = "The session"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Scheduled, status planned", body = SessionView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not run the venue", body = ErrorBody),
        (status = 404, description = "No such venue or unit", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn create_session(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiJson(draft): ApiJson<SessionDraft>,
) -> Result<(StatusCode, Json<SessionView>), ApiError> {
    let venue = load_venue(&state, draft.venue_id).await?;
    let staff = crate::exchange::on_staff(&state, &caller.principal, &venue).await?;
    let subject_of = || AuditSubject {
        kind: subject::SESSION,
        id: "new".to_owned(),
        unit: Some(&draft.unit),
    };
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Create,
        subject_of(),
        caller
            .principal
            .may_run_session(&state.units, &venue.venue.unit, staff),
    )
    .await?;
    let result = async {
        check_session_draft(&state, &caller.principal, &draft, &venue)?;
        let province = province_of(&state, &draft.unit)?;
        let mut created = state
            .store
            .create_sessions(
                &[SessionWrite {
                    session: &draft,
                    province_code: &province,
                    plan_id: None,
                    actor: caller.principal.user_id,
                }],
                Utc::now(),
            )
            .await?;
        created.pop().ok_or_else(ApiError::internal)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Create,
        subject_of(),
        &result,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(SessionView::of(&state, result?))))
}

/// Finds sessions (public): by unit, kind, status, venue, plan and dates.
#[utoipa::path(
    get,
    path = "/api/v1/sessions",
    tag = "exchange",
    params(SessionQuery),
    responses(
        (status = 200, description = "Sessions by date", body = SessionPage),
        (status = 400, description = "Malformed filter or paging", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 422, description = "Unknown kind or status", body = ErrorBody),
    )
)]
pub async fn list_sessions(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SessionQuery>,
) -> Result<Json<SessionPage>, ApiError> {
    let page: Page = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .page()?;
    let filter = SessionFilter {
        area: match &query.unit {
            Some(text) => Some(area_of_unit(&state, &parse_unit(&state, text, today())?)),
            None => None,
        },
        venues: query.venue_id.map(|id| vec![id]),
        kind: query.kind.as_deref().map(SessionKind::parse).transpose()?,
        status: query
            .status
            .as_deref()
            .map(SessionStatus::parse)
            .transpose()?,
        from: query.from,
        to: query.to,
        plan_id: query.plan_id.clone(),
    };
    let total = state.store.count_sessions(&filter).await?;
    let sessions = state.store.list_sessions(&filter, page).await?;
    Ok(Json(SessionPage {
        total,
        sessions: sessions
            .into_iter()
            .map(|record| SessionView::of(&state, record))
            .collect(),
    }))
}

/// One session (public).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session", body = SessionView),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
pub async fn get_session(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SessionView>, ApiError> {
    let record = load_session(&state, id).await?;
    Ok(Json(SessionView::of(&state, record)))
}

/// Edits a session while it is planned or open (those who run it).
#[utoipa::path(
    put,
    path = "/api/v1/sessions/{id}",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    request_body(content = SessionDraft, description = "The whole session"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Edited", body = SessionView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not run the session", body = ErrorBody),
        (status = 404, description = "No such session, venue or unit", body = ErrorBody),
        (status = 409, description = "The session is running or over", body = ErrorBody),
        (status = 422, description = "Fields break rules", body = ErrorBody),
    )
)]
pub async fn update_session(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(draft): ApiJson<SessionDraft>,
) -> Result<Json<SessionView>, ApiError> {
    let current = load_session(&state, id).await?;
    check_session(
        &state,
        &caller,
        &current,
        SessionAccess::Run,
        AuditAction::Update,
    )
    .await?;
    let subject_of = || AuditSubject {
        kind: subject::SESSION,
        id: id.to_string(),
        unit: Some(&current.session.unit),
    };
    // The new venue must be run by the caller too.
    let venue = load_venue(&state, draft.venue_id).await?;
    let staff = crate::exchange::on_staff(&state, &caller.principal, &venue).await?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        caller
            .principal
            .may_run_session(&state.units, &venue.venue.unit, staff),
    )
    .await?;
    let result = async {
        check_session_draft(&state, &caller.principal, &draft, &venue)?;
        let province = province_of(&state, &draft.unit)?;
        Ok(state
            .store
            .update_session(
                id,
                &SessionWrite {
                    session: &draft,
                    province_code: &province,
                    plan_id: current.plan_id.as_deref(),
                    actor: caller.principal.user_id,
                },
                Utc::now(),
            )
            .await?)
    }
    .await;
    audit_result(
        &state,
        &caller.principal,
        AuditAction::Update,
        subject_of(),
        &result,
    )
    .await?;
    Ok(Json(SessionView::of(&state, result?)))
}

/// A status move.
#[derive(Deserialize, ToSchema)]
pub struct StatusMove {
    /// `open`, `running`, `closed` or `cancelled` (`reported` is filing the
    /// report).
    pub status: String,
}

/// Moves a session along planned → open → running → closed, or cancels it
/// before it runs (those who run it).
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/status",
    tag = "exchange",
    params(("id" = i64, Path, description = "Session id")),
    request_body(content = StatusMove, description = "The status to move to"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Moved", body = SessionView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not run the session", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 409, description = "A move the status does not allow", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    )
)]
pub async fn move_session(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StatusMove>,
) -> Result<Json<SessionView>, ApiError> {
    let record = crate::sessions::move_session(&state, &caller, id, &body.status).await?;
    Ok(Json(SessionView::of(&state, record)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// The unit (`structure:code`; a bare code is read on the period's
    /// first day).
    pub unit: String,
    /// A month, quarter, half, year or span: `2021-Q1`, `2025`.
    pub period: String,
}

/// Sessions scheduled and held of one kind.
#[derive(Serialize, ToSchema)]
pub struct KindFigures {
    pub kind: String,
    pub name_vi: String,
    pub name_en: String,
    /// The plans' indicator that counts them.
    pub indicator: String,
    pub scheduled: u32,
    pub held: u32,
}

/// Sessions scheduled and held in a unit and period, per kind.
#[derive(Serialize, ToSchema)]
pub struct SessionFigures {
    pub unit: String,
    pub period: String,
    pub kinds: Vec<KindFigures>,
    pub scheduled: u32,
    pub held: u32,
}

/// Sessions scheduled against held, per kind, in a unit and the units
/// within it, for a period (staff who read the unit's figures).
#[utoipa::path(
    get,
    path = "/api/v1/sessions/figures",
    tag = "exchange",
    params(FiguresQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Scheduled and held, per kind", body = SessionFigures),
        (status = 400, description = "Malformed unit or period", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Outside the caller's figures", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
    )
)]
pub async fn session_figures(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiQuery(query): ApiQuery<FiguresQuery>,
) -> Result<Json<SessionFigures>, ApiError> {
    let period = Period::parse(&query.period)
        .map_err(|error| ApiError::bad_request(error.message_vi(), error.to_string()))?;
    let unit: UnitKey = parse_unit(&state, &query.unit, period.first_day())?;
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Read,
        AuditSubject {
            kind: subject::SESSION,
            id: "figures".to_owned(),
            unit: Some(&unit),
        },
        caller.principal.may_read_figures(&state.units, &unit),
    )
    .await?;
    let province = state
        .units
        .current_province_code(&unit)
        .ok()
        .map(|code| code.to_string());
    let counts = state.store.session_counts(province.as_deref()).await?;
    let mut kinds: Vec<KindFigures> = SessionKind::ALL
        .iter()
        .map(|kind| KindFigures {
            kind: kind.as_str().to_owned(),
            name_vi: kind.name_vi().to_owned(),
            name_en: kind.name_en().to_owned(),
            indicator: kind.indicator().to_owned(),
            scheduled: 0,
            held: 0,
        })
        .collect();
    for count in counts {
        let month = vieclam_plans::Month::of(count.month);
        if !period.contains_month(month) || !unit_counts_for(&state.units, &count.unit, &unit) {
            continue;
        }
        if let Some(figures) = kinds.iter_mut().find(|k| k.kind == count.kind.as_str()) {
            figures.scheduled += count.scheduled;
            figures.held += count.held;
        }
    }
    Ok(Json(SessionFigures {
        unit: unit.to_string(),
        period: query.period.clone(),
        scheduled: kinds.iter().map(|k| k.scheduled).sum(),
        held: kinds.iter().map(|k| k.held).sum(),
        kinds,
    }))
}
