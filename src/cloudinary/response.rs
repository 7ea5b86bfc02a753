//! What `record()` is handed, read: an upload response (or an Upload Widget result around
//! one) as Cloudinary spells it, and the [`Upload`] the ledger takes from it once checked. Core.

use serde::{
    Deserialize,
    de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor},
};

use crate::{
    error::{Error, truncate},
    field::{self, Field},
    token::{DeleteToken, PublicId},
};

/// What `record()` is handed: an upload response, also in the Upload Widget's callback
/// shape `{event, info}`, the reply to a chunk (`done: false` until the last) or an error
/// reply `{error: {message}}`, so one type covers them all. Every other field is ignored
/// (and, read from a JS object, never looked at).
///
/// ```
/// use cloudinary_delete_token::cloudinary::UploadResponse;
/// let r: UploadResponse = serde_json::from_str(r#"{"public_id":"a","delete_token":"t","bytes":12}"#).unwrap();
/// assert_eq!(r.public_id.as_deref(), Some("a"));
/// assert!(serde_json::from_str::<UploadResponse>(r#"{"public_id":7}"#).is_err());
/// ```
#[derive(Debug, Default)]
pub struct UploadResponse {
    /// The asset's public id.
    pub public_id: Option<String>,
    /// The token; present only when the preset returns delete tokens.
    pub delete_token: Option<String>,
    /// The https delivery URL.
    pub secure_url: Option<String>,
    /// The file's name as uploaded, without extension.
    pub original_filename: Option<String>,
    /// `image`, `video` or `raw`: where a signed destroy is sent.
    pub resource_type: Option<String>,
    /// The delivery type (`upload`, `private`, `authenticated`), signed by a destroy.
    pub delivery_type: Option<String>,
    /// `false` on a non-final chunk reply.
    pub done: Option<bool>,
    /// Upload Widget envelope: the event name.
    pub event: Option<String>,
    /// Upload Widget envelope: the upload inside a `success` result. Read with an upload's
    /// own six fields only, never an envelope's: a result holds one upload, so hostile nesting
    /// is never followed.
    ///
    /// ```
    /// use cloudinary_delete_token::cloudinary::UploadResponse;
    /// let text = r#"{"event":"success","info":{"public_id":"a","info":{"public_id":"b"}}}"#;
    /// let info = serde_json::from_str::<UploadResponse>(text).unwrap().info.unwrap();
    /// assert_eq!(info.public_id.as_deref(), Some("a"));
    /// assert!(info.info.is_none());
    /// ```
    pub info: Option<Box<UploadResponse>>,
    /// Cloudinary error reply.
    pub error: Option<ErrorBody>,
}

field::keys! {
    /// The wire names of [`UploadResponse`]'s fields: an upload's own six (all that is read of
    /// the upload inside a widget result), then the envelopes' four.
    mod key {
        PUBLIC_ID = "public_id",
        DELETE_TOKEN = "delete_token",
        SECURE_URL = "secure_url",
        ORIGINAL_FILENAME = "original_filename",
        RESOURCE_TYPE = "resource_type",
        TYPE = "type",
        DONE = "done",
        EVENT = "event",
        INFO = "info",
        ERROR = "error",
    }
}
/// How many of the names an upload has.
const UPLOAD: usize = key::DONE;

/// By hand rather than derived, with the same behaviour (every field optional, other keys
/// ignored, the same errors for a value of the wrong type): the response and the upload inside
/// a widget result are read by one visitor, where the derives gave each its own, the largest
/// readers of the npm module.
impl<'de> Deserialize<'de> for UploadResponse {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(
            "UploadResponse",
            key::NAMES,
            ResponseVisitor { names: key::NAMES },
        )
    }
}

/// Reads `info`: absent or `null` is none, anything else the upload inside a widget result, by
/// an upload's own fields only. A seed of its own, where `Option<Box<UploadResponse>>`'s
/// `Deserialize` would read every field, the envelope's too.
struct Info;

impl<'de> DeserializeSeed<'de> for Info {
    type Value = Option<Box<UploadResponse>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Info {
    type Value = Option<Box<UploadResponse>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let names = &key::NAMES[..UPLOAD];
        let info = d.deserialize_struct("WidgetInfo", names, ResponseVisitor { names })?;
        Ok(Some(Box::new(info)))
    }
}

