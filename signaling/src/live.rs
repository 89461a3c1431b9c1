//! Live meeting state, shared by every node serving a meeting: in process for
//! one machine, in Redis for several.
//!
//! Each meeting is one [`MeetingState`] with a version. A change reads the
//! state, applies a pure function to it, and writes it back only if nobody
//! else wrote in between (compare-and-set on the version), publishing the
//! resulting events in the same atomic step. Subscribers get every update with
//! its version; a gap in versions, or a [`Notice::Resync`] after Redis came
//! back, means "read the whole state again" (Redis pub/sub is at-most-once).

use crate::meeting::{Event, MeetingError, MeetingState};
use futures_util::StreamExt;
use plenary_protocol::signal::ParticipantId;
use plenary_protocol::MeetingId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// Updates buffered per subscriber before it lags (and must resync).
const CHANNEL_DEPTH: usize = 4096;
/// Attempts of one compare-and-set before giving up under contention.
const MAX_ATTEMPTS: usize = 64;
/// Longest wait for one Redis command: a meeting action fails clearly rather
/// than hanging while Redis is away.
const OP_TIMEOUT: Duration = Duration::from_secs(2);

async fn bounded<T>(
    op: impl std::future::Future<Output = redis::RedisResult<T>>,
) -> Result<T, LiveError> {
    match tokio::time::timeout(OP_TIMEOUT, op).await {
        Ok(result) => Ok(result?),
        Err(_) => Err(LiveError::Unavailable),
    }
}

/// Failures of the live-state backend (never of the meeting's rules).
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("stored meeting state is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("no live state for meeting {0}")]
    NoSuchMeeting(MeetingId),
    #[error("stored version of meeting {0} is not a number")]
    BadVersion(MeetingId),
    #[error("redis did not answer in time")]
    Unavailable,
    #[error("too much contention updating meeting {0}")]
    Contention(MeetingId),
}

/// One accepted change as subscribers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Update {
    pub version: u64,
    pub events: Vec<Event>,
}

/// An update as a node hands it to its subscribers: shared, with a slot for
/// its wire form so a node encodes it once, not once per connection.
#[derive(Debug)]
pub struct Published {
    pub update: Update,
    wire: std::sync::OnceLock<bytes::Bytes>,
}

impl Published {
    pub(crate) fn new(update: Update) -> Arc<Published> {
        Arc::new(Published {
            update,
            wire: std::sync::OnceLock::new(),
        })
    }

    /// The update's wire form, encoded by the first caller.
    pub fn wire(&self, encode: impl FnOnce(&Update) -> Vec<u8>) -> bytes::Bytes {
        self.wire
            .get_or_init(|| bytes::Bytes::from(encode(&self.update)))
            .clone()
    }
}

/// What a node's subscribers receive for a meeting.
#[derive(Debug, Clone)]
pub enum Notice {
    Update(Arc<Published>),
    /// Updates may have been missed: read the state again.
    Resync,
}

/// A change to apply: pure, because it may run again after a conflict.
pub type Change<'a, T> =
    &'a (dyn Fn(&mut MeetingState) -> Result<(T, Vec<Event>), MeetingError> + Sync);

/// A node carrying a meeting's media, as the others see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaNode {
    /// Where browsers reach it.
    pub url: String,
    /// Where the other nodes' relays reach it.
    pub relay: std::net::SocketAddr,
    /// How many more media connections it takes before joiners go elsewhere.
    pub spare: u32,
}

/// How long a node's claim on a meeting's media lasts unless renewed.
pub const MEDIA_LEASE: Duration = Duration::from_secs(30);

/// How long a media ticket stays valid.
const TICKET_LIFETIME: std::time::Duration = Duration::from_secs(60);

/// The live-state backend: one in-process and one Redis implementation.
#[derive(Debug, Clone)]
pub enum LiveStore {
    Memory(MemoryStore),
    Redis(RedisStore),
}

impl LiveStore {
    pub fn memory() -> LiveStore {
        LiveStore::Memory(MemoryStore::default())
    }

