//! The HTTP edge: the router with every route, the OpenAPI document built from
//! the same route list, cross-cutting layers, and `run`.

use crate::error::ApiError;
use crate::{accounts, browser, documents, live, minutes, pages, scheduling, votes, AppState};
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use plenary_protocol::api::Readiness;
use std::future::Future;
use std::sync::LazyLock;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Plenary",
        description = "Meetings and documents hub for intergovernmental bodies. \
        Errors are RFC 9457 problem details with a stable `code`. Cookie-authenticated writes need the \
        session's CSRF token in `X-CSRF-Token`."
    ),
    components(schemas(plenary_protocol::ErrorCode))
)]
struct ApiDoc;

/// Every route, registered once: the router and the OpenAPI document come from this list.
fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(index))
        .routes(routes!(pages::get_journal_page))
        .routes(routes!(pages::get_meeting_page))
        .routes(routes!(pages::get_document_page))
        .routes(routes!(pages::get_stylesheet))
        .routes(routes!(pages::get_room_page))
        .routes(routes!(pages::get_watch_page))
        .routes(routes!(pages::get_schedule_page))
        .routes(routes!(pages::get_meeting_edit_page))
        .routes(routes!(pages::get_admin_page))
        .routes(routes!(pages::get_library_page))
        .routes(routes!(pages::get_new_document_page))
        .routes(routes!(pages::get_minutes_page))
        .routes(routes!(pages::get_minutes_editor_page))
        .routes(routes!(pages::get_record_page))
        .routes(routes!(pages::get_vote_page))
        .routes(routes!(pages::get_sign_in_page, pages::post_sign_in))
        .routes(routes!(pages::get_organisation_sign_in))
        .routes(routes!(pages::get_organisation_callback))
        .routes(routes!(pages::get_code_page, pages::post_code))
        .routes(routes!(pages::get_two_factor_page, pages::post_two_factor))
        .routes(routes!(pages::post_remove_two_factor))
        .routes(routes!(pages::post_sign_out))
        .routes(routes!(browser::get_browser_file))
        .routes(routes!(browser::get_room_file))
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(crate::metrics::get_metrics))
        .routes(routes!(openapi_json))
        .routes(routes!(
            accounts::create_session,
            accounts::get_session,
            accounts::delete_session
        ))
        .routes(routes!(accounts::create_feed))
        .routes(routes!(
            accounts::create_documents_feed,
            accounts::revoke_documents_feed
        ))
        .routes(routes!(accounts::change_own_password))
        .routes(routes!(accounts::submit_code))
        .routes(routes!(accounts::start_two_factor))
        .routes(routes!(accounts::confirm_two_factor))
        .routes(routes!(accounts::remove_two_factor))
        .routes(routes!(pages::get_account_page))
        .routes(routes!(accounts::revoke_one_session))
        .routes(routes!(accounts::get_users, accounts::post_user))
        .routes(routes!(accounts::get_one_user, accounts::patch_user))
        .routes(routes!(accounts::delete_user_sessions))
        .routes(routes!(
            accounts::get_delegations,
            accounts::post_delegation
        ))
        .routes(routes!(accounts::patch_delegation))
        .routes(routes!(crate::audit::get_audit))
        .routes(routes!(crate::audit::get_audit_export))
        .routes(routes!(pages::get_audit_page))
        .routes(routes!(scheduling::get_bodies, scheduling::post_body))
        .routes(routes!(scheduling::get_rooms, scheduling::post_room))
        .routes(routes!(scheduling::get_meetings, scheduling::post_meeting))
        .routes(routes!(scheduling::get_meeting, scheduling::patch_meeting))
        .routes(routes!(scheduling::cancel_meeting))
        .routes(routes!(scheduling::get_meeting_ics))
        .routes(routes!(scheduling::get_feed))
        .routes(routes!(scheduling::get_journal))
        .routes(routes!(documents::get_documents, documents::post_document))
        .routes(routes!(documents::get_document))
        .routes(routes!(documents::withdraw_document))
        .routes(routes!(documents::put_file, documents::get_file))
        .routes(routes!(documents::get_file_version))
        .routes(routes!(documents::get_lineage))
        .routes(routes!(documents::sponsors::get_sponsors))
        .routes(routes!(documents::sponsors::get_sponsors_feed))
        .routes(routes!(
            documents::sponsors::put_co_sponsor,
            documents::sponsors::delete_co_sponsor
        ))
        .routes(routes!(documents::sponsors::post_main_sponsor))
        .routes(routes!(documents::sponsors::close_sponsors))
        .routes(routes!(documents::get_documents_feed))
        .routes(routes!(documents::get_personal_documents_feed))
        .routes(routes!(documents::get_search))
        .routes(routes!(scheduling::put_chair))
        .routes(routes!(scheduling::put_secretary))
        .routes(routes!(live::post_join_token))
        .routes(routes!(crate::viewing::post_viewer_link))
        .routes(routes!(live::get_live))
        .routes(routes!(live::get_media))
        .routes(routes!(live::get_record))
        .routes(routes!(votes::list))
        .routes(routes!(votes::one))
        .routes(routes!(crate::statements::get_statements))
        .routes(routes!(crate::statements::put_statement))
        .routes(routes!(crate::statements::get_statement_file))
        .routes(routes!(crate::recordings::list))
        .routes(routes!(crate::recordings::download))
        .routes(routes!(minutes::get_minutes, minutes::post_minutes))
        .routes(routes!(minutes::get_from_record))
        .routes(routes!(minutes::get_revisions, minutes::post_revision))
        .routes(routes!(minutes::get_revision))
        .routes(routes!(minutes::post_autosave))
        .routes(routes!(minutes::post_preview))
        .routes(routes!(minutes::post_review))
        .routes(routes!(minutes::post_return))
        .routes(routes!(minutes::post_publish))
        .routes(routes!(minutes::get_version_file))
        .split_for_parts()
}

