//! The SFU's decisions for one meeting's media room: who is in it, which
//! tracks each participant publishes, which track goes to whom, the chair's
//! mutes (enforced here, not asked of the client), the active speaker, key
//! frame requests, and deadlines for clients that stop answering.
//!
//! Architecture invariant: no I/O, no clock, no tasks. Each call takes the
//! current time where time matters and returns what the driver must do
//! (`Action`s: add or remove a forwarded track, renegotiate, ask a publisher
//! for a key frame, tell everyone of a mute or a new active speaker, close a
//! peer). Peer connections, sockets and RTP stay in the driver, which copies
//! `subscribers` (that is, `forwards`) into each published track's route
//! after every change; forwarding tasks read only that copy, so where a
//! packet goes is decided here alone.
//!
//! Interpretation: in a meeting with booths each participant's connection
//! has one more audio track, their channel (`Source::Interpretation`, owned
//! by the listener). What they hear is set from the meeting's rules
//! ([`Room::set_hearing`]): the floor (everyone's microphones, as without
//! interpretation) or one interpreter, whose microphone is then forwarded on
//! that channel track and the floor's microphones are not. Switching is a
//! change of routes, never of tracks, so it needs no renegotiation; an
//! interpreter's own tracks reach listeners only through channels.
//!
//! The stage ([`Stage`], from the meeting's rules: who holds the floor, who
//! presides, whether the meeting is formal) decides what is forwarded.
//! Microphones: a formal meeting's room forwards only those of the floor
//! holder and of those who preside; an informal one those of the few who
//! spoke last ([`RoomConfig::open_microphones`]), chosen here from the audio
//! levels. Cameras (last-N): each subscriber receives those of at most the
//! number of participants it asked for: the floor holder, those who
//! preside, then whoever spoke most recently. A closed microphone or an
//! unshown camera stays negotiated and is simply not forwarded, so opening
//! or showing it is a change of route, not of tracks.
//!
//! Simulcast: a camera may come in three layers. Each subscriber receives
//! the layer of each camera it is shown that fits how large it shows it
//! (the stage, the first shown, and the tiles: [`Room::set_quality`]) and
//! what its link carries, estimated from its receiver reports
//! ([`Room::lost`]; the choice is [`crate::simulcast`]'s). A layer change is
//! an [`Action::Layer`] with a key frame request, never a renegotiation.

use crate::interpretation::Feed;
use crate::simulcast::{self, Estimate, Quality};
use plenary_protocol::signal::ParticipantId;
use std::collections::{BTreeMap, BTreeSet};

/// Milliseconds on the room driver's monotonic clock (since the room
/// started). Its own type, so a wall-clock time (the meeting's
/// `signal::Millis`, since the Unix epoch) cannot be passed where this one
/// is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MonoMillis(pub u64);

impl MonoMillis {
    /// Milliseconds from `earlier` to this instant (0 if it is later).
    pub fn since(self, earlier: MonoMillis) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl std::ops::Add<u64> for MonoMillis {
    type Output = MonoMillis;
    fn add(self, ms: u64) -> MonoMillis {
        MonoMillis(self.0.saturating_add(ms))
    }
}

pub use plenary_protocol::signal::MediaSource as Source;

/// One published track: whose it is and what it carries (at most one per
/// source and participant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrackKey {
    pub owner: ParticipantId,
    pub source: Source,
}

/// Who a peer is in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeerKind {
    /// A seat in the meeting: publishes and receives.
    #[default]
    Participant,
    /// An interpreter at a booth: their microphone feeds channels only.
    Interpreter,
    /// Receives only (observers, the press, a public webcast): the stage's
    /// camera and the channel of its choice, nothing published.
    Viewer,
    /// Seated on another node carrying the meeting, its tracks relayed
    /// here: they are forwarded like a seat's here (an interpreter's feed
    /// channels only), it receives nothing, and its presence is the
    /// relay's to end (no silence or answer timeout).
    Remote { interpreter: bool },
}

/// Limits and timings of a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomConfig {
    /// Most peers in the room that hold seats.
    pub max_peers: usize,
    /// Most viewers in the room, besides.
    pub max_viewers: usize,
    /// How many participants' cameras a viewer receives unless it asks.
    pub viewer_videos: usize,
    /// How long a peer has to answer an offer before it is closed.
    pub answer_timeout_ms: u64,
    /// How long a peer may send no media and no RTCP before it is closed.
    pub silence_timeout_ms: u64,
    /// Key frame requests passed to a publisher at most this often per track.
    pub keyframe_interval_ms: u64,
    /// Audio louder than this (RFC 6464 level, -dBov: lower is louder) counts as speech.
    pub speech_level: u8,
    /// How long someone must speak before becoming the active speaker.
    pub speaker_hold_ms: u64,
    /// How many microphones an informal meeting forwards at once.
    pub open_microphones: usize,
    /// How long an open microphone of an informal meeting must be quiet
    /// before someone else speaking takes its place.
    pub quiet_ms: u64,
    /// How many participants' cameras a subscriber receives unless it asks.
    pub videos: usize,
    /// The most a subscriber may ask for.
    pub max_videos: usize,
}

impl Default for RoomConfig {
    fn default() -> Self {
        RoomConfig {
            max_peers: 500,
            max_viewers: 5_000,
            viewer_videos: 1,
            answer_timeout_ms: 10_000,
            silence_timeout_ms: 30_000,
            keyframe_interval_ms: 500,
            speech_level: 50,
            speaker_hold_ms: 300,
            open_microphones: 3,
            quiet_ms: 1_000,
            videos: 9,
            max_videos: 25,
        }
    }
}

/// What the driver must do after a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Start sending `track` to `to` (add it to `to`'s peer connection).
    AddTrack { to: ParticipantId, track: TrackKey },
    /// Stop sending `track` to `to` and remove it from the connection.
    RemoveTrack { to: ParticipantId, track: TrackKey },
    /// `to`'s connection changed: send it a new offer.
    Renegotiate { to: ParticipantId },
    /// Ask the publisher of `track` for a key frame (PLI).
    RequestKeyframe { track: TrackKey },
    /// Tell everyone whether the chair muted `participant` (forwarding of
    /// their microphone has already stopped or resumed here).
    MuteChanged {
        participant: ParticipantId,
        muted: bool,
    },
    /// Who receives `track` changed without any track being added or
    /// removed (a microphone opened or closed): copy its route.
    Reroute { track: TrackKey },
    /// Tell `to` whose cameras it receives now, in the order shown (the
    /// floor first); the others' are not forwarded to it.
    Shown {
        to: ParticipantId,
        participants: Vec<ParticipantId>,
    },
    /// Send `to` this simulcast layer of `track` (a camera), from the
    /// layer's next key frame (a `RequestKeyframe` for the track goes with
    /// every change).
    Layer {
        to: ParticipantId,
        track: TrackKey,
        quality: Quality,
    },
    /// Tell everyone who is speaking now.
    ActiveSpeaker { participant: Option<ParticipantId> },
    /// Close `peer`'s connection: it did not answer or went silent.
    Close {
        peer: ParticipantId,
        why: CloseReason,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    NoAnswer,
    Silent,
}

/// Why a call was refused; nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SfuError {
    #[error("the media room is full")]
    Full,
    #[error("not in the media room")]
    NotInRoom,
    #[error("already publishing this source")]
    AlreadyPublishing,
    #[error("not publishing this source")]
    NotPublishing,
    #[error("no offer is waiting for an answer")]
    NoOfferPending,
    #[error("an interpretation channel is received, not published")]
    NotPublishable,
    #[error("a viewer receives only")]
    Viewer,
}

/// What the meeting's rules tell the room: whether the meeting is formal
/// (only the floor holder's and the presiding microphones are forwarded;
/// otherwise the few who spoke last), who holds the floor, who chairs and
/// who presides (whose cameras come first, in that order: between
/// speakers, a viewer of one camera sees the chair, not the secretary who
/// spoke last).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stage {
    pub formal: bool,
    pub floor: Option<ParticipantId>,
    pub chair: Option<ParticipantId>,
    pub presiding: BTreeSet<ParticipantId>,
}

impl Stage {
    fn on_stage(&self, who: ParticipantId) -> bool {
        self.floor == Some(who) || self.presiding.contains(&who)
    }
}

/// Offer and answer state of one peer connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Negotiation {
    Stable,
    /// An offer went out; the answer is due by this time.
    AwaitingAnswer {
        due: MonoMillis,
    },
}