    /// Whether the store answers now (Redis: a `PING` within the commands'
    /// timeout).
    pub async fn ping(&self) -> bool {
        match self {
            LiveStore::Memory(_) => true,
            LiveStore::Redis(r) => {
                let mut conn = r.inner.conn.clone();
                let cmd = redis::cmd("PING");
                let ping = cmd.query_async::<String>(&mut conn);
                matches!(tokio::time::timeout(OP_TIMEOUT, ping).await, Ok(Ok(_)))
            }
        }
    }

    /// Connects to Redis and starts this node's subscription task.
    pub async fn redis(url: &str) -> Result<LiveStore, LiveError> {
        Ok(LiveStore::Redis(RedisStore::connect(url).await?))
    }

    /// Stores `initial` unless the meeting already has live state; returns what is stored.
    pub async fn create(
        &self,
        meeting: MeetingId,
        initial: &MeetingState,
    ) -> Result<(u64, MeetingState), LiveError> {
        match self {
            LiveStore::Memory(m) => Ok(m.create(meeting, initial)),
            LiveStore::Redis(r) => r.create(meeting, initial).await,
        }
    }

    pub async fn get(&self, meeting: MeetingId) -> Result<Option<(u64, MeetingState)>, LiveError> {
        match self {
            LiveStore::Memory(m) => Ok(m.get(meeting)),
            LiveStore::Redis(r) => {
                let started = std::time::Instant::now();
                let got = r.get(meeting).await;
                metrics::histogram!("plenary_live_store_seconds", "op" => "get")
                    .record(started.elapsed().as_secs_f64());
                got
            }
        }
    }

    /// Applies `change` atomically. The outer error is the backend's; the inner
    /// one is the meeting refusing the change, which writes nothing.
    pub async fn update<T>(
        &self,
        meeting: MeetingId,
        change: Change<'_, T>,
    ) -> Result<Result<(T, Update), MeetingError>, LiveError> {
        match self {
            LiveStore::Memory(m) => m.update(meeting, change),
            LiveStore::Redis(r) => {
                let started = std::time::Instant::now();
                let updated = r.update(meeting, change).await;
                metrics::histogram!("plenary_live_store_seconds", "op" => "update")
                    .record(started.elapsed().as_secs_f64());
                updated
            }
        }
    }

    /// The node whose SFU carries the meeting's media (its URL): `me` when no
    /// live node holds it (then claimed, or renewed, for `lease`), else the
    /// holder. One node per meeting's media, so every track meets in one room.
    pub async fn media_home(
        &self,
        meeting: MeetingId,
        me: &str,
        lease: Duration,
    ) -> Result<String, LiveError> {
        match self {
            LiveStore::Memory(_) => Ok(me.to_string()),
            LiveStore::Redis(r) => r.media_home(meeting, me, lease).await,
        }
    }

    /// Records (or renews, for `lease`) that `me` carries the meeting's
    /// media, if given; gives every node that does. In one process (the
    /// embedded store) there is no other node.
    pub async fn media_nodes(
        &self,
        meeting: MeetingId,
        me: Option<&MediaNode>,
        lease: Duration,
    ) -> Result<Vec<MediaNode>, LiveError> {
        match self {
            LiveStore::Memory(_) => Ok(me.into_iter().cloned().collect()),
            LiveStore::Redis(r) => r.media_nodes(meeting, me, lease).await,
        }
    }

    /// `me` no longer carries the meeting's media.
    pub async fn leave_media_nodes(&self, meeting: MeetingId, me: &str) -> Result<(), LiveError> {
        match self {
            LiveStore::Memory(_) => Ok(()),
            LiveStore::Redis(r) => {
                let mut conn = r.inner.conn.clone();
                let mut del = redis::cmd("HDEL");
                del.arg(keys::media_nodes(meeting)).arg(me);
                bounded(del.query_async::<i64>(&mut conn)).await.map(|_| ())
            }
        }
    }

    /// Gives up `me`'s claim on the meeting's media (when its room empties).
    pub async fn release_media_home(&self, meeting: MeetingId, me: &str) -> Result<(), LiveError> {
        match self {
            LiveStore::Memory(_) => Ok(()),
            LiveStore::Redis(r) => r.release_media_home(meeting, me).await,
        }
    }

