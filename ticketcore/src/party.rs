//! Parties and re-entry: the rules of how many people one ticket lets in.
//!
//! A ticket admits a party of `persons` people (1 unless the guest list
//! says more). Of them, `arrived` have come in at least once and `inside`
//! are in now. An entry scan lets in `n` of them (by default all still to
//! come); an exit scan lets `n` out (by default all inside). Without
//! re-entry, people who came in never come in again: an entry needs
//! `arrived + n <= persons`. With re-entry, whoever is outside may come in:
//! an entry needs `inside + n <= persons`, and those coming back are
//! counted before newcomers (`arrived` grows only by the rest). Nobody is
//! ever inside twice: `inside <= arrived <= persons` always holds.
//!
//! These functions are the whole rule; the stores only apply what they
//! decide under a row lock, and undo replays a ticket's scans through
//! [`replay`].

use serde::Serialize;

use crate::error::{Error, Result};
use crate::guard::Verdict;
use crate::model::{Event, ScanOutcome, Timestamp};
use crate::office::{TicketOffice, door_label};
use crate::store::Store;

/// Largest party one ticket admits.
pub const MAX_PERSONS: u32 = 1000;

/// Which way a scan goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Coming in (the usual scan).
    #[default]
    In,
    /// Going out (a door in exit mode).
    Out,
}

impl Direction {
    /// `in` or `out`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// A party's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Party {
    /// How many people the ticket admits.
    pub size: u32,
    /// How many have come in at least once.
    pub arrived: u32,
    /// How many are inside now.
    pub inside: u32,
}

/// Why a party scan lets nobody through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An entry for more people than may come in now (`left` may: 0 when
    /// the whole party has come, or is inside).
    TooMany {
        /// How many may still come in.
        left: u32,
    },
    /// An exit for more people than are inside (`inside` are).
    NotInside {
        /// How many are inside.
        inside: u32,
    },
}

impl Party {
    /// A party of `size` of whom nobody has come yet.
    pub fn of(size: u32) -> Party {
        Party {
            size,
            ..Party::default()
        }
    }

    /// How many may come in now.
    pub fn may_enter(&self, reentry: bool) -> u32 {
        if reentry {
            self.size.saturating_sub(self.inside)
        } else {
            self.size.saturating_sub(self.arrived)
        }
    }

    /// The party after a scan of `persons` people (`None`: all who may)
    /// going `direction`, and how many went through.
    ///
    /// # Errors
    /// A [`Refusal`] when nobody may go through, or fewer than asked.
    pub fn scan(
        &self,
        persons: Option<u32>,
        direction: Direction,
        reentry: bool,
    ) -> Result<(Party, u32), Refusal> {
        match direction {
            Direction::In => {
                let left = self.may_enter(reentry);
                let n = persons.unwrap_or(left);
                if n == 0 || n > left {
                    return Err(Refusal::TooMany { left });
                }
                // Those outside who came before come back first.
                let returning = (self.arrived - self.inside).min(if reentry { n } else { 0 });
                Ok((
                    Party {
                        size: self.size,
                        arrived: self.arrived + (n - returning),
                        inside: self.inside + n,
                    },
                    n,
                ))
            }
            Direction::Out => {
                let n = persons.unwrap_or(self.inside);
                if n == 0 || n > self.inside {
                    return Err(Refusal::NotInside {
                        inside: self.inside,
                    });
                }
                Ok((
                    Party {
                        size: self.size,
                        arrived: self.arrived,
                        inside: self.inside - n,
                    },
                    n,
                ))
            }
        }
    }
}

/// Checks a scan's number of people: 1 to [`MAX_PERSONS`] (`None`: all who
/// may).
///
/// # Errors
/// [`Error::InvalidInput`] (field `persons`) outside that range.
pub fn check_persons(persons: Option<u32>) -> Result<()> {
    match persons {
        Some(n) if !(1..=MAX_PERSONS).contains(&n) => Err(Error::invalid(
            "persons",
            crate::msg!("persons-range", max = MAX_PERSONS),
        )),
        _ => Ok(()),
    }
}

