//! The meeting room: an island, the one part of a meeting's pages that runs
//! in the browser. The server renders its frame; in the browser it opens the
//! meeting's websocket, keeps [`state::Room`] from the messages, and carries
//! the camera and microphone through the SFU (`client`, wasm only).

pub mod negotiation;
pub mod state;
pub mod words;

#[cfg(feature = "hydrate")]
mod client;

use leptos::prelude::*;
use plenary_protocol::api::{Language, MeetingStatus};
use plenary_protocol::signal::{Command, MeetingRole, Millis, ParticipantId, SpeakerKind};
use state::{Link, Room};
use words::{w, Word};

/// What the room's buttons ask of the browser part.
#[derive(Debug, Clone)]
pub enum Action {
    Act(Command),
    /// Opens the device check (or reopens it with the chosen devices).
    CheckDevices,
    CancelCheck,
    StartMedia,
    StopMedia,
    ToggleMicrophone,
    ToggleCamera,
    ToggleScreen,
}

/// The media controls' state, as the buttons show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MediaState {
    pub on: bool,
    pub microphone: bool,
    pub camera: bool,
    pub screen: bool,
}

/// Devices the browser offers: `(device id, label)`.
pub type Devices = Vec<(String, String)>;

/// The device check before joining: the devices offered and those chosen
/// (empty: the browser's default).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeviceChoice {
    pub checking: bool,
    pub cameras: Devices,
    pub microphones: Devices,
    pub camera: String,
    pub microphone: String,
}

/// One of the device check's choices: the devices `offered` and the one
/// chosen; choosing opens the check again with it.
fn device_select(
    id: &'static str,
    label: &'static str,
    devices: RwSignal<DeviceChoice>,
    offered: fn(&DeviceChoice) -> (&Devices, &String),
    choose: fn(&mut DeviceChoice, String),
    recheck: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| {
                let v = event_target_value(&ev);
                devices.update(|d| choose(d, v));
                recheck();
            }>
                {move || devices.with(|d| {
                    let (list, chosen) = offered(d);
                    list.iter().map(|(value, text)| {
                        view! { <option value=value.clone() selected=value == chosen>{text.clone()}</option> }
                    }).collect_view()
                })}
            </select>
        </p>
    }
}

