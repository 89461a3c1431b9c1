//! The hub in a real browser: Debian's Chromium and Firefox ESR, headless,
//! with a fake camera and microphone, driven through chromedriver and
//! geckodriver against a hub on PostgreSQL, Redis and Garage. Each step leaves a screenshot in
//! `$PLENARY_ARTIFACTS/browser/` (default `target/artifacts/browser/`).

use plenary_tests::browser::{Browser, Driver, Engine};
use plenary_tests::{Backend, Hub, Live, Scheduler};
use serde_json::json;
use std::time::Duration;

/// A public meeting (scheduled by a conference manager) presided by `chair`'s account.
async fn meeting_chaired_by(hub: &Hub, title: &str, chair: &(String, &str)) -> String {
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": title, "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York",
                   "access": "public", "invited_delegations": [],
                   "agenda": [{"number": "18", "title": "Sustainable development"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let chair_id = hub
        .sign_in(&chair.0, chair.1)
        .await
        .get("/api/v1/session")
        .await
        .json()["user"]["id"]
        .clone();
    let r = manager
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}/chair"),
            Some(json!({"chair_id": chair_id})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    id
}

/// Declares `t`, the tile that plays `seat`'s microphone.
fn microphone_of(seat: &serde_json::Value) -> String {
    format!("const t = document.querySelector('.tile[data-owner=\"{seat}\"][data-source=\"microphone\"]');")
}

/// The packets of `seat`'s microphone `page` has received.
async fn packets_from(page: &Browser, seat: &serde_json::Value) -> f64 {
    page.eval(&format!(
        "{} return Number(t?.dataset.packetsReceived || 0);",
        microphone_of(seat)
    ))
    .await
    .as_f64()
    .unwrap_or(0.0)
}

/// Waits until the room's websocket is connected.
async fn until_connected(page: &Browser) {
    page.until(
        "the room connects",
        Duration::from_secs(20),
        "return document.querySelector('.link')?.dataset.link === 'connected'",
    )
    .await;
}

/// Waits until the room shows the meeting open (a hand can be raised).
async fn until_open(page: &Browser) {
    page.until(
        "the meeting is open",
        Duration::from_secs(10),
        "return !!document.querySelector('button.raise-hand')",
    )
    .await;
}

/// The width of the frames a page receives of `owner`'s camera (from the
/// page's `getStats`), as a script expression.
fn frame_width(owner: &serde_json::Value) -> String {
    format!("Number(document.querySelector('.tile[data-owner=\"{owner}\"][data-source=\"camera\"]')?.dataset.frameWidth || 0)")
}

/// The participant id the room shows for a user's name.
const SEAT_OF: &str = "const li = [...document.querySelectorAll('.participants li')].find(l => l.textContent.startsWith(arguments[0])); return li ? Number(li.dataset.participant) : null;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_delegates_and_a_chair_meet_in_the_browser() {
    delegates_meet([Engine::Chromium, Engine::Chromium], "12th meeting").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_firefox_delegate_and_a_chromium_delegate_meet() {
    delegates_meet([Engine::Firefox, Engine::Chromium], "13th meeting").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_firefox_delegates_meet() {
    delegates_meet([Engine::Firefox, Engine::Firefox], "14th meeting").await;
}

/// The chair (in Chromium) and delegates of France and Kenya in `engines`:
/// the device check, camera and microphone through the SFU both ways (each
/// page decodes the other's video and plays its sound), a hand, the floor
/// and its countdown, the chair's mute enforced, and the axe check.
async fn delegates_meet(engines: [Engine; 2], title: &str) {
    if std::env::var("PLENARY_TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("plenary_signaling=trace,webrtc=warn,rtc=warn")
            .with_test_writer()
            .try_init();
    }
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let chair_account = hub
        .account("delegate", "Chair Ana", Some(&hub.delegation("CHR").await))
        .await;
    let id = meeting_chaired_by(&hub, title, &chair_account).await;
    let france = hub
        .account(
            "delegate",
            "Delegate of France",
            Some(&hub.delegation("FRA").await),
        )
        .await;
    let kenya = hub
        .account(
            "delegate",
            "Delegate of Kenya",
            Some(&hub.delegation("KEN").await),
        )
        .await;
    let chromium = Driver::of(Engine::Chromium).await;
    let firefox = Driver::of(Engine::Firefox).await;
    let driver = |engine| match engine {
        Engine::Chromium => &chromium,
        Engine::Firefox => &firefox,
    };
    let room = format!("/meetings/{id}/room");
    let chair = chromium.browser("chair").await;
    let a = driver(engines[0]).browser("france").await;
    let b = driver(engines[1]).browser("kenya").await;
    for (page, (email, password)) in [(&chair, &chair_account), (&a, &france), (&b, &kenya)] {
        page.sign_in(&hub, email, password, &room).await;
        until_connected(page).await;
    }
    chair
        .until(
            "participants show their delegation",
            Duration::from_secs(10),
            "const t = document.querySelector('.participants').textContent; return t.includes('Delegate of France (FRA)') && t.includes('Delegate of Kenya (KEN)')",
        )
        .await;
    // Names are the users' own text, isolated from the page's direction.
    assert_eq!(
        chair
            .eval("return [...document.querySelectorAll('.participants li > bdi')].map(b => b.textContent).sort().join('|')")
            .await,
        json!("Chair Ana|Delegate of France|Delegate of Kenya")
    );
    chair.shot("1-room").await;
    assert_eq!(
        chair.accessibility().await,
        Vec::<String>::new(),
        "the chair's room"
    );

    // The chair opens the meeting; everyone sees it.
    chair.click("button.open").await;
    for page in [&chair, &a, &b] {
        until_open(page).await;
    }
    // Formal, as every meeting starts: a microphone is heard with the floor,
    // and every page says so. The chair holds it informally, where everyone
    // is heard; the note goes from every page.
    for page in [&chair, &a, &b] {
        page.until(
            "the page says the meeting is formal",
            Duration::from_secs(10),
            "const n = document.querySelector('.formal-note'); return !!n && !n.hidden && n.textContent.trim().length > 0",
        )
        .await;
    }
    chair.click("button.go-informal").await;
    for page in [&chair, &a, &b] {
        page.until(
            "the page says no more that the meeting is formal",
            Duration::from_secs(10),
            "return document.querySelector('.formal-note').hidden",
        )
        .await;
    }
    chair
        .until(
            "the chair may return to the formal meeting",
            Duration::from_secs(10),
            "return !!document.querySelector('button.go-formal')",
        )
        .await;

    let seat_a = a
        .page
        .execute(SEAT_OF, vec![json!("Delegate of France")])
        .await
        .expect("seat");
    let seat_b = a
        .page
        .execute(SEAT_OF, vec![json!("Delegate of Kenya")])
        .await
        .expect("seat");
    // Camera and microphone on, through the SFU: each delegate's page decodes the other's video.
    // First the device check: the fake camera is offered and previewed.
    for page in [&a, &b] {
        page.record_console().await;
        page.click("button.join-media").await;
        page.until(
            "the device check previews the camera",
            Duration::from_secs(15),
            "const v = document.querySelector('#device-preview'); return !!v && v.videoWidth > 0 && document.querySelectorAll('#camera-choice option').length > 0 && document.querySelectorAll('#microphone-choice option').length > 0",
        )
        .await;
    }
    a.shot("2-device-check").await;
    for page in [&a, &b] {
        page.click("button.join-with-devices").await;
    }
    for (page, other) in [(&a, &seat_b), (&b, &seat_a)] {
        let decoded = page.wait(
            Duration::from_secs(30),
            &format!("const t = document.querySelector('.tile[data-owner=\"{other}\"][data-source=\"camera\"]'); return !!t && Number(t.dataset.framesDecoded || 0) > 10;"),
        )
        .await;
        if !decoded {
            for p in [&a, &b] {
                let state = p
                    .eval("return JSON.stringify(document.querySelector('#grid').dataset) + ' ' + JSON.stringify(window.__log) + ' ' + [...document.querySelectorAll('.tile')].map(t => JSON.stringify(t.dataset)).join(' ')")
                    .await;
                eprintln!("{}: {state}", p.name);
            }
            page.shot("failed-video").await;
            panic!("{}: the other delegate's video did not decode", page.name);
        }
    }
    a.shot("2-video").await;
    b.shot("2-video").await;
    // Cameras go in simulcast layers (Chromium sends two of the page's
    // 640x360 camera). Nobody holds the floor: each page shows the other as
    // a tile, in the layer a tile asks for. Then Kenya takes the floor:
    // France's page shows her on the stage, Kenya's shows France as a
    // thumbnail, in the lowest layer.
    let both_chromium = engines == [Engine::Chromium, Engine::Chromium];
    let mut thumbnail = json!(0);
    if both_chromium {
        for (page, other) in [(&a, &seat_b), (&b, &seat_a)] {
            page.until(
                "a tile's layer comes",
                Duration::from_secs(20),
                &format!("return {} > 0", frame_width(other)),
            )
            .await;
        }
        let tile = b.eval(&format!("return {}", frame_width(&seat_a))).await;
        chair.click("#tab-participants").await;
        chair
            .click(&format!(
                ".participants li[data-participant=\"{seat_b}\"] button.give-floor"
            ))
            .await;
        b.until(
            "France's camera comes to Kenya as a thumbnail, in its lowest layer",
            Duration::from_secs(10),
            &format!(
                "const w = {}; return w > 0 && w < {tile}",
                frame_width(&seat_a)
            ),
        )
        .await;
        thumbnail = b.eval(&format!("return {}", frame_width(&seat_a))).await;
    }
    // And each plays the other's microphone: packets arrive and what is played has energy.
    for (page, other) in [(&a, &seat_b), (&b, &seat_a)] {
        page.until(
            "the other delegate is heard",
            Duration::from_secs(30),
            &format!("{} return !!t && Number(t.dataset.packetsReceived || 0) > 20 && Number(t.dataset.audioEnergy || 0) > 0;", microphone_of(other)),
        )
        .await;
    }

    // A hand goes up; the chair sets two minutes and gives France the floor.
    a.click("button.raise-hand").await;
    chair.until("the chair sees the hand", Duration::from_secs(10),
        &format!("return !!document.querySelector('.participants li.hand[data-participant=\"{seat_a}\"]')")).await;
    chair.shot("3-hand").await;
    chair.click("#speaking-limit").await;
    chair.click("#speaking-limit option[value=\"2\"]").await;
    chair
        .until(
            "the limit is set",
            Duration::from_secs(10),
            "return document.querySelector('#speaking-limit').value === '2'",
        )
        .await;
    chair.click("#tab-participants").await;
    chair
        .click(&format!(
            ".participants li[data-participant=\"{seat_a}\"] button.give-floor"
        ))
        .await;
    for page in [&a, &b] {
        page.until("the countdown runs", Duration::from_secs(10),
            "const c = document.querySelector('.countdown'); const ms = Number(c?.dataset.remainingMs); return ms > 100000 && ms <= 120000;").await;
        let first = page
            .eval("return Number(document.querySelector('.countdown').dataset.remainingMs)")
            .await;
        let text = page
            .eval("return document.querySelector('.countdown').textContent")
            .await;
        assert!(
            text.as_str()
                .is_some_and(|t| t.starts_with("1:") || t == "2:00"),
            "{text}"
        );
        let first = first.as_f64().expect("a number");
        page.until(
            "the countdown goes down",
            Duration::from_secs(5),
            &format!(
                "return Number(document.querySelector('.countdown').dataset.remainingMs) < {} ",
                first - 1000.0
            ),
        )
        .await;
        page.until(
            "the floor shows France",
            Duration::from_secs(5),
            "return document.querySelector('.holder').textContent.includes('Delegate of France')",
        )
        .await;
    }
    a.shot("4-floor").await;
    b.shot("4-floor").await;
    if both_chromium {
        // France on the floor: Kenya's page shows her on the stage and
        // receives her highest layer.
        b.until(
            "France's camera on the stage comes to Kenya in its highest layer",
            Duration::from_secs(10),
            &format!("return {} > {thumbnail}", frame_width(&seat_a)),
        )
        .await;
    }
    // France, speaking, shares a screen; Kenya decodes it.
    a.click("button.screen").await;
    let shown = b
        .wait(
            Duration::from_secs(30),
            &format!("const t = document.querySelector('.tile[data-owner=\"{seat_a}\"][data-source=\"screen\"]'); return !!t && Number(t.dataset.framesDecoded || 0) > 5;"),
        )
        .await;
    if !shown {
        let france = a
            .eval("return document.querySelector('button.screen')?.getAttribute('aria-pressed') + ' ' + JSON.stringify(window.__log)")
            .await;
        let kenya = b
            .eval("return [...document.querySelectorAll('.tile')].map(t => JSON.stringify(t.dataset) + (t.querySelector('video')?.videoWidth ?? '-')).join(' ')")
            .await;
        b.shot("failed-screen").await;
        panic!(
            "Kenya did not decode France's screen; France (sharing, console): {france} {:?}; Kenya's tiles: {kenya}",
            a.log_entries()
        );
    }
    b.shot("5-screen").await;

    // The chair mutes France: Kenya stops receiving France's sound, at the SFU.
    let before = packets_from(&b, &seat_a).await;
    b.until(
        "France's sound flows before the mute",
        Duration::from_secs(10),
        &format!(
            "{} return Number(t?.dataset.packetsReceived || 0) > {before};",
            microphone_of(&seat_a)
        ),
    )
    .await;
    chair
        .click(&format!(
            ".participants li[data-participant=\"{seat_a}\"] button.mute"
        ))
        .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let first = packets_from(&b, &seat_a).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        if packets_from(&b, &seat_a).await == first {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Kenya still receives France's microphone after the chair's mute"
        );
    }
    assert_eq!(
        b.accessibility().await,
        Vec::<String>::new(),
        "a delegate's room"
    );
    // The pages around the room, as a signed-in delegate reads them.
    for path in [
        format!("/meetings/{id}"),
        "/journal?date=2030-10-01&time_zone=America/New_York".to_string(),
    ] {
        b.page
            .goto(&format!("{}{path}", hub.url))
            .await
            .expect("page");
        assert_eq!(b.accessibility().await, Vec::<String>::new(), "{path}");
    }

    for page in [chair, a, b] {
        assert_eq!(page.script_errors(), Vec::<String>::new(), "{}", page.name);
        page.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arabic_interface_is_right_to_left() {
    arabic(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arabic_interface_is_right_to_left_in_firefox() {
    arabic(Engine::Firefox).await;
}

/// The Journal, the sign-in page, the schedule and the meeting room in
/// Arabic: right to left, and clean for axe.
async fn arabic(engine: Engine) {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Sqlite, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let driver = Driver::of(engine).await;
    let page = driver.browser("arabic").await;
    page.page
        .goto(&format!("{}/journal?lang=ar", hub.url))
        .await
        .expect("journal");
    assert_eq!(
        page.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    assert_eq!(
        page.eval("return getComputedStyle(document.body).direction")
            .await,
        json!("rtl")
    );
    page.shot("arabic-journal").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic Journal"
    );
    page.page
        .goto(&format!("{}/sign-in?lang=ar", hub.url))
        .await
        .expect("sign-in");
    assert_eq!(
        page.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    // Text starts on the right: the heading's right edge is the page's right side.
    let edge = page
        .eval("const r = document.createRange(); r.selectNodeContents(document.querySelector('h1')); const h = r.getBoundingClientRect(); return document.documentElement.clientWidth - h.right < h.left")
        .await;
    assert_eq!(edge, json!(true), "the heading sits on the right");
    page.shot("arabic-sign-in").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic sign-in page"
    );
    // A working page in Arabic: the schedule's forms mirror too.
    let (email, password) = hub
        .account("conference_manager", "مدير المؤتمرات", None)
        .await;
    page.sign_in(&hub, &email, password, "/schedule?lang=ar")
        .await;
    page.hydrated().await;
    assert_eq!(
        page.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    let label = page
        .eval("const r = document.querySelector('label[for=new-meeting-title]').getBoundingClientRect(); const f = document.querySelector('#new-meeting-title').getBoundingClientRect(); return Math.abs(r.right - f.right) < 2")
        .await;
    assert_eq!(label, json!(true), "labels sit at the fields' right edge");
    page.shot("arabic-schedule").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic schedule"
    );
    assert_eq!(
        page.script_errors(),
        Vec::<String>::new(),
        "uncaught errors"
    );
    page.close().await;

    // The meeting room, as its chair sees it in Arabic.
    let chair = hub
        .account(
            "delegate",
            "رئيسة الجلسة",
            Some(&hub.delegation("EGY").await),
        )
        .await;
    let id = meeting_chaired_by(&hub, "الجلسة 12", &chair).await;
    let page = driver.browser("arabic-room").await;
    page.sign_in(
        &hub,
        &chair.0,
        chair.1,
        &format!("/meetings/{id}/room?lang=ar"),
    )
    .await;
    until_connected(&page).await;
    assert_eq!(
        page.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    assert_eq!(
        page.eval("return document.querySelector('.participants li > bdi')?.textContent")
            .await,
        json!("رئيسة الجلسة")
    );
    page.click("button.open").await;
    until_open(&page).await;
    page.shot("arabic-room").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic room"
    );
    assert_eq!(
        page.script_errors(),
        Vec::<String>::new(),
        "uncaught errors"
    );
    page.close().await;

    // The minutes editor in Arabic, Arabic minutes in it, its history in
    // the meeting's zone.
    let clerk = hub.account("secretariat", "كاتب المحضر", None).await;
    let writer = hub.sign_in(&clerk.0, clerk.1).await;
    let minutes = format!("/api/v1/meetings/{id}/minutes");
    let r = writer
        .post(
            &minutes,
            json!({"symbol": "A/C.2/85/SR.12", "language": "ar"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = writer
        .post(
            &format!("{minutes}/revisions"),
            json!({"based_on": 0, "content": "افتُتحت الجلسة الساعة 10:05."}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let page = driver.browser("arabic-minutes").await;
    page.sign_in(
        &hub,
        &clerk.0,
        clerk.1,
        &format!("/meetings/{id}/minutes/edit?lang=ar"),
    )
    .await;
    page.hydrated().await;
    assert_eq!(
        page.eval("return [document.documentElement.dir, document.querySelector('#minutes-text').dir, getComputedStyle(document.querySelector('#minutes-text')).direction]").await,
        json!(["rtl", "rtl", "rtl"])
    );
    assert_eq!(
        page.eval("return document.body.textContent.includes('America/New_York')")
            .await,
        json!(true),
        "the history's times in the meeting's zone"
    );
    page.shot("arabic-minutes-editor").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic minutes editor"
    );
    page.close().await;
}

/// Steps 1 and 3 as their users do them, only through the browser: an
/// administrator adds a delegation and its delegate; a conference manager
/// schedules a meeting with its agenda and sees a room conflict beside the
/// room; the secretariat issues a document with its file (the upload's
/// progress shown) and writes, reviews and publishes the minutes; the
/// delegate reads both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_and_the_managers_do_their_work_in_the_browser() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let admin = hub.account("admin", "Admin Ada", None).await;
    let manager = hub.account("conference_manager", "Manager Mo", None).await;
    let clerk = hub.account("secretariat", "Clerk Chen", None).await;
    let driver = Driver::start().await;

    // The administrator adds France and its delegate.
    let page = driver.browser("admin").await;
    page.sign_in(&hub, &admin.0, admin.1, "/admin").await;
    page.hydrated().await;
    page.fill("new-delegation-code", "FRA").await;
    page.fill("new-delegation-name", "France").await;
    page.click("#new-delegation button[type=submit]").await;
    page.until("France is listed", Duration::from_secs(15),
        "return document.querySelector('#delegations-title').parentElement.textContent.includes('France') && document.documentElement.dataset.hydrated === 'true'").await;
    page.fill("new-user-name", "Delegate of France").await;
    page.fill("new-user-email", "france@plenary.test").await;
    let fra = page
        .eval("return [...document.querySelectorAll('#new-user-delegation_id option')].find(o => o.textContent.startsWith('FRA')).value")
        .await;
    page.set("new-user-delegation_id", fra.as_str().expect("FRA"))
        .await;
    // Too short a password first: the API's problem shows beside the field.
    page.fill("new-user-password", "short").await;
    page.click("#new-user button[type=submit]").await;
    page.until(
        "the password's problem shows",
        Duration::from_secs(10),
        "return document.querySelector('#new-user-password-error').textContent.includes('at least 12') \
         && !document.querySelector('#new-user button').disabled",
    )
    .await;
    page.set("new-user-password", "a long password for France")
        .await;
    page.click("#new-user button[type=submit]").await;
    page.until("the delegate is listed", Duration::from_secs(15),
        "return document.querySelector('#users-title').parentElement.textContent.includes('france@plenary.test')").await;
    // The delegate may sign for France: co-sponsorship, on drafts.
    let users = hub.admin().await.get("/api/v1/users").await.json();
    let france = users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["email"] == "france@plenary.test")
        .and_then(|u| u["id"].as_str())
        .expect("France's delegate")
        .to_string();
    page.hydrated().await;
    page.click(&format!("#signs-{france} button[type=submit]"))
        .await;
    page.until(
        "the right to sign is given",
        Duration::from_secs(15),
        &format!("return document.documentElement.dataset.hydrated === 'true' && !!document.querySelector('#signs-{france} button')?.textContent.includes('Stop signing')"),
    )
    .await;
    let r = hub
        .admin()
        .await
        .get(&format!("/api/v1/users/{france}"))
        .await;
    assert_eq!(r.json()["signs_for_delegation"], true);
    page.shot("0-admin").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "administration"
    );
    // The administrator changes their own password: a wrong current one
    // shows beside its field; then this session goes on under a new cookie.
    page.open(&hub, "/account").await;
    page.hydrated().await;
    page.fill("password-current_password", "not my password at all")
        .await;
    page.fill("password-new_password", "a new password for Ada")
        .await;
    page.click("#password button[type=submit]").await;
    page.until(
        "the current password's problem shows",
        Duration::from_secs(10),
        // The button comes back in its own update, after the problem's.
        "return document.querySelector('#password-current_password-error').textContent.length > 0 \
         && !document.querySelector('#password button').disabled",
    )
    .await;
    page.set("password-current_password", admin.1).await;
    page.click("#password button[type=submit]").await;
    page.until(
        "the change is confirmed, still signed in",
        Duration::from_secs(15),
        "return location.search.includes('changed=true') && document.body.textContent.includes('Your password was changed')",
    )
    .await;
    assert_eq!(page.accessibility().await, Vec::<String>::new(), "account");
    page.close().await;
    hub.sign_in(&admin.0, "a new password for Ada").await;

    // The conference manager schedules the meeting with its agenda.
    let page = driver.browser("manager").await;
    page.sign_in(&hub, &manager.0, manager.1, "/schedule").await;
    page.hydrated().await;
    page.fill("new-body-name", "Second Committee").await;
    page.fill("new-body-symbol_prefix", "A/C.2").await;
    page.click("#new-body button[type=submit]").await;
    page.until("the body is offered", Duration::from_secs(15),
        "return document.documentElement.dataset.hydrated === 'true' && [...document.querySelectorAll('#new-meeting-body_id option')].some(o => o.textContent === 'Second Committee')").await;
    page.fill("new-room-name", "Conference Room 2").await;
    page.fill("new-room-capacity", "300").await;
    page.click("#new-room button[type=submit]").await;
    page.until("the room is offered", Duration::from_secs(15),
        "return document.documentElement.dataset.hydrated === 'true' && [...document.querySelectorAll('#new-meeting-room_id option')].some(o => o.textContent.startsWith('Conference Room 2'))").await;
    let schedule = |title: &'static str, start: &'static str, end: &'static str| {
        let page = &page;
        async move {
            page.fill("new-meeting-title", title).await;
            let pick = |select: &str, text: &str| {
                format!(
                "return [...document.querySelectorAll('#{select} option')].find(o => o.textContent.startsWith('{text}')).value")
            };
            let body = page
                .eval(&pick("new-meeting-body_id", "Second Committee"))
                .await;
            page.set("new-meeting-body_id", body.as_str().expect("body"))
                .await;
            let room = page
                .eval(&pick("new-meeting-room_id", "Conference Room 2"))
                .await;
            page.set("new-meeting-room_id", room.as_str().expect("room"))
                .await;
            page.set("new-meeting-starts_local", start).await;
            page.set("new-meeting-ends_local", end).await;
            page.set("new-meeting-time_zone", "America/New_York").await;
            page.set(
                "new-meeting-agenda",
                "1: Adoption of the agenda\n18 (a): Sustainable development",
            )
            .await;
            page.click("#new-meeting button[type=submit]").await;
        }
    };
    schedule("3rd meeting", "2030-10-02T10:00", "2030-10-02T13:00").await;
    let path = page.moved_from("/schedule").await;
    let meeting = path.trim_start_matches("/meetings/").to_string();
    page.until("the meeting's page shows its agenda", Duration::from_secs(10),
        "return document.querySelector('h1').textContent === '3rd meeting' && document.querySelector('#agenda').parentElement.textContent.includes('18 (a). Sustainable development')").await;
    page.shot("1-scheduled").await;
    // The same room at an overlapping time: the conflict shows beside the room.
    page.open(&hub, "/schedule").await;
    page.hydrated().await;
    schedule("4th meeting", "2030-10-02T12:00", "2030-10-02T15:00").await;
    page.until("the conflict shows beside the room", Duration::from_secs(15),
        "return document.querySelector('#new-meeting-room_id-error').textContent.includes('3rd meeting')").await;
    assert_eq!(
        page.eval("return location.pathname").await,
        json!("/schedule")
    );
    page.shot("1-conflict").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the schedule"
    );
    // The meeting edited: an agenda item added, and France's delegate in the chair.
    page.open(&hub, &format!("/meetings/{meeting}/edit")).await;
    page.hydrated().await;
    let chair = page
        .eval("return [...document.querySelectorAll('#chair-chair_id option')].find(o => o.textContent.startsWith('Delegate of France')).value")
        .await;
    page.set(
        "chair-chair_id",
        chair.as_str().expect("France's delegate is offered"),
    )
    .await;
    // The form reloads the page once the chair is set: the mark goes with the old page.
    page.eval("window.__old = true; return true").await;
    page.click("#chair button[type=submit]").await;
    page.until("the chair is set", Duration::from_secs(10),
        "return !window.__old && document.documentElement.dataset.hydrated === 'true' && document.querySelector('#chair-chair_id').selectedOptions[0].textContent.startsWith('Delegate of France')").await;
    page.shot("1-edit").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "a meeting's edit page"
    );
    page.fill(
        "edit-meeting-agenda",
        "\n19: Globalization and interdependence",
    )
    .await;
    page.click("#edit-meeting button[type=submit]").await;
    page.moved_from(&format!("/meetings/{meeting}/edit")).await;
    page.until("the meeting's page shows the new item", Duration::from_secs(10),
        "return document.querySelector('#agenda').parentElement.textContent.includes('19. Globalization and interdependence')").await;
    page.close().await;

    // The secretariat issues a document for agenda item 18 (a), with its English file.
    let page = driver.browser("secretariat").await;
    page.sign_in(&hub, &clerk.0, clerk.1, "/documents/new")
        .await;
    page.hydrated().await;
    page.fill("new-document-symbol", "A/C.2/85/L.3").await;
    page.fill(
        "new-document-title",
        "Sustainable development: draft resolution",
    )
    .await;
    page.set("new-document-meeting_id", &meeting).await;
    page.fill("new-document-agenda_position", "1").await;
    page.click("#new-document button[type=submit]").await;
    let document = page.moved_from("/documents/new").await;
    page.hydrated().await;
    let file = std::env::temp_dir().join(format!("plenary-browser-{}.txt", std::process::id()));
    let text = "The General Assembly, recalling its resolution on sustainable development.\n"
        .repeat(200_000);
    std::fs::write(&file, &text).expect("the file to upload");
    page.set("upload-language", "en").await;
    // The progress bar's largest value, kept across the reload that follows the upload.
    page.eval("sessionStorage.setItem('progress', '0'); new MutationObserver(() => { const v = Number(document.querySelector('#upload-progress').getAttribute('value')); if (v > Number(sessionStorage.getItem('progress'))) sessionStorage.setItem('progress', String(v)); }).observe(document.querySelector('#upload-progress'), {attributes: true}); return true").await;
    page.fill("upload-file", file.to_str().expect("a path"))
        .await;
    page.click("#upload button[type=submit]").await;
    page.until("the English version is issued", Duration::from_secs(60),
        "return [...document.querySelectorAll('tbody tr')].some(r => r.querySelector('th').lang === 'en' && !!r.querySelector('a'))").await;
    let _ = std::fs::remove_file(&file);
    let progress = page
        .eval("return Number(sessionStorage.getItem('progress'))")
        .await;
    assert_eq!(progress, json!(100), "the progress bar reached the end");
    page.shot("3-document").await;

    // The minutes: started from the meeting's record, written, reviewed, published.
    page.open(&hub, &format!("/meetings/{meeting}/minutes/edit"))
        .await;
    page.hydrated().await;
    page.fill("start-minutes-symbol", "A/C.2/85/SR.3").await;
    page.click("#start-minutes button[type=submit]").await;
    page.until("the editor opens", Duration::from_secs(15),
        "return document.documentElement.dataset.hydrated === 'true' && !!document.querySelector('#minutes-text')").await;
    let drafted = page
        .eval("return document.querySelector('#minutes-text').value")
        .await;
    assert!(
        drafted
            .as_str()
            .is_some_and(|t| t.contains("Adoption of the agenda")),
        "the draft from the record: {drafted}"
    );
    page.set(
        "minutes-text",
        &format!(
            "{}\n\nThe Committee adopted draft resolution A/C.2/85/L.3 without a vote.\n",
            drafted.as_str().unwrap_or_default()
        ),
    )
    .await;
    page.until("the text saves by itself", Duration::from_secs(15),
        "return document.querySelector('.saving').dataset.saving === 'saved' && document.querySelector('.history').textContent.includes('autosave')").await;
    page.click("button.preview-button").await;
    page.until(
        "the preview shows the text",
        Duration::from_secs(10),
        "return document.querySelector('#minutes-preview').textContent.includes('without a vote')",
    )
    .await;
    page.shot("3-minutes-editor").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the minutes editor"
    );
    page.click("button.review").await;
    page.until("the minutes are in review", Duration::from_secs(15),
        "return document.querySelector('.minutes-state')?.dataset.state === 'in_review' && document.documentElement.dataset.hydrated === 'true'").await;
    page.click("button.publish").await;
    page.until(
        "the minutes are published",
        Duration::from_secs(30),
        "return document.querySelector('.minutes-state')?.dataset.state === 'published'",
    )
    .await;
    page.close().await;

    // The delegate reads the document and the minutes, in the browser.
    let page = driver.browser("delegate").await;
    page.sign_in(
        &hub,
        "france@plenary.test",
        "a long password for France",
        &format!("/meetings/{meeting}"),
    )
    .await;
    page.until("the document is on the meeting's page", Duration::from_secs(10),
        "return document.querySelector('#agenda').parentElement.textContent.includes('A/C.2/85/L.3')").await;
    page.shot("3-delegate-meeting").await;
    page.click(&format!("a[href^=\"{document}\"]")).await;
    page.until(
        "the document's page",
        Duration::from_secs(10),
        "return document.querySelector('h1').textContent === 'A/C.2/85/L.3'",
    )
    .await;
    let size = page
        .eval("const a = [...document.querySelectorAll('a[hreflang=en]')][0]; return fetch(a.href).then(r => r.text()).then(t => t.length)")
        .await;
    assert_eq!(size, json!(text.len()), "the English file reads whole");
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "a document's page"
    );
    page.open(&hub, &format!("/meetings/{meeting}")).await;
    page.click("a.minutes-link").await;
    page.until("the minutes read", Duration::from_secs(10),
        "return document.querySelector('.minutes-text')?.textContent.includes('adopted draft resolution A/C.2/85/L.3 without a vote')").await;
    page.shot("3-delegate-minutes").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the minutes"
    );
    // The Journal of the meeting's day, and the delegate's own calendar feed.
    page.open(&hub, "/journal?date=2030-10-02&time_zone=America/New_York")
        .await;
    page.hydrated().await;
    page.until(
        "the Journal lists the meeting",
        Duration::from_secs(10),
        "return document.querySelector('main table')?.textContent.includes('3rd meeting')",
    )
    .await;
    page.click("#feed button[type=submit]").await;
    page.until("the feed's address shows", Duration::from_secs(10),
        "return (document.querySelector('.shown-link')?.getAttribute('href') || '').includes('/calendar.ics')").await;
    let feed = page
        .eval("return fetch(document.querySelector('.shown-link').href, {credentials: 'omit'}).then(r => r.text())")
        .await;
    assert!(
        feed.as_str()
            .is_some_and(|t| t.starts_with("BEGIN:VCALENDAR")),
        "{feed}"
    );
    page.shot("3-delegate-journal").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "a signed-in reader's Journal"
    );
    page.open(&hub, "/documents?q=sustainable").await;
    page.until(
        "the library finds the document",
        Duration::from_secs(10),
        "return document.querySelector('.results')?.textContent.includes('A/C.2/85/L.3')",
    )
    .await;
    page.hydrated().await;
    // The delegate's own feed of new documents, read by a feed reader
    // without the session.
    page.click("#documents-feed button[type=submit]").await;
    page.until("the documents feed's address shows", Duration::from_secs(10),
        "return (document.querySelector('#documents-feed .shown-link')?.getAttribute('href') || '').includes('/documents.atom')").await;
    let feed = page
        .eval("return fetch(document.querySelector('#documents-feed .shown-link').href, {credentials: 'omit'}).then(r => r.text())")
        .await;
    assert!(
        feed.as_str().is_some_and(
            |t| t.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
                && t.contains("A/C.2/85/L.3")
        ),
        "{feed}"
    );
    page.shot("3-delegate-library").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the library"
    );
    page.close().await;
}

