//! The widget for pages without yew: `mountWidget(element, options)` and the custom element
//! `<cloudinary-undo>`. Both dispatch DOM `CustomEvent`s on the host element:
//! `cloudinary-undo:recorded`, `:deleted`, `:expired`, `:failed`, with `detail.publicId`.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
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

/// Reads widget options: secrets are refused first; `undefined` values count as absent.
fn widget_props(host: &Element, options: &JsValue) -> Result<WidgetProps, Error> {
    if !options.is_object() {
        return Err(Error::Config("options must be an object".into()));
    }
    let pairs: Vec<(String, JsValue)> = Object::entries(options.unchecked_ref())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1)))
        })
        .filter(|(_, v)| !v.is_undefined())
        .collect();
    let strings: Vec<(&str, Option<String>)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_string()))
        .collect();
    cloudinary::refuse_secrets(strings.iter().map(|(k, v)| (*k, v.as_deref())))?;
    let text = |key: &str, v: &JsValue| {
        v.as_string()
            .map(AttrValue::from)
            .ok_or_else(|| Error::Config(format!("option `{key}` must be a string")))
    };
    let (mut cloud, mut preset) = (None, None);
    let mut props = WidgetProps {
        cloud_name: AttrValue::default(),
        upload_preset: AttrValue::default(),
        api_host: None,
        locale: AttrValue::Static("en"),
        storage: None,
        max_file_size: None,
        accept: None,
        on_recorded: dispatcher(host, "recorded"),
        on_deleted: dispatcher(host, "deleted"),
        on_expired: dispatcher(host, "expired"),
        on_failed: dispatcher(host, "failed"),
    };
    for (key, value) in &pairs {
        match key.as_str() {
            "cloudName" => cloud = Some(text(key, value)?),
            "uploadPreset" => preset = Some(text(key, value)?),
            "apiHost" => props.api_host = Some(text(key, value)?),
            "locale" => props.locale = text(key, value)?,
            "storage" => props.storage = Some(text(key, value)?),
            "accept" => props.accept = Some(text(key, value)?),
            "maxFileSize" => {
                props.max_file_size = Some(
                    value
                        .as_f64()
                        .filter(|n| n.is_finite() && *n > 0.0)
                        .map(|n| n as u64)
                        .ok_or_else(|| {
                            Error::Config(
                                "option `maxFileSize` must be a positive number of bytes".into(),
                            )
                        })?,
                );
            }
            other => return Err(Error::Config(format!("unknown widget option `{other}`"))),
        }
    }
    props.cloud_name = cloud.ok_or_else(|| {
        Error::Config("the cloudName option (cloud-name attribute) is required".into())
    })?;
    props.upload_preset = preset.ok_or_else(|| {
        Error::Config("the uploadPreset option (upload-preset attribute) is required".into())
    })?;
    cloudinary::Endpoint::new(props.api_host.as_deref(), &props.cloud_name)?;
    cloudinary::validate_preset(&props.upload_preset)?;
    Ok(props)
}

/// `mountWidget(element, { cloudName, uploadPreset, apiHost?, locale?, storage?, maxFileSize?, accept? })`:
/// renders the widget into `element`. Throws `ConfigError` or `SecretInBrowserError`.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    element: Element,
    #[wasm_bindgen(unchecked_param_type = "WidgetOptions")] options: JsValue,
) -> Result<WidgetHandle, JsValue> {
    let props = widget_props(&element, &options)?;
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
            mount_widget(host.clone(), options).inspect_err(|e| {
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
