//! The signed `destroy`: how an asset is deleted once its token window has closed (or when it
//! was recorded without a token). Core: what the page's signer is asked to sign, what its answer
//! must look like, the request, and what Cloudinary's reply means. No secret is ever here: the
//! signature comes from the page's own server, which holds it.
//!
//! Cloudinary's rule (its "Generating authentication signatures"): every parameter of the request
//! except `file`, `cloud_name`, `resource_type`, `api_key` and `signature`, sorted by name, as
//! `k=v` joined by `&`, then the API secret appended, SHA-1 in hex. The server adds `timestamp`
//! (Unix seconds, its own clock; Cloudinary refuses one more than an hour old) before signing, so
//! the browser's clock never matters.

use serde::{Serialize, de::IgnoredAny};

use crate::{
    cloudinary::{AssetKind, DeleteReply, Endpoint, FormRequest, Parsed},
    error::Error,
    field::{self, Field},
    token::PublicId,
};

/// The asset a signed destroy deletes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The asset.
    pub public_id: PublicId,
    /// Its resource type (the URL path segment) and delivery type (signed as `type`).
    pub kind: AssetKind,
}

/// The parameters the page's signer signs (`paramsToSign`): every one the destroy request
/// carries except `timestamp`, `api_key` and `signature` (the signer's own) and `resource_type`
/// and the cloud name (in the URL, never signed). Strings only, as the official SDKs' `api_sign_request` expects.
///
/// ```
/// use cloudinary_delete_token::{cloudinary::AssetKind, destroy::{ParamsToSign, Target}, PublicId};
/// let target = Target { public_id: PublicId::parse("cat").unwrap(), kind: AssetKind::default() };
/// let params = ParamsToSign::new(&target, true);
/// assert_eq!(serde_json::to_string(&params).unwrap(), r#"{"public_id":"cat","invalidate":"true"}"#);
/// let private = Target { kind: AssetKind::read(None, Some("private".into())).unwrap(), ..target };
/// assert_eq!(
///     serde_json::to_string(&ParamsToSign::new(&private, false)).unwrap(),
///     r#"{"public_id":"cat","type":"private"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamsToSign {
    /// The asset.
    pub public_id: String,
    /// `"true"`: Cloudinary also invalidates CDN copies (on by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalidate: Option<String>,
    /// The delivery type, when not `upload`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub delivery_type: Option<String>,
}

impl ParamsToSign {
    /// The parameters for `target`; `invalidate` asks Cloudinary to purge CDN copies too.
    pub fn new(target: &Target, invalidate: bool) -> Self {
        Self {
            public_id: target.public_id.to_string(),
            invalidate: invalidate.then(|| "true".to_owned()),
            delivery_type: target.kind.delivery_type.clone(),
        }
    }

    fn fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![("public_id".to_owned(), self.public_id.clone())];
        if let Some(invalidate) = &self.invalidate {
            fields.push(("invalidate".into(), invalidate.clone()));
        }
        if let Some(kind) = &self.delivery_type {
            fields.push(("type".into(), kind.clone()));
        }
        fields
    }
}

/// The signer's answer: `{ signature, apiKey, timestamp }`. Checked by [`Signed::check`] before
/// it is used, for one request only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// SHA-1 (40) or SHA-256 (64) hex digits.
    pub signature: String,
    /// The API key (public; the secret stays on the server).
    pub api_key: String,
    /// When the server signed, in Unix seconds (a number: a string would cost the wasm a
    /// reader of any value for this one field).
    pub timestamp: u64,
}

field::keys! {
    /// The keys of [`Signed`], as the page's signer writes them.
    mod key {
        SIGNATURE = "signature",
        API_KEY = "apiKey",
        TIMESTAMP = "timestamp",
    }
}

// By hand rather than derived (`rename_all = "camelCase"`), as the crate's other readers are
// ([`Field`]): every key required, others ignored, the same errors for a wrong type.
field::read_struct!(Signed, key::NAMES, |map| {
    let mut signed = Signed {
        signature: String::new(),
        api_key: String::new(),
        timestamp: 0,
    };
    let mut seen = 0;
    let keys = Field {
        names: key::NAMES,
        deny: false,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        match key {
            Some(key::SIGNATURE) => signed.signature = map.next_value()?,
            Some(key::API_KEY) => signed.api_key = map.next_value()?,
            Some(key::TIMESTAMP) => signed.timestamp = map.next_value()?,
            _ => {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        }
        seen |= 1 << key.unwrap_or_default();
    }
    field::missing(key::NAMES, 0b111, seen)?;
    Ok(signed)
});

/// A signer's answer, checked: what goes into the request.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    signature: String,
    api_key: String,
    timestamp: u64,
}

/// Hides the signature, which authorises one request.
impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signature")
            .field("api_key", &self.api_key)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

