//! The SQL metadata store: connection, migrations, and small helpers.
//!
//! One portable SQL dialect runs on both backends through sqlx's `Any` driver:
//! ids are UUID text, instants are BIGINT Unix seconds, flags are BIGINT 0/1,
//! placeholders are `$1..$n` in order of first use (SQLite reads them as
//! ordered parameters). Each backend has its own migration folder because DDL
//! is where the two differ.
//!
//! Architecture invariant: SQL is the source of truth for what exists.

use crate::config::Config;
use crate::error::StoreError;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::time::Duration;

pub type Db = AnyPool;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connects, applies the pragmas that make SQLite durable, and runs migrations.
pub async fn connect(config: &Config) -> Result<Db, StoreError> {
    sqlx::any::install_default_drivers();
    let postgres = config.is_postgres();
    let url = if postgres {
        config.database_url.clone()
    } else {
        if let Some(parent) =
            sqlite_path(&config.database_url).and_then(|p| p.parent().map(|p| p.to_path_buf()))
        {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(&parent)
                    .map_err(|e| StoreError::Sql(sqlx::Error::Io(e)))?;
            }
        }
        if config.database_url.contains('?') {
            config.database_url.clone()
        } else {
            format!("{}?mode=rwc", config.database_url)
        }
    };
    let pool = AnyPoolOptions::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if !postgres {
                    // WAL with synchronous=FULL: an acknowledged commit is on disk
                    // and survives kill -9 and power loss.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    if postgres {
        POSTGRES_MIGRATIONS.run(&pool).await?;
    } else {
        SQLITE_MIGRATIONS.run(&pool).await?;
    }
    Ok(pool)
}

fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// Whether the database answers.
pub async fn ping(db: &Db) -> bool {
    sqlx::query("SELECT 1").execute(db).await.is_ok()
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

pub fn to_time(secs: i64) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    chrono::DateTime::from_timestamp(secs, 0)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {secs}")))
}

/// Reads a UUID text column.
pub fn uuid_col(row: &AnyRow, col: &str) -> Result<uuid::Uuid, StoreError> {
    let text: String = row.try_get(col)?;
    uuid::Uuid::parse_str(&text).map_err(|_| StoreError::Corrupt(format!("{col} = {text:?}")))
}

pub fn opt_uuid_col(row: &AnyRow, col: &str) -> Result<Option<uuid::Uuid>, StoreError> {
    let text: Option<String> = row.try_get(col)?;
    text.map(|t| {
        uuid::Uuid::parse_str(&t).map_err(|_| StoreError::Corrupt(format!("{col} = {t:?}")))
    })
    .transpose()
}

/// Whether `table` has a row with this id. `table` is always a constant of
/// the caller's, never input.
pub async fn exists(db: &Db, table: &str, id: impl ToString) -> Result<bool, StoreError> {
    let sql = format!("SELECT id FROM {table} WHERE id = $1");
    Ok(sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(db)
        .await?
        .is_some())
}

/// A new time-ordered id.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    /// A migration's statements, with comments dropped and the one
    /// difference of dialect the migrations allow (an auto-numbered key)
    /// written the same way.
    fn statements(path: &std::path::Path) -> String {
        std::fs::read_to_string(path)
            .expect("migration")
            .lines()
            .map(|l| l.split("--").next().unwrap_or_default().trim_end())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
            .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
    }

    #[test]
    fn both_backends_have_the_same_migrations_but_for_auto_numbered_keys() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let names = |dir: &str| {
            let mut n: Vec<String> = std::fs::read_dir(root.join(dir))
                .expect("migrations folder")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        let sqlite = names("sqlite");
        assert_eq!(sqlite, names("postgres"), "the same migration files");
        for name in sqlite {
            assert_eq!(
                statements(&root.join("sqlite").join(&name)),
                statements(&root.join("postgres").join(&name)),
                "{name} differs between the backends"
            );
        }
    }
}
