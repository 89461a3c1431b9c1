//! HTML pages, rendered on the server with the frontend's components: they
//! read without JavaScript. Each handler gathers what its page shows with
//! the same store functions and access rules as the JSON API.

use crate::auth::Viewer;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse};
use chrono_tz::Tz;
use plenary_frontend::{i18n, render_journal, JournalRow};
use serde::Deserialize;

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
    headers: HeaderMap,
    Query(params): Query<JournalPageParams>,
) -> ApiResult<Html<String>> {
    let lang = i18n::choose(
        params.lang.as_deref(),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
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
