//! The invariants, checked where each can first break (a request as it is sent, an answer as
//! it is given, a snapshot as it is written, the events of each input), so after every step;
//! the end of a seed in `end.rs`.
//!
//! - No request with a token is sent at or after its deadline: when any client was first
//!   handed the token, plus the window (lifetime − margin). The page hands a response to one
//!   or several clients of one storage in one step, and later only to one it gave it before.
//! - Never two delete requests in flight for one asset across every tab and client, a delete
//!   resumed after a reload and one sent after another tab's write included. In flight: from
//!   the glue sending it until its reply is handed back. The rule for reloads: a request whose
//!   document was reloaded is a zombie, counted apart (it goes on, and Cloudinary may act on
//!   it, but no live client can know of it): a delete resumed after the reload may overlap it.
//! - Nothing is sent for an asset by a client that knows Cloudinary confirmed it gone: from a
//!   reply it waited for, or a snapshot it read (restore, lock, another client's write) saying
//!   `deleted` of an entry it tracks. `forget` drops that knowledge with the entry.
//! - `delete()`, `deleteAll()` and `upload()` are answered exactly once, unless the session died;
//!   a success means Cloudinary has no such asset.
//! - Each state change reaches each listener exactly once (`listener.rs`); an entry seen
//!   `deleted` is gone at Cloudinary; an asset's entries appear only in its storage's clients.
//! - No token in the `Debug` of an event, an answer, a returned entry, what the signer is given
//!   or a session, nor in a URL; none written to storage at or after its deadline.
//! - No livelock: clients that answer each other's writes forever (in one task, or by
//!   `storage` events and nothing else) fail the seed (`glue.rs`, `world.rs`).
//! - At the end (`end.rs`): nothing left deleting, so a claim adopted from another client's
//!   snapshot ended when that client's delete ended, whatever way (deleted, failed, expired,
//!   forgotten); and no recorded upload lost.

use std::collections::{BTreeMap, HashMap, HashSet};

use cloudinary_delete_token::{
    PublicId,
    ledger::Ledger,
    session::{Answer, CallId},
    store::Stored,
    view::Event,
};
use fastrand::Rng;

use crate::{
    browser::Group,
    cloud::{Cloud, TOKEN_MARK},
    end::Fate,
    listener::{Change, Look, Mirror},
};

/// A call of the page that must be answered.
#[derive(Debug, Clone)]
pub enum Call {
    Delete(PublicId),
    All,
    Upload,
}

/// One delete request on the wire.
#[derive(Debug)]
struct Flight {
    client: usize,
    asset: String,
    zombie: bool,
}

#[derive(Debug, Default)]
pub struct Checks {
    window: u64,
    /// Token → sim time it was first handed to a client.
    handed: HashMap<String, u64>,
    flights: BTreeMap<u64, Flight>,
    /// Per client: assets it knows Cloudinary confirmed gone.
    confirmed: HashMap<usize, HashSet<String>>,
    /// Calls not answered yet.
    pub(crate) calls: BTreeMap<(usize, CallId), Call>,
    answered: HashSet<(usize, CallId)>,
    pub(crate) dead: HashSet<usize>,
    /// By client.
    mirrors: Vec<Mirror>,
    pub(crate) fates: BTreeMap<String, Fate>,
    /// Responses handed to a client: (public id, client).
    offered: Vec<(String, usize)>,
    /// Entries a session held live past their window (or retention) when it died: they ended
    /// expired, though no listener was there to hear it.
    pub(crate) expired_unheard: u64,
    /// Deletes a reload cut off after their window (or retention): dropped on restore, never
    /// settled or told.
    pub(crate) interrupted_late: u64,
    /// Assets whose latest write to `localStorage` says deleted.
    published: HashSet<String>,
    /// (client, asset): the client holds the asset's lock, which it waited for while another
    /// held it, after the asset was written deleted; the write reaches its copy of storage
    /// within the sim's storage delay (at most 200 ms), well inside the wait a session allows.
    heirs: HashSet<(usize, String)>,
}

pub fn no_token(what: &str, text: &str) -> Result<(), String> {
    match text.contains(TOKEN_MARK) {
        true => Err(format!("a token in the Debug of {what}: {text}")),
        false => Ok(()),
    }
}

impl Checks {
    pub fn new(window: u64) -> Self {
        Self {
            window,
            ..Self::default()
        }
    }

