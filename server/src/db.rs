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

/// Titles in other languages as a column keeps them: a JSON object.
pub fn titles_col(row: &AnyRow, col: &str) -> Result<plenary_protocol::api::Titles, StoreError> {
    let text: String = row.try_get(col)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

/// Titles for their column, each trimmed.
pub fn titles_text(titles: &plenary_protocol::api::Titles) -> String {
    let trimmed: plenary_protocol::api::Titles = titles
        .iter()
        .map(|(l, t)| (*l, t.trim().to_string()))
        .collect();
    serde_json::to_string(&trimmed).unwrap_or_else(|_| "{}".into())
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

    /// The rebuild of `users` (0011 on SQLite) on a database with people in
    /// it: every row and every reference to it kept, foreign keys still
    /// enforced after, and an interpreter accepted.
    #[tokio::test]
    async fn rebuilding_users_on_sqlite_keeps_every_row_and_reference() {
        use sqlx::Executor;
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().expect("temp dir");
        let before = dir.path().join("before");
        std::fs::create_dir(&before).expect("folder");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        for entry in std::fs::read_dir(&root).expect("migrations") {
            let name = entry.expect("entry").file_name();
            if name.to_string_lossy().as_ref() < "0011" {
                std::fs::copy(root.join(&name), before.join(&name)).expect("copy");
            }
        }
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("hub.db").display());
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(2)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .expect("open");
        sqlx::migrate::Migrator::new(before.as_path())
            .await
            .expect("earlier migrations")
            .run(&pool)
            .await
            .expect("run earlier");
        for sql in [
            "INSERT INTO delegations VALUES ('d1', 'KEN', 'Kenya', 'member_state', 0)",
            "INSERT INTO users (id, email, name, role, delegation_id, password_hash, created_at) VALUES ('u1', 'a@x', 'A', 'admin', NULL, 'h', 0)",
            "INSERT INTO users (id, email, name, role, delegation_id, password_hash, created_at) VALUES ('u2', 'k@x', 'K', 'delegate', 'd1', 'h', 0)",
            "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, expires_at) VALUES ('s1', 't1', 'u2', 'c', 0, 9)",
            "INSERT INTO bodies (id, name, created_at) VALUES ('b1', 'Second Committee', 0)",
            "INSERT INTO meetings (id, title, body_id, starts_at, ends_at, time_zone, status, access, created_by, created_at, updated_at, chair_id) \
             VALUES ('m1', 'M', 'b1', 0, 1, 'UTC', 'scheduled', 'public', 'u1', 0, 0, 'u2')",
        ] {
            pool.execute(sql).await.expect(sql);
        }
        super::SQLITE_MIGRATIONS
            .run(&pool)
            .await
            .expect("0011 on a full database");
        let n = |sql: &'static str| {
            let pool = &pool;
            async move {
                let row = sqlx::query(sql).fetch_one(pool).await.expect(sql);
                sqlx::Row::try_get::<i64, _>(&row, 0).expect("count")
            }
        };
        assert_eq!(n("SELECT COUNT(*) FROM users").await, 2);
        assert_eq!(
            n("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id").await,
            1
        );
        assert_eq!(
            n("SELECT COUNT(*) FROM meetings m JOIN users u ON u.id = m.chair_id").await,
            1
        );
        // Still enforced: a session of nobody, a user deleted under a session.
        assert!(pool
            .execute("INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, expires_at) VALUES ('s2', 't2', 'nobody', 'c', 0, 9)")
            .await
            .is_err());
        assert!(pool
            .execute("DELETE FROM users WHERE id = 'u2'")
            .await
            .is_err());
        // The new role and its rule.
        pool.execute("INSERT INTO users (id, email, name, role, languages, password_hash, created_at) VALUES ('u3', 'i@x', 'I', 'interpreter', 'fr', 'h', 0)")
            .await
            .expect("an interpreter");
        assert!(pool
            .execute("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u4', 'j@x', 'J', 'interpreter', 'h', 0)")
            .await
            .is_err());
    }

    /// Migrations that must differ (each file says why at its top): SQLite
    /// cannot change a CHECK in place and rebuilds the table instead, and
    /// the two write triggers differently.
    const DIALECT_SPECIFIC: &[&str] = &[
        "0011_interpreters.sql",
        "0015_audit_log.sql",
        "0018_sponsors.sql",
    ];

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
            if DIALECT_SPECIFIC.contains(&name.as_str()) {
                continue;
            }
            assert_eq!(
                statements(&root.join("sqlite").join(&name)),
                statements(&root.join("postgres").join(&name)),
                "{name} differs between the backends"
            );
        }
    }
}
