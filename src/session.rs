//! The client's protocol as a sans-IO state machine, in the manner of quinn-proto's
//! `Connection`: inputs in (a call of the page, a reply, a signature, a lock granted, a timer,
//! another tab's snapshot), [`Action`]s and [`Event`]s polled out. Core: it never reads a
//! clock (every input takes `now`), never performs I/O, and decides every step: single flight,
//! retries and their waits, the fallback from a refused token to a signed destroy, resuming a
//! delete a reload interrupted, the cross-tab claim, when to save, and which event each outcome
//! becomes. The glue (`api`) only executes actions with browser APIs and feeds results back.
//!
//! ```
//! use cloudinary_delete_token::{
//!     cloudinary::{DeleteReply, UploadResponse},
//!     options::{ClientOptions, StorageKind},
//!     session::{Action, Answer, Reply, Session},
//!     time::Millis,
//!     view::Event,
//!     PublicId,
//! };
//! let mut options = ClientOptions::new("demo");
//! options.storage = StorageKind::Memory;
//! let mut s = Session::new(options, false, false).unwrap();
//! let response = UploadResponse { public_id: Some("cat".into()), delete_token: Some("t".into()), ..Default::default() };
//! s.record(response, Millis(0)).unwrap();
//! assert!(matches!(s.poll_event(), Some(Event::Recorded(_))));
//! let call = s.delete(&PublicId::parse("cat").unwrap(), Millis(10));
//! let Some(Action::Post { request, form }) = s.poll_action() else { panic!() };
//! assert!(form.url.ends_with("/delete_by_token"));
//! let ok = DeleteReply { result: Some("ok".into()), error: None };
//! s.replied(request, Ok(Reply { status: 200, body: Ok(ok), retry_after: None }), Millis(20));
//! assert!(matches!(s.poll_action(), Some(Action::Answer { call: c, answer: Answer::Entry(Ok(_)) }) if c == call));
//! ```

mod deletes;
mod sync;
mod types;
mod upload;

pub use self::types::{Action, Answer, CallId, Persist, Reply, RequestId};
use self::types::{Batch, Caller, Op, Queue, UploadOp};
use crate::{
    cloudinary::{Endpoint, UploadResponse},
    error::Error,
    ledger::{Entry, Lapsed, Ledger, Recorded},
    options::{ClientOptions, StorageKind},
    store::StoredEntry,
    time::Millis,
    token::PublicId,
    view::Event,
};

/// Everything one client knows and is waiting for. See the module docs.
#[derive(Debug)]
pub struct Session {
    endpoint: Endpoint,
    options: ClientOptions,
    /// Whether the page gave a signer (`signDestroy`).
    signer: bool,
    persist: Persist,
    ledger: Ledger,
    /// Stored entries this client cannot act on but another can (see `store::Restored::held`).
    held: Vec<StoredEntry>,
    ops: Vec<Op>,
    batches: Vec<Batch>,
    uploads: Vec<UploadOp>,
    next_id: u64,
    actions: Queue<Action>,
    events: Queue<Event>,
    /// Outcomes for callers, answered in [`Session::flush`] (a batch then starts its next).
    settled: Queue<(Caller, PublicId, Result<(), Error>)>,
    /// The ledger changed since the last snapshot.
    dirty: bool,
    /// A `Save` is queued and the glue has not taken the snapshot yet.
    save_queued: bool,
    /// A delete began: the snapshot is written at the end of this input (`SaveNow`).
    save_now: bool,
}

impl Session {
    /// A session for checked `options`; `signer`: the page gave `signDestroy`; `storage`: Web
    /// Storage of the kind the options ask for can be used. Then feed it what storage holds
    /// with [`Session::restore`].
    pub fn new(options: ClientOptions, signer: bool, storage: bool) -> Result<Self, Error> {
        let endpoint = options.validate()?;
        let ledger = Ledger::new(options.token_lifetime, options.safety_margin);
        let ledger = match signer {
            true => ledger.keeping(options.retention),
            false => ledger,
        };
        let persist = match (storage, options.storage) {
            (false, _) | (_, StorageKind::Memory) => Persist::Nothing,
            (true, StorageKind::Session) => Persist::Tab,
            (true, StorageKind::Local) => Persist::Shared,
        };
        Ok(Self {
            endpoint,
            options,
            signer,
            persist,
            ledger,
            held: Vec::new(),
            ops: Vec::new(),
            batches: Vec::new(),
            uploads: Vec::new(),
            next_id: 0,
            actions: Queue::default(),
            events: Queue::default(),
            settled: Queue::default(),
            dirty: false,
            save_queued: false,
            save_now: false,
        })
    }

