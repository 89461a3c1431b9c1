//! The `plenary` command line: serving is the default; operators' subcommands
//! manage users without the HTTP API.

use crate::config::Config;
use crate::error::ApiError;
use crate::{accounts, users};
use clap::{Parser, Subcommand};
use plenary_protocol::api::{CreateUser, Language, Role};
use std::io::Read;

#[derive(Debug, Parser)]
#[command(
    name = "plenary",
    version,
    about = "Plenary: meetings and documents hub. Without a subcommand, serves the hub."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the hub (the default).
    Serve,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Validate the configuration and print every key with its documentation.
    Config,
    /// Check the archive.
    Archive {
        #[command(subcommand)]
        action: ArchiveAction,
    },
    /// Manage this node's full-text search index.
    Search {
        #[command(subcommand)]
        action: SearchAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum SearchAction {
    /// Rebuild the index from SQL and the archive (stop this node's hub first).
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum ArchiveAction {
    /// Re-read every stored object and compare it with SQL; exits 1 if any is missing or altered.
    Verify,
    /// Remove archive objects no SQL row names (left by writes that did not
    /// finish) once they are older than the given age; prints each one removed.
    Sweep {
        /// Only objects last written more than this many minutes ago: a
        /// younger one may belong to an upload still in progress.
        #[arg(long, default_value_t = 1440)]
        older_than_minutes: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user. Prints a generated password unless --password-stdin is given.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["admin", "conference_manager", "secretariat", "delegate", "interpreter"])]
        role: String,
        /// Code of the delegation (delegates only), e.g. FRA.
        #[arg(long)]
        delegation: Option<String>,
        /// Languages interpreted into (interpreters only), e.g. fr,es.
        #[arg(long, value_delimiter = ',', value_parser = ["ar", "zh", "en", "fr", "ru", "es"])]
        languages: Vec<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password and sign the user out everywhere.
    ResetPassword {
        #[arg(long)]
        email: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove a user's two-factor sign-in (a lost phone and lost recovery
    /// codes) and sign them out everywhere; they set it up again.
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    /// List every user.
    List,
}

/// An operator-facing failure, printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("reading standard input: {0}")]
    Io(#[from] std::io::Error),
}

fn password_from(stdin: bool) -> Result<(String, bool), CliError> {
    if stdin {
        let mut text = String::new();
        std::io::stdin().take(4096).read_to_string(&mut text)?;
        Ok((text.trim_end_matches(['\n', '\r']).to_string(), false))
    } else {
        Ok((crate::auth::random_token(), true))
    }
}

fn describe(e: ApiError) -> CliError {
    match e {
        ApiError::Validation(errors) => CliError::Usage(
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.broken))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ApiError::AlreadyExists(what) => CliError::Usage(what.to_string()),
        other => CliError::Api(other),
    }
}

/// Runs a user subcommand against the configured store.
pub async fn run_user(config: &Config, action: UserAction) -> Result<(), CliError> {
    let db = crate::db::connect(config).await.map_err(ApiError::from)?;
    match action {
        UserAction::Add {
            email,
            name,
            role,
            delegation,
            languages,
            password_stdin,
        } => {
            let role = Role::parse(&role)
                .ok_or_else(|| CliError::Usage(format!("unknown role {role}")))?;
            let delegation_id = match delegation {
                Some(code) => Some(
                    users::delegation_by_code(&db, &code)
                        .await
                        .map_err(ApiError::from)?
                        .ok_or_else(|| {
                            CliError::Usage(format!("no delegation has the code {code}"))
                        })?
                        .id,
                ),
                None => None,
            };
            let (password, generated) = password_from(password_stdin)?;
            let user = users::create_user(
                &db,
                CreateUser {
                    email,
                    name,
                    role,
                    delegation_id,
                    languages: languages
                        .iter()
                        .filter_map(|l| Language::parse(l))
                        .collect(),
                    // Given by an administrator on the user's page.
                    signs_for_delegation: false,
                    password: password.clone(),
                },
            )
            .await
            .map_err(describe)?;
            println!(
                "added {} ({}) as {}",
                user.email,
                user.id,
                user.role.as_str()
            );
            if generated {
                println!("password: {password}");
            }
        }
        UserAction::ResetPassword {
            email,
            password_stdin,
        } => {
            let (user, _) = users::find_user_by_email(&db, &email)
                .await
                .map_err(ApiError::from)?
                .ok_or_else(|| CliError::Usage(format!("no user has the email {email}")))?;
            let (password, generated) = password_from(password_stdin)?;
            accounts::set_password(&db, &user, password.clone())
                .await
                .map_err(describe)?;
            println!("password of {} reset; every session signed out", user.email);
            if generated {
                println!("password: {password}");
            }
        }
        UserAction::ResetTwoFactor { email } => {
            let (user, _) = users::find_user_by_email(&db, &email)
                .await
                .map_err(ApiError::from)?
                .ok_or_else(|| CliError::Usage(format!("no user has the email {email}")))?;
            let removed = accounts::reset_two_factor(&db, user.id)
                .await
                .map_err(describe)?;
            if removed {
                println!(
                    "two-factor sign-in of {} removed; every session signed out",
                    user.email
                );
            } else {
                println!("{} had no two-factor sign-in; nothing changed", user.email);
            }
        }
        UserAction::List => {
            println!("{:<40} {:<20} {:<8} name", "email", "role", "state");
            for u in users::list_users(&db).await.map_err(ApiError::from)? {
                let state = if u.disabled { "disabled" } else { "active" };
                println!(
                    "{:<40} {:<20} {:<8} {}",
                    u.email,
                    u.role.as_str(),
                    state,
                    u.name
                );
            }
        }
    }
    db.close().await;
    Ok(())
}

/// Runs `plenary archive verify`: prints each finding and a summary; `Ok(false)` when any object is missing or altered.
pub async fn run_archive_verify(config: &Config) -> Result<bool, CliError> {
    let db = crate::db::connect(config).await.map_err(ApiError::from)?;
    let objects = crate::objects::Objects::open(&config.objects)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let report = crate::archive::verify(&db, &objects, |done, total| {
        if done % 100 == 0 || done == total {
            eprintln!("verified {done}/{total}");
        }
    })
    .await
    .map_err(|e| CliError::Usage(format!("verification stopped: {e}")))?;
    for f in &report.findings {
        match &f.verdict {
            crate::objects::Verdict::Missing => println!("missing  {}  {}", f.key, f.what),
            crate::objects::Verdict::Altered { size, sha256 } => {
                println!(
                    "altered  {}  {}  (now {size} bytes, sha256 {sha256})",
                    f.key, f.what
                )
            }
            crate::objects::Verdict::Intact => {}
        }
    }
    for key in &report.unreferenced {
        println!("unreferenced  {key}  (no SQL row names it: a write that did not finish)");
    }
    println!(
        "{} objects checked, {} missing or altered, {} unreferenced",
        report.checked,
        report.findings.len(),
        report.unreferenced.len()
    );
    db.close().await;
    Ok(report.findings.is_empty())
}

/// Runs `plenary archive sweep`: removes unreferenced objects older than `older_than`.
pub async fn run_archive_sweep(
    config: &Config,
    older_than: std::time::Duration,
) -> Result<(), CliError> {
    let db = crate::db::connect(config).await.map_err(ApiError::from)?;
    let objects = crate::objects::Objects::open(&config.objects)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let removed = crate::archive::sweep(&db, &objects, older_than)
        .await
        .map_err(|e| CliError::Usage(format!("sweeping stopped: {e}")))?;
    for key in &removed {
        println!("removed  {key}");
    }
    println!("{} unreferenced objects removed", removed.len());
    db.close().await;
    Ok(())
}

/// Runs `plenary search rebuild`: rebuilds `<data>/search` from SQL and the archive.
pub async fn run_search_rebuild(config: &Config) -> Result<(), CliError> {
    let db = crate::db::connect(config).await.map_err(ApiError::from)?;
    let objects = crate::objects::Objects::open(&config.objects)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let folder = config.data.join("search");
    let (search, _) =
        crate::search::Search::open(&folder, config.pdf_text.clone()).map_err(|e| match e {
            crate::search::SearchError::Index(tantivy::TantivyError::LockFailure(..)) => {
                CliError::Usage(format!(
                    "the index in {} is in use by a running hub; stop it first",
                    folder.display()
                ))
            }
            other => CliError::Usage(other.to_string()),
        })?;
    let total = search
        .rebuild(&db, &objects)
        .await
        .map_err(|e| CliError::Usage(format!("rebuild stopped: {e}")))?;
    println!("search index rebuilt: {total} documents");
    db.close().await;
    Ok(())
}

/// Prints every configuration key and the value in force (secrets hidden).
pub fn print_config(config: &Config) {
    println!("configuration is valid\n");
    for key in crate::config::KEYS {
        let range = key
            .range
            .map(|(min, max)| format!(", {min} to {max}"))
            .unwrap_or_default();
        println!(
            "{:<20} PLENARY_{:<20} default {}{range}\n    {}",
            key.name,
            key.name.to_ascii_uppercase(),
            key.default,
            key.doc
        );
    }
    println!(
        "\nin force: addr={} data={} database={} public_url={}",
        config.addr,
        config.data.display(),
        if config.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        },
        config.public_url
    );
}
