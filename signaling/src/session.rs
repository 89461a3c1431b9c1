//! One participant's connection to a live meeting, independent of the
//! websocket library: the server hands over decoded frames ([`Incoming`]) and
//! a channel for frames to send ([`Outgoing`]).
//!
//! A session seats the participant (or gives back a held seat for a resume
//! token), sends the whole state, then relays commands to the live store and
//! updates from every node back to the browser. It enforces the message size
//! limit and the idle timeout per connection, and a token-bucket rate limit
//! per user on this node (every frame counts, control and binary included),
//! so opening more connections buys no more messages.
//! When the connection ends, the seat is held for the grace period.
//!

use crate::ballots::BallotError;
use crate::fanout::{ending, hides, own_frame, update_frame, Lane, Writer};
use crate::frames::text;
use crate::frames::{hash, now_ms, random_token, random_u64, Incoming, Outgoing};
use crate::live::{LiveError, Notice};
use crate::media::{Choice, MediaPeer, MediaRefusal, Placement, Seat};
use crate::meeting::{MeetingError, MeetingState};
use crate::sfu::PeerKind;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use plenary_protocol::signal::*;
use plenary_protocol::vote::{Cast, VoteKind, VoteSpec, Voted};
use plenary_protocol::{MeetingId, UserId};
use plenary_rules::votes::{self, Ballot, Tally};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::node::{Actor, Admission, Bucket, Ended, Node};

#[derive(Debug, thiserror::Error)]
enum Refusal {
    #[error("{0}")]
    Meeting(MeetingError),
    #[error("live meeting state is unavailable: {0}")]
    Live(LiveError),
    #[error("{0}")]
    Seating(crate::seating::SeatError),
}

impl Refusal {
    fn code(&self) -> SignalError {
        match self {
            Refusal::Meeting(e) => e.signal(),
            Refusal::Live(_) | Refusal::Seating(_) => SignalError::Unavailable,
        }
    }
}

struct Session<'a, S> {
    node: &'a Node,
    meeting: MeetingId,
    me: ParticipantId,
    user: UserId,
    /// The client's address, through the trusted proxies.
    from: Option<std::net::IpAddr>,
    connection: u64,
    /// Frames to the client, shared with the meeting's fan-out; a session
    /// waits for its own slow client only.
    lane: Arc<Lane<S>>,
    /// The user's budget, shared with their other connections on this node.
    bucket: Arc<Mutex<Bucket>>,
    refused_for_rate: u32,
    /// This connection's place in the media room, once it joined.
    media: Option<MediaPeer>,
    /// Carries the media room's offers and events to this connection.
    media_out: mpsc::Sender<ServerMessage>,
    /// A connection to this node for media only, the participant's seat and
    /// signaling being on another node.
    media_only: bool,
    /// Counted among the websockets open while the session lives.
    _open: crate::metrics::Held,
}

/// Why a viewer's request is refused.
const VIEWING: &str = "a viewer watches and listens; it neither acts nor publishes";

/// The session's next step after a message.
enum Flow {
    Continue,
    End(Ended),
}

