//! Minutes (summary records): drafted in Markdown, reviewed, published once
//! per version and kept forever.
//!
//! Every save is a revision that names the revision it was edited from; a
//! save from anything but the newest is refused with both texts
//! (`stale_revision`), so no edit is silently lost. Review and publish name
//! the revision too, so nobody sends on a text they have not seen.
//!
//! Publishing writes Markdown, sanitised HTML, PDF and a manifest to object
//! storage under keys no earlier attempt used, and only then commits one SQL
//! transaction recording them, issuing the official document and moving the
//! minutes to `published`. SQL is the source of truth: a crash or failure
//! between the two steps leaves unreferenced objects, never a version that
//! points at something missing. Unique keys on (minutes, revision) and
//! (minutes, idempotency key) make a repeated or concurrent publish find the
//! one version instead of making a second.

use crate::auth::{Caller, Viewer};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, StoreError};
use crate::extract::{Json, Path};
use crate::objects::{keys, ObjectsError, Stored};
use crate::scheduling::visible_meeting;
use crate::validate::Errors;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use plenary_protocol::api::*;
use plenary_protocol::signal::{Event, MeetingRole, SpeakerKind};
use plenary_protocol::symbol::Symbol;
use plenary_protocol::{DocumentId, FieldError, MeetingId, MinutesId, Problem, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

/// Longest minutes text, in characters (a long summary record is a tenth of it).
pub const MAX_CHARS: usize = 200_000;

fn writer(caller: &Caller) -> bool {
    Role::ISSUERS.contains(&caller.user.role)
}

fn int(row: &AnyRow, column: &str) -> Result<u64, StoreError> {
    Ok(u64::try_from(row.try_get::<i64, _>(column)?).unwrap_or(0))
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

async fn minutes_row(db: &Db, meeting: MeetingId) -> ApiResult<Option<AnyRow>> {
    Ok(sqlx::query("SELECT * FROM minutes WHERE meeting_id = $1")
        .bind(meeting.to_string())
        .fetch_optional(db)
        .await?)
}

async fn revision(db: &Db, minutes: &str, number: u64) -> ApiResult<Option<Revision>> {
    let row = sqlx::query(
        "SELECT r.*, u.name AS author_name FROM minutes_revisions r JOIN users u ON u.id = r.author_id \
         WHERE r.minutes_id = $1 AND r.number = $2",
    )
    .bind(minutes)
    .bind(to_i64(number))
    .fetch_optional(db)
    .await?;
    row.map(|r| revision_from_row(&r, true)).transpose()
}

/// A revision from its row (joined with the author's name); the text only when asked.
fn revision_from_row(r: &AnyRow, with_content: bool) -> ApiResult<Revision> {
    Ok(Revision {
        number: int(r, "number")?,
        author_id: UserId(db::uuid_col(r, "author_id")?),
        author_name: r.try_get("author_name")?,
        saved_at: db::to_time(r.try_get("saved_at")?)?,
        autosave: r.try_get::<i64, _>("autosave")? != 0,
        content: if with_content {
            r.try_get("content")?
        } else {
            String::new()
        },
    })
}

async fn versions(db: &Db, minutes: &str) -> ApiResult<Vec<PublishedMinutes>> {
    let rows = sqlx::query("SELECT * FROM minutes_versions WHERE minutes_id = $1 ORDER BY version")
        .bind(minutes)
        .fetch_all(db)
        .await?;
    let files = sqlx::query("SELECT * FROM minutes_files WHERE minutes_id = $1 ORDER BY version")
        .bind(minutes)
        .fetch_all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let version = int(&r, "version")?;
        let mut own = Vec::new();
        for f in files.iter() {
            if int(f, "version")? != version {
                continue;
            }
            let kind: String = f.try_get("kind")?;
            own.push(MinutesFile {
                kind: MinutesFileKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("minutes file kind {kind:?}")))?,
                size: int(f, "size")?,
                sha256: f.try_get("sha256")?,
            });
        }
        own.sort_by_key(|f| MinutesFileKind::ALL.iter().position(|k| *k == f.kind));
        out.push(PublishedMinutes {
            version: u32::try_from(version).unwrap_or(u32::MAX),
            symbol: r.try_get("symbol")?,
            revision: int(&r, "revision")?,
            document_id: DocumentId(db::uuid_col(&r, "document_id")?),
            published_by: UserId(db::uuid_col(&r, "published_by")?),
            published_at: db::to_time(r.try_get("published_at")?)?,
            files: own,
        });
    }
    Ok(out)
}

/// The minutes as `viewer` may see them: the secretariat sees the newest
/// revision, everyone else only the published versions (none: not found).
async fn view(db: &Db, row: &AnyRow, with_head: bool) -> ApiResult<Minutes> {
    let id: String = row.try_get("id")?;
    let state: String = row.try_get("state")?;
    let language: String = row.try_get("language")?;
    let versions = versions(db, &id).await?;
    if !with_head && versions.is_empty() {
        return Err(ApiError::NotFound);
    }
    let head = if with_head {
        revision(db, &id, int(row, "head_revision")?).await?
    } else {
        None
    };
    Ok(Minutes {
        id: MinutesId(db::uuid_col(row, "id")?),
        meeting_id: MeetingId(db::uuid_col(row, "meeting_id")?),
        symbol: row.try_get("symbol")?,
        language: Language::parse(&language)
            .ok_or_else(|| StoreError::Corrupt(format!("language {language:?}")))?,
        state: MinutesState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("minutes state {state:?}")))?,
        head,
        versions,
    })
}

