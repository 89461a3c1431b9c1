//! A meeting's page: when and where it sits, its agenda, and the documents
//! of each agenda item in every language issued.

use crate::i18n::{self, Phrase};
use leptos::prelude::*;
use plenary_protocol::api::{AgendaItem, Language, MeetingStatus};

/// One document of the meeting, with a link per issued language version.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    pub id: String,
    pub symbol: String,
    pub title: String,
    /// Position of its agenda item, from 0; `None` for the meeting as a whole.
    pub agenda_position: Option<u32>,
    /// Issued language versions and where to download each.
    pub files: Vec<(Language, String)>,
}

/// What the meeting page shows; times already in the page's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingView {
    pub id: String,
    pub title: String,
    /// Offer the way into the meeting room (signed in, and the meeting not over).
    pub joinable: bool,
    /// The way in is the reader's interpreter's console.
    pub console: bool,
    /// Offer the edit page (conference managers).
    pub editable: bool,
    /// The reader may read the meeting's record (the secretariat, the chair).
    pub record: bool,
    pub date: chrono::NaiveDate,
    /// `HH:MM` in `time_zone`.
    pub start: String,
    pub end: String,
    pub time_zone: String,
    pub status: MeetingStatus,
    pub agenda: Vec<AgendaItem>,
    /// The languages of its booths.
    pub interpreted_into: Vec<Language>,
    /// Its channels' recordings, each sitting's floor first.
    pub recordings: Vec<RecordingLine>,
    pub documents: Vec<DocumentRow>,
    /// The votes taken, in order.
    pub votes: Vec<VoteLine>,
    /// The statements the reader may read: delivered ones in speaking
    /// order, then those to come.
    pub statements: Vec<StatementLine>,
    /// For a delegate whose delegation is inscribed to make a statement:
    /// handing the statement in.
    pub hand_in: Option<crate::library::UploadSpec>,
}

/// A statement handed in by a delegation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub delegation: String,
    pub language: Language,
    pub url: String,
    /// When it was delivered, `HH:MM` in the meeting's zone; `None`: still to come.
    pub delivered: Option<String>,
}

/// A vote on the meeting's page: its number, what was voted on and, once
/// closed, its outcome in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingLine {
    /// The booth's language; `None`: the floor.
    pub language: Option<Language>,
    /// When its sitting began, `HH:MM` in the meeting's zone.
    pub start: String,
    pub duration_ms: u64,
    pub url: String,
    /// The floor's video, not a channel's audio.
    pub video: bool,
}

/// One vote of the meeting, as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteLine {
    pub number: u32,
    pub title: String,
    pub outcome: Option<String>,
}

