//! The text side of a query, shared by every index: each text is indexed
//! as its exact key and folded, in the body and (for the main name of a
//! record) in a title field; a query must match every folded word, and
//! exact accents, known compound words and the whole phrase raise the
//! score. A part of the query in double quotes must match as a phrase.

use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TextFieldIndexing, TextOptions};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::SearchError;

/// Text fields: positions for phrases, frequencies for BM25.
pub(crate) fn text_options() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// The text fields of an index: the body (every text, the title twice)
/// indexed in both keys, and the title in both keys as fast columns for
/// [`rerank`].
#[derive(Clone, Copy)]
pub(crate) struct TextFields {
    pub exact: Field,
    pub folded: Field,
    pub title_exact: Field,
    pub title_folded: Field,
}

/// Names of the title columns.
pub(crate) const TITLE_EXACT: &str = "title_exact";
pub(crate) const TITLE_FOLDED: &str = "title_folded";

/// The title columns: raw strings, fast, not indexed.
pub(crate) fn title_options() -> TextOptions {
    TextOptions::default().set_fast("raw")
}

/// How many of the best candidates [`rerank`] looks at: the order of the
/// first page comes from it; beyond it, the order is the index's.
pub(crate) const RERANK_WINDOW: usize = 100;

/// Abbreviations and informal words of job ads, folded, with what they
/// stand for: a query word that is one of these also matches its expansion.
pub(crate) const EXPANSIONS: &[(&str, &str)] = &[
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
pub(crate) fn exact_words(text: &str) -> Vec<String> {
    let key = vieclam_text::exact_key(text);
    vieclam_text::words(&key).map(str::to_owned).collect()
}

pub(crate) fn folded_words(text: &str) -> Vec<String> {
    let key = vieclam_text::fold(text);
    vieclam_text::words(&key).map(str::to_owned).collect()
}

/// Adds a record's texts: `title` also to the title fields.
pub(crate) fn add_texts(
    document: &mut TantivyDocument,
    fields: TextFields,
    title: &str,
    others: &[&str],
) {
    let title_exact = exact_words(title).join(" ");
    let title_folded = folded_words(title).join(" ");
    // The title goes into the body twice: its words weigh more there, at
    // no cost at query time.
    document.add_text(fields.exact, &title_exact);
    document.add_text(fields.folded, &title_folded);
    document.add_text(fields.title_exact, title_exact);
    document.add_text(fields.title_folded, title_folded);
    for text in std::iter::once(&title).chain(others) {
        document.add_text(fields.exact, exact_words(text).join(" "));
        document.add_text(fields.folded, folded_words(text).join(" "));
    }
}

pub(crate) fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn phrase(field: Field, words: &[String]) -> Box<dyn Query> {
    if let [word] = words {
        return term_query(field, word);
    }
    let terms: Vec<Term> = words
        .iter()
        .map(|word| Term::from_field_text(field, word))
        .collect();
    Box::new(PhraseQuery::new(terms))
}

fn boost(query: Box<dyn Query>, factor: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, factor))
}

