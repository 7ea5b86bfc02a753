//! [`Client`]: the session of one client, its listeners, and the calls of the page waiting for
//! their answers; the page clock. Glue: each method feeds the session one input, then
//! [`Client::drive`](super::executor) performs what it asks.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Blob};

use super::{
    signer::Signer,
    storage::{LockGuard, Store},
};
use crate::{
    cloudinary::UploadResponse,
    error::Error,
    ledger::{Entry, Ledger},
    options::ClientOptions,
    session::{Answer, CallId, RequestId, Session},
    time::Millis,
    token::PublicId,
    upload::UploadOptions,
    view::Event,
};

/// The page clock: `performance.timeOrigin + performance.now()` (`Date.now()` where there is no
/// `performance`), read in `glue.js`. Monotonic, so changing the system clock while the page is
/// open moves no deadline; with [`wall_now`], the only places the crate reads time.
pub fn now() -> Millis {
    Millis::from_f64(page_now())
}

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    // One import: the web-sys calls (window, performance, timeOrigin, now) with the cache of
    // `performance` they needed cost the wasm about 0.5 KB.
    #[wasm_bindgen(js_name = now)]
    fn page_now() -> f64;
}

/// The wall clock, used only to carry deadlines across a reload.
pub(super) fn wall_now() -> Millis {
    Millis::from_f64(js_sys::Date::now())
}

/// What a call of the page does with its answer.
pub(super) type Then = Box<dyn FnOnce(Answer)>;

/// A listener of the client's events.
pub type Listener = Rc<dyn Fn(&Event)>;

/// What an upload in flight needs from the page: its file, progress callback and signal.
pub(super) struct Upload {
    pub(super) call: CallId,
    pub(super) file: Blob,
    pub(super) on_progress: Rc<dyn Fn(f64, f64)>,
    pub(super) signal: Option<AbortSignal>,
}

pub(super) struct Inner {
    pub(super) session: RefCell<Session>,
    /// The page's signer, for deletes after the token window.
    pub(super) signer: Option<Signer>,
    pub(super) store: Option<Store>,
    pub(super) listeners: RefCell<Vec<(u32, Listener)>>,
    pub(super) next_listener: Cell<u32>,
    /// The timer armed for the session's next timeout, and when.
    pub(super) timer: RefCell<Option<Timeout>>,
    pub(super) armed: Cell<Option<Millis>>,
    /// A coalesced save is queued for the end of this task.
    pub(super) save_queued: Cell<bool>,
    /// Calls of the page waiting for their answer.
    pub(super) calls: RefCell<Vec<(CallId, Then)>>,
    pub(super) uploads: RefCell<Vec<Upload>>,
    /// Cross-tab locks held, until the session releases them.
    pub(super) locks: RefCell<Vec<(RequestId, LockGuard)>>,
}

/// Tracks delete tokens of this page's uploads and deletes by token, or, with a [`Signer`],
/// by a signed destroy after the window. Cheap to clone (shared).
#[derive(Clone)]
pub struct Client(pub(super) Rc<Inner>);

/// Two handles are equal when they share one client (identity, as yew's dependency checks need).
impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("entries", &self.with_ledger(|l| l.entries().len()))
            .finish()
    }
}

