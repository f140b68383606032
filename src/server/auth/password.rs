//! Password hashes: argon2id with m = 19,456 KiB, t = 2, p = 1 (OWASP's current advice, and the
//! RustCrypto crate's defaults), in PHC strings that carry their parameters.
//!
//! Hashing costs tens of milliseconds of CPU, so it runs on tokio's blocking threads, never on
//! the threads that serve requests.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Why a password could not be hashed (never a wrong password: that is `false` from [`verify`]).
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("could not hash the password: {0}")]
    Hash(String),
    #[error("the password hashing task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// The hash to store for `password`, with a fresh random salt.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// Hashes on the calling thread (the admin CLI and tests have no server threads to spare).
pub fn hash_now(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| PasswordError::Hash(error.to_string()))
}

/// Does `password` match `stored`? With no stored hash (an unknown e-mail, an account without a
/// password), a hash is still computed, so the answer takes as long either way.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    let matches = tokio::task::spawn_blocking(move || {
        let stored = stored.as_deref().unwrap_or_else(|| decoy_hash());
        let parsed = PasswordHash::new(stored).ok();
        match parsed {
            Some(parsed) => {
                Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored != decoy_hash()
            }
            None => false,
        }
    })
    .await?;
    Ok(matches)
}

/// A real hash of nothing anybody knows, verified against when there is no account.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_now("decoy: no account has this password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let stored = hash("correct horse".into()).await.ok();
        assert!(
            stored.as_deref().is_some_and(|hash| hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")),
            "{stored:?}"
        );
        assert!(verify("correct horse".into(), stored.clone()).await.unwrap_or(false));
        assert!(!verify("wrong horse".into(), stored).await.unwrap_or(true));
    }

    #[tokio::test]
    async fn no_stored_hash_never_verifies() {
        assert!(!verify("decoy: no account has this password".into(), None).await.unwrap_or(true));
        assert!(!verify("anything".into(), Some("not a hash".into())).await.unwrap_or(true));
    }
}
