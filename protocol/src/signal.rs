//! Live-meeting vocabulary shared by the signaling service and the browser:
//! who is in a meeting, the list of speakers, the floor, hands and chat.
//!
//! One websocket per participant carries them: [`ClientMessage`] up, each
//! request with an id, and [`ServerMessage`] down. Errors are messages with a
//! stable code; the connection is closed only for abuse (a flood, an
//! oversized frame) or when the seat ends.

use crate::api::{Language, MeetingStatus};
use crate::ids::{DelegationId, UserId};
use crate::vote::{Cast, RollCall, Vote, VoteSpec, Voted};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Milliseconds since the Unix epoch: the meeting's wall clock, on the wire
/// as a plain number. Time enters the meeting logic only as an argument, so
/// it is tested without clocks; its own type, so the SFU's monotonic clock
/// (`plenary_rules::sfu::MonoMillis`) cannot be passed in its place.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Millis {
    /// Milliseconds from `earlier` to this instant (0 if it is later).
    pub fn since(self, earlier: Millis) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl std::ops::Add<u64> for Millis {
    type Output = Millis;
    fn add(self, ms: u64) -> Millis {
        Millis(self.0.saturating_add(ms))
    }
}

impl std::ops::Sub<u64> for Millis {
    type Output = Millis;
    fn sub(self, ms: u64) -> Millis {
        Millis(self.0.saturating_sub(ms))
    }
}

/// A seat in a live meeting: one user's presence, kept across reconnects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParticipantId(pub u64);

impl ParticipantId {
    /// Viewers' ids, from here up to 2^53 (a JavaScript number holds them
    /// exactly); seats are numbered from 1 and never come near.
    pub const VIEWERS_FROM: u64 = 1 << 52;

    /// A viewer's: a connection that only receives, never a seat.
    pub fn is_viewer(self) -> bool {
        self.0 >= Self::VIEWERS_FROM
    }
}

/// What a participant may do in this meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingRole {
    /// Presides: opens, suspends and adjourns, gives the floor, admits from the lobby.
    Chair,
    /// Secretariat staff supporting the chair: sees everything, speaks only if given the floor.
    Secretariat,
    /// Speaks for a delegation.
    Delegate,
    /// Interprets in a booth the meeting booked them for: hears the floor
    /// (or a relay), speaks into the booth's channel only.
    Interpreter,
}

impl MeetingRole {
    /// The chair and the secretariat: they read and answer private
    /// messages, and hold their seat in a closed meeting.
    pub fn is_staff(self) -> bool {
        matches!(self, MeetingRole::Chair | MeetingRole::Secretariat)
    }
}

/// Why a delegation asks for the floor, in the order the floor goes: a
/// point of order at once, ahead of everyone; then the statements; rights
/// of reply once the list of statements is exhausted (the General
/// Assembly's practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    PointOfOrder,
    Statement,
    RightOfReply,
}

/// At what level a delegation speaks: statements are ordered by it, then by
/// time of inscription, unless the chair sets the order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerLevel {
    HeadOfState,
    Minister,
    HeadOfDelegation,
    #[default]
    Other,
}

/// How a list of speakers is ordered, stated on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListOrder {
    /// By level, then by time of inscription.
    #[default]
    ByLevel,
    /// As the chair set it (an insertion or a move); later inscriptions go last.
    ByChair,
}

/// One line on a list of speakers: a delegation's (or, for staff without
/// one, a participant's) request for the floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inscription {
    /// The line's number in its list; the chair's moves and strikes name it.
    pub line: u64,
    /// Who inscribed it in this sitting; `None` when the chair inserted it
    /// or it was carried over from an earlier sitting.
    pub participant: Option<ParticipantId>,
    pub delegation: Option<DelegationId>,
    pub kind: SpeakerKind,
    #[serde(default)]
    pub level: SpeakerLevel,
    pub inscribed_at: Millis,
}

/// The list of speakers of one agenda item, kept across the sittings that
/// take the item up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpeakersList {
    /// In speaking order.
    pub lines: Vec<Inscription>,
    /// A closed list takes no more statements (points of order and rights
    /// of reply still).
    pub closed: bool,
    pub order: ListOrder,
    /// Rights of reply each delegation has exercised under this item.
    pub replies: BTreeMap<DelegationId, u32>,
    /// Speaking time per statement on this list; `None` for the meeting's.
    pub limit_ms: Option<u64>,
    /// The number the next line takes.
    pub next_line: u64,
}

