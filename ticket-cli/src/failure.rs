//! Errors for people: one line on stderr, `error: …`.

use ticketcore::Error;

use crate::tr::{t, t_with};

/// Prints `err` as one line on stderr.
pub fn report(err: &anyhow::Error) {
    let line = describe(err).replace(['\n', '\r'], " ");
    anstream::eprintln!(
        "{} {line}",
        crate::output::paint(crate::output::RED, t("cli-error"))
    );
}

/// The message of an error chain, with `ticketcore` errors phrased for the
/// command line.
pub fn describe(err: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in err.chain() {
        if let Some(core) = cause.downcast_ref::<Error>() {
            parts.push(core_message(core));
            break;
        }
        parts.push(cause.to_string());
    }
    parts.join(": ")
}

fn core_message(err: &Error) -> String {
    let text = err.text(crate::tr::lang());
    match err {
        Error::NotFound { what: "event", .. } => t_with("cli-not-found-event", &[("error", &text)]),
        Error::NotFound { what: "user", .. } => t_with("cli-not-found-user", &[("error", &text)]),
        Error::NotFound { what: "ticket", .. } => {
            t_with("cli-not-found-ticket", &[("error", &text)])
        }
        // The CLI user owns the database: show the driver's reason.
        Error::Database(cause) => {
            t_with("cli-database-error", &[("reason", &chain(cause.as_ref()))])
        }
        Error::Migrate(cause) => t_with(
            "cli-database-migration-failed",
            &[("reason", &chain(cause.as_ref()))],
        ),
        _ => text,
    }
}

/// `err` and its sources, joined by `: `.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
