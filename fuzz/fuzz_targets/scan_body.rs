#![no_main]
//! The scan request body: any bytes either fail to parse or give a code that
//! normalises without panicking.

use libfuzzer_sys::fuzz_target;
use ticket_web::api::ScanBody;
use ticketcore::CodeSpec;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = serde_json::from_slice::<ScanBody>(data) {
        let _ = CodeSpec::default().normalise(&body.code);
    }
});
