//! What the user and the page do, drawn from the seed: upload through a client (whole or in
//! chunks), upload with the page's own code and hand the response to one or more clients over
//! the same storage (as Cloudinary sends it, as the Upload Widget wraps it, without a token
//! when the preset returns none), hand a response again, hand something that is not an
//! upload, delete, delete all, forget, reload a tab, or do nothing for a while.

use cloudinary_delete_token::{PublicId, cloudinary::UploadResponse};

use crate::{
    browser::Group,
    cloud,
    glue::Input,
    world::{Due, World},
};

/// How the page hands a response to `record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Cloudinary's upload response.
    Plain,
    /// An Upload Widget `success` result around it.
    Widget,
}

const MIB: u64 = 1024 * 1024;

impl World {
    /// The user does one thing, then thinks for a while.
    pub fn user_op(&mut self) {
        self.stats.user_ops += 1;
        self.users_left = self.users_left.saturating_sub(1);
        let clients: Vec<usize> = self.browser.alive().collect();
        let c = clients[self.rng.usize(..clients.len())];
        match self.rng.u8(0..100) {
            0..7 => {
                // Above 6 MiB the client sends 5 MiB chunks.
                let size = match self.rng.u8(0..4) {
                    0 => self.rng.u64(6 * MIB + 1..=17 * MIB),
                    _ => self.rng.u64(1..=6 * MIB),
                };
                self.trace
                    .note(self.t, || format!("user: upload {size} B with c{c}"));
                self.task(c, Input::Upload(size));
            }
            7..16 => {
                let token = self.rng.u8(0..10) != 0;
                let shape = if self.rng.u8(0..4) == 0 {
                    Shape::Widget
                } else {
                    Shape::Plain
                };
                self.trace.note(self.t, || {
                    format!("user: the page uploads for c{c} (token {token})")
                });
                let at = self.t + self.latency();
                self.schedule(
                    at,
                    Due::PageUpload {
                        client: c,
                        token,
                        shape,
                    },
                );
            }
            16..19 => self.record_again(c),
            19..21 => {
                let response = not_an_upload(self.rng.u8(0..3));
                self.trace
                    .note(self.t, || format!("user: record something else in c{c}"));
                self.task(c, Input::Record(response));
            }
            21..54 => {
                let id = self.pick_id(c);
                self.trace
                    .note(self.t, || format!("user: delete {id} in c{c}"));
                self.task(c, Input::Delete(id));
            }
            54..58 => {
                let concurrency = self.rng.usize(1..=6);
                self.trace
                    .note(self.t, || format!("user: deleteAll({concurrency}) in c{c}"));
                self.task(c, Input::DeleteAll(concurrency));
            }
            58..62 => {
                let id = self.pick_id(c);
                self.trace
                    .note(self.t, || format!("user: forget {id} in c{c}"));
                self.task(c, Input::Forget(id));
            }
            62..64 => {
                let tab = self.rng.usize(..self.browser.tabs.len());
                self.trace
                    .note(self.t, || format!("user: reload tab {tab}"));
                self.reload(tab);
            }
            _ => {} // reads the page
        }
        if self.users_left > 0 {
            let think = self.think();
            self.schedule(self.t + think, Due::User);
        }
    }

    /// How long until the user acts again: mostly soon, sometimes after a window's worth.
    fn think(&mut self) -> u64 {
        let lifetime = self.knobs.lifetime;
        match self.rng.u8(0..100) {
            0..75 => self.rng.u64(20..=2_000),
            75..96 => self.rng.u64(2_000..=(lifetime / 8).max(2_001)),
            _ => self.rng.u64(lifetime / 4..=lifetime + lifetime / 4),
        }
    }

    /// One leg of the page's own request.
    fn latency(&mut self) -> u64 {
        match self.rng.u8(0..20) {
            0 => self.rng.u64(1_000..=20_000),
            _ => self
                .rng
                .u64(self.knobs.net.latency.0..=self.knobs.net.latency.1),
        }
    }

