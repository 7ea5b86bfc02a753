//! The JavaScript API published to npm, and the Rust [`Client`] it wraps (the yew widget uses the
//! same client). Glue: reads the clock, converts JS values, schedules expiry; every decision is
//! made by the core ([`crate::ledger`], [`crate::cloudinary`]).

use std::{
    cell::{Cell, RefCell},
    rc::{Rc, Weak},
};

use gloo_timers::callback::Timeout;
use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Blob, FormData};

use crate::{
    Error, Ledger, PublicId,
    cloudinary::{self, Endpoint, UploadResponse},
    http,
    ledger::{DEFAULT_MARGIN, Entry, State, TOKEN_TTL},
    time::Millis,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("api.d.ts");

/// The page's clock. The only place the crate reads time.
pub fn now() -> Millis {
    Millis::from_f64(js_sys::Date::now())
}

/// Validated options of a [`Client`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// Cloudinary cloud name.
    pub cloud_name: String,
    /// Unsigned upload preset with "Return delete token" on; needed only for `upload`.
    pub upload_preset: Option<String>,
    /// API origin; defaults to `https://api.cloudinary.com`.
    pub api_host: Option<String>,
    /// How long Cloudinary honours a token (default 600 s).
    pub token_lifetime: Millis,
    /// How much earlier than that deletes stop being sent (default 15 s).
    pub safety_margin: Millis,
}

impl ClientOptions {
    /// Options for `cloud_name` with every default.
    pub fn new(cloud_name: impl Into<String>) -> Self {
        Self {
            cloud_name: cloud_name.into(),
            upload_preset: None,
            api_host: None,
            token_lifetime: TOKEN_TTL,
            safety_margin: DEFAULT_MARGIN,
        }
    }
}

/// Something that happened to a tracked upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A token was recorded.
    Recorded(PublicId),
    /// A delete request was sent.
    Deleting(PublicId),
    /// Cloudinary confirmed the delete.
    Deleted(PublicId),
    /// The window closed; the token was dropped unused.
    Expired(PublicId),
    /// A delete failed; the entry says whether it is still live.
    Failed(PublicId, Error),
}

impl Event {
    fn kind(&self) -> &'static str {
        match self {
            Self::Recorded(_) => "recorded",
            Self::Deleting(_) => "deleting",
            Self::Deleted(_) => "deleted",
            Self::Expired(_) => "expired",
            Self::Failed(..) => "failed",
        }
    }

    fn public_id(&self) -> &PublicId {
        match self {
            Self::Recorded(id)
            | Self::Deleting(id)
            | Self::Deleted(id)
            | Self::Expired(id)
            | Self::Failed(id, _) => id,
        }
    }
}

/// Parameters of one upload besides the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadParams {
    /// `image`, `video`, `raw` or `auto` (default).
    pub resource_type: Option<String>,
    /// Whitelisted unsigned parameters (`folder`, `tags`, `public_id`, ...).
    pub fields: Vec<(String, String)>,
}

type Listener = Rc<dyn Fn(&Event)>;

struct Inner {
    endpoint: Endpoint,
    preset: Option<String>,
    ledger: RefCell<Ledger>,
    listeners: RefCell<Vec<(u32, Listener)>>,
    next_listener: Cell<u32>,
    expiry: RefCell<Option<Timeout>>,
}

