//! The room's browser part: the meeting's websocket (reconnecting by itself
//! with the seat's resume token) and the camera and microphone on one
//! `RTCPeerConnection` to the SFU, negotiated with the media messages of
//! `plenary_protocol::signal`. The browser is the polite side: an offer of
//! the server's wins, and ours goes again after it is answered.
//!
//! Media messages are handled one at a time, in arrival order, since each
//! awaits the browser; everything else changes [`Room`] at once.

use super::state::{Follow, Link, Room};
use super::{Action, DeviceChoice, MediaState};
use leptos::prelude::*;
use plenary_protocol::signal::{
    ClientMessage, Command, IceCandidate, IceServer, MediaSource, ParticipantId, PublishedTrack,
    ServerMessage, SignalError, PROTOCOL_VERSION,
};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Element, HtmlMediaElement, MediaStream, MediaStreamTrack, RtcPeerConnection,
    RtcPeerConnectionIceEvent, RtcRtpSender, RtcSignalingState, RtcTrackEvent, WebSocket,
};

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
    /// The camera and microphone are not added yet (the server's first offer comes first).
    unpublished: bool,
    screen: Option<(MediaStream, RtcRtpSender)>,
    /// Our offer awaiting its answer.
    offer_id: Option<u64>,
    /// Offer again once the server's offer is answered.
    reoffer: bool,
    /// The forwarded track id of each `mid`, from the server's offers.
    mids: HashMap<String, String>,
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

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
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
        room: RwSignal<Room>,
        media_state: RwSignal<MediaState>,
        devices: RwSignal<DeviceChoice>,
        now: RwSignal<u64>,
        you: &'static str,
    ) -> Client {
        let location = window().location();
        let scheme = match location.protocol().as_deref() {
            Ok("https:") => "wss:",
            _ => "ws:",
        };
        let host = location.host().unwrap_or_default();
        let inner = Inner {
            live_url: format!(
                "{scheme}//{host}/api/v1/meetings/{meeting}/live?v={PROTOCOL_VERSION}"
            ),
            socket: None,
            media_socket: None,
            next_id: 1,
            room,
            media_state,
            wants_media: false,
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
        match action {
            Action::Act(command) => act(&rc, command),
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
            if let Some(media) = inner.media.as_mut().filter(|m| m.offer_id == Some(id)) {
                media.offer_id = None;
                media.reoffer = true;
            }
        }
        message => {
            let welcome = matches!(message, ServerMessage::Welcome { .. });
            if let ServerMessage::ActiveSpeaker { participant } = &message {
                mark_speaker(*participant);
            }
            let room = rc.borrow().room;
            let follow = room
                .try_update(|r| r.receive(&message, now_ms()))
                .unwrap_or(Follow::Nothing);
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

fn media_kind(message: &ServerMessage) -> &'static str {
    match message {
        ServerMessage::MediaJoined { .. } => "joined",
        ServerMessage::IceServers { .. } => "ice_servers",
        ServerMessage::MediaAnswer { .. } => "answer",
        ServerMessage::MediaOffer { .. } => "offer",
        ServerMessage::MediaCandidate { .. } => "candidate",
        ServerMessage::MediaElsewhere { .. } => "elsewhere",
        ServerMessage::MediaClosed { .. } => "closed",
        _ => "other",
    }
}

/// The negotiation's state on the grid (`data-signaling`, `data-connection`,
/// `data-last`), for support staff and the browser tests to read.
fn show_negotiation(rc: &Rc<RefCell<Inner>>, last: &str) {
    let Some(grid) = grid() else { return };
    let (signaling, connection) = with_media(rc, |m| {
        Some((
            format!("{:?}", m.pc.signaling_state()),
            format!("{:?}", m.pc.connection_state()),
        ))
    })
    .unwrap_or_else(|| ("none".into(), "none".into()));
    let _ = grid.set_attribute("data-signaling", &signaling);
    let _ = grid.set_attribute("data-connection", &connection);
    let _ = grid.set_attribute("data-last", last);
}

async fn media_message(rc: &Rc<RefCell<Inner>>, message: ServerMessage) -> Result<(), JsValue> {
    match message {
        ServerMessage::MediaJoined {
            ice_servers,
            offer_follows,
            ..
        } => peer(rc, &ice_servers, offer_follows).await,
        ServerMessage::IceServers { ice_servers } => {
            // Fresh TURN credentials, for the next ICE restart.
            if let Some(pc) = with_media(rc, |m| Some(m.pc.clone())) {
                pc.set_configuration_with_configuration(
                    peer_configuration(&ice_servers)?.unchecked_ref(),
                )?;
            }
            Ok(())
        }
        ServerMessage::MediaElsewhere { url, .. } => {
            let socket = open_socket(rc, &url, true);
            rc.borrow_mut().media_socket = socket;
            Ok(())
        }
        ServerMessage::MediaAnswer { id, sdp } => {
            let Some(pc) = with_media(rc, |m| (m.offer_id == Some(id)).then(|| m.pc.clone()))
            else {
                return Ok(());
            };
            // An answer may carry forwarded tracks too (on our m-lines).
            with_media(rc, |m| {
                m.mids.extend(mids(&sdp));
                Some(())
            });
            JsFuture::from(
                pc.set_remote_description(&description("answer", &sdp)?.unchecked_into()),
            )
            .await?;
            let reoffer = with_media(rc, |m| {
                m.offer_id = None;
                Some(std::mem::take(&mut m.reoffer))
            });
            if reoffer == Some(true) {
                offer(rc).await?;
            }
            Ok(())
        }
        ServerMessage::MediaOffer { sdp, tracks } => {
            let Some(pc) = with_media(rc, |m| Some(m.pc.clone())) else {
                return Ok(());
            };
            if pc.signaling_state() == RtcSignalingState::HaveLocalOffer {
                JsFuture::from(
                    pc.set_local_description(&description("rollback", "")?.unchecked_into()),
                )
                .await?;
                with_media(rc, |m| {
                    m.offer_id = None;
                    m.reoffer = true;
                    Some(())
                });
            }
            with_media(rc, |m| {
                m.mids.extend(mids(&sdp));
                Some(())
            });
            JsFuture::from(
                pc.set_remote_description(&description("offer", &sdp)?.unchecked_into()),
            )
            .await?;
            let answer = JsFuture::from(pc.create_answer()).await?;
            JsFuture::from(pc.set_local_description(answer.unchecked_ref())).await?;
            let sdp = js_sys::Reflect::get(&answer, &"sdp".into())?
                .as_string()
                .unwrap_or_default();
            let id = next_id(rc);
            send_media(rc, &ClientMessage::MediaAnswer { id, sdp });
            let kept: Vec<String> = tracks.into_iter().map(|t| t.track_id).collect();
            clear_tiles(|tile| {
                tile.get_attribute("data-track-id")
                    .is_some_and(|t| !t.is_empty() && !kept.contains(&t))
            });
            let (reoffer, unpublished) = with_media(rc, |m| {
                Some((std::mem::take(&mut m.reoffer), m.unpublished))
            })
            .unwrap_or_default();
            if unpublished {
                publish(rc).await?;
            } else if reoffer {
                offer(rc).await?;
            }
            Ok(())
        }
        ServerMessage::MediaCandidate { candidate } => {
            let Some(pc) = with_media(rc, |m| Some(m.pc.clone())) else {
                return Ok(());
            };
            let init = json(&candidate)?;
            JsFuture::from(
                pc.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(init.unchecked_ref())),
            )
            .await?;
            Ok(())
        }
        ServerMessage::MediaClosed { message, .. } => {
            web_sys::console::warn_1(&format!("media closed: {message}").into());
            media_lost(rc);
            Ok(())
        }
        _ => Ok(()),
    }
}

fn with_media<T>(rc: &Rc<RefCell<Inner>>, f: impl FnOnce(&mut Media) -> Option<T>) -> Option<T> {
    rc.borrow_mut().media.as_mut().and_then(f)
}

/// A JavaScript object from a serializable value (dictionaries for the browser's APIs).
fn json(value: &impl serde::Serialize) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

fn description(kind: &str, sdp: &str) -> Result<JsValue, JsValue> {
    if kind == "rollback" {
        return json(&serde_json::json!({ "type": kind }));
    }
    json(&serde_json::json!({ "type": kind, "sdp": sdp }))
}

/// The forwarded track id (from `a=msid`) of each `a=mid` in an SDP.
fn mids(sdp: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for section in sdp.split("\nm=").skip(1) {
        let attribute = |name: &str| {
            section
                .lines()
                .find_map(|l| l.trim().strip_prefix(name).map(str::to_string))
        };
        if let (Some(mid), Some(msid)) = (attribute("a=mid:"), attribute("a=msid:")) {
            if let Some(track) = msid.split_whitespace().nth(1) {
                found.push((mid, track.to_string()));
            }
        }
    }
    found
}

/// Owner and source of a forwarded track id, `participant-<id>-<source>`.
fn owner_of(track_id: &str) -> Option<(ParticipantId, &str)> {
    let rest = track_id.strip_prefix("participant-")?;
    let (id, source) = rest.split_once('-')?;
    Some((ParticipantId(id.parse().ok()?), source))
}

/// What `getUserMedia` is asked for: the chosen devices, else any.
fn constraints(camera: &str, microphone: &str) -> serde_json::Value {
    let mut video = serde_json::json!({ "width": { "ideal": 640 }, "height": { "ideal": 360 } });
    if !camera.is_empty() {
        video["deviceId"] = serde_json::json!({ "exact": camera });
    }
    let audio = if microphone.is_empty() {
        serde_json::json!(true)
    } else {
        serde_json::json!({ "deviceId": { "exact": microphone } })
    };
    serde_json::json!({ "audio": audio, "video": video })
}

async fn open_devices(constraints: &serde_json::Value) -> Result<MediaStream, JsValue> {
    let devices = window().navigator().media_devices()?;
    let constraints = json(constraints)?;
    let stream =
        JsFuture::from(devices.get_user_media_with_constraints(constraints.unchecked_ref())?)
            .await?;
    Ok(stream.unchecked_into())
}

fn failure_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "the camera or microphone could not be opened".into())
}