/// The text part of a query, or `None` when it has no words. Every
/// folded word must match (and every quoted part as a phrase); with
/// `scoring`, words typed with their accents score higher where they match
/// exactly. Phrases and the title are left to [`rerank`], over the best
/// candidates only, so that a common word costs one posting list.
pub(crate) fn text_query(fields: TextFields, text: &str, scoring: bool) -> Option<Box<dyn Query>> {
    let f = fields;
    let (free, quoted) = split_quoted(text);
    let folded = folded_words(text);
    if folded.is_empty() {
        return None;
    }
    let typed_accents = vieclam_text::has_diacritics(text);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for part in &quoted {
        let words = folded_words(part);
        if words.is_empty() {
            continue;
        }
        clauses.push((Occur::Must, phrase(f.folded, &words)));
        if scoring && vieclam_text::has_diacritics(part) {
            clauses.push((
                Occur::Should,
                boost(phrase(f.exact, &exact_words(part)), 2.0),
            ));
        }
    }
    // Every word must match, folded; only an abbreviation opens a choice.
    // Scoring reads as few postings as it can: one term per word, the
    // exact-accent words, and phrases only over the short title fields.
    for word in folded_words(&free) {
        let term = term_query(f.folded, &word);
        match EXPANSIONS.iter().find(|(short, _)| *short == word) {
            Some((_, expansion)) => {
                let words: Vec<String> = expansion.split(' ').map(str::to_owned).collect();
                let either: Vec<(Occur, Box<dyn Query>)> = vec![
                    (Occur::Should, term),
                    (Occur::Should, phrase(f.folded, &words)),
                ];
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
            }
            None => clauses.push((Occur::Must, term)),
        }
    }
    if scoring && typed_accents {
        for word in exact_words(text) {
            clauses.push((Occur::Should, boost(term_query(f.exact, &word), 2.0)));
        }
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// Every word of a query typed with accents, as it was typed: the first
/// tier of its results. `None` without accents, or with quoted parts.
pub(crate) fn exact_conjunction(fields: TextFields, text: &str) -> Option<Box<dyn Query>> {
    if !vieclam_text::has_diacritics(text) || text.contains(['"', '“', '”']) {
        return None;
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = exact_words(text)
        .iter()
        .map(|word| (Occur::Must, term_query(fields.exact, word)))
        .collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

/// [`rerank`] over the first [`RERANK_WINDOW`] candidates; the rest keep
/// their order after them.
pub(crate) fn rerank_window(
    searcher: &Searcher,
    text: &str,
    mut found: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let rest = found.split_off(found.len().min(RERANK_WINDOW));
    let mut ranked = rerank(searcher, text, found)?;
    ranked.extend(rest);
    Ok(ranked)
}

/// Whether `needle` occurs as consecutive words of `haystack`.
fn contains_run(haystack: &[&str], needle: &[String]) -> bool {
    !needle.is_empty()
        && haystack.len() >= needle.len()
        && haystack
            .windows(needle.len())
            .any(|window| window.iter().zip(needle).all(|(a, b)| *a == b))
}

/// Re-orders the best candidates by how their title meets the query: the
/// query's words in the title, the whole query as a phrase in it (with the
/// accents typed, more), and the compound words it holds as phrases. Each
/// bonus is a share of the best candidate's score, so it weighs the same
/// whatever the size of the index. Sorted best first.
pub(crate) fn rerank(
    searcher: &Searcher,
    text: &str,
    mut candidates: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let folded = folded_words(text);
    if folded.is_empty() || candidates.is_empty() {
        return Ok(candidates);
    }
    let typed_accents = vieclam_text::has_diacritics(text);
    let exact = exact_words(text);
    let compounds: Vec<Vec<String>> = vieclam_text::compounds(&folded)
        .into_iter()
        .filter(|(start, end)| end - start < folded.len())
        .map(|(start, end)| folded[start..end].to_vec())
        .collect();
    let top = candidates
        .iter()
        .map(|(score, _)| *score)
        .fold(0.0, f32::max);
    let unit = if top > 0.0 { top } else { 1.0 };
    let n_words = folded.len() as f32;
    let mut title_folded = String::new();
    let mut title_exact = String::new();
    // The title columns of each segment, opened once. A column that
    // cannot be read is an error, not an empty title: the ranking would
    // change with no sign of why.
    let columns: Vec<(Option<StrColumn>, Option<StrColumn>)> = searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            let fast = segment.fast_fields();
            Ok((fast.str(TITLE_FOLDED)?, fast.str(TITLE_EXACT)?))
        })
        .collect::<Result<_, tantivy::TantivyError>>()?;
    let read = |column: &Option<StrColumn>, doc: u32, into: &mut String| {
        into.clear();
        if let Some(column) = column {
            if let Some(ord) = column.ords().first(doc) {
                column
                    .ord_to_str(ord, into)
                    .map_err(tantivy::TantivyError::from)?;
            }
        }
        Ok::<(), SearchError>(())
    };
    for (score, address) in &mut candidates {
        let Some((folded_column, exact_column)) = columns.get(address.segment_ord as usize) else {
            continue;
        };
        read(folded_column, address.doc_id, &mut title_folded)?;
        read(exact_column, address.doc_id, &mut title_exact)?;
        let title: Vec<&str> = title_folded.split(' ').collect();
        let title_exact_words: Vec<&str> = title_exact.split(' ').collect();
        let mut bonus = 0.0;
        let in_title = folded
            .iter()
            .filter(|w| title.contains(&w.as_str()))
            .count();
        bonus += 0.15 * in_title as f32 / n_words;
        if folded.len() >= 2 && contains_run(&title, &folded) {
            bonus += 0.2;
        }
        if !compounds.is_empty() {
            let found = compounds.iter().filter(|c| contains_run(&title, c)).count();
            bonus += 0.1 * found as f32 / compounds.len() as f32;
        }
        if typed_accents {
            let exact_in_title = exact
                .iter()
                .filter(|w| title_exact_words.contains(&w.as_str()))
                .count();
            bonus += 0.3 * exact_in_title as f32 / exact.len().max(1) as f32;
            if exact.len() >= 2 && contains_run(&title_exact_words, &exact) {
                bonus += 0.4;
            }
        }
        *score += bonus * unit;
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(candidates)
}

/// The query outside double quotes, and each part inside them.
fn split_quoted(text: &str) -> (String, Vec<String>) {
    let mut free = String::new();
    let mut quoted = Vec::new();
    for (index, part) in text.split(['"', '“', '”']).enumerate() {
        if index % 2 == 1 {
            quoted.push(part.to_owned());
        } else {
            free.push_str(part);
            free.push(' ');
        }
    }
    (free, quoted)
}

#[cfg(test)]
mod tests {
    use super::split_quoted;

    #[test]
    fn quoted_parts_are_split_out() {
        let (free, quoted) = split_quoted("tuyển \"kế toán\" hà nội");
        assert_eq!(quoted, vec!["kế toán".to_owned()]);
        assert_eq!(
            free.split_whitespace().collect::<Vec<_>>(),
            ["tuyển", "hà", "nội"]
        );
        let (free, quoted) = split_quoted("“công nghệ thông tin”");
        assert_eq!(quoted, vec!["công nghệ thông tin".to_owned()]);
        assert!(free.trim().is_empty());
        // An unclosed quote still quotes to the end.
        let (_, quoted) = split_quoted("lái \"xe tải");
        assert_eq!(quoted, vec!["xe tải".to_owned()]);
    }
}
