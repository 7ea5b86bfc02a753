//! The page's signer: what deletes an asset after its token window, through the page's own
//! server, which holds the API secret. Glue: the core says what is signed
//! ([`ParamsToSign`]) and what a good answer is ([`Signed::check`]); this calls the page.

use std::{fmt, future::Future, pin::Pin, rc::Rc};

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::convert::{from_js, message_of, to_js};
use crate::{
    destroy::{ParamsToSign, Signed},
    error::Error,
};

/// What a signer returns: its answer, later (it usually asks a server).
pub type Signing = Pin<Box<dyn Future<Output = Result<Signed, Error>>>>;

/// The page's signer (`signDestroy`). Two are equal only when they are the same one, as yew
/// compares props: make it once, not on every render.
///
/// ```no_run
/// use cloudinary_delete_token::{api::Signer, destroy::Signed};
/// let signer = Signer::new(|params| Box::pin(async move {
///     // Ask your server to sign `params` (e.g. with gloo-net), and return its answer.
///     let _ = params;
///     Ok(Signed { signature: String::new(), api_key: String::new(), timestamp: 0 })
/// }));
/// ```
#[derive(Clone)]
pub struct Signer(Rc<dyn Fn(&ParamsToSign) -> Signing>);

impl Signer {
    /// A signer from a Rust function.
    pub fn new(sign: impl Fn(&ParamsToSign) -> Signing + 'static) -> Self {
        Self(Rc::new(sign))
    }

    /// A signer from a page's function: called with a plain object of the parameters, it may
    /// answer `{ signature, apiKey, timestamp }` or a promise of it. Whatever it throws or
    /// rejects with, and an answer of the wrong shape, is a `SignerError`.
    pub fn from_js(sign: Function) -> Self {
        Self::new(move |params| {
            let called = sign.call1(&JsValue::UNDEFINED, &to_js(params));
            Box::pin(async move {
                let answer = match called {
                    Ok(value) => JsFuture::from(Promise::resolve(&value)).await,
                    Err(thrown) => Err(thrown),
                };
                let answer = answer.map_err(|thrown| {
                    Error::Signer(format!("signDestroy failed: {}", message_of(&thrown)))
                })?;
                from_js(answer, false)
                    .map_err(|e| Error::Signer(format!("signDestroy answered wrongly: {e}")))
            })
        })
    }

    /// Asks for the signature of `params`.
    pub(crate) fn sign(&self, params: &ParamsToSign) -> Signing {
        (self.0)(params)
    }
}

impl PartialEq for Signer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer")
    }
}
