//! `<Widget>`: drop, paste or pick files; watch each upload's progress; undo each within its
//! delete window, or all at once. UI layer: talks to [`crate::api::Client`] only.

use std::{
    cell::{OnceCell, RefCell},
    collections::HashSet,
    rc::Rc,
};

use gloo_timers::callback::Interval;
use js_sys::Array;
use wasm_bindgen::{JsCast, prelude::wasm_bindgen};
use web_sys::{AbortController, File, FileList, HtmlInputElement};
use yew::prelude::*;

use super::i18n::{Strings, fill, plural, strings};
use crate::{
    Error, PublicId,
    api::{
        Client, ClientOptions, DEFAULT_CONCURRENCY, Event as ClientEvent, StorageKind,
        UploadOptions, now,
    },
    ledger::{Entry, State},
    time::{Millis, mm_ss},
};

#[wasm_bindgen(module = "/src/ui/countdown.js")]
extern "C" {
    #[wasm_bindgen(js_name = tickCountdowns)]
    fn tick_countdowns(root: &web_sys::Element, now: f64, labels: &Array);
}

/// Props of [`Widget`].
#[derive(Debug, Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// Cloudinary cloud name.
    pub cloud_name: AttrValue,
    /// Unsigned upload preset with "Return delete token" on.
    pub upload_preset: AttrValue,
    /// API origin (default `https://api.cloudinary.com`).
    #[prop_or_default]
    pub api_host: Option<AttrValue>,
    /// The language: `"en"` (default), `"de"`, `"fr"`, `"es"` or `"ja"`; English otherwise.
    #[prop_or(AttrValue::Static("en"))]
    pub locale: AttrValue,
    /// Where entries persist: `"session"` (default), `"local"` or `"memory"`.
    #[prop_or_default]
    pub storage: Option<AttrValue>,
    /// Largest file accepted, in bytes.
    #[prop_or_default]
    pub max_file_size: Option<u64>,
    /// Accepted types, as in `<input accept>`: `"image/*,.pdf"`.
    #[prop_or_default]
    pub accept: Option<AttrValue>,
    /// Called with the public id when an upload is recorded.
    #[prop_or_default]
    pub on_recorded: Callback<AttrValue>,
    /// Called with the public id when a delete is confirmed.
    #[prop_or_default]
    pub on_deleted: Callback<AttrValue>,
    /// Called with the public id when a window closes unused.
    #[prop_or_default]
    pub on_expired: Callback<AttrValue>,
    /// Called with the public id when a delete fails.
    #[prop_or_default]
    pub on_failed: Callback<AttrValue>,
    /// Called with the widget's client whenever it makes one (at the first render, and when the
    /// configuration changes): for `record()` of uploads made elsewhere.
    #[prop_or_default]
    pub on_client: Callback<Client>,
}

/// What configures the widget's client: the client is made again when, and only when, one of
/// these changes. Callbacks, locale and file limits are read at each render instead.
#[derive(Debug, Clone, PartialEq)]
struct ClientConfig {
    cloud_name: AttrValue,
    upload_preset: AttrValue,
    api_host: Option<AttrValue>,
    storage: Option<AttrValue>,
}

impl From<&WidgetProps> for ClientConfig {
    fn from(props: &WidgetProps) -> Self {
        Self {
            cloud_name: props.cloud_name.clone(),
            upload_preset: props.upload_preset.clone(),
            api_host: props.api_host.clone(),
            storage: props.storage.clone(),
        }
    }
}

/// Where a file that has no entry (yet) stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Uploading { loaded: f64, total: f64 },
    Failed(String),
    Cancelled,
    Refused(String),
    NoToken,
}

/// A file being uploaded, or one that did not become an entry.
#[derive(Debug, Clone)]
struct Pending {
    key: u32,
    file: File,
    stage: Stage,
    abort: Option<AbortController>,
    preview: Option<String>,
}