    /// A single-use ticket (valid one minute) that lets `participant` open
    /// a media-only connection at the meeting's media home.
    pub async fn issue_media_ticket(
        &self,
        meeting: MeetingId,
        participant: ParticipantId,
    ) -> Result<String, LiveError> {
        let ticket = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        match self {
            LiveStore::Memory(m) => {
                let mut tickets = m.tickets.lock().unwrap_or_else(|p| p.into_inner());
                let now = std::time::Instant::now();
                tickets.retain(|_, (_, _, at)| now.duration_since(*at) < TICKET_LIFETIME);
                tickets.insert(ticket.clone(), (meeting, participant, now));
            }
            LiveStore::Redis(r) => r.issue_media_ticket(&ticket, meeting, participant).await?,
        }
        Ok(ticket)
    }

    /// Uses up a media ticket: whom it was issued to, if it is still valid.
    pub async fn redeem_media_ticket(
        &self,
        ticket: &str,
    ) -> Result<Option<(MeetingId, ParticipantId)>, LiveError> {
        match self {
            LiveStore::Memory(m) => {
                let mut tickets = m.tickets.lock().unwrap_or_else(|p| p.into_inner());
                Ok(tickets
                    .remove(ticket)
                    .filter(|(_, _, at)| at.elapsed() < TICKET_LIFETIME)
                    .map(|(m, p, _)| (m, p)))
            }
            LiveStore::Redis(r) => r.redeem_media_ticket(ticket).await,
        }
    }

    /// Every later update of the meeting, from any node.
    pub fn subscribe(&self, meeting: MeetingId) -> broadcast::Receiver<Notice> {
        let subscribers = match self {
            LiveStore::Memory(m) => &m.subscribers,
            LiveStore::Redis(r) => &r.inner.subscribers,
        };
        subscribers.subscribe(meeting)
    }
}

/// Local fan-out: one broadcast channel per meeting with subscribers here.
/// A std mutex: held only to look up a map, never across an await.
#[derive(Debug, Default)]
struct Subscribers(Mutex<HashMap<MeetingId, broadcast::Sender<Notice>>>);

impl Subscribers {
    /// A receiver of the meeting's notices. Made under the lock: a sender
    /// without receivers is dropped from the map by the next caller, so a
    /// receiver made after the lock was released could be left on a sender
    /// nobody sends to any more, and its holder (a session, a media room)
    /// would never hear of the meeting again.
    fn subscribe(&self, meeting: MeetingId) -> broadcast::Receiver<Notice> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, tx| tx.receiver_count() > 0);
        map.entry(meeting)
            .or_insert_with(|| broadcast::channel(CHANNEL_DEPTH).0)
            .subscribe()
    }

    fn send(&self, meeting: MeetingId, notice: Notice) {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = map.get(&meeting) {
            let _ = tx.send(notice);
        }
    }

    fn send_all(&self, notice: &Notice) {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for tx in map.values() {
            let _ = tx.send(notice.clone());
        }
    }
}

// ---------------------------------------------------------------- in process

#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    states: Arc<Mutex<HashMap<MeetingId, (u64, MeetingState)>>>,
    subscribers: Arc<Subscribers>,
    tickets: Arc<Mutex<HashMap<String, Ticket>>>,
}

/// A media ticket held in process: for whom, and when it was issued.
type Ticket = (MeetingId, ParticipantId, std::time::Instant);

impl MemoryStore {
    fn create(&self, meeting: MeetingId, initial: &MeetingState) -> (u64, MeetingState) {
        let mut map = self.states.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(meeting)
            .or_insert_with(|| (0, initial.clone()))
            .clone()
    }

    fn get(&self, meeting: MeetingId) -> Option<(u64, MeetingState)> {
        self.states
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&meeting)
            .cloned()
    }

    fn update<T>(
        &self,
        meeting: MeetingId,
        change: Change<'_, T>,
    ) -> Result<Result<(T, Update), MeetingError>, LiveError> {
        let update = {
            let mut map = self.states.lock().unwrap_or_else(|p| p.into_inner());
            let (version, state) = map
                .get_mut(&meeting)
                .ok_or(LiveError::NoSuchMeeting(meeting))?;
            let mut next = state.clone();
            let (value, events) = match change(&mut next) {
                Ok(done) => done,
                Err(refused) => return Ok(Err(refused)),
            };
            if events.is_empty() && next == *state {
                return Ok(Ok((
                    value,
                    Update {
                        version: *version,
                        events,
                    },
                )));
            }
            *version += 1;
            *state = next;
            (
                value,
                Update {
                    version: *version,
                    events,
                },
            )
        };
        self.subscribers
            .send(meeting, Notice::Update(Published::new(update.1.clone())));
        Ok(Ok(update))
    }
}

