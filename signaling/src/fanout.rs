//! Delivers a meeting's updates to the connections this node serves.
//!
//! A meeting of a thousand delegates turns every update into a thousand
//! writes. Waking a thousand session tasks to make them costs more than the
//! writes themselves, so one task per meeting and node ([`Fanout`]) writes
//! each update, encoded once, straight into every connection's socket that
//! can take it at once. A connection it cannot serve that way gets the update
//! in its [`Lane`]'s backlog and its session is woken to deal with it: when
//! the session is writing itself, when the socket is full, when the update
//! ends this connection (removed, replaced), or after a gap. Every write goes
//! through the lane's one writer lock and checks the version the client was
//! last sent, so updates reach each client once and in order whichever side
//! writes them.

use crate::frames::{now_ms, Outgoing};
use crate::live::{LiveStore, Notice, Published};
use futures_util::Sink;
use plenary_protocol::signal::{Event, ParticipantId, ServerMessage, SignalError};
use plenary_protocol::MeetingId;
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Waker};
use tokio::sync::broadcast;

/// Updates a session may have waiting before it is told to read the whole
/// state instead (a client that stopped reading).
const BACKLOG: usize = 4096;

/// Updates written to a socket in one go when several are waiting.
const BATCH: usize = 64;

/// What is written to one client, and how far it has got.
pub(crate) struct Writer<S> {
    pub out: S,
    /// The last version the client was sent; `None` until its welcome.
    pub version: Option<u64>,
    /// The client waits in the lobby: it is sent nothing of the meeting
    /// until it is admitted (then the whole state), refused or removed.
    pub lobby: bool,
    /// The client is the chair or of the secretariat: it reads private
    /// messages to those who preside.
    pub staff: bool,
}

/// One connection's way in: its writer, and the updates left to its session.
pub(crate) struct Lane<S> {
    pub writer: tokio::sync::Mutex<Writer<S>>,
    /// Updates left to the session, in order.
    backlog: Mutex<VecDeque<Notice>>,
    wake: tokio::sync::Notify,
    me: ParticipantId,
    connection: u64,
}

impl<S: Sink<Outgoing> + Unpin + Send + 'static> Lane<S> {
    pub fn new(out: S, me: ParticipantId, connection: u64) -> Arc<Lane<S>> {
        Arc::new(Lane {
            writer: tokio::sync::Mutex::new(Writer {
                out,
                version: None,
                lobby: false,
                staff: false,
            }),
            backlog: Mutex::new(VecDeque::new()),
            wake: tokio::sync::Notify::new(),
            me,
            connection,
        })
    }

    /// Resolves when the fan-out left something to the session: updates,
    /// or frames written but not yet flushed.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Takes the updates the fan-out left.
    pub fn take(&self) -> VecDeque<Notice> {
        std::mem::take(&mut *self.backlog.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Writes what it can of `notices` without waiting; how many it handled
    /// (written, or already sent), and whether a flush is left to finish.
    fn write_now(&self, notices: &[Notice]) -> (usize, bool) {
        let Ok(mut writer) = self.writer.try_lock() else {
            return (0, false);
        };
        // Anything already left to the session goes first.
        if !self
            .backlog
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
        {
            return (0, false);
        }
        let Some(mut version) = writer.version else {
            return (0, false);
        };
        let mut cx = Context::from_waker(Waker::noop());
        let (mut handled, mut written) = (0, false);
        for notice in notices {
            let Notice::Update(published) = notice else {
                break;
            };
            let update = &published.update;
            if update.version > version {
                if update.version != version + 1
                    || ending(&update.events, self.me, self.connection).is_some()
                    || (writer.lobby && admits(&update.events, self.me))
                    || hides(&update.events, self.me, writer.staff)
                {
                    break;
                }
                if writer.lobby {
                    // Nothing of the meeting reaches the lobby.
                    version = update.version;
                    handled += 1;
                    continue;
                }
                let out = Pin::new(&mut writer.out);
                if !matches!(out.poll_ready(&mut cx), Poll::Ready(Ok(()))) {
                    break;
                }
                let frame = Outgoing::Shared(update_frame(published));
                if Pin::new(&mut writer.out).start_send(frame).is_err() {
                    break;
                }
                version = update.version;
                written = true;
            }
            handled += 1;
        }
        writer.version = Some(version);
        let unflushed = written
            && !matches!(
                Pin::new(&mut writer.out).poll_flush(&mut cx),
                Poll::Ready(Ok(()))
            );
        (handled, unflushed)
    }
}

/// The lanes of one meeting on this node, as the fan-out sees them.
trait Deliver: Send + Sync {
    fn offer(&self, notices: &[Notice]);
}

impl<S: Sink<Outgoing> + Unpin + Send + 'static> Deliver for Lane<S> {
    fn offer(&self, notices: &[Notice]) {
        let (handled, unflushed) = self.write_now(notices);
        if handled == notices.len() && !unflushed {
            return;
        }
        {
            let mut backlog = self.backlog.lock().unwrap_or_else(|p| p.into_inner());
            backlog.extend(notices[handled..].iter().cloned());
            if backlog.len() > BACKLOG {
                backlog.clear();
                backlog.push_back(Notice::Resync);
            }
        }
        self.wake.notify_one();
    }
}

