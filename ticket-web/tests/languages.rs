//! Languages of the pages: `Accept-Language` chooses (German login page
//! with `lang="de"` and `Content-Language: de`), the language switch's
//! cookie wins over it, a language without page texts (French) shows the
//! pages in English but the door in French, and clock times follow the
//! language.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{Client, fixture, populated};

async fn get_with(c: &mut Client, uri: &str, headers: &[(&str, &str)]) -> common::Answer {
    c.send(Method::GET, uri, None, Vec::new(), headers).await
}

fn content_language(a: &common::Answer) -> &str {
    a.headers
        .get(header::CONTENT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn the_login_page_follows_accept_language() {
    let f = fixture().await;
    let mut c = Client::new(&f);
    let de = get_with(
        &mut c,
        "/login",
        &[("accept-language", "de-DE,de;q=0.9,en;q=0.5")],
    )
    .await;
    assert_eq!(de.status, StatusCode::OK);
    assert!(de.body.contains("<html lang=\"de\">"), "{}", de.body);
    assert!(de.body.contains("<h1>Anmelden</h1>"), "{}", de.body);
    assert!(de.body.contains("Benutzername") && de.body.contains("Passwort"));
    assert!(
        !de.body.contains("User name"),
        "no English left: {}",
        de.body
    );
    assert_eq!(content_language(&de), "de");

    let en = get_with(&mut c, "/login", &[]).await;
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("<h1>Log in</h1>"));
    assert_eq!(content_language(&en), "en");
    // English preferred over German by weight.
    let weighted = get_with(
        &mut c,
        "/login",
        &[("accept-language", "de;q=0.4, en;q=0.8")],
    )
    .await;
    assert!(weighted.body.contains("<h1>Log in</h1>"));
    // French ships the door and the mail, not the pages: English pages.
    let fr = get_with(&mut c, "/login", &[("accept-language", "fr-FR")]).await;
    assert!(fr.body.contains("<html lang=\"en\">"), "{}", fr.body);
    assert_eq!(content_language(&fr), "en");
    // The switch lists every language in its own name.
    for name in ["English", "Deutsch", "Français", "Español"] {
        assert!(de.body.contains(name), "{name}");
    }
}

#[tokio::test]
async fn the_switch_remembers_the_choice_over_the_browser() {
    let f = fixture().await;
    let mut c = Client::new(&f);
    let switched = get_with(&mut c, "/language/de?next=%2Flogin%3Fnext%3D%252F", &[]).await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), "/login?next=%2F");
    let cookie = switched
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_string();
    assert!(
        cookie.starts_with("lang=de;") && cookie.contains("Max-Age="),
        "{cookie}"
    );
    let page = get_with(
        &mut c,
        "/login",
        &[("cookie", "lang=de"), ("accept-language", "en")],
    )
    .await;
    assert!(page.body.contains("<h1>Anmelden</h1>"), "{}", page.body);
    // Unknown languages and other sites are refused quietly.
    let unknown = get_with(&mut c, "/language/xx?next=/login", &[]).await;
    assert_eq!(unknown.location(), "/login");
    assert!(unknown.headers.get(header::SET_COOKIE).is_none());
    let away = get_with(&mut c, "/language/de?next=//evil.example", &[]).await;
    assert_eq!(away.location(), "/");
}

