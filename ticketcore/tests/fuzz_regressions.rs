//! Replays every input the fuzzers found troublesome, and hostile samples
//! written by hand (`tests/fixtures/fuzz/`):
//!
//! - files directly in that folder go through the import and must give a
//!   guest list or a clear error, never a panic (the format comes from each
//!   file's extension);
//! - files in `code_spec/` and `mail_message/` go through the same checks as
//!   the fuzz targets of those names (`fuzz_checks/`);
//! - files in `mail_template/` are templates the `mail_template` target found
//!   slow (seconds and hundreds of megabytes for a few bytes, by repeating a
//!   list): each must be refused.

mod fuzz_checks;

use std::path::{Path, PathBuf};

use ticketcore::import::{ImportOptions, read_guest_list};

fn fixtures(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fuzz fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_fuzz_finding_is_an_error_not_a_panic() {
    let files = fixtures("");
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("input.csv");
        let result =
            std::panic::catch_unwind(|| read_guest_list(&bytes, name, &ImportOptions::default()));
        assert!(result.is_ok(), "{name} panicked through the import");
    }
}

#[test]
fn code_spec_findings_pass_the_code_spec_checks() {
    let files = fixtures("code_spec");
    assert!(!files.is_empty());
    for path in files {
        fuzz_checks::code_spec::check(&std::fs::read(&path).expect("read"));
    }
}

#[test]
fn mail_message_findings_pass_the_mail_message_checks() {
    let files = fixtures("mail_message");
    assert!(!files.is_empty());
    for path in files {
        fuzz_checks::mail_message::check(&std::fs::read(&path).expect("read"));
    }
}

#[test]
fn slow_templates_are_refused() {
    let files = fixtures("mail_template");
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        fuzz_checks::mail_template::check(&bytes);
        let template = fuzz_checks::mail_template::template(&bytes).expect("UTF-8");
        let refused = template.check().expect_err("a slow template is refused");
        assert!(
            refused.to_string().contains("is not allowed in a template"),
            "{}: {refused}",
            path.display()
        );
    }
}
