//! Hiring signals, in the spirit of France Travail's La Bonne Boîte: which
//! employers are likely to hire in the next six months, for exchange
//! staff's outreach (never published per employer).
//!
//! The score of an employer at the end of a month is its recent activity,
//! each vacancy opened and each hire recorded weighing half as much every
//! six months back (a hire whose worker is in compulsory social insurance
//! counts half again: a formal employer keeps hiring), plus its activity in
//! the same six months a year before (seasonal hiring: Tết, harvests, the
//! school year). "Hiring" is opening a vacancy or recording a hire. An
//! employer that hired regularly and then fell silent for over three of its
//! usual gaps (and over six months) has likely closed or stopped growing:
//! its score is cut to a fifth.
//!
//! [`backtest`] scores every employer known at an origin from what was known
//! then, and measures precision@k against who hired in the six months
//! after, beside the naive rule "hired in the last twelve months". Ties are
//! counted at their expected value (a tied group cut at k contributes its
//! share of hits), so neither ranking gains from the order of ids.

use serde::{Deserialize, Serialize};
use vieclam_plans::period::Month;

/// Months ahead a signal speaks of.
pub const SIGNAL_MONTHS: i32 = 6;
/// Months for the weight of an event to halve.
const HALF_LIFE: f64 = 6.0;
/// Extra weight of an insured hire.
const INSURED_EXTRA: f64 = 0.5;
/// What is left of a dormant employer's score.
const DORMANT_FACTOR: f64 = 0.2;

/// What an employer did, month by month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmployerHistory {
    pub employer_id: i64,
    /// Months a vacancy was opened, with its positions.
    pub vacancies: Vec<(Month, u32)>,
    /// Months a hire was recorded, and whether the worker is insured.
    pub hires: Vec<(Month, bool)>,
}

impl EmployerHistory {
    fn months(&self) -> impl Iterator<Item = Month> + '_ {
        self.vacancies
            .iter()
            .map(|(month, _)| *month)
            .chain(self.hires.iter().map(|(month, _)| *month))
    }

    /// Was anything known of it by the end of `origin`?
    pub fn known_at(&self, origin: Month) -> bool {
        self.months().any(|month| month <= origin)
    }

    /// Did it hire in the months after `from` up to `to`?
    pub fn hired_between(&self, from: Month, to: Month) -> bool {
        self.months().any(|month| month > from && month <= to)
    }

    /// The naive rule: did it hire in the twelve months up to `origin`?
    pub fn hired_last_year(&self, origin: Month) -> bool {
        self.hired_between(Month(origin.0 - 12), origin)
    }

    /// Silent for over three of its usual gaps between months of activity
    /// (the median of at least two), and over six months.
    pub fn dormant(&self, origin: Month) -> bool {
        let mut months: Vec<i32> = self
            .months()
            .filter(|month| *month <= origin)
            .map(|month| month.0)
            .collect();
        months.sort_unstable();
        months.dedup();
        if months.len() < 3 {
            return false;
        }
        let mut gaps: Vec<i32> = months.windows(2).map(|pair| pair[1] - pair[0]).collect();
        gaps.sort_unstable();
        let usual = gaps[gaps.len() / 2];
        let silence = origin.0 - months[months.len() - 1];
        silence > 6 && silence > 3 * usual
    }

    /// The score at the end of `origin`, from what was known then.
    pub fn score(&self, origin: Month) -> f64 {
        let weight = |month: Month| {
            let age = (origin.0 - month.0) as f64;
            0.5f64.powf(age / HALF_LIFE)
        };
        let season =
            |month: Month| month.0 > origin.0 - 12 && month.0 <= origin.0 - 12 + SIGNAL_MONTHS;
        let mut score = 0.0;
        for &(month, _) in &self.vacancies {
            if month <= origin {
                score += weight(month) + if season(month) { 1.0 } else { 0.0 };
            }
        }
        for &(month, insured) in &self.hires {
            if month <= origin {
                let extra = if insured { INSURED_EXTRA } else { 0.0 };
                score += weight(month) * (1.0 + extra) + if season(month) { 1.0 } else { 0.0 };
            }
        }
        if self.dormant(origin) {
            score *= DORMANT_FACTOR;
        }
        score
    }
}

