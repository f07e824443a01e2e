//! From raw text to weighted, folded words: the reading of a title or a CV
//! line that the model scores.
//!
//! A text is folded (`vieclam_text::fold`, each word keeping its exact key
//! beside), split into words and clauses (commas, brackets and the like
//! end a clause), its places removed, its abbreviations expanded — into
//! several readings where an abbreviation has more than one meaning — and
//! glued words split ("ketoan"). Then every word that advertises rather
//! than names the job gets weight 0: ad openers ("tuyển gấp"), wages,
//! numbers with their units, experience, contract, benefit and schooling
//! wording, and short grammar words that are not part of a known two-word
//! term. Words of an employer's name keep a quarter of their weight; the
//! workplace after "tại"/"ở" and a second duty after "kiêm" keep half.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tables;

/// Only this much of a text is read; job titles and CV lines are far
/// shorter, and the bound keeps the time of one call small for any input.
pub(crate) const MAX_INPUT_BYTES: usize = 600;

/// The weight of the words of an employer's name: an industry word in it
/// ("Công ty May …") says a little about the job.
const EMPLOYER_NAME_WEIGHT: f32 = 0.25;

/// The weight of the words that say where the job is done ("tại nhà
/// máy …").
const CONTEXT_WEIGHT: f32 = 0.5;

/// The weight of a second duty ("… kiêm thủ quỹ").
const SECOND_DUTY_WEIGHT: f32 = 0.5;

/// The most readings tried for one text.
const MAX_READINGS: usize = 8;

/// One folded word of a text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    /// Lower case, no diacritics.
    pub(crate) text: String,
    /// Lower case with its diacritics (`vieclam_text::exact_key`); the
    /// same as `text` when typed without accents.
    pub(crate) exact: String,
    /// Words of different clauses never form a two-word feature.
    pub(crate) clause: u32,
    /// 1 for a word of the job, 0 for noise, in between for context.
    pub(crate) weight: f32,
}

impl Word {
    fn kept(&self) -> bool {
        self.weight > 0.0
    }
}

/// What the words of the training phrases are, for the rules that keep a
/// short word only inside a known term.
pub(crate) trait Vocabulary {
    fn has_word(&self, word: &str) -> bool;
    fn has_pair(&self, first: &str, second: &str) -> bool;
}

/// The readings of a query text, each a list of weighted words.
pub(crate) fn query_readings(text: &str, vocabulary: &dyn Vocabulary) -> Vec<Vec<Word>> {
    let mut words = split_words(text);
    mark_places(&mut words);
    readings(&words)
        .into_iter()
        .map(|reading| {
            let mut reading = repair_glued(reading, vocabulary);
            mark_noise(&mut reading, vocabulary);
            reading
        })
        .collect()
}

/// The words of a training phrase: abbreviations take their first reading
/// and no noise is removed (the phrases are clean job titles).
pub(crate) fn phrase_words(text: &str) -> Vec<Word> {
    let words = split_words(text);
    readings(&words).into_iter().next().unwrap_or_default()
}

