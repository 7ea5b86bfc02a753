//! The JavaScript API published to npm: the `DeleteTokenClient` class. Glue only: converts JS
//! values to and from [`super::Client`] calls; errors become JS `Error`s with a stable `name`.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Blob};

use super::{Client, ClientOptions, DEFAULT_CONCURRENCY, Event, StorageKind, UploadParams, now};
use crate::{
    Error, PublicId, cloudinary,
    ledger::{Entry, State},
    time::Millis,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("api.d.ts");

/// Sets `key` on a fresh JS object (cannot fail on a plain object).
fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

#[wasm_bindgen(inline_js = r#"
export function entry(publicId, secureUrl, originalFilename, state, deadline, remainingMs) {
  const e = { publicId };
  if (secureUrl !== undefined) e.secureUrl = secureUrl;
  if (originalFilename !== undefined) e.originalFilename = originalFilename;
  e.state = state;
  e.deadline = deadline;
  e.remainingMs = remainingMs;
  return e;
}
"#)]
extern "C" {
    /// Builds an entry object in one call: `record()` returns one each time, and setting its
    /// properties one by one from Rust costs more than reading the response.
    #[wasm_bindgen(js_name = entry)]
    fn new_entry(
        public_id: &str,
        secure_url: Option<&str>,
        original_filename: Option<&str>,
        state: &JsValue,
        deadline: f64,
        remaining_ms: f64,
    ) -> Object;
}

thread_local! {
    /// The state names as JS strings, made once; in declaration order, so `state as usize` indexes it.
    static STATES: [JsValue; 5] =
        [State::Live, State::Deleting, State::Deleted, State::Expired, State::Failed]
            .map(|s| s.as_str().into());
}

/// An entry as JavaScript sees it: `LedgerEntry` in `api.d.ts`. Absent optional fields are
/// `undefined`, not `null`.
fn entry_to_js(entry: &Entry, now: Millis) -> JsValue {
    let obj = STATES.with(|states| {
        new_entry(
            entry.public_id.as_str(),
            entry.secure_url.as_deref(),
            entry.original_filename.as_deref(),
            &states[entry.state as usize],
            entry.deadline.0 as f64,
            entry.remaining(now).0 as f64,
        )
    });
    if let Some(e) = &entry.error {
        let error = Object::new();
        set(&error, "name", &e.name().into());
        set(&error, "message", &e.to_string().into());
        set(&obj, "error", &error);
    }
    obj.into()
}

/// `{ type, publicId?, error?, message?, done?, total? }` for a listener.
fn event_to_js(event: &Event) -> JsValue {
    let obj = Object::new();
    let set = |k: &str, v: &JsValue| set(&obj, k, v);
    let (kind, id) = match event {
        Event::Recorded(id) => ("recorded", Some(id)),
        Event::Restored(id) => ("restored", Some(id)),
        Event::Deleting(id) => ("deleting", Some(id)),
        Event::Deleted(id) => ("deleted", Some(id)),
        Event::Expired(id) => ("expired", Some(id)),
        Event::Failed(id, e) => {
            set("error", &JsValue::from(e.clone()));
            ("failed", Some(id))
        }
        Event::Progress { done, total } => {
            set("done", &JsValue::from(*done as f64));
            set("total", &JsValue::from(*total as f64));
            ("progress", None)
        }
        Event::Warning(message) => {
            set("message", &JsValue::from(message.as_str()));
            ("warning", None)
        }
    };
    set("type", &kind.into());
    if let Some(id) = id {
        set("publicId", &id.as_str().into());
    }
    obj.into()
}

/// `{ publicId, outcome, error? }`: outcome is `deleted`, `expired`, `rejected`, `network` or `skipped`.
fn outcome_to_js(id: &PublicId, outcome: &Result<Entry, Error>) -> JsValue {
    let obj = Object::new();
    let kind = match outcome {
        Ok(_) => "deleted",
        Err(Error::TokenExpired { .. }) => "expired",
        Err(Error::Rejected { .. }) => "rejected",
        Err(Error::Network(_)) => "network",
        Err(_) => "skipped",
    };
    let _ = Reflect::set(&obj, &"publicId".into(), &id.as_str().into());
    let _ = Reflect::set(&obj, &"outcome".into(), &kind.into());
    if let Err(e) = outcome {
        let _ = Reflect::set(&obj, &"error".into(), &JsValue::from(e.clone()));
    }
    obj.into()
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

/// The own enumerable properties of `value` (an options object), or a `ConfigError`.
fn properties(value: &JsValue, what: &str) -> Result<Vec<(String, JsValue)>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::Config(format!("{what} must be an object")));
    }
    let obj: &Object = value.unchecked_ref();
    Ok(Object::entries(obj)
        .iter()
        .filter_map(|pair| {
            let pair: Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1)))
        })
        .collect())
}

