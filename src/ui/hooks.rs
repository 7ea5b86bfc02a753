//! The widget's hooks: its client (one per configuration), the client's events (entries kept
//! current, announcements, the page's callbacks) and the countdown ticker.

use std::{
    cell::{OnceCell, RefCell},
    collections::HashSet,
    rc::Rc,
};

use gloo_timers::callback::Interval;
use js_sys::Array;
use wasm_bindgen::prelude::wasm_bindgen;
use yew::prelude::*;

use super::{
    i18n::{Strings, fill, plural, strings},
    row::display_name,
    widget::WidgetProps,
};
use crate::{
    api::{Client, ClientOptions, Event, StorageKind, now},
    ledger::{Entry, State},
    time::{Millis, mm_ss},
    token::PublicId,
};

#[wasm_bindgen(module = "/src/ui/countdown.js")]
extern "C" {
    #[wasm_bindgen(js_name = tickCountdowns)]
    fn tick_countdowns(root: &web_sys::Element, now: f64, labels: &Array);
}

/// What configures the widget's client: the client is made again when, and only when, one of
/// these changes. Callbacks, locale and file limits are read at each render instead.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ClientConfig {
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

fn client_for(config: &ClientConfig) -> Result<Client, String> {
    let mut options = ClientOptions::new(config.cloud_name.as_str());
    options.upload_preset = Some(config.upload_preset.to_string());
    options.api_host = config.api_host.as_ref().map(|h| h.to_string());
    options.storage = match config.storage.as_deref() {
        Some("local") => StorageKind::Local,
        Some("memory") => StorageKind::Memory,
        _ => StorageKind::Session,
    };
    Client::new(options).map_err(|e| e.to_string())
}

/// The client for `config`, or why it cannot be made; the same client until `config` changes.
#[hook]
pub(super) fn use_client(config: ClientConfig) -> Rc<Result<Client, String>> {
    use_memo(config, client_for)
}

/// "N uploads … were restored", in the plural form `live` takes.
fn restored_text(t: &Strings, live: usize) -> String {
    let template = plural(t, live, t.said_restored_one, t.said_restored);
    fill(template, &[("count", &live.to_string())])
}

fn live_count(entries: &[Entry]) -> usize {
    entries.iter().filter(|e| e.state == State::Live).count()
}

/// The client's entries, kept current by its events, which are also announced (through
/// `announcement`) and passed to the callbacks of the latest props.
#[hook]
pub(super) fn use_client_events(
    client: Rc<Result<Client, String>>,
    latest: Rc<RefCell<WidgetProps>>,
    announcement: UseStateHandle<String>,
) -> Rc<Vec<Entry>> {
    let entries = {
        let client = client.clone();
        use_state(move || {
            Rc::new(
                client
                    .as_ref()
                    .as_ref()
                    .map(Client::entries)
                    .unwrap_or_default(),
            )
        })
    };
    {
        let entries = entries.clone();
        use_effect_with(client, move |client| {
            let subscription = client.as_ref().as_ref().ok().map(|c| {
                latest.borrow().on_client.emit(c.clone());
                entries.set(Rc::new(c.entries()));
                let handle = c.clone();
                let said = announcement.clone();
                let locale = latest.borrow().locale.clone();
                let listener = Rc::new(move |event: &Event| {
                    let props = latest.borrow().clone();
                    let t = strings(&props.locale);
                    let name_of = |id: &PublicId| {
                        handle
                            .get(id)
                            .map_or_else(|| id.to_string(), |e| display_name(&e))
                    };
                    let about = |template: &str, id: &PublicId| {
                        said.set(fill(template, &[("name", &name_of(id))]));
                        AttrValue::from(id.to_string())
                    };
                    match event {
                        Event::Recorded(id) => {
                            let left = handle
                                .get(id)
                                .map(|e| mm_ss(e.remaining(now())))
                                .unwrap_or_default();
                            let name = name_of(id);
                            said.set(fill(t.said_recorded, &[("name", &name), ("time", &left)]));
                            props.on_recorded.emit(AttrValue::from(id.to_string()));
                        }
                        Event::Restored(_) => {
                            said.set(restored_text(t, live_count(&handle.entries())));
                        }
                        Event::Deleted(id) => props.on_deleted.emit(about(t.said_deleted, id)),
                        Event::Expired(id) => props.on_expired.emit(about(t.said_expired, id)),
                        Event::Failed(id, _) => props.on_failed.emit(about(t.said_failed, id)),
                        Event::Deleting(_) | Event::Progress { .. } | Event::Warning(_) => {}
                    }
                    entries.set(Rc::new(handle.entries()));
                });
                let id = c.subscribe(listener);
                // A new client restores entries before this effect runs (and may have told no one
                // yet): whatever is live now was restored.
                let live = live_count(&c.entries());
                if live > 0 {
                    announcement.set(restored_text(strings(&locale), live));
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
    (*entries).clone()
}

/// One shared ticker for every countdown of the list under `list`. It does not re-render: it
/// rewrites only the texts and bars that changed (`countdown.js`), and announces "one minute
/// left" once per entry, from the entries the widget last rendered (deadlines never move).
#[hook]
pub(super) fn use_countdown(
    client: Rc<Result<Client, String>>,
    list: NodeRef,
    entries: Rc<Vec<Entry>>,
    latest: Rc<RefCell<WidgetProps>>,
    announcement: UseStateHandle<String>,
) {
    let shown = use_mut_ref(Rc::default);
    *shown.borrow_mut() = entries;
    let told_minute = use_mut_ref(HashSet::<PublicId>::new);
    use_effect_with(client, move |client| {
        let window = client.as_ref().as_ref().ok().map(Client::window);
        let labels = OnceCell::new();
        let tick = Interval::new(1_000, move || {
            let Some(window) = window else { return };
            // Every label a countdown can show, formatted once, at the first tick rather than
            // while the page starts.
            let labels: &Array = labels.get_or_init(|| {
                (0..=window.ceil_secs())
                    .map(|s| wasm_bindgen::JsValue::from(mm_ss(Millis::from_secs(s))))
                    .collect()
            });
            let now = now();
            if let Some(root) = list.cast::<web_sys::Element>() {
                tick_countdowns(&root, now.0 as f64, labels);
            }
            let minute = Millis::from_secs(60);
            let t = strings(&latest.borrow().locale);
            let entries: Rc<Vec<Entry>> = shown.borrow().clone();
            for e in entries.iter().filter(|e| {
                e.state == State::Live
                    && e.remaining(now) <= minute
                    && !told_minute.borrow().contains(&e.public_id)
            }) {
                told_minute.borrow_mut().insert(e.public_id.clone());
                announcement.set(fill(t.said_minute, &[("name", &display_name(e))]));
            }
        });
        move || drop(tick)
    });
}
