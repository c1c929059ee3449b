//! Paper at the door: the printable door list of an event and a printable
//! ticket for a guest without email.
//!
//! The door list is the last resort when the network and the phones fail:
//! every guest of the event, alphabetical by last name, with the code and a
//! box to tick, on numbered pages. The pages are cut here, not by the
//! browser, so every copy (from the web app or `ticket-cli tickets --format
//! print`) has the same page numbers: [`ROWS_PER_PAGE`] guests a page, each
//! row one line high (a long name is cut with an ellipsis rather than
//! pushing a row onto the next sheet). Both documents are whole HTML files
//! with their own print stylesheet and no script, so they print from any
//! browser, also saved to disk and opened offline.

use std::fmt::Write as _;

use crate::error::Result;
use crate::i18n::{Area, Arg, Lang};
use crate::model::{Event, Ticket, TicketStatus, Timestamp};
use crate::search::fold;

/// Guests on one printed page of the door list. 28 rows of 7.5 mm, with
/// the page's heading, fit A4 and US Letter alike within 12 mm margins.
pub const ROWS_PER_PAGE: usize = 28;

/// One guest on the door list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorListRow {
    /// The part of the name the list is sorted by (see [`last_name`]).
    pub last_name: String,
    /// The rest of the name (first names), possibly empty.
    pub given_names: String,
    /// The ticket's code.
    pub code: String,
    /// The guest's address (helps to tell two guests of the same name apart).
    pub email: String,
    /// Checked in already when the list was printed: the time on the
    /// event's clock as the list's language writes it (`9:14 PM CET`).
    pub checked_in: Option<String>,
    /// Revoked: the door must refuse this code.
    pub revoked: bool,
}

/// One printed page of the door list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorListPage {
    /// 1-based page number.
    pub number: usize,
    /// The guests on it, at most [`ROWS_PER_PAGE`].
    pub rows: Vec<DoorListRow>,
}

/// The door list of an event, cut into pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorList {
    /// The event's name.
    pub event_name: String,
    /// The event's date as the organiser wrote it.
    pub event_date: Option<String>,
    /// When the list was made, on the event's clock as its language writes
    /// it (`2026-12-07, 6:40 PM CET`).
    pub printed_at: String,
    /// How many guests it lists (revoked tickets included).
    pub guests: usize,
    /// The pages, at least one (an empty list prints one page saying so).
    pub pages: Vec<DoorListPage>,
}

/// Splits a guest's name into the part a door list is sorted by and the
/// rest: `"Anna Müller"` → `("Müller", "Anna")`; a name written
/// `"Müller, Anna"` is taken as last name first; a single word is all last
/// name. Particles stay with the given names (`"Ludwig van Beethoven"` →
/// `("Beethoven", "Ludwig van")`), which is how most lists sort.
///
/// ```
/// use ticketcore::paper::last_name;
/// assert_eq!(last_name("Anna Müller"), ("Müller".into(), "Anna".into()));
/// assert_eq!(last_name("Müller, Anna"), ("Müller".into(), "Anna".into()));
/// assert_eq!(last_name("Cher"), ("Cher".into(), String::new()));
/// assert_eq!(last_name("John Smith, Jr."), ("Smith".into(), "John, Jr.".into()));
/// assert_eq!(last_name("Anna Berg,"), ("Berg".into(), "Anna".into()));
/// ```
pub fn last_name(name: &str) -> (String, String) {
    let name = name.trim().trim_matches(',').trim();
    if let Some((before, after)) = name.split_once(',') {
        let after = after.trim();
        let key = after.trim_end_matches('.').to_lowercase();
        if SUFFIXES.contains(&key.as_str()) {
            // "John Smith, Jr.": Smith, John, Jr.
            let (last, given) = last_name(before);
            return (last, [given.as_str(), after].join(", "));
        }
        return (before.trim().to_string(), after.to_string());
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((given, last)) => (last.to_string(), given.trim_end().to_string()),
        None => (name.to_string(), String::new()),
    }
}

/// What may follow a name after a comma without being given names.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "phd", "md", "jun", "sen"];

