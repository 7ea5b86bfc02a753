//! A local emulator of the Cloudinary endpoints this project uses: unsigned (and signed) upload,
//! `delete_by_token`, delivery URLs, and test-control routes under `/__emulator/`.
//!
//! Documented behaviour is as Cloudinary's documentation states it; undocumented answers are
//! configurable ([`config::Config`]) and labelled as guesses. `emulator/README.md` lists both.

pub mod config;
mod media;
mod params;

use std::{
    collections::{BTreeMap, HashMap},
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

pub use config::Config;
use params::Params;

/// Parameters an unsigned upload may carry besides `file` (Cloudinary's current whitelist).
const UNSIGNED_WHITELIST: &str = "upload_preset,callback,public_id,folder,asset_folder,tags,context,metadata,face_coordinates,custom_coordinates,source,filename_override,manifest_transformation,manifest_json,template,template_vars,regions,public_id_prefix";
/// Request headers the CORS preflight allows (never `Authorization`).
const ALLOWED_HEADERS: &str = "X-Requested-With, Content-Type, Content-Range, Content-Disposition, X-Unique-Upload-Id, DPR, Viewport-Width, Width";
/// Largest request body accepted (Cloudinary's limit for a single non-chunked request is 100 MB).
const MAX_BODY: usize = 100 * 1024 * 1024;
/// Bytes of each body kept in the request log.
const LOGGED_BODY: usize = 16 * 1024;

/// Injected faults, set with `POST /__emulator/faults`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Extra latency, uniformly drawn from `[min, max]` ms.
    pub latency_ms: [u64; 2],
    /// Share of requests answered with `error_status` without being processed.
    pub error_rate: f64,
    /// Status for those errors (default 500).
    pub error_status: u16,
    /// Share of requests whose connection is cut before an answer, without being processed.
    pub drop_rate: f64,
    /// Share of requests answered 420 with `Retry-After` without being processed.
    pub rate_limit_rate: f64,
    /// `Retry-After` seconds for those.
    pub retry_after_seconds: u64,
    /// Routes affected: `upload`, `delete_by_token`; empty means both.
    pub routes: Vec<String>,
    /// Response headers exposed to scripts (`Access-Control-Expose-Headers`), e.g. `Retry-After`.
    /// UNKNOWN whether Cloudinary exposes any; none by default.
    pub expose_headers: Vec<String>,
}

/// One stored asset.
#[derive(Debug, Clone)]
struct Asset {
    cloud: String,
    public_id: String,
    resource_type: String,
    format: String,
    bytes: Bytes,
    version: u64,
    deleted_at_ms: Option<u64>,
}

/// One issued delete token.
#[derive(Debug, Clone)]
struct TokenRecord {
    cloud: String,
    public_id: String,
    issued_ms: u64,
    deleted: bool,
    /// delete_by_token requests with this token after it succeeded.
    requests_after_success: u32,
}

#[derive(Debug)]
struct Inner {
    offset_ms: u64,
    assets: BTreeMap<(String, String), Asset>,
    tokens: HashMap<String, TokenRecord>,
    requests: Vec<Value>,
    faults: Faults,
    rng: u64,
    chunks: HashMap<String, Chunks>,
}

/// Parts of one chunked upload, keyed by their first byte.
#[derive(Debug, Default)]
struct Chunks {
    parts: BTreeMap<u64, Bytes>,
    total: Option<u64>,
    filename: Option<String>,
}

impl Chunks {
    fn received(&self) -> u64 {
        self.parts.values().map(|b| b.len() as u64).sum()
    }

    /// The whole file once every byte of `0..total` has arrived, in any order.
    fn assemble(&self) -> Option<Bytes> {
        let total = self.total?;
        let mut next = 0;
        let mut out = Vec::with_capacity(usize::try_from(total).ok()?);
        for (&start, bytes) in &self.parts {
            if start != next {
                return None;
            }
            out.extend_from_slice(bytes);
            next += bytes.len() as u64;
        }
        (next == total).then(|| Bytes::from(out))
    }
}