#[derive(Debug, Clone)]
struct Peer {
    negotiation: Negotiation,
    /// The connection changed while an offer was out: offer again after the answer.
    dirty: bool,
    /// Tracks this peer receives.
    receiving: BTreeSet<TrackKey>,
    muted_by_chair: bool,
    last_heard: MonoMillis,
    /// Since when this peer has been speaking, while it is.
    speaking_since: Option<MonoMillis>,
    /// When this peer's microphone last carried speech.
    last_spoke: Option<MonoMillis>,
    /// When this peer was last the active speaker.
    last_active: Option<MonoMillis>,
    /// How many participants' cameras it receives at most.
    videos: usize,
    /// Whose cameras it receives now, in the order shown.
    shown: Vec<ParticipantId>,
    /// How large it shows the stage (the first shown) and the others.
    stage_quality: Quality,
    tile_quality: Quality,
    /// What its link carries, from its reports.
    estimate: Estimate,
    /// The layer of each camera it receives.
    layers: BTreeMap<ParticipantId, Quality>,
    /// An interpreter at a booth: their microphone feeds channels only.
    interpreter: bool,
    viewer: bool,
    remote: bool,
    /// The floor, or the interpreter whose microphone this peer's channel carries.
    hears: Feed,
}

/// One meeting's media room.
#[derive(Debug, Clone)]
pub struct Room {
    config: RoomConfig,
    peers: BTreeMap<ParticipantId, Peer>,
    tracks: BTreeSet<TrackKey>,
    /// When a key frame was last asked of each video track's publisher.
    keyframes: BTreeMap<TrackKey, MonoMillis>,
    active_speaker: Option<ParticipantId>,
    /// The meeting has booths: every peer has a channel track.
    interpreted: bool,
    stage: Stage,
    /// How many of the peers are viewers.
    viewers: usize,
    /// The microphones forwarded now (never an interpreter's, nor one the
    /// chair muted).
    open: BTreeSet<ParticipantId>,
}

/// A participant's channel track: audio the SFU sends them, fed by whoever
/// their channel carries.
pub fn channel_of(who: ParticipantId) -> TrackKey {
    TrackKey {
        owner: who,
        source: Source::Interpretation,
    }
}

type Outcome = Result<Vec<Action>, SfuError>;

/// Chooses the layer of each camera `peer` (that is, `to`) is shown, as
/// asked (the floor holder's at the stage's quality) and as its link
/// carries; an action for each that changed. The
/// cameras whose layer changed, with the new layer.
fn relayer(
    to: ParticipantId,
    peer: &mut Peer,
    floor: Option<ParticipantId>,
    actions: &mut Vec<Action>,
) -> Vec<(ParticipantId, Quality)> {
    // The floor holder, shown first, is on the stage; without a floor
    // every camera is a tile.
    let on_stage = floor.is_some() && peer.shown.first() == floor.as_ref();
    let chosen = simulcast::choose(
        on_stage.then_some(peer.stage_quality),
        peer.tile_quality,
        peer.shown.len(),
        peer.estimate.bps(),
    );
    let layers: BTreeMap<ParticipantId, Quality> = peer.shown.iter().copied().zip(chosen).collect();
    let changed: Vec<(ParticipantId, Quality)> = layers
        .iter()
        .filter(|(owner, q)| peer.layers.get(owner) != Some(q))
        .map(|(o, q)| (*o, *q))
        .collect();
    for (owner, quality) in &changed {
        actions.push(Action::Layer {
            to,
            track: TrackKey {
                owner: *owner,
                source: Source::Camera,
            },
            quality: *quality,
        });
    }
    peer.layers = layers;
    changed
}

impl Room {
    pub fn new(config: RoomConfig) -> Room {
        Room {
            config,
            peers: BTreeMap::new(),
            tracks: BTreeSet::new(),
            keyframes: BTreeMap::new(),
            active_speaker: None,
            interpreted: false,
            stage: Stage::default(),
            viewers: 0,
            open: BTreeSet::new(),
        }
    }

    /// Whether packets of `track` go to `to`: the one forwarding truth. The
    /// driver copies it into each track's route after every change, and the
    /// forwarding tasks read only that copy.
    /// (A channel track is fed through [`Room::channel_feed`] instead.)
    pub fn forwards(&self, track: TrackKey, to: ParticipantId) -> bool {
        let Some(peer) = self.peers.get(&to) else {
            return false;
        };
        if !peer.receiving.contains(&track) || track.source == Source::Interpretation {
            return false;
        }
        match track.source {
            Source::Camera => peer.shown.contains(&track.owner),
            Source::Screen => true,
            Source::Microphone | Source::Interpretation => {
                self.is_open(track.owner) && peer.hears == Feed::Floor
            }
        }
    }

    /// Whose cameras `to` receives now, in the order shown.
    pub fn shown(&self, to: ParticipantId) -> &[ParticipantId] {
        self.peers.get(&to).map_or(&[], |p| p.shown.as_slice())
    }

    /// Whether `who`'s microphone is forwarded now (an interpreter's, to
    /// the channels it feeds, unless the chair muted it).
    pub fn is_open(&self, who: ParticipantId) -> bool {
        if self.is_interpreter(who) {
            return !self.is_muted(who);
        }
        self.open.contains(&who)
    }

    /// The interpreter's microphone `to`'s channel track carries now, if any.
    pub fn channel_feed(&self, to: ParticipantId) -> Option<TrackKey> {
        let peer = self.peers.get(&to)?;
        let Feed::Interpreter(interpreter) = peer.hears else {
            return None;
        };
        let track = TrackKey {
            owner: interpreter,
            source: Source::Microphone,
        };
        let live = peer.receiving.contains(&channel_of(to))
            && self.tracks.contains(&track)
            && self.peers.get(&interpreter).is_some_and(|p| p.interpreter)
            && !self.is_muted(interpreter);
        live.then_some(track)
    }

    /// Whose channel tracks `track` feeds now.
    pub fn channel_listeners(&self, track: TrackKey) -> Vec<ParticipantId> {
        self.peers
            .keys()
            .copied()
            .filter(|p| self.channel_feed(*p) == Some(track))
            .collect()
    }

    /// Who receives `track` now.
    pub fn subscribers(&self, track: TrackKey) -> Vec<ParticipantId> {
        self.peers
            .keys()
            .copied()
            .filter(|p| self.forwards(track, *p))
            .collect()
    }

