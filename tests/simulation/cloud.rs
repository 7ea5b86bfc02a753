//! The simulated Cloudinary: assets, their delete tokens (honoured for the token lifetime after
//! the upload, spent once) and the three endpoints the client calls. It reads what the client
//! sends as a server would (the form body decoded, the chunk headers parsed), and answers as
//! the emulator documents Cloudinary: `delete_by_token` of a good token `{"result":"ok"}`, of a
//! spent or unknown one 400 `Invalid token`, of an expired one 400 `Stale delete token`; a
//! signed `destroy` `ok` or `not found`, or 401 for a wrong key, a stale timestamp or a wrong
//! signature. Faults are the network's (`net.rs`), not Cloudinary's.

use std::collections::HashMap;

use cloudinary_delete_token::{
    cloudinary::{DeleteReply, ErrorBody, FormRequest, UploadResponse},
    upload::MultipartRequest,
};

use crate::signer;

/// Every token starts with this, so a token is found in any text by one search; no public id
/// or message contains it.
pub const TOKEN_MARK: &str = "zz9tok";
/// Where the client sends requests (its default host) for cloud `demo`.
pub const BASE: &str = "https://api.cloudinary.com/v1_1/demo/";
/// The unsigned preset that returns delete tokens.
pub const PRESET: &str = "undoable";

/// A reply body as Cloudinary sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// `{"result": …}`.
    Result(&'static str),
    /// `{"error":{"message": …}}`.
    Error(String),
    /// Not JSON (a proxy's HTML page).
    Garbage,
}

/// A reply to a delete or destroy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: Body,
    /// `Retry-After` as the page can read it, ms.
    pub retry_after: Option<u64>,
}

impl Answer {
    fn error(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            body: Body::Error(message.into()),
            retry_after: None,
        }
    }

    fn result(result: &'static str) -> Self {
        Self {
            status: 200,
            body: Body::Result(result),
            retry_after: None,
        }
    }

    /// The body as the glue's `JSON.parse` reads it.
    pub fn delete_reply(&self) -> Result<DeleteReply, String> {
        match &self.body {
            Body::Result(r) => Ok(DeleteReply {
                result: Some((*r).into()),
                error: None,
            }),
            Body::Error(m) => Ok(DeleteReply {
                result: None,
                error: Some(ErrorBody {
                    message: Some(m.clone()),
                }),
            }),
            Body::Garbage => Err("Unexpected token '<', \"<html>\" is not valid JSON".into()),
        }
    }

    /// Cloudinary confirmed the asset gone (deleted now, or already).
    pub fn confirms(&self, destroy: bool) -> bool {
        (200..300).contains(&self.status)
            && match self.body {
                Body::Result("ok") => true,
                Body::Result("not found") => destroy,
                _ => false,
            }
    }
}

/// An asset Cloudinary made from an upload.
#[derive(Debug, Clone)]
pub struct Asset {
    pub public_id: String,
    pub resource_type: &'static str,
    pub token: Option<String>,
    /// Sim time of the upload.
    pub uploaded: u64,
    pub gone: bool,
}

/// What an upload request got.
#[derive(Debug, Clone)]
pub enum Uploaded {
    /// A chunk before the last: `{"done":false}`.
    Part,
    /// The upload response.
    Done(Asset),
    /// An error reply.
    Refused(u16, String),
}

impl Uploaded {
    /// The body as the glue reads it.
    pub fn response(&self, chunked: bool) -> UploadResponse {
        match self {
            Self::Part => UploadResponse {
                done: Some(false),
                ..UploadResponse::default()
            },
            Self::Done(a) => UploadResponse {
                done: chunked.then_some(true),
                ..response(a)
            },
            Self::Refused(_, m) => UploadResponse {
                error: Some(ErrorBody {
                    message: Some(m.clone()),
                }),
                ..UploadResponse::default()
            },
        }
    }
}

