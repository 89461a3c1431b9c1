//! The pages anyone may read (as access allows): the Journal, a meeting, a
//! document, the library, published minutes and the meeting room.

use super::*;
use crate::error::ApiError;
use crate::validate::Broken;
use plenary_protocol::api::Meeting;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JournalPageParams {
    /// The day, `YYYY-MM-DD`; today (in `time_zone`) when absent.
    pub date: Option<String>,
    /// IANA time zone the day and its times are shown in; remembered (the `plenary_zone`
    /// cookie) for the next visits; default the one remembered, else UTC.
    pub time_zone: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
    /// Signed-in readers: only meetings they chair or their delegation is invited to.
    pub mine: Option<bool>,
}

/// The Journal as a page: the meetings of a day the reader may see, times in
/// their zone, in one of the six languages (Arabic right to left).
#[utoipa::path(get, path = "/journal", tag = "pages", params(JournalPageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_journal_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<JournalPageParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &headers);
    let chosen = params.time_zone.filter(|z| !z.trim().is_empty());
    let remember = chosen.is_some();
    let zone = chosen
        .or_else(|| chosen_zone(&headers))
        .unwrap_or_else(|| "UTC".into());
    let mine = viewer.0.as_ref().map(|_| params.mine.unwrap_or(false));
    let date = match params.date {
        Some(d) => d,
        None => {
            let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
            chrono::Utc::now()
                .with_timezone(&tz)
                .format("%Y-%m-%d")
                .to_string()
        }
    };
    let journal = crate::scheduling::journal(&state, &viewer, &date, Some(zone)).await?;
    let tz: Tz = journal.time_zone.parse().unwrap_or(Tz::UTC);
    let rows = journal
        .meetings
        .into_iter()
        .filter(|m| match (&viewer.0, mine) {
            (Some(c), Some(true)) => {
                m.chair_id == Some(c.user.id)
                    || c.user
                        .delegation_id
                        .is_some_and(|d| m.invited_delegations.contains(&d))
                    || m.interpreters
                        .values()
                        .any(|team| team.contains(&c.user.id))
            }
            _ => true,
        })
        .map(|m| m.in_language(lang))
        .map(|m| JournalRow {
            id: m.id.to_string(),
            title: m.title,
            start: m.starts_at.with_timezone(&tz).format("%H:%M").to_string(),
            end: m.ends_at.with_timezone(&tz).format("%H:%M").to_string(),
            status: m.status,
            agenda: m.agenda,
        })
        .collect();
    let feed = feed_form(&state, &viewer, lang, "feed", "/api/v1/session/feed");
    let with_form = feed.is_some();
    let html = render_journal(
        lang,
        &account(&viewer, &uri),
        journal.date,
        journal.time_zone,
        rows,
        plenary_frontend::JournalOptions { mine, feed },
    );
    let mut response = if with_form {
        interactive(&state, html)?
    } else {
        Html(html).into_response()
    };
    if remember {
        // The zone just chosen (and valid: the Journal answered) is the reader's from now on.
        let cookie = format!(
            "{ZONE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            tz.name()
        );
        if let Ok(v) = header::HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MeetingPageParams {
    /// IANA time zone the times are shown in; default the one the reader chose on the
    /// Journal (remembered in the `plenary_zone` cookie), else the meeting's own.
    pub time_zone: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A meeting's page: when it sits, its agenda, and each agenda item's
/// documents with a link per issued language version.
#[utoipa::path(get, path = "/meetings/{id}", tag = "pages", params(("id" = MeetingId, Path), MeetingPageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem),
              (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_meeting_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<MeetingPageParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &headers);
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id)
        .await?
        .in_language(lang);
    let zone = params
        .time_zone
        .or_else(|| chosen_zone(&headers))
        .unwrap_or_else(|| meeting.time_zone.clone());
    let tz: Tz = zone
        .parse()
        .map_err(|_| ApiError::invalid("time_zone", Broken::TimeZone))?;
    let documents = crate::documents::list(&state, &viewer, Some(id))
        .await?
        .into_iter()
        .filter(|d| !d.withdrawn)
        .map(|d| d.in_language(lang))
        .map(|d| DocumentRow {
            files: d
                .versions
                .iter()
                .filter(|v| v.status == "issued" && v.current.is_some())
                .map(|v| {
                    (
                        v.language,
                        format!("/api/v1/documents/{}/files/{}", d.id, v.language.as_str()),
                    )
                })
                .collect(),
            id: d.id.to_string(),
            symbol: d.symbol,
            title: d.title,
            agenda_position: d.agenda_position,
        })
        .collect();
    let start = meeting.starts_at.with_timezone(&tz);
    let editable = viewer
        .0
        .as_ref()
        .is_some_and(|c| Role::SCHEDULERS.contains(&c.role()));
    let role = viewer
        .0
        .as_ref()
        .and_then(|c| crate::live::meeting_role(&meeting, c));
    let joinable = role.is_some()
        && !matches!(
            meeting.status,
            MeetingStatus::Adjourned | MeetingStatus::Cancelled
        );
    // Interpreters work from their booth's console: the room, as they see it.
    let console = role == Some(plenary_protocol::signal::MeetingRole::Interpreter);
    let record = viewer
        .0
        .as_ref()
        .is_some_and(|c| c.is_staff() || meeting.chair_id == Some(c.user.id));
    let votes = crate::votes::of_meeting(&state.db, id)
        .await?
        .into_iter()
        .map(|v| plenary_frontend::VoteLine {
            number: v.number,
            title: v.spec.title,
            outcome: v
                .result
                .map(|r| plenary_frontend::votes::outcome(lang, r.outcome)),
        })
        .collect();
    let recordings = crate::recordings::of_meeting(&state.db, id)
        .await?
        .into_iter()
        .map(|r| {
            let start =
                chrono::DateTime::from_timestamp_millis(i64::try_from(r.started.0).unwrap_or(0))
                    .unwrap_or_default()
                    .with_timezone(&tz);
            plenary_frontend::RecordingLine {
                language: Language::parse(&r.channel),
                start: start.format("%H:%M").to_string(),
                duration_ms: r.duration_ms,
                url: r.view().url,
                video: r.format == plenary_signaling::recording::Format::WebmVp8,
            }
        })
        .collect();
    let hand_in = match &viewer.0 {
        Some(c) if state.browser.is_loaded() && joinable => {
            crate::statements::may_hand_in(&state.db, c, &meeting)
                .await?
                .then(|| plenary_frontend::UploadSpec {
                    action: format!("/api/v1/meetings/{id}/statements"),
                    csrf: c.csrf_token.clone(),
                    lang,
                    language: lang,
                })
        }
        _ => None,
    };
    let statements = crate::statements::readable(&state.db, &viewer, &meeting)
        .await?
        .into_iter()
        .map(|s| plenary_frontend::StatementLine {
            delegation: s.delegation.name,
            language: s.language,
            url: s.url,
            delivered: s
                .delivered_at
                .map(|at| at.with_timezone(&tz).format("%H:%M").to_string()),
        })
        .collect();
    let view = MeetingView {
        id: id.to_string(),
        statements,
        hand_in,
        recordings,
        interpreted_into: meeting.interpreters.keys().copied().collect(),
        joinable,
        console,
        editable,
        record,
        title: meeting.title,
        date: start.date_naive(),
        start: start.format("%H:%M").to_string(),
        end: meeting
            .ends_at
            .with_timezone(&tz)
            .format("%H:%M")
            .to_string(),
        time_zone: tz.name().to_string(),
        status: meeting.status,
        agenda: meeting.agenda,
        documents,
        votes,
    };
    let forms = view.hand_in.is_some();
    let html = render_meeting(lang, &account(&viewer, &uri), view);
    if forms {
        interactive(&state, html)
    } else {
        Ok(Html(html).into_response())
    }
}