/// Who reads a chat message. Delegates write to everyone or to those who
/// preside (the chair and the secretariat); those who preside may also
/// answer one participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Everyone,
    /// The chair and the secretariat.
    Presiding,
    /// One participant (and the chair and the secretariat).
    Participant(ParticipantId),
}

impl Audience {
    /// Whether a message from `from` to this audience reaches `reader`
    /// (`staff`: the reader is the chair or of the secretariat).
    pub fn reaches(self, from: ParticipantId, reader: ParticipantId, staff: bool) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Presiding => staff || reader == from,
            Audience::Participant(to) => staff || reader == from || reader == to,
        }
    }
}

/// The participant holding the floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Floor {
    pub participant: ParticipantId,
    pub kind: SpeakerKind,
    pub started_at: Millis,
    /// Speaking time limit; `None` for no limit.
    pub limit_ms: Option<u64>,
    /// Set once the warning before the limit has been sent.
    pub warned: bool,
    /// Set once the limit has passed; the overrun is measured from here.
    pub expired: bool,
}

/// A participant as everyone in the meeting sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub user: UserId,
    pub name: String,
    pub role: MeetingRole,
    pub delegation: Option<DelegationId>,
    /// Waiting in the lobby of a closed or locked meeting.
    pub in_lobby: bool,
    /// The chair asked this participant to mute (enforced by the media layer).
    pub muted_by_chair: bool,
    /// False while the participant's connection is lost and their seat is
    /// held for them to come back.
    #[serde(default = "yes")]
    pub connected: bool,
    /// The channel they listen to: a booth's language, or `None` for the floor.
    #[serde(default)]
    pub channel: Option<Language>,
}

fn yes() -> bool {
    true
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub from: ParticipantId,
    pub name: String,
    pub text: String,
    pub sent_at: Millis,
    #[serde(default)]
    pub to: Audience,
}

/// The counts of a recorded vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    pub in_favour: u32,
    pub against: u32,
    pub abstaining: u32,
}

/// A decision the chair announced, e.g. "Draft resolution A/C.2/57/L.12 was
/// adopted without a vote", with the counts when it was put to a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub text: String,
    pub votes: Option<Votes>,
    /// The agenda item under discussion when it was taken.
    pub item: Option<u32>,
    pub at: Millis,
}

