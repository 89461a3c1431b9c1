//! The ballot box, and this node's voting board.
//!
//! Ballots are durable before anyone is told they count: a session stores
//! each in the [`BallotBox`] (SQL, provided by the server) and acknowledges
//! it only then; a vote is counted from the box when it closes. The live
//! state only shows who has voted (and how, for recorded votes): the
//! board writes the ballots stored on this node into it, many at once, so
//! a hundred and ninety-three delegations voting in one second make a few
//! live-state writes, not one each. A ballot the board never showed (its
//! node stopped) is shown again when its delegation comes back.

use crate::live::Change;
use crate::meeting::MeetingState;
use crate::node::{Node, NodeInner};
use plenary_protocol::signal::Millis;
use plenary_protocol::vote::{Choice, VoteResult, VoteSpec, Voted, Voter};
use plenary_protocol::{DelegationId, MeetingId, UserId};
use plenary_rules::votes::{Ballot, Tally};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Weak;
use tokio::sync::mpsc;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why the ballot box refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum BallotError {
    #[error("the vote is closed")]
    Closed,
    #[error("the delegation has cast its ballot")]
    AlreadyVoted,
    #[error("the ballot box is unavailable: {0}")]
    Unavailable(String),
}

/// Counts a closed vote's tally (a pure function of the rules).
pub type Count<'a> = &'a (dyn Fn(&Tally) -> VoteResult + Sync);

/// Where votes are kept: the only copy that counts.
pub trait BallotBox: Send + Sync + std::fmt::Debug + 'static {
    /// Stores a vote being opened: its number in the meeting and the
    /// delegations entitled to vote in it.
    fn open<'a>(
        &'a self,
        meeting: MeetingId,
        spec: &'a VoteSpec,
        now: Millis,
    ) -> BoxFuture<'a, Result<(u32, Vec<Voter>), BallotError>>;

    /// Forgets a vote stored by `open` that the meeting then refused to
    /// open (another opened first): nobody saw it, nobody voted in it.
    fn withdraw(&self, meeting: MeetingId, number: u32) -> BoxFuture<'_, Result<(), BallotError>>;

    /// Stores `delegation`'s ballot, cast by `by`, while the vote is open;
    /// durable when this returns. A secret ballot is kept apart from the
    /// delegation, which is only marked as having voted.
    fn cast<'a>(
        &'a self,
        meeting: MeetingId,
        number: u32,
        delegation: DelegationId,
        by: UserId,
        ballot: &'a Ballot,
        now: Millis,
    ) -> BoxFuture<'a, Result<(), BallotError>>;

    /// Whether `delegation` voted, and how if its ballot is not secret.
    fn voted(
        &self,
        meeting: MeetingId,
        number: u32,
        delegation: DelegationId,
    ) -> BoxFuture<'_, Result<Option<Option<Choice>>, BallotError>>;

    /// Closes the vote (no ballot is stored after this) and gives its
    /// result, counted by `count` the first time and stored with it, and
    /// its tally. Closing again gives the same result.
    fn close<'a>(
        &'a self,
        meeting: MeetingId,
        number: u32,
        now: Millis,
        count: Count<'a>,
    ) -> BoxFuture<'a, Result<(VoteResult, Tally), BallotError>>;
}

/// A stored ballot for the board: who voted in which vote, and how when public.
pub(crate) type Shown = (MeetingId, u32, Voted);

/// Starts the node's board: it takes every stored ballot waiting, and
/// writes each meeting's into its live state in one change.
pub(crate) fn start_board(node: Weak<NodeInner>) -> mpsc::UnboundedSender<Shown> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Shown>();
    tokio::spawn(async move {
        let mut waiting = Vec::new();
        while rx.recv_many(&mut waiting, 4096).await > 0 {
            let Some(inner) = node.upgrade() else {
                return;
            };
            let node = Node { inner };
            let mut by_vote: BTreeMap<(MeetingId, u32), Vec<Voted>> = BTreeMap::new();
            for (meeting, number, voted) in waiting.drain(..) {
                by_vote.entry((meeting, number)).or_default().push(voted);
            }
            for ((meeting, number), voted) in by_vote {
                let show: Change<'_, ()> =
                    &|s: &mut MeetingState| Ok(((), s.note_casts(number, &voted)));
                if let Err(e) = node.update(meeting, show).await {
                    // The ballots are stored and count at the close; the
                    // board shows them when their delegations come back.
                    tracing::warn!(%meeting, error = %e, "the voting board could not show {} ballots: {e}", voted.len());
                }
            }
        }
    });
    tx
}
