//! The one typed configuration, loaded once at start from an optional
//! `plenary.toml` and `PLENARY_*` environment variables (environment wins).
//!
//! Every key is listed in [`KEYS`] with its documentation; README's
//! configuration table is written from it. Any key may instead be read from a
//! file by appending `_FILE` (`PLENARY_DATABASE_URL_FILE`, `admin_password_file`),
//! which keeps secrets out of the environment and the config file.
//!
//! Nothing below `main` reads the environment: the loaded [`Config`] is passed down.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod keys;

pub use keys::{Key, KEYS};

/// A configuration problem, phrased to say which key and what would be valid.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

/// The validated configuration. Its `Debug` leaves secrets out (see below).
#[derive(Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data: PathBuf,
    pub database_url: String,
    /// Without trailing slash.
    pub public_url: String,
    /// This node's own URL (without trailing slash); `public_url` for one node.
    pub node_url: String,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    pub session_ttl: Duration,
    /// A session unused this long is no longer accepted.
    pub session_idle: Duration,
    pub cookie_secure: bool,
    pub max_body_bytes: usize,
    pub max_upload_bytes: u64,
    /// Memory for small files kept for downloads.
    pub file_cache_bytes: u64,
    /// Budgets of failed sign-ins.
    pub login: crate::login_limit::LoginPolicy,
    /// Timeouts and the connection cap at the HTTP edge.
    pub edge: crate::edge::EdgeLimits,
    /// Searches a minute per client address without signing in.
    pub anonymous_search_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<crate::client_addr::IpRange>,
    /// Roles that must sign in with two factors.
    pub two_factor_roles: Vec<plenary_protocol::api::Role>,
    pub db_max_connections: u32,
    pub log: String,
    /// Where archived files live.
    pub objects: crate::objects::ObjectsConfig,
    /// `None` keeps live meeting state in this process.
    pub redis_url: Option<String>,
    pub live_grace: Duration,
    pub live_max_participants: usize,
    /// Seats one user may hold in one meeting at once.
    pub live_max_seats_per_user: usize,
    /// The SFU's sockets, addresses and ICE servers.
    pub media: plenary_signaling::media::MediaConfig,
    /// Other nodes' origins the pages may open media connections to.
    pub media_origins: Vec<String>,
    /// Fallback fonts for PDFs, after the embedded DejaVu Sans.
    pub pdf_fonts: Vec<PathBuf>,
    /// How PDFs' text is read for search: a bounded child process.
    pub pdf_text: crate::pdftext::PdfText,
    /// The browser part's build; `None` serves pages without the meeting room.
    pub browser_dir: Option<PathBuf>,
    /// Where `/metrics` is served alone, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// The token that opens `/metrics` on the main address, if any.
    pub metrics_token: Option<String>,
    /// The organisation's OpenID provider, if users sign in through one.
    pub oidc: Option<crate::oidc::OidcConfig>,
    /// Whether passwords sign users in (off: only the OpenID provider does).
    pub password_sign_in: bool,
    /// Things worth telling the operator that do not stop the start.
    pub warnings: Vec<String>,
}

/// Whether a URL names this machine (127.0.0.0/8, ::1 or localhost): the
/// only place a hub may be reached without TLS.
fn on_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A URL with any password in it replaced, for logs.
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}:(hidden){}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

impl std::fmt::Debug for Config {
    /// Written by hand so that no secret reaches a log or a panic message:
    /// the admin password is left out and URLs lose their passwords (the
    /// object store's and TURN's secrets are left out by their own `Debug`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("data", &self.data)
            .field("database_url", &without_password(&self.database_url))
            .field("public_url", &self.public_url)
            .field("node_url", &self.node_url)
            .field("media_origins", &self.media_origins)
            .field("admin_email", &self.admin_email)
            .field("session_ttl", &self.session_ttl)
            .field("session_idle", &self.session_idle)
            .field("cookie_secure", &self.cookie_secure)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("file_cache_bytes", &self.file_cache_bytes)
            .field("login", &self.login)
            .field("edge", &self.edge)
            .field(
                "anonymous_search_per_minute",
                &self.anonymous_search_per_minute,
            )
            .field("trusted_proxies", &self.trusted_proxies)
            .field("two_factor_roles", &self.two_factor_roles)
            .field("db_max_connections", &self.db_max_connections)
            .field("log", &self.log)
            .field("objects", &self.objects)
            .field(
                "redis_url",
                &self.redis_url.as_deref().map(without_password),
            )
            .field("live_grace", &self.live_grace)
            .field("live_max_participants", &self.live_max_participants)
            .field("live_max_seats_per_user", &self.live_max_seats_per_user)
            .field("media", &self.media)
            .field("pdf_fonts", &self.pdf_fonts)
            .field("pdf_text", &self.pdf_text)
            .field("browser_dir", &self.browser_dir)
            .field("metrics_addr", &self.metrics_addr)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "(set)"),
            )
            .field("oidc", &self.oidc)
            .field("password_sign_in", &self.password_sign_in)
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Loads from the process environment and `PLENARY_CONFIG` (or `./plenary.toml` when present).
    pub fn load() -> Result<Config, ConfigError> {
        Config::from_env(&std::env::vars().collect())
    }

    /// Loads from the given environment; the config file is named by
    /// `PLENARY_CONFIG` there, else `./plenary.toml` is used when it exists.
    pub fn from_env(env: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let file = match env.get("PLENARY_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("plenary.toml")).filter(|p| p.exists()),
        };
        let file_text = match &file {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                ConfigError(format!("cannot read config file {}: {e}", path.display()))
            })?),
            None => None,
        };
        Config::from_sources(env, file_text.as_deref())
    }

    /// Merges a `plenary.toml` text (optional) and environment variables, then validates.
    pub fn from_sources(
        env: &HashMap<String, String>,
        toml_text: Option<&str>,
    ) -> Result<Config, ConfigError> {
        let mut raw = Raw::default();
        if let Some(text) = toml_text {
            raw.merge_toml(text)?;
        }
        raw.merge_env(env)?;
        raw.into_config()
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://")
    }
}

