//! The network between the pages and Cloudinary. Each request draws its fate when sent: it
//! arrives after a latency (sometimes a long one), or is lost before Cloudinary sees it, or is
//! processed and its reply lost, or is answered 5xx or 420/429 (with or without a readable
//! `Retry-After`) without being processed, or its good token is refused. A reply reaches the
//! page after a second latency; one whose page was reloaded meanwhile is lost with it.

use cloudinary_delete_token::{
    Error, PublicId,
    cloudinary::FormRequest,
    ledger::State,
    session::{CallId, RequestId},
    upload::MultipartRequest,
};

use crate::{
    cloud::{Answer, Body, Uploaded},
    glue::Input,
    world::{Due, World},
};

/// What a request is.
#[derive(Debug)]
pub enum Kind {
    /// A `delete_by_token` or a signed `destroy`.
    Delete {
        request: RequestId,
        form: FormRequest,
    },
    /// One request of an upload.
    Upload {
        call: CallId,
        part: MultipartRequest,
    },
}

/// What happens to a request on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Deliver,
    DropBefore,
    DropAfter,
    /// Answered with this status without being processed; a readable `Retry-After`, ms.
    Status(u16, Option<u64>),
    /// A 502 from a proxy, not JSON, not processed.
    Garbled,
    /// A good token refused (deletes by token only; otherwise delivered).
    Refuse,
}

/// What came back.
#[derive(Debug)]
pub enum Outcome {
    Delete(Result<Answer, Error>),
    Upload(Result<(u16, Uploaded), Error>),
}

/// One request on the wire.
#[derive(Debug)]
pub struct Request {
    pub client: usize,
    pub kind: Kind,
    pub fate: Fate,
    /// Latency of the way back, ms.
    pub down: u64,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Default)]
pub struct Net {
    /// By id (a slab: ids only grow).
    pub requests: Vec<Option<Request>>,
    next: u64,
    pub sent: u64,
}

impl Net {
    /// The id the next request will have.
    pub fn next_id(&self) -> u64 {
        self.next + 1
    }
}

impl World {
    /// Sends `kind` for `client`; returns the request's id.
    pub fn send(&mut self, client: usize, kind: Kind) -> u64 {
        let k = &self.knobs.net;
        let rng = &mut self.rng;
        let mut leg = || match rng.f64() < k.slow {
            true => rng.u64(k.slow_latency.0..=k.slow_latency.1),
            false => rng.u64(k.latency.0..=k.latency.1),
        };
        let (up, down) = (leg(), leg());
        let r = rng.f64();
        let mut edge = 0.0;
        let mut next = |share: f64| {
            edge += share;
            r < edge
        };
        let fate = if next(k.drop_before) {
            Fate::DropBefore
        } else if next(k.drop_after) {
            Fate::DropAfter
        } else if next(k.server_error) {
            match rng.u8(0..3) {
                0 => Fate::Garbled,
                n => Fate::Status([500, 503][usize::from(n) - 1], None),
            }
        } else if next(k.rate_limit) {
            let hint = (rng.f64() < k.retry_after_exposed).then(|| rng.u64(1..=30) * 1_000);
            Fate::Status(if rng.bool() { 420 } else { 429 }, hint)
        } else if next(k.refuse_token) {
            Fate::Refuse
        } else {
            Fate::Deliver
        };
        self.net.next += 1;
        self.net.sent += 1;
        let id = self.net.next;
        self.net.requests.resize_with(id as usize + 1, || None);
        self.net.requests[id as usize] = Some(Request {
            client,
            kind,
            fate,
            down,
            outcome: None,
        });
        self.schedule(self.t + up, Due::ServerGets(id));
        id
    }

