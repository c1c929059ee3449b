//! The door guard: what an unknown code costs, so short codes cannot be
//! guessed.
//!
//! Three letters give 17,576 codes; with 200 guests one random code in ~88
//! is a ticket. Unlimited, a script sweeps every code in seconds. So every
//! scan of a well-formed code that matches no ticket spends one unit of a
//! budget, and a scan is refused ([`Error::TooManyUnknownCodes`]) when no
//! budget is left:
//!
//! - **the user's budget** (per event): [`GuessPolicy::burst`] unknown
//!   codes in a row, then one more every [`GuessPolicy::refill`]. A door
//!   that sets a new door name on every guess gets no more than this.
//! - **the door's credit** (per event, user and door name): every admission
//!   at that door earns [`GuessPolicy::credit_per_admission`] (up to
//!   [`GuessPolicy::credit_max`]), spent before the user's budget. An honest
//!   door admits far more guests than it mistypes codes, so its typos are
//!   paid from its own credit, and several doors sharing one scanner
//!   account never drain each other; a new door name starts with none.
//!
//! Admitted, already-used and revoked codes cost nothing, nor does input
//! that cannot be a code (wrong length or letters: it reveals nothing).
//! The outcome is only known after the scan, so a scan takes one unit
//! before it is decided and gets it back unless the code was unknown.
//! While other scans are in flight the budget may go up to [`SLACK`] units
//! into debt, so a rush of valid scans does not wait for each other; past
//! that, the next scan waits for them (milliseconds) instead of being
//! refused, so a hundred valid scans at once all pass. Guesses sent together
//! thus get at most the budget plus [`SLACK`] answers, and then nothing
//! until the debt is repaid at the refill rate: the rate over time stays the
//! same.
//!
//! When an unknown code uses up a user's budget, or a user keeps guessing
//! at about the refill rate (so is never refused), an alert is raised
//! ([`GuessAlert`], also sent to [`DoorGuard::subscribe`]rs; refusals after
//! that are counted on it) and kept until an admin resets it
//! ([`DoorGuard::reset`]), which also refills the budget. Budgets live
//! in the memory of one process: several web instances on one database
//! each keep their own (an attacker gains at most one budget per instance),
//! and a restart refills them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::{broadcast, watch};

use crate::error::{Error, Result};
use crate::model::{EventId, ScanOutcome, Timestamp};

/// Most users and doors remembered per guard; past this, entries without
/// an alert whose budget is full are forgotten (bounds memory under a spray
/// of door names).
const MAX_TRACKED: usize = 10_000;
/// Door names shown per alert (the latest ones).
const ALERT_DOORS: usize = 5;

/// How much guessing a user and a door may do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuessPolicy {
    /// Unknown codes a user may scan in a row (per event).
    pub burst: u32,
    /// Time until one more unknown code is allowed once the burst is spent.
    pub refill: Duration,
    /// Credit one admission earns its door (a fraction of one unknown code).
    pub credit_per_admission: f64,
    /// Most credit a door holds.
    pub credit_max: f64,
}

impl GuessPolicy {
    /// The default: a burst of 10, then one every 10 s (6 a minute); a door
    /// earns one unknown code per 3 admissions, holding at most 5.
    ///
    /// At 200 guests and 3 letters (one code in ~88 is a ticket) a sweep
    /// gets at most 10 + [`SLACK`] + 6 × 60 = 402 answers in its first
    /// hour: about 4.6 tickets, then ~4 an hour, and the alert is raised
    /// within its first seconds. See the README's table for other sizes.
    pub const DEFAULT: GuessPolicy = GuessPolicy {
        burst: 10,
        refill: Duration::from_secs(10),
        credit_per_admission: 1.0 / 3.0,
        credit_max: 5.0,
    };

    /// No limit at all: for trusted callers such as a command line run by
    /// someone who already holds the database, tests and benchmarks.
    pub const UNLIMITED: GuessPolicy = GuessPolicy {
        burst: u32::MAX,
        refill: Duration::ZERO,
        credit_per_admission: 0.0,
        credit_max: 0.0,
    };

    fn unlimited(&self) -> bool {
        self.burst == u32::MAX || self.refill.is_zero()
    }
}

