//! Accuracy on the held-out test set `data/occupations/classifier-test.csv`
//! (670 hand-labelled titles and CV lines, kept apart from the training
//! titles and never used to train or tune the classifier).

use crate::data;
use crate::Classifier;

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
    let classifier = Classifier::embedded();
    let cases = data::test_cases();
    let (mut unit1, mut unit3, mut sub1, mut sub3) = (0_usize, 0_usize, 0_usize, 0_usize);
    for case in &cases {
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
