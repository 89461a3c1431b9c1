//! This node's signaling service: its configuration, the live store and the
//! record channel it hands to sessions, and one [`Watcher`] per meeting with
//! sessions here.
//!
//! The watcher fires the speaking-time events and frees seats whose grace
//! has run out. Several nodes may run one for the same meeting;
//! compare-and-set in the live store makes each event happen once. Updates
//! reach the clients through the meeting's [`Fanout`] on this node, which
//! wakes a session only for what it cannot write itself.

use crate::ballots::{start_board, BallotBox, Shown};
use crate::fanout::Fanout;
use crate::frames::now_ms;
use crate::live::{LiveError, LiveStore, Update};
use crate::media::{Media, MediaConfig};
use crate::meeting::{Authority, Joiner, MeetingError, MeetingState, Rules};
use plenary_protocol::signal::*;
use plenary_protocol::{MeetingId, UserId};
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
    /// Whose command it was; `None` for what the meeting did itself
    /// (timers, lost connections) or the hub did to it.
    pub by: Option<Actor>,
}

/// Who made a change: the participant, its user, and the address its
/// connection comes from (for the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub participant: ParticipantId,
    pub user: UserId,
    pub from: Option<std::net::IpAddr>,
}

/// Who may join, decided by the server from the session or join token.
#[derive(Debug, Clone)]
pub struct Admission {
    pub meeting: MeetingId,
    pub joiner: Joiner,
    /// What the meeting's record says of its seats, for a meeting that
    /// starts live with this admission.
    pub authority: Authority,
    /// The lists of speakers its agenda items carry (from before the
    /// meeting, or earlier sittings), by position.
    pub lists: std::collections::BTreeMap<u32, SpeakersList>,
    pub rules: Rules,
    /// A resume token from an earlier connection.
    pub resume: Option<String>,
    /// The client's address, through the trusted proxies.
    pub from: Option<std::net::IpAddr>,
}

/// This node's signaling service: the live store, the record, and the
/// per-meeting watchers.
#[derive(Debug, Clone)]
pub struct Node {
    pub(crate) inner: Arc<NodeInner>,
}

#[derive(Debug)]
pub(crate) struct NodeInner {
    pub(crate) live: LiveStore,
    pub(crate) config: SignalConfig,
    pub(crate) record: mpsc::Sender<Recorded>,
    pub(crate) watchers: Mutex<HashMap<MeetingId, Weak<Watcher>>>,
    pub(crate) fanouts: Mutex<HashMap<MeetingId, Weak<Fanout>>>,
    pub(crate) shutdown: watch::Receiver<bool>,
    pub(crate) media: Media,
    /// Each user's message budget, shared by all their connections here.
    pub(crate) budgets: Mutex<HashMap<UserId, Weak<Mutex<Bucket>>>>,
    /// Where votes are stored.
    pub(crate) ballots: Arc<dyn BallotBox>,
    /// Ballots stored here, for the live state's voting board.
    pub(crate) board: mpsc::UnboundedSender<Shown>,
    /// Newcomers waiting for a seat, for the seating board.
    pub(crate) seating: mpsc::UnboundedSender<crate::seating::Seating>,
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
        ballots: Arc<dyn BallotBox>,
        recordings: Option<Arc<dyn crate::recording::Recordings>>,
        shutdown: watch::Receiver<bool>,
    ) -> std::io::Result<Node> {
        let media = Media::new(
            config.media.clone(),
            live.clone(),
            config.node_url.clone(),
            recordings,
        )?;
        Ok(Node {
            inner: Arc::new_cyclic(|me| NodeInner {
                live,
                config,
                media,
                record,
                watchers: Mutex::new(HashMap::new()),
                fanouts: Mutex::new(HashMap::new()),
                shutdown,
                budgets: Mutex::new(HashMap::new()),
                ballots,
                board: start_board(me.clone()),
                seating: crate::seating::start(me.clone()),
            }),
        })
    }

    /// `user`'s message budget on this node, made when their first
    /// connection here opens and dropped with their last.
    pub(crate) fn budget(&self, user: UserId) -> Arc<Mutex<Bucket>> {
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
    /// The meetings with sessions on this node now.
    pub fn meetings_here(&self) -> Vec<MeetingId> {
        let map = self
            .inner
            .watchers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        map.iter()
            .filter(|(_, w)| w.strong_count() > 0)
            .map(|(m, _)| *m)
            .collect()
    }

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

    pub(crate) async fn apply_outside(
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
    pub(crate) async fn update<T>(
        &self,
        meeting: MeetingId,
        change: crate::live::Change<'_, T>,
    ) -> Result<Result<(T, Update), MeetingError>, LiveError> {
        self.update_by(meeting, None, change).await
    }

    /// Applies `by`'s change and records what it produced, and who did it.
    pub(crate) async fn update_by<T>(
        &self,
        meeting: MeetingId,
        by: Option<Actor>,
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
                    by,
                };
                if self.inner.record.send(recorded).await.is_err() {
                    tracing::warn!(%meeting, "the meeting record is closed; an update was not recorded");
                }
            }
        }
        Ok(outcome)
    }

    pub(crate) fn watcher(&self, meeting: MeetingId) -> Arc<Watcher> {
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

    pub(crate) fn fanout(&self, meeting: MeetingId) -> Arc<Fanout> {
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
    pub(crate) async fn watch(&self, meeting: MeetingId) {
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
            let wait = due.map(|d| Duration::from_millis(d.since(now_ms())));
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
}

/// Token bucket: `rate` per second, `burst` at most.
#[derive(Debug)]
pub(crate) struct Bucket {
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

    pub(crate) fn take(&mut self) -> bool {
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
