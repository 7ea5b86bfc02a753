//! When a failed delete is tried again. Core: a pure function of the failure, the attempt, the
//! server's hint, `now` and the entry's deadline; the glue only waits and resends.
//!
//! Network failures, 5xx and Cloudinary's rate limits (420, and 429) may pass if tried again; a
//! token the server refused (4xx) will not. Waits double from 400 ms up to 8 s, and a longer
//! `Retry-After` wins. No retry is sent at or after the deadline: past it the token may be dead,
//! and the entry expires instead.

use crate::{error::Error, time::Millis};

/// The first wait.
pub const FIRST_WAIT: Millis = Millis(400);
/// The longest wait between two tries.
pub const MAX_WAIT: Millis = Millis(8_000);

/// How long to wait before try `attempt + 1` (attempts count from 0) after `error`, or `None`
/// when no retry should be sent.
///
/// ```
/// use cloudinary_delete_token::{retry::next_wait, time::Millis, Error};
/// let busy = Error::Rejected { status: 503, message: String::new() };
/// assert_eq!(next_wait(&busy, 0, None, Millis(0), Millis(10_000)), Some(Millis(400)));
/// assert_eq!(next_wait(&busy, 3, Some(Millis(5_000)), Millis(0), Millis(10_000)), Some(Millis(5_000)));
/// assert_eq!(next_wait(&busy, 0, None, Millis(9_700), Millis(10_000)), None); // the window ends first
/// ```
pub fn next_wait(
    error: &Error,
    attempt: u32,
    retry_after: Option<Millis>,
    now: Millis,
    deadline: Millis,
) -> Option<Millis> {
    if !error.is_transient() {
        return None;
    }
    let backoff = Millis(FIRST_WAIT.0.saturating_mul(1 << attempt.min(16))).min(MAX_WAIT);
    let wait = retry_after.map_or(backoff, |hint| hint.max(backoff));
    (now + wait < deadline).then_some(wait)
}

/// The error to report when a delete resumed after a reload is refused: the request sent before
/// the reload most likely went through, which spent the token.
///
/// ```
/// use cloudinary_delete_token::{retry::resumed_refusal, Error};
/// let e = resumed_refusal(Error::Rejected { status: 400, message: "Invalid token".into() });
/// assert!(e.to_string().contains("most likely went through"));
/// ```
pub fn resumed_refusal(error: Error) -> Error {
    match error {
        Error::Rejected { status, message } if (400..500).contains(&status) => Error::Rejected {
            status,
            message: format!(
                "{message}; the delete interrupted by the reload most likely went through"
            ),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEADLINE: Millis = Millis(60_000);

    fn status(code: u16) -> Error {
        Error::Rejected {
            status: code,
            message: "x".into(),
        }
    }

    #[test]
    fn only_transient_failures_are_retried() {
        for transient in [status(500), status(502), status(420), status(429)] {
            assert!(next_wait(&transient, 0, None, Millis(0), DEADLINE).is_some());
        }
        assert!(next_wait(&Error::Network("down".into()), 0, None, Millis(0), DEADLINE).is_some());
        for final_ in [
            status(400),
            status(404),
            Error::Aborted,
            Error::AlreadyDeleted,
        ] {
            assert_eq!(next_wait(&final_, 0, None, Millis(0), DEADLINE), None);
        }
    }

    #[test]
    fn waits_double_up_to_the_cap_and_honour_retry_after() {
        let waits: Vec<u64> = (0..8)
            .map(|a| {
                next_wait(&status(503), a, None, Millis(0), DEADLINE)
                    .unwrap()
                    .0
            })
            .collect();
        assert_eq!(waits, [400, 800, 1_600, 3_200, 6_400, 8_000, 8_000, 8_000]);
        assert_eq!(
            next_wait(&status(429), 0, Some(Millis(2_000)), Millis(0), DEADLINE),
            Some(Millis(2_000))
        );
        // A hint shorter than the backoff does not hurry the client.
        assert_eq!(
            next_wait(&status(429), 2, Some(Millis(10)), Millis(0), DEADLINE),
            Some(Millis(1_600))
        );
        assert_eq!(
            next_wait(&status(503), u32::MAX, None, Millis(0), DEADLINE),
            Some(MAX_WAIT)
        );
    }

    #[test]
    fn no_retry_lands_at_or_after_the_deadline() {
        assert_eq!(
            next_wait(&status(503), 0, None, Millis(59_600), DEADLINE),
            None
        );
        assert!(next_wait(&status(503), 0, None, Millis(59_599), DEADLINE).is_some());
        assert_eq!(
            next_wait(&status(503), 0, Some(Millis(61_000)), Millis(0), DEADLINE),
            None
        );
    }

    #[test]
    fn a_resumed_delete_refused_says_it_most_likely_went_through() {
        assert!(
            resumed_refusal(status(400))
                .to_string()
                .contains("went through")
        );
        assert_eq!(resumed_refusal(status(503)), status(503));
    }
}
