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
    DocumentRow, DocumentView, JournalRow, MeetingView, SignInError, VersionRow,
};
use plenary_protocol::api::{Delegation, Language, MeetingStatus, Role};
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
    Ok((
        [(header::CONTENT_SECURITY_POLICY, INTERACTIVE_CSP)],
        Html(html),
    )
        .into_response())
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct JournalPageParams {
    /// The day, `YYYY-MM-DD`; today (in `time_zone`) when absent.
    pub date: Option<String>,
    /// IANA time zone the day and its times are shown in; remembered (the `plenary_zone`
    /// cookie) for the next visits; default the one remembered, else UTC.
    pub time_zone: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
    /// Signed-in readers: only meetings they chair or their delegation is invited to.
    pub mine: Option<bool>,
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
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &headers);
    let chosen = params.time_zone.filter(|z| !z.trim().is_empty());
    let remember = chosen.is_some();
    let zone = chosen
        .or_else(|| chosen_zone(&headers))
        .unwrap_or_else(|| "UTC".into());
    let mine = viewer.0.as_ref().map(|_| params.mine.unwrap_or(false));
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
        .filter(|m| match (&viewer.0, mine) {
            (Some(c), Some(true)) => {
                m.chair_id == Some(c.user.id)
                    || c.user
                        .delegation_id
                        .is_some_and(|d| m.invited_delegations.contains(&d))
            }
            _ => true,
        })
        .map(|m| JournalRow {
            id: m.id.to_string(),
            title: m.title,
            start: m.starts_at.with_timezone(&tz).format("%H:%M").to_string(),
            end: m.ends_at.with_timezone(&tz).format("%H:%M").to_string(),
            status: m.status,
            agenda: m.agenda,
        })
        .collect();
    // The feed's form needs the browser part; without it the page stays plain.
    let feed = viewer
        .0
        .as_ref()
        .filter(|_| state.browser.is_loaded())
        .map(|c| {
            let get = plenary_frontend::labels::l(lang, plenary_frontend::labels::Label::GetFeed);
            plenary_frontend::forms::FormSpec::new(
                "feed",
                "POST",
                "/api/v1/session/feed",
                get,
                &c.csrf_token,
                lang,
            )
            .show("url")
        });
    let with_form = feed.is_some();
    let html = render_journal(
        lang,
        &account(&viewer, &uri),
        journal.date,
        journal.time_zone,
        rows,
        plenary_frontend::JournalOptions { mine, feed },
    );
    let mut response = if with_form {
        interactive(&state, html)?
    } else {
        Html(html).into_response()
    };
    if remember {
        // The zone just chosen (and valid: the Journal answered) is the reader's from now on.
        let cookie = format!(
            "{ZONE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            tz.name()
        );
        if let Ok(v) = header::HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
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
    /// IANA time zone the times are shown in; default the one the reader chose on the
    /// Journal (remembered in the `plenary_zone` cookie), else the meeting's own.
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
        .or_else(|| chosen_zone(&headers))
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
    let editable = viewer
        .0
        .as_ref()
        .is_some_and(|c| Role::SCHEDULERS.contains(&c.role()));
    let joinable = viewer.0.is_some()
        && !matches!(
            meeting.status,
            MeetingStatus::Adjourned | MeetingStatus::Cancelled
        );
    let view = MeetingView {
        id: id.to_string(),
        joinable,
        editable,
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
) -> ApiResult<Response> {
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
    let upload = viewer
        .0
        .as_ref()
        .filter(|c| Role::ISSUERS.contains(&c.role()) && !d.withdrawn)
        .map(|c| plenary_frontend::UploadSpec {
            document: d.id.to_string(),
            csrf: c.csrf_token.clone(),
            lang,
            language: d
                .versions
                .iter()
                .find(|v| v.current.is_none())
                .map_or(Language::En, |v| v.language),
        });
    let distribution = serde_json::to_value(d.distribution)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let may_upload = upload.is_some() && state.browser.is_loaded();
    let upload = upload.filter(|_| may_upload);
    let html = render_document(
        lang,
        &account(&viewer, &uri),
        DocumentView {
            symbol: d.symbol,
            title: d.title,
            distribution,
            withdrawn: d.withdrawn,
            versions,
            upload,
        },
    );
    if may_upload {
        interactive(&state, html)
    } else {
        Ok(Html(html).into_response())
    }
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
    let from =
        crate::client_addr::client_ip(peer.ip(), &parts.headers, &state.config.trusted_proxies);
    match crate::accounts::sign_in(&state, from, &form.email, form.password).await {
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

/// The meeting room: video, the list of speakers, hands, chat and the
/// chair's controls, live over the meeting's websocket. Signed-in users
/// only (others are sent to sign in first).
#[utoipa::path(get, path = "/meetings/{id}/room", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 404, body = plenary_protocol::Problem), (status = 409, body = plenary_protocol::Problem),
              (status = 503, body = plenary_protocol::Problem)))]
