//! The ledger of tracked uploads. Core: never reads a clock; every call takes `now`.
//!
//! Each entry's [`Standing`] moves `Live → Deleting → Deleted`, or `Live → Expired` when its
//! window closes, or `Deleting → Failed` when Cloudinary refuses the token. A token lives only in
//! `Live` and `Deleting` standings, so a finished entry can never be used to send it again.
//!
//! A ledger [`kept for signing`](Ledger::keeping) (its client has a signer, the page's server)
//! differs in one way: an entry does not expire when its token window closes. Its token is
//! dropped then (and when Cloudinary refuses it), and it stays `Live`, deletable by a signed
//! destroy, until its retention ends. Such a delete that fails leaves it `Live`, not `Failed`.

use std::{cmp::Reverse, collections::BinaryHeap};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::{cloudinary::Upload, error::Error, time::Millis, token::PublicId};

/// How long Cloudinary honours a delete token ("about 10 minutes" after upload).
pub const TOKEN_TTL: Millis = Millis::from_secs(600);

/// Default safety margin: the deadline shown and enforced is this much earlier than the TTL, so a
/// delete sent just before the deadline still reaches Cloudinary inside its window.
pub const DEFAULT_MARGIN: Millis = Millis::from_secs(15);

mod entry;

use self::entry::lapse;
pub use self::entry::{Entry, Route, Standing, State, Via, Way};

/// What [`Ledger::record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new entry.
    New,
    /// The same upload was already tracked; nothing changed.
    AlreadyKnown,
}

/// What [`Ledger::expire_due`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lapsed {
    /// Entries that expired (their token dropped unused).
    pub expired: Vec<PublicId>,
    /// Entries kept for signing whose token window closed: still live, now deletable only by
    /// a signed destroy.
    pub closed: Vec<PublicId>,
}

/// How a delete ended, as [`Ledger::finish_delete`] settled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// Confirmed: the entry is deleted.
    Deleted,
    /// It failed but may be tried again: the entry is live (perhaps now only by signature).
    Live,
    /// It failed and the window closed meanwhile: the entry expired.
    Expired,
    /// Cloudinary refused it for good: the entry failed.
    Failed,
    /// Cloudinary refused the token of an entry kept for signing: the delete goes on as a
    /// signed destroy of this asset (the entry stays deleting, without its token).
    GoOnSigned(crate::destroy::Target),
    /// The entry is not tracked (forgotten meanwhile), or had no delete in flight.
    Gone,
}

/// Tracked uploads in recording order.
#[derive(Debug, Clone)]
pub struct Ledger {
    entries: Vec<Entry>,
    window: Millis,
    /// How long entries stay deletable by signature after recording, when kept for signing.
    retention: Option<Millis>,
    /// Fingerprints of every token ever recorded: a token seen once, and perhaps spent since, is
    /// never taken again (a page may hand the same response over twice).
    seen: FxHashSet<u64>,
    /// Position of each public id in `entries`.
    index: FxHashMap<PublicId, usize>,
    /// When live entries next change by themselves, soonest first, so expiry never scans the
    /// whole ledger. Items go stale when an entry leaves `Live`; they are skipped when popped.
    deadlines: BinaryHeap<Reverse<(Millis, usize)>>,
}

impl Default for Ledger {
    fn default() -> Self {
        Self::new(TOKEN_TTL, DEFAULT_MARGIN)
    }
}

impl Ledger {
    /// An empty ledger whose entries may be deleted for `ttl - margin` after recording.
    ///
    /// ```
    /// use cloudinary_delete_token::{ledger::Ledger, time::Millis};
    /// let ledger = Ledger::new(Millis::from_secs(600), Millis::from_secs(15));
    /// assert!(ledger.entries().is_empty());
    /// ```
    pub fn new(ttl: Millis, margin: Millis) -> Self {
        Self {
            entries: Vec::new(),
            window: ttl - margin,
            retention: None,
            seen: FxHashSet::default(),
            index: FxHashMap::default(),
            deadlines: BinaryHeap::new(),
        }
    }

