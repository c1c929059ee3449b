//! Replays every input the fuzzers found troublesome, and hostile samples
//! written by hand (`tests/fixtures/fuzz/`):
//!
//! - files directly in that folder go through the import and must give a
//!   guest list or a clear error, never a panic (the format comes from each
//!   file's extension);
//! - files in `code_spec/` and `mail_message/` go through the same checks as
//!   the fuzz targets of those names (`fuzz_checks/`);
//! - files in `mail_template/` are templates the `mail_template` target found:
//!   `slow-unit-*` slow (seconds and hundreds of megabytes for a few bytes, by
//!   repeating a list), each refused as using a forbidden operator;
//!   `crash-*` panicking inside minijinja, each refused as breaking the engine.

mod fuzz_checks;

use std::path::{Path, PathBuf};

use ticketcore::import::{ImportOptions, read_guest_list};

/// The files of `tests/fixtures/fuzz/<sub>` (not its subfolders) with their
/// bytes, sorted by path; at least one, so a replay cannot pass empty.
fn findings(sub: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fuzz fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect()
}

#[test]
fn every_fuzz_finding_is_an_error_not_a_panic() {
    for (path, bytes) in findings("") {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("input.csv");
        let result =
            std::panic::catch_unwind(|| read_guest_list(&bytes, name, &ImportOptions::default()));
        assert!(result.is_ok(), "{name} panicked through the import");
        // And under the fuzz targets' own limits and checks.
        let checked = std::panic::catch_unwind(|| fuzz_checks::import::check(&bytes, name));
        assert!(checked.is_ok(), "{name} failed the import fuzz checks");
    }
}

#[test]
fn code_spec_findings_pass_the_code_spec_checks() {
    for (_, bytes) in findings("code_spec") {
        fuzz_checks::code_spec::check(&bytes);
    }
}

#[test]
fn mail_message_findings_pass_the_mail_message_checks() {
    for (_, bytes) in findings("mail_message") {
        fuzz_checks::mail_message::check(&bytes);
    }
}

#[test]
fn template_findings_are_refused() {
    for (path, bytes) in findings("mail_template") {
        fuzz_checks::mail_template::check(&bytes);
        let template = fuzz_checks::mail_template::template(&bytes).expect("UTF-8");
        let refused = template.check().expect_err("a found template is refused");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let why = if name.starts_with("slow-unit-") {
            "is not allowed in a template"
        } else if name.starts_with("crash-") {
            "the template engine failed"
        } else {
            panic!("{name}: name a finding slow-unit-* or crash-*")
        };
        assert!(
            refused.to_string().contains(why),
            "{}: {refused}",
            path.display()
        );
    }
}
