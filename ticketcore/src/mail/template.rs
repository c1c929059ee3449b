//! Mail templates rendered with minijinja.
//!
//! Placeholders: `name`, `first_name`, `salutation` (the guest list's column,
//! may be empty), `greeting` (the salutation, or "Dear" and the first name),
//! `code`, `event`, `date`, `message` (the organiser's free text), `persons`
//! (how many people the ticket admits, a number: 1 unless it is a party's
//! ticket; the default mail says it when more than one), `language` (the
//! mail's language code: the guest's own, else the event's) and `texts`
//! (the default mail's sentences in that language, from
//! `locales/*/mail.ftl`: `texts.subject`, `texts.intro`, `texts.code_label`,
//! `texts.how`, `texts.admits`, `texts.together`, `texts.see_you`,
//! `texts.qr_alt`), so an organiser's own template can speak each guest's
//! language too. `greeting` follows the mail's language. HTML
//! templates are auto-escaped, so a guest named `<script>` is shown as text.
//!
//! Every call into minijinja (compiling and rendering) runs under
//! `catch_unwind`: a template that makes the engine panic is an
//! [`Error::InvalidInput`], never a crash of the web server or the send run.
//! minijinja 3.1.0's `format` filter panics on a non-ASCII character in a
//! printf key (`{{ "%(prénom)s" | format(...) }}`: it slices a `&str` one
//! byte at a time), found by the `mail_template` fuzz target.

use std::panic::{AssertUnwindSafe, catch_unwind};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::{Area, Arg, Lang};
use crate::message::Message;
use crate::model::{Event, Ticket};
use crate::msg;

/// Longest accepted template part (subject, text, HTML, message), in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024;
/// Template execution budget (minijinja fuel): bounds loops in organiser templates.
const FUEL: u64 = 100_000;

const DEFAULT_SUBJECT: &str = "{{ texts.subject }}";

// The default mail's words come from the guest's language file
// (`locales/*/mail.ftl`) as `{{ texts.… }}`; the layout is the same in
// every language.
const DEFAULT_TEXT: &str = "{{ greeting }},

{{ texts.intro }}

    {{ texts.code_line }}

{{ texts.how }}
{{ texts.admits }}{% if persons > 1 %} {{ texts.together }}{% endif %}
{% if message %}
{{ message }}
{% endif %}
{{ texts.see_you }}
";

const DEFAULT_HTML: &str = r#"<!DOCTYPE html>
<html lang="{{ language }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ event }}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:12px;padding:24px">
<p style="font-size:17px">{{ greeting }},</p>
<p style="font-size:17px">{{ texts.intro }}</p>
<p style="font-size:15px;margin:24px 0 4px;text-align:center;color:#52525b">{{ texts.code_label }}</p>
<p style="font-size:48px;font-weight:700;letter-spacing:12px;text-align:center;margin:0 0 16px;font-family:Menlo,Consolas,monospace">{{ code }}</p>
<p style="text-align:center;margin:0 0 24px"><img src="cid:ticket-qr" width="160" height="160" alt="{{ texts.qr_alt }}" style="display:inline-block;width:160px;height:160px"></p>
{% if persons > 1 %}<p style="font-size:17px;font-weight:700;text-align:center;margin:0 0 16px">{{ texts.admits }}</p>
<p style="font-size:15px">{{ texts.how }} {{ texts.together }}</p>{% else %}<p style="font-size:15px">{{ texts.how }} {{ texts.admits }}</p>{% endif %}
{% if message %}<p style="font-size:15px;white-space:pre-wrap">{{ message }}</p>{% endif %}
<p style="font-size:15px">{{ texts.see_you }}</p>
</div>
</body>
</html>
"#;

/// The layout used when a template has a text body but no HTML of its own:
/// the rendered text, escaped, with the code shown large and, for a party's
/// ticket, how many people it admits (unless the text says so already).
const FALLBACK_HTML: &str = r#"<!DOCTYPE html>
<html lang="{{ language }}"><head><meta charset="utf-8"><title>{{ event }}</title></head>
<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;padding:16px">
<div style="white-space:pre-wrap;font-size:15px">{{ body }}</div>
<p style="font-size:48px;font-weight:700;letter-spacing:12px;text-align:center;font-family:Menlo,Consolas,monospace">{{ code }}</p>
<p style="text-align:center"><img src="cid:ticket-qr" width="160" height="160" alt="{{ texts.qr_alt }}" style="display:inline-block;width:160px;height:160px"></p>
{% if persons > 1 and texts.people not in body %}<p style="text-align:center;font-size:17px;font-weight:700">{{ texts.admits }}</p>
{% endif %}</div></body></html>
"#;

