//! Minutes: drafted from a real meeting's record, revised, reviewed,
//! published once per version into object storage, corrected by corrigenda.

use plenary_protocol::signal::Event;
use plenary_tests::{fresh_code, Backend, Client, Hub, Live, OwnGarage, Resp};
use serde_json::{json, Value};
use sha2::Digest;

plenary_tests::on_both_backends!(
    a_meeting_with_three_speakers_becomes_published_minutes_and_a_corrigendum,
    markup_in_minutes_is_inert_in_html_and_pdf,
    publishing_twice_or_at_once_makes_one_version,
    roles_and_bad_input_are_checked,
    minutes_in_arabic_are_found_by_their_words,
    minutes_pdfs_in_the_six_languages_read_back_as_written,
    published_minutes_are_read_by_their_documents_rule_not_the_meetings_access,
);

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A fresh number for symbols and codes unique within this test binary.
fn next() -> usize {
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A meeting with a two-item agenda; returns (manager, meeting id).
async fn meeting(hub: &Hub, access: &str, invited: Vec<String>) -> (Client, String) {
    let manager = hub.user("conference_manager", None).await;
    let r = manager
        .post(
            "/api/v1/bodies",
            json!({"name": format!("Second Committee {}", fresh_code()), "symbol_prefix": "A/C.2"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let body = r.json()["id"].as_str().expect("id").to_string();
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "12th meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York",
                   "access": access, "invited_delegations": invited,
                   "agenda": [{"number": "17", "title": "Macroeconomic policy questions"},
                              {"number": "18", "title": "Sustainable development"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    (manager, r.json()["id"].as_str().expect("id").to_string())
}

async fn delegate(hub: &Hub, name: &str) -> Client {
    let admin = hub.admin().await;
    let r = admin
        .post(
            "/api/v1/delegations",
            json!({"code": fresh_code(), "name": name, "kind": "member_state"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let delegation = r.json()["id"].as_str().expect("id").to_string();
    hub.user("delegate", Some(&delegation)).await
}

async fn join(hub: &Hub, client: &Client, meeting: &str) -> Live {
    Live::join(&hub.url, client, meeting).await
}

/// Runs a meeting: item 17 taken up, France, Kenya and Brazil speak in that
/// order, Kenya past the time limit; then the meeting is adjourned.
async fn hold_meeting(hub: &Hub, id: &str) {
    let manager = hub.user("conference_manager", None).await;
    let chair_client = hub.user("secretariat", None).await;
    hub.set_chair(&manager, id, &chair_client).await;
    let mut chair = join(hub, &chair_client, id).await;
    let mut speakers = Vec::new();
    for name in ["France", "Kenya", "Brazil"] {
        let client = delegate(hub, name).await;
        speakers.push(join(hub, &client, id).await);
    }
    chair.ok(json!({"command": "open"})).await;
    chair
        .ok(json!({"command": "take_up_item", "position": 1}))
        .await;
    chair
        .ok(json!({"command": "set_speaking_limit", "limit_ms": 1000}))
        .await;
    for s in speakers.iter_mut() {
        s.ok(json!({"command": "inscribe", "kind": "statement"}))
            .await;
    }
    for turn in 0..3 {
        chair
            .ok(json!({"command": "give_floor", "participant": null}))
            .await;
        if turn == 1 {
            chair
                .wait_for("time expired", |e| matches!(e, Event::TimeExpired { .. }))
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        }
        chair.ok(json!({"command": "end_floor"})).await;
    }
    chair
        .ok(json!({"command": "record_decision",
                   "text": "Draft resolution A/C.2/57/L.12 was adopted.",
                   "votes": {"in_favour": 120, "against": 3, "abstaining": 45}}))
        .await;
    chair.ok(json!({"command": "adjourn"})).await;
    // The record is written as it happens, off the request path: wait for its end.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let record = chair_client
            .get(&format!("/api/v1/meetings/{id}/record"))
            .await
            .json();
        let done = record.as_array().is_some_and(|r| {
            r.iter()
                .any(|l| l["kind"] == "status_changed" && l["event"]["status"] == "adjourned")
        });
        if done {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "record incomplete: {record}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn minutes_path(meeting: &str) -> String {
    format!("/api/v1/meetings/{meeting}/minutes")
}

async fn create(secretariat: &Client, meeting: &str, symbol: &str, from_record: bool) -> Value {
    let r = secretariat
        .post(
            &minutes_path(meeting),
            json!({"symbol": symbol, "language": "en", "from_record": from_record}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json()
}

async fn save(client: &Client, meeting: &str, based_on: u64, content: &str) -> Resp {
    client
        .post(
            &format!("{}/revisions", minutes_path(meeting)),
            json!({"based_on": based_on, "content": content}),
        )
        .await
}

async fn step(client: &Client, meeting: &str, what: &str, revision: u64) -> Resp {
    client
        .post(
            &format!("{}/{what}", minutes_path(meeting)),
            json!({"revision": revision}),
        )
        .await
}

async fn publish(client: &Client, meeting: &str, revision: u64, key: &str) -> Resp {
    client
        .raw_with(
            reqwest::Method::POST,
            &format!("{}/publish", minutes_path(meeting)),
            Some("application/json"),
            json!({"revision": revision}).to_string().into_bytes(),
            &[("idempotency-key", key)],
        )
        .await
}

async fn download(client: &Client, path: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = client.http.get(format!("{}{path}", client.base));
    if let Some(c) = &client.cookie {
        req = req.header("cookie", c);
    }
    let r = req.send().await.expect("download");
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.bytes().await.expect("body").to_vec())
}

fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Drafts, revises and sends to review; returns the head revision.
async fn ready_for_publishing(secretariat: &Client, meeting: &str, text: &str) -> u64 {
    let minutes = create(
        secretariat,
        meeting,
        &format!("A/C.2/57/SR.{}", next() + 100),
        false,
    )
    .await;
    assert_eq!(minutes["state"], "draft");
    let r = save(secretariat, meeting, 0, text).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = step(secretariat, meeting, "review", 1).await;
    assert_eq!(r.status, 200, "{}", r.text);
    1
}

async fn a_meeting_with_three_speakers_becomes_published_minutes_and_a_corrigendum(b: Backend) {
    let hub = Hub::start(b).await;
    let (_, id) = meeting(&hub, "public", vec![]).await;
    hold_meeting(&hub, &id).await;
    let secretariat = hub.user("secretariat", None).await;
    let reader = delegate(&hub, "Chile").await;
    let symbol = format!("A/C.2/57/SR.{}", next() + 1);

    // Drafting from the record: speakers in the order they spoke, with times.
    let minutes = create(&secretariat, &id, &symbol, true).await;
    let draft = minutes["head"]["content"]
        .as_str()
        .expect("draft")
        .to_string();
    assert_eq!(minutes["head"]["number"], 1);
    let at = |name: &str| {
        draft
            .find(&format!("**{name}**"))
            .unwrap_or_else(|| panic!("{name} in {draft}"))
    };
    assert!(
        at("France") < at("Kenya") && at("Kenya") < at("Brazil"),
        "{draft}"
    );
    assert!(
        draft.contains("Delegations present (3): Brazil, France, Kenya."),
        "{draft}"
    );
    assert!(
        draft.contains("### Agenda item 17: Macroeconomic policy questions"),
        "{draft}"
    );
    assert!(
        draft.contains("over the time limit"),
        "Kenya's overrun: {draft}"
    );
    assert!(draft.contains("The meeting was called to order") && draft.contains("adjourned"));
    assert!(
        draft.contains("## Decisions\n\n- Draft resolution A/C\\.2/57/L\\.12 was adopted\\. (recorded vote: 120 in favour, 3 against, 45 abstaining) (item 17)"),
        "{draft}"
    );
    let kenya_line = draft
        .lines()
        .find(|l| l.contains("**Kenya**"))
        .expect("Kenya's line");
    assert!(kenya_line.contains(" s"), "a duration: {kenya_line}");
    assert_eq!(
        secretariat
            .get(&format!("{}/from-record", minutes_path(&id)))
            .await
            .text,
        draft,
        "the skeleton can be fetched again without saving"
    );

    // Nothing is readable outside the secretariat before publication.
    reader
        .get(&minutes_path(&id))
        .await
        .assert_problem(404, "not_found");

    // Every save is a revision; a save from an older one is refused with both texts.
    let edited = format!("{draft}\nThe Committee concluded its general debate.\n");
    let r = save(&secretariat, &id, 1, &edited).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["head"]["number"], 2);
    let colleague = hub.user("secretariat", None).await;
    let r = save(&colleague, &id, 1, "my text from revision 1").await;
    let problem = r.assert_problem(409, "stale_revision");
    assert_eq!(problem["revision_conflict"]["current"]["number"], 2);
    assert_eq!(
        problem["revision_conflict"]["current"]["content"],
        edited.as_str()
    );
    assert_eq!(
        problem["revision_conflict"]["yours"],
        "my text from revision 1"
    );
    // Autosave: unchanged text makes no revision, changed text does.
    let autosave = format!("{}/autosave", minutes_path(&id));
    let r = secretariat
        .post(&autosave, json!({"based_on": 2, "content": edited}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["head"]["number"], 2);
    let final_text = format!("{edited}\nThe meeting rose at 1 p.m.\n");
    let r = secretariat
        .post(&autosave, json!({"based_on": 2, "content": final_text}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["head"]["autosave"], true);
    let history = secretariat
        .get(&format!("{}/revisions", minutes_path(&id)))
        .await
        .json();
    assert_eq!(history.as_array().map(Vec::len), Some(3));
    let first = secretariat
        .get(&format!("{}/revisions/1", minutes_path(&id)))
        .await
        .json();
    assert_eq!(
        first["content"],
        draft.as_str(),
        "every revision stays readable"
    );

    // Workflow: publish needs review; review needs the newest revision.
    publish(&secretariat, &id, 3, "k1")
        .await
        .assert_problem(409, "invalid_state");
    step(&secretariat, &id, "review", 2)
        .await
        .assert_problem(409, "invalid_state");
    let r = step(&secretariat, &id, "review", 3).await;
    assert_eq!(r.json()["state"], "in_review");
    publish(&reader, &id, 3, "k1")
        .await
        .assert_problem(403, "forbidden");
    let r = publish(&secretariat, &id, 3, "k1").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let v1 = r.json();
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["symbol"], symbol.as_str());
    assert_eq!(v1["revision"], 3);

    // A delegate reads the HTML and downloads the PDF; the manifest vouches for both.
    let m = reader.get(&minutes_path(&id)).await.json();
    assert_eq!(m["state"], "published");
    assert!(m.get("head").is_none(), "drafts stay with the secretariat");
    let files = |v: u32| format!("{}/versions/{v}", minutes_path(&id));
    let (status, headers, html) = download(&reader, &format!("{}/html", files(1))).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap_or("")
        .contains("default-src 'none'"));
    let html_text = String::from_utf8(html.clone()).expect("utf-8");
    assert!(
        html_text.contains("<strong>Kenya</strong>")
            && html_text.contains("concluded its general debate")
    );
    let (status, headers, pdf) = download(&reader, &format!("{}/pdf", files(1))).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    let pdf_text = pdf_extract::extract_text_from_mem(&pdf).expect("PDF text");
    assert!(
        pdf_text.contains("Kenya") && pdf_text.contains("rose at 1 p.m."),
        "{pdf_text}"
    );
    let (_, _, manifest) = download(&reader, &format!("{}/manifest", files(1))).await;
    let manifest: Value = serde_json::from_slice(&manifest).expect("manifest JSON");
    assert_eq!(manifest["symbol"], symbol.as_str());
    assert_eq!(manifest["version"], 1);
    let (_, _, markdown) = download(&reader, &format!("{}/markdown", files(1))).await;
    assert!(
        markdown == final_text.as_bytes(),
        "the Markdown as published"
    );
    for (name, bytes) in [
        ("minutes.md", &markdown),
        ("minutes.html", &html),
        ("minutes.pdf", &pdf),
    ] {
        let entry = manifest["files"]
            .as_array()
            .and_then(|f| f.iter().find(|e| e["name"] == name))
            .unwrap_or_else(|| panic!("{name} in {manifest}"));
        assert_eq!(entry["sha256"], sha256(bytes).as_str(), "{name}");
    }

    // The published minutes are a document of the meeting, and searchable.
    let documents = reader
        .get(&format!("/api/v1/documents?meeting_id={id}"))
        .await
        .json();
    let document = documents
        .as_array()
        .and_then(|d| d.iter().find(|d| d["symbol"] == symbol.as_str()))
        .unwrap_or_else(|| panic!("{symbol} among {documents}"))
        .clone();
    assert_eq!(document["id"], v1["document_id"]);
    let (status, _, as_document) = download(
        &reader,
        &format!(
            "/api/v1/documents/{}/files/en",
            document["id"].as_str().unwrap_or("")
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        as_document == pdf,
        "the document's file is the minutes' PDF"
    );
    hub.index().await;
    let found = reader
        .get("/api/v1/search?q=concluded%20general%20debate")
        .await
        .json();
    assert_eq!(
        found["hits"][0]["document"]["symbol"],
        symbol.as_str(),
        "{found}"
    );

    // A correction is a new version under /Corr.1; version 1 stays as it was.
    let corrected = final_text.replace("1 p.m.", "1.05 p.m.");
    let r = save(&secretariat, &id, 3, &corrected).await;
    assert_eq!(r.json()["state"], "draft", "{}", r.text);
    step(&secretariat, &id, "review", 4).await;
    let r = publish(&secretariat, &id, 4, "k2").await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["version"], 2);
    assert_eq!(r.json()["symbol"], format!("{symbol}/Corr.1").as_str());
    let (_, _, again) = download(&reader, &format!("{}/html", files(1))).await;
    assert!(again == html, "version 1 is unchanged");
    let (_, _, v2) = download(&reader, &format!("{}/markdown", files(2))).await;
    assert!(v2 == corrected.as_bytes(), "version 2 holds the correction");
    let m = reader.get(&minutes_path(&id)).await.json();
    assert_eq!(m["versions"].as_array().map(Vec::len), Some(2));

    // The archive verifier covers minutes: it notices an altered file.
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.checked, 8, "two versions of four files each");
    let key: String = sqlx::query_scalar(
        "SELECT object_key FROM minutes_files WHERE version = 1 AND kind = 'html'",
    )
    .fetch_one(&hub.state.db)
    .await
    .expect("key");
    hub.alter_object(&key, b"<p>altered</p>").await;
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].what, format!("{symbol} (minutes html)"));
}

async fn markup_in_minutes_is_inert_in_html_and_pdf(b: Backend) {
    let hub = Hub::start(b).await;
    let (_, id) = meeting(&hub, "public", vec![]).await;
    let secretariat = hub.user("secretariat", None).await;
    let corpus = [
        "<script>alert('s1')</script>",
        "<img src=x onerror=alert('s2')>",
        "[click](javascript:alert('s3'))",
        "<a href=\"jAvAsCrIpT:alert('s4')\">x</a>",
        "<svg onload=alert('s5')><circle r=1 /></svg>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<div onclick=\"alert('s6')\" style=\"background:url(javascript:alert('s7'))\">d</div>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('s8')>",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "<form action=\"https://evil.example\"><input name=p></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    ];
    let text = format!(
        "# Statements\n\nThe Chair opened the meeting.\n\n{}\n",
        corpus.join("\n\n")
    );
    let revision = ready_for_publishing(&secretariat, &id, &text).await;
    let r = publish(&secretariat, &id, revision, "xss").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let reader = hub.anonymous();
    let base = format!("{}/versions/1", minutes_path(&id));
    let (_, _, html) = download(&reader, &format!("{base}/html")).await;
    let html = String::from_utf8(html).expect("utf-8").to_ascii_lowercase();
    // Only markup can run: look at the tags, not at escaped text that shows them.
    let tags: String = html
        .split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(tag, _)| format!("<{tag}>")))
        .collect();
    for needle in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript",
        "<svg",
        "<iframe",
        "<img",
        "<form",
        "<input",
        "http-equiv",
        "data:",
        "style=",
    ] {
        assert!(!tags.contains(needle), "{needle} survived: {tags}");
    }
    assert!(html.contains("the chair opened the meeting."));
    let (_, _, pdf) = download(&reader, &format!("{base}/pdf")).await;
    let raw = String::from_utf8_lossy(&pdf);
    for active in plenary_server::render::ACTIVE_PDF_NAMES {
        assert!(!raw.contains(active), "{active} in the PDF");
    }
    let pdf_text = pdf_extract::extract_text_from_mem(&pdf).expect("PDF text");
    assert!(
        pdf_text.contains("The Chair opened the meeting."),
        "{pdf_text}"
    );
    assert!(
        !pdf_text.contains("alert('s1')"),
        "script content is not text of the minutes"
    );
}

async fn publishing_twice_or_at_once_makes_one_version(b: Backend) {
    let hub = Hub::start(b).await;
    let (_, id) = meeting(&hub, "public", vec![]).await;
    let secretariat = hub.user("secretariat", None).await;
    let revision = ready_for_publishing(&secretariat, &id, "Text to publish once.").await;
    // Eight publishers at once, each with its own key: one version.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let client = secretariat.clone();
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            publish(&client, &id, revision, &format!("at-once-{i}")).await
        }));
    }
    let mut winners = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        let r = t.await.expect("task");
        assert!(matches!(r.status, 200 | 201), "{}", r.text);
        assert_eq!(r.json()["version"], 1, "{}", r.text);
        if r.status == 201 {
            winners.push(format!("at-once-{i}"));
        }
    }
    assert_eq!(winners.len(), 1, "exactly one publish made the version");
    let key = winners[0].as_str();
    // The same request again: the same version, no new one.
    let r = publish(&secretariat, &id, revision, key).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(hub.count("minutes_versions").await, 1);
    assert_eq!(hub.count("minutes_files").await, 4);
    assert_eq!(hub.count("documents").await, 1);
    // One publication in the audit log, by the publisher; none from the
    // attempts that lost.
    let published = hub
        .audited(&format!("action=minutes_published&subject=meeting:{id}"), 1)
        .await;
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(
        published[0]["actor"],
        secretariat.get("/api/v1/session").await.json()["user"]["id"]
    );
    assert_eq!(published[0]["detail"]["version"], 1);
    // The losers removed what they stored: only the version's four objects remain.
    let minutes_id = secretariat.get(&minutes_path(&id)).await.json()["id"]
        .as_str()
        .expect("id")
        .to_string();
    let objects = hub
        .state
        .objects
        .list(&format!("minutes/{minutes_id}/"))
        .await
        .expect("list");
    assert_eq!(objects.len(), 4, "{objects:?}");
    // A key reused for another revision is a mistake, said clearly.
    save(&secretariat, &id, 1, "A correction.").await;
    step(&secretariat, &id, "review", 2).await;
    publish(&secretariat, &id, 2, key)
        .await
        .assert_problem(422, "validation_failed");
}

