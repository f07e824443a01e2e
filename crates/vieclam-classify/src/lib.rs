//! Job-title classifier: a free-text Vietnamese job title or CV line →
//! ranked ISCO-08 unit groups (4-digit codes) with a confidence.
//!
//! ```
//! use vieclam_classify::Classifier;
//!
//! let best = Classifier::embedded().classify("Tuyển gấp thợ hàn, lương 12tr", 3);
//! assert_eq!(best[0].code, "7212");
//! ```
//!
//! # Method
//!
//! The classifier is written by hand, with no learned weights beyond word
//! statistics, and is built once (about 150 ms in a release build) from
//! embedded data: the ISCO-08 unit groups' Vietnamese and English names,
//! the names of their sub-major and minor groups, the ~2,600 training
//! titles and the skills of `data/occupations`, and this crate's own
//! hand-written extra titles (`data/occupations/extra-titles-vi.txt`: synonyms,
//! specialisations, informal and loan words, from general knowledge).
//!
//! 1. **Reading the text** (`text`): NFC and folding (no diacritics, đ → d,
//!    lower case), so accent-free input reads like accented input, while
//!    each word keeps its accented form too; clauses split at commas and
//!    brackets; places dropped ("tại KCN …", "Hà Nội", "quận 7");
//!    abbreviations expanded ("NV", "KTV", "CNTT", "LĐPT", …) — an
//!    ambiguous one ("CN": công nhân, cử nhân, công nghệ) makes several
//!    readings and the best-explained wins; words typed without spaces
//!    split ("ketoan"); and the ad's wording weighted 0: openers ("tuyển
//!    gấp"), wages, numbers and their units, experience, hours, benefits
//!    and schooling, and short grammar words that are not part of a known
//!    two-word term ("tại" but not "tài xế"). An employer's name counts a
//!    quarter; the workplace after "tại"/"ở" and a second duty after
//!    "kiêm" count half.
//! 2. **Features**: every kept word and every pair of consecutive kept
//!    words, weighted by IDF over unit groups. Pairs carry the head-noun
//!    structure of Vietnamese titles ("thợ hàn", "kỹ sư" + "phần mềm"). A
//!    word typed with accents also matches its accented form, for a small
//!    bonus that separates words that fold alike ("giày", "giấy").
//! 3. **Scoring** (`model`): a unit group scores the best of its phrases
//!    (titles and names) — the weight of the phrase's features found in the
//!    text times the share of the phrase they cover, so that a phrase
//!    wholly inside a longer CV line scores fully and "lái xe tải" beats
//!    "lái xe"; a phrase whose first word (its head) is missing counts for
//!    less — plus a bag-of-features score over everything known about the
//!    group, skills and parent-group names included, plus a prior from the
//!    text's head: how the training titles that start the same way spread
//!    over sub-major groups.
//! 4. **Confidence**: a softmax over the scores of all 436 unit groups, so
//!    confidences sum to 1 over all codes and a text with little evidence
//!    gets low confidence everywhere.
//!
//! The knobs were set by cross-validation on the training titles and on a
//! small hand-written development set of ad and CV lines
//! (`data/occupations/classifier-dev.csv`); the held-out test set (`evaluation::held_out`)
//! is used for nothing but measuring, and unit tests check that none of
//! its titles appears in the training, extra or development titles.

use std::sync::OnceLock;

pub mod conditions;
mod data;
pub mod evaluation;
mod model;
mod tables;
mod text;

pub use conditions::{discrimination, read_conditions, VacancyConditions};
use data::{Sources, UnitGroup};
use model::{Model, Params};

/// One ranked unit group.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// The ISCO-08 unit group code, 4 digits ("2512").
    pub code: String,
    /// The unit group's Vietnamese name.
    pub name_vi: String,
    /// The unit group's official English title.
    pub name_en: String,
    /// In 0..=1; predictions come best first, and the confidences of all
    /// unit groups sum to at most 1.
    pub confidence: f32,
}

/// The job-title classifier, built from the embedded data.
#[derive(Debug)]
pub struct Classifier {
    units: Vec<UnitGroup>,
    model: Model,
}