/// An event's mail template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailTemplate {
    /// Subject line template (line breaks are removed after rendering).
    pub subject: String,
    /// Plain-text body template.
    pub text: String,
    /// HTML body template; `None` wraps the rendered text in a simple layout.
    pub html: Option<String>,
    /// Free text from the organiser, available as `{{ message }}`.
    pub message: String,
}

impl Default for MailTemplate {
    /// The built-in template: greets the guest by salutation or first name,
    /// shows the code large and says how to use it at the door.
    fn default() -> Self {
        MailTemplate {
            subject: DEFAULT_SUBJECT.to_string(),
            text: DEFAULT_TEXT.to_string(),
            html: Some(DEFAULT_HTML.to_string()),
            message: String::new(),
        }
    }
}

/// Refuses `*` and `**` in the template's expressions. minijinja repeats a
/// list or a string up to 100,000,000 times in one step (`[8] * 99999999`),
/// and fuel only counts steps: printing such a list took 6 s and 296 MB
/// (590 MB through `~`) before the fuel ran out, from a 20-byte template
/// (found by the `mail_template` fuzz target; measured with a release build).
/// A ticket mail has no use for arithmetic or repetition. The template's
/// tokens are read with minijinja's own lexer, so a `*` in plain text or in
/// a quoted string stays allowed; syntax errors are left to the compiler,
/// which words them better.
fn refuse_repetition(part: &str, text: &str) -> Result<()> {
    use minijinja::machinery::{Token, tokenize};
    let tokens = tokenize(text, false, minijinja::syntax::SyntaxConfig::default());
    for token in tokens {
        match token {
            Ok((Token::Mul | Token::Pow, span)) => {
                return Err(Error::invalid(
                    "mail template",
                    msg!(
                        "mail-template-repetition",
                        part = part_name(part),
                        line = span.start_line
                    ),
                ));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

/// One rendered mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderedMail {
    /// Subject, one line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// The language the mail is written in (its `Content-Language`).
    pub language: Lang,
}

#[derive(Serialize)]
struct Context<'a> {
    name: &'a str,
    first_name: String,
    salutation: &'a str,
    greeting: String,
    code: &'a str,
    event: &'a str,
    date: &'a str,
    message: &'a str,
    persons: u32,
    body: String,
    /// The mail's language code (`de`).
    language: &'static str,
    /// The default mail's sentences in the mail's language.
    texts: Texts,
}

/// The default mail's sentences in one language, for one guest
/// (`{{ texts.intro }}`…; from `locales/*/mail.ftl`).
#[derive(Serialize)]
struct Texts {
    subject: String,
    intro: String,
    code_label: String,
    /// "Your ticket code:  KQZ" (French puts a space before the colon).
    code_line: String,
    how: String,
    admits: String,
    together: String,
    see_you: String,
    qr_alt: String,
    /// "4 people": when an organiser's text says it, the layout does not
    /// add [`Texts::admits`].
    people: String,
}

impl Texts {
    fn new(lang: Lang, guest: &Guest<'_>, event: &str, date: &str) -> Texts {
        let t = |id: &str, args: &[(&str, Arg<'_>)]| lang.text(Area::Mail, id, args);
        let persons = f64::from(guest.persons);
        Texts {
            subject: t(
                "mail-subject",
                &[("event", Arg::Text(event)), ("code", Arg::Text(guest.code))],
            ),
            intro: if date.is_empty() {
                t("mail-intro", &[("event", Arg::Text(event))])
            } else {
                t(
                    "mail-intro-dated",
                    &[("event", Arg::Text(event)), ("date", Arg::Text(date))],
                )
            },
            code_label: t("mail-code-label", &[]),
            code_line: t(
                "mail-code-line",
                &[
                    ("label", Arg::Text(&t("mail-code-label", &[]))),
                    ("code", Arg::Text(guest.code)),
                ],
            ),
            how: t("mail-how", &[]),
            admits: t("mail-admits", &[("persons", Arg::Number(persons))]),
            together: t("mail-together", &[]),
            see_you: t("mail-see-you", &[]),
            qr_alt: t("mail-qr-alt", &[("code", Arg::Text(guest.code))]),
            people: t("mail-people", &[("persons", Arg::Number(persons))]),
        }
    }
}

/// The greeting for a guest in `lang`: the salutation column when given
/// ("Dear Dr. Berg", "Liebe Anna"), else the language's greeting with the
/// first name ("Dear Anna"; German "Hallo Anna", which needs no gender),
/// else the language's greeting alone ("Hello").
pub fn greeting_for(name: &str, salutation: Option<&str>, lang: Lang) -> String {
    if let Some(s) = salutation.map(str::trim).filter(|s| !s.is_empty()) {
        return s.trim_end_matches(',').to_string();
    }
    match first_name(name).as_str() {
        "" => lang.text(Area::Mail, "mail-greeting-plain", &[]),
        first => lang.text(Area::Mail, "mail-greeting", &[("first", Arg::Text(first))]),
    }
}

/// The first name of a guest: the first of the given names as the door
/// list reads them ([`crate::paper::last_name`]: "Berg, Anna" is Anna,
/// "Martin King, Jr." Martin), or the name itself when it is one word.
fn first_name(name: &str) -> String {
    let (last, given) = crate::paper::last_name(name);
    let given = if given.is_empty() { last } else { given };
    given
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',')
        .to_string()
}

impl MailTemplate {
    /// The built-in template with `lang`'s sentences written out (the
    /// placeholders of the guest's details stay), as the template editor
    /// shows it for that language. It renders the same mails as
    /// [`MailTemplate::default`] does for a guest in `lang`.
    pub fn default_for(lang: Lang) -> Self {
        let fill = |skeleton: &str, html: bool| {
            // A sentence, escaped for the HTML part (its placeholders keep
            // their braces).
            let t = |id: &str, args: &[(&str, Arg<'_>)]| {
                let text = lang.text(Area::Mail, id, args);
                if html {
                    // As the engine escapes a placeholder's value.
                    text.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('"', "&quot;")
                        .replace('\'', "&#x27;")
                        .replace('/', "&#x2f;")
                } else {
                    text
                }
            };
            let event = Arg::Text("{{ event }}");
            let code = Arg::Text("{{ code }}");
            let label = lang.text(Area::Mail, "mail-code-label", &[]);
            // A text argument selects the `*[other]` variant.
            let admits = format!(
                "{{% if persons > 1 %}}{}{{% else %}}{}{{% endif %}}",
                t("mail-admits", &[("persons", Arg::Text("{{ persons }}"))]),
                t("mail-admits", &[("persons", Arg::Number(1.0))]),
            );
            let intro = format!(
                "{{% if date %}}{}{{% else %}}{}{{% endif %}}",
                t(
                    "mail-intro-dated",
                    &[("event", event), ("date", Arg::Text("{{ date }}"))]
                ),
                t("mail-intro", &[("event", event)]),
            );
            let words = [
                (
                    "subject",
                    t("mail-subject", &[("event", event), ("code", code)]),
                ),
                ("intro", intro),
                ("code_label", t("mail-code-label", &[])),
                (
                    "code_line",
                    t(
                        "mail-code-line",
                        &[("label", Arg::Text(&label)), ("code", code)],
                    ),
                ),
                ("how", t("mail-how", &[])),
                ("admits", admits),
                ("together", t("mail-together", &[])),
                ("see_you", t("mail-see-you", &[])),
                ("qr_alt", t("mail-qr-alt", &[("code", code)])),
            ];
            words
                .iter()
                .fold(skeleton.to_string(), |out, (name, text)| {
                    out.replace(&format!("{{{{ texts.{name} }}}}"), text)
                })
        };
        MailTemplate {
            subject: fill(DEFAULT_SUBJECT, false),
            text: fill(DEFAULT_TEXT, false),
            html: Some(fill(DEFAULT_HTML, true)),
            message: String::new(),
        }
    }

    /// The built-in templates: the one for every language and each
    /// language's written out.
    fn built_in() -> Vec<MailTemplate> {
        std::iter::once(MailTemplate::default())
            .chain(Lang::ALL.into_iter().map(MailTemplate::default_for))
            .collect()
    }

    /// A template from edited text (a web form, a file): CRLF line ends become
    /// LF, the subject becomes one line. The built-in HTML body is kept while
    /// the text is the built-in one; an edited text gets the simple layout
    /// around it, so an edit shows in both parts of the mail.
    pub fn from_text(subject: &str, text: &str, message: &str) -> Self {
        let text = text.replace("\r\n", "\n");
        MailTemplate {
            html: MailTemplate::built_in()
                .into_iter()
                .find(|d| d.text == text)
                .and_then(|d| d.html),
            subject: subject.replace("\r\n", " ").replace('\n', " "),
            text,
            message: message.replace("\r\n", "\n"),
        }
    }

    /// As [`MailTemplate::from_text`], with an HTML part: a blank `html`, or
    /// the built-in one unchanged, keeps what `from_text` chooses (so an
    /// edited text still shows in the HTML part); any other `html` is used
    /// as it is (it may use `{{ body }}`, the rendered text).
    pub fn from_parts(subject: &str, text: &str, html: &str, message: &str) -> Self {
        let mut template = Self::from_text(subject, text, message);
        let html = html.replace("\r\n", "\n");
        let built_in = MailTemplate::built_in()
            .iter()
            .any(|d| d.html.as_ref() == Some(&html));
        if !html.trim().is_empty() && !built_in {
            template.html = Some(html);
        }
        template
    }

    fn environment(&self) -> Result<Environment<'static>> {
        for (part, text) in [
            ("subject", self.subject.as_str()),
            ("text", self.text.as_str()),
            ("html", self.html.as_deref().unwrap_or("")),
            ("message", self.message.as_str()),
        ] {
            if text.len() > MAX_TEMPLATE_BYTES {
                return Err(Error::invalid(
                    "mail template",
                    msg!(
                        "mail-template-too-long",
                        part = part_name(part),
                        max = MAX_TEMPLATE_BYTES
                    ),
                ));
            }
        }
        for (part, text) in [
            ("subject", self.subject.as_str()),
            ("text", self.text.as_str()),
            ("html", self.html.as_deref().unwrap_or("")),
        ] {
            refuse_repetition(part, text)?;
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        let html = self
            .html
            .clone()
            .unwrap_or_else(|| FALLBACK_HTML.to_string());
        for (part, name, source) in [
            ("subject", "subject.txt", self.subject.clone()),
            ("text", "body.txt", self.text.clone()),
            ("html", "body.html", html),
        ] {
            guarded(part, || env.add_template_owned(name, source))?;
        }
        Ok(env)
    }

    /// Checks the template: it must compile and render for a sample guest
    /// (an unknown placeholder such as `{{ nmae }}` is an error).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the part and the problem.
    pub fn check(&self) -> Result<()> {
        let env = self.environment()?;
        // Rendered first, so every template runs through the engine: one
        // that breaks the engine says so; one that fails otherwise names an
        // unknown placeholder when it has one (rendering alone would only say
        // "undefined value").
        // For a guest alone and for a party, so a part only a party's
        // mail shows is checked too.
        let sample = |persons| Guest {
            name: "Anna Berg",
            salutation: None,
            code: "KQZ",
            persons,
            lang: Lang::En,
        };
        let rendered = render_with(&env, &self.message, &sample(1), "Summer Ball", "2026-07-04")
            .and_then(|_| {
                render_with(&env, &self.message, &sample(4), "Summer Ball", "2026-07-04")
            });
        match rendered {
            Ok(_) => Ok(()),
            Err(Error::InvalidInput { reason, .. }) if reason.id() == ENGINE_FAILED => {
                Err(Error::invalid("mail template", reason))
            }
            // Only a template that fails is searched for unknown names: the
            // engine's list of undeclared names also holds some that a
            // template sets itself (inside an `if`), which render fine.
            Err(e) => {
                refuse_unknown_placeholders(&env)?;
                Err(e)
            }
        }
    }

    /// Renders the mail of one ticket.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if the template is broken (see [`MailTemplate::check`]).
    pub fn render(&self, event: &Event, ticket: &Ticket) -> Result<RenderedMail> {
        self.compile()?.render(event, ticket)
    }

    /// Compiles the template once for rendering many mails.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a syntax error or an over-long part.
    pub fn compile(&self) -> Result<CompiledTemplate> {
        Ok(CompiledTemplate {
            env: self.environment()?,
            message: self.message.clone(),
        })
    }
}

/// A template compiled for rendering many mails.
#[derive(Debug)]
pub struct CompiledTemplate {
    env: Environment<'static>,
    message: String,
}

impl CompiledTemplate {
    /// Renders the mail of one ticket.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the template fails for this ticket.
    pub fn render(&self, event: &Event, ticket: &Ticket) -> Result<RenderedMail> {
        let guest = Guest {
            name: &ticket.name,
            salutation: ticket.salutation.as_deref(),
            code: &ticket.code,
            persons: ticket.persons,
            lang: ticket.mail_language(event),
        };
        render_with(
            &self.env,
            &self.message,
            &guest,
            &event.name,
            event.date.as_deref().unwrap_or(""),
        )
    }
}

/// An event's mail templates: the organiser's own for some languages, the
/// built-in one (worded by each language file) for the rest; or one
/// template for every language ([`MailTemplates::everywhere`], a template
/// tried from a file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailTemplates {
    /// The languages with a template of their own.
    pub own: std::collections::BTreeMap<Lang, MailTemplate>,
    /// One template for every language, over `own`.
    pub everywhere: Option<MailTemplate>,
}

impl MailTemplates {
    /// `template` for the mails of every language.
    pub fn everywhere(template: MailTemplate) -> Self {
        MailTemplates {
            own: Default::default(),
            everywhere: Some(template),
        }
    }

    /// The template the mails in `lang` are written with (the built-in
    /// one with that language's sentences written out when it has none of
    /// its own).
    pub fn for_lang(&self, lang: Lang) -> MailTemplate {
        self.everywhere
            .clone()
            .or_else(|| self.own.get(&lang).cloned())
            .unwrap_or_else(|| MailTemplate::default_for(lang))
    }

    /// Checks every template ([`MailTemplate::check`]).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the language, the part and the
    /// problem.
    pub fn check(&self) -> Result<()> {
        for (lang, t) in self
            .own
            .iter()
            .chain(self.everywhere.iter().map(|t| (&Lang::En, t)))
        {
            t.check().map_err(|e| match e {
                Error::InvalidInput { field, reason } if self.everywhere.is_none() => {
                    Error::InvalidInput {
                        field,
                        reason: msg!(
                            "mail-template-of-language",
                            language = lang.name(),
                            language_code = lang.code(),
                            reason = reason
                        ),
                    }
                }
                other => other,
            })?;
        }
        Ok(())
    }

    /// Compiles every template once for rendering many mails.
    ///
    /// # Errors
    /// As [`MailTemplate::compile`].
    pub fn compile(&self) -> Result<CompiledTemplates> {
        let mut own = std::collections::HashMap::new();
        if self.everywhere.is_none() {
            for (lang, t) in &self.own {
                own.insert(*lang, t.compile()?);
            }
        }
        Ok(CompiledTemplates {
            fallback: self.everywhere.clone().unwrap_or_default().compile()?,
            own,
        })
    }
}

/// [`MailTemplates`] compiled for rendering many mails.
#[derive(Debug)]
pub struct CompiledTemplates {
    fallback: CompiledTemplate,
    own: std::collections::HashMap<Lang, CompiledTemplate>,
}

impl CompiledTemplates {
    /// Renders the mail of one ticket with its language's template (the
    /// guest's own language, else the event's).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the template fails for this ticket.
    pub fn render(&self, event: &Event, ticket: &Ticket) -> Result<RenderedMail> {
        let lang = ticket.mail_language(event);
        self.own
            .get(&lang)
            .unwrap_or(&self.fallback)
            .render(event, ticket)
    }
}

/// Runs one call into minijinja for the template part `part`: its error, or
/// a panic inside the engine, becomes an [`Error::InvalidInput`] naming the
/// part.
fn guarded<T>(part: &str, f: impl FnOnce() -> Result<T, minijinja::Error>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(done) => done.map_err(|e| {
            Error::invalid(
                "mail template",
                msg!(
                    "mail-template-part-error",
                    part = part_name(part),
                    error = e.to_string()
                ),
            )
        }),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::invalid(
                "mail template",
                msg!(
                    "mail-template-engine-failed",
                    part = part_name(part),
                    detail = detail
                ),
            ))
        }
    }
}

