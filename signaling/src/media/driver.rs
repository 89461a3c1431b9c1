//! One meeting room's task: it owns the room's rules, its peer connections
//! and its published tracks, and turns what the rules decide into SDP, RTP
//! and RTCP.

use crate::ice::{check_candidate, keep_allowed_candidates};
use crate::live::Notice;
use crate::sfu::{
    channel_of, Action, CloseReason, MonoMillis, PeerKind, Room, SfuError, Source, TrackKey,
};
use plenary_protocol::ids::MeetingId;
use plenary_protocol::signal::{
    Event, ForwardedTrack, IceCandidate, ParticipantId, PublishedTrack, ServerMessage, SignalError,
};
use rtc::peer_connection::configuration::media_engine::{MIME_TYPE_OPUS, MIME_TYPE_VP8};
use rtc::peer_connection::sdp::RTCSessionDescription;
use rtc::peer_connection::transport::RTCIceCandidateInit;
use rtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use rtc::rtcp::receiver_report::ReceiverReport;
use rtc::rtp_transceiver::rtp_sender::RtpCodecKind;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use webrtc::media_stream::track_local::{TrackLocal, TrackLocalEvent};
use webrtc::media_stream::track_remote::TrackRemote;
use webrtc::peer_connection::PeerConnection;
use webrtc::rtp_transceiver::{RTCRtpTransceiverDirection, RtpSender};

use super::forward::{forward, forwarded_ids, Feed, Out, Pick, Recording, Route, Splice};
use super::peer::{local_track, PeerEvents, AUDIO_LEVEL_URI, OPUS_PT, VP8_PT};
use super::recorder::Take;
use super::relay::{Message, ANNOUNCE, FORGET};
use super::*;
use plenary_protocol::sdp::{self, extmap_id, Section};
use plenary_rules::interpretation::Channel;
use plenary_rules::relay::{Change, Routing};

/// How often a room reads the directory of nodes carrying its meeting.
const DIRECTORY: Duration = Duration::from_secs(2);
/// How long a node's entry in the directory outlives its last renewal: a
/// node that died is offered to joiners no longer than this (a few missed
/// renewals, well within the ten seconds its subscribers have to be back).
pub(super) const DIRECTORY_LEASE: Duration = Duration::from_secs(6);

/// Most tracks one participant may publish (one per source).
const MAX_PUBLISHED: usize = 3;
/// How soon a state that could not be read is read again.
const REREAD: Duration = Duration::from_millis(500);
/// A step of the room's longer than this is logged.
const STALL: Duration = Duration::from_millis(500);
/// Candidates kept while their description has not arrived.
const MAX_EARLY_CANDIDATES: usize = 32;

struct Sent {
    sender: Arc<dyn RtpSender>,
    rtcp: tokio::task::JoinHandle<()>,
    out: Out,
    /// Whether a completed negotiation carries this track. Until then its
    /// packets would reach the browser before the SDP that names their
    /// SSRC, and Firefox files such packets under another m-line with the
    /// same payload type (the camera's, for a shared screen).
    negotiated: bool,
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
    /// Counted among the room's thread's peers while it is in the room.
    _counted: crate::metrics::Held,
    /// Counted in the node's load while it is in the room.
    _load: Load,
}

/// One media connection in the node's load (`Media::place`).
struct Load(Media);

impl Load {
    fn new(media: &Media) -> Load {
        media.inner.load.fetch_add(1, Ordering::Relaxed);
        Load(media.clone())
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        self.0.inner.load.fetch_sub(1, Ordering::Relaxed);
    }
}

struct Published {
    route: Arc<Route>,
    origin: Origin,
    /// Its forwarding task, and that task's number (in `TrackEnded`).
    task: tokio::task::JoinHandle<()>,
    task_id: u64,
}

/// Where a published track comes from.
enum Origin {
    /// Its publisher's connection to this node.
    Here(Arc<dyn TrackRemote>),
    /// The relay of the node it is published on.
    Relayed { from: SocketAddr },
}

pub(super) struct RoomDriver {
    media: Media,
    meeting: MeetingId,
    tx: mpsc::UnboundedSender<Command>,
    room: Room,
    peers: HashMap<ParticipantId, PeerState>,
    published: HashMap<TrackKey, Published>,
    /// Participants whose first offer the room waits for before offering.
    held: std::collections::HashSet<ParticipantId>,
    /// Each viewer's channel (a booth's language, or `None`: the floor).
    channels: HashMap<ParticipantId, Option<plenary_protocol::api::Language>>,
    started: Instant,
    /// While the meeting sits and recordings are kept: the recorder's queue
    /// and whose microphone (and, for the floor, camera) each recording takes.
    recorder: Option<Recorder>,
    /// This node holds the meeting's media home: it records the meeting.
    home: bool,
    /// The other nodes carrying the meeting (their relays), and when each
    /// was last seen in the directory or heard from.
    nodes: HashMap<SocketAddr, Instant>,
    /// What crosses between this node and the others (`rules::relay`).
    routing: Routing,
    /// What this node last told each node it wants.
    wanted: HashMap<SocketAddr, Vec<TrackKey>>,
    next_task: u64,
}