impl Default for GuessPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A user who ran out of unknown codes: shown to admins until reset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuessAlert {
    /// The event.
    pub event_id: EventId,
    /// The user (login name) whose budget ran out.
    pub user: String,
    /// The latest door names that were refused (at most 5, newest last).
    pub doors: Vec<String>,
    /// Scans refused since the alert was raised (when an unknown code used
    /// up the budget).
    pub refused: u64,
    /// When the first scan was refused.
    pub since: Timestamp,
    /// When the latest scan was refused.
    pub last: Timestamp,
}

/// What a decided scan means for the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A well-formed code that matches no ticket: the unit stays spent.
    Unknown,
    /// A guest was admitted: the unit comes back and the door earns credit.
    Admitted,
    /// Already used, revoked, or the scan failed: the unit comes back.
    Known,
}

impl Verdict {
    pub(crate) fn of(outcome: Option<&ScanOutcome>) -> Verdict {
        match outcome {
            Some(ScanOutcome::Unknown) => Verdict::Unknown,
            Some(ScanOutcome::Admitted { .. }) => Verdict::Admitted,
            _ => Verdict::Known,
        }
    }
}

#[derive(Debug)]
struct UserBudget {
    tokens: f64,
    at: Instant,
    /// Units taken by scans not yet decided.
    reserved: u32,
    /// Unknown codes charged to this budget lately: one per code, fading
    /// at one per two refill periods. Reaching the burst raises the alert,
    /// so guessing at the refill rate, never refused, raises it too.
    strain: f64,
    /// Bumped whenever a reserved unit is settled (scans waiting for one
    /// watch it).
    settled: watch::Sender<u64>,
    alert: Option<GuessAlert>,
}

impl UserBudget {
    fn full(policy: GuessPolicy, now: Instant) -> Self {
        UserBudget {
            tokens: f64::from(policy.burst),
            at: now,
            reserved: 0,
            strain: 0.0,
            settled: watch::channel(0).0,
            alert: None,
        }
    }
}

#[derive(Debug, Default)]
struct Budgets {
    users: HashMap<(EventId, String), UserBudget>,
    doors: HashMap<(EventId, String, String), f64>,
}

/// One unit taken before a scan; [`Reservation::settle`] it with the
/// outcome. Dropped unsettled (the caller went away while the scan was
/// decided), it counts as an unknown code: the scan went ahead, and an
/// attacker must not get free guesses by hanging up.
#[derive(Debug)]
#[must_use = "settle the reservation with the scan's outcome"]
pub(crate) struct Reservation {
    guard: Option<Arc<DoorGuard>>,
    event: EventId,
    user: String,
    door: String,
    from_door: bool,
}

impl Reservation {
    /// Books the decided scan (see [`DoorGuard::try_reserve`]).
    pub(crate) fn settle(mut self, verdict: Verdict, now: Instant) {
        if let Some(guard) = self.guard.take() {
            guard.settle(&self, verdict, now);
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            guard.settle(self, Verdict::Unknown, Instant::now());
        }
    }
}

/// What [`DoorGuard::try_reserve`] decided.
#[derive(Debug)]
pub(crate) enum Attempt {
    /// Go ahead.
    Granted(Reservation),
    /// The budget is taken by scans in flight: wait for one to settle
    /// (the receiver changes then), and try again.
    Wait(watch::Receiver<u64>),
    /// Refused (an alert is raised or counted).
    Refused(Error),
}

/// The guessing budgets of one process. See the module documentation.
#[derive(Debug)]
pub struct DoorGuard {
    policy: GuessPolicy,
    budgets: Mutex<Budgets>,
    alerts: broadcast::Sender<GuessAlert>,
}

impl Default for DoorGuard {
    fn default() -> Self {
        Self::new(GuessPolicy::DEFAULT)
    }
}

/// How far a user's budget may go into debt while scans are in flight
/// together (units): that many scans at once never wait for each other.
pub const SLACK: f64 = 32.0;

/// Longest a scan waits for scans in flight to settle before it is
/// refused, in seconds (longer than a scan batch may take).
const WAIT_SECS: u64 = 15;