/// What a participant asks of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    RaiseHand,
    LowerHand,
    /// Inscribes the delegation on the list of an item (the one under
    /// discussion when `item` is absent): before the meeting too.
    Inscribe {
        kind: SpeakerKind,
        #[serde(default)]
        level: SpeakerLevel,
        #[serde(default)]
        item: Option<u32>,
    },
    /// Takes the delegation's lines off the list of the item under discussion.
    Withdraw,
    Chat {
        text: String,
        #[serde(default)]
        to: Audience,
    },
    // What the chair does, and the secretary of the meeting on the chair's behalf.
    /// Inserts a delegation's statement at `at` (from 0) on an item's list.
    InsertSpeaker {
        delegation: DelegationId,
        #[serde(default)]
        level: SpeakerLevel,
        at: usize,
        #[serde(default)]
        item: Option<u32>,
    },
    /// Moves a line to `to` (from 0) among the lines of its kind.
    MoveSpeaker {
        line: u64,
        to: usize,
        #[serde(default)]
        item: Option<u32>,
    },
    /// Strikes a line off the list.
    StrikeSpeaker {
        line: u64,
        #[serde(default)]
        item: Option<u32>,
    },
    /// Closes (or reopens) an item's list to statements.
    CloseList {
        closed: bool,
        #[serde(default)]
        item: Option<u32>,
    },
    /// Speaking time per statement on an item's list, 1 s to 1 h; `None`
    /// for the meeting's.
    SetListLimit {
        limit_ms: Option<u64>,
        #[serde(default)]
        item: Option<u32>,
    },
    /// Speaking time of the turn under way, 1 s to 1 h; `None` for no limit.
    SetFloorLimit {
        limit_ms: Option<u64>,
    },
    /// Mutes every participant but the floor holder and those who preside.
    MuteAll,
    /// Stops a participant's screen share.
    StopShare {
        participant: ParticipantId,
    },
    Open,
    Suspend,
    Resume,
    Adjourn,
    Lock {
        locked: bool,
    },
    /// A formal meeting forwards the microphones of the floor holder and
    /// those who preside only; an informal one those of the few who spoke
    /// last.
    SetFormal {
        formal: bool,
    },
    Admit {
        participant: ParticipantId,
    },
    /// Refuses a participant waiting in the lobby: their seat ends, and
    /// their user may not join this meeting again until readmitted.
    Refuse {
        participant: ParticipantId,
    },
    /// Lifts a refusal: the user may join (and wait in the lobby) again.
    Readmit {
        user: UserId,
    },
    /// Removes a participant, who may not come back to this meeting
    /// until readmitted.
    Remove {
        participant: ParticipantId,
    },
    /// The chair mutes a participant's microphone: the media server stops
    /// forwarding it, whatever the participant's browser does.
    AskMute {
        participant: ParticipantId,
    },
    /// The chair lifts the mute (giving the floor lifts it too).
    Unmute {
        participant: ParticipantId,
    },
    /// To a chosen participant, or with `None` to the next on the list.
    GiveFloor {
        participant: Option<ParticipantId>,
    },
    EndFloor,
    /// Speaking time per turn from the next turn on, 1 s to 1 h; `None` for no limit.
    SetSpeakingLimit {
        limit_ms: Option<u64>,
    },
    /// Takes up an item of the meeting's agenda (its position, from 1).
    TakeUpItem {
        position: u32,
    },
    /// Announces a decision (at most 2000 characters), with the counts of a recorded vote.
    RecordDecision {
        text: String,
        #[serde(default)]
        votes: Option<Votes>,
    },
    /// Puts a question to the vote (no other vote may be open).
    OpenVote {
        spec: VoteSpec,
    },
    /// Casts the delegation's vote; acknowledged once it is stored.
    CastVote {
        number: u32,
        cast: Cast,
    },
    /// Moves a roll-call on to the next delegation.
    CallNext {
        number: u32,
    },
    /// Closes the vote and announces the result, counted from the ballot box.
    CloseVote {
        number: u32,
    },
    // Interpretation.
    /// Anyone: listen to a booth's channel (`None`: the floor).
    ListenTo {
        channel: Option<Language>,
    },
    /// The floor holder or those who preside: the language the floor speaks
    /// (its booth's channel carries the floor meanwhile).
    FloorLanguage {
        language: Option<Language>,
    },
    /// An interpreter at their booth: microphone on (when nobody of the
    /// booth is on air) or off.
    OnAir {
        on: bool,
    },
    /// The interpreter on air asks a partner of the booth to take over.
    AskHandover {
        to: ParticipantId,
    },
    /// The partner asked takes over: the channel moves to them in one step.
    AcceptHandover,
    /// An interpreter: the booth hears another booth's channel (`None`: the floor).
    Relay {
        from: Option<Language>,
    },
}

