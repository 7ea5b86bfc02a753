//! Files the widget is uploading, or that did not become an entry (refused, failed, cancelled,
//! no token): their state as a reducer, its actions, the upload task and their rows.

use std::rc::Rc;

use web_sys::{AbortController, File};
use yew::prelude::*;

use super::{
    i18n::{Strings, fill},
    row::thumbnail,
};
use crate::{
    api::{Client, UploadOptions},
    error::Error,
};

/// Where a file that has no entry (yet) stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stage {
    Uploading { loaded: f64, total: f64 },
    Failed(String),
    Cancelled,
    Refused(String),
    NoToken,
}

/// A file being uploaded, or one that did not become an entry.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub key: u32,
    pub file: File,
    pub stage: Stage,
    pub abort: Option<AbortController>,
    pub preview: Option<String>,
}

/// What happens to pending files.
#[derive(Debug)]
pub(super) enum PendingAction {
    /// A file arrived, as `key`; `refused` says why the widget's limits refuse it.
    Added {
        key: u32,
        file: File,
        refused: Option<String>,
    },
    /// Its upload started (again), abortable with `abort`.
    Started {
        key: u32,
        abort: Option<AbortController>,
    },
    Progress {
        key: u32,
        loaded: f64,
        total: f64,
    },
    /// It became an entry: the row goes.
    Finished(u32),
    /// It did not: the row stays, saying why.
    Failed(u32, Stage),
    /// Dismissed by the user.
    Dismissed(u32),
}

/// Every pending file, in arrival order.
#[derive(Debug, Default)]
pub(super) struct PendingList {
    pub items: Vec<Pending>,
}

impl Reducible for PendingList {
    type Action = PendingAction;

    fn reduce(self: Rc<Self>, action: PendingAction) -> Rc<Self> {
        let mut next = PendingList {
            items: self.items.clone(),
        };
        match action {
            PendingAction::Added { key, file, refused } => {
                let preview = file
                    .type_()
                    .starts_with("image/")
                    .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                    .flatten();
                let stage = match refused {
                    Some(why) => Stage::Refused(why),
                    None => Stage::Uploading {
                        loaded: 0.0,
                        total: file.size(),
                    },
                };
                next.items.push(Pending {
                    key,
                    file,
                    stage,
                    abort: None,
                    preview,
                });
            }
            PendingAction::Started { key, abort } => {
                if let Some(p) = next.items.iter_mut().find(|p| p.key == key) {
                    p.stage = Stage::Uploading {
                        loaded: 0.0,
                        total: p.file.size(),
                    };
                    p.abort = abort;
                }
            }
            PendingAction::Progress { key, loaded, total } => {
                if let Some(p) = next.items.iter_mut().find(|p| p.key == key) {
                    p.stage = Stage::Uploading { loaded, total };
                }
            }
            PendingAction::Failed(key, stage) => {
                if let Some(p) = next.items.iter_mut().find(|p| p.key == key) {
                    p.stage = stage;
                    p.abort = None;
                }
            }
            PendingAction::Finished(key) | PendingAction::Dismissed(key) => {
                next.items.retain(|p| {
                    let gone = p.key == key;
                    if let Some(url) = p.preview.as_deref().filter(|_| gone) {
                        let _ = web_sys::Url::revoke_object_url(url);
                    }
                    !gone
                });
            }
        }
        Rc::new(next)
    }
}

/// Uploads pending file `key` with `client`, reporting to `dispatch` as it goes.
pub(super) fn start_upload(
    client: &Client,
    key: u32,
    file: File,
    dispatch: UseReducerDispatcher<PendingList>,
) {
    let abort = AbortController::new().ok();
    let signal = abort.as_ref().map(AbortController::signal);
    dispatch.dispatch(PendingAction::Started { key, abort });
    let progress = {
        let dispatch = dispatch.clone();
        Rc::new(move |loaded: f64, total: f64| {
            dispatch.dispatch(PendingAction::Progress { key, loaded, total });
        })
    };
    let client = client.clone();
    yew::platform::spawn_local(async move {
        let result = client
            .upload(&file, &UploadOptions::default(), progress, signal.as_ref())
            .await;
        dispatch.dispatch(match result {
            Ok(_) => PendingAction::Finished(key),
            Err(Error::Aborted) => PendingAction::Failed(key, Stage::Cancelled),
            Err(Error::NoDeleteToken) => PendingAction::Failed(key, Stage::NoToken),
            // The row already says "Upload failed": show Cloudinary's reason and the status.
            Err(Error::UploadFailed { status, message }) => {
                PendingAction::Failed(key, Stage::Failed(format!("{message} (HTTP {status})")))
            }
            Err(e) => PendingAction::Failed(key, Stage::Failed(e.to_string())),
        });
    });
}

/// The row of one pending file: its progress (with Cancel), or why it did not become an entry
/// (with Retry where that can help, and Dismiss). A function, not a component: the list holds
/// few pending files, and a component's props and comparisons cost more wasm than they save.
pub(super) fn pending_row(
    p: &Pending,
    t: &'static Strings,
    on_retry: &Callback<u32>,
    on_dismiss: &Callback<u32>,
) -> Html {
    let name = p.file.name();
    let key = p.key;
    let dismiss = on_dismiss.reform(move |_: MouseEvent| key);
    let retry = on_retry.reform(move |_: MouseEvent| key);
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
