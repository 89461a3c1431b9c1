//! A vote as people read it: its question and how it is taken, and the
//! result board (totals, the delegations by their vote when the vote is
//! recorded, an election's candidates). The meeting room shows the board
//! when a vote closes; the result's page (`/meetings/{id}/votes/{n}`) is
//! the same board on a page of its own.

use crate::i18n::{self, Arg};
use leptos::prelude::*;
use plenary_protocol::api::Language;
use plenary_protocol::vote::{Majority, Vote, VoteKind};

pub(crate) fn t(l: Language, key: &'static str) -> &'static str {
    i18n::text(l, key)
}

pub(crate) fn kind_key(kind: VoteKind) -> &'static str {
    match kind {
        VoteKind::WithoutVote => "vote-kind-without_vote",
        VoteKind::NonRecorded => "vote-kind-non_recorded",
        VoteKind::Recorded => "vote-kind-recorded",
        VoteKind::RollCall => "vote-kind-roll_call",
        VoteKind::Secret => "vote-kind-secret",
    }
}

fn majority(l: Language, m: Majority) -> String {
    match m {
        Majority::Simple => t(l, "vote-majority-simple").to_string(),
        Majority::TwoThirds => t(l, "vote-majority-two_thirds").to_string(),
        Majority::AtLeast(n) => i18n::say(l, "vote-at-least", &[("votes", Arg::Number(n.into()))]),
    }
}

fn outcome_key(o: plenary_protocol::vote::Outcome) -> &'static str {
    use plenary_protocol::vote::Outcome::*;
    match o {
        AdoptedWithoutVote => "vote-outcome-adopted_without_vote",
        Adopted => "vote-outcome-adopted",
        Rejected => "vote-outcome-rejected",
        NoQuorum => "vote-outcome-no_quorum",
        Elected => "vote-outcome-elected",
        FurtherBallot => "vote-outcome-further_ballot",
    }
}

/// A result's outcome in words (adopted, rejected, ...).
pub fn outcome(l: Language, o: plenary_protocol::vote::Outcome) -> String {
    i18n::say(l, outcome_key(o), &[])
}

/// The question and how it is taken.
pub fn question(l: Language, vote: &Vote) -> impl IntoView {
    let spec = &vote.spec;
    let lot = vote
        .roll_call
        .as_ref()
        .and_then(|c| c.lot())
        .and_then(|d| vote.name_of(d))
        .map(|name| i18n::say(l, "vote-lot", &[("name", Arg::Text(name.to_string()))]));
    view! {
        <p class="vote-question"><bdi>{spec.title.clone()}</bdi>
            {spec.document.clone().map(|d| view! { " (" <bdi class="symbol">{d}</bdi> ")" })}</p>
        <p class="vote-how">
            <span class="vote-kind">{t(l, kind_key(spec.kind))}</span>
            {(spec.kind != VoteKind::WithoutVote).then(|| format!(" · {}", majority(l, spec.majority)))}
            {spec.quorum.then(|| format!(" · {}", t(l, "vote-quorum")))}
        </p>
        {lot.map(|lot| view! { <p class="vote-lot">{lot}</p> })}
    }
}

fn names(list: &[String], l: Language) -> String {
    if list.is_empty() {
        t(l, "vote-none").to_string()
    } else {
        list.join(", ")
    }
}