/// What everyone in the meeting is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Joined {
        participant: Participant,
    },
    Left {
        participant: ParticipantId,
    },
    /// The participant's connection was lost; the seat is held for a while.
    Disconnected {
        participant: ParticipantId,
    },
    /// The participant is back on connection `connection` (any older
    /// connection for the seat ends).
    Reconnected {
        participant: ParticipantId,
        connection: u64,
    },
    Admitted {
        participant: ParticipantId,
    },
    Refused {
        participant: ParticipantId,
    },
    /// The chair lifted the refusal of this user.
    Readmitted {
        user: UserId,
    },
    Removed {
        participant: ParticipantId,
    },
    /// The participant's access ended outside the meeting (their account was
    /// disabled or signed out everywhere, or their delegation is no longer
    /// invited): the seat is gone.
    AccessEnded {
        participant: ParticipantId,
    },
    /// The participant's role changed (the chair was replaced): the seat is
    /// gone, and joining again gives the new role.
    Reseated {
        participant: ParticipantId,
    },
    /// The conference manager closed or opened the meeting.
    AccessChanged {
        closed: bool,
    },
    HandsChanged {
        hands: Vec<ParticipantId>,
    },
    /// The list of speakers of an agenda item (0: the meeting's, without an agenda).
    SpeakersChanged {
        item: u32,
        list: SpeakersList,
    },
    /// The chair set the time of the turn under way.
    FloorLimitChanged {
        limit_ms: Option<u64>,
    },
    /// The chair stopped the participant's screen share.
    ShareStopped {
        participant: ParticipantId,
    },
    FloorGiven {
        floor: Floor,
    },
    FloorEnded {
        participant: ParticipantId,
        spoke_ms: u64,
        overrun_ms: u64,
    },
    TimeWarning {
        participant: ParticipantId,
        remaining_ms: u64,
    },
    TimeExpired {
        participant: ParticipantId,
    },
    StatusChanged {
        status: MeetingStatus,
    },
    LockChanged {
        locked: bool,
    },
    FormalChanged {
        formal: bool,
    },
    SpeakingLimitChanged {
        limit_ms: Option<u64>,
    },
    /// The chair took up this agenda item (its position, from 1).
    ItemTakenUp {
        position: u32,
    },
    /// The chair announced a decision.
    DecisionRecorded {
        decision: Decision,
    },
    MuteRequested {
        participant: ParticipantId,
    },
    /// The chair's mute was lifted (by the chair, or by giving the floor).
    MuteLifted {
        participant: ParticipantId,
    },
    Chat {
        message: ChatMessage,
    },
    /// The chair put a question to the vote.
    VoteOpened {
        vote: Vote,
    },
    /// Delegations voted (with their votes where the kind makes them public).
    VotesCast {
        number: u32,
        voted: Vec<Voted>,
    },
    /// A roll-call moved on.
    RollCallChanged {
        number: u32,
        roll_call: RollCall,
    },
    /// The vote closed: the result, and who voted.
    VoteClosed {
        vote: Vote,
    },
    /// A participant listens to another channel.
    ChannelChosen {
        participant: ParticipantId,
        channel: Option<Language>,
    },
    /// The booths changed (who is at the console, on air, asked to take
    /// over, on relay) or the floor's language did.
    InterpretationChanged {
        interpretation: Interpretation,
    },
}

/// A meeting's interpretation as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interpretation {
    /// One per language the meeting is interpreted into.
    pub booths: Vec<Booth>,
    /// The language the floor speaks, when the speaker or the chair said so.
    pub floor_language: Option<Language>,
}

/// One booth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booth {
    pub language: Language,
    /// Its interpreters at the console, in the order they came.
    pub present: Vec<ParticipantId>,
    pub on_air: Option<ParticipantId>,
    /// The partner asked to take over.
    pub asked: Option<ParticipantId>,
    /// The booth whose channel it hears; `None`: the floor.
    pub relay: Option<Language>,
}

/// The version of this message set; a client sends it when connecting
/// (`?v=1`) and the server refuses versions it does not speak.
pub const PROTOCOL_VERSION: u32 = 1;

/// A request's id, chosen by the client and echoed in the answer.
pub type RequestId = u64;

/// What a browser (or a bot) sends on the meeting's websocket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// Act in the meeting; answered by `ack` or `error` with the same id.
    Act { id: RequestId, command: Command },
    /// Send the whole state again (answered by `state`).
    Sync { id: RequestId },
    /// Application-level liveness check (answered by `pong`).
    Ping { id: RequestId },
    /// Enter the meeting's media room (answered by `media_joined`, with the
    /// ICE servers to use). Everything already published is then offered.
    MediaJoin {
        id: RequestId,
        /// The client sends its own offer (its tracks) first: the server
        /// holds its offer of the others' tracks until that one is answered,
        /// so the first exchange never collides.
        #[serde(default)]
        publish: bool,
    },
    /// An offer from the browser, when it adds or removes tracks it
    /// publishes; `tracks` says what each sent track carries (answered by
    /// `media_answer`). Refused with `glare` while an offer of the server's
    /// waits for its answer: answer that first, then offer again.
    MediaOffer {
        id: RequestId,
        sdp: String,
        tracks: Vec<PublishedTrack>,
    },
    /// The answer to the server's `media_offer` (answered by `ack`).
    MediaAnswer { id: RequestId, sdp: String },
    /// A trickled ICE candidate (answered by `ack`).
    MediaCandidate {
        id: RequestId,
        candidate: IceCandidate,
    },
    /// Leave the media room; the meeting's websocket stays (answered by `ack`).
    MediaLeave { id: RequestId },
    /// How many participants' cameras this connection shows at most (0:
    /// audio only); the server grants up to its bound (answered by `ack`,
    /// and `videos_shown` whenever whose cameras it receives changes).
    MediaVideos { id: RequestId, videos: u32 },
    /// A viewer's choice of channel: a booth's language, or `None` for the
    /// floor (answered by `ack`; participants use the `listen_to` command).
    MediaListen {
        id: RequestId,
        channel: Option<crate::api::Language>,
    },
    /// How large this connection shows cameras: the first of
    /// `videos_shown` (the stage: the floor holder, or who presides) and
    /// the others (tiles). The server sends each camera's simulcast layer
    /// that fits, as far as the connection's bandwidth allows (answered by
    /// `ack`). Unless asked: the stage `high`, tiles `medium`.
    MediaQuality {
        id: RequestId,
        stage: Quality,
        tiles: Quality,
    },
}

