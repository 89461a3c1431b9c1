//! Forms that write through the JSON API: one island, [`ApiForm`], driven by
//! a [`FormSpec`] the server builds. The browser part reads the fields,
//! encodes them as the API's JSON ([`encode`], pure and unit-tested), sends
//! them with the session's CSRF token, and shows the API's problems beside
//! the fields they name (a room conflict beside the room). The API stays the
//! one place that validates and writes.

use leptos::prelude::*;
use plenary_protocol::api::{AgendaItem, Language};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What a field holds and how it becomes JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Kind {
    /// A string; empty and optional means absent.
    Text,
    Email,
    /// A new password.
    Password,
    /// The password the user has now, re-entered.
    CurrentPassword,
    /// `YYYY-MM-DDTHH:MM`, as the API's wall-clock times.
    DateTime,
    /// A whole number.
    Number,
    /// Lines of text, one string.
    Long,
    /// One of `(value, label)`; the empty value means absent, or `null` when `null_when_empty`.
    Choice(Vec<(String, String)>),
    /// Several of `(value, label)`: a list of strings.
    Several(Vec<(String, String)>),
    /// A checkbox: a boolean.
    Check,
    /// Lines of agenda items, `number: title` or just `title`.
    Agenda,
    /// A fixed JSON value sent as is (`value` is JSON text).
    Fixed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The key in the API's JSON body.
    pub name: String,
    pub label: String,
    pub kind: Kind,
    /// The initial value (for `Several`, values joined by newlines; for `Check`, `true`).
    pub value: String,
    pub required: bool,
    /// An empty value is sent as `null` (clears it) rather than left out.
    pub null_when_empty: bool,
    pub hint: Option<String>,
}

impl Field {
    pub fn new(name: &str, label: &str, kind: Kind) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            kind,
            value: String::new(),
            required: false,
            null_when_empty: false,
            hint: None,
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn value(mut self, value: impl Into<String>) -> Field {
        self.value = value.into();
        self
    }

    pub fn hint(mut self, hint: &str) -> Field {
        self.hint = Some(hint.into());
        self
    }

    pub fn null_when_empty(mut self) -> Field {
        self.null_when_empty = true;
        self
    }
}

/// A form: where it sends, what it sends, and where to go after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSpec {
    /// Unique on the page; prefixes the fields' ids.
    pub id: String,
    pub method: String,
    pub action: String,
    pub submit: String,
    /// Where to go after success: `{id}` becomes the answer's `id`. `None` reloads the page.
    pub next: Option<String>,
    /// Instead of going anywhere, show this field of the answer (a URL) as a link.
    #[serde(default)]
    pub show: Option<String>,
    pub csrf: String,
    pub lang: Language,
    pub fields: Vec<Field>,
}

impl FormSpec {
    /// A form sending `method` to `action`, reloading the page after.
    pub fn new(
        id: &str,
        method: &str,
        action: &str,
        submit: &str,
        csrf: &str,
        lang: Language,
    ) -> FormSpec {
        FormSpec {
            id: id.into(),
            method: method.into(),
            action: action.into(),
            submit: submit.into(),
            next: None,
            show: None,
            csrf: csrf.into(),
            lang,
            fields: Vec::new(),
        }
    }

    /// Shows the answer's `field` (a URL) as a link after success.
    pub fn show(mut self, field: &str) -> FormSpec {
        self.show = Some(field.into());
        self
    }

    /// Goes to `next` after success (`{id}` is the answer's id).
    pub fn then(mut self, next: String) -> FormSpec {
        self.next = Some(next);
        self
    }

    pub fn fields(mut self, fields: Vec<Field>) -> FormSpec {
        self.fields = fields;
        self
    }
}