/// The emulator's state, shared by every request.
#[derive(Debug)]
pub struct Emulator {
    config: Config,
    started: Instant,
    base_unix_ms: u64,
    inner: Mutex<Inner>,
}

type Shared = Arc<Emulator>;

impl Emulator {
    /// A fresh emulator; `seed` makes ids, tokens and faults reproducible.
    pub fn new(config: Config, seed: u64) -> Self {
        #[allow(clippy::disallowed_methods)] // native server: the real clock is what we want
        let base_unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let inner = Inner {
            offset_ms: 0,
            assets: BTreeMap::new(),
            tokens: HashMap::new(),
            requests: Vec::new(),
            faults: Faults::default(),
            rng: seed.max(1),
            chunks: HashMap::new(),
        };
        #[allow(clippy::disallowed_methods)]
        let started = Instant::now();
        Self {
            config,
            started,
            base_unix_ms,
            inner: Mutex::new(inner),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent data (no multi-step invariants), so
        // recover from poisoning rather than failing every later request.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Emulator time: real time since start plus every clock advance, as Unix ms.
    fn now_ms(&self, inner: &Inner) -> u64 {
        self.base_unix_ms + self.started.elapsed().as_millis() as u64 + inner.offset_ms
    }
}

impl Inner {
    /// xorshift64*: small, seeded, good enough for ids and fault draws.
    fn next(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[(self.next() % 16) as usize]))
            .collect()
    }

    fn public_id(&mut self) -> String {
        (0..20)
            .map(|_| {
                char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[(self.next() % 36) as usize])
            })
            .collect()
    }
}

/// The router with every route and the front-door middleware.
pub fn app(emulator: Shared) -> Router {
    Router::new()
        .route("/v1_1/{cloud}/upload", post(upload_auto))
        .route("/v1_1/{cloud}/{resource_type}/upload", post(upload))
        .route("/v1_1/{cloud}/delete_by_token", post(delete_by_token))
        .route("/{cloud}/{resource_type}/upload/{*path}", get(deliver))
        .route("/__emulator/clock/advance", post(advance_clock))
        .route("/__emulator/reset", post(reset))
        .route("/__emulator/assets", get(list_assets))
        .route("/__emulator/tokens", get(list_tokens))
        .route("/__emulator/requests", get(list_requests))
        .route("/__emulator/faults", post(set_faults))
        .fallback(not_found)
        // axum's default 2 MB limit would refuse ordinary photos and every 5 MB+ chunk.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(emulator.clone(), front_door))
        .with_state(emulator)
}

/// Binds `addr` and serves until the process ends; returns the bound address first via `ready`.
pub async fn serve(listener: tokio::net::TcpListener, emulator: Shared) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(emulator).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// A Cloudinary error answer: `{"error":{"message"}}` plus `X-Cld-Error`.
fn error(status: u16, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut res = (
        status,
        json_body(&json!({ "error": { "message": message } })),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(message) {
        res.headers_mut().insert("x-cld-error", v);
    }
    res
}

fn json_body(v: &Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        v.to_string(),
    )
        .into_response()
}

fn route_kind(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("/v1_1/")?;
    if rest.ends_with("/delete_by_token") {
        Some("delete_by_token")
    } else if rest.ends_with("/upload") {
        Some("upload")
    } else {
        None
    }
}

