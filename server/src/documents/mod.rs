//! Official documents: metadata in SQL, files in the object store.
//!
//! A document has one symbol and up to six language versions. Each upload is
//! a new object under a new key, recorded in SQL only once the object is
//! stored whole (size and SHA-256 computed while streaming); nothing is ever
//! overwritten, so every earlier file stays readable. An upload that breaks
//! off leaves no row and no object.

use crate::audit;
use crate::auth::{Caller, Viewer};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path, Query};
use crate::objects::ObjectsError;
use crate::validate::{self, Broken, Errors, Thing};
use crate::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;
use plenary_protocol::api::*;
use plenary_protocol::symbol::Symbol;
use plenary_protocol::{BodyId, DelegationId, DocumentId, MeetingId, Problem};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// Delegations a restricted document may name.
const MAX_RESTRICTED_TO: usize = 400;

mod feed;
mod files;
mod lineage;
pub mod sponsors;

pub use feed::*;
pub use files::*;
pub use lineage::*;

/// The object key of one stored file.
fn object_key(document: DocumentId, language: Language, file: uuid::Uuid) -> String {
    format!("documents/{document}/{}/{file}", language.as_str())
}

fn file_from_row(r: &AnyRow) -> Result<(Language, DocumentFile, String), StoreError> {
    let language: String = r.try_get("language")?;
    let language = Language::parse(&language)
        .ok_or_else(|| StoreError::Corrupt(format!("language {language:?}")))?;
    let file = DocumentFile {
        id: db::uuid_col(r, "id")?,
        size: u64::try_from(r.try_get::<i64, _>("size")?).unwrap_or(0),
        sha256: r.try_get("sha256")?,
        content_type: r.try_get("content_type")?,
        filename: r.try_get("filename")?,
        uploaded_at: db::to_time(r.try_get("uploaded_at")?)?,
    };
    Ok((language, file, r.try_get("object_key")?))
}

/// The documents a selection names, each with its access list and files:
/// three queries however many documents there are. `selection` is the tail
/// of `SELECT * FROM documents WHERE …` (conditions, order, limit) and
/// `binds` its parameters, `$1` onwards.
async fn load_where(
    db: &Db,
    selection: &str,
    binds: &[String],
) -> Result<Vec<Document>, StoreError> {
    let query = |sql: String| async move {
        binds
            .iter()
            .fold(sqlx::query(&sql), |q, b| q.bind(b.clone()))
            .fetch_all(db)
            .await
    };
    let rows = query(format!("SELECT * FROM documents WHERE {selection}")).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids = format!("SELECT id FROM documents WHERE {selection}");
    let access = query(format!(
        "SELECT document_id, delegation_id FROM document_access \
         WHERE document_id IN ({ids}) ORDER BY delegation_id"
    ))
    .await?;
    let files = query(format!(
        "SELECT * FROM document_files WHERE document_id IN ({ids}) \
         ORDER BY uploaded_at DESC, id DESC"
    ))
    .await?;
    let mut access_of: HashMap<String, Vec<DelegationId>> = HashMap::new();
    for r in &access {
        access_of
            .entry(r.try_get("document_id")?)
            .or_default()
            .push(DelegationId(db::uuid_col(r, "delegation_id")?));
    }
    let mut files_of: HashMap<String, Vec<(Language, DocumentFile)>> = HashMap::new();
    for r in &files {
        let (language, file, _) = file_from_row(r)?;
        files_of
            .entry(r.try_get("document_id")?)
            .or_default()
            .push((language, file));
    }
    rows.iter()
        .map(|row| {
            let key: String = row.try_get("id")?;
            assemble(
                row,
                access_of.remove(&key).unwrap_or_default(),
                files_of.remove(&key).unwrap_or_default(),
            )
        })
        .collect()
}

