//! Who is asking: passwords, session tokens, the sign-in limiter and the bearer extractor.
//!
//! - [`password`]: argon2id hashes (OWASP's parameters), computed off the async threads;
//! - [`token`]: random tokens and ids, and the SHA-256 under which tokens are stored;
//! - [`limiter`]: failed sign-ins counted per e-mail and address, per e-mail, and per address;
//! - [`signed_in`]: the `Authorization: Bearer` extractor that yields the member.

pub mod limiter;
pub mod password;
pub mod signed_in;
pub mod token;

pub use limiter::LoginLimiter;
pub use signed_in::SignedIn;
