//! A meeting participant with media, as a browser would be: one webrtc-rs
//! peer connection to the hub's SFU, negotiated over the meeting's real
//! websocket (the polite side of perfect negotiation), publishing synthetic
//! Opus and VP8 RTP and counting every packet it receives per track.

use crate::Live;
use plenary_protocol::signal::{
    ForwardedTrack, IceCandidate, IceServer, MediaSource, ParticipantId, ServerMessage,
};
use rtc::interceptor::{Interceptor, Packet, Registry, Slot, StreamInfo, TaggedPacket};
use rtc::peer_connection::configuration::interceptor_registry::register_default_interceptors;
use rtc::peer_connection::configuration::media_engine::MediaEngine;
use rtc::peer_connection::configuration::setting_engine::SettingEngineBuilder;
use rtc::peer_connection::configuration::{RTCConfigurationBuilder, RTCIceTransportPolicy};
use rtc::peer_connection::sdp::RTCSessionDescription;
use rtc::peer_connection::transport::{RTCIceCandidateInit, RTCIceServer};
use rtc::rtp;
use rtc::rtp_transceiver::rtp_sender::{RTCRtpHeaderExtensionCapability, RtpCodecKind};
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};
use webrtc::media_stream::track_local::static_rtp::TrackLocalStaticRTP;
use webrtc::media_stream::track_local::TrackLocal;
use webrtc::media_stream::track_remote::{TrackRemote, TrackRemoteEvent};
use webrtc::peer_connection::{
    PeerConnection, PeerConnectionBuilder, PeerConnectionEventHandler, RTCPeerConnectionState,
};

const AUDIO_LEVEL_URI: &str = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

/// What one bot received of one forwarded track.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub packets: u64,
    /// Packets whose sequence number was not the one after the last.
    pub out_of_order: u64,
    pub first_seq: Option<u16>,
    /// Sequence numbers seen, counted from `first_seq` with wrap-around.
    pub highest: u64,
    pub first_at: Option<Instant>,
    pub last_at: Option<Instant>,
    last_seq: Option<u16>,
    /// Send-to-receive times of stamped packets, in microseconds.
    pub latencies_us: Vec<u32>,
    /// A simulcast camera's: when each layer (0 low, 2 high) began to
    /// come, in order.
    pub layers: Vec<(Instant, u8)>,
}

impl Received {
    /// The layer received last, if the track is a simulcast camera's.
    pub fn layer(&self) -> Option<u8> {
        self.layers.last().map(|(_, l)| *l)
    }

    /// When `layer` last began to come.
    pub fn layer_since(&self, layer: u8) -> Option<Instant> {
        self.layers
            .iter()
            .rev()
            .find(|(_, l)| *l == layer)
            .map(|(at, _)| *at)
    }
}

impl Received {
    /// Packets expected from the first one received to the highest.
    pub fn expected(&self) -> u64 {
        if self.first_seq.is_some() {
            self.highest + 1
        } else {
            0
        }
    }
}

/// The RFC 6464 level of someone speaking.
const SPEAKING: u8 = 30;

/// How a bot connects.
#[derive(Debug, Clone, Default)]
pub struct BotOptions {
    /// Relay-only ICE through the TURN servers the hub hands out.
    pub relay_only: bool,
    /// Real VP8 frames (from [`crate::vp8_frames`]) the camera sends in a
    /// loop, 30 a second, instead of synthetic packets.
    pub video: Option<Arc<Vec<Vec<u8>>>>,
    /// The camera is sent in three simulcast layers (RIDs `q`, `h`, `f`),
    /// each packet marked with its layer.
    pub simulcast: bool,
    /// The share (in %) of the packets that reach this bot which its link
    /// loses, before anything of the bot's sees them (so its receiver
    /// reports and NACKs say so).
    pub lossy: Option<u64>,
}

type Shared<T> = Arc<Mutex<T>>;

/// Who waits for a request's outcome.
type Waiter = oneshot::Sender<Result<(), String>>;

/// One participant with a peer connection to the SFU.
#[derive(Debug)]
pub struct Bot {
    pub me: ParticipantId,
    commands: mpsc::UnboundedSender<BotCommand>,
    pub received: Shared<HashMap<(ParticipantId, MediaSource), Received>>,
    /// Each packet of this bot's interpretation channel: when it came and
    /// who sent it (the mark every bot puts in its packets).
    pub channel: Shared<Vec<(Instant, ParticipantId)>>,
    /// The tracks of the server's last offer.
    pub tracks: Shared<Vec<ForwardedTrack>>,
    /// How many offers the server made.
    pub offers: Shared<u64>,
    /// Whether the media goes to another node than the meeting's websocket.
    pub media_elsewhere: bool,
    /// What the server said besides media negotiation (updates, errors, active speakers).
    pub heard: Shared<Vec<ServerMessage>>,
    /// Negotiation steps that failed on this side.
    pub failures: Shared<Vec<String>>,
    /// The ICE candidates this side trickled to the server.
    pub candidates: Shared<Vec<String>>,
    /// The ICE candidates the server trickled.
    pub server_candidates: Shared<Vec<String>>,
    /// The server's answers to this side's offers.
    pub answers: Shared<Vec<String>>,
    pub ice_servers: Vec<IceServer>,
    pub connected: Shared<bool>,
    sent: Shared<HashMap<MediaSource, u64>>,
    /// The audio level its microphone's packets carry.
    level: Arc<AtomicU8>,
}

enum BotCommand {
    /// The sources, and whether the offer declares them.
    Publish(Vec<MediaSource>, bool, Waiter),
    Act(serde_json::Value, Waiter),
    /// A media message (its `type` and fields but the id), answered by ack.
    Media(serde_json::Value, Waiter),
    Raw(String),
    LeaveMedia(oneshot::Sender<()>),
    RejoinMedia(oneshot::Sender<()>),
    Close(oneshot::Sender<()>),
}

