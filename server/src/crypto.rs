//! The hub's secrets, made and checked: Argon2id password hashes (in a
//! bounded queue: each check takes memory and a core), random tokens and
//! their hashes. A leaf: it names no other module of the hub but its errors.

use crate::error::ApiError;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use base64::Engine;
use password_hash::rand_core::{OsRng, RngCore};
use password_hash::SaltString;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many Argon2 computations at once (each takes 19 MiB and a core
/// for tens of milliseconds); a burst of sign-ins queues instead of exhausting memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane), which meet
/// OWASP's minimum. Runs on the blocking pool: it is deliberately slow.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(format!("hashing gate: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ApiError::Internal(format!("hashing password: {e}")))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("hashing task: {e}")))?
}

/// Sign-ins waiting for a hashing slot at most: past this a sign-in is told
/// to retry at once instead of queueing behind a flood, so the queue stays
/// short enough for a real sign-in to get through within a second or two.
const MAX_WAITING: usize = 64;
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// The hashing queue is full; retry shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many sign-ins are waiting to be checked")]
pub struct Busy;

/// Verifies against a stored hash; with no hash, verifies against a dummy so
/// an unknown email costs the same time as a wrong password.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, Busy> {
    struct Waiting;
    impl Drop for Waiting {
        fn drop(&mut self) {
            WAITING.fetch_sub(1, Ordering::SeqCst);
        }
    }
    if WAITING.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        WAITING.fetch_sub(1, Ordering::SeqCst);
        return Err(Busy);
    }
    let waiting = Waiting;
    let Ok(_permit) = HASHING.acquire().await else {
        return Ok(false);
    };
    drop(waiting);
    tokio::task::spawn_blocking(move || {
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let dummy = DUMMY.get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(b"dummy password for timing", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        });
        let real = stored.is_some();
        let text = stored.unwrap_or_else(|| dummy.clone());
        let Ok(parsed) = PasswordHash::new(&text) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && real
    })
    .await
    .map_or(Ok(false), Ok)
}

/// A random URL-safe token of 256 bits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a token, as stored in place of the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Lower-case hexadecimal, as digests are stored and shown.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_hashes_verify_and_reject() {
        let hash = hash_password("a long enough password".into())
            .await
            .expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert_eq!(
            verify_password("a long enough password".into(), Some(hash.clone())).await,
            Ok(true)
        );
        assert_eq!(
            verify_password("wrong password here".into(), Some(hash)).await,
            Ok(false)
        );
        assert_eq!(
            verify_password("anything at all".into(), None).await,
            Ok(false)
        );
    }
}
