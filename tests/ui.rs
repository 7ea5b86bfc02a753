//! yew component tests of the widget, rendered into a fresh element in headless Chromium.
//! Run by `cargo xtask test`, or: `cargo test --target wasm32-unknown-unknown --features yew --test ui`.
#![cfg(all(target_arch = "wasm32", feature = "yew"))]

use cloudinary_delete_token::{
    api::Signer,
    options::StorageKind,
    ui::{Widget, WidgetProps, mount_widget},
};
use std::{cell::Cell, rc::Rc};

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::{AttrValue, Callback};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_point() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn props(locale: &'static str, storage: StorageKind) -> WidgetProps {
    WidgetProps {
        cloud_name: "demo".into(),
        upload_preset: "undoable".into(),
        api_host: Some(AttrValue::Static("http://127.0.0.1:9")),
        locale: locale.into(),
        storage,
        max_file_size: Some(1_000),
        accept: Some("image/*".into()),
        on_recorded: Default::default(),
        on_deleted: Default::default(),
        on_expired: Default::default(),
        on_failed: Default::default(),
        on_client: Default::default(),
        strings: Default::default(),
        sign_destroy: None,
    }
}

fn file(name: &str, content: &str, mime: &str) -> web_sys::File {
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    web_sys::File::new_with_str_sequence_and_options(&Array::of1(&content.into()), name, &options)
        .unwrap()
}

/// Drops `files` on the widget's drop zone, as a user dragging them from the desktop.
fn drop_files(root: &Element, files: &[web_sys::File]) {
    let transfer = web_sys::DataTransfer::new().unwrap();
    for file in files {
        transfer.items().add_with_file(file).unwrap();
    }
    let init = web_sys::DragEventInit::new();
    init.set_data_transfer(Some(&transfer));
    init.set_bubbles(true);
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    root.query_selector(".cdt-drop")
        .unwrap()
        .unwrap()
        .dispatch_event(&drop)
        .unwrap();
}

async fn render(root: &Element, props: WidgetProps) {
    yew::Renderer::<Widget>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn an_empty_widget_offers_the_drop_zone_in_its_locale() {
    let en = mount_point();
    render(&en, props("en", StorageKind::Memory)).await;
    assert!(text(&en).contains("Drop files here, paste them, or"));
    assert!(text(&en).contains("No uploads yet."));
    assert!(en.query_selector("[aria-live=polite]").unwrap().is_some());
    let de = mount_point();
    render(&de, props("de-AT", StorageKind::Memory)).await;
    assert!(text(&de).contains("Noch keine Uploads."));
    assert_eq!(
        de.query_selector("section")
            .unwrap()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("de-AT")
    );
}

#[wasm_bindgen_test]
async fn restored_entries_show_their_countdown_and_an_undo_button() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let deadline = js_sys::Date::now() + 125_000.0;
    storage
        .set_item(
            "cloudinary-delete-token:demo",
            &format!(r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{{"public_id":"kept","state":"live","token":"t","deadline":{deadline},"original_filename":"<b>kept</b>"}}]}}"#),
        )
        .unwrap();
    let root = mount_point();
    render(&root, props("en", StorageKind::Session)).await;
    storage.clear().unwrap();
    let row = root
        .query_selector("li[data-public-id=kept]")
        .unwrap()
        .unwrap();
    let row_text = row.text_content().unwrap();
    // File names are text, never markup.
    assert!(row_text.contains("<b>kept</b>"), "{row_text}");
    assert!(row.query_selector("b").unwrap().is_none());
    assert!(
        row_text.contains("2:05 left to undo") || row_text.contains("2:04 left to undo"),
        "{row_text}"
    );
    let undo = row.query_selector("button").unwrap().unwrap();
    assert_eq!(
        undo.get_attribute("aria-label").as_deref(),
        Some("Undo upload of <b>kept</b>")
    );
    assert!(row.query_selector("progress.cdt-window").unwrap().is_some());
    assert!(text(&root).contains("Delete all"));
}