/// One employer likely to hire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signal {
    pub employer_id: i64,
    pub score: f64,
    /// Vacancies opened and hires recorded in the last twelve months.
    pub vacancies_12m: u32,
    pub hires_12m: u32,
    /// Share of those hires in compulsory social insurance (percent).
    pub insured_share_percent: Option<f64>,
    /// The last month it hired.
    pub last_active: Option<String>,
}

/// Employers known at `origin`, most likely to hire first.
pub fn rank(histories: &[EmployerHistory], origin: Month) -> Vec<Signal> {
    let mut signals: Vec<Signal> = histories
        .iter()
        .filter(|history| history.known_at(origin))
        .map(|history| {
            let recent = |month: Month| month.0 > origin.0 - 12 && month <= origin;
            let hires: Vec<bool> = history
                .hires
                .iter()
                .filter(|(month, _)| recent(*month))
                .map(|(_, insured)| *insured)
                .collect();
            Signal {
                employer_id: history.employer_id,
                score: history.score(origin),
                vacancies_12m: history
                    .vacancies
                    .iter()
                    .filter(|(month, _)| recent(*month))
                    .count() as u32,
                hires_12m: hires.len() as u32,
                insured_share_percent: (!hires.is_empty()).then(|| {
                    hires.iter().filter(|insured| **insured).count() as f64 / hires.len() as f64
                        * 100.0
                }),
                last_active: history
                    .months()
                    .filter(|month| *month <= origin)
                    .max()
                    .map(|month| month.to_string()),
            }
        })
        .collect();
    signals.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.employer_id.cmp(&b.employer_id))
    });
    signals
}

/// Expected precision at `k` of a ranking by `scores` (ties at their
/// expected value) against `hits`.
pub fn precision_at(scores: &[f64], hits: &[bool], k: usize) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let k = k.min(scores.len());
    if k == 0 {
        return 0.0;
    }
    let (mut taken, mut found, mut i) = (0usize, 0.0, 0usize);
    while taken < k && i < order.len() {
        let mut j = i;
        while j < order.len() && scores[order[j]] == scores[order[i]] {
            j += 1;
        }
        let group = j - i;
        let group_hits = order[i..j].iter().filter(|&&e| hits[e]).count() as f64;
        let take = group.min(k - taken);
        found += group_hits * take as f64 / group as f64;
        taken += take;
        i = j;
    }
    found / k as f64
}

/// Precision at one cut-off, for the score and for the naive rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrecisionRow {
    pub k: usize,
    pub score: f64,
    pub naive: f64,
}

/// A back-test of the signals at one origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Backtest {
    pub origin: String,
    /// Employers known at the origin.
    pub employers: usize,
    /// Of them, the share that hired in the six months after (percent).
    pub base_rate_percent: f64,
    pub rows: Vec<PrecisionRow>,
}

/// Scores every employer known at `origin` and compares precision@k with
/// the naive rule against who hired in the next six months.
pub fn backtest(histories: &[EmployerHistory], origin: Month, ks: &[usize]) -> Backtest {
    let known: Vec<&EmployerHistory> = histories
        .iter()
        .filter(|history| history.known_at(origin))
        .collect();
    let to = Month(origin.0 + SIGNAL_MONTHS);
    let hits: Vec<bool> = known
        .iter()
        .map(|history| history.hired_between(origin, to))
        .collect();
    let scores: Vec<f64> = known.iter().map(|history| history.score(origin)).collect();
    let naive: Vec<f64> = known
        .iter()
        .map(|history| f64::from(u8::from(history.hired_last_year(origin))))
        .collect();
    let n_hits = hits.iter().filter(|hit| **hit).count();
    Backtest {
        origin: origin.to_string(),
        employers: known.len(),
        base_rate_percent: if known.is_empty() {
            0.0
        } else {
            n_hits as f64 / known.len() as f64 * 100.0
        },
        rows: ks
            .iter()
            .map(|&k| PrecisionRow {
                k,
                score: precision_at(&scores, &hits, k),
                naive: precision_at(&naive, &hits, k),
            })
            .collect(),
    }
}
