//! Minutes: the published text as a page (readable without JavaScript),
//! and the secretariat's editor, an island: Markdown with a preview the
//! server sanitises, autosave, the review and publish steps, and the
//! revision history. A stale save keeps both texts so nothing is lost.

use crate::forms::{ApiForm, Field, FormSpec, Kind};
use crate::i18n::{self, Phrase};
use crate::labels::{self, l, Label};
use leptos::prelude::*;
use plenary_protocol::api::{Language, MinutesState};
use serde::{Deserialize, Serialize};

/// A published version, for the reading page.
#[derive(Debug, Clone)]
pub struct VersionLink {
    pub version: u32,
    pub symbol: String,
    pub published: String,
    /// Where its PDF, HTML and Markdown files are.
    pub files: Vec<(&'static str, String)>,
}

/// The reading page: the newest published text and every version's files.
#[derive(Debug, Clone)]
pub struct MinutesPage {
    pub meeting_id: String,
    pub meeting_title: String,
    pub symbol: Option<String>,
    pub state: Option<MinutesState>,
    pub versions: Vec<VersionLink>,
    /// The newest published text, sanitised HTML.
    pub text_html: Option<String>,
    pub text_lang: Language,
    pub may_edit: bool,
}

pub fn render_minutes(lang: Language, account: &crate::Account, page: MinutesPage) -> String {
    let q = format!("?lang={}", lang.as_str());
    let title = format!("{} — {}", l(lang, Label::Minutes), page.meeting_title);
    let body = Owner::new().with(|| {
        let edit = page.may_edit.then(|| view! {
            <p><a class="join" href=format!("/meetings/{}/minutes/edit{q}", page.meeting_id)>{l(lang, Label::EditMinutes)}</a></p>
        });
        let state = page
            .state
            .map(|s| view! { <p>{format!("{}: {}", l(lang, Label::State), labels::minutes_state(lang, s))}</p> });
        let versions = page
            .versions
            .into_iter()
            .map(|v| {
                let files = v
                    .files
                    .into_iter()
                    .map(|(name, href)| view! { " · " <a href=href>{name}</a> })
                    .collect_view();
                view! {
                    <li><span lang="en" dir="ltr">{v.symbol}</span>" — "<span dir="ltr">{v.published}</span>{files}</li>
                }
            })
            .collect_view();
        let text = match page.text_html {
            Some(html) => view! {
                <article class="minutes-text" lang=page.text_lang.as_str() dir=i18n::direction(page.text_lang) inner_html=html></article>
            }
            .into_any(),
            None => view! { <p>{l(lang, Label::NotPublished)}</p> }.into_any(),
        };
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <header>
                <p><a href=format!("/meetings/{}{q}", page.meeting_id)>{page.meeting_title.clone()}</a></p>
                <h1>{l(lang, Label::Minutes)}{page.symbol.map(|s| view! { " " <span lang="en" dir="ltr">{s}</span> })}</h1>
            </header>
            <main id="main">
                {edit}
                {state}
                <ol class="versions">{versions}</ol>
                {text}
            </main>
        }
        .to_html()
    });
    crate::page_shell(lang, &title, account, &body)
}

/// The reader's time zone as the editor shows times in it: its name, and
/// its offset from UTC when the page was made (for revisions saved while
/// the page is open; the server shows the rest in the zone itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderZone {
    pub name: String,
    pub offset_s: i32,
}

impl ReaderZone {
    /// `at` (UTC) as the reader reads it.
    pub fn show(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        let local = at + chrono::Duration::seconds(self.offset_s.into());
        format!("{} {}", local.format("%Y-%m-%d %H:%M"), self.name)
    }
}

/// One revision in the editor's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: u64,
    pub author: String,
    /// When, as the page's reader reads it.
    pub saved: String,
    pub autosave: bool,
}

/// What the editor starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorSpec {
    pub meeting: String,
    pub csrf: String,
    pub lang: Language,
    pub symbol: String,
    pub state: MinutesState,
    pub head: u64,
    pub text: String,
    /// `text` rendered and sanitised by the server, the preview's start.
    pub preview: String,
    /// The language the minutes are written in.
    pub text_lang: Language,
    /// Newest first.
    pub history: Vec<RevisionRow>,
    /// The zone the reader reads times in.
    pub zone: ReaderZone,
}

