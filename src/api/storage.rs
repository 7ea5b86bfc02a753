//! Web Storage and Web Locks glue for [`super::Client`]: moves snapshots (see [`crate::store`])
//! to and from `sessionStorage` / `localStorage`, tells the other clients of this document
//! what one wrote, and takes the cross-tab locks the session asks for.

use std::{
    cell::RefCell,
    rc::{Rc, Weak},
};

use gloo_events::EventListener;
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue, closure::Closure, prelude::wasm_bindgen};
use web_sys::{Storage, StorageEvent};

use super::convert::{from_json, to_js};
use crate::{
    options::StorageKind,
    store::{self, Stored, Warning},
};

#[wasm_bindgen]
extern "C" {
    /// A `Storage` whose text stays in JS, for `JSON.parse` and from `JSON.stringify` (see
    /// [`from_json`]): web-sys copies every value into wasm and back.
    #[wasm_bindgen(js_name = Storage)]
    type TextStorage;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item(this: &TextStorage, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item(this: &TextStorage, key: &str, text: &JsValue) -> Result<(), JsValue>;
}

/// What a client does with a snapshot another client wrote.
pub(super) type OnChange = Rc<dyn Fn(Stored)>;

/// A client of this document: its storage kind and key, and its [`OnChange`] (weak).
type Peer = (StorageKind, String, Weak<dyn Fn(Stored)>);

thread_local! {
    /// The clients of this document, to tell each other what they wrote: browsers fire no
    /// `storage` event in the document that wrote. `const`: no lazy initialisation to check
    /// on every use, nor its code.
    static PEERS: RefCell<Vec<Peer>> = const { RefCell::new(Vec::new()) };
}

/// One ledger's place in Web Storage.
pub(super) struct Store {
    storage: Storage,
    kind: StorageKind,
    key: String,
    cloud: String,
    /// The `storage` listener of [`Store::follow`]; dropping it removes it.
    listener: RefCell<Option<EventListener>>,
    /// This client's own [`OnChange`], which [`PEERS`] holds weakly.
    on_change: RefCell<Option<OnChange>>,
}

/// Holds a Web Lock until dropped.
pub(super) struct LockGuard(Option<Function>);

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

impl Store {
    /// The store for `kind`, or `None` for memory or when storage is unavailable (e.g. blocked
    /// in a sandboxed frame): the client then simply keeps entries in memory.
    pub fn open(kind: StorageKind, cloud: &str) -> Option<Self> {
        let window = web_sys::window()?;
        let storage = match kind {
            StorageKind::Session => window.session_storage().ok()??,
            StorageKind::Local => window.local_storage().ok()??,
            StorageKind::Memory => return None,
        };
        Some(Self {
            storage,
            kind,
            key: store::key(cloud),
            cloud: cloud.to_owned(),
            listener: RefCell::new(None),
            on_change: RefCell::new(None),
        })
    }

    /// The stored snapshot; `Err` is a warning (corrupt, foreign or other-version data).
    pub fn load(&self) -> Result<Option<Stored>, Warning> {
        match self
            .storage
            .unchecked_ref::<TextStorage>()
            .get_item(&self.key)
        {
            Ok(text) if text.is_null() => Ok(None),
            Ok(text) => decode(&text, &self.cloud).map(Some),
            Err(_) => Err(Warning::ReadFailed),
        }
    }

    /// Writes `stored` (or removes the key when it holds nothing); `Err` is a warning.
    pub fn save(&self, stored: &Stored) -> Result<(), Warning> {
        if stored.entries.is_empty() {
            return self
                .storage
                .remove_item(&self.key)
                .map_err(|_| Warning::ClearFailed);
        }
        let text = js_sys::JSON::stringify(&to_js(stored)).unwrap_or_default();
        self.storage
            .unchecked_ref::<TextStorage>()
            .set_item(&self.key, &text)
            .map_err(|_| Warning::WriteFailed)
    }

    /// Calls `on_change` with every valid snapshot another tab (`localStorage`'s `storage`
    /// event) or another client of this document over the same storage writes.
    pub fn follow(&self, on_change: OnChange) {
        PEERS.with(|peers| {
            let mut peers = peers.borrow_mut();
            peers.retain(|(_, _, peer)| peer.strong_count() > 0);
            peers.push((self.kind, self.key.clone(), Rc::downgrade(&on_change)));
        });
        if self.kind == StorageKind::Local
            && let Some(window) = web_sys::window()
        {
            let (key, cloud, f) = (self.key.clone(), self.cloud.clone(), on_change.clone());
            let listener = EventListener::new(&window, "storage", move |e| {
                let e = e.unchecked_ref::<StorageEvent>();
                // No key: `clear()`. No value: the key was removed, by a tab left with
                // nothing to store: an empty snapshot (the claims it held are over).
                let stored = match (e.key(), e.new_value()) {
                    (Some(k), _) if k != key => return,
                    (_, Some(text)) => decode(&text.into(), &cloud).ok(),
                    (_, None) => Some(store::empty(&cloud)),
                };
                if let Some(stored) = stored {
                    f(stored);
                }
            });
            *self.listener.borrow_mut() = Some(listener);
        }
        *self.on_change.borrow_mut() = Some(on_change);
    }

    /// Tells the other clients of this document over the same storage what this one wrote.
    pub fn tell_peers(&self, stored: &Stored) {
        let own = self.on_change.borrow().as_ref().map(Rc::downgrade);
        // Collected first: a peer that hears it may write, and tell us, in turn.
        let mut peers: Vec<OnChange> = Vec::new();
        PEERS.with_borrow(|all| {
            for (kind, key, peer) in all {
                if *kind == self.kind
                    && *key == self.key
                    && own.as_ref().is_none_or(|own| !own.ptr_eq(peer))
                    && let Some(peer) = peer.upgrade()
                {
                    peers.push(peer);
                }
            }
        });
        for peer in peers {
            peer(stored.clone());
        }
    }
}

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = lock)]
    fn request_lock(name: &str, granted: &JsValue);
}

/// Takes the cross-tab Web Lock `name` and calls `done` with it once held (at once, holding
/// nothing, where the Web Locks API is missing), and whether another held it when asked for;
/// held until the guard is dropped.
pub(super) fn lock(name: &str, done: impl FnOnce((LockGuard, bool)) + 'static) {
    let granted = Closure::once_into_js(move |release: JsValue, contended: bool| {
        done((LockGuard(release.dyn_into::<Function>().ok()), contended))
    });
    request_lock(name, &granted);
}

fn decode(text: &JsValue, cloud: &str) -> Result<Stored, Warning> {
    let stored: Stored =
        from_json(text, true).map_err(|why| Warning::Unreadable(why.to_string()))?;
    store::validate(&stored, cloud)?;
    Ok(stored)
}