pub async fn get_room_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    let meeting = crate::live::joinable(&state, &caller, id).await?;
    let delegations = delegations(&state, &caller)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.code))
        .collect();
    let mut page = interactive(
        &state,
        render_room(
            lang,
            &member(&caller),
            id.to_string(),
            meeting.title,
            delegations,
        ),
    )?;
    // The one page that may ask for the camera, microphone and screen.
    page.headers_mut().insert(
        header::HeaderName::from_static("permissions-policy"),
        header::HeaderValue::from_static(crate::http::ROOM_PERMISSIONS),
    );
    Ok(page)
}

/// Every delegation, by name.
async fn delegations(state: &AppState, caller: &Caller) -> ApiResult<Vec<Delegation>> {
    Ok(
        crate::accounts::get_delegations(State(state.clone()), caller.clone())
            .await?
            .0,
    )
}

/// `(id, name)` choices of bodies, rooms and `delegations` for the meeting forms.
async fn catalogue(
    state: &AppState,
    delegations: &[Delegation],
) -> ApiResult<plenary_frontend::Catalogue> {
    let bodies = crate::scheduling::get_bodies(State(state.clone())).await?.0;
    let rooms = crate::scheduling::get_rooms(State(state.clone())).await?.0;
    Ok(plenary_frontend::Catalogue {
        bodies: bodies
            .into_iter()
            .map(|b| (b.id.to_string(), b.name))
            .collect(),
        rooms: rooms
            .into_iter()
            .map(|r| {
                let name = match r.capacity {
                    Some(c) => format!("{} ({c})", r.name),
                    None => r.name,
                };
                (r.id.to_string(), name)
            })
            .collect(),
        delegations: delegation_choices(delegations),
    })
}

/// Delegations as a form's `(id, "CODE — Name")` choices.
fn delegation_choices(delegations: &[Delegation]) -> Vec<(String, String)> {
    delegations
        .iter()
        .map(|d| (d.id.to_string(), format!("{} — {}", d.code, d.name)))
        .collect()
}

/// Meetings from yesterday to ten years on, as `caller` may see them.
async fn upcoming(
    state: &AppState,
    caller: &Caller,
) -> ApiResult<Vec<plenary_protocol::api::Meeting>> {
    let from = chrono::Utc::now() - chrono::Duration::days(1);
    let params = crate::scheduling::ListParams {
        from: Some(from),
        to: Some(from + chrono::Duration::days(3650)),
    };
    Ok(crate::scheduling::get_meetings(
        State(state.clone()),
        Viewer(Some(caller.clone())),
        Query(params),
    )
    .await?
    .0)
}

