//! The meeting record: every change a live meeting went through, in order,
//! as its participants received it. This module is the only one that reads or
//! writes `meeting_record`; the minutes' skeleton, the record's API and the
//! end of a user's seats all come here.

use crate::audit;
use crate::db::{self, Db};
use crate::error::StoreError;
use crate::scheduling;
use plenary_protocol::api::AuditAction;
use plenary_protocol::signal::Event;
use plenary_protocol::{MeetingId, UserId};
use plenary_signaling::node::Recorded;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use tokio::sync::mpsc;

fn event_kind(event: &Event) -> (&'static str, Option<u64>) {
    match event {
        Event::Joined { participant } => ("joined", Some(participant.id.0)),
        Event::Left { participant } => ("left", Some(participant.0)),
        Event::Disconnected { participant } => ("disconnected", Some(participant.0)),
        Event::Reconnected { participant, .. } => ("reconnected", Some(participant.0)),
        Event::Admitted { participant } => ("admitted", Some(participant.0)),
        Event::Refused { participant } => ("refused", Some(participant.0)),
        Event::Readmitted { .. } => ("readmitted", None),
        Event::Removed { participant } => ("removed", Some(participant.0)),
        Event::AccessEnded { participant } => ("access_ended", Some(participant.0)),
        Event::Reseated { participant } => ("reseated", Some(participant.0)),
        Event::AccessChanged { .. } => ("access_changed", None),
        Event::HandsChanged { .. } => ("hands_changed", None),
        Event::SpeakersChanged { .. } => ("speakers_changed", None),
        Event::FloorGiven { floor } => ("floor_given", Some(floor.participant.0)),
        Event::FloorEnded { participant, .. } => ("floor_ended", Some(participant.0)),
        Event::TimeWarning { participant, .. } => ("time_warning", Some(participant.0)),
        Event::TimeExpired { participant } => ("time_expired", Some(participant.0)),
        Event::StatusChanged { .. } => ("status_changed", None),
        Event::LockChanged { .. } => ("lock_changed", None),
        Event::FormalChanged { .. } => ("formal_changed", None),
        Event::SpeakingLimitChanged { .. } => ("speaking_limit_changed", None),
        Event::ItemTakenUp { .. } => ("item_taken_up", None),
        Event::DecisionRecorded { .. } => ("decision_recorded", None),
        Event::MuteRequested { participant } => ("mute_requested", Some(participant.0)),
        Event::MuteLifted { participant } => ("mute_lifted", Some(participant.0)),
        Event::Chat { message } => ("chat", Some(message.from.0)),
        Event::FloorLimitChanged { .. } => ("floor_limit_changed", None),
        Event::ShareStopped { participant } => ("share_stopped", Some(participant.0)),
        Event::VoteOpened { .. } => ("vote_opened", None),
        Event::VotesCast { .. } => ("votes_cast", None),
        Event::RollCallChanged { .. } => ("roll_call_changed", None),
        Event::VoteClosed { .. } => ("vote_closed", None),
        Event::ChannelChosen { participant, .. } => ("channel_chosen", Some(participant.0)),
        // Who was on air in which booth, and when: the record of each channel.
        Event::InterpretationChanged { .. } => ("interpretation_changed", None),
    }
}

/// Writes every recorded change to `meeting_record`, in arrival order. A
/// failed write is retried; a replay of the same version is ignored.
pub async fn write(db: Db, mut recorded: mpsc::Receiver<Recorded>) {
    let mut who = Who::default();
    while let Some(r) = recorded.recv().await {
        let mut delay = std::time::Duration::from_millis(100);
        // Bounded: meetings end, and a miss costs one query.
        if who.len() > 100_000 {
            who.clear();
        }
        loop {
            match record_one(&db, &r, &mut who).await {
                Ok(()) => break,
                // The node is stopping: nothing more can be written.
                Err(StoreError::Sql(sqlx::Error::PoolClosed)) => return,
                Err(e) => {
                    tracing::warn!(meeting = %r.meeting, error = %e, "writing the meeting record failed; retrying: {e}");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(std::time::Duration::from_secs(5));
                }
            }
        }
    }
}