/// Tracks delete tokens of this page's uploads and deletes by token. Cheap to clone (shared).
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
    /// Validates `options` and makes an empty client.
    pub fn new(options: ClientOptions) -> Result<Self, Error> {
        let endpoint = Endpoint::new(options.api_host.as_deref(), &options.cloud_name)?;
        if let Some(preset) = &options.upload_preset {
            cloudinary::validate_preset(preset)?;
        }
        if options.safety_margin >= options.token_lifetime {
            return Err(Error::Config(
                "safetyMarginMs must be shorter than tokenLifetimeMs".into(),
            ));
        }
        Ok(Self(Rc::new(Inner {
            endpoint,
            preset: options.upload_preset,
            ledger: RefCell::new(Ledger::new(options.token_lifetime, options.safety_margin)),
            listeners: RefCell::default(),
            next_listener: Cell::new(0),
            expiry: RefCell::default(),
        })))
    }

    /// Runs `f` on the ledger (read only).
    pub fn with_ledger<R>(&self, f: impl FnOnce(&Ledger) -> R) -> R {
        f(&self.0.ledger.borrow())
    }

    fn entry(&self, id: &PublicId) -> Result<Entry, Error> {
        self.with_ledger(|l| l.get(id).cloned())
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

    /// Records an upload response; harmless if already recorded.
    pub fn record(&self, response: UploadResponse) -> Result<Entry, Error> {
        let upload = response.into_upload()?;
        let id = upload.public_id.clone();
        let recorded = self.0.ledger.borrow_mut().record(upload, now());
        if recorded == crate::ledger::Recorded::New {
            self.schedule_expiry();
            self.emit(Event::Recorded(id.clone()));
        }
        self.entry(&id)
    }

    /// Uploads `file` unsigned with the configured preset and records the response.
    pub async fn upload(
        &self,
        file: &Blob,
        params: &UploadParams,
        on_progress: Rc<dyn Fn(f64, f64)>,
        signal: Option<&AbortSignal>,
    ) -> Result<Entry, Error> {
        let preset = self
            .0
            .preset
            .as_deref()
            .ok_or_else(|| Error::Config("upload() needs the uploadPreset option".into()))?;
        let url = self
            .0
            .endpoint
            .upload_url(params.resource_type.as_deref().unwrap_or("auto"));
        let js = |e: JsValue| Error::Config(format!("cannot build the upload form: {e:?}"));
        let form = FormData::new().map_err(js)?;
        form.append_with_str("upload_preset", preset).map_err(js)?;
        for (k, v) in &params.fields {
            form.append_with_str(k, v).map_err(js)?;
        }
        form.append_with_blob("file", file).map_err(js)?;
        let reply = http::post_multipart(&url, &form, &[], on_progress, signal).await?;
        let response = cloudinary::interpret_upload(reply.status, reply.json())?;
        self.record(response)
    }

    /// Deletes the asset by token. Transient failures are retried with backoff while the window
    /// allows; a confirmed delete is never sent again.
    pub async fn delete(&self, id: &PublicId) -> Result<Entry, Error> {
        let token = match self.0.ledger.borrow_mut().begin_delete(id, now()) {
            Ok(token) => token,
            Err(e) => {
                // Refusing to send can itself expire the entry (deadline passed): tell listeners.
                if matches!(e, Error::TokenExpired { .. }) {
                    self.emit(Event::Expired(id.clone()));
                }
                return Err(e);
            }
        };
        self.emit(Event::Deleting(id.clone()));
        let request = self.0.endpoint.delete_request(&token);
        drop(token);
        let mut backoff = Millis(400);
        let outcome = loop {
            let result = match http::post_form(&request).await {
                Ok(reply) => cloudinary::interpret_delete(reply.status, reply.json()),
                Err(e) => Err(e),
            };
            match result {
                Err(e)
                    if e.is_transient()
                        && self.with_ledger(|l| l.may_retry(id, now() + backoff)) =>
                {
                    gloo_timers::future::TimeoutFuture::new(backoff.0 as u32).await;
                    backoff = Millis(backoff.0 * 2).min(Millis(8_000));
                }
                other => break other,
            }
        };
        let state = self
            .0
            .ledger
            .borrow_mut()
            .finish_delete(id, outcome.clone(), now());
        self.schedule_expiry();
        match (state, outcome) {
            (State::Deleted, _) => self.emit(Event::Deleted(id.clone())),
            (State::Expired, Err(e)) => {
                self.emit(Event::Expired(id.clone()));
                return Err(e);
            }
            (_, Err(e)) => {
                self.emit(Event::Failed(id.clone(), e.clone()));
                return Err(e);
            }
            (_, Ok(())) => {}
        }
        self.entry(id)
    }

    /// Stops tracking `id` without deleting it.
    pub fn forget(&self, id: &PublicId) -> bool {
        let forgotten = self.0.ledger.borrow_mut().forget(id);
        self.schedule_expiry();
        forgotten
    }

    /// Expires what is due now and arms a timer for the next deadline, so entries expire by
    /// themselves with no request sent.
    fn schedule_expiry(&self) {
        let now = now();
        let expired = self.0.ledger.borrow_mut().expire_due(now);
        let next = self.with_ledger(Ledger::next_deadline);
        let timer = next.map(|deadline| {
            let weak: Weak<Inner> = Rc::downgrade(&self.0);
            // +1 ms: the deadline itself counts as expired (half-open window).
            let delay = (deadline - now)
                .0
                .saturating_add(1)
                .min(u64::from(i32::MAX as u32)) as u32;
            Timeout::new(delay, move || {
                if let Some(inner) = weak.upgrade() {
                    Client(inner).schedule_expiry();
                }
            })
        });
        // Replacing the old Timeout drops (cancels) it.
        *self.0.expiry.borrow_mut() = timer;
        for id in expired {
            self.emit(Event::Expired(id));
        }
    }
}