/// The minutes of a meeting the caller may see, and the meeting, for the secretariat.
async fn writable(
    state: &AppState,
    caller: &Caller,
    meeting: MeetingId,
) -> ApiResult<(AnyRow, Meeting)> {
    caller.require(Role::ISSUERS)?;
    let found = visible_meeting(&state.db, &Viewer(Some(caller.clone())), meeting).await?;
    let row = minutes_row(&state.db, meeting)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((row, found))
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes", tag = "minutes", params(("id" = MeetingId, Path)),
    request_body = CreateMinutes,
    responses((status = 201, body = Minutes), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_minutes(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    Json(input): Json<CreateMinutes>,
) -> ApiResult<(StatusCode, Json<Minutes>)> {
    caller.require(Role::ISSUERS)?;
    let meeting = visible_meeting(&state.db, &Viewer(Some(caller.clone())), meeting_id).await?;
    let mut errors = Errors::default();
    match Symbol::parse(&input.symbol) {
        Err(e) => errors.add("symbol", e.0),
        Ok(s) if !s.lineage.is_empty() => errors.add(
            "symbol",
            "give the symbol without /Rev, /Add or /Corr; corrigenda get /Corr.N when published",
        ),
        Ok(_) => {}
    }
    errors.into_result()?;
    let taken = sqlx::query("SELECT 1 FROM documents WHERE symbol = $1")
        .bind(&input.symbol)
        .fetch_optional(&state.db)
        .await?;
    if taken.is_some() {
        return Err(ApiError::AlreadyExists(
            "a document with this symbol exists".into(),
        ));
    }
    let content = if input.from_record {
        draft_from_record(&state.db, &meeting).await?
    } else {
        String::new()
    };
    let id = MinutesId(db::new_id());
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let head = i64::from(input.from_record);
    let inserted = sqlx::query(
        "INSERT INTO minutes (id, meeting_id, symbol, language, state, head_revision, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7)",
    )
    .bind(id.to_string())
    .bind(meeting_id.to_string())
    .bind(&input.symbol)
    .bind(input.language.as_str())
    .bind(head)
    .bind(caller.user.id.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await;
    crate::error::unique_or(inserted, "this meeting has minutes, or the symbol is taken")?;
    if input.from_record {
        insert_revision(&mut tx, &id.to_string(), 1, &content, caller.user.id, false).await?;
    }
    tx.commit().await?;
    tracing::info!(minutes_id = %id, meeting_id = %meeting_id, "minutes {} started", input.symbol);
    let row = minutes_row(&state.db, meeting_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(view(&state.db, &row, true).await?),
    ))
}

async fn insert_revision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    minutes: &str,
    number: u64,
    content: &str,
    author: UserId,
    autosave: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO minutes_revisions (minutes_id, number, content, author_id, autosave, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(minutes)
    .bind(to_i64(number))
    .bind(content)
    .bind(author.to_string())
    .bind(i64::from(autosave))
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A meeting's minutes: the newest revision for the secretariat, the
/// published versions for everyone who may see the meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes", tag = "minutes", params(("id" = MeetingId, Path)),
    responses((status = 200, body = Minutes), (status = 404, body = Problem)))]
pub async fn get_minutes(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(meeting_id): Path<MeetingId>,
) -> ApiResult<Json<Minutes>> {
    visible_meeting(&state.db, &viewer, meeting_id).await?;
    let row = minutes_row(&state.db, meeting_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let with_head = viewer.0.as_ref().is_some_and(writer);
    let mut minutes = view(&state.db, &row, with_head).await?;
    keep_readable(&state.db, &viewer, &mut minutes).await?;
    if !with_head && minutes.versions.is_empty() {
        return Err(ApiError::NotFound);
    }
    Ok(Json(minutes))
}

/// Keeps the published versions whose document the viewer may read: a
/// version is an official document, and its distribution (fixed when it was
/// published) decides who reads it, whatever the meeting's access is now.
async fn keep_readable(db: &Db, viewer: &Viewer, minutes: &mut Minutes) -> ApiResult<()> {
    let mut readable = Vec::with_capacity(minutes.versions.len());
    for v in std::mem::take(&mut minutes.versions) {
        if crate::documents::may_read(db, viewer, v.document_id).await? {
            readable.push(v);
        }
    }
    minutes.versions = readable;
    Ok(())
}

/// The skeleton drafted from the meeting's record, without saving it.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes/from-record", tag = "minutes", params(("id" = MeetingId, Path)),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_from_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
) -> ApiResult<Response> {
    caller.require(Role::ISSUERS)?;
    let meeting = visible_meeting(&state.db, &Viewer(Some(caller.clone())), meeting_id).await?;
    let text = draft_from_record(&state.db, &meeting).await?;
    let mut response = Response::new(Body::from(text));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/markdown; charset=utf-8"),
    );
    Ok(response)
}

