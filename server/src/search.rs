//! Full-text search over documents: symbol, title and the text of every
//! language version (plain text, Markdown, PDF), on tantivy.
//!
//! SQL stays the source of truth; the index is a cache each node keeps in
//! `<data>/search` and can always rebuild from SQL and the archive. Every
//! change to a document appends to `search_queue` in the same transaction, and
//! [`Search::sync`] indexes what the queue holds past the index's cursor (kept
//! in the index's own commit payload, so the cursor and the index never
//! disagree). The node that made a change is poked and syncs within a tenth
//! of a second, batching what arrives meanwhile (one commit per batch, off the
//! request's path); other nodes sharing the database sync every two seconds. Results are checked against SQL's
//! access rules once more before they are returned, so a stale index can
//! hide a document but never show one the caller may not read.

use crate::db::{self, Db};
use crate::error::StoreError;
use crate::objects::Objects;
use futures_util::StreamExt;
use plenary_protocol::api::{Distribution, Language};
use plenary_protocol::{DelegationId, DocumentId};
use sqlx::Row;
use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as Stem, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer,
    Token, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Bumped whenever the schema or the analysers change; an index written
/// under another version is rebuilt at start.
const SCHEMA_VERSION: u32 = 1;
use crate::pdftext::{PdfText, PdfTextError, MAX_PDF_BYTES, MAX_TEXT_BYTES};
/// Queue rows younger than this are read again on every pass: on PostgreSQL
/// a lower sequence number can commit after a higher one.
const LOOKBACK_SECS: i64 = 120;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Folder(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("archive unavailable while indexing {0}")]
    Archive(String),
    #[error("search task: {0}")]
    Task(String),
}

impl From<sqlx::Error> for SearchError {
    fn from(e: sqlx::Error) -> Self {
        SearchError::Store(e.into())
    }
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    symbol: Field,
    symbol_exact: Field,
    title: Field,
    /// One per language, in the order of `Language::ALL`.
    text: [Field; 6],
    languages: Field,
    body: Field,
    distribution: Field,
    delegations: Field,
    created: Field,
}

fn analyser_name(language: Option<Language>) -> String {
    match language {
        Some(l) => format!("plenary_{}", l.as_str()),
        None => "plenary".into(),
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyser: String| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyser)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        symbol: b.add_text_field("symbol", text(analyser_name(None))),
        symbol_exact: b.add_text_field("symbol_exact", STRING),
        title: b.add_text_field("title", text(analyser_name(None))),
        text: Language::ALL.map(|l| {
            b.add_text_field(
                &format!("text_{}", l.as_str()),
                text(analyser_name(Some(l))),
            )
        }),
        languages: b.add_text_field("languages", STRING),
        body: b.add_text_field("body", STRING),
        distribution: b.add_text_field("distribution", STRING),
        delegations: b.add_text_field("delegations", STRING),
        created: b.add_i64_field("created", INDEXED | FAST),
    };
    (b.build(), fields)
}

/// Words are runs of letters and digits, except that each Han, kana or
/// Hangul character is a word of its own: those scripts do not separate
/// words with spaces, and a query of several characters becomes a phrase.
#[derive(Debug, Clone, Default)]
struct WordTokenizer {
    token: Token,
}

struct WordStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    token: &'a mut Token,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            chars: text.char_indices().peekable(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((from, c)) = self.chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut to = from + c.len_utf8();
            if !is_cjk(c) {
                while let Some(&(i, next)) = self.chars.peek() {
                    if !next.is_alphanumeric() || is_cjk(next) {
                        break;
                    }
                    to = i + next.len_utf8();
                    self.chars.next();
                }
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.text.push_str(&self.text[from..to]);
            return true;
        }
        false
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

