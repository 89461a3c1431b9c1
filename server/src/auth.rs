//! Who is calling: sign-in sessions and CSRF (passwords and tokens are
//! `crypto`, the sign-in limit is `login_limit`, users are `users`).
//!
//! Sessions are random 256-bit tokens in an HttpOnly, SameSite=Lax cookie; SQL
//! keeps only their SHA-256, so a database leak yields no usable session. Every
//! cookie-authenticated write must carry the session's CSRF token in
//! `X-CSRF-Token` and, when the browser sends `Origin`, come from the hub's own
//! origin.

use crate::crypto::constant_time_eq;
pub use crate::crypto::{random_token, token_hash};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use plenary_protocol::api::{Role, SessionStage, User};
use plenary_protocol::{DelegationId, SessionId, UserId};
use sqlx::Row;
use std::time::Duration;

/// The session cookie's name: with the `__Host-` prefix whenever the cookie
/// is `Secure` (the hub is not on loopback), so the browser keeps it only
/// from this host over HTTPS, for the whole site, and no sibling domain can
/// plant one.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-plenary_session"
    } else {
        "plenary_session"
    }
}
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The signed-in caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub session_id: SessionId,
    pub csrf_token: String,
    pub expires_at: i64,
    /// Only a complete session is a caller to the API and the pages; the
    /// others reach their sign-in's next step alone (`SigningIn`).
    pub stage: SessionStage,
}

impl Caller {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Staff see every meeting; delegates only public ones and their delegation's.
    pub fn is_staff(&self) -> bool {
        self.user.role.is_staff()
    }

