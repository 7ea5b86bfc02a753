//! The widget's hooks: its client (one per configuration), the client's events (entries kept
//! current, announcements, the page's callbacks) and the countdown ticker.

use std::{
    cell::{OnceCell, RefCell},
    hash::BuildHasher,
    rc::Rc,
};

use gloo_timers::callback::Interval;
use js_sys::Array;
use rustc_hash::{FxBuildHasher, FxHashSet};
use wasm_bindgen::prelude::wasm_bindgen;
use yew::prelude::*;

use super::{
    i18n::{Strings, Text, fill},
    props::WidgetProps,
    row::display_name,
    state::{Action, WidgetState},
};
use crate::{
    api::{Client, ClientOptions, Event, Signer, now},
    ledger::{Entry, State, Via},
    options::StorageKind,
    time::{Millis, mm_ss},
    token::PublicId,
};

#[wasm_bindgen(module = "/src/ui/widget.js")]
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
    storage: StorageKind,
    signer: Option<Signer>,
}

impl From<&WidgetProps> for ClientConfig {
    fn from(props: &WidgetProps) -> Self {
        Self {
            cloud_name: props.cloud_name.clone(),
            upload_preset: props.upload_preset.clone(),
            api_host: props.api_host.clone(),
            storage: props.storage,
            signer: props.sign_destroy.clone(),
        }
    }
}

fn client_for(config: &ClientConfig) -> Result<Client, String> {
    let mut options = ClientOptions::new(config.cloud_name.as_str());
    options.upload_preset = Some(config.upload_preset.to_string());
    options.api_host = config.api_host.as_ref().map(|h| h.to_string());
    options.storage = config.storage;
    Client::new(options, config.signer.clone()).map_err(|e| e.to_string())
}

/// The client for `config`, or why it cannot be made; the same client until `config` changes.
#[hook]
pub(super) fn use_client(config: ClientConfig) -> Rc<Result<Client, String>> {
    use_memo(config, client_for)
}

/// "N uploads … were restored", in the plural form `live` takes.
fn restored_text(t: &Strings, live: usize) -> String {
    let template = t.plural(live, Text::SaidRestoredOne, Text::SaidRestored);
    fill(&template, &[("count", &live.to_string())])
}

fn live_count(entries: &[Entry]) -> usize {
    entries.iter().filter(|e| e.state() == State::Live).count()
}

/// Keeps the widget's entries current with its client's events, which are also announced and
/// passed to the callbacks of the latest props.
#[hook]
pub(super) fn use_client_events(
    client: Rc<Result<Client, String>>,
    latest: Rc<RefCell<WidgetProps>>,
    dispatch: UseReducerDispatcher<WidgetState>,
) {
    use_effect_with(client, move |client| {
        let subscription = client.as_ref().as_ref().ok().map(|c| {
            let on_client = latest.borrow().on_client.clone();
            on_client.emit(c.clone());
            // A new client restores entries before this effect runs (and may have told no one
            // yet): whatever is live now was restored.
            let entries = c.entries();
            let live = live_count(&entries);
            dispatch.dispatch(Action::Entries(Rc::new(entries)));
            if live > 0 {
                let t = latest.borrow().strings();
                dispatch.dispatch(Action::Announce(restored_text(&t, live)));
            }
            let handle = c.clone();
            let listener = Rc::new(move |event: &Event| {
                let props = latest.borrow().clone();
                if let Some(said) = said(&handle, &props, event) {
                    dispatch.dispatch(Action::Announce(said));
                }
                dispatch.dispatch(Action::Entries(Rc::new(handle.entries())));
            });
            (c.clone(), c.subscribe(listener))
        });
        move || {
            if let Some((client, id)) = subscription {
                client.unsubscribe(id);
            }
        }
    });
}

