//! Replays every input the fuzzers found troublesome (tests/fixtures/fuzz/):
//! each must give a guest list or a clear error, never a panic. The format
//! comes from each file's extension.

use ticketcore::import::{ImportOptions, read_guest_list};

#[test]
fn every_fuzz_finding_is_an_error_not_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz fixtures") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("input.csv");
        let result =
            std::panic::catch_unwind(|| read_guest_list(&bytes, name, &ImportOptions::default()));
        assert!(result.is_ok(), "{name} panicked through the import");
        seen += 1;
    }
    assert!(seen > 0);
}
