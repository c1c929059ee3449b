#![no_main]
//! Mail templates from arbitrary text: see
//! `ticketcore/tests/fuzz_checks/mail_template.rs`, shared with the replay of
//! the findings in `ticketcore/tests/fuzz_regressions.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../../ticketcore/tests/fuzz_checks/mail_template.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
