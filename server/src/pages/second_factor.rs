//! The pages of the second factor: the code asked after the password, and
//! the account's two-factor setup. Plain forms, like the sign-in's, so they
//! work before (and without) the browser part; the rules are `accounts`'.

use super::{language, local_path, member, LanguageParams, SignInParams};
use crate::accounts;
use crate::auth::{form_caller, session_of, Caller};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Form, Query};
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use plenary_frontend::{render_code_page, render_two_factor, CodeError, TwoFactorView};
use plenary_protocol::api::{Language, SessionStage};
use serde::Deserialize;
use std::net::SocketAddr;

/// Where a session goes after its password, by its stage.
pub fn after_password(stage: SessionStage, lang: Language, next: &str) -> String {
    let (lang, encoded) = (lang.as_str(), plenary_frontend::url_component(next));
    match stage {
        SessionStage::Complete => next.to_string(),
        SessionStage::Code => format!("/sign-in/code?lang={lang}&next={encoded}"),
        SessionStage::Enrol => format!("/account/two-factor?lang={lang}&next={encoded}"),
    }
}

fn to_sign_in(lang: Language, next: &str) -> Response {
    Redirect::to(&format!(
        "/sign-in?lang={}&next={}",
        lang.as_str(),
        plenary_frontend::url_component(next)
    ))
    .into_response()
}

fn client(parts: &Parts, peer: SocketAddr, state: &AppState) -> std::net::IpAddr {
    crate::client_addr::client_ip(peer.ip(), &parts.headers, &state.config.trusted_proxies)
}

/// The code a session that has passed its password is asked for.
#[utoipa::path(get, path = "/sign-in/code", tag = "pages", params(SignInParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "No sign-in waiting for a code")))]
pub async fn get_code_page(
    State(state): State<AppState>,
    parts: Parts,
    Query(params): Query<SignInParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &parts.headers);
    let next = local_path(params.next.as_deref());
    Ok(match session_of(&parts, &state).await? {
        Some(caller) if caller.stage == SessionStage::Code => Html(render_code_page(
            lang,
            &member(&caller),
            &caller.csrf_token,
            &next,
            None,
        ))
        .into_response(),
        Some(caller) => Redirect::to(&after_password(caller.stage, lang, &next)).into_response(),
        None => to_sign_in(lang, &next),
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    pub code: String,
    /// The session's CSRF token.
    pub csrf_token: String,
    #[serde(default)]
    pub next: Option<String>,
}

/// The code entered: signed in and on to `next` (303), or the form again
/// with the reason (422, 429).
#[utoipa::path(post, path = "/sign-in/code", tag = "pages", params(LanguageParams),
    request_body(content = CodeForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Signed in"), (status = 403, body = plenary_protocol::Problem),
              (status = 422, content_type = "text/html", body = String), (status = 429, content_type = "text/html", body = String)))]
pub async fn post_code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: Parts,
    Query(params): Query<LanguageParams>,
    Form(form): Form<CodeForm>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &parts.headers);
    let next = local_path(form.next.as_deref());
    let Some(caller) = form_caller(&parts, &state, &form.csrf_token).await? else {
        return Ok(to_sign_in(lang, &next));
    };
    let from = client(&parts, peer, &state);
    let account = member(&caller);
    let csrf = caller.csrf_token.clone();
    match accounts::pass_second_factor(&state, caller, from, &form.code).await {
        Ok(_) => Ok(Redirect::to(&next).into_response()),
        Err(e) => {
            let (status, why) = refused(e)?;
            let page = render_code_page(lang, &account, &csrf, &next, Some(why));
            Ok((status, Html(page)).into_response())
        }
    }
}

/// A wrong or limited code, as the page says it; any other error as is.
fn refused(e: ApiError) -> ApiResult<(StatusCode, CodeError)> {
    match e {
        ApiError::Validation(_) => Ok((StatusCode::UNPROCESSABLE_ENTITY, CodeError::WrongCode)),
        ApiError::RateLimited { .. } => {
            Ok((StatusCode::TOO_MANY_REQUESTS, CodeError::TooManyAttempts))
        }
        e => Err(e),
    }
}

/// The session of a two-factor page: complete, or bound to enrol; else
/// where to go instead (a session still owing its code goes to that first).
fn enrolling(session: Option<Caller>, lang: Language, next: &str) -> Result<Caller, Redirect> {
    match session {
        Some(caller) if caller.stage != SessionStage::Code => Ok(caller),
        Some(caller) => Err(Redirect::to(&after_password(caller.stage, lang, next))),
        None => Err(Redirect::to(&format!(
            "/sign-in?lang={}&next=/account/two-factor",
            lang.as_str()
        ))),
    }
}