/// Every revision, newest first, without their texts.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes/revisions", tag = "minutes", params(("id" = MeetingId, Path)),
    responses((status = 200, body = Vec<Revision>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_revisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
) -> ApiResult<Json<Vec<Revision>>> {
    revisions(&state, &caller, meeting_id).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes/revisions/{number}", tag = "minutes",
    params(("id" = MeetingId, Path), ("number" = u64, Path)),
    responses((status = 200, body = Revision), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_revision(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, number)): Path<(MeetingId, u64)>,
) -> ApiResult<Json<Revision>> {
    let (row, _) = writable(&state, &caller, meeting_id).await?;
    let id: String = row.try_get("id")?;
    revision(&state.db, &id, number)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Every revision, newest first, without their texts.
pub(crate) async fn revisions(
    state: &AppState,
    caller: &Caller,
    meeting_id: MeetingId,
) -> ApiResult<Vec<Revision>> {
    let (row, _) = writable(state, caller, meeting_id).await?;
    let id: String = row.try_get("id")?;
    let rows = sqlx::query(
        "SELECT r.number, r.author_id, r.autosave, r.saved_at, u.name AS author_name \
         FROM minutes_revisions r JOIN users u ON u.id = r.author_id \
         WHERE r.minutes_id = $1 ORDER BY r.number DESC LIMIT 10000",
    )
    .bind(&id)
    .fetch_all(&state.db)
    .await?;
    rows.iter().map(|r| revision_from_row(r, false)).collect()
}

/// The minutes of `meeting`, which the caller has already checked `viewer`
/// may see: `None` when there are none yet (or none published, for readers
/// outside the secretariat), else the minutes with their newest published
/// text as sanitised HTML.
pub(crate) async fn for_page(
    state: &AppState,
    viewer: &Viewer,
    meeting: &Meeting,
) -> ApiResult<Option<(Minutes, Option<String>)>> {
    let Some(row) = minutes_row(&state.db, meeting.id).await? else {
        return Ok(None);
    };
    let with_head = viewer.0.as_ref().is_some_and(writer);
    let mut minutes = match view(&state.db, &row, with_head).await {
        Ok(m) => m,
        Err(ApiError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    keep_readable(&state.db, viewer, &mut minutes).await?;
    if !with_head && minutes.versions.is_empty() {
        return Ok(None);
    }
    let text = match minutes.versions.last() {
        Some(v) => revision(&state.db, &minutes.id.to_string(), v.revision)
            .await?
            .map(|r| crate::render::below_page_heading(&crate::render::html_fragment(&r.content))),
        None => None,
    };
    Ok(Some((minutes, text)))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub markdown: String,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewResponse {
    /// Sanitised HTML, as published minutes show it.
    pub html: String,
}

/// Markdown rendered and sanitised as published minutes are, for the
/// editor's preview. Nothing is stored.
#[utoipa::path(post, path = "/api/v1/preview", tag = "minutes", request_body = PreviewRequest,
    responses((status = 200, body = PreviewResponse), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn post_preview(
    caller: Caller,
    Json(input): Json<PreviewRequest>,
) -> ApiResult<Json<PreviewResponse>> {
    caller.require(Role::ISSUERS)?;
    check_content(&input.markdown).map_err(|e| match e {
        ApiError::Validation(errors) => ApiError::Validation(
            errors
                .into_iter()
                .map(|f| FieldError {
                    field: "markdown".into(),
                    message: f.message,
                })
                .collect(),
        ),
        other => other,
    })?;
    Ok(Json(PreviewResponse {
        html: crate::render::html_fragment(&input.markdown),
    }))
}

fn check_content(content: &str) -> ApiResult<()> {
    let mut errors = Errors::default();
    let chars = content.chars().count();
    if chars > MAX_CHARS {
        errors.add(
            "content",
            format!("must be at most {MAX_CHARS} characters (got {chars})"),
        );
    }
    if content
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(
            "content",
            "must not contain control characters other than newlines and tabs",
        );
    }
    errors.into_result()
}

/// Saves a revision edited from `based_on`, or refuses with both texts.
async fn save(
    state: &AppState,
    caller: &Caller,
    meeting_id: MeetingId,
    input: SaveRevision,
    autosave: bool,
) -> ApiResult<(StatusCode, Json<Minutes>)> {
    let (row, _) = writable(state, caller, meeting_id).await?;
    check_content(&input.content)?;
    let id: String = row.try_get("id")?;
    let head = int(&row, "head_revision")?;
    let stale = |current: Option<Revision>, yours: String| match current {
        Some(current) => ApiError::StaleRevision(Box::new(RevisionConflict { current, yours })),
        None => ApiError::InvalidState("the revision it was edited from is unknown".into()),
    };
    if input.based_on != head {
        return Err(stale(revision(&state.db, &id, head).await?, input.content));
    }
    if autosave {
        // The editor saves on a timer: an unchanged text is not a new revision.
        if let Some(current) = revision(&state.db, &id, head).await? {
            if current.content == input.content {
                return Ok((StatusCode::OK, Json(view(&state.db, &row, true).await?)));
            }
        }
    }
    let mut tx = state.db.begin().await?;
    // Only one save can move the head from `based_on`; a concurrent one sees 0 rows.
    let moved = sqlx::query(
        "UPDATE minutes SET head_revision = $1, updated_at = $2, \
         state = CASE WHEN state = 'published' THEN 'draft' ELSE state END \
         WHERE id = $3 AND head_revision = $4",
    )
    .bind(to_i64(head + 1))
    .bind(db::now())
    .bind(&id)
    .bind(to_i64(head))
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        tx.rollback().await?;
        let now_head = minutes_row(&state.db, meeting_id)
            .await?
            .map(|r| int(&r, "head_revision"))
            .transpose()?
            .unwrap_or(0);
        return Err(stale(
            revision(&state.db, &id, now_head).await?,
            input.content,
        ));
    }
    insert_revision(
        &mut tx,
        &id,
        head + 1,
        &input.content,
        caller.user.id,
        autosave,
    )
    .await?;
    tx.commit().await?;
    let row = minutes_row(&state.db, meeting_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(view(&state.db, &row, true).await?),
    ))
}

/// Saves a revision. Published minutes go back to draft: the correction
/// becomes a corrigendum when published.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/revisions", tag = "minutes", params(("id" = MeetingId, Path)),
    request_body = SaveRevision,
    responses((status = 201, body = Minutes), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_revision(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    Json(input): Json<SaveRevision>,
) -> ApiResult<(StatusCode, Json<Minutes>)> {
    save(&state, &caller, meeting_id, input, false).await
}

/// The editor's periodic save: like a revision, marked as automatic, and
/// nothing new when the text has not changed (200 instead of 201).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/autosave", tag = "minutes", params(("id" = MeetingId, Path)),
    request_body = SaveRevision,
    responses((status = 200, body = Minutes), (status = 201, body = Minutes), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_autosave(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    Json(input): Json<SaveRevision>,
) -> ApiResult<(StatusCode, Json<Minutes>)> {
    save(&state, &caller, meeting_id, input, true).await
}

/// Moves the minutes from `from` to `to` if the caller names the newest revision.
async fn step(
    state: &AppState,
    caller: &Caller,
    meeting_id: MeetingId,
    revision: u64,
    from: MinutesState,
    to: MinutesState,
) -> ApiResult<Json<Minutes>> {
    let (row, _) = writable(state, caller, meeting_id).await?;
    let id: String = row.try_get("id")?;
    let head = int(&row, "head_revision")?;
    let current: String = row.try_get("state")?;
    if head == 0 {
        return Err(ApiError::InvalidState(
            "nothing has been written yet".into(),
        ));
    }
    if revision != head {
        return Err(ApiError::InvalidState(format!(
            "revision {revision} is not the newest; revision {head} is"
        )));
    }
    let moved = sqlx::query(
        "UPDATE minutes SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4 AND head_revision = $5",
    )
    .bind(to.as_str())
    .bind(db::now())
    .bind(&id)
    .bind(from.as_str())
    .bind(to_i64(head))
    .execute(&state.db)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(ApiError::InvalidState(format!(
            "the minutes are {current}, not {}",
            from.as_str()
        )));
    }
    tracing::info!(minutes_id = %id, by = %caller.user.id, "minutes {} -> {}", from.as_str(), to.as_str());
    let row = minutes_row(&state.db, meeting_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(view(&state.db, &row, true).await?))
}

/// Sends the newest revision for review.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/review", tag = "minutes", params(("id" = MeetingId, Path)),
    request_body = MinutesStep,
    responses((status = 200, body = Minutes), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn post_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    Json(input): Json<MinutesStep>,
) -> ApiResult<Json<Minutes>> {
    step(
        &state,
        &caller,
        meeting_id,
        input.revision,
        MinutesState::Draft,
        MinutesState::InReview,
    )
    .await
}

/// Returns minutes in review to the drafters.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/return", tag = "minutes", params(("id" = MeetingId, Path)),
    request_body = MinutesStep,
    responses((status = 200, body = Minutes), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn post_return(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    Json(input): Json<MinutesStep>,
) -> ApiResult<Json<Minutes>> {
    step(
        &state,
        &caller,
        meeting_id,
        input.revision,
        MinutesState::InReview,
        MinutesState::Draft,
    )
    .await
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::Validation(vec![FieldError {
            field: "Idempotency-Key".into(),
            message: "required header: 1 to 200 visible ASCII characters, new for each publish \
                      and the same when retrying it"
                .into(),
        }]));
    }
    Ok(key.to_string())
}

/// The version already published for this key or this revision, if any.
async fn already_published(
    db: &Db,
    minutes: &str,
    key: &str,
    revision: u64,
) -> ApiResult<Option<PublishedMinutes>> {
    let row = sqlx::query(
        "SELECT version, revision, idempotency_key FROM minutes_versions \
         WHERE minutes_id = $1 AND (idempotency_key = $2 OR revision = $3)",
    )
    .bind(minutes)
    .bind(key)
    .bind(to_i64(revision))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let published_revision = int(&row, "revision")?;
    if published_revision != revision {
        return Err(ApiError::Validation(vec![FieldError {
            field: "Idempotency-Key".into(),
            message: format!(
                "this key already published revision {published_revision}; use a new key for a new publish"
            ),
        }]));
    }
    let version = int(&row, "version")?;
    Ok(versions(db, minutes)
        .await?
        .into_iter()
        .find(|v| u64::from(v.version) == version))
}

/// The symbol of a version: the minutes' own for the first, `/Corr.N` after.
fn version_symbol(symbol: &str, version: u32) -> String {
    if version <= 1 {
        symbol.to_string()
    } else {
        format!("{symbol}/Corr.{}", version - 1)
    }
}

/// Publishes the newest revision of minutes in review. Needs an
/// `Idempotency-Key` header: repeating it (or publishing the same revision
/// at the same time from elsewhere) answers 200 with the one version made.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/publish", tag = "minutes", params(("id" = MeetingId, Path),
        ("Idempotency-Key" = String, Header, description = "new for each publish, the same when retrying it")),
    request_body = MinutesStep,
    responses((status = 201, body = PublishedMinutes), (status = 200, body = PublishedMinutes), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 503, body = Problem)))]
