//! What an upload sends: the form fields of `upload(file, options)` and, above the chunk
//! threshold, Cloudinary's chunked protocol. Core: the glue builds each `FormData` and sends it as
//! planned here, in order.
//!
//! Facts used here: an unsigned upload takes `file`, `upload_preset` and only a few other
//! parameters (`public_id`, `folder`, `asset_folder`, `tags`, `context`, `metadata`,
//! `public_id_prefix`, `filename_override`); Cloudinary refuses the rest. A chunked upload sends
//! every chunk to the same upload URL with one `X-Unique-Upload-Id` and a `Content-Range:
//! bytes start-end/total` header whose total is `-1` until the last chunk; chunks go one after
//! another, and only the last reply is the upload response.

use serde::{Deserialize, de::IgnoredAny};

use crate::{
    error::Error,
    field::{self, Field},
};

/// Options of `upload(file, options)` (`UploadOptions` in the TypeScript types): Cloudinary's
/// unsigned parameters in camelCase. `onProgress` and `signal` are JavaScript objects the glue
/// reads itself; they are declared here so that every other key is refused by name.
#[derive(Debug, Default)]
pub struct UploadOptions {
    /// `image`, `video`, `raw` or `auto` (the default).
    pub resource_type: Option<String>,
    /// `public_id`.
    pub public_id: Option<String>,
    /// `folder`.
    pub folder: Option<String>,
    /// `asset_folder`.
    pub asset_folder: Option<String>,
    /// `tags`: one string of comma-separated tags, or an array of tags.
    pub tags: Option<Tags>,
    /// `context`.
    pub context: Option<String>,
    /// `metadata`.
    pub metadata: Option<String>,
    /// `public_id_prefix`.
    pub public_id_prefix: Option<String>,
    /// `filename_override`.
    pub filename_override: Option<String>,
    /// `onProgress(loaded, total)`: read by the glue.
    pub on_progress: Option<IgnoredAny>,
    /// An `AbortSignal`: read by the glue.
    pub signal: Option<IgnoredAny>,
}

field::keys! {
    /// The keys of [`UploadOptions`], as a page writes them.
    mod key {
        RESOURCE_TYPE = "resourceType",
        PUBLIC_ID = "publicId",
        FOLDER = "folder",
        ASSET_FOLDER = "assetFolder",
        TAGS = "tags",
        CONTEXT = "context",
        METADATA = "metadata",
        PUBLIC_ID_PREFIX = "publicIdPrefix",
        FILENAME_OVERRIDE = "filenameOverride",
        ON_PROGRESS = "onProgress",
        SIGNAL = "signal",
    }
}

