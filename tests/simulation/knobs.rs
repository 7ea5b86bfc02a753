//! What one seed's world is like, drawn from its generator before anything runs: the options
//! every client shares, the tabs and their clients, how faulty the network and the signer are,
//! and how the glue schedules saves and timers. Seeds differ in kind, not only in luck: some
//! are calm, some stormy, some have ten-minute windows and some have windows of seconds.

use cloudinary_delete_token::options::StorageKind;
use fastrand::Rng;

/// One client a page makes on load (and again after each reload).
#[derive(Debug, Clone, Copy)]
pub struct ClientPlan {
    /// `storage` of its options.
    pub storage: StorageKind,
    /// Whether the page gives it a `signDestroy`.
    pub signer: bool,
}

/// Shares of requests that meet each fault, and how long the network takes.
#[derive(Debug, Clone)]
pub struct Net {
    /// One-way latency of most requests, ms.
    pub latency: (u64, u64),
    /// Share of slow requests, and their one-way latency.
    pub slow: f64,
    pub slow_latency: (u64, u64),
    /// Lost before Cloudinary saw them (the page gets a network error).
    pub drop_before: f64,
    /// Processed by Cloudinary, but the reply is lost (a network error after the fact).
    pub drop_after: f64,
    /// Answered 500/502/503 without being processed (sometimes with a body that is not JSON).
    pub server_error: f64,
    /// Answered 420/429 without being processed.
    pub rate_limit: f64,
    /// Share of rate limits whose `Retry-After` the page can read.
    pub retry_after_exposed: f64,
    /// A valid token refused anyway (Cloudinary's own mind, or a token revoked meanwhile).
    pub refuse_token: f64,
}

/// How the page's signer behaves, per call.
#[derive(Debug, Clone)]
pub struct Signer {
    pub throws: f64,
    pub wrong_shape: f64,
    pub stale: f64,
    pub bad_signature: f64,
    pub slow: f64,
}

/// Everything a seed decides up front.
#[derive(Debug, Clone)]
pub struct Knobs {
    /// `tokenLifetimeMs`, also how long the simulated Cloudinary honours a token.
    pub lifetime: u64,
    /// `safetyMarginMs`.
    pub margin: u64,
    /// `retentionMs` of clients with a signer.
    pub retention: u64,
    /// `invalidate`.
    pub invalidate: bool,
    /// The clients of each tab's page, in the order the page makes them.
    pub tabs: Vec<Vec<ClientPlan>>,
    pub net: Net,
    pub signer: Signer,
    /// The glue coalesces `Save` to the end of the task (else it writes at once).
    pub coalesce_saves: bool,
    /// Share of timers that fire late (a background tab is throttled), and by how much.
    pub late_timer: f64,
    pub late_by: (u64, u64),
    /// Delay of a `storage` event to another tab.
    pub storage_delay: (u64, u64),
}

fn pick(rng: &mut Rng, range: (u64, u64)) -> u64 {
    rng.u64(range.0..=range.1)
}

/// `p` scaled down to nothing in calm seeds.
fn rate(rng: &mut Rng, calm: bool, max: f64) -> f64 {
    if calm { 0.0 } else { rng.f64() * max }
}

impl Knobs {
    /// Draws a world.
    pub fn draw(rng: &mut Rng) -> Self {
        // Half the seeds keep Cloudinary's ten minutes; the others shrink the window so that
        // deadlines, retries and reloads meet far more often per operation.
        let (lifetime, margin) = match rng.u8(0..4) {
            0 | 1 => (600_000, 15_000),
            2 => (pick(rng, (20_000, 120_000)), pick(rng, (1_000, 10_000))),
            _ => (pick(rng, (3_000, 15_000)), pick(rng, (200, 2_000))),
        };
        // A day (the default) in some seeds; mostly a few windows, which keeps snapshots of
        // the same size while deletes after the window still happen as often.
        let retention = match rng.u8(0..5) {
            0 => 86_400_000,
            _ => lifetime * pick(rng, (2, 6)),
        };
        let tabs = (0..rng.usize(2..=3))
            .map(|tab| {
                // One or two clients a page, sometimes three: every write reaches them all.
                (0..if rng.u8(0..6) == 0 {
                    3
                } else {
                    rng.usize(1..=2)
                })
                    .map(|i| ClientPlan {
                        // The first client of the first two tabs shares localStorage, so every
                        // seed has two tabs over one storage with its events and locks.
                        storage: match (tab < 2 && i == 0, rng.u8(0..20)) {
                            (true, _) | (_, 0..12) => StorageKind::Local,
                            (_, 12..17) => StorageKind::Session,
                            _ => StorageKind::Memory,
                        },
                        signer: rng.bool(),
                    })
                    .collect()
            })
            .collect();
        let calm = rng.u8(0..6) == 0;
        let base = pick(rng, (5, 400));
        let net = Net {
            latency: (base / 4, base),
            slow: rate(rng, calm, 0.1),
            slow_latency: (2_000, (lifetime / 4).clamp(3_000, 90_000)),
            drop_before: rate(rng, calm, 0.12),
            drop_after: rate(rng, calm, 0.08),
            server_error: rate(rng, calm, 0.1),
            rate_limit: rate(rng, calm, 0.1),
            retry_after_exposed: rng.f64(),
            refuse_token: rate(rng, calm, 0.05),
        };
        let signer = Signer {
            throws: rate(rng, calm, 0.15),
            wrong_shape: rate(rng, calm, 0.08),
            stale: rate(rng, calm, 0.08),
            bad_signature: rate(rng, calm, 0.08),
            slow: rate(rng, calm, 0.15),
        };
        Self {
            lifetime,
            margin,
            retention,
            invalidate: rng.u8(0..4) != 0,
            tabs,
            net,
            signer,
            coalesce_saves: rng.bool(),
            late_timer: rate(rng, calm, 0.2),
            late_by: (50, (lifetime / 3).clamp(100, 30_000)),
            storage_delay: (0, pick(rng, (1, 200))),
        }
    }

    /// The token window: a delete by token may be sent until this long after recording.
    pub fn window(&self) -> u64 {
        self.lifetime - self.margin
    }
}