impl std::fmt::Debug for BotCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bot command")
    }
}

#[derive(Clone)]
struct Handler {
    candidates: mpsc::UnboundedSender<IceCandidate>,
    received: Shared<HashMap<(ParticipantId, MediaSource), Received>>,
    channel: Shared<Vec<(Instant, ParticipantId)>>,
    connected: Shared<bool>,
    gathered: Arc<tokio::sync::Notify>,
}

#[async_trait::async_trait]
impl PeerConnectionEventHandler for Handler {
    async fn on_ice_candidate(&self, event: webrtc::peer_connection::RTCPeerConnectionIceEvent) {
        if let Ok(init) = event.candidate.to_json() {
            let _ = self.candidates.send(IceCandidate {
                candidate: init.candidate,
                sdp_mid: init.sdp_mid,
                sdp_m_line_index: init.sdp_mline_index,
            });
        }
    }

    async fn on_connection_state_change(&self, state: RTCPeerConnectionState) {
        *self.connected.lock().expect("lock") = state == RTCPeerConnectionState::Connected;
    }

    async fn on_ice_gathering_state_change(
        &self,
        state: webrtc::peer_connection::RTCIceGatheringState,
    ) {
        if state == webrtc::peer_connection::RTCIceGatheringState::Complete {
            self.gathered.notify_one();
        }
    }

    async fn on_track(&self, track: Arc<dyn TrackRemote>) {
        let id = track.track_id().await;
        let Some(key) = parse_track_id(&id) else {
            return;
        };
        let received = self.received.clone();
        let channel = (key.1 == MediaSource::Interpretation).then(|| self.channel.clone());
        tokio::spawn(async move {
            while let Some(event) = track.poll().await {
                match event {
                    TrackRemoteEvent::OnRtpPacket(packet) => {
                        if let (Some(log), Some(sender)) = (&channel, sender_of(&packet.payload)) {
                            let mut log = log.lock().expect("lock");
                            if log.len() < MAX_LATENCIES {
                                log.push((Instant::now(), sender));
                            }
                        }
                        let mut all = received.lock().expect("lock");
                        let r = all.entry(key).or_default();
                        let seq = packet.header.sequence_number;
                        let first = *r.first_seq.get_or_insert(seq);
                        if let Some(last) = r.last_seq {
                            if seq != last.wrapping_add(1) {
                                r.out_of_order += 1;
                            }
                        }
                        // Distance from the first, unwrapped near the highest seen.
                        let offset = u64::from(seq.wrapping_sub(first));
                        let base = r.highest & !0xffff;
                        let mut unwrapped = base + offset;
                        if unwrapped + 0x8000 < r.highest {
                            unwrapped += 0x1_0000;
                        }
                        r.highest = r.highest.max(unwrapped);
                        r.last_seq = Some(seq);
                        r.packets += 1;
                        let now = Instant::now();
                        r.first_at.get_or_insert(now);
                        r.last_at = Some(now);
                        if let Some(layer) = layer_of(&packet.payload) {
                            if r.layer() != Some(layer) && r.layers.len() < 1_000 {
                                r.layers.push((now, layer));
                            }
                        }
                        if let Some(sent) = stamp_of(&packet.payload) {
                            if r.latencies_us.len() < MAX_LATENCIES {
                                let now = micros_since_epoch();
                                r.latencies_us.push(
                                    u32::try_from(now.saturating_sub(sent)).unwrap_or(u32::MAX),
                                );
                            }
                        }
                    }
                    TrackRemoteEvent::OnEnded => break,
                    _ => {}
                }
            }
        });
    }
}

/// `participant-<id>-<source>` as the SFU names forwarded tracks.
fn parse_track_id(id: &str) -> Option<(ParticipantId, MediaSource)> {
    let rest = id.strip_prefix("participant-")?;
    let (owner, source) = rest.split_once('-')?;
    let source = match source {
        "microphone" => MediaSource::Microphone,
        "camera" => MediaSource::Camera,
        "screen" => MediaSource::Screen,
        "interpretation" => MediaSource::Interpretation,
        _ => return None,
    };
    Some((ParticipantId(owner.parse().ok()?), source))
}

impl Bot {
    /// Joins the media room on `live` (already in the meeting).
    /// Joins `meeting` on `hub` as `client`, with the default options.
    pub async fn join(hub: &crate::Hub, client: &crate::Client, meeting: &str) -> Bot {
        Bot::start(
            Live::join(&hub.url, client, meeting).await,
            BotOptions::default(),
        )
        .await
    }

