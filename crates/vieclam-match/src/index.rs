//! Finding the best matches without scoring everything.
//!
//! Openings (and seekers, by each of their occupations) are kept sorted by
//! occupation code, so a sub-major group, a major group and "no code" are
//! each one contiguous range. A search scores the ranges of the
//! occupation's own sub-major group and of its related groups first. An
//! opening outside them can score at most the ceiling with the occupation
//! part at 0.15 (same major group); when the k-th best found already
//! reaches that bound, nothing outside can enter the top k and the search
//! stops (an ad for entry work that takes untrained workers is open to
//! every worker of entry work, so such ads are searched first for those
//! workers, and those workers first for such an ad). Otherwise it widens
//! to the major group (bound: occupation part 0), then to everything. The answer is the same as scoring every
//! opening — `brute_force` is kept as the baseline the tests and the
//! benchmark compare with. Within a stage, an opening whose occupation part
//! leaves it below the k-th best even with every other part at its best is
//! not scored further (`score_above`).

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};
use std::ops::Range;

use crate::features::{Occupation, Opening, Seeker};
use crate::related::related_to;
use crate::score::{entry_work, score, score_above, Scored, Viewer, Weights, ENTRY_SUB_MAJORS};

/// One result: the index of the opening or seeker in its index, and its
/// score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub scored: Scored,
}

/// Order of hits: higher score first, then lower index.
fn better(a: &Hit, b: &Hit) -> Ordering {
    b.scored
        .score
        .total_cmp(&a.scored.score)
        .then(a.index.cmp(&b.index))
}

struct Worst(Hit);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        better(&self.0, &other.0) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    /// The heap's top is the worst hit kept.
    fn cmp(&self, other: &Self) -> Ordering {
        better(&self.0, &other.0)
    }
}

/// The best `k` hits seen so far.
struct TopK {
    k: usize,
    heap: BinaryHeap<Worst>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    fn offer(&mut self, hit: Hit) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push(Worst(hit));
        } else if let Some(worst) = self.heap.peek() {
            if better(&hit, &worst.0) == Ordering::Less {
                self.heap.pop();
                self.heap.push(Worst(hit));
            }
        }
    }

    /// The score a newcomer must reach to be kept: the worst kept once
    /// `k` are kept (a tie may still enter on its index), else anything.
    fn floor(&self) -> f32 {
        if self.heap.len() >= self.k {
            self.heap
                .peek()
                .map_or(f32::NEG_INFINITY, |worst| worst.0.scored.score)
        } else {
            f32::NEG_INFINITY
        }
    }

    /// Whether nothing scoring at most `bound` can still enter.
    fn closed_to(&self, bound: f32) -> bool {
        self.heap.len() >= self.k && self.heap.peek().is_some_and(|w| w.0.scored.score > bound)
    }

    fn into_sorted(self) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self.heap.into_iter().map(|w| w.0).collect();
        hits.sort_by(better);
        hits
    }
}

/// Sorted occupation codes: the range of a group.
fn group_range(codes: &[u16], low: u16, high: u16) -> Range<usize> {
    codes.partition_point(|&c| c < low)..codes.partition_point(|&c| c < high)
}

const NO_CODE: u16 = u16::MAX;

/// The most a match outside the searched groups can score.
/// `disability` and `priority`: whether the bonuses can apply.
fn bound_outside(
    weights: &Weights,
    disability: bool,
    priority: bool,
    viewer: Viewer,
    occupation_part: f32,
) -> f32 {
    let mut bound: f32 =
        weights.parts().iter().sum::<f32>() - weights.occupation * (1.0 - occupation_part);
    if disability {
        bound += weights.disability_friendly_bonus.max(0.0);
    }
    if priority && (viewer != Viewer::Employer || weights.priority_boost_for_employers) {
        bound += weights.priority_boost.max(0.0);
    }
    bound
}

/// The stages of a search: ranges to add, and the bound on what lies
/// outside once they are scored.
fn stages(
    codes: &[u16],
    occupations: &[Occupation],
    entry_ad: bool,
) -> Vec<(Vec<Range<usize>>, f32)> {
    let mut sub_majors = BTreeSet::new();
    let mut majors = BTreeSet::new();
    for occupation in occupations {
        sub_majors.insert(occupation.sub_major());
        majors.insert(occupation.major());
        for &related in related_to(*occupation) {
            sub_majors.insert(related / 100);
        }
    }
    // An ad for entry work that takes untrained workers scores as a trade
    // a short course away for a worker of any entry work (see `score`):
    // for such an ad, every group of entry work is searched first, so that
    // the bound below holds. (The opening index keeps those ads in a list
    // of their own instead.)
    if entry_ad {
        sub_majors.extend(ENTRY_SUB_MAJORS);
    }
    let uncoded = group_range(codes, NO_CODE, NO_CODE).start..codes.len();
    let mut first: Vec<Range<usize>> = sub_majors
        .iter()
        .map(|&s| group_range(codes, s * 100, s * 100 + 100))
        .collect();
    first.push(uncoded);
    let second: Vec<Range<usize>> = majors
        .iter()
        .map(|&m| group_range(codes, m * 1000, m * 1000 + 1000))
        .collect();
    vec![
        (first, 0.15),
        (second, 0.0),
        (std::iter::once(0..codes.len()).collect(), f32::NEG_INFINITY),
    ]
}