impl Pending {
    fn release(&self) {
        if let Some(url) = &self.preview {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    }
}

type Pendings = Rc<RefCell<Vec<Pending>>>;

fn client_for(props: &ClientConfig) -> Result<Client, String> {
    let mut options = ClientOptions::new(props.cloud_name.as_str());
    options.upload_preset = Some(props.upload_preset.to_string());
    options.api_host = props.api_host.as_ref().map(|h| h.to_string());
    options.storage = match props.storage.as_deref() {
        Some("local") => StorageKind::Local,
        Some("memory") => StorageKind::Memory,
        _ => StorageKind::Session,
    };
    Client::new(options).map_err(|e| e.to_string())
}

/// "N uploads … were restored", in the plural form `live` takes.
fn restored_text(t: &Strings, live: usize) -> String {
    let template = plural(t, live, t.said_restored_one, t.said_restored);
    fill(template, &[("count", &live.to_string())])
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} B"),
    }
}

/// Why `file` is refused by the widget's limits, if it is.
fn refusal(file: &File, props: &WidgetProps, t: &Strings) -> Option<String> {
    if let Some(max) = props.max_file_size.filter(|max| file.size() > *max as f64) {
        return Some(fill(t.too_large, &[("size", &human_size(max))]));
    }
    let accept = props.accept.as_deref().filter(|a| !a.trim().is_empty())?;
    let (mime, name) = (
        file.type_().to_ascii_lowercase(),
        file.name().to_ascii_lowercase(),
    );
    let ok = accept
        .split(',')
        .map(str::trim)
        .map(str::to_ascii_lowercase)
        .any(|rule| match rule.strip_suffix("/*") {
            Some(family) => mime.starts_with(&format!("{family}/")),
            None if rule.starts_with('.') => name.ends_with(&rule),
            None => mime == rule,
        });
    (!ok).then(|| fill(t.wrong_type, &[("types", accept)]))
}

fn display_name(entry: &Entry) -> String {
    entry
        .original_filename
        .clone()
        .unwrap_or_else(|| entry.public_id.to_string())
}

