#![no_main]
//! An organiser's code settings: see `ticketcore/tests/fuzz_checks/code_spec.rs`.
//! The rule lives there so that `ticketcore/tests/fuzz_regressions.rs`
//! replays every input found here with the same checks.

use libfuzzer_sys::fuzz_target;

#[path = "../../ticketcore/tests/fuzz_checks/code_spec.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