// ---------------------------------------------------------------- Redis

/// The Redis key layout, in one place.
///
/// - `plenary:meeting:{id}:live` — hash: `v` (version), `state` (JSON of `MeetingState`)
/// - `plenary:meeting:{id}:events` — pub/sub channel: JSON of [`Update`]
/// - `plenary:meeting:{id}:media` — string with a lease: the URL of the node
///   whose SFU carries the meeting's media
/// - `plenary:meeting:{id}:media-nodes` — hash, expiring: each node that
///   carries the meeting's media (its URL) → `{until_ms} {MediaNode JSON}`
/// - `plenary:media-ticket:{ticket}` — string, one minute: `{meeting} {participant}`
pub mod keys {
    use plenary_protocol::MeetingId;

    pub fn media_nodes(meeting: MeetingId) -> String {
        format!("plenary:meeting:{meeting}:media-nodes")
    }

    pub fn media_home(meeting: MeetingId) -> String {
        format!("plenary:meeting:{meeting}:media")
    }

    pub fn media_ticket(ticket: &str) -> String {
        format!("plenary:media-ticket:{ticket}")
    }

    pub const EVENTS_PATTERN: &str = "plenary:meeting:*:events";

    pub fn live(meeting: MeetingId) -> String {
        format!("plenary:meeting:{meeting}:live")
    }

    pub fn events(meeting: MeetingId) -> String {
        format!("plenary:meeting:{meeting}:events")
    }

    /// The meeting a channel name belongs to.
    pub fn meeting_of_channel(channel: &str) -> Option<MeetingId> {
        channel
            .strip_prefix("plenary:meeting:")?
            .strip_suffix(":events")?
            .parse()
            .ok()
    }
}

/// Writes the new state and publishes its update only if the version is still
/// the one read: the read-apply-write of a change is atomic across nodes.
const COMPARE_AND_SET: &str = r"
local v = redis.call('HGET', KEYS[1], 'v')
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'state', ARGV[3])
redis.call('PUBLISH', KEYS[2], ARGV[4])
return 1
";

#[derive(Debug, Clone)]
pub struct RedisStore {
    inner: Arc<RedisInner>,
}

/// Per meeting on this node: a lock so this node's own changes to a meeting
/// go one at a time (only other nodes can then race it), holding the state
/// this node last wrote, so the next change needs no read unless another
/// node wrote in between (the compare-and-set then fails and it reads).
type Writers =
    std::sync::Mutex<HashMap<MeetingId, Arc<tokio::sync::Mutex<Option<(u64, MeetingState)>>>>>;

/// Meetings whose last-written state a node keeps at most; past it, the
/// entries no change is using are dropped (they are only a shortcut).
const MAX_WRITERS: usize = 1024;

/// Per meeting on this node: the newest state it read or wrote, and its
/// version. A read sends the version along and Redis returns the state only
/// if it changed: a plenary's hundreds of reads of an unchanged state (each
/// newcomer's welcome, each media room's look at the floor) then move and
/// parse no copy of it.
type Known = std::sync::Mutex<HashMap<MeetingId, (u64, MeetingState)>>;

struct RedisInner {
    /// Reconnects by itself; commands fail fast while Redis is away.
    conn: redis::aio::ConnectionManager,
    writers: Writers,
    known: Known,
    script: redis::Script,
    read_script: redis::Script,
    subscribers: Arc<Subscribers>,
    listener: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for RedisInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisInner").finish_non_exhaustive()
    }
}

impl Drop for RedisInner {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

/// The version, and the state unless its version is the one given.
const READ_IF_CHANGED: &str = r"
local v = redis.call('HGET', KEYS[1], 'v')
if v == ARGV[1] then return {v} end
return redis.call('HMGET', KEYS[1], 'v', 'state')
";

/// Claims the media home unless another node holds it; renews our own.
const MEDIA_HOME_SCRIPT: &str = r"
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return holder
";

/// Writes this node's entry, if given (until Redis's now plus the lease), and gives
/// the entries still live, deleting the others: Redis's clock, so the
/// nodes' own clocks need not agree.
const MEDIA_NODES_SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[1], (now + lease) .. ' ' .. ARGV[2])
  redis.call('PEXPIRE', KEYS[1], lease)
