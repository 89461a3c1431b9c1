//! HTML pages, rendered on the server with the frontend's components: they
//! read without JavaScript. Each handler gathers what its page shows with
//! the same store functions and access rules as the JSON API.

use crate::auth::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Form, Path, Query};
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, Html, IntoResponse, Response};
use chrono_tz::Tz;
use plenary_frontend::{
    i18n, render_document, render_journal, render_meeting, render_room, render_sign_in, Account,
    DocumentRow, DocumentView, JournalRow, MeetingView, SignInError, VersionRow,
};
use plenary_protocol::api::MeetingStatus;
use plenary_protocol::{DocumentId, MeetingId};
use serde::Deserialize;
use std::net::SocketAddr;

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
    }
}

/// The page's language: `?lang=`, else the browser's, else English.
fn language(asked: Option<&str>, headers: &HeaderMap) -> plenary_protocol::api::Language {
    i18n::choose(
        asked,
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct JournalPageParams {
    /// The day, `YYYY-MM-DD`; today (in `time_zone`) when absent.
    pub date: Option<String>,
    /// IANA time zone the day and its times are shown in; default UTC.
    pub time_zone: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// The Journal as a page: the meetings of a day the reader may see, times in
/// their zone, in one of the six languages (Arabic right to left).
#[utoipa::path(get, path = "/journal", tag = "pages", params(JournalPageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_journal_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<JournalPageParams>,
) -> ApiResult<Html<String>> {
    let lang = language(params.lang.as_deref(), &headers);
    let zone = params.time_zone.unwrap_or_else(|| "UTC".into());
    let date = match params.date {
        Some(d) => d,
        None => {
            let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
            chrono::Utc::now()
                .with_timezone(&tz)
                .format("%Y-%m-%d")
                .to_string()
        }
    };
    let journal = crate::scheduling::journal(&state, &viewer, &date, Some(zone)).await?;
    let tz: Tz = journal.time_zone.parse().unwrap_or(Tz::UTC);
    let rows = journal
        .meetings
        .into_iter()
        .map(|m| JournalRow {
            id: m.id.to_string(),
            title: m.title,
            start: m.starts_at.with_timezone(&tz).format("%H:%M").to_string(),
            end: m.ends_at.with_timezone(&tz).format("%H:%M").to_string(),
            status: m.status,
            agenda: m.agenda,
        })
        .collect();
    Ok(Html(render_journal(
        lang,
        &account(&viewer, &uri),
        journal.date,
        journal.time_zone,
        rows,
    )))
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
#[serde(deny_unknown_fields)]
pub struct MeetingPageParams {
    /// IANA time zone the times are shown in; default the meeting's own.
    pub time_zone: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A meeting's page: when it sits, its agenda, and each agenda item's
/// documents with a link per issued language version.
#[utoipa::path(get, path = "/meetings/{id}", tag = "pages", params(("id" = MeetingId, Path), MeetingPageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem),
              (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_meeting_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<MeetingPageParams>,
) -> ApiResult<Html<String>> {
    let lang = language(params.lang.as_deref(), &headers);
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let zone = params
        .time_zone
        .unwrap_or_else(|| meeting.time_zone.clone());
    let tz: Tz = zone.parse().map_err(|_| {
        crate::error::ApiError::Validation(vec![plenary_protocol::FieldError {
            field: "time_zone".into(),
            message: "must be an IANA time zone name such as Europe/Zurich".into(),
        }])
    })?;
    let documents = crate::documents::list(&state, &viewer, Some(id))
        .await?
        .into_iter()
        .filter(|d| !d.withdrawn)
        .map(|d| DocumentRow {
            files: d
                .versions
                .iter()
                .filter(|v| v.status == "issued" && v.current.is_some())
                .map(|v| {
                    (
                        v.language,
                        format!("/api/v1/documents/{}/files/{}", d.id, v.language.as_str()),
                    )
                })
                .collect(),
            id: d.id.to_string(),
            symbol: d.symbol,
            title: d.title,
            agenda_position: d.agenda_position,
        })
        .collect();
    let start = meeting.starts_at.with_timezone(&tz);
    let joinable = viewer.0.is_some()
        && !matches!(
            meeting.status,
            MeetingStatus::Adjourned | MeetingStatus::Cancelled
        );
    let view = MeetingView {
        id: id.to_string(),
        joinable,
        title: meeting.title,
        date: start.date_naive(),
        start: start.format("%H:%M").to_string(),
        end: meeting
            .ends_at
            .with_timezone(&tz)
            .format("%H:%M")
            .to_string(),
        time_zone: tz.name().to_string(),
        status: meeting.status,
        agenda: meeting.agenda,
        documents,
    };
    Ok(Html(render_meeting(lang, &account(&viewer, &uri), view)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LanguageParams {
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A document's page: symbol, title, distribution, and each language
/// version with its status and file (for readers the distribution admits).
#[utoipa::path(get, path = "/documents/{id}", tag = "pages", params(("id" = DocumentId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_document_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<DocumentId>,
    Query(params): Query<LanguageParams>,
) -> ApiResult<Html<String>> {
    let lang = language(params.lang.as_deref(), &headers);
    let d = crate::documents::visible_document(&state.db, &viewer, id).await?;
    let versions = d
        .versions
        .iter()
        .map(|v| VersionRow {
            language: v.language,
            file: v
                .current
                .as_ref()
                .filter(|_| v.status == "issued")
                .map(|f| {
                    (
                        format!("/api/v1/documents/{}/files/{}", d.id, v.language.as_str()),
                        f.size,
                    )
                }),
        })
        .collect();
    let distribution = serde_json::to_value(d.distribution)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    Ok(Html(render_document(
        lang,
        &account(&viewer, &uri),
        DocumentView {
            symbol: d.symbol,
            title: d.title,
            distribution,
            withdrawn: d.withdrawn,
            versions,
        },
    )))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
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

/// The sign-in page (a plain form: it works without JavaScript).
#[utoipa::path(get, path = "/sign-in", tag = "pages", params(SignInParams),
    responses((status = 200, content_type = "text/html", body = String)))]
pub async fn get_sign_in_page(
    headers: HeaderMap,
    Query(params): Query<SignInParams>,
) -> Html<String> {
    let lang = language(params.lang.as_deref(), &headers);
    Html(render_sign_in(
        lang,
        &local_path(params.next.as_deref()),
        "",
        None,
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
    match crate::accounts::sign_in(&state, peer.ip(), &form.email, form.password).await {
        Ok((cookie, _)) => Ok((
            StatusCode::SEE_OTHER,
            [(header::SET_COOKIE, cookie), (header::LOCATION, next)],
        )
            .into_response()),
        Err(e @ (ApiError::InvalidCredentials | ApiError::RateLimited { .. })) => {
            let (status, why) = match e {
                ApiError::InvalidCredentials => {
                    (StatusCode::UNAUTHORIZED, SignInError::BadCredentials)
                }
                _ => (StatusCode::TOO_MANY_REQUESTS, SignInError::TooManyAttempts),
            };
            let page = render_sign_in(lang, &next, form.email.trim(), Some(why));
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

/// The policy for pages that load the browser part: wasm must be allowed
/// to compile (`wasm-unsafe-eval`), and nothing else is loosened.
const INTERACTIVE_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'";

/// The meeting room: video, the list of speakers, hands, chat and the
/// chair's controls, live over the meeting's websocket. Signed-in users
/// only (others are sent to sign in first).
#[utoipa::path(get, path = "/meetings/{id}/room", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 404, body = plenary_protocol::Problem), (status = 409, body = plenary_protocol::Problem),
              (status = 503, body = plenary_protocol::Problem)))]
pub async fn get_room_page(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<LanguageParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &headers);
    let Some(caller) = viewer.0 else {
        let next = format!("/meetings/{id}/room?lang={}", lang.as_str());
        let to = format!(
            "/sign-in?lang={}&next={}",
            lang.as_str(),
            plenary_frontend::url_component(&next)
        );
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
    };
    let meeting = crate::live::joinable(&state, &caller, id).await?;
    if !state.browser.is_loaded() {
        return Err(ApiError::NotInstalled(
            "the meeting room's browser part is not installed on this node (build it with infra/wasm.sh and set browser_dir)".into(),
        ));
    }
    Ok((
        [(header::CONTENT_SECURITY_POLICY, INTERACTIVE_CSP)],
        Html(render_room(
            lang,
            &member(&caller),
            id.to_string(),
            meeting.title,
        )),
    )
        .into_response())
}
