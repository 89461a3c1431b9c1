//! A meeting's recorder: while the meeting sits, each channel's audio (as
//! its listeners hear it) is muxed into Ogg Opus as it arrives and written
//! to a [`Recordings`] writer a page at a time; when the sitting ends (or
//! the room does) each recording is finished and archived.
//!
//! The forwarding tasks hand payloads over a bounded queue and never wait:
//! should the recorder fall behind, a packet is dropped from the recording
//! (the gap is filled with silence), never from the listeners. Memory is
//! the queue and one Ogg page per channel, whatever the meeting's length.

use crate::recording::{OggOpus, RecordingWriter, Recordings, Summary};
use bytes::Bytes;
use plenary_protocol::signal::Millis;
use plenary_protocol::MeetingId;
use plenary_rules::interpretation::Channel;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;

/// Payloads waiting for the recorder, across channels: a few seconds of
/// seven channels.
pub(super) const QUEUE: usize = 2048;

/// One payload for a channel's recording.
#[derive(Debug)]
pub(super) struct Tap {
    pub(super) channel: Channel,
    pub(super) at: Instant,
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

struct Track {
    stream: OggOpus,
    writer: Box<dyn RecordingWriter>,
    began: Instant,
    /// A write failed: the rest is dropped (what was written stays).
    broken: bool,
}

/// Records the meeting's channels until every sender of `taps` is gone.
pub(super) async fn record(
    meeting: MeetingId,
    recordings: Arc<dyn Recordings>,
    mut taps: mpsc::Receiver<Tap>,
) {
    let started = wall_now();
    let mut tracks: BTreeMap<Channel, Track> = BTreeMap::new();
    let mut serial: u32 = 1;
    while let Some(tap) = taps.recv().await {
        let track = match tracks.entry(tap.channel) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let name = channel_name(tap.channel);
                let mut writer = match recordings.start(meeting, name, started) {
                    Ok(w) => w,
                    Err(e) => {
                        tracing::warn!(%meeting, channel = name, "recording not started: {e}");
                        continue;
                    }
                };
                let (stream, headers) = OggOpus::new(
                    serial,
                    &[("TITLE", &format!("meeting {meeting}")), ("LANGUAGE", name)],
                );
                serial += 1;
                let broken = writer.write(&headers).is_err();
                e.insert(Track {
                    stream,
                    writer,
                    began: tap.at,
                    broken,
                })
            }
        };
        if track.broken {
            continue;
        }
        let at_ms = u64::try_from(tap.at.saturating_duration_since(track.began).as_millis())
            .unwrap_or(u64::MAX);
        let Ok(pages) = track.stream.push(at_ms, &tap.payload) else {
            continue;
        };
        if !pages.is_empty() {
            if let Err(e) = track.writer.write(&pages) {
                tracing::warn!(%meeting, channel = channel_name(tap.channel), "recording stopped: {e}");
                track.broken = true;
            }
        }
    }
    let ended = wall_now();
    for (channel, mut track) in tracks {
        let summary = Summary {
            ended,
            duration_ms: track.stream.duration_ms(),
            packets: track.stream.packets(),
        };
        let last = track.stream.finish();
        if !track.broken {
            let _ = track.writer.write(&last);
        }
        if let Err(e) = track.writer.finish(summary).await {
            tracing::warn!(%meeting, channel = channel_name(channel), "recording not archived: {e}");
        }
    }
}
