//! The crate's one error type. Core: no `JsValue`, so native tests can match on variants.
//!
//! Every variant has a stable [`Error::name`], which JavaScript sees as `error.name`.
//! No message ever contains a delete token.

use std::fmt;

use crate::time::Millis;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The options are invalid (cloud name, preset, API host, ...).
    Config(String),
    /// The options carry an API secret or a `cloudinary://` URL, which must never reach a browser.
    SecretInBrowser(String),
    /// An upload response is not what Cloudinary sends.
    InvalidResponse(String),
    /// The upload response has no `delete_token`: the preset does not return one.
    NoDeleteToken,
    /// No upload with this public id is tracked.
    UnknownAsset(String),
    /// The delete window is over; only a signed server-side destroy can delete the asset now.
    TokenExpired {
        /// When the window closed, on the caller's clock (ms).
        deadline: Millis,
    },
    /// The asset was already deleted by token; its token is gone.
    AlreadyDeleted,
    /// A delete for this asset is already in flight.
    DeleteInProgress,
    /// Cloudinary answered the delete with an error.
    Rejected {
        /// HTTP status.
        status: u16,
        /// Cloudinary's `error.message`.
        message: String,
    },
    /// Cloudinary refused the upload.
    UploadFailed {
        /// HTTP status (0 when none arrived).
        status: u16,
        /// Cloudinary's `error.message`, or a description.
        message: String,
    },
    /// The page's `signDestroy` threw, or answered with something other than
    /// `{ signature, apiKey, timestamp }`.
    Signer(String),
    /// The request failed before an HTTP status arrived.
    Network(String),
    /// The caller aborted the operation.
    Aborted,
}

impl Error {
    /// Stable name exposed to JavaScript as `error.name`; listed in `api.d.ts`.
    ///
    /// ```
    /// use cloudinary_delete_token::Error;
    /// assert_eq!(Error::NoDeleteToken.name(), "NoDeleteTokenError");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::Config(_) => "ConfigError",
            Self::SecretInBrowser(_) => "SecretInBrowserError",
            Self::InvalidResponse(_) => "InvalidResponseError",
            Self::NoDeleteToken => "NoDeleteTokenError",
            Self::UnknownAsset(_) => "UnknownAssetError",
            Self::TokenExpired { .. } => "TokenExpiredError",
            Self::AlreadyDeleted => "AlreadyDeletedError",
            Self::DeleteInProgress => "DeleteInProgressError",
            Self::Rejected { .. } => "RejectedError",
            Self::UploadFailed { .. } => "UploadError",
            Self::Signer(_) => "SignerError",
            Self::Network(_) => "NetworkError",
            Self::Aborted => "AbortError",
        }
    }

    /// Whether trying the same request again may succeed (network trouble, 5xx, rate limits).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Network(_) => true,
            Self::Rejected { status, .. } | Self::UploadFailed { status, .. } => {
                *status >= 500 || *status == 420 || *status == 429
            }
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(m) => write!(f, "invalid options: {m}"),
            Self::SecretInBrowser(m) => write!(
                f,
                "{m}: an API secret must never reach the browser. Deleting after the 10-minute \
                 window needs a signed destroy call made by your server"
            ),
            Self::InvalidResponse(m) => write!(f, "not a Cloudinary upload response: {m}"),
            Self::NoDeleteToken => f.write_str(
                "the upload response has no delete_token: turn on \"Return delete token\" in the \
                 upload preset (Settings > Upload > Upload presets)",
            ),
            Self::UnknownAsset(id) => write!(f, "no upload with public_id `{id}` is tracked"),
            Self::TokenExpired { .. } => f.write_str(
                "the delete window (about 10 minutes after upload) is over; only your server can \
                 delete this asset now",
            ),
            Self::AlreadyDeleted => f.write_str("this asset was already deleted"),
            Self::DeleteInProgress => f.write_str("a delete for this asset is already in flight"),
            Self::Rejected { status, message } => {
                write!(
                    f,
                    "Cloudinary refused the delete (HTTP {status}): {message}"
                )
            }
            Self::UploadFailed { status, message } => {
                write!(f, "upload failed (HTTP {status}): {message}")
            }
            Self::Signer(m) => write!(f, "the signer failed: {m}"),
            Self::Network(m) => write!(f, "network error: {m}"),
            Self::Aborted => f.write_str("aborted"),
        }
    }
}

impl std::error::Error for Error {}

/// `text` cut to `max` characters: what a message quotes from outside (a reply, an option) is
/// bounded.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    // Cut at the start of character `max` (std's `is_char_boundary`), where `chars()` would
    // decode each character: with it, UTF-8 decoding leaves the npm wasm.
    let end = (0..text.len())
        .filter(|&at| text.is_char_boundary(at))
        .nth(max)
        .unwrap_or(text.len());
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo wörld", 4), "héll");
        assert_eq!(truncate("日本語テキスト", 2), "日本");
        assert_eq!(truncate("a😀b", 2), "a😀");
        assert_eq!(truncate("ab", 5), "ab");
        assert_eq!(truncate("ab", 0), "");
        assert_eq!(truncate("", 3), "");
    }
}
