//! Printing: aligned tables, modest colours (only on a terminal, through
//! `anstream`, which also honours `NO_COLOR`), JSON documents and times.

use std::fmt::Display;

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use ticketcore::Timestamp;
use unicode_width::UnicodeWidthStr;

/// Bold, for table headers and names.
pub const BOLD: Style = Style::new().bold();
/// Green, for good outcomes.
pub const GREEN: Style = AnsiColor::Green.on_default().bold();
/// Red, for refusals.
pub const RED: Style = AnsiColor::Red.on_default().bold();
/// Yellow, for warnings and used tickets.
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
/// Dimmed, for secondary information.
pub const DIM: Style = Style::new().dimmed();

/// `text` wrapped in `style` (stripped again by `anstream` when not on a terminal).
pub fn paint(style: Style, text: impl Display) -> String {
    format!("{style}{text}{style:#}")
}

/// Prints `value` as one pretty JSON document on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    anstream::println!("{text}");
    Ok(())
}

/// A table with a header row, printed with columns aligned.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// One cell: its text and an optional style.
pub struct Cell {
    text: String,
    style: Option<Style>,
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Self {
        Cell {
            text: text.into(),
            style: None,
        }
    }
}

impl Cell {
    /// A cell shown in `style`.
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        Cell {
            text: text.into(),
            style: Some(style),
        }
    }
}

impl Table {
    /// A table with these column titles.
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// A table with these column titles (already in the run's language).
    pub fn with_headers(headers: Vec<String>) -> Self {
        Table {
            headers,
            rows: Vec::new(),
        }
    }

    /// Appends a row (one cell per column).
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// Prints the table on stdout.
    pub fn print(&self) {
        let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(clean(&cell.text).width());
                }
            }
        }
        let line = |cells: Vec<(String, Option<Style>)>| {
            let last = cells.len().saturating_sub(1);
            let mut out = String::new();
            for (i, (text, style)) in cells.into_iter().enumerate() {
                let pad = if i == last {
                    0
                } else {
                    widths[i].saturating_sub(text.width()) + 2
                };
                match style {
                    Some(s) => out.push_str(&paint(s, &text)),
                    None => out.push_str(&text),
                }
                out.push_str(&" ".repeat(pad));
            }
            anstream::println!("{}", out.trim_end());
        };
        line(
            self.headers
                .iter()
                .map(|h| (h.clone(), Some(BOLD)))
                .collect(),
        );
        for row in &self.rows {
            line(
                row.iter()
                    .map(|c| (clean(&c.text), c.style))
                    .collect::<Vec<_>>(),
            );
        }
    }
}

/// A time for people: local time, to the second.
pub fn time(t: &Timestamp) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// A check-in time on the event's clock, with the zone: `2026-12-31 23:14:05 CET`.
pub fn event_time(t: &Timestamp, event: &ticketcore::Event) -> String {
    event
        .local_time(t)
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// An integer with the language's thousands separators: `17,576`
/// (`17.576` in German).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 3 {
        return digits;
    }
    let separator = crate::tr::t("cli-thousands-separator");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(&separator);
        }
        out.push(c);
    }
    out
}

/// Prints a note on stderr (`note: …`).
pub fn note(text: impl Display) {
    anstream::eprintln!("{} {text}", paint(DIM, crate::tr::t("cli-note")));
}

/// Prints a warning on stderr (`warning: …`).
pub fn warn(text: impl Display) {
    anstream::eprintln!("{} {text}", paint(YELLOW, crate::tr::t("cli-warning")));
}