/// Cuts `text` to at most `limit` bytes, on a character boundary.
fn truncate(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharKind {
    Digit,
    Letter,
}

/// Splits text into folded words and clauses. Digits and letters part
/// ("10tr" → "10", "tr"); `&` between letters joins them ("R&D" → "rd");
/// a dash between spaces, a comma, a bracket and the like end a clause.
/// Each word keeps its exact key (accents, one tone placement) beside its
/// folded form.
pub(crate) fn split_words(text: &str) -> Vec<Word> {
    let exact = vieclam_text::exact_key(truncate(text, MAX_INPUT_BYTES));
    let characters: Vec<char> = exact.chars().collect();
    let mut words = Vec::new();
    let mut clause = 0_u32;
    let mut current = String::new();
    let mut current_exact = String::new();
    let mut current_kind = CharKind::Letter;
    let flush =
        |current: &mut String, current_exact: &mut String, words: &mut Vec<Word>, clause| {
            if !current.is_empty() {
                words.push(Word {
                    text: std::mem::take(current),
                    exact: std::mem::take(current_exact),
                    clause,
                    weight: 1.0,
                });
            }
            current_exact.clear();
        };
    for (index, &character) in characters.iter().enumerate() {
        let previous = index
            .checked_sub(1)
            .and_then(|i| characters.get(i))
            .copied();
        let next = characters.get(index + 1).copied();
        if character.is_alphanumeric() {
            let kind = if character.is_ascii_digit() {
                CharKind::Digit
            } else {
                CharKind::Letter
            };
            if kind != current_kind {
                flush(&mut current, &mut current_exact, &mut words, clause);
            }
            match vieclam_text::fold_char(character) {
                Some(folded) => current.push(folded),
                None => current.push_str(&vieclam_text::fold(&character.to_string())),
            }
            current_exact.push(character);
            current_kind = kind;
            continue;
        }
        let between_letters =
            previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        if character == '&' && between_letters {
            continue;
        }
        flush(&mut current, &mut current_exact, &mut words, clause);
        let spaced =
            previous.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
        let ends_clause = match character {
            ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | ':' | '!' | '?' | '"' | '\n'
            | '\r' | '\t' | '•' | '*' | '+' => true,
            '-' | '–' | '—' => spaced,
            _ => false,
        };
        if ends_clause {
            clause += 1;
        }
    }
    flush(&mut current, &mut current_exact, &mut words, clause);
    words
}

/// The words of `phrase` (folded, space-separated) match `words` from
/// `start` on, among kept words of one clause: the indices matched.
fn match_phrase(words: &[Word], start: usize, phrase: &str) -> Option<Vec<usize>> {
    let first = words.get(start)?;
    if !first.kept() {
        return None;
    }
    let mut matched = Vec::new();
    let mut index = start;
    for part in phrase.split(' ') {
        // Skip words already dropped, so that "lương: 10 - 12 triệu" and
        // "có 2 năm kinh nghiệm" still match their phrases.
        while words
            .get(index)
            .is_some_and(|w| !w.kept() && w.clause == first.clause)
        {
            index += 1;
        }
        let word = words.get(index)?;
        if word.text != part || word.clause != first.clause {
            return None;
        }
        matched.push(index);
        index += 1;
    }
    Some(matched)
}

/// Phrases by their first word, so that a word is compared only with the
/// phrases it could start.
type PhraseIndex = HashMap<&'static str, Vec<&'static str>>;

fn index_phrases(phrases: &[&'static str]) -> PhraseIndex {
    let mut index = PhraseIndex::new();
    for phrase in phrases {
        let first = phrase.split(' ').next().unwrap_or_default();
        index.entry(first).or_default().push(phrase);
    }
    index
}

/// The phrase tables, indexed once.
struct Indexes {
    noise: PhraseIndex,
    openers: PhraseIndex,
    places: PhraseIndex,
    employers: PhraseIndex,
    legal_forms: PhraseIndex,
}

fn indexes() -> &'static Indexes {
    static INDEXES: OnceLock<Indexes> = OnceLock::new();
    INDEXES.get_or_init(|| Indexes {
        noise: index_phrases(tables::NOISE_PHRASES),
        openers: index_phrases(tables::OPENERS),
        places: index_phrases(tables::PLACES),
        employers: index_phrases(tables::EMPLOYER_MARKERS),
        legal_forms: index_phrases(tables::LEGAL_FORMS),
    })
}

/// Every phrase of `index` that matches at `start`.
fn all_matches(words: &[Word], start: usize, index: &PhraseIndex) -> Vec<Vec<usize>> {
    let Some(candidates) = words.get(start).and_then(|w| index.get(w.text.as_str())) else {
        return Vec::new();
    };
    candidates
        .iter()
        .filter_map(|phrase| match_phrase(words, start, phrase))
        .collect()
}

/// The longest phrase of `index` that matches at `start`.
fn longest_match(words: &[Word], start: usize, index: &PhraseIndex) -> Option<Vec<usize>> {
    all_matches(words, start, index)
        .into_iter()
        .max_by_key(Vec::len)
}

fn drop_all(words: &mut [Word], indices: &[usize]) {
    for &index in indices {
        if let Some(word) = words.get_mut(index) {
            word.weight = 0.0;
        }
    }
}

fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// Drops places: province and city names with the words that lead into
/// them ("tại", "TP", "tỉnh"), and places opened by a marker ("KCN …",
/// "quận 7").
fn mark_places(words: &mut [Word]) {
    let mut index = 0;
    while index < words.len() {
        if let Some(place) = longest_match(words, index, &indexes().places) {
            drop_all(words, &place);
            drop_leads(words, index);
            index = place.last().map_or(index + 1, |last| last + 1);
            continue;
        }
        let after_lead = index > 0
            && (0..index)
                .rev()
                .find(|&i| words[i].kept())
                .is_some_and(|i| matches!(words[i].exact.as_str(), "tại" | "ở" | "tai" | "o"));
        let typed = &words[index];
        let marker = tables::PLACE_MARKERS
            .iter()
            .filter(|(_, accented, _)| typed.exact == typed.text || typed.exact == *accented)
            .filter_map(|&(marker, _, length)| {
                let matched = match_phrase(words, index, marker)?;
                let next = matched.last().map_or(index, |last| last + 1);
                let numbered = words.get(next).is_some_and(|w| is_number(&w.text));
                let anywhere = matches!(
                    marker,
                    "khu cong nghiep" | "cum cong nghiep" | "khu che xuat" | "kcn" | "ccn" | "kcx"
                );
                (after_lead || anywhere || numbered).then_some((matched, length))
            })
            .max_by_key(|(matched, _)| matched.len());
        if let Some((matched, length)) = marker {
            drop_all(words, &matched);
            drop_leads(words, index);
            let clause = words[index].clause;
            let mut next = matched.last().map_or(index, |last| last + 1);
            let end = next + length;
            while next < end && words.get(next).is_some_and(|w| w.clause == clause) {
                words[next].weight = 0.0;
                next += 1;
            }
            index = next;
            continue;
        }
        index += 1;
    }
}

/// Drops the lead words ("tại", "TP") just before a place at `start`.
fn drop_leads(words: &mut [Word], start: usize) {
    let mut end = start;
    loop {
        let Some(previous) = (0..end).rev().find(|&i| words[i].kept()) else {
            return;
        };
        let lead = tables::PLACE_LEADS.iter().find_map(|&(lead, accented)| {
            let length = lead.split(' ').count();
            let first = (previous + 1).checked_sub(length)?;
            let typed = &words[first];
            let spelled = typed.exact == typed.text || typed.exact == accented;
            let matched = match_phrase(words, first, lead)?;
            (spelled && matched.last() == Some(&previous)).then_some(matched)
        });
        match lead {
            Some(matched) => {
                drop_all(words, &matched);
                end = matched[0];
            }
            None => return,
        }
    }
}

/// Expands abbreviations; an abbreviation with several meanings makes
/// several readings, the first being every abbreviation's usual meaning.
fn readings(words: &[Word]) -> Vec<Vec<Word>> {
    let choices: Vec<&[&str]> = words
        .iter()
        .map(|word| {
            if !word.kept() {
                return &[][..];
            }
            tables::ABBREVIATIONS
                .iter()
                .find(|(abbreviation, _)| *abbreviation == word.text)
                .map_or(&[][..], |(_, meanings)| *meanings)
        })
        .collect();
    let ambiguous: Vec<usize> = (0..words.len()).filter(|&i| choices[i].len() > 1).collect();
    let mut combinations = 1_usize;
    for &index in &ambiguous {
        combinations = combinations.saturating_mul(choices[index].len());
    }
    let count = combinations.min(MAX_READINGS);
    (0..count)
        .map(|mut number| {
            // Mixed-radix digits of `number`: which meaning each ambiguous
            // abbreviation takes in this reading.
            let mut picks = vec![0_usize; words.len()];
            for &index in &ambiguous {
                let radix = choices[index].len();
                picks[index] = number % radix;
                number /= radix;
            }
            let mut reading = Vec::with_capacity(words.len() + 4);
            for (index, word) in words.iter().enumerate() {
                match choices[index].get(picks[index]) {
                    Some(meaning) => {
                        for part in meaning.split(' ') {
                            reading.push(Word {
                                text: part.to_owned(),
                                exact: part.to_owned(),
                                clause: word.clause,
                                weight: word.weight,
                            });
                        }
                    }
                    None => reading.push(word.clone()),
                }
            }
            reading
        })
        .collect()
}

/// Splits words typed without their spaces ("ketoan", "nhanvien") into
/// known words that form a known term.
fn repair_glued(words: Vec<Word>, vocabulary: &dyn Vocabulary) -> Vec<Word> {
    let mut repaired = Vec::with_capacity(words.len());
    for word in words {
        let glued = word.kept()
            && word.text.len() >= 4
            && word.text.bytes().all(|b| b.is_ascii_lowercase())
            && !vocabulary.has_word(&word.text);
        match glued
            .then(|| split_glued(&word.text, vocabulary, 2))
            .flatten()
        {
            Some(parts) => repaired.extend(parts.into_iter().map(|text| Word {
                exact: text.clone(),
                text,
                clause: word.clause,
                weight: word.weight,
            })),
            None => repaired.push(word),
        }
    }
    repaired
}

fn split_glued(text: &str, vocabulary: &dyn Vocabulary, depth: usize) -> Option<Vec<String>> {
    for cut in 1..text.len() {
        let (first, rest) = text.split_at(cut);
        if !vocabulary.has_word(first) {
            continue;
        }
        if vocabulary.has_word(rest) && vocabulary.has_pair(first, rest) {
            return Some(vec![first.to_owned(), rest.to_owned()]);
        }
        if depth > 1 {
            if let Some(mut parts) = split_glued(rest, vocabulary, depth - 1) {
                if vocabulary.has_pair(first, &parts[0]) {
                    parts.insert(0, first.to_owned());
                    return Some(parts);
                }
            }
        }
    }
    None
}

/// The kept word before `index` in the same clause.
fn previous_kept(words: &[Word], index: usize) -> Option<usize> {
    let clause = words.get(index)?.clause;
    (0..index)
        .rev()
        .take_while(|&i| words[i].clause == clause)
        .find(|&i| words[i].kept())
}

/// The kept word after `index` in the same clause.
fn next_kept(words: &[Word], index: usize) -> Option<usize> {
    let clause = words.get(index)?.clause;
    (index + 1..words.len())
        .take_while(|&i| words[i].clause == clause)
        .find(|&i| words[i].kept())
}

/// Whether the word at `index` forms a known term with a kept neighbour.
fn bound_to_neighbour(words: &[Word], index: usize, vocabulary: &dyn Vocabulary) -> bool {
    let text = &words[index].text;
    previous_kept(words, index).is_some_and(|p| vocabulary.has_pair(&words[p].text, text))
        || next_kept(words, index).is_some_and(|n| vocabulary.has_pair(text, &words[n].text))
}

/// Gives weight 0 to the words that advertise rather than name the job.
fn mark_noise(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    mark_licences(words);
    mark_second_duty(words, vocabulary);
    mark_noise_phrases(words, vocabulary);
    mark_wages(words, vocabulary);
    mark_numbers(words, vocabulary);
    mark_employers(words, vocabulary);
    mark_openers(words, vocabulary);
    mark_bound_words(words, vocabulary);
}

fn mark_noise_phrases(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    for index in 0..words.len() {
        let mut matches = all_matches(words, index, &indexes().noise);
        matches.sort_by_key(|matched| std::cmp::Reverse(matched.len()));
        // The longest phrase that is noise outside a known term: "làm
        // việc" but not "người làm việc vặt"; "tốt nghiệp cao đẳng" before
        // "nghề điện".
        let noise = matches.into_iter().find(|matched| {
            // Three words and more are never part of a title.
            if matched.len() > 2 {
                return true;
            }
            let first = matched[0];
            let last = matched[matched.len() - 1];
            let bound = previous_kept(words, first)
                .is_some_and(|p| vocabulary.has_pair(&words[p].text, &words[first].text))
                || next_kept(words, last)
                    .is_some_and(|n| vocabulary.has_pair(&words[last].text, &words[n].text));
            !bound
        });
        if let Some(matched) = noise {
            drop_all(words, &matched);
        }
    }
}

fn mark_wages(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    let mut index = 0;
    while index < words.len() {
        let starts_wage = words[index].kept()
            && words[index].text == "luong"
            && !bound_to_neighbour(words, index, vocabulary);
        let after_wage_phrase = !words[index].kept()
            && ["nhap", "luong", "cung", "thuong"].contains(&words[index].text.as_str())
            && index > 0
            && ["thu", "muc", "luong"].contains(&words[index - 1].text.as_str());
        if !(starts_wage || after_wage_phrase) {
            index += 1;
            continue;
        }
        words[index].weight = 0.0;
        let clause = words[index].clause;
        index += 1;
        while let Some(word) = words.get_mut(index) {
            let tail = is_number(&word.text) || tables::WAGE_TAIL.contains(&word.text.as_str());
            if word.clause != clause || !tail {
                break;
            }
            word.weight = 0.0;
            index += 1;
        }
    }
}

fn mark_numbers(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    for index in 0..words.len() {
        if !words[index].kept()
            || !is_number(&words[index].text)
            || bound_to_neighbour(words, index, vocabulary)
        {
            continue;
        }
        words[index].weight = 0.0;
        if let Some(next) = next_kept(words, index) {
            let unit = tables::NUMBER_UNITS.contains(&words[next].text.as_str());
            if unit && !bound_to_neighbour(words, next, vocabulary) {
                words[next].weight = 0.0;
            }
        }
        let mut cursor = index;
        while let Some(previous) = previous_kept(words, cursor) {
            if !tables::NUMBER_LEADS.contains(&words[previous].text.as_str()) {
                break;
            }
            words[previous].weight = 0.0;
            cursor = previous;
        }
    }
}

/// Drops "công ty …" and its legal form, and halves the weight of the
/// employer's name, up to the end of the clause or an ad opener
/// ("Công ty ABC tuyển kế toán").
fn mark_employers(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    let mut index = 0;
    while index < words.len() {
        let Some(matched) = longest_match(words, index, &indexes().employers) else {
            index += 1;
            continue;
        };
        // "giám đốc công ty" names a job.
        let part_of_title = previous_kept(words, index)
            .is_some_and(|p| vocabulary.has_pair(&words[p].text, &words[index].text));
        if part_of_title {
            index += 1;
            continue;
        }
        drop_all(words, &matched);
        let clause = words[index].clause;
        let mut next = matched.last().map_or(index, |last| last + 1);
        while next < words.len() && words[next].clause == clause {
            if !all_matches(words, next, &indexes().openers).is_empty() {
                break;
            }
            if let Some(form) = longest_match(words, next, &indexes().legal_forms) {
                drop_all(words, &form);
                next = form.last().map_or(next, |last| last + 1);
                continue;
            }
            let word = &mut words[next];
            word.weight = word.weight.min(EMPLOYER_NAME_WEIGHT);
            next += 1;
        }
        index = next;
    }
}

/// Drops ad openers at the start of a clause ("Cần tuyển gấp", "Tuyển
/// dụng"), and after an employer's name.
fn mark_openers(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    for index in 0..words.len() {
        if !words[index].kept() {
            continue;
        }
        let at_start = match previous_kept(words, index) {
            None => true,
            Some(previous) => words[previous].weight < 1.0,
        };
        if !at_start {
            continue;
        }
        let mut cursor = index;
        while let Some(matched) = longest_match(words, cursor, &indexes().openers) {
            let last = *matched.last().unwrap_or(&cursor);
            // "tuyển sinh", "cán bộ": a one-word opener may be part of a
            // term, unless the words after it make a term of their own
            // ("tuyển thủ thư" is "tuyển" + "thủ thư"); "cần tuyển" never is.
            let next = next_kept(words, last);
            let after_next = next.and_then(|n| next_kept(words, n));
            let bound = matched.len() == 1
                && next.is_some_and(|n| vocabulary.has_pair(&words[last].text, &words[n].text))
                && !next
                    .zip(after_next)
                    .is_some_and(|(n, m)| vocabulary.has_pair(&words[n].text, &words[m].text));
            if bound {
                break;
            }
            drop_all(words, &matched);
            match next_kept(words, last) {
                Some(next) => cursor = next,
                None => break,
            }
        }
    }
}

/// Whether the word at `index` is the preposition "tại" or "ở" that
/// says where the job is. Typed with accents it says so itself; folded,
/// "tai" may be "tài xế" or "xe tải", and "tai nha" is "tại nhà" (at
/// home) unless a known term follows ("tại nhà máy").
fn is_place_preposition(words: &[Word], index: usize, vocabulary: &dyn Vocabulary) -> bool {
    let word = &words[index];
    if matches!(word.exact.as_str(), "tại" | "ở") {
        return true;
    }
    if word.exact != word.text || !matches!(word.text.as_str(), "tai" | "o") {
        return false;
    }
    let next = next_kept(words, index);
    let at_a_place = next.is_some_and(|n| {
        words[n].text == "nha"
            && next_kept(words, n).is_some_and(|m| vocabulary.has_pair("nha", &words[m].text))
    });
    at_a_place || !bound_to_neighbour(words, index, vocabulary)
}

fn mark_bound_words(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    for index in 0..words.len() {
        if words[index].kept() && is_place_preposition(words, index, vocabulary) {
            words[index].weight = 0.0;
            weaken_rest_of_clause(words, index, CONTEXT_WEIGHT);
            continue;
        }
        if words[index].kept()
            && tables::BOUND_WORDS.contains(&words[index].text.as_str())
            && !bound_to_neighbour(words, index, vocabulary)
        {
            words[index].weight = 0.0;
        }
    }
}

/// Gives at most `weight` to the words after `index` in its clause.
fn weaken_rest_of_clause(words: &mut [Word], index: usize, weight: f32) {
    let clause = words[index].clause;
    for word in words[index + 1..]
        .iter_mut()
        .take_while(|w| w.clause == clause)
    {
        word.weight = word.weight.min(weight);
    }
}

/// "Kế toán kiêm thủ quỹ": the job named after "kiêm" (a second duty)
/// counts for less than the first. Folded, "kiem" is also "kiểm" (kiểm
/// tra, kiểm toán), which always forms a known term with a neighbour.
fn mark_second_duty(words: &mut [Word], vocabulary: &dyn Vocabulary) {
    for index in 0..words.len() {
        let word = &words[index];
        let second_duty = word.kept()
            && word.text == "kiem"
            && (word.exact == "kiêm"
                || (word.exact == "kiem" && !bound_to_neighbour(words, index, vocabulary)));
        if second_duty {
            words[index].weight = 0.0;
            weaken_rest_of_clause(words, index, SECOND_DUTY_WEIGHT);
        }
    }
}

/// Driving licences: "bằng C" is the class the titles write "hạng C".
fn mark_licences(words: &mut [Word]) {
    for index in 0..words.len() {
        let licence = words[index].text == "bang"
            && words.get(index + 1).is_some_and(|next| {
                next.clause == words[index].clause
                    && matches!(next.text.as_str(), "a" | "b" | "c" | "d" | "e" | "f" | "fc")
            });
        if licence {
            words[index].text = "hang".to_owned();
            words[index].exact = "hạng".to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    struct TestVocabulary {
        words: HashSet<&'static str>,
        pairs: HashSet<(&'static str, &'static str)>,
    }

    impl Vocabulary for TestVocabulary {
        fn has_word(&self, word: &str) -> bool {
            self.words.contains(word)
        }
        fn has_pair(&self, first: &str, second: &str) -> bool {
            self.pairs.iter().any(|&(a, b)| a == first && b == second)
        }
    }

    fn vocabulary() -> TestVocabulary {
        let phrases = [
            "tho han",
            "ke toan",
            "nhan vien",
            "lai xe tai",
            "tai xe",
            "cong nhan may",
            "tuyen sinh",
            "tu van",
            "can bo",
            "giam doc cong ty",
        ];
        let mut words = HashSet::new();
        let mut pairs = HashSet::new();
        for phrase in phrases {
            let parts: Vec<&'static str> = phrase.split(' ').collect();
            words.extend(parts.iter().copied());
            pairs.extend(parts.windows(2).map(|w| (w[0], w[1])));
        }
        TestVocabulary { words, pairs }
    }

    /// The kept words of the first reading, joined.
    fn check(input: &str, expected: &str) {
        let readings = query_readings(input, &vocabulary());
        let kept: Vec<&str> = readings[0]
            .iter()
            .filter(|w| w.kept())
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(kept.join(" "), expected, "{input:?}");
    }

    #[test]
    fn ad_wording_is_dropped() {
        check("Tuyển gấp thợ hàn lương 8-10tr", "tho han");
        check("CẦN TUYỂN kế toán tại Hà Nội", "ke toan");
        check("3 năm kinh nghiệm làm thợ hàn", "tho han");
        check("tuyen gap lai xe tai", "lai xe tai");
        check("tài xế tại KCN Tiên Sơn, Bắc Ninh", "tai xe");
        check("Tuyển nam/nữ từ 18 đến 35 tuổi làm thợ hàn", "tho han");
        check("tư vấn tuyển sinh", "tu van tuyen sinh");
        check("cán bộ", "can bo");
    }

    #[test]
    fn abbreviations_and_glued_words_are_read() {
        check("NV kế toán", "nhan vien ke toan");
        check("CN may", "cong nhan may");
        check("ketoan", "ke toan");
        assert_eq!(query_readings("CN may", &vocabulary()).len(), 3);
    }

    #[test]
    fn employers_count_for_little() {
        let readings = query_readings("Công ty TNHH ABC tuyển kế toán", &vocabulary());
        let weights: Vec<(&str, f32)> = readings[0]
            .iter()
            .filter(|w| w.kept())
            .map(|w| (w.text.as_str(), w.weight))
            .collect();
        assert_eq!(weights, [("abc", 0.25), ("ke", 1.0), ("toan", 1.0)]);
        check("giám đốc công ty", "giam doc cong ty");
    }

    #[test]
    fn clauses_and_joins() {
        let words = split_words("R&D, 10tr - QA/QC");
        let texts: Vec<(&str, u32)> = words.iter().map(|w| (w.text.as_str(), w.clause)).collect();
        assert_eq!(
            texts,
            [("rd", 0), ("10", 1), ("tr", 1), ("qa", 2), ("qc", 2)]
        );
    }
}
