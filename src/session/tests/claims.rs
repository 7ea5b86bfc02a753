//! A claim adopted from another tab or client ends when that client's delete ends, however it
//! ends: the lock it held is free (a watch), a tombstone says it failed, or the key is gone.

use super::*;

/// `theirs` has claimed "cat" (lock held, request out); `mine` has adopted the claim from its
/// snapshot. Returns the post `theirs` sent and the lock `mine` waits for.
fn claimed(mine: &mut Session, theirs: &mut Session) -> (RequestId, RequestId) {
    theirs.record(response("cat", Some("t")), T0).unwrap();
    mine.stored_elsewhere(theirs.snapshot(T0, WALL), T0, WALL);
    actions(theirs);
    theirs.delete(&id("cat"), T0);
    let Some(Action::Lock { request, .. }) = theirs.poll_action() else {
        panic!("a delete with storage takes its lock first")
    };
    theirs.locked(request, Ok(None), false, T0, WALL);
    let sent = post(&actions(theirs));
    actions(mine);
    events(mine);
    mine.stored_elsewhere(theirs.snapshot(T0, WALL), T0, WALL);
    assert_eq!(events(mine), vec![Event::Changed(id("cat"))]);
    let watch = match &actions(mine)[..] {
        [Action::Lock { request, name }] => {
            assert_eq!(name, "cloudinary-delete-token:demo:cat");
            *request
        }
        other => panic!("the adopted claim's lock is waited for: {other:?}"),
    };
    (sent, watch)
}

/// `done` frees `lock` and sends nothing (no token, however spent).
fn released_without_sending(done: &[Action], lock: RequestId) {
    assert!(
        done.contains(&Action::Release { request: lock }),
        "{done:?}"
    );
    assert!(
        !done.iter().any(|a| matches!(a, Action::Post { .. })),
        "nothing sent: {done:?}"
    );
}

fn state(s: &Session, name: &str) -> Option<State> {
    s.ledger().get(&id(name)).map(|e| e.state())
}

#[test]
fn once_the_lock_is_free_a_stale_claim_is_live_again() {
    let (mut mine, mut theirs) = (
        session(StorageKind::Local, false),
        session(StorageKind::Local, false),
    );
    let (_, watch) = claimed(&mut mine, &mut theirs);
    // Their document went mid-delete (the lock with it); storage still says deleting.
    let stale = theirs.snapshot(T0, WALL);
    mine.locked(
        watch,
        Ok(Some(stale)),
        false,
        T0 + Millis(10),
        WALL + Millis(10),
    );
    assert_eq!(state(&mine, "cat"), Some(State::Live));
    assert_eq!(events(&mut mine), vec![Event::Changed(id("cat"))]);
    let done = actions(&mut mine);
    released_without_sending(&done, watch);
}

#[test]
fn a_delete_of_an_entry_another_tab_is_deleting_settles_with_its_outcome() {
    let (mut mine, mut theirs) = (
        session(StorageKind::Local, false),
        session(StorageKind::Local, false),
    );
    let (sent, watch) = claimed(&mut mine, &mut theirs);
    let call = mine.delete(&id("cat"), T0 + Millis(5));
    assert_eq!(
        actions(&mut mine),
        vec![],
        "nothing sent or answered while theirs is out"
    );
    theirs.replied(sent, ok(), T0 + Millis(50));
    mine.locked(
        watch,
        Ok(Some(theirs.snapshot(T0, WALL))),
        false,
        T0 + Millis(60),
        WALL,
    );
    let got = answers(&actions(&mut mine));
    assert!(
        matches!(&got[..], [(c, Answer::Entry(Ok(e)))] if *c == call && e.state() == State::Deleted),
        "{got:?}"
    );
}

#[test]
fn a_failed_delete_leaves_a_tombstone_that_ends_the_claim_elsewhere() {
    let (mut mine, mut theirs) = (
        session(StorageKind::Local, false),
        session(StorageKind::Local, false),
    );
    let (sent, _) = claimed(&mut mine, &mut theirs);
    theirs.replied(sent, status(400, "Invalid token"), T0 + Millis(50));
    let written = theirs.snapshot(T0 + Millis(50), WALL);
    let tomb = written
        .entries
        .iter()
        .find(|e| e.public_id == "cat")
        .unwrap();
    assert_eq!(
        (tomb.state.as_str(), tomb.token.as_deref()),
        ("failed", None)
    );
    mine.stored_elsewhere(written, T0 + Millis(60), WALL);
    assert_eq!(state(&mine, "cat"), Some(State::Live));
    assert_eq!(events(&mut mine), vec![Event::Changed(id("cat"))]);
}