/// A camera's simulcast layer, as a client shows it: `low` a quarter of the
/// camera's width (a thumbnail), `medium` half, `high` all of it. Publishers
/// name their layers by these RIDs: `q`, `h`, `f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Low,
    Medium,
    High,
}

impl Quality {
    pub const ALL: [Quality; 3] = [Quality::Low, Quality::Medium, Quality::High];

    /// The RTP stream id (RID) publishers give this layer.
    pub fn rid(self) -> &'static str {
        match self {
            Quality::Low => "q",
            Quality::Medium => "h",
            Quality::High => "f",
        }
    }

    pub fn from_rid(rid: &str) -> Option<Quality> {
        Quality::ALL.into_iter().find(|q| q.rid() == rid)
    }

    /// The next layer down, if any.
    pub fn lower(self) -> Option<Quality> {
        match self {
            Quality::Low => None,
            Quality::Medium => Some(Quality::Low),
            Quality::High => Some(Quality::Medium),
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// What the layer costs, in bits per second: the most a browser sends
    /// it at (its `maxBitrate`), and what the SFU counts on a link for it.
    pub fn bitrate(self) -> u64 {
        match self {
            Quality::Low => 150_000,
            Quality::Medium => 500_000,
            Quality::High => 1_500_000,
        }
    }
}

/// What a media track carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaSource {
    Microphone,
    Camera,
    Screen,
    /// The interpretation channel a listener chose: audio the SFU sends,
    /// owned by the listener, fed by the interpreter on air (or nobody,
    /// when the channel carries the floor). Never published.
    Interpretation,
}

impl MediaSource {
    pub fn is_audio(self) -> bool {
        matches!(self, MediaSource::Microphone | MediaSource::Interpretation)
    }

    pub fn name(self) -> &'static str {
        match self {
            MediaSource::Microphone => "microphone",
            MediaSource::Camera => "camera",
            MediaSource::Screen => "screen",
            MediaSource::Interpretation => "interpretation",
        }
    }
}

/// A track the browser sends: its id (the track id in the offer's `msid`)
/// and what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedTrack {
    pub track_id: String,
    pub source: MediaSource,
}

/// A track the server sends: whose it is and what it carries. In the SDP its
/// `msid` is `<stream_id> <track_id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardedTrack {
    pub owner: ParticipantId,
    pub source: MediaSource,
    pub stream_id: String,
    pub track_id: String,
}

/// An ICE candidate as browsers give it (`RTCIceCandidateInit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IceCandidate {
    pub candidate: String,
    #[serde(default, rename = "sdpMid")]
    pub sdp_mid: Option<String>,
    #[serde(default, rename = "sdpMLineIndex")]
    pub sdp_m_line_index: Option<u16>,
}

/// A STUN or TURN server for the browser's `RTCPeerConnection`; TURN
/// credentials are short-lived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

impl ClientMessage {
    pub fn id(&self) -> RequestId {
        match self {
            ClientMessage::Act { id, .. }
            | ClientMessage::Sync { id }
            | ClientMessage::Ping { id }
            | ClientMessage::MediaJoin { id, .. }
            | ClientMessage::MediaOffer { id, .. }
            | ClientMessage::MediaAnswer { id, .. }
            | ClientMessage::MediaCandidate { id, .. }
            | ClientMessage::MediaLeave { id }
            | ClientMessage::MediaVideos { id, .. }
            | ClientMessage::MediaListen { id, .. }
            | ClientMessage::MediaQuality { id, .. } => *id,
        }
    }
}

