//! The audit log's page, for administrators: the newest entries first,
//! filtered by action, day, actor or subject, a page at a time, with the same
//! filter exported as JSON Lines. Rendered on the server only; its words are
//! the hub's (`audit-*` in `hub.ftl`).

use crate::i18n::{self, Phrase};
use leptos::prelude::*;
use plenary_protocol::api::{AuditAction, Language};

/// One line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    /// When, in UTC.
    pub time: String,
    pub action: AuditAction,
    /// The actor's id and how to name them.
    pub actor: Option<(String, String)>,
    pub address: Option<String>,
    /// The subject as stored (`user:<id>`) and how to name it.
    pub subject: Option<(String, String)>,
    /// The entry's detail, as compact JSON.
    pub detail: String,
}

/// The filter the page shows and its links keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl AuditFilter {
    /// The filter as query parameters, each value encoded.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(a) = self.action {
            q.push(("action", a.as_str().to_string()));
        }
        for (name, value) in [
            ("actor", &self.actor),
            ("subject", &self.subject),
            ("since", &self.since),
            ("until", &self.until),
        ] {
            if let Some(v) = value {
                q.push((name, v.clone()));
            }
        }
        q
    }
}

fn say(l: Language, key: &str) -> String {
    i18n::say(l, &format!("audit-{key}"), &[])
}

/// A query value percent-encoded (all but RFC 3986's unreserved characters).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn link(path: &str, pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// The page; `older` is the `before` of the next page when there is one.
pub fn render_audit(
    lang: Language,
    account: &crate::Account,
    filter: AuditFilter,
    rows: Vec<AuditRow>,
    older: Option<i64>,
) -> String {
    let l = lang;
    let title = say(l, "title");
    let mut keep = filter.query();
    keep.push(("lang", lang.as_str().to_string()));
    let export = link("/api/v1/audit/export", &filter.query());
    let older = older.map(|before| {
        let mut q = keep.clone();
        q.push(("before", before.to_string()));
        link("/admin/audit", &q)
    });
    let by_actor = move |id: &str| {
        link(
            "/admin/audit",
            &[("actor", id.to_string()), ("lang", lang.as_str().into())],
        )
    };
    let by_subject = move |s: &str| {
        link(
            "/admin/audit",
            &[("subject", s.to_string()), ("lang", lang.as_str().into())],
        )
    };
    let body = Owner::new().with(|| {
        let empty = rows.is_empty();
        let choices = std::iter::once(view! {
            <option value="" selected=filter.action.is_none()>{say(l, "all")}</option>
        }
        .into_any())
        .chain(AuditAction::ALL.into_iter().map(|a| {
            view! {
                <option value=a.as_str() selected=filter.action == Some(a)>
                    {say(l, &format!("action-{}", a.as_str().replace('_', "-")))}
                </option>
            }
            .into_any()
        }))
        .collect_view();
        let lines = rows
            .into_iter()
            .map(|row| {
                let what = say(l, &format!("action-{}", row.action.as_str().replace('_', "-")));
                let actor = match row.actor {
                    Some((id, name)) => {
                        view! { <a href=by_actor(&id)><bdi>{name}</bdi></a> }.into_any()
                    }
                    None => say(l, "nobody").into_any(),
                };
                let subject = row.subject.map(|(raw, name)| {
                    view! { <a href=by_subject(&raw)><bdi>{name}</bdi></a> }
                });
                view! {
                    <tr data-action=row.action.as_str() data-seq=row.seq>
                        <td>{row.time}</td>
                        <td>{what}</td>
                        <td>{actor}</td>
                        <td><bdi>{row.address}</bdi></td>
                        <td>{subject}</td>
                        <td><code>{row.detail}</code></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <a class="skip" href="#main">{i18n::t(l, Phrase::SkipToContent)}</a>
            <header><p><a href=format!("/admin?lang={}", lang.as_str())>{say(l, "back")}</a></p></header>
            <main id="main" class="wide">
                <h1>{title.clone()}</h1>
                <form method="get" action="/admin/audit" class="filters">
                    <input type="hidden" name="lang" value=lang.as_str()/>
                    {filter.actor.clone().map(|a| view! { <input type="hidden" name="actor" value=a/> })}
                    <label>{say(l, "action")}" "<select name="action">{choices}</select></label>
                    <label>{say(l, "since")}" "<input type="date" name="since" value=filter.since.clone().unwrap_or_default()/></label>
                    <label>{say(l, "until")}" "<input type="date" name="until" value=filter.until.clone().unwrap_or_default()/></label>
                    <label>{say(l, "subject")}" "<input type="text" name="subject" maxlength="200" value=filter.subject.clone().unwrap_or_default()/></label>
                    <button type="submit">{say(l, "filter")}</button>
                </form>
                <p><a href=export download="audit.jsonl">{say(l, "export")}</a></p>
                <p class="hint">{say(l, "utc")}</p>
                {if empty {
                    view! { <p>{say(l, "empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="audit">
                            <thead><tr>
                                <th scope="col">{say(l, "time")}</th>
                                <th scope="col">{say(l, "action")}</th>
                                <th scope="col">{say(l, "actor")}</th>
                                <th scope="col">{say(l, "address")}</th>
                                <th scope="col">{say(l, "subject")}</th>
                                <th scope="col">{say(l, "detail")}</th>
                            </tr></thead>
                            <tbody>{lines}</tbody>
                        </table>
                    }.into_any()
                }}
                {older.map(|href| view! { <p><a href=href rel="next">{say(l, "older")}</a></p> })}
            </main>
        }
        .to_html()
    });
    crate::page_shell(lang, &title, account, &body)
}