#[wasm_bindgen_test]
async fn rows_past_their_window_offer_a_permanent_delete_through_the_signer() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    // Stored by a client with a signer: its window closed a minute ago, its retention lasts.
    let now = js_sys::Date::now();
    let (closed, kept) = (now - 60_000.0, now + 3_600_000.0);
    storage
        .set_item(
            "cloudinary-delete-token:demo",
            &format!(r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{{"public_id":"late","state":"live","deadline":{closed},"keep_until":{kept},"original_filename":"late.png"}}]}}"#),
        )
        .unwrap();
    // A signer whose server is down: the delete fails and the row stays deletable.
    let signer = Signer::new(|_| {
        Box::pin(async { Err(cloudinary_delete_token::Error::Signer("server down".into())) })
    });
    let root = mount_point();
    render(
        &root,
        WidgetProps {
            sign_destroy: Some(signer),
            ..props("en", StorageKind::Session)
        },
    )
    .await;
    storage.clear().unwrap();
    let row = root
        .query_selector("li[data-public-id=late]")
        .unwrap()
        .unwrap();
    let row_text = row.text_content().unwrap();
    assert!(
        row_text.contains("Deleting it now is permanent"),
        "{row_text}"
    );
    assert!(!row_text.contains("left to undo"), "{row_text}");
    assert!(row.query_selector("progress").unwrap().is_none());
    let delete = row.query_selector("button").unwrap().unwrap();
    assert_eq!(delete.text_content().as_deref(), Some("Delete"));
    assert_eq!(
        delete.get_attribute("aria-label").as_deref(),
        Some("Delete late.png permanently")
    );
    assert!(text(&root).contains("Delete all"));
    delete.unchecked_ref::<HtmlElement>().click();
    assert!(settle_until(&root, "li[data-public-id=late] .cdt-error").await);
    let row = root
        .query_selector("li[data-public-id=late]")
        .unwrap()
        .unwrap();
    assert!(row.text_content().unwrap().contains("server down"));
    assert_eq!(row.get_attribute("data-state").as_deref(), Some("live"));
    assert!(row.query_selector("button").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn dropped_files_over_the_limit_or_of_the_wrong_type_are_refused_with_reasons() {
    let root = mount_point();
    render(&root, props("en", StorageKind::Memory)).await;
    drop_files(
        &root,
        &[
            file("big.png", &"x".repeat(2_000), "image/png"),
            file("notes.txt", "hi", "text/plain"),
        ],
    );
    yew::scheduler::flush().await;
    let shown = text(&root);
    // The limit in the locale's units, by `Intl.NumberFormat`.
    assert!(shown.contains("Too large: the limit is 1 kB"), "{shown}");
    assert!(shown.contains("Not accepted: only image/*"), "{shown}");
    assert_eq!(
        root.query_selector_all("progress.cdt-progress")
            .unwrap()
            .length(),
        0
    );
}

#[wasm_bindgen_test]
fn mount_widget_refuses_secrets_and_bad_options() {
    let options = |pairs: &[(&str, &str)]| {
        let o = Object::new();
        for (k, v) in pairs {
            Reflect::set(&o, &(*k).into(), &JsValue::from(*v)).unwrap();
        }
        JsValue::from(o)
    };
    let name = |e: JsValue| {
        Reflect::get(&e, &"name".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let err = mount_widget(
        mount_point().into(),
        options(&[
            ("cloudName", "demo"),
            ("uploadPreset", "p"),
            ("apiSecret", "s"),
        ]),
    )
    .unwrap_err();
    assert_eq!(name(err), "SecretInBrowserError");
    let err = mount_widget(mount_point().into(), options(&[("cloudName", "demo")])).unwrap_err();
    assert_eq!(name(err), "ConfigError");
    let err = mount_widget(
        mount_point().into(),
        options(&[
            ("cloudName", "demo"),
            ("uploadPreset", "p"),
            ("apiHost", "http://evil.example"),
        ]),
    )
    .unwrap_err();
    assert_eq!(name(err), "ConfigError");
    let base = [("cloudName", "demo"), ("uploadPreset", "p")];
    let err = mount_widget(
        mount_point().into(),
        options(&[base[0], base[1], ("locale", "not a tag!")]),
    )
    .unwrap_err();
    assert_eq!(name(err), "ConfigError");
    // Messages: known keys and strings only, each refusal naming what is wrong.
    let message = |e: JsValue| {
        Reflect::get(&e, &"message".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    for (strings, says) in [
        (r#"{"undoo":"x"}"#, "undoo"),
        (r#"{"undo":5}"#, "undo"),
        (r#""undo""#, "strings"),
    ] {
        let o = options(&base);
        let value = js_sys::JSON::parse(strings).unwrap();
        Reflect::set(&o, &"strings".into(), &value).unwrap();
        let err = mount_widget(mount_point().into(), o).unwrap_err();
        assert_eq!(name(err.clone()), "ConfigError");
        assert!(message(err.clone()).contains(says), "{}", message(err));
    }
}

#[wasm_bindgen_test]
async fn mount_widget_takes_a_signer_function_and_refuses_anything_else() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let kept = js_sys::Date::now() + 3_600_000.0;
    storage
        .set_item(
            "cloudinary-delete-token:demo",
            &format!(r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{{"public_id":"mounted","state":"live","deadline":1,"keep_until":{kept}}}]}}"#),
        )
        .unwrap();
    let options = |sign: JsValue| {
        let o = Object::new();
        for (k, v) in [
            ("cloudName", "demo"),
            ("uploadPreset", "undoable"),
            ("apiHost", "http://127.0.0.1:9"),
            ("storage", "session"),
        ] {
            Reflect::set(&o, &k.into(), &v.into()).unwrap();
        }
        Reflect::set(&o, &"signDestroy".into(), &sign).unwrap();
        JsValue::from(o)
    };
    let signer = wasm_bindgen::closure::Closure::<dyn Fn(JsValue) -> JsValue>::new(|_| {
        js_sys::Promise::reject(&js_sys::Error::new("no server here").into()).into()
    })
    .into_js_value();
    let root = mount_point();
    let _handle = mount_widget(root.clone().into(), options(signer)).unwrap();
    yew::scheduler::flush().await;
    storage.clear().unwrap();
    assert!(settle_until(&root, "li[data-public-id=mounted][data-via=signed] button").await);
    for bad in [
        JsValue::from("/sign"),
        JsValue::from(5),
        Object::new().into(),
    ] {
        let err = mount_widget(mount_point().into(), options(bad)).unwrap_err();
        let message = Reflect::get(&err, &"message".into())
            .unwrap()
            .as_string()
            .unwrap();
        assert!(message.contains("signDestroy"), "{message}");
    }
}

#[wasm_bindgen_test]
async fn the_custom_element_reads_its_attributes_and_explains_missing_ones() {
    cloudinary_delete_token::ui::define_custom_element();
    cloudinary_delete_token::ui::define_custom_element(); // twice is harmless
    let document = web_sys::window().unwrap().document().unwrap();
    let good = document.create_element("cloudinary-undo").unwrap();
    good.set_attribute("cloud-name", "demo").unwrap();
    good.set_attribute("upload-preset", "undoable").unwrap();
    good.set_attribute("storage", "memory").unwrap();
    good.set_attribute("locale", "de").unwrap();
    mount_point().append_child(&good).unwrap();
    yew::scheduler::flush().await;
    assert!(
        rendered(&good)
            .text_content()
            .unwrap()
            .contains("Dateien hierher ziehen")
    );
    // In its shadow root: the page's own content of the element is left as it was.
    assert_eq!(good.child_nodes().length(), 0);
    let bad = document.create_element("cloudinary-undo").unwrap();
    mount_point().append_child(&bad).unwrap();
    yew::scheduler::flush().await;
    let shown = rendered(&bad).unchecked_ref::<HtmlElement>().inner_text();
    assert!(shown.contains("cloudName"), "{shown}");
}

/// Calls `method` of `<cloudinary-undo>`'s client (`el.client`) with `args`, as a page does.
fn client_call(el: &Element, method: &str, args: &[JsValue]) -> JsValue {
    let client = Reflect::get(el, &"client".into()).unwrap();
    let f: js_sys::Function = Reflect::get(&client, &method.into())
        .unwrap()
        .unchecked_into();
    f.apply(&client, &args.iter().collect()).unwrap()
}

/// What `<cloudinary-undo>` renders into: the one element of its open shadow root.
fn rendered(el: &Element) -> Element {
    let root = Reflect::get(el, &"shadowRoot".into()).unwrap();
    Reflect::get(&root, &"firstElementChild".into())
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
fn mount_widget_refuses_a_storage_it_does_not_know_by_name() {
    for bad in ["cookies", "Local", ""] {
        let o = Object::new();
        for (k, v) in [
            ("cloudName", "demo"),
            ("uploadPreset", "p"),
            ("storage", bad),
        ] {
            Reflect::set(&o, &k.into(), &v.into()).unwrap();
        }
        let err = mount_widget(mount_point().into(), o.into()).unwrap_err();
        let field = |key: &str| {
            Reflect::get(&err, &key.into())
                .unwrap()
                .as_string()
                .unwrap()
        };
        assert_eq!(field("name"), "ConfigError", "{bad}");
        assert!(field("message").contains("storage"), "{}", field("message"));
    }
}

#[wasm_bindgen_test]
async fn the_custom_element_keeps_its_widget_through_a_move_and_unmounts_once_removed() {
    cloudinary_delete_token::ui::define_custom_element();
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("cloudinary-undo").unwrap();
    for (k, v) in [
        ("cloud-name", "demo"),
        ("upload-preset", "undoable"),
        ("api-host", "http://127.0.0.1:9"),
        ("storage", "memory"),
    ] {
        el.set_attribute(k, v).unwrap();
    }
    mount_point().append_child(&el).unwrap();
    yew::scheduler::flush().await;
    let response = r#"{"public_id":"moved","delete_token":"t-moved"}"#;
    client_call(&el, "record", &[js_sys::JSON::parse(response).unwrap()]);
    assert!(settle_until(&rendered(&el), "li[data-public-id=moved][data-state=live]").await);
    // Moved elsewhere in the page, as a framework reorders nodes: disconnected, then connected.
    mount_point().append_child(&el).unwrap();
    yew::scheduler::flush().await;
    assert!(settle_until(&rendered(&el), "li[data-public-id=moved][data-state=live]").await);
    // A memory client's entry: a remount would have made a new client without it.
    let entries = js_sys::Array::from(&client_call(&el, "entries", &[]));
    assert_eq!(entries.length(), 1);
    el.remove();
    assert!(settled(|| Reflect::get(&el, &"client".into()).unwrap().is_undefined()).await);
}

#[wasm_bindgen_test]
async fn the_custom_element_reports_an_unknown_storage_and_keeps_its_client() {
    cloudinary_delete_token::ui::define_custom_element();
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("cloudinary-undo").unwrap();
    el.set_attribute("cloud-name", "demo").unwrap();
    el.set_attribute("upload-preset", "undoable").unwrap();
    el.set_attribute("api-host", "http://127.0.0.1:9").unwrap();
    el.set_attribute("storage", "memory").unwrap();
    let errors = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let on_error = {
        let errors = errors.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
            move |e: web_sys::CustomEvent| {
                let name = Reflect::get(&e.detail(), &"name".into()).unwrap();
                errors
                    .borrow_mut()
                    .push(name.as_string().unwrap_or_default());
            },
        )
        .into_js_value()
    };
    el.add_event_listener_with_callback("cloudinary-undo:error", on_error.unchecked_ref())
        .unwrap();
    mount_point().append_child(&el).unwrap();
    yew::scheduler::flush().await;
    // An upload recorded through the element's client, which a new client would not list.
    let response = r#"{"public_id":"kept","delete_token":"t-kept"}"#;
    client_call(&el, "record", &[js_sys::JSON::parse(response).unwrap()]);
    assert!(settle_until(&rendered(&el), "li[data-public-id=kept][data-state=live]").await);
    el.set_attribute("storage", "cookies").unwrap();
    yew::scheduler::flush().await;
    assert_eq!(*errors.borrow(), ["ConfigError"]);
    assert!(settle_until(&rendered(&el), "li[data-public-id=kept][data-state=live]").await);
    // Back to what it was: the same configuration, so the same client and its entry.
    el.set_attribute("storage", "memory").unwrap();
    yew::scheduler::flush().await;
    assert_eq!(*errors.borrow(), ["ConfigError"]);
    assert!(settle_until(&rendered(&el), "li[data-public-id=kept][data-state=live]").await);
}

#[wasm_bindgen_test]
async fn another_clients_upload_shows_in_the_rows_and_is_not_announced() {
    use cloudinary_delete_token::{
        api::{Client, ClientOptions},
        cloudinary::UploadResponse,
    };
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = mount_point();
    render(&root, props("en", StorageKind::Local)).await;
    // Another client of this page over the same storage, as a second widget would be.
    let mut options = ClientOptions::new("demo");
    options.api_host = Some("http://127.0.0.1:9".into());
    options.storage = StorageKind::Local;
    let other = Client::new(options, None).unwrap();
    let response: UploadResponse =
        serde_json::from_str(r#"{"public_id":"elsewhere","delete_token":"t-elsewhere"}"#).unwrap();
    other.record(response).unwrap();
    let shown = settle_until(&root, "li[data-public-id=elsewhere][data-state=live]").await;
    let said = root
        .query_selector(".cdt-sr")
        .unwrap()
        .unwrap()
        .text_content();
    storage.clear().unwrap();
    assert!(shown);
    // Not news to this page's user: no "N uploads … were restored".
    assert_eq!(said.as_deref(), Some(""));
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/tests/hostile.js")]
extern "C" {
    #[wasm_bindgen(js_name = throwingProxy)]
    fn throwing_proxy() -> JsValue;
    #[wasm_bindgen(js_name = revokedProxy)]
    fn revoked_proxy() -> JsValue;
    fn bigint() -> JsValue;
    fn symbol() -> JsValue;
    #[wasm_bindgen(js_name = withKey)]
    fn with_key(key: &str, value: &JsValue) -> JsValue;
}

#[wasm_bindgen_test]
fn mount_widget_answers_any_value_with_a_typed_error() {
    let name = |e: JsValue| {
        Reflect::get(&e, &"name".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let exotic = [
        throwing_proxy(),
        revoked_proxy(),
        bigint(),
        symbol(),
        123.into(),
        "x".repeat(5 << 20).into(),
        JsValue::NULL,
    ];
    let good = || {
        let o = Object::new();
        for (k, v) in [
            ("cloudName", "demo"),
            ("uploadPreset", "p"),
            ("storage", "memory"),
        ] {
            Reflect::set(&o, &k.into(), &v.into()).unwrap();
        }
        JsValue::from(o)
    };
    for value in &exotic {
        let err = mount_widget(value.clone(), good()).unwrap_err();
        assert_eq!(name(err), "ConfigError", "element {value:?}");
        let err = mount_widget(mount_point().into(), value.clone()).unwrap_err();
        assert_eq!(name(err), "ConfigError", "options {value:?}");
        // `null` for an optional option means absent, which is harmless.
        for key in ["locale", "maxFileSize", "cloudName"]
            .iter()
            .filter(|_| !value.is_null())
        {
            let options = with_key(key, value);
            for k in ["cloudName", "uploadPreset"].iter().filter(|k| *k != key) {
                Reflect::set(&options, &(*k).into(), &"demo".into()).unwrap();
            }
            match mount_widget(mount_point().into(), options) {
                Err(err) => assert_eq!(name(err), "ConfigError", "{key} = {value:?}"),
                // Valid values: a long string is a locale (English is used), 123 a size.
                Ok(handle) => {
                    let valid = (*key == "locale" && value.is_string())
                        || (*key == "maxFileSize" && value.as_f64().is_some());
                    assert!(valid, "{key} = {value:.40?}");
                    handle.unmount();
                }
            }
        }
    }
    // The module keeps working.
    mount_widget(mount_point().into(), good())
        .unwrap()
        .unmount();
}

const EMULATOR: &str = match option_env!("CDT_EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// Props as a parent re-rendering builds them: fresh callbacks every time.
fn live_props(
    preset: &'static str,
    recorded: &Rc<Cell<u32>>,
    clients: &Rc<Cell<u32>>,
) -> WidgetProps {
    let (recorded, clients) = (recorded.clone(), clients.clone());
    WidgetProps {
        upload_preset: preset.into(),
        api_host: Some(AttrValue::Static(EMULATOR)),
        max_file_size: None,
        accept: None,
        on_recorded: Callback::from(move |_| recorded.set(recorded.get() + 1)),
        on_client: Callback::from(move |_| clients.set(clients.get() + 1)),
        ..props("en", StorageKind::Memory)
    }
}

/// Whether an element matching `selector` shows within 500 turns of the event loop.
async fn settle_until(root: &Element, selector: &str) -> bool {
    settled(|| root.query_selector(selector).unwrap().is_some()).await
}

/// Whether `ready` holds after the scheduled renders, checked once per turn of the event loop
/// (a zero-delay timeout, so the page's queued work runs first) for 500 turns at most.
async fn settled(ready: impl Fn() -> bool) -> bool {
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if ready() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    false
}

#[wasm_bindgen_test]
async fn a_parent_re_rendering_with_fresh_callbacks_keeps_one_client_and_its_uploads() {
    let (recorded, clients) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let root = mount_point();
    let mut app = yew::Renderer::<Widget>::with_root_and_props(
        root.clone(),
        live_props("undoable", &recorded, &clients),
    )
    .render();
    yew::scheduler::flush().await;
    // A real PNG dropped on the widget: the upload is in flight when the parent re-renders.
    let png = js_sys::Uint8Array::from(
        &[
            137u8, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1,
            8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 248,
            207, 80, 15, 0, 3, 134, 1, 128, 90, 52, 125, 107, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66,
            96, 130,
        ][..],
    );
    let file =
        web_sys::File::new_with_u8_array_sequence_and_options(&Array::of1(&png), "dot.png", &{
            let o = web_sys::FilePropertyBag::new();
            o.set_type("image/png");
            o
        })
        .unwrap();
    drop_files(&root, &[file]);
    for _ in 0..3 {
        app.update(live_props("undoable", &recorded, &clients));
        yew::scheduler::flush().await;
    }
    assert!(
        settle_until(&root, "li[data-public-id]").await,
        "{}",
        text(&root)
    );
    app.update(live_props("undoable", &recorded, &clients));
    yew::scheduler::flush().await;
    assert!(root.query_selector("li[data-public-id]").unwrap().is_some());
    assert_eq!((clients.get(), recorded.get()), (1, 1));
    // A new configuration makes a new client; the old one's memory entries go with it.
    app.update(live_props("other-preset", &recorded, &clients));
    yew::scheduler::flush().await;
    assert_eq!(clients.get(), 2);
    assert!(root.query_selector("li[data-public-id]").unwrap().is_none());
    app.destroy();
}

#[wasm_bindgen_test]
fn plural_forms_follow_the_language() {
    use cloudinary_delete_token::ui::i18n::{Messages, Strings, Text};
    let (one, other) = (Text::ConfirmAllOne, Text::ConfirmAll);
    let en = Strings::new("en", &Messages::default());
    let de = Strings::new("de", &Messages::default());
    assert_eq!(en.plural(1, one, other), en.get(one));
    assert_eq!(en.plural(0, one, other), en.get(other));
    assert_eq!(de.plural(2, one, other), de.get(other));
    assert_eq!(de.plural(1, one, other), de.get(one));
    // A language with no "one" form at all: every count takes the other.
    let ja = Strings::new("ja", &Messages::default());
    assert_eq!(ja.plural(1, one, other), ja.get(other));
}

#[wasm_bindgen_test]
async fn every_built_in_language_renders_its_own_strings() {
    for (locale, empty, lang) in [
        ("fr-CA", "Aucun envoi pour l’instant.", "fr-CA"),
        ("es", "Aún no hay subidas.", "es"),
        ("ja-jp", "アップロードはまだありません。", "ja-JP"),
        ("pt", "No uploads yet.", "en"),
        ("not a tag!", "No uploads yet.", "en"),
    ] {
        let root = mount_point();
        render(&root, props(locale, StorageKind::Memory)).await;
        assert!(text(&root).contains(empty), "{locale}: {}", text(&root));
        let section = root.query_selector("section").unwrap().unwrap();
        assert_eq!(section.get_attribute("lang").as_deref(), Some(lang));
    }
}

#[wasm_bindgen_test]
async fn a_page_supplies_messages_for_any_language_and_the_rest_fall_back_to_english() {
    use cloudinary_delete_token::ui::i18n::{Messages, Text};
    let italian: Messages = [
        (Text::Empty, "Nessun caricamento."),
        (Text::TooLarge, "Troppo grande: al massimo {size}"),
    ]
    .into_iter()
    .collect();
    let root = mount_point();
    render(
        &root,
        WidgetProps {
            strings: italian,
            ..props("it", StorageKind::Memory)
        },
    )
    .await;
    let shown = text(&root);
    assert!(shown.contains("Nessun caricamento."), "{shown}");
    // Not supplied: English.
    assert!(shown.contains("Drop files here, paste them, or"), "{shown}");
    let section = root.query_selector("section").unwrap().unwrap();
    assert_eq!(section.get_attribute("lang").as_deref(), Some("it"));
    // Sizes in Italian digits and units.
    drop_files(&root, &[file("big.png", &"x".repeat(2_000), "image/png")]);
    yew::scheduler::flush().await;
    let shown = text(&root);
    assert!(shown.contains("Troppo grande: al massimo 1 kB"), "{shown}");
}

/// The widget's stylesheet, as a page loads it: the list's height limit makes it scroll.
fn with_widget_css() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("cdt-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("cdt-css");
        style.set_text_content(Some(include_str!("../src/ui/widget.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_long_list_renders_only_the_rows_near_its_viewport_and_says_where_each_is() {
    with_widget_css();
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let deadline = js_sys::Date::now() + 300_000.0;
    let entries: Vec<String> = (0..2_000)
        .map(|i| {
            format!(
                r#"{{"public_id":"many-{i}","state":"live","token":"t{i}","deadline":{deadline}}}"#
            )
        })
        .collect();
    storage
        .set_item(
            "cloudinary-delete-token:demo",
            &format!(
                r#"{{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{}]}}"#,
                entries.join(",")
            ),
        )
        .unwrap();
    let root = mount_point();
    render(&root, props("en", StorageKind::Session)).await;
    storage.clear().unwrap();
    assert!(settle_until(&root, "li[data-public-id=many-1999]").await);
    let rows = || root.query_selector_all("li[data-public-id]").unwrap();
    // The list measures its viewport after the first render, then windows the rows.
    settled(|| rows().length() < 100).await;
    assert!(rows().length() < 100, "{} rows in the DOM", rows().length());
    // Newest first, each with its place in the whole list.
    let first: Element = rows().get(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        first.get_attribute("data-public-id").as_deref(),
        Some("many-1999")
    );
    assert_eq!(first.get_attribute("aria-posinset").as_deref(), Some("1"));
    assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("2000"));
    // The scroll height stands for every row; scrolling to the end brings the oldest in.
    let list: HtmlElement = root
        .query_selector(".cdt-list")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(
        list.scroll_height() > 2_000 * 40,
        "{}",
        list.scroll_height()
    );
    list.set_scroll_top(list.scroll_height());
    assert!(settle_until(&root, "li[data-public-id=many-0]").await);
    let last = root
        .query_selector("li[data-public-id=many-0]")
        .unwrap()
        .unwrap();
    assert_eq!(last.get_attribute("aria-posinset").as_deref(), Some("2000"));
    assert!(
        root.query_selector("li[data-public-id=many-1999]")
            .unwrap()
            .is_none()
    );
    assert!(rows().length() < 100, "{} rows in the DOM", rows().length());
}
