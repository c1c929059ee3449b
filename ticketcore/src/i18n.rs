//! Languages: the texts of the pages, the door and the default mail, in
//! Project Fluent files, one per language and area
//! (`ticketcore/locales/{language}/{area}.ftl`), built into the binary.
//!
//! A language ships an area when it has that area's file ([`Lang::ships`]);
//! a shipped file has every message of the English one (checked by the
//! tests, so nothing falls back to English at run time). English and German
//! ship every area (pages, door, mail, command line, the core's errors);
//! French and Spanish the door, the mail and the errors (which the door
//! shows).
//!
//! Adding a language: copy `locales/en` to `locales/{code}`, translate the
//! messages (keep the ids and the `{ $variables }`), and add the language to
//! [`Lang`] and to the file table below.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language the app speaks. Every language writes the mails and the
/// door (a test keeps it so): a guest's or an event's language is any.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

/// Where a text is used: each area is one file per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// The organiser's and the door's pages rendered by the server.
    Pages,
    /// The door page's live results and messages (its script's strings).
    Door,
    /// The default ticket mail.
    Mail,
    /// The command line's messages to people (not its JSON).
    Cli,
    /// The core's errors and refusals, and a guest-list row's problems
    /// ([`crate::message::Message`]): shown on the pages, at the door and
    /// on the command line.
    Errors,
}

impl Area {
    /// Every area.
    pub const ALL: [Area; 5] = [Area::Pages, Area::Door, Area::Mail, Area::Cli, Area::Errors];
}