    /// The ledger of a client with a signer: entries stay deletable by signature for
    /// `retention` after recording (at least their token window), without their token.
    ///
    /// ```
    /// use cloudinary_delete_token::{cloudinary::Upload, ledger::{Ledger, State, Via}, time::Millis, PublicId};
    /// let mut ledger = Ledger::default().keeping(Millis::from_secs(86_400));
    /// let id = PublicId::parse("cat").unwrap();
    /// ledger.record(Upload::new(id.clone(), None), Millis(0)); // no token: a signer deletes it
    /// ledger.expire_due(Millis::from_secs(3_600));
    /// assert_eq!(ledger.get(&id).unwrap().state(), State::Live);
    /// assert_eq!(ledger.get(&id).unwrap().delete_via(), Some(Via::Signed));
    /// ```
    pub fn keeping(mut self, retention: Millis) -> Self {
        self.retention = Some(retention);
        self
    }

    /// How long after recording an entry may be deleted by token (lifetime minus margin).
    pub fn window(&self) -> Millis {
        self.window
    }

    /// How long entries stay deletable by signature, when the ledger is kept for signing.
    pub fn retention(&self) -> Option<Millis> {
        self.retention
    }

    /// Adds a restored entry.
    pub(crate) fn insert(&mut self, entry: Entry) {
        if let Some(token) = entry.token() {
            self.seen.insert(token.fingerprint());
        }
        self.push(entry);
    }

    fn push(&mut self, entry: Entry) {
        let at = self.entries.len();
        self.index.insert(entry.public_id.clone(), at);
        self.watch(&entry, at);
        self.entries.push(entry);
    }

    /// Watches a live entry for the moment it next changes by itself.
    fn watch(&mut self, entry: &Entry, at: usize) {
        if let Some(due) = entry.due() {
            self.deadlines.push(Reverse((due, at)));
        }
    }

    fn find_mut(&mut self, id: &PublicId) -> Option<&mut Entry> {
        self.index.get(id).and_then(|&at| self.entries.get_mut(at))
    }

    /// Takes the state another tab or client stored for `id` (`Live` or `Deleting`), unless
    /// this ledger already knows it deleted, expired or failed; returns whether anything changed.
    pub(crate) fn adopt(&mut self, id: &PublicId, state: State) -> bool {
        let Some(&at) = self.index.get(id) else {
            return false;
        };
        let e = &mut self.entries[at];
        let way = match (&e.standing, state) {
            (Standing::Live(way), State::Deleting) => way.clone(),
            (Standing::Deleting(way), State::Live) => way.clone(),
            _ => return false,
        };
        e.standing = match state {
            State::Live => Standing::Live(way),
            _ => Standing::Deleting(way),
        };
        if let Some(due) = e.due() {
            self.deadlines.push(Reverse((due, at)));
        }
        true
    }

    /// Marks `id` deleted because another tab deleted it; returns whether anything changed.
    pub(crate) fn mark_deleted_elsewhere(&mut self, id: &PublicId) -> bool {
        match self.find_mut(id) {
            Some(e) if e.way().is_some() => {
                e.standing = Standing::Deleted;
                true
            }
            _ => false,
        }
    }

    /// All entries, oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Where the entry for `id` stands in [`Ledger::entries`].
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The entry for `id`.
    pub fn get(&self, id: &PublicId) -> Option<&Entry> {
        self.index.get(id).and_then(|&at| self.entries.get(at))
    }

    fn get_mut(&mut self, id: &PublicId) -> Result<&mut Entry, Error> {
        self.find_mut(id)
            .ok_or_else(|| Error::UnknownAsset(id.to_string()))
    }

