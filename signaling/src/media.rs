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

pub use crate::ice::PeerAddresses;
use crate::ice::{check_candidate, keep_allowed_candidates};
use crate::live::{LiveStore, Notice};
use crate::sfu::{Action, CloseReason, Room, RoomConfig, SfuError, Source, TrackKey};
use crate::workers::Workers;
use futures_util::FutureExt;
use hmac::{Hmac, Mac};
use plenary_protocol::ids::MeetingId;
use plenary_protocol::signal::{
    Event, ForwardedTrack, IceCandidate, IceServer, ParticipantId, PublishedTrack, ServerMessage,
    SignalError,
};
use rtc::media_stream::MediaStreamTrack;
use rtc::peer_connection::configuration::media_engine::{
    MediaEngine, MIME_TYPE_OPUS, MIME_TYPE_VP8,
};
use rtc::peer_connection::configuration::setting_engine::SettingEngineBuilder;
use rtc::peer_connection::configuration::RTCConfigurationBuilder;
use rtc::peer_connection::sdp::RTCSessionDescription;
use rtc::peer_connection::transport::{RTCIceCandidateInit, RTCIceCandidateType};
use rtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use rtc::rtp_transceiver::rtp_sender::{
    RTCRtpCodec, RTCRtpCodecParameters, RTCRtpCodingParameters, RTCRtpEncodingParameters,
    RTCRtpHeaderExtensionCapability, RtpCodecKind,
};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot};
use webrtc::media_stream::track_local::static_rtp::TrackLocalStaticRTP;
use webrtc::media_stream::track_local::{TrackLocal, TrackLocalEvent};
use webrtc::media_stream::track_remote::{TrackRemote, TrackRemoteEvent};
use webrtc::peer_connection::{
    PeerConnection, PeerConnectionBuilder, PeerConnectionEventHandler, RTCPeerConnectionState,
};
use webrtc::rtp_transceiver::RtpSender;

const AUDIO_LEVEL_URI: &str = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
const ABS_SEND_TIME_URI: &str = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
const TRANSPORT_CC_URI: &str =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
const SDES_MID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:mid";
/// The payload types the SFU offers; publishers' packets are rewritten to them.
const OPUS_PT: u8 = 111;
const VP8_PT: u8 = 96;

/// Most tracks one participant may publish (one per source).
const MAX_PUBLISHED: usize = 3;
/// Candidates kept while their description has not arrived.
const MAX_EARLY_CANDIDATES: usize = 32;

/// Media settings of a node.
#[derive(Debug, Clone)]
pub struct MediaConfig {
    /// The address media sockets bind to (loopback in tests).
    pub bind: IpAddr,
    /// UDP ports for media, inclusive; `None` for any free port.
    pub ports: Option<(u16, u16)>,
    /// The address browsers reach this node at when it is behind a 1:1 NAT.
    pub public_ip: Option<IpAddr>,
    /// STUN servers handed to browsers.
    pub stun: Vec<String>,
    pub turn: Option<TurnConfig>,
    pub room: RoomConfig,
    /// Threads carrying the media rooms (`workers.rs`).
    pub workers: usize,
    /// The addresses clients' ICE candidates may name (`ice.rs`).
    pub peer_addresses: PeerAddresses,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            ports: None,
            public_ip: None,
            stun: Vec::new(),
            turn: None,
            room: RoomConfig::default(),
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            peer_addresses: PeerAddresses::Loopback,
        }
    }
}

/// TURN with the REST API scheme (coturn's `use-auth-secret`): the username
/// is `<expiry>:<meeting>:<participant>`, the password its HMAC-SHA1 under
/// the secret. coturn checks the expiry when an allocation is made, so a
/// short lifetime bounds how long handed-out credentials can open new
/// relays; the seat's connection hands out fresh ones while it lasts.
#[derive(Clone)]
pub struct TurnConfig {
    pub urls: Vec<String>,
    pub secret: String,
    pub ttl: Duration,
}

impl std::fmt::Debug for TurnConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TurnConfig")
            .field("urls", &self.urls)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl TurnConfig {
    /// Credentials for `who` in `meeting`, valid until `now_secs + ttl`.
    pub fn credentials(
        &self,
        meeting: MeetingId,
        who: ParticipantId,
        now_secs: u64,
    ) -> (String, String) {
        let username = format!("{}:{meeting}:{}", now_secs + self.ttl.as_secs(), who.0);
        let credential = match Hmac::<sha1::Sha1>::new_from_slice(self.secret.as_bytes()) {
            Ok(mut mac) => {
                mac.update(username.as_bytes());
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
            }
            // HMAC takes keys of any length; kept total rather than panicking.
            Err(_) => String::new(),
        };
        (username, credential)
    }
}

