//! The widget for pages without yew: `mountWidget(element, options)` and the custom element
//! `<cloudinary-undo>` (rendered in its shadow root). Both dispatch DOM `CustomEvent`s on the
//! host element: `cloudinary-undo:recorded`, `:deleted`, `:expired`, `:failed`, with
//! `detail.publicId` (composed, so they leave the element's shadow root).

use std::{cell::RefCell, rc::Rc};

use js_sys::{Object, Reflect};
use serde::de::IgnoredAny;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::{AppHandle, AttrValue, Callback};

use super::{
    i18n::{Messages, is_language_tag},
    props::WidgetProps,
    widget::Widget,
};
use crate::{
    api::{Client, DeleteTokenClient, Read},
    cloudinary,
    error::Error,
    field::{self, Field},
    options::StorageKind,
};

#[wasm_bindgen(module = "/src/ui/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(name: &str, mount: &JsValue, css: &str);
}

/// A mounted widget: `update(options)` applies new options, `client()` gives its client,
/// `unmount()` removes it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WidgetHandle {
    app: RefCell<Option<AppHandle<Widget>>>,
    host: Element,
    client: Rc<RefCell<Option<Client>>>,
    /// The page's `signDestroy` function and its signer, kept while the page passes the same.
    signer: Signer,
}

/// The signer of the options last applied, with the function it was made from.
type Signer = RefCell<Option<(JsValue, crate::api::Signer)>>;

