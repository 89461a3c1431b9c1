//! A document's lineage from its symbol: the document it revises, adds to
//! or corrects, and those that revise, add to or correct it. The symbol
//! grammar is `plenary_protocol::symbol`'s; this reads SQL around it.

use super::*;

/// The lineage of the document with `symbol`, as `viewer` may see it.
pub async fn related(db: &Db, viewer: &Viewer, symbol: &str) -> ApiResult<DocumentLineage> {
    let Ok(parsed) = Symbol::parse(symbol) else {
        // A symbol stored before today's grammar: no lineage to read.
        return Ok(DocumentLineage {
            parent: None,
            children: Vec::new(),
        });
    };
    // `binds` are `$1`… in order; the reader's visibility follows them.
    let fetch = |which: &'static str, binds: Vec<String>| async move {
        let (cond, extra) = visibility(viewer, binds.len() + 1);
        let sql =
            format!("SELECT id, symbol, title, titles FROM documents WHERE {which} AND {cond}");
        let mut q = sqlx::query(&sql);
        for b in binds.into_iter().chain(extra) {
            q = q.bind(b);
        }
        q.fetch_all(db).await
    };
    let related = |row: &AnyRow, step: plenary_protocol::symbol::Lineage| -> ApiResult<_> {
        Ok(RelatedDocument {
            id: DocumentId(db::uuid_col(row, "id")?),
            symbol: row.try_get("symbol")?,
            title: row.try_get("title")?,
            titles: db::titles_col(row, "titles")?,
            relation: step.relation().to_string(),
            number: step.number(),
        })
    };
    let parent = match parsed.parent() {
        Some((up, step)) => fetch("symbol = $1", vec![up.to_string()])
            .await?
            .first()
            .map(|row| related(row, step))
            .transpose()?,
        None => None,
    };
    // Every symbol that starts with this one and a '/' (compared as text,
    // not by a collation's order, which may skip punctuation).
    let prefix = vec![format!("{symbol}/")];
    let rows = fetch("substr(symbol, 1, length($1)) = $1", prefix).await?;
    let mut children = Vec::new();
    for row in &rows {
        let child: String = row.try_get("symbol")?;
        let step = Symbol::parse(&child)
            .ok()
            .and_then(|c| c.parent())
            .filter(|(up, _)| up.to_string() == symbol)
            .map(|(_, step)| step);
        if let Some(step) = step {
            children.push(related(row, step)?);
        }
    }
    children.sort_by_key(|c| (c.relation.clone(), c.number));
    Ok(DocumentLineage { parent, children })
}

/// The documents a document's symbol relates it to.
#[utoipa::path(get, path = "/api/v1/documents/{id}/lineage", tag = "documents", params(("id" = DocumentId, Path)),
    responses((status = 200, body = DocumentLineage), (status = 404, body = Problem)))]
pub async fn get_lineage(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<DocumentId>,
) -> ApiResult<Json<DocumentLineage>> {
    let document = visible_document(&state.db, &viewer, id).await?;
    Ok(Json(related(&state.db, &viewer, &document.symbol).await?))
}
