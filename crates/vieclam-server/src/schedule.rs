//! A quarter's sessions generated from a plan's quarterly session targets
//! (Hanoi's plans give them by kind: 1 thematic, 1 online, 3 mobile and 56
//! daily sessions in the first quarter of 2021): previewed, then created.
//! The one path of `POST /api/v1/plans/{id}/schedule` and the exchange's
//! schedule page.

use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;
use vieclam_domain::{AuditAction, UnitKey};
use vieclam_exchange::schedule::{quarter_schedule, ScheduleDefaults, ScheduleVenue};
use vieclam_exchange::SessionDraft;
use vieclam_plans::{Period, PeriodKind};
use vieclam_store::exchange::{SessionFilter, SessionRecord, SessionWrite};
use vieclam_store::{Area, Page};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exchange::{on_staff, parse_unit, subject};
use crate::plans::load_plan;
use crate::scope::{audit_result, check_audited, province_of, AuditSubject};
use crate::AppState;

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

/// A quarter's schedule: the sessions it makes, and those created (none
/// for a preview).
pub struct Schedule {
    pub drafts: Vec<SessionDraft>,
    pub created: Vec<SessionRecord>,
}

/// Schedules a quarter's sessions from plan `id` (officers who see the
/// plan and run every venue it uses): `write` false previews them (audited
/// as a read), `write` true creates them, planned. A quarter already
/// scheduled from the plan is not scheduled again (409).
pub async fn schedule_quarter(
    state: &AppState,
    caller: &Caller,
    id: &str,
    quarter_text: &str,
    request: &ScheduleRequest,
    write: bool,
) -> Result<Schedule, ApiError> {
    caller.require_account()?;
    let action = if write {
        AuditAction::Create
    } else {
        AuditAction::Read
    };
    let plan = load_plan(state, caller, id).await?;
    let quarter = Period::parse(quarter_text)
        .map_err(|error| ApiError::bad_request(error.message_vi(), error.to_string()))?;
    if quarter.kind != PeriodKind::Quarter {
        return Err(ApiError::bad_request(
            format!("{} không phải một quý (ví dụ 2021-Q1)", quarter_text),
            format!("{} is not a quarter (e.g. 2021-Q1)", quarter_text),
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
            found.push(crate::exchange::load_venue(state, venue).await?);
        }
        found
    };
    let subject_of = || AuditSubject {
        kind: subject::SESSION,
        id: format!("schedule:{id}:{}", quarter_text),
        unit: Some(&plan.unit),
    };
    // Every venue used must be the caller's to run.
    let mut decision = Ok(());
    for venue in &venues {
        let staff = on_staff(state, &caller.principal, venue).await?;
        decision = caller
            .principal
            .may_run_session(&state.units, &venue.venue.unit, staff);
        if decision.is_err() {
            break;
        }
    }
    check_audited(state, &caller.principal, action, subject_of(), decision).await?;
    let result = async {
        let existing = state
            .store
            .count_sessions(&SessionFilter {
                plan_id: Some(id.to_owned()),
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
                .map(|text| parse_unit(state, text, quarter.first_day()))
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
        let drafts = crate::blocking::run(state, move || {
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
            .map(|draft| province_of(state, &draft.unit))
            .collect::<Result<_, _>>()?;
        let writes: Vec<SessionWrite<'_>> = drafts
            .iter()
            .zip(&provinces)
            .map(|(draft, province)| SessionWrite {
                session: draft,
                province_code: province,
                plan_id: Some(id),
                actor: caller.principal.user_id,
            })
            .collect();
        if !write {
            return Ok(Schedule {
                drafts,
                created: Vec::new(),
            });
        }
        let created = state.store.create_sessions(&writes, Utc::now()).await?;
        Ok::<_, ApiError>(Schedule { drafts, created })
    }
    .await;
    audit_result(state, &caller.principal, action, subject_of(), &result).await?;
    result
}

/// The plans the caller sees that give session targets by kind for some
/// quarter, each with those quarters (the schedule page's choices).
pub async fn plans_to_schedule(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<(vieclam_plans::Plan, Vec<Period>)>, ApiError> {
    caller.require_account()?;
    let mut found = Vec::new();
    for plan in state.store.list_plans().await? {
        if caller
            .principal
            .may_see_plan(&state.units, &plan.unit)
            .is_err()
        {
            continue;
        }
        let mut quarters: Vec<Period> = plan
            .targets
            .iter()
            .map(|target| target.period)
            .filter(|period| period.kind == PeriodKind::Quarter)
            .filter(|period| {
                !vieclam_exchange::schedule::quarter_targets(&plan, *period).is_empty()
            })
            .collect();
        quarters.sort_by_key(|period| period.first);
        quarters.dedup();
        if !quarters.is_empty() {
            found.push((plan, quarters));
        }
    }
    Ok(found)
}
