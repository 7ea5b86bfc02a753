//! Each state change reaches each client's listener exactly once. After every input, each
//! entry's standing before it (the client's mirror) and after it (its ledger) must be
//! explained by the events that came out, in order: replaying them from the old standing must
//! be possible event by event (an event that changes nothing is a duplicate) and must be able
//! to end where the ledger is (a change without an event is a missing one).
//!
//! The standings are the states with the way a live entry would be deleted. What each event
//! may do: `recorded` makes an entry live; `restored` and `changed` add one live or deleting;
//! `changed` also flips live and deleting (adopted from another client); `deleting` starts a
//! delete; `deleted`, `expired` end a live or deleting one; `windowClosed` turns a live entry's
//! token way into the signed way; `failed` ends a delete, leaving the entry live or failed. A
//! deleting entry's way may go from its token to a signature silently (Cloudinary refused the
//! token, and the delete goes on through the signer, still `deleting`).

use std::collections::HashMap;

use cloudinary_delete_token::{
    PublicId,
    ledger::{Entry, Ledger, Standing, Way},
    view::Event,
};

/// Where an entry stands, as the listener can know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Look {
    Absent,
    LiveToken,
    LiveSigned,
    DeletingToken,
    DeletingSigned,
    Deleted,
    Expired,
    Failed,
}

use Look::*;

/// A set of standings.
type Set = u8;

const fn bit(l: Look) -> Set {
    1 << l as u8
}

const LIVE: Set = bit(LiveToken) | bit(LiveSigned);
const DELETING: Set = bit(DeletingToken) | bit(DeletingSigned);
const ALL: [Look; 8] = [
    Absent,
    LiveToken,
    LiveSigned,
    DeletingToken,
    DeletingSigned,
    Deleted,
    Expired,
    Failed,
];

impl Look {
    pub fn of(e: &Entry) -> Self {
        match e.standing() {
            Standing::Live(Way::Token { .. }) => LiveToken,
            Standing::Live(Way::Signed { .. }) => LiveSigned,
            Standing::Deleting(Way::Token { .. }) => DeletingToken,
            Standing::Deleting(Way::Signed { .. }) => DeletingSigned,
            Standing::Deleted => Deleted,
            Standing::Expired => Expired,
            Standing::Failed(_) => Failed,
        }
    }

    /// Whether nothing more happens to it (but a new upload of its public id).
    pub fn ended(self) -> bool {
        matches!(self, Deleted | Expired | Failed)
    }
}

/// Where `from` may be after `event`.
fn after(from: Look, event: &Event) -> Set {
    let live_or_deleting = (LIVE | DELETING) & bit(from) != 0;
    match event {
        Event::Recorded(_) if DELETING & bit(from) == 0 => LIVE,
        Event::Restored(_) | Event::Changed(_) if from == Absent => LIVE | DELETING,
        Event::Changed(_) => match from {
            LiveToken => bit(DeletingToken),
            LiveSigned => bit(DeletingSigned),
            DeletingToken => bit(LiveToken),
            DeletingSigned => bit(LiveSigned),
            _ => 0,
        },
        Event::Deleting(_) => match from {
            LiveToken => bit(DeletingToken),
            LiveSigned => bit(DeletingSigned),
            _ => 0,
        },
        Event::Deleted(_) if live_or_deleting => bit(Deleted),
        Event::Expired(_) if live_or_deleting => bit(Expired),
        Event::WindowClosed(_) if from == LiveToken => bit(LiveSigned),
        Event::Failed(..) => match from {
            DeletingToken => bit(LiveToken) | bit(Failed),
            DeletingSigned => bit(LiveSigned) | bit(Failed),
            _ => 0,
        },
        _ => 0,
    }
}

/// Adds what a deleting entry may become without an event.
fn silent(set: Set) -> Set {
    match set & bit(DeletingToken) {
        0 => set,
        _ => set | bit(DeletingSigned),
    }
}

fn names(set: Set) -> Vec<Look> {
    ALL.into_iter().filter(|&l| set & bit(l) != 0).collect()
}

