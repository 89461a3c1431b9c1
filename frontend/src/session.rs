//! The sign-in page: a plain form, so it works before (and without) the
//! browser part.

use crate::room::words::{w, Word};
use leptos::prelude::*;
use plenary_protocol::api::Language;

/// Why the last attempt failed, shown above the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    BadCredentials,
    TooManyAttempts,
}

/// The sign-in page. `next` is where to go after (a path of this hub).
pub fn render_sign_in(
    lang: Language,
    next: &str,
    email: &str,
    error: Option<SignInError>,
) -> String {
    let l = lang;
    let (next, email) = (next.to_string(), email.to_string());
    let body = Owner::new().with(|| {
        let error = error.map(|e| {
            let text = match e {
                SignInError::BadCredentials => w(l, Word::BadCredentials),
                SignInError::TooManyAttempts => w(l, Word::TooManyAttempts),
            };
            view! { <p class="error" role="alert" id="sign-in-error">{text}</p> }
        });
        view! {
            <a class="skip" href="#main">{crate::i18n::t(l, crate::i18n::Phrase::SkipToContent)}</a>
            <header><p><a href="/journal">{crate::i18n::t(l, crate::i18n::Phrase::Journal)}</a></p></header>
            <main id="main">
                <h1>{w(l, Word::SignIn)}</h1>
                {error}
                <form method="post" action=format!("/sign-in?lang={}", l.as_str()) class="sign-in">
                    <input type="hidden" name="next" value=next />
                    <p>
                        <label for="email">{w(l, Word::Email)}</label>
                        <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value=email />
                    </p>
                    <p>
                        <label for="password">{w(l, Word::Password)}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024" />
                    </p>
                    <p><button type="submit">{w(l, Word::SignIn)}</button></p>
                </form>
            </main>
        }
        .to_html()
    });
    let account = crate::Account::Visitor {
        here: "/journal".into(),
    };
    crate::page(lang, w(l, Word::SignIn), &account, &body, false)
}

/// The signed-in user's own page: who they are, and a new password (the
/// current one re-entered). `changed`: the password was just changed.
pub fn render_account(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    name: &str,
    email: &str,
    changed: bool,
) -> String {
    use crate::forms::{ApiForm, Field, FormSpec, Kind};
    use crate::labels::{l, Label};
    let form = FormSpec::new(
        "password",
        "POST",
        "/api/v1/session/password",
        l(lang, Label::ChangePassword),
        csrf,
        lang,
    )
    .then(format!("/account?lang={}&changed=true", lang.as_str()))
    .fields(vec![
        Field::new(
            "current_password",
            l(lang, Label::CurrentPassword),
            Kind::CurrentPassword,
        )
        .required(),
        Field::new("new_password", l(lang, Label::NewPassword), Kind::Password)
            .required()
            .hint(l(lang, Label::PasswordAdvice)),
    ]);
    let (name, email) = (name.to_string(), email.to_string());
    let body = Owner::new().with(|| {
        view! {
            <a class="skip" href="#main">{crate::i18n::t(lang, crate::i18n::Phrase::SkipToContent)}</a>
            <main id="main">
                <h1>{l(lang, Label::YourAccount)}</h1>
                <p><bdi>{name}</bdi>" — "<bdi>{email}</bdi></p>
                {changed.then(|| view! { <p class="done" role="status">{l(lang, Label::PasswordChanged)}</p> })}
                <section aria-labelledby="password-title">
                    <h2 id="password-title">{l(lang, Label::ChangePassword)}</h2>
                    <ApiForm spec=form />
                </section>
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::YourAccount), account, &body, true)
}
