//! Browser tests of the JS API against the real emulator over HTTP.
//! Run by `cargo xtask test` (which starts the emulator and sets `CDT_EMULATOR_URL`), or by hand:
//! `CDT_EMULATOR_URL=http://127.0.0.1:8787 cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use cloudinary_delete_token::api::DeleteTokenClient;
use gloo_net::http::Request;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EMULATOR: &str = match option_env!("CDT_EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// A 16x8 PNG header: enough for the emulator to store an image.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn client(extra: &[(&str, JsValue)]) -> DeleteTokenClient {
    let mut pairs = vec![
        ("cloudName", "demo".into()),
        ("uploadPreset", "undoable".into()),
        ("apiHost", EMULATOR.into()),
    ];
    pairs.extend_from_slice(extra);
    DeleteTokenClient::new(obj(&pairs)).unwrap()
}

fn png_blob() -> web_sys::Blob {
    let bytes = js_sys::Uint8Array::from(PNG);
    web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn name_of(err: &JsValue) -> String {
    get(err, "name").as_string().unwrap_or_default()
}

async fn emulator_json(path: &str) -> JsValue {
    let text = Request::get(&format!("{EMULATOR}{path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    js_sys::JSON::parse(&text).unwrap()
}

async fn asset_deleted(public_id: &str) -> Option<bool> {
    let assets: Array = emulator_json("/__emulator/assets").await.unchecked_into();
    assets
        .iter()
        .find(|a| get(a, "public_id").as_string().as_deref() == Some(public_id))
        .map(|a| get(&a, "deleted").as_bool().unwrap())
}

async fn delete_requests() -> Vec<JsValue> {
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

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

#[wasm_bindgen_test]
async fn upload_then_delete_removes_the_asset_from_the_emulator() {
    let client = client(&[]);
    let entry = JsFuture::from(client.upload(png_blob(), JsValue::UNDEFINED))
        .await
        .unwrap();
    let id = get(&entry, "publicId").as_string().unwrap();
    assert_eq!(get(&entry, "state").as_string().unwrap(), "live");
    assert!(get(&entry, "remainingMs").as_f64().unwrap() > 500_000.0);
    assert_eq!(asset_deleted(&id).await, Some(false));

    let deleted = JsFuture::from(client.delete(id.clone())).await.unwrap();
    assert_eq!(get(&deleted, "state").as_string().unwrap(), "deleted");
    assert_eq!(asset_deleted(&id).await, Some(true));

    // A confirmed delete is never sent again.
    let before = delete_requests().await.len();
    let again = JsFuture::from(client.delete(id)).await.unwrap_err();
    assert_eq!(name_of(&again), "AlreadyDeletedError");
    assert_eq!(delete_requests().await.len(), before);
}

#[wasm_bindgen_test]
async fn a_preset_without_delete_tokens_gives_a_typed_error_that_explains_the_fix() {
    let client = client(&[]);
    let form = web_sys::FormData::new().unwrap();
    form.append_with_str("upload_preset", "no-token").unwrap();
    form.append_with_blob_and_filename("file", &png_blob(), "x.png")
        .unwrap();
    let reply = Request::post(&format!("{EMULATOR}/v1_1/demo/image/upload"))
        .body(form)
        .unwrap()
        .send()
        .await
        .unwrap();
    let text = reply.text().await.unwrap();
    let err = client.record(text.into()).unwrap_err();
    assert_eq!(name_of(&err), "NoDeleteTokenError");
    assert!(
        get(&err, "message")
            .as_string()
            .unwrap()
            .contains("Return delete token")
    );
    assert_eq!(client.entries().length(), 0);
}

#[wasm_bindgen_test]
fn secrets_in_options_are_refused() {
    for key in ["apiSecret", "api_secret", "apiKey"] {
        let err = DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), (key, "x".into())]))
            .unwrap_err();
        assert_eq!(name_of(&err), "SecretInBrowserError", "{key}");
    }
    let err =
        DeleteTokenClient::new(obj(&[("cloudName", "cloudinary://1:2@demo".into())])).unwrap_err();
    assert_eq!(name_of(&err), "SecretInBrowserError");
    let err = DeleteTokenClient::new(obj(&[
        ("cloudName", "demo".into()),
        ("apiHost", "http://example.com".into()),
    ]))
    .unwrap_err();
    assert_eq!(name_of(&err), "ConfigError");
}

#[wasm_bindgen_test]
async fn tokens_with_reserved_characters_are_form_encoded_and_never_in_the_url() {
    let client = client(&[]);
    let token = "a+b/c=d&e%f";
    let response = obj(&[
        ("public_id", "special-chars".into()),
        ("delete_token", token.into()),
    ]);
    client.record(response).unwrap();
    let err = JsFuture::from(client.delete("special-chars".into()))
        .await
        .unwrap_err();
    // The emulator never issued this token: Cloudinary-style refusal, entry marked failed.
    assert_eq!(name_of(&err), "RejectedError");
    let sent = delete_requests().await;
    let last = sent.last().unwrap();
    assert_eq!(
        get(last, "body").as_string().unwrap(),
        "token=a%2Bb%2Fc%3Dd%26e%25f"
    );
    assert!(!get(last, "query").as_string().unwrap().contains("a+b"));
    assert!(!get(&err, "message").as_string().unwrap().contains(token));
    let entry = client.entries().get(0);
    assert_eq!(get(&entry, "state").as_string().unwrap(), "failed");
}

#[wasm_bindgen_test]
async fn entries_expire_by_themselves_and_no_late_delete_is_sent() {
    let client = client(&[
        ("tokenLifetimeMs", 1_200.into()),
        ("safetyMarginMs", 400.into()),
    ]);
    let events = Array::new();
    let sink = events.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        sink.push(&get(&e, "type"));
    });
    let _unsubscribe = client.subscribe(
        listener
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone(),
    );
    client
        .record(obj(&[
            ("public_id", "short-lived".into()),
            ("delete_token", "abc".into()),
        ]))
        .unwrap();
    sleep(1_000).await;
    let entry = client.entries().get(0);
    assert_eq!(get(&entry, "state").as_string().unwrap(), "expired");
    assert_eq!(get(&entry, "remainingMs").as_f64().unwrap(), 0.0);
    let kinds: Vec<String> = events.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(kinds, ["recorded", "expired"]);

    let before = delete_requests().await.len();
    let err = JsFuture::from(client.delete("short-lived".into()))
        .await
        .unwrap_err();
    assert_eq!(name_of(&err), "TokenExpiredError");
    assert_eq!(delete_requests().await.len(), before);
    drop(listener);
}

#[wasm_bindgen_test]
fn upload_widget_results_and_malformed_input_are_handled() {
    let client = client(&[]);
    let info = obj(&[
        ("public_id", "from-widget".into()),
        ("delete_token", "t1".into()),
    ]);
    let entry = client
        .record(obj(&[("event", "success".into()), ("info", info)]))
        .unwrap();
    assert_eq!(get(&entry, "publicId").as_string().unwrap(), "from-widget");
    // Recording the same upload twice is harmless.
    client
        .record(r#"{"public_id":"from-widget","delete_token":"t1"}"#.into())
        .unwrap();
    assert_eq!(client.entries().length(), 1);
    for bad in [
        JsValue::NULL,
        42.into(),
        "not json".into(),
        Array::of2(&"a".into(), &"b".into()).into(),
        r#"{"public_id":7,"delete_token":"x"}"#.into(),
    ] {
        let err = client.record(bad).unwrap_err();
        assert_eq!(name_of(&err), "InvalidResponseError");
    }
    assert_eq!(client.entries().length(), 1);
}
