//! Live meetings over websockets: who may connect, and as what. The sessions
//! themselves (what a connection does) live in `plenary_signaling::session`;
//! this module adapts axum's websocket to them, and hands what they record to
//! `record`.
//!
//! A browser connects with its session cookie, and its `Origin` must be the
//! hub's own (so another site cannot open a socket with the user's cookie).
//! Other clients ask for a single-use join token, valid one minute, and
//! connect with `?token=`.

use crate::auth::{token_hash, Caller, Viewer};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path, Query};
use crate::record::{self, RecordLine};
use crate::scheduling::{meeting_by_id, visible_meeting};
use crate::validate::Broken;
use crate::AppState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;
use plenary_protocol::api::{JoinToken, Meeting, MeetingStatus, Role};
use plenary_protocol::signal::{MeetingRole, PROTOCOL_VERSION};
use plenary_protocol::{MeetingId, Problem, UserId};
use plenary_signaling::frames::{Incoming, Outgoing};
use plenary_signaling::live::LiveStore;
use plenary_signaling::meeting::{Authority, Joiner, MeetingState, Rules};
use plenary_signaling::node::{Admission, Node, SignalConfig};
use serde::Deserialize;
use sqlx::Row;
use tokio::sync::{mpsc, watch};

/// Largest websocket message the socket layer reads at all; the session
/// answers anything over its own, smaller limit with an error.
const MAX_SOCKET_MESSAGE: usize = 64 * 1024;

/// Bytes read from a meeting's socket at a time.
const READ_BUFFER: usize = 4 * 1024;
const JOIN_TOKEN_SECS: i64 = 60;
/// Unexpired join tokens one user may hold; past it, minting is refused.
const MAX_JOIN_TOKENS_PER_USER: i64 = 10;

/// Starts this node's signaling service and the task writing the record.
pub async fn start(
    config: &crate::Config,
    db: &Db,
    recordings: std::sync::Arc<crate::recordings::SpoolRecordings>,
    shutdown: watch::Receiver<bool>,
) -> Result<Node, ApiError> {
    let live = match &config.redis_url {
        None => LiveStore::memory(),
        Some(url) => LiveStore::redis(url)
            .await
            .map_err(|e| ApiError::Internal(format!("redis_url: {e}")))?,
    };
    let (record, recorded) = mpsc::channel(4096);
    tokio::spawn(record::write(db.clone(), recorded));
    let signal = SignalConfig {
        grace: config.live_grace,
        media: config.media.clone(),
        node_url: config.node_url.clone(),
        ..SignalConfig::default()
    };
    let ballots = std::sync::Arc::new(crate::votes::SqlBallots::new(
        db.clone(),
        config.is_postgres(),
    ));
    Node::new(live, signal, record, ballots, Some(recordings), shutdown)
        .map_err(|e| ApiError::Internal(format!("media_relay_port: the node relay: {e}")))
}

/// Ends every live seat `user` holds, in whichever meeting: their access
/// ended (disabled, signed out everywhere, role or delegation changed). The
/// meetings are those the record shows them joining within a day, and every
/// meeting with sessions on this node (the record is written a moment after
/// a seat is taken). A seat taken on another node in the instant before the
/// change may not be recorded yet, but its next connection is checked
/// against the new access.
pub async fn end_user_seats(state: &AppState, user: UserId) -> Result<(), ApiError> {
    let since = (db::now() - 24 * 3600) * 1000;
    let mut meetings = record::meetings_joined_since(&state.db, user, since).await?;
    meetings.extend(state.live.meetings_here());
    meetings.sort_unstable_by_key(|m| m.0);
    meetings.dedup();
    for meeting in meetings {
        state
            .live
            .end_access(meeting, user)
            .await
            .map_err(|e| ApiError::Unavailable(format!("live state: {e}")))?;
    }
    Ok(())
}

/// The meeting role a user holds in a meeting; an interpreter has one only
/// in a meeting that booked them, for their booth.
pub(crate) fn meeting_role(meeting: &Meeting, caller: &Caller) -> Option<MeetingRole> {
    if meeting.chair_id == Some(caller.user.id) {
        return Some(MeetingRole::Chair);
    }
    match caller.user.role {
        Role::Delegate => Some(MeetingRole::Delegate),
        Role::Admin | Role::ConferenceManager | Role::Secretariat => Some(MeetingRole::Secretariat),
        Role::Interpreter => meeting
            .interpreters
            .values()
            .any(|team| team.contains(&caller.user.id))
            .then_some(MeetingRole::Interpreter),
    }
}

