//! The channels' recordings, as the media room makes them: each is a spool
//! file on the node (whole Ogg pages appended as they complete, synced to
//! disk every few seconds), streamed to the archive in parts when its
//! sitting ends, with its size and SHA-256 in SQL; then the spool file goes.
//!
//! Why a spool and not a multipart upload held open for hours: an
//! unfinished multipart upload cannot be read, so a node that stopped in
//! the middle would lose all of it. A spool file keeps every page written
//! before a crash; at the next start, [`recover`] cuts each one left behind
//! at its last whole page (an Ogg reader plays up to there) and archives it
//! as any other, marked recovered.
//!
//! Owns the `recordings` table and the `recordings/` objects.

use crate::db::Db;
use crate::objects::Objects;
use bytes::Bytes;
use plenary_protocol::signal::Millis;
use plenary_protocol::MeetingId;
use plenary_signaling::recording::{
    BoxFuture, RecordingError, RecordingWriter, Recordings, Summary,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a spool file is synced to disk: what a power cut may lose.
const SYNC_EVERY: Duration = Duration::from_secs(2);
/// The largest recording archived: a sitting's audio is some 30 MB a day.
const MAX_BYTES: u64 = 4 << 30;
/// Read from the spool file in chunks of this size while archiving.
const CHUNK: usize = 256 << 10;

/// A recording archived: its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub id: uuid::Uuid,
    pub meeting: MeetingId,
    pub channel: String,
    pub started: Millis,
    pub ended: Millis,
    pub duration_ms: u64,
    pub packets: u64,
    pub object_key: String,
    pub size: u64,
    pub sha256: String,
    pub recovered: bool,
}

/// The archive's side of recording: where spool files are, and where they go.
#[derive(Debug, Clone)]
pub struct SpoolRecordings {
    dir: PathBuf,
    db: Db,
    objects: Objects,
    /// The hub's runtime: archiving runs there, not on the media threads.
    runtime: tokio::runtime::Handle,
}

impl SpoolRecordings {
    pub fn new(dir: PathBuf, db: Db, objects: Objects) -> std::io::Result<SpoolRecordings> {
        std::fs::create_dir_all(&dir)?;
        Ok(SpoolRecordings {
            dir,
            db,
            objects,
            runtime: tokio::runtime::Handle::current(),
        })
    }
}

/// `<meeting>.<channel>.<started ms>.<id>.ogg`: all a recovery needs.
fn spool_name(meeting: MeetingId, channel: &str, started: Millis, id: uuid::Uuid) -> String {
    format!("{meeting}.{channel}.{}.{id}.ogg", started.0)
}

fn parse_spool_name(name: &str) -> Option<(MeetingId, String, Millis, uuid::Uuid)> {
    let mut parts = name.strip_suffix(".ogg")?.split('.');
    let meeting = parts.next()?.parse().ok()?;
    let channel = parts.next()?.to_string();
    let started = Millis(parts.next()?.parse().ok()?);
    let id = parts.next()?.parse().ok()?;
    parts
        .next()
        .is_none()
        .then_some((meeting, channel, started, id))
}

impl Recordings for SpoolRecordings {
    fn start(
        &self,
        meeting: MeetingId,
        channel: &str,
        started: Millis,
    ) -> Result<Box<dyn RecordingWriter>, RecordingError> {
        let id = uuid::Uuid::new_v4();
        let path = self.dir.join(spool_name(meeting, channel, started, id));
        let file = std::fs::OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(|e| RecordingError(format!("{}: {e}", path.display())))?;
        Ok(Box::new(SpoolWriter {
            file,
            path,
            id,
            meeting,
            channel: channel.to_string(),
            started,
            synced: Instant::now(),
            archive: self.clone(),
        }))
    }
}

struct SpoolWriter {
    file: std::fs::File,
    path: PathBuf,
    id: uuid::Uuid,
    meeting: MeetingId,
    channel: String,
    started: Millis,
    synced: Instant,
    archive: SpoolRecordings,
}

