//! A guest list from any bytes: the import gives a list whose every guest has
//! an address and a row number, or a clear error, never a panic, with memory
//! bounded by the limits below. Shared by the five `import_*` fuzz targets
//! (one per format, picked by the file name) and the replay of their findings.

use ticketcore::import::{ImportOptions, read_guest_list};

/// The import limits under fuzzing: small enough that an input cannot make
/// the fuzzer run out of memory, large enough for every real seed file.
pub fn options() -> ImportOptions {
    ImportOptions {
        max_bytes: 1 << 20,
        max_rows: 10_000,
        max_uncompressed_bytes: 16 << 20,
        max_cells: 100_000,
        ..ImportOptions::default()
    }
}

/// Imports `data` as a file named `file_name` and checks the result.
pub fn check(data: &[u8], file_name: &str) {
    if let Ok(list) = read_guest_list(data, file_name, &options()) {
        for g in &list.guests {
            assert!(!g.guest.email.is_empty());
            assert!(g.row >= 1);
        }
    }
}

/// A libFuzzer target running [`check`] on files named `$file`; the target
/// declares this file as its module `check` (`#[macro_use] mod check;`).
#[allow(unused_macros)]
macro_rules! import_target {
    ($file:literal) => {
        static QUIET: std::sync::Once = std::sync::Once::new();

        libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            // The import catches panics inside the spreadsheet readers (a
            // damaged file is an error, not a crash), but libFuzzer's panic
            // hook aborts on caught panics too. A panic that escapes the
            // import still aborts: fuzz_target! checks for it.
            QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
            check::check(data, $file);
        });
    };
}
