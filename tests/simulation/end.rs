//! The end of a seed: what became of each recorded upload, and the invariants of the end.
//! When a page reloads, its entries past their window (or retention) ended there, though no
//! listener heard it; once everything in flight settled and every window closed, no entry is
//! left deleting or live by token, no lock is held, every call was answered, and no recorded
//! upload is lost: each ended deleted, expired, failed with a reason, kept for signing, or
//! forgotten (or went with the memory client that held it).

use std::collections::HashSet;

use crate::{
    browser::{Browser, Group},
    checks::{Checks, no_token},
    cloud::Cloud,
    listener::Look,
};

/// What became of one recorded upload.
#[derive(Debug, Default)]
pub struct Fate {
    pub group: Option<Group>,
    pub forgotten: bool,
    /// A listener heard it end (deleted, expired, failed).
    pub ended: bool,
}

impl Checks {
    /// Client `c`'s document went at `t`; `entries`: each entry's id, standing, and the sim
    /// time its window (or, kept for signing, its retention) ends.
    pub fn died(&mut self, c: usize, t: u64, entries: Vec<(String, Look, u64)>) {
        for (id, look, end) in entries {
            if end > t {
                continue;
            }
            match look {
                Look::LiveToken | Look::LiveSigned => self.expired_unheard += 1,
                // A delete cut off after the window (its own, or one it watched for another
                // client): a restore drops it, unsettled.
                Look::DeletingToken | Look::DeletingSigned => self.interrupted_late += 1,
                _ => continue,
            }
            self.fates.entry(id).or_default().ended = true;
        }
        self.dead.insert(c);
        self.outlived(c);
    }

    /// Once everything settled and every window closed.
    pub fn at_end(&self, browser: &Browser, cloud: &Cloud) -> Result<(), String> {
        if let Some(((c, call), what)) =
            self.calls.iter().find(|((c, _), _)| !self.dead.contains(c))
        {
            return Err(format!("c{c} never answered {call:?} ({what:?})"));
        }
        if let Some((name, _)) = browser
            .locks
            .iter()
            .find(|(_, l)| l.holder.is_some() || !l.queue.is_empty())
        {
            return Err(format!("lock {name} still held or waited for at the end"));
        }
        let mut kept = HashSet::new();
        for c in browser.alive() {
            let session = browser.clients[c].session.as_ref().expect("alive");
            no_token("a session", &format!("{session:?}"))?;
            for e in session.ledger().entries() {
                match Look::of(e) {
                    // Its own delete never settled, or one it adopted from another client's
                    // snapshot outlived that client's delete.
                    Look::DeletingToken | Look::DeletingSigned => {
                        return Err(format!(
                            "c{c}: {} still deleting at the end: {e:?}",
                            e.public_id
                        ));
                    }
                    Look::LiveToken => {
                        return Err(format!(
                            "c{c}: {} still live by token after its window: {e:?}",
                            e.public_id
                        ));
                    }
                    Look::LiveSigned => {
                        kept.insert(e.public_id.as_str());
                    }
                    _ => {}
                }
            }
        }
        for (id, fate) in &self.fates {
            let memory_gone =
                matches!(fate.group, Some(Group::Memory(c)) if self.dead.contains(&c));
            if cloud.gone(id)
                || fate.forgotten
                || fate.ended
                || memory_gone
                || kept.contains(id.as_str())
            {
                continue;
            }
            return Err(format!(
                "{id} was lost: recorded in {:?}, never deleted, expired, failed, kept or forgotten",
                fate.group
            ));
        }
        Ok(())
    }
}
