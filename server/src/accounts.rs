//! Users, delegations and sign-in sessions over HTTP: the handlers, and the
//! use cases that span the users' and the sessions' stores (a new password
//! signs the user out everywhere in the same transaction).

use crate::audit;
use crate::auth::{self, Caller, ClientIp, SigningIn};
use crate::crypto;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, Refusal};
use crate::extract::{Json, Path};
use crate::users::{
    self, create_user, delegation_from_row, find_user_by_email, get_user, list_users,
};
use crate::validate::{self, Broken, Errors};
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use plenary_protocol::api::*;
use plenary_protocol::{DelegationId, Problem, SessionId, UserId};
use std::net::SocketAddr;

/// Sets a new password and signs the user out everywhere; the personal
/// feeds' URLs stop working too (each is a credential of its own).
pub async fn set_password(db: &Db, user: &User, password: String) -> ApiResult<()> {
    let hash = password_hash("password", password, user).await?;
    let mut tx = db.begin().await?;
    store_new_password(&mut tx, user.id, &hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a user's two-factor sign-in from the command line and signs
/// them out everywhere, audited with no actor; whether there was one.
pub async fn reset_two_factor(db: &Db, user: UserId) -> ApiResult<bool> {
    let mut tx = db.begin().await?;
    let removed = crate::two_factor::remove(&mut tx, user).await?;
    if removed {
        auth::revoke_user_sessions(&mut *tx, user).await?;
        let event = audit::Event::new(AuditAction::TwoFactorRemoved, None, None)
            .on("user", user)
            .with(serde_json::json!({ "by": "command_line" }));
        audit::write(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// `user`'s new password (the `field` of a request) checked against the
/// rules, hashed.
async fn password_hash(field: &str, password: String, user: &User) -> ApiResult<String> {
    let mut errors = Errors::default();
    errors.check(
        field,
        validate::password(&password, &[&user.email, &user.name]),
    );
    errors.into_result()?;
    crypto::hash_password(password).await
}

/// Stores a new password's hash and signs the user out everywhere, in the
/// caller's transaction.
async fn store_new_password(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
    hash: &str,
) -> ApiResult<()> {
    users::store_password(tx, user, hash).await?;
    auth::revoke_user_sessions(&mut **tx, user).await?;
    Ok(())
}

/// The audit entries of a change to what an account speaks for, its role
/// and its delegation, in the caller's transaction; `via` names where the
/// change came from when it was not an administrator's edit.
pub(crate) async fn audit_assignment(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event: impl Fn(AuditAction) -> audit::Event,
    before: &User,
    after: &User,
    via: Option<&str>,
) -> Result<(), crate::error::StoreError> {
    let detail = |from: serde_json::Value, to: serde_json::Value| {
        let mut detail = serde_json::json!({ "from": from, "to": to });
        if let Some(via) = via {
            detail["via"] = via.into();
        }
        detail
    };
    if after.role != before.role {
        let detail = detail(before.role.as_str().into(), after.role.as_str().into());
        audit::write(&mut **tx, &event(AuditAction::RoleChanged).with(detail)).await?;
    }
    if after.delegation_id != before.delegation_id {
        let detail = detail(
            serde_json::json!(before.delegation_id),
            serde_json::json!(after.delegation_id),
        );
        audit::write(
            &mut **tx,
            &event(AuditAction::DelegationChanged).with(detail),
        )
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- sessions

fn session_info(caller: &Caller) -> ApiResult<SessionInfo> {
    Ok(SessionInfo {
        session_id: caller.session_id,
        user: caller.user.clone(),
        csrf_token: caller.csrf_token.clone(),
        expires_at: db::to_time(caller.expires_at)?,
        stage: caller.stage,
    })
}

/// Sign in; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "sessions", request_body = LoginRequest,
    responses((status = 200, body = SessionInfo), (status = 401, body = Problem), (status = 429, body = Problem)))]
pub async fn create_session(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: axum::http::request::Parts,
    Json(login): Json<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    auth::check_origin(&parts, &state.config.public_url)?;
    let from =
        crate::client_addr::client_ip(peer.ip(), &parts.headers, &state.config.trusted_proxies);
    let (cookie, caller) = sign_in(&state, from, &login.email, login.password).await?;
    Ok((
        AppendHeaders([(header::SET_COOKIE, cookie)]),
        Json(session_info(&caller)?),
    ))
}

/// Checks a password (within the sign-in rate limit) and opens a session;
/// the session cookie to set, and who signed in.
pub async fn sign_in(
    state: &AppState,
    ip: std::net::IpAddr,
    email: &str,
    password: String,
) -> ApiResult<(String, Caller)> {
    if !state.config.password_sign_in {
        return Err(ApiError::Refused(Refusal::PasswordSignInOff));
    }
    let email = email.trim().to_ascii_lowercase();
    if email.len() > 254 || password.len() > 1024 {
        return Err(ApiError::InvalidCredentials);
    }
    // Reserved before the password is checked: a parallel burst gets at
    // most the budget's worth of verdicts. A failure keeps its reservation.
    if let Err(e) = state.login_limiter.reserve(ip, &email).await {
        if matches!(e, crate::login_limit::LimitError::Exceeded { .. }) {
            metrics::counter!("plenary_login_limited_total").increment(1);
            audit::note(
                &state.db,
                audit::Event::new(AuditAction::SignInLimited, None, Some(ip)),
            )
            .await;
        }
        return Err(e.into());
    }
    let found = find_user_by_email(&state.db, &email).await?;
    let ok = crypto::verify_password(password, found.as_ref().map(|(_, h)| h.clone()))
        .await
        .map_err(|crypto::Busy| ApiError::RateLimited {
            retry_after_secs: 1,
        })?;
    let user = match found {
        Some((user, _)) if ok && !user.disabled => user,
        found => {
            // The address, not the email: a mistyped password is often
            // typed into the email field. The audit log names the account
            // when the email is one.
            tracing::info!(peer = %ip, "sign-in refused from {ip}");
            metrics::counter!("plenary_login_failures_total").increment(1);
            let (subject, reason) = match &found {
                Some((user, _)) if ok => (Some(user.id), "disabled"),
                Some((user, _)) => (Some(user.id), "password"),
                None => (None, "unknown_email"),
            };
            let mut event = audit::Event::new(AuditAction::SignInRefused, None, Some(ip))
                .with(serde_json::json!({ "reason": reason }));
            if let Some(user) = subject {
                event = event.on("user", user);
            }
            audit::note(&state.db, event).await;
            return Err(ApiError::InvalidCredentials);
        }
    };
    state.login_limiter.release(ip, &email).await?;
    open_session(state, user, ip, serde_json::Value::Null).await
}

/// Opens a session for a user whose first factor passed (a password, or
/// the organisation's provider); the session cookie to set, and who signed
/// in. A second factor, when the user has one or their role needs one, is
/// the session's next step.
pub async fn open_session(
    state: &AppState,
    user: User,
    ip: std::net::IpAddr,
    detail: serde_json::Value,
) -> ApiResult<(String, Caller)> {
    let stage = match crate::two_factor::state(&state.db, user.id).await? {
        crate::two_factor::State::On => SessionStage::Code,
        _ if state.config.two_factor_roles.contains(&user.role) => SessionStage::Enrol,
        _ => SessionStage::Complete,
    };
    let ttl = state.config.session_ttl;
    let (token, caller) = auth::create_session(&state.db, user, ttl, stage).await?;
    if stage == SessionStage::Complete {
        signed_in(state, &caller, ip, detail).await;
    }
    let cookie = auth::session_cookie(Some(&token), ttl, state.config.cookie_secure);
    Ok((cookie, caller))
}

/// Logs and audits a sign-in that is complete.
async fn signed_in(
    state: &AppState,
    caller: &Caller,
    ip: std::net::IpAddr,
    detail: serde_json::Value,
) {
    tracing::info!(user_id = %caller.user.id, "user {} signed in", caller.user.id);
    audit::note(
        &state.db,
        audit::Event::new(AuditAction::SignedIn, Some(caller.user.id), Some(ip))
            .on("user", caller.user.id)
            .with(detail),
    )
    .await;
}

/// A sign-in's second step: a one-time code from the authenticator app, or
/// a recovery code. Wrong codes count against the sign-in limit as wrong
/// passwords do.
#[utoipa::path(post, path = "/api/v1/session/code", tag = "sessions", request_body = OneTimeCode,
    responses((status = 200, body = SessionInfo), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn submit_code(
    State(state): State<AppState>,
    SigningIn(caller): SigningIn,
    ClientIp(from): ClientIp,
    Json(input): Json<OneTimeCode>,
) -> ApiResult<Json<SessionInfo>> {
    let caller = pass_second_factor(&state, caller, from, &input.code).await?;
    Ok(Json(session_info(&caller)?))
}

/// Checks a session's one-time code and completes it; the signed-in caller.
pub async fn pass_second_factor(
    state: &AppState,
    mut caller: Caller,
    from: std::net::IpAddr,
    code: &str,
) -> ApiResult<Caller> {
    if caller.stage != SessionStage::Code {
        return Err(ApiError::InvalidState(Refusal::NotThisStage));
    }
    reserve_code_try(state, &caller, from, code).await?;
    let user = caller.user.id;
    let Some(passed) = crate::two_factor::check(&state.db, user, code, db::now()).await? else {
        metrics::counter!("plenary_login_failures_total").increment(1);
        let event = audit::Event::new(AuditAction::SignInRefused, None, Some(from))
            .on("user", user)
            .with(serde_json::json!({ "reason": "code" }));
        audit::note(&state.db, event).await;
        return Err(ApiError::invalid("code", Broken::OneTimeCode));
    };
    state
        .login_limiter
        .release(from, &caller.user.email)
        .await?;
    let moved = auth::advance_session(
        &state.db,
        caller.session_id,
        SessionStage::Code,
        SessionStage::Complete,
    )
    .await?;
    if !moved {
        return Err(ApiError::Unauthenticated);
    }
    caller.stage = SessionStage::Complete;
    let detail = match passed {
        crate::two_factor::Passed::OneTimeCode => {
            serde_json::json!({ "second_factor": "one_time_code" })
        }
        crate::two_factor::Passed::RecoveryCode { left } => {
            serde_json::json!({ "second_factor": "recovery_code", "recovery_codes_left": left })
        }
    };
    signed_in(state, &caller, from, detail).await;
    Ok(caller)
}

/// A one-time code's length checked, and a try reserved against the sign-in
/// limit (a failure keeps it).
async fn reserve_code_try(
    state: &AppState,
    caller: &Caller,
    from: std::net::IpAddr,
    code: &str,
) -> ApiResult<()> {
    if code.len() > 64 {
        return Err(ApiError::invalid("code", Broken::OneTimeCode));
    }
    Ok(state
        .login_limiter
        .reserve(from, &caller.user.email)
        .await?)
}

/// Starts setting up two-factor sign-in: a new authenticator secret, as a
/// QR code and as text. It takes effect once a code made from it is
/// confirmed. A session whose role must have two factors comes here first.
#[utoipa::path(post, path = "/api/v1/session/two-factor", tag = "sessions",
    responses((status = 200, body = TwoFactorSetup), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem)))]
pub async fn start_two_factor(
    State(state): State<AppState>,
    SigningIn(caller): SigningIn,
) -> ApiResult<Json<TwoFactorSetup>> {
    Ok(Json(two_factor_setup(&state, &caller).await?))
}

/// A new authenticator secret for `caller` (complete, or bound to enrol).
pub async fn two_factor_setup(state: &AppState, caller: &Caller) -> ApiResult<TwoFactorSetup> {
    if caller.stage == SessionStage::Code {
        return Err(ApiError::InvalidState(Refusal::NotThisStage));
    }
    let secret = crate::two_factor::begin(&state.db, caller.user.id)
        .await
        .map_err(setup_error)?;
    Ok(setup_of(state, caller, secret))
}

/// The setup a page shows: the secret already handed out, or a new one.
pub async fn two_factor_setup_shown(
    state: &AppState,
    caller: &Caller,
) -> ApiResult<TwoFactorSetup> {
    let secret = crate::two_factor::pending_or_new(&state.db, caller.user.id)
        .await
        .map_err(setup_error)?;
    Ok(setup_of(state, caller, secret))
}

fn setup_of(state: &AppState, caller: &Caller, secret: String) -> TwoFactorSetup {
    let issuer = two_factor_issuer(state);
    let uri = crate::two_factor::otpauth_uri(&issuer, &caller.user.email, &secret);
    TwoFactorSetup {
        qr_svg: crate::two_factor::qr_svg(&uri),
        secret,
        uri,
    }
}

/// The name authenticator apps file the account under: the hub's host.
fn two_factor_issuer(state: &AppState) -> String {
    let url = &state.config.public_url;
    let host = url.split("://").nth(1).unwrap_or(url);
    format!("Plenary ({host})")
}

fn setup_error(e: crate::two_factor::SetupError) -> ApiError {
    use crate::two_factor::SetupError;
    match e {
        SetupError::AlreadyOn => ApiError::InvalidState(Refusal::TwoFactorOn),
        SetupError::NotStarted => ApiError::InvalidState(Refusal::TwoFactorNotStarted),
        SetupError::WrongCode => ApiError::invalid("code", Broken::OneTimeCode),
        SetupError::Store(e) => e.into(),
    }
}

/// Confirms the setup with a code from the app: two-factor sign-in is on,
/// and the answer carries the recovery codes, shown this once. A session
/// that had to enrol is signed in.
#[utoipa::path(post, path = "/api/v1/session/two-factor/confirm", tag = "sessions", request_body = OneTimeCode,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn confirm_two_factor(
    State(state): State<AppState>,
    SigningIn(caller): SigningIn,
    ClientIp(from): ClientIp,
    Json(input): Json<OneTimeCode>,
) -> ApiResult<Json<RecoveryCodes>> {
    let (codes, _) = confirm_setup(&state, caller, from, &input.code).await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// Confirms `caller`'s setup; the recovery codes and the caller after it.
pub async fn confirm_setup(
    state: &AppState,
    mut caller: Caller,
    from: std::net::IpAddr,
    code: &str,
) -> ApiResult<(Vec<String>, Caller)> {
    if caller.stage == SessionStage::Code {
        return Err(ApiError::InvalidState(Refusal::NotThisStage));
    }
    reserve_code_try(state, &caller, from, code).await?;
    let user = caller.user.id;
    let mut tx = state.db.begin().await?;
    let codes = crate::two_factor::confirm(&mut tx, user, code, db::now())
        .await
        .map_err(setup_error)?;
    let event =
        audit::Event::new(AuditAction::TwoFactorEnrolled, Some(user), Some(from)).on("user", user);
    audit::write(&mut *tx, &event).await?;
    tx.commit().await?;
    state
        .login_limiter
        .release(from, &caller.user.email)
        .await?;
    if caller.stage == SessionStage::Enrol
        && auth::advance_session(
            &state.db,
            caller.session_id,
            SessionStage::Enrol,
            SessionStage::Complete,
        )
        .await?
    {
        caller.stage = SessionStage::Complete;
        let detail = serde_json::json!({ "second_factor": "enrolled" });
        signed_in(state, &caller, from, detail).await;
    }
    Ok((codes, caller))
}

/// Turns one's own two-factor sign-in off, the password re-entered; not
/// for a role that must have it.
#[utoipa::path(post, path = "/api/v1/session/two-factor/remove", tag = "sessions", request_body = RemoveTwoFactor,
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn remove_two_factor(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(from): ClientIp,
    Json(input): Json<RemoveTwoFactor>,
) -> ApiResult<StatusCode> {
    remove_own_two_factor(&state, &caller, from, input.current_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes `caller`'s own two-factor sign-in, their password re-entered.
pub async fn remove_own_two_factor(
    state: &AppState,
    caller: &Caller,
    from: std::net::IpAddr,
    password: String,
) -> ApiResult<()> {
    if state.config.two_factor_roles.contains(&caller.user.role) {
        return Err(ApiError::InvalidState(Refusal::TwoFactorRequired));
    }
    check_current_password(state, from, &caller.user, password).await?;
    let mut tx = state.db.begin().await?;
    if crate::two_factor::remove(&mut tx, caller.user.id).await? {
        let event = audit::Event::by(AuditAction::TwoFactorRemoved, caller, from)
            .on("user", caller.user.id);
        audit::write(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The caller's password re-entered, checked within the sign-in limit (a
/// stolen session must not become a way to guess the password).
async fn check_current_password(
    state: &AppState,
    from: std::net::IpAddr,
    user: &User,
    password: String,
) -> ApiResult<()> {
    if password.len() > 1024 {
        return Err(ApiError::invalid(
            "current_password",
            Broken::CurrentPassword,
        ));
    }
    state.login_limiter.reserve(from, &user.email).await?;
    let hash = find_user_by_email(&state.db, &user.email)
        .await?
        .map(|(_, hash)| hash);
    let ok = crypto::verify_password(password, hash)
        .await
        .map_err(|crypto::Busy| ApiError::RateLimited {
            retry_after_secs: 1,
        })?;
    if !ok {
        metrics::counter!("plenary_login_failures_total").increment(1);
        return Err(ApiError::invalid(
            "current_password",
            Broken::CurrentPassword,
        ));
    }
    state.login_limiter.release(from, &user.email).await?;
    Ok(())
}

/// Signs a session out: revoked in SQL, and the cookie that clears it.
pub async fn sign_out(state: &AppState, caller: &Caller) -> ApiResult<String> {
    auth::revoke_session(&state.db, caller.session_id).await?;
    Ok(auth::session_cookie(
        None,
        Default::default(),
        state.config.cookie_secure,
    ))
}

/// The current session, with its CSRF token.
#[utoipa::path(get, path = "/api/v1/session", tag = "sessions",
    responses((status = 200, body = SessionInfo), (status = 401, body = Problem)))]
pub async fn get_session(SigningIn(caller): SigningIn) -> ApiResult<Json<SessionInfo>> {
    Ok(Json(session_info(&caller)?))
}

/// Sign out: revokes this session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "sessions",
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn delete_session(
    State(state): State<AppState>,
    SigningIn(caller): SigningIn,
) -> ApiResult<impl IntoResponse> {
    let cookie = sign_out(&state, &caller).await?;
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(header::SET_COOKIE, cookie)]),
    ))
}

/// Revokes one session: one's own, or anyone's for an admin.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "sessions", params(("id" = SessionId, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_one_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<SessionId>,
) -> ApiResult<StatusCode> {
    let owner = sqlx::query("SELECT user_id FROM sessions WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&state.db)
        .await?
        .map(|r| db::uuid_col(&r, "user_id"))
        .transpose()?;
    match owner {
        Some(owner) if owner == caller.user.id.0 || caller.role() == Role::Admin => {
            auth::revoke_session(&state.db, id).await?;
            Ok(StatusCode::NO_CONTENT)
        }
        _ => Err(ApiError::NotFound),
    }
}

/// A new personal calendar feed URL; any earlier one stops working.
#[utoipa::path(post, path = "/api/v1/session/feed", tag = "sessions",
    responses((status = 200, body = CalendarFeed), (status = 401, body = Problem)))]
