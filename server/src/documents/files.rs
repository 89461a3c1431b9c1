//! A document's files: uploading a language version (its type checked from
//! its bytes, its text queued for search) and serving it, ranges included.

use super::*;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadParams {
    /// The file name offered when downloading, e.g. `A_57_L.12_E.pdf`.
    pub filename: String,
}

/// Content type from the first bytes; the uploader's claim is not trusted.
pub fn detect_content_type(head: &[u8]) -> &'static str {
    let text = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with(b"%PDF-") {
        "application/pdf"
    } else if head.starts_with(b"PK\x03\x04") {
        "application/zip"
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if head.starts_with(b"\xff\xd8\xff") {
        "image/jpeg"
    } else if trimmed.starts_with("<svg")
        || (trimmed.starts_with("<?xml") && trimmed.contains("<svg"))
    {
        "image/svg+xml"
    } else if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || trimmed.contains("<script")
    {
        "text/html"
    } else if std::str::from_utf8(head).is_ok()
        || std::str::from_utf8(&head[..head.len().saturating_sub(3)]).is_ok()
    {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

/// Issues (or re-issues) one language version by streaming the request body
/// into a new object.
#[utoipa::path(put, path = "/api/v1/documents/{id}/files/{language}", tag = "documents",
    params(("id" = DocumentId, Path), ("language" = Language, Path), UploadParams),
    request_body(content = crate::download::FileBytes, content_type = "application/octet-stream"),
    responses((status = 201, body = Document), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem), (status = 503, body = Problem)))]
