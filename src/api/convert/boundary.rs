//! The JS side of [`super::Reader`](super): every read of a page's object runs in
//! `glue.js`, inside a try/catch, so a throwing getter or Proxy trap is an error, never an
//! exception unwinding through wasm frames. Glue.

use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    /// `null` when not an object.
    #[wasm_bindgen(catch, js_name = ownEntries)]
    pub(super) fn own_entries(value: &JsValue) -> Result<JsValue, JsValue>;
    /// `null` when not an object, `undefined` when `strict` and it has another own key.
    #[wasm_bindgen(catch)]
    pub(super) fn pick(value: &JsValue, keys: &Array, strict: bool) -> Result<JsValue, JsValue>;
    /// `null` when not an array.
    #[wasm_bindgen(catch)]
    pub(super) fn items(value: &JsValue) -> Result<JsValue, JsValue>;
    /// The message of something thrown, whatever it is.
    #[wasm_bindgen(js_name = messageOf)]
    pub fn message_of(thrown: &JsValue) -> String;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub(super) fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}