/// Whether `events` (all about one entry, in order) take it from `before` to `now`.
pub fn explains(before: Look, now: Look, events: &[&Event]) -> Result<(), String> {
    let mut set = silent(bit(before));
    for event in events {
        let next = names(set)
            .into_iter()
            .fold(0, |acc, l| acc | after(l, event));
        if next == 0 {
            return Err(format!(
                "the listener heard {event:?} while the entry was {:?} (heard {events:?}, now {now:?})",
                names(set)
            ));
        }
        set = silent(next);
    }
    if set & bit(now) == 0 {
        return Err(format!(
            "the entry went from {before:?} to {now:?}, but the listener heard only {events:?}"
        ));
    }
    Ok(())
}

/// The id an event is about.
pub fn about(event: &Event) -> Option<&str> {
    match event {
        Event::Recorded(id)
        | Event::Restored(id)
        | Event::Changed(id)
        | Event::Deleting(id)
        | Event::Deleted(id)
        | Event::Expired(id)
        | Event::WindowClosed(id)
        | Event::Failed(id, _) => Some(id.as_str()),
        Event::Progress { .. } | Event::Warning(_) => None,
    }
}

/// One entry an input changed, or that its events were about (already checked against them).
#[derive(Debug)]
pub struct Change<'a> {
    pub id: &'a str,
    pub before: Look,
    pub now: Look,
}

/// Per client, each entry's standing as its listener knows it, in the ledger's order: a
/// ledger adds entries at its end, replaces one in place (a new upload of its public id) and
/// removes one only on `forget`, so standings are compared by position, ids only where
/// something changed (and all of them now and then, to be sure the order holds).
#[derive(Debug, Default)]
pub struct Mirror {
    looks: Vec<(String, Look)>,
    index: HashMap<String, usize>,
    inputs: u64,
}

impl Mirror {
    /// The entries of `ledger` that changed in one input, each checked against `events`.
    pub fn update<'a>(
        &mut self,
        ledger: &'a Ledger,
        events: &'a [Event],
        forgot: Option<&PublicId>,
    ) -> Result<Vec<Change<'a>>, String> {
        let mut about: Vec<(&str, Vec<&Event>)> = Vec::new();
        for e in events {
            if let Some(id) = self::about(e) {
                match about.iter_mut().find(|(i, _)| *i == id) {
                    Some((_, list)) => list.push(e),
                    None => about.push((id, vec![e])),
                }
            }
        }
        if let Some(id) = forgot.filter(|id| ledger.get(id).is_none())
            && let Some(at) = self.index.get(id.as_str()).copied()
        {
            self.looks.remove(at);
            self.index = (self.looks.iter().enumerate())
                .map(|(i, (id, _))| (id.clone(), i))
                .collect();
        }
        for (id, _) in &about {
            // `forget` lets time act first: the forgotten entry may have changed just before.
            let forgotten = forgot.is_some_and(|f| f.as_str() == *id);
            if !forgotten && !PublicId::parse(*id).is_ok_and(|id| ledger.get(&id).is_some()) {
                return Err(format!(
                    "an event about {id}, which it does not track: {events:?}"
                ));
            }
        }
        let entries = ledger.entries();
        let known = self.looks.len();
        if entries.len() < known {
            let gone: Vec<&String> = (self.looks.iter().map(|(id, _)| id))
                .filter(|id| PublicId::parse(id.as_str()).is_ok_and(|id| ledger.get(&id).is_none()))
                .collect();
            return Err(format!("entries vanished without forget: {gone:?}"));
        }
        self.inputs += 1;
        let full = self.inputs % 64 == 0;
        let mut changes = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let id = entry.public_id.as_str();
            let now = Look::of(entry);
            let before = self.looks.get(i).map_or(Look::Absent, |(_, l)| *l);
            let heard: Vec<&Event> = match about.is_empty() {
                true => Vec::new(),
                false => about
                    .iter()
                    .find(|(a, _)| *a == id)
                    .map_or(Vec::new(), |(_, l)| l.clone()),
            };
            if before == now && heard.is_empty() && !full {
                continue;
            }
            if i < known && self.looks[i].0 != id {
                return Err(format!(
                    "the ledger's order changed: {id} where {} was",
                    self.looks[i].0
                ));
            }
            if before == now && heard.is_empty() {
                continue;
            }
            explains(before, now, &heard).map_err(|e| format!("{id}: {e}"))?;
            match i < known {
                true => self.looks[i].1 = now,
                false => {
                    self.index.insert(id.to_owned(), i);
                    self.looks.push((id.to_owned(), now));
                }
            }
            changes.push(Change { id, before, now });
        }
        Ok(changes)
    }
}