/// The editor's page, or the form that starts the minutes when there are none.
pub fn render_minutes_editor(
    lang: Language,
    account: &crate::Account,
    meeting_id: &str,
    meeting_title: &str,
    csrf: &str,
    editor: Option<EditorSpec>,
) -> String {
    let q = format!("?lang={}", lang.as_str());
    let back = format!("/meetings/{meeting_id}/minutes{q}");
    let meeting_title = meeting_title.to_string();
    let action = format!("/api/v1/meetings/{meeting_id}/minutes");
    let submit = l(lang, Label::StartMinutes);
    let start = editor.is_none().then(|| {
        FormSpec::new("start-minutes", "POST", &action, submit, csrf, lang).fields(vec![
            Field::new("symbol", l(lang, Label::Symbol), Kind::Text)
                .required()
                .hint("A/C.2/81/SR.12"),
            Field::new(
                "language",
                l(lang, Label::Language),
                Kind::Choice(
                    Language::ALL
                        .iter()
                        .map(|x| (x.as_str().to_string(), i18n::endonym(*x).to_string()))
                        .collect(),
                ),
            )
            .value(lang.as_str()),
            Field::new("from_record", l(lang, Label::FromRecord), Kind::Check).value("true"),
        ])
    });
    let body = Owner::new().with(|| {
        let inner = match (editor, start) {
            (Some(spec), _) => view! { <MinutesEditor spec=spec /> }.into_any(),
            (None, Some(start)) => {
                view! { <h2>{l(lang, Label::StartMinutes)}</h2><ApiForm spec=start /> }.into_any()
            }
            (None, None) => ().into_any(),
        };
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <main id="main" class="editor-page">
                <p><a href=back>{meeting_title}</a></p>
                <h1>{l(lang, Label::EditMinutes)}</h1>
                {inner}
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::EditMinutes), account, &body, true)
}

/// Where the editor's text stands against the server (changed by the browser part only).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Saving {
    Saved(u64),
    Unsaved,
    Busy,
    /// Someone saved a newer revision; its text, to merge from.
    Stale(String),
    Failed(String),
}

