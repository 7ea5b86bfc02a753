//! Deleting, for [`Session`]: one delete in flight per asset whoever asks, the cross-tab claim,
//! by token or by a signed destroy, retries as [`crate::retry`] decides, the fallback from a
//! refused token to a signature, and `deleteAll`'s concurrency. Core.

use super::{
    Session,
    types::{Action, Answer, Batch, CallId, Caller, Op, Persist, RequestId, Stage},
};

use crate::{
    cloudinary::{self, DeleteReply},
    destroy::{self, ParamsToSign, Signed},
    error::Error,
    ledger::{Finished, Route, State, Via},
    retry,
    session::types::Reply,
    store::{Stored, Warning},
    time::Millis,
    token::PublicId,
    view::Event,
};

/// How long a client that took an asset's lock from another waits for that client's last
/// write to reach its storage before it sends itself: far longer than the copy takes (a few
/// milliseconds), and a delay only where the other client died mid-delete.
const STORAGE_CATCH_UP: Millis = Millis(1_000);

impl Session {
    /// Deletes `id`: by its token within the window, else (with a signer) by a signed destroy.
    /// A call while a delete of `id` is in flight joins it: one request, every caller answered
    /// with its outcome. Answered by [`Action::Answer`].
    pub fn delete(&mut self, id: &PublicId, now: Millis) -> CallId {
        self.tick(now);
        let call = self.call();
        self.delete_for(id, Caller::Call(call), now);
        self.flush(now);
        call
    }

    /// Deletes every live entry, `concurrency` at a time, with a `progress` event as each
    /// settles. Answered by [`Action::Answer`] with every outcome.
    pub fn delete_all(&mut self, concurrency: usize, now: Millis) -> CallId {
        self.tick(now);
        let call = self.call();
        // A loop that pushes: see `Session::merge` on `collect`.
        let mut slots = Vec::new();
        for e in self.ledger.entries() {
            if e.state() == State::Live {
                slots.push((e.public_id.clone(), None));
            }
        }
        if slots.is_empty() {
            let answer = Answer::All(Vec::new());
            self.actions.push_back(Action::Answer { call, answer });
            return call;
        }
        self.batches.push(Batch {
            call,
            slots,
            next: 0,
            running: 0,
            done: 0,
            concurrency: concurrency.max(1),
        });
        self.pump(call, now);
        self.flush(now);
        call
    }

    /// Starts the batch's next deletes while fewer than its concurrency are in flight.
    fn pump(&mut self, call: CallId, now: Millis) {
        while let Some(b) = self.batches.iter_mut().find(|b| b.call == call)
            && b.running < b.concurrency
            && b.next < b.slots.len()
        {
            let (slot, id) = (b.next, b.slots[b.next].0.clone());
            b.next += 1;
            b.running += 1;
            self.delete_for(&id, Caller::Batch(call, slot), now);
        }
    }

    /// One delete of a batch settled: note it, report progress, start the next, and answer the
    /// call once all have.
    pub(super) fn batch_settled(
        &mut self,
        call: CallId,
        slot: usize,
        outcome: Result<(), Error>,
        now: Millis,
    ) {
        let Some(at) = self.batches.iter().position(|b| b.call == call) else {
            return;
        };
        let b = &mut self.batches[at];
        b.slots[slot].1 = Some(outcome);
        b.running -= 1;
        b.done += 1;
        let (done, total) = (b.done, b.slots.len());
        self.events.push_back(Event::Progress { done, total });
        if done < total {
            return self.pump(call, now);
        }
        let b = self.batches.remove(at);
        let mut outcomes = Vec::with_capacity(b.slots.len());
        for (id, outcome) in b.slots {
            outcomes.push((id, outcome.unwrap_or(Err(Error::Aborted))));
        }
        let answer = Answer::All(outcomes);
        self.actions.push_back(Action::Answer { call, answer });
    }