fn is_image_url(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Uploads files to Cloudinary and lists them with the time left to undo each.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let client = use_memo(ClientConfig::from(props), client_for);
    // The latest props, for listeners made once per client: a parent that re-renders with fresh
    // callbacks (they compare by identity) must not get a new client.
    let latest = use_mut_ref(|| props.clone());
    *latest.borrow_mut() = props.clone();
    let t = strings(&props.locale);
    let update = use_force_update();
    let pending: Pendings = use_mut_ref(Vec::new);
    let next_key = use_mut_ref(|| 0_u32);
    let announcement = use_state(String::new);
    let confirming = use_state(|| false);
    let told_minute = use_mut_ref(HashSet::<PublicId>::new);
    let input = use_node_ref();

    // Client events: announce, call the props' callbacks, re-render.
    {
        let (update, announcement, latest) = (update.clone(), announcement.clone(), latest.clone());
        use_effect_with(client.clone(), move |client| {
            let subscription = client.as_ref().as_ref().ok().map(|c| {
                latest.borrow().on_client.emit(c.clone());
                let handle = c.clone();
                let said_restored = announcement.clone();
                let listener = Rc::new(move |event: &ClientEvent| {
                    let props = latest.borrow().clone();
                    let t = strings(&props.locale);
                    let name_of = |id: &PublicId| {
                        handle
                            .with_ledger(|l| l.get(id).map(display_name))
                            .unwrap_or_else(|| id.to_string())
                    };
                    let said =
                        |template: &str, id: &PublicId| fill(template, &[("name", &name_of(id))]);
                    let id_value = |id: &PublicId| AttrValue::from(id.to_string());
                    match event {
                        ClientEvent::Recorded(id) => {
                            let left = handle
                                .with_ledger(|l| l.get(id).map(|e| mm_ss(e.remaining(now()))))
                                .unwrap_or_default();
                            announcement.set(fill(
                                t.said_recorded,
                                &[("name", &name_of(id)), ("time", &left)],
                            ));
                            props.on_recorded.emit(id_value(id));
                        }
                        ClientEvent::Restored(_) => {
                            let live = handle.with_ledger(|l| {
                                l.entries()
                                    .iter()
                                    .filter(|e| e.state == State::Live)
                                    .count()
                            });
                            announcement.set(restored_text(t, live));
                        }
                        ClientEvent::Deleted(id) => {
                            announcement.set(said(t.said_deleted, id));
                            props.on_deleted.emit(id_value(id));
                        }
                        ClientEvent::Expired(id) => {
                            announcement.set(said(t.said_expired, id));
                            props.on_expired.emit(id_value(id));
                        }
                        ClientEvent::Failed(id, _) => {
                            announcement.set(said(t.said_failed, id));
                            props.on_failed.emit(id_value(id));
                        }
                        ClientEvent::Deleting(_)
                        | ClientEvent::Progress { .. }
                        | ClientEvent::Warning(_) => {}
                    }
                    update.force_update();
                });
                let id = c.subscribe(listener);
                // A new client restores entries before this effect runs (and may have told no one
                // yet): whatever is live now was restored.
                let live = c.with_ledger(|l| {
                    l.entries()
                        .iter()
                        .filter(|e| e.state == State::Live)
                        .count()
                });
                if live > 0 {
                    said_restored.set(restored_text(t, live));
                }
                (c.clone(), id)
            });
            move || {
                if let Some((client, id)) = subscription {
                    client.unsubscribe(id);
                }
            }
        });
    }

    // One shared ticker for every countdown. It does not re-render: it rewrites only the texts
    // and bars that changed (see `tickCountdowns`), and says "one minute left" once per entry.
    let list = use_node_ref();
    {
        let (announcement, told_minute, list, latest) = (
            announcement.clone(),
            told_minute.clone(),
            list.clone(),
            latest.clone(),
        );
        use_effect_with(client.clone(), move |client| {
            let client = client.as_ref().as_ref().ok().cloned();
            let labels = OnceCell::new();
            let tick = Interval::new(1_000, move || {
                let Some(client) = &client else { return };
                // Every label a countdown can show, formatted once, at the first tick rather
                // than while the page starts.
                let labels: &Array = labels.get_or_init(|| {
                    (0..=client.with_ledger(|l| l.window()).ceil_secs())
                        .map(|s| wasm_bindgen::JsValue::from(mm_ss(Millis::from_secs(s))))
                        .collect()
                });
                let now = now();
                if let Some(root) = list.cast::<web_sys::Element>() {
                    tick_countdowns(&root, now.0 as f64, labels);
                }
                let minute = Millis::from_secs(60);
                let due: Vec<(PublicId, String)> = client.with_ledger(|l| {
                    l.entries()
                        .iter()
                        .filter(|e| {
                            e.state == State::Live
                                && e.remaining(now) <= minute
                                && !told_minute.borrow().contains(&e.public_id)
                        })
                        .map(|e| (e.public_id.clone(), display_name(e)))
                        .collect()
                });
                let t = strings(&latest.borrow().locale);
                for (id, name) in due {
                    told_minute.borrow_mut().insert(id);
                    announcement.set(fill(t.said_minute, &[("name", &name)]));
                }
            });
            move || drop(tick)
        });
    }

    let client = match client.as_ref() {
        Ok(client) => client.clone(),
        Err(message) => {
            return html! { <section class="cdt" aria-label={t.region}><p class="cdt-error" role="alert">{ message.clone() }</p></section> };
        }
    };

    let add_files = {
        let (client, pending, next_key, update, props) = (
            client.clone(),
            pending.clone(),
            next_key.clone(),
            update.clone(),
            props.clone(),
        );
        Callback::from(move |files: FileList| {
            for file in (0..files.length()).filter_map(|i| files.get(i)) {
                let key = {
                    let mut k = next_key.borrow_mut();
                    *k += 1;
                    *k
                };
                let preview = file
                    .type_()
                    .starts_with("image/")
                    .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                    .flatten();
                let stage = match refusal(&file, &props, t) {
                    Some(why) => Stage::Refused(why),
                    None => Stage::Uploading {
                        loaded: 0.0,
                        total: file.size(),
                    },
                };
                let start = matches!(stage, Stage::Uploading { .. });
                pending.borrow_mut().push(Pending {
                    key,
                    file,
                    stage,
                    abort: None,
                    preview,
                });
                if start {
                    start_upload(&client, key, &pending, &update);
                }
            }
            update.force_update();
        })
    };

    let on_input = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(files) = input.files() {
                add_files.emit(files);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let add_files = add_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                add_files.emit(files);
            }
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_paste = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let Some(files) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.files())
            else {
                return;
            };
            if files.length() > 0 {
                e.prevent_default();
                add_files.emit(files);
            }
        })
    };
    let open_picker = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };

    let entries: Vec<Entry> = client.with_ledger(|l| l.entries().iter().rev().cloned().collect());
    let live = entries.iter().filter(|e| e.state == State::Live).count();
    let any_deleted = entries.iter().any(|e| e.state == State::Deleted);
    let window = client.with_ledger(|l| l.window());
    let pending_rows: Vec<Pending> = pending.borrow().clone();

    let delete_all = {
        let (confirming, client) = (confirming.clone(), client.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            let client = client.clone();
            yew::platform::spawn_local(async move {
                client.delete_all(DEFAULT_CONCURRENCY).await;
            });
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let keep = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };

    html! {
        <section class="cdt" aria-label={t.region} lang={t.locale} onpaste={on_paste}>
            <div class="cdt-drop" ondrop={on_drop} ondragover={on_dragover}>
                <p class="cdt-drop-text">
                    { t.drop_here }{ " " }
                    <button type="button" class="cdt-choose" onclick={open_picker}>{ t.choose }</button>
                </p>
                <p class="cdt-hint">{ t.paste_hint }</p>
                <input ref={input} class="cdt-input" type="file" multiple=true tabindex="-1" aria-hidden="true"
                    accept={props.accept.clone()} onchange={on_input} />
            </div>
            if entries.is_empty() && pending_rows.is_empty() {
                <p class="cdt-empty">{ t.empty }</p>
            }
            <ul class="cdt-list" ref={list}>
                { for pending_rows.iter().map(|p| pending_row(p, t, &client, &pending, &update)) }
                { for entries.into_iter().map(|entry| {
                    let key = format!("{}@{}", entry.public_id, entry.deadline.0);
                    html! { <EntryRow {key} {entry} {window} {t} client={client.clone()} /> }
                }) }
            </ul>
            if live > 0 {
                <div class="cdt-all">
                    if *confirming {
                        <p class="cdt-confirm" role="alert">{ fill(plural(t, live, t.confirm_all_one, t.confirm_all), &[("count", &live.to_string())]) }</p>
                        <button type="button" class="cdt-danger" onclick={delete_all}>{ t.confirm_yes }</button>
                        <button type="button" class="cdt-secondary" onclick={keep}>{ t.confirm_no }</button>
                    } else {
                        <button type="button" class="cdt-delete-all" onclick={ask}>{ t.delete_all }</button>
                    }
                </div>
            }
            if any_deleted {
                <p class="cdt-note">{ t.cdn_note }</p>
            }
            <div class="cdt-sr" role="status" aria-live="polite">{ (*announcement).clone() }</div>
        </section>
    }
}

