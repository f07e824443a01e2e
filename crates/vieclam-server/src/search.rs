//! The search engine's side of the server: building the vacancy and worker
//! indexes from the store, keeping them in step with every change, and the
//! typeahead entries.
//!
//! Each index is a [`Live`] copy: a rebuild (after an import, on a new day)
//! builds a new index beside the one answering and swaps it in, one rebuild
//! at a time, as a task no request can cancel. Every commit, merge and
//! document conversion runs on a blocking thread.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use vieclam_domain::registry::{occupations, VacancyPosting, VacancyStatus};
use vieclam_domain::{AdminUnits, UnitKey, UnitStructure};
use vieclam_search::{
    SearchError, SearchResults, SuggestionKind, Suggestions, VacancyDoc, VacancyIndex,
    VacancyQuery, WorkerDoc, WorkerIndex, WorkerQuery, WorkerResults,
};
use vieclam_store::{Area, Page, Store, StoreError, VacancyRecord, WorkerRecord};

use crate::blocking::run_unbounded;
use crate::live::{BoxFuture, Generation, Live, Rebuilt, Source, Ticket};

const SKILLS_CSV: &str = include_str!("../../../data/occupations/skills-vi.csv");
const TITLES_CSV: &str = include_str!("../../../data/occupations/titles-vi.csv");

/// How long a request that changed many records (an import) waits for the
/// rebuild it asked for before answering anyway; the rebuild goes on.
pub const REBUILD_WAIT: Duration = Duration::from_secs(20);

/// Records read from the store per page when an index is built.
const PAGE: u32 = 5000;

/// An index that answers while a new one is built beside it.
pub struct LiveIndex<I> {
    live: Arc<Live<I>>,
}

impl<I: Send + Sync + 'static> LiveIndex<I> {
    fn new(name: &'static str, index: I) -> LiveIndex<I> {
        LiveIndex {
            live: Arc::new(Live::with(name, index)),
        }
    }

    /// The index in force now (a search holds it to the end, whatever is
    /// swapped in meanwhile).
    pub fn snapshot(&self) -> Result<Arc<Generation<I>>, SearchError> {
        self.live.snapshot().ok_or(SearchError::NotReady)
    }

    /// The rebuild machinery (tests hold a rebuild through it).
    pub fn live(&self) -> &Arc<Live<I>> {
        &self.live
    }
}

impl LiveIndex<VacancyIndex> {
    /// Searches the index in force. Blocks: call it from a blocking thread.
    pub fn search(&self, query: &VacancyQuery) -> Result<SearchResults, SearchError> {
        self.snapshot()?.value.search(query)
    }