/// A network drop in the middle of a meeting: every connection between the
/// browser and the hub is cut at once. The room says so, reconnects by
/// itself and keeps its seat and its raised hand.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_reconnects_by_itself_after_a_network_drop() {
    reconnects(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_reconnects_by_itself_after_a_network_drop_in_firefox() {
    reconnects(Engine::Firefox).await;
}

/// The network under a room drops; the page says so and comes back by
/// itself, to the same seat with the hand still up.
async fn reconnects(engine: Engine) {
    let dir = plenary_tests::browser_dir();
    let link = plenary_tests::cut::Cuttable::bind().await;
    let hub = Hub::start_with(
        Backend::Sqlite,
        &[
            ("PLENARY_BROWSER_DIR", dir.as_str()),
            ("PLENARY_PUBLIC_URL", link.url.as_str()),
        ],
    )
    .await;
    link.relay_to(&hub.url);
    let (email, password) = hub
        .account(
            "delegate",
            "Delegate of Chile",
            Some(&hub.delegation("CHL").await),
        )
        .await;
    let id = meeting_chaired_by(&hub, "20th meeting", &(email.clone(), password)).await;

    let driver = Driver::of(engine).await;
    let page = driver.browser("chile").await;
    page.sign_in_at(&link.url, &email, password, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&page).await;
    page.click("button.open").await;
    until_open(&page).await;
    page.click("button.raise-hand").await;
    let seat = page
        .page
        .execute(SEAT_OF, vec![json!("Delegate of Chile")])
        .await
        .expect("seat");
    page.until(
        "the hand is up",
        Duration::from_secs(10),
        &format!(
            "return !!document.querySelector('.participants li.hand[data-participant=\"{seat}\"]')"
        ),
    )
    .await;

    // The network drops: the page says so at once.
    page.eval("window.__states = []; new MutationObserver(() => window.__states.push(document.querySelector('.link').dataset.link)).observe(document.querySelector('.link'), {attributes: true}); return true").await;
    assert!(
        link.cut() > 0,
        "the room's websocket went through the relay"
    );
    page.until(
        "the page says it reconnects",
        Duration::from_secs(10),
        "return (window.__states || []).includes('reconnecting')",
    )
    .await;
    page.until(
        "the room is back",
        Duration::from_secs(30),
        "return document.querySelector('.link')?.dataset.link === 'connected'",
    )
    .await;
    page.shot("reconnected").await;
    // The same seat, the hand still up, and no second seat left behind.
    let again = page
        .page
        .execute(SEAT_OF, vec![json!("Delegate of Chile")])
        .await
        .expect("seat");
    assert_eq!(again, seat, "the seat is kept");
    page.until(
        "the hand is still up",
        Duration::from_secs(10),
        &format!(
            "return !!document.querySelector('.participants li.hand[data-participant=\"{seat}\"]')"
        ),
    )
    .await;
    assert_eq!(
        page.eval("return document.querySelectorAll('.participants li').length")
            .await,
        json!(1)
    );
    assert_eq!(
        page.script_errors(),
        Vec::<String>::new(),
        "uncaught errors"
    );
    page.close().await;
}

/// Waits until `page`'s list of speakers is `want` (`NAME:Kind` each).
async fn until_list(page: &Browser, want: &[&str]) {
    page.until(
        &format!("the list reads {want:?}"),
        Duration::from_secs(10),
        &format!(
            "return JSON.stringify([...document.querySelectorAll('.speakers li')].map(li => li.querySelector('.speaker-name').textContent + ':' + li.dataset.kind)) === {}",
            json!(serde_json::to_string(want).expect("json"))
        ),
    )
    .await;
}

/// Waits until `page` shows `who` holding the floor.
async fn until_floor(page: &Browser, who: &str) {
    page.until(
        &format!("the floor goes to {who}"),
        Duration::from_secs(10),
        &format!(
            "return document.querySelector('.holder .holder-delegation')?.textContent === {}",
            json!(who)
        ),
    )
    .await;
}

/// The seat the room shows for `name` (the participants' tab).
async fn seat_of(page: &Browser, name: &str) -> serde_json::Value {
    page.page
        .execute(SEAT_OF, vec![json!(name)])
        .await
        .expect("seat")
}

async fn no_serious_findings(page: &Browser, state: &str) {
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "{}: {state}",
        page.name
    );
}

