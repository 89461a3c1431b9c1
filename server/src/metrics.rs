//! What operators watch, at `/metrics` in Prometheus's text format: HTTP
//! requests by route template, status and latency; websockets open; live
//! meetings; the SFU's packets, key frame requests and subscribers; votes;
//! sign-in failures and limits. Recorded through the `metrics` facade (the
//! signaling crate records its own the same way) and rendered by its
//! Prometheus exporter.
//!
//! `/metrics` is served only where the operator says: on a listener of its
//! own (`metrics_addr`, for a private network) or on the main address to
//! whoever presents `metrics_token`. Labels are route templates and fixed
//! words, never a path or anything a client typed.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// Request latencies' buckets, in seconds.
const BUCKETS: &[f64] = &[
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder, installed by the first call. One per process:
/// the hubs of one test process share it.
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            describe();
            Some(handle)
        })
        .as_ref()
}

/// Starts recording (before the first request is served).
pub fn install() {
    if handle().is_none() {
        tracing::warn!(
            "another metrics recorder is installed; /metrics shows nothing of this hub's"
        );
    }
}

/// The server's metrics and what each means (the live side's are
/// `plenary_signaling::metrics::METRICS`).
const METRICS: &[(&str, &str)] = &[
    (
        "plenary_http_requests_total",
        "HTTP requests answered, by route template, method and status.",
    ),
    (
        "plenary_http_request_duration_seconds",
        "Time to answer an HTTP request, by route template and method.",
    ),
    (
        "plenary_live_meetings",
        "Meetings with a connection on this node.",
    ),
    (
        "plenary_sql_connections",
        "SQL connections of this node's pool, by state (idle, busy).",
    ),
    (
        "plenary_sql_ping_seconds",
        "Time SQL takes to answer a trivial query (with the wait for a pooled connection), measured at each scrape.",
    ),
    (
        "plenary_live_store_ping_seconds",
        "Time the live store (Redis, when configured) takes to answer a ping, measured at each scrape.",
    ),
    (
        "plenary_search_queue_depth",
        "Document changes waiting to be indexed for search: those the indexing pass at work (or the last, failed one) holds; 0 when search has caught up.",
    ),
    (
        "plenary_file_cache_bytes",
        "Bytes of small files kept in memory for downloads (at most file_cache_bytes).",
    ),
    (
        "plenary_file_cache_reads_total",
        "Downloads of files small enough to keep, by outcome: found in memory (hit) or read from the archive (miss).",
    ),
    (
        "plenary_archive_bytes_in_total",
        "Bytes written to the archive (documents, minutes, recordings).",
    ),
    (
        "plenary_archive_bytes_out_total",
        "Bytes read from the archive (downloads, verification).",
    ),
    (
        "plenary_audit_write_failures_total",
        "Audit log entries that could not be written (sign-ins and downloads go on without them).",
    ),
    (
        "plenary_login_failures_total",
        "Sign-ins refused for a wrong email or password.",
    ),
    (
        "plenary_login_limited_total",
        "Sign-ins refused because the account or the address spent its budget of failures.",
    ),
];

fn describe() {
    plenary_signaling::metrics::describe(METRICS);
    plenary_signaling::metrics::describe(plenary_signaling::metrics::METRICS);
}

/// Records each request: its route's template (or `unmatched`), method,
/// status and time taken.
pub async fn record(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(
        "plenary_http_request_duration_seconds",
        "route" => route.clone(),
        "method" => method.clone()
    )
    .record(started.elapsed().as_secs_f64());
    metrics::counter!(
        "plenary_http_requests_total",
        "route" => route,
        "method" => method,
        "status" => status
    )
    .increment(1);
    response
}

/// The figures now, in Prometheus's text format; SQL and the live store
/// are timed as they answer a ping now, so a slow backend shows at once.
async fn render(state: &AppState) -> Response {
    let timed = |started: Instant| started.elapsed().as_secs_f64();
    let started = Instant::now();
    if crate::db::ping(&state.db).await {
        metrics::histogram!("plenary_sql_ping_seconds").record(timed(started));
    }
    let started = Instant::now();
    if state.live.live_store().ping().await {
        metrics::histogram!("plenary_live_store_ping_seconds").record(timed(started));
    }
    metrics::gauge!("plenary_live_meetings").set(state.live.meetings_here().len() as f64);
    let (size, idle) = (state.db.size(), state.db.num_idle());
    metrics::gauge!("plenary_sql_connections", "state" => "idle").set(idle as f64);
    metrics::gauge!("plenary_sql_connections", "state" => "busy")
        .set(size.saturating_sub(idle as u32) as f64);
    let text = handle().map(PrometheusHandle::render).unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// What operators watch, in Prometheus's text format: for whoever presents
/// the `metrics_token` (`Authorization: Bearer`); not served here without
/// one configured.
#[utoipa::path(get, path = "/metrics", tag = "meta",
    responses((status = 200, content_type = "text/plain", body = String), (status = 401, body = plenary_protocol::Problem),
              (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return ApiError::NotFound.into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !crate::crypto::constant_time_eq(presented.as_bytes(), token.as_bytes()) {
        return ApiError::Unauthenticated.into_response();
    }
    render(&state).await
}

/// `/metrics` alone, for the listener of its own.
pub fn router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(|State(state): State<AppState>| async move { render(&state).await }),
        )
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::METRICS;

    #[test]
    fn the_example_dashboard_names_only_metrics_the_hub_records() {
        let dashboard = include_str!("../../infra/grafana/plenary.json");
        let known: Vec<&str> = METRICS
            .iter()
            .chain(plenary_signaling::metrics::METRICS)
            .map(|(name, _)| *name)
            .collect();
        let mut named = 0;
        for (at, _) in dashboard.match_indices("plenary_") {
            let name: String = dashboard[at..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            let name = name.strip_suffix("_bucket").unwrap_or(&name);
            if name == "plenary_" {
                continue;
            }
            named += 1;
            assert!(
                known.contains(&name),
                "the dashboard names {name}, which the hub does not record"
            );
        }
        assert!(named >= 10, "{named}");
    }
}