/// Scheduling, for conference managers: the upcoming meetings, a new
/// meeting with its agenda (a room conflict shows beside the room), bodies
/// and rooms.
#[utoipa::path(get, path = "/schedule", tag = "pages", params(LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 503, body = plenary_protocol::Problem)))]
pub async fn get_schedule_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::SCHEDULERS)?;
    let catalogue = catalogue(&state, &delegations(&state, &caller).await?).await?;
    let rooms = crate::scheduling::room_names(&state.db).await?;
    let rows = upcoming(&state, &caller)
        .await?
        .into_iter()
        .map(|m| plenary_frontend::ScheduledRow {
            id: m.id.to_string(),
            when: format!(
                "{}, {}–{} ({})",
                i18n::date(lang, m.starts_local.date()),
                m.starts_local.format("%H:%M"),
                m.ends_local.format("%H:%M"),
                m.time_zone
            ),
            room: m
                .room_id
                .and_then(|r| rooms.get(&r).cloned())
                .unwrap_or_default(),
            title: m.title,
            status: m.status,
        })
        .collect();
    interactive(
        &state,
        plenary_frontend::render_schedule(
            lang,
            &member(&caller),
            &caller.csrf_token,
            catalogue,
            rows,
        ),
    )
}

/// A meeting's edit page (conference managers): its time, room, access,
/// agenda, and chair.
#[utoipa::path(get, path = "/meetings/{id}/edit", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_meeting_edit_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::SCHEDULERS)?;
    let m = crate::scheduling::meeting_by_id(&state.db, id).await?;
    let delegations = delegations(&state, &caller).await?;
    let catalogue = catalogue(&state, &delegations).await?;
    let codes: std::collections::HashMap<String, String> = delegations
        .into_iter()
        .map(|d| (d.id.to_string(), d.code))
        .collect();
    let chairs = crate::users::list_users(&state.db)
        .await?
        .into_iter()
        .filter(|u| !u.disabled)
        .map(|u| {
            let place = u
                .delegation_id
                .and_then(|d| codes.get(&d.to_string()).cloned())
                .unwrap_or_else(|| plenary_frontend::labels::role(lang, u.role).to_string());
            (u.id.to_string(), format!("{} ({place})", u.name))
        })
        .collect();
    let values = plenary_frontend::MeetingValues {
        id: m.id.to_string(),
        title: m.title,
        body_id: m.body_id.to_string(),
        room_id: m.room_id.map(|r| r.to_string()),
        starts_local: m.starts_local.format("%Y-%m-%dT%H:%M").to_string(),
        ends_local: m.ends_local.format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: m.time_zone,
        access: m.access,
        invited: m
            .invited_delegations
            .iter()
            .map(|d| d.to_string())
            .collect(),
        agenda: m.agenda,
        chair_id: m.chair_id.map(|u| u.to_string()),
    };
    interactive(
        &state,
        plenary_frontend::render_meeting_edit(
            lang,
            &member(&caller),
            &caller.csrf_token,
            catalogue,
            chairs,
            values,
        ),
    )
}

/// Administration (administrators): users and delegations.
#[utoipa::path(get, path = "/admin", tag = "pages", params(LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem)))]
pub async fn get_admin_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::ADMINISTRATORS)?;
    let users = crate::users::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| plenary_frontend::UserRow {
            id: u.id.to_string(),
            name: u.name,
            email: u.email,
            role: u.role,
            delegation: u.delegation_id.map(|d| d.to_string()),
            disabled: u.disabled,
        })
        .collect();
    let delegations = delegations(&state, &caller)
        .await?
        .into_iter()
        .map(|d| plenary_frontend::DelegationRow {
            id: d.id.to_string(),
            code: d.code,
            name: d.name,
            kind: d.kind,
        })
        .collect();
    interactive(
        &state,
        plenary_frontend::render_admin(
            lang,
            &member(&caller),
            &caller.csrf_token,
            users,
            delegations,
        ),
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LibraryParams {
    /// Words or a symbol; empty lists the newest documents.
    pub q: Option<String>,
    /// Only documents issued in this language (`ar`, `zh`, `en`, `fr`, `ru`, `es`).
    pub language: Option<String>,
    /// `general`, `limited` or `restricted`.
    pub distribution: Option<String>,
    /// First day (`YYYY-MM-DD`) of creation to include.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`) of creation to include.
    pub until: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A filter's value; an empty one (as an empty form field sends it) is none.
fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The document library: search by words or symbol, with filters, over
/// the documents the reader may see (a plain form: it works without JavaScript).
#[utoipa::path(get, path = "/documents", tag = "pages", params(LibraryParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 422, body = plenary_protocol::Problem),
              (status = 429, body = plenary_protocol::Problem)))]
