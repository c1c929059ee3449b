//! One send run per event at a time, across processes and instances.
//!
//! Two `ticket-cli send` runs started together, the CLI beside the web app,
//! or two web instances on one database would otherwise mail every guest
//! twice (each takes the other's `sending` tickets for interrupted ones). So
//! a run first takes the event's **lease**, a row in the database (owner,
//! holder, since, expiry), and renews it every [`RENEW_EVERY`] while it runs:
//! - a second run finds the lease held and stops before mailing anyone, with
//!   [`Error::MailRunBusy`] naming the holder and since when;
//! - a run whose process died is taken over once its lease expires
//!   ([`LEASE_TTL`] after its last renewal), or at once when the holder ran
//!   on this machine, in this process namespace (same boot id and pid
//!   namespace, so two containers with one host name never count as one),
//!   and its process is gone (the crash rules of
//!   [`crate::mail::send_tickets`] still hold: the `sending` tickets it left
//!   are mailed again and counted as interrupted);
//! - a run whose last successful renewal is older than [`SAFE_FOR`] (the
//!   database was away, the process was paused) delivers nothing more, so
//!   it cannot mail beside a run that took an expired lease over; it stops
//!   and leaves the rest pending.
//!
//! Expiry compares the clocks of the machines involved: keep them in sync
//! (NTP) when several machines share a database.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::{EventId, Timestamp, now};
use crate::store::Store;

/// How long a lease lasts after its last renewal: 60 seconds.
pub const LEASE_TTL: Duration = Duration::from_secs(60);

/// How often a running send renews its lease: every 10 seconds.
pub const RENEW_EVERY: Duration = Duration::from_secs(10);

/// How long after its last successful renewal a run still delivers: 45
/// seconds, well inside [`LEASE_TTL`], so that even with clocks a few seconds
/// apart a run stops before another may take its lease over.
pub const SAFE_FOR: Duration = Duration::from_secs(45);

/// The hold of one send run on an event's mail, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLease {
    /// This run's unique token: `MACHINE/PID-NAMESPACE:PROCESS:RUN`, the
    /// last two random (see [`crate::mail::lease`]).
    pub owner: String,
    /// Who holds it, for people: e.g. "ticket-cli (pid 4121 on door-pi)".
    pub holder: String,
    /// The run's process id on that machine.
    pub pid: u32,
    /// When the run took the lease (UTC).
    pub since: Timestamp,
    /// When the lease ends unless renewed (UTC).
    pub expires_at: Timestamp,
}

/// This process's random token (the first half of every owner token), so a
/// lease left by an earlier process with the same pid (a restarted
/// container's pid 1) is known to be dead.
fn process_token() -> &'static str {
    static TOKEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TOKEN.get_or_init(|| crate::auth::random_hex(8))
}

/// This machine's boot id and this process's pid namespace, e.g.
/// `5f2c…/pid:[4026531836]`: two processes with equal values see each other's
/// pids. Empty where that cannot be read (not Linux): then no holder is ever
/// judged dead, only expiry frees a lease.
fn namespace() -> &'static str {
    static NAMESPACE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAMESPACE.get_or_init(|| {
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id");
        let pids = std::fs::read_link("/proc/self/ns/pid");
        match (boot, pids) {
            (Ok(boot), Ok(pids)) => format!("{}/{}", boot.trim(), pids.display()),
            _ => String::new(),
        }
    })
}

fn host_name() -> String {
    hostname::get()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_else(|| "unknown host".into())
}

impl MailLease {
    /// A new lease for a run of this process, valid for [`LEASE_TTL`].
    pub fn for_this_process() -> Self {
        let program = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "a program".into());
        let pid = std::process::id();
        let since = now();
        MailLease {
            owner: format!(
                "{}:{}:{}",
                namespace(),
                process_token(),
                crate::auth::random_hex(8)
            ),
            holder: format!("{program} (pid {pid} on {})", host_name()),
            pid,
            since,
            expires_at: since + ttl(),
        }
    }

    /// Whether this lease's run is known to be dead: it ran on this machine
    /// in this pid namespace, and its process is gone or its pid is now
    /// another process (ours: a restarted container's pid 1). Unknown for
    /// other machines and namespaces, and where they cannot be told apart
    /// (then only expiry frees the lease).
    fn holder_is_dead(&self) -> bool {
        let mut parts = self.owner.rsplitn(3, ':');
        let (_run, process, space) = (parts.next(), parts.next(), parts.next());
        let (Some(process), Some(space)) = (process, space) else {
            return false;
        };
        if space.is_empty() || space != namespace() {
            return false;
        }
        if self.pid == std::process::id() {
            return process != process_token();
        }
        gone(self.pid)
    }
}

/// Whether process `pid` of this pid namespace has ended: no entry in
/// `/proc`, or a zombie (ended, not yet reaped by its parent) or dead entry.
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses and
        // may itself hold spaces and parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.trim_start().chars().next())
            .is_some_and(|state| matches!(state, 'Z' | 'X' | 'x')),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