    pub fn tracks(&self) -> impl Iterator<Item = TrackKey> + '_ {
        self.tracks.iter().copied()
    }

    pub fn peers(&self) -> impl Iterator<Item = ParticipantId> + '_ {
        self.peers.keys().copied()
    }

    pub fn is_muted(&self, participant: ParticipantId) -> bool {
        self.peers
            .get(&participant)
            .is_some_and(|p| p.muted_by_chair)
    }

    pub fn active_speaker(&self) -> Option<ParticipantId> {
        self.active_speaker
    }

    /// Marks `to`'s connection changed: renegotiate now, or after the
    /// pending answer.
    fn touch(&mut self, to: ParticipantId, actions: &mut Vec<Action>) {
        if let Some(peer) = self.peers.get_mut(&to) {
            match peer.negotiation {
                Negotiation::Stable => {
                    if !peer.dirty {
                        peer.dirty = true;
                        actions.push(Action::Renegotiate { to });
                    }
                }
                Negotiation::AwaitingAnswer { .. } => peer.dirty = true,
            }
        }
    }

    fn add(&mut self, to: ParticipantId, track: TrackKey, actions: &mut Vec<Action>) {
        if let Some(peer) = self.peers.get_mut(&to).filter(|p| !p.remote) {
            if peer.receiving.insert(track) {
                actions.push(Action::AddTrack { to, track });
                if !track.source.is_audio() {
                    // The newcomer needs a key frame to show anything.
                    actions.push(Action::RequestKeyframe { track });
                }
                self.touch(to, actions);
            }
        }
    }

    fn remove(&mut self, to: ParticipantId, track: TrackKey, actions: &mut Vec<Action>) {
        if let Some(peer) = self.peers.get_mut(&to) {
            if peer.receiving.remove(&track) {
                actions.push(Action::RemoveTrack { to, track });
                self.touch(to, actions);
            }
        }
    }

    /// A participant's connection joins the room and receives every track.
    pub fn join(&mut self, who: ParticipantId, now: MonoMillis) -> Outcome {
        self.join_as(who, PeerKind::Participant, now)
    }

    /// Joins `who`, an interpreter at a booth or not: an interpreter's tracks
    /// go to nobody but through the channels.
    pub fn join_as(&mut self, who: ParticipantId, kind: PeerKind, now: MonoMillis) -> Outcome {
        if self.peers.contains_key(&who) {
            return Ok(Vec::new());
        }
        let viewer = kind == PeerKind::Viewer;
        let remote = matches!(kind, PeerKind::Remote { .. });
        let (alike, most) = match viewer {
            true => (self.viewers, self.config.max_viewers),
            false => (self.seats(), self.config.max_peers),
        };
        // A remote seat takes its place on its own node.
        if alike >= most && !remote {
            return Err(SfuError::Full);
        }
        let interpreter = matches!(
            kind,
            PeerKind::Interpreter | PeerKind::Remote { interpreter: true }
        );
        if viewer {
            self.viewers += 1;
        }
        self.peers.insert(
            who,
            Peer {
                negotiation: Negotiation::Stable,
                dirty: false,
                receiving: BTreeSet::new(),
                muted_by_chair: false,
                last_heard: now,
                speaking_since: None,
                last_spoke: None,
                last_active: None,
                videos: match kind {
                    PeerKind::Viewer => self.config.viewer_videos,
                    PeerKind::Remote { .. } => 0,
                    PeerKind::Participant | PeerKind::Interpreter => self.config.videos,
                },
                shown: Vec::new(),
                stage_quality: Quality::High,
                tile_quality: Quality::Medium,
                estimate: Estimate::default(),
                layers: BTreeMap::new(),
                interpreter,
                viewer,
                remote,
                hears: Feed::Floor,
            },
        );
        let mut actions = Vec::new();
        let existing: Vec<TrackKey> = self
            .tracks
            .iter()
            .copied()
            .filter(|t| !self.is_interpreter(t.owner))
            .collect();
        for track in existing {
            self.add(who, track, &mut actions);
        }
        if self.interpreted {
            self.add(who, channel_of(who), &mut actions);
        }
        actions.extend(self.restage());
        Ok(actions)
    }

    /// A participant's connection leaves: its tracks go from everyone.
    pub fn leave(&mut self, who: ParticipantId) -> Vec<Action> {
        let mut actions = Vec::new();
        let own: Vec<TrackKey> = self
            .tracks
            .iter()
            .copied()
            .filter(|t| t.owner == who)
            .collect();
        for track in own {
            self.drop_track(track, &mut actions);
        }
        if self.peers.remove(&who).is_some_and(|p| p.viewer) {
            self.viewers -= 1;
        }
        if self.active_speaker == Some(who) {
            self.active_speaker = None;
            actions.push(Action::ActiveSpeaker { participant: None });
        }
        actions.extend(self.reopen(None));
        actions.extend(self.restage());
        actions
    }

    fn drop_track(&mut self, track: TrackKey, actions: &mut Vec<Action>) {
        self.tracks.remove(&track);
        self.keyframes.remove(&track);
        let receivers: Vec<ParticipantId> = self.peers.keys().copied().collect();
        for to in receivers {
            self.remove(to, track, actions);
        }
    }

    /// `who` starts publishing `source`; everyone else receives it.
    pub fn publish(&mut self, who: ParticipantId, source: Source) -> Outcome {
        if !self.peers.contains_key(&who) {
            return Err(SfuError::NotInRoom);
        }
        if source == Source::Interpretation {
            return Err(SfuError::NotPublishable);
        }
        if self.peers.get(&who).is_some_and(|p| p.viewer) {
            return Err(SfuError::Viewer);
        }
        let track = TrackKey { owner: who, source };
        if !self.tracks.insert(track) {
            return Err(SfuError::AlreadyPublishing);
        }
        let mut actions = Vec::new();
        if self.is_interpreter(who) {
            // Heard through the channels it feeds, never as a track of its own.
            return Ok(actions);
        }
        let others: Vec<ParticipantId> = self.peers.keys().copied().filter(|p| *p != who).collect();
        for to in others {
            self.add(to, track, &mut actions);
        }
        actions.extend(self.restaged(source));
        Ok(actions)
    }

    /// `who` stops publishing `source`; it goes from everyone.
    pub fn unpublish(&mut self, who: ParticipantId, source: Source) -> Outcome {
        let track = TrackKey { owner: who, source };
        if !self.tracks.contains(&track) {
            return Err(SfuError::NotPublishing);
        }
        let mut actions = Vec::new();
        self.drop_track(track, &mut actions);
        actions.extend(self.restaged(source));
        Ok(actions)
    }

    /// The peers that hold a seat on this node (neither viewers nor remote).
    fn seats(&self) -> usize {
        self.peers
            .values()
            .filter(|p| !p.viewer && !p.remote)
            .count()
    }

    fn is_interpreter(&self, who: ParticipantId) -> bool {
        self.peers.get(&who).is_some_and(|p| p.interpreter)
    }

    /// What each peer hears, as the meeting's rules say (`hears`), and
    /// whether the meeting has booths. With booths every peer gets its
    /// channel track once; a channel stays until the peer leaves (silent if
    /// the booths go), so no later change needs a renegotiation. The driver
    /// copies the routes after this call.
    pub fn set_hearing(
        &mut self,
        interpreted: bool,
        hears: impl Fn(ParticipantId) -> Feed,
    ) -> Vec<Action> {
        self.interpreted = interpreted;
        let mut actions = Vec::new();
        let peers: Vec<ParticipantId> = self.peers.keys().copied().collect();
        for who in peers {
            if let Some(peer) = self.peers.get_mut(&who) {
                peer.hears = if interpreted { hears(who) } else { Feed::Floor };
            }
            if interpreted {
                self.add(who, channel_of(who), &mut actions);
            }
        }
        actions
    }

    /// What `who` hears now.
    pub fn hearing(&self, who: ParticipantId) -> Option<Feed> {
        self.peers.get(&who).map(|p| p.hears)
    }

    /// The chair mutes or unmutes `who`: forwarding of their microphone stops
    /// or resumes here, whatever their client does.
    pub fn set_muted(&mut self, who: ParticipantId, muted: bool) -> Outcome {
        let peer = self.peers.get_mut(&who).ok_or(SfuError::NotInRoom)?;
        if peer.muted_by_chair == muted {
            return Ok(Vec::new());
        }
        peer.muted_by_chair = muted;
        peer.speaking_since = None;
        let mut actions = vec![Action::MuteChanged {
            participant: who,
            muted,
        }];
        if muted && self.active_speaker == Some(who) {
            self.active_speaker = None;
            actions.push(Action::ActiveSpeaker { participant: None });
        }
        actions.extend(self.reopen(None));
        Ok(actions)
    }

    /// The stage, as the meeting's rules say: the routes of the
    /// microphones that opened or closed and of the cameras shown or no
    /// longer shown change at once.
    pub fn set_stage(&mut self, stage: Stage, now: MonoMillis) -> Vec<Action> {
        if self.stage == stage {
            return Vec::new();
        }
        self.stage = stage;
        let mut actions = self.reopen(Some(now));
        actions.extend(self.restage());
        actions
    }

    /// `who` asks for the cameras of at most `videos` participants (0:
    /// audio only), bounded by `max_videos`; the number granted.
    pub fn set_videos(
        &mut self,
        who: ParticipantId,
        videos: usize,
    ) -> Result<(usize, Vec<Action>), SfuError> {
        let videos = videos.min(self.config.max_videos);
        let peer = self.peers.get_mut(&who).ok_or(SfuError::NotInRoom)?;
        peer.videos = videos;
        Ok((videos, self.restage()))
    }

    /// How large `who` shows the stage and the other cameras: the layers
    /// it receives follow, as far as its link carries them.
    pub fn set_quality(&mut self, who: ParticipantId, stage: Quality, tiles: Quality) -> Outcome {
        let peer = self.peers.get_mut(&who).ok_or(SfuError::NotInRoom)?;
        peer.stage_quality = stage;
        peer.tile_quality = tiles;
        Ok(self.relayered(who))
    }

    /// A receiver report of `who`'s: the fraction (out of 256) of the
    /// packets of a camera it receives that were lost.
    pub fn lost(&mut self, who: ParticipantId, fraction_lost: u8, now: MonoMillis) -> Vec<Action> {
        let changed = self
            .peers
            .get_mut(&who)
            .is_some_and(|p| p.estimate.lost(fraction_lost, now));
        match changed {
            true => self.relayered(who),
            false => Vec::new(),
        }
    }

    /// What `who`'s link carries, as the room estimates it (bits per second).
    pub fn estimate(&self, who: ParticipantId) -> Option<u64> {
        self.peers.get(&who).map(|p| p.estimate.bps())
    }

    /// The layer of `owner`'s camera that `to` receives (or would, shown).
    pub fn layer(&self, to: ParticipantId, owner: ParticipantId) -> Quality {
        self.peers.get(&to).map_or(Quality::High, |p| {
            p.layers.get(&owner).copied().unwrap_or(p.tile_quality)
        })
    }

    /// `who`'s layers chosen again; a key frame for each layer new to it.
    fn relayered(&mut self, who: ParticipantId) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(peer) = self.peers.get_mut(&who) else {
            return actions;
        };
        let raised: BTreeSet<ParticipantId> = relayer(who, peer, self.stage.floor, &mut actions)
            .into_iter()
            .map(|(owner, _)| owner)
            .collect();
        actions.extend(raised.into_iter().map(|owner| Action::RequestKeyframe {
            track: TrackKey {
                owner,
                source: Source::Camera,
            },
        }));
        actions
    }

    /// After `source` was published or unpublished.
    fn restaged(&mut self, source: Source) -> Vec<Action> {
        match source {
            Source::Microphone => self.reopen(None),
            Source::Camera => self.restage(),
            Source::Screen | Source::Interpretation => Vec::new(),
        }
    }

    /// The participants whose cameras are shown, first to last: the floor
    /// holder, the chair, the others who preside, then the latest active speakers, then
    /// the rest in the order they came (their ids).
    fn video_order(&self) -> Vec<ParticipantId> {
        type Place = (u8, std::cmp::Reverse<Option<MonoMillis>>, ParticipantId);
        let mut cameras: Vec<Place> = self
            .tracks
            .iter()
            .filter(|t| t.source == Source::Camera)
            .filter_map(|t| {
                let peer = self.peers.get(&t.owner).filter(|p| !p.interpreter)?;
                let place = if self.stage.floor == Some(t.owner) {
                    0
                } else if self.stage.chair == Some(t.owner) {
                    1
                } else if self.stage.presiding.contains(&t.owner) {
                    2
                } else {
                    3
                };
                Some((place, std::cmp::Reverse(peer.last_active), t.owner))
            })
            .collect();
        cameras.sort();
        cameras.into_iter().map(|(_, _, who)| who).collect()
    }

    /// Recomputes whose cameras each subscriber receives: a route change
    /// for each camera that a subscriber gained or lost, a key frame for
    /// each newly shown (the subscriber has nothing to decode until one
    /// comes), and each subscriber told of its change.
    fn restage(&mut self) -> Vec<Action> {
        let order = self.video_order();
        let floor = self.stage.floor;
        let mut rerouted = BTreeSet::new();
        let mut fresh = BTreeSet::new();
        let mut actions = Vec::new();
        for (who, peer) in self.peers.iter_mut() {
            let shown: Vec<ParticipantId> = order
                .iter()
                .copied()
                .filter(|p| p != who)
                .take(peer.videos)
                .collect();
            if shown != peer.shown {
                for owner in shown.iter().filter(|p| !peer.shown.contains(p)) {
                    rerouted.insert(*owner);
                    fresh.insert(*owner);
                }
                for owner in peer.shown.iter().filter(|p| !shown.contains(p)) {
                    rerouted.insert(*owner);
                }
                peer.shown = shown.clone();
                actions.push(Action::Shown {
                    to: *who,
                    participants: shown,
                });
            }
            // The same cameras may change layer (the floor moved among
            // them); a layer new to the subscriber starts at a key frame.
            for (owner, _) in relayer(*who, peer, floor, &mut actions) {
                fresh.insert(owner);
            }
        }
        let camera = |owner| TrackKey {
            owner,
            source: Source::Camera,
        };
        actions.extend(
            rerouted
                .into_iter()
                .map(|o| Action::Reroute { track: camera(o) }),
        );
        actions.extend(
            fresh
                .into_iter()
                .map(|o| Action::RequestKeyframe { track: camera(o) }),
        );
        actions
    }

    /// The microphones to forward now, from `open` before.
    fn choose_open(&self, now: Option<MonoMillis>) -> BTreeSet<ParticipantId> {
        let candidates = self.tracks.iter().filter_map(|t| {
            let peer = self.peers.get(&t.owner)?;
            let eligible =
                t.source == Source::Microphone && !peer.interpreter && !peer.muted_by_chair;
            eligible.then_some((t.owner, peer.last_spoke))
        });
        if self.stage.formal {
            return candidates
                .filter(|(p, _)| self.stage.on_stage(*p))
                .map(|(p, _)| p)
                .collect();
        }
        let open_few = self.config.open_microphones;
        // Latest speech first; those who never spoke last, by id.
        let mut ranked: Vec<(ParticipantId, Option<MonoMillis>)> = candidates.collect();
        ranked.sort_by_key(|(p, spoke)| (std::cmp::Reverse(*spoke), *p));
        let quiet = |spoke: Option<MonoMillis>| match (spoke, now) {
            (None, _) => true,
            (Some(at), Some(now)) => now.since(at) >= self.config.quiet_ms,
            (Some(_), None) => false,
        };
        // Who is open stays open; a free place goes to the latest speaker;
        // someone speaking takes the place of the open microphone quiet the
        // longest, once it has been quiet for `quiet_ms`.
        let mut open: Vec<(ParticipantId, Option<MonoMillis>)> = ranked
            .iter()
            .copied()
            .filter(|(p, _)| self.open.contains(p))
            .take(open_few)
            .collect();
        for (who, spoke) in ranked {
            if open.iter().any(|(p, _)| *p == who) {
                continue;
            }
            if open.len() < open_few {
                open.push((who, spoke));
                continue;
            }
            if quiet(spoke) {
                continue;
            }
            // `open` is in rank order: its last is quiet the longest.
            if let Some(&(_, last)) = open.last() {
                if quiet(last) && last < spoke {
                    open.pop();
                    open.push((who, spoke));
                    open.sort_by_key(|(p, spoke)| (std::cmp::Reverse(*spoke), *p));
                }
            }
        }
        open.into_iter().map(|(p, _)| p).collect()
    }

    /// Recomputes the open microphones (`now`: when the choice may weigh
    /// silences): a route change for each that opened or closed, and no
    /// active speaker behind a closed one.
    fn reopen(&mut self, now: Option<MonoMillis>) -> Vec<Action> {
        let open = self.choose_open(now);
        let mut actions: Vec<Action> = self
            .open
            .symmetric_difference(&open)
            .map(|owner| Action::Reroute {
                track: TrackKey {
                    owner: *owner,
                    source: Source::Microphone,
                },
            })
            .collect();
        self.open = open;
        if let Some(speaker) = self.active_speaker {
            if !self.open.contains(&speaker) {
                self.active_speaker = None;
                actions.push(Action::ActiveSpeaker { participant: None });
            }
        }
        actions
    }

    /// An offer went to `to`; its answer is due within the configured time.
    pub fn offer_sent(&mut self, to: ParticipantId, now: MonoMillis) -> Result<(), SfuError> {
        let peer = self.peers.get_mut(&to).ok_or(SfuError::NotInRoom)?;
        peer.negotiation = Negotiation::AwaitingAnswer {
            due: now + self.config.answer_timeout_ms,
        };
        peer.dirty = false;
        Ok(())
    }

    /// Whether `who` has changes for an offer and none is out (an offer held
    /// back until the participant's own first offer).
    pub fn wants_offer(&self, who: ParticipantId) -> bool {
        self.peers
            .get(&who)
            .is_some_and(|p| p.dirty && p.negotiation == Negotiation::Stable)
    }

    /// Whether an offer to `who` waits for its answer.
    pub fn awaiting_answer(&self, who: ParticipantId) -> bool {
        self.peers
            .get(&who)
            .is_some_and(|p| matches!(p.negotiation, Negotiation::AwaitingAnswer { .. }))
    }

    /// `from` answered; renegotiate at once if its connection changed meanwhile.
    pub fn answered(&mut self, from: ParticipantId, now: MonoMillis) -> Outcome {
        let peer = self.peers.get_mut(&from).ok_or(SfuError::NotInRoom)?;
        if peer.negotiation == Negotiation::Stable {
            return Err(SfuError::NoOfferPending);
        }
        peer.negotiation = Negotiation::Stable;
        peer.last_heard = now;
        let mut actions = Vec::new();
        if peer.dirty {
            actions.push(Action::Renegotiate { to: from });
        }
        // A key frame asked for when a track was added may have come before
        // this answer, and been lost on a subscriber not yet listening.
        for track in peer.receiving.iter().filter(|t| !t.source.is_audio()) {
            actions.push(Action::RequestKeyframe { track: *track });
        }
        Ok(actions)
    }

    /// Media or RTCP arrived from `from`.
    pub fn heard(&mut self, from: ParticipantId, now: MonoMillis) {
        if let Some(peer) = self.peers.get_mut(&from) {
            peer.last_heard = peer.last_heard.max(now);
        }
    }

    /// A subscriber asked for a key frame of `track` (PLI/FIR): passed to the
    /// publisher, at most once per `keyframe_interval_ms` per track.
    pub fn keyframe_wanted(&mut self, track: TrackKey, now: MonoMillis) -> Vec<Action> {
        if !self.tracks.contains(&track) || track.source.is_audio() {
            return Vec::new();
        }
        match self.keyframes.get(&track) {
            Some(&last) if now < last + self.config.keyframe_interval_ms => Vec::new(),
            _ => {
                self.keyframes.insert(track, now);
                vec![Action::RequestKeyframe { track }]
            }
        }
    }

    /// The audio level of `from`'s microphone (RFC 6464: 0 is loudest, 127
    /// silence). Whoever has spoken longest without pause, for at least
    /// `speaker_hold_ms`, is the active speaker; the chair's mute silences.
    pub fn audio_level(&mut self, from: ParticipantId, level: u8, now: MonoMillis) -> Vec<Action> {
        let speech = level <= self.config.speech_level;
        let Some(peer) = self.peers.get_mut(&from) else {
            return Vec::new();
        };
        peer.last_heard = peer.last_heard.max(now);
        // An interpreter speaks all the time and is never the room's speaker.
        if peer.muted_by_chair || !speech || peer.interpreter {
            peer.speaking_since = None;
            return Vec::new();
        }
        peer.last_spoke = Some(now);
        // Speech behind a closed microphone may open it (informal); it
        // counts towards the active speaker only from when it is heard.
        let mut actions = Vec::new();
        if !self.open.contains(&from) {
            // Only an informal meeting's microphones open by speaking.
            if !self.stage.formal {
                actions = self.reopen(Some(now));
            }
            if !self.open.contains(&from) {
                if let Some(peer) = self.peers.get_mut(&from) {
                    peer.speaking_since = None;
                }
                return actions;
            }
        }
        let Some(peer) = self.peers.get_mut(&from) else {
            return actions;
        };
        let since = *peer.speaking_since.get_or_insert(now);
        if self.active_speaker == Some(from) || now.since(since) < self.config.speaker_hold_ms {
            return actions;
        }
        // Someone still speaking longer keeps the floor of attention.
        let current_longer = self
            .active_speaker
            .and_then(|a| self.peers.get(&a))
            .and_then(|a| a.speaking_since)
            .is_some_and(|s| s < since);
        if current_longer {
            return actions;
        }
        // Who spoke last comes first among the cameras after the stage.
        for who in [self.active_speaker, Some(from)].into_iter().flatten() {
            if let Some(peer) = self.peers.get_mut(&who) {
                peer.last_active = Some(now);
            }
        }
        self.active_speaker = Some(from);
        actions.push(Action::ActiveSpeaker {
            participant: Some(from),
        });
        actions.extend(self.restage());
        actions
    }

    /// When `tick` next has something to do.
    pub fn next_deadline(&self) -> Option<MonoMillis> {
        self.peers
            .values()
            .filter(|p| !p.remote)
            .flat_map(|p| {
                let answer = match p.negotiation {
                    Negotiation::AwaitingAnswer { due } => Some(due),
                    Negotiation::Stable => None,
                };
                [answer, Some(p.last_heard + self.config.silence_timeout_ms)]
            })
            .flatten()
            .min()
    }

    /// Closes peers whose answer is overdue or who went silent; each leaves
    /// the room (their tracks go from everyone).
    pub fn tick(&mut self, now: MonoMillis) -> Vec<Action> {
        let overdue: Vec<(ParticipantId, CloseReason)> = self
            .peers
            .iter()
            .filter(|(_, p)| !p.remote)
            .filter_map(|(id, p)| match p.negotiation {
                Negotiation::AwaitingAnswer { due } if now >= due => {
                    Some((*id, CloseReason::NoAnswer))
                }
                _ if now >= p.last_heard + self.config.silence_timeout_ms => {
                    Some((*id, CloseReason::Silent))
                }
                _ => None,
            })
            .collect();
        let mut actions = Vec::new();
        for (peer, why) in overdue {
            actions.push(Action::Close { peer, why });
            actions.extend(self.leave(peer));
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(n: u64) -> ParticipantId {
        ParticipantId(n)
    }

    fn mic(n: u64) -> TrackKey {
        TrackKey {
            owner: p(n),
            source: Source::Microphone,
        }
    }

    fn cam(n: u64) -> TrackKey {
        TrackKey {
            owner: p(n),
            source: Source::Camera,
        }
    }

    /// Answers every renegotiation the actions ask for.
    fn settle(room: &mut Room, actions: &[Action], now: MonoMillis) {
        for a in actions {
            if let Action::Renegotiate { to } = a {
                room.offer_sent(*to, now).expect("offer");
                let more = room.answered(*to, now).expect("answer");
                settle(room, &more, now);
            }
        }
    }

    fn room_of(n: u64) -> Room {
        let mut room = Room::new(RoomConfig::default());
        for i in 1..=n {
            let a = room.join(p(i), MonoMillis(0)).expect("join");
            settle(&mut room, &a, MonoMillis(0));
        }
        room
    }

    #[test]
    fn every_track_goes_to_everyone_but_its_owner_and_leaves_with_it() {
        let mut room = room_of(3);
        let actions = room.publish(p(1), Source::Camera).expect("publish");
        assert!(actions.contains(&Action::AddTrack {
            to: p(2),
            track: cam(1)
        }));
        assert!(actions.contains(&Action::AddTrack {
            to: p(3),
            track: cam(1)
        }));
        assert!(actions.contains(&Action::Renegotiate { to: p(2) }));
        assert!(actions.contains(&Action::RequestKeyframe { track: cam(1) }));
        assert!(!actions
            .iter()
            .any(|a| matches!(a, Action::AddTrack { to, .. } if *to == p(1))));
        settle(&mut room, &actions, MonoMillis(1));
        room.publish(p(1), Source::Microphone).expect("mic");
        assert_eq!(room.subscribers(mic(1)), vec![p(2), p(3)]);
        assert_eq!(
            room.publish(p(1), Source::Camera),
            Err(SfuError::AlreadyPublishing)
        );
        // A late joiner receives what is already published.
        let late = room.join(p(4), MonoMillis(2)).expect("join");
        assert!(late.contains(&Action::AddTrack {
            to: p(4),
            track: cam(1)
        }));
        assert!(late.contains(&Action::AddTrack {
            to: p(4),
            track: mic(1)
        }));
        // Leaving removes the leaver's tracks everywhere.
        let gone = room.leave(p(1));
        for to in [p(2), p(3), p(4)] {
            assert!(gone.contains(&Action::RemoveTrack { to, track: cam(1) }));
            assert!(gone.contains(&Action::RemoveTrack { to, track: mic(1) }));
        }
        assert_eq!(room.tracks().count(), 0);
        assert!(!room.forwards(mic(1), p(2)));
    }

    #[test]
    fn a_remote_seat_s_tracks_are_forwarded_and_it_receives_nothing_nor_times_out() {
        let config = RoomConfig {
            max_peers: 1,
            ..RoomConfig::default()
        };
        let silence = config.silence_timeout_ms;
        let mut room = Room::new(config);
        let t0 = MonoMillis(0);
        let joined = room.join(p(1), t0).expect("local seat");
        settle(&mut room, &joined, t0);
        // The room is full for seats here; a remote one is seated elsewhere.
        assert_eq!(room.join(p(3), t0), Err(SfuError::Full));
        room.join_as(p(2), PeerKind::Remote { interpreter: false }, t0)
            .expect("remote seat");
        let published = room.publish(p(2), Source::Camera).expect("publish");
        assert!(published.contains(&Action::AddTrack {
            to: p(1),
            track: cam(2)
        }));
        settle(&mut room, &published, t0);
        assert!(room.forwards(cam(2), p(1)));
        let own = room.publish(p(1), Source::Microphone).expect("publish");
        assert!(
            !own.iter()
                .any(|a| matches!(a, Action::AddTrack { to, .. } if *to == p(2))),
            "nothing is sent to a remote seat"
        );
        assert!(!room.forwards(mic(1), p(2)));
        assert!(room.subscribers(mic(1)).is_empty());
        // Silent for long: the local seat is closed, the remote one stays.
        let late = MonoMillis(silence * 3);
        let closed: Vec<ParticipantId> = room
            .tick(late)
            .into_iter()
            .filter_map(|a| match a {
                Action::Close { peer, .. } => Some(peer),
                _ => None,
            })
            .collect();
        assert_eq!(closed, vec![p(1)]);
        assert!(room.peers().any(|p2| p2 == p(2)));
        assert_eq!(room.next_deadline(), None);
    }

    #[test]
    fn a_remote_interpreter_is_heard_through_the_channels_only() {
        let mut room = Room::new(RoomConfig::default());
        let t0 = MonoMillis(0);
        let joined = room.join(p(1), t0).expect("listener");
        settle(&mut room, &joined, t0);
        room.join_as(p(2), PeerKind::Remote { interpreter: true }, t0)
            .expect("remote interpreter");
        let published = room.publish(p(2), Source::Microphone).expect("publish");
        assert!(published.is_empty(), "sent to nobody as a track of its own");
        // Informal, and the interpreter speaks loudest: still not on the floor.
        room.set_stage(Stage::default(), t0);
        for ms in (0..2_000).step_by(100) {
            room.audio_level(p(2), 10, MonoMillis(ms));
        }
        assert!(!room.forwards(mic(2), p(1)));
        assert!(room.subscribers(mic(2)).is_empty());
        // A listener on its booth's channel hears it there.
        room.set_hearing(true, |who| match who == p(1) {
            true => Feed::Interpreter(p(2)),
            false => Feed::Floor,
        });
        assert_eq!(room.channel_feed(p(1)), Some(mic(2)));
    }

    #[test]
    fn changes_during_an_offer_wait_for_its_answer() {
        let mut room = room_of(2);
        let a = room.publish(p(1), Source::Microphone).expect("mic");
        assert_eq!(
            a.iter()
                .filter(|x| matches!(x, Action::Renegotiate { .. }))
                .count(),
            1
        );
        room.offer_sent(p(2), MonoMillis(10)).expect("offer");
        // A second track while the offer is out: no second offer yet.
        let b = room.publish(p(1), Source::Camera).expect("cam");
        assert!(!b.iter().any(|x| matches!(x, Action::Renegotiate { .. })));
        // The answer brings the second offer, and a key frame for the camera
        // the subscriber now listens to.
        assert_eq!(
            room.answered(p(2), MonoMillis(20)),
            Ok(vec![
                Action::Renegotiate { to: p(2) },
                Action::RequestKeyframe { track: cam(1) }
            ])
        );
        room.offer_sent(p(2), MonoMillis(21)).expect("offer");
        assert_eq!(
            room.answered(p(2), MonoMillis(22)),
            Ok(vec![Action::RequestKeyframe { track: cam(1) }])
        );
        assert_eq!(
            room.answered(p(2), MonoMillis(23)),
            Err(SfuError::NoOfferPending)
        );
    }

    #[test]
    fn the_chairs_mute_stops_forwarding_the_microphone_only() {
        let mut room = room_of(3);
        let a = room.publish(p(2), Source::Microphone).expect("mic");
        settle(&mut room, &a, MonoMillis(0));
        assert!(room.forwards(mic(2), p(1)));
        assert_eq!(
            room.set_muted(p(2), true),
            Ok(vec![
                Action::MuteChanged {
                    participant: p(2),
                    muted: true
                },
                Action::Reroute { track: mic(2) }
            ])
        );
        assert!(!room.forwards(mic(2), p(1)) && !room.forwards(mic(2), p(3)));
        assert!(room.subscribers(mic(2)).is_empty());
        // The camera still flows; only the microphone is the chair's to stop.
        room.publish(p(2), Source::Camera).expect("cam");
        assert!(room.forwards(cam(2), p(1)));
        assert_eq!(room.set_muted(p(2), true), Ok(vec![]));
        assert_eq!(
            room.set_muted(p(2), false),
            Ok(vec![
                Action::MuteChanged {
                    participant: p(2),
                    muted: false
                },
                Action::Reroute { track: mic(2) }
            ])
        );
        assert!(room.forwards(mic(2), p(1)));
    }

    #[test]
    fn the_active_speaker_follows_sustained_speech_and_never_a_muted_one() {
        let mut room = room_of(3);
        for who in [1, 2] {
            room.publish(p(who), Source::Microphone).expect("mic");
        }
        // A short sound is not speech.
        assert_eq!(room.audio_level(p(1), 30, MonoMillis(0)), vec![]);
        assert_eq!(room.audio_level(p(1), 127, MonoMillis(100)), vec![]);
        assert_eq!(room.audio_level(p(1), 30, MonoMillis(200)), vec![]);
        assert_eq!(
            room.audio_level(p(1), 30, MonoMillis(500)),
            vec![Action::ActiveSpeaker {
                participant: Some(p(1))
            }]
        );
        // Someone who started later does not take over while p1 goes on.
        room.audio_level(p(2), 20, MonoMillis(600));
        assert_eq!(room.audio_level(p(2), 20, MonoMillis(1000)), vec![]);
        // Once p1 pauses, p2 does.
        room.audio_level(p(1), 127, MonoMillis(1100));
        assert_eq!(
            room.audio_level(p(2), 20, MonoMillis(1200)),
            vec![Action::ActiveSpeaker {
                participant: Some(p(2))
            }]
        );
        // Muted by the chair: silenced, and no longer the active speaker.
        let m = room.set_muted(p(2), true).expect("mute");
        assert!(m.contains(&Action::ActiveSpeaker { participant: None }));
        assert_eq!(room.audio_level(p(2), 0, MonoMillis(2000)), vec![]);
        assert_eq!(room.audio_level(p(2), 0, MonoMillis(3000)), vec![]);
        assert_eq!(room.active_speaker(), None);
    }

    #[test]
    fn keyframe_requests_reach_the_publisher_at_a_bounded_rate() {
        let mut room = room_of(3);
        room.publish(p(1), Source::Camera).expect("cam");
        room.publish(p(1), Source::Microphone).expect("mic");
        assert_eq!(
            room.keyframe_wanted(cam(1), MonoMillis(1000)),
            vec![Action::RequestKeyframe { track: cam(1) }]
        );
        assert_eq!(room.keyframe_wanted(cam(1), MonoMillis(1200)), vec![]);
        assert_eq!(
            room.keyframe_wanted(cam(1), MonoMillis(1500)),
            vec![Action::RequestKeyframe { track: cam(1) }]
        );
        assert_eq!(
            room.keyframe_wanted(mic(1), MonoMillis(2000)),
            vec![],
            "audio has no key frames"
        );
        assert_eq!(
            room.keyframe_wanted(cam(9), MonoMillis(2000)),
            vec![],
            "no such track"
        );
    }

    #[test]
    fn a_peer_that_never_answers_or_goes_silent_is_closed_and_leaves() {
        let mut room = room_of(3);
        let a = room.publish(p(1), Source::Camera).expect("cam");
        settle(&mut room, &a, MonoMillis(0));
        room.publish(p(3), Source::Microphone).expect("mic");
        room.offer_sent(p(2), MonoMillis(1000)).expect("offer");
        assert_eq!(room.next_deadline(), Some(MonoMillis(11_000)));
        assert_eq!(room.tick(MonoMillis(10_999)), vec![]);
        let closed = room.tick(MonoMillis(11_000));
        assert_eq!(
            closed[0],
            Action::Close {
                peer: p(2),
                why: CloseReason::NoAnswer
            }
        );
        assert!(room.peers().all(|x| x != p(2)));
        // p1 kept sending; p3 went quiet after joining.
        room.heard(p(1), MonoMillis(25_000));
        let silent = room.tick(MonoMillis(30_000));
        assert!(silent.contains(&Action::Close {
            peer: p(3),
            why: CloseReason::Silent
        }));
        assert!(silent.contains(&Action::RemoveTrack {
            to: p(1),
            track: mic(3)
        }));
        assert_eq!(room.peers().collect::<Vec<_>>(), vec![p(1)]);
    }

    #[test]
    fn the_room_has_a_limit_and_refuses_unknown_peers() {
        let mut room = Room::new(RoomConfig {
            max_peers: 2,
            ..RoomConfig::default()
        });
        room.join(p(1), MonoMillis(0)).expect("join");
        room.join(p(2), MonoMillis(0)).expect("join");
        assert_eq!(
            room.join(p(2), MonoMillis(0)),
            Ok(vec![]),
            "joining twice changes nothing"
        );
        assert_eq!(room.join(p(3), MonoMillis(0)), Err(SfuError::Full));
        assert_eq!(room.publish(p(9), Source::Camera), Err(SfuError::NotInRoom));
        assert_eq!(
            room.unpublish(p(1), Source::Screen),
            Err(SfuError::NotPublishing)
        );
        assert_eq!(room.set_muted(p(9), true), Err(SfuError::NotInRoom));
        assert_eq!(
            room.offer_sent(p(9), MonoMillis(0)),
            Err(SfuError::NotInRoom)
        );
        assert_eq!(room.audio_level(p(9), 0, MonoMillis(0)), vec![]);
        assert_eq!(room.leave(p(9)), vec![]);
    }

    #[test]
    fn joins_and_leaves_leave_nothing_behind() {
        let mut room = room_of(2);
        room.publish(p(1), Source::Camera).expect("cam");
        for cycle in 0..1000u64 {
            let who = p(100 + cycle);
            room.join(who, MonoMillis(cycle)).expect("join");
            room.publish(who, Source::Microphone).expect("mic");
            room.keyframe_wanted(cam(1), MonoMillis(cycle * 1000));
            room.leave(who);
        }
        assert_eq!(room.peers().count(), 2);
        assert_eq!(room.tracks().count(), 1);
        assert_eq!(room.keyframes.len(), 1);
        assert!(room.peers.values().all(|peer| peer.receiving.len() <= 1));
    }

    /// A room with booths: 1 the floor speaker, 2 and 3 the French booth,
    /// 4 the Spanish one, 5 and 6 listeners; every microphone published.
    fn interpreted_room() -> Room {
        let mut room = Room::new(RoomConfig::default());
        for i in 1..=6 {
            let a = room
                .join_as(
                    p(i),
                    if (2..=4).contains(&i) {
                        PeerKind::Interpreter
                    } else {
                        PeerKind::Participant
                    },
                    MonoMillis(0),
                )
                .expect("join");
            settle(&mut room, &a, MonoMillis(0));
        }
        let a = room.set_hearing(true, |_| Feed::Floor);
        settle(&mut room, &a, MonoMillis(0));
        for i in 1..=6 {
            let a = room.publish(p(i), Source::Microphone).expect("publish");
            settle(&mut room, &a, MonoMillis(0));
        }
        room
    }

    #[test]
    fn channels_carry_their_interpreter_and_switch_without_a_new_track() {
        let mut room = interpreted_room();
        // Nobody on air: everyone hears the floor; no interpreter is heard.
        assert_eq!(room.subscribers(mic(1)), vec![p(2), p(3), p(4), p(5), p(6)]);
        assert!(
            room.subscribers(mic(2)).is_empty(),
            "an interpreter is no track of its own"
        );
        assert_eq!(room.channel_feed(p(5)), None);

        // 5 listens to French (2 on air), 6 to Spanish (4 on air).
        let hears = |who: ParticipantId| match who.0 {
            5 => Feed::Interpreter(p(2)),
            6 => Feed::Interpreter(p(4)),
            _ => Feed::Floor,
        };
        let actions = room.set_hearing(true, hears);
        assert!(
            actions.is_empty(),
            "a switch adds no track and needs no offer: {actions:?}"
        );
        assert_eq!(room.channel_feed(p(5)), Some(mic(2)));
        assert_eq!(room.channel_listeners(mic(2)), vec![p(5)]);
        assert_eq!(room.channel_listeners(mic(4)), vec![p(6)]);
        assert!(
            !room.forwards(mic(1), p(5)),
            "the floor is not heard under French"
        );
        assert!(room.forwards(mic(1), p(2)), "the booth hears the floor");

        // Handover in the French booth: one step from 2 to 3.
        let actions = room.set_hearing(true, |who| match who.0 {
            5 => Feed::Interpreter(p(3)),
            _ => hears(who),
        });
        assert!(actions.is_empty());
        assert_eq!(room.channel_listeners(mic(2)), Vec::<ParticipantId>::new());
        assert_eq!(room.channel_listeners(mic(3)), vec![p(5)]);

        // The chair's mute silences an interpreter's channel too.
        room.set_muted(p(3), true).expect("mute");
        assert_eq!(room.channel_feed(p(5)), None);
        room.set_muted(p(3), false).expect("unmute");

        // Back to the floor.
        room.set_hearing(true, |_| Feed::Floor);
        assert!(room.forwards(mic(1), p(5)));
        assert_eq!(room.channel_feed(p(5)), None);
    }

    #[test]
    fn a_newcomer_to_an_interpreted_room_gets_a_channel_and_no_interpreter_track() {
        let mut room = interpreted_room();
        let actions = room.join(p(7), MonoMillis(1)).expect("join");
        let added: Vec<TrackKey> = actions
            .iter()
            .filter_map(|a| match a {
                Action::AddTrack { to, track } if *to == p(7) => Some(*track),
                _ => None,
            })
            .collect();
        assert_eq!(added, vec![mic(1), mic(5), mic(6), channel_of(p(7))]);
        assert_eq!(
            room.publish(p(7), Source::Interpretation),
            Err(SfuError::NotPublishable)
        );
        // Only a channel feeds an interpreter's microphone, and only an
        // interpreter's: a listener told to hear a delegate hears nothing.
        room.set_hearing(true, |who| {
            if who == p(7) {
                Feed::Interpreter(p(1))
            } else {
                Feed::Floor
            }
        });
        assert_eq!(room.channel_feed(p(7)), None);
        // An interpreter never becomes the room's speaker.
        assert!(room.audio_level(p(2), 10, MonoMillis(10)).is_empty());
        assert!(room.audio_level(p(2), 10, MonoMillis(1000)).is_empty());
        assert_eq!(room.active_speaker(), None);
    }

    fn reroutes(actions: &[Action]) -> BTreeSet<u64> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Reroute { track } if track.source == Source::Microphone => {
                    Some(track.owner.0)
                }
                _ => None,
            })
            .collect()
    }

    fn heard(room: &Room, by: u64) -> BTreeSet<u64> {
        room.tracks()
            .filter(|t| t.source == Source::Microphone && room.forwards(*t, p(by)))
            .map(|t| t.owner.0)
            .collect()
    }

    /// The first presiding is the chair.
    fn formal(floor: Option<u64>, presiding: &[u64]) -> Stage {
        Stage {
            formal: true,
            floor: floor.map(p),
            chair: presiding.first().map(|n| p(*n)),
            presiding: presiding.iter().map(|n| p(*n)).collect(),
        }
    }

    #[test]
    fn a_formal_room_forwards_the_floor_and_the_chair_only() {
        // p1 presides; p2 to p4 are delegations, all with their microphones on.
        let mut room = room_of(4);
        for who in 1..=4 {
            let a = room.publish(p(who), Source::Microphone).expect("mic");
            settle(&mut room, &a, MonoMillis(0));
        }
        room.publish(p(3), Source::Camera).expect("cam");
        let a = room.set_stage(formal(None, &[1]), MonoMillis(10));
        assert_eq!(reroutes(&a), BTreeSet::from([2, 3]));
        assert!(!a.iter().any(|a| matches!(a, Action::Renegotiate { .. })));
        assert_eq!(heard(&room, 2), BTreeSet::from([1]));
        assert_eq!(heard(&room, 1), BTreeSet::new());
        assert!(room.subscribers(mic(3)).is_empty());
        // Video is not the floor's to decide.
        assert!(room.forwards(cam(3), p(2)));
        // Speaking without the floor is neither heard nor the active speaker.
        for t in [100, 300, 600, 900] {
            assert_eq!(room.audio_level(p(3), 20, MonoMillis(t)), vec![]);
        }
        assert_eq!(room.active_speaker(), None);
        // Given the floor: heard by all, at once.
        let a = room.set_stage(formal(Some(3), &[1]), MonoMillis(1000));
        assert_eq!(reroutes(&a), BTreeSet::from([3]));
        assert_eq!(heard(&room, 2), BTreeSet::from([1, 3]));
        assert_eq!(heard(&room, 4), BTreeSet::from([1, 3]));
        assert_eq!(heard(&room, 1), BTreeSet::from([3]));
        room.audio_level(p(3), 20, MonoMillis(1100));
        assert_eq!(
            room.audio_level(p(3), 20, MonoMillis(1500)),
            vec![Action::ActiveSpeaker {
                participant: Some(p(3))
            }]
        );
        // The floor taken back: closed again, and no longer the speaker.
        let a = room.set_stage(formal(None, &[1]), MonoMillis(2000));
        assert_eq!(reroutes(&a), BTreeSet::from([3]));
        assert!(a.contains(&Action::ActiveSpeaker { participant: None }));
        assert_eq!(heard(&room, 2), BTreeSet::from([1]));
        // The chair's mute holds over the floor.
        room.set_muted(p(4), true).expect("mute");
        room.set_stage(formal(Some(4), &[1]), MonoMillis(3000));
        assert_eq!(heard(&room, 2), BTreeSet::from([1]));
        let a = room.set_muted(p(4), false).expect("unmute");
        assert_eq!(reroutes(&a), BTreeSet::from([4]));
        assert_eq!(heard(&room, 2), BTreeSet::from([1, 4]));
        // A microphone published while holding the floor is heard at once.
        room.unpublish(p(4), Source::Microphone).expect("unpublish");
        let a = room.publish(p(4), Source::Microphone).expect("mic");
        assert_eq!(reroutes(&a), BTreeSet::from([4]));
        assert!(room.forwards(mic(4), p(2)));
    }

    #[test]
    fn an_informal_room_forwards_the_few_who_spoke_last() {
        let mut room = Room::new(RoomConfig {
            open_microphones: 2,
            quiet_ms: 1_000,
            ..RoomConfig::default()
        });
        for who in 1..=5 {
            let a = room.join(p(who), MonoMillis(0)).expect("join");
            settle(&mut room, &a, MonoMillis(0));
        }
        // No more microphones than places: every one is open.
        for who in [1, 2] {
            room.publish(p(who), Source::Microphone).expect("mic");
        }
        assert_eq!(heard(&room, 5), BTreeSet::from([1, 2]));
        for who in [3, 4] {
            room.publish(p(who), Source::Microphone).expect("mic");
        }
        assert_eq!(heard(&room, 5), BTreeSet::from([1, 2]));
        // Someone speaking takes the place of a microphone that never spoke.
        let a = room.audio_level(p(3), 20, MonoMillis(0));
        assert_eq!(reroutes(&a), BTreeSet::from([2, 3]));
        assert_eq!(heard(&room, 5), BTreeSet::from([1, 3]));
        let a = room.audio_level(p(4), 20, MonoMillis(100));
        assert_eq!(reroutes(&a), BTreeSet::from([1, 4]));
        assert_eq!(heard(&room, 5), BTreeSet::from([3, 4]));
        // Both places taken by recent speech: a third speaker waits, unheard
        // and never the active speaker...
        room.audio_level(p(4), 20, MonoMillis(500));
        for t in [200, 400, 600, 800, 999] {
            let a = room.audio_level(p(1), 20, MonoMillis(t));
            assert!(
                reroutes(&a).is_empty()
                    && !a.iter().any(|a| matches!(a, Action::ActiveSpeaker { .. })),
                "{t}: {a:?}"
            );
        }
        // ...until one of them has been quiet for a second.
        let a = room.audio_level(p(1), 20, MonoMillis(1000));
        assert_eq!(reroutes(&a), BTreeSet::from([1, 3]));
        assert_eq!(heard(&room, 5), BTreeSet::from([1, 4]));
        assert_eq!(heard(&room, 1), BTreeSet::from([4]));
        // The chair's mute closes a microphone and frees its place.
        let a = room.set_muted(p(4), true).expect("mute");
        assert_eq!(reroutes(&a), BTreeSet::from([3, 4]));
        assert_eq!(heard(&room, 5), BTreeSet::from([1, 3]));
        // Leaving frees a place too.
        let a = room.leave(p(1));
        assert_eq!(reroutes(&a), BTreeSet::from([1, 2]));
        assert_eq!(heard(&room, 5), BTreeSet::from([2, 3]));
    }

    fn ids(list: &[ParticipantId]) -> Vec<u64> {
        list.iter().map(|p| p.0).collect()
    }

    #[test]
    fn cameras_follow_the_floor_the_chair_then_the_last_speakers_up_to_what_each_asks() {
        let mut room = Room::new(RoomConfig {
            videos: 3,
            max_videos: 4,
            ..RoomConfig::default()
        });
        for who in 1..=6 {
            let a = room.join(p(who), MonoMillis(0)).expect("join");
            settle(&mut room, &a, MonoMillis(0));
        }
        // p1 presides; p1 to p5 have cameras, p6 only watches.
        for who in 1..=5 {
            let a = room.publish(p(who), Source::Camera).expect("cam");
            settle(&mut room, &a, MonoMillis(0));
        }
        room.set_stage(formal(None, &[1]), MonoMillis(0));
        assert_eq!(ids(room.shown(p(6))), vec![1, 2, 3]);
        // Never one's own; the next takes its place.
        assert_eq!(ids(room.shown(p(1))), vec![2, 3, 4]);
        assert_eq!(ids(room.shown(p(2))), vec![1, 3, 4]);
        assert!(room.forwards(cam(3), p(6)) && !room.forwards(cam(4), p(6)));
        assert_eq!(room.subscribers(cam(5)), vec![]);
        // Every camera is negotiated with everyone: showing one is a route.
        assert_eq!(room.subscribers(cam(2)), vec![p(1), p(3), p(4), p(5), p(6)]);

        // The floor to p5: first for everyone, with a key frame asked at once.
        let a = room.set_stage(formal(Some(5), &[1]), MonoMillis(10));
        assert_eq!(ids(room.shown(p(6))), vec![5, 1, 2]);
        assert!(a.contains(&Action::RequestKeyframe { track: cam(5) }));
        assert!(a.contains(&Action::Reroute { track: cam(5) }));
        assert!(a.contains(&Action::Reroute { track: cam(3) }));
        assert!(a.contains(&Action::Shown {
            to: p(6),
            participants: vec![p(5), p(1), p(2)]
        }));
        assert!(!a.iter().any(|a| matches!(a, Action::Renegotiate { .. })));
        assert_eq!(
            a.iter()
                .filter(|a| matches!(a, Action::RequestKeyframe { .. }))
                .count(),
            1,
            "one key frame however many subscribers: {a:?}"
        );

        // Informal: whoever spoke last comes after the stage.
        room.set_stage(
            Stage {
                formal: false,
                ..formal(None, &[1])
            },
            MonoMillis(20),
        );
        room.publish(p(4), Source::Microphone).expect("mic");
        for t in [100, 200, 300, 400, 500] {
            room.audio_level(p(4), 20, MonoMillis(t));
        }
        assert_eq!(room.active_speaker(), Some(p(4)));
        assert_eq!(ids(room.shown(p(6))), vec![1, 4, 2]);
        room.publish(p(3), Source::Microphone).expect("mic");
        room.audio_level(p(4), 127, MonoMillis(600));
        for t in [700, 800, 900, 1000, 1100] {
            room.audio_level(p(3), 20, MonoMillis(t));
        }
        assert_eq!(room.active_speaker(), Some(p(3)));
        assert_eq!(ids(room.shown(p(6))), vec![1, 3, 4]);

        // Each asks for as many as it shows, within the bound; 0 is audio only.
        let (granted, a) = room.set_videos(p(6), 1).expect("videos");
        assert_eq!(granted, 1);
        assert_eq!(ids(room.shown(p(6))), vec![1]);
        assert!(a.contains(&Action::Reroute { track: cam(3) }));
        room.set_videos(p(6), 0).expect("audio only");
        assert!(room.shown(p(6)).is_empty());
        assert!(!room.forwards(cam(1), p(6)));
        assert_eq!(room.set_videos(p(6), 100).expect("many").0, 4);
        assert_eq!(ids(room.shown(p(6))), vec![1, 3, 4, 2]);
        assert_eq!(room.set_videos(p(9), 2), Err(SfuError::NotInRoom));
        // A screen is for everyone, whatever they asked.
        room.publish(p(5), Source::Screen).expect("screen");
        room.set_videos(p(6), 0).expect("audio only");
        let screen = TrackKey {
            owner: p(5),
            source: Source::Screen,
        };
        assert!(room.forwards(screen, p(6)));
        // Whoever leaves makes room for the next.
        room.leave(p(1));
        assert_eq!(ids(room.shown(p(2))), vec![3, 4, 5]);
    }

    #[test]
    fn between_speakers_one_camera_shows_the_chair_not_the_officer_who_spoke_last() {
        let mut room = room_of(4);
        for who in 1..=3 {
            room.publish(p(who), Source::Camera).expect("cam");
            room.publish(p(who), Source::Microphone).expect("mic");
        }
        room.set_videos(p(4), 1).expect("one camera");
        // p1 chairs; p2, a secretary, presides too; p3 is a delegation.
        let stage = |floor: Option<u64>| Stage {
            formal: true,
            floor: floor.map(p),
            chair: Some(p(1)),
            presiding: [p(1), p(2)].into(),
        };
        room.set_stage(stage(Some(2)), MonoMillis(0));
        assert_eq!(ids(room.shown(p(4))), vec![2]);
        // The secretary spoke last, the chair never.
        for t in [100, 200, 300, 400, 500] {
            room.audio_level(p(2), 20, MonoMillis(t));
        }
        let a = room.set_stage(stage(None), MonoMillis(600));
        assert_eq!(ids(room.shown(p(4))), vec![1]);
        assert!(a.contains(&Action::RequestKeyframe { track: cam(1) }));
        assert!(room.forwards(cam(1), p(4)) && !room.forwards(cam(2), p(4)));
        // Two cameras: the chair, then the officer.
        room.set_videos(p(4), 2).expect("two cameras");
        assert_eq!(ids(room.shown(p(4))), vec![1, 2]);
        // The delegation given the floor comes first, then the chair.
        room.set_stage(stage(Some(3)), MonoMillis(700));
        assert_eq!(ids(room.shown(p(4))), vec![3, 1]);
    }

    #[test]
    fn each_camera_comes_in_the_layer_its_place_asks_and_the_link_carries() {
        let mut room = room_of(3);
        let t = MonoMillis(0);
        for n in 1..=3 {
            room.publish(p(n), Source::Camera).expect("camera");
        }
        let floor = |n| Stage {
            formal: true,
            floor: Some(p(n)),
            ..Stage::default()
        };
        room.set_stage(floor(1), t);
        // Unless asked: the stage high, the others medium.
        assert_eq!(room.layer(p(3), p(1)), Quality::High);
        assert_eq!(room.layer(p(3), p(2)), Quality::Medium);
        // Thumbnails asked for: the low layer, and the floor's high.
        let actions = room
            .set_quality(p(3), Quality::High, Quality::Low)
            .expect("in the room");
        assert_eq!(
            actions,
            [
                Action::Layer {
                    to: p(3),
                    track: cam(2),
                    quality: Quality::Low
                },
                Action::RequestKeyframe { track: cam(2) }
            ]
        );
        // The floor changes: the new speaker's high layer at once, with a
        // key frame asked for it; the old one's low.
        let actions = room.set_stage(floor(2), t + 1_000);
        assert!(actions.contains(&Action::Layer {
            to: p(3),
            track: cam(2),
            quality: Quality::High
        }));
        assert!(actions.contains(&Action::Layer {
            to: p(3),
            track: cam(1),
            quality: Quality::Low
        }));
        assert!(actions.contains(&Action::RequestKeyframe { track: cam(2) }));
        assert_eq!(
            actions
                .iter()
                .filter(|a| **a == Action::RequestKeyframe { track: cam(2) })
                .count(),
            1,
            "one key frame however many subscribers changed layer"
        );
        // A lossy link: moved down, the stage last, never dropped.
        let mut at = t + 2_000;
        while room.layer(p(3), p(2)) == Quality::High {
            room.lost(p(3), 128, at);
            at = at + 600;
        }
        assert_eq!(room.layer(p(3), p(2)), Quality::Medium);
        assert_eq!(room.layer(p(3), p(1)), Quality::Low);
        for _ in 0..50 {
            room.lost(p(3), 255, at);
            at = at + 600;
        }
        assert_eq!(room.layer(p(3), p(2)), Quality::Low);
        assert_eq!(room.shown(p(3)), [p(2), p(1)], "still shown");
        // The others are not moved by one subscriber's link.
        assert_eq!(room.layer(p(1), p(2)), Quality::High);
        // A clean link brings the layers back.
        for _ in 0..100 {
            room.lost(p(3), 0, at);
            at = at + 600;
        }
        assert_eq!(room.layer(p(3), p(2)), Quality::High);
    }
}
