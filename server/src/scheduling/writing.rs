//! Creating, changing and cancelling meetings, and naming their chair: each
//! change validated whole, written in one transaction, and applied to the
//! running meeting.

use super::*;

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
        errors.add(field, Broken::WallClock);
        return None;
    };
    if !(2000..=2100).contains(&chrono::Datelike::year(&naive)) {
        errors.add(field, Broken::Years);
        return None;
    }
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::None => {
            errors.add(
                field,
                Broken::SkippedTime {
                    time: value.to_string(),
                    zone: tz.name().to_string(),
                },
            );
            None
        }
        chrono::LocalResult::Ambiguous(..) => {
            errors.add(
                field,
                Broken::RepeatedTime {
                    time: value.to_string(),
                    zone: tz.name().to_string(),
                },
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
        errors.add("time_zone", Broken::TimeZone);
        return None;
    };
    let starts_at = parse_local("starts_local", starts_local, tz, errors);
    let ends_at = parse_local("ends_local", ends_local, tz, errors);
    let (starts_at, ends_at) = (starts_at?, ends_at?);
    if ends_at <= starts_at {
        errors.add("ends_local", Broken::EndsBeforeStarts);
        return None;
    }
    if ends_at - starts_at > chrono::Duration::hours(MAX_MEETING_HOURS) {
        errors.add(
            "ends_local",
            Broken::MeetingTooLong {
                hours: MAX_MEETING_HOURS,
            },
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
            Broken::TooMany {
                max: MAX_AGENDA_ITEMS,
                got: agenda.len(),
            },
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
        validate::titles(&format!("agenda[{i}].titles"), &item.titles, 1000, errors);
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
        errors.add("body_id", Broken::Unknown(Thing::Body));
    }
    if let Some(room) = room {
        if !db::exists(db, "rooms", room).await? {
            errors.add("room_id", Broken::Unknown(Thing::Room));
        }
    }
    if invited.len() > MAX_INVITED {
        errors.add(
            "invited_delegations",
            Broken::TooMany {
                max: MAX_INVITED,
                got: invited.len(),
            },
        );
        return Ok(());
    }
    for (i, d) in invited.iter().enumerate() {
        if !db::exists(db, "delegations", d).await? {
            errors.add(
                format!("invited_delegations[{i}]"),
                Broken::Unknown(Thing::Delegation),
            );
        }
    }
    Ok(())
}

/// Checks the booths: each a team of [`BOOTH_TEAM`] active interpreters
/// who interpret into its language, each interpreter in one booth.
async fn validate_booths(
    db: &Db,
    booths: &Interpreters,
    errors: &mut Errors,
) -> Result<(), StoreError> {
    let mut seated = std::collections::HashSet::new();
    for (language, team) in booths {
        let field = format!("interpreters.{}", language.as_str());
        if !BOOTH_TEAM.contains(&team.len()) {
            errors.add(
                &field,
                Broken::BoothTeam {
                    min: *BOOTH_TEAM.start(),
                    max: *BOOTH_TEAM.end(),
                    got: team.len(),
                },
            );
            continue;
        }
        for (i, user) in team.iter().enumerate() {
            let field = format!("{field}[{i}]");
            if !seated.insert(*user) {
                errors.add(field, Broken::InterpreterInTwoBooths);
                continue;
            }
            let row = sqlx::query(
                "SELECT * FROM users WHERE id = $1 AND role = 'interpreter' AND disabled = 0",
            )
            .bind(user.to_string())
            .fetch_optional(db)
            .await?;
            match row.map(|r| crate::users::user_from_row(&r)).transpose()? {
                None => errors.add(field, Broken::NotAnInterpreter),
                Some(u) if !u.languages.contains(language) => {
                    errors.add(field, Broken::InterpreterLanguage)
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// An interpreter booked elsewhere: where in the booths they are, and the
/// meeting that holds them.
struct InterpreterClash {
    field: String,
    user: UserId,
    meeting: MeetingId,
}

/// Locks each interpreter of the booths for this transaction (in id order,
/// so that two bookings never wait on each other crosswise) and returns the
/// first one booked in another meeting overlapping [starts, ends).
async fn lock_interpreters_and_find_clash(
    tx: &mut Transaction<'static, Any>,
    booths: &Interpreters,
    when: &When,
    except: Option<MeetingId>,
) -> Result<Option<InterpreterClash>, StoreError> {
    let mut seats: Vec<(UserId, String)> = booths
        .iter()
        .flat_map(|(language, team)| {
            team.iter()
                .enumerate()
                .map(move |(i, u)| (*u, format!("interpreters.{}[{i}]", language.as_str())))
        })
        .collect();
    seats.sort();
    for (user, _) in &seats {
        sqlx::query("UPDATE users SET booking_version = booking_version + 1 WHERE id = $1")
            .bind(user.to_string())
            .execute(&mut **tx)
            .await?;
    }
    for (user, field) in seats {
        let row = sqlx::query(
            "SELECT m.id FROM meeting_interpreters b JOIN meetings m ON m.id = b.meeting_id \
             WHERE b.user_id = $1 AND m.status <> 'cancelled' AND m.id <> $2 \
             AND m.starts_at < $3 AND m.ends_at > $4 ORDER BY m.starts_at LIMIT 1",
        )
        .bind(user.to_string())
        .bind(except.map(|m| m.to_string()).unwrap_or_default())
        .bind(when.ends_at.timestamp())
        .bind(when.starts_at.timestamp())
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(row) = row {
            return Ok(Some(InterpreterClash {
                field,
                user,
                meeting: MeetingId(db::uuid_col(&row, "id")?),
            }));
        }
    }
    Ok(None)
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
    interpreters: Option<&Interpreters>,
) -> Result<(), StoreError> {
    if let Some(booths) = interpreters {
        sqlx::query("DELETE FROM meeting_interpreters WHERE meeting_id = $1")
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
        for (language, team) in booths {
            for (position, user) in team.iter().enumerate() {
                sqlx::query("INSERT INTO meeting_interpreters (meeting_id, user_id, language, position) VALUES ($1, $2, $3, $4)")
                    .bind(id.to_string())
                    .bind(user.to_string())
                    .bind(language.as_str())
                    .bind(position as i64)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
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
            sqlx::query("INSERT INTO agenda_items (meeting_id, position, number, title, titles) VALUES ($1, $2, $3, $4, $5)")
                .bind(id.to_string())
                .bind(position as i64)
                .bind(item.number.as_deref().map(str::trim))
                .bind(item.title.trim())
                .bind(db::titles_text(&item.titles))
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn clashing_meeting(db: &Db, clash: MeetingId) -> Result<Meeting, ApiError> {
    let rows = sqlx::query("SELECT * FROM meetings WHERE id = $1")
        .bind(clash.to_string())
        .fetch_all(db)
        .await?;
    hydrate(db, rows)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal("conflicting meeting vanished".into()))
}

async fn conflict(db: &Db, clash: MeetingId) -> ApiError {
    match clashing_meeting(db, clash).await {
        Ok(m) => ApiError::RoomConflict(Box::new(m)),
        Err(e) => e,
    }
}

/// The 409 for an interpreter booked elsewhere: the meeting that holds
/// them, and beside their place in the booths who and when.
async fn interpreter_conflict(db: &Db, clash: InterpreterClash) -> ApiError {
    let meeting = match clashing_meeting(db, clash.meeting).await {
        Ok(m) => m,
        Err(e) => return e,
    };
    let name = match crate::users::get_user(db, clash.user).await {
        Ok(u) => u.map(|u| u.name).unwrap_or_default(),
        Err(e) => return e.into(),
    };
    let when = format!(
        "{} – {}, {}",
        meeting.starts_local.format("%Y-%m-%d %H:%M"),
        meeting.ends_local.format("%H:%M"),
        meeting.time_zone
    );
    let broken = Broken::InterpreterBooked {
        name,
        meeting: meeting.title.clone(),
        when,
    };
    ApiError::InterpreterConflict(
        Box::new(meeting),
        crate::validate::Invalid::new(clash.field, broken),
    )
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
    validate::titles("titles", &input.titles, 300, &mut errors);
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
    validate_booths(&state.db, &input.interpreters, &mut errors).await?;
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
    if let Some(clash) =
        lock_interpreters_and_find_clash(&mut tx, &input.interpreters, &when, None).await?
    {
        tx.rollback().await?;
        return Err(interpreter_conflict(&state.db, clash).await);
    }
    sqlx::query(
        "INSERT INTO meetings (id, title, titles, body_id, room_id, starts_at, ends_at, time_zone, status, access, sequence, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scheduled', $9, 0, $10, $11, $12)",
    )
    .bind(id.to_string())
    .bind(input.title.trim())
    .bind(db::titles_text(&input.titles))
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
        Some(&input.interpreters),
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
        return Err(ApiError::InvalidState(Refusal::MeetingClosed(old.status)));
    }
    let fmt = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let title = change.title.clone().unwrap_or_else(|| old.title.clone());
    let titles = change.titles.clone().unwrap_or_else(|| old.titles.clone());
    // An agenda sent without translations (as the schedule's form edits it)
    // keeps those of the items whose number and title it leaves unchanged.
    let agenda = change.agenda.clone().map(|mut items| {
        for item in items.iter_mut().filter(|i| i.titles.is_empty()) {
            let same = old.agenda.iter().find(|o| {
                o.number.as_deref().map(str::trim) == item.number.as_deref().map(str::trim)
                    && o.title.trim() == item.title.trim()
            });
            if let Some(same) = same {
                item.titles = same.titles.clone();
            }
        }
        items
    });
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
    validate::titles("titles", &titles, 300, &mut errors);
    let when = validate_when(&starts_local, &ends_local, &time_zone, &mut errors);
    if let Some(agenda) = &agenda {
        validate_agenda(agenda, &mut errors);
    }
    validate_refs(&state.db, body_id, room_id, &invited, &mut errors).await?;
    if let Some(booths) = &change.interpreters {
        validate_booths(&state.db, booths, &mut errors).await?;
    }
    let booths = change
        .interpreters
        .clone()
        .unwrap_or_else(|| old.interpreters.clone());
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
        || title.trim() != old.title
        || titles != old.titles;
    let mut tx = state.db.begin().await?;
    if let Some(room) = room_id {
        if let Some(clash) = lock_room_and_find_clash(&mut tx, room, &when, Some(id)).await? {
            tx.rollback().await?;
            return Err(conflict(&state.db, clash).await);
        }
    }
    // Booked interpreters are checked again when only the time changes.
    if let Some(clash) = lock_interpreters_and_find_clash(&mut tx, &booths, &when, Some(id)).await?
    {
        tx.rollback().await?;
        return Err(interpreter_conflict(&state.db, clash).await);
    }
    let updated = sqlx::query(
        "UPDATE meetings SET title = $1, body_id = $2, room_id = $3, starts_at = $4, ends_at = $5, time_zone = $6, \
         access = $7, sequence = sequence + $8, updated_at = $9, titles = $10 WHERE id = $11 AND status NOT IN ('cancelled', 'adjourned')",
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
    .bind(db::titles_text(&titles))
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(ApiError::InvalidState(Refusal::CancelledMeanwhile));
    }
    replace_children(
        &mut tx,
        id,
        change.invited_delegations.as_deref(),
        agenda.as_deref(),
        change.interpreters.as_ref(),
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
        other => return Err(ApiError::InvalidState(Refusal::OnlyScheduledCancels(other))),
    }
    sqlx::query("UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1 WHERE id = $2 AND status = 'scheduled'")
        .bind(db::now())
        .bind(id.to_string())
        .execute(&state.db)
        .await?;
    tracing::info!(meeting_id = %id, by = %caller.user.id, "meeting {id} cancelled");
    Ok(Json(visible_meeting(&state.db, &viewer, id).await?))
}

/// What a meeting's row says of who may hold which seat, for its live state.
pub(crate) fn authority(meeting: &Meeting) -> plenary_signaling::meeting::Authority {
    plenary_signaling::meeting::Authority {
        closed: meeting.access == plenary_protocol::api::Access::Closed,
        agenda_items: u32::try_from(meeting.agenda.len()).unwrap_or(u32::MAX),
        chair: meeting.chair_id,
        secretary: meeting.secretary_id,
        invited: meeting.invited_delegations.iter().copied().collect(),
        interpreters: meeting
            .interpreters
            .iter()
            .flat_map(|(language, team)| team.iter().map(move |u| (*u, *language)))
            .collect(),
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
            return Err(ApiError::invalid("chair_id", Broken::Unknown(Thing::User)));
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

/// Names the secretary of the meeting (or none: then any member of the
/// secretariat may act for the chair).
#[utoipa::path(put, path = "/api/v1/meetings/{id}/secretary", tag = "scheduling", params(("id" = MeetingId, Path)),
    request_body = SetSecretary,
    responses((status = 200, body = Meeting), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_secretary(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
    Json(input): Json<SetSecretary>,
) -> ApiResult<Json<Meeting>> {
    caller.require(Role::STAFF)?;
    let viewer = Viewer(Some(caller.clone()));
    visible_meeting(&state.db, &viewer, id).await?;
    if let Some(user) = input.secretary_id {
        let role: Option<String> =
            sqlx::query("SELECT role FROM users WHERE id = $1 AND disabled = 0")
                .bind(user.to_string())
                .fetch_optional(&state.db)
                .await?
                .map(|r| r.try_get("role"))
                .transpose()?;
        match role.as_deref().and_then(Role::parse) {
            None => {
                return Err(ApiError::invalid(
                    "secretary_id",
                    Broken::Unknown(Thing::User),
                ))
            }
            Some(role) if !Role::STAFF.contains(&role) => {
                return Err(ApiError::invalid("secretary_id", Broken::NotSecretariat))
            }
            Some(_) => {}
        }
    }
    sqlx::query("UPDATE meetings SET secretary_id = $1, updated_at = $2 WHERE id = $3")
        .bind(input.secretary_id.map(|u| u.to_string()))
        .bind(db::now())
        .bind(id.to_string())
        .execute(&state.db)
        .await?;
    tracing::info!(meeting_id = %id, by = %caller.user.id, "secretary of meeting {id} set");
    let meeting = meeting_by_id(&state.db, id).await?;
    apply_to_live(&state, &meeting).await?;
    Ok(Json(visible_meeting(&state.db, &viewer, id).await?))
}