fn register_analysers(index: &Index) {
    let base = || {
        TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
    };
    index.tokenizers().register(
        &analyser_name(None),
        base().filter(AsciiFoldingFilter).build(),
    );
    for language in Language::ALL {
        let stem = match language {
            Language::Ar => Some(Stem::Arabic),
            Language::En => Some(Stem::English),
            Language::Fr => Some(Stem::French),
            Language::Ru => Some(Stem::Russian),
            Language::Es => Some(Stem::Spanish),
            Language::Zh => None,
        };
        let analyser = match (stem, language) {
            (None, _) => base().build(),
            // Folding accents helps French and Spanish readers who type without them.
            (Some(s), Language::Fr | Language::Es) => base()
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(s))
                .build(),
            (Some(s), _) => base().filter(Stemmer::new(s)).build(),
        };
        index
            .tokenizers()
            .register(&analyser_name(Some(language)), analyser);
    }
}

/// What the index holds of one document.
#[derive(Debug, Default)]
struct Entry {
    id: String,
    symbol: String,
    title: String,
    /// The title in other languages: each indexed with its language's text,
    /// so that its analyser reads it.
    titles: plenary_protocol::api::Titles,
    body: Option<String>,
    distribution: String,
    delegations: Vec<String>,
    created: i64,
    /// Issued languages and their extracted text (empty when the file has none).
    texts: Vec<(Language, String)>,
}

/// The search filters and page.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub language: Option<Language>,
    pub body: Option<String>,
    pub distribution: Option<Distribution>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
    pub limit: usize,
    pub offset: usize,
}

/// Who is searching, for the access filter (SQL checks again afterwards).
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    Staff,
    SignedIn(Option<DelegationId>),
    Anonymous,
}

/// One document found, before it is loaded from SQL.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: DocumentId,
    pub score: f32,
    pub snippet: Option<(Language, String)>,
}

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Payload {
    schema: u32,
    cursor: i64,
}

/// A node's search index.
#[derive(Clone)]
pub struct Search {
    inner: Arc<Inner>,
}

struct Inner {
    /// Wakes the background pass after a change on this node.
    changed: tokio::sync::Notify,
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Serialises sync passes; holds the queue rows seen in the lookback window.
    pass: tokio::sync::Mutex<Seen>,
    /// Reads PDFs' text in a bounded process.
    pdf: PdfText,
    /// PDF reader processes started since this node started.
    pdf_reads: std::sync::atomic::AtomicU64,
}

#[derive(Debug, Default)]
struct Seen {
    cursor: i64,
    /// Sequence numbers already indexed within the lookback window, with their time.
    recent: HashMap<i64, i64>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").finish_non_exhaustive()
    }
}

