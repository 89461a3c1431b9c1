//! Publishing: a version's files go to object storage under fresh keys, then
//! one SQL transaction records them, issues the official document and marks
//! the minutes published; and a published version's files are served.

use super::{int, revision, to_i64, versions, writable};
use crate::auth::{Caller, Viewer};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path};
use crate::objects::{keys, ObjectsError, Stored};
use crate::validate::Broken;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use plenary_protocol::api::*;
use plenary_protocol::{DocumentId, MeetingId, Problem};
use sqlx::Row;

fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::invalid("Idempotency-Key", Broken::IdempotencyKey));
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
        return Err(ApiError::invalid(
            "Idempotency-Key",
            Broken::IdempotencyKeyUsed {
                revision: to_i64(published_revision),
            },
        ));
    }
    let version = int(&row, "version")?;
    Ok(versions(db, minutes)
        .await?
        .into_iter()
        .find(|v| u64::from(v.version) == version))
}

/// The title of a meeting's summary record (version 1) or of its
/// corrigendum `version - 1`, in the minutes' own language.
fn record_title(language: Language, meeting: &str, version: u32) -> String {
    let corrigendum = version.saturating_sub(1);
    match (language, corrigendum) {
        (Language::En, 0) => format!("Summary record: {meeting}"),
        (Language::En, n) => format!("Summary record: {meeting} (corrigendum {n})"),
        (Language::Fr, 0) => format!("Compte rendu analytique : {meeting}"),
        (Language::Fr, n) => format!("Compte rendu analytique : {meeting} (rectificatif {n})"),
        (Language::Es, 0) => format!("Acta resumida: {meeting}"),
        (Language::Es, n) => format!("Acta resumida: {meeting} (corrección {n})"),
        (Language::Ru, 0) => format!("Краткий отчет: {meeting}"),
        (Language::Ru, n) => format!("Краткий отчет: {meeting} (исправление {n})"),
        (Language::Zh, 0) => format!("简要记录：{meeting}"),
        (Language::Zh, n) => format!("简要记录：{meeting}（更正{n}）"),
        (Language::Ar, 0) => format!("محضر موجز: {meeting}"),
        (Language::Ar, n) => format!("محضر موجز: {meeting} (تصويب {n})"),
    }
}

/// The distribution minutes are issued with: a public meeting's to all, a
/// closed meeting's restricted (to the delegations it invited).
fn distribution_of(access: Access) -> Distribution {
    match access {
        Access::Public => Distribution::General,
        Access::Closed => Distribution::Restricted,
    }
}

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
    crate::auth::ClientIp(from): crate::auth::ClientIp,
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
        let current = MinutesState::parse(&current)
            .ok_or_else(|| StoreError::Corrupt(format!("minutes state {current:?}")))?;
        return Err(ApiError::InvalidState(Refusal::NotInReview(current)));
    }
    if input.revision != head {
        return Err(ApiError::InvalidState(Refusal::NotNewest {
            revision: input.revision,
            head,
        }));
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
    let title = record_title(
        language,
        &plenary_protocol::api::title_in(&meeting.title, &meeting.titles, language),
        version,
    );
    let published_at = Utc::now();

    // 1. Render and store every file under keys no other attempt uses.
    let rendered = {
        let (markdown, title, heading, symbol) = (
            text.content.clone(),
            title.clone(),
            format!("{symbol}: {title}"),
            symbol.clone(),
        );
        let distribution = distribution_of(meeting.access);
        let fonts = state.fonts.clone();
        let _slot = state
            .render_slots
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(format!("rendering slots: {e}")))?;
        tokio::task::spawn_blocking(move || {
            let html = crate::render::html(&markdown, &heading, language);
            let sheet = crate::render::Sheet {
                symbol: &symbol,
                title: &title,
                distribution,
                language,
            };
            crate::render::pdf(&fonts, &sheet, &markdown).map(|pdf| (markdown, html, pdf, title))
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
            from,
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
                None => Err(ApiError::InvalidState(Refusal::ChangedWhilePublishing)),
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
    /// The publisher's address, for the audit log.
    from: std::net::IpAddr,
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
            ApiError::AlreadyExists(Refusal::PublishedMeanwhile)
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
    let distribution = distribution_of(meeting.access);
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
            titles: &Default::default(),
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
            ApiError::AlreadyExists(Refusal::PublishedMeanwhile)
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
    let event = crate::audit::Event::by(AuditAction::MinutesPublished, caller, p.from)
        .on("meeting", meeting.id)
        .with(serde_json::json!({
            "symbol": p.symbol,
            "version": p.version,
            "revision": p.revision,
            "document": document,
        }));
    crate::audit::write(&mut *tx, &event).await?;
    tx.commit().await.map_err(unique)?;
    Ok(true)
}

/// One file of a published version: HTML and PDF inline, the others as files.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes/versions/{version}/{kind}", tag = "minutes",
    params(("id" = MeetingId, Path), ("version" = u32, Path), ("kind" = MinutesFileKind, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = crate::download::FileBytes), (status = 404, body = Problem)))]
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
