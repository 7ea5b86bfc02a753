//! One tracked upload ([`Entry`]) and where it stands ([`Standing`]): one enum in which a token
//! exists only while the entry is live or deleting by it, and a retention only while a signed
//! destroy may still delete it. [`State`] is its name as JavaScript and storage see it. Core.

use serde::{Deserialize, Serialize};

use crate::{
    cloudinary::{AssetKind, Upload},
    destroy::Target,
    error::Error,
    time::Millis,
    token::{DeleteToken, PublicId},
};

/// Where an entry stands, by name; JavaScript and storage see the lower-case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Deletable: by token until the deadline, or by a signed destroy.
    Live,
    /// A delete is in flight.
    Deleting,
    /// Cloudinary confirmed the delete.
    Deleted,
    /// The window closed before a delete; the token was dropped unused.
    Expired,
    /// Cloudinary refused the delete for good; see [`Entry::error`].
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

/// How a live or deleting entry can be deleted.
#[derive(Clone, PartialEq, Eq)]
pub enum Way {
    /// By its token until the entry's deadline; after it, by a signed destroy until
    /// `keep_until` when the entry is kept for signing.
    Token {
        /// The bearer credential (redacted in `Debug`).
        token: DeleteToken,
        /// End of the retention, for an entry kept for signing.
        keep_until: Option<Millis>,
    },
    /// Only by a signed destroy, until `keep_until`.
    Signed {
        /// End of the retention.
        keep_until: Millis,
    },
}

/// Never shows the token (its own `Debug` redacts it too).
impl std::fmt::Debug for Way {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Token { keep_until, .. } => f
                .debug_struct("Token")
                .field("keep_until", keep_until)
                .finish_non_exhaustive(),
            Self::Signed { keep_until } => f
                .debug_struct("Signed")
                .field("keep_until", keep_until)
                .finish(),
        }
    }
}

impl Way {
    /// End of the retention, if the entry is kept for signing.
    pub fn keep_until(&self) -> Option<Millis> {
        match self {
            Self::Token { keep_until, .. } => *keep_until,
            Self::Signed { keep_until } => Some(*keep_until),
        }
    }
}

/// Where an entry stands: what it can still become is written in its variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Deletable, the way it says.
    Live(Way),
    /// A delete is in flight the way it says.
    Deleting(Way),
    /// Cloudinary confirmed the delete (here, in another tab, or it was already gone).
    Deleted,
    /// Its window (and retention) ended before a delete; nothing can delete it from here.
    Expired,
    /// Cloudinary refused the delete for good, for this reason.
    Failed(Error),
}

/// How a delete of an entry goes: what the ledger hands out when one starts.
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

/// One tracked upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The asset.
    pub public_id: PublicId,
    /// Delivery URL, if Cloudinary gave an http(s) one.
    pub secure_url: Option<String>,
    /// Original file name, for display.
    pub original_filename: Option<String>,
    /// End of the token window (TTL minus margin after recording): the last instant a delete
    /// by token may be sent.
    pub deadline: Millis,
    /// What a signed destroy names.
    pub kind: AssetKind,
    /// Where it stands (changed only by the ledger; read with [`Entry::standing`]).
    pub(crate) standing: Standing,
    /// Why the last delete attempt of a live entry failed, if it did.
    pub(super) last_error: Option<Error>,
    /// End of the retention it was recorded with, kept whatever it becomes: a delete after
    /// the window is stored (as a tombstone) for as long as other clients may store the entry.
    retention_end: Option<Millis>,
}

impl Entry {
    /// An upload standing as `standing`, deletable by token until `deadline` (a restored
    /// entry, or a new one).
    pub(crate) fn new(upload: Upload, deadline: Millis, keep_until: Option<Millis>) -> Self {
        let standing = match (upload.token, keep_until) {
            (Some(token), keep_until) => Standing::Live(Way::Token { token, keep_until }),
            (None, Some(keep_until)) => Standing::Live(Way::Signed { keep_until }),
            (None, None) => Standing::Expired,
        };
        Self {
            public_id: upload.public_id,
            secure_url: upload.secure_url,
            original_filename: upload.original_filename,
            deadline,
            kind: upload.kind,
            standing,
            last_error: None,
            retention_end: keep_until,
        }
    }

