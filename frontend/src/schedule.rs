//! Scheduling, for conference managers: the upcoming meetings, a new
//! meeting with its agenda, bodies and rooms; and a meeting's edit page with
//! its chair. The forms write through the API ([`crate::forms`]), which
//! finds room and interpreter conflicts; the form shows them beside the
//! room or the booth.

use crate::forms::{agenda_text, ApiForm, Field, FormSpec, Kind};
use crate::i18n::{self, Phrase};
use crate::labels::{l, Label};
use crate::room::words::{w, Word};
use leptos::prelude::*;
use plenary_protocol::api::{Access, AgendaItem, Language, MeetingStatus};

/// `(id, name)` pairs for the forms' choices.
pub type Choices = Vec<(String, String)>;

/// What the meeting forms choose from.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub bodies: Choices,
    pub rooms: Choices,
    pub delegations: Choices,
    /// The interpreters (active accounts): id, name, and the languages
    /// they interpret into, which decide the booths they are offered for.
    pub interpreters: Vec<(String, String, Vec<Language>)>,
}

/// An upcoming meeting as the schedule lists it (times in its own zone).
#[derive(Debug, Clone)]
pub struct ScheduledRow {
    pub id: String,
    pub title: String,
    pub when: String,
    pub room: String,
    pub status: MeetingStatus,
}

/// A meeting's current values, for the edit form.
#[derive(Debug, Clone)]
pub struct MeetingValues {
    pub id: String,
    pub title: String,
    pub titles: plenary_protocol::api::Titles,
    pub body_id: String,
    pub room_id: Option<String>,
    /// `YYYY-MM-DDTHH:MM`.
    pub starts_local: String,
    pub ends_local: String,
    pub time_zone: String,
    pub access: Access,
    pub invited: Vec<String>,
    pub agenda: Vec<AgendaItem>,
    pub chair_id: Option<String>,
    /// Each booth's interpreters' ids.
    pub interpreters: std::collections::BTreeMap<Language, Vec<String>>,
}

/// The fields of a meeting, empty or holding `current`.
fn meeting_fields(lang: Language, c: &Catalogue, current: Option<&MeetingValues>) -> Vec<Field> {
    let mut rooms = vec![(String::new(), l(lang, Label::NoRoom).to_string())];
    rooms.extend(c.rooms.iter().cloned());
    let access = vec![
        ("public".to_string(), l(lang, Label::Public).to_string()),
        ("closed".to_string(), l(lang, Label::Closed).to_string()),
    ];
    let v = |f: fn(&MeetingValues) -> String| current.map(f).unwrap_or_default();
    // A booth is offered for each language someone interprets into.
    let booths = Language::ALL.into_iter().filter_map(|language| {
        let choices: Choices = c
            .interpreters
            .iter()
            .filter(|(_, _, into)| into.contains(&language))
            .map(|(id, name, _)| (id.clone(), name.clone()))
            .collect();
        let team = current
            .and_then(|m| m.interpreters.get(&language))
            .map(|t| t.join("\n"))
            .unwrap_or_default();
        (!choices.is_empty()).then(|| {
            Field::new(
                &format!("interpreters.{}", language.as_str()),
                &format!(
                    "{} — {}",
                    l(lang, Label::Interpreters),
                    i18n::endonym(language)
                ),
                Kind::Several(choices),
            )
            .value(team)
        })
    });
    let mut fields = vec![
        Field::new("title", l(lang, Label::Title), Kind::Text)
            .required()
            .value(v(|m| m.title.clone())),
        Field::new(
            "body_id",
            l(lang, Label::Body),
            Kind::Choice(c.bodies.clone()),
        )
        .required()
        .value(v(|m| m.body_id.clone())),
        Field::new("room_id", l(lang, Label::Room), Kind::Choice(rooms))
            .value(v(|m| m.room_id.clone().unwrap_or_default()))
            .null_when_empty(),
        Field::new("starts_local", l(lang, Label::Start), Kind::DateTime)
            .required()
            .value(v(|m| m.starts_local.clone())),
        Field::new("ends_local", l(lang, Label::End), Kind::DateTime)
            .required()
            .value(v(|m| m.ends_local.clone())),
        Field::new("time_zone", l(lang, Label::TimeZone), Kind::Text)
            .required()
            .value(current.map_or("America/New_York".into(), |m| m.time_zone.clone()))
            .hint("America/New_York, Europe/Zurich, Africa/Nairobi…"),
        Field::new("access", l(lang, Label::Access), Kind::Choice(access))
            .value(v(|m| m.access.as_str().to_string())),
        Field::new(
            "invited_delegations",
            l(lang, Label::Invited),
            Kind::Several(c.delegations.clone()),
        )
        .value(v(|m| m.invited.join("\n"))),
        Field::new("agenda", l(lang, Label::Agenda), Kind::Agenda)
            .value(v(|m| agenda_text(&m.agenda)))
            .hint(l(lang, Label::AgendaHint)),
    ];
    // Translations of the title right after it.
    let titles =
        crate::forms::title_fields(lang, "titles", Label::Title, current.map(|m| &m.titles));
    fields.splice(1..1, titles);
    fields.extend(booths);
    fields
}