/// Starts (or restarts) the upload of pending file `key`.
fn start_upload(client: &Client, key: u32, pending: &Pendings, update: &UseForceUpdateHandle) {
    let Some(file) = pending
        .borrow()
        .iter()
        .find(|p| p.key == key)
        .map(|p| p.file.clone())
    else {
        return;
    };
    let abort = AbortController::new().ok();
    let signal = abort.as_ref().map(AbortController::signal);
    if let Some(p) = pending.borrow_mut().iter_mut().find(|p| p.key == key) {
        p.stage = Stage::Uploading {
            loaded: 0.0,
            total: file.size(),
        };
        p.abort = abort;
    }
    let progress = {
        let (pending, update) = (pending.clone(), update.clone());
        Rc::new(move |loaded: f64, total: f64| {
            if let Some(p) = pending.borrow_mut().iter_mut().find(|p| p.key == key) {
                p.stage = Stage::Uploading { loaded, total };
            }
            update.force_update();
        })
    };
    let (client, pending, update) = (client.clone(), pending.clone(), update.clone());
    yew::platform::spawn_local(async move {
        let result = client
            .upload(&file, &UploadOptions::default(), progress, signal.as_ref())
            .await;
        let mut list = pending.borrow_mut();
        let stage = match result {
            Ok(_) => None,
            Err(Error::Aborted) => Some(Stage::Cancelled),
            Err(Error::NoDeleteToken) => Some(Stage::NoToken),
            // The row already says "Upload failed": show Cloudinary's reason and the status.
            Err(Error::UploadFailed { status, message }) => {
                Some(Stage::Failed(format!("{message} (HTTP {status})")))
            }
            Err(e) => Some(Stage::Failed(e.to_string())),
        };
        match stage {
            None => list.retain(|p| {
                let done = p.key == key;
                if done {
                    p.release();
                }
                !done
            }),
            Some(stage) => {
                if let Some(p) = list.iter_mut().find(|p| p.key == key) {
                    p.stage = stage;
                    p.abort = None;
                }
            }
        }
        drop(list);
        update.force_update();
    });
}

