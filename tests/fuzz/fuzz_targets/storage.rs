//! Fuzzes the stored-snapshot type (its serde derives, as strict as the browser reads them) and
//! restoring it: any stored text is refused or restored into a ledger whose windows never exceed
//! the full window, never a panic; what is accepted writes back to the same snapshot.
#![no_main]

use cloudinary_delete_token::{
    ledger::Ledger,
    store::{self, Stored},
    time::Millis,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(stored) = serde_json::from_str::<Stored>(text) else { return };
    let written = serde_json::to_string(&stored).expect("a snapshot always serializes");
    assert_eq!(serde_json::from_str::<Stored>(&written).as_ref().ok(), Some(&stored));
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
