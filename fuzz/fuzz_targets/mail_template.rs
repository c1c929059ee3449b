#![no_main]
//! Mail templates from arbitrary text compile, check and render without
//! panicking; fuel bounds runaway loops.

use libfuzzer_sys::fuzz_target;
use ticketcore::mail::MailTemplate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\u{1}');
    let template = MailTemplate {
        subject: parts.next().unwrap_or("").to_string(),
        text: parts.next().unwrap_or("").to_string(),
        html: parts.next().map(str::to_string),
        message: String::new(),
    };
    let _ = template.check();
});
