//! How an audit entry is hashed and chained.
//!
//! ```text
//! field(s)     = len(s) as 8 bytes, big-endian || the UTF-8 bytes of s
//! payload_hash = hex(SHA-256(payload))
//! hash         = hex(SHA-256(field("tact-audit/1") || field(team_id) || field(decimal time_ms)
//!                            || field(actor) || field(kind) || field(payload_hash) || field(prev_hash)))
//! ```
//!
//! Length prefixes make the encoding unambiguous (no field can run into the next), and it is
//! simple to write again anywhere (a compliance officer's script, the console). The entry's
//! number (`seq`) is not hashed: the chain itself fixes the order, and `verify` checks that the
//! numbers run without gaps. The payload is hashed apart so a future redaction could drop it and
//! keep its hash, leaving the chain verifiable.

use sha2::{Digest, Sha256};

use crate::core::digest::{sha256_hex, to_hex};
use crate::core::model::audit::AuditEntry;

/// The `prev_hash` of a team's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Names the encoding, so a later one can never be mistaken for it.
pub const FORMAT_TAG: &str = "tact-audit/1";

/// The hash of an entry with these fields ([`AuditEntry::hash`]).
pub fn entry_hash(team_id: &str, time_ms: i64, actor: &str, kind: &str, payload_hash: &str, prev_hash: &str) -> String {
    let time = time_ms.to_string();
    let mut hasher = Sha256::new();
    for field in [FORMAT_TAG, team_id, &time, actor, kind, payload_hash, prev_hash] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    to_hex(&hasher.finalize())
}

/// The entry that follows one whose hash is `prev_hash`, numbered `seq`.
pub fn seal(team_id: &str, seq: u64, time_ms: i64, actor: &str, kind: &str, payload: String, prev_hash: &str) -> AuditEntry {
    let payload_hash = sha256_hex(payload.as_bytes());
    let hash = entry_hash(team_id, time_ms, actor, kind, &payload_hash, prev_hash);
    AuditEntry {
        seq,
        time_ms,
        actor: actor.to_owned(),
        kind: kind.to_owned(),
        payload,
        payload_hash,
        prev_hash: prev_hash.to_owned(),
        hash,
    }
}

/// The hash this entry should have, from its stored fields.
pub fn recomputed_hash(team_id: &str, entry: &AuditEntry) -> String {
    entry_hash(team_id, entry.time_ms, &entry.actor, &entry.kind, &entry.payload_hash, &entry.prev_hash)
}

/// A payload as stored: compact JSON with object keys sorted, so the same details always give the
/// same text. (Verification hashes the stored text as it is; this only keeps payloads tidy.)
pub fn canonical_payload<T: serde::Serialize>(details: &T) -> String {
    // serde_json's `Value` keeps object keys sorted (no `preserve_order` feature in this build).
    serde_json::to_value(details).map(|value| value.to_string()).unwrap_or_else(|_| "null".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_is_pinned_by_a_known_hash() {
        // Recompute by hand: any change to the encoding must change this test (and the format tag).
        let entry = seal("team-a", 1, 1_700_000_000_000, "m1", "reply_published", "{\"a\":1}".into(), GENESIS_HASH);
        assert_eq!(entry.payload_hash, sha256_hex(b"{\"a\":1}"));
        let mut manual = Vec::new();
        for field in ["tact-audit/1", "team-a", "1700000000000", "m1", "reply_published", &entry.payload_hash, GENESIS_HASH] {
            manual.extend_from_slice(&(field.len() as u64).to_be_bytes());
            manual.extend_from_slice(field.as_bytes());
        }
        assert_eq!(entry.hash, sha256_hex(&manual));
        assert_eq!(recomputed_hash("team-a", &entry), entry.hash);
    }

    #[test]
    fn every_hashed_field_changes_the_hash() {
        let base = entry_hash("t", 1, "a", "k", "p", "h");
        let changed = [
            entry_hash("u", 1, "a", "k", "p", "h"),
            entry_hash("t", 2, "a", "k", "p", "h"),
            entry_hash("t", 1, "b", "k", "p", "h"),
            entry_hash("t", 1, "a", "j", "p", "h"),
            entry_hash("t", 1, "a", "k", "q", "h"),
            entry_hash("t", 1, "a", "k", "p", "i"),
        ];
        assert!(changed.iter().all(|hash| *hash != base));
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        assert_ne!(entry_hash("t", 1, "ab", "c", "p", "h"), entry_hash("t", 1, "a", "bc", "p", "h"));
    }

    #[test]
    fn canonical_payloads_sort_their_keys() {
        #[derive(serde::Serialize)]
        struct Details {
            zeta: u8,
            alpha: &'static str,
        }
        assert_eq!(canonical_payload(&Details { zeta: 1, alpha: "é" }), "{\"alpha\":\"é\",\"zeta\":1}");
    }
}
