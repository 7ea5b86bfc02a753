//! `<Widget>`: drop, paste or pick files; watch each upload's progress; undo each within its
//! delete window, or all at once. UI layer: talks to [`crate::api::Client`] only, through the
//! same public view the npm module offers (its entries and events).

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement};
use yew::prelude::*;

use super::{
    hooks::{ClientConfig, use_client, use_client_events, use_countdown},
    i18n::{Strings, Text, fill},
    list::{ListView, use_window_rows},
    pending::{preview_of, start_upload, use_previews},
    props::WidgetProps,
    state::{Action, WidgetState},
};
use crate::{
    api::{Client, DEFAULT_CONCURRENCY},
    ledger::{Entry, State},
};

/// Why `file` is refused by the widget's limits, if it is.
fn refusal(file: &File, props: &WidgetProps, t: &Strings) -> Option<String> {
    if let Some(max) = props.max_file_size.filter(|max| file.size() > *max as f64) {
        return Some(fill(&t.get(Text::TooLarge), &[("size", &t.size(max))]));
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
    (!ok).then(|| fill(&t.get(Text::WrongType), &[("types", accept)]))
}

/// Uploads files to Cloudinary and lists them with the time left to undo each.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let client = use_client(ClientConfig::from(props));
    // The latest props, for listeners made once per client: a parent that re-renders with fresh
    // callbacks (they compare by identity) must not get a new client.
    let latest = use_mut_ref(|| props.clone());
    *latest.borrow_mut() = props.clone();
    let t = Rc::new(props.strings());
    let state = {
        let client = client.clone();
        use_reducer(move || WidgetState::new(entries_of(&client)))
    };
    use_client_events(client.clone(), latest.clone(), state.dispatcher());
    use_previews(&state.pending);
    let list = use_node_ref();
    use_countdown(
        client.clone(),
        list.clone(),
        state.entries.clone(),
        latest,
        state.dispatcher(),
    );
    let next_key = use_mut_ref(|| 0_u32);
    let input = use_node_ref();
    let (rows, on_scroll) = use_window_rows(list.clone(), &state);

    let client = match client.as_ref() {
        Ok(client) => client.clone(),
        Err(message) => {
            return html! { <section class="cdt" aria-label={t.get(Text::Region)}><p class="cdt-error" role="alert">{ message.clone() }</p></section> };
        }
    };
    let add_files = file_adder(&client, state.dispatcher(), props, &t, next_key);
    let entries = &state.entries;
    let list = ListView {
        list,
        on_scroll,
        rows,
        state: &state,
        client: &client,
        t: &t,
    };
    html! {
        <section class="cdt" aria-label={t.get(Text::Region)} lang={t.lang().clone()} onpaste={on_paste(&add_files)}>
            { drop_zone(props, &t, &add_files, &input) }
            if entries.is_empty() && state.pending.is_empty() {
                <p class="cdt-empty">{ t.get(Text::Empty) }</p>
            }
            { list.render() }
            { delete_all_bar(&state, &client, &t) }
            if entries.iter().any(|e| e.state() == State::Deleted) {
                <p class="cdt-note">{ t.get(Text::CdnNote) }</p>
            }
            <div class="cdt-sr" role="status" aria-live="polite">{ state.announcement.clone() }</div>
        </section>
    }
}

/// The entries of the widget's client (none if it could not be made).
fn entries_of(client: &Result<Client, String>) -> Vec<Entry> {
    client.as_ref().map(Client::entries).unwrap_or_default()
}

/// Adds files: each becomes a pending row, refused with a reason or uploading at once.
fn file_adder(
    client: &Client,
    dispatch: UseReducerDispatcher<WidgetState>,
    props: &WidgetProps,
    t: &Rc<Strings>,
    next_key: Rc<RefCell<u32>>,
) -> Callback<FileList> {
    let (client, props, t) = (client.clone(), props.clone(), t.clone());
    Callback::from(move |files: FileList| {
        for file in (0..files.length()).filter_map(|i| files.get(i)) {
            let key = {
                let mut k = next_key.borrow_mut();
                *k += 1;
                *k
            };
            let refused = refusal(&file, &props, &t);
            let start = refused.is_none();
            dispatch.dispatch(Action::Added {
                key,
                file: file.clone(),
                refused,
                preview: preview_of(&file),
            });
            if start {
                start_upload(&client, key, file, dispatch.clone());
            }
        }
    })
}

/// Pasted files are added; other pastes are left to the page.
fn on_paste(add_files: &Callback<FileList>) -> Callback<Event> {
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
}

/// Where files are dropped or picked: a button opens the (visually hidden) file input.
fn drop_zone(
    props: &WidgetProps,
    t: &Strings,
    add_files: &Callback<FileList>,
    input: &NodeRef,
) -> Html {
    let on_input = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
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
    let open_picker = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    html! {
        <div class="cdt-drop" ondrop={on_drop} ondragover={on_dragover}>
            <p class="cdt-drop-text">
                { t.get(Text::DropHere) }{ " " }
                <button type="button" class="cdt-choose" onclick={open_picker}>{ t.get(Text::Choose) }</button>
            </p>
            <p class="cdt-hint">{ t.get(Text::PasteHint) }</p>
            <input ref={input} class="cdt-input" type="file" multiple=true tabindex="-1" aria-hidden="true"
                accept={props.accept.clone()} onchange={on_input} />
        </div>
    }
}

/// "Delete all", and its confirmation, while any entry is live.
fn delete_all_bar(state: &UseReducerHandle<WidgetState>, client: &Client, t: &Strings) -> Html {
    let live = state
        .entries
        .iter()
        .filter(|e| e.state() == State::Live)
        .count();
    if live == 0 {
        return Html::default();
    }
    let confirm = |to: bool| {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Confirm(to)))
    };
    if !state.confirming {
        return html! {
            <div class="cdt-all">
                <button type="button" class="cdt-delete-all" onclick={confirm(true)}>{ t.get(Text::DeleteAll) }</button>
            </div>
        };
    }
    let delete_all = {
        let (dispatch, client) = (state.dispatcher(), client.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::Confirm(false));
            // Each outcome shows through its entry's state; events re-render.
            client.delete_all(DEFAULT_CONCURRENCY, |_| {});
        })
    };
    let question = t.plural(live, Text::ConfirmAllOne, Text::ConfirmAll);
    html! {
        <div class="cdt-all">
            <p class="cdt-confirm" role="alert">{ fill(&question, &[("count", &live.to_string())]) }</p>
            <button type="button" class="cdt-danger" onclick={delete_all}>{ t.get(Text::ConfirmYes) }</button>
            <button type="button" class="cdt-secondary" onclick={confirm(false)}>{ t.get(Text::ConfirmNo) }</button>
        </div>
    }
}
