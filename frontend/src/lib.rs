//! Plenary's pages as Leptos components. The server renders them to HTML
//! (SSR), so the pages that only show information read without JavaScript.
//! The interactive parts are islands (the meeting room): the same components,
//! built to wasm with the `hydrate` feature, come to life in the browser.
//!
//! Architecture invariant: no I/O and no access to the server's stores. The
//! server hands each page the data it shows (built from `plenary-protocol`
//! types); this crate depends on nothing else of Plenary's.

mod admin;
#[cfg(feature = "ssr")]
mod audit;
mod document;
#[cfg(feature = "hydrate")]
mod fetch;
pub mod forms;
pub mod i18n;
mod journal;
pub mod labels;
mod library;
mod meeting;
mod minutes;
#[cfg(feature = "ssr")]
mod record;
pub mod room;
mod schedule;
mod session;
pub mod votes;

pub use admin::{render_admin, DelegationRow, UserRow};
#[cfg(feature = "ssr")]
pub use audit::{render_audit, AuditFilter, AuditRow};
pub use document::{
    render_document, DocumentPage, DocumentView, RelatedRow, SponsorsView, VersionRow,
};
pub use journal::{render_journal, JournalOptions, JournalPage, JournalRow};
pub use library::{render_library, render_new_document, FoundRow, LibraryQuery, UploadSpec};
pub use meeting::{
    render_meeting, DocumentRow, MeetingPage, MeetingView, RecordingLine, StatementLine, VoteLine,
};
pub use minutes::{
    render_minutes, render_minutes_editor, EditorSpec, MinutesPage, ReaderZone, RevisionRow,
    VersionLink,
};
#[cfg(feature = "ssr")]
pub use record::{render_record, Audience as RecordAudience, Detail as RecordDetail, RecordRow};
pub use room::{render_room, RoomPage};
pub use schedule::{render_meeting_edit, render_schedule, Catalogue, MeetingValues, ScheduledRow};
pub use session::{
    render_account, render_code_page, render_sign_in, render_two_factor, CodeError, SignInError,
    SignInMethods, TwoFactorView,
};
#[cfg(feature = "ssr")]
pub use votes::render_vote;

/// The browser part's entry: the islands' runtime. `boot.js` calls it, then
/// each island's own entry.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

/// Where the server serves the browser part (`boot.js`, `plenary.js`, `plenary_bg.wasm`).
pub const BROWSER_PATH: &str = "/pkg";

use leptos::prelude::*;

/// Where the server serves [`STYLESHEET`] (a file of its own: the hub's
/// Content-Security-Policy allows no inline style).
pub const STYLESHEET_PATH: &str = "/assets/plenary.css";

