//! How the browser tests that talk to the emulator (`web.rs`, `signed.rs`) wait: on an event of
//! the client, or on a state (storage, an entry, the emulator's request log) checked once per turn
//! of the page's event loop; never for a fixed time. Every wait gives up after [`TURNS`] turns
//! with a message naming what it waited for, well before the test runner's own timeout.

use std::{
    cell::RefCell,
    future::{Future, poll_fn},
    pin::{Pin, pin},
    rc::Rc,
    task::Poll,
};

use cloudinary_delete_token::api::DeleteTokenClient;
use futures_channel::oneshot;
use gloo_timers::future::TimeoutFuture;
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

use super::common::get;

/// How many turns of the event loop a wait may take. A zero-delay timeout nested in others
/// waits at least 4 ms (HTML's clamp), so this is two seconds or more: room for the client's
/// own timers (a retry after 400 ms, a window of 800 ms) several times over, and a failing wait
/// still ends well within the test runner's 20 s for a whole file.
pub const TURNS: u32 = 500;

/// One turn of the page's event loop: a zero-delay timeout, so that the tasks already queued
/// (the client's timers and saves, network replies) run first.
pub async fn next_turn() {
    TimeoutFuture::new(0).await;
}

/// `future`'s output, as soon as it is ready; panics naming `what` when it is not ready after
/// [`TURNS`] turns of the event loop.
pub async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    let mut turn = TimeoutFuture::new(0);
    let mut turns = 0;
    poll_fn(|cx| {
        if let Poll::Ready(out) = future.as_mut().poll(cx) {
            return Poll::Ready(out);
        }
        while Pin::new(&mut turn).poll(cx).is_ready() {
            turns += 1;
            assert!(
                turns < TURNS,
                "gave up waiting for {what} after {TURNS} turns of the event loop"
            );
            turn = TimeoutFuture::new(0);
        }
        Poll::Pending
    })
    .await
}

/// Checks `ready` once per turn of the event loop until it holds; panics naming `what` when it
/// still does not after [`TURNS`] turns (counted apart from the checks, so a slow check, such as
/// fetching the emulator's request log, does not stretch the bound).
pub async fn until(mut ready: impl AsyncFnMut() -> bool, what: &str) {
    within(what, async {
        while !ready().await {
            next_turn().await;
        }
    })
    .await;
}

/// The next event of type `kind` (`expired`, `restored`, …) that `client` emits. It listens from
/// this call on, so call it before what causes the event; await it to get the event, or a panic
/// naming it when it does not come within [`TURNS`] turns of the event loop.
pub fn next_event(client: &DeleteTokenClient, kind: &str) -> impl Future<Output = JsValue> + use<> {
    let (tx, rx) = oneshot::channel();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let wanted = kind.to_owned();
    let listener = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        if get(&event, "type").as_string().as_deref() == Some(wanted.as_str())
            && let Some(tx) = tx.borrow_mut().take()
        {
            let _ = tx.send(event);
        }
    })
    // Owned by JavaScript: a listener left subscribed by a failed test is never a dropped closure.
    .into_js_value();
    let unsubscribe: Function = client.subscribe(listener).unwrap().unchecked_into();
    let what = format!("the next `{kind}` event");
    async move {
        let event = within(&what, rx).await;
        unsubscribe.call0(&JsValue::NULL).unwrap();
        event.unwrap()
    }
}