/// A meeting a signed-in user may join: visible to them (or chaired by
/// them), with a seat for them, and not over.
pub async fn joinable(state: &AppState, caller: &Caller, id: MeetingId) -> ApiResult<Meeting> {
    let meeting = match visible_meeting(&state.db, &Viewer(Some(caller.clone())), id).await {
        Err(ApiError::NotFound) => {
            let meeting = meeting_by_id(&state.db, id).await?;
            if meeting.chair_id != Some(caller.user.id) {
                return Err(ApiError::NotFound);
            }
            meeting
        }
        other => other?,
    };
    if meeting_role(&meeting, caller).is_none() {
        return Err(ApiError::Forbidden);
    }
    if matches!(
        meeting.status,
        MeetingStatus::Cancelled | MeetingStatus::Adjourned
    ) {
        return Err(ApiError::InvalidState(Refusal::NotJoinable(meeting.status)));
    }
    Ok(meeting)
}

/// Mints a single-use token (valid one minute) to open the meeting's websocket.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/join-token", tag = "live", params(("id" = MeetingId, Path)),
    responses((status = 201, body = JoinToken), (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 429, body = Problem)))]
pub async fn post_join_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
) -> ApiResult<(StatusCode, Json<JoinToken>)> {
    joinable(&state, &caller, id).await?;
    let token = crate::auth::random_token();
    let expires_at = db::now() + JOIN_TOKEN_SECS;
    // Expired tokens of anyone are swept on the way.
    sqlx::query("DELETE FROM join_tokens WHERE expires_at < $1")
        .bind(db::now())
        .execute(&state.db)
        .await?;
    sqlx::query(
        "INSERT INTO join_tokens (token_hash, meeting_id, user_id, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(id.to_string())
    .bind(caller.user.id.to_string())
    .bind(expires_at)
    .execute(&state.db)
    .await?;
    // One user holds at most a few unexpired tokens (a client redeems each
    // at once). Counted after the insert, so parallel mints cannot slip past.
    let held: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM join_tokens WHERE user_id = $1 AND expires_at >= $2",
    )
    .bind(caller.user.id.to_string())
    .bind(db::now())
    .fetch_one(&state.db)
    .await?
    .try_get("n")?;
    if held > MAX_JOIN_TOKENS_PER_USER {
        sqlx::query("DELETE FROM join_tokens WHERE token_hash = $1")
            .bind(token_hash(&token))
            .execute(&state.db)
            .await?;
        return Err(ApiError::RateLimited {
            retry_after_secs: JOIN_TOKEN_SECS as u64,
        });
    }
    Ok((
        StatusCode::CREATED,
        Json(JoinToken {
            token,
            expires_at: db::to_time(expires_at)?,
            path: format!("/api/v1/meetings/{id}/live"),
        }),
    ))
}

/// What every meeting websocket checks first: the protocol version, and an
/// Origin (when the client sent one) that is this hub's. Returns the Origin.
fn check_socket<'h>(
    state: &AppState,
    v: u32,
    headers: &'h HeaderMap,
) -> ApiResult<Option<&'h str>> {
    if v != PROTOCOL_VERSION {
        return Err(ApiError::invalid(
            "v",
            Broken::Protocol {
                version: PROTOCOL_VERSION,
            },
        ));
    }
    let origin = headers
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or(""));
    if origin.is_some_and(|o| o != state.config.public_url) {
        return Err(ApiError::Csrf(Refusal::CsrfOrigin));
    }
    Ok(origin)
}

/// Uses up a join token; the user it was minted for, if it is valid for this meeting.
async fn redeem(db: &Db, token: &str, meeting: MeetingId) -> Result<Option<UserId>, StoreError> {
    let row = sqlx::query(
        "DELETE FROM join_tokens WHERE token_hash = $1 AND meeting_id = $2 AND expires_at >= $3 RETURNING user_id",
    )
    .bind(token_hash(token))
    .bind(meeting.to_string())
    .bind(db::now())
    .fetch_optional(db)
    .await?;
    row.map(|r| db::uuid_col(&r, "user_id").map(UserId))
        .transpose()
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LiveParams {
    /// Protocol version the client speaks (currently 1).
    pub v: u32,
    /// A join token, for clients without the session cookie.
    pub token: Option<String>,
    /// The resume token of an earlier connection, to take back its seat.
    pub resume: Option<String>,
    /// A viewer's link token (`POST .../viewer-links`): watch and listen,
    /// without an account or a seat.
    pub watch: Option<String>,
}

/// The meeting's websocket (see `plenary_protocol::signal` for the messages).
#[utoipa::path(get, path = "/api/v1/meetings/{id}/live", tag = "live", params(("id" = MeetingId, Path), LiveParams),
    responses((status = 101, description = "Switching to the websocket protocol"), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem), (status = 426, body = Problem)))]