/// The door list of `event` made at `now` from `tickets` (all of the
/// event's tickets, in any order): sorted by last name, then given names,
/// ignoring case and accents (`Ökan` between `Obi` and `Ozil`), then code;
/// cut into pages of [`ROWS_PER_PAGE`]. Times are on the event's clock as
/// `lang` writes them ([`Lang::clock`], [`Lang::date_time`]).
pub fn door_list(event: &Event, tickets: &[Ticket], now: &Timestamp, lang: Lang) -> DoorList {
    let mut rows: Vec<(String, String, DoorListRow)> = tickets
        .iter()
        .map(|t| {
            let (last, given) = last_name(&t.name);
            let row = DoorListRow {
                checked_in: match t.status {
                    TicketStatus::Used => t
                        .used_at
                        .as_ref()
                        .map(|at| lang.clock(at, &event.time_zone)),
                    _ => None,
                },
                revoked: t.status == TicketStatus::Revoked,
                code: t.code.clone(),
                email: t.email.clone(),
                last_name: last,
                given_names: given,
            };
            (fold(&row.last_name), fold(&row.given_names), row)
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, &a.1, &a.2.code).cmp(&(&b.0, &b.1, &b.2.code)));
    let guests = rows.len();
    let mut pages: Vec<DoorListPage> = Vec::with_capacity(guests.div_ceil(ROWS_PER_PAGE));
    for (i, (_, _, row)) in rows.into_iter().enumerate() {
        if i % ROWS_PER_PAGE == 0 {
            pages.push(DoorListPage {
                number: pages.len() + 1,
                rows: Vec::with_capacity(ROWS_PER_PAGE),
            });
        }
        if let Some(page) = pages.last_mut() {
            page.rows.push(row);
        }
    }
    if pages.is_empty() {
        pages.push(DoorListPage {
            number: 1,
            rows: Vec::new(),
        });
    }
    DoorList {
        event_name: event.name.clone(),
        event_date: event.date.clone(),
        printed_at: lang.date_time(now, &event.time_zone),
        guests,
        pages,
    }
}