end
local all = redis.call('HGETALL', KEYS[1])
local live = {}
for i = 1, #all, 2 do
  local space = string.find(all[i + 1], ' ')
  local until_ms = space and tonumber(string.sub(all[i + 1], 1, space - 1))
  if until_ms and until_ms > now then
    table.insert(live, string.sub(all[i + 1], space + 1))
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return live
";

/// Deletes the media home only if it is still ours.
const RELEASE_MEDIA_HOME_SCRIPT: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

impl RedisStore {
    async fn media_home(
        &self,
        meeting: MeetingId,
        me: &str,
        lease: Duration,
    ) -> Result<String, LiveError> {
        let mut conn = self.inner.conn.clone();
        let script = redis::Script::new(MEDIA_HOME_SCRIPT);
        let mut call = script.key(keys::media_home(meeting));
        call.arg(me)
            .arg(u64::try_from(lease.as_millis()).unwrap_or(u64::MAX));
        bounded(call.invoke_async(&mut conn)).await
    }

    async fn media_nodes(
        &self,
        meeting: MeetingId,
        me: Option<&MediaNode>,
        lease: Duration,
    ) -> Result<Vec<MediaNode>, LiveError> {
        let mut conn = self.inner.conn.clone();
        let script = redis::Script::new(MEDIA_NODES_SCRIPT);
        let mut call = script.key(keys::media_nodes(meeting));
        call.arg(me.map_or("", |m| m.url.as_str()))
            .arg(
                me.and_then(|m| serde_json::to_string(m).ok())
                    .unwrap_or_default(),
            )
            .arg(u64::try_from(lease.as_millis()).unwrap_or(u64::MAX));
        let entries: Vec<String> = bounded(call.invoke_async(&mut conn)).await?;
        Ok(entries
            .iter()
            .filter_map(|e| serde_json::from_str(e).ok())
            .collect())
    }

    async fn release_media_home(&self, meeting: MeetingId, me: &str) -> Result<(), LiveError> {
        let mut conn = self.inner.conn.clone();
        let script = redis::Script::new(RELEASE_MEDIA_HOME_SCRIPT);
        let mut call = script.key(keys::media_home(meeting));
        call.arg(me);
        let _: i64 = bounded(call.invoke_async(&mut conn)).await?;
        Ok(())
    }

    async fn issue_media_ticket(
        &self,
        ticket: &str,
        meeting: MeetingId,
        participant: ParticipantId,
    ) -> Result<(), LiveError> {
        let mut conn = self.inner.conn.clone();
        let set = redis::cmd("SET")
            .arg(keys::media_ticket(ticket))
            .arg(format!("{meeting} {}", participant.0))
            .arg("EX")
            .arg(TICKET_LIFETIME.as_secs())
            .to_owned();
        let _: () = bounded(set.query_async(&mut conn)).await?;
        Ok(())
    }

    async fn redeem_media_ticket(
        &self,
        ticket: &str,
    ) -> Result<Option<(MeetingId, ParticipantId)>, LiveError> {
        let mut conn = self.inner.conn.clone();
        let take = redis::cmd("GETDEL")
            .arg(keys::media_ticket(ticket))
            .to_owned();
        let value: Option<String> = bounded(take.query_async(&mut conn)).await?;
        Ok(value.and_then(|v| {
            let (meeting, participant) = v.split_once(' ')?;
            Some((
                meeting.parse().ok()?,
                ParticipantId(participant.parse().ok()?),
            ))
        }))
    }

