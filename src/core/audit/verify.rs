//! The verification walk: entries are fed in stored order (by `seq`), a page at a time, and the
//! first bad one is named with the reason.
//!
//! At each entry, in this order:
//! 1. its number must be the next one, else the entries in between are **missing**;
//! 2. its payload and fields must match its hashes, else it was **altered**;
//! 3. its `prev_hash` must be the previous entry's hash. If not, and an entry further on has that
//!    hash, the entries were **reordered**; if none has, the entry is **unlinked** (one before it
//!    was removed and the rest renumbered, or rewritten with a recomputed hash).
//!
//! Then the end: the last entry must be the recorded head (entries cut from the end are
//! **missing**), and a log that starts after a purge must hold the `audit_purged` entry that
//! set its anchor.
//!
//! After the first break the walk only looks for the hash that tells "reordered" from
//! "unlinked", so verifying costs two SHA-256 per entry and constant memory.

use crate::core::digest::sha256_hex;
use crate::core::model::audit::{AuditEntry, AuditKind, BreakKind, ChainProblem, ChainReport};

use super::chain::recomputed_hash;

/// What an `audit_purged` entry records: the anchor the purge left.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PurgeRecord {
    /// Entries up to this number were deleted...
    pub anchor_seq: u64,
    /// ...and this was the hash of the last one.
    pub anchor_hash: String,
    /// How many entries went, and the retention that let them go.
    pub purged: u64,
    pub retention_days: u32,
}

/// Walks one team's chain. See the module documentation.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    team_id: String,
    anchor_seq: u64,
    anchor_hash: String,
    next_seq: u64,
    last_hash: String,
    entries: u64,
    problem: Option<ChainProblem>,
    /// After an unlinked entry: the hash it claims to follow, looked for further on.
    looking_for: Option<String>,
    anchor_explained: bool,
}

impl ChainVerifier {
    /// A walk from the team's anchor: `(0, GENESIS_HASH)` unless entries were purged.
    pub fn new(team_id: &str, anchor_seq: u64, anchor_hash: &str) -> ChainVerifier {
        ChainVerifier {
            team_id: team_id.to_owned(),
            anchor_seq,
            anchor_hash: anchor_hash.to_owned(),
            next_seq: anchor_seq + 1,
            last_hash: anchor_hash.to_owned(),
            entries: 0,
            problem: None,
            looking_for: None,
            anchor_explained: anchor_seq == 0,
        }
    }

    /// The first problem found so far.
    pub fn problem(&self) -> Option<&ChainProblem> {
        self.problem.as_ref()
    }

    /// The next entry, in stored order.
    pub fn check(&mut self, entry: &AuditEntry) {
        self.entries += 1;
        if self.problem.is_some() {
            self.resolve_unlinked(entry);
            return;
        }
        if let Some(problem) = self.problem_at(entry) {
            self.problem = Some(problem);
            return;
        }
        self.note_purge(entry);
        self.last_hash = entry.hash.clone();
        self.next_seq = entry.seq + 1;
    }

    /// The report once every entry was fed, against the recorded head.
    pub fn finish(mut self, head_seq: u64, head_hash: &str) -> ChainReport {
        if self.problem.is_none() {
            self.problem = self.problem_at_end(head_seq, head_hash);
        }
        ChainReport {
            team_id: self.team_id,
            intact: self.problem.is_none(),
            entries: self.entries,
            anchor_seq: self.anchor_seq,
            anchor_hash: self.anchor_hash,
            head_seq,
            head_hash: head_hash.to_owned(),
            problem: self.problem,
        }
    }

    fn problem_at(&mut self, entry: &AuditEntry) -> Option<ChainProblem> {
        let seq = entry.seq;
        if seq > self.next_seq {
            let detail = if seq == self.next_seq + 1 {
                format!("entry {} is missing (entry {seq} comes after entry {})", self.next_seq, self.next_seq - 1)
            } else {
                format!("entries {} to {} are missing", self.next_seq, seq - 1)
            };
            return Some(ChainProblem { seq: self.next_seq, kind: BreakKind::Missing, detail });
        }
        if seq < self.next_seq {
            let detail = format!("entry {seq} appears again after entry {}", self.next_seq - 1);
            return Some(ChainProblem { seq, kind: BreakKind::Reordered, detail });
        }
        if sha256_hex(entry.payload.as_bytes()) != entry.payload_hash {
            let detail = format!("entry {seq} was altered: its details no longer match their hash");
            return Some(ChainProblem { seq, kind: BreakKind::Altered, detail });
        }
        if recomputed_hash(&self.team_id, entry) != entry.hash {
            let detail = format!("entry {seq} was altered: its time, author, kind or link no longer match its hash");
            return Some(ChainProblem { seq, kind: BreakKind::Altered, detail });
        }
        if entry.prev_hash != self.last_hash {
            self.looking_for = Some(entry.prev_hash.clone());
            let detail = format!(
                "entry {seq} does not follow entry {}: an entry before it was removed or rewritten",
                seq.saturating_sub(1)
            );
            return Some(ChainProblem { seq, kind: BreakKind::Unlinked, detail });
        }
        None
    }

