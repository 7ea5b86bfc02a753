//! Helpers the browser test files share (`web.rs`, `hostile.rs`, `signed.rs`), as serde-wasm-bindgen's own
//! tests share theirs: plain JS objects, error names, and an event collector.

use cloudinary_delete_token::api::DeleteTokenClient;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// A plain object with `pairs`.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

/// `value[key]`.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// The `name` of a thrown error.
pub fn name_of(err: &JsValue) -> String {
    get(err, "name").as_string().unwrap_or_default()
}

/// A listener collecting every event of `client` into an array, and its unsubscribe function.
/// The listener lives as long as the test page.
pub fn collect(client: &DeleteTokenClient) -> (Array, JsValue) {
    let events = Array::new();
    let sink = events.clone();
    let listener = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        sink.push(&e);
    });
    let unsubscribe = client
        .subscribe(
            listener
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .clone()
                .into(),
        )
        .unwrap();
    listener.forget();
    (events, unsubscribe)
}

/// The `type` of each collected event.
pub fn types(events: &Array) -> Vec<String> {
    events
        .iter()
        .map(|e| get(&e, "type").as_string().unwrap())
        .collect()
}
