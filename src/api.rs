//! The Rust [`Client`] behind the JavaScript API (and the yew widget): the clock, persistence,
//! expiry timers, retries and single-flight deletes. Glue: every decision about tokens, windows
//! and replies is made by the core ([`crate::ledger`], [`crate::store`], [`crate::cloudinary`]).

mod convert;
mod deletes;
mod js;
mod signer;
mod storage;

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    rc::{Rc, Weak},
};

use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use serde::Deserialize;
use web_sys::{AbortSignal, Blob};

pub use self::js::{
    DeleteTokenClient, options as read_options, sign_destroy, signer as read_signer,
};
pub use self::signer::{Signer, Signing};
use self::storage::Store;
use crate::{
    cloudinary::{self, Endpoint, Parsed, UploadResponse},
    error::Error,
    http,
    ledger::{Entry, Lapsed, Ledger, Recorded},
    store,
    time::Millis,
    token::PublicId,
    upload::{self, MultipartRequest},
};
pub use crate::{
    options::{ClientOptions, DEFAULT_CONCURRENCY, StorageKind},
    upload::UploadOptions,
    view::Event,
};

/// The page clock: `performance.timeOrigin + performance.now()`. Monotonic, so changing the
/// system clock while the page is open moves no deadline; the only place the crate reads time.
pub fn now() -> Millis {
    CLOCK.with(|clock| {
        Millis::from_f64(match clock {
            Some((perf, origin)) => origin + perf.now(),
            None => js_sys::Date::now(),
        })
    })
}

thread_local! {
    /// `performance` and its (constant) time origin, looked up once: `now()` runs on every record.
    static CLOCK: Option<(web_sys::Performance, f64)> = web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| {
            let origin = p.time_origin();
            (p, origin)
        });
}

/// The wall clock, used only to carry deadlines across a reload.
fn wall_now() -> Millis {
    Millis::from_f64(js_sys::Date::now())
}

type Listener = Rc<dyn Fn(&Event)>;

/// What a new client found in storage.
#[derive(Default)]
struct Found {
    /// Events for its listeners: entries restored, or a warning.
    events: Vec<Event>,
    /// Entries whose delete a reload interrupted.
    interrupted: Vec<PublicId>,
    /// Whether the ledger now differs from what is stored (entries dropped, a bad value).
    changed: bool,
}
type Outcome = Result<Entry, Error>;

struct Inner {
    endpoint: Endpoint,
    options: ClientOptions,
    /// The page's signer, for deletes after the token window.
    signer: Option<Signer>,
    ledger: RefCell<Ledger>,
    listeners: RefCell<Vec<(u32, Listener)>>,
    next_listener: Cell<u32>,
    expiry: RefCell<Option<Timeout>>,
    /// The deadline the expiry timer is armed for.
    armed: Cell<Option<Millis>>,
    store: Option<Store>,
    save_queued: Cell<bool>,
    /// Callers waiting for a delete this tab is sending, by public id (single flight).
    waiting: RefCell<HashMap<PublicId, Vec<oneshot::Sender<Outcome>>>>,
}

/// Tracks delete tokens of this page's uploads and deletes by token, or, with a [`Signer`],
/// by a signed destroy after the window. Cheap to clone (shared).
#[derive(Clone)]
pub struct Client(Rc<Inner>);

/// Two handles are equal when they share one client (identity, as yew's dependency checks need).
impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.0.endpoint)
            .field("entries", &self.0.ledger.borrow().entries().len())
            .finish()
    }
}

impl Client {
    /// Validates `options`, restores stored entries, and resumes deletes a reload interrupted.
    /// Restore events and warnings are delivered after the current task, so listeners subscribed
    /// right after construction receive them. With a `signer`, entries stay deletable after
    /// their window for `options.retention`.
    pub fn new(options: ClientOptions, signer: Option<Signer>) -> Result<Self, Error> {
        let endpoint = options.validate()?;
        let store = Store::open(options.storage, endpoint.cloud_name());
        let ledger = Ledger::new(options.token_lifetime, options.safety_margin);
        let ledger = match signer {
            Some(_) => ledger.keeping(options.retention),
            None => ledger,
        };
        let client = Self(Rc::new(Inner {
            endpoint,
            ledger: RefCell::new(ledger),
            options,
            signer,
            listeners: RefCell::default(),
            next_listener: Cell::new(0),
            expiry: RefCell::default(),
            armed: Cell::new(None),
            store,
            save_queued: Cell::new(false),
            waiting: RefCell::default(),
        }));
        let found = client.restore();
        let changed = found.changed;
        client.deliver_later(found);
        client.settle_saving(changed);
        Ok(client)
    }

