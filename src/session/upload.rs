//! Uploading, for [`Session`]: the requests of one upload (one, or Cloudinary's chunks, as
//! [`crate::upload::plan`] decides), each reply read, the last one recorded. Core: the glue
//! holds the file and sends each part with progress and the page's abort signal.

use super::{
    Session,
    types::{Action, Answer, CallId, Reply, UploadOp},
};
use crate::{
    cloudinary::{self, UploadResponse},
    error::Error,
    time::Millis,
    upload::{self, MultipartRequest, UploadOptions},
};

impl Session {
    /// Uploads a file of `size` bytes unsigned with the configured preset; `random` is a number
    /// the glue draws for the chunked upload's id. Answered by [`Action::Answer`] with the
    /// recorded entry.
    pub fn upload(
        &mut self,
        size: u64,
        options: &UploadOptions,
        random: u64,
        now: Millis,
    ) -> CallId {
        self.tick(now);
        let call = self.call();
        match self.plan(size, options, random, now) {
            Ok(mut op) => match part(&mut op) {
                Some(part) => {
                    self.actions.push_back(Action::Upload { call, part });
                    self.uploads.push(UploadOp { call, ..op });
                }
                None => {
                    let e = Error::Config("the file could not be read".into());
                    let answer = Answer::Entry(Err(e));
                    self.actions.push_back(Action::Answer { call, answer });
                }
            },
            Err(e) => {
                let answer = Answer::Entry(Err(e));
                self.actions.push_back(Action::Answer { call, answer });
            }
        }
        self.flush(now);
        call
    }

    fn plan(
        &self,
        size: u64,
        options: &UploadOptions,
        random: u64,
        now: Millis,
    ) -> Result<UploadOp, Error> {
        let preset = (self.options.upload_preset.as_deref())
            .ok_or_else(|| Error::Config("upload() needs the uploadPreset option".into()))?;
        let url = self.endpoint.upload_url(options.resource_type()?);
        let id = upload::upload_id(now.0, random);
        let (threshold, chunk) = (self.options.chunk_threshold, self.options.chunk_size);
        Ok(UploadOp {
            call: CallId(0),
            url,
            fields: options.form_fields(preset),
            chunks: upload::plan(size, threshold, chunk, &id),
            next: 0,
        })
    }

    /// Cloudinary's reply to the current request of upload `call` (or why none came): the
    /// next part is sent, or the last reply recorded and the call answered.
    pub fn uploaded(
        &mut self,
        call: CallId,
        reply: Result<Reply<UploadResponse>, Error>,
        now: Millis,
    ) {
        self.tick(now);
        let Some(at) = self.uploads.iter().position(|u| u.call == call) else {
            return self.flush(now);
        };
        let read = reply.and_then(|r| cloudinary::interpret_upload(r.status, r.body));
        let last = self.uploads[at].next >= self.uploads[at].chunks.len();
        let answer = match read {
            Ok(response) if last => Some(self.record_now(response, now)),
            Ok(_) => match part(&mut self.uploads[at]) {
                Some(part) => {
                    self.actions.push_back(Action::Upload { call, part });
                    None
                }
                None => Some(Err(Error::Config("the file could not be read".into()))),
            },
            Err(e) => Some(Err(e)),
        };
        if let Some(entry) = answer {
            self.uploads.remove(at);
            let answer = Answer::Entry(entry);
            self.actions.push_back(Action::Answer { call, answer });
        }
        self.flush(now);
    }
}

/// The next request of `op`, counted as sent.
fn part(op: &mut UploadOp) -> Option<MultipartRequest> {
    let chunk = op.chunks.get(op.next)?.clone();
    op.next += 1;
    Some(MultipartRequest {
        url: op.url.clone(),
        fields: op.fields.clone(),
        chunk,
    })
}
