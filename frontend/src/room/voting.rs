//! Voting in the room: the panel every participant sees while a vote is
//! open (the question, how many have voted, whose turn it is in a
//! roll-call) with large buttons for an entitled delegate, the result
//! board once it closes, and the chair's controls to put a question to
//! the vote, call the roll and close.

use super::state::Room;
use crate::i18n::{self, Arg};
use crate::votes::{board, kind_key, question, t};
use leptos::prelude::*;
use plenary_protocol::api::Language;
use plenary_protocol::signal::{Command, MeetingRole};
use plenary_protocol::vote::{Cast, Choice, Election, Majority, Vote, VoteKind, VoteSpec};
use plenary_protocol::DelegationId;

/// What this participant may do in the vote now.
#[derive(Debug, Clone, PartialEq)]
struct Mine {
    /// This delegate's delegation, when it may vote in this vote.
    delegation: Option<DelegationId>,
    /// Whether it is its turn (always, but in a roll-call).
    turn: bool,
    /// How its delegation voted, as far as the room is shown.
    voted: Option<Option<Choice>>,
}

fn mine(room: &Room, vote: &Vote) -> Mine {
    let delegation = room
        .me()
        .filter(|p| p.role == MeetingRole::Delegate)
        .and_then(|p| p.delegation)
        .filter(|d| vote.electorate.iter().any(|v| v.delegation == *d));
    let turn = match (&vote.roll_call, delegation) {
        (Some(call), Some(d)) => call.calling == Some(d),
        (None, Some(_)) => true,
        _ => false,
    };
    Mine {
        delegation,
        turn,
        voted: delegation.and_then(|d| vote.vote_of(d)),
    }
}

fn choice_key(c: Choice) -> &'static str {
    match c {
        Choice::Yes => "vote-yes",
        Choice::No => "vote-no",
        Choice::Abstain => "vote-abstain",
    }
}

