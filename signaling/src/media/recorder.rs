//! A meeting's recorder: while the meeting sits, each channel's audio (as
//! its listeners hear it) is muxed into Ogg Opus, and the floor's video
//! (the camera of whoever holds the floor) into WebM, as they arrive, and
//! written to a [`Recordings`] writer a page or a cluster at a time; when
//! the sitting ends (or the room does) each recording is finished and
//! archived.
//!
//! The forwarding tasks hand payloads over a bounded queue and never wait:
//! should the recorder fall behind, a packet is dropped from the recording
//! (audio: the gap is filled with silence; video: the recording waits for
//! the next key frame, which it asks for), never from the listeners.
//! Memory is the queue, one Ogg page per channel and one WebM cluster,
//! whatever the meeting's length.

use super::Command;
use crate::recording::vp8::{Assembled, Vp8Frames};
use crate::recording::webm::WebmVp8;
use crate::recording::{Format, OggOpus, RecordingWriter, Recordings, Summary};
use crate::sfu::{Source, TrackKey};
use bytes::Bytes;
use plenary_protocol::signal::{Millis, ParticipantId};
use plenary_protocol::MeetingId;
use plenary_rules::interpretation::Channel;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;

/// Payloads waiting for the recorder, across channels: a few seconds of
/// seven channels and the floor's video.
pub(super) const QUEUE: usize = 2048;
/// How often the recorder asks for a key frame while it waits for one.
const ASK_EVERY: Duration = Duration::from_millis(500);
/// VP8's RTP clock, per millisecond.
const VIDEO_TICKS_PER_MS: u32 = 90;
/// How far a frame's own timestamp may stray from its arrival before the
/// recording follows arrival instead (a sender's clock jumped).
const DRIFT_MS: u64 = 1_000;

/// What a recording takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Take {
    /// A channel's audio.
    Audio(Channel),
    /// The floor holder's camera.
    FloorVideo,
}

/// One packet for a recording.
#[derive(Debug)]
pub(super) struct Tap {
    pub(super) take: Take,
    pub(super) at: Instant,
    pub(super) source: ParticipantId,
    pub(super) seq: u16,
    pub(super) timestamp: u32,
    pub(super) marker: bool,
    pub(super) payload: Bytes,
}

/// How a channel is named in its recording: `floor` or the booth's language.
pub fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Floor => "floor",
        Channel::Booth(l) => l.as_str(),
    }
}

fn wall_now() -> Millis {
    Millis(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    )
}

enum Mux {
    Audio(OggOpus),
    Video(Box<Video>),
}

/// The floor's video: frames joined, and put on the recording's timeline.
struct Video {
    frames: Vp8Frames,
    webm: WebmVp8,
    source: Option<ParticipantId>,
    /// Until a key frame comes (a new source, a lost packet), nothing decodes.
    waiting: bool,
    asked: Option<Instant>,
    /// A frame's place on the timeline and its RTP timestamp: later frames
    /// of the same source keep their own spacing from there.
    anchor: Option<(u64, u32)>,
}

struct Track {
    mux: Mux,
    /// Bytes made before the writer exists (Ogg's header pages).
    pending: Vec<u8>,
    writer: Option<Box<dyn RecordingWriter>>,
    began: Instant,
    /// A write failed (or the writer could not start): the rest is dropped
    /// (what was written stays).
    broken: bool,
}

impl Track {
    fn new(meeting: MeetingId, take: Take, began: Instant, serial: u32) -> Track {
        let title = format!("meeting {meeting}");
        let (mux, pending) = match take {
            Take::Audio(channel) => {
                let (stream, headers) = OggOpus::new(
                    serial,
                    &[("TITLE", &title), ("LANGUAGE", channel_name(channel))],
                );
                (Mux::Audio(stream), headers)
            }
            Take::FloorVideo => (
                Mux::Video(Box::new(Video {
                    frames: Vp8Frames::default(),
                    webm: WebmVp8::new(&title),
                    source: None,
                    waiting: true,
                    asked: None,
                    anchor: None,
                })),
                Vec::new(),
            ),
        };
        Track {
            mux,
            pending,
            writer: None,
            began,
            broken: false,
        }
    }

    /// The bytes `tap` completes.
    fn push(&mut self, tap: &Tap, room: &mpsc::WeakUnboundedSender<Command>) -> Vec<u8> {
        let at_ms = u64::try_from(tap.at.saturating_duration_since(self.began).as_millis())
            .unwrap_or(u64::MAX);
        let mut out = std::mem::take(&mut self.pending);
        match &mut self.mux {
            Mux::Audio(stream) => {
                if let Ok(pages) = stream.push(at_ms, &tap.payload) {
                    out.extend(pages);
                }
            }
            Mux::Video(video) => out.extend(video.push(tap, at_ms, room)),
        }
        out
    }

