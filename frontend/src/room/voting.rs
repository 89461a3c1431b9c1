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

/// What this participant may do in the vote now: what the panel's shape
/// depends on. The panel is rebuilt only when this changes, so that the
/// votes of others never take the focus from a delegate's buttons.
#[derive(Debug, Clone, PartialEq)]
struct Mine {
    number: u32,
    open: bool,
    /// This delegate's delegation, when it may vote in this vote.
    delegation: Option<DelegationId>,
    /// Whether it is its turn (always, but in a roll-call).
    turn: bool,
    /// Its secret ballot is in: nothing more to cast.
    ballot_cast: bool,
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
        number: vote.number,
        open: vote.is_open(),
        delegation,
        turn,
        ballot_cast: vote.spec.kind == VoteKind::Secret
            && delegation.is_some_and(|d| vote.vote_of(d).is_some()),
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
    let vote = Memo::new(move |_| room.with(|r| r.view.as_ref().and_then(|v| v.vote.clone())));
    let shape =
        Memo::new(move |_| vote.with(|v| v.as_ref().map(|v| room.with_untracked(|r| mine(r, v)))));
    // How this delegation voted, as far as the room shows it.
    let voted = Memo::new(move |_| {
        let me = shape.get()?.delegation?;
        vote.with(|v| v.as_ref().and_then(|v| v.vote_of(me)))
    });
    // What this page cast, to confirm it when the kind does not show it.
    let cast = RwSignal::new(None::<(u32, Choice)>);
    let chosen = RwSignal::new(Vec::<u16>::new());
    let progress = move || {
        vote.with(|v| {
            v.as_ref().map(|v| {
                i18n::say(
                    l,
                    "vote-voted",
                    &[
                        ("count", Arg::Number(v.voted.len() as i64)),
                        ("members", Arg::Number(v.electorate.len() as i64)),
                    ],
                )
            })
        })
    };
    let calling = move || {
        vote.with(|v| {
            let v = v.as_ref()?;
            let call = v.roll_call.as_ref()?;
            let name = v.name_of(call.calling?)?;
            // The absent are called once more at the end, and told so.
            let key = if call.second_round {
                "vote-calling-again"
            } else {
                "vote-calling"
            };
            Some(i18n::say(l, key, &[("name", Arg::Text(name.to_string()))]))
        })
    };
    let confirmation = move || {
        let number = shape.get()?.number;
        let choice = voted
            .get()?
            .or_else(|| cast.get().filter(|(n, _)| *n == number).map(|(_, c)| c));
        Some(match choice {
            Some(c) => i18n::say(
                l,
                "vote-your-vote",
                &[("choice", Arg::Text(t(l, choice_key(c)).to_string()))],
            ),
            None => t(l, "vote-your-ballot").to_string(),
        })
    };
    move || {
        let me = shape.get()?;
        let vote = vote.get_untracked()?;
        let number = me.number;
        let heading = i18n::say(l, "vote-title", &[("number", Arg::Number(number.into()))]);
        let page = format!("/meetings/{meeting}/votes/{number}?lang={}", l.as_str());
        let body = if me.open {
            let buttons = match (&vote.spec.election, me.delegation) {
                (_, None) => ().into_any(),
                _ if !me.turn => {
                    view! { <p class="vote-wait">{t(l, "vote-wait-call")}</p> }.into_any()
                }
                _ if me.ballot_cast => ().into_any(),
                (None, Some(_)) => Choice::ALL
                    .into_iter()
                    .map(|c| {
                        let pressed = move || (voted.get().flatten() == Some(c)).to_string();
                        view! {
                            <button class=format!("vote-choice {}", choice_key(c)) aria-pressed=pressed
                                on:click=move |_| {
                                    cast.set(Some((number, c)));
                                    act(Command::CastVote { number, cast: Cast::Position(c) });
                                }>
                                {t(l, choice_key(c))}
                            </button>
                        }
                    })
                    .collect_view()
                    .into_any(),
                (Some(e), Some(_)) => {
                    // A new ballot paper: nothing marked yet.
                    chosen.update_untracked(Vec::clear);
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
                        &[("seats", Arg::Number(e.seats.into()))],
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
                <p class="vote-calling">{calling}</p>
                <div class="vote-buttons" role="group" aria-label=t(l, "vote-voting-panel")>{buttons}</div>
                <p class="vote-confirmation" role="status">{confirmation}</p>
            }
            .into_any()
        } else {
            view! {
                <div inner_html=board(l, &vote)></div>
                <p><a class="vote-page" href=page>{t(l, "vote-page")}</a></p>
            }
            .into_any()
        };
        Some(view! {
            <section class="voting" aria-labelledby="voting-title" data-open=me.open.to_string()>
                <h2 id="voting-title">{heading}</h2>
                <div class="vote-about" inner_html=question(l, &vote)></div>
                {body}
            </section>
        })
    }
}

/// The question the desk's form puts, from its fields by name (`get`
/// gives a field's value, empty when absent or unchecked). The server
/// checks it and says what is wrong.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn spec_of(get: impl Fn(&str) -> String, item: Option<u32>) -> VoteSpec {
    let kind = VoteKind::ALL
        .into_iter()
        .find(|k| k.as_str() == get("kind"))
        .unwrap_or(VoteKind::Recorded);
    let candidates: Vec<String> = get("candidates")
        .lines()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let election = (kind == VoteKind::Secret && !candidates.is_empty()).then(|| Election {
        candidates,
        seats: get("seats").trim().parse().unwrap_or(1),
    });
    VoteSpec {
        kind,
        title: get("title").trim().to_string(),
        document: Some(get("document").trim().to_string()).filter(|d| !d.is_empty()),
        item,
        majority: match get("majority").as_str() {
            "two_thirds" => Majority::TwoThirds,
            // Zero when not a number: refused by the server as no majority.
            "at_least" => Majority::AtLeast(get("at_least").trim().parse().unwrap_or(0)),
            _ => Majority::Simple,
        },
        quorum: get("quorum") == "on",
        election,
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
    // What the form shows of itself; its values stay in the page's fields.
    let kind = RwSignal::new(VoteKind::Recorded);
    let at_least = RwSignal::new(false);
    // The open vote's number, and whether the roll is being called: the
    // desk is rebuilt only when these change, so that typing in its form
    // goes on whatever else happens in the room.
    let open = Memo::new(move |_| {
        room.with(|r| {
            let vote = r.view.as_ref()?.vote.as_ref().filter(|v| v.is_open())?;
            Some((
                vote.number,
                vote.roll_call.as_ref().is_some_and(|c| c.calling.is_some()),
            ))
        })
    });
    move || {
        match open.get() {
        Some((number, roll_call)) => view! {
            <div class="desk-row vote-desk">
                {roll_call.then(|| view! {
                    <button class="call-next" on:click=move |_| act(Command::CallNext { number })>{t(l, "vote-call-next")}</button>
                })}
                <button class="close-vote" on:click=move |_| act(Command::CloseVote { number })>{t(l, "vote-close")}</button>
            </div>
        }
        .into_any(),
        None => {
            let kinds = VoteKind::ALL
                .into_iter()
                .map(|k| view! { <option value=k.as_str() selected=move || kind.get_untracked() == k>{t(l, kind_key(k))}</option> })
                .collect_view();
            view! {
                <form class="vote-prepare" on:submit=move |e: leptos::ev::SubmitEvent| {
                    e.prevent_default();
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        let Some(form) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                            return;
                        };
                        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                            return;
                        };
                        let get = |name: &str| data.get(name).as_string().unwrap_or_default();
                        act(Command::OpenVote { spec: spec_of(get, current_item()) });
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = (act, current_item);
                }>
                    <fieldset>
                        <legend>{t(l, "vote-prepare")}</legend>
                        <label for="vote-title">{t(l, "vote-proposal")}</label>
                        <input id="vote-title" name="title" required maxlength="300"/>
                        <label for="vote-document">{t(l, "vote-document")}</label>
                        <input id="vote-document" name="document" maxlength="100" dir="ltr"/>
                        <label for="vote-kind">{t(l, "vote-kind")}</label>
                        <select id="vote-kind" name="kind" on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some(k) = VoteKind::ALL.into_iter().find(|k| k.as_str() == v) { kind.set(k); }
                        }>{kinds}</select>
                        <label for="vote-majority">{t(l, "vote-majority")}</label>
                        <select id="vote-majority" name="majority" on:change=move |e| at_least.set(event_target_value(&e) == "at_least")>
                            <option value="simple">{t(l, "vote-majority-simple")}</option>
                            <option value="two_thirds">{t(l, "vote-majority-two_thirds")}</option>
                            <option value="at_least">{t(l, "vote-majority-at_least")}</option>
                        </select>
                        <div class="at-least" hidden=move || !at_least.get()>
                            <label for="vote-at-least">{t(l, "vote-votes")}</label>
                            <input id="vote-at-least" name="at_least" type="number" min="1" max="999"/>
                        </div>
                        <label class="check" for="vote-quorum">
                            <input type="checkbox" id="vote-quorum" name="quorum"/>
                            {t(l, "vote-quorum")}
                        </label>
                        <div class="election" hidden=move || kind.get() != VoteKind::Secret>
                            <label for="vote-candidates">{t(l, "vote-candidates")}</label>
                            <textarea id="vote-candidates" name="candidates" rows="3"></textarea>
                            <label for="vote-seats">{t(l, "vote-seats")}</label>
                            <input id="vote-seats" name="seats" type="number" min="1" max="199" value="1"/>
                        </div>
                        <button class="open-vote" type="submit">{t(l, "vote-open")}</button>
                    </fieldset>
                </form>
            }
            .into_any()
        }
    }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(fields: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
        move |name| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map_or_else(String::new, |(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn the_desk_s_form_becomes_the_question_it_puts() {
        let spec = spec_of(
            form(&[
                ("title", " Draft resolution "),
                ("document", "A/C.2/85/L.12"),
                ("kind", "recorded"),
                ("majority", "two_thirds"),
                ("quorum", "on"),
                ("candidates", "Ghana"),
            ]),
            Some(2),
        );
        assert_eq!(spec.title, "Draft resolution");
        assert_eq!(spec.document.as_deref(), Some("A/C.2/85/L.12"));
        assert_eq!(
            (spec.kind, spec.majority, spec.quorum, spec.item),
            (VoteKind::Recorded, Majority::TwoThirds, true, Some(2))
        );
        assert_eq!(
            spec.election, None,
            "candidates count only in a secret ballot"
        );

        let election = spec_of(
            form(&[
                ("title", "Election"),
                ("kind", "secret"),
                ("candidates", "Ghana\n\n Peru \nNepal"),
                ("seats", "2"),
                ("majority", "at_least"),
                ("at_least", "97"),
            ]),
            None,
        );
        assert_eq!(election.document, None);
        assert_eq!(election.majority, Majority::AtLeast(97));
        assert!(!election.quorum);
        let e = election.election.expect("an election");
        assert_eq!(
            (e.candidates, e.seats),
            (vec!["Ghana".to_string(), "Peru".into(), "Nepal".into()], 2)
        );
        // What is not a number reaches the server as a majority it refuses.
        assert_eq!(
            spec_of(
                form(&[("majority", "at_least"), ("at_least", "many")]),
                None
            )
            .majority,
            Majority::AtLeast(0)
        );
    }
}
