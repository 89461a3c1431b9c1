//! The meeting record's page: every act of a live meeting in order, chat
//! (private messages included) with who it was for, for the secretariat and
//! the chair. Rendered on the server only; its words are the hub's
//! (`record-*` in `hub.ftl`).

use crate::i18n::{self, Arg, Phrase};
use leptos::prelude::*;
use plenary_protocol::api::Language;

/// One line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    /// When, in the reader's zone.
    pub time: String,
    /// The record's kind, e.g. `speakers_changed`.
    pub kind: String,
    /// Whom it concerns, as the record names them (delegation or name).
    pub who: Option<String>,
    /// Who did it, when someone did.
    pub by: Option<String>,
    pub detail: Detail,
}

/// What a line says beyond its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    /// Text as its author wrote it (chat, a decision).
    Text(String),
    /// A chat message and who it was for: everyone, those who preside, or
    /// one participant.
    Message {
        text: String,
        to: Audience,
    },
    /// How many lines a list has after the change, and its item.
    List {
        item: u32,
        lines: usize,
    },
    /// Words of the hub's own (a status, a kind of turn, a time).
    Said(String),
}

/// Who a chat message was for, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Presiding,
    One(String),
}

fn say(l: Language, key: &str, args: &[(&'static str, Arg)]) -> String {
    i18n::say(l, &format!("record-{key}"), args)
}

/// The record's page, `rows` in order; `zone` names the zone of its times.
pub fn render_record(
    lang: Language,
    account: &crate::Account,
    meeting_id: &str,
    meeting_title: &str,
    zone: &str,
    rows: Vec<RecordRow>,
) -> String {
    let l = lang;
    let title = format!("{} — {meeting_title}", say(l, "title", &[]));
    let back = format!("/meetings/{meeting_id}?lang={}", lang.as_str());
    let meeting_title = meeting_title.to_string();
    let zone = zone.to_string();
    let body = Owner::new().with(|| {
        let empty = rows.is_empty();
        let lines = rows
            .into_iter()
            .map(|row| {
                let private = matches!(
                    row.detail,
                    Detail::Message {
                        to: Audience::Presiding | Audience::One(_),
                        ..
                    }
                );
                let detail = match row.detail {
                    Detail::None => ().into_any(),
                    Detail::Text(text) => view! { <bdi>{text}</bdi> }.into_any(),
                    Detail::Message { text, to } => {
                        let to = match to {
                            Audience::Everyone => say(l, "to-everyone", &[]),
                            Audience::Presiding => say(l, "to-presiding", &[]),
                            Audience::One(name) => say(l, "to-one", &[("name", Arg::Text(name))]),
                        };
                        view! { <bdi>{text}</bdi>{format!(" ({to})")} }.into_any()
                    }
                    Detail::List { item, lines } => {
                        let count = say(l, "lines", &[("count", Arg::Number(lines as i64))]);
                        format!("#{item}: {count}").into_any()
                    }
                    Detail::Said(words) => words.into_any(),
                };
                let act = say(l, &format!("kind-{}", row.kind), &[]);
                view! {
                    <tr class:private=private data-kind=row.kind.clone()>
                        <td>{row.time}</td>
                        <td>{act}</td>
                        <td>{row.who.map(|w| view! { <bdi>{w}</bdi> })}</td>
                        <td>{row.by.map(|b| view! { <bdi>{b}</bdi> })}</td>
                        <td>{detail}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <a class="skip" href="#main">{i18n::t(l, Phrase::SkipToContent)}</a>
            <header><p><a href=back>{meeting_title}</a></p></header>
            <main id="main" class="wide">
                <h1>{say(l, "title", &[])}</h1>
                <p class="hint">{format!("{}: {zone}", say(l, "time", &[]))}</p>
                {if empty {
                    view! { <p>{say(l, "empty", &[])}</p> }.into_any()
                } else {
                    view! {
                        <table class="record">
                            <thead><tr>
                                <th scope="col">{say(l, "time", &[])}</th>
                                <th scope="col">{say(l, "act", &[])}</th>
                                <th scope="col">{say(l, "who", &[])}</th>
                                <th scope="col">{say(l, "by", &[])}</th>
                                <th scope="col">{say(l, "detail", &[])}</th>
                            </tr></thead>
                            <tbody>{lines}</tbody>
                        </table>
                    }.into_any()
                }}
            </main>
        }
        .to_html()
    });
    crate::page_shell(lang, &title, account, &body)
}
