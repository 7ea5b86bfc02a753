//! Cloudinary's chunked upload protocol: chunks of one upload id assembled into the file.

use axum::{
    body::Bytes,
    http::{HeaderMap, header},
};

use crate::state::Emulator;

pub(crate) enum ChunkStep {
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
pub(crate) fn chunk(
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