impl<'a, S: Sink<Outgoing> + Unpin + Send + 'static> Session<'a, S> {
    /// A session, and the receiving end of its media room's channel.
    fn new(
        node: &'a Node,
        meeting: MeetingId,
        me: ParticipantId,
        connection: u64,
        user: UserId,
        out: S,
        media_only: bool,
    ) -> (Self, mpsc::Receiver<ServerMessage>) {
        let (media_out, media_in) = mpsc::channel(64);
        let bucket = node.budget(user);
        let session = Session {
            node,
            meeting,
            me,
            user,
            from: None,
            connection,
            lane: Lane::new(out, me, connection),
            bucket,
            refused_for_rate: 0,
            media: None,
            media_out,
            media_only,
            _open: crate::metrics::Held::new(metrics::gauge!("plenary_websockets_open")),
        };
        (session, media_in)
    }

    /// Who this session's changes are made by.
    fn actor(&self) -> Actor {
        Actor {
            participant: self.me,
            user: self.user,
            from: self.from,
        }
    }

    /// The socket's writer, once the fan-out is not using it.
    fn take_budget(&self) -> bool {
        self.bucket
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    async fn writer(&self) -> tokio::sync::MutexGuard<'_, Writer<S>> {
        self.lane.writer.lock().await
    }

    async fn send(&mut self, message: &ServerMessage) -> Flow {
        if self.writer().await.out.send(text(message)).await.is_err() {
            Flow::End(Ended::Closed)
        } else {
            Flow::Continue
        }
    }

    async fn goodbye(&mut self, code: SignalError, message: &str) -> Ended {
        let mut writer = self.lane.writer.lock().await;
        // Nothing more from the fan-out after the goodbye.
        writer.version = None;
        let _ = writer
            .out
            .send(text(&ServerMessage::Goodbye {
                code,
                message: message.into(),
            }))
            .await;
        let close = match code {
            SignalError::ShuttingDown => 1001,
            SignalError::RateLimited | SignalError::IdleTimeout => 1008,
            _ => 1000,
        };
        let _ = writer
            .out
            .send(Outgoing::Close {
                code: close,
                reason: message.into(),
            })
            .await;
        Ended::Goodbye(code)
    }

    async fn run(
        &mut self,
        resume_token: String,
        incoming: impl Stream<Item = Incoming> + Unpin,
        media_in: mpsc::Receiver<ServerMessage>,
    ) -> Ended {
        let config = self.node.inner.config.clone();
        // Held from reading the state to sending it, so the fan-out writes
        // no update before the welcome.
        let lane = self.lane.clone();
        let mut writer = lane.writer.lock().await;
        let Some((version, state)) = self.read_state().await else {
            drop(writer);
            return self
                .goodbye(
                    SignalError::Unavailable,
                    "live meeting state is unavailable",
                )
                .await;
        };
        let welcome = ServerMessage::Welcome {
            protocol: PROTOCOL_VERSION,
            you: self.me,
            resume_token,
            grace_ms: u64::try_from(config.grace.as_millis()).unwrap_or(u64::MAX),
            version,
            state: state.view_for(self.me),
            server_time: now_ms(),
        };
        if writer.out.send(text(&welcome)).await.is_err() {
            return Ended::Closed;
        }
        writer.version = Some(version);
        writer.lobby = state.in_lobby(self.me);
        writer.staff = state
            .participants
            .get(&self.me)
            .is_some_and(|p| p.role.is_staff());
        drop(writer);
        self.show_own_ballot(&state).await;
        self.pump(incoming, media_in).await
    }

    /// A delegate back during a vote sees their delegation's ballot, even
    /// one stored by a node that stopped before the board showed it.
    async fn show_own_ballot(&self, state: &MeetingState) {
        let Some(vote) = state.vote_open() else {
            return;
        };
        let Some(delegation) = state.participants.get(&self.me).and_then(|p| p.delegation) else {
            return;
        };
        if vote.vote_of(delegation).is_some()
            || !vote.electorate.iter().any(|v| v.delegation == delegation)
        {
            return;
        }
        let ballots = &self.node.inner.ballots;
        if let Ok(Some(choice)) = ballots.voted(self.meeting, vote.number, delegation).await {
            let shown = Voted { delegation, choice };
            let _ = self
                .node
                .inner
                .board
                .send((self.meeting, vote.number, shown));
        }
    }

    /// Puts a question to the vote: stored in the ballot box first, so a
    /// ballot can be cast the moment anyone sees the vote.
    async fn open_vote(&mut self, id: RequestId, spec: VoteSpec) -> Flow {
        let Some((_, state)) = self.read_state().await else {
            return self.unavailable(Some(id)).await;
        };
        if let Err(refused) = state.may_open(self.me, &spec) {
            return self.refuse(id, &refused).await;
        }
        let now = now_ms();
        let ballots = self.node.inner.ballots.clone();
        let (number, electorate) = match ballots.open(self.meeting, &spec, now).await {
            Ok(opened) => opened,
            Err(e) => return self.ballot_box_failed(id, &e).await,
        };
        let (me, lot, kind) = (self.me, random_u64(), spec.kind);
        let open = move |s: &mut MeetingState| {
            s.open_vote(me, number, spec.clone(), electorate.clone(), lot, now)
                .map(|e| ((), e))
        };
        let opened = self
            .node
            .update_by(self.meeting, Some(self.actor()), &open)
            .await;
        if matches!(opened, Ok(Ok(_))) {
            metrics::counter!("plenary_votes_opened_total").increment(1);
        } else {
            if let Err(e) = ballots.withdraw(self.meeting, number).await {
                tracing::warn!(meeting = %self.meeting, error = %e, "vote {number} stays stored unopened: {e}");
            }
        }
        match opened {
            Ok(Ok(_)) if kind == VoteKind::WithoutVote => self.close_vote(id, number).await,
            Ok(Ok(_)) => self.send(&ServerMessage::Ack { id }).await,
            Ok(Err(refused)) => self.refuse(id, &refused).await,
            Err(e) => self.live_failed(id, &e).await,
        }
    }

    /// Casts the delegation's vote: acknowledged once the ballot box holds
    /// it; the board shows it to the meeting a moment later.
    async fn cast_vote(&mut self, id: RequestId, number: u32, cast: Cast) -> Flow {
        let Some((_, state)) = self.read_state().await else {
            return self.unavailable(Some(id)).await;
        };
        let (delegation, ballot) = match state.may_cast(self.me, number, &cast) {
            Ok(allowed) => allowed,
            Err(refused) => return self.refuse(id, &refused).await,
        };
        let ballots = self.node.inner.ballots.clone();
        let stored = ballots
            .cast(
                self.meeting,
                number,
                delegation,
                self.user,
                &ballot,
                now_ms(),
            )
            .await;
        if let Err(e) = stored {
            return self.ballot_box_failed(id, &e).await;
        }
        let choice = match ballot {
            Ballot::Public(choice) => Some(choice),
            Ballot::Secret(_) => None,
        };
        let shown = Voted { delegation, choice };
        let _ = self.node.inner.board.send((self.meeting, number, shown));
        self.send(&ServerMessage::Ack { id }).await
    }

    /// Closes a vote: counted from the ballot box, then announced.
    async fn close_vote(&mut self, id: RequestId, number: u32) -> Flow {
        let Some((_, state)) = self.read_state().await else {
            return self.unavailable(Some(id)).await;
        };
        let vote = match state.may_close(self.me, number) {
            Ok(vote) => vote,
            Err(refused) => return self.refuse(id, &refused).await,
        };
        let present = state.present();
        let count = |tally: &Tally| votes::result(&vote.spec, &vote.electorate, present, tally);
        let now = now_ms();
        let ballots = self.node.inner.ballots.clone();
        let (result, tally) = match ballots.close(self.meeting, number, now, &count).await {
            Ok(closed) => closed,
            Err(e) => return self.ballot_box_failed(id, &e).await,
        };
        let me = self.me;
        let close = move |s: &mut MeetingState| {
            s.close_vote(me, number, result.clone(), &tally, now)
                .map(|e| ((), e))
        };
        match self
            .node
            .update_by(self.meeting, Some(self.actor()), &close)
            .await
        {
            Ok(Ok(_)) => {
                metrics::counter!("plenary_votes_closed_total").increment(1);
                self.send(&ServerMessage::Ack { id }).await
            }
            Ok(Err(refused)) => self.refuse(id, &refused).await,
            Err(e) => self.live_failed(id, &e).await,
        }
    }

    async fn refuse(&mut self, id: RequestId, refused: &MeetingError) -> Flow {
        self.error(Some(id), refused.signal(), refused.to_string())
            .await
    }

    async fn ballot_box_failed(&mut self, id: RequestId, e: &BallotError) -> Flow {
        let refused = match e {
            BallotError::Closed => MeetingError::NoVote,
            BallotError::AlreadyVoted => MeetingError::AlreadyVoted,
            BallotError::Unavailable(why) => {
                tracing::warn!(meeting = %self.meeting, "ballot box: {why}");
                return self
                    .error(
                        Some(id),
                        SignalError::Unavailable,
                        "the ballot box is unavailable; nothing was stored: retry".into(),
                    )
                    .await;
            }
        };
        self.refuse(id, &refused).await
    }

    async fn live_failed(&mut self, id: RequestId, e: &LiveError) -> Flow {
        tracing::warn!(meeting = %self.meeting, error = %e, "live state: {e}");
        self.unavailable(Some(id)).await
    }

    /// Serves the connection: the client's messages, the meeting's updates,
    /// the media room's messages, heartbeats, until one side ends it.
    async fn pump(
        &mut self,
        mut incoming: impl Stream<Item = Incoming> + Unpin,
        mut media_in: mpsc::Receiver<ServerMessage>,
    ) -> Ended {
        let config = self.node.inner.config.clone();
        let mut shutdown = self.node.inner.shutdown.clone();
        // One future for the whole connection: made anew in every turn of the
        // loop it would join and leave the node-wide shutdown's waiter list
        // (a lock all sessions share) for every update written.
        let stopping = async {
            if shutdown.wait_for(|stop| *stop).await.is_err() {
                // No one can stop this node any more: never resolves.
                std::future::pending::<()>().await;
            }
        };
        tokio::pin!(stopping);
        let lane = self.lane.clone();
        let mut ping = tokio::time::interval(config.ping_interval);
        ping.reset();
        let media = self.node.inner.media.clone();
        let renewal = media.turn_renewal();
        let mut renew = tokio::time::interval(renewal.unwrap_or(Duration::from_secs(3600)));
        let mut was_in_media = false;
        let mut heard = Instant::now();
        let mut rate_window = Instant::now();
        loop {
            let flow = tokio::select! {
                frame = incoming.next() => {
                    let Some(frame) = frame else { return Ended::Closed };
                    heard = Instant::now();
                    if rate_window.elapsed() > Duration::from_secs(10) {
                        rate_window = Instant::now();
                        self.refused_for_rate = 0;
                    }
                    self.on_frame(frame).await
                }
                () = lane.woken() => self.on_waiting().await,
                Some(message) = media_in.recv() => match message {
                    // The media room saw the seat end (on whichever node).
                    ServerMessage::Goodbye { code, message } => {
                        Flow::End(self.goodbye(code, &message).await)
                    }
                    message => self.send(&message).await,
                },
                _ = renew.tick(), if renewal.is_some() && self.media.is_some() => {
                    let ice_servers = media.ice_servers(self.meeting, self.me);
                    self.send(&ServerMessage::IceServers { ice_servers }).await
                }
                _ = ping.tick() => {
                    if heard.elapsed() >= config.idle_timeout {
                        Flow::End(self.goodbye(SignalError::IdleTimeout, "no message or pong for too long").await)
                    } else if self.writer().await.out.send(Outgoing::Ping).await.is_err() {
                        Flow::End(Ended::Closed)
                    } else {
                        Flow::Continue
                    }
                }
                () = &mut stopping => {
                    Flow::End(self.goodbye(SignalError::ShuttingDown, "the server is restarting; reconnect with your resume token").await)
                }
            };
            if let Flow::End(ended) = flow {
                return ended;
            }
            // Credentials were just handed out with the media room: the
            // next are due a renewal period from now.
            let in_media = self.media.is_some();
            if in_media && !was_in_media {
                renew.reset();
            }
            was_in_media = in_media;
        }
    }

    async fn read_state(&self) -> Option<(u64, MeetingState)> {
        self.node.inner.live.get(self.meeting).await.ok().flatten()
    }

    async fn error(&mut self, id: Option<RequestId>, code: SignalError, message: String) -> Flow {
        self.send(&ServerMessage::Error { id, code, message }).await
    }

    async fn on_frame(&mut self, frame: Incoming) -> Flow {
        let config = &self.node.inner.config;
        // Every frame spends the budget, whatever it is: a flood of pings
        // or binary frames costs the node as much as one of commands.
        if !self.take_budget() {
            self.refused_for_rate += 1;
            if self.refused_for_rate >= config.flood_close_after {
                return Flow::End(
                    self.goodbye(SignalError::RateLimited, "too many messages")
                        .await,
                );
            }
            // Say so once per burst of refusals, not once per message.
            if self.refused_for_rate == 1 {
                return self
                    .error(
                        None,
                        SignalError::RateLimited,
                        format!(
                            "at most {} messages a second from one user; this one was dropped",
                            config.rate_per_sec
                        ),
                    )
                    .await;
            }
            return Flow::Continue;
        }
        let text = match frame {
            Incoming::Control => return Flow::Continue,
            Incoming::Binary(_) => {
                return self
                    .error(
                        None,
                        SignalError::BadMessage,
                        "messages are JSON text frames".into(),
                    )
                    .await
            }
            Incoming::Text(t) => t,
        };
        if text.len() > config.max_message_bytes {
            return self
                .error(
                    None,
                    SignalError::TooLarge,
                    format!("messages are at most {} bytes", config.max_message_bytes),
                )
                .await;
        }
        let message = match decode(&text) {
            Ok(m) => m,
            Err((id, why)) => return self.error(id, SignalError::BadMessage, why).await,
        };
        match message {
            ClientMessage::Act { id, .. } | ClientMessage::MediaOffer { id, .. }
                if self.me.is_viewer() =>
            {
                self.error(Some(id), SignalError::Viewing, VIEWING.into())
                    .await
            }
            ClientMessage::MediaListen { id, .. } if !self.me.is_viewer() => {
                self.error(
                    Some(id),
                    SignalError::BadMessage,
                    "a participant chooses a channel with the listen_to command".into(),
                )
                .await
            }
            ClientMessage::MediaListen { id, channel } => {
                let done = match &self.media {
                    Some(peer) => peer.choose(Choice::Listen(channel)).await,
                    None => Err(not_in_media()),
                };
                self.acknowledge(id, done).await
            }
            ClientMessage::Act { id, .. } | ClientMessage::Sync { id } if self.media_only => {
                self.error(
                    Some(id),
                    SignalError::BadMessage,
                    "this connection carries media only; the meeting's websocket carries the rest"
                        .into(),
                )
                .await
            }
            ClientMessage::Ping { id } => self.send(&ServerMessage::Pong { id }).await,
            ClientMessage::Sync { id } => self.send_state(Some(id)).await,
            ClientMessage::MediaJoin { id, publish } => self.media_join(id, publish).await,
            ClientMessage::MediaOffer { id, sdp, tracks } => {
                let answer = match &self.media {
                    Some(peer) => peer.offer(sdp, tracks).await,
                    None => Err(not_in_media()),
                };
                match answer {
                    Ok(sdp) => self.send(&ServerMessage::MediaAnswer { id, sdp }).await,
                    Err((code, why)) => self.error(Some(id), code, why).await,
                }
            }
            ClientMessage::MediaAnswer { id, sdp } => {
                let done = match &self.media {
                    Some(peer) => peer.answer(sdp).await,
                    None => Err(not_in_media()),
                };
                self.acknowledge(id, done).await
            }
            ClientMessage::MediaCandidate { id, candidate } => {
                let done = match &self.media {
                    Some(peer) => peer.candidate(candidate).await,
                    None => Err(not_in_media()),
                };
                self.acknowledge(id, done).await
            }
            ClientMessage::MediaQuality { id, stage, tiles } => {
                let done = match &self.media {
                    Some(peer) => peer.choose(Choice::Quality { stage, tiles }).await,
                    None => Err(not_in_media()),
                };
                self.acknowledge(id, done).await
            }
            ClientMessage::MediaVideos { id, videos } => {
                let done = match &self.media {
                    Some(peer) => peer.choose(Choice::Videos(videos)).await,
                    None => Err(not_in_media()),
                };
                self.acknowledge(id, done).await
            }
            ClientMessage::MediaLeave { id } => {
                self.media = None;
                self.send(&ServerMessage::Ack { id }).await
            }
            ClientMessage::Act {
                id,
                command: Command::OpenVote { spec },
            } => self.open_vote(id, spec).await,
            ClientMessage::Act {
                id,
                command: Command::CastVote { number, cast },
            } => self.cast_vote(id, number, cast).await,
            ClientMessage::Act {
                id,
                command: Command::CloseVote { number },
            } => self.close_vote(id, number).await,
            ClientMessage::Act { id, command } => {
                let me = self.me;
                let now = now_ms();
                let act =
                    move |s: &mut MeetingState| s.apply(me, command.clone(), now).map(|e| ((), e));
                match self
                    .node
                    .update_by(self.meeting, Some(self.actor()), &act)
                    .await
                {
                    Ok(Ok(_)) => self.send(&ServerMessage::Ack { id }).await,
                    Ok(Err(refused)) => {
                        self.error(Some(id), refused.signal(), refused.to_string())
                            .await
                    }
                    Err(e) => {
                        tracing::warn!(meeting = %self.meeting, error = %e, "live state: {e}");
                        self.error(
                            Some(id),
                            SignalError::Unavailable,
                            "live meeting state is unavailable; retry".into(),
                        )
                        .await
                    }
                }
            }
        }
    }

    async fn unavailable(&mut self, id: Option<RequestId>) -> Flow {
        self.error(
            id,
            SignalError::Unavailable,
            "live meeting state is unavailable; retry".into(),
        )
        .await
    }

    async fn acknowledge(&mut self, id: RequestId, done: Result<(), MediaRefusal>) -> Flow {
        match done {
            Ok(()) => self.send(&ServerMessage::Ack { id }).await,
            Err((code, why)) => self.error(Some(id), code, why).await,
        }
    }

    /// Enters the media room (again: a second join starts a new connection).
    async fn media_join(&mut self, id: RequestId, publish: bool) -> Flow {
        let kind = if self.me.is_viewer() {
            PeerKind::Viewer
        } else {
            match self.seated_kind(id).await {
                Ok(kind) => kind,
                Err(flow) => return flow,
            }
        };
        self.join_media(id, publish && kind != PeerKind::Viewer, kind)
            .await
    }

    /// A seat's kind in the media room, once it may join it.
    async fn seated_kind(&mut self, id: RequestId) -> Result<PeerKind, Flow> {
        let seated = match self.read_state().await {
            Some((_, state)) => state
                .participants
                .get(&self.me)
                .map(|p| (p.in_lobby, p.role)),
            None => return Err(self.unavailable(Some(id)).await),
        };
        match seated {
            Some((false, MeetingRole::Interpreter)) => Ok(PeerKind::Interpreter),
            Some((false, _)) => Ok(PeerKind::Participant),
            Some((true, _)) => Err(self
                .error(
                    Some(id),
                    SignalError::InLobby,
                    "waiting in the lobby: the chair admits you first".into(),
                )
                .await),
            None => Err(self
                .error(
                    Some(id),
                    SignalError::NoSuchParticipant,
                    "not seated".into(),
                )
                .await),
        }
    }

    async fn join_media(&mut self, id: RequestId, publish: bool, kind: PeerKind) -> Flow {
        self.media = None;
        let media = &self.node.inner.media;
        // The node carrying the meeting's media (or, with the relay, one
        // of those that do) takes the connection; a participant sent
        // elsewhere gets a ticket there while its signaling stays here.
        let home = match media.place(self.meeting).await {
            Ok(Placement::Here) => None,
            Ok(Placement::Elsewhere(url)) => Some(url),
            Err(e) => {
                tracing::warn!(meeting = %self.meeting, error = %e, "media placement: {e}");
                return self.unavailable(Some(id)).await;
            }
        };
        if let Some(home) = home.filter(|_| !self.media_only) {
            let ticket = match self
                .node
                .inner
                .live
                .issue_media_ticket(self.meeting, self.me)
                .await
            {
                Ok(t) => t,
                Err(_) => {
                    return self
                        .error(
                            Some(id),
                            SignalError::Unavailable,
                            "live meeting state is unavailable; retry".into(),
                        )
                        .await
                }
            };
            let base = home
                .replacen("https://", "wss://", 1)
                .replacen("http://", "ws://", 1);
            let url = format!(
                "{base}/api/v1/meetings/{}/media?v={PROTOCOL_VERSION}&ticket={ticket}",
                self.meeting
            );
            return self.send(&ServerMessage::MediaElsewhere { id, url }).await;
        }
        match media
            .join(
                self.meeting,
                self.me,
                Seat { publish, kind },
                self.media_out.clone(),
            )
            .await
        {
            Ok(peer) => {
                let offer_follows = peer.offer_follows;
                self.media = Some(peer);
                let ice_servers = media.ice_servers(self.meeting, self.me);
                self.send(&ServerMessage::MediaJoined {
                    id,
                    ice_servers,
                    offer_follows,
                })
                .await
            }
            Err((code, why)) => self.error(Some(id), code, why).await,
        }
    }

    async fn send_state(&mut self, id: Option<RequestId>) -> Flow {
        // Held from reading the state to sending it: the fan-out's updates
        // wait, and those the state already holds are then skipped.
        let lane = self.lane.clone();
        let mut writer = lane.writer.lock().await;
        let Some((version, state)) = self.read_state().await else {
            drop(writer);
            return self
                .error(
                    None,
                    SignalError::Unavailable,
                    "live meeting state is unavailable; retry".into(),
                )
                .await;
        };
        if !state.participants.contains_key(&self.me) {
            drop(writer);
            return Flow::End(
                self.goodbye(SignalError::Removed, "your seat in the meeting has ended")
                    .await,
            );
        }
        writer.version = Some(version);
        writer.lobby = state.in_lobby(self.me);
        writer.staff = state
            .participants
            .get(&self.me)
            .is_some_and(|p| p.role.is_staff());
        let message = ServerMessage::State {
            id,
            version,
            state: state.view_for(self.me),
        };
        if writer.out.send(text(&message)).await.is_err() {
            return Flow::End(Ended::Closed);
        }
        Flow::Continue
    }

    /// What the fan-out left to this session.
    async fn on_waiting(&mut self) -> Flow {
        // Woken with nothing left, it still flushes what the fan-out wrote.
        for notice in self.lane.take() {
            if let Flow::End(ended) = self.on_notice(notice).await {
                return Flow::End(ended);
            }
        }
        // Updates are queued without a flush; one write carries them all.
        if self.writer().await.out.flush().await.is_err() {
            return Flow::End(Ended::Closed);
        }
        Flow::Continue
    }

    async fn on_notice(&mut self, notice: Notice) -> Flow {
        let Notice::Update(published) = notice else {
            return self.send_state(None).await;
        };
        let update = &published.update;
        let lane = self.lane.clone();
        let mut writer = lane.writer.lock().await;
        // None: this connection said goodbye.
        let Some(version) = writer.version else {
            return Flow::Continue;
        };
        if update.version <= version {
            return Flow::Continue;
        }
        if update.version != version + 1 {
            drop(writer);
            return self.send_state(None).await;
        }
        writer.version = Some(update.version);
        if writer.lobby {
            drop(writer);
            // Admitted: the whole meeting at once; otherwise nothing of it.
            if crate::fanout::admits(&update.events, self.me) {
                return self.send_state(None).await;
            }
            return match ending(&update.events, self.me, self.connection) {
                Some((code, why)) => Flow::End(self.goodbye(code, why).await),
                None => Flow::Continue,
            };
        }
        let frame = if hides(&update.events, self.me, writer.staff) {
            own_frame(update.version, &update.events, self.me, writer.staff)
        } else {
            Outgoing::Shared(update_frame(&published))
        };
        if writer.out.feed(frame).await.is_err() {
            return Flow::End(Ended::Closed);
        }
        drop(writer);
        match ending(&update.events, self.me, self.connection) {
            Some((code, why)) => Flow::End(self.goodbye(code, why).await),
            None => Flow::Continue,
        }
    }
}

