//! Instants and durations in milliseconds. Core: never reads a clock; callers pass `now`.

use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

/// Milliseconds, either an instant on the caller's clock or a duration.
///
/// Which clock is the caller's business: the browser glue uses the page's clock, tests use
/// constants. Arithmetic saturates, so a clock that jumps back never underflows.
///
/// ```
/// use cloudinary_delete_token::time::Millis;
/// assert_eq!(Millis::from_secs(2) + Millis(500), Millis(2_500));
/// assert_eq!(Millis(1) - Millis(5), Millis(0));
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Millis {
    /// `s` seconds.
    pub const fn from_secs(s: u64) -> Self {
        Self(s.saturating_mul(1_000))
    }

    /// Whole seconds, rounded up, so a countdown shows 0:00 only when nothing is left.
    pub const fn ceil_secs(self) -> u64 {
        self.0.div_ceil(1_000)
    }

    /// Converts a JavaScript time value (f64 ms); NaN and negatives become 0.
    pub fn from_f64(ms: f64) -> Self {
        if ms.is_finite() && ms > 0.0 {
            Self(ms as u64)
        } else {
            Self(0)
        }
    }
}

impl Add for Millis {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Millis {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self(self.0.saturating_sub(rhs.0))
    }
}

/// Formats a remaining duration as `m:ss` (rounded up), the countdown's text.
///
/// ```
/// use cloudinary_delete_token::time::{mm_ss, Millis};
/// assert_eq!(mm_ss(Millis(599_001)), "10:00");
/// assert_eq!(mm_ss(Millis(61_000)), "1:01");
/// assert_eq!(mm_ss(Millis(0)), "0:00");
/// ```
pub fn mm_ss(left: Millis) -> String {
    let s = left.ceil_secs();
    format!("{}:{:02}", s / 60, s % 60)
}
