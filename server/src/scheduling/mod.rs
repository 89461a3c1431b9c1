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
use crate::error::{unique_or, ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path, Query};
use crate::ical;
use crate::validate::{self, Broken, Errors, Thing};
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

mod journal;
mod writing;

pub use journal::*;
pub use writing::*;

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
                names: db::titles_col(r, "names")?,
                symbol_prefix: r.try_get("symbol_prefix")?,
                reply_limits_s: parse_reply_limits(&r.try_get::<String, _>("reply_limits")?)?,
                observers_may_sponsor: r.try_get::<i64, _>("observers_may_sponsor")? != 0,
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
    validate::titles("names", &input.names, 200, &mut errors);
    errors.check(
        "symbol_prefix",
        validate::optional_text(input.symbol_prefix.as_deref(), 40),
    );
    let reply_limits_s = input
        .reply_limits_s
        .unwrap_or_else(|| DEFAULT_REPLY_LIMITS_S.to_vec());
    errors.check("reply_limits_s", validate::reply_limits(&reply_limits_s));
    errors.into_result()?;
    let body = Body {
        id: BodyId(db::new_id()),
        name: input.name.trim().into(),
        names: input.names,
        symbol_prefix: input.symbol_prefix,
        reply_limits_s,
        observers_may_sponsor: input.observers_may_sponsor,
    };
    unique_or(
        sqlx::query(
            "INSERT INTO bodies (id, name, names, symbol_prefix, reply_limits, observers_may_sponsor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(body.id.to_string())
        .bind(&body.name)
        .bind(db::titles_text(&body.names))
        .bind(&body.symbol_prefix)
        .bind(
            body.reply_limits_s
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        )
        .bind(i64::from(body.observers_may_sponsor))
        .bind(db::now())
        .execute(&state.db)
        .await,
        Refusal::BodyNameTaken,
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
        errors.add("capacity", Broken::Capacity { max: 100_000 });
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
        Refusal::RoomNameTaken,
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
        titles: db::titles_col(r, "titles")?,
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
        secretary_id: db::opt_uuid_col(r, "secretary_id")?.map(UserId),
        interpreters: Interpreters::new(),
        sequence: u32::try_from(r.try_get::<i64, _>("sequence")?).unwrap_or(u32::MAX),
        updated_at: db::to_time(r.try_get("updated_at")?)?,
    })
}

/// Fills in invitations, agendas and booths of meeting rows, three queries in all.
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

    let sql = format!("SELECT meeting_id, number, title, titles FROM agenda_items WHERE meeting_id IN ({placeholders}) ORDER BY meeting_id, position");
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
                titles: db::titles_col(&r, "titles")?,
            });
        }
    }

    let sql = format!("SELECT meeting_id, user_id, language FROM meeting_interpreters WHERE meeting_id IN ({placeholders}) ORDER BY meeting_id, language, position");
    let mut q = sqlx::query(&sql);
    for id in &ids {
        q = q.bind(id.clone());
    }
    for r in q.fetch_all(db).await? {
        let mid: String = r.try_get("meeting_id")?;
        let language: String = r.try_get("language")?;
        let language = Language::parse(&language)
            .ok_or_else(|| StoreError::Corrupt(format!("booth language {language:?}")))?;
        if let Some(&i) = index.get(&mid) {
            meetings[i]
                .interpreters
                .entry(language)
                .or_default()
                .push(UserId(db::uuid_col(&r, "user_id")?));
        }
    }
    Ok(meetings)
}

