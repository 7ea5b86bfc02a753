//! Fuzzes the storage reader and writer: any stored text is refused with a reason or restored into a
//! ledger whose windows never exceed the full window, never a panic.
#![no_main]

use cloudinary_delete_token::{json, ledger::Ledger, store, time::Millis};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(stored) = json::parse_stored(text) else { return };
    // What the reader accepts is JSON, and writing it back reads back the same.
    assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
    assert_eq!(json::parse_stored(&json::write_stored(&stored)).as_ref(), Ok(&stored));
    if store::validate(&stored, "demo").is_err() {
        return;
    }
    let mut ledger = Ledger::default();
    let now = Millis(5_000);
    store::restore(&mut ledger, stored.clone(), now, Millis(1_700_000_000_000));
    for entry in ledger.entries() {
        assert!(entry.remaining(now) <= ledger.window());
    }
    store::merge(&mut ledger, stored, now, Millis(1_700_000_000_000), &|_| false);
});
