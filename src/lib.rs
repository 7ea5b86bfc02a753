//! Browser client for Cloudinary delete tokens: record the `delete_token` of an unsigned upload,
//! track its ten-minute window, and delete ("undo") the upload by token.
//!
//! Layers, outer to inner; arrows point inward only:
//!
//! ```text
//! ui (yew, feature "yew") → api (wasm-bindgen facade) → http (gloo-net, XHR) → core
//! core = session, options, upload, retry, view, ledger, store, cloudinary, destroy, time, token,
//!        error:
//!        plain Rust with serde derives, time passed in, no browser crate
//! ```
//!
//! The core is tested with plain `cargo test`; the outer layers exist only on `wasm32`.

pub mod cloudinary;
pub mod destroy;
pub mod error;
mod field;
pub mod ledger;
pub mod options;
pub mod retry;
pub mod session;
pub mod store;
pub mod time;
pub mod token;
pub mod upload;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
mod http;
#[cfg(all(target_arch = "wasm32", feature = "yew"))]
pub mod ui;

/// The allocator of the wasm packages: talc, for fewer bytes than Rust's default (dlmalloc).
/// Release builds only: talc's debug assertions check its heap on every call, which made a
/// debug build restoring 2,000 entries too slow for the browser tests' time limit; the
/// end-to-end tests and the bench run the packages as they ship, with talc.
#[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use error::Error;
pub use ledger::{Ledger, TOKEN_TTL};
pub use token::{DeleteToken, PublicId};