    pub fn len(&self) -> u64 {
        self.snapshot().map_or(0, |index| index.value.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl LiveIndex<WorkerIndex> {
    /// Searches the index in force. Blocks: call it from a blocking thread.
    pub fn search(&self, query: &WorkerQuery) -> Result<WorkerResults, SearchError> {
        self.snapshot()?.value.search(query)
    }

    pub fn len(&self) -> u64 {
        self.snapshot().map_or(0, |index| index.value.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The vacancy and worker indexes and the typeahead, shared by every
/// request.
pub struct SearchEngine {
    pub vacancies: LiveIndex<VacancyIndex>,
    /// Workers, for officers; searched only within the caller's area.
    pub workers: LiveIndex<WorkerIndex>,
    pub suggestions: Arc<RwLock<Suggestions>>,
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
    /// A step on a blocking thread panicked.
    #[error("a blocking step failed: {0}")]
    Blocking(String),
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
            vacancies: LiveIndex::new("vacancy index", VacancyIndex::new()?),
            workers: LiveIndex::new("worker index", WorkerIndex::new()?),
            suggestions: Arc::new(RwLock::new(suggestions)),
        })
    }

    /// Builds the vacancy index and the employer typeahead from the store
    /// and puts it in force at once (on start, and on the command line).
    pub async fn rebuild(
        &self,
        store: Arc<dyn Store>,
        units: Arc<AdminUnits>,
    ) -> Result<u64, IndexError> {
        let (index, n_indexed) = build_vacancies(store, units, self.suggestions.clone()).await?;
        self.vacancies.live.install(index);
        Ok(n_indexed)
    }

    /// Asks for a new vacancy index built beside the one in force; returns
    /// the rebuild to wait for.
    pub fn request_vacancy_rebuild(&self, store: Arc<dyn Store>, units: Arc<AdminUnits>) -> u64 {
        self.vacancies.live.request_rebuild(Arc::new(VacancySource {
            store,
            units,
            suggestions: self.suggestions.clone(),
        }))
    }

    /// Asks for a new worker index built beside the one in force.
    pub fn request_worker_rebuild(&self, store: Arc<dyn Store>, units: Arc<AdminUnits>) -> u64 {
        self.workers
            .live
            .request_rebuild(Arc::new(WorkerSource { store, units }))
    }

    /// Re-indexes one vacancy after a change.
    pub async fn refresh_vacancy(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
        id: i64,
    ) -> Result<(), IndexError> {
        let ticket = self.vacancies.live.ticket(id);
        let record = read_vacancy(store, id).await?;
        let (live, units) = (self.vacancies.live.clone(), units.clone());
        run_unbounded(move || {
            let document = record.map(|(record, name)| vacancy_doc(&units, &record, &name));
            live.apply(ticket, id, |index| put_vacancy(index, id, document))
        })
        .await
        .map_err(IndexError::Blocking)?
        .unwrap_or(Ok(()))
    }

    /// Re-indexes one worker after a change (or removes them).
    pub async fn refresh_worker(
        &self,
        store: &dyn Store,
        units: &Arc<AdminUnits>,
        id: i64,
    ) -> Result<(), IndexError> {
        let ticket = self.workers.live.ticket(id);
        let record = store.get_worker(id).await?;
        let (live, units) = (self.workers.live.clone(), units.clone());
        run_unbounded(move || {
            let document = record.map(|record| worker_doc(&units, &record));
            live.apply(ticket, id, |index| put_worker(index, id, document))
        })
        .await
        .map_err(IndexError::Blocking)?
        .unwrap_or(Ok(()))
    }
}

/// A vacancy and its employer's name, or `None` when it is gone.
async fn read_vacancy(
    store: &dyn Store,
    id: i64,
) -> Result<Option<(VacancyRecord, String)>, StoreError> {
    let Some(record) = store.get_vacancy(id).await? else {
        return Ok(None);
    };
    let employer_name = store
        .get_employer(record.posting.employer_id)
        .await?
        .map(|employer| employer.profile.name)
        .unwrap_or_default();
    Ok(Some((record, employer_name)))
}

fn put_vacancy(
    index: &VacancyIndex,
    id: i64,
    document: Option<VacancyDoc>,
) -> Result<(), IndexError> {
    match document {
        Some(document) => index.upsert(&[document])?,
        None => index.remove(&[id])?,
    }
    Ok(())
}

fn put_worker(index: &WorkerIndex, id: i64, document: Option<WorkerDoc>) -> Result<(), IndexError> {
    match document {
        Some(document) => index.upsert(&[document])?,
        None => index.remove(&[id])?,
    }
    Ok(())
}

/// A new vacancy index from the store, built for a bulk load (the employer
/// names go into the typeahead on the way).
async fn build_vacancies(
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
    suggestions: Arc<RwLock<Suggestions>>,
) -> Result<(VacancyIndex, u64), IndexError> {
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
    let employer_names = Arc::new(employer_names);
    let mut index = run_unbounded(VacancyIndex::for_bulk_load)
        .await
        .map_err(IndexError::Blocking)??;
    // A search reads its query with the title classifier: build it now,
    // off the async threads, rather than in the first search.
    run_unbounded(vieclam_search::occupations::warm_up)
        .await
        .map_err(IndexError::Blocking)?;
    // The typeahead names employers with a vacancy open today: it is
    // public, and an employer with nothing open is nobody's search.
    let today = crate::vietnam_today();
    let mut hiring: std::collections::BTreeSet<i64> = std::collections::BTreeSet::new();
    let mut n_indexed = 0;
    let mut after = 0;
    loop {
        let page = store.vacancies_after(after, PAGE).await?;
        let next = match page.last() {
            Some(last) if page.len() == PAGE as usize => Some(last.id),
            _ => None,
        };
        hiring.extend(
            page.iter()
                .filter(|record| record.posting.status_on(today) == VacancyStatus::Open)
                .map(|record| record.posting.employer_id),
        );
        let (names, units) = (employer_names.clone(), units.clone());
        let (returned, n_documents) = run_unbounded(move || {
            let documents: Vec<VacancyDoc> = page
                .iter()
                .map(|record| {
                    let name = names
                        .get(&record.posting.employer_id)
                        .map_or("", String::as_str);
                    vacancy_doc(&units, record, name)
                })
                .collect();
            let indexed = index.upsert(&documents);
            (index, indexed.map(|()| documents.len() as u64))
        })
        .await
        .map_err(IndexError::Blocking)?;
        index = returned;
        n_indexed += n_documents?;
        match next {
            Some(last) => after = last,
            None => break,
        }
    }
    let index = run_unbounded(move || index.compact().map(|()| index))
        .await
        .map_err(IndexError::Blocking)??;
    let employers: Vec<(String, Option<String>)> = hiring
        .into_iter()
        .filter_map(|id| {
            employer_names
                .get(&id)
                .map(|name| (name.clone(), Some(id.to_string())))
        })
        .collect();
    run_unbounded(move || {
        suggestions
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .replace_kind(SuggestionKind::Employer, employers);
    })
    .await
    .map_err(IndexError::Blocking)?;
    Ok((index, n_indexed))
}

/// A new worker index from the store, in pages by id.
async fn build_workers(
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
) -> Result<(WorkerIndex, u64), IndexError> {
    let mut index = run_unbounded(WorkerIndex::for_bulk_load)
        .await
        .map_err(IndexError::Blocking)??;
    let mut n_indexed = 0;
    let mut after = 0;
    loop {
        let page = store.workers_after(after, PAGE).await?;
        let next = match page.last() {
            Some(last) if page.len() == PAGE as usize => Some(last.id),
            _ => None,
        };
        let units = units.clone();
        let (returned, n_documents) = run_unbounded(move || {
            let documents: Vec<WorkerDoc> = page
                .iter()
                .map(|record| worker_doc(&units, record))
                .collect();
            let indexed = index.upsert(&documents);
            (index, indexed.map(|()| documents.len() as u64))
        })
        .await
        .map_err(IndexError::Blocking)?;
        index = returned;
        n_indexed += n_documents?;
        match next {
            Some(last) => after = last,
            None => break,
        }
    }
    let index = run_unbounded(move || index.compact().map(|()| index))
        .await
        .map_err(IndexError::Blocking)??;
    Ok((index, n_indexed))
}

struct VacancySource {
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
    suggestions: Arc<RwLock<Suggestions>>,
}

impl Source<VacancyIndex> for VacancySource {
    fn build(&self) -> BoxFuture<Result<VacancyIndex, String>> {
        let (store, units, suggestions) = (
            self.store.clone(),
            self.units.clone(),
            self.suggestions.clone(),
        );
        Box::pin(async move {
            let (index, n_vacancies) = build_vacancies(store, units, suggestions)
                .await
                .map_err(|error| error.to_string())?;
            tracing::info!(n_vacancies, "vacancy index built");
            Ok(index)
        })
    }

    fn replay(
        &self,
        generation: Arc<Generation<VacancyIndex>>,
        ids: Vec<i64>,
        ticket: Ticket,
    ) -> BoxFuture<Result<(), String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let mut documents = Vec::with_capacity(ids.len());
            for id in ids {
                let record = read_vacancy(store.as_ref(), id)
                    .await
                    .map_err(|error| error.to_string())?;
                documents.push((id, record));
            }
            run_unbounded(move || {
                for (id, record) in documents {
                    let document = record.map(|(record, name)| vacancy_doc(&units, &record, &name));
                    if let Some(Err(error)) =
                        generation.apply(ticket, id, |index| put_vacancy(index, id, document))
                    {
                        return Err(error.to_string());
                    }
                }
                Ok(())
            })
            .await?
        })
    }
}

