//! Job search over open vacancies: the one place a search request becomes
//! an index query, shared by the API (`routes::search`) and the pages
//! (`web::public`), so that both answer the same filters the same way.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use vieclam_search::{SearchResults, SortOrder, VacancyQuery};
use vieclam_store::VacancyRecord;

use crate::error::ApiError;
use crate::paging::{Paging, PagingRule};
use crate::views::{run_search, unit_filter};
use crate::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Free text, with or without diacritics ("kế toán", "lai xe").
    pub q: Option<String>,
    /// A unit code or `structure:code`: vacancies in it or below it (old
    /// units through the crosswalk).
    pub unit: Option<String>,
    /// An occupation code of 1 to 4 digits (a group or a unit group).
    pub occupation: Option<String>,
    /// Only vacancies whose wage reaches this many VND a month.
    pub wage_min: Option<i64>,
    /// none, elementary, intermediate, college, university, postgraduate.
    pub qualification: Option<String>,
    /// indefinite, fixed_term, seasonal, probation.
    pub contract_type: Option<String>,
    pub disability_friendly: Option<bool>,
    pub abroad: Option<bool>,
    /// ISO date: only vacancies posted after it.
    pub posted_after: Option<NaiveDate>,
    /// relevance (default), newest or wage.
    pub sort: Option<String>,
    /// 1–100, 20 by default.
    pub limit: Option<u64>,
    /// 0–9,900: narrow the search to go deeper.
    pub offset: Option<u64>,
}

/// The sort orders, by the names requests use.
pub fn parse_sort(text: Option<&str>) -> Result<SortOrder, ApiError> {
    match text {
        None | Some("relevance") => Ok(SortOrder::Relevance),
        Some("newest") => Ok(SortOrder::Newest),
        Some("wage") => Ok(SortOrder::Wage),
        Some(other) => Err(ApiError::bad_request(
            format!("Cách sắp xếp {other:?} không hợp lệ: dùng relevance, newest hoặc wage"),
            format!("Unknown sort {other:?}: use relevance, newest or wage"),
        )),
    }
}

/// The index query of a search request, every value checked.
pub fn query(state: &AppState, params: &SearchParams) -> Result<VacancyQuery, ApiError> {
    let unit = unit_filter(state, params.unit.as_deref())?;
    let sort = parse_sort(params.sort.as_deref())?;
    let paging = Paging::check(params.limit, params.offset, PagingRule::SEARCH)?;
    Ok(VacancyQuery {
        text: vieclam_text::nfc(params.q.as_deref().unwrap_or_default()),
        unit,
        occupation: params
            .occupation
            .clone()
            .filter(|code| code.bytes().all(|b| b.is_ascii_digit())),
        wage_min: params.wage_min,
        qualification: params.qualification.clone(),
        contract_type: params.contract_type.clone(),
        disability_friendly: params.disability_friendly,
        abroad: params.abroad,
        posted_after: params
            .posted_after
            .and_then(|date| date.and_hms_opt(23, 59, 59))
            .map(|moment| moment.and_utc().timestamp()),
        include_closed: false,
        // A query that names an occupation also finds its vacancies and
        // those of related occupations, after the word matches.
        read_occupation: true,
        sort,
        limit: paging.limit(),
        offset: paging.offset(),
    })
}

/// Runs a search off the async threads and reads the vacancies found, in
/// the order found (one batched read).
pub async fn run(
    state: &AppState,
    params: &SearchParams,
) -> Result<(SearchResults, Vec<VacancyRecord>), ApiError> {
    let query = query(state, params)?;
    let results = run_search(state, move |search| search.vacancies.search(&query)).await?;
    let ids: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
    let mut found = state.store.get_vacancies(&ids).await?;
    let mut records = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(position) = found.iter().position(|record| record.id == id) {
            records.push(found.swap_remove(position));
        }
    }
    Ok((results, records))
}
