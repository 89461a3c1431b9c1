//! Titles in the six languages, on both backends: each page, feed and
//! calendar shows the reader's, else the one given; search finds a
//! document by its title in any language; bad translations are refused.

use plenary_tests::{Backend, Hub, Scheduler};
use reqwest::Method;
use serde_json::{json, Value};

plenary_tests::on_both_backends!(
    every_page_feed_and_calendar_shows_the_readers_title_and_search_finds_each,
    bad_translations_are_refused_and_an_agenda_edited_without_them_keeps_them,
);

/// The meeting's title in each language but English (given in English).
fn meeting_titles() -> Value {
    json!({
        "ar": "اللجنة الثانية، الجلسة الثانية عشرة",
        "zh": "第二委员会第12次会议",
        "fr": "Deuxième Commission, 12e séance",
        "ru": "Второй комитет, 12-е заседание",
        "es": "Segunda Comisión, 12ª sesión",
    })
}

fn document_titles() -> Value {
    json!({
        "ar": "التنمية المستدامة",
        "zh": "可持续发展",
        "fr": "Développement durable",
        "ru": "Устойчивое развитие",
        "es": "Desarrollo sostenible",
    })
}

fn item_titles() -> Value {
    json!({"fr": "Questions de politique macroéconomique", "es": "Cuestiones de política macroeconómica"})
}

fn title_in(titles: &Value, lang: &str, given: &str) -> String {
    titles[lang].as_str().unwrap_or(given).to_string()
}