    fn summary(&self, ended: Millis) -> Summary {
        let (duration_ms, packets) = match &self.mux {
            Mux::Audio(stream) => (stream.duration_ms(), stream.packets()),
            Mux::Video(video) => (video.webm.duration_ms(), video.webm.frames()),
        };
        Summary {
            ended,
            duration_ms,
            packets,
        }
    }
}

impl Video {
    fn push(
        &mut self,
        tap: &Tap,
        at_ms: u64,
        room: &mpsc::WeakUnboundedSender<Command>,
    ) -> Vec<u8> {
        if self.source != Some(tap.source) {
            // The floor changed hands: the new speaker's stream starts at
            // their next key frame.
            self.source = Some(tap.source);
            self.frames = Vp8Frames::default();
            self.anchor = None;
            self.waiting = true;
            self.asked = None;
        }
        let frame = match self
            .frames
            .push(tap.seq, tap.timestamp, tap.marker, &tap.payload)
        {
            Assembled::Frame(frame) => frame,
            Assembled::Lost => {
                self.waiting = true;
                self.ask(tap.source, room);
                return Vec::new();
            }
            Assembled::More => {
                if self.waiting {
                    self.ask(tap.source, room);
                }
                return Vec::new();
            }
        };
        if self.waiting && !frame.key {
            self.ask(tap.source, room);
            return Vec::new();
        }
        self.waiting = false;
        let from_anchor = self.anchor.and_then(|(ms, ts)| {
            let ticks = i64::from(frame.timestamp.wrapping_sub(ts) as i32);
            let shown = ms.checked_add_signed(ticks / i64::from(VIDEO_TICKS_PER_MS))?;
            (shown.abs_diff(at_ms) <= DRIFT_MS).then_some(shown)
        });
        let shown = from_anchor.unwrap_or_else(|| {
            self.anchor = Some((at_ms, frame.timestamp));
            at_ms
        });
        // Never before the last frame (the writer would leave it out).
        let shown = shown.max(self.webm.duration_ms());
        self.webm.push(shown, frame.key, &frame.data)
    }

    fn ask(&mut self, owner: ParticipantId, room: &mpsc::WeakUnboundedSender<Command>) {
        if self.asked.is_some_and(|at| at.elapsed() < ASK_EVERY) {
            return;
        }
        self.asked = Some(Instant::now());
        if let Some(room) = room.upgrade() {
            let key = TrackKey {
                owner,
                source: Source::Camera,
            };
            let _ = room.send(Command::KeyframeWanted { key });
        }
    }
}

/// Records the meeting until every sender of `taps` is gone; asks `room`
/// for key frames the floor's video needs.
pub(super) async fn record(
    meeting: MeetingId,
    recordings: Arc<dyn Recordings>,
    mut taps: mpsc::Receiver<Tap>,
    room: mpsc::WeakUnboundedSender<Command>,
) {
    let started = wall_now();
    let mut tracks: BTreeMap<Take, Track> = BTreeMap::new();
    let mut serial: u32 = 1;
    while let Some(tap) = taps.recv().await {
        let track = tracks.entry(tap.take).or_insert_with(|| {
            serial += 1;
            Track::new(meeting, tap.take, tap.at, serial)
        });
        if track.broken {
            continue;
        }
        let bytes = track.push(&tap, &room);
        if bytes.is_empty() {
            continue;
        }
        let (name, format) = describe(tap.take);
        let writer = match &mut track.writer {
            Some(writer) => writer,
            None => match recordings.start(meeting, name, format, started) {
                Ok(writer) => track.writer.insert(writer),
                Err(e) => {
                    tracing::warn!(%meeting, channel = name, "recording not started: {e}");
                    track.broken = true;
                    continue;
                }
            },
        };
        if let Err(e) = writer.write(&bytes) {
            tracing::warn!(%meeting, channel = name, "recording stopped: {e}");
            track.broken = true;
        }
    }
    let ended = wall_now();
    for (take, track) in tracks {
        let summary = track.summary(ended);
        let (last, patches) = match track.mux {
            Mux::Audio(stream) => (stream.finish(), Vec::new()),
            Mux::Video(video) => video.webm.finish(),
        };
        let Some(mut writer) = track.writer else {
            continue;
        };
        let (name, _) = describe(take);
        // A recording cut short by a failed write keeps what it has, its
        // header as it was (the patches describe bytes it lacks).
        let mut patches = patches;
        if track.broken || writer.write(&last).is_err() {
            tracing::warn!(%meeting, channel = name, "recording's end not written");
            patches.clear();
        }
        if let Err(e) = writer.finish(summary, patches).await {
            tracing::warn!(%meeting, channel = name, "recording not archived: {e}");
        }
    }
}

fn describe(take: Take) -> (&'static str, Format) {
    match take {
        Take::Audio(channel) => (channel_name(channel), Format::OggOpus),
        Take::FloorVideo => ("floor", Format::WebmVp8),
    }
}
