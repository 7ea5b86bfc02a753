//! The JavaScript API published to npm: the `DeleteTokenClient` class. Glue only: converts JS
//! values to and from [`super::Client`] calls with [`super::convert`]; every check is the core's.
//! Each method takes what a page can really pass (`JsValue`, not `&str`, whose release glue
//! does not check the type) and answers a wrong type with a typed error naming the parameter.

use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Blob};

use super::{
    client::{Client, now},
    convert::{ReadError, from_js, from_json, read_once, to_js},
    signer::Signer,
};
use crate::{
    cloudinary::{self, UploadResponse},
    error::Error,
    ledger::Entry,
    options::{ClientOptions, DeleteAllOptions},
    token::PublicId,
    upload::UploadOptions,
    view::Event,
    view::{EntryView, OutcomeView},
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("api.d.ts");

/// An entry as JavaScript sees it: `LedgerEntry` in `api.d.ts`.
fn entry_to_js(entry: &Entry) -> JsValue {
    to_js(&EntryView::new(entry, now()))
}

/// `value` with `error` set to a real JS `Error` when there is one.
fn with_error(value: JsValue, error: Option<&Error>) -> JsValue {
    if let Some(e) = error {
        let _ = Reflect::set(&value, &"error".into(), &JsValue::from(e.clone()));
    }
    value
}

/// `ClientEvent` for a listener.
fn event_to_js(event: &Event) -> JsValue {
    let error = match event {
        Event::Failed(_, e) => Some(e),
        _ => None,
    };
    with_error(to_js(&event.view()), error)
}

/// The single crossing from Rust errors to JS exceptions: a real `Error` whose `name` is stable.
impl From<Error> for JsValue {
    fn from(err: Error) -> JsValue {
        let js = js_sys::Error::new(&err.to_string());
        js.set_name(err.name());
        if let Error::Rejected { status, .. } | Error::UploadFailed { status, .. } = &err {
            let _ = Reflect::set(&js, &"status".into(), &JsValue::from(*status));
        }
        js.into()
    }
}

/// A page's options object read once: the core's type, and the plain copy it was read from,
/// where function-valued options (`signDestroy`, `onProgress`, `signal`) are then found without
/// running the page's getters a second time.
#[derive(Debug)]
pub struct Read<T> {
    /// The options, checked.
    pub value: T,
    copy: JsValue,
}

impl<T> Read<T> {
    /// The option `key` as it was read (`undefined` when absent).
    pub fn raw(&self, key: &str) -> JsValue {
        Reflect::get(&self.copy, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// The `signDestroy` option as a signer.
    pub fn signer(&self) -> Result<Option<Signer>, Error> {
        signer(self.raw("signDestroy"))
    }
}

/// Reads a page's options object into the core's type (`undefined` and `null`: every default).
/// Secrets are refused before anything else is looked at; an unknown key or a wrong type is a
/// `ConfigError` naming it.
pub fn options<T: for<'de> serde::Deserialize<'de> + Default>(
    value: JsValue,
    what: &str,
) -> Result<Read<T>, Error> {
    let Some(copy) = checked_copy(&value, what)? else {
        let copy = js_sys::Object::new().into();
        return Ok(Read {
            value: T::default(),
            copy,
        });
    };
    let value = from_js(copy.clone(), true).map_err(|e| config_error(what, e))?;
    Ok(Read { value, copy })
}

/// What [`options`] does whatever the type (so it is in the wasm once): the options object read
/// once into a plain copy, its secrets refused; `None` for `undefined` and `null`.
fn checked_copy(value: &JsValue, what: &str) -> Result<Option<JsValue>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let (copy, strings) = read_once(value).map_err(|e| config_error(what, e))?;
    cloudinary::refuse_secrets(strings.iter().map(|(k, v)| (k.as_str(), v.as_deref())))?;
    Ok(Some(copy))
}

/// A `ConfigError` for options `what` that could not be read.
fn config_error(what: &str, e: ReadError) -> Error {
    Error::Config(format!("{what}: {e}"))
}

/// A `signDestroy` value as a signer: `undefined` is none; anything but a function is a
/// `ConfigError`.
pub fn signer(value: JsValue) -> Result<Option<Signer>, Error> {
    if value.is_undefined() {
        return Ok(None);
    }
    let sign: Function = value
        .dyn_into()
        .map_err(|_| Error::Config("option `signDestroy` must be a function".into()))?;
    Ok(Some(Signer::from_js(sign)))
}

/// The `publicId` parameter of `method`: not a string is a `ConfigError`; `None` for a string
/// that cannot be a public id (so is not tracked).
fn public_id(value: &JsValue, method: &str) -> Result<Option<PublicId>, Error> {
    let text = value
        .as_string()
        .ok_or_else(|| Error::Config(format!("{method}(publicId): publicId must be a string")))?;
    Ok(PublicId::parse(text).ok())
}

/// A promise that `f` settles once, with a value or an error (a JS `Error` with its `name`).
fn promise(f: impl FnOnce(Box<dyn FnOnce(Result<JsValue, Error>)>)) -> Promise {
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    if let Some((resolve, reject)) = settle {
        f(Box::new(move |outcome| {
            let _ = match outcome {
                Ok(value) => resolve.call1(&JsValue::NULL, &value),
                Err(e) => reject.call1(&JsValue::NULL, &JsValue::from(e)),
            };
        }));
    }
    promise
}

/// Browser client for Cloudinary delete tokens.
///
/// ```js
/// const client = new DeleteTokenClient({ cloudName: "demo", uploadPreset: "undoable" });
/// const entry = await client.upload(file);
/// await client.delete(entry.publicId); // within the window
/// ```
#[wasm_bindgen(js_name = DeleteTokenClient)]
#[derive(Debug)]
pub struct DeleteTokenClient {
    client: Client,
}

/// The JS face of a client made in Rust (the widget's, for `el.client`).
impl From<Client> for DeleteTokenClient {
    fn from(client: Client) -> Self {
        Self { client }
    }
}

#[wasm_bindgen(js_class = DeleteTokenClient)]
impl DeleteTokenClient {
    /// `new DeleteTokenClient({ cloudName, uploadPreset?, apiHost?, tokenLifetimeMs?, safetyMarginMs?, signDestroy?, invalidate?, retentionMs? })`.
    /// Throws `ConfigError` for invalid options and `SecretInBrowserError` for any API secret,
    /// API key or `cloudinary://` URL.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<DeleteTokenClient, JsValue> {
        if !options.is_object() {
            return Err(Error::Config("options must be an object with cloudName".into()).into());
        }
        // Secrets are refused (in `options`) before the signer is looked at.
        let read: Read<ClientOptions> = self::options(options, "options")?;
        let signer = read.signer()?;
        Ok(Self {
            client: Client::new(read.value, signer)?,
        })
    }

    /// Records an upload response: a JSON string, a parsed object, or the Upload Widget's
    /// `{event: "success", info}` result. Returns the entry; recording twice is harmless.
    /// Throws `NoDeleteTokenError` when the preset returns no token (unless the client has a
    /// `signDestroy`, which deletes it by signature), `InvalidResponseError` otherwise.
    #[wasm_bindgen(unchecked_return_type = "LedgerEntry")]
    pub fn record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] response: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Text goes through the browser's JSON.parse; either way only the declared fields of
        // the object are read.
        let read: Result<UploadResponse, _> = if response.is_string() {
            from_json(&response, false)
        } else {
            from_js(response, false)
        };
        let response = read.map_err(|e| Error::InvalidResponse(e.to_string()))?;
        Ok(entry_to_js(&self.client.record(response)?))
    }

    /// Uploads `file` with the unsigned preset and records the response.
    /// `options`: `{ resourceType?, folder?, tags?, publicId?, context?, onProgress?(loaded, total), signal? }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<LedgerEntry>")]
    pub fn upload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Blob")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UploadOptions")] options: JsValue,
    ) -> Promise {
        promise(|settle| {
            let read =
                |options| -> Result<_, Error> {
                    let file: Blob = file.dyn_into().map_err(|_| {
                        Error::Config("upload(file): file must be a File or Blob".into())
                    })?;
                    let read: Read<UploadOptions> = self::options(options, "upload options")?;
                    let on_progress: Rc<dyn Fn(f64, f64)> = match read.value.on_progress {
                        None => Rc::new(|_, _| {}),
                        Some(_) => {
                            let f: Function = read.raw("onProgress").dyn_into().map_err(|_| {
                                Error::Config("onProgress must be a function".into())
                            })?;
                            Rc::new(move |loaded, total| {
                                let _ = f.call2(&JsValue::NULL, &loaded.into(), &total.into());
                            })
                        }
                    };
                    let signal =
                        match read.value.signal {
                            None => None,
                            Some(_) => Some(read.raw("signal").dyn_into::<AbortSignal>().map_err(
                                |_| Error::Config("signal must be an AbortSignal".into()),
                            )?),
                        };
                    Ok((file, read.value, on_progress, signal))
                };
            match read(options) {
                Ok((file, params, on_progress, signal)) => {
                    self.client
                        .upload(&file, &params, on_progress, signal.as_ref(), |entry| {
                            settle(entry.map(|e| entry_to_js(&e)))
                        })
                }
                Err(e) => settle(Err(e)),
            }
        })
    }

    /// Deletes the asset: by its token within the window, else (with `signDestroy`) by a signed
    /// destroy. Resolves with the deleted entry; rejects with `TokenExpiredError`,
    /// `RejectedError`, `NetworkError`, `SignerError`, `DeleteInProgressError`,
    /// `AlreadyDeletedError` or `UnknownAssetError`.
    #[wasm_bindgen(unchecked_return_type = "Promise<LedgerEntry>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = publicId, unchecked_param_type = "string")] public_id: JsValue,
    ) -> Promise {
        promise(|settle| {
            match self::public_id(&public_id, "delete")
                .and_then(|id| id.ok_or_else(|| Error::UnknownAsset(String::new())))
            {
                Ok(id) => self
                    .client
                    .delete(&id, |entry| settle(entry.map(|e| entry_to_js(&e)))),
                Err(e) => settle(Err(e)),
            }
        })
    }

    /// Deletes every live entry, `concurrency` (default 6) at a time, emitting `progress` events.
    /// Resolves with one `{ publicId, outcome, error? }` per entry; rejects only on bad options.
    #[wasm_bindgen(js_name = deleteAll, unchecked_return_type = "Promise<DeleteOutcome[]>")]
    pub fn delete_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ concurrency?: number }")]
        options: JsValue,
    ) -> Promise {
        promise(|settle| {
            let concurrency = self::options::<DeleteAllOptions>(options, "deleteAll options")
                .and_then(|o| o.value.validate());
            match concurrency {
                Ok(concurrency) => self.client.delete_all(concurrency, |outcomes| {
                    // Loops that push, here and in `entries`: collecting into an `Array`
                    // brought `Extend`'s code into the wasm for each iterator type.
                    let all = Array::new();
                    for (id, outcome) in &outcomes {
                        let view = OutcomeView::new(id, outcome.as_ref().map(|_| ()));
                        all.push(&with_error(to_js(&view), outcome.as_ref().err()));
                    }
                    settle(Ok(all.into()))
                }),
                Err(e) => settle(Err(e)),
            }
        })
    }

    /// Stops tracking an upload without deleting it; returns whether it was tracked.
    /// Throws `ConfigError` when `publicId` is not a string.
    pub fn forget(
        &self,
        #[wasm_bindgen(js_name = publicId, unchecked_param_type = "string")] public_id: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self::public_id(&public_id, "forget")?.is_some_and(|id| self.client.forget(&id)))
    }

    /// Every tracked upload, oldest first, with its state and remaining time.
    #[wasm_bindgen(unchecked_return_type = "LedgerEntry[]")]
    pub fn entries(&self) -> Array {
        let now = now();
        let all = Array::new();
        self.client.with_ledger(|l| {
            for e in l.entries() {
                all.push(&to_js(&EntryView::new(e, now)));
            }
        });
        all
    }

    /// Calls `listener(event)` on every event (see `ClientEvent`); returns an unsubscribe function.
    /// Throws `ConfigError` when `listener` is not a function.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: ClientEvent) => void")] listener: JsValue,
    ) -> Result<JsValue, JsValue> {
        let listener: Function = listener.dyn_into().map_err(|_| {
            Error::Config("subscribe(listener): listener must be a function".into())
        })?;
        let id = self.client.subscribe(Rc::new(move |event: &Event| {
            let _ = listener.call1(&JsValue::NULL, &event_to_js(event));
        }));
        // Weak: an unsubscribe function the page never calls must not keep the client alive
        // (nor, with it, its storage listener hearing the other clients of the page).
        let client = std::rc::Rc::downgrade(&self.client.0);
        Ok(Closure::once_into_js(move || {
            if let Some(inner) = client.upgrade() {
                Client(inner).unsubscribe(id);
            }
        }))
    }
}
