//! What the client tells its callers: events, entries and `deleteAll` outcomes, with serde
//! derives in JavaScript's camelCase (`ClientEvent`, `LedgerEntry` and `DeleteOutcome` in the
//! TypeScript types). Core: the glue converts these with serde-wasm-bindgen; a token is never
//! part of any of them.

use serde::Serialize;

use crate::{
    error::Error,
    ledger::{Entry, State, Via},
    store::Warning,
    time::Millis,
    token::PublicId,
};

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A token was recorded.
    Recorded(PublicId),
    /// An entry was read back from storage (after a reload, or written by another tab).
    Restored(PublicId),
    /// Another tab, or another client of this page over the same storage, added this entry or
    /// changed where it stands (started or gave up a delete).
    Changed(PublicId),
    /// A delete request was sent.
    Deleting(PublicId),
    /// Cloudinary confirmed the delete (here or in another tab).
    Deleted(PublicId),
    /// The window closed; the token was dropped unused.
    Expired(PublicId),
    /// The token window of an entry kept for signing closed: its token was dropped and a
    /// delete now goes through the page's signer.
    WindowClosed(PublicId),
    /// A delete failed; the entry says whether it is still live.
    Failed(PublicId, Error),
    /// Progress of `delete_all`.
    Progress {
        /// Deletes settled so far.
        done: usize,
        /// Deletes in the batch.
        total: usize,
    },
    /// Something was ignored or could not be stored; the client keeps working.
    Warning(Warning),
}

/// An [`Event`] as JavaScript sees it (`ClientEvent`): its `type` and the fields that type has,
/// but for the `error` of `failed`, which the glue adds as a real JS `Error`. One flat struct
/// rather than an enum of eight: it serializes with one small function.
///
/// ```
/// use cloudinary_delete_token::{view::Event, PublicId};
/// let e = Event::Deleted(PublicId::parse("cat").unwrap());
/// assert_eq!(serde_json::to_string(&e.view()).unwrap(), r#"{"type":"deleted","publicId":"cat"}"#);
/// let p = Event::Progress { done: 1, total: 2 };
/// assert_eq!(serde_json::to_string(&p.view()).unwrap(), r#"{"type":"progress","done":1,"total":2}"#);
/// ```
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView<'a> {
    /// `recorded`, `restored`, `changed`, `deleting`, `deleted`, `expired`, `windowClosed`, `failed`,
    /// `progress` or `warning`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The asset, for every type but `progress` and `warning`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_id: Option<&'a str>,
    /// `progress`: deletes settled so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<usize>,
    /// `progress`: deletes in the batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    /// `warning`: what happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Event {
    /// The event as JavaScript sees it.
    pub fn view(&self) -> EventView<'_> {
        fn about<'a>(kind: &'static str, id: &'a PublicId) -> EventView<'a> {
            EventView {
                kind,
                public_id: Some(id.as_str()),
                ..EventView::default()
            }
        }
        match self {
            Self::Recorded(id) => about("recorded", id),
            Self::Restored(id) => about("restored", id),
            Self::Changed(id) => about("changed", id),
            Self::Deleting(id) => about("deleting", id),
            Self::Deleted(id) => about("deleted", id),
            Self::Expired(id) => about("expired", id),
            Self::WindowClosed(id) => about("windowClosed", id),
            Self::Failed(id, _) => about("failed", id),
            Self::Progress { done, total } => EventView {
                kind: "progress",
                done: Some(*done),
                total: Some(*total),
                ..EventView::default()
            },
            Self::Warning(warning) => EventView {
                kind: "warning",
                message: Some(warning.to_string()),
                ..EventView::default()
            },
        }
    }
}

/// An entry as JavaScript sees it (`LedgerEntry`). Absent optional fields are left out.
///
/// ```
/// use cloudinary_delete_token::{cloudinary::Upload, ledger::Ledger, time::Millis, view::EntryView, DeleteToken, PublicId};
/// let mut ledger = Ledger::default();
/// ledger.record(Upload::new(PublicId::parse("cat").unwrap(), DeleteToken::parse("t").ok()), Millis(0));
/// let json = serde_json::to_string(&EntryView::new(&ledger.entries()[0], Millis(1_000))).unwrap();
/// assert_eq!(json, r#"{"publicId":"cat","state":"live","deleteVia":"token","deadline":585000,"remainingMs":584000}"#);
/// ```
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryView<'a> {
    /// The asset.
    pub public_id: &'a str,
    /// Delivery URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_url: Option<&'a str>,
    /// Original file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_filename: Option<&'a str>,
    /// Where it stands.
    pub state: State,
    /// How a delete would go now, while live: `token`, or `signed` (through the signer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_via: Option<Via>,
    /// Last instant a delete may be sent by token (page clock, epoch ms).
    pub deadline: Millis,
    /// Time left to delete.
    pub remaining_ms: Millis,
    /// Why the last delete attempt failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorView>,
}

impl<'a> EntryView<'a> {
    /// `entry` at page time `now`.
    pub fn new(entry: &'a Entry, now: Millis) -> Self {
        Self {
            public_id: entry.public_id.as_str(),
            secure_url: entry.secure_url.as_deref(),
            original_filename: entry.original_filename.as_deref(),
            state: entry.state(),
            delete_via: entry.delete_via(),
            deadline: entry.deadline,
            remaining_ms: entry.remaining(now),
            error: entry.error().map(ErrorView::new),
        }
    }
}

/// An error as plain data: `{ name, message }`.
#[derive(Debug, Serialize)]
pub struct ErrorView {
    /// [`Error::name`].
    pub name: &'static str,
    /// The message (never a token).
    pub message: String,
}

impl ErrorView {
    /// The view of `error`.
    pub fn new(error: &Error) -> Self {
        Self {
            name: error.name(),
            message: error.to_string(),
        }
    }
}

/// One entry's result in `deleteAll()` (`DeleteOutcome`), but for `error`, which the glue adds as
/// a real JS `Error`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeView<'a> {
    /// The asset.
    pub public_id: &'a str,
    /// `deleted`, `expired`, `rejected`, `network`, `signer` or `skipped`.
    pub outcome: &'static str,
}

impl<'a> OutcomeView<'a> {
    /// The outcome of deleting `id`.
    ///
    /// ```
    /// use cloudinary_delete_token::{view::OutcomeView, Error, PublicId};
    /// let id = PublicId::parse("cat").unwrap();
    /// assert_eq!(OutcomeView::new(&id, Err(&Error::Network("down".into()))).outcome, "network");
    /// ```
    pub fn new(id: &'a PublicId, outcome: Result<(), &Error>) -> Self {
        let outcome = match outcome {
            Ok(()) => "deleted",
            Err(Error::TokenExpired { .. }) => "expired",
            Err(Error::Rejected { .. }) => "rejected",
            Err(Error::Network(_)) => "network",
            Err(Error::Signer(_)) => "signer",
            Err(_) => "skipped",
        };
        Self {
            public_id: id.as_str(),
            outcome,
        }
    }
}
