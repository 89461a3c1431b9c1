//! The audit log: who did what, when and from where, for the events an
//! organisation must be able to account for (sign-ins, accounts, documents,
//! restricted downloads, published minutes, the chair's removals and mutes,
//! votes). This module is the only one that reads or writes `audit_log`.
//!
//! Append-only: the hub has no path that changes or deletes an entry, and the
//! table's triggers refuse both. An entry is written in the transaction of
//! the act it records where the act has one, so neither is there without the
//! other. Entries never carry a password, a token or a ballot's content.

use crate::auth::Caller;
use crate::db::Db;
use crate::error::{ApiResult, StoreError};
use crate::extract::Query;
use crate::validate::{Broken, Errors};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use plenary_protocol::api::{AuditAction, AuditEntry, AuditPage, Role};
use plenary_protocol::UserId;
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::net::IpAddr;

/// One event to record.
#[derive(Debug, Clone)]
pub struct Event {
    pub action: AuditAction,
    pub actor: Option<UserId>,
    pub address: Option<IpAddr>,
    pub subject: Option<String>,
    pub detail: serde_json::Value,
}

impl Event {
    pub fn new(action: AuditAction, actor: Option<UserId>, address: Option<IpAddr>) -> Event {
        Event {
            action,
            actor,
            address,
            subject: None,
            detail: serde_json::Value::Object(Default::default()),
        }
    }

    /// Done by a signed-in caller, from `address`.
    pub fn by(action: AuditAction, caller: &Caller, address: IpAddr) -> Event {
        Event::new(action, Some(caller.user.id), Some(address))
    }

    pub fn on(mut self, kind: &str, id: impl std::fmt::Display) -> Event {
        self.subject = Some(format!("{kind}:{id}"));
        self
    }

    pub fn with(mut self, detail: serde_json::Value) -> Event {
        self.detail = detail;
        self
    }
}

/// Appends `event`; inside the caller's transaction when given one.
pub async fn write<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    event: &Event,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at_ms, action, actor_id, address, subject, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(chrono::Utc::now().timestamp_millis())
    .bind(event.action.as_str())
    .bind(event.actor.map(|u| u.to_string()))
    .bind(event.address.map(|a| a.to_canonical().to_string()))
    .bind(event.subject.clone())
    .bind(event.detail.to_string())
    .execute(db)
    .await?;
    Ok(())
}

/// Appends `event` outside any transaction (a sign-in, a download), where
/// the act is done whether or not the entry is written: a failure is logged
/// and counted, and the act goes on.
pub async fn note(db: &Db, event: Event) {
    if let Err(e) = write(db, &event).await {
        metrics::counter!("plenary_audit_write_failures_total").increment(1);
        tracing::error!(action = event.action.as_str(), error = %e, "the audit log could not be written: {e}");
    }
}

/// Which entries to read.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Only this action (`signed_in`, `document_issued`, ...).
    pub action: Option<String>,
    /// Only what this user did.
    pub actor: Option<UserId>,
    /// Only what was done to this (`user:<id>`, `document:<id>`, ...).
    pub subject: Option<String>,
    /// From this day on (UTC, `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Up to and including this day (UTC, `YYYY-MM-DD`).
    pub until: Option<String>,
    /// Only entries older than this `seq` (the page before's `next_before`).
    pub before: Option<i64>,
    /// How many, 1 to 500 (default 100).
    pub limit: Option<u32>,
    /// The page's language (the audit page only).
    #[serde(default)]
    pub lang: Option<String>,
}

/// A filter checked: the SQL conditions and their values, in order.
struct Checked {
    conditions: Vec<String>,
    values: Vec<Value>,
    limit: i64,
}

enum Value {
    Text(String),
    Int(i64),
}

const MAX_PAGE: u32 = 500;

fn day(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn check(filter: &Filter) -> ApiResult<Checked> {
    let mut errors = Errors::default();
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    let mut push = |condition: &str, value: Value| {
        values.push(value);
        conditions.push(condition.replace('?', &format!("${}", values.len())));
    };
    if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
        match AuditAction::parse(action) {
            Some(a) => push("action = ?", Value::Text(a.as_str().into())),
            None => errors.add("action", Broken::AuditAction),
        }
    }
    if let Some(actor) = filter.actor {
        push("actor_id = ?", Value::Text(actor.to_string()));
    }
    if let Some(subject) = filter.subject.as_deref().filter(|s| !s.is_empty()) {
        if subject.len() > 200 {
            errors.add(
                "subject",
                Broken::TooLong {
                    max: 200,
                    got: subject.chars().count(),
                },
            );
        }
        push("subject = ?", Value::Text(subject.to_string()));
    }
    let ms = |d: chrono::NaiveDate| {
        d.and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
    };
    if let Some(since) = filter.since.as_deref().filter(|s| !s.is_empty()) {
        match day(since) {
            Some(d) => push("at_ms >= ?", Value::Int(ms(d))),
            None => errors.add("since", Broken::DateShape),
        }
    }
    if let Some(until) = filter.until.as_deref().filter(|s| !s.is_empty()) {
        match day(until).and_then(|d| d.succ_opt()) {
            Some(d) => push("at_ms < ?", Value::Int(ms(d))),
            None => errors.add("until", Broken::DateShape),
        }
    }
    if let Some(before) = filter.before {
        push("seq < ?", Value::Int(before));
    }
    let limit = filter.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        errors.add("limit", Broken::Limit { max: MAX_PAGE });
    }
    errors.into_result()?;
    Ok(Checked {
        conditions,
        values,
        limit: i64::from(limit),
    })
}