/// Serving connections: each one becomes a [`Session`].
impl Node {
    /// Serves a media-only connection for `participant`, seated on another
    /// node, which sent it here with a media ticket.
    pub async fn serve_media(
        &self,
        meeting: MeetingId,
        participant: ParticipantId,
        incoming: impl Stream<Item = Incoming> + Unpin,
        out: impl Sink<Outgoing> + Unpin + Send + 'static,
    ) -> Ended {
        // Not enrolled in the fan-out: meeting updates reach the participant
        // on its own node.
        // The budget is the seat's user's, looked up once; a viewer's is
        // its connection's own.
        let user = match self.inner.live.get(meeting).await {
            Ok(Some(_)) if participant.is_viewer() => Some(viewer_budget()),
            Ok(Some((_, state))) => state.participants.get(&participant).map(|p| p.user),
            _ => None,
        };
        let Some(user) = user else {
            let mut out = out;
            let _ = out
                .send(text(&ServerMessage::Goodbye {
                    code: SignalError::Removed,
                    message: "your seat in the meeting has ended".into(),
                }))
                .await;
            return Ended::Refused(SignalError::Removed);
        };
        let (mut session, media_in) = Session::new(self, meeting, participant, 0, user, out, true);
        let ended = session.pump(incoming, media_in).await;
        session.media = None;
        ended
    }