    /// A delete of `id` for `caller`: joins the one in flight, or claims and begins one.
    fn delete_for(&mut self, id: &PublicId, caller: Caller, now: Millis) {
        let state = self.ledger.get(id).map(|e| e.state());
        // Settled (or forgotten) meanwhile: `begin` says so, whatever still waits for a lock.
        if matches!(state, Some(State::Live | State::Deleting))
            && let Some(op) = self.ops.iter_mut().find(|op| &op.id == id)
        {
            return op.callers.push(caller);
        }
        if state == Some(State::Live) && self.persist != Persist::Nothing {
            return self.claim(Op::new(id.clone(), vec![caller], false));
        }
        if let Some(route) = self.begin(id, &[caller], now) {
            self.send(Op::new(id.clone(), vec![caller], false), route, now);
        }
    }

    /// Asks for the lock of `op`'s asset, which every tab and client of the storage shares and
    /// holds for the whole of a delete: while one holds it nobody else sends for the asset, and
    /// a claim stored by a client that died (a reload) or ended untold is stale once it is free.
    pub(super) fn claim(&mut self, mut op: Op) {
        let request = self.request();
        let name = format!(
            "{}:{}",
            crate::store::key(self.endpoint.cloud_name()),
            op.id
        );
        self.actions.push_back(Action::Lock { request, name });
        op.stage = Stage::Locking(request);
        self.ops.push(op);
    }

    /// The cross-tab lock of `request` is held; `stored` is what storage holds now; `contended`:
    /// another client held it when it was asked for.
    pub fn locked(
        &mut self,
        request: RequestId,
        stored: Result<Option<Stored>, Warning>,
        contended: bool,
        now: Millis,
        wall: Millis,
    ) {
        self.tick(now);
        let Some(at) = (self.ops.iter()).position(|op| op.stage == Stage::Locking(request)) else {
            // Forgotten meanwhile: nothing to claim.
            self.actions.push_back(Action::Release { request });
            return self.flush(now);
        };
        let mut op = self.ops.remove(at);
        op.lock = Some(request);
        if let Ok(Some(stored)) = stored {
            self.merge(stored, now, wall);
        }
        let deleted = self.ledger.get(&op.id).map(|e| e.state()) == Some(State::Deleted);
        let acts = op.resumed || !op.callers.is_empty();
        if contended && acts && !deleted && self.persist == Persist::Shared {
            // Another client just ended a delete of it: its outcome may not be here yet.
            op.stage = Stage::Reading(request, now + STORAGE_CATCH_UP);
            self.ops.push(op);
            return self.flush(now);
        }
        self.decide(op, request, now);
    }

    /// What `op` does now that it holds its lock (`request`) and storage was read: send, or
    /// answer and release.
    fn decide(&mut self, op: Op, request: RequestId, now: Millis) {
        let was = self.ledger.get(&op.id).map(|e| e.state());
        let in_flight = (op.resumed)
            .then(|| self.ledger.resume_delete(&op.id, now))
            .flatten();
        let state = self.ledger.get(&op.id).map(|e| e.state());
        if was == Some(State::Deleting) && state == Some(State::Expired) {
            // Its window closed before it could be sent again.
            self.dirty = true;
            self.events.push_back(Event::Expired(op.id.clone()));
        }
        let route = match in_flight {
            // Interrupted by a reload, and nobody took it over since: send it again.
            Some(route) => Some(route),
            // Nobody waits for it here: a resumed delete another client ended meanwhile,
            // callers gone with `forget`, or a watch ([`Session::watch`]): the claim it
            // watched is over, so the entry is live again unless its window closed meanwhile.
            None if op.callers.is_empty() => {
                if !op.resumed && self.ledger.adopt(&op.id, State::Live) {
                    self.dirty = true;
                    self.events.push_back(Event::Changed(op.id.clone()));
                    self.tick(now);
                }
                None
            }
            None if state == Some(State::Deleted) => {
                for &caller in &op.callers {
                    self.settled.push_back((caller, op.id.clone(), Ok(())));
                }
                None
            }
            None => {
                // Nobody else is deleting it now, whatever a stale claim says.
                if self.ledger.adopt(&op.id, State::Live) {
                    self.events.push_back(Event::Changed(op.id.clone()));
                }
                self.begin(&op.id, &op.callers, now)
            }
        };
        match route {
            Some(route) => {
                // Every client of the storage sees the claim before anything else runs.
                self.save_now = true;
                self.send(op, route, now);
            }
            None => self.actions.push_back(Action::Release { request }),
        }
        self.flush(now);
    }

