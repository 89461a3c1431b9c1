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
    /// Signed in at the organisation, but no account here has that email.
    NoAccount,
    /// The organisation has not verified the email it gave.
    EmailNotVerified,
    /// The organisation's sign-in did not let the person in here (declined,
    /// disabled, no role or delegation from its claims, a failed check).
    OrganisationRefused,
    /// The organisation's sign-in could not be reached.
    OrganisationUnavailable,
    /// The sign-in took too long, or came back to another browser.
    Expired,
}

/// How this hub signs people in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInMethods {
    pub password: bool,
    /// Through the organisation's OpenID provider (`Some`), by its name
    /// when the operator gave one.
    pub organisation: Option<Option<String>>,
}

/// The sign-in page. `next` is where to go after (a path of this hub).
pub fn render_sign_in(
    lang: Language,
    next: &str,
    email: &str,
    error: Option<SignInError>,
    methods: SignInMethods,
) -> String {
    let l = lang;
    let (next, email) = (next.to_string(), email.to_string());
    let body = Owner::new().with(|| {
        let error = error.map(|e| {
            let say = |key| crate::i18n::say(l, key, &[]);
            let text = match e {
                SignInError::BadCredentials => w(l, Word::BadCredentials).to_string(),
                SignInError::TooManyAttempts => w(l, Word::TooManyAttempts).to_string(),
                SignInError::NoAccount => say("sign-in-organisation-no-account"),
                SignInError::EmailNotVerified => say("sign-in-organisation-email-not-verified"),
                SignInError::OrganisationRefused => say("sign-in-organisation-refused"),
                SignInError::OrganisationUnavailable => say("sign-in-organisation-unavailable"),
                SignInError::Expired => say("sign-in-organisation-expired"),
            };
            view! { <p class="error" role="alert" id="sign-in-error">{text}</p> }
        });
        let organisation = methods.organisation.map(|name| {
            let label = match name {
                Some(name) => crate::i18n::say(
                    l,
                    "sign-in-organisation-named",
                    &[("name", crate::i18n::Arg::Text(name))],
                ),
                None => crate::i18n::say(l, "sign-in-organisation", &[]),
            };
            let href = format!(
                "/sign-in/organisation?lang={}&next={}",
                l.as_str(),
                crate::url_component(&next)
            );
            view! {
                <p class="sign-in-organisation">
                    <a class="button" id="sign-in-organisation" href=href>{label}</a>
                </p>
            }
        });
        let password = methods.password.then(|| {
            view! {
                <form method="post" action=format!("/sign-in?lang={}", l.as_str()) class="sign-in">
                    <input type="hidden" name="next" value=next.clone() />
                    <p>
                        <label for="email">{w(l, Word::Email)}</label>
                        <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value=email.clone() />
                    </p>
                    <p>
                        <label for="password">{w(l, Word::Password)}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024" />
                    </p>
                    <p><button type="submit">{w(l, Word::SignIn)}</button></p>
                </form>
            }
        });
        view! {
            <a class="skip" href="#main">{crate::i18n::t(l, crate::i18n::Phrase::SkipToContent)}</a>
            <header><p><a href="/journal">{crate::i18n::t(l, crate::i18n::Phrase::Journal)}</a></p></header>
            <main id="main">
                <h1>{w(l, Word::SignIn)}</h1>
                {error}
                {organisation}
                {password}
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
                <section aria-labelledby="two-factor-title">
                    <h2 id="two-factor-title">{l(lang, Label::TwoFactor)}</h2>
                    <p><a href=format!("/account/two-factor?lang={}", lang.as_str())>{l(lang, Label::TwoFactor)}</a></p>
                </section>
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::YourAccount), account, &body, true)
}

/// Why the last code was refused, shown above the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    WrongCode,
    TooManyAttempts,
}

fn code_error(lang: Language, error: Option<CodeError>) -> Option<impl IntoView> {
    use crate::labels::{l, Label};
    error.map(|e| {
        let text = match e {
            CodeError::WrongCode => l(lang, Label::WrongCode),
            CodeError::TooManyAttempts => w(lang, Word::TooManyAttempts),
        };
        view! { <p class="error" role="alert" id="code-error">{text}</p> }
    })
}

/// The field for a one-time code: digits from the phone, or a recovery code.
fn code_field(lang: Language) -> impl IntoView {
    use crate::labels::{l, Label};
    view! {
        <p>
            <label for="code">{l(lang, Label::OneTimeCode)}</label>
            <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code"
                required maxlength="64" autofocus />
        </p>
    }
}

