//! Reading a vacancy's conditions from its title and description: what an
//! employer writes only in prose — a shuttle bus, meals and a place to
//! live, training given, untrained workers accepted, the groups it
//! prefers, and limits of age or sex.
//!
//! ```
//! use vieclam_classify::conditions::{read_conditions, PreferredGroup};
//!
//! let read = read_conditions(
//!     "Tuyển 30 CN may",
//!     "Nhận LĐPT, được đào tạo tại chỗ. Có xe đưa đón CN, không bao ăn ở. \
//!      Ưu tiên bộ đội xuất ngũ. Nữ từ 18-35 tuổi.",
//! );
//! assert!(read.untrained_accepted && read.training_given && read.shuttle);
//! assert!(!read.meals && !read.accommodation);
//! assert_eq!(read.preferred, [PreferredGroup::Demobilised]);
//! assert_eq!(read.age_limit, Some((Some(18), Some(35))));
//! ```
//!
//! # Method
//!
//! Rules written by hand (`rules.rs`), no learned weights. The text is cut
//! into words that keep their place in it (`tokens.rs`), abbreviations
//! expanded ("CN", "LĐPT", "KTX", "ko"), each word compared folded and —
//! when the text is written with diacritics — by its exact key too, so
//! "nhan lao dong chua qua dao tao" reads like the accented text, "hoà"
//! like "hòa", and "năm" (year) is not "nam" (male) in accented text.
//!
//! 1. Every rule's pattern is matched; a match inside a **veto** of its
//!    topic is dropped ("lái xe đưa đón khách" is a driver's job, "trình
//!    độ đào tạo" a requirement); of overlapping matches of one topic the
//!    longest stays ("sinh viên mới ra trường" is a graduate, not "sinh
//!    viên").
//! 2. A match is **negated** — and so not found — when "không", "chưa",
//!    "chẳng" (or "ko", "k") stands up to four words before it in the same
//!    clause, or "không" ends the sentence right after it ("Xe đưa đón:
//!    không"), or "tự túc" / "tự lo" follows or precedes it ("ăn ở tự
//!    túc"). A "không" that begins a finding of its own ("không yêu cầu
//!    kinh nghiệm"), or says "no more than" ("không quá") or "not required"
//!    ("không cần"), negates nothing after it.
//! 3. A group's name counts as a **preference** only after a word that
//!    prefers or welcomes it in the same sentence ("ưu tiên", "nhận",
//!    "dành cho", up to fifteen words before: "Ưu tiên: bộ đội xuất ngũ,
//!    người dân tộc thiểu số") or before "được ưu tiên".
//! 4. **Age**: every range or bound of years ("18-35 tuổi", "dưới 30
//!    tuổi", "từ 20 tuổi trở lên", "nữ 18-35") with plausible ages; the
//!    limit read is the widest (the lowest lower bound, the highest upper
//!    bound). Bounds are kept as written: "dưới 30 tuổi" is an upper bound
//!    of 30 — ads are not precise enough for more. A negated upper bound is
//!    a lower one ("không nhận người dưới 18 tuổi").
//! 5. **Sex**: only this sex hired ("chỉ tuyển nam", "công nhân nữ",
//!    "giới tính: nam", "nữ từ 18 tuổi", "không tuyển nữ"), or preferred
//!    ("ưu tiên nữ"); both sexes named ("nam/nữ", "nam 18-45, nữ 18-35")
//!    or "không phân biệt giới tính" anywhere means no limit.
//!
//! Each condition found keeps its [`Evidence`]: the employer's words it was
//! read from, to quote in a reason. The conditions are information for
//! matching and for the exchange's officers; [`discrimination`] reads the
//! limits of age and sex against the Labour Code for review, and its flags
//! are never used to rank.
//!
//! Measured on the hand-labelled set `data/vacancy-conditions` (see its
//! README); `tests/classifier.rs` asserts each condition's precision and
//! recall there.

pub mod evaluation;
mod law;
mod rules;
mod tokens;

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

pub use law::{discrimination, Flag, FlagKind};
pub use vieclam_domain::registry::{PriorityGroup, Sex};

use rules::{rules, Finding, Topic, NEGATORS, NOT_NEGATING_AFTER};
use tokens::{Pattern, Token, Tokens};

