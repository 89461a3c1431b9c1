//! Serving an archived object over HTTP: one byte range if asked for
//! (browsers seek audio and PDFs with it), its hash as a strong ETag that
//! conditional requests are answered from (304, `If-Range`), caching as the
//! object's readers allow, and never anything a browser would run from the
//! hub's origin.

use crate::error::{ApiError, ApiResult};
use crate::file_cache::FileCache;
use crate::objects::{Objects, ObjectsError};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use futures_util::StreamExt;
use plenary_protocol::api::Language;

/// What is sent, from SQL.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    pub key: &'a str,
    pub size: u64,
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub filename: &'a str,
    /// Shown in the browser (`inline`) or only saved (`attachment`).
    pub inline: bool,
    pub language: Option<Language>,
    pub caching: Caching,
}

/// Who may keep a copy, and for how long without asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caching {
    /// Anyone may read it (a general document, a public meeting's
    /// recording): shared caches may keep it too.
    pub shared: bool,
    /// The URL names these bytes for good (a file by its id): kept without
    /// asking again. Else (a language version's newest file) kept, but
    /// asked about each time, which costs a 304 when nothing changed.
    pub immutable: bool,
}

impl Caching {
    fn header(self) -> &'static str {
        match (self.shared, self.immutable) {
            (true, true) => "public, max-age=31536000, immutable",
            (true, false) => "public, no-cache",
            (false, true) => "private, max-age=31536000, immutable",
            (false, false) => "private, no-cache",
        }
    }
}

/// Whether the request's `If-None-Match` names the object with this hash:
/// the reader has these bytes already.
pub fn not_modified(headers: &HeaderMap, sha256: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag.trim_matches('"') == sha256)
}

/// Whether a `Range` is to be honoured: no `If-Range`, or one naming these
/// bytes (a date never does: the ETag is what is compared).
fn range_applies(headers: &HeaderMap, sha256: &str) -> bool {
    headers
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|tag| tag.trim() == format!("\"{sha256}\""))
}

/// A single byte range from a `Range` header, clamped to the size.
fn parse_range(headers: &HeaderMap, size: u64) -> Result<Option<std::ops::Range<u64>>, ()> {
    let Some(value) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let spec = value.strip_prefix("bytes=").ok_or(())?;
    if spec.contains(',') {
        return Err(());
    }
    let (start, end) = spec.split_once('-').ok_or(())?;
    let range = match (start.trim(), end.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().map_err(|_| ())?;
            size.saturating_sub(n)..size
        }
        (s, "") => s.parse().map_err(|_| ())?..size,
        (s, e) => {
            let (s, e): (u64, u64) = (s.parse().map_err(|_| ())?, e.parse().map_err(|_| ())?);
            if e < s {
                return Err(());
            }
            s..(e + 1).min(size)
        }
    };
    if range.start >= size || range.is_empty() {
        return Err(());
    }
    Ok(Some(range))
}

/// The object, whole or the range the request asks for.
pub async fn send(
    objects: &Objects,
    cache: &FileCache,
    headers: &HeaderMap,
    object: Object<'_>,
) -> ApiResult<Response> {
    let etag = format!("\"{}\"", object.sha256);
    if not_modified(headers, object.sha256) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(object.caching.header()),
        );
        return Ok(response);
    }
    let range = if range_applies(headers, object.sha256) {
        match parse_range(headers, object.size) {
            Ok(r) => r,
            Err(()) => return Err(ApiError::RangeNotSatisfiable { size: object.size }),
        }
    } else {
        None
    };
    let key = object.key;
    let missing = |e: ObjectsError| match e {
        ObjectsError::NotFound(_) => {
            ApiError::Internal(format!("object {key} recorded in SQL is missing"))
        }
        e @ ObjectsError::Truncated { .. } => ApiError::Internal(e.to_string()),
        other => ApiError::StorageUnavailable(other.to_string()),
    };
    let body = if cache.takes(object.size) {
        let whole = cache
            .get_or_load(key, read_whole(objects, key, object.size))
            .await
            .map_err(missing)?;
        let (start, end) = range
            .clone()
            .map_or((0, whole.len()), |r| (r.start as usize, r.end as usize));
        Body::from(whole.slice(start..end.min(whole.len())))
    } else {
        Body::from_stream(objects.read(key, range.clone()).await.map_err(missing)?)
    };
    let mut response = Response::new(body);
    let h = response.headers_mut();
    let disposition = format!(
        "{}; filename=\"{}\"",
        if object.inline {
            "inline"
        } else {
            "attachment"
        },
        object
            .filename
            .replace(|c: char| !c.is_ascii_graphic() && c != ' ', "_")
    );
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    };
    set(h, header::CONTENT_TYPE, object.content_type.to_string());
    set(h, header::CONTENT_DISPOSITION, disposition);
    if let Some(language) = object.language {
        set(h, header::CONTENT_LANGUAGE, language.as_str().to_string());
    }
    set(h, header::ACCEPT_RANGES, "bytes".into());
    set(h, header::ETAG, etag);
    set(h, header::CACHE_CONTROL, object.caching.header().into());
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; sandbox".into(),
    );
    match range {
        Some(r) => {
            set(
                h,
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{}", r.start, r.end - 1, object.size),
            );
            set(h, header::CONTENT_LENGTH, (r.end - r.start).to_string());
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        }
        None => set(h, header::CONTENT_LENGTH, object.size.to_string()),
    }
    Ok(response)
}

/// A small object's bytes, all of them: `size` from SQL, checked.
async fn read_whole(objects: &Objects, key: &str, size: u64) -> Result<Bytes, ObjectsError> {
    let mut stream = std::pin::pin!(objects.read(key, None).await?);
    let mut whole = bytes::BytesMut::with_capacity(usize::try_from(size).unwrap_or(0));
    while let Some(chunk) = stream.next().await {
        whole.extend_from_slice(&chunk?);
    }
    if whole.len() as u64 != size {
        return Err(ObjectsError::Truncated {
            key: key.to_string(),
            expected: size,
            got: whole.len() as u64,
        });
    }
    Ok(whole.freeze())
}

/// A file's bytes as the OpenAPI document describes them: a string of
/// binary format (what generated clients read as a file), not an array of
/// numbers. Only described, never built.
#[derive(Debug, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct FileBytes(Vec<u8>);
