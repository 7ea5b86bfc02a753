//! Files the widget is uploading, or that did not become an entry (refused, failed, cancelled,
//! no token): the upload task and their rows. Where each stands ([`Pending`], [`Stage`]) is
//! the widget's state (`state.rs`), changed through its reducer.

use std::rc::Rc;

use web_sys::{AbortController, File};
use yew::prelude::*;

use super::{
    i18n::{Strings, Text, fill},
    row::thumbnail,
    state::{Action, Pending, Stage, WidgetState},
};
use crate::{
    api::{Client, UploadOptions},
    error::Error,
};

/// The object URL of `file`'s thumbnail: images only. Made as the file arrives, outside the
/// reducer (which does no I/O); [`use_previews`] revokes it.
pub(super) fn preview_of(file: &File) -> Option<String> {
    if !file.type_().starts_with("image/") {
        return None;
    }
    web_sys::Url::create_object_url_with_blob(file).ok()
}

/// Revokes each thumbnail's object URL once its row is gone (uploaded or dismissed), and those
/// left when the widget goes: a URL keeps its file in memory until it is revoked. It compares
/// one render's previews with the last's, so a URL is revoked only after a render without it.
#[hook]
pub(super) fn use_previews(pending: &[Pending]) {
    let shown = use_mut_ref(Vec::<String>::new);
    // A loop that pushes: `collect` brings its own first-element-then-extend code.
    let mut now: Vec<String> = Vec::new();
    for url in pending.iter().filter_map(|p| p.preview.as_ref()) {
        now.push(url.clone());
    }
    {
        let shown = shown.clone();
        use_effect_with(now, move |now| {
            for url in shown.borrow().iter().filter(|url| !now.contains(url)) {
                let _ = web_sys::Url::revoke_object_url(url);
            }
            *shown.borrow_mut() = now.clone();
        });
    }
    use_effect_with((), move |()| {
        move || {
            for url in shown.borrow().iter() {
                let _ = web_sys::Url::revoke_object_url(url);
            }
        }
    });
}

/// Uploads pending file `key` with `client`, reporting to `dispatch` as it goes.
pub(super) fn start_upload(
    client: &Client,
    key: u32,
    file: File,
    dispatch: UseReducerDispatcher<WidgetState>,
) {
    let abort = AbortController::new().ok();
    let signal = abort.as_ref().map(AbortController::signal);
    dispatch.dispatch(Action::Started { key, abort });
    let progress = {
        let dispatch = dispatch.clone();
        Rc::new(move |loaded: f64, total: f64| {
            dispatch.dispatch(Action::Progress { key, loaded, total });
        })
    };
    client.upload(
        &file,
        &UploadOptions::default(),
        progress,
        signal.as_ref(),
        move |result| {
            dispatch.dispatch(match result {
                Ok(_) => Action::Finished(key),
                Err(Error::Aborted) => Action::Failed(key, Stage::Cancelled),
                Err(Error::NoDeleteToken) => Action::Failed(key, Stage::NoToken),
                // The row already says "Upload failed": show Cloudinary's reason and the status.
                Err(Error::UploadFailed { status, message }) => {
                    Action::Failed(key, Stage::Failed(format!("{message} (HTTP {status})")))
                }
                Err(e) => Action::Failed(key, Stage::Failed(e.to_string())),
            })
        },
    );
}

/// What a pending row says of its stage, and the row's class.
fn stage_view(stage: &Stage, t: &Strings, name: &str) -> (Html, &'static str) {
    match stage {
        Stage::Uploading { loaded, total } => (
            // Whole bytes: formatting an f64 would pull float printing into the wasm.
            html! { <progress class="cdt-progress" max={(total.max(1.0) as u64).to_string()} value={(*loaded as u64).to_string()}
            aria-label={fill(&t.get(Text::Uploading), &[("name", name)])} /> },
            "cdt-item cdt-uploading",
        ),
        Stage::Failed(reason) => (
            html! { <span class="cdt-error">{ fill(&t.get(Text::UploadFailed), &[("reason", reason)]) }</span> },
            "cdt-item cdt-failed",
        ),
        Stage::Cancelled => (
            html! { <span class="cdt-status">{ t.get(Text::Cancelled) }</span> },
            "cdt-item cdt-cancelled",
        ),
        Stage::Refused(reason) => (
            html! { <span class="cdt-error">{ reason.clone() }</span> },
            "cdt-item cdt-refused",
        ),
        Stage::NoToken => (
            html! { <span class="cdt-error">{ t.get(Text::NoToken) }</span> },
            "cdt-item cdt-no-token",
        ),
    }
}

/// The row of one pending file, at `place` (its position and the list's size): its progress
/// (with Cancel), or why it did not become an entry (with Retry where that can help, and
/// Dismiss). A function, not a component: the list holds few pending files, and a component's
/// props and comparisons cost more wasm than they save.
pub(super) fn pending_row(
    p: &Pending,
    t: &Strings,
    list: &UseReducerHandle<WidgetState>,
    client: &Client,
    place: (usize, usize),
) -> Html {
    let name = p.file.name();
    let key = p.key;
    let dismiss = {
        let dispatch = list.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Dismissed(key)))
    };
    let retry = {
        let (client, file, dispatch) = (client.clone(), p.file.clone(), list.dispatcher());
        Callback::from(move |_: MouseEvent| {
            start_upload(&client, key, file.clone(), dispatch.clone())
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
    let (status, class) = stage_view(&p.stage, t, &name);
    let button = |text: Text, onclick: Callback<MouseEvent>| {
        let label = t.get(text);
        html! { <button type="button" class="cdt-secondary" {onclick} aria-label={format!("{label} {name}")}>{ label }</button> }
    };
    html! {
        <li class={class} key={format!("p{key}")} aria-posinset={place.0.to_string()} aria-setsize={place.1.to_string()}>
            { thumbnail(p.preview.as_deref()) }
            <span class="cdt-name">{ name.clone() }</span>
            { status }
            if matches!(p.stage, Stage::Uploading { .. }) {
                { button(Text::Cancel, cancel) }
            }
            if matches!(p.stage, Stage::Failed(_) | Stage::Cancelled) {
                { button(Text::Retry, retry) }
            }
            if !matches!(p.stage, Stage::Uploading { .. }) {
                { button(Text::Dismiss, dismiss) }
            }
        </li>
    }
}