    pub async fn start(mut live: Live, options: BotOptions) -> Bot {
        let id = 1_000_000;
        live.send_raw(&json!({"type": "media_join", "id": id}).to_string())
            .await;
        let mut media_live: Option<Live> = None;
        let ice_servers = loop {
            let message = match &mut media_live {
                Some(m) => m.recv().await,
                None => live.recv().await,
            };
            match message {
                ServerMessage::MediaElsewhere { id: i, url } if i == id => {
                    // Another node carries the media: join there, on a
                    // connection of its own; signaling stays where it is.
                    let mut m = Live::open_media(&url, &live.origin).await;
                    m.send_raw(&json!({"type": "media_join", "id": id}).to_string())
                        .await;
                    media_live = Some(m);
                }
                ServerMessage::MediaJoined {
                    id: i, ice_servers, ..
                } if i == id => break ice_servers,
                ServerMessage::Error {
                    id: Some(i),
                    code,
                    message,
                } if i == id => panic!("media_join refused: {code:?} {message}"),
                _ => {}
            }
        };
        let (candidates_tx, candidates) = mpsc::unbounded_channel();
        let received = Arc::new(Mutex::new(HashMap::new()));
        let channel = Arc::new(Mutex::new(Vec::new()));
        let connected = Arc::new(Mutex::new(false));
        let handler = Handler {
            candidates: candidates_tx,
            received: received.clone(),
            channel: channel.clone(),
            connected: connected.clone(),
            gathered: Arc::new(tokio::sync::Notify::new()),
        };
        let pc = new_peer(&handler, &ice_servers, &options).await;
        let (commands, rx) = mpsc::unbounded_channel();
        let bot = Bot {
            me: live.me,
            commands,
            received,
            channel,
            tracks: Arc::new(Mutex::new(Vec::new())),
            offers: Arc::new(Mutex::new(0)),
            media_elsewhere: media_live.is_some(),
            heard: Arc::new(Mutex::new(Vec::new())),
            failures: Arc::new(Mutex::new(Vec::new())),
            candidates: Arc::new(Mutex::new(Vec::new())),
            server_candidates: Arc::new(Mutex::new(Vec::new())),
            answers: Arc::new(Mutex::new(Vec::new())),
            ice_servers,
            connected,
            sent: Arc::new(Mutex::new(HashMap::new())),
            level: Arc::new(AtomicU8::new(SPEAKING)),
        };
        let driver = Driver {
            live,
            pc,
            next_id: 1_000_001,
            tracks: bot.tracks.clone(),
            offers: bot.offers.clone(),
            heard: bot.heard.clone(),
            failures: bot.failures.clone(),
            candidates: bot.candidates.clone(),
            server_candidates: bot.server_candidates.clone(),
            answers: bot.answers.clone(),
            sent: bot.sent.clone(),
            level: bot.level.clone(),
            publishing: Vec::new(),
            senders: Vec::new(),
            pending: None,
            reoffer: false,
            handler,
            options,
            rejoining: None,
            media_live,
            local_sdp: Arc::new(Mutex::new(None)),
        };
        tokio::spawn(driver.run(rx, candidates));
        bot
    }

    /// Whether the microphone's packets say someone speaks (RFC 6464 level
    /// 30) or not (silence, 127); it speaks from the start.
    pub fn speak(&self, speaking: bool) {
        let level = if speaking { SPEAKING } else { 127 };
        self.level.store(level, Ordering::Relaxed);
    }

