//! The model: every phrase of every unit group (titles, names), their word
//! and word-pair features with IDF weights, and the scoring of a query
//! against them.
//!
//! A unit group's score adds three kinds of evidence:
//!
//! * **phrase match** — the best of its phrases, scored by the IDF weight
//!   of the phrase's features found in the query times the share of the
//!   phrase they make up: a phrase wholly inside the query ("thợ hàn" in
//!   "3 năm làm thợ hàn") scores its full weight, longer phrases that fit
//!   win over shorter ones ("lái xe tải" over "lái xe"), and a phrase
//!   whose first word is missing from the query is discounted;
//! * **bag of features** — every query feature found anywhere in the unit
//!   group's phrases, names, parent-group names and skills, weighted by
//!   where it was found (a skill counts for less than a title);
//! * **head prior** — the share of training titles starting with the
//!   query's first word (and first two words) that belong to the unit
//!   group's sub-major group: "kỹ sư …" leans to professionals, "thợ …"
//!   to craft workers.

use std::collections::{HashMap, HashSet};

use crate::data::Sources;
use crate::tables;
use crate::text::{self, Vocabulary, Word};

/// Where a phrase comes from; each kind has its own weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Title,
    ExtraTitle,
    NameVi,
    NameEn,
    ParentName,
    Skill,
}

/// The knobs of the scoring. The defaults were chosen by cross-validation
/// on the training titles (`tests::cross_validation`), never on the
/// held-out test set.
#[derive(Clone, Debug)]
pub(crate) struct Params {
    /// Weight of a word pair relative to a single word of the same IDF.
    pub(crate) pair_boost: f32,
    /// Weight of a word matched with its accents, on top of its folded
    /// match.
    pub(crate) accent_weight: f32,
    /// The factor on a phrase whose first word is not in the query.
    pub(crate) head_miss: f32,
    /// How strongly a phrase only partly found in the query is discounted.
    pub(crate) coverage_power: f32,
    /// Weight of the bag-of-features evidence against the phrase match.
    pub(crate) bag_weight: f32,
    pub(crate) extra_title_weight: f32,
    pub(crate) name_vi_weight: f32,
    pub(crate) name_en_weight: f32,
    pub(crate) parent_weight: f32,
    pub(crate) skill_weight: f32,
    /// Weight of the head of the text ("kỹ sư …", "thợ …"): how often
    /// titles with that head belong to each sub-major group.
    pub(crate) head_weight: f32,
    /// Softmax temperature of the confidences.
    pub(crate) temperature: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            pair_boost: 1.0,
            accent_weight: 0.3,
            head_miss: 0.6,
            coverage_power: 1.0,
            bag_weight: 1.5,
            extra_title_weight: 1.0,
            name_vi_weight: 0.8,
            name_en_weight: 0.7,
            parent_weight: 0.2,
            skill_weight: 0.8,
            head_weight: 4.0,
            temperature: 2.0,
        }
    }
}

impl Params {
    fn kind_weight(&self, kind: Kind) -> f32 {
        match kind {
            Kind::Title => 1.0,
            Kind::ExtraTitle => self.extra_title_weight,
            Kind::NameVi => self.name_vi_weight,
            Kind::NameEn => self.name_en_weight,
            Kind::ParentName => self.parent_weight,
            Kind::Skill => self.skill_weight,
        }
    }
}

/// A phrase that can match a query as a whole.
#[derive(Clone, Debug)]
struct Phrase {
    unit: u16,
    /// The feature of its first word: the head of a title ("thợ",
    /// "nhân", "kỹ").
    head: u32,
    kind_weight: f32,
    /// The sum of the IDF weights of its features.
    total: f32,
}

