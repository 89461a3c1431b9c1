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
//! Per meeting, each node with sessions runs one [`Watcher`]: it fires the
//! speaking-time events and frees seats whose grace has run out. Several
//! nodes may run one for the same meeting; compare-and-set in the live store
//! makes each event happen once. Updates reach the clients through the
//! meeting's [`Fanout`] on this node, which wakes a session only for what it
//! cannot write itself.

use crate::fanout::{ending, update_frame, Fanout, Lane, Writer};
use crate::frames::text;
pub use crate::frames::{now_ms, Incoming, Outgoing};
use crate::live::MEDIA_LEASE;
use crate::live::{LiveError, LiveStore, Notice, Update};
use crate::media::{Media, MediaConfig, MediaPeer, MediaRefusal};
use crate::meeting::{Authority, Joiner, MeetingError, MeetingState, Rules};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use plenary_protocol::signal::*;
use plenary_protocol::{MeetingId, UserId};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::Instant;

/// Limits and timings of the signaling service.
#[derive(Debug, Clone)]
pub struct SignalConfig {
    /// How long a lost connection's seat is held for its resume token.
    pub grace: Duration,
    /// How often the server pings an idle connection.
    pub ping_interval: Duration,
    /// A connection silent this long (no message, no pong) is closed.
    pub idle_timeout: Duration,
    /// Largest message answered with an error rather than a close.
    pub max_message_bytes: usize,
    /// Sustained messages per second per connection.
    pub rate_per_sec: u32,
    /// Messages allowed in a burst above the sustained rate.
    pub burst: u32,
    /// Messages refused for rate within one window before the connection is closed.
    pub flood_close_after: u32,
    /// The SFU's settings on this node.
    pub media: MediaConfig,
    /// This node's own URL (browsers open media connections to it when it
    /// carries a meeting's media); one hub of one node may leave it empty.
    pub node_url: String,
}

impl Default for SignalConfig {
    fn default() -> Self {
        SignalConfig {
            grace: Duration::from_secs(60),
            ping_interval: Duration::from_secs(15),
            idle_timeout: Duration::from_secs(45),
            // An SDP offer with camera, microphone and screen is 6-10 KB.
            max_message_bytes: 32 * 1024,
            rate_per_sec: 10,
            burst: 30,
            flood_close_after: 50,
            media: MediaConfig::default(),
            node_url: String::new(),
        }
    }
}

/// One accepted change, for the durable meeting record.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub meeting: MeetingId,
    pub version: u64,
    pub at: Millis,
    pub events: Vec<Event>,
}

