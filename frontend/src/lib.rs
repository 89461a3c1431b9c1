//! Plenary's pages as Leptos components. The server renders them to HTML
//! (SSR), so the pages that only show information read without JavaScript;
//! hydration in the browser comes with the meeting room.
//!
//! Architecture invariant: no I/O and no access to the server's stores. The
//! server hands each page the data it shows (built from `plenary-protocol`
//! types); this crate depends on nothing else of Plenary's.

mod document;
pub mod i18n;
mod journal;
mod meeting;

pub use document::{render_document, DocumentPage, DocumentView, VersionRow};
pub use journal::{render_journal, JournalPage, JournalRow};
pub use meeting::{render_meeting, DocumentRow, MeetingPage, MeetingView};

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
    format!(
        "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\"></head><body>{body}</body></html>",
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
