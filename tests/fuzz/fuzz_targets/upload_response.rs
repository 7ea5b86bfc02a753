//! Fuzzes the upload-response type (its serde derives) and what `record()` does with it: any
//! input gives a value or a typed error, never a panic; an accepted upload keeps the ledger's
//! invariants (recorded once, live, within the window).
#![no_main]

use cloudinary_delete_token::{
    cloudinary::UploadResponse,
    ledger::{Ledger, Recorded, State},
    time::Millis,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(response) = serde_json::from_str::<UploadResponse>(text) else { return };
    let Ok(upload) = response.into_upload() else { return };
    let mut ledger = Ledger::default();
    let now = Millis(1);
    assert_eq!(ledger.record(upload.clone(), now), Recorded::New);
    assert_eq!(ledger.record(upload.clone(), now), Recorded::AlreadyKnown);
    let entry = ledger.get(&upload.public_id).expect("recorded");
    assert_eq!(entry.state, State::Live);
    assert_eq!(entry.remaining(now), ledger.window());
});
