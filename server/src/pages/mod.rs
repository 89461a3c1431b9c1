//! HTML pages, rendered on the server with the frontend's components: they
//! read without JavaScript. Each handler gathers what its page shows with
//! the same store functions and access rules as the JSON API.

use crate::auth::Caller;
use crate::auth::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Form, Path, Query};
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use chrono_tz::Tz;
use plenary_frontend::{
    i18n, render_document, render_journal, render_meeting, render_room, render_sign_in, Account,
    DocumentRow, DocumentView, JournalRow, MeetingView, RoomPage, SignInError, VersionRow,
};
use plenary_protocol::api::{Delegation, Language, MeetingStatus, Role};
use plenary_protocol::{DocumentId, MeetingId};
use serde::Deserialize;
use std::net::SocketAddr;

mod organisation;
mod reading;
mod second_factor;
mod working;

pub use organisation::*;
pub use reading::*;
pub use second_factor::*;
pub use working::*;

/// Who reads the page, for its account bar.
fn account(viewer: &Viewer, here: &Uri) -> Account {
    match &viewer.0 {
        Some(caller) => member(caller),
        None => Account::Visitor {
            here: here
                .path_and_query()
                .map_or("/journal", |p| p.as_str())
                .to_string(),
        },
    }
}

fn member(caller: &crate::auth::Caller) -> Account {
    Account::Member {
        name: caller.user.name.clone(),
        csrf_token: caller.csrf_token.clone(),
        role: caller.user.role,
    }
}

/// The signed-in caller, or the way to the sign-in page and back here.
fn signed_in(viewer: Viewer, lang: Language, here: &Uri) -> Result<Caller, Redirect> {
    viewer.0.ok_or_else(|| {
        let next = here.path_and_query().map_or("/journal", |p| p.as_str());
        let to = format!(
            "/sign-in?lang={}&next={}",
            lang.as_str(),
            plenary_frontend::url_component(next)
        );
        Redirect::to(&to)
    })
}

/// The reader of a working page: signed in (anyone else is sent to sign
/// in and brought back), with the page's language.
#[derive(Debug)]
pub struct Worker {
    caller: Caller,
    lang: Language,
}

impl axum::extract::FromRequestParts<AppState> for Worker {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Worker, Response> {
        let viewer = Viewer::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let asked = parts
            .uri
            .query()
            .unwrap_or("")
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="));
        let lang = language(asked, &parts.headers);
        let caller = signed_in(viewer, lang, &parts.uri).map_err(IntoResponse::into_response)?;
        Ok(Worker { caller, lang })
    }
}

