//! Full-text search over real HTTP: SQLite with a local folder, and
//! PostgreSQL with a real Garage (text is read back from the archive).

use plenary_tests::{text_pdf, Backend, Client, Hub, Scheduler};
use reqwest::Method;
use serde_json::{json, Value};

plenary_tests::on_both_backends!(
    words_of_pdf_and_text_versions_find_documents_in_each_language,
    symbols_find_their_lineage_first,
    results_respect_distribution,
    filters_narrow_results,
    bad_search_input_gets_problems,
    another_node_and_a_rebuild_index_the_same_documents,
    readers_who_have_not_signed_in_get_a_search_budget_per_network,
    a_pdf_that_inflates_past_the_readers_memory_is_indexed_without_text_once,
);

async fn create(client: &Client, body: Value) -> String {
    let r = client.post("/api/v1/documents", body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json()["id"].as_str().expect("id").to_string()
}

async fn upload(client: &Client, id: &str, lang: &str, bytes: Vec<u8>) {
    let r = client
        .raw(
            Method::PUT,
            &format!("/api/v1/documents/{id}/files/{lang}?filename=file"),
            Some("application/octet-stream"),
            bytes,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

/// The symbols found for `query`, best first.
async fn found(client: &Client, query: &str) -> Vec<String> {
    let r = client.get(&format!("/api/v1/search?{query}")).await;
    assert_eq!(r.status, 200, "{query}: {}", r.text);
    r.json()["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            h["document"]["symbol"]
                .as_str()
                .expect("symbol")
                .to_string()
        })
        .collect()
}

fn q(words: &str) -> String {
    format!("q={}", urlencode(words))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn words_of_pdf_and_text_versions_find_documents_in_each_language(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(
        &secretariat,
        json!({"symbol": "A/57/L.12", "title": "Oceans and the law of the sea", "distribution": "general"}),
    )
    .await;
    upload(
        &secretariat,
        &id,
        "en",
        text_pdf("The General Assembly calls for sustainable fisheries in the high seas."),
    )
    .await;
    upload(
        &secretariat,
        &id,
        "fr",
        "L'Assemblée générale demande une pêche durable en haute mer et protège les océans."
            .as_bytes()
            .to_vec(),
    )
    .await;
    upload(
        &secretariat,
        &id,
        "zh",
        "大会呼吁公海可持续渔业，应对气候变化。".as_bytes().to_vec(),
    )
    .await;
    let other = create(
        &secretariat,
        json!({"symbol": "A/57/L.13", "title": "Agricultural technology", "distribution": "general"}),
    )
    .await;
    upload(
        &secretariat,
        &other,
        "en",
        b"Irrigation and seeds.".to_vec(),
    )
    .await;

    hub.index().await;
    let reader = hub.anonymous();
    // A word only in the PDF's text.
    let r = reader
        .get(&format!("/api/v1/search?{}", q("fisheries")))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let body = r.json();
    assert_eq!(body["total"], 1);
    let hit = &body["hits"][0];
    assert_eq!(hit["document"]["symbol"], "A/57/L.12");
    assert_eq!(hit["snippet_language"], "en");
    let snippet = hit["snippet_html"].as_str().expect("snippet");
    assert!(snippet.contains("<b>fisheries</b>"), "{snippet}");
    // English stemming ("fishery" finds "fisheries"), French with and without accents.
    assert_eq!(found(&reader, &q("fishery")).await, ["A/57/L.12"]);
    assert_eq!(found(&reader, &q("océans")).await, ["A/57/L.12"]);
    assert_eq!(found(&reader, &q("peche durable")).await, ["A/57/L.12"]);
    let r = reader
        .get(&format!("/api/v1/search?{}&language=fr", q("pêche")))
        .await;
    assert_eq!(r.json()["hits"][0]["snippet_language"], "fr");
    // Chinese has no spaces: characters in a row match as a phrase.
    assert_eq!(found(&reader, &q("气候变化")).await, ["A/57/L.12"]);
    assert!(found(&reader, &q("气变")).await.is_empty());
    // Title words, and words that must all be present.
    assert_eq!(found(&reader, &q("agricultural")).await, ["A/57/L.13"]);
    assert!(found(&reader, &q("irrigation fisheries")).await.is_empty());
    assert_eq!(found(&reader, &q("seeds")).await, ["A/57/L.13"]);
    // Query syntax the user did not mean is taken as words, never a 500.
    for odd in [
        "fisheries AND",
        "(((",
        "title:",
        "\"unclosed",
        "a:b:c [1 TO",
        "*",
    ] {
        let r = reader.get(&format!("/api/v1/search?{}", q(odd))).await;
        assert_eq!(r.status, 200, "{odd}: {}", r.text);
    }
    // A new version replaces the old text.
    upload(
        &secretariat,
        &other,
        "en",
        b"Drought-resistant crops.".to_vec(),
    )
    .await;
    hub.index().await;
    assert!(found(&reader, &q("irrigation")).await.is_empty());
    assert_eq!(found(&reader, &q("drought")).await, ["A/57/L.13"]);
}

async fn symbols_find_their_lineage_first(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    for (symbol, title) in [
        ("A/57/L.12/Rev.1", "Revised draft"),
        ("A/57/L.12", "Draft"),
        ("A/57/L.120", "Another draft"),
        ("A/C.2/57/L.12", "Committee draft"),
    ] {
        create(
            &secretariat,
            json!({"symbol": symbol, "title": title, "distribution": "general"}),
        )
        .await;
    }
    hub.index().await;
    let reader = hub.anonymous();
    let hits = found(&reader, &q("A/57/L.12")).await;
    assert_eq!(hits.first().map(String::as_str), Some("A/57/L.12"));
    assert!(hits.contains(&"A/57/L.12/Rev.1".to_string()), "{hits:?}");
    assert!(!hits.contains(&"A/57/L.120".to_string()), "{hits:?}");
    assert_eq!(
        found(&reader, &q("a/57/l.12/rev.1")).await[0],
        "A/57/L.12/Rev.1"
    );
}

async fn results_respect_distribution(b: Backend) {
    let hub = Hub::start(b).await;
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let secretariat = hub.user("secretariat", None).await;
    for (symbol, distribution, to) in [
        ("A/57/CRP.1", "restricted", vec![fra.clone()]),
        ("A/57/L.20", "limited", vec![]),
        ("A/57/1", "general", vec![]),
    ] {
        let id = create(
            &secretariat,
            json!({"symbol": symbol, "title": "Budget outline", "distribution": distribution, "restricted_to": to}),
        )
        .await;
        upload(
            &secretariat,
            &id,
            "en",
            b"Programme budget for the biennium".to_vec(),
        )
        .await;
    }
    hub.index().await;
    let french = hub.user("delegate", Some(&fra)).await;
    let kenyan = hub.user("delegate", Some(&ken)).await;
    let anon = hub.anonymous();
    for (who, client, want) in [
        (
            "named delegation",
            &french,
            vec!["A/57/1", "A/57/CRP.1", "A/57/L.20"],
        ),
        ("other delegation", &kenyan, vec!["A/57/1", "A/57/L.20"]),
        ("anonymous", &anon, vec!["A/57/1"]),
        (
            "secretariat",
            &secretariat,
            vec!["A/57/1", "A/57/CRP.1", "A/57/L.20"],
        ),
    ] {
        let r = client
            .get(&format!("/api/v1/search?{}", q("biennium")))
            .await;
        let body = r.json();
        let mut got: Vec<_> = body["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| {
                h["document"]["symbol"]
                    .as_str()
                    .expect("symbol")
                    .to_string()
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "{who}");
        assert_eq!(
            body["total"],
            want.len(),
            "{who}: the total counts only readable documents"
        );
    }
}

async fn filters_narrow_results(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let second = Scheduler(&manager).body("Second Committee").await;
    let third = Scheduler(&manager).body("Third Committee").await;
    let secretariat = hub.user("secretariat", None).await;
    let a = create(
        &secretariat,
        json!({"symbol": "A/C.2/57/L.1", "title": "Trade", "distribution": "general", "body_id": second}),
    )
    .await;
    upload(&secretariat, &a, "en", b"Development and trade".to_vec()).await;
    let c = create(
        &secretariat,
        json!({"symbol": "A/C.3/57/L.1", "title": "Rights", "distribution": "limited", "body_id": third}),
    )
    .await;
    upload(
        &secretariat,
        &c,
        "en",
        b"Development and human rights".to_vec(),
    )
    .await;
    upload(
        &secretariat,
        &c,
        "es",
        b"Desarrollo y derechos humanos".to_vec(),
    )
    .await;

    hub.index().await;
    let ghana = hub.delegation("GHA").await;
    let reader = hub.user("delegate", Some(&ghana)).await;
    let dev = q("development");
    let mut all = found(&reader, &dev).await;
    all.sort();
    assert_eq!(all, ["A/C.2/57/L.1", "A/C.3/57/L.1"]);
    assert_eq!(
        found(&reader, &format!("{dev}&body_id={second}")).await,
        ["A/C.2/57/L.1"]
    );
    assert_eq!(
        found(&reader, &format!("{dev}&distribution=limited")).await,
        ["A/C.3/57/L.1"]
    );
    assert_eq!(
        found(&reader, &format!("{}&language=es", q("desarrollo"))).await,
        ["A/C.3/57/L.1"]
    );
    assert!(
        found(&reader, &format!("{dev}&language=es"))
            .await
            .is_empty(),
        "text is matched in the language asked"
    );
    assert!(found(&reader, &format!("{dev}&language=zh"))
        .await
        .is_empty());
    let today = chrono::Utc::now().date_naive();
    let tomorrow = today.succ_opt().expect("tomorrow");
    assert_eq!(
        found(&reader, &format!("{dev}&from={today}&to={today}"))
            .await
            .len(),
        2
    );
    assert!(found(&reader, &format!("{dev}&from={tomorrow}"))
        .await
        .is_empty());
    // Paging: one per page, the total stays.
    let r = reader
        .get(&format!("/api/v1/search?{dev}&limit=1&offset=1"))
        .await;
    let body = r.json();
    assert_eq!(
        (
            body["total"].as_u64(),
            body["hits"].as_array().map(Vec::len)
        ),
        (Some(2), Some(1))
    );
    // A meeting's document takes the meeting's body.
    let meeting = Scheduler(&manager)
        .meeting(
            &third,
            None,
            "2030-03-02T10:00",
            "2030-03-02T13:00",
            "America/New_York",
        )
        .await;
    assert_eq!(meeting.status, 201, "{}", meeting.text);
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.3/57/L.2", "title": "Agenda item", "distribution": "general",
                   "meeting_id": meeting.json()["id"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["body_id"].as_str(), Some(third.as_str()));
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.3/57/L.3", "title": "Mismatch", "distribution": "general",
                   "meeting_id": meeting.json()["id"], "body_id": second}),
        )
        .await;
    assert_eq!(
        r.assert_problem(422, "validation_failed")["errors"][0]["field"],
        "body_id"
    );
}

