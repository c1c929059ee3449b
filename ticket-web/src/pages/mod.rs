//! Server-rendered pages.

pub mod guard;
pub mod home;
pub mod pairing;
pub mod scan;
pub mod send;
pub mod settings;
pub mod tickets;
pub mod users;

use ticketcore::model::Tz;
use ticketcore::{Role, User};

/// What the page header needs to know about the visitor.
#[derive(Debug, Clone)]
pub struct Nav {
    /// Logged-in user's name.
    pub user_name: String,
    /// Whether admin links are shown.
    pub is_admin: bool,
    /// The door of a paired door phone (its name is set at pairing).
    pub paired_door: Option<String>,
}

impl Nav {
    /// The header for `user`.
    pub fn of(user: &User) -> Self {
        Nav {
            user_name: user.name.clone(),
            is_admin: user.role == Role::Admin,
            paired_door: user.paired_door().map(str::to_string),
        }
    }
}

/// An instant with its date on the clock of `zone`, as the page language
/// writes it (`2026-12-31, 11:14 PM CET`, `31.12.2026, 23:14 Uhr`).
pub fn show_time(t: &ticketcore::Timestamp, zone: &Tz) -> String {
    crate::lang::page_lang().date_time(t, zone)
}

/// The time of day of an instant on the clock of `zone`, as the request's
/// language writes it (`9:14 PM CET`, `21:14 Uhr`): one formatter for the
/// rows a page renders and the ones its script updates live (they get the
/// text from the API).
pub fn show_clock(t: &ticketcore::Timestamp, zone: &Tz) -> String {
    crate::lang::page_lang().clock(t, zone)
}

/// The same in the door's language (which may ship where the pages do
/// not: a French door in an English frame).
pub fn door_clock(t: &ticketcore::Timestamp, zone: &Tz) -> String {
    crate::lang::current().clock(t, zone)
}