/// One scan of a party, as [`crate::store::Store::party_scan`] decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyStep {
    /// The ticket's code (normalised).
    pub code: String,
    /// What the door typed, for the log.
    pub typed: String,
    /// How many people (`None`: all who may).
    pub persons: Option<u32>,
    /// In or out.
    pub direction: Direction,
    /// Whether the event lets guests come in again.
    pub reentry: bool,
    /// The door.
    pub by: String,
}

/// One logged scan of a ticket, as [`replay`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedScan {
    /// An admission (entry or exit) that went through, or an undo.
    pub undo: bool,
    /// How many went through (`None`: the whole party, as scans logged
    /// before parties existed).
    pub persons: Option<u32>,
    /// Which way.
    pub direction: Direction,
    /// By which door.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// What a ticket's log adds up to: its party counts, and the first entry
/// still standing (for `used_at` and `used_by`), or `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    /// The counts.
    pub party: Party,
    /// When and where the party first came in.
    pub first: Option<(Timestamp, String)>,
}

/// Replays a ticket's log (its admissions and undos, oldest first) with the
/// party rule: an admission the rule refuses at its place (a repeated log
/// line, a party made smaller since) changes nothing, and each undo takes
/// back the latest admission that did change something and still stands.
pub fn replay(size: u32, reentry: bool, log: &[LoggedScan]) -> Replayed {
    let standing = standing(size, reentry, log);
    let first = standing
        .iter()
        .find(|(e, _)| e.direction == Direction::In)
        .map(|(e, _)| (e.at, e.by.clone()));
    Replayed {
        party: standing.last().map_or(Party::of(size), |(_, p)| *p),
        first,
    }
}

/// When the people of a party first came in, from its log as [`replay`]
/// reads it: `(time of the admission, people who came in for the first
/// time)` for each admission that stands and brought someone new, oldest
/// first. The counts add up to the party's `arrived`; a re-entry brings
/// nobody new. For the arrivals chart, which counts people as well as
/// tickets.
pub fn arrivals(size: u32, reentry: bool, log: &[LoggedScan]) -> Vec<(Timestamp, u32)> {
    let mut before = Party::of(size);
    let mut out = Vec::new();
    for (entry, party) in standing(size, reentry, log) {
        let new = party.arrived.saturating_sub(before.arrived);
        if new > 0 {
            out.push((entry.at, new));
        }
        before = party;
    }
    out
}

/// The admissions of a log that stand, each with the party after it: an
/// admission the rule refuses at its place (a repeated log line, a party
/// made smaller since) changes nothing, and each undo takes back the latest
/// admission that did change something and still stands.
fn standing(size: u32, reentry: bool, log: &[LoggedScan]) -> Vec<(&LoggedScan, Party)> {
    walk(size, reentry, log).0
}

/// How many people each line of a log let through at its place (`None`:
/// an undo, or a line the rule refuses there), replayed as [`replay`]
/// does. A party's size is about to change: its lines logged without a
/// number ("all who had not come") are written with these numbers first,
/// so the new size does not change what they did.
pub fn counts_at_place(size: u32, reentry: bool, log: &[LoggedScan]) -> Vec<Option<u32>> {
    walk(size, reentry, log).1
}

/// [`standing`] and [`counts_at_place`] in one replay.
fn walk(
    size: u32,
    reentry: bool,
    log: &[LoggedScan],
) -> (Vec<(&LoggedScan, Party)>, Vec<Option<u32>>) {
    let start = Party::of(size);
    let mut standing: Vec<(&LoggedScan, Party)> = Vec::new();
    let mut counts = Vec::with_capacity(log.len());
    for entry in log {
        let party = standing.last().map_or(start, |(_, p)| *p);
        // An entry logged without a number (the fast path, an offline
        // upload, scans from before parties) let in those who never came,
        // whatever the re-entry rule: decided as without re-entry.
        let reentry = reentry && !(entry.persons.is_none() && entry.direction == Direction::In);
        if entry.undo {
            standing.pop();
            counts.push(None);
        } else if let Ok((next, n)) = party.scan(entry.persons, entry.direction, reentry) {
            standing.push((entry, next));
            counts.push(Some(n));
        } else {
            counts.push(None);
        }
    }
    (standing, counts)
}

