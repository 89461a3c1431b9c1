//! The HTTP API over real HTTP, each case against SQLite and against a real
//! PostgreSQL.

use plenary_tests::{Backend, Client, Hub, Scheduler, ADMIN_EMAIL, ADMIN_PASSWORD};
use reqwest::Method;
use serde_json::json;

plenary_tests::on_both_backends!(
    a_manager_schedules_two_meetings_and_a_clash_gets_409,
    each_role_is_allowed_or_refused_per_endpoint,
    cookie_writes_need_the_csrf_token_and_our_origin,
    repeated_failed_sign_ins_are_rate_limited,
    a_burst_of_wrong_passwords_gets_at_most_the_budget_in_verdicts,
    spraying_one_password_over_many_accounts_is_limited_per_address,
    a_real_sign_in_gets_through_during_a_flood,
    only_a_trusted_proxy_names_the_client,
    on_loopback_the_cookie_is_plain_and_signed_in_answers_are_not_stored,
    off_loopback_the_cookie_is_host_prefixed_and_secure_with_hsts,
    an_idle_session_ends_and_dead_sessions_are_deleted,
    readers_see_no_chair_or_invitations_or_restrictions_but_their_own,
    sessions_are_revocable,
    a_user_changes_their_own_password_knowing_the_current_one,
    local_times_round_trip_across_a_daylight_saving_change,
    ics_parses_back_with_time_zone_sequence_and_cancellation,
    closed_meetings_are_seen_only_by_staff_and_invited_delegations,
    the_personal_feed_needs_its_secret_token,
    bad_input_gets_a_problem_and_writes_nothing,
    concurrent_bookings_of_one_room_admit_exactly_one,
    meta_routes_and_unknown_routes_answer_in_kind,
);

/// A problem's title follows the reader's `Accept-Language`; its code and
/// its field errors stay as they are, and a language the hub does not speak
/// gets English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problems_are_titled_in_the_readers_language() {
    let hub = Hub::start(Backend::Sqlite).await;
    let anonymous = hub.anonymous();
    let missing = |language: &'static str| {
        let anonymous = &anonymous;
        async move {
            let headers: Vec<(&str, &str)> = if language.is_empty() {
                Vec::new()
            } else {
                vec![("accept-language", language)]
            };
            let r = anonymous
                .raw_with(
                    Method::GET,
                    "/api/v1/no-such-thing",
                    None,
                    Vec::new(),
                    &headers,
                )
                .await;
            r.assert_problem(404, "not_found")["title"]
                .as_str()
                .expect("title")
                .to_string()
        }
    };
    assert_eq!(missing("").await, "Not found");
    assert_eq!(missing("fr-CH, fr;q=0.9, en;q=0.5").await, "Introuvable");
    assert_eq!(missing("ar").await, "غير موجود");
    assert_eq!(missing("zh-Hans-CN").await, "未找到");
    assert_eq!(missing("de-DE, tlh").await, "Not found");

    let admin = hub.admin().await;
    let before = hub.count("delegations").await;
    let r = admin
        .raw_with(
            Method::POST,
            "/api/v1/delegations",
            Some("application/json"),
            br#"{"code": "not a code", "name": "X", "kind": "member_state"}"#.to_vec(),
            &[("accept-language", "es")],
        )
        .await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["title"], "Valores no válidos");
    assert_eq!(problem["errors"][0]["field"], "code");
    // What is wrong with the field is said in Spanish too; the rule's name stays.
    assert_eq!(problem["errors"][0]["rule"], "code");
    assert_eq!(
        problem["errors"][0]["message"],
        "debe tener de 1 a 32 caracteres entre A-Z, 0-9, '-', '.', '/' (p. ej. FRA)"
    );
    assert_eq!(hub.count("delegations").await, before);

    // A refusal's detail, with a count in it, follows the reader as well.
    let delegation = br#"{"code": "QAT", "name": "Qatar", "kind": "member_state"}"#;
    let create = |language: &'static str| {
        let admin = &admin;
        async move {
            admin
                .raw_with(
                    Method::POST,
                    "/api/v1/delegations",
                    Some("application/json"),
                    delegation.to_vec(),
                    &[("accept-language", language)],
                )
                .await
        }
    };
    let created = create("en").await;
    assert_eq!(created.status, 201, "{}", created.text);
    let taken = create("ar").await;
    let problem = taken.assert_problem(409, "already_exists");
    assert_eq!(problem["detail"], "يوجد وفد بهذا الرمز.");
    let taken = create("en").await;
    assert_eq!(
        taken.assert_problem(409, "already_exists")["detail"],
        "A delegation with this code exists."
    );
}

async fn manager_with_room(hub: &Hub) -> (Client, String, String) {
    let manager = hub.user("conference_manager", None).await;
    let s = Scheduler(&manager);
    let body = s.body("Second Committee").await;
    let room = s.room("Conference Room 2").await;
    (manager, body, room)
}

