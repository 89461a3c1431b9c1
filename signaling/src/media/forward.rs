//! The data plane: one task per published track copies each packet to the
//! subscribers its route names.

use super::Command;
use crate::sfu::TrackKey;
use futures_util::FutureExt;
use plenary_protocol::signal::ParticipantId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, RwLock};
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
}

impl Route {
    pub(super) fn outs(&self) -> Arc<HashMap<ParticipantId, Out>> {
        self.outs.read().unwrap_or_else(|p| p.into_inner()).clone()
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

/// Reads one published track and hands each packet to its subscribers.
pub(super) async fn forward(
    key: TrackKey,
    track: Arc<dyn TrackRemote>,
    route: Arc<Route>,
    room: mpsc::UnboundedSender<Command>,
) {
    let mut skipped: u16 = 0;
    let mut heard_at = Instant::now();
    let mut level_at = Instant::now();
    let _ = room.send(Command::Heard { who: key.owner });
    while let Some(event) = track.poll().await {
        let mut packet = match event {
            TrackRemoteEvent::OnRtpPacket(packet) => packet,
            TrackRemoteEvent::OnEnded => break,
            _ => continue,
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
        let level_id = route.audio_level_id.load(Ordering::Relaxed);
        if level_id != 0 && level_at.elapsed() >= Duration::from_millis(100) {
            if let Some(level) = u8::try_from(level_id)
                .ok()
                .and_then(|id| packet.header.get_extension(id))
                .and_then(|b| b.first().copied())
            {
                level_at = Instant::now();
                let _ = room.send(Command::AudioLevel {
                    who: key.owner,
                    level: level & 0x7f,
                });
            }
        }
        if route.muted.load(Ordering::Relaxed) {
            // Subscribers see no gap in sequence numbers, so they do not ask
            // for packets that were never meant for them.
            skipped = skipped.wrapping_add(1);
            continue;
        }
        let outs = route.outs();
        if outs.is_empty() {
            continue;
        }
        packet.header.sequence_number = packet.header.sequence_number.wrapping_sub(skipped);
        // Extension ids are the publisher's; the subscriber's leg negotiated its own.
        packet.header.extension = false;
        packet.header.extensions.clear();
        packet.header.extensions_padding = 0;
        for out in outs.values() {
            let mut copy = packet.clone();
            copy.header.ssrc = out.ssrc;
            copy.header.payload_type = out.payload_type;
            // Written if the connection takes it now; a full queue (or a
            // track not yet bound) is that subscriber's loss alone.
            let _ = out.track.write_rtp(copy).now_or_never();
        }
    }
    let _ = room.send(Command::TrackEnded { key, track });
}
