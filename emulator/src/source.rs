//! Where an upload's bytes come from: a binary part, a base64 data URI, or an http URL on
//! loopback (fetched with a real HTTP client).

use std::time::Duration;

use axum::body::Bytes;

use crate::{limits::MAX_BODY, params::Params};

/// The upload's bytes: a binary part, a base64 data URI, or an http URL on loopback.
pub(crate) async fn file_bytes(params: &Params) -> Result<(Bytes, Option<String>), String> {
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

/// GETs `url`. Only loopback hosts: this machine has no other network, and an emulator must
/// never be turned into a proxy.
async fn fetch_loopback(url: &str) -> Result<Bytes, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs on loopback are fetched by the emulator")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    if !(host == "localhost" || host.starts_with("127.") || host == "[::1]") {
        return Err("the emulator fetches remote files from loopback hosts only".into());
    }
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let reply = client.get(url).send().await.map_err(|e| e.to_string())?;
    if reply.status() != reqwest::StatusCode::OK {
        return Err(format!("Server returned {}", reply.status().as_u16()));
    }
    let bytes = reply.bytes().await.map_err(|e| e.to_string())?;
    if bytes.len() > MAX_BODY {
        return Err("File size too large".into());
    }
    Ok(bytes)
}
