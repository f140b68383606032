//! Failed sign-ins, counted three ways within a sliding [`WINDOW_MS`]:
//!
//! - per e-mail *and* address: [`MAX_FAILURES_PER_PAIR`] (someone mistyping, or one guesser);
//! - per e-mail, from anywhere: [`MAX_FAILURES_PER_EMAIL`] (a guesser spread over addresses);
//! - per address, for any e-mail: [`MAX_FAILURES_PER_ADDRESS`] (one address trying many accounts).
//!
//! Past any of the three, attempts are refused until the oldest counted failure leaves the
//! window. The pair limit is the tight one; the other two are looser on purpose: a whole office
//! behind one address (or a team behind a load balancer) must not be locked out by a few
//! colleagues' typos, and a stranger must not lock a member out with a handful of bad guesses.
//!
//! The counts live in this process's memory: with several server processes each counts its own,
//! which still bounds guessing (by the number of processes).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Failures allowed within the window for one e-mail from one address.
pub const MAX_FAILURES_PER_PAIR: usize = 10;
/// Failures allowed within the window for one e-mail, whatever the address.
pub const MAX_FAILURES_PER_EMAIL: usize = 50;
/// Failures allowed within the window from one address, whatever the e-mail.
pub const MAX_FAILURES_PER_ADDRESS: usize = 100;
/// The window: 15 minutes.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Keys kept before old ones are swept, so a flood of made-up e-mails cannot grow memory forever.
const SWEEP_ABOVE_KEYS: usize = 50_000;

/// The counts of recent failures.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl LoginLimiter {
    /// Milliseconds until `email` from `address` may try again, or `None` when it may now.
    pub fn retry_after(&self, email: &str, address: &str, now_ms: i64) -> Option<i64> {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        counted_keys(email, address)
            .into_iter()
            .filter_map(|(key, limit)| {
                let times = failures.get_mut(&key)?;
                forget_old(times, now_ms);
                (times.len() >= limit).then(|| times.front().map_or(0, |oldest| oldest + WINDOW_MS - now_ms))
            })
            .max()
    }

    /// Counts a failed sign-in for `email` from `address`.
    pub fn record_failure(&self, email: &str, address: &str, now_ms: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > SWEEP_ABOVE_KEYS {
            failures.retain(|_, times| {
                forget_old(times, now_ms);
                !times.is_empty()
            });
        }
        for (key, limit) in counted_keys(email, address) {
            let times = failures.entry(key).or_default();
            forget_old(times, now_ms);
            times.push_back(now_ms);
            if times.len() > limit {
                times.pop_front();
            }
        }
    }

    /// Forgets the e-mail's failures after a successful sign-in (the address keeps its count:
    /// one right password does not excuse guesses at other accounts).
    pub fn record_success(&self, email: &str, address: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(&pair_key(email, address));
        failures.remove(&format!("email:{email}"));
    }
}

/// The three counts a sign-in touches, each with its limit.
fn counted_keys(email: &str, address: &str) -> [(String, usize); 3] {
    [
        (pair_key(email, address), MAX_FAILURES_PER_PAIR),
        (format!("email:{email}"), MAX_FAILURES_PER_EMAIL),
        (format!("address:{address}"), MAX_FAILURES_PER_ADDRESS),
    ]
}

/// An e-mail never holds a newline (it is normalised before it gets here), so the pair is
/// unambiguous.
fn pair_key(email: &str, address: &str) -> String {
    format!("pair:{email}\n{address}")
}

fn forget_old(times: &mut VecDeque<i64>, now_ms: i64) {
    while times.front().is_some_and(|time| *time <= now_ms - WINDOW_MS) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(limiter: &LoginLimiter, email: &str, address: &str, times: usize, at_ms: i64) {
        for _ in 0..times {
            limiter.record_failure(email, address, at_ms);
        }
    }

    #[test]
    fn ten_failures_for_one_email_from_one_address_lock_that_pair_for_the_rest_of_the_window() {
        let limiter = LoginLimiter::default();
        for minute in 0..10 {
            assert_eq!(limiter.retry_after("lea@x.fr", "10.0.0.1", minute * 60_000), None);
            limiter.record_failure("lea@x.fr", "10.0.0.1", minute * 60_000);
        }
        assert_eq!(limiter.retry_after("lea@x.fr", "10.0.0.1", 10 * 60_000), Some(5 * 60_000));
        assert_eq!(limiter.retry_after("lea@x.fr", "10.0.0.2", 10 * 60_000), None, "Léa elsewhere may still try");
        assert_eq!(limiter.retry_after("tom@x.fr", "10.0.0.1", 10 * 60_000), None, "a colleague in the office too");
        assert_eq!(limiter.retry_after("lea@x.fr", "10.0.0.1", 15 * 60_000), None, "the oldest failure left");
    }

    #[test]
    fn an_email_guessed_at_from_many_addresses_is_locked_at_fifty() {
        let limiter = LoginLimiter::default();
        for address in 0..49 {
            limiter.record_failure("lea@x.fr", &format!("10.0.1.{address}"), 0);
        }
        assert_eq!(limiter.retry_after("lea@x.fr", "10.0.2.1", 1), None);
        limiter.record_failure("lea@x.fr", "10.0.1.99", 0);
        assert!(limiter.retry_after("lea@x.fr", "10.0.2.1", 1).is_some());
    }

    #[test]
    fn an_office_behind_one_address_survives_its_typos_but_not_a_hundred_guesses() {
        let limiter = LoginLimiter::default();
        for colleague in 0..9 {
            fail(&limiter, &format!("cm{colleague}@x.fr"), "203.0.113.7", 9, 0);
        }
        assert_eq!(limiter.retry_after("new@x.fr", "203.0.113.7", 1), None, "81 typos by nine people");
        fail(&limiter, "guess@x.fr", "203.0.113.7", 19, 0);
        assert!(limiter.retry_after("new@x.fr", "203.0.113.7", 1).is_some(), "100 failures from one address");
        assert_eq!(limiter.retry_after("new@x.fr", "203.0.113.8", 1), None);
    }

    #[test]
    fn a_success_clears_the_emails_failures_but_not_the_addresss() {
        let limiter = LoginLimiter::default();
        fail(&limiter, "lea@x.fr", "y", 9, 0);
        fail(&limiter, "other@x.fr", "y", 80, 0);
        limiter.record_success("lea@x.fr", "y");
        limiter.record_failure("lea@x.fr", "y", 10);
        assert_eq!(limiter.retry_after("lea@x.fr", "y", 11), None);
        fail(&limiter, "third@x.fr", "y", 10, 12);
        assert!(limiter.retry_after("lea@x.fr", "y", 13).is_some(), "the address's 100 still count");
    }
}
