//! The demo page's entry point (built by trunk): mounts the widget into `#app`, configured from
//! the page URL (`?cloud=demo&preset=undoable&api=http://127.0.0.1:8787&locale=de&storage=local`),
//! through the same `mountWidget` any page uses. `&signer=/demo/sign` names the page's server
//! that signs deletes after the window (`cargo xtask demo` serves that one).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the demo page is a wasm32 binary: run `cargo xtask demo` (trunk builds it)");
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/bin/signer.js")]
extern "C" {
    #[wasm_bindgen(js_name = serverSigner)]
    fn server_signer(url: &str) -> wasm_bindgen::JsValue;
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Object, Reflect};

    let window = web_sys::window();
    let query = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    let options = Object::new();
    let set = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            let _ = Reflect::set(&options, &key.into(), &value.into());
        }
    };
    set("cloudName", get("cloud").or(Some("demo".into())));
    set("uploadPreset", get("preset").or(Some("undoable".into())));
    set("apiHost", get("api"));
    set("locale", get("locale"));
    set("storage", get("storage"));
    set("accept", get("accept"));
    if let Some(url) = get("signer") {
        let _ = Reflect::set(&options, &"signDestroy".into(), &server_signer(&url));
    }
    if let Some(size) = get("max").and_then(|m| m.parse::<f64>().ok()) {
        let _ = Reflect::set(&options, &"maxFileSize".into(), &size.into());
    }
    let root = window
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    let mounted = match root {
        Some(root) => cloudinary_delete_token::ui::mount_widget(root.into(), options.into())
            .map(std::mem::forget),
        None => Err("no #app element".into()),
    };
    if let Err(e) = mounted {
        web_sys::console::error_2(&"cloudinary-delete-token demo:".into(), &e);
    }
}
