//! An event's door rules: whether guests may come in again after going out
//! (re-entry), and who may add walk-ins (guests not on the list) at the
//! door, up to how many. Walk-ins are added and let in in one step by
//! [`TicketOffice::add_walk_in`].

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Event, NewGuest, Role, ScanOutcome, Ticket, WalkIns};
use crate::office::{TicketOffice, check_name};
use crate::party::{Direction, MAX_PERSONS};
use crate::store::Store;

/// Largest walk-in cap, a sanity bound.
pub const MAX_WALK_IN_LIMIT: u32 = 100_000;

/// An event's door rules (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DoorRules {
    /// Guests who went out may come in again (never more of a party inside
    /// than it has people).
    pub reentry: bool,
    /// Who may add walk-ins.
    pub walk_ins: WalkIns,
    /// At most this many walk-in tickets (`None`: no cap).
    pub walk_in_limit: Option<u32>,
}

impl DoorRules {
    /// The rules `event` has now.
    pub fn of(event: &Event) -> Self {
        DoorRules {
            reentry: event.reentry,
            walk_ins: event.walk_ins,
            walk_in_limit: event.walk_in_limit,
        }
    }
}

/// A walk-in as the door adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIn {
    /// The guest's name.
    pub name: String,
    /// The guest's address, if they gave one (not mailed: they are here).
    pub email: Option<String>,
    /// How many people come in on the ticket (`None`: 1).
    pub persons: Option<u32>,
}

impl<S: Store> TicketOffice<S> {
    /// Sets `event`'s door rules and gives the event as it is now.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a cap above [`MAX_WALK_IN_LIMIT`];
    /// [`Error::NotFound`] for an unknown event; a database error.
    pub async fn set_door_rules(&self, event: &Event, rules: DoorRules) -> Result<Event> {
        if rules.walk_in_limit.is_some_and(|n| n > MAX_WALK_IN_LIMIT) {
            return Err(Error::invalid(
                "walk-in limit",
                crate::msg!("number-too-high", max = MAX_WALK_IN_LIMIT),
            ));
        }
        self.inner().set_door_rules(event.id, &rules).await?;
        Ok(Event {
            reentry: rules.reentry,
            walk_ins: rules.walk_ins,
            walk_in_limit: rules.walk_in_limit,
            ..event.clone()
        })
    }

    /// Adds a walk-in to `event` and lets their party in, in one step: a
    /// ticket marked as a walk-in (not mailed) is issued and scanned in at
    /// `door` by `user` (whose `role` must be allowed by the event's
    /// [`WalkIns`] rule). The cap is counted by [`Store::issue`] under the
    /// event's lock, so it holds however many processes add walk-ins at
    /// once; revoked walk-ins do not count.
    ///
    /// # Errors
    /// [`Error::Conflict`] when walk-ins are off or only for admins, or
    /// the cap is reached; [`Error::InvalidInput`]
    /// for a missing or overlong name, an invalid address or a party size
    /// outside 1 to [`MAX_PERSONS`]; [`Error::Conflict`] when the address
    /// already has a ticket; a database error.
    pub async fn add_walk_in(
        &self,
        event: &Event,
        walk_in: &WalkIn,
        user: &str,
        role: Role,
        door: &str,
    ) -> Result<ScanOutcome> {
        if !event.walk_ins.allows(role) {
            return Err(Error::Conflict(match event.walk_ins {
                WalkIns::Off => crate::msg!("walk-ins-off", event = &event.name),
                _ => crate::msg!("walk-ins-admins-only", event = &event.name),
            }));
        }
        let persons = walk_in.persons.unwrap_or(1);
        if !(1..=MAX_PERSONS).contains(&persons) {
            return Err(Error::invalid(
                "persons",
                crate::msg!("persons-range", max = MAX_PERSONS),
            ));
        }
        let name = check_name("name", &walk_in.name)?;
        let email = match walk_in.email.as_deref().map(str::trim) {
            None | Some("") => String::new(),
            Some(address) => crate::import::email::check_address(address)
                .map_err(|why| Error::invalid("email", why))?,
        };
        let guest = NewGuest {
            persons,
            walk_in: true,
            ..NewGuest::new(name, email)
        };
        let ticket: Ticket = self
            .issue_tickets(event, &[guest])
            .await?
            .pop()
            .ok_or_else(|| Error::Internal("no walk-in ticket was issued".into()))?;
        self.scan_party(event, &ticket.code, user, door, None, Direction::In)
            .await
    }
}
