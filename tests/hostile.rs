//! Bad input against the public JS API, in Chromium: upload responses, stored data and options
//! that a hostile or broken page could hand over. Each must give a typed error or be ignored
//! with a warning; nothing may panic, and the client must keep working after each.
#![cfg(target_arch = "wasm32")]

mod common;

use cloudinary_delete_token::api::DeleteTokenClient;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsValue, prelude::wasm_bindgen};
use wasm_bindgen_test::*;

use self::common::{collect, name_of, obj, types};

wasm_bindgen_test_configure!(run_in_browser);

fn client(storage: &str) -> DeleteTokenClient {
    DeleteTokenClient::new(obj(&[
        ("cloudName", "demo".into()),
        ("apiHost", "http://127.0.0.1:9".into()),
        ("storage", storage.into()),
    ]))
    .unwrap()
}

/// The client still records a good response after `case`.
fn still_works(c: &DeleteTokenClient, case: &str) {
    let id = format!("after-{}", c.entries().length());
    let good = obj(&[
        ("public_id", id.as_str().into()),
        ("delete_token", format!("tok-{id}").into()),
    ]);
    c.record(good)
        .unwrap_or_else(|e| panic!("client broken after {case}: {e:?}"));
}

fn responses() -> Vec<(String, JsValue)> {
    let mut cases: Vec<(String, JsValue)> = Vec::new();
    let mut text = |label: &str, s: String| cases.push((label.to_owned(), s.into()));
    for s in [
        "",
        " ",
        "null",
        "true",
        "0",
        "-1",
        "\"text\"",
        "[]",
        "[{}]",
        "{",
        "}",
        "{]",
        "{\"a\"}",
        "{\"a\":}",
        "{,}",
        "<html><body>502 Bad Gateway</body></html>",
        "<!doctype html><title>Cloudinary</title>",
        "{\"public_id\":null}",
        "{\"public_id\":\"\"}",
        "{\"public_id\":\"a\"}",
        "{\"delete_token\":\"t\"}",
        "{\"public_id\":1,\"delete_token\":\"t\"}",
        "{\"public_id\":\"a\",\"delete_token\":1}",
        "{\"public_id\":\"a\",\"delete_token\":12345678901234567890}",
        "{\"public_id\":\"a\",\"delete_token\":true}",
        "{\"public_id\":\"a\",\"delete_token\":[\"t\"]}",
        "{\"public_id\":\"a\",\"delete_token\":{\"t\":1}}",
        "{\"public_id\":\"a\",\"delete_token\":\"\"}",
        "{\"public_id\":\"a\",\"delete_token\":\"line\\nbreak\"}",
        "{\"public_id\":\"a\\u0000b\",\"delete_token\":\"t\"}",
        "{\"public_id\":[\"a\"],\"delete_token\":\"t\"}",
        "{\"event\":\"close\",\"info\":{\"message\":\"user closed the widget\"}}",
        "{\"event\":\"success\"}",
        "{\"event\":\"success\",\"info\":null}",
        "{\"event\":\"success\",\"info\":\"x\"}",
        "{\"event\":7}",
        "{\"done\":false,\"bytes\":5242880}",
        "{\"done\":\"yes\",\"public_id\":\"a\",\"delete_token\":\"t\"}",
        "{\"error\":{\"message\":\"Upload preset not found\"}}",
        "{\"error\":\"x\"}",
        "{\"error\":{\"message\":7}}",
        "{\"public_id\":\"a\",\"delete_token\":\"t\",\"tags\":[1,2,}",
        "{\"public_id\":\"a\",\"delete_token\":\"t\"} trailing",
        "{\"public_id\":\"\\ud800\",\"delete_token\":\"t\"}",
        "{\"public_id\":\"\\uZZZZ\",\"delete_token\":\"t\"}",
        "{\"public_id\":\"a\",\"delete_token\":\"t\",\"n\":01}",
        "{\"public_id\":\"a\",\"delete_token\":\"t\",\"n\":1.}",
        "{\"public_id\":\"a\",\"delete_token\":\"t\",\"n\":-}",
        "{\"public_id\":\"a\",\"delete_token\":\"t\",\"x\":tru}",
    ] {
        text(&format!("text {s:.40}"), s.to_owned());
    }
    text(
        "huge token",
        format!(
            "{{\"public_id\":\"h\",\"delete_token\":\"{}\"}}",
            "a".repeat(5_000)
        ),
    );
    text(
        "huge public id",
        format!(
            "{{\"public_id\":\"{}\",\"delete_token\":\"t\"}}",
            "p".repeat(2_000)
        ),
    );
    text(
        "deep arrays",
        format!("{{\"x\":{}1{}}}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    text(
        "deep objects",
        format!("{}{}", "{\"info\":".repeat(5_000), "}".repeat(5_000)),
    );
    text(
        "deep widget nesting",
        format!(
            "{}{{}}{}",
            "{\"event\":\"success\",\"info\":".repeat(200),
            "}".repeat(200)
        ),
    );
    text("megabyte of junk", "x".repeat(1 << 20));
    for v in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        0.into(),
        f64::NAN.into(),
        true.into(),
        Array::new().into(),
        js_sys::Function::new_no_args("").into(),
        js_sys::Symbol::for_("s").into(),
    ] {
        cases.push((format!("value {v:?}"), v));
    }
    for (k, v) in [
        ("public_id", JsValue::from(1)),
        ("delete_token", JsValue::from(1)),
        ("delete_token", JsValue::NULL),
        ("delete_token", Array::of1(&"t".into()).into()),
        ("public_id", Object::new().into()),
        ("done", JsValue::from("no")),
        ("event", JsValue::from("upload-added")),
        ("info", JsValue::from(5)),
    ] {
        let mut pairs = vec![
            ("public_id", JsValue::from("o")),
            ("delete_token", JsValue::from("t")),
        ];
        pairs.retain(|(key, _)| *key != k);
        pairs.push((k, v.clone()));
        cases.push((format!("object with {k} = {v:?}"), obj(&pairs)));
    }
    cases
}

