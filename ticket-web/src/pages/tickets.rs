//! View tickets: who is here and who not yet, live.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use ticketcore::door_rules::{DoorRules, WalkIn};
use ticketcore::model::WalkIns;
use ticketcore::{Event, Role, Stats, Ticket, TicketFilter};

use crate::api::TicketQuery;
use crate::auth::Admin;
use crate::error::PageError;
use crate::pages::{Nav, show_clock, show_time};
use crate::state::AppState;
use ticketcore::model::Tz;

/// Rows per page.
const PAGE: u32 = 200;

/// One bar of the arrivals chart: people who came in during 15 minutes.
struct Bar {
    x: u32,
    height: u32,
    label: String,
    people: u64,
    tickets: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "tickets.html")]
struct TicketsPage {
    nav: Nav,
    event: Event,
    /// What an undo or revocation just did, shown above the table.
    notice: Option<String>,
    /// Why adding a guest, a walk-in or the door rules failed.
    problem: Option<String>,
    /// The form `problem` is about (`guest`, `walk-in`, `rules`): its
    /// card is shown open.
    form: &'static str,
    /// Whether the stats line counts people too (parties, walk-ins or
    /// re-entry make them differ from the tickets).
    people: bool,
    tickets: Vec<Ticket>,
    stats: Stats,
    status: String,
    search: String,
    offset: u32,
    /// The order shown (`TicketSort::as_str`).
    sort: &'static str,
    more: bool,
    bars: Vec<Bar>,
    chart_width: usize,
    alerts: Vec<crate::pages::guard::AlertView>,
    conflicts: Vec<crate::sync::ConflictView>,
}

impl TicketsPage {
    /// A check-in time as every row shows it, live or not: `21:14 CET`.
    fn clock(&self, t: &Option<ticketcore::Timestamp>) -> String {
        t.as_ref()
            .map(|t| show_clock(t, &self.event.time_zone))
            .unwrap_or_default()
    }

    /// The same with its date, for the tooltip: `2026-12-07 21:14 CET`.
    fn time(&self, t: &Option<ticketcore::Timestamp>) -> String {
        t.as_ref()
            .map(|t| show_time(t, &self.event.time_zone))
            .unwrap_or_default()
    }

    /// A ticket's party as its status cell shows it after the pill: `3 of 4`
    /// (arrived of persons) and `2 inside` when some went out, `party of 4`
    /// before anyone came, `went out` for a guest alone; empty for a guest
    /// alone who is in or expected. `tickets.js` words it alike.
    fn party(&self, t: &Ticket) -> String {
        party_text(t.persons, t.arrived, t.inside)
    }

    /// The largest party a ticket may admit.
    fn max_persons(&self) -> u32 {
        ticketcore::party::MAX_PERSONS
    }

    /// The door rules in a few words, for the card's title.
    fn rules_summary(&self) -> String {
        rules_summary(&self.event)
    }

    /// The walk-in cap as the form shows it (blank: none).
    fn walk_in_limit(&self) -> String {
        self.event
            .walk_in_limit
            .map(|n| n.to_string())
            .unwrap_or_default()
    }

    fn page_link(&self, offset: u32) -> String {
        format!(
            "?status={}&search={}&sort={}&offset={offset}",
            crate::auth::urlencode(&self.status),
            crate::auth::urlencode(&self.search),
            self.sort
        )
    }

    /// The orders offered, as `(value, label)`.
    fn sorts(&self) -> Vec<(&'static str, String)> {
        ticketcore::TicketSort::ALL
            .into_iter()
            .map(|s| {
                let label = match s {
                    ticketcore::TicketSort::Issued => "tickets-sort-issued",
                    ticketcore::TicketSort::Name => "tickets-name",
                    ticketcore::TicketSort::Status => "tickets-status",
                    ticketcore::TicketSort::CheckIn => "tickets-sort-check-in",
                };
                (s.as_str(), crate::lang::t(label))
            })
            .collect()
    }

    /// A mail status as its pill says it: `sent`.
    fn mail_word(&self, status: &ticketcore::MailStatus) -> String {
        crate::lang::t(match status {
            ticketcore::MailStatus::Pending => "tickets-mail-pending",
            ticketcore::MailStatus::Sending => "tickets-mail-sending",
            ticketcore::MailStatus::Sent => "tickets-mail-sent",
            ticketcore::MailStatus::Failed => "tickets-mail-failed",
            ticketcore::MailStatus::NotMailed => "tickets-mail-none",
        })
    }