pub async fn post_publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    headers: HeaderMap,
    Json(input): Json<MinutesStep>,
) -> ApiResult<(StatusCode, Json<PublishedMinutes>)> {
    let (row, meeting) = writable(&state, &caller, meeting_id).await?;
    let key = idempotency_key(&headers)?;
    let id: String = row.try_get("id")?;
    if let Some(done) = already_published(&state.db, &id, &key, input.revision).await? {
        return Ok((StatusCode::OK, Json(done)));
    }
    let current: String = row.try_get("state")?;
    let head = int(&row, "head_revision")?;
    if current != MinutesState::InReview.as_str() {
        return Err(ApiError::InvalidState(format!(
            "the minutes are {current}; send them to review first"
        )));
    }
    if input.revision != head {
        return Err(ApiError::InvalidState(format!(
            "revision {} is not the newest; revision {head} is",
            input.revision
        )));
    }
    let text = revision(&state.db, &id, head)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("revision {head} of minutes {id} is missing")))?;
    let language_name: String = row.try_get("language")?;
    let language = Language::parse(&language_name)
        .ok_or_else(|| StoreError::Corrupt(format!("language {language_name:?}")))?;
    let base_symbol: String = row.try_get("symbol")?;
    let last = sqlx::query("SELECT MAX(version) AS v FROM minutes_versions WHERE minutes_id = $1")
        .bind(&id)
        .fetch_one(&state.db)
        .await?
        .try_get::<Option<i64>, _>("v")?
        .unwrap_or(0);
    let version = u32::try_from(last + 1).unwrap_or(u32::MAX);
    let symbol = version_symbol(&base_symbol, version);
    let title = if version == 1 {
        format!("Summary record: {}", meeting.title)
    } else {
        format!(
            "Summary record: {} (corrigendum {})",
            meeting.title,
            version - 1
        )
    };
    let published_at = Utc::now();

    // 1. Render and store every file under keys no other attempt uses.
    let rendered = {
        let (markdown, title, heading) = (
            text.content.clone(),
            title.clone(),
            format!("{symbol}: {title}"),
        );
        let fonts = state.fonts.clone();
        let _slot = state
            .render_slots
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(format!("rendering slots: {e}")))?;
        tokio::task::spawn_blocking(move || {
            let html = crate::render::html(&markdown, &heading, language);
            crate::render::pdf(&fonts, &markdown, &heading, language)
                .map(|pdf| (markdown, html, pdf, title))
        })
        .await
        .map_err(|e| ApiError::Internal(format!("rendering stopped: {e}")))?
        .map_err(|e| ApiError::Internal(e.to_string()))?
    };
    let (markdown, html, pdf, _) = rendered;
    let attempt = db::new_id().to_string();
    let mut stored: Vec<(MinutesFileKind, String, Stored)> = Vec::new();
    let put = |kind: MinutesFileKind, bytes: Vec<u8>| {
        let key = keys::minutes(&id, version, &attempt, kind.file_name());
        let objects = state.objects.clone();
        async move {
            let s = objects.put_bytes(&key, bytes).await?;
            Ok::<_, ObjectsError>((kind, key, s))
        }
    };
    let result = async {
        stored.push(put(MinutesFileKind::Markdown, markdown.into_bytes()).await?);
        stored.push(put(MinutesFileKind::Html, html.into_bytes()).await?);
        stored.push(put(MinutesFileKind::Pdf, pdf).await?);
        let manifest = MinutesManifest {
            symbol: symbol.clone(),
            version,
            meeting_id,
            language,
            revision: head,
            publisher_id: caller.user.id,
            publisher_name: caller.user.name.clone(),
            published_at,
            files: stored
                .iter()
                .map(|(kind, _, s)| ManifestEntry {
                    name: kind.file_name().into(),
                    size: s.size,
                    sha256: s.sha256.clone(),
                })
                .collect(),
        };
        let bytes = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| ObjectsError::Source(e.to_string()))?;
        stored.push(put(MinutesFileKind::Manifest, bytes).await?);
        Ok::<_, ObjectsError>(())
    }
    .await;
    if let Err(e) = result {
        remove(&state, &stored).await;
        return Err(ApiError::StorageUnavailable(e.to_string()));
    }
    crate::failpoint("publish-stored");

    // 2. One transaction makes it all visible, or none of it.
    let committed = record_publication(
        &state,
        &caller,
        &meeting,
        Publication {
            minutes: &id,
            version,
            revision: head,
            symbol: &symbol,
            title: &title,
            language,
            key: &key,
            at: published_at,
            files: &stored,
        },
    )
    .await;
    match committed {
        Ok(true) => {}
        Ok(false) | Err(ApiError::AlreadyExists(_)) => {
            // Another publisher got there first: answer with its version.
            remove(&state, &stored).await;
            return match already_published(&state.db, &id, &key, input.revision).await? {
                Some(done) => Ok((StatusCode::OK, Json(done))),
                None => Err(ApiError::InvalidState(
                    "the minutes changed while publishing; reload and try again".into(),
                )),
            };
        }
        Err(e) => {
            remove(&state, &stored).await;
            return Err(e);
        }
    }
    state.search.poke();
    tracing::info!(minutes_id = %id, version, by = %caller.user.id, "published {symbol}");
    let published = versions(&state.db, &id)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| ApiError::Internal("the published version vanished".into()))?;
    Ok((StatusCode::CREATED, Json(published)))
}

