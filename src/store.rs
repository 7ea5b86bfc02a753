//! The persisted form of a ledger: versioned, validated on the way in. Core: serde gives
//! its JSON shape (strict: an unknown field or a wrong type refuses the whole snapshot); the glue
//! turns it into text with the browser's JSON and moves that text to and from Web Storage.
//!
//! Deadlines are stored on the wall clock (`Date.now()`), since the page clock restarts on reload;
//! on restore the remaining time is capped at the full window, so a clock moved back between
//! two page loads can never stretch a window. The same holds for the retention of entries kept
//! for a signed destroy, which are stored (without their token once the window closed) until
//! it ends, and restored only by a client that has a signer.

use serde::{Serialize, de::IgnoredAny};

use crate::{
    cloudinary::{AssetKind, ResourceType, Upload},
    error::truncate,
    field::{self, Field},
    ledger::{Entry, Ledger, State},
    time::Millis,
    token::{DeleteToken, PublicId},
};

/// The format marker and version written with every snapshot.
pub const FORMAT: &str = "cloudinary-delete-token";
/// The current format version; other versions are ignored with a warning.
pub const VERSION: u32 = 1;

/// The Web Storage key of `cloud`'s snapshot (and the prefix of its cross-tab locks).
pub fn key(cloud: &str) -> String {
    format!("{FORMAT}:{cloud}")
}

/// A snapshot as stored.
///
/// ```
/// use cloudinary_delete_token::store::Stored;
/// let text = r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"a","state":"live","token":"t","deadline":17}]}"#;
/// let stored: Stored = serde_json::from_str(text).unwrap();
/// assert_eq!(stored.entries[0].deadline, 17);
/// assert_eq!(serde_json::to_string(&stored).unwrap(), text);
/// assert!(serde_json::from_str::<Stored>(r#"{"format":"cloudinary-delete-token","version":1}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stored {
    /// Always [`FORMAT`]: tells our data from a foreign value under the same key.
    pub format: String,
    /// [`VERSION`] when written by this version.
    pub version: u32,
    /// The cloud the tokens belong to.
    pub cloud: String,
    /// Entries whose token is still usable, and recent deletes (tombstones, without a token).
    pub entries: Vec<StoredEntry>,
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredEntry {
    /// The asset.
    pub public_id: String,
    /// `live`, `deleting` or `deleted`; other text is skipped on restore (a later version's).
    pub state: String,
    /// The token; absent on tombstones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Deadline on the wall clock (epoch ms).
    pub deadline: u64,
    /// Delivery URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_url: Option<String>,
    /// Original file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_filename: Option<String>,
    /// `video` or `raw` (absent: `image`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The delivery type when not `upload`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub delivery_type: Option<String>,
    /// End of the retention on the wall clock (epoch ms), for an entry kept for signing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_until: Option<u64>,
}

field::keys! {
    /// The keys of [`Stored`].
    mod stored_key {
        FORMAT = "format",
        VERSION = "version",
        CLOUD = "cloud",
        ENTRIES = "entries",
    }
}

field::keys! {
    /// The keys of [`StoredEntry`].
    mod entry_key {
        PUBLIC_ID = "public_id",
        STATE = "state",
        TOKEN = "token",
        DEADLINE = "deadline",
        SECURE_URL = "secure_url",
        ORIGINAL_FILENAME = "original_filename",
        RESOURCE_TYPE = "resource_type",
        TYPE = "type",
        KEEP_UNTIL = "keep_until",
    }
}