/// The meeting as one participant is shown it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub status: MeetingStatus,
    pub closed: bool,
    pub locked: bool,
    /// Only the floor holder and those who preside are heard.
    #[serde(default)]
    pub formal: bool,
    pub participants: Vec<Participant>,
    pub hands: Vec<ParticipantId>,
    /// The lists of speakers by agenda item (0: the meeting's, without an agenda).
    #[serde(with = "by_item")]
    pub lists: BTreeMap<u32, SpeakersList>,
    pub floor: Option<Floor>,
    /// The latest messages, oldest first (a bounded history for late joiners).
    pub chat: Vec<ChatMessage>,
    pub speaking_limit_ms: Option<u64>,
    /// The agenda item under discussion (its position, from 1).
    #[serde(default)]
    pub current_item: Option<u32>,
    /// The secretary of the meeting, who may act for the chair; `None`:
    /// any member of the secretariat may.
    #[serde(default)]
    pub secretary: Option<UserId>,
    /// Rights of reply a delegation has per item, and the time of each.
    #[serde(default)]
    pub reply_limits_ms: Vec<u64>,
    /// The vote open now, or the last one taken.
    #[serde(default)]
    pub vote: Option<Vote>,
    /// The booths, for a meeting with interpretation.
    #[serde(default)]
    pub interpretation: Option<Interpretation>,
}

/// A map keyed by agenda item, as JSON writes it (keys are strings): read
/// inside a tagged message, serde would not turn `"2"` back into a number.
mod by_item {
    use super::SpeakersList;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(
        lists: &BTreeMap<u32, SpeakersList>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        lists
            .iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<String, &SpeakersList>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<u32, SpeakersList>, D::Error> {
        BTreeMap::<String, SpeakersList>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| {
                k.parse()
                    .map(|k| (k, v))
                    .map_err(|_| serde::de::Error::custom(format!("agenda item {k:?}")))
            })
            .collect()
    }
}

impl MeetingView {
    /// The list of the item under discussion.
    pub fn current_list(&self) -> Option<&SpeakersList> {
        self.lists.get(&self.current_item.unwrap_or(0))
    }

    /// Whether `p` holds the chair's powers: the chair, or the secretary of
    /// the meeting (any member of the secretariat when none is named).
    pub fn presides(&self, p: &Participant) -> bool {
        match p.role {
            MeetingRole::Chair => true,
            MeetingRole::Secretariat => self.secretary.is_none_or(|s| s == p.user),
            MeetingRole::Delegate | MeetingRole::Interpreter => false,
        }
    }
}

/// What the server sends on the meeting's websocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// First message: the seat, the token that reclaims it after a lost
    /// connection, and the whole state at `version`.
    Welcome {
        protocol: u32,
        you: ParticipantId,
        resume_token: String,
        /// How long a lost seat is held for `resume_token`.
        grace_ms: u64,
        version: u64,
        state: MeetingView,
        server_time: Millis,
    },
    /// The whole state again: the answer to `sync` (with its id), or sent
    /// unasked (no id) when updates were missed.
    State {
        id: Option<RequestId>,
        version: u64,
        state: MeetingView,
    },
    /// Changes, in version order; a gap in versions means "expect `state`".
    Update {
        version: u64,
        events: Vec<Event>,
        server_time: Millis,
    },
    Ack {
        id: RequestId,
    },
    Pong {
        id: RequestId,
    },
    /// A refused request (`id` is absent when the message could not be read).
    Error {
        id: Option<RequestId>,
        code: SignalError,
        message: String,
    },
    /// In the media room; configure the peer connection with `ice_servers`.
    MediaJoined {
        id: RequestId,
        ice_servers: Vec<IceServer>,
        /// The server's offer of the tracks already published comes next:
        /// answer it before sending an offer of your own (so the first
        /// exchange never collides).
        #[serde(default)]
        offer_follows: bool,
    },
    /// Fresh ICE servers for the media room (TURN credentials are short-lived
    /// and renewed while the seat lasts): give them to the peer connection
    /// (`setConfiguration`) so a later ICE restart can still relay.
    IceServers {
        ice_servers: Vec<IceServer>,
    },
    /// The server's answer to a `media_offer`.
    MediaAnswer {
        id: RequestId,
        sdp: String,
    },
    /// The tracks sent to this participant changed; answer with `media_answer`.
    /// `tracks` lists every track the connection carries after it.
    MediaOffer {
        sdp: String,
        tracks: Vec<ForwardedTrack>,
    },
    /// A trickled ICE candidate of the server's.
    MediaCandidate {
        candidate: IceCandidate,
    },
    /// Another node carries this meeting's media: open `url` (a websocket,
    /// valid one minute, used once) and send the media messages there; the
    /// meeting's own websocket stays as it is.
    MediaElsewhere {
        id: RequestId,
        url: String,
    },
    /// Who is speaking now (from the audio levels the browsers send).
    ActiveSpeaker {
        participant: Option<ParticipantId>,
    },
    /// Whose cameras this connection receives, in the order to show them
    /// (the floor holder, those who preside, the latest speakers); the
    /// others' are not forwarded: show their names instead.
    VideosShown {
        participants: Vec<ParticipantId>,
    },
    /// The server closed this participant's media connection; `media_join` again.
    MediaClosed {
        code: SignalError,
        message: String,
    },
    /// The server ends the connection after this; `code` says why.
    Goodbye {
        code: SignalError,
        message: String,
    },
}