    /// A restored entry whose delete was in flight when it was stored.
    pub(crate) fn deleting(mut self) -> Self {
        if let Standing::Live(way) = self.standing {
            self.standing = Standing::Deleting(way);
        }
        self
    }

    /// Where it stands.
    pub fn standing(&self) -> &Standing {
        &self.standing
    }

    /// Where it stands, by name.
    pub fn state(&self) -> State {
        match self.standing {
            Standing::Live(_) => State::Live,
            Standing::Deleting(_) => State::Deleting,
            Standing::Deleted => State::Deleted,
            Standing::Expired => State::Expired,
            Standing::Failed(_) => State::Failed,
        }
    }

    /// Why it failed for good, or why the last attempt failed while it stays deletable.
    pub fn error(&self) -> Option<&Error> {
        match &self.standing {
            Standing::Failed(e) => Some(e),
            _ => self.last_error.as_ref(),
        }
    }

    /// How it can be deleted, while it is live or deleting.
    pub fn way(&self) -> Option<&Way> {
        match &self.standing {
            Standing::Live(way) | Standing::Deleting(way) => Some(way),
            _ => None,
        }
    }

    /// Which way a delete would go now, while the entry is live or deleting.
    pub fn delete_via(&self) -> Option<Via> {
        self.way().map(|way| match way {
            Way::Token { .. } => Via::Token,
            Way::Signed { .. } => Via::Signed,
        })
    }

    /// End of the retention, while a signed destroy may delete it.
    pub fn keep_until(&self) -> Option<Millis> {
        self.way().and_then(Way::keep_until)
    }

    /// Until when a snapshot carries it: its deadline, or the end of its retention when it is
    /// kept for signing, deleted or not (the same end as its way's while it has one).
    pub(crate) fn stored_until(&self) -> Millis {
        self.retention_end
            .unwrap_or(self.deadline)
            .max(self.deadline)
    }

    /// End of the retention it was recorded with, whatever it became since.
    pub(crate) fn retention_end(&self) -> Option<Millis> {
        self.retention_end
    }

    /// The token, while the entry is live or deleting by it.
    pub(crate) fn token(&self) -> Option<&DeleteToken> {
        match self.way() {
            Some(Way::Token { token, .. }) => Some(token),
            _ => None,
        }
    }

    /// The asset a signed destroy deletes.
    pub(crate) fn target(&self) -> Target {
        Target {
            public_id: self.public_id.clone(),
            kind: self.kind.clone(),
        }
    }

    /// The route of the delete in flight, while the entry is deleting.
    pub(crate) fn route_in_flight(&self) -> Option<Route> {
        match &self.standing {
            Standing::Deleting(way) => Some(self.route(way)),
            _ => None,
        }
    }

    /// The route of a delete by `way`.
    pub(super) fn route(&self, way: &Way) -> Route {
        match way {
            Way::Token { token, .. } => Route::Token(token.clone()),
            Way::Signed { .. } => Route::Signed(self.target()),
        }
    }

    /// When a live entry next changes by itself: its token's deadline, or, once the token is
    /// gone, the end of its retention.
    pub(super) fn due(&self) -> Option<Millis> {
        match &self.standing {
            Standing::Live(Way::Token { .. }) => Some(self.deadline),
            Standing::Live(Way::Signed { keep_until }) => Some(*keep_until),
            _ => None,
        }
    }

    /// Time left to delete by token at `now`; zero once the entry is no longer live.
    pub fn remaining(&self, now: Millis) -> Millis {
        match self.state() {
            State::Live | State::Deleting => self.deadline - now,
            _ => Millis(0),
        }
    }
}

/// What time does to `way` at `now` for an entry whose window ends at `deadline`: `None` while
/// it is usable; else what is left (`Some(Some(Signed))` once the token is dropped, while the
/// retention lasts; `Some(None)` when nothing is).
pub(super) fn lapse(way: &Way, deadline: Millis, now: Millis) -> Option<Option<Way>> {
    match *way {
        Way::Token { .. } if now < deadline => None,
        Way::Token {
            keep_until: Some(keep_until),
            ..
        }
        | Way::Signed { keep_until }
            if now < keep_until =>
        {
            match way {
                Way::Token { .. } => Some(Some(Way::Signed { keep_until })),
                Way::Signed { .. } => None,
            }
        }
        _ => Some(None),
    }
}