// By hand rather than derived (`deny_unknown_fields`), with the same behaviour: an unknown key
// is refused by name, a missing one named, a wrong type refused as the field's own type does.
// The derive gave each field a slot and a duplicate check of its own, which a snapshot read
// with the browser's `JSON.parse`, whose objects have unique keys, never needs.
field::read_struct!(Stored, stored_key::NAMES, |map| {
    let mut stored = Stored {
        format: String::new(),
        version: 0,
        cloud: String::new(),
        entries: Vec::new(),
    };
    let mut seen = 0;
    let keys = Field {
        names: stored_key::NAMES,
        deny: true,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        match key {
            Some(stored_key::FORMAT) => stored.format = map.next_value()?,
            Some(stored_key::VERSION) => stored.version = map.next_value()?,
            Some(stored_key::CLOUD) => stored.cloud = map.next_value()?,
            Some(stored_key::ENTRIES) => stored.entries = map.next_value()?,
            // `Field` has refused any other key.
            _ => {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        }
        seen |= 1 << key.unwrap_or_default();
    }
    // Every key is required.
    field::missing(stored_key::NAMES, 0b1111, seen)?;
    Ok(stored)
});

// By hand, as [`Stored`] is: a restore reads thousands of these.
field::read_struct!(StoredEntry, entry_key::NAMES, |map| {
    let mut e = StoredEntry {
        public_id: String::new(),
        state: String::new(),
        token: None,
        deadline: 0,
        secure_url: None,
        original_filename: None,
        resource_type: None,
        delivery_type: None,
        keep_until: None,
    };
    let mut seen = 0;
    let keys = Field {
        names: entry_key::NAMES,
        deny: true,
    };
    while let Some(key) = map.next_key_seed(keys)? {
        let slot = match key {
            Some(entry_key::PUBLIC_ID) => {
                e.public_id = map.next_value()?;
                seen |= 1 << entry_key::PUBLIC_ID;
                continue;
            }
            Some(entry_key::STATE) => {
                e.state = map.next_value()?;
                seen |= 1 << entry_key::STATE;
                continue;
            }
            Some(entry_key::DEADLINE) => {
                e.deadline = map.next_value()?;
                seen |= 1 << entry_key::DEADLINE;
                continue;
            }
            Some(entry_key::KEEP_UNTIL) => {
                e.keep_until = map.next_value()?;
                continue;
            }
            Some(entry_key::TOKEN) => &mut e.token,
            Some(entry_key::SECURE_URL) => &mut e.secure_url,
            Some(entry_key::ORIGINAL_FILENAME) => &mut e.original_filename,
            Some(entry_key::RESOURCE_TYPE) => &mut e.resource_type,
            Some(entry_key::TYPE) => &mut e.delivery_type,
            // `Field` has refused any other key.
            _ => {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        *slot = map.next_value()?;
    }
    let required = 1 << entry_key::PUBLIC_ID | 1 << entry_key::STATE | 1 << entry_key::DEADLINE;
    field::missing(entry_key::NAMES, required, seen)?;
    Ok(e)
});

/// What [`restore`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Entries added to the ledger.
    pub added: Vec<PublicId>,
    /// Of those, entries whose delete was in flight when the snapshot was written.
    pub interrupted: Vec<PublicId>,
    /// Entries this ledger had live that the snapshot says were deleted (by another tab).
    pub deleted_elsewhere: Vec<PublicId>,
    /// Entries whose state another tab changed (a delete started or given up there).
    pub changed: Vec<PublicId>,
    /// Entries this ledger cannot act on (kept for a signed destroy, and this client has no
    /// signer) but another client can: written back with every snapshot ([`hold`]) until
    /// their retention ends, so a page without a signer never erases them.
    pub held: Vec<StoredEntry>,
}

/// A snapshot of `cloud` holding nothing: what a removed key says.
pub fn empty(cloud: &str) -> Stored {
    Stored {
        format: FORMAT.into(),
        version: VERSION,
        cloud: cloud.into(),
        entries: Vec::new(),
    }
}

/// The snapshot of `ledger` at page time `now` and wall time `wall_now`.
pub fn snapshot(ledger: &Ledger, cloud: &str, now: Millis, wall_now: Millis) -> Stored {
    let wall = |at: Millis| (wall_now + (at - now)).0;
    // A loop that pushes, not `filter_map().collect()`: `collect` instantiates its
    // first-element-then-extend machinery for every iterator type.
    let mut entries = Vec::new();
    for e in ledger.entries() {
        if now >= e.stored_until() {
            continue;
        }
        // A failed delete is stored too, as a tombstone: it tells the other clients that the
        // claim they adopted is over.
        let state = match e.state() {
            State::Expired => continue,
            state => state.as_str(),
        };
        entries.push(StoredEntry {
            public_id: e.public_id.to_string(),
            state: state.to_owned(),
            // Not past the deadline: a kept entry still deleting by token then is stored
            // until its retention ends, and its token must leave storage at the deadline.
            token: (e.token())
                .filter(|_| now < e.deadline)
                .map(|t| t.expose().to_owned()),
            deadline: wall(e.deadline),
            secure_url: e.secure_url.clone(),
            original_filename: e.original_filename.clone(),
            resource_type: (e.kind.resource_type != ResourceType::Image)
                .then(|| e.kind.resource_type.as_str().to_owned()),
            delivery_type: e.kind.delivery_type.clone(),
            // A tombstone too: a client with a signer reads a delete after the window.
            keep_until: e.retention_end().map(wall),
        });
    }
    Stored {
        entries,
        ..empty(cloud)
    }
}

/// Adds to `stored` the `held` entries (see [`Restored::held`]) whose retention lasts past
/// `wall_now` and which `ledger` does not track or has seen expire; those `ledger` deleted or
/// forgot are its own to drop.
pub fn hold(stored: &mut Stored, held: &[StoredEntry], ledger: &Ledger, wall_now: Millis) {
    for h in held
        .iter()
        .filter(|h| h.keep_until.is_some_and(|k| k > wall_now.0))
    {
        let Ok(id) = PublicId::parse(h.public_id.as_str()) else {
            continue;
        };
        match ledger.get(&id).map(|e| e.state()) {
            None => stored.entries.push(h.clone()),
            // Expired here, so any claim it held here is over: another client may delete it.
            Some(State::Expired) => stored.entries.push(StoredEntry {
                state: State::Live.as_str().to_owned(),
                ..h.clone()
            }),
            Some(_) => {}
        }
    }
}

/// Why stored entries were ignored or could not be kept: a `warning` event for the page to
/// show; the client keeps working in memory.
///
/// ```
/// use cloudinary_delete_token::store::Warning;
/// assert_eq!(Warning::OtherVersion(2).to_string(), "stored data has format version 2, this version reads 1; ignored");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The stored text is not a snapshot (why, as the reader says).
    Unreadable(String),
    /// A snapshot of something else under our key.
    NotOurs,
    /// A snapshot of another format version.
    OtherVersion(u32),
    /// A snapshot of another cloud (its name, cut at 64 characters).
    OtherCloud(String),
    /// The storage refused to be read.
    ReadFailed,
    /// The storage refused to remove our key.
    ClearFailed,
    /// The storage refused the snapshot (full, or blocked).
    WriteFailed,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable(why) => write!(f, "stored data is unreadable ({why}); ignored"),
            Self::NotOurs => f.write_str("stored data is not ours; ignored"),
            Self::OtherVersion(v) => write!(
                f,
                "stored data has format version {v}, this version reads {VERSION}; ignored"
            ),
            Self::OtherCloud(cloud) => write!(f, "stored data belongs to cloud \"{cloud}\"; ignored"),
            Self::ReadFailed => f.write_str("storage could not be read; starting empty"),
            Self::ClearFailed => f.write_str("storage could not be cleared"),
            Self::WriteFailed => f.write_str(
                "entries could not be stored (storage full or blocked): undo will not survive a reload",
            ),
        }
    }
}

