//! Listening: plain HTTP or HTTPS (certificates re-read when renewed), the
//! addresses to open on a phone, graceful shutdown.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::Context;
use axum_server::Handle;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};

use crate::connections::{self, LimitedAcceptor};
use crate::state::AppState;

/// How long requests in flight may take to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
/// How often certificate files are checked for renewal, in seconds
/// (`TICKET_TLS_RELOAD_SECS` overrides it).
const CERT_POLL_SECS: u64 = 60;

fn cert_poll() -> Duration {
    let secs = std::env::var("TICKET_TLS_RELOAD_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(CERT_POLL_SECS);
    Duration::from_secs(secs)
}

/// Serves until SIGTERM or Ctrl-C.
pub async fn run(state: AppState, setup_token: Option<String>) -> anyhow::Result<()> {
    let config = state.config.clone();
    // A whole request body within BODY_SECS: one sent a byte at a time
    // would keep its connection busy (see `connections`).
    let app = tower::Layer::layer(
        &tower_http::timeout::RequestBodyDeadlineLayer::new(Duration::from_secs(
            connections::BODY_SECS,
        )),
        crate::app::app(state.clone()),
    );
    let app = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        SocketAddr,
    >(app);
    let handle: Handle<SocketAddr> = Handle::new();
    tokio::spawn(shutdown_on_signal(handle.clone(), state.clone()));
    let scheme = if config.tls_cert.is_some() {
        "https"
    } else {
        "http"
    };
    print_addresses(scheme, config.listen, setup_token.as_deref());
    let open_files = connections::raise_open_file_limit();
    let cap = connections::max_connections(config.max_connections, open_files);
    let registry =
        connections::Registry::new(cap, connections::PER_ADDRESS, config.trusted_proxy.clone());
    tracing::info!(
        open_file_limit = ?open_files,
        max_connections = cap,
        header_read_secs = connections::HEADER_READ_SECS,
        "connection limits"
    );
    let timeout = connections::header_read_timeout();
    match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => {
            let tls = RustlsConfig::from_pem_file(cert, key)
                .await
                .with_context(|| {
                    format!(
                        "cannot load TLS certificate {} / key {}",
                        cert.display(),
                        key.display()
                    )
                })?;
            tokio::spawn(reload_certificates(tls.clone(), cert.clone(), key.clone()));
            let acceptor = RustlsAcceptor::new(tls).acceptor(LimitedAcceptor::new(registry));
            let mut server = axum_server::bind(config.listen)
                .acceptor(acceptor)
                .handle(handle)
                .first_request_timeout(timeout);
            server.http_builder().http1().header_read_timeout(timeout);
            server
                .serve(app)
                .await
                .with_context(|| format!("cannot serve on {}", config.listen))?;
        }
        _ => {
            let mut server = axum_server::bind(config.listen)
                .acceptor(LimitedAcceptor::new(registry))
                .handle(handle)
                .first_request_timeout(timeout);
            server.http_builder().http1().header_read_timeout(timeout);
            server
                .serve(app)
                .await
                .with_context(|| format!("cannot serve on {}", config.listen))?;
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// Prints where phones can reach the app (and the first-run setup link).
fn print_addresses(scheme: &str, listen: SocketAddr, setup_token: Option<&str>) {
    let port = listen.port();
    let mut hosts: Vec<IpAddr> = Vec::new();
    if listen.ip().is_unspecified() {
        if let Ok(ifaces) = local_ip_address::list_afinet_netifas() {
            for (_, ip) in ifaces {
                if ip.is_ipv4() && !hosts.contains(&ip) {
                    hosts.push(ip);
                }
            }
        }
        hosts.sort_by_key(|ip| ip.is_loopback());
    } else {
        hosts.push(listen.ip());
    }
    println!("ticket-web is listening. Open one of these addresses:");
    for ip in &hosts {
        println!("  {scheme}://{}/", SocketAddr::new(*ip, port));
    }
    if let Some(token) = setup_token {
        let host = hosts.first().map_or_else(
            || listen.to_string(),
            |ip| SocketAddr::new(*ip, port).to_string(),
        );
        println!();
        println!("No admin exists yet. Create the first one with this one-time link:");
        println!("  {scheme}://{host}/setup?token={token}");
        println!("(or run: ticket-cli user add NAME --role admin)");
    }
}

async fn shutdown_on_signal(handle: Handle<SocketAddr>, state: AppState) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
    // Live pages hold a stream open for as long as they are shown: end them
    // now rather than wait out the grace period.
    state.stopping.send_replace(true);
    handle.graceful_shutdown(Some(SHUTDOWN_GRACE));
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Re-reads the certificate and key when either file changes (e.g. certbot renewed them).
async fn reload_certificates(tls: RustlsConfig, cert: PathBuf, key: PathBuf) {
    let mut seen = (modified(&cert), modified(&key));
    let poll = cert_poll();
    loop {
        tokio::time::sleep(poll).await;
        let now = (modified(&cert), modified(&key));
        if now != seen {
            match tls.reload_from_pem_file(&cert, &key).await {
                Ok(()) => {
                    tracing::info!(cert = %cert.display(), "TLS certificate reloaded");
                    seen = now;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "TLS certificate changed but cannot be loaded yet")
                }
            }
        }
    }
}

/// Deletes expired sessions every hour.
pub async fn purge_sessions(state: AppState) {
    loop {
        let now = chrono::Utc::now().timestamp();
        if let Err(e) = state.office.sessions().purge(now).await {
            tracing::warn!(error = %e, "cannot purge expired sessions");
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}
