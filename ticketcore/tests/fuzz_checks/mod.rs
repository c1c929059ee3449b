//! The rules of the fuzz targets whose inputs need decoding or that check
//! more than "no panic", shared by the targets in `fuzz/` and the replay of
//! their findings in `fuzz_regressions.rs`.

pub mod code_spec;
#[macro_use]
pub mod import;
pub mod mail_message;
pub mod mail_template;
