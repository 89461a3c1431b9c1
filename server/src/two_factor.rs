//! Two-factor sign-in: one-time codes from an authenticator app (RFC 6238:
//! HMAC-SHA-1, six digits, 30-second steps) and recovery codes. Owns the
//! tables `two_factor` and `recovery_codes`; the sign-in's stages are
//! `auth`'s, the routes `accounts`'.
//!
//! The decisions (which step a code matches, what a recovery code looks
//! like) are plain functions of their inputs, time included; SQL stays thin
//! around them.

use crate::crypto::token_hash;
use crate::db::Db;
use crate::error::StoreError;
use hmac::{Hmac, Mac};
use password_hash::rand_core::{OsRng, RngCore};
use plenary_protocol::UserId;
use sqlx::Row;

/// Seconds per step.
const STEP: i64 = 30;
/// Steps either side of now a code is still taken for: a phone's clock
/// that drifts by half a minute, or a code typed as it turned.
const DRIFT: i64 = 1;
/// Recovery codes issued at enrolment.
const RECOVERY_CODES: usize = 10;
/// The secret's length: 160 bits, RFC 4226's recommendation.
const SECRET_BYTES: usize = 20;

/// The six-digit code of `secret` at time step `step`.
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let bin = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    bin % 1_000_000
}

/// The step `code` was made at, if it was made from `secret` within the
/// drift of `now` (seconds) and after the last step already used.
pub fn matching_step(secret: &[u8], code: &str, now: i64, last_used: i64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = code.parse().ok()?;
    let here = now.div_euclid(STEP);
    (here - DRIFT..=here + DRIFT)
        .filter(|step| *step > last_used)
        .find(|step| {
            crate::crypto::constant_time_eq(
                &code_at(secret, *step).to_be_bytes(),
                &wanted.to_be_bytes(),
            )
        })
}

/// Whether `code` has the shape of a recovery code (`xxxxx-xxxxx`, base32).
fn is_recovery_code(code: &str) -> bool {
    code.len() == 11 && code.contains('-')
}

/// A recovery code as stored and compared: lower case, without spaces.
fn normalise_recovery_code(code: &str) -> String {
    code.trim().replace(' ', "").to_ascii_lowercase()
}

/// The URI an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let label = format!("{issuer}:{account}");
    format!(
        "otpauth://totp/{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period={STEP}",
        plenary_frontend::url_component(&label),
        plenary_frontend::url_component(issuer)
    )
}

/// `uri` as a QR code in SVG.
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        // A URI far too long for a QR code; the secret is shown as text too.
        Err(_) => String::new(),
    }
}

fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    OsRng.fill_bytes(&mut bytes);
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

fn new_recovery_code() -> String {
    let mut bytes = [0u8; 7];
    OsRng.fill_bytes(&mut bytes);
    // 50 bits: guessing one of ten, within the sign-in limit, is hopeless.
    let text = data_encoding::BASE32_NOPAD
        .encode(&bytes)
        .to_ascii_lowercase();
    format!("{}-{}", &text[..5], &text[5..10])
}

fn decode(secret: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(secret.as_bytes()).ok()
}

/// A user's two-factor state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    None,
    /// A secret handed out, not yet confirmed with a code.
    Pending,
    On,
}

pub async fn state(db: &Db, user: UserId) -> Result<State, StoreError> {
    let row = sqlx::query("SELECT confirmed_at FROM two_factor WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_optional(db)
        .await?;
    Ok(match row {
        None => State::None,
        Some(row) if row.try_get::<Option<i64>, _>("confirmed_at")?.is_some() => State::On,
        Some(_) => State::Pending,
    })
}

/// Why a setup was refused.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("two-factor sign-in is already on")]
    AlreadyOn,
    #[error("the code is not the authenticator's")]
    WrongCode,
    #[error("no setup was started")]
    NotStarted,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Hands out a new secret for `user` (replacing one not yet confirmed);
/// returns it in base32.
pub async fn begin(db: &Db, user: UserId) -> Result<String, SetupError> {
    let secret = new_secret();
    let done = sqlx::query(
        "INSERT INTO two_factor (user_id, secret) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0 \
         WHERE two_factor.confirmed_at IS NULL",
    )
    .bind(user.to_string())
    .bind(&secret)
    .execute(db)
    .await
    .map_err(StoreError::from)?;
    if done.rows_affected() == 0 {
        return Err(SetupError::AlreadyOn);
    }
    Ok(secret)
}

/// The secret waiting for its code, or else a new one: a page shown again
/// keeps the secret the app may have scanned already.
pub async fn pending_or_new(db: &Db, user: UserId) -> Result<String, SetupError> {
    let row = sqlx::query("SELECT secret, confirmed_at FROM two_factor WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_optional(db)
        .await
        .map_err(StoreError::from)?;
    match row {
        None => begin(db, user).await,
        Some(row) => {
            let confirmed: Option<i64> = row.try_get("confirmed_at").map_err(StoreError::from)?;
            if confirmed.is_some() {
                return Err(SetupError::AlreadyOn);
            }
            Ok(row.try_get("secret").map_err(StoreError::from)?)
        }
    }
}

/// Confirms the pending secret with a code made from it, inside `tx`;
/// returns the recovery codes, issued now and shown once.
pub async fn confirm(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
    code: &str,
    now: i64,
) -> Result<Vec<String>, SetupError> {
    let row = sqlx::query("SELECT secret, confirmed_at FROM two_factor WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_optional(&mut **tx)
        .await
        .map_err(StoreError::from)?
        .ok_or(SetupError::NotStarted)?;
    if row
        .try_get::<Option<i64>, _>("confirmed_at")
        .map_err(StoreError::from)?
        .is_some()
    {
        return Err(SetupError::AlreadyOn);
    }
    let secret: String = row.try_get("secret").map_err(StoreError::from)?;
    let key = decode(&secret).ok_or(SetupError::NotStarted)?;
    let step = matching_step(&key, code, now, 0).ok_or(SetupError::WrongCode)?;
    let done = sqlx::query(
        "UPDATE two_factor SET confirmed_at = $1, last_step = $2 \
         WHERE user_id = $3 AND secret = $4 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(step)
    .bind(user.to_string())
    .bind(&secret)
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from)?;
    if done.rows_affected() == 0 {
        // Another confirmation, or a new setup, came first.
        return Err(SetupError::WrongCode);
    }
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from)?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user.to_string())
            .bind(token_hash(code))
            .execute(&mut **tx)
            .await
            .map_err(StoreError::from)?;
    }
    Ok(codes)
}