/// Whether an update holds a private message `me` may not read: the
/// shared frame is not for it, and the session writes it one of its own.
pub(crate) fn hides(events: &[Event], me: ParticipantId, staff: bool) -> bool {
    events.iter().any(
        |e| matches!(e, Event::Chat { message } if !message.to.reaches(message.from, me, staff)),
    )
}

/// An update's frame for `me` without the private messages it may not read.
pub(crate) fn own_frame(
    version: u64,
    events: &[Event],
    me: ParticipantId,
    staff: bool,
) -> Outgoing {
    let events = events
        .iter()
        .filter(|e| !hides(std::slice::from_ref(*e), me, staff))
        .cloned()
        .collect();
    let message = ServerMessage::Update {
        version,
        events,
        server_time: now_ms(),
    };
    Outgoing::Text(serde_json::to_string(&message).unwrap_or_default())
}

/// Whether an update admits `me` from the lobby.
pub(crate) fn admits(events: &[Event], me: ParticipantId) -> bool {
    events
        .iter()
        .any(|e| matches!(e, Event::Admitted { participant } if *participant == me))
}

/// The reason an update ends this connection, if it does.
pub(crate) fn ending(
    events: &[Event],
    me: ParticipantId,
    connection: u64,
) -> Option<(SignalError, &'static str)> {
    events.iter().find_map(|e| match e {
        Event::Removed { participant } | Event::Refused { participant } if *participant == me => {
            Some((
                SignalError::Removed,
                "the chair removed you from the meeting",
            ))
        }
        Event::Left { participant } if *participant == me => {
            Some((SignalError::Removed, "your seat in the meeting has ended"))
        }
        Event::AccessEnded { participant } if *participant == me => Some((
            SignalError::Removed,
            "your access to this meeting has ended",
        )),
        Event::Reseated { participant } if *participant == me => Some((
            SignalError::Reseat,
            "your role in the meeting changed; join again",
        )),
        Event::Reconnected {
            participant,
            connection: newer,
        } if *participant == me && *newer != connection => Some((
            SignalError::Replaced,
            "this seat was taken up by a newer connection",
        )),
        _ => None,
    })
}

/// An update as clients receive it, encoded once per node; `server_time` is
/// when this node first sent it.
pub(crate) fn update_frame(published: &Published) -> bytes::Bytes {
    published.wire(|u| {
        // Serialising our own enum cannot fail; an empty frame would be the worst case.
        serde_json::to_vec(&ServerMessage::Update {
            version: u.version,
            events: u.events.clone(),
            server_time: now_ms(),
        })
        .unwrap_or_default()
    })
}

/// Replaced whole when a lane joins or leaves (rare), so the fan-out reads
/// it without holding the lock while it writes.
type LaneList = Arc<Vec<Arc<dyn Deliver>>>;
type Lanes = Arc<Mutex<LaneList>>;

/// A meeting's fan-out on this node, running while it has sessions here.
pub(crate) struct Fanout {
    lanes: Lanes,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Fanout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fanout")
    }
}

impl Drop for Fanout {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Fanout {
    /// Subscribes at once: a lane enrolled afterwards misses no update.
    pub fn start(live: &LiveStore, meeting: MeetingId) -> Fanout {
        let lanes: Lanes = Arc::default();
        let notices = live.subscribe(meeting);
        // Unconstrained: tokio's cooperative budget would otherwise turn
        // every socket write after the 128th of one update into a refusal,
        // leaving the rest of a large meeting to its sessions. The task
        // yields between updates, waiting for the next.
        let task = tokio::spawn(tokio::task::unconstrained(run(
            Arc::downgrade(&lanes),
            notices,
        )));
        Fanout { lanes, task }
    }

    /// Delivers to `lane` until the returned guard is dropped.
    pub(crate) fn enrol<S: Sink<Outgoing> + Unpin + Send + 'static>(
        self: &Arc<Self>,
        lane: Arc<Lane<S>>,
    ) -> Enrolled {
        let lane: Arc<dyn Deliver> = lane;
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = Vec::clone(&lanes);
        next.push(lane.clone());
        *lanes = Arc::new(next);
        drop(lanes);
        Enrolled {
            fanout: self.clone(),
            lane,
        }
    }
}

