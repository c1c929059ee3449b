//! Command-line flags with environment fallbacks (see INTERFACES.md).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Serve the ticket system: send tickets, view them, scan them at the door.
#[derive(Parser, Debug, Clone)]
#[command(version, about, long_about = None)]
pub struct Config {
    /// Database URL: `sqlite://PATH` (created if missing), `postgres://USER:PASSWORD@HOST/DB`
    /// or `mysql://USER:PASSWORD@HOST/DB` (also `mariadb://`).
    #[arg(
        long,
        env = "TICKET_DATABASE_URL",
        default_value = "sqlite://tickets.db"
    )]
    pub database_url: String,

    /// Most connections to a PostgreSQL or MySQL/MariaDB server this instance
    /// opens (default 10; SQLite ignores it). With several instances, keep the
    /// sum below the server's own connection limit.
    #[arg(long, env = "TICKET_DB_MAX_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..))]
    pub db_max_connections: Option<u32>,

    /// Address and port to listen on.
    #[arg(long, env = "TICKET_LISTEN", default_value = "0.0.0.0:8080")]
    pub listen: SocketAddr,

    /// SMTP server as a URL, e.g. `smtps://user:app-password@smtp.gmail.com`
    /// (without it, mails are written to the outbox folder).
    #[arg(long, env = "TICKET_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Folder for `.eml` files when no SMTP server is configured.
    #[arg(long, env = "TICKET_OUTBOX", default_value = "outbox")]
    pub outbox: PathBuf,

    /// Sender of ticket mails, e.g. `Summer Ball <tickets@example.org>`.
    #[arg(long, env = "TICKET_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// TLS certificate chain (PEM), e.g. Let's Encrypt's `fullchain.pem`.
    /// Re-read when the file changes, so renewals need no restart.
    #[arg(long, env = "TICKET_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// TLS private key (PEM), e.g. Let's Encrypt's `privkey.pem`.
    #[arg(long, env = "TICKET_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Public URL when behind a reverse proxy that terminates HTTPS, e.g.
    /// `https://tickets.example.org`: marks cookies `Secure` and is trusted as
    /// a request origin.
    #[arg(long, env = "TICKET_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Addresses of reverse proxies in front of this app (comma-separated,
    /// e.g. `127.0.0.1`): for requests from them, the client's address is
    /// read from `X-Forwarded-For`, so login limits apply per real client.
    /// Without it, the header is ignored (anyone could forge it), and behind
    /// a proxy every user shares the proxy's address.
    #[arg(long, env = "TICKET_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// Most connections open at once (lowered to the open-file limit minus
    /// 64 when that is smaller). When all are taken, the connection doing
    /// least is closed to make room, so a scan always gets in.
    #[arg(long, env = "TICKET_MAX_CONNECTIONS", default_value_t = crate::connections::DEFAULT_MAX_CONNECTIONS, value_parser = clap::value_parser!(u64).range(16..))]
    pub max_connections: u64,

    /// Let door staff find a guest by name when the code is lost.
    #[arg(long, env = "TICKET_DOOR_SEARCH", default_value_t = false)]
    pub door_search: bool,
}

impl Config {
    /// The command line's defaults with this database and outbox, listening on
    /// an ephemeral port of 127.0.0.1: one local instance, e.g. in tests or an
    /// embedding program. Reads no environment variables.
    pub fn local(database_url: impl Into<String>, outbox: impl Into<PathBuf>) -> Config {
        Config {
            database_url: database_url.into(),
            db_max_connections: Some(4),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            smtp_url: None,
            outbox: outbox.into(),
            mail_from: None,
            tls_cert: None,
            tls_key: None,
            public_url: None,
            trusted_proxy: Vec::new(),
            max_connections: crate::connections::DEFAULT_MAX_CONNECTIONS,
            door_search: false,
        }
    }

    /// The client's address: the peer's, or for a peer in `--trusted-proxy`
    /// the last address in `X-Forwarded-For` that is not a trusted proxy
    /// (each proxy appends the address it heard from; only the entries the
    /// trusted proxies added can be believed).
    pub fn client_ip(
        &self,
        peer: std::net::IpAddr,
        headers: &axum::http::HeaderMap,
    ) -> std::net::IpAddr {
        if !self.trusted_proxy.contains(&peer) {
            return peer;
        }
        let forwarded: Vec<std::net::IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map_while(|a| a.trim().parse().ok())
            .collect();
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !self.trusted_proxy.contains(ip))
            .unwrap_or(peer)
    }

    /// Whether browsers reach the app over HTTPS (directly or through a proxy).
    pub fn https(&self) -> bool {
        self.tls_cert.is_some()
            || self
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
    }
}
