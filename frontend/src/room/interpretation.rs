//! Interpretation in the room: the channel picker every listener has, the
//! floor's language for those who preside or speak, and the interpreter's
//! console (their booth, on air, handover, relay). Each control sends a
//! command; what the server decides comes back in the meeting's state.

use super::state::Room;
use super::words::{w, Word};
use leptos::prelude::*;
use plenary_protocol::api::Language;
use plenary_protocol::signal::{Booth, Command, MeetingRole};

/// The value of the floor in the channel selects.
const FLOOR: &str = "floor";

fn language_of(value: &str) -> Option<Language> {
    Language::parse(value)
}

/// A language by its own name, marked as that language for screen readers
/// (and set right to left for Arabic).
fn option(language: Language, selected: bool) -> impl IntoView {
    view! {
        <option value=language.as_str() lang=language.as_str() dir=crate::i18n::direction(language) selected=selected>
            {crate::i18n::endonym(language)}
        </option>
    }
}

/// The booths of the meeting, if it has interpretation.
fn booths(room: &Room) -> Vec<Booth> {
    room.view
        .as_ref()
        .and_then(|v| v.interpretation.as_ref())
        .map(|i| i.booths.clone())
        .unwrap_or_default()
}

fn is_interpreter(room: &Room) -> bool {
    room.me()
        .is_some_and(|p| p.role == MeetingRole::Interpreter)
}