impl RecordingWriter for SpoolWriter {
    fn write(&mut self, bytes: &[u8]) -> Result<(), RecordingError> {
        let io = |e: std::io::Error| RecordingError(format!("{}: {e}", self.path.display()));
        self.file.write_all(bytes).map_err(io)?;
        if self.synced.elapsed() >= SYNC_EVERY {
            self.file.sync_data().map_err(io)?;
            self.synced = Instant::now();
        }
        Ok(())
    }

    fn finish(self: Box<Self>, summary: Summary) -> BoxFuture<'static, Result<(), RecordingError>> {
        let SpoolWriter {
            file,
            path,
            id,
            meeting,
            channel,
            started,
            archive,
            ..
        } = *self;
        let _ = file.sync_data();
        drop(file);
        let runtime = archive.runtime.clone();
        Box::pin(async move {
            let done = runtime.spawn(async move {
                archive
                    .archive(&path, id, meeting, &channel, started, summary, false)
                    .await
            });
            done.await
                .map_err(|e| RecordingError(e.to_string()))?
                .map(|_| ())
        })
    }
}

impl SpoolRecordings {
    /// Streams a spool file to the archive, records it, removes the file.
    #[allow(clippy::too_many_arguments)]
    async fn archive(
        &self,
        path: &Path,
        id: uuid::Uuid,
        meeting: MeetingId,
        channel: &str,
        started: Millis,
        summary: Summary,
        recovered: bool,
    ) -> Result<Recording, RecordingError> {
        let fail = |e: &dyn std::fmt::Display| RecordingError(format!("{}: {e}", path.display()));
        let key = crate::objects::keys::recording(&meeting.to_string(), &id.to_string(), channel);
        let file = tokio::fs::File::open(path).await.map_err(|e| fail(&e))?;
        let body = futures_util::stream::unfold(file, |mut file| async move {
            use tokio::io::AsyncReadExt;
            let mut chunk = vec![0u8; CHUNK];
            match file.read(&mut chunk).await {
                Ok(0) => None,
                Ok(n) => {
                    chunk.truncate(n);
                    Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), file))
                }
                Err(e) => Some((Err(e), file)),
            }
        });
        let stored = self
            .objects
            .put_stream(&key, Box::pin(body), MAX_BYTES)
            .await
            .map_err(|e| fail(&e))?;
        let recording = Recording {
            id,
            meeting,
            channel: channel.to_string(),
            started,
            ended: summary.ended,
            duration_ms: summary.duration_ms,
            packets: summary.packets,
            object_key: key,
            size: stored.size,
            sha256: stored.sha256,
            recovered,
        };
        let int = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO recordings (id, meeting_id, channel, started_at_ms, ended_at_ms, \
             duration_ms, packets, object_key, size, sha256, recovered) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id.to_string())
        .bind(meeting.to_string())
        .bind(channel)
        .bind(int(started.0))
        .bind(int(summary.ended.0))
        .bind(int(summary.duration_ms))
        .bind(int(summary.packets))
        .bind(&recording.object_key)
        .bind(int(recording.size))
        .bind(&recording.sha256)
        .bind(i64::from(recovered))
        .execute(&self.db)
        .await
        .map_err(|e| fail(&e))?;
        // Archived and recorded: the spool's copy is no longer needed.
        if let Err(e) = tokio::fs::remove_file(path).await {
            tracing::warn!(path = %path.display(), "recording archived, spool file left: {e}");
        }
        tracing::info!(%meeting, channel, size = recording.size, duration_ms = recording.duration_ms, recovered, "recording archived");
        Ok(recording)
    }
}

/// What a spool file holds up to its last whole page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pages {
    /// Bytes up to the end of the last whole page.
    pub whole: u64,
    /// The last page's granule position (48 kHz samples).
    pub granule: u64,
    /// Audio packets (the two header packets and the fillers of silences left out).
    pub packets: u64,
}

