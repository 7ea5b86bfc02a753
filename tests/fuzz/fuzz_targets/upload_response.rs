//! Fuzzes the core's upload-response reader and what `record()` does with its result: any
//! input gives a value or a typed error, never a panic, and whatever it accepts serde_json reads
//! the same way.
#![no_main]

use cloudinary_delete_token::{cloudinary::UploadResponse, json::parse_upload, ledger::Ledger, time::Millis};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(ours) = parse_upload(text) else { return };
    if let Ok(theirs) = serde_json::from_str::<UploadResponse>(text) {
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }
    if let Ok(upload) = ours.into_upload() {
        let mut ledger = Ledger::default();
        ledger.record(upload, Millis(1));
    }
});