    /// A guessing alert's counts: `(1200 refused since 21:14 CET, latest
    /// 21:20 CET; doors: door-1).`
    fn alert_counts(&self, a: &crate::pages::guard::AlertView) -> String {
        crate::lang::t_with(
            "tickets-alert-counts",
            &[
                ("refused", &a.refused.to_string()),
                ("since", &a.since),
                ("last", &a.last),
                ("doors", &a.doors),
            ],
        )
    }
}

/// See [`TicketsPage::party`] (the messages are the script's, so both
/// word it alike).
fn party_text(persons: u32, arrived: u32, inside: u32) -> String {
    use crate::lang::{t, t1, t2, t3};
    match (persons, arrived) {
        (0 | 1, _) if inside < arrived => t("tickets-js-party-went-out"),
        (0 | 1, _) => String::new(),
        (_, 0) => t1("tickets-js-party-of", "size", persons),
        _ if inside < arrived => t3(
            "tickets-js-party-inside",
            "arrived",
            arrived,
            "size",
            persons,
            "inside",
            inside,
        ),
        _ => t2("tickets-js-party", "arrived", arrived, "size", persons),
    }
}

/// `re-entry on · walk-ins: admins and door staff, at most 20`.
fn rules_summary(event: &Event) -> String {
    use crate::lang::{t, t1, t2};
    let who = t(match event.walk_ins {
        WalkIns::Off => "tickets-rules-who-off",
        WalkIns::Admins => "tickets-rules-who-admins",
        WalkIns::Doors => "tickets-rules-who-doors",
    });
    let walk_ins = match (event.walk_ins, event.walk_in_limit) {
        (WalkIns::Off, _) | (_, None) => t1("tickets-rules-walk-ins", "who", &who),
        (_, Some(n)) => t2("tickets-rules-walk-ins-capped", "who", &who, "cap", n),
    };
    let reentry = t(if event.reentry {
        "tickets-rules-reentry-on"
    } else {
        "tickets-rules-reentry-off"
    });
    t2(
        "tickets-rules-summary",
        "reentry",
        reentry,
        "walk_ins",
        walk_ins,
    )
}

/// Buckets of 15 minutes; at most the last 48 are drawn, as tall as their
/// people (a bucket where only the rest of parties came still shows).
fn chart(arrivals: &[ticketcore::ArrivalBucket], zone: &Tz) -> Vec<Bar> {
    let shown = &arrivals[arrivals.len().saturating_sub(48)..];
    let max = shown.iter().map(|b| b.people).max().unwrap_or(1).max(1);
    shown
        .iter()
        .enumerate()
        .map(|(i, b)| Bar {
            x: i as u32 * 12,
            height: ((b.people as f64 / max as f64) * 80.0).round().max(1.0) as u32,
            label: show_clock(&b.start, zone),
            people: b.people,
            tickets: b.tickets,
        })
        .collect()
}