/// An entry as JavaScript sees it (see `LedgerEntry` in `api.d.ts`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryView<'a> {
    public_id: &'a str,
    secure_url: Option<&'a str>,
    original_filename: Option<&'a str>,
    state: &'static str,
    deadline: f64,
    remaining_ms: f64,
    error: Option<ErrorView>,
}

#[derive(Serialize)]
struct ErrorView {
    name: &'static str,
    message: String,
}

fn entry_to_js(entry: &Entry, now: Millis) -> JsValue {
    let view = EntryView {
        public_id: entry.public_id.as_str(),
        secure_url: entry.secure_url.as_deref(),
        original_filename: entry.original_filename.as_deref(),
        state: entry.state.as_str(),
        deadline: entry.deadline.0 as f64,
        remaining_ms: entry.remaining(now).0 as f64,
        error: entry.error.as_ref().map(|e| ErrorView {
            name: e.name(),
            message: e.to_string(),
        }),
    };
    serde_wasm_bindgen::to_value(&view).unwrap_or(JsValue::NULL)
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
        let value = if let Some(text) = response.as_string() {
            js_sys::JSON::parse(&text)
                .map_err(|_| Error::InvalidResponse("the string is not JSON".into()))?
        } else {
            response
        };
        if !value.is_object() || Array::is_array(&value) {
            return Err(Error::InvalidResponse(
                "expected an upload response object or its JSON text".into(),
            )
            .into());
        }
        let parsed: UploadResponse = serde_wasm_bindgen::from_value(value)
            .map_err(|e| Error::InvalidResponse(e.to_string()))?;
        let entry = self.client.record(parsed)?;
        Ok(entry_to_js(&entry, now()))
    }

    /// Uploads `file` with the unsigned preset and records the response.
    /// `options`: `{ resourceType?, folder?, tags?, publicId?, context?, onProgress?(loaded, total), signal? }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<LedgerEntry>")]
    pub fn upload(
        &self,
        file: Blob,
        #[wasm_bindgen(unchecked_param_type = "UploadOptions")] options: JsValue,
    ) -> js_sys::Promise {
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
                    "folder" | "publicId" | "context" | "tags" => {
                        let text = if Array::is_array(&value) {
                            Array::from(&value)
                                .iter()
                                .filter_map(|v| v.as_string())
                                .collect::<Vec<_>>()
                                .join(",")
                        } else {
                            string_option(&key, &value)?
                        };
                        let name = if key == "publicId" {
                            "public_id".to_owned()
                        } else {
                            key.clone()
                        };
                        params.fields.push((name, text));
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

    /// Calls `listener({ type, publicId, error? })` on every event; returns an unsubscribe function.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: ClientEvent) => void")] listener: Function,
    ) -> JsValue {
        let id = self.client.subscribe(Rc::new(move |event: &Event| {
            let obj = Object::new();
            let _ = Reflect::set(&obj, &"type".into(), &event.kind().into());
            let _ = Reflect::set(&obj, &"publicId".into(), &event.public_id().as_str().into());
            if let Event::Failed(_, e) = event {
                let _ = Reflect::set(&obj, &"error".into(), &JsValue::from(e.clone()));
            }
            let _ = listener.call1(&JsValue::NULL, &obj);
        }));
        let client = self.client.clone();
        Closure::once_into_js(move || client.unsubscribe(id))
    }
}