/// Styles shared by the pages: logical properties only (`margin-inline`,
/// `text-align: start`), so the Arabic pages mirror without a rule of their own.
pub const STYLESHEET: &str = "[hidden]{display:none!important}body{font-family:system-ui,'Noto Sans','DejaVu Sans',sans-serif;margin:0;color:#1b1b1b;line-height:1.5}\
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem}\
a.button{display:inline-block;padding:.5rem 1rem;border:1px solid #0b3d6e;border-radius:.25rem;background:#0b3d6e;color:#fff;text-decoration:none}a.button:focus{outline:3px solid #f0b400}\
header,main{padding-inline:1.5rem;max-width:60rem;margin-inline:auto}main.wide{max-width:96rem}\
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}\
table{border-collapse:collapse;width:100%}th,td{text-align:start;padding:.5rem;border-block-end:1px solid #ccc;vertical-align:top}\
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}\
button{font:inherit;padding:.3rem .7rem;margin-inline-end:.3rem;border:1px solid #767676;border-radius:4px;background:#f4f4f4;cursor:pointer}\
button[aria-pressed=false]{background:#fff;text-decoration:line-through}\
.error,.notice:not(:empty){color:#a4000f}\
.room{max-width:none;padding-block-end:1rem}\
.room-head{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem 1rem}.room-head h1{font-size:1.4rem;margin:.3rem 0}\
.room-head p{margin:0}.status-badge{padding:.05rem .7rem;border-radius:1rem;background:#e7e7e7}\
.status-badge[data-status=in_progress]{background:#0b6e3d;color:#fff}.status-badge[data-status=suspended]{background:#8a4b00;color:#fff}\
.help-button{margin-inline-start:auto;display:inline-flex;align-items:center;gap:.4rem}\
.visually-hidden,.announcer{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
.room-body{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr) minmax(18rem,26rem);align-items:start;margin-block-start:.5rem}\
@media (max-width:62rem){.room-body{grid-template-columns:1fr}}\
.stage{background:#101418;color:#f2f2f2;border-radius:8px;padding:.8rem;display:flex;flex-direction:column;gap:.8rem}\
.stage button{background:#2a3138;color:#f2f2f2;border-color:#6b7682}.stage button[aria-pressed=false]{background:#5c1f27}\
.stage select,.stage input{background:#fff;color:#1b1b1b}.stage button.screen[aria-pressed=false]{background:#2a3138;text-decoration:none}\
.floor-card{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;background:#1d252d;border-radius:6px;padding:.4rem 1rem}\
.holder{font-size:1.25rem}.holder-delegation,.holder-kind{margin-inline-start:.5rem;padding:0 .5rem;border-radius:4px;background:#3a4754;font-size:1rem}\
.strip{flex-basis:100%;display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;margin:0;padding:0}\
.strip li{background:#2a3138;border-radius:4px;padding:.05rem .6rem}.strip-role{color:#c9d1d9}\
.countdown{font-size:2.2rem;font-variant-numeric:tabular-nums;margin:0}.countdown.ending{color:#ffd166}.countdown.over{color:#ff8a8a}\
.grid{display:grid;gap:.5rem;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr))}\
.tile{margin:0;position:relative;background:#222;border-radius:6px;overflow:hidden;border:3px solid transparent}\
.tile.on-floor{grid-column:1/-1;order:-1}.tile.unshown video{visibility:hidden}.tile.unshown figcaption{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;font-size:1.25rem}.tile.speaking{border-color:#f0b400}.tile video{width:100%;display:block;aspect-ratio:16/9;object-fit:cover}\
.tile.self video{transform:scaleX(-1)}\
.tile figcaption{position:absolute;inset-block-end:0;inset-inline-start:0;background:rgba(0,0,0,.6);color:#fff;padding:.1rem .5rem}\
.control-bar{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:center}\
.control-bar button{display:inline-flex;align-items:center;gap:.4rem;padding:.45rem .9rem;border-radius:2rem;margin:0}\
.icon{width:1.2rem;height:1.2rem;fill:currentColor;flex:none}\
.desk{background:#eef2f6;color:#1b1b1b;border-radius:6px;padding:.3rem 1rem}.desk h2{font-size:1.05rem;margin:.3rem 0}\
.desk button{background:#fff;color:#1b1b1b;border-color:#767676}.desk-row{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-block:.3rem}\
.panel{border:1px solid #c4c4c4;border-radius:8px;padding:.3rem .8rem;max-height:calc(100vh - 7rem);overflow-y:auto}\
.tabs{display:flex;gap:.2rem;border-block-end:1px solid #c4c4c4}\
.tabs [role=tab]{border:none;border-block-end:3px solid transparent;background:none;border-radius:0;margin:0}\
.tabs [role=tab][aria-selected=true]{border-block-end-color:#0b5cad;font-weight:bold}\
.panel h2{font-size:1.1rem}.list-rule{color:#444;font-size:.9rem}.speakers li{padding-block:.15rem}\
.line-controls{margin-inline-start:.4rem}.line-controls button{padding:0 .4rem;margin-inline-end:.15rem}\
.insert-speaker,.list-controls,.actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-block:.5rem}\
.insert-speaker input{inline-size:4rem}\
.participants li.hand::marker{content:'✋ '}.participants li.speaking{font-weight:bold}\
.chat ol{max-height:20rem;overflow-y:auto;padding-inline-start:1.2rem}.chat li.private{background:#fff3d6}\
.voting{background:#fff;color:#1b1b1b;border:3px solid #0b5cad;border-radius:8px;padding:.6rem 1rem}.voting h2{margin-block:0 .3rem;font-size:1.2rem}\
.vote-buttons{display:flex;flex-wrap:wrap;gap:.6rem;margin-block:.5rem}\
.stage .voting button{background:#fff;color:#1b1b1b;border:2px solid #1b1b1b;text-decoration:none}\
.voting .vote-choice{font-size:1.25rem;font-weight:600;min-inline-size:8rem;min-block-size:3rem;padding:.5rem 1.2rem;margin:0}\
.stage .voting .vote-choice[aria-pressed=true]{background:#0b5cad;color:#fff;border-color:#0b5cad}.voting .vote-choice[aria-pressed=true]::before{content:'✓ '}\
.vote-confirmation{font-weight:600}.vote-calling{font-size:1.1rem;font-weight:600}.ballot label.candidate{display:block;padding-block:.25rem}\
.vote-outcome{font-size:1.15rem}.vote-totals th{text-align:start;padding-inline-end:1.5rem;font-weight:normal}.vote-names dt{font-weight:600}.vote-names dd{margin:0 0 .4rem}\
table.record tr.private{background:#fff3d6}.chat form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}.chat input{flex:1;min-inline-size:10rem}\
.shortcuts{position:fixed;inset-block-start:4rem;inset-inline-end:2rem;background:#fff;color:#1b1b1b;border:2px solid #0b5cad;border-radius:8px;padding:.5rem 1rem;z-index:10}\
.shortcuts dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}.shortcuts dd{margin:0}\
.link[data-link=reconnecting]{color:#a4000f;font-weight:bold}\
nav.account{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.5rem 1.5rem;background:#0b3d6e;color:#fff}\
nav.account a{color:#fff}nav.account form{display:flex;gap:.5rem;align-items:center;margin:0}\
nav.account ul.places{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}\
.field{display:flex;flex-direction:column;gap:.2rem;max-width:36rem}.field input,.field select,.field textarea{font:inherit;padding:.3rem}\
.hint{color:#555}.columns{display:grid;gap:2rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}\
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}.snippet{margin:.2rem 0;color:#333}\
progress{inline-size:12rem;vertical-align:middle}tr.disabled{color:#767676}\
.editor{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr))}.editor textarea{inline-size:100%;font-family:ui-monospace,monospace}\
.write{display:flex;flex-direction:column}.preview{border:1px solid #ccc;padding:0 1rem}.saving[data-saving=stale],.saving[data-saving=failed]{color:#a4000f}\
.theirs pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}.device-check{display:flex;flex-wrap:wrap;gap:1rem;align-items:end}\
.device-check video{inline-size:16rem;aspect-ratio:16/9;background:#222;transform:scaleX(-1)}\
.join{display:inline-block;margin-block:.5rem;padding:.5rem 1rem;background:#0b5cad;color:#fff;border-radius:4px;text-decoration:none}";

/// Who reads a page, for the bar at its top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    /// Not signed in; `here` is the page's path, to come back to after signing in.
    Visitor { here: String },
    /// Signed in; the sign-out form carries the session's CSRF token; the
    /// role decides which working pages the bar links to.
    Member {
        name: String,
        csrf_token: String,
        role: plenary_protocol::api::Role,
    },
}

/// The bar above every page: the Journal, and signing in or out.
fn account_bar(lang: plenary_protocol::api::Language, account: &Account) -> String {
    use labels::{l, Label};
    use plenary_protocol::api::Role;
    use room::words::{w, Word};
    let account = account.clone();
    let q = format!("?lang={}", lang.as_str());
    let role = match &account {
        Account::Member { role, .. } => Some(*role),
        Account::Visitor { .. } => None,
    };
    let mut links = vec![
        (format!("/journal{q}"), i18n::t(lang, i18n::Phrase::Journal)),
        (format!("/documents{q}"), l(lang, Label::Library)),
    ];
    if role.is_some_and(|r| Role::SCHEDULERS.contains(&r)) {
        links.push((format!("/schedule{q}"), l(lang, Label::Schedule)));
    }
    if role.is_some_and(|r| Role::ADMINISTRATORS.contains(&r)) {
        links.push((format!("/admin{q}"), l(lang, Label::Administration)));
    }
    Owner::new().with(|| {
        let right = match account {
            Account::Visitor { here } => {
                let href = format!("/sign-in?lang={}&next={}", lang.as_str(), url_component(&here));
                view! { <a href=href class="sign-in-link">{w(lang, Word::SignIn)}</a> }.into_any()
            }
            Account::Member { name, csrf_token, .. } => view! {
                <form method="post" action="/sign-out" class="sign-out">
                    <a class="who" href=format!("/account{q}")>{name}</a>
                    <input type="hidden" name="csrf_token" value=csrf_token />
                    <button type="submit">{w(lang, Word::SignOut)}</button>
                </form>
            }
            .into_any(),
        };
        view! {
            <nav class="account" aria-label=w(lang, Word::Account)>
                <ul class="places">
                    {links.into_iter().map(|(href, text)| view! { <li><a href=href>{text}</a></li> }).collect_view()}
                </ul>
                {right}
            </nav>
        }
        .to_html()
    })
}

/// Percent-encodes a query value.
pub fn url_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A whole HTML document around a rendered page body.
fn page_shell(
    lang: plenary_protocol::api::Language,
    title: &str,
    account: &Account,
    body: &str,
) -> String {
    page(lang, title, account, body, false)
}

/// A whole HTML document; `interactive` loads the browser part, which
/// hydrates the page's islands.
fn page(
    lang: plenary_protocol::api::Language,
    title: &str,
    account: &Account,
    body: &str,
    interactive: bool,
) -> String {
    document(lang, title, account, body, interactive.then_some(""))
}

/// A whole HTML document loading the browser build under `build` of
/// [`BROWSER_PATH`] (`""` the pages' islands, `"/room"` the meeting room's).
fn document(
    lang: plenary_protocol::api::Language,
    title: &str,
    account: &Account,
    body: &str,
    build: Option<&str>,
) -> String {
    let body = format!("{}{body}", account_bar(lang, account));
    let script = match build {
        Some(build) => {
            format!("<script type=\"module\" src=\"{BROWSER_PATH}{build}/boot.js\"></script>")
        }
        None => String::new(),
    };
    format!(
        "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\">{script}</head><body>{body}</body></html>",
        lang.as_str(),
        i18n::direction(lang),
        escape(title),
    )
}

/// A text area's initial content, as markup. Leptos writes a `<textarea>`'s
/// children unescaped (they are raw text to it), so a text holding
/// `</textarea>` would end the field and the rest would be read as the page's
/// own HTML. Passed as `inner_html`, escaped here; the browser's RCDATA
/// parsing turns the entities back into the text, and hydration leaves it.
pub fn rcdata(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