impl Classifier {
    /// Built once from the embedded data (in well under a second), then
    /// shared.
    pub fn embedded() -> &'static Classifier {
        static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
        CLASSIFIER.get_or_init(|| {
            let sources = Sources::embedded();
            let model = Model::build(&sources, Params::default(), &|_| false);
            Classifier {
                units: sources.units,
                model,
            }
        })
    }

    /// Best `k` unit groups, best first; empty when the text has no usable
    /// word. Any text is accepted: only its first 600 bytes are read, and
    /// unit groups with no evidence at all are never returned.
    pub fn classify(&self, text: &str, k: usize) -> Vec<Prediction> {
        if k == 0 {
            return Vec::new();
        }
        let Some(ranked) = self.ranked(text) else {
            return Vec::new();
        };
        ranked
            .into_iter()
            .take(k)
            .map(|(unit, confidence)| {
                let group = &self.units[unit];
                Prediction {
                    code: group.code.clone(),
                    name_vi: group.name_vi.clone(),
                    name_en: group.name_en.clone(),
                    confidence,
                }
            })
            .collect()
    }

    /// Unit groups with any evidence, best first, with their confidence.
    fn ranked(&self, text: &str) -> Option<Vec<(usize, f32)>> {
        let scores = self.model.scores(text)?;
        let confidences = softmax(&scores, self.model.temperature());
        let mut ranked: Vec<(usize, f32)> = (0..scores.len())
            .filter(|&unit| scores[unit] > 0.0)
            .map(|unit| (unit, confidences[unit]))
            .collect();
        ranked.sort_by(|a, b| {
            scores[b.0]
                .total_cmp(&scores[a.0])
                .then_with(|| self.units[a.0].code.cmp(&self.units[b.0].code))
        });
        (!ranked.is_empty()).then_some(ranked)
    }

    /// Sub-major groups (2-digit codes) ranked by the summed confidence of
    /// their unit groups.
    pub(crate) fn sub_majors(&self, text: &str) -> Vec<String> {
        let Some(ranked) = self.ranked(text) else {
            return Vec::new();
        };
        let mut totals: Vec<(String, f32)> = Vec::new();
        for (unit, confidence) in ranked {
            let code = self.units[unit].code.get(..2).unwrap_or_default();
            match totals.iter_mut().find(|(c, _)| c == code) {
                Some((_, total)) => *total += confidence,
                None => totals.push((code.to_owned(), confidence)),
            }
        }
        // A stable sort keeps the order of the best unit group on ties.
        totals.sort_by(|a, b| b.1.total_cmp(&a.1));
        totals.into_iter().map(|(code, _)| code).collect()
    }
}

/// Softmax of `scores / temperature`, shifted by the maximum so that no
/// exponential overflows.
fn softmax(scores: &[f32], temperature: f32) -> Vec<f32> {
    let temperature = temperature.max(1e-3);
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores
        .iter()
        .map(|score| ((score - max) / temperature).exp())
        .collect();
    let total: f32 = exps.iter().sum();
    exps.iter().map(|e| (e / total).clamp(0.0, 1.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_title(text: &str) -> String {
        vieclam_text::folded_words(text)
    }

    #[test]
    fn no_test_title_is_a_training_title() {
        let sources = Sources::embedded();
        let training: std::collections::HashSet<String> = sources
            .titles
            .iter()
            .chain(&sources.extra_titles)
            .map(|title| folded_title(&title.text))
            .collect();
        // The hand-written development set used while writing the rules
        // is kept apart from the test set too.
        let development: std::collections::HashSet<String> = csv::Reader::from_reader(
            include_str!("../../../data/occupations/classifier-dev.csv").as_bytes(),
        )
        .into_records()
        .filter_map(Result::ok)
        .filter_map(|record| record.get(0).map(folded_title))
        .collect();
        let shared: Vec<String> = data::test_cases()
            .into_iter()
            .map(|case| case.title)
            .filter(|title| {
                let key = folded_title(title);
                training.contains(&key) || development.contains(&key)
            })
            .collect();
        assert!(
            shared.is_empty(),
            "test titles that are also training titles: {shared:?}"
        );
    }

    /// The extra titles add forms, never a second home for a title: none
    /// names two unit groups, none moves a training title elsewhere.
    #[test]
    fn extra_titles_agree_with_the_training_titles() {
        let sources = Sources::embedded();
        let mut homes: std::collections::HashMap<String, usize> = sources
            .titles
            .iter()
            .map(|title| (folded_title(&title.text), title.unit))
            .collect();
        let mut conflicts = Vec::new();
        for title in &sources.extra_titles {
            let key = folded_title(&title.text);
            match homes.get(&key) {
                Some(&unit) if unit != title.unit => conflicts.push(format!(
                    "{:?}: {} and {}",
                    title.text, sources.units[unit].code, sources.units[title.unit].code
                )),
                Some(_) => {}
                None => {
                    homes.insert(key, title.unit);
                }
            }
        }
        assert!(conflicts.is_empty(), "{conflicts:#?}");
    }

    #[test]
    fn extra_titles_name_unit_groups() {
        let sources = Sources::embedded();
        let entries = data::extra_titles(data::extra_titles_text()).count();
        assert_eq!(entries, sources.extra_titles.len());
    }

    #[test]
    fn softmax_sums_to_one() {
        let confidences = softmax(&[3.0, 1.0, 0.0, 0.0], 1.0);
        let total: f32 = confidences.iter().sum();
        assert!((total - 1.0).abs() < 1e-5);
        assert!(confidences[0] > confidences[1] && confidences[1] > confidences[2]);
    }
}
