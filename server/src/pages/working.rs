//! The working pages of the secretariat and conference managers: the
//! schedule, a meeting's edit form, administration, a new document and the
//! minutes editor.

use super::*;
use plenary_protocol::signal::{Audience, Event};

/// `(id, name)` choices of bodies, rooms and `delegations` for the meeting forms.
async fn catalogue(
    state: &AppState,
    delegations: &[Delegation],
) -> ApiResult<plenary_frontend::Catalogue> {
    let bodies = crate::scheduling::get_bodies(State(state.clone())).await?.0;
    let rooms = crate::scheduling::get_rooms(State(state.clone())).await?.0;
    Ok(plenary_frontend::Catalogue {
        bodies: bodies
            .into_iter()
            .map(|b| (b.id.to_string(), b.name))
            .collect(),
        rooms: rooms
            .into_iter()
            .map(|r| {
                let name = match r.capacity {
                    Some(c) => format!("{} ({c})", r.name),
                    None => r.name,
                };
                (r.id.to_string(), name)
            })
            .collect(),
        delegations: delegation_choices(delegations),
        interpreters: crate::users::list_users(&state.db)
            .await?
            .into_iter()
            .filter(|u| u.role == Role::Interpreter && !u.disabled)
            .map(|u| (u.id.to_string(), u.name, u.languages))
            .collect(),
    })
}

/// Delegations as a form's `(id, "CODE — Name")` choices.
fn delegation_choices(delegations: &[Delegation]) -> Vec<(String, String)> {
    delegations
        .iter()
        .map(|d| (d.id.to_string(), format!("{} — {}", d.code, d.name)))
        .collect()
}

/// Meetings from yesterday to ten years on, as `caller` may see them.
async fn upcoming(
    state: &AppState,
    caller: &Caller,
) -> ApiResult<Vec<plenary_protocol::api::Meeting>> {
    let from = chrono::Utc::now() - chrono::Duration::days(1);
    let params = crate::scheduling::ListParams {
        from: Some(from),
        to: Some(from + chrono::Duration::days(3650)),
    };
    Ok(crate::scheduling::get_meetings(
        State(state.clone()),
        Viewer(Some(caller.clone())),
        Query(params),
    )
    .await?
    .0)
}

/// Scheduling, for conference managers: the upcoming meetings, a new
/// meeting with its agenda (a room conflict shows beside the room), bodies
/// and rooms.
#[utoipa::path(get, path = "/schedule", tag = "pages", params(LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 503, body = plenary_protocol::Problem)))]
pub async fn get_schedule_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::SCHEDULERS)?;
    let catalogue = catalogue(&state, &delegations(&state).await?).await?;
    let rooms = crate::scheduling::room_names(&state.db).await?;
    let rows = upcoming(&state, &caller)
        .await?
        .into_iter()
        .map(|m| plenary_frontend::ScheduledRow {
            id: m.id.to_string(),
            when: format!(
                "{}, {}–{} ({})",
                i18n::date(lang, m.starts_local.date()),
                m.starts_local.format("%H:%M"),
                m.ends_local.format("%H:%M"),
                m.time_zone
            ),
            room: m
                .room_id
                .and_then(|r| rooms.get(&r).cloned())
                .unwrap_or_default(),
            title: m.title,
            status: m.status,
        })
        .collect();
    interactive(
        &state,
        plenary_frontend::render_schedule(
            lang,
            &member(&caller),
            &caller.csrf_token,
            catalogue,
            rows,
        ),
    )
}