/// One document from its row, access list and files (newest first).
fn assemble(
    row: &AnyRow,
    restricted_to: Vec<DelegationId>,
    files: Vec<(Language, DocumentFile)>,
) -> Result<Document, StoreError> {
    let id = DocumentId(db::uuid_col(row, "id")?);
    let distribution: String = row.try_get("distribution")?;
    let versions = Language::ALL
        .into_iter()
        .map(|language| {
            let mut history: Vec<DocumentFile> = files
                .iter()
                .filter(|(l, _)| *l == language)
                .map(|(_, f)| f.clone())
                .collect();
            let current = (!history.is_empty()).then(|| history.remove(0));
            let status = if current.is_some() {
                "issued"
            } else {
                "awaiting_translation"
            };
            LanguageVersion {
                language,
                status: status.into(),
                current,
                history,
            }
        })
        .collect();
    Ok(Document {
        id,
        symbol: row.try_get("symbol")?,
        title: row.try_get("title")?,
        titles: db::titles_col(row, "titles")?,
        body_id: db::opt_uuid_col(row, "body_id")?.map(BodyId),
        meeting_id: db::opt_uuid_col(row, "meeting_id")?.map(MeetingId),
        agenda_position: row
            .try_get::<Option<i64>, _>("agenda_position")?
            .and_then(|p| u32::try_from(p).ok()),
        distribution: Distribution::parse(&distribution)
            .ok_or_else(|| StoreError::Corrupt(format!("distribution {distribution:?}")))?,
        restricted_to,
        withdrawn: row.try_get::<i64, _>("withdrawn")? != 0,
        versions,
        created_at: db::to_time(row.try_get("created_at")?)?,
    })
}

/// SQL condition (and its bind) limiting documents to what the viewer may read.
fn visibility(viewer: &Viewer, param: usize) -> (String, Option<String>) {
    if viewer.is_staff() {
        ("1 = 1".into(), None)
    } else if let Some(delegation) = viewer.delegation() {
        (
            format!(
                "(distribution IN ('general', 'limited') OR id IN \
                 (SELECT document_id FROM document_access WHERE delegation_id = ${param}))"
            ),
            Some(delegation.to_string()),
        )
    } else if viewer.0.is_some() {
        ("distribution IN ('general', 'limited')".into(), None)
    } else {
        ("distribution = 'general'".into(), None)
    }
}

/// Whether the viewer may read a document: the one rule for every file that
/// is a document's, published minutes included.
pub(crate) async fn may_read(db: &Db, viewer: &Viewer, id: DocumentId) -> ApiResult<bool> {
    let (cond, bind) = visibility(viewer, 2);
    let sql = format!("SELECT 1 AS one FROM documents WHERE id = $1 AND {cond}");
    let mut q = sqlx::query(&sql).bind(id.to_string());
    if let Some(b) = bind {
        q = q.bind(b);
    }
    Ok(q.fetch_optional(db).await?.is_some())
}