struct WorkerSource {
    store: Arc<dyn Store>,
    units: Arc<AdminUnits>,
}

impl Source<WorkerIndex> for WorkerSource {
    fn build(&self) -> BoxFuture<Result<WorkerIndex, String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let (index, n_workers) = build_workers(store, units)
                .await
                .map_err(|error| error.to_string())?;
            tracing::info!(n_workers, "worker index built");
            Ok(index)
        })
    }

    fn replay(
        &self,
        generation: Arc<Generation<WorkerIndex>>,
        ids: Vec<i64>,
        ticket: Ticket,
    ) -> BoxFuture<Result<(), String>> {
        let (store, units) = (self.store.clone(), self.units.clone());
        Box::pin(async move {
            let mut records = Vec::with_capacity(ids.len());
            for id in ids {
                let record = store
                    .get_worker(id)
                    .await
                    .map_err(|error| error.to_string())?;
                records.push((id, record));
            }
            run_unbounded(move || {
                for (id, record) in records {
                    let document = record.map(|record| worker_doc(&units, &record));
                    if let Some(Err(error)) =
                        generation.apply(ticket, id, |index| put_worker(index, id, document))
                    {
                        return Err(error.to_string());
                    }
                }
                Ok(())
            })
            .await?
        })
    }
}

/// Waits for a rebuild asked for by a request, up to [`REBUILD_WAIT`];
/// past that the request answers and the rebuild goes on by itself.
async fn wait_for<I: Send + Sync + 'static>(live: &Live<I>, target: u64, what: &'static str) {
    if live.wait_rebuilt(target, REBUILD_WAIT).await == Rebuilt::StillRunning {
        tracing::warn!(index = what, "rebuild still running; answering meanwhile");
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
    if let Err(error) = state
        .matching
        .follow_worker(&state.store, &state.units, id)
        .await
    {
        tracing::error!(error = %error, worker_id = id, "matching form not updated");
    }
    crate::plans::follow_worker(state, id).await;
    if let Err(error) = state
        .search
        .refresh_worker(state.store.as_ref(), &state.units, id)
        .await
    {
        tracing::error!(error = %error, worker_id = id, "worker index not updated");
    }
}

/// Rebuilds the worker index, the statistics and the workers' matching
/// forms beside the copies in force after a bulk change (an import), and
/// waits a while for them.
pub async fn follow_worker_import(state: &crate::AppState) {
    let matching = state
        .matching
        .request_seekers_rebuild(state.store.clone(), state.units.clone());
    let target = state
        .search
        .request_worker_rebuild(state.store.clone(), state.units.clone());
    tokio::join!(
        crate::plans::follow_import(state),
        wait_for(state.search.workers.live(), target, "workers"),
        wait_for(state.matching.live_seekers(), matching, "matching workers"),
    );
}

/// Brings the index in step with a vacancy that changed; a failure is
/// logged (the store already holds the change, and a restart rebuilds).
pub async fn follow_vacancy(state: &crate::AppState, id: i64) {
    if let Err(error) = state
        .matching
        .follow_vacancy(&state.store, &state.units, id)
        .await
    {
        tracing::error!(error = %error, vacancy_id = id, "matching form not updated");
    }
    if let Err(error) = state
        .search
        .refresh_vacancy(state.store.as_ref(), &state.units, id)
        .await
    {
        tracing::error!(error = %error, vacancy_id = id, "search index not updated");
    }
}

/// Rebuilds the vacancy index and the vacancies' matching forms beside the
/// copies in force after a bulk change (an import, a new day), and waits a
/// while for them.
pub async fn follow_bulk_change(state: &crate::AppState) {
    let matching = state
        .matching
        .request_openings_rebuild(state.store.clone(), state.units.clone());
    let target = state
        .search
        .request_vacancy_rebuild(state.store.clone(), state.units.clone());
    tokio::join!(
        wait_for(state.search.vacancies.live(), target, "vacancies"),
        wait_for(
            state.matching.live_openings(),
            matching,
            "matching vacancies"
        ),
    );
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
