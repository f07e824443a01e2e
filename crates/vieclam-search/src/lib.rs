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

use std::sync::Mutex;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

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
}

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
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl std::fmt::Debug for VacancyIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("VacancyIndex")
    }
}

/// Text fields: positions for phrases, frequencies for BM25.
fn text_options() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Abbreviations and informal words of job ads, folded, with what they
/// stand for: a query word that is one of these also matches its expansion.
const EXPANSIONS: &[(&str, &str)] = &[
    ("nv", "nhan vien"),
    ("cn", "cong nhan"),
    ("ktv", "ky thuat vien"),
    ("ks", "ky su"),
    ("gv", "giao vien"),
    ("kd", "kinh doanh"),
    ("cntt", "cong nghe thong tin"),
    ("it", "cong nghe thong tin"),
    ("lx", "lai xe"),
    ("hcns", "hanh chinh nhan su"),
    ("xkld", "xuat khau lao dong"),
    ("osin", "giup viec"),
    ("shipper", "giao hang"),
];

/// Words of a text in one of the two keys.
fn exact_words(text: &str) -> Vec<String> {
    let key = vieclam_text::exact_key(text);
    vieclam_text::words(&key).map(str::to_owned).collect()
}

fn folded_words(text: &str) -> Vec<String> {
    let key = vieclam_text::fold(text);
    vieclam_text::words(&key).map(str::to_owned).collect()
}

