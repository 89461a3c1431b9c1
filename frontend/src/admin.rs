//! Administration: users and delegations, listed and created; a user
//! disabled or enabled again. Writes go through the API ([`crate::forms`]).

use crate::forms::{ApiForm, Field, FormSpec, Kind};
use crate::i18n::{self, Phrase};
use crate::labels::{self, l, Label};
use leptos::prelude::*;
use plenary_protocol::api::{DelegationKind, Language, Role};

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub delegation: Option<String>,
    /// An interpreter's languages.
    pub languages: Vec<Language>,
    pub disabled: bool,
    /// A delegate who may sign for the delegation.
    pub signs: bool,
}

#[derive(Debug, Clone)]
pub struct DelegationRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: DelegationKind,
}

fn kind_word(lang: Language, k: DelegationKind) -> &'static str {
    match k {
        DelegationKind::MemberState => l(lang, Label::MemberState),
        DelegationKind::Observer => l(lang, Label::Observer),
    }
}

/// A user's role, with an interpreter's languages: "Interpreter (Français, English)".
fn role_words(lang: Language, role: Role, languages: &[Language]) -> String {
    let role = labels::role(lang, role);
    if languages.is_empty() {
        return role.to_string();
    }
    let names: Vec<&str> = languages.iter().map(|g| i18n::endonym(*g)).collect();
    format!("{role} ({})", names.join(", "))
}

pub fn render_admin(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    users: Vec<UserRow>,
    delegations: Vec<DelegationRow>,
) -> String {
    let mut delegation_choices = vec![(String::new(), l(lang, Label::NoDelegation).to_string())];
    delegation_choices.extend(
        delegations
            .iter()
            .map(|d| (d.id.clone(), format!("{} — {}", d.code, d.name))),
    );
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), labels::role(lang, *r).to_string()))
        .collect();
    let kinds = [DelegationKind::MemberState, DelegationKind::Observer]
        .iter()
        .map(|k| (k.as_str().to_string(), kind_word(lang, *k).to_string()))
        .collect();
    let create = l(lang, Label::Create);
    let new_user =
        FormSpec::new("new-user", "POST", "/api/v1/users", create, csrf, lang).fields(vec![
            Field::new("name", l(lang, Label::Name), Kind::Text).required(),
            Field::new(
                "email",
                crate::room::words::w(lang, crate::room::words::Word::Email),
                Kind::Email,
            )
            .required(),
            Field::new("role", l(lang, Label::Role), Kind::Choice(roles)).value("delegate"),
            Field::new(
                "delegation_id",
                l(lang, Label::Delegation),
                Kind::Choice(delegation_choices),
            ),
            Field::new(
                "signs_for_delegation",
                l(lang, Label::SignsForDelegation),
                Kind::Check,
            ),
            Field::new(
                "languages",
                l(lang, Label::InterpretsInto),
                Kind::Several(
                    Language::ALL
                        .iter()
                        .map(|g| (g.as_str().to_string(), crate::i18n::endonym(*g).to_string()))
                        .collect(),
                ),
            ),
            Field::new(
                "password",
                crate::room::words::w(lang, crate::room::words::Word::Password),
                Kind::Password,
            )
            .required()
            .hint(l(lang, Label::PasswordHint)),
        ]);
    let new_delegation = FormSpec::new(
        "new-delegation",
        "POST",
        "/api/v1/delegations",
        create,
        csrf,
        lang,
    )
    .fields(vec![
        Field::new("code", l(lang, Label::Code), Kind::Text)
            .required()
            .hint("FRA, HOLY-SEE"),
        Field::new("name", l(lang, Label::Name), Kind::Text).required(),
        Field::new("kind", l(lang, Label::Kind), Kind::Choice(kinds)),
    ]);
    let names: std::collections::HashMap<String, String> = delegations
        .iter()
        .map(|d| (d.id.clone(), d.code.clone()))
        .collect();
    let csrf = csrf.to_string();
    let body = Owner::new().with(|| {
        let user_rows = users
            .into_iter()
            .map(|u| {
                let (word, to) = if u.disabled {
                    (l(lang, Label::Enable), "false")
                } else {
                    (l(lang, Label::Disable), "true")
                };
                let (id, action) = (format!("user-{}", u.id), format!("/api/v1/users/{}", u.id));
                let toggle = FormSpec::new(&id, "PATCH", &action, word, &csrf, lang)
                    .fields(vec![Field::new("disabled", "", Kind::Fixed).value(to)]);
                // A delegate's right to sign for the delegation, given or taken.
                let signing = (u.role == Role::Delegate).then(|| {
                    let (word, to) = if u.signs {
                        (l(lang, Label::StopSigning), "false")
                    } else {
                        (l(lang, Label::LetSign), "true")
                    };
                    let spec = FormSpec::new(&format!("signs-{}", u.id), "PATCH", &action, word, &csrf, lang)
                        .fields(vec![Field::new("signs_for_delegation", "", Kind::Fixed).value(to)]);
                    view! { <ApiForm spec=spec /> }
                });
                view! {
                    <tr class:disabled=u.disabled>
                        <td>{u.name}</td>
                        <td>{u.email}</td>
                        <td>{role_words(lang, u.role, &u.languages)}</td>
                        <td>
                            {u.delegation.and_then(|d| names.get(&d).cloned()).unwrap_or_default()}
                            {u.signs.then(|| format!(" · {}", l(lang, Label::SignsForDelegation)))}
                            {signing}
                        </td>
                        <td>{u.disabled.then(|| l(lang, Label::Disabled))}</td>
                        <td><ApiForm spec=toggle /></td>
                    </tr>
                }
            })
            .collect_view();
        let delegation_rows = delegations
            .into_iter()
            .map(|d| view! {
                <tr><td>{d.code}</td><td>{d.name}</td><td>{kind_word(lang, d.kind)}</td></tr>
            })
            .collect_view();
        view! {
            <a class="skip" href="#main">{i18n::t(lang, Phrase::SkipToContent)}</a>
            <main id="main">
                <h1>{l(lang, Label::Administration)}</h1>
                <p><a href=format!("/admin/audit?lang={}", lang.as_str())>{l(lang, Label::AuditLog)}</a></p>
                <section aria-labelledby="users-title">
                    <h2 id="users-title">{l(lang, Label::Users)}</h2>
                    <table>
                        <thead><tr>
                            <th scope="col">{l(lang, Label::Name)}</th>
                            <th scope="col">{crate::room::words::w(lang, crate::room::words::Word::Email)}</th>
                            <th scope="col">{l(lang, Label::Role)}</th>
                            <th scope="col">{l(lang, Label::Delegation)}</th>
                            <th scope="col">{l(lang, Label::State)}</th>
                            <th scope="col"><span class="skip">{l(lang, Label::Disable)}</span></th>
                        </tr></thead>
                        <tbody>{user_rows}</tbody>
                    </table>
                    <h3>{l(lang, Label::NewUser)}</h3>
                    <ApiForm spec=new_user />
                </section>
                <section aria-labelledby="delegations-title">
                    <h2 id="delegations-title">{l(lang, Label::Delegations)}</h2>
                    <table>
                        <thead><tr>
                            <th scope="col">{l(lang, Label::Code)}</th>
                            <th scope="col">{l(lang, Label::Name)}</th>
                            <th scope="col">{l(lang, Label::Kind)}</th>
                        </tr></thead>
                        <tbody>{delegation_rows}</tbody>
                    </table>
                    <h3>{l(lang, Label::NewDelegation)}</h3>
                    <ApiForm spec=new_delegation />
                </section>
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::Administration), account, &body, true)
}