/// Removes objects no SQL row will name (best effort: an orphan is harmless).
async fn remove(state: &AppState, stored: &[(MinutesFileKind, String, Stored)]) {
    for (_, key, _) in stored {
        if let Err(e) = state.objects.delete(key).await {
            tracing::warn!(key, error = %e, "could not remove unpublished object {key}: {e}");
        }
    }
}

#[derive(Debug)]
struct Publication<'a> {
    minutes: &'a str,
    version: u32,
    revision: u64,
    symbol: &'a str,
    title: &'a str,
    language: Language,
    key: &'a str,
    at: DateTime<Utc>,
    files: &'a [(MinutesFileKind, String, Stored)],
}

/// Records a stored version, issues its document and marks the minutes
/// published, in one transaction. `Ok(false)`: someone else published first.
async fn record_publication(
    state: &AppState,
    caller: &Caller,
    meeting: &Meeting,
    p: Publication<'_>,
) -> ApiResult<bool> {
    let unique = |e: sqlx::Error| {
        let e = StoreError::from(e);
        if e.is_unique_violation() {
            ApiError::AlreadyExists("published meanwhile".into())
        } else {
            e.into()
        }
    };
    let mut tx = state.db.begin().await?;
    // First, so a concurrent publisher waits here (PostgreSQL row lock) and then finds 0 rows.
    let moved = sqlx::query(
        "UPDATE minutes SET state = 'published', updated_at = $1 \
         WHERE id = $2 AND state = 'in_review' AND head_revision = $3",
    )
    .bind(p.at.timestamp())
    .bind(p.minutes)
    .bind(to_i64(p.revision))
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    let document = DocumentId(db::new_id());
    let distribution = match meeting.access {
        Access::Public => Distribution::General,
        Access::Closed => Distribution::Restricted,
    };
    // Closed meetings' minutes are for the delegations they invited.
    let restricted_to: &[plenary_protocol::DelegationId] = match meeting.access {
        Access::Public => &[],
        Access::Closed => &meeting.invited_delegations,
    };
    crate::documents::issue(
        &mut tx,
        &crate::documents::NewDocument {
            id: document,
            symbol: p.symbol,
            title: p.title,
            body: Some(meeting.body_id),
            meeting: Some(meeting.id),
            agenda_position: None,
            distribution,
            restricted_to,
            by: caller.user.id,
            at: p.at.timestamp(),
        },
    )
    .await
    .map_err(|e| {
        if e.is_unique_violation() {
            ApiError::AlreadyExists("published meanwhile".into())
        } else {
            e.into()
        }
    })?;
    sqlx::query(
        "INSERT INTO minutes_versions (minutes_id, version, revision, symbol, document_id, idempotency_key, published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(p.minutes)
    .bind(i64::from(p.version))
    .bind(to_i64(p.revision))
    .bind(p.symbol)
    .bind(document.to_string())
    .bind(p.key)
    .bind(caller.user.id.to_string())
    .bind(p.at.timestamp())
    .execute(&mut *tx)
    .await
    .map_err(unique)?;
    for (kind, key, stored) in p.files {
        sqlx::query(
            "INSERT INTO minutes_files (minutes_id, version, kind, object_key, size, sha256) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(p.minutes)
        .bind(i64::from(p.version))
        .bind(kind.as_str())
        .bind(key)
        .bind(to_i64(stored.size))
        .bind(&stored.sha256)
        .execute(&mut *tx)
        .await?;
        if *kind == MinutesFileKind::Pdf {
            // The PDF is the document's language version, beside the meeting's other documents.
            crate::documents::add_file(
                &mut tx,
                &crate::documents::NewFile {
                    id: db::new_id(),
                    document,
                    language: p.language,
                    key,
                    stored,
                    content_type: "application/pdf",
                    filename: &format!("{}.pdf", p.symbol.replace('/', "_")),
                    by: caller.user.id,
                    at: p.at.timestamp(),
                },
            )
            .await?;
        }
    }
    tx.commit().await.map_err(unique)?;
    Ok(true)
}

/// One file of a published version: HTML and PDF inline, the others as files.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes/versions/{version}/{kind}", tag = "minutes",
    params(("id" = MeetingId, Path), ("version" = u32, Path), ("kind" = MinutesFileKind, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn get_version_file(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((meeting_id, version, kind)): Path<(MeetingId, u32, String)>,
) -> ApiResult<Response> {
    let kind = MinutesFileKind::parse(&kind).ok_or(ApiError::NotFound)?;
    let row = sqlx::query(
        "SELECT f.object_key, f.size, f.sha256, v.symbol, v.document_id FROM minutes_files f \
         JOIN minutes m ON m.id = f.minutes_id \
         JOIN minutes_versions v ON v.minutes_id = f.minutes_id AND v.version = f.version \
         WHERE m.meeting_id = $1 AND f.version = $2 AND f.kind = $3",
    )
    .bind(meeting_id.to_string())
    .bind(i64::from(version))
    .bind(kind.as_str())
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)?;
    // One rule: the version's document decides, as it does for its PDF
    // under /documents (see `keep_readable`).
    let document = DocumentId(db::uuid_col(&row, "document_id")?);
    if !crate::documents::may_read(&state.db, &viewer, document).await? {
        return Err(ApiError::NotFound);
    }
    let key: String = row.try_get("object_key")?;
    let symbol: String = row.try_get("symbol")?;
    let sha256: String = row.try_get("sha256")?;
    let size = int(&row, "size")?;
    let stream = state.objects.read(&key, None).await.map_err(|e| match e {
        ObjectsError::NotFound(_) => {
            ApiError::Internal(format!("object {key} recorded in SQL is missing"))
        }
        other => ApiError::StorageUnavailable(other.to_string()),
    })?;
    let mut response = Response::new(Body::from_stream(stream));
    let inline = matches!(kind, MinutesFileKind::Html | MinutesFileKind::Pdf);
    let name = format!(
        "{}_{}",
        symbol.replace('/', "_"),
        kind.file_name().replace("minutes", "")
    )
    .replace("_.", ".");
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, kind.content_type().to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!(
                "{}; filename=\"{name}\"",
                if inline { "inline" } else { "attachment" }
            ),
        ),
        (header::CONTENT_LENGTH, size.to_string()),
        (header::ETAG, format!("\"{sha256}\"")),
        // Sanitised already; no script or remote content runs even if something slipped through.
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox".to_string(),
        ),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    Ok(response)
}

// ---- Drafting from the record ----

/// One line of the meeting record, as drafting reads it.
#[derive(Debug, Clone)]
pub struct RecordEntry {
    pub at_ms: u64,
    pub delegation: Option<String>,
    pub event: Event,
}

async fn draft_from_record(db: &Db, meeting: &Meeting) -> ApiResult<String> {
    let rows = sqlx::query(
        "SELECT at_ms, delegation_id, event FROM meeting_record WHERE meeting_id = $1 \
         ORDER BY version, position LIMIT 100000",
    )
    .bind(meeting.id.to_string())
    .fetch_all(db)
    .await?;
    let mut record = Vec::with_capacity(rows.len());
    for r in rows {
        let event: String = r.try_get("event")?;
        // Lines written by a newer version of Plenary may not parse: skip them.
        let Ok(event) = serde_json::from_str::<Event>(&event) else {
            continue;
        };
        record.push(RecordEntry {
            at_ms: int(&r, "at_ms")?,
            delegation: r.try_get("delegation_id")?,
            event,
        });
    }
    let mut delegations = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM delegations")
        .fetch_all(db)
        .await?
    {
        delegations.insert(r.try_get::<String, _>("id")?, r.try_get("name")?);
    }
    let body: String = sqlx::query("SELECT name FROM bodies WHERE id = $1")
        .bind(meeting.body_id.to_string())
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("name"))
        .transpose()?
        .unwrap_or_default();
    Ok(skeleton(meeting, &body, &record, &delegations))
}

fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, (s % 3600) / 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// Markdown escaping for names and titles typed by users.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]<>()#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The skeleton of the minutes: attendance, the agenda items taken up, each
/// speaker in the order they had the floor with start time and duration
/// (and overruns), and the chair's actions, times in the meeting's zone.
pub fn skeleton(
    meeting: &Meeting,
    body: &str,
    record: &[RecordEntry],
    delegations: &HashMap<String, String>,
) -> String {
    let zone: chrono_tz::Tz = meeting.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let clock = |ms: u64| {
        DateTime::<Utc>::from_timestamp_millis(i64::try_from(ms).unwrap_or(0))
            .map(|t| t.with_timezone(&zone).format("%H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut chairs = BTreeSet::new();
    let mut present = BTreeSet::new();
    let mut out = format!("# {}\n\n", md(&meeting.title));
    out.push_str(&format!(
        "{}, {} {}–{} ({})\n\n",
        md(body),
        meeting.starts_local.format("%Y-%m-%d"),
        meeting.starts_local.format("%H:%M"),
        meeting.ends_local.format("%H:%M"),
        meeting.time_zone
    ));
    // Lines of the proceedings; a blank line separates lines of different kinds.
    let mut proceedings: Vec<(Part, String)> = Vec::new();
    let mut speaker_number = 0;
    let mut floor: Option<(u64, u64, SpeakerKind)> = None;
    let mut was_suspended = false;
    let mut decisions: Vec<String> = Vec::new();
    for entry in record {
        let time = clock(entry.at_ms);
        let who = |names: &HashMap<u64, String>, p: u64| {
            names
                .get(&p)
                .cloned()
                .unwrap_or_else(|| format!("participant {p}"))
        };
        match &entry.event {
            Event::Joined { participant } => {
                let delegation = entry
                    .delegation
                    .as_ref()
                    .and_then(|d| delegations.get(d))
                    .cloned();
                if participant.role == MeetingRole::Chair {
                    chairs.insert(participant.name.clone());
                }
                if let Some(d) = &delegation {
                    present.insert(d.clone());
                }
                names.insert(
                    participant.id.0,
                    delegation.unwrap_or_else(|| participant.name.clone()),
                );
            }
            Event::StatusChanged { status } => {
                let what = match status {
                    MeetingStatus::InProgress if was_suspended => "resumed",
                    MeetingStatus::InProgress => "called to order",
                    MeetingStatus::Suspended => "suspended",
                    MeetingStatus::Adjourned => "adjourned",
                    _ => continue,
                };
                was_suspended = *status == MeetingStatus::Suspended;
                proceedings.push((Part::Note, format!("- {time}: The meeting was {what}.")));
            }
            Event::ItemTakenUp { position } => {
                let item = agenda_item(meeting, *position);
                let number = item
                    .and_then(|i| i.number.clone())
                    .unwrap_or_else(|| position.to_string());
                let title = item.map(|i| md(&i.title)).unwrap_or_default();
                proceedings.push((
                    Part::Heading,
                    format!("### Agenda item {}: {title}", md(&number)),
                ));
                speaker_number = 0;
            }
            Event::FloorGiven { floor: f } => {
                floor = Some((f.participant.0, entry.at_ms, f.kind));
            }
            Event::FloorEnded {
                participant,
                spoke_ms,
                overrun_ms,
            } => {
                let (start, kind) = match floor.take() {
                    Some((p, start, kind)) if p == participant.0 => (start, kind),
                    _ => (
                        entry.at_ms.saturating_sub(*spoke_ms),
                        SpeakerKind::Statement,
                    ),
                };
                speaker_number += 1;
                let kind = match kind {
                    SpeakerKind::Statement => "",
                    SpeakerKind::PointOfOrder => ", on a point of order",
                    SpeakerKind::RightOfReply => ", in exercise of the right of reply",
                };
                let overrun = if *overrun_ms > 0 {
                    format!("; {} over the time limit", duration(*overrun_ms))
                } else {
                    String::new()
                };
                proceedings.push((
                    Part::Speaker,
                    format!(
                        "{speaker_number}. **{}**{kind} ({}, {}{overrun})",
                        md(&who(&names, participant.0)),
                        clock(start),
                        duration(*spoke_ms),
                    ),
                ));
            }
            Event::SpeakingLimitChanged { limit_ms } => {
                let limit = limit_ms.map_or("no limit".to_string(), duration);
                proceedings.push((
                    Part::Note,
                    format!("- {time}: The Chair set the speaking time to {limit}."),
                ));
            }
            Event::Removed { participant } => proceedings.push((
                Part::Note,
                format!(
                    "- {time}: The Chair removed {} from the meeting.",
                    md(&who(&names, participant.0))
                ),
            )),
            Event::DecisionRecorded { decision } => {
                let line = decision_line(decision);
                proceedings.push((Part::Note, format!("- {time}: {line}")));
                let item = decision
                    .item
                    .and_then(|p| agenda_item(meeting, p))
                    .map(|i| format!(" (item {})", md(i.number.as_deref().unwrap_or(&i.title))))
                    .unwrap_or_default();
                decisions.push(format!("- {line}{item}"));
            }
            Event::LockChanged { locked } => proceedings.push((
                Part::Note,
                format!(
                    "- {time}: The Chair {} the meeting.",
                    if *locked { "locked" } else { "unlocked" }
                ),
            )),
            _ => {}
        }
    }
    if let Some((p, start, _)) = floor {
        proceedings.push((
            Part::Note,
            format!(
                "- **{}** had the floor from {}; the end was not recorded.",
                md(&names.get(&p).cloned().unwrap_or_default()),
                clock(start)
            ),
        ));
    }
    out.push_str("## Attendance\n\n");
    if !chairs.is_empty() {
        let chairs: Vec<String> = chairs.iter().map(|c| md(c)).collect();
        out.push_str(&format!("Chair: {}\n\n", chairs.join(", ")));
    }
    if present.is_empty() {
        out.push_str("No delegation was recorded as present.\n\n");
    } else {
        let present: Vec<String> = present.iter().map(|d| md(d)).collect();
        out.push_str(&format!(
            "Delegations present ({}): {}.\n\n",
            present.len(),
            present.join(", ")
        ));
    }
    if !meeting.agenda.is_empty() {
        out.push_str("## Agenda\n\n");
        for (i, item) in meeting.agenda.iter().enumerate() {
            let number = item.number.clone().unwrap_or_else(|| (i + 1).to_string());
            out.push_str(&format!("- {}: {}\n", md(&number), md(&item.title)));
        }
        out.push('\n');
    }
    out.push_str("## Proceedings\n\n");
    if proceedings.is_empty() {
        out.push_str("Nothing was recorded.\n");
    }
    let mut last = None;
    for (part, line) in &proceedings {
        if last.is_some() {
            let same_list = last == Some(*part) && *part != Part::Heading;
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        out.push_str(line);
        last = Some(*part);
    }
    if last.is_some() {
        out.push('\n');
    }
    if !decisions.is_empty() {
        out.push_str("\n## Decisions\n\n");
        out.push_str(&decisions.join("\n"));
        out.push('\n');
    }
    out
}

/// The agenda item at `position` (from 1).
fn agenda_item(meeting: &Meeting, position: u32) -> Option<&AgendaItem> {
    let index = usize::try_from(position).ok()?.checked_sub(1)?;
    meeting.agenda.get(index)
}

/// A decision as the minutes state it, with the counts of a recorded vote.
fn decision_line(decision: &plenary_protocol::signal::Decision) -> String {
    let mut line = md(&decision.text.replace('\n', " "));
    if let Some(v) = decision.votes {
        line.push_str(&format!(
            " (recorded vote: {} in favour, {} against, {} abstaining)",
            v.in_favour, v.against, v.abstaining
        ));
    }
    line
}

/// The kinds of line in the proceedings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Heading,
    Note,
    Speaker,
}

#[cfg(test)]
mod tests {
    use super::*;
    use plenary_protocol::signal::{Floor, Participant, ParticipantId};
    use plenary_protocol::DelegationId;

    fn meeting() -> Meeting {
        let start = chrono::NaiveDate::from_ymd_opt(2030, 10, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("date");
        Meeting {
            id: MeetingId(uuid::Uuid::nil()),
            title: "12th meeting".into(),
            body_id: plenary_protocol::BodyId(uuid::Uuid::nil()),
            room_id: None,
            starts_at: start.and_utc(),
            ends_at: start.and_utc(),
            time_zone: "Europe/Zurich".into(),
            starts_local: start,
            ends_local: start,
            status: MeetingStatus::Adjourned,
            access: Access::Public,
            invited_delegations: vec![],
            agenda: vec![
                AgendaItem {
                    number: Some("17".into()),
                    title: "Macroeconomic *policy*".into(),
                },
                AgendaItem {
                    number: None,
                    title: "Other matters".into(),
                },
            ],
            chair_id: None,
            sequence: 0,
            updated_at: start.and_utc(),
        }
    }

    fn joined(id: u64, name: &str, role: MeetingRole, delegation: Option<&str>) -> RecordEntry {
        RecordEntry {
            at_ms: 0,
            delegation: delegation.map(str::to_string),
            event: Event::Joined {
                participant: Participant {
                    id: ParticipantId(id),
                    user: UserId(uuid::Uuid::nil()),
                    name: name.into(),
                    role,
                    delegation: delegation.map(|_| DelegationId(uuid::Uuid::nil())),
                    in_lobby: false,
                    muted_by_chair: false,
                    connected: true,
                },
            },
        }
    }

    fn at(ms: u64, event: Event) -> RecordEntry {
        RecordEntry {
            at_ms: ms,
            delegation: None,
            event,
        }
    }

    fn floor(p: u64, kind: SpeakerKind, ms: u64) -> RecordEntry {
        at(
            ms,
            Event::FloorGiven {
                floor: Floor {
                    participant: ParticipantId(p),
                    kind,
                    started_at: ms,
                    limit_ms: Some(60_000),
                    warned: false,
                    expired: false,
                },
            },
        )
    }

    fn ended(p: u64, ms: u64, spoke_ms: u64, overrun_ms: u64) -> RecordEntry {
        at(
            ms,
            Event::FloorEnded {
                participant: ParticipantId(p),
                spoke_ms,
                overrun_ms,
            },
        )
    }

    #[test]
    fn the_skeleton_lists_attendance_items_and_speakers_in_order() {
        // 2030-10-01 08:00 UTC is 10:00 in Zurich.
        let t0 = 1_917_158_400_000;
        let record = vec![
            joined(1, "Ms. Chair", MeetingRole::Chair, None),
            joined(2, "Delegate A", MeetingRole::Delegate, Some("fra")),
            joined(3, "Delegate B", MeetingRole::Delegate, Some("ken")),
            joined(4, "Guest_*", MeetingRole::Delegate, None),
            at(
                t0,
                Event::StatusChanged {
                    status: MeetingStatus::InProgress,
                },
            ),
            at(t0 + 1_000, Event::ItemTakenUp { position: 1 }),
            floor(2, SpeakerKind::Statement, t0 + 2_000),
            ended(2, t0 + 152_000, 150_000, 0),
            floor(3, SpeakerKind::PointOfOrder, t0 + 153_000),
            ended(3, t0 + 228_000, 75_000, 15_000),
            at(
                t0 + 229_000,
                Event::StatusChanged {
                    status: MeetingStatus::Suspended,
                },
            ),
            at(
                t0 + 300_000,
                Event::StatusChanged {
                    status: MeetingStatus::InProgress,
                },
            ),
            at(t0 + 301_000, Event::ItemTakenUp { position: 2 }),
            at(
                t0 + 302_000,
                Event::Removed {
                    participant: ParticipantId(4),
                },
            ),
            floor(9, SpeakerKind::RightOfReply, t0 + 303_000),
            ended(9, t0 + 3_903_000, 3_600_000, 0),
            floor(2, SpeakerKind::Statement, t0 + 3_904_000),
        ];
        let delegations = HashMap::from([
            ("fra".to_string(), "France".to_string()),
            ("ken".to_string(), "Kenya".to_string()),
        ]);
        let text = skeleton(&meeting(), "Second Committee", &record, &delegations);
        let want = "\
# 12th meeting

Second Committee, 2030-10-01 10:00–10:00 (Europe/Zurich)

## Attendance

Chair: Ms\\. Chair

Delegations present (2): France, Kenya.

## Agenda

- 17: Macroeconomic \\*policy\\*
- 2: Other matters

## Proceedings

- 10:00:00: The meeting was called to order.

### Agenda item 17: Macroeconomic \\*policy\\*

1. **France** (10:00:02, 2 min 30 s)
2. **Kenya**, on a point of order (10:02:33, 1 min 15 s; 15 s over the time limit)

- 10:03:49: The meeting was suspended.
- 10:05:00: The meeting was resumed.

### Agenda item 2: Other matters

- 10:05:02: The Chair removed Guest\\_\\* from the meeting.

1. **participant 9**, in exercise of the right of reply (10:05:03, 1 h 0 min)

- **France** had the floor from 11:05:04; the end was not recorded.
";
        assert_eq!(text, want);
    }
}
