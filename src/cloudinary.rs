//! Cloudinary's wire format as plain data. Core: builds requests and reads replies; the glue in
//! `http` only moves the bytes.
//!
//! Facts used here: `delete_by_token` is
//! `POST {host}/v1_1/{cloud}/delete_by_token` with the single form field `token` and no resource
//! type; success is `{"result":"ok"}`; errors are `{"error":{"message":…}}`. We send the token
//! form-urlencoded with no custom header, which is a CORS "simple request": no preflight.

use serde::de::IgnoredAny;

use crate::{
    error::{Error, truncate},
    field::{self, Field},
    token::DeleteToken,
};

/// Cloudinary's production API host.
pub const DEFAULT_API_HOST: &str = "https://api.cloudinary.com";

mod response;

pub use self::response::{AssetKind, ErrorBody, ResourceType, Upload, UploadResponse};

/// Where requests go: an API host and a cloud name, both validated.
///
/// ```
/// use cloudinary_delete_token::cloudinary::Endpoint;
/// let api = Endpoint::new(None, "demo").unwrap();
/// assert_eq!(api.upload_url("auto"), "https://api.cloudinary.com/v1_1/demo/auto/upload");
/// assert!(Endpoint::new(Some("http://example.com"), "demo").is_err()); // https only
/// assert!(Endpoint::new(Some("http://127.0.0.1:8787"), "demo").is_ok()); // except loopback
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    api_host: String,
    cloud_name: String,
}

impl Endpoint {
    /// Validates the host (https, or http on loopback; no path, query or credentials) and the
    /// cloud name (letters, digits, `-`, `_`).
    pub fn new(api_host: Option<&str>, cloud_name: &str) -> Result<Self, Error> {
        let api_host = validate_host(api_host.unwrap_or(DEFAULT_API_HOST))?;
        if !is_name(cloud_name) {
            return Err(Error::Config(format!(
                "cloudName must be your Cloudinary cloud name (letters, digits, '-' or '_'), got \"{}\"",
                truncate(cloud_name, 64)
            )));
        }
        Ok(Self {
            api_host,
            cloud_name: cloud_name.to_owned(),
        })
    }

    /// The cloud name.
    pub fn cloud_name(&self) -> &str {
        &self.cloud_name
    }

    /// The API host, without a trailing slash.
    pub fn api_host(&self) -> &str {
        &self.api_host
    }

    /// `POST` target for an upload of `resource_type` (`image`, `video`, `raw` or `auto`).
    pub fn upload_url(&self, resource_type: &str) -> String {
        format!(
            "{}/v1_1/{}/{}/upload",
            self.api_host, self.cloud_name, resource_type
        )
    }

    /// The `delete_by_token` request for `token`.
    ///
    /// ```
    /// use cloudinary_delete_token::{cloudinary::Endpoint, DeleteToken};
    /// let api = Endpoint::new(None, "demo").unwrap();
    /// let req = api.delete_request(&DeleteToken::parse("a+b/c=&%").unwrap());
    /// assert_eq!(req.url, "https://api.cloudinary.com/v1_1/demo/delete_by_token");
    /// assert_eq!(req.fields, [("token".to_owned(), "a+b/c=&%".to_owned())]);
    /// ```
    pub fn delete_request(&self, token: &DeleteToken) -> FormRequest {
        FormRequest {
            url: format!("{}/v1_1/{}/delete_by_token", self.api_host, self.cloud_name),
            fields: vec![("token".into(), token.expose().into())],
        }
    }
}

/// A `POST` with `application/x-www-form-urlencoded` fields. `Debug` hides field values, which
/// may be a token.
#[derive(Clone, PartialEq, Eq)]
pub struct FormRequest {
    /// Absolute URL; never carries a token.
    pub url: String,
    /// Field names and values, in order.
    pub fields: Vec<(String, String)>,
}

impl std::fmt::Debug for FormRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.fields.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("FormRequest")
            .field("url", &self.url)
            .field("fields", &names)
            .finish()
    }
}

