//! One tracked upload in the widget's list: its name, thumbnail, time left and Undo; past its
//! window, with a signer, a permanent Delete.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use std::rc::Rc;

use super::i18n::{Strings, Text, fill};
use crate::{
    api::{Client, now},
    ledger::{Entry, State, Via},
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
    // The path ends at the query or fragment (by bytes, as `Strings::new` cuts a tag).
    let end = (url.bytes().position(|b| b == b'?' || b == b'#')).unwrap_or(url.len());
    let path = url[..end].to_ascii_lowercase();
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
    pub t: Rc<Strings>,
    pub client: Client,
    /// Its position in the list, and the list's size.
    pub place: (usize, usize),
}

/// Equal when the entry is: a row re-renders only when its own entry changed, not on every
/// event of the client (a `deleteAll` of 1,000 would otherwise rebuild 1,000 rows per reply).
impl PartialEq for EntryRowProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.window == other.window
            && self.t == other.t
            && self.client == other.client
            && self.place == other.place
    }
}

/// Why the last delete failed, in the row's words.
fn failure(entry: &Entry, t: &Strings) -> Html {
    let reason = entry.error().map(ToString::to_string).unwrap_or_default();
    html! { <span class="cdt-error">{ fill(&t.get(Text::Failed), &[("reason", &reason)]) }</span> }
}

/// What a row says of its entry's state: for a live one, its time left (`left`, until
/// `deadline`) with the m:ss as its own text node, which the ticker rewrites in place; past
/// the window (`signed`: deleted by signature), that a delete is permanent, or why the last one
/// failed.
fn status_view(entry: &Entry, signed: bool, t: &Strings, left: Millis, deadline: &str) -> Html {
    match entry.state() {
        State::Live if signed => match entry.error() {
            Some(_) => failure(entry, t),
            None => html! { <span class="cdt-status">{ t.get(Text::Permanent) }</span> },
        },
        State::Live => {
            // "{time} left to undo": m:ss is its own text node, which the ticker rewrites in place.
            let template = t.get(Text::TimeLeft);
            // Found by its `{` (a `char` search): a `&str` pattern would link std's Two-Way
            // substring search into the wasm, about 1.8 KB.
            let at =
                (template.match_indices('{')).find(|(at, _)| template[*at..].starts_with("{time}"));
            let (before, after) = match at {
                Some((at, _)) => (&template[..at], &template[at + "{time}".len()..]),
                None => ("", &template[..]),
            };
            let (before, after) = (before.to_owned(), after.to_owned());
            html! { <span class="cdt-status">{ before }<span class="cdt-time" data-deadline={deadline.to_owned()}>{ mm_ss(left) }</span>{ after }</span> }
        }
        State::Deleting => html! { <span class="cdt-status">{ t.get(Text::Deleting) }</span> },
        State::Deleted => html! { <span class="cdt-status">{ t.get(Text::Deleted) }</span> },
        State::Expired => {
            let at = t.time(entry.deadline);
            html! { <span class="cdt-status">{ fill(&t.get(Text::Expired), &[("time", &at)]) }</span> }
        }
        State::Failed => failure(entry, t),
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
        place,
    } = props;
    let window = *window;
    let left = entry.remaining(now());
    let id = entry.public_id.clone();
    let name = display_name(entry);
    let deadline = entry.deadline.0.to_string();
    let signed = entry.delete_via() == Some(Via::Signed);
    let status = status_view(entry, signed, t, left, &deadline);
    let on_undo = {
        let (client, id) = (client.clone(), id.clone());
        Callback::from(move |e: MouseEvent| {
            // The button is about to disappear: keep focus on its row, not on <body>.
            let button: web_sys::Element = e.target_unchecked_into();
            if let Ok(Some(row)) = button.closest(".cdt-item")
                && let Ok(row) = row.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = row.focus();
            }
            // The outcome shows through the entry's state; events re-render.
            client.delete(&id, |_| {});
        })
    };
    let thumb = entry.secure_url.as_deref().filter(|u| is_image_url(u));
    html! {
        <li class="cdt-item" tabindex="-1" data-public-id={id.to_string()} data-state={entry.state().as_str()}
            data-via={signed.then_some("signed")}
            aria-posinset={place.0.to_string()} aria-setsize={place.1.to_string()}>
            { thumbnail(thumb) }
            <span class="cdt-name">{ name.clone() }</span>
            { status }
            if entry.state() == State::Live && signed {
                <button type="button" class="cdt-undo" onclick={on_undo} aria-label={fill(&t.get(Text::DeleteSignedLabel), &[("name", &name)])}>{ t.get(Text::DeleteSigned) }</button>
            } else if entry.state() == State::Live {
                <progress class="cdt-window" data-deadline={deadline} max={window.0.to_string()} value={left.0.to_string()}
                    aria-label={fill(&t.get(Text::WindowBar), &[("name", &name)])} />
                <button type="button" class="cdt-undo" onclick={on_undo} aria-label={fill(&t.get(Text::UndoLabel), &[("name", &name)])}>{ t.get(Text::Undo) }</button>
            }
        </li>
    }
}