    /// Deletes waiting for storage to catch up ([`Stage::Reading`]): once the storage shows the
    /// asset deleted, or past the wait, each goes on as [`Session::decide`] says (a deleted one
    /// answers its callers and sends nothing).
    pub(super) fn reading_due(&mut self, now: Millis) {
        let mut at = 0;
        while let Some(op) = self.ops.get(at) {
            let deleted = self.ledger.get(&op.id).map(|e| e.state()) == Some(State::Deleted);
            match op.stage {
                Stage::Reading(request, until) if deleted || now >= until => {
                    let op = self.ops.remove(at);
                    self.decide(op, request, now);
                }
                _ => at += 1,
            }
        }
    }

    /// Marks `id` deleting and says how to send it; or answers `callers` with why not.
    fn begin(&mut self, id: &PublicId, callers: &[Caller], now: Millis) -> Option<Route> {
        let was_live = self.ledger.get(id).map(|e| e.state()) == Some(State::Live);
        match self.ledger.begin_delete(id, now) {
            Ok(route) => {
                self.dirty = true;
                self.events.push_back(Event::Deleting(id.clone()));
                Some(route)
            }
            Err(e) => {
                // Refusing can itself end the window (found past it): say so once.
                if was_live && self.ledger.get(id).map(|e| e.state()) == Some(State::Expired) {
                    self.dirty = true;
                    self.events.push_back(Event::Expired(id.clone()));
                }
                for &caller in callers {
                    self.settled.push_back((caller, id.clone(), Err(e.clone())));
                }
                None
            }
        }
    }

    /// Sends the delete of `op` by `route`: the token now, or the signer first.
    pub(super) fn send(&mut self, mut op: Op, route: Route, now: Millis) {
        match route {
            Route::Token(token) => {
                let request = self.request();
                let form = self.endpoint.delete_request(&token);
                self.actions.push_back(Action::Post { request, form });
                op.stage = Stage::Posting(request, Via::Token);
            }
            Route::Signed(_) if !self.signer => {
                let e = Error::Signer(
                    "this client has no signDestroy to delete after the window".into(),
                );
                return self.finish(op, Err(e), now);
            }
            Route::Signed(target) => {
                let request = self.request();
                let params = ParamsToSign::new(&target, self.options.invalidate);
                self.actions.push_back(Action::Sign { request, params });
                op.stage = Stage::Signing(request, target);
            }
        }
        self.ops.push(op);
    }

    /// Cloudinary's reply to the post `request` (or why none came).
    pub fn replied(
        &mut self,
        request: RequestId,
        reply: Result<Reply<DeleteReply>, Error>,
        now: Millis,
    ) {
        self.tick(now);
        let found = (self.ops.iter())
            .position(|op| matches!(op.stage, Stage::Posting(r, _) if r == request));
        let Some(at) = found else {
            return self.flush(now); // forgotten meanwhile
        };
        let mut op = self.ops.remove(at);
        let Stage::Posting(_, via) = op.stage else {
            return;
        };
        let (outcome, retry_after) = match (reply, via) {
            (Ok(r), Via::Token) => (
                cloudinary::interpret_delete(r.status, r.body),
                r.retry_after,
            ),
            (Ok(r), Via::Signed) => (destroy::interpret_destroy(r.status, r.body).map(drop), None),
            (Err(e), _) => (Err(e), None),
        };
        match outcome {
            Err(e) if via == Via::Token => {
                let deadline = (self.ledger.get(&op.id))
                    .filter(|e| e.state() == State::Deleting)
                    .map(|e| e.deadline);
                match deadline.and_then(|d| retry::next_wait(&e, op.attempt, retry_after, now, d)) {
                    Some(wait) => {
                        op.attempt += 1;
                        op.stage = Stage::Waiting(now + wait, e);
                        self.ops.push(op);
                    }
                    None if op.resumed => self.finish(op, Err(retry::resumed_refusal(e)), now),
                    None => self.finish(op, Err(e), now),
                }
            }
            outcome => self.finish(op, outcome, now),
        }
        self.flush(now);
    }

