//! The webrtc crates log each packet they cannot deliver, at ERROR and some
//! with the packet itself, payload included. One participant sends
//! thousands of packets a second, so those lines would fill a node's disk
//! and bury everything else. [`PacketNoise`] keeps them out of the log: it
//! counts them by kind (the metric `plenary_media_packet_failures_total`)
//! and its [`Summary`] writes how many there were, one line at most each
//! period. Every other line passes as it is.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::{Dispatch, Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

/// Where the webrtc crates log per-packet failures.
const TARGET: &str = "webrtc::peer_connection::driver";

/// The kinds of per-packet failure, as the metric's `kind` label names them.
const KINDS: [&str; 5] = [
    "inbound_queue_full",
    "rtcp_queue_full",
    "unknown_track",
    "rtp_not_sent",
    "rtcp_not_sent",
];

/// The kind of a per-packet failure, from the start of its message.
fn kind_of(message: &str) -> Option<usize> {
    [
        ("Failed to send RtpPacket to track remote", 0),
        ("Failed to send RtcpPacket to track", 1),
        ("Failed to get track_remote", 2),
        ("Failed to route RtcpPacket", 2),
        ("Failed to send RTP", 3),
        ("Failed to send RTCP", 4),
    ]
    .iter()
    .find(|(start, _)| message.starts_with(start))
    .map(|(_, kind)| *kind)
}

#[derive(Debug, Default)]
struct Counts([AtomicU64; KINDS.len()]);

/// A layer that counts the webrtc crates' per-packet failures instead of
/// letting them reach the log.
#[derive(Debug)]
pub struct PacketNoise {
    counts: Arc<Counts>,
}

/// Writes the summary of what [`PacketNoise`] kept out.
#[derive(Debug)]
pub struct Summary {
    counts: Weak<Counts>,
}

impl PacketNoise {
    pub fn new() -> (PacketNoise, Summary) {
        let counts = Arc::new(Counts::default());
        let summary = Summary {
            counts: Arc::downgrade(&counts),
        };
        (PacketNoise { counts }, summary)
    }
}

impl Summary {
    /// Every `period`, writes through `dispatch` how many lines were kept
    /// out, if any. Runs on a thread of its own (a layer cannot log from
    /// inside the subscriber) until the subscriber is gone.
    pub fn start(self, dispatch: &Dispatch, period: Duration) {
        let dispatch = dispatch.downgrade();
        let started = std::thread::Builder::new()
            .name("plenary-packet-noise".into())
            .spawn(move || loop {
                std::thread::sleep(period);
                let (Some(counts), Some(dispatch)) = (self.counts.upgrade(), dispatch.upgrade())
                else {
                    break;
                };
                let taken: Vec<(&str, u64)> = KINDS
                    .iter()
                    .zip(&counts.0)
                    .map(|(kind, n)| (*kind, n.swap(0, Ordering::Relaxed)))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                if taken.is_empty() {
                    continue;
                }
                let total: u64 = taken.iter().map(|(_, n)| n).sum();
                let kinds = taken
                    .iter()
                    .map(|(kind, n)| format!("{kind} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                tracing::dispatcher::with_default(&dispatch, || {
                    tracing::warn!(
                        total,
                        "media: {total} packets the WebRTC stack could not deliver in the last {} s ({kinds}); counted in plenary_media_packet_failures_total, not logged one by one",
                        period.as_secs_f32()
                    );
                });
            });
        if let Err(e) = started {
            tracing::warn!("media: no thread for the packet failure summary: {e}");
        }
    }
}

impl<S: Subscriber> Layer<S> for PacketNoise {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        let metadata = event.metadata();
        // Most events end here: the hub's own, and anything below WARN.
        if *metadata.level() > Level::WARN
            || !(metadata.target() == "log" || metadata.target().starts_with("webrtc"))
        {
            return true;
        }
        let mut seen = Seen::default();
        event.record(&mut seen);
        let target = seen.log_target.as_deref().unwrap_or(metadata.target());
        if target != TARGET {
            return true;
        }
        let Some(kind) = kind_of(&seen.message.0) else {
            return true;
        };
        self.counts.0[kind].fetch_add(1, Ordering::Relaxed);
        metrics::counter!("plenary_media_packet_failures_total", "kind" => KINDS[kind])
            .increment(1);
        false
    }
}

/// The fields of an event that say what it is: its message's start (never
/// the rest, which may hold a packet) and, for a line of the `log` crate,
/// its target.
#[derive(Default)]
struct Seen {
    message: Start,
    log_target: Option<String>,
}

impl Visit for Seen {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "log.target" => self.log_target = Some(value.to_string()),
            "message" => {
                let _ = self.message.write_str(value);
            }
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            // Formatting stops where `Start` is full.
            let _ = write!(self.message, "{value:?}");
        }
    }
}

/// The first characters written to it; then it refuses more, which ends
/// the formatting.
#[derive(Default)]
struct Start(String);

impl Start {
    const LEN: usize = 64;
}

impl fmt::Write for Start {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = Start::LEN.saturating_sub(self.0.len());
        if s.len() <= room {
            self.0.push_str(s);
            return Ok(());
        }
        let cut = (0..=room)
            .rev()
            .find(|i| s.is_char_boundary(*i))
            .unwrap_or(0);
        self.0.push_str(&s[..cut]);
        Err(fmt::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_packet_messages_are_known_by_their_start() {
        assert_eq!(
            kind_of("Failed to send RtpPacket to track remote abc: Full(OnRtpPacket(..))"),
            Some(0)
        );
        assert_eq!(kind_of("Failed to send RTP: unsupported codec"), Some(3));
        assert_eq!(kind_of("Failed to send RTCP: x"), Some(4));
        assert_eq!(
            kind_of("Failed to get track_remote: x for RtpPacket"),
            Some(2)
        );
        assert_eq!(kind_of("Failed to bind UDP on address 0.0.0.0"), None);
    }

    #[test]
    fn start_keeps_the_first_characters_only() {
        let mut start = Start::default();
        let long = "é".repeat(100);
        assert!(write!(start, "{long}").is_err());
        assert!(start.0.len() <= Start::LEN && start.0.starts_with("éé"));
    }
}