    /// Serves one connection until it ends.
    pub async fn serve(
        &self,
        admission: Admission,
        incoming: impl Stream<Item = Incoming> + Unpin,
        mut out: impl Sink<Outgoing> + Unpin + Send + 'static,
    ) -> Ended {
        let meeting = admission.meeting;
        let initial = MeetingState::start(
            admission.rules.clone(),
            &admission.authority,
            admission.lists.clone(),
        );
        let seated = match self.inner.live.create(meeting, &initial).await {
            Ok(_) => self.seat(&admission).await,
            Err(e) => Err(Refusal::Live(e)),
        };
        let (me, connection, resume_token) = match seated {
            Ok(seat) => seat,
            Err(refusal) => {
                let code = refusal.code();
                let message = refusal.to_string();
                let _ = out
                    .send(text(&ServerMessage::Goodbye {
                        code,
                        message: message.clone(),
                    }))
                    .await;
                let _ = out
                    .send(Outgoing::Close {
                        code: 1008,
                        reason: message,
                    })
                    .await;
                return Ended::Refused(code);
            }
        };
        let _watcher = self.watcher(meeting);
        let (mut session, media_in) = Session::new(
            self,
            meeting,
            me,
            connection,
            admission.joiner.user,
            out,
            false,
        );
        session.from = admission.from;
        // Enrolled before the welcome reads the state, so no update falls in
        // between; until the welcome is sent, the session gets them all.
        let _enrolled = self.fanout(meeting).enrol(session.lane.clone());
        let ended = session.run(resume_token, incoming, media_in).await;
        // Leaves the media room before the seat is marked away.
        session.media = None;
        // The seat is held for the grace period (a no-op when the seat is
        // gone or a newer connection holds it).
        let now = now_ms();
        let lost = move |s: &mut MeetingState| Ok(((), s.disconnect(me, connection, now)));
        if let Err(e) = self.update(meeting, &lost).await {
            tracing::warn!(%meeting, error = %e, "could not mark participant {} away: {e}", me.0);
        }
        ended
    }