/// The model built from [`Sources`].
#[derive(Debug)]
pub(crate) struct Model {
    params: Params,
    n_units: usize,
    /// The sub-major group (index into `sub_majors`) of each unit group.
    sub_major_of: Vec<u16>,
    /// Head (first word, first two words) of titles → how many titles
    /// have it, and the share of them in each sub-major group.
    head_shares: HashMap<String, (f32, Vec<f32>)>,
    feature_ids: HashMap<String, u32>,
    /// Weight of each feature: IDF, times `pair_boost` for pairs.
    feature_weights: Vec<f32>,
    /// Feature → phrases that contain it.
    phrase_postings: Vec<Vec<u32>>,
    /// Feature → unit groups that have it anywhere, with the weight of the
    /// best kind of text it was found in.
    unit_postings: Vec<Vec<(u16, f32)>>,
    /// Whether each feature is a word with its accents: a bonus that no
    /// phrase needs for its coverage.
    exact: Vec<bool>,
    phrases: Vec<Phrase>,
    /// Words and word pairs of titles and names.
    words: HashSet<String>,
    pairs: HashSet<String>,
}

impl Vocabulary for Model {
    fn has_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    fn has_pair(&self, first: &str, second: &str) -> bool {
        let mut pair = String::with_capacity(first.len() + second.len() + 1);
        pair.push_str(first);
        pair.push(' ');
        pair.push_str(second);
        self.pairs.contains(&pair)
    }
}

/// The features of a list of words: each kept word, and each pair of
/// consecutive kept words of one clause, with the lesser weight.
fn features(words: &[Word]) -> Vec<(String, f32)> {
    let kept: Vec<&Word> = words.iter().filter(|w| w.weight > 0.0).collect();
    let mut found: Vec<(String, f32)> = Vec::with_capacity(kept.len() * 2);
    for (index, word) in kept.iter().enumerate() {
        found.push((word.text.clone(), word.weight));
        if word.exact != word.text {
            found.push((format!("{EXACT_MARK}{}", word.exact), word.weight));
        }
        if let Some(next) = kept.get(index + 1) {
            if next.clause == word.clause {
                found.push((
                    format!("{} {}", word.text, next.text),
                    word.weight.min(next.weight),
                ));
            }
        }
    }
    // One entry per feature, at its highest weight.
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    found.dedup_by(|later, earlier| later.0 == earlier.0);
    found
}

/// The head of a title: its first kept word and its first two (of one
/// clause).
fn heads(words: &[Word]) -> Vec<String> {
    let mut kept = words.iter().filter(|w| w.weight > 0.0);
    let Some(first) = kept.next() else {
        return Vec::new();
    };
    let mut found = vec![first.text.clone()];
    if let Some(second) = kept.next().filter(|w| w.clause == first.clause) {
        found.push(format!("{} {}", first.text, second.text));
    }
    found
}

/// Marks the feature of a word with its accents ("=giày"), which only
/// separates words that fold alike ("giày", "giấy").
const EXACT_MARK: char = '=';

fn is_pair(feature: &str) -> bool {
    feature.contains(' ')
}

fn is_exact(feature: &str) -> bool {
    feature.starts_with(EXACT_MARK)
}

/// Splits a group's name into the phrases it lists ("Thợ hàn và thợ cắt
/// kim loại" → "thợ hàn", "thợ cắt kim loại") without its filler words.
fn name_phrases(name: &str) -> Vec<Vec<Word>> {
    let mut words = text::phrase_words(name);
    for start in 0..words.len() {
        for noise in tables::NAME_NOISE {
            let parts: Vec<&str> = noise.split(' ').collect();
            let fits = words
                .get(start..start + parts.len())
                .is_some_and(|run| run.iter().zip(&parts).all(|(w, p)| w.text == *p));
            if fits {
                for word in &mut words[start..start + parts.len()] {
                    word.weight = 0.0;
                }
            }
        }
    }
    let mut phrases: Vec<Vec<Word>> = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let mut clause = None;
    for word in words {
        let separator = word.weight == 0.0
            || matches!(word.text.as_str(), "va" | "and" | "or" | "hoac")
            || clause.is_some_and(|c| c != word.clause);
        clause = Some(word.clause);
        if separator {
            phrases.push(std::mem::take(&mut current));
        }
        if word.weight > 0.0 && !matches!(word.text.as_str(), "va" | "and" | "or" | "hoac") {
            current.push(word);
        }
    }
    phrases.push(current);
    phrases.retain(|phrase| !phrase.is_empty());
    phrases
}