impl Search {
    /// Opens the index in `folder`, creating it, or starting it afresh when it
    /// was written under another schema or cannot be read. Returns whether it
    /// must be rebuilt from SQL.
    pub fn open(folder: &Path, pdf: PdfText) -> Result<(Search, bool), SearchError> {
        let (schema, fields) = schema();
        let open = || -> Result<(Index, Option<Payload>), SearchError> {
            std::fs::create_dir_all(folder)
                .map_err(|e| SearchError::Folder(format!("{}: {e}", folder.display())))?;
            let dir = MmapDirectory::open(folder)
                .map_err(|e| SearchError::Folder(format!("{}: {e}", folder.display())))?;
            let index = Index::open_or_create(dir, schema.clone())?;
            let payload = index
                .load_metas()?
                .payload
                .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
            Ok((index, payload))
        };
        let (index, payload) = match open() {
            Ok((index, Some(p))) if p.schema == SCHEMA_VERSION => (index, Some(p)),
            Ok((index, None)) if index.searchable_segment_ids()?.is_empty() => (index, None),
            outcome => {
                if let Err(e) = &outcome {
                    tracing::warn!(error = %e, "the search index cannot be opened; starting it afresh: {e}");
                } else {
                    tracing::info!("the search index has an older layout; rebuilding it");
                }
                drop(outcome);
                std::fs::remove_dir_all(folder)
                    .map_err(|e| SearchError::Folder(format!("{}: {e}", folder.display())))?;
                let (index, _) = open()?;
                (index, None)
            }
        };
        register_analysers(&index);
        // One indexing thread keeps the writer's memory bounded (about 40 MB).
        let writer = index.writer_with_num_threads(1, 40_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let seen = Seen {
            cursor: payload.map_or(0, |p| p.cursor),
            recent: HashMap::new(),
        };
        Ok((
            Search {
                inner: Arc::new(Inner {
                    changed: tokio::sync::Notify::new(),
                    index,
                    reader,
                    writer: Mutex::new(writer),
                    fields,
                    pass: tokio::sync::Mutex::new(seen),
                    pdf,
                    pdf_reads: std::sync::atomic::AtomicU64::new(0),
                }),
            },
            payload.is_none(),
        ))
    }

    /// How many PDF reader processes this node has started: what a hostile
    /// or broken file costs, for operators (and the tests that show a failed
    /// file is not read again).
    pub fn pdf_reads(&self) -> u64 {
        self.inner
            .pdf_reads
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Tells the background pass that this node changed a document.
    pub fn poke(&self) {
        self.inner.changed.notify_one();
    }

    /// Resolves when [`Search::poke`] was called (at once if it was already).
    pub async fn poked(&self) {
        self.inner.changed.notified().await;
    }

    /// Indexes every change queued since the last pass. Returns how many
    /// documents were (re)indexed.
    pub async fn sync(&self, db: &Db, objects: &Objects) -> Result<usize, SearchError> {
        let mut seen = self.inner.pass.lock().await;
        let now = db::now();
        let rows = sqlx::query(
            "SELECT seq, document_id, queued_at FROM search_queue \
             WHERE seq > $1 OR queued_at >= $2 ORDER BY seq",
        )
        .bind(seen.cursor)
        .bind(now - LOOKBACK_SECS)
        .fetch_all(db)
        .await?;
        let mut changed = Vec::new();
        let mut seen_ids = std::collections::HashSet::new();
        let mut fresh = Vec::new();
        for row in rows {
            let seq: i64 = row.try_get("seq")?;
            if seen.recent.contains_key(&seq) {
                continue;
            }
            let document: String = row.try_get("document_id")?;
            fresh.push((seq, row.try_get::<i64, _>("queued_at")?));
            if seen_ids.insert(document.clone()) {
                changed.push(document);
            }
        }
        // Waiting while this pass runs, and still waiting if it fails.
        metrics::gauge!("plenary_search_queue_depth").set(fresh.len() as f64);
        if !changed.is_empty() {
            let cursor = fresh
                .iter()
                .map(|(s, _)| *s)
                .max()
                .unwrap_or(0)
                .max(seen.cursor);
            self.replace(db, objects, &changed, false, cursor).await?;
            seen.cursor = cursor;
            seen.recent.extend(fresh);
        }
        metrics::gauge!("plenary_search_queue_depth").set(0.0);
        seen.recent.retain(|_, t| *t >= now - LOOKBACK_SECS);
        Ok(changed.len())
    }

    /// Rebuilds the whole index from SQL and the archive. Searches keep
    /// answering from the old index until the new one is committed; a failed
    /// rebuild leaves the old one as it was.
    pub async fn rebuild(&self, db: &Db, objects: &Objects) -> Result<usize, SearchError> {
        let mut seen = self.inner.pass.lock().await;
        // Changes queued from here on are picked up by the next sync.
        let cursor: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM search_queue")
            .fetch_one(db)
            .await?
            .try_get("seq")?;
        // What the rebuild reads covers the queue's entries up to the
        // cursor, those the next sync would look back at included: they are
        // marked seen, or that sync reads their documents again.
        let now = db::now();
        let covered: Vec<(i64, i64)> = sqlx::query(
            "SELECT seq, queued_at FROM search_queue WHERE seq <= $1 AND queued_at >= $2",
        )
        .bind(cursor)
        .bind(now - LOOKBACK_SECS)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("seq")?, r.try_get("queued_at")?)))
        .collect::<Result<_, sqlx::Error>>()?;
        let ids: Vec<String> = sqlx::query("SELECT id FROM documents ORDER BY created_at")
            .fetch_all(db)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        self.replace(db, objects, &ids, true, cursor).await?;
        seen.cursor = cursor;
        seen.recent = covered.into_iter().collect();
        metrics::gauge!("plenary_search_queue_depth").set(0.0);
        Ok(ids.len())
    }

    /// Replaces the documents `ids` (or, with `everything`, the whole index)
    /// by what SQL and the archive hold now, and commits with `cursor`. Reads
    /// in batches, so memory holds a few documents' text at a time; on any
    /// failure nothing of it is committed.
    async fn replace(
        &self,
        db: &Db,
        objects: &Objects,
        ids: &[String],
        everything: bool,
        cursor: i64,
    ) -> Result<(), SearchError> {
        let outcome = async {
            if everything {
                self.blocking(|_, w| Ok(w.delete_all_documents().map(drop)?))
                    .await?;
            }
            let total = ids.len();
            for (batch, chunk) in ids.chunks(16).enumerate() {
                let mut entries = Vec::with_capacity(chunk.len());
                for id in chunk {
                    entries.extend(read_entry(&self.inner, db, objects, id).await?);
                }
                let stale = chunk.to_vec();
                self.blocking(move |inner, w| {
                    for id in &stale {
                        w.delete_term(Term::from_field_text(inner.fields.id, id));
                    }
                    inner.add(w, entries)
                })
                .await?;
                let done = batch * 16 + chunk.len();
                if everything && (batch % 8 == 7 || done == total) {
                    tracing::info!(
                        done,
                        total,
                        "search rebuild: {done} of {total} documents read"
                    );
                }
            }
            self.blocking(move |inner, w| inner.commit(w, cursor)).await
        }
        .await;
        if outcome.is_err() {
            self.blocking(|_, w| Ok(w.rollback().map(drop)?)).await?;
        }
        outcome
    }

    /// Runs index work off the async threads, holding the writer.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner, &mut IndexWriter) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut writer = inner.writer.lock().unwrap_or_else(|p| p.into_inner());
            work(&inner, &mut writer)
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
    }

    /// The documents matching, best first, and how many match in all.
    pub async fn search(
        &self,
        request: SearchRequest,
        reader: Reader,
    ) -> Result<(u64, Vec<Found>), SearchError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || inner.search(&request, reader))
            .await
            .map_err(|e| SearchError::Task(e.to_string()))?
    }
}