/// The policy for pages that load the browser part: wasm must be allowed
/// to compile (`wasm-unsafe-eval`), and nothing else is loosened.
const INTERACTIVE_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A page that loads the browser part, which must be installed.
fn interactive(state: &AppState, html: String) -> ApiResult<Response> {
    if !state.browser.is_loaded() {
        return Err(ApiError::NotInstalled(
            "this page's browser part is not installed on this node (build it with infra/wasm.sh and set browser_dir)".into(),
        ));
    }
    // The room opens its media connection on another node when this one is
    // full: those nodes' origins, and no others, are added to what it may reach.
    let policy = match state.config.media_origins.as_slice() {
        [] => INTERACTIVE_CSP.to_string(),
        origins => format!(
            "{INTERACTIVE_CSP}; connect-src 'self' {}",
            origins.join(" ")
        ),
    };
    Ok(([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response())
}

/// The page's language: `?lang=`, else the browser's, else English.
fn language(asked: Option<&str>, headers: &HeaderMap) -> Language {
    i18n::choose(
        asked,
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The cookie that remembers the reader's time zone, chosen on the Journal.
const ZONE_COOKIE: &str = "plenary_zone";

/// The time zone the reader chose last, if it is one.
fn chosen_zone(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == ZONE_COOKIE)
        .map(|(_, zone)| zone.to_string())
        .filter(|zone| zone.parse::<Tz>().is_ok())
}

/// The zone a reader reads times in: the one they chose (the journal's
/// cookie), else `fallback` (the meeting's).
fn reader_zone(headers: &HeaderMap, fallback: &str) -> Tz {
    chosen_zone(headers)
        .as_deref()
        .unwrap_or(fallback)
        .parse()
        .unwrap_or(Tz::UTC)
}

/// `at` as a reader in `zone` reads it, with the zone's name.
fn in_zone(at: chrono::DateTime<chrono::Utc>, zone: Tz) -> String {
    format!(
        "{} {}",
        at.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
        zone.name()
    )
}

/// The pages' stylesheet.
#[utoipa::path(get, path = "/assets/plenary.css", tag = "pages",
    responses((status = 200, content_type = "text/css", body = String)))]
pub async fn get_stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        plenary_frontend::STYLESHEET,
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SignInParams {
    /// Where to go after signing in: a path of this hub (default the Journal).
    pub next: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A path of this hub to go to after signing in; anything else (another
/// site, `//host`, a backslash trick) becomes the Journal.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && p.len() <= 512
                && !p.chars().any(char::is_control) =>
        {
            p.to_string()
        }
        _ => "/journal".to_string(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountParams {
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
    /// The password was just changed: say so.
    #[serde(default)]
    pub changed: bool,
}

/// The signed-in user's own page: their new password.
#[utoipa::path(get, path = "/account", tag = "pages", params(AccountParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page")))]
pub async fn get_account_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Query(params): Query<AccountParams>,
) -> ApiResult<Response> {
    interactive(
        &state,
        plenary_frontend::render_account(
            lang,
            &member(&caller),
            &caller.csrf_token,
            &caller.user.name,
            &caller.user.email,
            params.changed,
        ),
    )
}

/// The sign-in page (a plain form: it works without JavaScript).
#[utoipa::path(get, path = "/sign-in", tag = "pages", params(SignInParams),
    responses((status = 200, content_type = "text/html", body = String)))]
pub async fn get_sign_in_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<SignInParams>,
) -> Html<String> {
    let lang = language(params.lang.as_deref(), &headers);
    Html(render_sign_in(
        lang,
        &local_path(params.next.as_deref()),
        "",
        None,
        organisation::methods(&state),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub next: Option<String>,
}

/// Signs in from the form: sets the session cookie and goes on to `next`
/// (303), or shows the form again with the reason (401, 429).
#[utoipa::path(post, path = "/sign-in", tag = "pages", params(LanguageParams),
    request_body(content = SignInForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Signed in"), (status = 401, content_type = "text/html", body = String),
              (status = 403, body = plenary_protocol::Problem), (status = 429, content_type = "text/html", body = String)))]
pub async fn post_sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: Parts,
    Query(params): Query<LanguageParams>,
    Form(form): Form<SignInForm>,
) -> ApiResult<Response> {
    crate::auth::check_origin(&parts, &state.config.public_url)?;
    let lang = language(params.lang.as_deref(), &parts.headers);
    let next = local_path(form.next.as_deref());
    let from =
        crate::client_addr::client_ip(peer.ip(), &parts.headers, &state.config.trusted_proxies);
    match crate::accounts::sign_in(&state, from, &form.email, form.password).await {
        Ok((cookie, caller)) => Ok((
            StatusCode::SEE_OTHER,
            [
                (header::SET_COOKIE, cookie),
                (header::LOCATION, after_password(caller.stage, lang, &next)),
            ],
        )
            .into_response()),
        Err(e @ (ApiError::InvalidCredentials | ApiError::RateLimited { .. })) => {
            let (status, why) = match e {
                ApiError::InvalidCredentials => {
                    (StatusCode::UNAUTHORIZED, SignInError::BadCredentials)
                }
                _ => (StatusCode::TOO_MANY_REQUESTS, SignInError::TooManyAttempts),
            };
            let page = render_sign_in(
                lang,
                &next,
                form.email.trim(),
                Some(why),
                organisation::methods(&state),
            );
            Ok((status, Html(page)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOutForm {
    /// The session's CSRF token.
    pub csrf_token: String,
}

/// Signs out from a form (with the session's CSRF token) and goes to the Journal.
#[utoipa::path(post, path = "/sign-out", tag = "pages",
    request_body(content = SignOutForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Signed out"), (status = 403, body = plenary_protocol::Problem)))]
pub async fn post_sign_out(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<SignOutForm>,
) -> ApiResult<Response> {
    let mut headers = vec![(header::LOCATION, "/journal".to_string())];
    if let Some(caller) = crate::auth::form_caller(&parts, &state, &form.csrf_token).await? {
        headers.push((
            header::SET_COOKIE,
            crate::accounts::sign_out(&state, &caller).await?,
        ));
    }
    Ok((StatusCode::SEE_OTHER, AppendHeaders(headers)).into_response())
}

/// Every delegation, by name.
async fn delegations(state: &AppState) -> ApiResult<Vec<Delegation>> {
    Ok(crate::users::list_delegations(&state.db).await?)
}