    /// Tracks an upload received at `now`. Recording a token seen before changes nothing, even
    /// after it was spent or expired; a new token for a known public id (a re-upload) starts a
    /// new window. An upload without a token (a ledger kept for signing) is new unless its public
    /// id is tracked and still deletable; in a ledger not kept for signing it is recorded expired.
    ///
    /// ```
    /// use cloudinary_delete_token::{cloudinary::Upload, ledger::{Ledger, Recorded}, time::Millis, DeleteToken, PublicId};
    /// let up = Upload::new(PublicId::parse("cat").unwrap(), DeleteToken::parse("t").ok());
    /// let mut ledger = Ledger::default();
    /// assert_eq!(ledger.record(up.clone(), Millis(0)), Recorded::New);
    /// assert_eq!(ledger.record(up, Millis(5)), Recorded::AlreadyKnown);
    /// ```
    pub fn record(&mut self, upload: Upload, now: Millis) -> Recorded {
        let known = self.index.get(&upload.public_id).copied();
        let repeat = match &upload.token {
            Some(token) => !self.seen.insert(token.fingerprint()),
            None => known.is_some_and(|at| self.entries[at].way().is_some()),
        };
        if repeat {
            return Recorded::AlreadyKnown;
        }
        let keep_until = self.retention.map(|r| now + r.max(self.window));
        let deadline = match upload.token {
            Some(_) => now + self.window,
            None => now,
        };
        let fresh = Entry::new(upload, deadline, keep_until);
        match known {
            // A repeat upload of the same public id while its delete is in flight: that delete
            // decides the asset's fate, so the in-flight entry is kept as it is.
            Some(at) if self.entries[at].state() == State::Deleting => Recorded::AlreadyKnown,
            Some(at) => {
                self.watch(&fresh, at);
                self.entries[at] = fresh;
                Recorded::New
            }
            None => {
                self.push(fresh);
                Recorded::New
            }
        }
    }

    /// Starts a delete of `id` at `now`: returns how to send it (the token, or a signed destroy
    /// once the window closed in a ledger kept for signing) and marks the entry `Deleting`.
    /// Refuses (sending nothing) when the entry is not live or can no longer be deleted; a live
    /// entry found past its window expires here.
    pub fn begin_delete(&mut self, id: &PublicId, now: Millis) -> Result<Route, Error> {
        let entry = self.get_mut(id)?;
        let deadline = entry.deadline;
        let way = match &entry.standing {
            Standing::Live(way) => match lapse(way, deadline, now) {
                None => way.clone(),
                Some(Some(signed)) => signed,
                Some(None) => {
                    entry.standing = Standing::Expired;
                    return Err(Error::TokenExpired { deadline });
                }
            },
            Standing::Deleting(_) => return Err(Error::DeleteInProgress),
            Standing::Deleted => return Err(Error::AlreadyDeleted),
            Standing::Expired => return Err(Error::TokenExpired { deadline }),
            Standing::Failed(e) => return Err(e.clone()),
        };
        let route = entry.route(&way);
        entry.standing = Standing::Deleting(way);
        entry.last_error = None;
        Ok(route)
    }

    /// Takes up at `now` the delete of `id` that was in flight (a reload interrupted it): its
    /// route as time left it (the token inside its window; after it, a signed destroy while
    /// kept), or `None` when nothing may be sent now, the entry then expired.
    pub fn resume_delete(&mut self, id: &PublicId, now: Millis) -> Option<Route> {
        let entry = self.find_mut(id)?;
        let Standing::Deleting(way) = &entry.standing else {
            return None;
        };
        let way = match lapse(way, entry.deadline, now) {
            None => way.clone(),
            Some(Some(signed)) => signed,
            Some(None) => {
                entry.standing = Standing::Expired;
                return None;
            }
        };
        let route = entry.route(&way);
        entry.standing = Standing::Deleting(way);
        Some(route)
    }

    /// Settles the delete started by [`Ledger::begin_delete`]. A transient failure returns the
    /// entry to `Live` (or `Expired` past the deadline); a refusal marks it `Failed`. In a ledger
    /// kept for signing, a failure leaves the entry `Live` without its token, and a refused token
    /// goes on as a signed destroy ([`Finished::GoOnSigned`]).
    pub fn finish_delete(
        &mut self,
        id: &PublicId,
        outcome: Result<(), Error>,
        now: Millis,
    ) -> Finished {
        let Some(&at) = self.index.get(id) else {
            return Finished::Gone;
        };
        let entry = &mut self.entries[at];
        let Standing::Deleting(way) = &entry.standing else {
            return Finished::Gone;
        };
        let keep_until = way.keep_until().filter(|&keep| now < keep);
        let by_token = matches!(way, Way::Token { .. });
        let finished = match outcome {
            Ok(()) => {
                entry.standing = Standing::Deleted;
                return Finished::Deleted;
            }
            Err(err) if err.is_transient() || err == Error::Aborted => {
                let way = way.clone();
                entry.last_error = Some(err);
                match lapse(&way, entry.deadline, now) {
                    None => entry.standing = Standing::Live(way),
                    Some(Some(signed)) => entry.standing = Standing::Live(signed),
                    Some(None) => entry.standing = Standing::Expired,
                }
                match entry.standing {
                    Standing::Expired => Finished::Expired,
                    _ => Finished::Live,
                }
            }
            Err(err) => match keep_until {
                // A refused token falls back to a signed destroy; a refused destroy (or a
                // signer that failed) leaves the entry for the user to try again.
                Some(keep_until) => {
                    entry.last_error = Some(err);
                    if by_token {
                        entry.standing = Standing::Deleting(Way::Signed { keep_until });
                        return Finished::GoOnSigned(entry.target());
                    }
                    entry.standing = Standing::Live(Way::Signed { keep_until });
                    Finished::Live
                }
                None => {
                    entry.standing = Standing::Failed(err);
                    Finished::Failed
                }
            },
        };
        // Back to live: its deadline may have been passed over while it was deleting.
        if let Some(due) = entry.due() {
            self.deadlines.push(Reverse((due, at)));
        }
        finished
    }

