//! The rules of a running meeting: presence and the lobby, the chair's
//! powers (held also by the secretary of the meeting), raised hands, the
//! lists of speakers by agenda item (their order is `speakers`), the floor
//! and its time limit, and chat, private to those who preside or not.
//!
//! Architecture invariant: no I/O and no clock. Every change is a call that
//! takes the current time and returns the events everyone must see, so the
//! same state can live in process or be stored in Redis and applied by any node.

use crate::interpretation::{self as interp, InterpretationError};
use crate::sfu::Stage;
use crate::speakers::{self, ListError, Speaker};
use crate::votes::{self, Ballot, Tally, VoteError};
use plenary_protocol::api::{Language, MeetingStatus};
use plenary_protocol::signal::*;
pub use plenary_protocol::signal::{Command, Event};
use plenary_protocol::vote::{Cast, Vote, VoteKind, VoteResult, VoteSpec, Voted, Voter};
use plenary_protocol::{DelegationId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

/// Limits and timings of one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Speaking time per turn; `None` for no limit.
    pub speaking_limit_ms: Option<u64>,
    /// How long before the limit the speaker is warned.
    pub warn_before_ms: u64,
    /// Chat messages kept for late joiners.
    pub chat_history: usize,
    /// Longest chat message, in characters.
    pub max_chat_chars: usize,
    /// Most participants, lobby included.
    pub max_participants: usize,
    /// Items on the meeting's agenda; the chair takes them up by position.
    #[serde(default)]
    pub agenda_items: u32,
    /// Seats one user may hold at once (a laptop and a phone, a window
    /// reopened before the old seat's grace ended): one account cannot fill
    /// the meeting.
    #[serde(default = "default_seats_per_user")]
    pub max_seats_per_user: usize,
    /// Rights of reply a delegation has per agenda item, and the speaking
    /// time of each: the General Assembly's two, ten minutes then five.
    #[serde(default = "default_reply_limits")]
    pub reply_limits_ms: Vec<u64>,
}

fn default_seats_per_user() -> usize {
    3
}

fn default_reply_limits() -> Vec<u64> {
    vec![10 * 60_000, 5 * 60_000]
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            speaking_limit_ms: Some(5 * 60_000),
            warn_before_ms: 30_000,
            chat_history: 200,
            max_chat_chars: 2000,
            max_participants: 1000,
            agenda_items: 0,
            max_seats_per_user: default_seats_per_user(),
            reply_limits_ms: default_reply_limits(),
        }
    }
}

/// Why a command was refused. `code` is stable and sent to the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("only the chair may do this")]
    NotChair,
    #[error("no such participant in this meeting")]
    NoSuchParticipant,
    #[error("waiting in the lobby until the chair admits you")]
    InLobby,
    #[error("the chair refused you a seat in this meeting")]
    Refused,
    #[error("the meeting is not in progress")]
    NotInProgress,
    #[error("the meeting is adjourned")]
    Adjourned,
    #[error("the meeting is full")]
    Full,
    #[error("you already hold {max} seats in this meeting; close another window, or wait a minute for a lost one to be released")]
    TooManySeats { max: usize },
    #[error("the meeting cannot go from {from} to {to}")]
    InvalidTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error("your delegation is already on the list")]
    AlreadyInscribed,
    #[error("nobody is on the list of speakers")]
    ListEmpty,
    #[error("chat messages must have text, at most {max} characters, without control characters")]
    BadChat { max: usize },
    #[error("a speaking time limit is 1 second to 1 hour")]
    BadLimit,
    #[error("the agenda has no item at this position")]
    NoSuchItem,
    #[error("a decision needs text of at most 2000 characters, without control characters, and vote counts of at most 10000")]
    BadDecision,
    #[error("the list of speakers is closed")]
    ListClosed,
    #[error("your delegation has used its rights of reply under this item")]
    ReplyLimit,
    #[error("rights of reply are heard once the list of speakers is exhausted")]
    RepliesAfterList,
    #[error("nobody of that delegation is seated in the meeting")]
    SpeakerAbsent,
    #[error("no such line on the list of speakers")]
    NoSuchLine,
    #[error("that place is outside the lines of its kind")]
    BadPlace,
    #[error("delegates write to everyone or to the chair and the secretariat")]
    PrivateToPresiding,
    #[error("a vote is open: this waits for its close (points of order on the conduct of the vote are heard)")]
    VotingInProgress,
    #[error("no vote of this number is open")]
    NoVote,
    #[error("only a delegate of a member state entitled to vote in this meeting votes, for their delegation")]
    NotEntitled,
    #[error("your delegation has cast its ballot; a secret ballot cannot be changed")]
    AlreadyVoted,
    #[error("this is a roll-call: your delegation votes when it is called")]
    NotYourTurn,
    #[error("{0}")]
    Vote(VoteError),
    #[error("a vote is opened, cast and closed through the ballot box")]
    ThroughBallotBox,
    #[error("you are not booked to interpret in this meeting")]
    NotBooked,
    #[error("this meeting is not interpreted into that language")]
    NoBooth,
    #[error("{0}")]
    Interpretation(InterpretationError),
    #[error("interpreters take no part in the debate")]
    Interpreting,
}

impl From<InterpretationError> for MeetingError {
    fn from(e: InterpretationError) -> Self {
        match e {
            InterpretationError::NoBooth => MeetingError::NoBooth,
            other => MeetingError::Interpretation(other),
        }
    }
}

impl From<VoteError> for MeetingError {
    fn from(e: VoteError) -> Self {
        MeetingError::Vote(e)
    }
}

impl From<ListError> for MeetingError {
    fn from(e: ListError) -> Self {
        match e {
            ListError::AlreadyInscribed => MeetingError::AlreadyInscribed,
            ListError::Closed => MeetingError::ListClosed,
            ListError::ReplyLimit => MeetingError::ReplyLimit,
            ListError::NoSuchLine => MeetingError::NoSuchLine,
            ListError::BadPlace => MeetingError::BadPlace,
        }
    }
}

impl MeetingError {
    /// The code sent on the websocket.
    pub fn signal(&self) -> SignalError {
        match self {
            MeetingError::NotChair => SignalError::NotChair,
            MeetingError::NoSuchParticipant => SignalError::NoSuchParticipant,
            MeetingError::InLobby => SignalError::InLobby,
            MeetingError::Refused => SignalError::Removed,
            MeetingError::NotInProgress => SignalError::NotInProgress,
            MeetingError::Adjourned => SignalError::Adjourned,
            MeetingError::Full => SignalError::MeetingFull,
            MeetingError::TooManySeats { .. } => SignalError::TooManySeats,
            MeetingError::InvalidTransition { .. } => SignalError::InvalidTransition,
            MeetingError::AlreadyInscribed => SignalError::AlreadyInscribed,
            MeetingError::ListEmpty => SignalError::ListEmpty,
            MeetingError::BadChat { .. } => SignalError::BadChat,
            MeetingError::ListClosed => SignalError::ListClosed,
            MeetingError::ReplyLimit => SignalError::ReplyLimit,
            MeetingError::RepliesAfterList => SignalError::RepliesAfterList,
            MeetingError::SpeakerAbsent => SignalError::SpeakerAbsent,
            MeetingError::PrivateToPresiding => SignalError::PrivateToPresiding,
            MeetingError::VotingInProgress => SignalError::VotingInProgress,
            MeetingError::NoVote => SignalError::NoVote,
            MeetingError::NotEntitled => SignalError::NotEntitled,
            MeetingError::AlreadyVoted => SignalError::AlreadyVoted,
            MeetingError::NotYourTurn => SignalError::NotYourTurn,
            MeetingError::Vote(VoteError::BadBallot) => SignalError::BadBallot,
            MeetingError::ThroughBallotBox => SignalError::BadMessage,
            MeetingError::NotBooked => SignalError::NotBooked,
            MeetingError::NoBooth => SignalError::NoBooth,
            MeetingError::Interpreting => SignalError::Interpreting,
            MeetingError::Interpretation(e) => match e {
                InterpretationError::OnAirTaken => SignalError::OnAirTaken,
                InterpretationError::NoHandover => SignalError::NoHandover,
                InterpretationError::RelayLoop => SignalError::RelayLoop,
                InterpretationError::NoBooth => SignalError::NoBooth,
                InterpretationError::NotInBooth
                | InterpretationError::NotOnAir
                | InterpretationError::InAnotherBooth => SignalError::NotAtBooth,
            },
            MeetingError::BadLimit
            | MeetingError::NoSuchItem
            | MeetingError::BadDecision
            | MeetingError::NoSuchLine
            | MeetingError::BadPlace
            | MeetingError::Vote(VoteError::BadSpec) => SignalError::BadValue,
        }
    }
}

/// What the meeting's record says of who may hold which seat, applied to a
/// running meeting by [`MeetingState::reconfigure`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authority {
    pub closed: bool,
    pub agenda_items: u32,
    pub chair: Option<UserId>,
    /// The secretary of the meeting; `None`: any member of the secretariat
    /// may act for the chair.
    pub secretary: Option<UserId>,
    /// The delegations a closed meeting invites.
    pub invited: BTreeSet<DelegationId>,
    /// The interpreters booked, each with their booth's language.
    pub interpreters: BTreeMap<UserId, Language>,
}

/// Who joins: what the server knows of the user from their session.
#[derive(Debug, Clone)]
pub struct Joiner {
    pub user: UserId,
    pub name: String,
    pub role: MeetingRole,
    pub delegation: Option<DelegationId>,
}

/// The whole live state of one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingState {
    pub rules: Rules,
    pub status: MeetingStatus,
    /// Closed meetings seat delegates in the lobby until the chair admits them.
    pub closed: bool,
    /// A locked meeting seats every newcomer but the chair and secretariat in the lobby.
    pub locked: bool,
    /// Only the floor holder and those who preside are heard (see
    /// [`MeetingState::microphones`]). A state written before this existed
    /// reads as informal, as its meeting sounded.
    #[serde(default)]
    pub formal: bool,
    /// Shared between copies of the state until one changes it: a change
    /// copies only the parts it touches.
    pub participants: Arc<BTreeMap<ParticipantId, Participant>>,
    /// Raised hands in the order the server received them.
    pub hands: Vec<ParticipantId>,
    /// The lists of speakers by agenda item position (0: the meeting's own,
    /// without an agenda).
    pub lists: Arc<BTreeMap<u32, SpeakersList>>,
    pub floor: Option<Floor>,
    pub chat: Arc<VecDeque<ChatMessage>>,
    /// The agenda item under discussion.
    #[serde(default)]
    pub current_item: Option<u32>,
    /// The secretary of the meeting (see [`Authority::secretary`]).
    #[serde(default)]
    pub secretary: Option<UserId>,
    next_participant: u64,
    /// Per seat: the SHA-256 of its resume token and the connection holding
    /// it. Never shown to participants.
    #[serde(default)]
    seats: Arc<BTreeMap<ParticipantId, Seat>>,
    /// Users the chair refused from the lobby: they may not join again
    /// until readmitted, so a refusal is not undone by reconnecting.
    #[serde(default)]
    refused: Arc<BTreeSet<UserId>>,
    /// The vote open now, or the last one taken.
    #[serde(default)]
    pub vote: Option<Arc<Vote>>,
    /// The booths and channels, for a meeting with interpretation.
    #[serde(default)]
    pub interpretation: Option<interp::Interpretation>,
    /// The interpreters booked, each with their booth's language.
    #[serde(default)]
    interpreters: Arc<BTreeMap<UserId, Language>>,
}

/// What keeps a seat across lost connections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub resume_hash: String,
    pub connection: u64,
    /// When the connection was lost, while it is.
    pub away_since: Option<Millis>,
}

type Outcome = Result<Vec<Event>, MeetingError>;

impl MeetingState {
    pub fn new(rules: Rules, closed: bool) -> Self {
        MeetingState {
            rules,
            status: MeetingStatus::Scheduled,
            closed,
            locked: false,
            formal: true,
            participants: Arc::new(BTreeMap::new()),
            hands: Vec::new(),
            lists: Arc::new(BTreeMap::new()),
            floor: None,
            chat: Arc::new(VecDeque::new()),
            current_item: None,
            secretary: None,
            next_participant: 1,
            seats: Arc::new(BTreeMap::new()),
            refused: Arc::new(BTreeSet::new()),
            vote: None,
            interpretation: None,
            interpreters: Arc::new(BTreeMap::new()),
        }
    }

    /// A meeting starting from its record: `authority` says who presides,
    /// `lists` the lists of speakers its items carry from earlier sittings
    /// or from before the meeting.
    pub fn start(rules: Rules, authority: &Authority, lists: BTreeMap<u32, SpeakersList>) -> Self {
        let mut state = MeetingState::new(rules, authority.closed);
        state.rules.agenda_items = authority.agenda_items;
        state.secretary = authority.secretary;
        state.book_interpreters(authority);
        state.lists = Arc::new(
            lists
                .into_iter()
                .map(|(item, list)| (item, speakers::carried_over(list)))
                .collect(),
        );
        state
    }

    /// Whether `p` holds the chair's powers: the chair, or the secretary of
    /// the meeting (any member of the secretariat when none is named).
    fn presides(&self, p: &Participant) -> bool {
        match p.role {
            MeetingRole::Chair => true,
            MeetingRole::Secretariat => self.secretary.is_none_or(|s| s == p.user),
            MeetingRole::Delegate | MeetingRole::Interpreter => false,
        }
    }

    /// The booths from the meeting's record: the interpreters booked and the
    /// languages; what changed in the booths.
    fn book_interpreters(&mut self, authority: &Authority) -> Vec<Event> {
        self.interpreters = Arc::new(authority.interpreters.clone());
        let languages: BTreeSet<Language> = authority.interpreters.values().copied().collect();
        let before = self.interpretation.as_ref().map(|i| i.view());
        match (&mut self.interpretation, languages.is_empty()) {
            (_, true) => self.interpretation = None,
            (Some(i), false) => {
                i.set_languages(languages);
            }
            (None, false) => self.interpretation = Some(interp::Interpretation::new(languages)),
        }
        self.interpretation_changed(before)
    }