impl Model {
    /// Builds the model from `sources`, leaving out the titles for which
    /// `leave_out` says so (cross-validation).
    pub(crate) fn build(
        sources: &Sources,
        params: Params,
        leave_out: &dyn Fn(usize) -> bool,
    ) -> Model {
        let n_units = sources.units.len();
        let mut sub_major_codes: Vec<&str> = Vec::new();
        let mut sub_major_of = Vec::with_capacity(n_units);
        for unit in &sources.units {
            let code = unit.code.get(..2).unwrap_or_default();
            let index = match sub_major_codes.iter().position(|c| *c == code) {
                Some(index) => index,
                None => {
                    sub_major_codes.push(code);
                    sub_major_codes.len() - 1
                }
            };
            sub_major_of.push(u16::try_from(index).unwrap_or(u16::MAX));
        }

        // Every text of every unit group, as (unit, kind, words).
        let mut texts: Vec<(usize, Kind, Vec<Word>)> = Vec::new();
        for (index, title) in sources.titles.iter().enumerate() {
            if !leave_out(index) {
                texts.push((title.unit, Kind::Title, text::phrase_words(&title.text)));
            }
        }
        for title in &sources.extra_titles {
            texts.push((
                title.unit,
                Kind::ExtraTitle,
                text::phrase_words(&title.text),
            ));
        }
        for (unit, group) in sources.units.iter().enumerate() {
            for phrase in name_phrases(&group.name_vi) {
                texts.push((unit, Kind::NameVi, phrase));
            }
            for phrase in name_phrases(&group.name_en) {
                texts.push((unit, Kind::NameEn, phrase));
            }
        }
        for name in &sources.parent_names {
            for phrase in name_phrases(&name.text) {
                texts.push((name.unit, Kind::ParentName, phrase));
            }
        }
        for skill in &sources.skills {
            texts.push((skill.unit, Kind::Skill, text::phrase_words(&skill.text)));
        }

        let mut head_shares: HashMap<String, (f32, Vec<f32>)> = HashMap::new();
        for (unit, kind, words) in &texts {
            if !matches!(kind, Kind::Title | Kind::ExtraTitle) {
                continue;
            }
            for head in heads(words) {
                let entry = head_shares
                    .entry(head)
                    .or_insert_with(|| (0.0, vec![0.0; sub_major_codes.len()]));
                entry.0 += 1.0;
                entry.1[sub_major_of[*unit] as usize] += 1.0;
            }
        }
        for (count, shares) in head_shares.values_mut() {
            for share in shares.iter_mut() {
                *share /= *count;
            }
        }

        let mut feature_ids: HashMap<String, u32> = HashMap::new();
        let mut text_features: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
        let mut words = HashSet::new();
        let mut pairs = HashSet::new();
        for (_, kind, text_words) in &texts {
            let mut ids = Vec::new();
            for (feature, _) in features(text_words) {
                let vocabulary_kind = matches!(
                    kind,
                    Kind::Title | Kind::ExtraTitle | Kind::NameVi | Kind::NameEn
                );
                if vocabulary_kind && !is_exact(&feature) {
                    if is_pair(&feature) {
                        pairs.insert(feature.clone());
                    } else {
                        words.insert(feature.clone());
                    }
                }
                let next_id = u32::try_from(feature_ids.len()).unwrap_or(u32::MAX);
                ids.push(*feature_ids.entry(feature).or_insert(next_id));
            }
            text_features.push(ids);
        }
        let n_features = feature_ids.len();

        // Unit postings: the best kind weight per (feature, unit).
        let mut best_kind: HashMap<(u32, usize), f32> = HashMap::new();
        for ((unit, kind, _), ids) in texts.iter().zip(&text_features) {
            let weight = params.kind_weight(*kind);
            for &id in ids {
                let entry = best_kind.entry((id, *unit)).or_insert(0.0);
                *entry = entry.max(weight);
            }
        }
        let mut unit_postings: Vec<Vec<(u16, f32)>> = vec![Vec::new(); n_features];
        for (&(id, unit), &weight) in &best_kind {
            let unit = u16::try_from(unit).unwrap_or(u16::MAX);
            unit_postings[id as usize].push((unit, weight));
        }
        for postings in &mut unit_postings {
            postings.sort_by_key(|&(unit, _)| unit);
        }

        // IDF over unit groups.
        let mut by_id: Vec<&str> = vec![""; n_features];
        for (feature, &id) in &feature_ids {
            by_id[id as usize] = feature;
        }
        let n = n_units as f32;
        let feature_weights: Vec<f32> = (0..n_features)
            .map(|id| {
                let df = unit_postings[id].len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                if is_pair(by_id[id]) {
                    idf * params.pair_boost
                } else if is_exact(by_id[id]) {
                    idf * params.accent_weight
                } else {
                    idf
                }
            })
            .collect();

        let exact: Vec<bool> = by_id.iter().map(|feature| is_exact(feature)).collect();

        // Phrases: titles and names match as a whole.
        let mut phrases = Vec::new();
        let mut phrase_postings: Vec<Vec<u32>> = vec![Vec::new(); n_features];
        for ((unit, kind, words_of_text), ids) in texts.iter().zip(&text_features) {
            if !matches!(
                kind,
                Kind::Title | Kind::ExtraTitle | Kind::NameVi | Kind::NameEn
            ) || ids.is_empty()
            {
                continue;
            }
            let phrase_id = u32::try_from(phrases.len()).unwrap_or(u32::MAX);
            for &id in ids {
                phrase_postings[id as usize].push(phrase_id);
            }
            phrases.push(Phrase {
                unit: u16::try_from(*unit).unwrap_or(u16::MAX),
                head: words_of_text
                    .first()
                    .and_then(|w| feature_ids.get(&w.text))
                    .copied()
                    .unwrap_or(u32::MAX),
                kind_weight: params.kind_weight(*kind),
                total: ids
                    .iter()
                    .filter(|&&id| !exact[id as usize])
                    .map(|&id| feature_weights[id as usize])
                    .sum(),
            });
        }

        Model {
            params,
            n_units,
            sub_major_of,
            head_shares,
            feature_ids,
            feature_weights,
            phrase_postings,
            unit_postings,
            exact,
            phrases,
            words,
            pairs,
        }
    }

