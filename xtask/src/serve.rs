//! In-process servers for demo and tests: the Cloudinary emulator and a static file server for
//! `dist/` (the trunk demo), `/www/` (the plain-JS page), `/pkg/` (the npm module) and `/e2e/` (test
//! pages), on two
//! different loopback ports so CORS is exercised as in production. Beside the pages, with the
//! emulator, the demo signer (`POST /demo/sign`, [`crate::signer`]) plays the app's own server.

use std::{net::SocketAddr, path::Path, sync::Arc};

use axum::Router;
use cloudinary_emulator::{Config, Emulator};
use tower_http::services::ServeDir;

/// Addresses of the running servers.
pub struct Servers {
    /// Emulator origin, e.g. `http://127.0.0.1:8787`; `None` when pointing at real Cloudinary.
    pub emulator: Option<String>,
    /// Static page origin.
    pub pages: String,
    _runtime: tokio::runtime::Runtime,
}

/// Starts the servers on a background runtime. Port 0 picks free ports; `seed` seeds the
/// emulator's ids, tokens and faults.
pub fn start(
    root: &Path,
    emulator_port: Option<u16>,
    pages_port: u16,
    seed: u64,
) -> Result<Servers, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    // The demo cloud's API key and secret: for the signer beside the pages, never for a page.
    let config = Config::default();
    let demo_cloud = config.clouds.get("demo").cloned();
    let emulator = match emulator_port {
        Some(port) => {
            let listener = runtime
                .block_on(tokio::net::TcpListener::bind(("127.0.0.1", port)))
                .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
            let addr: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
            let emu = Arc::new(Emulator::new(config, seed));
            runtime.spawn(async move {
                if let Err(e) = cloudinary_emulator::serve(listener, emu).await {
                    eprintln!("emulator stopped: {e}");
                }
            });
            Some(format!("http://{addr}"))
        }
        None => None,
    };
    let signer = match (&emulator, demo_cloud) {
        (Some(_), Some(cloud)) => crate::signer::route(cloud.api_key, cloud.api_secret),
        _ => Router::new(),
    };
    let app = signer
        .nest_service("/www", ServeDir::new(root.join("www")))
        .nest_service("/pkg", ServeDir::new(root.join("pkg")))
        .nest_service("/pkg-widget", ServeDir::new(root.join("pkg-widget")))
        // The example apps as built (`examples/*/dist`).
        .nest_service("/examples", ServeDir::new(root.join("examples")))
        // Test pages and the official clients they load (npm packages of tests/e2e).
        .nest_service("/e2e", ServeDir::new(root.join("tests/e2e")))
        .fallback_service(ServeDir::new(root.join("dist")));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", pages_port)))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{pages_port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    runtime.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("page server stopped: {e}");
        }
    });
    Ok(Servers {
        emulator,
        pages: format!("http://{addr}"),
        _runtime: runtime,
    })
}
