//! Delivery: SMTP through lettre, or `.eml` files in an outbox folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::error::{Error, Result};
use crate::store::redact_url;

/// How long connecting to the SMTP server may take, and how long one whole
/// delivery (greeting, login, every command and the message) may take, in
/// seconds. Ticket mails are small; a server that is slower than this is
/// treated as a temporary failure.
pub const SMTP_TIMEOUT_SECS: u64 = 30;

/// What a failed delivery concerns, which decides what the send run does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// This recipient is refused (unknown user, mailbox disabled, bad address):
    /// mark the guest failed with the reason and go on.
    Recipient(String),
    /// The sender or the account is refused (quota, authentication, policy),
    /// or the outbox cannot be written: stop the run and leave the rest pending.
    Account(String),
    /// A temporary failure (4xx reply, dropped connection, timeout): retry with backoff.
    Temporary(String),
}

impl Delivery {
    /// The server's or system's reason.
    pub fn reason(&self) -> &str {
        match self {
            Delivery::Recipient(r) | Delivery::Account(r) | Delivery::Temporary(r) => r,
        }
    }
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// `.eml` files written to a folder (the default without SMTP settings).
    Outbox(PathBuf),
    /// An SMTP server (pooled connections).
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The URL with the password masked, for messages.
        shown: String,
        /// Bound on one delivery or connection check. (lettre's own timeout
        /// covers only the TCP connect: a server that accepts and then never
        /// answers would otherwise hang the send run.)
        timeout: Duration,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Mailer {
    /// An outbox folder (created when the first mail is written).
    pub fn outbox(dir: impl Into<PathBuf>) -> Self {
        Mailer::Outbox(dir.into())
    }

    /// An SMTP server from a lettre URL: `smtps://user:pass@smtp.gmail.com`
    /// (implicit TLS, port 465), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtp://127.0.0.1:2525` (plain, for a local relay).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a malformed URL (the password is never shown).
    pub fn smtp(url: &str) -> Result<Self> {
        Self::smtp_with_timeout(url, Duration::from_secs(SMTP_TIMEOUT_SECS))
    }

    /// As [`Mailer::smtp`], with another bound than the default 30 seconds on
    /// connecting and on each delivery (e.g. a short one in tests).
    ///
    /// # Errors
    /// As [`Mailer::smtp`].
    pub fn smtp_with_timeout(url: &str, timeout: Duration) -> Result<Self> {
        let shown = redact_url(url);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| {
                Error::invalid(
                    "SMTP URL",
                    crate::msg!("mail-smtp-url-invalid", url = &shown, error = e.to_string()),
                )
            })?
            .timeout(Some(timeout))
            .pool_config(PoolConfig::new().max_size(8))
            .build();
        Ok(Mailer::Smtp {
            transport,
            shown,
            timeout,
        })
    }