/// A vote's page: the question, how it was taken and its result (who voted
/// how, for a recorded vote), for whoever may read the meeting.
#[utoipa::path(get, path = "/meetings/{id}/votes/{number}", tag = "pages",
    params(("id" = MeetingId, Path), ("number" = u32, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_vote_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path((id, number)): Path<(MeetingId, u32)>,
    Query(params): Query<LanguageParams>,
) -> ApiResult<Html<String>> {
    let lang = language(params.lang.as_deref(), &headers);
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let vote = crate::votes::of_meeting(&state.db, id)
        .await?
        .into_iter()
        .find(|v| v.number == number)
        .ok_or(ApiError::NotFound)?;
    let zone = super::reader_zone(&headers, &meeting.time_zone);
    let closed_at = vote.closed_at.map(|at| {
        let at = chrono::DateTime::from_timestamp_millis(i64::try_from(at.0).unwrap_or(0))
            .unwrap_or_default();
        super::in_zone(at, zone)
    });
    Ok(Html(plenary_frontend::render_vote(
        lang,
        &account(&viewer, &uri),
        &id.to_string(),
        &meeting.title,
        closed_at,
        vote,
    )))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LanguageParams {
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A document's page: symbol, title, distribution, and each language
/// version with its status and file (for readers the distribution admits).
#[utoipa::path(get, path = "/documents/{id}", tag = "pages", params(("id" = DocumentId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_document_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<DocumentId>,
    Query(params): Query<LanguageParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &headers);
    let d = crate::documents::visible_document(&state.db, &viewer, id)
        .await?
        .in_language(lang);
    let lineage = crate::documents::related(&state.db, &viewer, &d.symbol).await?;
    let row =
        |r: plenary_protocol::api::RelatedDocument, parent: bool| plenary_frontend::RelatedRow {
            href: format!("/documents/{}?lang={}", r.id, lang.as_str()),
            title: plenary_protocol::api::title_in(&r.title, &r.titles, lang),
            symbol: r.symbol,
            relation: r.relation,
            parent,
        };
    let related: Vec<_> = lineage
        .parent
        .map(|p| row(p, true))
        .into_iter()
        .chain(lineage.children.into_iter().map(|c| row(c, false)))
        .collect();
    let versions = d
        .versions
        .iter()
        .map(|v| VersionRow {
            language: v.language,
            file: v
                .current
                .as_ref()
                .filter(|_| v.status == "issued")
                .map(|f| {
                    (
                        format!("/api/v1/documents/{}/files/{}", d.id, v.language.as_str()),
                        f.size,
                    )
                }),
            earlier: v
                .history
                .iter()
                .map(|f| {
                    (
                        format!(
                            "/api/v1/documents/{}/files/{}/{}",
                            d.id,
                            v.language.as_str(),
                            f.id
                        ),
                        f.size,
                        f.uploaded_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    )
                })
                .collect(),
        })
        .collect();
    let upload = viewer
        .0
        .as_ref()
        .filter(|c| Role::ISSUERS.contains(&c.role()) && !d.withdrawn)
        .map(|c| plenary_frontend::UploadSpec {
            action: format!("/api/v1/documents/{}/files", d.id),
            csrf: c.csrf_token.clone(),
            lang,
            language: d
                .versions
                .iter()
                .find(|v| v.current.is_none())
                .map_or(Language::En, |v| v.language),
        });
    let distribution = serde_json::to_value(d.distribution)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let may_upload = upload.is_some() && state.browser.is_loaded();
    let upload = upload.filter(|_| may_upload);
    let sponsors = match crate::documents::sponsors::of(&state.db, &viewer, &d).await? {
        Some(s) => Some(sponsors_view(&state, &viewer, lang, &d, s).await?),
        None => None,
    };
    let view = DocumentView {
        symbol: d.symbol,
        title: d.title,
        distribution,
        withdrawn: d.withdrawn,
        versions,
        related,
        upload,
        sponsors,
    };
    let forms = view.interactive();
    let html = render_document(lang, &account(&viewer, &uri), view);
    if forms {
        interactive(&state, html)
    } else {
        Ok(Html(html).into_response())
    }
}

/// A draft's sponsors as its page shows them to `viewer`, with the forms
/// they may use (none without the browser part, or once the list is closed).
async fn sponsors_view(
    state: &AppState,
    viewer: &Viewer,
    lang: Language,
    d: &plenary_protocol::api::Document,
    s: plenary_protocol::api::Sponsors,
) -> ApiResult<plenary_frontend::SponsorsView> {
    use plenary_frontend::forms::{Field, FormSpec, Kind};
    use plenary_frontend::labels::{l, Label};
    let mut forms = Vec::new();
    let caller = viewer
        .0
        .as_ref()
        .filter(|_| s.open && !d.withdrawn && state.browser.is_loaded());
    if let Some(caller) = caller {
        let csrf = &caller.csrf_token;
        let mine = caller
            .user
            .delegation_id
            .filter(|_| caller.user.signs_for_delegation);
        if let Some(mine) = mine {
            let action = format!("/api/v1/documents/{}/co-sponsors/{mine}", d.id);
            if s.co.iter().any(|c| c.id == mine) {
                let leave = l(lang, Label::LeaveCoSponsors);
                forms.push(FormSpec::new(
                    "co-sponsor",
                    "DELETE",
                    &action,
                    leave,
                    csrf,
                    lang,
                ));
            } else if !s.main.iter().any(|m| m.id == mine) {
                let join = l(lang, Label::JoinCoSponsors);
                forms.push(FormSpec::new(
                    "co-sponsor",
                    "PUT",
                    &action,
                    join,
                    csrf,
                    lang,
                ));
            }
        }
        if Role::ISSUERS.contains(&caller.role()) {
            let choices = delegations(state)
                .await?
                .into_iter()
                .filter(|c| !s.main.iter().any(|m| m.id == c.id))
                .map(|c| (c.id.to_string(), c.name))
                .collect();
            let action = format!("/api/v1/documents/{}/main-sponsors", d.id);
            let name = l(lang, Label::NameMainSponsor);
            forms.push(
                FormSpec::new("main-sponsor", "POST", &action, name, csrf, lang).fields(vec![
                    Field::new(
                        "delegation_id",
                        l(lang, Label::Delegation),
                        Kind::Choice(choices),
                    )
                    .required(),
                ]),
            );
            let action = format!("/api/v1/documents/{}/sponsors/close", d.id);
            let close = l(lang, Label::CloseSponsors);
            forms.push(FormSpec::new(
                "close-sponsors",
                "POST",
                &action,
                close,
                csrf,
                lang,
            ));
        }
    }
    let names =
        |list: Vec<plenary_protocol::api::Delegation>| list.into_iter().map(|d| d.name).collect();
    Ok(plenary_frontend::SponsorsView {
        open: s.open,
        main: names(s.main),
        co: names(s.co),
        history: s
            .history
            .into_iter()
            .map(|c| {
                (
                    c.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    c.delegation.map(|d| d.name).unwrap_or_default(),
                    c.act,
                    c.by,
                )
            })
            .collect(),
        feed: format!(
            "/api/v1/documents/{}/sponsors.atom?lang={}",
            d.id,
            lang.as_str()
        ),
        forms,
    })
}

/// What the room's page shows of `meeting` to `reader`: its agenda, the
/// documents they may read, and the delegations to name.
async fn room_page(
    state: &AppState,
    lang: Language,
    reader: &Viewer,
    meeting: Meeting,
    watch: Option<String>,
) -> ApiResult<RoomPage> {
    let meeting = meeting.in_language(lang);
    let documents = crate::documents::list(state, reader, Some(meeting.id))
        .await?
        .into_iter()
        .filter(|d| !d.withdrawn)
        .map(|d| {
            let item = d.agenda_position.map_or(0, |p| p.saturating_add(1));
            let href = format!("/documents/{}?lang={}", d.id, lang.as_str());
            let d = d.in_language(lang);
            (item, d.symbol, d.title, href)
        })
        .collect();
    let delegations = delegations(state)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.code))
        .collect();
    Ok(RoomPage {
        meeting: meeting.id.to_string(),
        agenda: meeting
            .agenda
            .iter()
            .map(|a| (a.number.clone().unwrap_or_default(), a.title.clone()))
            .collect(),
        title: meeting.title,
        delegations,
        documents,
        watch,
    })
}

