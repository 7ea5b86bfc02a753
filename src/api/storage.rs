//! Web Storage and Web Locks glue for [`super::Client`]: moves snapshots (see [`crate::store`])
//! to and from `sessionStorage` / `localStorage`, and serialises deletes across tabs.

use std::cell::RefCell;

use gloo_events::EventListener;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue, closure::Closure, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Storage, StorageEvent};

use super::{
    StorageKind,
    convert::{from_json, to_js},
};
use crate::store::{self, Stored, Warning};

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

/// One ledger's place in Web Storage.
pub(super) struct Store {
    storage: Storage,
    key: String,
    cloud: String,
    shared: bool,
    /// The `storage` listener of [`Store::on_change`]; dropping it removes it.
    listener: RefCell<Option<EventListener>>,
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
            key: format!("cloudinary-delete-token:{cloud}"),
            cloud: cloud.to_owned(),
            shared: kind == StorageKind::Local,
            listener: RefCell::new(None),
        })
    }

    /// Whether other tabs share this storage (`localStorage`).
    pub fn is_shared(&self) -> bool {
        self.shared
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

    /// Calls `f` with every valid snapshot another tab writes (localStorage only).
    pub fn on_change(&self, f: impl Fn(Stored) + 'static) {
        let Some(window) = web_sys::window().filter(|_| self.is_shared()) else {
            return;
        };
        let (key, cloud) = (self.key.clone(), self.cloud.clone());
        let listener = EventListener::new(&window, "storage", move |e| {
            let e = e.unchecked_ref::<StorageEvent>();
            if e.key().as_deref() == Some(key.as_str())
                && let Some(stored) = e
                    .new_value()
                    .and_then(|text| decode(&text.into(), &cloud).ok())
            {
                f(stored);
            }
        });
        *self.listener.borrow_mut() = Some(listener);
    }

    /// Takes the cross-tab lock for `public_id` (for shared storage; a no-op where the Web Locks
    /// API is missing).
    pub async fn lock(&self, public_id: &str) -> LockGuard {
        let locks = web_sys::window()
            .and_then(|w| Reflect::get(&w.navigator(), &"locks".into()).ok())
            .filter(|l| l.is_object());
        let Some(request) = locks
            .as_ref()
            .and_then(|l| Reflect::get(l, &"request".into()).ok())
            .and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return LockGuard(None);
        };
        // The lock is held while the callback's promise is pending; resolving `release` frees it.
        let mut release = None;
        let held = Promise::new(&mut |resolve, _| release = Some(resolve));
        let mut granted = None;
        let acquired = Promise::new(&mut |resolve, _| granted = Some(resolve));
        let Some(granted) = granted else {
            return LockGuard(None);
        };
        let callback = Closure::once_into_js(move || {
            let _ = granted.call0(&JsValue::NULL);
            held
        });
        let name = JsValue::from(format!("{}:{public_id}", self.key));
        if request
            .call2(locks.as_ref().unwrap_or(&JsValue::NULL), &name, &callback)
            .is_err()
        {
            return LockGuard(None);
        }
        let _ = JsFuture::from(acquired).await;
        LockGuard(release)
    }
}

fn decode(text: &JsValue, cloud: &str) -> Result<Stored, Warning> {
    let stored: Stored =
        from_json(text, true).map_err(|why| Warning::Unreadable(why.to_string()))?;
    store::validate(&stored, cloud)?;
    Ok(stored)
}