#[wasm_bindgen_test]
fn hostile_upload_responses_give_typed_errors_and_the_client_keeps_working() {
    let c = client("memory");
    let cases = responses();
    assert!(cases.len() >= 70, "{}", cases.len());
    for (label, case) in cases {
        match c.record(case) {
            Ok(entry) => panic!("{label}: accepted {entry:?}"),
            Err(e) => {
                let name = name_of(&e);
                assert!(
                    ["InvalidResponseError", "NoDeleteTokenError"].contains(&name.as_str()),
                    "{label}: {name}"
                );
            }
        }
        still_works(&c, &label);
    }
}

#[wasm_bindgen_test]
async fn hostile_stored_data_is_ignored_with_a_warning() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let key = "cloudinary-delete-token:demo";
    let good_entry = r#"{"public_id":"s","state":"live","token":"t","deadline":9999999999999}"#;
    let blobs = [
        "".to_owned(),
        "{".to_owned(),
        "null".to_owned(),
        "42".to_owned(),
        "[]".to_owned(),
        "\"string\"".to_owned(),
        r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"s","#.to_owned(),
        r#"{"format":"cloudinary-delete-token","version":0,"cloud":"demo","entries":[]}"#.to_owned(),
        r#"{"format":"cloudinary-delete-token","version":2,"cloud":"demo","entries":[]}"#.to_owned(),
        format!(r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"other","entries":[{good_entry}]}}"#),
        format!(r#"{{"format":"something-else","version":1,"cloud":"demo","entries":[{good_entry}]}}"#),
        r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":"x"}"#.to_owned(),
        r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[1,2]}"#.to_owned(),
        r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":null}"#.to_owned(),
        r#"{"format":"cloudinary-delete-token","version":"1","cloud":"demo","entries":[]}"#.to_owned(),
        r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"s","state":"live","token":"t","deadline":-5}]}"#.to_owned(),
        "x".repeat(100_000),
    ];
    for blob in &blobs {
        storage.set_item(key, blob).unwrap();
        let c = client("session");
        let (events, _unsubscribe) = collect(&c);
        gloo_timers::future::TimeoutFuture::new(0).await;
        let kinds = types(&events);
        assert_eq!(kinds, ["warning"], "{:.80}", blob);
        assert_eq!(c.entries().length(), 0, "{:.80}", blob);
        still_works(&c, blob);
    }
    // Entries that are themselves malformed are skipped, the good ones kept.
    storage
        .set_item(key, &format!(r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{{"public_id":"","state":"live","token":"t","deadline":9999999999999}},{{"public_id":"z","state":"bogus","token":"t","deadline":9999999999999}},{{"public_id":"y","state":"live","deadline":9999999999999}},{good_entry}]}}"#))
        .unwrap();
    let c = client("session");
    assert_eq!(c.entries().length(), 1);
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
fn hostile_options_are_refused_with_typed_errors() {
    let secret_keys = [
        "api_secret",
        "apiSecret",
        "API_SECRET",
        "ApiSecret",
        "api-secret",
        "secret",
        "clientSecret",
        "api_key",
        "apiKey",
        "API_KEY",
        "cloudinary_url",
        "CLOUDINARY_URL",
        "cloudinaryUrl",
    ];
    let mut count = 0;
    for key in secret_keys {
        let err = DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), (key, "x".into())]))
            .unwrap_err();
        assert_eq!(name_of(&err), "SecretInBrowserError", "{key}");
        assert!(
            Reflect::get(&err, &"message".into())
                .unwrap()
                .as_string()
                .unwrap()
                .contains("server")
        );
        count += 1;
    }
    for url in [
        "cloudinary://123:abc@demo",
        "CLOUDINARY://k:s@c",
        " cloudinary://k:s@c",
    ] {
        for key in ["cloudName", "apiHost", "uploadPreset"] {
            let err =
                DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), (key, url.into())]))
                    .unwrap_err();
            assert_eq!(name_of(&err), "SecretInBrowserError", "{key}={url}");
            count += 1;
        }
    }
    let bad: Vec<(&str, JsValue)> = vec![
        ("cloudName", "".into()),
        ("cloudName", "my cloud".into()),
        ("cloudName", "../x".into()),
        ("cloudName", 5.into()),
        ("cloudName", JsValue::NULL),
        ("cloudName", "a".repeat(300).into()),
        ("cloudName", "<script>".into()),
        ("apiHost", "http://api.cloudinary.com".into()),
        ("apiHost", "api.cloudinary.com".into()),
        ("apiHost", "ftp://x".into()),
        ("apiHost", "https://x/path".into()),
        ("apiHost", "https://user:pw@x".into()),
        ("apiHost", "http://127.evil.com".into()),
        ("apiHost", "javascript:alert(1)".into()),
        ("apiHost", "https://x?token=1".into()),
        ("apiHost", 1.into()),
        ("uploadPreset", "".into()),
        ("uploadPreset", "a b".into()),
        ("uploadPreset", 1.into()),
        ("storage", "cookies".into()),
        ("storage", 1.into()),
        ("tokenLifetimeMs", (-1).into()),
        ("tokenLifetimeMs", "600".into()),
        ("safetyMarginMs", 700_000.into()),
        ("chunkSizeBytes", 1024.into()),
        ("unknownOption", 1.into()),
    ];
    for (key, value) in bad {
        let err =
            DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), (key, value.clone())]))
                .unwrap_err();
        assert_eq!(name_of(&err), "ConfigError", "{key}={value:?}");
        count += 1;
    }
    for not_an_object in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        "demo".into(),
        1.into(),
        Array::new().into(),
    ] {
        let err = DeleteTokenClient::new(not_an_object.clone()).unwrap_err();
        assert_eq!(name_of(&err), "ConfigError", "{not_an_object:?}");
        count += 1;
    }
    assert!(count >= 40, "{count}");
}

