//! The front door every request passes: CORS (preflight and headers), the injected faults
//! (drawn and answered in `faults.rs`), the request log; and Cloudinary's error answer shape.

use std::{collections::BTreeMap, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{
    ALLOWED_HEADERS, LOGGED_BODY, MAX_BODY,
    faults::draw_fault,
    reply::{ErrorReply, Message},
    state::{Inner, LoggedRequest, Shared},
};

/// A Cloudinary error answer: `{"error":{"message"}}` plus `X-Cld-Error`.
pub(crate) fn error(status: u16, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut res = (
        status,
        json_body(&ErrorReply {
            error: Message { message },
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(message) {
        res.headers_mut().insert("x-cld-error", v);
    }
    res
}

pub(crate) fn json_body<T: Serialize>(v: &T) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_string(v).unwrap_or_default(),
    )
        .into_response()
}

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
        let mut inner = emu.lock();
        let request_id = inner.hex(32);
        if !control {
            log_request(&mut inner, &parts, &bytes);
        }
        let applies = kind.is_some()
            && parts.method == Method::POST
            && (inner.faults.routes.is_empty()
                || inner.faults.routes.iter().any(|r| Some(r.as_str()) == kind));
        let fault = applies.then(|| draw_fault(&mut inner));
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
