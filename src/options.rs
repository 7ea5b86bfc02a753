//! The client's options as a page passes them (`new DeleteTokenClient({...})`), and their
//! checks. Core: plain data with serde derives in JavaScript's camelCase; the glue only converts
//! the page's object and reports what this module decides.

use serde::{Deserialize, de::IgnoredAny};

use crate::{
    cloudinary::{self, Endpoint},
    error::Error,
    field::{self, Field},
    ledger::{DEFAULT_MARGIN, TOKEN_TTL},
    time::Millis,
};

/// Cloudinary's own SDKs use 20 MiB chunks.
pub const DEFAULT_CHUNK: u64 = 20 * 1024 * 1024;
/// Cloudinary refuses chunks under 5 MiB (except the last).
pub const MIN_CHUNK: u64 = 5 * 1024 * 1024;
/// How many deletes `delete_all` keeps in flight by default (a browser's per-host limit).
pub const DEFAULT_CONCURRENCY: usize = 6;
/// How long entries stay deletable through a signer by default: a day.
pub const DEFAULT_RETENTION: Millis = Millis::from_secs(86_400);

/// Where entries are kept between page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// `sessionStorage`: undo survives a reload in the same tab (the default).
    #[default]
    Session,
    /// `localStorage`: shared by every tab of the site, which then see each other's deletes.
    /// Tokens then outlive the tab, so this is opt-in.
    Local,
    /// Nothing is stored.
    Memory,
}

/// Options of the client (`api::Client`; `ClientOptions` in the TypeScript types). Unknown keys
/// are refused, so a misspelt option is an error rather than silently ignored.
///
/// ```
/// use cloudinary_delete_token::options::{ClientOptions, StorageKind};
/// let o: ClientOptions = serde_json::from_str(r#"{"cloudName":"demo","storage":"memory"}"#).unwrap();
/// assert_eq!(o.storage, StorageKind::Memory);
/// assert!(o.validate().is_ok());
/// let err = serde_json::from_str::<ClientOptions>(r#"{"cloudName":"demo","tokenTTL":1}"#).unwrap_err();
/// assert!(err.to_string().contains("tokenTTL"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// Cloudinary cloud name (required).
    pub cloud_name: String,
    /// Unsigned upload preset with "Return delete token" on; needed only for `upload`.
    pub upload_preset: Option<String>,
    /// API origin; defaults to `https://api.cloudinary.com`.
    pub api_host: Option<String>,
    /// How long Cloudinary honours a token (default 600 s).
    pub token_lifetime: Millis,
    /// How much earlier than that deletes stop being sent (default 15 s).
    pub safety_margin: Millis,
    /// Where entries persist.
    pub storage: StorageKind,
    /// Files larger than this are uploaded in chunks (default 20 MiB).
    pub chunk_threshold: u64,
    /// Chunk size (default 20 MiB; Cloudinary's minimum is 5 MiB).
    pub chunk_size: u64,
    /// The page's signer (`signDestroy`): a function, which the glue takes itself; here only
    /// so that the key is known.
    pub sign_destroy: Option<IgnoredAny>,
    /// Whether a signed destroy also invalidates CDN copies (default true).
    pub invalidate: bool,
    /// How long entries stay deletable through the signer (default a day).
    pub retention: Millis,
}

field::keys! {
    /// The keys of [`ClientOptions`], as a page writes them.
    mod key {
        CLOUD_NAME = "cloudName",
        UPLOAD_PRESET = "uploadPreset",
        API_HOST = "apiHost",
        TOKEN_LIFETIME_MS = "tokenLifetimeMs",
        SAFETY_MARGIN_MS = "safetyMarginMs",
        STORAGE = "storage",
        CHUNK_THRESHOLD_BYTES = "chunkThresholdBytes",
        CHUNK_SIZE_BYTES = "chunkSizeBytes",
        SIGN_DESTROY = "signDestroy",
        INVALIDATE = "invalidate",
        RETENTION_MS = "retentionMs",
    }
}

