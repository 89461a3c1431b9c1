//! The meeting's recordings, as the media room makes them (each channel's
//! audio as Ogg Opus, the floor's video as WebM): each is a spool file on
//! the node (whole pages or clusters appended as they complete, synced to
//! disk every few seconds) and, while it grows, an upload in parts to the
//! archive: every [`PART`] bytes go up as they are written, so a sitting's
//! end has only its last part and its first to send. The first goes last
//! because the end fills in a header there (WebM's duration and index).
//! The object exists once the upload completes; its size and SHA-256 go to
//! SQL, and the spool file goes.
//!
//! Where the store takes no parts (a local folder), or the recording is
//! shorter than two parts, or a part failed, the whole spool file is
//! streamed to the archive at the end instead.
//!
//! A node that stops in the middle leaves its spool files (and a note of
//! each upload in progress beside them); at the next start [`recover`]
//! gives those uploads up, cuts each file at its last whole page or
//! cluster (what a reader plays up to), finishes it as the writer would
//! have, and archives it, marked recovered.
//!
//! Owns the `recordings` table and the `recordings/` objects.

use crate::db::Db;
use crate::objects::{Objects, Parts};
use bytes::Bytes;
use plenary_protocol::signal::Millis;
use plenary_protocol::MeetingId;
use plenary_signaling::recording::{
    webm, BoxFuture, Format, Patch, RecordingError, RecordingWriter, Recordings, Summary,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How often a spool file is synced to disk: what a power cut may lose.
const SYNC_EVERY: Duration = Duration::from_secs(2);
/// The largest recording archived: a sitting's audio is some 30 MB a day,
/// its video some 10 GB.
const MAX_BYTES: u64 = 64 << 30;
/// Read from the spool file in chunks of this size while archiving.
const CHUNK: usize = 256 << 10;
/// Each part uploaded while a recording grows (S3 takes parts of 5 MiB and
/// more): an audio channel sends one about every half hour, the video one
/// a minute. A part is read from the spool when it goes, so memory holds
/// at most one per recording, and only while it is sent.
pub const PART: u64 = 8 << 20;
const _: () = assert!(PART >= crate::objects::MIN_PART_BYTES as u64);

/// A recording archived: its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub id: uuid::Uuid,
    pub meeting: MeetingId,
    pub channel: String,
    pub format: Format,
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
    /// The hub's runtime: uploads run there, not on the media threads.
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

/// What identifies a recording, from its spool file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Spooled {
    meeting: MeetingId,
    channel: String,
    started: Millis,
    id: uuid::Uuid,
    format: Format,
}

impl Spooled {
    /// `<meeting>.<channel>.<started ms>.<id>.<ogg|webm>`: all a recovery needs.
    fn file_name(&self) -> String {
        format!(
            "{}.{}.{}.{}.{}",
            self.meeting,
            self.channel,
            self.started.0,
            self.id,
            self.format.extension()
        )
    }

    fn parse(name: &str) -> Option<Spooled> {
        let mut parts = name.split('.');
        let meeting = parts.next()?.parse().ok()?;
        let channel = parts.next()?.to_string();
        let started = Millis(parts.next()?.parse().ok()?);
        let id = parts.next()?.parse().ok()?;
        let format = Format::from_extension(parts.next()?)?;
        parts.next().is_none().then_some(Spooled {
            meeting,
            channel,
            started,
            id,
            format,
        })
    }

    fn key(&self, recovered: bool) -> String {
        crate::objects::keys::recording(
            &self.meeting.to_string(),
            &self.id.to_string(),
            &self.channel,
            self.format.extension(),
            recovered,
        )
    }
}

/// Beside a spool file while its upload is in progress: the upload's id,
/// then the index of each part sent.
fn upload_note(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".upload");
    PathBuf::from(name)
}