    /// An unlinked entry whose predecessor turns up further on was moved: reordered.
    fn resolve_unlinked(&mut self, entry: &AuditEntry) {
        let found = self.looking_for.as_deref() == Some(entry.hash.as_str());
        if let (true, Some(problem)) = (found, self.problem.as_mut()) {
            problem.kind = BreakKind::Reordered;
            problem.detail = format!(
                "entry {} is out of place: it follows the entry now numbered {}, which comes after it (entries were reordered)",
                problem.seq, entry.seq
            );
            self.looking_for = None;
        }
    }

    fn note_purge(&mut self, entry: &AuditEntry) {
        if entry.kind != AuditKind::AuditPurged.as_str() {
            return;
        }
        if let Ok(record) = serde_json::from_str::<PurgeRecord>(&entry.payload) {
            if record.anchor_seq == self.anchor_seq && record.anchor_hash == self.anchor_hash {
                self.anchor_explained = true;
            }
        }
    }

    fn problem_at_end(&self, head_seq: u64, head_hash: &str) -> Option<ChainProblem> {
        let last_seq = self.next_seq - 1;
        if head_seq > last_seq {
            let detail = if head_seq == last_seq + 1 {
                format!("entry {head_seq}, the last one, is missing (the log's head records it)")
            } else {
                format!("entries {} to {head_seq} are missing at the end (the log's head records them)", last_seq + 1)
            };
            return Some(ChainProblem { seq: last_seq + 1, kind: BreakKind::Missing, detail });
        }
        if head_seq < last_seq || head_hash != self.last_hash {
            let detail = format!(
                "the log's head records entry {head_seq} with another hash than the entries hold (last entry: {last_seq})"
            );
            return Some(ChainProblem { seq: last_seq, kind: BreakKind::HeadMismatch, detail });
        }
        if !self.anchor_explained {
            let detail = format!(
                "the log starts after entry {}, but no audit_purged entry records that purge",
                self.anchor_seq
            );
            return Some(ChainProblem { seq: self.anchor_seq + 1, kind: BreakKind::UnexplainedStart, detail });
        }
        None
    }
}