/// Runs around every request: request id, request log, CORS, preflight and faults.
async fn front_door(State(emu): State<Shared>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error(413, "File size too large");
    };
    let path = parts.uri.path().to_owned();
    let control = path.starts_with("/__emulator/");
    let origin = parts.headers.get(header::ORIGIN).cloned();
    let kind = route_kind(&path);
    let (request_id, fault, expose) = {
        let mut inner = emu.lock();
        let request_id = inner.hex(32);
        if !control {
            let headers: BTreeMap<String, String> = parts
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let logged = &bytes[..bytes.len().min(LOGGED_BODY)];
            inner.requests.push(json!({
                "method": parts.method.as_str(),
                "path": path,
                "query": parts.uri.query().unwrap_or(""),
                "headers": headers,
                "body": String::from_utf8_lossy(logged),
                "body_bytes": bytes.len(),
            }));
        }
        let applies = kind.is_some()
            && parts.method == Method::POST
            && (inner.faults.routes.is_empty()
                || inner.faults.routes.iter().any(|r| Some(r.as_str()) == kind));
        let fault = if applies {
            Some(draw_fault(&mut inner))
        } else {
            None
        };
        (request_id, fault, inner.faults.expose_headers.join(", "))
    };

    let mut res = if parts.method == Method::OPTIONS
        && parts.headers.contains_key("access-control-request-method")
    {
        preflight()
    } else {
        let fault = fault.unwrap_or_default();
        if fault.latency > Duration::ZERO {
            tokio::time::sleep(fault.latency).await;
        }
        match fault.answer {
            Some(FaultAnswer::Error(status)) => error(status, "Emulated server error"),
            Some(FaultAnswer::RateLimited(secs)) => {
                let mut r = error(420, "Rate Limit Exceeded");
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                r
            }
            Some(FaultAnswer::Drop) => {
                // The connection is cut before an answer arrives and the request is not
                // processed: the body stream fails right after the status line.
                let broken = futures_util::stream::once(async {
                    Err::<Bytes, _>(std::io::Error::other("emulated dropped connection"))
                });
                Response::new(Body::from_stream(broken))
            }
            None => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
        }
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-request-id", v);
    }
    h.insert(
        header::SERVER,
        HeaderValue::from_static("cloudinary-emulator"),
    );
    let drop_cors = emu.config.drop_cors_on_5xx && res.status().is_server_error();
    if let (Some(origin), false) = (origin, drop_cors) {
        let h = res.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.append(header::VARY, HeaderValue::from_static("Origin"));
        if let Ok(v) = HeaderValue::from_str(&expose)
            && !expose.is_empty()
        {
            h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
        }
    }
    res
}

#[derive(Debug, Default)]
struct Fault {
    latency: Duration,
    answer: Option<FaultAnswer>,
}

#[derive(Debug, Clone, Copy)]
enum FaultAnswer {
    Error(u16),
    RateLimited(u64),
    Drop,
}

fn draw_fault(inner: &mut Inner) -> Fault {
    let f = inner.faults.clone();
    let [lo, hi] = f.latency_ms;
    let latency = if hi > lo {
        lo + inner.next() % (hi - lo + 1)
    } else {
        lo
    };
    let answer = if inner.chance(f.error_rate) {
        Some(FaultAnswer::Error(if f.error_status == 0 {
            500
        } else {
            f.error_status
        }))
    } else if inner.chance(f.rate_limit_rate) {
        Some(FaultAnswer::RateLimited(f.retry_after_seconds.max(1)))
    } else if inner.chance(f.drop_rate) {
        Some(FaultAnswer::Drop)
    } else {
        None
    };
    Fault {
        latency: Duration::from_millis(latency),
        answer,
    }
}

fn preflight() -> Response {
    let mut res = StatusCode::OK.into_response();
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, GET, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOWED_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("1728000"),
    );
    res
}

async fn not_found() -> Response {
    error(404, "Resource not found")
}

async fn upload_auto(
    State(emu): State<Shared>,
    Path(cloud): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle_upload(&emu, &cloud, "auto", &headers, body).await
}

