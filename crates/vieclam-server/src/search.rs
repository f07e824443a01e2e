//! The search engine's side of the server: building the vacancy and worker
//! indexes from the store on start, keeping them in step with every
//! change, and the typeahead entries.

use std::collections::{BTreeSet, HashMap};
use std::sync::RwLock;

use vieclam_domain::registry::{occupations, VacancyPosting, VacancyStatus};
use vieclam_domain::{AdminUnits, UnitKey, UnitStructure};
use vieclam_search::{
    SearchError, SuggestionKind, Suggestions, VacancyDoc, VacancyIndex, WorkerDoc, WorkerIndex,
};
use vieclam_store::{Area, Page, Store, StoreError, VacancyRecord, WorkerRecord};

const SKILLS_CSV: &str = include_str!("../../../data/occupations/skills-vi.csv");
const TITLES_CSV: &str = include_str!("../../../data/occupations/titles-vi.csv");

/// The vacancy and worker indexes and the typeahead, shared by every
/// request.
pub struct SearchEngine {
    pub vacancies: VacancyIndex,
    /// Workers, for officers; searched only within the caller's area.
    pub workers: WorkerIndex,
    pub suggestions: RwLock<Suggestions>,
}

impl std::fmt::Debug for SearchEngine {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SearchEngine")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{0}")]
    Search(#[from] SearchError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Every unit a place lies in, in both structures: the 2025 commune and
/// province, and the legacy communes, districts and provinces it came from.
pub fn unit_terms(units: &AdminUnits, place: &UnitKey) -> (Vec<String>, String) {
    let mut terms = BTreeSet::new();
    let current = match place.structure {
        UnitStructure::TwoTier2025 => units.get(place).ok().cloned(),
        UnitStructure::Legacy => units.roll_up_to_2025(place).ok().cloned(),
    };
    terms.insert(place.to_string());
    if let Ok(unit) = units.get(place) {
        for ancestor in units.ancestors(unit) {
            terms.insert(ancestor.key().to_string());
        }
    }
    let commune = current
        .as_ref()
        .map_or_else(|| place.to_string(), |unit| unit.key().to_string());
    if let Some(unit) = &current {
        terms.insert(unit.key().to_string());
        for ancestor in units.ancestors(unit) {
            terms.insert(ancestor.key().to_string());
        }
        for link in units.links_into_2025(unit) {
            let legacy = UnitKey {
                structure: UnitStructure::Legacy,
                code: link.legacy_code.clone(),
            };
            if let Ok(old) = units.get(&legacy) {
                terms.insert(old.key().to_string());
                for ancestor in units.ancestors(old) {
                    terms.insert(ancestor.key().to_string());
                }
            }
        }
    }
    (terms.into_iter().collect(), commune)
}

/// What the index keeps of a vacancy.
pub fn vacancy_doc(units: &AdminUnits, record: &VacancyRecord, employer_name: &str) -> VacancyDoc {
    let posting: &VacancyPosting = &record.posting;
    let (unit_terms, commune) = unit_terms(units, &posting.work_unit);
    let today = crate::vietnam_today();
    VacancyDoc {
        id: record.id,
        title: posting.title.clone(),
        occupation_code: posting.occupation.as_ref().map(|code| code.to_string()),
        occupation_name: posting
            .occupation
            .as_ref()
            .map(|code| code.name_vi().to_owned()),
        skills: posting.skills.clone(),
        employer_name: employer_name.to_owned(),
        description: posting.description.clone(),
        units: unit_terms,
        commune,
        wage_min: posting.wage.min_vnd,
        wage_max: posting.wage.max_vnd,
        qualification: posting.qualification.map(|q| q.as_str().to_owned()),
        contract_type: posting.contract_type.map(|c| c.as_str().to_owned()),
        disability_friendly: posting.disability_friendly,
        abroad: posting.abroad_country.is_some(),
        open: posting.status_on(today) == VacancyStatus::Open,
        headcount: u64::from(posting.headcount),
        posted_at: record.created_at.timestamp(),
    }
}

fn read_pairs(text: &str) -> Vec<(String, String)> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .flatten()
        .map(|record| (record[0].to_owned(), record[1].to_owned()))
        .collect()
}

