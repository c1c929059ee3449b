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
//!   on this machine and its process is gone (the crash rules of
//!   [`crate::mail::send_tickets`] still hold: the `sending` tickets it left
//!   are mailed again and counted as interrupted);
//! - a run that loses its lease (it stalled for longer than [`LEASE_TTL`]
//!   and another run took over) stops before claiming more tickets.
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

/// The hold of one send run on an event's mail, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLease {
    /// This run's unique token: `PROCESS:RUN`, both random.
    pub owner: String,
    /// Who holds it, for people: e.g. "ticket-cli (pid 4121 on door-pi)".
    pub holder: String,
    /// The machine the run is on (its host name).
    pub host: String,
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
        let host = host_name();
        let pid = std::process::id();
        let since = now();
        MailLease {
            owner: format!("{}:{}", process_token(), crate::auth::random_hex(8)),
            holder: format!("{program} (pid {pid} on {host})"),
            host,
            pid,
            since,
            expires_at: since + ttl(),
        }
    }

    /// Whether this lease's run is known to be dead: it ran on this machine
    /// and its process is gone, or its pid is now another process (ours, a
    /// restarted container). Unknown on other machines and where the process
    /// table cannot be read (then only expiry frees the lease).
    fn holder_is_dead(&self) -> bool {
        if self.host != host_name() {
            return false;
        }
        let process = self.owner.split(':').next().unwrap_or_default();
        if self.pid == std::process::id() {
            return process != process_token();
        }
        let proc = std::path::Path::new("/proc");
        proc.join("self").exists() && !proc.join(self.pid.to_string()).exists()
    }
}

fn ttl() -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(LEASE_TTL).unwrap_or(chrono::TimeDelta::MAX)
}

/// A lease this run holds; renewed in the background until [`Held::release`].
pub(crate) struct Held<S: Store> {
    store: S,
    event: EventId,
    owner: String,
    lost: Arc<AtomicBool>,
    renewer: tokio::task::JoinHandle<()>,
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
    let lost = Arc::new(AtomicBool::new(false));
    let renewer = tokio::spawn(renew(
        store.clone(),
        event,
        lease.owner.clone(),
        lost.clone(),
    ));
    Ok(Held {
        store: store.clone(),
        event,
        owner: lease.owner,
        lost,
        renewer,
    })
}

/// Renews the lease every [`RENEW_EVERY`] until it is lost.
async fn renew<S: Store>(store: S, event: EventId, owner: String, lost: Arc<AtomicBool>) {
    loop {
        tokio::time::sleep(RENEW_EVERY).await;
        match store.renew_mail_lease(event, &owner, now() + ttl()).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::error!(%event, "the mail lease was taken over by another run");
                lost.store(true, Ordering::SeqCst);
                return;
            }
            // The next renewal tries again; claiming fails too while the
            // database is away.
            Err(e) => tracing::warn!(%event, error = %e, "cannot renew the mail lease"),
        }
    }
}

impl<S: Store> Held<S> {
    /// Whether the lease still holds: renews it now (a run calls this before
    /// claiming more tickets).
    ///
    /// # Errors
    /// A database error.
    pub(crate) async fn still_held(&self) -> Result<bool> {
        if self.lost.load(Ordering::SeqCst) {
            return Ok(false);
        }
        self.store
            .renew_mail_lease(self.event, &self.owner, now() + ttl())
            .await
    }

    /// Gives the lease back (logged, not returned, when that fails: it
    /// expires by itself).
    pub(crate) async fn release(self) {
        self.renewer.abort();
        if let Err(e) = self.store.release_mail_lease(self.event, &self.owner).await {
            tracing::warn!(event = %self.event, error = %e, "cannot release the mail lease; it expires by itself");
        }
    }
}
