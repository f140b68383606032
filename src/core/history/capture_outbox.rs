//! The extension's queue of mentions to record: what a member opened, waiting to reach the
//! team's server, kept on disk by the worker so nothing is lost offline or when the worker is
//! stopped.
//!
//! A capture leaves the queue only when the server answered it (recorded, already recorded, or
//! refused with a reason); a resend after a lost answer is harmless, because the server records
//! a comment once per permalink. The queue also remembers the permalinks it has seen answered,
//! so opening the same comment again (a reload, the reply box focused twice) sends nothing.
//! Whether a network is recorded is the team's setting, read from the server and cached here:
//! a capture on a network the team does not record is dropped before it is queued, or when the
//! settings arrive.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::core::model::history::{HistorySettings, MentionCapture};

/// Most captures waiting: beyond, a new one is dropped (a week offline opening 500 comments).
pub const MAX_WAITING: usize = 500;
/// Permalinks remembered as answered, newest last.
pub const MAX_REMEMBERED: usize = 2_000;
/// Captures sent per round before the next round takes over.
pub const CAPTURE_BATCH: usize = 20;
/// The team's settings are read again after this long (ms).
pub const SETTINGS_TTL_MS: i64 = 5 * 60 * 1000;

/// The team's history settings as this browser last read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedSettings {
    pub settings: HistorySettings,
    pub read_ms: i64,
}

/// What became of a capture offered to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Queued,
    /// The comment is waiting already, or was recorded already.
    AlreadyKnown,
    /// The team does not record this network.
    NotRecorded,
    /// The queue is full.
    Full,
}

/// How the server answered one capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureAnswer {
    /// Stored now, or stored before (by anyone on the team).
    Recorded,
    /// Refused because the team does not record this network (the settings changed).
    NotRecorded,
    /// Refused for a reason sending again will not change (a bad link, too old).
    Refused,
}

impl CaptureAnswer {
    /// The answer an HTTP status (and error code) means for a capture; `None` when sending again
    /// later may succeed (the server busy or failing, the session ended: the capture waits).
    pub fn from_http(status: u16, code: &str) -> Option<CaptureAnswer> {
        match (status, code) {
            (200..=299, _) => Some(CaptureAnswer::Recorded),
            (409, "capture_off") => Some(CaptureAnswer::NotRecorded),
            (401 | 408 | 429, _) => None,
            (400..=499, _) => Some(CaptureAnswer::Refused),
            _ => None,
        }
    }
}

/// The member's queue of captures and what it remembers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureOutbox {
    pub waiting: Vec<MentionCapture>,
    pub answered: VecDeque<String>,
    pub settings: Option<CachedSettings>,
}

impl CaptureOutbox {
    /// Queues a capture unless it is known or the team does not record its network.
    pub fn offer(&mut self, capture: MentionCapture) -> Offer {
        if self.knows(&capture.permalink) {
            return Offer::AlreadyKnown;
        }
        if self.settings.as_ref().is_some_and(|cached| !cached.settings.captures(capture.network)) {
            return Offer::NotRecorded;
        }
        if self.waiting.len() >= MAX_WAITING {
            return Offer::Full;
        }
        self.waiting.push(capture);
        Offer::Queued
    }

    fn knows(&self, permalink: &str) -> bool {
        self.waiting.iter().any(|waiting| waiting.permalink == permalink) || self.answered.iter().any(|seen| seen == permalink)
    }

    /// Whether the settings should be read (never read, or older than [`SETTINGS_TTL_MS`]).
    pub fn settings_due(&self, now_ms: i64) -> bool {
        self.settings.as_ref().is_none_or(|cached| now_ms - cached.read_ms >= SETTINGS_TTL_MS || now_ms < cached.read_ms)
    }

    /// The team's settings, read at `now_ms`: captures of networks it does not record go.
    pub fn set_settings(&mut self, settings: HistorySettings, now_ms: i64) {
        self.waiting.retain(|capture| settings.captures(capture.network));
        self.settings = Some(CachedSettings { settings, read_ms: now_ms });
    }

    /// The next captures to send, oldest first; none until the settings are known.
    pub fn next_batch(&self) -> Vec<MentionCapture> {
        if self.settings.is_none() {
            return Vec::new();
        }
        self.waiting.iter().take(CAPTURE_BATCH).cloned().collect()
    }