async fn bad_search_input_gets_problems(b: Backend) {
    let hub = Hub::start(b).await;
    let c = hub.anonymous();
    for (query, field) in [
        ("q=", "q"),
        (&q(&"x".repeat(501)) as &str, "q"),
        ("q=a&language=de", "language"),
        ("q=a&limit=0", "limit"),
        ("q=a&limit=101", "limit"),
        ("q=a&offset=5000", "offset"),
        ("q=a&from=2026-02-02&to=2026-02-01", "to"),
    ] {
        let r = c.get(&format!("/api/v1/search?{query}")).await;
        let problem = r.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], field, "{query}");
    }
    for query in [
        "",
        "q=a&colour=red",
        "q=a&from=yesterday",
        "q=a&distribution=secret",
        "q=a&body_id=7",
    ] {
        let r = c.get(&format!("/api/v1/search?{query}")).await;
        assert_eq!(r.status, 422, "{query}: {}", r.text);
        assert_eq!(
            r.header("content-type"),
            Some("application/problem+json"),
            "{query}"
        );
    }
}

async fn another_node_and_a_rebuild_index_the_same_documents(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(
        &secretariat,
        json!({"symbol": "A/57/L.30", "title": "Water", "distribution": "general"}),
    )
    .await;
    upload(
        &secretariat,
        &id,
        "ru",
        "Водные ресурсы и санитария".as_bytes().to_vec(),
    )
    .await;
    hub.index().await;
    let reader = hub.anonymous();
    assert_eq!(found(&reader, &q("санитария")).await, ["A/57/L.30"]);

    // A second node sharing the database and archive builds its own index from the queue.
    let folder = tempfile::tempdir().expect("tempdir");
    let (other, fresh) =
        plenary_server::search::Search::open(folder.path(), hub.state.config.pdf_text.clone())
            .expect("open");
    assert!(fresh, "a new index asks for a rebuild");
    let indexed = other
        .sync(&hub.state.db, &hub.state.objects)
        .await
        .expect("sync");
    assert_eq!(indexed, 1);
    let request = plenary_server::search::SearchRequest {
        q: "водные".into(),
        limit: 10,
        ..Default::default()
    };
    let reader_role = plenary_server::search::Reader::Anonymous;
    let (total, hits) = other
        .search(request.clone(), reader_role)
        .await
        .expect("search");
    assert_eq!((total, hits[0].id.to_string()), (1, id.clone()));
    // Nothing new: nothing indexed twice.
    assert_eq!(
        other
            .sync(&hub.state.db, &hub.state.objects)
            .await
            .expect("sync"),
        0
    );
    // Withdrawn on the first node: the second node's next pass sees it.
    let r = secretariat
        .post(&format!("/api/v1/documents/{id}/withdraw"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        other
            .sync(&hub.state.db, &hub.state.objects)
            .await
            .expect("sync"),
        1
    );
    drop(other);

    // A rebuild from SQL and the archive gives the same answers; a reopened index keeps them.
    let (other, fresh) =
        plenary_server::search::Search::open(folder.path(), hub.state.config.pdf_text.clone())
            .expect("reopen");
    assert!(!fresh, "an index with a cursor is kept");
    let (total, _) = other
        .search(request.clone(), reader_role)
        .await
        .expect("search");
    assert_eq!(total, 1);
    assert_eq!(
        other
            .rebuild(&hub.state.db, &hub.state.objects)
            .await
            .expect("rebuild"),
        1
    );
    let (total, _) = other.search(request, reader_role).await.expect("search");
    assert_eq!(total, 1);
    hub.index().await;
    let hits = reader
        .get(&format!("/api/v1/search?{}", q("water")))
        .await
        .json();
    assert_eq!(
        hits["hits"][0]["document"]["withdrawn"], true,
        "withdrawn documents stay findable and say so"
    );
}

async fn readers_who_have_not_signed_in_get_a_search_budget_per_network(b: Backend) {
    let hub = Hub::start_with(
        b,
        &[
            ("PLENARY_ANONYMOUS_SEARCH_PER_MINUTE", "3"),
            ("PLENARY_TRUSTED_PROXIES", "127.0.0.1"),
        ],
    )
    .await;
    let anon = hub.anonymous();
    let from = |client: &str| vec![("x-forwarded-for", client.to_string())];
    let search = |headers: Vec<(&'static str, String)>| {
        let anon = anon.clone();
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            anon.raw_with(
                Method::GET,
                "/api/v1/search?q=water",
                None,
                Vec::new(),
                &headers,
            )
            .await
        }
    };
    for _ in 0..3 {
        assert_eq!(search(from("198.51.100.7")).await.status, 200);
    }
    let refused = search(from("198.51.100.7")).await;
    refused.assert_problem(429, "rate_limited");
    let wait: u64 = refused
        .header("retry-after")
        .and_then(|s| s.parse().ok())
        .expect("Retry-After");
    assert!((1..=20).contains(&wait), "retry in {wait} s");
    // The library page spends the same budget.
    let page = anon
        .raw_with(
            Method::GET,
            "/documents?q=water",
            None,
            Vec::new(),
            &[("x-forwarded-for", "198.51.100.7")],
        )
        .await;
    assert_eq!(page.status, 429, "{}", page.text);
    // Another client behind the same proxy has its own budget.
    assert_eq!(search(from("198.51.100.8")).await.status, 200);
    // An IPv6 client counts by its /64: hopping addresses within it does not help.
    for host in 1..=3 {
        let r = search(from(&format!("2001:db8:7:7::{host}"))).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    assert_eq!(search(from("2001:db8:7:7::99")).await.status, 429);
    // A signed-in reader is known and not throttled.
    let fra = hub.delegation("FRA").await;
    let delegate = hub.user("delegate", Some(&fra)).await;
    for _ in 0..5 {
        let r = delegate
            .raw_with(
                Method::GET,
                "/api/v1/search?q=water",
                None,
                Vec::new(),
                &[("x-forwarded-for", "198.51.100.7")],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
}

/// The document list reads its documents' access lists and files in one
/// query each, not one per document (counted by PostgreSQL's own statistics).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_list_reads_files_in_one_query_however_many_documents() {
    let hub = Hub::start(Backend::Postgres).await;
    let secretariat = hub.user("secretariat", None).await;
    for n in 1..=25 {
        let id = create(
            &secretariat,
            json!({"symbol": format!("A/57/{n}"), "title": "Item", "distribution": "general"}),
        )
        .await;
        upload(&secretariat, &id, "en", b"text".to_vec()).await;
    }
    hub.index().await;
    let db = &hub.state.db;
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(db)
        .await
        .expect("pg_stat_statements (infra/services.sh preloads it)");
    let file_queries = || async {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(calls), 0) AS BIGINT) AS n FROM pg_stat_statements \
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
             AND query LIKE '%FROM document_files%'",
        )
        .fetch_one(db)
        .await
        .expect("statement statistics");
        sqlx::Row::try_get::<i64, _>(&row, "n").expect("n")
    };
    let before = file_queries().await;
    let r = hub.anonymous().get("/api/v1/documents").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let listed = r.json().as_array().expect("list").len();
    assert_eq!(listed, 25);
    let queries = file_queries().await - before;
    assert!(
        (1..=2).contains(&queries),
        "{queries} queries read the files of {listed} documents"
    );
}

