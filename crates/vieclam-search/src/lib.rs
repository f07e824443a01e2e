//! Job search over vacancies, with Vietnamese done right.
//!
//! Every text is indexed twice, in two fields: once as its exact key (NFC,
//! lower case, one tone-mark placement — `vieclam_text::exact_key`) and
//! once folded (no diacritics, đ → d — `vieclam_text::fold`). A query must
//! match every one of its words in the folded fields, so "ke toan" finds
//! "Kế toán"; when the user typed diacritics, matches in the exact fields
//! score higher, so "bán hàng" ranks "Nhân viên bán hàng" above "bạn hàng".
//!
//! The engine is a synchronous library over tantivy; it knows nothing of
//! HTTP or of the store. Callers feed it [`VacancyDoc`]s (on start, and on
//! every change) and ask it [`VacancyQuery`]s.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, NumericOptions, Schema, FAST, STORED, STRING};
use tantivy::{doc, DocAddress, Order, Searcher, TantivyDocument, Term};

/// What the engine indexes of a vacancy.
#[derive(Clone, Debug, PartialEq)]
pub struct VacancyDoc {
    pub id: i64,
    pub title: String,
    pub occupation_code: Option<String>,
    pub occupation_name: Option<String>,
    pub skills: Vec<String>,
    pub employer_name: String,
    pub description: Option<String>,
    /// Every unit the vacancy lies in, as `structure:code` — its commune and
    /// province in both structures (old units through the crosswalk).
    pub units: Vec<String>,
    /// The commune shown in facets (`structure:code`).
    pub commune: String,
    pub wage_min: Option<i64>,
    pub wage_max: Option<i64>,
    pub qualification: Option<String>,
    pub contract_type: Option<String>,
    pub disability_friendly: bool,
    pub abroad: bool,
    pub open: bool,
    pub headcount: u64,
    /// Seconds since the epoch.
    pub posted_at: i64,
}

/// How to order results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Relevance,
    Newest,
    Wage,
}

/// A search.
#[derive(Clone, Debug, Default)]
pub struct VacancyQuery {
    pub text: String,
    /// Only vacancies in this unit (`structure:code`) or below it.
    pub unit: Option<String>,
    /// A 1–4 digit occupation code: the unit group or any group above it.
    pub occupation: Option<String>,
    /// Only vacancies whose wage reaches at least this much.
    pub wage_min: Option<i64>,
    pub qualification: Option<String>,
    pub contract_type: Option<String>,
    pub disability_friendly: Option<bool>,
    pub abroad: Option<bool>,
    /// Seconds since the epoch.
    pub posted_after: Option<i64>,
    /// Include vacancies that are not open (officers).
    pub include_closed: bool,
    /// Also read the text as an occupation ([`occupations::read`]): when
    /// the classifier names an occupation with confidence (at most three
    /// unit groups), the vacancies of those groups and of related groups
    /// match too, ranked after every
    /// vacancy that matches the words, and are counted in the total, the
    /// headcount and the facets. Off, the words alone match. A quoted
    /// phrase and an empty query are never read this way.
    pub read_occupation: bool,
    pub sort: SortOrder,
    pub limit: usize,
    pub offset: usize,
}

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: i64,
    pub score: f32,
}

/// A count by one value of a facet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// The answer to a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    pub total: u64,
    /// The sum of the headcount of every match.
    pub total_headcount: u64,
    pub hits: Vec<SearchHit>,
    pub by_commune: Vec<FacetCount>,
    /// By ISCO sub-major group (two digits).
    pub by_occupation_group: Vec<FacetCount>,
    pub by_qualification: Vec<FacetCount>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search facet error: {0}")]
    Facets(String),
    #[error("the search index is not in place yet")]
    NotReady,
}

/// The deepest hit a search pages to: offset + limit never passes it.
/// Callers answer a deeper request as a bad request; the engine clamps too,
/// so no request sizes a buffer from an unbounded number.
pub const MAX_RESULT_WINDOW: usize = 10_000;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    exact: Field,
    folded: Field,
    title_exact: Field,
    title_folded: Field,
    units: Field,
    commune: Field,
    occupation: Field,
    occupation_group: Field,
    qualification: Field,
    contract_type: Field,
    disability: Field,
    abroad: Field,
    open: Field,
    wage_min: Field,
    wage_max: Field,
    headcount: Field,
    posted_at: Field,
}

