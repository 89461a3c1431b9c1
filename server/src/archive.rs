//! The archive as a whole: checks that every object SQL records (documents'
//! files, published minutes and recordings) is present and unaltered
//! (`plenary archive verify`).

use crate::db::Db;
use crate::error::StoreError;
use crate::objects::{Objects, ObjectsError, Stored, Verdict};
use sqlx::Row;

/// One object that does not match SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub key: String,
    /// What the object belongs to, e.g. `A/57/L.12 (fr)`.
    pub what: String,
    pub verdict: Verdict,
}

#[derive(Debug, Default)]
pub struct Report {
    pub checked: u64,
    pub findings: Vec<Finding>,
    /// Archive objects no SQL row names: left by a write that failed or a
    /// process that stopped between storing and recording (or an upload in
    /// progress). Nothing reads them; they are reported, never removed here.
    pub unreferenced: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Objects(#[from] ObjectsError),
}

impl From<sqlx::Error> for VerifyError {
    fn from(e: sqlx::Error) -> Self {
        VerifyError::Store(e.into())
    }
}

/// Every key SQL records, documents' files and minutes' files alike.
async fn recorded_keys(db: &Db) -> Result<std::collections::HashSet<String>, VerifyError> {
    let mut keys = std::collections::HashSet::new();
    for sql in [
        "SELECT object_key FROM document_files",
        "SELECT object_key FROM minutes_files",
        "SELECT object_key FROM recordings",
        "SELECT object_key FROM statements",
    ] {
        for row in sqlx::query(sql).fetch_all(db).await? {
            keys.insert(row.try_get::<String, _>("object_key")?);
        }
    }
    Ok(keys)
}

/// Archive objects no SQL row names, with when each was last written.
async fn unreferenced(
    db: &Db,
    objects: &Objects,
) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, VerifyError> {
    let recorded = recorded_keys(db).await?;
    let mut found = Vec::new();
    for prefix in ["documents/", "minutes/", "recordings/", "statements/"] {
        for (key, modified) in objects.list_with_times(prefix).await? {
            if !recorded.contains(&key) {
                found.push((key, modified));
            }
        }
    }
    Ok(found)
}

/// Removes unreferenced objects last written more than `older_than` ago
/// (younger ones may belong to a write still in progress); returns their keys.
pub async fn sweep(
    db: &Db,
    objects: &Objects,
    older_than: std::time::Duration,
) -> Result<Vec<String>, VerifyError> {
    let cutoff = chrono::Utc::now()
        - chrono::Duration::from_std(older_than).unwrap_or(chrono::Duration::MAX);
    let mut removed = Vec::new();
    for (key, modified) in unreferenced(db, objects).await? {
        if modified <= cutoff {
            objects.delete(&key).await?;
            removed.push(key);
        }
    }
    Ok(removed)
}

/// Re-reads every recorded object; `progress(done, total)` is called after each.
pub async fn verify(
    db: &Db,
    objects: &Objects,
    mut progress: impl FnMut(u64, u64),
) -> Result<Report, VerifyError> {
    // Documents' files, then the files of published minutes (whose PDF is
    // also a document's file: checked once).
    let rows = sqlx::query(
        "SELECT f.object_key, f.size, f.sha256, d.symbol || ' (' || f.language || ')' AS what \
         FROM document_files f JOIN documents d ON d.id = f.document_id ORDER BY f.uploaded_at, f.id",
    )
    .fetch_all(db)
    .await?;
    let minutes = sqlx::query(
        "SELECT f.object_key, f.size, f.sha256, v.symbol || ' (minutes ' || f.kind || ')' AS what \
         FROM minutes_files f JOIN minutes_versions v ON v.minutes_id = f.minutes_id AND v.version = f.version \
         WHERE f.object_key NOT IN (SELECT object_key FROM document_files) \
         ORDER BY v.published_at, f.object_key",
    )
    .fetch_all(db)
    .await?;
    let recordings = sqlx::query(
        "SELECT r.object_key, r.size, r.sha256, m.title || ' (recording, ' || r.channel || ')' AS what \
         FROM recordings r JOIN meetings m ON m.id = r.meeting_id ORDER BY r.started_at_ms, r.id",
    )
    .fetch_all(db)
    .await?;
    let statements = sqlx::query(
        "SELECT s.object_key, s.size, s.sha256, m.title || ' (statement, ' || d.code || ')' AS what \
         FROM statements s JOIN meetings m ON m.id = s.meeting_id JOIN delegations d ON d.id = s.delegation_id \
         ORDER BY s.uploaded_at_ms, s.id",
    )
    .fetch_all(db)
    .await?;
    let total = (rows.len() + minutes.len() + recordings.len() + statements.len()) as u64;
    let mut report = Report::default();
    for row in rows
        .iter()
        .chain(&minutes)
        .chain(&recordings)
        .chain(&statements)
    {
        let key: String = row.try_get("object_key")?;
        let expected = Stored {
            size: u64::try_from(row.try_get::<i64, _>("size")?).unwrap_or(0),
            sha256: row.try_get("sha256")?,
        };
        let verdict = objects.verify(&key, &expected).await?;
        report.checked += 1;
        if verdict != Verdict::Intact {
            report.findings.push(Finding {
                key,
                what: row.try_get("what")?,
                verdict,
            });
        }
        progress(report.checked, total);
    }
    report.unreferenced = unreferenced(db, objects)
        .await?
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    Ok(report)
}
