//! Statements "check against delivery": a delegation inscribed on a
//! meeting's list of speakers hands in its statement before it speaks. Until
//! the delegation takes the floor only the secretariat, the meeting's
//! interpreters and the delegation itself may read it; from then on, all who
//! may read the meeting. This module owns `statements`; each file is a
//! write-once object (`statements/…`) stored, hashed and verified like a
//! document's, and when it was delivered is read from the meeting record.

use crate::auth::{Caller, Viewer};
use crate::db::{self, Db};
use crate::documents::{check_filename, store_body};
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path, Query};
use crate::validate::Errors;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use plenary_protocol::api::*;
use plenary_protocol::signal::SpeakerKind;
use plenary_protocol::{DelegationId, MeetingId, Problem};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Statements one delegation may hand in for one meeting.
const MAX_PER_DELEGATION: i64 = 20;

/// The object key of a statement's file.
fn object_key(meeting: MeetingId, statement: uuid::Uuid) -> String {
    format!("statements/{meeting}/{statement}")
}

/// Who reads a meeting's statements, and how much of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The secretariat and the meeting's interpreters: every statement.
    Everything,
    /// Others who may read the meeting: delivered ones, and their own
    /// delegation's.
    Delivered(Option<DelegationId>),
}

fn reader(meeting: &Meeting, viewer: &Viewer) -> Reader {
    match &viewer.0 {
        // Staff, and the interpreters the meeting books (the room's rule).
        Some(c)
            if c.is_staff()
                || crate::live::meeting_role(meeting, c)
                    == Some(plenary_protocol::signal::MeetingRole::Interpreter) =>
        {
            Reader::Everything
        }
        _ => Reader::Delivered(viewer.delegation()),
    }
}

impl Reader {
    fn may_read(self, s: &Statement) -> bool {
        match self {
            Reader::Everything => true,
            Reader::Delivered(mine) => {
                s.delivered_at.is_some() || mine.is_some_and(|d| d == s.delegation.id)
            }
        }
    }
}

fn statement_from_row(r: &AnyRow) -> Result<(Statement, String), StoreError> {
    let id = db::uuid_col(r, "id")?;
    let meeting = MeetingId(db::uuid_col(r, "meeting_id")?);
    let language: String = r.try_get("language")?;
    let kind: String = r.try_get("kind")?;
    let at_ms: i64 = r.try_get("uploaded_at_ms")?;
    let uploaded_at = DateTime::from_timestamp_millis(at_ms)
        .ok_or_else(|| StoreError::Corrupt(format!("time {at_ms}")))?;
    let statement = Statement {
        id,
        meeting_id: meeting,
        delegation: Delegation {
            id: DelegationId(db::uuid_col(r, "delegation_id")?),
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            kind: DelegationKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("kind {kind:?}")))?,
        },
        language: Language::parse(&language)
            .ok_or_else(|| StoreError::Corrupt(format!("language {language:?}")))?,
        file: DocumentFile {
            id,
            size: u64::try_from(r.try_get::<i64, _>("size")?).unwrap_or(0),
            sha256: r.try_get("sha256")?,
            content_type: r.try_get("content_type")?,
            filename: r.try_get("filename")?,
            uploaded_at,
        },
        delivered_at: None,
        url: format!("/api/v1/meetings/{meeting}/statements/{id}/file"),
    };
    Ok((statement, r.try_get("object_key")?))
}

/// A meeting's statements with their object keys, each marked delivered
/// from the record: delivered ones in speaking order, then the rest as
/// handed in.
async fn load(db: &Db, meeting: MeetingId) -> Result<Vec<(Statement, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.*, d.code, d.name, d.kind FROM statements s \
         JOIN delegations d ON d.id = s.delegation_id \
         WHERE s.meeting_id = $1 ORDER BY s.uploaded_at_ms, s.id",
    )
    .bind(meeting.to_string())
    .fetch_all(db)
    .await?;
    let made = crate::record::statements_made(db, meeting).await?;
    let mut statements = rows
        .iter()
        .map(statement_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    for (s, _) in &mut statements {
        let handed_in = s.file.uploaded_at.timestamp_millis();
        s.delivered_at = made
            .iter()
            .find(|(d, at)| *d == s.delegation.id && *at >= handed_in)
            .and_then(|(_, at)| DateTime::from_timestamp_millis(*at));
    }
    // Stable: the undelivered keep the order they were handed in.
    statements.sort_by_key(|(s, _)| (s.delivered_at.is_none(), s.delivered_at));
    Ok(statements)
}

/// The statements of `meeting` that `viewer` may read (the meeting itself
/// being readable to them).
pub(crate) async fn readable(
    db: &Db,
    viewer: &Viewer,
    meeting: &Meeting,
) -> Result<Vec<Statement>, StoreError> {
    let reader = reader(meeting, viewer);
    Ok(load(db, meeting.id)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| reader.may_read(s))
        .collect())
}

/// Whether `delegation` is on one of the meeting's lists to make a statement.
async fn inscribed(
    db: &Db,
    meeting: &Meeting,
    delegation: DelegationId,
) -> Result<bool, StoreError> {
    let lists = crate::speakers::for_meeting(db, meeting).await?;
    Ok(lists.values().any(|list| {
        list.lines
            .iter()
            .any(|l| l.delegation == Some(delegation) && l.kind == SpeakerKind::Statement)
    }))
}

