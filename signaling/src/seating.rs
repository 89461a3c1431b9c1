//! This node's seating board: newcomers to a meeting are seated many at a
//! time, one compare-and-set of the meeting's state per batch instead of
//! one each. A plenary's opening (hundreds arriving within seconds, on
//! several nodes) is then not a queue of writes conflicting over one key,
//! each copying the whole state, and those already seated are told of a
//! batch of newcomers in one update rather than one update per newcomer.
//! A lone newcomer is seated at once: batches form only while a write is
//! under way.

use crate::live::{Change, LiveError};
use crate::meeting::{Joiner, MeetingError, MeetingState};
use crate::node::{Node, NodeInner};
use plenary_protocol::signal::{MeetingRole, ParticipantId};
use plenary_protocol::MeetingId;
use std::collections::HashMap;
use std::sync::Weak;
use tokio::sync::{mpsc, oneshot};

/// Most newcomers of one meeting seated in one write.
const BATCH: usize = 256;

/// Why a newcomer was not seated.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SeatError {
    #[error("{0}")]
    Meeting(MeetingError),
    #[error("live meeting state is unavailable: {0}")]
    Live(String),
}

/// A newcomer waiting for a seat, and where to say which.
pub(crate) struct Seating {
    pub(crate) meeting: MeetingId,
    pub(crate) joiner: Joiner,
    pub(crate) resume_hash: String,
    pub(crate) connection: u64,
    pub(crate) reply: oneshot::Sender<Result<ParticipantId, SeatError>>,
}

/// Starts the node's board: it takes every newcomer waiting and seats each
/// meeting's in one change, in the order they came (a `Vec` per meeting
/// keeps it).
pub(crate) fn start(node: Weak<NodeInner>) -> mpsc::UnboundedSender<Seating> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Seating>();
    tokio::spawn(async move {
        let mut waiting = Vec::new();
        while rx.recv_many(&mut waiting, BATCH).await > 0 {
            let Some(inner) = node.upgrade() else {
                return;
            };
            let node = Node { inner };
            // Each meeting's batch is written at once with the others': a
            // slow write to one meeting holds up no other's newcomers.
            let mut meetings: HashMap<MeetingId, Vec<Seating>> = HashMap::new();
            for s in waiting.drain(..) {
                meetings.entry(s.meeting).or_default().push(s);
            }
            futures_util::future::join_all(
                meetings
                    .into_iter()
                    .map(|(meeting, batch)| seat(&node, meeting, batch)),
            )
            .await;
        }
    });
    tx
}

async fn seat(node: &Node, meeting: MeetingId, batch: Vec<Seating>) {
    let newcomers: Vec<(Joiner, String, u64)> = batch
        .iter()
        .map(|s| (s.joiner.clone(), s.resume_hash.clone(), s.connection))
        .collect();
    let change: Change<'_, Vec<Result<ParticipantId, MeetingError>>> =
        &|s: &mut MeetingState| Ok(seat_all(s, &newcomers));
    match node.update(meeting, change).await {
        Ok(Ok((seated, _))) => {
            for (s, result) in batch.into_iter().zip(seated) {
                let _ = s.reply.send(result.map_err(SeatError::Meeting));
            }
        }
        // `seat_all` refuses newcomers one by one, never the batch.
        Ok(Err(e)) => {
            for s in batch {
                let _ = s.reply.send(Err(SeatError::Meeting(e.clone())));
            }
        }
        Err(e) => {
            let why = e.to_string();
            if !matches!(e, LiveError::Contention(_)) {
                tracing::warn!(%meeting, error = %e, "seating {} newcomers failed: {e}", batch.len());
            }
            for s in batch {
                let _ = s.reply.send(Err(SeatError::Live(why.clone())));
            }
        }
    }
}

/// Seats each newcomer in turn: one refused leaves the state as it was
/// before it and the others seated; what each got, and every event.
fn seat_all(
    s: &mut MeetingState,
    newcomers: &[(Joiner, String, u64)],
) -> (
    Vec<Result<ParticipantId, MeetingError>>,
    Vec<plenary_protocol::signal::Event>,
) {
    let mut seated = Vec::with_capacity(newcomers.len());
    let mut events = Vec::new();
    for (joiner, hash, connection) in newcomers {
        // A join is refused before it changes anything, but for an
        // interpreter's, whose booth is entered after the seat is taken:
        // only that one is undone from a copy. (A copy of the state shares
        // the participants until the next seat is taken, which would then
        // copy them all: one copy per newcomer is what batching saves.)
        let before = (joiner.role == MeetingRole::Interpreter).then(|| s.clone());
        match s.join_with(joiner.clone(), hash.clone(), *connection) {
            Ok((id, e)) => {
                seated.push(Ok(id));
                events.extend(e);
            }
            Err(e) => {
                if let Some(before) = before {
                    *s = before;
                }
                seated.push(Err(e));
            }
        }
    }
    (seated, events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Authority, Rules};
    use plenary_protocol::UserId;

    fn joiner(n: u128, role: MeetingRole) -> (Joiner, String, u64) {
        let joiner = Joiner {
            user: UserId(uuid::Uuid::from_u128(n)),
            name: format!("User {n}"),
            role,
            delegation: None,
        };
        (joiner, format!("hash {n}"), n as u64)
    }

    #[test]
    fn a_batch_seats_each_in_turn_and_a_refusal_costs_only_its_own_seat() {
        let rules = Rules {
            max_seats_per_user: 1,
            max_participants: 3,
            ..Rules::default()
        };
        let mut s = MeetingState::start(rules, &Authority::default(), Default::default());
        let newcomers = [
            joiner(1, MeetingRole::Delegate),
            // The same user again: over their one seat.
            joiner(1, MeetingRole::Delegate),
            joiner(2, MeetingRole::Secretariat),
            // Not booked for a booth.
            joiner(3, MeetingRole::Interpreter),
            joiner(4, MeetingRole::Delegate),
            // The meeting is full.
            joiner(5, MeetingRole::Delegate),
        ];
        let (seated, events) = seat_all(&mut s, &newcomers);
        let ok: Vec<bool> = seated.iter().map(Result::is_ok).collect();
        assert_eq!(ok, [true, false, true, false, true, false]);
        assert!(matches!(seated[1], Err(MeetingError::TooManySeats { .. })));
        assert_eq!(seated[3], Err(MeetingError::NotBooked));
        assert_eq!(seated[5], Err(MeetingError::Full));
        assert_eq!(events.len(), 3, "one Joined each");
        assert_eq!(s.participants.len(), 3);
        // Seats are numbered in the order the newcomers came.
        let ids: Vec<u64> = seated.iter().flatten().map(|p| p.0).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        // Each can come back with its own token.
        assert!(s.connection_of(seated[0].clone().expect("seated")) == Some(1));
    }
}