    /// The tracked uploads (read only).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Where the snapshot lives.
    pub fn persist(&self) -> Persist {
        self.persist
    }

    /// The next action for the glue, in order.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// The next event for the listeners, in order.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`Session::handle_timeout`] next has work (a deadline, a retry), on the page clock.
    pub fn poll_timeout(&self) -> Option<Millis> {
        let retry = self.ops.iter().filter_map(|op| match op.stage {
            types::Stage::Waiting(at, _) | types::Stage::Reading(_, at) => Some(at),
            _ => None,
        });
        retry.chain(self.ledger.next_deadline()).min()
    }

    /// The timer of [`Session::poll_timeout`] fired: windows close, waits end.
    pub fn handle_timeout(&mut self, now: Millis) {
        self.tick(now);
        self.retry_due(now);
        self.reading_due(now);
        self.flush(now);
    }

    /// Records an upload response (or an Upload Widget result); harmless if already recorded.
    /// One without a token is taken only by a session with a signer.
    pub fn record(&mut self, response: UploadResponse, now: Millis) -> Result<Entry, Error> {
        self.tick(now);
        let entry = self.record_now(response, now);
        self.flush(now);
        entry
    }

    fn record_now(&mut self, response: UploadResponse, now: Millis) -> Result<Entry, Error> {
        let upload = response.read(!self.signer)?;
        let id = upload.public_id.clone();
        if self.ledger.record(upload, now) == Recorded::New {
            self.dirty = true;
            self.events.push_back(Event::Recorded(id.clone()));
        }
        self.entry(&id)
    }

    /// Stops tracking `id` without deleting it; returns whether it was tracked. The callers of
    /// a delete of it in flight are answered `UnknownAssetError`; its reply is ignored.
    pub fn forget(&mut self, id: &PublicId, now: Millis) -> bool {
        self.tick(now);
        let forgotten = self.ledger.forget(id);
        // Nor written back for another client: forgotten here is forgotten in this storage.
        self.held.retain(|h| h.public_id != id.as_str());
        // A delete in flight goes on without its callers until its reply, still holding its
        // lock, so nobody sends for the asset while that request is out.
        if let Some(op) = self.ops.iter_mut().find(|op| &op.id == id) {
            let gone = Error::UnknownAsset(id.to_string());
            for caller in std::mem::take(&mut op.callers) {
                self.settled
                    .push_back((caller, id.clone(), Err(gone.clone())));
            }
        }
        self.dirty |= forgotten;
        self.flush(now);
        forgotten
    }

    /// The entry `id` as it is now.
    fn entry(&self, id: &PublicId) -> Result<Entry, Error> {
        self.ledger
            .get(id)
            .cloned()
            .ok_or_else(|| Error::UnknownAsset(id.to_string()))
    }

    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn request(&mut self) -> RequestId {
        RequestId(self.next_id())
    }

    fn call(&mut self) -> CallId {
        CallId(self.next_id())
    }

    /// What time did since the last input: windows that closed.
    fn tick(&mut self, now: Millis) {
        let Lapsed { expired, closed } = self.ledger.expire_due(now);
        self.dirty |= !expired.is_empty() || !closed.is_empty();
        self.events.extend(expired.into_iter().map(Event::Expired));
        self.events
            .extend(closed.into_iter().map(Event::WindowClosed));
    }

    /// Answers what was settled (a batch starting its next delete as one ends), then asks for
    /// a save if anything changed.
    fn flush(&mut self, now: Millis) {
        while let Some((caller, id, outcome)) = self.settled.pop_front() {
            match caller {
                Caller::Call(call) => {
                    let answer = Answer::Entry(outcome.and_then(|()| self.entry(&id)));
                    self.actions.push_back(Action::Answer { call, answer });
                }
                Caller::Batch(call, slot) => self.batch_settled(call, slot, outcome, now),
            }
        }
        if self.persist == Persist::Nothing {
            return;
        }
        if std::mem::take(&mut self.save_now) {
            self.actions.push_back(Action::SaveNow);
        } else if self.dirty && !self.save_queued {
            self.save_queued = true;
            self.actions.push_back(Action::Save);
        }
    }
}

#[cfg(test)]
mod tests;
