//! The meeting room: an island, the one part of a meeting's pages that runs
//! in the browser. The server renders its frame; in the browser it opens the
//! meeting's websocket, keeps [`state::Room`] from the messages, and carries
//! the camera and microphone through the SFU (`client`, wasm only).

mod interpretation;
pub mod negotiation;
pub mod state;
mod voting;
pub mod words;

#[cfg(feature = "hydrate")]
mod client;

use leptos::prelude::*;
use plenary_protocol::api::{Language, MeetingStatus};
use plenary_protocol::signal::{
    Audience, Command, ListOrder, MeetingRole, Millis, ParticipantId, SpeakerKind, SpeakerLevel,
};
use state::{Link, Notice, Room};
use words::{refusal, w, Word};

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
    /// A viewer's: receive the meeting's media, sending nothing.
    Watch,
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

/// The panels beside the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Speakers,
    Participants,
    Chat,
    Documents,
}

/// A small icon drawn in SVG beside a control's text label (decorative: the
/// label names the control).
fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=path /></svg>
    }
}

const MICROPHONE: &str = "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11z";
const CAMERA: &str =
    "M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11z";
const SCREEN: &str =
    "M20 18a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2H0v2h24v-2zM4 6h16v10H4z";
const HAND: &str = "M13 2a1.5 1.5 0 0 0-1.5 1.5V11h-1V4.5a1.5 1.5 0 0 0-3 0V13l-2.2-2.2a1.5 1.5 0 0 0-2.1 2.1L9 18.5A5 5 0 0 0 12.6 20H15a5 5 0 0 0 5-5V7.5a1.5 1.5 0 0 0-3 0V11h-1V3.5A1.5 1.5 0 0 0 14.5 2z";
const LEAVE: &str = "M12 9c-1.6 0-3.1.3-4.5.8v3.1c0 .4-.2.7-.6.9-1 .5-1.9 1.1-2.7 1.8a1 1 0 0 1-1.4 0L.3 13.1a1 1 0 0 1 0-1.4C3.3 8.8 7.5 7 12 7s8.7 1.8 11.7 4.7a1 1 0 0 1 0 1.4l-2.5 2.5a1 1 0 0 1-1.4 0c-.8-.7-1.7-1.3-2.7-1.8a1 1 0 0 1-.6-.9V9.8C15.1 9.3 13.6 9 12 9z";
const KEYBOARD: &str = "M20 5H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm-9 3h2v2h-2zm0 3h2v2h-2zM8 8h2v2H8zm0 3h2v2H8zm-1 2H5v-2h2zm0-3H5V8h2zm9 7H8v-2h8zm0-4h-2v-2h2zm0-3h-2V8h2zm3 3h-2v-2h2zm0-3h-2V8h2z";

fn level_word(level: SpeakerLevel) -> Word {
    match level {
        SpeakerLevel::HeadOfState => Word::LevelHeadOfState,
        SpeakerLevel::Minister => Word::LevelMinister,
        SpeakerLevel::HeadOfDelegation => Word::LevelHeadOfDelegation,
        SpeakerLevel::Other => Word::LevelOther,
    }
}

const LEVELS: [(SpeakerLevel, &str); 4] = [
    (SpeakerLevel::HeadOfState, "head_of_state"),
    (SpeakerLevel::Minister, "minister"),
    (SpeakerLevel::HeadOfDelegation, "head_of_delegation"),
    (SpeakerLevel::Other, "other"),
];

fn level_of(value: &str) -> SpeakerLevel {
    LEVELS
        .iter()
        .find(|(_, v)| *v == value)
        .map_or(SpeakerLevel::Other, |(l, _)| *l)
}

/// A select of the speaker's level, `other` first chosen.
fn level_select(l: Language, id: &'static str, chosen: RwSignal<SpeakerLevel>) -> impl IntoView {
    view! {
        <label for=id>{w(l, Word::Level)}</label>
        <select id=id on:change=move |e| chosen.set(level_of(&event_target_value(&e)))>
            {LEVELS.iter().map(|(level, value)| {
                let level = *level;
                view! { <option value=*value selected=move || chosen.get() == level>{w(l, level_word(level))}</option> }
            }).collect_view()}
        </select>
    }
}

/// Minutes as the time selects offer them.
fn minutes_label(l: Language, m: u64) -> String {
    if m == 0 {
        "—".to_string()
    } else {
        format!("{m} {}", w(l, Word::Min))
    }
}

/// A select of a speaking time in minutes; `current` is what holds now.
fn time_select(
    l: Language,
    id: &'static str,
    current: impl Fn() -> Option<u64> + Copy + Send + Sync + 'static,
    set: impl Fn(Option<u64>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <select id=id on:change=move |e| {
            let minutes: u64 = event_target_value(&e).parse().unwrap_or(0);
            set((minutes > 0).then_some(minutes * 60_000));
        }>
            {[0u64, 1, 2, 3, 5, 10, 15].into_iter().map(|m| {
                let selected = move || current() == (m > 0).then_some(m * 60_000);
                view! { <option value=m.to_string() selected=selected>{minutes_label(l, m)}</option> }
            }).collect_view()}
        </select>
    }
}

