//! The SFU driver: carries out what `sfu::Room` decides, with webrtc-rs
//! peer connections. One task per meeting room owns the room, its peer
//! connections and the table of routes; one task per published track reads
//! its packets and writes a copy to each subscriber's connection. A room and
//! everything it spawns run on one of the node's media threads (`workers`).
//!
//! Architecture invariant: no decision is taken here. Who receives what, the
//! chair's mutes, the active speaker and the timeouts come from `sfu::Room`;
//! this module turns its `Action`s into SDP, RTP and RTCP.
//!
//! Forwarding never waits for a subscriber: a write that cannot be queued at
//! once (that connection's queue is full) drops that subscriber's packet only.

mod config;
mod driver;
mod forward;
mod peer;
pub mod recorder;
pub mod relay;

pub use config::{MediaConfig, RelayConfig, TurnConfig};
use driver::RoomDriver;
use peer::media_engine;
pub use peer::{local_track, vp8};

pub use crate::ice::PeerAddresses;
use crate::live::LiveStore;
use crate::sfu::TrackKey;
use crate::workers::Workers;
use plenary_protocol::ids::MeetingId;
use plenary_protocol::signal::{
    IceCandidate, IceServer, ParticipantId, PublishedTrack, ServerMessage, SignalError,
};
use rtc::peer_connection::configuration::setting_engine::SettingEngineBuilder;
use rtc::peer_connection::configuration::RTCConfigurationBuilder;
use rtc::peer_connection::transport::RTCIceCandidateType;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot};
use webrtc::media_stream::track_remote::TrackRemote;
use webrtc::peer_connection::{PeerConnection, PeerConnectionBuilder, PeerConnectionEventHandler};

pub type MediaRefusal = (SignalError, String);

fn refusal(code: SignalError, message: impl std::fmt::Display) -> MediaRefusal {
    (code, message.to_string())
}

fn not_in_media() -> MediaRefusal {
    refusal(
        SignalError::NotInMedia,
        "not in the media room: send media_join",
    )
}

/// The media rooms of this node.
#[derive(Debug, Clone)]
pub struct Media {
    inner: Arc<MediaInner>,
}

#[derive(Debug)]
struct MediaInner {
    config: MediaConfig,
    live: LiveStore,
    /// This node's URL, as recorded for the meetings whose media it carries.
    node_url: String,
    rooms: Mutex<HashMap<MeetingId, mpsc::UnboundedSender<Command>>>,
    /// Started with the first room, so a node without media has no threads for it.
    workers: OnceLock<Workers>,
    next_port: AtomicU32,
    /// Where the channels of meetings in progress are recorded, if anywhere.
    recordings: Option<Arc<dyn crate::recording::Recordings>>,
    relay: Option<Arc<relay::Relay>>,
    /// Where the packets of each track relayed to this node go: its
    /// forwarding task here.
    relayed: Mutex<HashMap<(MeetingId, TrackKey), mpsc::Sender<Relayed>>>,
    /// Media connections on this node, against `config.capacity`.
    load: std::sync::atomic::AtomicUsize,
}

/// A packet of a track published on another node, as its relay sent it.
pub(crate) struct Relayed {
    pub(crate) packet: rtc::rtp::Packet,
    pub(crate) layer: Option<plenary_protocol::signal::Quality>,
    pub(crate) level: Option<u8>,
}

/// Where a participant's media connection goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Here,
    /// The URL of the node to open it on.
    Elsewhere(String),
}

/// Packets of one relayed track waiting for its forwarding task.
const RELAYED_QUEUE: usize = 512;

impl Media {
    /// Binds the relay's socket when one is configured (so inside a Tokio
    /// runtime then).
    pub fn new(
        config: MediaConfig,
        live: LiveStore,
        node_url: String,
        recordings: Option<Arc<dyn crate::recording::Recordings>>,
    ) -> std::io::Result<Media> {
        let relay = match &config.relay {
            Some(r) => Some(Arc::new(relay::Relay::bind(r.bind, r.key.clone())?)),
            None => None,
        };
        let media = Media {
            inner: Arc::new(MediaInner {
                config,
                live,
                node_url,
                recordings,
                rooms: Mutex::new(HashMap::new()),
                workers: OnceLock::new(),
                next_port: AtomicU32::new(0),
                relay: relay.clone(),
                relayed: Mutex::new(HashMap::new()),
                load: std::sync::atomic::AtomicUsize::new(0),
            }),
        };
        if let Some(relay) = relay {
            tracing::info!(addr = %relay.addr, "media: the node relay listens on {}", relay.addr);
            let inner = Arc::downgrade(&media.inner);
            tokio::spawn(async move {
                relay
                    .receive(|from, message| {
                        if let Some(inner) = inner.upgrade() {
                            Media { inner }.deliver(from, message);
                        }
                    })
                    .await;
            });
        }
        Ok(media)
    }