/// A field for a title (or a name, `label`) in each of the six languages
/// (`{name}.fr`, ...), holding `current`'s; one left empty is no translation.
pub fn title_fields(
    lang: Language,
    name: &str,
    label: crate::labels::Label,
    current: Option<&plenary_protocol::api::Titles>,
) -> Vec<Field> {
    Language::ALL
        .into_iter()
        .map(|language| {
            Field::new(
                &format!("{name}.{}", language.as_str()),
                &format!(
                    "{} — {}",
                    crate::labels::l(lang, label),
                    crate::i18n::endonym(language)
                ),
                Kind::Text,
            )
            .value(
                current
                    .and_then(|t| t.get(&language))
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Parses agenda lines: `17 (a): Title` has number `17 (a)`; a line whose
/// part before the first colon has no digit is all title.
pub fn agenda(text: &str) -> Vec<AgendaItem> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(':') {
            Some((number, title))
                if number.chars().any(|c| c.is_ascii_digit())
                    && number.chars().count() <= 20
                    && !title.trim().is_empty() =>
            {
                AgendaItem {
                    number: Some(number.trim().to_string()),
                    title: title.trim().to_string(),
                    titles: Default::default(),
                }
            }
            _ => AgendaItem {
                number: None,
                title: line.to_string(),
                titles: Default::default(),
            },
        })
        .collect()
}

/// Agenda items back to the lines [`agenda`] reads.
pub fn agenda_text(items: &[AgendaItem]) -> String {
    items
        .iter()
        .map(|i| match &i.number {
            Some(n) => format!("{n}: {}", i.title),
            None => i.title.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The API's JSON body from the fields' values (`values(name)` gives every
/// value the form holds under a name). A number that is not one is an
/// error on its field. A field named `a.b` is the key `b` of the object
/// `a`, which is sent (empty if need be) whenever the form has such a field:
/// clearing every choice of a `Several` under it sends `{}`.
pub fn encode(
    fields: &[Field],
    values: impl Fn(&str) -> Vec<String>,
) -> Result<Value, Vec<(String, String)>> {
    let mut body = Map::new();
    let mut errors = Vec::new();
    for f in fields {
        let all = values(&f.name);
        let one = all
            .first()
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        let value = match &f.kind {
            Kind::Check => Some(Value::Bool(!all.is_empty())),
            Kind::Several(_) => Some(Value::Array(all.into_iter().map(Value::String).collect())),
            Kind::Fixed => serde_json::from_str(&f.value).ok(),
            _ if one.is_empty() => f.null_when_empty.then_some(Value::Null),
            Kind::Number => match one.parse::<u32>() {
                Ok(n) => Some(Value::from(n)),
                Err(_) => {
                    errors.push((f.name.clone(), "must be a whole number".to_string()));
                    None
                }
            },
            Kind::Agenda => serde_json::to_value(agenda(&one)).ok(),
            // The browser's datetime-local gives `YYYY-MM-DDTHH:MM`, which the API reads.
            _ => Some(Value::String(one)),
        };
        let empty = matches!(&value, Some(Value::Array(a)) if a.is_empty());
        match (f.name.split_once('.'), value) {
            (Some((outer, inner)), value) => {
                let object = body
                    .entry(outer.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let (Some(object), Some(v)) = (object.as_object_mut(), value) {
                    if !empty {
                        object.insert(inner.to_string(), v);
                    }
                }
            }
            (None, Some(v)) => {
                body.insert(f.name.clone(), v);
            }
            (None, None) => {}
        }
    }
    if errors.is_empty() {
        Ok(Value::Object(body))
    } else {
        Err(errors)
    }
}

/// The form. Without the browser part it shows but does not send.
// Not in the meeting room's build (`room`), which carries the room's island only.
#[cfg_attr(not(feature = "room"), leptos::island)]
#[cfg_attr(feature = "room", leptos::component)]
pub fn ApiForm(spec: FormSpec) -> impl IntoView {
    let lang = spec.lang;
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let summary = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    // The answer's field to show, when the form shows one.
    let shown = RwSignal::new(String::new());
    let form_id = spec.id.clone();
    #[cfg(feature = "hydrate")]
    let stored = StoredValue::new(spec.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let spec = stored.get_value();
            let signals = Signals {
                errors,
                summary,
                busy,
                done,
                shown,
            };
            leptos::task::spawn_local(send(spec, form, signals));
        }
    };
    let fields = spec
        .fields
        .iter()
        .map(|f| field(&form_id, f, errors))
        .collect_view();
    let status = move || {
        if busy.get() {
            crate::labels::l(lang, crate::labels::Label::Sending)
        } else if done.get() {
            crate::labels::l(lang, crate::labels::Label::Done)
        } else {
            ""
        }
    };
    view! {
        <form class="api-form" id=spec.id.clone() on:submit=on_submit>
            <p class="error" role="alert" id=format!("{}-problem", spec.id)>{move || summary.get()}</p>
            {fields}
            <p>
                <button type="submit" disabled=move || busy.get()>{spec.submit.clone()}</button>
                <span role="status" class="form-status">{status}</span>
            </p>
            <p class="shown" hidden=move || shown.with(String::is_empty)>
                <a href=move || shown.get() class="shown-link">{move || shown.get()}</a>
            </p>
        </form>
    }
}

/// One field with its label, hint and the place for its error.
fn field(form: &str, f: &Field, errors: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let id = format!("{form}-{}", f.name);
    let name = f.name.clone();
    let described = format!("{id}-error");
    let error = move || {
        errors.with(|e| {
            e.iter()
                .filter(|(field, _)| {
                    field == &name
                        || field.starts_with(&format!("{name}["))
                        || field.starts_with(&format!("{name}."))
                })
                .map(|(_, m)| m.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let input = match &f.kind {
        Kind::Fixed => return view! { <input type="hidden" name=f.name.clone() value=f.value.clone() /> }.into_any(),
        Kind::Long | Kind::Agenda => view! {
            <textarea id=id.clone() name=f.name.clone() rows="6" required=f.required aria-describedby=described.clone() inner_html=crate::rcdata(&f.value)></textarea>
        }
        .into_any(),
        Kind::Choice(options) => {
            let chosen = f.value.clone();
            view! {
                <select id=id.clone() name=f.name.clone() required=f.required aria-describedby=described.clone()>
                    {options.iter().map(|(v, label)| view! {
                        <option value=v.clone() selected=*v == chosen>{label.clone()}</option>
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        Kind::Several(options) => {
            let chosen: Vec<String> = f.value.lines().map(String::from).collect();
            view! {
                <select id=id.clone() name=f.name.clone() multiple aria-describedby=described.clone()>
                    {options.iter().map(|(v, label)| view! {
                        <option value=v.clone() selected=chosen.contains(v)>{label.clone()}</option>
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        Kind::Check => view! {
            <input id=id.clone() name=f.name.clone() type="checkbox" value="true" checked=f.value == "true" aria-describedby=described.clone() />
        }
        .into_any(),
        kind => {
            let (kind, auto) = match kind {
                Kind::Email => ("email", "off"),
                Kind::Password => ("password", "new-password"),
                Kind::CurrentPassword => ("password", "current-password"),
                Kind::DateTime => ("datetime-local", "off"),
                Kind::Number => ("number", "off"),
                _ => ("text", "off"),
            };
            view! {
                <input id=id.clone() name=f.name.clone() type=kind value=f.value.clone() required=f.required
                    autocomplete=auto aria-describedby=described.clone() />
            }
            .into_any()
        }
    };
    let hint = f
        .hint
        .clone()
        .map(|h| view! { <small class="hint">{h}</small> });
    view! {
        <p class="field">
            <label for=id.clone()>{f.label.clone()}</label>
            {input}
            {hint}
            <span class="error" id=described>{error}</span>
        </p>
    }
    .into_any()
}

/// What a form shows while and after it sends.
#[cfg(feature = "hydrate")]
#[derive(Clone, Copy)]
struct Signals {
    errors: RwSignal<Vec<(String, String)>>,
    summary: RwSignal<String>,
    busy: RwSignal<bool>,
    done: RwSignal<bool>,
    shown: RwSignal<String>,
}

#[cfg(feature = "hydrate")]
async fn send(spec: FormSpec, form: web_sys::HtmlFormElement, s: Signals) {
    use crate::labels::{l, Label};
    let Signals {
        errors,
        summary,
        busy,
        done,
        shown,
    } = s;
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    let values = |name: &str| -> Vec<String> {
        data.get_all(name)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    };
    errors.set(Vec::new());
    summary.set(String::new());
    done.set(false);
    let body = match encode(&spec.fields, values) {
        Ok(b) => b,
        Err(e) => {
            errors.set(e);
            return;
        }
    };
    busy.set(true);
    let answer = crate::fetch::call(
        &spec.method,
        &spec.action,
        &spec.csrf,
        Some(body.to_string()),
    )
    .await;
    busy.set(false);
    match answer {
        Ok(text) => {
            done.set(true);
            let answer = serde_json::from_str::<Value>(&text).unwrap_or_default();
            let field = |name: &str| answer.get(name).and_then(|i| i.as_str()).map(String::from);
            if let Some(name) = &spec.show {
                shown.set(field(name).unwrap_or_default());
                return;
            }
            let id = field("id").unwrap_or_default();
            match &spec.next {
                Some(next) => crate::fetch::go(&next.replace("{id}", &id)),
                None => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
            }
        }
        Err(problem) => {
            let mut found: Vec<(String, String)> = problem
                .errors
                .iter()
                .map(|e| (e.field.clone(), e.message.clone()))
                .collect();
            let room_taken = problem.code == plenary_protocol::ErrorCode::RoomConflict;
            if let Some(m) = problem.conflicting_meeting.as_ref().filter(|_| room_taken) {
                found.push((
                    "room_id".into(),
                    format!(
                        "{} {} ({} – {}, {})",
                        l(spec.lang, Label::RoomTaken),
                        m.title,
                        m.starts_local.format("%Y-%m-%d %H:%M"),
                        m.ends_local.format("%H:%M"),
                        m.time_zone
                    ),
                ));
            }
            summary.set(problem.detail.unwrap_or(problem.title));
            errors.set(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_lines_keep_their_numbers() {
        let items = agenda(
            "17 (a): Macroeconomic policy\n\n Adoption of the agenda \nNote: a title with a colon",
        );
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].number.as_deref(), Some("17 (a)"));
        assert_eq!(items[0].title, "Macroeconomic policy");
        assert_eq!(items[1].number, None);
        assert_eq!(items[1].title, "Adoption of the agenda");
        assert_eq!(items[2].number, None);
        assert_eq!(items[2].title, "Note: a title with a colon");
        assert_eq!(agenda(&agenda_text(&items)), items);
    }

    #[test]
    fn fields_become_the_api_json() {
        let fields = vec![
            Field::new("title", "Title", Kind::Text).required(),
            Field::new("room_id", "Room", Kind::Choice(vec![])).null_when_empty(),
            Field::new("symbol_prefix", "Prefix", Kind::Text),
            Field::new("capacity", "Capacity", Kind::Number),
            Field::new("invited_delegations", "Invited", Kind::Several(vec![])),
            Field::new("from_record", "From record", Kind::Check),
            Field::new("disabled", "", Kind::Fixed).value("true"),
            Field::new("agenda", "Agenda", Kind::Agenda),
        ];
        let body = encode(&fields, |name| match name {
            "title" => vec![" Second Committee ".into()],
            "room_id" => vec!["".into()],
            "capacity" => vec!["40".into()],
            "invited_delegations" => vec!["a".into(), "b".into()],
            "agenda" => vec!["1: Opening".into()],
            _ => vec![],
        })
        .expect("valid");
        assert_eq!(
            body,
            serde_json::json!({
                "title": "Second Committee", "room_id": null, "capacity": 40,
                "invited_delegations": ["a", "b"], "from_record": false, "disabled": true,
                "agenda": [{"number": "1", "title": "Opening"}]
            })
        );
        let booths = vec![
            Field::new("interpreters.fr", "French", Kind::Several(vec![])),
            Field::new("interpreters.es", "Spanish", Kind::Several(vec![])),
        ];
        let chosen = encode(&booths, |name| match name {
            "interpreters.fr" => vec!["a".into(), "b".into()],
            _ => vec![],
        });
        assert_eq!(
            chosen.ok(),
            Some(serde_json::json!({"interpreters": {"fr": ["a", "b"]}}))
        );
        let cleared = encode(&booths, |_| vec![]);
        assert_eq!(
            cleared.ok(),
            Some(serde_json::json!({"interpreters": {}})),
            "clearing every booth sends an empty object, which removes them"
        );
        let bad = encode(&fields, |name| {
            if name == "capacity" {
                vec!["forty".into()]
            } else {
                vec![]
            }
        });
        assert_eq!(
            bad.err().map(|e| e[0].0.clone()).as_deref(),
            Some("capacity")
        );
    }
}
