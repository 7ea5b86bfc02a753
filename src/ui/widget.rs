//! `<Widget>`: drop, paste or pick files; watch each upload's progress; undo each within its
//! delete window, or all at once. UI layer: talks to [`crate::api::Client`] only, through the
//! same public view the npm module offers (its entries and events).

use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement};
use yew::prelude::*;

use super::{
    hooks::{ClientConfig, use_client, use_client_events, use_countdown},
    i18n::{Strings, fill, plural, strings},
    pending::{PendingAction, PendingList, pending_row, start_upload},
    row::EntryRow,
};
use crate::{
    api::{Client, DEFAULT_CONCURRENCY},
    ledger::State,
};

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

/// Uploads files to Cloudinary and lists them with the time left to undo each.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let client = use_client(ClientConfig::from(props));
    // The latest props, for listeners made once per client: a parent that re-renders with fresh
    // callbacks (they compare by identity) must not get a new client.
    let latest = use_mut_ref(|| props.clone());
    *latest.borrow_mut() = props.clone();
    let t = strings(&props.locale);
    let announcement = use_state(String::new);
    let entries = use_client_events(client.clone(), latest.clone(), announcement.clone());
    let list = use_node_ref();
    use_countdown(
        client.clone(),
        list.clone(),
        entries.clone(),
        latest,
        announcement.clone(),
    );
    let pending = use_reducer(PendingList::default);
    let next_key = use_mut_ref(|| 0_u32);
    let confirming = use_state(|| false);
    let input = use_node_ref();

    let client = match client.as_ref() {
        Ok(client) => client.clone(),
        Err(message) => {
            return html! { <section class="cdt" aria-label={t.region}><p class="cdt-error" role="alert">{ message.clone() }</p></section> };
        }
    };

    let add_files = {
        let (client, dispatch, props) = (client.clone(), pending.dispatcher(), props.clone());
        Callback::from(move |files: FileList| {
            for file in (0..files.length()).filter_map(|i| files.get(i)) {
                let key = {
                    let mut k = next_key.borrow_mut();
                    *k += 1;
                    *k
                };
                let refused = refusal(&file, &props, t);
                let start = refused.is_none();
                dispatch.dispatch(PendingAction::Added {
                    key,
                    file: file.clone(),
                    refused,
                });
                if start {
                    start_upload(&client, key, file, dispatch.clone());
                }
            }
        })
    };
    let on_retry = {
        let (client, pending) = (client.clone(), pending.clone());
        Callback::from(move |key: u32| {
            if let Some(p) = pending.items.iter().find(|p| p.key == key) {
                start_upload(&client, key, p.file.clone(), pending.dispatcher());
            }
        })
    };
    let on_dismiss = {
        let dispatch = pending.dispatcher();
        Callback::from(move |key| dispatch.dispatch(PendingAction::Dismissed(key)))
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

    let live = entries.iter().filter(|e| e.state == State::Live).count();
    let any_deleted = entries.iter().any(|e| e.state == State::Deleted);
    let window = client.window();

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
            if entries.is_empty() && pending.items.is_empty() {
                <p class="cdt-empty">{ t.empty }</p>
            }
            <ul class="cdt-list" ref={list}>
                { for pending.items.iter().map(|p| pending_row(p, t, &on_retry, &on_dismiss)) }
                { for entries.iter().rev().cloned().map(|entry| {
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