fn preview_video() -> Option<HtmlMediaElement> {
    window()
        .document()?
        .get_element_by_id("device-preview")?
        .dyn_into::<HtmlMediaElement>()
        .ok()
}

/// The device check: opens the chosen (or default) camera and microphone,
/// shows them in the preview, and lists the devices the browser offers
/// (their names only show once access is granted).
async fn check_devices(rc: Rc<RefCell<Inner>>) {
    let (room, devices) = {
        let inner = rc.borrow();
        (inner.room, inner.devices)
    };
    if let Some(old) = rc.borrow_mut().preview.take() {
        stop_all(&old);
    }
    let (camera, microphone) = devices.with_untracked(|d| (d.camera.clone(), d.microphone.clone()));
    let stream = match open_devices(&constraints(&camera, &microphone)).await {
        Ok(s) => s,
        Err(e) => {
            room.update(|r| r.notice = Some(failure_text(&e)));
            return;
        }
    };
    if let Some(video) = preview_video() {
        video.set_src_object(Some(&stream));
    }
    // The devices in use, as the choices' current values.
    let mut in_use = (String::new(), String::new());
    for track in stream.get_tracks().iter() {
        let track: MediaStreamTrack = track.unchecked_into();
        let id = js_sys::Reflect::get(&track.get_settings(), &"deviceId".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        if track.kind() == "video" {
            in_use.0 = id;
        } else {
            in_use.1 = id;
        }
    }
    let mut cameras = Vec::new();
    let mut microphones = Vec::new();
    if let Ok(list) = async {
        let promise = window().navigator().media_devices()?.enumerate_devices()?;
        JsFuture::from(promise).await
    }
    .await
    {
        for (n, device) in js_sys::Array::from(&list).iter().enumerate() {
            let get = |key: &str| {
                js_sys::Reflect::get(&device, &key.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            let (id, label) = (get("deviceId"), get("label"));
            let label = if label.is_empty() {
                format!("{} {}", get("kind"), n + 1)
            } else {
                label
            };
            match get("kind").as_str() {
                "videoinput" => cameras.push((id, label)),
                "audioinput" => microphones.push((id, label)),
                _ => {}
            }
        }
    }
    rc.borrow_mut().preview = Some(stream);
    devices.update(|d| {
        d.checking = true;
        d.cameras = cameras;
        d.microphones = microphones;
        d.camera = in_use.0;
        d.microphone = in_use.1;
    });
}

/// Closes the device check without joining.
fn end_check(rc: &Rc<RefCell<Inner>>) {
    if let Some(old) = rc.borrow_mut().preview.take() {
        stop_all(&old);
    }
    if let Some(video) = preview_video() {
        video.set_src_object(None);
    }
    let devices = rc.borrow().devices;
    devices.update(|d| d.checking = false);
}

async fn start_media(rc: Rc<RefCell<Inner>>) {
    let room = rc.borrow().room;
    let checked = rc.borrow_mut().preview.take();
    if let Some(video) = preview_video() {
        video.set_src_object(None);
    }
    let devices = rc.borrow().devices;
    devices.update(|d| d.checking = false);
    let stream = match checked {
        Some(s) => Ok(s),
        None => {
            let (camera, microphone) =
                devices.with_untracked(|d| (d.camera.clone(), d.microphone.clone()));
            open_devices(&constraints(&camera, &microphone)).await
        }
    };
    let stream = match stream {
        Ok(s) => s,
        Err(e) => {
            room.update(|r| r.notice = Some(failure_text(&e)));
            return;
        }
    };
    let you = rc.borrow().you;
    add_tile(None, "self", &stream, "", you);
    {
        let mut inner = rc.borrow_mut();
        inner.local = Some(stream);
        inner.wants_media = true;
        inner.media_state.set(MediaState {
            on: true,
            microphone: true,
            camera: true,
            screen: false,
        });
    }
    let id = next_id(&rc);
    send(&rc, &ClientMessage::MediaJoin { id, publish: true });
}

/// The peer connection's configuration (`RTCConfiguration`), the same when
/// it is made and when its ICE servers are renewed (a change of bundle
/// policy would be refused).
fn peer_configuration(ice_servers: &[IceServer]) -> Result<JsValue, JsValue> {
    json(&serde_json::json!({ "iceServers": ice_servers, "bundlePolicy": "max-bundle" }))
}

/// A fresh peer connection. The local tracks are published at once, or,
/// when the server's offer follows, once it is answered: an offer made
/// before would collide with it.
async fn peer(
    rc: &Rc<RefCell<Inner>>,
    ice_servers: &[IceServer],
    offer_follows: bool,
) -> Result<(), JsValue> {
    if rc.borrow().local.is_none() {
        return Ok(());
    }
    rc.borrow_mut().media = None;
    let pc = RtcPeerConnection::new_with_configuration(
        peer_configuration(ice_servers)?.unchecked_ref(),
    )?;
    let on_candidate = {
        let rc = rc.clone();
        Handler::new(move |event: JsValue| {
            let event: RtcPeerConnectionIceEvent = event.unchecked_into();
            let Some(candidate) = event.candidate() else {
                return;
            };
            let candidate = IceCandidate {
                candidate: candidate.candidate(),
                sdp_mid: candidate.sdp_mid(),
                sdp_m_line_index: candidate.sdp_m_line_index(),
            };
            if candidate.candidate.is_empty() {
                return;
            }
            let id = next_id(&rc);
            send_media(&rc, &ClientMessage::MediaCandidate { id, candidate });
        })
    };
    let on_track = {
        let rc = rc.clone();
        Handler::new(move |event: JsValue| {
            let event: RtcTrackEvent = event.unchecked_into();
            let track = event.track();
            let Some(mid) = event.transceiver().mid() else {
                return;
            };
            let Some(track_id) = with_media(&rc, |m| m.mids.get(&mid).cloned()) else {
                return;
            };
            let Some((owner, source)) = owner_of(&track_id) else {
                return;
            };
            let Ok(stream) = MediaStream::new_with_tracks(&js_sys::Array::of1(&track)) else {
                return;
            };
            let name = rc.borrow().room.with_untracked(|r| r.name_of(owner));
            add_tile(Some(owner), source, &stream, &track_id, &name);
        })
    };
    pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
    pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
    let stats = {
        let rc = rc.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(pc) = with_media(&rc, |m| Some(m.pc.clone())) {
                let rc = rc.clone();
                spawn_local(async move {
                    let _ = show_stats(&rc, &pc).await;
                });
            }
        })
    };
    let stats_timer = window().set_interval_with_callback_and_timeout_and_arguments_0(
        stats.as_ref().unchecked_ref(),
        1000,
    )?;
    rc.borrow_mut().media = Some(Media {
        pc,
        published: Vec::new(),
        unpublished: true,
        screen: None,
        offer_id: None,
        reoffer: false,
        mids: HashMap::new(),
        stats_timer,
        _stats: stats,
        _handlers: vec![on_candidate, on_track],
    });
    if offer_follows {
        Ok(())
    } else {
        publish(rc).await
    }
}

/// Sends the camera and microphone: a transceiver each, and an offer.
async fn publish(rc: &Rc<RefCell<Inner>>) -> Result<(), JsValue> {
    let Some(local) = rc.borrow().local.clone() else {
        return Ok(());
    };
    let Some(pc) = with_media(rc, |m| {
        std::mem::take(&mut m.unpublished).then(|| m.pc.clone())
    }) else {
        return Ok(());
    };
    let mut published = Vec::new();
    for track in local.get_tracks().iter() {
        let track: MediaStreamTrack = track.unchecked_into();
        let source = if track.kind() == "audio" {
            MediaSource::Microphone
        } else {
            MediaSource::Camera
        };
        send_track(&pc, &track, &local)?;
        published.push((track.id(), source));
    }
    with_media(rc, |m| {
        m.published.extend(published);
        Some(())
    });
    offer(rc).await
}

/// Sends a local track on a transceiver of its own, open both ways: the
/// SFU may forward another participant's track of the same kind on the same
/// m-line (webrtc-rs reuses a transceiver whose sender is free). Not
/// `addTrack`, which a browser may give to an m-line of an offer of the
/// server's that comes before ours.
fn send_track(
    pc: &RtcPeerConnection,
    track: &MediaStreamTrack,
    stream: &MediaStream,
) -> Result<RtcRtpSender, JsValue> {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"direction".into(), &"sendrecv".into())?;
    js_sys::Reflect::set(&init, &"streams".into(), &js_sys::Array::of1(stream))?;
    let transceiver =
        pc.add_transceiver_with_media_stream_track_and_init(track, init.unchecked_ref());
    Ok(transceiver.sender())
}

