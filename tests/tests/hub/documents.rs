//! Official documents over real HTTP: SQLite with a local folder, and
//! PostgreSQL with a real Garage.

use plenary_tests::{Backend, Client, Hub, Scheduler};
use reqwest::Method;
use serde_json::json;

plenary_tests::on_both_backends!(
    the_secretariat_issues_language_versions_and_readers_download_them,
    symbols_roles_and_bad_input_are_checked,
    distribution_decides_who_reads,
    markup_is_never_served_inline_and_size_is_limited,
    the_archive_verifier_reports_missing_and_altered_objects,
    a_download_is_the_newest_version_in_the_first_language_there_is,
    every_file_has_its_own_url_and_is_cached_as_its_readers_allow,
    a_document_links_what_it_revises_and_what_revises_it,
    small_files_are_served_from_memory_within_its_bound,
    the_atom_feed_has_what_the_reader_may_read_newest_first,
);

async fn a_download_is_the_newest_version_in_the_first_language_there_is(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(&secretariat, "A/57/L.13", "general", vec![]).await;
    let anon = hub.anonymous();
    let get = |lang: &'static str| {
        let (anon, url) = (&anon, &hub.url);
        let id = &id;
        async move {
            let r = anon
                .http
                .get(format!("{url}/api/v1/documents/{id}/files/{lang}"))
                .send()
                .await
                .expect("download");
            assert_eq!(r.status(), 200, "{lang}");
            let language = r.headers()["content-language"]
                .to_str()
                .expect("ascii")
                .to_string();
            (language, r.bytes().await.expect("body").to_vec())
        }
    };
    let (ar1, ar2, es1, en1) = (pdf(100), pdf(200), pdf(300), pdf(400));
    assert_eq!(
        upload(&secretariat, &id, "ar", ar1.clone()).await.status,
        201
    );
    assert_eq!(get("ru").await, ("ar".to_string(), ar1));
    // Russian falls back to English, French, then the six in their order:
    // Arabic comes before Spanish, and its newest version is the one sent.
    assert_eq!(
        upload(&secretariat, &id, "es", es1.clone()).await.status,
        201
    );
    assert_eq!(
        upload(&secretariat, &id, "ar", ar2.clone()).await.status,
        201
    );
    assert_eq!(get("ru").await, ("ar".to_string(), ar2.clone()));
    assert_eq!(get("ar").await, ("ar".to_string(), ar2));
    assert_eq!(get("es").await, ("es".to_string(), es1));
    assert_eq!(
        upload(&secretariat, &id, "en", en1.clone()).await.status,
        201
    );
    assert_eq!(get("ru").await, ("en".to_string(), en1));
}

async fn the_archive_verifier_reports_missing_and_altered_objects(b: Backend) {
    use object_store::ObjectStoreExt;
    use plenary_server::objects::Verdict;
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(&secretariat, "A/57/L.12", "general", vec![]).await;
    for lang in ["en", "fr", "es"] {
        assert_eq!(upload(&secretariat, &id, lang, pdf(5000)).await.status, 201);
    }
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert_eq!((report.checked, report.findings.len()), (3, 0));

    // Behind the hub's back: one object altered, one deleted (in Garage, on the real-services run).
    let mut keys = Vec::new();
    for lang in ["fr", "es"] {
        keys.push(
            hub.state
                .objects
                .list(&format!("documents/{id}/{lang}"))
                .await
                .expect("list")
                .remove(0),
        );
    }
    let (fr, es) = (keys[0].clone(), keys[1].clone());
    let raw = hub.state.objects.raw();
    raw.put(
        &object_store::path::Path::from(fr.as_str()),
        bytes::Bytes::from(pdf(5001)).into(),
    )
    .await
    .expect("alter");
    raw.delete(&object_store::path::Path::from(es.as_str()))
        .await
        .expect("delete");
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert_eq!(report.checked, 3);
    let mut found: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.key.clone(), matches!(f.verdict, Verdict::Missing)))
        .collect();
    found.sort();
    let mut want = vec![(fr, false), (es, true)];
    want.sort();
    assert_eq!(found, want);
    assert!(report
        .findings
        .iter()
        .all(|f| f.what.starts_with("A/57/L.12 (")));
}

fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..len).map(|i| (i * 31 % 251) as u8));
    bytes
}

