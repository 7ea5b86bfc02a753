//! What the emulator remembers: assets, tokens, chunks in progress, the request log, injected
//! faults, and its clock (real time plus what the tests advanced).

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex, MutexGuard},
    time::Instant,
};

use axum::body::Bytes;
use serde::Serialize;

use crate::{config::Config, faults::Faults, rng::Rng};

/// One stored asset.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) cloud: String,
    pub(crate) public_id: String,
    pub(crate) resource_type: String,
    pub(crate) format: String,
    pub(crate) bytes: Bytes,
    pub(crate) version: u64,
    pub(crate) deleted_at_ms: Option<u64>,
    /// A signed destroy asked for its CDN copies to be invalidated.
    pub(crate) invalidated: bool,
}

/// One issued delete token.
#[derive(Debug, Clone)]
pub(crate) struct TokenRecord {
    pub(crate) cloud: String,
    pub(crate) public_id: String,
    pub(crate) issued_ms: u64,
    pub(crate) deleted: bool,
    /// delete_by_token requests with this token after it succeeded.
    pub(crate) requests_after_success: u32,
}

/// One request as the log the tests read (`/__emulator/requests`) holds it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LoggedRequest {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: std::collections::BTreeMap<String, String>,
    /// The body, cut short.
    pub(crate) body: String,
    /// Its whole length.
    pub(crate) body_bytes: usize,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) offset_ms: u64,
    pub(crate) assets: BTreeMap<(String, String), Asset>,
    pub(crate) tokens: HashMap<String, TokenRecord>,
    pub(crate) requests: Vec<LoggedRequest>,
    pub(crate) faults: Faults,
    /// Ids, tokens and fault draws, seeded.
    pub(crate) rng: Rng,
    pub(crate) chunks: HashMap<String, Chunks>,
}

/// Parts of one chunked upload, keyed by their first byte.
#[derive(Debug, Default)]
pub(crate) struct Chunks {
    pub(crate) parts: BTreeMap<u64, Bytes>,
    pub(crate) total: Option<u64>,
    pub(crate) filename: Option<String>,
}

impl Chunks {
    pub(crate) fn received(&self) -> u64 {
        self.parts.values().map(|b| b.len() as u64).sum()
    }

    /// The whole file once every byte of `0..total` has arrived, in any order.
    pub(crate) fn assemble(&self) -> Option<Bytes> {
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
    pub(crate) config: Config,
    pub(crate) started: Instant,
    pub(crate) base_unix_ms: u64,
    pub(crate) inner: Mutex<Inner>,
}

pub(crate) type Shared = Arc<Emulator>;

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
            rng: Rng::new(seed),
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

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent data (no multi-step invariants), so
        // recover from poisoning rather than failing every later request.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Emulator time: real time since start plus every clock advance, as Unix ms.
    pub(crate) fn now_ms(&self, inner: &Inner) -> u64 {
        self.base_unix_ms + self.started.elapsed().as_millis() as u64 + inner.offset_ms
    }
}