    /// Request `id` reaches Cloudinary (or is lost on the way).
    pub fn server_gets(&mut self, id: u64) {
        let (t, wall_secs) = (self.t, self.wall().0 / 1_000);
        let salt = self.rng.u64(..);
        let Some(req) = self.net.requests[id as usize].as_mut() else {
            return;
        };
        let network = || Error::Network("Failed to fetch".into());
        let unprocessed = |status: u16, retry_after: Option<u64>, body: Body| Answer {
            status,
            body,
            retry_after,
        };
        let outcome = match (&req.kind, req.fate) {
            (Kind::Delete { .. }, Fate::DropBefore) => Outcome::Delete(Err(network())),
            (Kind::Upload { .. }, Fate::DropBefore) => Outcome::Upload(Err(network())),
            (Kind::Delete { .. }, Fate::Status(status, hint)) => {
                let body = Body::Error(format!("HTTP {status}"));
                Outcome::Delete(Ok(unprocessed(status, hint, body)))
            }
            (Kind::Delete { .. }, Fate::Garbled) => {
                Outcome::Delete(Ok(unprocessed(502, None, Body::Garbage)))
            }
            (Kind::Upload { .. }, Fate::Status(status, _)) => Outcome::Upload(Ok((
                status,
                Uploaded::Refused(status, format!("HTTP {status}")),
            ))),
            (Kind::Upload { .. }, Fate::Garbled) => {
                Outcome::Upload(Ok((502, Uploaded::Refused(502, "Bad Gateway".into()))))
            }
            (Kind::Delete { form, .. }, fate) => {
                let refuse = fate == Fate::Refuse;
                match self.cloud.delete(form, t, wall_secs, refuse) {
                    Ok(answer) if fate == Fate::DropAfter => {
                        let _ = answer; // processed; the reply is lost
                        Outcome::Delete(Err(network()))
                    }
                    Ok(answer) => Outcome::Delete(Ok(answer)),
                    Err(bug) => {
                        return self.fail(format!("Cloudinary got a malformed request: {bug}"));
                    }
                }
            }
            (Kind::Upload { part, .. }, fate) => match self.cloud.upload(part, t, salt) {
                Ok(_) if fate == Fate::DropAfter => Outcome::Upload(Err(network())),
                Ok(up) => {
                    let status = match &up {
                        Uploaded::Refused(status, _) => *status,
                        _ => 200,
                    };
                    Outcome::Upload(Ok((status, up)))
                }
                Err(bug) => return self.fail(format!("Cloudinary got a malformed upload: {bug}")),
            },
        };
        let req = self.net.requests[id as usize]
            .as_mut()
            .expect("still on the wire");
        req.outcome = Some(outcome);
        let at = self.t + req.down;
        self.schedule(at, Due::ReplyArrives(id));
    }

    /// The reply to request `id` reaches its page, if its document is still there.
    pub fn reply_arrives(&mut self, id: u64) {
        let Some(req) = self.net.requests[id as usize].take() else {
            return;
        };
        self.checks.landed(id);
        let Some(outcome) = req.outcome else {
            return;
        };
        if !self.browser.clients[req.client].alive() {
            return; // the reload took the page that was waiting
        }
        match (req.kind, outcome) {
            (Kind::Delete { request, form }, Outcome::Delete(answer)) => {
                let confirms = (answer.as_ref())
                    .is_ok_and(|a| a.confirms(!form.url.ends_with("/delete_by_token")));
                self.task(req.client, Input::Replied(request, answer));
                // Known to the client only if its session took it in (it still waited for this
                // request: not forgotten, nor settled otherwise meanwhile): the entry is deleted.
                let asset = self.asset_of(&form);
                let session = self.browser.clients[req.client].session.as_ref();
                let taken = (asset
                    .as_ref()
                    .and_then(|a| PublicId::parse(a.as_str()).ok()))
                .and_then(|id| Some(session?.ledger().get(&id)?.state()))
                    == Some(State::Deleted);
                if confirms && taken {
                    self.checks.confirmed(req.client, asset);
                }
            }
            (Kind::Upload { call, part }, Outcome::Upload(reply)) => {
                let chunked = !part.chunk.headers.is_empty();
                let reply = reply.map(|(status, up)| (status, up.response(chunked)));
                if let Ok((_, r)) = &reply
                    && let Some(token) = &r.delete_token
                {
                    self.checks.handed(token, self.t);
                }
                self.task(req.client, Input::Uploaded(call, reply));
            }
            _ => unreachable!("an outcome of the request's kind"),
        }
    }

    /// The asset a delete request is about: its token's, or the destroy's `public_id`.
    pub fn asset_of(&self, form: &FormRequest) -> Option<String> {
        let field = |k: &str| {
            form.fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        match field("token") {
            Some(token) => self.cloud.owner(token).map(str::to_owned),
            None => field("public_id").map(str::to_owned),
        }
    }
}
