//! Deleting, for [`Client`]: by token or by a signed destroy, single flight per asset, the
//! cross-tab claim, retries as [`crate::retry`] decides, and `delete_all`'s concurrency. Glue:
//! the ledger decides whether a delete may start, which way it goes and what its outcome means.

use std::{
    cell::{Cell, RefCell},
    collections::VecDeque,
    rc::Rc,
};

use futures_channel::oneshot;
use gloo_timers::future::TimeoutFuture;

use super::{Client, Event, Outcome, now, parse};
use crate::{
    cloudinary,
    destroy::{self, ParamsToSign, Target},
    error::Error,
    http,
    ledger::{Entry, Route, State},
    retry,
    token::{DeleteToken, PublicId},
};

impl Client {
    /// Deletes the asset by token. A second call while a delete is in flight waits for that
    /// delete's outcome (one request). Transient failures are retried with backoff, honouring
    /// `Retry-After` when the server exposes it, while the window allows; a confirmed delete is
    /// never sent again.
    pub async fn delete(&self, id: &PublicId) -> Outcome {
        // Join a delete already in flight here. The borrow ends before the await: the task that
        // settles the delete needs the map.
        let joined = self.0.waiting.borrow_mut().get_mut(id).map(|waiting| {
            let (tx, rx) = oneshot::channel();
            waiting.push(tx);
            rx
        });
        if let Some(rx) = joined {
            return rx.await.unwrap_or(Err(Error::DeleteInProgress));
        }
        match self.0.store.as_ref().filter(|store| store.is_shared()) {
            Some(store) => {
                // Another tab may have started or finished this delete: look first, under a lock
                // shared by every tab, and mark it ours in storage before the lock is released.
                let _lock = store.lock(id.as_str()).await;
                if let Some(stored) = store.load().ok().flatten() {
                    self.merge_from_other_tab(stored);
                }
                self.begin(id)?;
                store
                    .save(&self.snapshot())
                    .unwrap_or_else(|w| self.emit(Event::Warning(w)));
            }
            None => {
                self.begin(id)?;
                if self.0.store.is_some() {
                    // Only this tab writes its storage: the queued save records `deleting` at the
                    // end of this task, before any answer can arrive or the page can unload.
                    self.settle();
                }
            }
        }
        self.send_delete(id, false).await
    }

    fn begin(&self, id: &PublicId) -> Result<(), Error> {
        let begun = self.0.ledger.borrow_mut().begin_delete(id, now());
        if let Err(e) = begun {
            // Refusing to send can itself expire the entry (deadline passed): tell listeners.
            if matches!(e, Error::TokenExpired { .. }) {
                self.settle();
                self.emit(Event::Expired(id.clone()));
            }
            return Err(e);
        }
        Ok(())
    }

    /// Sends the delete of an entry in state `Deleting` and settles it: by token, or by a
    /// signed destroy when the ledger says so (after the window, or after a refused token).
    /// `resumed`: the entry was `Deleting` when the page was reloaded, so the first request may
    /// have gone through.
    pub(super) async fn send_delete(&self, id: &PublicId, resumed: bool) -> Outcome {
        let route = |client: &Self| {
            client.with_ledger(|l| {
                l.get(id)
                    .filter(|e| e.state == State::Deleting)
                    .and_then(Entry::route)
            })
        };
        let Some(mut next) = route(self) else {
            return self.entry(id);
        };
        self.0.waiting.borrow_mut().insert(id.clone(), Vec::new());
        self.emit(Event::Deleting(id.clone()));
        let (state, outcome) = loop {
            let outcome = match next {
                Route::Token(token) => self.by_token(id, token, resumed).await,
                Route::Signed(target) => self.by_signature(&target).await,
            };
            let state = self
                .0
                .ledger
                .borrow_mut()
                .finish_delete(id, outcome.clone(), now());
            // Still deleting: the ledger turned a refused token into a signed destroy.
            match (state, route(self)) {
                (State::Deleting, Some(then)) => next = then,
                _ => break (state, outcome),
            }
        };
        self.settle();
        let result = match (state, outcome) {
            (State::Deleted, _) => {
                self.emit(Event::Deleted(id.clone()));
                self.entry(id)
            }
            (State::Expired, Err(e)) => {
                self.emit(Event::Expired(id.clone()));
                Err(e)
            }
            (_, Err(e)) => {
                self.emit(Event::Failed(id.clone(), e.clone()));
                Err(e)
            }
            (_, Ok(())) => self.entry(id),
        };
        for waiter in self.0.waiting.borrow_mut().remove(id).unwrap_or_default() {
            let _ = waiter.send(result.clone());
        }
        result
    }