/// Where the browser keeps the channel a user chose last (per user, so a
/// shared computer does not carry one delegate's choice to the next).
#[cfg(feature = "hydrate")]
fn remembered_key(room: &Room) -> Option<String> {
    room.me().map(|p| format!("plenary-channel-{}", p.user))
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Remembers `channel` for this user.
fn remember(room: RwSignal<Room>, channel: Option<Language>) {
    #[cfg(feature = "hydrate")]
    if let (Some(key), Some(storage)) = (room.with_untracked(remembered_key), storage()) {
        let value = channel.map_or(FLOOR, Language::as_str);
        let _ = storage.set_item(&key, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (room, channel);
}

/// Once seated, asks again for the channel this user chose last, if the
/// meeting has its booth (interpreters hear what their booth hears).
pub fn restore(room: RwSignal<Room>, act: impl Fn(Command) + Copy + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let done = StoredValue::new(false);
        Effect::new(move |_| {
            if done.get_value() {
                return;
            }
            let wanted = room.with(|r| {
                let key = remembered_key(r)?;
                let me = r.me()?;
                if is_interpreter(r) {
                    return Some(None);
                }
                let stored = storage()?.get_item(&key).ok().flatten()?;
                let channel = language_of(&stored);
                let offered = channel.is_none_or(|l| booths(r).iter().any(|b| b.language == l));
                Some((offered && me.channel != channel).then_some(channel))
            });
            if let Some(wanted) = wanted {
                done.set_value(true);
                if let Some(channel) = wanted {
                    act(Command::ListenTo { channel });
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (room, act);
}

/// The listener's channel: the floor or a booth's language.
pub fn picker(
    l: Language,
    room: RwSignal<Room>,
    act: impl Fn(Command) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let shown = move || room.with(|r| !booths(r).is_empty() && !is_interpreter(r));
    let current = move || room.with(|r| r.me().map_or(r.listening, |p| p.channel));
    view! {
        <Show when=shown>
            <p class="channel-picker">
                <label for="channel">{w(l, Word::Channel)}</label>
                <select id="channel" on:change=move |e| {
                    let channel = language_of(&event_target_value(&e));
                    remember(room, channel);
                    act(Command::ListenTo { channel });
                }>
                    <option value=FLOOR selected=move || current().is_none()>{w(l, Word::FloorChannel)}</option>
                    {move || room.with(booths).into_iter().map(|b| {
                        option(b.language, current() == Some(b.language))
                    }).collect_view()}
                </select>
            </p>
        </Show>
    }
}

/// The language the floor speaks, said by those who preside or the speaker.
pub fn floor_language(
    l: Language,
    room: RwSignal<Room>,
    act: impl Fn(Command) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let shown = move || {
        room.with(|r| {
            let holds = r.you.is_some()
                && r.view
                    .as_ref()
                    .and_then(|v| v.floor.as_ref())
                    .map(|f| f.participant)
                    == r.you;
            !booths(r).is_empty() && (r.presides() || holds)
        })
    };
    let current = move || {
        room.with(|r| {
            r.view
                .as_ref()
                .and_then(|v| v.interpretation.as_ref())
                .and_then(|i| i.floor_language)
        })
    };
    view! {
        <Show when=shown>
            <p class="floor-language">
                <label for="floor-language">{w(l, Word::FloorLanguage)}</label>
                <select id="floor-language" on:change=move |e| {
                    act(Command::FloorLanguage { language: language_of(&event_target_value(&e)) });
                }>
                    <option value="" selected=move || current().is_none()>{w(l, Word::NotSaid)}</option>
                    {Language::ALL.into_iter().map(|language| option(language, false).into_any())
                        .collect_view()}
                </select>
            </p>
        </Show>
    }
}

/// What an interpreter's console shows of their booth.
#[derive(Debug, Clone, PartialEq)]
struct Console {
    booth: Booth,
    /// The interpreter on this console is on air.
    on_air: bool,
    /// Who is on air, if another.
    other_on_air: Option<String>,
    /// The partners at the console: id and name.
    partners: Vec<(u64, String)>,
    /// A partner asked this interpreter to take over.
    asked: bool,
    floor_speaks_ours: bool,
    others: Vec<Language>,
}

fn console_of(r: &Room) -> Option<Console> {
    let you = r.you?;
    let interpretation = r.view.as_ref()?.interpretation.as_ref()?;
    let booth = interpretation
        .booths
        .iter()
        .find(|b| b.present.contains(&you))?
        .clone();
    Some(Console {
        on_air: booth.on_air == Some(you),
        other_on_air: booth.on_air.filter(|p| *p != you).map(|p| r.name_of(p)),
        partners: booth
            .present
            .iter()
            .filter(|p| **p != you)
            .map(|p| (p.0, r.name_of(*p)))
            .collect(),
        asked: booth.asked == Some(you),
        floor_speaks_ours: interpretation.floor_language == Some(booth.language),
        others: interpretation
            .booths
            .iter()
            .map(|b| b.language)
            .filter(|l| *l != booth.language)
            .collect(),
        booth,
    })
}

/// The interpreter's console: the booth, what it hears, the microphone's
/// state on air, and the handover to the partner.
pub fn console(
    l: Language,
    room: RwSignal<Room>,
    act: impl Fn(Command) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let console = Memo::new(move |_| room.with(console_of));
    view! {
        {move || console.get().map(|c| {
            let language = c.booth.language;
            let relay = c.booth.relay;
            let on_air = c.on_air;
            view! {
                <section class="console" aria-labelledby="console-title" data-booth=language.as_str()>
                    <h2 id="console-title">
                        {w(l, Word::Booth)}": "
                        <span lang=language.as_str() dir=crate::i18n::direction(language)>{crate::i18n::endonym(language)}</span>
                    </h2>
                    <p class="on-air-state" role="status" data-on-air=on_air.to_string() class:live=on_air>
                        {if on_air { w(l, Word::OnAir) } else { w(l, Word::OffAir) }}
                        {c.other_on_air.clone().map(|name| view! { " — "{w(l, Word::OnAir)}": "<bdi>{name}</bdi> })}
                    </p>
                    <button class="on-air" aria-pressed=on_air.to_string()
                        disabled=c.other_on_air.is_some()
                        on:click=move |_| act(Command::OnAir { on: !on_air })>
                        {w(l, Word::Microphone)}" · "{if on_air { w(l, Word::OnAir) } else { w(l, Word::OffAir) }}
                    </button>
                    {c.floor_speaks_ours.then(|| view! {
                        <p class="floor-in-booth-language" role="status">{w(l, Word::FloorInYourLanguage)}</p>
                    })}
                    {c.asked.then(|| view! {
                        <p class="handover-asked" role="alert">{w(l, Word::HandoverAsked)}</p>
                        <button class="take-over" on:click=move |_| act(Command::AcceptHandover)>{w(l, Word::TakeOver)}</button>
                    })}
                    {on_air.then(|| c.partners.iter().map(|(id, name)| {
                        let to = plenary_protocol::signal::ParticipantId(*id);
                        view! {
                            <button class="hand-over" data-partner=id.to_string()
                                on:click=move |_| act(Command::AskHandover { to })>
                                {w(l, Word::HandOverTo)}" "<bdi>{name.clone()}</bdi>
                            </button>
                        }
                    }).collect_view())}
                    <p class="relay">
                        <label for="relay">{w(l, Word::Hear)}</label>
                        <select id="relay" on:change=move |e| {
                            act(Command::Relay { from: language_of(&event_target_value(&e)) });
                        }>
                            <option value=FLOOR selected=relay.is_none()>{w(l, Word::FloorChannel)}</option>
                            {c.others.iter().map(|o| option(*o, relay == Some(*o))).collect_view()}
                        </select>
                    </p>
                </section>
            }
        })}
    }
}