impl Recordings for SpoolRecordings {
    fn start(
        &self,
        meeting: MeetingId,
        channel: &str,
        format: Format,
        started: Millis,
    ) -> Result<Box<dyn RecordingWriter>, RecordingError> {
        let spooled = Spooled {
            meeting,
            channel: channel.to_string(),
            started,
            id: uuid::Uuid::new_v4(),
            format,
        };
        let path = self.dir.join(spooled.file_name());
        let file = std::fs::OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(|e| RecordingError(format!("{}: {e}", path.display())))?;
        let syncing = file
            .try_clone()
            .map_err(|e| RecordingError(format!("{}: {e}", path.display())))?;
        let (progress, written) = watch::channel(0);
        let uploader = self.runtime.spawn(upload_parts(
            self.objects.clone(),
            spooled.key(false),
            path.clone(),
            syncing,
            written,
        ));
        Ok(Box::new(SpoolWriter {
            file,
            path,
            spooled,
            written: 0,
            progress,
            uploader,
            archive: self.clone(),
        }))
    }
}

/// Runs on the media threads: it only appends (to the page cache); the
/// syncing and the uploads run on the hub's runtime.
struct SpoolWriter {
    file: std::fs::File,
    path: PathBuf,
    spooled: Spooled,
    written: u64,
    /// Tells the uploader how far the spool file goes.
    progress: watch::Sender<u64>,
    uploader: tokio::task::JoinHandle<Option<Uploaded>>,
    archive: SpoolRecordings,
}

impl RecordingWriter for SpoolWriter {
    fn write(&mut self, bytes: &[u8]) -> Result<(), RecordingError> {
        let io = |e: std::io::Error| RecordingError(format!("{}: {e}", self.path.display()));
        self.file.write_all(bytes).map_err(io)?;
        self.written += bytes.len() as u64;
        self.progress.send_replace(self.written);
        Ok(())
    }

    fn finish(
        self: Box<Self>,
        summary: Summary,
        patches: Vec<Patch>,
    ) -> BoxFuture<'static, Result<(), RecordingError>> {
        let SpoolWriter {
            file,
            path,
            spooled,
            progress,
            uploader,
            archive,
            ..
        } = *self;
        drop(file);
        // The uploader sends what it has in hand and stops.
        drop(progress);
        let runtime = archive.runtime.clone();
        Box::pin(async move {
            let done = runtime.spawn(async move {
                let uploaded = uploader.await.ok().flatten();
                let fail =
                    |e: &dyn std::fmt::Display| RecordingError(format!("{}: {e}", path.display()));
                // Durable before it is archived (and the spool's copy removed).
                patch(&path, &patches).map_err(|e| fail(&e))?;
                archive
                    .archive(&path, &spooled, summary, uploaded, false)
                    .await
            });
            done.await
                .map_err(|e| RecordingError(e.to_string()))?
                .map(|_| ())
        })
    }
}

/// Writes `patches` over a spool file's bytes, durably.
fn patch(path: &Path, patches: &[Patch]) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    if patches.is_empty() {
        return Ok(());
    }
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    for p in patches {
        file.write_all_at(&p.bytes, p.at)?;
    }
    file.sync_data()
}

/// The parts of a recording sent while it was made: all from the second
/// up to `covered`.
struct Uploaded {
    parts: Parts,
    covered: u64,
}

/// Reads `len` bytes of a spool file from `at`.
async fn read_at(path: &Path, at: u64, len: u64) -> std::io::Result<Bytes> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::open(path)?;
        let mut bytes = vec![0u8; usize::try_from(len).unwrap_or(usize::MAX)];
        file.read_exact_at(&mut bytes, at)?;
        Ok(Bytes::from(bytes))
    })
    .await
    .map_err(std::io::Error::other)?
}