/// A group of workers an employer says it prefers or welcomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PreferredGroup {
    /// Bộ đội, công an xuất ngũ.
    Demobilised,
    /// Người khuyết tật.
    Disability,
    /// Lao động địa phương: living near the workplace, a local household
    /// registration.
    LocalWorker,
    /// Người dân tộc thiểu số.
    EthnicMinority,
    /// Lao động về nước: back from working abroad under contract.
    ReturnedMigrant,
    /// Hộ nghèo, cận nghèo, hoàn cảnh khó khăn.
    PoorHousehold,
    /// Sinh viên mới tốt nghiệp.
    Graduate,
    /// Thanh niên, sinh viên, lao động trẻ.
    Youth,
}

impl PreferredGroup {
    pub const ALL: [PreferredGroup; 8] = [
        PreferredGroup::Demobilised,
        PreferredGroup::Disability,
        PreferredGroup::LocalWorker,
        PreferredGroup::EthnicMinority,
        PreferredGroup::ReturnedMigrant,
        PreferredGroup::PoorHousehold,
        PreferredGroup::Graduate,
        PreferredGroup::Youth,
    ];

    /// The registers' priority group it is, where there is one: local
    /// workers, returned migrants and the young are not priority groups of
    /// the plans.
    pub fn priority_group(self) -> Option<PriorityGroup> {
        match self {
            PreferredGroup::Demobilised => Some(PriorityGroup::Demobilised),
            PreferredGroup::Disability => Some(PriorityGroup::Disability),
            PreferredGroup::EthnicMinority => Some(PriorityGroup::EthnicMinority),
            PreferredGroup::PoorHousehold => Some(PriorityGroup::PoorHousehold),
            PreferredGroup::Graduate => Some(PriorityGroup::Graduate),
            PreferredGroup::LocalWorker
            | PreferredGroup::ReturnedMigrant
            | PreferredGroup::Youth => None,
        }
    }

    /// A stable code for files and the API.
    pub fn code(self) -> &'static str {
        match self {
            PreferredGroup::Demobilised => "demobilised",
            PreferredGroup::Disability => "disability",
            PreferredGroup::LocalWorker => "local_worker",
            PreferredGroup::EthnicMinority => "ethnic_minority",
            PreferredGroup::ReturnedMigrant => "returned_migrant",
            PreferredGroup::PoorHousehold => "poor_household",
            PreferredGroup::Graduate => "graduate",
            PreferredGroup::Youth => "youth",
        }
    }

    pub fn from_code(code: &str) -> Option<PreferredGroup> {
        PreferredGroup::ALL
            .into_iter()
            .find(|group| group.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            PreferredGroup::Demobilised => "Bộ đội xuất ngũ",
            PreferredGroup::Disability => "Người khuyết tật",
            PreferredGroup::LocalWorker => "Lao động địa phương",
            PreferredGroup::EthnicMinority => "Người dân tộc thiểu số",
            PreferredGroup::ReturnedMigrant => "Lao động về nước",
            PreferredGroup::PoorHousehold => "Hộ nghèo, cận nghèo",
            PreferredGroup::Graduate => "Sinh viên mới tốt nghiệp",
            PreferredGroup::Youth => "Thanh niên, sinh viên",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            PreferredGroup::Demobilised => "demobilised soldiers",
            PreferredGroup::Disability => "people with disabilities",
            PreferredGroup::LocalWorker => "local workers",
            PreferredGroup::EthnicMinority => "ethnic minorities",
            PreferredGroup::ReturnedMigrant => "workers back from abroad",
            PreferredGroup::PoorHousehold => "poor and near-poor households",
            PreferredGroup::Graduate => "new graduates",
            PreferredGroup::Youth => "young people and students",
        }
    }
}

/// One condition that can be read from a vacancy's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Condition {
    TrainingGiven,
    UntrainedAccepted,
    Shuttle,
    Accommodation,
    Meals,
    Preferred(PreferredGroup),
    AgeLimit,
    /// Only this sex is hired.
    SexLimit(Sex),
    /// This sex is preferred.
    SexPreferred(Sex),
}

