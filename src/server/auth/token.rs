//! Session and invite tokens, and ids: 256 bits from the operating system's CSPRNG, in hex.
//! Tokens are stored only as their SHA-256, so a copy of the database signs nobody in.

use argon2::password_hash::rand_core::{OsRng, RngCore};

use crate::core::digest::{sha256_hex, to_hex};

/// A new bearer token: `tact_` and 64 hex digits (256 random bits).
pub fn new_token() -> String {
    format!("tact_{}", random_hex(32))
}

/// A new id for a member or a team: 32 hex digits (128 random bits).
pub fn new_id() -> String {
    random_hex(16)
}

/// The SHA-256 of a token, in hex: what the database keeps.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    to_hex(&buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let first = new_token();
        assert_eq!(first.len(), 5 + 64);
        assert_ne!(first, new_token());
        assert_eq!(new_id().len(), 32);
    }

    #[test]
    fn a_token_hash_is_the_sha256_in_hex() {
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
