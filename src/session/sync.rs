//! Storage, for [`Session`]: what a new client finds (restored entries, deletes a reload
//! interrupted), what another tab or another client of this document wrote, and the snapshot
//! to write. Core: the glue moves the text; [`crate::store`] reads and writes the format.

use super::{
    Session,
    types::{Op, Stage},
};
use crate::{
    ledger::State,
    store::{self, Stored, Warning},
    time::Millis,
    token::PublicId,
    view::Event,
};

impl Session {
    /// What storage held when the client was made (once, right after [`Session::new`]):
    /// entries come back with their true remaining time (`restored` events), a bad value is a
    /// `warning`, and a delete a reload interrupted is sent again (the token while its window
    /// lasts, by signature after it with a signer) and settled by Cloudinary's answer.
    pub fn restore(&mut self, stored: Result<Option<Stored>, Warning>, now: Millis, wall: Millis) {
        match stored {
            Ok(Some(stored)) => {
                let count = stored.entries.len();
                let restored = store::restore(&mut self.ledger, stored, now, wall);
                // Written back only when something was left out: a snapshot restored whole
                // need not be (for thousands of entries that write was a third of the time
                // to a widget's first render).
                self.dirty |= restored.added.len() != count;
                self.held = restored.held;
                self.events
                    .extend(restored.added.into_iter().map(Event::Restored));
                for id in restored.interrupted {
                    self.resume(id);
                }
            }
            Ok(None) => {}
            Err(warning) => {
                self.dirty = true;
                self.events.push_back(Event::Warning(warning));
            }
        }
        self.tick(now);
        self.flush(now);
    }

    /// Sends again the delete of `id` that a reload interrupted, once its lock is free (no
    /// other client took it over): the first request may have gone through, so a refusal of
    /// the token then says so.
    fn resume(&mut self, id: PublicId) {
        self.events.push_back(Event::Deleting(id.clone()));
        self.claim(Op::new(id, Vec::new(), true));
    }

    /// Waits for the lock of `id` when it was adopted deleting from another client: that
    /// client holds the lock until its delete ends, so once it is ours the claim is over,
    /// whatever a stale snapshot still says ([`Session::locked`] makes the entry live again).
    /// A `delete()` meanwhile joins the wait, and settles by what the lock then shows.
    fn watch(&mut self, id: &PublicId) {
        let adopted = self.ledger.get(id).map(|e| e.state()) == Some(State::Deleting);
        if adopted && !self.ops.iter().any(|op| &op.id == id) {
            self.claim(Op::new(id.clone(), Vec::new(), false));
        }
    }

    /// A snapshot another tab (a `storage` event) or another client of this document wrote.
    /// What changed there is a `changed` event here, a delete there a `deleted` one.
    pub fn stored_elsewhere(&mut self, stored: Stored, now: Millis, wall: Millis) {
        self.tick(now);
        self.merge(stored, now, wall);
        self.reading_due(now);
        self.flush(now);
    }

    /// Merges `stored` into the ledger; entries whose delete this client is sending keep
    /// their state. Saves back only when this client tracks something `stored` lacks (written
    /// at the same moment as it), so two tabs never answer each other's writes forever.
    pub(super) fn merge(&mut self, stored: Stored, now: Millis, wall: Millis) {
        // Which of our entries `stored` names, found through the ledger's own index.
        let mut there = vec![false; self.ledger.entries().len()];
        for e in &stored.entries {
            if let Some(at) = self.ledger.position(&e.public_id) {
                there[at] = true;
            }
        }
        // Loops that push, here and below, rather than `filter().map().collect()`: `collect`
        // instantiates its first-element-then-extend machinery for every iterator type.
        let mut sending: Vec<PublicId> = Vec::new();
        for op in &self.ops {
            if !matches!(op.stage, Stage::Locking(_) | Stage::Reading(..)) {
                sending.push(op.id.clone());
            }
        }
        let merged = store::merge(&mut self.ledger, stored, now, wall, &|id| {
            sending.contains(id)
        });
        self.held = merged.held;
        // A claim adopted from another client that `stored` no longer names ended there untold
        // (failed, expired or forgotten leave no trace in a snapshot): live again here, where
        // time ends it or a delete takes the asset's lock first.
        let mut changed = merged.changed;
        let mut untold: Vec<PublicId> = Vec::new();
        for (at, e) in self.ledger.entries().iter().enumerate() {
            if e.state() == State::Deleting
                && !there.get(at).copied().unwrap_or(true)
                && !sending.contains(&e.public_id)
                && !self.ops.iter().any(|op| op.resumed && op.id == e.public_id)
            {
                untold.push(e.public_id.clone());
            }
        }
        for id in untold {
            if self.ledger.adopt(&id, State::Live) {
                changed.push(id);
            }
        }
        // Only what a snapshot would store, and a delete only while this client sends it: a
        // claim adopted from another client is that client's to write back (it may have ended
        // there untold). Either kind made two tabs answer each other's writes forever.
        self.dirty |= (self.ledger.entries().iter().enumerate()).any(|(at, e)| {
            let claim = match e.state() {
                State::Live => true,
                State::Deleting => sending.contains(&e.public_id),
                _ => false,
            };
            // Entries the merge added sit past the marks: `stored` named them.
            claim && now < e.stored_until() && !there.get(at).copied().unwrap_or(true)
        });
        let changed = {
            let mut all = merged.added;
            all.append(&mut changed);
            all
        };
        for id in &changed {
            self.watch(id);
        }
        self.events.extend(changed.into_iter().map(Event::Changed));
        self.events
            .extend(merged.deleted_elsewhere.into_iter().map(Event::Deleted));
    }

    /// Storage refused to be read, written or cleared: a `warning`; the client keeps working
    /// in memory.
    pub fn storage_failed(&mut self, warning: Warning) {
        self.events.push_back(Event::Warning(warning));
    }

    /// The snapshot to write now (page time `now`, wall time `wall`): what [`Action::Save`],
    /// [`Action::SaveNow`] and [`Action::Release`] ask the glue to store.
    ///
    /// [`Action::Save`]: super::Action::Save
    /// [`Action::SaveNow`]: super::Action::SaveNow
    /// [`Action::Release`]: super::Action::Release
    pub fn snapshot(&mut self, now: Millis, wall: Millis) -> Stored {
        self.save_queued = false;
        self.dirty = false;
        let mut stored = store::snapshot(&self.ledger, self.endpoint.cloud_name(), now, wall);
        store::hold(&mut stored, &self.held, &self.ledger, wall);
        stored
    }
}