pub async fn create_feed(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<CalendarFeed>> {
    let token = auth::random_token();
    crate::users::set_feed_token_hash(&state.db, caller.user.id, &auth::token_hash(&token)).await?;
    Ok(Json(CalendarFeed {
        url: format!(
            "{}/api/v1/feeds/{token}/calendar.ics",
            state.config.public_url
        ),
    }))
}

/// A new personal feed of newly issued documents: what the caller may read,
/// without a session; any earlier URL stops working.
#[utoipa::path(post, path = "/api/v1/session/documents-feed", tag = "sessions",
    responses((status = 200, body = DocumentsFeed), (status = 401, body = Problem)))]
pub async fn create_documents_feed(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<DocumentsFeed>> {
    let token = auth::random_token();
    let hash = auth::token_hash(&token);
    crate::users::set_documents_feed_token_hash(&state.db, caller.user.id, Some(&hash)).await?;
    Ok(Json(DocumentsFeed {
        url: format!(
            "{}/api/v1/feeds/{token}/documents.atom",
            state.config.public_url
        ),
    }))
}

/// Revokes the caller's documents feed: its URL stops working.
#[utoipa::path(delete, path = "/api/v1/session/documents-feed", tag = "sessions",
    responses((status = 204), (status = 401, body = Problem)))]
