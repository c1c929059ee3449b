//! The rules of the fuzz targets that check more than "no panic", shared by
//! the targets in `fuzz/` and the replay of their findings in
//! `fuzz_regressions.rs`.

pub mod code_spec;
pub mod mail_message;
