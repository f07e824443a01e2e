//! The workers recommended for a vacancy (`matching::candidates_for`: only
//! workers who consented to be shown to employers), with the reasons of
//! each match. A candidate is shown by initials and commune, never by
//! name or contact, until they accept the employer's invitation to apply
//! (`invitations::invite`); then their application, with their contact,
//! is among the applications received.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use vieclam_exchange::InvitationState;

use super::{as_employer, notice_of, Notice, Problems};
use crate::web::labels;
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{html, Lang, Page, Posted, WebError};
use crate::AppState;

/// How many candidates the page shows.
const CANDIDATES: usize = 20;

/// One candidate as the page shows them.
pub struct CandidateRow {
    pub worker_id: i64,
    /// Initials until the worker accepts; then the name.
    pub shown_as: String,
    pub commune: String,
    pub occupations: Vec<String>,
    pub qualification: String,
    pub skills: Vec<String>,
    pub reasons: Vec<String>,
    /// `None` (not invited), or the invitation's state.
    pub invitation: Option<String>,
    pub may_invite: bool,
    pub accepted: bool,
}

#[derive(Template)]
#[template(path = "employer/candidates.html")]
struct CandidatesPage<'a> {
    page: &'a Page,
    vacancy_id: i64,
    title: String,
    rows: Vec<CandidateRow>,
    problems: Problems,
    notice: Option<String>,
}

/// "Đặng Văn Khoa" → "Đ. V. K.": enough to tell candidates apart, not
/// enough to find the person.
pub fn initials(full_name: &str) -> String {
    full_name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .map(|letter| format!("{letter}."))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn candidates_page(
    page: &Page,
    state: &AppState,
    vacancy_id: i64,
    problems: Problems,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let candidates =
        crate::matching::candidates_for(state, &page.caller, vacancy_id, CANDIDATES).await?;
    let invitations: HashMap<i64, InvitationState> =
        crate::invitations::invitations_of_vacancy(state, &page.caller, vacancy_id)
            .await?
            .into_iter()
            .map(|invitation| (invitation.worker_id, invitation.state))
            .collect();
    let vacancy = crate::views::load_vacancy(state, vacancy_id).await?;
    let open = vacancy.posting.status_on(crate::vietnam_today())
        == vieclam_domain::registry::VacancyStatus::Open;
    let rows = candidates
        .into_iter()
        .map(|candidate| {
            let invited = invitations.get(&candidate.worker_id).copied();
            let accepted = invited == Some(InvitationState::Accepted);
            CandidateRow {
                worker_id: candidate.worker_id,
                shown_as: if accepted {
                    candidate.full_name.clone()
                } else {
                    initials(&candidate.full_name)
                },
                commune: candidate.commune,
                occupations: candidate
                    .occupations
                    .iter()
                    .map(|code| labels::occupation(code, lang))
                    .collect(),
                qualification: labels::qualification_code(&candidate.qualification, lang),
                skills: candidate.skills,
                reasons: candidate
                    .reasons
                    .into_iter()
                    .map(|reason| match lang {
                        Lang::Vi => reason.vi,
                        Lang::En => reason.en,
                    })
                    .collect(),
                invitation: invited
                    .map(|state| lang.pick(state.name_vi(), state.name_en()).to_owned()),
                may_invite: open && invited.is_none(),
                accepted,
            }
        })
        .collect();
    let template = CandidatesPage {
        page,
        vacancy_id,
        title: vacancy.posting.title,
        rows,
        problems,
        notice,
    };
    if status == StatusCode::OK {
        render(&template)
    } else {
        Ok(html(status, template.render()?))
    }
}

/// The candidates recommended for one of the employer's vacancies.
pub async fn list(
    page: Page,
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
    PageQuery(notice): PageQuery<Notice>,
) -> Response {
    let done = notice_of(notice.xong.as_deref(), page.lang);
    as_employer!(page, state, |_id| candidates_page(
        &page,
        &state,
        vacancy_id,
        Problems::default(),
        StatusCode::OK,
        done
    ))
}

/// Invites a candidate to apply; a refusal (invited already, no such
/// candidate, a closed vacancy) is shown on the page.
pub async fn invite(
    State(state): State<AppState>,
    PagePath((vacancy_id, worker_id)): PagePath<(i64, i64)>,
    Posted(page, _): Posted<crate::web::account::Empty>,
) -> Response {
    as_employer!(page, state, |_id| async {
        match crate::invitations::invite(&state, &page.caller, vacancy_id, worker_id).await {
            Ok(_) => Ok(see_other(&format!(
                "/nha-tuyen-dung/tin/{vacancy_id}/ung-vien?xong=moi#ung-vien-{worker_id}"
            ))),
            Err(error)
                if matches!(
                    error.status,
                    StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
                ) || error.code == "candidate_not_found" =>
            {
                let mut problems = Problems::default();
                problems.add(
                    &format!("ung-vien-{worker_id}"),
                    page.t(&error.message_vi, &error.message_en),
                );
                candidates_page(&page, &state, vacancy_id, problems, error.status, None).await
            }
            Err(error) => Err(WebError::from(error)),
        }
    })
}
