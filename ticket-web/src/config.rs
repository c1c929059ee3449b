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
    /// the address its `X-Forwarded-For` names. Each proxy appends the
    /// address it heard from, so the list is read from the right: trusted
    /// proxies are skipped, the first other address is the client; an entry
    /// that is not an address (anything left of it was written by the
    /// client, who could forge it) ends the walk at the peer. IPv4 addresses
    /// seen as IPv6 (`::ffff:a.b.c.d`) count as IPv4.
    pub fn client_ip(
        &self,
        peer: std::net::IpAddr,
        headers: &axum::http::HeaderMap,
    ) -> std::net::IpAddr {
        let peer = peer.to_canonical();
        if !self.trusted_proxy.contains(&peer) {
            return peer;
        }
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for entry in entries.into_iter().rev() {
            match forwarded_address(entry) {
                Some(ip) if self.trusted_proxy.contains(&ip) => continue,
                Some(ip) => return ip,
                None => return peer,
            }
        }
        peer
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

/// One `X-Forwarded-For` entry as an address: `a.b.c.d`, `a.b.c.d:port`,
/// an IPv6 address, or `[v6]:port`.
fn forwarded_address(entry: &str) -> Option<std::net::IpAddr> {
    let entry = entry.trim();
    let ip = entry
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))?;
    Some(ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> axum::http::HeaderMap {
        let mut h = axum::http::HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().expect("header"));
        }
        h
    }

    #[test]
    fn the_client_address_comes_from_trusted_proxies_only() {
        let mut c = Config::local("sqlite::memory:", "outbox");
        let proxy: std::net::IpAddr = "127.0.0.1".parse().expect("ip");
        let client: std::net::IpAddr = "203.0.113.7".parse().expect("ip");
        let forged: std::net::IpAddr = "9.9.9.9".parse().expect("ip");
        // Not configured: the header is ignored.
        assert_eq!(c.client_ip(proxy, &headers(&["203.0.113.7"])), proxy);
        c.trusted_proxy = vec![proxy, "10.0.0.2".parse().expect("ip")];
        let ip = |peer: &str, xff: &[&str]| c.client_ip(peer.parse().expect("peer"), &headers(xff));
        assert_eq!(ip("127.0.0.1", &["203.0.113.7"]), client);
        assert_eq!(
            ip("::ffff:127.0.0.1", &["203.0.113.7"]),
            client,
            "IPv4 seen as IPv6"
        );
        // The client's own entries on the left are not believed.
        assert_eq!(ip("127.0.0.1", &["9.9.9.9, 203.0.113.7"]), client);
        assert_eq!(ip("127.0.0.1", &["9.9.9.9", "203.0.113.7"]), client);
        assert_eq!(ip("127.0.0.1", &["9.9.9.9, x, 203.0.113.7"]), client);
        assert_eq!(
            ip("127.0.0.1", &["9.9.9.9, x"]),
            proxy,
            "garbage ends the walk"
        );
        assert_ne!(ip("127.0.0.1", &["9.9.9.9, x"]), forged);
        // Two trusted proxies in a row; ports are allowed.
        assert_eq!(ip("127.0.0.1", &["203.0.113.7:5555, 10.0.0.2"]), client);
        assert_eq!(
            ip("127.0.0.1", &["[2001:db8::1]:443"]),
            "2001:db8::1".parse::<std::net::IpAddr>().expect("ip")
        );
        // An untrusted peer's header is ignored.
        assert_eq!(
            ip("198.51.100.1", &["203.0.113.7"]),
            "198.51.100.1".parse::<std::net::IpAddr>().expect("ip")
        );
    }
}