    pub fn require(&self, allowed: &[Role]) -> ApiResult<()> {
        if allowed.contains(&self.user.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// The address a request comes from, through the trusted proxies: for the
/// audit log and the sign-in limit.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientIp, std::convert::Infallible> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(ClientIp(crate::client_addr::client_ip(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// An optional caller: reading public data needs no sign-in.
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<Caller>);

impl Viewer {
    pub fn delegation(&self) -> Option<DelegationId> {
        self.0.as_ref().and_then(|c| c.user.delegation_id)
    }
    pub fn is_staff(&self) -> bool {
        self.0.as_ref().is_some_and(Caller::is_staff)
    }

    /// `user` reading without a session, as a personal feed's token lets
    /// them: what they may see, nothing they may do (there is no session to
    /// act through).
    pub fn reading_as(user: User) -> Viewer {
        Viewer(Some(Caller {
            user,
            session_id: plenary_protocol::SessionId(uuid::Uuid::nil()),
            csrf_token: String::new(),
            expires_at: 0,
            stage: plenary_protocol::api::SessionStage::Complete,
        }))
    }
}

/// The value of the cookie `name` in a request's headers.
pub fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The caller of an HTML form post: the session cookie's, when the form
/// carries that session's CSRF token (forms cannot set headers) and comes
/// from the hub's own origin.
pub async fn form_caller(parts: &Parts, state: &AppState, csrf: &str) -> ApiResult<Option<Caller>> {
    check_origin(parts, &state.config.public_url)?;
    let Some(caller) = cookie_session(parts, state).await? else {
        return Ok(None);
    };
    if !constant_time_eq(csrf.as_bytes(), caller.csrf_token.as_bytes()) {
        return Err(ApiError::Csrf(Refusal::CsrfToken));
    }
    Ok(Some(caller))
}

/// The live session the request's cookie names, at whatever stage, unchecked.
async fn cookie_session(parts: &Parts, state: &AppState) -> Result<Option<Caller>, StoreError> {
    let name = session_cookie_name(state.config.cookie_secure);
    match cookie_value(&parts.headers, name) {
        Some(token) => load_session(&state.db, token, state.config.session_idle).await,
        None => Ok(None),
    }
}

/// Refuses a write whose `Origin` is present and not the hub's own.
pub fn check_origin(parts: &Parts, public_url: &str) -> ApiResult<()> {
    match parts.headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => Ok(()),
        Some(Ok(origin)) if origin == public_url => Ok(()),
        Some(_) => Err(ApiError::Csrf(Refusal::CsrfOrigin)),
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The request's session at whatever stage, its CSRF token checked on writes.
pub async fn session_of(parts: &Parts, state: &AppState) -> ApiResult<Option<Caller>> {
    let Some(caller) = cookie_session(parts, state).await? else {
        return Ok(None);
    };
    if is_write(&parts.method) {
        check_origin(parts, &state.config.public_url)?;
        let sent = parts
            .headers
            .get(CSRF_HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if !constant_time_eq(sent, caller.csrf_token.as_bytes()) {
            return Err(ApiError::Csrf(Refusal::CsrfHeader));
        }
    }
    Ok(Some(caller))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ApiError;

    /// A session that has not passed its second factor reads as a visitor.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Viewer> {
        let caller = session_of(parts, state).await?;
        Ok(Viewer(caller.filter(|c| c.stage == SessionStage::Complete)))
    }
}

/// A session in the middle of its sign-in (or complete): for the second
/// step's routes only.
#[derive(Debug, Clone)]
pub struct SigningIn(pub Caller);

impl FromRequestParts<AppState> for SigningIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<SigningIn> {
        session_of(parts, state)
            .await?
            .map(SigningIn)
            .ok_or(ApiError::Unauthenticated)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Caller> {
        Viewer::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(ApiError::Unauthenticated)
    }
}

/// A caller authenticated by something other than a session (a join
/// token): the active user, with no session to revoke or CSRF token.
pub async fn caller_for_user(db: &Db, user: UserId) -> Result<Option<Caller>, StoreError> {
    let row = sqlx::query("SELECT * FROM users WHERE id = $1 AND disabled = 0")
        .bind(user.to_string())
        .fetch_optional(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Caller {
        user: crate::users::user_from_row(&row)?,
        session_id: SessionId(uuid::Uuid::nil()),
        csrf_token: String::new(),
        expires_at: 0,
        stage: SessionStage::Complete,
    }))
}

/// Reads a live session by its token: not revoked, not expired, and used
/// within `idle`; marks it used (at most once a minute, to spare writes).
pub async fn load_session(
    db: &Db,
    token: &str,
    idle: Duration,
) -> Result<Option<Caller>, StoreError> {
    let now = db::now();
    let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
    let row = sqlx::query(
        "SELECT s.id AS session_id, s.csrf_token, s.expires_at, s.last_seen_at, s.stage, u.* FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
         AND s.last_seen_at > $3 AND u.disabled = 0",
    )
    .bind(token_hash(token))
    .bind(now)
    .bind(now.saturating_sub(idle))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let last_seen: i64 = row.try_get("last_seen_at")?;
    if now - last_seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(row.try_get::<String, _>("session_id")?)
            .execute(db)
            .await?;
    }
    Ok(Some(Caller {
        user: crate::users::user_from_row(&row)?,
        session_id: SessionId(db::uuid_col(&row, "session_id")?),
        csrf_token: row.try_get("csrf_token")?,
        expires_at: row.try_get("expires_at")?,
        stage: SessionStage::parse(&row.try_get::<String, _>("stage")?)
            .ok_or_else(|| StoreError::Corrupt("a session's stage".into()))?,
    }))
}

/// Creates a session at `stage` and returns (cookie token, caller).
pub async fn create_session(
    db: &Db,
    user: User,
    ttl: Duration,
    stage: SessionStage,
) -> Result<(String, Caller), StoreError> {
    let token = random_token();
    let csrf_token = random_token();
    let id = db::new_id();
    let now = db::now();
    let expires_at = now + ttl.as_secs() as i64;
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, stage) \
         VALUES ($1, $2, $3, $4, $5, $6, $5, $7)",
    )
    .bind(id.to_string())
    .bind(token_hash(&token))
    .bind(user.id.to_string())
    .bind(&csrf_token)
    .bind(now)
    .bind(expires_at)
    .bind(stage.as_str())
    .execute(db)
    .await?;
    Ok((
        token,
        Caller {
            user,
            session_id: SessionId(id),
            csrf_token,
            expires_at,
            stage,
        },
    ))
}

/// Moves a live session from one stage to the next; `false` if it was no
/// longer at `from` (revoked, or another request moved it).
pub async fn advance_session(
    db: &Db,
    id: SessionId,
    from: SessionStage,
    to: SessionStage,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE sessions SET stage = $1 WHERE id = $2 AND stage = $3 AND revoked_at IS NULL",
    )
    .bind(to.as_str())
    .bind(id.to_string())
    .bind(from.as_str())
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Revokes one session; `false` if it was not live.
pub async fn revoke_session(db: &Db, id: SessionId) -> Result<bool, StoreError> {
    let done =
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(db::now())
            .bind(id.to_string())
            .execute(db)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Revokes every live session of a user; returns how many.
pub async fn revoke_user_sessions<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(db::now())
    .bind(user.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// The `Set-Cookie` value for a session token (or, with `None`, its removal).
pub fn session_cookie(token: Option<&str>, max_age: Duration, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!(
            "{name}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            max_age.as_secs()
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// Deletes the sessions that can no longer be used (expired, revoked, or
/// idle past `idle`) as of `now`; returns how many.
pub async fn delete_dead_sessions(db: &Db, now: i64, idle: Duration) -> Result<u64, StoreError> {
    let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
    let done = sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1 OR revoked_at IS NOT NULL OR last_seen_at <= $2",
    )
    .bind(now)
    .bind(now.saturating_sub(idle))
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