    pub(crate) fn temperature(&self) -> f32 {
        self.params.temperature
    }

    /// The score of every unit group for `text` (the best of its
    /// readings), or `None` when no word of the text is known.
    pub(crate) fn scores(&self, text: &str) -> Option<Vec<f32>> {
        let mut best: Option<(f32, Vec<f32>)> = None;
        for reading in text::query_readings(text, self) {
            let query: Vec<(u32, f32)> = features(&reading)
                .into_iter()
                .filter_map(|(feature, weight)| {
                    self.feature_ids.get(&feature).map(|&id| (id, weight))
                })
                .collect();
            if query.is_empty() {
                continue;
            }
            let scores = self.score_features(&query, &heads(&reading));
            let top = scores.iter().copied().fold(0.0_f32, f32::max);
            if best.as_ref().is_none_or(|(best_top, _)| top > *best_top) {
                best = Some((top, scores));
            }
        }
        best.map(|(_, scores)| scores)
    }

    fn score_features(&self, query: &[(u32, f32)], heads: &[String]) -> Vec<f32> {
        let params = &self.params;
        // Per phrase: the weight of its features found, and of its words
        // found with their accents; `touched` lists the phrases reached.
        let mut matched = vec![(0.0_f32, 0.0_f32); self.phrases.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut bag = vec![0.0_f32; self.n_units];
        for &(id, weight) in query {
            let feature_weight = self.feature_weights[id as usize] * weight;
            let exact = self.exact[id as usize];
            for &phrase in &self.phrase_postings[id as usize] {
                let entry = &mut matched[phrase as usize];
                if entry.0 == 0.0 && entry.1 == 0.0 {
                    touched.push(phrase);
                }
                if exact {
                    entry.1 += feature_weight;
                } else {
                    entry.0 += feature_weight;
                }
            }
            for &(unit, kind_weight) in &self.unit_postings[id as usize] {
                bag[unit as usize] += feature_weight * kind_weight;
            }
        }
        let mut phrase_best = vec![0.0_f32; self.n_units];
        let mut query_ids: Vec<u32> = query.iter().map(|&(id, _)| id).collect();
        query_ids.sort_unstable();
        for &phrase_id in &touched {
            let (found, accents) = matched[phrase_id as usize];
            let phrase = &self.phrases[phrase_id as usize];
            let coverage = (found / phrase.total).min(1.0);
            // A phrase whose head is missing names another job with the
            // same field ("chủ shop quần áo" for "bán hàng ở shop quần áo").
            let head_found = query_ids.binary_search(&phrase.head).is_ok();
            let head_factor = if head_found { 1.0 } else { params.head_miss };
            let score = head_factor
                * phrase.kind_weight
                * (found * coverage.powf(params.coverage_power) + accents);
            let best = &mut phrase_best[phrase.unit as usize];
            *best = best.max(score);
        }
        let mut scores: Vec<f32> = phrase_best
            .iter()
            .zip(&bag)
            .map(|(phrase, bag)| phrase + params.bag_weight * bag)
            .collect();
        if params.head_weight > 0.0 {
            for head in heads {
                let Some((count, shares)) = self.head_shares.get(head) else {
                    continue;
                };
                // Trust a head seen in few phrases less.
                let trust = count / (count + 2.0);
                for (unit, score) in scores.iter_mut().enumerate() {
                    if *score > 0.0 {
                        let share = shares[self.sub_major_of[unit] as usize];
                        *score += params.head_weight * trust * share;
                    }
                }
            }
        }
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best three unit groups for `text`, the best sub-major group by
    /// summed confidence, and the confidence given to `truth`.
    fn evaluate(
        model: &Model,
        sources: &Sources,
        text: &str,
        truth: &str,
    ) -> (Vec<String>, Option<String>, f32) {
        let Some(scores) = model.scores(text) else {
            return (Vec::new(), None, 0.0);
        };
        let confidences = crate::softmax(&scores, model.temperature());
        let mut ranked: Vec<usize> = (0..scores.len()).filter(|&u| scores[u] > 0.0).collect();
        ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let mut totals: HashMap<&str, f32> = HashMap::new();
        for &unit in &ranked {
            *totals.entry(&sources.units[unit].code[..2]).or_insert(0.0) += confidences[unit];
        }
        let best_sub_major = totals
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(code, _)| (*code).to_owned());
        let truth_confidence = sources
            .units
            .iter()
            .position(|u| u.code == truth)
            .map_or(0.0, |u| confidences[u]);
        let top3 = ranked
            .into_iter()
            .take(3)
            .map(|u| sources.units[u].code.clone())
            .collect();
        (top3, best_sub_major, truth_confidence)
    }

    /// Wraps a title the way ads and CV lines do, by a fixed rule per row:
    /// these templates are written from general knowledge of job ads, for
    /// tuning on the training titles only.
    fn noisy(title: &str, row: usize) -> String {
        let nv = title.replace("nhân viên", "NV");
        match row % 10 {
            0 => format!("Tuyển gấp {title} lương 8-12tr"),
            1 => format!("Cần tuyển {nv} tại Hà Nội"),
            2 => format!("{title} (có kinh nghiệm)"),
            3 => format!("3 năm kinh nghiệm làm {title}"),
            4 => vieclam_text::fold(title),
            5 => format!("TUYỂN {}", title.to_uppercase()),
            6 => format!("Công ty TNHH Minh Phát tuyển {nv}, làm việc tại Bình Dương"),
            7 => vieclam_text::fold(&format!("tuyen {nv} gap")),
            8 => format!("{title} - thu nhập 10 - 15 triệu/tháng"),
            _ => title.to_owned(),
        }
    }

    fn params_from_env() -> Params {
        let mut params = Params::default();
        let Ok(settings) = std::env::var("CLASSIFY_PARAMS") else {
            return params;
        };
        for setting in settings.split(',') {
            let Some((name, value)) = setting.split_once('=') else {
                continue;
            };
            let Ok(value) = value.trim().parse::<f32>() else {
                continue;
            };
            match name.trim() {
                "pair_boost" => params.pair_boost = value,
                "accent_weight" => params.accent_weight = value,
                "coverage_power" => params.coverage_power = value,
                "head_miss" => params.head_miss = value,
                "bag_weight" => params.bag_weight = value,
                "extra_title_weight" => params.extra_title_weight = value,
                "name_vi_weight" => params.name_vi_weight = value,
                "name_en_weight" => params.name_en_weight = value,
                "parent_weight" => params.parent_weight = value,
                "skill_weight" => params.skill_weight = value,
                "head_weight" => params.head_weight = value,
                "temperature" => params.temperature = value,
                other => panic!("unknown parameter {other}"),
            }
        }
        params
    }

    /// A hand-written development set of ad lines and CV lines (not the
    /// held-out test set): prints what it gets wrong. Run with `--ignored
    /// --nocapture`.
    #[test]
    #[ignore = "a tuning aid"]
    fn development_set() {
        let sources = Sources::embedded();
        let model = Model::build(&sources, params_from_env(), &|_| false);
        let data = include_str!("../../../data/occupations/classifier-dev.csv");
        let (mut n, mut top1, mut top3, mut sub1) = (0, 0, 0, 0);
        for line in data.lines().skip(1) {
            let Some((title, code)) = line.rsplit_once(',') else {
                continue;
            };
            let title = title.trim_matches('"');
            let (best, _, _) = evaluate(&model, &sources, title, code);
            n += 1;
            top1 += usize::from(best.first().map(String::as_str) == Some(code));
            top3 += usize::from(best.iter().any(|c| c == code));
            sub1 += usize::from(best.first().map(|c| &c[..2]) == Some(&code[..2]));
            if best.first().map(String::as_str) != Some(code) {
                println!("{code} {title:?} → {best:?}");
            }
        }
        println!("dev n {n}: top-1 {top1} top-3 {top3} sub-major {sub1}");
    }

    /// Prints how the texts in `CLASSIFY_TEXT` (separated by `|`) are
    /// read and ranked.
    #[test]
    #[ignore = "a debugging aid"]
    fn explain() {
        let sources = Sources::embedded();
        let model = Model::build(&sources, params_from_env(), &|_| false);
        let texts = std::env::var("CLASSIFY_TEXT").unwrap_or_default();
        for text in texts.split('|') {
            for reading in text::query_readings(text, &model) {
                let words: Vec<String> = reading
                    .iter()
                    .map(|w| format!("{}:{}@{}", w.exact, w.weight, w.clause))
                    .collect();
                println!("{text:?} reads {}", words.join(" "));
            }
            println!("  → {:?}", evaluate(&model, &sources, text, "").0);
        }
    }

    /// How long building the model takes (printed; meaningful with
    /// `--release`).
    #[test]
    fn build_timing() {
        let start = std::time::Instant::now();
        let sources = Sources::embedded();
        let model = Model::build(&sources, Params::default(), &|_| false);
        println!(
            "model built in {:.1} ms: {} phrases, {} features",
            start.elapsed().as_secs_f64() * 1e3,
            model.phrases.len(),
            model.feature_ids.len()
        );
        assert!(model.scores("thợ hàn").is_some());
    }

    /// Five-fold cross-validation on the training titles, clean and
    /// wrapped in ad wording: how the scoring knobs were chosen. Run with
    /// `cargo test -p vieclam-classify cross_validation -- --ignored
    /// --nocapture`; `CLASSIFY_PARAMS="bag_weight=0.5,…"` tries others.
    #[test]
    #[ignore = "a tuning aid, slow in debug builds"]
    fn cross_validation() {
        let sources = Sources::embedded();
        let params = params_from_env();
        let folds = 5;
        let (mut n, mut clean1, mut clean3, mut noisy1, mut noisy3) = (0, 0, 0, 0, 0);
        let (mut sub_by_unit, mut sub_by_sum, mut log_loss) = (0, 0, 0.0_f64);
        let show = std::env::var("CLASSIFY_SHOW").is_ok();
        for fold in 0..folds {
            let model = Model::build(&sources, params.clone(), &|i| i % folds == fold);
            for (index, title) in sources.titles.iter().enumerate() {
                if index % folds != fold {
                    continue;
                }
                let truth = &sources.units[title.unit].code;
                n += 1;
                let (clean, _, _) = evaluate(&model, &sources, &title.text, truth);
                clean1 += usize::from(clean.first() == Some(truth));
                clean3 += usize::from(clean.contains(truth));
                let text = noisy(&title.text, index);
                let (wrapped, sub_major, confidence) = evaluate(&model, &sources, &text, truth);
                noisy1 += usize::from(wrapped.first() == Some(truth));
                noisy3 += usize::from(wrapped.contains(truth));
                sub_by_unit += usize::from(wrapped.first().map(|c| &c[..2]) == Some(&truth[..2]));
                sub_by_sum += usize::from(sub_major.as_deref() == Some(&truth[..2]));
                log_loss -= f64::from(confidence.max(1e-4)).ln();
                if show && clean.first() != Some(truth) {
                    println!("{truth} {:?} → {clean:?}", title.text);
                }
                if show && wrapped.first() != clean.first() {
                    println!("  noisy {text:?} → {wrapped:?} (clean {clean:?})");
                }
            }
        }
        // The whole model on every title wrapped in ad wording: what noise
        // alone costs when the title itself is known.
        let model = Model::build(&sources, params.clone(), &|_| false);
        let mut in_sample = 0;
        for (index, title) in sources.titles.iter().enumerate() {
            let truth = &sources.units[title.unit].code;
            let text = noisy(&title.text, index + 3);
            let (wrapped, _, _) = evaluate(&model, &sources, &text, truth);
            in_sample += usize::from(wrapped.first() == Some(truth));
            if show && wrapped.first() != Some(truth) {
                println!("  in-sample {text:?} → {wrapped:?} ({truth})");
            }
        }
        let share = |k: usize| 100.0 * k as f64 / n as f64;
        println!("{params:?}");
        println!("in-sample wrapped top-1 {:.1}", share(in_sample));
        println!(
            "n {n}: clean top-1 {:.1} top-3 {:.1} | wrapped top-1 {:.1} top-3 {:.1} | \
             sub-major by unit {:.1} by sum {:.1} | log-loss {:.3}",
            share(clean1),
            share(clean3),
            share(noisy1),
            share(noisy3),
            share(sub_by_unit),
            share(sub_by_sum),
            log_loss / n as f64
        );
    }
}