    /// The event telling everyone of the booths, if they differ from `before`.
    /// What `who` hears of the meeting's audio: the floor, or the
    /// interpreter whose microphone feeds the channel they listen to (an
    /// interpreter: what their booth hears). The SFU forwards accordingly.
    pub fn hears(&self, who: ParticipantId) -> interp::Feed {
        let channel = self.participants.get(&who).and_then(|p| p.channel);
        self.hears_on(who, channel)
    }

    /// What `who` hears on `channel` (a booth's language, or `None` for
    /// the floor): a viewer's choice, kept by its connection, not here.
    pub fn hears_on(&self, who: ParticipantId, channel: Option<Language>) -> interp::Feed {
        let Some(interpretation) = &self.interpretation else {
            return interp::Feed::Floor;
        };
        let channel = channel.map_or(interp::Channel::Floor, interp::Channel::Booth);
        interpretation.hearing(who, channel)
    }

    /// What the media room forwards follows the stage: in a formal meeting
    /// only the microphones of the floor holder and of the participants who
    /// preside (the chair, and the secretary acting for the chair), whatever
    /// anyone else's browser sends; in an informal one those of the few who
    /// spoke last (the room decides that from the audio levels). Their
    /// cameras come first. Interpreters feed their channels either way.
    pub fn stage(&self) -> Stage {
        Stage {
            formal: self.formal,
            floor: self.floor.as_ref().map(|f| f.participant),
            chair: self
                .participants
                .values()
                .find(|p| p.role == MeetingRole::Chair && !p.in_lobby)
                .map(|p| p.id),
            presiding: self
                .participants
                .values()
                .filter(|p| !p.in_lobby && self.presides(p))
                .map(|p| p.id)
                .collect(),
        }
    }

    /// Whose microphone each channel's recording takes now, while the
    /// meeting sits (`None` otherwise: nothing is recorded). The floor's is
    /// the speaker holding the floor, else the chair (who speaks between
    /// speakers); a booth's is what its listeners hear: the interpreter on
    /// air, or the floor's source when the channel carries the floor.
    pub fn recording_sources(&self) -> Option<BTreeMap<interp::Channel, Option<ParticipantId>>> {
        if self.status != MeetingStatus::InProgress {
            return None;
        }
        let floor = self.floor.as_ref().map(|f| f.participant).or_else(|| {
            self.participants
                .values()
                .find(|p| p.role == MeetingRole::Chair && p.connected && !p.in_lobby)
                .map(|p| p.id)
        });
        let mut sources = BTreeMap::from([(interp::Channel::Floor, floor)]);
        if let Some(interpretation) = &self.interpretation {
            for channel in interpretation.channels() {
                let source = match interpretation.feed(channel) {
                    interp::Feed::Floor => floor,
                    interp::Feed::Interpreter(i) => Some(i),
                };
                sources.insert(channel, source);
            }
        }
        Some(sources)
    }

    fn interpretation_changed(&self, before: Option<Interpretation>) -> Vec<Event> {
        let now = self.interpretation.as_ref().map(|i| i.view());
        match now {
            Some(interpretation) if before.as_ref() != Some(&interpretation) => {
                vec![Event::InterpretationChanged { interpretation }]
            }
            _ => Vec::new(),
        }
    }

    /// Runs a change of the booths, telling everyone if anything changed.
    fn interpreting(
        &mut self,
        change: impl FnOnce(
            &mut interp::Interpretation,
        ) -> Result<Vec<interp::Change>, InterpretationError>,
    ) -> Outcome {
        let interpretation = self.interpretation.as_mut().ok_or(MeetingError::NoBooth)?;
        let before = interpretation.view();
        change(interpretation)?;
        Ok(self.interpretation_changed(Some(before)))
    }

    /// Seats a newcomer on `connection`, keeping the hash of its resume token.
    pub fn join_with(
        &mut self,
        who: Joiner,
        resume_hash: String,
        connection: u64,
    ) -> Result<(ParticipantId, Vec<Event>), MeetingError> {
        let (id, events) = self.join(who)?;
        Arc::make_mut(&mut self.seats).insert(
            id,
            Seat {
                resume_hash,
                connection,
                away_since: None,
            },
        );
        Ok((id, events))
    }

    /// Gives a held seat to a new connection presenting its resume token's
    /// hash; a connection still holding it is replaced.
    pub fn resume(
        &mut self,
        resume_hash: &str,
        connection: u64,
        user: UserId,
    ) -> Result<(ParticipantId, Vec<Event>), MeetingError> {
        // Only the user who took the seat gets it back: a token that leaked
        // to someone else buys them nothing.
        let id = self
            .seats
            .iter()
            .find(|(_, s)| s.resume_hash == resume_hash)
            .map(|(id, _)| *id)
            .filter(|id| self.participants.get(id).is_some_and(|p| p.user == user))
            .ok_or(MeetingError::NoSuchParticipant)?;
        if let Some(seat) = Arc::make_mut(&mut self.seats).get_mut(&id) {
            seat.connection = connection;
            seat.away_since = None;
        }
        if let Some(p) = Arc::make_mut(&mut self.participants).get_mut(&id) {
            p.connected = true;
        }
        Ok((
            id,
            vec![Event::Reconnected {
                participant: id,
                connection,
            }],
        ))
    }

    /// Marks a seat away when `connection` (still the one holding it) is lost.
    pub fn disconnect(&mut self, id: ParticipantId, connection: u64, now: Millis) -> Vec<Event> {
        let Some(seat) = Arc::make_mut(&mut self.seats).get_mut(&id) else {
            return Vec::new();
        };
        if seat.connection != connection || seat.away_since.is_some() {
            return Vec::new();
        }
        seat.away_since = Some(now);
        if let Some(p) = Arc::make_mut(&mut self.participants).get_mut(&id) {
            p.connected = false;
        }
        vec![Event::Disconnected { participant: id }]
    }

    /// Frees the seats whose connection has been lost for `grace_ms` or more.
    pub fn reap(&mut self, now: Millis, grace_ms: u64) -> Vec<Event> {
        let expired: Vec<ParticipantId> = self
            .seats
            .iter()
            .filter(|(_, s)| s.away_since.is_some_and(|t| now.since(t) >= grace_ms))
            .map(|(id, _)| *id)
            .collect();
        expired
            .into_iter()
            .flat_map(|id| self.leave(id, now))
            .collect()
    }

    /// When `reap` next has something to do.
    pub fn next_reap(&self, grace_ms: u64) -> Option<Millis> {
        self.seats
            .values()
            .filter_map(|s| s.away_since)
            .min()
            .map(|t| t + grace_ms)
    }

    /// The connection holding a seat.
    pub fn connection_of(&self, id: ParticipantId) -> Option<u64> {
        self.seats.get(&id).map(|s| s.connection)
    }

    /// What participants are shown (no resume secrets).
    pub fn view(&self) -> MeetingView {
        MeetingView {
            status: self.status,
            closed: self.closed,
            locked: self.locked,
            formal: self.formal,
            participants: self.participants.values().cloned().collect(),
            hands: self.hands.clone(),
            lists: (*self.lists).clone(),
            floor: self.floor.clone(),
            chat: self.chat.iter().cloned().collect(),
            speaking_limit_ms: self.rules.speaking_limit_ms,
            current_item: self.current_item,
            secretary: self.secretary,
            reply_limits_ms: self.rules.reply_limits_ms.clone(),
            vote: self.vote.as_deref().cloned(),
            interpretation: self.interpretation.as_ref().map(|i| i.view()),
        }
    }

    /// What `participant` is shown: everything once seated but the private
    /// messages of others; in the lobby, only its own waiting state (no one
    /// else, no chat, no list).
    pub fn view_for(&self, participant: ParticipantId) -> MeetingView {
        match self.participants.get(&participant) {
            Some(me) if me.in_lobby => MeetingView {
                status: self.status,
                closed: self.closed,
                locked: self.locked,
                formal: self.formal,
                participants: vec![me.clone()],
                hands: Vec::new(),
                lists: BTreeMap::new(),
                floor: None,
                chat: Vec::new(),
                speaking_limit_ms: None,
                current_item: None,
                secretary: None,
                reply_limits_ms: Vec::new(),
                vote: None,
                interpretation: None,
            },
            Some(me) => {
                let staff = me.role.is_staff();
                let mut view = self.view();
                view.chat
                    .retain(|m| m.to.reaches(m.from, participant, staff));
                view
            }
            // Not seated (a viewer): what everyone may read.
            None => {
                let mut view = self.view();
                view.chat
                    .retain(|m| m.to.reaches(m.from, participant, false));
                view
            }
        }
    }

    /// Whether `participant` waits in the lobby.
    pub fn in_lobby(&self, participant: ParticipantId) -> bool {
        self.participants
            .get(&participant)
            .is_some_and(|p| p.in_lobby)
    }

    /// Seats a newcomer, in the lobby when the meeting is closed or locked.
    pub fn join(&mut self, who: Joiner) -> Result<(ParticipantId, Vec<Event>), MeetingError> {
        if self.status == MeetingStatus::Adjourned {
            return Err(MeetingError::Adjourned);
        }
        let staff = who.role.is_staff();
        if !staff && self.refused.contains(&who.user) {
            return Err(MeetingError::Refused);
        }
        // An interpreter sits in the booth they are booked for, never in the lobby.
        let booth = match who.role {
            MeetingRole::Interpreter => Some(
                *self
                    .interpreters
                    .get(&who.user)
                    .ok_or(MeetingError::NotBooked)?,
            ),
            _ => None,
        };
        if self.participants.len() >= self.rules.max_participants {
            return Err(MeetingError::Full);
        }
        let held = self
            .participants
            .values()
            .filter(|p| p.user == who.user)
            .count();
        if held >= self.rules.max_seats_per_user {
            return Err(MeetingError::TooManySeats {
                max: self.rules.max_seats_per_user,
            });
        }
        let id = ParticipantId(self.next_participant);
        self.next_participant += 1;
        let participant = Participant {
            id,
            user: who.user,
            name: who.name,
            role: who.role,
            delegation: who.delegation,
            in_lobby: !staff && booth.is_none() && (self.closed || self.locked),
            muted_by_chair: false,
            connected: true,
            channel: None,
        };
        Arc::make_mut(&mut self.participants).insert(id, participant.clone());
        let mut events = vec![Event::Joined { participant }];
        if let Some(language) = booth {
            events.extend(self.interpreting(|i| i.enter(language, id))?);
        }
        Ok((id, events))
    }

    /// Ends every seat `user` holds: their access ended outside the meeting.
    pub fn end_access(&mut self, user: UserId, now: Millis) -> Vec<Event> {
        let seats: Vec<ParticipantId> = self
            .participants
            .values()
            .filter(|p| p.user == user)
            .map(|p| p.id)
            .collect();
        seats
            .into_iter()
            .flat_map(|id| self.unseat(id, now, Event::AccessEnded { participant: id }))
            .collect()
    }

    /// Applies what the meeting's record says now to the running meeting:
    /// its access, its agenda, its chair. A seat whose role changed is
    /// ended so that its user joins again with the new one; a delegate whose
    /// delegation a closed meeting no longer invites loses the seat (the
    /// same rule that decides who may join).
    pub fn reconfigure(&mut self, authority: &Authority, now: Millis) -> Vec<Event> {
        let mut events = Vec::new();
        if self.closed != authority.closed {
            self.closed = authority.closed;
            events.push(Event::AccessChanged {
                closed: self.closed,
            });
        }
        self.rules.agenda_items = authority.agenda_items;
        self.secretary = authority.secretary;
        let verdicts: Vec<(ParticipantId, Event)> = self
            .participants
            .values()
            .filter_map(|p| {
                let chair_now = authority.chair == Some(p.user);
                let reseat = (p.role == MeetingRole::Chair) != chair_now;
                let uninvited = p.role == MeetingRole::Delegate
                    && authority.closed
                    && !p.delegation.is_some_and(|d| authority.invited.contains(&d));
                // Unbooked, or booked in another booth: their seat was for the old one.
                let unbooked = p.role == MeetingRole::Interpreter
                    && authority.interpreters.get(&p.user) != self.interpreters.get(&p.user);
                if reseat {
                    Some((p.id, Event::Reseated { participant: p.id }))
                } else if uninvited || unbooked {
                    Some((p.id, Event::AccessEnded { participant: p.id }))
                } else {
                    None
                }
            })
            .collect();
        for (id, ending) in verdicts {
            events.extend(self.unseat(id, now, ending));
        }
        events.extend(self.book_interpreters(authority));
        events
    }

    /// Takes a seat away with what it held, ending with `ending`.
    fn unseat(&mut self, id: ParticipantId, now: Millis, ending: Event) -> Vec<Event> {
        Arc::make_mut(&mut self.seats).remove(&id);
        if Arc::make_mut(&mut self.participants).remove(&id).is_none() {
            return Vec::new();
        }
        let mut events = self.clear_seat(id, now);
        events.push(ending);
        events
    }

    /// Removes a participant with everything they held: hand, inscriptions, floor.
    pub fn leave(&mut self, id: ParticipantId, now: Millis) -> Vec<Event> {
        self.unseat(id, now, Event::Left { participant: id })
    }

    fn clear_seat(&mut self, id: ParticipantId, now: Millis) -> Vec<Event> {
        let mut events = Vec::new();
        if let Some(interpretation) = self.interpretation.as_mut() {
            let before = interpretation.view();
            interpretation.leave(id);
            events.extend(self.interpretation_changed(Some(before)));
        }
        if self.floor.as_ref().is_some_and(|f| f.participant == id) {
            events.extend(self.end_floor(now));
        }
        if self.hands.contains(&id) {
            self.hands.retain(|h| *h != id);
            events.push(self.hands_event());
        }
        // A delegation's lines stay for its other delegates (or its return);
        // the lines of staff without a delegation go with them.
        let own = Speaker {
            participant: Some(id),
            delegation: None,
        };
        let items: Vec<u32> = self.lists.keys().copied().collect();
        for item in items {
            if let Some(list) = Arc::make_mut(&mut self.lists).get_mut(&item) {
                if speakers::withdraw(list, own) {
                    events.push(self.speakers_event(item));
                }
            }
        }
        events
    }

