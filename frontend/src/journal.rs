//! The Journal: the meetings of one day, in the reader's time zone.

use crate::forms::{ApiForm, FormSpec};
use crate::i18n::{self, Phrase};
use crate::labels::{l as label, Label};
use leptos::prelude::*;
use plenary_protocol::api::{AgendaItem, Language, MeetingStatus};

/// One meeting as the Journal lists it; times already in the page's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalRow {
    pub id: String,
    pub title: String,
    /// `HH:MM` in the page's time zone.
    pub start: String,
    pub end: String,
    pub status: MeetingStatus,
    pub agenda: Vec<AgendaItem>,
}

/// What a signed-in reader has on the Journal besides the day.
#[derive(Debug, Clone, Default)]
pub struct JournalOptions {
    /// Only the reader's meetings (`Some` for signed-in readers: the filter is offered).
    pub mine: Option<bool>,
    /// The form that hands out the reader's personal calendar feed.
    pub feed: Option<FormSpec>,
}

/// Common zones for the zone field's suggestions (any IANA name is accepted).
const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/Zurich",
    "Europe/Vienna",
    "Africa/Nairobi",
    "Asia/Bangkok",
    "America/Santiago",
    "Asia/Beirut",
    "Africa/Addis_Ababa",
    "Europe/Paris",
    "Asia/Shanghai",
    "Europe/Moscow",
    "America/Mexico_City",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
];