#[test]
fn a_removed_key_ends_the_claims_it_held() {
    let (mut mine, mut theirs) = (
        session(StorageKind::Local, false),
        session(StorageKind::Local, false),
    );
    claimed(&mut mine, &mut theirs);
    mine.stored_elsewhere(crate::store::empty("demo"), T0 + Millis(60), WALL);
    assert_eq!(state(&mine, "cat"), Some(State::Live));
    assert_eq!(events(&mut mine), vec![Event::Changed(id("cat"))]);
}

#[test]
fn a_deleted_tombstone_settles_a_claim_held_past_the_window() {
    let (mut mine, mut theirs) = (
        session(StorageKind::Local, false),
        session(StorageKind::Local, false),
    );
    let (sent, _) = claimed(&mut mine, &mut theirs);
    // Their reply came after the deadline (a slow network): Cloudinary still deleted it.
    let late = T0 + Millis::from_secs(700);
    theirs.replied(sent, ok(), late);
    let mut written = theirs.snapshot(T0, WALL);
    written.entries.retain(|e| e.public_id == "cat");
    mine.stored_elsewhere(written, late, WALL + Millis::from_secs(700));
    assert_eq!(state(&mine, "cat"), Some(State::Deleted));
    assert_eq!(events(&mut mine), vec![Event::Deleted(id("cat"))]);
}

#[test]
fn what_a_client_forgot_it_never_writes_back_for_another() {
    let mut signing = session(StorageKind::Local, true);
    signing.record(response("kept", None), T0).unwrap();
    let mut other = session(StorageKind::Local, true);
    other.stored_elsewhere(signing.snapshot(T0, WALL), T0, WALL);
    assert!(other.forget(&id("kept"), T0));
    assert!(other.snapshot(T0, WALL).entries.is_empty());
}

/// Both tabs delete "cat" at once: `theirs` takes the lock, sends and is answered; `mine` gets
/// the lock after it (contended) while its copy of storage still shows the entry as before
/// either claim, and sends nothing yet. Returns both, `mine`'s call and its lock.
fn raced() -> (Session, Session, CallId, RequestId) {
    let (mut mine, mut theirs) = (
        session(StorageKind::Local, false),
        session(StorageKind::Local, false),
    );
    theirs.record(response("cat", Some("t")), T0).unwrap();
    mine.stored_elsewhere(theirs.snapshot(T0, WALL), T0, WALL);
    actions(&mut theirs);
    actions(&mut mine);
    theirs.delete(&id("cat"), T0);
    let call = mine.delete(&id("cat"), T0);
    let lock = |s: &mut Session| match &actions(s)[..] {
        [Action::Lock { request, .. }] => *request,
        other => panic!("a delete with storage takes its lock first: {other:?}"),
    };
    let (lock_theirs, lock_mine) = (lock(&mut theirs), lock(&mut mine));
    theirs.locked(lock_theirs, Ok(None), false, T0, WALL);
    let sent = post(&actions(&mut theirs));
    theirs.replied(sent, ok(), T0 + Millis(50));
    let stale = mine.snapshot(T0, WALL);
    mine.locked(lock_mine, Ok(Some(stale)), true, T0 + Millis(60), WALL);
    assert_eq!(
        actions(&mut mine),
        vec![],
        "nothing sent while its outcome may be on its way"
    );
    (mine, theirs, call, lock_mine)
}

#[test]
fn a_delete_that_took_the_lock_from_another_tab_waits_for_its_outcome_to_arrive() {
    let (mut mine, mut theirs, call, lock) = raced();
    mine.stored_elsewhere(
        theirs.snapshot(T0 + Millis(50), WALL),
        T0 + Millis(70),
        WALL,
    );
    let done = actions(&mut mine);
    assert!(
        matches!(&answers(&done)[..], [(c, Answer::Entry(Ok(e)))] if *c == call && e.state() == State::Deleted),
        "{done:?}"
    );
    released_without_sending(&done, lock);
}

#[test]
fn when_the_other_tabs_outcome_never_arrives_the_delete_is_sent_after_the_wait() {
    let (mut mine, ..) = raced();
    let due = mine.poll_timeout().expect("a timer for the wait");
    assert!(due > T0 + Millis(60), "{due:?}");
    mine.handle_timeout(due);
    // Its own request (the other tab died before writing, say).
    post(&actions(&mut mine));
}