async fn upload(
    State(emu): State<Shared>,
    Path((cloud, resource_type)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle_upload(&emu, &cloud, &resource_type, &headers, body).await
}

fn humanize(param: &str) -> String {
    let spaced = param.replace('_', " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// Cloudinary's signature: SHA-1 of the sorted `k=v` pairs joined by `&`, then the secret.
pub fn sign(params: &[(String, String)], secret: &str) -> String {
    const UNSIGNED: [&str; 5] = [
        "file",
        "cloud_name",
        "resource_type",
        "api_key",
        "signature",
    ];
    let mut pairs: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, v)| !UNSIGNED.contains(&k.as_str()) && !v.is_empty())
        .collect();
    pairs.sort();
    let joined = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    hex_digest(Sha1::digest(format!("{joined}{secret}").as_bytes()).as_slice())
}

fn hex_digest(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn handle_upload(
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
    // Decide whether this upload returns a delete token, checking auth first as Cloudinary does.
    let (return_token, preset_folder) = if let Some(signature) = params.get("signature") {
        if params.get("api_key") != Some(cloud.api_key.as_str()) {
            return error(
                401,
                &format!("Unknown API key {}", params.get("api_key").unwrap_or("")),
            );
        }
        if params.get("timestamp").is_none() {
            return error(400, "Missing required parameter - timestamp");
        }
        let expected = sign(&params.fields, &cloud.api_secret);
        if expected != signature {
            return error(
                401,
                &format!("Invalid Signature {signature}. String to sign - '...'."),
            );
        }
        let flag = matches!(params.get("return_delete_token"), Some("true" | "1"));
        let preset = params
            .get("upload_preset")
            .and_then(|p| cloud.presets.get(p));
        (
            flag || preset.is_some_and(|p| p.return_delete_token),
            preset.and_then(|p| p.folder.clone()),
        )
    } else {
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
                None => return error(400, "Upload preset not found"),
                Some(p) if !p.unsigned => {
                    return error(
                        emu.config.signed_preset_status,
                        "Upload preset must be whitelisted for unsigned uploads",
                    );
                }
                Some(p) => Some(p),
            },
        };
        if !errors.is_empty() {
            return error(400, &errors.join(", "));
        }
        let preset = preset.cloned().unwrap_or(config::Preset {
            unsigned: true,
            return_delete_token: false,
            folder: None,
        });
        (preset.return_delete_token, preset.folder)
    };

    let (bytes, filename) = match file_bytes(&params).await {
        Ok(v) => v,
        Err(e) => return error(400, &e),
    };
    let (bytes, filename, chunked) = match chunk(emu, headers, bytes, filename) {
        Ok(ChunkStep::Whole(bytes, filename)) => (bytes, filename, false),
        Ok(ChunkStep::Complete(bytes, filename)) => (bytes, filename, true),
        Ok(ChunkStep::Partial(received)) => {
            return json_body(&json!({ "done": false, "bytes": received }));
        }
        Err(e) => return error(400, &e),
    };
    let media = media::sniff(&bytes, filename.as_deref());
    if resource_type == "image" && media.resource_type != "image" {
        return error(400, "Invalid image file");
    }
    let resource_type = if resource_type == "auto" {
        media.resource_type
    } else {
        resource_type
    };
    let original_filename = filename
        .as_deref()
        .map(|f| f.rsplit_once('.').map_or(f, |(stem, _)| stem).to_owned())
        .unwrap_or_else(|| "file".into());
    let folder = params
        .get("folder")
        .map(str::to_owned)
        .or(preset_folder)
        .filter(|f| !f.is_empty());

    let mut inner = emu.lock();
    let now = emu.now_ms(&inner);
    let version = now / 1000;
    let base_id = match params.get("public_id").filter(|p| !p.is_empty()) {
        Some(id) => id.to_owned(),
        None => inner.public_id(),
    };
    let public_id = match (&folder, params.get("public_id_prefix")) {
        (Some(f), _) => format!("{}/{base_id}", f.trim_end_matches('/')),
        (None, Some(prefix)) => format!("{prefix}{base_id}"),
        (None, None) => base_id,
    };
    let key = (cloud_name.to_owned(), public_id.clone());
    let existing = inner
        .assets
        .get(&key)
        .is_some_and(|a| a.deleted_at_ms.is_none());
    let asset = if existing {
        // Unsigned uploads never overwrite: the stored asset is answered with `existing: true`.
        inner.assets[&key].clone()
    } else {
        let asset = Asset {
            cloud: cloud_name.to_owned(),
            public_id: public_id.clone(),
            resource_type: resource_type.to_owned(),
            format: media.format.clone(),
            bytes: bytes.clone(),
            version,
            deleted_at_ms: None,
        };
        inner.assets.insert(key, asset.clone());
        asset
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let ext = if asset.format.is_empty() {
        String::new()
    } else {
        format!(".{}", asset.format)
    };
    let url = format!(
        "http://{host}/{cloud_name}/{}/upload/v{}/{}{ext}",
        asset.resource_type, asset.version, asset.public_id
    );
    let tags: Vec<&str> = params
        .get("tags")
        .map(|t| t.split(',').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut reply = json!({
        "asset_id": inner.hex(32),
        "public_id": asset.public_id,
        "version": asset.version,
        "version_id": inner.hex(32),
        "signature": sign(&[("public_id".into(), asset.public_id.clone()), ("version".into(), asset.version.to_string())], &cloud.api_secret),
        "format": asset.format,
        "resource_type": asset.resource_type,
        "created_at": iso8601(asset.version),
        "tags": tags,
        "bytes": asset.bytes.len(),
        "type": "upload",
        "etag": hex_digest(md5::Md5::digest(&asset.bytes).as_slice()),
        "placeholder": false,
        "url": url,
        "secure_url": url,
        "asset_folder": folder.unwrap_or_default(),
        "display_name": asset.public_id.rsplit('/').next().unwrap_or_default(),
        "access_mode": "public",
        "original_filename": original_filename,
    });
    if let (Some((w, h)), false) = (media.size, existing) {
        reply["width"] = json!(w);
        reply["height"] = json!(h);
    }
    if existing {
        reply["existing"] = json!(true);
    }
    if chunked {
        reply["done"] = json!(true);
    }
    if return_token {
        let token = inner.hex(288);
        inner.tokens.insert(
            token.clone(),
            TokenRecord {
                cloud: cloud_name.to_owned(),
                public_id,
                issued_ms: now,
                deleted: false,
                requests_after_success: 0,
            },
        );
        reply["delete_token"] = json!(token);
    }
    json_body(&reply)
}

/// The upload's bytes: a binary part, a base64 data URI, or an http URL on loopback.
async fn file_bytes(params: &Params) -> Result<(Bytes, Option<String>), String> {
    if let Some(file) = &params.file {
        return Ok((file.bytes.clone(), file.filename.clone()));
    }
    let file = params
        .get("file")
        .ok_or("Missing required parameter - file")?;
    if let Some(rest) = file.strip_prefix("data:") {
        let (_, data) = rest
            .split_once(";base64,")
            .ok_or("Invalid data URI: only base64 data URIs are supported")?;
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|e| format!("Invalid base64 data: {e}"))?;
        return Ok((Bytes::from(bytes), None));
    }
    if file.starts_with("http://") || file.starts_with("https://") {
        let bytes = fetch_loopback(file)
            .await
            .map_err(|why| format!("Error in loading {file} - {why}"))?;
        let name = file
            .rsplit('/')
            .next()
            .map(|n| n.split(['?', '#']).next().unwrap_or(n).to_owned());
        return Ok((bytes, name));
    }
    if file.is_empty() {
        return Err("Empty file".into());
    }
    // A plain string field named `file` (e.g. a text blob sent without a filename).
    Ok((Bytes::from(file.to_owned().into_bytes()), None))
}

/// GETs `url` over plain HTTP/1.1. Only loopback hosts: this machine has no other network, and
/// an emulator must never be turned into a proxy.
async fn fetch_loopback(url: &str) -> Result<Bytes, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs on loopback are fetched by the emulator")?;
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    if !(host == "localhost" || host.starts_with("127.") || host == "[::1]") {
        return Err("the emulator fetches remote files from loopback hosts only".into());
    }
    let addr = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let io = async {
        let mut stream = tokio::net::TcpStream::connect(&addr).await?;
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.take(MAX_BODY as u64).read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(10), io)
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head.split_whitespace().nth(1).unwrap_or("");
    if status != "200" {
        return Err(format!("Server returned {status}"));
    }
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Err("chunked transfer encoding is not supported by the emulator".into());
    }
    Ok(Bytes::copy_from_slice(&raw[split + 4..]))
}

