//! The top of a timeline: first and last contact and counts, from the author's rows.
//!
//! Contact means either side speaking: the author's comments and the team's replies to them.
//! Storage reads the mentions' count and bounds in one aggregate (an author may have thousands);
//! this decides what they mean together with the replies.

use crate::core::model::history::TimelineSummary;

/// The count and bounds of an author's mentions (first seen times).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentionStats {
    pub count: u64,
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

impl MentionStats {
    /// The stats of mentions first seen at these times.
    pub fn of_times(times: impl IntoIterator<Item = i64>) -> MentionStats {
        times.into_iter().fold(MentionStats::default(), |stats, time| MentionStats {
            count: stats.count + 1,
            first_ms: Some(stats.first_ms.map_or(time, |first| first.min(time))),
            last_ms: Some(stats.last_ms.map_or(time, |last| last.max(time))),
        })
    }
}

/// The count and bounds of the team's replies to all of an author's comments (publication
/// times): the same aggregate as [`MentionStats`].
pub type ReplyStats = MentionStats;

/// The summary of an author with these mention stats, `notes` notes, and the team's replies to
/// all of their comments (`None` while the server does not know published replies).
pub fn summarise(mentions: MentionStats, notes: u64, replies: Option<ReplyStats>) -> TimelineSummary {
    let reply_bounds = replies.map(|replies| replies.first_ms.into_iter().chain(replies.last_ms));
    let contacts: Vec<i64> =
        mentions.first_ms.into_iter().chain(mentions.last_ms).chain(reply_bounds.into_iter().flatten()).collect();
    TimelineSummary {
        first_contact_ms: contacts.iter().min().copied(),
        last_contact_ms: contacts.iter().max().copied(),
        mentions: mentions.count,
        notes,
        replies: replies.map(|replies| replies.count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_span_the_first_and_last_mention() {
        let summary = summarise(MentionStats::of_times([30, 10, 20]), 2, None);
        assert_eq!((summary.first_contact_ms, summary.last_contact_ms), (Some(10), Some(30)));
        assert_eq!((summary.mentions, summary.notes, summary.replies), (3, 2, None));
    }

    #[test]
    fn a_later_reply_is_the_last_contact_and_is_counted() {
        let replies = ReplyStats::of_times([40, 15]);
        let summary = summarise(MentionStats::of_times([10, 30]), 0, Some(replies));
        assert_eq!((summary.first_contact_ms, summary.last_contact_ms), (Some(10), Some(40)));
        assert_eq!(summary.replies, Some(2));
    }

    #[test]
    fn an_author_with_nothing_left_has_no_contact() {
        let summary = summarise(MentionStats::default(), 0, Some(ReplyStats::default()));
        assert_eq!((summary.first_contact_ms, summary.last_contact_ms, summary.mentions), (None, None, 0));
        assert_eq!(summary.replies, Some(0), "known to be none, unlike None");
    }
}