    fn hands_event(&self) -> Event {
        Event::HandsChanged {
            hands: self.hands.clone(),
        }
    }

    fn speakers_event(&self, item: u32) -> Event {
        Event::SpeakersChanged {
            item,
            list: self.lists.get(&item).cloned().unwrap_or_default(),
        }
    }

    /// The item a list command names: the one given (which must exist), or
    /// the one under discussion (0 without one).
    fn item(&self, item: Option<u32>) -> Result<u32, MeetingError> {
        match item {
            None => Ok(self.current_item.unwrap_or(0)),
            Some(n) if (1..=self.rules.agenda_items).contains(&n) => Ok(n),
            Some(_) => Err(MeetingError::NoSuchItem),
        }
    }

    /// Changes an item's list; records the new list when `change` did something.
    fn change_list<T>(
        &mut self,
        item: u32,
        change: impl FnOnce(&mut SpeakersList) -> Result<T, ListError>,
    ) -> Outcome {
        let before = self.lists.get(&item).cloned().unwrap_or_default();
        let mut list = before.clone();
        change(&mut list)?;
        if list == before {
            return Ok(Vec::new());
        }
        Arc::make_mut(&mut self.lists).insert(item, list);
        Ok(vec![self.speakers_event(item)])
    }

    /// Applies one participant's command.
    pub fn apply(&mut self, actor: ParticipantId, command: Command, now: Millis) -> Outcome {
        let me = self
            .participants
            .get(&actor)
            .ok_or(MeetingError::NoSuchParticipant)?;
        if me.in_lobby {
            return Err(MeetingError::InLobby);
        }
        let presides = self.presides(me);
        let staff = me.role.is_staff();
        let interpreter = me.role == MeetingRole::Interpreter;
        let holds_floor = self.floor.as_ref().is_some_and(|f| f.participant == actor);
        let speaker = Speaker {
            participant: Some(actor),
            delegation: me.delegation,
        };
        let name = me.name.clone();
        if self.status == MeetingStatus::Adjourned {
            return Err(MeetingError::Adjourned);
        }
        use Command::*;
        let anyone = matches!(
            command,
            RaiseHand
                | LowerHand
                | Inscribe { .. }
                | Withdraw
                | Chat { .. }
                | ListenTo { .. }
                | FloorLanguage { .. }
        );
        let booth = matches!(
            command,
            OnAir { .. } | AskHandover { .. } | AcceptHandover | Relay { .. }
        );
        if booth && !interpreter {
            return Err(MeetingError::Interpretation(
                InterpretationError::NotInBooth,
            ));
        }
        if !anyone && !booth && !presides {
            return Err(MeetingError::NotChair);
        }
        if interpreter && matches!(command, RaiseHand | Inscribe { .. } | Withdraw) {
            return Err(MeetingError::Interpreting);
        }
        // The interpreter's booth, for the booth's commands.
        let my_booth = self
            .interpretation
            .as_ref()
            .and_then(|i| i.booth_of(actor))
            .ok_or(MeetingError::Interpretation(
                InterpretationError::NotInBooth,
            ));
        // Once voting begins nothing interrupts it but a point of order
        // on its conduct (the floor checks that).
        let interrupts = matches!(command, Suspend | Adjourn | TakeUpItem { .. });
        if interrupts && self.vote_open().is_some() {
            return Err(MeetingError::VotingInProgress);
        }
        match command {
            OpenVote { .. } | CastVote { .. } | CloseVote { .. } => {
                Err(MeetingError::ThroughBallotBox)
            }
            ListenTo { channel } => {
                if let Some(language) = channel {
                    if !self
                        .interpretation
                        .as_ref()
                        .is_some_and(|i| i.has_booth(language))
                    {
                        return Err(MeetingError::NoBooth);
                    }
                }
                let participants = Arc::make_mut(&mut self.participants);
                match participants.get_mut(&actor) {
                    Some(p) if p.channel != channel => {
                        p.channel = channel;
                        Ok(vec![Event::ChannelChosen {
                            participant: actor,
                            channel,
                        }])
                    }
                    _ => Ok(Vec::new()),
                }
            }
            FloorLanguage { language } => {
                if !presides && !holds_floor {
                    return Err(MeetingError::NotChair);
                }
                self.interpreting(|i| Ok(i.set_floor_language(language)))
            }
            OnAir { on } => {
                let booth = my_booth?;
                self.interpreting(|i| {
                    if on {
                        i.go_on_air(booth, actor)
                    } else {
                        i.go_off_air(booth, actor)
                    }
                })
            }
            AskHandover { to } => {
                let booth = my_booth?;
                self.interpreting(|i| i.ask_handover(booth, actor, to))
            }
            AcceptHandover => {
                let booth = my_booth?;
                self.interpreting(|i| i.accept_handover(booth, actor))
            }
            Relay { from } => {
                let booth = my_booth?;
                self.interpreting(|i| i.take_relay(booth, from))
            }
            CallNext { number } => self.call_next(number),
            RaiseHand => {
                self.require_in_progress()?;
                if self.hands.contains(&actor) {
                    return Ok(Vec::new());
                }
                self.hands.push(actor);
                Ok(vec![self.hands_event()])
            }
            LowerHand => {
                if !self.hands.contains(&actor) {
                    return Ok(Vec::new());
                }
                self.hands.retain(|h| *h != actor);
                Ok(vec![self.hands_event()])
            }
            Inscribe { kind, level, item } => {
                let item = self.item(item)?;
                let replies = self.rules.reply_limits_ms.len();
                self.change_list(item, |list| {
                    speakers::inscribe(list, speaker, kind, level, replies, now)
                })
            }
            Withdraw => {
                let item = self.item(None)?;
                self.change_list(item, |list| Ok(speakers::withdraw(list, speaker)))
            }
            InsertSpeaker {
                delegation,
                level,
                at,
                item,
            } => {
                let item = self.item(item)?;
                self.change_list(item, |list| {
                    speakers::insert(list, delegation, level, at, now)
                })
            }
            MoveSpeaker { line, to, item } => {
                let item = self.item(item)?;
                self.change_list(item, |list| speakers::move_line(list, line, to))
            }
            StrikeSpeaker { line, item } => {
                let item = self.item(item)?;
                self.change_list(item, |list| speakers::strike(list, line))
            }
            CloseList { closed, item } => {
                let item = self.item(item)?;
                self.change_list(item, |list| {
                    list.closed = closed;
                    Ok(())
                })
            }
            SetListLimit { limit_ms, item } => {
                check_limit(limit_ms)?;
                let item = self.item(item)?;
                self.change_list(item, |list| {
                    list.limit_ms = limit_ms;
                    Ok(())
                })
            }
            SetFloorLimit { limit_ms } => {
                check_limit(limit_ms)?;
                let floor = self.floor.as_mut().ok_or(MeetingError::NoSuchParticipant)?;
                floor.limit_ms = limit_ms;
                // The warning and the end are measured against the new limit.
                floor.warned = false;
                floor.expired = false;
                Ok(vec![Event::FloorLimitChanged { limit_ms }])
            }
            MuteAll => {
                let floor = self.floor.as_ref().map(|f| f.participant);
                let targets: Vec<ParticipantId> = self
                    .participants
                    .values()
                    .filter(|p| {
                        p.role == MeetingRole::Delegate && !p.muted_by_chair && Some(p.id) != floor
                    })
                    .map(|p| p.id)
                    .collect();
                let participants = Arc::make_mut(&mut self.participants);
                let mut events = Vec::new();
                for id in targets {
                    if let Some(p) = participants.get_mut(&id) {
                        p.muted_by_chair = true;
                        events.push(Event::MuteRequested { participant: id });
                    }
                }
                Ok(events)
            }
            StopShare { participant } => {
                if !self.participants.contains_key(&participant) {
                    return Err(MeetingError::NoSuchParticipant);
                }
                Ok(vec![Event::ShareStopped { participant }])
            }
            Chat { text, to } => {
                match to {
                    Audience::Everyone | Audience::Presiding => {}
                    Audience::Participant(p) => {
                        if !staff {
                            return Err(MeetingError::PrivateToPresiding);
                        }
                        if !self.participants.contains_key(&p) {
                            return Err(MeetingError::NoSuchParticipant);
                        }
                    }
                }
                self.chat(actor, name, text, to, now)
            }
            Open => self.transition(MeetingStatus::Scheduled, MeetingStatus::InProgress, now),
            Suspend => self.transition(MeetingStatus::InProgress, MeetingStatus::Suspended, now),
            Resume => self.transition(MeetingStatus::Suspended, MeetingStatus::InProgress, now),
            Adjourn => {
                let mut events = self.end_floor(now);
                self.status = MeetingStatus::Adjourned;
                self.hands.clear();
                events.push(Event::StatusChanged {
                    status: self.status,
                });
                Ok(events)
            }
            Lock { locked } => {
                self.locked = locked;
                Ok(vec![Event::LockChanged { locked }])
            }
            SetFormal { formal } => {
                if self.formal == formal {
                    return Ok(Vec::new());
                }
                self.formal = formal;
                Ok(vec![Event::FormalChanged { formal }])
            }
            Admit { participant } => {
                let p = Arc::make_mut(&mut self.participants)
                    .get_mut(&participant)
                    .ok_or(MeetingError::NoSuchParticipant)?;
                if !p.in_lobby {
                    return Ok(Vec::new());
                }
                p.in_lobby = false;
                Ok(vec![Event::Admitted { participant }])
            }
            Refuse { participant } => {
                let in_lobby = self
                    .participants
                    .get(&participant)
                    .ok_or(MeetingError::NoSuchParticipant)?
                    .in_lobby;
                if !in_lobby {
                    return Err(MeetingError::InvalidTransition {
                        from: "seated",
                        to: "refused",
                    });
                }
                if let Some(p) = Arc::make_mut(&mut self.participants).remove(&participant) {
                    Arc::make_mut(&mut self.refused).insert(p.user);
                }
                Arc::make_mut(&mut self.seats).remove(&participant);
                Ok(vec![Event::Refused { participant }])
            }
            Readmit { user } => {
                if !Arc::make_mut(&mut self.refused).remove(&user) {
                    return Ok(Vec::new());
                }
                Ok(vec![Event::Readmitted { user }])
            }
            Remove { participant } => {
                let user = self
                    .participants
                    .get(&participant)
                    .ok_or(MeetingError::NoSuchParticipant)?
                    .user;
                // Removed for the rest of the meeting: joining again is
                // refused, as after a refusal in the lobby, until readmitted.
                Arc::make_mut(&mut self.refused).insert(user);
                Ok(self.unseat(participant, now, Event::Removed { participant }))
            }
            AskMute { participant } => {
                let p = Arc::make_mut(&mut self.participants)
                    .get_mut(&participant)
                    .ok_or(MeetingError::NoSuchParticipant)?;
                p.muted_by_chair = true;
                Ok(vec![Event::MuteRequested { participant }])
            }
            Unmute { participant } => {
                let p = Arc::make_mut(&mut self.participants)
                    .get_mut(&participant)
                    .ok_or(MeetingError::NoSuchParticipant)?;
                if !p.muted_by_chair {
                    return Ok(Vec::new());
                }
                p.muted_by_chair = false;
                Ok(vec![Event::MuteLifted { participant }])
            }
            GiveFloor { participant } => self.give_floor(participant, now),
            EndFloor => Ok(self.end_floor(now)),
            SetSpeakingLimit { limit_ms } => {
                check_limit(limit_ms)?;
                self.rules.speaking_limit_ms = limit_ms;
                Ok(vec![Event::SpeakingLimitChanged { limit_ms }])
            }
            RecordDecision { text, votes } => {
                self.require_in_progress()?;
                let text = text.trim().to_string();
                let bad_char = text.chars().any(|c| c.is_control() && c != '\n');
                let too_many = votes.is_some_and(|v| {
                    [v.in_favour, v.against, v.abstaining]
                        .iter()
                        .any(|n| *n > 10_000)
                });
                if text.is_empty() || text.chars().count() > 2000 || bad_char || too_many {
                    return Err(MeetingError::BadDecision);
                }
                Ok(vec![Event::DecisionRecorded {
                    decision: Decision {
                        text,
                        votes,
                        item: self.current_item,
                        at: now,
                    },
                }])
            }
            TakeUpItem { position } => {
                if position == 0 || position > self.rules.agenda_items {
                    return Err(MeetingError::NoSuchItem);
                }
                if self.current_item == Some(position) {
                    return Ok(Vec::new());
                }
                self.current_item = Some(position);
                Ok(vec![Event::ItemTakenUp { position }])
            }
        }
    }

    /// The vote open now.
    pub fn vote_open(&self) -> Option<&Vote> {
        self.vote.as_deref().filter(|v| v.is_open())
    }

    /// Whether `actor` may put `spec` to the vote now.
    pub fn may_open(&self, actor: ParticipantId, spec: &VoteSpec) -> Result<(), MeetingError> {
        let me = self.seated(actor)?;
        if !self.presides(me) {
            return Err(MeetingError::NotChair);
        }
        self.require_in_progress()?;
        if self.vote_open().is_some() {
            return Err(MeetingError::VotingInProgress);
        }
        if spec
            .item
            .is_some_and(|i| i == 0 || i > self.rules.agenda_items)
        {
            return Err(MeetingError::NoSuchItem);
        }
        Ok(votes::check_spec(spec)?)
    }

