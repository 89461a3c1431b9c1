//! Sponsors of draft resolutions (`L.` documents): main sponsors named by
//! the secretariat, co-sponsors that delegations join and leave themselves
//! while the list is open, and the list closed by the secretariat. Every
//! change is kept in `sponsor_changes` (append-only) with who and when; the
//! list is what that history comes to. The decisions are
//! `plenary_rules::sponsors`'; this reads and writes SQL around them.

use super::feed::{atom_response, feed_language, xml};
use super::*;
use chrono::{DateTime, Utc};
use plenary_rules::sponsors::{self as rules, Actor, Draft, Entry};

/// Changes one draft's list keeps: room for every delegation to join and
/// leave many times, and a bound on what a signatory's clicks can store.
const MAX_CHANGES: usize = 2000;

/// One kept change as SQL has it.
struct Kept {
    seq: i64,
    act: SponsorAct,
    delegation: Option<Delegation>,
    by: String,
    at: DateTime<Utc>,
}

/// A draft's history, oldest first.
async fn history<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    document: DocumentId,
) -> Result<Vec<Kept>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.seq, s.act, s.delegation_id, s.at_ms, u.name AS by_name, \
                d.id AS d_id, d.code AS d_code, d.name AS d_name, d.kind AS d_kind \
         FROM sponsor_changes s JOIN users u ON u.id = s.by_user \
         LEFT JOIN delegations d ON d.id = s.delegation_id \
         WHERE s.document_id = $1 ORDER BY s.seq",
    )
    .bind(document.to_string())
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let act: String = r.try_get("act")?;
            let delegation = match db::opt_uuid_col(r, "d_id")? {
                Some(id) => {
                    let kind: String = r.try_get("d_kind")?;
                    Some(Delegation {
                        id: DelegationId(id),
                        code: r.try_get("d_code")?,
                        name: r.try_get("d_name")?,
                        kind: DelegationKind::parse(&kind)
                            .ok_or_else(|| StoreError::Corrupt(format!("kind {kind:?}")))?,
                    })
                }
                None => None,
            };
            let at_ms: i64 = r.try_get("at_ms")?;
            Ok(Kept {
                seq: r.try_get("seq")?,
                act: SponsorAct::parse(&act)
                    .ok_or_else(|| StoreError::Corrupt(format!("sponsor act {act:?}")))?,
                delegation,
                by: r.try_get("by_name")?,
                at: DateTime::from_timestamp_millis(at_ms)
                    .ok_or_else(|| StoreError::Corrupt(format!("time {at_ms}")))?,
            })
        })
        .collect()
}

fn entries(kept: &[Kept]) -> Vec<Entry> {
    kept.iter()
        .filter_map(|k| {
            k.delegation.as_ref().map(|d| Entry {
                delegation: d.id,
                change: k.act,
            })
        })
        .collect()
}

/// The list `kept` comes to, as `viewer` is shown it (who made each change
/// only to staff).
fn list(document: DocumentId, kept: Vec<Kept>, viewer: &Viewer) -> Sponsors {
    let (main, co) = rules::current(&entries(&kept));
    let named: HashMap<DelegationId, Delegation> = kept
        .iter()
        .filter_map(|k| k.delegation.clone())
        .map(|d| (d.id, d))
        .collect();
    let delegations = |ids: Vec<DelegationId>| -> Vec<Delegation> {
        ids.iter().filter_map(|id| named.get(id).cloned()).collect()
    };
    Sponsors {
        document_id: document,
        open: !kept.iter().any(|k| k.act == SponsorAct::Close),
        main: delegations(main),
        co: delegations(co),
        history: kept
            .into_iter()
            .map(|k| SponsorChange {
                act: k.act,
                delegation: k.delegation,
                by: viewer.is_staff().then_some(k.by),
                at: k.at,
            })
            .collect(),
    }
}

fn is_draft(document: &Document) -> bool {
    Symbol::parse(&document.symbol).is_ok_and(|s| rules::is_draft(&s))
}

/// The sponsors of `document` as `viewer` is shown them, if it is a draft.
pub(crate) async fn of(
    db: &Db,
    viewer: &Viewer,
    document: &Document,
) -> ApiResult<Option<Sponsors>> {
    if !is_draft(document) {
        return Ok(None);
    }
    let kept = history(db, document.id).await?;
    Ok(Some(list(document.id, kept, viewer)))
}