/// A refused media request: the code and what to do, in words.
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
}

impl Media {
    pub fn new(config: MediaConfig, live: LiveStore, node_url: String) -> Media {
        Media {
            inner: Arc::new(MediaInner {
                config,
                live,
                node_url,
                rooms: Mutex::new(HashMap::new()),
                workers: OnceLock::new(),
                next_port: AtomicU32::new(0),
            }),
        }
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
        publish: bool,
        out: mpsc::Sender<ServerMessage>,
    ) -> Result<MediaPeer, MediaRefusal> {
        let token = rand_u64();
        let (reply, answer) = oneshot::channel();
        let join = Command::Join {
            who,
            token,
            publish,
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

fn opus() -> RTCRtpCodec {
    RTCRtpCodec {
        mime_type: MIME_TYPE_OPUS.to_owned(),
        clock_rate: 48_000,
        channels: 2,
        sdp_fmtp_line: "minptime=10;useinbandfec=1".to_owned(),
        rtcp_feedback: Vec::new(),
    }
}

fn vp8() -> RTCRtpCodec {
    let feedback = [("nack", ""), ("nack", "pli"), ("ccm", "fir")]
        .iter()
        .map(
            |(typ, parameter)| rtc::rtp_transceiver::rtp_sender::RTCPFeedback {
                typ: (*typ).to_owned(),
                parameter: (*parameter).to_owned(),
            },
        )
        .collect();
    RTCRtpCodec {
        mime_type: MIME_TYPE_VP8.to_owned(),
        clock_rate: 90_000,
        channels: 0,
        sdp_fmtp_line: String::new(),
        rtcp_feedback: feedback,
    }
}

/// The codecs the SFU forwards: Opus and VP8, which every browser sends.
fn media_engine() -> rtc::shared::error::Result<MediaEngine> {
    let mut engine = MediaEngine::default();
    engine.register_codec(
        RTCRtpCodecParameters {
            rtp_codec: opus(),
            payload_type: OPUS_PT,
        },
        RtpCodecKind::Audio,
    )?;
    engine.register_codec(
        RTCRtpCodecParameters {
            rtp_codec: vp8(),
            payload_type: VP8_PT,
        },
        RtpCodecKind::Video,
    )?;
    // Header extension ids are given in registration order, from 1. They
    // follow the browsers' own numbering: a browser that adds a track after
    // answering an offer of ours numbers its new m-line its way, and one
    // bundle may not give an id two meanings.
    for (uri, kinds) in [
        (AUDIO_LEVEL_URI, &[RtpCodecKind::Audio][..]),
        (
            ABS_SEND_TIME_URI,
            &[RtpCodecKind::Audio, RtpCodecKind::Video],
        ),
        (
            TRANSPORT_CC_URI,
            &[RtpCodecKind::Audio, RtpCodecKind::Video],
        ),
        (SDES_MID_URI, &[RtpCodecKind::Audio, RtpCodecKind::Video]),
    ] {
        for kind in kinds {
            engine.register_header_extension(
                RTCRtpHeaderExtensionCapability {
                    uri: uri.to_owned(),
                },
                *kind,
                None,
            )?;
        }
    }
    Ok(engine)
}

fn rand_u64() -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..8]);
    u64::from_le_bytes(bytes)
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

type Reply<T> = oneshot::Sender<Result<T, MediaRefusal>>;

enum Command {
    Join {
        who: ParticipantId,
        token: u64,
        publish: bool,
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
    /// A published track ended.
    TrackEnded {
        key: TrackKey,
        track: Arc<dyn TrackRemote>,
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
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("media command")
    }
}

/// One subscriber's copy of a track.
#[derive(Clone)]
struct Out {
    ssrc: u32,
    payload_type: u8,
    track: Arc<TrackLocalStaticRTP>,
}

/// Where a published track's packets go; read by its forwarding task on
/// every packet, written by the room on every change.
#[derive(Default)]
struct Route {
    muted: AtomicBool,
    outs: RwLock<Arc<HashMap<ParticipantId, Out>>>,
    /// The RFC 6464 extension id in the publisher's packets, if negotiated.
    audio_level_id: AtomicU32,
    /// The publisher's SSRC, for key frame requests.
    media_ssrc: AtomicU32,
}

impl Route {
    fn outs(&self) -> Arc<HashMap<ParticipantId, Out>> {
        self.outs.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn change(&self, f: impl FnOnce(&mut HashMap<ParticipantId, Out>)) {
        let mut guard = self.outs.write().unwrap_or_else(|p| p.into_inner());
        let mut next = (**guard).clone();
        f(&mut next);
        *guard = Arc::new(next);
    }
}

struct Sent {
    sender: Arc<dyn RtpSender>,
    rtcp: tokio::task::JoinHandle<()>,
}

struct PeerState {
    token: u64,
    pc: Arc<dyn PeerConnection>,
    out: mpsc::Sender<ServerMessage>,

