//! The lists of speakers as they outlive a sitting. This module is the only
//! one that reads or writes `speakers_lists`: the record writer keeps each
//! list as the live meeting changes it, and a meeting that starts live takes
//! up the lists its agenda items already have (inscriptions made before the
//! meeting, or left from an earlier sitting of the body on the same item).
//!
//! An item with a number on the body's agenda (`17 (a)`) has one list for
//! the body; an item without one has a list for its meeting only.

use crate::db::Db;
use crate::error::StoreError;
use plenary_protocol::api::Meeting;
use plenary_protocol::signal::SpeakersList;
use plenary_protocol::MeetingId;
use sqlx::Row;
use std::collections::BTreeMap;

/// The key of the list of the item at `position` (from 1; 0 for the
/// meeting's own list, without an agenda).
fn key(meeting: MeetingId, position: u32, number: Option<&str>) -> String {
    match number.map(str::trim).filter(|n| !n.is_empty()) {
        Some(number) => format!("item {number}"),
        None => format!("meeting {meeting} {position}"),
    }
}

/// The lists a meeting's agenda items have, by position.
pub async fn for_meeting(
    db: &Db,
    meeting: &Meeting,
) -> Result<BTreeMap<u32, SpeakersList>, StoreError> {
    let mut keys: Vec<(u32, String)> = vec![(0, key(meeting.id, 0, None))];
    for (i, item) in meeting.agenda.iter().enumerate() {
        let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
        keys.push((position, key(meeting.id, position, item.number.as_deref())));
    }
    let rows = sqlx::query("SELECT item, list FROM speakers_lists WHERE body_id = $1")
        .bind(meeting.body_id.to_string())
        .fetch_all(db)
        .await?;
    let mut stored: BTreeMap<String, SpeakersList> = BTreeMap::new();
    for row in rows {
        let item: String = row.try_get("item")?;
        if keys.iter().any(|(_, k)| *k == item) {
            let list: String = row.try_get("list")?;
            let list = serde_json::from_str(&list)
                .map_err(|e| StoreError::Corrupt(format!("list of speakers {item:?}: {e}")))?;
            stored.insert(item, list);
        }
    }
    Ok(keys
        .into_iter()
        .filter_map(|(position, k)| stored.get(&k).map(|l| (position, l.clone())))
        .collect())
}

/// Keeps the list of the item at `position` of `meeting`, in the record's
/// transaction.
pub(crate) async fn save(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    meeting: MeetingId,
    position: u32,
    list: &SpeakersList,
    at: i64,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT m.body_id AS body_id, a.number AS number FROM meetings m \
         LEFT JOIN agenda_items a ON a.meeting_id = m.id AND a.position = $2 WHERE m.id = $1",
    )
    .bind(meeting.to_string())
    .bind(i64::from(position) - 1)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let body: String = row.try_get("body_id")?;
    let number: Option<String> = row.try_get("number")?;
    let json = serde_json::to_string(list).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO speakers_lists (body_id, item, list, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (body_id, item) DO UPDATE SET list = excluded.list, updated_at = excluded.updated_at",
    )
    .bind(body)
    .bind(key(meeting, position, number.as_deref()))
    .bind(json)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
