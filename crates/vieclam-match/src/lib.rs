//! Two-way job matching with reasons: the best vacancies for a worker and
//! the best workers for a vacancy, from one score.
//!
//! * `features`: the matching view of a worker (`Seeker`) and a vacancy
//!   (`Opening`), built from the registers. Sex, ethnicity and birth date
//!   are not in it.
//! * `score`: the parts (occupation, skills, qualification, experience,
//!   place, wage, hours, language), their configurable `Weights`, the
//!   bonuses that can only add, and the `reasons` a person reads; the
//!   place by distance from home (`DISTANCE_CURVE`).
//! * `related`: occupations related across training levels, as neighbours
//!   or by short training (`data/occupations/related.csv`), or by a rare
//!   shared skill.
//! * `index`: finding the top k without scoring everything, with the
//!   same answer as `brute_force`; `pre_match` for a job-fair session.
//! * `learn`: weights fitted from recorded outcomes.
//! * `market`: a generated market with known good matches, for the
//!   evaluation (`vieclam eval match`) and the benchmark.

mod features;
mod index;
mod learn;
pub mod market;
mod related;
mod score;

pub use features::{Centroid, Occupation, Opening, Place, Seeker, Skills};
pub use index::{pre_match, Hit, OpeningIndex, SeekerIndex};
pub use learn::{fit, Outcome, MIN_OUTCOMES, MIN_PER_CLASS};
pub use related::related_to;
pub use score::{
    distance_part, link, reasons, score, Reason, Scored, Viewer, Weights, DISTANCE_CURVE, PARTS,
    SHUTTLE_SAVES_AT_MOST_KM,
};