fn thumbnail(src: Option<&str>) -> Html {
    match src {
        // Decorative: the file name next to it says what it is.
        Some(src) => {
            html! { <img class="cdt-thumb" src={src.to_owned()} alt="" width="40" height="40" /> }
        }
        None => html! { <span class="cdt-thumb cdt-thumb-none" aria-hidden="true"></span> },
    }
}

fn pending_row(
    p: &Pending,
    t: &'static Strings,
    client: &Client,
    pending: &Pendings,
    update: &UseForceUpdateHandle,
) -> Html {
    let name = p.file.name();
    let key = p.key;
    let dismiss = {
        let (pending, update) = (pending.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            pending.borrow_mut().retain(|p| {
                let gone = p.key == key;
                if gone {
                    p.release();
                }
                !gone
            });
            update.force_update();
        })
    };
    let retry = {
        let (client, pending, update) = (client.clone(), pending.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            start_upload(&client, key, &pending, &update);
            update.force_update();
        })
    };
    let cancel = {
        let abort = p.abort.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(abort) = &abort {
                abort.abort();
            }
        })
    };
    let (status, class) = match &p.stage {
        Stage::Uploading { loaded, total } => (
            // Whole bytes: formatting an f64 would pull float printing into the wasm.
            html! { <progress class="cdt-progress" max={(total.max(1.0) as u64).to_string()} value={(*loaded as u64).to_string()}
            aria-label={fill(t.uploading, &[("name", &name)])} /> },
            "cdt-item cdt-uploading",
        ),
        Stage::Failed(reason) => (
            html! { <span class="cdt-error">{ fill(t.upload_failed, &[("reason", reason)]) }</span> },
            "cdt-item cdt-failed",
        ),
        Stage::Cancelled => (
            html! { <span class="cdt-status">{ t.cancelled }</span> },
            "cdt-item cdt-cancelled",
        ),
        Stage::Refused(reason) => (
            html! { <span class="cdt-error">{ reason.clone() }</span> },
            "cdt-item cdt-refused",
        ),
        Stage::NoToken => (
            html! { <span class="cdt-error">{ t.no_token }</span> },
            "cdt-item cdt-no-token",
        ),
    };
    html! {
        <li class={class} key={format!("p{key}")}>
            { thumbnail(p.preview.as_deref()) }
            <span class="cdt-name">{ name.clone() }</span>
            { status }
            if matches!(p.stage, Stage::Uploading { .. }) {
                <button type="button" class="cdt-secondary" onclick={cancel} aria-label={format!("{} {name}", t.cancel)}>{ t.cancel }</button>
            }
            if matches!(p.stage, Stage::Failed(_) | Stage::Cancelled) {
                <button type="button" class="cdt-secondary" onclick={retry} aria-label={format!("{} {name}", t.retry)}>{ t.retry }</button>
            }
            if !matches!(p.stage, Stage::Uploading { .. }) {
                <button type="button" class="cdt-secondary" onclick={dismiss} aria-label={format!("{} {name}", t.dismiss)}>{ t.dismiss }</button>
            }
        </li>
    }
}