    async fn connect(url: &str) -> Result<RedisStore, LiveError> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(2))
            .set_response_timeout(Duration::from_secs(2))
            .set_number_of_retries(3)
            // The retry delay is 1 s times `factor` to the power of the attempt:
            // keep it short so a node is back within a second or two of Redis.
            .set_factor(2)
            .set_max_delay(1000);
        let conn = redis::aio::ConnectionManager::new_with_config(client.clone(), config).await?;
        let subscribers = Arc::new(Subscribers::default());
        let listener = tokio::spawn(listen(client, subscribers.clone()));
        Ok(RedisStore {
            inner: Arc::new(RedisInner {
                conn,
                writers: Writers::default(),
                known: Known::default(),
                script: redis::Script::new(COMPARE_AND_SET),
                read_script: redis::Script::new(READ_IF_CHANGED),
                subscribers,
                listener,
            }),
        })
    }

    async fn create(
        &self,
        meeting: MeetingId,
        initial: &MeetingState,
    ) -> Result<(u64, MeetingState), LiveError> {
        let mut conn = self.inner.conn.clone();
        let state = serde_json::to_string(initial)?;
        // HSETNX on the version first: only the first node creates.
        let created: bool = bounded(
            redis::cmd("HSETNX")
                .arg(keys::live(meeting))
                .arg("v")
                .arg("0")
                .query_async(&mut conn),
        )
        .await?;
        if created {
            let () = bounded(
                redis::cmd("HSET")
                    .arg(keys::live(meeting))
                    .arg("state")
                    .arg(&state)
                    .query_async(&mut conn),
            )
            .await?;
        }
        // A creator that died between the two commands left a version without state.
        match self.get(meeting).await? {
            Some(found) => Ok(found),
            None => {
                let () = bounded(
                    redis::cmd("HSETNX")
                        .arg(keys::live(meeting))
                        .arg("state")
                        .arg(&state)
                        .query_async(&mut conn),
                )
                .await?;
                self.get(meeting)
                    .await?
                    .ok_or(LiveError::NoSuchMeeting(meeting))
            }
        }
    }

    async fn get(&self, meeting: MeetingId) -> Result<Option<(u64, MeetingState)>, LiveError> {
        let mut conn = self.inner.conn.clone();
        let known = self.known(meeting);
        let mut read = self.inner.read_script.key(keys::live(meeting));
        read.arg(known.as_ref().map_or(String::new(), |(v, _)| v.to_string()));
        // A read is safe to repeat: the first command after Redis comes back
        // can find the old connection dead while the manager reconnects.
        let got: Vec<Option<String>> = match bounded(read.invoke_async(&mut conn)).await {
            Err(LiveError::Redis(e)) if e.is_connection_dropped() || e.is_io_error() => {
                bounded(read.invoke_async(&mut conn)).await?
            }
            other => other?,
        };
        let version = match got.first() {
            Some(Some(v)) => v
                .parse::<u64>()
                .map_err(|_| LiveError::BadVersion(meeting))?,
            _ => return Ok(None),
        };
        match (got.get(1), known) {
            (Some(Some(state)), _) => {
                let state: MeetingState = serde_json::from_str(state)?;
                self.remember(meeting, version, &state);
                Ok(Some((version, state)))
            }
            (None, Some((v, state))) if v == version => Ok(Some((v, state))),
            _ => Ok(None),
        }
    }

    /// The newest state this node knows of the meeting.
    fn known(&self, meeting: MeetingId) -> Option<(u64, MeetingState)> {
        let known = self.inner.known.lock().unwrap_or_else(|p| p.into_inner());
        known.get(&meeting).cloned()
    }

    /// Keeps `state` as the newest known, unless a newer one is.
    fn remember(&self, meeting: MeetingId, version: u64, state: &MeetingState) {
        let mut known = self.inner.known.lock().unwrap_or_else(|p| p.into_inner());
        if known.len() >= MAX_WRITERS && !known.contains_key(&meeting) {
            // Only a shortcut: forgetting costs one full read each.
            known.clear();
        }
        match known.get(&meeting) {
            Some((v, _)) if *v >= version => {}
            _ => {
                known.insert(meeting, (version, state.clone()));
            }
        }
    }

    async fn update<T>(
        &self,
        meeting: MeetingId,
        change: Change<'_, T>,
    ) -> Result<Result<(T, Update), MeetingError>, LiveError> {
        let mut conn = self.inner.conn.clone();
        let writer = {
            let mut writers = self.inner.writers.lock().unwrap_or_else(|p| p.into_inner());
            if writers.len() > MAX_WRITERS {
                writers.retain(|_, w| Arc::strong_count(w) > 1);
            }
            writers.entry(meeting).or_default().clone()
        };
        let mut last_written = writer.lock().await;
        for attempt in 0..MAX_ATTEMPTS {
            let (cached, (version, state)) = match last_written.take() {
                Some(known) => (true, known),
                None => (
                    false,
                    self.get(meeting)
                        .await?
                        .ok_or(LiveError::NoSuchMeeting(meeting))?,
                ),
            };
            let mut next = state.clone();
            let (value, events) = match change(&mut next) {
                Ok(done) => done,
                // The kept state may be behind another node's writes: only a
                // refusal of the state just read is final.
                Err(_) if cached => continue,
                Err(refused) => return Ok(Err(refused)),
            };
            if events.is_empty() && next == state {
                if cached {
                    continue;
                }
                *last_written = Some((version, state));
                return Ok(Ok((value, Update { version, events })));
            }
            let update = Update {
                version: version + 1,
                events,
            };
            let written: i64 = bounded(
                self.inner
                    .script
                    .key(keys::live(meeting))
                    .key(keys::events(meeting))
                    .arg(version.to_string())
                    .arg(update.version.to_string())
                    .arg(serde_json::to_string(&next)?)
                    .arg(serde_json::to_string(&update)?)
                    .invoke_async(&mut conn),
            )
            .await?;
            if written == 1 {
                self.remember(meeting, update.version, &next);
                *last_written = Some((update.version, next));
                return Ok(Ok((value, update)));
            }
            // Another node won the race: back off a little, read again.
            tokio::time::sleep(Duration::from_millis((attempt as u64).min(20))).await;
        }
        Err(LiveError::Contention(meeting))
    }
}

