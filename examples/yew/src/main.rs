//! The widget in a yew app. The parent re-renders every second with fresh callbacks, as real
//! apps do (a clock, a store, a router): the widget keeps one client, its entries and its
//! uploads in flight, because its client depends only on what configures it.

use cloudinary_delete_token::{options::StorageKind, ui::Widget};
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// `?cloud=&preset=&api=` lets the same page run against the local emulator.
fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

#[component]
fn App() -> Html {
    let seconds = use_state(|| 0_u32);
    {
        let seconds = seconds.clone();
        use_effect_with((), move |()| {
            let tick = Interval::new(1_000, move || seconds.set(*seconds + 1));
            move || drop(tick)
        });
    }
    let deleted = use_state(Vec::<AttrValue>::new);
    // A new closure on every render: the widget must not care.
    let on_deleted = {
        let deleted = deleted.clone();
        Callback::from(move |id: AttrValue| {
            let mut ids = (*deleted).clone();
            ids.push(id);
            deleted.set(ids);
        })
    };
    html! {
        <main>
            <h1>{ "Uploads you can undo" }</h1>
            <p id="renders">{ format!("Parent rendered for {} s", *seconds) }</p>
            <Widget
                cloud_name={query("cloud").unwrap_or_else(|| "demo".into())}
                upload_preset={query("preset").unwrap_or_else(|| "undoable".into())}
                api_host={query("api").map(AttrValue::from)}
                storage={StorageKind::Memory}
                {on_deleted}
            />
            <ul id="deleted">{ for deleted.iter().map(|id| html! { <li>{ id.clone() }</li> }) }</ul>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
