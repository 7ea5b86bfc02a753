//! A local emulator of the Cloudinary endpoints this project uses: unsigned (and signed) upload,
//! `delete_by_token`, the signed `destroy`, delivery URLs, and test-control routes under
//! `/__emulator/`. Each kind of route has its own file; `front.rs` is the door every request
//! passes (CORS, faults, the request log), `state.rs` what the emulator remembers.
//!
//! Documented behaviour is as Cloudinary's documentation states it; undocumented answers are
//! configurable ([`config::Config`]) and labelled as guesses. `emulator/README.md` lists both.

mod chunk;
pub mod config;
mod control;
mod delete;
mod delivery;
mod destroy;
mod faults;
mod front;
mod limits;
mod media;
mod params;
mod reply;
mod rng;
mod sign;
mod source;
mod state;
mod upload;

use std::net::SocketAddr;

use axum::{
    Router, middleware,
    routing::{get, post},
};

pub use config::Config;
pub use faults::Faults;
pub use sign::{sign, string_to_sign};
pub use state::Emulator;
use state::Shared;

/// The router with every route and the front-door middleware.
pub fn app(emulator: Shared) -> Router {
    Router::new()
        .route("/v1_1/{cloud}/upload", post(upload::upload_auto))
        .route("/v1_1/{cloud}/{resource_type}/upload", post(upload::upload))
        .route(
            "/v1_1/{cloud}/delete_by_token",
            post(delete::delete_by_token),
        )
        .route(
            "/v1_1/{cloud}/{resource_type}/destroy",
            post(destroy::destroy),
        )
        .route(
            "/{cloud}/{resource_type}/upload/{*path}",
            get(delivery::deliver),
        )
        .route("/__emulator/clock/advance", post(control::advance_clock))
        .route("/__emulator/reset", post(control::reset))
        .route("/__emulator/assets", get(control::list_assets))
        .route("/__emulator/tokens", get(control::list_tokens))
        .route("/__emulator/requests", get(control::list_requests))
        .route("/__emulator/faults", post(control::set_faults))
        .fallback(front::not_found)
        // axum's default 2 MB limit would refuse ordinary photos and every 5 MB+ chunk.
        .layer(axum::extract::DefaultBodyLimit::max(limits::MAX_BODY))
        .layer(middleware::from_fn_with_state(
            emulator.clone(),
            front::front_door,
        ))
        .with_state(emulator)
}

/// Binds `addr` and serves until the process ends; returns the bound address first via `ready`.
pub async fn serve(listener: tokio::net::TcpListener, emulator: Shared) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(emulator).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