/// Who may join, decided by the server from the session or join token.
#[derive(Debug, Clone)]
pub struct Admission {
    pub meeting: MeetingId,
    pub joiner: Joiner,
    /// Closed meetings seat delegates in the lobby.
    pub closed: bool,
    pub rules: Rules,
    /// A resume token from an earlier connection.
    pub resume: Option<String>,
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn random_u64() -> u64 {
    let (high, _) = uuid::Uuid::new_v4().as_u64_pair();
    high
}

fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// This node's signaling service: the live store, the record, and the
/// per-meeting watchers.
#[derive(Debug, Clone)]
pub struct Node {
    inner: Arc<NodeInner>,
}

#[derive(Debug)]
struct NodeInner {
    live: LiveStore,
    config: SignalConfig,
    record: mpsc::Sender<Recorded>,
    watchers: Mutex<HashMap<MeetingId, Weak<Watcher>>>,
    fanouts: Mutex<HashMap<MeetingId, Weak<Fanout>>>,
    shutdown: watch::Receiver<bool>,
    media: Media,
    /// Each user's message budget, shared by all their connections here.
    budgets: Mutex<HashMap<UserId, Weak<Mutex<Bucket>>>>,
}

/// Keeps a meeting's timers running on this node while it has sessions here.
#[derive(Debug)]
pub struct Watcher {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Why a session ended, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The client closed the connection (or it broke).
    Closed,
    /// The server closed it with this code.
    Goodbye(SignalError),
    /// The seat could not be taken.
    Refused(SignalError),
}

impl Node {
    /// `record` receives every change this node makes, for the SQL record;
    /// setting `shutdown` to true ends every session with `shutting_down`.
    pub fn new(
        live: LiveStore,
        config: SignalConfig,
        record: mpsc::Sender<Recorded>,
        shutdown: watch::Receiver<bool>,
    ) -> Node {
        let media = Media::new(config.media.clone(), live.clone(), config.node_url.clone());
        Node {
            inner: Arc::new(NodeInner {
                live,
                config,
                media,
                record,
                watchers: Mutex::new(HashMap::new()),
                fanouts: Mutex::new(HashMap::new()),
                shutdown,
                budgets: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// `user`'s message budget on this node, made when their first
    /// connection here opens and dropped with their last.
    fn budget(&self, user: UserId) -> Arc<Mutex<Bucket>> {
        let mut budgets = self
            .inner
            .budgets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(bucket) = budgets.get(&user).and_then(Weak::upgrade) {
            return bucket;
        }
        budgets.retain(|_, b| b.strong_count() > 0);
        let config = &self.inner.config;
        let bucket = Arc::new(Mutex::new(Bucket::new(config.rate_per_sec, config.burst)));
        budgets.insert(user, Arc::downgrade(&bucket));
        bucket
    }

    /// Ends every seat `user` holds in `meeting`: their access ended
    /// outside it (disabled, signed out everywhere, role changed). A meeting
    /// that is not live has nothing to end.
    pub async fn end_access(&self, meeting: MeetingId, user: UserId) -> Result<(), LiveError> {
        let now = now_ms();
        let change = move |s: &mut MeetingState| Ok(((), s.end_access(user, now)));
        self.apply_outside(meeting, &change).await
    }

    /// Applies the meeting's record (access, agenda, chair) to its live
    /// state, if it is live.
    pub async fn reconfigure(
        &self,
        meeting: MeetingId,
        authority: Authority,
    ) -> Result<(), LiveError> {
        let now = now_ms();
        let change = move |s: &mut MeetingState| Ok(((), s.reconfigure(&authority, now)));
        self.apply_outside(meeting, &change).await
    }

    async fn apply_outside(
        &self,
        meeting: MeetingId,
        change: crate::live::Change<'_, ()>,
    ) -> Result<(), LiveError> {
        match self.update(meeting, change).await {
            Ok(_) | Err(LiveError::NoSuchMeeting(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// This node's media rooms.
    pub fn media(&self) -> &Media {
        &self.inner.media
    }

    /// The live-state store this node uses.
    pub fn live_store(&self) -> &LiveStore {
        &self.inner.live
    }

    /// Applies a change and records what it produced.
    async fn update<T>(
        &self,
        meeting: MeetingId,
        change: crate::live::Change<'_, T>,
    ) -> Result<Result<(T, Update), MeetingError>, LiveError> {
        let outcome = self.inner.live.update(meeting, change).await?;
        if let Ok((_, update)) = &outcome {
            if !update.events.is_empty() {
                let recorded = Recorded {
                    meeting,
                    version: update.version,
                    at: now_ms(),
                    events: update.events.clone(),
                };
                if self.inner.record.send(recorded).await.is_err() {
                    tracing::warn!(%meeting, "the meeting record is closed; an update was not recorded");
                }
            }
        }
        Ok(outcome)
    }

    fn watcher(&self, meeting: MeetingId) -> Arc<Watcher> {
        let mut map = self
            .inner
            .watchers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        map.retain(|_, w| w.strong_count() > 0);
        if let Some(w) = map.get(&meeting).and_then(Weak::upgrade) {
            return w;
        }
        let node = self.clone();
        let watcher = Arc::new(Watcher {
            task: tokio::spawn(async move { node.watch(meeting).await }),
        });
        map.insert(meeting, Arc::downgrade(&watcher));
        watcher
    }

    fn fanout(&self, meeting: MeetingId) -> Arc<Fanout> {
        let mut map = self.inner.fanouts.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, f| f.strong_count() > 0);
        if let Some(f) = map.get(&meeting).and_then(Weak::upgrade) {
            return f;
        }
        let fanout = Arc::new(Fanout::start(&self.inner.live, meeting));
        map.insert(meeting, Arc::downgrade(&fanout));
        fanout
    }

    /// Fires timer events and frees expired seats when they are due.
    async fn watch(&self, meeting: MeetingId) {
        let grace = u64::try_from(self.inner.config.grace.as_millis()).unwrap_or(u64::MAX);
        let mut notices = self.inner.live.subscribe(meeting);
        loop {
            let due = match self.inner.live.get(meeting).await {
                Ok(Some((_, state))) => [state.next_deadline(), state.next_reap(grace)]
                    .into_iter()
                    .flatten()
                    .min(),
                Ok(None) => None,
                Err(_) => Some(now_ms() + 1000),
            };
            let wait = due.map(|d| Duration::from_millis(d.saturating_sub(now_ms())));
            let sleep = async {
                match wait {
                    Some(w) => tokio::time::sleep(w).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = sleep => {
                    let now = now_ms();
                    let tick = move |s: &mut MeetingState| {
                        let mut events = s.tick(now);
                        events.extend(s.reap(now, grace));
                        Ok(((), events))
                    };
                    if let Err(e) = self.update(meeting, &tick).await {
                        tracing::warn!(%meeting, error = %e, "meeting timer: {e}");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                }
                notice = notices.recv() => {
                    if let Err(broadcast::error::RecvError::Closed) = notice {
                        return;
                    }
                }
            }
        }
    }

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
        // The budget is the seat's user's, looked up once.
        let user = match self.inner.live.get(meeting).await {
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
        let initial = MeetingState::new(admission.rules.clone(), admission.closed);
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
        let h = hash(&token);
        let joiner = a.joiner.clone();
        let join = move |s: &mut MeetingState| s.join_with(joiner.clone(), h.clone(), connection);
        let (me, _) = self
            .update(a.meeting, &join)
            .await
            .map_err(Refusal::Live)?
            .map_err(Refusal::Meeting)?;
        Ok((me, connection, token))
    }
}

#[derive(Debug, thiserror::Error)]
enum Refusal {
    #[error("{0}")]
    Meeting(MeetingError),
    #[error("live meeting state is unavailable: {0}")]
    Live(LiveError),
}

impl Refusal {
    fn code(&self) -> SignalError {
        match self {
            Refusal::Meeting(e) => e.signal(),
            Refusal::Live(_) => SignalError::Unavailable,
        }
    }
}

/// Token bucket: `rate` per second, `burst` at most.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    rate: f64,
    burst: f64,
    at: Instant,
}

impl Bucket {
    fn new(rate: u32, burst: u32) -> Bucket {
        Bucket {
            tokens: f64::from(burst),
            rate: f64::from(rate),
            burst: f64::from(burst),
            at: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

struct Session<'a, S> {
    node: &'a Node,
    meeting: MeetingId,
    me: ParticipantId,
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
}

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
            connection,
            lane: Lane::new(out, me, connection),
            bucket,
            refused_for_rate: 0,
            media: None,
            media_out,
            media_only,
        };
        (session, media_in)
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
        drop(writer);
        self.pump(incoming, media_in).await
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
            ClientMessage::MediaLeave { id } => {
                self.media = None;
                self.send(&ServerMessage::Ack { id }).await
            }
            ClientMessage::Act { id, command } => {
                let me = self.me;
                let now = now_ms();
                let act =
                    move |s: &mut MeetingState| s.apply(me, command.clone(), now).map(|e| ((), e));
                match self.node.update(self.meeting, &act).await {
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
        let seated = match self.read_state().await {
            Some((_, state)) => state.participants.get(&self.me).map(|p| p.in_lobby),
            None => return self.unavailable(Some(id)).await,
        };
        match seated {
            Some(false) => {}
            Some(true) => {
                return self
                    .error(
                        Some(id),
                        SignalError::InLobby,
                        "waiting in the lobby: the chair admits you first".into(),
                    )
                    .await
            }
            None => {
                return self
                    .error(
                        Some(id),
                        SignalError::NoSuchParticipant,
                        "not seated".into(),
                    )
                    .await
            }
        }
        self.media = None;
        let media = &self.node.inner.media;
        // One node carries a meeting's media; a participant seated elsewhere
        // is sent there with a ticket while its signaling stays here.
        let here = &self.node.inner.config.node_url;
        let home = match self
            .node
            .inner
            .live
            .media_home(self.meeting, here, MEDIA_LEASE)
            .await
        {
            Ok(home) => home,
            Err(e) => {
                tracing::warn!(meeting = %self.meeting, error = %e, "media home: {e}");
                return self.unavailable(Some(id)).await;
            }
        };
        if &home != here && !self.media_only {
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
            .join(self.meeting, self.me, publish, self.media_out.clone())
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
        if writer
            .out
            .feed(Outgoing::Shared(update_frame(&published)))
            .await
            .is_err()
        {
            return Flow::End(Ended::Closed);
        }
        drop(writer);
        match ending(&update.events, self.me, self.connection) {
            Some((code, why)) => Flow::End(self.goodbye(code, why).await),
            None => Flow::Continue,
        }
    }
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