    /// What each track id of the browser's carries, from its last offer.
    declared: HashMap<String, Source>,
    audio_level_id: u32,
    sending: HashMap<TrackKey, Sent>,
    /// Candidates that came before the description they belong to.
    early_candidates: Vec<RTCIceCandidateInit>,
}

struct Published {
    route: Arc<Route>,
    remote: Arc<dyn TrackRemote>,
    task: tokio::task::JoinHandle<()>,
}

struct RoomDriver {
    media: Media,
    meeting: MeetingId,
    tx: mpsc::UnboundedSender<Command>,
    room: Room,
    peers: HashMap<ParticipantId, PeerState>,
    published: HashMap<TrackKey, Published>,
    /// Participants whose first offer the room waits for before offering.
    held: std::collections::HashSet<ParticipantId>,
    started: Instant,
}

/// Events of one participant's peer connection, sent to its room.
struct PeerEvents {
    who: ParticipantId,
    token: u64,
    room: mpsc::UnboundedSender<Command>,
}

#[async_trait::async_trait]
impl PeerConnectionEventHandler for PeerEvents {
    async fn on_ice_candidate(&self, event: webrtc::peer_connection::RTCPeerConnectionIceEvent) {
        if let Ok(init) = event.candidate.to_json() {
            let candidate = IceCandidate {
                candidate: init.candidate,
                sdp_mid: init.sdp_mid,
                sdp_m_line_index: init.sdp_mline_index,
            };
            // Through the room, so it reaches the browser after the offer
            // whose gathering produced it, not before.
            let _ = self.room.send(Command::LocalCandidate {
                who: self.who,
                token: self.token,
                candidate,
            });
        }
    }

    async fn on_connection_state_change(&self, state: RTCPeerConnectionState) {
        if state == RTCPeerConnectionState::Failed {
            let _ = self.room.send(Command::Failed {
                who: self.who,
                token: self.token,
            });
        }
    }

