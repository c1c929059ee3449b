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
            crate::msg!("password-too-short", min = MIN_PASSWORD_CHARS),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Error::invalid(
            "password",
            crate::msg!("password-too-long", max = MAX_PASSWORD_BYTES),
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

/// Slows down password guessing without letting anyone lock the real user
/// out.
///
/// - **Per client address**: [`LOGIN_BURST_PER_ADDRESS`] attempts in a row,
///   then one every [`LOGIN_REFILL_SECS`] s; past that, refused
///   ([`Error::TooManyAttempts`]). An attacker's address is refused, the
///   real user's is not.
/// - **Per account and address**: [`LOGIN_BURST`] attempts in a row, then
///   one every [`LOGIN_REFILL_SECS`] s; past that, refused.
/// - **Per account** (from any address): never refused, but once more than
///   [`LOGIN_BURST`] recent attempts failed, every attempt waits
///   [`LOGIN_DELAY_STEP_MS`] ms more per extra failure, at most
///   [`LOGIN_MAX_DELAY_MS`] ms, before the password is checked. Failures
///   are forgotten at one per [`LOGIN_REFILL_SECS`] s.
///
/// So an attacker spraying one account from 8 addresses gets 40 answers at
/// once and then 40 a minute (5 per address), each up to
/// [`LOGIN_MAX_DELAY_MS`] ms late; the real user, from their own address,
/// logs in on the first try, at most that late. IPv6 clients count per /64
/// network (one household or phone gets a whole /64). Behind a reverse proxy, every user has
/// the proxy's address unless the frontend reads the client's address from
/// the proxy's headers (ticket-web's `--trusted-proxy`). Address limits use
/// GCRA rate limiting by `governor`.
#[derive(Debug)]
pub struct LoginThrottle {
    pairs: governor::DefaultKeyedRateLimiter<(String, std::net::IpAddr)>,
    addresses: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    failures: std::sync::Mutex<std::collections::HashMap<String, (f64, std::time::Instant)>>,
}

/// Login attempts per account and address before refusing (and failed
/// attempts per account before slowing down).
pub const LOGIN_BURST: u32 = 5;
/// Login attempts per client address before refusing (a shared door NAT is common).
pub const LOGIN_BURST_PER_ADDRESS: u32 = 20;
/// Seconds until one more attempt is allowed after a burst.
pub const LOGIN_REFILL_SECS: u64 = 12;
/// Extra wait per failed attempt beyond [`LOGIN_BURST`], in milliseconds.
pub const LOGIN_DELAY_STEP_MS: u64 = 250;
/// Longest wait before an account's password is checked, in milliseconds.
pub const LOGIN_MAX_DELAY_MS: u64 = 2000;
/// Keys tracked before stale ones are dropped (bounds memory under a spray of names).
const MAX_TRACKED_KEYS: usize = 10_000;

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new()
    }
}

/// The address a limit counts: IPv4 as it is, IPv6 by its /64 network.
fn network_of(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip.to_canonical() {
        std::net::IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            std::net::IpAddr::V6(std::net::Ipv6Addr::from(bits))
        }
        v4 => v4,
    }
}

fn account_key(account: &str) -> String {
    account.trim().to_lowercase().chars().take(64).collect()
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
            pairs: governor::RateLimiter::keyed(quota(LOGIN_BURST)),
            addresses: governor::RateLimiter::keyed(quota(LOGIN_BURST_PER_ADDRESS)),
            failures: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    fn failures(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, (f64, std::time::Instant)>>
    {
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Recent failed attempts on `account`, decayed to `now`.
    fn recent_failures(&self, account: &str, now: std::time::Instant) -> f64 {
        self.failures().get(account).map_or(0.0, |(n, at)| {
            (n - now.saturating_duration_since(*at).as_secs_f64() / LOGIN_REFILL_SECS as f64)
                .max(0.0)
        })
    }

    /// Counts one login attempt for `account` from `address` and says how
    /// long to wait before checking the password.
    ///
    /// # Errors
    /// [`Error::TooManyAttempts`] when the address, or this account from
    /// this address, tried too often.
    pub fn check(
        &self,
        account: &str,
        address: Option<std::net::IpAddr>,
    ) -> Result<std::time::Duration> {
        use governor::clock::{Clock, DefaultClock};
        if self.pairs.len() > MAX_TRACKED_KEYS {
            self.pairs.retain_recent();
        }
        if self.addresses.len() > MAX_TRACKED_KEYS {
            self.addresses.retain_recent();
        }
        let now = DefaultClock::default().now();
        let refuse = |wait: std::time::Duration| Error::TooManyAttempts {
            retry_after_secs: wait.as_secs().max(1),
        };
        let key = account_key(account);
        let ip = address.map_or(
            std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
            network_of,
        );
        self.addresses
            .check_key(&ip)
            .map_err(|n| refuse(n.wait_time_from(now)))?;
        self.pairs
            .check_key(&(key.clone(), ip))
            .map_err(|n| refuse(n.wait_time_from(now)))?;
        let excess = self.recent_failures(&key, std::time::Instant::now()) - f64::from(LOGIN_BURST);
        let delay_ms =
            (excess.max(0.0) * LOGIN_DELAY_STEP_MS as f64).min(LOGIN_MAX_DELAY_MS as f64);
        Ok(std::time::Duration::from_millis(delay_ms as u64))
    }

    /// Records a failed attempt on `account` (it slows later attempts on it
    /// from every address).
    pub fn failed(&self, account: &str) {
        let key = account_key(account);
        let now = std::time::Instant::now();
        let decayed = |n: f64, at: std::time::Instant| {
            (n - now.saturating_duration_since(at).as_secs_f64() / LOGIN_REFILL_SECS as f64)
                .max(0.0)
        };
        let mut failures = self.failures();
        if failures.len() > MAX_TRACKED_KEYS {
            failures.retain(|_, (n, at)| decayed(*n, *at) > 0.0);
        }
        let recent = failures.get(&key).map_or(0.0, |(n, at)| decayed(*n, *at));
        failures.insert(key, (recent + 1.0, now));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn throttle_refuses_the_guessing_address_not_the_account() {
        let t = LoginThrottle::new();
        let ip: std::net::IpAddr = [10, 0, 0, 1].into();
        for _ in 0..LOGIN_BURST {
            assert!(t.check("alice", Some(ip)).is_ok());
            t.failed("alice");
        }
        assert!(matches!(
            t.check("Alice", Some(ip)),
            Err(Error::TooManyAttempts { .. })
        ));
        assert!(
            t.check("bob", Some(ip)).is_ok(),
            "other accounts still work"
        );
        let home: std::net::IpAddr = [10, 0, 0, 2].into();
        assert_eq!(
            t.check("alice", Some(home)).ok(),
            Some(std::time::Duration::ZERO),
            "the real user's address is not refused"
        );
    }

    #[test]
    fn failures_from_many_addresses_slow_the_account_within_a_bound() {
        let t = LoginThrottle::new();
        for i in 0..40u8 {
            let ip: std::net::IpAddr = [10, 0, 1, i].into();
            assert!(t.check("admin", Some(ip)).is_ok());
            t.failed("admin");
        }
        let home: std::net::IpAddr = [10, 0, 0, 2].into();
        let delay = t.check("admin", Some(home)).expect("never refused");
        assert_eq!(delay, std::time::Duration::from_millis(LOGIN_MAX_DELAY_MS));
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
