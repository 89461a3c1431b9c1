//! Scheduling: bodies, rooms, meetings with their agendas, the daily Journal
//! and iCalendar output.
//!
//! Times: a conference manager types wall-clock times in the venue's IANA
//! zone; SQL stores the UTC instants and the zone, so a meeting keeps its
//! local time across daylight-saving changes and converts exactly.
//!
//! Room bookings are serialised per room: each scheduling transaction first
//! bumps the room's `booking_version`, which takes the row lock on PostgreSQL
//! and the write lock on SQLite, then checks for overlap. Two managers booking
//! one room at once therefore cannot both succeed.

use crate::auth::{Caller, Viewer};
use crate::db::{self, Db};
use crate::error::{unique_or, ApiError, ApiResult, StoreError};
use crate::extract::{Json, Path, Query};
use crate::ical;
use crate::validate::{self, Errors};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use plenary_protocol::api::*;
use plenary_protocol::{BodyId, DelegationId, MeetingId, Problem, RoomId, UserId};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

/// Most agenda items one meeting may have.
pub const MAX_AGENDA_ITEMS: usize = 200;
/// Most delegations one meeting may invite.
pub const MAX_INVITED: usize = 400;
/// Longest meeting.
pub const MAX_MEETING_HOURS: i64 = 24;

// ---------------------------------------------------------------- bodies and rooms

