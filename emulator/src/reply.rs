//! Cloudinary's small replies, as it spells them: the outcome of a delete, an error, and the
//! reply to a chunk that is not the last (the upload reply is `upload::UploadReply`); and how
//! any reply goes out ([`json_body`], [`error`]). A leaf: every route and the front door answer
//! through it, so it names none of them.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

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

/// `v` as a JSON answer, with the content type Cloudinary sends.
pub(crate) fn json_body<T: Serialize>(v: &T) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_string(v).unwrap_or_default(),
    )
        .into_response()
}

/// `{"result": "ok"}` or `{"result": "not found"}`.
#[derive(Serialize)]
pub(crate) struct Outcome {
    pub(crate) result: &'static str,
}

/// `{"error": {"message": …}}`, Cloudinary's shape of every refusal.
#[derive(Serialize)]
pub(crate) struct ErrorReply<'a> {
    pub(crate) error: Message<'a>,
}

/// The inside of [`ErrorReply`].
#[derive(Serialize)]
pub(crate) struct Message<'a> {
    pub(crate) message: &'a str,
}

/// `{"done": false, "bytes": n}`: a chunk was taken, the upload goes on.
#[derive(Serialize)]
pub(crate) struct Partial {
    pub(crate) done: bool,
    pub(crate) bytes: u64,
}
