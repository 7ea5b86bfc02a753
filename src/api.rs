//! The Rust [`Client`] behind the JavaScript API (and the yew widget): an executor of the
//! core's [`Session`](crate::session::Session). Glue: each call feeds the session an input with the page clock's `now`,
//! then `Client::drive` performs the actions it asks for with browser APIs (`fetch`, XHR, the
//! page's signer, Web Storage, Web Locks, a timer), feeds each result back, and hands the events
//! to the listeners. It chooses no retry, wait, route, state or event.
//!
//! Style: small async blocks, one per action that waits on the browser (a post, a signature, a
//! lock), spawned with `wasm_bindgen_futures`; everything else runs synchronously in
//! `Client::drive`. The protocol's own state machine is the session's plain enum, so no
//! `async fn` holds protocol state across an await (those state machines were most of the
//! glue's bytes).

mod client;
mod convert;
mod executor;
mod js;
mod signer;
mod storage;

pub use self::{
    client::{Client, Listener, now},
    js::{DeleteTokenClient, Read, options as read_options, signer as read_signer},
    signer::{Signer, Signing},
};
pub use crate::{
    options::{ClientOptions, DEFAULT_CONCURRENCY, StorageKind},
    upload::UploadOptions,
    view::Event,
};
