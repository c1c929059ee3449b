//! The command line's words in the environment's language
//! (`TICKET_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`; see
//! `ticketcore::i18n::Lang::from_env`), from `ticketcore/locales/*/cli.ftl`.

use std::fmt::Display;
use std::sync::OnceLock;

use ticketcore::i18n::{Area, Arg, Lang};

/// The language of this run.
pub fn lang() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(Lang::from_env)
}

/// A message without variables.
pub fn t(id: &str) -> String {
    lang().text(Area::Cli, id, &[])
}

/// A message with text variables: `t_with("cli-created", &[("name", &name)])`.
pub fn t_with(id: &str, args: &[(&str, &dyn Display)]) -> String {
    let owned: Vec<(&str, String)> = args.iter().map(|(n, v)| (*n, v.to_string())).collect();
    let args: Vec<(&str, Arg<'_>)> = owned
        .iter()
        .map(|(n, v)| (*n, Arg::Text(v.as_str())))
        .collect();
    lang().text(Area::Cli, id, &args)
}

/// A message whose words depend on the number `n` (`{ $n -> [one] … *[other] … }`),
/// with more text variables.
pub fn tn(id: &str, n: u64, args: &[(&str, &dyn Display)]) -> String {
    let owned: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
    let mut all: Vec<(&str, Arg<'_>)> = owned
        .iter()
        .map(|(k, v)| (*k, Arg::Text(v.as_str())))
        .collect();
    all.push(("n", Arg::Number(n as f64)));
    lang().text(Area::Cli, id, &all)
}