/// A meeting's edit page (conference managers): its time, room, access,
/// agenda, and chair.
#[utoipa::path(get, path = "/meetings/{id}/edit", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_meeting_edit_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::SCHEDULERS)?;
    let m = crate::scheduling::meeting_by_id(&state.db, id).await?;
    let delegations = delegations(&state).await?;
    let catalogue = catalogue(&state, &delegations).await?;
    let codes: std::collections::HashMap<String, String> = delegations
        .into_iter()
        .map(|d| (d.id.to_string(), d.code))
        .collect();
    let chairs = crate::users::list_users(&state.db)
        .await?
        .into_iter()
        .filter(|u| !u.disabled)
        .map(|u| {
            let place = u
                .delegation_id
                .and_then(|d| codes.get(&d.to_string()).cloned())
                .unwrap_or_else(|| plenary_frontend::labels::role(lang, u.role).to_string());
            (u.id.to_string(), format!("{} ({place})", u.name))
        })
        .collect();
    let values = plenary_frontend::MeetingValues {
        id: m.id.to_string(),
        title: m.title,
        titles: m.titles,
        body_id: m.body_id.to_string(),
        room_id: m.room_id.map(|r| r.to_string()),
        starts_local: m.starts_local.format("%Y-%m-%dT%H:%M").to_string(),
        ends_local: m.ends_local.format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: m.time_zone,
        access: m.access,
        invited: m
            .invited_delegations
            .iter()
            .map(|d| d.to_string())
            .collect(),
        agenda: m.agenda,
        chair_id: m.chair_id.map(|u| u.to_string()),
        interpreters: m
            .interpreters
            .iter()
            .map(|(language, team)| (*language, team.iter().map(|u| u.to_string()).collect()))
            .collect(),
    };
    interactive(
        &state,
        plenary_frontend::render_meeting_edit(
            lang,
            &member(&caller),
            &caller.csrf_token,
            catalogue,
            chairs,
            values,
        ),
    )
}

/// Administration (administrators): users and delegations.
#[utoipa::path(get, path = "/admin", tag = "pages", params(LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem)))]
pub async fn get_admin_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::ADMINISTRATORS)?;
    let users = crate::users::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| plenary_frontend::UserRow {
            id: u.id.to_string(),
            name: u.name,
            email: u.email,
            role: u.role,
            delegation: u.delegation_id.map(|d| d.to_string()),
            languages: u.languages,
            disabled: u.disabled,
            signs: u.signs_for_delegation,
        })
        .collect();
    let delegations = delegations(&state)
        .await?
        .into_iter()
        .map(|d| plenary_frontend::DelegationRow {
            id: d.id.to_string(),
            code: d.code,
            name: d.name,
            kind: d.kind,
        })
        .collect();
    interactive(
        &state,
        plenary_frontend::render_admin(
            lang,
            &member(&caller),
            &caller.csrf_token,
            users,
            delegations,
        ),
    )
}

/// The audit log (administrators): newest first, filtered, a page at a time.
#[utoipa::path(get, path = "/admin/audit", tag = "pages", params(crate::audit::Filter),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 422, body = plenary_protocol::Problem)))]
pub async fn get_audit_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    Query(filter): Query<crate::audit::Filter>,
) -> ApiResult<Response> {
    caller.require(Role::ADMINISTRATORS)?;
    let page = crate::audit::page(&state.db, &filter).await?;
    let users: std::collections::HashMap<String, String> = crate::users::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| {
            (
                format!("user:{}", u.id),
                format!("{} <{}>", u.name, u.email),
            )
        })
        .collect();
    let rows = page
        .entries
        .into_iter()
        .map(|e| plenary_frontend::AuditRow {
            seq: e.seq,
            time: e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            action: e.action,
            actor: e.actor.map(|id| {
                let name = match (&e.actor_name, &e.actor_email) {
                    (Some(n), Some(m)) => format!("{n} <{m}>"),
                    _ => id.to_string(),
                };
                (id.to_string(), name)
            }),
            address: e.address,
            subject: e.subject.map(|s| {
                let name = users.get(&s).cloned().unwrap_or_else(|| s.clone());
                (s, name)
            }),
            detail: e.detail.to_string(),
        })
        .collect();
    let nonempty = |v: Option<String>| v.filter(|s| !s.is_empty());
    let shown = plenary_frontend::AuditFilter {
        action: filter
            .action
            .as_deref()
            .and_then(plenary_protocol::api::AuditAction::parse),
        actor: filter.actor.map(|a| a.to_string()),
        subject: nonempty(filter.subject),
        since: nonempty(filter.since),
        until: nonempty(filter.until),
    };
    Ok(Html(plenary_frontend::render_audit(
        lang,
        &member(&caller),
        shown,
        rows,
        page.next_before,
    ))
    .into_response())
}