    /// Hands a datagram from another node's relay to where it goes: a
    /// packet to its track's forwarding task, the rest to the room.
    fn deliver(&self, from: SocketAddr, message: relay::Message) {
        use rtc::shared::marshal::Unmarshal;
        let meeting = message.meeting();
        if let relay::Message::Rtp {
            track,
            layer,
            level,
            packet,
            ..
        } = message
        {
            let queue = self
                .inner
                .relayed
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&(meeting, track))
                .cloned();
            if let (Some(queue), Ok(packet)) =
                (queue, rtc::rtp::Packet::unmarshal(&mut &packet[..]))
            {
                // A forwarding task behind loses this packet, nothing waits.
                let _ = queue.try_send(Relayed {
                    packet,
                    layer,
                    level,
                });
            }
            return;
        }
        if let Some(room) = self.lock().get(&meeting) {
            let _ = room.send(Command::Relay { from, message });
        }
    }

    /// Where `meeting`'s media connection of a participant seated here
    /// goes. Without the relay: the one node carrying the meeting's media.
    /// With it: here, unless this node is full and another node carrying
    /// the meeting has room (the one with the most).
    pub async fn place(&self, meeting: MeetingId) -> Result<Placement, crate::live::LiveError> {
        let inner = &self.inner;
        if inner.relay.is_none() {
            // The first node to join claims the home, which carries it all.
            let home = inner
                .live
                .media_home(meeting, &inner.node_url, crate::live::MEDIA_LEASE)
                .await?;
            return Ok(match home == inner.node_url {
                true => Placement::Here,
                false => Placement::Elsewhere(home),
            });
        }
        // With the relay the home only records; a room claims it when it
        // starts, so a join with room here asks Redis nothing.
        if self.spare() > 0 {
            return Ok(Placement::Here);
        }
        let nodes = inner
            .live
            .media_nodes(meeting, None, driver::DIRECTORY_LEASE)
            .await?;
        Ok(nodes
            .into_iter()
            .filter(|n| n.url != inner.node_url && n.spare > 0)
            .max_by_key(|n| n.spare)
            .map_or(Placement::Here, |n| Placement::Elsewhere(n.url)))
    }

    /// How many more media connections this node takes.
    fn spare(&self) -> u32 {
        let load = self.inner.load.load(Ordering::Relaxed);
        u32::try_from(self.inner.config.capacity.saturating_sub(load)).unwrap_or(u32::MAX)
    }

    /// This node as the other nodes carrying a meeting see it.
    fn as_media_node(&self) -> Option<crate::live::MediaNode> {
        let relay = self.inner.relay.as_ref()?;
        Some(crate::live::MediaNode {
            url: self.inner.node_url.clone(),
            relay: relay.addr,
            spare: self.spare(),
        })
    }

    /// How often a connection in the media room gets fresh TURN
    /// credentials: at half their lifetime, so a browser never holds only
    /// expired ones. `None` without TURN.
    pub fn turn_renewal(&self) -> Option<Duration> {
        self.inner.config.turn.as_ref().map(|t| t.ttl / 2)
    }

    /// The ICE servers `who` should use in `meeting`, with fresh TURN credentials.
    pub fn ice_servers(&self, meeting: MeetingId, who: ParticipantId) -> Vec<IceServer> {
        let config = &self.inner.config;
        let mut servers = Vec::new();
        if !config.stun.is_empty() {
            servers.push(IceServer {
                urls: config.stun.clone(),
                username: None,
                credential: None,
            });
        }
        if let Some(turn) = &config.turn {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let (username, credential) = turn.credentials(meeting, who, now);
            servers.push(IceServer {
                urls: turn.urls.clone(),
                username: Some(username),
                credential: Some(credential),
            });
        }
        servers
    }

    fn workers(&self) -> &Workers {
        let inner = &self.inner;
        inner
            .workers
            .get_or_init(|| Workers::start(inner.config.workers))
    }

    /// Tasks alive on the media threads (rooms, connections, forwarding).
    pub fn alive_tasks(&self) -> usize {
        self.inner.workers.get().map_or(0, Workers::alive_tasks)
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<MeetingId, mpsc::UnboundedSender<Command>>> {
        self.inner.rooms.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `who` enters the meeting's media room; `out` carries the server's
    /// offers, candidates and events to their websocket.
    pub async fn join(
        &self,
        meeting: MeetingId,
        who: ParticipantId,
        seat: Seat,
        out: mpsc::Sender<ServerMessage>,
    ) -> Result<MediaPeer, MediaRefusal> {
        let token = crate::frames::random_u64();
        let (reply, answer) = oneshot::channel();
        let join = Command::Join {
            who,
            token,
            seat,
            out,
            reply,
        };
        let room = {
            // Sent under the lock: a room only ends under it, after it has
            // seen every command sent to it.
            let mut rooms = self.lock();
            let room = match rooms.get(&meeting) {
                Some(tx) if !tx.is_closed() => tx.clone(),
                _ => {
                    let (tx, rx) = mpsc::unbounded_channel();
                    let driver = RoomDriver::new(self.clone(), meeting, tx.clone());
                    self.workers().spawn_room(driver.run(rx));
                    rooms.insert(meeting, tx.clone());
                    tx
                }
            };
            room.send(join)
                .map_err(|_| refusal(SignalError::Unavailable, "the media room closed; retry"))?;
            room
        };
        let offer_follows = answer
            .await
            .map_err(|_| refusal(SignalError::Unavailable, "the media room closed; retry"))??;
        Ok(MediaPeer {
            room,
            who,
            token,
            offer_follows,
        })
    }

    /// Picks the next free port of the configured range (or any port).
    async fn build_peer(
        &self,
        handler: Arc<dyn PeerConnectionEventHandler>,
    ) -> Result<Arc<dyn PeerConnection>, MediaRefusal> {
        let config = &self.inner.config;
        let candidates: Vec<u16> = match config.ports {
            None => vec![0],
            Some((low, high)) => {
                let span = u32::from(high.saturating_sub(low)) + 1;
                let start = self.inner.next_port.fetch_add(1, Ordering::Relaxed) % span;
                (0..span.min(64))
                    .filter_map(|i| u16::try_from((start + i) % span).ok())
                    .map(|offset| low + offset)
                    .collect()
            }
        };
        let mut last = String::from("no port to bind");
        for port in candidates {
            match self
                .try_build(SocketAddr::new(config.bind, port), handler.clone())
                .await
            {
                Ok(pc) => return Ok(pc),
                Err(e) => last = e,
            }
        }
        tracing::warn!("media: no peer connection: {last}");
        Err(refusal(
            SignalError::Unavailable,
            "no media port is free on this node; retry",
        ))
    }

    async fn try_build(
        &self,
        addr: SocketAddr,
        handler: Arc<dyn PeerConnectionEventHandler>,
    ) -> Result<Arc<dyn PeerConnection>, String> {
        let config = &self.inner.config;
        let mut engine = media_engine().map_err(|e| e.to_string())?;
        // The defaults without simulcast's rid extensions, which would take
        // ids the browsers give other extensions.
        let registry = crate::rtcp::registry(&mut engine)?;
        // The browser is always the DTLS client: as answerer it picks `active`
        // by itself, and as offerer it gets `passive` here. webrtc-rs would
        // otherwise answer `active` on every renegotiation, which a browser
        // that answered first (and so became the client) refuses ("Failed to
        // set SSL role for the transport").
        let mut settings = SettingEngineBuilder::new()
            .with_include_loopback_candidate(addr.ip().is_loopback())
            .with_answering_dtls_role(rtc::peer_connection::transport::RTCDtlsRole::Server);
        if let Some(ip) = config.public_ip {
            settings = settings.with_nat_1to1_ips(vec![ip.to_string()], RTCIceCandidateType::Host);
        }
        let pc = PeerConnectionBuilder::new()
            .with_configuration(RTCConfigurationBuilder::new().build())
            .with_media_engine(engine)
            .with_setting_engine(settings.build())
            .with_interceptor_registry(registry)
            .with_handler(handler)
            .with_udp_addrs(vec![addr])
            .build()
            .await
            .map_err(|e| e.to_string())?;
        Ok(Arc::new(pc))
    }
}

/// How a participant takes part in the media room.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seat {
    /// Their own offer comes first (they publish); the room's waits for it.
    pub publish: bool,
    pub kind: crate::sfu::PeerKind,
}