/// `publicIdPrefix` → `public_id_prefix`.
fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn string_option(key: &str, value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::Config(format!("option `{key}` must be a string")))
}

fn millis_option(key: &str, value: &JsValue) -> Result<Millis, Error> {
    match value.as_f64() {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(Millis(ms as u64)),
        _ => Err(Error::Config(format!(
            "option `{key}` must be a non-negative number of milliseconds"
        ))),
    }
}

/// Parses and checks a JS options object: secrets first, then known keys only.
fn client_options(value: &JsValue) -> Result<ClientOptions, Error> {
    let props = properties(value, "options")?;
    let strings: Vec<(&str, Option<String>)> = props
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_string()))
        .collect();
    cloudinary::refuse_secrets(strings.iter().map(|(k, v)| (*k, v.as_deref())))?;
    let mut options = ClientOptions::new(String::new());
    let mut cloud = None;
    for (key, value) in &props {
        match key.as_str() {
            "cloudName" => cloud = Some(string_option(key, value)?),
            "uploadPreset" => options.upload_preset = Some(string_option(key, value)?),
            "apiHost" => options.api_host = Some(string_option(key, value)?),
            "tokenLifetimeMs" => options.token_lifetime = millis_option(key, value)?,
            "safetyMarginMs" => options.safety_margin = millis_option(key, value)?,
            "chunkThresholdBytes" => options.chunk_threshold = millis_option(key, value)?.0,
            "chunkSizeBytes" => options.chunk_size = millis_option(key, value)?.0,
            "storage" => {
                options.storage = match value.as_string().as_deref() {
                    Some("session") => StorageKind::Session,
                    Some("local") => StorageKind::Local,
                    Some("memory") => StorageKind::Memory,
                    _ => {
                        return Err(Error::Config(
                            "option `storage` must be \"session\", \"local\" or \"memory\"".into(),
                        ));
                    }
                }
            }
            other => return Err(Error::Config(format!("unknown option `{other}`"))),
        }
    }
    options.cloud_name =
        cloud.ok_or_else(|| Error::Config("the cloudName option is required".into()))?;
    Ok(options)
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

