//! The data plane: one task per published track copies each packet to the
//! subscribers its route names.

use super::recorder::{Take, Tap};
use super::Command;
use crate::recording::vp8::starts_key_frame;
use crate::sfu::TrackKey;
use futures_util::FutureExt;
use plenary_protocol::signal::ParticipantId;
use plenary_protocol::signal::Quality;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use webrtc::media_stream::track_local::static_rtp::TrackLocalStaticRTP;
use webrtc::media_stream::track_local::TrackLocal;
use webrtc::media_stream::track_remote::{TrackRemote, TrackRemoteEvent};

/// One subscriber's copy of a track.
#[derive(Clone)]
pub(super) struct Out {
    pub(super) ssrc: u32,
    pub(super) payload_type: u8,
    pub(super) track: Arc<TrackLocalStaticRTP>,
    /// A channel track's (joins the packets of its successive sources) or
    /// a camera's (joins what it receives across the times it is not shown).
    pub(super) splice: Option<Arc<Mutex<Splice>>>,
    /// A camera's: which of its simulcast layers this subscriber receives.
    pub(super) pick: Option<Arc<Pick>>,
}

/// Which layer of a simulcast camera one subscriber receives. The room sets
/// the target; the forwarding task moves to it at that layer's next key
/// frame, so the subscriber never receives a frame it cannot decode (and
/// the camera's splice joins the layers into one stream). A target the
/// publisher does not send (a camera too small for three layers, or its
/// browser's own bandwidth fell) gives way to the best layer below it that
/// comes, else the least above.
#[derive(Debug)]
pub(super) struct Pick {
    target: AtomicU8,
    current: AtomicU8,
}

const NO_LAYER: u8 = u8::MAX;

/// The layers (bit `1 << layer`) of which a packet came lately.
type Live = u8;

impl Pick {
    pub(super) fn new(target: Quality) -> Pick {
        Pick {
            target: AtomicU8::new(target as u8),
            current: AtomicU8::new(NO_LAYER),
        }
    }

    pub(super) fn set(&self, target: Quality) {
        self.target.store(target as u8, Ordering::Relaxed);
    }

    /// The layer to be at, of those that come.
    fn aim(&self, live: Live) -> u8 {
        let target = self.target.load(Ordering::Relaxed);
        let comes = |l: &u8| live & (1 << l) != 0;
        (0..=target)
            .rev()
            .find(comes)
            .or_else(|| (target + 1..3).find(comes))
            .unwrap_or(target)
    }

    /// Whether a packet of `layer` goes to this subscriber (`key`: it
    /// starts a key frame).
    fn passes(&self, layer: Quality, key: bool, live: Live) -> bool {
        let layer = layer as u8;
        if layer == self.current.load(Ordering::Relaxed) {
            return true;
        }
        if !key || layer != self.aim(live) {
            return false;
        }
        self.current.store(layer, Ordering::Relaxed);
        true
    }

    /// Whether it waits for a key frame to move to another layer.
    fn waiting(&self, live: Live) -> bool {
        self.aim(live) != self.current.load(Ordering::Relaxed)
    }
}

/// One stream out of several sources, for a listener's channel track: when
/// the source changes (a switch, a handover) the new one's sequence numbers
/// and timestamps continue where the last left off, as if one sender had
/// paused, so the browser's jitter buffer neither waits for packets that
/// will never come nor drops the new ones as late (nor, for video, asks
/// again for the packets it never got). A camera shown again after a while
/// not shown (last-N) is spliced onto itself the same way.
#[derive(Debug)]
pub(super) struct Splice {
    current: Option<Joint>,
    /// The RTP clock, per millisecond.
    ticks_per_ms: u64,
    /// The next packet starts a new joint even from the same source.
    resumed: bool,
}

#[derive(Debug, Clone, Copy)]
struct Joint {
    source: u32,
    seq_delta: u16,
    ts_delta: u32,
    last_seq: u16,
    last_ts: u32,
    last_at_ms: u64,
}

/// How long a simulcast layer may send nothing before subscribers are
/// moved off it.
const LAYER_GONE_MS: u64 = 1_000;