    /// Serves a viewer's connection: no seat (the meeting's state does not
    /// grow by a viewer), the state and its updates as everyone may read
    /// them, and media received only. `initial` is the meeting's live state
    /// should nobody be in it yet.
    pub async fn serve_viewer(
        &self,
        meeting: MeetingId,
        initial: &MeetingState,
        incoming: impl Stream<Item = Incoming> + Unpin,
        mut out: impl Sink<Outgoing> + Unpin + Send + 'static,
    ) -> Ended {
        if let Err(e) = self.inner.live.create(meeting, initial).await {
            let message = format!("live meeting state is unavailable: {e}");
            let _ = out
                .send(text(&ServerMessage::Goodbye {
                    code: SignalError::Unavailable,
                    message,
                }))
                .await;
            return Ended::Refused(SignalError::Unavailable);
        }
        let me =
            ParticipantId(ParticipantId::VIEWERS_FROM + random_u64() % ParticipantId::VIEWERS_FROM);
        let _watcher = self.watcher(meeting);
        let (mut session, media_in) =
            Session::new(self, meeting, me, random_u64(), viewer_budget(), out, false);
        let _enrolled = self.fanout(meeting).enrol(session.lane.clone());
        let ended = session.run(String::new(), incoming, media_in).await;
        session.media = None;
        ended
    }

