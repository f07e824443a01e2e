//! Accuracy on the held-out test set `data/occupations/classifier-test.csv`
//! (670 hand-labelled titles and CV lines, kept apart from the training
//! titles and never used to train or tune the classifier), on all of it
//! and on the rows with no near-copy in any training file.

use std::collections::HashMap;

use crate::data::{self, Sources, TestCase};
use crate::text::split_words;
use crate::Classifier;

/// The development set the classifier's thresholds were tuned on; a test
/// row close to one of its rows is not unseen either.
const DEVELOPMENT: &str = include_str!("../../../data/occupations/classifier-dev.csv");

/// Shares of the held-out rows classified right, each in 0..=1.
#[derive(Clone, Debug, PartialEq)]
pub struct Accuracy {
    /// Rows scored.
    pub n: usize,
    /// The right unit group is the best one.
    pub unit_top1: f64,
    /// The right unit group is among the best three.
    pub unit_top3: f64,
    /// The best sub-major group — ranked by the summed confidence of its
    /// unit groups — is the right one.
    pub sub_major_top1: f64,
    /// The right sub-major group is among the best three so ranked.
    pub sub_major_top3: f64,
}

/// Scores the classifier on the embedded held-out test set.
pub fn held_out() -> Accuracy {
    accuracy(&data::test_cases())
}

/// Scores the classifier on the held-out rows that have no near-copy — the
/// same words give or take one (a word added, dropped or changed) under
/// the same unit group — in any file it was built or tuned from: the
/// training titles, the extra titles, the skills, the names of the unit
/// groups and the groups above them, and the development set. Returns the
/// figures with the number of rows left out as near-copies.
pub fn held_out_unseen() -> (Accuracy, usize) {
    let cases = data::test_cases();
    let seen = training_phrases();
    let (unseen, near): (Vec<TestCase>, Vec<TestCase>) = cases.into_iter().partition(|case| {
        let words = folded_words(&case.title);
        !seen
            .get(case.unit_code.as_str())
            .is_some_and(|phrases| phrases.iter().any(|phrase| within_one_word(&words, phrase)))
    });
    (accuracy(&unseen), near.len())
}

/// A text's folded words, as the model reads them.
fn folded_words(text: &str) -> Vec<String> {
    split_words(text)
        .into_iter()
        .map(|word| word.text)
        .collect()
}

/// Every phrase the classifier was built or tuned from, as folded words,
/// by unit group code.
fn training_phrases() -> HashMap<String, Vec<Vec<String>>> {
    let sources = Sources::embedded();
    let mut phrases: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    let mut add = |code: &str, text: &str| {
        phrases
            .entry(code.to_owned())
            .or_default()
            .push(folded_words(text));
    };
    for unit in &sources.units {
        add(&unit.code, &unit.name_vi);
        add(&unit.code, &unit.name_en);
    }
    for text in sources
        .titles
        .iter()
        .chain(&sources.extra_titles)
        .chain(&sources.skills)
        .chain(&sources.parent_names)
    {
        add(&sources.units[text.unit].code, &text.text);
    }
    let mut development = csv::Reader::from_reader(DEVELOPMENT.as_bytes());
    for record in development.records().flatten() {
        add(
            record.get(1).unwrap_or_default(),
            record.get(0).unwrap_or_default(),
        );
    }
    phrases
}

/// Whether two word lists differ by at most one word added, dropped or
/// changed (a word-level edit distance of at most 1).
fn within_one_word(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() <= 1,
        1 => {
            let first_difference = short
                .iter()
                .zip(long)
                .position(|(x, y)| x != y)
                .unwrap_or(short.len());
            short[first_difference..] == long[first_difference + 1..]
        }
        _ => false,
    }
}

fn accuracy(cases: &[TestCase]) -> Accuracy {
    let classifier = Classifier::embedded();
    let (mut unit1, mut unit3, mut sub1, mut sub3) = (0_usize, 0_usize, 0_usize, 0_usize);
    for case in cases {
        let truth_sub_major = case.unit_code.get(..2).unwrap_or_default();
        let units = classifier.classify(&case.title, 3);
        unit1 += usize::from(units.first().is_some_and(|p| p.code == case.unit_code));
        unit3 += usize::from(units.iter().any(|p| p.code == case.unit_code));
        let sub_majors = classifier.sub_majors(&case.title);
        sub1 += usize::from(sub_majors.first().is_some_and(|c| c == truth_sub_major));
        sub3 += usize::from(sub_majors.iter().take(3).any(|c| c == truth_sub_major));
    }
    let n = cases.len();
    let share = |count: usize| {
        if n == 0 {
            0.0
        } else {
            count as f64 / n as f64
        }
    };
    Accuracy {
        n,
        unit_top1: share(unit1),
        unit_top3: share(unit3),
        sub_major_top1: share(sub1),
        sub_major_top3: share(sub3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn near_copies_differ_by_one_word_at_most() {
        let title = words("cong nhan may cong nghiep");
        assert!(within_one_word(&title, &title));
        assert!(within_one_word(&title, &words("cong nhan may nghiep")));
        assert!(!within_one_word(&title, &words("cong nhan may")));
        assert!(within_one_word(&title, &words("cong nhan han cong nghiep")));
        assert!(!within_one_word(&title, &words("tho may cong nghiep")));
        assert!(within_one_word(
            &title,
            &words("cong nhan may cong nghiep gap")
        ));
        assert!(within_one_word(
            &title,
            &words("cong nhan tho may cong nghiep")
        ));
        assert!(!within_one_word(&title, &words("tho may vest cong nghiep")));
        assert!(!within_one_word(&words("a b c"), &words("b c a")));
    }

    #[test]
    fn the_unseen_rows_are_fewer_and_none_is_a_near_copy() {
        let (unseen, near) = held_out_unseen();
        assert!(near > 0, "the test set has near-copies of training titles");
        assert_eq!(unseen.n + near, data::test_cases().len());
        assert!(unseen.unit_top1 > 0.0);
    }
}
