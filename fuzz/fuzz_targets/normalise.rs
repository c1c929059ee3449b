#![no_main]
//! Typed-code normalisation never panics and its output always decodes.

use libfuzzer_sys::fuzz_target;
use ticketcore::CodeSpec;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for spec in [
        CodeSpec::default(),
        CodeSpec::new("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 5).expect("valid spec"),
    ] {
        if let Ok(code) = spec.normalise(text) {
            assert_eq!(code.chars().count(), spec.length() as usize);
            assert_eq!(spec.normalise(&code).as_deref(), Ok(code.as_str()));
        }
    }
});