impl Client {
    /// Validates `options`, restores stored entries, and resumes deletes a reload interrupted.
    /// Restore events and warnings are delivered after the current task, so listeners subscribed
    /// right after construction receive them. With a `signer`, entries stay deletable after
    /// their window for `options.retention`.
    pub fn new(options: ClientOptions, signer: Option<Signer>) -> Result<Self, Error> {
        // Opening the store reads nothing; the session checks the options (once) before any read.
        let store = Store::open(options.storage, &options.cloud_name);
        let session = Session::new(options, signer.is_some(), store.is_some())?;
        let client = Self(Rc::new(Inner {
            session: RefCell::new(session),
            signer,
            store,
            listeners: RefCell::default(),
            next_listener: Cell::new(0),
            timer: RefCell::default(),
            armed: Cell::new(None),
            save_queued: Cell::new(false),
            calls: RefCell::default(),
            uploads: RefCell::default(),
            locks: RefCell::default(),
        }));
        if let Some(store) = &client.0.store {
            let stored = store.load();
            client.input(|s, now| s.restore(stored, now, wall_now()));
            let weak = Rc::downgrade(&client.0);
            store.follow(Rc::new(move |stored| {
                if let Some(inner) = weak.upgrade() {
                    let client = Client(inner);
                    client.input(|s, now| s.stored_elsewhere(stored, now, wall_now()));
                    client.drive();
                }
            }));
        }
        // After the current task (so listeners subscribed right after construction hear the
        // restore's events); weak until it runs, so a client dropped at once is freed at once.
        let weak = Rc::downgrade(&client.0);
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(inner) = weak.upgrade() {
                Client(inner).drive();
            }
        });
        Ok(client)
    }

    /// Feeds the session one input at the page clock's `now`.
    pub(super) fn input<R>(&self, f: impl FnOnce(&mut Session, Millis) -> R) -> R {
        f(&mut self.0.session.borrow_mut(), now())
    }

    /// Runs `f` on the ledger (read only).
    pub(crate) fn with_ledger<R>(&self, f: impl FnOnce(&Ledger) -> R) -> R {
        f(self.0.session.borrow().ledger())
    }

    /// Every tracked upload, oldest first (what `entries()` gives JavaScript).
    pub fn entries(&self) -> Vec<Entry> {
        self.with_ledger(|l| l.entries().to_vec())
    }

    /// The tracked upload `id`, if any.
    pub fn get(&self, id: &PublicId) -> Option<Entry> {
        self.with_ledger(|l| l.get(id).cloned())
    }

    /// How long after recording an upload may be undone (token lifetime minus safety margin).
    pub fn window(&self) -> Millis {
        self.with_ledger(Ledger::window)
    }

    /// Calls `listener` on every event until [`Client::unsubscribe`] with the returned id.
    pub fn subscribe(&self, listener: Listener) -> u32 {
        let id = self.0.next_listener.get();
        self.0.next_listener.set(id.wrapping_add(1));
        self.0.listeners.borrow_mut().push((id, listener));
        id
    }

    /// Removes a listener.
    pub fn unsubscribe(&self, id: u32) {
        self.0.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// Records an upload response; harmless if already recorded. One without a token is taken
    /// only by a client with a signer.
    pub fn record(&self, response: UploadResponse) -> Result<Entry, Error> {
        let entry = self.input(|s, now| s.record(response, now));
        self.drive();
        entry
    }

    /// Uploads `file` unsigned with the configured preset (in chunks above the threshold, as
    /// the session plans), records the response, and calls `then` with the entry.
    pub fn upload(
        &self,
        file: &Blob,
        options: &UploadOptions,
        on_progress: Rc<dyn Fn(f64, f64)>,
        signal: Option<&AbortSignal>,
        then: impl FnOnce(Result<Entry, Error>) + 'static,
    ) {
        let random = js_sys::Math::random().to_bits();
        let size = file.size() as u64;
        let call = self.input(|s, now| s.upload(size, options, random, now));
        self.0.uploads.borrow_mut().push(Upload {
            call,
            file: file.clone(),
            on_progress,
            signal: signal.cloned(),
        });
        self.answer(call, Box::new(|answer| then(entry(answer))));
    }

    /// Stops tracking `id` without deleting it.
    pub fn forget(&self, id: &PublicId) -> bool {
        let forgotten = self.input(|s, now| s.forget(id, now));
        self.drive();
        forgotten
    }

    /// Deletes the asset: by token within its window, else by a signed destroy with a signer,
    /// and calls `then` with the outcome. A second call while a delete is in flight joins it
    /// (one request, the same outcome).
    pub fn delete(&self, id: &PublicId, then: impl FnOnce(Result<Entry, Error>) + 'static) {
        let call = self.input(|s, now| s.delete(id, now));
        self.answer(call, Box::new(|answer| then(entry(answer))));
    }

    /// Deletes every live entry, `concurrency` at a time, emitting `Progress`; calls `then`
    /// with each entry's outcome in the order of the entries.
    pub fn delete_all(
        &self,
        concurrency: usize,
        then: impl FnOnce(Vec<(PublicId, Result<(), Error>)>) + 'static,
    ) {
        let call = self.input(|s, now| s.delete_all(concurrency, now));
        self.answer(
            call,
            Box::new(|answer| {
                then(match answer {
                    Answer::All(all) => all,
                    Answer::Entry(_) => Vec::new(),
                })
            }),
        );
    }

    /// Calls `then` with the answer to `call`: registered before the session's actions run,
    /// since it may come at once.
    fn answer(&self, call: CallId, then: Then) {
        self.0.calls.borrow_mut().push((call, then));
        self.drive();
    }

    /// Hands the session's events to the listeners, in order. The list is cloned first: a
    /// listener may subscribe, unsubscribe or call back into the client.
    pub(super) fn emit(&self, event: &Event) {
        // A loop that pushes: `collect` brings its own first-element-then-extend code.
        let mut listeners: Vec<Listener> = Vec::new();
        for (_, l) in self.0.listeners.borrow().iter() {
            listeners.push(l.clone());
        }
        for listener in listeners {
            listener(event);
        }
    }
}

/// The entry a `delete` or `upload` call is answered with.
fn entry(answer: Answer) -> Result<Entry, Error> {
    match answer {
        Answer::Entry(entry) => entry,
        Answer::All(_) => Err(Error::Aborted),
    }
}