// By hand rather than derived (`rename_all = "camelCase"`, `deny_unknown_fields`, `default`),
// with the same behaviour: each key read into its field over [`ClientOptions::default`], an
// unknown key refused by name. The derive gave each field a slot and a duplicate check of its
// own, which a JS object, whose keys are unique, never needs.
field::read_struct!(ClientOptions, key::NAMES, |map| {
    let mut o = ClientOptions::default();
    let keys = Field {
        names: key::NAMES,
        deny: true,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        match key {
            Some(key::CLOUD_NAME) => o.cloud_name = map.next_value()?,
            Some(key::UPLOAD_PRESET) => o.upload_preset = map.next_value()?,
            Some(key::API_HOST) => o.api_host = map.next_value()?,
            Some(key::TOKEN_LIFETIME_MS) => o.token_lifetime = map.next_value()?,
            Some(key::SAFETY_MARGIN_MS) => o.safety_margin = map.next_value()?,
            Some(key::STORAGE) => o.storage = map.next_value()?,
            Some(key::CHUNK_THRESHOLD_BYTES) => o.chunk_threshold = map.next_value()?,
            Some(key::CHUNK_SIZE_BYTES) => o.chunk_size = map.next_value()?,
            Some(key::SIGN_DESTROY) => o.sign_destroy = map.next_value()?,
            Some(key::INVALIDATE) => o.invalidate = map.next_value()?,
            Some(key::RETENTION_MS) => o.retention = map.next_value()?,
            // `Field` has refused any other key.
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(o)
});

impl Default for ClientOptions {
    fn default() -> Self {
        Self::new("")
    }
}

impl ClientOptions {
    /// Options for `cloud_name` with every default.
    pub fn new(cloud_name: impl Into<String>) -> Self {
        Self {
            cloud_name: cloud_name.into(),
            upload_preset: None,
            api_host: None,
            token_lifetime: TOKEN_TTL,
            safety_margin: DEFAULT_MARGIN,
            storage: StorageKind::Session,
            chunk_threshold: DEFAULT_CHUNK,
            chunk_size: DEFAULT_CHUNK,
            sign_destroy: None,
            invalidate: true,
            retention: DEFAULT_RETENTION,
        }
    }

    /// Checks the options together and returns where requests go.
    ///
    /// ```
    /// use cloudinary_delete_token::{options::ClientOptions, time::Millis};
    /// let mut o = ClientOptions::new("demo");
    /// o.safety_margin = Millis::from_secs(700);
    /// assert_eq!(o.validate().unwrap_err().name(), "ConfigError");
    /// ```
    pub fn validate(&self) -> Result<Endpoint, Error> {
        if self.cloud_name.is_empty() {
            return Err(Error::Config("the cloudName option is required".into()));
        }
        let endpoint = Endpoint::new(self.api_host.as_deref(), &self.cloud_name)?;
        if let Some(preset) = &self.upload_preset {
            cloudinary::validate_preset(preset)?;
        }
        if self.safety_margin >= self.token_lifetime {
            return Err(Error::Config(
                "safetyMarginMs must be shorter than tokenLifetimeMs".into(),
            ));
        }
        if self.chunk_size < MIN_CHUNK {
            return Err(Error::Config(format!(
                "chunkSizeBytes must be at least {MIN_CHUNK} (Cloudinary's minimum chunk)"
            )));
        }
        Ok(endpoint)
    }
}

/// Options of `deleteAll(options)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeleteAllOptions {
    /// Deletes in flight at once, 1 to 64.
    pub concurrency: usize,
}

field::keys! {
    /// The keys of [`DeleteAllOptions`].
    mod all_key {
        CONCURRENCY = "concurrency",
    }
}

// By hand, as [`ClientOptions`] is: over the defaults, an unknown key refused by name.
field::read_struct!(DeleteAllOptions, all_key::NAMES, |map| {
    let mut o = DeleteAllOptions::default();
    let keys = Field {
        names: all_key::NAMES,
        deny: true,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        match key {
            Some(all_key::CONCURRENCY) => o.concurrency = map.next_value()?,
            // `Field` has refused any other key.
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(o)
});

impl Default for DeleteAllOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

impl DeleteAllOptions {
    /// The concurrency, checked.
    pub fn validate(self) -> Result<usize, Error> {
        if (1..=64).contains(&self.concurrency) {
            Ok(self.concurrency)
        } else {
            Err(Error::Config(
                "deleteAll option `concurrency` must be 1..64".into(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<ClientOptions, String> {
        serde_json::from_str::<ClientOptions>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_fill_what_the_page_leaves_out() {
        let o = parse(r#"{"cloudName":"demo"}"#).unwrap();
        assert_eq!(o, ClientOptions::new("demo"));
        assert_eq!(o.validate().unwrap().cloud_name(), "demo");
    }

    #[test]
    fn wrong_types_and_unknown_keys_name_the_key() {
        assert!(
            parse(r#"{"cloudName":"demo","uploadPresett":"x"}"#)
                .unwrap_err()
                .contains("uploadPresett")
        );
        assert!(parse(r#"{"cloudName":"demo","storage":"cookies"}"#).is_err());
        assert!(parse(r#"{"cloudName":"demo","tokenLifetimeMs":-1}"#).is_err());
        assert!(parse(r#"{"cloudName":"demo","tokenLifetimeMs":"600"}"#).is_err());
    }

    #[test]
    fn options_are_checked_together() {
        let mut o = ClientOptions::new("demo");
        assert!(o.validate().is_ok());
        o.chunk_size = 1024;
        assert!(o.validate().is_err());
        assert!(ClientOptions::new("").validate().is_err());
        assert!(ClientOptions::new("a b").validate().is_err());
    }

    #[test]
    fn delete_all_concurrency_is_bounded() {
        assert_eq!(DeleteAllOptions::default().validate(), Ok(6));
        for bad in [0, 65] {
            assert!(DeleteAllOptions { concurrency: bad }.validate().is_err());
        }
    }
}
