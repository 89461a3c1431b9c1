//! Sign-in through the organisation's OpenID provider: the requests sent
//! there and not yet back (table `sign_in_requests`), the link of each of
//! the provider's subjects to an account (`user_identities`), and the role
//! and delegation the operator maps from claims. The protocol is `oidc`'s;
//! who the person is, `plenary_rules::single_sign_on` decides.

use crate::accounts::{audit_assignment, open_session};
use crate::audit;
use crate::auth::Caller;
use crate::crypto;
use crate::db::{self, Db};
use crate::error::ApiError;
use crate::error::StoreError;
use crate::oidc::{claim_values, Identity, OidcError};
use crate::AppState;
use plenary_protocol::api::{AuditAction, Language, Role, User};
use plenary_protocol::UserId;
use plenary_rules::single_sign_on::{self as rules, Account, Refused, Vouched, Who};
use sqlx::Row;
use std::net::IpAddr;

/// The callback's path; the provider's redirect URI is the public URL + this.
pub const CALLBACK_PATH: &str = "/sign-in/organisation/callback";

/// How long a sign-in may stay at the provider (a person typing a password
/// and a one-time code there).
pub const REQUEST_TTL_SECS: i64 = 600;

/// Sign-ins from one address not yet back: more is someone filling the table.
const MAX_PENDING_PER_ADDRESS: i64 = 20;

/// Sign-ins not yet back, from everywhere: the table's bound.
const MAX_PENDING: i64 = 100_000;

pub fn redirect_url(public_url: &str) -> String {
    format!("{}{CALLBACK_PATH}", public_url.trim_end_matches('/'))
}

/// Why a sign-in through the provider did not open a session.
#[derive(Debug, thiserror::Error)]
pub enum Failed {
    #[error("{0}")]
    Refused(Refused),
    /// The sign-in is unknown here, used already, expired, or came back to
    /// another browser than the one that began it.
    #[error("the sign-in request is unknown, used or expired")]
    Expired,
    /// The person cancelled at the provider, or it refused them.
    #[error("the provider did not sign the person in: {0}")]
    Declined(String),
    #[error("too many sign-ins under way")]
    Limited,
    #[error(transparent)]
    Provider(#[from] OidcError),
    #[error(transparent)]
    Hub(#[from] ApiError),
}

impl From<StoreError> for Failed {
    fn from(e: StoreError) -> Failed {
        Failed::Hub(e.into())
    }
}

impl From<sqlx::Error> for Failed {
    fn from(e: sqlx::Error) -> Failed {
        Failed::Hub(e.into())
    }
}

/// A sign-in sent to the provider: where to send the browser, and the
/// state that the browser keeps (in a cookie) to come back with.
#[derive(Debug)]
pub struct Begun {
    pub provider_url: String,
    pub state: String,
}

/// Begins a sign-in for the person at `ip`, to land on `next` (a path of
/// the hub) afterwards.
pub async fn begin(
    state: &AppState,
    ip: IpAddr,
    next: &str,
    lang: Language,
) -> Result<Begun, Failed> {
    let relying = state.oidc.as_ref().ok_or(Failed::Expired)?;
    let now = db::now();
    let ip_text = ip.to_canonical().to_string();
    sqlx::query("DELETE FROM sign_in_requests WHERE created_at < $1")
        .bind(now - REQUEST_TTL_SECS)
        .execute(&state.db)
        .await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN from_ip = $1 THEN 1 ELSE 0 END), 0) AS here \
         FROM sign_in_requests",
    )
    .bind(&ip_text)
    .fetch_one(&state.db)
    .await?;
    let (total, here): (i64, i64) = (row.try_get("total")?, row.try_get("here")?);
    if here >= MAX_PENDING_PER_ADDRESS || total >= MAX_PENDING {
        metrics::counter!("plenary_login_limited_total").increment(1);
        return Err(Failed::Limited);
    }
    let begun = relying.begin().await?;
    sqlx::query(
        "INSERT INTO sign_in_requests (state_hash, nonce, verifier, next, lang, from_ip, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(crypto::token_hash(&begun.state))
    .bind(&begun.nonce)
    .bind(&begun.verifier)
    .bind(next)
    .bind(lang.as_str())
    .bind(&ip_text)
    .bind(now)
    .execute(&state.db)
    .await?;
    Ok(Begun {
        provider_url: begun.url,
        state: begun.state,
    })
}

/// What came back from the provider.
#[derive(Debug)]
pub struct Returned<'a> {
    /// The `state` the provider sent back.
    pub state: &'a str,
    /// The state the browser kept since it began (its cookie).
    pub kept: Option<&'a str>,
    pub code: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// Where a sign-in was going, in the language it began in.