/// Validates a decoded snapshot for `cloud`.
pub fn validate(stored: &Stored, cloud: &str) -> Result<(), Warning> {
    if stored.format != FORMAT {
        return Err(Warning::NotOurs);
    }
    if stored.version != VERSION {
        return Err(Warning::OtherVersion(stored.version));
    }
    if stored.cloud != cloud {
        return Err(Warning::OtherCloud(truncate(&stored.cloud, 64)));
    }
    Ok(())
}

/// Merges a validated snapshot into `ledger`: unknown entries whose window is still open are
/// added with their true remaining time; entries deleted elsewhere are marked deleted here.
/// Malformed entries are skipped.
pub fn restore(ledger: &mut Ledger, stored: Stored, now: Millis, wall_now: Millis) -> Restored {
    read(ledger, stored, now, wall_now, None)
}

/// Merges a snapshot another tab wrote: like [`restore`], and entries known here take the state
/// stored there, except those whose delete this tab is sending (`sending_here`).
pub fn merge(
    ledger: &mut Ledger,
    stored: Stored,
    now: Millis,
    wall_now: Millis,
    sending_here: &dyn Fn(&PublicId) -> bool,
) -> Restored {
    let mut out = read(ledger, stored, now, wall_now, Some(sending_here));
    out.interrupted.clear(); // another tab's in-flight delete is that tab's to finish
    out
}