    /// Restores what storage holds and follows what other tabs write there.
    fn restore(&self) -> Found {
        let Some(store) = &self.0.store else {
            return Found::default();
        };
        let found = match store.load() {
            Ok(Some(stored)) => {
                let count = stored.entries.len();
                let restored =
                    store::restore(&mut self.0.ledger.borrow_mut(), stored, now(), wall_now());
                Found {
                    changed: restored.added.len() != count,
                    events: restored.added.into_iter().map(Event::Restored).collect(),
                    interrupted: restored.interrupted,
                }
            }
            Ok(None) => Found::default(),
            Err(warning) => Found {
                changed: true,
                events: vec![Event::Warning(warning)],
                interrupted: Vec::new(),
            },
        };
        let weak = Rc::downgrade(&self.0);
        store.on_change(move |stored| {
            if let Some(inner) = weak.upgrade() {
                Client(inner).merge_from_other_tab(stored);
            }
        });
        found
    }

    /// After the current task (so listeners subscribed right after construction hear them):
    /// the restore's events, then the deletes a reload interrupted, sent again and settled.
    fn deliver_later(&self, found: Found) {
        let Found {
            events,
            interrupted,
            ..
        } = found;
        if events.is_empty() && interrupted.is_empty() {
            return;
        }
        // Weak until it runs: a client dropped in the task that made it is freed at once.
        let weak = Rc::downgrade(&self.0);
        wasm_bindgen_futures::spawn_local(async move {
            let Some(later) = weak.upgrade().map(Client) else {
                return;
            };
            for event in events {
                later.emit(event);
            }
            for id in interrupted {
                // While the window lasts the token is sent again (by signature after it, with a
                // signer); Cloudinary's answer settles the entry.
                let _ = later.send_delete(&id, true).await;
            }
        });
    }

