//! The document library: search with filters (a plain GET form, so it works
//! without JavaScript), a new document's form, and the upload of a language
//! version's file with a progress bar (an island: the browser's upload
//! progress events drive it).

use crate::forms::{ApiForm, Field, FormSpec, Kind};
use crate::i18n::{self, Phrase};
use crate::labels::{self, l, Label};
use leptos::prelude::*;
use plenary_protocol::api::{Distribution, Language};
use serde::{Deserialize, Serialize};

/// The library's filters as the reader set them (echoed into the form).
#[derive(Debug, Clone, Default)]
pub struct LibraryQuery {
    pub q: String,
    pub language: Option<Language>,
    pub distribution: Option<Distribution>,
    pub from: String,
    pub until: String,
}

/// One document found.
#[derive(Debug, Clone)]
pub struct FoundRow {
    pub id: String,
    pub symbol: String,
    pub title: String,
    pub distribution: Distribution,
    pub issued: Vec<Language>,
    /// HTML-escaped passage with the words found in `<b>` (from the search index).
    pub snippet_html: Option<String>,
}

pub fn render_library(
    lang: Language,
    account: &crate::Account,
    query: LibraryQuery,
    total: u64,
    found: Vec<FoundRow>,
    may_issue: bool,
    feed: Option<FormSpec>,
) -> String {
    let interactive = feed.is_some();
    let q = format!("?lang={}", lang.as_str());
    let body = Owner::new().with(|| {
        let language_options = Language::ALL
            .iter()
            .map(|x| view! { <option value=x.as_str() selected=query.language == Some(*x)>{i18n::endonym(*x)}</option> })
            .collect_view();
        let distribution_options = [Distribution::General, Distribution::Limited, Distribution::Restricted]
            .iter()
            .map(|d| view! { <option value=d.as_str() selected=query.distribution == Some(*d)>{labels::distribution(lang, *d)}</option> })
            .collect_view();
        let results = if found.is_empty() {
            view! { <p class="found">{l(lang, Label::NothingFound)}</p> }.into_any()
        } else {
            let rows = found
                .into_iter()
                .map(|d| {
                    let issued = d.issued.iter().map(|x| x.as_str().to_uppercase()).collect::<Vec<_>>().join(" ");
                    let snippet = d.snippet_html.map(|s| view! { <p class="snippet" inner_html=s></p> });
                    view! {
                        <li>
                            <a href=format!("/documents/{}{q}", d.id)><span lang="en" dir="ltr">{d.symbol}</span></a>
                            {format!(" — {} ", d.title)}
                            <small>{format!("({}; {issued})", labels::distribution(lang, d.distribution))}</small>
                            {snippet}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="found" role="status">{crate::i18n::format(lang, "found-count", &[("count", i64::try_from(total).unwrap_or(i64::MAX))])}</p>
                <ol class="results">{rows}</ol>
            }
            .into_any()
        };
        let feed = feed.map(|spec| view! {
            <section aria-labelledby="feed-heading">
                <h2 id="feed-heading">{l(lang, Label::DocumentsFeed)}</h2>
                <p class="hint">{l(lang, Label::DocumentsFeedHint)}</p>
                <ApiForm spec=spec />
            </section>
        });
        let new = may_issue.then(|| view! {
            <p><a class="join" href=format!("/documents/new{q}")>{l(lang, Label::NewDocument)}</a></p>
        });
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <main id="main">
                <h1>{l(lang, Label::Library)}</h1>
                {new}
                <form method="get" action="/documents" role="search" class="filters">
                    <input type="hidden" name="lang" value=lang.as_str() />
                    <p class="field">
                        <label for="q">{l(lang, Label::SearchWords)}</label>
                        <input id="q" name="q" type="search" value=query.q.clone() maxlength="500" />
                    </p>
                    <p class="field">
                        <label for="language">{l(lang, Label::Language)}</label>
                        <select id="language" name="language">
                            <option value="">{l(lang, Label::AnyLanguage)}</option>
                            {language_options}
                        </select>
                    </p>
                    <p class="field">
                        <label for="distribution">{l(lang, Label::Distribution)}</label>
                        <select id="distribution" name="distribution">
                            <option value="">{l(lang, Label::AnyDistribution)}</option>
                            {distribution_options}
                        </select>
                    </p>
                    <p class="field">
                        <label for="from">{l(lang, Label::From)}</label>
                        <input id="from" name="from" type="date" value=query.from.clone() />
                    </p>
                    <p class="field">
                        <label for="until">{l(lang, Label::Until)}</label>
                        <input id="until" name="until" type="date" value=query.until.clone() />
                    </p>
                    <p><button type="submit">{l(lang, Label::Search)}</button></p>
                </form>
                <section aria-label=l(lang, Label::Found)>{results}</section>
                {feed}
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::Library), account, &body, interactive)
}

/// The new document's form; on success the document's page, where its files are uploaded.
pub fn render_new_document(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    meetings: Vec<(String, String)>,
    delegations: Vec<(String, String)>,
) -> String {
    let distributions = [
        Distribution::General,
        Distribution::Limited,
        Distribution::Restricted,
    ]
    .iter()
    .map(|d| {
        (
            d.as_str().to_string(),
            labels::distribution(lang, *d).to_string(),
        )
    })
    .collect();
    let mut meeting_choices = vec![(String::new(), l(lang, Label::NoMeeting).to_string())];
    meeting_choices.extend(meetings);
    let create = l(lang, Label::Create);
    let spec = FormSpec::new(
        "new-document",
        "POST",
        "/api/v1/documents",
        create,
        csrf,
        lang,
    )
    .then(format!("/documents/{{id}}?lang={}", lang.as_str()))
    .fields(
        vec![
            Field::new("symbol", l(lang, Label::Symbol), Kind::Text)
                .required()
                .hint("A/C.2/81/L.12/Rev.1"),
            Field::new("title", l(lang, Label::Title), Kind::Text).required(),
        ]
        .into_iter()
        .chain(crate::forms::title_fields(
            lang,
            "titles",
            Label::Title,
            None,
        ))
        .chain([
            Field::new(
                "distribution",
                l(lang, Label::Distribution),
                Kind::Choice(distributions),
            )
            .value("general"),
            Field::new(
                "meeting_id",
                l(lang, Label::Meeting),
                Kind::Choice(meeting_choices),
            ),
            Field::new("agenda_position", l(lang, Label::AgendaItem), Kind::Number)
                .hint("0, 1, 2…"),
            Field::new(
                "restricted_to",
                l(lang, Label::RestrictedTo),
                Kind::Several(delegations),
            ),
        ])
        .collect(),
    );
    let body = Owner::new().with(|| {
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <main id="main">
                <p><a href=format!("/documents?lang={}", lang.as_str())>{l(lang, Label::Library)}</a></p>
                <h1>{l(lang, Label::NewDocument)}</h1>
                <ApiForm spec=spec />
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::NewDocument), account, &body, true)
}

/// What the upload island needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadSpec {
    /// Where the file goes: the language's code is added to this path
    /// (a document's files, or a meeting's statements).
    pub action: String,
    pub csrf: String,
    pub lang: Language,
    /// The language preselected (the first without a file).
    pub language: Language,
}

/// Uploads a file as one language version, showing its progress.
// Not in the meeting room's build (`room`), which carries the room's island only.
#[cfg_attr(not(feature = "room"), leptos::island)]
#[cfg_attr(feature = "room", leptos::component)]
pub fn Upload(spec: UploadSpec) -> impl IntoView {
    let lang = spec.lang;
    // Bytes sent and total, from the browser's progress events.
    let progress = RwSignal::new((0f64, 0f64));
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let stored = StoredValue::new(spec.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            {
                upload::start(stored.get_value(), form, progress, problem, busy, done);
            }
        }
    };
    let options = Language::ALL
        .iter()
        .map(|x| view! { <option value=x.as_str() selected=*x == spec.language>{i18n::endonym(*x)}</option> })
        .collect_view();
    let percent = move || {
        let (sent, total) = progress.get();
        if total > 0.0 {
            (sent / total * 100.0).round()
        } else {
            0.0
        }
    };
    view! {
        <form class="upload" id="upload" on:submit=on_submit>
            <p class="error" role="alert" id="upload-problem">{move || problem.get()}</p>
            <p class="field">
                <label for="upload-language">{l(lang, Label::Language)}</label>
                <select id="upload-language" name="language">{options}</select>
            </p>
            <p class="field">
                <label for="upload-file">{l(lang, Label::File)}</label>
                <input id="upload-file" name="file" type="file" required />
            </p>
            <p>
                <button type="submit" disabled=move || busy.get()>{l(lang, Label::Upload)}</button>
                <progress id="upload-progress" max="100" value=move || percent().to_string()
                    aria-label=l(lang, Label::UploadProgress)>{move || format!("{}%", percent())}</progress>
                <span role="status" id="upload-status">
                    {move || if done.get() { l(lang, Label::Uploaded).to_string() }
                        else if busy.get() { format!("{}%", percent()) } else { String::new() }}
                </span>
            </p>
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod upload {
    use super::UploadSpec;
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{
        HtmlFormElement, HtmlInputElement, HtmlSelectElement, ProgressEvent, XmlHttpRequest,
    };

    /// Sends the chosen file with `XMLHttpRequest`: unlike `fetch`, it
    /// reports the upload's progress. The body streams from the file.
    pub fn start(
        spec: UploadSpec,
        form: HtmlFormElement,
        progress: RwSignal<(f64, f64)>,
        problem: RwSignal<String>,
        busy: RwSignal<bool>,
        done: RwSignal<bool>,
    ) {
        let field = |name: &str| form.elements().named_item(name);
        let language = field("language")
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        let Some(file) = field("file")
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        let url = format!(
            "{}/{language}?filename={}",
            spec.action,
            crate::url_component(&file.name())
        );
        let started = (|| {
            let xhr = XmlHttpRequest::new()?;
            xhr.open_with_async("PUT", &url, true)?;
            xhr.set_request_header("X-CSRF-Token", &spec.csrf)?;
            xhr.set_request_header("Content-Type", "application/octet-stream")?;
            xhr.set_request_header("Accept", "application/json")?;
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if e.length_computable() {
                    progress.set((e.loaded(), e.total()));
                }
            });
            xhr.upload()?
                .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
            let answered = xhr.clone();
            let on_end = Closure::<dyn FnMut()>::new(move || {
                busy.set(false);
                let status = answered.status().unwrap_or(0);
                if (200..300).contains(&status) {
                    done.set(true);
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                } else {
                    let text = answered.response_text().ok().flatten().unwrap_or_default();
                    let p = crate::fetch::problem(status, &text);
                    let mut why = p.detail.unwrap_or(p.title);
                    for e in p.errors {
                        why.push_str(&format!(" {}: {}.", e.field, e.message));
                    }
                    problem.set(why);
                }
            });
            xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
            on_end.forget();
            xhr.send_with_opt_blob(Some(&file))?;
            Ok::<(), JsValue>(())
        })();
        match started {
            Ok(()) => {
                problem.set(String::new());
                done.set(false);
                progress.set((0.0, file.size()));
                busy.set(true);
            }
            Err(e) => problem.set(format!("{e:?}")),
        }
    }
}