    /// An id to delete or forget in `c`: mostly one it tracks (live ones first), sometimes
    /// another client's, sometimes one nobody knows.
    fn pick_id(&mut self, c: usize) -> PublicId {
        let ledger = self.browser.clients[c]
            .session
            .as_ref()
            .expect("alive")
            .ledger();
        let entries = ledger.entries();
        let live: Vec<&PublicId> = (entries.iter())
            .filter(|e| e.state() == cloudinary_delete_token::ledger::State::Live)
            .map(|e| &e.public_id)
            .collect();
        let roll = self.rng.u8(0..20);
        if roll < 12 && !live.is_empty() {
            return live[self.rng.usize(..live.len())].clone();
        }
        if roll < 16 && !entries.is_empty() {
            return entries[self.rng.usize(..entries.len())].public_id.clone();
        }
        if roll < 19
            && let Some(id) = self.checks.any_asset(&mut self.rng)
        {
            return PublicId::parse(id).expect("a public id");
        }
        PublicId::parse(format!("nobody-{}", self.rng.u32(..))).expect("a public id")
    }

    /// The page's own upload reaches Cloudinary.
    pub fn page_upload_arrives(&mut self, client: usize, token: bool, shape: Shape) {
        let salt = self.rng.u64(..);
        let asset = self.cloud.create("auto", token, self.t, salt);
        let at = self.t + self.latency();
        let public_id = asset.public_id;
        self.schedule(
            at,
            Due::PageRecord {
                client,
                public_id,
                shape,
            },
        );
    }

    /// The page's upload response arrives: it is recorded in the client the page meant, or,
    /// sometimes, in several clients over the same storage at once.
    pub fn page_record(&mut self, client: usize, public_id: &str, shape: Shape) {
        let group = self.browser.clients[client].group;
        let mut members: Vec<usize> = (self.browser.alive())
            .filter(|&d| self.browser.clients[d].group == group)
            .collect();
        if members.is_empty() {
            return; // the memory client it was for is gone with its document
        }
        let several = !matches!(group, Group::Memory(_)) && self.rng.u8(0..4) == 0;
        if !several {
            // The client it was for, or (its document reloaded) one of the new ones.
            let one = match members.contains(&client) {
                true => client,
                false => members[self.rng.usize(..members.len())],
            };
            members = vec![one];
        }
        let asset = self.cloud.asset(public_id).expect("made").clone();
        for d in members {
            self.trace.note(self.t, || {
                format!("page: record {public_id} in c{d} ({shape:?})")
            });
            self.checks.offered(public_id, d);
            self.task(d, Input::Record(shaped(&asset, shape)));
        }
    }

    /// Hands a response again to a client that was given it before.
    fn record_again(&mut self, c: usize) {
        let Some((public_id, d)) = self.checks.offered_before(&mut self.rng) else {
            return;
        };
        if !self.browser.clients[d].alive() {
            return;
        }
        let Some(asset) = self.cloud.asset(&public_id).cloned() else {
            return;
        };
        if asset.token.is_none() && asset.gone {
            // Without a token the client cannot tell an old response from a new upload of the
            // same public id: handing it one of a deleted asset is the page's mistake.
            return;
        }
        let shape = if c % 2 == 0 {
            Shape::Plain
        } else {
            Shape::Widget
        };
        self.trace
            .note(self.t, || format!("user: record {public_id} again in c{d}"));
        self.task(d, Input::Record(shaped(&asset, shape)));
    }
}

/// `asset`'s upload response as the page hands it over.
fn shaped(asset: &cloud::Asset, shape: Shape) -> UploadResponse {
    let r = cloud::response(asset);
    match shape {
        Shape::Plain => r,
        Shape::Widget => UploadResponse {
            event: Some("success".into()),
            info: Some(Box::new(r)),
            ..UploadResponse::default()
        },
    }
}

/// Something a page might hand to `record` that is no upload.
fn not_an_upload(kind: u8) -> UploadResponse {
    match kind {
        0 => UploadResponse {
            done: Some(false),
            ..UploadResponse::default()
        },
        1 => UploadResponse {
            event: Some("close".into()),
            ..UploadResponse::default()
        },
        _ => UploadResponse {
            error: Some(cloudinary_delete_token::cloudinary::ErrorBody {
                message: Some("Upload preset not found".into()),
            }),
            ..UploadResponse::default()
        },
    }
}