impl Condition {
    /// The condition in Vietnamese, for a list on a page.
    pub fn name_vi(self) -> String {
        match self {
            Condition::TrainingGiven => "Được đào tạo".to_owned(),
            Condition::UntrainedAccepted => "Nhận lao động chưa qua đào tạo".to_owned(),
            Condition::Shuttle => "Có xe đưa đón".to_owned(),
            Condition::Accommodation => "Hỗ trợ chỗ ở".to_owned(),
            Condition::Meals => "Bữa ăn, tiền ăn".to_owned(),
            Condition::Preferred(group) => format!("Ưu tiên: {}", group.name_vi().to_lowercase()),
            Condition::AgeLimit => "Giới hạn tuổi".to_owned(),
            Condition::SexLimit(sex) => format!("Chỉ tuyển {}", sex.name_vi().to_lowercase()),
            Condition::SexPreferred(sex) => format!("Ưu tiên {}", sex.name_vi().to_lowercase()),
        }
    }

    /// The condition in English.
    pub fn name_en(self) -> String {
        match self {
            Condition::TrainingGiven => "Training given".to_owned(),
            Condition::UntrainedAccepted => "Untrained workers accepted".to_owned(),
            Condition::Shuttle => "Shuttle bus".to_owned(),
            Condition::Accommodation => "Accommodation".to_owned(),
            Condition::Meals => "Meals or a meal allowance".to_owned(),
            Condition::Preferred(group) => format!("Preferred: {}", group.name_en()),
            Condition::AgeLimit => "Age limit".to_owned(),
            Condition::SexLimit(sex) => format!("{} only", sex_en(sex)),
            Condition::SexPreferred(sex) => format!("{} preferred", sex_en(sex)),
        }
    }
}

fn sex_en(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "Men",
        Sex::Female => "Women",
    }
}

/// Which text a condition was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Description,
}

/// The words a condition was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub condition: Condition,
    pub field: Field,
    /// Bytes of the field's text (NFC or not, as given).
    pub range: Range<usize>,
    /// The employer's words, as written; for a group named far from the
    /// word that prefers it, both joined by " … ".
    pub quote: String,
}

/// The conditions read from a vacancy's title and description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VacancyConditions {
    /// Training given by the employer ("được đào tạo", "đào tạo tại chỗ").
    pub training_given: bool,
    /// Workers without training or experience accepted ("nhận lao động
    /// chưa qua đào tạo", "không yêu cầu kinh nghiệm", "LĐPT").
    pub untrained_accepted: bool,
    /// A bus for the workers to and from work ("có xe đưa đón").
    pub shuttle: bool,
    /// A place to live, or money towards one ("bao ở", "có ký túc xá",
    /// "hỗ trợ tiền nhà").
    pub accommodation: bool,
    /// Meals, or money towards them ("bao ăn", "cơm ca", "hỗ trợ ăn
    /// trưa").
    pub meals: bool,
    /// Groups preferred or welcomed, in the enum's order.
    pub preferred: Vec<PreferredGroup>,
    /// The lowest and highest age asked, as written; `None` when no age
    /// is named.
    pub age_limit: Option<(Option<u8>, Option<u8>)>,
    /// Only this sex is hired.
    pub sex_limit: Option<Sex>,
    /// This sex is preferred (a preference, not a limit).
    pub sex_preferred: Option<Sex>,
    /// The words each condition found was read from, title first.
    pub evidence: Vec<Evidence>,
}

impl VacancyConditions {
    /// The evidence of one condition.
    pub fn evidence_for(&self, condition: Condition) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .filter(move |evidence| evidence.condition == condition)
    }

    /// Whether nothing was read.
    pub fn is_empty(&self) -> bool {
        self.evidence.is_empty()
    }
}

/// One match that survived vetoes and overlaps.
#[derive(Clone, Debug)]
struct Candidate {
    finding: Finding,
    tokens: Range<usize>,
    /// For a group: the word that prefers it.
    trigger: Option<Range<usize>>,
}

/// Reads the conditions written in a vacancy's title and description.
/// Any text is accepted; only the first 20,000 bytes of each are read.
pub fn read_conditions(title: &str, description: &str) -> VacancyConditions {
    let mut reading = Reading::default();
    for (field, text) in [(Field::Title, title), (Field::Description, description)] {
        let tokens = Tokens::read(text);
        for candidate in candidates(&tokens.tokens) {
            reading.add(field, &tokens, candidate);
        }
    }
    reading.finish()
}

