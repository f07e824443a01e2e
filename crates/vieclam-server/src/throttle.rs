//! Failed logins counted per client address, in memory: a password sprayed
//! across many accounts from one address is refused after a bound, as one
//! account is after its own bound (counted in the audit trail).
//!
//! The address is the peer of the TCP connection. Behind a reverse proxy
//! every client shares the proxy's address; such a deployment throttles at
//! the proxy, and the per-account bound still holds here.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins from one address within the window before it is refused.
pub const MAX_FAILED_PER_ADDRESS: usize = 30;
/// The window, the same as the per-account one.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Addresses remembered at most; past it the quietest are forgotten first,
/// so the table cannot grow without bound under a spray of addresses.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// Is this address refused now?
    pub fn is_blocked(&self, address: IpAddr, now: Instant) -> bool {
        let mut failures = self.lock();
        match failures.get_mut(&address) {
            Some(times) => {
                forget_before(times, now);
                times.len() >= MAX_FAILED_PER_ADDRESS
            }
            None => false,
        }
    }

    /// Counts one failed login from this address.
    pub fn record_failure(&self, address: IpAddr, now: Instant) {
        let mut failures = self.lock();
        if failures.len() >= MAX_ADDRESSES && !failures.contains_key(&address) {
            failures.retain(|_, times| {
                forget_before(times, now);
                !times.is_empty()
            });
            if failures.len() >= MAX_ADDRESSES {
                // Still full of live entries: drop the ones with the fewest
                // failures, which are the least likely to be attacks.
                let mut counts: Vec<(IpAddr, usize)> = failures
                    .iter()
                    .map(|(address, times)| (*address, times.len()))
                    .collect();
                counts.sort_by_key(|(_, n)| *n);
                for (address, _) in counts.into_iter().take(MAX_ADDRESSES / 10) {
                    failures.remove(&address);
                }
            }
        }
        let times = failures.entry(address).or_default();
        forget_before(times, now);
        times.push_back(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Instant>>> {
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn forget_before(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|first| now.duration_since(*first) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_refused_after_the_bound_and_forgiven_after_the_window() {
        let throttle = LoginThrottle::default();
        let address: IpAddr = "127.0.0.9".parse().unwrap();
        let other: IpAddr = "127.0.0.10".parse().unwrap();
        let start = Instant::now();
        for _ in 0..MAX_FAILED_PER_ADDRESS {
            assert!(!throttle.is_blocked(address, start));
            throttle.record_failure(address, start);
        }
        assert!(throttle.is_blocked(address, start));
        assert!(!throttle.is_blocked(other, start));
        assert!(!throttle.is_blocked(address, start + WINDOW));
    }
}
