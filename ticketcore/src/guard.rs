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
//! The outcome is only known after the scan, so a scan is let through while
//! the door has credit or the user budget left, and an unknown code is
//! charged once decided: guesses in flight together can overdraw the budget
//! by their number, once; the debt is repaid by waiting before the next
//! answer, so the rate over time stays the same. Valid codes never wait
//! behind each other, however many doors scan at once.
//!
//! When a user's budget is exhausted an alert is raised ([`GuessAlert`],
//! also sent to [`DoorGuard::subscribe`]rs) and kept until an admin resets
//! it ([`DoorGuard::reset`]), which also refills the budget. Budgets live
//! in the memory of one process: several web instances on one database
//! each keep their own (an attacker gains at most one budget per instance),
//! and a restart refills them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::broadcast;

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
    /// gets 10 + 6 × 60 = 370 answers in its first hour: about 4 tickets,
    /// then ~4 an hour, and the first refusal raises the alert. See the
    /// README's table for other sizes.
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

    /// Unknown codes answered in `window` to one user who starts with a
    /// full budget and never earns credit.
    pub fn answered_within(&self, window: Duration) -> f64 {
        if self.unlimited() {
            return f64::INFINITY;
        }
        f64::from(self.burst) + window.as_secs_f64() / self.refill.as_secs_f64()
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
    /// Scans refused since the alert was raised.
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
    alert: Option<GuessAlert>,
}

#[derive(Debug, Default)]
struct Budgets {
    users: HashMap<(EventId, String), UserBudget>,
    doors: HashMap<(EventId, String, String), f64>,
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

    /// Alerts as they are raised (the first refusal of a user), for live
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

    /// Whether `user` at `door` may scan now (before the scan).
    ///
    /// # Errors
    /// [`Error::TooManyUnknownCodes`] when the door has no credit and the
    /// user no budget left; the alert is raised (or its count raised).
    pub(crate) fn check(&self, event: EventId, user: &str, door: &str, now: Instant) -> Result<()> {
        if self.policy.unlimited() {
            return Ok(());
        }
        let policy = self.policy;
        let mut budgets = self.budgets();
        if budgets.users.len() + budgets.doors.len() > MAX_TRACKED {
            forget_idle(&mut budgets, policy, now);
        }
        let door_key = (event, user.to_string(), door.to_string());
        if budgets.doors.get(&door_key).is_some_and(|c| *c >= 1.0) {
            return Ok(());
        }
        let Some(budget) = budgets.users.get_mut(&(event, user.to_string())) else {
            return Ok(());
        };
        refill(budget, policy, now);
        if budget.tokens >= 1.0 {
            return Ok(());
        }
        let wait = (1.0 - budget.tokens) * policy.refill.as_secs_f64();
        let at = Timestamp::from(chrono::Utc::now());
        let raised = match &mut budget.alert {
            Some(alert) => {
                alert.refused += 1;
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
                    refused: 1,
                    since: at,
                    last: at,
                };
                budget.alert = Some(alert.clone());
                Some(alert)
            }
        };
        drop(budgets);
        if let Some(alert) = raised {
            tracing::warn!(event = %event, user, door, "too many unknown codes: scans refused until the budget refills; an admin can reset it");
            let _ = self.alerts.send(alert);
        }
        Err(Error::TooManyUnknownCodes {
            retry_after_secs: wait.ceil().max(1.0) as u64,
        })
    }

    /// Books a decided scan: an unknown code is charged to the door's
    /// credit if it has one, else to the user's budget (which may go below
    /// zero when guesses were in flight together); an admission earns the
    /// door credit; anything else costs nothing.
    pub(crate) fn settle(
        &self,
        event: EventId,
        user: &str,
        door: &str,
        verdict: Verdict,
        now: Instant,
    ) {
        if self.policy.unlimited() || verdict == Verdict::Known {
            return;
        }
        let policy = self.policy;
        let mut budgets = self.budgets();
        let door_key = (event, user.to_string(), door.to_string());
        if verdict == Verdict::Admitted {
            let credit = budgets.doors.entry(door_key).or_insert(0.0);
            *credit = (*credit + policy.credit_per_admission).min(policy.credit_max);
            return;
        }
        if let Some(credit) = budgets.doors.get_mut(&door_key)
            && *credit >= 1.0
        {
            *credit -= 1.0;
            return;
        }
        let budget = budgets
            .users
            .entry((event, user.to_string()))
            .or_insert_with(|| UserBudget {
                tokens: f64::from(policy.burst),
                at: now,
                alert: None,
            });
        refill(budget, policy, now);
        budget.tokens -= 1.0;
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
    let elapsed = now.saturating_duration_since(budget.at).as_secs_f64();
    budget.tokens =
        (budget.tokens + elapsed / policy.refill.as_secs_f64()).min(f64::from(policy.burst));
    budget.at = now;
}