/// Milliseconds on one clock for every forwarding task of the process (a
/// splice is fed by several).
fn millis_now() -> u64 {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let epoch = *EPOCH.get_or_init(Instant::now);
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl Splice {
    /// For audio (Opus's 48 kHz clock).
    pub(super) fn audio() -> Splice {
        Splice::with_clock(48)
    }

    /// For video (the 90 kHz clock).
    pub(super) fn video() -> Splice {
        Splice::with_clock(90)
    }

    fn with_clock(ticks_per_ms: u64) -> Splice {
        Splice {
            current: None,
            ticks_per_ms,
            resumed: false,
        }
    }

    /// The stream was not forwarded for a while: what comes next continues
    /// from the last packet sent.
    pub(super) fn resume(&mut self) {
        self.resumed = true;
    }

    /// The sequence number and timestamp to send for a packet of `source`
    /// arriving at `now_ms` (any monotonic milliseconds).
    pub(super) fn rewrite(&mut self, source: u32, seq: u16, ts: u32, now_ms: u64) -> (u16, u32) {
        let resumed = std::mem::take(&mut self.resumed);
        let joint = match self.current {
            Some(j) if j.source == source && !resumed => j,
            Some(j) => {
                // The new source starts one packet after the last, its
                // timestamp advanced by the time that passed (at least a
                // packet's 20 ms, at most 10 s).
                let gap = now_ms.saturating_sub(j.last_at_ms).clamp(20, 10_000);
                let next_seq = j.last_seq.wrapping_add(1);
                let next_ts = j
                    .last_ts
                    .wrapping_add(u32::try_from(gap * self.ticks_per_ms).unwrap_or(u32::MAX));
                Joint {
                    source,
                    seq_delta: next_seq.wrapping_sub(seq),
                    ts_delta: next_ts.wrapping_sub(ts),
                    last_seq: j.last_seq,
                    last_ts: j.last_ts,
                    last_at_ms: j.last_at_ms,
                }
            }
            None => Joint {
                source,
                seq_delta: 0,
                ts_delta: 0,
                last_seq: seq.wrapping_sub(1),
                last_ts: ts,
                last_at_ms: now_ms,
            },
        };
        let out = (
            seq.wrapping_add(joint.seq_delta),
            ts.wrapping_add(joint.ts_delta),
        );
        // Remember the newest packet (a reordered one does not move it back).
        let newer = (out.0.wrapping_sub(joint.last_seq) as i16) > 0;
        self.current = Some(Joint {
            last_seq: if newer { out.0 } else { joint.last_seq },
            last_ts: if newer { out.1 } else { joint.last_ts },
            last_at_ms: now_ms,
            ..joint
        });
        out
    }
}

/// Where a published track's packets go; read by its forwarding task on
/// every packet, written by the room on every change.
#[derive(Default)]
pub(super) struct Route {
    pub(super) muted: AtomicBool,
    pub(super) outs: RwLock<Arc<HashMap<ParticipantId, Out>>>,
    /// The RFC 6464 extension id in the publisher's packets, if negotiated.
    pub(super) audio_level_id: AtomicU32,
    /// The publisher's SSRC, for key frame requests.
    pub(super) media_ssrc: AtomicU32,
    /// A simulcast camera's SSRC of each layer (0 until it is seen), for
    /// key frame requests.
    pub(super) layer_ssrcs: [AtomicU32; 3],
    /// The recorder and the recordings that take these packets.
    pub(super) record: RwLock<Option<Recording>>,
    /// The other nodes' relays this track crosses to (a track published
    /// here, wanted there).
    pub(super) relays: RwLock<Arc<[std::net::SocketAddr]>>,
}

/// Where a track's packets are recorded.
#[derive(Clone)]
pub(super) struct Recording {
    pub(super) taps: mpsc::Sender<Tap>,
    pub(super) takes: Arc<[Take]>,
}

impl Route {
    /// The SSRCs a key frame request goes to: each layer's of a simulcast
    /// camera, else the one stream's.
    pub(super) fn keyframe_ssrcs(&self) -> Vec<u32> {
        let layers: Vec<u32> = self
            .layer_ssrcs
            .iter()
            .map(|s| s.load(Ordering::Relaxed))
            .filter(|s| *s != 0)
            .collect();
        if layers.is_empty() {
            vec![self.media_ssrc.load(Ordering::Relaxed)]
        } else {
            layers
        }
    }

    pub(super) fn outs(&self) -> Arc<HashMap<ParticipantId, Out>> {
        self.outs.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(super) fn recording(&self) -> Option<Recording> {
        self.record
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(super) fn set_recording(&self, recording: Option<Recording>) {
        *self.record.write().unwrap_or_else(|p| p.into_inner()) = recording;
    }

    pub(super) fn relays(&self) -> Arc<[std::net::SocketAddr]> {
        self.relays
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(super) fn set_relays(&self, relays: Vec<std::net::SocketAddr>) {
        *self.relays.write().unwrap_or_else(|p| p.into_inner()) = relays.into();
    }

    pub(super) fn change(&self, f: impl FnOnce(&mut HashMap<ParticipantId, Out>)) {
        let mut guard = self.outs.write().unwrap_or_else(|p| p.into_inner());
        let mut next = (**guard).clone();
        f(&mut next);
        *guard = Arc::new(next);
    }
}

/// The `msid` of a forwarded track: the owner's stream and the source.
pub(super) fn forwarded_ids(key: TrackKey) -> (String, String) {
    (
        format!("participant-{}", key.owner.0),
        format!("participant-{}-{}", key.owner.0, key.source.name()),
    )
}

/// Where a forwarding task's packets come from.
pub(super) enum Feed {
    /// A publisher's connection to this node.
    Track(Arc<dyn TrackRemote>),
    /// Another node's relay; the sender crosses to nobody else.
    Relay(mpsc::Receiver<super::Relayed>),
}

/// This node's relay and the meeting, for the tracks published here.
pub(super) type RelayOut = (Arc<super::relay::Relay>, plenary_protocol::ids::MeetingId);

/// Reads one published track and hands each packet to its subscribers, and
/// (published here) to the other nodes' relays that want it.
pub(super) async fn forward(
    key: TrackKey,
    task: u64,
    mut feed: Feed,
    route: Arc<Route>,
    room: mpsc::UnboundedSender<Command>,
    relay: Option<RelayOut>,
) {
    let mut skipped: u16 = 0;
    let mut heard_at = Instant::now();
    let mut level_at = Instant::now();
    // Each SSRC seen and its simulcast layer (none: a single stream); when
    // each layer last came; when a subscriber waiting for a key frame to
    // change layer last had one asked for.
    let mut layers: Vec<(u32, Option<Quality>)> = Vec::new();
    let mut came_ms = [0u64; 3];
    let mut asked_ms = 0u64;
    let thread = crate::metrics::thread();
    let forwarded =
        metrics::counter!("plenary_sfu_forwarded_packets_total", "thread" => thread.clone());
    let dropped = metrics::counter!("plenary_sfu_dropped_packets_total", "thread" => thread);
    let _ = room.send(Command::Heard { who: key.owner });
    loop {
        let (mut packet, relayed) = match &mut feed {
            Feed::Track(track) => match track.poll().await {
                Some(TrackRemoteEvent::OnRtpPacket(packet)) => (packet, None),
                Some(TrackRemoteEvent::OnEnded) | None => break,
                Some(_) => continue,
            },
            Feed::Relay(queue) => match queue.recv().await {
                Some(r) => (r.packet, Some((r.layer, r.level))),
                None => break,
            },
        };
        let ssrc = packet.header.ssrc;
        let layer = match layers.iter().find(|(s, _)| *s == ssrc) {
            Some((_, layer)) => *layer,
            None => {
                let layer = match (&feed, relayed) {
                    (_, Some((layer, _))) => layer,
                    (Feed::Track(track), None) => track
                        .rid(ssrc)
                        .await
                        .and_then(|rid| Quality::from_rid(&rid)),
                    (Feed::Relay(_), None) => None,
                };
                if let Some(layer) = layer {
                    route.layer_ssrcs[layer.index()].store(ssrc, Ordering::Relaxed);
                }
                tracing::debug!(
                    participant = key.owner.0,
                    source = key.source.name(),
                    ssrc,
                    ?layer,
                    "media: a stream comes"
                );
                // Bounded: a publisher sends a handful of streams.
                if layers.len() < 8 {
                    layers.push((ssrc, layer));
                }
                layer
            }
        };
        if route.media_ssrc.load(Ordering::Relaxed) == 0 {
            route
                .media_ssrc
                .store(packet.header.ssrc, Ordering::Relaxed);
        }
        if heard_at.elapsed() >= Duration::from_secs(1) {
            heard_at = Instant::now();
            let _ = room.send(Command::Heard { who: key.owner });
        }
        let level = match relayed {
            Some((_, level)) => level,
            None => u8::try_from(route.audio_level_id.load(Ordering::Relaxed))
                .ok()
                .filter(|id| *id != 0)
                .and_then(|id| packet.header.get_extension(id))
                .and_then(|b| b.first().map(|l| l & 0x7f)),
        };
        if let Some(level) = level.filter(|_| level_at.elapsed() >= Duration::from_millis(100)) {
            level_at = Instant::now();
            let _ = room.send(Command::AudioLevel {
                who: key.owner,
                level,
            });
        }
        // Extension ids are the publisher's; the subscriber's leg (and
        // the other node's) negotiated its own.
        packet.header.extension = false;
        packet.header.extensions.clear();
        packet.header.extensions_padding = 0;
        // Before the chair's mute: each node applies the rules itself.
        if let Some((relay, meeting)) = &relay {
            let targets = route.relays();
            if !targets.is_empty() {
                use rtc::shared::marshal::Marshal;
                if let Ok(bytes) = packet.marshal() {
                    let message = super::relay::Message::Rtp {
                        meeting: *meeting,
                        track: key,
                        layer,
                        level,
                        packet: bytes.to_vec(),
                    };
                    for to in targets.iter() {
                        relay.send(*to, &message);
                    }
                }
            }
        }
        if route.muted.load(Ordering::Relaxed) {
            // Subscribers see no gap in sequence numbers, so they do not ask
            // for packets that were never meant for them.
            skipped = skipped.wrapping_add(1);
            continue;
        }
        // A simulcast camera is recorded from its highest layer.
        let recorded = layer.is_none_or(|l| layers.iter().all(|(_, o)| *o <= Some(l)));
        if let Some(recording) = route.recording().filter(|_| recorded) {
            let at = Instant::now();
            for take in recording.takes.iter() {
                // Never waits: a recorder behind loses a packet, nobody else.
                let _ = recording.taps.try_send(Tap {
                    take: *take,
                    at,
                    source: key.owner,
                    seq: packet.header.sequence_number,
                    timestamp: packet.header.timestamp,
                    marker: packet.header.marker,
                    payload: packet.payload.clone(),
                });
            }
        }
        let outs = route.outs();
        if outs.is_empty() {
            continue;
        }
        packet.header.sequence_number = packet.header.sequence_number.wrapping_sub(skipped);
        let now_ms = millis_now();
        let key_frame = layer.is_some() && starts_key_frame(&packet.payload);
        let live = match layer {
            Some(layer) => {
                came_ms[layer.index()] = now_ms;
                came_ms
                    .iter()
                    .enumerate()
                    .filter(|(_, at)| **at != 0 && now_ms.saturating_sub(**at) <= LAYER_GONE_MS)
                    .fold(0, |live, (l, _)| live | (1 << l))
            }
            None => 0,
        };
        // A layer that stopped, or one that started, moves subscribers only
        // at a key frame: ask for one while any waits (the room keeps the
        // publisher's rate of them bounded).
        if layer.is_some()
            && now_ms.saturating_sub(asked_ms) >= LAYER_GONE_MS
            && outs
                .values()
                .any(|o| o.pick.as_ref().is_some_and(|p| p.waiting(live)))
        {
            asked_ms = now_ms;
            let _ = room.send(Command::KeyframeWanted { key });
        }
        let (mut written, mut lost) = (0u64, 0u64);
        for out in outs.values() {
            if let (Some(layer), Some(pick)) = (layer, &out.pick) {
                if !pick.passes(layer, key_frame, live) {
                    continue;
                }
            }

            let mut copy = packet.clone();
            if let Some(splice) = &out.splice {
                let (seq, ts) = splice.lock().unwrap_or_else(|p| p.into_inner()).rewrite(
                    packet.header.ssrc,
                    packet.header.sequence_number,
                    packet.header.timestamp,
                    now_ms,
                );
                copy.header.sequence_number = seq;
                copy.header.timestamp = ts;
            }
            copy.header.ssrc = out.ssrc;
            copy.header.payload_type = out.payload_type;
            // Written if the connection takes it now; a full queue (or a
            // track not yet bound) is that subscriber's loss alone.
            match out.track.write_rtp(copy).now_or_never() {
                Some(Ok(())) => written += 1,
                _ => lost += 1,
            }
        }
        forwarded.increment(written);
        if lost > 0 {
            dropped.increment(lost);
        }
    }
    let _ = room.send(Command::TrackEnded { key, task });
}

#[cfg(test)]
mod tests {
    use super::{Pick, Splice};
    use plenary_protocol::signal::Quality::*;

    #[test]
    fn a_subscriber_changes_layer_at_the_next_key_frame_of_the_one_it_is_given() {
        const ALL: u8 = 0b111;
        let pick = Pick::new(High);
        // Nothing received yet: the target's first key frame starts it.
        assert!(!pick.passes(High, false, ALL));
        assert!(!pick.passes(Low, true, ALL), "not the target");
        assert!(pick.waiting(ALL));
        assert!(pick.passes(High, true, ALL));
        assert!(!pick.waiting(ALL));
        assert!(pick.passes(High, false, ALL));
        assert!(!pick.passes(Low, false, ALL));
        // Moved down: the high layer goes on until the low one's key frame.
        pick.set(Low);
        assert!(pick.waiting(ALL));
        assert!(pick.passes(High, false, ALL));
        assert!(!pick.passes(Low, false, ALL));
        assert!(pick.passes(Low, true, ALL));
        assert!(
            !pick.passes(High, false, ALL),
            "the old layer stops at once"
        );
        assert!(pick.passes(Low, false, ALL));
    }

    #[test]
    fn a_layer_that_does_not_come_gives_way_to_the_best_that_does() {
        // Two layers, as Chromium sends of a small camera: high means medium.
        let two = 0b011;
        let pick = Pick::new(High);
        assert!(!pick.passes(Low, true, two));
        assert!(pick.passes(Medium, true, two));
        assert!(!pick.waiting(two));
        // The medium layer stops: the low one, at its next key frame.
        let low_only = 0b001;
        assert!(pick.waiting(low_only));
        assert!(pick.passes(Low, true, low_only));
        // It comes back: up again at its key frame.
        assert!(pick.waiting(two));
        assert!(pick.passes(Medium, true, two));
        // Asked for low where only high comes: high.
        let high_only = 0b100;
        pick.set(Low);
        assert!(pick.passes(High, true, high_only));
    }

    #[test]
    fn a_splice_continues_each_new_source_where_the_last_left_off() {
        let mut splice = Splice::audio();
        // The first source passes as it is.
        assert_eq!(splice.rewrite(1, 100, 9_600, 0), (100, 9_600));
        assert_eq!(splice.rewrite(1, 101, 10_560, 20), (101, 10_560));
        // A handover 40 ms later: the next number, 40 ms of Opus on.
        assert_eq!(splice.rewrite(2, 7, 5_000, 60), (102, 12_480));
        assert_eq!(splice.rewrite(2, 8, 5_960, 80), (103, 13_440));
        // A reordered packet keeps its place and does not move the end back.
        assert_eq!(splice.rewrite(2, 6, 4_040, 81), (101, 11_520));
        // Back to the first source (a straggler, or a switch back): it
        // continues after the newest, at least a packet's time on.
        assert_eq!(splice.rewrite(1, 102, 11_520, 90), (104, 14_400));
        // Numbers wrap.
        let mut wrap = Splice::audio();
        assert_eq!(wrap.rewrite(1, u16::MAX, u32::MAX, 0), (u16::MAX, u32::MAX));
        assert_eq!(wrap.rewrite(2, 500, 0, 20), (0, 959));
    }
}
