//! Settings an admin changes while the app runs: the SMTP server, the
//! default sender of ticket mails, and door search.
//!
//! They are stored in the database, so a change needs no restart and every
//! instance and `ticket-cli` on the same database sees it. A frontend's
//! start flags and variables (`--smtp-url`, `--mail-from`, `--door-search`)
//! are the defaults: they apply to each setting that is not stored. An
//! event may have a sender of its own ([`crate::TicketOffice::set_event_sender`]),
//! which wins over the default sender.

use crate::error::{Error, Result};
use crate::mail::{Mailbox, Mailer, parse_mailbox};
use crate::model::Timestamp;

/// The name under which the SMTP server's URL is stored.
pub const SMTP_URL: &str = "smtp_url";
/// The name under which the default sender is stored.
pub const MAIL_FROM: &str = "mail_from";
/// The name under which door search (`on`/`off`) is stored.
pub const DOOR_SEARCH: &str = "door_search";

/// One stored setting, as read from the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSetting {
    /// Its name ([`SMTP_URL`], [`MAIL_FROM`], [`DOOR_SEARCH`]).
    pub name: String,
    /// Its value as text.
    pub value: String,
    /// When it was last changed.
    pub changed_at: Timestamp,
    /// Who changed it (a user name).
    pub changed_by: String,
}

/// The values of the settings: a frontend's defaults, or those in force.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The SMTP server as a lettre URL (see [`Mailer::smtp`]); `None`: mails
    /// are written to the outbox folder.
    pub smtp_url: Option<String>,
    /// The default sender of ticket mails (`Name <address>`); `None`: none
    /// set yet, so tickets cannot be sent until an event has its own.
    pub mail_from: Option<String>,
    /// Whether door staff may find a guest by name ([`crate::door_search`]).
    pub door_search: bool,
}

/// A change an admin asks for. For each setting, `None` leaves it as it is,
/// `Some(None)` removes the stored value (the default applies again), and
/// `Some(Some(v))` stores `v`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsChange {
    /// The SMTP server's URL.
    pub smtp_url: Option<Option<String>>,
    /// The default sender.
    pub mail_from: Option<Option<String>>,
    /// Door search.
    pub door_search: Option<Option<bool>>,
}

/// The settings in force: each stored value over the frontend's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveSettings {
    /// The values in force.
    pub values: Settings,
    /// The stored ones (the others are the defaults), with who set them when.
    pub stored: Vec<StoredSetting>,
}

impl EffectiveSettings {
    /// Overlays `stored` on `defaults`. A stored value this build cannot
    /// read (written by hand, or by a newer build) is skipped with a warning,
    /// so the default applies rather than a broken setting.
    pub fn new(defaults: &Settings, stored: Vec<StoredSetting>) -> Self {
        let mut values = defaults.clone();
        let mut kept = Vec::with_capacity(stored.len());
        for s in stored {
            let ok = match s.name.as_str() {
                // Checked again: a value written by hand or by a newer
                // build must not lock admins out of the pages that fix it.
                SMTP_URL if Mailer::check_url(&s.value).is_ok() => {
                    values.smtp_url = Some(s.value.clone()).filter(|v| !v.is_empty());
                    true
                }
                MAIL_FROM if parse_mailbox(&s.value).is_ok() => {
                    values.mail_from = Some(s.value.clone()).filter(|v| !v.is_empty());
                    true
                }
                DOOR_SEARCH => match parse_switch(&s.value) {
                    Some(on) => {
                        values.door_search = on;
                        true
                    }
                    None => false,
                },
                _ => false,
            };
            if ok {
                kept.push(s);
            } else {
                tracing::warn!(setting = %s.name, "stored setting not understood; its default applies");
            }
        }
        EffectiveSettings {
            values,
            stored: kept,
        }
    }

    /// The stored value of `name`, or `None` when its default applies.
    pub fn stored(&self, name: &str) -> Option<&StoredSetting> {
        self.stored.iter().find(|s| s.name == name)
    }

    /// Where mail goes: the SMTP server in force, or the outbox folder.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a malformed SMTP URL (a default given at
    /// start; stored ones are checked when stored).
    pub fn mailer(&self, outbox: &std::path::Path) -> Result<Mailer> {
        Mailer::from_settings(self.values.smtp_url.as_deref(), outbox)
    }

    /// The default sender in force, if any.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (field `mail from`) for a malformed default.
    pub fn mail_from(&self) -> Result<Option<Mailbox>> {
        self.values
            .mail_from
            .as_deref()
            .map(parse_mailbox)
            .transpose()
    }
}

