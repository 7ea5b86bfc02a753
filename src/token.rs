//! Identifier types: public ids and delete tokens. Core: std only.
//!
//! A delete token is a bearer credential for about ten minutes, so [`DeleteToken`] has no
//! `Display`, a redacting `Debug`, and hands its value out only to the request builder.

use std::fmt;

use crate::error::Error;

/// Longest token accepted. Real ones are 288 hex characters; this leaves room for format changes
/// while refusing absurd input early.
const MAX_TOKEN_LEN: usize = 4_096;
/// Cloudinary's public ids are at most 255 characters (folder path included); allow headroom.
const MAX_PUBLIC_ID_LEN: usize = 1_024;

/// A Cloudinary public id, e.g. `"samples/cat"`.
///
/// ```
/// use cloudinary_delete_token::PublicId;
/// assert!(PublicId::parse("samples/cat").is_ok());
/// assert!(PublicId::parse("").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicId(String);

impl PublicId {
    /// Accepts a non-empty id without control characters.
    pub fn parse(raw: impl Into<String>) -> Result<Self, Error> {
        let raw = raw.into();
        if raw.is_empty() || raw.len() > MAX_PUBLIC_ID_LEN || has_control(&raw) {
            return Err(Error::InvalidResponse(
                "public_id is empty or malformed".into(),
            ));
        }
        Ok(Self(raw))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Looked up by its text (the ledger's index): hashes and compares as the `String` it is.
impl std::borrow::Borrow<str> for PublicId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` holds a control character (Unicode `Cc`: U+0000–U+001F, U+007F–U+009F), checked
/// on bytes since it runs on every record: U+0080–U+009F are `C2 80`–`C2 9F` in UTF-8.
fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c < 0x20 || c == 0x7f || (c == 0xc2 && b.get(i + 1).is_some_and(|&n| n < 0xa0))
    })
}

/// An opaque Cloudinary delete token.
///
/// Its format is not documented, so any non-empty printable text is accepted and encoded
/// correctly when sent. `Debug` never shows it.
///
/// ```
/// use cloudinary_delete_token::DeleteToken;
/// let token = DeleteToken::parse("a+b/c=d&e%f").unwrap();
/// assert_eq!(format!("{token:?}"), "DeleteToken(<redacted>)");
/// assert!(DeleteToken::parse("").is_err());
/// assert!(DeleteToken::parse("line\nbreak").is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DeleteToken(String);

impl DeleteToken {
    /// Accepts a non-empty token of at most 4096 bytes without control characters.
    pub fn parse(raw: impl Into<String>) -> Result<Self, Error> {
        let raw = raw.into();
        if raw.is_empty() || raw.len() > MAX_TOKEN_LEN || has_control(&raw) {
            return Err(Error::InvalidResponse(
                "delete_token is empty or malformed".into(),
            ));
        }
        Ok(Self(raw))
    }

    /// A 64-bit fingerprint: tells this token apart from others after the token itself was
    /// dropped, without keeping anything that could be sent.
    ///
    /// FxHash, as the ledger's maps use: std's `DefaultHasher` (SipHash with fixed keys, so no
    /// harder to collide on purpose) was in the wasm for this alone, and slower on every record.
    pub(crate) fn fingerprint(&self) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(&self.0)
    }

    /// The raw value: for the request body and for persistence only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DeleteToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeleteToken(<redacted>)")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn the_byte_check_finds_exactly_the_control_characters(s in "\\PC{0,8}[\\x00-\\x{a0}]{0,4}\\PC{0,8}") {
            prop_assert_eq!(has_control(&s), s.chars().any(char::is_control));
        }
    }
}