#[utoipa::path(get, path = "/api/v1/bodies", tag = "scheduling", responses((status = 200, body = Vec<Body>)))]
pub async fn get_bodies(State(state): State<AppState>) -> ApiResult<Json<Vec<Body>>> {
    let rows = sqlx::query("SELECT * FROM bodies ORDER BY name")
        .fetch_all(&state.db)
        .await?;
    let bodies = rows
        .iter()
        .map(|r| -> Result<Body, StoreError> {
            Ok(Body {
                id: BodyId(db::uuid_col(r, "id")?),
                name: r.try_get("name")?,
                symbol_prefix: r.try_get("symbol_prefix")?,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Json(bodies))
}

#[utoipa::path(post, path = "/api/v1/bodies", tag = "scheduling", request_body = CreateBody,
    responses((status = 201, body = Body), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_body(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<CreateBody>,
) -> ApiResult<(StatusCode, Json<Body>)> {
    caller.require(Role::SCHEDULERS)?;
    let mut errors = Errors::default();
    errors.check("name", validate::text(&input.name, 200));
    errors.check(
        "symbol_prefix",
        validate::optional_text(input.symbol_prefix.as_deref(), 40),
    );
    errors.into_result()?;
    let body = Body {
        id: BodyId(db::new_id()),
        name: input.name.trim().into(),
        symbol_prefix: input.symbol_prefix,
    };
    unique_or(
        sqlx::query(
            "INSERT INTO bodies (id, name, symbol_prefix, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(body.id.to_string())
        .bind(&body.name)
        .bind(&body.symbol_prefix)
        .bind(db::now())
        .execute(&state.db)
        .await,
        "a body with this name exists",
    )?;
    Ok((StatusCode::CREATED, Json(body)))
}

fn room_from_row(r: &AnyRow) -> Result<Room, StoreError> {
    Ok(Room {
        id: RoomId(db::uuid_col(r, "id")?),
        name: r.try_get("name")?,
        capacity: r
            .try_get::<Option<i64>, _>("capacity")?
            .and_then(|c| u32::try_from(c).ok()),
    })
}

#[utoipa::path(get, path = "/api/v1/rooms", tag = "scheduling", responses((status = 200, body = Vec<Room>)))]
pub async fn get_rooms(State(state): State<AppState>) -> ApiResult<Json<Vec<Room>>> {
    let rows = sqlx::query("SELECT * FROM rooms ORDER BY name")
        .fetch_all(&state.db)
        .await?;
    Ok(Json(
        rows.iter().map(room_from_row).collect::<Result<_, _>>()?,
    ))
}

#[utoipa::path(post, path = "/api/v1/rooms", tag = "scheduling", request_body = CreateRoom,
    responses((status = 201, body = Room), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_room(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<CreateRoom>,
) -> ApiResult<(StatusCode, Json<Room>)> {
    caller.require(Role::SCHEDULERS)?;
    let mut errors = Errors::default();
    errors.check("name", validate::text(&input.name, 200));
    if input.capacity.is_some_and(|c| c == 0 || c > 100_000) {
        errors.add("capacity", "must be from 1 to 100000 seats");
    }
    errors.into_result()?;
    let room = Room {
        id: RoomId(db::new_id()),
        name: input.name.trim().into(),
        capacity: input.capacity,
    };
    unique_or(
        sqlx::query("INSERT INTO rooms (id, name, capacity, booking_version, created_at) VALUES ($1, $2, $3, 0, $4)")
            .bind(room.id.to_string())
            .bind(&room.name)
            .bind(room.capacity.map(i64::from))
            .bind(db::now())
            .execute(&state.db)
            .await,
        "a room with this name exists",
    )?;
    Ok((StatusCode::CREATED, Json(room)))
}

// ---------------------------------------------------------------- meetings: reading

fn meeting_from_row(r: &AnyRow) -> Result<Meeting, StoreError> {
    let zone: String = r.try_get("time_zone")?;
    let tz: Tz = zone
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("time zone {zone:?}")))?;
    let starts_at = db::to_time(r.try_get("starts_at")?)?;
    let ends_at = db::to_time(r.try_get("ends_at")?)?;
    let status: String = r.try_get("status")?;
    let access: String = r.try_get("access")?;
    Ok(Meeting {
        id: MeetingId(db::uuid_col(r, "id")?),
        title: r.try_get("title")?,
        body_id: BodyId(db::uuid_col(r, "body_id")?),
        room_id: db::opt_uuid_col(r, "room_id")?.map(RoomId),
        starts_local: starts_at.with_timezone(&tz).naive_local(),
        ends_local: ends_at.with_timezone(&tz).naive_local(),
        starts_at,
        ends_at,
        time_zone: zone,
        status: MeetingStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
        access: Access::parse(&access)
            .ok_or_else(|| StoreError::Corrupt(format!("access {access:?}")))?,
        invited_delegations: Vec::new(),
        agenda: Vec::new(),
        chair_id: db::opt_uuid_col(r, "chair_id")?.map(UserId),
        sequence: u32::try_from(r.try_get::<i64, _>("sequence")?).unwrap_or(u32::MAX),
        updated_at: db::to_time(r.try_get("updated_at")?)?,
    })
}

/// Fills in invitations and agendas of meeting rows, two queries in all.
async fn hydrate(db: &Db, rows: Vec<AnyRow>) -> Result<Vec<Meeting>, StoreError> {
    let mut meetings = rows
        .iter()
        .map(meeting_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    if meetings.is_empty() {
        return Ok(meetings);
    }
    let placeholders = (1..=meetings.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let index: HashMap<String, usize> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.to_string(), i))
        .collect();
    let ids: Vec<String> = meetings.iter().map(|m| m.id.to_string()).collect();

    let sql = format!("SELECT meeting_id, delegation_id FROM meeting_invitations WHERE meeting_id IN ({placeholders}) ORDER BY delegation_id");
    let mut q = sqlx::query(&sql);
    for id in &ids {
        q = q.bind(id.clone());
    }
    for r in q.fetch_all(db).await? {
        let mid: String = r.try_get("meeting_id")?;
        if let Some(&i) = index.get(&mid) {
            meetings[i]
                .invited_delegations
                .push(DelegationId(db::uuid_col(&r, "delegation_id")?));
        }
    }

    let sql = format!("SELECT meeting_id, number, title FROM agenda_items WHERE meeting_id IN ({placeholders}) ORDER BY meeting_id, position");
    let mut q = sqlx::query(&sql);
    for id in &ids {
        q = q.bind(id.clone());
    }
    for r in q.fetch_all(db).await? {
        let mid: String = r.try_get("meeting_id")?;
        if let Some(&i) = index.get(&mid) {
            meetings[i].agenda.push(AgendaItem {
                number: r.try_get("number")?,
                title: r.try_get("title")?,
            });
        }
    }
    Ok(meetings)
}

/// SQL condition (with its bind value) limiting meetings to what the viewer may see.
fn visibility(viewer: &Viewer, next_param: usize) -> (String, Option<String>) {
    if viewer.is_staff() {
        ("1 = 1".into(), None)
    } else if let Some(delegation) = viewer.delegation() {
        (
            format!("(access = 'public' OR id IN (SELECT meeting_id FROM meeting_invitations WHERE delegation_id = ${next_param}))"),
            Some(delegation.to_string()),
        )
    } else {
        ("access = 'public'".into(), None)
    }
}

/// Meetings overlapping [from, to) that the viewer may see, by start time.
async fn visible_between(
    db: &Db,
    viewer: &Viewer,
    from: i64,
    to: i64,
    limit: u32,
) -> Result<Vec<Meeting>, StoreError> {
    let (cond, bind) = visibility(viewer, 3);
    // `limit` is a server constant, not input: inlining it keeps placeholders in order.
    let sql = format!("SELECT * FROM meetings WHERE starts_at < $1 AND ends_at > $2 AND {cond} ORDER BY starts_at, id LIMIT {limit}");
    let mut q = sqlx::query(&sql).bind(to).bind(from);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    hydrate(db, q.fetch_all(db).await?).await
}

/// A meeting if it exists and the viewer may see it; otherwise `NotFound`.
pub(crate) async fn visible_meeting(db: &Db, viewer: &Viewer, id: MeetingId) -> ApiResult<Meeting> {
    let (cond, bind) = visibility(viewer, 2);
    let sql = format!("SELECT * FROM meetings WHERE id = $1 AND {cond}");
    let mut q = sqlx::query(&sql).bind(id.to_string());
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let rows = q.fetch_all(db).await?;
    hydrate(db, rows).await?.pop().ok_or(ApiError::NotFound)
}

/// The name of a body, if it exists.
pub(crate) async fn body_name(db: &Db, id: BodyId) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query("SELECT name FROM bodies WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("name"))
        .transpose()?)
}

/// A meeting by id, whoever asks (callers check access themselves).
pub(crate) async fn meeting_by_id(db: &Db, id: MeetingId) -> ApiResult<Meeting> {
    let rows = sqlx::query("SELECT * FROM meetings WHERE id = $1")
        .bind(id.to_string())
        .fetch_all(db)
        .await?;
    hydrate(db, rows).await?.pop().ok_or(ApiError::NotFound)
}

/// What the live meeting did to its status, in the record's transaction, so
/// the schedule shows it (a cancelled meeting stays cancelled).
pub(crate) async fn set_live_status(
    tx: &mut Transaction<'_, Any>,
    meeting: MeetingId,
    status: MeetingStatus,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3 AND status <> 'cancelled'",
    )
    .bind(status.as_str())
    .bind(db::now())
    .bind(meeting.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Instant (RFC 3339) from which to list; default: 30 days ago.
    pub from: Option<DateTime<Utc>>,
    /// Instant (RFC 3339) up to which to list; default: 365 days after `from`.
    pub to: Option<DateTime<Utc>>,
}

#[utoipa::path(get, path = "/api/v1/meetings", tag = "scheduling", params(ListParams),
    responses((status = 200, body = Vec<Meeting>), (status = 422, body = Problem)))]
pub async fn get_meetings(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<Vec<Meeting>>> {
    let from = params
        .from
        .unwrap_or_else(|| Utc::now() - chrono::Duration::days(30));
    let to = params.to.unwrap_or(from + chrono::Duration::days(365));
    if to <= from || to - from > chrono::Duration::days(3660) {
        return Err(ApiError::Validation(vec![plenary_protocol::FieldError {
            field: "to".into(),
            message: "must be after `from` and at most ten years later".into(),
        }]));
    }
    let meetings = visible_between(&state.db, &viewer, from.timestamp(), to.timestamp(), 1000)
        .await?
        .into_iter()
        .map(|m| for_reader(m, &viewer))
        .collect();
    Ok(Json(meetings))
}

/// A meeting as a reader is shown it: staff see everything; others see the
/// chair only when it is themselves and, of the invited delegations, only
/// their own. Who chairs and who is invited to a closed meeting is not every
/// reader's business.
pub(crate) fn for_reader(mut meeting: Meeting, viewer: &Viewer) -> Meeting {
    if viewer.is_staff() {
        return meeting;
    }
    let me = viewer.0.as_ref().map(|c| c.user.id);
    meeting.chair_id = meeting.chair_id.filter(|c| Some(*c) == me);
    let mine = viewer.delegation();
    meeting.invited_delegations.retain(|d| Some(*d) == mine);
    meeting
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "scheduling", params(("id" = MeetingId, Path)),
    responses((status = 200, body = Meeting), (status = 404, body = Problem)))]
pub async fn get_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<MeetingId>,
) -> ApiResult<Json<Meeting>> {
    let meeting = visible_meeting(&state.db, &viewer, id).await?;
    Ok(Json(for_reader(meeting, &viewer)))
}