/// [`restore`], and with `merging` [`merge`], in one walk over the entries: a snapshot holds
/// each public id once (it is written from a ledger, whose ids are unique), so an entry is
/// either known here, and a merge adopts its state, or new, and added.
fn read(
    ledger: &mut Ledger,
    stored: Stored,
    now: Millis,
    wall_now: Millis,
    merging: Option<&dyn Fn(&PublicId) -> bool>,
) -> Restored {
    let mut out = Restored::default();
    for mut e in stored.entries {
        let Ok(id) = PublicId::parse(std::mem::take(&mut e.public_id)) else {
            continue;
        };
        // Capped at the full window: a clock moved back can never stretch it.
        let left = (Millis(e.deadline) - wall_now).min(ledger.window());
        // Kept only by a ledger that keeps entries for signing, and capped the same way.
        let kept = ledger
            .retention()
            .zip(e.keep_until)
            .map(|(retention, keep)| (Millis(keep) - wall_now).min(retention))
            .filter(|kept| *kept > Millis(0));
        // Kept for signing by another client: written back while this one cannot act on it
        // (no signer, or it saw it expire), never dropped here.
        if e.keep_until.is_some_and(|k| k > wall_now.0) {
            out.held.push(StoredEntry {
                public_id: id.to_string(),
                token: None,
                ..e.clone()
            });
        }
        let state = e.state.parse();
        if let Ok(State::Deleted) = state {
            // Whenever it comes: a delete in flight here may outlast the window.
            if ledger.mark_deleted_elsewhere(&id) {
                out.deleted_elsewhere.push(id);
            }
            continue;
        }
        if ledger.get(&id).is_some() {
            // Known here: a merge takes the state stored there, except over a delete this tab
            // is sending. A delete that failed there ended the claim it held: live again here.
            let state = match state {
                Ok(State::Failed) => State::Live,
                Ok(state @ (State::Live | State::Deleting)) => state,
                _ => continue,
            };
            if merging.is_some_and(|sending_here| !sending_here(&id)) && ledger.adopt(&id, state) {
                out.changed.push(id);
            }
            continue;
        }
        let state = match state {
            _ if left == Millis(0) && kept.is_none() => continue,
            Ok(state @ (State::Live | State::Deleting)) => state,
            _ => continue,
        };
        let deadline = now + left;
        let Some(upload) = upload_of(&id, &mut e, left, kept.is_some()) else {
            continue;
        };
        let entry = Entry::new(upload, deadline, kept.map(|k| now + k));
        ledger.insert(match state {
            State::Deleting => entry.deleting(),
            _ => entry,
        });
        if state == State::Deleting {
            out.interrupted.push(id.clone());
        }
        out.added.push(id);
    }
    out
}

