//! The room's browser part: the meeting's websocket (reconnecting by itself
//! with the seat's resume token) and the camera and microphone on one
//! `RTCPeerConnection` to the SFU, negotiated with the media messages of
//! `plenary_protocol::signal`. The browser is the polite side: an offer of
//! the server's wins, and ours goes again after it is answered.
//!
//! Media messages are handled one at a time, in arrival order, since each
//! awaits the browser; everything else changes [`Room`] at once.

use super::negotiation::{declared, owner_of, Incoming, Negotiation, Next};
use super::state::{Follow, Link, Notice, Room};
use super::{Action, DeviceChoice, MediaState};
use leptos::prelude::*;
use plenary_protocol::signal::{
    ClientMessage, Command, IceCandidate, IceServer, MediaSource, Millis, ParticipantId, Quality,
    ServerMessage, SignalError, PROTOCOL_VERSION,
};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Element, HtmlMediaElement, MediaStream, MediaStreamTrack, RtcPeerConnection,
    RtcPeerConnectionIceEvent, RtcRtpSender, RtcRtpTransceiver, RtcSignalingState, RtcTrackEvent,
    WebSocket,
};

mod media;
use media::*;

type Handler = Closure<dyn FnMut(JsValue)>;

/// Longest wait between two attempts to reconnect.
const MAX_BACKOFF_MS: i32 = 10_000;
/// Failed attempts after which the seat is taken as lost and a new one asked for.
const RESUME_ATTEMPTS: u32 = 4;

pub struct Client(Rc<RefCell<Inner>>);

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Client")
    }
}

struct Inner {
    live_url: String,
    socket: Option<Socket>,
    /// Another node's media websocket, when the meeting's media is there.
    media_socket: Option<Socket>,
    next_id: u64,
    room: RwSignal<Room>,
    media_state: RwSignal<MediaState>,
    wants_media: bool,
    /// A viewer (a link's holder): receives, never sends, has no seat.
    viewer: bool,
    /// A viewer's channel, kept by its connection (a seat's is in the state).
    listening: Option<plenary_protocol::api::Language>,
    local: Option<MediaStream>,
    /// The device check's stream, handed to the meeting when joining with it.
    preview: Option<MediaStream>,
    devices: RwSignal<DeviceChoice>,
    media: Option<Media>,
    queue: VecDeque<ServerMessage>,
    busy: bool,
    failures: u32,
    /// The self view's caption, in the page's language.
    you: &'static str,
}

struct Socket {
    ws: WebSocket,
    _handlers: Vec<Handler>,
}

impl Drop for Socket {
    fn drop(&mut self) {
        // The handlers go with this value: the socket must not call them after.
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onopen(None);
        let _ = self.ws.close();
    }
}

struct Media {
    pc: RtcPeerConnection,
    /// What each sent track carries, by track id.
    published: Vec<(String, MediaSource)>,
    screen: Option<(MediaStream, RtcRtpSender)>,
    negotiation: Negotiation,
    /// Whether the cameras' sizes last told to the server had someone on
    /// the floor (see `ask_quality`).
    quality: Option<bool>,
    stats_timer: i32,
    _stats: Closure<dyn FnMut()>,
    _handlers: Vec<Handler>,
}

impl Drop for Media {
    fn drop(&mut self) {
        self.pc.set_onicecandidate(None);
        self.pc.set_ontrack(None);
        self.pc.close();
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.stats_timer);
        }
        if let Some((stream, _)) = &self.screen {
            stop_all(stream);
        }
        clear_tiles(|_| true);
    }
}

