//! `event create`, `event list`, `event rules`.

use ticketcore::{CodeSpec, NewEvent, model, odds};

use super::Ctx;
use crate::args::EventCommand;
use crate::output::{self, BOLD, Cell, Table, paint};
use crate::tr::{t, t_with, tn};

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
                "{}",
                t_with(
                    "cli-event-created",
                    &[
                        ("name", &paint(BOLD, &event.name)),
                        ("slug", &event.slug),
                        ("id", &event.id),
                        ("zone", &event.time_zone),
                        (
                            "language",
                            &crate::tr::t(&format!("cli-lang-{}", event.language.code()))
                        ),
                    ],
                )
            );
            let advice = odds::advise(&event.code_spec, 0, odds_floor);
            let codes = t_with(
                "cli-event-codes",
                &[
                    ("length", &event.code_spec.length()),
                    ("alphabet", &short_alphabet(&event.code_spec.alphabet())),
                    ("possible", &output::count(advice.possible_codes)),
                ],
            );
            if advice.capacity == 0 {
                anstream::println!(
                    "{}",
                    t_with(
                        "cli-event-capacity-none",
                        &[("codes", &codes), ("floor", &advice.floor)],
                    )
                );
            } else {
                anstream::println!(
                    "{}",
                    tn(
                        "cli-event-capacity",
                        advice.capacity,
                        &[
                            ("codes", &codes),
                            ("capacity", &output::count(advice.capacity)),
                            ("floor", &advice.floor),
                        ],
                    )
                );
            }
            if advice.capacity < HINT_GUESTS
                && let Some(length) = event.code_spec.shortest_length(HINT_GUESTS, advice.floor)
            {
                output::note(t_with(
                    "cli-event-hint-code-length",
                    &[("guests", &output::count(HINT_GUESTS)), ("length", &length)],
                ));
            }
            anstream::println!("{}", t_with("cli-event-use-as", &[("slug", &event.slug)]));
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
                            anyhow::anyhow!(t_with("cli-walk-in-limit-invalid", &[("value", &n)]))
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
                "{}",
                t_with(
                    "cli-event-rules",
                    &[
                        ("event", &paint(BOLD, &event.name)),
                        (
                            "reentry",
                            &if rules.reentry {
                                t("cli-rules-on")
                            } else {
                                t("cli-rules-off")
                            },
                        ),
                        (
                            "walkins",
                            &match rules.walk_ins {
                                model::WalkIns::Off => t("cli-rules-off"),
                                model::WalkIns::Admins => t("cli-rules-walk-ins-admins"),
                                model::WalkIns::Doors => t("cli-rules-walk-ins-doors"),
                            },
                        ),
                        (
                            "limit",
                            &rules
                                .walk_in_limit
                                .map(|n| t_with("cli-rules-limit", &[("limit", &n)]))
                                .unwrap_or_default(),
                        ),
                    ],
                )
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
                anstream::println!("{}", t("cli-events-none"));
                return Ok(0);
            }
            let headers: Vec<String> = ["id", "slug", "name", "date", "codes", "tickets"]
                .iter()
                .map(|c| t(&format!("cli-events-col-{c}")))
                .collect();
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut table = Table::new(&headers);
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