    async fn seat(&self, a: &Admission) -> Result<(ParticipantId, u64, String), Refusal> {
        let connection = random_u64();
        if let Some(token) = &a.resume {
            let h = hash(token);
            let user = a.joiner.user;
            let resume = move |s: &mut MeetingState| s.resume(&h, connection, user);
            match self
                .update(a.meeting, &resume)
                .await
                .map_err(Refusal::Live)?
            {
                Ok((me, _)) => return Ok((me, connection, token.clone())),
                // The seat is gone (grace over, removed): take a new one.
                Err(_) => {
                    tracing::debug!(meeting = %a.meeting, "resume token no longer holds a seat")
                }
            }
        }
        let token = random_token();
        let (reply, seated) = tokio::sync::oneshot::channel();
        let waiting = crate::seating::Seating {
            meeting: a.meeting,
            joiner: a.joiner.clone(),
            resume_hash: hash(&token),
            connection,
            reply,
        };
        let gone = || {
            Refusal::Seating(crate::seating::SeatError::Live(
                "the node is stopping".into(),
            ))
        };
        self.inner.seating.send(waiting).map_err(|_| gone())?;
        let me = seated.await.map_err(|_| gone())?.map_err(|e| match e {
            crate::seating::SeatError::Meeting(e) => Refusal::Meeting(e),
            other => Refusal::Seating(other),
        })?;
        Ok((me, connection, token))
    }
}

/// A viewer's message budget: its connection's own (a viewer has no user).
fn viewer_budget() -> UserId {
    UserId(uuid::Uuid::new_v4())
}

fn not_in_media() -> MediaRefusal {
    (
        SignalError::NotInMedia,
        "not in the media room: send media_join first".into(),
    )
}

/// Decodes a client message; on failure, the request id when one could be
/// read, and what is wrong in words.
pub fn decode(text: &str) -> Result<ClientMessage, (Option<RequestId>, String)> {
    serde_json::from_str::<ClientMessage>(text).map_err(|e| {
        let id = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("id").and_then(serde_json::Value::as_u64));
        (
            id,
            format!("not a message of protocol {PROTOCOL_VERSION}: {e}"),
        )
    })
}