/// Every match of every rule in one text, vetoed, de-overlapped, and
/// stripped of the negated.
fn candidates(tokens: &[Token]) -> Vec<Candidate> {
    let rules = rules();
    let vetoed: Vec<(Topic, Range<usize>)> = rules
        .vetoes
        .iter()
        .flat_map(|(topic, pattern)| {
            pattern
                .find_all(tokens)
                .into_iter()
                .map(move |range| (*topic, range))
        })
        .collect();
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut found: Vec<(Finding, Range<usize>)> = rules
        .findings
        .iter()
        .flat_map(|(finding, pattern)| {
            pattern
                .find_all(tokens)
                .into_iter()
                .map(move |range| (*finding, range))
        })
        .filter(|(finding, range)| {
            !vetoed
                .iter()
                .any(|(topic, veto)| *topic == finding.topic() && overlaps(veto, range))
        })
        .collect();

    // The longest of overlapping matches of one topic stays; a shorter
    // match inside a longer one says less ("sinh viên" in "sinh viên mới
    // ra trường").
    found.sort_by_key(|(_, range)| (std::cmp::Reverse(range.len()), range.start));
    // Overlapping matches of the same finding are one ("Có xe đưa đón"
    // and "đưa đón CN" are "Có xe đưa đón CN").
    let mut kept: Vec<(Finding, Range<usize>)> = Vec::new();
    for (finding, range) in found {
        if let Some((_, same)) = kept
            .iter_mut()
            .find(|(other, other_range)| *other == finding && overlaps(other_range, &range))
        {
            *same = same.start.min(range.start)..same.end.max(range.end);
            continue;
        }
        let clash = kept.iter().any(|(other, other_range)| {
            other.topic() == finding.topic() && overlaps(other_range, &range)
        });
        if !clash {
            kept.push((finding, range));
        }
    }
    kept.sort_by_key(|(_, range)| range.start);

    // A word that begins a finding of its own ("không yêu cầu kinh
    // nghiệm") negates nothing else.
    let starts: HashSet<usize> = kept.iter().map(|(_, range)| range.start).collect();
    let triggers: Vec<Range<usize>> = rules
        .triggers
        .iter()
        .flat_map(|pattern| pattern.find_all(tokens))
        .collect();

    kept.into_iter()
        .filter_map(|(finding, range)| {
            let trigger = match finding {
                Finding::Group(_) => Some(group_trigger(
                    tokens,
                    &range,
                    &triggers,
                    &rules.trailing_triggers,
                )?),
                _ => None,
            };
            let negated = negated(tokens, &range, &starts)
                || trigger.as_ref().is_some_and(|trigger| {
                    trigger.end <= range.start && negated(tokens, trigger, &starts)
                });
            let finding = match (finding, negated) {
                // "không nhận người dưới 18 tuổi": at least 18.
                (Finding::AgeMax, true) => Finding::AgeMin,
                (Finding::AgeMin, true) => Finding::AgeMax,
                (_, true) => return None,
                (finding, false) => finding,
            };
            Some(Candidate {
                finding,
                tokens: range,
                trigger,
            })
        })
        .collect()
}

/// The word that prefers the group named at `group`: before it in the same
/// sentence, at most fifteen words away, or "được ưu tiên" right after.
fn group_trigger(
    tokens: &[Token],
    group: &Range<usize>,
    triggers: &[Range<usize>],
    trailing: &[Pattern],
) -> Option<Range<usize>> {
    const REACH: usize = 15;
    let sentence = tokens[group.start].sentence;
    let before = triggers
        .iter()
        .filter(|trigger| {
            trigger.end <= group.start
                && group.start - trigger.end <= REACH
                && tokens[trigger.start].sentence == sentence
        })
        .max_by_key(|trigger| trigger.end)
        .cloned();
    before.or_else(|| {
        (group.end..(group.end + 3).min(tokens.len())).find_map(|start| {
            trailing
                .iter()
                .find_map(|pattern| pattern.match_at(tokens, start))
                .filter(|_| tokens[start].sentence == sentence)
                .map(|end| start..end)
        })
    })
}

fn is_word(token: &Token, word: &str) -> bool {
    token.folded == vieclam_text::fold(word)
        && (!token.strict || token.exact == vieclam_text::exact_key(word))
}

