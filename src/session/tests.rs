//! The session's decisions, each driven step by step as the glue would: the bugs the async glue
//! had, and the protocol's promises (single flight, retries, fallback, resume, cross-tab).

use super::*;
use crate::{
    cloudinary::DeleteReply, destroy::Signed, ledger::State, options::StorageKind,
    session::types::Reply, store::Stored,
};

const T0: Millis = Millis(1_000_000);
const WALL: Millis = Millis(1_700_000_000_000);

fn session(storage: StorageKind, signer: bool) -> Session {
    let mut options = ClientOptions::new("demo");
    options.storage = storage;
    let mut s = Session::new(options, signer, true).unwrap();
    s.restore(Ok(None), T0, WALL);
    s
}

fn response(id: &str, token: Option<&str>) -> UploadResponse {
    UploadResponse {
        public_id: Some(id.into()),
        delete_token: token.map(Into::into),
        ..Default::default()
    }
}

fn id(name: &str) -> PublicId {
    PublicId::parse(name).unwrap()
}

fn actions(s: &mut Session) -> Vec<Action> {
    std::iter::from_fn(|| s.poll_action()).collect()
}

fn events(s: &mut Session) -> Vec<Event> {
    std::iter::from_fn(|| s.poll_event()).collect()
}

fn ok() -> Result<Reply<DeleteReply>, Error> {
    let body = DeleteReply {
        result: Some("ok".into()),
        error: None,
    };
    Ok(Reply {
        status: 200,
        body: Ok(body),
        retry_after: None,
    })
}

