//! Browser tests of clients that share storage: two clients on one page (two widgets, a route a
//! framework keeps mounted) hear each other although browsers fire no `storage` event in the
//! page that wrote; calls of one delete join it in every storage mode; an entry's end is told
//! once. Against the real emulator over HTTP and real Web Storage.
#![cfg(target_arch = "wasm32")]

mod common;
// Shared with `web.rs` and `signed.rs`, which use the rest of them.
#[allow(dead_code)]
mod emulator;
#[allow(dead_code)]
mod wait;

use cloudinary_delete_token::api::DeleteTokenClient;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use self::{
    common::{collect, get, name_of, obj, types},
    emulator::{EMULATOR, asset_deleted, delete_requests, png_blob},
    wait::next_event,
};

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "cloudinary-delete-token:demo";

fn client(storage: &str) -> DeleteTokenClient {
    DeleteTokenClient::new(obj(&[
        ("cloudName", "demo".into()),
        ("uploadPreset", "undoable".into()),
        ("apiHost", EMULATOR.into()),
        ("storage", storage.into()),
    ]))
    .unwrap()
}

/// Clears what earlier tests of this page stored.
fn clear() {
    let window = web_sys::window().unwrap();
    for storage in [window.session_storage(), window.local_storage()] {
        storage.unwrap().unwrap().remove_item(KEY).unwrap();
    }
}

async fn upload(client: &DeleteTokenClient) -> String {
    let entry = JsFuture::from(client.upload(png_blob().into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    get(&entry, "publicId").as_string().unwrap()
}

#[wasm_bindgen_test]
async fn two_clients_of_one_page_hear_each_other_and_never_send_a_spent_token() {
    for storage in ["session", "local"] {
        clear();
        let (a, b) = (client(storage), client(storage));
        let (heard, _) = collect(&b);
        let changed = next_event(&b, "changed");
        let id = upload(&a).await;
        let e = changed.await;
        assert_eq!(
            get(&e, "publicId").as_string().as_deref(),
            Some(id.as_str())
        );
        assert_eq!(
            get(&b.entries().get(0), "state").as_string().unwrap(),
            "live"
        );

        let before = delete_requests().await.len();
        let deleted = next_event(&b, "deleted");
        JsFuture::from(a.delete(id.clone().into())).await.unwrap();
        deleted.await;
        assert_eq!(
            get(&b.entries().get(0), "state").as_string().unwrap(),
            "deleted"
        );
        let err = JsFuture::from(b.delete(id.clone().into()))
            .await
            .unwrap_err();
        assert_eq!(name_of(&err), "AlreadyDeletedError", "{storage}");
        assert_eq!(delete_requests().await.len(), before + 1, "{storage}");
        assert_eq!(asset_deleted(&id).await, Some(true));
        // Another client's doings are never announced as a restore.
        assert!(!types(&heard).contains(&"restored".to_owned()), "{storage}");
    }
}

#[wasm_bindgen_test]
async fn deletes_called_three_times_send_one_request_and_settle_alike_in_every_storage_mode() {
    for storage in ["memory", "session", "local"] {
        clear();
        let c = client(storage);
        let id = upload(&c).await;
        let before = delete_requests().await.len();
        let calls: Vec<JsFuture> = (0..3)
            .map(|_| JsFuture::from(c.delete(id.clone().into())))
            .collect();
        for call in calls {
            let entry = call.await.unwrap();
            assert_eq!(
                get(&entry, "state").as_string().unwrap(),
                "deleted",
                "{storage}"
            );
        }
        assert_eq!(delete_requests().await.len(), before + 1, "{storage}");
    }
}

#[wasm_bindgen_test]
async fn deleting_an_expired_entry_refuses_and_tells_nobody_again() {
    clear();
    let c = DeleteTokenClient::new(obj(&[
        ("cloudName", "demo".into()),
        ("apiHost", EMULATOR.into()),
        ("storage", "memory".into()),
        ("tokenLifetimeMs", 1_200.into()),
        ("safetyMarginMs", 1_000.into()),
    ]))
    .unwrap();
    let (events, _) = collect(&c);
    let expired = next_event(&c, "expired");
    c.record(obj(&[
        ("public_id", "old".into()),
        ("delete_token", "t".into()),
    ]))
    .unwrap();
    expired.await;
    let before = events.length();
    for _ in 0..3 {
        let err = JsFuture::from(c.delete("old".into())).await.unwrap_err();
        assert_eq!(name_of(&err), "TokenExpiredError");
    }
    assert_eq!(events.length(), before, "{:?}", types(&events));
}