pub async fn put_file(
    State(state): State<AppState>,
    caller: Caller,
    crate::auth::ClientIp(from): crate::auth::ClientIp,
    Path((id, language)): Path<(DocumentId, String)>,
    Query(params): Query<UploadParams>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<Document>)> {
    caller.require(Role::ISSUERS)?;
    let viewer = Viewer(Some(caller.clone()));
    // Issuers read every document: only existence and the withdrawn flag matter here.
    let row = sqlx::query("SELECT symbol, withdrawn FROM documents WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let symbol: String = row.try_get("symbol")?;
    let withdrawn = row.try_get::<i64, _>("withdrawn")? != 0;
    let mut errors = Errors::default();
    let Some(language) = Language::parse(&language) else {
        return Err(ApiError::NotFound);
    };
    check_filename(&params.filename, &mut errors);
    errors.into_result()?;
    if withdrawn {
        return Err(ApiError::InvalidState(Refusal::Withdrawn));
    }

    let file_id = db::new_id();
    let key = object_key(id, language, file_id);
    let (stored, content_type) = store_body(&state, &key, body, &headers).await?;
    let event = audit::Event::by(AuditAction::DocumentIssued, &caller, from)
        .on("document", id)
        .with(serde_json::json!({
            "symbol": symbol,
            "language": language.as_str(),
            "sha256": stored.sha256,
            "size": stored.size,
        }));
    let recorded = record_file(
        &state,
        &caller,
        &event,
        id,
        language,
        file_id,
        &key,
        &stored,
        content_type,
        params.filename.trim(),
    )
    .await;
    if let Err(e) = recorded {
        // SQL is the source of truth: an object it does not know is removed.
        if let Err(cleanup) = state.objects.delete(&key).await {
            tracing::warn!(key, error = %cleanup, "could not remove unrecorded object {key}: {cleanup}");
        }
        return Err(e.into());
    }
    // Indexed within a fraction of a second, off the request's path.
    state.search.poke();
    tracing::info!(document_id = %id, language = language.as_str(), size = stored.size, "issued {symbol} ({})", language.as_str());
    Ok((
        StatusCode::CREATED,
        Json(visible_document(&state.db, &viewer, id).await?),
    ))
}

/// A file name offered for download: plain text, no path, no quote.
pub(crate) fn check_filename(filename: &str, errors: &mut Errors) {
    errors.check("filename", validate::text(filename, 200));
    if filename.contains(['/', '\\', '"']) {
        errors.add("filename", Broken::Filename);
    }
}

/// Streams a request's body into a new object at `key` (within the upload
/// limit), checking the digest the client declared (`X-Content-SHA256`): the
/// stored size and hash, and the content type its first bytes show. Bytes
/// refused after storing are removed.
pub(crate) async fn store_body(
    state: &AppState,
    key: &str,
    body: Body,
    headers: &HeaderMap,
) -> ApiResult<(crate::objects::Stored, &'static str)> {
    // Keep the first bytes to detect the type while the rest streams through.
    let head = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let sniff = head.clone();
    let stream = body.into_data_stream().map(move |chunk| {
        if let Ok(bytes) = &chunk {
            let mut h = sniff.lock().unwrap_or_else(|p| p.into_inner());
            if h.len() < 512 {
                let take = (512 - h.len()).min(bytes.len());
                h.extend_from_slice(&bytes[..take]);
            }
        }
        chunk
    });
    let stored = state
        .objects
        .put_stream(key, Box::pin(stream), state.config.max_upload_bytes)
        .await
        .map_err(|e| match e {
            ObjectsError::TooLarge { .. } => ApiError::PayloadTooLarge,
            ObjectsError::Source(why) => ApiError::UploadIncomplete(why),
            ObjectsError::Empty => ApiError::invalid("body", Broken::EmptyFile),
            other => ApiError::StorageUnavailable(other.to_string()),
        })?;
    // The bytes are stored; refuse them (and remove the object) if they are not what was meant.
    let declared = headers
        .get("x-content-sha256")
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    if declared.as_ref().is_some_and(|d| *d != stored.sha256) {
        if let Err(e) = state.objects.delete(key).await {
            tracing::warn!(key, error = %e, "could not remove refused object {key}: {e}");
        }
        return Err(ApiError::invalid(
            "x-content-sha256",
            Broken::Digest {
                sha256: stored.sha256,
            },
        ));
    }
    let content_type = detect_content_type(&head.lock().unwrap_or_else(|p| p.into_inner()));
    Ok((stored, content_type))
}

/// Records a stored file, queues the document for the search index and
/// audits the issue, in one transaction.
#[allow(clippy::too_many_arguments)]
async fn record_file(
    state: &AppState,
    caller: &Caller,
    event: &audit::Event,
    document: DocumentId,
    language: Language,
    file_id: uuid::Uuid,
    key: &str,
    stored: &crate::objects::Stored,
    content_type: &str,
    filename: &str,
) -> Result<(), StoreError> {
    let mut tx = state.db.begin().await?;
    add_file(
        &mut tx,
        &NewFile {
            id: file_id,
            document,
            language,
            key,
            stored,
            content_type,
            filename,
            by: caller.user.id,
            at: db::now(),
        },
    )
    .await?;
    audit::write(&mut *tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Downloads a language version: the asked language, or the first issued one
/// in `Language::fallback_order`; `Content-Language` says which was sent.
#[utoipa::path(get, path = "/api/v1/documents/{id}/files/{language}", tag = "documents",
    params(("id" = DocumentId, Path), ("language" = Language, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = crate::download::FileBytes), (status = 206), (status = 404, body = Problem), (status = 416, body = Problem)))]
pub async fn get_file(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::auth::ClientIp(from): crate::auth::ClientIp,
    Path((id, language)): Path<(DocumentId, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let Some(asked) = Language::parse(&language) else {
        return Err(ApiError::NotFound);
    };
    // One query and one row on the download path: the current (newest)
    // version in the first language of the fallback order that has one, if
    // the viewer may read the document.
    let (cond, bind) = visibility(&viewer, 2);
    let order = Language::fallback_order(asked);
    let first = if bind.is_some() { 3 } else { 2 };
    let rank: String = (0..order.len())
        .map(|i| format!(" WHEN ${} THEN {i}", first + i))
        .collect();
    let sql = format!(
        "SELECT f.*, (SELECT distribution FROM documents WHERE id = f.document_id) AS distribution \
         FROM document_files f WHERE document_id = \
         (SELECT id FROM documents WHERE id = $1 AND {cond}) \
         ORDER BY CASE language{rank} END, uploaded_at DESC, id DESC LIMIT 1"
    );
    let mut q = sqlx::query(&sql).bind(id.to_string());
    if let Some(b) = bind {
        q = q.bind(b);
    }
    for language in &order {
        q = q.bind(language.as_str());
    }
    let row = q
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    serve(&state, &viewer, from, id, &row, &headers, false).await
}

/// Downloads one file of a language version by its id, the current one or
/// an earlier one (a document's `history`): the same reading rules, and
/// cached for good, since these bytes never change.
#[utoipa::path(get, path = "/api/v1/documents/{id}/files/{language}/{file}", tag = "documents",
    params(("id" = DocumentId, Path), ("language" = Language, Path), ("file" = uuid::Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = crate::download::FileBytes), (status = 206), (status = 304),
              (status = 404, body = Problem), (status = 416, body = Problem)))]