// ---------------------------------------------------------------- meetings: writing

/// A meeting's validated schedule.
struct When {
    tz: Tz,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

fn parse_local(field: &str, value: &str, tz: Tz, errors: &mut Errors) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M"));
    let Ok(naive) = naive else {
        errors.add(
            field,
            "must be a wall-clock time YYYY-MM-DDTHH:MM[:SS], e.g. 2026-11-30T10:00",
        );
        return None;
    };
    if !(2000..=2100).contains(&chrono::Datelike::year(&naive)) {
        errors.add(field, "must be in the years 2000 to 2100");
        return None;
    }
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::None => {
            errors.add(
                field,
                format!(
                    "{value} does not exist in {} (the clocks skip it); choose another time",
                    tz.name()
                ),
            );
            None
        }
        chrono::LocalResult::Ambiguous(..) => {
            errors.add(
                field,
                format!(
                    "{value} happens twice in {} (the clocks fall back); choose another time",
                    tz.name()
                ),
            );
            None
        }
    }
}

fn validate_when(
    starts_local: &str,
    ends_local: &str,
    time_zone: &str,
    errors: &mut Errors,
) -> Option<When> {
    let Ok(tz) = time_zone.parse::<Tz>() else {
        errors.add(
            "time_zone",
            "must be an IANA time zone name such as Europe/Zurich or America/New_York",
        );
        return None;
    };
    let starts_at = parse_local("starts_local", starts_local, tz, errors);
    let ends_at = parse_local("ends_local", ends_local, tz, errors);
    let (starts_at, ends_at) = (starts_at?, ends_at?);
    if ends_at <= starts_at {
        errors.add("ends_local", "must be after starts_local");
        return None;
    }
    if ends_at - starts_at > chrono::Duration::hours(MAX_MEETING_HOURS) {
        errors.add(
            "ends_local",
            format!("a meeting lasts at most {MAX_MEETING_HOURS} hours"),
        );
        return None;
    }
    Some(When {
        tz,
        starts_at,
        ends_at,
    })
}

