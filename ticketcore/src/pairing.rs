//! Door phones paired by a one-time link, so no shared password is typed at
//! the door.
//!
//! An admin names a door for an event and gets a link (shown as a QR code):
//! the first phone that opens it and confirms becomes that door, scanning for
//! that event only, until the event is over ([`expiry`]) or an admin revokes
//! the pairing. The link works once: its secret is stored only as a hash,
//! and claiming it is one conditional update, so two phones racing for the
//! same link cannot both win. A frontend keeps the pairing's id in the
//! phone's session and asks [`crate::TicketOffice::paired_door`] on every
//! request, so a revocation or the end of the event takes effect at the
//! phone's next request.

use chrono::{Duration, NaiveTime, TimeZone as _};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Event, EventId, Role, Timestamp, User, UserId};
use crate::office::{TicketOffice, check_name};
use crate::store::Store;

/// Longest door name, in characters.
pub const MAX_DOOR_CHARS: usize = 40;

/// How long a pairing lasts when the event has no readable date, or its day
/// is past: 24 hours from pairing.
pub const UNDATED_HOURS: i64 = 24;

/// The hour of the day after the event (on the event's clock) at which its
/// pairings end: parties run past midnight.
pub const ENDS_NEXT_DAY_AT_HOUR: u32 = 12;

/// How long a pairing link waits for a phone, in minutes: a link not used
/// within an hour of being made no longer works (the admin makes a new one).
pub const CLAIM_WINDOW_MINUTES: i64 = 60;

/// A door phone's pairing, as the users page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorPairing {
    /// Database id.
    pub id: i64,
    /// The event the phone scans for.
    pub event_id: EventId,
    /// That event's slug (for links).
    pub event_slug: String,
    /// That event's name.
    pub event_name: String,
    /// The door's name, as the scan log shows it (`door-2`, `side entrance`).
    pub door: String,
    /// The admin who made the link.
    pub created_by: String,
    /// When the link was made.
    pub created_at: Timestamp,
    /// When the pairing ends (see [`expiry`]).
    pub expires_at: Timestamp,
    /// When a phone claimed the link; `None` while it waits for one.
    pub claimed_at: Option<Timestamp>,
    /// When an admin revoked it.
    pub revoked_at: Option<Timestamp>,
}

/// Where a pairing stands at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairingState {
    /// The link waits for a phone.
    Waiting,
    /// A phone scans with it.
    Paired,
    /// An admin revoked it.
    Revoked,
    /// The event is over (or the link was never used in time).
    Expired,
}

impl PairingState {
    /// The state's name: `waiting`, `paired`, `revoked` or `expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            PairingState::Waiting => "waiting",
            PairingState::Paired => "paired",
            PairingState::Revoked => "revoked",
            PairingState::Expired => "expired",
        }
    }
}

impl DoorPairing {
    /// Where the pairing stands at `now` (revoked wins over expired).
    pub fn state(&self, now: &Timestamp) -> PairingState {
        if self.revoked_at.is_some() {
            PairingState::Revoked
        } else if *now >= self.expires_at {
            PairingState::Expired
        } else if self.claimed_at.is_some() {
            PairingState::Paired
        } else if *now >= self.created_at + Duration::minutes(CLAIM_WINDOW_MINUTES) {
            PairingState::Expired
        } else {
            PairingState::Waiting
        }
    }

    /// The scanner a paired phone acts as: named after its door, with the
    /// scanner role. Its id is `UserId(0)`, which no stored user has: it
    /// is not an account and cannot log in with a password.
    pub fn scanner(&self) -> User {
        User {
            id: UserId(0),
            name: self.door.clone(),
            role: Role::Scanner,
            created_at: self.claimed_at.unwrap_or(self.created_at),
            credential_stamp: format!("pairing-{}", self.id),
            door_phone: true,
        }
    }
}

/// What [`crate::store::Store::create_pairing`] stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPairing {
    /// The event.
    pub event_id: EventId,
    /// The door's name (already checked).
    pub door: String,
    /// SHA-256 of the link's secret, in hex ([`crate::auth::token_hash`]).
    pub link_hash: String,
    /// The admin who made it.
    pub created_by: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it ends.
    pub expires_at: Timestamp,
}

/// When a pairing made at `now` for `event` ends: at
/// [`ENDS_NEXT_DAY_AT_HOUR`] o'clock on the day after the event's day, on
/// the event's clock (an event on 2026-12-31 pairs its doors until
/// 2027-01-01 12:00). Without a readable date ([`Event::day`]), or when
/// that moment is already past, [`UNDATED_HOURS`] after `now`.
pub fn expiry(event: &Event, now: &Timestamp) -> Timestamp {
    let fallback = *now + Duration::hours(UNDATED_HOURS);
    let Some(day) = event.day().and_then(|d| d.succ_opt()) else {
        return fallback;
    };
    let Some(noon) = NaiveTime::from_hms_opt(ENDS_NEXT_DAY_AT_HOUR, 0, 0) else {
        return fallback;
    };
    match event
        .time_zone
        .from_local_datetime(&day.and_time(noon))
        .earliest()
    {
        Some(end) if end.with_timezone(&chrono::Utc) > *now => end.with_timezone(&chrono::Utc),
        _ => fallback,
    }
}

