//! Requests counted per client address, in memory: failed logins (a
//! password sprayed across many accounts from one address is refused after
//! a bound, as one account is after its own bound, counted in the audit
//! trail), and sign-ups (an address makes a few accounts an hour, so that
//! nobody fills the registers with made-up people or tries citizen IDs one
//! after another to learn which are on file).
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
                forget_before(times, now, WINDOW);
                times.len() >= MAX_FAILED_PER_ADDRESS
            }
            None => false,
        }
    }

    /// Counts one failed login from this address.
    pub fn record_failure(&self, address: IpAddr, now: Instant) {
        let mut failures = self.lock();
        make_room(&mut failures, address, now, WINDOW);
        let times = failures.entry(address).or_default();
        forget_before(times, now, WINDOW);
        times.push_back(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Instant>>> {
        lock(&self.failures)
    }
}

/// Sign-ups from one address within [`SIGNUP_WINDOW`] before it is refused,
/// unless the server's configuration says otherwise: a family or a class
/// signing up together behind one router stays well under it.
pub const MAX_SIGNUPS_PER_ADDRESS: usize = 10;
/// The sign-up window.
pub const SIGNUP_WINDOW: Duration = Duration::from_secs(60 * 60);

/// Sign-ups counted per client address: every well-formed attempt counts,
/// the ones refused because a record or a login exists included.
pub struct SignupThrottle {
    max_per_window: usize,
    signups: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl Default for SignupThrottle {
    fn default() -> SignupThrottle {
        SignupThrottle::new(MAX_SIGNUPS_PER_ADDRESS)
    }
}

impl SignupThrottle {
    pub fn new(max_per_window: usize) -> SignupThrottle {
        SignupThrottle {
            max_per_window,
            signups: Mutex::default(),
        }
    }

    /// Takes one sign-up from this address; false (and nothing counted)
    /// when the address has had its share of the window.
    pub fn try_take(&self, address: IpAddr, now: Instant) -> bool {
        let mut signups = lock(&self.signups);
        make_room(&mut signups, address, now, SIGNUP_WINDOW);
        let times = signups.entry(address).or_default();
        forget_before(times, now, SIGNUP_WINDOW);
        if times.len() >= self.max_per_window {
            return false;
        }
        times.push_back(now);
        true
    }
}

fn lock(
    table: &Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Instant>>> {
    table
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps the table under [`MAX_ADDRESSES`] before `address` is added:
/// first the entries whose times have all left the window go, then, if it
/// is still full of live entries, the tenth with the fewest times, which
/// are the least likely to be attacks.
fn make_room(
    table: &mut HashMap<IpAddr, VecDeque<Instant>>,
    address: IpAddr,
    now: Instant,
    window: Duration,
) {
    if table.len() < MAX_ADDRESSES || table.contains_key(&address) {
        return;
    }
    table.retain(|_, times| {
        forget_before(times, now, window);
        !times.is_empty()
    });
    if table.len() >= MAX_ADDRESSES {
        let mut counts: Vec<(IpAddr, usize)> = table
            .iter()
            .map(|(address, times)| (*address, times.len()))
            .collect();
        counts.sort_by_key(|(_, n)| *n);
        for (address, _) in counts.into_iter().take(MAX_ADDRESSES / 10) {
            table.remove(&address);
        }
    }
}

fn forget_before(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|first| now.duration_since(*first) >= window)
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

    #[test]
    fn an_address_signs_up_its_share_an_hour() {
        let throttle = SignupThrottle::new(3);
        let address: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "2001:db8::7".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(throttle.try_take(address, start));
        }
        assert!(!throttle.try_take(address, start));
        assert!(!throttle.try_take(address, start + SIGNUP_WINDOW / 2));
        assert!(throttle.try_take(other, start));
        assert!(throttle.try_take(address, start + SIGNUP_WINDOW));
    }
}
