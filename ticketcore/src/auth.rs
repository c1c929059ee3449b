//! Passwords and API tokens.
//!
//! Passwords are hashed with argon2id at the OWASP Password Storage Cheat Sheet's
//! first recommended setting: m = 19 MiB (19,456 KiB), t = 2 iterations, p = 1.
//! Hashing takes tens of milliseconds of CPU, so it runs on tokio's blocking
//! pool, never on an async worker thread.
//!
//! API tokens are 32 random bytes (256 bits) shown once as `tkt_` + 64 hex
//! digits; only their SHA-256 is stored. A slow hash adds nothing for secrets of
//! that entropy, and SHA-256 keeps token checks cheap on every request.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use rand::RngExt;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Argon2 memory cost in KiB (19 MiB, OWASP).
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
/// Argon2 iterations (OWASP).
pub const ARGON2_ITERATIONS: u32 = 2;
/// Argon2 parallelism (OWASP).
pub const ARGON2_PARALLELISM: u32 = 1;
/// Shortest accepted password, in characters (NIST SP 800-63B asks for at least 8).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest accepted password, in bytes (bounds hashing work per request).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Prefix of every API token, so leaked tokens are easy to recognise.
pub const TOKEN_PREFIX: &str = "tkt_";

fn hasher() -> Result<Argon2<'static>> {
    let params = Params::new(
        ARGON2_MEMORY_KIB,
        ARGON2_ITERATIONS,
        ARGON2_PARALLELISM,
        None,
    )
    .map_err(|e| Error::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks a new password against the length rules.
///
/// # Errors
/// [`Error::InvalidInput`] when shorter than [`MIN_PASSWORD_CHARS`] characters or
/// longer than [`MAX_PASSWORD_BYTES`] bytes.
pub fn check_password_rules(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::invalid(
            "password",
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Error::invalid(
            "password",
            format!("use at most {MAX_PASSWORD_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// Hashes a password (argon2id, PHC string format with a random 16-byte salt)
/// on the blocking pool.
///
/// # Errors
/// [`Error::InvalidInput`] if the password breaks [`check_password_rules`].
pub async fn hash_password(password: &str) -> Result<String> {
    check_password_rules(password)?;
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        hasher()?
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(format!("hashing task failed: {e}")))?
}

/// Verifies a password against a stored PHC hash on the blocking pool.
/// A malformed hash verifies nothing. Passwords over [`MAX_PASSWORD_BYTES`] are
/// refused without hashing.
///
/// # Errors
/// [`Error::Internal`] when the blocking task running the check fails.
pub async fn verify_password(hash: &str, password: &str) -> Result<bool> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Ok(false);
    }
    let (hash, password) = (hash.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || {
        Ok(hasher()?
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok())
    })
    .await
    .map_err(|e| Error::Internal(format!("verification task failed: {e}")))?
}

/// A new random API token secret: [`TOKEN_PREFIX`] + 64 hex digits (256 bits).
pub fn new_token_secret() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    format!("{TOKEN_PREFIX}{}", hex(&bytes))
}

/// The stored form of a token secret: SHA-256, hex.
pub fn token_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// A random URL-safe secret of `bytes` random bytes as hex (for setup links).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill(&mut buf[..]);
    hex(&buf)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Slows down password guessing: at most [`LOGIN_BURST`] login attempts per
/// account and [`LOGIN_BURST_PER_ADDRESS`] per client address in a row, then
/// one more every [`LOGIN_REFILL_SECS`] seconds (GCRA rate limiting by `governor`).
#[derive(Debug)]
pub struct LoginThrottle {
    accounts: governor::DefaultKeyedRateLimiter<String>,
    addresses: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
}

/// Login attempts per account before slowing down.
pub const LOGIN_BURST: u32 = 5;
/// Login attempts per client address before slowing down (a shared door NAT is common).
pub const LOGIN_BURST_PER_ADDRESS: u32 = 20;
/// Seconds until one more attempt is allowed after a burst.
pub const LOGIN_REFILL_SECS: u64 = 12;
/// Keys tracked before stale ones are dropped (bounds memory under a spray of names).
const MAX_TRACKED_KEYS: usize = 10_000;

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new()
    }
}

impl LoginThrottle {
    /// A throttle with the default limits.
    pub fn new() -> Self {
        use std::num::NonZeroU32;
        let period = std::time::Duration::from_secs(LOGIN_REFILL_SECS);
        let quota = |burst: u32| {
            governor::Quota::with_period(period)
                .unwrap_or_else(|| governor::Quota::per_minute(NonZeroU32::MIN))
                .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
        };
        LoginThrottle {
            accounts: governor::RateLimiter::keyed(quota(LOGIN_BURST)),
            addresses: governor::RateLimiter::keyed(quota(LOGIN_BURST_PER_ADDRESS)),
        }
    }

    /// Counts one login attempt for `account` from `address`.
    ///
    /// # Errors
    /// [`Error::TooManyAttempts`] when either limit is exhausted.
    pub fn check(&self, account: &str, address: Option<std::net::IpAddr>) -> Result<()> {
        use governor::clock::{Clock, DefaultClock};
        if self.accounts.len() > MAX_TRACKED_KEYS {
            self.accounts.retain_recent();
        }
        if self.addresses.len() > MAX_TRACKED_KEYS {
            self.addresses.retain_recent();
        }
        let now = DefaultClock::default().now();
        let refuse = |wait: std::time::Duration| Error::TooManyAttempts {
            retry_after_secs: wait.as_secs().max(1),
        };
        if let Some(ip) = address {
            self.addresses
                .check_key(&ip)
                .map_err(|n| refuse(n.wait_time_from(now)))?;
        }
        let key: String = account.trim().to_lowercase().chars().take(64).collect();
        self.accounts
            .check_key(&key)
            .map_err(|n| refuse(n.wait_time_from(now)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn throttle_slows_guessing() {
        let t = LoginThrottle::new();
        let ip: std::net::IpAddr = [10, 0, 0, 1].into();
        for _ in 0..LOGIN_BURST {
            assert!(t.check("alice", Some(ip)).is_ok());
        }
        assert!(matches!(
            t.check("Alice", Some(ip)),
            Err(Error::TooManyAttempts { .. })
        ));
        assert!(
            t.check("bob", Some(ip)).is_ok(),
            "other accounts still work"
        );
    }

    use super::*;

    #[tokio::test]
    async fn hash_and_verify() {
        let h = hash_password("correct horse").await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(&h, "correct horse").await.expect("verify"));
        assert!(!verify_password(&h, "wrong horse").await.expect("verify"));
        assert!(!verify_password("garbage", "x").await.expect("verify"));
        assert!(hash_password("short").await.is_err());
    }

    #[test]
    fn tokens() {
        let t = new_token_secret();
        assert_eq!(t.len(), 4 + 64);
        assert_ne!(t, new_token_secret());
        assert_eq!(token_hash(&t).len(), 64);
    }
}