fn forget_idle(budgets: &mut Budgets, policy: GuessPolicy, now: Instant) {
    budgets.users.retain(|_, b| {
        refill(b, policy, now);
        b.alert.is_some() || b.tokens < f64::from(policy.burst)
    });
    if budgets.doors.len() > MAX_TRACKED / 2 {
        budgets.doors.retain(|_, credit| *credit >= 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: EventId = EventId(1);

    /// Guesses at `rate` per second for `secs` seconds of simulated time, a
    /// new door name each time; returns how many were answered per second.
    fn sweep(guard: &DoorGuard, start: Instant, rate: u32, secs: u32) -> Vec<u32> {
        let mut answered = vec![0; secs as usize];
        for s in 0..secs {
            for i in 0..rate {
                let now =
                    start + Duration::from_secs(u64::from(s)) + Duration::from_secs(1) * i / rate;
                let door = format!("door-{s}-{i}");
                if guard.check(E, "door", &door, now).is_ok() {
                    answered[s as usize] += 1;
                    guard.settle(E, "door", &door, Verdict::Unknown, now);
                }
            }
        }
        answered
    }

    #[test]
    fn a_sweep_gets_a_burst_then_six_a_minute() {
        let guard = DoorGuard::default();
        let answered = sweep(&guard, Instant::now(), 1000, 40);
        let total: u32 = answered.iter().sum();
        assert_eq!(answered[0], 10, "the burst");
        assert!(total <= 10 + 4, "{total} answered in 40 s");
        let after_10s: u32 = answered[10..].iter().sum();
        assert!(
            after_10s <= 12 * 30 / 60,
            "{after_10s} answered in the last 30 s"
        );
        let alerts = guard.alerts(E);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].user, "door");
        assert_eq!(alerts[0].doors.len(), ALERT_DOORS);
        assert_eq!(u64::from(total) + alerts[0].refused, 40_000);
    }

    #[test]
    fn an_honest_door_with_typos_is_never_refused() {
        // Four doors share one account, each admits a guest every 0.4 s
        // and mistypes one code in ten, for an hour.
        let guard = DoorGuard::default();
        let start = Instant::now();
        for step in 0..9000u32 {
            let now = start + Duration::from_millis(400) * step;
            for door in ["door-1", "door-2", "door-3", "door-4"] {
                guard.check(E, "scanner", door, now).expect("never refused");
                let verdict = if step % 10 == 3 {
                    Verdict::Unknown
                } else {
                    Verdict::Admitted
                };
                guard.settle(E, "scanner", door, verdict, now);
            }
        }
        assert!(guard.alerts(E).is_empty());
    }

    #[test]
    fn valid_and_used_codes_cost_nothing_and_reset_refills() {
        let guard = DoorGuard::default();
        let now = Instant::now();
        for _ in 0..10 {
            guard.check(E, "u", "d", now).expect("burst");
            guard.settle(E, "u", "d", Verdict::Unknown, now);
        }
        for _ in 0..100 {
            guard.settle(E, "u", "d", Verdict::Known, now);
        }
        let refused = guard.check(E, "u", "d", now);
        assert!(matches!(
            refused,
            Err(Error::TooManyUnknownCodes {
                retry_after_secs: 10
            })
        ));
        assert_eq!(guard.alerts(E).len(), 1);
        assert!(guard.alerts(EventId(2)).is_empty(), "alerts are per event");
        assert!(
            guard.check(E, "other", "d", now).is_ok(),
            "budgets are per user"
        );
        assert!(guard.reset(E, "u"));
        assert!(guard.alerts(E).is_empty());
        guard.check(E, "u", "d", now).expect("refilled");
    }

    #[test]
    fn guesses_in_flight_together_overdraw_once_then_wait_it_off() {
        let guard = DoorGuard::default();
        let now = Instant::now();
        // 16 guesses pass the check together, then all turn out unknown.
        for _ in 0..16 {
            guard.check(E, "u", "d", now).expect("budget left");
        }
        for _ in 0..16 {
            guard.settle(E, "u", "d", Verdict::Unknown, now);
        }
        let refused = guard.check(E, "u", "d", now);
        assert!(matches!(
            refused,
            Err(Error::TooManyUnknownCodes {
                retry_after_secs: 70
            })
        ));
        assert!(
            guard
                .check(E, "u", "d", now + Duration::from_secs(69))
                .is_err()
        );
        assert!(
            guard
                .check(E, "u", "d", now + Duration::from_secs(70))
                .is_ok()
        );
    }

    #[test]
    fn the_unlimited_policy_never_refuses() {
        let guard = DoorGuard::new(GuessPolicy::UNLIMITED);
        let now = Instant::now();
        for _ in 0..1000 {
            guard.check(E, "u", "d", now).expect("unlimited");
            guard.settle(E, "u", "d", Verdict::Unknown, now);
        }
    }
}
