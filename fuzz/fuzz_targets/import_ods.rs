#![no_main]
//! Guest-list import of `.ods` bytes never panics and never allocates without bound.

use libfuzzer_sys::fuzz_target;
use ticketcore::import::{ImportOptions, read_guest_list};

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // The import catches panics inside the spreadsheet readers (a damaged file
    // is an error, not a crash), but libFuzzer's panic hook aborts on caught
    // panics too. A panic that escapes the import still aborts: fuzz_target!
    // checks for it.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let options = ImportOptions {
        max_bytes: 1 << 20,
        max_rows: 10_000,
        max_uncompressed_bytes: 16 << 20,
        max_cells: 100_000,
        ..ImportOptions::default()
    };
    if let Ok(list) = read_guest_list(data, "guests.ods", &options) {
        for g in &list.guests {
            assert!(!g.guest.email.is_empty());
            assert!(g.row >= 1);
        }
    }
});
