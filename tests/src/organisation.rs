//! The organisation's OpenID provider that `infra/oidc.sh` runs (the
//! certified `oidc-provider` package), and a sign-in through it driven over
//! raw HTTP, redirect by redirect, as a browser without JavaScript would.

use crate::{Hub, Resp};
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The accounts the provider knows (infra/oidc/accounts.json).
pub const DELEGATE: (&str, &str) = ("amina.otieno@kenya.example", "kenya-delegate-password");
/// Claims the group `plenary-secretariat`.
pub const OFFICER: (&str, &str) = ("li.wei@secretariat.example", "secretariat-officer-password");
/// Its email is not verified.
pub const UNVERIFIED: (&str, &str) = ("pierre.martin@france.example", "unverified-password");
/// The hub has no account with this email.
pub const STRANGER: (&str, &str) = ("nobody@elsewhere.example", "stranger-password");
/// In the group `visitors` only, which no mapping names.
pub const NO_ROLE: (&str, &str) = ("sam.lee@kenya.example", "no-role-password");

impl Hub {
    /// An account of the hub for `person` (their email at the provider), as
    /// the secretariat provisions it before its owner first signs in through
    /// the organisation; its id.
    pub async fn provision(
        &self,
        (email, name): (&str, &str),
        role: &str,
        delegation: Option<&str>,
    ) -> String {
        let r = self
            .admin()
            .await
            .post(
                "/api/v1/users",
                json!({"email": email, "name": name, "role": role,
                       "delegation_id": delegation, "password": "a password nobody types"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["id"].as_str().expect("id").to_string()
    }
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub issuer: String,
    http: reqwest::Client,
}

impl Provider {
    pub fn from_env() -> Provider {
        let issuer = std::env::var("PLENARY_TEST_OIDC_ISSUER").unwrap_or_else(|_| {
            panic!("PLENARY_TEST_OIDC_ISSUER is not set: run ./infra/test.sh, which starts the OpenID provider (infra/oidc.sh)")
        });
        Provider {
            issuer,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        }
    }

    /// Registers a client (RFC 7591) with this redirect URI: its id and secret.
    pub async fn register(&self, redirect_uri: &str) -> (String, String) {
        let r = self
            .http
            .post(format!("{}/reg", self.issuer))
            .json(&json!({
                "redirect_uris": [redirect_uri],
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_basic",
            }))
            .send()
            .await
            .expect("the OpenID provider answers");
        assert_eq!(r.status().as_u16(), 201, "client registration");
        let client: Value = r.json().await.expect("registration JSON");
        (
            client["client_id"].as_str().expect("client_id").to_string(),
            client["client_secret"]
                .as_str()
                .expect("client_secret")
                .to_string(),
        )
    }
}

/// Cookies as a browser keeps them, by name (paths ignored: one site each).
#[derive(Debug, Default, Clone)]
pub struct Jar(BTreeMap<String, String>);

impl Jar {
    pub fn take(&mut self, headers: &HeaderMap) {
        for value in headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, v)) = pair.split_once('=') {
                match v.is_empty() || value.contains("Max-Age=0") {
                    true => self.0.remove(name.trim()),
                    false => self.0.insert(name.trim().to_string(), v.to_string()),
                };
            }
        }
    }

    pub fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn set(&mut self, name: &str, value: &str) {
        self.0.insert(name.to_string(), value.to_string());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

/// One browser going through the sign-in: its cookies at the hub and at
/// the provider.
#[derive(Debug, Clone)]
pub struct Browser {
    pub http: reqwest::Client,
    pub hub: Jar,
    pub provider: Jar,
}

impl Default for Browser {
    fn default() -> Self {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            hub: Jar::default(),
            provider: Jar::default(),
        }
    }
}

impl Browser {
    /// GETs a URL with the cookies of its site.
    pub async fn get(&mut self, url: &str, at_hub: bool) -> Resp {
        let jar = if at_hub {
            &mut self.hub
        } else {
            &mut self.provider
        };
        let r = self
            .http
            .get(url)
            .header("cookie", jar.header())
            .header("accept-language", "en")
            .send()
            .await
            .expect("request answered");
        jar.take(r.headers());
        let (status, headers) = (r.status().as_u16(), r.headers().clone());
        Resp {
            status,
            headers,
            text: r.text().await.unwrap_or_default(),
        }
    }

    /// The sign-in request the hub tied this browser to (its cookie).
    pub fn sign_in_state(&self) -> String {
        self.hub
            .get("plenary_sign_in")
            .expect("the sign-in request's cookie")
            .to_string()
    }

    /// Comes back to the hub's callback with `query` (raw, as a provider or
    /// an attacker would send it): the hub's answer.
    pub async fn callback(&mut self, hub: &Hub, query: &str) -> Resp {
        self.get(
            &format!("{}/sign-in/organisation/callback?{query}", hub.url),
            true,
        )
        .await
    }

    /// From the hub's "sign in with your organisation" to the provider's
    /// sign-in form: the form's action.
    pub async fn to_provider_form(&mut self, hub: &Hub, next: &str) -> String {
        let r = self
            .get(
                &format!("{}/sign-in/organisation?next={next}&lang=en", hub.url),
                true,
            )
            .await;
        assert_eq!(
            r.status, 303,
            "the hub sends the browser to the provider: {}",
            r.text
        );
        let mut url = r.header("location").expect("location").to_string();
        // The provider's authorization endpoint, then its own sign-in page.
        for _ in 0..4 {
            let r = self.get(&url, false).await;
            if r.status == 200 {
                let action = r
                    .text
                    .split("action=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .expect("the provider's sign-in form");
                return format!("{}{action}", provider_origin(&url));
            }
            assert_eq!(r.status, 303, "provider at {url}: {}", r.text);
            url = absolute(&url, r.header("location").expect("location"));
        }
        panic!("the provider never showed its sign-in form");
    }

    /// Signs in at the provider and follows it back to the hub: the hub's
    /// answer to the callback.
    pub async fn sign_in_at_provider(&mut self, form: &str, account: (&str, &str)) -> Resp {
        let r = self
            .http
            .post(form)
            .header("cookie", self.provider.header())
            .form(&[("login", account.0), ("password", account.1)])
            .send()
            .await
            .expect("the provider answers");
        self.provider.take(r.headers());
        assert_eq!(r.status().as_u16(), 303, "signed in at the provider");
        let mut url = absolute(form, location(r.headers()));
        for _ in 0..4 {
            let at_hub = !url.starts_with(&provider_origin(form));
            let r = self.get(&url, at_hub).await;
            if at_hub {
                return r;
            }
            assert_eq!(r.status, 303, "provider at {url}: {}", r.text);
            url = absolute(&url, r.header("location").expect("location"));
        }
        panic!("the provider never sent the browser back to the hub");
    }

    /// The whole way: the hub's answer to the callback.
    pub async fn sign_in(&mut self, hub: &Hub, account: (&str, &str)) -> Resp {
        let form = self.to_provider_form(hub, "/journal").await;
        self.sign_in_at_provider(&form, account).await
    }

    /// The hub's session cookie as a `Cookie` header, once signed in.
    pub fn session(&self) -> Option<String> {
        self.hub
            .get("plenary_session")
            .map(|v| format!("plenary_session={v}"))
    }
}

fn location(headers: &HeaderMap) -> &str {
    headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("location")
}

fn provider_origin(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split('/').next().unwrap_or_default();
    format!("{}://{host}", url.split("://").next().unwrap_or("http"))
}

fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else {
        format!("{}{location}", provider_origin(base))
    }
}