#[wasm_bindgen(js_class = DeleteTokenClient)]
impl DeleteTokenClient {
    /// `new DeleteTokenClient({ cloudName, uploadPreset?, apiHost?, tokenLifetimeMs?, safetyMarginMs? })`.
    /// Throws `ConfigError` for invalid options and `SecretInBrowserError` for any API secret,
    /// API key or `cloudinary://` URL.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<DeleteTokenClient, JsValue> {
        Ok(Self {
            client: Client::new(client_options(&options)?)?,
        })
    }

    /// Records an upload response: a JSON string, a parsed object, or the Upload Widget's
    /// `{event: "success", info}` result. Returns the entry; recording twice is harmless.
    /// Throws `NoDeleteTokenError` when the preset returns no token, `InvalidResponseError` otherwise.
    #[wasm_bindgen(unchecked_return_type = "LedgerEntry")]
    pub fn record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] response: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Text is read by the core's JSON reader directly: no JSON.parse, no intermediate object.
        // An object is turned into that text first, so there is one reader for both.
        let text = match response.as_string() {
            Some(text) => text,
            None if response.is_object() && !Array::is_array(&response) => {
                js_sys::JSON::stringify(&response)
                    .ok()
                    .and_then(|s| s.as_string())
                    .ok_or_else(|| {
                        Error::InvalidResponse("the object cannot be read as JSON".into())
                    })?
            }
            None => {
                return Err(Error::InvalidResponse(
                    "expected an upload response object or its JSON text".into(),
                )
                .into());
            }
        };
        let entry = self.client.record(crate::json::parse_upload(&text)?)?;
        Ok(entry_to_js(&entry, now()))
    }

    /// Uploads `file` with the unsigned preset and records the response.
    /// `options`: `{ resourceType?, folder?, tags?, publicId?, context?, onProgress?(loaded, total), signal? }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<LedgerEntry>")]
    pub fn upload(
        &self,
        file: Blob,
        #[wasm_bindgen(unchecked_optional_param_type = "UploadOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let mut params = UploadParams::default();
            let mut on_progress: Rc<dyn Fn(f64, f64)> = Rc::new(|_, _| {});
            let mut signal = None;
            for (key, value) in properties(&options, "upload options")? {
                match key.as_str() {
                    "resourceType" => params.resource_type = Some(string_option(&key, &value)?),
                    "onProgress" => {
                        let f: Function = value
                            .dyn_into()
                            .map_err(|_| Error::Config("onProgress must be a function".into()))?;
                        on_progress = Rc::new(move |loaded, total| {
                            let _ = f.call2(&JsValue::NULL, &loaded.into(), &total.into());
                        });
                    }
                    "signal" => {
                        signal =
                            Some(value.dyn_into::<AbortSignal>().map_err(|_| {
                                Error::Config("signal must be an AbortSignal".into())
                            })?)
                    }
                    // Cloudinary's unsigned parameters, in camelCase: publicId, assetFolder, tags, ...
                    other
                        if cloudinary::UNSIGNED_UPLOAD_PARAMS
                            .contains(&snake_case(other).as_str()) =>
                    {
                        let text = if Array::is_array(&value) {
                            Array::from(&value)
                                .iter()
                                .filter_map(|v| v.as_string())
                                .collect::<Vec<_>>()
                                .join(",")
                        } else {
                            string_option(&key, &value)?
                        };
                        params.fields.push((snake_case(other), text));
                    }
                    other => {
                        return Err(
                            Error::Config(format!("unknown upload option `{other}`")).into()
                        );
                    }
                }
            }
            let entry = client
                .upload(&file, &params, on_progress, signal.as_ref())
                .await?;
            Ok(entry_to_js(&entry, now()))
        })
    }

    /// Deletes the asset by its token. Resolves with the deleted entry; rejects with
    /// `TokenExpiredError`, `RejectedError`, `NetworkError`, `DeleteInProgressError`,
    /// `AlreadyDeletedError` or `UnknownAssetError`.
    #[wasm_bindgen(unchecked_return_type = "Promise<LedgerEntry>")]
    pub fn delete(&self, #[wasm_bindgen(js_name = publicId)] public_id: String) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let id = PublicId::parse(public_id).map_err(|_| Error::UnknownAsset(String::new()))?;
            let entry = client.delete(&id).await?;
            Ok(entry_to_js(&entry, now()))
        })
    }

    /// Deletes every live entry, `concurrency` (default 6) at a time, emitting `progress` events.
    /// Resolves with one `{ publicId, outcome, error? }` per entry; never rejects.
    #[wasm_bindgen(js_name = deleteAll, unchecked_return_type = "Promise<DeleteOutcome[]>")]
    pub fn delete_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ concurrency?: number }")] options: Option<
            JsValue,
        >,
    ) -> js_sys::Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let mut concurrency = DEFAULT_CONCURRENCY;
            for (key, value) in properties(&options, "deleteAll options")? {
                match (key.as_str(), value.as_f64()) {
                    ("concurrency", Some(n)) if (1.0..=64.0).contains(&n) => {
                        concurrency = n as usize
                    }
                    _ => {
                        return Err(Error::Config(format!(
                            "deleteAll option `{key}` must be concurrency: 1..64"
                        ))
                        .into());
                    }
                }
            }
            let outcomes = client.delete_all(concurrency).await;
            Ok(outcomes
                .iter()
                .map(|(id, outcome)| outcome_to_js(id, outcome))
                .collect::<Array>()
                .into())
        })
    }

    /// Stops tracking an upload without deleting it; returns whether it was tracked.
    pub fn forget(&self, #[wasm_bindgen(js_name = publicId)] public_id: String) -> bool {
        PublicId::parse(public_id).is_ok_and(|id| self.client.forget(&id))
    }

    /// Every tracked upload, oldest first, with its state and remaining time.
    #[wasm_bindgen(unchecked_return_type = "LedgerEntry[]")]
    pub fn entries(&self) -> Array {
        let now = now();
        self.client
            .with_ledger(|l| l.entries().iter().map(|e| entry_to_js(e, now)).collect())
    }

    /// Calls `listener(event)` on every event (see `ClientEvent`); returns an unsubscribe function.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: ClientEvent) => void")] listener: Function,
    ) -> JsValue {
        let id = self.client.subscribe(Rc::new(move |event: &Event| {
            let _ = listener.call1(&JsValue::NULL, &event_to_js(event));
        }));
        let client = self.client.clone();
        Closure::once_into_js(move || client.unsubscribe(id))
    }
}