/// A draft's main sponsors, co-sponsors, whether the list is open, and
/// every change with when (and, to staff, who).
#[utoipa::path(get, path = "/api/v1/documents/{id}/sponsors", tag = "documents", params(("id" = DocumentId, Path)),
    responses((status = 200, body = Sponsors), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn get_sponsors(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<DocumentId>,
) -> ApiResult<Json<Sponsors>> {
    let document = visible_document(&state.db, &viewer, id).await?;
    of(&state.db, &viewer, &document)
        .await?
        .map(Json)
        .ok_or(ApiError::InvalidState(Refusal::NotADraft))
}

/// A signing delegate adds their delegation to the co-sponsors.
#[utoipa::path(put, path = "/api/v1/documents/{id}/co-sponsors/{delegation}", tag = "documents",
    params(("id" = DocumentId, Path), ("delegation" = DelegationId, Path)),
    responses((status = 200, body = Sponsors), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn put_co_sponsor(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, delegation)): Path<(DocumentId, DelegationId)>,
) -> ApiResult<Json<Sponsors>> {
    change(&state, caller, id, SponsorAct::Add, Some(delegation)).await
}

/// A signing delegate withdraws their delegation from the co-sponsors.
#[utoipa::path(delete, path = "/api/v1/documents/{id}/co-sponsors/{delegation}", tag = "documents",
    params(("id" = DocumentId, Path), ("delegation" = DelegationId, Path)),
    responses((status = 200, body = Sponsors), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_co_sponsor(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, delegation)): Path<(DocumentId, DelegationId)>,
) -> ApiResult<Json<Sponsors>> {
    change(&state, caller, id, SponsorAct::Withdraw, Some(delegation)).await
}

