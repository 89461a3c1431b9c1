//! The hub's secrets, made and checked: Argon2id password hashes (in a
//! bounded queue: each check takes memory and a core), random tokens and
//! their hashes. A leaf: it names no other module of the hub but its errors.

use crate::error::ApiError;
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use base64::Engine;
use password_hash::rand_core::{OsRng, RngCore};
use password_hash::{Output, ParamsString, Salt, SaltString};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many Argon2 computations at once (each takes 19 MiB and a core
/// for tens of milliseconds); a burst of sign-ins queues instead of exhausting memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Blocks of memory (1 KiB each) an Argon2 computation reserves at least.
/// 33 MiB is above glibc's highest mmap threshold (32 MiB), so the memory is
/// mapped for this computation alone and unmapped after; only the 19 MiB it
/// touches is ever resident. Left to malloc, a freed 19 MiB block raises
/// glibc's threshold, and each thread's arena then keeps one for good: a
/// node held 734 MiB idle after 500 sign-ins (the issue-day benchmark).
const RESERVED_BLOCKS: usize = 33 << 10;

/// The PHC string of `password` under `algorithm`, `version`, `params` and
/// `salt`: what `PasswordHasher::hash_password` computes, in memory of our
/// own (see `RESERVED_BLOCKS`).
fn argon2_hash<'a>(
    password: &[u8],
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Salt<'a>,
) -> password_hash::Result<PasswordHash<'a>> {
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut salt_bytes)?;
    let blocks = params.block_count();
    let mut memory: Vec<Block> = Vec::with_capacity(blocks.max(RESERVED_BLOCKS));
    memory.resize(blocks, Block::default());
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let hash = Output::init_with(output_len, |out| {
        Ok(argon2.hash_password_into_with_memory(password, raw_salt, out, &mut memory)?)
    })?;
    Ok(PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt),
        hash: Some(hash),
    })
}

/// Whether `password` is the one `stored` (a PHC string) was made of.
fn argon2_verify(password: &[u8], stored: &str) -> password_hash::Result<bool> {
    let parsed = PasswordHash::new(stored)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Ok(false);
    };
    let computed = argon2_hash(
        password,
        Algorithm::try_from(parsed.algorithm)?,
        parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default(),
        Params::try_from(&parsed)?,
        salt,
    )?;
    // `Output`'s equality is constant-time.
    Ok(computed.hash == Some(expected))
}

/// A new PHC string of `password`: Argon2id with the crate's defaults
/// (19 MiB, 2 passes, 1 lane), which meet OWASP's minimum, and a new salt.
fn new_hash(password: &[u8]) -> password_hash::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2_hash(
        password,
        Algorithm::Argon2id,
        Version::V0x13,
        Params::default(),
        salt.as_salt(),
    )
    .map(|h| h.to_string())
}

/// [`new_hash`] on the blocking pool: it is deliberately slow.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(format!("hashing gate: {e}")))?;
    tokio::task::spawn_blocking(move || {
        new_hash(password.as_bytes())
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
        let dummy =
            DUMMY.get_or_init(|| new_hash(b"dummy password for timing").unwrap_or_default());
        let real = stored.is_some();
        let text = stored.unwrap_or_else(|| dummy.clone());
        argon2_verify(password.as_bytes(), &text).unwrap_or(false) && real
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

    #[test]
    fn hashes_stored_by_the_crate_verify_and_ours_verify_with_the_crate() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"a long enough password", &salt)
            .expect("hash")
            .to_string();
        assert_eq!(argon2_verify(b"a long enough password", &theirs), Ok(true));
        assert_eq!(argon2_verify(b"another password", &theirs), Ok(false));
        let ours = argon2_hash(
            b"a long enough password",
            Algorithm::Argon2id,
            Version::V0x13,
            Params::default(),
            salt.as_salt(),
        )
        .expect("hash")
        .to_string();
        assert_eq!(ours, theirs, "the same salt makes the same string");
        let parsed = PasswordHash::new(&ours).expect("parse");
        assert!(Argon2::default()
            .verify_password(b"a long enough password", &parsed)
            .is_ok());
        // Other parameters, as an older hub may have stored them.
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 << 10, 3, 1, None).expect("params"),
        )
        .hash_password(b"a long enough password", &salt)
        .expect("hash")
        .to_string();
        assert_eq!(argon2_verify(b"a long enough password", &light), Ok(true));
        assert!(argon2_verify(b"x", "not a hash").is_err());
    }

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