    pub fn handed(&mut self, token: &str, t: u64) {
        self.handed.entry(token.to_owned()).or_insert(t);
    }

    pub fn offered(&mut self, public_id: &str, client: usize) {
        self.offered.push((public_id.to_owned(), client));
    }

    pub fn offered_before(&self, rng: &mut Rng) -> Option<(String, usize)> {
        (!self.offered.is_empty()).then(|| self.offered[rng.usize(..self.offered.len())].clone())
    }

    pub fn any_asset(&self, rng: &mut Rng) -> Option<&str> {
        let n = self.fates.len();
        (n > 0).then(|| {
            self.fates
                .keys()
                .nth(rng.usize(..n))
                .expect("in range")
                .as_str()
        })
    }

    /// A value a call returned, by its `Debug`.
    pub fn returned(&self, debug: &str) -> Result<(), String> {
        no_token("a returned value", debug)
    }

    pub fn called(&mut self, client: usize, call: CallId, what: Call) {
        self.calls.insert((client, call), what);
    }

    /// Client `c`, whose entries are `ledger`, read `stored`: what it says is deleted, `c` now
    /// knows, of the entries it tracks (a ledger keeps nothing of others).
    /// A stored entry past its window (and, for a reader with a signer, its retention) at wall
    /// time `wall` says nothing any more: `store::restore` skips it.
    pub fn saw(&mut self, c: usize, ledger: &Ledger, stored: Option<&Stored>, wall: u64) {
        let tracked = |id: &str| PublicId::parse(id).is_ok_and(|id| ledger.get(&id).is_some());
        let kept = ledger.retention().is_some();
        let deleted = (stored.into_iter().flat_map(|s| &s.entries)).filter(|e| {
            e.state == "deleted"
                && (e.deadline > wall || (kept && e.keep_until.is_some_and(|k| k > wall)))
        });
        let known = self.confirmed.entry(c).or_default();
        for e in deleted {
            if !known.contains(&e.public_id) && tracked(&e.public_id) {
                known.insert(e.public_id.clone());
            }
        }
    }

    /// `stored` was written to `localStorage`: what it says of each asset it names is the
    /// latest word there.
    pub fn published(&mut self, stored: &Stored) {
        for e in &stored.entries {
            match e.state == "deleted" {
                true => self.published.insert(e.public_id.clone()),
                false => self.published.remove(&e.public_id),
            };
        }
    }

    /// Client `c` was granted the lock of `asset` after waiting for another holder.
    pub fn waited(&mut self, c: usize, asset: &str) {
        if self.published.contains(asset) {
            self.heirs.insert((c, asset.to_owned()));
        }
    }

    /// Client `c` released the lock of `asset`.
    pub fn released(&mut self, c: usize, asset: &str) {
        self.heirs.remove(&(c, asset.to_owned()));
    }

    /// Client `c` got Cloudinary's confirmation that `asset` is gone.
    pub fn confirmed(&mut self, c: usize, asset: Option<String>) {
        self.confirmed.entry(c).or_default().extend(asset);
    }

    /// Client `c` sends delete request `id` for `asset` (`token`: by token) at `t`.
    pub fn posting(
        &mut self,
        c: usize,
        id: u64,
        asset: Option<String>,
        token: Option<&str>,
        t: u64,
    ) -> Result<(), String> {
        let asset =
            asset.ok_or_else(|| format!("c{c} sent a delete for no asset Cloudinary made"))?;
        if let Some(token) = token {
            let handed = *self
                .handed
                .get(token)
                .ok_or_else(|| format!("c{c} sent a token never handed to a client ({asset})"))?;
            let deadline = handed + self.window;
            if t >= deadline {
                return Err(format!(
                    "c{c} sent the token of {asset} at {t}, at or after its deadline {deadline}"
                ));
            }
        }
        if self.confirmed.get(&c).is_some_and(|k| k.contains(&asset)) {
            return Err(format!(
                "c{c} sent a delete of {asset} after it knew Cloudinary confirmed it gone"
            ));
        }
        if self.heirs.contains(&(c, asset.clone())) {
            return Err(format!(
                "c{c} sent a delete of {asset} after it waited for the lock of a client that had \
                 written it deleted"
            ));
        }
        if let Some((other, f)) = self
            .flights
            .iter()
            .find(|(_, f)| f.asset == asset && !f.zombie)
        {
            return Err(format!(
                "c{c} sent a delete of {asset} while request {other} of c{} is in flight",
                f.client
            ));
        }
        self.flights.insert(
            id,
            Flight {
                client: c,
                asset,
                zombie: false,
            },
        );
        Ok(())
    }