pub async fn get_file_version(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::auth::ClientIp(from): crate::auth::ClientIp,
    Path((id, language, file)): Path<(DocumentId, String, uuid::Uuid)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let Some(language) = Language::parse(&language) else {
        return Err(ApiError::NotFound);
    };
    let (cond, bind) = visibility(&viewer, 4);
    let sql = format!(
        "SELECT f.*, (SELECT distribution FROM documents WHERE id = f.document_id) AS distribution \
         FROM document_files f WHERE f.id = $1 AND f.language = $2 AND f.document_id = \
         (SELECT id FROM documents WHERE id = $3 AND {cond})"
    );
    let mut q = sqlx::query(&sql)
        .bind(file.to_string())
        .bind(language.as_str())
        .bind(id.to_string());
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let row = q
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    serve(&state, &viewer, from, id, &row, &headers, true).await
}

/// Sends a document's file (`row`, with its document's distribution) that
/// the viewer may read; `immutable`: the URL names this file for good.
async fn serve(
    state: &AppState,
    viewer: &Viewer,
    from: std::net::IpAddr,
    id: DocumentId,
    row: &sqlx::any::AnyRow,
    headers: &HeaderMap,
    immutable: bool,
) -> ApiResult<Response> {
    let (language, file, key) = file_from_row(row)?;
    // A restricted document's download is audited once, not once for each
    // range a reader's viewer asks for: only a read from its start.
    let distribution: String = row.try_get("distribution")?;
    let restricted = distribution == Distribution::Restricted.as_str();
    let from_start = headers
        .get(axum::http::header::RANGE)
        .and_then(|r| r.to_str().ok())
        .is_none_or(|r| r.trim().starts_with("bytes=0-"));
    // A reader who has the bytes already (304) downloads nothing.
    let fresh = !crate::download::not_modified(headers, &file.sha256);
    if restricted && from_start && fresh {
        let event = audit::Event::new(
            AuditAction::RestrictedDownload,
            viewer.0.as_ref().map(|c| c.user.id),
            Some(from),
        )
        .on("document", id)
        .with(serde_json::json!({
            "language": language.as_str(),
            "filename": file.filename,
            "sha256": file.sha256,
        }));
        audit::note(&state.db, event).await;
    }
    // Markup is never rendered from the hub's origin: HTML and SVG are only downloads.
    let inline = !matches!(file.content_type.as_str(), "text/html" | "image/svg+xml");
    let content_type = if inline {
        file.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    crate::download::send(
        &state.objects,
        &state.file_cache,
        headers,
        crate::download::Object {
            key: &key,
            size: file.size,
            sha256: &file.sha256,
            content_type,
            filename: &file.filename,
            inline,
            language: Some(language),
            caching: crate::download::Caching {
                shared: distribution == Distribution::General.as_str(),
                immutable,
            },
        },
    )
    .await
}
