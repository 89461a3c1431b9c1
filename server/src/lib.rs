//! The Plenary hub: configuration, the SQL store, accounts, scheduling and the
//! HTTP API. `main.rs` and the tests call the same [`App::start`] and
//! [`http::run`].
//!
//! Dependencies point one way: handlers use stores; nothing here reaches into
//! the frontend; wire types come from `plenary-protocol`.

pub mod accounts;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod browser;
pub mod cli;
pub mod client_addr;
pub mod config;
pub mod crypto;
pub mod db;
pub mod documents;
pub mod download;
pub mod edge;
pub mod error;
pub mod extract;
pub mod file_cache;
pub mod http;
pub mod ical;
pub mod live;
pub mod logging;
pub mod login_limit;
pub mod metrics;
pub mod minutes;
pub mod objects;
pub mod oidc;
pub mod pages;
pub mod pdftext;
pub mod record;
pub mod recordings;
pub mod render;
pub mod scheduling;
pub mod search;
pub mod single_sign_on;
pub mod speakers;
pub mod statements;
pub mod throttle;
pub mod two_factor;
pub mod users;
pub mod validate;
pub mod viewing;
pub mod votes;

pub use config::Config;
pub use http::{router, run};

use plenary_protocol::api::{CreateUser, Role};
use std::sync::Arc;

/// Shared state of every request handler.
pub type AppState = Arc<App>;

/// Everything a request may need, built once at start.
#[derive(Debug)]
pub struct App {
    /// The validated configuration.
    pub config: Config,
    /// The SQL metadata store (SQLite or PostgreSQL).
    pub db: db::Db,
    /// Failed sign-ins per address, account and both, in this process or Redis.
    pub login_limiter: login_limit::LoginLimiter,
    /// Searches by readers who have not signed in, per client network.
    pub anonymous_search: throttle::Throttle<std::net::IpAddr>,
    /// Archived files (local folder or S3).
    pub objects: objects::Objects,
    /// Small archived files kept in memory for downloads.
    pub file_cache: file_cache::FileCache,
    /// This node's full-text index of documents.
    pub search: search::Search,
    /// The browser part (the meeting room's wasm), served at `/pkg/`.
    pub browser: browser::Browser,
    /// Fonts for published PDFs.
    pub fonts: render::Fonts,
    /// Minutes rendered at once: each holds its text, HTML and PDF in memory
    /// and keeps a core busy, so a burst of publishing waits its turn.
    pub render_slots: tokio::sync::Semaphore,
    /// This node's signaling service (live meetings over websockets).
    pub live: plenary_signaling::node::Node,
    /// Set to true when the node stops: every live connection is told to reconnect elsewhere.
    pub live_shutdown: tokio::sync::watch::Sender<bool>,
    /// The organisation's OpenID provider, when users sign in through one.
    pub oidc: Option<oidc::Relying>,
}

/// Stops the process at a named point when `PLENARY_CRASH_AT` names it, so a
/// test can show what a crash there leaves behind. Unset in production.
pub fn failpoint(name: &str) {
    if std::env::var("PLENARY_CRASH_AT").is_ok_and(|at| at == name) {
        tracing::error!("PLENARY_CRASH_AT={name}: stopping the process here");
        std::process::abort();
    }
}

/// Credentials generated at first start, to be shown once.
#[derive(Debug)]
pub struct GeneratedAdmin {
    pub email: String,
    pub password: String,
}

