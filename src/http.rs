//! Network glue: the only user of gloo-net and `XMLHttpRequest`. It moves bytes; every decision
//! about what to send and what a reply means is in [`crate::cloudinary`].

use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, FormData, ProgressEvent, XmlHttpRequest};

use crate::{Error, cloudinary::FormRequest, time::Millis};

/// A status and the body text of an HTTP reply.
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    /// `Retry-After` in seconds, when the server sent it and exposed it to scripts (CORS).
    pub retry_after: Option<Millis>,
}

/// POSTs `req` form-urlencoded with `fetch`. No custom header and no credentials, so the browser
/// sends it as a CORS simple request without a preflight.
pub(crate) async fn post_form(req: &FormRequest) -> Result<Reply, Error> {
    let net = |e: gloo_net::Error| Error::Network(e.to_string());
    let reply = Request::post(&req.url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(req.form_body())
        .map_err(net)?
        .send()
        .await
        .map_err(net)?;
    let status = reply.status();
    let retry_after = reply
        .headers()
        .get("retry-after")
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(Millis::from_secs);
    let body = reply.text().await.map_err(net)?;
    Ok(Reply {
        status,
        body,
        retry_after,
    })
}

/// POSTs `form` with `XMLHttpRequest`, which (unlike `fetch`) reports upload progress.
/// `on_progress(loaded, total)` is called as bytes leave; `signal` aborts the request.
pub(crate) async fn post_multipart(
    url: &str,
    form: &FormData,
    headers: &[(&str, &str)],
    on_progress: Rc<dyn Fn(f64, f64)>,
    signal: Option<&AbortSignal>,
) -> Result<Reply, Error> {
    let js = |e: JsValue| Error::Network(format!("{e:?}"));
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Error::Aborted);
    }
    let xhr = XmlHttpRequest::new().map_err(js)?;
    xhr.open("POST", url).map_err(js)?;
    for (name, value) in headers {
        xhr.set_request_header(name, value).map_err(js)?;
    }
    // Both closures live until the request has settled and are detached before being dropped.
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        on_progress(e.loaded(), e.total())
    });
    let upload = xhr.upload().map_err(js)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    let abort_xhr = xhr.clone();
    let on_abort = Closure::<dyn FnMut()>::new(move || {
        let _ = abort_xhr.abort();
    });
    if let Some(signal) = signal {
        signal
            .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
            .map_err(js)?;
    }
    let settled = Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    let outcome = match xhr.send_with_opt_form_data(Some(form)) {
        Ok(()) => JsFuture::from(settled).await,
        Err(e) => Err(e),
    };
    upload.set_onprogress(None);
    if let Some(signal) = signal {
        let _ =
            signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    match outcome {
        Ok(_) => Ok(Reply {
            status: xhr.status().unwrap_or(0),
            body: xhr.response_text().ok().flatten().unwrap_or_default(),
            retry_after: None,
        }),
        Err(_) if signal.is_some_and(AbortSignal::aborted) => Err(Error::Aborted),
        Err(_) => Err(Error::Network(
            "the upload could not reach the server".into(),
        )),
    }
}