async fn every_page_feed_and_calendar_shows_the_readers_title_and_search_finds_each(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Second Committee, 12th meeting", "titles": meeting_titles(),
                   "body_id": body, "starts_local": "2030-10-01T10:00", "ends_local": "2030-10-01T13:00",
                   "time_zone": "UTC", "access": "public",
                   "agenda": [{"number": "17", "title": "Macroeconomic policy questions", "titles": item_titles()}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["titles"], meeting_titles());
    assert_eq!(r.json()["agenda"][0]["titles"], item_titles());
    let meeting = r.json()["id"].as_str().expect("id").to_string();
    let secretariat = hub.user("secretariat", None).await;
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/81/L.5", "title": "Sustainable development",
                   "titles": document_titles(), "meeting_id": meeting, "agenda_position": 0,
                   "distribution": "general"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["titles"], document_titles());
    let document = r.json()["id"].as_str().expect("id").to_string();
    let r = secretariat
        .raw(
            Method::PUT,
            &format!("/api/v1/documents/{document}/files/en?filename=L5.pdf"),
            Some("application/pdf"),
            plenary_tests::text_pdf("The General Assembly"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    // Its revision, linked from its page in the reader's language.
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/81/L.5/Rev.1", "title": "Sustainable development, revised",
                   "titles": {"fr": "Développement durable, révisé"}, "distribution": "general"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    let anon = hub.anonymous();
    let page = anon.get(&format!("/documents/{document}?lang=fr")).await;
    assert!(page.text.contains("Développement durable, révisé"));
    let page = anon.get(&format!("/documents/{document}?lang=ru")).await;
    assert!(page.text.contains("Sustainable development, revised"));
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let meeting_title = title_in(&meeting_titles(), lang, "Second Committee, 12th meeting");
        let document_title = title_in(&document_titles(), lang, "Sustainable development");
        let item = title_in(&item_titles(), lang, "Macroeconomic policy questions");
        let journal = anon
            .get(&format!(
                "/journal?date=2030-10-01&time_zone=UTC&lang={lang}"
            ))
            .await;
        assert_eq!(journal.status, 200);
        assert!(journal.text.contains(&meeting_title), "journal, {lang}");
        assert!(journal.text.contains(&item), "journal's agenda, {lang}");
        let page = anon.get(&format!("/meetings/{meeting}?lang={lang}")).await;
        for shown in [&meeting_title, &item, &document_title] {
            assert!(
                page.text.contains(shown.as_str()),
                "meeting page, {lang}: {shown}"
            );
        }
        let page = anon
            .get(&format!("/documents/{document}?lang={lang}"))
            .await;
        assert!(page.text.contains(&document_title), "document page, {lang}");
        let feed = anon
            .get(&format!("/api/v1/feeds/documents?lang={lang}"))
            .await;
        let feed = feed_rs::parser::parse(feed.text.as_bytes()).expect("an Atom feed");
        let entry = feed.entries[0]
            .title
            .as_ref()
            .expect("title")
            .content
            .clone();
        assert_eq!(entry, format!("A/C.2/81/L.5 — {document_title}"), "{lang}");
        let calendar = anon
            .get(&format!(
                "/api/v1/meetings/{meeting}/calendar.ics?lang={lang}"
            ))
            .await;
        assert_eq!(calendar.status, 200, "{}", calendar.text);
        let calendar = calendar.text.replace("\r\n ", "");
        assert!(
            calendar.contains(&format!("SUMMARY:{}", meeting_title.replace(',', "\\,"))),
            "calendar, {lang}: {calendar}"
        );
    }
    // A page in a language with no translation shows the title given.
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{meeting}"),
            json!({"titles": {"fr": "Deuxième Commission"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let page = anon.get(&format!("/meetings/{meeting}?lang=ru")).await;
    assert!(page.text.contains("Second Committee, 12th meeting"));

    // Search finds the document by its title in each language.
    hub.index().await;
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        let q = document_titles()[lang].as_str().expect("title").to_string();
        let r = anon
            .http
            .get(format!("{}/api/v1/search", hub.url))
            .query(&[("q", q.as_str())])
            .send()
            .await
            .expect("search");
        let found: Value = r.json().await.expect("results");
        let ids: Vec<&str> = found["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .filter_map(|h| h["document"]["id"].as_str())
            .collect();
        // The French title of the revision holds the original's: it comes second.
        assert_eq!(ids.first(), Some(&document.as_str()), "{lang}: {q}");
        assert_eq!(ids.len(), if lang == "fr" { 2 } else { 1 }, "{lang}: {q}");
    }
}

async fn bad_translations_are_refused_and_an_agenda_edited_without_them_keeps_them(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let meeting = |titles: Value| {
        json!({"title": "12th meeting", "titles": titles, "body_id": body,
               "starts_local": "2030-10-01T10:00", "ends_local": "2030-10-01T13:00",
               "time_zone": "UTC", "agenda": [{"number": "17", "title": "Item 17", "titles": item_titles()},
                                             {"title": "Other matters"}]})
    };
    let before = hub.count("meetings").await;
    manager
        .post(
            "/api/v1/meetings",
            meeting(json!({"de": "Zweiter Ausschuss"})),
        )
        .await
        .assert_problem(400, "invalid_json");
    let problem = manager
        .post("/api/v1/meetings", meeting(json!({"fr": "  "})))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "titles.fr");
    let problem = manager
        .post("/api/v1/meetings", meeting(json!({"fr": "x".repeat(301)})))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "titles.fr");
    assert_eq!(hub.count("meetings").await, before, "nothing written");
    // A body's name likewise.
    let problem = manager
        .post(
            "/api/v1/bodies",
            json!({"name": "Third Committee", "names": {"fr": ""}}),
        )
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "names.fr");
    let names = json!({"fr": "Troisième Commission", "ar": "اللجنة الثالثة"});
    let r = manager
        .post(
            "/api/v1/bodies",
            json!({"name": "Third Committee", "names": names}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let bodies = manager.get("/api/v1/bodies").await.json();
    assert!(bodies
        .as_array()
        .expect("bodies")
        .iter()
        .any(|b| b["name"] == "Third Committee" && b["names"] == names));
    let secretariat = hub.user("secretariat", None).await;
    let problem = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/81/L.6", "title": "Draft", "distribution": "general",
                   "titles": {"zh": ""}}),
        )
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "titles.zh");
    assert_eq!(hub.count("documents").await, 0);

    // The schedule's form sends the agenda as lines, without translations:
    // items it leaves unchanged keep theirs, a changed one has none.
    let r = manager.post("/api/v1/meetings", meeting(json!({}))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"agenda": [{"number": "17", "title": "Item 17"}, {"title": "Other business"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["agenda"][0]["titles"], item_titles());
    assert!(r.json()["agenda"][1].get("titles").is_none());
}