    /// Request `id`'s reply was handed back (or lost with its page).
    pub fn landed(&mut self, id: u64) {
        self.flights.remove(&id);
    }

    /// Client `c`'s document went: its requests go on as zombies.
    pub(crate) fn outlived(&mut self, c: usize) {
        for f in self.flights.values_mut().filter(|f| f.client == c) {
            f.zombie = true;
        }
    }

    pub fn answered(
        &mut self,
        c: usize,
        call: CallId,
        answer: &Answer,
        cloud: &Cloud,
    ) -> Result<(), String> {
        if !self.answered.insert((c, call)) {
            return Err(format!("c{c} answered {call:?} twice: {answer:?}"));
        }
        let what = (self.calls.remove(&(c, call)))
            .ok_or_else(|| format!("c{c} answered {call:?}, which no one made"))?;
        no_token("an answer", &format!("{answer:?}"))?;
        match (what, answer) {
            (Call::Delete(id), Answer::Entry(Ok(entry))) => {
                if entry.public_id != id || !cloud.gone(id.as_str()) {
                    return Err(format!(
                        "c{c}: delete({id}) succeeded but Cloudinary still has it ({entry:?})"
                    ));
                }
            }
            (Call::All, Answer::All(outcomes)) => {
                if let Some((id, _)) = outcomes
                    .iter()
                    .find(|(id, o)| o.is_ok() && !cloud.gone(id.as_str()))
                {
                    return Err(format!(
                        "c{c}: deleteAll() says {id} deleted but Cloudinary still has it"
                    ));
                }
            }
            (Call::Delete(_) | Call::Upload, Answer::Entry(_)) => {}
            (what, answer) => return Err(format!("c{c}: {what:?} answered {answer:?}")),
        }
        Ok(())
    }

    /// A snapshot written at `t`: no token at or after its deadline.
    pub fn stored(&self, stored: &Stored, t: u64) -> Result<(), String> {
        for e in &stored.entries {
            let Some(token) = &e.token else { continue };
            let deadline = self.handed.get(token).map(|h| h + self.window);
            if deadline.is_none_or(|d| t >= d) {
                return Err(format!(
                    "the token of {} ({}) at {t}, past its deadline {deadline:?}",
                    e.public_id, e.state
                ));
            }
        }
        Ok(())
    }

    /// The events of one input to client `c` against its ledger before and after.
    pub fn listened(
        &mut self,
        c: usize,
        group: Group,
        ledger: &Ledger,
        events: &[Event],
        forgot: Option<&PublicId>,
        cloud: &Cloud,
    ) -> Result<(), String> {
        for e in events {
            no_token("an event", &format!("{e:?}"))?;
            if matches!(e, Event::Warning(_)) {
                return Err(format!("c{c}: unexpected {e:?}"));
            }
        }
        if let Some(id) = forgot.filter(|id| ledger.get(id).is_none()) {
            self.fates.entry(id.to_string()).or_default().forgotten = true;
            // Forgotten: the client keeps nothing of it, what it knew included.
            if let Some(known) = self.confirmed.get_mut(&c) {
                known.remove(id.as_str());
            }
        }
        if self.mirrors.len() <= c {
            self.mirrors.resize_with(c + 1, Mirror::default);
        }
        let mirror = &mut self.mirrors[c];
        let changes = mirror
            .update(ledger, events, forgot)
            .map_err(|e| format!("c{c}: {e}"))?;
        for Change { id, before, now } in changes {
            if !self.fates.contains_key(id) {
                self.fates.insert(id.to_owned(), Fate::default());
            }
            let fate = self.fates.get_mut(id).expect("just made");
            match fate.group {
                None => fate.group = Some(group),
                Some(g) if g != group => {
                    return Err(format!("c{c} of {group:?} has {id}, an entry of {g:?}"));
                }
                Some(_) => {}
            }
            fate.ended |= now.ended();
            if now == Look::Deleted && before != Look::Deleted && !cloud.gone(id) {
                return Err(format!(
                    "c{c} says {id} is deleted, but Cloudinary still has it"
                ));
            }
        }
        Ok(())
    }
}
