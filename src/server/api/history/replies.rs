//! The team's replies in a timeline ("who answered, when, with which template, under which
//! approval"): a named gap until the published-reply records exist.
//!
//! **Gap (issue 7, built in parallel by the approvals and audit work):** published replies are
//! kept in `published_replies` (team, comment permalink, member, template id, approval id, time)
//! and read with `Storage::published_replies_for_permalinks(team_id, permalinks)`, neither of
//! which exists in this branch. Until they are merged, [`published_replies`] answers `None`,
//! which the wire types carry as "unknown" (`Timeline::replies`, `TimelineSummary::replies`,
//! `AuthorExport::replies` are `null`), never as "no reply".
//!
//! Wiring it: call `published_replies_for_permalinks` here and map each record to a
//! [`TeamReply`] (the member's display name from `members`). The timeline passes the permalinks
//! of the page it shows and the export passes all of the author's; for the summary's reply
//! count over every mention, count the records whose permalink is one of the author's
//! (`JOIN history_mentions ON permalink` within the team) rather than only the page's.

use crate::core::model::history::TeamReply;
use crate::server::error::ApiError;
use crate::server::http::AppState;

/// The team's published replies to these comments, or `None` while this server does not record
/// published replies (see the module's doc).
pub async fn published_replies(
    _state: &AppState,
    _team_id: &str,
    _permalinks: &[&str],
) -> Result<Option<Vec<TeamReply>>, ApiError> {
    Ok(None)
}
