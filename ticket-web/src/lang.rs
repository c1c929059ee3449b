//! The language of each request: the `lang` cookie set by the language
//! switch (`GET /language/{code}`), else the browser's `Accept-Language`,
//! else English. Pages, the door's texts and clock times read it through
//! [`current`] while the request is handled (a task-local value set by
//! [`layer`]), so no handler passes it around; every HTML answer says it in
//! `Content-Language`.

use axum::extract::{Path, Query, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use ticketcore::i18n::{Area, Lang};

tokio::task_local! {
    static CURRENT: Lang;
    static PAGE: Lang;
    static HERE: String;
}

/// The name of the cookie that keeps a chosen language.
pub const COOKIE: &str = "lang";

/// The language the current request asked for (English outside a request).
/// A page shows it where it ships the texts, English elsewhere
/// ([`page_lang`]).
pub fn current() -> Lang {
    CURRENT.try_with(|l| *l).unwrap_or_default()
}

/// The language the pages are shown in: the asked one where it ships the
/// page texts, else the browser's next choice that does, else English
/// (a French browser that also reads German gets German pages and a
/// French door).
pub fn page_lang() -> Lang {
    PAGE.try_with(|l| *l).unwrap_or_else(|_| {
        let lang = current();
        if lang.ships(Area::Pages) {
            lang
        } else {
            Lang::En
        }
    })
}

/// A page text (see `ticketcore/locales/*/pages.ftl`), for templates:
/// `{{ crate::lang::t("login-title") }}`.
pub fn t(id: &str) -> String {
    page_lang().text(Area::Pages, id, &[])
}

/// The abbreviation of `zone` now ("CET", "EDT"), as server-written clock
/// times show it: the door writes offline times with it.
pub fn zone_now(zone: &chrono_tz::Tz) -> String {
    chrono::Utc::now()
        .with_timezone(zone)
        .format("%Z")
        .to_string()
}

/// A core error for a page, in the page language.
pub fn error(e: &ticketcore::Error) -> String {
    e.text(page_lang())
}

/// An error text of the web server (`errors.ftl`) for a page, in the page
/// language.
pub fn error_text(id: &str, args: &[(&str, &str)]) -> String {
    texts_in(page_lang(), id, args)
}

/// An error text of the web server (`errors.ftl`) for the JSON API, in the
/// language asked for (the door's: every language that ships the door
/// ships the errors).
pub fn api_error_text(id: &str, args: &[(&str, &str)]) -> String {
    texts_in(current(), id, args)
}

fn texts_in(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, ticketcore::i18n::Arg<'_>)> = args
        .iter()
        .map(|(n, v)| (*n, ticketcore::i18n::Arg::Text(v)))
        .collect();
    lang.text(Area::Errors, id, &args)
}

/// A page text with variables: `args` pairs names with their text.
pub fn t_with(id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, ticketcore::i18n::Arg<'_>)> = args
        .iter()
        .map(|(n, v)| (*n, ticketcore::i18n::Arg::Text(v)))
        .collect();
    page_lang().text(Area::Pages, id, &args)
}

/// A page text with one variable, for templates:
/// `{{ crate::lang::t1("home-odds", "odds", odds) }}`.
pub fn t1(id: &str, name: &str, value: impl std::fmt::Display) -> String {
    t_with(id, &[(name, &value.to_string())])
}

/// A page text with two variables.
pub fn t2(
    id: &str,
    n1: &str,
    v1: impl std::fmt::Display,
    n2: &str,
    v2: impl std::fmt::Display,
) -> String {
    t_with(id, &[(n1, &v1.to_string()), (n2, &v2.to_string())])
}

/// A page text with three variables.
pub fn t3(
    id: &str,
    n1: &str,
    v1: impl std::fmt::Display,
    n2: &str,
    v2: impl std::fmt::Display,
    n3: &str,
    v3: impl std::fmt::Display,
) -> String {
    t_with(
        id,
        &[
            (n1, &v1.to_string()),
            (n2, &v2.to_string()),
            (n3, &v3.to_string()),
        ],
    )
}

/// A page text with two numbers, each of which may choose words
/// (`{ $bad -> [one] … *[other] … }`).
pub fn tn2(
    id: &str,
    n1: &str,
    v1: impl std::fmt::Display,
    n2: &str,
    v2: impl std::fmt::Display,
) -> String {
    let number = |v: &dyn std::fmt::Display| {
        ticketcore::i18n::Arg::Number(v.to_string().parse().unwrap_or(0.0))
    };
    page_lang().text(Area::Pages, id, &[(n1, number(&v1)), (n2, number(&v2))])
}

/// A page text whose words depend on a number (`{ $n -> [one] … *[other]
/// … }`): `{{ crate::lang::tn("tickets-count", "n", count) }}`.
/// Any number type works (`u64` counts too).
pub fn tn(id: &str, name: &str, n: impl std::fmt::Display) -> String {
    let n: f64 = n.to_string().parse().unwrap_or(0.0);
    page_lang().text(Area::Pages, id, &[(name, ticketcore::i18n::Arg::Number(n))])
}

/// A door text (see `ticketcore/locales/*/door.ftl`).
pub fn door(id: &str) -> String {
    current().text(Area::Door, id, &[])
}

/// The door's texts for its script, as JSON safe inside `<script>`:
/// `<script type="application/json" id="texts">{{ crate::lang::door_json()|safe }}</script>`.
pub fn door_json() -> String {
    script_json(current().door_templates())
}

/// The page texts whose ids start with `prefix` (`tickets-js-`), for a
/// page's script, as JSON safe inside `<script>` (see [`door_json`]).
pub fn page_json(prefix: &str) -> String {
    script_json(page_lang().templates(Area::Pages, prefix))
}

fn script_json(texts: Vec<(String, String)>) -> String {
    let texts: serde_json::Map<String, serde_json::Value> = texts
        .into_iter()
        .map(|(id, text)| (id, serde_json::Value::String(text)))
        .collect();
    serde_json::Value::Object(texts)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The languages a page may be switched to, with the current one marked,
/// for the switch: `(code, own name, current?)`.
pub fn choices() -> Vec<(&'static str, &'static str, bool)> {
    let now = current();
    Lang::ALL
        .into_iter()
        .map(|l| (l.code(), l.name(), l == now))
        .collect()
}

/// The language a request asks for (for the door and the mails), and the
/// one its pages are shown in (the first asked for that ships pages).
pub fn of_request(headers: &axum::http::HeaderMap) -> (Lang, Lang) {
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then(|| Lang::ALL.into_iter().find(|l| l.code() == value))?
        });
    let lang = chosen
        .or_else(|| Lang::negotiate(asked, &Lang::ALL))
        .unwrap_or_default();
    let page = if lang.ships(Area::Pages) {
        lang
    } else {
        Lang::negotiate(asked, &Lang::shipping(Area::Pages)).unwrap_or_default()
    };
    (lang, page)
}

