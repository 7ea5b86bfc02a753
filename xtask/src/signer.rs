//! The demo's stand-in for an app's own server: `POST /demo/sign` signs the `destroy` that
//! deletes an upload after its token window, with the emulator's demo secret, which stays here
//! and never reaches the page. A real app's signer is the same few lines around its SDK's
//! `api_sign_request`, plus the check this demo leaves out: that the signed-in user may delete
//! that public id.

use std::{
    collections::BTreeMap,
    time::{SystemTime, UNIX_EPOCH},
};

use axum::{
    Router,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};

/// The parameters a destroy carries; a signer signs nothing else (no upload, no other call).
const SIGNABLE: [&str; 3] = ["public_id", "invalidate", "type"];

/// The route, signing for the cloud whose API key and secret are given.
pub fn route(api_key: String, api_secret: String) -> Router {
    Router::new().route(
        "/demo/sign",
        post(move |body: String| async move { sign(&body, &api_key, &api_secret) }),
    )
}

/// Answers `{signature, apiKey, timestamp}` for a JSON object of the parameters to sign.
fn sign(body: &str, api_key: &str, api_secret: &str) -> Response {
    let refuse = |why: &str| (StatusCode::BAD_REQUEST, why.to_owned()).into_response();
    let Ok(params) = serde_json::from_str::<BTreeMap<String, String>>(body) else {
        return refuse("expected a JSON object of strings");
    };
    if !params.contains_key("public_id") || params.keys().any(|k| !SIGNABLE.contains(&k.as_str())) {
        return refuse("only a destroy's public_id, invalidate and type are signed");
    }
    // The server's own clock, never the browser's: Cloudinary refuses a timestamp over an hour old.
    #[allow(clippy::disallowed_methods)] // native server: the real clock is what we want
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut fields: Vec<(String, String)> = params.into_iter().collect();
    fields.push(("timestamp".into(), timestamp.to_string()));
    let answer = serde_json::json!({
        "signature": cloudinary_emulator::sign(&fields, api_secret),
        "apiKey": api_key,
        "timestamp": timestamp,
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        answer.to_string(),
    )
        .into_response()
}