pub async fn get_library_page(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<LibraryParams>,
) -> ApiResult<Html<String>> {
    crate::documents::throttle_anonymous(&state, &viewer, peer.ip(), &headers)?;
    let lang = language(params.lang.as_deref(), &headers);
    let mut errors = crate::validate::Errors::default();
    let language = given(params.language).and_then(|l| {
        let parsed = Language::parse(&l);
        if parsed.is_none() {
            errors.add("language", "expected one of ar, zh, en, fr, ru, es");
        }
        parsed
    });
    let distribution = given(params.distribution).and_then(|d| {
        let parsed = plenary_protocol::api::Distribution::parse(&d);
        if parsed.is_none() {
            errors.add("distribution", "expected general, limited or restricted");
        }
        parsed
    });
    let mut day = |name: &str, v: Option<String>| {
        given(v).and_then(|d| {
            let parsed = chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.add(name, "expected a date, YYYY-MM-DD");
            }
            parsed
        })
    };
    let from = day("from", params.from);
    let until = day("until", params.until);
    errors.into_result()?;
    let q = given(params.q).unwrap_or_default();
    let (total, found) = if q.is_empty() {
        // No words: the newest documents that pass the filters.
        let start = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
        let mut all: Vec<_> = crate::documents::list(&state, &viewer, None)
            .await?
            .into_iter()
            .filter(|d| distribution.is_none_or(|x| d.distribution == x))
            .filter(|d| {
                language.is_none_or(|l| {
                    d.versions
                        .iter()
                        .any(|v| v.language == l && v.current.is_some())
                })
            })
            .filter(|d| from.is_none_or(|f| d.created_at >= start(f)))
            .filter(|d| {
                until
                    .and_then(|u| u.succ_opt())
                    .is_none_or(|u| d.created_at < start(u))
            })
            .collect();
        all.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        let total = all.len() as u64;
        all.truncate(50);
        (
            total,
            all.into_iter().map(|d| (d, None)).collect::<Vec<_>>(),
        )
    } else {
        let results = crate::documents::search(
            &state,
            &viewer,
            crate::documents::SearchParams {
                q: q.clone(),
                language: language.map(|l| l.as_str().to_string()),
                body_id: None,
                distribution,
                from,
                to: until,
                limit: Some(50),
                offset: None,
            },
        )
        .await?;
        (
            results.total,
            results
                .hits
                .into_iter()
                .map(|h| (h.document, h.snippet_html))
                .collect(),
        )
    };
    let rows = found
        .into_iter()
        .map(|(d, snippet_html)| plenary_frontend::FoundRow {
            id: d.id.to_string(),
            issued: d
                .versions
                .iter()
                .filter(|v| v.current.is_some())
                .map(|v| v.language)
                .collect(),
            symbol: d.symbol,
            title: d.title,
            distribution: d.distribution,
            snippet_html,
        })
        .collect();
    let may_issue = viewer
        .0
        .as_ref()
        .is_some_and(|c| Role::ISSUERS.contains(&c.role()));
    let query = plenary_frontend::LibraryQuery {
        q,
        language,
        distribution,
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        until: until.map(|d| d.to_string()).unwrap_or_default(),
    };
    Ok(Html(plenary_frontend::render_library(
        lang,
        &account(&viewer, &uri),
        query,
        total,
        rows,
        may_issue,
    )))
}