/// The secretariat names a main sponsor (a co-sponsor moves up).
#[utoipa::path(post, path = "/api/v1/documents/{id}/main-sponsors", tag = "documents",
    params(("id" = DocumentId, Path)), request_body = NameMainSponsor,
    responses((status = 200, body = Sponsors), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_main_sponsor(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<DocumentId>,
    Json(input): Json<NameMainSponsor>,
) -> ApiResult<Json<Sponsors>> {
    // The rules say so too; asked first, so that the field's check tells
    // nobody else which delegations exist.
    caller.require(Role::ISSUERS)?;
    if !db::exists(&state.db, "delegations", input.delegation_id).await? {
        return Err(ApiError::invalid(
            "delegation_id",
            Broken::Unknown(Thing::Delegation),
        ));
    }
    change(
        &state,
        caller,
        id,
        SponsorAct::Main,
        Some(input.delegation_id),
    )
    .await
}

/// The secretariat closes the list (at adoption, say): no change after.
#[utoipa::path(post, path = "/api/v1/documents/{id}/sponsors/close", tag = "documents",
    params(("id" = DocumentId, Path)),
    responses((status = 200, body = Sponsors), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close_sponsors(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<DocumentId>,
) -> ApiResult<Json<Sponsors>> {
    change(&state, caller, id, SponsorAct::Close, None).await
}

/// Makes one change if the rules allow it; a refusal writes nothing.
async fn change(
    state: &AppState,
    caller: Caller,
    id: DocumentId,
    act: SponsorAct,
    delegation: Option<DelegationId>,
) -> ApiResult<Json<Sponsors>> {
    let viewer = Viewer(Some(caller.clone()));
    let document = visible_document(&state.db, &viewer, id).await?;
    if !is_draft(&document) {
        return Err(ApiError::InvalidState(Refusal::NotADraft));
    }
    if document.withdrawn {
        return Err(ApiError::InvalidState(Refusal::Withdrawn));
    }
    let (delegation, kind) = match delegation {
        Some(d) => {
            let row = sqlx::query("SELECT kind FROM delegations WHERE id = $1")
                .bind(d.to_string())
                .fetch_optional(&state.db)
                .await?
                .ok_or(ApiError::NotFound)?;
            let kind: String = row.try_get("kind")?;
            let kind = DelegationKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("kind {kind:?}")))?;
            (d, kind)
        }
        // Closing names no delegation.
        None => (DelegationId(uuid::Uuid::nil()), DelegationKind::MemberState),
    };
    let observers_may_sponsor = match document.body_id {
        Some(body) => sqlx::query("SELECT observers_may_sponsor FROM bodies WHERE id = $1")
            .bind(body.to_string())
            .fetch_optional(&state.db)
            .await?
            .map(|r| r.try_get::<i64, _>("observers_may_sponsor"))
            .transpose()?
            .is_some_and(|v| v != 0),
        None => false,
    };
    let actor = Actor {
        role: caller.role(),
        delegation: caller.user.delegation_id,
        signs: caller.user.signs_for_delegation,
    };
    let mut tx = state.db.begin().await?;
    // Taken first: the row lock on PostgreSQL, the write lock on SQLite, so
    // two changes to one draft are decided one after the other.
    sqlx::query("UPDATE documents SET sponsors_version = sponsors_version + 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let kept = history(&mut *tx, id).await?;
    if kept.len() >= MAX_CHANGES {
        return Err(ApiError::InvalidState(Refusal::TooManySponsorChanges {
            max: MAX_CHANGES as u64,
        }));
    }
    let draft = Draft {
        closed: kept.iter().any(|k| k.act == SponsorAct::Close),
        observers_may_sponsor,
    };
    let now = rules::standing(&entries(&kept), delegation);
    rules::check(actor, act, draft, delegation, kind, now)?;
    sqlx::query(
        "INSERT INTO sponsor_changes (document_id, act, delegation_id, by_user, at_ms) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(act.as_str())
    .bind((act != SponsorAct::Close).then(|| delegation.to_string()))
    .bind(caller.user.id.to_string())
    .bind(Utc::now().timestamp_millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(document_id = %id, by = %caller.user.id, act = act.as_str(),
        "sponsors of {} changed", document.symbol);
    let kept = history(&state.db, id).await?;
    Ok(Json(list(id, kept, &viewer)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SponsorsFeedParams {
    /// The feed's language (`ar`, `zh`, `en`, `fr`, `ru`, `es`).
    pub lang: Option<String>,
}

/// A draft's changes of sponsors as an Atom feed, newest first.
#[utoipa::path(get, path = "/api/v1/documents/{id}/sponsors.atom", tag = "documents",
    params(("id" = DocumentId, Path), SponsorsFeedParams),
    responses((status = 200, content_type = "application/atom+xml", body = String),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn get_sponsors_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<DocumentId>,
    Query(params): Query<SponsorsFeedParams>,
) -> ApiResult<Response> {
    let document = visible_document(&state.db, &viewer, id).await?;
    if !is_draft(&document) {
        return Err(ApiError::InvalidState(Refusal::NotADraft));
    }
    let kept = history(&state.db, id).await?;
    let lang = feed_language(params.lang.as_deref(), &headers);
    let base = state.config.public_url.trim_end_matches('/');
    Ok(atom_response(atom(base, lang, &document, &kept)))
}

/// The Atom text of a draft's `kept` changes, newest first.
fn atom(base: &str, lang: Language, document: &Document, kept: &[Kept]) -> String {
    use plenary_frontend::labels::{self, Label};
    let id = format!("{base}/documents/{}", document.id);
    let page = format!("{id}?lang={}", lang.as_str());
    let self_link = format!("{base}/api/v1/documents/{}/sponsors.atom", document.id);
    let updated = kept
        .last()
        .map_or(document.created_at, |k| k.at)
        .to_rfc3339();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <id>{}</id>\n<title>{} — {}</title>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>Plenary</name></author>\n",
        lang.as_str(),
        xml(&self_link),
        xml(&document.symbol),
        xml(labels::l(lang, Label::Sponsors)),
        xml(&self_link),
        xml(&page),
    );
    for k in kept.iter().rev() {
        let what = labels::sponsor_act(lang, k.act);
        let title = match &k.delegation {
            Some(d) => format!("{}: {what}", d.name),
            None => what.to_string(),
        };
        out.push_str(&format!(
            "<entry>\n<id>{}#sponsors-{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n</entry>\n",
            xml(&id),
            k.seq,
            xml(&title),
            k.at.to_rfc3339(),
            xml(&page),
        ));
    }
    out.push_str("</feed>\n");
    out
}