/// What to announce of `event`, having passed it to the callbacks of `props`.
fn said(client: &Client, props: &WidgetProps, event: &Event) -> Option<String> {
    let t = props.strings();
    let name_of = |id: &PublicId| {
        client
            .get(id)
            .map_or_else(|| id.to_string(), |e| display_name(&e))
    };
    let about = |text: Text, id: &PublicId, to: &Callback<AttrValue>| {
        to.emit(AttrValue::from(id.to_string()));
        Some(fill(&t.get(text), &[("name", &name_of(id))]))
    };
    match event {
        Event::Recorded(id) => {
            // One lookup for the time left, the name and the way it can be deleted.
            let entry = client.get(id);
            let left = entry.as_ref().map(|e| mm_ss(e.remaining(now())));
            props.on_recorded.emit(AttrValue::from(id.to_string()));
            let name = entry.as_ref().map_or_else(|| id.to_string(), display_name);
            // Recorded without a token: the page's signer deletes it, later.
            let signed = entry.and_then(|e| e.delete_via()) == Some(Via::Signed);
            let text = if signed {
                Text::SaidRecordedSigned
            } else {
                Text::SaidRecorded
            };
            Some(fill(
                &t.get(text),
                &[("name", &name), ("time", &left.unwrap_or_default())],
            ))
        }
        // Only a reload restores: another tab's or client's change (`Changed`) re-renders the
        // rows but is not news to this page's user.
        Event::Restored(_) => Some(restored_text(&t, live_count(&client.entries()))),
        Event::Deleted(id) => about(Text::SaidDeleted, id, &props.on_deleted),
        Event::Expired(id) => about(Text::SaidExpired, id, &props.on_expired),
        Event::Failed(id, _) => about(Text::SaidFailed, id, &props.on_failed),
        Event::Changed(_)
        | Event::Deleting(_)
        | Event::WindowClosed(_)
        | Event::Progress { .. }
        | Event::Warning(_) => None,
    }
}

/// One shared ticker for every countdown of the list under `list`. It does not re-render: it
/// rewrites only the texts and bars that changed (`widget.js`), and announces "one minute
/// left" once per entry, from the entries the widget last rendered (deadlines never move). The
/// entries are looked through only when they change or an announcement falls due, not every
/// second: with thousands of them, that scan was most of a tick.
#[hook]
pub(super) fn use_countdown(
    client: Rc<Result<Client, String>>,
    list: NodeRef,
    entries: Rc<Vec<Entry>>,
    latest: Rc<RefCell<WidgetProps>>,
    dispatch: UseReducerDispatcher<WidgetState>,
) {
    // The entries last rendered, and when the next "one minute left" falls due among them.
    let shown = use_mut_ref(|| (Rc::default(), Millis(0)));
    if !Rc::ptr_eq(&shown.borrow().0, &entries) {
        *shown.borrow_mut() = (entries, Millis(0));
    }
    // The ids told, by their FxHash: a set of `u64` as the ledger keeps its token fingerprints,
    // so no hash table code of its own (two ids alike in 64 bits would share one announcement).
    let told_minute = use_mut_ref(FxHashSet::<u64>::default);
    use_effect_with(client, move |client| {
        let window = client.as_ref().as_ref().ok().map(Client::window);
        let labels = OnceCell::new();
        let tick = Interval::new(1_000, move || {
            let Some(window) = window else { return };
            // Every label a countdown can show, formatted once, at the first tick rather than
            // while the page starts.
            let labels: &Array = labels.get_or_init(|| {
                // A loop that pushes: collecting into an `Array` brings `Extend`'s code.
                let all = Array::new();
                for s in 0..=window.ceil_secs() {
                    all.push(&mm_ss(Millis::from_secs(s)).into());
                }
                all
            });
            let now = now();
            if let Some(root) = list.cast::<web_sys::Element>() {
                tick_countdowns(&root, now.0 as f64, labels);
            }
            let (entries, due): (Rc<Vec<Entry>>, Millis) = shown.borrow().clone();
            if now < due {
                return;
            }
            let mut next = Millis(u64::MAX);
            // Entries kept for a signed delete can be deleted after their window: no warning.
            let closing = |e: &&Entry| e.state() == State::Live && e.keep_until().is_none();
            for e in entries.iter().filter(closing) {
                let at = e.deadline - Millis::from_secs(60);
                if now < at {
                    next = next.min(at);
                } else if told_minute
                    .borrow_mut()
                    .insert(FxBuildHasher.hash_one(e.public_id.as_str()))
                {
                    let t = latest.borrow().strings();
                    dispatch.dispatch(Action::Announce(fill(
                        &t.get(Text::SaidMinute),
                        &[("name", &display_name(e))],
                    )));
                }
            }
            shown.borrow_mut().1 = next;
        });
        move || drop(tick)
    });
}