async fn offer(rc: &Rc<RefCell<Inner>>) -> Result<(), JsValue> {
    let Some(pc) = with_media(rc, |m| Some(m.pc.clone())) else {
        return Ok(());
    };
    let offer = JsFuture::from(pc.create_offer()).await?;
    JsFuture::from(pc.set_local_description(offer.unchecked_ref())).await?;
    let sdp = js_sys::Reflect::get(&offer, &"sdp".into())?
        .as_string()
        .unwrap_or_default();
    let id = next_id(rc);
    let tracks = with_media(rc, |m| {
        m.offer_id = Some(id);
        Some(
            m.published
                .iter()
                .map(|(track_id, source)| PublishedTrack {
                    track_id: track_id.clone(),
                    source: *source,
                })
                .collect::<Vec<_>>(),
        )
    })
    .unwrap_or_default();
    send_media(rc, &ClientMessage::MediaOffer { id, sdp, tracks });
    Ok(())
}

/// The media connection ended under us: join again if the user still wants it.
fn media_lost(rc: &Rc<RefCell<Inner>>) {
    let wants = {
        let mut inner = rc.borrow_mut();
        inner.media = None;
        inner.wants_media
    };
    if wants {
        let (local, you) = {
            let inner = rc.borrow();
            (inner.local.clone(), inner.you)
        };
        if let Some(local) = local {
            add_tile(None, "self", &local, "", you);
        }
        let rc = rc.clone();
        let again = Closure::once_into_js(move || {
            let id = next_id(&rc);
            send_media(&rc, &ClientMessage::MediaJoin { id, publish: true });
        });
        let _ = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), 1000);
    }
}

