//! Send tickets: the guest list, the mail template with a live preview, the
//! mail run with a live progress bar, failures and resends.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::Deserialize;
use ticketcore::import::ImportOptions;
use ticketcore::mail::{MailTemplate, RenderedMail, SendOptions};
use ticketcore::{Event, MailCounts, MailStatus, Ticket, TicketFilter};

use crate::auth::Admin;
use crate::error::{ApiError, PageError};
use crate::pages::Nav;
use crate::state::{AppState, PendingUpload, SendState};

#[derive(Template, WebTemplate)]
#[template(path = "send.html")]
struct SendPage {
    nav: Nav,
    event: Event,
    counts: MailCounts,
    /// Tickets issued, revoked ones included.
    total: u64,
    /// Of which revoked.
    revoked: u64,
    template: MailTemplate,
    /// The language of the template in the form.
    template_lang: ticketcore::i18n::Lang,
    /// The languages the form can edit: (language, has its own template).
    template_langs: Vec<(ticketcore::i18n::Lang, bool)>,
    mailer: String,
    /// The sender of this event's mails, if any (its own or the default).
    mail_from: Option<String>,
    /// Whether it is the event's own sender.
    own_sender: bool,
    /// The default sender, if any.
    default_from: Option<String>,
    failed: Vec<Ticket>,
    run: SendState,
    notice: Option<Notice>,
    import: Option<crate::pages::send::ImportView>,
}

/// The import preview shown on the send page (filled in by the import handlers).
pub struct ImportView {
    /// Token of the stashed upload, for confirmation.
    pub token: String,
    /// File name.
    pub file_name: String,
    /// Good rows: row number, name, email.
    pub guests: Vec<(u32, String, String)>,
    /// How many good rows in all (the list may be cut).
    pub guest_count: usize,
    /// Bad rows: row number, the guest's name as read, and problem.
    pub problems: Vec<(u32, String, String)>,
    /// Guests of the list who have a ticket already (same address).
    pub already: usize,
    /// Import the good rows despite bad ones.
    pub skip_invalid: bool,
}

/// A line at the top of the send page: what happened, or (`bad`) what did
/// not happen and why.
pub struct Notice {
    /// The words, in the page language.
    pub text: String,
    /// Whether it tells of a failure (shown as one).
    pub bad: bool,
}

impl Notice {
    /// Something that happened.
    pub fn good(text: String) -> Self {
        Notice { text, bad: false }
    }

    /// Something that did not happen, and why.
    pub fn bad(text: String) -> Self {
        Notice { text, bad: true }
    }
}

/// Renders the send page, optionally with a notice or an import preview.
pub async fn render(
    state: &AppState,
    user: &ticketcore::User,
    event: Event,
    notice: Option<Notice>,
    import: Option<ImportView>,
) -> Result<Response, PageError> {
    let lang = event.language;
    render_page(state, user, event, notice, import, None, lang).await
}

/// As [`render`], with the mail-text form for the mails in `lang`, showing
/// `edits` (a template that was not saved) instead of the saved one.
async fn render_page(
    state: &AppState,
    user: &ticketcore::User,
    event: Event,
    notice: Option<Notice>,
    import: Option<ImportView>,
    edits: Option<MailTemplate>,
    lang: ticketcore::i18n::Lang,
) -> Result<Response, PageError> {
    let counts = state.office.mail_counts(&event).await?;
    let templates = state.office.mail_templates(&event).await?;
    let template = match edits {
        Some(t) => t,
        None => templates.for_lang(lang),
    };
    let template_langs = ticketcore::i18n::Lang::shipping(ticketcore::i18n::Area::Mail)
        .into_iter()
        .map(|l| (l, templates.own.contains_key(&l)))
        .collect();
    let failed_filter = TicketFilter::default();
    let failed: Vec<Ticket> = state
        .office
        .tickets(&event, &failed_filter)
        .await?
        .into_iter()
        .filter(|t| t.mail_status == MailStatus::Failed || t.mail_error.is_some())
        .take(200)
        .collect();
    let run = state
        .sends
        .lock()
        .ok()
        .and_then(|m| m.get(&event.id).cloned())
        .unwrap_or_default();
    let stats = state.office.stats(&event).await?;
    let settings = state.settings().await?;
    let default_from = settings.values.mail_from.clone();
    let mailer = settings
        .mailer(&state.config.outbox)?
        .described()
        .text(crate::lang::page_lang());
    Ok(SendPage {
        nav: Nav::of(user),
        total: stats.total,
        revoked: stats.revoked,
        counts,
        template,
        template_lang: lang,
        template_langs,
        mailer,
        mail_from: event.sender.clone().or_else(|| default_from.clone()),
        own_sender: event.sender.is_some(),
        default_from,
        failed,
        run,
        notice,
        import,
        event,
    }
    .into_response())
}