/// Stable error codes on the websocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalError {
    /// Not JSON, or not a message of this protocol.
    BadMessage,
    /// Larger than the server accepts.
    TooLarge,
    /// Too many messages; slow down (a sustained flood closes the connection).
    RateLimited,
    NotChair,
    NoSuchParticipant,
    InLobby,
    NotInProgress,
    Adjourned,
    MeetingFull,
    /// This user already holds as many seats in the meeting as allowed:
    /// close another window, or wait for a lost one to be released.
    TooManySeats,
    InvalidTransition,
    AlreadyInscribed,
    ListEmpty,
    /// The list is closed to statements.
    ListClosed,
    /// The delegation has used its rights of reply under this item.
    ReplyLimit,
    /// Rights of reply come once the list of statements is exhausted.
    RepliesAfterList,
    /// Nobody of the line's delegation is seated in the meeting.
    SpeakerAbsent,
    /// Delegates write to everyone or to those who preside.
    PrivateToPresiding,
    BadChat,
    /// A value out of its range (see the message).
    BadValue,
    /// Live state could not be reached; retry.
    Unavailable,
    /// The chair removed or refused this participant.
    Removed,
    /// The same seat was taken up by a newer connection.
    Replaced,
    /// The participant's role changed: join again (a resume token no
    /// longer holds the seat) to take the seat with the new role.
    Reseat,
    /// No message for too long.
    IdleTimeout,
    /// The server is shutting down; reconnect (with the resume token).
    ShuttingDown,
    /// Not in the media room: send `media_join` first.
    NotInMedia,
    /// The media room holds no more connections.
    MediaFull,
    /// The SDP or ICE candidate could not be used (see the message).
    BadSdp,
    /// The server's offer is waiting for an answer: answer it, then offer again.
    Glare,
    /// The media connection did not answer an offer, or went silent.
    MediaTimeout,
    /// A vote is open: this waits for its close (points of order on the
    /// conduct of the vote are still heard).
    VotingInProgress,
    /// No vote of this number is open.
    NoVote,
    /// Only delegates of member states entitled to vote in the meeting,
    /// seated in it, vote (never observers, staff or the chair).
    NotEntitled,
    /// The delegation already cast its secret ballot.
    AlreadyVoted,
    /// A roll-call: the delegation votes when it is called.
    NotYourTurn,
    /// The choice does not exist in this vote, or the ballot names more
    /// candidates than there are seats.
    BadBallot,
    /// This interpreter is not booked for any booth of this meeting.
    NotBooked,
    /// The meeting is not interpreted into that language.
    NoBooth,
    /// Only an interpreter at the booth (on air, for a handover) does this.
    NotAtBooth,
    /// The booth's partner is on air: ask for a handover instead.
    OnAirTaken,
    /// No handover was asked of this interpreter.
    NoHandover,
    /// A booth cannot take relay from itself or from a booth relaying it.
    RelayLoop,
    /// Interpreters take no part in the debate (hands, the list of speakers).
    Interpreting,
    /// A viewer watches and listens: it neither acts nor publishes.
    Viewing,
}