fn validate_agenda(agenda: &[AgendaItem], errors: &mut Errors) {
    if agenda.len() > MAX_AGENDA_ITEMS {
        errors.add(
            "agenda",
            format!("at most {MAX_AGENDA_ITEMS} items (got {})", agenda.len()),
        );
        return;
    }
    for (i, item) in agenda.iter().enumerate() {
        errors.check(
            format!("agenda[{i}].title"),
            validate::text(&item.title, 1000),
        );
        errors.check(
            format!("agenda[{i}].number"),
            validate::optional_text(item.number.as_deref(), 20),
        );
    }
}

/// Checks references: body, room, invited delegations.
async fn validate_refs(
    db: &Db,
    body: BodyId,
    room: Option<RoomId>,
    invited: &[DelegationId],
    errors: &mut Errors,
) -> Result<(), StoreError> {
    if !db::exists(db, "bodies", body).await? {
        errors.add("body_id", "no body has this id");
    }
    if let Some(room) = room {
        if !db::exists(db, "rooms", room).await? {
            errors.add("room_id", "no room has this id");
        }
    }
    if invited.len() > MAX_INVITED {
        errors.add(
            "invited_delegations",
            format!("at most {MAX_INVITED} delegations"),
        );
        return Ok(());
    }
    for (i, d) in invited.iter().enumerate() {
        if !db::exists(db, "delegations", d).await? {
            errors.add(
                format!("invited_delegations[{i}]"),
                "no delegation has this id",
            );
        }
    }
    Ok(())
}