    /// Expires every live entry whose deadline is at or before `now`, dropping its token, and
    /// says which; in a ledger kept for signing, an entry whose window closed only loses its
    /// token until its retention ends. Entries with a delete in flight are left to that delete.
    pub fn expire_due(&mut self, now: Millis) -> Lapsed {
        let mut out = Lapsed::default();
        while let Some(&Reverse((due, at))) = self.deadlines.peek() {
            if due > now {
                break;
            }
            self.deadlines.pop();
            let Some(e) = self.entries.get_mut(at) else {
                continue;
            };
            let Standing::Live(way) = &e.standing else {
                continue;
            };
            match lapse(way, e.deadline, now) {
                Some(None) => {
                    e.standing = Standing::Expired;
                    out.expired.push(e.public_id.clone());
                }
                Some(Some(signed)) => {
                    e.standing = Standing::Live(signed);
                    out.closed.push(e.public_id.clone());
                }
                None => {}
            }
            // Still live (kept, or its item here was stale): wait for what it waits for now.
            if let Some(due) = e.due() {
                self.deadlines.push(Reverse((due, at)));
            }
        }
        out
    }

    /// The earliest deadline among live entries: when [`Ledger::expire_due`] next has work.
    /// May be early (an entry that left `Live` since): expiring then finds nothing and the
    /// caller asks again.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.deadlines.peek().map(|Reverse((due, _))| *due)
    }

    /// Stops tracking `id` without deleting it; returns whether it was tracked.
    pub fn forget(&mut self, id: &PublicId) -> bool {
        let Some(&at) = self.index.get(id) else {
            return false;
        };
        self.entries.remove(at);
        // Positions after `at` moved: rebuild both indexes (forget is rare and user-driven),
        // with the inserts and pushes recording uses rather than `collect`'s own code (and no
        // removal from the map: it is cleared).
        self.index.clear();
        self.deadlines.clear();
        for (i, e) in self.entries.iter().enumerate() {
            self.index.insert(e.public_id.clone(), i);
            if let Some(due) = e.due() {
                self.deadlines.push(Reverse((due, i)));
            }
        }
        true
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::token::DeleteToken;

    const T0: Millis = Millis(1_700_000_000_000);

    /// An upload of `id` with `token`, no URL or name (also used by the store's tests).
    pub(crate) fn upload(id: &str, token: &str) -> Upload {
        Upload::new(PublicId::parse(id).unwrap(), DeleteToken::parse(token).ok())
    }

    fn ledger_with(id: &str) -> (Ledger, PublicId) {
        let mut ledger = Ledger::default();
        ledger.record(upload(id, "tok"), T0);
        (ledger, PublicId::parse(id).unwrap())
    }

    /// A ledger whose `id`, uploaded with token "tok", Cloudinary confirmed deleted.
    fn deleted(id: &str) -> (Ledger, PublicId) {
        let (mut ledger, id) = ledger_with(id);
        ledger.begin_delete(&id, T0).unwrap();
        ledger.finish_delete(&id, Ok(()), T0);
        (ledger, id)
    }

    #[test]
    fn deadline_is_ttl_minus_margin_after_recording() {
        let (ledger, id) = ledger_with("cat");
        assert_eq!(
            ledger.get(&id).unwrap().deadline,
            T0 + TOKEN_TTL - DEFAULT_MARGIN
        );
        assert_eq!(
            ledger.get(&id).unwrap().remaining(T0),
            TOKEN_TTL - DEFAULT_MARGIN
        );
    }

    #[test]
    fn delete_is_sent_one_millisecond_before_deadline() {
        let (mut ledger, id) = ledger_with("cat");
        let deadline = ledger.get(&id).unwrap().deadline;
        assert!(ledger.begin_delete(&id, deadline - Millis(1)).is_ok());
    }

    #[test]
    fn delete_at_deadline_is_refused_and_token_dropped() {
        let (mut ledger, id) = ledger_with("cat");
        let deadline = ledger.get(&id).unwrap().deadline;
        assert!(matches!(
            ledger.begin_delete(&id, deadline),
            Err(Error::TokenExpired { .. })
        ));
        assert_eq!(ledger.get(&id).unwrap().state(), State::Expired);
        assert_eq!(ledger.get(&id).unwrap().token(), None);
    }

    #[test]
    fn second_delete_while_in_flight_is_refused() {
        let (mut ledger, id) = ledger_with("cat");
        ledger.begin_delete(&id, T0).unwrap();
        assert_eq!(ledger.begin_delete(&id, T0), Err(Error::DeleteInProgress));
    }

    #[test]
    fn confirmed_delete_drops_token_and_refuses_another() {
        let (mut ledger, id) = ledger_with("cat");
        ledger.begin_delete(&id, T0).unwrap();
        assert_eq!(ledger.finish_delete(&id, Ok(()), T0), Finished::Deleted);
        assert_eq!(ledger.get(&id).unwrap().token(), None);
        assert_eq!(ledger.begin_delete(&id, T0), Err(Error::AlreadyDeleted));
    }

    #[test]
    fn network_failure_returns_entry_to_live_before_deadline_and_expired_after() {
        let (mut ledger, id) = ledger_with("cat");
        ledger.begin_delete(&id, T0).unwrap();
        assert_eq!(
            ledger.finish_delete(&id, Err(Error::Network("down".into())), T0),
            Finished::Live
        );
        ledger.begin_delete(&id, T0).unwrap();
        let late = T0 + TOKEN_TTL;
        assert_eq!(
            ledger.finish_delete(&id, Err(Error::Network("down".into())), late),
            Finished::Expired
        );
    }

    #[test]
    fn refusal_marks_failed_with_reason() {
        let (mut ledger, id) = ledger_with("cat");
        ledger.begin_delete(&id, T0).unwrap();
        let refusal = Error::Rejected {
            status: 400,
            message: "Invalid token".into(),
        };
        assert_eq!(
            ledger.finish_delete(&id, Err(refusal.clone()), T0),
            Finished::Failed
        );
        assert_eq!(ledger.get(&id).unwrap().error(), Some(&refusal));
        assert_eq!(ledger.begin_delete(&id, T0), Err(refusal));
    }

    #[test]
    fn expire_due_skips_in_flight_deletes() {
        let mut ledger = Ledger::default();
        ledger.record(upload("a", "1"), T0);
        ledger.record(upload("b", "2"), T0);
        let b = PublicId::parse("b").unwrap();
        ledger.begin_delete(&b, T0).unwrap();
        assert_eq!(
            ledger.next_deadline(),
            Some(T0 + TOKEN_TTL - DEFAULT_MARGIN)
        );
        let gone = ledger.expire_due(T0 + TOKEN_TTL);
        assert_eq!(gone.expired, vec![PublicId::parse("a").unwrap()]);
        assert_eq!(ledger.get(&b).unwrap().state(), State::Deleting);
        assert_eq!(ledger.next_deadline(), None);
    }

    #[test]
    fn reupload_with_new_token_starts_a_new_window() {
        let (mut ledger, id) = deleted("cat");
        assert_eq!(
            ledger.record(upload("cat", "tok2"), T0 + Millis(9)),
            Recorded::New
        );
        assert_eq!(ledger.get(&id).unwrap().state(), State::Live);
        assert_eq!(ledger.entries().len(), 1);
    }

    #[test]
    fn recording_a_spent_token_again_does_not_revive_it() {
        let (mut ledger, id) = deleted("cat");
        assert_eq!(
            ledger.record(upload("cat", "tok"), T0),
            Recorded::AlreadyKnown
        );
        assert_eq!(ledger.begin_delete(&id, T0), Err(Error::AlreadyDeleted));
    }

    /// A ledger kept for signing for an hour, with `id` recorded at T0 with token "tok".
    fn kept(id: &str) -> (Ledger, PublicId) {
        let mut ledger = Ledger::default().keeping(Millis::from_secs(3_600));
        ledger.record(upload(id, "tok"), T0);
        (ledger, PublicId::parse(id).unwrap())
    }

    fn refusal(message: &str) -> Error {
        Error::Rejected {
            status: 401,
            message: message.into(),
        }
    }

    #[test]
    fn a_kept_entry_outlives_its_window_without_its_token() {
        let (mut ledger, id) = kept("cat");
        assert_eq!(ledger.get(&id).unwrap().delete_via(), Some(Via::Token));
        let lapsed = ledger.expire_due(T0 + TOKEN_TTL);
        assert_eq!(lapsed.closed, vec![id.clone()]);
        assert!(lapsed.expired.is_empty());
        let entry = ledger.get(&id).unwrap();
        assert_eq!((entry.state(), entry.token()), (State::Live, None));
        assert_eq!(entry.delete_via(), Some(Via::Signed));
        // It waits for the end of its retention now.
        assert_eq!(ledger.next_deadline(), Some(T0 + Millis::from_secs(3_600)));
        let target = match ledger.begin_delete(&id, T0 + TOKEN_TTL) {
            Ok(Route::Signed(target)) => target,
            other => panic!("expected a signed delete, got {other:?}"),
        };
        assert_eq!(target.public_id, id);
        assert_eq!(target.kind.resource_type.as_str(), "image");
    }

    #[test]
    fn a_failed_signed_delete_leaves_the_entry_deletable() {
        let (mut ledger, id) = kept("cat");
        let late = T0 + TOKEN_TTL;
        ledger.begin_delete(&id, late).unwrap();
        let refused = refusal("Invalid Signature");
        assert_eq!(
            ledger.finish_delete(&id, Err(refused.clone()), late),
            Finished::Live
        );
        assert_eq!(ledger.get(&id).unwrap().error(), Some(&refused));
        ledger.begin_delete(&id, late).unwrap();
        let signer = Error::Signer("down".into());
        assert_eq!(ledger.finish_delete(&id, Err(signer), late), Finished::Live);
        ledger.begin_delete(&id, late).unwrap();
        assert_eq!(ledger.finish_delete(&id, Ok(()), late), Finished::Deleted);
    }

    #[test]
    fn a_refused_token_of_a_kept_entry_goes_on_by_signature() {
        let (mut ledger, id) = kept("cat");
        assert!(matches!(ledger.begin_delete(&id, T0), Ok(Route::Token(_))));
        let stale = refusal("Stale delete token");
        assert!(matches!(
            ledger.finish_delete(&id, Err(stale), T0),
            Finished::GoOnSigned(_)
        ));
        let entry = ledger.get(&id).unwrap();
        assert_eq!(entry.token(), None);
        assert_eq!(entry.delete_via(), Some(Via::Signed));
    }

    #[test]
    fn kept_entries_expire_when_their_retention_ends() {
        let (mut ledger, id) = kept("cat");
        ledger.expire_due(T0 + TOKEN_TTL);
        let end = T0 + Millis::from_secs(3_600);
        assert!(ledger.expire_due(end - Millis(1)).expired.is_empty());
        assert_eq!(ledger.expire_due(end).expired, vec![id.clone()]);
        assert!(matches!(
            ledger.begin_delete(&id, end),
            Err(Error::TokenExpired { .. })
        ));
    }

    #[test]
    fn uploads_without_a_token_are_kept_only_by_a_ledger_kept_for_signing() {
        let bare = Upload::new(PublicId::parse("dog").unwrap(), None);
        let mut kept = Ledger::default().keeping(Millis::from_secs(60));
        assert_eq!(kept.record(bare.clone(), T0), Recorded::New);
        assert_eq!(kept.record(bare.clone(), T0), Recorded::AlreadyKnown);
        assert_eq!(kept.entries()[0].delete_via(), Some(Via::Signed));
        // Never shorter than the token window, whatever the retention.
        assert_eq!(kept.entries()[0].keep_until(), Some(T0 + kept.window()));
        let mut plain = Ledger::default();
        plain.record(bare, T0);
        assert_eq!(plain.entries()[0].state(), State::Expired);
        assert_eq!(plain.entries()[0].delete_via(), None);
    }

    #[test]
    fn forget_removes_without_delete() {
        let (mut ledger, id) = ledger_with("cat");
        assert!(ledger.forget(&id));
        assert!(!ledger.forget(&id));
        assert!(matches!(
            ledger.begin_delete(&id, T0),
            Err(Error::UnknownAsset(_))
        ));
    }
}