// By hand rather than derived (`rename_all = "camelCase"`, `deny_unknown_fields`), with the same
// behaviour: the derive gives each of the eleven fields its own slot, duplicate check and error
// path, and was the npm module's largest reader in the wasm; here the string parameters share
// one arm.
field::read_struct!(UploadOptions, key::NAMES, |map| {
    let mut o = UploadOptions::default();
    let keys = Field {
        names: key::NAMES,
        deny: true,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        let slot = match key {
            Some(key::RESOURCE_TYPE) => &mut o.resource_type,
            Some(key::PUBLIC_ID) => &mut o.public_id,
            Some(key::FOLDER) => &mut o.folder,
            Some(key::ASSET_FOLDER) => &mut o.asset_folder,
            Some(key::CONTEXT) => &mut o.context,
            Some(key::METADATA) => &mut o.metadata,
            Some(key::PUBLIC_ID_PREFIX) => &mut o.public_id_prefix,
            Some(key::FILENAME_OVERRIDE) => &mut o.filename_override,
            Some(key::TAGS) => {
                o.tags = map.next_value()?;
                continue;
            }
            Some(key::ON_PROGRESS) => {
                o.on_progress = map.next_value()?;
                continue;
            }
            Some(key::SIGNAL) => {
                o.signal = map.next_value()?;
                continue;
            }
            // `Field` has refused any other key.
            _ => {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        // Options come from a JS object, whose keys are unique: no duplicate check.
        *slot = map.next_value()?;
    }
    Ok(o)
});

/// `tags` as a page may pass them: `"a,b"` or `["a", "b"]`, kept as Cloudinary's one
/// comma-separated string.
#[derive(Debug)]
pub struct Tags(pub String);

/// By hand rather than `#[serde(untagged)]`: that buffers the value in serde's generic
/// `Content` type first, whose code is larger in the wasm than this whole visitor.
impl<'de> Deserialize<'de> for Tags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TagsVisitor;
        impl<'de> serde::de::Visitor<'de> for TagsVisitor {
            type Value = Tags;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Tags, E> {
                Ok(Tags(s.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tags, A::Error> {
                // Joined as read: `[String]::join` was in the wasm for this alone.
                let (mut tags, mut comma) = (String::new(), "");
                while let Some(tag) = seq.next_element::<String>()? {
                    tags.push_str(comma);
                    tags.push_str(&tag);
                    comma = ",";
                }
                Ok(Tags(tags))
            }
        }
        d.deserialize_any(TagsVisitor)
    }
}

impl UploadOptions {
    /// The resource type of the upload URL, checked.
    pub fn resource_type(&self) -> Result<&str, Error> {
        match self.resource_type.as_deref().unwrap_or("auto") {
            t @ ("image" | "video" | "raw" | "auto") => Ok(t),
            _ => Err(Error::Config(
                "upload option `resourceType` must be \"image\", \"video\", \"raw\" or \"auto\""
                    .into(),
            )),
        }
    }

    /// Every form field besides `file`, by Cloudinary's names, `upload_preset` first.
    ///
    /// ```
    /// use cloudinary_delete_token::upload::UploadOptions;
    /// let o: UploadOptions = serde_json::from_str(r#"{"folder":"inbox","tags":["a","b"]}"#).unwrap();
    /// assert_eq!(o.form_fields("p"), [("upload_preset", "p".to_owned()), ("folder", "inbox".into()), ("tags", "a,b".into())]);
    /// ```
    pub fn form_fields(&self, preset: &str) -> Vec<(&'static str, String)> {
        let tags = self.tags.as_ref().map(|t| t.0.clone());
        [
            ("public_id", self.public_id.clone()),
            ("folder", self.folder.clone()),
            ("asset_folder", self.asset_folder.clone()),
            ("tags", tags),
            ("context", self.context.clone()),
            ("metadata", self.metadata.clone()),
            ("public_id_prefix", self.public_id_prefix.clone()),
            ("filename_override", self.filename_override.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .fold(vec![("upload_preset", preset.to_owned())], |mut all, f| {
            all.push(f);
            all
        })
    }
}

/// One request of an upload: bytes `start..end` of the file, and the headers it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// Whether this is the last request (its reply is the upload response).
    pub last: bool,
    /// `X-Unique-Upload-Id` and `Content-Range` for a chunked upload; none for a single request.
    pub headers: Vec<(&'static str, String)>,
}

impl Chunk {
    /// Upload progress of the whole file when this request has sent `loaded` of `sent_total`
    /// bytes. XHR's total counts the multipart envelope, so it is scaled to the chunk's bytes.
    pub fn progress(&self, loaded: f64, sent_total: f64) -> f64 {
        let len = (self.end - self.start) as f64;
        self.start as f64 + len * (loaded / sent_total.max(1.0)).clamp(0.0, 1.0)
    }
}

/// One request of an upload: where it goes, its form fields (besides `file`) and its chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartRequest {
    /// The upload URL.
    pub url: String,
    /// Form fields by Cloudinary's names, `upload_preset` first.
    pub fields: Vec<(&'static str, String)>,
    /// The bytes of the file this request carries, and its headers.
    pub chunk: Chunk,
}

/// The requests that upload `size` bytes: one when `size <= threshold`, else chunks of
/// `chunk_size` sharing `upload_id`.
///
/// ```
/// use cloudinary_delete_token::upload::plan;
/// let chunks = plan(12, 10, 5, "u1");
/// assert_eq!(chunks.len(), 3);
/// assert_eq!(chunks[0].headers[1], ("Content-Range", "bytes 0-4/-1".to_owned()));
/// assert_eq!(chunks[2].headers[1], ("Content-Range", "bytes 10-11/12".to_owned()));
/// assert!(plan(10, 10, 5, "u1")[0].headers.is_empty());
/// ```
pub fn plan(size: u64, threshold: u64, chunk_size: u64, upload_id: &str) -> Vec<Chunk> {
    if size <= threshold {
        return vec![Chunk {
            start: 0,
            end: size,
            last: true,
            headers: Vec::new(),
        }];
    }
    let chunk_size = chunk_size.max(1);
    // A loop that pushes: `map().collect()` over the range brought its own
    // first-element-then-extend code into the wasm.
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < size {
        let end = (start + chunk_size).min(size);
        let last = end == size;
        let total = if last { size.to_string() } else { "-1".into() };
        chunks.push(Chunk {
            start,
            end,
            last,
            headers: vec![
                ("X-Unique-Upload-Id", upload_id.to_owned()),
                (
                    "Content-Range",
                    format!("bytes {start}-{}/{total}", end - 1),
                ),
            ],
        });
        start = end;
    }
    chunks
}

/// An id for one chunked upload, unique enough for Cloudinary to tell concurrent uploads apart:
/// the page clock and a random number the glue draws.
pub fn upload_id(now_ms: u64, random: u64) -> String {
    format!("cdt-{now_ms}-{}", random % 1_000_000_007)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_file_in_order_with_one_id() {
        let mb = 1024 * 1024;
        let chunks = plan(45 * mb, 20 * mb, 20 * mb, "cdt-1-2");
        let ranges: Vec<_> = chunks.iter().map(|c| c.headers[1].1.clone()).collect();
        assert_eq!(
            ranges,
            [
                format!("bytes 0-{}/-1", 20 * mb - 1),
                format!("bytes {}-{}/-1", 20 * mb, 40 * mb - 1),
                format!("bytes {}-{}/{}", 40 * mb, 45 * mb - 1, 45 * mb),
            ]
        );
        assert!(
            chunks
                .iter()
                .all(|c| c.headers[0] == ("X-Unique-Upload-Id", "cdt-1-2".into()))
        );
        assert_eq!(chunks.iter().filter(|c| c.last).count(), 1);
        assert!(chunks[2].last);
    }

    #[test]
    fn an_exact_multiple_ends_with_a_full_chunk() {
        let chunks = plan(20, 10, 10, "u");
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[1].headers[1].1, "bytes 10-19/20");
    }

    #[test]
    fn progress_is_scaled_to_the_chunk() {
        let c = &plan(20, 10, 10, "u")[1];
        assert_eq!(c.progress(50.0, 100.0), 15.0);
        assert_eq!(c.progress(200.0, 100.0), 20.0);
        assert_eq!(c.progress(1.0, 0.0), 20.0);
    }

    #[test]
    fn unknown_upload_options_and_resource_types_are_refused() {
        // `overwrite` is a real Cloudinary parameter, but not one an unsigned upload may carry.
        assert!(serde_json::from_str::<UploadOptions>(r#"{"overwrite":true}"#).is_err());
        let o: UploadOptions = serde_json::from_str(r#"{"resourceType":"pdf"}"#).unwrap();
        assert!(o.resource_type().is_err());
        let o: UploadOptions =
            serde_json::from_str(r#"{"tags":"a,b","publicIdPrefix":"p"}"#).unwrap();
        assert_eq!(o.resource_type(), Ok("auto"));
        assert_eq!(
            o.form_fields("x")[1..],
            [("tags", "a,b".into()), ("public_id_prefix", "p".into())]
        );
    }
}
