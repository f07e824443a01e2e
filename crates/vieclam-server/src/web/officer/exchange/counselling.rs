//! Counselling and job referral (`/can-bo/san/tu-van`): the records of the
//! officer's area, and one recorded for a worker found by citizen ID —
//! through `counselling::list_counselling` and `create_counselling`, the
//! path of `GET` and `POST /api/v1/counselling`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::registry::CitizenId;
use vieclam_exchange::CounsellingOutcome;

use super::super::{as_officer, Area, Frame, Officer};
use super::{notice_of, problem_of, Done};
use crate::counselling::CounsellingRequest;
use crate::paging::PageParams;
use crate::web::page::{see_other, PageQuery};
use crate::web::{format, html, Page, Posted, WebError};
use crate::AppState;

/// A counselling as the list shows it.
pub struct CounsellingRow {
    pub date: String,
    pub worker: String,
    pub advice: String,
    pub referred: String,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "officer/exchange/counselling.html")]
struct CounsellingPage<'a> {
    page: &'a Page,
    frame: Frame,
    notice: Option<String>,
    /// (field, message) of a refused form.
    problem: Option<(String, String)>,
    rows: Vec<CounsellingRow>,
    outcomes: Vec<(String, String)>,
    values: CounsellingForm,
}

/// The counselling form as posted.
#[derive(Deserialize, Default, Clone)]
pub struct CounsellingForm {
    #[serde(default)]
    pub citizen_id: String,
    #[serde(default)]
    pub advice: String,
    #[serde(default)]
    pub referred: String,
    #[serde(default)]
    pub outcome: String,
}

async fn counselling_page(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    notice: Option<String>,
    problem: Option<(String, String)>,
    values: CounsellingForm,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let records = crate::counselling::list_counselling(
        state,
        &page.caller,
        None,
        None,
        PageParams {
            limit: Some(100),
            offset: None,
        },
    )
    .await?;
    let ids: Vec<i64> = records.iter().map(|record| record.worker_id).collect();
    let names: HashMap<i64, String> = state
        .store
        .get_workers(&ids)
        .await?
        .into_iter()
        .map(|worker| (worker.id, worker.profile.full_name.as_str().to_owned()))
        .collect();
    let rows = records
        .into_iter()
        .map(|record| CounsellingRow {
            date: format::date(record.on, lang),
            worker: names
                .get(&record.worker_id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", record.worker_id)),
            advice: record.advice,
            referred: format::number(record.referred.len() as u64, lang),
            outcome: lang
                .pick(record.outcome.name_vi(), record.outcome.name_en())
                .to_owned(),
        })
        .collect();
    let outcomes = CounsellingOutcome::ALL
        .iter()
        .map(|outcome| {
            (
                outcome.as_str().to_owned(),
                lang.pick(outcome.name_vi(), outcome.name_en()).to_owned(),
            )
        })
        .collect();
    let frame = officer
        .frame(page, Area::Exchange)
        .crumb("/can-bo/san", Area::Exchange.name(lang));
    let status = if problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let template = CounsellingPage {
        page,
        frame,
        notice,
        problem,
        rows,
        outcomes,
        values,
    };
    Ok(html(status, template.render()?))
}

/// The counselling of the officer's area, and the form to record one.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let notice = notice_of(done.xong.as_deref(), page.lang);
        counselling_page(
            &state,
            &page,
            &officer,
            notice,
            None,
            CounsellingForm::default(),
        )
        .await
    })
}

/// Records a counselling for the worker with the citizen ID given.
pub async fn record(
    State(state): State<AppState>,
    Posted(page, form): Posted<CounsellingForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let problem = |field: &str, message: String| Some((field.to_owned(), message));
        let found = match CitizenId::parse(&form.citizen_id) {
            Ok(citizen_id) => {
                state
                    .store
                    .find_worker_by_citizen_id(citizen_id.as_str())
                    .await?
            }
            Err(_) => None,
        };
        let Some(worker) = found else {
            let message = page
                .t(
                    "Không tìm thấy người lao động có số căn cước này (12 chữ số)",
                    "No worker has this citizen ID (12 digits)",
                )
                .to_owned();
            return counselling_page(
                &state,
                &page,
                &officer,
                None,
                problem("citizen_id", message),
                form.clone(),
            )
            .await;
        };
        let referred: Result<Vec<i64>, _> = form
            .referred
            .split([',', ' ', ';'])
            .filter(|part| !part.trim().is_empty())
            .map(|part| part.trim().trim_start_matches('#').parse::<i64>())
            .collect();
        let Ok(referred) = referred else {
            let message = page
                .t(
                    "Ghi số hiệu các vị trí việc làm, cách nhau bởi dấu phẩy",
                    "Write the vacancies' numbers, separated by commas",
                )
                .to_owned();
            return counselling_page(
                &state,
                &page,
                &officer,
                None,
                problem("referred", message),
                form.clone(),
            )
            .await;
        };
        let request = CounsellingRequest {
            worker_id: worker.id,
            on: None,
            unit: None,
            session_id: None,
            advice: form.advice.clone(),
            referred,
            outcome: (!form.outcome.is_empty()).then(|| form.outcome.clone()),
        };
        match crate::counselling::create_counselling(&state, &page.caller, &request).await {
            Ok(_) => Ok(see_other("/can-bo/san/tu-van?xong=tu-van")),
            Err(error) => {
                let field = match &error.details {
                    Some(serde_json::Value::Object(details)) => details
                        .get("field")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("advice")
                        .to_owned(),
                    _ => "advice".to_owned(),
                };
                let message = problem_of(error, &page)?;
                counselling_page(
                    &state,
                    &page,
                    &officer,
                    None,
                    problem(&field, message),
                    form.clone(),
                )
                .await
            }
        }
    })
}