    /// Checks an SMTP URL as [`Mailer::smtp`] reads it, without building the
    /// transport (no runtime needed, nothing is connected).
    ///
    /// # Errors
    /// As [`Mailer::smtp`].
    pub fn check_url(url: &str) -> Result<()> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|_| ())
            .map_err(|e| {
                Error::invalid(
                    "SMTP URL",
                    crate::msg!(
                        "mail-smtp-url-invalid",
                        url = redact_url(url),
                        error = e.to_string()
                    ),
                )
            })
    }

    /// SMTP when a URL is given, the outbox folder otherwise.
    ///
    /// # Errors
    /// As [`Mailer::smtp`].
    pub fn from_settings(smtp_url: Option<&str>, outbox: &Path) -> Result<Self> {
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Self::smtp(url),
            None => Ok(Self::outbox(outbox)),
        }
    }

    /// Where mail goes, for people, in English: `outbox folder outbox/` or
    /// the masked SMTP URL ([`Mailer::described`] in any language).
    pub fn describe(&self) -> String {
        self.described().to_string()
    }

    /// Where mail goes, as a [`Message`](crate::message::Message) to write
    /// in the reader's language.
    pub fn described(&self) -> crate::message::Message {
        match self {
            Mailer::Outbox(dir) => {
                crate::msg!("mail-to-outbox", folder = dir.display().to_string())
            }
            Mailer::Smtp { shown, .. } => crate::msg!("mail-to-smtp", url = shown.as_str()),
        }
    }

    /// Checks that mail can go out: the outbox folder can be created and
    /// written, or the SMTP server answers (and accepts the login).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (field `mail`) saying what failed.
    pub async fn check(&self) -> Result<()> {
        match self {
            Mailer::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| {
                    Error::invalid(
                        "mail",
                        crate::msg!(
                            "mail-outbox-cannot-create",
                            path = dir.display().to_string(),
                            error = e.to_string()
                        ),
                    )
                })?;
                let probe = dir.join(".write-test");
                tokio::fs::write(&probe, b"ok").await.map_err(|e| {
                    Error::invalid(
                        "mail",
                        crate::msg!(
                            "mail-outbox-cannot-write",
                            path = dir.display().to_string(),
                            error = e.to_string()
                        ),
                    )
                })?;
                let _ = tokio::fs::remove_file(&probe).await;
                Ok(())
            }
            Mailer::Smtp {
                transport,
                shown,
                timeout,
            } => match tokio::time::timeout(*timeout, transport.test_connection()).await {
                Ok(Ok(true)) => Ok(()),
                Ok(Ok(false)) => Err(Error::invalid(
                    "mail",
                    crate::msg!("mail-server-no-answer", server = shown),
                )),
                Ok(Err(e)) => Err(Error::invalid(
                    "mail",
                    crate::msg!("mail-server-failed", server = shown, error = e.to_string()),
                )),
                Err(_) => Err(Error::invalid(
                    "mail",
                    crate::msg!(
                        "mail-server-timeout",
                        server = shown,
                        timeout = format!("{timeout:?}")
                    ),
                )),
            },
        }
    }

    /// Delivers one message; `file_stem` names the outbox file (`STEM.eml`).
    ///
    /// # Errors
    /// A [`Delivery`] saying what the refusal concerns: the recipient, the
    /// account (quota, login, policy, an outbox that cannot be written), or
    /// something temporary worth retrying.
    pub async fn deliver(&self, message: &Message, file_stem: &str) -> Result<(), Delivery> {
        match self {
            Mailer::Outbox(dir) => write_eml(dir, file_stem, &message.formatted()).await,
            Mailer::Smtp {
                transport, timeout, ..
            } => match tokio::time::timeout(*timeout, transport.send(message.clone())).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(classify_lettre(&e)),
                Err(_) => Err(Delivery::Temporary(format!(
                    "the mail server did not answer within {timeout:?}"
                ))),
            },
        }
    }
}

/// Writes `bytes` to `dir/STEM.eml` atomically (temp file, fsync, rename), so
/// the outbox never holds half a mail.
async fn write_eml(dir: &Path, stem: &str, bytes: &[u8]) -> Result<(), Delivery> {
    let fail = |e: std::io::Error| {
        Delivery::Account(format!("cannot write to the outbox {}: {e}", dir.display()))
    };
    tokio::fs::create_dir_all(dir).await.map_err(fail)?;
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let tmp = dir.join(format!(".{safe}.eml.tmp"));
    let path = dir.join(format!("{safe}.eml"));
    let bytes = bytes.to_vec();
    let write = {
        let tmp = tmp.clone();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()
        })
    };
    write
        .await
        .map_err(|e| Delivery::Account(format!("outbox writer failed: {e}")))?
        .map_err(fail)?;
    tokio::fs::rename(&tmp, &path).await.map_err(fail)
}

fn classify_lettre(e: &lettre::transport::smtp::Error) -> Delivery {
    let text = e.to_string();
    match e.status() {
        Some(code) => classify_smtp_reply(&code.to_string(), &text),
        // No reply code: connection refused or dropped, TLS failure, timeout.
        None if e.is_tls() => Delivery::Account(format!("TLS failed: {text}")),
        None => Delivery::Temporary(text),
    }
}

