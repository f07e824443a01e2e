//! The hand-judged relevance set (`data/search-relevance`): nDCG@10,
//! recall@10 and MRR of the engine over a fixed corpus of Vietnamese
//! vacancies, printed as a table, with floors that catch regressions.
//! Run with `--nocapture` to see the table.

use std::collections::HashMap;

use vieclam_domain::registry::OccupationCode;
use vieclam_search::evaluation::{mean, score, Scores};
use vieclam_search::{VacancyDoc, VacancyIndex, VacancyQuery};

const CORPUS: &str = include_str!("../../../data/search-relevance/corpus.csv");
const QUERIES: &str = include_str!("../../../data/search-relevance/queries.csv");
const JUDGMENTS: &str = include_str!("../../../data/search-relevance/judgments.csv");

fn records(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn index() -> VacancyIndex {
    let index = VacancyIndex::new().unwrap();
    let documents: Vec<VacancyDoc> = records(CORPUS)
        .iter()
        .map(|record| VacancyDoc {
            id: record[0].parse().unwrap(),
            title: record[1].to_owned(),
            occupation_code: Some(record[2].to_owned()),
            occupation_name: OccupationCode::parse(&record[2])
                .ok()
                .map(|code| code.name_vi().to_owned()),
            employer_name: record[3].to_owned(),
            skills: record[4].split(';').map(str::to_owned).collect(),
            description: None,
            units: vec!["2025:01".to_owned()],
            commune: "2025:00004".to_owned(),
            wage_min: None,
            wage_max: None,
            qualification: None,
            contract_type: None,
            disability_friendly: false,
            abroad: false,
            open: true,
            headcount: 1,
            posted_at: 0,
        })
        .collect();
    index.upsert(&documents).unwrap();
    index
}

fn judgments() -> HashMap<String, HashMap<i64, u32>> {
    let mut judgments: HashMap<String, HashMap<i64, u32>> = HashMap::new();
    for record in records(JUDGMENTS) {
        judgments
            .entry(record[0].to_owned())
            .or_default()
            .insert(record[1].parse().unwrap(), record[2].parse().unwrap());
    }
    judgments
}

fn ranked(index: &VacancyIndex, text: &str, read_occupation: bool, limit: usize) -> Vec<i64> {
    index
        .search(&VacancyQuery {
            text: text.to_owned(),
            read_occupation,
            limit,
            ..VacancyQuery::default()
        })
        .unwrap()
        .hits
        .iter()
        .map(|hit| hit.id)
        .collect()
}

/// The means of one way of searching over the whole set.
struct Summary {
    ndcg: f64,
    recall: f64,
}

/// Scores every query, prints a line per query and the means by kind, and
/// returns the overall means with the accent-free queries that found none
/// of their targets.
fn evaluate(
    index: &VacancyIndex,
    judgments: &HashMap<String, HashMap<i64, u32>>,
    read_occupation: bool,
) -> (Summary, Vec<String>) {
    let queries = records(QUERIES);
    assert!(queries.len() >= 60, "the set has at least 60 queries");
    let (mut accented, mut folded) = (Vec::new(), Vec::new());
    let mut failures = Vec::new();
    println!(
        "{:<5} {:<28} {:>7} {:>9} {:>6}",
        "id", "query", "nDCG@10", "recall@10", "RR"
    );
    for record in &queries {
        let (id, text) = (&record[0], &record[1]);
        let grades = &judgments[id];
        let scores = score(&ranked(index, text, read_occupation, 10), grades);
        println!(
            "{id:<5} {text:<28} {:>7.3} {:>9.3} {:>6.3}",
            scores.ndcg, scores.recall, scores.reciprocal_rank
        );
        if vieclam_text::has_diacritics(text) {
            accented.push(scores);
        } else {
            // Every accent-free query finds its accented targets.
            if scores.recall == 0.0 {
                failures.push(text.to_owned());
            }
            folded.push(scores);
        }
    }
    for (name, set) in [
        ("with diacritics", &accented),
        ("without diacritics", &folded),
    ] {
        println!(
            "{name:<20} n={:<3} nDCG@10 {:.3}  recall@10 {:.3}  MRR {:.3}",
            set.len(),
            mean(set, |s| s.ndcg),
            mean(set, |s| s.recall),
            mean(set, |s| s.reciprocal_rank)
        );
    }
    let all: Vec<Scores> = accented.into_iter().chain(folded).collect();
    let summary = Summary {
        ndcg: mean(&all, |s| s.ndcg),
        recall: mean(&all, |s| s.recall),
    };
    println!(
        "all                  n={:<3} nDCG@10 {:.3}  recall@10 {:.3}",
        all.len(),
        summary.ndcg,
        summary.recall
    );
    (summary, failures)
}

/// Both ways of searching, side by side: the words only, and the words
/// with the occupation the query names (`VacancyQuery::read_occupation`).
#[test]
fn the_judged_queries_find_what_people_want() {
    let index = index();
    let judgments = judgments();
    println!("— words only —");
    let (words, failures) = evaluate(&index, &judgments, false);
    assert!(
        failures.is_empty(),
        "accent-free queries that found none of their targets: {failures:?}"
    );
    println!("— words + occupation —");
    let (both, failures) = evaluate(&index, &judgments, true);
    assert!(
        failures.is_empty(),
        "accent-free queries that found none of their targets: {failures:?}"
    );
    println!(
        "{:<22} {:>7} {:>9}\n{:<22} {:>7.3} {:>9.3}\n{:<22} {:>7.3} {:>9.3}",
        "",
        "nDCG@10",
        "recall@10",
        "words only",
        words.ndcg,
        words.recall,
        "words + occupation",
        both.ndcg,
        both.recall
    );
    // Floors a few points under today's figures: a regression fails here.
    for (name, summary) in [("words only", &words), ("words + occupation", &both)] {
        assert!(
            summary.ndcg >= 0.80,
            "{name}: nDCG@10 fell to {:.3}",
            summary.ndcg
        );
        assert!(
            summary.recall >= 0.75,
            "{name}: recall@10 fell to {:.3}",
            summary.recall
        );
    }
    // Occupation matches only ever follow the words' own: they cannot
    // lower a query's figures.
    assert!(both.ndcg >= words.ndcg && both.recall >= words.recall);
}

/// For every query of the set, the vacancies the words find keep their
/// places at the top, in the same order, and every vacancy found only by
/// its occupation comes after all of them — no query loses its exact
/// matches to an occupation match.
#[test]
fn occupation_matches_never_pass_a_word_match() {
    let index = index();
    let mut expanded = 0;
    for record in records(QUERIES) {
        let text = &record[1];
        let words = ranked(&index, text, false, 200);
        let both = ranked(&index, text, true, 200);
        assert!(
            both.len() >= words.len() && both[..words.len()] == words[..],
            "{text:?}: the words found {words:?}, words + occupation {both:?}"
        );
        expanded += usize::from(both.len() > words.len());
    }
    // The test means something only if queries do gain occupation matches.
    assert!(
        expanded >= 10,
        "only {expanded} queries gained occupation matches"
    );
}