/// Syncs a growing spool file to disk every [`SYNC_EVERY`] and sends each
/// whole part of it but the first, as the writer reports it written;
/// stops when the writer is gone. `None` when
/// nothing was sent (the store takes no parts, the recording stayed short,
/// or a part failed: then the upload is given up and the end archives the
/// whole file).
async fn upload_parts(
    objects: Objects,
    key: String,
    path: PathBuf,
    file: std::fs::File,
    mut written: watch::Receiver<u64>,
) -> Option<Uploaded> {
    let note = upload_note(&path);
    let file = std::sync::Arc::new(file);
    let sync = || {
        let file = file.clone();
        tokio::task::spawn_blocking(move || file.sync_data())
    };
    let mut synced = Instant::now();
    let mut uploaded: Option<Uploaded> = None;
    loop {
        let until = *written.borrow_and_update();
        if synced.elapsed() >= SYNC_EVERY {
            synced = Instant::now();
            if let Ok(Err(e)) = sync().await {
                tracing::warn!(path = %path.display(), "syncing a recording's spool file: {e}");
            }
        }
        let mut covered = uploaded.as_ref().map_or(PART, |u| u.covered);
        while covered + PART <= until {
            let sent = async {
                let up = match &mut uploaded {
                    Some(up) => up,
                    None => {
                        let Some(parts) =
                            objects.begin_parts(&key).await.map_err(|e| e.to_string())?
                        else {
                            return Ok::<bool, String>(false);
                        };
                        // Durable before the first part goes, for a recovery to give it up.
                        std::fs::write(&note, format!("{}\n", parts.id()))
                            .map_err(|e| e.to_string())?;
                        uploaded.insert(Uploaded { parts, covered })
                    }
                };
                let bytes = read_at(&path, covered, PART)
                    .await
                    .map_err(|e| e.to_string())?;
                let index = usize::try_from(covered / PART).unwrap_or(usize::MAX);
                up.parts
                    .put(index, bytes)
                    .await
                    .map_err(|e| e.to_string())?;
                up.covered = covered + PART;
                let mut file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&note)
                    .map_err(|e| e.to_string())?;
                writeln!(file, "{index}").map_err(|e| e.to_string())?;
                Ok(true)
            }
            .await;
            match sent {
                Ok(true) => covered += PART,
                // The store takes no parts: the end archives the file whole.
                Ok(false) => return None,
                Err(e) => {
                    tracing::warn!(
                        key,
                        "a recording's part was not uploaded, the whole file goes at the end: {e}"
                    );
                    if let Some(up) = uploaded.take() {
                        up.parts.abort().await;
                    }
                    let _ = std::fs::remove_file(&note);
                    return None;
                }
            }
        }
        if written.changed().await.is_err() {
            let _ = sync().await;
            return uploaded;
        }
    }
}

impl SpoolRecordings {
    /// Archives a finished spool file (the rest of its upload in parts, or
    /// the whole file), records it, removes the file.
    async fn archive(
        &self,
        path: &Path,
        spooled: &Spooled,
        summary: Summary,
        uploaded: Option<Uploaded>,
        recovered: bool,
    ) -> Result<Recording, RecordingError> {
        let fail = |e: &dyn std::fmt::Display| RecordingError(format!("{}: {e}", path.display()));
        let key = spooled.key(recovered);
        let stored = match uploaded {
            Some(up) => match complete(path, up).await {
                Ok(stored) => Some(stored),
                Err(e) => {
                    tracing::warn!(
                        key,
                        "completing a recording's upload failed, sending it whole: {e}"
                    );
                    None
                }
            },
            None => None,
        };
        let stored = match stored {
            Some(stored) => stored,
            None => self
                .objects
                .put_stream(
                    &key,
                    Box::pin(read_chunks(path).await.map_err(|e| fail(&e))?),
                    MAX_BYTES,
                )
                .await
                .map_err(|e| fail(&e))?,
        };
        let recording = Recording {
            id: spooled.id,
            meeting: spooled.meeting,
            channel: spooled.channel.clone(),
            format: spooled.format,
            started: spooled.started,
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
            "INSERT INTO recordings (id, meeting_id, channel, format, started_at_ms, ended_at_ms, \
             duration_ms, packets, object_key, size, sha256, recovered) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(recording.id.to_string())
        .bind(recording.meeting.to_string())
        .bind(&recording.channel)
        .bind(recording.format.extension())
        .bind(int(recording.started.0))
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
        let _ = tokio::fs::remove_file(upload_note(path)).await;
        if let Err(e) = tokio::fs::remove_file(path).await {
            tracing::warn!(path = %path.display(), "recording archived, spool file left: {e}");
        }
        tracing::info!(meeting = %recording.meeting, channel = recording.channel, format = recording.format.extension(),
            size = recording.size, duration_ms = recording.duration_ms, recovered, "recording archived");
        Ok(recording)
    }
}

/// A spool file as a stream of chunks.
async fn read_chunks(
    path: &Path,
) -> std::io::Result<impl futures_util::Stream<Item = std::io::Result<Bytes>> + use<>> {
    let file = tokio::fs::File::open(path).await?;
    Ok(futures_util::stream::unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut chunk = vec![0u8; CHUNK];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok(Bytes::from(chunk)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    }))
}

