//! One tracked upload ([`Entry`]), where it stands ([`State`]) and which way a delete of it
//! goes ([`Route`], [`Via`]): the ledger's rows, and what time does to one. Core.

use serde::{Deserialize, Serialize};

use crate::{
    cloudinary::{AssetKind, Upload},
    destroy::Target,
    error::Error,
    time::Millis,
    token::{DeleteToken, PublicId},
};

/// Where an entry stands; JavaScript and storage see the lower-case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The token is usable until the deadline.
    Live,
    /// A delete request is in flight.
    Deleting,
    /// Cloudinary confirmed the delete.
    Deleted,
    /// The window closed before a delete; the token was dropped unused.
    Expired,
    /// Cloudinary refused the token; see [`Entry::error`].
    Failed,
}

/// Reads the lower-case name, as stored.
///
/// ```
/// use cloudinary_delete_token::ledger::State;
/// assert_eq!("deleting".parse(), Ok(State::Deleting));
/// assert!("bogus".parse::<State>().is_err());
/// ```
impl std::str::FromStr for State {
    type Err = ();

    fn from_str(name: &str) -> Result<Self, ()> {
        [
            Self::Live,
            Self::Deleting,
            Self::Deleted,
            Self::Expired,
            Self::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
        .ok_or(())
    }
}

impl State {
    /// Lower-case name as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Deleting => "deleting",
            Self::Deleted => "deleted",
            Self::Expired => "expired",
            Self::Failed => "failed",
        }
    }
}

/// One tracked upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The asset.
    pub public_id: PublicId,
    /// Delivery URL, if Cloudinary gave an http(s) one.
    pub secure_url: Option<String>,
    /// Original file name, for display.
    pub original_filename: Option<String>,
    /// Last instant a delete may be sent (TTL minus margin after recording).
    pub deadline: Millis,
    /// Current state.
    pub state: State,
    /// Why the last delete attempt failed, if it did.
    pub error: Option<Error>,
    /// What a signed destroy names.
    pub kind: AssetKind,
    /// Until when a signed destroy may delete it, in a ledger kept for signing.
    pub keep_until: Option<Millis>,
    pub(super) token: Option<DeleteToken>,
}

/// How a delete of an entry goes: what [`Entry::delete_via`] says and the ledger hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `delete_by_token` with this token, inside its window.
    Token(DeleteToken),
    /// A signed `destroy` of this asset, through the page's signer.
    Signed(Target),
}

/// Which way the next delete of an entry goes (`deleteVia` in JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// By token, within its window.
    Token,
    /// By a signed destroy.
    Signed,
}

impl Entry {
    /// An upload in `state`, deletable by token until `deadline` and by signature until
    /// `keep_until` (a restored entry, or a new one).
    pub(crate) fn restored(
        upload: Upload,
        deadline: Millis,
        keep_until: Option<Millis>,
        state: State,
    ) -> Self {
        Self {
            public_id: upload.public_id,
            secure_url: upload.secure_url,
            original_filename: upload.original_filename,
            deadline,
            state,
            error: None,
            kind: upload.kind,
            keep_until,
            token: upload.token,
        }
    }

    /// Which way a delete would go now, while the entry is live or deleting.
    pub fn delete_via(&self) -> Option<Via> {
        if !matches!(self.state, State::Live | State::Deleting) {
            return None;
        }
        match (&self.token, self.keep_until) {
            (Some(_), _) => Some(Via::Token),
            (None, Some(_)) => Some(Via::Signed),
            (None, None) => None,
        }
    }

    /// The route of a delete now: the token, else a signed destroy when the entry is kept.
    pub(crate) fn route(&self) -> Option<Route> {
        match (self.delete_via()?, &self.token) {
            (Via::Token, Some(token)) => Some(Route::Token(token.clone())),
            _ => Some(Route::Signed(Target {
                public_id: self.public_id.clone(),
                kind: self.kind.clone(),
            })),
        }
    }

    /// When the entry next changes by itself: its token's deadline, or, once the token is
    /// gone, the end of its retention.
    pub(super) fn due(&self) -> Millis {
        match (&self.token, self.keep_until) {
            (None, Some(keep)) => keep,
            _ => self.deadline,
        }
    }

    /// Whether a signed destroy may still delete it at `now`.
    pub(super) fn kept(&self, now: Millis) -> bool {
        self.keep_until.is_some_and(|keep| now < keep)
    }

    /// The token, while the entry is live or deleting.
    pub(crate) fn token(&self) -> Option<&DeleteToken> {
        self.token.as_ref()
    }

    /// Time left to delete at `now`; zero once the entry is no longer live.
    pub fn remaining(&self, now: Millis) -> Millis {
        match self.state {
            State::Live | State::Deleting => self.deadline - now,
            _ => Millis(0),
        }
    }
}

/// Ends `entry`'s window: `Expired`, its token dropped.
pub(super) fn expire(entry: &mut Entry) {
    entry.state = State::Expired;
    entry.token = None;
}

/// What time does to a live `entry` at `now`: nothing before its token's deadline; after it,
/// the token is dropped (`Some(Live)`) while the entry is kept for signing, else it expires.
pub(super) fn lapse(entry: &mut Entry, now: Millis) -> Option<State> {
    if now < entry.due() {
        return None;
    }
    if entry.kept(now) {
        entry.token = None;
        return Some(State::Live);
    }
    expire(entry);
    Some(State::Expired)
}
