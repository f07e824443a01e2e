//! `vieclam bench match`: top-10 jobs for one worker among N open
//! vacancies, and a job-fair session pre-matched in full, each beside a
//! brute-force baseline (scoring every pair) in the same run, with a check
//! that both give the same answer.

use std::time::Instant;

use clap::Args;
use vieclam_match::market::generate;
use vieclam_match::{pre_match, OpeningIndex, Viewer, Weights};

use crate::messages::say;

#[derive(Debug, Args)]
pub struct MatchBenchArgs {
    /// Open vacancies to search.
    #[arg(long, default_value_t = 1_000_000)]
    pub vacancies: usize,
    /// Workers to find jobs for (timed one by one).
    #[arg(long, default_value_t = 1_000)]
    pub queries: usize,
    /// Of those, how many the brute force also answers.
    #[arg(long, default_value_t = 100)]
    pub brute_force_queries: usize,
    /// Workers registered for the session.
    #[arg(long, default_value_t = 10_000)]
    pub session_workers: usize,
    /// Vacancies of the session.
    #[arg(long, default_value_t = 2_000)]
    pub session_vacancies: usize,
}

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted.get(rank).copied().unwrap_or(0.0)
}

pub fn run(args: MatchBenchArgs) -> anyhow::Result<()> {
    let units = super::admin_units()?;
    let weights = Weights::default();
    let classify = super::evaluate::classify;

    let started = Instant::now();
    let market = generate(&units, "01", 11, args.vacancies, 0, classify);
    let workers = generate(&units, "01", 12, args.queries.max(1), 1, classify);
    let index = OpeningIndex::new(market.openings);
    say!(
        "{} vacancies and {} workers generated and indexed in {:.1} s",
        index.len(),
        workers.seekers.len(),
        started.elapsed().as_secs_f64()
    );
    let mut indexed = Vec::new();
    let mut brute = Vec::new();
    let mut agree = 0;
    let mut n_scored = 0;
    for (n, seeker) in workers.seekers.iter().enumerate() {
        let one = Instant::now();
        let (fast, scored) = index.top_for_counted(seeker, 10, &weights, Viewer::Worker);
        indexed.push(one.elapsed().as_secs_f64() * 1e3);
        n_scored += scored;
        if n < args.brute_force_queries {
            let one = Instant::now();
            let slow = index.brute_force(seeker, 10, &weights, Viewer::Worker);
            brute.push(one.elapsed().as_secs_f64() * 1e3);
            agree += usize::from(fast == slow);
        }
    }
    say!();
    say!("top 10 jobs for one worker among {} vacancies", index.len());
    say!(
        "{:<22} {:>8} {:>8} {:>8}",
        "method",
        "queries",
        "p50 ms",
        "p99 ms"
    );
    say!(
        "{:<22} {:>8} {:>8.2} {:>8.2}",
        "vieclam (index)",
        indexed.len(),
        percentile(&indexed, 50.0),
        percentile(&indexed, 99.0)
    );
    say!(
        "{:<22} {:>8} {:>8.2} {:>8.2}",
        "brute force",
        brute.len(),
        percentile(&brute, 50.0),
        percentile(&brute, 99.0)
    );
    say!("same top 10 as brute force: {agree} of {}", brute.len());
    say!(
        "the index scored {:.0} vacancies in full per worker on average",
        n_scored as f64 / workers.seekers.len().max(1) as f64
    );

    let per_vacancy = args.session_workers.div_ceil(args.session_vacancies.max(1));
    let session = generate(
        &units,
        "01",
        13,
        args.session_vacancies,
        per_vacancy,
        classify,
    );
    let seekers = &session.seekers[..args.session_workers.min(session.seekers.len())];
    let openings = OpeningIndex::new(session.openings.clone());
    let started = Instant::now();
    let fast = pre_match(seekers, &openings, 10, &weights, true);
    let fast_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let slow = pre_match(seekers, &openings, 10, &weights, false);
    let slow_seconds = started.elapsed().as_secs_f64();
    let same = fast.iter().zip(&slow).filter(|(a, b)| a == b).count();
    say!();
    say!(
        "a session pre-matched: {} workers × {} vacancies, top 10 each",
        seekers.len(),
        openings.len()
    );
    say!("{:<22} {:>10}", "method", "seconds");
    say!("{:<22} {:>10.3}", "vieclam (index)", fast_seconds);
    say!("{:<22} {:>10.3}", "brute force", slow_seconds);
    say!(
        "same top 10 as brute force for {same} of {} workers",
        fast.len()
    );
    Ok(())
}