/// Props of [`EntryRow`].
#[derive(Debug, Clone, Properties)]
struct EntryRowProps {
    entry: Entry,
    window: Millis,
    t: &'static Strings,
    client: Client,
}

/// Equal when the entry is: a row re-renders only when its own entry changed, not on every
/// event of the client (a `deleteAll` of 1,000 would otherwise rebuild 1,000 rows per reply).
impl PartialEq for EntryRowProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.window == other.window
            && std::ptr::eq(self.t, other.t)
            && self.client == other.client
    }
}

/// One tracked upload: its time left (kept current by the ticker, not by re-rendering) and Undo.
#[component]
fn EntryRow(props: &EntryRowProps) -> Html {
    let EntryRowProps {
        entry,
        window,
        t,
        client,
    } = props;
    let (window, t) = (*window, *t);
    let left = entry.remaining(now());
    let id = entry.public_id.clone();
    let name = display_name(entry);
    let deadline = entry.deadline.0.to_string();
    let status = match entry.state {
        State::Live => {
            // "{time} left to undo": m:ss is its own text node, which the ticker rewrites in place.
            let (before, after) = t
                .time_left
                .split_once("{time}")
                .unwrap_or(("", t.time_left));
            html! { <span class="cdt-status">{ before }<span class="cdt-time" data-deadline={deadline.clone()}>{ mm_ss(left) }</span>{ after }</span> }
        }
        State::Deleting => html! { <span class="cdt-status">{ t.deleting }</span> },
        State::Deleted => html! { <span class="cdt-status">{ t.deleted }</span> },
        State::Expired => html! { <span class="cdt-status">{ t.expired }</span> },
        State::Failed => {
            let reason = entry
                .error
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            html! { <span class="cdt-error">{ fill(t.failed, &[("reason", &reason)]) }</span> }
        }
    };
    let row_id = format!(
        "cdt-row-{}",
        id.as_str()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let on_undo = {
        let (client, id, row_id) = (client.clone(), id.clone(), row_id.clone());
        Callback::from(move |_: MouseEvent| {
            // The button is about to disappear: keep focus on its row, not on <body>.
            if let Some(row) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&row_id))
                && let Ok(row) = row.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = row.focus();
            }
            let (client, id) = (client.clone(), id.clone());
            yew::platform::spawn_local(async move {
                // The outcome shows through the entry's state; events re-render.
                let _ = client.delete(&id).await;
            });
        })
    };
    let thumb = entry.secure_url.as_deref().filter(|u| is_image_url(u));
    html! {
        <li class="cdt-item" id={row_id} tabindex="-1" data-public-id={id.to_string()} data-state={entry.state.as_str()}>
            { thumbnail(thumb) }
            <span class="cdt-name">{ name.clone() }</span>
            { status }
            if entry.state == State::Live {
                <progress class="cdt-window" data-deadline={deadline} max={window.0.to_string()} value={left.0.to_string()}
                    aria-label={fill(t.window_bar, &[("name", &name)])} />
                <button type="button" class="cdt-undo" onclick={on_undo} aria-label={fill(t.undo_label, &[("name", &name)])}>{ t.undo }</button>
            }
        </li>
    }
}