pub async fn revoke_documents_feed(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<StatusCode> {
    crate::users::set_documents_feed_token_hash(&state.db, caller.user.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the caller's own password, the current one re-entered. Every
/// other session of theirs ends; this one is replaced by a new session (its
/// cookie and CSRF token in the answer). Wrong current passwords count
/// against the sign-in limit, as a sign-in's would.
#[utoipa::path(post, path = "/api/v1/session/password", tag = "sessions", request_body = ChangePassword,
    responses((status = 200, body = SessionInfo), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn change_own_password(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(from): ClientIp,
    Json(input): Json<ChangePassword>,
) -> ApiResult<impl IntoResponse> {
    let user = caller.user.clone();
    check_current_password(&state, from, &user, input.current_password).await?;
    let hash = password_hash("new_password", input.new_password, &user).await?;
    let mut tx = state.db.begin().await?;
    store_new_password(&mut tx, user.id, &hash).await?;
    let event = audit::Event::by(AuditAction::PasswordChanged, &caller, from).on("user", user.id);
    audit::write(&mut *tx, &event).await?;
    tx.commit().await?;
    let ttl = state.config.session_ttl;
    // The session goes on as it was: it had passed any second factor.
    let (token, caller) = auth::create_session(&state.db, user, ttl, caller.stage).await?;
    let cookie = auth::session_cookie(Some(&token), ttl, state.config.cookie_secure);
    tracing::info!(user_id = %caller.user.id, "user {} changed their password", caller.user.id);
    Ok((
        AppendHeaders([(header::SET_COOKIE, cookie)]),
        Json(session_info(&caller)?),
    ))
}

// ---------------------------------------------------------------- users (admin)

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = Vec<User>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn get_users(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<User>>> {
    caller.require(Role::ADMINISTRATORS)?;
    Ok(Json(list_users(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUser,
    responses((status = 201, body = User), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_user(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(from): ClientIp,
    Json(input): Json<CreateUser>,
) -> ApiResult<(StatusCode, Json<User>)> {
    caller.require(Role::ADMINISTRATORS)?;
    let user = create_user(&state.db, input).await?;
    tracing::info!(user_id = %user.id, by = %caller.user.id, "user {} created", user.id);
    audit::note(
        &state.db,
        audit::Event::by(AuditAction::UserCreated, &caller, from)
            .on("user", user.id)
            .with(serde_json::json!({
                "role": user.role.as_str(),
                "delegation": user.delegation_id,
            })),
    )
    .await;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = UserId, Path)),
    responses((status = 200, body = User), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<UserId>,
) -> ApiResult<Json<User>> {
    if caller.user.id != id {
        caller.require(Role::ADMINISTRATORS)?;
    }
    get_user(&state.db, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = UserId, Path)), request_body = UpdateUser,
    responses((status = 200, body = User), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn patch_user(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(from): ClientIp,
    Path(id): Path<UserId>,
    Json(change): Json<UpdateUser>,
) -> ApiResult<Json<User>> {
    caller.require(Role::ADMINISTRATORS)?;
    let before = get_user(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let mut user = before.clone();
    let mut errors = Errors::default();
    if let Some(name) = &change.name {
        errors.check("name", validate::text(name, 200));
        user.name = name.trim().to_string();
    }
    if let Some(role) = change.role {
        user.role = role;
    }
    if let Some(delegation) = change.delegation_id {
        user.delegation_id = delegation;
    }
    match change.signs_for_delegation {
        Some(signs) => user.signs_for_delegation = signs,
        // The right to sign is a delegate's and goes with the role.
        None if user.role != Role::Delegate => user.signs_for_delegation = false,
        None => {}
    }
    match change.languages {
        Some(languages) => user.languages = crate::users::normalise_languages(languages),
        // Languages belong to the interpreter's role and go with it.
        None if user.role != Role::Interpreter => user.languages.clear(),
        None => {}
    }
    crate::users::check_role_fields(
        &state.db,
        user.role,
        user.delegation_id,
        user.signs_for_delegation,
        &user.languages,
        &mut errors,
    )
    .await?;
    if let Some(password) = &change.password {
        errors.check(
            "password",
            validate::password(password, &[&user.email, &user.name]),
        );
    }
    if change.disabled == Some(true) && id == caller.user.id {
        errors.add("disabled", Broken::OwnAccount);
    }
    errors.into_result()?;
    if let Some(disabled) = change.disabled {
        user.disabled = disabled;
    }
    let hash = match change.password {
        Some(password) => Some(password_hash("password", password, &user).await?),
        None => None,
    };
    // The change, the sign-outs it implies and its audit entries together.
    let event = |action| audit::Event::by(action, &caller, from).on("user", id);
    let mut tx = state.db.begin().await?;
    crate::users::update_user(&mut *tx, &user).await?;
    if let Some(hash) = &hash {
        store_new_password(&mut tx, id, hash).await?;
        audit::write(&mut *tx, &event(AuditAction::PasswordChanged)).await?;
    }
    let reset =
        change.reset_two_factor == Some(true) && crate::two_factor::remove(&mut tx, id).await?;
    if reset {
        audit::write(&mut *tx, &event(AuditAction::TwoFactorRemoved)).await?;
    }
    if user.disabled || change.role.is_some() || reset {
        auth::revoke_user_sessions(&mut *tx, id).await?;
    }
    audit_assignment(&mut tx, &event, &before, &user, None).await?;
    if user.signs_for_delegation != before.signs_for_delegation {
        let detail = serde_json::json!({ "signs": user.signs_for_delegation });
        audit::write(
            &mut *tx,
            &event(AuditAction::SigningRightChanged).with(detail),
        )
        .await?;
    }
    if user.disabled != before.disabled {
        let action = if user.disabled {
            AuditAction::AccountDisabled
        } else {
            AuditAction::AccountEnabled
        };
        audit::write(&mut *tx, &event(action)).await?;
    }
    tx.commit().await?;
    // A live seat carries the role and delegation it was taken with: it
    // ends with the access that gave it.
    if user.disabled || change.role.is_some() || change.delegation_id.is_some() {
        crate::live::end_user_seats(&state, id).await?;
    }
    Ok(Json(user))
}

/// Signs a user out everywhere.
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions", tag = "users", params(("id" = UserId, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_user_sessions(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(from): ClientIp,
    Path(id): Path<UserId>,
) -> ApiResult<StatusCode> {
    caller.require(Role::ADMINISTRATORS)?;
    get_user(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let mut tx = state.db.begin().await?;
    let n = auth::revoke_user_sessions(&mut *tx, id).await?;
    let event = audit::Event::by(AuditAction::SessionsRevoked, &caller, from)
        .on("user", id)
        .with(serde_json::json!({ "sessions": n }));
    audit::write(&mut *tx, &event).await?;
    tx.commit().await?;
    crate::live::end_user_seats(&state, id).await?;
    tracing::info!(user_id = %id, revoked = n, "revoked {n} sessions of user {id}");
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- delegations

#[utoipa::path(get, path = "/api/v1/delegations", tag = "delegations",
    responses((status = 200, body = Vec<Delegation>), (status = 401, body = Problem)))]
pub async fn get_delegations(
    State(state): State<AppState>,
    _caller: Caller,
) -> ApiResult<Json<Vec<Delegation>>> {
    Ok(Json(crate::users::list_delegations(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/delegations", tag = "delegations", request_body = CreateDelegation,
    responses((status = 201, body = Delegation), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_delegation(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<CreateDelegation>,
) -> ApiResult<(StatusCode, Json<Delegation>)> {
    caller.require(Role::ADMINISTRATORS)?;
    let mut errors = Errors::default();
    errors.check("code", validate::code(&input.code));
    errors.check("name", validate::text(&input.name, 200));
    errors.into_result()?;
    let delegation = Delegation {
        id: DelegationId(db::new_id()),
        code: input.code,
        name: input.name.trim().to_string(),
        kind: input.kind,
    };
    crate::users::insert_delegation(&state.db, &delegation).await?;
    Ok((StatusCode::CREATED, Json(delegation)))
}

#[utoipa::path(patch, path = "/api/v1/delegations/{id}", tag = "delegations", params(("id" = DelegationId, Path)), request_body = UpdateDelegation,
    responses((status = 200, body = Delegation), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn patch_delegation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<DelegationId>,
    Json(change): Json<UpdateDelegation>,
) -> ApiResult<Json<Delegation>> {
    caller.require(Role::ADMINISTRATORS)?;
    let row = sqlx::query("SELECT * FROM delegations WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut delegation = delegation_from_row(&row)?;
    let mut errors = Errors::default();
    if let Some(code) = change.code {
        errors.check("code", validate::code(&code));
        delegation.code = code;
    }
    if let Some(name) = change.name {
        errors.check("name", validate::text(&name, 200));
        delegation.name = name.trim().to_string();
    }
    if let Some(kind) = change.kind {
        delegation.kind = kind;
    }
    errors.into_result()?;
    crate::users::update_delegation(&state.db, &delegation).await?;
    Ok(Json(delegation))
}