/// Values before typing, with where each came from for error messages.
#[derive(Default)]
struct Raw {
    values: BTreeMap<&'static str, (String, String)>,
    warnings: Vec<String>,
}

fn key_named(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

fn valid_names() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

fn read_secret_file(path: &str, source: &str) -> Result<String, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("{source}: cannot read file {path}: {e}")))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

impl Raw {
    fn set(&mut self, name: &str, value: String, source: String) -> Result<(), ConfigError> {
        let (key_name, is_file) = match name.strip_suffix("_file") {
            Some(base) if key_named(base).is_some() => (base, true),
            _ => (name, false),
        };
        let key = key_named(key_name).ok_or_else(|| {
            ConfigError(format!(
                "{source}: unknown key `{name}`; valid keys: {}",
                valid_names()
            ))
        })?;
        let value = if is_file {
            read_secret_file(&value, &source)?
        } else {
            value
        };
        self.values.insert(key.name, (value, source));
        Ok(())
    }

    fn merge_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e| ConfigError(format!("plenary.toml is not valid TOML: {e}")))?;
        for (name, value) in table {
            let source = format!("`{name}` in plenary.toml");
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(ConfigError(format!(
                        "{source}: expected a string, integer or boolean, found {}",
                        other.type_str()
                    )))
                }
            };
            self.set(&name, value, source)?;
        }
        Ok(())
    }

    fn merge_env(&mut self, env: &HashMap<String, String>) -> Result<(), ConfigError> {
        let mut names: Vec<_> = env.keys().filter(|k| k.starts_with("PLENARY_")).collect();
        names.sort();
        for var in names {
            if var == "PLENARY_CONFIG" || var.starts_with("PLENARY_TEST_") {
                continue;
            }
            let name = var["PLENARY_".len()..].to_ascii_lowercase();
            let base = name.strip_suffix("_file").unwrap_or(&name);
            if key_named(base).is_none() {
                self.warnings.push(format!(
                    "ignoring unknown environment variable {var}; valid keys: {}",
                    valid_names()
                ));
                continue;
            }
            self.set(&name, env[var].clone(), var.clone())?;
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<(&str, &str)> {
        self.values.get(name).map(|(v, s)| (v.as_str(), s.as_str()))
    }

    /// A key's value, or the default `KEYS` gives it (for keys whose default
    /// is a value, not a description of one), with where it came from.
    fn text(&self, name: &'static str) -> (&str, &str) {
        self.get(name).unwrap_or_else(|| {
            let default = KEYS
                .iter()
                .find(|k| k.name == name)
                .map_or("", |k| k.default);
            (default, name)
        })
    }

    /// A whole-number key within the bounds `KEYS` gives it, or its default there.
    fn whole(&self, name: &str) -> Result<u64, ConfigError> {
        let default = KEYS
            .iter()
            .find(|k| k.name == name)
            .and_then(|k| k.default.parse().ok())
            .ok_or_else(|| ConfigError(format!("{name} has no numeric default in KEYS")))?;
        self.whole_or(name, default)
    }

    /// A whole-number key within the bounds `KEYS` gives it, or `default`.
    fn whole_or(&self, name: &str, default: u64) -> Result<u64, ConfigError> {
        let (min, max) = KEYS
            .iter()
            .find(|k| k.name == name)
            .and_then(|k| k.range)
            .ok_or_else(|| ConfigError(format!("{name} has no bounds in KEYS")))?;
        let Some((value, source)) = self.get(name) else {
            return Ok(default);
        };
        match value.trim().parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ConfigError(format!(
                "{source} = {value:?} is not valid; expected a whole number from {min} to {max}"
            ))),
        }
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|(v, _)| {
                v.split(',')
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The OpenID provider's settings, all or none of the required ones.
    fn oidc(&self) -> Result<Option<crate::oidc::OidcConfig>, ConfigError> {
        let Some((issuer, source)) = self.get("oidc_issuer") else {
            for key in [
                "oidc_client_id",
                "oidc_client_secret",
                "oidc_role_claim",
                "oidc_roles",
                "oidc_delegation_claim",
            ] {
                if self.get(key).is_some() {
                    return Err(ConfigError(format!(
                        "{key} is set but oidc_issuer is not: set oidc_issuer to the provider's issuer URL, or remove {key}"
                    )));
                }
            }
            return Ok(None);
        };
        let issuer = issuer.trim().trim_end_matches('/').to_string();
        if !(issuer.starts_with("https://")
            || issuer.starts_with("http://") && on_loopback(&issuer))
        {
            return Err(ConfigError(format!(
                "{source} = {issuer:?} is not valid; expected the provider's https:// issuer URL (http:// only on loopback), e.g. https://login.example.org/realms/un"
            )));
        }
        let required = |name: &str| {
            self.get(name)
                .map(|(v, _)| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| {
                    ConfigError(format!(
                        "oidc_issuer is set, so {name} is required too (PLENARY_{} or {name}_file): the provider gives it when the hub is registered as a client",
                        name.to_ascii_uppercase()
                    ))
                })
        };
        let client_id = required("oidc_client_id")?;
        let client_secret = required("oidc_client_secret")?;
        let mut scopes: Vec<String> = vec!["openid".into(), "email".into()];
        for scope in self.text("oidc_scopes").0.split_whitespace() {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_string());
            }
        }
        let roles = match (self.get("oidc_role_claim"), self.get("oidc_roles")) {
            (None, None) => None,
            (Some((claim, _)), Some((map, source))) => Some(
                plenary_rules::single_sign_on::RoleMap::parse(claim.trim(), map)
                    .map_err(|m| ConfigError(format!("{source}: {m}")))?,
            ),
            (Some(_), None) | (None, Some(_)) => {
                return Err(ConfigError(
                    "oidc_role_claim and oidc_roles go together: name the claim and map its values to roles, or set neither".into(),
                ))
            }
        };
        let name = match self.get("oidc_name") {
            None => None,
            Some((name, source)) => {
                let name = name.trim();
                if name.is_empty()
                    || name.chars().count() > 60
                    || name.chars().any(char::is_control)
                {
                    return Err(ConfigError(format!(
                        "{source} = {name:?} is not valid; expected the provider's name as people know it, 1 to 60 characters, e.g. Unite ID"
                    )));
                }
                Some(name.to_string())
            }
        };
        let delegation_claim = self
            .get("oidc_delegation_claim")
            .map(|(v, _)| v.trim().to_string())
            .filter(|v| !v.is_empty());
        Ok(Some(crate::oidc::OidcConfig {
            name,
            issuer,
            client_id,
            client_secret,
            scopes,
            roles,
            delegation_claim,
        }))
    }

    fn media(&self) -> Result<plenary_signaling::media::MediaConfig, ConfigError> {
        use plenary_signaling::media::{MediaConfig, PeerAddresses, TurnConfig};
        let ip = |name: &str| -> Result<Option<std::net::IpAddr>, ConfigError> {
            match self.get(name) {
                None => Ok(None),
                Some((v, source)) => v.parse().map(Some).map_err(|_| {
                    ConfigError(format!("{source} is not an IP address, e.g. 203.0.113.7"))
                }),
            }
        };
        let mut media = MediaConfig::default();
        if let Some(bind) = ip("media_bind")? {
            if bind.is_unspecified() {
                return Err(ConfigError(
                    "media_bind must name one interface's address, not 0.0.0.0 or ::".into(),
                ));
            }
            media.bind = bind;
        }
        media.public_ip = ip("media_public_ip")?;
        media.peer_addresses = match self.get("media_peer_addresses") {
            None => PeerAddresses::for_node(media.bind, media.public_ip),
            Some((value, source)) => PeerAddresses::parse(value.trim()).ok_or_else(|| {
                ConfigError(format!(
                    "{source} = {value:?} is not valid; expected public, private or loopback"
                ))
            })?,
        };
        media.room.open_microphones = usize::try_from(
            self.whole_or("media_open_microphones", media.room.open_microphones as u64)?,
        )
        .map_err(|_| ConfigError("media_open_microphones does not fit this machine".into()))?;
        media.workers = usize::try_from(self.whole_or("media_workers", media.workers as u64)?)
            .map_err(|_| ConfigError("media_workers does not fit this machine".into()))?;
        if let Some((range, source)) = self.get("media_ports") {
            let parsed = range
                .split_once('-')
                .and_then(|(a, b)| {
                    Some((a.trim().parse::<u16>().ok()?, b.trim().parse::<u16>().ok()?))
                })
                .filter(|(a, b)| *a >= 1024 && a <= b);
            media.ports = Some(parsed.ok_or_else(|| {
                ConfigError(format!(
                    "{source} is not a port range; expected LOW-HIGH with 1024 <= LOW <= HIGH, e.g. 40000-40999"
                ))
            })?);
        }
        if self.get("media_relay_port").is_some() {
            let port = u16::try_from(self.whole_or("media_relay_port", 0)?)
                .map_err(|_| ConfigError("media_relay_port must be 0 to 65535".into()))?;
            let secret = self.get("media_relay_secret").map(|(v, _)| v.to_string()).ok_or_else(|| {
                ConfigError("media_relay_port is set, so media_relay_secret is required too (PLENARY_MEDIA_RELAY_SECRET or media_relay_secret_file), the same on every node".into())
            })?;
            if secret.chars().count() < 32 {
                return Err(ConfigError(
                    "media_relay_secret must be 32 characters or more".into(),
                ));
            }
            media.relay = Some(plenary_signaling::media::RelayConfig {
                bind: std::net::SocketAddr::new(media.bind, port),
                key: plenary_signaling::media::relay::RelayKey::from_secret(&secret),
            });
        }
        media.capacity =
            usize::try_from(self.whole_or("media_node_capacity", media.capacity as u64)?)
                .map_err(|_| ConfigError("media_node_capacity does not fit this machine".into()))?;
        media.stun = self.list("stun_urls");
        if let Some(bad) = media.stun.iter().find(|u| !u.starts_with("stun:")) {
            return Err(ConfigError(format!("stun_urls: {bad} is not a stun: URL")));
        }
        let turn = self.list("turn_urls");
        if !turn.is_empty() {
            if let Some(bad) = turn
                .iter()
                .find(|u| !(u.starts_with("turn:") || u.starts_with("turns:")))
            {
                return Err(ConfigError(format!(
                    "turn_urls: {bad} is not a turn: or turns: URL"
                )));
            }
            let secret = self.get("turn_secret").map(|(v, _)| v.to_string()).ok_or_else(|| {
                ConfigError("turn_urls is set, so turn_secret is required too (PLENARY_TURN_SECRET or turn_secret_file)".into())
            })?;
            if secret.len() < 16 {
                return Err(ConfigError(
                    "turn_secret must be 16 characters or more".into(),
                ));
            }
            media.turn = Some(TurnConfig {
                urls: turn,
                secret,
                ttl: Duration::from_secs(self.whole("turn_ttl_secs")?),
            });
        }
        Ok(media)
    }

    fn into_config(mut self) -> Result<Config, ConfigError> {
        let addr = {
            let (value, source) = self.text("addr");
            value.parse().map_err(|_| {
                ConfigError(format!(
                    "{source} = {value:?} is not a socket address; expected host:port such as 127.0.0.1:8080 or [::1]:8080"
                ))
            })?
        };
        let data = PathBuf::from(self.text("data").0);
        if data.as_os_str().is_empty() {
            return Err(ConfigError(
                "data is empty; expected a folder path such as ./data".into(),
            ));
        }
        let database_url = match self.get("database_url") {
            None => sqlite_url(&data.join("plenary.db")),
            Some((value, source)) => {
                let ok = ["sqlite:", "postgres://", "postgresql://"]
                    .iter()
                    .any(|p| value.starts_with(p));
                if !ok {
                    // The value may hold a password: do not echo it.
                    return Err(ConfigError(format!(
                        "{source} is not a supported database URL; expected sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
                    )));
                }
                value.to_string()
            }
        };
        let public_url = match self.get("public_url") {
            None => format!("http://{addr}"),
            Some((value, source)) => {
                let trimmed = value.trim_end_matches('/');
                let rest = trimmed
                    .strip_prefix("https://")
                    .or_else(|| trimmed.strip_prefix("http://"));
                match rest {
                    Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', ' ']) => {
                        trimmed.to_string()
                    }
                    _ => {
                        return Err(ConfigError(format!(
                            "{source} = {value:?} is not valid; expected an origin such as https://plenary.example.org (scheme and host, no path)"
                        )))
                    }
                }
            }
        };
        let admin_email = self
            .get("admin_email")
            .map(|(v, _)| v.trim().to_ascii_lowercase());
        let admin_password = self.get("admin_password").map(|(v, _)| v.to_string());
        if let (Some(email), Some((_, source))) = (&admin_email, self.get("admin_email")) {
            crate::validate::email(email)
                .map_err(|m| ConfigError(format!("{source} = {email:?}: {m}")))?;
        }
        if let (Some(password), Some((_, source))) = (&admin_password, self.get("admin_password")) {
            let own: Vec<&str> = admin_email.iter().map(String::as_str).collect();
            crate::validate::password(password, &own)
                .map_err(|m| ConfigError(format!("{source}: {m}")))?;
        }
        if admin_email.is_some() != admin_password.is_some() {
            return Err(ConfigError(
                "admin_email and admin_password go together: set both (PLENARY_ADMIN_EMAIL and PLENARY_ADMIN_PASSWORD) or neither".into(),
            ));
        }
        let cookie_secure = match self.get("cookie_secure") {
            None => public_url.starts_with("https://") || !on_loopback(&public_url),
            Some((value, source)) => match value.trim() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => {
                    return Err(ConfigError(format!(
                        "{source} = {value:?} is not valid; expected true or false"
                    )))
                }
            },
        };
        if cookie_secure && public_url.starts_with("http://") {
            self.warnings.push(format!(
                "public_url {public_url} is plain HTTP off loopback, so the session cookie is Secure and browsers will not keep it: serve the hub behind TLS with an https:// public_url (or set cookie_secure = false on a network you trust)"
            ));
        }
        let log = self.text("log").0.to_string();
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&log) {
            return Err(ConfigError(format!(
                "log = {log:?} is not a valid filter ({e}); expected e.g. info or plenary_server=debug"
            )));
        }
        let objects = match self.get("s3_endpoint") {
            None => crate::objects::ObjectsConfig::Local(data.join("objects")),
            Some((endpoint, source)) => {
                if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                    return Err(ConfigError(format!(
                        "{source} = {endpoint:?} is not valid; expected a URL such as https://s3.example.org or http://127.0.0.1:3900"
                    )));
                }
                let required = |name: &str| {
                    self.get(name).map(|(v, _)| v.to_string()).ok_or_else(|| {
                        ConfigError(format!(
                            "s3_endpoint is set, so {name} is required too (PLENARY_{} or {name} in plenary.toml)",
                            name.to_ascii_uppercase()
                        ))
                    })
                };
                crate::objects::ObjectsConfig::S3 {
                    endpoint: endpoint.trim_end_matches('/').to_string(),
                    bucket: self.text("s3_bucket").0.to_string(),
                    region: self.text("s3_region").0.to_string(),
                    access_key_id: required("s3_access_key_id")?,
                    secret_access_key: required("s3_secret_access_key")?,
                }
            }
        };
        let redis_url = match self.get("redis_url") {
            None => None,
            Some((url, source)) => {
                if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                    return Err(ConfigError(format!(
                        "{source} is not a Redis URL; expected redis://HOST:PORT or rediss://HOST:PORT"
                    )));
                }
                Some(url.to_string())
            }
        };
        let pdf_fonts = match self.get("pdf_fonts") {
            Some((list, source)) => {
                let paths: Vec<PathBuf> = list
                    .split(':')
                    .filter(|p| !p.trim().is_empty())
                    .map(PathBuf::from)
                    .collect();
                if let Some(missing) = paths.iter().find(|p| !p.is_file()) {
                    return Err(ConfigError(format!(
                        "{source}: no font file at {}; give paths of .ttf or .ttc files separated by ':'",
                        missing.display()
                    )));
                }
                paths
            }
            None => {
                let mut found: Vec<PathBuf> = CJK_FONTS
                    .iter()
                    .map(PathBuf::from)
                    .filter(|p| p.is_file())
                    .take(1)
                    .collect();
                if found.is_empty() {
                    self.warnings.push(
                        "no font for Chinese found: Chinese text in published PDFs shows as empty boxes \
                         (install Debian's fonts-droid-fallback, or set pdf_fonts)"
                            .into(),
                    );
                }
                let naskh: Vec<PathBuf> = ARABIC_FONTS
                    .iter()
                    .map(PathBuf::from)
                    .filter(|p| p.is_file())
                    .collect();
                if naskh.is_empty() {
                    self.warnings.push(
                        "no Naskh font for Arabic found: published Arabic PDFs are set in DejaVu Sans \
                         (install Debian's fonts-hosny-amiri, or set pdf_fonts)"
                            .into(),
                    );
                }
                found.extend(naskh);
                found
            }
        };
        let pdf_program = match self.get("pdf_text_program") {
            Some((value, source)) => {
                let path = PathBuf::from(value);
                if !path.is_file() {
                    return Err(ConfigError(format!(
                        "{source}: no program at {value}; name the plenary binary"
                    )));
                }
                path
            }
            None => std::env::current_exe().map_err(|e| {
                ConfigError(format!(
                    "cannot tell where this program is ({e}); set pdf_text_program to the plenary binary"
                ))
            })?,
        };
        let pdf_text = crate::pdftext::PdfText::this_binary(
            pdf_program,
            self.whole("pdf_text_memory_mb")? << 20,
            Duration::from_secs(self.whole("pdf_text_seconds")?),
        );
        let browser_dir = match self.get("browser_dir") {
            None => None,
            Some((value, source)) => {
                let dir = PathBuf::from(value);
                if let Some((missing, _)) = crate::browser::FILES
                    .iter()
                    .find(|(file, _)| !dir.join(file).is_file())
                {
                    return Err(ConfigError(format!(
                        "{source}: {} has no {missing}; build the browser part with `infra/wasm.sh build` and name its output folder",
                        dir.display()
                    )));
                }
                Some(dir)
            }
        };
        let node_url = match self.get("node_url") {
            None => public_url.clone(),
            Some((value, source)) => {
                let trimmed = value.trim_end_matches('/');
                if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
                    return Err(ConfigError(format!(
                        "{source} = {value:?} is not valid; expected this node's origin such as https://node-2.plenary.example.org"
                    )));
                }
                trimmed.to_string()
            }
        };
        let metrics_addr = match self.get("metrics_addr") {
            None => None,
            Some((value, source)) => Some(value.parse().map_err(|_| {
                ConfigError(format!(
                    "{source} = {value:?} is not a socket address; expected host:port such as 10.0.0.5:9464"
                ))
            })?),
        };
        let metrics_token = match self.get("metrics_token") {
            None => None,
            Some((value, source)) if value.len() < 32 => {
                return Err(ConfigError(format!(
                    "{source} must be 32 characters or more (a random token, such as `openssl rand -hex 32` gives)"
                )))
            }
            Some((value, _)) => Some(value.to_string()),
        };
        let oidc = self.oidc()?;
        let (value, source) = self.text("password_sign_in");
        let password_sign_in = match value.trim() {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => {
                return Err(ConfigError(format!(
                    "{source} = {value:?} is not valid; expected true or false"
                )))
            }
        };
        if !password_sign_in && oidc.is_none() {
            return Err(ConfigError(
                "password_sign_in = false leaves no way to sign in: set oidc_issuer (with oidc_client_id and oidc_client_secret) too, or keep password sign-in".into(),
            ));
        }
        let media = self.media()?;
        let media_origins = self.list("media_origins");
        if let Some(bad) = media_origins.iter().find(|o| !is_connect_source(o)) {
            return Err(ConfigError(format!(
                "media_origins: {bad:?} is not an origin pages may connect to; expected wss://host, wss://*.domain or ws://host:port (a port may be *)"
            )));
        }
        if media.relay.is_some()
            && media_origins.is_empty()
            && origin_of(&node_url) != origin_of(&public_url)
        {
            // The socket origin of this very node is always a right answer; a
            // wildcard guessed from its host name is not (an address has none).
            let own = origin_of(&node_url)
                .replacen("https://", "wss://", 1)
                .replacen("http://", "ws://", 1);
            self.warnings.push(format!(
                "node_url {node_url} is not the public URL's origin: pages served by other nodes cannot open media connections here until media_origins names this node's origin (for example {own}), so joiners sent here by a full node get no media"
            ));
        }
        Ok(Config {
            oidc,
            password_sign_in,
            media_origins,
            metrics_addr,
            metrics_token,
            node_url,
            media,
            objects,
            redis_url,
            pdf_fonts,
            pdf_text,
            browser_dir,
            live_grace: Duration::from_secs(self.whole("live_grace_secs")?),
            live_max_participants: self.whole("live_max_participants")? as usize,
            live_max_seats_per_user: self.whole("live_max_seats_per_user")? as usize,
            addr,
            database_url,
            public_url,
            admin_email,
            admin_password,
            session_ttl: Duration::from_secs(3600 * self.whole("session_hours")?),
            session_idle: Duration::from_secs(60 * self.whole("session_idle_minutes")?),
            cookie_secure,
            max_body_bytes: self.whole("max_body_bytes")? as usize,
            max_upload_bytes: self.whole("max_upload_bytes")?,
            file_cache_bytes: self.whole("file_cache_bytes")?,
            login: crate::login_limit::LoginPolicy {
                per_pair: self.whole("login_max_failures")? as u32,
                per_account: self.whole("login_max_failures_per_account")? as u32,
                per_address: self.whole("login_max_failures_per_address")? as u32,
                window: Duration::from_secs(self.whole("login_window_secs")?),
            },
            anonymous_search_per_minute: self.whole("anonymous_search_per_minute")? as u32,
            edge: crate::edge::EdgeLimits {
                header_timeout: Duration::from_secs(self.whole("http_header_timeout_secs")?),
                request_timeout: Duration::from_secs(self.whole("http_request_timeout_secs")?),
                idle_timeout: Duration::from_secs(self.whole("http_idle_timeout_secs")?),
                max_connections: usize::try_from(self.whole("http_max_connections")?).map_err(
                    |_| ConfigError("http_max_connections does not fit this machine".into()),
                )?,
            },
            two_factor_roles: self
                .list("two_factor_roles")
                .iter()
                .map(|r| {
                    plenary_protocol::api::Role::parse(r).ok_or_else(|| {
                        ConfigError(format!(
                            "two_factor_roles: {r:?} is not a role; the roles are {}",
                            plenary_protocol::api::Role::ALL
                                .map(|r| r.as_str())
                                .join(", ")
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
            trusted_proxies: self
                .list("trusted_proxies")
                .iter()
                .map(|r| r.parse())
                .collect::<Result<_, String>>()
                .map_err(|e| ConfigError(format!("trusted_proxies: {e}")))?,
            db_max_connections: self.whole("db_max_connections")? as u32,
            log,
            data,
            warnings: self.warnings,
        })
    }
}

/// Whether `source` is one a page's `connect-src` may name: a websocket
/// origin, its host possibly a `*.` wildcard and its port possibly `*`, with
/// nothing that could end the policy or add another directive.
fn is_connect_source(source: &str) -> bool {
    let Some(rest) = source
        .strip_prefix("wss://")
        .or_else(|| source.strip_prefix("ws://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host = host.strip_prefix("*.").unwrap_or(host);
    let port_ok = port.is_none_or(|p| p == "*" || p.parse::<u16>().is_ok());
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && port_ok
}

/// The scheme, host and port of a URL, as a browser compares origins.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(end) => &url[..after_scheme + end],
        None => url,
    }
}

/// Fonts with Chinese characters and TrueType outlines, where Debian installs them.
/// Amiri's faces (Debian's fonts-hosny-amiri): a Naskh with the vowel
/// marks placed, upright and slanted, regular and bold.
const ARABIC_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf",
    "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Slanted.ttf",
    "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-BoldSlanted.ttf",
];

const CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
];

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whole_number_key_has_its_default_within_its_bounds() {
        for key in KEYS {
            let Some((min, max)) = key.range else {
                continue;
            };
            assert!(min <= max, "{}", key.name);
            // A default that is not a number is worked out at start (media_workers).
            if let Ok(default) = key.default.parse::<u64>() {
                assert!((min..=max).contains(&default), "{}", key.name);
            }
        }
    }

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_serve_loopback_with_sqlite_under_data() {
        let c = Config::from_sources(&env(&[]), None).expect("defaults are valid");
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://./data/plenary.db");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(!c.cookie_secure);
        assert!(c.media.workers >= 1, "one media thread per core");
    }

    #[test]
    fn single_sign_on_settings_come_whole_and_say_what_is_missing() {
        let c = Config::from_sources(
            &env(&[
                (
                    "PLENARY_OIDC_ISSUER",
                    "https://login.example.org/realms/un/",
                ),
                ("PLENARY_OIDC_NAME", "Unite ID"),
                ("PLENARY_OIDC_CLIENT_ID", "plenary"),
                ("PLENARY_OIDC_CLIENT_SECRET", "a client secret"),
                ("PLENARY_OIDC_SCOPES", "profile groups email"),
                ("PLENARY_OIDC_ROLE_CLAIM", "groups"),
                ("PLENARY_OIDC_ROLES", "staff=secretariat,delegates=delegate"),
                ("PLENARY_PASSWORD_SIGN_IN", "false"),
            ]),
            None,
        )
        .expect("valid");
        let oidc = c.oidc.as_ref().expect("oidc");
        assert_eq!(oidc.issuer, "https://login.example.org/realms/un");
        assert_eq!(oidc.name.as_deref(), Some("Unite ID"));
        assert_eq!(oidc.scopes, ["openid", "email", "profile", "groups"]);
        assert_eq!(oidc.roles.as_ref().map(|r| r.roles.len()), Some(2));
        assert!(!c.password_sign_in);
        assert!(!format!("{c:?}").contains("a client secret"));

        let fails = |pairs: &[(&str, &str)], says: &str| {
            let e = Config::from_sources(&env(pairs), None).expect_err(says);
            assert!(e.0.contains(says), "{e}");
        };
        fails(
            &[("PLENARY_OIDC_ISSUER", "https://login.example.org")],
            "oidc_client_id is required",
        );
        fails(
            &[("PLENARY_OIDC_CLIENT_ID", "plenary")],
            "oidc_issuer is not",
        );
        fails(
            &[
                ("PLENARY_OIDC_ISSUER", "http://login.example.org"),
                ("PLENARY_OIDC_CLIENT_ID", "plenary"),
                ("PLENARY_OIDC_CLIENT_SECRET", "secret"),
            ],
            "http:// only on loopback",
        );
        fails(
            &[
                ("PLENARY_OIDC_ISSUER", "https://login.example.org"),
                ("PLENARY_OIDC_CLIENT_ID", "plenary"),
                ("PLENARY_OIDC_CLIENT_SECRET", "secret"),
                ("PLENARY_OIDC_ROLE_CLAIM", "groups"),
            ],
            "go together",
        );
        fails(
            &[
                ("PLENARY_OIDC_ISSUER", "https://login.example.org"),
                ("PLENARY_OIDC_CLIENT_ID", "plenary"),
                ("PLENARY_OIDC_CLIENT_SECRET", "secret"),
                ("PLENARY_OIDC_ROLE_CLAIM", "groups"),
                ("PLENARY_OIDC_ROLES", "staff=king"),
            ],
            "not a role",
        );
        fails(
            &[("PLENARY_PASSWORD_SIGN_IN", "false")],
            "leaves no way to sign in",
        );
        fails(
            &[("PLENARY_PASSWORD_SIGN_IN", "maybe")],
            "expected true or false",
        );
    }

    #[test]
    fn environment_overrides_file() {
        let c = Config::from_sources(
            &env(&[("PLENARY_ADDR", "127.0.0.1:9000")]),
            Some("addr = \"127.0.0.1:7000\"\nsession_hours = 3\n"),
        )
        .expect("valid");
        assert_eq!(c.addr.port(), 9000);
        assert_eq!(c.session_ttl, Duration::from_secs(3 * 3600));
    }

    #[test]
    fn bad_value_names_the_key_and_what_is_valid() {
        let e = Config::from_sources(&env(&[("PLENARY_ADDR", "localhost")]), None)
            .expect_err("invalid address");
        assert!(
            e.0.contains("PLENARY_ADDR") && e.0.contains("host:port"),
            "{e}"
        );
        let e =
            Config::from_sources(&env(&[]), Some("session_hours = 0")).expect_err("out of range");
        assert!(
            e.0.contains("session_hours") && e.0.contains("from 1 to 720"),
            "{e}"
        );
        let e = Config::from_sources(&env(&[("PLENARY_MEDIA_WORKERS", "0")]), None)
            .expect_err("no media thread");
        assert!(
            e.0.contains("PLENARY_MEDIA_WORKERS") && e.0.contains("from 1 to 256"),
            "{e}"
        );
        let e = Config::from_sources(&env(&[]), Some("adress = \"x\"")).expect_err("unknown key");
        assert!(
            e.0.contains("unknown key `adress`") && e.0.contains("addr"),
            "{e}"
        );
    }

    #[test]
    fn secrets_come_from_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pw");
        std::fs::write(&path, "correct horse battery\n").expect("write");
        let c = Config::from_sources(
            &env(&[
                ("PLENARY_ADMIN_EMAIL", "Chief@Example.org"),
                (
                    "PLENARY_ADMIN_PASSWORD_FILE",
                    path.to_str().expect("utf-8 path"),
                ),
            ]),
            None,
        )
        .expect("valid");
        assert_eq!(c.admin_password.as_deref(), Some("correct horse battery"));
        assert_eq!(c.admin_email.as_deref(), Some("chief@example.org"));
    }

    #[test]
    fn s3_needs_its_keys_and_defaults_to_a_local_folder() {
        let c =
            Config::from_sources(&env(&[("PLENARY_DATA", "/srv/plenary")]), None).expect("valid");
        assert_eq!(
            c.objects,
            crate::objects::ObjectsConfig::Local("/srv/plenary/objects".into())
        );
        let e = Config::from_sources(
            &env(&[("PLENARY_S3_ENDPOINT", "http://127.0.0.1:3900")]),
            None,
        )
        .expect_err("keys missing");
        assert!(e.0.contains("s3_access_key_id is required"), "{e}");
        let e = Config::from_sources(&env(&[("PLENARY_S3_ENDPOINT", "s3.example.org")]), None)
            .expect_err("no scheme");
        assert!(
            e.0.contains("PLENARY_S3_ENDPOINT") && e.0.contains("expected a URL"),
            "{e}"
        );
    }

    #[test]
    fn cookies_are_secure_unless_the_hub_is_on_loopback() {
        for (url, secure) in [
            ("http://127.0.0.1:8080", false),
            ("http://localhost:8080", false),
            ("http://[::1]:8080", false),
            ("https://127.0.0.1", true),
            ("http://192.0.2.10:8080", true),
            ("https://plenary.example.org", true),
        ] {
            let c =
                Config::from_sources(&env(&[("PLENARY_PUBLIC_URL", url)]), None).expect("valid");
            assert_eq!(c.cookie_secure, secure, "{url}");
        }
    }

    #[test]
    fn the_node_relay_needs_a_long_secret_and_a_port() {
        let relay = |settings: &[(&str, &str)]| Config::from_sources(&env(settings), None);
        let no_secret = relay(&[("PLENARY_MEDIA_RELAY_PORT", "7600")]);
        assert!(no_secret.is_err_and(|e| e.0.contains("media_relay_secret is required")));
        let short = relay(&[
            ("PLENARY_MEDIA_RELAY_PORT", "7600"),
            ("PLENARY_MEDIA_RELAY_SECRET", "too-short"),
        ]);
        assert!(short.is_err_and(|e| e.0.contains("32 characters")));
        let bad_port = relay(&[
            ("PLENARY_MEDIA_RELAY_PORT", "70000"),
            (
                "PLENARY_MEDIA_RELAY_SECRET",
                "relay-secret-pass-0123456789abcdef",
            ),
        ]);
        assert!(bad_port.is_err_and(|e| e.0.to_lowercase().contains("media_relay_port")));
        let fine = relay(&[
            ("PLENARY_MEDIA_RELAY_PORT", "7600"),
            (
                "PLENARY_MEDIA_RELAY_SECRET",
                "relay-secret-pass-0123456789abcdef",
            ),
            ("PLENARY_MEDIA_NODE_CAPACITY", "40"),
        ])
        .expect("valid");
        assert_eq!(
            fine.media.relay.map(|r| r.bind.to_string()),
            Some("127.0.0.1:7600".to_string())
        );
        assert_eq!(fine.media.capacity, 40);
        // Without a port there is no relay, whatever else is set.
        let none = relay(&[]).expect("valid");
        assert!(none.media.relay.is_none());
    }

    #[test]
    fn pages_may_reach_the_media_origins_named_and_nothing_that_bends_the_policy() {
        let with = |origins: &str| {
            Config::from_sources(
                &env(&[
                    ("PLENARY_MEDIA_RELAY_PORT", "7600"),
                    (
                        "PLENARY_MEDIA_RELAY_SECRET",
                        "relay-secret-pass-0123456789abcdef",
                    ),
                    ("PLENARY_PUBLIC_URL", "https://plenary.example.org"),
                    ("PLENARY_NODE_URL", "https://node-2.example.org"),
                    ("PLENARY_MEDIA_ORIGINS", origins),
                ]),
                None,
            )
        };
        let fine = with("wss://node-1.example.org, wss://*.media.example.org, ws://127.0.0.1:*")
            .expect("valid");
        assert_eq!(fine.media_origins.len(), 3);
        assert!(!fine.warnings.iter().any(|w| w.contains("media_origins")));
        for bad in [
            "https://node-1.example.org",
            "wss://node-1.example.org; script-src *",
            "wss://node 1.example.org",
            "wss://'unsafe-inline'",
            "wss://node-1.example.org:99999",
            "wss://",
            "*",
        ] {
            let refused = with(bad);
            assert!(
                refused.is_err_and(|e| e.0.contains("media_origins")),
                "{bad} accepted"
            );
        }
        // A node on a host of its own, with nothing named: said at start.
        let unnamed = with("").expect("valid");
        assert!(unnamed
            .warnings
            .iter()
            .any(|w| w.contains("media_origins")
                && w.contains("(for example wss://node-2.example.org)")));
    }

    #[test]
    fn the_configuration_prints_no_secret() {
        let c = Config::from_sources(
            &env(&[
                ("PLENARY_ADMIN_EMAIL", "chief@example.org"),
                ("PLENARY_ADMIN_PASSWORD", "admin-secret-pass"),
                (
                    "PLENARY_DATABASE_URL",
                    "postgres://plenary:db-secret-pass@127.0.0.1/plenary",
                ),
                (
                    "PLENARY_REDIS_URL",
                    "redis://:redis-secret-pass@127.0.0.1:6379/",
                ),
                ("PLENARY_S3_ENDPOINT", "http://127.0.0.1:3900"),
                ("PLENARY_S3_ACCESS_KEY_ID", "GK123"),
                ("PLENARY_S3_SECRET_ACCESS_KEY", "s3-secret-pass"),
                ("PLENARY_TURN_URLS", "turn:127.0.0.1:3478"),
                ("PLENARY_TURN_SECRET", "turn-secret-pass"),
                ("PLENARY_MEDIA_RELAY_PORT", "7600"),
                (
                    "PLENARY_MEDIA_RELAY_SECRET",
                    "relay-secret-pass-0123456789abcdef",
                ),
                (
                    "PLENARY_METRICS_TOKEN",
                    "metrics-secret-pass-0123456789abcdef",
                ),
            ]),
            None,
        )
        .expect("valid");
        let shown = format!("{c:?}");
        assert!(shown.contains("metrics_token: Some(\"(set)\")"), "{shown}");
        assert!(!shown.contains("secret-pass"), "{shown}");
        assert!(
            shown.contains("postgres://plenary:(hidden)@127.0.0.1/plenary"),
            "{shown}"
        );
        assert!(
            shown.contains("GK123") && shown.contains("chief@example.org"),
            "{shown}"
        );
        assert_eq!(without_password("sqlite:///srv/p.db"), "sqlite:///srv/p.db");
    }

    #[test]
    fn admin_email_without_password_is_refused() {
        let e = Config::from_sources(&env(&[("PLENARY_ADMIN_EMAIL", "a@b.org")]), None)
            .expect_err("half an admin");
        assert!(e.0.contains("go together"), "{e}");
    }

    #[test]
    fn database_url_error_does_not_echo_the_secret() {
        let e = Config::from_sources(
            &env(&[("PLENARY_DATABASE_URL", "mysql://u:hunter2@h/db")]),
            None,
        )
        .expect_err("unsupported");
        assert!(
            !e.0.contains("hunter2") && e.0.contains("postgres://"),
            "{e}"
        );
    }
}
