//! Finding a guest by name at the door when the code is lost, without
//! handing out the guest list.
//!
//! A search must name at least [`MIN_CHARS`] characters, matches guest
//! names only (never addresses), answers at most [`MAX_RESULTS`] guests with
//! their name and status, and each user may search [`BURST`] times in a
//! row, then once every [`REFILL_SECS`] seconds. A result never shows the
//! code: it carries a *pick*, a random one-time handle that admits that
//! guest through [`crate::TicketOffice::scan_pick`] within [`PICK_SECS`]
//! seconds, for the same user only. So a door can admit a guest who lost
//! the code, but a harvest of names yields no codes, and at 5 results per
//! 12 s it would take a door longer than a party lasts to list a large
//! guest list. Every search is logged (user, event, the text, results).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{EventId, TicketStatus};

/// Fewest characters a door search must have.
pub const MIN_CHARS: usize = 3;
/// Most guests one door search answers.
pub const MAX_RESULTS: usize = 5;
/// Searches a user may make in a row (per event).
pub const BURST: u32 = 5;
/// Seconds until one more search once the burst is spent.
pub const REFILL_SECS: u64 = 12;
/// Seconds a pick stays usable.
pub const PICK_SECS: u64 = 300;
/// Most picks kept at once (the oldest are dropped).
const MAX_PICKS: usize = 10_000;

/// One guest a door search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorMatch {
    /// The guest's name.
    pub name: String,
    /// Whether the ticket is valid, used or revoked.
    pub status: TicketStatus,
    /// The ticket's party: how many it admits, have come, are inside.
    pub party: crate::party::Party,
    /// One-time handle for [`crate::TicketOffice::scan_pick`] (hex, 32
    /// digits); empty when nobody more may come in on the ticket (revoked,
    /// or its whole party came, or is inside with re-entry on).
    pub pick: String,
}

#[derive(Debug)]
struct Pick {
    event: EventId,
    user: String,
    code: String,
    at: Instant,
}

/// The rate limit and the picks of door searches in one process.
#[derive(Debug)]
pub(crate) struct DoorSearch {
    limiter: governor::DefaultKeyedRateLimiter<(EventId, String)>,
    picks: Mutex<HashMap<String, Pick>>,
}

impl Default for DoorSearch {
    fn default() -> Self {
        let quota = governor::Quota::with_period(Duration::from_secs(REFILL_SECS))
            .unwrap_or_else(|| governor::Quota::per_minute(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(BURST).unwrap_or(NonZeroU32::MIN));
        DoorSearch {
            limiter: governor::RateLimiter::keyed(quota),
            picks: Mutex::new(HashMap::new()),
        }
    }
}

impl DoorSearch {
    /// Counts one search of `user` at `event`.
    ///
    /// # Errors
    /// [`Error::TooManySearches`] past the limit.
    pub(crate) fn check(&self, event: EventId, user: &str) -> Result<()> {
        use governor::clock::{Clock, DefaultClock};
        if self.limiter.len() > MAX_PICKS {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&(event, user.to_string()))
            .map_err(|n| Error::TooManySearches {
                retry_after_secs: n
                    .wait_time_from(DefaultClock::default().now())
                    .as_secs()
                    .max(1),
            })
    }

    fn picks(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pick>> {
        self.picks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new pick for `code`, usable by `user` at `event`.
    pub(crate) fn pick(&self, event: EventId, user: &str, code: &str) -> String {
        let handle = crate::auth::random_hex(16);
        let mut picks = self.picks();
        let fresh = Duration::from_secs(PICK_SECS);
        if picks.len() >= MAX_PICKS {
            picks.retain(|_, p| p.at.elapsed() < fresh);
        }
        if picks.len() >= MAX_PICKS {
            picks.clear();
        }
        picks.insert(
            handle.clone(),
            Pick {
                event,
                user: user.to_string(),
                code: code.to_string(),
                at: Instant::now(),
            },
        );
        handle
    }

    /// The code behind a pick, used up: `None` when unknown, expired, or
    /// made for another user or event.
    pub(crate) fn take(&self, event: EventId, user: &str, handle: &str) -> Option<String> {
        let mut picks = self.picks();
        let pick = picks.remove(handle.trim())?;
        (pick.event == event
            && pick.user == user
            && pick.at.elapsed() < Duration::from_secs(PICK_SECS))
        .then_some(pick.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_are_limited_per_user_and_event() {
        let s = DoorSearch::default();
        for _ in 0..BURST {
            s.check(EventId(1), "door").expect("burst");
        }
        let refused = s.check(EventId(1), "door");
        assert!(
            matches!(refused, Err(Error::TooManySearches { retry_after_secs }) if retry_after_secs <= REFILL_SECS)
        );
        s.check(EventId(1), "other").expect("another user");
        s.check(EventId(2), "door").expect("another event");
    }

    #[test]
    fn a_pick_works_once_for_its_user_and_event() {
        let s = DoorSearch::default();
        let p = s.pick(EventId(1), "door", "ABC");
        assert_eq!(p.len(), 32);
        assert_eq!(s.take(EventId(1), "other", &p), None, "another user");
        let p = s.pick(EventId(1), "door", "ABC");
        assert_eq!(s.take(EventId(2), "door", &p), None, "another event");
        let p = s.pick(EventId(1), "door", "ABC");
        assert_eq!(s.take(EventId(1), "door", &p).as_deref(), Some("ABC"));
        assert_eq!(s.take(EventId(1), "door", &p), None, "used up");
    }
}
