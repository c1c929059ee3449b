//! What the HTTP tests share: an app on a temporary SQLite database, served
//! in-process, and a client that keeps its session cookie.
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ticket_web::{Config, app::app, build_state, state::AppState};
use ticketcore::{NewEvent, NewGuest, Role};
use tower::ServiceExt;

pub struct Fixture {
    pub state: AppState,
    pub router: Router,
    pub _dir: tempfile::TempDir,
    pub setup_token: Option<String>,
}

pub async fn fixture() -> Fixture {
    fixture_with(|_| {}).await
}

/// As [`fixture`], with settings changed by `adjust`.
pub async fn fixture_with(adjust: impl FnOnce(&mut Config)) -> Fixture {
    let dir = tempfile::tempdir().expect("dir");
    let mut config = Config::local(
        format!("sqlite://{}", dir.path().join("t.db").display()),
        dir.path().join("outbox"),
    );
    config.mail_from = Some("Ball <tickets@example.org>".into());
    config.door_search = true;
    adjust(&mut config);
    let (state, setup_token) = build_state(config).await.expect("state");
    tokio::spawn(ticket_web::live::run_feed(state.clone()));
    let router =
        app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
    Fixture {
        state,
        router,
        _dir: dir,
        setup_token,
    }
}

#[derive(Clone)]
pub struct Client {
    pub router: Router,
    pub cookie: Option<String>,
    pub bearer: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Client {
    pub fn new(f: &Fixture) -> Self {
        Client {
            router: f.router.clone(),
            cookie: None,
            bearer: None,
        }
    }

    pub async fn send(
        &mut self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(t) = &self.bearer {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let resp = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).expect("request"))
            .await
            .expect("response");
        let status = resp.status();
        let headers = resp.headers().clone();
        if let Some(set) = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
        {
            let pair = set.split(';').next().unwrap_or("").to_string();
            if pair.ends_with('=') || set.contains("Max-Age=0") {
                self.cookie = None;
            } else {
                self.cookie = Some(pair);
            }
        }
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Answer {
        self.send(Method::GET, uri, None, Vec::new(), &[]).await
    }

    pub async fn form(&mut self, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Method::POST,
            uri,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
            &[],
        )
        .await
    }

    pub async fn json(&mut self, uri: &str, value: serde_json::Value) -> Answer {
        self.send(
            Method::POST,
            uri,
            Some("application/json"),
            value.to_string().into_bytes(),
            &[],
        )
        .await
    }

    pub async fn login(&mut self, name: &str, password: &str) -> Answer {
        self.form(
            "/login",
            &[("name", name), ("password", password), ("next", "/")],
        )
        .await
    }
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An admin `ada`, a scanner `sam`, an event `ball` with tickets for the given names.
pub async fn populated(names: &[&str]) -> (Fixture, Vec<ticketcore::Ticket>) {
    populate(fixture().await, names).await
}

/// As [`populated`], in a given fixture.
pub async fn populate(f: Fixture, names: &[&str]) -> (Fixture, Vec<ticketcore::Ticket>) {
    let office = &f.state.office;
    office
        .add_user("ada", Role::Admin, "admin-password")
        .await
        .expect("admin");
    office
        .add_user("sam", Role::Scanner, "scanner-password")
        .await
        .expect("scanner");
    let mut e = NewEvent::named("Ball");
    e.slug = Some("ball".into());
    let event = office.create_event(e).await.expect("event");
    let guests = ticketcore::testing::named_guests(names);
    let tickets = office
        .issue_tickets(&event, &guests)
        .await
        .expect("tickets");
    (f, tickets)
}

/// Issues Jonas Weber's ticket for a party of `persons` at the `ball`
/// event (see [`populated`]), with `note`.
pub async fn jonas_party(f: &Fixture, persons: u32, note: Option<&str>) -> ticketcore::Ticket {
    let office = &f.state.office;
    let event = office.event("ball").await.expect("event");
    office
        .issue_tickets(
            &event,
            &[NewGuest {
                persons,
                note: note.map(str::to_string),
                ..NewGuest::new("Jonas Weber", "jonas@example.org")
            }],
        )
        .await
        .expect("party")
        .remove(0)
}

/// A multipart form body with one file field `file`: its content type (with
/// the boundary) and bytes.
pub fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----ticketboundary7d3";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