    async fn on_track(&self, track: Arc<dyn TrackRemote>) {
        let _ = self.room.send(Command::Track {
            who: self.who,
            token: self.token,
            track,
        });
    }
}

impl RoomDriver {
    fn new(media: Media, meeting: MeetingId, tx: mpsc::UnboundedSender<Command>) -> RoomDriver {
        RoomDriver {
            room: Room::new(media.inner.config.room.clone()),
            media,
            meeting,
            tx,
            peers: HashMap::new(),
            published: HashMap::new(),
            held: std::collections::HashSet::new(),
            started: Instant::now(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        let mut notices = self.media.inner.live.subscribe(self.meeting);
        // The claim on the meeting's media (made by the first join) is
        // renewed while the room lives, and given up when it ends.
        let mut lease = tokio::time::interval(crate::live::MEDIA_LEASE / 3);
        lease.reset();
        loop {
            let wait = self
                .room
                .next_deadline()
                .map(|due| Duration::from_millis(due.saturating_sub(self.now())));
            let sleep = async {
                match wait {
                    Some(w) => tokio::time::sleep(w).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                command = commands.recv() => {
                    let Some(command) = command else { break };
                    self.on_command(command).await;
                    if self.peers.is_empty() && self.finish(&mut commands) {
                        break;
                    }
                }
                notice = notices.recv() => self.on_notice(notice).await,
                _ = lease.tick() => {
                    let inner = &self.media.inner;
                    match inner.live.media_home(self.meeting, &inner.node_url, crate::live::MEDIA_LEASE).await {
                        Ok(home) if home != inner.node_url => {
                            tracing::warn!(meeting = %self.meeting, %home, "media: another node now holds this meeting's media");
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(meeting = %self.meeting, "media: renewing the media home: {e}"),
                    }
                }
                () = sleep => {
                    let actions = self.room.tick(self.now());
                    self.carry_out(actions).await;
                }
            }
        }
        for (_, p) in self.published.drain() {
            p.task.abort();
        }
        let inner = &self.media.inner;
        if let Err(e) = inner
            .live
            .release_media_home(self.meeting, &inner.node_url)
            .await
        {
            tracing::debug!(meeting = %self.meeting, "media: releasing the media home: {e}");
        }
    }

    /// Ends the room when nothing more is coming: under the node's lock, so
    /// no join slips in between.
    fn finish(&mut self, commands: &mut mpsc::UnboundedReceiver<Command>) -> bool {
        let mut rooms = self.media.lock();
        if !commands.is_empty() {
            return false;
        }
        if rooms
            .get(&self.meeting)
            .is_some_and(|tx| tx.same_channel(&self.tx))
        {
            rooms.remove(&self.meeting);
        }
        commands.close();
        true
    }

    fn current(&self, who: ParticipantId, token: u64) -> Result<&PeerState, MediaRefusal> {
        self.peers
            .get(&who)
            .filter(|p| p.token == token)
            .ok_or_else(|| {
                refusal(
                    SignalError::NotInMedia,
                    "not in the media room: send media_join",
                )
            })
    }

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::Join {
                who,
                token,
                publish,
                out,
                reply,
            } => {
                let result = self.join(who, token, publish, out).await;
                let _ = reply.send(result);
            }
            Command::Offer {
                who,
                token,
                sdp,
                tracks,
                reply,
            } => {
                let result = self.offer(who, token, sdp, tracks).await;
                let answered = result.is_ok();
                let _ = reply.send(result);
                // After the reply, so the browser has our answer before our offer.
                if answered && self.held.remove(&who) && self.room.wants_offer(who) {
                    self.renegotiate(who).await;
                }
            }
            Command::Answer {
                who,
                token,
                sdp,
                reply,
            } => {
                let result = self.answer(who, token, sdp).await;
                let _ = reply.send(result);
            }
            Command::Candidate {
                who,
                token,
                candidate,
                reply,
            } => {
                let result = self.candidate(who, token, candidate).await;
                let _ = reply.send(result);
            }
            Command::Leave { who, token } | Command::Failed { who, token } => {
                tracing::debug!(participant = who.0, "media: leaves");
                if self.current(who, token).is_ok() {
                    let actions = self.room.leave(who);
                    self.carry_out(actions).await;
                    self.close_peer(who).await;
                }
            }
            Command::Track { who, token, track } => {
                if self.current(who, token).is_ok() {
                    self.add_published(who, track).await;
                }
            }
            Command::TrackEnded { key, track } => {
                let ours = self
                    .published
                    .get(&key)
                    .is_some_and(|p| Arc::ptr_eq(&p.remote, &track));
                if ours {
                    if let Ok(actions) = self.room.unpublish(key.owner, key.source) {
                        self.carry_out(actions).await;
                    }
                    self.drop_published(key);
                }
            }
            Command::LocalCandidate {
                who,
                token,
                candidate,
            } => {
                if let Ok(peer) = self.current(who, token) {
                    let _ = peer
                        .out
                        .try_send(ServerMessage::MediaCandidate { candidate });
                }
            }
            Command::Heard { who } => {
                let now = self.now();
                self.room.heard(who, now);
            }
            Command::AudioLevel { who, level } => {
                let now = self.now();
                let actions = self.room.audio_level(who, level, now);
                self.carry_out(actions).await;
            }
            Command::KeyframeWanted { key } => {
                let now = self.now();
                let actions = self.room.keyframe_wanted(key, now);
                self.carry_out(actions).await;
            }
        }
    }

    async fn join(
        &mut self,
        who: ParticipantId,
        token: u64,
        publish: bool,
        out: mpsc::Sender<ServerMessage>,
    ) -> Result<bool, MediaRefusal> {
        if self.peers.contains_key(&who) {
            // A newer connection of the same seat takes over.
            let actions = self.room.leave(who);
            self.carry_out(actions).await;
            self.close_peer(who).await;
        }
        let now = self.now();
        let actions = self.room.join(who, now).map_err(|e| match e {
            SfuError::Full => refusal(SignalError::MediaFull, e),
            _ => refusal(SignalError::Unavailable, e),
        })?;
        let handler = Arc::new(PeerEvents {
            who,
            token,
            room: self.tx.clone(),
        });
        let pc = match self.media.build_peer(handler).await {
            Ok(pc) => pc,
            Err(e) => {
                let actions = self.room.leave(who);
                self.carry_out(actions).await;
                return Err(e);
            }
        };
        self.peers.insert(
            who,
            PeerState {
                token,
                pc,
                out,

                declared: HashMap::new(),
                audio_level_id: 0,
                sending: HashMap::new(),
                early_candidates: Vec::new(),
            },
        );
        // Sync the chair's mute from the meeting, the source of truth.
        if let Ok(Some((_, state))) = self.media.inner.live.get(self.meeting).await {
            if state
                .participants
                .get(&who)
                .is_some_and(|p| p.muted_by_chair)
            {
                let muted = self.room.set_muted(who, true).unwrap_or_default();
                self.carry_out(muted).await;
            }
        }
        if publish {
            // Its offer comes first; ours follow its answer (see `Command::Offer`).
            self.held.insert(who);
        }
        self.carry_out(actions).await;
        Ok(self.room.awaiting_answer(who))
    }

    async fn offer(
        &mut self,
        who: ParticipantId,
        token: u64,
        sdp: String,
        tracks: Vec<PublishedTrack>,
    ) -> Result<String, MediaRefusal> {
        let peer = self.current(who, token)?;
        let pc = peer.pc.clone();
        if tracks.len() > MAX_PUBLISHED {
            return Err(refusal(
                SignalError::BadValue,
                format!("at most {MAX_PUBLISHED} published tracks (microphone, camera, screen)"),
            ));
        }
        let mut declared = HashMap::new();
        for t in &tracks {
            if t.track_id.is_empty() || t.track_id.len() > 128 {
                return Err(refusal(
                    SignalError::BadValue,
                    "a track id is 1 to 128 characters",
                ));
            }
            if declared.values().any(|s| *s == t.source) {
                return Err(refusal(
                    SignalError::BadValue,
                    format!("one {} track at most", t.source.name()),
                ));
            }
            declared.insert(t.track_id.clone(), t.source);
        }
        if pc.pending_local_description().await.is_some() {
            // Our offer is out: the browser (the polite side) answers it first.
            return Err(refusal(
                SignalError::Glare,
                "the server's offer is waiting for your answer; answer it, then offer again",
            ));
        }
        let sdp = keep_allowed_candidates(&sdp, self.media.inner.config.peer_addresses);
        let description =
            RTCSessionDescription::offer(sdp).map_err(|e| refusal(SignalError::BadSdp, e))?;
        let audio_level_id = extmap_id(&description.sdp, AUDIO_LEVEL_URI).unwrap_or(0);
        pc.set_remote_description(description)
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        let answer = pc
            .create_answer(None)
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        pc.set_local_description(answer.clone())
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        self.apply_early_candidates(who).await;
        let now = self.now();
        self.room.heard(who, now);
        // Tracks no longer declared are unpublished.
        let gone: Vec<Source> = self
            .published
            .keys()
            .filter(|k| k.owner == who && !declared.values().any(|s| *s == k.source))
            .map(|k| k.source)
            .collect();
        if let Some(peer) = self.peers.get_mut(&who) {
            peer.declared = declared;
            peer.audio_level_id = u32::from(audio_level_id);
        }
        for source in gone {
            if let Ok(actions) = self.room.unpublish(who, source) {
                self.carry_out(actions).await;
            }
            self.drop_published(TrackKey { owner: who, source });
        }
        Ok(answer.sdp)
    }

    async fn answer(
        &mut self,
        who: ParticipantId,
        token: u64,
        sdp: String,
    ) -> Result<(), MediaRefusal> {
        let pc = self.current(who, token)?.pc.clone();
        if !self.room.awaiting_answer(who) {
            return Err(refusal(
                SignalError::InvalidTransition,
                "no offer of the server's is waiting for an answer",
            ));
        }
        // A bad answer leaves the offer waiting, and its deadline as it was.
        let sdp = keep_allowed_candidates(&sdp, self.media.inner.config.peer_addresses);
        let description =
            RTCSessionDescription::answer(sdp).map_err(|e| refusal(SignalError::BadSdp, e))?;
        pc.set_remote_description(description)
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        let now = self.now();
        let actions = self
            .room
            .answered(who, now)
            .map_err(|e| refusal(SignalError::InvalidTransition, e))?;
        self.apply_early_candidates(who).await;
        self.carry_out(actions).await;
        Ok(())
    }

    async fn candidate(
        &mut self,
        who: ParticipantId,
        token: u64,
        candidate: IceCandidate,
    ) -> Result<(), MediaRefusal> {
        let pc = self.current(who, token)?.pc.clone();
        if candidate.candidate.len() > 512 {
            return Err(refusal(
                SignalError::BadSdp,
                "an ICE candidate is at most 512 characters",
            ));
        }
        if candidate.candidate.is_empty() {
            // The end of the browser's candidates.
            return Ok(());
        }
        let allowed = self.media.inner.config.peer_addresses;
        check_candidate(&candidate.candidate, allowed)
            .map_err(|why| refusal(SignalError::BadSdp, why))?;
        let init = RTCIceCandidateInit {
            candidate: candidate.candidate,
            sdp_mid: candidate.sdp_mid,
            sdp_mline_index: candidate.sdp_m_line_index,
            username_fragment: None,
            url: None,
        };
        if pc.remote_description().await.is_none() {
            // Trickled ahead of its description: kept until that arrives.
            let peer = self.peers.get_mut(&who).ok_or_else(not_in_media)?;
            if peer.early_candidates.len() >= MAX_EARLY_CANDIDATES {
                return Err(refusal(
                    SignalError::BadSdp,
                    "too many ICE candidates before an offer or answer",
                ));
            }
            peer.early_candidates.push(init);
            return Ok(());
        }
        pc.add_ice_candidate(init)
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))
    }

