//! Counting the matches by facet in the same pass that ranks them: a
//! collector over fast-field columns that counts term ordinals per segment
//! and turns them into values once per segment, instead of the general
//! aggregation framework's per-document work.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the matches, sums one u64 field, and counts by the values of
/// single-valued string fast fields.
pub(crate) struct Tally {
    pub facets: &'static [&'static str],
    pub sum: Option<&'static str>,
}

/// What a [`Tally`] found.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub matches: u64,
    pub sum: u64,
    /// One map per facet, in the order of [`Tally::facets`].
    pub facets: Vec<HashMap<String, u64>>,
}

impl Counts {
    /// The buckets of one facet, most frequent first (then by value), at
    /// most `size`.
    pub fn buckets(&self, facet: usize, size: usize) -> Vec<(String, u64)> {
        let mut buckets: Vec<(String, u64)> = self
            .facets
            .get(facet)
            .map(|counts| counts.iter().map(|(k, v)| (k.clone(), *v)).collect())
            .unwrap_or_default();
        buckets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        buckets.truncate(size);
        buckets
    }
}

pub(crate) struct SegmentTally {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
    sum_column: Option<Column<u64>>,
    matches: u64,
    sum: u64,
}

impl Collector for Tally {
    type Fruit = Counts;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let fast = reader.fast_fields();
        let mut columns = Vec::with_capacity(self.facets.len());
        let mut counts = Vec::with_capacity(self.facets.len());
        for name in self.facets {
            let column = fast.str(name)?;
            counts.push(vec![0; column.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(column);
        }
        let sum_column = self.sum.map(|name| fast.u64(name)).transpose()?;
        Ok(SegmentTally {
            columns,
            counts,
            sum_column,
            matches: 0,
            sum: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged = Counts {
            facets: vec![HashMap::new(); self.facets.len()],
            ..Counts::default()
        };
        for fruit in fruits {
            merged.matches += fruit.matches;
            merged.sum += fruit.sum;
            for (into, from) in merged.facets.iter_mut().zip(fruit.facets) {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matches += 1;
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(ord) = column.as_ref().and_then(|c| c.ords().first(doc)) {
                counts[ord as usize] += 1;
            }
        }
        if let Some(column) = &self.sum_column {
            self.sum += column.first(doc).unwrap_or(0);
        }
    }

    fn harvest(self) -> Counts {
        let mut facets = Vec::with_capacity(self.columns.len());
        let mut value = String::new();
        for (column, counts) in self.columns.iter().zip(self.counts) {
            let mut found = HashMap::new();
            if let Some(column) = column {
                for (ord, count) in counts.into_iter().enumerate() {
                    if count > 0 && column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                        found.insert(value.clone(), count);
                    }
                }
            }
            facets.push(found);
        }
        Counts {
            matches: self.matches,
            sum: self.sum,
            facets,
        }
    }
}
