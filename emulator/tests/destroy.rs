//! The signed `destroy` over real HTTP: Cloudinary's signature rule, API key, stale timestamps,
//! its error texts, `invalidate`, CORS and faults, as for the other routes.

mod common;

use cloudinary_emulator::{Config, sign};
use reqwest::Client;
use serde_json::{Value, json};

use self::common::{error_of, json_of, start, upload};

/// The demo cloud's credentials (the emulator's own; not a real secret).
fn demo_key() -> (String, String) {
    let cloud = &Config::default().clouds["demo"];
    (cloud.api_key.clone(), cloud.api_secret.clone())
}

/// The emulator's clock, in Unix seconds, as a signer's server would read its own.
async fn now_secs(base: &str) -> u64 {
    let r: Value =
        json_of(Client::new().post(format!("{base}/__emulator/clock/advance?seconds=0"))).await;
    r["now_ms"].as_u64().unwrap() / 1000
}

/// What a page's server signer returns for `params`, signed at `timestamp`.
fn signed(params: &[(&str, &str)], timestamp: u64) -> Vec<(String, String)> {
    let (key, secret) = demo_key();
    let mut fields: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    fields.push(("timestamp".into(), timestamp.to_string()));
    let signature = sign(&fields, &secret);
    fields.push(("api_key".into(), key));
    fields.push(("signature".into(), signature));
    fields
}

async fn destroy(
    base: &str,
    resource_type: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    Client::new()
        .post(format!("{base}/v1_1/demo/{resource_type}/destroy"))
        .header("origin", "http://127.0.0.1:1")
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// The public id of a fresh upload.
async fn uploaded(base: &str) -> String {
    upload(base, "undoable").await["public_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn assets(base: &str) -> Value {
    json_of(Client::new().get(format!("{base}/__emulator/assets"))).await
}

#[tokio::test]
async fn a_signed_destroy_deletes_once_then_finds_nothing() {
    let base = start(Config::default()).await;
    let id = uploaded(&base).await;
    let fields = signed(
        &[("public_id", &id), ("invalidate", "true")],
        now_secs(&base).await,
    );
    let r = destroy(&base, "image", &fields).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://127.0.0.1:1"
    );
    assert_eq!(r.json::<Value>().await.unwrap(), json!({ "result": "ok" }));
    let stored = &assets(&base).await[0];
    assert_eq!(
        (stored["deleted"].as_bool(), stored["invalidated"].as_bool()),
        (Some(true), Some(true))
    );
    // Gone now, and never there: `not found`, with 200, as Cloudinary documents.
    let again = destroy(&base, "image", &fields).await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        again.json::<Value>().await.unwrap(),
        json!({ "result": "not found" })
    );
    let other = signed(&[("public_id", "never-uploaded")], now_secs(&base).await);
    let r: Value = destroy(&base, "image", &other).await.json().await.unwrap();
    assert_eq!(r, json!({ "result": "not found" }));
}

#[tokio::test]
async fn json_and_multipart_bodies_are_read_too() {
    let base = start(Config::default()).await;
    let id = uploaded(&base).await;
    let fields = signed(&[("public_id", &id)], now_secs(&base).await);
    let body: serde_json::Map<String, Value> =
        fields.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let r: Value = json_of(
        Client::new()
            .post(format!("{base}/v1_1/demo/image/destroy"))
            .json(&body),
    )
    .await;
    assert_eq!(r, json!({ "result": "ok" }));
    let id = uploaded(&base).await;
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in signed(&[("public_id", &id)], now_secs(&base).await) {
        form = form.text(k, v);
    }
    let r: Value = json_of(
        Client::new()
            .post(format!("{base}/v1_1/demo/image/destroy"))
            .multipart(form),
    )
    .await;
    assert_eq!(r, json!({ "result": "ok" }));
}

#[tokio::test]
async fn refusals_carry_cloudinarys_texts() {
    let base = start(Config::default()).await;
    let id = uploaded(&base).await;
    // A wrong signature quotes the string the server signed.
    let mut wrong = signed(&[("public_id", &id)], now_secs(&base).await);
    wrong.last_mut().unwrap().1 = "0".repeat(40);
    let (status, message, _) = error_of(destroy(&base, "image", &wrong).await).await;
    let expected = format!(
        "Invalid Signature {}. String to sign - 'public_id={id}&timestamp={}'.",
        "0".repeat(40),
        wrong[1].1
    );
    assert_eq!((status, message), (401, expected));
    // A timestamp more than an hour old.
    let stale = signed(&[("public_id", &id)], 1_434_805_181);
    let (status, message, _) = error_of(destroy(&base, "image", &stale).await).await;
    assert_eq!(
        (status, message.as_str()),
        (
            401,
            "Stale request - reported time is 2015-06-20 12:59:41 +0000 which is more than 1 hour ago"
        )
    );
    // No signature, another API key, no public id.
    let unsigned = vec![("public_id".to_owned(), id.clone())];
    let (status, message, _) = error_of(destroy(&base, "image", &unsigned).await).await;
    assert_eq!(
        (status, message.as_str()),
        (400, "Missing required parameter - signature")
    );
    let mut other_key = signed(&[("public_id", &id)], now_secs(&base).await);
    other_key[2].1 = "1234".into();
    let (status, message, _) = error_of(destroy(&base, "image", &other_key).await).await;
    assert_eq!((status, message.as_str()), (401, "Unknown API key 1234"));
    let no_id = signed(&[], now_secs(&base).await);
    let (status, message, _) = error_of(destroy(&base, "image", &no_id).await).await;
    assert_eq!(
        (status, message.as_str()),
        (400, "Missing required parameter - public_id")
    );
    // Nothing was deleted by any of them.
    assert_eq!(assets(&base).await[0]["deleted"], false);
}

#[tokio::test]
async fn faults_and_the_request_log_cover_destroy() {
    let base = start(Config::default()).await;
    let fields = signed(&[("public_id", "x")], now_secs(&base).await);
    // Only image, video and raw have a destroy route.
    assert_eq!(destroy(&base, "auto", &fields).await.status(), 404);
    let set: Value = json_of(
        Client::new()
            .post(format!("{base}/__emulator/faults"))
            .json(&json!({ "error_rate": 1.0, "error_status": 503, "routes": ["destroy"] })),
    )
    .await;
    assert_eq!(set["routes"], json!(["destroy"]));
    assert_eq!(destroy(&base, "image", &fields).await.status(), 503);
    let log: Value = json_of(Client::new().get(format!("{base}/__emulator/requests"))).await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"] == "/v1_1/demo/image/destroy")
    );
}