#[wasm_bindgen]
impl WidgetHandle {
    /// Applies new options (as `mountWidget` takes them). The client, its entries and its
    /// uploads in flight are kept unless the cloud, preset, API host, storage or signer (another
    /// function) change. Throws `ConfigError` or `SecretInBrowserError` and keeps the widget as
    /// it was.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WidgetOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let props = widget_props(&self.host, options, &self.client, &self.signer)?;
        if let Some(app) = self.app.borrow_mut().as_mut() {
            app.update(props);
        }
        Ok(())
    }

    /// The widget's client (`DeleteTokenClient`), for `record()` of uploads made elsewhere;
    /// `undefined` before the first render or after `unmount()`.
    #[wasm_bindgen(unchecked_return_type = "DeleteTokenClient | undefined")]
    pub fn client(&self) -> JsValue {
        match (&*self.app.borrow(), self.client.borrow().clone()) {
            (Some(_), Some(client)) => DeleteTokenClient::from(client).into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// Removes the widget from its element.
    pub fn unmount(&self) {
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
    }
}

fn dispatcher(host: &Element, kind: &'static str) -> Callback<AttrValue> {
    let host = host.clone();
    Callback::from(move |public_id: AttrValue| {
        let detail = Object::new();
        let _ = Reflect::set(&detail, &"publicId".into(), &public_id.as_str().into());
        let init = CustomEventInit::new();
        init.set_detail(&detail);
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(event) =
            CustomEvent::new_with_event_init_dict(&format!("cloudinary-undo:{kind}"), &init)
        {
            let _ = host.dispatch_event(&event);
        }
    })
}

/// Options of `mountWidget(element, options)` (`WidgetOptions` in the TypeScript types), as the
/// custom element also passes its attributes.
#[derive(Debug, Default)]
struct WidgetOptions {
    cloud_name: Option<String>,
    upload_preset: Option<String>,
    api_host: Option<String>,
    locale: Option<String>,
    strings: Option<Messages>,
    /// Read as the core's type: a value other than `session`, `local` or `memory` is a
    /// `ConfigError` naming it, which the element reports and survives like any other.
    storage: Option<StorageKind>,
    max_file_size: Option<f64>,
    accept: Option<String>,
    /// A function, read by [`signer_of`].
    sign_destroy: Option<IgnoredAny>,
}

field::keys! {
    /// The keys of [`WidgetOptions`], as a page writes them.
    mod key {
        CLOUD_NAME = "cloudName",
        UPLOAD_PRESET = "uploadPreset",
        API_HOST = "apiHost",
        LOCALE = "locale",
        STRINGS = "strings",
        STORAGE = "storage",
        MAX_FILE_SIZE = "maxFileSize",
        ACCEPT = "accept",
        SIGN_DESTROY = "signDestroy",
    }
}

// By hand rather than derived (`rename_all = "camelCase"`, `deny_unknown_fields`), as the
// client's options are: each key into its field, an unknown key refused by name.
field::read_struct!(WidgetOptions, key::NAMES, |map| {
    let mut o = WidgetOptions::default();
    let keys = Field {
        names: key::NAMES,
        deny: true,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        let slot = match key {
            Some(key::CLOUD_NAME) => &mut o.cloud_name,
            Some(key::UPLOAD_PRESET) => &mut o.upload_preset,
            Some(key::API_HOST) => &mut o.api_host,
            Some(key::LOCALE) => &mut o.locale,
            Some(key::ACCEPT) => &mut o.accept,
            Some(key::STRINGS) => {
                o.strings = map.next_value()?;
                continue;
            }
            Some(key::STORAGE) => {
                o.storage = map.next_value()?;
                continue;
            }
            Some(key::MAX_FILE_SIZE) => {
                o.max_file_size = map.next_value()?;
                continue;
            }
            Some(key::SIGN_DESTROY) => {
                o.sign_destroy = map.next_value()?;
                continue;
            }
            // `Field` has refused any other key.
            _ => {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        *slot = map.next_value()?;
    }
    Ok(o)
});

/// The signer of `options`: the same one as last time while the page passes the same function,
/// since a new signer makes the widget a new client.
fn signer_of(
    options: &Read<WidgetOptions>,
    last: &Signer,
) -> Result<Option<crate::api::Signer>, Error> {
    let value = options.raw("signDestroy");
    if let Some((was, signer)) = &*last.borrow()
        && *was == value
    {
        return Ok(Some(signer.clone()));
    }
    let signer = crate::api::read_signer(value.clone())?;
    *last.borrow_mut() = signer.clone().map(|s| (value, s));
    Ok(signer)
}

/// The `locale` option: a tag the browser accepts (default `"en"`).
fn locale(tag: Option<String>) -> Result<AttrValue, Error> {
    match tag {
        None => Ok(AttrValue::Static("en")),
        Some(tag) if is_language_tag(&tag) => Ok(tag.into()),
        Some(_) => Err(Error::Config(
            "option `locale` must be a BCP 47 language tag, as \"de\" or \"pt-BR\"".into(),
        )),
    }
}

/// The `maxFileSize` option: a positive number of bytes.
fn max_file_size(bytes: Option<f64>) -> Result<Option<u64>, Error> {
    match bytes {
        None => Ok(None),
        Some(n) if n.is_finite() && n > 0.0 => Ok(Some(n as u64)),
        Some(_) => Err(Error::Config(
            "option `maxFileSize` must be a positive number of bytes".into(),
        )),
    }
}

/// Reads widget options: secrets are refused first; `undefined` values count as absent.
fn widget_props(
    host: &Element,
    options: JsValue,
    client: &Rc<RefCell<Option<Client>>>,
    signer: &Signer,
) -> Result<WidgetProps, Error> {
    if !options.is_object() {
        return Err(Error::Config("options must be an object".into()));
    }
    let read: Read<WidgetOptions> = crate::api::read_options(options, "widget options")?;
    let sign_destroy = match read.value.sign_destroy {
        Some(_) => signer_of(&read, signer)?,
        None => None,
    };
    let mut o = read.value;
    // Every check first, in the same order as ever, on the options as read: a refusal then
    // drops them once, where building the props with a `?` between fields dropped what was
    // built so far field by field at each one (0.2 KB of wasm).
    let cloud_name = o.cloud_name.take().ok_or_else(|| {
        Error::Config("the cloudName option (cloud-name attribute) is required".into())
    })?;
    let upload_preset = o.upload_preset.take().ok_or_else(|| {
        Error::Config("the uploadPreset option (upload-preset attribute) is required".into())
    })?;
    let locale = locale(o.locale.take())?;
    let max_file_size = max_file_size(o.max_file_size)?;
    cloudinary::Endpoint::new(o.api_host.as_deref(), &cloud_name)?;
    cloudinary::validate_preset(&upload_preset)?;
    Ok(WidgetProps {
        cloud_name: cloud_name.into(),
        upload_preset: upload_preset.into(),
        api_host: o.api_host.take().map(AttrValue::from),
        locale,
        strings: o.strings.take().unwrap_or_default(),
        storage: o.storage.unwrap_or_default(),
        max_file_size,
        accept: o.accept.take().map(AttrValue::from),
        sign_destroy,
        on_recorded: dispatcher(host, "recorded"),
        on_deleted: dispatcher(host, "deleted"),
        on_expired: dispatcher(host, "expired"),
        on_failed: dispatcher(host, "failed"),
        on_client: {
            let slot = client.clone();
            Callback::from(move |client: Client| *slot.borrow_mut() = Some(client))
        },
    })
}

/// `mountWidget(element, { cloudName, uploadPreset, apiHost?, locale?, strings?, storage?, maxFileSize?, accept?, signDestroy? })`:
/// renders the widget into `element`. Throws `ConfigError` or `SecretInBrowserError`.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    #[wasm_bindgen(unchecked_param_type = "Element")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WidgetOptions")] options: JsValue,
) -> Result<WidgetHandle, JsValue> {
    let element: Element = element
        .dyn_into()
        .map_err(|_| Error::Config("mountWidget(element): element must be a DOM element".into()))?;
    let (client, signer) = (Rc::default(), Signer::default());
    let props = widget_props(&element, options, &client, &signer)?;
    let app = yew::Renderer::<Widget>::with_root_and_props(element.clone(), props).render();
    Ok(WidgetHandle {
        app: RefCell::new(Some(app)),
        host: element,
        client,
        signer,
    })
}

/// Defines `<cloudinary-undo cloud-name="…" upload-preset="…" api-host locale storage
/// max-file-size accept>`. Safe to call more than once.
#[wasm_bindgen(js_name = defineCustomElement)]
pub fn define_custom_element() {
    let mount =
        Closure::<dyn Fn(JsValue, JsValue) -> Result<WidgetHandle, JsValue>>::new(mount_widget);
    // The element's shadow root adopts the stylesheet, so a page using the element needs no
    // `widget.css` of its own: `widget.css` without its comments (by `build.rs`).
    define_element(
        "cloudinary-undo",
        mount.as_ref(),
        include_str!(concat!(env!("OUT_DIR"), "/widget.css")),
    );
    // Registered once for the page's lifetime: the element class calls it on every connect.
    mount.forget();
}
