//! A quarter's sessions generated from a plan's quarterly session targets
//! (Hanoi's plans give them by kind: 1 thematic, 1 online, 3 mobile and 56
//! daily sessions in the first quarter of 2021).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::{AuditAction, UnitKey};
use vieclam_exchange::schedule::{quarter_schedule, ScheduleDefaults, ScheduleVenue};
use vieclam_plans::{Period, PeriodKind};
use vieclam_store::exchange::{SessionFilter, SessionWrite};
use vieclam_store::{Area, Page};

use crate::auth::LoggedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::exchange::{on_staff, parse_unit, subject, SessionView};
use crate::plans::load_plan;
use crate::scope::{audit_result, check_audited, province_of, AuditSubject};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// The quarter, e.g. `2021-Q1`.
    pub quarter: String,
}

/// What the schedule uses besides the plan.
#[derive(Deserialize, ToSchema, Default)]
pub struct ScheduleRequest {
    /// The venues to use; all venues of the plan's province by default.
    #[serde(default)]
    pub venues: Vec<i64>,
    /// The communes mobile sessions travel to, in turn; the communes of the
    /// plan's province by default.
    #[serde(default)]
    pub communes: Vec<String>,
    /// Hours, registration lead time, holidays, mobile capacity.
    pub defaults: Option<ScheduleDefaults>,
}

/// The most venues a schedule reads (a province has a few dozen).
const MAX_VENUES: u32 = 500;

/// Generates a quarter's sessions from a plan (officers who see the plan
/// and run every venue it uses). The sessions are planned; a quarter
/// already scheduled from the plan is not scheduled again.
#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/schedule",
    tag = "exchange",
    params(("id" = String, Path, description = "Plan id"), ScheduleQuery),
    request_body(content = ScheduleRequest, description = "Venues, communes and defaults (all optional)"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The sessions scheduled", body = Vec<SessionView>),
        (status = 400, description = "Malformed quarter", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Does not see the plan or run a venue", body = ErrorBody),
        (status = 404, description = "No such plan, venue or unit", body = ErrorBody),
        (status = 409, description = "The quarter is already scheduled from this plan", body = ErrorBody),
        (status = 422, description = "No session targets for the quarter, or a venue kind missing", body = ErrorBody),
    )
)]
pub async fn schedule_quarter(
    State(state): State<AppState>,
    LoggedIn(caller): LoggedIn,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
    ApiJson(request): ApiJson<ScheduleRequest>,
) -> Result<(StatusCode, Json<Vec<SessionView>>), ApiError> {
    let plan = load_plan(&state, &caller, &id).await?;
    let quarter = Period::parse(&query.quarter)
        .map_err(|error| ApiError::bad_request(error.message_vi(), error.to_string()))?;
    if quarter.kind != PeriodKind::Quarter {
        return Err(ApiError::bad_request(
            format!("{} không phải một quý (ví dụ 2021-Q1)", query.quarter),
            format!("{} is not a quarter (e.g. 2021-Q1)", query.quarter),
        ));
    }
    // The venues: those named, or every venue of the plan's province.
    let province = state.units.current_province_code(&plan.unit)?.to_string();
    let venues = if request.venues.is_empty() {
        state
            .store
            .list_venues(
                &Area::Province(province.clone()),
                Page {
                    limit: MAX_VENUES,
                    offset: 0,
                },
            )
            .await?
    } else {
        let mut found = Vec::new();
        for &venue in request.venues.iter().take(MAX_VENUES as usize) {
            found.push(crate::exchange::load_venue(&state, venue).await?);
        }
        found
    };
    let subject_of = || AuditSubject {
        kind: subject::SESSION,
        id: format!("schedule:{id}:{}", query.quarter),
        unit: Some(&plan.unit),
    };
    // Every venue used must be the caller's to run.
    let mut decision = Ok(());
    for venue in &venues {
        let staff = on_staff(&state, &caller.principal, venue).await?;
        decision = caller
            .principal
            .may_run_session(&state.units, &venue.venue.unit, staff);
        if decision.is_err() {
            break;
        }
    }
    check_audited(
        &state,
        &caller.principal,
        AuditAction::Create,
        subject_of(),
        decision,
    )
    .await?;
    let result = async {
        let existing = state
            .store
            .count_sessions(&SessionFilter {
                plan_id: Some(id.clone()),
                from: Some(quarter.first_day()),
                to: Some(quarter.last_day()),
                ..SessionFilter::default()
            })
            .await?;
        if existing > 0 {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "already_scheduled",
                format!(
                    "Đã lập lịch {} phiên {} theo kế hoạch {id}",
                    existing,
                    quarter.label_vi()
                ),
                format!("{existing} sessions of {quarter} are already scheduled from plan {id}"),
            ));
        }
        let communes: Vec<UnitKey> = if request.communes.is_empty() {
            let key = UnitKey::parse(&province, crate::vietnam_today())?;
            state.units.communes_covered_by(&key)
        } else {
            request
                .communes
                .iter()
                .take(1000)
                .map(|text| parse_unit(&state, text, quarter.first_day()))
                .collect::<Result<_, _>>()?
        };
        for commune in &communes {
            caller
                .principal
                .may_read_unit(&state.units, commune)
                .or_else(|error| {
                    if caller.principal.role == vieclam_domain::Role::Admin {
                        Ok(())
                    } else {
                        Err(error)
                    }
                })?;
        }
        let schedule_venues: Vec<ScheduleVenue> = venues
            .iter()
            .map(|venue| ScheduleVenue {
                id: venue.id,
                name: venue.venue.name.clone(),
                kind: venue.venue.kind,
                unit: venue.venue.unit.clone(),
                booths: venue.venue.booths,
                seats: venue.venue.seats,
            })
            .collect();
        let defaults = request.defaults.clone().unwrap_or_default();
        let units = state.units.clone();
        let plan_for_job = plan.clone();
        let drafts = crate::blocking::run(&state, move || {
            quarter_schedule(
                &plan_for_job,
                quarter,
                &schedule_venues,
                &communes,
                &units,
                &defaults,
            )
        })
        .await??;
        let provinces: Vec<String> = drafts
            .iter()
            .map(|draft| province_of(&state, &draft.unit))
            .collect::<Result<_, _>>()?;
        let writes: Vec<SessionWrite<'_>> = drafts
            .iter()
            .zip(&provinces)
            .map(|(draft, province)| SessionWrite {
                session: draft,
                province_code: province,
                plan_id: Some(&id),
                actor: caller.principal.user_id,
            })
            .collect();
        Ok::<_, ApiError>(state.store.create_sessions(&writes, Utc::now()).await?)
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
    let created = result?;
    Ok((
        StatusCode::CREATED,
        Json(
            created
                .into_iter()
                .map(|record| SessionView::of(&state, record))
                .collect(),
        ),
    ))
}