async fn create(
    client: &Client,
    symbol: &str,
    distribution: &str,
    restricted_to: Vec<String>,
) -> String {
    let r = client
        .post("/api/v1/documents", json!({"symbol": symbol, "title": "Draft resolution", "distribution": distribution, "restricted_to": restricted_to}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json()["id"].as_str().expect("id").to_string()
}

async fn upload(client: &Client, id: &str, lang: &str, bytes: Vec<u8>) -> plenary_tests::Resp {
    client
        .raw(
            Method::PUT,
            &format!("/api/v1/documents/{id}/files/{lang}?filename=A_57_L.12.pdf"),
            Some("application/pdf"),
            bytes,
        )
        .await
}

async fn the_secretariat_issues_language_versions_and_readers_download_them(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(&secretariat, "A/57/L.12", "general", vec![]).await;
    let english = pdf(3 << 20);
    let r = upload(&secretariat, &id, "en", english.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let doc = r.json();
    let en = doc["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["language"] == "en")
        .expect("en")
        .clone();
    assert_eq!(en["status"], "issued");
    assert_eq!(en["current"]["size"], english.len() as u64);
    assert_eq!(en["current"]["content_type"], "application/pdf");
    let awaiting = doc["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .filter(|v| v["status"] == "awaiting_translation")
        .count();
    assert_eq!(awaiting, 5);

    let anon = hub.anonymous();
    let r = anon
        .http
        .get(format!("{}/api/v1/documents/{id}/files/en", hub.url))
        .send()
        .await
        .expect("download");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["content-language"], "en");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .contains("A_57_L.12.pdf"));
    assert_eq!(r.bytes().await.expect("body").to_vec(), english);

    // French is not issued yet: English is sent and said so.
    let r = anon
        .http
        .get(format!("{}/api/v1/documents/{id}/files/fr", hub.url))
        .send()
        .await
        .expect("download");
    assert_eq!(r.headers()["content-language"], "en");

    // Ranges.
    let r = anon
        .http
        .get(format!("{}/api/v1/documents/{id}/files/en", hub.url))
        .header("range", "bytes=100-199")
        .send()
        .await
        .expect("range");
    assert_eq!(r.status(), 206);
    assert_eq!(
        r.headers()["content-range"],
        format!("bytes 100-199/{}", english.len())
    );
    assert_eq!(r.bytes().await.expect("body").to_vec(), &english[100..200]);
    let r = anon
        .http
        .get(format!("{}/api/v1/documents/{id}/files/en", hub.url))
        .header("range", format!("bytes={}-", english.len() + 10))
        .send()
        .await
        .expect("range");
    assert_eq!(r.status(), 416);
    assert_eq!(
        r.headers()["content-range"],
        format!("bytes */{}", english.len())
    );
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    // A new English file is a new object; the first stays readable in history.
    let revised = pdf(1000);
    let doc = upload(&secretariat, &id, "en", revised.clone())
        .await
        .json();
    let en = doc["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["language"] == "en")
        .expect("en")
        .clone();
    assert_eq!(en["current"]["size"], revised.len() as u64);
    assert_eq!(en["history"].as_array().map(Vec::len), Some(1));
    let keys = hub
        .state
        .objects
        .list(&format!("documents/{id}"))
        .await
        .expect("list");
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(hub.count("document_files").await, 2);

    // Withdrawn: still readable with its history, closed to new files.
    let r = secretariat
        .post(&format!("/api/v1/documents/{id}/withdraw"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["withdrawn"], true);
    let en = r.json()["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["language"] == "en")
        .expect("en")
        .clone();
    assert_eq!(en["history"].as_array().map(Vec::len), Some(1));
    let r = anon
        .http
        .get(format!("{}/api/v1/documents/{id}/files/en", hub.url))
        .send()
        .await
        .expect("download");
    assert_eq!(r.bytes().await.expect("body").to_vec(), revised);
    upload(&secretariat, &id, "en", pdf(10))
        .await
        .assert_problem(409, "invalid_state");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_storage_down_an_upload_fails_cleanly_and_succeeds_once_it_is_back() {
    let garage = plenary_tests::OwnGarage::start();
    let hub = Hub::start_with(
        Backend::Postgres,
        &[("PLENARY_S3_ENDPOINT", garage.endpoint.as_str())],
    )
    .await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(&secretariat, "A/57/L.30", "general", vec![]).await;
    let file = pdf(200_000);

    garage.stop();
    upload(&secretariat, &id, "en", file.clone())
        .await
        .assert_problem(503, "unavailable");
    assert_eq!(hub.count("document_files").await, 0, "no half-written row");
    assert_eq!(
        hub.anonymous().get("/readyz").await.json()["objects"],
        false
    );

    garage.resume();
    let r = upload(&secretariat, &id, "en", file.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(hub.count("document_files").await, 1);
    let r = hub
        .anonymous()
        .http
        .get(format!("{}/api/v1/documents/{id}/files/en", hub.url))
        .send()
        .await
        .expect("download");
    assert_eq!(r.bytes().await.expect("body").to_vec(), file);
}

async fn symbols_roles_and_bad_input_are_checked(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    for bad in ["A/57/L.12/Rev.0", "a/57", "A//1", "A/57/<b>", ""] {
        let r = secretariat
            .post(
                "/api/v1/documents",
                json!({"symbol": bad, "title": "T", "distribution": "general"}),
            )
            .await;
        let p = r.assert_problem(422, "validation_failed");
        assert_eq!(p["errors"][0]["field"], "symbol", "{bad}");
    }
    let id = create(&secretariat, "A/C.2/57/SR.12", "general", vec![]).await;
    secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/57/SR.12", "title": "Again", "distribution": "general"}),
        )
        .await
        .assert_problem(409, "already_exists");
    let fra = hub.delegation("FRA").await;
    let delegate = hub.user("delegate", Some(&fra)).await;
    delegate
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/57/L.13", "title": "T", "distribution": "general"}),
        )
        .await
        .assert_problem(403, "forbidden");
    upload(&delegate, &id, "en", pdf(10))
        .await
        .assert_problem(403, "forbidden");
    upload(&hub.anonymous(), &id, "en", pdf(10))
        .await
        .assert_problem(401, "unauthenticated");
    upload(&secretariat, &id, "de", pdf(10))
        .await
        .assert_problem(404, "not_found");
    secretariat
        .raw(
            Method::PUT,
            &format!("/api/v1/documents/{id}/files/en?filename=a/b.pdf"),
            None,
            pdf(10),
        )
        .await
        .assert_problem(422, "validation_failed");
    upload(&secretariat, &id, "en", Vec::new())
        .await
        .assert_problem(422, "validation_failed");
    let r = secretariat
        .http
        .put(format!(
            "{}/api/v1/documents/{id}/files/en?filename=a.pdf",
            hub.url
        ))
        .header("cookie", secretariat.cookie.clone().expect("cookie"))
        .header("x-csrf-token", secretariat.csrf.clone().expect("csrf"))
        .header("x-content-sha256", "0".repeat(64))
        .body(pdf(10))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 422);
    for name in ["..%2F..%2Fetc%2Fpasswd", "a%0Ab.pdf", "%00.pdf"] {
        secretariat
            .raw(
                Method::PUT,
                &format!("/api/v1/documents/{id}/files/en?filename={name}"),
                None,
                pdf(10),
            )
            .await
            .assert_problem(422, "validation_failed");
    }
    assert_eq!(hub.count("documents").await, 1);
    assert_eq!(hub.count("document_files").await, 0);
    assert!(hub
        .state
        .objects
        .list(&format!("documents/{id}"))
        .await
        .expect("list")
        .is_empty());
}

async fn distribution_decides_who_reads(b: Backend) {
    let hub = Hub::start(b).await;
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let secretariat = hub.user("secretariat", None).await;
    let restricted = create(&secretariat, "A/57/CRP.1", "restricted", vec![fra.clone()]).await;
    let limited = create(&secretariat, "A/57/L.20", "limited", vec![]).await;
    let general = create(&secretariat, "A/57/1", "general", vec![]).await;
    let french = hub.user("delegate", Some(&fra)).await;
    let kenyan = hub.user("delegate", Some(&ken)).await;
    let anon = hub.anonymous();
    for (who, client, sees) in [
        ("invited", &french, [true, true, true]),
        ("other delegation", &kenyan, [false, true, true]),
        ("anonymous", &anon, [false, false, true]),
        ("secretariat", &secretariat, [true, true, true]),
    ] {
        for (doc, visible) in [&restricted, &limited, &general].into_iter().zip(sees) {
            let r = client.get(&format!("/api/v1/documents/{doc}")).await;
            assert_eq!(r.status, if visible { 200 } else { 404 }, "{who} {doc}");
        }
        let listed = client
            .get("/api/v1/documents")
            .await
            .json()
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(listed, sees.iter().filter(|s| **s).count(), "{who} list");
    }
}

async fn markup_is_never_served_inline_and_size_is_limited(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_MAX_UPLOAD_BYTES", "65536")]).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(&secretariat, "A/57/INF.1", "general", vec![]).await;
    for (lang, body) in [
        ("en", "<!DOCTYPE html><script>alert(1)</script>"),
        ("fr", "<svg onload=alert(1)></svg>"),
    ] {
        let r = upload(&secretariat, &id, lang, body.as_bytes().to_vec()).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let r = hub
            .anonymous()
            .http
            .get(format!("{}/api/v1/documents/{id}/files/{lang}", hub.url))
            .send()
            .await
            .expect("get");
        assert_eq!(
            r.headers()["content-type"],
            "application/octet-stream",
            "{lang}"
        );
        assert!(r.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment"));
        assert!(r.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .contains("sandbox"));
    }
    let files = hub.count("document_files").await;
    // Announced too large: refused before reading. Streamed too large: cut off, nothing kept.
    upload(&secretariat, &id, "es", pdf(100_000))
        .await
        .assert_problem(413, "payload_too_large");
    let stream = futures_stream(pdf(100_000));
    let r = secretariat
        .http
        .put(format!(
            "{}/api/v1/documents/{id}/files/es?filename=x.pdf",
            hub.url
        ))
        .header("cookie", secretariat.cookie.clone().expect("cookie"))
        .header("x-csrf-token", secretariat.csrf.clone().expect("csrf"))
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await;
    // The hub answers 413 as soon as the limit is passed and stops reading, so
    // the client may see the answer or only the connection closing mid-body.
    if let Ok(r) = r {
        assert_eq!(r.status(), 413);
    }
    assert_eq!(hub.count("document_files").await, files);
    let keys = hub
        .state
        .objects
        .list(&format!("documents/{id}/es"))
        .await
        .expect("list");
    assert!(keys.is_empty(), "{keys:?}");
}

/// A body without Content-Length, sent in chunks.
fn futures_stream(
    bytes: Vec<u8>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let chunks: Vec<_> = bytes.chunks(8192).map(|c| Ok(c.to_vec())).collect();
    futures_util::stream::iter(chunks)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The English version's current file id and its history's ids, newest first.
fn english_files(document: &serde_json::Value) -> (String, Vec<String>) {
    let en = document["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["language"] == "en")
        .expect("en");
    let id = |f: &serde_json::Value| f["id"].as_str().expect("id").to_string();
    (
        id(&en["current"]),
        en["history"]
            .as_array()
            .expect("history")
            .iter()
            .map(id)
            .collect(),
    )
}

async fn every_file_has_its_own_url_and_is_cached_as_its_readers_allow(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let id = create(&secretariat, "A/57/L.14", "general", vec![]).await;
    let (first, second) = (pdf(5000), pdf(7000));
    assert_eq!(
        upload(&secretariat, &id, "en", first.clone()).await.status,
        201
    );
    let document = upload(&secretariat, &id, "en", second.clone()).await.json();
    let (current, history) = english_files(&document);
    assert_eq!(history.len(), 1);
    let anon = hub.anonymous();
    let get = |path: String, headers: Vec<(&'static str, String)>| {
        let anon = anon.clone();
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            anon.raw_with(Method::GET, &path, None, Vec::new(), &headers)
                .await
        }
    };
    let newest = format!("/api/v1/documents/{id}/files/en");
    let etag = format!("\"{}\"", sha256_hex(&second));

    // The newest file: its hash as the ETag; kept, but asked about each time.
    let r = get(newest.clone(), vec![]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    assert_eq!(r.header("cache-control"), Some("public, no-cache"));
    for (asked, status) in [
        (etag.clone(), 304),
        (format!("W/{etag}"), 304),
        (format!("\"something else\", {etag}"), 304),
        ("*".to_string(), 304),
        (format!("\"{}\"", sha256_hex(&first)), 200),
    ] {
        let r = get(newest.clone(), vec![("if-none-match", asked.clone())]).await;
        assert_eq!(r.status, status, "If-None-Match: {asked}");
        if status == 304 {
            assert!(r.text.is_empty());
            assert_eq!(r.header("etag"), Some(etag.as_str()));
            assert_eq!(r.header("cache-control"), Some("public, no-cache"));
        }
    }

    // The earlier file, byte for byte, at a URL that names it for good.
    let earlier = format!("/api/v1/documents/{id}/files/en/{}", history[0]);
    let r = anon.download(&earlier, &[]).await;
    assert_eq!(r.0, 200);
    assert_eq!(r.2, first, "the earlier file, byte-identical");
    let r = get(earlier.clone(), vec![]).await;
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        r.header("etag").map(str::to_string),
        Some(format!("\"{}\"", sha256_hex(&first)))
    );
    // A range of it, while it is what the reader has; else the whole file.
    let first_tag = format!("\"{}\"", sha256_hex(&first));
    let r = get(
        earlier.clone(),
        vec![("range", "bytes=0-99".into()), ("if-range", first_tag)],
    )
    .await;
    assert_eq!(r.status, 206);
    let r = get(
        earlier.clone(),
        vec![("range", "bytes=0-99".into()), ("if-range", etag.clone())],
    )
    .await;
    assert_eq!(r.status, 200, "another file's tag: the whole file");
    let r = get(format!("/api/v1/documents/{id}/files/en/{current}"), vec![]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    // The document's page lists it under the language's history.
    let page = anon.get(&format!("/documents/{id}?lang=en")).await;
    assert_eq!(page.status, 200);
    let link = format!("/api/v1/documents/{id}/files/en/{}", history[0]);
    assert!(page.text.contains(&link), "{}", page.text);
    assert!(page.text.contains("(5 KB)"), "{}", page.text);
    // A file id only under its own document and language.
    let other = create(&secretariat, "A/57/L.15", "general", vec![]).await;
    assert_eq!(
        upload(&secretariat, &other, "fr", pdf(300)).await.status,
        201
    );
    for path in [
        format!("/api/v1/documents/{other}/files/en/{}", history[0]),
        format!("/api/v1/documents/{id}/files/fr/{}", history[0]),
        format!("/api/v1/documents/{id}/files/en/{}", uuid::Uuid::new_v4()),
        format!("/api/v1/documents/{id}/files/xx/{}", history[0]),
    ] {
        get(path.clone(), vec![])
            .await
            .assert_problem(404, "not_found");
    }

    // A restricted document: private copies only, and each file read only by
    // the delegations it is for; a 304 is no download for the audit log.
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let restricted = create(&secretariat, "A/57/CRP.9", "restricted", vec![fra.clone()]).await;
    upload(&secretariat, &restricted, "en", pdf(900)).await;
    let document = upload(&secretariat, &restricted, "en", pdf(950))
        .await
        .json();
    let (_, history) = english_files(&document);
    let earlier = format!("/api/v1/documents/{restricted}/files/en/{}", history[0]);
    let french = hub.user("delegate", Some(&fra)).await;
    let kenyan = hub.user("delegate", Some(&ken)).await;
    let r = french.get(&earlier).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("cache-control"),
        Some("private, max-age=31536000, immutable")
    );
    let tag = r.header("etag").expect("etag").to_string();
    kenyan.get(&earlier).await.assert_problem(404, "not_found");
    hub.anonymous()
        .get(&earlier)
        .await
        .assert_problem(404, "not_found");
    let r = french
        .get(&format!("/api/v1/documents/{restricted}/files/en"))
        .await;
    assert_eq!(r.header("cache-control"), Some("private, no-cache"));
    let audited = hub.audited("action=restricted_download", 2).await.len();
    let r = french
        .raw_with(
            Method::GET,
            &earlier,
            None,
            Vec::new(),
            &[("if-none-match", tag.as_str())],
        )
        .await;
    assert_eq!(r.status, 304);
    // Nothing new in the log (the two entries are the two full reads).
    assert_eq!(
        hub.audited("action=restricted_download", 2).await.len(),
        audited
    );
    assert_eq!(audited, 2);
}

async fn a_document_links_what_it_revises_and_what_revises_it(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let fra = hub.delegation("FRA").await;
    let original = create(&secretariat, "A/57/L.20", "general", vec![]).await;
    let rev1 = create(&secretariat, "A/57/L.20/Rev.1", "general", vec![]).await;
    let rev2 = create(&secretariat, "A/57/L.20/Rev.2", "general", vec![]).await;
    let add1 = create(
        &secretariat,
        "A/57/L.20/Add.1",
        "restricted",
        vec![fra.clone()],
    )
    .await;
    let corr = create(&secretariat, "A/57/L.20/Rev.1/Corr.1", "general", vec![]).await;
    // Symbols that only look alike are not its lineage.
    let other = create(&secretariat, "A/57/L.200", "general", vec![]).await;
    create(&secretariat, "A/57/L.2", "general", vec![]).await;

    let lineage = |client: Client, id: String| async move {
        let r = client.get(&format!("/api/v1/documents/{id}/lineage")).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()
    };
    let steps = |v: &serde_json::Value| -> Vec<(String, String, u64)> {
        v["children"]
            .as_array()
            .expect("children")
            .iter()
            .map(|c| {
                (
                    c["symbol"].as_str().expect("symbol").to_string(),
                    c["relation"].as_str().expect("relation").to_string(),
                    c["number"].as_u64().expect("number"),
                )
            })
            .collect()
    };
    let anon = hub.anonymous();
    let seen = lineage(anon.clone(), original.clone()).await;
    assert_eq!(seen["parent"], serde_json::Value::Null);
    assert_eq!(
        steps(&seen),
        [
            ("A/57/L.20/Rev.1".into(), "revision".into(), 1),
            ("A/57/L.20/Rev.2".into(), "revision".into(), 2),
        ],
        "the restricted addendum is not the public's"
    );
    let french = hub.user("delegate", Some(&fra)).await;
    let seen = lineage(french.clone(), original.clone()).await;
    assert_eq!(
        steps(&seen)[0],
        ("A/57/L.20/Add.1".into(), "addendum".into(), 1)
    );
    assert_eq!(steps(&seen).len(), 3);
    let seen = lineage(anon.clone(), rev1.clone()).await;
    assert_eq!(seen["parent"]["id"], original.as_str());
    assert_eq!(seen["parent"]["relation"], "revision");
    assert_eq!(seen["parent"]["number"], 1);
    assert_eq!(
        steps(&seen),
        [("A/57/L.20/Rev.1/Corr.1".into(), "corrigendum".into(), 1)]
    );
    let seen = lineage(anon.clone(), corr.clone()).await;
    assert_eq!(seen["parent"]["id"], rev1.as_str());
    let seen = lineage(anon.clone(), other).await;
    assert_eq!(seen, json!({"parent": null, "children": []}));
    anon.get(&format!("/api/v1/documents/{add1}/lineage"))
        .await
        .assert_problem(404, "not_found");
    let seen = lineage(french, add1).await;
    assert_eq!(seen["parent"]["id"], original.as_str());

    // The page links both ways, in the reader's language.
    let page = anon.get(&format!("/documents/{rev1}?lang=fr")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Documents liés"), "{}", page.text);
    assert!(page.text.contains("Révision de"), "{}", page.text);
    assert!(page
        .text
        .contains(&format!("/documents/{original}?lang=fr")));
    assert!(page.text.contains(&format!("/documents/{corr}?lang=fr")));
    assert!(page.text.contains("Rectificatif"));
    let page = anon.get(&format!("/documents/{rev2}?lang=en")).await;
    assert!(page.text.contains("Revision of"), "{}", page.text);
    assert!(!page.text.contains(&rev1), "a sibling is not its lineage");
}

async fn small_files_are_served_from_memory_within_its_bound(b: Backend) {
    let token = "a-metrics-token-long-enough-for-the-hub-0123";
    let bound = 256 << 10;
    let hub = Hub::start_with(
        b,
        &[
            ("PLENARY_FILE_CACHE_BYTES", &bound.to_string()),
            ("PLENARY_METRICS_TOKEN", token),
        ],
    )
    .await;
    let secretariat = hub.user("secretariat", None).await;
    // Forty distinct files of 20 KB: three times the bound.
    let mut files = Vec::new();
    for d in 0..8 {
        let id = create(
            &secretariat,
            &format!("A/57/L.{}", 30 + d),
            "general",
            vec![],
        )
        .await;
        for (i, lang) in ["ar", "zh", "en", "fr", "ru"].into_iter().enumerate() {
            let mut bytes = pdf(20_000);
            bytes.extend(format!("{d}-{i}").as_bytes());
            assert_eq!(
                upload(&secretariat, &id, lang, bytes.clone()).await.status,
                201
            );
            files.push((format!("/api/v1/documents/{id}/files/{lang}"), bytes));
        }
    }
    // A large one is streamed from the archive as before.
    let large = create(&secretariat, "A/57/L.99", "general", vec![]).await;
    let big = pdf(200_000);
    upload(&secretariat, &large, "en", big.clone()).await;
    files.push((format!("/api/v1/documents/{large}/files/en"), big));
    let anon = hub.anonymous();
    for _ in 0..2 {
        for (path, bytes) in &files {
            let (status, _, body) = anon.download(path, &[]).await;
            assert_eq!(status, 200);
            assert!(&body == bytes, "{path}: the bytes uploaded");
            let (status, headers, body) = anon.download(path, &[("range", "bytes=100-199")]).await;
            assert_eq!(status, 206);
            assert_eq!(body, bytes[100..200], "{path}: the range");
            assert_eq!(
                headers["content-range"],
                format!("bytes 100-199/{}", bytes.len())
            );
        }
    }
    let value = |name: &'static str| {
        let anon = anon.clone();
        async move {
            let metrics = anon
                .raw_with(
                    Method::GET,
                    "/metrics",
                    None,
                    Vec::new(),
                    &[("authorization", &format!("Bearer {token}"))],
                )
                .await
                .text;
            metrics
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or_else(|| panic!("{name} in {metrics}"))
        }
    };
    let held = value("plenary_file_cache_bytes ").await;
    assert!(held > 0.0 && held <= f64::from(bound), "held {held}");
    assert!(value("plenary_file_cache_reads_total{outcome=\"hit\"}").await > 0.0);
    let misses = value("plenary_file_cache_reads_total{outcome=\"miss\"}").await;
    assert!(misses >= 40.0);

    // Issued, and thirty readers at once: one of them reads it from the
    // archive, the others wait for that read.
    let issued = create(&secretariat, "A/57/L.98", "general", vec![]).await;
    let bytes = pdf(30_000);
    upload(&secretariat, &issued, "fr", bytes.clone()).await;
    let path = format!("/api/v1/documents/{issued}/files/fr");
    let readers = (0..30).map(|_| anon.download(&path, &[]));
    for (status, _, body) in futures_util::future::join_all(readers).await {
        assert_eq!(status, 200);
        assert!(body == bytes, "the bytes uploaded");
    }
    assert_eq!(
        value("plenary_file_cache_reads_total{outcome=\"miss\"}").await,
        misses + 1.0,
        "one read of the archive for thirty readers"
    );
}

async fn the_atom_feed_has_what_the_reader_may_read_newest_first(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let secretariat = hub.user("secretariat", None).await;
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/57/L.1", "title": "Trade & development <draft>",
                   "body_id": body, "distribution": "general"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let second = r.json()["id"].as_str().expect("id").to_string();
    let meeting = Scheduler(&manager)
        .meeting(
            &body,
            None,
            "2030-10-01T10:00",
            "2030-10-01T13:00",
            "America/New_York",
        )
        .await
        .json()["id"]
        .as_str()
        .expect("meeting")
        .to_string();
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.3/57/L.1", "title": "Social development",
                   "meeting_id": meeting, "agenda_position": 0, "distribution": "general"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let third = r.json()["id"].as_str().expect("id").to_string();
    let restricted = create(&secretariat, "A/57/CRP.9", "restricted", vec![fra.clone()]).await;
    let unissued = create(&secretariat, "A/57/L.40", "general", vec![]).await;
    let withdrawn = create(&secretariat, "A/57/L.41", "general", vec![]).await;
    for (id, langs) in [
        (&withdrawn, &["en"][..]),
        (&second, &["en", "fr"][..]),
        (&restricted, &["en"][..]),
        (&third, &["ar"][..]),
    ] {
        for lang in langs {
            assert_eq!(upload(&secretariat, id, lang, pdf(2000)).await.status, 201);
        }
        // Issue times a second apart: the order is the feed's.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    let r = secretariat
        .post(
            &format!("/api/v1/documents/{withdrawn}/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let read = |client: Client, query: &str| {
        let path = format!("/api/v1/feeds/documents{query}");
        async move {
            let r = client.get(&path).await;
            assert_eq!(r.status, 200, "{}", r.text);
            assert_eq!(
                r.header("content-type"),
                Some("application/atom+xml; charset=utf-8")
            );
            feed_rs::parser::parse(r.text.as_bytes()).expect("an Atom feed")
        }
    };
    let ids = |feed: &feed_rs::model::Feed| -> Vec<String> {
        feed.entries
            .iter()
            .map(|e| e.id.trim_start_matches("urn:uuid:").to_string())
            .collect()
    };
    let anon = hub.anonymous();
    let feed = read(anon.clone(), "?lang=fr").await;
    assert_eq!(feed.language.as_deref(), Some("fr"));
    assert_eq!(
        ids(&feed),
        [third.clone(), second.clone()],
        "newest first, general only"
    );
    assert!(!ids(&feed).contains(&unissued) && !ids(&feed).contains(&withdrawn));
    let entry = &feed.entries[1];
    assert_eq!(
        entry.title.as_ref().map(|t| t.content.as_str()),
        Some("A/C.2/57/L.1 — Trade & development <draft>")
    );
    let alternate = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("alternate"))
        .expect("the page");
    assert!(alternate
        .href
        .ends_with(&format!("/documents/{second}?lang=fr")));
    let files: Vec<(Option<&str>, Option<u64>)> = entry
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("enclosure"))
        .map(|l| (l.href_lang.as_deref(), l.length))
        .collect();
    assert_eq!(files, [(Some("en"), Some(2009)), (Some("fr"), Some(2009))]);
    // Each file's link downloads it.
    let href = &entry
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("enclosure"))
        .expect("file")
        .href;
    let path = &href[href.find("/api/").expect("a hub path")..];
    assert_eq!(anon.download(path, &[]).await.0, 200);

    // Narrowed by body, meeting-less prefix, or the delegation's own.
    let feed = read(anon.clone(), "?prefix=A/C.2/").await;
    assert_eq!(ids(&feed), [second.as_str()]);
    let by_meeting = format!("?meeting={meeting}");
    assert_eq!(
        ids(&read(anon.clone(), &by_meeting).await),
        [third.as_str()]
    );
    let by_body = format!("?body={body}");
    // A meeting's document takes the meeting's body.
    assert_eq!(
        ids(&read(anon.clone(), &by_body).await),
        [third.clone(), second.clone()]
    );
    let french = hub.user("delegate", Some(&fra)).await;
    let feed = read(french.clone(), "").await;
    assert_eq!(
        ids(&feed),
        [third.clone(), restricted.clone(), second.clone()]
    );
    assert_eq!(
        ids(&read(french, "?restricted_to_us=true").await),
        [restricted.as_str()]
    );
    let kenyan = hub.user("delegate", Some(&ken)).await;
    assert!(read(kenyan.clone(), "?restricted_to_us=true")
        .await
        .entries
        .is_empty());
    assert!(!ids(&read(kenyan, "").await).contains(&restricted));
    let r = anon
        .get("/api/v1/feeds/documents?restricted_to_us=true")
        .await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "restricted_to_us");
    anon.get("/api/v1/feeds/documents?surprise=1")
        .await
        .assert_problem(422, "validation_failed");

    // A personal feed: a feed reader without a session reads what its
    // owner may, through a token of its own; a replaced, revoked or
    // made-up token reads nothing.
    let personal = |client: &Client| {
        let client = client.clone();
        async move {
            let r = client
                .post("/api/v1/session/documents-feed", json!({}))
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
            let url = r.json()["url"].as_str().expect("url").to_string();
            assert!(url.ends_with("/documents.atom"), "{url}");
            url[url.find("/api/").expect("a hub path")..].to_string()
        }
    };
    let reader = hub.user("delegate", Some(&fra)).await;
    let path = personal(&reader).await;
    let feed = {
        let r = anon.get(&path).await;
        assert_eq!(r.status, 200, "{}", r.text);
        feed_rs::parser::parse(r.text.as_bytes()).expect("an Atom feed")
    };
    assert_eq!(
        ids(&feed),
        [third.clone(), restricted.clone(), second.clone()]
    );
    let theirs = anon
        .get(&format!("{path}?restricted_to_us=true&lang=fr"))
        .await;
    assert_eq!(theirs.status, 200, "{}", theirs.text);
    let theirs = feed_rs::parser::parse(theirs.text.as_bytes()).expect("an Atom feed");
    assert_eq!(
        (ids(&theirs), theirs.language.as_deref()),
        (vec![restricted.clone()], Some("fr"))
    );
    // Another delegation's token reads as its owner: not France's.
    let kenyan = hub.user("delegate", Some(&ken)).await;
    let kenyan_path = personal(&kenyan).await;
    let r = anon.get(&kenyan_path).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let kenyan_feed = feed_rs::parser::parse(r.text.as_bytes()).expect("an Atom feed");
    assert!(!ids(&kenyan_feed).contains(&restricted));
    // A new token replaces the old; a revoked one and a made-up one find nothing.
    let replaced = personal(&reader).await;
    assert_ne!(replaced, path);
    anon.get(&path).await.assert_problem(404, "not_found");
    assert_eq!(anon.get(&replaced).await.status, 200);
    assert_eq!(
        reader.delete("/api/v1/session/documents-feed").await.status,
        204
    );
    anon.get(&replaced).await.assert_problem(404, "not_found");
    anon.get("/api/v1/feeds/forged/documents.atom")
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        anon.get(&kenyan_path).await.status,
        200,
        "Kenya's is its own"
    );
    // Only a signed-in user makes or revokes one.
    anon.post("/api/v1/session/documents-feed", json!({}))
        .await
        .assert_problem(401, "unauthenticated");
}
