//! The quarter's schedule from a plan (`/can-bo/san/lich`): pick a plan
//! and a quarter, see the sessions it would create (a preview that writes
//! nothing), confirm. Both through `schedule::schedule_quarter`, the path
//! of `POST /api/v1/plans/{id}/schedule`; once scheduled, the page lists
//! the quarter's sessions.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_store::exchange::SessionFilter;

use super::super::{as_officer, Area, Frame};
use super::{notice_of, problem_of, SessionRow};
use crate::schedule::{schedule_quarter, ScheduleRequest};
use crate::web::page::{render, see_other, PageQuery};
use crate::web::public::Choice;
use crate::web::{format, labels, Lang, Page, Posted};
use crate::AppState;

/// The plan and quarter picked.
#[derive(Deserialize, Default)]
pub struct Pick {
    pub plan: Option<String>,
    pub quarter: Option<String>,
    pub xong: Option<String>,
}

/// A session the schedule would create.
pub struct DraftRow {
    pub date: String,
    pub time: String,
    pub kind: String,
    pub title: String,
    pub place: String,
    pub booths: String,
    pub seats: String,
}

#[derive(Template)]
#[template(path = "officer/exchange/schedule.html")]
struct SchedulePage<'a> {
    page: &'a Page,
    frame: Frame,
    notice: Option<String>,
    plans: Vec<Choice>,
    quarters: Vec<Choice>,
    plan: String,
    quarter: String,
    problem: Option<String>,
    /// (kind, how many) of the preview.
    counts: Vec<(String, String)>,
    drafts: Vec<DraftRow>,
    /// The quarter's sessions already scheduled from the plan.
    scheduled: Vec<SessionRow>,
}

fn quarter_label(period: vieclam_plans::Period, lang: Lang) -> String {
    match lang {
        Lang::Vi => period.label_vi(),
        Lang::En => period.to_string(),
    }
}

/// The picker, and the preview (or the sessions scheduled) of the quarter
/// picked.
pub async fn preview(
    State(state): State<AppState>,
    page: Page,
    PageQuery(pick): PageQuery<Pick>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let lang = page.lang;
        let choices = crate::schedule::plans_to_schedule(&state, &page.caller).await?;
        let plan = pick.plan.clone().unwrap_or_default();
        let quarter = pick.quarter.clone().unwrap_or_default();
        let plans: Vec<Choice> = choices
            .iter()
            .map(|(candidate, _)| Choice {
                value: candidate.id.clone(),
                label: lang
                    .pick(&candidate.title_vi, &candidate.title_en)
                    .to_owned(),
                selected: candidate.id == plan,
            })
            .collect();
        let mut periods: Vec<vieclam_plans::Period> = choices
            .iter()
            .filter(|(candidate, _)| plan.is_empty() || candidate.id == plan)
            .flat_map(|(_, quarters)| quarters.iter().copied())
            .collect();
        periods.sort_by_key(|period| period.first);
        periods.dedup();
        let quarters: Vec<Choice> = periods
            .iter()
            .map(|period| Choice {
                value: period.to_string(),
                label: quarter_label(*period, lang),
                selected: period.to_string() == quarter,
            })
            .collect();
        let mut problem = None;
        let mut counts = Vec::new();
        let mut drafts = Vec::new();
        let mut scheduled = Vec::new();
        if !plan.is_empty() && !quarter.is_empty() {
            match schedule_quarter(
                &state,
                &page.caller,
                &plan,
                &quarter,
                &ScheduleRequest::default(),
                false,
            )
            .await
            {
                Ok(schedule) => {
                    let venues: HashMap<i64, String> = super::area_venues(&state, &officer)
                        .await?
                        .into_iter()
                        .map(|venue| (venue.id, venue.venue.name))
                        .collect();
                    let mut by_kind: Vec<(vieclam_exchange::SessionKind, u64)> = Vec::new();
                    for draft in &schedule.drafts {
                        match by_kind.iter_mut().find(|(kind, _)| *kind == draft.kind) {
                            Some((_, n)) => *n += 1,
                            None => by_kind.push((draft.kind, 1)),
                        }
                    }
                    counts = by_kind
                        .into_iter()
                        .map(|(kind, n)| {
                            (
                                lang.pick(kind.name_vi(), kind.name_en()).to_owned(),
                                format::number(n, lang),
                            )
                        })
                        .collect();
                    drafts = schedule
                        .drafts
                        .iter()
                        .map(|draft| DraftRow {
                            date: format::date(draft.date, lang),
                            time: format!(
                                "{}–{}",
                                draft.starts.format("%H:%M"),
                                draft.ends.format("%H:%M")
                            ),
                            kind: lang
                                .pick(draft.kind.name_vi(), draft.kind.name_en())
                                .to_owned(),
                            title: draft.title.clone(),
                            place: match venues.get(&draft.venue_id) {
                                Some(name)
                                    if draft.kind != vieclam_exchange::SessionKind::Mobile =>
                                {
                                    name.clone()
                                }
                                _ => labels::place(&state.units, &draft.unit),
                            },
                            booths: format::number(u64::from(draft.booths), lang),
                            seats: format::number(u64::from(draft.seats), lang),
                        })
                        .collect();
                }
                Err(error) if error.status == StatusCode::CONFLICT => {
                    problem = Some(page.t(&error.message_vi, &error.message_en).to_owned());
                    if let Ok(period) = vieclam_plans::Period::parse(&quarter) {
                        let records = state
                            .store
                            .list_sessions(
                                &SessionFilter {
                                    plan_id: Some(plan.clone()),
                                    from: Some(period.first_day()),
                                    to: Some(period.last_day()),
                                    ..SessionFilter::default()
                                },
                                vieclam_store::Page {
                                    limit: 500,
                                    offset: 0,
                                },
                            )
                            .await?;
                        let venues = super::area_venues(&state, &officer).await?;
                        scheduled = records
                            .iter()
                            .map(|record| {
                                let venue = venues.iter().find(|v| v.id == record.session.venue_id);
                                SessionRow::of(&state, record, venue, lang)
                            })
                            .collect();
                    }
                }
                Err(error) => problem = Some(problem_of(error, &page)?),
            }
        }
        let frame = officer
            .frame(&page, Area::Exchange)
            .crumb("/can-bo/san", Area::Exchange.name(lang));
        render(&SchedulePage {
            page: &page,
            frame,
            notice: notice_of(pick.xong.as_deref(), lang),
            plans,
            quarters,
            plan,
            quarter,
            problem,
            counts,
            drafts,
            scheduled,
        })
    })
}

/// The quarter to schedule, confirmed.
#[derive(Deserialize)]
pub struct Confirm {
    pub plan: String,
    pub quarter: String,
}

/// Creates the quarter's sessions, then lists them.
pub async fn confirm(
    State(state): State<AppState>,
    Posted(page, form): Posted<Confirm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |_officer| async {
        let back = format!(
            "/can-bo/san/lich?{}",
            serde_urlencoded::to_string([
                ("plan", form.plan.as_str()),
                ("quarter", form.quarter.as_str()),
            ])
            .unwrap_or_default()
        );
        match schedule_quarter(
            &state,
            &page.caller,
            &form.plan,
            &form.quarter,
            &ScheduleRequest::default(),
            true,
        )
        .await
        {
            Ok(_) => Ok(see_other(&format!("{back}&xong=lich"))),
            // Scheduled meanwhile: the page lists what is there.
            Err(error) if error.status == StatusCode::CONFLICT => Ok(see_other(&back)),
            Err(error) => Err(error.into()),
        }
    })
}