fn lang_index(language: Language) -> usize {
    Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0)
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

impl Inner {
    fn add(&self, writer: &mut IndexWriter, entries: Vec<Entry>) -> Result<(), SearchError> {
        let f = self.fields;
        for e in entries {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.id, &e.id);
            doc.add_text(f.symbol, &e.symbol);
            doc.add_text(f.symbol_exact, e.symbol.to_lowercase());
            doc.add_text(f.title, &e.title);
            if let Some(body) = &e.body {
                doc.add_text(f.body, body);
            }
            doc.add_text(f.distribution, &e.distribution);
            for d in &e.delegations {
                doc.add_text(f.delegations, d);
            }
            doc.add_i64(f.created, e.created);
            for (language, text) in &e.texts {
                doc.add_text(f.languages, language.as_str());
                doc.add_text(f.text[lang_index(*language)], text);
            }
            for (language, title) in &e.titles {
                doc.add_text(f.text[lang_index(*language)], title);
            }
            writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Commits with the queue cursor in the payload, then shows the result to searches.
    fn commit(&self, writer: &mut IndexWriter, cursor: i64) -> Result<(), SearchError> {
        let payload = serde_json::to_string(&Payload {
            schema: SCHEMA_VERSION,
            cursor,
        })
        .map_err(|e| SearchError::Task(e.to_string()))?;
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn search(&self, r: &SearchRequest, reader: Reader) -> Result<(u64, Vec<Found>), SearchError> {
        let f = self.fields;
        let text_fields: Vec<Field> = match r.language {
            Some(l) => vec![f.text[lang_index(l)]],
            None => f.text.to_vec(),
        };
        let mut parser = QueryParser::for_index(
            &self.index,
            [vec![f.symbol, f.title], text_fields.clone()].concat(),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.symbol, 4.0);
        parser.set_field_boost(f.title, 2.0);
        let q = r.q.trim();
        // A symbol such as A/57/L.12 is searched as a phrase (so its lineage,
        // /Rev.1 and the like, is found too) and ranks its own document first.
        let is_symbol = plenary_protocol::symbol::Symbol::parse(q).is_ok();
        let text_query = if is_symbol {
            let (phrase, _) = parser.parse_query_lenient(&format!("\"{}\"", q.replace('"', " ")));
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, phrase),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        term(f.symbol_exact, &q.to_lowercase()),
                        10.0,
                    )),
                ),
            ])) as Box<dyn Query>
        } else {
            parser.parse_query_lenient(q).0
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        match reader {
            Reader::Staff => {}
            Reader::Anonymous => clauses.push((Occur::Must, term(f.distribution, "general"))),
            Reader::SignedIn(delegation) => {
                let mut allowed: Vec<(Occur, Box<dyn Query>)> = vec![
                    (Occur::Should, term(f.distribution, "general")),
                    (Occur::Should, term(f.distribution, "limited")),
                ];
                if let Some(d) = delegation {
                    allowed.push((
                        Occur::Should,
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, term(f.distribution, "restricted")),
                            (Occur::Must, term(f.delegations, &d.to_string())),
                        ])),
                    ));
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(allowed))));
            }
        }
        if let Some(l) = r.language {
            clauses.push((Occur::Must, term(f.languages, l.as_str())));
        }
        if let Some(b) = &r.body {
            clauses.push((Occur::Must, term(f.body, b)));
        }
        if let Some(d) = r.distribution {
            clauses.push((Occur::Must, term(f.distribution, d.as_str())));
        }
        if r.from.is_some() || r.until.is_some() {
            let bound = |v: Option<i64>, inclusive: bool| match v {
                None => Bound::Unbounded,
                Some(v) if inclusive => Bound::Included(Term::from_field_i64(f.created, v)),
                Some(v) => Bound::Excluded(Term::from_field_i64(f.created, v)),
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(r.from, true), bound(r.until, false))),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(
            &query,
            &(TopDocs::with_limit(r.limit).and_offset(r.offset), Count),
        )?;
        // Snippets come from the asked language first, then the fallback order.
        let order = Language::fallback_order(r.language.unwrap_or(Language::En));
        let mut generators = Vec::new();
        for l in &order {
            let field = f.text[lang_index(*l)];
            if text_fields.contains(&field) {
                let mut g = SnippetGenerator::create(&searcher, &query, field)?;
                g.set_max_num_chars(240);
                generators.push((*l, g));
            }
        }
        let mut found = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(id) = doc
                .get_first(f.id)
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse().ok())
            else {
                continue;
            };
            let snippet = generators.iter().find_map(|(l, g)| {
                let s = g.snippet_from_doc(&doc);
                (!s.is_empty()).then(|| (*l, s.to_html()))
            });
            found.push(Found {
                id: DocumentId(id),
                score,
                snippet,
            });
        }
        Ok((total as u64, found))
    }
}

