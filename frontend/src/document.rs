//! A document's page: its symbol and title, its distribution, and each of
//! the six language versions with its status and file.

use crate::i18n::{self, Phrase};
use leptos::prelude::*;
use plenary_protocol::api::{Language, SponsorAct};

/// One language version as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    pub language: Language,
    /// Where to download the current file, with its size in bytes, when issued.
    pub file: Option<(String, u64)>,
    /// The files it had before, newest first: where each is, its size and
    /// when it was uploaded (UTC, as written on the page).
    pub earlier: Vec<(String, u64, String)>,
}

/// A document related by lineage, as the page links it.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedRow {
    pub href: String,
    pub symbol: String,
    pub title: String,
    /// `revision`, `addendum` or `corrigendum`.
    pub relation: String,
    /// The document this one revises, adds to or corrects (else one that
    /// does so to this one).
    pub parent: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentView {
    pub symbol: String,
    pub title: String,
    /// `general`, `limited` or `restricted`.
    pub distribution: String,
    pub withdrawn: bool,
    /// In the order of `Language::ALL`.
    pub versions: Vec<VersionRow>,
    /// The document it revises, adds to or corrects, then those that do so to it.
    pub related: Vec<RelatedRow>,
    /// For those who issue documents: the upload of a language version's file.
    pub upload: Option<crate::library::UploadSpec>,
    /// A draft resolution's sponsors.
    pub sponsors: Option<SponsorsView>,
}

/// A draft's sponsors as the page shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct SponsorsView {
    pub open: bool,
    /// Delegations' names, in the list's order.
    pub main: Vec<String>,
    pub co: Vec<String>,
    /// Oldest first: when (UTC, as written), the delegation's name (empty
    /// for the closing), what, and who (for staff).
    pub history: Vec<(String, String, SponsorAct, Option<String>)>,
    /// The draft's Atom feed of changes.
    pub feed: String,
    /// What the reader may do: join or leave, name a main sponsor, close.
    pub forms: Vec<crate::forms::FormSpec>,
}

impl DocumentView {
    /// Whether the page has forms (and so its browser part).
    pub fn interactive(&self) -> bool {
        self.upload.is_some() || self.sponsors.as_ref().is_some_and(|s| !s.forms.is_empty())
    }
}

/// A size as people read it (KB and MB in powers of 1024).
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{} KB", b.div_ceil(1 << 10)),
        b => format!("{b} B"),
    }
}

