//! An audit export, produced a piece at a time for the API's streamed answer and the command
//! line's file alike: the head, then the entries of the period a page at a time, then the tail.
//!
//! The export is recorded in the audit log before the first byte ([`record_export`]), so a
//! download that fails halfway is still on record.

use crate::core::audit::export::{self, ExportHead};
use crate::core::audit::{canonical_payload, ExportFormat, Period};
use crate::core::audit::time::iso_date;
use crate::core::model::audit::AuditKind;

use super::storage::audit::AUDIT_PAGE;
use super::storage::{NewAuditEntry, Storage, StorageError};

/// Where an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Head,
    Entries { after: u64, first: bool },
    Done,
}

/// Yields an export's text in pieces; see the module documentation.
#[derive(Debug, Clone)]
pub struct ExportCursor {
    storage: Storage,
    team_id: String,
    team_name: String,
    period: Period,
    format: ExportFormat,
    exported_ms: i64,
    stage: Stage,
    /// Entries written so far.
    pub written: u64,
}

impl ExportCursor {
    pub fn new(storage: Storage, team_id: &str, team_name: &str, period: Period, format: ExportFormat, now_ms: i64) -> ExportCursor {
        ExportCursor {
            storage,
            team_id: team_id.to_owned(),
            team_name: team_name.to_owned(),
            period,
            format,
            exported_ms: now_ms,
            stage: Stage::Head,
            written: 0,
        }
    }

    /// The next piece of text, or `None` when the export is complete.
    pub async fn next_piece(&mut self) -> Result<Option<String>, StorageError> {
        match self.stage {
            Stage::Head => {
                self.stage = Stage::Entries { after: 0, first: true };
                let meta = ExportHead {
                    team_id: &self.team_id,
                    team_name: &self.team_name,
                    period: self.period,
                    exported_ms: self.exported_ms,
                };
                Ok(Some(export::head(self.format, &meta)))
            }
            Stage::Entries { after, first } => {
                let range = (self.period.start_ms(), self.period.end_ms());
                let page = self.storage.audit_entries_between(&self.team_id, after, range, AUDIT_PAGE).await?;
                let Some(last) = page.last() else {
                    self.stage = Stage::Done;
                    return Ok(Some(export::tail(self.format).to_owned()));
                };
                let mut text = String::new();
                for (index, entry) in page.iter().enumerate() {
                    text.push_str(&export::entry(self.format, entry, first && index == 0));
                }
                self.written += page.len() as u64;
                self.stage = Stage::Entries { after: last.seq, first: false };
                Ok(Some(text))
            }
            Stage::Done => Ok(None),
        }
    }
}

/// Records in the team's audit log that `actor` exported `period` as `format` (`via`: `api` or
/// `cli`).
pub async fn record_export(
    storage: &Storage,
    team_id: &str,
    actor: &str,
    period: Period,
    format: ExportFormat,
    via: &str,
    now_ms: i64,
) -> Result<(), StorageError> {
    let details = serde_json::json!({
        "from": iso_date(period.from),
        "to": iso_date(period.to),
        "format": format.as_str(),
        "via": via,
    });
    let entry = NewAuditEntry { team_id, actor, kind: AuditKind::AuditExported, payload: canonical_payload(&details), time_ms: now_ms };
    storage.append_audit_entry(&entry).await?;
    Ok(())
}
