//! Network glue: the only user of gloo-net and `XMLHttpRequest`. It moves bytes; every decision
//! about what to send and what a reply means is in the core ([`crate::cloudinary`] builds the
//! requests and reads the replies, [`crate::upload`] plans the chunks). Both posts take a
//! request the core built and return the status and body text.

use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue, closure::Closure, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, UrlSearchParams};

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
///
/// The request is built before the returned future runs, so the caller's `req` need not outlive
/// it: what the future holds across its awaits is only gloo-net's request, which keeps the async
/// state machine (and its cleanup in each state) small.
pub(crate) fn post_form(req: &FormRequest) -> impl Future<Output = Result<Reply, Error>> + use<> {
    let net = |e: gloo_net::Error| Error::Network(e.to_string());
    let request = UrlSearchParams::new()
        .map_err(|_| Error::Network("no URLSearchParams".into()))
        .and_then(|body| {
            for (name, value) in &req.fields {
                body.append(name, value);
            }
            Request::post(&req.url).body(body).map_err(net)
        });
    async move {
        let reply = request?.send().await.map_err(net)?;
        let status = reply.status();
        let retry_after = reply
            .headers()
            .get("retry-after")
            // HTTP's whitespace is ASCII: no Unicode tables in the wasm for it.
            .and_then(|s| s.trim_ascii().parse::<u64>().ok())
            .map(Millis::from_secs);
        let body = reply.text().await.map_err(net)?;
        Ok(Reply {
            status,
            body,
            retry_after,
        })
    }
}

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    /// `XMLHttpRequest` with a `FormData` body, in JS (see `postMultipart` there for why).
    #[wasm_bindgen(js_name = postMultipart)]
    #[allow(clippy::too_many_arguments)]
    fn post_multipart_js(
        url: &str,
        fields: Array,
        headers: Array,
        file: &Blob,
        chunk: bool,
        start: f64,
        end: f64,
        on_progress: &JsValue,
        signal: Option<&AbortSignal>,
    ) -> Promise;
}

/// `[name, value, ...]`, as `postMultipart` takes fields and headers.
fn flat(pairs: &[(&'static str, String)]) -> Array {
    let out = Array::new();
    for (name, value) in pairs {
        out.push(&JsValue::from_str(name));
        out.push(&JsValue::from_str(value));
    }
    out
}

/// POSTs `req` as `multipart/form-data` with `XMLHttpRequest`, which (unlike `fetch`) reports
/// upload progress: its fields, then the bytes of `file` the request's chunk names as `file` (a
/// whole file when it is not chunked). `on_progress(loaded, total)` is called as bytes leave;
/// `signal` aborts the request. Sent at once; the returned future only waits for the reply (as
/// [`post_form`], so it holds neither `req` nor `file`).
pub(crate) fn post_multipart(
    req: &MultipartRequest,
    file: &Blob,
    on_progress: Rc<dyn Fn(f64, f64)>,
    signal: Option<&AbortSignal>,
) -> impl Future<Output = Result<Reply, Error>> + use<> {
    // Lives until the request has settled (the JS side detaches it first).
    let progress =
        Closure::<dyn Fn(f64, f64)>::new(move |loaded, total| on_progress(loaded, total));
    let chunk = &req.chunk;
    let sent = post_multipart_js(
        &req.url,
        flat(&req.fields),
        flat(&chunk.headers),
        file,
        !chunk.headers.is_empty(),
        chunk.start as f64,
        chunk.end as f64,
        progress.as_ref(),
        signal,
    );
    async move {
        let outcome = JsFuture::from(sent).await;
        drop(progress);
        match outcome {
            Ok(reply) => {
                let reply: Array = reply.unchecked_into();
                Ok(Reply {
                    status: reply.get(0).as_f64().unwrap_or(0.0) as u16,
                    body: reply.get(1).as_string().unwrap_or_default(),
                    retry_after: None,
                })
            }
            Err(why) => Err(match why.as_string().as_deref() {
                Some("aborted") => Error::Aborted,
                Some("form") => Error::Config("cannot build the upload form".into()),
                Some("send") => Error::Network("the request could not be sent".into()),
                _ => Error::Network("the upload could not reach the server".into()),
            }),
        }
    }
}