/// `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`).
fn parse_switch(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Some(true),
        "off" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// The stored form of each change in `change`, checked: an SMTP URL lettre
/// accepts (nothing is connected), one sender mailbox, written back in its
/// normal form.
///
/// # Errors
/// [`Error::InvalidInput`] naming the setting that is malformed; nothing is
/// stored then.
pub(crate) fn stored_form(change: &SettingsChange) -> Result<Vec<(&'static str, Option<String>)>> {
    let mut out = Vec::new();
    if let Some(url) = &change.smtp_url {
        let url = url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        if let Some(url) = url {
            Mailer::check_url(url)?;
        }
        out.push((SMTP_URL, url.map(str::to_string)));
    }
    if let Some(from) = &change.mail_from {
        let from = from.as_deref().map(str::trim).filter(|f| !f.is_empty());
        let from = from.map(normal_sender).transpose()?;
        out.push((MAIL_FROM, from));
    }
    if let Some(on) = change.door_search {
        out.push((
            DOOR_SEARCH,
            on.map(|on| if on { "on" } else { "off" }.to_string()),
        ));
    }
    Ok(out)
}

/// A sender in its normal form (`"Dr. Berg" <b@example.org>`), checked again
/// as written: quoting can make a name longer than the limit, and a sender
/// that is stored must be one every send run accepts.
///
/// # Errors
/// [`Error::InvalidInput`] (field `mail from`) as [`parse_mailbox`].
pub fn normal_sender(text: &str) -> Result<String> {
    let normal = parse_mailbox(text)?.to_string();
    parse_mailbox(&normal)?;
    Ok(normal)
}

/// The sender of an event's ticket mails: the event's own when it has one,
/// else `default`.
///
/// # Errors
/// [`Error::InvalidInput`] (field `mail from`) when neither is set, saying
/// where to set one, or when the event's stored sender is malformed.
pub fn sender_for(event: &crate::Event, default: Option<&Mailbox>) -> Result<Mailbox> {
    match (&event.sender, default) {
        (Some(own), _) => parse_mailbox(own),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(Error::invalid(
            "mail from",
            crate::msg!("mail-from-missing", event = &event.name),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(name: &str, value: &str) -> StoredSetting {
        StoredSetting {
            name: name.into(),
            value: value.into(),
            changed_at: crate::model::now(),
            changed_by: "ada".into(),
        }
    }

    #[test]
    fn stored_values_win_over_defaults_and_unreadable_ones_do_not() {
        let defaults = Settings {
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            mail_from: Some("Ball <a@example.org>".into()),
            door_search: false,
        };
        let e = EffectiveSettings::new(
            &defaults,
            vec![
                stored(MAIL_FROM, "Gala <g@example.org>"),
                stored(DOOR_SEARCH, "maybe"),
                stored(SMTP_URL, "gopher://nowhere"),
                stored("colour", "blue"),
            ],
        );
        assert_eq!(e.values.smtp_url, defaults.smtp_url);
        assert_eq!(e.values.mail_from.as_deref(), Some("Gala <g@example.org>"));
        assert!(
            !e.values.door_search,
            "an unreadable value keeps the default"
        );
        assert_eq!(e.stored.len(), 1);
        assert!(e.stored(MAIL_FROM).is_some() && e.stored(DOOR_SEARCH).is_none());
    }

    #[test]
    fn changes_are_checked_before_anything_is_stored() {
        let bad_url = SettingsChange {
            smtp_url: Some(Some("gopher://x".into())),
            ..Default::default()
        };
        assert!(matches!(
            stored_form(&bad_url),
            Err(Error::InvalidInput { .. })
        ));
        let bad_from = SettingsChange {
            mail_from: Some(Some("not an address".into())),
            ..Default::default()
        };
        let err = stored_form(&bad_from).expect_err("bad sender");
        assert!(err.to_string().contains("not a mail address"), "{err}");
        let good = SettingsChange {
            smtp_url: Some(Some(" smtp://127.0.0.1:2525 ".into())),
            mail_from: Some(Some("  Ball <a@example.org> ".into())),
            door_search: Some(Some(true)),
        };
        assert_eq!(
            stored_form(&good).expect("good"),
            vec![
                (SMTP_URL, Some("smtp://127.0.0.1:2525".into())),
                (MAIL_FROM, Some("Ball <a@example.org>".into())),
                (DOOR_SEARCH, Some("on".into())),
            ]
        );
        let back = SettingsChange {
            smtp_url: Some(None),
            mail_from: Some(Some(String::new())),
            door_search: Some(None),
        };
        assert_eq!(
            stored_form(&back).expect("back to defaults"),
            vec![(SMTP_URL, None), (MAIL_FROM, None), (DOOR_SEARCH, None)]
        );
    }
}
