//! The relying party of OpenID Connect: the authorization code flow with
//! PKCE against the organisation's provider, through `openidconnect` (the
//! provider's discovery document, its keys, the ID token's signature,
//! issuer, audience, expiry and nonce). Knows nothing of the hub's accounts:
//! `single_sign_on` decides who the person is.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse, UserInfoClaims,
};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The provider's settings (configuration keys `oidc_*`).
#[derive(Clone)]
pub struct OidcConfig {
    /// The provider's name as people know it, for the sign-in button.
    pub name: Option<String>,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    pub roles: Option<plenary_rules::single_sign_on::RoleMap>,
    pub delegation_claim: Option<String>,
}

impl std::fmt::Debug for OidcConfig {
    /// Without the client secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("roles", &self.roles)
            .field("delegation_claim", &self.delegation_claim)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider could not be reached or answered nonsense.
    #[error("the OpenID provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider's answer failed a check (signature, nonce, audience...).
    #[error("the OpenID provider's answer was refused: {0}")]
    Refused(String),
}

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Discovery is fetched again after this, so that the provider's new keys
/// and endpoints are taken up without a restart.
const DISCOVERY_TTL: Duration = Duration::from_secs(600);

/// A sign-in begun: where to send the browser, and what to keep (in the
/// hub's store, never in the browser) to finish it.
#[derive(Debug)]
pub struct Begun {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// What the provider vouched for, once every check passed.
#[derive(Debug, Clone)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    /// Every claim of the ID token and the user info, for the mapped ones.
    pub claims: BTreeMap<String, serde_json::Value>,
}

/// Claims beyond the standard ones, kept as they came.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Extra(BTreeMap<String, serde_json::Value>);
impl openidconnect::AdditionalClaims for Extra {}

#[derive(Debug)]
pub struct Relying {
    config: OidcConfig,
    redirect: String,
    http: openidconnect::reqwest::Client,
    client: tokio::sync::Mutex<Option<(Instant, Client)>>,
}

impl Relying {
    /// `redirect` is the hub's callback URL, as registered at the provider.
    pub fn new(config: OidcConfig, redirect: String) -> Result<Relying, OidcError> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send the hub
            // to any address (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| OidcError::Unavailable(e.to_string()))?;
        Ok(Relying {
            config,
            redirect,
            http,
            client: tokio::sync::Mutex::new(None),
        })
    }

    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    /// The client made from the provider's discovery document, fetched
    /// again once it is older than [`DISCOVERY_TTL`] (or `fresh`).
    async fn client(&self, fresh: bool) -> Result<Client, OidcError> {
        let mut cached = self.client.lock().await;
        if let Some((at, client)) = cached.as_ref() {
            if !fresh && at.elapsed() < DISCOVERY_TTL {
                return Ok(client.clone());
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| OidcError::Unavailable(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Unavailable(error_chain(&e)))?;
        let redirect = RedirectUrl::new(self.redirect.clone())
            .map_err(|e| OidcError::Unavailable(e.to_string()))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        *cached = Some((Instant::now(), client.clone()));
        Ok(client)
    }

    /// Begins a sign-in: the provider's URL with a fresh state, nonce and
    /// PKCE challenge (S256).
    pub async fn begin(&self) -> Result<Begun, OidcError> {
        let client = self.client(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Begun {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in: trades the code (with the PKCE verifier) for
    /// tokens, checks the ID token, and reads the user info when the
    /// provider has it (many release email and groups only there).
    pub async fn finish(
        &self,
        code: &str,
        nonce: &str,
        verifier: &str,
    ) -> Result<Identity, OidcError> {
        match self
            .finish_with(self.client(false).await?, code, nonce, verifier)
            .await
        {
            // The provider may have rolled its keys since discovery: once
            // more with fresh keys before refusing. (The code is spent, so
            // only a check, not the exchange, can be retried.)
            Err(Retry::Keys(response)) => {
                let client = self.client(true).await?;
                check_id_token(&client, &response, nonce).map_err(|e| match e {
                    Retry::Keys(_) => OidcError::Refused("ID token signature".into()),
                    Retry::Failed(e) => e,
                })?;
                self.identity(&client, &response, nonce).await
            }
            Err(Retry::Failed(e)) => Err(e),
            Ok(identity) => Ok(identity),
        }
    }

    async fn finish_with(
        &self,
        client: Client,
        code: &str,
        nonce: &str,
        verifier: &str,
    ) -> Result<Identity, Retry> {
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| Retry::Failed(OidcError::Unavailable(e.to_string())))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| Retry::Failed(OidcError::Refused(error_chain(&e))))?;
        check_id_token(&client, &response, nonce)?;
        self.identity(&client, &response, nonce)
            .await
            .map_err(Retry::Failed)
    }

    async fn identity(
        &self,
        client: &Client,
        response: &openidconnect::core::CoreTokenResponse,
        nonce: &str,
    ) -> Result<Identity, OidcError> {
        let id_token = response
            .id_token()
            .ok_or_else(|| OidcError::Refused("no ID token".into()))?;
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce.to_string()))
            .map_err(|e| OidcError::Refused(e.to_string()))?;
        let subject = claims.subject().clone();
        let mut identity = Identity {
            subject: subject.as_str().to_string(),
            email: claims.email().map(|e| e.as_str().to_string()),
            email_verified: claims.email_verified().unwrap_or(false),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_string()),
            claims: id_token_claims(&id_token.to_string()),
        };
        if client.user_info_url().is_some() {
            let info: UserInfoClaims<Extra, CoreGenderClaim> = client
                .user_info(response.access_token().clone(), Some(subject))
                .map_err(|e| OidcError::Unavailable(e.to_string()))?
                .request_async(&self.http)
                .await
                .map_err(|e| OidcError::Refused(error_chain(&e)))?;
            if let Some(email) = info.email() {
                identity.email = Some(email.as_str().to_string());
                identity.email_verified = info.email_verified().unwrap_or(false);
            }
            if let Some(name) = info.name().and_then(|n| n.get(None)) {
                identity.name = Some(name.as_str().to_string());
            }
            identity.claims.extend(info.additional_claims().0.clone());
        }
        Ok(identity)
    }
}