#[derive(Debug, Clone)]
pub struct Going {
    pub next: String,
    pub lang: Option<Language>,
}

/// Finishes a sign-in: the session cookie, who signed in, and where they
/// were going. Every failure after the request is found is audited.
pub async fn finish(
    state: &AppState,
    ip: IpAddr,
    back: Returned<'_>,
) -> Result<(String, Caller, Going), (Failed, Option<Going>)> {
    // The state must come back to the browser that began the sign-in: a
    // link with someone else's code would sign this browser in as them.
    let same_browser = back
        .kept
        .is_some_and(|kept| crypto::constant_time_eq(kept.as_bytes(), back.state.as_bytes()));
    if !same_browser || back.state.is_empty() || back.state.len() > 512 {
        return Err((Failed::Expired, None));
    }
    // Taken out as it is read: a request finishes once.
    let row = sqlx::query(
        "DELETE FROM sign_in_requests WHERE state_hash = $1 \
         RETURNING nonce, verifier, next, lang, created_at",
    )
    .bind(crypto::token_hash(back.state))
    .fetch_optional(&state.db)
    .await
    .map_err(|e| (e.into(), None))?;
    let Some(row) = row else {
        return Err((Failed::Expired, None));
    };
    let read = |name: &str| row.try_get::<String, _>(name);
    let (nonce, verifier, next) = match (read("nonce"), read("verifier"), read("next")) {
        (Ok(n), Ok(v), Ok(x)) => (n, v, x),
        _ => return Err((Failed::Expired, None)),
    };
    let next = Going {
        next,
        lang: read("lang").ok().and_then(|l| Language::parse(&l)),
    };
    let created: i64 = row.try_get("created_at").unwrap_or(0);
    if created < db::now() - REQUEST_TTL_SECS {
        return Err((Failed::Expired, Some(next)));
    }
    match sign_in(state, ip, &back, &nonce, &verifier).await {
        Ok((cookie, caller)) => Ok((cookie, caller, next)),
        Err(failed) => {
            refused(state, ip, &failed).await;
            Err((failed, Some(next)))
        }
    }
}

async fn sign_in(
    state: &AppState,
    ip: IpAddr,
    back: &Returned<'_>,
    nonce: &str,
    verifier: &str,
) -> Result<(String, Caller), Failed> {
    let relying = state.oidc.as_ref().ok_or(Failed::Expired)?;
    if let Some(error) = back.error {
        // The provider's error code, as it said it, but never a log line's
        // worth of anything else.
        let code = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        return Err(Failed::Declined(code));
    }
    let code = back
        .code
        .filter(|c| !c.is_empty() && c.len() <= 2048)
        .ok_or_else(|| Failed::Declined("no code".into()))?;
    let identity = relying.finish(code, nonce, verifier).await?;
    let issuer = &relying.config().issuer;
    let user = who(&state.db, issuer, &identity).await?;
    let user = apply_claims(state, ip, issuer, &identity, user).await?;
    let detail = serde_json::json!({ "via": "organisation" });
    Ok(open_session(state, user, ip, detail).await?)
}

/// Who the provider's person is here (rules::who over the two lookups).
async fn who(db: &Db, issuer: &str, identity: &Identity) -> Result<(User, bool), Failed> {
    let by_subject = match linked_user(db, issuer, &identity.subject).await? {
        Some(id) => crate::users::get_user(db, id).await?,
        None => None,
    };
    let by_email = match &identity.email {
        Some(email) if by_subject.is_none() => {
            match crate::users::find_user_by_email(db, email).await? {
                Some((user, _)) => {
                    let linked = has_identity(db, user.id, issuer).await?;
                    Some((user, linked))
                }
                None => None,
            }
        }
        _ => None,
    };
    let account = |user: &User, linked: bool| Account {
        id: user.id,
        disabled: user.disabled,
        linked,
    };
    let vouched = Vouched {
        email: identity.email.as_deref(),
        email_verified: identity.email_verified,
    };
    let decided = rules::who(
        by_subject.as_ref().map(|u| account(u, true)),
        by_email.as_ref().map(|(u, linked)| account(u, *linked)),
        vouched,
    )
    .map_err(Failed::Refused)?;
    Ok(match decided {
        Who::Linked(_) => (by_subject.ok_or(Failed::Expired)?, false),
        Who::LinkByEmail(_) => (by_email.ok_or(Failed::Expired)?.0, true),
    })
}