/// The meeting room: video, the list of speakers, hands, chat and the
/// chair's controls, live over the meeting's websocket. Signed-in users
/// only (others are sent to sign in first).
#[utoipa::path(get, path = "/meetings/{id}/room", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 404, body = plenary_protocol::Problem), (status = 409, body = plenary_protocol::Problem),
              (status = 503, body = plenary_protocol::Problem)))]
pub async fn get_room_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    let meeting = crate::live::joinable(&state, &caller, id).await?;
    let reader = Viewer(Some(caller.clone()));
    let page = room_page(&state, lang, &reader, meeting, None).await?;
    let mut page = interactive(&state, render_room(lang, &member(&caller), page))?;
    // The one page that may ask for the camera, microphone and screen.
    page.headers_mut().insert(
        header::HeaderName::from_static("permissions-policy"),
        header::HeaderValue::from_static(crate::http::ROOM_PERMISSIONS),
    );
    Ok(page)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WatchParams {
    /// The viewer's link token.
    pub token: String,
    /// The page's language (`ar`, `zh`, `en`, `fr`, `ru`, `es`).
    pub lang: Option<String>,
}

/// A public meeting watched through a viewer's link, without an account:
/// the floor's video, the channel the viewer chooses, the list of speakers
/// and the public chat; nothing to act with.
#[utoipa::path(get, path = "/meetings/{id}/watch", tag = "pages", params(("id" = MeetingId, Path), WatchParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem),
              (status = 409, body = plenary_protocol::Problem), (status = 503, body = plenary_protocol::Problem)))]
