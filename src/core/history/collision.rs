//! Collisions: who else is answering a comment, or just did.
//!
//! A member's extension says "replying" when a reply box opens (and again every
//! [`REPLYING_REFRESH_MS`] while it stays open), "replied" when the site's submit went through,
//! "closed" when the box closes. The server keeps one entry per member and comment, with an
//! expiry, so a browser that vanishes stops counting after [`REPLYING_TTL_MS`]; "replied" is
//! kept [`RECENT_ANSWER_MS`] for "answered 3 minutes ago by Marie".
//!
//! [`collision`] turns the entries (and, once known, the team's published replies) into what the
//! panel says, in order; the words, in French and English, are the panel's.

use crate::core::model::history::{Collision, PresenceEntry, PresenceState, RecentAnswer, TeamReply, Teammate};

/// How long "replying" holds without a refresh.
pub const REPLYING_TTL_MS: i64 = 60_000;
/// How often an open reply box should refresh its "replying".
pub const REPLYING_REFRESH_MS: i64 = 20_000;
/// How long an answer counts as recent: "replied" entries expire then, and published replies
/// older than this are left to the timeline.
pub const RECENT_ANSWER_MS: i64 = 15 * 60_000;

// One lost refresh never ends a "replying".
const _: () = assert!(REPLYING_REFRESH_MS * 2 < REPLYING_TTL_MS);

/// When a presence set to `state` at `now_ms` ends; `None` for `closed` (it is removed).
pub fn presence_expiry(state: PresenceState, now_ms: i64) -> Option<i64> {
    match state {
        PresenceState::Replying => Some(now_ms + REPLYING_TTL_MS),
        PresenceState::Replied => Some(now_ms + RECENT_ANSWER_MS),
        PresenceState::Closed => None,
    }
}

/// When a presence set to `state` at `now_ms` began: a refresh of a live entry in the same
/// state keeps its start (`previous`: that entry's state, start and expiry).
pub fn presence_since(previous: Option<(PresenceState, i64, i64)>, state: PresenceState, now_ms: i64) -> i64 {
    match previous {
        Some((was, since, expires)) if was == state && expires > now_ms => since,
        _ => now_ms,
    }
}

/// What the panel of member `me` says about a comment at `now_ms` (the server's clock: the
/// entries' times are the server's), from its presence entries and the team's replies to it.
pub fn collision(entries: &[PresenceEntry], replies: &[TeamReply], me: &str, now_ms: i64) -> Collision {
    let live = entries.iter().filter(|entry| entry.member_id != me && entry.expires_ms > now_ms);
    let mut replying: Vec<Teammate> = Vec::new();
    for entry in live.clone().filter(|entry| entry.state == PresenceState::Replying) {
        let teammate =
            Teammate { member_id: entry.member_id.clone(), member_name: entry.member_name.clone(), since_ms: entry.since_ms };
        let key = |other: &Teammate| (other.since_ms, other.member_name.clone());
        insert_ordered(&mut replying, teammate, |a, b| key(a) < key(b));
    }
    let said = live
        .filter(|entry| entry.state == PresenceState::Replied)
        .map(|entry| (&entry.member_id, &entry.member_name, entry.since_ms));
    let published = replies
        .iter()
        .filter(|reply| reply.member_id != me && now_ms - reply.published_ms <= RECENT_ANSWER_MS)
        .map(|reply| (&reply.member_id, &reply.member_name, reply.published_ms));
    // A handful of teammates at most: lists and insertion in order are enough (and keep a hash
    // map's and a sort's code out of the panel's wasm module).
    let mut latest: Vec<(&String, &String, i64)> = Vec::new();
    for (member_id, member_name, at_ms) in said.chain(published) {
        match latest.iter_mut().find(|(id, _, _)| *id == member_id) {
            Some(slot) if at_ms > slot.2 => *slot = (member_id, member_name, at_ms),
            Some(_) => {}
            None => latest.push((member_id, member_name, at_ms)),
        }
    }
    let mut answered: Vec<RecentAnswer> = Vec::new();
    for (member_id, member_name, at_ms) in latest {
        let answer = RecentAnswer {
            member_id: member_id.clone(),
            member_name: member_name.clone(),
            at_ms,
            minutes_ago: u64::try_from((now_ms - at_ms) / 60_000).unwrap_or(0),
        };
        insert_ordered(&mut answered, answer, |a, b| a.at_ms > b.at_ms || (a.at_ms == b.at_ms && a.member_name < b.member_name));
    }
    Collision { replying, answered }
}