/// Walks an Ogg stream's pages; a page cut short (the crash) ends the walk.
pub fn scan_pages(bytes: &[u8]) -> Pages {
    let mut pages = Pages::default();
    let mut at = 0usize;
    let mut seen = 0u64;
    while let Some(header) = bytes.get(at..at + 27) {
        if &header[..4] != b"OggS" {
            break;
        }
        let segments = usize::from(header[26]);
        let Some(lacing) = bytes.get(at + 27..at + 27 + segments) else {
            break;
        };
        let body: usize = lacing.iter().map(|l| usize::from(*l)).sum();
        let start = at + 27 + segments;
        let Some(data) = bytes.get(start..start + body) else {
            break;
        };
        // Packets end at a lacing value under 255.
        let mut offset = 0usize;
        let mut length = 0usize;
        for l in lacing {
            length += usize::from(*l);
            if *l < 255 {
                let packet = &data[offset..offset + length];
                seen += 1;
                if seen > 2 && packet != [0xF8] {
                    pages.packets += 1;
                }
                offset += length;
                length = 0;
            }
        }
        let granule = u64::from_le_bytes(header[6..14].try_into().unwrap_or([0; 8]));
        at = start + body;
        pages.whole = at as u64;
        pages.granule = granule;
    }
    pages
}

/// Archives the recordings a stopped node left in its spool: each cut at
/// its last whole page, marked recovered. Run at start, before any meeting
/// records here.
pub async fn recover(spool: &SpoolRecordings) -> Vec<Recording> {
    let mut recovered = Vec::new();
    let Ok(entries) = std::fs::read_dir(&spool.dir) else {
        return recovered;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        let Some((meeting, channel, started, id)) = parse_spool_name(&name) else {
            continue;
        };
        match recover_one(spool, &path, meeting, &channel, started, id).await {
            Ok(Some(r)) => recovered.push(r),
            Ok(None) => {}
            Err(e) => tracing::warn!(path = %path.display(), "recording not recovered: {e}"),
        }
    }
    recovered
}

async fn recover_one(
    spool: &SpoolRecordings,
    path: &Path,
    meeting: MeetingId,
    channel: &str,
    started: Millis,
    id: uuid::Uuid,
) -> Result<Option<Recording>, RecordingError> {
    let fail = |e: std::io::Error| RecordingError(format!("{}: {e}", path.display()));
    let bytes = tokio::fs::read(path).await.map_err(fail)?;
    let pages = scan_pages(&bytes);
    if pages.packets == 0 {
        // Headers at most: nothing was recorded.
        tokio::fs::remove_file(path).await.map_err(fail)?;
        return Ok(None);
    }
    if pages.whole < bytes.len() as u64 {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(fail)?;
        file.set_len(pages.whole).map_err(fail)?;
    }
    let duration_ms = pages.granule.saturating_sub(3840) / 48;
    let summary = Summary {
        ended: Millis(started.0 + duration_ms),
        duration_ms,
        packets: pages.packets,
    };
    spool
        .archive(path, id, meeting, channel, started, summary, true)
        .await
        .map(Some)
}