/// A participant's place in a media room; leaving (or dropping it) closes
/// their peer connection.
#[derive(Debug)]
pub struct MediaPeer {
    room: mpsc::UnboundedSender<Command>,
    who: ParticipantId,
    token: u64,
    /// The room offered the tracks already published on joining.
    pub offer_follows: bool,
}

impl MediaPeer {
    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, MediaRefusal>>) -> Command,
    ) -> Result<T, MediaRefusal> {
        let (reply, answer) = oneshot::channel();
        self.room
            .send(make(reply))
            .map_err(|_| refusal(SignalError::NotInMedia, "not in the media room"))?;
        answer
            .await
            .map_err(|_| refusal(SignalError::NotInMedia, "not in the media room"))?
    }

    /// The browser's offer; the answer's SDP.
    pub async fn offer(
        &self,
        sdp: String,
        tracks: Vec<PublishedTrack>,
    ) -> Result<String, MediaRefusal> {
        let (who, token) = (self.who, self.token);
        self.ask(|reply| Command::Offer {
            who,
            token,
            sdp,
            tracks,
            reply,
        })
        .await
    }

    pub async fn answer(&self, sdp: String) -> Result<(), MediaRefusal> {
        let (who, token) = (self.who, self.token);
        self.ask(|reply| Command::Answer {
            who,
            token,
            sdp,
            reply,
        })
        .await
    }

    /// A subscriber's choice of what it receives.
    pub async fn choose(&self, choice: Choice) -> Result<(), MediaRefusal> {
        let (who, token) = (self.who, self.token);
        self.ask(|reply| Command::Choose {
            who,
            token,
            choice,
            reply,
        })
        .await
    }

    pub async fn candidate(&self, candidate: IceCandidate) -> Result<(), MediaRefusal> {
        let (who, token) = (self.who, self.token);
        self.ask(|reply| Command::Candidate {
            who,
            token,
            candidate,
            reply,
        })
        .await
    }
}

