//! Signing in through the organisation's OpenID provider: the link that
//! sends the browser there, and the page it comes back to. What happens in
//! between is `single_sign_on`'s.

use super::{after_password, language, local_path, SignInParams};
use crate::auth::ClientIp;
use crate::error::{ApiError, ApiResult};
use crate::extract::Query;
use crate::oidc::OidcError;
use crate::single_sign_on::{self, Failed, Returned};
use crate::AppState;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Response};
use plenary_frontend::{render_sign_in, SignInError, SignInMethods};
use plenary_protocol::api::Language;
use plenary_rules::single_sign_on::Refused;
use serde::Deserialize;

/// The cookie that ties the provider's answer to the browser that asked.
fn state_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-plenary_sign_in"
    } else {
        "plenary_sign_in"
    }
}

/// Lax, not Strict: the browser comes back from the provider's site.
fn state_cookie(value: Option<&str>, secure: bool) -> String {
    let name = state_cookie_name(secure);
    let flags = if secure { "; Secure" } else { "" };
    match value {
        Some(v) => format!(
            "{name}={v}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{flags}",
            single_sign_on::REQUEST_TTL_SECS
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{flags}"),
    }
}

fn kept_state(parts: &Parts, secure: bool) -> Option<&str> {
    crate::auth::cookie_value(&parts.headers, state_cookie_name(secure))
}

/// How this hub signs people in.
pub(super) fn methods(state: &AppState) -> SignInMethods {
    SignInMethods {
        password: state.config.password_sign_in,
        organisation: state.oidc.as_ref().map(|o| o.config().name.clone()),
    }
}

/// The sign-in page again, saying why.
fn sign_in_page(
    state: &AppState,
    status: StatusCode,
    lang: Language,
    next: &str,
    why: SignInError,
) -> Response {
    let page = render_sign_in(lang, next, "", Some(why), methods(state));
    (status, Html(page)).into_response()
}

/// Sends the browser to the organisation's sign-in (303), remembering
/// where it was going.
#[utoipa::path(get, path = "/sign-in/organisation", tag = "pages", params(SignInParams),
    responses((status = 303, description = "To the organisation's OpenID provider"),
              (status = 404, body = plenary_protocol::Problem, description = "No OpenID provider is configured"),
              (status = 429, content_type = "text/html", body = String),
              (status = 503, content_type = "text/html", body = String)))]
pub async fn get_organisation_sign_in(
    State(state): State<AppState>,
    ClientIp(from): ClientIp,
    parts: Parts,
    Query(params): Query<SignInParams>,
) -> ApiResult<Response> {
    if state.oidc.is_none() {
        return Err(ApiError::NotFound);
    }
    let lang = language(params.lang.as_deref(), &parts.headers);
    let next = local_path(params.next.as_deref());
    match single_sign_on::begin(&state, from, &next, lang).await {
        Ok(begun) => Ok((
            StatusCode::SEE_OTHER,
            AppendHeaders([
                (
                    header::SET_COOKIE,
                    state_cookie(Some(&begun.state), state.config.cookie_secure),
                ),
                (header::LOCATION, begun.provider_url),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ]),
        )
            .into_response()),
        Err(failed) => failure(&state, lang, &next, failed),
    }
}

/// What the provider sends back (RFC 6749 §4.1.2): a code, or an error.
/// Providers add parameters of their own (`iss`, `session_state`), so
/// unknown ones are ignored.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackParams {
    pub state: Option<String>,
    pub code: Option<String>,
    pub error: Option<String>,
}

/// The provider's answer: signs in and goes on (303), or shows the sign-in
/// page with the reason (400 for a stale or foreign request, 403 refused,
/// 503 the provider unreachable).
#[utoipa::path(get, path = "/sign-in/organisation/callback", tag = "pages", params(CallbackParams),
    responses((status = 303, description = "Signed in: to where the person was going, or the second factor"),
              (status = 400, content_type = "text/html", body = String),
              (status = 403, content_type = "text/html", body = String),
              (status = 503, content_type = "text/html", body = String)))]
pub async fn get_organisation_callback(
    State(state): State<AppState>,
    ClientIp(from): ClientIp,
    parts: Parts,
    Query(params): Query<CallbackParams>,
) -> ApiResult<Response> {
    let browser_lang = language(None, &parts.headers);
    if state.oidc.is_none() {
        return Err(ApiError::NotFound);
    }
    let back = Returned {
        state: params.state.as_deref().unwrap_or_default(),
        kept: kept_state(&parts, state.config.cookie_secure),
        code: params.code.as_deref(),
        error: params.error.as_deref(),
    };
    let clear = state_cookie(None, state.config.cookie_secure);
    match single_sign_on::finish(&state, from, back).await {
        Ok((session, caller, going)) => {
            let lang = going.lang.unwrap_or(browser_lang);
            Ok((
                StatusCode::SEE_OTHER,
                AppendHeaders([
                    (header::SET_COOKIE, clear),
                    (header::SET_COOKIE, session),
                    (
                        header::LOCATION,
                        after_password(caller.stage, lang, &going.next),
                    ),
                ]),
            )
                .into_response())
        }
        Err((failed, going)) => {
            let (lang, next) = match going {
                Some(g) => (g.lang.unwrap_or(browser_lang), g.next),
                None => (browser_lang, "/journal".to_string()),
            };
            let mut response = failure(&state, lang, &next, failed)?;
            if let Ok(value) = header::HeaderValue::from_str(&clear) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Ok(response)
        }
    }
}

/// The page (and status) for a sign-in that did not open a session.
fn failure(state: &AppState, lang: Language, next: &str, failed: Failed) -> ApiResult<Response> {
    let (status, why) = match failed {
        Failed::Refused(Refused::NoAccount) => (StatusCode::FORBIDDEN, SignInError::NoAccount),
        Failed::Refused(Refused::EmailNotVerified | Refused::NoEmail) => {
            (StatusCode::FORBIDDEN, SignInError::EmailNotVerified)
        }
        Failed::Refused(_) | Failed::Declined(_) | Failed::Provider(OidcError::Refused(_)) => {
            (StatusCode::FORBIDDEN, SignInError::OrganisationRefused)
        }
        Failed::Provider(OidcError::Unavailable(e)) => {
            tracing::warn!(error = %e, "the OpenID provider is unavailable: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                SignInError::OrganisationUnavailable,
            )
        }
        Failed::Expired => (StatusCode::BAD_REQUEST, SignInError::Expired),
        Failed::Limited => (StatusCode::TOO_MANY_REQUESTS, SignInError::TooManyAttempts),
        Failed::Hub(e) => return Err(e),
    };
    Ok(sign_in_page(state, status, lang, next, why))
}