    /// `delete_by_token`, retried as [`retry::next_wait`] decides while the window lasts.
    async fn by_token(
        &self,
        id: &PublicId,
        token: DeleteToken,
        resumed: bool,
    ) -> Result<(), Error> {
        let request = self.0.endpoint.delete_request(&token);
        drop(token);
        let mut attempt = 0;
        loop {
            let (result, retry_after) = match http::post_form(&request).await {
                Ok(reply) => (
                    cloudinary::interpret_delete(reply.status, parse(&reply.body)),
                    reply.retry_after,
                ),
                Err(e) => (Err(e), None),
            };
            let Err(e) = result else { return Ok(()) };
            let deadline = self.with_ledger(|l| {
                l.get(id)
                    .filter(|e| e.state == State::Deleting)
                    .map(|e| e.deadline)
            });
            match deadline.and_then(|d| retry::next_wait(&e, attempt, retry_after, now(), d)) {
                Some(wait) => {
                    TimeoutFuture::new(u32::try_from(wait.0).unwrap_or(u32::MAX)).await;
                    attempt += 1;
                }
                None if resumed => return Err(retry::resumed_refusal(e)),
                None => return Err(e),
            }
        }
    }

    /// A signed `destroy` of `target`: the page's signer signs the core's parameters (never a
    /// token), and its answer is checked and used for this one request (not retried).
    async fn by_signature(&self, target: &Target) -> Result<(), Error> {
        let signer = self.0.signer.clone().ok_or_else(|| {
            Error::Signer("this client has no signDestroy to delete after the window".into())
        })?;
        let params = ParamsToSign::new(target, self.0.options.invalidate);
        let signature = signer.sign(&params).await?.check()?;
        let request = self.0.endpoint.destroy_request(target, &params, &signature);
        drop(signature);
        let reply = http::post_form(&request).await?;
        destroy::interpret_destroy(reply.status, parse(&reply.body)).map(drop)
    }

    /// Deletes every live entry, `concurrency` at a time, emitting `Progress`; returns each
    /// entry's outcome in the order of the entries.
    pub async fn delete_all(&self, concurrency: usize) -> Vec<(PublicId, Outcome)> {
        let ids: Vec<PublicId> = self.with_ledger(|l| {
            l.entries()
                .iter()
                .filter(|e| e.state == State::Live)
                .map(|e| e.public_id.clone())
                .collect()
        });
        let total = ids.len();
        let queue = Rc::new(RefCell::new(
            ids.iter().cloned().enumerate().collect::<VecDeque<_>>(),
        ));
        let results: Rc<RefCell<Vec<Option<Outcome>>>> = Rc::new(RefCell::new(vec![None; total]));
        let done = Rc::new(Cell::new(0));
        let workers: Vec<_> = (0..concurrency.clamp(1, 64).min(total.max(1)))
            .map(|_| {
                let (client, queue, results, done) =
                    (self.clone(), queue.clone(), results.clone(), done.clone());
                async move {
                    loop {
                        let next = queue.borrow_mut().pop_front();
                        let Some((i, id)) = next else { break };
                        let outcome = client.delete(&id).await;
                        results.borrow_mut()[i] = Some(outcome);
                        done.set(done.get() + 1);
                        client.emit(Event::Progress {
                            done: done.get(),
                            total,
                        });
                    }
                }
            })
            .collect();
        join_all(workers).await;
        let outcomes = std::mem::take(&mut *results.borrow_mut());
        ids.into_iter()
            .zip(outcomes)
            .map(|(id, o)| (id, o.unwrap_or(Err(Error::Aborted))))
            .collect()
    }
}

/// Awaits every future; they run concurrently on the page's event loop.
async fn join_all<F: std::future::Future<Output = ()> + 'static>(futures: Vec<F>) {
    let done: Vec<oneshot::Receiver<()>> = futures
        .into_iter()
        .map(|f| {
            let (tx, rx) = oneshot::channel();
            wasm_bindgen_futures::spawn_local(async move {
                f.await;
                let _ = tx.send(());
            });
            rx
        })
        .collect();
    for rx in done {
        let _ = rx.await;
    }
}