/// Entries matching `checked`, newest first (or oldest first from `after`,
/// for the export).
async fn read(db: &Db, checked: &Checked, after: Option<i64>) -> ApiResult<Vec<AuditEntry>> {
    let mut conditions = checked.conditions.clone();
    if after.is_some() {
        conditions.push(format!("seq > ${}", checked.values.len() + 1));
    }
    let condition = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = if after.is_some() { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT a.*, u.name AS actor_name, u.email AS actor_email FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_id {condition} ORDER BY seq {order} LIMIT {}",
        checked.limit
    );
    let mut query = sqlx::query(&sql);
    for value in &checked.values {
        query = match value {
            Value::Text(t) => query.bind(t.clone()),
            Value::Int(i) => query.bind(*i),
        };
    }
    if let Some(after) = after {
        query = query.bind(after);
    }
    let rows = query.fetch_all(db).await.map_err(StoreError::from)?;
    Ok(rows.iter().map(entry).collect::<Result<_, _>>()?)
}

fn entry(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    let action: String = row.try_get("action")?;
    let detail: String = row.try_get("detail")?;
    let at_ms: i64 = row.try_get("at_ms")?;
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: chrono::DateTime::from_timestamp_millis(at_ms)
            .ok_or_else(|| StoreError::Corrupt(format!("audit at_ms {at_ms}")))?,
        action: AuditAction::parse(&action)
            .ok_or_else(|| StoreError::Corrupt(format!("audit action {action:?}")))?,
        actor: row
            .try_get::<Option<String>, _>("actor_id")?
            .map(|id| {
                uuid::Uuid::parse_str(&id)
                    .map(UserId)
                    .map_err(|_| StoreError::Corrupt(format!("audit actor {id:?}")))
            })
            .transpose()?,
        actor_name: row.try_get("actor_name")?,
        actor_email: row.try_get("actor_email")?,
        address: row.try_get("address")?,
        subject: row.try_get("subject")?,
        detail: serde_json::from_str(&detail)
            .map_err(|e| StoreError::Corrupt(format!("audit detail: {e}")))?,
    })
}

/// A page of the log, newest first, for an administrator.
pub(crate) async fn page(db: &Db, filter: &Filter) -> ApiResult<AuditPage> {
    let checked = check(filter)?;
    let entries = read(db, &checked, None).await?;
    let next_before = if entries.len() as i64 == checked.limit {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(AuditPage {
        entries,
        next_before,
    })
}

/// The audit log, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(Filter),
    responses((status = 200, body = AuditPage), (status = 401, body = plenary_protocol::Problem),
              (status = 403, body = plenary_protocol::Problem), (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<Filter>,
) -> ApiResult<crate::extract::Json<AuditPage>> {
    caller.require(Role::ADMINISTRATORS)?;
    Ok(crate::extract::Json(page(&state.db, &filter).await?))
}

/// The audit log as JSON Lines, oldest first, one entry per line
/// (administrators). Read a batch at a time, so any length streams in
/// bounded memory; `before` and `limit` do not apply.
#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit", params(Filter),
    responses((status = 200, content_type = "application/jsonl", body = String),
              (status = 401, body = plenary_protocol::Problem), (status = 403, body = plenary_protocol::Problem),
              (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_audit_export(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<Filter>,
) -> ApiResult<Response> {
    caller.require(Role::ADMINISTRATORS)?;
    let mut checked = check(&Filter {
        before: None,
        limit: Some(MAX_PAGE),
        ..filter
    })?;
    checked.limit = i64::from(MAX_PAGE);
    let db = state.db.clone();
    let batches = futures_util::stream::try_unfold(Some(0i64), move |after| {
        let db = db.clone();
        let checked = Checked {
            conditions: checked.conditions.clone(),
            values: checked
                .values
                .iter()
                .map(|v| match v {
                    Value::Text(t) => Value::Text(t.clone()),
                    Value::Int(i) => Value::Int(*i),
                })
                .collect(),
            limit: checked.limit,
        };
        async move {
            let Some(after) = after else { return Ok(None) };
            let entries = read(&db, &checked, Some(after)).await.map_err(|e| {
                tracing::warn!("exporting the audit log: {e}");
                std::io::Error::other("the audit log could not be read")
            })?;
            let next = if entries.len() as i64 == checked.limit {
                entries.last().map(|e| e.seq)
            } else {
                None
            };
            let mut lines = Vec::new();
            for e in &entries {
                serde_json::to_writer(&mut lines, e).map_err(std::io::Error::other)?;
                lines.push(b'\n');
            }
            Ok::<_, std::io::Error>(Some((lines, next)))
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/jsonl"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.jsonl\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(batches),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[test]
    fn every_action_reads_back_by_its_name() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_value(a).expect("json"),
                serde_json::Value::String(a.as_str().into())
            );
        }
        assert_eq!(AuditAction::parse("dropped_table"), None);
    }

    #[test]
    fn a_filter_is_checked_before_any_query() {
        let bad = Filter {
            action: Some("nothing".into()),
            since: Some("yesterday".into()),
            until: Some("2026-02-30".into()),
            limit: Some(0),
            ..Filter::default()
        };
        let Err(ApiError::Validation(errors)) = check(&bad) else {
            panic!("refused")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["action", "since", "until", "limit"]);
        let good = check(&Filter {
            action: Some("signed_in".into()),
            since: Some("2026-12-01".into()),
            before: Some(40),
            ..Filter::default()
        })
        .expect("accepted");
        assert_eq!(good.conditions, ["action = $1", "at_ms >= $2", "seq < $3"]);
        assert_eq!(good.limit, 100);
    }
}