/// Links a first sign-in's subject, and gives the account the role and
/// delegation the operator maps from claims, in one transaction with
/// their audit entries.
async fn apply_claims(
    state: &AppState,
    ip: IpAddr,
    issuer: &str,
    identity: &Identity,
    (before, link): (User, bool),
) -> Result<User, Failed> {
    let settings = relying_settings(state)?;
    let role_values = settings
        .roles
        .as_ref()
        .map(|map| claim_values(identity.claims.get(&map.claim)))
        .unwrap_or_default();
    let role = rules::role_after(before.role, settings.roles.as_ref(), &role_values)
        .map_err(Failed::Refused)?;
    let mapped_delegation = match &settings.delegation_claim {
        None => None,
        Some(claim) => {
            let code = claim_values(identity.claims.get(claim)).into_iter().next();
            let found = match code {
                Some(code) => crate::users::delegation_by_code(&state.db, code.trim()).await?,
                None => None,
            };
            Some(found.map(|d| d.id))
        }
    };
    let delegation = rules::delegation_after(role, before.delegation_id, mapped_delegation)
        .map_err(Failed::Refused)?;
    // An interpreter works into languages the conference managers give:
    // a role from claims cannot bring them.
    if role == Role::Interpreter && before.languages.is_empty() {
        return Err(Failed::Refused(Refused::NoRole));
    }
    let mut user = before.clone();
    user.role = role;
    user.delegation_id = delegation;
    if role != Role::Delegate {
        user.signs_for_delegation = false;
    }
    if role != Role::Interpreter {
        user.languages.clear();
    }
    let changed = user != before;
    if !link && !changed {
        return Ok(user);
    }
    let event = |action| audit::Event::new(action, Some(user.id), Some(ip)).on("user", user.id);
    let mut tx = state.db.begin().await?;
    if link {
        let inserted = sqlx::query(
            "INSERT INTO user_identities (issuer, subject, user_id, linked_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(issuer)
        .bind(&identity.subject)
        .bind(user.id.to_string())
        .bind(db::now())
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            // Another sign-in linked the account (or the subject) first.
            let e = StoreError::from(e);
            return Err(match e.is_unique_violation() {
                true => Failed::Refused(Refused::LinkedElsewhere),
                false => e.into(),
            });
        }
        let detail = serde_json::json!({ "issuer": issuer, "subject": identity.subject });
        audit::write(&mut *tx, &event(AuditAction::IdentityLinked).with(detail)).await?;
    }
    if changed {
        crate::users::update_user(&mut *tx, &user).await?;
        audit_assignment(&mut tx, &event, &before, &user, Some("organisation")).await?;
    }
    tx.commit().await?;
    if user.role != before.role || user.delegation_id != before.delegation_id {
        // A live seat carries the role and delegation it was taken with.
        crate::live::end_user_seats(state, user.id).await?;
    }
    Ok(user)
}

fn relying_settings(state: &AppState) -> Result<&crate::oidc::OidcConfig, Failed> {
    state
        .oidc
        .as_ref()
        .map(|r| r.config())
        .ok_or(Failed::Expired)
}

async fn linked_user(db: &Db, issuer: &str, subject: &str) -> Result<Option<UserId>, StoreError> {
    let row = sqlx::query("SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(db)
        .await?;
    row.map(|r| db::uuid_col(&r, "user_id").map(UserId))
        .transpose()
}

async fn has_identity(db: &Db, user: UserId, issuer: &str) -> Result<bool, StoreError> {
    let row =
        sqlx::query("SELECT 1 AS one FROM user_identities WHERE user_id = $1 AND issuer = $2")
            .bind(user.to_string())
            .bind(issuer)
            .fetch_optional(db)
            .await?;
    Ok(row.is_some())
}

/// Logs, counts and audits a refused sign-in (never the provider's tokens).
async fn refused(state: &AppState, ip: IpAddr, failed: &Failed) {
    let reason = match failed {
        Failed::Refused(why) => match why {
            Refused::NoEmail => "organisation_no_email",
            Refused::EmailNotVerified => "organisation_email_not_verified",
            Refused::NoAccount => "organisation_no_account",
            Refused::LinkedElsewhere => "organisation_linked_elsewhere",
            Refused::Disabled => "disabled",
            Refused::NoRole => "organisation_no_role",
            Refused::NoDelegation => "organisation_no_delegation",
        },
        Failed::Declined(_) => "organisation_declined",
        Failed::Provider(_) => "organisation_provider",
        Failed::Expired | Failed::Limited | Failed::Hub(_) => return,
    };
    tracing::info!(peer = %ip, reason, "sign-in through the organisation refused: {failed}");
    metrics::counter!("plenary_login_failures_total").increment(1);
    let event = audit::Event::new(AuditAction::SignInRefused, None, Some(ip))
        .with(serde_json::json!({ "reason": reason }));
    audit::note(&state.db, event).await;
}