enum Retry {
    /// The ID token's key is unknown: fetch the keys again and re-check.
    Keys(Box<openidconnect::core::CoreTokenResponse>),
    Failed(OidcError),
}

fn check_id_token(
    client: &Client,
    response: &openidconnect::core::CoreTokenResponse,
    nonce: &str,
) -> Result<(), Retry> {
    let id_token = response
        .id_token()
        .ok_or_else(|| Retry::Failed(OidcError::Refused("no ID token".into())))?;
    match id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce.to_string())) {
        Ok(_) => Ok(()),
        Err(openidconnect::ClaimsVerificationError::SignatureVerification(
            openidconnect::SignatureVerificationError::NoMatchingKey,
        )) => Err(Retry::Keys(Box::new(response.clone()))),
        Err(e) => Err(Retry::Failed(OidcError::Refused(e.to_string()))),
    }
}

/// The claims of an ID token whose signature has been checked, as JSON:
/// the typed claims leave out those the operator maps (groups, delegation).
fn id_token_claims(jwt: &str) -> BTreeMap<String, serde_json::Value> {
    use base64::Engine;
    jwt.split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// An error with its causes, for the log (the provider's reason is often
/// two levels down).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The values of a claim that may be a string or a list of strings (both
/// are common for groups); anything else gives none.
pub fn claim_values(claim: Option<&serde_json::Value>) -> Vec<String> {
    match claim {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn claims_are_read_as_a_string_or_a_list_of_strings() {
        assert_eq!(claim_values(Some(&json!("KEN"))), vec!["KEN"]);
        assert_eq!(claim_values(Some(&json!(["a", 1, "b"]))), vec!["a", "b"]);
        assert!(claim_values(Some(&json!({"a": 1}))).is_empty());
        assert!(claim_values(None).is_empty());
    }

    #[test]
    fn the_secret_stays_out_of_debug() {
        let config = OidcConfig {
            name: None,
            issuer: "https://login.example.org".into(),
            client_id: "plenary".into(),
            client_secret: "s3cret-value".into(),
            scopes: vec!["openid".into()],
            roles: None,
            delegation_claim: None,
        };
        assert!(!format!("{config:?}").contains("s3cret"));
    }
}
