//! Failed sign-ins, counted per e-mail and per client address: after [`MAX_FAILURES`] within
//! [`WINDOW_MS`], further attempts for that e-mail or from that address are refused until the
//! oldest failure leaves the window. This slows password guessing to a crawl without letting
//! anyone lock a colleague out for long.
//!
//! The counts live in this process's memory: with several server processes each counts its own,
//! which still bounds guessing (by the number of processes).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Failures allowed within the window, per e-mail and per address.
pub const MAX_FAILURES: usize = 10;
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
        [email_key(email), address_key(address)]
            .iter()
            .filter_map(|key| {
                let times = failures.get_mut(key)?;
                forget_old(times, now_ms);
                (times.len() >= MAX_FAILURES).then(|| times.front().map_or(0, |oldest| oldest + WINDOW_MS - now_ms))
            })
            .max()
    }

    /// Counts a failed sign-in for `email` and for `address`.
    pub fn record_failure(&self, email: &str, address: &str, now_ms: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > SWEEP_ABOVE_KEYS {
            failures.retain(|_, times| {
                forget_old(times, now_ms);
                !times.is_empty()
            });
        }
        for key in [email_key(email), address_key(address)] {
            let times = failures.entry(key).or_default();
            forget_old(times, now_ms);
            times.push_back(now_ms);
            if times.len() > MAX_FAILURES {
                times.pop_front();
            }
        }
    }

    /// Forgets the e-mail's failures after a successful sign-in (the address keeps its count).
    pub fn record_success(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(&email_key(email));
    }
}

fn email_key(email: &str) -> String {
    format!("email:{email}")
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

fn forget_old(times: &mut VecDeque<i64>, now_ms: i64) {
    while times.front().is_some_and(|time| *time <= now_ms - WINDOW_MS) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_for_one_email_lock_it_for_the_rest_of_the_window() {
        let limiter = LoginLimiter::default();
        for minute in 0..10 {
            assert_eq!(limiter.retry_after("lea@x.fr", &format!("10.0.0.{minute}"), minute * 60_000), None);
            limiter.record_failure("lea@x.fr", &format!("10.0.0.{minute}"), minute * 60_000);
        }
        assert_eq!(limiter.retry_after("lea@x.fr", "10.9.9.9", 10 * 60_000), Some(5 * 60_000));
        assert_eq!(limiter.retry_after("other@x.fr", "10.9.9.9", 10 * 60_000), None, "others are not locked out");
        assert_eq!(
            limiter.retry_after("lea@x.fr", "10.9.9.9", 15 * 60_000),
            None,
            "the oldest failure left the window"
        );
    }

    #[test]
    fn ten_failures_from_one_address_lock_that_address_for_every_email() {
        let limiter = LoginLimiter::default();
        for attempt in 0..10 {
            limiter.record_failure(&format!("guess{attempt}@x.fr"), "203.0.113.7", attempt);
        }
        assert!(limiter.retry_after("new@x.fr", "203.0.113.7", 20).is_some());
        assert_eq!(limiter.retry_after("new@x.fr", "203.0.113.8", 20), None);
    }

    #[test]
    fn a_success_clears_the_emails_failures() {
        let limiter = LoginLimiter::default();
        for attempt in 0..9 {
            limiter.record_failure("lea@x.fr", &attempt.to_string(), attempt);
        }
        limiter.record_success("lea@x.fr");
        limiter.record_failure("lea@x.fr", "z", 10);
        assert_eq!(limiter.retry_after("lea@x.fr", "y", 11), None);
    }
}
