//! An Atom feed (RFC 4287) of newly issued documents, as the reader may read
//! them: all, or those of a body, of a meeting, under a symbol prefix, or
//! restricted to the reader's delegation. Feed readers poll it instead of
//! the library.

use super::*;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};

/// Entries in a feed: the newest this many.
const ENTRIES: usize = 50;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FeedParams {
    /// Only the documents of this body.
    pub body: Option<BodyId>,
    /// Only the documents of this meeting.
    pub meeting: Option<MeetingId>,
    /// Only symbols starting with this, e.g. `A/C.2/`.
    pub prefix: Option<String>,
    /// Only documents restricted to the reader's own delegation.
    #[serde(default)]
    pub restricted_to_us: bool,
    /// The feed's language (`ar`, `zh`, `en`, `fr`, `ru`, `es`): its links go to pages in it.
    pub lang: Option<String>,
}

/// Text for XML character data and attribute values.
pub(super) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// When a document was last issued in a language: its newest file.
fn issued_at(d: &Document) -> Option<DateTime<Utc>> {
    d.versions
        .iter()
        .filter_map(|v| v.current.as_ref().map(|f| f.uploaded_at))
        .max()
}

/// The Atom text of `documents` (newest first) for a reader in `lang`.
fn atom(base: &str, self_link: &str, lang: Language, documents: &[Document]) -> String {
    let updated = documents
        .iter()
        .filter_map(issued_at)
        .max()
        .unwrap_or_else(|| DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <id>{}</id>\n<title>Plenary: documents</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<author><name>Plenary</name></author>\n",
        lang.as_str(),
        xml(self_link),
        updated.to_rfc3339(),
        xml(self_link),
    );
    for d in documents {
        let Some(at) = issued_at(d) else { continue };
        let issued: Vec<&LanguageVersion> =
            d.versions.iter().filter(|v| v.current.is_some()).collect();
        out.push_str(&format!(
            "<entry>\n<id>urn:uuid:{}</id>\n<title>{} — {}</title>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{base}/documents/{}?lang={}\"/>\n",
            d.id,
            xml(&d.symbol),
            xml(&title_in(&d.title, &d.titles, lang)),
            at.to_rfc3339(),
            d.id,
            lang.as_str(),
        ));
        for v in &issued {
            if let Some(f) = &v.current {
                out.push_str(&format!(
                    "<link rel=\"enclosure\" type=\"{}\" hreflang=\"{}\" length=\"{}\" title=\"{}\" \
                     href=\"{base}/api/v1/documents/{}/files/{}/{}\"/>\n",
                    xml(&f.content_type),
                    v.language.as_str(),
                    f.size,
                    xml(plenary_frontend::i18n::endonym(v.language)),
                    d.id,
                    v.language.as_str(),
                    f.id,
                ));
            }
        }
        let languages: Vec<&str> = issued
            .iter()
            .map(|v| plenary_frontend::i18n::endonym(v.language))
            .collect();
        out.push_str(&format!(
            "<summary>{}</summary>\n</entry>\n",
            xml(&languages.join(", "))
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// Newly issued documents as an Atom feed, newest first: the fifty last
/// issued of those the reader may read (signed in, by the session; else
/// general documents), narrowed by the filters.
#[utoipa::path(get, path = "/api/v1/feeds/documents", tag = "documents", params(FeedParams),
    responses((status = 200, content_type = "application/atom+xml", body = String), (status = 422, body = Problem)))]
pub async fn get_documents_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(params): Query<FeedParams>,
) -> ApiResult<Response> {
    let self_link = uri
        .path_and_query()
        .map_or("/api/v1/feeds/documents", |p| p.as_str());
    feed(&state, &viewer, &headers, self_link, params).await
}

/// A user's personal feed: the same as they read it signed in, for a feed
/// reader that has no session. The token in the path is the credential.
#[utoipa::path(get, path = "/api/v1/feeds/{token}/documents.atom", tag = "documents",
    params(("token" = String, Path), FeedParams),
    responses((status = 200, content_type = "application/atom+xml", body = String),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn get_personal_documents_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Query(params): Query<FeedParams>,
) -> ApiResult<Response> {
    if token.len() > 100 {
        return Err(ApiError::NotFound);
    }
    let hash = crate::auth::token_hash(&token);
    let user = crate::users::by_documents_feed_token_hash(&state.db, &hash)
        .await?
        .ok_or(ApiError::NotFound)?;
    let viewer = Viewer::reading_as(user);
    // The feed's own link names the token: only its owner sees it.
    let self_link = format!("/api/v1/feeds/{token}/documents.atom");
    feed(&state, &viewer, &headers, &self_link, params).await
}

async fn feed(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    self_link: &str,
    params: FeedParams,
) -> ApiResult<Response> {
    let mut errors = Errors::default();
    if let Some(prefix) = &params.prefix {
        errors.check("prefix", validate::text(prefix, 100));
    }
    let delegation = viewer.delegation();
    if params.restricted_to_us && delegation.is_none() {
        errors.add("restricted_to_us", Broken::NotInADelegation);
    }
    errors.into_result()?;
    let (cond, bind) = visibility(viewer, 1);
    let mut binds: Vec<String> = bind.into_iter().collect();
    let mut selection =
        format!("{cond} AND withdrawn = 0 AND id IN (SELECT document_id FROM document_files)");
    let mut add = |sql: &str, value: String| {
        binds.push(value);
        selection.push_str(&sql.replace("$n", &format!("${}", binds.len())));
    };
    if let Some(body) = params.body {
        add(" AND body_id = $n", body.to_string());
    }
    if let Some(meeting) = params.meeting {
        add(" AND meeting_id = $n", meeting.to_string());
    }
    if let Some(prefix) = params.prefix {
        add(" AND substr(symbol, 1, length($n)) = $n", prefix);
    }
    if let (true, Some(delegation)) = (params.restricted_to_us, delegation) {
        add(
            " AND id IN (SELECT document_id FROM document_access WHERE delegation_id = $n)",
            delegation.to_string(),
        );
    }
    selection.push_str(&format!(
        " ORDER BY (SELECT MAX(uploaded_at) FROM document_files f WHERE f.document_id = documents.id) DESC, id LIMIT {ENTRIES}"
    ));
    let mut documents = load_where(&state.db, &selection, &binds).await?;
    documents.sort_by(|a, b| {
        issued_at(b)
            .cmp(&issued_at(a))
            .then(a.symbol.cmp(&b.symbol))
    });
    let lang = feed_language(params.lang.as_deref(), headers);
    let base = state.config.public_url.trim_end_matches('/');
    let self_link = format!("{base}{self_link}");
    Ok(atom_response(atom(base, &self_link, lang, &documents)))
}

/// A feed's language: the one asked for, else the reader's.
pub(super) fn feed_language(asked: Option<&str>, headers: &HeaderMap) -> Language {
    plenary_frontend::i18n::choose(
        asked,
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// Atom text as a response.
pub(super) fn atom_response(text: String) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/atom+xml; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_what_xml_forbids_is_left_out() {
        assert_eq!(
            xml("A & B <\"x\"> 'y'"),
            "A &amp; B &lt;&quot;x&quot;&gt; &apos;y&apos;"
        );
        assert_eq!(xml("bell\u{7} tab\t"), "bell tab\t");
    }
}
