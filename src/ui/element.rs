//! The widget for pages without yew: `mountWidget(element, options)` and the custom element
//! `<cloudinary-undo>`. Both dispatch DOM `CustomEvent`s on the host element:
//! `cloudinary-undo:recorded`, `:deleted`, `:expired`, `:failed`, with `detail.publicId`.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::{AppHandle, AttrValue, Callback};

use super::widget::{Widget, WidgetProps};
use crate::{Error, cloudinary};

#[wasm_bindgen(inline_js = r#"
export function defineElement(name, mount) {
  if (customElements.get(name)) return;
  customElements.define(name, class extends HTMLElement {
    connectedCallback() {
      if (this._cdt) return;
      const attr = (n) => this.getAttribute(n) ?? undefined;
      const size = attr("max-file-size");
      this._cdt = mount(this, {
        cloudName: attr("cloud-name"), uploadPreset: attr("upload-preset"), apiHost: attr("api-host"),
        locale: attr("locale"), storage: attr("storage"), accept: attr("accept"),
        maxFileSize: size === undefined ? undefined : Number(size),
      });
    }
    disconnectedCallback() { this._cdt?.unmount(); this._cdt = undefined; }
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(name: &str, mount: &JsValue);
}

/// A mounted widget; `unmount()` removes it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WidgetHandle {
    app: RefCell<Option<AppHandle<Widget>>>,
}

#[wasm_bindgen]
impl WidgetHandle {
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
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WidgetOptions {
    cloud_name: Option<String>,
    upload_preset: Option<String>,
    api_host: Option<String>,
    locale: Option<String>,
    storage: Option<String>,
    max_file_size: Option<f64>,
    accept: Option<String>,
}

/// Reads widget options: secrets are refused first; `undefined` values count as absent.
fn widget_props(host: &Element, options: JsValue) -> Result<WidgetProps, Error> {
    if !options.is_object() {
        return Err(Error::Config("options must be an object".into()));
    }
    let o: WidgetOptions = crate::api::read_options(options, "widget options")?;
    let max_file_size = match o.max_file_size {
        None => None,
        Some(n) if n.is_finite() && n > 0.0 => Some(n as u64),
        Some(_) => {
            return Err(Error::Config(
                "option `maxFileSize` must be a positive number of bytes".into(),
            ));
        }
    };
    let props = WidgetProps {
        cloud_name: o.cloud_name.map(AttrValue::from).ok_or_else(|| {
            Error::Config("the cloudName option (cloud-name attribute) is required".into())
        })?,
        upload_preset: o.upload_preset.map(AttrValue::from).ok_or_else(|| {
            Error::Config("the uploadPreset option (upload-preset attribute) is required".into())
        })?,
        api_host: o.api_host.map(AttrValue::from),
        locale: o.locale.map_or(AttrValue::Static("en"), AttrValue::from),
        storage: o.storage.map(AttrValue::from),
        max_file_size,
        accept: o.accept.map(AttrValue::from),
        on_recorded: dispatcher(host, "recorded"),
        on_deleted: dispatcher(host, "deleted"),
        on_expired: dispatcher(host, "expired"),
        on_failed: dispatcher(host, "failed"),
    };
    cloudinary::Endpoint::new(props.api_host.as_deref(), &props.cloud_name)?;
    cloudinary::validate_preset(&props.upload_preset)?;
    Ok(props)
}

/// `mountWidget(element, { cloudName, uploadPreset, apiHost?, locale?, storage?, maxFileSize?, accept? })`:
/// renders the widget into `element`. Throws `ConfigError` or `SecretInBrowserError`.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    #[wasm_bindgen(unchecked_param_type = "Element")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WidgetOptions")] options: JsValue,
) -> Result<WidgetHandle, JsValue> {
    let element: Element = element
        .dyn_into()
        .map_err(|_| Error::Config("mountWidget(element): element must be a DOM element".into()))?;
    let props = widget_props(&element, options)?;
    let app = yew::Renderer::<Widget>::with_root_and_props(element, props).render();
    Ok(WidgetHandle {
        app: RefCell::new(Some(app)),
    })
}

/// Defines `<cloudinary-undo cloud-name="…" upload-preset="…" api-host locale storage
/// max-file-size accept>`. Safe to call more than once.
#[wasm_bindgen(js_name = defineCustomElement)]
pub fn define_custom_element() {
    let mount = Closure::<dyn Fn(Element, JsValue) -> Result<WidgetHandle, JsValue>>::new(
        |host: Element, options: JsValue| {
            mount_widget(host.clone().into(), options).inspect_err(|e| {
                // Also visible on the page, not only in the console.
                let message = Reflect::get(e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default();
                host.set_text_content(Some(&format!("cloudinary-undo: {message}")));
            })
        },
    );
    define_element("cloudinary-undo", mount.as_ref());
    // Registered once for the page's lifetime: the element class calls it on every connect.
    mount.forget();
}