#[wasm_bindgen(module = "/tests/hostile.js")]
extern "C" {
    #[wasm_bindgen(js_name = throwingGetter)]
    fn throwing_getter() -> JsValue;
    #[wasm_bindgen(js_name = throwingProxy)]
    fn throwing_proxy() -> JsValue;
    #[wasm_bindgen(js_name = revokedProxy)]
    fn revoked_proxy() -> JsValue;
    fn cyclic() -> JsValue;
    #[wasm_bindgen(js_name = protoKey)]
    fn proto_key() -> JsValue;
    fn deep(depth: u32) -> JsValue;
    fn bigint() -> JsValue;
    fn symbol() -> JsValue;
    #[wasm_bindgen(js_name = withKey)]
    fn with_key(key: &str, value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = undeclaredThrowingGetter)]
    fn undeclared_throwing_getter() -> JsValue;
    #[wasm_bindgen(js_name = countedOptions)]
    fn counted_options() -> JsValue;
}

/// Values no Rust caller could build, at every kind of parameter.
fn exotic() -> Vec<(&'static str, JsValue)> {
    vec![
        ("throwing getter", throwing_getter()),
        ("throwing proxy", throwing_proxy()),
        ("revoked proxy", revoked_proxy()),
        ("cyclic object", cyclic()),
        ("__proto__ key", proto_key()),
        ("100,000-deep object", deep(100_000)),
        ("BigInt", bigint()),
        ("symbol", symbol()),
        ("5 MB string", "x".repeat(5 << 20).into()),
        ("number", 123.into()),
        ("empty object", Object::new().into()),
        ("null", JsValue::NULL),
        ("undefined", JsValue::UNDEFINED),
    ]
}

async fn rejection(promise: js_sys::Promise) -> Result<JsValue, String> {
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| name_of(&e))
}

