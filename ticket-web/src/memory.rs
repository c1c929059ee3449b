//! How the web app gives memory back to the system.
//!
//! `ticket-web` allocates with mimalloc (set in its `main`). After sixteen
//! simultaneous 20 MiB guest-list uploads (`benches/load/uploads.sh 16`,
//! `AFTER=15`), resident memory before / at the peak / 15 s after the last
//! answer:
//!
//! | allocator | before | peak | 15 s after |
//! | --- | --- | --- | --- |
//! | the C library's | 18 MB | 377 MB | 342 MB |
//! | mimalloc, its defaults | 51 MB | 329 MB | 98 MB |
//! | mimalloc, the settings below set from `main` | 33 MB | 225 MB | 90 MB |
//! | mimalloc, the settings below from its start (this module) | 19 MB | 180 MB | 58 MB |
//!
//! mimalloc reads its settings from the environment when it starts, which
//! is before `main` (the runtime allocates first), and set later they miss
//! the first arena. So when they are not set, [`give_memory_back`] starts
//! the program again in the same process (`exec`) with them set.

use std::ffi::OsString;

/// The settings, as mimalloc reads them from the environment: commit arena
/// memory as pages are used, not whole arenas at once (so a purge gives
/// pages back to the system instead of only marking them free), and purge
/// freed pages at once instead of after 10 ms.
pub const SETTINGS: [(&str, &str); 2] = [
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
    ("MIMALLOC_PURGE_DELAY", "0"),
];

/// Starts this program again in the same process with [`SETTINGS`] in its
/// environment, unless they are there (an operator's own value of either
/// variable wins). Returns only when that is not needed (`Ok`) or not
/// possible (`Err` with why, e.g. the program file was replaced by an
/// upgrade): the program then runs with mimalloc's defaults. Call first
/// thing in `main`, and log the `Err` once logging is set up.
///
/// # Errors
/// Why the program could not be started again.
pub fn give_memory_back() -> Result<(), String> {
    if SETTINGS
        .iter()
        .any(|(name, _)| std::env::var_os(name).is_some())
    {
        return Ok(());
    }
    let program = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut args = std::env::args_os();
    let name: OsString = args.next().unwrap_or_else(|| program.clone().into());
    let mut command = std::process::Command::new(program);
    command.args(args).envs(SETTINGS);
    exec(&mut command, name)
}

#[cfg(unix)]
fn exec(command: &mut std::process::Command, name: OsString) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    // Only returns on failure. The name it was started by stays (`ps`, usage).
    Err(command.arg0(name).exec().to_string())
}

#[cfg(not(unix))]
fn exec(_: &mut std::process::Command, _: OsString) -> Result<(), String> {
    Ok(())
}
