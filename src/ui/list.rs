//! The widget's list, windowed: pending files first, then the entries newest first, of which
//! only the rows near the list's viewport exist in the DOM. Two spacer rows stand for the others
//! (`widget.js` sizes them from the rows' measured height), so the scroll height is the whole
//! list's; each row says its place (`aria-posinset` of `aria-setsize`) for screen readers, and
//! keyboard order holds because rows past the viewport are rendered too: focusing one scrolls
//! it into view, which moves the window on.

use std::{ops::Range, rc::Rc};

use js_sys::Array;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::{
    i18n::Strings,
    pending::pending_row,
    row::EntryRow,
    state::{Action, WidgetState},
};
use crate::api::Client;

#[wasm_bindgen(module = "/src/ui/widget.js")]
extern "C" {
    /// `[first, end]`, as an array of two numbers.
    #[wasm_bindgen(js_name = windowRows)]
    fn window_rows(list: &HtmlElement, first: u32, total: u32) -> Array;
}

/// Which entries to render in the list under `list` (by place, newest first), and its scroll
/// listener: after each render and each scroll, the spacers are sized and the window moved to
/// the viewport.
#[hook]
pub(super) fn use_window_rows(
    list: NodeRef,
    state: &UseReducerHandle<WidgetState>,
) -> (Range<usize>, Callback<Event>) {
    let total = state.entries.len();
    let first = state.rows.0.min(total);
    let end = state.rows.1.clamp(first, total);
    let relayout = {
        let dispatch = state.dispatcher();
        move || {
            if let Some(list) = list.cast::<HtmlElement>() {
                let rows = window_rows(&list, first as u32, total as u32);
                let at = |i| rows.get(i).as_f64().unwrap_or_default() as usize;
                dispatch.dispatch(Action::Scrolled(at(0), at(1)));
            }
        }
    };
    use_effect(relayout.clone());
    (first..end, Callback::from(move |_: Event| relayout()))
}

/// What the list shows.
pub(super) struct ListView<'a> {
    pub list: NodeRef,
    pub on_scroll: Callback<Event>,
    /// The entries to render, by place in the list (newest first).
    pub rows: Range<usize>,
    pub state: &'a UseReducerHandle<WidgetState>,
    pub client: &'a Client,
    pub t: &'a Rc<Strings>,
}

impl ListView<'_> {
    /// The `<ul>`: pending rows, a spacer, the window of entries, a spacer.
    pub(super) fn render(self) -> Html {
        let ListView {
            list,
            on_scroll,
            rows,
            state,
            client,
            t,
        } = self;
        let entries = &state.entries;
        let before = state.pending.len();
        let size = before + entries.len();
        let window = client.window();
        html! {
            <ul class="cdt-list" ref={list} onscroll={on_scroll}>
                { for state.pending.iter().enumerate().map(|(i, p)| pending_row(p, t, state, client, (i + 1, size))) }
                <li class="cdt-pad" key="pad-top" aria-hidden="true"></li>
                { for rows.map(|i| {
                    let entry = entries[entries.len() - 1 - i].clone();
                    let key = format!("{}@{}", entry.public_id, entry.deadline.0);
                    html! { <EntryRow {key} {entry} {window} t={t.clone()} client={client.clone()} place={(before + i + 1, size)} /> }
                }) }
                <li class="cdt-pad" key="pad-end" aria-hidden="true"></li>
            </ul>
        }
    }
}