/// The message id of what [`guarded`] says when the engine panicked.
const ENGINE_FAILED: &str = "mail-template-engine-failed";

/// A template part (`subject`, `text`, `html`, `message`) as its sentences
/// name it.
fn part_name(part: &str) -> Message {
    match part {
        "subject" => msg!("mail-part-subject"),
        "text" => msg!("mail-part-text"),
        "html" => msg!("mail-part-html"),
        _ => msg!("mail-part-message"),
    }
}

/// Refuses a template part that uses a name that is no placeholder (nor a
/// global of the engine such as `range`, nor a variable the template sets),
/// naming it and listing the placeholders.
fn refuse_unknown_placeholders(env: &Environment<'static>) -> Result<()> {
    let globals: Vec<&str> = env.globals().map(|(name, _)| name).collect();
    for (part, name) in [
        ("subject", "subject.txt"),
        ("text", "body.txt"),
        ("html", "body.html"),
    ] {
        let template = guarded(part, || env.get_template(name))?;
        let mut unknown: Vec<String> = template
            .undeclared_variables(false)
            .into_iter()
            .filter(|v| {
                let known = PLACEHOLDERS.contains(&v.as_str())
                    || globals.contains(&v.as_str())
                    || (part == "html" && v == "body");
                !known
            })
            .collect();
        unknown.sort();
        if let Some(first) = unknown.first() {
            let known: Vec<String> = PLACEHOLDERS
                .iter()
                .map(|p| format!("{{{{ {p} }}}}"))
                .collect();
            let name = format!("{{{{ {first} }}}}");
            let placeholders = known.join(", ");
            return Err(Error::invalid(
                "mail template",
                if part == "html" {
                    msg!(
                        "mail-template-unknown-placeholder-html",
                        part = part_name(part),
                        name = name,
                        placeholders = placeholders
                    )
                } else {
                    msg!(
                        "mail-template-unknown-placeholder",
                        part = part_name(part),
                        name = name,
                        placeholders = placeholders
                    )
                },
            ));
        }
    }
    Ok(())
}