/// Middleware: handles the request in its language and says the language
/// of an HTML answer in `Content-Language`.
pub async fn layer(req: Request, next: Next) -> Response {
    let (lang, page) = of_request(req.headers());
    // The switch leads back here; after a form's POST, to the page the form
    // was on (its Referer's path, checked when switching), never to the POST.
    let get = req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD;
    let here = if get {
        req.uri()
            .path_and_query()
            .map_or_else(|| "/".to_string(), |p| p.as_str().to_string())
    } else {
        req.headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_else(|| "/".to_string())
    };
    let mut response = CURRENT
        .scope(lang, PAGE.scope(page, HERE.scope(here, next.run(req))))
        .await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        if !response.headers().contains_key(header::CONTENT_LANGUAGE) {
            response.headers_mut().insert(
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(page.code()),
            );
        }
        // Caches keep one answer per language.
        response.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    response
}

/// A door page: its frame is in the page language, its results in the
/// door's (a French door in English pages), so `Content-Language` names
/// both ("en, fr").
pub fn door_page(mut response: Response) -> Response {
    let (door, page) = (current(), page_lang());
    if door != page
        && let Ok(both) = HeaderValue::from_str(&format!("{}, {}", page.code(), door.code()))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, both);
    }
    response
}

/// `?next=` of the language switch.
#[derive(Debug, Deserialize)]
pub struct Back {
    next: Option<String>,
}

/// `GET /language/{code}?next=/path`: keeps the chosen language in a
/// cookie for a year and goes back to the page (a path of this site only).
pub async fn switch(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let next = crate::auth::safe_next(back.next.as_deref());
    let Some(lang) = Lang::ALL.into_iter().find(|l| l.code() == code) else {
        return Redirect::to(&next).into_response();
    };
    let mut response = Redirect::to(&next).into_response();
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The current request's path and query, for the language switch's way
/// back (set by [`layer`]).
pub fn here() -> String {
    HERE.try_with(|h| crate::auth::urlencode(h))
        .unwrap_or_else(|_| "/".into())
}

/// A language's name in a sentence of the page's language ("German" in
/// English, "Deutsch" in German), unlike the switch, which names each
/// language in itself.
pub fn language_name(lang: impl std::borrow::Borrow<Lang>) -> String {
    let lang = *lang.borrow();
    t(&format!("language-name-{}", lang.code()))
}