pub async fn get_live(
    State(state): State<AppState>,
    Path(id): Path<MeetingId>,
    Query(params): Query<LiveParams>,
    headers: HeaderMap,
    viewer: Viewer,
    crate::auth::ClientIp(from): crate::auth::ClientIp,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    let upgrade = upgrade.map_err(|_| ApiError::UpgradeRequired)?;
    let origin = check_socket(&state, params.v, &headers)?;
    if let Some(watch) = &params.watch {
        let meeting = crate::viewing::admit(&state.db, watch, id).await?;
        let (rules, authority, lists) = live_start(&state, &meeting).await?;
        let initial = Box::new(MeetingState::start(rules, &authority, lists));
        let node = state.live.clone();
        return Ok(socket(upgrade)
            .on_upgrade(move |socket| serve_socket(node, Serve::Viewer(id, initial), socket)));
    }
    let caller = match (&params.token, viewer.0) {
        (Some(token), _) => {
            let user = redeem(&state.db, token, id)
                .await?
                .ok_or(ApiError::Unauthenticated)?;
            crate::auth::caller_for_user(&state.db, user)
                .await?
                .ok_or(ApiError::Unauthenticated)?
        }
        // A cookie alone is only trusted from a page of this hub.
        (None, Some(caller)) if origin.is_some() => caller,
        (None, Some(_)) => return Err(ApiError::Csrf(Refusal::CsrfOrigin)),
        (None, None) => return Err(ApiError::Unauthenticated),
    };
    let meeting = joinable(&state, &caller, id).await?;
    let (rules, authority, lists) = live_start(&state, &meeting).await?;
    let admission = Admission {
        meeting: id,
        joiner: Joiner {
            user: caller.user.id,
            name: caller.user.name.clone(),
            role: meeting_role(&meeting, &caller).ok_or(ApiError::Forbidden)?,
            delegation: caller.user.delegation_id,
        },
        rules,
        authority,
        lists,
        resume: params.resume.filter(|r| !r.is_empty() && r.len() <= 128),
        from: Some(from),
    };
    let node = state.live.clone();
    Ok(socket(upgrade)
        .on_upgrade(move |socket| serve_socket(node, Serve::Seat(Box::new(admission)), socket)))
}

/// The socket's limits. The socket library zero-fills its read buffer up to
/// this size each time the connection is polled, which a session does for
/// every update it writes: its 128 KiB default cost more than the write
/// itself. Client messages are small (the session refuses any over 32 KiB).
fn socket(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(READ_BUFFER)
        .max_message_size(MAX_SOCKET_MESSAGE)
        .max_frame_size(MAX_SOCKET_MESSAGE)
}

type ListsByItem = std::collections::BTreeMap<u32, plenary_protocol::signal::SpeakersList>;

/// The meeting's row as its live state starts from it (and as later edits
/// reconfigure it): the rules, the authority, the lists its items carry.
async fn live_start(
    state: &AppState,
    meeting: &Meeting,
) -> ApiResult<(Rules, Authority, ListsByItem)> {
    let authority = crate::scheduling::authority(meeting);
    let lists = crate::speakers::for_meeting(&state.db, meeting).await?;
    let reply_limits_ms = crate::scheduling::reply_limits(&state.db, meeting.body_id)
        .await?
        .into_iter()
        .map(|s| u64::from(s) * 1000)
        .collect();
    let rules = Rules {
        max_participants: state.config.live_max_participants,
        agenda_items: authority.agenda_items,
        max_seats_per_user: state.config.live_max_seats_per_user,
        reply_limits_ms,
        ..Rules::default()
    };
    Ok((rules, authority, lists))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MediaParams {
    /// Protocol version the client speaks (currently 1).
    pub v: u32,
    /// The media ticket the participant's own node handed out (`media_elsewhere`).
    pub ticket: String,
}

/// A media-only websocket for a participant seated on another node, opened
/// with the ticket that node handed out: it carries the `media_*` messages
/// to this node's SFU, which carries the meeting's media.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/media", tag = "live", params(("id" = MeetingId, Path), MediaParams),
    responses((status = 101, description = "Switching to the websocket protocol"), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 422, body = Problem), (status = 426, body = Problem)))]
pub async fn get_media(
    State(state): State<AppState>,
    Path(id): Path<MeetingId>,
    Query(params): Query<MediaParams>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    let upgrade = upgrade.map_err(|_| ApiError::UpgradeRequired)?;
    check_socket(&state, params.v, &headers)?;
    if params.ticket.is_empty() || params.ticket.len() > 128 {
        return Err(ApiError::Unauthenticated);
    }
    let (meeting, participant) = state
        .live
        .live_store()
        .redeem_media_ticket(&params.ticket)
        .await
        .map_err(|e| ApiError::Internal(format!("live state: {e}")))?
        .filter(|(m, _)| *m == id)
        .ok_or(ApiError::Unauthenticated)?;
    let node = state.live.clone();
    Ok(upgrade
        .read_buffer_size(READ_BUFFER)
        .max_message_size(MAX_SOCKET_MESSAGE)
        .max_frame_size(MAX_SOCKET_MESSAGE)
        .on_upgrade(move |socket| serve_socket(node, Serve::Media(meeting, participant), socket)))
}