/// The names a template may use, as [`MailTemplate::check`] lists them (the
/// HTML part may also use `body`, the rendered text).
pub const PLACEHOLDERS: [&str; 11] = [
    "greeting",
    "name",
    "first_name",
    "salutation",
    "code",
    "event",
    "date",
    "message",
    "persons",
    "language",
    "texts",
];

/// What a mail says of its ticket.
struct Guest<'a> {
    name: &'a str,
    salutation: Option<&'a str>,
    code: &'a str,
    /// How many people the ticket admits.
    persons: u32,
    /// The language of the guest's mail.
    lang: Lang,
}

fn render_with(
    env: &Environment<'static>,
    message: &str,
    guest: &Guest<'_>,
    event: &str,
    date: &str,
) -> Result<RenderedMail> {
    let mut ctx = Context {
        name: guest.name,
        first_name: first_name(guest.name),
        salutation: guest.salutation.unwrap_or(""),
        greeting: greeting_for(guest.name, guest.salutation, guest.lang),
        language: guest.lang.code(),
        texts: Texts::new(guest.lang, guest, event, date),
        code: guest.code,
        event,
        date,
        message,
        persons: guest.persons,
        body: String::new(),
    };
    // Errors name the part as the organiser knows it (subject, text, html).
    let render = |env: &Environment<'static>, template: &str, part: &str, ctx: &Context<'_>| {
        guarded(part, || {
            env.get_template(template)
                .and_then(|t| t.render(minijinja::value::Serde(ctx)))
        })
    };
    let subject = render(env, "subject.txt", "subject", &ctx)?;
    let text = render(env, "body.txt", "text", &ctx)?;
    ctx.body = text.clone();
    let html = render(env, "body.html", "html", &ctx)?;
    Ok(RenderedMail {
        subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
        text,
        html,
        language: guest.lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_placeholder_is_named_with_the_known_ones() {
        let t = MailTemplate::from_text("Ticket", "Hallo {{ vorname }},\n{{ code }}", "");
        let e = t.check().expect_err("unknown placeholder").to_string();
        assert!(e.contains("{{ vorname }}"), "{e}");
        assert!(
            e.contains("{{ first_name }}") && e.contains("{{ greeting }}"),
            "{e}"
        );
        assert!(e.contains("the text"), "{e}");
        // Names the template sets (also inside an `if`), `is defined` tests,
        // loop variables and globals such as `range` are no error.
        MailTemplate::from_text(
            "{{ event }}",
            "{% if salutation %}{% set hi = salutation %}{% else %}{% set hi = 'Hello' %}{% endif %}\
             {{ hi }} {% if vip is defined %}VIP{% endif %} {{ code }}",
            "",
        )
        .check()
        .expect("names set by the template");
        MailTemplate::from_text(
            "{{ event }}",
            "{% for x in range(2) %}{{ x }}{% endfor %}",
            "",
        )
        .check()
        .expect("a loop variable is fine");
    }

    #[test]
    fn default_template_greets_and_escapes() {
        let env = MailTemplate::default().environment().expect("compiles");
        let guest = Guest {
            name: "Anna <b>Berg</b>",
            salutation: None,
            code: "KQZ",
            persons: 1,
            lang: Lang::En,
        };
        let m = render_with(&env, "Bring <shoes>", &guest, "Ball & Co", "").expect("renders");
        assert_eq!(m.subject, "Your ticket for Ball & Co: KQZ");
        assert!(m.text.starts_with("Dear Anna,"));
        assert!(
            m.text.contains("\n    Your ticket code:  KQZ\n"),
            "{}",
            m.text
        );
        assert!(m.html.contains("Dear Anna,"));
        assert!(!m.html.contains("<b>Berg</b>"));
        assert!(m.html.contains("Bring &lt;shoes&gt;"));
        assert!(m.html.contains("Ball &amp; Co"));
    }

    /// A party's ticket says how many it admits, in the text, in the
    /// built-in HTML and in the simple layout around an edited text (once,
    /// also when that text says it itself); a guest alone's does not.
    #[test]
    fn a_partys_mail_says_how_many_it_admits() {
        let guest = |persons| Guest {
            name: "Anna Berg",
            salutation: None,
            code: "KQZ",
            persons,
            lang: Lang::En,
        };
        let env = MailTemplate::default().environment().expect("compiles");
        let four = render_with(&env, "", &guest(4), "Ball", "").expect("renders");
        assert!(
            four.text.contains("This ticket admits 4 people."),
            "{}",
            four.text
        );
        assert!(!four.text.contains("one person"), "{}", four.text);
        assert!(
            four.html.contains("This ticket admits 4 people."),
            "{}",
            four.html
        );
        let one = render_with(&env, "", &guest(1), "Ball", "").expect("renders");
        assert!(!one.text.contains("admits 1 people") && !one.text.contains("This ticket admits"));
        assert!(
            one.text.contains("The code admits one person once."),
            "{}",
            one.text
        );
        assert!(!one.html.contains("This ticket admits"), "{}", one.html);

        let plain = MailTemplate::from_text("{{ event }}", "Hi {{ name }}: {{ code }}", "");
        let env = plain.environment().expect("compiles");
        let html = render_with(&env, "", &guest(4), "Ball", "")
            .expect("renders")
            .html;
        assert_eq!(html.matches("admits 4 people").count(), 1, "{html}");
        let html = render_with(&env, "", &guest(1), "Ball", "")
            .expect("renders")
            .html;
        assert!(!html.contains("admits"), "{html}");
        let own =
            MailTemplate::from_text("{{ event }}", "For {{ persons }} people: {{ code }}", "");
        own.check().expect("persons is a placeholder");
        let env = own.environment().expect("compiles");
        let m = render_with(&env, "", &guest(4), "Ball", "").expect("renders");
        assert_eq!(m.text, "For 4 people: KQZ");
        assert_eq!(m.html.matches("4 people").count(), 1, "{}", m.html);
    }

    /// Each language's written-out default renders exactly the mails the
    /// language-neutral default renders, with and without a date, for a
    /// guest alone and for a party.
    #[test]
    fn each_language_s_written_out_default_mails_the_same() {
        for lang in Lang::ALL {
            let shown = MailTemplate::default_for(lang);
            shown.check().expect("a valid template");
            assert!(!shown.text.contains("texts."), "{lang}: {}", shown.text);
            let (shown, neutral) = (
                shown.environment().expect("compiles"),
                MailTemplate::default().environment().expect("compiles"),
            );
            for (persons, date) in [(1, ""), (4, "2026-07-04"), (2, "")] {
                let guest = Guest {
                    name: "Anna <Berg> & Co",
                    salutation: None,
                    code: "KQZ",
                    persons,
                    lang,
                };
                let a = render_with(&shown, "Bring <shoes>", &guest, "Ball & Co", date)
                    .expect("renders");
                let b = render_with(&neutral, "Bring <shoes>", &guest, "Ball & Co", date)
                    .expect("renders");
                assert_eq!(a, b, "{lang}, {persons} people, date {date:?}");
            }
        }
        let de = MailTemplate::default_for(Lang::De);
        assert!(
            de.text.contains("hier ist dein Ticket für {{ event }}"),
            "{}",
            de.text
        );
        // Saved unchanged, it keeps its built-in HTML part.
        let saved =
            MailTemplate::from_parts(&de.subject, &de.text, de.html.as_deref().unwrap_or(""), "");
        assert_eq!(saved.html, de.html);
    }

    #[test]
    fn edited_text_gets_the_layout() {
        let d = MailTemplate::default();
        let same = MailTemplate::from_text(&d.subject, &d.text.replace('\n', "\r\n"), "");
        assert_eq!(same.html, d.html, "unchanged text keeps the built-in HTML");
        let edited = MailTemplate::from_text("Hi\r\nthere", "Code {{ code }}\r\n", "x\r\ny");
        assert_eq!(edited.html, None);
        assert_eq!(edited.subject, "Hi there");
        assert_eq!(edited.text, "Code {{ code }}\n");
        assert_eq!(edited.message, "x\ny");
    }

    #[test]
    fn salutation_wins() {
        assert_eq!(
            greeting_for("Anna Berg", Some("Dear Dr. Berg,"), Lang::En),
            "Dear Dr. Berg"
        );
        assert_eq!(greeting_for("Anna Berg", Some("  "), Lang::En), "Dear Anna");
        assert_eq!(greeting_for("", None, Lang::En), "Hello");
        // Last name first: the given name greets.
        assert_eq!(greeting_for("Berg, Anna", None, Lang::De), "Hallo Anna");
        assert_eq!(greeting_for("Berg,", None, Lang::En), "Dear Berg");
        assert_eq!(
            greeting_for("Martin King, Jr.", None, Lang::En),
            "Dear Martin"
        );
    }

    #[test]
    fn a_panic_inside_the_template_engine_is_an_error() {
        // minijinja 3.1.0 panics here (see the module documentation).
        let t =
            MailTemplate::from_text("Ticket", r#"{{ "%(prénom)s" | format(1) }} {{ code }}"#, "");
        let e = t.check().expect_err("refused, not a panic");
        assert!(
            e.to_string().contains("text: the template engine failed"),
            "{e}"
        );
    }

    #[test]
    fn typos_are_caught() {
        let t = MailTemplate {
            subject: "Hi {{ nmae }}".into(),
            ..MailTemplate::default()
        };
        assert!(matches!(t.check(), Err(Error::InvalidInput { .. })));
        let t = MailTemplate {
            text: "{% for x in y %}".into(),
            ..MailTemplate::default()
        };
        assert!(t.check().is_err());
        let t = MailTemplate {
            text:
                "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
                    .into(),
            ..MailTemplate::default()
        };
        assert!(t.check().is_err(), "fuel bounds runaway loops");
    }

    #[test]
    fn repetition_is_refused_but_a_star_in_text_is_not() {
        for text in [
            "{{ [8] * 99999999 }}",
            "{{ [] ~ [8]*24471 }}",
            "{% set x = 2 ** 60 %}{{ x }}",
            "{% if code %}{{ \"x\" * 100000000 }}{% endif %}",
        ] {
            let t = MailTemplate {
                text: text.into(),
                ..MailTemplate::default()
            };
            let err = t.check().expect_err(text).to_string();
            assert!(err.contains("`*`"), "{text}: {err}");
        }
        let t = MailTemplate {
            text: "*Bring* your code {{ \"*\" ~ code ~ \"*\" }} {# a * b #}".into(),
            ..MailTemplate::default()
        };
        assert!(t.check().is_ok(), "{:?}", t.check());
    }
}