/// `GET /events/{event}/tickets`
pub async fn page(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Query(page): Query<PageQuery>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let notice = match (page.done.as_deref(), page.code.as_deref()) {
        (Some("rules"), _) => Some(crate::lang::t1(
            "tickets-done-rules",
            "rules",
            rules_summary(&event),
        )),
        (Some(done), Some(code)) => {
            use crate::lang::{t, t1, t2, t3};
            let ticket = state.office.ticket(&event, code).await.ok();
            let who = match &ticket {
                Some(tk) => format!("{} ({})", tk.name, tk.code),
                None => code.chars().take(32).collect(),
            };
            let said = |id: &str| t1(id, "who", &who);
            match done {
                "walked_in" => Some(match &ticket {
                    Some(tk) if tk.persons > 1 => t3(
                        "tickets-done-walked-in-party",
                        "name",
                        &tk.name,
                        "persons",
                        tk.persons,
                        "code",
                        &tk.code,
                    ),
                    Some(tk) => t2("tickets-done-walked-in", "name", &tk.name, "code", &tk.code),
                    None => said("tickets-done-walked-in-unknown"),
                }),
                // A party's undo takes back its latest scan only.
                "undone" => Some(match &ticket {
                    Some(tk) if tk.status == ticketcore::TicketStatus::Used => {
                        let party = party_text(tk.persons, tk.arrived, tk.inside);
                        let party = if party.is_empty() {
                            t("tickets-js-pill-used")
                        } else {
                            party
                        };
                        t2("tickets-done-undone-latest", "who", &who, "party", party)
                    }
                    _ => said("tickets-done-undone"),
                }),
                "revoked" => Some(said("tickets-done-revoked")),
                "checked_in" => Some(said("tickets-done-checked-in")),
                "restored" => Some(said("tickets-done-restored")),
                "corrected" => Some(said("tickets-done-corrected")),
                "corrected_resent" => Some(said("tickets-done-corrected-resent")),
                "resent" => Some(said("tickets-done-resent")),
                "added" => Some(said("tickets-done-added")),
                _ => None,
            }
        }
        _ => None,
    };
    let problem = page
        .problem
        .map(|p| p.chars().take(300).collect::<String>());
    let form = match page.form.as_deref() {
        Some("walk-in") => "walk-in",
        Some("rules") => "rules",
        _ => "guest",
    };
    let q = TicketQuery {
        status: page.status,
        search: page.search,
        limit: None,
        offset: page.offset,
        sort: page.sort,
    };
    let mut filter = q.filter()?;
    filter.limit = Some(PAGE + 1);
    let mut tickets = state.office.tickets(&event, &filter).await?;
    let more = tickets.len() > PAGE as usize;
    tickets.truncate(PAGE as usize);
    let stats = state.office.stats(&event).await?;
    let people =
        event.reentry || stats.walk_ins > 0 || stats.people_total > stats.used + stats.valid;
    let arrivals = state.office.arrivals(&event, 15 * 60).await?;
    let zone = event.time_zone;
    Ok(TicketsPage {
        nav: Nav::of(&user),
        alerts: crate::pages::guard::views(&state, &event),
        conflicts: crate::sync::views(&state, &event).await?,
        event,
        notice,
        problem,
        form,
        people,
        tickets,
        stats,
        status: q.status.unwrap_or_default(),
        search: q.search.unwrap_or_default(),
        sort: filter.sort.as_str(),
        offset: filter.offset,
        more,
        chart_width: arrivals.len().clamp(24, 48) * 12,
        bars: chart(&arrivals, &zone),
    }
    .into_response())
}

/// `GET /events/{event}/tickets.csv` — every ticket matching the filter.
pub async fn csv(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
    Query(q): Query<TicketQuery>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let mut filter: TicketFilter = q.filter()?;
    filter.limit = None;
    filter.offset = 0;
    let tickets = state.office.tickets(&event, &filter).await?;
    let mut body = Vec::new();
    ticketcore::export::write_tickets_csv(&mut body, &event, &tickets)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-tickets.csv\"", event.slug),
            ),
        ],
        body,
    )
        .into_response())
}

/// The tickets page's query: the filter, and what was just done.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    status: Option<String>,
    search: Option<String>,
    offset: Option<u32>,
    sort: Option<String>,
    /// `undone` or `revoked`, after a redirect from those forms.
    done: Option<String>,
    /// The ticket it concerned.
    code: Option<String>,
    /// Why adding a guest failed (shown as it is, escaped).
    problem: Option<String>,
    /// Which form the problem is about: `guest` (the default), `walk-in`
    /// or `rules`.
    form: Option<String>,
}

/// The filter an undo or revoke form came from, so the table comes back as
/// it was (hidden fields of the forms).
#[derive(Debug, Default, Deserialize)]
pub struct BackTo {
    #[serde(default)]
    status: String,
    #[serde(default)]
    search: String,
    #[serde(default)]
    offset: u32,
    #[serde(default)]
    sort: String,
    /// `tickets` when the form is on the tickets page (the send page's
    /// "Queue again" posts none, and goes back there).
    #[serde(default)]
    from: String,
}

/// The form that may carry a filter to come back to.
type BackForm = Result<Form<BackTo>, axum::extract::rejection::FormRejection>;

/// The tickets page as the form left it (or unfiltered, for a form without
/// the fields), saying what was `done` to `code`.
fn back_to(back: BackForm, event: &Event, done: &str, code: &str) -> Redirect {
    let back = back.map(|Form(b)| b).unwrap_or_default();
    Redirect::to(&back.location(event, done, code))
}