/// Whether `caller` may hand in a statement for `meeting` now (its page
/// offers it then).
pub(crate) async fn may_hand_in(
    db: &Db,
    caller: &Caller,
    meeting: &Meeting,
) -> Result<bool, StoreError> {
    match (caller.role(), caller.user.delegation_id) {
        (Role::Delegate, Some(d)) => inscribed(db, meeting, d).await,
        _ => Ok(false),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatementParams {
    /// The file name offered when downloading, e.g. `France_item_17.pdf`.
    pub filename: String,
}

/// A delegate of a delegation inscribed to make a statement hands it in,
/// in the language it is written in; the body is the file.
#[utoipa::path(put, path = "/api/v1/meetings/{id}/statements/{language}", tag = "meetings",
    params(("id" = MeetingId, Path), ("language" = Language, Path), StatementParams),
    request_body(content = crate::download::FileBytes, content_type = "application/octet-stream"),
    responses((status = 201, body = Statement), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem),
              (status = 503, body = Problem)))]
pub async fn put_statement(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, language)): Path<(MeetingId, String)>,
    Query(params): Query<StatementParams>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<Statement>)> {
    let viewer = Viewer(Some(caller.clone()));
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let Some(language) = Language::parse(&language) else {
        return Err(ApiError::NotFound);
    };
    let mut errors = Errors::default();
    check_filename(&params.filename, &mut errors);
    errors.into_result()?;
    let delegation = match (caller.role(), caller.user.delegation_id) {
        (Role::Delegate, Some(d)) => d,
        _ => return Err(ApiError::Refused(Refusal::NotInscribed)),
    };
    if matches!(
        meeting.status,
        MeetingStatus::Adjourned | MeetingStatus::Cancelled
    ) {
        return Err(ApiError::InvalidState(Refusal::MeetingClosed(
            meeting.status,
        )));
    }
    if !inscribed(&state.db, &meeting, delegation).await? {
        return Err(ApiError::Refused(Refusal::NotInscribed));
    }
    let handed_in: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM statements WHERE meeting_id = $1 AND delegation_id = $2",
    )
    .bind(id.to_string())
    .bind(delegation.to_string())
    .fetch_one(&state.db)
    .await?
    .try_get("n")?;
    if handed_in >= MAX_PER_DELEGATION {
        return Err(ApiError::InvalidState(Refusal::TooManyStatements {
            max: MAX_PER_DELEGATION as u64,
        }));
    }

    let statement = db::new_id();
    let key = object_key(id, statement);
    let (stored, content_type) = store_body(&state, &key, body, &headers).await?;
    let inserted = sqlx::query(
        "INSERT INTO statements (id, meeting_id, delegation_id, language, object_key, size, sha256, content_type, filename, uploaded_by, uploaded_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(statement.to_string())
    .bind(id.to_string())
    .bind(delegation.to_string())
    .bind(language.as_str())
    .bind(&key)
    .bind(i64::try_from(stored.size).unwrap_or(i64::MAX))
    .bind(&stored.sha256)
    .bind(content_type)
    .bind(params.filename.trim())
    .bind(caller.user.id.to_string())
    .bind(Utc::now().timestamp_millis())
    .execute(&state.db)
    .await;
    if let Err(e) = inserted {
        // SQL is the source of truth: an object it does not know is removed.
        if let Err(cleanup) = state.objects.delete(&key).await {
            tracing::warn!(key, error = %cleanup, "could not remove unrecorded object {key}: {cleanup}");
        }
        return Err(e.into());
    }
    tracing::info!(meeting_id = %id, delegation_id = %delegation, size = stored.size,
        "statement handed in for meeting {id}");
    let handed = load(&state.db, id)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .find(|s| s.id == statement)
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(handed)))
}

/// A meeting's statements the reader may read: delivered ones in speaking
/// order, then (for the secretariat, the interpreters and the delegation
/// itself) those still to come.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/statements", tag = "meetings",
    params(("id" = MeetingId, Path)),
    responses((status = 200, body = Vec<Statement>), (status = 404, body = Problem)))]
pub async fn get_statements(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<MeetingId>,
) -> ApiResult<Json<Vec<Statement>>> {
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    Ok(Json(readable(&state.db, &viewer, &meeting).await?))
}

/// A statement's file, to a reader who may read it (else not found).
#[utoipa::path(get, path = "/api/v1/meetings/{id}/statements/{statement}/file", tag = "meetings",
    params(("id" = MeetingId, Path), ("statement" = uuid::Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = crate::download::FileBytes),
              (status = 206), (status = 304), (status = 404, body = Problem), (status = 416, body = Problem)))]
pub async fn get_statement_file(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, statement)): Path<(MeetingId, uuid::Uuid)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let reader = reader(&meeting, &viewer);
    let (s, key) = load(&state.db, id)
        .await?
        .into_iter()
        .find(|(s, _)| s.id == statement && reader.may_read(s))
        .ok_or(ApiError::NotFound)?;
    // Markup is never rendered from the hub's origin: HTML and SVG are only downloads.
    let inline = !matches!(s.file.content_type.as_str(), "text/html" | "image/svg+xml");
    let content_type = if inline {
        s.file.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    crate::download::send(
        &state.objects,
        &state.file_cache,
        &headers,
        crate::download::Object {
            key: &key,
            size: s.file.size,
            sha256: &s.file.sha256,
            content_type,
            filename: &s.file.filename,
            inline,
            language: Some(s.language),
            // Who may read it changes when it is delivered: no shared copies.
            caching: crate::download::Caching {
                shared: false,
                immutable: true,
            },
        },
    )
    .await
}
