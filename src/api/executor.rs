//! [`Client::drive`]: performs what the session asks, in order, with browser APIs, and feeds
//! each result back as its next input. Glue: no decision is made here.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;

use super::{
    client::{Client, now, wall_now},
    convert,
    storage::{self, Store},
};
use crate::{
    cloudinary::Parsed,
    error::Error,
    http,
    session::{Action, Reply},
};

/// Reads a reply body: the browser's `JSON.parse`, then the core's serde type.
fn parse<T: for<'de> serde::Deserialize<'de>>(body: &str) -> Parsed<T> {
    convert::from_json(&body.into(), false).map_err(|e| e.to_string())
}

/// An HTTP reply, read for the session.
fn reply<T: for<'de> serde::Deserialize<'de>>(
    reply: Result<http::Reply, Error>,
) -> Result<Reply<T>, Error> {
    reply.map(|r| Reply {
        status: r.status,
        body: parse(&r.body),
        retry_after: r.retry_after,
    })
}

impl Client {
    /// Performs every action the session has queued, then hands its events to the listeners
    /// and arms the timer for its next timeout. Re-entrant: a listener may call the client.
    pub(super) fn drive(&self) {
        loop {
            let action = self.0.session.borrow_mut().poll_action();
            match action {
                Some(action) => self.execute(action),
                None => break,
            }
        }
        loop {
            let event = self.0.session.borrow_mut().poll_event();
            match event {
                Some(event) => self.emit(&event),
                None => break,
            }
        }
        self.arm();
    }

    /// A later input of `A`: the client may be gone by then (weak), and the actions it
    /// causes run after it.
    fn later<A: 'static>(&self, f: impl FnOnce(&Client, A) + 'static) -> impl FnOnce(A) + 'static {
        let weak = Rc::downgrade(&self.0);
        move |a| {
            if let Some(inner) = weak.upgrade() {
                let client = Client(inner);
                f(&client, a);
                client.drive();
            }
        }
    }

    fn execute(&self, action: Action) {
        match action {
            Action::Post { request, form } => {
                let done =
                    self.later(move |c, r| c.input(|s, now| s.replied(request, reply(r), now)));
                let sending = http::post_form(&form);
                spawn_local(async move { done(sending.await) });
            }
            Action::Sign { request, params } => {
                let signing = self.0.signer.as_ref().map(|signer| signer.sign(&params));
                let done = self.later(move |c, a| c.input(|s, now| s.signed(request, a, now)));
                spawn_local(async move {
                    let a = match signing {
                        Some(signing) => signing.await,
                        None => Err(Error::Signer("no signDestroy".into())),
                    };
                    done(a);
                });
            }
            Action::Upload { call, part } => {
                let done =
                    self.later(move |c, r| c.input(|s, now| s.uploaded(call, reply(r), now)));
                let sending = {
                    let uploads = self.0.uploads.borrow();
                    uploads.iter().find(|u| u.call == call).map(|u| {
                        let (chunk, total) = (part.chunk.clone(), u.file.size());
                        let progress = u.on_progress.clone();
                        let progress: Rc<dyn Fn(f64, f64)> = Rc::new(move |loaded, sent| {
                            progress(chunk.progress(loaded, sent), total)
                        });
                        http::post_multipart(&part, &u.file, progress, u.signal.as_ref())
                    })
                };
                spawn_local(async move {
                    done(match sending {
                        Some(sending) => sending.await,
                        None => Err(Error::Aborted),
                    })
                });
            }
            Action::Lock { request, name } => {
                let done = self.later(move |c, (guard, contended)| {
                    c.0.locks.borrow_mut().push((request, guard));
                    let stored = c.0.store.as_ref().map_or(Ok(None), Store::load);
                    c.input(|s, now| s.locked(request, stored, contended, now, wall_now()));
                });
                storage::lock(&name, done);
            }
            Action::Release { request } => {
                self.save();
                // Dropping the guard releases the lock.
                self.0.locks.borrow_mut().retain(|(r, _)| *r != request);
            }
            Action::SaveNow => self.save(),
            Action::Save => {
                // Coalesced: a burst of changes (deleteAll) is written once, at the end of the task.
                if !self.0.save_queued.replace(true) {
                    let done = self.later(|c, ()| {
                        c.0.save_queued.set(false);
                        c.save();
                    });
                    spawn_local(async move { done(()) });
                }
            }
            Action::Answer { call, answer } => {
                let then = {
                    let mut calls = self.0.calls.borrow_mut();
                    let at = calls.iter().position(|(c, _)| *c == call);
                    at.map(|at| calls.swap_remove(at).1)
                };
                self.0.uploads.borrow_mut().retain(|u| u.call != call);
                if let Some(then) = then {
                    then(answer);
                }
            }
        }
    }

    /// Writes the session's snapshot now, and tells the other clients of this document that
    /// share the storage (browsers fire no `storage` event in the document that wrote).
    fn save(&self) {
        let Some(store) = &self.0.store else {
            return;
        };
        let stored = self.input(|s, now| s.snapshot(now, wall_now()));
        if let Err(warning) = store.save(&stored) {
            self.input(|s, _| s.storage_failed(warning));
        }
        store.tell_peers(&stored);
    }

    /// Arms the timer for the session's next timeout, when it moved. Recording is then O(1)
    /// even with thousands of entries (each new deadline is later than the armed one).
    fn arm(&self) {
        let next = self.0.session.borrow().poll_timeout();
        if next == self.0.armed.get() {
            return;
        }
        self.0.armed.set(next);
        let timer = next.map(|at| {
            // +1 ms: the deadline itself counts as due (half-open window).
            let delay = u32::try_from((at - now()).0.saturating_add(1))
                .unwrap_or(u32::MAX)
                .min(i32::MAX as u32);
            let fire = self.later(|c, ()| {
                c.0.armed.set(None);
                c.input(|s, now| s.handle_timeout(now));
            });
            Timeout::new(delay, move || fire(()))
        });
        // Replacing the old Timeout drops (cancels) it.
        *self.0.timer.borrow_mut() = timer;
    }
}
