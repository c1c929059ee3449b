//! Sentences for people that the core writes (errors, refusals, a guest-list
//! row's problems), kept as a message id of the `errors.ftl` files and its
//! arguments, so each frontend writes them in its reader's language.
//!
//! `Display` writes English; [`Message::text`] writes any language
//! ([`crate::i18n`]). Build one with [`msg!`](crate::msg):
//!
//! ```
//! use ticketcore::{i18n::Lang, msg};
//! let m = msg!("party-at-least", arrived = 3u32);
//! assert_eq!(
//!     m.to_string(),
//!     "3 people of this party have come in: the ticket must admit at least 3"
//! );
//! assert!(m.text(Lang::De).starts_with("3 Personen dieser Gruppe"));
//! ```

use std::fmt;

use crate::i18n::{Area, Arg, Lang};

/// A sentence of the core: a message id of the `errors.ftl` files and the
/// values of its `{ $variables }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Value)>,
}

/// The value of one `{ $variable }` of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value {
    /// Text inserted as it is: a name, a code, a file name, a quoted cell.
    Text(String),
    /// A whole number: selects plural forms (`[one]`, `[other]`).
    Number(i64),
    /// Another sentence, written in the same language.
    Message(Box<Message>),
    /// Several sentences, written in the same language and joined with "; ".
    List(Vec<Message>),
}

impl Message {
    /// The message `id` of the `errors.ftl` files with `args`. An id missing
    /// from the files shows as itself (and the tests fail: see
    /// `every_message_the_core_writes_exists`).
    pub fn new(id: &'static str, args: Vec<(&'static str, Value)>) -> Self {
        Message { id, args }
    }

    /// The message id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The sentence in `lang` (English where `lang` ships no `errors.ftl`).
    pub fn text(&self, lang: Lang) -> String {
        let written: Vec<(&str, Written)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let w = match value {
                    Value::Text(s) => Written::Text(s.clone()),
                    Value::Number(n) => Written::Number(*n),
                    Value::Message(m) => Written::Text(m.text(lang)),
                    Value::List(ms) => Written::Text(
                        ms.iter()
                            .map(|m| m.text(lang))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                };
                (*name, w)
            })
            .collect();
        let args: Vec<(&str, Arg<'_>)> = written
            .iter()
            .map(|(name, w)| {
                let arg = match w {
                    Written::Text(s) => Arg::Text(s),
                    #[allow(clippy::cast_precision_loss)]
                    Written::Number(n) => Arg::Number(*n as f64),
                };
                (*name, arg)
            })
            .collect();
        lang.text(Area::Errors, self.id, &args)
    }
}

enum Written {
    Text(String),
    Number(i64),
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Text(s.clone())
    }
}

impl From<char> for Value {
    fn from(c: char) -> Self {
        Value::Text(c.to_string())
    }
}

impl From<Message> for Value {
    fn from(m: Message) -> Self {
        Value::Message(Box::new(m))
    }
}

impl From<Vec<Message>> for Value {
    fn from(ms: Vec<Message>) -> Self {
        Value::List(ms)
    }
}

/// Largest whole number a Fluent number (an `f64`) holds exactly (2^53).
const EXACT: i64 = 1 << 53;

macro_rules! number_values {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            /// A number, or its digits as text where a Fluent number would
            /// round it (beyond 2^53: sizes a zip file declares).
            fn from(n: $t) -> Self {
                match i64::try_from(n) {
                    Ok(n) if (-EXACT..=EXACT).contains(&n) => Value::Number(n),
                    _ => Value::Text(n.to_string()),
                }
            }
        }
    )*};
}
number_values!(u8, u16, u32, u64, usize, i32, i64);

/// Builds a [`Message`]: `msg!("id")` or `msg!("id", name = value, ...)`;
/// a value is text (`&str`, `String`, `char`), a whole number, another
/// [`Message`] or a list of them.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::Message::new(
            $id,
            vec![$((stringify!($name), $crate::message::Value::from($value))),*],
        )
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_numbers_keep_every_digit() {
        let m = crate::msg!(
            "import-uncompressed-too-large",
            uncompressed = u64::MAX,
            max = 20_971_520u64
        );
        let text = m.to_string();
        assert!(text.contains("18446744073709551615 bytes"), "{text}");
        assert!(text.contains("at most 20971520"), "{text}");
    }
}
