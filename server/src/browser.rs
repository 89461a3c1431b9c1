//! The browser part of the frontend (the islands built to wasm by
//! `infra/wasm.sh`): read once at start from `browser_dir`, compressed once,
//! and served at `/pkg/`. Pages that need it (the meeting room) load
//! `/pkg/boot.js`.

use crate::error::{ApiError, ApiResult};
use crate::extract::Path;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The files of a build and their types; nothing else under `/pkg/` is served.
pub const FILES: [(&str, &str); 3] = [
    ("boot.js", "text/javascript; charset=utf-8"),
    ("plenary.js", "text/javascript; charset=utf-8"),
    ("plenary_bg.wasm", "application/wasm"),
];

#[derive(Debug, Clone)]
struct File {
    name: &'static str,
    content_type: &'static str,
    raw: bytes::Bytes,
    gzip: bytes::Bytes,
    etag: String,
}

/// The loaded browser part; empty when the hub runs without one.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    files: Vec<File>,
}

impl Browser {
    /// Reads and compresses the build in `dir` (checked by the configuration).
    pub fn load(dir: Option<&std::path::Path>) -> std::io::Result<Browser> {
        let Some(dir) = dir else {
            return Ok(Browser::default());
        };
        let mut files = Vec::new();
        for (name, content_type) in FILES {
            let raw = std::fs::read(dir.join(name))?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&raw)?;
            let gzip = gz.finish()?;
            let etag = format!("\"{}\"", &crate::crypto::hex(&Sha256::digest(&raw))[..32]);
            files.push(File {
                name,
                content_type,
                raw: raw.into(),
                gzip: gzip.into(),
                etag,
            });
        }
        Ok(Browser { files })
    }

    pub fn is_loaded(&self) -> bool {
        !self.files.is_empty()
    }

    /// Raw and gzip sizes of each file, for the log at start.
    pub fn sizes(&self) -> Vec<(&'static str, usize, usize)> {
        self.files
            .iter()
            .map(|f| (f.name, f.raw.len(), f.gzip.len()))
            .collect()
    }
}

/// A file of the browser part. Revalidated on each load (`no-cache` with an
/// ETag), so a new build reaches every browser at once.
#[utoipa::path(get, path = "/pkg/{file}", tag = "pages", params(("file" = String, Path, description = "boot.js, plenary.js or plenary_bg.wasm")),
    responses((status = 200, description = "The file"), (status = 304), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_browser_file(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let file = state
        .browser
        .files
        .iter()
        .find(|f| f.name == name)
        .ok_or(ApiError::NotFound)?;
    let etag = HeaderValue::from_str(&file.etag).map_err(|e| ApiError::Internal(e.to_string()))?;
    let common = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
        (header::ETAG, etag),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == file.etag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.trim().split(';').next() == Some("gzip"))
        });
    let content_type = HeaderValue::from_static(file.content_type);
    Ok(if gzip {
        (
            common,
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            ],
            file.gzip.clone(),
        )
            .into_response()
    } else {
        (
            common,
            [(header::CONTENT_TYPE, content_type)],
            file.raw.clone(),
        )
            .into_response()
    })
}