/// Locks the room for this transaction and returns the id of a meeting that
/// overlaps [starts, ends) in it, if any.
async fn lock_room_and_find_clash(
    tx: &mut Transaction<'static, Any>,
    room: RoomId,
    when: &When,
    except: Option<MeetingId>,
) -> Result<Option<MeetingId>, StoreError> {
    sqlx::query("UPDATE rooms SET booking_version = booking_version + 1 WHERE id = $1")
        .bind(room.to_string())
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query(
        "SELECT id FROM meetings WHERE room_id = $1 AND status <> 'cancelled' AND id <> $2 \
         AND starts_at < $3 AND ends_at > $4 ORDER BY starts_at LIMIT 1",
    )
    .bind(room.to_string())
    .bind(except.map(|m| m.to_string()).unwrap_or_default())
    .bind(when.ends_at.timestamp())
    .bind(when.starts_at.timestamp())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| db::uuid_col(&r, "id").map(MeetingId))
        .transpose()
}

async fn replace_children(
    tx: &mut Transaction<'static, Any>,
    id: MeetingId,
    invited: Option<&[DelegationId]>,
    agenda: Option<&[AgendaItem]>,
) -> Result<(), StoreError> {
    if let Some(invited) = invited {
        sqlx::query("DELETE FROM meeting_invitations WHERE meeting_id = $1")
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
        let mut unique: Vec<_> = invited.to_vec();
        unique.sort();
        unique.dedup();
        for d in unique {
            sqlx::query(
                "INSERT INTO meeting_invitations (meeting_id, delegation_id) VALUES ($1, $2)",
            )
            .bind(id.to_string())
            .bind(d.to_string())
            .execute(&mut **tx)
            .await?;
        }
    }
    if let Some(agenda) = agenda {
        sqlx::query("DELETE FROM agenda_items WHERE meeting_id = $1")
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
        for (position, item) in agenda.iter().enumerate() {
            sqlx::query("INSERT INTO agenda_items (meeting_id, position, number, title) VALUES ($1, $2, $3, $4)")
                .bind(id.to_string())
                .bind(position as i64)
                .bind(item.number.as_deref().map(str::trim))
                .bind(item.title.trim())
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn conflict(db: &Db, clash: MeetingId) -> ApiError {
    match sqlx::query("SELECT * FROM meetings WHERE id = $1")
        .bind(clash.to_string())
        .fetch_all(db)
        .await
    {
        Ok(rows) => match hydrate(db, rows).await {
            Ok(mut m) if !m.is_empty() => ApiError::RoomConflict(Box::new(m.remove(0))),
            Ok(_) => ApiError::Internal("conflicting meeting vanished".into()),
            Err(e) => e.into(),
        },
        Err(e) => e.into(),
    }
}

#[utoipa::path(post, path = "/api/v1/meetings", tag = "scheduling", request_body = CreateMeeting,
    responses((status = 201, body = Meeting), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, description = "Room taken; the body names the conflicting meeting", body = Problem),
              (status = 422, body = Problem)))]
