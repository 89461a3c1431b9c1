//! HTML pages, rendered on the server with the frontend's components: they
//! read without JavaScript. Each handler gathers what its page shows with
//! the same store functions and access rules as the JSON API.

use crate::auth::Viewer;
use crate::error::ApiResult;
use crate::extract::Path;
use crate::extract::Query;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse};
use chrono_tz::Tz;
use plenary_frontend::{
    i18n, render_document, render_journal, render_meeting, DocumentRow, DocumentView, JournalRow,
    MeetingView, VersionRow,
};
use plenary_protocol::{DocumentId, MeetingId};
use serde::Deserialize;

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
    let view = MeetingView {
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
    Ok(Html(render_meeting(lang, view)))
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
        DocumentView {
            symbol: d.symbol,
            title: d.title,
            distribution,
            withdrawn: d.withdrawn,
            versions,
        },
    )))
}