/// A new document's form (the secretariat); its files are uploaded on its page next.
#[utoipa::path(get, path = "/documents/new", tag = "pages", params(LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem)))]
pub async fn get_new_document_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::ISSUERS)?;
    let delegations = delegation_choices(&delegations(&state).await?);
    let meetings = upcoming(&state, &caller)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.id.to_string(),
                format!("{} — {}", m.starts_local.format("%Y-%m-%d %H:%M"), m.title),
            )
        })
        .collect();
    interactive(
        &state,
        plenary_frontend::render_new_document(
            lang,
            &member(&caller),
            &caller.csrf_token,
            meetings,
            delegations,
        ),
    )
}

/// The minutes editor (the secretariat): Markdown with preview, autosave,
/// review and publish, and the revision history; or the form that starts them.
#[utoipa::path(get, path = "/meetings/{id}/minutes/edit", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_minutes_editor_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    headers: axum::http::HeaderMap,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    caller.require(Role::ISSUERS)?;
    let reader = Viewer(Some(caller.clone()));
    let meeting = crate::scheduling::visible_meeting(&state.db, &reader, id).await?;
    let zone = super::reader_zone(&headers, &meeting.time_zone);
    let editor = match crate::minutes::for_page(&state, &reader, &meeting).await? {
        Some((m, _)) => {
            let head = m.head.clone();
            let history = crate::minutes::revisions(&state, &caller, id)
                .await?
                .into_iter()
                .map(|r| plenary_frontend::RevisionRow {
                    number: r.number,
                    author: r.author_name,
                    saved: super::in_zone(r.saved_at, zone),
                    autosave: r.autosave,
                })
                .collect();
            Some(plenary_frontend::EditorSpec {
                meeting: id.to_string(),
                csrf: caller.csrf_token.clone(),
                lang,
                symbol: m.symbol,
                state: m.state,
                head: head.as_ref().map_or(0, |h| h.number),
                preview: head
                    .as_ref()
                    .map(|h| crate::render::html_fragment(&h.content))
                    .unwrap_or_default(),
                text: head.map(|h| h.content).unwrap_or_default(),
                text_lang: m.language,
                history,
                zone: plenary_frontend::ReaderZone {
                    name: zone.name().to_string(),
                    offset_s: {
                        use chrono::Offset;
                        chrono::Utc::now()
                            .with_timezone(&zone)
                            .offset()
                            .fix()
                            .local_minus_utc()
                    },
                },
            })
        }
        None => None,
    };
    interactive(
        &state,
        plenary_frontend::render_minutes_editor(
            lang,
            &member(&caller),
            &id.to_string(),
            &meeting.title,
            &caller.csrf_token,
            editor,
        ),
    )
}

/// The meeting record as a page: every act in order, chat included (private
/// messages with who they were for), for the secretariat and the chair.
#[utoipa::path(get, path = "/meetings/{id}/record", tag = "pages", params(("id" = MeetingId, Path), LanguageParams),
    responses((status = 200, content_type = "text/html", body = String), (status = 303, description = "Not signed in: to the sign-in page"),
              (status = 403, body = plenary_protocol::Problem), (status = 404, body = plenary_protocol::Problem)))]