impl Drop for MediaPeer {
    fn drop(&mut self) {
        let _ = self.room.send(Command::Leave {
            who: self.who,
            token: self.token,
        });
    }
}

/// What a subscriber chooses to receive.
#[derive(Debug, Clone, Copy)]
pub enum Choice {
    /// The cameras of at most this many participants (last-N).
    Videos(u32),
    /// A viewer's channel: a booth's language, or the floor (`None`).
    /// A participant's channel is its seat's, in the meeting's state.
    Listen(Option<plenary_protocol::api::Language>),
    /// How large it shows the stage and the other cameras.
    Quality {
        stage: plenary_protocol::signal::Quality,
        tiles: plenary_protocol::signal::Quality,
    },
}

/// What a room's task is asked to do, by the handles above and by its own
/// peer connections and forwarding tasks.
type Reply<T> = oneshot::Sender<Result<T, MediaRefusal>>;

enum Command {
    Join {
        who: ParticipantId,
        token: u64,
        seat: Seat,
        out: mpsc::Sender<ServerMessage>,
        reply: Reply<bool>,
    },
    Offer {
        who: ParticipantId,
        token: u64,
        sdp: String,
        tracks: Vec<PublishedTrack>,
        reply: Reply<String>,
    },
    Answer {
        who: ParticipantId,
        token: u64,
        sdp: String,
        reply: Reply<()>,
    },
    Candidate {
        who: ParticipantId,
        token: u64,
        candidate: IceCandidate,
        reply: Reply<()>,
    },
    Choose {
        who: ParticipantId,
        token: u64,
        choice: Choice,
        reply: Reply<()>,
    },
    Leave {
        who: ParticipantId,
        token: u64,
    },
    /// The connection of `who` (joined as `token`) failed.
    Failed {
        who: ParticipantId,
        token: u64,
    },
    /// A publisher's track arrived.
    Track {
        who: ParticipantId,
        token: u64,
        track: Arc<dyn TrackRemote>,
    },
    /// A published track's forwarding task `task` ended.
    TrackEnded {
        key: TrackKey,
        task: u64,
    },
    Heard {
        who: ParticipantId,
    },
    /// A candidate of the SFU's side of `who`'s connection.
    LocalCandidate {
        who: ParticipantId,
        token: u64,
        candidate: IceCandidate,
    },
    AudioLevel {
        who: ParticipantId,
        level: u8,
    },
    KeyframeWanted {
        key: TrackKey,
    },
    /// What another node carrying the meeting says (never a packet).
    Relay {
        from: SocketAddr,
        message: relay::Message,
    },
    /// A subscriber's receiver report: the most it lost (out of 256) of
    /// the cameras it receives, by their SSRCs.
    Lost {
        to: ParticipantId,
        blocks: Vec<(u32, u8)>,
    },
    /// Read the meeting's state again: a read after a change failed.
    Reread,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("media command")
    }
}