/// Checks an upload preset name: letters, digits, `-`, `_`.
pub fn validate_preset(preset: &str) -> Result<(), Error> {
    if is_name(preset) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "uploadPreset must be an unsigned upload preset name (letters, digits, '-' or '_'), got \"{}\"",
            truncate(preset, 64)
        )))
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn validate_host(raw: &str) -> Result<String, Error> {
    // One message built in one place, whatever the reason (each reason its own `format!` cost
    // the wasm about 0.3 KB).
    check_host(raw)
        .map_err(|why| Error::Config(format!("apiHost \"{}\" {why}", truncate(raw, 100))))
}

/// The API host without its trailing slashes, or why it cannot be one.
fn check_host(raw: &str) -> Result<String, &'static str> {
    const NOT_HTTPS: &str = "must start with https://";
    // Trimmed and split by bytes, and checked with `strip_prefix`: a `&str` pattern
    // (`split_once("://")`) would link std's Two-Way substring search into the wasm (about
    // 1.8 KB), and a `char` one its char searcher and `memchr` (about 1 KB), for one byte.
    let host = &raw[..raw.len() - raw.bytes().rev().take_while(|&b| b == b'/').count()];
    let (scheme, rest) = (host.bytes().position(|b| b == b':'))
        .and_then(|at| Some((&host[..at], host[at + 1..].strip_prefix("//")?)))
        .ok_or(NOT_HTTPS)?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
        return Err("must be a bare origin like https://api.cloudinary.com");
    }
    match scheme {
        "https" => Ok(host.to_owned()),
        "http" if is_loopback(rest) => Ok(host.to_owned()),
        "http" => Err("must use https (plain http is allowed only for a loopback emulator)"),
        _ => Err(NOT_HTTPS),
    }
}

fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => return v6.starts_with("::1]"),
        None => match authority.bytes().rposition(|b| b == b':') {
            Some(at) => &authority[..at],
            None => authority,
        },
    };
    let dots = host.bytes().filter(|&b| b == b'.').count();
    host == "localhost" || (host.starts_with("127.") && dots == 3)
}

/// Refuses an options object that would put a secret in the browser.
///
/// Takes each option as `(key, string value if any)`. Refused: any key naming a secret
/// (`api_secret`, `apiSecret`, `secret`, ...), an API key sent together with anything, and any
/// value holding a `cloudinary://` URL (anywhere in it, in any case), which embeds key and secret.
///
/// ```
/// use cloudinary_delete_token::cloudinary::refuse_secrets;
/// assert!(refuse_secrets([("cloudName", Some("demo"))]).is_ok());
/// assert!(refuse_secrets([("apiSecret", Some("x"))]).is_err());
/// assert!(refuse_secrets([("url", Some("cloudinary://1:s@demo"))]).is_err());
/// assert!(refuse_secrets([("tags", Some("a,CLOUDINARY_URL=Cloudinary://1:s@demo"))]).is_err());
/// ```
pub fn refuse_secrets<'a>(
    options: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<(), Error> {
    for (key, value) in options {
        // By bytes: a multi-byte character's bytes are never ASCII letters or digits, so this
        // drops what a walk over `char`s would, without decoding. A loop that pushes: `collect`
        // brings its own first-element-then-extend code for each iterator type.
        let mut k = Vec::new();
        for b in key.bytes() {
            if b.is_ascii_alphanumeric() {
                k.push(b.to_ascii_lowercase());
            }
        }
        // `windows`, not `contains("secret")`: see `validate_host` on substring search.
        if k.windows(6).any(|w| w == b"secret") || k == b"cloudinaryurl" {
            return Err(Error::SecretInBrowser(format!(
                "option `{key}` looks like an API secret"
            )));
        }
        if k == b"apikey" {
            return Err(Error::SecretInBrowser(format!(
                "option `{key}` is an API key; delete_by_token needs none"
            )));
        }
        // Anywhere in the value, in any case: such a URL always carries key and secret.
        if value.is_some_and(|v| {
            (v.as_bytes().windows(13)).any(|w| w.eq_ignore_ascii_case(b"cloudinary://"))
        }) {
            return Err(Error::SecretInBrowser(format!(
                "option `{key}` holds a cloudinary:// URL"
            )));
        }
    }
    Ok(())
}

/// The body of a `delete_by_token` reply.
#[derive(Debug, Default)]
pub struct DeleteReply {
    /// `"ok"` on success.
    pub result: Option<String>,
    /// Present on errors.
    pub error: Option<ErrorBody>,
}

field::keys! {
    /// The keys of [`DeleteReply`].
    mod reply_key {
        RESULT = "result",
        ERROR = "error",
    }
}

