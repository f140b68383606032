//! History's privacy actions in the audit log: an erasure (and an export) leaves an entry saying
//! that it happened, by whom, when and how many records, never what was erased or exported (no
//! author key, name, handle or text).
//!
//! The erasure's entry is appended inside the erasure's own transaction
//! (`Storage::erase_author`), so one never commits without the other; the export's is appended
//! before the export is answered (like the audit log's own exports), so a failed append sends
//! nothing.

use crate::core::model::history::ErasureReport;
use crate::server::error::ApiError;
use crate::server::http::AppState;
use crate::server::storage::history::ExportCounts;
use crate::server::storage::MemberRow;

/// An author was erased by `member` (its audit entry is already committed with it).
pub fn erasure_done(member: &MemberRow, report: &ErasureReport) {
    tracing::info!(
        member = %member.id,
        team = %member.team_id,
        mentions = report.mentions,
        tags = report.tags,
        notes = report.notes,
        "history: an author was erased (recorded in the audit log)"
    );
}

/// Everything about one author is about to be sent to `member`: recorded first.
pub async fn export_done(state: &AppState, member: &MemberRow, counts: ExportCounts, now_ms: i64) -> Result<(), ApiError> {
    state.storage.record_author_export(&member.team_id, &member.id, counts, now_ms).await?;
    tracing::info!(member = %member.id, team = %member.team_id, counts.mentions, counts.notes, "history: an author's data was exported");
    Ok(())
}
