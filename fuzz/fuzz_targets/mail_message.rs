#![no_main]
//! A ticket mail from outside text: see `ticketcore/tests/fuzz_checks/mail_message.rs`.
//! The rule lives there so that `ticketcore/tests/fuzz_regressions.rs`
//! replays every input found here with the same checks.

use libfuzzer_sys::fuzz_target;

#[path = "../../ticketcore/tests/fuzz_checks/mail_message.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