async fn a_manager_schedules_two_meetings_and_a_clash_gets_409(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let r = admin
        .post(
            "/api/v1/users",
            json!({"email": "cm@un.example.org", "name": "Conference Manager",
            "role": "conference_manager", "password": "a strong manager password"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let manager = hub
        .sign_in("CM@un.example.org", "a strong manager password")
        .await;
    let s = Scheduler(&manager);
    let body = s.body("Second Committee").await;
    let room = s.room("Conference Room 2").await;

    let first = s
        .meeting(
            &body,
            Some(&room),
            "2026-11-30T10:00",
            "2026-11-30T13:00",
            "America/New_York",
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let first = first.json();
    let second = s
        .meeting(
            &body,
            Some(&room),
            "2026-11-30T15:00",
            "2026-11-30T18:00",
            "America/New_York",
        )
        .await;
    assert_eq!(second.status, 201, "{}", second.text);

    // Overlaps the first by an hour, typed in another zone.
    let clash = s
        .meeting(
            &body,
            Some(&room),
            "2026-11-30T17:00",
            "2026-11-30T19:00",
            "Europe/Paris",
        )
        .await;
    let problem = clash.assert_problem(409, "room_conflict");
    assert_eq!(problem["conflicting_meeting"]["id"], first["id"]);
    assert_eq!(hub.count("meetings").await, 2);

    // Back to back is not a clash; another room is not a clash.
    let adjacent = s
        .meeting(
            &body,
            Some(&room),
            "2026-11-30T13:00",
            "2026-11-30T15:00",
            "America/New_York",
        )
        .await;
    assert_eq!(adjacent.status, 201, "{}", adjacent.text);
    let other_room = s.room("Trusteeship Council Chamber").await;
    let elsewhere = s
        .meeting(
            &body,
            Some(&other_room),
            "2026-11-30T10:00",
            "2026-11-30T13:00",
            "America/New_York",
        )
        .await;
    assert_eq!(elsewhere.status, 201);

    // Moving the adjacent meeting onto the first clashes too; cancelling frees the room.
    let id = adjacent.json()["id"].as_str().expect("id").to_string();
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_local": "2026-11-30T12:00"}),
        )
        .await;
    r.assert_problem(409, "room_conflict");
    let first_id = first["id"].as_str().expect("id");
    let r = manager
        .post(&format!("/api/v1/meetings/{first_id}/cancel"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["status"], "cancelled");
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_local": "2026-11-30T12:00"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // A cancelled meeting cannot be edited.
    manager
        .patch(
            &format!("/api/v1/meetings/{first_id}"),
            json!({"title": "Again"}),
        )
        .await
        .assert_problem(409, "invalid_state");
}

async fn each_role_is_allowed_or_refused_per_endpoint(b: Backend) {
    let hub = Hub::start(b).await;
    let delegation = hub.delegation("FRA").await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let meeting = Scheduler(&manager)
        .meeting(
            &body,
            Some(&room),
            "2026-12-01T10:00",
            "2026-12-01T11:00",
            "UTC",
        )
        .await
        .json();
    let mid = meeting["id"].as_str().expect("id").to_string();

    let clients: Vec<(&str, Client)> = vec![
        ("anonymous", hub.anonymous()),
        ("admin", hub.admin().await),
        ("conference_manager", manager.clone()),
        ("secretariat", hub.user("secretariat", None).await),
        ("delegate", hub.user("delegate", Some(&delegation)).await),
        ("interpreter", hub.user("interpreter", None).await),
    ];
    let mut n = 0;
    let new_meeting = |n: i32| {
        json!({"title": format!("M{n}"), "body_id": body, "starts_local": format!("2027-01-{:02}T10:00", n + 1),
                                      "ends_local": format!("2027-01-{:02}T11:00", n + 1), "time_zone": "UTC"})
    };
    for (role, client) in &clients {
        n += 1;
        let is = |roles: &[&str]| roles.contains(role);
        let signed_in = *role != "anonymous";
        let manages = is(&["admin", "conference_manager"]);
        let expect = |allowed: bool, ok: u16| {
            if allowed {
                ok
            } else if signed_in {
                403
            } else {
                401
            }
        };
        let checks: Vec<(Method, String, Option<serde_json::Value>, u16)> = vec![
            (
                Method::GET,
                "/api/v1/session".into(),
                None,
                expect(signed_in, 200),
            ),
            (
                Method::GET,
                "/api/v1/users".into(),
                None,
                expect(is(&["admin"]), 200),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                Some(
                    json!({"email": format!("x{n}@e.org"), "name": "X", "role": "secretariat", "password": "long enough password"}),
                ),
                expect(is(&["admin"]), 201),
            ),
            (
                Method::GET,
                "/api/v1/delegations".into(),
                None,
                expect(signed_in, 200),
            ),
            (
                Method::POST,
                "/api/v1/delegations".into(),
                Some(json!({"code": format!("D{n}"), "name": "D", "kind": "observer"})),
                expect(is(&["admin"]), 201),
            ),
            (
                Method::PATCH,
                format!("/api/v1/delegations/{delegation}"),
                Some(json!({"name": format!("France {n}")})),
                expect(is(&["admin"]), 200),
            ),
            (Method::GET, "/api/v1/bodies".into(), None, 200),
            (
                Method::POST,
                "/api/v1/bodies".into(),
                Some(json!({"name": format!("Body {n}")})),
                expect(manages, 201),
            ),
            (Method::GET, "/api/v1/rooms".into(), None, 200),
            (
                Method::POST,
                "/api/v1/rooms".into(),
                Some(json!({"name": format!("Room {n}")})),
                expect(manages, 201),
            ),
            (Method::GET, "/api/v1/meetings".into(), None, 200),
            (
                Method::POST,
                "/api/v1/meetings".into(),
                Some(new_meeting(n)),
                expect(manages, 201),
            ),
            (Method::GET, format!("/api/v1/meetings/{mid}"), None, 200),
            (
                Method::PATCH,
                format!("/api/v1/meetings/{mid}"),
                Some(json!({"title": format!("Renamed {n}")})),
                expect(manages, 200),
            ),
            (
                Method::GET,
                format!("/api/v1/meetings/{mid}/calendar.ics"),
                None,
                200,
            ),
            (
                Method::GET,
                "/api/v1/journal?date=2026-12-01".into(),
                None,
                200,
            ),
            (
                Method::POST,
                "/api/v1/session/feed".into(),
                Some(json!({})),
                expect(signed_in, 200),
            ),
        ];
        for (method, path, body, want) in checks {
            let r = client.send(method.clone(), &path, body).await;
            assert_eq!(r.status, want, "{role} {method} {path}: {}", r.text);
            if want >= 400 {
                r.assert_problem(
                    want,
                    if want == 401 {
                        "unauthenticated"
                    } else {
                        "forbidden"
                    },
                );
            }
        }
    }
}

async fn cookie_writes_need_the_csrf_token_and_our_origin(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let mut no_token = manager.clone();
    no_token.csrf = None;
    no_token
        .post("/api/v1/rooms", json!({"name": "R"}))
        .await
        .assert_problem(403, "csrf_failed");
    let mut wrong = manager.clone();
    wrong.csrf = Some("not-the-token".into());
    wrong
        .post("/api/v1/rooms", json!({"name": "R"}))
        .await
        .assert_problem(403, "csrf_failed");
    let r = manager
        .http
        .post(format!("{}/api/v1/rooms", hub.url))
        .header("cookie", manager.cookie.clone().expect("cookie"))
        .header("x-csrf-token", manager.csrf.clone().expect("csrf"))
        .header("origin", "https://evil.example.com")
        .json(&json!({"name": "R"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 403);
    assert_eq!(hub.count("rooms").await, 0);
    // Reads need no token; the right token and no foreign Origin pass.
    assert_eq!(no_token.get("/api/v1/session").await.status, 200);
    assert_eq!(
        manager
            .post("/api/v1/rooms", json!({"name": "R"}))
            .await
            .status,
        201
    );
    // The cookie is HttpOnly and SameSite.
    let r = hub
        .anonymous()
        .post(
            "/api/v1/session",
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await;
    let cookie = r.header("set-cookie").expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

async fn repeated_failed_sign_ins_are_rate_limited(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_LOGIN_MAX_FAILURES", "3")]).await;
    let anon = hub.anonymous();
    for _ in 0..3 {
        anon.post(
            "/api/v1/session",
            json!({"email": ADMIN_EMAIL, "password": "wrong password!!"}),
        )
        .await
        .assert_problem(401, "invalid_credentials");
    }
    // Even the right password is refused now, with Retry-After.
    let r = anon
        .post(
            "/api/v1/session",
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await;
    r.assert_problem(429, "rate_limited");
    let wait: u64 = r
        .header("retry-after")
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!(wait > 0 && wait <= 900);
    // An unknown email answers like a wrong password.
    anon.post(
        "/api/v1/session",
        json!({"email": "nobody@e.org", "password": "whatever password"}),
    )
    .await
    .assert_problem(401, "invalid_credentials");
}

async fn sessions_are_revocable(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.admin().await;
    let r = admin
        .post("/api/v1/users", json!({"email": "s@e.org", "name": "S", "role": "secretariat", "password": "first password ok"}))
        .await;
    let uid = r.json()["id"].as_str().expect("id").to_string();

    // Sign out revokes the session server-side, not only the cookie.
    let a = hub.sign_in("s@e.org", "first password ok").await;
    assert_eq!(a.delete("/api/v1/session").await.status, 204);
    a.get("/api/v1/session")
        .await
        .assert_problem(401, "unauthenticated");

    // Revoking one session by id.
    let b1 = hub.sign_in("s@e.org", "first password ok").await;
    let sid = b1.get("/api/v1/session").await.json()["session_id"]
        .as_str()
        .expect("sid")
        .to_string();
    assert_eq!(
        b1.delete(&format!("/api/v1/sessions/{sid}")).await.status,
        204
    );
    assert_eq!(b1.get("/api/v1/session").await.status, 401);

    // The admin signs a user out everywhere.
    let c1 = hub.sign_in("s@e.org", "first password ok").await;
    let c2 = hub.sign_in("s@e.org", "first password ok").await;
    assert_eq!(
        admin
            .delete(&format!("/api/v1/users/{uid}/sessions"))
            .await
            .status,
        204
    );
    assert_eq!(c1.get("/api/v1/session").await.status, 401);
    assert_eq!(c2.get("/api/v1/session").await.status, 401);

    // A password change signs out; a disabled user cannot sign in.
    let d = hub.sign_in("s@e.org", "first password ok").await;
    assert_eq!(
        admin
            .patch(
                &format!("/api/v1/users/{uid}"),
                json!({"password": "second password ok"})
            )
            .await
            .status,
        200
    );
    assert_eq!(d.get("/api/v1/session").await.status, 401);
    let e = hub.sign_in("s@e.org", "second password ok").await;
    assert_eq!(
        admin
            .patch(&format!("/api/v1/users/{uid}"), json!({"disabled": true}))
            .await
            .status,
        200
    );
    assert_eq!(e.get("/api/v1/session").await.status, 401);
    hub.anonymous()
        .post(
            "/api/v1/session",
            json!({"email": "s@e.org", "password": "second password ok"}),
        )
        .await
        .assert_problem(401, "invalid_credentials");
}

async fn a_user_changes_their_own_password_knowing_the_current_one(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_LOGIN_MAX_FAILURES", "3")]).await;
    let admin = hub.admin().await;
    let (email, password) = hub.account("secretariat", "Ines Duarte", None).await;
    let here = hub.sign_in(&email, password).await;
    let elsewhere = hub.sign_in(&email, password).await;
    let change = |client: &Client, current: &str, new: &str| {
        let client = client.clone();
        let body = json!({"current_password": current, "new_password": new});
        async move { client.post("/api/v1/session/password", body).await }
    };

    // Only a session's owner, with its CSRF token, changes its password.
    change(&hub.anonymous(), password, "a brand new passphrase")
        .await
        .assert_problem(401, "unauthenticated");
    let mut no_token = here.clone();
    no_token.csrf = None;
    change(&no_token, password, "a brand new passphrase")
        .await
        .assert_problem(403, "csrf_failed");

    // Passwords that guessers try first are refused, each with its rule;
    // the current one stays.
    let local = email.split('@').next().expect("local part").to_string();
    let upper = email.to_uppercase();
    for guessable in [
        "password1234",
        "Sunshine2026!",
        "qwertyuiop12",
        "abcabcabcabc",
        "123456789012",
        "zyxwvutsrqpo",
        upper.as_str(),
        local.as_str(),
        "Ines Duarte 1975",
    ] {
        let r = change(&here, password, guessable).await;
        let problem = r.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "new_password", "{guessable}");
        assert_eq!(
            problem["errors"][0]["rule"], "common_password",
            "{guessable}"
        );
    }
    let r = change(&here, password, "too short").await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["rule"], "password_too_short");

    // A wrong current password changes nothing; repeated, it is limited as
    // wrong passwords at sign-in are.
    let before = hub.count("audit_log").await;
    for _ in 0..3 {
        let r = change(&here, "not my password at all", "a brand new passphrase").await;
        let problem = r.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "current_password");
        assert_eq!(problem["errors"][0]["rule"], "current_password");
    }
    change(&here, password, "a brand new passphrase")
        .await
        .assert_problem(429, "rate_limited");
    assert_eq!(hub.count("audit_log").await, before);
    assert_eq!(elsewhere.get("/api/v1/session").await.status, 200);

    // With the current password (another account, as this one waits out
    // its limit): a new session here, every other one ended.
    let (email, password) = hub.account("conference_manager", "Kofi Mensah", None).await;
    let here = hub.sign_in(&email, password).await;
    let elsewhere = hub.sign_in(&email, password).await;
    let r = change(&here, password, "a brand new passphrase").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let cookie = r
        .header("set-cookie")
        .and_then(|c| c.split(';').next().map(str::to_string))
        .expect("a new session cookie");
    assert_ne!(Some(&cookie), here.cookie.as_ref());
    let csrf = r.json()["csrf_token"].as_str().map(str::to_string);
    assert!(csrf.is_some() && csrf != here.csrf);
    let mut renewed = here.clone();
    renewed.cookie = Some(cookie);
    renewed.csrf = csrf;
    let me = renewed.get("/api/v1/session").await.json();
    assert_eq!(me["user"]["email"], email);
    assert_eq!(here.get("/api/v1/session").await.status, 401);
    assert_eq!(elsewhere.get("/api/v1/session").await.status, 401);
    hub.anonymous()
        .post(
            "/api/v1/session",
            json!({"email": email, "password": password}),
        )
        .await
        .assert_problem(401, "invalid_credentials");
    hub.sign_in(&email, "a brand new passphrase").await;

    let id = me["user"]["id"].as_str().expect("id");
    let changed = hub
        .audited(&format!("action=password_changed&subject=user:{id}"), 1)
        .await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["actor"], id);
    let log = admin.get("/api/v1/audit/export").await.text;
    assert!(!log.contains("a brand new passphrase"));
}

async fn local_times_round_trip_across_a_daylight_saving_change(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let s = Scheduler(&manager);
    // New York moves to daylight time on 2026-03-08 at 02:00.
    let before = s
        .meeting(
            &body,
            Some(&room),
            "2026-03-07T10:00",
            "2026-03-07T12:00",
            "America/New_York",
        )
        .await
        .json();
    let after = s
        .meeting(
            &body,
            Some(&room),
            "2026-03-09T10:00",
            "2026-03-09T12:00",
            "America/New_York",
        )
        .await
        .json();
    assert_eq!(before["starts_at"], "2026-03-07T15:00:00Z");
    assert_eq!(after["starts_at"], "2026-03-09T14:00:00Z");
    assert_eq!(before["starts_local"], "2026-03-07T10:00:00");
    assert_eq!(after["starts_local"], "2026-03-09T10:00:00");
    // Read back unchanged.
    let id = after["id"].as_str().expect("id");
    let again = manager.get(&format!("/api/v1/meetings/{id}")).await.json();
    assert_eq!(again["starts_local"], "2026-03-09T10:00:00");
    assert_eq!(again["time_zone"], "America/New_York");

    // A time the clocks skip, and one they pass twice, are refused.
    let r = s
        .meeting(
            &body,
            None,
            "2026-03-08T02:30",
            "2026-03-08T04:00",
            "America/New_York",
        )
        .await;
    let p = r.assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["field"], "starts_local");
    s.meeting(
        &body,
        None,
        "2026-11-01T01:30",
        "2026-11-01T03:00",
        "America/New_York",
    )
    .await
    .assert_problem(422, "validation_failed");

    // The Journal takes the day in the asked zone: 2026-03-09 in Tokyo holds neither meeting
    // (10:00 New York is 00:00 next day there), 2026-03-10 Tokyo holds the second.
    let day = |date: &str, tz: &str| format!("/api/v1/journal?date={date}&time_zone={tz}");
    let j = hub
        .anonymous()
        .get(&day("2026-03-09", "America/New_York"))
        .await
        .json();
    assert_eq!(j["meetings"].as_array().map(Vec::len), Some(1));
    assert_eq!(j["meetings"][0]["id"], after["id"]);
    let j = hub
        .anonymous()
        .get(&day("2026-03-10", "Asia/Tokyo"))
        .await
        .json();
    assert_eq!(j["meetings"].as_array().map(Vec::len), Some(1));
    let j = hub
        .anonymous()
        .get(&day("2026-03-08", "America/New_York"))
        .await
        .json();
    assert_eq!(j["meetings"].as_array().map(Vec::len), Some(0));
    hub.anonymous()
        .get(&day("2026-03-08", "Mars/Olympus"))
        .await
        .assert_problem(422, "validation_failed");
    hub.anonymous()
        .get("/api/v1/journal?date=yesterday")
        .await
        .assert_problem(422, "validation_failed");
}

/// Parses a calendar with an independent parser and returns (timezones, events).
fn parse_calendar(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut reader = ical::IcalParser::new(text.as_bytes());
    let cal = reader
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(reader.next().is_none(), "exactly one calendar");
    cal
}

fn prop<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

async fn ics_parses_back_with_time_zone_sequence_and_cancellation(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let r = manager
        .post("/api/v1/meetings", json!({"title": "Plenary, 12th meeting; \"Agenda\" item 17", "body_id": body, "room_id": room,
            "starts_local": "2026-03-09T10:00", "ends_local": "2026-03-09T13:00", "time_zone": "America/New_York",
            "agenda": [{"number": "17 (a)", "title": "Financing for development"}, {"title": "مسائل السياسة الاقتصادية الكلية"}]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/meetings/{id}/calendar.ics");

    let r = hub.anonymous().get(&path).await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/calendar")));
    assert!(r.text.contains("\r\n") && r.text.lines().all(|l| l.len() <= 76));
    let cal = parse_calendar(&r.text);
    assert_eq!(
        prop(&cal.properties, "VERSION").and_then(|p| p.value.as_deref()),
        Some("2.0")
    );
    assert_eq!(cal.events.len(), 1);
    let ev = &cal.events[0].properties;
    let start = prop(ev, "DTSTART").expect("DTSTART");
    assert_eq!(start.value.as_deref(), Some("20260309T100000"));
    let tzid = start
        .params
        .as_ref()
        .and_then(|p| p.iter().find(|(k, _)| k == "TZID"))
        .map(|(_, v)| v[0].clone());
    assert_eq!(tzid.as_deref(), Some("America/New_York"));
    assert_eq!(
        prop(ev, "SUMMARY").and_then(|p| p.value.as_deref()),
        Some("Plenary\\, 12th meeting\\; \"Agenda\" item 17")
    );
    assert_eq!(
        prop(ev, "SEQUENCE").and_then(|p| p.value.as_deref()),
        Some("0")
    );
    assert_eq!(
        prop(ev, "STATUS").and_then(|p| p.value.as_deref()),
        Some("CONFIRMED")
    );
    assert_eq!(
        prop(ev, "LOCATION").and_then(|p| p.value.as_deref()),
        Some("Conference Room 2")
    );
    assert!(prop(ev, "DESCRIPTION")
        .and_then(|p| p.value.as_deref())
        .is_some_and(|d| d.contains("مسائل")));
    // The zone is defined, with the change to daylight time that precedes the meeting.
    assert_eq!(cal.timezones.len(), 1);
    let tz = &cal.timezones[0];
    assert_eq!(
        prop(&tz.properties, "TZID").and_then(|p| p.value.as_deref()),
        Some("America/New_York")
    );
    let changes: Vec<(String, String)> = tz
        .transitions
        .iter()
        .map(|t| {
            (
                prop(&t.properties, "DTSTART")
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default(),
                prop(&t.properties, "TZOFFSETTO")
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        changes.contains(&("20260308T020000".into(), "-0400".into())),
        "{changes:?}"
    );

    // Rescheduling bumps SEQUENCE; cancelling bumps it again and says CANCELLED.
    let r = manager
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_local": "2026-03-09T11:00"}),
        )
        .await;
    assert_eq!(r.json()["sequence"], 1);
    let ev = parse_calendar(&hub.anonymous().get(&path).await.text)
        .events
        .remove(0)
        .properties;
    assert_eq!(
        prop(&ev, "SEQUENCE").and_then(|p| p.value.as_deref()),
        Some("1")
    );
    assert_eq!(
        prop(&ev, "DTSTART").and_then(|p| p.value.as_deref()),
        Some("20260309T110000")
    );
    // Changing only the agenda does not move the calendar entry.
    let r = manager
        .patch(&format!("/api/v1/meetings/{id}"), json!({"agenda": []}))
        .await;
    assert_eq!(r.json()["sequence"], 1);
    manager
        .post(&format!("/api/v1/meetings/{id}/cancel"), json!({}))
        .await;
    let ev = parse_calendar(&hub.anonymous().get(&path).await.text)
        .events
        .remove(0)
        .properties;
    assert_eq!(
        prop(&ev, "SEQUENCE").and_then(|p| p.value.as_deref()),
        Some("2")
    );
    assert_eq!(
        prop(&ev, "STATUS").and_then(|p| p.value.as_deref()),
        Some("CANCELLED")
    );
}

async fn closed_meetings_are_seen_only_by_staff_and_invited_delegations(b: Backend) {
    let hub = Hub::start(b).await;
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let r = manager
        .post("/api/v1/meetings", json!({"title": "Informal consultations", "body_id": body, "room_id": room,
            "starts_local": "2026-12-02T10:00", "ends_local": "2026-12-02T11:00", "time_zone": "Europe/Zurich",
            "access": "closed", "invited_delegations": [fra]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/meetings/{id}");
    let journal = "/api/v1/journal?date=2026-12-02&time_zone=Europe/Zurich";

    let invited = hub.user("delegate", Some(&fra)).await;
    let outsider = hub.user("delegate", Some(&ken)).await;
    let secretariat = hub.user("secretariat", None).await;
    for (who, client, sees) in [
        ("invited delegate", &invited, true),
        ("secretariat", &secretariat, true),
        ("other delegate", &outsider, false),
        ("anonymous", &hub.anonymous(), false),
    ] {
        let r = client.get(&path).await;
        assert_eq!(r.status, if sees { 200 } else { 404 }, "{who}: {}", r.text);
        let count = client.get(journal).await.json()["meetings"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(count, usize::from(sees), "{who} journal");
        let ics = client.get(&format!("{path}/calendar.ics")).await;
        assert_eq!(ics.status, if sees { 200 } else { 404 }, "{who} ics");
    }
    // Inviting KEN later opens it to KEN's delegates.
    let r = manager
        .patch(&path, json!({"invited_delegations": [fra, ken]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(outsider.get(&path).await.status, 200);
}

async fn the_personal_feed_needs_its_secret_token(b: Backend) {
    let hub = Hub::start(b).await;
    let fra = hub.delegation("FRA").await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let soon = (chrono::Utc::now() + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    let create = |title: &str, hour: u32, access: &str| {
        json!({"title": title, "body_id": body, "room_id": room, "starts_local": format!("{soon}T{hour:02}:00"),
               "ends_local": format!("{soon}T{:02}:00", hour + 1), "time_zone": "UTC", "access": access})
    };
    assert_eq!(
        manager
            .post("/api/v1/meetings", create("Open meeting", 9, "public"))
            .await
            .status,
        201
    );
    assert_eq!(
        manager
            .post("/api/v1/meetings", create("Closed meeting", 11, "closed"))
            .await
            .status,
        201
    );

    let delegate = hub.user("delegate", Some(&fra)).await;
    let url = delegate
        .post("/api/v1/session/feed", json!({}))
        .await
        .json()["url"]
        .as_str()
        .expect("url")
        .to_string();
    assert!(url.starts_with(&hub.url));
    let path = url.trim_start_matches(&hub.url).to_string();
    let r = hub.anonymous().get(&path).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let cal = parse_calendar(&r.text);
    let titles: Vec<_> = cal
        .events
        .iter()
        .filter_map(|e| prop(&e.properties, "SUMMARY").and_then(|p| p.value.clone()))
        .collect();
    assert_eq!(
        titles,
        vec!["Open meeting".to_string()],
        "the delegate's feed hides the closed meeting"
    );

    // A new token replaces the old; a made-up one finds nothing.
    let url2 = delegate
        .post("/api/v1/session/feed", json!({}))
        .await
        .json()["url"]
        .as_str()
        .expect("url")
        .to_string();
    assert_ne!(url, url2);
    hub.anonymous()
        .get(&path)
        .await
        .assert_problem(404, "not_found");
    hub.anonymous()
        .get("/api/v1/feeds/forged/calendar.ics")
        .await
        .assert_problem(404, "not_found");

    // A password reset ends the feed too: it is a credential of its own.
    let path2 = url2.trim_start_matches(&hub.url).to_string();
    assert_eq!(hub.anonymous().get(&path2).await.status, 200);
    let documents = delegate
        .post("/api/v1/session/documents-feed", json!({}))
        .await
        .json()["url"]
        .as_str()
        .expect("url")
        .trim_start_matches(&hub.url)
        .to_string();
    assert_eq!(hub.anonymous().get(&documents).await.status, 200);
    let me = delegate.get("/api/v1/session").await.json()["user"]["id"].clone();
    let me = me.as_str().expect("id");
    let r = hub
        .admin()
        .await
        .patch(
            &format!("/api/v1/users/{me}"),
            json!({"password": "a brand new password"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    for ended in [&path2, &documents] {
        hub.anonymous()
            .get(ended)
            .await
            .assert_problem(404, "not_found");
    }
}

async fn bad_input_gets_a_problem_and_writes_nothing(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let good = json!({"title": "T", "body_id": body, "room_id": room, "starts_local": "2026-12-03T10:00",
                      "ends_local": "2026-12-03T11:00", "time_zone": "UTC"});
    let with = |k: &str, v: serde_json::Value| {
        let mut m = good.clone();
        m[k] = v;
        m
    };
    let raw = |bytes: &[u8]| {
        manager.raw(
            Method::POST,
            "/api/v1/meetings",
            Some("application/json"),
            bytes.to_vec(),
        )
    };

    raw(b"{\"title\": ")
        .await
        .assert_problem(400, "invalid_json");
    raw(b"not json at all")
        .await
        .assert_problem(400, "invalid_json");
    raw(&[0xff, 0xfe, 0x00])
        .await
        .assert_problem(400, "invalid_json");
    manager
        .raw(
            Method::POST,
            "/api/v1/meetings",
            Some("text/plain"),
            good.to_string().into_bytes(),
        )
        .await
        .assert_problem(415, "unsupported_media_type");
    manager
        .post("/api/v1/meetings", with("colour", json!("blue")))
        .await
        .assert_problem(400, "invalid_json");
    manager
        .post("/api/v1/meetings", with("room_id", json!(42)))
        .await
        .assert_problem(400, "invalid_json");
    let p = manager
        .post(
            "/api/v1/meetings",
            with("ends_local", json!("2026-12-03T09:00")),
        )
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["field"], "ends_local");
    manager
        .post(
            "/api/v1/meetings",
            with("time_zone", json!("Atlantis/Capital")),
        )
        .await
        .assert_problem(422, "validation_failed");
    manager
        .post(
            "/api/v1/meetings",
            with("starts_local", json!("tomorrow at ten")),
        )
        .await
        .assert_problem(422, "validation_failed");
    manager
        .post(
            "/api/v1/meetings",
            with("ends_local", json!("2026-12-05T11:00")),
        )
        .await
        .assert_problem(422, "validation_failed");
    manager
        .post(
            "/api/v1/meetings",
            with("body_id", json!(uuid::Uuid::new_v4())),
        )
        .await
        .assert_problem(422, "validation_failed");
    manager
        .post(
            "/api/v1/meetings",
            with("invited_delegations", json!([uuid::Uuid::new_v4()])),
        )
        .await
        .assert_problem(422, "validation_failed");

    // A 10 MB body is refused before it is read whole.
    let (status, body) = send_announced_body(&hub, &manager, 10 << 20).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"code\":\"payload_too_large\""), "{body}");
    // A huge agenda, and an agenda item too long.
    let items: Vec<_> = (0..5000)
        .map(|i| json!({"title": format!("Item {i}")}))
        .collect();
    let p = manager
        .post("/api/v1/meetings", with("agenda", json!(items)))
        .await
        .assert_problem(422, "validation_failed");
    assert!(p["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("at most 200")));
    manager
        .post(
            "/api/v1/meetings",
            with("agenda", json!([{"title": "y".repeat(1001)}])),
        )
        .await
        .assert_problem(422, "validation_failed");

    // Hostile strings: control characters are refused; markup and SQL are stored as inert text.
    for bad in ["a\u{0}b", "line\nbreak", "\u{1b}[31mred", "   ", ""] {
        manager
            .post("/api/v1/meetings", with("title", json!(bad)))
            .await
            .assert_problem(422, "validation_failed");
    }
    manager
        .post("/api/v1/rooms", json!({"name": "x\u{0}"}))
        .await
        .assert_problem(422, "validation_failed");
    manager
        .post("/api/v1/rooms", json!({"name": "x".repeat(201)}))
        .await
        .assert_problem(422, "validation_failed");
    manager
        .patch("/api/v1/meetings/not-a-uuid", json!({}))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(hub.count("meetings").await, 0);
    assert_eq!(hub.count("agenda_items").await, 0);
    assert_eq!(hub.count("rooms").await, 1);

    let hostile = "'); DROP TABLE meetings; -- <script>alert(1)</script> \u{202e}";
    let r = manager
        .post("/api/v1/meetings", with("title", json!(hostile)))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["title"], hostile.trim());
    assert_eq!(hub.count("meetings").await, 1);

    // Users: the same rules.
    let admin = hub.admin().await;
    admin.post("/api/v1/users", json!({"email": "not-an-email", "name": "N", "role": "secretariat", "password": "long enough password"})).await.assert_problem(422, "validation_failed");
    admin
        .post(
            "/api/v1/users",
            json!({"email": "a@e.org", "name": "N", "role": "secretariat", "password": "short"}),
        )
        .await
        .assert_problem(422, "validation_failed");
    admin.post("/api/v1/users", json!({"email": "a@e.org", "name": "N", "role": "delegate", "password": "long enough password"})).await.assert_problem(422, "validation_failed");
    admin.post("/api/v1/users", json!({"email": "a@e.org", "name": "N", "role": "emperor", "password": "long enough password"})).await.assert_problem(400, "invalid_json");
    let users = hub.count("users").await;
    admin.post("/api/v1/users", json!({"email": ADMIN_EMAIL, "name": "N", "role": "secretariat", "password": "long enough password"})).await.assert_problem(409, "already_exists");
    assert_eq!(hub.count("users").await, users);
}

/// Announces a JSON body of `len` bytes, sends its first 64 KiB and reads the
/// answer: the hub must refuse from the announced length without waiting for
/// (or buffering) the rest.
async fn send_announced_body(hub: &Hub, client: &Client, len: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = hub.url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /api/v1/meetings HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\
         Cookie: {}\r\nX-CSRF-Token: {}\r\nConnection: close\r\n\r\n",
        client.cookie.as_deref().unwrap_or_default(),
        client.csrf.as_deref().unwrap_or_default()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    let _ = stream.write_all(&vec![b' '; 64 << 10]).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

async fn concurrent_bookings_of_one_room_admit_exactly_one(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body, room) = manager_with_room(&hub).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let m = manager.clone();
        let (body, room) = (body.clone(), room.clone());
        tasks.push(tokio::spawn(async move {
            // Every one overlaps every other.
            Scheduler(&m)
                .meeting(
                    &body,
                    Some(&room),
                    &format!("2026-12-04T10:{i:02}"),
                    "2026-12-04T12:00",
                    "UTC",
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
}

async fn meta_routes_and_unknown_routes_answer_in_kind(b: Backend) {
    let hub = Hub::start(b).await;
    let anon = hub.anonymous();
    assert_eq!(anon.get("/healthz").await.status, 200);
    let ready = anon.get("/readyz").await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["database"], true);
    assert_eq!(ready.json()["objects"], true);
    if b == Backend::Sqlite {
        // Acknowledged writes are durable: WAL with full sync on every connection.
        for (pragma, want) in [("journal_mode", "wal"), ("synchronous", "2")] {
            let row = sqlx::query(&format!("PRAGMA {pragma}"))
                .fetch_one(&hub.state.db)
                .await
                .expect("pragma");
            let got: String = sqlx::Row::try_get(&row, 0)
                .or_else(|_| sqlx::Row::try_get::<i64, _>(&row, 0).map(|n| n.to_string()))
                .expect("value");
            assert_eq!(got, want, "PRAGMA {pragma}");
        }
    }
    let r = anon.get("/").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.header("x-request-id").is_some());
    anon.get("/api/v1/nothing-here")
        .await
        .assert_problem(404, "not_found");
    anon.send(Method::PUT, "/api/v1/bodies", None)
        .await
        .assert_problem(405, "method_not_allowed");

    // The OpenAPI document covers every route the router serves.
    let doc = anon.get("/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().expect("paths");
    let expected = [
        ("/", "get"),
        ("/journal", "get"),
        ("/meetings/{id}", "get"),
        ("/documents/{id}", "get"),
        ("/assets/plenary.css", "get"),
        ("/meetings/{id}/room", "get"),
        ("/meetings/{id}/watch", "get"),
        ("/schedule", "get"),
        ("/meetings/{id}/edit", "get"),
        ("/admin", "get"),
        ("/admin/audit", "get"),
        ("/account", "get"),
        ("/account/two-factor", "get"),
        ("/account/two-factor", "post"),
        ("/account/two-factor/remove", "post"),
        ("/sign-in/code", "get"),
        ("/sign-in/code", "post"),
        ("/documents", "get"),
        ("/documents/new", "get"),
        ("/meetings/{id}/minutes", "get"),
        ("/meetings/{id}/minutes/edit", "get"),
        ("/meetings/{id}/record", "get"),
        ("/meetings/{id}/votes/{number}", "get"),
        ("/sign-in", "get"),
        ("/sign-in", "post"),
        ("/sign-in/organisation", "get"),
        ("/sign-in/organisation/callback", "get"),
        ("/sign-out", "post"),
        ("/pkg/{file}", "get"),
        ("/pkg/room/{file}", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/api/openapi.json", "get"),
        ("/api/v1/session", "post"),
        ("/api/v1/session", "get"),
        ("/api/v1/session", "delete"),
        ("/api/v1/session/feed", "post"),
        ("/api/v1/session/documents-feed", "post"),
        ("/api/v1/session/documents-feed", "delete"),
        ("/api/v1/session/password", "post"),
        ("/api/v1/session/code", "post"),
        ("/api/v1/session/two-factor", "post"),
        ("/api/v1/session/two-factor/confirm", "post"),
        ("/api/v1/session/two-factor/remove", "post"),
        ("/api/v1/sessions/{id}", "delete"),
        ("/api/v1/users", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/users/{id}", "get"),
        ("/api/v1/users/{id}", "patch"),
        ("/api/v1/users/{id}/sessions", "delete"),
        ("/api/v1/delegations", "get"),
        ("/api/v1/delegations", "post"),
        ("/api/v1/delegations/{id}", "patch"),
        ("/api/v1/audit", "get"),
        ("/api/v1/audit/export", "get"),
        ("/api/v1/bodies", "get"),
        ("/api/v1/bodies", "post"),
        ("/api/v1/rooms", "get"),
        ("/api/v1/rooms", "post"),
        ("/api/v1/meetings", "get"),
        ("/api/v1/meetings", "post"),
        ("/api/v1/meetings/{id}", "get"),
        ("/api/v1/meetings/{id}", "patch"),
        ("/api/v1/meetings/{id}/cancel", "post"),
        ("/api/v1/meetings/{id}/calendar.ics", "get"),
        ("/api/v1/feeds/{token}/calendar.ics", "get"),
        ("/api/v1/journal", "get"),
        ("/api/v1/preview", "post"),
        ("/api/v1/documents", "get"),
        ("/api/v1/documents", "post"),
        ("/api/v1/documents/{id}", "get"),
        ("/api/v1/documents/{id}/withdraw", "post"),
        ("/api/v1/documents/{id}/files/{language}", "put"),
        ("/api/v1/documents/{id}/files/{language}", "get"),
        ("/api/v1/documents/{id}/files/{language}/{file}", "get"),
        ("/api/v1/documents/{id}/lineage", "get"),
        ("/api/v1/documents/{id}/sponsors", "get"),
        ("/api/v1/documents/{id}/sponsors.atom", "get"),
        ("/api/v1/documents/{id}/co-sponsors/{delegation}", "put"),
        ("/api/v1/documents/{id}/co-sponsors/{delegation}", "delete"),
        ("/api/v1/documents/{id}/main-sponsors", "post"),
        ("/api/v1/documents/{id}/sponsors/close", "post"),
        ("/api/v1/feeds/documents", "get"),
        ("/api/v1/feeds/{token}/documents.atom", "get"),
        ("/api/v1/search", "get"),
        ("/api/v1/meetings/{id}/chair", "put"),
        ("/api/v1/meetings/{id}/secretary", "put"),
        ("/api/v1/meetings/{id}/join-token", "post"),
        ("/api/v1/meetings/{id}/viewer-links", "post"),
        ("/api/v1/meetings/{id}/live", "get"),
        ("/api/v1/meetings/{id}/media", "get"),
        ("/api/v1/meetings/{id}/record", "get"),
        ("/api/v1/meetings/{id}/votes", "get"),
        ("/api/v1/meetings/{id}/votes/{number}", "get"),
        ("/api/v1/meetings/{id}/statements", "get"),
        ("/api/v1/meetings/{id}/statements/{language}", "put"),
        ("/api/v1/meetings/{id}/statements/{statement}/file", "get"),
        ("/api/v1/meetings/{id}/recordings", "get"),
        ("/api/v1/meetings/{id}/recordings/{recording}", "get"),
        ("/api/v1/meetings/{id}/minutes", "get"),
        ("/api/v1/meetings/{id}/minutes", "post"),
        ("/api/v1/meetings/{id}/minutes/from-record", "get"),
        ("/api/v1/meetings/{id}/minutes/revisions", "get"),
        ("/api/v1/meetings/{id}/minutes/revisions", "post"),
        ("/api/v1/meetings/{id}/minutes/revisions/{number}", "get"),
        ("/api/v1/meetings/{id}/minutes/autosave", "post"),
        ("/api/v1/meetings/{id}/minutes/review", "post"),
        ("/api/v1/meetings/{id}/minutes/return", "post"),
        ("/api/v1/meetings/{id}/minutes/publish", "post"),
        (
            "/api/v1/meetings/{id}/minutes/versions/{version}/{kind}",
            "get",
        ),
    ];
    let documented: usize = paths
        .values()
        .map(|p| p.as_object().map_or(0, |o| o.len()))
        .sum();
    assert_eq!(
        documented,
        expected.len(),
        "every operation is listed here and documented"
    );
    for (path, method) in expected {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} documented"
        );
        // And the router really serves it (no 404 from the fallback for the path itself).
        let probe = path
            .replace("{id}", &uuid::Uuid::new_v4().to_string())
            .replace("{token}", "t")
            .replace("{language}", "en");
        let r = anon
            .send(
                method.to_uppercase().parse().expect("method"),
                &probe,
                Some(json!({})),
            )
            .await;
        assert!(r.status != 405, "{method} {path} routed: {}", r.text);
    }
    assert!(doc["components"]["schemas"].get("Problem").is_some());
}

/// Sign-in attempts for `email` sent all at once, each from `from` (as a
/// trusted proxy names it); their statuses.
async fn guesses(hub: &Hub, from: &str, emails: &[String], password: &str) -> Vec<u16> {
    let sends = emails.iter().map(|email| {
        let client = hub.anonymous();
        let body = json!({"email": email, "password": password}).to_string();
        async move {
            client
                .raw_with(
                    Method::POST,
                    "/api/v1/session",
                    Some("application/json"),
                    body.into_bytes(),
                    &[("x-forwarded-for", from)],
                )
                .await
                .status
        }
    });
    futures_util::future::join_all(sends).await
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

const BEHIND_PROXY: &[(&str, &str)] = &[
    ("PLENARY_LOGIN_MAX_FAILURES", "5"),
    ("PLENARY_TRUSTED_PROXIES", "127.0.0.1"),
];

async fn a_burst_of_wrong_passwords_gets_at_most_the_budget_in_verdicts(b: Backend) {
    let hub = Hub::start_with(b, BEHIND_PROXY).await;
    let (email, password) = hub.account("secretariat", "Target", None).await;
    let burst = vec![email.clone(); 60];
    let statuses = guesses(&hub, "198.51.100.1", &burst, "wrong password, guess").await;
    assert!(
        count(&statuses, 401) <= 5,
        "verdicts past the budget: {statuses:?}"
    );
    assert_eq!(
        count(&statuses, 401) + count(&statuses, 429),
        60,
        "{statuses:?}"
    );
    // Spent: even the right password waits now, from that address.
    let right = guesses(&hub, "198.51.100.1", std::slice::from_ref(&email), password).await;
    assert_eq!(right, [429]);
    // The account's owner elsewhere is not locked out by it.
    let owner = guesses(&hub, "203.0.113.50", std::slice::from_ref(&email), password).await;
    assert_eq!(owner, [200]);
    if b == Backend::Postgres {
        // Another node of the hub counts the same budget (through Redis).
        let other = hub.second_node().await;
        let there = guesses(&other, "198.51.100.1", &[email], "wrong password, guess").await;
        assert_eq!(there, [429], "the second node knew nothing of the burst");
    }
}

async fn spraying_one_password_over_many_accounts_is_limited_per_address(b: Backend) {
    let hub = Hub::start_with(
        b,
        &[
            ("PLENARY_TRUSTED_PROXIES", "127.0.0.1"),
            ("PLENARY_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"),
        ],
    )
    .await;
    let accounts: Vec<String> = (0..50)
        .map(|i| format!("spray-{i}@hub.example.org"))
        .collect();
    let statuses = guesses(&hub, "198.51.100.2", &accounts, "Spring2026!Spring").await;
    assert!(
        count(&statuses, 401) <= 20,
        "verdicts past the address's budget: {statuses:?}"
    );
    assert!(count(&statuses, 429) >= 30, "{statuses:?}");
    // Another address is not limited by that one's spraying.
    let other = guesses(&hub, "198.51.100.3", &accounts[..1], "Spring2026!Spring").await;
    assert_eq!(other, [401]);
}

async fn a_real_sign_in_gets_through_during_a_flood(b: Backend) {
    let hub = Hub::start_with(b, BEHIND_PROXY).await;
    let (email, password) = hub.account("secretariat", "Officer", None).await;
    let victims: Vec<String> = (0..300)
        .map(|i| format!("flood-{}@hub.example.org", i % 7))
        .collect();
    let flood = guesses(&hub, "198.51.100.4", &victims, "wrong password, flood");
    let real = async {
        // A liveness bound, not a speed figure: the flood must not hold it up.
        tokio::time::timeout(
            std::time::Duration::from_secs(20),
            guesses(&hub, "203.0.113.9", std::slice::from_ref(&email), password),
        )
        .await
    };
    let (flooded, real) = tokio::join!(flood, real);
    assert_eq!(
        real.expect("the real sign-in waited behind the flood"),
        [200]
    );
    assert!(count(&flooded, 429) >= 250, "{flooded:?}");
}

async fn only_a_trusted_proxy_names_the_client(b: Backend) {
    // No trusted proxy: a client's own X-Forwarded-For changes nothing, so
    // naming a new address per guess does not buy a new budget.
    let hub = Hub::start_with(b, &[("PLENARY_LOGIN_MAX_FAILURES", "3")]).await;
    let (email, _) = hub.account("secretariat", "Target", None).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let from = format!("198.51.100.{}", 10 + i);
        statuses.extend(
            guesses(
                &hub,
                &from,
                std::slice::from_ref(&email),
                "wrong password, guess",
            )
            .await,
        );
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
}

fn set_cookie(r: &plenary_tests::Resp) -> String {
    r.header("set-cookie").expect("set-cookie").to_string()
}

async fn on_loopback_the_cookie_is_plain_and_signed_in_answers_are_not_stored(b: Backend) {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(b, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let r = hub
        .anonymous()
        .post(
            "/api/v1/session",
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await;
    let cookie = set_cookie(&r);
    assert!(cookie.starts_with("plenary_session="), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(r.header("strict-transport-security").is_none());

    let admin = hub.admin().await;
    let signed_in = admin.get("/journal").await;
    assert_eq!(signed_in.header("cache-control"), Some("no-store"));
    let document_list = admin.get("/api/v1/documents").await;
    assert_eq!(document_list.header("cache-control"), Some("no-store"));
    let anonymous = hub.anonymous().get("/journal").await;
    assert_ne!(anonymous.header("cache-control"), Some("no-store"));
    // The browser part keeps its own caching for everyone.
    let part = admin.get("/pkg/boot.js").await;
    assert_ne!(part.header("cache-control"), Some("no-store"));

    // Camera and microphone: the meeting room only.
    let policy = signed_in.header("permissions-policy").unwrap_or_default();
    assert!(
        policy.contains("camera=()") && policy.contains("microphone=()"),
        "{policy}"
    );
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Fifth Committee").await;
    let meeting = Scheduler(&manager)
        .meeting(&body, None, "2031-05-01T10:00", "2031-05-01T13:00", "UTC")
        .await;
    let id = meeting.json()["id"].as_str().expect("id").to_string();
    let room = admin.get(&format!("/meetings/{id}/room")).await;
    assert_eq!(room.status, 200, "{}", room.text);
    let policy = room.header("permissions-policy").unwrap_or_default();
    assert!(
        policy.contains("camera=(self)") && policy.contains("microphone=(self)"),
        "{policy}"
    );
}

async fn off_loopback_the_cookie_is_host_prefixed_and_secure_with_hsts(b: Backend) {
    // Reached through a TLS proxy at this address; the test talks to the hub behind it.
    let hub = Hub::start_with(b, &[("PLENARY_PUBLIC_URL", "https://plenary.example.org")]).await;
    let r = hub
        .anonymous()
        .post(
            "/api/v1/session",
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let cookie = set_cookie(&r);
    assert!(cookie.starts_with("__Host-plenary_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(
        r.header("strict-transport-security"),
        Some("max-age=31536000")
    );
    let pair = cookie.split(';').next().expect("pair").to_string();
    let token = pair.split_once('=').expect("token").1.to_string();
    let ask = |cookie: String| {
        let http = reqwest::Client::new();
        let url = format!("{}/api/v1/session", hub.url);
        async move {
            http.get(url)
                .header("cookie", cookie)
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    assert_eq!(ask(pair.clone()).await, 200);
    // The same token under the unprefixed name (as a sibling site could
    // plant it) is not this hub's cookie.
    assert_eq!(ask(format!("plenary_session={token}")).await, 401);
}

async fn an_idle_session_ends_and_dead_sessions_are_deleted(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_SESSION_IDLE_MINUTES", "5")]).await;
    let idle = hub.admin().await;
    let busy = hub.admin().await;
    let idle_id = idle.get("/api/v1/session").await.json()["session_id"]
        .as_str()
        .expect("id")
        .to_string();
    // Last used ten minutes ago.
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 600 WHERE id = $1")
        .bind(&idle_id)
        .execute(&hub.state.db)
        .await
        .expect("age the session");
    idle.get("/api/v1/session")
        .await
        .assert_problem(401, "unauthenticated");
    assert_eq!(busy.get("/api/v1/session").await.status, 200);

    let before = hub.count("sessions").await;
    let deleted = plenary_server::auth::delete_dead_sessions(
        &hub.state.db,
        chrono::Utc::now().timestamp(),
        hub.state.config.session_idle,
    )
    .await
    .expect("sweep");
    assert_eq!(deleted, 1, "only the idle session goes");
    assert_eq!(hub.count("sessions").await, before - 1);
    assert_eq!(busy.get("/api/v1/session").await.status, 200);
}

async fn readers_see_no_chair_or_invitations_or_restrictions_but_their_own(b: Backend) {
    let hub = Hub::start(b).await;
    let (manager, body, _) = manager_with_room(&hub).await;
    let (a, other) = (hub.delegation("AAA").await, hub.delegation("BBB").await);
    let delegate = hub.user("delegate", Some(&a)).await;
    let chair = hub.user("conference_manager", None).await;
    let chair_id = chair.get("/api/v1/session").await.json()["user"]["id"].clone();
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Closed", "body_id": body, "starts_local": "2031-06-02T10:00",
                   "ends_local": "2031-06-02T12:00", "time_zone": "UTC", "access": "closed",
                   "invited_delegations": [a, other]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let r = manager
        .send(
            Method::PUT,
            &format!("/api/v1/meetings/{id}/chair"),
            Some(json!({"chair_id": chair_id})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    // Staff see all of it.
    let seen = manager.get(&format!("/api/v1/meetings/{id}")).await.json();
    assert_eq!(seen["chair_id"], chair_id);
    assert_eq!(
        seen["invited_delegations"].as_array().map(Vec::len),
        Some(2)
    );
    // An invited delegate sees its own invitation only, and no chair.
    for seen in [
        delegate.get(&format!("/api/v1/meetings/{id}")).await.json(),
        delegate
            .get("/api/v1/meetings?from=2031-06-01T00:00:00Z&to=2031-06-03T00:00:00Z")
            .await
            .json()[0]
            .clone(),
        delegate
            .get("/api/v1/journal?date=2031-06-02&time_zone=UTC")
            .await
            .json()["meetings"][0]
            .clone(),
    ] {
        assert_eq!(seen["id"], id.as_str(), "{seen}");
        assert_eq!(seen["invited_delegations"], json!([a]), "{seen}");
        assert!(seen["chair_id"].is_null(), "{seen}");
    }

    let clerk = hub.user("secretariat", None).await;
    let r = clerk
        .post(
            "/api/v1/documents",
            json!({"symbol": "A/C.2/86/L.9", "title": "Draft", "distribution": "restricted",
                   "restricted_to": [a, other]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let doc = r.json()["id"].as_str().expect("id").to_string();
    let staff = clerk.get(&format!("/api/v1/documents/{doc}")).await.json();
    assert_eq!(staff["restricted_to"].as_array().map(Vec::len), Some(2));
    let mine = delegate
        .get(&format!("/api/v1/documents/{doc}"))
        .await
        .json();
    assert_eq!(mine["restricted_to"], json!([a]), "{mine}");
    let listed = delegate.get("/api/v1/documents").await.json();
    let listed = listed
        .as_array()
        .and_then(|l| l.iter().find(|d| d["id"] == doc.as_str()).cloned())
        .expect("listed");
    assert_eq!(listed["restricted_to"], json!([a]), "{listed}");
}

/// The OpenAPI document is valid as an independent validator reads it
/// (openapi-spec-validator from PyPI, installed by `infra/openapi.sh`), and
/// the parameters of queries are declared as such: a client generated from
/// it sends them where the server reads them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_is_valid_and_queries_are_queries() {
    let validator = std::env::var("PLENARY_TEST_OPENAPI_VALIDATOR")
        .expect("PLENARY_TEST_OPENAPI_VALIDATOR is set by ./infra/test.sh (infra/openapi.sh)");
    let hub = Hub::start(Backend::Sqlite).await;
    let r = hub.anonymous().get("/api/openapi.json").await;
    assert_eq!(r.status, 200);
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &r.text).expect("write");
    let out = std::process::Command::new(&validator)
        .arg(&file)
        .output()
        .expect("the validator runs");
    assert!(
        out.status.success(),
        "the OpenAPI document does not validate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = r.json();
    let parameter = |path: &str, method: &str, name: &str| -> String {
        doc["paths"][path][method]["parameters"]
            .as_array()
            .and_then(|all| all.iter().find(|p| p["name"] == name))
            .and_then(|p| p["in"].as_str())
            .unwrap_or("absent")
            .to_string()
    };
    for (path, method, name, place) in [
        ("/api/v1/search", "get", "q", "query"),
        ("/api/v1/search", "get", "limit", "query"),
        ("/api/v1/journal", "get", "date", "query"),
        ("/api/v1/journal", "get", "time_zone", "query"),
        ("/api/v1/meetings/{id}/live", "get", "v", "query"),
        ("/api/v1/meetings/{id}/live", "get", "id", "path"),
        (
            "/api/v1/meetings/{id}/recordings/{recording}",
            "get",
            "recording",
            "path",
        ),
    ] {
        assert_eq!(
            parameter(path, method, name),
            place,
            "{method} {path}: {name}"
        );
    }
}

/// A client generated from the OpenAPI document by an independent generator
/// (openapi-python-client) does a conference manager's work against the
/// hub: signs in, schedules a meeting, is refused a backwards one with a
/// problem it reads, and finds the meeting in the Journal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_generated_from_the_openapi_document_schedules_and_reads_the_journal() {
    let generator = std::env::var("PLENARY_TEST_OPENAPI_CLIENT")
        .expect("PLENARY_TEST_OPENAPI_CLIENT is set by ./infra/test.sh (infra/openapi.sh client)");
    let hub = Hub::start(Backend::Sqlite).await;
    let r = hub.anonymous().get("/api/openapi.json").await;
    assert_eq!(r.status, 200);
    let dir = tempfile::tempdir().expect("temp");
    let document = dir.path().join("openapi.json");
    std::fs::write(&document, &r.text).expect("write");
    let exercise = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi");
    let generated = std::process::Command::new(&generator)
        .args(["generate", "--meta", "none", "--output-path"])
        .arg(dir.path().join("client"))
        .arg("--path")
        .arg(&document)
        .arg("--config")
        .arg(format!("{exercise}/config.yml"))
        .output()
        .expect("the generator runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&generated.stdout),
        String::from_utf8_lossy(&generated.stderr)
    );
    assert!(generated.status.success(), "{said}");
    assert!(
        !said.contains("Warning"),
        "the generator skipped part of the document:\n{said}"
    );
    let (email, password) = hub
        .account("conference_manager", "Conference Manager", None)
        .await;
    let python = std::path::Path::new(&generator)
        .parent()
        .expect("the generator's environment")
        .join("python");
    // Awaited, not blocking: the hub answers on this test's runtime.
    let ran = tokio::process::Command::new(python)
        .arg(format!("{exercise}/journal.py"))
        .args([hub.url.as_str(), &email, password])
        .env("PYTHONPATH", dir.path())
        .output()
        .await
        .expect("python runs");
    let out = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert!(
        out.contains("journal 2031-03-02: Responsibility of States"),
        "{out}"
    );
}

/// Ready means every backend answers, Redis included: with Redis away (the
/// relay to it held) `/readyz` says which is not ready, and once it is back
/// the hub is ready again without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_says_when_the_live_store_is_away() {
    let relay = plenary_tests::cut::Cuttable::bind().await;
    let redis = std::env::var("PLENARY_TEST_REDIS_URL").expect("PLENARY_TEST_REDIS_URL");
    let target = redis
        .trim_start_matches("redis://")
        .split('/')
        .next()
        .expect("host and port")
        .to_string();
    relay.relay_to(&target);
    let through = relay.url.replace("http://", "redis://");
    let hub = Hub::start_with(
        Backend::Postgres,
        &[("PLENARY_REDIS_URL", through.as_str())],
    )
    .await;
    let anon = hub.anonymous();
    let ready = anon.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    assert_eq!(ready.json()["live"], true);

    relay.hold(true);
    let down = anon.get("/readyz").await;
    assert_eq!(down.status, 503, "{}", down.text);
    assert_eq!(down.json()["live"], false);
    assert_eq!(down.json()["database"], true, "only Redis is away");
    assert_eq!(down.json()["ready"], false);

    relay.hold(false);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let again = anon.get("/readyz").await;
        if again.status == 200 {
            assert_eq!(again.json()["live"], true);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not ready again after Redis came back: {}",
            again.text
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// `/metrics` on the main address is the operator's: not there at all
/// without a token configured; with one, refused without it or with
/// another (even one that starts the same), served with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_only_to_the_operator_s_token() {
    let plain = Hub::start(Backend::Sqlite).await;
    plain
        .anonymous()
        .get("/metrics")
        .await
        .assert_problem(404, "not_found");

    let token = "m".repeat(40);
    let hub = Hub::start_with(
        Backend::Sqlite,
        &[("PLENARY_METRICS_TOKEN", token.as_str())],
    )
    .await;
    let anon = hub.anonymous();
    let get = |bearer: Option<String>| {
        let anon = &anon;
        async move {
            let auth = bearer.map(|b| format!("Bearer {b}"));
            let headers: Vec<(&str, &str)> = auth
                .as_deref()
                .map(|a| vec![("authorization", a)])
                .unwrap_or_default();
            anon.raw_with(Method::GET, "/metrics", None, Vec::new(), &headers)
                .await
        }
    };
    get(None).await.assert_problem(401, "unauthenticated");
    get(Some(token[..39].to_string()))
        .await
        .assert_problem(401, "unauthenticated");
    get(Some(format!("{token}x")))
        .await
        .assert_problem(401, "unauthenticated");
    // The search index's first pass runs beside the start.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let served = loop {
        let served = get(Some(token.clone())).await;
        if served.text.contains("plenary_search_queue_depth")
            || std::time::Instant::now() > deadline
        {
            break served;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(served.status, 200, "{}", served.text);
    assert!(
        served
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/plain; version=0.0.4")),
        "{:?}",
        served.headers
    );
    for metric in [
        "plenary_http_requests_total{",
        "plenary_sql_connections{state=\"idle\"}",
        "plenary_live_meetings ",
        "plenary_sql_ping_seconds",
        "plenary_live_store_ping_seconds",
        "plenary_search_queue_depth 0",
    ] {
        assert!(served.text.contains(metric), "{metric}: {}", served.text);
    }
    // A short token is refused at start, saying what to do.
    let short = plenary_server::config::Config::from_sources(
        &std::collections::HashMap::from([(
            "PLENARY_METRICS_TOKEN".to_string(),
            "short".to_string(),
        )]),
        None,
    );
    assert!(
        short.is_err_and(|e| e.0.contains("32 characters")),
        "a short metrics token is refused"
    );
}