    /// Applies candidates that came before the remote description.
    async fn apply_early_candidates(&mut self, who: ParticipantId) {
        let Some(peer) = self.peers.get_mut(&who) else {
            return;
        };
        let early = std::mem::take(&mut peer.early_candidates);
        let pc = peer.pc.clone();
        for candidate in early {
            if let Err(e) = pc.add_ice_candidate(candidate).await {
                tracing::debug!(participant = who.0, "media: an early candidate: {e}");
            }
        }
    }

    async fn add_published(&mut self, who: ParticipantId, track: Arc<dyn TrackRemote>) {
        let Some(peer) = self.peers.get(&who) else {
            return;
        };
        let track_id = track.track_id().await;
        let Some(source) = peer.declared.get(track_id.as_str()).copied() else {
            tracing::debug!(participant = who.0, %track_id, "media: an undeclared track is not forwarded");
            return;
        };
        let kind = track.kind().await;
        if (kind == RtpCodecKind::Audio) != source.is_audio() {
            tracing::debug!(
                participant = who.0,
                "media: a track of the wrong kind is not forwarded"
            );
            return;
        }
        let key = TrackKey { owner: who, source };
        let route = Arc::new(Route::default());
        route
            .audio_level_id
            .store(peer.audio_level_id, Ordering::Relaxed);
        // Known at once when the offer listed it; else from the first packet.
        if let Some(ssrc) = track.ssrcs().await.first() {
            route.media_ssrc.store(*ssrc, Ordering::Relaxed);
        }
        route.muted.store(
            self.room.is_muted(who) && source.is_audio(),
            Ordering::Relaxed,
        );
        // A replaced track (a renegotiated camera) ends the old one first.
        if self.published.contains_key(&key) {
            if let Ok(actions) = self.room.unpublish(who, source) {
                self.carry_out(actions).await;
            }
            self.drop_published(key);
        }
        let task = tokio::spawn(forward(key, track.clone(), route.clone(), self.tx.clone()));
        self.published.insert(
            key,
            Published {
                route,
                remote: track,
                task,
            },
        );
        match self.room.publish(who, source) {
            Ok(actions) => self.carry_out(actions).await,
            Err(e) => tracing::debug!(participant = who.0, "media: publish refused: {e}"),
        }
    }