pub async fn post_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<CreateMeeting>,
) -> ApiResult<(StatusCode, Json<Meeting>)> {
    caller.require(Role::SCHEDULERS)?;
    let mut errors = Errors::default();
    errors.check("title", validate::text(&input.title, 300));
    let when = validate_when(
        &input.starts_local,
        &input.ends_local,
        &input.time_zone,
        &mut errors,
    );
    validate_agenda(&input.agenda, &mut errors);
    validate_refs(
        &state.db,
        input.body_id,
        input.room_id,
        &input.invited_delegations,
        &mut errors,
    )
    .await?;
    errors.into_result()?;
    let Some(when) = when else {
        return Err(ApiError::Internal(
            "schedule validated without a value".into(),
        ));
    };

    let id = MeetingId(db::new_id());
    let now = db::now();
    let mut tx = state.db.begin().await?;
    if let Some(room) = input.room_id {
        if let Some(clash) = lock_room_and_find_clash(&mut tx, room, &when, None).await? {
            tx.rollback().await?;
            return Err(conflict(&state.db, clash).await);
        }
    }
    sqlx::query(
        "INSERT INTO meetings (id, title, body_id, room_id, starts_at, ends_at, time_zone, status, access, sequence, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, 0, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(input.title.trim())
    .bind(input.body_id.to_string())
    .bind(input.room_id.map(|r| r.to_string()))
    .bind(when.starts_at.timestamp())
    .bind(when.ends_at.timestamp())
    .bind(when.tz.name())
    .bind(input.access.as_str())
    .bind(caller.user.id.to_string())
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    replace_children(
        &mut tx,
        id,
        Some(&input.invited_delegations),
        Some(&input.agenda),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(meeting_id = %id, by = %caller.user.id, "meeting {id} scheduled");
    let meeting = visible_meeting(&state.db, &Viewer(Some(caller)), id).await?;
    Ok((StatusCode::CREATED, Json(meeting)))
}

#[utoipa::path(patch, path = "/api/v1/meetings/{id}", tag = "scheduling", params(("id" = MeetingId, Path)), request_body = UpdateMeeting,
    responses((status = 200, body = Meeting), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn patch_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
    Json(change): Json<UpdateMeeting>,
) -> ApiResult<Json<Meeting>> {
    caller.require(Role::SCHEDULERS)?;
    let viewer = Viewer(Some(caller.clone()));
    let old = visible_meeting(&state.db, &viewer, id).await?;
    if matches!(
        old.status,
        MeetingStatus::Cancelled | MeetingStatus::Adjourned
    ) {
        return Err(ApiError::InvalidState(format!(
            "the meeting is {}; it can no longer be changed",
            old.status.as_str()
        )));
    }
    let fmt = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let title = change.title.clone().unwrap_or_else(|| old.title.clone());
    let body_id = change.body_id.unwrap_or(old.body_id);
    let room_id = change.room_id.unwrap_or(old.room_id);
    let starts_local = change
        .starts_local
        .clone()
        .unwrap_or_else(|| fmt(old.starts_local));
    let ends_local = change
        .ends_local
        .clone()
        .unwrap_or_else(|| fmt(old.ends_local));
    let time_zone = change
        .time_zone
        .clone()
        .unwrap_or_else(|| old.time_zone.clone());
    let access = change.access.unwrap_or(old.access);
    let invited = change
        .invited_delegations
        .clone()
        .unwrap_or_else(|| old.invited_delegations.clone());

    let mut errors = Errors::default();
    errors.check("title", validate::text(&title, 300));
    let when = validate_when(&starts_local, &ends_local, &time_zone, &mut errors);
    if let Some(agenda) = &change.agenda {
        validate_agenda(agenda, &mut errors);
    }
    validate_refs(&state.db, body_id, room_id, &invited, &mut errors).await?;
    errors.into_result()?;
    let Some(when) = when else {
        return Err(ApiError::Internal(
            "schedule validated without a value".into(),
        ));
    };

    // RFC 5545: SEQUENCE goes up when what a calendar shows changes.
    let rescheduled = when.starts_at != old.starts_at
        || when.ends_at != old.ends_at
        || when.tz.name() != old.time_zone
        || room_id != old.room_id
        || title.trim() != old.title;
    let mut tx = state.db.begin().await?;
    if let Some(room) = room_id {
        if let Some(clash) = lock_room_and_find_clash(&mut tx, room, &when, Some(id)).await? {
            tx.rollback().await?;
            return Err(conflict(&state.db, clash).await);
        }
    }
    let updated = sqlx::query(
        "UPDATE meetings SET title = $1, body_id = $2, room_id = $3, starts_at = $4, ends_at = $5, time_zone = $6, \
         access = $7, sequence = sequence + $8, updated_at = $9 WHERE id = $10 AND status NOT IN ('cancelled', 'adjourned')",
    )
    .bind(title.trim())
    .bind(body_id.to_string())
    .bind(room_id.map(|r| r.to_string()))
    .bind(when.starts_at.timestamp())
    .bind(when.ends_at.timestamp())
    .bind(when.tz.name())
    .bind(access.as_str())
    .bind(i64::from(rescheduled))
    .bind(db::now())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(ApiError::InvalidState(
            "the meeting was cancelled meanwhile".into(),
        ));
    }
    replace_children(
        &mut tx,
        id,
        change.invited_delegations.as_deref(),
        change.agenda.as_deref(),
    )
    .await?;
    tx.commit().await?;
    apply_to_live(&state, &meeting_by_id(&state.db, id).await?).await?;
    tracing::info!(meeting_id = %id, by = %caller.user.id, rescheduled, "meeting {id} updated");
    Ok(Json(visible_meeting(&state.db, &viewer, id).await?))
}

/// Cancels a meeting: it frees the room and calendars show it as cancelled.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancel", tag = "scheduling", params(("id" = MeetingId, Path)),
    responses((status = 200, body = Meeting), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
) -> ApiResult<Json<Meeting>> {
    caller.require(Role::SCHEDULERS)?;
    let viewer = Viewer(Some(caller.clone()));
    let old = visible_meeting(&state.db, &viewer, id).await?;
    match old.status {
        MeetingStatus::Cancelled => return Ok(Json(old)),
        MeetingStatus::Scheduled => {}
        other => {
            return Err(ApiError::InvalidState(format!(
                "the meeting is {}; only a scheduled meeting can be cancelled",
                other.as_str()
            )))
        }
    }
    sqlx::query("UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1 WHERE id = $2 AND status = 'scheduled'")
        .bind(db::now())
        .bind(id.to_string())
        .execute(&state.db)
        .await?;
    tracing::info!(meeting_id = %id, by = %caller.user.id, "meeting {id} cancelled");
    Ok(Json(visible_meeting(&state.db, &viewer, id).await?))
}

// ---------------------------------------------------------------- journal and calendars

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct JournalParams {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// IANA time zone the day is taken in; default UTC.
    pub time_zone: Option<String>,
}

/// The first instant of a local day (midnight, or the first time after it
/// where a zone skips midnight).
fn day_start(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut t = date.and_time(chrono::NaiveTime::MIN);
    for _ in 0..48 {
        if let Some(instant) = tz.from_local_datetime(&t).earliest() {
            return instant.with_timezone(&Utc);
        }
        t += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
}

/// The daily Journal: every meeting on one date in one time zone that the
/// viewer may see, public ones without signing in.
#[utoipa::path(get, path = "/api/v1/journal", tag = "scheduling", params(JournalParams),
    responses((status = 200, body = Journal), (status = 422, body = Problem)))]
