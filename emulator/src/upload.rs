//! `POST /v1_1/{cloud}/upload` and `/v1_1/{cloud}/{resource_type}/upload`: signed and unsigned
//! uploads, whole or in chunks, as Cloudinary answers them.

use std::time::Duration;

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, header},
    response::Response,
};
use serde::Serialize;
use sha1::Digest;

use crate::{
    chunk::{ChunkStep, chunk},
    config,
    limits::UNSIGNED_WHITELIST,
    media,
    params::{self, Params},
    reply::{Partial, error, json_body},
    sign::sign,
    source::file_bytes,
    state::{Asset, Emulator, Inner, Shared, TokenRecord},
};

pub(crate) async fn upload_auto(
    State(emu): State<Shared>,
    Path(cloud): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle_upload(&emu, &cloud, "auto", &headers, body).await
}

pub(crate) async fn upload(
    State(emu): State<Shared>,
    Path((cloud, resource_type)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle_upload(&emu, &cloud, &resource_type, &headers, body).await
}

pub(crate) fn humanize(param: &str) -> String {
    let spaced = param.replace('_', " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// One upload request, from the cloud check to Cloudinary's reply.
pub(crate) async fn handle_upload(
    emu: &Emulator,
    cloud_name: &str,
    resource_type: &str,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    let Some(cloud) = emu.config.clouds.get(cloud_name) else {
        return error(401, &format!("Invalid cloud_name {cloud_name}"));
    };
    if !["image", "video", "raw", "auto"].contains(&resource_type) {
        return error(404, "Resource not found");
    }
    let params = match params::parse(headers, body).await {
        Ok(p) => p,
        Err(e) => return error(400, &e),
    };
    // Whether this upload returns a delete token, checking auth first as Cloudinary does.
    let permission = match params.get("signature") {
        Some(signature) => signed(cloud, &params, signature),
        None => unsigned(emu, cloud, &params),
    };
    let (return_token, preset_folder) = match permission {
        Ok(p) => p,
        Err((status, message)) => return error(status, &message),
    };
    let (bytes, filename) = match file_bytes(&params).await {
        Ok(v) => v,
        Err(e) => return error(400, &e),
    };
    let (bytes, filename, chunked) = match chunk(emu, headers, bytes, filename) {
        Ok(ChunkStep::Whole(bytes, filename)) => (bytes, filename, false),
        Ok(ChunkStep::Complete(bytes, filename)) => (bytes, filename, true),
        Ok(ChunkStep::Partial(received)) => {
            return json_body(&Partial {
                done: false,
                bytes: received,
            });
        }
        Err(e) => return error(400, &e),
    };
    let upload = match describe(cloud_name, resource_type, &params, bytes, filename) {
        Ok(upload) => Upload {
            folder: upload.folder.or(preset_folder).filter(|f| !f.is_empty()),
            chunked,
            return_token,
            ..upload
        },
        Err((status, message)) => return error(status, &message),
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    match serde_json::to_value(store(emu, &cloud.api_secret, &params, upload, host)) {
        Ok(reply) => json_body(&reply),
        Err(e) => error(500, &e.to_string()),
    }
}

/// The file as stored: its media sniffed (and checked against an `image` route), its name
/// without extension, the request's folder; not yet chunked or allowed a token.
fn describe<'a>(
    cloud_name: &'a str,
    route: &'a str,
    params: &Params,
    bytes: Bytes,
    filename: Option<String>,
) -> Result<Upload<'a>, Refusal> {
    let media = media::sniff(&bytes, filename.as_deref());
    if route == "image" && media.resource_type != "image" {
        return Err((400, "Invalid image file".into()));
    }
    Ok(Upload {
        cloud_name,
        resource_type: if route == "auto" {
            media.resource_type
        } else {
            route
        },
        original_filename: filename
            .as_deref()
            .map(|f| f.rsplit_once('.').map_or(f, |(stem, _)| stem).to_owned())
            .unwrap_or_else(|| "file".into()),
        folder: params.get("folder").map(str::to_owned),
        media,
        bytes,
        chunked: false,
        return_token: false,
    })
}

/// Cloudinary's refusal of an upload: the status and the message.
type Refusal = (u16, String);

fn refusal(status: u16, message: &str) -> Refusal {
    (status, message.to_owned())
}

/// A signed upload: the API key must be the cloud's and the signature right. Returns whether
/// it gets a delete token (asked for, or its preset's) and the preset's folder.
fn signed(
    cloud: &config::Cloud,
    params: &Params,
    signature: &str,
) -> Result<(bool, Option<String>), Refusal> {
    if params.get("api_key") != Some(cloud.api_key.as_str()) {
        let key = params.get("api_key").unwrap_or("");
        return Err(refusal(401, &format!("Unknown API key {key}")));
    }
    if params.get("timestamp").is_none() {
        return Err(refusal(400, "Missing required parameter - timestamp"));
    }
    if sign(&params.fields, &cloud.api_secret) != signature {
        return Err(refusal(
            401,
            &format!("Invalid Signature {signature}. String to sign - '...'."),
        ));
    }
    let asked = matches!(params.get("return_delete_token"), Some("true" | "1"));
    let preset = params
        .get("upload_preset")
        .and_then(|p| cloud.presets.get(p));
    Ok((
        asked || preset.is_some_and(|p| p.return_delete_token),
        preset.and_then(|p| p.folder.clone()),
    ))
}

/// An unsigned upload: only whitelisted parameters, and an unsigned preset. Returns whether it
/// gets a delete token and the preset's folder.
fn unsigned(
    emu: &Emulator,
    cloud: &config::Cloud,
    params: &Params,
) -> Result<(bool, Option<String>), Refusal> {
    let allowed: Vec<&str> = UNSIGNED_WHITELIST.split(',').collect();
    let mut errors: Vec<String> = params
        .fields
        .iter()
        .filter(|(k, _)| k != "file" && !allowed.contains(&k.as_str()))
        .map(|(k, _)| {
            format!(
                "{} parameter is not allowed when using unsigned upload. Only {UNSIGNED_WHITELIST} upload parameters are allowed.",
                humanize(k)
            )
        })
        .collect();
    let preset = match params.get("upload_preset") {
        None | Some("") => {
            errors.push("Upload preset must be specified when using unsigned upload".into());
            None
        }
        Some(name) => match cloud.presets.get(name) {
            None => return Err(refusal(400, "Upload preset not found")),
            Some(p) if !p.unsigned => {
                return Err(refusal(
                    emu.config.signed_preset_status,
                    "Upload preset must be whitelisted for unsigned uploads",
                ));
            }
            Some(p) => Some(p),
        },
    };
    if !errors.is_empty() {
        return Err(refusal(400, &errors.join(", ")));
    }
    Ok(preset.map_or((false, None), |p| (p.return_delete_token, p.folder.clone())))
}

/// A file that passed every check, ready to be stored.
struct Upload<'a> {
    cloud_name: &'a str,
    resource_type: &'a str,
    original_filename: String,
    folder: Option<String>,
    media: media::Media,
    bytes: Bytes,
    chunked: bool,
    return_token: bool,
}

/// Cloudinary's answer to an upload, with its field names (in alphabetical order, as the
/// emulator has always written them).
#[derive(Serialize)]
struct UploadReply {
    access_mode: &'static str,
    asset_folder: String,
    asset_id: String,
    bytes: usize,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_token: Option<String>,
    display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    done: Option<bool>,
    etag: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing: Option<bool>,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    original_filename: String,
    placeholder: bool,
    public_id: String,
    resource_type: String,
    secure_url: String,
    signature: String,
    tags: Vec<String>,
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
    version: u64,
    version_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
}

/// The public id `up` gets, and the asset stored under it: a new one, or (an unsigned upload
/// never overwrites) the one already there, answered with `existing: true`.
fn keep(inner: &mut Inner, params: &Params, up: &Upload, now: u64) -> (Asset, bool) {
    let base_id = match params.get("public_id").filter(|p| !p.is_empty()) {
        Some(id) => id.to_owned(),
        None => inner.rng.public_id(),
    };
    let public_id = match (&up.folder, params.get("public_id_prefix")) {
        (Some(f), _) => format!("{}/{base_id}", f.trim_end_matches('/')),
        (None, Some(prefix)) => format!("{prefix}{base_id}"),
        (None, None) => base_id,
    };
    let key = (up.cloud_name.to_owned(), public_id.clone());
    let existing = inner
        .assets
        .get(&key)
        .is_some_and(|a| a.deleted_at_ms.is_none());
    if !existing {
        let asset = Asset {
            cloud: up.cloud_name.to_owned(),
            public_id,
            resource_type: up.resource_type.to_owned(),
            format: up.media.format.clone(),
            bytes: up.bytes.clone(),
            version: now / 1000,
            deleted_at_ms: None,
            invalidated: false,
        };
        inner.assets.insert(key.clone(), asset);
    }
    (inner.assets[&key].clone(), existing)
}

/// Stores `upload`, issues its delete token when it gets one, and makes the reply.
fn store(emu: &Emulator, secret: &str, params: &Params, up: Upload, host: &str) -> UploadReply {
    let mut inner = emu.lock();
    let now = emu.now_ms(&inner);
    let (asset, existing) = keep(&mut inner, params, &up, now);
    let ext = if asset.format.is_empty() {
        String::new()
    } else {
        format!(".{}", asset.format)
    };
    let url = format!(
        "http://{host}/{}/{}/upload/v{}/{}{ext}",
        up.cloud_name, asset.resource_type, asset.version, asset.public_id
    );
    let size = up.media.size.filter(|_| !existing);
    // Drawn in this order, as they always were: a seeded emulator answers the same ids.
    let (asset_id, version_id) = (inner.rng.hex(32), inner.rng.hex(32));
    let delete_token = up
        .return_token
        .then(|| issue_token(&mut inner, up.cloud_name, &asset.public_id, now));
    let version = asset.version.to_string();
    UploadReply {
        access_mode: "public",
        asset_folder: up.folder.unwrap_or_default(),
        asset_id,
        bytes: asset.bytes.len(),
        created_at: iso8601(asset.version),
        delete_token,
        display_name: asset
            .public_id
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .into(),
        done: up.chunked.then_some(true),
        etag: format!("{:x}", md5::Md5::digest(&asset.bytes)),
        existing: existing.then_some(true),
        format: asset.format.clone(),
        height: size.map(|(_, h)| h),
        original_filename: up.original_filename,
        placeholder: false,
        public_id: asset.public_id.clone(),
        resource_type: asset.resource_type.clone(),
        secure_url: url.clone(),
        signature: sign(
            &[
                ("public_id".into(), asset.public_id.clone()),
                ("version".into(), version),
            ],
            secret,
        ),
        tags: tags(params),
        kind: "upload",
        url,
        version: asset.version,
        version_id,
        width: size.map(|(w, _)| w),
    }
}

/// The request's `tags`, comma-separated, as a list.
fn tags(params: &Params) -> Vec<String> {
    params
        .get("tags")
        .map(|t| {
            t.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A new delete token for `public_id`, honoured from `now` (see `delete.rs`).
fn issue_token(inner: &mut Inner, cloud: &str, public_id: &str, now: u64) -> String {
    let token = inner.rng.hex(288);
    let record = TokenRecord {
        cloud: cloud.to_owned(),
        public_id: public_id.to_owned(),
        issued_ms: now,
        deleted: false,
        requests_after_success: 0,
    };
    inner.tokens.insert(token.clone(), record);
    token
}

/// `YYYY-MM-DD HH:MM:SS +0000` for Unix seconds, as Cloudinary quotes a request's time.
pub(crate) fn utc(secs: u64) -> String {
    iso8601(secs).replacen('T', " ", 1).replace('Z', " +0000")
}

/// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, as Cloudinary's `created_at`) for Unix seconds.
pub(crate) fn iso8601(secs: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_719_307_544), "2024-06-25T09:25:44Z");
    }

    #[test]
    fn request_times_are_quoted_as_cloudinary_does() {
        assert_eq!(utc(1_434_805_181), "2015-06-20 12:59:41 +0000");
    }

    #[test]
    fn humanize_matches_cloudinary_wording() {
        assert_eq!(humanize("return_delete_token"), "Return delete token");
        assert_eq!(humanize("access_mode"), "Access mode");
    }
}