// Not in the meeting room's build (`room`), which carries the room's island only.
#[cfg_attr(not(feature = "room"), leptos::island)]
#[cfg_attr(feature = "room", leptos::component)]
pub fn MinutesEditor(spec: EditorSpec) -> impl IntoView {
    let lang = spec.lang;
    let text = RwSignal::new(spec.text.clone());
    let head = RwSignal::new(spec.head);
    let saving = RwSignal::new(Saving::Saved(spec.head));
    let preview = RwSignal::new(spec.preview.clone());
    let history = RwSignal::new(spec.history.clone());
    let state = spec.state;
    #[cfg(feature = "hydrate")]
    let editor = StoredValue::new_local(editor::Editor::start(&spec, text, head, saving, history));
    let act = move |what: &'static str| {
        #[cfg(feature = "hydrate")]
        editor.with_value(|e| e.act(what, preview));
        #[cfg(not(feature = "hydrate"))]
        let _ = what;
    };
    let restore = move |number: u64| {
        #[cfg(feature = "hydrate")]
        editor.with_value(|e| e.restore(number));
        #[cfg(not(feature = "hydrate"))]
        let _ = number;
    };
    let status = move || match saving.get() {
        Saving::Saved(n) => format!("{} {n}", l(lang, Label::SavedAt)),
        Saving::Unsaved => l(lang, Label::Unsaved).into(),
        Saving::Busy => l(lang, Label::SavingNow).into(),
        Saving::Stale(_) => l(lang, Label::NewerRevision).into(),
        Saving::Failed(why) => why,
    };
    let stale = move || match saving.get() {
        Saving::Stale(theirs) => Some(view! {
            <details open class="theirs"><summary>{l(lang, Label::Revision)}" "{head.get()}</summary><pre>{theirs}</pre></details>
        }),
        _ => None,
    };
    let rows = move || {
        history
            .get()
            .into_iter()
            .map(|r| {
                let n = r.number;
                view! {
                    <li data-revision=n.to_string()>
                        {format!("{} {} — {}, ", l(lang, Label::Revision), r.number, r.author)}
                        // A time reads left to right in every language.
                        <span dir="ltr">{r.saved.clone()}</span>
                        {r.autosave.then(|| format!(" ({})", l(lang, Label::Autosave)))}
                        " "<button type="button" class="restore" on:click=move |_| restore(n)>{l(lang, Label::Restore)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <p>
            <span lang="en" dir="ltr">{spec.symbol.clone()}</span>
            {format!(" — {}: ", l(lang, Label::State))}
            <strong class="minutes-state" data-state=state.as_str()>{labels::minutes_state(lang, state)}</strong>
        </p>
        <p class="saving" role="status" data-saving=move || match saving.get() {
            Saving::Saved(_) => "saved", Saving::Unsaved => "unsaved", Saving::Busy => "saving",
            Saving::Stale(_) => "stale", Saving::Failed(_) => "failed" }>{status}</p>
        {stale}
        <div class="editor">
            <div class="write">
                <label for="minutes-text">{l(lang, Label::Write)}</label>
                <textarea id="minutes-text" rows="20" lang=spec.text_lang.as_str() dir=i18n::direction(spec.text_lang)
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); act("edited"); }
                    inner_html=crate::rcdata(&spec.text)></textarea>
            </div>
            <section class="preview" aria-labelledby="preview-title">
                <h2 id="preview-title">{l(lang, Label::Preview)}</h2>
                <div id="minutes-preview" lang=spec.text_lang.as_str() dir=i18n::direction(spec.text_lang)
                    inner_html=move || preview.get()></div>
            </section>
        </div>
        <p class="steps" role="group" aria-label=l(lang, Label::Minutes)>
            <button type="button" class="preview-button" on:click=move |_| act("preview")>{l(lang, Label::Preview)}</button>
            <button type="button" class="save" on:click=move |_| act("save")>{l(lang, Label::SaveRevision)}</button>
            {match state {
                MinutesState::Draft | MinutesState::Published => view! {
                    <button type="button" class="review" on:click=move |_| act("review")>{l(lang, Label::SubmitForReview)}</button>
                }.into_any(),
                MinutesState::InReview => view! {
                    <button type="button" class="return" on:click=move |_| act("return")>{l(lang, Label::ReturnToDraft)}</button>
                    <button type="button" class="publish" on:click=move |_| act("publish")>{l(lang, Label::Publish)}</button>
                }.into_any(),
            }}
        </p>
        <section aria-labelledby="history-title">
            <h2 id="history-title">{l(lang, Label::History)}</h2>
            <ol class="history">{rows}</ol>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod editor {
    use super::{EditorSpec, ReaderZone, RevisionRow, Saving};
    use crate::fetch;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use plenary_protocol::api::{Minutes, Revision};
    use plenary_protocol::ErrorCode;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// How long the text must rest before it is saved on its own.
    const AUTOSAVE_MS: i32 = 2_000;

    #[derive(Clone)]
    pub struct Editor {
        zone: ReaderZone,
        base: String,
        csrf: String,
        text: RwSignal<String>,
        head: RwSignal<u64>,
        saving: RwSignal<Saving>,
        history: RwSignal<Vec<RevisionRow>>,
        /// The pending autosave's timer.
        timer: Rc<Cell<Option<i32>>>,
        /// One key per publish attempt, kept for retries of the same attempt.
        publish_key: Rc<std::cell::RefCell<Option<String>>>,
    }

    fn row(r: &Revision, zone: &ReaderZone) -> RevisionRow {
        RevisionRow {
            number: r.number,
            author: r.author_name.clone(),
            saved: zone.show(r.saved_at),
            autosave: r.autosave,
        }
    }

    impl Editor {
        pub fn start(
            spec: &EditorSpec,
            text: RwSignal<String>,
            head: RwSignal<u64>,
            saving: RwSignal<Saving>,
            history: RwSignal<Vec<RevisionRow>>,
        ) -> Editor {
            let editor = Editor {
                zone: spec.zone.clone(),
                base: format!("/api/v1/meetings/{}/minutes", spec.meeting),
                csrf: spec.csrf.clone(),
                text,
                head,
                saving,
                history,
                timer: Rc::new(Cell::new(None)),
                publish_key: Rc::new(std::cell::RefCell::new(None)),
            };
            // Leaving with unsaved text asks first.
            let saving_now = saving;
            let guard = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
                move |e: web_sys::BeforeUnloadEvent| {
                    if matches!(
                        saving_now.get_untracked(),
                        Saving::Unsaved | Saving::Busy | Saving::Stale(_)
                    ) {
                        e.prevent_default();
                    }
                },
            );
            if let Some(w) = web_sys::window() {
                w.set_onbeforeunload(Some(guard.as_ref().unchecked_ref()));
            }
            guard.forget();
            editor
        }

        pub fn act(&self, what: &str, preview: RwSignal<String>) {
            let me = self.clone();
            match what {
                "edited" => self.edited(),
                "preview" => spawn_local(async move { me.preview_into(preview).await }),
                "save" => spawn_local(async move {
                    me.save(false).await;
                }),
                "review" | "return" | "publish" => {
                    let step = what.to_string();
                    spawn_local(async move { me.step(&step).await })
                }
                _ => {}
            }
        }

        fn edited(&self) {
            if !matches!(self.saving.get_untracked(), Saving::Stale(_)) {
                self.saving.set(Saving::Unsaved);
            }
            let Some(w) = web_sys::window() else { return };
            if let Some(t) = self.timer.take() {
                w.clear_timeout_with_handle(t);
            }
            let me = self.clone();
            let later = Closure::once_into_js(move || {
                me.timer.set(None);
                spawn_local(async move {
                    me.save(true).await;
                });
            });
            if let Ok(t) = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                later.unchecked_ref(),
                AUTOSAVE_MS,
            ) {
                self.timer.set(Some(t));
            }
        }

        /// Saves the text; true when the server holds it.
        async fn save(&self, auto: bool) -> bool {
            if auto && !matches!(self.saving.get_untracked(), Saving::Unsaved) {
                return matches!(self.saving.get_untracked(), Saving::Saved(_));
            }
            let content = self.text.get_untracked();
            let body =
                serde_json::json!({ "based_on": self.head.get_untracked(), "content": content });
            self.saving.set(Saving::Busy);
            let path = format!(
                "{}/{}",
                self.base,
                if auto { "autosave" } else { "revisions" }
            );
            match fetch::call("POST", &path, &self.csrf, Some(body.to_string())).await {
                Ok(text) => match serde_json::from_str::<Minutes>(&text) {
                    Ok(m) => {
                        if let Some(h) = &m.head {
                            if h.number != self.head.get_untracked() {
                                self.history
                                    .update(|list| list.insert(0, row(h, &self.zone)));
                            }
                            self.head.set(h.number);
                        }
                        // Typing during the save makes it unsaved again.
                        if self.text.get_untracked() == content {
                            self.saving.set(Saving::Saved(self.head.get_untracked()));
                        } else {
                            self.saving.set(Saving::Unsaved);
                            self.edited();
                        }
                        true
                    }
                    Err(e) => {
                        self.saving.set(Saving::Failed(e.to_string()));
                        false
                    }
                },
                Err(p) if p.code == ErrorCode::StaleRevision => {
                    if let Some(c) = p.revision_conflict {
                        // The next save is based on theirs: the merged text replaces it.
                        self.head.set(c.current.number);
                        self.saving.set(Saving::Stale(c.current.content));
                    }
                    false
                }
                Err(p) => {
                    self.saving.set(Saving::Failed(p.detail.unwrap_or(p.title)));
                    false
                }
            }
        }

        async fn preview_into(&self, preview: RwSignal<String>) {
            let body = serde_json::json!({ "markdown": self.text.get_untracked() });
            if let Ok(text) = fetch::call(
                "POST",
                "/api/v1/preview",
                &self.csrf,
                Some(body.to_string()),
            )
            .await
            {
                if let Some(html) = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v.get("html").and_then(|h| h.as_str()).map(String::from))
                {
                    preview.set(html);
                }
            }
        }

        /// Review, return or publish the newest revision, saving first.
        async fn step(&self, step: &str) {
            if !matches!(self.saving.get_untracked(), Saving::Saved(_)) && !self.save(false).await {
                return;
            }
            let body = serde_json::json!({ "revision": self.head.get_untracked() }).to_string();
            let path = format!("{}/{step}", self.base);
            let answer = if step == "publish" {
                let key = self
                    .publish_key
                    .borrow_mut()
                    .get_or_insert_with(|| {
                        format!(
                            "{:016x}{:016x}",
                            (js_sys::Math::random() * 1e16) as u64,
                            (js_sys::Math::random() * 1e16) as u64
                        )
                    })
                    .clone();
                fetch::call_with(
                    "POST",
                    &path,
                    &self.csrf,
                    Some(body),
                    &[("Idempotency-Key", &key)],
                )
                .await
            } else {
                fetch::call("POST", &path, &self.csrf, Some(body)).await
            };
            match answer {
                Ok(_) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
                Err(p) => self.saving.set(Saving::Failed(p.detail.unwrap_or(p.title))),
            }
        }

        pub fn restore(&self, number: u64) {
            let me = self.clone();
            spawn_local(async move {
                let path = format!("{}/revisions/{number}", me.base);
                match fetch::call("GET", &path, &me.csrf, None).await {
                    Ok(text) => {
                        if let Ok(r) = serde_json::from_str::<Revision>(&text) {
                            me.text.set(r.content);
                            me.edited();
                        }
                    }
                    Err(p) => me.saving.set(Saving::Failed(p.detail.unwrap_or(p.title))),
                }
            });
        }
    }
}