static OPENAPI_JSON: LazyLock<String> =
    LazyLock::new(|| api().1.to_pretty_json().unwrap_or_else(|_| "{}".into()));

/// The OpenAPI document as JSON.
pub fn openapi_document() -> &'static str {
    &OPENAPI_JSON
}

/// What pages may ask the browser for: nothing, except the meeting room.
const NO_PERMISSIONS: &str = "camera=(), microphone=(), display-capture=(), geolocation=()";
/// The meeting room's camera, microphone and screen, for this origin alone.
pub const ROOM_PERMISSIONS: &str =
    "camera=(self), microphone=(self), display-capture=(self), geolocation=()";

/// Answers the request with problems titled in the reader's language: the
/// first of `Accept-Language` the hub speaks (the hub's pages send theirs).
async fn in_readers_language(
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let asked = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let language = plenary_frontend::i18n::choose(None, asked);
    crate::error::LANGUAGE.scope(language, next.run(req)).await
}

/// The whole application with its layers.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    let max_upload = state.config.max_upload_bytes;
    let request_timeout = state.config.edge.request_timeout;
    let private = Private {
        cookie: crate::auth::session_cookie_name(state.config.cookie_secure),
        tls: state.config.public_url.starts_with("https://"),
    };
    let (routes, _) = api();
    routes
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn(move |req: Request<axum::body::Body>, next: axum::middleware::Next| {
            refuse_announced_oversize(req, next, max_body as u64, max_upload)
        }))
        .layer(axum::middleware::from_fn(move |req: Request<axum::body::Body>, next: axum::middleware::Next| {
            within_time(req, next, request_timeout)
        }))
        .layer(axum::middleware::from_fn(move |req: Request<axum::body::Body>, next: axum::middleware::Next| {
            private_answers(req, next, private)
        }))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(NO_PERMISSIONS),
        ))
        .layer(CatchPanicLayer::custom(|_| ApiError::Internal("handler panicked".into()).into_response()))
        .layer(axum::middleware::from_fn(in_readers_language))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // Not `no-referrer`: under it browsers send `Origin: null` with the
        // hub's own form posts, which the Origin check must then refuse.
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ))
        .layer(PropagateRequestIdLayer::new(HeaderName::from_static("x-request-id")))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            // The route's template, never the path itself: paths carry
            // secrets (a calendar feed's token) and whatever a client typed.
            let route = req
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map_or("(no route)", axum::extract::MatchedPath::as_str);
            tracing::info_span!("request", method = %req.method(), route = %route, request_id = %id)
        }).on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
          // A failed request is logged once, with its cause, by the error
          // mapping (`error.rs`); the status is in the response line.
          .on_failure(()))
        .layer(axum::middleware::from_fn(crate::metrics::record))
        .layer(SetRequestIdLayer::new(HeaderName::from_static("x-request-id"), MakeRequestUuid))
        // The hub mints every request id: one a client chose would reach the logs.
        .layer(axum::middleware::map_request(|mut req: Request<axum::body::Body>| async move {
            req.headers_mut().remove("x-request-id");
            req
        }))
        .with_state(state)
}

