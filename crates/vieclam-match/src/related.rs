//! Related occupations: two unit groups are related when they share a
//! skill of `data/occupations/skills-vi.csv` that few groups share (a skill
//! in more than six groups, like "giao tiếp", says nothing).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::features::Occupation;

const SKILLS_CSV: &str = include_str!("../../../data/occupations/skills-vi.csv");
const MAX_GROUPS_PER_SKILL: usize = 6;

/// By unit-group code (0–9999), the related unit groups.
struct Related {
    by_group: Vec<Vec<u16>>,
}

fn table() -> &'static Related {
    static TABLE: OnceLock<Related> = OnceLock::new();
    TABLE.get_or_init(|| {
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
        let mut pairs = HashSet::new();
        let mut by_group: Vec<Vec<u16>> = vec![Vec::new(); 10_000];
        for groups in groups_of.values() {
            if groups.len() < 2 || groups.len() > MAX_GROUPS_PER_SKILL {
                continue;
            }
            for &a in groups {
                for &b in groups {
                    if a != b && a < 10_000 && pairs.insert((a, b)) {
                        by_group[usize::from(a)].push(b);
                    }
                }
            }
        }
        Related { by_group }
    })
}

pub(crate) fn are_related(a: Occupation, b: Occupation) -> bool {
    related_to(a).contains(&b.0)
}

/// The unit groups related to `occupation`.
pub fn related_to(occupation: Occupation) -> &'static [u16] {
    table()
        .by_group
        .get(usize::from(occupation.0))
        .map_or(&[], Vec::as_slice)
}