/// Reads one document's searchable content from SQL and the archive; `None`
/// when it no longer exists.
async fn read_entry(
    inner: &Inner,
    db: &Db,
    objects: &Objects,
    id: &str,
) -> Result<Option<Entry>, SearchError> {
    let Some(row) = sqlx::query(
        "SELECT id, symbol, title, titles, body_id, distribution, created_at FROM documents WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let mut entry = Entry {
        id: row.try_get("id")?,
        symbol: row.try_get("symbol")?,
        title: row.try_get("title")?,
        titles: crate::db::titles_col(&row, "titles")?,
        body: row.try_get("body_id")?,
        distribution: row.try_get("distribution")?,
        created: row.try_get("created_at")?,
        ..Entry::default()
    };
    entry.delegations =
        sqlx::query("SELECT delegation_id FROM document_access WHERE document_id = $1")
            .bind(id)
            .fetch_all(db)
            .await?
            .iter()
            .map(|r| r.try_get("delegation_id"))
            .collect::<Result<_, _>>()?;
    // Published minutes are indexed from the Markdown they were written in:
    // exact text in every script, where their PDF draws right-to-left lines in
    // display order.
    let minutes = sqlx::query(
        "SELECT f.object_key, f.size, m.language FROM minutes_versions v \
         JOIN minutes_files f ON f.minutes_id = v.minutes_id AND f.version = v.version \
         JOIN minutes m ON m.id = v.minutes_id \
         WHERE v.document_id = $1 AND f.kind = 'markdown'",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    if let Some(file) = minutes {
        let language: String = file.try_get("language")?;
        if let Some(language) = Language::parse(&language) {
            let key: String = file.try_get("object_key")?;
            let size = u64::try_from(file.try_get::<i64, _>("size")?).unwrap_or(0);
            let text =
                extract_text(inner, db, objects, &key, size, "text/plain; charset=utf-8").await?;
            entry.texts.push((language, text));
        }
    }
    // The newest file of each language is the current version.
    let files = sqlx::query(
        "SELECT language, object_key, size, content_type FROM document_files \
         WHERE document_id = $1 ORDER BY uploaded_at DESC, id DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    for file in files {
        let language: String = file.try_get("language")?;
        let Some(language) = Language::parse(&language) else {
            continue;
        };
        if entry.texts.iter().any(|(l, _)| *l == language) {
            continue;
        }
        let key: String = file.try_get("object_key")?;
        let size = u64::try_from(file.try_get::<i64, _>("size")?).unwrap_or(0);
        let content_type: String = file.try_get("content_type")?;
        let text = extract_text(inner, db, objects, &key, size, &content_type).await?;
        entry.texts.push((language, text));
    }
    Ok(Some(entry))
}

/// The text of a stored file: plain text and Markdown as they are, PDF through
/// the bounded reader; nothing for other types. A storage error fails the pass
/// (it is retried); a PDF the reader cannot read is indexed without text and
/// recorded, so it is not read again.
async fn extract_text(
    inner: &Inner,
    db: &Db,
    objects: &Objects,
    key: &str,
    size: u64,
    content_type: &str,
) -> Result<String, SearchError> {
    let (limit, pdf) = if content_type.starts_with("text/plain") {
        (MAX_TEXT_BYTES as u64, false)
    } else if content_type == "application/pdf" && size <= MAX_PDF_BYTES {
        (MAX_PDF_BYTES, true)
    } else {
        return Ok(String::new());
    };
    if size == 0 {
        return Ok(String::new());
    }
    if pdf
        && sqlx::query("SELECT 1 AS one FROM pdf_text_failures WHERE object_key = $1")
            .bind(key)
            .fetch_optional(db)
            .await?
            .is_some()
    {
        return Ok(String::new());
    }
    let archive = |e: crate::objects::ObjectsError| SearchError::Archive(format!("{key}: {e}"));
    let mut stream = objects
        .read(key, Some(0..size.min(limit)))
        .await
        .map_err(archive)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0));
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.map_err(archive)?);
    }
    if !pdf {
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    inner
        .pdf_reads
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    match inner.pdf.extract(bytes).await {
        Ok(text) => Ok(text),
        Err(e @ (PdfTextError::Unreadable(_) | PdfTextError::Stopped(_))) => {
            tracing::warn!(key, error = %e, "no text indexed for {key}, and it will not be read again: {e}");
            let reason: String = e.to_string().chars().take(500).collect();
            sqlx::query(
                "INSERT INTO pdf_text_failures (object_key, reason, failed_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (object_key) DO NOTHING",
            )
            .bind(key)
            .bind(reason)
            .bind(db::now())
            .execute(db)
            .await?;
            Ok(String::new())
        }
        Err(e @ PdfTextError::Start { .. }) => {
            // The setting is at fault, not the file: nothing is recorded, and
            // a rebuild once it is fixed reads the file.
            tracing::error!(key, error = %e, "no text indexed for {key}: {e}");
            Ok(String::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut t = WordTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn words_split_on_punctuation_and_each_han_character() {
        assert_eq!(
            words("A/57/L.12 climate"),
            ["A", "57", "L", "12", "climate"]
        );
        assert_eq!(words("联合国大会 UN"), ["联", "合", "国", "大", "会", "UN"]);
        assert_eq!(words("Мир, مرحبا"), ["Мир", "مرحبا"]);
        assert!(words(" -- ").is_empty());
    }
}