/// Verifies a whole chain held in memory (tests, small exports).
pub fn verify_all(team_id: &str, anchor: (u64, &str), entries: &[AuditEntry], head: (u64, &str)) -> ChainReport {
    let mut verifier = ChainVerifier::new(team_id, anchor.0, anchor.1);
    for entry in entries {
        verifier.check(entry);
    }
    verifier.finish(head.0, head.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::chain::{canonical_payload, seal, GENESIS_HASH};

    const TEAM: &str = "team-a";

    fn chain(count: u64) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for seq in 1..=count {
            let prev = entries.last().map_or(GENESIS_HASH.to_owned(), |entry| entry.hash.clone());
            let payload = format!("{{\"n\":{seq}}}");
            entries.push(seal(TEAM, seq, 1_000 + seq as i64, "m1", "reply_published", payload, &prev));
        }
        entries
    }

    fn verify(entries: &[AuditEntry], head: &AuditEntry) -> ChainReport {
        verify_all(TEAM, (0, GENESIS_HASH), entries, (head.seq, &head.hash))
    }

    fn problem(report: &ChainReport) -> (u64, BreakKind) {
        report.problem.as_ref().map(|p| (p.seq, p.kind)).unwrap_or((0, BreakKind::Altered))
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let entries = chain(50);
        let report = verify(&entries, &entries[49]);
        assert!(report.intact, "{report:?}");
        assert_eq!(report.entries, 50);
        assert_eq!(report.head_seq, 50);
    }

    #[test]
    fn an_empty_log_is_intact() {
        let report = verify_all(TEAM, (0, GENESIS_HASH), &[], (0, GENESIS_HASH));
        assert!(report.intact);
    }

    #[test]
    fn a_changed_payload_is_named_altered_at_its_entry() {
        let mut entries = chain(10);
        entries[6].payload = "{\"n\":700}".into();
        let head = entries[9].clone();
        assert_eq!(problem(&verify(&entries, &head)), (7, BreakKind::Altered));
    }

    #[test]
    fn a_changed_actor_or_time_is_altered_too_even_with_the_payload_hash_recomputed() {
        let mut entries = chain(10);
        entries[2].actor = "someone-else".into();
        let head = entries[9].clone();
        assert_eq!(problem(&verify(&entries, &head)), (3, BreakKind::Altered));
        let mut entries = chain(10);
        entries[4].payload = "{\"n\":0}".into();
        entries[4].payload_hash = sha256_hex(entries[4].payload.as_bytes());
        assert_eq!(problem(&verify(&entries, &head)), (5, BreakKind::Altered));
    }

    #[test]
    fn a_removed_entry_is_named_missing() {
        let mut entries = chain(10);
        entries.remove(3);
        let head = entries[8].clone();
        let report = verify(&entries, &head);
        assert_eq!(problem(&report), (4, BreakKind::Missing), "{report:?}");
    }

    #[test]
    fn a_removed_first_entry_is_missing() {
        let mut entries = chain(5);
        entries.remove(0);
        let head = entries[3].clone();
        assert_eq!(problem(&verify(&entries, &head)), (1, BreakKind::Missing));
    }

    #[test]
    fn entries_cut_from_the_end_are_missing_against_the_head() {
        let entries = chain(10);
        let head = entries[9].clone();
        let report = verify(&entries[..8], &head);
        assert_eq!(problem(&report), (9, BreakKind::Missing), "{report:?}");
    }

    #[test]
    fn two_swapped_entries_are_named_reordered_at_the_first() {
        let mut entries = chain(10);
        entries.swap(4, 5);
        // Renumber as a database swap of the `seq` column would.
        entries[4].seq = 5;
        entries[5].seq = 6;
        let head = entries[9].clone();
        let report = verify(&entries, &head);
        assert_eq!(problem(&report), (5, BreakKind::Reordered), "{report:?}");
    }

    #[test]
    fn an_entry_moved_far_back_is_reordered() {
        let mut entries = chain(10);
        let moved = entries.remove(8);
        entries.insert(2, moved);
        for (index, entry) in entries.iter_mut().enumerate() {
            entry.seq = index as u64 + 1;
        }
        let head = entries[9].clone();
        assert_eq!(problem(&verify(&entries, &head)), (3, BreakKind::Reordered));
    }

    #[test]
    fn a_removal_hidden_by_renumbering_is_unlinked() {
        let mut entries = chain(10);
        entries.remove(3);
        for (index, entry) in entries.iter_mut().enumerate() {
            entry.seq = index as u64 + 1;
        }
        let mut head = entries[8].clone();
        head.seq = 9;
        let report = verify(&entries, &head);
        assert_eq!(problem(&report), (4, BreakKind::Unlinked), "{report:?}");
    }

    #[test]
    fn a_head_with_another_hash_is_a_mismatch() {
        let entries = chain(3);
        let report = verify_all(TEAM, (0, GENESIS_HASH), &entries, (3, GENESIS_HASH));
        assert_eq!(problem(&report), (3, BreakKind::HeadMismatch));
    }

    #[test]
    fn a_purged_log_verifies_from_its_anchor_when_a_purge_entry_records_it() {
        let mut entries = chain(10);
        let anchor = entries[3].clone();
        let record = PurgeRecord { anchor_seq: 4, anchor_hash: anchor.hash.clone(), purged: 4, retention_days: 1096 };
        let purge = seal(TEAM, 11, 5_000, "system", "audit_purged", canonical_payload(&record), &entries[9].hash);
        entries.push(purge);
        let kept = &entries[4..];
        let head = entries[10].clone();
        let report = verify_all(TEAM, (4, &anchor.hash), kept, (head.seq, &head.hash));
        assert!(report.intact, "{report:?}");
        // The same start without the purge entry: unexplained.
        let without = verify_all(TEAM, (4, &anchor.hash), &entries[4..10], (10, &entries[9].hash));
        assert_eq!(problem(&without), (5, BreakKind::UnexplainedStart));
    }

    #[test]
    fn another_teams_chain_does_not_verify_as_this_one() {
        let entries = chain(3);
        let report = verify_all("team-b", (0, GENESIS_HASH), &entries, (3, &entries[2].hash));
        assert_eq!(problem(&report), (1, BreakKind::Altered));
    }
}