/// The vacancy index, in memory.
pub struct VacancyIndex {
    handle: Handle,
    fields: Fields,
}

impl std::fmt::Debug for VacancyIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("VacancyIndex")
    }
}

impl VacancyIndex {
    /// An empty index.
    pub fn new() -> Result<VacancyIndex, SearchError> {
        VacancyIndex::with_merges(false)
    }

    /// An empty index for a bulk load: it merges nothing until
    /// [`VacancyIndex::compact`], which merges once and then lets it merge as
    /// usual. A server builds a new index this way beside the live one.
    pub fn for_bulk_load() -> Result<VacancyIndex, SearchError> {
        VacancyIndex::with_merges(true)
    }

    fn with_merges(bulk_load: bool) -> Result<VacancyIndex, SearchError> {
        let mut builder = Schema::builder();
        let fields = Fields {
            id: builder.add_i64_field(
                "id",
                NumericOptions::default()
                    .set_indexed()
                    .set_fast()
                    .set_stored(),
            ),
            exact: builder.add_text_field("exact", text_options()),
            folded: builder.add_text_field("folded", text_options()),
            title_exact: builder.add_text_field(TITLE_EXACT, title_options()),
            title_folded: builder.add_text_field(TITLE_FOLDED, title_options()),
            units: builder.add_text_field("units", STRING),
            commune: builder.add_text_field("commune", STRING | FAST),
            occupation: builder.add_text_field("occupation", STRING),
            occupation_group: builder.add_text_field("occupation_group", STRING | FAST),
            qualification: builder.add_text_field("qualification", STRING | FAST),
            contract_type: builder.add_text_field("contract_type", STRING),
            disability: builder
                .add_u64_field("disability", NumericOptions::default().set_indexed()),
            abroad: builder.add_u64_field("abroad", NumericOptions::default().set_indexed()),
            open: builder.add_u64_field("open", NumericOptions::default().set_indexed()),
            wage_min: builder.add_i64_field("wage_min", FAST),
            wage_max: builder.add_i64_field(
                "wage_max",
                NumericOptions::default().set_indexed().set_fast(),
            ),
            headcount: builder.add_u64_field("headcount", FAST),
            posted_at: builder.add_i64_field(
                "posted_at",
                NumericOptions::default().set_indexed().set_fast() | STORED,
            ),
        };
        Ok(VacancyIndex {
            handle: Handle::new(builder.build(), fields.id, bulk_load)?,
            fields,
        })
    }

    fn document(&self, vacancy: &VacancyDoc) -> TantivyDocument {
        let f = self.fields;
        let mut document = doc!(
            f.id => vacancy.id,
            f.commune => vacancy.commune.clone(),
            f.disability => u64::from(vacancy.disability_friendly),
            f.abroad => u64::from(vacancy.abroad),
            f.open => u64::from(vacancy.open),
            f.wage_min => vacancy.wage_min.unwrap_or(0),
            // An open-ended wage counts as reaching any minimum asked.
            f.wage_max => vacancy.wage_max.or(vacancy.wage_min).unwrap_or(i64::MAX),
            f.headcount => vacancy.headcount,
            f.posted_at => vacancy.posted_at,
        );
        let mut others: Vec<&str> = vec![vacancy.employer_name.as_str()];
        others.extend(vacancy.occupation_name.as_deref());
        others.extend(vacancy.skills.iter().map(String::as_str));
        others.extend(vacancy.description.as_deref());
        add_texts(&mut document, self.text_fields(), &vacancy.title, &others);
        for unit in &vacancy.units {
            document.add_text(f.units, unit);
        }
        if let Some(code) = &vacancy.occupation_code {
            for length in 1..=code.len().min(4) {
                document.add_text(f.occupation, &code[..length]);
            }
            if code.len() >= 2 {
                document.add_text(f.occupation_group, &code[..2]);
            }
        }
        document.add_text(
            f.qualification,
            vacancy.qualification.as_deref().unwrap_or("any"),
        );
        if let Some(contract) = &vacancy.contract_type {
            document.add_text(f.contract_type, contract);
        }
        document
    }

    /// Adds or replaces vacancies and makes them searchable.
    pub fn upsert(&self, vacancies: &[VacancyDoc]) -> Result<(), SearchError> {
        self.handle
            .upsert(vacancies.iter().map(|v| (v.id, self.document(v))))
    }

