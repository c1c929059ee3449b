//! Crash proof: the process or its disk fails in the middle of a storm of
//! scans, and every scan a client saw as admitted is still used afterwards,
//! nothing else is (beyond the one batch in flight), and the database passes
//! SQLite's integrity check.
//!
//! - `kill -9` of `ticket-web`, then a restart.
//! - The disk under the database turns read-only (an ext4 file system on a
//!   loop device, mounted `errors=remount-ro`, told to fail through
//!   `/sys/fs/ext4/<device>/trigger_fs_error`: the kernel aborts its journal
//!   and remounts it read-only, as it does when an SD card or disk fails
//!   under a running app). The app stays up and answers every request, and
//!   after a remount (the journal is replayed) and a restart every admission
//!   answered before the disk began to fail is there. Admissions answered
//!   while the kernel was failing the disk (the few milliseconds between the
//!   error and the read-only remount) can be lost although SQLite's `fsync`
//!   had succeeded: the test counts and prints them rather than fail on the
//!   kernel's behaviour. Needs root and loop devices; skipped with a note
//!   otherwise.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// One HTTP/1.1 request on a fresh connection; `None` when the server is gone.
async fn request(
    port: u16,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}

/// How long a storm may take to reach its size, or to stop after the fault
/// (a request that hangs fails the test).
const STORM_BOUND: Duration = Duration::from_secs(60);

/// Admissions before the fault: the storm is in full swing (about a second
/// of a debug build on 2 cores), far from using up the 20,000 codes.
const BEFORE_FAULT: usize = 500;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A scanner's API token and an event `storm` with 20,000 tickets in the
/// database at `url`; returns the token and the codes.
async fn populate(url: &str) -> (String, Vec<String>) {
    let office = ticketcore::TicketOffice::open(url).await.expect("open");
    office
        .add_user("door", ticketcore::Role::Scanner, "door-password")
        .await
        .expect("user");
    let (_, token) = office.create_token("door", "storm").await.expect("token");
    let mut e = ticketcore::NewEvent::named("Storm");
    e.slug = Some("storm".into());
    e.code_spec = ticketcore::CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, 4).expect("spec");
    let event = office.create_event(e).await.expect("event");
    let guests = ticketcore::testing::guests(20_000);
    let tickets = office.issue_tickets(&event, &guests).await.expect("issue");
    (
        token,
        tickets.into_iter().map(|t| t.code).collect::<Vec<_>>(),
    )
}

/// Starts `ticket-web` on the database at `url`; returns once it listens.
async fn start_server(url: &str, port: u16) -> tokio::process::Child {
    let server = tokio::process::Command::new(env!("CARGO_BIN_EXE_ticket-web"))
        .env("TICKET_DATABASE_URL", url)
        .env("TICKET_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start ticket-web");
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("ticket-web does not listen on port {port} after 10 s");
}

/// 32 doors scanning fresh codes as fast as they can. Each door stops at the
/// first answer that is not "admitted" (recorded in `refused`) or when the
/// server is gone.
struct Storm {
    /// Each admitted code and when its answer arrived.
    admitted: Arc<Mutex<HashMap<String, Instant>>>,
    refused: Arc<Mutex<Vec<(u16, String)>>>,
    doors: Vec<JoinHandle<()>>,
}