/// The room's frame and controls. `meeting` is the meeting's id;
/// `delegations` each delegation's id and code, to show beside its people;
/// `agenda` each item's number (empty without one) and title; `documents`
/// those the reader may read: the item's position (0 for none), symbol,
/// title and link.
#[leptos::island]
pub fn MeetingRoom(
    meeting: String,
    title: String,
    lang: Language,
    delegations: Vec<(String, String)>,
    agenda: Vec<(String, String)>,
    documents: Vec<(u32, String, String, String)>,
    /// A viewer's link token: watch and listen, no seat, nothing sent.
    watch: Option<String>,
) -> impl IntoView {
    let viewing = watch.is_some();
    let documents = StoredValue::new(documents);
    let l = lang;
    let mut sorted = delegations.clone();
    sorted.sort_by(|a, b| a.1.cmp(&b.1));
    let all_delegations = StoredValue::new(sorted);
    let codes: std::collections::HashMap<String, String> = delegations.into_iter().collect();
    let codes = StoredValue::new(codes);
    let agenda = StoredValue::new(agenda);
    let room = RwSignal::new(Room::default());
    let media = RwSignal::new(MediaState::default());
    let devices = RwSignal::new(DeviceChoice::default());
    // The page's clock, ticking for the speaker's countdown.
    let now = RwSignal::new(Millis::default());
    let chat = RwSignal::new(String::new());
    let chat_to = RwSignal::new(Audience::Everyone);
    let tab = RwSignal::new(Tab::Speakers);
    let help = RwSignal::new(false);
    let my_level = RwSignal::new(SpeakerLevel::Other);
    let insert_level = RwSignal::new(SpeakerLevel::Other);
    let insert_delegation = RwSignal::new(String::new());
    let insert_place = RwSignal::new(String::from("1"));
    let chosen_item = RwSignal::new(String::new());

    #[cfg(feature = "hydrate")]
    let client = StoredValue::new_local(client::Client::start(
        &meeting,
        watch.as_deref(),
        room,
        media,
        devices,
        now,
        w(l, Word::You),
    ));
    #[cfg(not(feature = "hydrate"))]
    let _ = (&meeting, &watch);
    let send = move |action: Action| {
        #[cfg(feature = "hydrate")]
        client.with_value(|c| c.perform(action));
        #[cfg(not(feature = "hydrate"))]
        let _ = action;
    };
    let act = move |command: Command| send(Action::Act(command));
    interpretation::restore(room, act);

    let link_text = move || match room.with(|r| r.link.clone()) {
        Link::Connecting => w(l, Word::Connecting),
        Link::Connected => w(l, Word::Connected),
        Link::Reconnecting => w(l, Word::Reconnecting),
        Link::Ended(code) => refusal(l, code),
    };
    let link_name = move || match room.with(|r| r.link.clone()) {
        Link::Connecting => "connecting",
        Link::Connected => "connected",
        Link::Reconnecting => "reconnecting",
        Link::Ended(_) => "ended",
    };
    let presides = move || room.with(|r| r.presides());
    let status = move || room.with(|r| r.view.as_ref().map(|v| v.status));
    let code_of = move |d: Option<plenary_protocol::DelegationId>| {
        d.and_then(|d| codes.with_value(|c| c.get(&d.to_string()).cloned()))
    };
    let my_hand = move || {
        room.with(|r| {
            r.you
                .is_some_and(|y| r.view.as_ref().is_some_and(|v| v.hands.contains(&y)))
        })
    };
    let inscribed = move || room.with(|r| r.my_lines().next().is_some());
    let item_label = move |position: u32| {
        agenda.with_value(|a| {
            let index = usize::try_from(position).ok()?.checked_sub(1)?;
            let (number, title) = a.get(index)?;
            let number = if number.is_empty() {
                position.to_string()
            } else {
                number.clone()
            };
            Some((number, title.clone()))
        })
    };
    // An item as the room names it: its number and title are the schedule's
    // text, isolated so that they read right in either direction.
    let item_view = move |position: u32| {
        item_label(position).map(|(number, title)| {
            view! { {w(l, Word::Item)}" "<bdi>{number}</bdi>": "<bdi>{title}</bdi> }
        })
    };
    let current_item = move || room.with(|r| r.view.as_ref().and_then(|v| v.current_item));

    let floor = move || {
        room.with(|r| {
            let floor = r.view.as_ref().and_then(|v| v.floor.as_ref())?;
            let who = r.participant(floor.participant);
            let code = who.and_then(|p| code_of(p.delegation));
            let kind = match floor.kind {
                SpeakerKind::PointOfOrder => Some(w(l, Word::PointOfOrder)),
                SpeakerKind::RightOfReply => Some(w(l, Word::RightOfReply)),
                SpeakerKind::Statement => None,
            };
            Some((floor.participant, r.name_of(floor.participant), code, kind))
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
    // What screen readers are told as it happens: who has the floor, and
    // the last ten seconds of a turn.
    let announcement = Memo::new(move |_| {
        if let Some((ms, _)) = countdown() {
            if (1..=10_000).contains(&ms) {
                let seconds = ms.unsigned_abs().div_ceil(1000);
                return crate::i18n::say(
                    l,
                    "room-seconds-left",
                    &[("seconds", crate::i18n::Arg::Number(seconds as i64))],
                );
            }
        }
        match floor() {
            Some((_, name, code, _)) => {
                let name = code.map_or(name.clone(), |c| format!("{name} ({c})"));
                crate::i18n::say(
                    l,
                    "room-floor-to",
                    &[("name", crate::i18n::Arg::Text(name))],
                )
            }
            None => w(l, Word::NoFloor).to_string(),
        }
    });

    let list = move || room.with(|r| r.view.as_ref().and_then(|v| v.current_list().cloned()));
    // The strip under the floor: who presides, and the next three on the list.
    let strip = move || {
        room.with(|r| {
            let Some(view) = &r.view else {
                return (Vec::new(), Vec::new());
            };
            let chairs = view
                .participants
                .iter()
                .filter(|p| p.role == MeetingRole::Chair && !p.in_lobby)
                .map(|p| p.name.clone())
                .collect();
            let next = view
                .current_list()
                .map(|list| {
                    list.lines
                        .iter()
                        .take(3)
                        .map(|s| {
                            code_of(s.delegation)
                                .or_else(|| s.participant.map(|p| r.name_of(p)))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default();
            (chairs, next)
        })
    };
    let speakers = move || {
        room.with(|r| {
            let Some(list) = r.view.as_ref().and_then(|v| v.current_list()) else {
                return Vec::new();
            };
            list.lines
                .iter()
                .map(|s| {
                    let kind = match s.kind {
                        SpeakerKind::PointOfOrder => w(l, Word::PointOfOrder),
                        SpeakerKind::RightOfReply => w(l, Word::RightOfReply),
                        SpeakerKind::Statement => w(l, Word::Statement),
                    };
                    let name = code_of(s.delegation)
                        .or_else(|| s.participant.map(|p| r.name_of(p)))
                        .unwrap_or_default();
                    let level = (s.kind == SpeakerKind::Statement
                        && s.level != SpeakerLevel::Other)
                        .then(|| w(l, level_word(s.level)));
                    (s.line, s.kind, name, kind, level)
                })
                .collect::<Vec<_>>()
        })
    };
    let replies_rule = move || {
        room.with(|r| {
            let limits = r
                .view
                .as_ref()
                .map(|v| v.reply_limits_ms.clone())
                .unwrap_or_default();
            let times: Vec<String> = limits
                .iter()
                .map(|ms| minutes_label(l, ms / 60_000))
                .collect();
            format!(
                "{}: {} ({})",
                w(l, Word::RepliesRule),
                limits.len(),
                times.join(", ")
            )
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
                    } else if view.presides(p) && view.secretary.is_some() {
                        notes.push(w(l, Word::Secretary));
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
                    let mut rest = code_of(p.delegation)
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
                        .map(|m| {
                            let private = m.to != Audience::Everyone;
                            let answerable = private && Some(m.from) != r.you && r.is_staff();
                            (m.from, m.name.clone(), m.text.clone(), private, answerable)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    // Shortcuts, with Alt and Shift so that they never take a letter from
    // whoever types, and by the key's place (`code`) so that they work with
    // every keyboard layout.
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |e| {
            if !(e.alt_key() && e.shift_key()) {
                if e.key() == "Escape" && help.get_untracked() {
                    help.set(false);
                }
                return;
            }
            let done = match e.code().as_str() {
                "KeyH" => {
                    let up = room.with_untracked(|r| {
                        r.you
                            .is_some_and(|y| r.view.as_ref().is_some_and(|v| v.hands.contains(&y)))
                    });
                    act(if up {
                        Command::LowerHand
                    } else {
                        Command::RaiseHand
                    });
                    true
                }
                "KeyM" => {
                    send(Action::ToggleMicrophone);
                    true
                }
                "KeyV" => {
                    send(Action::ToggleCamera);
                    true
                }
                "KeyN" if room.with_untracked(|r| r.presides()) => {
                    act(Command::GiveFloor { participant: None });
                    true
                }
                "KeyK" => {
                    help.update(|h| *h = !*h);
                    true
                }
                _ => false,
            };
            if done {
                e.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    }

    let tab_button = move |which: Tab, id: &'static str, panel: &'static str, word: Word| {
        view! {
            <button role="tab" id=id aria-controls=panel
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
                on:keydown=move |e| {
                    // Arrow keys move between tabs, as a tab list does.
                    let order = [Tab::Speakers, Tab::Participants, Tab::Chat, Tab::Documents];
                    let at = order.iter().position(|t| *t == tab.get_untracked()).unwrap_or(0);
                    let step = match e.key().as_str() {
                        "ArrowRight" | "ArrowDown" => 1,
                        "ArrowLeft" | "ArrowUp" => order.len() - 1,
                        _ => return,
                    };
                    tab.set(order[(at + step) % order.len()]);
                }>
                {w(l, word)}
            </button>
        }
    };

    view! {
        <section class="room" aria-labelledby="room-title" data-meeting=meeting.clone()>
            <header class="room-head">
                <h1 id="room-title">{title}</h1>
                <p class="status-badge" data-status=move || status().map(|s| s.as_str())>
                    {move || status().map(|s| crate::i18n::status(l, s))}
                </p>
                <p class="item-now">
                    {move || match current_item().and_then(item_view) {
                        Some(item) => item.into_any(),
                        None => w(l, Word::NoItem).into_any(),
                    }}
                </p>
                <p class="link" role="status" data-link=link_name>{link_text}</p>
                <button class="help-button" aria-keyshortcuts="Alt+Shift+K" aria-expanded=move || help.get().to_string()
                    aria-controls="shortcuts" on:click=move |_| help.update(|h| *h = !*h)>
                    {icon(KEYBOARD)}<span>{w(l, Word::Shortcuts)}</span>
                </button>
            </header>
            <p class="notice" role="alert">{move || room.with(|r| match &r.notice {
                Some(Notice::Refused(code)) => refusal(l, *code).to_string(),
                Some(Notice::Devices(why)) => format!("{} {why}", w(l, Word::DevicesFailed)),
                None => String::new(),
            })}</p>
            <p class="announcer" aria-live="assertive" aria-atomic="true">{move || announcement.get()}</p>
            <div class="shortcuts" id="shortcuts" role="dialog" aria-labelledby="shortcuts-title" hidden=move || !help.get()>
                <h2 id="shortcuts-title">{w(l, Word::Shortcuts)}</h2>
                <dl>
                    <dt><kbd>"Alt+Shift+H"</kbd></dt><dd>{w(l, Word::RaiseHand)}" / "{w(l, Word::LowerHand)}</dd>
                    <dt><kbd>"Alt+Shift+M"</kbd></dt><dd>{w(l, Word::Microphone)}</dd>
                    <dt><kbd>"Alt+Shift+V"</kbd></dt><dd>{w(l, Word::Camera)}</dd>
                    <dt><kbd>"Alt+Shift+N"</kbd></dt><dd>{w(l, Word::NextSpeaker)}" ("{w(l, Word::Chair)}")"</dd>
                    <dt><kbd>"Alt+Shift+K"</kbd></dt><dd>{w(l, Word::Shortcuts)}</dd>
                </dl>
                <button class="close-shortcuts" on:click=move |_| help.set(false)>{w(l, Word::Close)}</button>
            </div>
            <div class="room-body">
                <div class="stage">
                    <section class="floor-card" aria-labelledby="floor-title">
                        <h2 id="floor-title" class="visually-hidden">{w(l, Word::HasFloor)}</h2>
                        <p class="holder">
                            {move || match floor() {
                                Some((_, name, code, kind)) => view! {
                                    <span class="holder-label">{w(l, Word::HasFloor)}": "</span>
                                    <bdi class="holder-name">{name}</bdi>
                                    {code.map(|c| view! { <span class="holder-delegation">{c}</span> })}
                                    {kind.map(|k| view! { <span class="holder-kind">{k}</span> })}
                                }.into_any(),
                                None => w(l, Word::NoFloor).into_any(),
                            }}
                        </p>
                        <p class="countdown" role="timer" aria-label=w(l, Word::TimeLeft)
                            data-remaining-ms=move || countdown().map(|(ms, _)| ms.to_string())
                            class:over=move || countdown().is_some_and(|(ms, _)| ms < 0)
                            class:ending=move || countdown().is_some_and(|(ms, _)| (0..=10_000).contains(&ms))>
                            {move || countdown().map(|(_, text)| text)}
                        </p>
                        <p class="viewing-note" hidden=!viewing>{w(l, Word::Viewing)}</p>
                        <p class="formal-note" hidden=move || !room.with(|r| r.view.as_ref().is_some_and(|v| v.formal))>
                            {w(l, Word::FormalNote)}
                        </p>
                        <ul class="strip">
                            {move || {
                                let (chairs, next) = strip();
                                let chairs = chairs.into_iter().map(|name| view! {
                                    <li class="strip-chair"><span class="strip-role">{w(l, Word::Chair)}": "</span><bdi>{name}</bdi></li>
                                }).collect_view();
                                let next = next.into_iter().map(|name| view! {
                                    <li class="strip-next"><span class="strip-role">{w(l, Word::NextSpeaker)}": "</span><bdi>{name}</bdi></li>
                                }).collect_view();
                                view! { {chairs}{next} }
                            }}
                        </ul>
                    </section>
                    {interpretation::console(l, room, act)}
                    {voting::panel(l, meeting.clone(), room, act)}
                    <section class="media" aria-label=w(l, Word::Video)>
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
                    <div class="control-bar" role="toolbar" aria-label=w(l, Word::Controls) hidden=!viewing>
                        <Show when=move || !media.with(|m| m.on)>
                            <button class="watch" on:click=move |_| send(Action::Watch)>{icon(CAMERA)}<span>{w(l, Word::Watch)}</span></button>
                        </Show>
                        <Show when=move || media.with(|m| m.on)>
                            <button class="leave-media" on:click=move |_| send(Action::StopMedia)>{icon(LEAVE)}<span>{w(l, Word::LeaveMedia)}</span></button>
                        </Show>
                    </div>
                    <div class="control-bar" role="toolbar" aria-label=w(l, Word::Controls) hidden=viewing>
                        <Show
                            when=move || media.with(|m| m.on)
                            fallback=move || view! {
                                <Show when=move || devices.with(|d| d.checking)
                                    fallback=move || view! {
                                        <button class="join-media" on:click=move |_| send(Action::CheckDevices)>
                                            {icon(CAMERA)}<span>{crate::labels::l(l, crate::labels::Label::CheckDevices)}</span>
                                        </button>
                                    }>
                                    <button class="join-with-devices" on:click=move |_| send(Action::StartMedia)>
                                        {icon(CAMERA)}<span>{crate::labels::l(l, crate::labels::Label::JoinWithDevices)}</span>
                                    </button>
                                    <button class="cancel-check" on:click=move |_| send(Action::CancelCheck)>
                                        <span>{crate::labels::l(l, crate::labels::Label::Cancel)}</span>
                                    </button>
                                </Show>
                            }
                        >
                            <button class="microphone" aria-keyshortcuts="Alt+Shift+M" aria-pressed=move || media.with(|m| m.microphone).to_string()
                                on:click=move |_| send(Action::ToggleMicrophone)>{icon(MICROPHONE)}<span>{w(l, Word::Microphone)}</span></button>
                            <button class="camera" aria-keyshortcuts="Alt+Shift+V" aria-pressed=move || media.with(|m| m.camera).to_string()
                                on:click=move |_| send(Action::ToggleCamera)>{icon(CAMERA)}<span>{w(l, Word::Camera)}</span></button>
                            <button class="screen" aria-pressed=move || media.with(|m| m.screen).to_string()
                                on:click=move |_| send(Action::ToggleScreen)>{icon(SCREEN)}<span>{w(l, Word::Screen)}</span></button>
                        </Show>
                        <Show when=move || !my_hand() fallback=move || view! {
                            <button class="lower-hand" aria-keyshortcuts="Alt+Shift+H" aria-pressed="true" on:click=move |_| act(Command::LowerHand)>
                                {icon(HAND)}<span>{w(l, Word::LowerHand)}</span>
                            </button>
                        }>
                            <button class="raise-hand" aria-keyshortcuts="Alt+Shift+H" on:click=move |_| act(Command::RaiseHand)>
                                {icon(HAND)}<span>{w(l, Word::RaiseHand)}</span>
                            </button>
                        </Show>
                        <Show when=move || media.with(|m| m.on)>
                            <button class="leave-media" on:click=move |_| send(Action::StopMedia)>{icon(LEAVE)}<span>{w(l, Word::LeaveMedia)}</span></button>
                        </Show>
                    </div>
                    {interpretation::picker(l, room, act)}
                    {interpretation::floor_language(l, room, act)}
                    <Show when=presides>
                        <section class="desk" aria-labelledby="desk-title">
                            <h2 id="desk-title">{w(l, Word::Desk)}</h2>
                            <div class="desk-row">
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
                                <button class="next-speaker" aria-keyshortcuts="Alt+Shift+N" on:click=move |_| act(Command::GiveFloor { participant: None })>{w(l, Word::NextSpeaker)}</button>
                                <button class="end-floor" on:click=move |_| act(Command::EndFloor)>{w(l, Word::EndFloor)}</button>
                                {move || if room.with(|r| r.view.as_ref().is_some_and(|v| v.locked)) {
                                    view! { <button class="unlock" on:click=move |_| act(Command::Lock { locked: false })>{w(l, Word::Unlock)}</button> }.into_any()
                                } else {
                                    view! { <button class="lock" on:click=move |_| act(Command::Lock { locked: true })>{w(l, Word::Lock)}</button> }.into_any()
                                }}
                                <button class="mute-all" on:click=move |_| act(Command::MuteAll)>{w(l, Word::MuteAll)}</button>
                                {move || if room.with(|r| r.view.as_ref().is_some_and(|v| v.formal)) {
                                    view! { <button class="go-informal" on:click=move |_| act(Command::SetFormal { formal: false })>{w(l, Word::GoInformal)}</button> }.into_any()
                                } else {
                                    view! { <button class="go-formal" on:click=move |_| act(Command::SetFormal { formal: true })>{w(l, Word::GoFormal)}</button> }.into_any()
                                }}
                            </div>
                            <div class="desk-row">
                                {move || (!agenda.with_value(|a| a.is_empty())).then(|| view! {
                                    <label for="item-select">{w(l, Word::Item)}</label>
                                    <select id="item-select" on:change=move |e| chosen_item.set(event_target_value(&e))>
                                        {agenda.with_value(|a| a.iter().enumerate().map(|(i, _)| {
                                            let position = (i + 1) as u32;
                                            let label = item_label(position)
                                                .map(|(number, title)| format!("{} {number}: {title}", w(l, Word::Item)))
                                                .unwrap_or_default();
                                            view! { <option value=position.to_string() selected=move || current_item() == Some(position)>{label}</option> }
                                        }).collect_view())}
                                    </select>
                                    <button class="take-up" on:click=move |_| {
                                        let position = chosen_item.get_untracked().parse().ok().or(current_item()).unwrap_or(1);
                                        act(Command::TakeUpItem { position });
                                    }>{w(l, Word::TakeUp)}</button>
                                })}
                                <label for="speaking-limit">{w(l, Word::SpeakingTime)}</label>
                                {time_select(l, "speaking-limit",
                                    move || room.with(|r| r.view.as_ref().and_then(|v| v.speaking_limit_ms)),
                                    move |limit_ms| act(Command::SetSpeakingLimit { limit_ms }))}
                                <label for="floor-limit">{w(l, Word::FloorTime)}</label>
                                {time_select(l, "floor-limit",
                                    move || room.with(|r| r.view.as_ref().and_then(|v| v.floor.as_ref()).and_then(|f| f.limit_ms)),
                                    move |limit_ms| act(Command::SetFloorLimit { limit_ms }))}
                            </div>
                            {voting::desk(l, room, current_item, act)}
                        </section>
                    </Show>
                </div>
                <aside class="panel" aria-label=w(l, Word::Panel)>
                    <div role="tablist" class="tabs" aria-label=w(l, Word::Panel)>
                        {tab_button(Tab::Speakers, "tab-speakers", "panel-speakers", Word::Speakers)}
                        {tab_button(Tab::Participants, "tab-participants", "panel-participants", Word::Participants)}
                        {tab_button(Tab::Chat, "tab-chat", "panel-chat", Word::Chat)}
                        {tab_button(Tab::Documents, "tab-documents", "panel-documents", Word::Documents)}
                    </div>
                    <section class="floor" id="panel-speakers" role="tabpanel" aria-labelledby="tab-speakers" hidden=move || tab.get() != Tab::Speakers>
                        <h2 class="list-title">
                            {w(l, Word::Speakers)}
                            {move || current_item().and_then(item_view).map(|t| view! { " — "{t} })}
                        </h2>
                        <p class="list-rule">
                            {move || match list().map(|li| li.order) {
                                Some(ListOrder::ByChair) => w(l, Word::OrderByChair),
                                _ => w(l, Word::OrderByLevel),
                            }}
                            <br />
                            {replies_rule}
                            {move || list().is_some_and(|li| li.closed).then(|| view! { <br /><strong class="list-closed">{w(l, Word::ListClosed)}</strong> })}
                        </p>
                        <ol class="speakers">
                            {move || {
                                let lines = speakers();
                                let places: Vec<(usize, usize)> = (0..lines.len())
                                    .map(|i| lines_before(&lines, i, lines[i].1))
                                    .collect();
                                lines.into_iter().zip(places).map(|((line, kind_of, name, kind, level), place)| {
                                    let label = name.clone();
                                    view! {
                                        <li data-line=line.to_string() data-kind=format!("{kind_of:?}")>
                                            <bdi class="speaker-name">{name}</bdi>
                                            <span class="speaker-kind">" · "{kind}</span>
                                            {level.map(|v| view! { <span class="speaker-level">" · "{v}</span> })}
                                            <Show when=presides>
                                                <span class="line-controls">
                                                    <button class="move-up" disabled=place.0 == 0
                                                        on:click=move |_| act(Command::MoveSpeaker { line, to: place.0.saturating_sub(1), item: None })><span aria-hidden="true">"↑"</span><span class="visually-hidden">{format!("{}: {label}", w(l, Word::MoveUp))}</span></button>
                                                    <button class="move-down" disabled=place.0 + 1 >= place.1
                                                        on:click=move |_| act(Command::MoveSpeaker { line, to: place.0 + 1, item: None })><span aria-hidden="true">"↓"</span><span class="visually-hidden">{format!("{}: {label}", w(l, Word::MoveDown))}</span></button>
                                                    <button class="strike"
                                                        on:click=move |_| act(Command::StrikeSpeaker { line, item: None })><span aria-hidden="true">"✕"</span><span class="visually-hidden">{format!("{}: {label}", w(l, Word::Strike))}</span></button>
                                                </span>
                                            </Show>
                                        </li>
                                    }
                                }).collect_view()
                            }}
                        </ol>
                        <Show when=move || speakers().is_empty()>
                            <p class="no-speakers">{w(l, Word::NoSpeakers)}</p>
                        </Show>
                        <div class="actions" hidden=viewing>
                            <Show when=move || !inscribed() fallback=move || view! {
                                <button class="withdraw" on:click=move |_| act(Command::Withdraw)>{w(l, Word::Withdraw)}</button>
                            }>
                                {level_select(l, "inscribe-level", my_level)}
                                <button class="inscribe" on:click=move |_| act(Command::Inscribe { kind: SpeakerKind::Statement, level: my_level.get_untracked(), item: None })>{w(l, Word::Inscribe)}</button>
                            </Show>
                            <button class="point-of-order" on:click=move |_| act(Command::Inscribe { kind: SpeakerKind::PointOfOrder, level: SpeakerLevel::Other, item: None })>{w(l, Word::PointOfOrder)}</button>
                            <button class="right-of-reply" on:click=move |_| act(Command::Inscribe { kind: SpeakerKind::RightOfReply, level: SpeakerLevel::Other, item: None })>{w(l, Word::RightOfReply)}</button>
                        </div>
                        <Show when=presides>
                            <form class="insert-speaker" on:submit=move |e| {
                                e.prevent_default();
                                let chosen = insert_delegation.get_untracked();
                                let Ok(delegation) = chosen.parse() else { return };
                                let at = insert_place.get_untracked().trim().parse::<usize>().unwrap_or(1).max(1) - 1;
                                act(Command::InsertSpeaker { delegation, level: insert_level.get_untracked(), at, item: None });
                            }>
                                <label for="insert-delegation">{w(l, Word::Delegation)}</label>
                                <select id="insert-delegation" on:change=move |e| insert_delegation.set(event_target_value(&e))>
                                    <option value="">"—"</option>
                                    {all_delegations.with_value(|d| d.iter().map(|(id, code)| view! {
                                        <option value=id.clone()>{code.clone()}</option>
                                    }).collect_view())}
                                </select>
                                {level_select(l, "insert-level", insert_level)}
                                <label for="insert-place">{w(l, Word::Place)}</label>
                                <input id="insert-place" type="number" min="1" max="500" inputmode="numeric"
                                    prop:value=move || insert_place.get() on:input=move |e| insert_place.set(event_target_value(&e)) />
                                <button type="submit" class="insert">{w(l, Word::Insert)}</button>
                            </form>
                            <div class="list-controls">
                                {move || if list().is_some_and(|li| li.closed) {
                                    view! { <button class="reopen-list" on:click=move |_| act(Command::CloseList { closed: false, item: None })>{w(l, Word::ReopenList)}</button> }.into_any()
                                } else {
                                    view! { <button class="close-list" on:click=move |_| act(Command::CloseList { closed: true, item: None })>{w(l, Word::CloseList)}</button> }.into_any()
                                }}
                                <label for="list-limit">{w(l, Word::ListTime)}</label>
                                {time_select(l, "list-limit",
                                    move || list().and_then(|li| li.limit_ms),
                                    move |limit_ms| act(Command::SetListLimit { limit_ms, item: None }))}
                            </div>
                        </Show>
                    </section>
                    <section class="participants" id="panel-participants" role="tabpanel" aria-labelledby="tab-participants" hidden=move || tab.get() != Tab::Participants>
                        <h2 id="participants-title">{w(l, Word::Participants)}</h2>
                        <ul>
                            {move || participants().into_iter().map(|seat| {
                                let id = seat.id;
                                let controls = (presides() && !seat.is_you).then(|| view! {
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
                                        <button class="stop-share" on:click=move |_| act(Command::StopShare { participant: id })>{w(l, Word::StopShare)}</button>
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
                    <section class="chat" id="panel-chat" role="tabpanel" aria-labelledby="tab-chat" hidden=move || tab.get() != Tab::Chat>
                        <h2 id="chat-title">{w(l, Word::Chat)}</h2>
                        <ol aria-live="polite">
                            {move || chat_lines().into_iter().map(|(from, name, text, private, answerable)| view! {
                                <li class:private=private>
                                    <bdi>{name}</bdi>": "<bdi>{text}</bdi>
                                    {private.then(|| view! { <span class="private-mark">" ("{w(l, Word::Private)}")"</span> })}
                                    {answerable.then(|| view! {
                                        <button class="reply-privately" on:click=move |_| chat_to.set(Audience::Participant(from))>{w(l, Word::ReplyPrivately)}</button>
                                    })}
                                </li>
                            }).collect_view()}
                        </ol>
                        <form hidden=viewing on:submit=move |e| {
                            e.prevent_default();
                            let text = chat.get_untracked();
                            if !text.trim().is_empty() {
                                act(Command::Chat { text, to: chat_to.get_untracked() });
                                chat.set(String::new());
                            }
                        }>
                            <label for="chat-to">{w(l, Word::To)}</label>
                            <select id="chat-to" on:change=move |e| chat_to.set(match event_target_value(&e).as_str() {
                                "presiding" => Audience::Presiding,
                                "everyone" => Audience::Everyone,
                                other => other.parse().map(|n| Audience::Participant(ParticipantId(n))).unwrap_or_default(),
                            })>
                                <option value="everyone" selected=move || chat_to.get() == Audience::Everyone>{w(l, Word::ToEveryone)}</option>
                                <option value="presiding" selected=move || chat_to.get() == Audience::Presiding>{w(l, Word::ToPresiding)}</option>
                                {move || match chat_to.get() {
                                    Audience::Participant(p) => {
                                        let name = room.with(|r| r.name_of(p));
                                        Some(view! { <option value=p.0.to_string() selected=true>{name}</option> })
                                    }
                                    _ => None,
                                }}
                            </select>
                            <label for="chat-text">{w(l, Word::Message)}</label>
                            <input id="chat-text" maxlength="2000" autocomplete="off" dir="auto"
                                prop:value=move || chat.get()
                                on:input=move |e| chat.set(event_target_value(&e)) />
                            <button type="submit">{w(l, Word::Send)}</button>
                        </form>
                    </section>
                    <section class="documents" id="panel-documents" role="tabpanel" aria-labelledby="tab-documents" hidden=move || tab.get() != Tab::Documents>
                        <h2>
                            {w(l, Word::Documents)}
                            {move || current_item().and_then(item_view).map(|t| view! { " — "{t} })}
                        </h2>
                        {move || {
                            // The item's documents, then the meeting's own.
                            let item = current_item().unwrap_or(0);
                            let shown: Vec<_> = documents.with_value(|d| {
                                d.iter()
                                    .filter(|(position, ..)| *position == item || *position == 0)
                                    .cloned()
                                    .collect()
                            });
                            if shown.is_empty() {
                                view! { <p class="no-documents">{w(l, Word::NoDocuments)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul>
                                        {shown.into_iter().map(|(_, symbol, title, href)| view! {
                                            <li><a href=href target="_blank" rel="noopener"><span lang="en" dir="ltr">{symbol}</span></a>" "<bdi>{title}</bdi></li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        }}
                    </section>
                </aside>
            </div>
        </section>
    }
}

/// Where the line at `index` stands among the lines of its kind: its place
/// and how many there are (a move is within the kind).
fn lines_before(
    lines: &[(u64, SpeakerKind, String, &'static str, Option<&'static str>)],
    index: usize,
    kind: SpeakerKind,
) -> (usize, usize) {
    let place = lines[..index].iter().filter(|x| x.1 == kind).count();
    let count = lines.iter().filter(|x| x.1 == kind).count();
    (place, count)
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

/// What the room's page shows (see [`MeetingRoom`] for each part).
#[derive(Debug, Clone)]
pub struct RoomPage {
    pub meeting: String,
    pub title: String,
    pub delegations: Vec<(String, String)>,
    pub agenda: Vec<(String, String)>,
    pub documents: Vec<(u32, String, String, String)>,
    /// A viewer's link token: the room to watch, not to take part.
    pub watch: Option<String>,
}

/// The meeting room as a whole HTML document, loading the browser part.
pub fn render_room(lang: Language, account: &crate::Account, page: RoomPage) -> String {
    let RoomPage {
        meeting,
        title,
        delegations,
        agenda,
        documents,
        watch,
    } = page;
    let l = lang;
    let back = format!("/meetings/{meeting}");
    let page_title = format!("{} — {title}", w(l, Word::Room));
    let body = Owner::new().with(|| {
        view! {
            <a class="skip" href="#main">{crate::i18n::t(l, crate::i18n::Phrase::SkipToContent)}</a>
            <header><p><a href=back>{title.clone()}</a></p></header>
            <main id="main" class="wide">
                <noscript><p>{w(l, Word::NoJavaScript)}</p></noscript>
                <MeetingRoom meeting=meeting title=title lang=lang delegations=delegations agenda=agenda documents=documents watch=watch />
            </main>
        }
        .to_html()
    });
    crate::document(lang, &page_title, account, &body, Some("/room"))
}
