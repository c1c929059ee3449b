//! Server-rendered pages.

pub mod home;
pub mod scan;
pub mod send;
pub mod tickets;
pub mod users;

use ticketcore::{Role, User};

/// What the page header needs to know about the visitor.
#[derive(Debug, Clone)]
pub struct Nav {
    /// Logged-in user's name.
    pub user_name: String,
    /// Whether admin links are shown.
    pub is_admin: bool,
}

impl Nav {
    /// The header for `user`.
    pub fn of(user: &User) -> Self {
        Nav {
            user_name: user.name.clone(),
            is_admin: user.role == Role::Admin,
        }
    }
}

/// A UTC instant shown as `YYYY-MM-DD HH:MM UTC` (pages refine it to the
/// viewer's local time with JavaScript where shown live).
pub fn show_time(t: &ticketcore::Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}
