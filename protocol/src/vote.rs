//! The words of a vote: what the chair puts to the vote and how, what a
//! delegation casts, and the result as the voting board and the minutes
//! show it. The rules that decide them are `plenary_rules::votes`.

use crate::signal::Millis;
use crate::DelegationId;
use serde::{Deserialize, Serialize};

/// How a question is decided (the General Assembly's rules 82–95).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteKind {
    /// The chair's decision that the proposal is adopted without a vote.
    WithoutVote,
    /// Totals only.
    NonRecorded,
    /// Each delegation's vote public, as the voting board shows it.
    Recorded,
    /// Delegations called one by one, from one drawn by lot.
    RollCall,
    /// Ballots kept apart from who cast them (elections, or a proposal).
    Secret,
}

impl VoteKind {
    pub const ALL: [VoteKind; 5] = [
        VoteKind::WithoutVote,
        VoteKind::NonRecorded,
        VoteKind::Recorded,
        VoteKind::RollCall,
        VoteKind::Secret,
    ];

    /// Whether each delegation's vote is public.
    pub fn names_voters(self) -> bool {
        matches!(self, VoteKind::Recorded | VoteKind::RollCall)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VoteKind::WithoutVote => "without_vote",
            VoteKind::NonRecorded => "non_recorded",
            VoteKind::Recorded => "recorded",
            VoteKind::RollCall => "roll_call",
            VoteKind::Secret => "secret",
        }
    }
}

/// The majority a proposal needs, of the members present and voting
/// (abstentions do not count as voting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Majority {
    /// More in favour than against: a tie rejects.
    #[default]
    Simple,
    /// Two thirds of those present and voting.
    TwoThirds,
    /// A stated number of votes in favour.
    AtLeast(u32),
}

/// A delegation's answer on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Yes, Choice::No, Choice::Abstain];
}

/// An election's candidates and the seats to fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Election {
    pub candidates: Vec<String>,
    pub seats: u32,
}

/// What the chair puts to the vote, and the rules it is taken by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteSpec {
    pub kind: VoteKind,
    /// "Draft resolution A/C.2/57/L.12", "Election of two Vice-Chairs".
    pub title: String,
    /// The document voted on (a draft resolution's or amendment's symbol).
    #[serde(default)]
    pub document: Option<String>,
    /// The agenda item (its position, from 1); the one under discussion when absent.
    #[serde(default)]
    pub item: Option<u32>,
    #[serde(default)]
    pub majority: Majority,
    /// Whether a majority of the members must be present for the result to stand.
    #[serde(default)]
    pub quorum: bool,
    /// Candidates and seats, for an election (a secret ballot).
    #[serde(default)]
    pub election: Option<Election>,
}

/// A delegation entitled to vote: a member state the meeting seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voter {
    pub delegation: DelegationId,
    pub name: String,
}

/// What a delegate casts for their delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cast {
    /// Yes, no or abstain on a proposal.
    Position(Choice),
    /// The candidates named on an election's ballot (their positions, from
    /// 0); none is a blank ballot, an abstention.
    Ballot(Vec<u16>),
}

/// One delegation that has voted, as everyone sees it: its vote only when
/// the kind makes votes public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voted {
    pub delegation: DelegationId,
    pub choice: Option<Choice>,
}

/// A roll-call: delegations called one by one in the English alphabetical
/// order of their names, starting with the one drawn by lot; those absent
/// at their call are called once more at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollCall {
    /// The order of the call, starting with the delegation drawn by lot.
    pub order: Vec<DelegationId>,
    /// The delegation called now; `None` once every call is made.
    pub calling: Option<DelegationId>,
    /// Delegations that did not answer their first call.
    pub recall: Vec<DelegationId>,
    /// Whether the call has reached the delegations called again.
    pub second_round: bool,
}

impl RollCall {
    /// The delegation drawn by lot: the first called.
    pub fn lot(&self) -> Option<DelegationId> {
        self.order.first().copied()
    }
}

/// How the question was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    AdoptedWithoutVote,
    Adopted,
    Rejected,
    /// Fewer than a majority of the members were present.
    NoQuorum,
    /// Every seat filled.
    Elected,
    /// Seats remain: a further ballot among the candidates named.
    FurtherBallot,
}

/// The delegations by their vote, for recorded and roll-call votes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub abstain: Vec<String>,
}

/// A candidate's votes in an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateVotes {
    pub name: String,
    pub votes: u32,
    pub elected: bool,
}

/// The result of a vote, as announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub outcome: Outcome,
    /// Members entitled to vote.
    pub members: u32,
    /// Members present (seated, or having voted) at the close.
    pub present: u32,
    /// Present and voting: in favour and against (abstentions and blank
    /// ballots do not count), or the valid ballots of an election.
    pub voting: u32,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// The votes needed to adopt, or to be elected.
    pub required: u32,
    /// The members that had to be present, when a quorum was required.
    #[serde(default)]
    pub quorum: Option<u32>,
    /// Each delegation by its vote (recorded and roll-call votes).
    #[serde(default)]
    pub names: Option<Names>,
    /// An election's ballots cast, blank ones included.
    #[serde(default)]
    pub ballots: u32,
    #[serde(default)]
    pub candidates: Vec<CandidateVotes>,
    /// Seats left unfilled, and who stands in the further ballot.
    #[serde(default)]
    pub unfilled: u32,
    #[serde(default)]
    pub further_ballot: Vec<String>,
}

/// A vote in the meeting: open, or closed with its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// From 1 within the meeting.
    pub number: u32,
    pub spec: VoteSpec,
    /// The agenda item it was taken under (0: none).
    pub item: u32,
    pub electorate: Vec<Voter>,
    pub opened_at: Millis,
    /// The delegations that have voted, by delegation id.
    pub voted: Vec<Voted>,
    #[serde(default)]
    pub roll_call: Option<RollCall>,
    #[serde(default)]
    pub result: Option<VoteResult>,
    #[serde(default)]
    pub closed_at: Option<Millis>,
}

impl Vote {
    pub fn is_open(&self) -> bool {
        self.result.is_none()
    }

    /// How `delegation` voted, as far as this view shows: `Some(None)` when
    /// it voted and its vote is not public.
    pub fn vote_of(&self, delegation: DelegationId) -> Option<Option<Choice>> {
        self.voted
            .binary_search_by_key(&delegation, |v| v.delegation)
            .ok()
            .map(|i| self.voted[i].choice)
    }

    pub fn name_of(&self, delegation: DelegationId) -> Option<&str> {
        self.electorate
            .iter()
            .find(|v| v.delegation == delegation)
            .map(|v| v.name.as_str())
    }
}
