//! Limits of age and sex read against the Labour Code, for the exchange's
//! review. A flag asks a person to look at a vacancy; it decides nothing,
//! and it is never used to rank.
//!
//! # The rule and its sources
//!
//! - Bộ luật Lao động 2019 (Labour Code, Law 45/2019/QH14), Art. 3(8):
//!   discrimination is "phân biệt, loại trừ hoặc ưu tiên" — distinguishing,
//!   excluding *or preferring* — by, among others, sex and age, that
//!   affects equal opportunity in employment; what follows from the
//!   particular requirements of a job is not discrimination. Art. 8(1)
//!   prohibits discrimination in labour.
//! - Luật Bình đẳng giới 2006 (Law on Gender Equality, 73/2006/QH11),
//!   Art. 13(1): men and women are equal in the criteria and the ages of
//!   recruitment.
//! - Labour Code Art. 135–142 and Decree 145/2020/NĐ-CP protect women
//!   (pregnancy and nursing, Art. 137) and Circular 10/2020/TT-BLĐTBXH lists
//!   the jobs that affect the function of giving birth and raising
//!   children (Art. 142): the employer must inform the worker of the
//!   risks. None of these closes a job to women, so no sex limit is an
//!   exception the code can recognise.
//! - Minors (Art. 143–147): a worker from 15 to under 18 may not do the
//!   work listed by Circular 09/2020/TT-BLĐTBXH; from 13 to under 15 only
//!   the light work it lists; under 13 only art, sport and similar work
//!   (Art. 145). A lower age of 18, or of 15 to 17, is therefore the
//!   lawful protection of minors and is not flagged.
//!
//! So, conservatively:
//! - an upper age limit ([`FlagKind::UpperAgeLimit`]),
//! - a lower age above 18 ([`FlagKind::MinimumAgeAboveAdult`]; it may be
//!   the job's own requirement, such as a driving-licence class — the
//!   officer decides),
//! - a lower age under 15 ([`FlagKind::ChildWorker`]: light work only),
//! - a sex limit ([`FlagKind::SexLimit`]) or a sex preference
//!   ([`FlagKind::SexPreference`], "ưu tiên" is part of the definition)
//!
//! are flagged, each with the employer's words; nothing else is.

use super::{Condition, Evidence, VacancyConditions};

/// What a flag is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlagKind {
    UpperAgeLimit,
    MinimumAgeAboveAdult,
    ChildWorker,
    SexLimit,
    SexPreference,
}

impl FlagKind {
    /// A stable code for the API and files.
    pub fn code(self) -> &'static str {
        match self {
            FlagKind::UpperAgeLimit => "upper_age_limit",
            FlagKind::MinimumAgeAboveAdult => "minimum_age_above_adult",
            FlagKind::ChildWorker => "child_worker",
            FlagKind::SexLimit => "sex_limit",
            FlagKind::SexPreference => "sex_preference",
        }
    }
}

/// The common first sentence of every age or sex flag.
pub const REASON_VI: &str =
    "Giới hạn tuổi/giới tính có thể trái Điều 8 Bộ luật Lao động 2019 — cần sàn kiểm tra";
/// `REASON_VI` in English.
pub const REASON_EN: &str =
    "An age or sex limit may breach Art. 8 of the Labour Code 2019 — for the exchange to review";

/// A vacancy's condition for a person at the exchange to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub kind: FlagKind,
    /// The employer's words the flag was raised on.
    pub quotes: Vec<String>,
}

impl Flag {
    /// Why, in Vietnamese: the common reason and what this flag is about.
    pub fn reason_vi(&self) -> String {
        let detail = match self.kind {
            FlagKind::UpperAgeLimit => {
                "giới hạn tuổi tối đa (Điều 3 khoản 8: phân biệt, loại trừ theo độ tuổi)"
            }
            FlagKind::MinimumAgeAboveAdult => {
                "tuổi tối thiểu trên 18 — kiểm tra có phải yêu cầu đặc thù của công việc (ví dụ hạng giấy phép lái xe)"
            }
            FlagKind::ChildWorker => {
                "nhận người dưới 15 tuổi — chỉ được làm công việc nhẹ theo danh mục (Điều 143, 145; Thông tư 09/2020/TT-BLĐTBXH)"
            }
            FlagKind::SexLimit => {
                "chỉ tuyển một giới (Điều 3 khoản 8; Điều 13 Luật Bình đẳng giới)"
            }
            FlagKind::SexPreference => {
                "ưu tiên một giới — \"ưu tiên\" cũng là phân biệt đối xử (Điều 3 khoản 8)"
            }
        };
        format!("{REASON_VI}: {detail}.")
    }

    /// Why, in English.
    pub fn reason_en(&self) -> String {
        let detail = match self.kind {
            FlagKind::UpperAgeLimit => "an upper age limit (Art. 3(8): distinction or exclusion by age)",
            FlagKind::MinimumAgeAboveAdult => {
                "a lowest age above 18 — check whether the job itself requires it (a driving-licence class, say)"
            }
            FlagKind::ChildWorker => {
                "workers under 15 accepted — light work from the official list only (Art. 143, 145; Circular 09/2020/TT-BLĐTBXH)"
            }
            FlagKind::SexLimit => "one sex only (Art. 3(8); Art. 13 of the Law on Gender Equality)",
            FlagKind::SexPreference => "one sex preferred — a preference is discrimination too (Art. 3(8))",
        };
        format!("{REASON_EN}: {detail}.")
    }
}

/// The youngest age at which a worker is an adult (Labour Code Art. 143).
const ADULT_AGE: u8 = 18;
/// Under this age only light work from the official list is allowed.
const LIGHT_WORK_AGE: u8 = 15;

/// The flags on a vacancy's conditions: its limits of age and sex that the
/// exchange should look at (see the module's documentation for the rule).
/// Empty when there is nothing to look at.
pub fn discrimination(conditions: &VacancyConditions) -> Vec<Flag> {
    let quotes = |keep: &dyn Fn(&Evidence) -> bool| -> Vec<String> {
        conditions
            .evidence
            .iter()
            .filter(|evidence| keep(evidence))
            .map(|evidence| evidence.quote.clone())
            .collect()
    };
    let age_quotes = || quotes(&|evidence| evidence.condition == Condition::AgeLimit);
    let mut flags = Vec::new();
    if let Some((lowest, highest)) = conditions.age_limit {
        if highest.is_some() {
            flags.push(Flag {
                kind: FlagKind::UpperAgeLimit,
                quotes: age_quotes(),
            });
        }
        match lowest {
            Some(age) if age > ADULT_AGE => flags.push(Flag {
                kind: FlagKind::MinimumAgeAboveAdult,
                quotes: age_quotes(),
            }),
            Some(age) if age < LIGHT_WORK_AGE => flags.push(Flag {
                kind: FlagKind::ChildWorker,
                quotes: age_quotes(),
            }),
            _ => {}
        }
    }
    if let Some(sex) = conditions.sex_limit {
        flags.push(Flag {
            kind: FlagKind::SexLimit,
            quotes: quotes(&|evidence| evidence.condition == Condition::SexLimit(sex)),
        });
    }
    if let Some(sex) = conditions.sex_preferred {
        flags.push(Flag {
            kind: FlagKind::SexPreference,
            quotes: quotes(&|evidence| evidence.condition == Condition::SexPreferred(sex)),
        });
    }
    flags
}
