//! The matching side of the server: the open vacancies and the registered
//! workers in their matching form, built from the store when first asked
//! and built again after a change (each change drops the cached form; the
//! next request pays for the rebuild).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use vieclam_domain::registry::VacancyStatus;
use vieclam_domain::AdminUnits;
use vieclam_match::{Opening, OpeningIndex, Seeker, SeekerIndex, Weights};
use vieclam_store::{Area, Store, StoreError};

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
        *self.openings.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn forget_workers(&self) {
        *self.seekers.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Every open vacancy, in matching form.
    pub async fn openings(
        &self,
        store: &dyn Store,
        units: &AdminUnits,
    ) -> Result<Arc<OpeningIndex>, StoreError> {
        if let Some(index) = self
            .openings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(index);
        }
        let today = crate::vietnam_today();
        let mut openings = Vec::new();
        let mut after = 0;
        loop {
            let page = store.vacancies_after(after, PAGE).await?;
            openings.extend(
                page.iter()
                    .filter(|record| record.posting.status_on(today) == VacancyStatus::Open)
                    .map(|record| Opening::of(units, record.id, &record.posting)),
            );
            match page.last() {
                Some(last) if page.len() == PAGE as usize => after = last.id,
                _ => break,
            }
        }
        let index = Arc::new(OpeningIndex::new(openings));
        *self.openings.lock().unwrap_or_else(|p| p.into_inner()) = Some(index.clone());
        Ok(index)
    }

    /// Every registered worker, in matching form.
    pub async fn seekers(
        &self,
        store: &dyn Store,
        units: &AdminUnits,
    ) -> Result<Arc<Seekers>, StoreError> {
        if let Some(seekers) = self
            .seekers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(seekers);
        }
        let mut seekers = Vec::new();
        let mut homes = Vec::new();
        let mut after = 0;
        loop {
            let page = store.workers_after(after, PAGE).await?;
            for record in &page {
                seekers.push(Seeker::of(units, record.id, &record.profile, &record.state));
                homes.push((
                    record.state.residence.to_string(),
                    record.province_code.clone(),
                ));
            }
            match page.last() {
                Some(last) if page.len() == PAGE as usize => after = last.id,
                _ => break,
            }
        }
        let seekers = Arc::new(Seekers {
            index: SeekerIndex::new(seekers),
            homes,
        });
        *self.seekers.lock().unwrap_or_else(|p| p.into_inner()) = Some(seekers.clone());
        Ok(seekers)
    }
}