/// Inserts `item` after every element that does not come after it (`before(a, b)`: a first).
fn insert_ordered<T>(list: &mut Vec<T>, item: T, before: impl Fn(&T, &T) -> bool) {
    let at = list.iter().position(|other| before(&item, other)).unwrap_or(list.len());
    list.insert(at, item);
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000_000;

    fn entry(member: &str, state: PresenceState, since_ms: i64, expires_ms: i64) -> PresenceEntry {
        PresenceEntry { member_id: member.into(), member_name: member.to_uppercase(), state, since_ms, expires_ms }
    }

    fn reply(member: &str, at: i64) -> TeamReply {
        TeamReply {
            permalink: "https://x.com/a/status/1".into(),
            member_id: member.into(),
            member_name: member.to_uppercase(),
            template_id: Some("thanks".into()),
            approval_id: None,
            published_ms: at,
        }
    }

    #[test]
    fn teammates_replying_are_listed_who_came_first_first_and_never_me() {
        let entries = [
            entry("paul", PresenceState::Replying, NOW - 5_000, NOW + 55_000),
            entry("marie", PresenceState::Replying, NOW - 30_000, NOW + 40_000),
            entry("me", PresenceState::Replying, NOW - 60_000, NOW + 50_000),
        ];
        let seen = collision(&entries, &[], "me", NOW);
        let names: Vec<&str> = seen.replying.iter().map(|mate| mate.member_name.as_str()).collect();
        assert_eq!(names, ["MARIE", "PAUL"]);
        assert!(seen.answered.is_empty());
    }

    #[test]
    fn an_expired_entry_says_nothing() {
        let entries = [entry("marie", PresenceState::Replying, NOW - 90_000, NOW)];
        assert_eq!(collision(&entries, &[], "me", NOW), Collision::default());
        assert_eq!(collision(&entries, &[], "me", NOW - 1).replying.len(), 1);
    }

    #[test]
    fn answers_are_newest_first_in_whole_minutes_once_per_teammate() {
        let entries = [entry("marie", PresenceState::Replied, NOW - 3 * 60_000 - 59_000, NOW + 60_000)];
        let replies = [reply("paul", NOW - 60_000), reply("marie", NOW - 10 * 60_000), reply("me", NOW)];
        let seen = collision(&entries, &replies, "me", NOW);
        let said: Vec<(&str, u64)> =
            seen.answered.iter().map(|answer| (answer.member_name.as_str(), answer.minutes_ago)).collect();
        assert_eq!(said, [("PAUL", 1), ("MARIE", 3)]);
    }

    #[test]
    fn a_published_reply_older_than_the_recent_window_is_left_to_the_timeline() {
        let replies = [reply("paul", NOW - RECENT_ANSWER_MS - 1)];
        assert!(collision(&[], &replies, "me", NOW).answered.is_empty());
    }

    #[test]
    fn replying_lasts_a_minute_unless_refreshed_and_a_refresh_keeps_its_start() {
        assert_eq!(presence_expiry(PresenceState::Replying, NOW), Some(NOW + REPLYING_TTL_MS));
        assert_eq!(presence_expiry(PresenceState::Closed, NOW), None);
        let live = Some((PresenceState::Replying, NOW - 40_000, NOW + 20_000));
        assert_eq!(presence_since(live, PresenceState::Replying, NOW), NOW - 40_000);
        assert_eq!(presence_since(live, PresenceState::Replied, NOW), NOW, "a new state starts now");
        let lapsed = Some((PresenceState::Replying, NOW - 90_000, NOW - 30_000));
        assert_eq!(presence_since(lapsed, PresenceState::Replying, NOW), NOW);
    }
}