impl<S: Store> TicketOffice<S> {
    /// Scans a typed code at a door for `persons` people of the ticket's
    /// party (`None`: all who may) going `direction`. A plain entry (all
    /// still to come, no re-entry) is [`TicketOffice::scan_as`]: batched
    /// and group-committed with other doors' scans; any other is decided
    /// under the ticket's row lock ([`Store::party_scan`]). Input that is
    /// no code of the event goes through [`TicketOffice::scan_as`] too, so
    /// it is logged and spends guessing budget alike.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for 0 or more than [`MAX_PERSONS`] people, or
    /// more than may go through now ("only 1 of the party of 4 may come in
    /// now"); [`Error::Conflict`] for an exit when nobody of the party is
    /// inside; as [`TicketOffice::scan_as`].
    pub async fn scan_party(
        &self,
        event: &Event,
        typed: &str,
        user: &str,
        door: &str,
        persons: Option<u32>,
        direction: Direction,
    ) -> Result<ScanOutcome> {
        check_persons(persons)?;
        if persons.is_none() && direction == Direction::In && !event.reentry {
            return self.scan_as(event, typed, user, door).await;
        }
        let Ok(code) = event.code_spec.normalise(typed) else {
            return self.scan_as(event, typed, user, door).await;
        };
        // Party scans spend the guessing budget like every scan: a user out
        // of budget cannot probe codes with exits or partial entries.
        let by = door_label(user, door);
        let reservation = self.door_guard().reserve(event.id, user, &by).await?;
        let decided = self
            .party_step(event, code, typed, user, door, persons, direction)
            .await;
        let verdict = match &decided {
            Ok(ScanOutcome::Admitted { .. } | ScanOutcome::Exited { .. }) => Verdict::Admitted,
            // Unknown: scanned again below, where it is booked.
            _ => Verdict::Known,
        };
        reservation.settle(verdict, std::time::Instant::now());
        match decided? {
            ScanOutcome::Unknown => self.scan_as(event, typed, user, door).await,
            outcome => Ok(outcome),
        }
    }