enum ChunkStep {
    /// Not a chunked request.
    Whole(Bytes, Option<String>),
    /// A chunk arrived; the file is still incomplete.
    Partial(u64),
    /// The last missing chunk arrived: the whole file.
    Complete(Bytes, Option<String>),
}

/// Cloudinary's chunked upload: `X-Unique-Upload-Id` plus `Content-Range: bytes a-b/total`, total
/// `-1` until the last chunk, chunks in any order, every chunk but the last at least
/// `min_chunk_bytes`. (blueimp sends `X-Unique-Upload-Id` on every upload, so without
/// `Content-Range` a request is a whole file.)
fn chunk(
    emu: &Emulator,
    headers: &HeaderMap,
    bytes: Bytes,
    filename: Option<String>,
) -> Result<ChunkStep, String> {
    let id = headers
        .get("x-unique-upload-id")
        .and_then(|v| v.to_str().ok());
    let range = headers
        .get(header::CONTENT_RANGE)
        .and_then(|v| v.to_str().ok());
    let (Some(id), Some(range)) = (id, range) else {
        return Ok(ChunkStep::Whole(bytes, filename));
    };
    let bad = || format!("Invalid Content-Range header: {range}");
    let spec = range.trim().strip_prefix("bytes ").ok_or_else(bad)?;
    let (span, total) = spec.split_once('/').ok_or_else(bad)?;
    let (start, end) = span.split_once('-').ok_or_else(bad)?;
    let start: u64 = start.trim().parse().map_err(|_| bad())?;
    let end: u64 = end.trim().parse().map_err(|_| bad())?;
    let total: Option<u64> = if total.trim() == "-1" {
        None
    } else {
        Some(total.trim().parse().map_err(|_| bad())?)
    };
    if end < start || end - start + 1 != bytes.len() as u64 || total.is_some_and(|t| end >= t) {
        return Err(bad());
    }
    let last = total.is_some_and(|t| end + 1 == t);
    if !last && (bytes.len() as u64) < emu.config.min_chunk_bytes {
        return Err(format!(
            "Chunk size must be at least {} bytes, except for the last chunk",
            emu.config.min_chunk_bytes
        ));
    }
    let mut inner = emu.lock();
    let entry = inner.chunks.entry(id.to_owned()).or_default();
    entry.parts.insert(start, bytes);
    if total.is_some() {
        entry.total = total;
    }
    if filename.is_some() {
        entry.filename = filename;
    }
    match entry.assemble() {
        Some(whole) => {
            let filename = entry.filename.take();
            inner.chunks.remove(id);
            Ok(ChunkStep::Complete(whole, filename))
        }
        None => Ok(ChunkStep::Partial(entry.received())),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds (Howard Hinnant's civil-from-days).
fn iso8601(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

async fn delete_by_token(
    State(emu): State<Shared>,
    Path(cloud): Path<String>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !emu.config.clouds.contains_key(&cloud) {
        return error(401, &format!("Invalid cloud_name {cloud}"));
    }
    let mut params = match params::parse(&headers, body).await {
        Ok(p) => p,
        Err(e) => return error(400, &e),
    };
    if emu.config.accept_query_token {
        params
            .fields
            .extend(params::form_pairs(uri.query().unwrap_or("").as_bytes()));
    }
    let errors = &emu.config.delete_errors;
    let Some(token) = params
        .get("token")
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
    else {
        return error(errors.missing.status, &errors.missing.message);
    };
    let mut inner = emu.lock();
    let now = emu.now_ms(&inner);
    let ttl_ms = emu.config.token_ttl_seconds * 1000;
    let Some(record) = inner.tokens.get_mut(&token).filter(|r| r.cloud == cloud) else {
        return error(errors.unknown.status, &errors.unknown.message);
    };
    if record.deleted {
        record.requests_after_success += 1;
        return error(errors.reused.status, &errors.reused.message);
    }
    if now.saturating_sub(record.issued_ms) >= ttl_ms {
        return error(errors.expired.status, &errors.expired.message);
    }
    record.deleted = true;
    let key = (record.cloud.clone(), record.public_id.clone());
    if let Some(asset) = inner.assets.get_mut(&key) {
        asset.deleted_at_ms.get_or_insert(now);
    }
    json_body(&json!({ "result": "ok" }))
}

async fn deliver(
    State(emu): State<Shared>,
    Path((cloud, resource_type, path)): Path<(String, String, String)>,
) -> Response {
    // `v123/folder/id.ext`: the version segment is optional.
    let path = match path.split_once('/') {
        Some((v, rest))
            if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => path.as_str(),
    };
    let inner = emu.lock();
    let now = emu.now_ms(&inner);
    let cache_ms = emu.config.cdn_cache_seconds * 1000;
    let found = inner.assets.values().find(|a| {
        a.cloud == cloud
            && a.resource_type == resource_type
            && (a.public_id == path
                || (!a.format.is_empty() && path == format!("{}.{}", a.public_id, a.format)))
    });
    match found {
        Some(a) if a.deleted_at_ms.is_none_or(|at| now < at + cache_ms) => (
            [(
                header::CONTENT_TYPE,
                media::content_type(&a.resource_type, &a.format),
            )],
            a.bytes.clone(),
        )
            .into_response(),
        _ => error(404, "Resource not found"),
    }
}

#[derive(Deserialize)]
struct Advance {
    seconds: u64,
}

async fn advance_clock(State(emu): State<Shared>, Query(q): Query<Advance>) -> Response {
    let mut inner = emu.lock();
    inner.offset_ms += q.seconds * 1000;
    json_body(&json!({ "now_ms": emu.now_ms(&inner) }))
}

async fn reset(State(emu): State<Shared>) -> Response {
    let mut inner = emu.lock();
    inner.offset_ms = 0;
    inner.assets.clear();
    inner.tokens.clear();
    inner.requests.clear();
    inner.faults = Faults::default();
    inner.chunks.clear();
    json_body(&json!({ "reset": true }))
}

async fn list_assets(State(emu): State<Shared>) -> Response {
    let inner = emu.lock();
    let list: Vec<Value> = inner
        .assets
        .values()
        .map(|a| {
            json!({ "cloud": a.cloud, "public_id": a.public_id, "resource_type": a.resource_type,
                    "format": a.format, "bytes": a.bytes.len(), "version": a.version, "deleted": a.deleted_at_ms.is_some() })
        })
        .collect();
    json_body(&Value::Array(list))
}

async fn list_tokens(State(emu): State<Shared>) -> Response {
    let inner = emu.lock();
    // The token values themselves are not listed: tests identify tokens by public id.
    let list: Vec<Value> = inner
        .tokens
        .values()
        .map(|t| {
            json!({ "cloud": t.cloud, "public_id": t.public_id, "issued_ms": t.issued_ms,
                    "deleted": t.deleted, "requests_after_success": t.requests_after_success })
        })
        .collect();
    json_body(&Value::Array(list))
}

async fn list_requests(State(emu): State<Shared>) -> Response {
    json_body(&Value::Array(emu.lock().requests.clone()))
}

async fn set_faults(State(emu): State<Shared>, Json(faults): Json<Faults>) -> Response {
    emu.lock().faults = faults.clone();
    json_body(&json!(faults))
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
    fn humanize_matches_cloudinary_wording() {
        assert_eq!(humanize("return_delete_token"), "Return delete token");
        assert_eq!(humanize("access_mode"), "Access mode");
    }

    #[test]
    fn signature_sorts_and_skips_file_and_api_key() {
        let params = vec![
            ("timestamp".to_owned(), "1315060510".to_owned()),
            ("public_id".to_owned(), "sample_image".to_owned()),
            (
                "eager".to_owned(),
                "w_400,h_300,c_pad|w_260,h_200,c_crop".to_owned(),
            ),
            ("api_key".to_owned(), "x".to_owned()),
            ("file".to_owned(), "y".to_owned()),
        ];
        // Cloudinary's documented example ("Generating authentication signatures").
        assert_eq!(
            sign(&params, "abcd"),
            "bfd09f95f331f558cbd1320e67aa8d488770583e"
        );
    }
}
