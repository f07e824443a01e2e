//! Typeahead: occupations, skills, employers and units by the start of
//! their words, with or without diacritics.

use serde::Serialize;

/// What a suggestion names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    Occupation,
    Skill,
    Employer,
    Unit,
}

/// One suggestion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// What to show.
    pub text: String,
    /// The code behind it (an occupation code, a unit key, an employer id).
    pub code: Option<String>,
}

struct Entry {
    suggestion: Suggestion,
    folded: String,
    exact: String,
}

/// The typeahead entries, kept in memory.
#[derive(Default)]
pub struct Suggestions {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for Suggestions {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "Suggestions({})", self.entries.len())
    }
}

impl Suggestions {
    pub fn add(&mut self, kind: SuggestionKind, text: &str, code: Option<String>) {
        self.entries.push(Entry {
            folded: vieclam_text::folded_words(text),
            exact: vieclam_text::exact_words(text),
            suggestion: Suggestion {
                kind,
                text: text.to_owned(),
                code,
            },
        });
    }

    /// Replaces every suggestion of `kind` (the employers, after the
    /// vacancies were read again), so that a rebuild never piles copies up.
    pub fn replace_kind(
        &mut self,
        kind: SuggestionKind,
        items: impl IntoIterator<Item = (String, Option<String>)>,
    ) {
        self.entries.retain(|entry| entry.suggestion.kind != kind);
        for (text, code) in items {
            self.add(kind, &text, code);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// At most `limit` (≤ 10) suggestions for what has been typed so far:
    /// every typed word must start a word of the entry, in order; a match at
    /// the start and the accents the user typed rank higher.
    pub fn suggest(&self, typed: &str, kinds: &[SuggestionKind], limit: usize) -> Vec<Suggestion> {
        let query = vieclam_text::folded_words(typed);
        if query.is_empty() {
            return Vec::new();
        }
        let query_words: Vec<&str> = query.split(' ').collect();
        let typed_accents = vieclam_text::has_diacritics(typed);
        let query_exact = vieclam_text::exact_words(typed);
        let mut scored: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter(|entry| kinds.is_empty() || kinds.contains(&entry.suggestion.kind))
            .filter_map(|entry| {
                let words: Vec<&str> = entry.folded.split(' ').collect();
                let start = words_start_with(&words, &query_words)?;
                let mut score = if start == 0 { 100 } else { 50 };
                if entry.folded == query {
                    score += 50;
                }
                if typed_accents && entry.exact.contains(&query_exact) {
                    score += 30;
                }
                Some((score, entry))
            })
            .collect();
        scored.sort_by(|(a_score, a), (b_score, b)| {
            b_score
                .cmp(a_score)
                .then_with(|| {
                    a.suggestion
                        .text
                        .chars()
                        .count()
                        .cmp(&b.suggestion.text.chars().count())
                })
                .then_with(|| a.suggestion.text.cmp(&b.suggestion.text))
        });
        let mut seen = std::collections::HashSet::new();
        scored
            .into_iter()
            .filter(|(_, entry)| {
                seen.insert((
                    entry.suggestion.kind,
                    entry.folded.clone(),
                    entry.suggestion.code.clone(),
                ))
            })
            .take(limit.clamp(1, 10))
            .map(|(_, entry)| entry.suggestion.clone())
            .collect()
    }
}

/// The position of the first entry word where the query words start
/// consecutive entry words (the last query word may be a prefix).
fn words_start_with(words: &[&str], query: &[&str]) -> Option<usize> {
    if query.len() > words.len() {
        return None;
    }
    (0..=words.len() - query.len()).find(|&start| {
        query.iter().enumerate().all(|(offset, query_word)| {
            let word = words[start + offset];
            if offset + 1 == query.len() {
                word.starts_with(query_word)
            } else {
                word == *query_word
            }
        })
    })
}