impl VacancyIndex {
    /// An empty index.
    pub fn new() -> Result<VacancyIndex, SearchError> {
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
            title_exact: builder.add_text_field("title_exact", text_options()),
            title_folded: builder.add_text_field("title_folded", text_options()),
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
        let index = Index::create_in_ram(builder.build());
        let writer = index.writer_with_num_threads(1, 64_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(VacancyIndex {
            reader,
            writer: Mutex::new(writer),
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
        document.add_text(f.title_exact, exact_words(&vacancy.title).join(" "));
        document.add_text(f.title_folded, folded_words(&vacancy.title).join(" "));
        let mut texts: Vec<&str> = vec![vacancy.title.as_str(), vacancy.employer_name.as_str()];
        texts.extend(vacancy.occupation_name.as_deref());
        texts.extend(vacancy.skills.iter().map(String::as_str));
        texts.extend(vacancy.description.as_deref());
        for text in texts {
            document.add_text(f.exact, exact_words(text).join(" "));
            document.add_text(f.folded, folded_words(text).join(" "));
        }
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
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for vacancy in vacancies {
            writer.delete_term(Term::from_field_i64(self.fields.id, vacancy.id));
            writer.add_document(self.document(vacancy))?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Removes vacancies.
    pub fn remove(&self, ids: &[i64]) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for id in ids {
            writer.delete_term(Term::from_field_i64(self.fields.id, *id));
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Empties the index (before a rebuild from the store).
    pub fn clear(&self) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        writer.delete_all_documents()?;
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Number of vacancies indexed.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn term_query(field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// The text part: every folded word must match; exact-accent words
    /// and the phrase, in the title especially, raise the score.
    fn text_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let folded = folded_words(text);
        if folded.is_empty() {
            return None;
        }
        let typed_accents = vieclam_text::has_diacritics(text);
        let exact = exact_words(text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &folded {
            let mut either: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, Self::term_query(f.folded, word)),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Self::term_query(f.title_folded, word), 1.5)),
                ),
            ];
            if let Some((_, expansion)) = EXPANSIONS.iter().find(|(short, _)| short == word) {
                let terms: Vec<Term> = expansion
                    .split(' ')
                    .map(|part| Term::from_field_text(f.folded, part))
                    .collect();
                either.push((Occur::Should, Box::new(PhraseQuery::new(terms))));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        if typed_accents {
            for word in &exact {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Self::term_query(f.exact, word), 2.0)),
                ));
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Self::term_query(f.title_exact, word), 3.0)),
                ));
            }
        }
        if folded.len() >= 2 {
            let terms: Vec<Term> = folded
                .iter()
                .map(|w| Term::from_field_text(f.title_folded, w))
                .collect();
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), 2.0)),
            ));
            if typed_accents && exact.len() >= 2 {
                let terms: Vec<Term> = exact
                    .iter()
                    .map(|w| Term::from_field_text(f.title_exact, w))
                    .collect();
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), 4.0)),
                ));
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn query(&self, query: &VacancyQuery) -> Box<dyn Query> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match self.text_query(&query.text) {
            Some(text) => clauses.push((Occur::Must, text)),
            None => clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery))),
        }
        let filter = |clauses: &mut Vec<(Occur, Box<dyn Query>)>, q: Box<dyn Query>| {
            clauses.push((Occur::Must, Box::new(BoostQuery::new(q, 0.0))));
        };
        if !query.include_closed {
            filter(
                &mut clauses,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.open, 1),
                    IndexRecordOption::Basic,
                )),
            );
        }
        if let Some(unit) = &query.unit {
            filter(&mut clauses, Self::term_query(f.units, unit));
        }
        if let Some(occupation) = &query.occupation {
            filter(&mut clauses, Self::term_query(f.occupation, occupation));
        }
        if let Some(qualification) = &query.qualification {
            filter(
                &mut clauses,
                Self::term_query(f.qualification, qualification),
            );
        }
        if let Some(contract) = &query.contract_type {
            filter(&mut clauses, Self::term_query(f.contract_type, contract));
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
        let searcher = self.reader.searcher();
        let tantivy_query = self.query(query);
        let limit = query.limit.clamp(1, 200);
        let top = TopDocs::with_limit(limit).and_offset(query.offset);
        let id_of = |address| -> Result<i64, SearchError> {
            let document: TantivyDocument = searcher.doc(address)?;
            Ok(document
                .get_first(self.fields.id)
                .and_then(|value| value.as_i64())
                .unwrap_or_default())
        };
        let hits: Vec<SearchHit> = match query.sort {
            SortOrder::Relevance => searcher
                .search(&tantivy_query, &top.order_by_score())?
                .into_iter()
                .map(|(score, address)| {
                    Ok(SearchHit {
                        id: id_of(address)?,
                        score,
                    })
                })
                .collect::<Result<_, SearchError>>()?,
            SortOrder::Newest => searcher
                .search(
                    &tantivy_query,
                    &top.order_by_fast_field::<i64>("posted_at", Order::Desc),
                )?
                .into_iter()
                .map(|(_, address)| {
                    Ok(SearchHit {
                        id: id_of(address)?,
                        score: 0.0,
                    })
                })
                .collect::<Result<_, SearchError>>()?,
            SortOrder::Wage => searcher
                .search(
                    &tantivy_query,
                    &top.order_by_fast_field::<i64>("wage_min", Order::Desc),
                )?
                .into_iter()
                .map(|(_, address)| {
                    Ok(SearchHit {
                        id: id_of(address)?,
                        score: 0.0,
                    })
                })
                .collect::<Result<_, SearchError>>()?,
        };
        let aggregations: Aggregations = serde_json::from_value(serde_json::json!({
            "by_commune": { "terms": { "field": "commune", "size": 200 } },
            "by_occupation_group": { "terms": { "field": "occupation_group", "size": 50 } },
            "by_qualification": { "terms": { "field": "qualification", "size": 10 } },
            "headcount": { "sum": { "field": "headcount" } },
        }))
        .map_err(|error| SearchError::Facets(error.to_string()))?;
        let collector = AggregationCollector::from_aggs(aggregations, Default::default());
        let (total, results): (usize, AggregationResults) =
            searcher.search(&tantivy_query, &(Count, collector))?;
        let results = serde_json::to_value(results)
            .map_err(|error| SearchError::Facets(error.to_string()))?;
        let buckets = |name: &str| -> Vec<FacetCount> {
            results[name]["buckets"]
                .as_array()
                .map(|buckets| {
                    buckets
                        .iter()
                        .map(|bucket| FacetCount {
                            value: bucket["key"].as_str().unwrap_or_default().to_owned(),
                            count: bucket["doc_count"].as_u64().unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(SearchResults {
            total: total as u64,
            total_headcount: results["headcount"]["value"].as_f64().unwrap_or(0.0) as u64,
            hits,
            by_commune: buckets("by_commune"),
            by_occupation_group: buckets("by_occupation_group"),
            by_qualification: buckets("by_qualification"),
        })
    }
}

pub mod evaluation;
mod suggest;

pub use suggest::{Suggestion, SuggestionKind, Suggestions};

#[cfg(test)]
mod tests;