/// Property tests: no sequence of events sends a token after its deadline, twice at once, or
/// again after Cloudinary confirmed it.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use std::collections::{HashMap, HashSet};

    use proptest::prelude::*;

    use super::*;
    use crate::token::DeleteToken;

    #[derive(Debug, Clone)]
    enum Op {
        Record(u8, u8),
        Advance(u64),
        Back(u64),
        Begin(u8),
        Finish(u8, u8),
        Expire,
        Forget(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..4u8, 0..3u8).prop_map(|(i, t)| Op::Record(i, t)),
            (0..400_000u64).prop_map(Op::Advance),
            (0..100_000u64).prop_map(Op::Back),
            (0..4u8).prop_map(Op::Begin),
            (0..4u8, 0..4u8).prop_map(|(i, o)| Op::Finish(i, o)),
            Just(Op::Expire),
            (0..4u8).prop_map(Op::Forget),
        ]
    }

    fn id(i: u8) -> PublicId {
        PublicId::parse(format!("asset-{i}")).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn tokens_are_never_sent_late_twice_at_once_or_after_confirmation(kept in any::<bool>(), ops in proptest::collection::vec(op(), 1..60)) {
            // Kept for signing or not, a token is used only inside its window.
            let mut ledger = match kept {
                true => Ledger::default().keeping(Millis::from_secs(3_600)),
                false => Ledger::default(),
            };
            let mut now = Millis(1_000_000);
            let mut in_flight: HashMap<PublicId, String> = HashMap::new();
            let mut confirmed: HashSet<String> = HashSet::new();
            for op in ops {
                match op {
                    Op::Record(i, t) => {
                        let upload = Upload::new(id(i), DeleteToken::parse(format!("tok-{i}-{t}")).ok());
                        ledger.record(upload, now);
                    }
                    Op::Advance(ms) => now = now + Millis(ms),
                    Op::Back(ms) => now = now - Millis(ms),
                    Op::Begin(i) => {
                        let deadline = ledger.get(&id(i)).map(|e| e.deadline);
                        if let Ok(Route::Token(token)) = ledger.begin_delete(&id(i), now) {
                            let raw = token.expose().to_owned();
                            prop_assert!(now < deadline.unwrap(), "sent at or after the deadline");
                            prop_assert!(!confirmed.contains(&raw), "sent again after Cloudinary confirmed it");
                            prop_assert!(!in_flight.values().any(|t| t == &raw), "sent while already in flight");
                            in_flight.insert(id(i), raw);
                        }
                    }
                    Op::Finish(i, o) => {
                        let outcome = match o {
                            0 => Ok(()),
                            1 => Err(Error::Network("down".into())),
                            2 => Err(Error::Rejected { status: 503, message: "busy".into() }),
                            _ => Err(Error::Rejected { status: 400, message: "Invalid token".into() }),
                        };
                        if let Some(token) = in_flight.remove(&id(i)) {
                            if outcome.is_ok() {
                                confirmed.insert(token);
                            }
                            ledger.finish_delete(&id(i), outcome, now);
                        }
                    }
                    Op::Expire => {
                        ledger.expire_due(now);
                    }
                    Op::Forget(i) => {
                        if !in_flight.contains_key(&id(i)) {
                            ledger.forget(&id(i));
                        }
                    }
                }
                for e in ledger.entries() {
                    let finished = matches!(e.state(), State::Deleted | State::Expired | State::Failed);
                    prop_assert!(!finished || e.token().is_none(), "a finished entry kept its token");
                }
            }
        }
    }
}
