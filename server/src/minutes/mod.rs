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
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path, Query};
use crate::scheduling::visible_meeting;
use crate::validate::{Broken, Errors, Invalid};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use plenary_protocol::api::*;
use plenary_protocol::symbol::Symbol;
use plenary_protocol::{DocumentId, MeetingId, MinutesId, Problem, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

mod publish;
mod skeleton;

pub use publish::*;
pub use skeleton::{skeleton, RecordEntry};

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
        Err(e) => errors.add("symbol", Broken::Symbol(e)),
        Ok(s) if !s.lineage.is_empty() => errors.add("symbol", Broken::SymbolWithLineage),
        Ok(_) => {}
    }
    errors.into_result()?;
    let taken = sqlx::query("SELECT 1 FROM documents WHERE symbol = $1")
        .bind(&input.symbol)
        .fetch_optional(&state.db)
        .await?;
    if taken.is_some() {
        return Err(ApiError::AlreadyExists(Refusal::SymbolTaken));
    }
    let content = if input.from_record {
        draft_from_record(&state.db, &meeting, input.language).await?
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
    crate::error::unique_or(inserted, Refusal::MinutesExist)?;
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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FromRecordParams {
    /// The minutes' language (`en` when absent).
    pub language: Option<Language>,
}

/// The skeleton drafted from the meeting's record, without saving it.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes/from-record", tag = "minutes", params(("id" = MeetingId, Path), FromRecordParams),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_from_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<MeetingId>,
    Query(params): Query<FromRecordParams>,
) -> ApiResult<Response> {
    caller.require(Role::ISSUERS)?;
    let meeting = visible_meeting(&state.db, &Viewer(Some(caller.clone())), meeting_id).await?;
    let language = params.language.unwrap_or(Language::En);
    let text = draft_from_record(&state.db, &meeting, language).await?;
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
                .map(|f| Invalid::new("markdown", f.broken))
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
            Broken::TooLong {
                max: MAX_CHARS,
                got: chars,
            },
        );
    }
    if content
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add("content", Broken::ControlCharactersInText);
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
        None => ApiError::InvalidState(Refusal::BaseUnknown),
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
    if head == 0 {
        return Err(ApiError::InvalidState(Refusal::NothingWritten));
    }
    if revision != head {
        return Err(ApiError::InvalidState(Refusal::NotNewest {
            revision,
            head,
        }));
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
        return Err(ApiError::InvalidState(Refusal::MovedMeanwhile {
            expected: from,
        }));
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

/// The skeleton drafted from the meeting's record (lines written by a newer
/// version of Plenary that this one cannot read are left out).
async fn draft_from_record(db: &Db, meeting: &Meeting, language: Language) -> ApiResult<String> {
    let record = crate::record::load(db, meeting.id)
        .await?
        .into_iter()
        .filter_map(|line| {
            Some(RecordEntry {
                version: line.version,
                at_ms: line.at_ms,
                delegation: line.delegation_id.map(|d| d.to_string()),
                actor: line.actor,
                event: serde_json::from_value(line.event).ok()?,
            })
        })
        .collect::<Vec<_>>();
    let delegations: HashMap<String, String> = crate::users::list_delegations(db)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    let body = crate::scheduling::body_name(db, meeting.body_id, language)
        .await?
        .unwrap_or_default();
    // Written in the minutes' language, titles included.
    let meeting = meeting.clone().in_language(language);
    Ok(skeleton(&meeting, &body, &record, &delegations, language))
}