pub(crate) async fn visible_document(
    db: &Db,
    viewer: &Viewer,
    id: DocumentId,
) -> ApiResult<Document> {
    let (cond, bind) = visibility(viewer, 2);
    let binds: Vec<String> = std::iter::once(id.to_string()).chain(bind).collect();
    load_where(db, &format!("id = $1 AND {cond}"), &binds)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/documents", tag = "documents", request_body = CreateDocument,
    responses((status = 201, body = Document), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_document(
    State(state): State<AppState>,
    caller: Caller,
    crate::auth::ClientIp(from): crate::auth::ClientIp,
    Json(input): Json<CreateDocument>,
) -> ApiResult<(StatusCode, Json<Document>)> {
    caller.require(Role::ISSUERS)?;
    let mut errors = Errors::default();
    if let Err(e) = Symbol::parse(&input.symbol) {
        errors.add("symbol", Broken::Symbol(e));
    }
    errors.check("title", validate::text(&input.title, 1000));
    validate::titles("titles", &input.titles, 1000, &mut errors);
    let mut body = input.body_id;
    if let Some(b) = body {
        if !db::exists(&state.db, "bodies", b).await? {
            errors.add("body_id", Broken::Unknown(Thing::Body));
        }
    }
    if let Some(meeting) = input.meeting_id {
        let row = sqlx::query("SELECT body_id FROM meetings WHERE id = $1")
            .bind(meeting.to_string())
            .fetch_optional(&state.db)
            .await?;
        match row {
            None => errors.add("meeting_id", Broken::Unknown(Thing::Meeting)),
            Some(row) => {
                let meeting_body = BodyId(db::uuid_col(&row, "body_id")?);
                if body.is_some_and(|b| b != meeting_body) {
                    errors.add("body_id", Broken::BodyOfMeeting);
                }
                body = Some(meeting_body);
            }
        }
    } else if input.agenda_position.is_some() {
        errors.add("agenda_position", Broken::AgendaNeedsMeeting);
    }
    if input.distribution != Distribution::Restricted && !input.restricted_to.is_empty() {
        errors.add("restricted_to", Broken::RestrictedOnly);
    }
    if input.restricted_to.len() > MAX_RESTRICTED_TO {
        errors.add(
            "restricted_to",
            Broken::TooMany {
                max: MAX_RESTRICTED_TO,
                got: input.restricted_to.len(),
            },
        );
    }
    for (i, d) in input.restricted_to.iter().enumerate() {
        if !db::exists(&state.db, "delegations", d).await? {
            errors.add(
                format!("restricted_to[{i}]"),
                Broken::Unknown(Thing::Delegation),
            );
        }
    }
    errors.into_result()?;

    let id = DocumentId(db::new_id());
    let mut tx = state.db.begin().await?;
    let issued = issue(
        &mut tx,
        &NewDocument {
            id,
            symbol: &input.symbol,
            title: input.title.trim(),
            titles: &input.titles,
            body,
            meeting: input.meeting_id,
            agenda_position: input.agenda_position,
            distribution: input.distribution,
            restricted_to: &input.restricted_to,
            by: caller.user.id,
            at: db::now(),
        },
    )
    .await;
    match issued {
        Err(e) if e.is_unique_violation() => {
            return Err(ApiError::AlreadyExists(Refusal::SymbolTaken))
        }
        other => other?,
    }
    let event = audit::Event::by(AuditAction::DocumentIssued, &caller, from)
        .on("document", id)
        .with(serde_json::json!({
            "symbol": input.symbol,
            "distribution": input.distribution.as_str(),
            "restricted_to": input.restricted_to,
        }));
    audit::write(&mut *tx, &event).await?;
    tx.commit().await?;
    // Indexed within a fraction of a second, off the request's path.
    state.search.poke();
    tracing::info!(document_id = %id, symbol = %input.symbol, "document {} created", input.symbol);
    let document = visible_document(&state.db, &Viewer(Some(caller)), id).await?;
    Ok((StatusCode::CREATED, Json(document)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DocumentListParams {
    /// Only the documents of this meeting.
    pub meeting_id: Option<MeetingId>,
}

#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", params(DocumentListParams),
    responses((status = 200, body = Vec<Document>)))]
pub async fn get_documents(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<DocumentListParams>,
) -> ApiResult<Json<Vec<Document>>> {
    let documents = list(&state, &viewer, params.meeting_id).await?;
    Ok(Json(
        documents
            .into_iter()
            .map(|d| for_reader(d, &viewer))
            .collect(),
    ))
}

/// A document as a reader is shown it: staff see every delegation it is
/// restricted to; others only whether their own is one of them.
pub(crate) fn for_reader(mut document: Document, viewer: &Viewer) -> Document {
    hide_others(&mut document, viewer);
    document
}

fn hide_others(document: &mut Document, viewer: &Viewer) {
    if !viewer.is_staff() {
        let mine = viewer.delegation();
        document.restricted_to.retain(|d| Some(*d) == mine);
    }
}

/// The documents `viewer` may read, of one meeting or of all, by symbol.
pub(crate) async fn list(
    state: &AppState,
    viewer: &Viewer,
    meeting: Option<MeetingId>,
) -> ApiResult<Vec<Document>> {
    let (cond, bind) = visibility(viewer, 1);
    let (meeting_cond, meeting) = match meeting {
        Some(m) => (
            format!(" AND meeting_id = ${}", if bind.is_some() { 2 } else { 1 }),
            Some(m.to_string()),
        ),
        None => (String::new(), None),
    };
    let binds: Vec<String> = [bind, meeting].into_iter().flatten().collect();
    Ok(load_where(
        &state.db,
        &format!("{cond}{meeting_cond} ORDER BY symbol LIMIT 1000"),
        &binds,
    )
    .await?)
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents", params(("id" = DocumentId, Path)),
    responses((status = 200, body = Document), (status = 404, body = Problem)))]
pub async fn get_document(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<DocumentId>,
) -> ApiResult<Json<Document>> {
    let document = visible_document(&state.db, &viewer, id).await?;
    Ok(Json(for_reader(document, &viewer)))
}

/// Withdraws a document: it stays readable with every file and its history,
/// but no new file can be issued for it.
#[utoipa::path(post, path = "/api/v1/documents/{id}/withdraw", tag = "documents", params(("id" = DocumentId, Path)),
    responses((status = 200, body = Document), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn withdraw_document(
    State(state): State<AppState>,
    caller: Caller,
    crate::auth::ClientIp(from): crate::auth::ClientIp,
    Path(id): Path<DocumentId>,
) -> ApiResult<Json<Document>> {
    caller.require(Role::ISSUERS)?;
    let viewer = Viewer(Some(caller.clone()));
    let document = visible_document(&state.db, &viewer, id).await?;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE documents SET withdrawn = 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    enqueue_for_search(&mut tx, id).await?;
    let event = audit::Event::by(AuditAction::DocumentWithdrawn, &caller, from)
        .on("document", id)
        .with(serde_json::json!({ "symbol": document.symbol }));
    audit::write(&mut *tx, &event).await?;
    tx.commit().await?;
    // Indexed within a fraction of a second, off the request's path.
    state.search.poke();
    tracing::info!(document_id = %id, by = %caller.user.id, "document {id} withdrawn");
    Ok(Json(visible_document(&state.db, &viewer, id).await?))
}

/// A document as it is issued (see [`issue`]).
pub(crate) struct NewDocument<'a> {
    pub id: DocumentId,
    pub symbol: &'a str,
    pub title: &'a str,
    pub titles: &'a Titles,
    pub body: Option<BodyId>,
    pub meeting: Option<MeetingId>,
    pub agenda_position: Option<u32>,
    pub distribution: Distribution,
    /// For a restricted document, the delegations that may read it.
    pub restricted_to: &'a [DelegationId],
    pub by: plenary_protocol::UserId,
    /// Unix seconds.
    pub at: i64,
}

/// Issues a document within the caller's transaction: its row, who may read
/// it, and its place in the search queue. The one way a document comes to
/// be (the API, and minutes when they are published). A taken symbol is a
/// unique violation (`StoreError::is_unique_violation`).
pub(crate) async fn issue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    d: &NewDocument<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO documents (id, symbol, title, titles, body_id, meeting_id, agenda_position, distribution, withdrawn, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10)",
    )
    .bind(d.id.to_string())
    .bind(d.symbol)
    .bind(d.title)
    .bind(db::titles_text(d.titles))
    .bind(d.body.map(|b| b.to_string()))
    .bind(d.meeting.map(|m| m.to_string()))
    .bind(d.agenda_position.map(i64::from))
    .bind(d.distribution.as_str())
    .bind(d.by.to_string())
    .bind(d.at)
    .execute(&mut **tx)
    .await?;
    let mut delegations = d.restricted_to.to_vec();
    delegations.sort();
    delegations.dedup();
    for delegation in delegations {
        sqlx::query("INSERT INTO document_access (document_id, delegation_id) VALUES ($1, $2)")
            .bind(d.id.to_string())
            .bind(delegation.to_string())
            .execute(&mut **tx)
            .await?;
    }
    enqueue_for_search(tx, d.id).await
}