impl SearchEngine {
    /// An empty engine with the typeahead of the classifications and units.
    pub fn new(units: &AdminUnits) -> Result<SearchEngine, SearchError> {
        let mut suggestions = Suggestions::default();
        for entry in occupations().at_level("unit") {
            suggestions.add(
                SuggestionKind::Occupation,
                &entry.name_vi,
                Some(entry.code.clone()),
            );
        }
        for (code, title) in read_pairs(TITLES_CSV) {
            suggestions.add(SuggestionKind::Occupation, &title, Some(code));
        }
        let mut skills = BTreeSet::new();
        for (_, skill) in read_pairs(SKILLS_CSV) {
            skills.insert(skill);
        }
        for skill in skills {
            suggestions.add(SuggestionKind::Skill, &skill, None);
        }
        for unit in units.all() {
            suggestions.add(
                SuggestionKind::Unit,
                &unit.name,
                Some(unit.key().to_string()),
            );
        }
        Ok(SearchEngine {
            vacancies: VacancyIndex::new()?,
            workers: WorkerIndex::new()?,
            suggestions: RwLock::new(suggestions),
        })
    }

    /// Rebuilds the vacancy index and the employer typeahead from the store.
    pub async fn rebuild(&self, store: &dyn Store, units: &AdminUnits) -> Result<u64, IndexError> {
        let mut employer_names: HashMap<i64, String> = HashMap::new();
        let mut offset = 0;
        loop {
            let page = store
                .list_employers(
                    &Area::All,
                    Page {
                        limit: 1000,
                        offset,
                    },
                )
                .await?;
            for employer in &page {
                employer_names.insert(employer.id, employer.profile.name.clone());
            }
            if page.len() < 1000 {
                break;
            }
            offset += 1000;
        }
        {
            let mut suggestions = self
                .suggestions
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for (id, name) in &employer_names {
                suggestions.add(SuggestionKind::Employer, name, Some(id.to_string()));
            }
        }
        self.vacancies.clear()?;
        let mut n_indexed = 0;
        let mut after = 0;
        loop {
            let page = store.vacancies_after(after, 5000).await?;
            let documents: Vec<VacancyDoc> = page
                .iter()
                .map(|record| {
                    let name = employer_names
                        .get(&record.posting.employer_id)
                        .map_or("", String::as_str);
                    vacancy_doc(units, record, name)
                })
                .collect();
            self.vacancies.upsert(&documents)?;
            n_indexed += documents.len() as u64;
            match page.last() {
                Some(last) if page.len() == 5000 => after = last.id,
                _ => break,
            }
        }
        self.vacancies.compact()?;
        Ok(n_indexed)
    }

    /// Re-indexes one vacancy after a change.
    pub async fn refresh_vacancy(
        &self,
        store: &dyn Store,
        units: &AdminUnits,
        id: i64,
    ) -> Result<(), IndexError> {
        match store.get_vacancy(id).await? {
            Some(record) => {
                let employer_name = store
                    .get_employer(record.posting.employer_id)
                    .await?
                    .map(|employer| employer.profile.name)
                    .unwrap_or_default();
                self.vacancies
                    .upsert(&[vacancy_doc(units, &record, &employer_name)])?;
            }
            None => self.vacancies.remove(&[id])?,
        }
        Ok(())
    }
}

impl SearchEngine {
    /// Rebuilds the worker index from the store, in pages by id.
    pub async fn rebuild_workers(
        &self,
        store: &dyn Store,
        units: &AdminUnits,
    ) -> Result<u64, IndexError> {
        self.workers.clear()?;
        let mut n_indexed = 0;
        let mut after = 0;
        loop {
            let page = store.workers_after(after, 5000).await?;
            let documents: Vec<WorkerDoc> = page
                .iter()
                .map(|record| worker_doc(units, record))
                .collect();
            self.workers.upsert(&documents)?;
            n_indexed += documents.len() as u64;
            match page.last() {
                Some(last) if page.len() == 5000 => after = last.id,
                _ => break,
            }
        }
        self.workers.compact()?;
        Ok(n_indexed)
    }

    /// Re-indexes one worker after a change (or removes them).
    pub async fn refresh_worker(
        &self,
        store: &dyn Store,
        units: &AdminUnits,
        id: i64,
    ) -> Result<(), IndexError> {
        match store.get_worker(id).await? {
            Some(record) => self.workers.upsert(&[worker_doc(units, &record)])?,
            None => self.workers.remove(&[id])?,
        }
        Ok(())
    }
}