pub async fn get_journal(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<JournalParams>,
) -> ApiResult<Json<Journal>> {
    let mut day = journal(&state, &viewer, &params.date, params.time_zone).await?;
    day.meetings = day
        .meetings
        .into_iter()
        .map(|m| for_reader(m, &viewer))
        .collect();
    Ok(Json(day))
}

/// The meetings of one day in one zone that `viewer` may see (the Journal's
/// API and its page).
pub(crate) async fn journal(
    state: &AppState,
    viewer: &Viewer,
    date: &str,
    time_zone: Option<String>,
) -> ApiResult<Journal> {
    let mut errors = Errors::default();
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)));
    if date.is_none() {
        errors.add(
            "date",
            "must be a date YYYY-MM-DD between the years 2000 and 2100",
        );
    }
    let zone = time_zone.unwrap_or_else(|| "UTC".into());
    let tz = zone.parse::<Tz>().ok();
    if tz.is_none() {
        errors.add(
            "time_zone",
            "must be an IANA time zone name such as Europe/Zurich",
        );
    }
    errors.into_result()?;
    let (Some(date), Some(tz)) = (date, tz) else {
        return Err(ApiError::Internal(
            "journal validated without values".into(),
        ));
    };
    let from = day_start(tz, date);
    let to = day_start(tz, date.succ_opt().unwrap_or(date));
    let meetings =
        visible_between(&state.db, viewer, from.timestamp(), to.timestamp(), 1000).await?;
    Ok(Journal {
        date,
        time_zone: tz.name().into(),
        meetings,
    })
}

pub(crate) async fn room_names(db: &Db) -> Result<HashMap<RoomId, String>, StoreError> {
    let rows = sqlx::query("SELECT * FROM rooms").fetch_all(db).await?;
    rows.iter()
        .map(|r| room_from_row(r).map(|room| (room.id, room.name)))
        .collect()
}

fn uid_domain(public_url: &str) -> &str {
    public_url
        .split("://")
        .nth(1)
        .unwrap_or("plenary")
        .split(':')
        .next()
        .unwrap_or("plenary")
}

async fn render_calendar(state: &AppState, name: &str, meetings: &[Meeting]) -> ApiResult<String> {
    let rooms = room_names(&state.db).await?;
    let events: Vec<ical::Event<'_>> = meetings
        .iter()
        .map(|m| ical::Event {
            meeting: m,
            location: m.room_id.and_then(|r| rooms.get(&r)).map(String::as_str),
            url: format!("{}/meetings/{}", state.config.public_url, m.id),
        })
        .collect();
    Ok(ical::calendar(
        name,
        uid_domain(&state.config.public_url),
        &events,
        Utc::now(),
    ))
}

