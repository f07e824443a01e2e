//! Job search and typeahead over HTTP (public: open vacancies hold no
//! personal data).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_search::{Suggestion, SuggestionKind};

use crate::error::{ApiError, ApiQuery, ErrorBody};
use crate::jobsearch::{self, SearchParams};
use crate::paging::{Paging, PagingRule};
use crate::views::{run_search, FacetView, VacancyView};
use crate::AppState;

#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    pub total: u64,
    /// The sum of the headcount of every match.
    pub total_headcount: u64,
    pub vacancies: Vec<VacancyView>,
    pub by_commune: Vec<FacetView>,
    pub by_occupation_group: Vec<FacetView>,
    pub by_qualification: Vec<FacetView>,
}

/// Searches open vacancies.
#[utoipa::path(
    get,
    path = "/api/v1/vacancies/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Matches, facets and the headcount", body = SearchResponse),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
    )
)]
pub async fn search_vacancies(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let (results, records) = jobsearch::run(&state, &params).await?;
    let vacancies = records.into_iter().map(VacancyView::from).collect();
    Ok(Json(SearchResponse {
        total: results.total,
        total_headcount: results.total_headcount,
        vacancies,
        by_commune: results
            .by_commune
            .into_iter()
            .map(FacetView::from)
            .collect(),
        by_occupation_group: results
            .by_occupation_group
            .into_iter()
            .map(FacetView::from)
            .collect(),
        by_qualification: results
            .by_qualification
            .into_iter()
            .map(FacetView::from)
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What has been typed so far.
    pub q: String,
    /// occupation, skill, employer or unit; all by default.
    pub kind: Option<String>,
    /// 1–10, 10 by default.
    pub limit: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionView {
    /// occupation, skill, employer or unit.
    #[schema(value_type = String)]
    pub kind: SuggestionKind,
    pub text: String,
    pub code: Option<String>,
}

impl From<Suggestion> for SuggestionView {
    fn from(suggestion: Suggestion) -> SuggestionView {
        SuggestionView {
            kind: suggestion.kind,
            text: suggestion.text,
            code: suggestion.code,
        }
    }
}

/// At most ten suggestions, from the first.
const SUGGEST: PagingRule = PagingRule {
    default_limit: 10,
    max_limit: 10,
    max_offset: 0,
};

/// Typeahead for occupations, skills, employers and units (accent-free
/// input works).
#[utoipa::path(
    get,
    path = "/api/v1/suggest",
    tag = "search",
    params(SuggestParams),
    responses(
        (status = 200, description = "At most 10 suggestions, best first", body = Vec<SuggestionView>),
        (status = 400, description = "An unknown kind", body = ErrorBody),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SuggestParams>,
) -> Result<Json<Vec<SuggestionView>>, ApiError> {
    let kinds = match params.kind.as_deref() {
        None => Vec::new(),
        Some("occupation") => vec![SuggestionKind::Occupation],
        Some("skill") => vec![SuggestionKind::Skill],
        Some("employer") => vec![SuggestionKind::Employer],
        Some("unit") => vec![SuggestionKind::Unit],
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!(
                    "Loại gợi ý {other:?} không hợp lệ: dùng occupation, skill, employer hoặc unit"
                ),
                format!("Unknown kind {other:?}: use occupation, skill, employer or unit"),
            ))
        }
    };
    let limit = Paging::check(params.limit, None, SUGGEST)?.limit();
    let suggestions = run_search(&state, move |search| {
        Ok(search
            .suggestions
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .suggest(&params.q, &kinds, limit))
    })
    .await?;
    Ok(Json(
        suggestions.into_iter().map(SuggestionView::from).collect(),
    ))
}
