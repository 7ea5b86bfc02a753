//! Helpers of the browser tests that talk to the emulator (`web.rs`, `signed.rs`): its address,
//! a file to upload, uploads made by the page's own code, and what the emulator holds and saw.

use gloo_net::http::Request;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::common::get;

/// The emulator's origin (`cargo xtask test` sets `CDT_EMULATOR_URL`).
pub const EMULATOR: &str = match option_env!("CDT_EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// A 16x8 PNG header: enough for the emulator to store an image.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";

/// A small PNG to upload.
pub fn png_blob() -> web_sys::Blob {
    let bytes = js_sys::Uint8Array::from(PNG);
    web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).unwrap()
}

/// `GET` of an emulator route, parsed.
pub async fn emulator_json(path: &str) -> JsValue {
    let text = Request::get(&format!("{EMULATOR}{path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    js_sys::JSON::parse(&text).unwrap()
}

/// The emulator's record of `public_id` (`None`: it never had it).
pub async fn asset(public_id: &str) -> Option<JsValue> {
    let assets: Array = emulator_json("/__emulator/assets").await.unchecked_into();
    assets
        .iter()
        .find(|a| get(a, "public_id").as_string().as_deref() == Some(public_id))
}

/// Whether the emulator holds `public_id` as deleted (`None`: it never had it).
pub async fn asset_deleted(public_id: &str) -> Option<bool> {
    asset(public_id)
        .await
        .map(|a| get(&a, "deleted").as_bool().unwrap())
}

/// Every `delete_by_token` request the emulator received.
pub async fn delete_requests() -> Vec<JsValue> {
    let reqs: Array = emulator_json("/__emulator/requests").await.unchecked_into();
    reqs.iter()
        .filter(|r| {
            get(r, "path")
                .as_string()
                .unwrap_or_default()
                .ends_with("/delete_by_token")
        })
        .collect()
}

/// An upload made by the page's own code (not the client), as text.
pub async fn upload_via_fetch(preset: &str) -> String {
    let form = web_sys::FormData::new().unwrap();
    form.append_with_str("upload_preset", preset).unwrap();
    form.append_with_blob_and_filename("file", &png_blob(), "x.png")
        .unwrap();
    let reply = Request::post(&format!("{EMULATOR}/v1_1/demo/image/upload"))
        .body(form)
        .unwrap()
        .send()
        .await
        .unwrap();
    reply.text().await.unwrap()
}
