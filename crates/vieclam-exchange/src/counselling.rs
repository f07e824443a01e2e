//! Counselling and referral (tư vấn, giới thiệu việc làm): who was
//! counselled, when, by whom, what was advised, which vacancies they were
//! referred to, and what came of it. The plans' counselling figures are
//! counted from these records.

use crate::coded::coded;

coded! {
    /// What came of a counselling.
    CounsellingOutcome, "Kết quả tư vấn", "counselling outcome" {
        /// Advice given, nothing to follow yet.
        Advised = "advised", "Đã tư vấn", "Advised";
        /// Referred to one or more vacancies.
        Referred = "referred", "Đã giới thiệu việc làm", "Referred to vacancies";
        /// Referred on to training.
        Training = "training", "Giới thiệu học nghề", "Referred to training";
        /// Found a job through the referral.
        Placed = "placed", "Đã có việc làm", "Placed in a job";
    }
}

/// The longest advice note.
pub const MAX_ADVICE_CHARS: usize = 4_000;
/// The most vacancies one counselling refers to.
pub const MAX_REFERRALS: usize = 20;