pub async fn get_watch_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<WatchParams>,
) -> ApiResult<Response> {
    let lang = language(params.lang.as_deref(), &headers);
    let meeting = crate::viewing::admit(&state.db, &params.token, id).await?;
    let page = room_page(&state, lang, &Viewer(None), meeting, Some(params.token)).await?;
    interactive(&state, render_room(lang, &account(&viewer, &uri), page))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LibraryParams {
    /// Words or a symbol; empty lists the newest documents.
    pub q: Option<String>,
    /// Only documents issued in this language (`ar`, `zh`, `en`, `fr`, `ru`, `es`).
    pub language: Option<String>,
    /// `general`, `limited` or `restricted`.
    pub distribution: Option<String>,
    /// First day (`YYYY-MM-DD`) of creation to include.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`) of creation to include.
    pub until: Option<String>,
    /// Interface language (`ar`, `zh`, `en`, `fr`, `ru`, `es`); else the browser's.
    pub lang: Option<String>,
}

/// A filter's value; an empty one (as an empty form field sends it) is none.
fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The document library: search by words or symbol, with filters, over
/// the documents the reader may see (a plain form: it works without JavaScript).
#[utoipa::path(get, path = "/documents", tag = "pages", params(LibraryParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 422, body = plenary_protocol::Problem),
              (status = 429, body = plenary_protocol::Problem)))]