#[wasm_bindgen_test]
async fn every_parameter_answers_a_wrong_value_with_a_typed_error() {
    let c = client("memory");
    let typed = |what: &str, label: &str, name: &str, allowed: &[&str]| {
        assert!(allowed.contains(&name), "{what}({label}): {name}");
    };
    for (label, value) in exotic() {
        // record(): an error of its own kinds, except the one harmless case: a cyclic object
        // that is itself a valid response.
        match c.record(value.clone()) {
            Ok(_) => assert_eq!(label, "cyclic object"),
            Err(e) => typed(
                "record",
                label,
                &name_of(&e),
                &["InvalidResponseError", "NoDeleteTokenError"],
            ),
        }
        // delete() and forget(): a string that is no tracked id is unknown; anything else is a
        // ConfigError naming the parameter.
        let allowed: &[&str] = if value.is_string() {
            &["UnknownAssetError"]
        } else {
            &["ConfigError"]
        };
        let name = rejection(c.delete(value.clone())).await.unwrap_err();
        typed("delete", label, &name, allowed);
        if !value.is_string() {
            let err = c.forget(value.clone()).unwrap_err();
            typed("forget", label, &name_of(&err), &["ConfigError"]);
            let message = Reflect::get(&err, &"message".into())
                .unwrap()
                .as_string()
                .unwrap();
            assert!(message.contains("publicId"), "{message}");
        }
        // Options: ConfigError (or SecretInBrowserError), whatever the value.
        if !(value.is_undefined() || value.is_null() || label == "empty object") {
            let err = DeleteTokenClient::new(value.clone()).unwrap_err();
            typed(
                "new DeleteTokenClient",
                label,
                &name_of(&err),
                &["ConfigError"],
            );
            let name = rejection(c.delete_all(value.clone())).await.unwrap_err();
            typed("deleteAll", label, &name, &["ConfigError"]);
            let name = rejection(c.upload(png_blob().into(), value.clone()))
                .await
                .unwrap_err();
            typed("upload options", label, &name, &["ConfigError"]);
        }
        let name = rejection(c.upload(value.clone(), JsValue::UNDEFINED))
            .await
            .unwrap_err();
        typed("upload file", label, &name, &["ConfigError"]);
        let err = c.subscribe(value.clone()).unwrap_err();
        typed("subscribe", label, &name_of(&err), &["ConfigError"]);
        for key in ["storage", "tokenLifetimeMs"]
            .iter()
            .filter(|_| !value.is_undefined())
        {
            let options = with_key(key, &value);
            Reflect::set(&options, &"cloudName".into(), &"demo".into()).unwrap();
            let err = DeleteTokenClient::new(options).unwrap_err();
            typed(
                "option",
                &format!("{key} = {label}"),
                &name_of(&err),
                &["ConfigError"],
            );
        }
        still_works(&c, label);
    }
    // A `__proto__` key is data, never the prototype.
    assert!(
        Reflect::get(&Object::new(), &"public_id".into())
            .unwrap()
            .is_undefined()
    );
}

#[wasm_bindgen_test]
fn deep_json_text_and_the_signed_escape_are_refused() {
    let c = client("memory");
    let deep_text = format!("{}{}", "{\"info\":".repeat(100_000), "}".repeat(100_000));
    for text in [
        deep_text.as_str(),
        r#"{"public_id":"\u+e08","delete_token":"t"}"#,
    ] {
        let err = c.record(text.into()).unwrap_err();
        assert_eq!(name_of(&err), "InvalidResponseError", "{:.40}", text);
        still_works(&c, &text[..20]);
    }
}

fn png_blob() -> web_sys::Blob {
    web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&js_sys::Uint8Array::from(
        &[137u8, 80, 78, 71][..],
    )))
    .unwrap()
}

#[wasm_bindgen_test]
fn only_declared_fields_are_read_and_a_wrong_one_is_named() {
    let c = client("memory");
    // A response object's other fields are never touched, a throwing getter among them.
    c.record(undeclared_throwing_getter()).unwrap();
    let message = |err: JsValue| {
        Reflect::get(&err, &"message".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let err = c
        .record(obj(&[
            ("public_id", 7.into()),
            ("delete_token", "t".into()),
        ]))
        .unwrap_err();
    assert_eq!(name_of(&err), "InvalidResponseError");
    assert!(message(err).contains("`public_id`"));
    let err = DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), ("storage", 5.into())]))
        .unwrap_err();
    assert_eq!(name_of(&err), "ConfigError");
    assert!(message(err).contains("`storage`"));
    let err = DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), ("tokenTtl", 5.into())]))
        .unwrap_err();
    assert!(message(err).contains("tokenTtl"));
}

#[wasm_bindgen_test]
fn options_are_read_once_so_the_secret_check_sees_what_is_used() {
    // A getter could answer the secret check one thing and the client another; it runs once.
    let options = counted_options();
    DeleteTokenClient::new(options.clone()).unwrap();
    assert_eq!(Reflect::get(&options, &"reads".into()).unwrap(), 1);
}
