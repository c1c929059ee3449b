//! A tmpfs of its own for a test (root only): a small disk that fills up, or
//! turns read-only, on demand.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Size of the file system: room for a test database's schema and 30 tickets
/// on every backend (or a few mails), small enough to fill at once.
const SIZE: &str = "8m";

/// A tmpfs mounted for one test, unmounted and removed when dropped.
pub struct Tmpfs {
    pub dir: PathBuf,
}

/// Runs a command, panicking with its output when it fails.
pub fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether this process runs as root (needed to mount).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Tmpfs {
    /// Mounts a fresh tmpfs named after `name`; `None`, with a note that the
    /// test `what` is skipped, when this process may not mount (not root, or
    /// root without the capability, as in an unprivileged container).
    pub fn try_mount(name: &str, what: &str) -> Option<Tmpfs> {
        if !is_root() {
            eprintln!("note: not root, so no tmpfs can be mounted; skipping {what}");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("ticket-disk-{name}"));
        std::fs::create_dir_all(&dir).expect("mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={SIZE},mode=0755")])
            .arg("tmpfs")
            .arg(&dir)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Tmpfs { dir }),
            failed => {
                let why = match failed {
                    Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_owned(),
                    Err(e) => e.to_string(),
                };
                let _ = std::fs::remove_dir(&dir);
                eprintln!("note: cannot mount a tmpfs ({why}); skipping {what}");
                None
            }
        }
    }

    /// A folder on the tmpfs owned like `owner` (the server's data folder),
    /// so the database server can write into it and remove it (the tmpfs
    /// itself gets the same owner: removing a folder writes its parent).
    pub fn folder_for_server(&self, name: &str, owner: &Path) -> PathBuf {
        let folder = self.dir.join(name);
        std::fs::create_dir(&folder).expect("folder on the tmpfs");
        run(Command::new("chown")
            .arg(format!("--reference={}", owner.display()))
            .arg(&self.dir)
            .arg(&folder));
        folder
    }

    fn filler(&self) -> PathBuf {
        self.dir.join("filler")
    }

    /// Writes zeros into a file until the file system has no room left
    /// (at once when it is already full).
    pub fn fill_up(&self) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.filler())
            .expect("filler");
        let zeros = vec![0u8; 64 * 1024];
        loop {
            match file.write_all(&zeros) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(28) => return, // ENOSPC
                Err(e) => panic!("filling the tmpfs: {e}"),
            }
        }
    }

    /// Remounts the file system read-only (`true`), as the kernel does with a
    /// disk after errors, or writable again. Linux refuses to make it
    /// read-only while a file on it is open for writing.
    pub fn set_read_only(&self, on: bool) {
        let mode = if on { "remount,ro" } else { "remount,rw" };
        run(Command::new("mount").args(["-o", mode]).arg(&self.dir));
    }

    /// Removes the filler file.
    pub fn remove_filler(&self) {
        std::fs::remove_file(self.filler()).expect("remove the filler");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // A server process may still hold a file open a moment after the
        // drop of its tables; a lazy unmount detaches the tmpfs anyway.
        let done = Command::new("umount").arg(&self.dir).status();
        if !done.is_ok_and(|s| s.success()) {
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
        if let Err(e) = std::fs::remove_dir(&self.dir) {
            eprintln!("cannot remove {}: {e}", self.dir.display());
        }
    }
}