    fn drop_published(&mut self, key: TrackKey) {
        if let Some(p) = self.published.remove(&key) {
            p.task.abort();
        }
    }

    async fn close_peer(&mut self, who: ParticipantId) {
        self.held.remove(&who);
        if let Some(peer) = self.peers.remove(&who) {
            for (_, sent) in peer.sending {
                sent.rtcp.abort();
            }

            let published: Vec<TrackKey> = self
                .published
                .keys()
                .filter(|k| k.owner == who)
                .copied()
                .collect();
            for key in published {
                self.drop_published(key);
            }
            if let Err(e) = peer.pc.close().await {
                tracing::debug!(participant = who.0, "media: closing a peer connection: {e}");
            }
        }
    }

    async fn carry_out(&mut self, actions: Vec<Action>) {
        // Offers go last, so each carries every change of the batch.
        let (offers, actions): (Vec<Action>, Vec<Action>) = actions
            .into_iter()
            .partition(|a| matches!(a, Action::Renegotiate { .. }));
        for action in actions.into_iter().chain(offers) {
            tracing::trace!(?action, "media");
            match action {
                Action::AddTrack { to, track } => self.add_track(to, track).await,
                Action::RemoveTrack { to, track } => self.remove_track(to, track).await,
                // Held until the participant's own first offer (see `join`).
                Action::Renegotiate { to } if self.held.contains(&to) => {}
                Action::Renegotiate { to } => self.renegotiate(to).await,
                Action::RequestKeyframe { track } => {
                    if let Some(p) = self.published.get(&track) {
                        let pli = PictureLossIndication {
                            sender_ssrc: 0,
                            media_ssrc: p.route.media_ssrc.load(Ordering::Relaxed),
                        };
                        let _ = p.remote.write_rtcp(vec![Box::new(pli)]).await;
                    }
                }
                Action::MuteChanged { participant, muted } => {
                    let key = TrackKey {
                        owner: participant,
                        source: Source::Microphone,
                    };
                    if let Some(p) = self.published.get(&key) {
                        p.route.muted.store(muted, Ordering::Relaxed);
                    }
                }
                Action::ActiveSpeaker { participant } => {
                    for peer in self.peers.values() {
                        let _ = peer
                            .out
                            .try_send(ServerMessage::ActiveSpeaker { participant });
                    }
                }
                Action::Close { peer, why } => {
                    let message = match why {
                        CloseReason::NoAnswer => "the offer was not answered in time",
                        CloseReason::Silent => "no media or RTCP for too long",
                    };
                    if let Some(p) = self.peers.get(&peer) {
                        let _ = p.out.try_send(ServerMessage::MediaClosed {
                            code: SignalError::MediaTimeout,
                            message: message.into(),
                        });
                    }
                    // `tick` has already taken the peer out of the room.
                    Box::pin(self.close_peer(peer)).await;
                }
            }
        }
    }