/// User and delegation of each participant seen, by meeting and participant.
type Who = std::collections::HashMap<(MeetingId, u64), (Option<String>, Option<String>)>;

async fn record_one(db: &Db, r: &Recorded, who: &mut Who) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    for (position, event) in r.events.iter().enumerate() {
        let (kind, participant) = event_kind(event);
        let (mut user, mut delegation) = (None, None);
        if let Event::Joined { participant } = event {
            user = Some(participant.user.to_string());
            delegation = participant.delegation.map(|d| d.to_string());
            who.insert(
                (r.meeting, participant.id.0),
                (user.clone(), delegation.clone()),
            );
        } else if let Event::Readmitted { user: readmitted } = event {
            user = Some(readmitted.to_string());
        } else if let Some(p) = participant {
            if let Some(known) = who.get(&(r.meeting, p)) {
                (user, delegation) = known.clone();
            } else {
                // Joined through another node: its joining line says who it is.
                let row = sqlx::query(
                    "SELECT user_id, delegation_id FROM meeting_record \
                     WHERE meeting_id = $1 AND participant = $2 AND kind = 'joined' LIMIT 1",
                )
                .bind(r.meeting.to_string())
                .bind(i64::try_from(p).unwrap_or(i64::MAX))
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(row) = row {
                    user = row.try_get("user_id")?;
                    delegation = row.try_get("delegation_id")?;
                    who.insert((r.meeting, p), (user.clone(), delegation.clone()));
                }
            }
        }
        let json = serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let written = sqlx::query(
            "INSERT INTO meeting_record (meeting_id, version, position, at_ms, kind, participant, user_id, delegation_id, event, actor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (meeting_id, version, position) DO NOTHING",
        )
        .bind(r.meeting.to_string())
        .bind(i64::try_from(r.version).unwrap_or(i64::MAX))
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(i64::try_from(r.at.0).unwrap_or(i64::MAX))
        .bind(kind)
        .bind(participant.map(|p| i64::try_from(p).unwrap_or(i64::MAX)))
        .bind(user.clone())
        .bind(delegation)
        .bind(json)
        .bind(r.by.map(|a| i64::try_from(a.participant.0).unwrap_or(i64::MAX)))
        .execute(&mut *tx)
        .await?;
        // The chair's acts the audit log keeps, once (a replay writes nothing).
        if let (Some(entry), Some(actor)) = (audited(event, user), r.by) {
            if written.rows_affected() == 1 {
                let (action, detail) = entry;
                let event = audit::Event::new(action, Some(actor.user), actor.from)
                    .on("meeting", r.meeting)
                    .with(detail);
                audit::write(&mut *tx, &event).await?;
            }
        }
        match event {
            // The schedule shows what the live meeting did.
            Event::StatusChanged { status } => {
                scheduling::set_live_status(&mut tx, r.meeting, *status).await?;
            }
            // The list outlives the sitting.
            Event::SpeakersChanged { item, list } => {
                let at = i64::try_from(r.at.0 / 1000).unwrap_or(i64::MAX);
                crate::speakers::save(&mut tx, r.meeting, *item, list, at).await?;
            }
            _ => {}
        }
    }
    tx.commit().await?;
    Ok(())
}

