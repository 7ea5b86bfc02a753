//! Injected faults, set with `POST /__emulator/faults`: what a test asks for ([`Faults`]),
//! what one request draws from it (seeded, so runs repeat), and the answer a fault gives.

use std::time::Duration;

use axum::{
    body::{Body, Bytes},
    http::{HeaderValue, header},
    response::Response,
};
use serde::{Deserialize, Serialize};

use crate::{reply::error, rng::Rng};

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
    /// Routes affected: `upload`, `delete_by_token`, `destroy`; empty means all of them.
    pub routes: Vec<String>,
    /// Response headers exposed to scripts (`Access-Control-Expose-Headers`), e.g. `Retry-After`.
    /// UNKNOWN whether Cloudinary exposes any; none by default.
    pub expose_headers: Vec<String>,
}

impl FaultAnswer {
    /// The answer given instead of the route's.
    pub(crate) fn respond(self) -> Response {
        match self {
            FaultAnswer::Error(status) => error(status, "Emulated server error"),
            FaultAnswer::RateLimited(secs) => {
                let mut r = error(420, "Rate Limit Exceeded");
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                r
            }
            FaultAnswer::Drop => {
                // The connection is cut before an answer arrives and the request is not processed:
                // the body stream fails right after the status line.
                let broken = futures_util::stream::once(async {
                    Err::<Bytes, _>(std::io::Error::other("emulated dropped connection"))
                });
                Response::new(Body::from_stream(broken))
            }
        }
    }
}

/// What one request drew: a delay, and perhaps an answer instead of the route's.
#[derive(Debug, Default)]
pub(crate) struct Fault {
    pub(crate) latency: Duration,
    pub(crate) answer: Option<FaultAnswer>,
}

/// A fault's answer: an error status, a 420 with `Retry-After`, or a cut connection.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FaultAnswer {
    Error(u16),
    RateLimited(u64),
    Drop,
}

/// Draws this request's fault from the test's faults `f` with the emulator's seeded generator.
pub(crate) fn draw_fault(f: &Faults, rng: &mut Rng) -> Fault {
    let [lo, hi] = f.latency_ms;
    let latency = if hi > lo {
        lo + rng.next() % (hi - lo + 1)
    } else {
        lo
    };
    let answer = if rng.chance(f.error_rate) {
        Some(FaultAnswer::Error(if f.error_status == 0 {
            500
        } else {
            f.error_status
        }))
    } else if rng.chance(f.rate_limit_rate) {
        Some(FaultAnswer::RateLimited(f.retry_after_seconds.max(1)))
    } else if rng.chance(f.drop_rate) {
        Some(FaultAnswer::Drop)
    } else {
        None
    };
    Fault {
        latency: Duration::from_millis(latency),
        answer,
    }
}