#[component]
pub fn JournalPage(
    lang: Language,
    date: chrono::NaiveDate,
    time_zone: String,
    rows: Vec<JournalRow>,
    options: JournalOptions,
) -> impl IntoView {
    let l = lang;
    let zone_q = crate::url_component(&time_zone);
    let mine_q = if options.mine == Some(true) {
        "&mine=true"
    } else {
        ""
    };
    let day = |d: Option<chrono::NaiveDate>| {
        d.map(|d| format!("?date={d}&time_zone={zone_q}&lang={}{mine_q}", l.as_str()))
    };
    let previous = day(date.pred_opt());
    let next = day(date.succ_opt());
    let mine_box = options.mine.map(|on| {
        view! {
            <p class="field check">
                <label><input type="checkbox" name="mine" value="true" checked=on />" "{label(l, Label::MyMeetings)}</label>
            </p>
        }
    });
    let feed = options.feed.map(|spec| {
        view! {
            <section aria-labelledby="feed-heading">
                <h2 id="feed-heading">{label(l, Label::Feed)}</h2>
                <p class="hint">{label(l, Label::FeedHint)}</p>
                <ApiForm spec=spec />
            </section>
        }
    });
    let languages = Language::ALL
        .into_iter()
        .map(|other| {
            let href = format!(
                "?date={date}&time_zone={}&lang={}",
                time_zone.replace('/', "%2F"),
                other.as_str()
            );
            let current = (other == l).then_some("page");
            view! {
                <li>
                    <a href=href hreflang=other.as_str() lang=other.as_str() aria-current=current>
                        {i18n::endonym(other)}
                    </a>
                </li>
            }
        })
        .collect_view();
    let listing = if rows.is_empty() {
        view! { <p>{i18n::t(l, Phrase::NoMeetings)}</p> }.into_any()
    } else {
        let body = rows
            .into_iter()
            .map(|row| {
                let agenda = row
                    .agenda
                    .into_iter()
                    .map(|item| {
                        let text = match item.number {
                            Some(n) => format!("{n}. {}", item.title),
                            None => item.title,
                        };
                        view! { <li>{text}</li> }
                    })
                    .collect_view();
                view! {
                    <tr id=format!("meeting-{}", row.id)>
                        <td>{format!("{}–{}", row.start, row.end)}</td>
                        <td>
                            <strong><a href=format!("/meetings/{}", row.id)>{row.title}</a></strong>
                            <details>
                                <summary>{i18n::t(l, Phrase::Agenda)}</summary>
                                <ol>{agenda}</ol>
                            </details>
                        </td>
                        <td>{i18n::status(l, row.status)}</td>
                        <td><a href=format!("/api/v1/meetings/{}/calendar.ics", row.id) class="ics">{label(l, Label::CalendarFile)}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n::t(l, Phrase::Time)}</th>
                        <th scope="col">{i18n::t(l, Phrase::Meeting)}</th>
                        <th scope="col">{i18n::t(l, Phrase::Status)}</th>
                        <th scope="col"><span class="skip">{label(l, Label::CalendarFile)}</span></th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <a class="skip" href="#main">{i18n::t(l, Phrase::SkipToContent)}</a>
        <header>
            <h1>{i18n::t(l, Phrase::Journal)}</h1>
            <p>{format!("{} · {} {}", i18n::date(l, date), i18n::t(l, Phrase::TimesIn), time_zone)}</p>
            <nav aria-label=i18n::t(l, Phrase::Languages)>
                <ul>{languages}</ul>
            </nav>
        </header>
        <main id="main">
            <form method="get" action="/journal" class="filters day-choice">
                <input type="hidden" name="lang" value=l.as_str() />
                <p class="field">
                    <label for="journal-date">{label(l, Label::Date)}</label>
                    <input id="journal-date" name="date" type="date" value=date.to_string() required />
                </p>
                <p class="field">
                    <label for="journal-zone">{label(l, Label::TimeZone)}</label>
                    <input id="journal-zone" name="time_zone" type="text" list="zones" value=time_zone.clone() required />
                    <datalist id="zones">{ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}</datalist>
                </p>
                {mine_box}
                <p><button type="submit">{label(l, Label::Show)}</button></p>
            </form>
            <nav class="days" aria-label=label(l, Label::Date)>
                {previous.map(|href| view! { <a href=href rel="prev">{label(l, Label::PreviousDay)}</a> })}" "
                {next.map(|href| view! { <a href=href rel="next">{label(l, Label::NextDay)}</a> })}
            </nav>
            {listing}
            {feed}
        </main>
    }
}

/// The Journal as a whole HTML document.
pub fn render_journal(
    lang: Language,
    account: &crate::Account,
    date: chrono::NaiveDate,
    time_zone: String,
    rows: Vec<JournalRow>,
    options: JournalOptions,
) -> String {
    let interactive = options.feed.is_some();
    let body = Owner::new().with(|| {
        view! { <JournalPage lang=lang date=date time_zone=time_zone rows=rows options=options /> }.to_html()
    });
    let title = format!(
        "{} · {}",
        i18n::t(lang, Phrase::Journal),
        i18n::date(lang, date)
    );
    crate::page(lang, &title, account, &body, interactive)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visitor() -> crate::Account {
        crate::Account::Visitor {
            here: "/journal".into(),
        }
    }

    #[test]
    fn the_journal_renders_rows_escaped_and_right_to_left_in_arabic() {
        let date = chrono::NaiveDate::from_ymd_opt(2030, 10, 1).expect("date");
        let rows = vec![JournalRow {
            id: "m1".into(),
            title: "<script>alert(1)</script> 12th meeting".into(),
            start: "10:00".into(),
            end: "13:00".into(),
            status: MeetingStatus::Scheduled,
            agenda: vec![AgendaItem {
                number: Some("17 (a)".into()),
                title: "Macroeconomic policy questions".into(),
                titles: Default::default(),
            }],
        }];
        let html = render_journal(
            Language::En,
            &visitor(),
            date,
            "Europe/Vienna".into(),
            rows.clone(),
            JournalOptions::default(),
        );
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"en\" dir=\"ltr\">"),
            "{html}"
        );
        assert!(html.contains("1 October 2030"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 12th meeting"));
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("17 (a). Macroeconomic policy questions"),
            "{html}"
        );
        assert!(
            html.contains("Europe%2FVienna&amp;lang=ar")
                || html.contains("Europe%2FVienna&lang=ar")
        );
        let ar = render_journal(
            Language::Ar,
            &visitor(),
            date,
            "Europe/Vienna".into(),
            rows,
            JournalOptions::default(),
        );
        assert!(ar.contains("lang=\"ar\" dir=\"rtl\""));
        assert!(ar.contains("جدول الأعمال"));
        let empty = render_journal(
            Language::Fr,
            &visitor(),
            date,
            "UTC".into(),
            Vec::new(),
            JournalOptions::default(),
        );
        assert!(empty.contains("Aucune séance ce jour-là."));
    }
}