    /// The server answered the capture of `permalink`: it leaves the queue. Recorded and
    /// refused ones are remembered, so they are not sent again; one refused for its network is
    /// not (the team may record that network later).
    pub fn answered(&mut self, permalink: &str, answer: CaptureAnswer) {
        self.waiting.retain(|waiting| waiting.permalink != permalink);
        if answer == CaptureAnswer::NotRecorded {
            return;
        }
        if !self.answered.iter().any(|seen| seen == permalink) {
            self.answered.push_back(permalink.to_owned());
        }
        while self.answered.len() > MAX_REMEMBERED {
            self.answered.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guidelines::Venue;
    use crate::core::model::context::Author;

    fn capture(network: Venue, permalink: &str) -> MentionCapture {
        MentionCapture {
            network,
            author: Author { name: "Marie".into(), handle: "@marie".into(), profile_url: String::new() },
            text: "Still no refund?".into(),
            permalink: permalink.into(),
            seen_ms: 1_000,
        }
    }

    fn only(networks: &[Venue]) -> HistorySettings {
        HistorySettings { captured_networks: networks.to_vec(), retention_days: 365 }
    }

    #[test]
    fn a_comment_is_queued_once_and_never_again_after_its_answer() {
        let mut outbox = CaptureOutbox::default();
        assert_eq!(outbox.offer(capture(Venue::X, "https://x.com/a/1")), Offer::Queued);
        assert_eq!(outbox.offer(capture(Venue::X, "https://x.com/a/1")), Offer::AlreadyKnown);
        outbox.set_settings(HistorySettings::default(), 0);
        assert_eq!(outbox.next_batch().len(), 1);
        outbox.answered("https://x.com/a/1", CaptureAnswer::Recorded);
        assert!(outbox.next_batch().is_empty());
        assert_eq!(outbox.offer(capture(Venue::X, "https://x.com/a/1")), Offer::AlreadyKnown);
    }

    #[test]
    fn only_answers_that_sending_again_cannot_change_end_a_capture() {
        assert_eq!(CaptureAnswer::from_http(201, ""), Some(CaptureAnswer::Recorded));
        assert_eq!(CaptureAnswer::from_http(200, ""), Some(CaptureAnswer::Recorded));
        assert_eq!(CaptureAnswer::from_http(409, "capture_off"), Some(CaptureAnswer::NotRecorded));
        assert_eq!(CaptureAnswer::from_http(422, "too_old"), Some(CaptureAnswer::Refused));
        assert_eq!(CaptureAnswer::from_http(403, "forbidden"), Some(CaptureAnswer::Refused));
        for transient in [401, 408, 429, 500, 503] {
            assert_eq!(CaptureAnswer::from_http(transient, ""), None, "{transient}");
        }
    }

    #[test]
    fn nothing_is_sent_before_the_settings_are_known() {
        let mut outbox = CaptureOutbox::default();
        outbox.offer(capture(Venue::X, "https://x.com/a/1"));
        assert!(outbox.next_batch().is_empty());
        assert!(outbox.settings_due(0));
    }

    #[test]
    fn a_network_the_team_does_not_record_is_dropped_before_and_after_the_settings_arrive() {
        let mut outbox = CaptureOutbox::default();
        outbox.offer(capture(Venue::X, "https://x.com/a/1"));
        outbox.offer(capture(Venue::Linkedin, "https://www.linkedin.com/feed/update/1"));
        outbox.set_settings(only(&[Venue::Linkedin]), 0);
        let sent: Vec<String> = outbox.next_batch().into_iter().map(|capture| capture.permalink).collect();
        assert_eq!(sent, ["https://www.linkedin.com/feed/update/1"]);
        assert_eq!(outbox.offer(capture(Venue::X, "https://x.com/a/2")), Offer::NotRecorded);
    }

    #[test]
    fn a_capture_refused_for_its_network_may_be_offered_again_later() {
        let mut outbox = CaptureOutbox::default();
        outbox.set_settings(HistorySettings::default(), 0);
        outbox.offer(capture(Venue::X, "https://x.com/a/1"));
        outbox.answered("https://x.com/a/1", CaptureAnswer::NotRecorded);
        assert!(outbox.waiting.is_empty());
        assert_eq!(outbox.offer(capture(Venue::X, "https://x.com/a/1")), Offer::Queued);
    }

    #[test]
    fn settings_are_read_again_after_their_time() {
        let mut outbox = CaptureOutbox::default();
        outbox.set_settings(HistorySettings::default(), 1_000);
        assert!(!outbox.settings_due(1_000 + SETTINGS_TTL_MS - 1));
        assert!(outbox.settings_due(1_000 + SETTINGS_TTL_MS));
        assert!(outbox.settings_due(999), "a clock set back reads them again");
    }

    #[test]
    fn the_queue_and_the_memory_are_bounded() {
        let mut outbox = CaptureOutbox::default();
        for n in 0..MAX_WAITING {
            assert_eq!(outbox.offer(capture(Venue::X, &format!("https://x.com/a/{n}"))), Offer::Queued);
        }
        assert_eq!(outbox.offer(capture(Venue::X, "https://x.com/a/last")), Offer::Full);
        for n in 0..MAX_REMEMBERED + 10 {
            outbox.answered(&format!("https://x.com/b/{n}"), CaptureAnswer::Recorded);
        }
        assert_eq!(outbox.answered.len(), MAX_REMEMBERED);
        assert_eq!(outbox.answered.front().map(String::as_str), Some("https://x.com/b/10"));
    }

    #[test]
    fn a_resent_batch_survives_a_round_trip_through_storage() {
        let mut outbox = CaptureOutbox::default();
        outbox.set_settings(HistorySettings::default(), 5);
        outbox.offer(capture(Venue::X, "https://x.com/a/1"));
        let text = serde_json::to_string(&outbox).expect("JSON");
        let back: CaptureOutbox = serde_json::from_str(&text).expect("read back");
        assert_eq!(back, outbox);
    }
}