/// What the index keeps of a worker: what an officer searches by, and the
/// residence the search is scoped on. Never the citizen ID, phone or
/// e-mail.
pub fn worker_doc(units: &AdminUnits, record: &WorkerRecord) -> WorkerDoc {
    let profile = &record.profile;
    let state = &record.state;
    let (unit_terms, commune) = unit_terms(units, &state.residence);
    let mut codes: Vec<&vieclam_domain::registry::OccupationCode> = Vec::new();
    codes.extend(profile.wanted_occupation.as_ref());
    codes.extend(state.occupation.as_ref());
    codes.extend(profile.occupations.iter().map(|held| &held.code));
    let mut occupation_codes: Vec<String> = codes.iter().map(|code| code.to_string()).collect();
    occupation_codes.dedup();
    let mut occupation_names: Vec<String> =
        codes.iter().map(|code| code.name_vi().to_owned()).collect();
    occupation_names.dedup();
    let mut other_texts: Vec<String> = profile.qualification_field.iter().cloned().collect();
    other_texts.extend(profile.certificates.iter().cloned());
    other_texts.extend(state.certificates.iter().cloned());
    WorkerDoc {
        id: record.id,
        name: profile.full_name.as_str().to_owned(),
        occupation_group: occupation_codes
            .first()
            .filter(|code| code.len() >= 2)
            .map(|code| code[..2].to_owned()),
        occupation_names,
        occupation_codes,
        skills: profile.skills.clone(),
        other_texts,
        residence: state.residence.to_string(),
        province: record.province_code.clone(),
        units: unit_terms,
        commune,
        status: state.status.as_str().to_owned(),
        qualification: profile.qualification.as_str().to_owned(),
        priority_groups: profile
            .priority_groups
            .iter()
            .map(|group| group.as_str().to_owned())
            .collect(),
        registered_at: record.created_at.timestamp(),
    }
}

/// Brings the index in step with a worker that changed; a failure is
/// logged (the store holds the change, and a restart rebuilds).
pub async fn follow_worker(state: &crate::AppState, id: i64) {
    state.matching.forget_workers();
    crate::plans::follow_worker(state, id).await;
    if let Err(error) = state
        .search
        .refresh_worker(state.store.as_ref(), &state.units, id)
        .await
    {
        tracing::error!(error = %error, worker_id = id, "worker index not updated");
    }
}

/// Rebuilds the worker index after a bulk change (an import).
pub async fn follow_worker_import(state: &crate::AppState) {
    state.matching.forget_workers();
    crate::plans::follow_import(state).await;
    if let Err(error) = state
        .search
        .rebuild_workers(state.store.as_ref(), &state.units)
        .await
    {
        tracing::error!(error = %error, "worker index not rebuilt");
    }
}

/// Brings the index in step with a vacancy that changed; a failure is
/// logged (the store already holds the change, and a restart rebuilds).
pub async fn follow_vacancy(state: &crate::AppState, id: i64) {
    state.matching.forget_vacancies();
    if let Err(error) = state
        .search
        .refresh_vacancy(state.store.as_ref(), &state.units, id)
        .await
    {
        tracing::error!(error = %error, vacancy_id = id, "search index not updated");
    }
}

/// Rebuilds the index after a bulk change (an import).
pub async fn follow_bulk_change(state: &crate::AppState) {
    state.matching.forget_vacancies();
    if let Err(error) = state
        .search
        .rebuild(state.store.as_ref(), &state.units)
        .await
    {
        tracing::error!(error = %error, "search index not rebuilt");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_terms_span_both_structures() {
        let units = AdminUnits::embedded().unwrap();
        let key = |text: &str| {
            UnitKey::parse(text, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
        };
        let (ba_dinh, commune) = unit_terms(&units, &key("2025:00004"));
        assert_eq!(commune, "2025:00004");
        assert!(ba_dinh.contains(&"2025:01".to_owned()));
        assert!(ba_dinh.contains(&"legacy:001".to_owned()));
        assert!(!ba_dinh.contains(&"legacy:281".to_owned()), "{ba_dinh:?}");
        let (hoa_xa, _) = unit_terms(&units, &key("2025:10417"));
        assert!(hoa_xa.contains(&"legacy:281".to_owned()), "{hoa_xa:?}");
    }
}
