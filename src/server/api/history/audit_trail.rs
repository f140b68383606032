//! History's privacy actions in the audit log: a named gap until the audit log exists.
//!
//! **Gap (issue 7, built in parallel by the approvals and audit work):** an erasure must leave
//! an audit entry saying that it happened (who, when, how many records) and never what was erased
//! (no author key, name, handle or text); an export is audited the same way. The audit log and
//! its public append function are not in this branch, so [`erasure_done`] and [`export_done`]
//! are the one place each where the append goes; today they only write the server's log line,
//! which is not the tamper-evident audit log.
//!
//! Wiring it: call the audit log's append in these two functions with the counts below. If the
//! append must share the erasure's transaction, move the call into `Storage::erase_author`
//! (`storage/history/operations.rs`, before its commit) and keep these as thin callers.

use crate::core::model::history::ErasureReport;
use crate::server::storage::MemberRow;

/// An author was erased by `member`: `report` holds counts only.
pub fn erasure_done(member: &MemberRow, report: &ErasureReport) {
    tracing::warn!(
        member = %member.id,
        team = %member.team_id,
        mentions = report.mentions,
        tags = report.tags,
        notes = report.notes,
        "history: an author was erased (no audit log entry yet: issue 7)"
    );
}

/// Everything about one author was exported by `member`.
pub fn export_done(member: &MemberRow, mentions: usize, notes: usize) {
    tracing::warn!(
        member = %member.id,
        team = %member.team_id,
        mentions,
        notes,
        "history: an author's data was exported (no audit log entry yet: issue 7)"
    );
}
