//! The matching side of the server: the open vacancies and the registered
//! workers in their matching form, built from the store when first asked
//! and built again after a change (each change drops the cached form; the
//! next request pays for the rebuild).
//!
//! The conversion to matching form and the index build run on blocking
//! threads, a page at a time. A form built while a change dropped the
//! cache answers the request that built it but is not cached: the next
//! request builds one that holds the change.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use vieclam_domain::registry::VacancyStatus;
use vieclam_domain::AdminUnits;
use vieclam_match::{Opening, OpeningIndex, Seeker, SeekerIndex, Weights};
use vieclam_store::{Area, Store, StoreError};

use crate::blocking::run_unbounded;

/// The workers in matching form, with where each lives (for the area).
pub struct Seekers {
    pub index: SeekerIndex,
    /// By position in `index`: the residence (`structure:code`) and the
    /// 2025 province of each worker.
    pub homes: Vec<(String, String)>,
}

impl Seekers {
    /// Whether the seeker at `position` lives in `area`.
    pub fn admits(&self, area: &AreaSet, position: usize) -> bool {
        let Some((residence, province)) = self.homes.get(position) else {
            return false;
        };
        match area {
            AreaSet::All => true,
            AreaSet::Province(code) => province == code,
            AreaSet::Communes(communes) => communes.contains(residence),
            AreaSet::Nothing => false,
        }
    }
}

/// A store `Area` ready for membership tests.
pub enum AreaSet {
    All,
    Province(String),
    Communes(HashSet<String>),
    Nothing,
}

impl From<Area> for AreaSet {
    fn from(area: Area) -> AreaSet {
        match area {
            Area::All => AreaSet::All,
            Area::Province(code) => AreaSet::Province(code),
            Area::Units(units) => {
                AreaSet::Communes(units.iter().map(ToString::to_string).collect())
            }
            Area::Nothing => AreaSet::Nothing,
        }
    }
}

/// The cached matching forms and the weights in force.
#[derive(Default)]
pub struct MatchEngine {
    pub weights: Weights,
    openings: Mutex<Option<Arc<OpeningIndex>>>,
    seekers: Mutex<Option<Arc<Seekers>>>,
    /// How many times each cache was dropped: a build caches its result
    /// only if no drop happened while it read the store.
    vacancy_changes: AtomicU64,
    worker_changes: AtomicU64,
}

/// Why the matching forms could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A step on a blocking thread panicked.
    #[error("a blocking step failed: {0}")]
    Blocking(String),
}

impl From<MatchError> for crate::error::ApiError {
    fn from(error: MatchError) -> crate::error::ApiError {
        match error {
            MatchError::Store(error) => error.into(),
            MatchError::Blocking(message) => {
                tracing::error!(panic = %message, "matching forms not built");
                crate::error::ApiError::internal()
            }
        }
    }
}

impl std::fmt::Debug for MatchEngine {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("MatchEngine")
    }
}

const PAGE: u32 = 5000;

impl MatchEngine {
    /// An engine with the given weights (from configuration).
    pub fn with_weights(weights: Weights) -> MatchEngine {
        MatchEngine {
            weights,
            ..MatchEngine::default()
        }
    }

    pub fn forget_vacancies(&self) {
        let mut openings = self.openings.lock().unwrap_or_else(|p| p.into_inner());
        self.vacancy_changes.fetch_add(1, Ordering::SeqCst);
        *openings = None;
    }

    pub fn forget_workers(&self) {
        let mut seekers = self.seekers.lock().unwrap_or_else(|p| p.into_inner());
        self.worker_changes.fetch_add(1, Ordering::SeqCst);
        *seekers = None;
    }

    /// Every open vacancy, in matching form.
    pub async fn openings(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
    ) -> Result<Arc<OpeningIndex>, MatchError> {
        if let Some(index) = self
            .openings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(index);
        }
        let changes = self.vacancy_changes.load(Ordering::SeqCst);
        let today = crate::vietnam_today();
        let mut openings = Vec::new();
        let mut after = 0;
        loop {
            let page = store.vacancies_after(after, PAGE).await?;
            let next = match page.last() {
                Some(last) if page.len() == PAGE as usize => Some(last.id),
                _ => None,
            };
            let units = units.clone();
            openings = run_unbounded(move || {
                openings.extend(
                    page.iter()
                        .filter(|record| record.posting.status_on(today) == VacancyStatus::Open)
                        .map(|record| Opening::of(&units, record.id, &record.posting)),
                );
                openings
            })
            .await
            .map_err(MatchError::Blocking)?;
            match next {
                Some(last) => after = last,
                None => break,
            }
        }
        let index = Arc::new(
            run_unbounded(move || OpeningIndex::new(openings))
                .await
                .map_err(MatchError::Blocking)?,
        );
        let mut cached = self.openings.lock().unwrap_or_else(|p| p.into_inner());
        if self.vacancy_changes.load(Ordering::SeqCst) == changes {
            *cached = Some(index.clone());
        }
        Ok(index)
    }

    /// Every registered worker, in matching form.
    pub async fn seekers(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
    ) -> Result<Arc<Seekers>, MatchError> {
        if let Some(seekers) = self
            .seekers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(seekers);
        }
        let changes = self.worker_changes.load(Ordering::SeqCst);
        let mut seekers = Vec::new();
        let mut homes = Vec::new();
        let mut after = 0;
        loop {
            let page = store.workers_after(after, PAGE).await?;
            let next = match page.last() {
                Some(last) if page.len() == PAGE as usize => Some(last.id),
                _ => None,
            };
            let units = units.clone();
            (seekers, homes) = run_unbounded(move || {
                for record in &page {
                    seekers.push(Seeker::of(
                        &units,
                        record.id,
                        &record.profile,
                        &record.state,
                    ));
                    homes.push((
                        record.state.residence.to_string(),
                        record.province_code.clone(),
                    ));
                }
                (seekers, homes)
            })
            .await
            .map_err(MatchError::Blocking)?;
            match next {
                Some(last) => after = last,
                None => break,
            }
        }
        let seekers = Arc::new(
            run_unbounded(move || Seekers {
                index: SeekerIndex::new(seekers),
                homes,
            })
            .await
            .map_err(MatchError::Blocking)?,
        );
        let mut cached = self.seekers.lock().unwrap_or_else(|p| p.into_inner());
        if self.worker_changes.load(Ordering::SeqCst) == changes {
            *cached = Some(seekers.clone());
        }
        Ok(seekers)
    }
}