impl<S: Store> TicketOffice<S> {
    /// Makes a one-time pairing link for a phone to scan for `event` as the
    /// door `door`, on behalf of the admin `by`. Returns the pairing and the
    /// link's secret (32 hex digits, 128 random bits), which is stored only
    /// hashed and cannot be shown again: the frontend puts it in the link.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty door name, one longer than
    /// [`MAX_DOOR_CHARS`] or with control characters; a database error.
    pub async fn create_pairing(
        &self,
        event: &Event,
        door: &str,
        by: &str,
    ) -> Result<(DoorPairing, String)> {
        let door = check_name("door", door)?;
        if door.chars().count() > MAX_DOOR_CHARS {
            return Err(Error::invalid(
                "door",
                crate::msg!("field-too-long", max = MAX_DOOR_CHARS),
            ));
        }
        let secret = crate::auth::random_hex(16);
        let created_at = crate::model::now();
        let new = NewPairing {
            event_id: event.id,
            door,
            link_hash: crate::auth::token_hash(&secret),
            created_by: by.to_string(),
            created_at,
            expires_at: expiry(event, &created_at),
        };
        let id = self.inner().create_pairing(&new).await?;
        let pairing = self
            .inner()
            .pairing(id)
            .await?
            .ok_or_else(|| Error::not_found("pairing", id.to_string()))?;
        Ok((pairing, secret))
    }

    /// The pairing a link's secret stands for, whatever its state (the
    /// phone's confirmation page shows the door and the event).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a secret that is no pairing's; a database error.
    pub async fn pairing_link(&self, secret: &str) -> Result<DoorPairing> {
        self.inner()
            .pairing_by_link(&crate::auth::token_hash(secret.trim()))
            .await?
            .ok_or_else(|| Error::not_found("pairing link", "(secret)"))
    }

    /// Claims a pairing link for the phone that opened it: the first claim
    /// wins, once.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown secret; [`Error::Conflict`] saying
    /// why when the link was used already, was revoked or has expired; a
    /// database error.
    pub async fn claim_pairing(&self, secret: &str) -> Result<DoorPairing> {
        let hash = crate::auth::token_hash(secret.trim());
        let now = crate::model::now();
        let made_after = now - Duration::minutes(CLAIM_WINDOW_MINUTES);
        let claimed = self.inner().claim_pairing(&hash, now, made_after).await?;
        let pairing = self
            .inner()
            .pairing_by_link(&hash)
            .await?
            .ok_or_else(|| Error::not_found("pairing link", "(secret)"))?;
        if claimed {
            return Ok(pairing);
        }
        Err(Error::Conflict(match pairing.state(&now) {
            PairingState::Revoked => crate::msg!("pairing-link-revoked"),
            PairingState::Expired => crate::msg!("pairing-link-expired"),
            PairingState::Paired | PairingState::Waiting => crate::msg!("pairing-link-used"),
        }))
    }

    /// The pairing with this id when a phone may scan with it now (claimed,
    /// not revoked, not expired); `None` otherwise. Frontends ask this on
    /// every request of a paired phone.
    ///
    /// # Errors
    /// A database error.
    pub async fn paired_door(&self, id: i64) -> Result<Option<DoorPairing>> {
        let now = crate::model::now();
        Ok(self
            .inner()
            .pairing(id)
            .await?
            .filter(|p| p.state(&now) == PairingState::Paired))
    }

    /// Every pairing, newest first (for the users page).
    ///
    /// # Errors
    /// A database error.
    pub async fn pairings(&self) -> Result<Vec<DoorPairing>> {
        self.inner().pairings().await
    }

    /// Revokes a pairing: its phone is logged out at its next request, and
    /// an unused link no longer works.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown id; a database error.
    pub async fn revoke_pairing(&self, id: i64) -> Result<()> {
        self.inner().revoke_pairing(id, crate::model::now()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::from_millis;

    fn event(date: Option<&str>) -> Event {
        Event {
            id: EventId(1),
            slug: "ball".into(),
            name: "Ball".into(),
            date: date.map(Into::into),
            code_spec: crate::CodeSpec::default(),
            time_zone: chrono_tz::Europe::Berlin,
            created_at: from_millis(0),
            sender: None,
            reentry: false,
            walk_ins: Default::default(),
            walk_in_limit: None,
            language: Default::default(),
        }
    }

    fn at(rfc3339: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(rfc3339)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default()
    }

    #[test]
    fn a_pairing_lasts_until_noon_after_the_event_day() {
        let now = at("2026-12-30T15:00:00Z");
        assert_eq!(
            expiry(&event(Some("2026-12-31 20:00")), &now),
            at("2027-01-01T11:00:00Z"),
            "12:00 in Berlin is 11:00 UTC in winter"
        );
        assert_eq!(
            expiry(&event(None), &now),
            at("2026-12-31T15:00:00Z"),
            "24 hours without a date"
        );
        assert_eq!(
            expiry(&event(Some("2026-01-01")), &now),
            at("2026-12-31T15:00:00Z"),
            "24 hours when the event is past"
        );
    }

    #[test]
    fn states_follow_claim_revocation_and_time() {
        let mut p = DoorPairing {
            id: 3,
            event_id: EventId(1),
            event_slug: "ball".into(),
            event_name: "Ball".into(),
            door: "door-2".into(),
            created_by: "ada".into(),
            created_at: at("2026-12-31T18:00:00Z"),
            expires_at: at("2027-01-01T11:00:00Z"),
            claimed_at: None,
            revoked_at: None,
        };
        let evening = at("2026-12-31T18:30:00Z");
        assert_eq!(p.state(&evening), PairingState::Waiting);
        assert_eq!(
            p.state(&at("2026-12-31T19:00:00Z")),
            PairingState::Expired,
            "a link waits an hour"
        );
        p.claimed_at = Some(evening);
        assert_eq!(p.state(&evening), PairingState::Paired);
        assert_eq!(p.state(&at("2027-01-01T11:00:00Z")), PairingState::Expired);
        p.revoked_at = Some(evening);
        assert_eq!(p.state(&evening), PairingState::Revoked);
        let scanner = p.scanner();
        assert_eq!(
            (scanner.name.as_str(), scanner.role),
            ("door-2", Role::Scanner)
        );
    }
}