impl Storm {
    fn start(port: u16, token: &str, codes: Vec<String>) -> Storm {
        let codes = Arc::new(codes);
        let storm = Storm {
            admitted: Arc::default(),
            refused: Arc::default(),
            doors: Vec::new(),
        };
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut doors = Vec::new();
        for _ in 0..32 {
            let (codes, admitted, refused, next, token) = (
                codes.clone(),
                storm.admitted.clone(),
                storm.refused.clone(),
                next.clone(),
                token.to_owned(),
            );
            doors.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(code) = codes.get(i) else { return };
                    let body = format!("{{\"code\":\"{code}\",\"door\":\"storm\"}}");
                    match request(port, "POST", "/api/events/storm/scan", &token, &body).await {
                        Some((200, answer)) if answer.contains("\"outcome\":\"admitted\"") => {
                            admitted
                                .lock()
                                .expect("lock")
                                .insert(code.clone(), Instant::now());
                        }
                        Some((200, answer)) => panic!("a fresh code was refused: {answer}"),
                        Some(other) => {
                            refused.lock().expect("lock").push(other);
                            return;
                        }
                        None => return,
                    }
                }
            }));
        }
        Storm { doors, ..storm }
    }

    /// Waits until `n` codes are admitted: the storm is in full swing.
    async fn admitted_at_least(&self, n: usize) {
        let deadline = Instant::now() + STORM_BOUND;
        while self.admitted.lock().expect("lock").len() < n {
            assert!(Instant::now() < deadline, "fewer than {n} admissions");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits for every door to stop; returns the admitted codes (with when
    /// their answers arrived) and the refusals.
    async fn end(self) -> (HashMap<String, Instant>, Vec<(u16, String)>) {
        for door in self.doors {
            tokio::time::timeout(STORM_BOUND, door)
                .await
                .expect("a door stops: the server answers or is gone")
                .expect("a door");
        }
        let admitted = self.admitted.lock().expect("lock").clone();
        let refused = self.refused.lock().expect("lock").clone();
        (admitted, refused)
    }
}

/// After the fault: the database at `url` passes SQLite's integrity check,
/// every code in `kept` is used, at most one batch beyond `admitted` is
/// (scans committed while their answers were in flight), and the audit log
/// holds every admission. Returns the used codes.
async fn nothing_admitted_is_lost(
    url: &str,
    kept: &HashSet<String>,
    admitted: &HashMap<String, Instant>,
    fault: &str,
) -> HashSet<String> {
    let store = ticketcore::SqliteStore::connect(url).await.expect("reopen");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity check");
    assert_eq!(check, "ok");
    let used: HashSet<String> =
        sqlx::query_scalar("SELECT code FROM tickets WHERE used_at IS NOT NULL")
            .fetch_all(store.pool())
            .await
            .expect("used")
            .into_iter()
            .collect();
    let lost: Vec<&String> = kept.difference(&used).collect();
    assert!(
        lost.is_empty(),
        "{} admissions lost after {fault}: {:?}",
        lost.len(),
        lost.iter().take(5).collect::<Vec<_>>()
    );
    let extra = used.iter().filter(|c| !admitted.contains_key(*c)).count();
    assert!(extra <= ticketcore::scan::MAX_BATCH, "{extra} extra");
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scans WHERE outcome = 'admitted'")
        .fetch_one(store.pool())
        .await
        .expect("audit");
    assert_eq!(
        audit as usize,
        used.len(),
        "every admission is in the audit log"
    );
    used
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_a_scan_storm_loses_no_admission() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    let (token, codes) = populate(&url).await;
    let port = free_port();
    let mut server = start_server(&url, port).await;
    let storm = Storm::start(port, &token, codes);
    // Let the storm run, then pull the plug.
    storm.admitted_at_least(BEFORE_FAULT).await;
    server.start_kill().expect("kill -9");
    let _ = server.wait().await;
    let (admitted, _) = storm.end().await;

    // Restart: every admission a client saw is there.
    let every: HashSet<String> = admitted.keys().cloned().collect();
    let used = nothing_admitted_is_lost(&url, &every, &admitted, "kill -9").await;
    eprintln!(
        "kill -9 during a storm: {} admissions answered, {} used after restart, integrity ok",
        admitted.len(),
        used.len()
    );
}

// ---------------------------------------------------------------------------
// The disk turns read-only.

/// Runs a command; its stderr when it fails.
fn run(cmd: &mut Command) -> Result<(), String> {
    match cmd.output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("{cmd:?}: {e}")),
    }
}

/// An ext4 file system in an image file, mounted through a loop device with
/// `errors=remount-ro`; unmounted when dropped.
struct LoopDisk {
    image: PathBuf,
    dir: PathBuf,
    /// `/sys/fs/ext4/<device>/trigger_fs_error`.
    trigger: PathBuf,
    _temp: tempfile::TempDir,
}