fn documents_list(l: Language, documents: Vec<DocumentRow>) -> AnyView {
    if documents.is_empty() {
        return view! { <p>{i18n::t(l, Phrase::NoDocuments)}</p> }.into_any();
    }
    let items = documents
        .into_iter()
        .map(|d| {
            let files = d
                .files
                .into_iter()
                .map(|(language, href)| {
                    view! {
                        <li>
                            <a href=href hreflang=language.as_str() lang=language.as_str()>
                                {i18n::endonym(language)}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li>
                    <a href=format!("/documents/{}", d.id)><span lang="en" dir="ltr">{d.symbol}</span></a>
                    {format!(" — {}", d.title)}
                    <ul class="files" aria-label=i18n::t(l, Phrase::Languages)>{files}</ul>
                </li>
            }
        })
        .collect_view();
    view! { <ul>{items}</ul> }.into_any()
}

#[component]
pub fn MeetingPage(lang: Language, meeting: MeetingView) -> impl IntoView {
    let l = lang;
    let mut documents = meeting.documents;
    let join = meeting.joinable.then(|| {
        let href = format!("/meetings/{}/room?lang={}", meeting.id, l.as_str());
        let word = if meeting.console {
            crate::room::words::Word::Console
        } else {
            crate::room::words::Word::Join
        };
        view! { <a class="join" href=href>{crate::room::words::w(l, word)}</a> }
    });
    let q = format!("?lang={}", l.as_str());
    let edit = meeting.editable.then(|| {
        view! { " " <a href=format!("/meetings/{}/edit{q}", meeting.id)>{crate::labels::l(l, crate::labels::Label::EditMeeting)}</a> }
    });
    let minutes = format!("/meetings/{}/minutes{q}", meeting.id);
    let record = meeting.record.then(|| {
        let href = format!("/meetings/{}/record{q}", meeting.id);
        view! { " " <a href=href class="record-link">{i18n::say(l, "record-title", &[])}</a> }
    });
    let items = meeting
        .agenda
        .into_iter()
        .enumerate()
        .map(|(position, item)| {
            let mine: Vec<DocumentRow> = documents
                .iter()
                .filter(|d| d.agenda_position == u32::try_from(position).ok())
                .cloned()
                .collect();
            let heading = match item.number {
                Some(n) => format!("{n}. {}", item.title),
                None => item.title,
            };
            view! {
                <li>
                    <h3>{heading}</h3>
                    {documents_list(l, mine)}
                </li>
            }
        })
        .collect_view();
    let item_count = u32::try_from(items.len()).unwrap_or(u32::MAX);
    documents.retain(|d| d.agenda_position.is_none_or(|p| p >= item_count));
    let others = (!documents.is_empty()).then(|| {
        view! {
            <section aria-labelledby="other-documents">
                <h2 id="other-documents">{i18n::t(l, Phrase::OtherDocuments)}</h2>
                {documents_list(l, documents)}
            </section>
        }
    });
    let votes = (!meeting.votes.is_empty()).then(|| {
        let lines = meeting
            .votes
            .into_iter()
            .map(|v| {
                let href = format!("/meetings/{}/votes/{}{q}", meeting.id, v.number);
                let name = i18n::say(
                    l,
                    "vote-title",
                    &[("number", i18n::Arg::Number(v.number.into()))],
                );
                let outcome = v.outcome.map(|o| format!(" — {o}"));
                view! { <li><a href=href>{name}</a>": " <bdi>{v.title}</bdi>{outcome}</li> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="votes">
                <h2 id="votes">{i18n::say(l, "vote-list", &[])}</h2>
                <ol class="votes">{lines}</ol>
            </section>
        }
    });
    let recordings = (!meeting.recordings.is_empty()).then(|| {
        let lines = meeting
            .recordings
            .into_iter()
            .map(|r| {
                let seconds = r.duration_ms / 1000;
                let length = format!(
                    "{}:{:02}:{:02}",
                    seconds / 3600,
                    seconds / 60 % 60,
                    seconds % 60
                );
                let channel = match r.language {
                    Some(language) => {
                        view! { <span lang=language.as_str()>{i18n::endonym(language)}</span> }
                            .into_any()
                    }
                    None => i18n::say(l, "room-floor-channel", &[]).into_any(),
                };
                let label = format!("{} {}", r.start, length);
                let (kind, player) = if r.video {
                    let player = view! {
                        " · "{i18n::say(l, "meeting-video", &[])}" "
                        <video controls preload="metadata" src=r.url.clone()></video>
                    };
                    ("video", player.into_any())
                } else {
                    let player =
                        view! { " "<audio controls preload="metadata" src=r.url.clone()></audio> };
                    ("audio", player.into_any())
                };
                view! {
                    <li data-channel=r.language.map_or("floor", |x| x.as_str()) data-kind=kind>
                        {channel}" · "{label}{player}
                        " "<a href=r.url>{i18n::say(l, "meeting-download", &[])}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="recordings">
                <h2 id="recordings">{i18n::say(l, "meeting-recordings", &[])}</h2>
                <ul class="recordings">{lines}</ul>
            </section>
        }
    });
    let statements = (!meeting.statements.is_empty()).then(|| {
        let (delivered, to_come): (Vec<StatementLine>, Vec<StatementLine>) = meeting
            .statements
            .into_iter()
            .partition(|s| s.delivered.is_some());
        let line = |s: StatementLine| {
            let when = s.delivered.clone().map(|at| format!(" · {at}"));
            view! {
                <li>
                    {s.delegation}{when}" · "
                    <a href=s.url hreflang=s.language.as_str()>{i18n::endonym(s.language)}</a>
                </li>
            }
        };
        let delivered = (!delivered.is_empty()).then(|| {
            let lines = delivered.into_iter().map(line).collect_view();
            view! {
                <p>{i18n::say(l, "meeting-check-against-delivery", &[])}</p>
                <ol class="statements" id="delivered-statements">{lines}</ol>
            }
        });
        let to_come = (!to_come.is_empty()).then(|| {
            let lines = to_come.into_iter().map(line).collect_view();
            view! {
                <h3>{i18n::say(l, "meeting-statements-to-come", &[])}</h3>
                <ul class="statements" id="statements-to-come">{lines}</ul>
            }
        });
        view! {
            <section aria-labelledby="statements">
                <h2 id="statements">{i18n::say(l, "meeting-statements", &[])}</h2>
                {delivered}
                {to_come}
            </section>
        }
    });
    let hand_in = meeting.hand_in.map(|spec| {
        view! {
            <section aria-labelledby="hand-in">
                <h2 id="hand-in">{i18n::say(l, "meeting-hand-in-statement", &[])}</h2>
                <p>{i18n::say(l, "meeting-hand-in-hint", &[])}</p>
                <crate::library::Upload spec=spec />
            </section>
        }
    });
    let interpretation = (!meeting.interpreted_into.is_empty()).then(|| {
        let languages = meeting
            .interpreted_into
            .iter()
            .map(|language| view! { <li lang=language.as_str()>{i18n::endonym(*language)}</li> })
            .collect_view();
        view! {
            <p class="interpretation" id="interpretation">{i18n::say(l, "meeting-interpretation", &[])}</p>
            <ul class="languages" aria-labelledby="interpretation">{languages}</ul>
        }
    });
    view! {
        <a class="skip" href="#main">{i18n::t(l, Phrase::SkipToContent)}</a>
        <header>
            <p><a href="/journal">{i18n::t(l, Phrase::Journal)}</a></p>
            <h1>{meeting.title}</h1>
            <p>
                {format!(
                    "{} · {}–{} ({}) · {}",
                    i18n::date(l, meeting.date),
                    meeting.start,
                    meeting.end,
                    meeting.time_zone,
                    i18n::status(l, meeting.status)
                )}
            </p>
            {interpretation}
            {join}
            <p><a href=minutes class="minutes-link">{crate::labels::l(l, crate::labels::Label::Minutes)}</a>{edit}{record}</p>
        </header>
        <main id="main">
            <section aria-labelledby="agenda">
                <h2 id="agenda">{i18n::t(l, Phrase::Agenda)}</h2>
                <ol>{items}</ol>
            </section>
            {others}
            {votes}
            {statements}
            {hand_in}
            {recordings}
        </main>
    }
}

/// A meeting's page as a whole HTML document.
pub fn render_meeting(lang: Language, account: &crate::Account, meeting: MeetingView) -> String {
    let title = meeting.title.clone();
    let interactive = meeting.hand_in.is_some();
    let body = Owner::new().with(|| view! { <MeetingPage lang=lang meeting=meeting /> }.to_html());
    crate::page(lang, &title, account, &body, interactive)
}