    /// Runs `f` on the ledger (read only); for this layer only: callers use the views below.
    fn with_ledger<R>(&self, f: impl FnOnce(&Ledger) -> R) -> R {
        f(&self.0.ledger.borrow())
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

    fn entry(&self, id: &PublicId) -> Outcome {
        self.get(id)
            .ok_or_else(|| Error::UnknownAsset(id.to_string()))
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

    fn emit(&self, event: Event) {
        // Clone the list first: a listener may subscribe, unsubscribe or call back into us.
        let listeners: Vec<Listener> = self
            .0
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            listener(&event);
        }
    }

    /// Records an upload response; harmless if already recorded. One without a token is taken
    /// only by a client with a signer.
    pub fn record(&self, response: UploadResponse) -> Outcome {
        let upload = response.read(self.0.signer.is_none())?;
        let id = upload.public_id.clone();
        let recorded = self.0.ledger.borrow_mut().record(upload, now());
        if recorded == Recorded::New {
            self.settle();
            self.emit(Event::Recorded(id.clone()));
        }
        self.entry(&id)
    }

    /// Uploads `file` unsigned with the configured preset (in chunks above the threshold, as
    /// [`upload::plan`] decides) and records the response.
    pub async fn upload(
        &self,
        file: &Blob,
        options: &UploadOptions,
        on_progress: Rc<dyn Fn(f64, f64)>,
        signal: Option<&AbortSignal>,
    ) -> Outcome {
        let preset = self
            .0
            .options
            .upload_preset
            .as_deref()
            .ok_or_else(|| Error::Config("upload() needs the uploadPreset option".into()))?;
        let url = self.0.endpoint.upload_url(options.resource_type()?);
        let fields = options.form_fields(preset);
        let size = file.size() as u64;
        let id = upload::upload_id(now().0, js_sys::Math::random().to_bits());
        let (threshold, chunk) = (self.0.options.chunk_threshold, self.0.options.chunk_size);
        for chunk in upload::plan(size, threshold, chunk, &id) {
            let progress = on_progress.clone();
            let (part, total) = (chunk.clone(), size as f64);
            let chunk_progress: Rc<dyn Fn(f64, f64)> =
                Rc::new(move |loaded, sent| progress(part.progress(loaded, sent), total));
            let last = chunk.last;
            let request = MultipartRequest {
                url: url.clone(),
                fields: fields.clone(),
                chunk,
            };
            let reply = http::post_multipart(&request, file, chunk_progress, signal).await?;
            let response = cloudinary::interpret_upload(reply.status, parse(&reply.body))?;
            if last {
                return self.record(response);
            }
        }
        Err(Error::Config("the file could not be read".into()))
    }

    /// Stops tracking `id` without deleting it.
    pub fn forget(&self, id: &PublicId) -> bool {
        let forgotten = self.0.ledger.borrow_mut().forget(id);
        self.settle();
        forgotten
    }

    fn snapshot(&self) -> store::Stored {
        self.with_ledger(|l| store::snapshot(l, self.0.endpoint.cloud_name(), now(), wall_now()))
    }

    fn merge_from_other_tab(&self, stored: store::Stored) {
        let waiting = self.0.waiting.borrow().keys().cloned().collect::<Vec<_>>();
        let merged = store::merge(
            &mut self.0.ledger.borrow_mut(),
            stored,
            now(),
            wall_now(),
            &|id| waiting.contains(id),
        );
        self.settle();
        for id in merged.added {
            self.emit(Event::Restored(id));
        }
        for id in merged.deleted_elsewhere {
            self.emit(Event::Deleted(id));
        }
        for id in merged.changed {
            self.emit(Event::Restored(id));
        }
    }

    /// After any change: expires what is due, arms a timer for the next deadline (so entries
    /// expire by themselves with no request sent), and queues one save for the end of the task.
    fn settle(&self) {
        self.settle_saving(true);
    }

    /// [`Self::settle`], saving only if `changed` or an entry expired: a snapshot restored
    /// whole need not be written back (for thousands of entries, that write was a third of
    /// the time to the widget's first render).
    fn settle_saving(&self, changed: bool) {
        let now = now();
        let lapsed = self.0.ledger.borrow_mut().expire_due(now);
        let next = self.with_ledger(Ledger::next_deadline);
        // Re-arm only when the next deadline moved: recording is then O(1) even with thousands
        // of entries (each new deadline is later than the armed one).
        if next != self.0.armed.get() {
            self.0.armed.set(next);
            let timer = next.map(|deadline| {
                let weak: Weak<Inner> = Rc::downgrade(&self.0);
                // +1 ms: the deadline itself counts as expired (half-open window).
                let delay = u32::try_from((deadline - now).0.saturating_add(1))
                    .unwrap_or(u32::MAX)
                    .min(i32::MAX as u32);
                Timeout::new(delay, move || {
                    if let Some(inner) = weak.upgrade() {
                        inner.armed.set(None);
                        Client(inner).settle();
                    }
                })
            });
            // Replacing the old Timeout drops (cancels) it.
            *self.0.expiry.borrow_mut() = timer;
        }
        let changed = changed || lapsed != Lapsed::default();
        if changed && self.0.store.is_some() && !self.0.save_queued.replace(true) {
            // Coalesce: a burst of changes (deleteAll) is written once, at the end of the task.
            let weak = Rc::downgrade(&self.0);
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(inner) = weak.upgrade() {
                    inner.save_queued.set(false);
                    let client = Client(inner);
                    if let Some(store) = &client.0.store {
                        store
                            .save(&client.snapshot())
                            .unwrap_or_else(|w| client.emit(Event::Warning(w)));
                    }
                }
            });
        }
        for id in lapsed.expired {
            self.emit(Event::Expired(id));
        }
        for id in lapsed.closed {
            self.emit(Event::WindowClosed(id));
        }
    }
}

/// Reads a reply body: the browser's `JSON.parse`, then the core's serde type.
fn parse<T: for<'de> Deserialize<'de>>(body: &str) -> Parsed<T> {
    convert::from_json(&body.into(), false).map_err(|e| e.to_string())
}