impl App {
    /// Connects the stores, runs migrations, and creates the first admin when
    /// there is none. Returns generated admin credentials when it made them up.
    pub async fn start(
        config: Config,
    ) -> Result<(AppState, Option<GeneratedAdmin>), error::ApiError> {
        create_private_dir(&config.data).map_err(|e| {
            error::ApiError::Internal(format!("data folder {}: {e}", config.data.display()))
        })?;
        let objects = objects::Objects::open(&config.objects)
            .map_err(|e| error::ApiError::Internal(e.to_string()))?;
        let db = db::connect(&config).await?;
        let generated = ensure_admin(&db, &config).await?;
        let (search, rebuild) =
            search::Search::open(&config.data.join("search"), config.pdf_text.clone())
                .map_err(|e| error::ApiError::Internal(e.to_string()))?;
        spawn_indexer(search.clone(), db.clone(), objects.clone(), rebuild);
        spawn_session_sweeper(db.clone(), config.session_idle);
        let (live_shutdown, stopping) = tokio::sync::watch::channel(false);
        let recordings = recordings::SpoolRecordings::new(
            config.data.join("recordings"),
            db.clone(),
            objects.clone(),
        )
        .map_err(|e| error::ApiError::Internal(format!("recordings folder: {e}")))?;
        // What a stopped node left in its spool is archived before anything records here.
        for r in recordings::recover(&recordings).await {
            tracing::warn!(meeting = %r.meeting, channel = %r.channel, duration_ms = r.duration_ms, "recording recovered after a stop");
        }
        let live = live::start(&config, &db, Arc::new(recordings), stopping).await?;
        let fonts = render::Fonts::with_fallbacks(&config.pdf_fonts)
            .map_err(|e| error::ApiError::Internal(format!("pdf_fonts: {e}")))?;
        let browser = browser::Browser::load(config.browser_dir.as_deref())
            .map_err(|e| error::ApiError::Internal(format!("browser_dir: {e}")))?;
        for (name, raw, gzip) in browser.sizes() {
            tracing::info!(
                file = name,
                raw,
                gzip,
                "browser part: {name}, {raw} bytes ({gzip} gzip)"
            );
        }
        let login_limiter = match &config.redis_url {
            None => login_limit::LoginLimiter::in_memory(config.login),
            Some(url) => login_limit::LoginLimiter::redis(config.login, url, &config.public_url)
                .await
                .map_err(|e| error::ApiError::Internal(format!("redis_url: {e}")))?,
        };
        let anonymous_search = throttle::Throttle::new(config.anonymous_search_per_minute, 100_000);
        let config_file_cache = config.file_cache_bytes;
        // Discovery waits for the first sign-in: a provider down at start
        // must not keep the hub (and password sign-in) from starting.
        let oidc = match &config.oidc {
            None => None,
            Some(settings) => Some(
                oidc::Relying::new(
                    settings.clone(),
                    single_sign_on::redirect_url(&config.public_url),
                )
                .map_err(|e| error::ApiError::Internal(format!("oidc_issuer: {e}")))?,
            ),
        };
        Ok((
            Arc::new(App {
                config,
                db,
                login_limiter,
                anonymous_search,
                objects,
                file_cache: file_cache::FileCache::new(config_file_cache),
                search,
                fonts,
                browser,
                render_slots: tokio::sync::Semaphore::new(2),
                live,
                live_shutdown,
                oidc,
            }),
            generated,
        ))
    }
}

/// Creates the data folder for the owner alone: it holds the database (with
/// sessions' hashes), the archive and the search index. An existing folder
/// is left as the operator made it.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.exists() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Deletes sessions that can no longer be used, once at start and hourly,
/// so the table holds live sessions only.
fn spawn_session_sweeper(db: db::Db, idle: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match auth::delete_dead_sessions(&db, db::now(), idle).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "deleted {n} ended sessions"),
                Err(e) => tracing::warn!(error = %e, "deleting ended sessions failed: {e}"),
            }
        }
    });
}

/// Keeps the index in step with the database: a rebuild first when the index
/// is new, then a pass when this node changed a document and every two
/// seconds for changes made on other nodes.
fn spawn_indexer(search: search::Search, db: db::Db, objects: objects::Objects, rebuild: bool) {
    tokio::spawn(async move {
        let mut pending = rebuild;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = search.poked() => {
                    // Let a burst of changes land in one commit.
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
            if pending {
                match search.rebuild(&db, &objects).await {
                    Ok(n) => {
                        tracing::info!(documents = n, "search index built: {n} documents");
                        pending = false;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "building the search index failed; retrying: {e}")
                    }
                }
            } else if let Err(e) = search.sync(&db, &objects).await {
                tracing::warn!(error = %e, "search index update failed; retrying: {e}");
            }
        }
    });
}

async fn ensure_admin(
    db: &db::Db,
    config: &Config,
) -> Result<Option<GeneratedAdmin>, error::ApiError> {
    if users::any_admin(db).await? {
        return Ok(None);
    }
    let (email, password, generated) = match (&config.admin_email, &config.admin_password) {
        (Some(e), Some(p)) => (e.clone(), p.clone(), false),
        _ => (
            "admin@plenary.local".to_string(),
            auth::random_token(),
            true,
        ),
    };
    let input = CreateUser {
        email: email.clone(),
        name: "Administrator".into(),
        role: Role::Admin,
        delegation_id: None,
        languages: Vec::new(),
        signs_for_delegation: false,
        password: password.clone(),
    };
    match users::create_user(db, input).await {
        Ok(user) => tracing::info!(user_id = %user.id, "created the first admin {}", user.email),
        // Another node created it at the same moment.
        Err(error::ApiError::AlreadyExists(_)) => return Ok(None),
        Err(e) => return Err(e),
    }
    Ok(generated.then_some(GeneratedAdmin { email, password }))
}
