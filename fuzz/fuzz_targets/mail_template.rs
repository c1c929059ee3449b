#![no_main]
//! Mail templates from arbitrary text: see
//! `ticketcore/tests/fuzz_checks/mail_template.rs`, shared with the replay of
//! the findings in `ticketcore/tests/fuzz_regressions.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../../ticketcore/tests/fuzz_checks/mail_template.rs"]
mod check;

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // The template code catches panics inside minijinja (a template that
    // breaks the engine is refused, not a crash), but libFuzzer's panic hook
    // aborts on caught panics too. A panic that escapes still aborts:
    // fuzz_target! checks for it.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    check::check(data)
});