/// What a sign-in's second step was passed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    OneTimeCode,
    /// A recovery code, now used up; how many are left.
    RecoveryCode {
        left: i64,
    },
}

/// Checks a sign-in's second factor; a code or recovery code is good once.
pub async fn check(
    db: &Db,
    user: UserId,
    code: &str,
    now: i64,
) -> Result<Option<Passed>, StoreError> {
    if is_recovery_code(code.trim()) {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user.to_string())
        .bind(token_hash(&normalise_recovery_code(code)))
        .execute(db)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        let left: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user.to_string())
        .fetch_one(db)
        .await?
        .try_get("n")?;
        return Ok(Some(Passed::RecoveryCode { left }));
    }
    let row = sqlx::query(
        "SELECT secret, last_step FROM two_factor WHERE user_id = $1 AND confirmed_at IS NOT NULL",
    )
    .bind(user.to_string())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let secret: String = row.try_get("secret")?;
    let last: i64 = row.try_get("last_step")?;
    let Some(step) = decode(&secret).and_then(|key| matching_step(&key, code, now, last)) else {
        return Ok(None);
    };
    // Two sign-ins racing with one code: the step moves once.
    let done =
        sqlx::query("UPDATE two_factor SET last_step = $1 WHERE user_id = $2 AND last_step < $1")
            .bind(step)
            .bind(user.to_string())
            .execute(db)
            .await?;
    Ok((done.rows_affected() == 1).then_some(Passed::OneTimeCode))
}

/// Removes a user's two-factor sign-in and recovery codes; whether there was one.
pub async fn remove(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
) -> Result<bool, StoreError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    let done =
        sqlx::query("DELETE FROM two_factor WHERE user_id = $1 AND confirmed_at IS NOT NULL")
            .bind(user.to_string())
            .execute(&mut **tx)
            .await?;
    sqlx::query("DELETE FROM two_factor WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B (SHA-1 rows), read as six digits.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
            (20_000_000_000, 353_130),
        ] {
            assert_eq!(code_at(secret, time / STEP), code, "at {time}");
        }
    }

    #[test]
    fn a_code_is_taken_within_a_step_of_now_and_once() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_109;
        let here = now / STEP;
        let code = |step| format!("{:06}", code_at(secret, step));
        assert_eq!(matching_step(secret, &code(here), now, 0), Some(here));
        assert_eq!(
            matching_step(secret, &code(here - 1), now, 0),
            Some(here - 1)
        );
        assert_eq!(
            matching_step(secret, &code(here + 1), now, 0),
            Some(here + 1)
        );
        assert_eq!(matching_step(secret, &code(here - 2), now, 0), None);
        assert_eq!(matching_step(secret, &code(here + 2), now, 0), None);
        // Used already: neither it nor an older one again.
        assert_eq!(matching_step(secret, &code(here), now, here), None);
        assert_eq!(matching_step(secret, &code(here - 1), now, here), None);
        // Spaces as apps show them are fine; anything else is not a code.
        let spaced = format!("{} {}", &code(here)[..3], &code(here)[3..]);
        assert_eq!(matching_step(secret, &spaced, now, 0), Some(here));
        for junk in ["", "12345", "1234567", "abcdef", "１２３４５６", "-12345"] {
            assert_eq!(matching_step(secret, junk, now, 0), None, "{junk}");
        }
        assert_eq!(matching_step(b"another secret", &code(here), now, 0), None);
    }

    #[test]
    fn secrets_and_recovery_codes_have_their_shapes() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert_eq!(decode(&secret).map(|b| b.len()), Some(SECRET_BYTES));
        assert_ne!(new_secret(), secret);
        let code = new_recovery_code();
        assert!(is_recovery_code(&code), "{code}");
        assert_eq!(
            normalise_recovery_code(&format!(" {} ", code.to_uppercase())),
            code
        );
        assert!(!is_recovery_code("123456"));
        let uri = otpauth_uri("Plenary", "ada@example.org", &secret);
        assert!(
            uri.starts_with("otpauth://totp/Plenary%3Aada%40example.org?secret="),
            "{uri}"
        );
        assert!(qr_svg(&uri).starts_with("<?xml"));
    }
}