    /// The page's signer answered `request`.
    pub fn signed(&mut self, request: RequestId, answer: Result<Signed, Error>, now: Millis) {
        self.tick(now);
        let found = (self.ops.iter())
            .position(|op| matches!(&op.stage, Stage::Signing(r, _) if *r == request));
        let Some(at) = found else {
            return self.flush(now);
        };
        let mut op = self.ops.remove(at);
        let Stage::Signing(_, target) = &op.stage else {
            return;
        };
        if self.ledger.get(&op.id).map(|e| e.state()) == Some(State::Deleted) {
            // Another client's snapshot said it is gone while the signer worked: nothing to send.
            self.finish(op, Ok(()), now);
            return self.flush(now);
        }
        let tracked = self.ledger.get(&op.id).map(|e| e.state()) == Some(State::Deleting);
        let answer = match tracked {
            true => answer,
            // Forgotten meanwhile (or settled by another client): nothing is sent.
            false => Err(Error::UnknownAsset(op.id.to_string())),
        };
        match answer.and_then(Signed::check) {
            Ok(signature) => {
                let params = ParamsToSign::new(target, self.options.invalidate);
                let form = self.endpoint.destroy_request(target, &params, &signature);
                let request = self.request();
                self.actions.push_back(Action::Post { request, form });
                op.stage = Stage::Posting(request, Via::Signed);
                self.ops.push(op);
            }
            Err(e) => self.finish(op, Err(e), now),
        }
        self.flush(now);
    }

    /// Sends again every token whose wait is over, while its window lasts.
    pub(super) fn retry_due(&mut self, now: Millis) {
        let mut due: Vec<usize> = Vec::new();
        for (i, op) in self.ops.iter().enumerate() {
            if matches!(op.stage, Stage::Waiting(at, _) if at <= now) {
                due.push(i);
            }
        }
        for at in due.into_iter().rev() {
            let op = self.ops.remove(at);
            let Stage::Waiting(_, last) = op.stage.clone() else {
                continue;
            };
            let entry = self.ledger.get(&op.id);
            match entry.and_then(|e| e.route_in_flight().filter(|_| now < e.deadline)) {
                Some(route @ Route::Token(_)) => self.send(op, route, now),
                // The window closed while waiting (a late timer): no token is sent after it.
                _ => self.finish(op, Err(last), now),
            }
        }
    }

    /// Settles the delete of `op` with `outcome`: the ledger says what it means; the event
    /// and every caller's answer follow from that.
    fn finish(&mut self, op: Op, outcome: Result<(), Error>, now: Millis) {
        self.dirty = true;
        let id = op.id.clone();
        let event = match (
            self.ledger.finish_delete(&id, outcome.clone(), now),
            &outcome,
        ) {
            (Finished::GoOnSigned(target), _) => {
                let op = Op { attempt: 0, ..op };
                return self.send(op, Route::Signed(target), now);
            }
            (Finished::Deleted, _) => Some(Event::Deleted(id.clone())),
            (Finished::Expired, _) => Some(Event::Expired(id.clone())),
            (Finished::Live | Finished::Failed, Err(e)) => {
                Some(Event::Failed(id.clone(), e.clone()))
            }
            _ => None,
        };
        if let Some(event) = event {
            self.events.push_back(event);
        }
        if let Some(request) = op.lock {
            self.actions.push_back(Action::Release { request });
        }
        for caller in op.callers {
            self.settled
                .push_back((caller, id.clone(), outcome.clone()));
        }
    }
}
