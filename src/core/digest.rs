//! SHA-256 in lower-case hex: the one definition of the hash an approval binds to a reply's text,
//! and of the hashes that chain the audit log (see [`crate::core::audit`]).
//!
//! The text hash is the SHA-256 of the text's exact UTF-8 bytes, with nothing normalised (no
//! trimming, no Unicode normalisation, no line-ending changes): an approval holds for exactly
//! the characters the approver saw. Test vectors, for any other implementation
//! (`crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))` in a browser):
//!
//! | text | hash |
//! |---|---|
//! | `` (empty) | `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855` |
//! | `abc` | `ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad` |
//! | `Merci Léa ! 🙏` | `de992ac2384218ea3392286a60af4cfa5a40f1acf4761ad48173bad2cd29b37b` |

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// The hash an approval binds: SHA-256 of the exact UTF-8 text, in hex.
pub fn text_hash(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// Whether `value` looks like a hash made here: 64 lower-case hex digits.
pub fn is_hash(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// Lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_hash_matches_the_published_test_vectors() {
        assert_eq!(text_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(text_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(text_hash("Merci Léa ! 🙏"), VECTOR_FR);
    }

    /// The hash of `Merci Léa ! 🙏` (non-ASCII, an emoji outside the BMP), also in the README.
    const VECTOR_FR: &str = "de992ac2384218ea3392286a60af4cfa5a40f1acf4761ad48173bad2cd29b37b";

    #[test]
    fn the_exact_text_is_hashed_nothing_normalised() {
        assert_ne!(text_hash("Merci"), text_hash("Merci "));
        assert_ne!(text_hash("a\nb"), text_hash("a\r\nb"));
        // "é" precomposed and "e" + combining accent look alike but are different texts.
        assert_ne!(text_hash("\u{e9}"), text_hash("e\u{301}"));
    }

    #[test]
    fn hashes_are_recognised_by_shape() {
        assert!(is_hash(&text_hash("x")));
        assert!(!is_hash("ABC"));
        assert!(!is_hash(&"g".repeat(64)));
    }
}
