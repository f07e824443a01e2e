//! Search over workers, for officers: the same Vietnamese text handling as
//! vacancies, always inside the caller's area. The area is applied inside
//! the engine, so the total and every facet count only the workers the
//! caller may see.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermSetQuery};
use tantivy::schema::{NumericOptions, Schema, FAST, STRING};
use tantivy::{doc, DocAddress, Order, Term};

use crate::handle::Handle;
use crate::tally::{Counts, Tally};
use crate::text::{
    add_texts, rerank_window, term_query, text_options, text_query, title_options, TextFields,
    RERANK_WINDOW, TITLE_EXACT, TITLE_FOLDED,
};
use crate::{facet, FacetCount, SearchError, SearchHit};

/// What the engine indexes of a worker.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerDoc {
    pub id: i64,
    pub name: String,
    /// Names of the occupations wanted, held now and held before.
    pub occupation_names: Vec<String>,
    /// Their codes (four digits).
    pub occupation_codes: Vec<String>,
    /// The ISCO sub-major group shown in facets: of the occupation wanted,
    /// else the one held.
    pub occupation_group: Option<String>,
    pub skills: Vec<String>,
    /// The field of the qualification and the certificates.
    pub other_texts: Vec<String>,
    /// The commune of residence now, as recorded (`structure:code`): the
    /// unit access is checked on.
    pub residence: String,
    /// The 2025 province of the record.
    pub province: String,
    /// Every unit the residence lies in, both structures.
    pub units: Vec<String>,
    /// The 2025 commune shown in facets.
    pub commune: String,
    pub status: String,
    pub qualification: String,
    pub priority_groups: Vec<String>,
    /// Seconds since the epoch.
    pub registered_at: i64,
}

/// The workers a caller may find.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerScope {
    All,
    /// One 2025 province, by code.
    Province(String),
    /// Workers residing in one of these communes (`structure:code`).
    Residences(Vec<String>),
    Nothing,
}

/// A search over workers.
#[derive(Clone, Debug)]
pub struct WorkerQuery {
    pub text: String,
    pub scope: WorkerScope,
    /// Only workers residing in this unit (`structure:code`) or below it.
    pub unit: Option<String>,
    /// A 1–4 digit occupation code wanted or held.
    pub occupation: Option<String>,
    pub qualification: Option<String>,
    pub status: Option<String>,
    pub priority_group: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// The answer to a worker search: ids and counts only; the caller loads
/// the records it may show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkerResults {
    pub total: u64,
    pub hits: Vec<SearchHit>,
    pub by_commune: Vec<FacetCount>,
    pub by_status: Vec<FacetCount>,
    pub by_qualification: Vec<FacetCount>,
    pub by_occupation_group: Vec<FacetCount>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: tantivy::schema::Field,
    text: TextFields,
    residence: tantivy::schema::Field,
    province: tantivy::schema::Field,
    units: tantivy::schema::Field,
    commune: tantivy::schema::Field,
    occupation: tantivy::schema::Field,
    occupation_group: tantivy::schema::Field,
    status: tantivy::schema::Field,
    qualification: tantivy::schema::Field,
    priority: tantivy::schema::Field,
    registered_at: tantivy::schema::Field,
}

/// The facets of a worker search, in this order.
const FACETS: &[&str] = &["commune", "status", "qualification", "occupation_group"];

/// The worker index, in memory.
pub struct WorkerIndex {
    handle: Handle,
    fields: Fields,
}

impl std::fmt::Debug for WorkerIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("WorkerIndex")
    }
}

impl WorkerIndex {
    pub fn new() -> Result<WorkerIndex, SearchError> {
        WorkerIndex::with_merges(false)
    }

    /// An empty index for a bulk load: it merges nothing until
    /// [`WorkerIndex::compact`], which merges once and then lets it merge as
    /// usual. A server builds a new index this way beside the live one.
    pub fn for_bulk_load() -> Result<WorkerIndex, SearchError> {
        WorkerIndex::with_merges(true)
    }

    fn with_merges(bulk_load: bool) -> Result<WorkerIndex, SearchError> {
        let mut builder = Schema::builder();
        let fields = Fields {
            id: builder.add_i64_field("id", NumericOptions::default().set_indexed().set_fast()),
            text: TextFields {
                exact: builder.add_text_field("exact", text_options()),
                folded: builder.add_text_field("folded", text_options()),
                title_exact: builder.add_text_field(TITLE_EXACT, title_options()),
                title_folded: builder.add_text_field(TITLE_FOLDED, title_options()),
            },
            residence: builder.add_text_field("residence", STRING),
            province: builder.add_text_field("province", STRING),
            units: builder.add_text_field("units", STRING),
            commune: builder.add_text_field("commune", STRING | FAST),
            occupation: builder.add_text_field("occupation", STRING),
            occupation_group: builder.add_text_field("occupation_group", STRING | FAST),
            status: builder.add_text_field("status", STRING | FAST),
            qualification: builder.add_text_field("qualification", STRING | FAST),
            priority: builder.add_text_field("priority", STRING),
            registered_at: builder.add_i64_field("registered_at", FAST),
        };
        Ok(WorkerIndex {
            handle: Handle::new(builder.build(), fields.id, bulk_load)?,
            fields,
        })
    }

