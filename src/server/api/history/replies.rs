//! The team's replies in a timeline ("who answered, when, with which template, under which
//! approval"), read from issue 7's published-reply records.
//!
//! A timeline lists the replies to the comments of the page it shows; its summary counts the
//! replies to all of the author's comments (`Storage::author_reply_stats`, one aggregate joining
//! the author's mentions to the published replies by permalink), so an author with thousands of
//! mentions is never read whole.

use crate::core::history::ReplyStats;
use crate::core::model::approvals::PublishedReplyView;
use crate::core::model::history::TeamReply;
use crate::server::error::ApiError;
use crate::server::http::AppState;

/// The team's published replies to these comments, oldest first. Always `Some`: the wire types
/// keep `None` for "unknown", which this server no longer answers.
pub async fn published_replies(
    state: &AppState,
    team_id: &str,
    permalinks: &[&str],
) -> Result<Option<Vec<TeamReply>>, ApiError> {
    let mut permalinks: Vec<String> = permalinks.iter().map(|permalink| (*permalink).to_owned()).collect();
    permalinks.sort();
    permalinks.dedup();
    let records = state.storage.published_replies_for_permalinks(team_id, &permalinks).await?;
    Ok(Some(records.into_iter().map(team_reply).collect()))
}

/// The count and bounds of the team's replies to all of the author's comments.
pub async fn reply_stats(state: &AppState, team_id: &str, author_key: &str) -> Result<Option<ReplyStats>, ApiError> {
    Ok(Some(state.storage.author_reply_stats(team_id, author_key).await?))
}

fn team_reply(record: PublishedReplyView) -> TeamReply {
    TeamReply {
        permalink: record.permalink,
        member_id: record.member.id,
        member_name: record.member.display_name,
        template_id: record.template_id,
        approval_id: record.approval_id,
        published_ms: record.posted_ms,
    }
}
