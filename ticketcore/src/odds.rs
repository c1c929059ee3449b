//! Advice on code length from the guessing odds.
//!
//! With `n` possible codes and `t` tickets issued, a random guess at the door
//! hits a real ticket once in `n ÷ t` tries ([`CodeSpec::guessing_odds`]). Below
//! a floor (by default [`DEFAULT_ODDS_FLOOR`], "1 in 100") an event should use
//! longer codes; [`advise`] says how many guests a code setting can take and
//! which length meets the floor.

use serde::Serialize;

use crate::code::CodeSpec;

/// The guessing odds below which frontends warn: one hit in 100 guesses.
pub const DEFAULT_ODDS_FLOOR: f64 = 100.0;

/// How safe an event's codes are against guessing, with advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OddsAdvice {
    /// How many codes the event's alphabet and length allow.
    pub possible_codes: u64,
    /// Tickets issued (revoked ones included: their codes stay taken).
    pub tickets: u64,
    /// Guesses per hit (`possible_codes ÷ tickets`); `None` without tickets.
    pub odds: Option<f64>,
    /// The floor the odds are compared with.
    pub floor: f64,
    /// Whether the odds are worse than the floor.
    pub below_floor: bool,
    /// The most tickets this code setting can take while keeping the floor.
    pub capacity: u64,
    /// When below the floor: the shortest code length over the same alphabet
    /// that would meet it for this many tickets (for a new event).
    pub suggested_length: Option<u32>,
}

/// Rates `spec` with `tickets` issued against `floor` guesses per hit
/// (a floor below 1 counts as 1).
///
/// ```
/// use ticketcore::{CodeSpec, odds};
/// let advice = odds::advise(&CodeSpec::default(), 500, odds::DEFAULT_ODDS_FLOOR);
/// assert_eq!(advice.capacity, 175); // 17,576 codes / 100
/// assert!(advice.below_floor);
/// assert_eq!(advice.suggested_length, Some(4));
/// ```
pub fn advise(spec: &CodeSpec, tickets: u64, floor: f64) -> OddsAdvice {
    let floor = if floor.is_finite() && floor >= 1.0 {
        floor
    } else {
        1.0
    };
    let size = spec.size();
    let odds = (tickets > 0).then(|| spec.guessing_odds(tickets));
    let below_floor = odds.is_some_and(|o| o < floor);
    OddsAdvice {
        possible_codes: size,
        tickets,
        odds,
        floor,
        below_floor,
        capacity: (size as f64 / floor).floor() as u64,
        suggested_length: if below_floor {
            spec.shortest_length(tickets, floor)
        } else {
            None
        },
    }
}
