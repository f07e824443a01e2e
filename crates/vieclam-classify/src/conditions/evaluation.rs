//! Precision and recall of [`read_conditions`](super::read_conditions) on
//! the hand-labelled vacancies of `data/vacancy-conditions/cases.txt`
//! (see its README for how they were written and labelled).

use std::fmt;

use super::{read_conditions, PreferredGroup, VacancyConditions};

const CASES: &str = include_str!("../../../../data/vacancy-conditions/cases.txt");

/// One labelled vacancy.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The labels, as written after `expect:`.
    pub expected: Vec<String>,
}

/// The labelled vacancies, in file order.
pub fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in CASES.lines() {
        if let Some(id) = line.strip_prefix("## ") {
            cases.push(Case {
                id: id.trim().to_owned(),
                title: String::new(),
                description: String::new(),
                expected: Vec::new(),
            });
            continue;
        }
        let Some(case) = cases.last_mut() else {
            continue;
        };
        if let Some(title) = line.strip_prefix("title:") {
            case.title = title.trim().to_owned();
        } else if let Some(expected) = line.strip_prefix("expect:") {
            case.expected = expected.split_whitespace().map(str::to_owned).collect();
        } else {
            case.description.push_str(line);
            case.description.push('\n');
        }
    }
    cases
}

/// The labels of a reading, in the file's vocabulary: "training",
/// "untrained", "shuttle", "accommodation", "meals", a group's code,
/// "age:18-35" (either bound may be empty), "sex:male", "prefer:female".
pub fn labels(conditions: &VacancyConditions) -> Vec<String> {
    let mut found = Vec::new();
    for (flag, name) in [
        (conditions.training_given, "training"),
        (conditions.untrained_accepted, "untrained"),
        (conditions.shuttle, "shuttle"),
        (conditions.accommodation, "accommodation"),
        (conditions.meals, "meals"),
    ] {
        if flag {
            found.push(name.to_owned());
        }
    }
    found.extend(
        conditions
            .preferred
            .iter()
            .map(|group| group.code().to_owned()),
    );
    if let Some((low, high)) = conditions.age_limit {
        let show = |age: Option<u8>| age.map(|age| age.to_string()).unwrap_or_default();
        found.push(format!("age:{}-{}", show(low), show(high)));
    }
    if let Some(sex) = conditions.sex_limit {
        found.push(format!("sex:{}", sex.as_str()));
    }
    if let Some(sex) = conditions.sex_preferred {
        found.push(format!("prefer:{}", sex.as_str()));
    }
    found
}

/// One condition's counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    pub condition: String,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Score {
    /// Cases labelled with the condition.
    pub fn support(&self) -> usize {
        self.true_positives + self.false_negatives
    }

    /// 1 when nothing was found.
    pub fn precision(&self) -> f64 {
        let found = self.true_positives + self.false_positives;
        if found == 0 {
            1.0
        } else {
            self.true_positives as f64 / found as f64
        }
    }

    /// 1 when nothing was to be found.
    pub fn recall(&self) -> f64 {
        if self.support() == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.support() as f64
        }
    }
}

/// The scores of every condition, and the cases read wrongly.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub scores: Vec<Score>,
    /// (case id, expected labels, labels read).
    pub mistakes: Vec<(String, Vec<String>, Vec<String>)>,
    pub n_cases: usize,
}

/// Whether a label belongs to a row of the report.
type BelongsToRow = Box<dyn Fn(&str) -> bool>;

/// The conditions a report has a row for: each yes/no condition, each
/// group, all groups together, the age limit (right when both bounds are),
/// the sex limit and the sex preference (right when the sex is).
fn rows() -> Vec<(String, BelongsToRow)> {
    let mut rows: Vec<(String, BelongsToRow)> = Vec::new();
    for name in ["training", "untrained", "shuttle", "accommodation", "meals"] {
        rows.push((name.to_owned(), Box::new(move |label: &str| label == name)));
    }
    rows.push((
        "preferred (all groups)".to_owned(),
        Box::new(|label: &str| PreferredGroup::from_code(label).is_some()),
    ));
    for group in PreferredGroup::ALL {
        rows.push((
            format!("preferred: {}", group.code()),
            Box::new(move |label: &str| label == group.code()),
        ));
    }
    rows.push((
        "age".to_owned(),
        Box::new(|label: &str| label.starts_with("age:")),
    ));
    rows.push((
        "sex".to_owned(),
        Box::new(|label: &str| label.starts_with("sex:")),
    ));
    rows.push((
        "sex preferred".to_owned(),
        Box::new(|label: &str| label.starts_with("prefer:")),
    ));
    rows
}

/// Reads every case and counts, per condition, the labels found and
/// missed. A label of a row found with another value ("age:18-30" for
/// "age:18-35") counts once as a false positive and once as a false
/// negative.
pub fn evaluate() -> Report {
    evaluate_cases(&cases())
}

/// The first case written after the rules were frozen: the cases from it
/// on were never used to write them.
pub const FIRST_HELD_OUT: &str = "093";

/// [`evaluate`] on the held-out cases only.
pub fn evaluate_held_out() -> Report {
    let held_out: Vec<Case> = cases()
        .into_iter()
        .filter(|case| case.id.as_str() >= FIRST_HELD_OUT)
        .collect();
    evaluate_cases(&held_out)
}

/// [`evaluate`] on the given cases.
pub fn evaluate_cases(cases: &[Case]) -> Report {
    let mut report = Report {
        n_cases: cases.len(),
        ..Report::default()
    };
    let rows = rows();
    report.scores = rows
        .iter()
        .map(|(name, _)| Score {
            condition: name.clone(),
            ..Score::default()
        })
        .collect();
    for case in cases {
        let found = labels(&read_conditions(&case.title, &case.description));
        for ((_, belongs), score) in rows.iter().zip(&mut report.scores) {
            let expected: Vec<&String> = case.expected.iter().filter(|l| belongs(l)).collect();
            let read: Vec<&String> = found.iter().filter(|l| belongs(l)).collect();
            score.true_positives += read.iter().filter(|l| expected.contains(l)).count();
            score.false_positives += read.iter().filter(|l| !expected.contains(l)).count();
            score.false_negatives += expected.iter().filter(|l| !read.contains(l)).count();
        }
        let mut expected = case.expected.clone();
        let mut read = found.clone();
        expected.sort();
        read.sort();
        if expected != read {
            report
                .mistakes
                .push((case.id.clone(), case.expected.clone(), found));
        }
    }
    report
}

impl fmt::Display for Report {
    /// A Markdown table, as in the data set's README.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(formatter, "{} cases\n", self.n_cases)?;
        writeln!(
            formatter,
            "| condition | labelled | found right | found wrongly | missed | precision | recall |"
        )?;
        writeln!(formatter, "|---|---:|---:|---:|---:|---:|---:|")?;
        for score in &self.scores {
            writeln!(
                formatter,
                "| {} | {} | {} | {} | {} | {:.2} | {:.2} |",
                score.condition,
                score.support(),
                score.true_positives,
                score.false_positives,
                score.false_negatives,
                score.precision(),
                score.recall()
            )?;
        }
        Ok(())
    }
}