    /// Removes vacancies.
    pub fn remove(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.handle.remove(ids)
    }

    /// Empties the index (before a rebuild from the store).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.handle.clear()
    }

    /// Number of vacancies indexed.
    pub fn len(&self) -> u64 {
        self.handle.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn text_fields(&self) -> TextFields {
        TextFields {
            exact: self.fields.exact,
            folded: self.fields.folded,
            title_exact: self.fields.title_exact,
            title_folded: self.fields.title_folded,
        }
    }

    /// The query: with `scoring`, for ranking; without, the same matches
    /// for counting.
    fn query(&self, searcher: &Searcher, query: &VacancyQuery, scoring: bool) -> Box<dyn Query> {
        let text = text_query(self.text_fields(), &query.text, scoring);
        self.with_filters(searcher, query, text)
    }

    /// Every match, for counting: the words' matches and, when the query
    /// names an occupation, the vacancies of it and of related groups.
    fn match_query(
        &self,
        searcher: &Searcher,
        query: &VacancyQuery,
        occupation: Option<&QueryOccupation>,
    ) -> Box<dyn Query> {
        let text = text_query(self.text_fields(), &query.text, false);
        let text = match (text, occupation) {
            (Some(words), Some(occupation)) => Some(Box::new(BooleanQuery::new(vec![
                (Occur::Should, words),
                (Occur::Should, self.occupation_terms(occupation)),
            ])) as Box<dyn Query>),
            (text, _) => text,
        };
        self.with_filters(searcher, query, text)
    }

    /// The vacancies of a unit group the query names, scoring
    /// [`NAMED_OCCUPATION_SCORE`] and the classifier's confidence in it, or
    /// of a related one, scoring [`RELATED_OCCUPATION_SCORE`]. A vacancy
    /// has one unit group, so it scores once.
    fn occupation_terms(&self, occupation: &QueryOccupation) -> Box<dyn Query> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (code, confidence) in &occupation.named {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    term_query(f.occupation, code),
                    NAMED_OCCUPATION_SCORE + confidence,
                )),
            ));
        }
        for code in &occupation.related {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    term_query(f.occupation, code),
                    RELATED_OCCUPATION_SCORE,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The last tier of a query that names an occupation: the vacancies
    /// that match by occupation and not by the words. Scored by the
    /// occupation (named before related), then by the share of the
    /// query's words they hold, which stays under the gap between the two.
    fn occupation_tier(
        &self,
        searcher: &Searcher,
        query: &VacancyQuery,
        occupation: &QueryOccupation,
    ) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, self.occupation_terms(occupation))];
        if let Some(words) = text_query(self.text_fields(), &query.text, false) {
            clauses.push((Occur::MustNot, words));
        }
        let folded = folded_words(&query.text);
        let share = WORD_SHARE_SCORE / folded.len().max(1) as f32;
        for word in folded {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    term_query(self.fields.folded, &word),
                    share,
                )),
            ));
        }
        self.with_filters(searcher, query, Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// The first tier of a query typed with accents: every word must match
    /// with its accents. `None` when the query has no accents or quotes.
    fn exact_tier(&self, searcher: &Searcher, query: &VacancyQuery) -> Option<Box<dyn Query>> {
        let text = exact_conjunction(self.text_fields(), &query.text)?;
        Some(self.with_filters(searcher, query, Some(text)))
    }

    /// The text query narrowed by the filters asked. A filter term that
    /// every document holds (the open flag, the city of a city's own
    /// exchange) is left out: it would cost a pass over a posting list as
    /// long as the index and remove nothing.
    fn with_filters(
        &self,
        searcher: &Searcher,
        query: &VacancyQuery,
        text: Option<Box<dyn Query>>,
    ) -> Box<dyn Query> {
        let f = self.fields;
        let n_documents: u64 = searcher
            .segment_readers()
            .iter()
            .map(|segment| u64::from(segment.max_doc()))
            .sum();
        let holds_all = |term: &Term| {
            searcher
                .doc_freq(term)
                .is_ok_and(|n| n_documents > 0 && n >= n_documents)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match text {
            Some(text) => clauses.push((Occur::Must, text)),
            None => clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery))),
        }
        let filter = |clauses: &mut Vec<(Occur, Box<dyn Query>)>, q: Box<dyn Query>| {
            clauses.push((Occur::Must, Box::new(BoostQuery::new(q, 0.0))));
        };
        let open = Term::from_field_u64(f.open, 1);
        if !query.include_closed && !holds_all(&open) {
            filter(
                &mut clauses,
                Box::new(TermQuery::new(open, IndexRecordOption::Basic)),
            );
        }
        if let Some(unit) = &query.unit {
            if !holds_all(&Term::from_field_text(f.units, unit)) {
                filter(&mut clauses, term_query(f.units, unit));
            }
        }
        if let Some(occupation) = &query.occupation {
            filter(&mut clauses, term_query(f.occupation, occupation));
        }
        if let Some(qualification) = &query.qualification {
            filter(&mut clauses, term_query(f.qualification, qualification));
        }
        if let Some(contract) = &query.contract_type {
            filter(&mut clauses, term_query(f.contract_type, contract));
        }
        if let Some(disability) = query.disability_friendly {
            filter(
                &mut clauses,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.disability, u64::from(disability)),
                    IndexRecordOption::Basic,
                )),
            );
        }
        if let Some(abroad) = query.abroad {
            filter(
                &mut clauses,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.abroad, u64::from(abroad)),
                    IndexRecordOption::Basic,
                )),
            );
        }
        if let Some(wage) = query.wage_min {
            filter(
                &mut clauses,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_i64(f.wage_max, wage)),
                    std::ops::Bound::Unbounded,
                )),
            );
        }
        if let Some(after) = query.posted_after {
            filter(
                &mut clauses,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Excluded(Term::from_field_i64(f.posted_at, after)),
                    std::ops::Bound::Unbounded,
                )),
            );
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Runs a search: the page of hits, the total, the headcount and the
    /// facet counts over every match.
    pub fn search(&self, query: &VacancyQuery) -> Result<SearchResults, SearchError> {
        let searcher = self.handle.searcher();
        let occupation = if query.read_occupation {
            occupations::read(&query.text)
        } else {
            None
        };
        let match_query = self.match_query(&searcher, query, occupation.as_ref());
        let limit = query.limit.clamp(1, 200);
        let offset = query.offset.min(MAX_RESULT_WINDOW - limit);
        let tally = Tally {
            facets: FACETS,
            sum: Some("headcount"),
        };
        let page = |found: Vec<(f32, DocAddress)>| -> Vec<(f32, DocAddress)> {
            found.into_iter().skip(offset).take(limit).collect()
        };
        let wanted = offset + limit;
        let has_text = !vieclam_text::folded_words(&query.text).is_empty();
        // Each sort is one pass that ranks and counts every match (two when
        // the query names an occupation, whose matches are counted apart).
        let (addresses, counts): (Vec<(f32, DocAddress)>, Counts) = match query.sort {
            SortOrder::Relevance if !has_text => {
                let (found, counts) = searcher.search(
                    &match_query,
                    &(TopDocs::with_limit(wanted).order_by_score(), tally),
                )?;
                (page(found), counts)
            }
            SortOrder::Relevance => {
                let (mut ranked, counts) =
                    self.rank_words(&searcher, query, &match_query, wanted, occupation.is_some())?;
                // The vacancies found only by their occupation come after
                // every vacancy that matches the words: a tier of their
                // own, so no score of theirs can pass a word match.
                if let Some(occupation) = &occupation {
                    if ranked.len() < wanted {
                        let tier = self.occupation_tier(&searcher, query, occupation);
                        let window = TopDocs::with_limit(wanted - ranked.len());
                        ranked.extend(searcher.search(&tier, &window.order_by_score())?);
                    }
                }
                (page(ranked), counts)
            }
            SortOrder::Newest | SortOrder::Wage => {
                let field = if query.sort == SortOrder::Newest {
                    "posted_at"
                } else {
                    "wage_min"
                };
                let (found, counts) = searcher.search(
                    &match_query,
                    &(
                        TopDocs::with_limit(limit)
                            .and_offset(offset)
                            .order_by_fast_field::<i64>(field, Order::Desc),
                        tally,
                    ),
                )?;
                let found = found.into_iter().map(|(_, a)| (0.0, a)).collect();
                (found, counts)
            }
        };
        let hits = hits_of(&searcher, addresses)?;
        Ok(SearchResults {
            total: counts.matches,
            total_headcount: counts.sum,
            hits,
            by_commune: facet(&counts, 0, 200),
            by_occupation_group: facet(&counts, 1, 50),
            by_qualification: facet(&counts, 2, 10),
        })
    }

    /// The word matches of a query with words, best first, at least the
    /// `wanted` best of them, and the counts over `match_query` (every
    /// match). With `counted_apart`, the matches counted are more than the
    /// words' own, so they are counted in a pass of their own.
    fn rank_words(
        &self,
        searcher: &Searcher,
        query: &VacancyQuery,
        match_query: &dyn Query,
        wanted: usize,
        counted_apart: bool,
    ) -> Result<(Vec<(f32, DocAddress)>, Counts), SearchError> {
        let tally = Tally {
            facets: FACETS,
            sum: Some("headcount"),
        };
        let window = || TopDocs::with_limit(wanted.max(RERANK_WINDOW)).order_by_score();
        match self.exact_tier(searcher, query) {
            // Typed with accents: the matches with every accent as typed
            // come first, then the others.
            Some(exact_query) => {
                let counts = searcher.search(match_query, &tally)?;
                let first = searcher.search(&exact_query, &window())?;
                let mut ranked = rerank_window(searcher, &query.text, first)?;
                if ranked.len() < wanted {
                    let others = BooleanQuery::new(vec![
                        (Occur::Must, self.query(searcher, query, true)),
                        (Occur::MustNot, exact_query),
                    ]);
                    let rest = searcher.search(&others, &window())?;
                    ranked.extend(rerank_window(searcher, &query.text, rest)?);
                }
                Ok((ranked, counts))
            }
            None if counted_apart => {
                let counts = searcher.search(match_query, &tally)?;
                let found = searcher.search(&self.query(searcher, query, true), &window())?;
                Ok((rerank_window(searcher, &query.text, found)?, counts))
            }
            None => {
                let (found, counts) =
                    searcher.search(&self.query(searcher, query, true), &(window(), tally))?;
                Ok((rerank_window(searcher, &query.text, found)?, counts))
            }
        }
    }

    /// Merges every segment into one, for the fastest searches after a
    /// bulk load (a rebuild on start, a benchmark).
    pub fn compact(&self) -> Result<(), SearchError> {
        self.handle.compact()
    }

    /// Number of segments searched (one after [`VacancyIndex::compact`]).
    pub fn segments(&self) -> usize {
        self.handle.searcher().segment_readers().len()
    }
}

