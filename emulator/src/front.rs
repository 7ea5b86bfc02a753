//! The front door every request passes: CORS (preflight and headers), the injected faults
//! (drawn and answered in `faults.rs`), the request log, and the 404 of unknown routes.

use std::{collections::BTreeMap, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    faults::draw_fault,
    limits::MAX_BODY,
    reply::error,
    state::{Inner, LoggedRequest, Shared},
};

/// Request headers the CORS preflight allows (never `Authorization`).
const ALLOWED_HEADERS: &str = "X-Requested-With, Content-Type, Content-Range, Content-Disposition, X-Unique-Upload-Id, DPR, Viewport-Width, Width";
/// Bytes of each body kept in the request log.
const LOGGED_BODY: usize = 16 * 1024;

pub(crate) fn route_kind(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("/v1_1/")?;
    if rest.ends_with("/delete_by_token") {
        Some("delete_by_token")
    } else if rest.ends_with("/destroy") {
        Some("destroy")
    } else if rest.ends_with("/upload") {
        Some("upload")
    } else {
        None
    }
}

/// Runs around every request: request id, request log, CORS, preflight and faults.
pub(crate) async fn front_door(State(emu): State<Shared>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error(413, "File size too large");
    };
    let path = parts.uri.path().to_owned();
    let control = path.starts_with("/__emulator/");
    let origin = parts.headers.get(header::ORIGIN).cloned();
    let kind = route_kind(&path);
    let (request_id, fault, expose) = {
        let mut guard = emu.lock();
        // The fields themselves, not the guard: the fault draw borrows two of them at once.
        let inner = &mut *guard;
        let request_id = inner.rng.hex(32);
        if !control {
            log_request(inner, &parts, &bytes);
        }
        let applies = kind.is_some()
            && parts.method == Method::POST
            && (inner.faults.routes.is_empty()
                || inner.faults.routes.iter().any(|r| Some(r.as_str()) == kind));
        let fault = applies.then(|| draw_fault(&inner.faults, &mut inner.rng));
        (request_id, fault, inner.faults.expose_headers.join(", "))
    };

    let mut res = if parts.method == Method::OPTIONS
        && parts.headers.contains_key("access-control-request-method")
    {
        preflight()
    } else {
        let fault = fault.unwrap_or_default();
        if fault.latency > Duration::ZERO {
            tokio::time::sleep(fault.latency).await;
        }
        match fault.answer {
            Some(answer) => answer.respond(),
            None => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
        }
    };
    let drop_cors = emu.config.drop_cors_on_5xx && res.status().is_server_error();
    stamp(
        &mut res,
        &request_id,
        origin.filter(|_| !drop_cors),
        &expose,
    );
    res
}

/// Cloudinary's response headers: the request id and server name on every answer; CORS for
/// the page's origin (`origin`), with the headers scripts may read (`expose`, comma-separated).
fn stamp(res: &mut Response, request_id: &str, origin: Option<HeaderValue>, expose: &str) {
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-request-id", v);
    }
    h.insert(
        header::SERVER,
        HeaderValue::from_static("cloudinary-emulator"),
    );
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.append(header::VARY, HeaderValue::from_static("Origin"));
        if let Ok(v) = HeaderValue::from_str(expose)
            && !expose.is_empty()
        {
            h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
        }
    }
}

/// Adds the request to the log the tests read (`/__emulator/requests`), its body cut short.
fn log_request(inner: &mut Inner, parts: &axum::http::request::Parts, bytes: &Bytes) {
    let headers: BTreeMap<String, String> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let logged = &bytes[..bytes.len().min(LOGGED_BODY)];
    inner.requests.push(LoggedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        headers,
        body: String::from_utf8_lossy(logged).into_owned(),
        body_bytes: bytes.len(),
    });
}

pub(crate) fn preflight() -> Response {
    let mut res = StatusCode::OK.into_response();
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, GET, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOWED_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("1728000"),
    );
    res
}

pub(crate) async fn not_found() -> Response {
    error(404, "Resource not found")
}
