//! Ranking metrics for judged queries: nDCG@10, recall@10 and reciprocal
//! rank, shared by the relevance tests and the search benchmark.

use std::collections::HashMap;

/// The scores of one ranked list against one query's judgments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub ndcg: f64,
    pub recall: f64,
    pub reciprocal_rank: f64,
}

/// nDCG@10 with gains 2^grade − 1 and log2 discounts; recall@10 of the
/// documents graded 2 or more (out of at most 10); the reciprocal rank of
/// the first such document.
pub fn score(ranked: &[i64], grades: &HashMap<i64, u32>) -> Scores {
    let gain = |grade: u32| f64::from((1_u32 << grade.min(8)) - 1);
    let discount = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(rank, id)| gain(*grades.get(id).unwrap_or(&0)) * discount(rank))
        .sum();
    let mut ideal: Vec<u32> = grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(rank, grade)| gain(*grade) * discount(rank))
        .sum();
    let relevant: Vec<i64> = grades
        .iter()
        .filter(|(_, grade)| **grade >= 2)
        .map(|(id, _)| *id)
        .collect();
    let found = ranked
        .iter()
        .take(10)
        .filter(|id| relevant.contains(id))
        .count();
    let recall = found as f64 / relevant.len().clamp(1, 10) as f64;
    let reciprocal_rank = ranked
        .iter()
        .take(10)
        .position(|id| relevant.contains(id))
        .map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
    Scores {
        ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        recall,
        reciprocal_rank,
    }
}

/// The mean of one score over many queries.
pub fn mean(scores: &[Scores], pick: fn(&Scores) -> f64) -> f64 {
    scores.iter().map(pick).sum::<f64>() / scores.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_ranking_scores_one_and_a_miss_zero() {
        let grades = HashMap::from([(1, 3), (2, 2), (3, 1)]);
        let perfect = score(&[1, 2, 3], &grades);
        assert!((perfect.ndcg - 1.0).abs() < 1e-9);
        assert_eq!((perfect.recall, perfect.reciprocal_rank), (1.0, 1.0));
        let miss = score(&[7, 8], &grades);
        assert_eq!(
            (miss.ndcg, miss.recall, miss.reciprocal_rank),
            (0.0, 0.0, 0.0)
        );
        let swapped = score(&[3, 2, 1], &grades);
        assert!(swapped.ndcg < 1.0 && swapped.reciprocal_rank == 0.5);
    }
}