/// `text` with the characters that mean something in HTML escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Styles shared by both documents: sheets on screen, plain paper in print.
const PAPER_CSS: &str = "\
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 10.5pt/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; color: #000; background: #e8e8e8; }
.how { max-width: 186mm; margin: 1rem auto; padding: 0 .5rem; font-size: 11pt; }
.sheet { background: #fff; max-width: 186mm; margin: 1rem auto; padding: 8mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.code { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-weight: 700; letter-spacing: .12em; }
@media print {
  body { background: #fff; }
  .how { display: none; }
  .sheet { width: auto; margin: 0; padding: 0; box-shadow: none; break-after: page; }
  .sheet:last-child { break-after: auto; }
}
";

/// Styles of the door list's table.
const LIST_CSS: &str = "\
.head { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1.5pt solid #000; padding-bottom: 2mm; margin-bottom: 1mm; }
.head h1 { font-size: 14pt; margin: 0; }
.head .page { font-weight: 700; white-space: nowrap; }
.meta { font-size: 9pt; color: #333; margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { text-align: left; font-size: 8.5pt; text-transform: uppercase; letter-spacing: .05em; color: #333; padding: 1mm; }
td { height: 7.5mm; padding: 0 1mm; border-bottom: .5pt solid #999; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
col.tick { width: 9mm; } col.state { width: 24mm; }
.box { display: inline-block; width: 4.5mm; height: 4.5mm; border: 1pt solid #000; vertical-align: middle; text-align: center; line-height: 4mm; font-size: 9pt; }
td.code { font-size: 12pt; }
.email { font-size: 8.5pt; color: #333; }
tr.revoked td.name, tr.revoked td.code { text-decoration: line-through; }
.state { font-size: 9pt; }
.empty { padding: 6mm 0; }
";

/// A paper text in `lang` (`locales/*/paper.ftl`), HTML-escaped.
fn say(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    escape(&lang.text(Area::Pages, id, args))
}

/// The door list as a whole HTML document in `lang`, ready to print. Every
/// name and address is escaped.
pub fn door_list_html(list: &DoorList, lang: Lang) -> String {
    let total = list.pages.len();
    let title = escape(&list.event_name);
    let guests = Arg::Number(list.guests as f64);
    let mut html = String::with_capacity(2048 + list.guests * 400);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{head}</title><style>{PAPER_CSS}{LIST_CSS}</style></head><body>\
         <p class=\"how\">{how}</p>",
        code = lang.code(),
        head = say(
            lang,
            "paper-list-title",
            &[("event", Arg::Text(&list.event_name))]
        ),
        how = say(
            lang,
            "paper-list-how",
            &[("guests", guests), ("pages", Arg::Number(total as f64))]
        ),
    );
    let date = list
        .event_date
        .as_deref()
        .map(|d| format!("{} · ", escape(d)))
        .unwrap_or_default();
    // The code column fits the longest code whole (about 3.2 mm a letter at
    // 12 pt with the letter spacing); the address column gives way.
    let longest = list
        .pages
        .iter()
        .flat_map(|p| p.rows.iter())
        .map(|r| r.code.chars().count())
        .max()
        .unwrap_or(3);
    let code_mm = (longest as f64 * 3.2 + 5.0).max(20.0);
    let email_mm = (78.0 - code_mm).max(24.0);
    let columns = format!(
        "<colgroup><col class=\"tick\"><col class=\"name\">\
         <col class=\"code\" style=\"width: {code_mm:.1}mm\">\
         <col class=\"email\" style=\"width: {email_mm:.1}mm\"><col class=\"state\"></colgroup>"
    );
    for page in &list.pages {
        let _ = write!(
            html,
            "<section class=\"sheet\"><div class=\"head\"><h1>{title}</h1>\
             <span class=\"page\">{page_of}</span></div>\
             <p class=\"meta\">{date}{meta}</p>\
             <table>{columns}<thead><tr><th></th><th>{name}</th><th>{code}</th><th>{email}</th><th>{status}</th></tr></thead><tbody>",
            page_of = say(
                lang,
                "paper-page",
                &[
                    ("n", Arg::Text(&page.number.to_string())),
                    ("total", Arg::Text(&total.to_string()))
                ]
            ),
            meta = say(
                lang,
                "paper-meta",
                &[("printed", Arg::Text(&list.printed_at)), ("guests", guests)]
            ),
            name = say(lang, "paper-col-name", &[]),
            code = say(lang, "paper-col-code", &[]),
            email = say(lang, "paper-col-email", &[]),
            status = say(lang, "paper-col-status", &[]),
        );
        if page.rows.is_empty() {
            let _ = write!(
                html,
                "<tr><td colspan=\"5\" class=\"empty\">{}</td></tr>",
                say(lang, "paper-empty", &[])
            );
        }
        for row in &page.rows {
            let (class, tick, state) = match (&row.checked_in, row.revoked) {
                (_, true) => (" class=\"revoked\"", "✗", say(lang, "paper-revoked", &[])),
                (Some(at), false) => (
                    "",
                    "✓",
                    say(lang, "paper-in-at", &[("time", Arg::Text(at))]),
                ),
                (None, false) => ("", "", String::new()),
            };
            let name = if row.given_names.is_empty() {
                format!("<b>{}</b>", escape(&row.last_name))
            } else {
                format!(
                    "<b>{}</b>, {}",
                    escape(&row.last_name),
                    escape(&row.given_names)
                )
            };
            let _ = write!(
                html,
                "<tr{class}><td><span class=\"box\">{tick}</span></td><td class=\"name\">{name}</td>\
                 <td class=\"code\">{code}</td><td class=\"email\">{email}</td>\
                 <td class=\"state\">{state}</td></tr>",
                code = escape(&row.code),
                email = escape(&row.email),
            );
        }
        html.push_str("</tbody></table></section>");
    }
    html.push_str("</body></html>\n");
    html
}

/// Styles of the printable ticket.
const TICKET_CSS: &str = "\
.ticket { text-align: center; padding: 14mm 10mm; border: 1pt dashed #000; }
.ticket h1 { font-size: 20pt; margin: 0 0 2mm; }
.ticket .date { margin: 0 0 8mm; }
.ticket .guest { font-size: 16pt; margin: 0 0 6mm; }
.ticket .code { font-size: 44pt; margin: 0 0 4mm; }
.ticket img { width: 50mm; height: 50mm; image-rendering: pixelated; }
.ticket .hint { font-size: 10pt; color: #333; margin-top: 6mm; }
";

/// A printable ticket for `ticket` of `event`, for a guest without email:
/// the event, the guest's name, the code in large letters and its QR code
/// (the same as in the ticket mail, inline as a `data:` URL), as a whole
/// HTML document. A revoked ticket prints no code.
///
/// # Errors
/// [`crate::Error::Internal`] when the QR code cannot be drawn (see
/// [`crate::mail::qr::ticket_qr_png`]).
pub fn ticket_html(event: &Event, ticket: &Ticket, lang: Lang) -> Result<String> {
    use base64::Engine as _;
    let title = escape(&event.name);
    let mut html = String::with_capacity(8192);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{head}</title><style>{PAPER_CSS}{TICKET_CSS}</style></head><body>\
         <p class=\"how\">{how}</p>\
         <section class=\"sheet\"><div class=\"ticket\"><h1>{title}</h1>",
        code = lang.code(),
        head = say(
            lang,
            "paper-ticket-title",
            &[
                ("event", Arg::Text(&event.name)),
                ("name", Arg::Text(&ticket.name))
            ]
        ),
        how = say(lang, "paper-ticket-how", &[]),
    );
    if let Some(date) = &event.date {
        let _ = write!(html, "<p class=\"date\">{}</p>", escape(date));
    }
    let _ = write!(html, "<p class=\"guest\">{}</p>", escape(&ticket.name));
    if ticket.status == TicketStatus::Revoked {
        let _ = write!(
            html,
            "<p class=\"code\">{}</p><p class=\"hint\">{}</p>",
            say(lang, "paper-ticket-revoked-code", &[]),
            say(lang, "paper-ticket-revoked", &[])
        );
    } else {
        let png = crate::mail::qr::ticket_qr_png(&ticket.code)?;
        let _ = write!(
            html,
            "<p class=\"code\">{code}</p><img alt=\"{alt}\" src=\"data:image/png;base64,{png}\">\
             <p class=\"hint\">{hint}</p>",
            code = escape(&ticket.code),
            alt = say(
                lang,
                "paper-ticket-qr-alt",
                &[("code", Arg::Text(&ticket.code))]
            ),
            hint = say(lang, "paper-ticket-hint", &[]),
            png = base64::engine::general_purpose::STANDARD.encode(png),
        );
    }
    html.push_str("</div></section></body></html>\n");
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventId, MailStatus, TicketId};

    fn event() -> Event {
        Event {
            id: EventId(1),
            slug: "ball".into(),
            name: "Ball <&>".into(),
            date: Some("2026-12-31".into()),
            code_spec: crate::CodeSpec::default(),
            time_zone: chrono_tz::Europe::Berlin,
            created_at: crate::model::from_millis(0),
            sender: None,
            reentry: false,
            walk_ins: Default::default(),
            walk_in_limit: None,
            language: Default::default(),
        }
    }

    fn ticket(i: i64, name: &str, status: TicketStatus) -> Ticket {
        Ticket {
            id: TicketId(i),
            event_id: EventId(1),
            code: format!("C{i:03}"),
            name: name.into(),
            email: format!("g{i}@example.org"),
            salutation: None,
            status,
            used_at: (status == TicketStatus::Used)
                .then(|| crate::model::from_millis(1_800_000_000_000)),
            used_by: None,
            revoked_at: None,
            mail_status: MailStatus::Pending,
            mail_sent_at: None,
            mail_error: None,
            mail_attempts: 0,
            created_at: crate::model::from_millis(0),
            persons: 1,
            arrived: 0,
            inside: 0,
            note: None,
            walk_in: false,
            language: None,
        }
    }

    #[test]
    fn sorts_by_last_name_ignoring_case_and_accents() {
        let tickets = [
            ticket(1, "Zoe Ozil", TicketStatus::Valid),
            ticket(2, "anna Öbi", TicketStatus::Valid),
            ticket(3, "Obi, Ben", TicketStatus::Valid),
            ticket(4, "Madonna", TicketStatus::Valid),
        ];
        let list = door_list(&event(), &tickets, &crate::model::from_millis(0), Lang::En);
        let order: Vec<_> = list.pages[0]
            .rows
            .iter()
            .map(|r| (r.last_name.as_str(), r.given_names.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("Madonna", ""),
                ("Öbi", "anna"),
                ("Obi", "Ben"),
                ("Ozil", "Zoe")
            ]
        );
    }

    #[test]
    fn pages_hold_every_guest_once_and_are_numbered() {
        let tickets: Vec<_> = (0..200)
            .map(|i| ticket(i, &format!("Guest {i:03}"), TicketStatus::Valid))
            .collect();
        let list = door_list(&event(), &tickets, &crate::model::from_millis(0), Lang::En);
        assert_eq!(list.pages.len(), 200_usize.div_ceil(ROWS_PER_PAGE));
        assert!(list.pages.iter().all(|p| p.rows.len() <= ROWS_PER_PAGE));
        let mut codes: Vec<_> = list
            .pages
            .iter()
            .flat_map(|p| p.rows.iter().map(|r| r.code.clone()))
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 200);
        let html = door_list_html(&list, Lang::En);
        for n in 1..=list.pages.len() {
            assert!(html.contains(&format!("Page {n} of {}", list.pages.len())));
        }
    }

    #[test]
    fn escapes_names_and_marks_used_and_revoked() {
        let tickets = [
            ticket(1, "<script>x</script> Doe", TicketStatus::Used),
            ticket(2, "Eve Evil", TicketStatus::Revoked),
        ];
        let html = door_list_html(
            &door_list(&event(), &tickets, &crate::model::from_millis(0), Lang::En),
            Lang::En,
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(html.contains("Ball &lt;&amp;&gt;"));
        assert!(
            html.contains("in at 9:00 AM CET"),
            "checked in at 09:00 in Berlin"
        );
        assert!(html.contains("class=\"revoked\""));
        // German writes its own clock and date.
        let german = door_list_html(
            &door_list(&event(), &tickets, &crate::model::from_millis(0), Lang::De),
            Lang::De,
        );
        assert!(german.contains("09:00 Uhr"), "{german}");
        assert!(german.contains("01.01.1970, 01:00 Uhr"), "{german}");
    }

    #[test]
    fn an_empty_event_prints_one_page() {
        let list = door_list(&event(), &[], &crate::model::from_millis(0), Lang::En);
        assert_eq!(list.pages.len(), 1);
        assert!(door_list_html(&list, Lang::En).contains("No guests yet."));
    }

    #[test]
    fn the_door_list_and_ticket_print_in_german() -> Result<()> {
        let tickets: Vec<Ticket> = (0..30)
            .map(|i| ticket(i, &format!("Gast {i:03}"), TicketStatus::Valid))
            .collect();
        let list = door_list(&event(), &tickets, &crate::model::from_millis(0), Lang::En);
        let html = door_list_html(&list, Lang::De);
        assert!(html.contains("<html lang=\"de\">"));
        assert!(html.contains("Seite 2 von 2") && html.contains("30 Gäste auf 2 Seiten"));
        assert!(html.contains("<th>E-Mail</th>") && !html.contains("Page "));
        let html = ticket_html(
            &event(),
            &ticket(8, "Ann Lee", TicketStatus::Revoked),
            Lang::De,
        )?;
        assert!(html.contains(">STORNIERT<") && html.contains("lässt niemanden ein"));
        Ok(())
    }

    #[test]
    fn a_ticket_shows_its_code_and_qr_unless_revoked() -> Result<()> {
        let html = ticket_html(
            &event(),
            &ticket(7, "Ann Lee", TicketStatus::Valid),
            Lang::En,
        )?;
        assert!(html.contains("<p class=\"code\">C007</p>"));
        assert!(html.contains("src=\"data:image/png;base64,"));
        let html = ticket_html(
            &event(),
            &ticket(8, "Ann Lee", TicketStatus::Revoked),
            Lang::En,
        )?;
        assert!(!html.contains("C008"));
        assert!(html.contains("REVOKED"));
        Ok(())
    }
}
