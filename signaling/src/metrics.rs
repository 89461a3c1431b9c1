//! The live side's figures for operators, recorded through the `metrics`
//! facade: the server renders them at `/metrics`. Labels are fixed words
//! and media thread names, never anything a client sent.

use metrics::Gauge;

/// This crate's metrics and what each means. A name ending in `_total` is a
/// counter, in `_seconds` a histogram, else a gauge.
pub const METRICS: &[(&str, &str)] = &[
    (
        "plenary_websockets_open",
        "Live meeting websockets open on this node (participants and viewers).",
    ),
    (
        "plenary_live_store_seconds",
        "Time Redis takes to read or change a meeting's state (a change with its compare-and-set retries), by operation.",
    ),
    ("plenary_votes_opened_total", "Votes opened."),
    ("plenary_votes_closed_total", "Votes closed, with a result."),
    (
        "plenary_sfu_rooms",
        "Media rooms, by the media thread carrying them.",
    ),
    (
        "plenary_sfu_peers",
        "Peer connections in media rooms (publishers, subscribers, viewers), by media thread.",
    ),
    (
        "plenary_sfu_forwarded_packets_total",
        "RTP packets the SFU wrote to subscribers, by media thread.",
    ),
    (
        "plenary_sfu_dropped_packets_total",
        "RTP packets dropped because a subscriber's connection could not take them at once, by media thread.",
    ),
    (
        "plenary_sfu_keyframe_requests_total",
        "Key frame requests (PLI) the SFU sent to publishers, by media thread.",
    ),
    (
        "plenary_sfu_nacks_total",
        "NACKs (requests to resend lost packets): received from subscribers, which the SFU answers from its buffer, and sent to publishers, by direction.",
    ),
    (
        "plenary_relay_datagrams_total",
        "The node relay's datagrams, by direction: sent, dropped (the socket was full), received, refused (not sealed with the relay's key, replayed or malformed).",
    ),
    (
        "plenary_relay_tracks_out",
        "Tracks published on this node crossing to another node, once per node they cross to.",
    ),
    (
        "plenary_media_packet_failures_total",
        "Media packets webrtc-rs could not read or write, by kind.",
    ),
];

/// Says what each metric of `metrics` means, to the recorder installed.
pub fn describe(metrics: &[(&'static str, &'static str)]) {
    for (name, what) in metrics {
        if name.ends_with("_total") {
            metrics::describe_counter!(*name, *what);
        } else if name.ends_with("_seconds") {
            metrics::describe_histogram!(*name, metrics::Unit::Seconds, *what);
        } else {
            metrics::describe_gauge!(*name, *what);
        }
    }
}

/// The media thread this runs on (`plenary-media-N`), or `shared` off them.
pub(crate) fn thread() -> String {
    std::thread::current()
        .name()
        .filter(|n| n.starts_with("plenary-media-"))
        .unwrap_or("shared")
        .to_string()
}

/// One more of `gauge` while this lives.
#[derive(Debug)]
pub(crate) struct Held(Gauge);

impl Held {
    pub(crate) fn new(gauge: Gauge) -> Held {
        gauge.increment(1.0);
        Held(gauge)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}