/// The account's two-factor sign-in: its setup (a QR code and the secret),
/// or, when on, the way to turn it off.
#[utoipa::path(get, path = "/account/two-factor", tag = "pages", params(SignInParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page")))]
pub async fn get_two_factor_page(
    State(state): State<AppState>,
    parts: Parts,
    Query(params): Query<SignInParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &parts.headers);
    let next = local_path(params.next.as_deref());
    let session = session_of(&parts, &state).await?;
    let caller = match enrolling(session, lang, &next) {
        Ok(caller) => caller,
        Err(to) => return Ok(to.into_response()),
    };
    let shown = match crate::two_factor::state(&state.db, caller.user.id).await? {
        crate::two_factor::State::On => on_view(&state, &caller, false),
        _ => setup_view(&state, &caller, None).await?,
    };
    Ok(two_factor_page(lang, &caller, &next, shown))
}

fn on_view(state: &AppState, caller: &Caller, wrong_password: bool) -> TwoFactorView {
    TwoFactorView::On {
        removable: !state.config.two_factor_roles.contains(&caller.user.role),
        wrong_password,
    }
}

async fn setup_view(
    state: &AppState,
    caller: &Caller,
    error: Option<CodeError>,
) -> ApiResult<TwoFactorView> {
    let setup = accounts::two_factor_setup_shown(state, caller).await?;
    Ok(TwoFactorView::Setup {
        qr_svg: setup.qr_svg,
        secret: setup.secret,
        needed: caller.stage == SessionStage::Enrol,
        error,
    })
}

fn two_factor_page(lang: Language, caller: &Caller, next: &str, shown: TwoFactorView) -> Response {
    // The secret and the recovery codes are for this screen only.
    (
        [(header::CACHE_CONTROL, "no-store")],
        Html(render_two_factor(
            lang,
            &member(caller),
            &caller.csrf_token,
            next,
            shown,
        )),
    )
        .into_response()
}

/// The code from the app confirms the setup: the recovery codes, shown once
/// (and a session that had to enrol is signed in), or the setup again with
/// the reason.
#[utoipa::path(post, path = "/account/two-factor", tag = "pages", params(LanguageParams),
    request_body(content = CodeForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in"),
              (status = 403, body = plenary_protocol::Problem), (status = 409, body = plenary_protocol::Problem),
              (status = 422, content_type = "text/html", body = String), (status = 429, content_type = "text/html", body = String)))]
pub async fn post_two_factor(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: Parts,
    Query(params): Query<LanguageParams>,
    Form(form): Form<CodeForm>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &parts.headers);
    let next = local_path(form.next.as_deref());
    let session = form_caller(&parts, &state, &form.csrf_token).await?;
    let caller = match enrolling(session, lang, &next) {
        Ok(caller) => caller,
        Err(to) => return Ok(to.into_response()),
    };
    let from = client(&parts, peer, &state);
    match accounts::confirm_setup(&state, caller.clone(), from, &form.code).await {
        Ok((codes, caller)) => Ok(two_factor_page(
            lang,
            &caller,
            &next,
            TwoFactorView::Codes(codes),
        )),
        Err(e) => {
            let (status, why) = refused(e)?;
            let shown = setup_view(&state, &caller, Some(why)).await?;
            let mut page = two_factor_page(lang, &caller, &next, shown);
            *page.status_mut() = status;
            Ok(page)
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveTwoFactorForm {
    pub current_password: String,
    /// The session's CSRF token.
    pub csrf_token: String,
}

/// Turns the account's two-factor sign-in off (the password re-entered) and
/// shows the page again.
#[utoipa::path(post, path = "/account/two-factor/remove", tag = "pages", params(LanguageParams),
    request_body(content = RemoveTwoFactorForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Removed, or not signed in"), (status = 403, body = plenary_protocol::Problem),
              (status = 409, body = plenary_protocol::Problem), (status = 422, content_type = "text/html", body = String),
              (status = 429, body = plenary_protocol::Problem)))]
pub async fn post_remove_two_factor(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: Parts,
    Query(params): Query<LanguageParams>,
    Form(form): Form<RemoveTwoFactorForm>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &parts.headers);
    let here = format!("/account/two-factor?lang={}", lang.as_str());
    let session = form_caller(&parts, &state, &form.csrf_token).await?;
    let Some(caller) = session.filter(|c| c.stage == SessionStage::Complete) else {
        return Ok(to_sign_in(lang, &here));
    };
    let from = client(&parts, peer, &state);
    match accounts::remove_own_two_factor(&state, &caller, from, form.current_password).await {
        Ok(()) => Ok(Redirect::to(&here).into_response()),
        Err(ApiError::Validation(_)) => {
            let mut page =
                two_factor_page(lang, &caller, "/account", on_view(&state, &caller, true));
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
        Err(e) => Err(e),
    }
}
