//! One tracked upload in the widget's list: its name, thumbnail, time left and Undo.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::i18n::{Strings, fill};
use crate::{
    api::{Client, now},
    ledger::{Entry, State},
    time::{Millis, mm_ss},
};

/// The name a row shows: the file's own, else the public id.
pub(super) fn display_name(entry: &Entry) -> String {
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

/// A small preview, or a blank box of the same size.
pub(super) fn thumbnail(src: Option<&str>) -> Html {
    match src {
        // Decorative: the file name next to it says what it is.
        Some(src) => {
            html! { <img class="cdt-thumb" src={src.to_owned()} alt="" width="40" height="40" /> }
        }
        None => html! { <span class="cdt-thumb cdt-thumb-none" aria-hidden="true"></span> },
    }
}

/// Props of [`EntryRow`].
#[derive(Debug, Clone, Properties)]
pub(super) struct EntryRowProps {
    pub entry: Entry,
    pub window: Millis,
    pub t: &'static Strings,
    pub client: Client,
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
pub(super) fn EntryRow(props: &EntryRowProps) -> Html {
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