/// The schedule page.
pub fn render_schedule(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    catalogue: Catalogue,
    upcoming: Vec<ScheduledRow>,
) -> String {
    let q = format!("?lang={}", lang.as_str());
    let create = l(lang, Label::Create);
    let new_meeting = FormSpec::new(
        "new-meeting",
        "POST",
        "/api/v1/meetings",
        create,
        csrf,
        lang,
    )
    .then(format!("/meetings/{{id}}{q}"))
    .fields(meeting_fields(lang, &catalogue, None));
    let new_body = FormSpec::new("new-body", "POST", "/api/v1/bodies", create, csrf, lang).fields(
        vec![Field::new("name", l(lang, Label::Name), Kind::Text).required()]
            .into_iter()
            .chain(crate::forms::title_fields(lang, "names", Label::Name, None))
            .chain([
                Field::new("symbol_prefix", l(lang, Label::SymbolPrefix), Kind::Text).hint("A/C.2"),
                Field::new(
                    "observers_may_sponsor",
                    l(lang, Label::ObserversMaySponsor),
                    Kind::Check,
                ),
            ])
            .collect(),
    );
    let new_room =
        FormSpec::new("new-room", "POST", "/api/v1/rooms", create, csrf, lang).fields(vec![
            Field::new("name", l(lang, Label::Name), Kind::Text).required(),
            Field::new("capacity", l(lang, Label::Capacity), Kind::Number),
        ]);
    let body = Owner::new().with(|| {
        let rows = upcoming
            .into_iter()
            .map(|m| {
                view! {
                    <tr>
                        <td>{m.when}</td>
                        <td><a href=format!("/meetings/{}{q}", m.id)>{m.title}</a></td>
                        <td>{m.room}</td>
                        <td>{i18n::status(lang, m.status)}</td>
                        <td><a href=format!("/meetings/{}/edit{q}", m.id)>{l(lang, Label::Edit)}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <main id="main">
                <h1>{l(lang, Label::Schedule)}</h1>
                <section aria-labelledby="upcoming">
                    <h2 id="upcoming">{l(lang, Label::Upcoming)}</h2>
                    <table>
                        <thead><tr>
                            <th scope="col">{i18n::t(lang, Phrase::Time)}</th>
                            <th scope="col">{i18n::t(lang, Phrase::Meeting)}</th>
                            <th scope="col">{l(lang, Label::Room)}</th>
                            <th scope="col">{i18n::t(lang, Phrase::Status)}</th>
                            <th scope="col"><span class="skip">{l(lang, Label::Edit)}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
                <section aria-labelledby="new-meeting-heading">
                    <h2 id="new-meeting-heading">{l(lang, Label::NewMeeting)}</h2>
                    <ApiForm spec=new_meeting />
                </section>
                <div class="columns">
                    <section aria-labelledby="new-body-heading">
                        <h2 id="new-body-heading">{l(lang, Label::NewBody)}</h2>
                        <ApiForm spec=new_body />
                    </section>
                    <section aria-labelledby="new-room-heading">
                        <h2 id="new-room-heading">{l(lang, Label::NewRoom)}</h2>
                        <ApiForm spec=new_room />
                    </section>
                </div>
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::Schedule), account, &body, true)
}

/// A meeting's edit page: its fields, and who chairs it.
pub fn render_meeting_edit(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    catalogue: Catalogue,
    chairs: Choices,
    meeting: MeetingValues,
) -> String {
    let q = format!("?lang={}", lang.as_str());
    let action = format!("/api/v1/meetings/{}", meeting.id);
    let edit = FormSpec::new(
        "edit-meeting",
        "PATCH",
        &action,
        l(lang, Label::Save),
        csrf,
        lang,
    )
    .then(format!("/meetings/{{id}}{q}"))
    .fields(meeting_fields(lang, &catalogue, Some(&meeting)));
    let mut choices = vec![(String::new(), l(lang, Label::NoChair).to_string())];
    choices.extend(chairs);
    let chair_action = format!("/api/v1/meetings/{}/chair", meeting.id);
    let chair = FormSpec::new(
        "chair",
        "PUT",
        &chair_action,
        l(lang, Label::SetChair),
        csrf,
        lang,
    )
    .fields(vec![Field::new(
        "chair_id",
        w(lang, Word::Chair),
        Kind::Choice(choices),
    )
    .value(meeting.chair_id.clone().unwrap_or_default())
    .null_when_empty()]);
    let title = meeting.title.clone();
    let back = format!("/meetings/{}{q}", meeting.id);
    let body = Owner::new().with(|| {
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <main id="main">
                <p><a href=format!("/schedule{q}")>{l(lang, Label::Schedule)}</a></p>
                <h1>{l(lang, Label::EditMeeting)}": "<a href=back>{title}</a></h1>
                <ApiForm spec=edit />
                <section aria-labelledby="chair-heading">
                    <h2 id="chair-heading">{w(lang, Word::Chair)}</h2>
                    <ApiForm spec=chair />
                </section>
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::EditMeeting), account, &body, true)
}
