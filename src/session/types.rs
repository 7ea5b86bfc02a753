//! What a [`super::Session`] takes in and hands out, and the work it keeps between inputs:
//! the vocabulary shared by the session and its glue. Core.

use crate::{
    cloudinary::{FormRequest, Parsed},
    destroy::{ParamsToSign, Target},
    error::Error,
    ledger::{Entry, Via},
    time::Millis,
    token::PublicId,
    upload::{Chunk, MultipartRequest},
};

/// One call of the page (`delete`, `deleteAll`, `upload`), answered once by
/// [`Action::Answer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(pub u64);

/// One request the glue performs for the session (a post, a signature, a lock), answered by
/// the matching input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// An HTTP reply as the glue read it: the status, the body parsed into the core's type by the
/// browser's `JSON.parse` (or why it could not be), and `Retry-After` when the server sent it.
#[derive(Debug)]
pub struct Reply<T> {
    /// HTTP status.
    pub status: u16,
    /// The body, read.
    pub body: Parsed<T>,
    /// `Retry-After`, when exposed to scripts.
    pub retry_after: Option<Millis>,
}

/// Where the session's snapshot lives, decided from the options and what the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persist {
    /// Nothing is stored (`storage: "memory"`, or Web Storage unavailable).
    Nothing,
    /// This tab's `sessionStorage`, which other clients of the same document may share.
    Tab,
    /// `localStorage`, shared by every tab: a delete is claimed under a cross-tab lock.
    Shared,
}

/// What the page gets for a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `delete` and `upload`: the entry, or why not.
    Entry(Result<Entry, Error>),
    /// `deleteAll`: each entry's outcome, in the order of the entries.
    All(Vec<(PublicId, Result<(), Error>)>),
}

/// What the session asks the glue to do, in order.
#[derive(Debug, PartialEq, Eq)]
pub enum Action {
    /// POST this form (a `delete_by_token` or a signed `destroy`); answer with
    /// [`super::Session::replied`].
    Post {
        /// Names the answer.
        request: RequestId,
        /// What to send.
        form: FormRequest,
    },
    /// Ask the page's signer to sign these; answer with [`super::Session::signed`].
    Sign {
        /// Names the answer.
        request: RequestId,
        /// What to sign (never a token).
        params: ParamsToSign,
    },
    /// POST this part of the file of upload `call`; answer with [`super::Session::uploaded`].
    Upload {
        /// The upload (the glue holds its file, progress callback and abort signal).
        call: CallId,
        /// The request.
        part: MultipartRequest,
    },
    /// Take the cross-tab lock `name` (a Web Lock, shared by every tab and client of the
    /// origin); once held, read storage and answer with [`super::Session::locked`]. Keep it
    /// until [`Action::Release`].
    Lock {
        /// Names the answer and the release.
        request: RequestId,
        /// The lock's name.
        name: String,
    },
    /// Write [`super::Session::snapshot`] now, then release the lock of `request`.
    Release {
        /// The lock.
        request: RequestId,
    },
    /// Write [`super::Session::snapshot`] now: a delete began, and every client of this
    /// storage must see that before anything else runs.
    SaveNow,
    /// The snapshot changed: write it before the page can unload. Changes within one task may
    /// share one write.
    Save,
    /// A call is answered (exactly once).
    Answer {
        /// The call.
        call: CallId,
        /// Its answer.
        answer: Answer,
    },
}

/// Who waits for a delete's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caller {
    /// A `delete()` call.
    Call(CallId),
    /// Slot `1` of the `deleteAll` call `0`.
    Batch(CallId, usize),
}

/// Where a delete in flight is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Begun, about to be sent.
    Begun,
    /// Waiting for the cross-tab lock (nothing begun yet).
    Locking(RequestId),
    /// Holding the lock of `RequestId` after another client held it, so after a delete of the
    /// asset ended there, whose outcome this tab's storage may not show yet: browsers keep a
    /// copy of `localStorage` per process, which another tab's writes reach later than the
    /// lock does. Until the time, a snapshot that shows the asset deleted answers the callers;
    /// after it, this client sends.
    Reading(RequestId, Millis),
    /// Waiting for the page's signer.
    Signing(RequestId, Target),
    /// Waiting for Cloudinary's reply to a post.
    Posting(RequestId, Via),
    /// Waiting to send the token again; `Error` is what the last try met.
    Waiting(Millis, Error),
}

/// One delete in flight: single flight per asset, every caller answered with its outcome.
#[derive(Debug)]
pub(crate) struct Op {
    pub id: PublicId,
    pub callers: Vec<Caller>,
    pub stage: Stage,
    /// Tries of the token so far.
    pub attempt: u32,
    /// Begun before a reload: the first request may have gone through.
    pub resumed: bool,
    /// The cross-tab lock held for the whole of this delete, released when it ends.
    pub lock: Option<RequestId>,
}

impl Op {
    /// A delete of `id` for `callers`, about to begin.
    pub fn new(id: PublicId, callers: Vec<Caller>, resumed: bool) -> Self {
        Self {
            id,
            callers,
            stage: Stage::Begun,
            attempt: 0,
            resumed,
            lock: None,
        }
    }
}

/// One `deleteAll` call: its entries, their outcomes, and how many are in flight.
#[derive(Debug)]
pub(crate) struct Batch {
    pub call: CallId,
    /// Each entry and its outcome once settled, in the order the answer lists them.
    pub slots: Vec<(PublicId, Option<Result<(), Error>>)>,
    pub next: usize,
    pub running: usize,
    pub done: usize,
    pub concurrency: usize,
}

/// One upload: its requests, and the one in flight.
#[derive(Debug)]
pub(crate) struct UploadOp {
    pub call: CallId,
    pub url: String,
    pub fields: Vec<(&'static str, String)>,
    pub chunks: Vec<Chunk>,
    pub next: usize,
}

/// A first-in, first-out queue of what the session hands out (actions, events, outcomes):
/// pushed at the back, taken from the front one at a time, so a listener that calls the client
/// while events are handed out sees them in order. `VecDeque` does the same; this is a `Vec`
/// and a cursor, emptied once all is taken, because the session's queues are drained after
/// every input and `VecDeque`'s ring buffer costs each item type about 0.5 KB of wasm more.
#[derive(Debug)]
pub(super) struct Queue<T> {
    items: Vec<Option<T>>,
    /// Where the next item to take is: those before it were taken.
    next: usize,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            next: 0,
        }
    }
}

impl<T> Queue<T> {
    pub(super) fn push_back(&mut self, item: T) {
        self.items.push(Some(item));
    }

    pub(super) fn pop_front(&mut self) -> Option<T> {
        let item = self.items.get_mut(self.next)?.take();
        self.next += 1;
        if self.next == self.items.len() {
            self.items.clear();
            self.next = 0;
        }
        item
    }
}

impl<T> Extend<T> for Queue<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        self.items.extend(items.into_iter().map(Some));
    }
}
