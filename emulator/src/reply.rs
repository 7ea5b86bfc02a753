//! Cloudinary's small replies, as it spells them: the outcome of a delete, an error, and the
//! reply to a chunk that is not the last. (The upload reply is `upload::UploadReply`.)

use serde::Serialize;

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