/// Ends an upload in parts: what follows the parts sent, then the first
/// part (its header now final), then the object; hashed from the spool.
async fn complete(path: &Path, up: Uploaded) -> Result<crate::objects::Stored, String> {
    let Uploaded { mut parts, covered } = up;
    let outcome: Result<crate::objects::Stored, String> = async {
        let size = tokio::fs::metadata(path)
            .await
            .map_err(|e| e.to_string())?
            .len();
        let mut at = covered;
        while at < size {
            let len = (size - at).min(PART);
            let bytes = read_at(path, at, len).await.map_err(|e| e.to_string())?;
            parts
                .put(usize::try_from(at / PART).unwrap_or(usize::MAX), bytes)
                .await
                .map_err(|e| e.to_string())?;
            at += len;
        }
        let first = read_at(path, 0, PART.min(size))
            .await
            .map_err(|e| e.to_string())?;
        parts.put(0, first).await.map_err(|e| e.to_string())?;
        let sha256 = hash_file(path).await.map_err(|e| e.to_string())?;
        Ok(crate::objects::Stored { size, sha256 })
    }
    .await;
    match outcome {
        Ok(stored) => {
            parts.complete().await.map_err(|e| e.to_string())?;
            Ok(stored)
        }
        Err(e) => {
            parts.abort().await;
            Err(e)
        }
    }
}

/// A file's SHA-256, in lower-case hex.
async fn hash_file(path: &Path) -> std::io::Result<String> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        use sha2::Digest;
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        let mut hasher = sha2::Sha256::new();
        let mut chunk = vec![0u8; CHUNK];
        loop {
            let n = file.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            hasher.update(&chunk[..n]);
        }
        Ok(crate::crypto::hex(&hasher.finalize()))
    })
    .await
    .map_err(std::io::Error::other)?
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