/// The upload response Cloudinary gives for `a`.
pub fn response(a: &Asset) -> UploadResponse {
    UploadResponse {
        public_id: Some(a.public_id.clone()),
        delete_token: a.token.clone(),
        secure_url: Some(format!(
            "https://res.cloudinary.com/demo/{}/upload/v1/{}",
            a.resource_type, a.public_id
        )),
        original_filename: Some("holiday".into()),
        resource_type: Some(a.resource_type.into()),
        delivery_type: Some("upload".into()),
        ..UploadResponse::default()
    }
}

/// Cloudinary's state.
#[derive(Debug, Default)]
pub struct Cloud {
    /// How long a token is honoured after its upload, ms.
    lifetime: u64,
    assets: HashMap<String, Asset>,
    /// Token → public id, spent.
    tokens: HashMap<String, (String, bool)>,
    /// Chunked uploads under way: upload id → next byte expected.
    chunked: HashMap<String, u64>,
    next: u64,
    /// Deletes Cloudinary performed (by token, by signature).
    pub deleted: (u64, u64),
}

impl Cloud {
    pub fn new(lifetime: u64) -> Self {
        Self {
            lifetime,
            ..Self::default()
        }
    }

    pub fn asset(&self, public_id: &str) -> Option<&Asset> {
        self.assets.get(public_id)
    }

    /// Whether the asset no longer exists (deleted, or never made).
    pub fn gone(&self, public_id: &str) -> bool {
        self.assets.get(public_id).is_none_or(|a| a.gone)
    }

    /// The asset a token belongs to.
    pub fn owner(&self, token: &str) -> Option<&str> {
        self.tokens.get(token).map(|(id, _)| id.as_str())
    }

    /// Makes an asset at `now` (`token`: the preset returns delete tokens). `salt` varies the
    /// ids and tokens: folders, spaces and characters a form must encode.
    pub fn create(&mut self, resource_type: &str, token: bool, now: u64, salt: u64) -> Asset {
        self.next += 1;
        let n = self.next;
        let public_id = match salt % 5 {
            0 => format!("inbox/a{n}"),
            1 => format!("a {n}+x"),
            _ => format!("a{n}"),
        };
        let resource_type = match resource_type {
            "auto" => ["image", "video", "raw"][(salt / 5 % 3) as usize],
            "video" => "video",
            "raw" => "raw",
            _ => "image",
        };
        let token = token.then(|| {
            let tail = if salt % 7 == 0 { "+/=&%" } else { "" };
            format!("{TOKEN_MARK}{n:x}{salt:016x}{tail}")
        });
        let asset = Asset {
            public_id: public_id.clone(),
            resource_type,
            token: token.clone(),
            uploaded: now,
            gone: false,
        };
        if let Some(t) = token {
            self.tokens.insert(t, (public_id.clone(), false));
        }
        self.assets.insert(public_id, asset.clone());
        asset
    }