    async fn add_track(&mut self, to: ParticipantId, key: TrackKey) {
        let Some(published) = self.published.get(&key) else {
            return;
        };
        let Some(peer) = self.peers.get_mut(&to) else {
            return;
        };
        let ssrc = u32::try_from(rand_u64() >> 32).unwrap_or(1).max(1);
        let (kind, payload_type, codec) = if key.source.is_audio() {
            (RtpCodecKind::Audio, OPUS_PT, opus())
        } else {
            (RtpCodecKind::Video, VP8_PT, vp8())
        };
        let (stream_id, track_id) = forwarded_ids(key);
        let local = Arc::new(TrackLocalStaticRTP::new(MediaStreamTrack::new(
            stream_id,
            track_id.clone(),
            track_id,
            kind,
            vec![RTCRtpEncodingParameters {
                rtp_coding_parameters: RTCRtpCodingParameters {
                    ssrc: Some(ssrc),
                    ..Default::default()
                },
                codec,
                ..Default::default()
            }],
        )));
        let sender = match peer
            .pc
            .add_track(local.clone() as Arc<dyn TrackLocal>)
            .await
        {
            Ok(sender) => sender,
            Err(e) => {
                tracing::warn!(participant = to.0, "media: could not add a track: {e}");
                return;
            }
        };
        let feedback = local.clone();
        let room = self.tx.clone();
        let rtcp = tokio::spawn(async move {
            while let Some(event) = feedback.poll().await {
                let TrackLocalEvent::OnRtcpPacket(_) = event else {
                    continue;
                };
                if room.send(Command::KeyframeWanted { key }).is_err() {
                    break;
                }
            }
        });
        let out = Out {
            ssrc,
            payload_type,
            track: local,
        };
        published.route.change(|outs| {
            outs.insert(to, out);
        });
        peer.sending.insert(key, Sent { sender, rtcp });
    }

    async fn remove_track(&mut self, to: ParticipantId, key: TrackKey) {
        if let Some(p) = self.published.get(&key) {
            p.route.change(|outs| {
                outs.remove(&to);
            });
        }
        let Some(peer) = self.peers.get_mut(&to) else {
            return;
        };
        if let Some(sent) = peer.sending.remove(&key) {
            sent.rtcp.abort();

            if let Err(e) = peer.pc.remove_track(&sent.sender).await {
                tracing::debug!(participant = to.0, "media: removing a track: {e}");
            }
        }
    }

    async fn renegotiate(&mut self, to: ParticipantId) {
        let Some(peer) = self.peers.get(&to) else {
            return;
        };
        let pc = peer.pc.clone();
        let out = peer.out.clone();
        let tracks: Vec<ForwardedTrack> = peer
            .sending
            .keys()
            .map(|key| {
                let (stream_id, track_id) = forwarded_ids(*key);
                ForwardedTrack {
                    owner: key.owner,
                    source: key.source,
                    stream_id,
                    track_id,
                }
            })
            .collect();
        let offer = match pc.create_offer(None).await {
            Ok(offer) => offer,
            Err(e) => {
                tracing::warn!(participant = to.0, "media: no offer: {e}");
                return;
            }
        };
        if let Err(e) = pc.set_local_description(offer.clone()).await {
            tracing::warn!(participant = to.0, "media: offer not applied: {e}");
            return;
        }
        let now = self.now();
        if self.room.offer_sent(to, now).is_ok()
            && out
                .try_send(ServerMessage::MediaOffer {
                    sdp: offer.sdp,
                    tracks,
                })
                .is_err()
        {
            tracing::debug!(participant = to.0, "media: the offer could not be queued");
        }
    }

