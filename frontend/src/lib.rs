//! Plenary's pages as Leptos components. The server renders them to HTML
//! (SSR), so the pages that only show information read without JavaScript.
//! The interactive parts are islands (the meeting room): the same components,
//! built to wasm with the `hydrate` feature, come to life in the browser.
//!
//! Architecture invariant: no I/O and no access to the server's stores. The
//! server hands each page the data it shows (built from `plenary-protocol`
//! types); this crate depends on nothing else of Plenary's.

mod document;
pub mod i18n;
mod journal;
mod meeting;
pub mod room;
mod session;

pub use document::{render_document, DocumentPage, DocumentView, VersionRow};
pub use journal::{render_journal, JournalPage, JournalRow};
pub use meeting::{render_meeting, DocumentRow, MeetingPage, MeetingView};
pub use room::render_room;
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
a:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}";

/// A whole HTML document around a rendered page body.
fn document(lang: plenary_protocol::api::Language, title: &str, body: &str) -> String {
    page(lang, title, body, false)
}

/// A whole HTML document; `interactive` loads the browser part, which
/// hydrates the page's islands.
fn page(
    lang: plenary_protocol::api::Language,
    title: &str,
    body: &str,
    interactive: bool,
) -> String {
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
