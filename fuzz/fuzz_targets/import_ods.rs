#![no_main]
//! Guest-list import of `.ods` bytes never panics and never allocates without
//! bound: see `ticketcore/tests/fuzz_checks/import.rs`.

#[macro_use]
#[path = "../../ticketcore/tests/fuzz_checks/import.rs"]
mod check;

import_target!("guests.ods");