/// Open vacancies, ready to be matched against workers.
pub struct OpeningIndex {
    openings: Vec<Opening>,
    codes: Vec<u16>,
    /// The openings of entry work whose ad takes untrained workers
    /// (`Opening::entry_ad`): searched first for a worker of entry work.
    entry: Vec<usize>,
}

impl OpeningIndex {
    pub fn new(mut openings: Vec<Opening>) -> OpeningIndex {
        openings.sort_by_key(|o| (o.occupation.map_or(NO_CODE, |c| c.0), o.id));
        let codes = openings
            .iter()
            .map(|o| o.occupation.map_or(NO_CODE, |c| c.0))
            .collect();
        let entry = openings
            .iter()
            .enumerate()
            .filter(|(_, opening)| opening.entry_ad())
            .map(|(index, _)| index)
            .collect();
        OpeningIndex {
            openings,
            codes,
            entry,
        }
    }

    pub fn len(&self) -> usize {
        self.openings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.openings.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Opening> {
        self.openings.get(index)
    }

    /// The best `k` openings for `seeker`.
    pub fn top_for(
        &self,
        seeker: &Seeker,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
    ) -> Vec<Hit> {
        self.top_for_counted(seeker, k, weights, viewer).0
    }

    /// The best `k` openings for `seeker` among those `admit` lets through
    /// (the server leaves out openings superseded by a change).
    pub fn top_for_where(
        &self,
        seeker: &Seeker,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
        admit: impl Fn(&Opening) -> bool,
    ) -> Vec<Hit> {
        self.search(seeker, k, weights, viewer, admit).0
    }

    /// [`OpeningIndex::top_for`], and how many openings it scored.
    pub fn top_for_counted(
        &self,
        seeker: &Seeker,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
    ) -> (Vec<Hit>, usize) {
        self.search(seeker, k, weights, viewer, |_| true)
    }

    fn search(
        &self,
        seeker: &Seeker,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
        admit: impl Fn(&Opening) -> bool,
    ) -> (Vec<Hit>, usize) {
        let occupations: Vec<Occupation> = seeker.occupations.iter().map(|(o, _)| *o).collect();
        if occupations.is_empty() {
            let mut top = TopK::new(k);
            for (index, opening) in self.openings.iter().enumerate() {
                if admit(opening) {
                    top.offer(Hit {
                        index,
                        scored: score(seeker, opening, weights, viewer),
                    });
                }
            }
            return (top.into_sorted(), self.openings.len());
        }
        let mut n_scored = 0;
        let mut top = TopK::new(k);
        let mut seen = vec![false; self.openings.len()];
        let entry_worker = occupations.iter().any(|&o| entry_work(o));
        for (stage, (ranges, occupation_part)) in stages(&self.codes, &occupations, false)
            .into_iter()
            .enumerate()
        {
            let entry: &[usize] = if stage == 0 && entry_worker {
                &self.entry
            } else {
                &[]
            };
            for index in ranges.into_iter().flatten().chain(entry.iter().copied()) {
                if std::mem::replace(&mut seen[index], true) {
                    continue;
                }
                let opening = &self.openings[index];
                if !admit(opening) {
                    continue;
                }
                if let Some(scored) = score_above(seeker, opening, weights, viewer, top.floor()) {
                    top.offer(Hit { index, scored });
                    n_scored += 1;
                }
            }
            let bound = bound_outside(
                weights,
                seeker.disability,
                !seeker.priority_groups.is_empty(),
                viewer,
                occupation_part,
            );
            if top.closed_to(bound) {
                break;
            }
        }
        (top.into_sorted(), n_scored)
    }

    /// The best `k` openings by scoring every one: the baseline.
    pub fn brute_force(
        &self,
        seeker: &Seeker,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
    ) -> Vec<Hit> {
        let mut top = TopK::new(k);
        for (index, opening) in self.openings.iter().enumerate() {
            top.offer(Hit {
                index,
                scored: score(seeker, opening, weights, viewer),
            });
        }
        top.into_sorted()
    }
}

/// Registered workers, ready to be matched against a vacancy.
pub struct SeekerIndex {
    seekers: Vec<Seeker>,
    /// (occupation code, seeker) for each occupation of each seeker, and
    /// (NO_CODE, seeker) for a seeker without one; sorted.
    entries: Vec<(u16, u32)>,
    codes: Vec<u16>,
}

impl SeekerIndex {
    pub fn new(seekers: Vec<Seeker>) -> SeekerIndex {
        let mut entries: Vec<(u16, u32)> = Vec::with_capacity(seekers.len());
        for (index, seeker) in seekers.iter().enumerate() {
            if seeker.occupations.is_empty() {
                entries.push((NO_CODE, index as u32));
            }
            for (occupation, _) in &seeker.occupations {
                entries.push((occupation.0, index as u32));
            }
        }
        entries.sort_unstable();
        entries.dedup();
        let codes = entries.iter().map(|(code, _)| *code).collect();
        SeekerIndex {
            seekers,
            entries,
            codes,
        }
    }