/// A meeting's recordings, oldest sitting first, the floor first in each.
pub async fn of_meeting(db: &Db, meeting: MeetingId) -> Result<Vec<Recording>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT id, channel, started_at_ms, ended_at_ms, duration_ms, packets, object_key, size, \
         sha256, recovered FROM recordings WHERE meeting_id = $1 \
         ORDER BY started_at_ms, CASE WHEN channel = 'floor' THEN 0 ELSE 1 END, channel",
    )
    .bind(meeting.to_string())
    .fetch_all(db)
    .await?;
    let int = |v: i64| u64::try_from(v).unwrap_or(0);
    rows.iter()
        .map(|row| {
            Ok(Recording {
                id: row
                    .try_get::<String, _>("id")?
                    .parse()
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                meeting,
                channel: row.try_get("channel")?,
                started: Millis(int(row.try_get("started_at_ms")?)),
                ended: Millis(int(row.try_get("ended_at_ms")?)),
                duration_ms: int(row.try_get("duration_ms")?),
                packets: int(row.try_get("packets")?),
                object_key: row.try_get("object_key")?,
                size: int(row.try_get("size")?),
                sha256: row.try_get("sha256")?,
                recovered: row.try_get::<i64, _>("recovered")? != 0,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use plenary_signaling::recording::OggOpus;

    #[test]
    fn spool_names_carry_what_a_recovery_needs() {
        let meeting = MeetingId(uuid::Uuid::new_v4());
        let id = uuid::Uuid::new_v4();
        let name = spool_name(meeting, "fr", Millis(1_700_000_000_000), id);
        assert_eq!(
            parse_spool_name(&name),
            Some((meeting, "fr".to_string(), Millis(1_700_000_000_000), id))
        );
        assert_eq!(parse_spool_name("notes.txt"), None);
        assert_eq!(parse_spool_name(&format!("{name}.part")), None);
    }

    #[test]
    fn a_stream_cut_mid_page_is_read_to_its_last_whole_page() {
        let (mut stream, mut bytes) = OggOpus::new(1, &[]);
        for i in 0..120u64 {
            bytes.extend(stream.push(i * 20, &[0xFC, 1, 2]).expect("opus"));
        }
        let whole = bytes.len() as u64;
        let pages = scan_pages(&bytes);
        assert_eq!(pages.whole, whole);
        assert_eq!(pages.packets, 100, "two pages of 50 out so far");
        assert_eq!(pages.granule, 100 * 960);
        // The crash: half a page more.
        let more = stream.finish();
        bytes.extend(&more[..more.len() / 2]);
        assert_eq!(scan_pages(&bytes), pages);
    }
}

/// A recording as the API lists it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RecordingView {
    pub id: uuid::Uuid,
    /// `floor`, or the booth's language.
    pub channel: String,
    pub started_at_ms: u64,
    pub ended_at_ms: u64,
    pub duration_ms: u64,
    pub size: u64,
    pub sha256: String,
    /// Archived after the node stopped in the middle: cut at its last whole page.
    pub recovered: bool,
    /// Its audio (Ogg Opus), `Range` supported.
    pub url: String,
}

impl Recording {
    pub fn view(&self) -> RecordingView {
        RecordingView {
            id: self.id,
            channel: self.channel.clone(),
            started_at_ms: self.started.0,
            ended_at_ms: self.ended.0,
            duration_ms: self.duration_ms,
            size: self.size,
            sha256: self.sha256.clone(),
            recovered: self.recovered,
            url: format!("/api/v1/meetings/{}/recordings/{}", self.meeting, self.id),
        }
    }
}

/// `GET /api/v1/meetings/{id}/recordings`: the meeting's recordings, for
/// whoever may read the meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/recordings", tag = "meetings",
    params(("id" = MeetingId, Path)),
    responses((status = 200, body = Vec<RecordingView>), (status = 404, body = plenary_protocol::Problem)))]
pub async fn list(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    viewer: crate::auth::Viewer,
    crate::extract::Path(id): crate::extract::Path<MeetingId>,
) -> crate::error::ApiResult<axum::Json<Vec<RecordingView>>> {
    crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let all = of_meeting(&state.db, id).await?;
    Ok(axum::Json(all.iter().map(Recording::view).collect()))
}

/// `GET /api/v1/meetings/{id}/recordings/{recording}`: one recording's
/// audio, as the meeting's access rules allow.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/recordings/{recording}", tag = "meetings",
    params(("id" = MeetingId, Path), ("recording" = uuid::Uuid, Path)),
    responses((status = 200, content_type = "audio/ogg", body = Vec<u8>), (status = 206),
              (status = 404, body = plenary_protocol::Problem), (status = 416, body = plenary_protocol::Problem)))]
pub async fn audio(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    viewer: crate::auth::Viewer,
    crate::extract::Path((id, recording)): crate::extract::Path<(MeetingId, uuid::Uuid)>,
    headers: axum::http::HeaderMap,
) -> crate::error::ApiResult<axum::response::Response> {
    crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let r = of_meeting(&state.db, id)
        .await?
        .into_iter()
        .find(|r| r.id == recording)
        .ok_or(crate::error::ApiError::NotFound)?;
    let filename = format!("recording-{}-{}.ogg", r.channel, r.started.0);
    crate::download::send(
        &state.objects,
        &headers,
        crate::download::Object {
            key: &r.object_key,
            size: r.size,
            sha256: &r.sha256,
            content_type: "audio/ogg",
            filename: &filename,
            inline: true,
            language: plenary_protocol::api::Language::parse(&r.channel),
        },
    )
    .await
}