fn ttl() -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(LEASE_TTL).unwrap_or(chrono::TimeDelta::MAX)
}

/// Whether a run may still deliver: its lease was renewed within [`SAFE_FOR`]
/// and never found taken over. Shared with the delivery tasks.
#[derive(Debug)]
pub(crate) struct Standing {
    /// Set once a renewal finds the lease taken over.
    lost: AtomicBool,
    /// When the last renewal succeeded.
    renewed: std::sync::Mutex<tokio::time::Instant>,
}

impl Standing {
    fn renewed_now(&self) {
        if let Ok(mut at) = self.renewed.lock() {
            *at = tokio::time::Instant::now();
        }
    }

    /// Whether the run may deliver another mail.
    pub(crate) fn may_deliver(&self) -> bool {
        !self.lost.load(Ordering::SeqCst)
            && self.renewed.lock().is_ok_and(|at| at.elapsed() < SAFE_FOR)
    }
}

/// A lease this run holds; renewed in the background until [`Held::release`]
/// (or, if the run is dropped midway, given back by `Drop`).
pub(crate) struct Held<S: Store> {
    store: S,
    event: EventId,
    owner: String,
    standing: Arc<Standing>,
    renewer: tokio::task::JoinHandle<()>,
    released: bool,
}

/// Takes the event's lease for a new run of this process.
///
/// # Errors
/// [`Error::MailRunBusy`] when another live run holds it; [`Error::NotFound`]
/// for a missing event; a database error.
pub(crate) async fn take<S: Store>(store: &S, event: EventId) -> Result<Held<S>> {
    let lease = MailLease::for_this_process();
    let mut held = store.take_mail_lease(event, &lease, None).await?;
    if let Some(other) = held.as_ref().filter(|o| o.holder_is_dead()) {
        tracing::warn!(holder = %other.holder, "taking over the mail lease of a run whose process is gone");
        held = store
            .take_mail_lease(event, &lease, Some(&other.owner))
            .await?;
    }
    if let Some(other) = held {
        return Err(Error::MailRunBusy {
            holder: other.holder,
            since: other.since,
            expires_at: other.expires_at,
        });
    }
    let standing = Arc::new(Standing {
        lost: AtomicBool::new(false),
        renewed: std::sync::Mutex::new(tokio::time::Instant::now()),
    });
    let renewer = tokio::spawn(renew(
        store.clone(),
        event,
        lease.owner.clone(),
        standing.clone(),
    ));
    Ok(Held {
        store: store.clone(),
        event,
        owner: lease.owner,
        standing,
        renewer,
        released: false,
    })
}

/// Renews the lease every [`RENEW_EVERY`] until it is lost.
async fn renew<S: Store>(store: S, event: EventId, owner: String, standing: Arc<Standing>) {
    loop {
        tokio::time::sleep(RENEW_EVERY).await;
        match store.renew_mail_lease(event, &owner, now() + ttl()).await {
            Ok(true) => standing.renewed_now(),
            Ok(false) => {
                tracing::error!(%event, "the mail lease was taken over by another run");
                standing.lost.store(true, Ordering::SeqCst);
                return;
            }
            // The next renewal tries again; claiming fails too while the
            // database is away.
            Err(e) => tracing::warn!(%event, error = %e, "cannot renew the mail lease"),
        }
    }
}

impl<S: Store> Held<S> {
    /// The run's standing, for the delivery tasks to check before each mail.
    pub(crate) fn standing(&self) -> Arc<Standing> {
        self.standing.clone()
    }

    /// Gives the lease back (logged, not returned, when that fails: it
    /// expires by itself).
    pub(crate) async fn release(mut self) {
        self.released = true;
        self.renewer.abort();
        if let Err(e) = self.store.release_mail_lease(self.event, &self.owner).await {
            tracing::warn!(event = %self.event, error = %e, "cannot release the mail lease; it expires by itself");
        }
    }
}

impl<S: Store> Drop for Held<S> {
    /// A run dropped midway (its future cancelled, a panic) stops renewing
    /// and gives the lease back in the background, so the next run need not
    /// wait for it to expire.
    fn drop(&mut self) {
        self.renewer.abort();
        if self.released {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (store, event, owner) = (self.store.clone(), self.event, self.owner.clone());
            runtime.spawn(async move {
                if let Err(e) = store.release_mail_lease(event, &owner).await {
                    tracing::warn!(%event, error = %e, "cannot release the mail lease; it expires by itself");
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::gone;

    #[test]
    fn a_zombie_is_gone_and_a_running_process_is_not() {
        assert!(!gone(std::process::id()));
        // Ended but not reaped: a zombie until `wait`.
        let mut child = std::process::Command::new("true").spawn().expect("true");
        let pid = child.id();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !gone(pid) {
            assert!(
                std::time::Instant::now() < deadline,
                "pid {pid} never ended"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        child.wait().expect("reap");
        assert!(gone(pid), "reaped");
    }
}