/// What makes an answer private, and whether the hub is served over TLS.
#[derive(Debug, Clone, Copy)]
struct Private {
    cookie: &'static str,
    tls: bool,
}

/// Answers to a signed-in browser (it sent the session cookie) and personal
/// calendar feeds are stored by no cache, unless a handler said otherwise
/// (the browser part's files); over TLS, browsers are told to keep to it.
async fn private_answers(
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
    private: Private,
) -> Response {
    let signed_in = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| {
            pair.trim()
                .split_once('=')
                .is_some_and(|(k, _)| k == private.cookie)
        });
    let personal = signed_in || req.uri().path().starts_with("/api/v1/feeds/");
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if personal && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if private.tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Ends a request that takes longer than `limit`, its body's reading
/// included, with 408. Uploads of document files stream for as long as they
/// move (the edge's idle timeout ends a stalled one); a websocket's upgrade
/// answers at once and its socket is not a request.
async fn within_time(
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
    limit: std::time::Duration,
) -> Response {
    if is_upload(&req) {
        return next.run(req).await;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::RequestTimeout.into_response(),
    }
}

fn is_upload(req: &Request<axum::body::Body>) -> bool {
    req.method() == axum::http::Method::PUT && req.uri().path().contains("/files/")
}

/// Refuses a body whose announced length is over the limit before reading any
/// of it; bodies without a length are still cut off at the limit while read.
/// Document files (`PUT .../files/{language}`) stream to storage and have
/// their own, larger limit; every other body is JSON.
async fn refuse_announced_oversize(
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
    json_max: u64,
    upload_max: u64,
) -> Response {
    let max = if is_upload(&req) {
        upload_max
    } else {
        json_max
    };
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > max) {
        return ApiError::PayloadTooLarge.into_response();
    }
    next.run(req).await
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stopping = state.live_shutdown.clone();
    let shutdown = async move {
        shutdown.await;
        // Websockets are not requests in flight: tell them to go.
        let _ = stopping.send(true);
    };
    crate::metrics::install();
    // `/metrics` alone on an address of its own (a private network), as
    // long as the hub serves.
    let metrics = match state.config.metrics_addr {
        Some(addr) => {
            let listener = TcpListener::bind(addr).await?;
            let app = crate::metrics::router(state.clone());
            Some(tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            }))
        }
        None => None,
    };
    let limits = state.config.edge;
    let served = crate::edge::serve(listener, router(state), limits, shutdown).await;
    if let Some(task) = metrics {
        task.abort();
    }
    served
}

/// A minimal landing page until the web frontend is served here.
#[utoipa::path(get, path = "/", tag = "meta", responses((status = 200, content_type = "text/html", body = String)))]
async fn index() -> Html<&'static str> {
    Html(concat!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Plenary</title></head>",
        "<body><main><h1>Plenary</h1><p>The hub is running: today's <a href=\"/journal\">Journal</a>. ",
        "The API lives under <code>/api/v1</code>; ",
        "its description is at <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p></main></body></html>"
    ))
}

/// Alive: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, body = String)))]
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: every backend answers.
#[utoipa::path(get, path = "/readyz", tag = "meta", responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
async fn readyz(State(state): State<AppState>) -> Response {
    let (database, objects, live) = tokio::join!(
        crate::db::ping(&state.db),
        state.objects.ping(),
        state.live.live_store().ping()
    );
    let ready = database && objects && live;
    let body = Readiness {
        ready,
        database,
        objects,
        live,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta", responses((status = 200, content_type = "application/json", body = Object)))]
async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
}