/// What the audit log says of a chair's act, if it keeps it; `user` is the
/// user of the participant it concerns. Never a ballot: a vote's opening and
/// closing only.
fn audited(event: &Event, user: Option<String>) -> Option<(AuditAction, serde_json::Value)> {
    match event {
        Event::Removed { participant } => Some((
            AuditAction::ParticipantRemoved,
            serde_json::json!({ "participant": participant.0, "user": user }),
        )),
        Event::MuteRequested { participant } => Some((
            AuditAction::ParticipantMuted,
            serde_json::json!({ "participant": participant.0, "user": user }),
        )),
        Event::VoteOpened { vote } => Some((
            AuditAction::VoteOpened,
            serde_json::json!({ "number": vote.number, "title": vote.spec.title }),
        )),
        Event::VoteClosed { vote } => Some((
            AuditAction::VoteClosed,
            serde_json::json!({ "number": vote.number, "title": vote.spec.title }),
        )),
        _ => None,
    }
}

/// One line of the meeting record.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecordLine {
    pub version: u64,
    pub position: u32,
    /// When the node accepted the change, in milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub kind: String,
    pub participant: Option<u64>,
    pub user_id: Option<UserId>,
    pub delegation_id: Option<plenary_protocol::DelegationId>,
    /// The participant whose act it was (the chair, or the secretary of the
    /// meeting on the chair's behalf; their `joined` line says who); absent
    /// for what the meeting did itself.
    pub actor: Option<u64>,
    /// The event as participants received it.
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
}

/// The record of `meeting`, in order (at most 100,000 lines).
pub async fn load(db: &Db, meeting: MeetingId) -> Result<Vec<RecordLine>, StoreError> {
    let rows = sqlx::query(
        "SELECT * FROM meeting_record WHERE meeting_id = $1 ORDER BY version, position LIMIT 100000",
    )
    .bind(meeting.to_string())
    .fetch_all(db)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in rows {
        let event: String = r.try_get("event")?;
        let unsigned = |v: i64| u64::try_from(v).unwrap_or(0);
        lines.push(RecordLine {
            version: unsigned(r.try_get("version")?),
            position: u32::try_from(r.try_get::<i64, _>("position")?).unwrap_or(0),
            at_ms: unsigned(r.try_get("at_ms")?),
            kind: r.try_get("kind")?,
            participant: r.try_get::<Option<i64>, _>("participant")?.map(unsigned),
            user_id: db::opt_uuid_col(&r, "user_id")?.map(UserId),
            delegation_id: db::opt_uuid_col(&r, "delegation_id")?
                .map(plenary_protocol::DelegationId),
            actor: r.try_get::<Option<i64>, _>("actor")?.map(unsigned),
            event: serde_json::from_str(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        });
    }
    Ok(lines)
}

/// The meetings the record shows `user` joining since `since_ms`.
pub async fn meetings_joined_since(
    db: &Db,
    user: UserId,
    since_ms: i64,
) -> Result<Vec<MeetingId>, StoreError> {
    let rows = sqlx::query(
        "SELECT DISTINCT meeting_id FROM meeting_record \
         WHERE user_id = $1 AND kind = 'joined' AND at_ms >= $2",
    )
    .bind(user.to_string())
    .bind(since_ms)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| Ok(MeetingId(db::uuid_col(row, "meeting_id")?)))
        .collect()
}

/// When each delegation took the floor for a statement in `meeting`, in
/// order: what releases the statements they handed in.
pub async fn statements_made(
    db: &Db,
    meeting: MeetingId,
) -> Result<Vec<(plenary_protocol::DelegationId, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT delegation_id, at_ms, event FROM meeting_record \
         WHERE meeting_id = $1 AND kind = 'floor_given' AND delegation_id IS NOT NULL \
         ORDER BY version, position",
    )
    .bind(meeting.to_string())
    .fetch_all(db)
    .await?;
    let mut made = Vec::new();
    for r in rows {
        let event: String = r.try_get("event")?;
        let event: Event =
            serde_json::from_str(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if let Event::FloorGiven { floor } = event {
            if floor.kind == plenary_protocol::signal::SpeakerKind::Statement {
                if let Some(d) = db::opt_uuid_col(&r, "delegation_id")? {
                    made.push((plenary_protocol::DelegationId(d), r.try_get("at_ms")?));
                }
            }
        }
    }
    Ok(made)
}
