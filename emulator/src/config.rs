//! Emulator configuration: clouds, presets, token lifetime and the answers Cloudinary does not
//! document. Loaded from TOML (`--config FILE`); every key has a built-in default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Clouds by name.
    pub clouds: BTreeMap<String, Cloud>,
    /// Seconds a delete token stays valid after its upload (Cloudinary: "about 10 minutes").
    pub token_ttl_seconds: u64,
    /// Seconds a deleted asset keeps being delivered, like a CDN cache (UNKNOWN: 0 by default).
    pub cdn_cache_seconds: u64,
    /// Drop CORS headers on 5xx answers, as once observed on api.cloudinary.com.
    pub drop_cors_on_5xx: bool,
    /// Also read `token` from the query string of delete_by_token (UNKNOWN whether Cloudinary does).
    pub accept_query_token: bool,
    /// Answers to delete_by_token failures. GUESSES: no public source quotes them.
    pub delete_errors: DeleteErrors,
    /// Smallest non-final chunk of a chunked upload (Cloudinary: 5 MB).
    pub min_chunk_bytes: u64,
    /// Status for "Upload preset must be whitelisted for unsigned uploads" (sources say 400 or 401).
    pub signed_preset_status: u16,
    /// Status of a refused signed destroy (wrong API key or signature, stale timestamp).
    /// GUESS: 401 is usual for authentication failures; no source states it for destroy.
    pub destroy_auth_status: u16,
}

/// One cloud.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cloud {
    /// API key for signed calls.
    pub api_key: String,
    /// API secret for signed calls.
    pub api_secret: String,
    /// Upload presets by name.
    #[serde(default)]
    pub presets: BTreeMap<String, Preset>,
}

/// One upload preset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Usable without a signature.
    pub unsigned: bool,
    /// Upload responses carry a `delete_token` ("Return delete token" in the console).
    #[serde(default)]
    pub return_delete_token: bool,
    /// Folder prefixed to public ids.
    #[serde(default)]
    pub folder: Option<String>,
}

/// A status and message pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `error.message` and `X-Cld-Error`.
    pub message: String,
}

/// delete_by_token failure answers (all guesses).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeleteErrors {
    /// No `token` parameter.
    pub missing: Answer,
    /// A token the emulator never issued (or issued for another cloud).
    pub unknown: Answer,
    /// A token already used successfully.
    pub reused: Answer,
    /// A token older than `token_ttl_seconds`.
    pub expired: Answer,
}

fn answer(status: u16, message: &str) -> Answer {
    Answer {
        status,
        message: message.into(),
    }
}

impl Default for DeleteErrors {
    fn default() -> Self {
        Self {
            missing: answer(400, "Missing required parameter - token"),
            unknown: answer(400, "Invalid token"),
            reused: answer(400, "Invalid token"),
            expired: answer(400, "Stale delete token"),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        let preset = |unsigned, return_delete_token| Preset {
            unsigned,
            return_delete_token,
            folder: None,
        };
        let presets = BTreeMap::from([
            ("undoable".to_owned(), preset(true, true)),
            ("no-token".to_owned(), preset(true, false)),
            ("signed-only".to_owned(), preset(false, false)),
        ]);
        let demo = Cloud {
            api_key: "614335564976464".into(),
            api_secret: "emulator-secret-not-real".into(),
            presets,
        };
        Self {
            clouds: BTreeMap::from([("demo".to_owned(), demo)]),
            token_ttl_seconds: 600,
            cdn_cache_seconds: 0,
            drop_cors_on_5xx: false,
            accept_query_token: false,
            delete_errors: DeleteErrors::default(),
            signed_preset_status: 400,
            destroy_auth_status: 401,
            min_chunk_bytes: 5 * 1024 * 1024,
        }
    }
}

impl Config {
    /// Parses TOML; missing keys take their defaults.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}