    /// One party scan of the (normalised) `code`, decided under the
    /// ticket's row lock; the caller charges the guessing budget.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn party_step(
        &self,
        event: &Event,
        code: String,
        typed: &str,
        user: &str,
        door: &str,
        persons: Option<u32>,
        direction: Direction,
    ) -> Result<ScanOutcome> {
        let step = PartyStep {
            code,
            typed: typed
                .chars()
                .filter(|c| !c.is_control())
                .take(crate::MAX_LOGGED_INPUT_CHARS)
                .collect(),
            persons,
            direction,
            reentry: event.reentry,
            by: door_label(user, door),
        };
        self.inner().party_scan(event.id, &step).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn party(size: u32) -> Party {
        Party {
            size,
            ..Party::default()
        }
    }

    #[test]
    fn three_then_one_of_four_then_red() {
        let p = party(4);
        let (p, n) = p.scan(Some(3), Direction::In, false).expect("3");
        assert_eq!((p.arrived, p.inside, n), (3, 3, 3));
        let (p, n) = p.scan(None, Direction::In, false).expect("the rest");
        assert_eq!((p.arrived, p.inside, n), (4, 4, 1));
        assert_eq!(
            p.scan(None, Direction::In, false),
            Err(Refusal::TooMany { left: 0 })
        );
    }

    #[test]
    fn exit_then_entry_only_with_reentry() {
        let p = party(2);
        let (p, _) = p.scan(None, Direction::In, false).expect("in");
        let (p, n) = p.scan(Some(1), Direction::Out, false).expect("out");
        assert_eq!((p.arrived, p.inside, n), (2, 1, 1));
        assert!(
            p.scan(Some(1), Direction::In, false).is_err(),
            "no re-entry"
        );
        let (p, _) = p.scan(Some(1), Direction::In, true).expect("re-entry");
        assert_eq!((p.arrived, p.inside), (2, 2));
        assert_eq!(
            p.scan(Some(3), Direction::Out, true),
            Err(Refusal::NotInside { inside: 2 })
        );
    }

    #[test]
    fn undo_takes_back_the_latest_scan() {
        let at = crate::model::from_millis(0);
        let scan = |persons, direction, undo| LoggedScan {
            undo,
            persons,
            direction,
            by: "door".into(),
            at,
        };
        let log = [
            scan(Some(3), Direction::In, false),
            scan(Some(1), Direction::In, false),
            scan(None, Direction::In, true),
        ];
        let r = replay(4, false, &log);
        assert_eq!((r.party.arrived, r.party.inside), (3, 3));
        assert!(r.first.is_some());
        let r = replay(4, false, &[log[0].clone(), log[2].clone()]);
        assert_eq!((r.party.arrived, r.party.inside, r.first), (0, 0, None));
        // Scans from before parties: the whole party.
        let r = replay(1, false, &[scan(None, Direction::In, false)]);
        assert_eq!((r.party.arrived, r.party.inside), (1, 1));
        // With re-entry on, an entry logged without a number (an offline
        // upload) let in those who never came, not those who went out.
        let log = [
            scan(Some(3), Direction::In, false),
            scan(Some(2), Direction::Out, false),
            scan(None, Direction::In, false),
            scan(Some(1), Direction::Out, false),
            scan(None, Direction::In, true),
        ];
        let r = replay(4, true, &log);
        assert_eq!((r.party.arrived, r.party.inside), (4, 2));
    }

    #[test]
    fn arrivals_count_first_comers_when_they_came() {
        let scan = |ms, persons, direction, undo| LoggedScan {
            undo,
            persons,
            direction,
            by: "door".into(),
            at: crate::model::from_millis(ms),
        };
        let log = [
            scan(1_000, Some(2), Direction::In, false),
            scan(2_000, Some(1), Direction::Out, false),
            scan(3_000, Some(1), Direction::In, false),
            scan(4_000, None, Direction::In, false),
            scan(5_000, Some(1), Direction::In, false),
            scan(6_000, None, Direction::In, true),
        ];
        let ms = |v: Vec<(Timestamp, u32)>| {
            v.into_iter()
                .map(|(t, n)| (t.timestamp_millis(), n))
                .collect::<Vec<_>>()
        };
        // Re-entry on: the 3 s entry is the one who went out coming back;
        // the 4 s entry lets in the two who never came; the 5 s entry is
        // refused (all 4 inside), so the undo takes back the 4 s one.
        assert_eq!(ms(arrivals(4, true, &log)), vec![(1_000, 2)]);
        // Without re-entry the 3 s entry is a newcomer.
        assert_eq!(ms(arrivals(4, false, &log)), vec![(1_000, 2), (3_000, 1)]);
        let total: u32 = arrivals(4, false, &log[..4]).iter().map(|(_, n)| n).sum();
        assert_eq!(total, replay(4, false, &log[..4]).party.arrived);
    }

    proptest! {
        /// Any sequence of entries and exits keeps nobody inside twice and
        /// never loses an admission: the counts equal a plain model's.
        #[test]
        fn counts_match_a_model(
            size in 1u32..6,
            reentry in any::<bool>(),
            steps in proptest::collection::vec((any::<bool>(), proptest::option::of(0u32..7)), 0..30),
        ) {
            let mut p = party(size);
            // The model: who of the party is in, who came at least once.
            let mut came = vec![false; size as usize];
            let mut inside = vec![false; size as usize];
            for (exit, persons) in steps {
                let direction = if exit { Direction::Out } else { Direction::In };
                let before = p;
                match p.scan(persons, direction, reentry) {
                    Ok((next, n)) => {
                        prop_assert!(n >= 1);
                        let mut moved = 0;
                        if exit {
                            for person in inside.iter_mut() {
                                if moved < n && *person { *person = false; moved += 1; }
                            }
                        } else {
                            // Returning guests first (only with re-entry), then newcomers.
                            for i in 0..size as usize {
                                if moved < n && reentry && came[i] && !inside[i] { inside[i] = true; moved += 1; }
                            }
                            for i in 0..size as usize {
                                if moved < n && !came[i] { came[i] = true; inside[i] = true; moved += 1; }
                            }
                        }
                        prop_assert_eq!(moved, n, "the model moved as many");
                        p = next;
                    }
                    Err(_) => prop_assert_eq!(p, before),
                }
                let arrived = came.iter().filter(|c| **c).count() as u32;
                let now_in = inside.iter().filter(|c| **c).count() as u32;
                prop_assert_eq!((p.arrived, p.inside), (arrived, now_in));
                prop_assert!(p.inside <= p.arrived && p.arrived <= p.size);
            }
        }
    }
}