/// A sign-in's second step: the code from the authenticator app (a plain
/// form, like the sign-in's).
pub fn render_code_page(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    next: &str,
    error: Option<CodeError>,
) -> String {
    use crate::labels::{l, Label};
    let (csrf, next) = (csrf.to_string(), next.to_string());
    let body = Owner::new().with(|| {
        view! {
            <a class="skip" href="#main">{crate::i18n::t(lang, crate::i18n::Phrase::SkipToContent)}</a>
            <main id="main">
                <h1>{l(lang, Label::TwoFactor)}</h1>
                {code_error(lang, error)}
                <p>{l(lang, Label::EnterCode)}</p>
                <form method="post" action=format!("/sign-in/code?lang={}", lang.as_str()) class="sign-in">
                    <input type="hidden" name="csrf_token" value=csrf />
                    <input type="hidden" name="next" value=next />
                    {code_field(lang)}
                    <p><button type="submit">{w(lang, Word::SignIn)}</button></p>
                </form>
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::TwoFactor), account, &body, false)
}

/// What the two-factor page shows.
#[derive(Debug, Clone)]
pub enum TwoFactorView {
    /// A new secret to scan and confirm; `needed`: the role must have two
    /// factors before going on.
    Setup {
        qr_svg: String,
        secret: String,
        needed: bool,
        error: Option<CodeError>,
    },
    /// Just turned on: the recovery codes, shown once.
    Codes(Vec<String>),
    /// On; `removable` unless the role must keep it.
    On {
        removable: bool,
        wrong_password: bool,
    },
}

/// The account's two-factor sign-in: set up, recovery codes, or on.
pub fn render_two_factor(
    lang: Language,
    account: &crate::Account,
    csrf: &str,
    next: &str,
    shown: TwoFactorView,
) -> String {
    use crate::labels::{l, Label};
    let q = format!("?lang={}", lang.as_str());
    let (csrf, next) = (csrf.to_string(), next.to_string());
    let body = Owner::new().with(|| {
        let content = match shown {
            TwoFactorView::Setup {
                qr_svg,
                secret,
                needed,
                error,
            } => view! {
                {needed.then(|| view! { <p class="notice" role="status">{l(lang, Label::TwoFactorNeeded)}</p> })}
                {code_error(lang, error)}
                <p>{l(lang, Label::TwoFactorIntro)}</p>
                // The QR code is the hub's own drawing of the otpauth URI.
                <figure class="qr" inner_html=qr_svg></figure>
                <p>{l(lang, Label::Secret)}": "<code id="secret" dir="ltr">{secret}</code></p>
                <form method="post" action=format!("/account/two-factor{q}") class="sign-in" id="confirm-two-factor">
                    <input type="hidden" name="csrf_token" value=csrf.clone() />
                    <input type="hidden" name="next" value=next.clone() />
                    {code_field(lang)}
                    <p><button type="submit">{l(lang, Label::TurnOn)}</button></p>
                </form>
            }
            .into_any(),
            TwoFactorView::Codes(codes) => view! {
                <p class="done" role="status">{l(lang, Label::RecoveryCodesIntro)}</p>
                <ul class="recovery-codes" dir="ltr">
                    {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                </ul>
                <p><a href=next.clone() id="go-on">{l(lang, Label::GoOn)}</a></p>
            }
            .into_any(),
            TwoFactorView::On {
                removable,
                wrong_password,
            } => view! {
                <p>{l(lang, Label::TwoFactorIsOn)}</p>
                {(!removable).then(|| view! { <p>{l(lang, Label::TwoFactorKept)}</p> })}
                {removable.then(|| view! {
                    {wrong_password.then(|| view! {
                        <p class="error" role="alert" id="remove-error">{w(lang, Word::BadCredentials)}</p>
                    })}
                    <form method="post" action=format!("/account/two-factor/remove{q}") class="sign-in" id="remove-two-factor">
                        <input type="hidden" name="csrf_token" value=csrf.clone() />
                        <p>
                            <label for="current_password">{l(lang, Label::CurrentPassword)}</label>
                            <input id="current_password" name="current_password" type="password"
                                autocomplete="current-password" required maxlength="1024" />
                        </p>
                        <p><button type="submit">{l(lang, Label::TurnOff)}</button></p>
                    </form>
                })}
            }
            .into_any(),
        };
        view! {
            <a class="skip" href="#main">{crate::i18n::t(lang, crate::i18n::Phrase::SkipToContent)}</a>
            <main id="main">
                <h1>{l(lang, Label::TwoFactor)}</h1>
                {content}
            </main>
        }
        .to_html()
    });
    crate::page(lang, l(lang, Label::TwoFactor), account, &body, false)
}