fn now_ms() -> Millis {
    Millis(js_sys::Date::now() as u64)
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

fn grid() -> Option<Element> {
    window().document()?.get_element_by_id("grid")
}

impl Client {
    pub fn start(
        meeting: &str,
        watch: Option<&str>,
        room: RwSignal<Room>,
        media_state: RwSignal<MediaState>,
        devices: RwSignal<DeviceChoice>,
        now: RwSignal<Millis>,
        you: &'static str,
    ) -> Client {
        let location = window().location();
        let scheme = match location.protocol().as_deref() {
            Ok("https:") => "wss:",
            _ => "ws:",
        };
        let host = location.host().unwrap_or_default();
        let inner = Inner {
            live_url: match watch {
                Some(token) => format!(
                    "{scheme}//{host}/api/v1/meetings/{meeting}/live?v={PROTOCOL_VERSION}&watch={}",
                    js_sys::encode_uri_component(token)
                ),
                None => {
                    format!("{scheme}//{host}/api/v1/meetings/{meeting}/live?v={PROTOCOL_VERSION}")
                }
            },
            socket: None,
            media_socket: None,
            next_id: 1,
            room,
            media_state,
            wants_media: false,
            viewer: watch.is_some(),
            listening: None,
            local: None,
            preview: None,
            devices,
            media: None,
            queue: VecDeque::new(),
            busy: false,
            failures: 0,
            you,
        };
        let client = Client(Rc::new(RefCell::new(inner)));
        // The page's clock for countdowns; it lives as long as the page.
        let tick = Closure::<dyn FnMut()>::new(move || now.set(now_ms()));
        now.set(now_ms());
        let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            250,
        );
        tick.forget();
        connect(&client.0);
        client
    }

    pub fn perform(&self, action: Action) {
        let rc = self.0.clone();
        let viewer = rc.borrow().viewer;
        match action {
            // A viewer's channel is its connection's, not the meeting's.
            Action::Act(Command::ListenTo { channel }) if viewer => listen(&rc, channel),
            Action::Act(command) => act(&rc, command),
            Action::Watch => watch_media(&rc),
            Action::CheckDevices => spawn_local(check_devices(rc)),
            Action::CancelCheck => end_check(&rc),
            Action::StartMedia => spawn_local(start_media(rc)),
            Action::StopMedia => stop_media(&rc),
            Action::ToggleMicrophone => toggle(&rc, "audio"),
            Action::ToggleCamera => toggle(&rc, "video"),
            Action::ToggleScreen => spawn_local(toggle_screen(rc)),
        }
    }
}

fn next_id(rc: &Rc<RefCell<Inner>>) -> u64 {
    let mut inner = rc.borrow_mut();
    inner.next_id += 1;
    inner.next_id
}

fn send(rc: &Rc<RefCell<Inner>>, message: &ClientMessage) {
    let inner = rc.borrow();
    if let (Some(socket), Ok(text)) = (&inner.socket, serde_json::to_string(message)) {
        let _ = socket.ws.send_with_str(&text);
    }
}

/// Media messages go where the media is: this node, or the one named by `media_elsewhere`.
fn send_media(rc: &Rc<RefCell<Inner>>, message: &ClientMessage) {
    let inner = rc.borrow();
    let socket = inner.media_socket.as_ref().or(inner.socket.as_ref());
    if let (Some(socket), Ok(text)) = (socket, serde_json::to_string(message)) {
        let _ = socket.ws.send_with_str(&text);
    }
}

fn act(rc: &Rc<RefCell<Inner>>, command: Command) {
    let id = next_id(rc);
    rc.borrow().room.update(|r| r.notice = None);
    send(rc, &ClientMessage::Act { id, command });
}