async fn roles_and_bad_input_are_checked(b: Backend) {
    let hub = Hub::start(b).await;
    let invited = delegate(&hub, "Norway").await;
    let invited_delegation = invited.get("/api/v1/session").await.json()["user"]["delegation_id"]
        .as_str()
        .expect("delegation")
        .to_string();
    let (manager, id) = meeting(&hub, "closed", vec![invited_delegation]).await;
    let secretariat = hub.user("secretariat", None).await;
    let outsider = delegate(&hub, "Peru").await;
    let path = minutes_path(&id);
    let body = json!({"symbol": "A/C.2/57/SR.900", "language": "en"});
    hub.anonymous()
        .post(&path, body.clone())
        .await
        .assert_problem(401, "unauthenticated");
    for who in [&manager, &invited] {
        who.post(&path, body.clone())
            .await
            .assert_problem(403, "forbidden");
    }
    for (bad, field) in [
        (
            json!({"symbol": "not a symbol", "language": "en"}),
            "symbol",
        ),
        (
            json!({"symbol": "A/C.2/57/SR.900/Corr.1", "language": "en"}),
            "symbol",
        ),
    ] {
        let p = secretariat
            .post(&path, bad)
            .await
            .assert_problem(422, "validation_failed");
        assert_eq!(p["errors"][0]["field"], field);
    }
    secretariat
        .post(
            &path,
            json!({"symbol": "A/C.2/57/SR.900", "language": "xx"}),
        )
        .await
        .assert_problem(400, "invalid_json");
    create(&secretariat, &id, "A/C.2/57/SR.900", false).await;
    secretariat
        .post(&path, body.clone())
        .await
        .assert_problem(409, "already_exists");
    // Bad texts change nothing.
    save(&secretariat, &id, 0, "a\u{0}b")
        .await
        .assert_problem(422, "validation_failed");
    save(&secretariat, &id, 0, &"x".repeat(200_001))
        .await
        .assert_problem(422, "validation_failed");
    invited
        .post(
            &format!("{path}/revisions"),
            json!({"based_on": 0, "content": "mine"}),
        )
        .await
        .assert_problem(403, "forbidden");
    secretariat
        .post(
            &format!("{path}/revisions"),
            json!({"based_on": 0, "content": "x", "extra": 1}),
        )
        .await
        .assert_problem(400, "invalid_json");
    assert_eq!(hub.count("minutes_revisions").await, 0);
    step(&secretariat, &id, "review", 0)
        .await
        .assert_problem(409, "invalid_state");
    let r = save(&secretariat, &id, 0, "The closed meeting's minutes.").await;
    assert_eq!(r.status, 201, "{}", r.text);
    step(&secretariat, &id, "review", 1).await;
    // A reviewer can send them back; publishing then waits for another review.
    let r = step(&secretariat, &id, "return", 1).await;
    assert_eq!(r.json()["state"], "draft", "{}", r.text);
    publish(&secretariat, &id, 1, "early")
        .await
        .assert_problem(409, "invalid_state");
    step(&secretariat, &id, "return", 1)
        .await
        .assert_problem(409, "invalid_state");
    step(&secretariat, &id, "review", 1).await;
    for key in ["", "has space", &"k".repeat(201)] {
        publish(&secretariat, &id, 1, key)
            .await
            .assert_problem(422, "validation_failed");
    }
    assert_eq!(publish(&secretariat, &id, 1, "closed-1").await.status, 201);
    // A closed meeting's minutes follow its access rule.
    assert_eq!(invited.get(&path).await.status, 200);
    outsider.get(&path).await.assert_problem(404, "not_found");
    hub.anonymous()
        .get(&path)
        .await
        .assert_problem(404, "not_found");
    let (status, _, _) = download(&outsider, &format!("{path}/versions/1/pdf")).await;
    assert_eq!(status, 404);
    let (status, _, _) = download(&invited, &format!("{path}/versions/1/pdf")).await;
    assert_eq!(status, 200);
    let (status, _, _) = download(&invited, &format!("{path}/versions/1/exe")).await;
    assert_eq!(status, 404);
    // The issued document is restricted to the invited delegations as well.
    let listed = |client: Client| {
        let id = id.clone();
        async move {
            let documents = client
                .get(&format!("/api/v1/documents?meeting_id={id}"))
                .await
                .json();
            documents
                .as_array()
                .map(|d| d.iter().any(|d| d["symbol"] == "A/C.2/57/SR.900"))
        }
    };
    assert_eq!(listed(invited.clone()).await, Some(true));
    assert_eq!(listed(outsider.clone()).await, Some(false));
    hub.index().await;
    let found = outsider
        .get("/api/v1/search?q=closed%20meeting")
        .await
        .json();
    assert_eq!(found["total"], 0, "{found}");
    let found = invited
        .get("/api/v1/search?q=closed%20meeting")
        .await
        .json();
    assert_eq!(
        found["hits"][0]["document"]["symbol"], "A/C.2/57/SR.900",
        "{found}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_with_storage_stopped_fails_cleanly_and_succeeds_once_it_is_back() {
    let garage = OwnGarage::start();
    let hub = Hub::start_with(
        Backend::Postgres,
        &[("PLENARY_S3_ENDPOINT", garage.endpoint.as_str())],
    )
    .await;
    let (_, id) = meeting(&hub, "public", vec![]).await;
    let secretariat = hub.user("secretariat", None).await;
    let revision = ready_for_publishing(&secretariat, &id, "Published once storage is back.").await;

    garage.stop();
    publish(&secretariat, &id, revision, "storage")
        .await
        .assert_problem(503, "unavailable");
    let m = secretariat.get(&minutes_path(&id)).await.json();
    assert_eq!(m["state"], "in_review", "the state is unchanged");
    assert_eq!(m["head"]["number"], revision);
    assert_eq!(hub.count("minutes_versions").await, 0);
    assert_eq!(hub.count("documents").await, 0);

    garage.resume();
    let r = publish(&secretariat, &id, revision, "storage").await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(hub.count("minutes_versions").await, 1);
    let (status, _, markdown) = download(
        &hub.anonymous(),
        &format!("{}/versions/1/markdown", minutes_path(&id)),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(markdown, b"Published once storage is back.");
}

async fn minutes_in_arabic_are_found_by_their_words(b: Backend) {
    let hub = Hub::start(b).await;
    let (_, id) = meeting(&hub, "public", vec![]).await;
    let secretariat = hub.user("secretariat", None).await;
    let r = secretariat
        .post(
            &minutes_path(&id),
            json!({"symbol": "A/C.2/57/SR.77", "language": "ar"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let text = "# محضر موجز\n\nاختتمت اللجنة مناقشتها العامة (البند 17).\n";
    assert_eq!(save(&secretariat, &id, 0, text).await.status, 201);
    step(&secretariat, &id, "review", 1).await;
    let r = publish(&secretariat, &id, 1, "ar-1").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let (_, headers, pdf) = download(
        &hub.anonymous(),
        &format!("{}/versions/1/pdf", minutes_path(&id)),
    )
    .await;
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let (_, _, html) = download(
        &hub.anonymous(),
        &format!("{}/versions/1/html", minutes_path(&id)),
    )
    .await;
    assert!(String::from_utf8_lossy(&html).contains("lang=\"ar\" dir=\"rtl\""));
    hub.index().await;
    let found = hub
        .anonymous()
        .get("/api/v1/search?q=%D9%85%D9%86%D8%A7%D9%82%D8%B4%D8%AA%D9%87%D8%A7&language=ar")
        .await
        .json();
    assert_eq!(
        found["hits"][0]["document"]["symbol"], "A/C.2/57/SR.77",
        "{found}"
    );
}

async fn published_minutes_are_read_by_their_documents_rule_not_the_meetings_access(b: Backend) {
    let hub = Hub::start(b).await;
    let invited = delegate(&hub, "Invited").await;
    let invited_id = invited.get("/api/v1/session").await.json()["user"]["delegation_id"]
        .as_str()
        .expect("delegation")
        .to_string();
    let outsider = delegate(&hub, "Outsider").await;
    let anonymous = hub.anonymous();
    let secretariat = hub.user("secretariat", None).await;

    // Closed when published: the minutes are a document restricted to the invited.
    let (manager, closed) = meeting(&hub, "closed", vec![invited_id]).await;
    let revision = ready_for_publishing(&secretariat, &closed, "Restricted text.").await;
    let r = publish(&secretariat, &closed, revision, "restricted").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let pdf = format!("{}/versions/1/pdf", minutes_path(&closed));
    let readers = [
        (&invited, 200, "invited"),
        (&outsider, 404, "outsider"),
        (&anonymous, 404, "anonymous"),
    ];
    for (client, status, who) in &readers {
        assert_eq!(
            download(client, &pdf).await.0,
            *status,
            "{who} reading {pdf}"
        );
    }
    // The meeting opened later: its minutes stay as restricted as their document.
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{closed}"),
            json!({"access": "public"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    for (client, status, who) in &readers {
        assert_eq!(
            download(client, &pdf).await.0,
            *status,
            "{who} reading {pdf}"
        );
    }
    anonymous
        .get(&minutes_path(&closed))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(invited.get(&minutes_path(&closed)).await.status, 200);
    let page = anonymous.get(&format!("/meetings/{closed}/minutes")).await;
    assert!(!page.text.contains("Restricted text."), "{}", page.text);

    // Public when published: a general document, readable by all, even once
    // the meeting is closed (the same PDF is in the library).
    let (manager, open) = meeting(&hub, "public", vec![]).await;
    let revision = ready_for_publishing(&secretariat, &open, "General text.").await;
    let r = publish(&secretariat, &open, revision, "general").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{open}"),
            json!({"access": "closed"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let pdf = format!("{}/versions/1/pdf", minutes_path(&open));
    assert_eq!(download(&anonymous, &pdf).await.0, 200);
}

/// Phrases of minutes in each language: a heading, a paragraph with
/// emphasis, a list and a table are made of them. The Arabic carries vowel
/// marks, one to a letter: pdftotext doubles a letter that carries two
/// (shadda and a vowel), although the PDF's text for it is right.
const SIX: [(&str, [&str; 8]); 6] = [
    (
        "ar",
        [
            "افتتاح الجلسة",
            "أعلن الرئيس",
            "افتتاح الجلسة",
            "اختتمت اللجنة مُناقَشَتَها العامة",
            "فرنسا",
            "كينيا",
            "الوفد",
            "الوَقت",
        ],
    ),
    (
        "zh",
        [
            "会议开幕",
            "主席宣布",
            "会议开幕",
            "委员会结束了一般性辩论",
            "法国",
            "肯尼亚",
            "代表团",
            "时间",
        ],
    ),
    (
        "en",
        [
            "Opening of the meeting",
            "The Chair declared",
            "the meeting open",
            "The Committee concluded its general debate",
            "France",
            "Kenya",
            "Delegation",
            "Time",
        ],
    ),
    (
        "fr",
        [
            "Ouverture de la séance",
            "Le Président déclare",
            "la séance ouverte",
            "La Commission achève son débat général",
            "France",
            "Kenya",
            "Délégation",
            "Durée",
        ],
    ),
    (
        "ru",
        [
            "Открытие заседания",
            "Председатель объявил",
            "заседание открытым",
            "Комитет завершил общие прения",
            "Франция",
            "Кения",
            "Делегация",
            "Время",
        ],
    ),
    (
        "es",
        [
            "Apertura de la sesión",
            "El Presidente declaró",
            "abierta la sesión",
            "La Comisión concluyó su debate general",
            "Francia",
            "Kenya",
            "Delegación",
            "Duración",
        ],
    ),
];

async fn minutes_pdfs_in_the_six_languages_read_back_as_written(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    for (language, p) in SIX {
        let (_, id) = meeting(&hub, "public", vec![]).await;
        let symbol = format!("A/C.2/57/SR.{}", 300 + next());
        let r = secretariat
            .post(
                &minutes_path(&id),
                json!({"symbol": symbol, "language": language}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let markdown = format!(
            "# {}\n\n{} *{}*.\n\n**{}**\n\n1. {}\n2. {}\n\n| {} | {} |\n|---|---|\n| {} | 2 |\n",
            p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[4]
        );
        assert_eq!(save(&secretariat, &id, 0, &markdown).await.status, 201);
        step(&secretariat, &id, "review", 1).await;
        let r = publish(&secretariat, &id, 1, &format!("six-{language}")).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let (status, _, pdf) = download(
            &hub.anonymous(),
            &format!("{}/versions/1/pdf", minutes_path(&id)),
        )
        .await;
        assert_eq!(status, 200);
        let raw = String::from_utf8_lossy(&pdf);
        for active in plenary_server::render::ACTIVE_PDF_NAMES {
            assert!(!raw.contains(active), "{active} in the {language} PDF");
        }
        // Every phrase, in the order written, with the symbol and
        // distribution at the head of the page.
        let text = plenary_tests::pdf_text(&pdf);
        let mut at = 0;
        for phrase in [symbol.as_str(), "Distr"]
            .into_iter()
            .chain(p.iter().copied())
        {
            let wanted: String = phrase.chars().filter(|c| !c.is_whitespace()).collect();
            let found = text[at..]
                .find(&wanted)
                .unwrap_or_else(|| panic!("{language}: {phrase:?} after byte {at} of {text}"));
            at += found + wanted.len();
        }
        // Titled in the minutes' own language.
        let label = match language {
            "ar" => "محضرموجز",
            "zh" => "简要记录",
            "fr" => "Compterenduanalytique",
            "ru" => "Краткийотчет",
            "es" => "Actaresumida",
            _ => "Summaryrecord",
        };
        assert!(text.contains(label), "{language}: {label} in {text}");
        // Emphasis is drawn in its own faces.
        let (regular, bold) = match language {
            "ar" => ("+Amiri-Regular", "+Amiri-Bold"),
            _ => ("+DejaVuSans", "+DejaVuSans-Bold"),
        };
        assert!(
            raw.contains(regular) && raw.contains(bold),
            "{language}: faces in the PDF"
        );
    }
}