/// `?lang=` of the send page: which language's mail text the form edits.
#[derive(Deserialize)]
pub struct SendQuery {
    #[serde(default)]
    lang: Option<String>,
}

/// The language a form or query names, else the event's.
fn template_lang(event: &Event, asked: Option<&str>) -> ticketcore::i18n::Lang {
    asked
        .and_then(ticketcore::i18n::Lang::parse)
        .unwrap_or(event.language)
}

/// `GET /events/{event}/send?lang=de`
pub async fn page(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Query(q): Query<SendQuery>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let lang = template_lang(&event, q.lang.as_deref());
    render_page(&state, &user, event, None, None, None, lang).await
}

/// The template form.
#[derive(Deserialize)]
pub struct TemplateForm {
    subject: String,
    text: String,
    /// The HTML part; blank: the simple layout around the text.
    #[serde(default)]
    html: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    action: String,
    /// The language whose mail this is (blank: the event's).
    #[serde(default)]
    language: String,
}

/// `POST /events/{event}/template`: save (or, with `action=reset`, restore the default).
pub async fn save_template(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Form(form): Form<TemplateForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let lang = template_lang(&event, Some(form.language.as_str()));
    if form.action == "reset" {
        state.office.set_mail_template(&event, lang, None).await?;
        let notice = Some(Notice::good(crate::lang::t("send-template-reset")));
        return render_page(&state, &user, event, notice, None, None, lang).await;
    }
    let template = MailTemplate::from_parts(&form.subject, &form.text, &form.html, &form.message);
    match state
        .office
        .set_mail_template(&event, lang, Some(&template))
        .await
    {
        Ok(()) => {
            let notice = Some(Notice::good(crate::lang::t("send-template-saved")));
            render_page(&state, &user, event, notice, None, None, lang).await
        }
        // The edits stay in the form, to be fixed rather than typed again.
        Err(e @ ticketcore::Error::InvalidInput { .. }) => {
            let notice = Some(Notice::bad(crate::lang::t1(
                "send-not-saved",
                "error",
                crate::lang::error(&e),
            )));
            render_page(&state, &user, event, notice, None, Some(template), lang).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Body of the live preview.
#[derive(Deserialize)]
pub struct PreviewBody {
    subject: String,
    text: String,
    #[serde(default)]
    html: String,
    #[serde(default)]
    message: String,
    /// The language of the mail (blank: the event's).
    #[serde(default)]
    language: Option<String>,
}

/// How many guests the preview looks through for one in the template's
/// language (a live preview runs on every keystroke).
pub const PREVIEW_GUESTS: u32 = 200;

/// `POST /api/events/{event}/mail/preview`: the mail the first guest whose
/// mail is in this template's language (among the first
/// [`PREVIEW_GUESTS`]; else a sample guest) would get with it.
pub async fn preview(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
    Json(body): Json<PreviewBody>,
) -> Result<Json<RenderedMail>, ApiError> {
    let event = state.event(&event).await?;
    let template = MailTemplate::from_parts(&body.subject, &body.text, &body.html, &body.message);
    let guests = state
        .office
        .tickets(
            &event,
            &TicketFilter {
                limit: Some(PREVIEW_GUESTS),
                ..TicketFilter::default()
            },
        )
        .await?;
    let lang = template_lang(&event, body.language.as_deref());
    let first = guests.iter().find(|t| t.mail_language(&event) == lang);
    Ok(Json(
        state
            .office
            .preview_mail(&event, Some(&template), first, Some(lang))
            .await?,
    ))
}

/// `POST /events/{event}/send`: starts a mail run in the background.
pub async fn start(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
) -> Result<Response, PageError> {
    // Read anew: the sender may have been changed by another instance.
    let event = state.office.event(&event).await?;
    state.remember_event(&event);
    let settings = state.settings().await?;
    let from = settings.mail_from()?;
    let mailer = settings.mailer(&state.config.outbox)?;
    if let Err(e) = ticketcore::settings::sender_for(&event, from.as_ref()) {
        return render(
            &state,
            &user,
            event,
            Some(Notice::bad(crate::lang::t1(
                "send-no-sender-set",
                "error",
                crate::lang::error(&e),
            ))),
            None,
        )
        .await;
    }
    {
        let mut sends = state
            .sends
            .lock()
            .map_err(|_| ticketcore::Error::Internal("send state poisoned".into()))?;
        let entry = sends.entry(event.id).or_default();
        if entry.running {
            return Ok(Redirect::to(&format!("/events/{}/send", event.slug)).into_response());
        }
        *entry = SendState {
            running: true,
            ..SendState::default()
        };
    }
    let task_state = state.clone();
    let task_event = event.clone();
    tokio::spawn(async move {
        let (state, event) = (task_state, task_event);
        let progress_state = state.clone();
        let id = event.id;
        let progress = move |p| {
            if let Ok(mut m) = progress_state.sends.lock()
                && let Some(s) = m.get_mut(&id)
            {
                s.progress = p;
            }
        };
        let result = state
            .office
            .send_tickets(
                &event,
                &mailer,
                from.as_ref(),
                &SendOptions::default(),
                &progress,
            )
            .await;
        if let Ok(mut m) = state.sends.lock() {
            let s = m.entry(id).or_default();
            s.running = false;
            match result {
                Ok(report) => s.report = Some(report),
                Err(e) => s.error = Some(e),
            }
        }
        state.changed(id);
    });
    // To the progress bar: on a phone it is below the fold.
    Ok(Redirect::to(&format!("/events/{}/send#progress", event.slug)).into_response())
}

/// `GET /api/events/{event}/send`: the mail run's state, for the progress bar.
pub async fn status(
    State(state): State<AppState>,
    _admin: Admin,
    Path(event): Path<String>,
) -> Result<Json<SendState>, ApiError> {
    let event = state.event(&event).await?;
    let run = state
        .sends
        .lock()
        .ok()
        .and_then(|m| m.get(&event.id).cloned())
        .unwrap_or_default();
    Ok(Json(run))
}

/// Most uploads kept waiting for confirmation at once (bounds memory).
const MAX_PENDING_UPLOADS: usize = 8;
/// Guests listed in the preview table.
const PREVIEW_ROWS: usize = 100;

/// `POST /events/{event}/import`: reads the uploaded file, shows a preview of
/// the guests and every bad row; nothing is written yet.
pub async fn upload(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let mut file: Option<(String, tempfile::TempPath)> = None;
    let mut skip_invalid = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                return Err(PageError(
                    e.status(),
                    crate::lang::t1("send-upload-failed", "error", e.body_text()),
                ));
            }
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("guests.csv").to_string();
                file = Some((name, spool(field).await?));
            }
            Some("skip_invalid") => skip_invalid = true,
            _ => {}
        }
    }
    let Some((file_name, spooled)) = file else {
        return render(
            &state,
            &user,
            event,
            Some(Notice::bad(crate::lang::t("send-choose-file"))),
            None,
        )
        .await;
    };
    let options = ImportOptions {
        dry_run: true,
        skip_invalid,
        ..ImportOptions::default()
    };
    let read = state
        .import_spooled(&event, &spooled, &file_name, options)
        .await?;
    let report = match read {
        Ok(report) => report,
        Err(e @ ticketcore::Error::Import(_)) => {
            return render(
                &state,
                &user,
                event,
                Some(Notice::bad(if file_name.is_empty() {
                    crate::lang::error(&e)
                } else {
                    format!("{file_name}: {}", crate::lang::error(&e))
                })),
                None,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    let token = ticketcore::auth::random_hex(16);
    if let Ok(mut uploads) = state.uploads.lock() {
        uploads.retain(|_, u| u.at.elapsed() < std::time::Duration::from_secs(3600));
        while uploads.len() >= MAX_PENDING_UPLOADS {
            let oldest = uploads
                .iter()
                .min_by_key(|(_, u)| u.at)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => uploads.remove(&k),
                None => break,
            };
        }
        uploads.insert(
            token.clone(),
            PendingUpload {
                event_id: event.id,
                file_name: file_name.clone(),
                file: std::sync::Arc::new(spooled),
                skip_invalid,
                at: std::time::Instant::now(),
            },
        );
    }
    let view = ImportView {
        token,
        file_name,
        guest_count: report.valid,
        guests: report
            .preview
            .iter()
            .take(PREVIEW_ROWS)
            .map(|g| (g.row, g.guest.name.clone(), g.guest.email.clone()))
            .collect(),
        problems: report
            .invalid
            .iter()
            .map(|p| (p.row, p.name.clone(), p.text(crate::lang::page_lang())))
            .collect(),
        already: report.already,
        skip_invalid,
    };
    render(&state, &user, event, None, Some(view)).await
}

/// Writes an uploaded file to a temporary file as it arrives, so uploads
/// waiting for their turn (see [`crate::state::MAX_CONCURRENT_IMPORTS`]) hold
/// no memory. The file is removed when the returned path is dropped.
async fn spool(
    mut field: axum::extract::multipart::Field<'_>,
) -> Result<tempfile::TempPath, PageError> {
    use tokio::io::AsyncWriteExt;
    let disk = |e: std::io::Error| {
        PageError(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            crate::lang::t1("send-upload-not-stored", "error", e),
        )
    };
    let (file, path) = tempfile::NamedTempFile::new().map_err(disk)?.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => file.write_all(&chunk).await.map_err(disk)?,
            Ok(None) => break,
            Err(e) => {
                return Err(PageError(
                    e.status(),
                    crate::lang::t1("send-upload-failed", "error", e.body_text()),
                ));
            }
        }
    }
    file.flush().await.map_err(disk)?;
    Ok(path)
}