    /// Publishes synthetic media of these sources (replacing what it published).
    pub async fn publish(&self, sources: &[MediaSource]) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(BotCommand::Publish(sources.to_vec(), true, tx))
            .map_err(|_| "bot stopped".to_string())?;
        rx.await.map_err(|_| "bot stopped".to_string())?
    }

    /// Sends media of these sources without declaring them in the offer, as
    /// a faulty or hostile client would.
    pub async fn publish_undeclared(&self, sources: &[MediaSource]) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(BotCommand::Publish(sources.to_vec(), false, tx))
            .map_err(|_| "bot stopped".to_string())?;
        rx.await.map_err(|_| "bot stopped".to_string())?
    }

    /// A meeting command, answered by ack (`Ok`) or the error code.
    pub async fn act(&self, command: serde_json::Value) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(BotCommand::Act(command, tx))
            .map_err(|_| "bot stopped".to_string())?;
        rx.await.map_err(|_| "bot stopped".to_string())?
    }

    /// Asks to receive the cameras of at most `videos` participants.
    pub async fn videos(&self, videos: u32) -> Result<(), String> {
        self.media_request(json!({"type": "media_videos", "videos": videos}))
            .await
    }

    /// How large it shows the stage and the other cameras (`low`,
    /// `medium`, `high`).
    pub async fn quality(&self, stage: &str, tiles: &str) -> Result<(), String> {
        self.media_request(json!({"type": "media_quality", "stage": stage, "tiles": tiles}))
            .await
    }

    /// A viewer's channel: a booth's language, or `None` for the floor.
    pub async fn listen(&self, channel: Option<&str>) -> Result<(), String> {
        self.media_request(json!({"type": "media_listen", "channel": channel}))
            .await
    }

    async fn media_request(&self, message: serde_json::Value) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(BotCommand::Media(message, tx))
            .map_err(|_| "bot stopped".to_string())?;
        rx.await.map_err(|_| "bot stopped".to_string())?
    }

    /// Whose cameras the server last said this bot receives.
    pub fn shown(&self) -> Option<Vec<ParticipantId>> {
        self.heard
            .lock()
            .expect("lock")
            .iter()
            .rev()
            .find_map(|m| match m {
                ServerMessage::VideosShown { participants } => Some(participants.clone()),
                _ => None,
            })
    }

    /// Sends a text frame as it is (its answer lands in `heard`).
    pub fn send_raw(&self, text: &str) {
        let _ = self.commands.send(BotCommand::Raw(text.to_string()));
    }

    /// Leaves the media room and joins it again with a new peer connection
    /// (the websocket stays).
    pub async fn rejoin_media(&self) {
        let (tx, rx) = oneshot::channel();
        if self.commands.send(BotCommand::RejoinMedia(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    pub async fn leave_media(&self) {
        let (tx, rx) = oneshot::channel();
        if self.commands.send(BotCommand::LeaveMedia(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    /// Closes the peer connection and the websocket.
    pub async fn close(self) {
        let (tx, rx) = oneshot::channel();
        if self.commands.send(BotCommand::Close(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    pub fn received_from(&self, owner: ParticipantId, source: MediaSource) -> Received {
        self.received
            .lock()
            .expect("lock")
            .get(&(owner, source))
            .cloned()
            .unwrap_or_default()
    }

    /// The counters of what this bot sent, per source.
    pub fn sent_counts(&self) -> Shared<HashMap<MediaSource, u64>> {
        self.sent.clone()
    }

    pub fn sent(&self, source: MediaSource) -> u64 {
        self.sent
            .lock()
            .expect("lock")
            .get(&source)
            .copied()
            .unwrap_or(0)
    }

    pub fn is_connected(&self) -> bool {
        *self.connected.lock().expect("lock")
    }

    /// Waits until `check` holds, up to `within`.
    pub async fn until(&self, within: Duration, check: impl Fn(&Bot) -> bool) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if check(self) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        check(self)
    }
}

struct Driver {
    live: Live,
    pc: Arc<dyn PeerConnection>,
    next_id: u64,
    tracks: Shared<Vec<ForwardedTrack>>,
    offers: Shared<u64>,
    heard: Shared<Vec<ServerMessage>>,
    failures: Shared<Vec<String>>,
    candidates: Shared<Vec<String>>,
    server_candidates: Shared<Vec<String>>,
    answers: Shared<Vec<String>>,
    sent: Shared<HashMap<MediaSource, u64>>,
    level: Arc<AtomicU8>,
    publishing: Vec<(MediaSource, String)>,
    senders: Vec<(
        Arc<dyn webrtc::rtp_transceiver::RtpSender>,
        tokio::task::JoinHandle<()>,
    )>,
    /// Our offer's request id and who waits for it.
    pending: Option<(u64, Option<Waiter>)>,
    /// An offer of ours was rolled back: offer again once stable.
    reoffer: bool,
    handler: Handler,
    options: BotOptions,
    /// A `media_join` in flight and who waits for it.
    rejoining: Option<(u64, oneshot::Sender<()>)>,
    /// The media-only connection, when another node carries the meeting's media.
    media_live: Option<Live>,
    /// This side's last offer, for the mid and extension ids a simulcast
    /// camera's packets carry.
    local_sdp: Shared<Option<String>>,
}

/// The next message from the meeting's websocket or the media one.
async fn next_message(live: &mut Live, media: &mut Option<Live>) -> Option<ServerMessage> {
    let forever = Duration::from_secs(3600);
    match media {
        None => live.try_recv(forever).await,
        Some(m) => tokio::select! {
            message = live.try_recv(forever) => message,
            message = m.try_recv(forever) => message,
        },
    }
}

impl Driver {
    /// Where media messages go: the media home's connection, or the meeting's.
    fn media(&mut self) -> &mut Live {
        self.media_live.as_mut().unwrap_or(&mut self.live)
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    async fn run(
        mut self,
        mut commands: mpsc::UnboundedReceiver<BotCommand>,
        mut candidates: mpsc::UnboundedReceiver<IceCandidate>,
    ) {
        let mut acts: HashMap<u64, Waiter> = HashMap::new();
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    None => break,
                    Some(BotCommand::Publish(sources, declare, reply)) => self.publish(sources, declare, reply).await,
                    Some(BotCommand::Act(command, reply)) => {
                        let id = self.id();
                        acts.insert(id, reply);
                        self.live.send_raw(&json!({"type": "act", "id": id, "command": command}).to_string()).await;
                    }
                    Some(BotCommand::Media(mut message, reply)) => {
                        let id = self.id();
                        acts.insert(id, reply);
                        message["id"] = json!(id);
                        self.media().send_raw(&message.to_string()).await;
                    }
                    Some(BotCommand::Raw(text)) => self.live.send_raw(&text).await,
                    Some(BotCommand::LeaveMedia(reply)) => {
                        let id = self.id();
                        self.media().send_raw(&json!({"type": "media_leave", "id": id}).to_string()).await;
                        self.stop_sending();
                        let _ = self.pc.close().await;
                        let _ = reply.send(());
                    }
                    Some(BotCommand::RejoinMedia(reply)) => {
                        self.stop_sending();
                        let _ = self.pc.close().await;
                        self.pending = None;
                        self.reoffer = false;
                        let id = self.id();
                        self.rejoining = Some((id, reply));
                        self.media().send_raw(&json!({"type": "media_join", "id": id}).to_string()).await;
                    }
                    Some(BotCommand::Close(reply)) => {
                        self.stop_sending();
                        let _ = self.pc.close().await;
                        self.live.close().await;
                        if let Some(m) = self.media_live.take() {
                            m.close().await;
                        }
                        let _ = reply.send(());
                        return;
                    }
                },
                Some(candidate) = candidates.recv() => {
                    self.candidates.lock().expect("lock").push(candidate.candidate.clone());
                    let id = self.id();
                    self.media().send_raw(&json!({"type": "media_candidate", "id": id, "candidate": candidate}).to_string()).await;
                }
                message = next_message(&mut self.live, &mut self.media_live) => {
                    let Some(message) = message else { break };
                    match message {
                        ServerMessage::MediaOffer { sdp, tracks } => self.on_offer(sdp, tracks).await,
                        ServerMessage::MediaJoined { id, ice_servers, .. } if self.rejoining.as_ref().is_some_and(|(r, _)| *r == id) => {
                            // A new peer connection for the new seat in the media room.
                            self.pc = new_peer(&self.handler, &ice_servers, &self.options).await;
                            if let Some((_, reply)) = self.rejoining.take() {
                                let _ = reply.send(());
                            }
                        }
                        ServerMessage::MediaAnswer { id, sdp } => self.on_answer(id, sdp).await,
                        ServerMessage::MediaCandidate { candidate } => {
                            self.server_candidates.lock().expect("lock").push(candidate.candidate.clone());
                            let _ = self.pc.add_ice_candidate(RTCIceCandidateInit {
                                candidate: candidate.candidate,
                                sdp_mid: candidate.sdp_mid,
                                sdp_mline_index: candidate.sdp_m_line_index,
                                username_fragment: None,
                                url: None,
                            }).await;
                        }
                        ServerMessage::Ack { id } => {
                            if let Some(reply) = acts.remove(&id) {
                                let _ = reply.send(Ok(()));
                            }
                        }
                        ServerMessage::Error { id: Some(id), code, message } => {
                            if let Some(reply) = acts.remove(&id) {
                                let _ = reply.send(Err(format!("{code:?}")));
                            } else if self.pending.as_ref().is_some_and(|(p, _)| *p == id) {
                                let (_, reply) = self.pending.take().unwrap_or((0, None));
                                if matches!(code, plenary_protocol::signal::SignalError::Glare) {
                                    // Our offer lost; it goes again after the answer.
                                    self.reoffer = true;
                                    self.pending = Some((0, reply));
                                } else if let Some(r) = reply {
                                    let _ = r.send(Err(format!("{code:?}: {message}")));
                                }
                            } else {
                                self.heard.lock().expect("lock").push(ServerMessage::Error { id: Some(id), code, message });
                            }
                        }
                        other => self.heard.lock().expect("lock").push(other),
                    }
                }
            }
        }
        self.stop_sending();
        let _ = self.pc.close().await;
    }

    fn stop_sending(&mut self) {
        for (_, task) in self.senders.drain(..) {
            task.abort();
        }
    }

    async fn publish(&mut self, sources: Vec<MediaSource>, declare: bool, reply: Waiter) {
        for (sender, task) in self.senders.drain(..) {
            task.abort();
            let _ = self.pc.remove_track(&sender).await;
        }
        self.publishing.clear();
        for source in sources {
            let ssrc = rand_u32();
            let track_id = format!("bot-{}-{ssrc}", source.name());
            let simulcast = self.options.simulcast && source == MediaSource::Camera;
            let track = match simulcast {
                true => simulcast_track(ssrc, track_id.clone()),
                false => synthetic_track(source, ssrc, track_id.clone()),
            };
            let sender = match self
                .pc
                .add_track(track.clone() as Arc<dyn TrackLocal>)
                .await
            {
                Ok(s) => s,
                Err(e) => {
                    let _ = reply.send(Err(format!("add_track: {e}")));
                    return;
                }
            };
            let task = match (&self.options.video, source) {
                _ if simulcast => tokio::spawn(send_simulcast(
                    track,
                    ssrc,
                    track_id.clone(),
                    self.local_sdp.clone(),
                    self.live.me,
                    self.sent.clone(),
                )),
                (Some(frames), MediaSource::Camera) => {
                    tokio::spawn(send_frames(track, ssrc, frames.clone(), self.sent.clone()))
                }
                _ => tokio::spawn(send_synthetic(
                    track,
                    source,
                    ssrc,
                    self.live.me,
                    self.sent.clone(),
                    Some(self.level.clone()),
                )),
            };
            self.senders.push((sender, task));
            if declare {
                self.publishing.push((source, track_id));
            }
        }
        self.offer(Some(reply)).await;
    }

    async fn offer(&mut self, reply: Option<Waiter>) {
        let offer = match self.pc.create_offer(None).await {
            Ok(o) => o,
            Err(e) => {
                if let Some(r) = reply {
                    let _ = r.send(Err(format!("create_offer: {e}")));
                }
                return;
            }
        };
        if let Err(e) = self.pc.set_local_description(offer.clone()).await {
            if let Some(r) = reply {
                let _ = r.send(Err(format!("set_local_description: {e}")));
            }
            return;
        }
        *self.local_sdp.lock().expect("lock") = Some(offer.sdp.clone());
        let id = self.id();
        let tracks: Vec<serde_json::Value> = self
            .publishing
            .iter()
            .map(|(source, track_id)| json!({"track_id": track_id, "source": source}))
            .collect();
        self.pending = Some((id, reply));
        self.media()
            .send_raw(
                &json!({"type": "media_offer", "id": id, "sdp": offer.sdp, "tracks": tracks})
                    .to_string(),
            )
            .await;
    }

    async fn on_answer(&mut self, id: u64, sdp: String) {
        let Some((pending, reply)) = self.pending.take() else {
            return;
        };
        if pending != id {
            self.pending = Some((pending, reply));
            return;
        }
        self.answers.lock().expect("lock").push(sdp.clone());
        let result = match RTCSessionDescription::answer(sdp) {
            Ok(answer) => self
                .pc
                .set_remote_description(answer)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if result.is_ok() {
            self.stop_what_the_answer_refused().await;
        }
        if let Some(r) = reply {
            let _ = r.send(result);
        }
    }

    /// Stops sending where the answer says the server does not receive, as
    /// a browser's sender does.
    async fn stop_what_the_answer_refused(&mut self) {
        let mut refused = Vec::new();
        for transceiver in self.pc.get_transceivers().await {
            let Ok(Some(sender)) = transceiver.sender().await else {
                continue;
            };
            let sends = transceiver
                .current_direction()
                .await
                .is_ok_and(|d| d.has_send());
            if !sends {
                refused.push(sender.id());
            }
        }
        for (sender, task) in &self.senders {
            if refused.contains(&sender.id()) {
                task.abort();
            }
        }
    }

    async fn on_offer(&mut self, sdp: String, tracks: Vec<ForwardedTrack>) {
        if self.pc.pending_local_description().await.is_some() {
            // Polite: our own offer steps back; it goes again after this one.
            if let Ok(rollback) = RTCSessionDescription::rollback(None) {
                let _ = self.pc.set_local_description(rollback).await;
            }
            self.reoffer = true;
        }
        let answer = match self.answer_offer(sdp).await {
            Ok(answer) => answer,
            Err(e) => {
                self.failures.lock().expect("lock").push(e);
                return;
            }
        };
        *self.tracks.lock().expect("lock") = tracks;
        *self.offers.lock().expect("lock") += 1;
        let id = self.id();
        self.media()
            .send_raw(&json!({"type": "media_answer", "id": id, "sdp": answer.sdp}).to_string())
            .await;
        if self.reoffer {
            self.reoffer = false;
            let reply = self.pending.take().and_then(|(_, r)| r);
            self.offer(reply).await;
        }
    }
}

async fn new_peer(
    handler: &Handler,
    ice_servers: &[IceServer],
    options: &BotOptions,
) -> Arc<dyn PeerConnection> {
    let mut engine = MediaEngine::default();
    engine.register_default_codecs().expect("codecs");
    engine
        .register_header_extension(
            RTCRtpHeaderExtensionCapability {
                uri: AUDIO_LEVEL_URI.to_owned(),
            },
            RtpCodecKind::Audio,
            None,
        )
        .expect("audio level");
    let mut registry =
        register_default_interceptors(Registry::new(), &mut engine).expect("interceptors");
    if let Some(percent) = options.lossy {
        // Wire-most of what reads: before the NACK generator and the
        // receiver reports (a slot the default chain leaves empty).
        registry = registry.with(Slot::FecDecoder, Lossy::new(percent));
    }
    let mut config = RTCConfigurationBuilder::new().with_ice_servers(
        ice_servers
            .iter()
            .map(|s| RTCIceServer {
                urls: s.urls.clone(),
                username: s.username.clone().unwrap_or_default(),
                credential: s.credential.clone().unwrap_or_default(),
            })
            .collect(),
    );
    if options.relay_only {
        config = config.with_ice_transport_policy(RTCIceTransportPolicy::Relay);
    }
    Arc::new(
        PeerConnectionBuilder::new()
            .with_configuration(config.build())
            .with_media_engine(engine)
            .with_setting_engine(
                SettingEngineBuilder::new()
                    .with_include_loopback_candidate(true)
                    .build(),
            )
            .with_interceptor_registry(registry)
            .with_handler(Arc::new(handler.clone()))
            .with_udp_addrs(vec!["127.0.0.1:0"])
            .build()
            .await
            .expect("peer connection"),
    )
}

impl Driver {
    async fn answer_offer(&self, sdp: String) -> Result<RTCSessionDescription, String> {
        let offer = RTCSessionDescription::offer(sdp).map_err(|e| format!("offer: {e}"))?;
        self.pc
            .set_remote_description(offer)
            .await
            .map_err(|e| format!("set_remote_description(offer): {e}"))?;
        let answer = self
            .pc
            .create_answer(None)
            .await
            .map_err(|e| format!("create_answer: {e}"))?;
        self.pc
            .set_local_description(answer.clone())
            .await
            .map_err(|e| format!("set_local_description(answer): {e}"))?;
        Ok(answer)
    }
}

fn rand_u32() -> u32 {
    let bytes = uuid::Uuid::new_v4();
    let b = bytes.as_bytes();
    u32::from_le_bytes([b[0], b[1], b[2], b[3]]).max(1)
}

/// A local track of synthetic Opus or VP8 with this SSRC and id, built as
/// the SFU builds the tracks it forwards.
fn synthetic_track(source: MediaSource, ssrc: u32, track_id: String) -> Arc<TrackLocalStaticRTP> {
    plenary_signaling::media::local_track(
        source.is_audio(),
        ssrc,
        format!("stream-{ssrc}"),
        track_id,
    )
}

/// Latency samples kept per received track.
const MAX_LATENCIES: usize = 200_000;
const STAMP: [u8; 4] = *b"PLNY";

fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn micros_since_epoch() -> u64 {
    u64::try_from(epoch().elapsed().as_micros()).unwrap_or(u64::MAX)
}

/// Who sent a synthetic packet (every bot marks its own).
fn sender_of(payload: &[u8]) -> Option<ParticipantId> {
    if payload.get(..4)? != STAMP {
        return None;
    }
    Some(ParticipantId(u64::from_le_bytes(
        payload.get(12..20)?.try_into().ok()?,
    )))
}

fn stamp_of(payload: &[u8]) -> Option<u64> {
    if payload.get(..4)? != STAMP {
        return None;
    }
    Some(u64::from_le_bytes(payload.get(4..12)?.try_into().ok()?))
}

/// A peer connection signalled some other way (the benchmark's Pion peer
/// takes whole SDP over HTTP): it counts what it receives like a bot.
#[derive(Clone)]
pub struct PlainPeer {
    pub pc: Arc<dyn PeerConnection>,
    pub received: Shared<HashMap<(ParticipantId, MediaSource), Received>>,
    pub sent: Shared<HashMap<MediaSource, u64>>,
    gathered: Arc<tokio::sync::Notify>,
    senders: Shared<Vec<tokio::task::JoinHandle<()>>>,
}

impl std::fmt::Debug for PlainPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainPeer")
    }
}

impl PlainPeer {
    pub async fn new() -> PlainPeer {
        let (candidates, _) = mpsc::unbounded_channel();
        let handler = Handler {
            candidates,
            received: Arc::new(Mutex::new(HashMap::new())),
            channel: Arc::new(Mutex::new(Vec::new())),
            connected: Arc::new(Mutex::new(false)),
            gathered: Arc::new(tokio::sync::Notify::new()),
        };
        let pc = new_peer(&handler, &[], &BotOptions::default()).await;
        PlainPeer {
            pc,
            received: handler.received.clone(),
            sent: Arc::new(Mutex::new(HashMap::new())),
            gathered: handler.gathered.clone(),
            senders: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Publishes synthetic media of `source` as participant `owner` (the
    /// track id names them, as the SFU names forwarded tracks).
    pub async fn publish(&self, owner: ParticipantId, source: MediaSource) {
        let ssrc = rand_u32();
        let track = synthetic_track(
            source,
            ssrc,
            format!("participant-{}-{}", owner.0, source.name()),
        );
        self.pc
            .add_track(track.clone() as Arc<dyn TrackLocal>)
            .await
            .expect("add track");
        let task = tokio::spawn(send_synthetic(
            track,
            source,
            ssrc,
            owner,
            self.sent.clone(),
            None,
        ));
        self.senders.lock().expect("lock").push(task);
    }

    /// Sets `description` as local and waits for every candidate: its SDP.
    pub async fn complete(&self, description: RTCSessionDescription) -> String {
        let gathered = self.gathered.notified();
        self.pc
            .set_local_description(description)
            .await
            .expect("local description");
        let _ = tokio::time::timeout(Duration::from_secs(5), gathered).await;
        self.pc
            .local_description()
            .await
            .expect("local description")
            .sdp
    }

    pub async fn close(&self) {
        for task in self.senders.lock().expect("lock").drain(..) {
            task.abort();
        }
        let _ = self.pc.close().await;
    }
}

/// VP8 frames, 30 a second in a loop, each cut into packets of at most
/// 1,000 bytes behind the payload descriptor (RFC 7741); counts frames sent.
async fn send_frames(
    track: Arc<TrackLocalStaticRTP>,
    ssrc: u32,
    frames: Arc<Vec<Vec<u8>>>,
    sent: Shared<HashMap<MediaSource, u64>>,
) {
    let mut ticker = tokio::time::interval(Duration::from_millis(33));
    let mut seq: u16 = rand_u32() as u16;
    let mut timestamp: u32 = rand_u32();
    for frame in frames.iter().cycle() {
        ticker.tick().await;
        let pieces: Vec<&[u8]> = frame.chunks(1000).collect();
        for (i, piece) in pieces.iter().enumerate() {
            let mut payload = vec![if i == 0 { 0x10 } else { 0x00 }];
            payload.extend_from_slice(piece);
            let packet = rtp::Packet {
                header: rtp::header::Header {
                    version: 2,
                    marker: i + 1 == pieces.len(),
                    payload_type: 96,
                    sequence_number: seq,
                    timestamp,
                    ssrc,
                    ..Default::default()
                },
                payload: payload.into(),
            };
            let _ = track.write_rtp(packet).await;
            seq = seq.wrapping_add(1);
        }
        *sent
            .lock()
            .expect("lock")
            .entry(MediaSource::Camera)
            .or_default() += 1;
        timestamp = timestamp.wrapping_add(3000);
    }
}

/// 50 audio packets a second (20 ms of Opus) or 30 video frames of two
/// packets each; audio with a `level` carries it (RFC 6464: 30 is someone
/// speaking, 127 silence). Pion drops audio carrying an extension it did
/// not negotiate, so its benchmark publishers send none.
async fn send_synthetic(
    track: Arc<TrackLocalStaticRTP>,
    source: MediaSource,
    ssrc: u32,
    sender: ParticipantId,
    sent: Shared<HashMap<MediaSource, u64>>,
    level: Option<Arc<AtomicU8>>,
) {
    let audio = source.is_audio();
    let (period, per_tick, step, payload_type, size) = if audio {
        (Duration::from_millis(20), 1, 960u32, 111u8, 120usize)
    } else {
        (Duration::from_millis(33), 2, 3000u32, 96u8, 1000usize)
    };
    let mut ticker = tokio::time::interval(period);
    let mut seq: u16 = rand_u32() as u16;
    let mut timestamp: u32 = rand_u32();
    let mut payload = vec![0x90u8; size];
    loop {
        ticker.tick().await;
        for i in 0..per_tick {
            // Each packet carries when it was sent, for the receivers' latency.
            payload[..4].copy_from_slice(&STAMP);
            payload[4..12].copy_from_slice(&micros_since_epoch().to_le_bytes());
            payload[12..20].copy_from_slice(&sender.0.to_le_bytes());
            let payload = bytes::Bytes::copy_from_slice(&payload);
            let packet = rtp::Packet {
                header: rtp::header::Header {
                    version: 2,
                    marker: i + 1 == per_tick,
                    payload_type,
                    sequence_number: seq,
                    timestamp,
                    ssrc,
                    ..Default::default()
                },
                payload: payload.clone(),
            };
            let written = if let Some(level) = level.as_ref().filter(|_| audio) {
                let level = level.load(Ordering::Relaxed);
                track
                    .write_rtp_with_extensions(
                        packet,
                        &[rtp::extension::HeaderExtension::AudioLevel(
                            rtp::extension::audio_level_extension::AudioLevelExtension {
                                level,
                                voice: level < 127,
                            },
                        )],
                    )
                    .await
            } else {
                track.write_rtp(packet).await
            };
            if written.is_ok() {
                *sent.lock().expect("lock").entry(source).or_default() += 1;
            }
            seq = seq.wrapping_add(1);
        }
        timestamp = timestamp.wrapping_add(step);
    }
}

/// The RIDs of a simulcast camera's layers, low to high.
const RIDS: [&str; 3] = ["q", "h", "f"];
const MID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:mid";
const RID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

/// A camera track sent in three layers, SSRCs `ssrc` to `ssrc + 2`.
fn simulcast_track(ssrc: u32, track_id: String) -> Arc<TrackLocalStaticRTP> {
    use rtc::rtp_transceiver::rtp_sender::{RTCRtpCodingParameters, RTCRtpEncodingParameters};
    use webrtc::media_stream::MediaStreamTrack;
    let encodings = RIDS
        .iter()
        .zip(0u32..)
        .map(|(rid, i)| RTCRtpEncodingParameters {
            rtp_coding_parameters: RTCRtpCodingParameters {
                rid: (*rid).to_owned(),
                ssrc: Some(ssrc.wrapping_add(i)),
                ..Default::default()
            },
            codec: plenary_signaling::media::vp8(),
            ..Default::default()
        })
        .collect();
    Arc::new(TrackLocalStaticRTP::new(MediaStreamTrack::new(
        format!("stream-{ssrc}"),
        track_id.clone(),
        track_id,
        RtpCodecKind::Video,
        encodings,
    )))
}

/// A layer's mark in a simulcast camera's packets (after the stamp).
const LAYER_AT: usize = 20;

fn layer_of(payload: &[u8]) -> Option<u8> {
    stamp_of(payload)?;
    let mark = *payload.get(LAYER_AT)?;
    (mark & 0xf0 == 0xf0).then_some(mark & 0x0f)
}

/// 30 frames a second in each of three layers (one, two and four packets
/// a frame), each packet stamped like the synthetic ones and marked with
/// its layer, and carrying the mid and RID the SFU tells the layers by.
async fn send_simulcast(
    track: Arc<TrackLocalStaticRTP>,
    ssrc: u32,
    track_id: String,
    local_sdp: Shared<Option<String>>,
    sender: ParticipantId,
    sent: Shared<HashMap<MediaSource, u64>>,
) {
    let mut ticker = tokio::time::interval(Duration::from_millis(33));
    let mut seqs: [u16; 3] = [rand_u32() as u16; 3];
    let mut timestamp: u32 = rand_u32();
    let mut payload = vec![0x90u8; 1000];
    loop {
        ticker.tick().await;
        let ids = local_sdp.lock().expect("lock").as_deref().and_then(|sdp| {
            let mid = plenary_protocol::sdp::sections(sdp)
                .into_iter()
                .find(|s| s.track_id.as_deref() == Some(track_id.as_str()))?
                .mid;
            let mid_id = plenary_protocol::sdp::extmap_id(sdp, MID_URI)?;
            let rid_id = plenary_protocol::sdp::extmap_id(sdp, RID_URI)?;
            Some((mid, mid_id, rid_id))
        });
        let Some((mid, mid_id, rid_id)) = ids else {
            continue;
        };
        for (layer, rid) in RIDS.iter().enumerate() {
            let packets = 1usize << layer;
            for i in 0..packets {
                payload[..4].copy_from_slice(&STAMP);
                payload[4..12].copy_from_slice(&micros_since_epoch().to_le_bytes());
                payload[12..20].copy_from_slice(&sender.0.to_le_bytes());
                payload[LAYER_AT] = 0xf0 | layer as u8;
                let mut header = rtp::header::Header {
                    version: 2,
                    marker: i + 1 == packets,
                    payload_type: 96,
                    sequence_number: seqs[layer],
                    timestamp,
                    ssrc: ssrc.wrapping_add(layer as u32),
                    ..Default::default()
                };
                let _ = header.set_extension(mid_id, bytes::Bytes::from(mid.clone()));
                let _ = header.set_extension(rid_id, bytes::Bytes::from_static(rid.as_bytes()));
                let packet = rtp::Packet {
                    header,
                    payload: bytes::Bytes::copy_from_slice(&payload),
                };
                if track.write_rtp(packet).await.is_ok() && layer == 2 {
                    *sent
                        .lock()
                        .expect("lock")
                        .entry(MediaSource::Camera)
                        .or_default() += 1;
                }
                seqs[layer] = seqs[layer].wrapping_add(1);
            }
        }
        timestamp = timestamp.wrapping_add(3000);
    }
}

/// Loses a share of the RTP packets that reach the bot, evenly spread.
struct Lossy {
    percent: u64,
    seen: u64,
    read: std::collections::VecDeque<TaggedPacket>,
    write: std::collections::VecDeque<TaggedPacket>,
}

impl Lossy {
    fn new(percent: u64) -> Lossy {
        Lossy {
            percent: percent.min(100),
            seen: 0,
            read: Default::default(),
            write: Default::default(),
        }
    }
}

impl rtc::sansio::Protocol<TaggedPacket, TaggedPacket, ()> for Lossy {
    type Rout = TaggedPacket;
    type Wout = TaggedPacket;
    type Eout = ();
    type Error = rtc::shared::error::Error;
    type Time = Instant;

    fn handle_read(&mut self, msg: TaggedPacket) -> Result<(), Self::Error> {
        if matches!(msg.message.packet, Packet::Rtp(_)) {
            self.seen += 1;
            // 13 is prime to 100: the losses fall evenly, not in bursts.
            if (self.seen * 13) % 100 < self.percent {
                return Ok(());
            }
        }
        self.read.push_back(msg);
        Ok(())
    }

    fn poll_read(&mut self) -> Option<TaggedPacket> {
        self.read.pop_front()
    }

    fn handle_write(&mut self, msg: TaggedPacket) -> Result<(), Self::Error> {
        self.write.push_back(msg);
        Ok(())
    }

    fn poll_write(&mut self) -> Option<TaggedPacket> {
        self.write.pop_front()
    }

    fn handle_timeout(&mut self, _now: Instant) -> Result<(), Self::Error> {
        Ok(())
    }

    fn poll_timeout(&mut self) -> Option<Instant> {
        None
    }

    fn close(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl Interceptor for Lossy {
    fn bind_local_stream(&mut self, _: &StreamInfo) {}
    fn unbind_local_stream(&mut self, _: &StreamInfo) {}
    fn bind_remote_stream(&mut self, _: &StreamInfo) {}
    fn unbind_remote_stream(&mut self, _: &StreamInfo) {}
}
