//! Live-meeting vocabulary shared by the signaling service and the browser:
//! who is in a meeting, the list of speakers, the floor, hands and chat.
//!
//! The websocket messages that carry these (one client enum, one server
//! enum, each request with an id) build on these types.

use crate::ids::{DelegationId, UserId};
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch. Time enters the meeting logic only as
/// an argument, so it is tested without clocks.
pub type Millis = u64;

/// A seat in a live meeting: one user's presence, kept across reconnects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParticipantId(pub u64);

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
}

/// Why a delegation asks for the floor. Points of order come before rights
/// of reply, which come before the ordinary list, as UN bodies run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    PointOfOrder,
    RightOfReply,
    Statement,
}

/// One line on the list of speakers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inscription {
    pub participant: ParticipantId,
    pub delegation: Option<DelegationId>,
    pub kind: SpeakerKind,
    pub inscribed_at: Millis,
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
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub from: ParticipantId,
    pub name: String,
    pub text: String,
    pub sent_at: Millis,
}
