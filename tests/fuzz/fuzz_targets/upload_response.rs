//! Fuzzes the core's upload-response reader and what `record()` does with its result: any
//! input gives a value or a typed error, never a panic, and whatever it accepts serde_json reads
//! as JSON with the same fields.
#![no_main]

use cloudinary_delete_token::{json::parse_upload, ledger::Ledger, time::Millis};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(ours) = parse_upload(text) else { return };
    // Whatever it accepts is JSON to serde_json, with the same public_id and token.
    let theirs: serde_json::Value = serde_json::from_str(text).expect("accepted text is JSON");
    let field = |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
    assert_eq!(ours.public_id, field(&theirs, "public_id"));
    assert_eq!(ours.delete_token, field(&theirs, "delete_token"));
    if let Ok(upload) = ours.into_upload() {
        let mut ledger = Ledger::default();
        ledger.record(upload, Millis(1));
    }
});
