//! The node relay: how the nodes carrying one meeting's media hand each
//! other the tracks published on them, each track once per node that needs
//! it, and the key frame requests back.
//!
//! UDP datagrams sealed with ChaCha20-Poly1305 under a key the nodes share
//! (`media_relay_secret`), rather than a WebRTC connection per pair of
//! nodes: the nodes already trust each other through their configuration,
//! a track that comes or goes needs no renegotiation, one socket serves
//! every meeting and every other node, and RTP stays datagrams (a lost
//! packet is one packet lost, not a stream held up). Each datagram is
//! numbered by its sender; a number seen before, or too old, is dropped, so
//! a datagram recorded on the network cannot be played again.
//!
//! What crosses is soft state, sent again every [`ANNOUNCE`]: each node
//! says which tracks it publishes (`Have`) and which of the others' it
//! needs (`Want`); what is not said again within [`FORGET`] is forgotten,
//! so a node that dies leaves nothing behind on the others.

use crate::sfu::{Source, TrackKey};
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce, Tag};
use plenary_protocol::ids::MeetingId;
use plenary_protocol::signal::{ParticipantId, Quality};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How often each node says again what it has and what it wants.
pub const ANNOUNCE: Duration = Duration::from_millis(500);
/// How long a track or a want not said again is kept.
pub const FORGET: Duration = Duration::from_millis(2_000);

/// The largest datagram taken: a `Have` of [`MAX_LISTED`] tracks (nine
/// bytes each; an RTP packet is far smaller).
pub const MAX_DATAGRAM: usize = 32 * 1024;
/// Most tracks one `Have` or `Want` names (three for each of a thousand
/// seats on one node).
pub const MAX_LISTED: usize = 3_000;

const VERSION: u8 = 1;
/// Version, sender, number: sent in the clear, authenticated.
const HEADER: usize = 1 + 4 + 8;
const TAG: usize = 16;
/// Senders whose numbers are remembered; beyond, the oldest is forgotten
/// (a node that restarts is a new sender).
const MAX_SENDERS: usize = 256;

/// The relay's key, derived from the shared secret.
#[derive(Clone)]
pub struct RelayKey(ChaCha20Poly1305);

impl RelayKey {
    pub fn from_secret(secret: &str) -> RelayKey {
        let digest = Sha256::new()
            .chain_update(b"plenary node relay v1\0")
            .chain_update(secret.as_bytes())
            .finalize();
        RelayKey(ChaCha20Poly1305::new(Key::from_slice(&digest)))
    }
}

impl std::fmt::Debug for RelayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RelayKey(..)")
    }
}

/// What one datagram carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// One RTP packet of a track published on the sender, as its publisher
    /// sent it (header extensions taken out), with its simulcast layer and
    /// its audio level (RFC 6464) when it has them.
    Rtp {
        meeting: MeetingId,
        track: TrackKey,
        layer: Option<Quality>,
        level: Option<u8>,
        packet: Vec<u8>,
    },
    /// The tracks published on the sender.
    Have {
        meeting: MeetingId,
        tracks: Vec<TrackKey>,
    },
    /// The tracks of the receiver the sender needs.
    Want {
        meeting: MeetingId,
        tracks: Vec<TrackKey>,
    },
    /// A subscriber on the sender needs a key frame of this track.
    Keyframe { meeting: MeetingId, track: TrackKey },
}

impl Message {
    pub fn meeting(&self) -> MeetingId {
        match self {
            Message::Rtp { meeting, .. }
            | Message::Have { meeting, .. }
            | Message::Want { meeting, .. }
            | Message::Keyframe { meeting, .. } => *meeting,
        }
    }
}

/// Why a datagram was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("too short or too long")]
    Size,
    #[error("another version")]
    Version,
    #[error("not sealed with this relay's key")]
    Seal,
    #[error("a number already seen, or too old")]
    Replayed,
    #[error("malformed")]
    Malformed,
}

fn source_code(source: Source) -> u8 {
    match source {
        Source::Microphone => 0,
        Source::Camera => 1,
        Source::Screen => 2,
        Source::Interpretation => 3,
    }
}

fn source_of(code: u8) -> Option<Source> {
    match code {
        0 => Some(Source::Microphone),
        1 => Some(Source::Camera),
        2 => Some(Source::Screen),
        _ => None,
    }
}

const NONE: u8 = u8::MAX;

fn put_track(out: &mut Vec<u8>, track: TrackKey) {
    out.extend_from_slice(&track.owner.0.to_be_bytes());
    out.push(source_code(track.source));
}

