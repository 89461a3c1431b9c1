//! Interpreters in the schedule: their accounts and languages, booths of a
//! meeting, double bookings refused, and what an interpreter may read. Each
//! case against SQLite and against a real PostgreSQL.

use plenary_tests::{Backend, Client, Hub, Live, Scheduler};
use reqwest::Method;
use serde_json::{json, Value};

plenary_tests::on_both_backends!(
    a_manager_books_booths_and_a_double_booked_interpreter_gets_409,
    booths_refuse_what_is_not_a_team_of_interpreters,
    only_interpreters_have_languages,
    interpreters_read_the_meetings_they_are_booked_for_and_no_other,
    concurrent_bookings_of_one_interpreter_admit_exactly_one,
    interpreters_work_their_booth_over_the_socket,
);

/// An interpreter's account through the admin API: their id.
async fn interpreter(hub: &Hub, name: &str, languages: &[&str]) -> String {
    let r = hub
        .admin()
        .await
        .post(
            "/api/v1/users",
            json!({"email": format!("{}@interpreters.example.org", uuid::Uuid::new_v4().simple()),
                   "name": name, "role": "interpreter", "languages": languages,
                   "password": "a password long enough"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["languages"], json!(languages));
    id(&r.json())
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

async fn manager_and_body(hub: &Hub) -> (Client, String) {
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    (manager, body)
}

/// Posts a meeting in UTC with these booths.
async fn meeting(
    manager: &Client,
    body: &str,
    title: &str,
    start: &str,
    end: &str,
    booths: Value,
) -> plenary_tests::Resp {
    manager
        .post(
            "/api/v1/meetings",
            json!({"title": title, "body_id": body, "starts_local": start, "ends_local": end,
                   "time_zone": "UTC", "interpreters": booths}),
        )
        .await
}

async fn a_manager_books_booths_and_a_double_booked_interpreter_gets_409(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body) = manager_and_body(&hub).await;
    let amelie = interpreter(&hub, "Amélie Dubois", &["en", "fr"]).await;
    let bruno = interpreter(&hub, "Bruno Marchand", &["fr"]).await;
    let carla = interpreter(&hub, "Carla Ruiz", &["fr", "es"]).await;
    let diego = interpreter(&hub, "Diego Paz", &["es"]).await;

    let first = meeting(
        &manager,
        &body,
        "3rd meeting",
        "2030-10-02T10:00",
        "2030-10-02T13:00",
        json!({"fr": [amelie, bruno], "es": [carla, diego]}),
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let first = first.json();
    assert_eq!(
        first["interpreters"],
        json!({"fr": [amelie, bruno], "es": [carla, diego]})
    );
    assert_eq!(hub.count("meeting_interpreters").await, 4);

    // Amélie again, an hour into the first: refused, the meeting and the
    // booth she holds named, nothing written.
    let clash = meeting(
        &manager,
        &body,
        "4th meeting",
        "2030-10-02T12:00",
        "2030-10-02T15:00",
        json!({"fr": [amelie, carla]}),
    )
    .await;
    let problem = clash.assert_problem(409, "interpreter_conflict");
    assert_eq!(problem["conflicting_meeting"]["id"], first["id"]);
    assert_eq!(problem["errors"][0]["field"], "interpreters.fr[0]");
    let message = problem["errors"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("Amélie Dubois") && message.contains("3rd meeting"),
        "{message}"
    );
    assert_eq!(hub.count("meetings").await, 1);
    assert_eq!(hub.count("meeting_interpreters").await, 4);

    // Back to back is no clash; another team at the same hour is none either.
    let after = meeting(
        &manager,
        &body,
        "4th meeting",
        "2030-10-02T13:00",
        "2030-10-02T15:00",
        json!({"fr": [amelie, carla]}),
    )
    .await;
    assert_eq!(after.status, 201, "{}", after.text);
    let after = id(&after.json());
    let sarah = interpreter(&hub, "Sarah Klein", &["en"]).await;
    let tom = interpreter(&hub, "Tom Reyes", &["en"]).await;
    let beside = meeting(
        &manager,
        &body,
        "Informal consultations",
        "2030-10-02T10:00",
        "2030-10-02T13:00",
        json!({"en": [sarah, tom]}),
    )
    .await;
    assert_eq!(beside.status, 201, "{}", beside.text);

    // Moving the later meeting onto the first clashes on its booked team,
    // though its booths are not in the change.
    let path = format!("/api/v1/meetings/{after}");
    let r = manager
        .patch(&path, json!({"starts_local": "2030-10-02T12:30"}))
        .await;
    let problem = r.assert_problem(409, "interpreter_conflict");
    assert_eq!(problem["conflicting_meeting"]["id"], first["id"]);
    let r = manager.get(&path).await;
    assert_eq!(r.json()["starts_local"], "2030-10-02T13:00:00");
    // A team changed into a clash is refused; replaced by a free one, kept.
    let working = meeting(
        &manager,
        &body,
        "Working group",
        "2030-10-02T14:00",
        "2030-10-02T16:00",
        json!({"en": [sarah, tom]}),
    )
    .await;
    assert_eq!(working.status, 201, "{}", working.text);
    let r = manager
        .patch(&path, json!({"interpreters": {"en": [amelie, sarah]}}))
        .await;
    let problem = r.assert_problem(409, "interpreter_conflict");
    assert_eq!(problem["conflicting_meeting"]["title"], "Working group");
    assert_eq!(problem["errors"][0]["field"], "interpreters.en[1]");
    let r = manager
        .patch(
            &path,
            json!({"starts_local": "2030-10-02T12:30", "interpreters": {"es": [carla, diego]}}),
        )
        .await;
    r.assert_problem(409, "interpreter_conflict");
    let r = manager
        .patch(&path, json!({"interpreters": {"fr": [carla, bruno]}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["interpreters"], json!({"fr": [carla, bruno]}));

    // A cancelled meeting frees its interpreters.
    let r = manager
        .post(
            &format!("/api/v1/meetings/{}/cancel", id(&first)),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = manager
        .patch(&path, json!({"starts_local": "2030-10-02T11:00"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    // `{}` removes interpretation.
    let r = manager.patch(&path, json!({"interpreters": {}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["interpreters"], json!({}));

    // Booking is a conference manager's: the secretariat and delegates are refused.
    for role in ["secretariat", "delegate"] {
        let d = if role == "delegate" {
            Some(hub.delegation("KEN").await)
        } else {
            None
        };
        let other = hub.user(role, d.as_deref()).await;
        let r = other
            .patch(&path, json!({"interpreters": {"fr": [amelie, bruno]}}))
            .await;
        r.assert_problem(403, "forbidden");
    }
    assert_eq!(manager.get(&path).await.json()["interpreters"], json!({}));
}

async fn booths_refuse_what_is_not_a_team_of_interpreters(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body) = manager_and_body(&hub).await;
    let amelie = interpreter(&hub, "Amélie Dubois", &["fr"]).await;
    let bruno = interpreter(&hub, "Bruno Marchand", &["fr"]).await;
    let carla = interpreter(&hub, "Carla Ruiz", &["es"]).await;
    let diego = interpreter(&hub, "Diego Paz", &["es"]).await;
    let emil = interpreter(&hub, "Emil Novak", &["fr"]).await;
    let fay = interpreter(&hub, "Fay Chen", &["fr"]).await;
    let kenya = hub.delegation("KEN").await;
    let r = hub
        .admin()
        .await
        .post(
            "/api/v1/users",
            json!({"email": "delegate@kenya.example.org", "name": "Delegate of Kenya",
                   "role": "delegate", "delegation_id": kenya, "password": "a password long enough"}),
        )
        .await;
    let delegate = id(&r.json());
    let retired = interpreter(&hub, "Gil Retired", &["fr"]).await;
    let r = hub
        .admin()
        .await
        .patch(
            &format!("/api/v1/users/{retired}"),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let refused = |booths: Value, field: &'static str, rule: &'static str| {
        let (manager, body) = (&manager, &body);
        async move {
            let r = meeting(
                manager,
                body,
                "Meeting",
                "2030-10-02T10:00",
                "2030-10-02T13:00",
                booths.clone(),
            )
            .await;
            let problem = r.assert_problem(422, "validation_failed");
            assert!(
                problem["errors"]
                    .as_array()
                    .expect("errors")
                    .iter()
                    .any(|e| e["field"] == field && e["rule"] == rule),
                "{booths}: {problem}"
            );
        }
    };
    refused(json!({"fr": [amelie]}), "interpreters.fr", "booth_team").await;
    refused(
        json!({"fr": [amelie, bruno, emil, fay]}),
        "interpreters.fr",
        "booth_team",
    )
    .await;
    refused(json!({"es": []}), "interpreters.es", "booth_team").await;
    refused(
        json!({"fr": [amelie, delegate]}),
        "interpreters.fr[1]",
        "not_interpreter",
    )
    .await;
    refused(
        json!({"fr": [amelie, retired]}),
        "interpreters.fr[1]",
        "not_interpreter",
    )
    .await;
    refused(
        json!({"fr": [amelie, uuid::Uuid::new_v4().to_string()]}),
        "interpreters.fr[1]",
        "not_interpreter",
    )
    .await;
    refused(
        json!({"fr": [amelie, carla]}),
        "interpreters.fr[1]",
        "interpreter_language",
    )
    .await;
    refused(
        json!({"fr": [amelie, bruno], "es": [carla, amelie]}),
        "interpreters.es[1]",
        "interpreter_in_two_booths",
    )
    .await;
    refused(
        json!({"fr": [amelie, amelie]}),
        "interpreters.fr[1]",
        "interpreter_in_two_booths",
    )
    .await;
    // A language the hub does not have, and a team that is not a list,
    // are refused as JSON before any rule: sent raw so nothing tidies them.
    for booths in [
        r#"{"de": ["00000000-0000-0000-0000-000000000000"]}"#,
        r#"{"fr": "everyone"}"#,
        r#"["fr"]"#,
    ] {
        let text = format!(
            r#"{{"title": "Meeting", "body_id": "{body}", "starts_local": "2030-10-02T10:00",
                "ends_local": "2030-10-02T13:00", "time_zone": "UTC", "interpreters": {booths}}}"#
        );
        let r = manager
            .raw(
                Method::POST,
                "/api/v1/meetings",
                Some("application/json"),
                text.into_bytes(),
            )
            .await;
        r.assert_problem(400, "invalid_json");
    }
    assert_eq!(hub.count("meetings").await, 0);
    assert_eq!(hub.count("meeting_interpreters").await, 0);

    // The allowed side: the same people in proper teams.
    let r = meeting(
        &manager,
        &body,
        "Meeting",
        "2030-10-02T10:00",
        "2030-10-02T13:00",
        json!({"fr": [amelie, bruno, emil], "es": [carla, diego]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

async fn only_interpreters_have_languages(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.admin().await;
    let create = |role: &'static str, languages: Value| {
        let admin = &admin;
        async move {
            admin
                .post(
                    "/api/v1/users",
                    json!({"email": format!("{}@un.example.org", uuid::Uuid::new_v4().simple()),
                           "name": "Someone", "role": role, "languages": languages,
                           "password": "a password long enough"}),
                )
                .await
        }
    };
    let before = hub.count("users").await;
    let r = create("interpreter", json!([])).await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "languages");
    assert_eq!(
        problem["errors"][0]["rule"],
        "interpreter_without_languages"
    );
    let r = create("secretariat", json!(["fr"])).await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["rule"], "languages_not_interpreter");
    let r = create("interpreter", json!(["la"])).await;
    r.assert_problem(400, "invalid_json");
    assert_eq!(hub.count("users").await, before);

    let r = create("interpreter", json!(["ru", "ar", "ru"])).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.json()["languages"],
        json!(["ar", "ru"]),
        "kept once each, in order"
    );
    let path = format!("/api/v1/users/{}", id(&r.json()));
    // Another role takes the languages away; back to interpreter needs them again.
    let r = admin.patch(&path, json!({"role": "secretariat"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["languages"], json!([]));
    let r = admin.patch(&path, json!({"role": "interpreter"})).await;
    r.assert_problem(422, "validation_failed");
    let r = admin
        .patch(&path, json!({"role": "interpreter", "languages": ["zh"]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(admin.get(&path).await.json()["languages"], json!(["zh"]));
    // Only an administrator changes them.
    let manager = hub.user("conference_manager", None).await;
    let r = manager.patch(&path, json!({"languages": ["en"]})).await;
    r.assert_problem(403, "forbidden");
    assert_eq!(admin.get(&path).await.json()["languages"], json!(["zh"]));
}

async fn interpreters_read_the_meetings_they_are_booked_for_and_no_other(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body) = manager_and_body(&hub).await;
    let admin = hub.admin().await;
    let mut ids = Vec::new();
    for (name, email) in [
        ("Amélie Dubois", "amelie@interpreters.example.org"),
        ("Bruno Marchand", "bruno@interpreters.example.org"),
    ] {
        let r = admin
            .post(
                "/api/v1/users",
                json!({"email": email, "name": name, "role": "interpreter", "languages": ["fr"],
                       "password": "a password long enough"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        ids.push(id(&r.json()));
    }
    let closed = |title: &'static str, booths: Value| {
        let (manager, body) = (&manager, &body);
        async move {
            let r = manager
                .post(
                    "/api/v1/meetings",
                    json!({"title": title, "body_id": body, "starts_local": "2030-10-02T10:00",
                           "ends_local": "2030-10-02T13:00", "time_zone": "UTC", "access": "closed",
                           "interpreters": booths}),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.text);
            id(&r.json())
        }
    };
    let booked = closed("Closed consultations", json!({"fr": ids})).await;
    let other = closed("Bureau meeting", json!({})).await;
    let amelie = hub
        .sign_in("amelie@interpreters.example.org", "a password long enough")
        .await;

    // Amélie reads the meeting she interprets, and sees herself in the booth only.
    let r = amelie.get(&format!("/api/v1/meetings/{booked}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["interpreters"], json!({"fr": [ids[0]]}));
    let page = amelie.get(&format!("/meetings/{booked}?lang=en")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Interpretation"), "{}", page.text);
    // Not the other closed meeting, by id, page or Journal.
    amelie
        .get(&format!("/api/v1/meetings/{other}"))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(amelie.get(&format!("/meetings/{other}")).await.status, 404);
    let journal = amelie
        .get("/api/v1/journal?date=2030-10-02&time_zone=UTC")
        .await;
    assert_eq!(journal.status, 200, "{}", journal.text);
    let titles: Vec<String> = journal.json()["meetings"]
        .as_array()
        .expect("meetings")
        .iter()
        .filter_map(|m| m["title"].as_str().map(String::from))
        .collect();
    assert_eq!(titles, vec!["Closed consultations"]);
    // "My meetings" on the Journal's page are those she interprets.
    let other_public = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Open briefing", "body_id": body, "starts_local": "2030-10-02T14:00",
                   "ends_local": "2030-10-02T15:00", "time_zone": "UTC"}),
        )
        .await;
    assert_eq!(other_public.status, 201, "{}", other_public.text);
    let all = amelie
        .get("/journal?date=2030-10-02&time_zone=UTC&lang=en")
        .await;
    assert!(all.text.contains("Open briefing") && all.text.contains("Closed consultations"));
    let mine = amelie
        .get("/journal?date=2030-10-02&time_zone=UTC&lang=en&mine=true")
        .await;
    assert_eq!(mine.status, 200);
    assert!(
        mine.text.contains("Closed consultations") && !mine.text.contains("Open briefing"),
        "{}",
        mine.text
    );

    // She joins the live meeting for her booth (the socket's token); the
    // page's way in is her console.
    let r = amelie
        .post(&format!("/api/v1/meetings/{booked}/join-token"), json!({}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(
        page.text.contains("/room?") && page.text.contains("Interpreter’s console"),
        "the way to her console"
    );
    // No secretariat rights either.
    amelie
        .get("/api/v1/users")
        .await
        .assert_problem(403, "forbidden");

    // Staff see the whole team; a reader of a public meeting its languages only.
    let r = manager.get(&format!("/api/v1/meetings/{booked}")).await;
    assert_eq!(r.json()["interpreters"], json!({"fr": ids}));
    let public = manager
        .patch(
            &format!("/api/v1/meetings/{booked}"),
            json!({"access": "public"}),
        )
        .await;
    assert_eq!(public.status, 200, "{}", public.text);
    let r = hub
        .anonymous()
        .get(&format!("/api/v1/meetings/{booked}"))
        .await;
    assert_eq!(r.json()["interpreters"], json!({"fr": []}));
    let page = hub
        .anonymous()
        .get(&format!("/meetings/{booked}?lang=fr"))
        .await;
    assert!(
        page.text.contains("Interprétation") && page.text.contains("Français"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("Amélie"), "no interpreter's name");
}

async fn concurrent_bookings_of_one_interpreter_admit_exactly_one(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body) = manager_and_body(&hub).await;
    let amelie = interpreter(&hub, "Amélie Dubois", &["fr"]).await;
    let mut partners = Vec::new();
    for i in 0..8 {
        partners.push(interpreter(&hub, &format!("Partner {i}"), &["fr"]).await);
    }
    let mut tasks = Vec::new();
    for (i, partner) in partners.into_iter().enumerate() {
        // Each with a partner of its own, all with Amélie, all overlapping, no room.
        let (m, body, amelie) = (manager.clone(), body.clone(), amelie.clone());
        tasks.push(tokio::spawn(async move {
            meeting(
                &m,
                &body,
                &format!("Meeting {i}"),
                &format!("2030-10-02T10:{i:02}"),
                "2030-10-02T12:00",
                json!({"fr": [partner, amelie]}),
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    statuses.sort();
    assert_eq!(statuses, vec![201, 409, 409, 409, 409, 409, 409, 409]);
    assert_eq!(hub.count("meetings").await, 1);
    assert_eq!(hub.count("meeting_interpreters").await, 2);
}

fn booth(view: &plenary_protocol::signal::MeetingView, language: &str) -> Value {
    let interpretation = serde_json::to_value(&view.interpretation).expect("json");
    interpretation["booths"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["language"] == language).cloned())
        .unwrap_or(Value::Null)
}

/// Over the real websocket: the booked interpreters sit at their booths,
/// go on air and hand over; a delegate listens to French; the speaker says
/// the floor speaks French; everything refused is refused by its code.
async fn interpreters_work_their_booth_over_the_socket(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body) = manager_and_body(&hub).await;
    let (amelie, amelie_c) = hub.interpreter("Amélie Dubois", &["fr"]).await;
    let (bruno, bruno_c) = hub.interpreter("Bruno Marchand", &["fr"]).await;
    let (carla, carla_c) = hub.interpreter("Carla Ruiz", &["es"]).await;
    let (diego, _) = hub.interpreter("Diego Paz", &["es"]).await;
    let (_, stranger_c) = hub.interpreter("Not Booked", &["fr"]).await;
    let r = meeting(
        &manager,
        &body,
        "Plenary",
        "2030-10-02T10:00",
        "2030-10-02T13:00",
        json!({"fr": [amelie, bruno], "es": [carla, diego]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let m = id(&r.json());
    let secretariat = hub.user("secretariat", None).await;
    let kenya = hub.delegation("KEN").await;
    let delegate = hub.user("delegate", Some(&kenya)).await;

    // An interpreter the meeting did not book has no seat in it.
    stranger_c
        .post(&format!("/api/v1/meetings/{m}/join-token"), json!({}))
        .await
        .assert_problem(403, "forbidden");
    assert!(Live::connect(&hub.url, &stranger_c, &m, None)
        .await
        .is_err());

    let mut desk = Live::join(&hub.url, &secretariat, &m).await;
    desk.ok(json!({"command": "open"})).await;
    let mut ken = Live::join(&hub.url, &delegate, &m).await;
    let mut a = Live::join(&hub.url, &amelie_c, &m).await;
    let mut b2 = Live::join(&hub.url, &bruno_c, &m).await;
    let mut c = Live::join(&hub.url, &carla_c, &m).await;
    let view = ken.state().await;
    assert_eq!(booth(&view, "fr")["present"], json!([a.me.0, b2.me.0]));
    assert_eq!(booth(&view, "es")["present"], json!([c.me.0]));

    // Only an interpreter works a booth; an interpreter joins no debate.
    assert_eq!(
        ken.request(json!({"command": "on_air", "on": true})).await,
        Err("not_at_booth".into())
    );
    assert_eq!(
        a.request(json!({"command": "raise_hand"})).await,
        Err("interpreting".into())
    );

    // On air, the partner refused the microphone, then the handover.
    a.ok(json!({"command": "on_air", "on": true})).await;
    assert_eq!(
        b2.request(json!({"command": "on_air", "on": true})).await,
        Err("on_air_taken".into())
    );
    assert_eq!(
        b2.request(json!({"command": "accept_handover"})).await,
        Err("no_handover".into())
    );
    assert_eq!(
        a.request(json!({"command": "ask_handover", "to": c.me.0}))
            .await,
        Err("not_at_booth".into())
    );
    a.ok(json!({"command": "ask_handover", "to": b2.me.0}))
        .await;
    b2.ok(json!({"command": "accept_handover"})).await;
    assert_eq!(booth(&ken.state().await, "fr")["on_air"], json!(b2.me.0));

    // Relay: Spanish from French, and not back.
    c.ok(json!({"command": "relay", "from": "fr"})).await;
    assert_eq!(
        a.request(json!({"command": "relay", "from": "es"})).await,
        Err("relay_loop".into())
    );

    // A delegate listens to French; Arabic has no booth; a language the hub
    // does not have is no message at all.
    ken.ok(json!({"command": "listen_to", "channel": "fr"}))
        .await;
    assert_eq!(
        ken.request(json!({"command": "listen_to", "channel": "ar"}))
            .await,
        Err("no_booth".into())
    );
    assert_eq!(
        ken.request(json!({"command": "listen_to", "channel": "de"}))
            .await,
        Err("bad_message".into())
    );
    let view = desk.state().await;
    let me = view
        .participants
        .iter()
        .find(|p| p.id == ken.me)
        .expect("Kenya");
    assert_eq!(me.channel, Some(plenary_protocol::api::Language::Fr));

    // The floor's language: not the delegate's to say until they hold the floor.
    assert_eq!(
        ken.request(json!({"command": "floor_language", "language": "fr"}))
            .await,
        Err("not_chair".into())
    );
    desk.ok(json!({"command": "give_floor", "participant": ken.me.0}))
        .await;
    ken.ok(json!({"command": "floor_language", "language": "fr"}))
        .await;
    let view = b2.state().await;
    assert_eq!(
        serde_json::to_value(&view.interpretation).expect("json")["floor_language"],
        "fr",
        "the French booth is told"
    );

    // Off air, the channel goes back to the floor.
    b2.ok(json!({"command": "on_air", "on": false})).await;
    assert_eq!(booth(&ken.state().await, "fr")["on_air"], Value::Null);

    // The record keeps each change of the booths (written behind the meeting).
    let mut rows = 0;
    for _ in 0..100 {
        rows = sqlx::Row::try_get(
            &sqlx::query(
                "SELECT COUNT(*) AS n FROM meeting_record WHERE kind = 'interpretation_changed'",
            )
            .fetch_one(&hub.state.db)
            .await
            .expect("count"),
            "n",
        )
        .expect("n");
        if rows >= 8 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(rows >= 8, "{rows} changes of the booths recorded");
    // The record's page says who was on air in each booth, and from when.
    let record = secretariat
        .get(&format!("/meetings/{m}/record?lang=en"))
        .await;
    assert_eq!(record.status, 200);
    assert!(
        record.text.contains("interpretation: on air")
            && record.text.contains("fr: Bruno Marchand")
            && record.text.contains("fr: Amélie Dubois"),
        "{}",
        record.text
    );
}