/// Issue 20's meeting as its users hold it: the secretary of the meeting
/// prepares item 17's list before the meeting (one delegation inserted,
/// one moved, one struck), the chair runs it from the room with a point of
/// order and a right of reply, and removes a delegate who cannot come back;
/// France follows it all in Arabic, after waiting in the lobby seeing
/// nothing of the meeting; axe finds nothing serious in any state, and the
/// desk is shot at a laptop's and a tablet's size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chair_and_the_secretary_run_an_item_in_the_browser() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let (fra, ken, gha, bra) = (
        hub.delegation("FRA").await,
        hub.delegation("KEN").await,
        hub.delegation("GHA").await,
        hub.delegation("BRA").await,
    );
    let chair = hub
        .account("delegate", "Chair Ana", Some(&hub.delegation("CHR").await))
        .await;
    let secretary = hub.account("secretariat", "Secretary Sam", None).await;
    let france = hub
        .account("delegate", "Delegate of France", Some(&fra))
        .await;
    let ghana = hub
        .account("delegate", "Delegate of Ghana", Some(&gha))
        .await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "30th meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York",
                   "access": "closed", "invited_delegations": [fra, ken, gha, bra],
                   "agenda": [{"number": "17", "title": "Macroeconomic policy questions"},
                              {"number": "18", "title": "Sustainable development"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    for (role, who) in [("chair", &chair), ("secretary", &secretary)] {
        let user = hub
            .sign_in(&who.0, who.1)
            .await
            .get("/api/v1/session")
            .await
            .json()["user"]["id"]
            .clone();
        let r = manager
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/meetings/{id}/{role}"),
                Some(json!({ format!("{role}_id"): user })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    // The draft resolution under item 17, and a document of item 18.
    let issuer = hub.sign_in(&secretary.0, secretary.1).await;
    for (symbol, position) in [("A/C.2/85/L.12", 0), ("A/C.2/85/L.30", 1)] {
        let r = issuer
            .post(
                "/api/v1/documents",
                json!({"symbol": symbol, "title": "Draft resolution", "meeting_id": id,
                       "agenda_position": position, "distribution": "limited"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    // Kenya and Brazil take part over the websocket, as any client may.
    let mut kenya = Live::join(&hub.url, &hub.user("delegate", Some(&ken)).await, &id).await;
    let mut brazil = Live::join(&hub.url, &hub.user("delegate", Some(&bra)).await, &id).await;

    let driver = Driver::start().await;
    // Before the meeting: the secretary takes up item 17.
    let sec = driver.browser("secretary").await;
    sec.sign_in(
        &hub,
        &secretary.0,
        secretary.1,
        &format!("/meetings/{id}/room"),
    )
    .await;
    until_connected(&sec).await;
    sec.set("item-select", "1").await;
    sec.click("button.take-up").await;
    sec.until(
        "item 17 is taken up",
        Duration::from_secs(10),
        "return document.querySelector('.item-now').textContent.includes('17')",
    )
    .await;

    // France waits in the lobby, in Arabic, and sees nothing of the meeting.
    let fr = driver.browser("france-ar").await;
    fr.sign_in(
        &hub,
        &france.0,
        france.1,
        &format!("/meetings/{id}/room?lang=ar"),
    )
    .await;
    until_connected(&fr).await;
    assert_eq!(
        fr.eval("return document.querySelectorAll('.participants li').length")
            .await,
        json!(1)
    );
    assert_eq!(
        fr.eval("return document.querySelector('.item-now').textContent.includes('17')")
            .await,
        json!(false)
    );
    assert_eq!(
        fr.eval("return !!document.querySelector('.desk')").await,
        json!(false)
    );
    fr.shot("desk-1-lobby").await;
    no_serious_findings(&fr, "the lobby").await;
    let gh = driver.browser("ghana").await;
    gh.sign_in(&hub, &ghana.0, ghana.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&gh).await;

    // The secretary admits everyone from the participants' tab.
    sec.click("#tab-participants").await;
    for seat in [kenya.me.0, brazil.me.0] {
        sec.until("the delegate waits", Duration::from_secs(10),
            &format!("return !!document.querySelector('.participants li[data-participant=\"{seat}\"] button.admit')")).await;
        sec.click(&format!(
            ".participants li[data-participant=\"{seat}\"] button.admit"
        ))
        .await;
    }
    for name in ["Delegate of France", "Delegate of Ghana"] {
        sec.until("the delegate waits", Duration::from_secs(10),
            &format!("return [...document.querySelectorAll('.participants li')].some(l => l.textContent.startsWith({}) && l.querySelector('button.admit'))", json!(name))).await;
        let seat = seat_of(&sec, name).await;
        sec.click(&format!(
            ".participants li[data-participant=\"{seat}\"] button.admit"
        ))
        .await;
    }
    fr.until("France is admitted", Duration::from_secs(10),
        "return document.querySelectorAll('.participants li').length >= 5 && document.querySelector('.item-now').textContent.includes('17')").await;

    // Inscriptions: Kenya's minister, France's head of delegation, Brazil.
    kenya
        .ok(json!({"command": "inscribe", "kind": "statement", "level": "minister"}))
        .await;
    fr.set("inscribe-level", "head_of_delegation").await;
    fr.click("button.inscribe").await;
    fr.until(
        "France is on the list",
        Duration::from_secs(10),
        "return !!document.querySelector('button.withdraw')",
    )
    .await;
    brazil
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    sec.click("#tab-speakers").await;
    until_list(&sec, &["KEN:Statement", "FRA:Statement", "BRA:Statement"]).await;
    // The secretary inserts Ghana first, moves Brazil up, strikes Kenya.
    sec.set("insert-delegation", &gha).await;
    sec.set("insert-place", "1").await;
    sec.click("button.insert").await;
    until_list(
        &sec,
        &[
            "GHA:Statement",
            "KEN:Statement",
            "FRA:Statement",
            "BRA:Statement",
        ],
    )
    .await;
    sec.click(".speakers li:nth-child(4) button.move-up").await;
    until_list(
        &sec,
        &[
            "GHA:Statement",
            "KEN:Statement",
            "BRA:Statement",
            "FRA:Statement",
        ],
    )
    .await;
    sec.click(".speakers li:nth-child(2) button.strike").await;
    until_list(&sec, &["GHA:Statement", "BRA:Statement", "FRA:Statement"]).await;
    until_list(&fr, &["GHA:Statement", "BRA:Statement", "FRA:Statement"]).await;
    let rule = sec
        .eval("return document.querySelector('.list-rule').textContent")
        .await;
    assert!(
        rule.as_str()
            .is_some_and(|r| r.contains("as the chair set it") && r.contains("2 (10 min, 5 min)")),
        "{rule}"
    );
    sec.shot("desk-2-prepared").await;
    no_serious_findings(&sec, "the list prepared").await;

    // The chair opens and runs the list: a point of order first.
    let ch = driver.browser("chair").await;
    ch.sign_in(&hub, &chair.0, chair.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&ch).await;
    ch.click("button.open").await;
    until_open(&ch).await;
    brazil
        .ok(json!({"command": "inscribe", "kind": "point_of_order"}))
        .await;
    until_list(
        &ch,
        &[
            "BRA:PointOfOrder",
            "GHA:Statement",
            "BRA:Statement",
            "FRA:Statement",
        ],
    )
    .await;
    ch.click("button.next-speaker").await;
    until_floor(&fr, "BRA").await;
    fr.until(
        "the point of order is said in Arabic",
        Duration::from_secs(5),
        "return document.querySelector('.holder .holder-kind')?.textContent === 'نقطة نظام'",
    )
    .await;
    for who in ["GHA", "BRA"] {
        ch.click("button.next-speaker").await;
        until_floor(&ch, who).await;
    }
    kenya
        .ok(json!({"command": "inscribe", "kind": "right_of_reply"}))
        .await;
    until_list(&ch, &["FRA:Statement", "KEN:RightOfReply"]).await;
    ch.click("button.next-speaker").await;
    until_floor(&fr, "FRA").await;
    fr.shot("desk-3-floor-arabic").await;
    // The documents of the item under discussion, one tab away.
    fr.click("#tab-documents").await;
    assert_eq!(
        fr.eval("return [...document.querySelectorAll('#panel-documents li a')].map(a => a.textContent)").await,
        json!(["A/C.2/85/L.12"])
    );
    fr.shot("desk-3-documents-arabic").await;
    no_serious_findings(&fr, "the item's documents, in Arabic").await;
    fr.click("#tab-speakers").await;
    no_serious_findings(&fr, "France has the floor, in Arabic").await;
    // The statements are exhausted: Kenya's reply, on the first reply's ten minutes.
    ch.click("button.next-speaker").await;
    until_floor(&fr, "KEN").await;
    fr.until("the reply's ten minutes run", Duration::from_secs(10),
        "const ms = Number(document.querySelector('.countdown').dataset.remainingMs); return ms > 590000 && ms <= 600000 && document.querySelector('.holder .holder-kind')?.textContent === 'حق الرد'").await;
    assert_eq!(
        fr.eval("return document.documentElement.dir").await,
        json!("rtl")
    );

    // Ghana is removed and cannot come back.
    ch.click("#tab-participants").await;
    let seat = seat_of(&ch, "Delegate of Ghana").await;
    ch.click(&format!(
        ".participants li[data-participant=\"{seat}\"] button.remove"
    ))
    .await;
    gh.until("Ghana is told", Duration::from_secs(10),
        "const l = document.querySelector('.link'); return l.dataset.link === 'ended' && l.textContent === 'The chair removed you from the meeting.'").await;
    gh.open(&hub, &format!("/meetings/{id}/room")).await;
    gh.until(
        "Ghana is refused on return",
        Duration::from_secs(15),
        "return document.querySelector('.link')?.dataset.link === 'ended'",
    )
    .await;

    // The desk at a laptop's and a tablet's size.
    for (w, h, name) in [(1366, 768, "laptop"), (1024, 768, "tablet")] {
        ch.resize(w, h).await;
        ch.click("#tab-speakers").await;
        ch.shot(&format!("desk-4-{name}")).await;
    }
    no_serious_findings(&ch, "the chair's desk").await;
    // The secretariat reads the record, chat and acts, on a page of the meeting, in French.
    sec.open(&hub, &format!("/meetings/{id}/record?lang=fr"))
        .await;
    sec.until("the record shows the removal", Duration::from_secs(10),
        "return [...document.querySelectorAll('table.record tr[data-kind=removed] td')].some(td => td.textContent === 'exclu')").await;
    sec.shot("desk-5-record").await;
    no_serious_findings(&sec, "the record's page").await;
    for page in [&sec, &fr, &ch, &gh] {
        assert_eq!(page.script_errors(), Vec::<String>::new(), "{}", page.name);
    }
    // The minutes' draft in French says what the secretary did.
    let draft = hub
        .sign_in(&secretary.0, secretary.1)
        .await
        .get(&format!(
            "/api/v1/meetings/{id}/minutes/from-record?language=fr"
        ))
        .await;
    for said in [
        "Le Secrétaire de la séance, au nom du Président, inscrit GHA",
        "Le Secrétaire de la séance, au nom du Président, raye KEN",
        ", sur une motion d’ordre (",
    ] {
        let said = said.replace("GHA", "").replace("KEN", "");
        assert!(
            draft.text.contains(said.trim_end()),
            "{said}: {}",
            draft.text
        );
    }
    drop((kenya, brazil));
    for page in [sec, fr, ch, gh] {
        page.close().await;
    }
}

/// The room by keyboard alone: Tab and Enter to open the meeting and to
/// inscribe, the shortcuts for the hand and the next speaker, the help
/// dialog opened and closed, a chat message typed and sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_is_driven_by_keyboard_alone() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Sqlite, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let chair = hub
        .account("delegate", "Chair Ana", Some(&hub.delegation("CHR").await))
        .await;
    let id = meeting_chaired_by(&hub, "31st meeting", &chair).await;
    let peru = hub
        .account(
            "delegate",
            "Delegate of Peru",
            Some(&hub.delegation("PER").await),
        )
        .await;
    let driver = Driver::start().await;
    let ch = driver.browser("keyboard-chair").await;
    ch.sign_in(&hub, &chair.0, chair.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&ch).await;
    ch.tab_to("button.open", 40).await;
    ch.keys("\u{E007}").await;
    until_open(&ch).await;
    let pe = driver.browser("keyboard-peru").await;
    pe.sign_in(&hub, &peru.0, peru.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&pe).await;
    until_open(&pe).await;
    // Alt+Shift+H raises the hand.
    pe.keys("\u{E00A}\u{E008}h\u{E000}").await;
    pe.until(
        "the hand is up",
        Duration::from_secs(10),
        "return !!document.querySelector('button.lower-hand')",
    )
    .await;
    // Tab to Inscribe, Enter.
    pe.tab_to("button.inscribe", 60).await;
    pe.keys("\u{E007}").await;
    until_list(&pe, &["PER:Statement"]).await;
    // The help dialog: Alt+Shift+K opens it, Escape closes it.
    pe.keys("\u{E00A}\u{E008}k\u{E000}").await;
    pe.until(
        "the shortcuts show",
        Duration::from_secs(5),
        "return !document.querySelector('#shortcuts').hidden",
    )
    .await;
    pe.shot("keyboard-shortcuts").await;
    no_serious_findings(&pe, "the shortcuts open").await;
    pe.keys("\u{E00C}").await;
    pe.until(
        "the shortcuts close",
        Duration::from_secs(5),
        "return document.querySelector('#shortcuts').hidden",
    )
    .await;
    // The chair gives the next speaker the floor with Alt+Shift+N.
    ch.keys("\u{E00A}\u{E008}n\u{E000}").await;
    until_floor(&pe, "PER").await;
    pe.until(
        "the floor is announced",
        Duration::from_secs(5),
        "return document.querySelector('.announcer').textContent.includes('Delegate of Peru')",
    )
    .await;
    // The chat tab by arrow keys, a message typed and sent with Enter.
    pe.tab_to("#tab-speakers", 60).await;
    pe.keys("\u{E014}\u{E014}").await;
    pe.until(
        "the chat tab is chosen",
        Duration::from_secs(5),
        "return document.querySelector('#tab-chat').getAttribute('aria-selected') === 'true'",
    )
    .await;
    pe.tab_to("#chat-text", 20).await;
    pe.keys("Peru thanks the Chair.\u{E007}").await;
    ch.click("#tab-chat").await;
    ch.until("the chair reads it", Duration::from_secs(10),
        "return [...document.querySelectorAll('.chat li')].some(li => li.textContent.includes('Peru thanks the Chair.'))").await;
    for page in [ch, pe] {
        page.close().await;
    }
}

/// Issue 21's vote as its users take it: the chair puts a draft resolution
/// to a recorded vote from the desk; Kenya votes Yes by keyboard alone,
/// France No in Arabic (right to left), Brazil Yes over the websocket; each
/// delegation sees its vote confirmed, then the board with every name once
/// the chair closes it, on the room and on the result's page; axe finds
/// nothing serious; the minutes' draft names each delegation's vote. Then
/// a roll-call from the lot, and a secret ballot for two seats among three
/// candidates.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_vote_is_taken_in_the_browser() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let (fra, ken, bra) = (
        hub.delegation("FRA").await,
        hub.delegation("KEN").await,
        hub.delegation("BRA").await,
    );
    let chair = hub
        .account("delegate", "Chair Ana", Some(&hub.delegation("CHR").await))
        .await;
    let france = hub
        .account("delegate", "Delegate of France", Some(&fra))
        .await;
    let kenya = hub
        .account("delegate", "Delegate of Kenya", Some(&ken))
        .await;
    let id = meeting_chaired_by(&hub, "31st meeting", &chair).await;

    let driver = Driver::start().await;
    let ch = driver.browser("vote-chair").await;
    ch.sign_in(&hub, &chair.0, chair.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&ch).await;
    ch.click("button.open").await;
    until_open(&ch).await;
    let fr = driver.browser("vote-france-ar").await;
    fr.sign_in(
        &hub,
        &france.0,
        france.1,
        &format!("/meetings/{id}/room?lang=ar"),
    )
    .await;
    let ke = driver.browser("vote-kenya").await;
    ke.sign_in(&hub, &kenya.0, kenya.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&fr).await;
    until_connected(&ke).await;
    let mut brazil = Live::join(&hub.url, &hub.user("delegate", Some(&bra)).await, &id).await;

    // The chair puts the question from the desk.
    ch.fill("vote-title", "Draft resolution A/C.2/85/L.12")
        .await;
    ch.fill("vote-document", "A/C.2/85/L.12").await;
    ch.set("vote-kind", "recorded").await;
    ch.shot("vote-1-prepare").await;
    no_serious_findings(&ch, "the vote's form on the desk").await;
    ch.click("button.open-vote").await;
    for page in [&fr, &ke] {
        page.until(
            "the vote is open",
            Duration::from_secs(10),
            "return !!document.querySelector('.voting[data-open=true] button.vote-yes')",
        )
        .await;
    }
    assert_eq!(
        ch.eval("return !!document.querySelector('.voting button.vote-yes')")
            .await,
        json!(false),
        "the chair does not vote in their own name"
    );
    assert_eq!(
        fr.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    fr.shot("vote-2-open-arabic").await;
    no_serious_findings(&fr, "the open vote, in Arabic").await;

    // Kenya by keyboard, France by pointer, Brazil over the socket.
    ke.tab_to("button.vote-yes", 80).await;
    ke.keys("\u{E007}").await;
    ke.until(
        "Kenya's vote is confirmed",
        Duration::from_secs(10),
        "return document.querySelector('button.vote-yes').getAttribute('aria-pressed') === 'true' && document.querySelector('.vote-confirmation').textContent === 'Your delegation voted: Yes.'",
    )
    .await;
    fr.click("button.vote-no").await;
    fr.until(
        "France's vote is confirmed, in Arabic",
        Duration::from_secs(10),
        "return document.querySelector('button.vote-no').getAttribute('aria-pressed') === 'true' && document.querySelector('.vote-confirmation').textContent === 'صوّت وفدكم: لا.'",
    )
    .await;
    brazil
        .ok(json!({"command": "cast_vote", "number": 1, "cast": {"position": "yes"}}))
        .await;
    ch.until(
        "the chair sees three votes",
        Duration::from_secs(10),
        "return document.querySelector('.vote-progress').textContent.includes('3 of 4')",
    )
    .await;
    assert_eq!(
        ke.eval("return document.activeElement?.matches('button.vote-yes') === true")
            .await,
        json!(true),
        "the others' votes leave the focus on Kenya's button"
    );
    ke.shot("vote-3-voted").await;
    no_serious_findings(&ke, "a vote confirmed").await;

    ch.click("button.close-vote").await;
    // The board in the room (`.voting` closed) or on the result's page.
    let board = |within: &str| {
        format!(
            "const b = document.querySelector('{within} .vote-board'); \
             return !!b && b.dataset.outcome === 'Adopted' \
             && b.querySelector('.names-yes').textContent === 'Delegation BRA, Delegation KEN' \
             && b.querySelector('.names-no').textContent === 'Delegation FRA' \
             && b.querySelector('tr.yes td').textContent === '2'"
        )
    };
    for page in [&ch, &fr, &ke] {
        page.until(
            "the board",
            Duration::from_secs(10),
            &board(".voting[data-open=false]"),
        )
        .await;
    }
    fr.shot("vote-4-board-arabic").await;
    no_serious_findings(&fr, "the board, in Arabic").await;
    assert_eq!(
        fr.eval("return document.querySelector('.vote-outcome').textContent.includes('اعتُمد')")
            .await,
        json!(true)
    );
    // The result's page, from the room.
    ke.click("a.vote-page").await;
    assert_eq!(
        ke.moved_from(&format!("/meetings/{id}/room")).await,
        format!("/meetings/{id}/votes/1")
    );
    ke.until(
        "the result's page",
        Duration::from_secs(10),
        &board("main > div:not(.vote-about)"),
    )
    .await;
    ke.shot("vote-5-page").await;
    no_serious_findings(&ke, "the result's page").await;
    // Back to the room for the next votes.
    ke.open(&hub, &format!("/meetings/{id}/room")).await;
    until_connected(&ke).await;
    for page in [&ch, &fr] {
        assert_eq!(page.script_errors(), Vec::<String>::new(), "{}", page.name);
    }
    let draft = hub
        .user("secretariat", None)
        .await
        .get(&format!(
            "/api/v1/meetings/{id}/minutes/from-record?language=en"
        ))
        .await;
    for said in [
        "In favour: Delegation BRA, Delegation KEN.",
        "Against: Delegation FRA.",
        "was adopted by 2 votes to 1, with 0 abstentions.",
    ] {
        assert!(draft.text.contains(said), "{said}: {}", draft.text);
    }

    // A roll-call: the chair calls each delegation in turn from the one
    // drawn by lot; the absent (the chair's own delegation) is called again
    // at the end; each votes when called.
    ch.fill("vote-title", "Draft decision A/C.2/85/L.40").await;
    ch.set("vote-kind", "roll_call").await;
    ch.click("button.open-vote").await;
    ch.until(
        "the roll is called",
        Duration::from_secs(10),
        "return !!document.querySelector('.vote-lot') && !!document.querySelector('button.call-next')",
    )
    .await;
    let (mut answered, mut called_again) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let calling = ch
            .eval("return document.querySelector('.vote-calling')?.textContent ?? ''")
            .await;
        let calling = calling.as_str().unwrap_or_default().to_string();
        if calling.is_empty() {
            break;
        }
        if let Some(who) = calling.strip_prefix("Called again, absent at the first call: ") {
            called_again.push(who.to_string());
        } else if calling.ends_with("Delegation KEN") {
            ke.until(
                "Kenya is called",
                Duration::from_secs(10),
                "return !!document.querySelector('button.vote-abstain')",
            )
            .await;
            ke.click("button.vote-abstain").await;
            ke.until("Kenya abstains", Duration::from_secs(10),
                "return document.querySelector('.vote-confirmation').textContent === 'Your delegation voted: Abstain.'").await;
            answered.push("KEN");
        } else if calling.ends_with("Delegation FRA") {
            ke.until(
                "Kenya waits while France is called",
                Duration::from_secs(10),
                "return document.querySelector('.vote-wait')?.textContent === 'Your delegation votes when it is called.'",
            )
            .await;
            fr.until(
                "France is called",
                Duration::from_secs(10),
                "return !!document.querySelector('button.vote-yes')",
            )
            .await;
            fr.click("button.vote-yes").await;
            fr.until("France votes when called", Duration::from_secs(10),
                "return document.querySelector('button.vote-yes').getAttribute('aria-pressed') === 'true'").await;
            answered.push("FRA");
        } else if calling.ends_with("Delegation BRA") {
            brazil
                .ok(json!({"command": "cast_vote", "number": 2, "cast": {"position": "yes"}}))
                .await;
            answered.push("BRA");
        }
        ch.click("button.call-next").await;
        ch.until(
            "the next call",
            Duration::from_secs(10),
            &format!(
                "return (document.querySelector('.vote-calling')?.textContent ?? '') !== {}",
                json!(calling)
            ),
        )
        .await;
    }
    answered.sort_unstable();
    assert_eq!(
        called_again,
        ["Delegation CHR"],
        "the absent is called once more at the end"
    );
    assert_eq!(
        answered,
        ["BRA", "FRA", "KEN"],
        "each present delegation was called once"
    );
    ch.click("button.close-vote").await;
    fr.until("the roll-call's board", Duration::from_secs(10),
        "const b = document.querySelector('.voting[data-open=false] .vote-board'); return !!b && b.querySelector('.names-yes').textContent === 'Delegation BRA, Delegation FRA' && b.querySelector('.names-abstain').textContent === 'Delegation KEN'").await;
    fr.shot("vote-6-roll-call-arabic").await;

    // A secret ballot for two seats among three candidates.
    ch.fill("vote-title", "Election of two Vice-Chairs").await;
    ch.set("vote-kind", "secret").await;
    ch.fill("vote-candidates", "Ghana\nPeru\nNepal").await;
    ch.set("vote-seats", "2").await;
    ch.click("button.open-vote").await;
    for page in [&fr, &ke] {
        page.until("the ballot paper", Duration::from_secs(10),
            "return document.querySelectorAll('.voting[data-open=true] .ballot input[type=checkbox]').length === 3").await;
    }
    no_serious_findings(&fr, "the ballot paper, in Arabic").await;
    for (page, marks) in [
        (&ke, &["candidate-0", "candidate-1"][..]),
        (&fr, &["candidate-0"][..]),
    ] {
        for mark in marks {
            page.click(&format!("#{mark}")).await;
        }
        page.click("button.cast-ballot").await;
        page.until(
            "the ballot is in",
            Duration::from_secs(10),
            "return !document.querySelector('button.cast-ballot') && document.querySelector('.vote-confirmation').textContent !== ''",
        )
        .await;
    }
    brazil
        .ok(json!({"command": "cast_vote", "number": 3, "cast": {"ballot": [1, 2]}}))
        .await;
    ch.click("button.close-vote").await;
    ke.until("the election's board", Duration::from_secs(10),
        "const b = document.querySelector('.voting[data-open=false] .vote-board'); \
         return !!b && b.dataset.outcome === 'Elected' && !b.querySelector('.vote-names') \
         && [...b.querySelectorAll('.vote-candidates tr.elected th')].map(t => t.textContent).join() === 'Ghana,Peru'").await;
    ke.shot("vote-7-election").await;
    no_serious_findings(&ke, "the election's board").await;

    drop(brazil);
    for page in [ch, fr, ke] {
        page.close().await;
    }
}

/// Interpreters as a conference manager books them: an administrator adds
/// an interpreter with her languages on the admin page; the manager books
/// the French booth on the schedule page and the meeting's page lists
/// French; booking her again at the same hour shows the clash beside the
/// French booth and schedules nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interpreters_are_booked_on_the_schedule_page() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let admin = hub.account("admin", "Admin Ada", None).await;
    let manager = hub.account("conference_manager", "Manager Mo", None).await;
    let api = hub.sign_in(&manager.0, manager.1).await;
    Scheduler(&api).body("Second Committee").await;
    let admin_api = hub.sign_in(&admin.0, admin.1).await;
    for (name, languages) in [("Bruno Marchand", ["fr"]), ("Carla Ruiz", ["fr"])] {
        let r = admin_api
            .post(
                "/api/v1/users",
                json!({"email": format!("{}@plenary.test", name.replace(' ', ".")), "name": name,
                       "role": "interpreter", "languages": languages, "password": "a password long enough"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let driver = Driver::start().await;

    let page = driver.browser("admin").await;
    page.sign_in(&hub, &admin.0, admin.1, "/admin").await;
    page.hydrated().await;
    page.fill("new-user-name", "Amélie Dubois").await;
    page.fill("new-user-email", "amelie@plenary.test").await;
    page.set("new-user-role", "interpreter").await;
    page.eval(
        "for (const o of document.getElementById('new-user-languages').options) o.selected = ['fr', 'en'].includes(o.value); return true",
    )
    .await;
    page.fill("new-user-password", "a long password for Amélie")
        .await;
    page.click("#new-user button[type=submit]").await;
    page.until("the interpreter is listed", Duration::from_secs(15),
        "return document.querySelector('#users-title').parentElement.textContent.includes('amelie@plenary.test')").await;
    let amelie = admin_api.get("/api/v1/users").await.json();
    let amelie = amelie
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["email"] == "amelie@plenary.test")
        .cloned()
        .expect("Amélie");
    assert_eq!(amelie["role"], "interpreter");
    assert_eq!(amelie["languages"], json!(["en", "fr"]));
    page.close().await;

    let page = driver.browser("manager").await;
    page.sign_in(&hub, &manager.0, manager.1, "/schedule").await;
    page.hydrated().await;
    let schedule = |title: &'static str, start: &'static str, team: [&'static str; 2]| {
        let page = &page;
        async move {
            page.fill("new-meeting-title", title).await;
            let body = page
                .eval("return [...document.querySelectorAll('#new-meeting-body_id option')].find(o => o.textContent === 'Second Committee').value")
                .await;
            page.set("new-meeting-body_id", body.as_str().expect("body"))
                .await;
            page.set("new-meeting-starts_local", start).await;
            page.set("new-meeting-ends_local", "2030-10-02T18:00").await;
            page.set("new-meeting-time_zone", "Europe/Zurich").await;
            let chosen = page
                .eval_with(
                    "const names = arguments[0]; let n = 0; \
                     for (const o of document.getElementById('new-meeting-interpreters.fr').options) { \
                       o.selected = names.includes(o.textContent); n += o.selected; } return n",
                    vec![json!(team)],
                )
                .await;
            assert_eq!(chosen, json!(2), "both are offered for the French booth");
            page.click("#new-meeting button[type=submit]").await;
        }
    };
    // Carla works into French only: she is offered for no other booth.
    assert_eq!(
        page.eval("return document.getElementById('new-meeting-interpreters.es') === null && document.getElementById('new-meeting-interpreters.en').options.length === 1")
            .await,
        json!(true)
    );
    schedule(
        "Informal consultations",
        "2030-10-02T15:00",
        ["Amélie Dubois", "Bruno Marchand"],
    )
    .await;
    page.moved_from("/schedule").await;
    page.until("the meeting's page lists French", Duration::from_secs(10),
        "return document.querySelector('h1').textContent === 'Informal consultations' && document.querySelector('.interpretation + ul.languages').textContent === 'Français'").await;
    page.shot("interpreters-booked").await;

    page.open(&hub, "/schedule").await;
    page.hydrated().await;
    schedule(
        "Bureau meeting",
        "2030-10-02T17:00",
        ["Amélie Dubois", "Carla Ruiz"],
    )
    .await;
    page.until("the clash shows beside the French booth", Duration::from_secs(15),
        "const e = document.getElementById('new-meeting-interpreters.fr-error').textContent; return e.includes('Amélie Dubois') && e.includes('Informal consultations')").await;
    assert_eq!(
        page.eval("return location.pathname").await,
        json!("/schedule")
    );
    assert_eq!(
        page.eval("return document.getElementById('new-meeting-room_id-error').textContent.trim()")
            .await,
        json!(""),
        "nothing is said of the room"
    );
    page.shot("interpreters-clash").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the schedule with booths"
    );
    page.close().await;
    assert_eq!(hub.count("meetings").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_hears_the_french_interpreter_in_the_browser() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let amelie = hub.account("interpreter", "Amélie Dubois", None).await;
    let bruno = hub.account("interpreter", "Bruno Marchand", None).await;
    let kenya = hub
        .account(
            "delegate",
            "Delegate of Kenya",
            Some(&hub.delegation("KEN").await),
        )
        .await;
    let mut booth = Vec::new();
    for (email, password) in [&amelie, &bruno] {
        let session = hub.sign_in(email, password).await;
        booth.push(session.get("/api/v1/session").await.json()["user"]["id"].clone());
    }
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Plenary", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "UTC", "access": "public",
                   "interpreters": {"fr": booth}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let mut desk = Live::join(&hub.url, &hub.user("secretariat", None).await, &id).await;
    desk.ok(json!({"command": "open"})).await;

    let driver = Driver::of(Engine::Chromium).await;
    let interpreter = driver.browser("interpreter").await;
    interpreter
        .sign_in(&hub, &amelie.0, amelie.1, &format!("/meetings/{id}"))
        .await;
    // The meeting page's way in is her console.
    interpreter
        .click(&format!("a.join[href^=\"/meetings/{id}/room\"]"))
        .await;
    until_connected(&interpreter).await;
    interpreter
        .until(
            "the console shows the French booth",
            Duration::from_secs(10),
            "return document.querySelector('.console')?.dataset.booth === 'fr' && !!document.querySelector('button.on-air')",
        )
        .await;
    // The delegate chose French last time: the room asks for it again.
    let kenya_id = hub
        .sign_in(&kenya.0, kenya.1)
        .await
        .get("/api/v1/session")
        .await
        .json()["user"]["id"]
        .clone();
    let remembered = format!("plenary-channel-{}", kenya_id.as_str().expect("id"));
    let delegate = driver.browser("delegate").await;
    delegate
        .sign_in(&hub, &kenya.0, kenya.1, &format!("/meetings/{id}"))
        .await;
    delegate
        .page
        .execute(
            "localStorage.setItem(arguments[0], 'fr'); return true",
            vec![json!(remembered)],
        )
        .await
        .expect("storage");
    delegate
        .click(&format!("a.join[href^=\"/meetings/{id}/room\"]"))
        .await;
    until_connected(&delegate).await;
    // The picker offers the floor and French, each in its own language.
    delegate
        .until(
            "French is chosen again",
            Duration::from_secs(10),
            "return document.getElementById('channel')?.value === 'fr'",
        )
        .await;
    assert_eq!(
        delegate
            .eval("return [...document.querySelectorAll('#channel option')].map(o => `${o.value}:${o.lang}:${o.textContent}`).join('|')")
            .await,
        json!("floor::Floor (original)|fr:fr:Français")
    );
    let seated = desk.state().await;
    assert!(
        seated
            .participants
            .iter()
            .any(|p| p.name == "Delegate of Kenya"
                && p.channel == Some(plenary_protocol::api::Language::Fr)),
        "the server hears the remembered choice"
    );

    for page in [&interpreter, &delegate] {
        page.click("button.join-media").await;
        page.until(
            "the device check offers a microphone",
            Duration::from_secs(15),
            "return document.querySelectorAll('#microphone-choice option').length > 0",
        )
        .await;
        page.click("button.join-with-devices").await;
    }
    interpreter.click("button.on-air").await;
    interpreter
        .until(
            "the console shows her on air",
            Duration::from_secs(10),
            "return document.querySelector('.on-air-state')?.dataset.onAir === 'true' && document.querySelector('button.on-air')?.getAttribute('aria-pressed') === 'true'",
        )
        .await;
    interpreter.shot("interpreter-on-air").await;
    assert_eq!(
        interpreter.accessibility().await,
        Vec::<String>::new(),
        "the interpreter's console"
    );
    // The delegate's channel track plays her: packets and sound, by getStats.
    let me = delegate
        .page
        .execute(SEAT_OF, vec![json!("Delegate of Kenya")])
        .await
        .expect("seat");
    delegate
        .until(
            "the French channel plays the interpreter",
            Duration::from_secs(30),
            &format!("const t = document.querySelector('.tile[data-owner=\"{me}\"][data-source=\"interpretation\"]'); return !!t && Number(t.dataset.packetsReceived || 0) > 50 && Number(t.dataset.audioEnergy || 0) > 0;"),
        )
        .await;
    // Her microphone reaches the delegate through the channel alone.
    assert_eq!(
        delegate
            .eval("return document.querySelectorAll('.tile[data-source=\"microphone\"]').length")
            .await,
        json!(0)
    );
    delegate.shot("delegate-on-french").await;
    assert_eq!(
        delegate.accessibility().await,
        Vec::<String>::new(),
        "the room with its channel picker"
    );
    // She takes the floor: her microphone and camera are the floor's
    // recordings from now on (the video from her next key frame).
    desk.ok(json!({"command": "give_floor", "participant": me}))
        .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    // Back to the floor: remembered for next time.
    delegate.set("channel", "floor").await;
    assert_eq!(
        delegate
            .page
            .execute(
                "return localStorage.getItem(arguments[0])",
                vec![json!(remembered)]
            )
            .await
            .expect("storage"),
        json!("floor")
    );

    // Adjourned: the meeting's page plays each channel's recording.
    desk.ok(json!({"command": "adjourn"})).await;
    delegate
        .open(&hub, &format!("/meetings/{id}?lang=en"))
        .await;
    delegate
        .until(
            "the French recording and the floor's video are listed, the French with a length",
            Duration::from_secs(30),
            "const a = document.querySelector('.recordings li[data-channel=\"fr\"] audio'); const v = document.querySelector('.recordings li[data-kind=\"video\"]'); if (!a || !v) { location.reload(); return false; } return a.duration > 0 && Number.isFinite(a.duration);",
        )
        .await;
    assert_eq!(
        delegate
            .eval("return [...document.querySelectorAll('.recordings li')].map(l => `${l.dataset.channel}:${l.dataset.kind}`).join(' ')")
            .await,
        json!("floor:audio floor:video fr:audio"),
        "the floor (her microphone, and her camera as WebM) and the French channel"
    );
    delegate
        .until(
            "the floor's video plays with a length",
            Duration::from_secs(30),
            "const v = document.querySelector('.recordings li[data-kind=\"video\"] video'); if (v.readyState < 1) { v.load(); return false; } return v.duration > 1 && Number.isFinite(v.duration) && v.videoWidth > 0;",
        )
        .await;
    delegate.shot("recordings").await;
    interpreter.close().await;
    delegate.close().await;
}

/// A viewer opens a public meeting from a link, without an account: the page
/// says it only watches, offers nothing to act with, and once watching
/// decodes the stage's camera and plays the floor's sound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_watches_from_a_link_without_an_account() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let secretariat = hub.user("secretariat", None).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Fourth Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Open debate", "body_id": body, "starts_local": "2030-10-04T10:00",
                   "ends_local": "2030-10-04T13:00", "time_zone": "UTC", "access": "public"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    // Who presides is on camera (real VP8) and speaks.
    let desk = presiding_on_camera(&hub.url, &secretariat, &id).await;
    let path = viewer_link(&hub, &secretariat, &id).await;

    let driver = Driver::of(Engine::Chromium).await;
    let page = driver.browser("viewer").await;
    page.open(&hub, &path).await;
    page.hydrated().await;
    until_connected(&page).await;
    page.until(
        "the page says it watches, and offers nothing to act with",
        Duration::from_secs(10),
        "const v = document.querySelector('.viewing-note'); return !!v && !v.hidden && !!document.querySelector('button.watch') && document.querySelector('.actions').hidden && !document.querySelector('button.raise-hand')?.offsetParent && !document.querySelector('#chat-text')?.offsetParent",
    )
    .await;
    no_serious_findings(&page, "a viewer's page").await;
    page.click("button.watch").await;
    let seat = desk.me.0;
    let decoded = page
        .wait(
            Duration::from_secs(30),
            &format!("const t = document.querySelector('.tile[data-owner=\"{seat}\"][data-source=\"camera\"]'); return !!t && Number(t.dataset.framesDecoded || 0) > 5;"),
        )
        .await;
    if !decoded {
        let tiles = page
            .eval("return [...document.querySelectorAll('.tile')].map(t => JSON.stringify(t.dataset)).join(' ') + ' ' + JSON.stringify(window.__log)")
            .await;
        page.shot("viewer-failed").await;
        panic!("the viewer did not decode the stage's camera: {tiles}");
    }
    page.until(
        "the floor's sound plays",
        Duration::from_secs(20),
        &format!("const t = document.querySelector('.tile[data-owner=\"{seat}\"][data-source=\"microphone\"]'); return !!t && Number(t.dataset.packetsReceived || 0) > 20;"),
    )
    .await;
    assert!(
        page.eval("return !document.querySelector('.tile.self')")
            .await
            == json!(true),
        "a viewer sends nothing, so shows no self view"
    );
    page.shot("viewer-watching").await;
    desk.close().await;
    page.close().await;
}

/// Who presides, joined at `url`: opens the meeting, speaks and is on
/// camera (real VP8, so pages decode it).
async fn presiding_on_camera(
    url: &str,
    client: &plenary_tests::Client,
    id: &str,
) -> plenary_tests::bot::Bot {
    use plenary_protocol::signal::MediaSource;
    use plenary_tests::bot::{Bot, BotOptions};
    let bot = Bot::start(
        Live::join(url, client, id).await,
        BotOptions {
            video: Some(std::sync::Arc::new(plenary_tests::vp8_frames(2))),
            ..BotOptions::default()
        },
    )
    .await;
    bot.act(json!({"command": "open"})).await.expect("open");
    bot.publish(&[MediaSource::Microphone, MediaSource::Camera])
        .await
        .expect("publish");
    bot
}

/// A viewer's link to meeting `id`, made by `by` (who presides): its path
/// on this hub.
async fn viewer_link(hub: &Hub, by: &plenary_tests::Client, id: &str) -> String {
    let link = by
        .post(
            &format!("/api/v1/meetings/{id}/viewer-links"),
            json!({"hours": 3}),
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.text);
    let url = link.json()["url"].as_str().expect("url").to_string();
    url.split_once(&hub.url)
        .map(|(_, p)| p.to_string())
        .expect("a path of this hub")
}

/// The code an authenticator app shows for `secret` (base32) `ahead`
/// seconds from now, made by an independent RFC 6238 implementation.
fn one_time_code(secret: &str, ahead: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let key = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("a base32 secret");
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, key)
        .expect("a valid secret")
        .generate(now + ahead)
}

/// A secretariat officer, whose role must sign in with two factors, sets
/// them up at the first sign-in (the QR code, a code from the app, the
/// recovery codes) and is asked for a one-time code the next time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretariat_officer_signs_in_with_a_one_time_code() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(
        Backend::Postgres,
        &[
            ("PLENARY_BROWSER_DIR", dir.as_str()),
            ("PLENARY_TWO_FACTOR_ROLES", "secretariat"),
        ],
    )
    .await;
    let clerk = hub.account("secretariat", "Clerk Chen", None).await;
    let driver = Driver::start().await;

    let page = driver.browser("clerk-setup").await;
    page.sign_in(&hub, &clerk.0, clerk.1, "/documents/new")
        .await;
    page.until(
        "the setup with its QR code",
        Duration::from_secs(15),
        "return location.pathname === '/account/two-factor' && document.querySelector('figure.qr svg') !== null",
    )
    .await;
    page.shot("two-factor-setup").await;
    assert_eq!(page.accessibility().await, Vec::<String>::new(), "setup");
    let secret = page
        .eval("return document.getElementById('secret').textContent")
        .await;
    let secret = secret.as_str().expect("the secret").to_string();
    page.fill("code", &one_time_code(&secret, 0)).await;
    page.click("#confirm-two-factor button[type=submit]").await;
    page.until(
        "the recovery codes",
        Duration::from_secs(15),
        "return document.querySelectorAll('.recovery-codes li').length === 10",
    )
    .await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "recovery codes"
    );
    page.click("#go-on").await;
    page.until(
        "on to the page asked for",
        Duration::from_secs(15),
        "return location.pathname === '/documents/new' && document.readyState === 'complete'",
    )
    .await;
    page.close().await;

    let page = driver.browser("clerk-code").await;
    page.sign_in(&hub, &clerk.0, clerk.1, "/documents/new")
        .await;
    page.until(
        "asked for the one-time code",
        Duration::from_secs(15),
        "return location.pathname === '/sign-in/code' && document.getElementById('code') !== null",
    )
    .await;
    page.shot("two-factor-code").await;
    assert_eq!(page.accessibility().await, Vec::<String>::new(), "code");
    // The next step's code: the one that confirmed the setup is spent.
    page.fill("code", &one_time_code(&secret, 30)).await;
    page.click("form.sign-in button[type=submit]").await;
    page.until(
        "signed in, on the page asked for",
        Duration::from_secs(15),
        "return location.pathname === '/documents/new' && document.readyState === 'complete'",
    )
    .await;
    page.close().await;
}

/// The formal meeting a plenary is, across two nodes with the node relay,
/// tried as a user would: fifty bots (the chair on camera, a delegation
/// speaking without the floor, the others seated), a delegate's page and a
/// viewer's page from a link. The first node is full, so both pages' media
/// go to the second (which the pages' policy lets them reach). Only the
/// floor and the chair are heard; the delegate given the floor is seen in
/// the highest layer; the second node is killed, and both pages come back
/// on the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_formal_meeting_across_two_nodes_in_the_browser() {
    use plenary_protocol::signal::MediaSource;
    use plenary_tests::bot::{Bot, BotOptions};
    let dir = plenary_tests::browser_dir();
    let shared = [
        ("PLENARY_MEDIA_RELAY_PORT", "0"),
        (
            "PLENARY_MEDIA_RELAY_SECRET",
            "north-lawn-relay-secret-for-the-tests",
        ),
        ("PLENARY_MEDIA_ORIGINS", "ws://127.0.0.1:*"),
        ("PLENARY_BROWSER_DIR", dir.as_str()),
    ];
    let mut full = shared.to_vec();
    full.push(("PLENARY_MEDIA_NODE_CAPACITY", "1"));
    let hub = Hub::start_with(Backend::Postgres, &full).await;
    let mut roomy = shared.to_vec();
    roomy.push(("PLENARY_MEDIA_NODE_CAPACITY", "1000"));
    let mut second = hub.node_process_with(&roomy).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = presiding_on_camera(&hub.url, &chair_client, &id).await;
    // A delegation on the second node speaks without the floor.
    let talker = Bot::start(
        Live::join(&second.url, &hub.delegate().await, &id).await,
        BotOptions::default(),
    )
    .await;
    talker
        .publish(&[MediaSource::Microphone])
        .await
        .expect("publish");
    // The rest of the fifty, seated on both nodes.
    let mut seated = Vec::new();
    for i in 0..48 {
        let url = if i % 2 == 0 { &hub.url } else { &second.url };
        seated.push(Live::join(url, &hub.delegate().await, &id).await);
    }
    let france = hub
        .account(
            "delegate",
            "Delegate of France",
            Some(&hub.delegation("FRA").await),
        )
        .await;
    let watch = viewer_link(&hub, &chair_client, &id).await;

    let driver = Driver::of(Engine::Chromium).await;
    let delegate = driver.browser("plenary-delegate").await;
    delegate
        .sign_in(&hub, &france.0, france.1, &format!("/meetings/{id}/room"))
        .await;
    until_connected(&delegate).await;
    delegate.record_console().await;
    delegate.click("button.join-media").await;
    delegate
        .until(
            "the device check previews the camera",
            Duration::from_secs(15),
            "return document.querySelectorAll('#camera-choice option').length > 0",
        )
        .await;
    delegate.click("button.join-with-devices").await;
    let viewer = driver.browser("plenary-viewer").await;
    viewer.open(&hub, &watch).await;
    viewer.hydrated().await;
    until_connected(&viewer).await;
    viewer.click("button.watch").await;

    // Formal: both pages hear the chair, through the relay, and never the
    // delegation without the floor.
    let (chair_seat, talker_seat) = (json!(chair.me.0), json!(talker.me.0));
    for page in [&delegate, &viewer] {
        page.until(
            "the chair is heard on the second node",
            Duration::from_secs(30),
            &format!(
                "{} return !!t && Number(t.dataset.packetsReceived || 0) > 50;",
                microphone_of(&chair_seat)
            ),
        )
        .await;
        assert_eq!(
            packets_from(page, &talker_seat).await,
            0.0,
            "{}: a delegation without the floor is heard",
            page.name
        );
    }
    delegate.shot("plenary-1-formal").await;

    // The floor to France: everyone sees her in the highest layer (the
    // chair's bot on the first node receives her camera through the relay).
    let seat = delegate
        .page
        .execute(SEAT_OF, vec![json!("Delegate of France")])
        .await
        .expect("seat");
    let france_seat = plenary_protocol::signal::ParticipantId(seat.as_u64().expect("a seat"));
    chair
        .act(json!({"command": "give_floor", "participant": france_seat}))
        .await
        .expect("floor");
    // Chromium sends two layers of its 640x360 camera, 160 and 320 wide.
    viewer
        .until(
            "France on the stage, in the highest layer",
            Duration::from_secs(15),
            &format!("return {} >= 320", frame_width(&seat)),
        )
        .await;
    let seen = chair
        .until(Duration::from_secs(15), |b| {
            b.received_from(france_seat, MediaSource::Camera).packets > 20
                && b.received_from(france_seat, MediaSource::Microphone)
                    .packets
                    > 20
        })
        .await;
    assert!(seen, "the first node receives the floor through the relay");
    viewer.shot("plenary-2-floor").await;

    // The second node dies: both pages' media come back on the first, and
    // the viewer decodes France's camera again.
    second.kill();
    let fresh_frames = format!(
        "const t = document.querySelector('.tile[data-owner=\"{seat}\"][data-source=\"camera\"]'); const n = Number(t?.dataset.framesDecoded || 0); if (window.__base === undefined || n < window.__base) window.__base = n; return n > window.__base + 10;"
    );
    viewer.eval("window.__base = undefined; return true").await;
    let back = viewer.wait(Duration::from_secs(30), &fresh_frames).await;
    if !back {
        let log = viewer
            .eval("return JSON.stringify(window.__log) + ' ' + [...document.querySelectorAll('.tile')].map(t => JSON.stringify(t.dataset)).join(' ')")
            .await;
        viewer.shot("plenary-failed").await;
        panic!("the viewer did not come back after the node died: {log}");
    }
    viewer.shot("plenary-3-back").await;
    delegate.close().await;
    viewer.close().await;
    drop(seated);
    talker.close().await;
    chair.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_delegate_co_sponsors_a_draft_in_the_browser() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let secretariat = hub.user("secretariat", None).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let fra = hub.delegation("FRA").await;
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/81/L.12", "title": "Développement durable",
                   "body_id": body, "distribution": "general"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let email = "signs-for-france@plenary.test";
    let password = "a long password for France";
    let r = hub
        .admin()
        .await
        .post(
            "/api/v1/users",
            json!({"email": email, "name": "Déléguée de la France", "role": "delegate",
                   "delegation_id": fra, "signs_for_delegation": true, "password": password}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    let driver = Driver::start().await;
    let page = driver.browser("co-sponsor").await;
    let path = format!("/documents/{id}?lang=fr");
    page.sign_in(&hub, email, password, &path).await;
    page.hydrated().await;
    page.until(
        "the list is open and offers to join",
        Duration::from_secs(10),
        "return document.querySelector('#sponsors-state').textContent.includes('ouverte') \
         && document.querySelector('#co-sponsor button[type=submit]').textContent.includes('Se porter coauteur')",
    )
    .await;
    no_serious_findings(&page, "a draft's page").await;
    page.shot("sponsors-0-open").await;
    page.click("#co-sponsor button[type=submit]").await;
    page.until(
        "France is a co-sponsor, and may withdraw",
        Duration::from_secs(15),
        "return document.documentElement.dataset.hydrated === 'true' \
         && document.querySelector('#co-sponsors')?.textContent.includes('Delegation FRA') \
         && document.querySelector('#co-sponsor button[type=submit]')?.textContent.includes('Se retirer')",
    )
    .await;
    page.shot("sponsors-1-joined").await;
    let r = hub
        .anonymous()
        .get(&format!("/api/v1/documents/{id}/sponsors"))
        .await;
    assert_eq!(r.json()["co"][0]["id"], fra.as_str());
    assert_eq!(r.json()["history"][0]["act"], "add");
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_hands_in_a_statement_the_public_reads_once_delivered() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Plenary meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "UTC", "access": "public",
                   "agenda": [{"number": "17", "title": "Sustainable development"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let chair = hub.delegate().await;
    hub.set_chair(&manager, &id, &chair).await;
    let fra = hub.delegation("FRA").await;
    let (email, password) = hub
        .account("delegate", "Délégué de la France", Some(&fra))
        .await;
    let france = hub.sign_in(&email, password).await;
    let mut france_live = Live::join(&hub.url, &france, &id).await;
    france_live
        .ok(json!({"command": "inscribe", "kind": "statement", "item": 1}))
        .await;

    let driver = Driver::start().await;
    let page = driver.browser("statement").await;
    let path = format!("/meetings/{id}?lang=fr");
    page.sign_in(&hub, &email, password, &path).await;
    // The inscription reaches the page once the record has it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while page
        .eval("return !!document.querySelector('#upload')")
        .await
        != json!(true)
    {
        assert!(tokio::time::Instant::now() < deadline, "no way to hand in");
        tokio::time::sleep(Duration::from_millis(300)).await;
        page.open(&hub, &path).await;
    }
    page.hydrated().await;
    no_serious_findings(&page, "a meeting's page with the statement's upload").await;
    let file = std::env::temp_dir().join(format!("plenary-statement-{}.pdf", std::process::id()));
    let pdf = plenary_tests::text_pdf("Monsieur le Président, la France se félicite.");
    std::fs::write(&file, &pdf).expect("the statement to hand in");
    page.set("upload-language", "fr").await;
    page.fill("upload-file", file.to_str().expect("a path"))
        .await;
    page.click("#upload button[type=submit]").await;
    page.until(
        "the statement is listed as to come",
        Duration::from_secs(20),
        "return !!document.querySelector('#statements-to-come')?.textContent.includes('Delegation FRA')",
    )
    .await;
    let _ = std::fs::remove_file(&file);
    page.shot("statement-0-handed-in").await;
    let anon = hub.anonymous();
    let listed = |r: plenary_tests::Resp| r.json().as_array().cloned().unwrap_or_default();
    assert!(listed(anon.get(&format!("/api/v1/meetings/{id}/statements")).await).is_empty());

    // France takes the floor: the public reads it, byte for byte.
    let mut chair_live = Live::join(&hub.url, &chair, &id).await;
    chair_live.ok(json!({"command": "open"})).await;
    chair_live
        .ok(json!({"command": "take_up_item", "position": 1}))
        .await;
    chair_live
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let url = loop {
        let seen = listed(anon.get(&format!("/api/v1/meetings/{id}/statements")).await);
        if let Some(s) = seen.first() {
            assert!(!s["delivered_at"].is_null());
            break s["url"].as_str().expect("url").to_string();
        }
        assert!(tokio::time::Instant::now() < deadline, "never released");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let (status, _, bytes) = anon.download(&url, &[]).await;
    assert_eq!((status, bytes), (200, pdf));
    page.open(&hub, &path).await;
    page.until(
        "delivered, to check against delivery",
        Duration::from_secs(10),
        "return !!document.querySelector('#delivered-statements')?.textContent.includes('Delegation FRA')",
    )
    .await;
    page.shot("statement-1-delivered").await;
    page.close().await;
    france_live.close().await;
    chair_live.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_reader_reads_french_titles_on_the_journal_and_a_meeting() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Second Committee, 12th meeting",
                   "titles": {"fr": "Deuxième Commission, 12e séance", "es": "Segunda Comisión, 12ª sesión"},
                   "body_id": body, "starts_local": "2030-10-01T10:00", "ends_local": "2030-10-01T13:00",
                   "time_zone": "UTC", "access": "public",
                   "agenda": [{"number": "17", "title": "Macroeconomic policy questions",
                               "titles": {"fr": "Questions de politique macroéconomique"}}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let secretariat = hub.user("secretariat", None).await;
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/81/L.5", "title": "Sustainable development",
                   "titles": {"fr": "Développement durable"}, "meeting_id": id,
                   "agenda_position": 0, "distribution": "general"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    let driver = Driver::start().await;
    let page = driver.browser("french-reader").await;
    page.open(&hub, "/journal?date=2030-10-01&time_zone=UTC&lang=fr")
        .await;
    page.until(
        "the Journal in French, with the French titles",
        Duration::from_secs(10),
        "return document.documentElement.lang === 'fr' \
         && document.body.textContent.includes('Deuxième Commission, 12e séance') \
         && document.body.textContent.includes('Questions de politique macroéconomique') \
         && !document.body.textContent.includes('Second Committee, 12th meeting')",
    )
    .await;
    no_serious_findings(&page, "the Journal in French").await;
    page.shot("titles-0-journal").await;
    page.open(&hub, &format!("/meetings/{id}?lang=fr")).await;
    page.until(
        "the meeting's page in French, its document's title too",
        Duration::from_secs(10),
        "return document.querySelector('h1').textContent === 'Deuxième Commission, 12e séance' \
         && document.body.textContent.includes('Développement durable') \
         && !document.body.textContent.includes('Sustainable development')",
    )
    .await;
    no_serious_findings(&page, "a meeting's page in French").await;
    page.shot("titles-1-meeting").await;
    page.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_signs_in_through_the_organisation_and_lands_on_the_journal() {
    use plenary_tests::organisation::DELEGATE;
    let hub = Hub::start_with_organisation(Backend::Postgres, &[]).await;
    let kenya = hub.delegation("KEN").await;
    hub.provision((DELEGATE.0, "Amina Otieno"), "delegate", Some(&kenya))
        .await;

    let driver = Driver::start().await;
    let page = driver.browser("organisation-sign-in").await;
    page.open(&hub, "/sign-in?lang=en").await;
    no_serious_findings(&page, "the sign-in page with the organisation's account").await;
    page.shot("organisation-0-sign-in").await;
    page.click("#sign-in-organisation").await;
    page.until(
        "the organisation's own sign-in page",
        Duration::from_secs(15),
        "return document.getElementById('login') !== null",
    )
    .await;
    page.shot("organisation-1-provider").await;
    page.fill("login", DELEGATE.0).await;
    page.fill("password", DELEGATE.1).await;
    page.click("#submit").await;
    page.until(
        "back at the hub, signed in, on the Journal",
        Duration::from_secs(20),
        &format!(
            "return location.origin === {} && location.pathname === '/journal' \
             && document.readyState === 'complete' && document.body.textContent.includes('Amina Otieno')",
            json!(hub.url)
        ),
    )
    .await;
    page.shot("organisation-2-journal").await;
    page.close().await;
}