/// A new document's form (the secretariat); its files are uploaded on its page next.
#[utoipa::path(get, path = "/documents/new", tag = "pages", params(LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem)))]
pub async fn get_new_document_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::ISSUERS)?;
    let delegations = delegation_choices(&delegations(&state, &caller).await?);
    let meetings = upcoming(&state, &caller)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.id.to_string(),
                format!("{} — {}", m.starts_local.format("%Y-%m-%d %H:%M"), m.title),
            )
        })
        .collect();
    interactive(
        &state,
        plenary_frontend::render_new_document(
            lang,
            &member(&caller),
            &caller.csrf_token,
            meetings,
            delegations,
        ),
    )
}

/// A meeting's minutes: the newest published text (readable without
/// JavaScript) and every published version's files.
#[utoipa::path(get, path = "/meetings/{id}/minutes", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_minutes_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<LanguageParams>,
) -> ApiResult<Html<String>> {
    let lang = language(params.lang.as_deref(), &headers);
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let found = crate::minutes::for_page(&state, &viewer, &meeting).await?;
    let may_edit = viewer
        .0
        .as_ref()
        .is_some_and(|c| Role::ISSUERS.contains(&c.role()));
    let page = match found {
        Some((m, text_html)) => plenary_frontend::MinutesPage {
            meeting_id: id.to_string(),
            meeting_title: meeting.title,
            symbol: Some(m.symbol),
            state: may_edit.then_some(m.state),
            versions: m
                .versions
                .iter()
                .rev()
                .map(|v| plenary_frontend::VersionLink {
                    version: v.version,
                    symbol: v.symbol.clone(),
                    published: v.published_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    files: [("PDF", "pdf"), ("HTML", "html"), ("Markdown", "markdown")]
                        .into_iter()
                        .map(|(name, kind)| {
                            (
                                name,
                                format!(
                                    "/api/v1/meetings/{id}/minutes/versions/{}/{kind}",
                                    v.version
                                ),
                            )
                        })
                        .collect(),
                })
                .collect(),
            text_html,
            text_lang: m.language,
            may_edit,
        },
        None => plenary_frontend::MinutesPage {
            meeting_id: id.to_string(),
            meeting_title: meeting.title,
            symbol: None,
            state: None,
            versions: Vec::new(),
            text_html: None,
            text_lang: lang,
            may_edit,
        },
    };
    Ok(Html(plenary_frontend::render_minutes(
        lang,
        &account(&viewer, &uri),
        page,
    )))
}

/// The minutes editor (the secretariat): Markdown with preview, autosave,
/// review and publish, and the revision history; or the form that starts them.
#[utoipa::path(get, path = "/meetings/{id}/minutes/edit", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_minutes_editor_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::ISSUERS)?;
    let reader = Viewer(Some(caller.clone()));
    let meeting = crate::scheduling::visible_meeting(&state.db, &reader, id).await?;
    let editor = match crate::minutes::for_page(&state, &reader, &meeting).await? {
        Some((m, _)) => {
            let head = m.head.clone();
            let history = crate::minutes::revisions(&state, &caller, id)
                .await?
                .into_iter()
                .map(|r| plenary_frontend::RevisionRow {
                    number: r.number,
                    author: r.author_name,
                    saved: r.saved_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    autosave: r.autosave,
                })
                .collect();
            Some(plenary_frontend::EditorSpec {
                meeting: id.to_string(),
                csrf: caller.csrf_token.clone(),
                lang,
                symbol: m.symbol,
                state: m.state,
                head: head.as_ref().map_or(0, |h| h.number),
                preview: head
                    .as_ref()
                    .map(|h| crate::render::html_fragment(&h.content))
                    .unwrap_or_default(),
                text: head.map(|h| h.content).unwrap_or_default(),
                text_lang: m.language,
                history,
            })
        }
        None => None,
    };
    interactive(
        &state,
        plenary_frontend::render_minutes_editor(
            lang,
            &member(&caller),
            &id.to_string(),
            &meeting.title,
            &caller.csrf_token,
            editor,
        ),
    )
}
