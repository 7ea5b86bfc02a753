//! Browser tests of deletes after the token window: the page's signer (played here by the test,
//! with the emulator's demo secret, as the page's own server would sign) and the signed
//! `destroy` against the real emulator over HTTP. Windows are made short (`tokenLifetimeMs`)
//! rather than clocks moved. Run by `cargo xtask test`, or by hand as `web.rs` says.
#![cfg(target_arch = "wasm32")]

mod common;
mod emulator;
mod wait;

use cloudinary_delete_token::api::DeleteTokenClient;
use js_sys::{Array, Object, Promise};
use sha1::{Digest, Sha1};
use wasm_bindgen::{JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use self::{
    common::{collect, get, name_of, obj, types},
    emulator::{EMULATOR, asset, asset_deleted, delete_requests, png_blob, upload_via_fetch},
    wait::{next_event, until},
};

wasm_bindgen_test_configure!(run_in_browser);

/// The emulator's demo cloud: its API key, and the secret only its "server" (this test) holds.
const API_KEY: &str = "614335564976464";
const SECRET: &str = "emulator-secret-not-real";

/// How a test's signer behaves.
#[derive(Clone, Copy)]
enum Server {
    /// Signs as Cloudinary's rule says, answering through a promise.
    Good,
    /// Signs with another secret.
    WrongSecret,
    /// Signs with a timestamp two hours old.
    Stale,
    /// Rejects, as a server that is down.
    Down,
    /// Answers something that is not a signature.
    Nonsense,
}

/// A signer (`signDestroy`) behaving as `server`, pushing every `paramsToSign` it gets to `seen`.
fn signer(server: Server, seen: &Array) -> JsValue {
    let seen = seen.clone();
    Closure::<dyn Fn(JsValue) -> JsValue>::new(move |params: JsValue| {
        seen.push(&params);
        let age = if matches!(server, Server::Stale) {
            7_200.0
        } else {
            0.0
        };
        let timestamp = (js_sys::Date::now() / 1000.0).floor() - age;
        let mut pairs: Vec<(String, String)> = Object::entries(&params.into())
            .iter()
            .map(|pair| {
                let pair = Array::from(&pair);
                (
                    pair.get(0).as_string().unwrap(),
                    pair.get(1).as_string().unwrap(),
                )
            })
            .collect();
        pairs.push(("timestamp".into(), timestamp.to_string()));
        pairs.sort();
        let joined: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let secret = if matches!(server, Server::WrongSecret) {
            "guess"
        } else {
            SECRET
        };
        let digest = Sha1::digest(format!("{}{secret}", joined.join("&")));
        let signature: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let answer = obj(&[
            ("signature", signature.into()),
            ("apiKey", API_KEY.into()),
            ("timestamp", timestamp.into()),
        ]);
        match server {
            Server::Down => Promise::reject(&js_sys::Error::new("signer is down").into()).into(),
            Server::Nonsense => obj(&[("signature", "nope".into())]),
            _ => Promise::resolve(&answer).into(),
        }
    })
    .into_js_value()
}

/// A client with a signer behaving as `server` and a window of 0.8 s.
fn client(server: Server, seen: &Array, storage: &str) -> DeleteTokenClient {
    client_with(server, seen, storage, &[])
}

/// [`client`] with `extra` options.
fn client_with(
    server: Server,
    seen: &Array,
    storage: &str,
    extra: &[(&str, JsValue)],
) -> DeleteTokenClient {
    let mut options = vec![
        ("cloudName", "demo".into()),
        ("uploadPreset", "undoable".into()),
        ("apiHost", EMULATOR.into()),
        ("storage", storage.into()),
        ("tokenLifetimeMs", 1_200.into()),
        ("safetyMarginMs", 400.into()),
        ("signDestroy", signer(server, seen)),
    ];
    options.extend_from_slice(extra);
    DeleteTokenClient::new(obj(&options)).unwrap()
}

async fn delete(c: &DeleteTokenClient, id: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(c.delete(id.into())).await
}

/// The keys of a `paramsToSign` the signer saw.
fn keys(params: &JsValue) -> Vec<String> {
    Object::keys(&params.clone().into())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn within_the_window_the_token_deletes_and_the_signer_is_not_asked() {
    let seen = Array::new();
    let c = client(Server::Good, &seen, "memory");
    let entry = JsFuture::from(c.upload(png_blob().into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(get(&entry, "deleteVia").as_string().unwrap(), "token");
    let id = get(&entry, "publicId").as_string().unwrap();
    let before = delete_requests().await.len();
    let deleted = delete(&c, &id).await.unwrap();
    assert_eq!(get(&deleted, "state").as_string().unwrap(), "deleted");
    assert_eq!(delete_requests().await.len(), before + 1);
    assert_eq!(seen.length(), 0);
}

#[wasm_bindgen_test]
async fn after_the_window_the_signer_deletes_and_never_sees_the_token() {
    let seen = Array::new();
    let c = client(Server::Good, &seen, "memory");
    let (events, _) = collect(&c);
    let text = upload_via_fetch("undoable").await;
    let token = get(&js_sys::JSON::parse(&text).unwrap(), "delete_token")
        .as_string()
        .unwrap();
    let closed = next_event(&c, "windowClosed");
    let id = get(&c.record(text.into()).unwrap(), "publicId")
        .as_string()
        .unwrap();
    closed.await;
    let entry = c.entries().get(0);
    assert_eq!(get(&entry, "state").as_string().unwrap(), "live");
    assert_eq!(get(&entry, "deleteVia").as_string().unwrap(), "signed");
    assert_eq!(types(&events), ["recorded", "windowClosed"]);

    let before = delete_requests().await.len();
    let deleted = delete(&c, &id).await.unwrap();
    assert_eq!(get(&deleted, "state").as_string().unwrap(), "deleted");
    assert_eq!(asset_deleted(&id).await, Some(true));
    assert_eq!(
        delete_requests().await.len(),
        before,
        "a token was sent late"
    );
    // The signer saw the public id and `invalidate`, nothing else, and never the token.
    assert_eq!(seen.length(), 1);
    assert_eq!(keys(&seen.get(0)), ["public_id", "invalidate"]);
    let asked = js_sys::JSON::stringify(&seen.get(0))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!asked.contains(&token), "{asked}");
    let asset = asset(&id).await.unwrap();
    assert_eq!(get(&asset, "invalidated").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn uploads_recorded_without_a_token_are_deleted_by_signature() {
    let seen = Array::new();
    let c = client(Server::Good, &seen, "memory");
    let entry = c.record(upload_via_fetch("no-token").await.into()).unwrap();
    assert_eq!(get(&entry, "state").as_string().unwrap(), "live");
    assert_eq!(get(&entry, "deleteVia").as_string().unwrap(), "signed");
    let id = get(&entry, "publicId").as_string().unwrap();
    let deleted = delete(&c, &id).await.unwrap();
    assert_eq!(get(&deleted, "state").as_string().unwrap(), "deleted");
    assert_eq!(asset_deleted(&id).await, Some(true));
    // Gone already: a second signed destroy would say "not found"; the ledger never sends it.
    assert_eq!(
        name_of(&delete(&c, &id).await.unwrap_err()),
        "AlreadyDeletedError"
    );
    assert_eq!(seen.length(), 1);
}

#[wasm_bindgen_test]
async fn a_refused_token_falls_back_to_the_signer() {
    let seen = Array::new();
    let c = client(Server::Good, &seen, "memory");
    let response = js_sys::JSON::parse(&upload_via_fetch("undoable").await).unwrap();
    js_sys::Reflect::set(&response, &"delete_token".into(), &"never-issued".into()).unwrap();
    let id = get(&c.record(response).unwrap(), "publicId")
        .as_string()
        .unwrap();
    let before = delete_requests().await.len();
    let deleted = delete(&c, &id).await.unwrap();
    assert_eq!(get(&deleted, "state").as_string().unwrap(), "deleted");
    assert_eq!(delete_requests().await.len(), before + 1);
    assert_eq!(seen.length(), 1);
    assert_eq!(asset_deleted(&id).await, Some(true));
}

#[wasm_bindgen_test]
async fn refusals_and_failing_signers_leave_the_entry_deletable() {
    let text = upload_via_fetch("no-token").await;
    let seen = Array::new();
    for (server, name, says) in [
        (Server::WrongSecret, "RejectedError", "Invalid Signature"),
        (Server::Stale, "RejectedError", "Stale request"),
        (Server::Down, "SignerError", "signer is down"),
        (Server::Nonsense, "SignerError", "answered wrongly"),
    ] {
        let c = client(server, &seen, "memory");
        let id = get(&c.record(text.clone().into()).unwrap(), "publicId")
            .as_string()
            .unwrap();
        let err = delete(&c, &id).await.unwrap_err();
        assert_eq!(name_of(&err), name);
        let message = get(&err, "message").as_string().unwrap();
        assert!(message.contains(says), "{message}");
        if name == "RejectedError" {
            assert_eq!(get(&err, "status").as_f64(), Some(401.0));
        }
        let entry = c.entries().get(0);
        assert_eq!(get(&entry, "state").as_string().unwrap(), "live", "{says}");
        assert_eq!(get(&entry, "deleteVia").as_string().unwrap(), "signed");
        assert_eq!(asset_deleted(&id).await, Some(false));
    }
    // The same upload, with a signer that works: deleted.
    let c = client(Server::Good, &seen, "memory");
    let id = get(&c.record(text.into()).unwrap(), "publicId")
        .as_string()
        .unwrap();
    delete(&c, &id).await.unwrap();
    assert_eq!(asset_deleted(&id).await, Some(true));
}

#[wasm_bindgen_test]
async fn a_reload_keeps_entries_deletable_by_signature_without_their_token() {
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    session.clear().unwrap();
    let seen = Array::new();
    let first = client(Server::Good, &seen, "session");
    let text = upload_via_fetch("undoable").await;
    let token = get(&js_sys::JSON::parse(&text).unwrap(), "delete_token")
        .as_string()
        .unwrap();
    let in_storage = || {
        session
            .get_item("cloudinary-delete-token:demo")
            .unwrap()
            .unwrap_or_default()
    };
    let closed = next_event(&first, "windowClosed");
    let id = get(&first.record(text.into()).unwrap(), "publicId")
        .as_string()
        .unwrap();
    closed.await;
    until(
        async || !in_storage().is_empty() && !in_storage().contains(&token),
        "the save after the window closed",
    )
    .await;
    let stored = session
        .get_item("cloudinary-delete-token:demo")
        .unwrap()
        .unwrap();
    assert!(
        stored.contains("keep_until") && !stored.contains(&token),
        "{stored}"
    );

    // A reload is a new client on the same sessionStorage.
    let second = client(Server::Good, &seen, "session");
    let entry = second.entries().get(0);
    assert_eq!(get(&entry, "publicId").as_string().unwrap(), id);
    assert_eq!(get(&entry, "deleteVia").as_string().unwrap(), "signed");
    delete(&second, &id).await.unwrap();
    assert_eq!(asset_deleted(&id).await, Some(true));
    session.clear().unwrap();
}

#[wasm_bindgen_test]
fn a_signer_that_is_not_a_function_is_refused_by_name() {
    for value in [
        JsValue::from("https://example.test/sign"),
        JsValue::from(5),
        obj(&[]),
    ] {
        let err =
            DeleteTokenClient::new(obj(&[("cloudName", "demo".into()), ("signDestroy", value)]))
                .unwrap_err();
        assert_eq!(name_of(&err), "ConfigError");
        let message = get(&err, "message").as_string().unwrap();
        assert!(message.contains("signDestroy"), "{message}");
    }
}

#[wasm_bindgen_test]
async fn invalidate_false_signs_and_sends_no_invalidate() {
    let seen = Array::new();
    let c = client_with(
        Server::Good,
        &seen,
        "memory",
        &[("invalidate", false.into())],
    );
    let id = get(
        &c.record(upload_via_fetch("no-token").await.into()).unwrap(),
        "publicId",
    )
    .as_string()
    .unwrap();
    delete(&c, &id).await.unwrap();
    assert_eq!(keys(&seen.get(0)), ["public_id"]);
    let asset = asset(&id).await.unwrap();
    assert_eq!(get(&asset, "deleted").as_bool(), Some(true));
    assert_eq!(get(&asset, "invalidated").as_bool(), Some(false));
}