    /// Opens vote `number` (given by the ballot box, which stored it) among
    /// `electorate`; `lot` draws where a roll-call starts.
    pub fn open_vote(
        &mut self,
        actor: ParticipantId,
        number: u32,
        spec: VoteSpec,
        electorate: Vec<Voter>,
        lot: u64,
        now: Millis,
    ) -> Outcome {
        self.may_open(actor, &spec)?;
        let roll_call =
            (spec.kind == VoteKind::RollCall).then(|| votes::roll_call(&electorate, lot));
        let vote = Vote {
            number,
            item: spec.item.or(self.current_item).unwrap_or(0),
            spec,
            electorate,
            opened_at: now,
            voted: Vec::new(),
            roll_call,
            result: None,
            closed_at: None,
        };
        self.vote = Some(Arc::new(vote.clone()));
        Ok(vec![Event::VoteOpened { vote }])
    }

    fn seated(&self, actor: ParticipantId) -> Result<&Participant, MeetingError> {
        let me = self
            .participants
            .get(&actor)
            .ok_or(MeetingError::NoSuchParticipant)?;
        if me.in_lobby {
            return Err(MeetingError::InLobby);
        }
        Ok(me)
    }

    fn open_numbered(&self, number: u32) -> Result<&Vote, MeetingError> {
        self.vote_open()
            .filter(|v| v.number == number)
            .ok_or(MeetingError::NoVote)
    }

    /// Whether `actor` may cast `cast` in vote `number`: a seated delegate
    /// of a delegation in its electorate (when called, in a roll-call),
    /// with a valid ballot. Gives the delegation and the ballot to store.
    pub fn may_cast(
        &self,
        actor: ParticipantId,
        number: u32,
        cast: &Cast,
    ) -> Result<(DelegationId, Ballot), MeetingError> {
        let me = self.seated(actor)?;
        let vote = self.open_numbered(number)?;
        let delegation = me
            .delegation
            .filter(|_| me.role == MeetingRole::Delegate)
            .filter(|d| vote.electorate.iter().any(|v| v.delegation == *d))
            .ok_or(MeetingError::NotEntitled)?;
        let ballot = votes::ballot(&vote.spec, cast)?;
        if let Some(call) = &vote.roll_call {
            if call.calling != Some(delegation) {
                return Err(MeetingError::NotYourTurn);
            }
        }
        if matches!(ballot, Ballot::Secret(_)) && vote.vote_of(delegation).is_some() {
            return Err(MeetingError::AlreadyVoted);
        }
        Ok((delegation, ballot))
    }

    /// Shows ballots the ballot box stored: who voted, and how where the
    /// kind makes it public. Casts for another vote, or after the close,
    /// change nothing.
    pub fn note_casts(&mut self, number: u32, casts: &[Voted]) -> Vec<Event> {
        let Some(vote) = self
            .vote
            .as_mut()
            .filter(|v| v.is_open() && v.number == number)
        else {
            return Vec::new();
        };
        let public = vote.spec.kind.names_voters();
        let mut changed = Vec::new();
        for cast in casts {
            let shown = Voted {
                delegation: cast.delegation,
                choice: cast.choice.filter(|_| public),
            };
            let voted = &mut Arc::make_mut(vote).voted;
            match voted.binary_search_by_key(&shown.delegation, |v| v.delegation) {
                Ok(i) if voted[i] == shown => continue,
                Ok(i) => voted[i] = shown,
                Err(i) => voted.insert(i, shown),
            }
            changed.push(shown);
        }
        if changed.is_empty() {
            return Vec::new();
        }
        vec![Event::VotesCast {
            number,
            voted: changed,
        }]
    }

    /// Members of the open vote's electorate present: seated (not in the
    /// lobby, connected or holding their seat), or having voted.
    pub fn present(&self) -> u32 {
        let Some(vote) = self.vote.as_deref() else {
            return 0;
        };
        let seated: BTreeSet<DelegationId> = self
            .participants
            .values()
            .filter(|p| !p.in_lobby && p.role == MeetingRole::Delegate)
            .filter_map(|p| p.delegation)
            .collect();
        let n = vote
            .electorate
            .iter()
            .filter(|v| seated.contains(&v.delegation) || vote.vote_of(v.delegation).is_some())
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Whether `actor` may close vote `number`; gives it.
    pub fn may_close(&self, actor: ParticipantId, number: u32) -> Result<&Vote, MeetingError> {
        let me = self.seated(actor)?;
        if !self.presides(me) {
            return Err(MeetingError::NotChair);
        }
        self.open_numbered(number)
    }

    /// The result of vote `number` counted from `tally`, with the members
    /// present now.
    pub fn count(&self, number: u32, tally: &Tally) -> Result<VoteResult, MeetingError> {
        let vote = self.open_numbered(number)?;
        Ok(votes::result(
            &vote.spec,
            &vote.electorate,
            self.present(),
            tally,
        ))
    }

    /// Closes vote `number` with the result the ballot box stored and the
    /// delegations that voted in it.
    pub fn close_vote(
        &mut self,
        actor: ParticipantId,
        number: u32,
        result: VoteResult,
        tally: &Tally,
        now: Millis,
    ) -> Outcome {
        self.may_close(actor, number)?;
        let Some(vote) = self.vote.as_mut() else {
            return Err(MeetingError::NoVote);
        };
        let vote = Arc::make_mut(vote);
        let public = vote.spec.kind.names_voters();
        let mut voted: Vec<Voted> = tally
            .casts
            .iter()
            .map(|&(delegation, choice)| Voted {
                delegation,
                choice: choice.filter(|_| public),
            })
            .collect();
        voted.sort_by_key(|v| v.delegation);
        vote.voted = voted;
        vote.result = Some(result);
        vote.closed_at = Some(now);
        if let Some(call) = vote.roll_call.as_mut() {
            call.calling = None;
        }
        Ok(vec![Event::VoteClosed { vote: vote.clone() }])
    }

    fn call_next(&mut self, number: u32) -> Outcome {
        self.open_numbered(number)?;
        let Some(vote) = self.vote.as_mut() else {
            return Err(MeetingError::NoVote);
        };
        let vote = Arc::make_mut(vote);
        let voted: BTreeSet<DelegationId> = vote.voted.iter().map(|v| v.delegation).collect();
        let Some(call) = vote.roll_call.as_mut() else {
            return Err(MeetingError::NoVote);
        };
        if call.calling.is_none() {
            return Ok(Vec::new());
        }
        votes::call_next(call, |d| voted.contains(&d));
        Ok(vec![Event::RollCallChanged {
            number,
            roll_call: call.clone(),
        }])
    }

    fn require_in_progress(&self) -> Result<(), MeetingError> {
        if self.status == MeetingStatus::InProgress {
            Ok(())
        } else {
            Err(MeetingError::NotInProgress)
        }
    }

    fn transition(&mut self, from: MeetingStatus, to: MeetingStatus, now: Millis) -> Outcome {
        if self.status != from {
            return Err(MeetingError::InvalidTransition {
                from: self.status.as_str(),
                to: to.as_str(),
            });
        }
        // A suspension ends the current turn: the floor does not survive a break.
        let mut events = if to == MeetingStatus::Suspended {
            self.end_floor(now)
        } else {
            Vec::new()
        };
        self.status = to;
        events.push(Event::StatusChanged { status: to });
        Ok(events)
    }

    fn chat(
        &mut self,
        from: ParticipantId,
        name: String,
        text: String,
        to: Audience,
        now: Millis,
    ) -> Outcome {
        let text = text.trim().to_string();
        let max = self.rules.max_chat_chars;
        let bad_char = text.chars().any(|c| c.is_control() && c != '\n');
        if text.is_empty() || text.chars().count() > max || bad_char {
            return Err(MeetingError::BadChat { max });
        }
        let message = ChatMessage {
            from,
            name,
            text,
            sent_at: now,
            to,
        };
        Arc::make_mut(&mut self.chat).push_back(message.clone());
        while self.chat.len() > self.rules.chat_history {
            Arc::make_mut(&mut self.chat).pop_front();
        }
        Ok(vec![Event::Chat { message }])
    }

    /// Gives the floor to `to`, or with `None` to the first line of the list
    /// of the item under discussion. A participant given the floor speaks on
    /// their delegation's first line, if it has one; a right of reply only
    /// once no statement waits.
    fn give_floor(&mut self, to: Option<ParticipantId>, now: Millis) -> Outcome {
        self.require_in_progress()?;
        let item = self.current_item.unwrap_or(0);
        let list = self.lists.get(&item).cloned().unwrap_or_default();
        let (participant, line) = match to {
            Some(p) => {
                let who = self
                    .participants
                    .get(&p)
                    .filter(|x| !x.in_lobby)
                    .ok_or(MeetingError::NoSuchParticipant)?;
                let mine = Speaker {
                    participant: Some(p),
                    delegation: who.delegation,
                };
                let line = list
                    .lines
                    .iter()
                    .find(|l| match (mine.delegation, l.delegation) {
                        (Some(a), Some(b)) => a == b,
                        (None, None) => l.participant == Some(p),
                        _ => false,
                    })
                    .cloned();
                (p, line)
            }
            None => {
                let next = list.lines.first().ok_or(MeetingError::ListEmpty)?;
                (self.speaker_of(next)?, Some(next.clone()))
            }
        };
        let kind = line.as_ref().map_or(SpeakerKind::Statement, |l| l.kind);
        if kind != SpeakerKind::PointOfOrder && self.vote_open().is_some() {
            return Err(MeetingError::VotingInProgress);
        }
        if kind == SpeakerKind::RightOfReply && speakers::statements_waiting(&list) {
            return Err(MeetingError::RepliesAfterList);
        }
        let limit_ms = match kind {
            SpeakerKind::RightOfReply => speakers::reply_limit(
                &list,
                line.as_ref().and_then(|l| l.delegation),
                &self.rules.reply_limits_ms,
            )
            .or(self.rules.speaking_limit_ms),
            _ => list.limit_ms.or(self.rules.speaking_limit_ms),
        };
        let mut events = self.end_floor(now);
        // Taking the floor answers the request: the line and the hand go.
        if let Some(line) = &line {
            events.extend(self.change_list(item, |l| speakers::take(l, line.line))?);
        }
        if self.hands.contains(&participant) {
            self.hands.retain(|h| *h != participant);
            events.push(self.hands_event());
        }
        let floor = Floor {
            participant,
            kind,
            started_at: now,
            limit_ms,
            warned: false,
            expired: false,
        };
        self.floor = Some(floor.clone());
        events.push(Event::FloorGiven { floor });
        // Whoever has the floor must be heard: the chair's mute goes.
        if let Some(p) = Arc::make_mut(&mut self.participants)
            .get_mut(&participant)
            .filter(|p| p.muted_by_chair)
        {
            p.muted_by_chair = false;
            events.push(Event::MuteLifted { participant });
        }
        Ok(events)
    }

    /// Who speaks for a line: who inscribed it, if still seated; otherwise a
    /// seated delegate of its delegation (connected ones first).
    fn speaker_of(&self, line: &Inscription) -> Result<ParticipantId, MeetingError> {
        let seated = |p: &&Participant| !p.in_lobby;
        if let Some(p) = line
            .participant
            .and_then(|id| self.participants.get(&id))
            .filter(seated)
        {
            return Ok(p.id);
        }
        let delegation = line.delegation.ok_or(MeetingError::SpeakerAbsent)?;
        self.participants
            .values()
            .filter(seated)
            .filter(|p| p.delegation == Some(delegation) && p.role == MeetingRole::Delegate)
            .max_by_key(|p| (p.connected, std::cmp::Reverse(p.id)))
            .map(|p| p.id)
            .ok_or(MeetingError::SpeakerAbsent)
    }

    fn end_floor(&mut self, now: Millis) -> Vec<Event> {
        let Some(floor) = self.floor.take() else {
            return Vec::new();
        };
        let spoke_ms = now.since(floor.started_at);
        let overrun_ms = floor
            .limit_ms
            .map_or(0, |limit| spoke_ms.saturating_sub(limit));
        vec![Event::FloorEnded {
            participant: floor.participant,
            spoke_ms,
            overrun_ms,
        }]
    }

    /// When `tick` next has something to say, if ever.
    pub fn next_deadline(&self) -> Option<Millis> {
        let floor = self.floor.as_ref()?;
        let limit = floor.limit_ms?;
        if !floor.warned && limit > self.rules.warn_before_ms {
            Some(floor.started_at + limit - self.rules.warn_before_ms)
        } else if !floor.expired {
            Some(floor.started_at + limit)
        } else {
            None
        }
    }

    /// Emits the speaking-time events that are due at `now`, each once.
    pub fn tick(&mut self, now: Millis) -> Vec<Event> {
        let warn_before = self.rules.warn_before_ms;
        let Some(floor) = self.floor.as_mut() else {
            return Vec::new();
        };
        let Some(limit) = floor.limit_ms else {
            return Vec::new();
        };
        let end = floor.started_at + limit;
        let mut events = Vec::new();
        if !floor.warned && limit > warn_before && now >= end - warn_before {
            floor.warned = true;
            if now < end {
                events.push(Event::TimeWarning {
                    participant: floor.participant,
                    remaining_ms: end.since(now),
                });
            }
        }
        if !floor.expired && now >= end {
            floor.warned = true;
            floor.expired = true;
            events.push(Event::TimeExpired {
                participant: floor.participant,
            });
        }
        events
    }
}

/// A speaking time limit: 1 s to 1 h, or none.
fn check_limit(limit_ms: Option<u64>) -> Result<(), MeetingError> {
    if limit_ms.is_some_and(|l| !(1_000..=3_600_000).contains(&l)) {
        return Err(MeetingError::BadLimit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uuid(n: u128) -> uuid::Uuid {
        uuid::Uuid::from_u128(n)
    }

    fn joiner(n: u128, role: MeetingRole, delegation: Option<u128>) -> Joiner {
        Joiner {
            user: UserId(uuid(n)),
            name: format!("P{n}"),
            role,
            delegation: delegation.map(|d| DelegationId(uuid(1000 + d))),
        }
    }

    /// An open meeting with a chair and three delegates of delegations 1, 2, 3.
    fn open_meeting(rules: Rules) -> (MeetingState, ParticipantId, Vec<ParticipantId>) {
        let mut m = MeetingState::new(rules, false);
        let (chair, _) = m
            .join(joiner(1, MeetingRole::Chair, None))
            .expect("chair joins");
        let delegates = (1..=3)
            .map(|d| {
                m.join(joiner(10 + d, MeetingRole::Delegate, Some(d)))
                    .expect("joins")
                    .0
            })
            .collect();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        (m, chair, delegates)
    }

    fn order(m: &MeetingState) -> Vec<(ParticipantId, SpeakerKind)> {
        lines(m)
            .iter()
            .map(|s| (s.participant.expect("inscribed live"), s.kind))
            .collect()
    }

    /// The lines of the list of the item under discussion.
    fn lines(m: &MeetingState) -> Vec<Inscription> {
        m.view()
            .current_list()
            .map(|l| l.lines.clone())
            .unwrap_or_default()
    }

    fn inscribe(kind: SpeakerKind) -> Command {
        Command::Inscribe {
            kind,
            level: SpeakerLevel::Other,
            item: None,
        }
    }

    #[test]
    fn the_chair_records_decisions_under_the_current_item() {
        let (mut m, chair, d) = open_meeting(Rules {
            agenda_items: 2,
            ..Rules::default()
        });
        m.apply(chair, Command::TakeUpItem { position: 2 }, Millis(1))
            .expect("item");
        let votes = Some(Votes {
            in_favour: 120,
            against: 3,
            abstaining: 45,
        });
        let events = m
            .apply(
                chair,
                Command::RecordDecision {
                    text: " Draft resolution A/C.2/57/L.12 was adopted. ".into(),
                    votes,
                },
                Millis(5),
            )
            .expect("decision");
        assert_eq!(
            events,
            vec![Event::DecisionRecorded {
                decision: Decision {
                    text: "Draft resolution A/C.2/57/L.12 was adopted.".into(),
                    votes,
                    item: Some(2),
                    at: Millis(5),
                }
            }]
        );
        let decide = |text: &str, votes| Command::RecordDecision {
            text: text.into(),
            votes,
        };
        for bad in [
            decide("", None),
            decide(&"x".repeat(2001), None),
            decide("a\u{0}b", None),
            decide(
                "ok",
                Some(Votes {
                    in_favour: 10_001,
                    against: 0,
                    abstaining: 0,
                }),
            ),
        ] {
            assert_eq!(
                m.apply(chair, bad, Millis(6)),
                Err(MeetingError::BadDecision)
            );
        }
        assert_eq!(
            m.apply(d[0], decide("mine", None), Millis(7)),
            Err(MeetingError::NotChair)
        );
    }

    #[test]
    fn the_chair_takes_up_agenda_items_that_exist() {
        let (mut m, chair, d) = open_meeting(Rules {
            agenda_items: 2,
            ..Rules::default()
        });
        assert_eq!(
            m.apply(chair, Command::TakeUpItem { position: 2 }, Millis(1)),
            Ok(vec![Event::ItemTakenUp { position: 2 }])
        );
        assert_eq!(m.view().current_item, Some(2));
        // Taking up the current item again changes nothing.
        assert_eq!(
            m.apply(chair, Command::TakeUpItem { position: 2 }, Millis(2)),
            Ok(vec![])
        );
        for position in [0, 3, u32::MAX] {
            assert_eq!(
                m.apply(chair, Command::TakeUpItem { position }, Millis(3)),
                Err(MeetingError::NoSuchItem)
            );
        }
        assert_eq!(
            m.apply(d[0], Command::TakeUpItem { position: 1 }, Millis(4)),
            Err(MeetingError::NotChair)
        );
        assert_eq!(m.current_item, Some(2));
    }

    #[test]
    fn points_of_order_come_first_and_replies_once_the_statements_are_exhausted() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        m.apply(d[0], inscribe(SpeakerKind::Statement), Millis(1))
            .expect("inscribe");
        m.apply(d[1], inscribe(SpeakerKind::Statement), Millis(2))
            .expect("inscribe");
        m.apply(d[2], inscribe(SpeakerKind::RightOfReply), Millis(3))
            .expect("inscribe");
        m.apply(d[1], inscribe(SpeakerKind::PointOfOrder), Millis(4))
            .expect("inscribe");
        use SpeakerKind::*;
        assert_eq!(
            order(&m),
            vec![
                (d[1], PointOfOrder),
                (d[0], Statement),
                (d[1], Statement),
                (d[2], RightOfReply),
            ]
        );
        assert_eq!(
            m.apply(d[0], inscribe(Statement), Millis(5)),
            Err(MeetingError::AlreadyInscribed)
        );
        let events = m
            .apply(chair, Command::GiveFloor { participant: None }, Millis(10))
            .expect("floor");
        assert!(
            matches!(events.last(), Some(Event::FloorGiven { floor }) if floor.participant == d[1] && floor.kind == PointOfOrder)
        );
        assert_eq!(
            order(&m),
            vec![(d[0], Statement), (d[1], Statement), (d[2], RightOfReply)]
        );
        // The chair cannot hear the reply ahead of the statements.
        let before = m.clone();
        assert_eq!(
            m.apply(
                chair,
                Command::GiveFloor {
                    participant: Some(d[2])
                },
                Millis(11)
            ),
            Err(MeetingError::RepliesAfterList)
        );
        assert_eq!(m, before);
        for t in [12, 13] {
            m.apply(chair, Command::GiveFloor { participant: None }, Millis(t))
                .expect("statement");
        }
        let events = m
            .apply(chair, Command::GiveFloor { participant: None }, Millis(14))
            .expect("reply");
        assert!(
            matches!(events.last(), Some(Event::FloorGiven { floor }) if floor.participant == d[2] && floor.kind == RightOfReply && floor.limit_ms == Some(600_000))
        );
    }

    #[test]
    fn the_floor_runs_down_warns_expires_and_records_the_overrun() {
        let rules = Rules {
            speaking_limit_ms: Some(60_000),
            warn_before_ms: 10_000,
            ..Rules::default()
        };
        let (mut m, chair, d) = open_meeting(rules);
        m.apply(d[0], inscribe(SpeakerKind::Statement), Millis(0))
            .expect("inscribe");
        m.apply(
            chair,
            Command::GiveFloor { participant: None },
            Millis(1_000),
        )
        .expect("floor");
        assert_eq!(m.next_deadline(), Some(Millis(51_000)));
        assert!(m.tick(Millis(50_999)).is_empty());
        assert_eq!(
            m.tick(Millis(51_000)),
            vec![Event::TimeWarning {
                participant: d[0],
                remaining_ms: 10_000
            }]
        );
        assert!(m.tick(Millis(55_000)).is_empty(), "warned once");
        assert_eq!(m.next_deadline(), Some(Millis(61_000)));
        assert_eq!(
            m.tick(Millis(61_500)),
            vec![Event::TimeExpired { participant: d[0] }]
        );
        assert_eq!(m.next_deadline(), None);
        let events = m
            .apply(chair, Command::EndFloor, Millis(66_000))
            .expect("end");
        assert_eq!(
            events,
            vec![Event::FloorEnded {
                participant: d[0],
                spoke_ms: 65_000,
                overrun_ms: 5_000
            }]
        );
    }

    #[test]
    fn only_the_chair_runs_the_meeting() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        for command in [
            Command::Suspend,
            Command::Adjourn,
            Command::Lock { locked: true },
            Command::GiveFloor {
                participant: Some(d[1]),
            },
            Command::Remove { participant: d[1] },
            Command::AskMute { participant: d[1] },
            Command::Unmute { participant: d[1] },
        ] {
            assert_eq!(
                m.apply(d[0], command, Millis(5)),
                Err(MeetingError::NotChair)
            );
        }
        let before = m.clone();
        assert_eq!(
            m.apply(d[0], Command::Open, Millis(5)),
            Err(MeetingError::NotChair)
        );
        assert_eq!(m, before, "a refused command changes nothing");
        m.apply(chair, Command::Suspend, Millis(6))
            .expect("suspend");
        assert_eq!(
            m.apply(d[0], Command::RaiseHand, Millis(7)),
            Err(MeetingError::NotInProgress)
        );
        m.apply(chair, Command::Resume, Millis(8)).expect("resume");
        assert!(matches!(
            m.apply(chair, Command::Resume, Millis(9)),
            Err(MeetingError::InvalidTransition { .. })
        ));
        m.apply(chair, Command::Adjourn, Millis(10))
            .expect("adjourn");
        assert_eq!(
            m.apply(d[0], Command::RaiseHand, Millis(11)),
            Err(MeetingError::Adjourned)
        );
        assert_eq!(
            m.join(joiner(99, MeetingRole::Delegate, Some(9)))
                .map(|_| ()),
            Err(MeetingError::Adjourned)
        );
    }

    #[test]
    fn hands_keep_server_order_and_leave_with_their_owner() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        m.apply(d[2], Command::RaiseHand, Millis(1)).expect("raise");
        m.apply(d[0], Command::RaiseHand, Millis(2)).expect("raise");
        assert!(m
            .apply(d[0], Command::RaiseHand, Millis(3))
            .expect("again")
            .is_empty());
        m.apply(d[1], Command::RaiseHand, Millis(4)).expect("raise");
        assert_eq!(m.hands, vec![d[2], d[0], d[1]]);
        m.apply(d[0], Command::LowerHand, Millis(5)).expect("lower");
        assert_eq!(m.hands, vec![d[2], d[1]]);
        // Given the floor, the hand goes down; leaving ends the turn.
        m.apply(
            chair,
            Command::GiveFloor {
                participant: Some(d[2]),
            },
            Millis(6),
        )
        .expect("floor");
        assert_eq!(m.hands, vec![d[1]]);
        let events = m.leave(d[2], Millis(9));
        assert!(events.contains(&Event::FloorEnded {
            participant: d[2],
            spoke_ms: 3,
            overrun_ms: 0
        }));
        assert!(events.contains(&Event::Left { participant: d[2] }));
        assert!(m.floor.is_none());
    }

