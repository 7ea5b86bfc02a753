//! The widget's state in one reducer, as in yew's `function_todomvc`: the client's entries, the
//! files pending and where each stands, which entry rows the list renders, the "Delete all"
//! confirmation and the status announcement. Hooks and callbacks change it only through
//! [`Action`]s. A leaf of the widget: the list, the pending rows and the hooks read it and
//! dispatch to it; it names none of them. A pure reducer: it does no I/O, so the thumbnails'
//! object URLs are made before `Added` and revoked after their row goes, in `pending.rs`.

use std::rc::Rc;

use web_sys::{AbortController, File};
use yew::prelude::*;

use crate::ledger::Entry;

/// Rows rendered before the list has been measured: enough to fill a tall list.
const FIRST_RENDER: usize = 40;

/// What happens in the widget.
#[derive(Debug)]
pub(super) enum Action {
    /// The client's entries changed.
    Entries(Rc<Vec<Entry>>),
    /// Tell screen readers this.
    Announce(String),
    /// "Delete all" asks for confirmation (`true`) or stops asking.
    Confirm(bool),
    /// The list's viewport needs entry rows `[first, end)`.
    Scrolled(usize, usize),
    /// A file arrived, as `key`; `refused` says why the widget's limits refuse it; `preview`
    /// is the object URL of its thumbnail (images only), made by the caller.
    Added {
        key: u32,
        file: File,
        refused: Option<String>,
        preview: Option<String>,
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
    /// It became an entry: the row goes (its preview is revoked once it has gone).
    Finished(u32),
    /// It did not: the row stays, saying why.
    Failed(u32, Stage),
    /// Dismissed by the user.
    Dismissed(u32),
}

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
    /// The object URL of its thumbnail; owned by `pending::use_previews`, which revokes it.
    pub preview: Option<String>,
}

impl Pending {
    /// File `key` as it arrives: refused (`refused` says why) or about to upload, with the
    /// object URL of its thumbnail, if it has one.
    pub(super) fn new(
        key: u32,
        file: File,
        refused: Option<String>,
        preview: Option<String>,
    ) -> Self {
        let stage = match refused {
            Some(why) => Stage::Refused(why),
            None => Stage::Uploading {
                loaded: 0.0,
                total: file.size(),
            },
        };
        Self {
            key,
            file,
            stage,
            abort: None,
            preview,
        }
    }
}

/// Everything the widget shows that is not a prop.
#[derive(Debug, Clone)]
pub(super) struct WidgetState {
    /// The client's entries, oldest first.
    pub entries: Rc<Vec<Entry>>,
    /// Every pending file, in arrival order.
    pub pending: Vec<Pending>,
    /// The entry rows rendered, by place in the list (newest first): `[first, end)`.
    pub rows: (usize, usize),
    pub confirming: bool,
    pub announcement: AttrValue,
}

impl WidgetState {
    /// The state of a widget whose client has `entries`.
    pub(super) fn new(entries: Vec<Entry>) -> Self {
        Self {
            entries: Rc::new(entries),
            pending: Vec::new(),
            rows: (0, FIRST_RENDER),
            confirming: false,
            announcement: AttrValue::default(),
        }
    }

    fn pending_mut(&mut self, key: u32) -> Option<&mut Pending> {
        self.pending.iter_mut().find(|p| p.key == key)
    }
}

impl Reducible for WidgetState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Nothing changes: the same state, and no render (scrolling asks on every frame).
        match action {
            Action::Scrolled(first, end) if self.rows == (first, end) => return self,
            Action::Confirm(to) if self.confirming == to => return self,
            _ => {}
        }
        let mut next = (*self).clone();
        match action {
            Action::Entries(entries) => next.entries = entries,
            Action::Announce(text) => next.announcement = text.into(),
            Action::Confirm(to) => next.confirming = to,
            Action::Scrolled(first, end) => next.rows = (first, end),
            Action::Added {
                key,
                file,
                refused,
                preview,
            } => {
                next.pending.push(Pending::new(key, file, refused, preview));
            }
            Action::Started { key, abort } => {
                if let Some(p) = next.pending_mut(key) {
                    p.stage = Stage::Uploading {
                        loaded: 0.0,
                        total: p.file.size(),
                    };
                    p.abort = abort;
                }
            }
            Action::Progress { key, loaded, total } => {
                if let Some(p) = next.pending_mut(key) {
                    p.stage = Stage::Uploading { loaded, total };
                }
            }
            Action::Failed(key, stage) => {
                if let Some(p) = next.pending_mut(key) {
                    p.stage = stage;
                    p.abort = None;
                }
            }
            Action::Finished(key) | Action::Dismissed(key) => {
                next.pending.retain(|p| p.key != key);
            }
        }
        Rc::new(next)
    }
}