/// The room's frame and controls. `meeting` is the meeting's id;
/// `delegations` each delegation's id and code, to show beside its people.
#[leptos::island]
pub fn MeetingRoom(
    meeting: String,
    title: String,
    lang: Language,
    delegations: Vec<(String, String)>,
) -> impl IntoView {
    let l = lang;
    let codes: std::collections::HashMap<String, String> = delegations.into_iter().collect();
    let codes = StoredValue::new(codes);
    let room = RwSignal::new(Room::default());
    let media = RwSignal::new(MediaState::default());
    let devices = RwSignal::new(DeviceChoice::default());
    // The page's clock, ticking for the speaker's countdown.
    let now = RwSignal::new(Millis::default());
    let chat = RwSignal::new(String::new());

    #[cfg(feature = "hydrate")]
    let client = StoredValue::new_local(client::Client::start(
        &meeting,
        room,
        media,
        devices,
        now,
        w(l, Word::You),
    ));
    #[cfg(not(feature = "hydrate"))]
    let _ = &meeting;
    let send = move |action: Action| {
        #[cfg(feature = "hydrate")]
        client.with_value(|c| c.perform(action));
        #[cfg(not(feature = "hydrate"))]
        let _ = action;
    };
    let act = move |command: Command| send(Action::Act(command));

    let link_text = move || match room.with(|r| r.link.clone()) {
        Link::Connecting => w(l, Word::Connecting),
        Link::Connected => w(l, Word::Connected),
        Link::Reconnecting => w(l, Word::Reconnecting),
        Link::Ended(_) => w(l, Word::Ended),
    };
    let link_name = move || match room.with(|r| r.link.clone()) {
        Link::Connecting => "connecting",
        Link::Connected => "connected",
        Link::Reconnecting => "reconnecting",
        Link::Ended(_) => "ended",
    };
    let is_chair = move || room.with(|r| r.is_chair());
    let status = move || room.with(|r| r.view.as_ref().map(|v| v.status));
    let my_hand = move || {
        room.with(|r| {
            r.you
                .is_some_and(|y| r.view.as_ref().is_some_and(|v| v.hands.contains(&y)))
        })
    };
    let inscribed = move || {
        room.with(|r| {
            r.you.is_some_and(|y| {
                r.view.as_ref().is_some_and(|v| {
                    let mine = r.participant(y).and_then(|p| p.delegation);
                    v.current_list().is_some_and(|list| {
                        list.lines.iter().any(|s| match mine {
                            Some(d) => s.delegation == Some(d),
                            None => s.participant == Some(y),
                        })
                    })
                })
            })
        })
    };

    let floor = move || {
        room.with(|r| {
            let floor = r.view.as_ref().and_then(|v| v.floor.as_ref())?;
            Some((floor.participant, r.name_of(floor.participant)))
        })
    };
    let countdown = move || {
        let now = now.get();
        room.with(|r| r.remaining_ms(now)).map(|ms| {
            let sign = if ms < 0 { "−" } else { "" };
            let s = ms.unsigned_abs().div_ceil(1000);
            (ms, format!("{sign}{}:{:02}", s / 60, s % 60))
        })
    };

    let speakers = move || {
        room.with(|r| {
            let Some(view) = &r.view else {
                return Vec::new();
            };
            view.current_list()
                .map(|list| list.lines.clone())
                .unwrap_or_default()
                .iter()
                .map(|s| {
                    let kind = match s.kind {
                        SpeakerKind::PointOfOrder => format!(" — {}", w(l, Word::PointOfOrder)),
                        SpeakerKind::RightOfReply => format!(" — {}", w(l, Word::RightOfReply)),
                        SpeakerKind::Statement => String::new(),
                    };
                    let name = s
                        .delegation
                        .and_then(|d| codes.with_value(|c| c.get(&d.to_string()).cloned()))
                        .or_else(|| s.participant.map(|p| r.name_of(p)))
                        .unwrap_or_default();
                    (s.line, name, kind)
                })
                .collect::<Vec<_>>()
        })
    };

    let participants = move || {
        room.with(|r| {
            let Some(view) = &r.view else {
                return Vec::new();
            };
            view.participants
                .iter()
                .map(|p| {
                    let mut notes = Vec::new();
                    if Some(p.id) == r.you {
                        notes.push(w(l, Word::You));
                    }
                    if p.role == MeetingRole::Chair {
                        notes.push(w(l, Word::Chair));
                    }
                    if view.hands.contains(&p.id) {
                        notes.push(w(l, Word::HandRaised));
                    }
                    if p.in_lobby {
                        notes.push(w(l, Word::InLobby));
                    }
                    if p.muted_by_chair {
                        notes.push(w(l, Word::MutedByChair));
                    }
                    if !p.connected {
                        notes.push(w(l, Word::Away));
                    }
                    let mut rest = p
                        .delegation
                        .and_then(|d| codes.with_value(|c| c.get(&d.to_string()).cloned()))
                        .map(|code| format!(" ({code})"))
                        .unwrap_or_default();
                    if !notes.is_empty() {
                        rest.push_str(&format!(" · {}", notes.join(" · ")));
                    }
                    Seat {
                        id: p.id,
                        name: p.name.clone(),
                        rest,
                        in_lobby: p.in_lobby,
                        muted: p.muted_by_chair,
                        hand: view.hands.contains(&p.id),
                        speaking: r.active_speaker == Some(p.id),
                        is_you: Some(p.id) == r.you,
                    }
                })
                .collect::<Vec<_>>()
        })
    };

    let chat_lines = move || {
        room.with(|r| {
            r.view
                .as_ref()
                .map(|v| {
                    v.chat
                        .iter()
                        .map(|m| (m.name.clone(), m.text.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    view! {
        <section class="room" aria-labelledby="room-title" data-meeting=meeting.clone()>
            <h1 id="room-title">{title}</h1>
            <p class="link" role="status" data-link=link_name>{link_text}</p>
            <p class="notice" role="alert">{move || room.with(|r| r.notice.clone())}</p>
            <div class="stage">
                <section class="media" aria-label=w(l, Word::Video)>
                    <div class="toolbar" role="toolbar" aria-label=w(l, Word::DeviceCheck)>
                        <Show
                            when=move || media.with(|m| m.on)
                            fallback=move || view! {
                                <Show when=move || devices.with(|d| d.checking)
                                    fallback=move || view! {
                                        <button class="join-media" on:click=move |_| send(Action::CheckDevices)>
                                            {crate::labels::l(l, crate::labels::Label::CheckDevices)}
                                        </button>
                                    }>
                                    <button class="join-with-devices" on:click=move |_| send(Action::StartMedia)>
                                        {crate::labels::l(l, crate::labels::Label::JoinWithDevices)}
                                    </button>
                                    <button class="cancel-check" on:click=move |_| send(Action::CancelCheck)>
                                        {crate::labels::l(l, crate::labels::Label::Cancel)}
                                    </button>
                                </Show>
                            }
                        >
                            <button class="microphone" aria-pressed=move || media.with(|m| m.microphone).to_string()
                                on:click=move |_| send(Action::ToggleMicrophone)>{w(l, Word::Microphone)}</button>
                            <button class="camera" aria-pressed=move || media.with(|m| m.camera).to_string()
                                on:click=move |_| send(Action::ToggleCamera)>{w(l, Word::Camera)}</button>
                            <button class="screen" aria-pressed=move || media.with(|m| m.screen).to_string()
                                on:click=move |_| send(Action::ToggleScreen)>{w(l, Word::Screen)}</button>
                            <button class="leave-media" on:click=move |_| send(Action::StopMedia)>{w(l, Word::LeaveMedia)}</button>
                        </Show>
                    </div>
                    <div class="device-check" hidden=move || !devices.with(|d| d.checking)>
                        <video id="device-preview" autoplay muted playsinline aria-label=w(l, Word::DeviceCheck)></video>
                        {device_select("camera-choice", w(l, Word::Camera), devices,
                            |d| (&d.cameras, &d.camera), |d, v| d.camera = v, move || send(Action::CheckDevices))}
                        {device_select("microphone-choice", w(l, Word::Microphone), devices,
                            |d| (&d.microphones, &d.microphone), |d, v| d.microphone = v, move || send(Action::CheckDevices))}
                    </div>
                    // Tiles are added and removed by the browser part as tracks come and go.
                    <div class="grid" id="grid"></div>
                </section>
                <section class="floor" aria-labelledby="floor-title">
                    <h2 id="floor-title">{w(l, Word::Speakers)}</h2>
                    <p class="holder">
                        {move || match floor() {
                            Some((_, name)) => view! { {w(l, Word::HasFloor)}": "<bdi>{name}</bdi> }.into_any(),
                            None => w(l, Word::NoFloor).into_any(),
                        }}
                    </p>
                    <p class="countdown" role="timer" aria-label=w(l, Word::TimeLeft)
                        data-remaining-ms=move || countdown().map(|(ms, _)| ms.to_string())
                        class:over=move || countdown().is_some_and(|(ms, _)| ms < 0)>
                        {move || countdown().map(|(_, text)| text)}
                    </p>
                    <ol class="speakers">
                        {move || speakers().into_iter().map(|(line, name, kind)| view! {
                            <li data-line=line.to_string()>
                                <bdi>{name}</bdi>{kind}
                            </li>
                        }).collect_view()}
                    </ol>
                    <div class="actions">
                        <Show when=move || !my_hand() fallback=move || view! {
                            <button class="lower-hand" on:click=move |_| act(Command::LowerHand)>{w(l, Word::LowerHand)}</button>
                        }>
                            <button class="raise-hand" on:click=move |_| act(Command::RaiseHand)>{w(l, Word::RaiseHand)}</button>
                        </Show>
                        <Show when=move || !inscribed() fallback=move || view! {
                            <button class="withdraw" on:click=move |_| act(Command::Withdraw)>{w(l, Word::Withdraw)}</button>
                        }>
                            <button class="inscribe" on:click=move |_| act(Command::Inscribe { kind: SpeakerKind::Statement, level: Default::default(), item: None })>{w(l, Word::Inscribe)}</button>
                            <button class="point-of-order" on:click=move |_| act(Command::Inscribe { kind: SpeakerKind::PointOfOrder, level: Default::default(), item: None })>{w(l, Word::PointOfOrder)}</button>
                            <button class="right-of-reply" on:click=move |_| act(Command::Inscribe { kind: SpeakerKind::RightOfReply, level: Default::default(), item: None })>{w(l, Word::RightOfReply)}</button>
                        </Show>
                    </div>
                    <Show when=is_chair>
                        <div class="chair" role="group" aria-label=w(l, Word::Chair)>
                            <button class="next-speaker" on:click=move |_| act(Command::GiveFloor { participant: None })>{w(l, Word::NextSpeaker)}</button>
                            <button class="end-floor" on:click=move |_| act(Command::EndFloor)>{w(l, Word::EndFloor)}</button>
                            {move || match status() {
                                Some(MeetingStatus::Scheduled) => view! {
                                    <button class="open" on:click=move |_| act(Command::Open)>{w(l, Word::Open)}</button>
                                }.into_any(),
                                Some(MeetingStatus::InProgress) => view! {
                                    <button class="suspend" on:click=move |_| act(Command::Suspend)>{w(l, Word::Suspend)}</button>
                                }.into_any(),
                                Some(MeetingStatus::Suspended) => view! {
                                    <button class="resume" on:click=move |_| act(Command::Resume)>{w(l, Word::Resume)}</button>
                                }.into_any(),
                                _ => ().into_any(),
                            }}
                            <button class="adjourn" on:click=move |_| act(Command::Adjourn)>{w(l, Word::Adjourn)}</button>
                            <label for="speaking-limit">{w(l, Word::SpeakingTime)}</label>
                            <select id="speaking-limit" on:change=move |e| {
                                let minutes: u64 = event_target_value(&e).parse().unwrap_or(0);
                                act(Command::SetSpeakingLimit { limit_ms: (minutes > 0).then_some(minutes * 60_000) });
                            }>
                                {[0u64, 1, 2, 3, 5, 10].into_iter().map(|m| {
                                    let selected = move || room.with(|r| r.view.as_ref().and_then(|v| v.speaking_limit_ms)) == (m > 0).then_some(m * 60_000);
                                    let label = if m == 0 { "—".to_string() } else { format!("{m} min") };
                                    view! { <option value=m.to_string() selected=selected>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    </Show>
                </section>
                <section class="participants" aria-labelledby="participants-title">
                    <h2 id="participants-title">{w(l, Word::Participants)}</h2>
                    <ul>
                        {move || participants().into_iter().map(|seat| {
                            let id = seat.id;
                            let controls = (is_chair() && !seat.is_you).then(|| view! {
                                <span class="seat-controls">
                                    {seat.in_lobby.then(|| view! {
                                        <button class="admit" on:click=move |_| act(Command::Admit { participant: id })>{w(l, Word::Admit)}</button>
                                        <button class="refuse" on:click=move |_| act(Command::Refuse { participant: id })>{w(l, Word::Refuse)}</button>
                                    })}
                                    <button class="give-floor" on:click=move |_| act(Command::GiveFloor { participant: Some(id) })>{w(l, Word::GiveFloor)}</button>
                                    {if seat.muted {
                                        view! { <button class="unmute" on:click=move |_| act(Command::Unmute { participant: id })>{w(l, Word::Unmute)}</button> }.into_any()
                                    } else {
                                        view! { <button class="mute" on:click=move |_| act(Command::AskMute { participant: id })>{w(l, Word::Mute)}</button> }.into_any()
                                    }}
                                    <button class="remove" on:click=move |_| act(Command::Remove { participant: id })>{w(l, Word::Remove)}</button>
                                </span>
                            });
                            view! {
                                <li data-participant=id.0.to_string() class:hand=seat.hand class:speaking=seat.speaking>
                                    <bdi>{seat.name}</bdi>{seat.rest}
                                    {controls}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
                <section class="chat" aria-labelledby="chat-title">
                    <h2 id="chat-title">{w(l, Word::Chat)}</h2>
                    <ol aria-live="polite">
                        {move || chat_lines().into_iter().map(|(name, text)| view! { <li><bdi>{name}</bdi>": "<bdi>{text}</bdi></li> }).collect_view()}
                    </ol>
                    <form on:submit=move |e| {
                        e.prevent_default();
                        let text = chat.get_untracked();
                        if !text.trim().is_empty() {
                            act(Command::Chat { text, to: Default::default() });
                            chat.set(String::new());
                        }
                    }>
                        <label for="chat-text">{w(l, Word::Message)}</label>
                        <input id="chat-text" maxlength="2000" autocomplete="off"
                            prop:value=move || chat.get()
                            on:input=move |e| chat.set(event_target_value(&e)) />
                        <button type="submit">{w(l, Word::Send)}</button>
                    </form>
                </section>
            </div>
        </section>
    }
}

/// One line of the participants' list.
#[derive(Debug, Clone)]
struct Seat {
    id: ParticipantId,
    /// As its user wrote it: isolated (`<bdi>`) so that a Latin name in an
    /// Arabic room, or an Arabic one in an English room, reads correctly.
    name: String,
    /// The delegation's code and the notes (lobby, muted, away).
    rest: String,
    in_lobby: bool,
    muted: bool,
    hand: bool,
    speaking: bool,
    is_you: bool,
}

/// The meeting room as a whole HTML document, loading the browser part.
pub fn render_room(
    lang: Language,
    account: &crate::Account,
    meeting: String,
    title: String,
    delegations: Vec<(String, String)>,
) -> String {
    let l = lang;
    let back = format!("/meetings/{meeting}");
    let page_title = format!("{} — {title}", w(l, Word::Room));
    let body = Owner::new().with(|| {
        view! {
            <a class="skip" href="#main">{crate::i18n::t(l, crate::i18n::Phrase::SkipToContent)}</a>
            <header><p><a href=back>{title.clone()}</a></p></header>
            <main id="main">
                <noscript><p>{w(l, Word::NoJavaScript)}</p></noscript>
                <MeetingRoom meeting=meeting title=title lang=lang delegations=delegations />
            </main>
        }
        .to_html()
    });
    crate::page(lang, &page_title, account, &body, true)
}