struct Recorder {
    taps: mpsc::Sender<super::recorder::Tap>,
    sources: std::collections::BTreeMap<Channel, Option<ParticipantId>>,
}

impl RoomDriver {
    pub(super) fn new(
        media: Media,
        meeting: MeetingId,
        tx: mpsc::UnboundedSender<Command>,
    ) -> RoomDriver {
        RoomDriver {
            room: Room::new(media.inner.config.room.clone()),
            media,
            meeting,
            tx,
            peers: HashMap::new(),
            published: HashMap::new(),
            held: std::collections::HashSet::new(),
            channels: HashMap::new(),
            started: Instant::now(),
            recorder: None,
            home: false,
            nodes: HashMap::new(),
            wanted: HashMap::new(),
            routing: Routing::new(u64::try_from(FORGET.as_millis()).unwrap_or(u64::MAX)),
            next_task: 0,
        }
    }

    fn now(&self) -> MonoMillis {
        MonoMillis(u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        let mut notices = self.media.inner.live.subscribe(self.meeting);
        // The claim on the meeting's media (made by the first join) is
        // renewed while the room lives, and given up when it ends.
        let mut lease = tokio::time::interval(crate::live::MEDIA_LEASE / 3);
        lease.reset();
        self.claim_home().await;
        // The directory of nodes carrying the meeting, and what this node
        // has and wants, go round only with a relay.
        let relaying = self.media.inner.relay.is_some();
        let mut directory = tokio::time::interval(DIRECTORY);
        let mut announce = tokio::time::interval(ANNOUNCE);
        loop {
            let wait = self
                .room
                .next_deadline()
                .map(|due| Duration::from_millis(due.since(self.now())));
            let sleep = async {
                match wait {
                    Some(w) => tokio::time::sleep(w).await,
                    None => std::future::pending().await,
                }
            };
            let began = std::time::Instant::now();
            let step;
            tokio::select! {
                command = commands.recv() => {
                    let Some(command) = command else { break };
                    step = "command";
                    self.on_command(command).await;
                    self.send_wants(false);
                    if self.peers.is_empty() && self.finish(&mut commands) {
                        break;
                    }
                }
                notice = notices.recv() => {
                    step = "notice";
                    self.on_notice(notice).await;
                    // The floor moved: the cameras needed from other nodes with it.
                    self.send_wants(false);
                }
                _ = lease.tick() => {
                    step = "lease";
                    self.claim_home().await;
                }
                _ = directory.tick(), if relaying => {
                    step = "directory";
                    self.read_directory().await;
                }
                _ = announce.tick(), if relaying => {
                    step = "announce";
                    self.announce().await;
                }
                () = sleep => {
                    step = "tick";
                    let actions = self.room.tick(self.now());
                    self.carry_out(actions).await;
                }
            }
            // Everything of the meeting's media waits while the room works:
            // a long step is what an operator needs to see.
            let took = began.elapsed();
            if took > STALL {
                tracing::warn!(meeting = %self.meeting, step, ms = took.as_millis() as u64, "media: the room was held up");
            }
        }
        let keys: Vec<TrackKey> = self.published.keys().copied().collect();
        for key in keys {
            self.drop_published(key);
        }
        let inner = &self.media.inner;
        if relaying {
            if let Err(e) = inner
                .live
                .leave_media_nodes(self.meeting, &inner.node_url)
                .await
            {
                tracing::debug!(meeting = %self.meeting, "media: leaving the directory: {e}");
            }
        }
        if let Err(e) = inner
            .live
            .release_media_home(self.meeting, &inner.node_url)
            .await
        {
            tracing::debug!(meeting = %self.meeting, "media: releasing the media home: {e}");
        }
    }

    /// Claims (or renews) the meeting's media home; notes whether it is ours.
    async fn claim_home(&mut self) {
        let inner = &self.media.inner;
        match inner
            .live
            .media_home(self.meeting, &inner.node_url, crate::live::MEDIA_LEASE)
            .await
        {
            Ok(home) => {
                let ours = home == inner.node_url;
                if !ours && inner.relay.is_none() {
                    tracing::warn!(meeting = %self.meeting, %home, "media: another node now holds this meeting's media");
                }
                self.home = ours;
            }
            Err(e) => {
                tracing::warn!(meeting = %self.meeting, "media: renewing the media home: {e}")
            }
        }
    }

    /// Renews this node's entry in the meeting's directory and learns the
    /// other nodes carrying it.
    async fn read_directory(&mut self) {
        let Some(me) = self.media.as_media_node() else {
            return;
        };
        match self
            .media
            .inner
            .live
            .media_nodes(self.meeting, Some(&me), DIRECTORY_LEASE)
            .await
        {
            Ok(nodes) => {
                let now = Instant::now();
                for node in nodes.into_iter().filter(|n| n.relay != me.relay) {
                    self.nodes.insert(node.relay, now);
                }
            }
            Err(e) => tracing::warn!(meeting = %self.meeting, "media: the directory of nodes: {e}"),
        }
    }

    /// Says again what this node has and wants, and forgets what the
    /// others stopped saying.
    async fn announce(&mut self) {
        let Some(relay) = self.media.inner.relay.clone() else {
            return;
        };
        let now = Instant::now();
        // A node neither in the directory nor heard from lately is gone.
        self.nodes
            .retain(|_, seen| now.duration_since(*seen) < DIRECTORY * 3);
        let changes = self.routing.expire(self.now());
        self.apply(changes).await;
        let have = self.routing.have();
        for node in self.nodes.keys() {
            relay.send(
                *node,
                &Message::Have {
                    meeting: self.meeting,
                    tracks: have.clone(),
                },
            );
        }
        self.send_wants(true);
    }

    /// Tells each node which of its tracks this node needs (what a
    /// subscriber here receives, or the recorder takes): with every
    /// announcement, and at once when that changed, so a camera newly
    /// shown here (the floor moved) crosses without waiting for the next.
    fn send_wants(&mut self, always: bool) {
        let Some(relay) = self.media.inner.relay.clone() else {
            return;
        };
        for node in self.nodes.keys() {
            let want: Vec<TrackKey> = self
                .routing
                .relayed_from(*node)
                .into_iter()
                .filter(|k| {
                    self.published.get(k).is_some_and(|p| {
                        !p.route.outs().is_empty() || p.route.recording().is_some()
                    })
                })
                .collect();
            if always || self.wanted.get(node) != Some(&want) {
                relay.send(
                    *node,
                    &Message::Want {
                        meeting: self.meeting,
                        tracks: want.clone(),
                    },
                );
                self.wanted.insert(*node, want);
            }
        }
    }

    /// What another node carrying the meeting said.
    async fn relayed(&mut self, from: SocketAddr, message: Message) {
        self.nodes.insert(from, Instant::now());
        let now = self.now();
        let changes = match message {
            Message::Have { tracks, .. } => {
                let peers = &self.peers;
                self.routing
                    .heard_have(from, &tracks, |who| peers.contains_key(&who), now)
            }
            Message::Want { tracks, .. } => self.routing.heard_want(from, &tracks, now),
            Message::Keyframe { track, .. } => match self.published.get(&track) {
                Some(Published {
                    origin: Origin::Here(_),
                    ..
                }) => vec![Change::Keyframe { track }],
                _ => Vec::new(),
            },
            // Packets go straight to their forwarding task (`Media::deliver`).
            Message::Rtp { .. } => Vec::new(),
        };
        self.apply(changes).await;
    }

    /// Carries out what the relay's routing decided.
    async fn apply(&mut self, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::Publish { track, from } => self.publish_remote(track, from).await,
                Change::Unpublish { track } => self.unpublish_remote(track).await,
                Change::Relay { track, to } => {
                    if let Some(p) = self.published.get(&track) {
                        metrics::gauge!("plenary_relay_tracks_out")
                            .increment(to.len() as f64 - p.route.relays().len() as f64);
                        p.route.set_relays(to);
                    }
                }
                Change::Keyframe { track } => {
                    let now = self.now();
                    let actions = self.room.keyframe_wanted(track, now);
                    self.carry_out(actions).await;
                }
            }
        }
    }

    /// A track published on the node at `from`: forwarded here like one
    /// published here, its packets coming through the relay.
    async fn publish_remote(&mut self, key: TrackKey, from: SocketAddr) {
        if self.published.contains_key(&key) {
            self.unpublish_remote(key).await;
        }
        // An interpreter's microphone feeds channels only, wherever they sit.
        let interpreter = match self.media.inner.live.get(self.meeting).await {
            Ok(Some((_, state))) => state
                .participants
                .get(&key.owner)
                .is_some_and(|p| p.role == plenary_protocol::signal::MeetingRole::Interpreter),
            _ => false,
        };
        let joined = self
            .room
            .join_as(key.owner, PeerKind::Remote { interpreter }, self.now());
        if let Ok(actions) = joined {
            self.carry_out(actions).await;
        }
        let (queue, packets) = mpsc::channel(super::RELAYED_QUEUE);
        self.media
            .inner
            .relayed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert((self.meeting, key), queue);
        let route = Arc::new(Route::default());
        let task_id = self.next_task();
        let task = tokio::spawn(forward(
            key,
            task_id,
            Feed::Relay(packets),
            route.clone(),
            self.tx.clone(),
            None,
        ));
        self.published.insert(
            key,
            Published {
                route,
                origin: Origin::Relayed { from },
                task,
                task_id,
            },
        );
        match self.room.publish(key.owner, key.source) {
            Ok(actions) => self.carry_out(actions).await,
            Err(e) => tracing::debug!(
                participant = key.owner.0,
                "media: a relayed track refused: {e}"
            ),
        }
        self.sync_route(key);
    }

    /// A relayed track ends; a remote seat with none left leaves the room.
    async fn unpublish_remote(&mut self, key: TrackKey) {
        let relayed = self
            .published
            .get(&key)
            .is_some_and(|p| matches!(p.origin, Origin::Relayed { .. }));
        if !relayed {
            return;
        }
        if let Ok(actions) = self.room.unpublish(key.owner, key.source) {
            self.carry_out(actions).await;
        }
        self.drop_published(key);
        let more = self.published.keys().any(|k| k.owner == key.owner);
        if !more && !self.peers.contains_key(&key.owner) {
            let actions = self.room.leave(key.owner);
            self.carry_out(actions).await;
        }
    }

    /// Everything relayed here of `who`, who now joins on this node.
    async fn forget_remote(&mut self, who: ParticipantId) {
        let theirs: Vec<TrackKey> = self
            .published
            .keys()
            .filter(|k| k.owner == who)
            .copied()
            .collect();
        for key in theirs {
            self.unpublish_remote(key).await;
        }
        let actions = self.room.leave(who);
        self.carry_out(actions).await;
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
                seat,
                out,
                reply,
            } => {
                let result = self.join(who, token, seat, out).await;
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
            Command::Choose {
                who,
                token,
                choice,
                reply,
            } => {
                let result = match self.current(who, token) {
                    Ok(_) => self.choose(who, choice).await,
                    Err(e) => Err(e),
                };
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
            Command::TrackEnded { key, task } => {
                let ours = self.published.get(&key).is_some_and(|p| p.task_id == task);
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
            Command::Relay { from, message } => self.relayed(from, message).await,
            Command::Reread => self.on_notice(Ok(Notice::Resync)).await,
            Command::Lost { to, blocks } => {
                // Only the cameras' reports count: their layers are what a
                // poor link can be spared.
                let worst = self.peers.get(&to).and_then(|peer| {
                    blocks
                        .iter()
                        .filter(|(ssrc, _)| {
                            peer.sending
                                .values()
                                .any(|s| s.out.pick.is_some() && s.out.ssrc == *ssrc)
                        })
                        .map(|(_, lost)| *lost)
                        .max()
                });
                if let Some(lost) = worst {
                    let now = self.now();
                    let actions = self.room.lost(to, lost, now);
                    self.carry_out(actions).await;
                }
            }
        }
    }

    async fn join(
        &mut self,
        who: ParticipantId,
        token: u64,
        seat: Seat,
        out: mpsc::Sender<ServerMessage>,
    ) -> Result<bool, MediaRefusal> {
        if self.peers.contains_key(&who) {
            // A newer connection of the same seat takes over.
            let actions = self.room.leave(who);
            self.carry_out(actions).await;
            self.close_peer(who).await;
        } else if self.room.peers().any(|p| p == who) {
            // Seated on another node until now (that node went away, or
            // they moved): their relayed tracks give way to their own.
            self.forget_remote(who).await;
        }
        let now = self.now();
        let mut actions = self
            .room
            .join_as(who, seat.kind, now)
            .map_err(|e| match e {
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
                _counted: crate::metrics::Held::new(metrics::gauge!(
                    "plenary_sfu_peers",
                    "thread" => crate::metrics::thread()
                )),
                _load: Load::new(&self.media),
            },
        );
        if seat.kind == PeerKind::Viewer {
            self.channels.insert(who, None);
        }
        // Sync the chair's mute and what everyone hears from the meeting,
        // the source of truth.
        if let Ok(Some((_, state))) = self.media.inner.live.get(self.meeting).await {
            if state
                .participants
                .get(&who)
                .is_some_and(|p| p.muted_by_chair)
            {
                let muted = self.room.set_muted(who, true).unwrap_or_default();
                self.carry_out(muted).await;
            }
            actions.extend(self.hear(&state));
        }
        if seat.publish {
            // Its offer comes first; ours follow its answer (see `Command::Offer`).
            self.held.insert(who);
        }
        self.carry_out(actions).await;
        self.sync_routes();
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
            if t.source == Source::Interpretation {
                return Err(refusal(
                    SignalError::BadValue,
                    "an interpretation channel is received, not published",
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
        let offered = sdp::sections(&description.sdp);
        pc.set_remote_description(description)
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        take_up_only_declared(pc.as_ref(), &offered, &declared).await;
        let answer = pc
            .create_answer(None)
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        pc.set_local_description(answer.clone())
            .await
            .map_err(|e| refusal(SignalError::BadSdp, e))?;
        self.apply_early_candidates(who).await;
        self.take_payload_types(who).await;
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
        self.take_payload_types(who).await;
        self.carry_out(actions).await;
        Ok(())
    }

    async fn choose(&mut self, who: ParticipantId, choice: Choice) -> Result<(), MediaRefusal> {
        match choice {
            Choice::Videos(videos) => {
                let videos = usize::try_from(videos).unwrap_or(usize::MAX);
                let (_, actions) = self
                    .room
                    .set_videos(who, videos)
                    .map_err(|e| refusal(SignalError::NotInMedia, e))?;
                self.carry_out(actions).await;
            }
            Choice::Quality { stage, tiles } => {
                let actions = self
                    .room
                    .set_quality(who, stage, tiles)
                    .map_err(|e| refusal(SignalError::NotInMedia, e))?;
                self.carry_out(actions).await;
            }
            Choice::Listen(channel) => {
                // Kept here: the meeting's state has no seat for a viewer.
                self.channels.insert(who, channel);
                if let Ok(Some((_, state))) = self.media.inner.live.get(self.meeting).await {
                    let actions = self.hear(&state);
                    self.carry_out(actions).await;
                    self.sync_routes();
                }
            }
        }
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
        let kind = track.kind().await;
        let Some(source) = peer
            .declared
            .get(track_id.as_str())
            .copied()
            .filter(|s| s.is_audio() == (kind == RtpCodecKind::Audio))
        else {
            // The answer refused it; should packets come all the same, they
            // are read and dropped here, never left to fill a queue.
            tracing::debug!(participant = who.0, %track_id, "media: a track not declared is dropped");
            tokio::spawn(async move { while track.poll().await.is_some() {} });
            return;
        };
        let key = TrackKey { owner: who, source };
        let route = Arc::new(Route::default());
        route
            .audio_level_id
            .store(peer.audio_level_id, Ordering::Relaxed);
        // Known at once when the offer listed it; else from the first packet.
        if let Some(ssrc) = track.ssrcs().await.first() {
            route.media_ssrc.store(*ssrc, Ordering::Relaxed);
        }
        // A replaced track (a renegotiated camera) ends the old one first.
        if self.published.contains_key(&key) {
            if let Ok(actions) = self.room.unpublish(who, source) {
                self.carry_out(actions).await;
            }
            self.drop_published(key);
        }
        let task_id = self.next_task();
        let relay = self
            .media
            .inner
            .relay
            .clone()
            .map(|relay| (relay, self.meeting));
        let task = tokio::spawn(forward(
            key,
            task_id,
            Feed::Track(track.clone()),
            route.clone(),
            self.tx.clone(),
            relay,
        ));
        self.published.insert(
            key,
            Published {
                route,
                origin: Origin::Here(track),
                task,
                task_id,
            },
        );
        let changes = self.routing.published_here(key);
        self.apply(changes).await;
        match self.room.publish(who, source) {
            Ok(actions) => self.carry_out(actions).await,
            Err(e) => tracing::debug!(participant = who.0, "media: publish refused: {e}"),
        }
        self.sync_route(key);
    }

    fn drop_published(&mut self, key: TrackKey) {
        if let Some(p) = self.published.remove(&key) {
            p.task.abort();
            metrics::gauge!("plenary_relay_tracks_out").decrement(p.route.relays().len() as f64);
            match p.origin {
                Origin::Here(_) => self.routing.unpublished_here(key),
                Origin::Relayed { .. } => {
                    self.media
                        .inner
                        .relayed
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .remove(&(self.meeting, key));
                }
            }
        }
    }

    fn next_task(&mut self) -> u64 {
        self.next_task += 1;
        self.next_task
    }

    async fn close_peer(&mut self, who: ParticipantId) {
        self.held.remove(&who);
        self.channels.remove(&who);
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
            // Its copies of others' tracks leave their routes.
            let others: Vec<TrackKey> = self.published.keys().copied().collect();
            for key in others {
                self.sync_route(key);
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
                    let relayed_from = self.published.get(&track).and_then(|p| match p.origin {
                        Origin::Relayed { from, .. } => Some(from),
                        Origin::Here(_) => None,
                    });
                    if let (Some(from), Some(relay)) = (relayed_from, &self.media.inner.relay) {
                        // Its publisher is on another node: asked there.
                        relay.send(
                            from,
                            &Message::Keyframe {
                                meeting: self.meeting,
                                track,
                            },
                        );
                    } else if let Some((p, Origin::Here(remote))) =
                        self.published.get(&track).map(|p| (p, &p.origin))
                    {
                        let plis: Vec<Box<dyn rtc::rtcp::Packet>> = p
                            .route
                            .keyframe_ssrcs()
                            .into_iter()
                            .map(|media_ssrc| {
                                Box::new(PictureLossIndication {
                                    sender_ssrc: 0,
                                    media_ssrc,
                                }) as Box<dyn rtc::rtcp::Packet>
                            })
                            .collect();
                        metrics::counter!("plenary_sfu_keyframe_requests_total", "thread" => crate::metrics::thread())
                            .increment(plis.len() as u64);
                        // Written by a task of its own: the write waits for
                        // room in the publisher's connection's queue, and the
                        // room must never wait on one connection (a camera
                        // newly shown to two hundred viewers asks for as many).
                        let remote = remote.clone();
                        tokio::spawn(async move {
                            let _ = remote.write_rtcp(plis).await;
                        });
                    }
                }
                Action::Layer { to, track, quality } => {
                    let pick = self
                        .peers
                        .get(&to)
                        .and_then(|p| p.sending.get(&track))
                        .and_then(|s| s.out.pick.as_ref());
                    if let Some(pick) = pick {
                        pick.set(quality);
                    }
                }
                Action::Reroute { track } => self.sync_route(track),
                Action::MuteChanged { participant, .. } => {
                    self.sync_route(TrackKey {
                        owner: participant,
                        source: Source::Microphone,
                    });
                }
                Action::Shown { to, participants } => {
                    if let Some(peer) = self.peers.get(&to) {
                        let _ = peer
                            .out
                            .try_send(ServerMessage::VideosShown { participants });
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
        // A channel track is fed by whichever interpreter the listener hears.
        if key.source != Source::Interpretation && !self.published.contains_key(&key) {
            return;
        }
        let Some(peer) = self.peers.get_mut(&to) else {
            return;
        };
        let ssrc = u32::try_from(crate::frames::random_u64() >> 32)
            .unwrap_or(1)
            .max(1);
        let (stream_id, track_id) = forwarded_ids(key);
        let local = local_track(key.source.is_audio(), ssrc, stream_id, track_id);
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
        // A transceiver the browser's own offer made keeps the browser's
        // payload types; a new one gets the SFU's until negotiated.
        let payload_type = negotiated_payload_type(&sender, key.source.is_audio())
            .await
            .unwrap_or(if key.source.is_audio() {
                OPUS_PT
            } else {
                VP8_PT
            });
        let feedback = local.clone();
        let room = self.tx.clone();
        let rtcp = tokio::spawn(async move {
            while let Some(event) = feedback.poll().await {
                let TrackLocalEvent::OnRtcpPacket(packets) = event else {
                    continue;
                };
                for command in read_feedback(&packets, key, to) {
                    if room.send(command).is_err() {
                        return;
                    }
                }
            }
        });
        let out = Out {
            ssrc,
            payload_type,
            track: local,
            // A channel's sources change under the listener: one stream.
            splice: match key.source {
                Source::Interpretation => Some(Arc::new(Mutex::new(Splice::audio()))),
                Source::Camera => Some(Arc::new(Mutex::new(Splice::video()))),
                Source::Microphone | Source::Screen => None,
            },
            pick: (key.source == Source::Camera)
                .then(|| Arc::new(Pick::new(self.room.layer(to, key.owner)))),
        };
        peer.sending.insert(
            key,
            Sent {
                sender,
                rtcp,
                out,
                negotiated: false,
            },
        );
        self.sync_route(key);
    }

    /// After a negotiation, each track sent to `who` is forwarded once the
    /// negotiation carries it, with the payload type its transceiver agreed on: browsers number codecs their own way
    /// (Chromium's VP8 is 96, Firefox's 120), and a sender drops a packet
    /// whose type it did not negotiate.
    async fn take_payload_types(&mut self, who: ParticipantId) {
        let Some(peer) = self.peers.get_mut(&who) else {
            return;
        };
        // The senders a completed negotiation now sends on.
        let mut sending = Vec::new();
        for transceiver in peer.pc.get_transceivers().await {
            let sends = transceiver
                .current_direction()
                .await
                .is_ok_and(|d| d.has_send());
            if let (true, Ok(Some(sender))) = (sends, transceiver.sender().await) {
                sending.push(sender.id());
            }
        }
        let mut changed = Vec::new();
        for (key, sent) in peer.sending.iter_mut() {
            let negotiated = sending.contains(&sent.sender.id());
            if negotiated != sent.negotiated {
                sent.negotiated = negotiated;
                changed.push(*key);
            }
            if let Some(pt) = negotiated_payload_type(&sent.sender, key.source.is_audio()).await {
                if pt != sent.out.payload_type {
                    sent.out.payload_type = pt;
                    changed.push(*key);
                }
            }
        }
        for key in changed {
            if key.source == Source::Interpretation {
                // A channel track newly carried: the route of whichever
                // interpreter feeds it takes it up now.
                self.sync_routes();
            } else {
                self.sync_route(key);
            }
        }
    }

    /// Copies the rules' decision for `key` (who receives it, whether the
    /// chair muted it) into the route its forwarding task reads. The rules
    /// are the one truth; a route only leaves out a subscriber whose sender
    /// no completed negotiation carries yet, or that failed to bind.
    fn sync_route(&self, key: TrackKey) {
        let Some(published) = self.published.get(&key) else {
            return;
        };
        let route = &published.route;
        route.muted.store(
            key.source.is_audio() && !self.room.is_open(key.owner),
            Ordering::Relaxed,
        );
        // Its own track to each subscriber, or (an interpreter's microphone)
        // the channel track of each listener it feeds.
        let tracks = self.room.subscribers(key).into_iter().map(|to| (to, key));
        let channels = self
            .room
            .channel_listeners(key)
            .into_iter()
            .map(|to| (to, channel_of(to)));
        let outs: HashMap<ParticipantId, Out> = tracks
            .chain(channels)
            .filter_map(|(to, sent_as)| {
                let sent = self.peers.get(&to)?.sending.get(&sent_as)?;
                if !sent.negotiated {
                    return None;
                }
                Some((to, sent.out.clone()))
            })
            .collect();
        let current = route.outs();
        let same = current.len() == outs.len()
            && outs.iter().all(|(to, out)| {
                current.get(to).is_some_and(|c| {
                    Arc::ptr_eq(&c.track, &out.track) && c.payload_type == out.payload_type
                })
            });
        if !same {
            // A subscriber that was left out resumes its stream where it
            // stopped: no gap in sequence numbers to ask again for.
            for (to, out) in &outs {
                if let (false, Some(splice)) = (current.contains_key(to), &out.splice) {
                    splice.lock().unwrap_or_else(|p| p.into_inner()).resume();
                }
            }
            route.change(|all| *all = outs);
        }
        let recording = self.recorder.as_ref().and_then(|r| {
            let takes: Vec<Take> = r
                .sources
                .iter()
                .filter(|(_, source)| **source == Some(key.owner))
                .filter_map(|(channel, _)| match key.source {
                    Source::Microphone => Some(Take::Audio(*channel)),
                    Source::Camera if *channel == Channel::Floor => Some(Take::FloorVideo),
                    _ => None,
                })
                .collect();
            (!takes.is_empty()).then(|| Recording {
                taps: r.taps.clone(),
                takes: takes.into(),
            })
        });
        route.set_recording(recording);
    }

    /// Copies every route (after a change of who hears what).
    fn sync_routes(&self) {
        for key in self.published.keys() {
            self.sync_route(*key);
        }
    }

    /// What everyone hears, and what each channel's recording takes, from
    /// the meeting's state: the room's actions (channel tracks for
    /// newcomers to an interpreted meeting).
    fn hear(&mut self, state: &crate::meeting::MeetingState) -> Vec<Action> {
        // One node records: the media home.
        let recordings = self.media.inner.recordings.as_ref().filter(|_| self.home);
        match (state.recording_sources(), recordings) {
            (Some(sources), Some(recordings)) => match &mut self.recorder {
                Some(recorder) => recorder.sources = sources,
                None => {
                    let (taps, queue) = mpsc::channel(super::recorder::QUEUE);
                    tokio::spawn(super::recorder::record(
                        self.meeting,
                        recordings.clone(),
                        queue,
                        self.tx.downgrade(),
                    ));
                    self.recorder = Some(Recorder { taps, sources });
                }
            },
            // The sitting ended: once the routes let go of the queue, the
            // recorder finishes and archives each channel.
            _ => self.recorder = None,
        }
        let now = self.now();
        // A viewer's channel is its connection's choice; a seat's is in the state.
        let channels = &self.channels;
        let mut actions =
            self.room
                .set_hearing(state.interpretation.is_some(), |who| {
                    match channels.get(&who) {
                        Some(channel) => state.hears_on(who, *channel),
                        None => state.hears(who),
                    }
                });
        actions.extend(self.room.set_stage(state.stage(), now));
        actions
    }

    async fn remove_track(&mut self, to: ParticipantId, key: TrackKey) {
        let sent = self
            .peers
            .get_mut(&to)
            .and_then(|peer| peer.sending.remove(&key));
        self.sync_route(key);
        let (Some(sent), Some(peer)) = (sent, self.peers.get(&to)) else {
            return;
        };
        sent.rtcp.abort();
        if let Err(e) = peer.pc.remove_track(&sent.sender).await {
            tracing::debug!(participant = to.0, "media: removing a track: {e}");
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

    /// A change was heard but the state it made could not be read: who
    /// hears and sees what would stay as it was until the next change, so
    /// the state is read again shortly.
    fn reread_later(&self, e: &crate::live::LiveError) {
        tracing::warn!(meeting = %self.meeting, "media: the meeting's state could not be read ({e}); reading it again shortly");
        let tx = self.tx.downgrade();
        tokio::spawn(async move {
            tokio::time::sleep(REREAD).await;
            if let Some(tx) = tx.upgrade() {
                let _ = tx.send(Command::Reread);
            }
        });
    }

    async fn on_notice(
        &mut self,
        notice: Result<Notice, tokio::sync::broadcast::error::RecvError>,
    ) {
        type Ended = (ParticipantId, SignalError);
        let mut stopped: Vec<ParticipantId> = Vec::new();
        // Who hears what changed: read from the state, the one truth.
        let mut rehear = false;
        let (mutes, ended): (Vec<(ParticipantId, bool)>, Vec<Ended>) = match notice {
            Ok(Notice::Update(published)) => {
                let events = &published.update.events;
                stopped = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::ShareStopped { participant } => Some(*participant),
                        _ => None,
                    })
                    .collect();
                let mutes = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::MuteRequested { participant } => Some((*participant, true)),
                        Event::MuteLifted { participant } => Some((*participant, false)),
                        _ => None,
                    })
                    .collect();
                let ended = events.iter().filter_map(seat_ended).collect();
                rehear = events.iter().any(|e| {
                    matches!(
                        e,
                        Event::ChannelChosen { .. }
                            | Event::InterpretationChanged { .. }
                            | Event::FloorGiven { .. }
                            | Event::FloorEnded { .. }
                            | Event::StatusChanged { .. }
                            | Event::FormalChanged { .. }
                            | Event::Reseated { .. }
                    )
                });
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
                        let actions = self.hear(&state);
                        self.carry_out(actions).await;
                        self.sync_routes();
                        (mutes, ended)
                    }
                    Ok(None) => (Vec::new(), Vec::new()),
                    Err(e) => {
                        self.reread_later(&e);
                        (Vec::new(), Vec::new())
                    }
                }
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => (Vec::new(), Vec::new()),
        };
        if rehear {
            match self.media.inner.live.get(self.meeting).await {
                Ok(Some((_, state))) => {
                    let actions = self.hear(&state);
                    self.carry_out(actions).await;
                    self.sync_routes();
                }
                Ok(None) => {}
                Err(e) => self.reread_later(&e),
            }
        }
        for (who, muted) in mutes {
            if let Ok(actions) = self.room.set_muted(who, muted) {
                self.carry_out(actions).await;
            }
        }
        // The chair stopped a share: nobody receives it any more, whatever
        // the sharer's browser does (it is told, and stops sending).
        for who in stopped {
            if let Ok(actions) = self.room.unpublish(who, Source::Screen) {
                self.carry_out(actions).await;
            }
            self.drop_published(TrackKey {
                owner: who,
                source: Source::Screen,
            });
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

/// The payload type `sender`'s transceiver agreed on for Opus (`audio`) or VP8.
async fn negotiated_payload_type(sender: &Arc<dyn RtpSender>, audio: bool) -> Option<u8> {
    let mime = if audio { MIME_TYPE_OPUS } else { MIME_TYPE_VP8 };
    let parameters = sender.get_parameters().await.ok()?;
    parameters
        .rtp_parameters
        .codecs
        .iter()
        .find(|c| c.rtp_codec.mime_type.eq_ignore_ascii_case(mime))
        .map(|c| c.payload_type)
}

/// Whether the SFU takes up what a browser sends on `section`: only a track
/// the offer declared, of the kind declared.
fn takes_up(section: &Section, declared: &HashMap<String, Source>) -> bool {
    section.sends
        && section
            .track_id
            .as_ref()
            .and_then(|t| declared.get(t))
            .is_some_and(|source| source.is_audio() == section.audio)
}

/// Sets each offered transceiver to receive only what the SFU takes up, so
/// the answer refuses the rest and the browser does not send it. What the
/// SFU sends on a transceiver stays as it is.
async fn take_up_only_declared(
    pc: &dyn PeerConnection,
    offered: &[Section],
    declared: &HashMap<String, Source>,
) {
    use RTCRtpTransceiverDirection::*;
    for transceiver in pc.get_transceivers().await {
        let Ok(Some(mid)) = transceiver.mid().await else {
            continue;
        };
        let Some(section) = offered.iter().find(|s| s.mid == mid) else {
            continue;
        };
        let Ok(now) = transceiver.direction().await else {
            continue;
        };
        let wanted = match (now.has_send(), takes_up(section, declared)) {
            (true, true) => Sendrecv,
            (true, false) => Sendonly,
            (false, true) => Recvonly,
            (false, false) => Inactive,
        };
        if wanted != now {
            if let Err(e) = transceiver.set_direction(wanted).await {
                tracing::debug!(%mid, "media: a transceiver's direction: {e}");
            }
        }
    }
}

/// What a subscriber's RTCP about a track it receives asks of the room: a
/// key frame (PLI, FIR), or a receiver report about its link.
fn read_feedback(
    packets: &[Box<dyn rtc::rtcp::Packet>],
    key: TrackKey,
    to: ParticipantId,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut keyframe = false;
    for packet in packets {
        let any = packet.as_any();
        if let Some(report) = any.downcast_ref::<ReceiverReport>() {
            let blocks = report
                .reports
                .iter()
                .map(|r| (r.ssrc, r.fraction_lost))
                .collect();
            commands.push(Command::Lost { to, blocks });
        } else {
            keyframe = true;
        }
    }
    if keyframe {
        commands.push(Command::KeyframeWanted { key });
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_declared_tracks_of_their_kind_are_taken_up() {
        let declared: HashMap<String, Source> = [
            ("mic".to_string(), Source::Microphone),
            ("cam".to_string(), Source::Camera),
        ]
        .into();
        let section = |audio, sends, track: Option<&str>| Section {
            mid: "0".into(),
            audio,
            sends,
            track_id: track.map(str::to_string),
        };
        assert!(takes_up(&section(true, true, Some("mic")), &declared));
        assert!(takes_up(&section(false, true, Some("cam")), &declared));
        assert!(!takes_up(&section(true, true, Some("other")), &declared));
        assert!(!takes_up(&section(true, true, None), &declared));
        assert!(
            !takes_up(&section(false, true, Some("mic")), &declared),
            "wrong kind"
        );
        assert!(
            !takes_up(&section(true, false, Some("mic")), &declared),
            "not sent"
        );
    }
}