/// Reads the fields named in `names`: all of them for a response, an upload's own for the
/// upload inside a widget result.
struct ResponseVisitor {
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for ResponseVisitor {
    type Value = UploadResponse;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.names.len() {
            UPLOAD => "struct WidgetInfo",
            _ => "struct UploadResponse",
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UploadResponse, A::Error> {
        let mut r = UploadResponse::default();
        let keys = Field {
            names: self.names,
            deny: false,
        };
        while let Some(key) = map.next_key_seed(keys)? {
            let slot = match key {
                Some(key::PUBLIC_ID) => &mut r.public_id,
                Some(key::DELETE_TOKEN) => &mut r.delete_token,
                Some(key::SECURE_URL) => &mut r.secure_url,
                Some(key::ORIGINAL_FILENAME) => &mut r.original_filename,
                Some(key::RESOURCE_TYPE) => &mut r.resource_type,
                Some(key::TYPE) => &mut r.delivery_type,
                Some(key::EVENT) => &mut r.event,
                Some(key::DONE) => {
                    r.done = map.next_value()?;
                    continue;
                }
                Some(key::INFO) => {
                    r.info = map.next_value_seed(Info)?;
                    continue;
                }
                Some(key::ERROR) => {
                    r.error = map.next_value()?;
                    continue;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value()?;
        }
        Ok(r)
    }
}

/// `{"message": …}` inside an error reply.
#[derive(Debug, Default)]
pub struct ErrorBody {
    /// The human-readable reason.
    pub message: Option<String>,
}

field::keys! {
    /// The key of [`ErrorBody`].
    mod body_key {
        MESSAGE = "message",
    }
}

// By hand, as the response around it is: other keys ignored, the same error for a message
// that is not a string.
field::read_struct!(ErrorBody, body_key::NAMES, |map| {
    let mut body = ErrorBody::default();
    let keys = Field {
        names: body_key::NAMES,
        deny: false,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        match key {
            Some(body_key::MESSAGE) => body.message = map.next_value()?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(body)
});

/// What a valid upload response yields for the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The asset's public id.
    pub public_id: PublicId,
    /// Its delete token; `None` only when a signer can delete it ([`UploadResponse::read`]).
    pub token: Option<DeleteToken>,
    /// Delivery URL, kept only if it is http(s), since the UI renders it as a link and image.
    pub secure_url: Option<String>,
    /// Original file name, for display.
    pub original_filename: Option<String>,
    /// Where a signed destroy would go.
    pub kind: AssetKind,
}

impl Upload {
    /// An upload of `public_id` with `token`, an image of delivery type `upload`, no URL or name.
    ///
    /// ```
    /// use cloudinary_delete_token::{cloudinary::Upload, DeleteToken, PublicId};
    /// let up = Upload::new(PublicId::parse("cat").unwrap(), DeleteToken::parse("t").ok());
    /// assert_eq!(up.kind.resource_type.as_str(), "image");
    /// ```
    pub fn new(public_id: PublicId, token: Option<DeleteToken>) -> Self {
        Self {
            public_id,
            token,
            secure_url: None,
            original_filename: None,
            kind: AssetKind::default(),
        }
    }
}

/// What a signed destroy names besides the public id: the resource type (a URL path segment)
/// and the delivery type (signed as `type` when not `upload`). Checked when read, since the
/// first goes into a URL and a wrong one would make Cloudinary answer "not found".
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AssetKind {
    /// Image, video or raw.
    pub resource_type: ResourceType,
    /// The delivery type when not `upload`.
    pub delivery_type: Option<String>,
}

/// Cloudinary's resource types: where an asset's `destroy` is sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum ResourceType {
    /// `image` (also PDFs and other documents Cloudinary renders; its default).
    #[default]
    Image,
    /// `video` (also audio).
    Video,
    /// `raw`: any other file.
    Raw,
}

impl ResourceType {
    /// The name in URLs and replies.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Raw => "raw",
        }
    }
}

impl AssetKind {
    /// Checks the two as a response or storage gives them (absent: an `upload` image, the
    /// defaults of Cloudinary's own `destroy`).
    ///
    /// ```
    /// use cloudinary_delete_token::cloudinary::AssetKind;
    /// let video = AssetKind::read(Some("video".into()), Some("private".into())).unwrap();
    /// assert_eq!(video.delivery_type.as_deref(), Some("private"));
    /// assert_eq!(AssetKind::read(None, Some("upload".into())), Ok(AssetKind::default()));
    /// assert!(AssetKind::read(Some("../admin".into()), None).is_err());
    /// ```
    pub fn read(
        resource_type: Option<String>,
        delivery_type: Option<String>,
    ) -> Result<Self, Error> {
        let resource_type = match resource_type.as_deref() {
            None | Some("image") => ResourceType::Image,
            Some("video") => ResourceType::Video,
            Some("raw") => ResourceType::Raw,
            Some(other) => {
                return Err(Error::InvalidResponse(format!(
                    "resource_type must be image, video or raw, not \"{}\"",
                    truncate(other, 40)
                )));
            }
        };
        let delivery_type = delivery_type.filter(|t| t != "upload");
        if let Some(t) = &delivery_type
            && (t.is_empty()
                || t.len() > 32
                || !t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        {
            return Err(Error::InvalidResponse(format!(
                "type must be a Cloudinary delivery type, not \"{}\"",
                truncate(t, 40)
            )));
        }
        Ok(Self {
            resource_type,
            delivery_type,
        })
    }
}

impl UploadResponse {
    /// Validates the response (or widget result) and extracts what the ledger needs.
    ///
    /// ```
    /// use cloudinary_delete_token::{cloudinary::UploadResponse, Error};
    /// let ok = UploadResponse { public_id: Some("cat".into()), delete_token: Some("ab12".into()), ..Default::default() };
    /// assert_eq!(ok.into_upload().unwrap().public_id.as_str(), "cat");
    /// let no_token = UploadResponse { public_id: Some("cat".into()), ..Default::default() };
    /// assert_eq!(no_token.into_upload(), Err(Error::NoDeleteToken));
    /// ```
    pub fn into_upload(self) -> Result<Upload, Error> {
        self.read(true)
    }

    /// [`Self::into_upload`], but a response without a token is taken when `token_required`
    /// is false: a client with a signer deletes it by signature.
    ///
    /// ```
    /// use cloudinary_delete_token::cloudinary::UploadResponse;
    /// let no_token = UploadResponse { public_id: Some("cat".into()), ..Default::default() };
    /// assert_eq!(no_token.read(false).unwrap().token, None);
    /// ```
    pub fn read(mut self, token_required: bool) -> Result<Upload, Error> {
        self.take(token_required)
    }

    /// [`Self::read`] through `&mut self`, taking what it keeps: what is left is dropped once,
    /// when `read` returns, rather than field by field on each way out (which took a third of
    /// this reader's wasm).
    fn take(&mut self, token_required: bool) -> Result<Upload, Error> {
        if let Some(event) = &self.event {
            return match (event.as_str(), self.info.take()) {
                ("success", Some(info)) => info.read(token_required),
                ("success", None) => Err(Error::InvalidResponse(
                    "Upload Widget result has no info".into(),
                )),
                (other, _) => Err(Error::InvalidResponse(format!(
                    "Upload Widget event \"{}\" is not an upload; pass the \"success\" result",
                    truncate(other, 40)
                ))),
            };
        }
        if let Some(err) = &self.error {
            let message = err.message.as_deref().unwrap_or_default();
            return Err(Error::InvalidResponse(format!(
                "this is an error reply, not an upload: {}",
                truncate(message, 200)
            )));
        }
        if self.done == Some(false) {
            return Err(Error::InvalidResponse(
                "this is the reply to a non-final chunk; record the reply of the last chunk".into(),
            ));
        }
        let public_id = PublicId::parse(
            (self.public_id.take())
                .ok_or_else(|| Error::InvalidResponse("public_id is missing".into()))?,
        )?;
        let token = match self.delete_token.take() {
            Some(token) => Some(DeleteToken::parse(token)?),
            None if token_required => return Err(Error::NoDeleteToken),
            None => None,
        };
        let secure_url = (self.secure_url.take())
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        Ok(Upload {
            public_id,
            token,
            secure_url,
            original_filename: self.original_filename.take(),
            kind: AssetKind::read(self.resource_type.take(), self.delivery_type.take())?,
        })
    }
}