async fn a_pdf_that_inflates_past_the_readers_memory_is_indexed_without_text_once(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_PDF_TEXT_MEMORY_MB", "128")]).await;
    let secretariat = hub.user("secretariat", None).await;
    let good = create(
        &secretariat,
        json!({"symbol": "A/57/L.40", "title": "Oceans", "distribution": "general"}),
    )
    .await;
    upload(&secretariat, &good, "en", text_pdf("plankton blooms")).await;
    let bomb = create(
        &secretariat,
        json!({"symbol": "A/57/L.41", "title": "Seabed", "distribution": "general"}),
    )
    .await;
    // About a megabyte that inflates to 2 GiB.
    upload(&secretariat, &bomb, "en", plenary_tests::bomb_pdf(2048)).await;
    hub.index().await;
    // The hub is up, the good file's text is found, the bomb by its symbol and title.
    assert_eq!(found(&secretariat, &q("plankton")).await, ["A/57/L.40"]);
    assert_eq!(found(&secretariat, &q("Seabed")).await, ["A/57/L.41"]);
    assert_eq!(hub.count("pdf_text_failures").await, 1);
    let row = sqlx::query("SELECT reason FROM pdf_text_failures")
        .fetch_one(&hub.state.db)
        .await
        .expect("failure");
    let reason: String = sqlx::Row::try_get(&row, "reason").expect("reason");
    assert!(reason.contains("stopped"), "{reason}");
    // A rebuild reads the good file again and leaves the bomb alone.
    let reads = hub.state.search.pdf_reads();
    hub.state
        .search
        .rebuild(&hub.state.db, &hub.state.objects)
        .await
        .expect("rebuild");
    assert_eq!(hub.state.search.pdf_reads(), reads + 1);
    // Nor does the next sync read again what the rebuild read.
    hub.index().await;
    assert_eq!(hub.state.search.pdf_reads(), reads + 1);
    assert_eq!(found(&secretariat, &q("plankton")).await, ["A/57/L.40"]);
    assert_eq!(found(&secretariat, &q("Seabed")).await, ["A/57/L.41"]);
}