#[component]
pub fn DocumentPage(lang: Language, document: DocumentView) -> impl IntoView {
    let l = lang;
    let rows = document
        .versions
        .into_iter()
        .map(|v| {
            let cell = match v.file {
                Some((href, bytes)) => view! {
                    <td>
                        {i18n::t(l, Phrase::Issued)}" · "
                        <a href=href hreflang=v.language.as_str()>{format!("{} ({})", i18n::endonym(v.language), size(bytes))}</a>
                    </td>
                }
                .into_any(),
                None => view! { <td>{i18n::t(l, Phrase::AwaitingTranslation)}</td> }.into_any(),
            };
            let earlier = (!v.earlier.is_empty()).then(|| {
                let files = v
                    .earlier
                    .into_iter()
                    .map(|(href, bytes, at)| {
                        view! { <li><a href=href hreflang=v.language.as_str()>{format!("{at} ({})", size(bytes))}</a></li> }
                    })
                    .collect_view();
                view! {
                    <td>
                        <details class="history">
                            <summary>{crate::labels::l(l, crate::labels::Label::History)}</summary>
                            <ol>{files}</ol>
                        </details>
                    </td>
                }
            });
            view! {
                <tr>
                    <th scope="row" lang=v.language.as_str()>{i18n::endonym(v.language)}</th>
                    {cell}
                    {earlier}
                </tr>
            }
        })
        .collect_view();
    let withdrawn = document
        .withdrawn
        .then(|| view! { <p role="status"><strong>{i18n::t(l, Phrase::Withdrawn)}</strong></p> });
    let related = (!document.related.is_empty()).then(|| {
        use crate::labels::{l as label, Label};
        let items = document
            .related
            .into_iter()
            .map(|r| {
                let how = match (r.parent, r.relation.as_str()) {
                    (true, "revision") => Label::RevisionOf,
                    (true, "addendum") => Label::AddendumTo,
                    (true, _) => Label::CorrigendumTo,
                    (false, "revision") => Label::RevisionLabel,
                    (false, "addendum") => Label::AddendumLabel,
                    (false, _) => Label::CorrigendumLabel,
                };
                view! {
                    <li>
                        {label(l, how)}": "
                        <a href=r.href><span lang="en" dir="ltr">{r.symbol}</span></a>
                        " — "{r.title}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="related-title">
                <h2 id="related-title">{label(l, Label::RelatedDocuments)}</h2>
                <ul class="lineage">{items}</ul>
            </section>
        }
    });
    let sponsors = document.sponsors.map(|s| sponsors_section(l, s));
    let upload = document.upload.map(|spec| {
        view! {
            <section aria-labelledby="upload-title">
                <h2 id="upload-title">{crate::labels::l(l, crate::labels::Label::AddVersion)}</h2>
                <crate::library::Upload spec=spec />
            </section>
        }
    });
    view! {
        <a class="skip" href="#main">{i18n::t(l, Phrase::SkipToContent)}</a>
        <header>
            <p><a href="/journal">{i18n::t(l, Phrase::Journal)}</a></p>
            <h1><span lang="en" dir="ltr">{document.symbol}</span></h1>
            <p>{document.title}</p>
        </header>
        <main id="main">
            {withdrawn}
            <p>{format!("{}: {}", i18n::t(l, Phrase::Distribution), document.distribution)}</p>
            <table>
                <caption>{i18n::t(l, Phrase::Languages)}</caption>
                <tbody>{rows}</tbody>
            </table>
            {related}
            {sponsors}
            {upload}
        </main>
    }
}

fn sponsors_section(l: Language, s: SponsorsView) -> impl IntoView {
    use crate::labels::{l as label, sponsor_act, Label};
    let names = |names: Vec<String>, id: &'static str| {
        if names.is_empty() {
            view! { <p id=id>{label(l, Label::NoSponsorsYet)}</p> }.into_any()
        } else {
            let items = names
                .into_iter()
                .map(|n| view! { <li>{n}</li> })
                .collect_view();
            view! { <ul id=id>{items}</ul> }.into_any()
        }
    };
    let state = if s.open {
        label(l, Label::SponsorsOpen)
    } else {
        label(l, Label::SponsorsClosed)
    };
    let history = (!s.history.is_empty()).then(|| {
        let rows = s
            .history
            .into_iter()
            .map(|(at, delegation, act, by)| {
                view! { <li>{at}" — "{delegation}" "{sponsor_act(l, act)}{by.map(|b| format!(" ({b})"))}</li> }
            })
            .collect_view();
        view! {
            <details class="history">
                <summary>{label(l, Label::History)}</summary>
                <ol id="sponsors-history">{rows}</ol>
            </details>
        }
    });
    let forms = s
        .forms
        .into_iter()
        .map(|spec| view! { <crate::forms::ApiForm spec=spec /> })
        .collect_view();
    view! {
        <section aria-labelledby="sponsors-title">
            <h2 id="sponsors-title">{label(l, Label::Sponsors)}</h2>
            <p role="status" id="sponsors-state">{state}</p>
            <h3>{label(l, Label::MainSponsors)}</h3>
            {names(s.main, "main-sponsors")}
            <h3>{label(l, Label::CoSponsors)}</h3>
            {names(s.co, "co-sponsors")}
            {history}
            {forms}
            <p><a href=s.feed type="application/atom+xml">{label(l, Label::SponsorsFeed)}</a></p>
        </section>
    }
}

/// A document's page as a whole HTML document.
pub fn render_document(lang: Language, account: &crate::Account, document: DocumentView) -> String {
    let title = format!("{} — {}", document.symbol, document.title);
    let interactive = document.interactive();
    let body =
        Owner::new().with(|| view! { <DocumentPage lang=lang document=document /> }.to_html());
    crate::page(lang, &title, account, &body, interactive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1500), "2 KB");
        assert_eq!(size(3 << 20), "3.0 MB");
    }
}
