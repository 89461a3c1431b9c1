//! The media side of the client: the device check, the peer connection
//! and its negotiation (what `negotiation` decides, carried out), and the
//! video grid's tiles.

use super::*;

pub(super) fn media_kind(message: &ServerMessage) -> &'static str {
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
pub(super) fn show_negotiation(rc: &Rc<RefCell<Inner>>, last: &str) {
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

pub(super) async fn media_message(
    rc: &Rc<RefCell<Inner>>,
    message: ServerMessage,
) -> Result<(), JsValue> {
    match message {
        ServerMessage::MediaJoined {
            ice_servers,
            offer_follows,
            ..
        } => {
            peer(rc, &ice_servers, offer_follows).await?;
            let (viewer, listening) = {
                let inner = rc.borrow();
                (inner.viewer, inner.listening)
            };
            if viewer && listening.is_some() {
                let id = next_id(rc);
                send_media(
                    rc,
                    &ClientMessage::MediaListen {
                        id,
                        channel: listening,
                    },
                );
            }
            Ok(())
        }
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
            let Some(pc) = with_media(rc, |m| {
                m.negotiation.awaits(id).then(|| {
                    // An answer may carry forwarded tracks too (on our m-lines).
                    m.negotiation.learn(&sdp);
                    m.pc.clone()
                })
            }) else {
                return Ok(());
            };
            JsFuture::from(
                pc.set_remote_description(&description("answer", &sdp)?.unchecked_into()),
            )
            .await?;
            let next = with_media(rc, |m| Some(m.negotiation.answered()));
            then(rc, next).await
        }
        ServerMessage::MediaOffer { sdp, tracks } => {
            let Some(pc) = with_media(rc, |m| Some(m.pc.clone())) else {
                return Ok(());
            };
            let have_local_offer = pc.signaling_state() == RtcSignalingState::HaveLocalOffer;
            let incoming = with_media(rc, |m| {
                Some(m.negotiation.server_offer(&sdp, have_local_offer))
            });
            if incoming == Some(Incoming::RollbackThenAnswer) && have_local_offer {
                JsFuture::from(
                    pc.set_local_description(&description("rollback", "")?.unchecked_into()),
                )
                .await?;
            }
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
            let next = with_media(rc, |m| Some(m.negotiation.server_offer_answered()));
            then(rc, next).await
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

/// Carries out what the negotiation says follows an exchange.
pub(super) async fn then(rc: &Rc<RefCell<Inner>>, next: Option<Next>) -> Result<(), JsValue> {
    match next {
        Some(Next::Publish) => publish(rc).await,
        Some(Next::Offer) => offer(rc).await,
        Some(Next::Nothing) | None => Ok(()),
    }
}

pub(super) fn with_media<T>(
    rc: &Rc<RefCell<Inner>>,
    f: impl FnOnce(&mut Media) -> Option<T>,
) -> Option<T> {
    rc.borrow_mut().media.as_mut().and_then(f)
}

/// A JavaScript object from a serializable value (dictionaries for the browser's APIs).
pub(super) fn json(value: &impl serde::Serialize) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

pub(super) fn description(kind: &str, sdp: &str) -> Result<JsValue, JsValue> {
    if kind == "rollback" {
        return json(&serde_json::json!({ "type": kind }));
    }
    json(&serde_json::json!({ "type": kind, "sdp": sdp }))
}

/// What `getUserMedia` is asked for: the chosen devices, else any.
pub(super) fn constraints(camera: &str, microphone: &str) -> serde_json::Value {
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

pub(super) async fn open_devices(constraints: &serde_json::Value) -> Result<MediaStream, JsValue> {
    let devices = window().navigator().media_devices()?;
    let constraints = json(constraints)?;
    let stream =
        JsFuture::from(devices.get_user_media_with_constraints(constraints.unchecked_ref())?)
            .await?;
    Ok(stream.unchecked_into())
}

pub(super) fn failure_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

pub(super) fn preview_video() -> Option<HtmlMediaElement> {
    window()
        .document()?
        .get_element_by_id("device-preview")?
        .dyn_into::<HtmlMediaElement>()
        .ok()
}

/// The device check: opens the chosen (or default) camera and microphone,
/// shows them in the preview, and lists the devices the browser offers
/// (their names only show once access is granted).
pub(super) async fn check_devices(rc: Rc<RefCell<Inner>>) {
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
            room.update(|r| r.notice = Some(Notice::Devices(failure_text(&e))));
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
pub(super) fn end_check(rc: &Rc<RefCell<Inner>>) {
    if let Some(old) = rc.borrow_mut().preview.take() {
        stop_all(&old);
    }
    if let Some(video) = preview_video() {
        video.set_src_object(None);
    }
    let devices = rc.borrow().devices;
    devices.update(|d| d.checking = false);
}

/// A viewer joins the media to receive only: no devices, no self view.
pub(super) fn watch_media(rc: &Rc<RefCell<Inner>>) {
    let Ok(nothing) = MediaStream::new() else {
        return;
    };
    {
        let mut inner = rc.borrow_mut();
        inner.local = Some(nothing);
        inner.wants_media = true;
        inner.media_state.set(MediaState {
            on: true,
            microphone: false,
            camera: false,
            screen: false,
        });
    }
    let id = next_id(rc);
    send(rc, &ClientMessage::MediaJoin { id, publish: false });
}

/// A viewer's choice of channel: kept, and sent once in the media.
pub(super) fn listen(rc: &Rc<RefCell<Inner>>, channel: Option<plenary_protocol::api::Language>) {
    let (room, joined) = {
        let mut inner = rc.borrow_mut();
        inner.listening = channel;
        (inner.room, inner.media.is_some())
    };
    room.update(|r| r.listening = channel);
    if joined {
        let id = next_id(rc);
        send_media(rc, &ClientMessage::MediaListen { id, channel });
    }
}

pub(super) async fn start_media(rc: Rc<RefCell<Inner>>) {
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
            room.update(|r| r.notice = Some(Notice::Devices(failure_text(&e))));
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
pub(super) fn peer_configuration(ice_servers: &[IceServer]) -> Result<JsValue, JsValue> {
    json(&serde_json::json!({ "iceServers": ice_servers, "bundlePolicy": "max-bundle" }))
}

/// A fresh peer connection. The local tracks are published at once, or,
/// when the server's offer follows, once it is answered: an offer made
/// before would collide with it.
pub(super) async fn peer(
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
            let Some(track_id) =
                with_media(&rc, |m| m.negotiation.track_of(&mid).map(str::to_string))
            else {
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
        screen: None,
        negotiation: Negotiation::new(offer_follows),
        quality: None,
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
pub(super) async fn publish(rc: &Rc<RefCell<Inner>>) -> Result<(), JsValue> {
    if rc.borrow().viewer {
        return Ok(());
    }
    let Some(local) = rc.borrow().local.clone() else {
        // Nothing of ours to send, unless a change (a shared screen) waits.
        if with_media(rc, |m| Some(m.negotiation.pending())) == Some(true) {
            return offer(rc).await;
        }
        return Ok(());
    };
    let Some(pc) = with_media(rc, |m| Some(m.pc.clone())) else {
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
        send_track(&pc, &track, &local, source == MediaSource::Camera)?;
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
///
/// A camera goes in three simulcast layers (a quarter, half and all of its
/// size), from which the SFU sends each subscriber the one it shows.
pub(super) fn send_track(
    pc: &RtcPeerConnection,
    track: &MediaStreamTrack,
    stream: &MediaStream,
    layers: bool,
) -> Result<RtcRtpSender, JsValue> {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"direction".into(), &"sendrecv".into())?;
    js_sys::Reflect::set(&init, &"streams".into(), &js_sys::Array::of1(stream))?;
    if layers {
        let encodings = js_sys::Array::new();
        for (quality, scale) in [
            (Quality::Low, 4.0),
            (Quality::Medium, 2.0),
            (Quality::High, 1.0),
        ] {
            let encoding = js_sys::Object::new();
            js_sys::Reflect::set(&encoding, &"rid".into(), &quality.rid().into())?;
            js_sys::Reflect::set(&encoding, &"scaleResolutionDownBy".into(), &scale.into())?;
            let bitrate = quality.bitrate() as f64;
            js_sys::Reflect::set(&encoding, &"maxBitrate".into(), &bitrate.into())?;
            encodings.push(&encoding);
        }
        js_sys::Reflect::set(&init, &"sendEncodings".into(), &encodings)?;
    }
    let transceiver =
        pc.add_transceiver_with_media_stream_track_and_init(track, init.unchecked_ref());
    Ok(transceiver.sender())
}

/// Offers the local tracks, now or (when an exchange is in flight) after it.
pub(super) async fn offer(rc: &Rc<RefCell<Inner>>) -> Result<(), JsValue> {
    let Some(pc) = with_media(rc, |m| m.negotiation.want_offer().then(|| m.pc.clone())) else {
        return Ok(());
    };
    let offer = JsFuture::from(pc.create_offer()).await?;
    JsFuture::from(pc.set_local_description(offer.unchecked_ref())).await?;
    let sdp = js_sys::Reflect::get(&offer, &"sdp".into())?
        .as_string()
        .unwrap_or_default();
    let senders: Vec<(String, String)> = pc
        .get_transceivers()
        .iter()
        .filter_map(|t| {
            let t: RtcRtpTransceiver = t.unchecked_into();
            Some((t.mid()?, t.sender().track()?.id()))
        })
        .collect();
    let id = next_id(rc);
    let tracks = with_media(rc, |m| {
        m.negotiation.offer_sent(id);
        Some(declared(&m.published, &senders, &sdp))
    })
    .unwrap_or_default();
    send_media(rc, &ClientMessage::MediaOffer { id, sdp, tracks });
    Ok(())
}

/// The media connection ended under us: join again if the user still wants it.
pub(super) fn media_lost(rc: &Rc<RefCell<Inner>>) {
    let wants = {
        let mut inner = rc.borrow_mut();
        inner.media = None;
        inner.wants_media
    };
    if wants {
        let (local, you) = {
            let inner = rc.borrow();
            (inner.local.clone().filter(|_| !inner.viewer), inner.you)
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

pub(super) fn stop_media(rc: &Rc<RefCell<Inner>>) {
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

pub(super) fn stop_all(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

/// Turns the local microphone (`audio`) or camera (`video`) on or off; the
/// track keeps its place, so nothing is renegotiated.
pub(super) fn toggle(rc: &Rc<RefCell<Inner>>, kind: &str) {
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

pub(super) async fn toggle_screen(rc: Rc<RefCell<Inner>>) {
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
    let Ok(sender) = send_track(&pc, &track, &stream, false) else {
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

/// What `getStats` says of each forwarded track, on its tile: a video's
/// frames decoded (`data-frames-decoded`), packets received and key frames
/// asked for (`data-pli-count`), an audio's packets received and
/// the energy of what was played (`data-packets-received`,
/// `data-audio-energy`). A tile that stays at 0 has a connection problem.
/// Read through the transceiver's `mid`, which Chromium and Firefox both report.
pub(super) async fn show_stats(
    rc: &Rc<RefCell<Inner>>,
    pc: &RtcPeerConnection,
) -> Result<(), JsValue> {
    let report = JsFuture::from(pc.get_stats()).await?;
    let mids = with_media(rc, |m| Some(m.negotiation.mids().clone())).unwrap_or_default();
    let report: js_sys::Map = report.unchecked_into();
    report.for_each(&mut |value, _| {
        let field = |name: &str| js_sys::Reflect::get(&value, &name.into()).ok();
        let number = |name: &str| field(name).and_then(|v| v.as_f64()).unwrap_or(0.0);
        if field("type").and_then(|v| v.as_string()).as_deref() != Some("inbound-rtp") {
            return;
        }
        let Some(tile) = field("mid")
            .and_then(|v| v.as_string())
            .and_then(|mid| mids.get(&mid).cloned())
            .and_then(|track_id| tile(&track_id))
        else {
            return;
        };
        let shown: &[(&str, &str)] = match field("kind").and_then(|v| v.as_string()).as_deref() {
            Some("video") => &[
                ("data-frames-decoded", "framesDecoded"),
                // The size received: the simulcast layer the SFU sends.
                ("data-frame-width", "frameWidth"),
                // What tells a video that never shows from one that shows
                // no picture: packets that come, and key frames asked for.
                ("data-packets-received", "packetsReceived"),
                ("data-pli-count", "pliCount"),
            ],
            Some("audio") => &[
                ("data-packets-received", "packetsReceived"),
                ("data-audio-energy", "totalAudioEnergy"),
            ],
            _ => &[],
        };
        for (attribute, stat) in shown {
            let _ = tile.set_attribute(attribute, &format!("{}", number(stat)));
        }
    });
    Ok(())
}

pub(super) fn tile(track_id: &str) -> Option<Element> {
    grid()?
        .query_selector(&format!("[data-track-id=\"{track_id}\"]"))
        .ok()
        .flatten()
}

/// A tile in the grid: a video with its caption, or a hidden audio element.
/// Without an owner, it is the self view.
pub(super) fn add_tile(
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
    // A channel (interpretation) is heard like a microphone.
    let audio = matches!(source, "microphone" | "interpretation");
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
        // Awaited so that a play the browser aborts (the tile replaced, the
        // page left) is handled, not an uncaught rejection.
        if let Ok(playing) = m.play() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(playing).await;
            });
        }
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
    if owner.is_some_and(|o| grid.get_attribute("data-floor") == Some(o.0.to_string())) {
        let _ = figure.class_list().add_1("on-floor");
    }
    if let (Some(owner), "camera") = (owner, source) {
        let _ = figure
            .class_list()
            .toggle_with_force("unshown", !shown_in(&grid, owner));
    }
    let _ = grid.append_child(&figure);
}

/// Whether the server forwards `owner`'s camera to this page (all are,
/// until it says otherwise).
fn shown_in(grid: &Element, owner: ParticipantId) -> bool {
    grid.get_attribute("data-shown").is_none_or(|shown| {
        shown
            .split(',')
            .any(|id| id == owner.0.to_string().as_str())
    })
}

/// The cameras the server forwards to this page (last-N): the others'
/// tiles show their names only.
pub(super) fn mark_shown(participants: &[ParticipantId]) {
    let Some(grid) = grid() else { return };
    let shown: Vec<String> = participants.iter().map(|p| p.0.to_string()).collect();
    let _ = grid.set_attribute("data-shown", &shown.join(","));
    let Ok(tiles) = grid.query_selector_all(".tile[data-source=\"camera\"]") else {
        return;
    };
    for i in 0..tiles.length() {
        if let Some(tile) = tiles.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let on = tile
                .get_attribute("data-owner")
                .is_some_and(|o| shown.contains(&o));
            let _ = tile.class_list().toggle_with_force("unshown", !on);
        }
    }
}

/// Tells the server how large this page shows cameras, for its choice of
/// simulcast layers: with someone on the floor, theirs fills the stage and
/// the others are thumbnails; without, all are tiles alike.
pub(super) fn ask_quality(rc: &Rc<RefCell<Inner>>, floor: bool) {
    let changed = with_media(rc, |m| {
        (m.quality != Some(floor)).then(|| m.quality = Some(floor))
    });
    if changed.is_none() {
        return;
    }
    let (stage, tiles) = match floor {
        true => (Quality::High, Quality::Low),
        false => (Quality::Medium, Quality::Medium),
    };
    let id = next_id(rc);
    send_media(rc, &ClientMessage::MediaQuality { id, stage, tiles });
}

/// Shows the floor holder's tiles large: marks them, and the grid (for
/// tiles that come later).
pub(super) fn mark_floor(participant: Option<ParticipantId>) {
    let Some(grid) = grid() else { return };
    let holder = participant.map(|p| p.0.to_string());
    match &holder {
        Some(h) => {
            let _ = grid.set_attribute("data-floor", h);
        }
        None => {
            let _ = grid.remove_attribute("data-floor");
        }
    }
    let Ok(tiles) = grid.query_selector_all(".tile") else {
        return;
    };
    for i in 0..tiles.length() {
        if let Some(tile) = tiles.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let on = holder.is_some() && tile.get_attribute("data-owner") == holder;
            let _ = tile.class_list().toggle_with_force("on-floor", on);
        }
    }
}

pub(super) fn clear_tiles(remove: impl Fn(&Element) -> bool) {
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
pub(super) fn mark_speaker(participant: Option<ParticipantId>) {
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
