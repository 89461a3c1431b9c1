//! A vote as people read it: its question and how it is taken, and the
//! result board (totals, the delegations by their vote when the vote is
//! recorded, an election's candidates). The meeting room shows the board
//! when a vote closes; the result's page (`/meetings/{id}/votes/{n}`) is
//! the same board on a page of its own.

use crate::i18n::{self, Arg};
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

/// `text` with HTML's special characters escaped, for the markup below.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The question and how it is taken, as markup. The question and the
/// board are written as plain markup rather than views: they never change
/// once shown, and views of their own would add a tenth to the room's
/// download for no behaviour.
pub fn question(l: Language, vote: &Vote) -> String {
    let spec = &vote.spec;
    let mut html = format!("<p class=\"vote-question\"><bdi>{}</bdi>", esc(&spec.title));
    if let Some(d) = &spec.document {
        html += &format!(" (<bdi class=\"symbol\">{}</bdi>)", esc(d));
    }
    html += &format!(
        "</p><p class=\"vote-how\"><span class=\"vote-kind\">{}</span>",
        esc(t(l, kind_key(spec.kind)))
    );
    if spec.kind != VoteKind::WithoutVote {
        html += &format!(" · {}", esc(&majority(l, spec.majority)));
    }
    if spec.quorum {
        html += &format!(" · {}", esc(t(l, "vote-quorum")));
    }
    html += "</p>";
    let lot = vote
        .roll_call
        .as_ref()
        .and_then(|c| c.lot())
        .and_then(|d| vote.name_of(d));
    if let Some(name) = lot {
        let said = i18n::say(l, "vote-lot", &[("name", Arg::Text(name.to_string()))]);
        html += &format!("<p class=\"vote-lot\">{}</p>", esc(&said));
    }
    html
}

fn names(list: &[String], l: Language) -> String {
    if list.is_empty() {
        t(l, "vote-none").to_string()
    } else {
        list.join(", ")
    }
}

/// The result board of a closed vote, as markup (empty while it is open).
pub fn board(l: Language, vote: &Vote) -> String {
    let Some(r) = &vote.result else {
        return String::new();
    };
    let row = |key: &'static str, n: u32, class: &'static str| {
        format!(
            "<tr class=\"{class}\"><th scope=\"row\">{}</th><td>{n}</td></tr>",
            esc(t(l, key))
        )
    };
    let totals: Vec<String> = if vote.spec.election.is_some() {
        vec![
            row("vote-ballots", r.ballots, "ballots"),
            row("vote-blank", r.abstain, "abstaining"),
            row("vote-voting", r.voting, "voting"),
            row("vote-required", r.required, "required"),
        ]
    } else if vote.spec.kind == VoteKind::WithoutVote {
        Vec::new()
    } else {
        vec![
            row("vote-in-favour", r.yes, "yes"),
            row("vote-against", r.no, "no"),
            row("vote-abstaining", r.abstain, "abstaining"),
            row("vote-voting", r.voting, "voting"),
            row("vote-required", r.required, "required"),
            row("vote-present", r.present, "present"),
            row("vote-members", r.members, "members"),
        ]
    };
    let mut html = format!(
        "<div class=\"vote-board\" data-outcome=\"{:?}\"><p class=\"vote-outcome\"><strong>{}: {}</strong></p>",
        r.outcome,
        esc(t(l, "vote-outcome")),
        esc(t(l, outcome_key(r.outcome)))
    );
    if !totals.is_empty() {
        html += &format!(
            "<table class=\"vote-totals\"><tbody>{}</tbody></table>",
            totals.concat()
        );
    }
    if let Some(n) = &r.names {
        html += "<dl class=\"vote-names\">";
        for (key, class, list) in [
            ("vote-in-favour", "names-yes", &n.yes),
            ("vote-against", "names-no", &n.no),
            ("vote-abstaining", "names-abstain", &n.abstain),
        ] {
            html += &format!(
                "<dt>{}</dt><dd class=\"{class}\"><bdi>{}</bdi></dd>",
                esc(t(l, key)),
                esc(&names(list, l))
            );
        }
        html += "</dl>";
    }
    if !r.candidates.is_empty() {
        html += &format!(
            "<table class=\"vote-candidates\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            esc(t(l, "vote-candidate")),
            esc(t(l, "vote-votes")),
            esc(t(l, "vote-elected"))
        );
        for c in &r.candidates {
            html += &format!(
                "<tr{}><th scope=\"row\"><bdi>{}</bdi></th><td>{}</td><td>{}</td></tr>",
                if c.elected { " class=\"elected\"" } else { "" },
                esc(&c.name),
                c.votes,
                if c.elected {
                    esc(t(l, "vote-elected"))
                } else {
                    String::new()
                }
            );
        }
        html += "</tbody></table>";
    }
    if !r.further_ballot.is_empty() {
        let said = i18n::say(
            l,
            "vote-further",
            &[("names", Arg::Text(r.further_ballot.join(", ")))],
        );
        html += &format!("<p class=\"vote-further\">{}</p>", esc(&said));
    }
    html + "</div>"
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
    use leptos::prelude::*;
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
                <div class="vote-about" inner_html=question(l, &vote)></div>
                <p class="vote-state">{state}</p>
                <div inner_html=board(l, &vote)></div>
            </main>
        }
        .to_html()
    });
    crate::page_shell(lang, &title, account, &body)
}