    pub fn len(&self) -> usize {
        self.seekers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seekers.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Seeker> {
        self.seekers.get(index)
    }

    /// The best `k` seekers for `opening` among those `admit` lets through
    /// (given each seeker's position and matching form: consent for an
    /// employer's view, the area for an officer's).
    pub fn top_for(
        &self,
        opening: &Opening,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
        admit: impl Fn(usize, &Seeker) -> bool,
    ) -> Vec<Hit> {
        let Some(occupation) = opening.occupation else {
            return self.brute_force(opening, k, weights, viewer, admit);
        };
        let mut top = TopK::new(k);
        let mut seen = vec![false; self.seekers.len()];
        for (ranges, occupation_part) in stages(&self.codes, &[occupation], opening.entry_ad()) {
            for range in ranges {
                for entry in &self.entries[range] {
                    let index = entry.1 as usize;
                    if std::mem::replace(&mut seen[index], true) {
                        continue;
                    }
                    let seeker = &self.seekers[index];
                    if !admit(index, seeker) {
                        continue;
                    }
                    if let Some(scored) = score_above(seeker, opening, weights, viewer, top.floor())
                    {
                        top.offer(Hit { index, scored });
                    }
                }
            }
            // The bound must hold for any seeker: with every bonus.
            if top.closed_to(bound_outside(weights, true, true, viewer, occupation_part)) {
                break;
            }
        }
        top.into_sorted()
    }

    /// The best `k` seekers by scoring every one: the baseline.
    pub fn brute_force(
        &self,
        opening: &Opening,
        k: usize,
        weights: &Weights,
        viewer: Viewer,
        admit: impl Fn(usize, &Seeker) -> bool,
    ) -> Vec<Hit> {
        let mut top = TopK::new(k);
        for (index, seeker) in self.seekers.iter().enumerate() {
            if admit(index, seeker) {
                top.offer(Hit {
                    index,
                    scored: score(seeker, opening, weights, viewer),
                });
            }
        }
        top.into_sorted()
    }
}

/// Pre-matches every seeker against the openings of a job-fair session:
/// the best `k` openings for each, on every core. A thread that panics
/// makes this panic with the same payload: an answer missing a thread's
/// share of the seekers would look complete.
pub fn pre_match(
    seekers: &[Seeker],
    openings: &OpeningIndex,
    k: usize,
    weights: &Weights,
    use_index: bool,
) -> Vec<Vec<Hit>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = seekers.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = seekers
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|seeker| {
                            if use_index {
                                openings.top_for(seeker, k, weights, Viewer::Officer)
                            } else {
                                openings.brute_force(seeker, k, weights, Viewer::Officer)
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        join_every(handles).into_iter().flatten().collect()
    })
}

/// Joins every thread, then resumes the first panic among them, if any.
/// Every thread is joined first so that none is left running.
fn join_every<T>(handles: Vec<std::thread::ScopedJoinHandle<'_, T>>) -> Vec<T> {
    let joined: Vec<std::thread::Result<T>> =
        handles.into_iter().map(|handle| handle.join()).collect();
    joined
        .into_iter()
        .map(|part| part.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::join_every;

    /// `pre_match` used to join its threads with `unwrap_or_default()`, so
    /// a crashed thread's seekers vanished from the answer without an error.
    #[test]
    fn a_crashed_pre_match_thread_is_not_dropped_silently() {
        let outcome = std::panic::catch_unwind(|| {
            std::thread::scope(|scope| {
                let handles = vec![
                    scope.spawn(|| vec![1, 2]),
                    scope.spawn(|| -> Vec<i32> { panic!("a seeker could not be scored") }),
                    scope.spawn(|| vec![5]),
                ];
                join_every(handles)
            })
        });
        let panic = outcome.expect_err("the crash reaches the caller");
        assert_eq!(
            panic.downcast_ref::<&str>(),
            Some(&"a seeker could not be scored")
        );
    }

    #[test]
    fn threads_that_all_finish_give_every_share_in_order() {
        let parts = std::thread::scope(|scope| {
            let handles = vec![scope.spawn(|| vec![1, 2]), scope.spawn(|| vec![3])];
            join_every(handles)
        });
        assert_eq!(parts, vec![vec![1, 2], vec![3]]);
    }
}
