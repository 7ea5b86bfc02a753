//! Test control under `/__emulator/`: the clock, reset, what was stored and asked, and faults.

use axum::{
    Json,
    extract::{Query, State},
    response::Response,
};
use serde::{Deserialize, Serialize};

use crate::{faults::Faults, reply::json_body, state::Shared};

#[derive(Deserialize)]
pub(crate) struct Advance {
    seconds: u64,
}

/// The emulator's clock after a move.
#[derive(Serialize)]
struct Now {
    now_ms: u64,
}

#[derive(Serialize)]
struct Reset {
    reset: bool,
}

/// An asset as the tests see it (`/__emulator/assets`): its bytes counted, not listed.
#[derive(Serialize)]
struct AssetView<'a> {
    cloud: &'a str,
    public_id: &'a str,
    resource_type: &'a str,
    format: &'a str,
    bytes: usize,
    version: u64,
    deleted: bool,
    invalidated: bool,
}

/// A token as the tests see it (`/__emulator/tokens`): never its value, which only the uploader
/// received; tests identify tokens by public id.
#[derive(Serialize)]
struct TokenView<'a> {
    cloud: &'a str,
    public_id: &'a str,
    issued_ms: u64,
    deleted: bool,
    requests_after_success: u32,
}

pub(crate) async fn advance_clock(State(emu): State<Shared>, Query(q): Query<Advance>) -> Response {
    let mut inner = emu.lock();
    inner.offset_ms += q.seconds * 1000;
    json_body(&Now {
        now_ms: emu.now_ms(&inner),
    })
}

pub(crate) async fn reset(State(emu): State<Shared>) -> Response {
    let mut inner = emu.lock();
    inner.offset_ms = 0;
    inner.assets.clear();
    inner.tokens.clear();
    inner.requests.clear();
    inner.faults = Faults::default();
    inner.chunks.clear();
    json_body(&Reset { reset: true })
}

pub(crate) async fn list_assets(State(emu): State<Shared>) -> Response {
    let inner = emu.lock();
    let list: Vec<AssetView> = inner
        .assets
        .values()
        .map(|a| AssetView {
            cloud: &a.cloud,
            public_id: &a.public_id,
            resource_type: &a.resource_type,
            format: &a.format,
            bytes: a.bytes.len(),
            version: a.version,
            deleted: a.deleted_at_ms.is_some(),
            invalidated: a.invalidated,
        })
        .collect();
    json_body(&list)
}

pub(crate) async fn list_tokens(State(emu): State<Shared>) -> Response {
    let inner = emu.lock();
    // The token values themselves are not listed: tests identify tokens by public id.
    let list: Vec<TokenView> = inner
        .tokens
        .values()
        .map(|t| TokenView {
            cloud: &t.cloud,
            public_id: &t.public_id,
            issued_ms: t.issued_ms,
            deleted: t.deleted,
            requests_after_success: t.requests_after_success,
        })
        .collect();
    json_body(&list)
}

pub(crate) async fn list_requests(State(emu): State<Shared>) -> Response {
    json_body(&emu.lock().requests)
}

pub(crate) async fn set_faults(State(emu): State<Shared>, Json(faults): Json<Faults>) -> Response {
    emu.lock().faults = faults.clone();
    json_body(&faults)
}
