//! Unemployment-insurance claimants with a late or missing monthly
//! check-in (`/can-bo/san/tro-cap`), and a check-in recorded at the desk —
//! through `claims::list_claims` and `claims::record_checkin`, the path of
//! `GET /api/v1/claims?flag=` and `POST /api/v1/claims/{id}/checkins`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::super::{as_officer, Area, Frame};
use super::{notice_of, problem_of, Done};
use crate::claims::{CheckinRequest, ClaimQuery, ClaimView};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{format, labels, Page, Posted};
use crate::AppState;

/// A claimant as the list shows them.
pub struct ClaimRow {
    pub id: i64,
    pub worker: String,
    pub place: String,
    pub start: String,
    pub months: String,
    pub late: String,
    pub missing: String,
    /// (due date `YYYY-MM-DD`, "05/12/2026 – Chậm") of the check-ins still
    /// to record.
    pub open: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "officer/exchange/claims.html")]
struct ClaimsPage<'a> {
    page: &'a Page,
    frame: Frame,
    notice: Option<String>,
    problem: Option<String>,
    claims: Vec<ClaimRow>,
    today: String,
}

async fn flagged(
    state: &AppState,
    page: &Page,
    flag: &str,
) -> Result<Vec<ClaimView>, crate::error::ApiError> {
    crate::claims::list_claims(
        state,
        &page.caller,
        &ClaimQuery {
            status: None,
            flag: Some(flag.to_owned()),
            limit: Some(200),
            offset: None,
        },
    )
    .await
}

async fn claims_page(
    state: &AppState,
    page: &Page,
    frame: Frame,
    notice: Option<String>,
    problem: Option<String>,
) -> Result<Response, crate::web::WebError> {
    let lang = page.lang;
    let mut claims = flagged(state, page, "late").await?;
    for claim in flagged(state, page, "missing").await? {
        if !claims.iter().any(|seen| seen.id == claim.id) {
            claims.push(claim);
        }
    }
    let ids: Vec<i64> = claims.iter().map(|claim| claim.worker_id).collect();
    let names: HashMap<i64, String> = state
        .store
        .get_workers(&ids)
        .await?
        .into_iter()
        .map(|worker| (worker.id, worker.profile.full_name.as_str().to_owned()))
        .collect();
    let rows = claims
        .into_iter()
        .map(|claim| ClaimRow {
            id: claim.id,
            worker: names
                .get(&claim.worker_id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", claim.worker_id)),
            place: labels::unit_name(&state.units, &claim.unit),
            start: format::date(claim.start, lang),
            months: format::number(u64::from(claim.months), lang),
            late: format::number(u64::from(claim.late), lang),
            missing: format::number(u64::from(claim.missing), lang),
            open: claim
                .checkins
                .iter()
                .filter(|checkin| checkin.made_on.is_none() && checkin.state.code != "upcoming")
                .map(|checkin| {
                    (
                        checkin.due.to_string(),
                        format!(
                            "{} – {}",
                            format::date(checkin.due, lang),
                            lang.pick(checkin.state.name_vi, checkin.state.name_en)
                        ),
                    )
                })
                .collect(),
        })
        .collect();
    let template = ClaimsPage {
        page,
        frame,
        notice,
        problem: problem.clone(),
        claims: rows,
        today: crate::vietnam_today().to_string(),
    };
    if problem.is_some() {
        Ok(crate::web::html(
            axum::http::StatusCode::BAD_REQUEST,
            template.render()?,
        ))
    } else {
        render(&template)
    }
}

/// The claimants late or missing a check-in.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let frame = officer
            .frame(&page, Area::Exchange)
            .crumb("/can-bo/san", Area::Exchange.name(page.lang));
        claims_page(
            &state,
            &page,
            frame,
            notice_of(done.xong.as_deref(), page.lang),
            None,
        )
        .await
    })
}

/// A check-in made at the desk.
#[derive(Deserialize)]
pub struct CheckinForm {
    pub due: NaiveDate,
    pub made_on: Option<NaiveDate>,
}

/// Records a check-in (officers who keep the claimant's record).
pub async fn checkin(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<CheckinForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let request = CheckinRequest {
            due: form.due,
            made_on: form.made_on,
            note: None,
        };
        match crate::claims::record_checkin(&state, &page.caller, id, &request).await {
            Ok(_) => Ok(see_other("/can-bo/san/tro-cap?xong=thong-bao")),
            Err(error) => {
                let message = problem_of(error, &page)?;
                let frame = officer
                    .frame(&page, Area::Exchange)
                    .crumb("/can-bo/san", Area::Exchange.name(page.lang));
                claims_page(&state, &page, frame, None, Some(message)).await
            }
        }
    })
}