#[tokio::test]
async fn the_door_speaks_german_and_french_and_clock_times_follow() {
    let (f, tickets) = populated(&["Anna Berg", "Jonas Weber"]).await;
    let mut door = Client::new(&f);
    door.login("sam", "scanner-password").await;
    let page = get_with(&mut door, "/events/ball/scan", &[("accept-language", "de")]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"de\">"), "{}", page.body);
    assert!(
        page.body.contains("\"welcome\":\"Willkommen\""),
        "{}",
        page.body
    );
    let fr = get_with(&mut door, "/events/ball/scan", &[("accept-language", "fr")]).await;
    assert!(fr.body.contains("\"welcome\":\"Bienvenue\""), "{}", fr.body);
    // English frame, French door: both named.
    assert_eq!(content_language(&fr), "en, fr");
    assert_eq!(content_language(&page), "de");

    // The answer's clock time is the door's language's.
    let clock = scan_clock(&mut door, &tickets[0].code, "de").await;
    assert!(clock.ends_with(" Uhr"), "{clock}");
    let clock = scan_clock(&mut door, &tickets[1].code, "en").await;
    assert!(clock.contains(" AM ") || clock.contains(" PM "), "{clock}");

    // The core's refusals come in the door's language too.
    let typo = serde_json::json!({"code": tickets[0].code, "persons": 0})
        .to_string()
        .into_bytes();
    for (lang, start) in [
        ("de", "Personenzahl ungültig: von 1 bis 1000"),
        ("en", "invalid persons: from 1 to 1000"),
        ("fr", "nombre de personnes non valide : de 1 à 1000"),
    ] {
        let answer = door
            .send(
                Method::POST,
                "/api/events/ball/scan",
                Some("application/json"),
                typo.clone(),
                &[("accept-language", lang)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
        let answer: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
        assert_eq!(answer["error"].as_str(), Some(start), "{lang}");
    }
}

/// Scans `code` through the API in `lang`: the answer's clock time.
async fn scan_clock(door: &mut Client, code: &str, lang: &str) -> String {
    let body = serde_json::json!({"code": code}).to_string().into_bytes();
    let answer = door
        .send(
            Method::POST,
            "/api/events/ball/scan",
            Some("application/json"),
            body,
            &[("accept-language", lang)],
        )
        .await;
    let answer: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    answer["used_at_clock"].as_str().expect("clock").to_string()
}

/// The send page edits each language's mail: `?lang=fr` opens the French
/// text, saving keeps it for French only, and the live preview renders the
/// language asked for.
#[tokio::test]
async fn the_template_editor_edits_each_language() {
    let (f, _) = populated(&["Anna Berg"]).await;
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let page = admin.get("/events/ball/send?lang=fr").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("name=\"language\" id=\"t-language\" value=\"fr\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<b lang=\"fr\">Français</b>"),
        "{}",
        page.body
    );
    let saved = admin
        .form(
            "/events/ball/template",
            &[
                ("language", "fr"),
                ("subject", "Votre billet : {{ code }}"),
                ("text", "Salut {{ first_name }} ! {{ code }}"),
                ("html", ""),
                ("message", ""),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    let templates = office.mail_templates(&event).await.expect("templates");
    assert_eq!(
        templates.own.keys().copied().collect::<Vec<_>>(),
        vec![ticketcore::i18n::Lang::Fr],
        "saved for French only"
    );
    // The English text (the event's language) is still the built-in one.
    let english = admin.get("/events/ball/send").await.body;
    assert!(
        english.contains("here is your ticket for {{ event }}"),
        "the built-in text, written out in English: {english}"
    );
    let german = admin.get("/events/ball/send?lang=de").await.body;
    assert!(
        german.contains("hier ist dein Ticket für {{ event }}"),
        "{german}"
    );
    assert!(english.contains("Français</a> ✎"), "{english}");
    // The live preview in German and in French.
    let preview = |lang: &str| {
        serde_json::json!({
            "subject": "{{ texts.subject }}",
            "text": "{{ greeting }}, {{ texts.intro }}",
            "language": lang,
        })
    };
    let de = admin
        .json("/api/events/ball/mail/preview", preview("de"))
        .await;
    let de: serde_json::Value = serde_json::from_str(&de.body).expect("json");
    assert!(
        de["text"].as_str().unwrap_or("").starts_with("Hallo"),
        "{de}"
    );
    assert_eq!(de["language"], "de");
    let fr = admin
        .json("/api/events/ball/mail/preview", preview("fr"))
        .await;
    let fr: serde_json::Value = serde_json::from_str(&fr.body).expect("json");
    assert!(
        fr["text"].as_str().unwrap_or("").starts_with("Bonjour"),
        "{fr}"
    );
}

/// A French browser that also reads German gets German pages (and its door
/// in French); a wrong password is told in German; answers vary by
/// language for caches; the switch on a page answered to a form's POST
/// leads back to the form's page, not to the POST.
#[tokio::test]
async fn the_next_language_with_pages_and_the_way_back_after_a_post() {
    let f = fixture().await;
    let mut c = Client::new(&f);
    let page = get_with(
        &mut c,
        "/login",
        &[("accept-language", "fr-CH,fr;q=0.9,de;q=0.8,en;q=0.7")],
    )
    .await;
    assert!(page.body.contains("<html lang=\"de\">"), "{}", page.body);
    assert_eq!(content_language(&page), "de");
    let vary = page
        .headers
        .get(header::VARY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        vary.contains("Accept-Language") && vary.contains("Cookie"),
        "{vary}"
    );

    let wrong = c
        .send(
            Method::POST,
            "/login",
            Some("application/x-www-form-urlencoded"),
            b"name=ada&password=falsch&next=%2F".to_vec(),
            &[
                ("accept-language", "de"),
                ("referer", "http://localhost/login?next=%2F"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .body
            .contains("Falscher Benutzername oder falsches Passwort."),
        "{}",
        wrong.body
    );
    assert!(
        wrong
            .body
            .contains("/language/en?next=/login%3Fnext%3D%252F"),
        "the switch leads back to the form's page: {}",
        wrong.body
    );
}

/// The event's mail language is set on the send page, and a guest's own
/// in Edit guest (blank: the event's again).
#[tokio::test]
async fn the_event_and_a_guest_change_their_mail_language() {
    let (f, tickets) = populated(&["Anna Berg"]).await;
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    let set = admin
        .form("/events/ball/language", &[("language", "de")])
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert!(
        set.body.contains("Mails of this event are now in German"),
        "{}",
        set.body
    );
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    assert_eq!(event.language, ticketcore::i18n::Lang::De);
    let bad = admin
        .form("/events/ball/language", &[("language", "it")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);

    let anna = &tickets[0];
    let edit = |language: &'static str| {
        vec![
            ("name", "Anna Berg"),
            ("email", "guest0@example.org"),
            ("persons", "1"),
            ("language", language),
        ]
    };
    let page = admin.get("/events/ball/tickets").await.body;
    assert!(page.contains("as the event (German)"), "{page}");
    admin
        .form(
            &format!("/events/ball/tickets/{}/guest", anna.code),
            &edit("fr"),
        )
        .await;
    let now = office.ticket(&event, &anna.code).await.expect("ticket");
    assert_eq!(now.language, Some(ticketcore::i18n::Lang::Fr));
    admin
        .form(
            &format!("/events/ball/tickets/{}/guest", anna.code),
            &edit(""),
        )
        .await;
    let now = office.ticket(&event, &anna.code).await.expect("ticket");
    assert_eq!(now.language, None, "blank: the event's again");
}

/// A German organiser's import preview lists a row's problems in German,
/// and a file that is no guest list is refused in German; the same upload
/// from an English browser stays English.
#[tokio::test]
async fn import_problems_are_told_in_the_page_language() {
    let (f, _) = populated(&[]).await;
    let mut admin = Client::new(&f);
    admin.login("ada", "admin-password").await;
    async fn upload(admin: &mut Client, bytes: &[u8], lang: &str) -> common::Answer {
        let (ct, body) = common::multipart("gaeste.csv", bytes);
        admin
            .send(
                Method::POST,
                "/events/ball/import",
                Some(&ct),
                body,
                &[("accept-language", lang)],
            )
            .await
    }
    let list = b"Name,E-Mail\nAnna Berg,anna@example.org\nBen Ode,ben.example.org\nAnna B.,ANNA@example.org\n";
    for (lang, no_at, duplicate) in [
        (
            "de",
            "„ben.example.org“ ist keine E-Mail-Adresse (es fehlt das „@“)",
            "Duplikat von Zeile 2",
        ),
        (
            "en",
            "\"ben.example.org\" is not an email address (it has no \"@\")",
            "duplicate of row 2",
        ),
    ] {
        let page = upload(&mut admin, list, lang).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let text = page.body.replace("&quot;", "\"").replace("&#34;", "\"");
        assert!(text.contains(no_at), "{lang}: {}", page.body);
        assert!(text.contains(duplicate), "{lang}: {}", page.body);
    }
    let page = upload(&mut admin, b"Guest list for the ball, see below\n", "de").await;
    assert!(
        page.body.contains("keine Kopfzeile gefunden"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("no header row"), "{}", page.body);
}

/// An address that leads nowhere answers 404 with a page in the reader's
/// language (JSON under `/api/`), not an empty body.
#[tokio::test]
async fn nowhere_is_said_in_the_page_language() {
    let f = fixture().await;
    let mut c = Client::new(&f);
    let page = get_with(&mut c, "/gibtsnicht", &[("accept-language", "de")]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        page.body.contains("Unter dieser Adresse gibt es nichts"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Nicht gefunden"), "{}", page.body);
    let api = get_with(&mut c, "/api/nowhere", &[("accept-language", "en")]).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let json: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("There is nothing")),
        "{json}"
    );
}