/// Sorts an SMTP refusal by what it concerns, from the reply code (`"550"`) and
/// text (which may carry an RFC 3463 enhanced status code such as `5.1.1`).
///
/// - 4xx: [`Delivery::Temporary`] (RFC 5321 §4.2.1: transient), except a 4.x
///   daily-quota reply, which is the account's.
/// - Enhanced `X.1.1`–`X.1.6`, `X.1.10` (bad destination address) and `X.2.x`
///   (mailbox disabled, full): [`Delivery::Recipient`].
/// - Enhanced `X.1.7`/`X.1.8` (bad sender), `X.3.x` (system), `X.4.x`, `X.5.x`,
///   `X.7.x` (policy, authentication): [`Delivery::Account`].
/// - Without an enhanced code: 550, 551, 553 are the recipient's (mailbox
///   unavailable, not local, name not allowed); 552 the mailbox's storage;
///   530/534/535/538 authentication and 554 and others the account's.
pub fn classify_smtp_reply(code: &str, text: &str) -> Delivery {
    let lower = text.to_ascii_lowercase();
    let reason = text.trim().to_string();
    let quota = ["quota", "rate limit", "too many", "daily", "limit exceeded"]
        .iter()
        .any(|w| lower.contains(w));
    let enhanced = enhanced_code(text);
    if code.starts_with('4') {
        if quota && !lower.contains("mailbox") {
            return Delivery::Account(reason);
        }
        return Delivery::Temporary(reason);
    }
    if let Some((_, subject, detail)) = enhanced {
        return match (subject, detail) {
            (1, 7) | (1, 8) => Delivery::Account(reason),
            (1, _) | (2, _) => Delivery::Recipient(reason),
            _ => Delivery::Account(reason),
        };
    }
    if quota {
        return Delivery::Account(reason);
    }
    match code {
        "550" | "551" | "552" | "553" => Delivery::Recipient(reason),
        _ => Delivery::Account(reason),
    }
}

/// Finds an RFC 3463 enhanced status code `class.subject.detail` in reply text.
fn enhanced_code(text: &str) -> Option<(u8, u16, u16)> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '[' || c == ']')
        .find_map(|word| {
            let mut parts = word.trim_end_matches([',', ';', ':']).split('.');
            let class: u8 = parts.next()?.parse().ok()?;
            let subject: u16 = parts.next()?.parse().ok()?;
            let detail: u16 = parts.next()?.parse().ok()?;
            (parts.next().is_none() && matches!(class, 2 | 4 | 5))
                .then_some((class, subject, detail))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_sorted() {
        let r = |c, t| classify_smtp_reply(c, t);
        assert!(matches!(
            r(
                "550",
                "5.1.1 The email account that you tried to reach does not exist"
            ),
            Delivery::Recipient(_)
        ));
        assert!(matches!(
            r("550", "No such user here"),
            Delivery::Recipient(_)
        ));
        assert!(matches!(
            r("552", "5.2.2 Mailbox full"),
            Delivery::Recipient(_)
        ));
        assert!(matches!(
            r("550", "5.4.5 Daily user sending quota exceeded"),
            Delivery::Account(_)
        ));
        assert!(matches!(
            r("554", "5.7.1 Message rejected: policy"),
            Delivery::Account(_)
        ));
        assert!(matches!(
            r("535", "5.7.8 Username and Password not accepted"),
            Delivery::Account(_)
        ));
        assert!(matches!(
            r("553", "5.1.8 Sender address rejected"),
            Delivery::Account(_)
        ));
        assert!(matches!(
            r("451", "4.3.0 Temporary server error"),
            Delivery::Temporary(_)
        ));
        assert!(matches!(
            r("421", "Service not available, closing channel"),
            Delivery::Temporary(_)
        ));
        assert!(matches!(
            r("450", "4.2.1 mailbox temporarily busy"),
            Delivery::Temporary(_)
        ));
        assert!(matches!(
            r("451", "4.7.1 Daily sending quota exceeded, try tomorrow"),
            Delivery::Account(_)
        ));
        assert!(matches!(
            r("550", "Daily sending limit exceeded"),
            Delivery::Account(_)
        ));
    }
}