/// The upload a stored entry holds, if it can still be deleted: by its token while `left` of
/// its window remains (a token is used only inside it), else by signature while it is `kept`.
/// Through `&mut`, taking what it keeps: the entry is then dropped whole by the caller, not
/// field by field on each way out here.
fn upload_of(id: &PublicId, e: &mut StoredEntry, left: Millis, kept: bool) -> Option<Upload> {
    let token = match e.token.take().map(DeleteToken::parse) {
        Some(Ok(token)) if left > Millis(0) => Some(token),
        Some(Err(_)) => return None,
        _ if kept => None,
        _ => return None,
    };
    Some(Upload {
        public_id: id.clone(),
        kind: AssetKind::read(e.resource_type.take(), e.delivery_type.take()).ok()?,
        token,
        secure_url: e.secure_url.take(),
        original_filename: e.original_filename.take(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::upload;

    const NOW: Millis = Millis(1_000);
    const WALL: Millis = Millis(1_700_000_000_000);

    fn ledger() -> Ledger {
        let mut l = Ledger::default();
        for (id, token) in [("a", "t1"), ("b", "t2"), ("c", "t3")] {
            l.record(
                Upload {
                    original_filename: Some(id.into()),
                    ..upload(id, token)
                },
                NOW,
            );
        }
        let b = PublicId::parse("b").unwrap();
        l.begin_delete(&b, NOW).unwrap();
        let c = PublicId::parse("c").unwrap();
        l.begin_delete(&c, NOW).unwrap();
        l.finish_delete(&c, Ok(()), NOW);
        l
    }

    #[test]
    fn snapshot_round_trips_through_json_with_true_remaining_time() {
        let stored = snapshot(&ledger(), "demo", NOW, WALL);
        let json = serde_json::to_string(&stored).unwrap();
        // What we write is JSON any reader takes, and it reads back unchanged.
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        let back: Stored = serde_json::from_str(&json).unwrap();
        assert_eq!(back, stored);
        assert_eq!(validate(&back, "demo"), Ok(()));
        // A new page 60 s later whose page clock starts at 5.
        let mut fresh = Ledger::default();
        let r = restore(&mut fresh, back, Millis(5), WALL + Millis::from_secs(60));
        assert_eq!(r.added.len(), 2);
        assert_eq!(r.interrupted, vec![PublicId::parse("b").unwrap()]);
        let a = fresh.get(&PublicId::parse("a").unwrap()).unwrap();
        assert_eq!(
            a.remaining(Millis(5)),
            ledger().window() - Millis::from_secs(60)
        );
        assert_eq!(a.state(), State::Live);
    }

    #[test]
    fn tombstones_carry_no_token_and_expired_entries_are_not_stored() {
        let stored = snapshot(&ledger(), "demo", NOW, WALL);
        let c = stored.entries.iter().find(|e| e.public_id == "c").unwrap();
        assert_eq!((c.state.as_str(), c.token.as_deref()), ("deleted", None));
        let late = snapshot(&ledger(), "demo", NOW + ledger().window(), WALL);
        assert!(late.entries.is_empty());
    }

    #[test]
    fn a_clock_moved_back_cannot_stretch_the_window() {
        let stored = snapshot(&ledger(), "demo", NOW, WALL);
        let mut fresh = Ledger::default();
        restore(
            &mut fresh,
            stored,
            Millis(0),
            WALL - Millis::from_secs(3_600),
        );
        let a = fresh.get(&PublicId::parse("a").unwrap()).unwrap();
        assert_eq!(a.remaining(Millis(0)), fresh.window());
    }

    #[test]
    fn entries_kept_for_signing_are_stored_past_their_window_without_a_token() {
        let hour = Millis::from_secs(3_600);
        let mut kept = Ledger::default().keeping(hour);
        kept.record(
            Upload {
                kind: AssetKind::read(Some("video".into()), Some("private".into())).unwrap(),
                ..upload("clip", "secret-tok")
            },
            NOW,
        );
        let later = NOW + Millis::from_secs(900);
        kept.expire_due(later);
        let stored = snapshot(&kept, "demo", later, WALL);
        let json = serde_json::to_string(&stored).unwrap();
        assert!(
            !json.contains("secret-tok"),
            "a token outlived its window: {json}"
        );
        assert!(json.contains(r#""resource_type":"video","type":"private""#));
        // Restored by a client with a signer: still deletable, by signature, for the rest.
        let mut fresh = Ledger::default().keeping(hour);
        let r = restore(&mut fresh, stored.clone(), Millis(5), WALL);
        assert_eq!(r.added, vec![PublicId::parse("clip").unwrap()]);
        let e = &fresh.entries()[0];
        assert_eq!(e.delete_via(), Some(crate::ledger::Via::Signed));
        assert_eq!(
            e.keep_until(),
            Some(Millis(5) + hour - Millis::from_secs(900))
        );
        assert_eq!(e.kind.delivery_type.as_deref(), Some("private"));
        // A client without one has no way to delete it: not restored.
        let mut plain = Ledger::default();
        assert!(
            restore(&mut plain, stored, Millis(5), WALL)
                .added
                .is_empty()
        );
    }

    #[test]
    fn foreign_old_and_other_cloud_data_is_refused_with_a_reason() {
        let mut s = snapshot(&ledger(), "demo", NOW, WALL);
        let why = |s: &Stored, cloud: &str| validate(s, cloud).unwrap_err().to_string();
        assert!(why(&s, "other").contains("cloud"));
        s.version = 0;
        assert!(why(&s, "demo").contains("version 0"));
        s.format = "x".into();
        assert!(why(&s, "demo").contains("not ours"));
        for bad in [
            r#"{"format":"cloudinary-delete-token","version":1}"#,
            r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[],"x":1}"#,
            r#"{"format":"cloudinary-delete-token","version":1.5,"cloud":"demo","entries":[]}"#,
            r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"a","state":"live","deadline":-1}]}"#,
            r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"a","state":"live","deadline":18446744073709551616}]}"#,
            r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"a","deadline":1}]}"#,
            r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[1]}"#,
        ] {
            assert!(serde_json::from_str::<Stored>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merge_adopts_another_tabs_delete_in_flight_but_not_over_our_own() {
        let mut mine = Ledger::default();
        mine.record(upload("b", "t2"), NOW);
        let b = PublicId::parse("b").unwrap();
        let theirs = snapshot(&ledger(), "demo", NOW, WALL); // b is deleting there
        let r = merge(&mut mine.clone(), theirs.clone(), NOW, WALL, &|id| id == &b);
        assert!(r.changed.is_empty());
        let r = merge(&mut mine, theirs, NOW, WALL, &|_| false);
        assert_eq!(r.changed, vec![b.clone()]);
        assert_eq!(
            mine.begin_delete(&b, NOW),
            Err(crate::error::Error::DeleteInProgress)
        );
        assert!(r.interrupted.is_empty());
    }

    #[test]
    fn a_delete_after_the_window_is_stored_for_the_retention() {
        let hour = Millis::from_secs(3_600);
        let cat = PublicId::parse("cat").unwrap();
        let kept = || {
            let mut l = Ledger::default().keeping(hour);
            l.record(upload("cat", "tok"), NOW);
            l.expire_due(NOW + l.window());
            l
        };
        let late = NOW + kept().window() + Millis::from_secs(60);
        let mut mine = kept();
        mine.begin_delete(&cat, late).unwrap();
        mine.finish_delete(&cat, Ok(()), late);
        let stored = snapshot(&mine, "demo", late, WALL);
        let tomb = stored
            .entries
            .iter()
            .find(|e| e.public_id == "cat")
            .unwrap();
        assert_eq!(
            (tomb.state.as_str(), tomb.token.as_deref()),
            ("deleted", None)
        );
        // Another client with a signer, which still has it live, learns of the delete.
        let mut theirs = kept();
        let r = merge(&mut theirs, stored, late, WALL, &|_| false);
        assert_eq!(r.deleted_elsewhere, vec![cat.clone()]);
        assert_eq!(theirs.get(&cat).unwrap().state(), State::Deleted);
    }

    #[test]
    fn a_token_leaves_storage_at_its_deadline_even_while_its_delete_is_in_flight() {
        let mut kept = Ledger::default().keeping(Millis::from_secs(3_600));
        kept.record(upload("cat", "secret-tok"), NOW);
        kept.begin_delete(&PublicId::parse("cat").unwrap(), NOW)
            .unwrap();
        let at_deadline = NOW + kept.window();
        let json = serde_json::to_string(&snapshot(&kept, "demo", at_deadline, WALL)).unwrap();
        assert!(json.contains(r#""state":"deleting""#), "{json}");
        assert!(!json.contains("secret-tok"), "{json}");
    }

    #[test]
    fn a_delete_seen_in_another_tab_marks_the_live_entry_deleted() {
        let mut mine = Ledger::default();
        mine.record(upload("c", "t3"), NOW);
        let r = restore(&mut mine, snapshot(&ledger(), "demo", NOW, WALL), NOW, WALL);
        assert_eq!(r.deleted_elsewhere, vec![PublicId::parse("c").unwrap()]);
        assert_eq!(
            mine.get(&PublicId::parse("c").unwrap()).unwrap().state(),
            State::Deleted
        );
        assert!(
            mine.begin_delete(&PublicId::parse("c").unwrap(), NOW)
                .is_err()
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever a snapshot holds (any text, any deadline), what is written reads back the
        /// same through the strict derives, and is JSON any reader takes.
        #[test]
        fn snapshots_round_trip_through_their_derives(
            entries in proptest::collection::vec(
                (any::<String>(), any::<Option<String>>(), any::<u64>(), any::<Option<String>>()),
                0..4,
            ),
            cloud in any::<String>(),
        ) {
            let stored = Stored {
                format: FORMAT.into(),
                version: VERSION,
                cloud,
                entries: entries
                    .into_iter()
                    .map(|(public_id, token, deadline, secure_url)| StoredEntry {
                        public_id,
                        state: "live".into(),
                        token,
                        deadline,
                        secure_url,
                        original_filename: None,
                        resource_type: None,
                        delivery_type: None,
                        keep_until: None,
                    })
                    .collect(),
            };
            let text = serde_json::to_string(&stored).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(value["cloud"].as_str(), Some(stored.cloud.as_str()));
            prop_assert_eq!(serde_json::from_str::<Stored>(&text).unwrap(), stored);
        }
    }
}