/// The ids of the documents found. An id column that cannot be read is an
/// error: a hit left out for it would shorten the page with no sign.
fn hits_of(
    searcher: &Searcher,
    addresses: Vec<(f32, DocAddress)>,
) -> Result<Vec<SearchHit>, SearchError> {
    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let segment = searcher.segment_reader(address.segment_ord);
        if let Some(id) = segment.fast_fields().i64("id")?.first(address.doc_id) {
            hits.push(SearchHit { id, score });
        }
    }
    Ok(hits)
}

/// The score of a vacancy found only because it is of a unit group the
/// query names (plus the classifier's confidence in it), and of one of a
/// related group: the words play no part in why it was found. Used within
/// the occupation tier only, whose order is its own.
const NAMED_OCCUPATION_SCORE: f32 = 1.0;
const RELATED_OCCUPATION_SCORE: f32 = 0.5;
/// What the query's words add, all of them together, to an occupation
/// match that holds some of them: no more than the gap between a named and
/// a related occupation, so a named one comes first.
const WORD_SHARE_SCORE: f32 = 0.5;

/// The facets counted by every vacancy search, in this order.
const FACETS: &[&str] = &["commune", "occupation_group", "qualification"];

fn facet(counts: &Counts, index: usize, size: usize) -> Vec<FacetCount> {
    counts
        .buckets(index, size)
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect()
}

pub mod evaluation;
mod handle;
pub mod occupations;
mod suggest;
mod tally;
mod text;
mod workers;

pub use workers::{WorkerDoc, WorkerIndex, WorkerQuery, WorkerResults, WorkerScope};

use handle::Handle;
use occupations::QueryOccupation;
use tally::{Counts, Tally};
use text::{
    add_texts, exact_conjunction, folded_words, rerank_window, term_query, text_options,
    text_query, title_options, TextFields, RERANK_WINDOW, TITLE_EXACT, TITLE_FOLDED,
};

pub use suggest::{Suggestion, SuggestionKind, Suggestions};

#[cfg(test)]
mod tests;
