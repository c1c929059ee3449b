//! `event create`, `event list`, `event rules`.

use ticketcore::{CodeSpec, NewEvent, model, odds};

use super::Ctx;
use crate::args::EventCommand;
use crate::output::{self, BOLD, Cell, Table, paint};

/// Below this many guests at the odds floor, `event create` suggests a longer code.
const HINT_GUESTS: u64 = 1000;

pub async fn run(ctx: &Ctx, cmd: EventCommand) -> anyhow::Result<u8> {
    match cmd {
        EventCommand::Create {
            name,
            date,
            code_length,
            alphabet,
            slug,
            odds_floor,
            time_zone,
            language,
        } => {
            // Check the code settings before touching the database.
            let code_spec =
                CodeSpec::new(&alphabet, code_length).map_err(ticketcore::Error::from)?;
            let time_zone = model::time_zone_or_host(time_zone.as_deref())?;
            let office = ctx.office().await?;
            let event = office
                .create_event(NewEvent {
                    name,
                    slug,
                    date,
                    code_spec,
                    time_zone,
                    language,
                })
                .await?;
            if ctx.json {
                output::json(&event)?;
                return Ok(0);
            }
            anstream::println!(
                "Created event {} ({}), id {}, times shown in {}, mails in {}.",
                paint(BOLD, &event.name),
                event.slug,
                event.id,
                event.time_zone,
                event.language.name()
            );
            let advice = odds::advise(&event.code_spec, 0, odds_floor);
            let codes = format!(
                "Codes: {} characters from {} ({} possible).",
                event.code_spec.length(),
                short_alphabet(&event.code_spec.alphabet()),
                output::count(advice.possible_codes),
            );
            if advice.capacity == 0 {
                anstream::println!(
                    "{codes} Even one guest makes a random guess hit more often than 1 in {}.",
                    advice.floor
                );
            } else {
                anstream::println!(
                    "{codes} Up to {} guests keep a random guess's chance at 1 in {} or less.",
                    output::count(advice.capacity),
                    advice.floor
                );
            }
            if advice.capacity < HINT_GUESTS
                && let Some(length) = event.code_spec.shortest_length(HINT_GUESTS, advice.floor)
            {
                output::note(format!(
                    "for up to {} guests at the same odds, create the event with --code-length {length}",
                    output::count(HINT_GUESTS)
                ));
            }
            anstream::println!("Use it as --event {}.", event.slug);
        }
        EventCommand::Rules {
            event,
            reentry,
            walk_ins,
            walk_in_limit,
        } => {
            let office = ctx.office().await?;
            let mut event = office.event(&event).await?;
            if reentry.is_some() || walk_ins.is_some() || walk_in_limit.is_some() {
                let mut rules = ticketcore::door_rules::DoorRules::of(&event);
                if let Some(on) = reentry {
                    rules.reentry = on;
                }
                if let Some(who) = walk_ins {
                    rules.walk_ins = model::WalkIns::parse(&who)?;
                }
                if let Some(limit) = walk_in_limit {
                    rules.walk_in_limit = match limit.trim() {
                        "none" | "" => None,
                        n => Some(n.parse().map_err(|_| {
                            anyhow::anyhow!("--walk-in-limit: `{n}` is not a number or `none`")
                        })?),
                    };
                }
                event = office.set_door_rules(&event, rules).await?;
            }
            let rules = ticketcore::door_rules::DoorRules::of(&event);
            if ctx.json {
                output::json(&rules)?;
                return Ok(0);
            }
            anstream::println!(
                "{}: re-entry {}; walk-ins {}{}",
                paint(BOLD, &event.name),
                if rules.reentry { "on" } else { "off" },
                match rules.walk_ins {
                    model::WalkIns::Off => "off",
                    model::WalkIns::Admins => "by admins",
                    model::WalkIns::Doors => "by admins and door staff",
                },
                rules
                    .walk_in_limit
                    .map(|n| format!(", at most {n}"))
                    .unwrap_or_default()
            );
        }
        EventCommand::List => {
            let office = ctx.office().await?;
            let events = office.events().await?;
            if ctx.json {
                output::json(&events)?;
                return Ok(0);
            }
            if events.is_empty() {
                anstream::println!(
                    "No events yet; create one with `ticket-cli event create NAME`."
                );
                return Ok(0);
            }
            let mut table = Table::new(&["ID", "SLUG", "NAME", "DATE", "CODES", "TICKETS"]);
            for e in &events {
                let stats = office.stats(e).await?;
                table.row(vec![
                    Cell::from(e.id.to_string()),
                    Cell::from(e.slug.as_str()),
                    Cell::from(e.name.as_str()),
                    Cell::from(e.date.clone().unwrap_or_default()),
                    Cell::from(format!(
                        "{} × {}",
                        e.code_spec.length(),
                        short_alphabet(&e.code_spec.alphabet())
                    )),
                    Cell::from(output::count(stats.total)),
                ]);
            }
            table.print();
        }
    }
    Ok(0)
}

/// `A–Z` for the default alphabet, the alphabet itself (shortened) otherwise.
fn short_alphabet(alphabet: &str) -> String {
    if alphabet == ticketcore::code::DEFAULT_ALPHABET {
        return "A–Z".to_string();
    }
    let chars: Vec<char> = alphabet.chars().collect();
    if chars.len() > 12 {
        format!("{}…", chars[..12].iter().collect::<String>())
    } else {
        alphabet.to_string()
    }
}