    async fn on_notice(
        &mut self,
        notice: Result<Notice, tokio::sync::broadcast::error::RecvError>,
    ) {
        type Ended = (ParticipantId, SignalError);
        let (mutes, ended): (Vec<(ParticipantId, bool)>, Vec<Ended>) = match notice {
            Ok(Notice::Update(published)) => {
                let events = &published.update.events;
                let mutes = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::MuteRequested { participant } => Some((*participant, true)),
                        Event::MuteLifted { participant } => Some((*participant, false)),
                        _ => None,
                    })
                    .collect();
                let ended = events.iter().filter_map(seat_ended).collect();
                (mutes, ended)
            }
            Ok(Notice::Resync) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                match self.media.inner.live.get(self.meeting).await {
                    Ok(Some((_, state))) => {
                        let peers: Vec<ParticipantId> = self.room.peers().collect();
                        let mutes = peers
                            .iter()
                            .map(|p| {
                                let muted =
                                    state.participants.get(p).is_some_and(|x| x.muted_by_chair);
                                (*p, muted)
                            })
                            .collect();
                        let ended = peers
                            .into_iter()
                            .filter(|p| !state.participants.contains_key(p))
                            .map(|p| (p, SignalError::Removed))
                            .collect();
                        (mutes, ended)
                    }
                    _ => (Vec::new(), Vec::new()),
                }
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => (Vec::new(), Vec::new()),
        };
        for (who, muted) in mutes {
            if let Ok(actions) = self.room.set_muted(who, muted) {
                self.carry_out(actions).await;
            }
        }
        // A seat that ended on any node ends its media connection here too:
        // on this node its session may be one for media only, which no
        // meeting update reaches.
        for (who, code) in ended {
            if let Some(peer) = self.peers.get(&who) {
                let message = match code {
                    SignalError::Reseat => "your role in the meeting changed; join again",
                    _ => "your seat in the meeting has ended",
                };
                let _ = peer.out.try_send(ServerMessage::Goodbye {
                    code,
                    message: message.into(),
                });
            }
        }
    }
}

/// The participant whose seat an event ends, and the code its connections
/// are told (as the fan-out tells the seat's own connection).
fn seat_ended(event: &Event) -> Option<(ParticipantId, SignalError)> {
    match event {
        Event::Left { participant }
        | Event::Removed { participant }
        | Event::Refused { participant }
        | Event::AccessEnded { participant } => Some((*participant, SignalError::Removed)),
        Event::Reseated { participant } => Some((*participant, SignalError::Reseat)),
        _ => None,
    }
}

/// The `msid` of a forwarded track: the owner's stream and the source.
fn forwarded_ids(key: TrackKey) -> (String, String) {
    (
        format!("participant-{}", key.owner.0),
        format!("participant-{}-{}", key.owner.0, key.source.name()),
    )
}

/// The id an `a=extmap` line gives `uri`.
fn extmap_id(sdp: &str, uri: &str) -> Option<u8> {
    sdp.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("a=extmap:")?;
        let (id, tail) = rest.split_once(' ')?;
        let id = id.split('/').next()?;
        (tail.split_whitespace().next()? == uri)
            .then(|| id.parse().ok())
            .flatten()
    })
}

/// Reads one published track and hands each packet to its subscribers.
async fn forward(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turn_credentials_follow_the_rest_api_scheme() {
        let turn = TurnConfig {
            urls: vec!["turn:127.0.0.1:3478".into()],
            secret: "north-lawn".into(),
            ttl: Duration::from_secs(600),
        };
        let meeting = MeetingId(uuid::Uuid::from_u128(0x42));
        let (user, password) = turn.credentials(meeting, ParticipantId(7), 1_000);
        assert_eq!(user, "1600:00000000-0000-0000-0000-000000000042:7");
        // Checked against `echo -n "$user" | openssl dgst -sha1 -hmac north-lawn -binary | base64`.
        assert_eq!(password, "p3t604gZIdoM/5yK9/OYk3IdNkY=");
    }

    #[test]
    fn extmap_ids_are_read_from_the_sdp() {
        let sdp = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=extmap:3/sendrecv http://x\r\n";
        assert_eq!(extmap_id(sdp, AUDIO_LEVEL_URI), Some(1));
        assert_eq!(extmap_id(sdp, "http://x"), Some(3));
        assert_eq!(extmap_id(sdp, "urn:none"), None);
    }
}
