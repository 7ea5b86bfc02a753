//! Browser tests of the JS API against the real emulator over HTTP.
//! Run by `cargo xtask test` (which starts the emulator and sets `CDT_EMULATOR_URL`), or by hand:
//! `CDT_EMULATOR_URL=http://127.0.0.1:8787 cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

mod common;
mod emulator;
mod wait;

use cloudinary_delete_token::api::DeleteTokenClient;
use gloo_net::http::Request;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use self::{
    common::{collect, get, name_of, obj, types},
    emulator::{
        EMULATOR, PNG, asset_deleted, delete_requests, emulator_json, png_blob, upload_via_fetch,
    },
    wait::{next_event, until},
};

wasm_bindgen_test_configure!(run_in_browser);

fn client(extra: &[(&str, JsValue)]) -> DeleteTokenClient {
    let mut pairs = vec![
        ("cloudName", "demo".into()),
        ("uploadPreset", "undoable".into()),
        ("apiHost", EMULATOR.into()),
        ("storage", "memory".into()),
    ];
    pairs.extend_from_slice(extra); // later keys win
    DeleteTokenClient::new(obj(&pairs)).unwrap()
}

/// Records an upload response object with just a public id and a token.
fn record(c: &DeleteTokenClient, public_id: &str, token: &str) -> JsValue {
    c.record(obj(&[
        ("public_id", public_id.into()),
        ("delete_token", token.into()),
    ]))
    .unwrap()
}