/// The result board of a closed vote.
pub fn board(l: Language, vote: &Vote) -> impl IntoView {
    let Some(r) = vote.result.clone() else {
        return ().into_any();
    };
    let outcome = t(l, outcome_key(r.outcome));
    let row = |key: &'static str, n: u32, class: &'static str| {
        view! { <tr class=class><th scope="row">{t(l, key)}</th><td>{n}</td></tr> }
    };
    let totals = if vote.spec.election.is_some() {
        view! {
            {row("vote-ballots", r.ballots, "ballots")}
            {row("vote-blank", r.abstain, "abstaining")}
            {row("vote-voting", r.voting, "voting")}
            {row("vote-required", r.required, "required")}
        }
        .into_any()
    } else if vote.spec.kind == VoteKind::WithoutVote {
        ().into_any()
    } else {
        view! {
            {row("vote-in-favour", r.yes, "yes")}
            {row("vote-against", r.no, "no")}
            {row("vote-abstaining", r.abstain, "abstaining")}
            {row("vote-voting", r.voting, "voting")}
            {row("vote-required", r.required, "required")}
            {row("vote-present", r.present, "present")}
            {row("vote-members", r.members, "members")}
        }
        .into_any()
    };
    let by_name = r.names.clone().map(|n| {
        view! {
            <dl class="vote-names">
                <dt>{t(l, "vote-in-favour")}</dt><dd class="names-yes"><bdi>{names(&n.yes, l)}</bdi></dd>
                <dt>{t(l, "vote-against")}</dt><dd class="names-no"><bdi>{names(&n.no, l)}</bdi></dd>
                <dt>{t(l, "vote-abstaining")}</dt><dd class="names-abstain"><bdi>{names(&n.abstain, l)}</bdi></dd>
            </dl>
        }
    });
    let candidates = (!r.candidates.is_empty()).then(|| {
        let rows = r
            .candidates
            .iter()
            .map(|c| {
                view! {
                    <tr class:elected=c.elected>
                        <th scope="row"><bdi>{c.name.clone()}</bdi></th>
                        <td>{c.votes}</td>
                        <td>{c.elected.then(|| t(l, "vote-elected"))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="vote-candidates">
                <thead><tr>
                    <th scope="col">{t(l, "vote-candidate")}</th>
                    <th scope="col">{t(l, "vote-votes")}</th>
                    <th scope="col">{t(l, "vote-elected")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let further = (!r.further_ballot.is_empty()).then(|| {
        i18n::say(
            l,
            "vote-further",
            &[("names", Arg::Text(r.further_ballot.join(", ")))],
        )
    });
    view! {
        <div class="vote-board" data-outcome=format!("{:?}", r.outcome)>
            <p class="vote-outcome"><strong>{t(l, "vote-outcome")}": "{outcome}</strong></p>
            <table class="vote-totals"><tbody>{totals}</tbody></table>
            {by_name}
            {candidates}
            {further.map(|f| view! { <p class="vote-further">{f}</p> })}
        </div>
    }
    .into_any()
}

/// The result's page: the question, how it was taken, and the board (or
/// that voting is still open, and how many have voted).
#[cfg(feature = "ssr")]
pub fn render_vote(
    lang: Language,
    account: &crate::Account,
    meeting_id: &str,
    meeting_title: &str,
    closed_at: Option<String>,
    vote: Vote,
) -> String {
    let l = lang;
    let heading = i18n::say(
        l,
        "vote-title",
        &[("number", Arg::Number(vote.number.into()))],
    );
    let title = format!("{heading} — {meeting_title}");
    let back = format!("/meetings/{meeting_id}?lang={}", lang.as_str());
    let meeting_title = meeting_title.to_string();
    let body = Owner::new().with(|| {
        let state = match closed_at {
            Some(at) => i18n::say(l, "vote-closed-at", &[("time", Arg::Text(at))]),
            None => {
                let progress = i18n::say(
                    l,
                    "vote-voted",
                    &[
                        ("count", Arg::Number(vote.voted.len() as i64)),
                        ("members", Arg::Number(vote.electorate.len() as i64)),
                    ],
                );
                format!("{} {progress}", t(l, "vote-is-open"))
            }
        };
        view! {
            <a class="skip" href="#main">{i18n::t(l, i18n::Phrase::SkipToContent)}</a>
            <header><p><a href=back>{meeting_title}</a></p></header>
            <main id="main">
                <h1>{heading.clone()}</h1>
                {question(l, &vote)}
                <p class="vote-state">{state}</p>
                {board(l, &vote)}
            </main>
        }
        .to_html()
    });
    crate::page_shell(lang, &title, account, &body)
}