fn stop_media(rc: &Rc<RefCell<Inner>>) {
    let id = next_id(rc);
    send_media(rc, &ClientMessage::MediaLeave { id });
    let mut inner = rc.borrow_mut();
    inner.wants_media = false;
    inner.media = None;
    inner.media_socket = None;
    if let Some(local) = inner.local.take() {
        stop_all(&local);
    }
    inner.media_state.set(MediaState::default());
    clear_tiles(|_| true);
}

fn stop_all(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

/// Turns the local microphone (`audio`) or camera (`video`) on or off; the
/// track keeps its place, so nothing is renegotiated.
fn toggle(rc: &Rc<RefCell<Inner>>, kind: &str) {
    let inner = rc.borrow();
    let Some(local) = &inner.local else { return };
    let mut enabled = false;
    for track in local.get_tracks().iter() {
        let track: MediaStreamTrack = track.unchecked_into();
        if track.kind() == kind {
            enabled = !track.enabled();
            track.set_enabled(enabled);
        }
    }
    inner.media_state.update(|m| {
        if kind == "audio" {
            m.microphone = enabled;
        } else {
            m.camera = enabled;
        }
    });
}

async fn toggle_screen(rc: Rc<RefCell<Inner>>) {
    let state = rc.borrow().media_state;
    if let Some((stream, sender)) = with_media(&rc, |m| m.screen.take()) {
        stop_all(&stream);
        with_media(&rc, |m| {
            m.pc.remove_track(&sender);
            m.published.retain(|(_, s)| *s != MediaSource::Screen);
            Some(())
        });
        state.update(|m| m.screen = false);
        let _ = offer(&rc).await;
        return;
    }
    let Some(pc) = with_media(&rc, |m| Some(m.pc.clone())) else {
        return;
    };
    let shared = async {
        let devices = window().navigator().media_devices()?;
        let stream = JsFuture::from(devices.get_display_media()?).await?;
        Ok::<MediaStream, JsValue>(stream.unchecked_into())
    }
    .await;
    let Ok(stream) = shared else { return };
    let Some(track) = stream
        .get_video_tracks()
        .get(0)
        .dyn_into::<MediaStreamTrack>()
        .ok()
    else {
        return;
    };
    let Ok(sender) = send_track(&pc, &track, &stream) else {
        return;
    };
    with_media(&rc, |m| {
        m.published.push((track.id(), MediaSource::Screen));
        m.screen = Some((stream, sender));
        Some(())
    });
    state.update(|m| m.screen = true);
    let _ = offer(&rc).await;
}

/// Frames decoded per forwarded video track, from `getStats`, on each tile
/// (`data-frames-decoded`): a tile that stays at 0 has a connection problem.
async fn show_stats(rc: &Rc<RefCell<Inner>>, pc: &RtcPeerConnection) -> Result<(), JsValue> {
    let report = JsFuture::from(pc.get_stats()).await?;
    let mids = with_media(rc, |m| Some(m.mids.clone())).unwrap_or_default();
    let report: js_sys::Map = report.unchecked_into();
    report.for_each(&mut |value, _| {
        let field = |name: &str| js_sys::Reflect::get(&value, &name.into()).ok();
        let is = |name: &str, want: &str| {
            field(name).and_then(|v| v.as_string()).as_deref() == Some(want)
        };
        if !is("type", "inbound-rtp") || !is("kind", "video") {
            return;
        }
        let Some(track_id) = field("mid")
            .and_then(|v| v.as_string())
            .and_then(|mid| mids.get(&mid).cloned())
        else {
            return;
        };
        let frames = field("framesDecoded")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        if let Some(tile) = tile(&track_id) {
            let _ = tile.set_attribute("data-frames-decoded", &format!("{frames}"));
        }
    });
    Ok(())
}

fn tile(track_id: &str) -> Option<Element> {
    grid()?
        .query_selector(&format!("[data-track-id=\"{track_id}\"]"))
        .ok()
        .flatten()
}

/// A tile in the grid: a video with its caption, or a hidden audio element.
/// Without an owner, it is the self view.
fn add_tile(
    owner: Option<ParticipantId>,
    source: &str,
    stream: &MediaStream,
    track_id: &str,
    caption: &str,
) {
    let is_self = owner.is_none();
    let Some(grid) = grid() else { return };
    let Some(document) = window().document() else {
        return;
    };
    if is_self {
        clear_tiles(|t| t.class_list().contains("self"));
    } else if let Some(old) = tile(track_id) {
        old.remove();
    }
    let audio = source == "microphone";
    let Ok(figure) = document.create_element(if audio { "div" } else { "figure" }) else {
        return;
    };
    let Ok(media) = document.create_element(if audio { "audio" } else { "video" }) else {
        return;
    };
    let _ = media.set_attribute("autoplay", "");
    let _ = media.set_attribute("playsinline", "");
    if let Some(m) = media.dyn_ref::<HtmlMediaElement>() {
        m.set_src_object(Some(stream));
        // The page hears others, never itself.
        m.set_muted(is_self);
        let _ = m.play();
    }
    let _ = figure.set_attribute(
        "class",
        if is_self {
            "tile self"
        } else if audio {
            "tile audio"
        } else {
            "tile"
        },
    );
    let _ = figure.set_attribute("data-track-id", track_id);
    let _ = figure.set_attribute("data-source", source);
    if let Some(owner) = owner {
        let _ = figure.set_attribute("data-owner", &owner.0.to_string());
    }
    let _ = figure.append_child(&media);
    if !audio {
        if let Ok(label) = document.create_element("figcaption") {
            label.set_text_content(Some(caption));
            let _ = figure.append_child(&label);
        }
    } else {
        let _ = figure.set_attribute("hidden", "");
    }
    let _ = grid.append_child(&figure);
}

fn clear_tiles(remove: impl Fn(&Element) -> bool) {
    let Some(grid) = grid() else { return };
    let Ok(tiles) = grid.query_selector_all(".tile") else {
        return;
    };
    for i in 0..tiles.length() {
        if let Some(tile) = tiles.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            if remove(&tile) {
                tile.remove();
            }
        }
    }
}

/// Highlights the active speaker's tiles.
fn mark_speaker(participant: Option<ParticipantId>) {
    let Some(grid) = grid() else { return };
    let Ok(tiles) = grid.query_selector_all(".tile") else {
        return;
    };
    let speaking = participant.map(|p| p.0.to_string());
    for i in 0..tiles.length() {
        if let Some(tile) = tiles.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let on = speaking.is_some() && tile.get_attribute("data-owner") == speaking;
            let _ = tile.class_list().toggle_with_force("speaking", on);
        }
    }
}
