//! The shapes the API shows that more than one resource answers with (a
//! vacancy, a facet count) and the helpers of searches, so that no route
//! module imports another.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vieclam_domain::registry::{VacancyPosting, VacancyStatus};
use vieclam_domain::UnitKey;
use vieclam_match::Reason;
use vieclam_search::{FacetCount, SearchError};
use vieclam_store::VacancyRecord;

use crate::error::ApiError;
use crate::search::SearchEngine;
use crate::{vietnam_today, AppState};

/// A vacancy as the API shows it; `status` is as of today (an open vacancy
/// past its deadline shows as expired).
#[derive(Serialize, ToSchema)]
pub struct VacancyView {
    pub id: i64,
    pub province_code: String,
    pub posting: VacancyPosting,
    pub status: VacancyStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<VacancyRecord> for VacancyView {
    fn from(record: VacancyRecord) -> VacancyView {
        VacancyView {
            status: record.posting.status_on(vietnam_today()),
            id: record.id,
            province_code: record.province_code,
            posting: record.posting,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

/// A vacancy by id, or 404 (whatever its status: the caller applies the
/// rule of who reads which).
pub async fn load_vacancy(state: &AppState, id: i64) -> Result<VacancyRecord, ApiError> {
    state
        .store
        .get_vacancy(id)
        .await?
        .ok_or_else(|| vacancy_not_found(id))
}

pub fn vacancy_not_found(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "vacancy_not_found",
        format!("Không có vị trí tuyển dụng #{id}"),
        format!("No vacancy #{id}"),
    )
}

#[derive(Serialize, ToSchema)]
pub struct FacetView {
    pub value: String,
    pub count: u64,
}

impl From<FacetCount> for FacetView {
    fn from(facet: FacetCount) -> FacetView {
        FacetView {
            value: facet.value,
            count: facet.count,
        }
    }
}

/// A unit filter as the index names units (`structure:code`): a code is
/// read in the structure of today, and must exist.
pub fn unit_filter(state: &AppState, text: Option<&str>) -> Result<Option<String>, ApiError> {
    text.map(|text| -> Result<String, ApiError> {
        let key = UnitKey::parse(text, vietnam_today())?;
        state.units.get(&key)?;
        Ok(key.to_string())
    })
    .transpose()
}

/// Runs a search off the async threads; an engine failure is logged and
/// answered as an internal error.
pub async fn run_search<T: Send + 'static>(
    state: &AppState,
    search: impl FnOnce(&SearchEngine) -> Result<T, SearchError> + Send + 'static,
) -> Result<T, ApiError> {
    let engine = state.search.clone();
    crate::blocking::run(state, move || search(&engine))
        .await?
        .map_err(|error| {
            tracing::error!(error = %error, "search failed");
            ApiError::internal()
        })
}

/// The bytes of an uploaded CSV or XLSX file: the whole request body of an
/// import, described as a binary string.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct SheetFile(pub Vec<u8>);

/// A reason, in both languages.
#[derive(Serialize, ToSchema)]
pub struct ReasonView {
    /// The part of the score it explains (occupation, skills, place, …).
    pub part: String,
    pub vi: String,
    pub en: String,
}

impl From<Reason> for ReasonView {
    fn from(reason: Reason) -> ReasonView {
        ReasonView {
            part: reason.part.to_owned(),
            vi: reason.vi,
            en: reason.en,
        }
    }
}