/// Notes an alert for `budget`: a new one (returned, to be announced), or
/// one more refusal and door on the current one.
fn raise(
    budget: &mut UserBudget,
    event: EventId,
    user: &str,
    door: &str,
    refused: bool,
) -> Option<GuessAlert> {
    let at = Timestamp::from(chrono::Utc::now());
    match &mut budget.alert {
        Some(alert) => {
            alert.refused += u64::from(refused);
            alert.last = at;
            if alert.doors.last().map(String::as_str) != Some(door) {
                alert.doors.retain(|d| d != door);
                alert.doors.push(door.to_string());
                if alert.doors.len() > ALERT_DOORS {
                    alert.doors.remove(0);
                }
            }
            None
        }
        None => {
            let alert = GuessAlert {
                event_id: event,
                user: user.to_string(),
                doors: vec![door.to_string()],
                refused: u64::from(refused),
                since: at,
                last: at,
            };
            budget.alert = Some(alert.clone());
            Some(alert)
        }
    }
}

impl DoorGuard {
    /// A guard with `policy` and every budget full.
    pub fn new(policy: GuessPolicy) -> Self {
        DoorGuard {
            policy,
            budgets: Mutex::new(Budgets::default()),
            alerts: broadcast::channel(64).0,
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> GuessPolicy {
        self.policy
    }

    /// Alerts as they are raised (when a user's budget runs out), for live
    /// pages. A slow receiver misses alerts, never blocks the door; the
    /// current ones are always in [`DoorGuard::alerts`].
    pub fn subscribe(&self) -> broadcast::Receiver<GuessAlert> {
        self.alerts.subscribe()
    }

    fn budgets(&self) -> std::sync::MutexGuard<'_, Budgets> {
        // A panic while holding the lock leaves plain numbers behind: usable.
        self.budgets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn announce(&self, alert: Option<GuessAlert>) {
        if let Some(alert) = alert {
            tracing::warn!(event = %alert.event_id, user = %alert.user, doors = ?alert.doors, "too many unknown codes: the user's guessing budget is used up; an admin can reset it");
            let _ = self.alerts.send(alert);
        }
    }

    /// Takes one unit for a scan by `user` at `door`, waiting while the
    /// budget is held by scans in flight (so many valid scans at once never
    /// fail, and guesses sent together cannot overdraw it).
    ///
    /// # Errors
    /// [`Error::TooManyUnknownCodes`] when the door has no credit and the
    /// user no budget left.
    pub(crate) async fn reserve(
        self: &Arc<Self>,
        event: EventId,
        user: &str,
        door: &str,
    ) -> Result<Reservation> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(WAIT_SECS);
        loop {
            match self.try_reserve(event, user, door, Instant::now()) {
                Attempt::Granted(r) => return Ok(r),
                Attempt::Refused(e) => return Err(e),
                Attempt::Wait(mut settled) => {
                    let waited = tokio::time::timeout_at(deadline, settled.changed()).await;
                    if waited.is_err() {
                        return Err(Error::TooManyUnknownCodes {
                            retry_after_secs: 1,
                        });
                    }
                }
            }
        }
    }

    /// One attempt of [`DoorGuard::reserve`] at `now`.
    pub(crate) fn try_reserve(
        self: &Arc<Self>,
        event: EventId,
        user: &str,
        door: &str,
        now: Instant,
    ) -> Attempt {
        let reservation = |from_door| Reservation {
            guard: (!self.policy.unlimited()).then(|| self.clone()),
            event,
            user: user.to_string(),
            door: door.to_string(),
            from_door,
        };
        if self.policy.unlimited() {
            return Attempt::Granted(reservation(false));
        }
        let policy = self.policy;
        let mut budgets = self.budgets();
        if budgets.users.len() + budgets.doors.len() > MAX_TRACKED {
            forget_idle(&mut budgets, policy, now);
        }
        let door_key = (event, user.to_string(), door.to_string());
        if let Some(credit) = budgets.doors.get_mut(&door_key)
            && *credit >= 1.0
        {
            *credit -= 1.0;
            return Attempt::Granted(reservation(true));
        }
        let budget = budgets
            .users
            .entry((event, user.to_string()))
            .or_insert_with(|| UserBudget::full(policy, now));
        refill(budget, policy, now);
        // Into debt only alongside scans in flight, and at most SLACK deep:
        // a rush of valid scans rarely waits; a wave of guesses sent
        // together gets at most the budget plus SLACK answers, then waits
        // off the debt at the refill rate (so the rate over time holds).
        if budget.tokens >= 1.0 || (budget.reserved > 0 && budget.tokens - 1.0 >= -SLACK) {
            budget.tokens -= 1.0;
            budget.reserved += 1;
            return Attempt::Granted(reservation(false));
        }
        if budget.reserved > 0 {
            return Attempt::Wait(budget.settled.subscribe());
        }
        let wait = (1.0 - budget.tokens) * policy.refill.as_secs_f64();
        let raised = raise(budget, event, user, door, true);
        drop(budgets);
        self.announce(raised);
        Attempt::Refused(Error::TooManyUnknownCodes {
            retry_after_secs: wait.ceil().max(1.0) as u64,
        })
    }

    /// Takes `n` units at once for codes already known to be unknown (an
    /// upload of offline check-ins is looked up before it is decided).
    ///
    /// # Errors
    /// [`Error::TooManyUnknownCodes`] when the user's budget has fewer than
    /// `n` units; what is left is spent then too, and the wait is always
    /// the time to refill the whole budget, so a refusal tells nothing
    /// about how many of the codes were unknown.
    pub(crate) fn charge(&self, event: EventId, user: &str, door: &str, n: u32) -> Result<()> {
        if n == 0 || self.policy.unlimited() {
            return Ok(());
        }
        let policy = self.policy;
        let now = Instant::now();
        let mut budgets = self.budgets();
        let budget = budgets
            .users
            .entry((event, user.to_string()))
            .or_insert_with(|| UserBudget::full(policy, now));
        refill(budget, policy, now);
        let n = f64::from(n);
        let (result, raised) = if budget.tokens >= n {
            budget.tokens -= n;
            budget.strain += n;
            let exhausted = budget.tokens < 1.0 || budget.strain >= f64::from(policy.burst);
            (
                Ok(()),
                if exhausted {
                    raise(budget, event, user, door, false)
                } else {
                    None
                },
            )
        } else {
            // Refused, but not for free: what is left is spent all the same,
            // and the wait says nothing about how many codes were unknown.
            budget.tokens = budget.tokens.min(0.0);
            budget.strain += n;
            (
                Err(Error::TooManyUnknownCodes {
                    retry_after_secs: u64::from(policy.burst) * policy.refill.as_secs(),
                }),
                raise(budget, event, user, door, true),
            )
        };
        drop(budgets);
        self.announce(raised);
        result
    }

    /// Books a decided scan: an unknown code keeps its unit spent (and
    /// raises the alert when that used up the user's budget); any other
    /// outcome gives it back; an admission also earns the door credit.
    fn settle(&self, r: &Reservation, verdict: Verdict, now: Instant) {
        let policy = self.policy;
        let mut budgets = self.budgets();
        let door_key = (r.event, r.user.clone(), r.door.clone());
        let mut raised = None;
        if r.from_door {
            if verdict != Verdict::Unknown {
                *budgets.doors.entry(door_key.clone()).or_insert(0.0) += 1.0;
            }
        } else if let Some(budget) = budgets.users.get_mut(&(r.event, r.user.clone())) {
            budget.reserved = budget.reserved.saturating_sub(1);
            refill(budget, policy, now);
            if verdict == Verdict::Unknown {
                budget.strain += 1.0;
                if budget.tokens < 1.0 || budget.strain >= f64::from(policy.burst) {
                    raised = raise(budget, r.event, &r.user, &r.door, false);
                }
            } else {
                budget.tokens = (budget.tokens + 1.0).min(f64::from(policy.burst));
            }
            budget.settled.send_modify(|n| *n = n.wrapping_add(1));
        }
        if verdict == Verdict::Admitted {
            let credit = budgets.doors.entry(door_key).or_insert(0.0);
            *credit = (*credit + policy.credit_per_admission).min(policy.credit_max);
        }
        drop(budgets);
        self.announce(raised);
    }

    /// The users of `event` whose budget ran out, oldest alert first.
    pub fn alerts(&self, event: EventId) -> Vec<GuessAlert> {
        let mut alerts: Vec<GuessAlert> = self
            .budgets()
            .users
            .iter()
            .filter(|((e, _), _)| *e == event)
            .filter_map(|(_, b)| b.alert.clone())
            .collect();
        alerts.sort_by_key(|a| a.since);
        alerts
    }

    /// Clears `user`'s alert at `event` and refills their budget (an admin
    /// who knows the door is honest). Returns whether there was anything to
    /// reset.
    pub fn reset(&self, event: EventId, user: &str) -> bool {
        let mut budgets = self.budgets();
        let reset = budgets.users.remove(&(event, user.to_string())).is_some();
        if reset {
            tracing::info!(event = %event, user, "guessing budget reset");
        }
        reset
    }
}

fn refill(budget: &mut UserBudget, policy: GuessPolicy, now: Instant) {
    let periods =
        now.saturating_duration_since(budget.at).as_secs_f64() / policy.refill.as_secs_f64();
    budget.tokens = (budget.tokens + periods).min(f64::from(policy.burst));
    budget.strain = (budget.strain - periods / 2.0).max(0.0);
    budget.at = now;
}

fn forget_idle(budgets: &mut Budgets, policy: GuessPolicy, now: Instant) {
    budgets.users.retain(|_, b| {
        refill(b, policy, now);
        b.alert.is_some() || b.reserved > 0 || b.strain > 0.0 || b.tokens < f64::from(policy.burst)
    });
    if budgets.doors.len() > MAX_TRACKED / 2 {
        budgets.doors.retain(|_, credit| *credit >= 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: EventId = EventId(1);

    fn guard() -> Arc<DoorGuard> {
        Arc::new(DoorGuard::default())
    }

    /// One scan at `now` by `user` at `door` with this verdict; whether it
    /// was let through.
    fn scan(g: &Arc<DoorGuard>, user: &str, door: &str, verdict: Verdict, now: Instant) -> bool {
        match g.try_reserve(E, user, door, now) {
            Attempt::Granted(r) => {
                r.settle(verdict, now);
                true
            }
            Attempt::Wait(_) => panic!("nothing is in flight"),
            Attempt::Refused(_) => false,
        }
    }

    /// Guesses at `rate` per second for `secs` seconds of simulated time, a
    /// new door name each time; returns how many were answered per second.
    fn sweep(g: &Arc<DoorGuard>, start: Instant, rate: u32, secs: u32) -> Vec<u32> {
        let mut answered = vec![0; secs as usize];
        for s in 0..secs {
            for i in 0..rate {
                let now =
                    start + Duration::from_secs(u64::from(s)) + Duration::from_secs(1) * i / rate;
                let door = format!("door-{s}-{i}");
                answered[s as usize] += u32::from(scan(g, "door", &door, Verdict::Unknown, now));
            }
        }
        answered
    }

    #[test]
    fn a_sweep_gets_a_burst_then_six_a_minute() {
        let g = guard();
        let mut alerts = g.subscribe();
        let answered = sweep(&g, Instant::now(), 1000, 40);
        let total: u32 = answered.iter().sum();
        assert_eq!(answered[0], 10, "the burst");
        assert!(total <= 10 + 4, "{total} answered in 40 s");
        let after_10s: u32 = answered[10..].iter().sum();
        assert!(
            after_10s <= 12 * 30 / 60,
            "{after_10s} answered in the last 30 s"
        );
        let current = g.alerts(E);
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].user, "door");
        assert_eq!(current[0].doors.len(), ALERT_DOORS);
        assert_eq!(u64::from(total) + current[0].refused, 40_000);
        let raised = alerts.try_recv().expect("announced");
        assert_eq!(
            raised.refused, 0,
            "raised when the budget ran out, before any refusal"
        );
        assert!(alerts.try_recv().is_err(), "announced once");
    }

    #[test]
    fn a_slow_guesser_who_is_never_refused_still_raises_the_alert() {
        let g = guard();
        let start = Instant::now();
        for i in 0..20u32 {
            let now = start + Duration::from_secs(10) * i;
            assert!(scan(&g, "u", &format!("d{i}"), Verdict::Unknown, now));
        }
        assert_eq!(g.alerts(E).len(), 1);
    }

    #[test]
    fn an_honest_door_with_typos_is_never_refused() {
        // Four doors share one account, each admits a guest every 0.4 s
        // and mistypes one code in ten, for an hour.
        let g = guard();
        let start = Instant::now();
        for step in 0..9000u32 {
            let now = start + Duration::from_millis(400) * step;
            for door in ["door-1", "door-2", "door-3", "door-4"] {
                let verdict = if step % 10 == 3 {
                    Verdict::Unknown
                } else {
                    Verdict::Admitted
                };
                assert!(scan(&g, "scanner", door, verdict, now), "never refused");
            }
        }
        assert!(g.alerts(E).is_empty());
    }

    #[test]
    fn valid_and_used_codes_cost_nothing_and_reset_refills() {
        let g = guard();
        let now = Instant::now();
        for _ in 0..10 {
            assert!(scan(&g, "u", "d", Verdict::Unknown, now));
        }
        for _ in 0..100 {
            assert!(!scan(&g, "u", "d", Verdict::Known, now), "spent");
        }
        let refused = g.try_reserve(E, "u", "d", now);
        assert!(matches!(
            refused,
            Attempt::Refused(Error::TooManyUnknownCodes {
                retry_after_secs: 10
            })
        ));
        assert_eq!(g.alerts(E).len(), 1);
        assert!(g.alerts(EventId(2)).is_empty(), "alerts are per event");
        assert!(
            scan(&g, "other", "d", Verdict::Unknown, now),
            "budgets are per user"
        );
        assert!(g.reset(E, "u"));
        assert!(g.alerts(E).is_empty());
        for _ in 0..100 {
            assert!(scan(&g, "u", "d", Verdict::Known, now), "refilled");
        }
    }

    #[tokio::test]
    async fn scans_in_flight_overdraw_at_most_the_slack_and_valid_ones_all_pass() {
        let g = guard();
        // 100 valid scans at once: 10 + SLACK hold units, the others wait.
        let mut held = Vec::new();
        for _ in 0..42 {
            held.push(g.reserve(E, "u", "d").await.expect("unit"));
        }
        assert!(matches!(
            g.try_reserve(E, "u", "d", Instant::now()),
            Attempt::Wait(_)
        ));
        let waiting: Vec<_> = (0..58)
            .map(|_| {
                let g = g.clone();
                tokio::spawn(async move {
                    let r = g.reserve(E, "u", "d").await?;
                    r.settle(Verdict::Known, Instant::now());
                    Ok::<_, Error>(())
                })
            })
            .collect();
        tokio::task::yield_now().await;
        for r in held.drain(..) {
            r.settle(Verdict::Known, Instant::now());
        }
        for w in waiting {
            w.await.expect("task").expect("valid scans all pass");
        }
        // Guesses sent together: only the budget and the slack get through.
        let mut guesses = Vec::new();
        for _ in 0..42 {
            guesses.push(g.reserve(E, "u", "d").await.expect("unit"));
        }
        let more = {
            let g = g.clone();
            tokio::spawn(async move { g.reserve(E, "u", "d").await.map(drop) })
        };
        // Hanging up does not give a guess back.
        drop(guesses.pop());
        for r in guesses {
            r.settle(Verdict::Unknown, Instant::now());
        }
        assert!(matches!(
            more.await.expect("task"),
            Err(Error::TooManyUnknownCodes { .. })
        ));
    }

    #[test]
    fn a_refused_charge_spends_what_is_left_and_tells_nothing() {
        let g = guard();
        let refused = g.charge(E, "u", "d", 20);
        assert!(matches!(
            refused,
            Err(Error::TooManyUnknownCodes {
                retry_after_secs: 100
            })
        ));
        assert!(
            g.charge(E, "u", "d", 1).is_err(),
            "nothing left to try with"
        );
        assert_eq!(g.alerts(E).len(), 1);
        let other = guard();
        other.charge(E, "u", "d", 3).expect("within the budget");
        assert!(matches!(
            other.charge(E, "u", "d", 8),
            Err(Error::TooManyUnknownCodes {
                retry_after_secs: 100
            })
        ));
    }

    #[test]
    fn the_unlimited_policy_never_refuses() {
        let g = Arc::new(DoorGuard::new(GuessPolicy::UNLIMITED));
        let now = Instant::now();
        for _ in 0..1000 {
            assert!(scan(&g, "u", "d", Verdict::Unknown, now));
        }
    }
}