/// SQL condition (with its bind value) limiting meetings to what the viewer may see.
fn visibility(viewer: &Viewer, next_param: usize) -> (String, Vec<String>) {
    let Some(caller) = viewer.0.as_ref() else {
        return ("access = 'public'".into(), Vec::new());
    };
    if caller.is_staff() {
        return ("1 = 1".into(), Vec::new());
    }
    // Its chair reads a closed meeting even when their delegation is not
    // invited; an interpreter the meetings they are booked for.
    let chair = format!("access = 'public' OR chair_id = ${next_param}");
    if caller.user.role == Role::Interpreter {
        return (
            format!(
                "({chair} OR id IN (SELECT meeting_id FROM meeting_interpreters WHERE user_id = ${}))",
                next_param + 1
            ),
            vec![caller.user.id.to_string(), caller.user.id.to_string()],
        );
    }
    match caller.user.delegation_id {
        Some(delegation) => (
            format!("({chair} OR id IN (SELECT meeting_id FROM meeting_invitations WHERE delegation_id = ${}))", next_param + 1),
            vec![caller.user.id.to_string(), delegation.to_string()],
        ),
        None => (format!("({chair})"), vec![caller.user.id.to_string()]),
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
    let (cond, binds) = visibility(viewer, 3);
    // `limit` is a server constant, not input: inlining it keeps placeholders in order.
    let sql = format!("SELECT * FROM meetings WHERE starts_at < $1 AND ends_at > $2 AND {cond} ORDER BY starts_at, id LIMIT {limit}");
    let mut q = sqlx::query(&sql).bind(to).bind(from);
    for b in binds {
        q = q.bind(b);
    }
    hydrate(db, q.fetch_all(db).await?).await
}

/// A meeting if it exists and the viewer may see it; otherwise `NotFound`.
pub(crate) async fn visible_meeting(db: &Db, viewer: &Viewer, id: MeetingId) -> ApiResult<Meeting> {
    let (cond, binds) = visibility(viewer, 2);
    let sql = format!("SELECT * FROM meetings WHERE id = $1 AND {cond}");
    let mut q = sqlx::query(&sql).bind(id.to_string());
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.fetch_all(db).await?;
    hydrate(db, rows).await?.pop().ok_or(ApiError::NotFound)
}

/// A body's rights of reply as stored (`600,300`; empty for none).
fn parse_reply_limits(stored: &str) -> Result<Vec<u32>, StoreError> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| StoreError::Corrupt(format!("reply limits {stored:?}")))
        })
        .collect()
}

/// The rights of reply of a body, in seconds (the default if it is gone).
pub(crate) async fn reply_limits(db: &Db, id: BodyId) -> Result<Vec<u32>, StoreError> {
    match sqlx::query("SELECT reply_limits FROM bodies WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await?
    {
        Some(r) => parse_reply_limits(&r.try_get::<String, _>("reply_limits")?),
        None => Ok(DEFAULT_REPLY_LIMITS_S.to_vec()),
    }
}

/// The name of a body in `lang` (else the one given), if it exists.
pub(crate) async fn body_name(
    db: &Db,
    id: BodyId,
    lang: Language,
) -> Result<Option<String>, StoreError> {
    let Some(row) = sqlx::query("SELECT name, names FROM bodies WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let name: String = row.try_get("name")?;
    Ok(Some(title_in(&name, &db::titles_col(&row, "names")?, lang)))
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
#[into_params(parameter_in = Query)]
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
        return Err(ApiError::invalid("to", Broken::RangeEnd));
    }
    let meetings = visible_between(&state.db, &viewer, from.timestamp(), to.timestamp(), 1000)
        .await?
        .into_iter()
        .map(|m| for_reader(m, &viewer))
        .collect();
    Ok(Json(meetings))
}

/// A meeting as a reader is shown it: staff see everything; others see the
/// chair only when it is themselves, of the invited delegations only their
/// own, and of each booth's interpreters only themselves. Who chairs and who is invited to a closed meeting is not every
/// reader's business.
pub(crate) fn for_reader(mut meeting: Meeting, viewer: &Viewer) -> Meeting {
    if viewer.is_staff() {
        return meeting;
    }
    let me = viewer.0.as_ref().map(|c| c.user.id);
    meeting.chair_id = meeting.chair_id.filter(|c| Some(*c) == me);
    meeting.secretary_id = meeting.secretary_id.filter(|c| Some(*c) == me);
    let mine = viewer.delegation();
    meeting.invited_delegations.retain(|d| Some(*d) == mine);
    // The languages are everyone's to know; who interprets, staff's only.
    for team in meeting.interpreters.values_mut() {
        team.retain(|u| Some(*u) == me);
    }
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