    /// One upload request (a whole file, or a chunk) reaching Cloudinary at `now`. `Err`: the
    /// request breaks the protocol (a client bug, not a refusal).
    pub fn upload(
        &mut self,
        part: &MultipartRequest,
        now: u64,
        salt: u64,
    ) -> Result<Uploaded, String> {
        let field = |k: &str| part.fields.iter().find(|(n, _)| *n == k).map(|(_, v)| v);
        if field("upload_preset").map(String::as_str) != Some(PRESET) {
            return Ok(Uploaded::Refused(400, "Upload preset not found".into()));
        }
        let resource_type = (part.url.strip_prefix(BASE))
            .and_then(|rest| rest.strip_suffix("/upload"))
            .ok_or_else(|| format!("upload sent to {}", part.url))?;
        let c = &part.chunk;
        if c.headers.is_empty() {
            return Ok(Uploaded::Done(self.create(resource_type, true, now, salt)));
        }
        let header = |k: &str| {
            c.headers
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.as_str())
        };
        let (Some(id), Some(range)) = (header("X-Unique-Upload-Id"), header("Content-Range"))
        else {
            return Err(format!("chunk without its headers: {:?}", c.headers));
        };
        let expected = self.chunked.get(id).copied().unwrap_or(0);
        let want = format!("bytes {}-{}/", c.start, c.end - 1);
        if c.start != expected || !range.starts_with(&want) {
            return Err(format!(
                "chunk {range} of {id} out of order (expected byte {expected})"
            ));
        }
        let total = &range[want.len()..];
        if total == "-1" {
            if c.end - c.start < 5 * 1024 * 1024 {
                return Err(format!("chunk {range} under Cloudinary's 5 MiB minimum"));
            }
            self.chunked.insert(id.to_owned(), c.end);
            return Ok(Uploaded::Part);
        }
        if total != c.end.to_string() || !c.last {
            return Err(format!("last chunk {range} does not end the file"));
        }
        self.chunked.remove(id);
        Ok(Uploaded::Done(self.create(resource_type, true, now, salt)))
    }

    /// A delete or destroy reaching Cloudinary at `now` (wall time `wall_secs`), read from
    /// its encoded body as a server reads it. `refuse`: a good token is refused anyway.
    pub fn delete(
        &mut self,
        form: &FormRequest,
        now: u64,
        wall_secs: u64,
        refuse: bool,
    ) -> Result<Answer, String> {
        let fields = &form.fields;
        let rest = (form.url.strip_prefix(BASE)).ok_or_else(|| format!("post to {}", form.url))?;
        if rest == "delete_by_token" {
            let [(name, token)] = &fields[..] else {
                return Err(format!("delete_by_token with fields {form:?}"));
            };
            if name != "token" {
                return Err(format!("delete_by_token with fields {form:?}"));
            }
            return Ok(self.by_token(token, now, refuse));
        }
        let resource_type = rest
            .strip_suffix("/destroy")
            .ok_or_else(|| format!("post to {}", form.url))?;
        Ok(self.destroy(resource_type, fields, wall_secs))
    }

    fn by_token(&mut self, token: &str, now: u64, refuse: bool) -> Answer {
        let Some((public_id, spent)) = self.tokens.get_mut(token) else {
            return Answer::error(400, "Invalid token");
        };
        let asset = self
            .assets
            .get_mut(public_id.as_str())
            .expect("a token's asset");
        if *spent || refuse {
            return Answer::error(400, "Invalid token");
        }
        if now >= asset.uploaded + self.lifetime {
            return Answer::error(400, "Stale delete token");
        }
        *spent = true;
        asset.gone = true;
        self.deleted.0 += 1;
        Answer::result("ok")
    }

    fn destroy(
        &mut self,
        resource_type: &str,
        fields: &[(String, String)],
        wall_secs: u64,
    ) -> Answer {
        let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let Some(signature) = get("signature") else {
            return Answer::error(400, "Missing required parameter - signature");
        };
        if get("api_key") != Some(signer::API_KEY) {
            return Answer::error(
                401,
                format!("Unknown API key {}", get("api_key").unwrap_or("")),
            );
        }
        let timestamp = get("timestamp")
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
        if timestamp + 3_600 < wall_secs {
            return Answer::error(401, "Stale request - reported time is more than 1 hour ago");
        }
        let signed: Vec<(String, String)> = (fields.iter())
            .filter(|(k, _)| k != "api_key" && k != "signature")
            .cloned()
            .collect();
        if signer::sign(&signed) != signature {
            return Answer::error(
                401,
                format!("Invalid Signature {signature}. String to sign - '...'."),
            );
        }
        let public_id = get("public_id").unwrap_or("");
        let delivery = get("type").unwrap_or("upload");
        match self.assets.get_mut(public_id) {
            Some(a) if !a.gone && a.resource_type == resource_type && delivery == "upload" => {
                a.gone = true;
                if let Some(t) = &a.token {
                    self.tokens.get_mut(t).expect("issued").1 = true;
                }
                self.deleted.1 += 1;
                Answer::result("ok")
            }
            _ => Answer::result("not found"),
        }
    }
}