/// A lane's place in its meeting's fan-out.
pub(crate) struct Enrolled {
    fanout: Arc<Fanout>,
    lane: Arc<dyn Deliver>,
}

impl Drop for Enrolled {
    fn drop(&mut self) {
        let mut lanes = self.fanout.lanes.lock().unwrap_or_else(|p| p.into_inner());
        let next: Vec<_> = lanes
            .iter()
            .filter(|l| !Arc::ptr_eq(l, &self.lane))
            .cloned()
            .collect();
        *lanes = Arc::new(next);
    }
}

async fn run(lanes: Weak<Mutex<LaneList>>, mut notices: broadcast::Receiver<Notice>) {
    use broadcast::error::{RecvError, TryRecvError};
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        match notices.recv().await {
            Ok(notice) => batch.push(notice),
            Err(RecvError::Lagged(_)) => batch.push(Notice::Resync),
            Err(RecvError::Closed) => return,
        }
        while batch.len() < BATCH {
            match notices.try_recv() {
                Ok(notice) => batch.push(notice),
                Err(TryRecvError::Lagged(_)) => batch.push(Notice::Resync),
                Err(_) => break,
            }
        }
        let Some(lanes) = lanes.upgrade() else { return };
        let now = lanes.lock().unwrap_or_else(|p| p.into_inner()).clone();
        for lane in now.iter() {
            lane.offer(&batch);
        }
        batch.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::Update;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const ME: ParticipantId = ParticipantId(7);

    /// A socket's sending half that keeps the versions written; past `room`
    /// frames it takes no more, as a socket whose buffer is full.
    #[derive(Clone)]
    struct Socket {
        sent: Arc<Mutex<Vec<u64>>>,
        room: Arc<AtomicUsize>,
    }

    impl Sink<Outgoing> for Socket {
        type Error = ();

        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            if self.room.load(Ordering::SeqCst) == 0 {
                Poll::Pending
            } else {
                Poll::Ready(Ok(()))
            }
        }

        fn start_send(self: Pin<&mut Self>, frame: Outgoing) -> Result<(), ()> {
            let Outgoing::Shared(bytes) = frame else {
                return Err(());
            };
            let update: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| ())?;
            let version = update["version"].as_u64().ok_or(())?;
            self.sent.lock().map_err(|_| ())?.push(version);
            self.room.fetch_sub(1, Ordering::SeqCst);
            Ok(())
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            Poll::Ready(Ok(()))
        }
    }

    fn update(version: u64, events: Vec<Event>) -> Notice {
        Notice::Update(Published::new(Update { version, events }))
    }

    fn change(version: u64) -> Notice {
        update(
            version,
            vec![Event::LockChanged {
                locked: version.is_multiple_of(2),
            }],
        )
    }

    /// A lane whose client was welcomed at `version` (`None`: not yet),
    /// and its socket.
    fn lane_with_room(version: Option<u64>, room: usize) -> (Arc<Lane<Socket>>, Socket) {
        let socket = Socket {
            sent: Arc::default(),
            room: Arc::new(AtomicUsize::new(room)),
        };
        let lane = Lane::new(socket.clone(), ME, 1);
        lane.writer
            .try_lock()
            .expect("a new lane's writer is free")
            .version = version;
        (lane, socket)
    }

    fn lane(version: Option<u64>) -> (Arc<Lane<Socket>>, Socket) {
        lane_with_room(version, usize::MAX)
    }

    fn sent(socket: &Socket) -> Vec<u64> {
        socket.sent.lock().expect("lock").clone()
    }

    fn left(lane: &Lane<Socket>) -> Vec<Option<u64>> {
        lane.take()
            .into_iter()
            .map(|n| match n {
                Notice::Update(p) => Some(p.update.version),
                Notice::Resync => None,
            })
            .collect()
    }

    #[test]
    fn updates_are_written_at_once_in_order_and_only_once() {
        let (lane, socket) = lane(Some(4));
        lane.offer(&[change(4), change(5), change(6)]);
        lane.offer(&[change(6), change(7)]);
        assert_eq!(sent(&socket), [5, 6, 7], "4 came with the welcome");
        assert!(left(&lane).is_empty(), "the session is not woken");
    }

    #[test]
    fn nothing_is_written_before_the_welcome() {
        let (lane, socket) = lane(None);
        lane.offer(&[change(1)]);
        assert!(sent(&socket).is_empty());
        assert_eq!(left(&lane), [Some(1)]);
    }

    #[test]
    fn a_busy_writer_or_a_full_socket_leaves_the_rest_to_the_session_in_order() {
        let (lane, socket) = lane(Some(0));
        let busy = lane.writer.try_lock().expect("free");
        lane.offer(&[change(1)]);
        drop(busy);
        // Not written before the one left waiting.
        lane.offer(&[change(2)]);
        assert!(sent(&socket).is_empty());
        assert_eq!(left(&lane), [Some(1), Some(2)]);

        let (lane, socket) = lane_with_room(Some(0), 1);
        lane.offer(&[change(1), change(2), change(3)]);
        assert_eq!(sent(&socket), [1]);
        assert_eq!(left(&lane), [Some(2), Some(3)]);
    }

    #[test]
    fn gaps_resyncs_and_updates_that_end_the_connection_go_to_the_session() {
        let (lane, socket) = lane(Some(0));
        lane.offer(&[change(2)]);
        assert_eq!(left(&lane), [Some(2)], "a gap: the session reads the state");

        lane.offer(&[Notice::Resync]);
        assert_eq!(left(&lane), [None]);

        let removed = update(1, vec![Event::Removed { participant: ME }]);
        lane.offer(&[removed]);
        assert_eq!(left(&lane), [Some(1)], "the session says goodbye");

        let replaced = update(
            1,
            vec![Event::Reconnected {
                participant: ME,
                connection: 2,
            }],
        );
        lane.offer(&[replaced]);
        assert_eq!(left(&lane), [Some(1)]);

        // Someone else's removal, or this connection's own reconnection, is news.
        let others = update(
            1,
            vec![
                Event::Removed {
                    participant: ParticipantId(8),
                },
                Event::Reconnected {
                    participant: ME,
                    connection: 1,
                },
            ],
        );
        lane.offer(&[others]);
        assert_eq!(sent(&socket), [1]);
        assert!(left(&lane).is_empty());
    }

    #[test]
    fn a_session_that_stops_reading_is_told_to_resync() {
        let (lane, _socket) = lane(None);
        for version in 1..=(BACKLOG as u64 + 1) {
            lane.offer(&[change(version)]);
        }
        assert_eq!(left(&lane), [None]);
    }

    /// A socket's sending half over an in-memory pipe, which (as a TCP
    /// socket does) spends the task's cooperative budget on every write.
    struct Pipe {
        io: tokio::io::DuplexStream,
        unsent: Vec<u8>,
    }

    impl Sink<Outgoing> for Pipe {
        type Error = std::io::Error;

        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn start_send(mut self: Pin<&mut Self>, frame: Outgoing) -> std::io::Result<()> {
            if let Outgoing::Shared(bytes) = frame {
                self.unsent.extend_from_slice(&bytes);
            }
            Ok(())
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            use tokio::io::AsyncWrite;
            let this = &mut *self;
            while !this.unsent.is_empty() {
                let n = std::task::ready!(Pin::new(&mut this.io).poll_write(cx, &this.unsent))?;
                this.unsent.drain(..n);
            }
            Poll::Ready(Ok(()))
        }

        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn the_fan_out_itself_writes_to_every_socket_of_a_large_meeting() {
        use crate::meeting::{MeetingState, Rules};
        use tokio::io::AsyncReadExt;
        let live = LiveStore::memory();
        let meeting = MeetingId(uuid::Uuid::new_v4());
        live.create(meeting, &MeetingState::new(Rules::default(), false))
            .await
            .expect("create");
        let fanout = Arc::new(Fanout::start(&live, meeting));
        let (mut lanes, mut readers, mut enrolled) = (Vec::new(), Vec::new(), Vec::new());
        for n in 0..500 {
            let (io, reader) = tokio::io::duplex(64 * 1024);
            let lane = Lane::new(
                Pipe {
                    io,
                    unsent: Vec::new(),
                },
                ParticipantId(n),
                n,
            );
            lane.writer.try_lock().expect("free").version = Some(0);
            enrolled.push(fanout.enrol(lane.clone()));
            lanes.push(lane);
            readers.push(reader);
        }
        let lock = |_: &mut MeetingState| Ok(((), vec![Event::LockChanged { locked: true }]));
        live.update(meeting, &lock)
            .await
            .expect("live")
            .expect("applied");
        for reader in &mut readers {
            let mut frame = vec![0; 1024];
            let n =
                tokio::time::timeout(std::time::Duration::from_secs(5), reader.read(&mut frame))
                    .await
                    .expect("the update arrives")
                    .expect("read");
            let update: serde_json::Value = serde_json::from_slice(&frame[..n]).expect("json");
            assert_eq!(update["version"], 1);
        }
        assert!(
            lanes.iter().all(|lane| lane.take().is_empty()),
            "no session was left an update to write"
        );
        drop(enrolled);
    }
}
