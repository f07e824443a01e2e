//! Learning the part weights from recorded outcomes.
//!
//! Each outcome is a match that was shown, with its parts, and whether it
//! led somewhere (shortlisted or hired) or not. A logistic regression over
//! the eight parts, started from the current weights and pulled back to
//! them (L2), gives new weights; they are kept non-negative and rescaled
//! to the same total, so the bonuses keep their meaning. With fewer than
//! [`MIN_OUTCOMES`] outcomes, or fewer than [`MIN_PER_CLASS`] of either
//! kind, nothing is learnt. Only parts are learnt: sex, ethnicity and age
//! are not among them, so learning cannot bring them in.

use crate::score::Weights;

/// A match shown, and what came of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub parts: [f32; 8],
    /// Shortlisted or hired.
    pub positive: bool,
}

pub const MIN_OUTCOMES: usize = 200;
pub const MIN_PER_CLASS: usize = 20;

/// New weights fitted to `outcomes`, or `None` when there are too few.
pub fn fit(outcomes: &[Outcome], start: &Weights) -> Option<Weights> {
    let positives = outcomes.iter().filter(|o| o.positive).count();
    if outcomes.len() < MIN_OUTCOMES
        || positives < MIN_PER_CLASS
        || outcomes.len() - positives < MIN_PER_CLASS
    {
        return None;
    }
    let prior = start.parts();
    let total: f32 = prior.iter().sum();
    // Weights on a logistic scale: the start weights × 10.
    let mut w: [f64; 8] = prior.map(|p| f64::from(p) * 10.0);
    let mut bias = -f64::from(total) * 5.0;
    let n = outcomes.len() as f64;
    let (rate, l2) = (0.5, 0.01);
    for _ in 0..1500 {
        let mut gradient = [0.0f64; 8];
        let mut gradient_bias = 0.0;
        for outcome in outcomes {
            let z: f64 = bias
                + w.iter()
                    .zip(outcome.parts)
                    .map(|(w, x)| w * f64::from(x))
                    .sum::<f64>();
            let error = 1.0 / (1.0 + (-z).exp()) - f64::from(u8::from(outcome.positive));
            for (g, x) in gradient.iter_mut().zip(outcome.parts) {
                *g += error * f64::from(x);
            }
            gradient_bias += error;
        }
        for i in 0..8 {
            let pull = l2 * (w[i] - f64::from(prior[i]) * 10.0);
            w[i] = (w[i] - rate * (gradient[i] / n + pull)).max(0.0);
        }
        bias -= rate * gradient_bias / n;
    }
    let sum: f64 = w.iter().sum();
    if sum <= 0.0 {
        return None;
    }
    let parts = w.map(|value| (value / sum * f64::from(total)) as f32);
    Some(start.with_parts(parts))
}