fn open_socket(rc: &Rc<RefCell<Inner>>, url: &str, media_only: bool) -> Option<Socket> {
    let ws = WebSocket::new(url).ok()?;
    let on_message = {
        let rc = rc.clone();
        Handler::new(move |event: JsValue| {
            let event: web_sys::MessageEvent = event.unchecked_into();
            if let Some(text) = event.data().as_string() {
                match serde_json::from_str::<ServerMessage>(&text) {
                    Ok(message) => receive(&rc, message),
                    Err(e) => web_sys::console::warn_1(&format!("unreadable message: {e}").into()),
                }
            }
        })
    };
    let on_close = {
        let rc = rc.clone();
        Handler::new(move |_| {
            if media_only {
                let socket = rc.borrow_mut().media_socket.take();
                retire(socket);
                media_lost(&rc);
            } else {
                lost(&rc);
            }
        })
    };
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let mut handlers = vec![on_message, on_close];
    if media_only {
        let on_open = {
            let rc = rc.clone();
            Handler::new(move |_| {
                let id = next_id(&rc);
                send_media(&rc, &ClientMessage::MediaJoin { id, publish: true });
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        handlers.push(on_open);
    }
    Some(Socket {
        ws,
        _handlers: handlers,
    })
}

fn connect(rc: &Rc<RefCell<Inner>>) {
    let url = {
        let inner = rc.borrow();
        let resume = inner.room.with_untracked(|r| r.resume_token.clone());
        match resume {
            Some(token) if inner.failures < RESUME_ATTEMPTS => {
                format!(
                    "{}&resume={}",
                    inner.live_url,
                    js_sys::encode_uri_component(&token)
                )
            }
            _ => inner.live_url.clone(),
        }
    };
    let socket = open_socket(rc, &url, false);
    let failed = socket.is_none();
    rc.borrow_mut().socket = socket;
    if failed {
        lost(rc);
    }
}

/// Drops a socket after the handler running now returns (a closure must not
/// be freed while it runs).
fn retire(socket: Option<Socket>) {
    if socket.is_some() {
        spawn_local(async move { drop(socket) });
    }
}

/// The meeting's websocket closed: unless the seat is over, try again with backoff.
fn lost(rc: &Rc<RefCell<Inner>>) {
    let (room, failures) = {
        let mut inner = rc.borrow_mut();
        retire(inner.socket.take());
        retire(inner.media_socket.take());
        inner.media = None;
        inner.queue.clear();
        (inner.room, inner.failures)
    };
    if room.with_untracked(|r| matches!(r.link, Link::Ended(_))) {
        return;
    }
    room.update(|r| r.link = Link::Reconnecting);
    let delay = (250i32 << failures.min(6)).min(MAX_BACKOFF_MS);
    rc.borrow_mut().failures = failures + 1;
    let again = {
        let rc = rc.clone();
        Closure::once_into_js(move || connect(&rc))
    };
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), delay);
}

fn receive(rc: &Rc<RefCell<Inner>>, message: ServerMessage) {
    match message {
        ServerMessage::MediaJoined { .. }
        | ServerMessage::IceServers { .. }
        | ServerMessage::MediaAnswer { .. }
        | ServerMessage::MediaOffer { .. }
        | ServerMessage::MediaCandidate { .. }
        | ServerMessage::MediaElsewhere { .. }
        | ServerMessage::MediaClosed { .. } => {
            let start = {
                let mut inner = rc.borrow_mut();
                inner.queue.push_back(message);
                !std::mem::replace(&mut inner.busy, true)
            };
            if start {
                spawn_local(drain(rc.clone()));
            }
        }
        ServerMessage::Error {
            id: Some(id),
            code: SignalError::Glare,
            ..
        } => {
            // The server's offer is on its way; ours goes again after it.
            let mut inner = rc.borrow_mut();
            if let Some(media) = inner.media.as_mut() {
                media.negotiation.refused_for_glare(id);
            }
        }
        message => {
            let welcome = matches!(message, ServerMessage::Welcome { .. });
            // The chair stopped this participant's share: the browser stops
            // sending it too.
            if let ServerMessage::Update { events, .. } = &message {
                let me = rc.borrow().room.with_untracked(|r| r.you);
                let stopped = events.iter().any(|e| {
                    matches!(e, plenary_protocol::signal::Event::ShareStopped { participant } if Some(*participant) == me)
                });
                if stopped && rc.borrow().media_state.with_untracked(|m| m.screen) {
                    spawn_local(toggle_screen(rc.clone()));
                }
            }
            if let ServerMessage::ActiveSpeaker { participant } = &message {
                mark_speaker(*participant);
            }
            if let ServerMessage::VideosShown { participants } = &message {
                mark_shown(participants);
            }
            let room = rc.borrow().room;
            let follow = room
                .try_update(|r| r.receive(&message, now_ms()))
                .unwrap_or(Follow::Nothing);
            let floor = room.with_untracked(|r| {
                r.view
                    .as_ref()
                    .and_then(|v| v.floor.as_ref())
                    .map(|f| f.participant)
            });
            mark_floor(floor);
            ask_quality(rc, floor.is_some());
            if follow == Follow::Resync {
                let id = next_id(rc);
                send(rc, &ClientMessage::Sync { id });
            }
            if welcome {
                let wants_media = {
                    let mut inner = rc.borrow_mut();
                    inner.failures = 0;
                    inner.wants_media
                };
                if wants_media {
                    let id = next_id(rc);
                    send(rc, &ClientMessage::MediaJoin { id, publish: true });
                }
            }
        }
    }
}

async fn drain(rc: Rc<RefCell<Inner>>) {
    loop {
        let next = {
            let mut inner = rc.borrow_mut();
            let next = inner.queue.pop_front();
            if next.is_none() {
                inner.busy = false;
            }
            next
        };
        let Some(message) = next else { return };
        let kind = media_kind(&message);
        if let Err(e) = media_message(&rc, message).await {
            web_sys::console::warn_1(&e);
        }
        show_negotiation(&rc, kind);
    }
}
