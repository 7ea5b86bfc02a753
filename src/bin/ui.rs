//! The demo page's entry point (built by trunk): mounts the widget, configured from the page URL
//! (`?cloud=demo&preset=undoable&api=http://127.0.0.1:8787`), into `#app`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the demo page is a wasm32 binary: run `cargo xtask demo` (trunk builds it)");
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use cloudinary_delete_token::ui::{Widget, WidgetProps};
    use yew::AttrValue;

    let window = web_sys::window();
    let query = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    let props = WidgetProps {
        cloud_name: AttrValue::from(get("cloud").unwrap_or_else(|| "demo".into())),
        upload_preset: AttrValue::from(get("preset").unwrap_or_else(|| "undoable".into())),
        api_host: get("api").map(AttrValue::from),
    };
    let root = window
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<Widget>::with_root_and_props(root, props).render();
        }
        None => web_sys::console::error_1(&"cloudinary-delete-token demo: no #app element".into()),
    }
}