/// What a websocket serves: a seat in the meeting, or media only.
enum Serve {
    Seat(Box<Admission>),
    /// A viewer, and the meeting's live state should nobody be in it yet.
    Viewer(MeetingId, Box<MeetingState>),
    Media(MeetingId, plenary_protocol::signal::ParticipantId),
}

/// Pumps frames between the socket and the session.
async fn serve_socket(node: Node, serve: Serve, socket: WebSocket) {
    let (sink, mut stream) = socket.split();
    let sink = Frames(sink);
    // The socket is read by a task of its own that waits for the client:
    // the session then waits on a channel, which is free to poll, instead of
    // polling the socket again for every update it writes.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Incoming>(16);
    let mut reader = tokio::spawn(async move {
        // Reading stops at a close frame or an error (e.g. over the size limit).
        let mut frames = std::pin::pin!(async_stream(&mut stream));
        while let Some(frame) = frames.next().await {
            // Once the session has ended, what the client still sends up to
            // its close frame is read and dropped: the connection then ends
            // cleanly instead of being reset with the goodbye unread.
            let _ = tx.send(frame).await;
        }
    });
    let incoming = Box::pin(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    let (meeting, ended) = match serve {
        Serve::Seat(admission) => {
            let meeting = admission.meeting;
            (
                meeting,
                node.serve(*admission, incoming, Box::pin(sink)).await,
            )
        }
        Serve::Viewer(meeting, initial) => (
            meeting,
            node.serve_viewer(meeting, &initial, incoming, Box::pin(sink))
                .await,
        ),
        Serve::Media(meeting, participant) => (
            meeting,
            node.serve_media(meeting, participant, incoming, Box::pin(sink))
                .await,
        ),
    };
    tracing::debug!(%meeting, ?ended, "live connection ended");
    // Finish the closing handshake within two seconds.
    if tokio::time::timeout(std::time::Duration::from_secs(2), &mut reader)
        .await
        .is_err()
    {
        reader.abort();
    }
}

/// The socket's sending half, taking a session's frames: converts each
/// without the future per frame that `SinkExt::with` would make.
struct Frames<S>(S);

impl<S: futures_util::Sink<Message> + Unpin> futures_util::Sink<Outgoing> for Frames<S> {
    type Error = S::Error;

    fn poll_ready(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::pin::Pin::new(&mut self.0).poll_ready(cx)
    }

    fn start_send(mut self: std::pin::Pin<&mut Self>, frame: Outgoing) -> Result<(), Self::Error> {
        std::pin::Pin::new(&mut self.0).start_send(message(frame))
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_close(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::pin::Pin::new(&mut self.0).poll_close(cx)
    }
}

/// A session's frame as axum's websocket message.
fn message(frame: Outgoing) -> Message {
    match frame {
        Outgoing::Text(t) => Message::Text(t.into()),
        // Always JSON the session encoded; never invalid UTF-8.
        Outgoing::Shared(bytes) => Message::Text(bytes.try_into().unwrap_or_default()),
        Outgoing::Ping => Message::Ping(Default::default()),
        Outgoing::Close { code, reason } => Message::Close(Some(CloseFrame {
            code,
            reason: reason.chars().take(100).collect::<String>().into(),
        })),
    }
}

fn async_stream(
    stream: &mut futures_util::stream::SplitStream<WebSocket>,
) -> impl futures_util::Stream<Item = Incoming> + '_ {
    stream
        .take_while(|m| std::future::ready(matches!(m, Ok(m) if !matches!(m, Message::Close(_)))))
        .filter_map(|m| {
            std::future::ready(match m {
                Ok(Message::Text(t)) => Some(Incoming::Text(t.to_string())),
                Ok(Message::Binary(b)) => Some(Incoming::Binary(b.len())),
                Ok(Message::Ping(_) | Message::Pong(_)) => Some(Incoming::Control),
                _ => None,
            })
        })
}

/// The meeting record, in order (secretariat and chair only).
#[utoipa::path(get, path = "/api/v1/meetings/{id}/record", tag = "live", params(("id" = MeetingId, Path)),
    responses((status = 200, body = Vec<RecordLine>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
) -> ApiResult<Json<Vec<RecordLine>>> {
    let meeting = visible_meeting(&state.db, &Viewer(Some(caller.clone())), id).await?;
    if !caller.is_staff() && meeting.chair_id != Some(caller.user.id) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(record::load(&state.db, id).await?))
}
