//! `/can-bo/ke-hoach`: the plans the officer may see (`may_see_plan`, as
//! the API's list), each with its document, title, period and overall
//! progress for the officer's view of it.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use vieclam_plans::progress::ProgressStatus;

use super::{period_name, plan_title, Status};
use crate::web::officer::{as_officer, Area, Frame};
use crate::web::page::render;
use crate::web::{format, labels, Page};
use crate::AppState;

/// One plan of the list.
struct PlanItem {
    id: String,
    document: String,
    issuing_body: String,
    title: String,
    period: String,
    unit: String,
    /// Overall progress: the targets of the unit shown, by status; `None`
    /// when the figures could not be read (the statistics still building).
    progress: Option<Overall>,
}

/// How many of a plan's targets stand where.
struct Overall {
    n_targets: usize,
    percent_achieved: String,
    counts: Vec<(Status, usize)>,
}

#[derive(Template)]
#[template(path = "officer/plans/list.html")]
struct PlansPage<'a> {
    page: &'a Page,
    frame: Frame,
    plans: Vec<PlanItem>,
}

/// The plans list.
pub async fn plans(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Plans, |officer| async {
        let lang = page.lang;
        let mut plans = Vec::new();
        for plan in state.store.list_plans().await? {
            if page
                .caller
                .principal
                .may_see_plan(&state.units, &plan.unit)
                .is_err()
            {
                continue;
            }
            // The officer's view of the plan: the plan's unit, or their own
            // within it — as the progress page opens.
            let progress =
                crate::plans::progress_of(&state, &page.caller, &plan.id, None, None, None)
                    .await
                    .ok()
                    .map(|progress| {
                        let own: Vec<_> = progress
                            .rows
                            .iter()
                            .filter(|row| row.target.unit == progress.unit)
                            .collect();
                        let rows = if own.is_empty() {
                            progress.rows.iter().collect()
                        } else {
                            own
                        };
                        let count = |status: ProgressStatus| {
                            rows.iter().filter(|row| row.status == status).count()
                        };
                        let n_achieved = count(ProgressStatus::Achieved);
                        Overall {
                            n_targets: rows.len(),
                            percent_achieved: if rows.is_empty() {
                                "—".to_owned()
                            } else {
                                format::percent(100.0 * n_achieved as f64 / rows.len() as f64, lang)
                            },
                            counts: [
                                ProgressStatus::Achieved,
                                ProgressStatus::OnTrack,
                                ProgressStatus::Behind,
                                ProgressStatus::NoData,
                            ]
                            .into_iter()
                            .map(|status| (Status::of(status, lang), count(status)))
                            .filter(|(_, n)| *n > 0)
                            .collect(),
                        }
                    });
            plans.push(PlanItem {
                id: plan.id.clone(),
                document: match plan.issued_on {
                    Some(day) => format!(
                        "{} {} {}",
                        plan.number,
                        page.t("ngày", "of"),
                        format::date(day, lang)
                    ),
                    None => plan.number.clone(),
                },
                issuing_body: plan.issuing_body.clone(),
                title: plan_title(&plan, lang),
                period: period_name(plan.period, lang),
                unit: labels::place(&state.units, &plan.unit),
                progress,
            });
        }
        let frame = officer.frame(&page, Area::Plans);
        render(&PlansPage {
            page: &page,
            frame,
            plans,
        })
    })
}