fn status(code: u16, message: &str) -> Result<Reply<DeleteReply>, Error> {
    let body = serde_json::from_str(&format!(r#"{{"error":{{"message":"{message}"}}}}"#))
        .map_err(|e: serde_json::Error| e.to_string());
    Ok(Reply {
        status: code,
        body,
        retry_after: None,
    })
}

/// The request id of the one post in `actions`.
fn post(actions: &[Action]) -> RequestId {
    let posts: Vec<RequestId> = (actions.iter())
        .filter_map(|a| match a {
            Action::Post { request, .. } => Some(*request),
            _ => None,
        })
        .collect();
    assert_eq!(posts.len(), 1, "{actions:?}");
    posts[0]
}

fn answers(actions: &[Action]) -> Vec<(CallId, Answer)> {
    (actions.iter())
        .filter_map(|a| match a {
            Action::Answer { call, answer } => Some((*call, answer.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn deleting_an_entry_that_expired_long_ago_refuses_and_says_nothing_new() {
    let mut s = session(StorageKind::Memory, false);
    s.record(response("cat", Some("t")), T0).unwrap();
    let late = T0 + Millis::from_secs(3_600);
    s.handle_timeout(late);
    assert_eq!(events(&mut s).last(), Some(&Event::Expired(id("cat"))));
    for _ in 0..3 {
        s.delete(&id("cat"), late + Millis(5));
        let got = answers(&actions(&mut s));
        assert!(matches!(
            &got[..],
            [(_, Answer::Entry(Err(Error::TokenExpired { .. })))]
        ));
        assert_eq!(events(&mut s), vec![], "a second expired event");
    }
}

#[test]
fn an_entry_found_past_its_window_by_a_delete_expires_once() {
    let mut s = session(StorageKind::Memory, false);
    s.record(response("cat", Some("t")), T0).unwrap();
    events(&mut s);
    // The timer has not fired (a throttled background tab): the delete finds it past.
    let late = T0 + Millis::from_secs(600);
    s.delete(&id("cat"), late);
    s.delete(&id("cat"), late);
    assert_eq!(events(&mut s), vec![Event::Expired(id("cat"))]);
    assert_eq!(answers(&actions(&mut s)).len(), 2);
}

#[test]
fn three_deletes_with_shared_storage_send_one_request_and_settle_alike() {
    let mut s = session(StorageKind::Local, false);
    s.record(response("cat", Some("t")), T0).unwrap();
    actions(&mut s);
    let calls: Vec<CallId> = (0..3).map(|_| s.delete(&id("cat"), T0)).collect();
    let lock = match &actions(&mut s)[..] {
        [Action::Lock { request, name }] => {
            assert_eq!(name, "cloudinary-delete-token:demo:cat");
            *request
        }
        other => panic!("one lock expected: {other:?}"),
    };
    s.locked(lock, Ok(None), false, T0, WALL);
    let sent = actions(&mut s);
    // The claim is written at once; the lock is held until the delete ends.
    assert!(sent.contains(&Action::SaveNow), "{sent:?}");
    assert!(!sent.iter().any(|a| matches!(a, Action::Release { .. })));
    s.replied(post(&sent), ok(), T0 + Millis(50));
    let ended = actions(&mut s);
    assert!(
        ended.contains(&Action::Release { request: lock }),
        "{ended:?}"
    );
    let got = answers(&ended);
    assert_eq!(got.iter().map(|(c, _)| *c).collect::<Vec<_>>(), calls);
    assert!(
        got.iter()
            .all(|(_, a)| matches!(a, Answer::Entry(Ok(e)) if e.state() == State::Deleted))
    );
}

#[test]
fn another_tabs_change_is_its_own_event_not_a_restore() {
    let mut mine = session(StorageKind::Local, false);
    let mut theirs = session(StorageKind::Local, false);
    theirs.record(response("cat", Some("t")), T0).unwrap();
    mine.stored_elsewhere(theirs.snapshot(T0, WALL), T0, WALL);
    assert_eq!(events(&mut mine), vec![Event::Changed(id("cat"))]);
    theirs.delete(&id("cat"), T0);
    let lock = match &actions(&mut theirs)[..] {
        [.., Action::Lock { request, .. }] => *request,
        other => panic!("{other:?}"),
    };
    theirs.locked(lock, Ok(None), false, T0, WALL);
    mine.stored_elsewhere(theirs.snapshot(T0, WALL), T0, WALL);
    assert_eq!(events(&mut mine), vec![Event::Changed(id("cat"))]);
    assert_eq!(
        mine.ledger().get(&id("cat")).unwrap().state(),
        State::Deleting
    );
    let sent = actions(&mut theirs);
    theirs.replied(post(&sent), ok(), T0);
    mine.stored_elsewhere(theirs.snapshot(T0, WALL), T0, WALL);
    assert_eq!(events(&mut mine), vec![Event::Deleted(id("cat"))]);
    // Nothing is sent for it here.
    mine.delete(&id("cat"), T0);
    assert!(matches!(
        &answers(&actions(&mut mine))[..],
        [(_, Answer::Entry(Err(Error::AlreadyDeleted)))]
    ));
}

#[test]
fn a_client_without_a_signer_keeps_what_a_signer_client_stored() {
    let hour = Millis::from_secs(3_600);
    let mut signing = session(StorageKind::Local, true);
    signing.record(response("kept", None), T0).unwrap();
    signing.record(response("cat", Some("t")), T0).unwrap();
    let stored = signing.snapshot(T0, WALL);
    let mut plain = session(StorageKind::Local, false);
    plain.stored_elsewhere(stored.clone(), T0, WALL);
    let mut fresh = Session::new(ClientOptions::new("demo"), false, true).unwrap();
    fresh.restore(Ok(Some(stored)), T0, WALL);
    for s in [&mut plain, &mut fresh] {
        // Past the token window the plain client expires "cat", but both stay stored for the
        // client that can still delete them by signature.
        let later = T0 + Millis::from_secs(900);
        s.handle_timeout(later);
        let written: Stored = s.snapshot(later, WALL + Millis::from_secs(900));
        let names: Vec<&str> = written
            .entries
            .iter()
            .map(|e| e.public_id.as_str())
            .collect();
        assert!(names.contains(&"kept"), "{names:?}");
        assert!(names.contains(&"cat"), "{names:?}");
        assert!(written.entries.iter().all(|e| e.token.is_none()));
        // After the retention they go.
        let end = T0 + Millis(hour.0 * 25);
        assert!(
            s.snapshot(end, WALL + Millis(hour.0 * 25))
                .entries
                .is_empty()
        );
    }
}

#[test]
fn transient_failures_are_retried_after_the_wait_the_core_chose() {
    let mut s = session(StorageKind::Memory, false);
    s.record(response("cat", Some("t")), T0).unwrap();
    let call = s.delete(&id("cat"), T0);
    let first = post(&actions(&mut s));
    s.replied(first, status(503, "busy"), T0 + Millis(10));
    assert!(actions(&mut s).is_empty(), "retried at once");
    let at = s.poll_timeout().unwrap();
    assert_eq!(at, T0 + Millis(10) + crate::retry::FIRST_WAIT);
    s.handle_timeout(at);
    let second = post(&actions(&mut s));
    s.replied(second, ok(), at + Millis(10));
    let got = answers(&actions(&mut s));
    assert!(matches!(&got[..], [(c, Answer::Entry(Ok(_)))] if *c == call));
}

#[test]
fn a_refused_token_goes_on_by_signature_with_a_signer() {
    let mut s = session(StorageKind::Memory, true);
    s.record(response("cat", Some("t")), T0).unwrap();
    s.delete(&id("cat"), T0);
    let first = post(&actions(&mut s));
    s.replied(first, status(400, "Invalid token"), T0);
    let sign = match &actions(&mut s)[..] {
        [Action::Sign { request, params }] => {
            assert_eq!(params.public_id, "cat");
            *request
        }
        other => panic!("{other:?}"),
    };
    let signed = Signed {
        signature: "a".repeat(40),
        api_key: "1234".into(),
        timestamp: 1_700_000_000,
    };
    s.signed(sign, Ok(signed), T0);
    let sent = actions(&mut s);
    let Action::Post { form, .. } = &sent[0] else {
        panic!("{sent:?}")
    };
    assert!(form.url.ends_with("/image/destroy"));
    s.replied(post(&sent), ok(), T0);
    assert!(matches!(
        &answers(&actions(&mut s))[..],
        [(_, Answer::Entry(Ok(_)))]
    ));
}

#[test]
fn a_delete_interrupted_by_a_reload_is_sent_again_and_a_refusal_says_why() {
    let mut before = session(StorageKind::Session, false);
    before.record(response("cat", Some("t")), T0).unwrap();
    actions(&mut before);
    before.delete(&id("cat"), T0);
    let Some(Action::Lock { request, .. }) = before.poll_action() else {
        panic!("a delete with storage takes its lock first")
    };
    before.locked(request, Ok(None), false, T0, WALL);
    let stored = before.snapshot(T0, WALL);
    let mut after = Session::new(ClientOptions::new("demo"), false, true).unwrap();
    after.restore(Ok(Some(stored.clone())), Millis(5), WALL + Millis(100));
    assert_eq!(
        events(&mut after),
        vec![Event::Restored(id("cat")), Event::Deleting(id("cat"))]
    );
    // Sent again only once its lock is free: no other client took the delete over.
    let lock = match &actions(&mut after)[..] {
        [Action::Lock { request, .. }] => *request,
        other => panic!("{other:?}"),
    };
    after.locked(lock, Ok(Some(stored)), false, Millis(6), WALL + Millis(101));
    let again = post(&actions(&mut after));
    after.replied(again, status(400, "Invalid token"), Millis(20));
    match &events(&mut after)[..] {
        [Event::Failed(_, e)] => assert!(e.to_string().contains("most likely went through")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_token_is_sent_after_its_deadline_even_by_a_late_retry_timer() {
    let mut s = session(StorageKind::Memory, false);
    s.record(response("cat", Some("t")), T0).unwrap();
    let deadline = s.ledger().get(&id("cat")).unwrap().deadline;
    s.delete(&id("cat"), deadline - Millis(2_000));
    let first = post(&actions(&mut s));
    s.replied(first, status(502, "bad gateway"), deadline - Millis(1_500));
    actions(&mut s);
    // The timer fires late, after the deadline (a throttled tab).
    s.handle_timeout(deadline + Millis(1));
    let after = actions(&mut s);
    assert!(
        !after.iter().any(|a| matches!(a, Action::Post { .. })),
        "{after:?}"
    );
    assert!(matches!(
        &answers(&after)[..],
        [(_, Answer::Entry(Err(Error::Rejected { status: 502, .. })))]
    ));
    assert_eq!(s.ledger().get(&id("cat")).unwrap().state(), State::Expired);
}

#[test]
fn delete_all_keeps_its_concurrency_and_reports_progress() {
    let mut s = session(StorageKind::Memory, false);
    for i in 0..5 {
        s.record(response(&format!("a{i}"), Some(&format!("t{i}"))), T0)
            .unwrap();
    }
    events(&mut s);
    let call = s.delete_all(2, T0);
    let mut inflight: Vec<RequestId> = (actions(&mut s).iter())
        .filter_map(|a| match a {
            Action::Post { request, .. } => Some(*request),
            _ => None,
        })
        .collect();
    let mut all = None;
    while let Some(request) = inflight.pop() {
        assert!(inflight.len() < 2);
        s.replied(request, ok(), T0);
        for a in actions(&mut s) {
            match a {
                Action::Post { request, .. } => inflight.push(request),
                Action::Answer { call: c, answer } if c == call => all = Some(answer),
                _ => {}
            }
        }
    }
    let progress: Vec<Event> = events(&mut s)
        .into_iter()
        .filter(|e| matches!(e, Event::Progress { .. }))
        .collect();
    assert_eq!(progress.len(), 5);
    assert!(
        matches!(all, Some(Answer::All(v)) if v.len() == 5 && v.iter().all(|(_, o)| o.is_ok()))
    );
}

mod claims;

#[test]
fn a_queue_hands_items_out_first_in_first_out_across_its_reset() {
    let mut q = super::types::Queue::default();
    q.push_back(1);
    q.push_back(2);
    assert_eq!(q.pop_front(), Some(1));
    // Pushed while items wait: after them, even once the queue empties and starts over.
    q.extend([3, 4]);
    assert_eq!(q.pop_front(), Some(2));
    assert_eq!(q.pop_front(), Some(3));
    q.push_back(5);
    assert_eq!(q.pop_front(), Some(4));
    assert_eq!(q.pop_front(), Some(5));
    assert_eq!(q.pop_front(), None);
    q.push_back(6);
    assert_eq!(q.pop_front(), Some(6));
    assert_eq!(q.pop_front(), None);
}