/// The voting panel: shown while a vote is open, and with its result once
/// closed (until the next).
pub fn panel(
    l: Language,
    meeting: String,
    room: RwSignal<Room>,
    act: impl Fn(Command) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let vote = move || room.with(|r| r.view.as_ref().and_then(|v| v.vote.clone()));
    // What this page cast, to confirm it when the kind does not show it.
    let cast = RwSignal::new(None::<(u32, Choice)>);
    let chosen = RwSignal::new(Vec::<u16>::new());
    move || {
        let vote = vote()?;
        let me = room.with(|r| mine(r, &vote));
        let number = vote.number;
        let heading = i18n::say(l, "vote-title", &[("number", Arg::Number(number.into()))]);
        let page = format!("/meetings/{meeting}/votes/{number}?lang={}", l.as_str());
        let body = if vote.is_open() {
            let progress = i18n::say(
                l,
                "vote-voted",
                &[
                    ("count", Arg::Number(vote.voted.len() as i64)),
                    ("members", Arg::Number(vote.electorate.len() as i64)),
                ],
            );
            let calling = vote
                .roll_call
                .as_ref()
                .and_then(|c| c.calling)
                .and_then(|d| vote.name_of(d))
                .map(|name| i18n::say(l, "vote-calling", &[("name", Arg::Text(name.to_string()))]));
            let confirmation = me.voted.map(|shown| {
                let choice = shown.or_else(|| {
                    cast.get_untracked()
                        .filter(|(n, _)| *n == number)
                        .map(|(_, c)| c)
                });
                match choice {
                    Some(c) => i18n::say(
                        l,
                        "vote-your-vote",
                        &[("choice", Arg::Text(t(l, choice_key(c)).to_string()))],
                    ),
                    None => t(l, "vote-your-ballot").to_string(),
                }
            });
            let secret_cast = vote.spec.kind == VoteKind::Secret && me.voted.is_some();
            let buttons = match (&vote.spec.election, me.delegation) {
                (_, None) => ().into_any(),
                _ if !me.turn => {
                    view! { <p class="vote-wait">{t(l, "vote-wait-call")}</p> }.into_any()
                }
                _ if secret_cast => ().into_any(),
                (None, Some(_)) => {
                    let pressed = me.voted.flatten();
                    Choice::ALL
                        .into_iter()
                        .map(|c| {
                            let name = match c {
                                Choice::Yes => "vote-yes",
                                Choice::No => "vote-no",
                                Choice::Abstain => "vote-abstain",
                            };
                            view! {
                                <button class=format!("vote-choice {name}") aria-pressed=(pressed == Some(c)).to_string()
                                    on:click=move |_| {
                                        cast.set(Some((number, c)));
                                        act(Command::CastVote { number, cast: Cast::Position(c) });
                                    }>
                                    {t(l, choice_key(c))}
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
                (Some(e), Some(_)) => {
                    let seats = e.seats;
                    let boxes = e
                        .candidates
                        .iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let i = u16::try_from(i).unwrap_or(u16::MAX);
                            let id = format!("candidate-{i}");
                            let for_id = id.clone();
                            view! {
                                <label class="candidate" for=for_id>
                                    <input type="checkbox" id=id
                                        prop:checked=move || chosen.with(|c| c.contains(&i))
                                        on:change=move |_| chosen.update(|c| {
                                            if let Some(at) = c.iter().position(|x| *x == i) { c.remove(at); } else { c.push(i); }
                                        })/>
                                    <bdi>{name.clone()}</bdi>
                                </label>
                            }
                        })
                        .collect_view();
                    let hint = i18n::say(
                        l,
                        "vote-ballot-hint",
                        &[("seats", Arg::Number(seats.into()))],
                    );
                    view! {
                        <fieldset class="ballot">
                            <legend>{hint}</legend>
                            {boxes}
                        </fieldset>
                        <button class="vote-choice cast-ballot" on:click=move |_| {
                            let mut named = chosen.get_untracked();
                            named.sort_unstable();
                            act(Command::CastVote { number, cast: Cast::Ballot(named) });
                        }>{t(l, "vote-cast")}</button>
                    }
                    .into_any()
                }
            };
            view! {
                <p class="vote-progress">{t(l, "vote-is-open")}" "{progress}</p>
                {calling.map(|c| view! { <p class="vote-calling">{c}</p> })}
                <div class="vote-buttons" role="group" aria-label=t(l, "vote-voting-panel")>{buttons}</div>
                <p class="vote-confirmation" role="status">{confirmation}</p>
            }
            .into_any()
        } else {
            view! {
                {board(l, &vote)}
                <p><a class="vote-page" href=page>{t(l, "vote-page")}</a></p>
            }
            .into_any()
        };
        Some(view! {
            <section class="voting" aria-labelledby="voting-title" data-open=vote.is_open().to_string()>
                <h2 id="voting-title">{heading}</h2>
                {question(l, &vote)}
                {body}
            </section>
        })
    }
}

/// The chair's controls: put a question to the vote, then call the roll
/// and close it.
pub fn desk(
    l: Language,
    room: RwSignal<Room>,
    current_item: impl Fn() -> Option<u32> + Copy + Send + Sync + 'static,
    act: impl Fn(Command) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let document = RwSignal::new(String::new());
    let kind = RwSignal::new(VoteKind::Recorded);
    let majority = RwSignal::new(Majority::Simple);
    let quorum = RwSignal::new(false);
    let candidates = RwSignal::new(String::new());
    let seats = RwSignal::new(String::from("1"));
    let at_least = RwSignal::new(String::new());
    let open = move || {
        room.with(|r| {
            r.view
                .as_ref()
                .and_then(|v| v.vote.clone())
                .filter(|v| v.is_open())
        })
    };
    move || match open() {
        Some(vote) => {
            let number = vote.number;
            let roll_call = vote.roll_call.as_ref().is_some_and(|c| c.calling.is_some());
            view! {
                <div class="desk-row vote-desk">
                    {roll_call.then(|| view! {
                        <button class="call-next" on:click=move |_| act(Command::CallNext { number })>{t(l, "vote-call-next")}</button>
                    })}
                    <button class="close-vote" on:click=move |_| act(Command::CloseVote { number })>{t(l, "vote-close")}</button>
                </div>
            }
            .into_any()
        }
        None => {
            let kinds = VoteKind::ALL
                .into_iter()
                .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{t(l, kind_key(k))}</option> })
                .collect_view();
            view! {
                <form class="vote-prepare" on:submit=move |e| {
                    e.prevent_default();
                    let names: Vec<String> = candidates.get_untracked().lines()
                        .map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
                    let election = (kind.get_untracked() == VoteKind::Secret && !names.is_empty()).then(|| Election {
                        candidates: names,
                        seats: seats.get_untracked().trim().parse().unwrap_or(1),
                    });
                    let document = Some(document.get_untracked().trim().to_string()).filter(|d| !d.is_empty());
                    act(Command::OpenVote { spec: VoteSpec {
                        kind: kind.get_untracked(),
                        title: title.get_untracked().trim().to_string(),
                        document,
                        item: current_item(),
                        majority: match majority.get_untracked() {
                            Majority::AtLeast(_) => Majority::AtLeast(at_least.get_untracked().trim().parse().unwrap_or(0)),
                            m => m,
                        },
                        quorum: quorum.get_untracked(),
                        election,
                    }});
                }>
                    <fieldset>
                        <legend>{t(l, "vote-prepare")}</legend>
                        <label for="vote-title">{t(l, "vote-proposal")}</label>
                        <input id="vote-title" required maxlength="300" prop:value=move || title.get()
                            on:input=move |e| title.set(event_target_value(&e))/>
                        <label for="vote-document">{t(l, "vote-document")}</label>
                        <input id="vote-document" maxlength="100" dir="ltr" prop:value=move || document.get()
                            on:input=move |e| document.set(event_target_value(&e))/>
                        <label for="vote-kind">{t(l, "vote-kind")}</label>
                        <select id="vote-kind" on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some(k) = VoteKind::ALL.into_iter().find(|k| k.as_str() == v) { kind.set(k); }
                        }>{kinds}</select>
                        <label for="vote-majority">{t(l, "vote-majority")}</label>
                        <select id="vote-majority" on:change=move |e| majority.set(
                            match event_target_value(&e).as_str() {
                                "two_thirds" => Majority::TwoThirds,
                                "at_least" => Majority::AtLeast(0),
                                _ => Majority::Simple,
                            })>
                            <option value="simple">{t(l, "vote-majority-simple")}</option>
                            <option value="two_thirds">{t(l, "vote-majority-two_thirds")}</option>
                            <option value="at_least">{t(l, "vote-majority-at_least")}</option>
                        </select>
                        <div class="at-least" hidden=move || !matches!(majority.get(), Majority::AtLeast(_))>
                            <label for="vote-at-least">{t(l, "vote-votes")}</label>
                            <input id="vote-at-least" type="number" min="1" max="999" prop:value=move || at_least.get()
                                on:input=move |e| at_least.set(event_target_value(&e))/>
                        </div>
                        <label class="check" for="vote-quorum">
                            <input type="checkbox" id="vote-quorum" prop:checked=move || quorum.get()
                                on:change=move |_| quorum.update(|q| *q = !*q)/>
                            {t(l, "vote-quorum")}
                        </label>
                        <div class="election" hidden=move || kind.get() != VoteKind::Secret>
                            <label for="vote-candidates">{t(l, "vote-candidates")}</label>
                            <textarea id="vote-candidates" rows="3" prop:value=move || candidates.get()
                                on:input=move |e| candidates.set(event_target_value(&e))></textarea>
                            <label for="vote-seats">{t(l, "vote-seats")}</label>
                            <input id="vote-seats" type="number" min="1" max="199" prop:value=move || seats.get()
                                on:input=move |e| seats.set(event_target_value(&e))/>
                        </div>
                        <button class="open-vote" type="submit">{t(l, "vote-open")}</button>
                    </fieldset>
                </form>
            }
            .into_any()
        }
    }
}
