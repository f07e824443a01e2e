//! Related occupations, from two sources:
//!
//! * `data/occupations/related.csv`, written by hand (its reasoning is in
//!   `data/occupations/README.md`): the same field at another training
//!   level (2221 ↔ 3221 nursing), a neighbouring occupation doing similar
//!   work, and a move a worker makes with short training (9329 general
//!   factory labour → 8153 sewing machine operator);
//! * shared skills: two unit groups are related when they share a skill of
//!   `data/occupations/skills-vi.csv` that few groups share (a skill in
//!   more than six groups, like "giao tiếp", says nothing).
//!
//! Every relation goes both ways, which the index relies on: a vacancy's
//! related groups are where its candidates are.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::features::Occupation;

const SKILLS_CSV: &str = include_str!("../../../data/occupations/skills-vi.csv");
const RELATED_CSV: &str = include_str!("../../../data/occupations/related.csv");
const MAX_GROUPS_PER_SKILL: usize = 6;

/// How two unit groups are related, from the closest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The same field at another training level (`level` in the file).
    Level,
    /// Similar work in a neighbouring group (`neighbour`).
    Neighbour,
    /// They share a skill few groups have (not in the file).
    SharedSkill,
    /// Reachable with short training (`trainable`).
    Trainable,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text {
            "level" => Some(Kind::Level),
            "neighbour" => Some(Kind::Neighbour),
            "trainable" => Some(Kind::Trainable),
            _ => None,
        }
    }
}

/// One relation of a unit group: the other group, how, and the field
/// they share in words (empty for a shared skill).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relation {
    pub other: u16,
    pub kind: Kind,
    pub field_vi: &'static str,
    pub field_en: &'static str,
}

/// By unit-group code (0–9999), its relations (one per other group, the
/// closest kind), and the other groups alone for the index.
struct Related {
    by_group: Vec<Vec<Relation>>,
    others: Vec<Vec<u16>>,
}

/// The rows of `related.csv` as (from, to, kind, reason_vi, reason_en),
/// a code list for each side.
fn file_rows() -> impl Iterator<Item = (Vec<u16>, Vec<u16>, Kind, &'static str, &'static str)> {
    RELATED_CSV.lines().skip(1).filter_map(|line| {
        let mut fields = line.split(',');
        let codes = |field: Option<&str>| -> Option<Vec<u16>> {
            field?.split(' ').map(|code| code.parse().ok()).collect()
        };
        let from = codes(fields.next())?;
        let to = codes(fields.next())?;
        let kind = Kind::parse(fields.next()?)?;
        Some((from, to, kind, fields.next()?, fields.next()?))
    })
}

fn table() -> &'static Related {
    static TABLE: OnceLock<Related> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut best: HashMap<(u16, u16), Relation> = HashMap::new();
        let mut offer = |a: u16, b: u16, kind: Kind, field_vi, field_en| {
            if a == b || a >= 10_000 || b >= 10_000 {
                return;
            }
            for (from, to) in [(a, b), (b, a)] {
                let relation = Relation {
                    other: to,
                    kind,
                    field_vi,
                    field_en,
                };
                best.entry((from, to))
                    .and_modify(|kept| {
                        if relation.kind < kept.kind {
                            *kept = relation;
                        }
                    })
                    .or_insert(relation);
            }
        };
        for (from, to, kind, field_vi, field_en) in file_rows() {
            for &a in &from {
                for &b in &to {
                    offer(a, b, kind, field_vi, field_en);
                }
            }
        }
        let mut groups_of: HashMap<String, Vec<u16>> = HashMap::new();
        for line in SKILLS_CSV.lines().skip(1) {
            let Some((code, skill)) = line.split_once(',') else {
                continue;
            };
            let Ok(code) = code.parse::<u16>() else {
                continue;
            };
            let skill = vieclam_text::folded_words(skill.trim_matches('"'));
            let groups = groups_of.entry(skill).or_default();
            if !groups.contains(&code) {
                groups.push(code);
            }
        }
        for groups in groups_of.values() {
            if groups.len() < 2 || groups.len() > MAX_GROUPS_PER_SKILL {
                continue;
            }
            for &a in groups {
                for &b in groups {
                    offer(a, b, Kind::SharedSkill, "", "");
                }
            }
        }
        let mut by_group: Vec<Vec<Relation>> = vec![Vec::new(); 10_000];
        for ((from, _), relation) in best {
            by_group[usize::from(from)].push(relation);
        }
        for relations in &mut by_group {
            relations.sort_by_key(|relation| relation.other);
        }
        let others = by_group
            .iter()
            .map(|relations| relations.iter().map(|relation| relation.other).collect())
            .collect();
        Related { by_group, others }
    })
}

/// How `a` is related to `b`, if it is (the closest kind).
/// Scoring asks this for most pairs it sees, so the search runs on the
/// compact list of codes and reads a relation only when it finds one.
#[inline]
pub(crate) fn relation(a: Occupation, b: Occupation) -> Option<Relation> {
    let table = table();
    let at = table
        .others
        .get(usize::from(a.0))?
        .binary_search(&b.0)
        .ok()?;
    Some(table.by_group[usize::from(a.0)][at])
}

/// The unit groups related to `occupation`, in any way.
pub fn related_to(occupation: Occupation) -> &'static [u16] {
    table()
        .others
        .get(usize::from(occupation.0))
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_row_of_the_file_reads_and_names_unit_groups_of_the_taxonomy() {
        let taxonomy = vieclam_domain::registry::occupations();
        let n_rows = RELATED_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .count();
        assert_eq!(file_rows().count(), n_rows, "a row did not read");
        let mut pairs = HashSet::new();
        for (from, to, _, field_vi, field_en) in file_rows() {
            assert!(!field_vi.is_empty() && !field_en.is_empty());
            for &a in &from {
                for &b in &to {
                    for code in [a, b] {
                        let code = format!("{code:04}");
                        assert!(
                            taxonomy
                                .get(&code)
                                .is_some_and(|entry| entry.level == "unit"),
                            "{code} is not a unit group"
                        );
                    }
                    assert_ne!(a / 10, b / 10, "{a} and {b} share a minor group");
                    assert!(pairs.insert((a.min(b), a.max(b))), "{a}-{b} twice");
                }
            }
        }
    }

    #[test]
    fn relations_go_both_ways() {
        for a in 0..10_000u16 {
            for &b in related_to(Occupation(a)) {
                assert!(related_to(Occupation(b)).contains(&a), "{a} → {b}");
                let there = relation(Occupation(a), Occupation(b)).unwrap();
                let back = relation(Occupation(b), Occupation(a)).unwrap();
                assert_eq!(there.kind, back.kind);
            }
        }
    }

    #[test]
    fn the_same_field_at_another_training_level_is_related() {
        let check = |a: u16, b: u16, kind: Kind| {
            let found = relation(Occupation(a), Occupation(b)).map(|r| r.kind);
            assert_eq!(found, Some(kind), "{a} {b}");
        };
        check(3221, 2221, Kind::Level);
        check(3313, 2411, Kind::Level);
        check(3512, 2512, Kind::Level);
        check(8153, 7531, Kind::Trainable);
        check(6111, 9329, Kind::Trainable);
        check(5223, 5230, Kind::Neighbour);
        assert_eq!(relation(Occupation(2221), Occupation(9329)), None);
    }
}