// By hand, as the upload response is: other keys ignored, the same errors for a value of the
// wrong type.
field::read_struct!(DeleteReply, reply_key::NAMES, |map| {
    let mut reply = DeleteReply::default();
    let keys = Field {
        names: reply_key::NAMES,
        deny: false,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        match key {
            Some(reply_key::RESULT) => reply.result = map.next_value()?,
            Some(reply_key::ERROR) => reply.error = map.next_value()?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(reply)
});

/// A reply body as the glue read it: the parsed document, or why it could not be read (not
/// JSON, or not of the expected shape).
pub type Parsed<T> = Result<T, String>;

/// Interprets a `delete_by_token` reply.
///
/// ```
/// use cloudinary_delete_token::cloudinary::{interpret_delete, DeleteReply};
/// let ok = DeleteReply { result: Some("ok".into()), error: None };
/// assert!(interpret_delete(200, Ok(ok)).is_ok());
/// assert!(interpret_delete(502, Err("not JSON".into())).is_err());
/// ```
pub fn interpret_delete(status: u16, reply: Parsed<DeleteReply>) -> Result<(), Error> {
    let (reply, unreadable) = split(reply);
    if (200..300).contains(&status) && reply.result.as_deref() == Some("ok") {
        return Ok(());
    }
    let message = reply
        .error
        .and_then(|e| e.message)
        .or(reply.result)
        .unwrap_or_else(|| no_message(status, unreadable));
    Err(Error::Rejected {
        status,
        message: truncate(&message, 300),
    })
}

/// Interprets an upload reply: the parsed response on 2xx, a typed error otherwise.
pub fn interpret_upload(
    status: u16,
    reply: Parsed<UploadResponse>,
) -> Result<UploadResponse, Error> {
    let (mut reply, unreadable) = split(reply);
    if (200..300).contains(&status) && unreadable.is_none() && reply.error.is_none() {
        return Ok(reply);
    }
    // Taken, not moved out: the rest of the reply is then dropped whole, not field by field.
    let message = (reply.error.take())
        .and_then(|e| e.message)
        .unwrap_or_else(|| no_message(status, unreadable));
    Err(Error::UploadFailed {
        status,
        message: truncate(&message, 300),
    })
}

fn split<T: Default>(reply: Parsed<T>) -> (T, Option<String>) {
    match reply {
        Ok(reply) => (reply, None),
        Err(why) => (T::default(), Some(why)),
    }
}

/// The message of a reply that carries none; a 2xx body we cannot read says why.
fn no_message(status: u16, unreadable: Option<String>) -> String {
    match unreadable {
        Some(why) if (200..300).contains(&status) => {
            format!("HTTP {status} with a reply that is not Cloudinary's ({why})")
        }
        _ => format!("HTTP {status} without a Cloudinary error message"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Upload, Error> {
        serde_json::from_str::<UploadResponse>(json)
            .unwrap()
            .into_upload()
    }

    fn reply<T: serde::de::DeserializeOwned>(json: &str) -> Parsed<T> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn delete_request_url_never_contains_the_token() {
        let api = Endpoint::new(Some("http://127.0.0.1:9"), "demo").unwrap();
        let req = api.delete_request(&DeleteToken::parse("secret-token").unwrap());
        assert!(!req.url.contains("secret-token"));
        assert!(!format!("{req:?}").contains("secret-token"));
    }

    #[test]
    fn hosts_must_be_https_except_loopback() {
        for ok in [
            "https://api.cloudinary.com",
            "https://api-eu.cloudinary.com/",
            "http://localhost:1",
            "http://127.0.0.1:8787",
            "http://[::1]:80",
        ] {
            assert!(Endpoint::new(Some(ok), "demo").is_ok(), "{ok}");
        }
        for bad in [
            "http://api.cloudinary.com",
            "ftp://x",
            "api.cloudinary.com",
            "https://x/path",
            "https://u:p@x",
            "http://127.evil.com",
            "javascript://x",
        ] {
            assert!(
                matches!(Endpoint::new(Some(bad), "demo"), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn cloud_names_and_presets_are_validated() {
        assert!(Endpoint::new(None, "my-cloud_1").is_ok());
        for bad in ["", "a b", "demo/../x", "x?y", &"a".repeat(200)] {
            assert!(Endpoint::new(None, bad).is_err(), "{bad}");
            assert!(validate_preset(bad).is_err(), "{bad}");
        }
    }

    #[rustfmt::skip]
    const REFUSED_SPELLINGS: &[&str] = &["api_secret", "apiSecret", "API_SECRET", "secret", "apiKey", "api_key", "cloudinary_url", "CLOUDINARY_URL"];

    #[test]
    fn secrets_in_any_spelling_are_refused() {
        for &key in REFUSED_SPELLINGS {
            let err = refuse_secrets([(key, Some("x"))]).unwrap_err();
            assert_eq!(err.name(), "SecretInBrowserError", "{key}");
            assert!(err.to_string().contains("server"));
        }
        assert!(refuse_secrets([("anything", Some("  CLOUDINARY://k:s@c"))]).is_err());
        assert!(refuse_secrets([("cloudName", Some("demo")), ("uploadPreset", Some("p"))]).is_ok());
    }

    #[test]
    fn upload_response_fixture_is_recorded() {
        let up = parse(r#"{"asset_id":"3515","public_id":"gotjephlnz2jgiu20zni","version":1719307544,
            "secure_url":"https://res.cloudinary.com/demo/image/upload/v1/x.jpg","tags":[],"delete_token":"714a4e"}"#)
        .unwrap();
        assert_eq!(up.public_id.as_str(), "gotjephlnz2jgiu20zni");
        assert_eq!(
            up.secure_url.as_deref(),
            Some("https://res.cloudinary.com/demo/image/upload/v1/x.jpg")
        );
    }

    #[test]
    fn widget_success_result_is_unwrapped_and_other_events_refused() {
        assert!(
            parse(r#"{"event":"success","info":{"public_id":"a","delete_token":"t"}}"#).is_ok()
        );
        let err =
            parse(r#"{"event":"close","info":{"message":"user closed the widget"}}"#).unwrap_err();
        assert!(matches!(err, Error::InvalidResponse(m) if m.contains("close")));
    }

    #[test]
    fn partial_chunk_and_error_replies_are_refused() {
        assert!(matches!(
            parse(r#"{"done":false,"bytes":5}"#),
            Err(Error::InvalidResponse(_))
        ));
        assert!(parse(r#"{"done":true,"public_id":"a","delete_token":"t"}"#).is_ok());
        assert!(
            matches!(parse(r#"{"error":{"message":"Upload preset not found"}}"#), Err(Error::InvalidResponse(m)) if m.contains("preset"))
        );
    }

    #[test]
    fn missing_token_explains_the_preset_setting() {
        let err = parse(r#"{"public_id":"a"}"#).unwrap_err();
        assert_eq!(err, Error::NoDeleteToken);
        assert!(err.to_string().contains("Return delete token"));
    }

    #[test]
    fn non_http_delivery_urls_are_dropped() {
        let up =
            parse(r#"{"public_id":"a","delete_token":"t","secure_url":"javascript:alert(1)"}"#)
                .unwrap();
        assert_eq!(up.secure_url, None);
    }

    #[test]
    fn delete_replies_are_interpreted() {
        assert!(interpret_delete(200, reply(r#"{"result":"ok"}"#)).is_ok());
        assert_eq!(
            interpret_delete(200, reply(r#"{"result":"not found"}"#)),
            Err(Error::Rejected {
                status: 200,
                message: "not found".into()
            })
        );
        let err =
            interpret_delete(400, reply(r#"{"error":{"message":"Invalid token"}}"#)).unwrap_err();
        assert_eq!(
            err,
            Error::Rejected {
                status: 400,
                message: "Invalid token".into()
            }
        );
        assert!(!err.is_transient());
        assert!(
            interpret_delete(503, Err("x".into()))
                .unwrap_err()
                .is_transient()
        );
        assert!(
            interpret_delete(420, Err("x".into()))
                .unwrap_err()
                .is_transient()
        );
    }

    #[test]
    fn upload_errors_carry_cloudinary_message() {
        let err = interpret_upload(
            400,
            reply(r#"{"error":{"message":"Upload preset not found"}}"#),
        )
        .unwrap_err();
        assert_eq!(
            err,
            Error::UploadFailed {
                status: 400,
                message: "Upload preset not found".into()
            }
        );
    }
}