/// Whether the match at `range` is negated (see the module's
/// documentation).
fn negated(tokens: &[Token], range: &Range<usize>, starts: &HashSet<usize>) -> bool {
    const REACH: usize = 4;
    let first = &tokens[range.start];
    let self_reliant = |index: usize| {
        index + 1 < tokens.len()
            && is_word(&tokens[index], "tự")
            && (is_word(&tokens[index + 1], "túc") || is_word(&tokens[index + 1], "lo"))
    };
    for distance in 1..=REACH {
        let Some(index) = range.start.checked_sub(distance) else {
            break;
        };
        let token = &tokens[index];
        if token.clause != first.clause {
            break;
        }
        if self_reliant(index) {
            return true;
        }
        let negator = NEGATORS.iter().any(|word| is_word(token, word)) && !token.glued;
        let qualified = tokens
            .get(index + 1)
            .is_some_and(|next| NOT_NEGATING_AFTER.iter().any(|word| is_word(next, word)));
        if negator && !qualified && !starts.contains(&index) {
            return true;
        }
    }
    let sentence = tokens[range.end - 1].sentence;
    let in_sentence = |index: usize| tokens.get(index).filter(|token| token.sentence == sentence);
    // "Xe đưa đón: không", "Bao ăn ở: không có".
    if in_sentence(range.end).is_some_and(|token| is_word(token, "không")) {
        let next = in_sentence(range.end + 1);
        let after_next = in_sentence(range.end + 2);
        if next.is_none()
            || (next.is_some_and(|token| is_word(token, "có")) && after_next.is_none())
        {
            return true;
        }
    }
    // "ăn ở tự túc", "ăn ở: người lao động tự lo".
    (range.end..range.end + 4).any(|index| in_sentence(index).is_some() && self_reliant(index))
}

/// The findings of both fields, gathered into conditions.
#[derive(Default)]
struct Reading {
    conditions: VacancyConditions,
    preferred: BTreeSet<PreferredGroup>,
    lowest: Vec<u8>,
    highest: Vec<u8>,
    sex_limits: BTreeSet<SexKey>,
    sex_preferences: BTreeSet<SexKey>,
    any_sex: bool,
    quotes: HashSet<(Condition, String)>,
}

/// `Sex` in a set.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SexKey {
    Male,
    Female,
}

impl SexKey {
    fn of(sex: Sex) -> SexKey {
        match sex {
            Sex::Male => SexKey::Male,
            Sex::Female => SexKey::Female,
        }
    }

    fn sex(self) -> Sex {
        match self {
            SexKey::Male => Sex::Male,
            SexKey::Female => Sex::Female,
        }
    }
}