/// A stored file as it becomes a language version (see [`add_file`]).
pub(crate) struct NewFile<'a> {
    pub id: uuid::Uuid,
    pub document: DocumentId,
    pub language: Language,
    pub key: &'a str,
    pub stored: &'a crate::objects::Stored,
    pub content_type: &'a str,
    pub filename: &'a str,
    pub by: plenary_protocol::UserId,
    /// Unix seconds.
    pub at: i64,
}

/// Records a stored file as the document's newest version in its language,
/// within the caller's transaction, and queues the document for search.
pub(crate) async fn add_file(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    f: &NewFile<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO document_files (id, document_id, language, object_key, size, sha256, content_type, filename, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(f.id.to_string())
    .bind(f.document.to_string())
    .bind(f.language.as_str())
    .bind(f.key)
    .bind(i64::try_from(f.stored.size).unwrap_or(i64::MAX))
    .bind(&f.stored.sha256)
    .bind(f.content_type)
    .bind(f.filename)
    .bind(f.by.to_string())
    .bind(f.at)
    .execute(&mut **tx)
    .await?;
    enqueue_for_search(tx, f.document).await
}

/// Queues a changed document for every node's search index (see `search`).
async fn enqueue_for_search(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    document: DocumentId,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO search_queue (document_id, queued_at) VALUES ($1, $2)")
        .bind(document.to_string())
        .bind(db::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Words to find in the symbol, title or text; a symbol such as
    /// `A/57/L.12` finds that document and its revisions, addenda and
    /// corrigenda. `"quoted words"` match as a phrase, `-word` excludes.
    pub q: String,
    /// Only documents issued in this language; text is matched in it only.
    pub language: Option<String>,
    pub body_id: Option<BodyId>,
    pub distribution: Option<Distribution>,
    /// First day of creation to include (`YYYY-MM-DD`, UTC).
    pub from: Option<chrono::NaiveDate>,
    /// Last day of creation to include (`YYYY-MM-DD`, UTC).
    pub to: Option<chrono::NaiveDate>,
    /// Results per page, 1 to 100 (default 20).
    pub limit: Option<usize>,
    /// Results to skip, at most 1000.
    pub offset: Option<usize>,
}

/// Full-text search over the documents the caller may read, best first.
#[utoipa::path(get, path = "/api/v1/search", tag = "documents", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 422, body = Problem), (status = 429, body = Problem), (status = 503, body = Problem)))]
pub async fn get_search(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    viewer: Viewer,
    Query(params): Query<SearchParams>,
) -> ApiResult<Json<SearchResults>> {
    throttle_anonymous(&state, &viewer, peer.ip(), &headers)?;
    let mut results = search(&state, &viewer, params).await?;
    for hit in &mut results.hits {
        hide_others(&mut hit.document, &viewer);
    }
    Ok(Json(results))
}

/// Searching costs the node a scan of its index and a query per hit, so a
/// reader who has not signed in gets a budget per client network; staff and
/// delegates are known and not throttled.
pub(crate) fn throttle_anonymous(
    state: &AppState,
    viewer: &Viewer,
    peer: std::net::IpAddr,
    headers: &HeaderMap,
) -> ApiResult<()> {
    if viewer.0.is_some() {
        return Ok(());
    }
    let from = crate::client_addr::client_ip(peer, headers, &state.config.trusted_proxies);
    state
        .anonymous_search
        .take(
            &crate::client_addr::rate_key(from),
            std::time::Instant::now(),
        )
        .map_err(|wait| ApiError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        })
}

/// The search behind `GET /api/v1/search` and the library page.
pub(crate) async fn search(
    state: &AppState,
    viewer: &Viewer,
    params: SearchParams,
) -> ApiResult<SearchResults> {
    let mut errors = Errors::default();
    errors.check("q", validate::text(&params.q, 500));
    let language = match params.language.as_deref() {
        None => None,
        Some(l) => {
            let parsed = Language::parse(l);
            if parsed.is_none() {
                errors.add("language", Broken::Language);
            }
            parsed
        }
    };
    let limit = params.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        errors.add("limit", Broken::Limit { max: 100 });
    }
    let offset = params.offset.unwrap_or(0);
    if offset > 1000 {
        errors.add("offset", Broken::Offset { max: 1000 });
    }
    let day = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
    if let (Some(from), Some(to)) = (params.from, params.to) {
        if to < from {
            errors.add("to", Broken::BeforeFrom);
        }
    }
    errors.into_result()?;
    let request = crate::search::SearchRequest {
        q: params.q.clone(),
        language,
        body: params.body_id.map(|b| b.to_string()),
        distribution: params.distribution,
        from: params.from.map(day),
        until: params.to.and_then(|d| d.succ_opt()).map(day),
        limit,
        offset,
    };
    let reader = if viewer.is_staff() {
        crate::search::Reader::Staff
    } else if viewer.0.is_some() {
        crate::search::Reader::SignedIn(viewer.delegation())
    } else {
        crate::search::Reader::Anonymous
    };
    let (total, found) = state
        .search
        .search(request, reader)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut hits = Vec::with_capacity(found.len());
    for f in found {
        // SQL decides access; the index only proposes.
        match visible_document(&state.db, viewer, f.id).await {
            Ok(document) => hits.push(SearchHit {
                document,
                score: f.score,
                snippet_language: f.snippet.as_ref().map(|(l, _)| *l),
                snippet_html: f.snippet.map(|(_, s)| s),
            }),
            Err(ApiError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(SearchResults { total, hits })
}