pub async fn get_library_page(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<LibraryParams>,
) -> ApiResult<Response> {
    crate::documents::throttle_anonymous(&state, &viewer, peer.ip(), &headers)?;
    let lang = language(params.lang.as_deref(), &headers);
    let mut errors = crate::validate::Errors::default();
    let language = given(params.language).and_then(|l| {
        let parsed = Language::parse(&l);
        if parsed.is_none() {
            errors.add("language", Broken::Language);
        }
        parsed
    });
    let distribution = given(params.distribution).and_then(|d| {
        let parsed = plenary_protocol::api::Distribution::parse(&d);
        if parsed.is_none() {
            errors.add("distribution", Broken::Distribution);
        }
        parsed
    });
    let mut day = |name: &str, v: Option<String>| {
        given(v).and_then(|d| {
            let parsed = chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.add(name, Broken::DateShape);
            }
            parsed
        })
    };
    let from = day("from", params.from);
    let until = day("until", params.until);
    errors.into_result()?;
    let q = given(params.q).unwrap_or_default();
    let (total, found) = if q.is_empty() {
        // No words: the newest documents that pass the filters.
        let start = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
        let mut all: Vec<_> = crate::documents::list(&state, &viewer, None)
            .await?
            .into_iter()
            .filter(|d| distribution.is_none_or(|x| d.distribution == x))
            .filter(|d| {
                language.is_none_or(|l| {
                    d.versions
                        .iter()
                        .any(|v| v.language == l && v.current.is_some())
                })
            })
            .filter(|d| from.is_none_or(|f| d.created_at >= start(f)))
            .filter(|d| {
                until
                    .and_then(|u| u.succ_opt())
                    .is_none_or(|u| d.created_at < start(u))
            })
            .collect();
        all.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        let total = all.len() as u64;
        all.truncate(50);
        (
            total,
            all.into_iter().map(|d| (d, None)).collect::<Vec<_>>(),
        )
    } else {
        let results = crate::documents::search(
            &state,
            &viewer,
            crate::documents::SearchParams {
                q: q.clone(),
                language: language.map(|l| l.as_str().to_string()),
                body_id: None,
                distribution,
                from,
                to: until,
                limit: Some(50),
                offset: None,
            },
        )
        .await?;
        (
            results.total,
            results
                .hits
                .into_iter()
                .map(|h| (h.document, h.snippet_html))
                .collect(),
        )
    };
    let rows = found
        .into_iter()
        .map(|(d, snippet_html)| plenary_frontend::FoundRow {
            id: d.id.to_string(),
            issued: d
                .versions
                .iter()
                .filter(|v| v.current.is_some())
                .map(|v| v.language)
                .collect(),
            title: plenary_protocol::api::title_in(&d.title, &d.titles, lang),
            symbol: d.symbol,
            distribution: d.distribution,
            snippet_html,
        })
        .collect();
    let may_issue = viewer
        .0
        .as_ref()
        .is_some_and(|c| Role::ISSUERS.contains(&c.role()));
    let query = plenary_frontend::LibraryQuery {
        q,
        language,
        distribution,
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        until: until.map(|d| d.to_string()).unwrap_or_default(),
    };
    let feed = feed_form(
        &state,
        &viewer,
        lang,
        "documents-feed",
        "/api/v1/session/documents-feed",
    );
    let with_form = feed.is_some();
    let html = plenary_frontend::render_library(
        lang,
        &account(&viewer, &uri),
        query,
        total,
        rows,
        may_issue,
        feed,
    );
    if with_form {
        interactive(&state, html)
    } else {
        Ok(Html(html).into_response())
    }
}