impl BackTo {
    /// The tickets page with this filter and a notice of what was `done`.
    fn location(&self, event: &Event, done: &str, code: &str) -> String {
        use crate::auth::urlencode;
        format!(
            "/events/{}/tickets?status={}&search={}&sort={}&offset={}&done={done}&code={}",
            event.slug,
            urlencode(&self.status),
            urlencode(&self.search),
            urlencode(&self.sort),
            self.offset,
            urlencode(code)
        )
    }
}

/// `POST /events/{event}/tickets/{code}/undo`: back to the same filtered
/// table, which says whose check-in was undone.
pub async fn undo(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((event, code)): Path<(String, String)>,
    back: BackForm,
) -> Result<Redirect, PageError> {
    let event = state.page_event(&event).await?;
    let ticket = state.office.undo(&event, &code, &user.name).await?;
    state.wake_feed();
    Ok(back_to(back, &event, "undone", &ticket.code))
}

/// `POST /events/{event}/tickets/{code}/revoke`: as undo.
pub async fn revoke(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((event, code)): Path<(String, String)>,
    back: BackForm,
) -> Result<Redirect, PageError> {
    let event = state.page_event(&event).await?;
    let ticket = state.office.revoke(&event, &code, &user.name).await?;
    state.wake_feed();
    Ok(back_to(back, &event, "revoked", &ticket.code))
}

/// `POST /events/{event}/tickets/{code}/resend`: queues the guest's mail
/// again ("I never got it"); back to the tickets table when asked from there
/// (its form carries the filter), else to the send page.
pub async fn resend(
    State(state): State<AppState>,
    _admin: Admin,
    Path((event, code)): Path<(String, String)>,
    back: BackForm,
) -> Result<Redirect, PageError> {
    let event = state.page_event(&event).await?;
    let ticket = state.office.ticket(&event, &code).await?;
    state.office.resend(&event, Some(&ticket.code)).await?;
    state.changed(event.id);
    match back {
        Ok(Form(back)) if back.from == "tickets" => {
            Ok(Redirect::to(&back.location(&event, "resent", &ticket.code)))
        }
        _ => Ok(Redirect::to(&format!("/events/{}/send", event.slug))),
    }
}

/// `POST /events/{event}/tickets/{code}/checkin`: an admin checks a guest
/// in by hand from the table (a scan like a door's, its door logged as
/// `ada (by hand)`).
pub async fn check_in(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((event, code)): Path<(String, String)>,
    back: BackForm,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let outcome = state
        .office
        .scan_as(
            &event,
            &code,
            &user.name,
            &format!("{} (by hand)", user.name),
        )
        .await?;
    state.wake_feed();
    match outcome {
        ticketcore::ScanOutcome::Admitted { ticket } => {
            Ok(back_to(back, &event, "checked_in", &ticket.code).into_response())
        }
        other => Err(PageError(
            axum::http::StatusCode::CONFLICT,
            crate::lang::t(match other {
                ticketcore::ScanOutcome::AlreadyUsed { .. } => "tickets-problem-used",
                ticketcore::ScanOutcome::Revoked { .. } => "tickets-problem-revoked",
                _ => "tickets-problem-unknown",
            }),
        )),
    }
}

/// `POST /events/{event}/tickets/{code}/restore`: a ticket revoked by
/// mistake is valid (or used) again; as undo.
pub async fn restore(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((event, code)): Path<(String, String)>,
    back: BackForm,
) -> Result<Redirect, PageError> {
    let event = state.page_event(&event).await?;
    let ticket = state.office.restore(&event, &code, &user.name).await?;
    state.wake_feed();
    Ok(back_to(back, &event, "restored", &ticket.code))
}

/// The fix-a-guest form: the corrected name and address, whether to mail
/// the ticket again, and the table's filter.
#[derive(Debug, Deserialize)]
pub struct CorrectForm {
    name: String,
    #[serde(default)]
    email: String,
    /// The party's size (empty: as it is).
    #[serde(default)]
    persons: String,
    /// The note for the door (absent: as it is; empty: none).
    #[serde(default)]
    note: Option<String>,
    /// The guest's mail language (absent: as it is; empty: the event's).
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    resend: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    search: String,
    #[serde(default)]
    offset: u32,
    #[serde(default)]
    sort: String,
}