/// Reads the body's fields in order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Unreadable> {
        if self.0.len() < n {
            return Err(Unreadable::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, Unreadable> {
        Ok(self.take(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, Unreadable> {
        let bytes: [u8; 8] = self
            .take(8)?
            .try_into()
            .map_err(|_| Unreadable::Malformed)?;
        Ok(u64::from_be_bytes(bytes))
    }

    fn meeting(&mut self) -> Result<MeetingId, Unreadable> {
        let bytes: [u8; 16] = self
            .take(16)?
            .try_into()
            .map_err(|_| Unreadable::Malformed)?;
        Ok(MeetingId(uuid::Uuid::from_bytes(bytes)))
    }

    fn track(&mut self) -> Result<TrackKey, Unreadable> {
        let owner = ParticipantId(self.u64()?);
        let source = source_of(self.byte()?).ok_or(Unreadable::Malformed)?;
        Ok(TrackKey { owner, source })
    }

    fn tracks(&mut self) -> Result<Vec<TrackKey>, Unreadable> {
        let count = usize::from(u16::from_be_bytes([self.byte()?, self.byte()?]));
        if count > MAX_LISTED {
            return Err(Unreadable::Malformed);
        }
        (0..count).map(|_| self.track()).collect()
    }
}

impl Message {
    fn encode(&self, out: &mut Vec<u8>) {
        let (kind, meeting) = match self {
            Message::Rtp { meeting, .. } => (0, meeting),
            Message::Have { meeting, .. } => (1, meeting),
            Message::Want { meeting, .. } => (2, meeting),
            Message::Keyframe { meeting, .. } => (3, meeting),
        };
        out.push(kind);
        out.extend_from_slice(meeting.0.as_bytes());
        match self {
            Message::Rtp {
                track,
                layer,
                level,
                packet,
                ..
            } => {
                put_track(out, *track);
                out.push(layer.map_or(NONE, |l| l.index() as u8));
                out.push(level.unwrap_or(NONE));
                out.extend_from_slice(packet);
            }
            Message::Have { tracks, .. } | Message::Want { tracks, .. } => {
                let listed = &tracks[..tracks.len().min(MAX_LISTED)];
                out.extend_from_slice(&(listed.len() as u16).to_be_bytes());
                for track in listed {
                    put_track(out, *track);
                }
            }
            Message::Keyframe { track, .. } => put_track(out, *track),
        }
    }

    fn decode(body: &[u8]) -> Result<Message, Unreadable> {
        let mut r = Reader(body);
        let kind = r.byte()?;
        let meeting = r.meeting()?;
        let message = match kind {
            0 => {
                let track = r.track()?;
                let layer = match r.byte()? {
                    NONE => None,
                    l => Some(
                        *Quality::ALL
                            .get(usize::from(l))
                            .ok_or(Unreadable::Malformed)?,
                    ),
                };
                let level = Some(r.byte()?).filter(|l| *l != NONE);
                let packet = r.take(r.0.len())?.to_vec();
                Message::Rtp {
                    meeting,
                    track,
                    layer,
                    level,
                    packet,
                }
            }
            1 => Message::Have {
                meeting,
                tracks: r.tracks()?,
            },
            2 => Message::Want {
                meeting,
                tracks: r.tracks()?,
            },
            3 => Message::Keyframe {
                meeting,
                track: r.track()?,
            },
            _ => return Err(Unreadable::Malformed),
        };
        if kind != 0 && !r.0.is_empty() {
            return Err(Unreadable::Malformed);
        }
        Ok(message)
    }
}

fn nonce(sender: u32, number: u64) -> Nonce {
    let mut bytes = [0u8; 12];
    bytes[..4].copy_from_slice(&sender.to_be_bytes());
    bytes[4..].copy_from_slice(&number.to_be_bytes());
    *Nonce::from_slice(&bytes)
}

/// The sending side of one node: its sender id and the next number.
#[derive(Debug)]
pub struct Sealer {
    key: RelayKey,
    sender: u32,
    next: AtomicU64,
}

impl Sealer {
    pub fn new(key: RelayKey, sender: u32) -> Sealer {
        Sealer {
            key,
            sender,
            next: AtomicU64::new(1),
        }
    }

    /// The datagram carrying `message`, sealed under the next number.
    pub fn seal(&self, message: &Message) -> Vec<u8> {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        let mut out = Vec::with_capacity(HEADER + 64 + TAG);
        out.push(VERSION);
        out.extend_from_slice(&self.sender.to_be_bytes());
        out.extend_from_slice(&number.to_be_bytes());
        message.encode(&mut out);
        let (header, body) = out.split_at_mut(HEADER);
        match self
            .key
            .0
            .encrypt_in_place_detached(&nonce(self.sender, number), header, body)
        {
            Ok(tag) => out.extend_from_slice(&tag),
            // Only for bodies past 256 GiB: never.
            Err(_) => out.clear(),
        }
        out
    }
}

/// The numbers seen of one sender: the highest, and which of the 64 below
/// it (as in SRTP's and WireGuard's replay windows).
#[derive(Debug, Clone, Copy, Default)]
struct Window {
    highest: u64,
    seen: u64,
}

impl Window {
    /// Takes `number` if it is new; false if seen or older than the window.
    fn take(&mut self, number: u64) -> bool {
        if number > self.highest {
            let shift = number - self.highest;
            self.seen = if shift >= 64 { 0 } else { self.seen << shift };
            self.seen |= 1;
            self.highest = number;
            return true;
        }
        let back = self.highest - number;
        if back >= 64 || self.seen & (1 << back) != 0 {
            return false;
        }
        self.seen |= 1 << back;
        true
    }
}

/// The receiving side of one node: opens datagrams and drops replays.
#[derive(Debug)]
pub struct Opener {
    key: RelayKey,
    windows: HashMap<u32, (Window, u64)>,
    /// Counts takes, to forget the sender heard from least recently.
    clock: u64,
}

impl Opener {
    pub fn new(key: RelayKey) -> Opener {
        Opener {
            key,
            windows: HashMap::new(),
            clock: 0,
        }
    }

    pub fn open(&mut self, datagram: &mut [u8]) -> Result<Message, Unreadable> {
        if datagram.len() < HEADER + TAG || datagram.len() > MAX_DATAGRAM {
            return Err(Unreadable::Size);
        }
        if datagram[0] != VERSION {
            return Err(Unreadable::Version);
        }
        let sender = u32::from_be_bytes([datagram[1], datagram[2], datagram[3], datagram[4]]);
        let mut number = [0u8; 8];
        number.copy_from_slice(&datagram[5..HEADER]);
        let number = u64::from_be_bytes(number);
        let (sealed, tag) = datagram.split_at_mut(datagram.len() - TAG);
        let (header, body) = sealed.split_at_mut(HEADER);
        self.key
            .0
            .decrypt_in_place_detached(&nonce(sender, number), header, body, Tag::from_slice(tag))
            .map_err(|_| Unreadable::Seal)?;
        // Only a sealed datagram moves the window: forged ones cannot.
        self.clock += 1;
        if !self.windows.contains_key(&sender) && self.windows.len() >= MAX_SENDERS {
            let oldest = self
                .windows
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(s, _)| *s);
            if let Some(oldest) = oldest {
                self.windows.remove(&oldest);
            }
        }
        let clock = self.clock;
        let (window, at) = self.windows.entry(sender).or_default();
        *at = clock;
        if !window.take(number) {
            return Err(Unreadable::Replayed);
        }
        Message::decode(body)
    }
}

/// One node's relay socket and its sealing.
#[derive(Debug)]
pub struct Relay {
    socket: tokio::net::UdpSocket,
    sealer: Sealer,
    key: RelayKey,
    /// Where the other nodes reach this one.
    pub addr: SocketAddr,
}

impl Relay {
    /// Binds the socket (inside a Tokio runtime).
    pub fn bind(addr: SocketAddr, key: RelayKey) -> std::io::Result<Relay> {
        let socket = std::net::UdpSocket::bind(addr)?;
        socket.set_nonblocking(true)?;
        let socket = tokio::net::UdpSocket::from_std(socket)?;
        let addr = socket.local_addr()?;
        let sender = u32::try_from(crate::frames::random_u64() >> 32).unwrap_or(1);
        Ok(Relay {
            socket,
            sealer: Sealer::new(key.clone(), sender),
            key,
            addr,
        })
    }

    /// Sends `message` to `to` if the socket takes it at once; a full
    /// socket loses this datagram, never holds up the sender.
    pub fn send(&self, to: SocketAddr, message: &Message) {
        let datagram = self.sealer.seal(message);
        let sent = self.socket.try_send_to(&datagram, to).is_ok();
        let direction = if sent { "sent" } else { "dropped" };
        metrics::counter!("plenary_relay_datagrams_total", "direction" => direction).increment(1);
    }

    /// Reads datagrams for ever, handing each one opened to `deliver`.
    pub async fn receive(&self, mut deliver: impl FnMut(SocketAddr, Message)) {
        let mut opener = Opener::new(self.key.clone());
        let mut buffer = vec![0u8; MAX_DATAGRAM + 1];
        loop {
            let (n, from) = match self.socket.recv_from(&mut buffer).await {
                Ok(read) => read,
                Err(e) => {
                    // ICMP errors from a node that went away; go on.
                    tracing::trace!("relay: {e}");
                    continue;
                }
            };
            match opener.open(&mut buffer[..n]) {
                Ok(message) => {
                    metrics::counter!("plenary_relay_datagrams_total", "direction" => "received")
                        .increment(1);
                    deliver(from, message);
                }
                Err(why) => {
                    metrics::counter!("plenary_relay_datagrams_total", "direction" => "refused")
                        .increment(1);
                    tracing::debug!(%from, "relay: a datagram refused: {why}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> RelayKey {
        RelayKey::from_secret(secret)
    }

    fn meeting() -> MeetingId {
        MeetingId(uuid::Uuid::from_u128(0x57))
    }

    fn cam(owner: u64) -> TrackKey {
        TrackKey {
            owner: ParticipantId(owner),
            source: Source::Camera,
        }
    }

    #[test]
    fn every_message_crosses_whole() {
        let sealer = Sealer::new(key("north lawn building"), 7);
        let mut opener = Opener::new(key("north lawn building"));
        let messages = [
            Message::Rtp {
                meeting: meeting(),
                track: cam(3),
                layer: Some(Quality::Medium),
                level: Some(42),
                packet: vec![0x80, 96, 0, 1, 9, 9, 9],
            },
            Message::Rtp {
                meeting: meeting(),
                track: TrackKey {
                    owner: ParticipantId(u64::MAX),
                    source: Source::Microphone,
                },
                layer: None,
                level: None,
                packet: Vec::new(),
            },
            Message::Have {
                meeting: meeting(),
                tracks: vec![cam(1), cam(2)],
            },
            Message::Want {
                meeting: meeting(),
                tracks: Vec::new(),
            },
            Message::Keyframe {
                meeting: meeting(),
                track: cam(9),
            },
        ];
        for message in messages {
            let mut datagram = sealer.seal(&message);
            assert_eq!(opener.open(&mut datagram), Ok(message));
        }
    }

    #[test]
    fn a_datagram_replayed_altered_or_sealed_with_another_key_is_refused() {
        let sealer = Sealer::new(key("north lawn building"), 7);
        let mut opener = Opener::new(key("north lawn building"));
        let message = Message::Keyframe {
            meeting: meeting(),
            track: cam(1),
        };
        let first = sealer.seal(&message);
        assert!(opener.open(&mut first.clone()).is_ok());
        assert_eq!(
            opener.open(&mut first.clone()),
            Err(Unreadable::Replayed),
            "the same datagram again"
        );
        // Each byte changed, header and body alike, breaks the seal.
        let second = sealer.seal(&message);
        for i in 0..second.len() {
            let mut altered = second.clone();
            altered[i] ^= 0x01;
            let refused = opener.open(&mut altered);
            assert!(
                matches!(refused, Err(Unreadable::Seal | Unreadable::Version)),
                "byte {i}: {refused:?}"
            );
        }
        assert!(
            opener.open(&mut second.clone()).is_ok(),
            "the original still opens"
        );
        let other = Sealer::new(key("another secret entirely"), 7);
        assert_eq!(
            opener.open(&mut other.seal(&message)),
            Err(Unreadable::Seal)
        );
        assert_eq!(opener.open(&mut [1u8; 10]), Err(Unreadable::Size));
        assert_eq!(
            opener.open(&mut vec![0u8; MAX_DATAGRAM + 1]),
            Err(Unreadable::Size)
        );
    }

    #[test]
    fn the_window_takes_late_datagrams_once_and_drops_those_too_old() {
        let mut w = Window::default();
        assert!(w.take(1));
        assert!(w.take(5));
        assert!(w.take(3), "late but new");
        assert!(!w.take(3), "again");
        assert!(!w.take(5));
        assert!(w.take(100));
        assert!(w.take(40), "63 back");
        assert!(!w.take(36), "64 back: too old");
        assert!(w.take(10_000));
        assert!(!w.take(100));
    }

    #[test]
    fn a_body_that_lies_about_its_length_is_malformed() {
        let sealer = Sealer::new(key("north lawn building"), 1);
        let mut opener = Opener::new(key("north lawn building"));
        // A `Have` whose count says more tracks than follow, sealed
        // properly: refused after opening, nothing read past the end.
        let mut body = vec![1u8];
        body.extend_from_slice(meeting().0.as_bytes());
        body.extend_from_slice(&5u16.to_be_bytes());
        put_track(&mut body, cam(1));
        assert_eq!(Message::decode(&body), Err(Unreadable::Malformed));
        let too_many = Message::Have {
            meeting: meeting(),
            tracks: (0..MAX_LISTED as u64 + 50).map(cam).collect(),
        };
        match opener.open(&mut sealer.seal(&too_many)) {
            Ok(Message::Have { tracks, .. }) => assert_eq!(tracks.len(), MAX_LISTED),
            other => panic!("{other:?}"),
        }
    }
}
