//! The browser part of the frontend (the islands built to wasm by
//! `infra/wasm.sh`): read once at start from `browser_dir`, compressed once,
//! and served at `/pkg/`. Pages with islands load `/pkg/boot.js`; the
//! meeting room loads its own build, `/pkg/room/boot.js`.
//!
//! Each file is served in brotli to browsers that take it (they do over
//! HTTPS), else in gzip. Brotli at this quality takes a second or two per
//! file, so it is made on a thread of its own when a browser first asks for
//! it (a hub behind plain HTTP never spends the time); until it is ready,
//! gzip is served.

use crate::error::{ApiError, ApiResult};
use crate::extract::Path;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The files of the two builds and their types: the pages' islands, and the
/// meeting room's own (under `room/`, with its island only); nothing else
/// under `/pkg/` is served.
pub const FILES: [(&str, &str); 6] = [
    ("boot.js", "text/javascript; charset=utf-8"),
    ("plenary.js", "text/javascript; charset=utf-8"),
    ("plenary_bg.wasm", "application/wasm"),
    ("room/boot.js", "text/javascript; charset=utf-8"),
    ("room/plenary.js", "text/javascript; charset=utf-8"),
    ("room/plenary_bg.wasm", "application/wasm"),
];

#[derive(Debug, Clone)]
struct File {
    name: &'static str,
    content_type: &'static str,
    raw: bytes::Bytes,
    gzip: bytes::Bytes,
    brotli: std::sync::Arc<std::sync::OnceLock<bytes::Bytes>>,
    etag: String,
}

/// Brotli's quality and window: within a tenth of the best for the wasm,
/// in a fraction of its time.
const BROTLI_QUALITY: u32 = 10;
const BROTLI_WINDOW: u32 = 24;

fn brotli(raw: &[u8]) -> bytes::Bytes {
    let mut out = Vec::with_capacity(raw.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY as i32,
        lgwin: BROTLI_WINDOW as i32,
        ..Default::default()
    };
    let mut input = raw;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => out.into(),
        // Never for bytes in memory; gzip is served instead.
        Err(_) => bytes::Bytes::new(),
    }
}

/// The loaded browser part; empty when the hub runs without one.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    files: Vec<File>,
    /// Set once brotli is being made.
    brotli_started: std::sync::Arc<std::sync::atomic::AtomicBool>,
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
                brotli: Default::default(),
                etag,
            });
        }
        Ok(Browser {
            files,
            brotli_started: Default::default(),
        })
    }

    pub fn is_loaded(&self) -> bool {
        !self.files.is_empty()
    }

    /// Makes every file's brotli on a thread of its own, once.
    fn start_brotli(&self) {
        if self
            .brotli_started
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            return;
        }
        let pending: Vec<(bytes::Bytes, _)> = self
            .files
            .iter()
            .map(|f| (f.raw.clone(), f.brotli.clone()))
            .collect();
        let made = std::thread::Builder::new()
            .name("brotli".into())
            .spawn(move || {
                for (raw, slot) in pending {
                    let _ = slot.set(brotli(&raw));
                }
            });
        if let Err(e) = made {
            tracing::warn!("the browser part is served in gzip only: no thread for brotli: {e}");
        }
    }

    /// Whether every file's brotli is made (tests and benchmarks).
    pub fn brotli_ready(&self) -> bool {
        self.files.iter().all(|f| f.brotli.get().is_some())
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
    serve(&state, &name, &headers)
}

/// A file of the meeting room's build.
#[utoipa::path(get, path = "/pkg/room/{file}", tag = "pages", params(("file" = String, Path, description = "boot.js, plenary.js or plenary_bg.wasm")),
    responses((status = 200, description = "The file"), (status = 304), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_room_file(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&state, &format!("room/{name}"), &headers)
}

fn serve(state: &AppState, name: &str, headers: &HeaderMap) -> ApiResult<Response> {
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
    let takes = |coding: &str| {
        headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .any(|e| e.trim().split(';').next() == Some(coding))
            })
    };
    let content_type = HeaderValue::from_static(file.content_type);
    if takes("br") {
        state.browser.start_brotli();
    }
    let brotli = file.brotli.get().filter(|b| !b.is_empty());
    Ok(if let (Some(brotli), true) = (brotli, takes("br")) {
        (
            common,
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_ENCODING, HeaderValue::from_static("br")),
            ],
            brotli.clone(),
        )
            .into_response()
    } else if takes("gzip") {
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