    #[test]
    fn one_user_holds_at_most_the_rules_seats_and_a_freed_one_can_be_taken_again() {
        let mut m = MeetingState::new(Rules::default(), false);
        let seats: Vec<ParticipantId> = (0..3)
            .map(|_| {
                m.join(joiner(5, MeetingRole::Delegate, Some(1)))
                    .expect("seat")
                    .0
            })
            .collect();
        assert_eq!(
            m.join(joiner(5, MeetingRole::Delegate, Some(1))),
            Err(MeetingError::TooManySeats { max: 3 })
        );
        // Someone else is not counted against it.
        assert!(m.join(joiner(6, MeetingRole::Delegate, Some(1))).is_ok());
        m.leave(seats[0], Millis(10));
        assert!(m.join(joiner(5, MeetingRole::Delegate, Some(1))).is_ok());
        // The chair is bounded too.
        let mut m = MeetingState::new(Rules::default(), false);
        for _ in 0..3 {
            m.join(joiner(1, MeetingRole::Chair, None)).expect("chair");
        }
        assert!(m.join(joiner(1, MeetingRole::Chair, None)).is_err());
    }

    #[test]
    fn access_ended_outside_the_meeting_takes_the_seats_and_what_they_held() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        m.apply(d[0], Command::RaiseHand, Millis(1)).expect("hand");
        let (second, _) = m
            .join(joiner(11, MeetingRole::Delegate, Some(1)))
            .expect("a second device");
        let events = m.end_access(UserId(uuid(11)), Millis(2));
        assert!(events.contains(&Event::AccessEnded { participant: d[0] }));
        assert!(events.contains(&Event::AccessEnded {
            participant: second
        }));
        assert!(m.hands.is_empty());
        assert!(!m.participants.contains_key(&d[0]) && m.connection_of(d[0]).is_none());
        assert!(
            m.end_access(UserId(uuid(11)), Millis(3)).is_empty(),
            "nothing left to end"
        );
        assert!(m.participants.contains_key(&chair));
    }

    /// An open meeting (chair, three delegates) with French and Spanish
    /// booths: users 51, 52 booked in French, 53 in Spanish, 54 nowhere.
    fn interpreted_meeting() -> (MeetingState, ParticipantId, Vec<ParticipantId>) {
        let (mut m, chair, delegates) = open_meeting(Rules::default());
        let authority = Authority {
            chair: Some(UserId(uuid(1))),
            agenda_items: 0,
            interpreters: BTreeMap::from([
                (UserId(uuid(51)), Language::Fr),
                (UserId(uuid(52)), Language::Fr),
                (UserId(uuid(53)), Language::Es),
            ]),
            ..Authority::default()
        };
        let events = m.reconfigure(&authority, Millis(1));
        assert!(matches!(
            events.as_slice(),
            [Event::InterpretationChanged { interpretation }] if interpretation.booths.len() == 2
        ));
        (m, chair, delegates)
    }

    fn booth(m: &MeetingState, language: Language) -> Booth {
        m.view()
            .interpretation
            .and_then(|i| i.booths.into_iter().find(|b| b.language == language))
            .expect("booth")
    }

    #[test]
    fn booked_interpreters_sit_in_their_booth_and_nobody_else_does() {
        let (mut m, _, _) = interpreted_meeting();
        assert_eq!(
            m.join(joiner(54, MeetingRole::Interpreter, None)).err(),
            Some(MeetingError::NotBooked)
        );
        m.closed = true;
        let (a, events) = m
            .join(joiner(51, MeetingRole::Interpreter, None))
            .expect("booked");
        assert!(
            !m.in_lobby(a),
            "a booked interpreter does not wait in the lobby"
        );
        assert!(events
            .iter()
            .any(|e| matches!(e, Event::InterpretationChanged { .. })));
        assert_eq!(booth(&m, Language::Fr).present, vec![a]);
        // Interpreters take no part in the debate, and hold no chair's power.
        for command in [Command::RaiseHand, Command::Withdraw] {
            assert_eq!(
                m.apply(a, command, Millis(2)).err(),
                Some(MeetingError::Interpreting)
            );
        }
        assert_eq!(
            m.apply(a, Command::Suspend, Millis(2)).err(),
            Some(MeetingError::NotChair)
        );
        // Leaving empties the seat at the console.
        m.leave(a, Millis(3));
        assert!(booth(&m, Language::Fr).present.is_empty());
    }

    #[test]
    fn the_booth_goes_on_air_and_hands_over_and_the_floor_takes_its_language() {
        let (mut m, chair, delegates) = interpreted_meeting();
        let a = m
            .join(joiner(51, MeetingRole::Interpreter, None))
            .expect("a")
            .0;
        let b = m
            .join(joiner(52, MeetingRole::Interpreter, None))
            .expect("b")
            .0;
        let e = m
            .join(joiner(53, MeetingRole::Interpreter, None))
            .expect("e")
            .0;
        // Only interpreters at a booth work it.
        assert_eq!(
            m.apply(delegates[0], Command::OnAir { on: true }, Millis(5))
                .err(),
            Some(MeetingError::Interpretation(
                InterpretationError::NotInBooth
            ))
        );
        m.apply(a, Command::OnAir { on: true }, Millis(5))
            .expect("on air");
        assert_eq!(booth(&m, Language::Fr).on_air, Some(a));
        assert_eq!(
            m.apply(b, Command::OnAir { on: true }, Millis(6)).err(),
            Some(MeetingError::Interpretation(
                InterpretationError::OnAirTaken
            ))
        );
        assert_eq!(
            m.apply(a, Command::AskHandover { to: e }, Millis(6)).err(),
            Some(MeetingError::Interpretation(
                InterpretationError::NotInBooth
            )),
            "a partner of another booth"
        );
        m.apply(a, Command::AskHandover { to: b }, Millis(7))
            .expect("asked");
        assert_eq!(booth(&m, Language::Fr).asked, Some(b));
        m.apply(b, Command::AcceptHandover, Millis(8))
            .expect("accepted");
        assert_eq!(booth(&m, Language::Fr).on_air, Some(b));
        // Relay: Spanish from French; French from Spanish would loop.
        m.apply(
            e,
            Command::Relay {
                from: Some(Language::Fr),
            },
            Millis(9),
        )
        .expect("relay");
        assert_eq!(
            m.apply(
                a,
                Command::Relay {
                    from: Some(Language::Es)
                },
                Millis(9)
            )
            .err(),
            Some(MeetingError::Interpretation(InterpretationError::RelayLoop))
        );
        // The floor's language: the chair or whoever holds the floor says it.
        assert_eq!(
            m.apply(
                delegates[0],
                Command::FloorLanguage {
                    language: Some(Language::Fr)
                },
                Millis(10)
            )
            .err(),
            Some(MeetingError::NotChair)
        );
        m.apply(
            chair,
            Command::GiveFloor {
                participant: Some(delegates[0]),
            },
            Millis(10),
        )
        .expect("floor");
        let events = m
            .apply(
                delegates[0],
                Command::FloorLanguage {
                    language: Some(Language::Fr),
                },
                Millis(11),
            )
            .expect("the speaker says French");
        assert!(matches!(
            events.as_slice(),
            [Event::InterpretationChanged { interpretation }] if interpretation.floor_language == Some(Language::Fr)
        ));
        let interpretation = m.interpretation.as_ref().expect("booths");
        assert_eq!(
            interpretation.feed(crate::interpretation::Channel::Booth(Language::Fr)),
            crate::interpretation::Feed::Floor
        );
    }

    #[test]
    fn listeners_choose_a_channel_the_meeting_has() {
        let (mut m, _, delegates) = interpreted_meeting();
        let d = delegates[0];
        assert_eq!(
            m.apply(
                d,
                Command::ListenTo {
                    channel: Some(Language::Ar)
                },
                Millis(5)
            )
            .err(),
            Some(MeetingError::NoBooth)
        );
        let events = m
            .apply(
                d,
                Command::ListenTo {
                    channel: Some(Language::Fr),
                },
                Millis(5),
            )
            .expect("French");
        assert_eq!(
            events,
            vec![Event::ChannelChosen {
                participant: d,
                channel: Some(Language::Fr)
            }]
        );
        assert_eq!(
            m.apply(
                d,
                Command::ListenTo {
                    channel: Some(Language::Fr)
                },
                Millis(6)
            ),
            Ok(vec![]),
            "choosing it again changes nothing"
        );
        m.apply(d, Command::ListenTo { channel: None }, Millis(7))
            .expect("the floor");
        // A meeting without interpretation has only the floor.
        let (mut plain, _, delegates) = open_meeting(Rules::default());
        assert_eq!(
            plain
                .apply(
                    delegates[0],
                    Command::ListenTo {
                        channel: Some(Language::Fr)
                    },
                    Millis(5)
                )
                .err(),
            Some(MeetingError::NoBooth)
        );
        assert_eq!(
            plain
                .apply(
                    delegates[0],
                    Command::FloorLanguage { language: None },
                    Millis(5)
                )
                .err(),
            Some(MeetingError::NotChair)
        );
    }

    #[test]
    fn each_participant_hears_their_channel_and_interpreters_their_booths_source() {
        use crate::interpretation::Feed;
        let (mut m, chair, delegates) = interpreted_meeting();
        let (d, e) = (delegates[0], delegates[1]);
        let a = m
            .join(joiner(51, MeetingRole::Interpreter, None))
            .expect("a")
            .0;
        let c = m
            .join(joiner(53, MeetingRole::Interpreter, None))
            .expect("c")
            .0;
        assert_eq!(m.hears(d), Feed::Floor, "nobody on air: the floor");
        let listen = |m: &mut MeetingState, who, language| {
            m.apply(who, Command::ListenTo { channel: language }, Millis(5))
                .expect("listen")
        };
        listen(&mut m, d, Some(Language::Fr));
        listen(&mut m, e, Some(Language::Es));
        m.apply(a, Command::OnAir { on: true }, Millis(6))
            .expect("on air");
        m.apply(c, Command::OnAir { on: true }, Millis(6))
            .expect("on air");
        assert_eq!(m.hears(d), Feed::Interpreter(a));
        assert_eq!(m.hears(e), Feed::Interpreter(c));
        assert_eq!(
            m.hears(chair),
            Feed::Floor,
            "the chair listens to the floor"
        );
        // An interpreter hears the floor whatever channel they chose, or
        // their relay.
        listen(&mut m, c, Some(Language::Fr));
        assert_eq!(m.hears(c), Feed::Floor);
        m.apply(
            c,
            Command::Relay {
                from: Some(Language::Fr),
            },
            Millis(7),
        )
        .expect("relay");
        assert_eq!(m.hears(c), Feed::Interpreter(a));
        // The floor speaks French: the French channel carries it.
        m.apply(
            chair,
            Command::FloorLanguage {
                language: Some(Language::Fr),
            },
            Millis(8),
        )
        .expect("French on the floor");
        assert_eq!(m.hears(d), Feed::Floor);
        assert_eq!(
            m.hears(c),
            Feed::Floor,
            "the relay of French is the floor too"
        );
        assert_eq!(m.hears(e), Feed::Interpreter(c));
    }

    #[test]
    fn each_channel_records_what_its_listeners_hear_while_the_meeting_sits() {
        use crate::interpretation::Channel;
        let (mut m, chair, delegates) = interpreted_meeting();
        let a = m
            .join(joiner(51, MeetingRole::Interpreter, None))
            .expect("a")
            .0;
        let sources = m.recording_sources().expect("in progress");
        assert_eq!(
            sources,
            BTreeMap::from([
                (Channel::Floor, Some(chair)),
                (Channel::Booth(Language::Es), Some(chair)),
                (Channel::Booth(Language::Fr), Some(chair)),
            ]),
            "nobody holds the floor: the chair's microphone everywhere"
        );
        m.apply(
            chair,
            Command::GiveFloor {
                participant: Some(delegates[0]),
            },
            Millis(5),
        )
        .expect("floor");
        m.apply(a, Command::OnAir { on: true }, Millis(6))
            .expect("on air");
        let sources = m.recording_sources().expect("in progress");
        assert_eq!(sources[&Channel::Floor], Some(delegates[0]));
        assert_eq!(sources[&Channel::Booth(Language::Fr)], Some(a));
        assert_eq!(sources[&Channel::Booth(Language::Es)], Some(delegates[0]));
        m.apply(chair, Command::Suspend, Millis(7))
            .expect("suspend");
        assert_eq!(
            m.recording_sources(),
            None,
            "nothing recorded between sittings"
        );
    }

    #[test]
    fn an_interpreter_no_longer_booked_loses_the_seat() {
        let (mut m, _, _) = interpreted_meeting();
        let a = m
            .join(joiner(51, MeetingRole::Interpreter, None))
            .expect("a")
            .0;
        let authority = Authority {
            chair: Some(UserId(uuid(1))),
            interpreters: BTreeMap::from([
                (UserId(uuid(51)), Language::Es),
                (UserId(uuid(53)), Language::Es),
            ]),
            ..Authority::default()
        };
        let events = m.reconfigure(&authority, Millis(9));
        assert!(events.contains(&Event::AccessEnded { participant: a }));
        let view = m.view().interpretation.expect("booths");
        assert_eq!(
            view.booths.iter().map(|b| b.language).collect::<Vec<_>>(),
            vec![Language::Es],
            "the French booth is gone"
        );
        // Booked again, now in Spanish, they may join again.
        let again = m
            .join(joiner(51, MeetingRole::Interpreter, None))
            .expect("again")
            .0;
        assert_eq!(booth(&m, Language::Es).present, vec![again]);
    }

    #[test]
    fn a_reconfigured_meeting_keeps_only_the_seats_its_record_allows() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        let authority = |chair: u128, invited: &[u128]| Authority {
            closed: true,
            agenda_items: 4,
            chair: Some(UserId(uuid(chair))),
            secretary: None,
            invited: invited
                .iter()
                .map(|d| DelegationId(uuid(1000 + *d)))
                .collect(),
            interpreters: BTreeMap::new(),
        };
        // Closed to delegations 1 and 2: delegation 3's delegate goes.
        let events = m.reconfigure(&authority(1, &[1, 2]), Millis(5));
        assert_eq!(
            events,
            vec![
                Event::AccessChanged { closed: true },
                Event::AccessEnded { participant: d[2] }
            ]
        );
        assert_eq!(m.rules.agenda_items, 4);
        assert!(
            m.reconfigure(&authority(1, &[1, 2]), Millis(6)).is_empty(),
            "idempotent"
        );
        // Delegation 1's delegate (user 11) becomes the chair: both reseat.
        let events = m.reconfigure(&authority(11, &[1, 2]), Millis(7));
        assert!(events.contains(&Event::Reseated { participant: chair }));
        assert!(events.contains(&Event::Reseated { participant: d[0] }));
        assert!(m.participants.contains_key(&d[1]));
    }

    #[test]
    fn closed_and_locked_meetings_seat_delegates_in_the_lobby() {
        let mut m = MeetingState::new(Rules::default(), true);
        let (chair, _) = m.join(joiner(1, MeetingRole::Chair, None)).expect("chair");
        let (sec, _) = m
            .join(joiner(2, MeetingRole::Secretariat, None))
            .expect("secretariat");
        let (a, _) = m
            .join(joiner(3, MeetingRole::Delegate, Some(1)))
            .expect("delegate");
        let (b, _) = m
            .join(joiner(4, MeetingRole::Delegate, Some(2)))
            .expect("delegate");
        assert!(!m.participants[&chair].in_lobby && !m.participants[&sec].in_lobby);
        assert!(m.participants[&a].in_lobby);
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        assert_eq!(
            m.apply(a, Command::RaiseHand, Millis(1)),
            Err(MeetingError::InLobby)
        );
        assert_eq!(
            m.apply(chair, Command::Admit { participant: a }, Millis(2)),
            Ok(vec![Event::Admitted { participant: a }])
        );
        assert!(m.apply(a, Command::RaiseHand, Millis(3)).is_ok());
        assert_eq!(
            m.apply(chair, Command::Refuse { participant: b }, Millis(4)),
            Ok(vec![Event::Refused { participant: b }])
        );
        assert!(!m.participants.contains_key(&b));

        let (mut open, chair, _) = open_meeting(Rules::default());
        open.apply(chair, Command::Lock { locked: true }, Millis(5))
            .expect("lock");
        let (late, _) = open
            .join(joiner(50, MeetingRole::Delegate, Some(5)))
            .expect("late");
        assert!(open.participants[&late].in_lobby);
    }

    #[test]
    fn the_lobby_sees_only_itself_and_a_refusal_lasts_until_readmitted() {
        let mut m = MeetingState::new(Rules::default(), true);
        let (chair, _) = m.join(joiner(1, MeetingRole::Chair, None)).expect("chair");
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        m.apply(
            chair,
            Command::Chat {
                text: "confidential".into(),
                to: Audience::Everyone,
            },
            Millis(1),
        )
        .expect("chat");
        let (a, _) = m
            .join(joiner(3, MeetingRole::Delegate, Some(1)))
            .expect("delegate");
        let waiting = m.view_for(a);
        assert_eq!(waiting.participants.len(), 1);
        assert_eq!(waiting.participants[0].id, a);
        assert!(waiting.chat.is_empty() && waiting.hands.is_empty());
        assert!(m.view_for(chair).chat.len() == 1 && m.view_for(chair).participants.len() == 2);
        assert!(m.in_lobby(a) && !m.in_lobby(chair));

        m.apply(chair, Command::Refuse { participant: a }, Millis(2))
            .expect("refuse");
        let again = m.join(joiner(3, MeetingRole::Delegate, Some(1)));
        assert_eq!(again.map(|(id, _)| id), Err(MeetingError::Refused));
        // Someone else from the same delegation may still ask.
        let (c, _) = m
            .join(joiner(4, MeetingRole::Delegate, Some(1)))
            .expect("a colleague");
        m.apply(chair, Command::Admit { participant: c }, Millis(3))
            .expect("admit");
        let user = UserId(uuid(3));
        assert_eq!(
            m.apply(c, Command::Readmit { user }, Millis(3)),
            Err(MeetingError::NotChair),
            "only the chair readmits"
        );
        assert_eq!(
            m.apply(chair, Command::Readmit { user }, Millis(3)),
            Ok(vec![Event::Readmitted { user }])
        );
        let (back, _) = m
            .join(joiner(3, MeetingRole::Delegate, Some(1)))
            .expect("readmitted users may ask again");
        assert!(m.in_lobby(back));
    }

    #[test]
    fn chat_is_validated_and_history_is_bounded() {
        let rules = Rules {
            chat_history: 3,
            max_chat_chars: 10,
            ..Rules::default()
        };
        let (mut m, _, d) = open_meeting(rules);
        for bad in ["", "   ", "eleven chars", "nul\0byte"] {
            assert_eq!(
                m.apply(
                    d[0],
                    Command::Chat {
                        text: bad.into(),
                        to: Audience::Everyone,
                    },
                    Millis(1)
                ),
                Err(MeetingError::BadChat { max: 10 })
            );
        }
        for i in 0..5 {
            m.apply(
                d[0],
                Command::Chat {
                    text: format!("hello {i}"),
                    to: Audience::Everyone,
                },
                Millis(i),
            )
            .expect("chat");
        }
        let kept: Vec<_> = m.chat.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(kept, vec!["hello 2", "hello 3", "hello 4"]);
    }

    #[test]
    fn removal_clears_everything_the_participant_held() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        m.apply(d[1], Command::RaiseHand, Millis(1)).expect("raise");
        m.apply(d[1], inscribe(SpeakerKind::Statement), Millis(2))
            .expect("inscribe");
        let events = m
            .apply(chair, Command::Remove { participant: d[1] }, Millis(3))
            .expect("remove");
        assert!(events.contains(&Event::Removed { participant: d[1] }));
        assert!(m.hands.is_empty());
        assert_eq!(
            m.apply(d[1], Command::RaiseHand, Millis(4)),
            Err(MeetingError::NoSuchParticipant)
        );
        // The delegation's line stays for another of its delegates; with
        // none seated, the chair cannot give it the floor.
        assert_eq!(lines(&m).len(), 1);
        assert_eq!(
            m.apply(chair, Command::GiveFloor { participant: None }, Millis(5)),
            Err(MeetingError::SpeakerAbsent)
        );
        // Removed for the rest of the meeting, until readmitted.
        assert_eq!(
            m.join(joiner(12, MeetingRole::Delegate, Some(2)))
                .map(|_| ()),
            Err(MeetingError::Refused)
        );
        let (colleague, _) = m
            .join(joiner(22, MeetingRole::Delegate, Some(2)))
            .expect("a colleague of the same delegation may come");
        let events = m
            .apply(chair, Command::GiveFloor { participant: None }, Millis(6))
            .expect("the colleague speaks on the line");
        assert!(
            matches!(events.last(), Some(Event::FloorGiven { floor }) if floor.participant == colleague)
        );
        m.apply(
            chair,
            Command::Readmit {
                user: UserId(uuid(12)),
            },
            Millis(7),
        )
        .expect("readmit");
        assert!(m.join(joiner(12, MeetingRole::Delegate, Some(2))).is_ok());
    }

    #[test]
    fn state_round_trips_through_json_for_shared_live_state() {
        let (mut m, chair, d) = open_meeting(Rules::default());
        m.apply(d[0], inscribe(SpeakerKind::Statement), Millis(1))
            .expect("inscribe");
        m.apply(chair, Command::GiveFloor { participant: None }, Millis(2))
            .expect("floor");
        let text = serde_json::to_string(&m).expect("serialise");
        let back: MeetingState = serde_json::from_str(&text).expect("deserialise");
        assert_eq!(back, m);
    }

    #[test]
    fn a_lost_seat_is_held_for_the_grace_period_then_freed() {
        let mut m = MeetingState::new(Rules::default(), false);
        let (chair, _) = m
            .join_with(joiner(1, MeetingRole::Chair, None), "c".into(), 1)
            .expect("chair");
        let (d, _) = m
            .join_with(
                joiner(2, MeetingRole::Delegate, Some(2)),
                "secret".into(),
                2,
            )
            .expect("delegate");
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        m.apply(d, inscribe(SpeakerKind::Statement), Millis(1))
            .expect("inscribe");
        // An old connection's loss does not touch a seat a newer one holds.
        assert!(m.disconnect(d, 99, Millis(5)).is_empty());
        assert_eq!(
            m.disconnect(d, 2, Millis(10)),
            vec![Event::Disconnected { participant: d }]
        );
        assert!(!m.participants[&d].connected);
        assert!(!m.view().participants.is_empty());
        assert_eq!(m.next_reap(1000), Some(Millis(1010)));
        assert!(m.reap(Millis(1009), 1000).is_empty());
        assert_eq!(
            m.resume("wrong", 3, UserId(uuid(2))),
            Err(MeetingError::NoSuchParticipant)
        );
        assert_eq!(
            m.resume("secret", 3, UserId(uuid(1))),
            Err(MeetingError::NoSuchParticipant),
            "another user's token buys nothing"
        );
        let (back, _) = m.resume("secret", 3, UserId(uuid(2))).expect("resume");
        assert_eq!(back, d);
        assert!(m.participants[&d].connected);
        assert_eq!(lines(&m).len(), 1, "the place on the list is kept");
        assert_eq!(m.connection_of(d), Some(3));
        m.disconnect(d, 3, Millis(2000));
        let events = m.reap(Millis(3000), 1000);
        assert!(events.contains(&Event::Left { participant: d }));
        assert!(!m.participants.contains_key(&d));
        assert_eq!(
            lines(&m).len(),
            1,
            "the delegation's line outlives the seat"
        );
        assert_eq!(m.next_reap(1000), None);
        assert!(
            m.resume("secret", 4, UserId(uuid(2))).is_err(),
            "a freed seat cannot be resumed"
        );
    }

    /// A meeting with a named secretary (user 2), another secretariat
    /// member (user 3), and delegates of delegations 1 to 3; two agenda items.
    fn staffed_meeting() -> (
        MeetingState,
        ParticipantId,
        ParticipantId,
        ParticipantId,
        Vec<ParticipantId>,
    ) {
        let authority = Authority {
            agenda_items: 2,
            chair: Some(UserId(uuid(1))),
            secretary: Some(UserId(uuid(2))),
            ..Authority::default()
        };
        let mut m = MeetingState::start(Rules::default(), &authority, BTreeMap::new());
        let (chair, _) = m.join(joiner(1, MeetingRole::Chair, None)).expect("chair");
        let (secretary, _) = m
            .join(joiner(2, MeetingRole::Secretariat, None))
            .expect("secretary");
        let (other, _) = m
            .join(joiner(3, MeetingRole::Secretariat, None))
            .expect("secretariat");
        let d = (1..=3)
            .map(|n| {
                m.join(joiner(10 + n, MeetingRole::Delegate, Some(n)))
                    .expect("delegate")
                    .0
            })
            .collect();
        (m, chair, secretary, other, d)
    }

    fn delegation(n: u128) -> DelegationId {
        DelegationId(uuid(1000 + n))
    }

    #[test]
    fn a_formal_meeting_opens_the_floor_and_the_presiding_microphones_only() {
        let (mut m, chair, secretary, other, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        // Who a formal meeting hears.
        let open = |m: &MeetingState| {
            let stage = m.stage();
            stage.formal.then(|| {
                let mut open = stage.presiding.clone();
                open.extend(stage.floor);
                open
            })
        };
        // Formal from the start: the chair and the secretary of the meeting.
        assert!(m.view().formal);
        assert_eq!(open(&m), Some(BTreeSet::from([chair, secretary])));
        // The chair, named apart: their camera comes before the secretary's.
        assert_eq!(m.stage().chair, Some(chair));
        assert!(!open(&m).expect("formal").contains(&other));
        m.apply(d[0], inscribe(SpeakerKind::Statement), Millis(1))
            .expect("inscribe");
        m.apply(chair, Command::GiveFloor { participant: None }, Millis(2))
            .expect("floor");
        assert_eq!(open(&m), Some(BTreeSet::from([chair, secretary, d[0]])));
        m.apply(chair, Command::EndFloor, Millis(3)).expect("end");
        assert_eq!(open(&m), Some(BTreeSet::from([chair, secretary])));
        // Only those who preside change it; the change is told to everyone.
        for who in [d[1], other] {
            assert_eq!(
                m.apply(who, Command::SetFormal { formal: false }, Millis(4)),
                Err(MeetingError::NotChair)
            );
        }
        assert!(m.view().formal);
        assert_eq!(
            m.apply(secretary, Command::SetFormal { formal: false }, Millis(5)),
            Ok(vec![Event::FormalChanged { formal: false }])
        );
        assert_eq!(open(&m), None);
        assert!(!m.view_for(d[2]).formal);
        assert_eq!(
            m.apply(chair, Command::SetFormal { formal: false }, Millis(6)),
            Ok(vec![])
        );
        assert_eq!(
            m.apply(chair, Command::SetFormal { formal: true }, Millis(7)),
            Ok(vec![Event::FormalChanged { formal: true }])
        );
        // A state written before meetings were formal reads as informal.
        let mut old = serde_json::to_value(&m).expect("json");
        old.as_object_mut().expect("object").remove("formal");
        let old: MeetingState = serde_json::from_value(old).expect("old state");
        assert!(!old.stage().formal);
    }

    #[test]
    fn the_secretary_of_the_meeting_holds_the_chairs_powers_and_no_other_staff_does() {
        let (mut m, _, secretary, other, d) = staffed_meeting();
        for command in [
            Command::Open,
            Command::MuteAll,
            Command::Lock { locked: true },
        ] {
            assert_eq!(
                m.apply(other, command.clone(), Millis(1)),
                Err(MeetingError::NotChair)
            );
            assert_eq!(
                m.apply(d[0], command.clone(), Millis(1)),
                Err(MeetingError::NotChair)
            );
            assert!(m.apply(secretary, command, Millis(1)).is_ok());
        }
        // With no secretary named, any member of the secretariat acts for the chair.
        let authority = Authority {
            agenda_items: 2,
            chair: Some(UserId(uuid(1))),
            ..Authority::default()
        };
        m.reconfigure(&authority, Millis(2));
        assert!(m
            .apply(other, Command::Lock { locked: false }, Millis(3))
            .is_ok());
        assert!(m.view().presides(&m.participants[&other]));
        assert!(!m.view().presides(&m.participants[&d[0]]));
    }

    #[test]
    fn lists_are_kept_per_item_prepared_before_the_meeting_and_carried_to_the_next_sitting() {
        let (mut m, chair, secretary, _, d) = staffed_meeting();
        // Before the meeting opens: delegations inscribe, the secretary prepares item 2.
        let on = |item| Some(item);
        m.apply(
            d[0],
            Command::Inscribe {
                kind: SpeakerKind::Statement,
                level: SpeakerLevel::Other,
                item: on(2),
            },
            Millis(1),
        )
        .expect("inscribe in advance");
        for (n, at) in [(2, 0), (3, 0)] {
            m.apply(
                secretary,
                Command::InsertSpeaker {
                    delegation: delegation(n),
                    level: SpeakerLevel::Minister,
                    at,
                    item: on(2),
                },
                Millis(2),
            )
            .expect("insert");
        }
        assert_eq!(
            m.apply(
                d[0],
                Command::Inscribe {
                    kind: SpeakerKind::Statement,
                    level: SpeakerLevel::Other,
                    item: on(3),
                },
                Millis(3),
            ),
            Err(MeetingError::NoSuchItem)
        );
        let list = m.lists[&2].clone();
        let order: Vec<_> = list.lines.iter().map(|l| l.delegation).collect();
        assert_eq!(
            order,
            vec![
                Some(delegation(3)),
                Some(delegation(2)),
                Some(delegation(1))
            ]
        );
        assert_eq!(list.order, ListOrder::ByChair);
        // Item 1's list is another list.
        assert!(!m.lists.contains_key(&1));
        m.apply(chair, Command::Open, Millis(4)).expect("open");
        m.apply(chair, Command::TakeUpItem { position: 2 }, Millis(5))
            .expect("item 2");
        let events = m
            .apply(chair, Command::GiveFloor { participant: None }, Millis(6))
            .expect("floor");
        assert!(
            matches!(events.last(), Some(Event::FloorGiven { floor }) if floor.participant == d[2])
        );
        // The next sitting starts from what is left, by delegation.
        let authority = Authority {
            agenda_items: 2,
            ..Authority::default()
        };
        let next = MeetingState::start(Rules::default(), &authority, (*m.lists).clone());
        let left: Vec<_> = next.lists[&2]
            .lines
            .iter()
            .map(|l| (l.delegation, l.participant))
            .collect();
        assert_eq!(
            left,
            vec![(Some(delegation(2)), None), (Some(delegation(1)), None)]
        );
    }

    #[test]
    fn the_chair_moves_strikes_closes_and_times_the_list_and_each_change_is_an_event() {
        let (mut m, chair, _, _, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        for (i, p) in d.iter().enumerate() {
            m.apply(*p, inscribe(SpeakerKind::Statement), Millis(i as u64))
                .expect("inscribe");
        }
        let line_of = |m: &MeetingState, p: ParticipantId| {
            lines(m)
                .iter()
                .find(|l| l.participant == Some(p))
                .map(|l| l.line)
                .expect("on the list")
        };
        let events = m
            .apply(
                chair,
                Command::MoveSpeaker {
                    line: line_of(&m, d[2]),
                    to: 0,
                    item: None,
                },
                Millis(5),
            )
            .expect("move");
        assert!(
            matches!(&events[..], [Event::SpeakersChanged { item: 0, list }] if list.lines[0].participant == Some(d[2]))
        );
        m.apply(
            chair,
            Command::StrikeSpeaker {
                line: line_of(&m, d[1]),
                item: None,
            },
            Millis(6),
        )
        .expect("strike");
        assert_eq!(
            order(&m),
            vec![
                (d[2], SpeakerKind::Statement),
                (d[0], SpeakerKind::Statement)
            ]
        );
        assert_eq!(
            m.apply(
                chair,
                Command::StrikeSpeaker {
                    line: 999,
                    item: None
                },
                Millis(6)
            ),
            Err(MeetingError::NoSuchLine)
        );
        m.apply(
            chair,
            Command::CloseList {
                closed: true,
                item: None,
            },
            Millis(7),
        )
        .expect("close");
        assert_eq!(
            m.apply(d[1], inscribe(SpeakerKind::Statement), Millis(8)),
            Err(MeetingError::ListClosed)
        );
        assert!(m
            .apply(d[1], inscribe(SpeakerKind::PointOfOrder), Millis(8))
            .is_ok());
        m.apply(
            chair,
            Command::CloseList {
                closed: false,
                item: None,
            },
            Millis(9),
        )
        .expect("reopen");
        assert!(m
            .apply(d[1], inscribe(SpeakerKind::Statement), Millis(10))
            .is_ok());
        assert_eq!(
            m.apply(
                chair,
                Command::SetListLimit {
                    limit_ms: Some(10),
                    item: None
                },
                Millis(11)
            ),
            Err(MeetingError::BadLimit)
        );
        m.apply(
            chair,
            Command::SetListLimit {
                limit_ms: Some(180_000),
                item: None,
            },
            Millis(11),
        )
        .expect("list limit");
        // The point of order first, then the statement, on the list's time.
        m.apply(chair, Command::GiveFloor { participant: None }, Millis(12))
            .expect("point of order");
        m.apply(chair, Command::GiveFloor { participant: None }, Millis(13))
            .expect("statement");
        assert_eq!(m.floor.as_ref().map(|f| f.limit_ms), Some(Some(180_000)));
        // The chair gives this speaker more time.
        assert_eq!(
            m.apply(
                chair,
                Command::SetFloorLimit {
                    limit_ms: Some(240_000)
                },
                Millis(14)
            ),
            Ok(vec![Event::FloorLimitChanged {
                limit_ms: Some(240_000)
            }])
        );
        assert_eq!(m.next_deadline(), Some(Millis(13 + 240_000 - 30_000)));
        for refused in [
            Command::MoveSpeaker {
                line: 1,
                to: 0,
                item: None,
            },
            Command::StrikeSpeaker {
                line: 1,
                item: None,
            },
            Command::CloseList {
                closed: true,
                item: None,
            },
            Command::InsertSpeaker {
                delegation: delegation(1),
                level: SpeakerLevel::Other,
                at: 0,
                item: None,
            },
            Command::SetFloorLimit { limit_ms: None },
        ] {
            assert_eq!(
                m.apply(d[0], refused, Millis(15)),
                Err(MeetingError::NotChair)
            );
        }
    }

    #[test]
    fn rights_of_reply_follow_the_bodys_limits() {
        let (mut m, chair, d) = open_meeting(Rules {
            reply_limits_ms: vec![120_000],
            ..Rules::default()
        });
        m.apply(d[0], inscribe(SpeakerKind::RightOfReply), Millis(1))
            .expect("reply");
        let events = m
            .apply(chair, Command::GiveFloor { participant: None }, Millis(2))
            .expect("floor");
        assert!(
            matches!(events.last(), Some(Event::FloorGiven { floor }) if floor.kind == SpeakerKind::RightOfReply && floor.limit_ms == Some(120_000))
        );
        assert_eq!(
            m.apply(d[0], inscribe(SpeakerKind::RightOfReply), Millis(3)),
            Err(MeetingError::ReplyLimit)
        );
        assert!(m
            .apply(d[1], inscribe(SpeakerKind::RightOfReply), Millis(3))
            .is_ok());
    }

    #[test]
    fn the_chair_mutes_all_stops_a_share_and_removes_for_the_rest_of_the_meeting() {
        let (mut m, chair, secretary, _, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        m.apply(
            chair,
            Command::GiveFloor {
                participant: Some(d[0]),
            },
            Millis(1),
        )
        .expect("floor");
        let events = m
            .apply(secretary, Command::MuteAll, Millis(2))
            .expect("mute all");
        assert_eq!(
            events,
            vec![
                Event::MuteRequested { participant: d[1] },
                Event::MuteRequested { participant: d[2] }
            ],
            "the floor holder and the staff keep their microphones"
        );
        assert!(m
            .apply(chair, Command::MuteAll, Millis(3))
            .expect("again")
            .is_empty());
        assert_eq!(
            m.apply(
                secretary,
                Command::StopShare { participant: d[1] },
                Millis(4)
            ),
            Ok(vec![Event::ShareStopped { participant: d[1] }])
        );
        assert_eq!(
            m.apply(d[0], Command::StopShare { participant: d[1] }, Millis(4)),
            Err(MeetingError::NotChair)
        );
        m.apply(secretary, Command::Remove { participant: d[2] }, Millis(5))
            .expect("remove");
        assert_eq!(
            m.join(joiner(13, MeetingRole::Delegate, Some(3)))
                .map(|_| ()),
            Err(MeetingError::Refused)
        );
    }

    #[test]
    fn private_messages_reach_the_sender_and_those_who_preside_only() {
        let (mut m, chair, secretary, other, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        m.apply(
            d[0],
            Command::Chat {
                text: "to the chair".into(),
                to: Audience::Presiding,
            },
            Millis(1),
        )
        .expect("private");
        assert_eq!(
            m.apply(
                d[0],
                Command::Chat {
                    text: "to a colleague".into(),
                    to: Audience::Participant(d[1]),
                },
                Millis(2),
            ),
            Err(MeetingError::PrivateToPresiding),
            "delegates do not write to each other privately"
        );
        m.apply(
            secretary,
            Command::Chat {
                text: "answer".into(),
                to: Audience::Participant(d[0]),
            },
            Millis(3),
        )
        .expect("the secretariat answers one delegate");
        let seen = |p| -> Vec<String> { m.view_for(p).chat.into_iter().map(|c| c.text).collect() };
        assert_eq!(seen(d[0]), vec!["to the chair", "answer"]);
        assert_eq!(seen(chair), vec!["to the chair", "answer"]);
        assert_eq!(seen(other), vec!["to the chair", "answer"]);
        assert!(seen(d[1]).is_empty() && seen(d[2]).is_empty());
    }

    fn electorate(delegations: &[u128]) -> Vec<Voter> {
        delegations
            .iter()
            .map(|&n| Voter {
                delegation: delegation(n),
                name: format!("State {n}"),
            })
            .collect()
    }

    fn vote_spec(kind: VoteKind) -> VoteSpec {
        VoteSpec {
            kind,
            title: "Draft resolution A/C.2/57/L.12".into(),
            document: None,
            item: None,
            majority: plenary_protocol::vote::Majority::Simple,
            quorum: false,
            election: None,
        }
    }

    #[test]
    fn only_those_who_preside_open_and_close_and_only_entitled_delegates_vote() {
        use plenary_protocol::vote::Choice;
        let (mut m, chair, secretary, other, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        // Delegations 1 and 2 are member states; 3 is not in the electorate (an observer).
        let members = electorate(&[1, 2]);
        let spec = vote_spec(VoteKind::Recorded);
        for who in [d[0], other] {
            assert_eq!(m.may_open(who, &spec), Err(MeetingError::NotChair));
        }
        let bad = VoteSpec {
            title: String::new(),
            ..spec.clone()
        };
        assert_eq!(
            m.may_open(chair, &bad),
            Err(MeetingError::Vote(VoteError::BadSpec))
        );
        let events = m
            .open_vote(secretary, 1, spec.clone(), members.clone(), 0, Millis(10))
            .expect("the secretary opens on the chair's behalf");
        assert!(
            matches!(&events[..], [Event::VoteOpened { vote }] if vote.number == 1 && vote.is_open())
        );
        assert_eq!(
            m.may_open(chair, &spec),
            Err(MeetingError::VotingInProgress)
        );
        // Nothing interrupts the vote but a point of order.
        for c in [
            Command::Suspend,
            Command::Adjourn,
            Command::TakeUpItem { position: 1 },
        ] {
            assert_eq!(
                m.apply(chair, c, Millis(11)),
                Err(MeetingError::VotingInProgress)
            );
        }
        assert_eq!(
            m.apply(
                chair,
                Command::GiveFloor {
                    participant: Some(d[0])
                },
                Millis(11)
            ),
            Err(MeetingError::VotingInProgress)
        );
        m.apply(
            d[1],
            Command::Inscribe {
                kind: SpeakerKind::PointOfOrder,
                level: SpeakerLevel::default(),
                item: None,
            },
            Millis(12),
        )
        .expect("a point of order");
        m.apply(chair, Command::GiveFloor { participant: None }, Millis(13))
            .expect("a point of order on the conduct of the vote is heard");

        let yes = Cast::Position(Choice::Yes);
        let (delegation_of_1, ballot) = m.may_cast(d[0], 1, &yes).expect("a member votes");
        assert_eq!(
            (delegation_of_1, ballot),
            (delegation(1), Ballot::Public(Choice::Yes))
        );
        for (who, why) in [
            (d[2], MeetingError::NotEntitled),
            (chair, MeetingError::NotEntitled),
            (secretary, MeetingError::NotEntitled),
        ] {
            assert_eq!(m.may_cast(who, 1, &yes), Err(why));
        }
        assert_eq!(m.may_cast(d[0], 2, &yes), Err(MeetingError::NoVote));
        assert_eq!(
            m.may_cast(d[0], 1, &Cast::Ballot(vec![0])),
            Err(MeetingError::Vote(VoteError::BadBallot))
        );
        let cast = [Voted {
            delegation: delegation(1),
            choice: Some(Choice::Yes),
        }];
        assert_eq!(m.note_casts(1, &cast).len(), 1);
        assert!(
            m.note_casts(1, &cast).is_empty(),
            "the same cast twice shows once"
        );
        assert_eq!(m.present(), 2);

        assert_eq!(m.may_close(d[0], 1).err(), Some(MeetingError::NotChair));
        let tally = Tally {
            casts: vec![(delegation(1), Some(Choice::Yes))],
            marks: Vec::new(),
        };
        let result = m.count(1, &tally).expect("counted");
        assert_eq!((result.yes, result.present), (1, 2));
        let events = m
            .close_vote(chair, 1, result, &tally, Millis(20))
            .expect("closed");
        let [Event::VoteClosed { vote }] = &events[..] else {
            panic!("{events:?}");
        };
        assert_eq!(vote.vote_of(delegation(1)), Some(Some(Choice::Yes)));
        assert_eq!(m.may_cast(d[1], 1, &yes), Err(MeetingError::NoVote));
        assert!(
            m.note_casts(1, &cast).is_empty(),
            "nothing counts after the close"
        );
        m.apply(chair, Command::Suspend, Millis(21))
            .expect("the meeting goes on");
    }

    #[test]
    fn a_secret_ballot_is_cast_once_and_shows_only_who_voted() {
        use plenary_protocol::vote::{Choice, Election};
        let (mut m, chair, _, _, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        let spec = VoteSpec {
            election: Some(Election {
                candidates: vec!["Ghana".into(), "Peru".into(), "Nepal".into()],
                seats: 2,
            }),
            ..vote_spec(VoteKind::Secret)
        };
        m.open_vote(chair, 4, spec, electorate(&[1, 2, 3]), 0, Millis(1))
            .expect("opened");
        assert_eq!(
            m.may_cast(d[0], 4, &Cast::Ballot(vec![0, 1, 2])),
            Err(MeetingError::Vote(VoteError::BadBallot))
        );
        let (delegation_of_1, ballot) = m
            .may_cast(d[0], 4, &Cast::Ballot(vec![2, 0]))
            .expect("valid");
        assert_eq!(ballot, Ballot::Secret(vec![0, 2]));
        // The ballot box reports who voted, never how (even if told).
        let events = m.note_casts(
            4,
            &[Voted {
                delegation: delegation_of_1,
                choice: Some(Choice::Yes),
            }],
        );
        let [Event::VotesCast { voted, .. }] = &events[..] else {
            panic!("{events:?}");
        };
        assert_eq!(voted[0].choice, None);
        assert_eq!(
            m.may_cast(d[0], 4, &Cast::Ballot(vec![1])),
            Err(MeetingError::AlreadyVoted)
        );
    }

    #[test]
    fn in_a_roll_call_a_delegation_votes_when_called() {
        use plenary_protocol::vote::Choice;
        let (mut m, chair, _, _, d) = staffed_meeting();
        m.apply(chair, Command::Open, Millis(0)).expect("open");
        // The lot draws the second in alphabetical order: State 2.
        m.open_vote(
            chair,
            1,
            vote_spec(VoteKind::RollCall),
            electorate(&[1, 2, 3]),
            1,
            Millis(1),
        )
        .expect("opened");
        let yes = Cast::Position(Choice::Yes);
        assert_eq!(m.may_cast(d[0], 1, &yes), Err(MeetingError::NotYourTurn));
        assert!(m.may_cast(d[1], 1, &yes).is_ok());
        m.note_casts(
            1,
            &[Voted {
                delegation: delegation(2),
                choice: Some(Choice::Yes),
            }],
        );
        assert_eq!(
            m.apply(d[0], Command::CallNext { number: 1 }, Millis(2)),
            Err(MeetingError::NotChair)
        );
        m.apply(chair, Command::CallNext { number: 1 }, Millis(2))
            .expect("next");
        assert!(m.may_cast(d[2], 1, &yes).is_ok(), "State 3 is called next");
        // State 3 does not answer; State 1 does; State 3 is called again.
        m.apply(chair, Command::CallNext { number: 1 }, Millis(3))
            .expect("next");
        m.note_casts(
            1,
            &[Voted {
                delegation: delegation(1),
                choice: Some(Choice::No),
            }],
        );
        let events = m
            .apply(chair, Command::CallNext { number: 1 }, Millis(4))
            .expect("next");
        let [Event::RollCallChanged { roll_call, .. }] = &events[..] else {
            panic!("{events:?}");
        };
        assert_eq!(roll_call.calling, Some(delegation(3)));
        assert!(roll_call.second_round);
        assert_eq!(roll_call.lot(), Some(delegation(2)));
    }
}