#[wasm_bindgen_test]
async fn upload_then_delete_removes_the_asset_from_the_emulator() {
    let client = client(&[]);
    let entry = JsFuture::from(client.upload(png_blob().into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    let id = get(&entry, "publicId").as_string().unwrap();
    assert_eq!(get(&entry, "state").as_string().unwrap(), "live");
    assert!(get(&entry, "remainingMs").as_f64().unwrap() > 500_000.0);
    assert_eq!(asset_deleted(&id).await, Some(false));

    let deleted = JsFuture::from(client.delete(id.clone().into()))
        .await
        .unwrap();
    assert_eq!(get(&deleted, "state").as_string().unwrap(), "deleted");
    assert_eq!(asset_deleted(&id).await, Some(true));

    // A confirmed delete is never sent again.
    let before = delete_requests().await.len();
    let again = JsFuture::from(client.delete(id.into())).await.unwrap_err();
    assert_eq!(name_of(&again), "AlreadyDeletedError");
    assert_eq!(delete_requests().await.len(), before);
}

#[wasm_bindgen_test]
async fn a_preset_without_delete_tokens_gives_a_typed_error_that_explains_the_fix() {
    let client = client(&[]);
    let text = upload_via_fetch("no-token").await;
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
    // Space, `~` and non-ASCII too, as the URL standard's form encoding writes them.
    client
        .record(obj(&[
            ("public_id", "more-chars".into()),
            ("delete_token", "a b+c/d=e&f%g~é".into()),
        ]))
        .unwrap();
    let _ = JsFuture::from(client.delete("more-chars".into())).await;
    let sent = delete_requests().await;
    assert_eq!(
        get(sent.last().unwrap(), "body").as_string().unwrap(),
        "token=a+b%2Bc%2Fd%3De%26f%25g%7E%C3%A9"
    );
}

#[wasm_bindgen_test]
async fn entries_expire_by_themselves_and_no_late_delete_is_sent() {
    let client = client(&[
        ("tokenLifetimeMs", 1_200.into()),
        ("safetyMarginMs", 400.into()),
    ]);
    let (events, _unsubscribe) = collect(&client);
    let expired = next_event(&client, "expired");
    record(&client, "short-lived", "abc");
    expired.await;
    let entry = client.entries().get(0);
    assert_eq!(get(&entry, "state").as_string().unwrap(), "expired");
    assert_eq!(get(&entry, "remainingMs").as_f64().unwrap(), 0.0);
    assert_eq!(types(&events), ["recorded", "expired"]);

    let before = delete_requests().await.len();
    let err = JsFuture::from(client.delete("short-lived".into()))
        .await
        .unwrap_err();
    assert_eq!(name_of(&err), "TokenExpiredError");
    assert_eq!(delete_requests().await.len(), before);
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

fn session() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

const KEY: &str = "cloudinary-delete-token:demo";

/// What sessionStorage holds for the `demo` cloud ("" when nothing).
fn stored() -> String {
    session().get_item(KEY).unwrap().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn session_storage_restores_entries_with_their_true_remaining_time() {
    session().clear().unwrap();
    let first = client(&[("storage", "session".into())]);
    let response = js_sys::JSON::parse(&upload_via_fetch("undoable").await).unwrap();
    let token = get(&response, "delete_token").as_string().unwrap();
    let recorded = first.record(response).unwrap();
    until(async || !stored().is_empty(), "the first client's save").await;
    assert!(stored().contains("\"version\":1"));
    // The reload comes once the entry has lost 300 ms of its window in the first client.
    let recorded_left = get(&recorded, "remainingMs").as_f64().unwrap();
    until(
        async || {
            get(&first.entries().get(0), "remainingMs")
                .as_f64()
                .unwrap()
                <= recorded_left - 300.0
        },
        "the entry to lose 300 ms of its window",
    )
    .await;

    // A reload is a new client on the same sessionStorage.
    let second = client(&[("storage", "session".into())]);
    let (events, _) = collect(&second);
    next_event(&second, "restored").await;
    assert_eq!(types(&events), ["restored"]);
    let restored = second.entries().get(0);
    assert_eq!(get(&restored, "publicId"), get(&recorded, "publicId"));
    let left = get(&restored, "remainingMs").as_f64().unwrap();
    let before = get(&recorded, "remainingMs").as_f64().unwrap();
    assert!(
        left < before - 250.0 && left > before - 5_000.0,
        "{left} vs {before}"
    );

    // Deleting leaves a tombstone without the token; forgetting clears the key.
    JsFuture::from(second.delete(get(&restored, "publicId")))
        .await
        .unwrap();
    until(
        async || stored().contains("\"deleted\""),
        "the deleted entry to be saved",
    )
    .await;
    let tombstone = stored();
    assert!(
        tombstone.contains("\"deleted\"") && !tombstone.contains(&token),
        "{tombstone}"
    );
    second.forget(get(&restored, "publicId")).unwrap();
    until(
        async || session().get_item(KEY).unwrap().is_none(),
        "the forgotten entry's key to go",
    )
    .await;
    assert_eq!(session().get_item(KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn corrupt_foreign_and_future_data_is_ignored_with_a_warning() {
    for bad in [
        "{not json",
        r#"{"format":"someone-else","version":1,"cloud":"demo","entries":[]}"#,
        r#"{"format":"cloudinary-delete-token","version":99,"cloud":"demo","entries":[]}"#,
        r#"[1,2]"#,
    ] {
        session().set_item(KEY, bad).unwrap();
        let c = client(&[("storage", "session".into())]);
        let (events, _) = collect(&c);
        next_event(&c, "warning").await;
        assert_eq!(types(&events), ["warning"], "{bad}");
        assert_eq!(c.entries().length(), 0);
        // Still works, and overwrites the bad value.
        record(&c, "after-bad", "t");
        // The bad value is removed when the client opens; the record is saved after it.
        until(
            async || !stored().is_empty() && stored() != bad,
            "the recorded entry to be saved",
        )
        .await;
        assert!(stored().contains("after-bad"));
    }
    session().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_full_storage_gives_a_warning_and_the_client_keeps_working() {
    session().clear().unwrap();
    let restore = js_sys::Function::new_no_args(
        "const o = Storage.prototype.setItem; Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; return () => { Storage.prototype.setItem = o; };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let c = client(&[("storage", "session".into())]);
    let (events, _) = collect(&c);
    let warning = next_event(&c, "warning");
    record(&c, "quota", "t");
    warning.await;
    restore
        .unchecked_ref::<js_sys::Function>()
        .call0(&JsValue::NULL)
        .unwrap();
    let kinds = types(&events);
    assert_eq!(kinds, ["recorded", "warning"]);
    assert!(
        get(&events.get(1), "message")
            .as_string()
            .unwrap()
            .contains("storage full")
    );
    assert_eq!(c.entries().length(), 1);
}

#[wasm_bindgen_test]
async fn a_double_click_sends_one_request_and_both_calls_get_the_outcome() {
    let c = client(&[]);
    let entry = JsFuture::from(c.upload(png_blob().into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    let id = get(&entry, "publicId").as_string().unwrap();
    let before = delete_requests().await.len();
    let (a, b) = (c.delete(id.clone().into()), c.delete(id.clone().into()));
    let (a, b) = (
        JsFuture::from(a).await.unwrap(),
        JsFuture::from(b).await.unwrap(),
    );
    assert_eq!(get(&a, "state").as_string().unwrap(), "deleted");
    assert_eq!(get(&b, "state").as_string().unwrap(), "deleted");
    assert_eq!(delete_requests().await.len(), before + 1);
}

#[wasm_bindgen_test]
async fn delete_all_deletes_every_live_entry_with_progress() {
    let c = client(&[]);
    let mut ids = Vec::new();
    for _ in 0..5 {
        let entry = JsFuture::from(c.upload(png_blob().into(), JsValue::UNDEFINED))
            .await
            .unwrap();
        ids.push(get(&entry, "publicId").as_string().unwrap());
    }
    record(&c, "never-issued", "bogus");
    let (events, _) = collect(&c);
    let outcomes: Array = JsFuture::from(c.delete_all(obj(&[("concurrency", 2.into())])))
        .await
        .unwrap()
        .unchecked_into();
    let kinds: Vec<String> = outcomes
        .iter()
        .map(|o| get(&o, "outcome").as_string().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "deleted", "deleted", "deleted", "deleted", "deleted", "rejected"
        ]
    );
    for id in &ids {
        assert_eq!(asset_deleted(id).await, Some(true));
    }
    let progress: Vec<f64> = events
        .iter()
        .filter(|e| get(e, "type") == "progress")
        .map(|e| get(&e, "done").as_f64().unwrap())
        .collect();
    assert_eq!(progress, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let err = JsFuture::from(c.delete_all(obj(&[("concurrency", 0.into())])))
        .await
        .unwrap_err();
    assert_eq!(name_of(&err), "ConfigError");
}

async fn set_faults(json: &str) {
    Request::post(&format!("{EMULATOR}/__emulator/faults"))
        .header("content-type", "application/json")
        .body(json)
        .unwrap()
        .send()
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn server_errors_are_retried_until_the_delete_goes_through() {
    let c = client(&[]);
    let entry = JsFuture::from(c.upload(png_blob().into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    let id = get(&entry, "publicId").as_string().unwrap();
    set_faults(r#"{"error_rate":1.0,"error_status":503,"routes":["delete_by_token"]}"#).await;
    let sent = delete_requests().await.len();
    let pending = JsFuture::from(c.delete(id.clone().into()));
    // The first try and at least one retry are answered 503.
    until(
        async || delete_requests().await.len() >= sent + 2,
        "a retry after a 503",
    )
    .await;
    set_faults("{}").await;
    let done = pending.await.unwrap();
    assert_eq!(get(&done, "state").as_string().unwrap(), "deleted");
    assert_eq!(asset_deleted(&id).await, Some(true));
}

#[wasm_bindgen_test]
async fn a_refusal_is_not_retried() {
    let c = client(&[]);
    record(&c, "refused-once", "not-issued");
    let before = delete_requests().await.len();
    let failed = next_event(&c, "failed");
    let err = JsFuture::from(c.delete("refused-once".into()))
        .await
        .unwrap_err();
    assert_eq!(name_of(&err), "RejectedError");
    assert_eq!(get(&err, "status").as_f64(), Some(400.0));
    // The settled promise and the `failed` event are the client's final word: no retry is due.
    failed.await;
    assert_eq!(delete_requests().await.len(), before + 1);
}

#[wasm_bindgen_test]
async fn a_delete_interrupted_by_a_reload_is_resolved_after_it() {
    session().clear().unwrap();
    let response = js_sys::JSON::parse(&upload_via_fetch("undoable").await).unwrap();
    let id = get(&response, "public_id").as_string().unwrap();
    let token = get(&response, "delete_token").as_string().unwrap();
    // What a tab leaves behind when it reloads mid-delete.
    let deadline = js_sys::Date::now() + 300_000.0;
    let stored = format!(
        r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{{"public_id":"{id}","state":"deleting","token":"{token}","deadline":{deadline}}}]}}"#
    );
    session().set_item(KEY, &stored).unwrap();
    let c = client(&[("storage", "session".into())]);
    let (events, _) = collect(&c);
    next_event(&c, "deleted").await;
    assert_eq!(types(&events), ["restored", "deleting", "deleted"]);
    assert_eq!(
        get(&c.entries().get(0), "state").as_string().unwrap(),
        "deleted"
    );
    assert_eq!(asset_deleted(&id).await, Some(true));
    session().clear().unwrap();
}

#[wasm_bindgen_test]
async fn large_files_go_up_in_cloudinary_chunks() {
    let c = client(&[
        ("chunkThresholdBytes", (6 * 1024 * 1024).into()),
        ("chunkSizeBytes", (5 * 1024 * 1024).into()),
    ]);
    let size = 11 * 1024 * 1024 + 7;
    let bytes = js_sys::Uint8Array::new_with_length(size);
    bytes.set(&js_sys::Uint8Array::from(PNG), 0);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).unwrap();
    let progress = Array::new();
    let sink = progress.clone();
    let on_progress =
        wasm_bindgen::closure::Closure::<dyn Fn(f64, f64)>::new(move |loaded: f64, total: f64| {
            sink.push(&JsValue::from(loaded / total));
        });
    let entry = JsFuture::from(c.upload(
        blob.into(),
        obj(&[("onProgress", on_progress.as_ref().clone())]),
    ))
    .await
    .unwrap();
    assert_eq!(get(&entry, "state").as_string().unwrap(), "live");
    let reqs: Array = emulator_json("/__emulator/requests").await.unchecked_into();
    let ranges: Vec<String> = reqs
        .iter()
        .filter_map(|r| get(&get(&r, "headers"), "content-range").as_string())
        .filter(|r| r.ends_with("/-1") || r.ends_with(&format!("/{size}")))
        .collect();
    let last3 = &ranges[ranges.len() - 3..];
    assert_eq!(
        last3,
        [
            "bytes 0-5242879/-1".to_string(),
            "bytes 5242880-10485759/-1".to_string(),
            format!("bytes 10485760-{}/{size}", size - 1)
        ]
    );
    let id = get(&entry, "publicId").as_string().unwrap();
    let assets: Array = emulator_json("/__emulator/assets").await.unchecked_into();
    let stored = assets
        .iter()
        .find(|a| get(a, "public_id").as_string().as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!(get(&stored, "bytes").as_f64(), Some(f64::from(size)));
    let fractions: Vec<f64> = progress.iter().filter_map(|v| v.as_f64()).collect();
    assert!(
        fractions.windows(2).all(|w| w[0] <= w[1]) && fractions.last() == Some(&1.0),
        "{fractions:?}"
    );
}

#[wasm_bindgen_test]
async fn an_exposed_retry_after_is_honoured_before_retrying() {
    let c = client(&[]);
    let entry = JsFuture::from(c.upload(png_blob().into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    let id = get(&entry, "publicId").as_string().unwrap();
    set_faults(r#"{"rate_limit_rate":1.0,"retry_after_seconds":3,"routes":["delete_by_token"],"expose_headers":["Retry-After"]}"#).await;
    let before = delete_requests().await.len();
    let pending = JsFuture::from(c.delete(id.clone().into()));
    until(
        async || delete_requests().await.len() > before,
        "the first delete request",
    )
    .await;
    // Without Retry-After the client would have retried at 0.4 s and 1.2 s. The emulator's clock
    // says when 2 s have passed since that first try: an upload it holds for 2 s.
    set_faults(r#"{"latency_ms":[2000,2000],"routes":["upload"]}"#).await;
    upload_via_fetch("undoable").await;
    assert_eq!(delete_requests().await.len(), before + 1);
    set_faults("{}").await;
    let done = pending.await.unwrap();
    assert_eq!(get(&done, "state").as_string().unwrap(), "deleted");
    assert_eq!(delete_requests().await.len(), before + 2);
}

#[wasm_bindgen_test]
async fn an_abort_signal_cancels_an_upload_with_an_abort_error() {
    let c = client(&[]);
    let controller = web_sys::AbortController::new().unwrap();
    set_faults(r#"{"latency_ms":[2000,2000],"routes":["upload"]}"#).await;
    let logged = || async {
        emulator_json("/__emulator/requests")
            .await
            .unchecked_into::<Array>()
            .length()
    };
    let sent = logged().await;
    let pending = JsFuture::from(c.upload(
        png_blob().into(),
        obj(&[("signal", controller.signal().into())]),
    ));
    // Aborted while the emulator holds it.
    until(
        async || logged().await > sent,
        "the upload to reach the emulator",
    )
    .await;
    controller.abort();
    let err = pending.await.unwrap_err();
    set_faults("{}").await;
    assert_eq!(name_of(&err), "AbortError");
    assert_eq!(c.entries().length(), 0);
    // Already aborted: nothing is sent.
    let before: Array = emulator_json("/__emulator/requests").await.unchecked_into();
    let err = JsFuture::from(c.upload(
        png_blob().into(),
        obj(&[("signal", controller.signal().into())]),
    ))
    .await
    .unwrap_err();
    assert_eq!(name_of(&err), "AbortError");
    let after: Array = emulator_json("/__emulator/requests").await.unchecked_into();
    assert_eq!(after.length(), before.length());
}

#[wasm_bindgen_test]
async fn upload_options_become_cloudinary_parameters_and_unknown_ones_are_refused() {
    let c = client(&[]);
    let options = obj(&[
        ("publicId", "chosen".into()),
        ("folder", "inbox".into()),
        ("tags", Array::of2(&"a".into(), &"b".into()).into()),
        ("resourceType", "image".into()),
    ]);
    let entry = JsFuture::from(c.upload(png_blob().into(), options))
        .await
        .unwrap();
    assert_eq!(get(&entry, "publicId").as_string().unwrap(), "inbox/chosen");
    let reqs: Array = emulator_json("/__emulator/requests").await.unchecked_into();
    let last = reqs.get(reqs.length() - 1);
    assert_eq!(
        get(&last, "path").as_string().unwrap(),
        "/v1_1/demo/image/upload"
    );
    let body = get(&last, "body").as_string().unwrap();
    assert!(body.contains("name=\"tags\"\r\n\r\na,b"), "{body:.300}");
    for bad in ["transformation", "returnDeleteToken", "apiKey"] {
        let err = JsFuture::from(c.upload(png_blob().into(), obj(&[(bad, "x".into())])))
            .await
            .unwrap_err();
        assert!(
            ["ConfigError", "SecretInBrowserError"].contains(&name_of(&err).as_str()),
            "{bad}"
        );
    }
}

#[wasm_bindgen_test]
async fn tokens_leave_session_storage_when_they_expire() {
    session().clear().unwrap();
    let c = client(&[
        ("storage", "session".into()),
        ("tokenLifetimeMs", 1_200.into()),
        ("safetyMarginMs", 400.into()),
    ]);
    let expired = next_event(&c, "expired");
    record(&c, "short", "secret-short-token");
    until(async || !stored().is_empty(), "the entry to be saved").await;
    assert!(stored().contains("secret-short-token"));
    expired.await;
    assert_eq!(
        get(&c.entries().get(0), "state").as_string().unwrap(),
        "expired"
    );
    until(
        async || !stored().contains("secret-short-token"),
        "the save after the expiry",
    )
    .await;
    assert_eq!(
        session().get_item(KEY).unwrap(),
        None,
        "an expired token stayed in storage"
    );
}

#[wasm_bindgen_test]
fn a_client_dropped_in_the_task_that_made_it_frees_its_entries() {
    let memory = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    // Synchronous, like a page that makes, fills and frees clients in one task.
    let cycle = || {
        let c = client(&[("storage", "memory".into())]);
        for i in 0..2_000 {
            record(&c, &format!("mem-{i}"), &format!("{i:0>288}"));
        }
    };
    cycle();
    let after_one = memory();
    for _ in 0..4 {
        cycle();
    }
    assert_eq!(
        memory(),
        after_one,
        "2,000 entries a cycle were kept after their client"
    );
}