pub async fn get_record_page(
    State(state): State<AppState>,
    Worker { caller, lang }: Worker,
    headers: axum::http::HeaderMap,
    Path(id): Path<MeetingId>,
    // Read for the API description and to refuse unknown parameters.
    Query(_): Query<LanguageParams>,
) -> ApiResult<Response> {
    let reader = Viewer(Some(caller.clone()));
    let meeting = crate::scheduling::visible_meeting(&state.db, &reader, id).await?;
    // The rule of the record's API: staff and the meeting's chair.
    if !caller.is_staff() && meeting.chair_id != Some(caller.user.id) {
        return Err(ApiError::Forbidden);
    }
    let zone = super::reader_zone(&headers, &meeting.time_zone);
    let codes: std::collections::HashMap<String, String> = delegations(&state)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.code))
        .collect();
    let mut names: std::collections::HashMap<u64, String> = std::collections::HashMap::new();
    let mut rows = Vec::new();
    for line in crate::record::load(&state.db, id).await? {
        // Lines a newer version wrote that this one cannot read are left out.
        let Ok(event) = serde_json::from_value::<Event>(line.event) else {
            continue;
        };
        if let Event::Joined { participant } = &event {
            let code = participant
                .delegation
                .and_then(|d| codes.get(&d.to_string()).cloned());
            let name = match code {
                Some(code) => format!("{} ({code})", participant.name),
                None => participant.name.clone(),
            };
            names.insert(participant.id.0, name);
        }
        let name = |p: u64| names.get(&p).cloned().unwrap_or_else(|| format!("#{p}"));
        let at = chrono::DateTime::from_timestamp_millis(i64::try_from(line.at_ms).unwrap_or(0))
            .unwrap_or_default()
            .with_timezone(&zone);
        use plenary_frontend::{RecordAudience as To, RecordDetail as D};
        let detail = match &event {
            Event::Chat { message } => D::Message {
                text: message.text.clone(),
                to: match message.to {
                    Audience::Everyone => To::Everyone,
                    Audience::Presiding => To::Presiding,
                    Audience::Participant(p) => To::One(name(p.0)),
                },
            },
            Event::DecisionRecorded { decision } => D::Text(decision.text.clone()),
            Event::SpeakersChanged { item, list } => D::List {
                item: *item,
                lines: list.lines.len(),
            },
            Event::StatusChanged { status } => {
                D::Said(plenary_frontend::i18n::status(lang, *status).to_string())
            }
            Event::ItemTakenUp { position } => D::Said(format!("#{position}")),
            Event::VoteOpened { vote } => D::Text(format!("{}. {}", vote.number, vote.spec.title)),
            Event::VotesCast { voted, .. } => D::Said(voted.len().to_string()),
            Event::VoteClosed { vote } => match &vote.result {
                Some(result) => D::Said(plenary_frontend::votes::outcome(lang, result.outcome)),
                None => D::None,
            },
            Event::FloorEnded { spoke_ms, .. } => D::Said(format!("{} s", spoke_ms / 1000)),
            // Who is on air in each booth from now on (the record of each channel).
            Event::InterpretationChanged { interpretation } => {
                let mut booths: Vec<String> = interpretation
                    .booths
                    .iter()
                    .map(|b| {
                        let on_air = b.on_air.map_or_else(|| "—".to_string(), |p| name(p.0));
                        format!("{}: {on_air}", b.language.as_str())
                    })
                    .collect();
                if let Some(floor) = interpretation.floor_language {
                    booths.push(format!("⟶ {}", floor.as_str()));
                }
                D::Text(booths.join(" · "))
            }
            Event::ChannelChosen { channel, .. } => {
                D::Said(channel.map_or_else(|| "—".to_string(), |c| c.as_str().to_string()))
            }
            Event::SpeakingLimitChanged { limit_ms } | Event::FloorLimitChanged { limit_ms } => {
                D::Said(limit_ms.map_or("—".into(), |ms| format!("{} s", ms / 1000)))
            }
            _ => D::None,
        };
        rows.push(plenary_frontend::RecordRow {
            time: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            kind: line.kind,
            who: line.participant.map(name),
            by: line.actor.map(name),
            detail,
        });
    }
    Ok(Html(plenary_frontend::render_record(
        lang,
        &member(&caller),
        &id.to_string(),
        &meeting.title,
        zone.name(),
        rows,
    ))
    .into_response())
}