/// A meeting's minutes: the newest published text (readable without
/// JavaScript) and every published version's files.
#[utoipa::path(get, path = "/meetings/{id}/minutes", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_minutes_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Query(params): Query<LanguageParams>,
) -> ApiResult<Html<String>> {
    let lang = language(params.lang.as_deref(), &headers);
    let meeting = crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    let zone = super::reader_zone(&headers, &meeting.time_zone);
    let found = crate::minutes::for_page(&state, &viewer, &meeting).await?;
    let may_edit = viewer
        .0
        .as_ref()
        .is_some_and(|c| Role::ISSUERS.contains(&c.role()));
    let page = match found {
        Some((m, text_html)) => plenary_frontend::MinutesPage {
            meeting_id: id.to_string(),
            meeting_title: plenary_protocol::api::title_in(&meeting.title, &meeting.titles, lang),
            symbol: Some(m.symbol),
            state: may_edit.then_some(m.state),
            versions: m
                .versions
                .iter()
                .rev()
                .map(|v| plenary_frontend::VersionLink {
                    version: v.version,
                    symbol: v.symbol.clone(),
                    published: super::in_zone(v.published_at, zone),
                    files: [("PDF", "pdf"), ("HTML", "html"), ("Markdown", "markdown")]
                        .into_iter()
                        .map(|(name, kind)| {
                            (
                                name,
                                format!(
                                    "/api/v1/meetings/{id}/minutes/versions/{}/{kind}",
                                    v.version
                                ),
                            )
                        })
                        .collect(),
                })
                .collect(),
            text_html,
            text_lang: m.language,
            may_edit,
        },
        None => plenary_frontend::MinutesPage {
            meeting_id: id.to_string(),
            meeting_title: plenary_protocol::api::title_in(&meeting.title, &meeting.titles, lang),
            symbol: None,
            state: None,
            versions: Vec::new(),
            text_html: None,
            text_lang: lang,
            may_edit,
        },
    };
    Ok(Html(plenary_frontend::render_minutes(
        lang,
        &account(&viewer, &uri),
        page,
    )))
}

/// The form that hands a signed-in reader a personal feed's address (its
/// `id` on the page, the API it posts to). It needs the browser part;
/// without it, or signed out, the page stays plain.
fn feed_form(
    state: &AppState,
    viewer: &Viewer,
    lang: Language,
    id: &str,
    action: &str,
) -> Option<plenary_frontend::forms::FormSpec> {
    let caller = viewer.0.as_ref().filter(|_| state.browser.is_loaded())?;
    let get = plenary_frontend::labels::l(lang, plenary_frontend::labels::Label::GetFeed);
    Some(
        plenary_frontend::forms::FormSpec::new(id, "POST", action, get, &caller.csrf_token, lang)
            .show("url"),
    )
}
