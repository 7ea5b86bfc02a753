//! `<Widget>`: pick files, watch them upload, and undo each within its delete window.

use std::{cell::RefCell, rc::Rc};

use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{
    PublicId,
    api::{Client, ClientOptions, UploadParams, now},
    ledger::{Entry, State},
    time::mm_ss,
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
}

/// An upload still in flight or failed before a response.
#[derive(Debug, Clone)]
struct Pending {
    key: u32,
    name: String,
    loaded: f64,
    total: f64,
    error: Option<String>,
}

fn client_for(props: &WidgetProps) -> Result<Client, String> {
    let mut options = ClientOptions::new(props.cloud_name.as_str());
    options.upload_preset = Some(props.upload_preset.to_string());
    options.api_host = props.api_host.as_ref().map(|h| h.to_string());
    Client::new(options).map_err(|e| e.to_string())
}

/// Uploads files to Cloudinary and lists them with the time left to undo each.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let client = use_memo(props.clone(), client_for);
    let update = use_force_update();
    let pending = use_mut_ref(Vec::<Pending>::new);
    let next_key = use_mut_ref(|| 0_u32);

    // Re-render on every client event and once a second for the countdowns.
    {
        let update = update.clone();
        use_effect_with(client.clone(), move |client| {
            let subscription = client.as_ref().as_ref().ok().map(|c| {
                let update = update.clone();
                (
                    c.clone(),
                    c.subscribe(Rc::new(move |_| update.force_update())),
                )
            });
            let tick = Interval::new(1_000, move || update.force_update());
            move || {
                drop(tick);
                if let Some((client, id)) = subscription {
                    client.unsubscribe(id);
                }
            }
        });
    }

    let client = match client.as_ref() {
        Ok(client) => client.clone(),
        Err(message) => {
            return html! { <section class="cdt"><p class="cdt-error" role="alert">{ message.clone() }</p></section> };
        }
    };

    let on_files = {
        let (client, pending, next_key, update) = (
            client.clone(),
            pending.clone(),
            next_key.clone(),
            update.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(files) = input.files() else { return };
            for i in 0..files.length() {
                let Some(file) = files.get(i) else { continue };
                let key = {
                    let mut k = next_key.borrow_mut();
                    *k += 1;
                    *k
                };
                pending.borrow_mut().push(Pending {
                    key,
                    name: file.name(),
                    loaded: 0.0,
                    total: file.size(),
                    error: None,
                });
                start_upload(client.clone(), file, key, pending.clone(), update.clone());
            }
            input.set_value("");
            update.force_update();
        })
    };

    let t = now();
    let entries: Vec<Entry> = client.with_ledger(|l| l.entries().iter().rev().cloned().collect());
    html! {
        <section class="cdt" aria-label="Uploads you can undo">
            <label class="cdt-pick">
                { "Choose files to upload" }
                <input type="file" multiple=true onchange={on_files} />
            </label>
            <ul class="cdt-list">
                { for pending.borrow().iter().map(|p| html! {
                    <li class="cdt-item cdt-uploading" key={format!("p{}", p.key)}>
                        <span class="cdt-name">{ p.name.clone() }</span>
                        if let Some(err) = &p.error {
                            <span class="cdt-error" role="alert">{ err.clone() }</span>
                        } else {
                            <progress max={p.total.max(1.0).to_string()} value={p.loaded.to_string()} aria-label={format!("Uploading {}", p.name)} />
                        }
                    </li>
                }) }
                { for entries.iter().map(|e| row(e, t, &client)) }
            </ul>
        </section>
    }
}

fn start_upload(
    client: Client,
    file: web_sys::File,
    key: u32,
    pending: Rc<RefCell<Vec<Pending>>>,
    update: UseForceUpdateHandle,
) {
    let progress = {
        let (pending, update) = (pending.clone(), update.clone());
        Rc::new(move |loaded: f64, total: f64| {
            if let Some(p) = pending.borrow_mut().iter_mut().find(|p| p.key == key) {
                p.loaded = loaded;
                p.total = total;
            }
            update.force_update();
        })
    };
    yew::platform::spawn_local(async move {
        let result = client
            .upload(&file, &UploadParams::default(), progress, None)
            .await;
        let mut list = pending.borrow_mut();
        match result {
            Ok(_) => list.retain(|p| p.key != key),
            Err(e) => {
                if let Some(p) = list.iter_mut().find(|p| p.key == key) {
                    p.error = Some(e.to_string());
                }
            }
        }
        drop(list);
        update.force_update();
    });
}

fn row(entry: &Entry, now: crate::time::Millis, client: &Client) -> Html {
    let id = entry.public_id.clone();
    let name = entry
        .original_filename
        .clone()
        .unwrap_or_else(|| id.to_string());
    let status = match entry.state {
        State::Live => format!("{} left to undo", mm_ss(entry.remaining(now))),
        State::Deleting => "Deleting…".to_owned(),
        State::Deleted => "Deleted".to_owned(),
        State::Expired => "Undo window closed".to_owned(),
        State::Failed => format!(
            "Delete failed: {}",
            entry
                .error
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
    };
    let on_undo = {
        let client = client.clone();
        let id: PublicId = id.clone();
        Callback::from(move |_: MouseEvent| {
            let (client, id) = (client.clone(), id.clone());
            yew::platform::spawn_local(async move {
                // The outcome is shown through the entry's state; the event re-renders.
                let _ = client.delete(&id).await;
            });
        })
    };
    html! {
        <li class="cdt-item" key={id.to_string()} data-public-id={id.to_string()} data-state={entry.state.as_str()}>
            <span class="cdt-name">{ name.clone() }</span>
            <span class="cdt-status">{ status }</span>
            if entry.state == State::Live {
                <button type="button" class="cdt-undo" onclick={on_undo} aria-label={format!("Undo upload of {name}")}>{ "Undo" }</button>
            }
        </li>
    }
}