/// The confirmation form.
#[derive(Deserialize)]
pub struct ConfirmForm {
    token: String,
    /// Ticked on the preview: import the good rows, skip the bad ones.
    #[serde(default)]
    skip_invalid: Option<String>,
}

/// `POST /events/{event}/import/confirm`: imports the previewed file.
pub async fn confirm(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, PageError> {
    let event = state.page_event(&event).await?;
    let upload = state
        .uploads
        .lock()
        .ok()
        .and_then(|mut m| m.remove(&form.token))
        .filter(|u| u.event_id == event.id);
    let Some(upload) = upload else {
        return render(
            &state,
            &user,
            event,
            Some(Notice::bad(crate::lang::t("send-preview-expired"))),
            None,
        )
        .await;
    };
    let options = ImportOptions {
        skip_invalid: upload.skip_invalid || form.skip_invalid.is_some(),
        ..ImportOptions::default()
    };
    let imported = match state
        .import_spooled(&event, &upload.file, &upload.file_name, options)
        .await
    {
        Ok(imported) => imported,
        Err(e) => {
            // Busy or unreadable: the preview stays for another try.
            if let Ok(mut uploads) = state.uploads.lock() {
                uploads.insert(form.token.clone(), upload);
            }
            return Err(e);
        }
    };
    let notice = match imported {
        Ok(r) if r.refused => {
            Notice::bad(crate::lang::tn("send-import-refused", "n", r.invalid.len()))
        }
        Ok(r) => {
            state.changed(event.id);
            let mut notice = crate::lang::tn("send-imported", "n", r.imported);
            if !r.invalid.is_empty() {
                notice.push(' ');
                notice.push_str(&crate::lang::tn(
                    "send-imported-skipped",
                    "n",
                    r.invalid.len(),
                ));
            }
            if r.already > 0 {
                notice.push(' ');
                notice.push_str(&crate::lang::tn("send-imported-already", "n", r.already));
            }
            Notice::good(notice)
        }
        Err(e @ (ticketcore::Error::Import(_) | ticketcore::Error::CodeSpaceExhausted { .. })) => {
            Notice::bad(crate::lang::t1(
                "send-nothing-imported",
                "error",
                crate::lang::error(&e),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    render(&state, &user, event, Some(notice), None).await
}

/// The event-sender form.
#[derive(Deserialize)]
pub struct SenderForm {
    sender: String,
}

/// `POST /events/{event}/sender`: sets the event's own sender of ticket
/// mails (blank: the default sender again).
pub async fn set_sender(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Form(form): Form<SenderForm>,
) -> Result<Response, PageError> {
    let event = state.office.event(&event).await?;
    match state
        .office
        .set_event_sender(&event, Some(form.sender.as_str()))
        .await
    {
        Ok(event) => {
            state.remember_event(&event);
            let notice = match &event.sender {
                Some(s) => crate::lang::t1("send-sender-set", "sender", s),
                None => crate::lang::t("send-sender-default"),
            };
            render(&state, &user, event, Some(Notice::good(notice)), None).await
        }
        Err(e @ ticketcore::Error::InvalidInput { .. }) => {
            render(
                &state,
                &user,
                event,
                Some(Notice::bad(crate::lang::error(&e))),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The event's mail language form.
#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
}

/// `POST /events/{event}/language`: the language of the event's mails
/// (guests with a language of their own keep it).
pub async fn set_language(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(event): Path<String>,
    Form(form): Form<LanguageForm>,
) -> Result<Response, PageError> {
    let event = state.office.event(&event).await?;
    let lang = ticketcore::i18n::Lang::parse(&form.language).ok_or_else(|| {
        ticketcore::Error::invalid("language", ticketcore::msg!("web-language-unknown"))
    })?;
    let event = state.office.set_event_language(&event, lang).await?;
    state.remember_event(&event);
    let notice = crate::lang::t1(
        "send-language-set",
        "language",
        crate::lang::language_name(lang),
    );
    render(&state, &user, event, Some(Notice::good(notice)), None).await
}