impl LoopDisk {
    /// `Err` with the reason when this machine cannot make one (not root, no
    /// loop devices, no `mkfs.ext4`).
    fn new() -> Result<LoopDisk, String> {
        let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let image = temp.path().join("disk.img");
        let dir = temp.path().join("mnt");
        std::fs::create_dir(&dir).map_err(|e| e.to_string())?;
        std::fs::File::create(&image)
            .and_then(|f| f.set_len(128 << 20))
            .map_err(|e| e.to_string())?;
        run(Command::new("mkfs.ext4").args(["-q", "-F"]).arg(&image))?;
        let mut disk = LoopDisk {
            image,
            dir,
            trigger: PathBuf::new(),
            _temp: temp,
        };
        disk.mount()?;
        let out = Command::new("findmnt")
            .args(["-n", "-o", "SOURCE"])
            .arg(&disk.dir)
            .output()
            .map_err(|e| e.to_string())?;
        let device = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let name = Path::new(&device)
            .file_name()
            .ok_or_else(|| format!("no device for {}", disk.dir.display()))?;
        disk.trigger = Path::new("/sys/fs/ext4")
            .join(name)
            .join("trigger_fs_error");
        if !disk.trigger.exists() {
            return Err(format!("{} is missing", disk.trigger.display()));
        }
        Ok(disk)
    }

    fn mount(&self) -> Result<(), String> {
        run(Command::new("mount")
            .args(["-o", "loop,errors=remount-ro"])
            .arg(&self.image)
            .arg(&self.dir))
    }

    fn unmount(&self) -> Result<(), String> {
        run(Command::new("umount").arg(&self.dir))
    }

    /// Reports an error to ext4, which then aborts its journal and remounts
    /// the file system read-only (`errors=remount-ro`), open files or not.
    fn fail(&self) {
        std::fs::write(&self.trigger, "the test fails the disk").expect("trigger an ext4 error");
        let options = Command::new("findmnt")
            .args(["-n", "-o", "OPTIONS"])
            .arg(&self.dir)
            .output()
            .expect("findmnt");
        let options = String::from_utf8_lossy(&options.stdout).into_owned();
        assert!(
            options.starts_with("ro") || options.contains("emergency_ro"),
            "{options}"
        );
    }
}

impl Drop for LoopDisk {
    fn drop(&mut self) {
        if self.unmount().is_err() {
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn disk_turning_read_only_during_a_scan_storm_loses_no_admission() {
    let disk = match LoopDisk::new() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("note: no loop-mounted ext4 disk here ({why}); skipping");
            return;
        }
    };
    let url = format!("sqlite://{}", disk.dir.join("tickets.db").display());
    let (token, codes) = populate(&url).await;
    let port = free_port();
    let mut server = start_server(&url, port).await;
    let storm = Storm::start(port, &token, codes);
    storm.admitted_at_least(BEFORE_FAULT).await;
    let failing = Instant::now();
    disk.fail();
    let read_only = Instant::now();
    let (admitted, refused) = storm.end().await;
    // Every door was refused with an answer that says what failed, not a
    // dropped connection or "try again": the batch that met the failure gets
    // SQLite's I/O error, later ones (a new writer connection on the
    // read-only file) its read-only error.
    assert_eq!(refused.len(), 32, "{refused:?}");
    for (status, body) in &refused {
        assert_eq!(*status, 503, "{body}");
        assert!(body.contains("read-only"), "{body}");
    }
    let io_errors = refused
        .iter()
        .filter(|(_, body)| body.contains("disk reported an error"))
        .count();
    // The app is still up, and reading still works.
    assert!(
        server.try_wait().expect("status").is_none(),
        "the app exited"
    );
    let health = request(port, "GET", "/healthz", "", "").await;
    assert_eq!(health.as_ref().map(|h| h.0), Some(200), "{health:?}");

    // Fix the disk: stop the app, remount (ext4 replays its journal), restart.
    server.start_kill().expect("stop");
    let _ = server.wait().await;
    disk.unmount().expect("unmount");
    disk.mount().expect("mount again");
    let before: HashSet<String> = admitted
        .iter()
        .filter(|(_, at)| **at < failing)
        .map(|(code, _)| code.clone())
        .collect();
    let used =
        nothing_admitted_is_lost(&url, &before, &admitted, "the disk turned read-only").await;
    let during = admitted.len() - before.len();
    let lost_during = admitted.keys().filter(|c| !used.contains(*c)).count();
    eprintln!(
        "disk read-only during a storm: {} admissions answered before the failure, all kept; \
         {during} answered while the kernel failed the disk ({:?}), {lost_during} of them lost; \
         {} refusals ({io_errors} as a failed write, the rest as read-only); integrity ok",
        before.len(),
        read_only - failing,
        refused.len()
    );
}