fn other(sex: Sex) -> Sex {
    match sex {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

/// Plausible ages: a lower bound from 13 (light work) to 70, an upper one
/// up to 80. Anything else is some other number next to "tuổi".
fn plausible_age(age: u32) -> Option<u8> {
    (13..=80).contains(&age).then_some(age as u8)
}

impl Reading {
    fn add(&mut self, field: Field, tokens: &Tokens<'_>, candidate: Candidate) {
        let numbers: Vec<u32> = candidate
            .tokens
            .clone()
            .filter_map(|index| tokens.tokens[index].number)
            .collect();
        let conditions: Vec<Condition> = match candidate.finding {
            Finding::TrainingGiven => vec![Condition::TrainingGiven],
            Finding::UntrainedAccepted => vec![Condition::UntrainedAccepted],
            Finding::Shuttle => vec![Condition::Shuttle],
            Finding::Accommodation => vec![Condition::Accommodation],
            Finding::Meals => vec![Condition::Meals],
            Finding::AccommodationAndMeals => vec![Condition::Accommodation, Condition::Meals],
            Finding::Group(group) => {
                self.preferred.insert(group);
                vec![Condition::Preferred(group)]
            }
            Finding::AgeRange => {
                let (Some(&low), Some(&high)) = (numbers.first(), numbers.get(1)) else {
                    return;
                };
                let (Some(low), Some(high)) = (plausible_age(low), plausible_age(high)) else {
                    return;
                };
                if low >= high || low > 70 {
                    return;
                }
                self.lowest.push(low);
                self.highest.push(high);
                vec![Condition::AgeLimit]
            }
            Finding::AgeMin | Finding::AgeMax => {
                let Some(age) = numbers.first().copied().and_then(plausible_age) else {
                    return;
                };
                if candidate.finding == Finding::AgeMin {
                    if age > 70 {
                        return;
                    }
                    self.lowest.push(age);
                } else {
                    self.highest.push(age);
                }
                vec![Condition::AgeLimit]
            }
            Finding::Sex(sex) => {
                self.sex_limits.insert(SexKey::of(sex));
                vec![Condition::SexLimit(sex)]
            }
            Finding::SexExcluded(sex) => {
                self.sex_limits.insert(SexKey::of(other(sex)));
                vec![Condition::SexLimit(other(sex))]
            }
            Finding::SexPreferred(sex) => {
                self.sex_preferences.insert(SexKey::of(sex));
                vec![Condition::SexPreferred(sex)]
            }
            Finding::SexAny => {
                self.any_sex = true;
                return;
            }
        };
        let (mut range, quote) = tokens.quote(candidate.tokens.start, candidate.tokens.end);
        let mut quote = quote.to_owned();
        if let Some(trigger) = candidate.trigger {
            let (trigger_range, trigger_quote) = tokens.quote(trigger.start, trigger.end);
            if trigger.end <= candidate.tokens.start {
                if candidate.tokens.start - trigger.end <= 3 {
                    range = trigger_range.start..range.end;
                    quote = tokens.text[range.clone()].to_owned();
                } else {
                    quote = format!("{trigger_quote} … {quote}");
                }
            } else if trigger.start - candidate.tokens.end <= 3 {
                range = range.start..trigger_range.end;
                quote = tokens.text[range.clone()].to_owned();
            }
        }
        for condition in conditions {
            if self.quotes.insert((condition, quote.clone())) {
                self.conditions.evidence.push(Evidence {
                    condition,
                    field,
                    range: range.clone(),
                    quote: quote.clone(),
                });
            }
        }
    }

    fn finish(mut self) -> VacancyConditions {
        let only = |set: &BTreeSet<SexKey>| match set.len() {
            1 => set.first().map(|key| key.sex()),
            _ => None,
        };
        let sex_limit = if self.any_sex {
            None
        } else {
            only(&self.sex_limits)
        };
        let sex_preferred = only(&self.sex_preferences);
        let age_limit = (!self.lowest.is_empty() || !self.highest.is_empty()).then(|| {
            let low = self.lowest.iter().min().copied();
            let high = self.highest.iter().max().copied();
            match (low, high) {
                // Bounds that cross ("trên 40", "dưới 30") say nothing sure.
                (Some(low), Some(high)) if low > high => (None, None),
                bounds => bounds,
            }
        });
        let conditions = &mut self.conditions;
        // "bao ăn" inside "bao ăn ở" says the same once more.
        let all = conditions.evidence.clone();
        conditions.evidence.retain(|evidence| {
            !all.iter().any(|other| {
                other.condition == evidence.condition
                    && other.field == evidence.field
                    && other.range != evidence.range
                    && other.range.start <= evidence.range.start
                    && evidence.range.end <= other.range.end
            })
        });
        conditions
            .evidence
            .retain(|evidence| match evidence.condition {
                Condition::SexLimit(sex) => sex_limit == Some(sex),
                Condition::SexPreferred(sex) => sex_preferred == Some(sex),
                Condition::AgeLimit => age_limit.is_some_and(|bounds| bounds != (None, None)),
                _ => true,
            });
        let has =
            |condition: Condition| conditions.evidence.iter().any(|e| e.condition == condition);
        conditions.training_given = has(Condition::TrainingGiven);
        conditions.untrained_accepted = has(Condition::UntrainedAccepted);
        conditions.shuttle = has(Condition::Shuttle);
        conditions.accommodation = has(Condition::Accommodation);
        conditions.meals = has(Condition::Meals);
        conditions.preferred = self.preferred.into_iter().collect();
        conditions.age_limit = age_limit.filter(|bounds| *bounds != (None, None));
        conditions.sex_limit = sex_limit;
        conditions.sex_preferred = sex_preferred;
        self.conditions
    }
}

#[cfg(test)]
mod tests;