/// Archives the recordings a stopped node left in its spool: each upload
/// it had in progress given up, each file cut at its last whole page or
/// cluster and finished, marked recovered. Run at start, before any
/// meeting records here.
pub async fn recover(spool: &SpoolRecordings) -> Vec<Recording> {
    let mut recovered = Vec::new();
    let Ok(entries) = std::fs::read_dir(&spool.dir) else {
        return recovered;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(spooled) = Spooled::parse(&name) else {
            continue;
        };
        match recover_one(spool, &path, &spooled).await {
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
    spooled: &Spooled,
) -> Result<Option<Recording>, RecordingError> {
    let fail = |e: &dyn std::fmt::Display| RecordingError(format!("{}: {e}", path.display()));
    let note = upload_note(path);
    if let Ok(text) = tokio::fs::read_to_string(&note).await {
        if let Some(id) = text.lines().next() {
            spool
                .objects
                .abort_parts(&spooled.key(false), id)
                .await
                .map_err(|e| fail(&e))?;
        }
        tokio::fs::remove_file(&note).await.map_err(|e| fail(&e))?;
    }
    let bytes = tokio::fs::read(path).await.map_err(|e| fail(&e))?;
    let cut = |whole: u64| -> Result<(), RecordingError> {
        if whole < bytes.len() as u64 {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| fail(&e))?;
            file.set_len(whole).map_err(|e| fail(&e))?;
        }
        Ok(())
    };
    let (duration_ms, packets) = match spooled.format {
        Format::OggOpus => {
            let pages = scan_pages(&bytes);
            if pages.packets > 0 {
                cut(pages.whole)?;
            }
            (pages.granule.saturating_sub(3840) / 48, pages.packets)
        }
        Format::WebmVp8 => match webm::scan(&bytes) {
            Some(s) if s.frames > 0 => {
                cut(s.whole)?;
                if !s.finished {
                    // Finished as the writer would have: the index of seek
                    // points appended, the header filled in.
                    let (tail, patches) = webm::close(&s.layout, s.whole, s.duration_ms, &s.cues);
                    let mut file = std::fs::OpenOptions::new()
                        .append(true)
                        .open(path)
                        .map_err(|e| fail(&e))?;
                    file.write_all(&tail).map_err(|e| fail(&e))?;
                    patch(path, &patches).map_err(|e| fail(&e))?;
                }
                (s.duration_ms, s.frames)
            }
            _ => (0, 0),
        },
    };
    if packets == 0 {
        // Headers at most: nothing was recorded.
        tokio::fs::remove_file(path).await.map_err(|e| fail(&e))?;
        return Ok(None);
    }
    let summary = Summary {
        ended: Millis(spooled.started.0 + duration_ms),
        duration_ms,
        packets,
    };
    spool
        .archive(path, spooled, summary, None, true)
        .await
        .map(Some)
}

/// A meeting's recordings, oldest sitting first, the floor first in each.
pub async fn of_meeting(db: &Db, meeting: MeetingId) -> Result<Vec<Recording>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT id, channel, format, started_at_ms, ended_at_ms, duration_ms, packets, object_key, size, \
         sha256, recovered FROM recordings WHERE meeting_id = $1 \
         ORDER BY started_at_ms, CASE WHEN channel = 'floor' THEN 0 ELSE 1 END, channel, format",
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
                format: Format::from_extension(&row.try_get::<String, _>("format")?)
                    .unwrap_or(Format::OggOpus),
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
        let spooled = Spooled {
            meeting: MeetingId(uuid::Uuid::new_v4()),
            channel: "fr".to_string(),
            started: Millis(1_700_000_000_000),
            id: uuid::Uuid::new_v4(),
            format: Format::WebmVp8,
        };
        let name = spooled.file_name();
        assert!(name.ends_with(".webm"));
        assert_eq!(Spooled::parse(&name), Some(spooled.clone()));
        assert_eq!(Spooled::parse("notes.txt"), None);
        assert_eq!(
            Spooled::parse(&format!("{name}.upload")),
            None,
            "an upload's note"
        );
        assert_eq!(Spooled::parse(&name.replace(".webm", ".mp4")), None);
        assert_ne!(
            spooled.key(false),
            spooled.key(true),
            "a recovery never reuses a key"
        );
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
    /// Archived after the node stopped in the middle: cut at its last whole page or cluster.
    pub recovered: bool,
    /// `audio/ogg` (a channel's audio, Opus) or `video/webm` (the floor's video, VP8).
    pub content_type: String,
    /// The file, `Range` supported.
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
            content_type: self.format.content_type().to_string(),
            url: format!("/api/v1/meetings/{}/recordings/{}", self.meeting, self.id),
        }
    }
}

/// `GET /api/v1/meetings/{id}/recordings`: the meeting's recordings, for
/// whoever may read the meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/recordings", tag = "meetings", operation_id = "list_recordings",
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
/// file, as the meeting's access rules allow.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/recordings/{recording}", tag = "meetings", operation_id = "download_recording",
    params(("id" = MeetingId, Path), ("recording" = uuid::Uuid, Path)),
    responses((status = 200, content((crate::download::FileBytes = "audio/ogg"), (crate::download::FileBytes = "video/webm"))), (status = 206),
              (status = 404, body = plenary_protocol::Problem), (status = 416, body = plenary_protocol::Problem)))]
pub async fn download(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    viewer: crate::auth::Viewer,
    crate::extract::Path((id, recording)): crate::extract::Path<(MeetingId, uuid::Uuid)>,
    headers: axum::http::HeaderMap,
) -> crate::error::ApiResult<axum::response::Response> {
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let r = of_meeting(&state.db, id)
        .await?
        .into_iter()
        .find(|r| r.id == recording)
        .ok_or(crate::error::ApiError::NotFound)?;
    let filename = format!(
        "recording-{}-{}.{}",
        r.channel,
        r.started.0,
        r.format.extension()
    );
    crate::download::send(
        &state.objects,
        &state.file_cache,
        &headers,
        crate::download::Object {
            key: &r.object_key,
            size: r.size,
            sha256: &r.sha256,
            content_type: r.format.content_type(),
            filename: &filename,
            inline: true,
            language: plenary_protocol::api::Language::parse(&r.channel),
            // A recording is written once; a public meeting's is anyone's.
            caching: crate::download::Caching {
                shared: meeting.access == plenary_protocol::api::Access::Public,
                immutable: true,
            },
        },
    )
    .await
}