fn calendar_response(text: String, filename: &str) -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        text,
    )
}

/// One meeting as an iCalendar file.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/calendar.ics", tag = "scheduling", params(("id" = MeetingId, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn get_meeting_ics(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<MeetingId>,
) -> ApiResult<impl IntoResponse> {
    let meeting = visible_meeting(&state.db, &viewer, id).await?;
    let text = render_calendar(&state, &meeting.title, std::slice::from_ref(&meeting)).await?;
    Ok(calendar_response(text, &format!("meeting-{id}.ics")))
}

/// A user's personal feed: the meetings they may see, from 30 days ago to a year ahead.
/// The token in the path is the credential.
#[utoipa::path(get, path = "/api/v1/feeds/{token}/calendar.ics", tag = "scheduling", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn get_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<impl IntoResponse> {
    if token.len() > 100 {
        return Err(ApiError::NotFound);
    }
    let row = sqlx::query("SELECT * FROM users WHERE feed_token_hash = $1 AND disabled = 0")
        .bind(crate::auth::token_hash(&token))
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let user = crate::users::user_from_row(&row)?;
    // The feed reads as its owner would, without a session.
    let viewer = Viewer(Some(Caller {
        user,
        session_id: plenary_protocol::SessionId(uuid::Uuid::nil()),
        csrf_token: String::new(),
        expires_at: 0,
    }));
    let now = Utc::now();
    let from = (now - chrono::Duration::days(30)).timestamp();
    let to = (now + chrono::Duration::days(365)).timestamp();
    let meetings = visible_between(&state.db, &viewer, from, to, 2000).await?;
    let text = render_calendar(&state, "Plenary meetings", &meetings).await?;
    Ok(calendar_response(text, "plenary.ics"))
}

/// What a meeting's row says of who may hold which seat, for its live state.
pub(crate) fn authority(meeting: &Meeting) -> plenary_signaling::meeting::Authority {
    plenary_signaling::meeting::Authority {
        closed: meeting.access == plenary_protocol::api::Access::Closed,
        agenda_items: u32::try_from(meeting.agenda.len()).unwrap_or(u32::MAX),
        chair: meeting.chair_id,
        invited: meeting.invited_delegations.iter().copied().collect(),
    }
}

/// Brings a live meeting in line with its row: a closed meeting no longer
/// seats delegations it does not invite, a replaced chair loses the chair.
async fn apply_to_live(state: &AppState, meeting: &Meeting) -> ApiResult<()> {
    state
        .live
        .reconfigure(meeting.id, authority(meeting))
        .await
        .map_err(|e| ApiError::Unavailable(format!("live state: {e}")))
}

/// Names the meeting's chair (or none).
#[utoipa::path(put, path = "/api/v1/meetings/{id}/chair", tag = "scheduling", params(("id" = MeetingId, Path)),
    request_body = SetChair,
    responses((status = 200, body = Meeting), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_chair(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
    Json(input): Json<SetChair>,
) -> ApiResult<Json<Meeting>> {
    caller.require(Role::STAFF)?;
    let viewer = Viewer(Some(caller.clone()));
    visible_meeting(&state.db, &viewer, id).await?;
    if let Some(user) = input.chair_id {
        let active = sqlx::query("SELECT 1 AS one FROM users WHERE id = $1 AND disabled = 0")
            .bind(user.to_string())
            .fetch_optional(&state.db)
            .await?;
        if active.is_none() {
            return Err(ApiError::Validation(vec![plenary_protocol::FieldError {
                field: "chair_id".into(),
                message: "no active user has this id".into(),
            }]));
        }
    }
    sqlx::query("UPDATE meetings SET chair_id = $1, updated_at = $2 WHERE id = $3")
        .bind(input.chair_id.map(|u| u.to_string()))
        .bind(db::now())
        .bind(id.to_string())
        .execute(&state.db)
        .await?;
    tracing::info!(meeting_id = %id, by = %caller.user.id, "chair of meeting {id} set");
    let meeting = meeting_by_id(&state.db, id).await?;
    apply_to_live(&state, &meeting).await?;
    Ok(Json(visible_meeting(&state.db, &viewer, id).await?))
}