impl Signed {
    /// The answer as a [`Signature`], or a `SignerError` saying what is wrong with it.
    ///
    /// ```
    /// use cloudinary_delete_token::destroy::Signed;
    /// let good = Signed { signature: "a".repeat(40), api_key: "123456789012345".into(), timestamp: 1_700_000_000 };
    /// assert!(good.clone().check().is_ok());
    /// let bad = Signed { signature: "not hex".into(), ..good };
    /// assert_eq!(bad.check().unwrap_err().name(), "SignerError");
    /// ```
    pub fn check(self) -> Result<Signature, Error> {
        let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
        if !matches!(self.signature.len(), 40 | 64) || !hex(&self.signature) {
            return Err(Error::Signer(
                "`signature` must be the hex digest Cloudinary expects (40 or 64 hex digits)"
                    .into(),
            ));
        }
        if self.api_key.is_empty()
            || self.api_key.len() > 64
            || !self.api_key.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(Error::Signer(
                "`apiKey` must be the cloud's API key (letters and digits)".into(),
            ));
        }
        // Seconds, not milliseconds (`Date.now()` is a common slip): before the year 5138.
        if !(1..100_000_000_000).contains(&self.timestamp) {
            return Err(Error::Signer(
                "`timestamp` must be Unix seconds (not milliseconds)".into(),
            ));
        }
        Ok(Signature {
            signature: self.signature,
            api_key: self.api_key,
            timestamp: self.timestamp,
        })
    }
}

impl Endpoint {
    /// The signed `destroy` of `target`: `POST /v1_1/<cloud>/<resource_type>/destroy` with the
    /// signed parameters, `timestamp`, `api_key` and `signature`, form-encoded.
    ///
    /// ```
    /// use cloudinary_delete_token::{cloudinary::{AssetKind, Endpoint}, destroy::{ParamsToSign, Signed, Target}, PublicId};
    /// let api = Endpoint::new(None, "demo").unwrap();
    /// let kind = AssetKind::read(Some("video".into()), None).unwrap();
    /// let target = Target { public_id: PublicId::parse("a/b c").unwrap(), kind };
    /// let signed = Signed { signature: "f".repeat(40), api_key: "1234".into(), timestamp: 1700000000 };
    /// let req = api.destroy_request(&target, &ParamsToSign::new(&target, true), &signed.check().unwrap());
    /// assert_eq!(req.url, "https://api.cloudinary.com/v1_1/demo/video/destroy");
    /// let names: Vec<&str> = req.fields.iter().map(|(name, _)| name.as_str()).collect();
    /// assert_eq!(names, ["public_id", "invalidate", "timestamp", "api_key", "signature"]);
    /// assert_eq!(req.fields[0].1, "a/b c");
    /// ```
    pub fn destroy_request(
        &self,
        target: &Target,
        params: &ParamsToSign,
        signature: &Signature,
    ) -> FormRequest {
        let mut fields = params.fields();
        fields.push(("timestamp".into(), signature.timestamp.to_string()));
        fields.push(("api_key".into(), signature.api_key.clone()));
        fields.push(("signature".into(), signature.signature.clone()));
        FormRequest {
            url: format!(
                "{}/v1_1/{}/{}/destroy",
                self.api_host(),
                self.cloud_name(),
                target.kind.resource_type.as_str()
            ),
            fields,
        }
    }
}

/// What a `destroy` that Cloudinary accepted did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destroyed {
    /// `{"result":"ok"}`: the asset is gone now.
    Deleted,
    /// `{"result":"not found"}`: it was already gone.
    AlreadyGone,
}

/// Interprets a `destroy` reply: `ok` or `not found` on 2xx; anything else (a wrong signature,
/// a stale timestamp, a wrong API key) is a `RejectedError` with Cloudinary's message and status.
///
/// ```
/// use cloudinary_delete_token::{cloudinary::DeleteReply, destroy::{interpret_destroy, Destroyed}};
/// let reply = |r: &str| Ok(DeleteReply { result: Some(r.into()), error: None });
/// assert_eq!(interpret_destroy(200, reply("ok")), Ok(Destroyed::Deleted));
/// assert_eq!(interpret_destroy(200, reply("not found")), Ok(Destroyed::AlreadyGone));
/// assert_eq!(interpret_destroy(401, reply("ok")).unwrap_err().name(), "RejectedError");
/// ```
pub fn interpret_destroy(status: u16, reply: Parsed<DeleteReply>) -> Result<Destroyed, Error> {
    if (200..300).contains(&status)
        && let Ok(DeleteReply {
            result: Some(result),
            ..
        }) = &reply
        && result == "not found"
    {
        return Ok(Destroyed::AlreadyGone);
    }
    crate::cloudinary::interpret_delete(status, reply).map(|()| Destroyed::Deleted)
}