/// The shipped files: language, area, file name, text. An area may have
/// several files (the pages have one per part of the app); their message
/// ids are distinct.
const FILES: &[(Lang, Area, &str, &str)] = &[
    (
        Lang::En,
        Area::Pages,
        "pages",
        include_str!("../locales/en/pages.ftl"),
    ),
    (
        Lang::En,
        Area::Pages,
        "tickets",
        include_str!("../locales/en/tickets.ftl"),
    ),
    (
        Lang::En,
        Area::Pages,
        "organiser",
        include_str!("../locales/en/organiser.ftl"),
    ),
    (
        Lang::En,
        Area::Pages,
        "paper",
        include_str!("../locales/en/paper.ftl"),
    ),
    (
        Lang::En,
        Area::Door,
        "door",
        include_str!("../locales/en/door.ftl"),
    ),
    (
        Lang::En,
        Area::Mail,
        "mail",
        include_str!("../locales/en/mail.ftl"),
    ),
    (
        Lang::En,
        Area::Errors,
        "errors",
        include_str!("../locales/en/errors.ftl"),
    ),
    (
        Lang::En,
        Area::Cli,
        "cli",
        include_str!("../locales/en/cli.ftl"),
    ),
    (
        Lang::De,
        Area::Pages,
        "pages",
        include_str!("../locales/de/pages.ftl"),
    ),
    (
        Lang::De,
        Area::Pages,
        "tickets",
        include_str!("../locales/de/tickets.ftl"),
    ),
    (
        Lang::De,
        Area::Pages,
        "organiser",
        include_str!("../locales/de/organiser.ftl"),
    ),
    (
        Lang::De,
        Area::Pages,
        "paper",
        include_str!("../locales/de/paper.ftl"),
    ),
    (
        Lang::De,
        Area::Door,
        "door",
        include_str!("../locales/de/door.ftl"),
    ),
    (
        Lang::De,
        Area::Mail,
        "mail",
        include_str!("../locales/de/mail.ftl"),
    ),
    (
        Lang::De,
        Area::Errors,
        "errors",
        include_str!("../locales/de/errors.ftl"),
    ),
    (
        Lang::De,
        Area::Cli,
        "cli",
        include_str!("../locales/de/cli.ftl"),
    ),
    (
        Lang::Fr,
        Area::Door,
        "door",
        include_str!("../locales/fr/door.ftl"),
    ),
    (
        Lang::Fr,
        Area::Mail,
        "mail",
        include_str!("../locales/fr/mail.ftl"),
    ),
    (
        Lang::Fr,
        Area::Errors,
        "errors",
        include_str!("../locales/fr/errors.ftl"),
    ),
    (
        Lang::Es,
        Area::Door,
        "door",
        include_str!("../locales/es/door.ftl"),
    ),
    (
        Lang::Es,
        Area::Mail,
        "mail",
        include_str!("../locales/es/mail.ftl"),
    ),
    (
        Lang::Es,
        Area::Errors,
        "errors",
        include_str!("../locales/es/errors.ftl"),
    ),
];

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Fr, Lang::Es];

    /// The ISO 639-1 code: `en`, `de`, `fr`, `es` (as `<html lang>`,
    /// `Content-Language` and the database store it).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's own name, for a language switch: `Deutsch`.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Es => "Español",
        }
    }

    /// Reads a language as people write it: a code with or without region
    /// (`de`, `de-AT`, `fr_CH`, any case) or its name in English or in
    /// itself (`German`, `Deutsch`, `français`, `Spanisch`). `None` for
    /// anything else and for languages the app does not speak.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_lowercase();
        let primary = s.split(['-', '_']).next().unwrap_or_default();
        let lang = match primary {
            "en" | "eng" | "english" | "englisch" | "anglais" | "inglés" | "ingles" => Lang::En,
            "de" | "deu" | "ger" | "german" | "deutsch" | "allemand" | "alemán" | "aleman" => {
                Lang::De
            }
            "fr" | "fra" | "fre" | "french" | "französisch" | "franzosisch" | "français"
            | "francais" | "francés" | "frances" => Lang::Fr,
            "es" | "spa" | "spanish" | "spanisch" | "espagnol" | "español" | "espanol"
            | "castellano" => Lang::Es,
            _ => return None,
        };
        Some(lang)
    }

    /// The language of the environment, for the command line:
    /// `TICKET_LANG`, else the POSIX `LC_ALL`, `LC_MESSAGES`, `LANG` (the
    /// first one set and not empty: `de_DE.UTF-8` is German); English when
    /// it names no language the app speaks (`C`, `POSIX`).
    pub fn from_env() -> Lang {
        ["TICKET_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.trim().is_empty())
            .and_then(|value| Lang::parse(value.split('.').next().unwrap_or_default()))
            .unwrap_or_default()
    }

    /// Whether the language ships `area` (has its files).
    pub fn ships(self, area: Area) -> bool {
        FILES.iter().any(|(l, a, _, _)| *l == self && *a == area)
    }

    /// The languages that ship `area`, English first.
    pub fn shipping(area: Area) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| l.ships(area)).collect()
    }

    /// The best of `offered` for an `Accept-Language` header (`de-AT,
    /// de;q=0.9, en;q=0.5`): the highest weight wins, then the header's
    /// order; a region is ignored (`de-AT` asks for German); `*` and
    /// languages with weight 0 are skipped. `None` when nothing offered is
    /// asked for (the caller picks its default).
    pub fn negotiate(accept_language: &str, offered: &[Lang]) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in accept_language.split(',').take(32) {
            let mut fields = part.split(';');
            let tag = fields.next().unwrap_or_default().trim();
            let weight = fields
                .find_map(|f| f.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            // A weight is 0 to 1 (RFC 9110); NaN, infinities and larger
            // numbers are no weight.
            if !(weight > 0.0 && weight <= 1.0) || tag == "*" || tag.len() > 35 {
                continue;
            }
            // Codes only here: a header never names languages in words.
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            let Some(lang) = Lang::ALL
                .into_iter()
                .find(|l| l.code().eq_ignore_ascii_case(primary))
            else {
                continue;
            };
            if offered.contains(&lang) && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The message `id` of `area` in this language (English where this
    /// language does not ship the area), its `{ $variables }` filled from
    /// `args`. An unknown id gives the id itself (and a log line): the
    /// tests keep every id used in every shipped file.
    pub fn text(self, area: Area, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let lang = if self.ships(area) { self } else { Lang::En };
        let Some(bundle) = BUNDLES.get(&(lang, area)) else {
            return id.to_string();
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(lang = lang.code(), ?area, id, "no such message");
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(*s)),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// A page text ([`Area::Pages`]) without variables.
    pub fn page(self, id: &str) -> String {
        self.text(Area::Pages, id, &[])
    }

    /// The time of day of `at` on the clock of `zone`, as this language
    /// writes it (its `time-format` and `clock` door messages): `9:14 PM
    /// CET` in English, `21:14 Uhr` in German.
    pub fn clock(self, at: &crate::model::Timestamp, zone: &chrono_tz::Tz) -> String {
        // The two messages, formatted once per language: a live feed and a
        // table of 200 rows write many clock times.
        static CLOCKS: LazyLock<HashMap<Lang, (String, String)>> = LazyLock::new(|| {
            Lang::ALL
                .into_iter()
                .map(|l| {
                    let args = [("time", Arg::Text("{time}")), ("zone", Arg::Text("{zone}"))];
                    let pattern = (
                        l.text(Area::Door, "time-format", &[]),
                        l.text(Area::Door, "clock", &args),
                    );
                    (l, pattern)
                })
                .collect()
        });
        let Some((time_format, clock)) = CLOCKS.get(&self) else {
            return String::new();
        };
        let local = at.with_timezone(zone);
        clock
            .replace("{time}", &local.format(time_format).to_string())
            .replace("{zone}", &local.format("%Z").to_string())
    }

    /// An instant with its date on the clock of `zone`, as this language
    /// writes it (its `date-format` and `date-time` door messages):
    /// `2026-12-07, 9:14 PM CET`, `07.12.2026, 21:14 Uhr`.
    pub fn date_time(self, at: &crate::model::Timestamp, zone: &chrono_tz::Tz) -> String {
        let date = at
            .with_timezone(zone)
            .format(&self.text(Area::Door, "date-format", &[]))
            .to_string();
        let clock = self.clock(at, zone);
        self.text(
            Area::Door,
            "date-time",
            &[("date", Arg::Text(&date)), ("clock", Arg::Text(&clock))],
        )
    }

    /// Every door message of this language as JavaScript templates: each
    /// `{ $name }` becomes `{name}`, for the door page's script to fill in
    /// (door messages choose no words by number, so one template each).
    pub fn door_templates(self) -> Vec<(String, String)> {
        self.templates(Area::Door, "")
    }

    /// The messages of `area` whose ids start with `prefix`, as
    /// JavaScript templates like [`Lang::door_templates`] (for a page's
    /// script: `tickets-js-…`). Such messages choose no words by number.
    pub fn templates(self, area: Area, prefix: &str) -> Vec<(String, String)> {
        let lang = if self.ships(area) { self } else { Lang::En };
        let mut out = Vec::new();
        for (_, _, _, source) in FILES.iter().filter(|(l, a, _, _)| *l == lang && *a == area) {
            let ids: Vec<String> = message_ids(source)
                .into_iter()
                .filter(|id| id.starts_with(prefix))
                .collect();
            if ids.is_empty() {
                continue;
            }
            let names = variables(source);
            let owned: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
            let args: Vec<(&str, Arg<'_>)> = names
                .iter()
                .zip(&owned)
                .map(|(n, v)| (n.as_str(), Arg::Text(v)))
                .collect();
            for id in ids {
                let text = lang.text(area, &id, &args);
                out.push((id, text));
            }
        }
        out
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A value for a message's `{ $variable }`.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Text(&'a str),
    /// A number: selects plural forms (`[one]`, `[other]`).
    Number(f64),
}

/// Every (language, area) bundle, parsed once. Isolation marks are off:
/// texts go into HTML, mail headers and scripts, where they would show.
static BUNDLES: LazyLock<HashMap<(Lang, Area), FluentBundle<FluentResource>>> =
    LazyLock::new(|| {
        let mut bundles: HashMap<(Lang, Area), FluentBundle<FluentResource>> = HashMap::new();
        for (lang, area, file, text) in FILES {
            let resource = match FluentResource::try_new((*text).to_string()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    tracing::error!(lang = lang.code(), file, ?errors, "bad .ftl file");
                    r
                }
            };
            let bundle = bundles.entry((*lang, *area)).or_insert_with(|| {
                let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                bundle.set_use_isolating(false);
                bundle
            });
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(lang = lang.code(), file, ?errors, "bad .ftl file");
            }
        }
        bundles
    });

/// The message ids of a `.ftl` text, in file order (lines that start with a
/// lower-case identifier and `=`; terms, comments and continuations are
/// skipped).
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let first = id.chars().next()?;
            (first.is_ascii_lowercase()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| id.to_string())
        })
        .collect()
}

