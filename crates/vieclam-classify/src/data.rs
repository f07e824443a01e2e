//! The embedded data: ISCO-08 unit groups with their Vietnamese and English
//! names, the training titles and skills of `data/occupations`, the
//! crate's own hand-written extra titles, and the held-out test set (read
//! only by `evaluation`).

const ISCO08: &str = include_str!("../../../data/occupations/isco08.csv");
const TITLES: &str = include_str!("../../../data/occupations/titles-vi.csv");
const SKILLS: &str = include_str!("../../../data/occupations/skills-vi.csv");
pub(crate) const TEST_SET: &str = include_str!("../../../data/occupations/classifier-test.csv");
const EXTRA_TITLES: &str = include_str!("../../../data/occupations/extra-titles-vi.txt");

/// One ISCO-08 unit group.
#[derive(Clone, Debug)]
pub(crate) struct UnitGroup {
    pub(crate) code: String,
    pub(crate) name_vi: String,
    pub(crate) name_en: String,
}

/// A text that belongs to one unit group (an index into `Sources::units`).
#[derive(Clone, Debug)]
pub(crate) struct UnitText {
    pub(crate) unit: usize,
    pub(crate) text: String,
}

/// Everything the model is built from.
#[derive(Clone, Debug)]
pub(crate) struct Sources {
    pub(crate) units: Vec<UnitGroup>,
    /// Names of the groups above each unit group (sub-major, minor), by
    /// unit group.
    pub(crate) parent_names: Vec<UnitText>,
    pub(crate) titles: Vec<UnitText>,
    pub(crate) extra_titles: Vec<UnitText>,
    pub(crate) skills: Vec<UnitText>,
}

fn records(data: &'static str) -> impl Iterator<Item = csv::StringRecord> {
    csv::Reader::from_reader(data.as_bytes())
        .into_records()
        .map(|record| record.expect("embedded occupation data is valid CSV"))
}

impl Sources {
    /// Parses the embedded files.
    pub(crate) fn embedded() -> Sources {
        let mut units = Vec::new();
        let mut groups: Vec<(String, String, String)> = Vec::new();
        for record in records(ISCO08) {
            let field = |index: usize| record.get(index).unwrap_or_default().to_owned();
            if field(0) == "unit" {
                units.push(UnitGroup {
                    code: field(1),
                    name_vi: field(3),
                    name_en: field(4),
                });
            } else {
                groups.push((field(1), field(3), field(4)));
            }
        }
        let index_of = |code: &str| units.iter().position(|unit| unit.code == code);
        let mut parent_names = Vec::new();
        for (unit, group) in units.iter().enumerate() {
            for (code, name_vi, name_en) in &groups {
                // Sub-major and minor groups; a major group's name is too
                // broad to tell units apart.
                if code.len() >= 2 && group.code.starts_with(code.as_str()) {
                    for text in [name_vi, name_en] {
                        parent_names.push(UnitText {
                            unit,
                            text: text.clone(),
                        });
                    }
                }
            }
        }
        let unit_texts = |data: &'static str| -> Vec<UnitText> {
            records(data)
                .map(|record| {
                    let code = record.get(0).unwrap_or_default();
                    let unit = index_of(code).expect("every embedded row names a unit group");
                    UnitText {
                        unit,
                        text: record.get(1).unwrap_or_default().to_owned(),
                    }
                })
                .collect()
        };
        let titles = unit_texts(TITLES);
        let skills = unit_texts(SKILLS);
        let extra_titles = extra_titles(EXTRA_TITLES)
            .map(|(code, text)| UnitText {
                unit: index_of(code).expect("every extra title names a unit group"),
                text: text.to_owned(),
            })
            .collect();
        Sources {
            units,
            parent_names,
            titles,
            extra_titles,
            skills,
        }
    }
}

/// The entries of the extra-titles file: lines `code: title; title; …`,
/// `#` comments and blank lines skipped.
pub(crate) fn extra_titles(data: &str) -> impl Iterator<Item = (&str, &str)> {
    data.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .flat_map(|line| {
            let (code, titles) = line.split_once(':').unwrap_or((line, ""));
            titles
                .split(';')
                .map(str::trim)
                .filter(|title| !title.is_empty())
                .map(move |title| (code.trim(), title))
        })
}

/// The extra titles file as embedded, for the tests that keep it apart
/// from the test set.
#[cfg(test)]
pub(crate) const fn extra_titles_text() -> &'static str {
    EXTRA_TITLES
}

/// One row of the held-out test set.
#[derive(Clone, Debug)]
pub(crate) struct TestCase {
    pub(crate) title: String,
    pub(crate) unit_code: String,
}

/// The held-out test set.
pub(crate) fn test_cases() -> Vec<TestCase> {
    records(TEST_SET)
        .map(|record| TestCase {
            title: record.get(0).unwrap_or_default().to_owned(),
            unit_code: record.get(1).unwrap_or_default().to_owned(),
        })
        .collect()
}
