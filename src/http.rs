//! Network glue: the only user of gloo-net and `XMLHttpRequest`. It moves bytes; every decision
//! about what to send and what a reply means is in the core ([`crate::cloudinary`] builds the
//! requests and reads the replies, [`crate::upload`] plans the chunks). Both posts take a
//! request the core built and return the status and body text.

use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, File, FormData, ProgressEvent, UrlSearchParams, XmlHttpRequest};

use crate::{cloudinary::FormRequest, error::Error, time::Millis, upload::MultipartRequest};

/// A status and the body text of an HTTP reply.
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    /// `Retry-After` in seconds, when the server sent it and exposed it to scripts (CORS).
    pub retry_after: Option<Millis>,
}

/// POSTs `req` form-urlencoded with `fetch`. The browser encodes the fields (a `URLSearchParams`
/// body, sent as `application/x-www-form-urlencoded;charset=UTF-8`); no custom header and no
/// credentials, so it goes as a CORS simple request without a preflight.
pub(crate) async fn post_form(req: &FormRequest) -> Result<Reply, Error> {
    let net = |e: gloo_net::Error| Error::Network(e.to_string());
    let body = UrlSearchParams::new().map_err(|_| Error::Network("no URLSearchParams".into()))?;
    for (name, value) in &req.fields {
        body.append(name, value);
    }
    let reply = Request::post(&req.url)
        .body(body)
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

/// POSTs `req` as `multipart/form-data` with `XMLHttpRequest`, which (unlike `fetch`) reports
/// upload progress: its fields, then the bytes of `file` the request's chunk names as `file`.
/// `on_progress(loaded, total)` is called as bytes leave; `signal` aborts the request.
pub(crate) async fn post_multipart(
    req: &MultipartRequest,
    file: &Blob,
    on_progress: Rc<dyn Fn(f64, f64)>,
    signal: Option<&AbortSignal>,
) -> Result<Reply, Error> {
    let form =
        form_data(req, file).map_err(|_| Error::Config("cannot build the upload form".into()))?;
    let headers = &req.chunk.headers;
    let js = |_: JsValue| Error::Network("the request could not be sent".into());
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Error::Aborted);
    }
    let xhr = XmlHttpRequest::new().map_err(js)?;
    xhr.open("POST", &req.url).map_err(js)?;
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
    let outcome = match xhr.send_with_opt_form_data(Some(&form)) {
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

/// The request's fields, then its part of `file`. A chunk is a nameless slice, so it carries
/// the file's name; a whole file carries its own.
fn form_data(req: &MultipartRequest, file: &Blob) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    for (name, value) in &req.fields {
        form.append_with_str(name, value)?;
    }
    if req.chunk.headers.is_empty() {
        form.append_with_blob("file", file)?;
    } else {
        let part = file.slice_with_f64_and_f64(req.chunk.start as f64, req.chunk.end as f64)?;
        match file.dyn_ref::<File>() {
            Some(named) => form.append_with_blob_and_filename("file", &part, &named.name())?,
            None => form.append_with_blob("file", &part)?,
        }
    }
    Ok(form)
}