/// The `{ $variable }` names used anywhere in a `.ftl` text.
fn variables(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The shipped text of `lang`'s file `file` (`pages`, `door`, …), if it
/// ships one (for tests and tools that check the files).
pub fn source(lang: Lang, file: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(l, _, f, _)| *l == lang && *f == file)
        .map(|(_, _, _, text)| *text)
}

/// The names of the shipped files, each once, with their area.
pub fn files() -> Vec<(&'static str, Area)> {
    let mut out: Vec<(&'static str, Area)> = Vec::new();
    for (_, area, file, _) in FILES {
        if !out.iter().any(|(f, _)| f == file) {
            out.push((*file, *area));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped file parses, and has exactly the English file's
    /// messages: nothing is missing (no English at run time) and nothing is
    /// left over (a renamed id in one file only).
    #[test]
    fn every_shipped_file_has_every_message() {
        for (file, area) in files() {
            let english = message_ids(source(Lang::En, file).unwrap_or_default());
            assert!(!english.is_empty(), "{file}");
            for lang in Lang::ALL {
                let Some(text) = source(lang, file) else {
                    assert!(
                        !lang.ships(area),
                        "{lang} ships {area:?} but not {file}.ftl"
                    );
                    continue;
                };
                assert!(
                    FluentResource::try_new(text.to_string()).is_ok(),
                    "{lang}/{file}.ftl does not parse"
                );
                let ids = message_ids(text);
                let missing: Vec<&String> = english.iter().filter(|id| !ids.contains(id)).collect();
                let extra: Vec<&String> = ids.iter().filter(|id| !english.contains(id)).collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{lang}/{file}.ftl: missing {missing:?}, not in English {extra:?}"
                );
                // Every message formats without an error in its language.
                let bundle = &BUNDLES[&(lang, area)];
                for id in &ids {
                    let message = bundle.get_message(id).expect("message");
                    let pattern = message.value().expect("a value");
                    let mut errors = Vec::new();
                    let mut args = FluentArgs::new();
                    for name in variables(text) {
                        args.set(name, FluentValue::from(2));
                    }
                    bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{lang}/{file}.ftl: {id}: {errors:?}");
                }
            }
        }
    }

    /// Every `msg!("id", name = …)` of the workspace's sources, and every
    /// error text the web server asks for by id, names a message of the
    /// English `errors.ftl` that formats with exactly those variables (a
    /// typo in an id or a variable would show as the id or as `{$name}`).
    #[test]
    fn every_message_the_code_writes_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        let mut dirs: Vec<std::path::PathBuf> =
            ["ticketcore/src", "ticket-web/src", "ticket-cli/src"]
                .iter()
                .map(|d| root.join(d))
                .collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("source folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let bundle = &BUNDLES[&(Lang::En, Area::Errors)];
        let mut checked = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            // Comments show the syntax with made-up ids.
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            for (id, names) in message_uses(&code) {
                let message = bundle.get_message(&id);
                let pattern = message.and_then(|m| m.value());
                assert!(pattern.is_some(), "{}: no message {id}", file.display());
                let mut args = FluentArgs::new();
                for name in &names {
                    args.set(name.clone(), FluentValue::from(2));
                }
                let mut errors = Vec::new();
                if let Some(pattern) = pattern {
                    bundle.format_pattern(pattern, Some(&args), &mut errors);
                }
                assert!(
                    errors.is_empty(),
                    "{}: {id} {names:?}: {errors:?}",
                    file.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 150, "only {checked} uses found");
    }

    /// The message ids and variable names of `msg!(…)`, `error_text(…)`
    /// and `api_error_text(…)` calls in a Rust source (the code's own
    /// syntax: the id is the first string, variables are `name =` at the
    /// call's top level or `("name", …)` pairs).
    fn message_uses(text: &str) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for opener in ["msg!(", "error_text("] {
            let mut rest = text;
            while let Some(at) = rest.find(opener) {
                rest = &rest[at + opener.len()..];
                let body: String = {
                    let mut depth = 1;
                    rest.chars()
                        .take_while(|c| {
                            match c {
                                '(' | '[' => depth += 1,
                                ')' | ']' => depth -= 1,
                                _ => {}
                            }
                            depth > 0
                        })
                        .collect()
                };
                let trimmed = body.trim_start();
                let Some(id_text) = trimmed.strip_prefix('"') else {
                    continue; // a definition or a non-literal id
                };
                let Some(end) = id_text.find('"') else {
                    continue;
                };
                let id = id_text[..end].to_string();
                if !id.starts_with(|c: char| c.is_ascii_lowercase())
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    continue; // not an id (this test's own search strings)
                }
                let args = &id_text[end + 1..];
                let mut names = Vec::new();
                if opener == "msg!(" {
                    let mut depth = 0;
                    let mut word = String::new();
                    let mut chars = args.chars().peekable();
                    while let Some(c) = chars.next() {
                        match c {
                            '(' | '[' | '{' => depth += 1,
                            ')' | ']' | '}' => depth -= 1,
                            _ => {}
                        }
                        if c.is_ascii_alphanumeric() || c == '_' {
                            word.push(c);
                        } else {
                            if c == '='
                                && depth == 0
                                && chars.peek() != Some(&'=')
                                && !word.is_empty()
                            {
                                names.push(word.clone());
                            }
                            if !c.is_whitespace() {
                                word.clear();
                            }
                        }
                    }
                } else {
                    let mut quoted = args.split('"');
                    quoted.next();
                    names = quoted.step_by(2).map(str::to_string).collect();
                }
                out.push((id, names));
            }
        }
        out
    }

    #[test]
    fn english_and_german_ship_everything_french_and_spanish_the_door_and_mail() {
        for area in Area::ALL {
            assert!(Lang::En.ships(area) && Lang::De.ships(area));
        }
        for lang in Lang::ALL {
            assert!(
                lang.ships(Area::Door) && lang.ships(Area::Mail) && lang.ships(Area::Errors),
                "{lang}"
            );
        }
    }

    #[test]
    fn accept_language_picks_the_best_offered() {
        let all = Lang::ALL;
        assert_eq!(
            Lang::negotiate("de-AT,de;q=0.9,en;q=0.5", &all),
            Some(Lang::De)
        );
        assert_eq!(Lang::negotiate("en;q=0.5, fr", &all), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("ja, es;q=0.1", &all), Some(Lang::Es));
        assert_eq!(Lang::negotiate("ja, *", &all), None);
        assert_eq!(Lang::negotiate("de;q=0, en;q=0.2", &all), Some(Lang::En));
        assert_eq!(Lang::negotiate("fr", &[Lang::En, Lang::De]), None);
        assert_eq!(Lang::negotiate("", &all), None);
        assert_eq!(Lang::negotiate("de;q=abc", &all), None);
        assert_eq!(Lang::negotiate("fr;q=nan, de", &all), Some(Lang::De));
        assert_eq!(
            Lang::negotiate("es;q=inf, en;q=5, de;q=0.5", &all),
            Some(Lang::De)
        );
        // The next choice that ships pages.
        assert_eq!(
            Lang::negotiate(
                "fr-CH,fr;q=0.9,de;q=0.8,en;q=0.7",
                &Lang::shipping(Area::Pages)
            ),
            Some(Lang::De)
        );
    }

    #[test]
    fn languages_are_read_as_people_write_them() {
        for (s, lang) in [
            ("de", Lang::De),
            ("DE-at", Lang::De),
            ("Deutsch", Lang::De),
            ("german", Lang::De),
            ("fr_CH", Lang::Fr),
            ("Français", Lang::Fr),
            ("Spanisch", Lang::Es),
            ("español", Lang::Es),
            (" en ", Lang::En),
        ] {
            assert_eq!(Lang::parse(s), Some(lang), "{s}");
        }
        assert_eq!(Lang::parse("it"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn the_clock_follows_the_language() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T20:14:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc);
        let zone = chrono_tz::Europe::Berlin;
        assert_eq!(Lang::En.clock(&at, &zone), "9:14 PM CET");
        assert_eq!(Lang::De.clock(&at, &zone), "21:14 Uhr");
        assert_eq!(Lang::En.date_time(&at, &zone), "2026-12-07, 9:14 PM CET");
        assert_eq!(Lang::De.date_time(&at, &zone), "07.12.2026, 21:14 Uhr");
        assert_eq!(Lang::Fr.date_time(&at, &zone), "07/12/2026, 21:14");
    }

    #[test]
    fn door_templates_keep_their_placeholders() {
        let texts: HashMap<String, String> = Lang::De.door_templates().into_iter().collect();
        assert_eq!(texts["welcome"], "Willkommen");
        assert!(texts.values().all(|t| !t.contains('$')), "{texts:?}");
    }
}
