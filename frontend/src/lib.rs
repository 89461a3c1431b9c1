//! Plenary's pages as Leptos components. The server renders them to HTML
//! (SSR), so the pages that only show information read without JavaScript.
//! The interactive parts are islands (the meeting room): the same components,
//! built to wasm with the `hydrate` feature, come to life in the browser.
//!
//! Architecture invariant: no I/O and no access to the server's stores. The
//! server hands each page the data it shows (built from `plenary-protocol`
//! types); this crate depends on nothing else of Plenary's.

mod admin;
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
pub mod room;
mod schedule;
mod session;

pub use admin::{render_admin, DelegationRow, UserRow};
pub use document::{render_document, DocumentPage, DocumentView, VersionRow};
pub use journal::{render_journal, JournalOptions, JournalPage, JournalRow};
pub use library::{render_library, render_new_document, FoundRow, LibraryQuery, UploadSpec};
pub use meeting::{render_meeting, DocumentRow, MeetingPage, MeetingView};
pub use minutes::{
    render_minutes, render_minutes_editor, EditorSpec, MinutesPage, RevisionRow, VersionLink,
};
pub use room::render_room;
pub use schedule::{render_meeting_edit, render_schedule, Catalogue, MeetingValues, ScheduledRow};
pub use session::{render_sign_in, SignInError};

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
pub const STYLESHEET: &str = "body{font-family:system-ui,'Noto Sans','DejaVu Sans',sans-serif;margin:0;color:#1b1b1b;line-height:1.5}\
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem}\
header,main{padding-inline:1.5rem;max-width:60rem;margin-inline:auto}\
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}\
table{border-collapse:collapse;width:100%}th,td{text-align:start;padding:.5rem;border-block-end:1px solid #ccc;vertical-align:top}\
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}\
button{font:inherit;padding:.3rem .7rem;margin-inline-end:.3rem;border:1px solid #767676;border-radius:4px;background:#f4f4f4;cursor:pointer}\
button[aria-pressed=false]{background:#fff;text-decoration:line-through}\
.error,.notice:not(:empty){color:#a4000f}\
.room{max-width:none}.stage{display:grid;gap:1rem 2rem;grid-template-columns:minmax(0,3fr) minmax(16rem,1fr)}\
.stage .media{grid-row:span 3}@media (max-width:50rem){.stage{grid-template-columns:1fr}}\
.grid{display:grid;gap:.5rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}\
.tile{margin:0;position:relative;background:#222;border-radius:6px;overflow:hidden;border:3px solid transparent}\
.tile.speaking{border-color:#f0b400}.tile video{width:100%;display:block;aspect-ratio:16/9;object-fit:cover}\
.tile.self video{transform:scaleX(-1)}\
.tile figcaption{position:absolute;inset-block-end:0;inset-inline-start:0;background:rgba(0,0,0,.6);color:#fff;padding:.1rem .5rem}\
.countdown{font-size:2rem;font-variant-numeric:tabular-nums;margin:.2rem 0}.countdown.over{color:#a4000f}\
.participants li.hand::marker{content:'✋ '}.participants li.speaking{font-weight:bold}\
.chat ol{max-height:16rem;overflow-y:auto;padding-inline-start:1.2rem}\
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
                    <span class="who">{name}</span>
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
    let body = format!("{}{body}", account_bar(lang, account));
    let script = if interactive {
        format!("<script type=\"module\" src=\"{BROWSER_PATH}/boot.js\"></script>")
    } else {
        String::new()
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