/// This node's one pub/sub connection: receives every meeting's updates and
/// hands them to local subscribers. Reconnects with backoff; after any
/// (re)connection tells every subscriber to resync, since pub/sub dropped
/// whatever was published meanwhile.
async fn listen(client: redis::Client, subscribers: Arc<Subscribers>) {
    let mut backoff = Duration::from_millis(50);
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.psubscribe(keys::EVENTS_PATTERN).await {
                Ok(()) => {
                    backoff = Duration::from_millis(50);
                    subscribers.send_all(&Notice::Resync);
                    let mut stream = pubsub.on_message();
                    while let Some(msg) = stream.next().await {
                        let Some(meeting) = keys::meeting_of_channel(msg.get_channel_name()) else {
                            continue;
                        };
                        match msg
                            .get_payload::<String>()
                            .map(|p| serde_json::from_str::<Update>(&p))
                        {
                            Ok(Ok(update)) => {
                                subscribers.send(meeting, Notice::Update(Published::new(update)))
                            }
                            _ => {
                                tracing::warn!(meeting_id = %meeting, "unreadable live update for meeting {meeting}; asking for resync");
                                subscribers.send(meeting, Notice::Resync);
                            }
                        }
                    }
                    tracing::warn!("lost the Redis subscription; reconnecting");
                }
                Err(e) => tracing::warn!(error = %e, "Redis subscribe failed: {e}"),
            },
            Err(e) => tracing::debug!(error = %e, "Redis not reachable for pub/sub: {e}"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads subscribing at once to meetings new to the map: each
    /// receiver hears its meeting afterwards. (A receiver made after the
    /// map's lock was released could be left on a sender another
    /// subscriber had just dropped as having no receivers.)
    #[test]
    fn every_receiver_made_while_others_subscribe_hears_its_meeting() {
        let subscribers = Arc::new(Subscribers::default());
        let threads: Vec<_> = (0..4u128)
            .map(|t| {
                let subscribers = subscribers.clone();
                std::thread::spawn(move || {
                    (0..1_500u128)
                        .map(|i| {
                            let meeting = MeetingId(uuid::Uuid::from_u128(t << 64 | i));
                            (meeting, subscribers.subscribe(meeting))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut receivers = Vec::new();
        for t in threads {
            receivers.extend(t.join().expect("thread"));
        }
        for (meeting, _) in &receivers {
            subscribers.send(*meeting, Notice::Resync);
        }
        let deaf = receivers
            .iter_mut()
            .map(|(_, rx)| rx.try_recv())
            .filter(|heard| !matches!(heard, Ok(Notice::Resync)))
            .count();
        assert_eq!(deaf, 0, "receivers that never hear their meeting");
    }
}