    fn document(&self, worker: &WorkerDoc) -> tantivy::TantivyDocument {
        let f = self.fields;
        let mut document = doc!(
            f.id => worker.id,
            f.residence => worker.residence.clone(),
            f.province => worker.province.clone(),
            f.commune => worker.commune.clone(),
            f.status => worker.status.clone(),
            f.qualification => worker.qualification.clone(),
            f.occupation_group => worker.occupation_group.clone().unwrap_or_else(|| "none".to_owned()),
            f.registered_at => worker.registered_at,
        );
        // The name is the title: a search for a person's name ranks them
        // first; occupations, skills and certificates are the body.
        let mut others: Vec<&str> = Vec::new();
        others.extend(worker.occupation_names.iter().map(String::as_str));
        others.extend(worker.skills.iter().map(String::as_str));
        others.extend(worker.other_texts.iter().map(String::as_str));
        add_texts(&mut document, f.text, &worker.name, &others);
        for unit in &worker.units {
            document.add_text(f.units, unit);
        }
        for code in &worker.occupation_codes {
            for length in 1..=code.len().min(4) {
                document.add_text(f.occupation, &code[..length]);
            }
        }
        for group in &worker.priority_groups {
            document.add_text(f.priority, group);
        }
        document
    }

    /// Adds or replaces workers and makes them searchable.
    pub fn upsert(&self, workers: &[WorkerDoc]) -> Result<(), SearchError> {
        self.handle
            .upsert(workers.iter().map(|w| (w.id, self.document(w))))
    }

    /// Removes workers.
    pub fn remove(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.handle.remove(ids)
    }

    /// Empties the index (before a rebuild from the store).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.handle.clear()
    }

    /// Merges every segment into one (after a rebuild).
    pub fn compact(&self) -> Result<(), SearchError> {
        self.handle.compact()
    }

    pub fn len(&self) -> u64 {
        self.handle.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn query(&self, query: &WorkerQuery, scoring: bool) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match text_query(f.text, &query.text, scoring) {
            Some(text) => clauses.push((Occur::Must, text)),
            None => clauses.push((Occur::Must, Box::new(AllQuery))),
        }
        let mut filter = |q: Box<dyn Query>| {
            clauses.push((Occur::Must, Box::new(BoostQuery::new(q, 0.0))));
        };
        match &query.scope {
            WorkerScope::All => {}
            WorkerScope::Province(code) => filter(term_query(f.province, code)),
            WorkerScope::Residences(communes) if communes.is_empty() => return None,
            WorkerScope::Residences(communes) => filter(Box::new(TermSetQuery::new(
                communes
                    .iter()
                    .map(|commune| Term::from_field_text(f.residence, commune)),
            ))),
            WorkerScope::Nothing => return None,
        }
        if let Some(unit) = &query.unit {
            filter(term_query(f.units, unit));
        }
        if let Some(occupation) = &query.occupation {
            filter(term_query(f.occupation, occupation));
        }
        if let Some(qualification) = &query.qualification {
            filter(term_query(f.qualification, qualification));
        }
        if let Some(status) = &query.status {
            filter(term_query(f.status, status));
        }
        if let Some(group) = &query.priority_group {
            filter(term_query(f.priority, group));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Runs a search: a page of ids, the total and the facets, all within
    /// the scope.
    pub fn search(&self, query: &WorkerQuery) -> Result<WorkerResults, SearchError> {
        let Some(match_query) = self.query(query, false) else {
            return Ok(WorkerResults {
                total: 0,
                hits: Vec::new(),
                by_commune: Vec::new(),
                by_status: Vec::new(),
                by_qualification: Vec::new(),
                by_occupation_group: Vec::new(),
            });
        };
        let searcher = self.handle.searcher();
        let limit = query.limit.clamp(1, 200);
        let offset = query.offset.min(crate::MAX_RESULT_WINDOW - limit);
        let wanted = offset + limit;
        let tally = Tally {
            facets: FACETS,
            sum: None,
        };
        let counts: Counts = searcher.search(&match_query, &tally)?;
        let has_text = !vieclam_text::folded_words(&query.text).is_empty();
        let addresses: Vec<(f32, DocAddress)> = match self.query(query, true) {
            Some(rank_query) if has_text => {
                let found = searcher.search(
                    &rank_query,
                    &TopDocs::with_limit(wanted.max(RERANK_WINDOW)).order_by_score(),
                )?;
                rerank_window(&searcher, &query.text, found)?
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .collect()
            }
            _ => searcher
                .search(
                    &match_query,
                    &TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_fast_field::<i64>("registered_at", Order::Desc),
                )?
                .into_iter()
                .map(|(_, address)| (0.0, address))
                .collect(),
        };
        let hits = crate::hits_of(&searcher, addresses)?;
        Ok(WorkerResults {
            total: counts.matches,
            hits,
            by_commune: facet(&counts, 0, 200),
            by_status: facet(&counts, 1, 20),
            by_qualification: facet(&counts, 2, 10),
            by_occupation_group: facet(&counts, 3, 50),
        })
    }
}
