//! The Journal (a day's meetings) and the calendars (one meeting's .ics and
//! the reader's feed).

use super::*;

// ---------------------------------------------------------------- journal and calendars

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
        errors.add("date", Broken::Date);
    }
    let zone = time_zone.unwrap_or_else(|| "UTC".into());
    let tz = zone.parse::<Tz>().ok();
    if tz.is_none() {
        errors.add("time_zone", Broken::TimeZone);
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CalendarParams {
    /// The language of titles (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the
    /// request's `Accept-Language`.
    pub lang: Option<String>,
}

fn calendar_language(params: &CalendarParams, headers: &axum::http::HeaderMap) -> Language {
    plenary_frontend::i18n::choose(
        params.lang.as_deref(),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// One meeting as an iCalendar file.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/calendar.ics", tag = "scheduling", params(("id" = MeetingId, Path), CalendarParams),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn get_meeting_ics(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<CalendarParams>,
) -> ApiResult<impl IntoResponse> {
    let lang = calendar_language(&params, &headers);
    let meeting = visible_meeting(&state.db, &viewer, id)
        .await?
        .in_language(lang);
    let text = render_calendar(&state, &meeting.title, std::slice::from_ref(&meeting)).await?;
    Ok(calendar_response(text, &format!("meeting-{id}.ics")))
}

/// A user's personal feed: the meetings they may see, from 30 days ago to a year ahead.
/// The token in the path is the credential.
#[utoipa::path(get, path = "/api/v1/feeds/{token}/calendar.ics", tag = "scheduling", params(("token" = String, Path), CalendarParams),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn get_feed(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(token): Path<String>,
    Query(params): Query<CalendarParams>,
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
    let viewer = Viewer::reading_as(user);
    let now = Utc::now();
    let from = (now - chrono::Duration::days(30)).timestamp();
    let to = (now + chrono::Duration::days(365)).timestamp();
    let lang = calendar_language(&params, &headers);
    let meetings: Vec<Meeting> = visible_between(&state.db, &viewer, from, to, 2000)
        .await?
        .into_iter()
        .map(|m| m.in_language(lang))
        .collect();
    let text = render_calendar(&state, "Plenary meetings", &meetings).await?;
    Ok(calendar_response(text, "plenary.ics"))
}