/// `POST /events/{event}/tickets/{code}/guest`: corrects a guest's name,
/// address, party size or note and, when ticked, mails the ticket again.
pub async fn correct(
    State(state): State<AppState>,
    Admin(_user): Admin,
    Path((event, code)): Path<(String, String)>,
    Form(form): Form<CorrectForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let resend = form.resend.is_some();
    let back = BackTo {
        status: form.status.clone(),
        search: form.search.clone(),
        offset: form.offset,
        sort: form.sort.clone(),
        from: "tickets".into(),
    };
    let persons = match form.persons.trim() {
        "" => None,
        n => match n.parse::<u32>() {
            Ok(n) => Some(n),
            // Past u32 or not a number: the core says what is allowed.
            Err(_) => Some(0),
        },
    };
    let edit = ticketcore::GuestEdit {
        name: Some(form.name.clone()),
        email: Some(form.email.clone()),
        persons,
        note: form.note.clone(),
        // A language the form does not offer is the event's.
        language: form.language.as_deref().map(ticketcore::i18n::Lang::parse),
    };
    match state.office.edit_guest(&event, &code, &edit, resend).await {
        Ok(ticket) => {
            state.changed(event.id);
            // Told as the core did it (a guest without an address is not
            // mailed, ticked or not).
            let done = if resend && ticket.mail_status == ticketcore::MailStatus::Pending {
                "corrected_resent"
            } else {
                "corrected"
            };
            Ok(Redirect::to(&back.location(&event, done, &ticket.code)).into_response())
        }
        Err(e @ (ticketcore::Error::InvalidInput { .. } | ticketcore::Error::Conflict(_))) => {
            Ok(Redirect::to(&format!(
                "{}&problem={}",
                back.location(&event, "none", &code),
                crate::auth::urlencode(&crate::lang::error(&e))
            ))
            .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The add-a-guest form.
#[derive(Debug, Deserialize)]
pub struct GuestForm {
    name: String,
    email: String,
}

/// `POST /events/{event}/guests`: adds one guest (a late invitation) with
/// the rules of a guest-list row; back to the table, which names them.
pub async fn add_guest(
    State(state): State<AppState>,
    Admin(_user): Admin,
    Path(event): Path<String>,
    Form(form): Form<GuestForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    match state
        .office
        .add_guest(&event, &form.name, &form.email)
        .await
    {
        Ok(ticket) => {
            state.changed(event.id);
            Ok(Redirect::to(&format!(
                "/events/{}/tickets?search={}&done=added&code={}",
                event.slug,
                crate::auth::urlencode(&ticket.email),
                crate::auth::urlencode(&ticket.code)
            ))
            .into_response())
        }
        Err(e @ (ticketcore::Error::InvalidInput { .. } | ticketcore::Error::Conflict(_))) => {
            Ok(Redirect::to(&format!(
                "/events/{}/tickets?problem={}",
                event.slug,
                crate::auth::urlencode(&crate::lang::error(&e))
            ))
            .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The tickets page saying why `form` (`walk-in`, `rules`) changed nothing.
fn problem_at(event: &Event, form: &str, e: &ticketcore::Error) -> Response {
    problem_said(event, form, &crate::lang::error(e))
}

/// The same with the problem in words.
fn problem_said(event: &Event, form: &str, problem: &str) -> Response {
    Redirect::to(&format!(
        "/events/{}/tickets?form={form}&problem={}",
        event.slug,
        crate::auth::urlencode(problem)
    ))
    .into_response()
}

/// The door-rules form: a ticked `reentry`, `walk_ins` (`off`, `admins`,
/// `doors`) and an optional cap (blank: none).
#[derive(Debug, Deserialize)]
pub struct DoorRulesForm {
    #[serde(default)]
    reentry: Option<String>,
    walk_ins: String,
    #[serde(default)]
    walk_in_limit: String,
}

impl DoorRulesForm {
    /// The rules asked for, or why they are refused (in words).
    fn rules(&self) -> Result<DoorRules, String> {
        let limit = match self.walk_in_limit.trim() {
            "" => None,
            n => Some(
                n.parse::<u32>()
                    .map_err(|_| crate::lang::t("tickets-problem-walk-in-limit"))?,
            ),
        };
        Ok(DoorRules {
            reentry: self.reentry.is_some(),
            walk_ins: WalkIns::parse(&self.walk_ins).map_err(|e| crate::lang::error(&e))?,
            walk_in_limit: limit,
        })
    }
}

/// `POST /events/{event}/door-rules`: sets re-entry and who may add
/// walk-ins (up to how many); back to the table, which says what is set
/// now. The web app's copy of the event is replaced at once.
pub async fn door_rules(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
    Form(form): Form<DoorRulesForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let rules = match form.rules() {
        Ok(rules) => rules,
        Err(problem) => return Ok(problem_said(&event, "rules", &problem)),
    };
    match state.office.set_door_rules(&event, rules).await {
        Ok(changed) => {
            state.remember_event(&changed);
            state.changed(changed.id);
            Ok(
                Redirect::to(&format!("/events/{}/tickets?done=rules", changed.slug))
                    .into_response(),
            )
        }
        Err(e @ ticketcore::Error::InvalidInput { .. }) => Ok(problem_at(&event, "rules", &e)),
        Err(e) => Err(e.into()),
    }
}

/// The walk-in form: a name, an optional address and the party's size
/// (blank: 1).
#[derive(Debug, Deserialize)]
pub struct WalkInForm {
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    persons: String,
}

impl WalkInForm {
    /// The walk-in asked for, or why it is refused (in words).
    fn walk_in(&self) -> Result<WalkIn, String> {
        let persons = match self.persons.trim() {
            "" => None,
            n => Some(
                n.parse::<u32>()
                    .map_err(|_| crate::lang::t("tickets-problem-persons"))?,
            ),
        };
        Ok(WalkIn {
            name: self.name.clone(),
            email: Some(self.email.clone()).filter(|e| !e.trim().is_empty()),
            persons,
        })
    }
}

/// `POST /events/{event}/walk-ins`: an admin lets a guest who is not on
/// the list in now (a walk-in ticket, not mailed, admitted at once); back
/// to the table showing that ticket. Refusals (walk-ins off, the cap
/// reached, a bad name) are the page's problem text.
pub async fn walk_in(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Form(form): Form<WalkInForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let walk_in = match form.walk_in() {
        Ok(walk_in) => walk_in,
        Err(problem) => return Ok(problem_said(&event, "walk-in", &problem)),
    };
    let added = state
        .office
        .add_walk_in(&event, &walk_in, &user.name, Role::Admin, "admin")
        .await;
    state.wake_feed();
    match added {
        Ok(ticketcore::ScanOutcome::Admitted { ticket }) => Ok(Redirect::to(&format!(
            "/events/{}/tickets?search={}&done=walked_in&code={}",
            event.slug,
            crate::auth::urlencode(&ticket.code),
            crate::auth::urlencode(&ticket.code)
        ))
        .into_response()),
        Ok(other) => Ok(problem_said(
            &event,
            "walk-in",
            &crate::lang::t1(
                "tickets-problem-not-admitted",
                "outcome",
                other.kind().as_str(),
            ),
        )),
        Err(e @ (ticketcore::Error::InvalidInput { .. } | ticketcore::Error::Conflict(_))) => {
            Ok(problem_at(&event, "walk-in", &e))
        }
        Err(e) => Err(e.into()),
    }
}

/// The printable door list: every guest, alphabetical by last name, on
/// numbered pages (`ticketcore::paper`).
pub async fn door_list(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let list = state
        .office
        .door_list(&event, crate::lang::page_lang())
        .await?;
    Ok(paper_page(ticketcore::paper::door_list_html(
        &list,
        crate::lang::page_lang(),
    )))
}

/// A printable ticket (code and QR code) for a guest without email.
pub async fn print_ticket(
    State(state): State<AppState>,
    _admin: Admin,
    Path((event, code)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let ticket = state.office.ticket(&event, &code).await?;
    Ok(paper_page(ticketcore::paper::ticket_html(
        &event,
        &ticket,
        crate::lang::page_lang(),
    )?))
}

/// A paper document as a page: never cached (it holds guests' names and
/// shows the state at the moment it is asked for).
fn paper_page(html: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}
