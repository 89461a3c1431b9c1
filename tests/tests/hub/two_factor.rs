//! Two-factor sign-in: setting it up, signing in with a one-time code or a
//! recovery code, the roles that must have it, and what a session that has
//! passed only its password may reach. Codes are made by an independent
//! RFC 6238 implementation, as an authenticator app would make them.

use plenary_tests::{Backend, Client, Hub, ADMIN_EMAIL, ADMIN_PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

plenary_tests::on_both_backends!(
    a_user_turns_on_two_factors_and_signs_in_with_codes,
    roles_that_must_have_two_factors_set_them_up_at_sign_in,
);

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// The code an authenticator app shows for `secret` (base32) at `time`.
fn code(secret: &str, time: u64) -> String {
    let key = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("a base32 secret");
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, key)
        .expect("a valid secret")
        .generate(time)
}

/// Signs in with the password alone: the client (its session at whatever
/// stage) and that stage.
async fn password_step(hub: &Hub, email: &str, password: &str) -> (Client, String) {
    let mut client = hub.anonymous();
    let r = client
        .post(
            "/api/v1/session",
            json!({"email": email, "password": password}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    client.cookie = r
        .header("set-cookie")
        .and_then(|c| c.split(';').next().map(str::to_string));
    let info = r.json();
    client.csrf = info["csrf_token"].as_str().map(str::to_string);
    (client, info["stage"].as_str().expect("stage").to_string())
}

/// What a session that has passed only its password may not reach.
async fn reaches_nothing_but_its_next_step(client: &Client) {
    client
        .post("/api/v1/session/feed", json!({}))
        .await
        .assert_problem(401, "unauthenticated");
    let r = client
        .post(
            "/api/v1/session/password",
            json!({"current_password": "x", "new_password": "y"}),
        )
        .await;
    assert_eq!(r.status, 401, "{}", r.text);
    // Public reading is as a visitor's: no account bar of theirs.
    let journal = client.get("/journal").await;
    assert_eq!(journal.status, 200);
    assert!(!journal.text.contains("/account?"), "{}", journal.text);
}

async fn setup(client: &Client) -> String {
    let r = client.post("/api/v1/session/two-factor", json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let setup = r.json();
    let secret = setup["secret"].as_str().expect("secret").to_string();
    let uri = setup["uri"].as_str().expect("uri");
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(
        setup["qr_svg"].as_str().is_some_and(|s| s.contains("<svg")),
        "{setup}"
    );
    secret
}

/// Sets two factors up with the app's code now.
async fn turn_on(client: &Client) {
    let secret = setup(client).await;
    let r = client
        .post(
            "/api/v1/session/two-factor/confirm",
            json!({"code": code(&secret, now())}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

async fn a_user_turns_on_two_factors_and_signs_in_with_codes(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_LOGIN_MAX_FAILURES", "4")]).await;
    let admin = hub.admin().await;
    let (email, password) = hub.account("secretariat", "Lin Wei", None).await;
    let (client, stage) = password_step(&hub, &email, password).await;
    assert_eq!(stage, "complete");

    // Set up: a wrong code leaves it off; the app's code turns it on and
    // hands out ten recovery codes, once.
    let secret = setup(&client).await;
    let wrong = format!(
        "{:06}",
        (code(&secret, now()).parse::<u32>().expect("digits") + 1) % 1_000_000
    );
    let r = client
        .post("/api/v1/session/two-factor/confirm", json!({"code": wrong}))
        .await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "code");
    assert_eq!(problem["errors"][0]["rule"], "one_time_code");
    assert_eq!(password_step(&hub, &email, password).await.1, "complete");
    let confirmed_at = now();
    let r = client
        .post(
            "/api/v1/session/two-factor/confirm",
            json!({"code": code(&secret, confirmed_at)}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let recovery: Vec<String> = r.json()["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_string())
        .collect();
    assert_eq!(recovery.len(), 10);
    let distinct: std::collections::HashSet<&String> = recovery.iter().collect();
    assert_eq!(distinct.len(), 10);
    client
        .post("/api/v1/session/two-factor", json!({}))
        .await
        .assert_problem(409, "invalid_state");

    // The password now opens a session that reaches nothing but its code.
    let (pending, stage) = password_step(&hub, &email, password).await;
    assert_eq!(stage, "code");
    reaches_nothing_but_its_next_step(&pending).await;
    assert_eq!(pending.get("/api/v1/session").await.json()["stage"], "code");
    pending
        .post("/api/v1/session/two-factor", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    // Its CSRF token is needed, as for any write.
    let mut no_token = pending.clone();
    no_token.csrf = None;
    no_token
        .post("/api/v1/session/code", json!({"code": "123456"}))
        .await
        .assert_problem(403, "csrf_failed");
    // A code is good once: the one that confirmed the setup is refused.
    let r = pending
        .post(
            "/api/v1/session/code",
            json!({"code": code(&secret, confirmed_at)}),
        )
        .await;
    r.assert_problem(422, "validation_failed");
    // The next one, a step ahead (a phone's clock a little fast), passes.
    let r = pending
        .post(
            "/api/v1/session/code",
            json!({"code": code(&secret, confirmed_at + 30)}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["stage"], "complete");
    assert_eq!(
        pending.post("/api/v1/session/feed", json!({})).await.status,
        200
    );
    pending
        .post(
            "/api/v1/session/code",
            json!({"code": code(&secret, confirmed_at + 60)}),
        )
        .await
        .assert_problem(409, "invalid_state");

    // A recovery code, typed in capitals, signs in once.
    let (pending, _) = password_step(&hub, &email, password).await;
    let r = pending
        .post(
            "/api/v1/session/code",
            json!({"code": recovery[3].to_uppercase()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let (pending, _) = password_step(&hub, &email, password).await;
    pending
        .post("/api/v1/session/code", json!({"code": recovery[3]}))
        .await
        .assert_problem(422, "validation_failed");

    // The sign-ins, the refusals and the setup are in the audit log, without
    // a code in them.
    let id = client.get("/api/v1/session").await.json()["user"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let about = hub.audited(&format!("subject=user:{id}"), 1).await;
    let enrolled: Vec<&Value> = about
        .iter()
        .filter(|e| e["action"] == "two_factor_enrolled")
        .collect();
    assert_eq!(enrolled.len(), 1);
    assert_eq!(enrolled[0]["actor"], id.as_str());
    let second: Vec<&Value> = about
        .iter()
        .filter(|e| e["action"] == "signed_in")
        .map(|e| &e["detail"])
        .collect();
    assert!(
        second.contains(&&json!({"second_factor": "one_time_code"})),
        "{second:?}"
    );
    assert!(
        second.contains(&&json!({"second_factor": "recovery_code", "recovery_codes_left": 9})),
        "{second:?}"
    );
    let refused = about
        .iter()
        .filter(|e| e["action"] == "sign_in_refused" && e["detail"]["reason"] == "code")
        .count();
    assert_eq!(refused, 2);
    let log = admin.get("/api/v1/audit/export").await.text;
    assert!(!log.contains(&recovery[3]) && !log.contains(&secret));

    // Wrong codes count against the sign-in limit.
    let (pending, _) = password_step(&hub, &email, password).await;
    let mut answers = Vec::new();
    for _ in 0..5 {
        let r = pending
            .post("/api/v1/session/code", json!({"code": "000000"}))
            .await;
        answers.push(r.status);
    }
    assert_eq!(answers, [422, 422, 422, 422, 429]);

    // Turned off with the password (a wrong one changes nothing); the
    // password alone signs in again.
    let other = hub
        .account("delegate", "Juan Pérez", Some(&hub.delegation("PER").await))
        .await;
    let (client, _) = password_step(&hub, &other.0, other.1).await;
    turn_on(&client).await;
    let r = client
        .post(
            "/api/v1/session/two-factor/remove",
            json!({"current_password": "not the password at all"}),
        )
        .await;
    assert_eq!(r.json()["errors"][0]["rule"], "current_password");
    assert_eq!(password_step(&hub, &other.0, other.1).await.1, "code");
    let r = client
        .post(
            "/api/v1/session/two-factor/remove",
            json!({"current_password": other.1}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(password_step(&hub, &other.0, other.1).await.1, "complete");
    assert_eq!(
        hub.audited("action=two_factor_removed", 1).await[0]["actor_email"],
        other.0
    );
}

async fn roles_that_must_have_two_factors_set_them_up_at_sign_in(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_TWO_FACTOR_ROLES", "admin,secretariat")]).await;
    // Even the first administrator sets them up before anything else.
    let (admin, stage) = password_step(&hub, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(stage, "enrol");
    reaches_nothing_but_its_next_step(&admin).await;
    admin
        .get("/api/v1/users")
        .await
        .assert_problem(401, "unauthenticated");
    admin
        .post("/api/v1/session/code", json!({"code": "123456"}))
        .await
        .assert_problem(409, "invalid_state");
    turn_on(&admin).await;
    // The same session is now signed in.
    assert_eq!(
        admin.get("/api/v1/session").await.json()["stage"],
        "complete"
    );
    assert_eq!(admin.get("/api/v1/users").await.status, 200);
    // It cannot be turned off for a role that must have it.
    admin
        .post(
            "/api/v1/session/two-factor/remove",
            json!({"current_password": ADMIN_PASSWORD}),
        )
        .await
        .assert_problem(409, "invalid_state");

    // Other roles are not asked.
    let fra = admin
        .post(
            "/api/v1/delegations",
            json!({"code": "FRA", "name": "France", "kind": "member_state"}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_string();
    let email = "delegate@france.example.org";
    let r = admin
        .post(
            "/api/v1/users",
            json!({"email": email, "name": "Marie Curie", "role": "delegate",
                   "delegation_id": fra, "password": "a password long enough"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        password_step(&hub, email, "a password long enough").await.1,
        "complete"
    );

    // A secretariat officer who lost the phone: an administrator resets it,
    // which signs them out; they set it up anew at their next sign-in.
    let clerk_email = "clerk@secretariat.example.org";
    let r = admin
        .post(
            "/api/v1/users",
            json!({"email": clerk_email, "name": "Omar Haddad", "role": "secretariat",
                   "password": "a password long enough"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let clerk_id = r.json()["id"].as_str().expect("id").to_string();
    let (clerk, stage) = password_step(&hub, clerk_email, "a password long enough").await;
    assert_eq!(stage, "enrol");
    turn_on(&clerk).await;
    assert_eq!(
        password_step(&hub, clerk_email, "a password long enough")
            .await
            .1,
        "code"
    );
    // Not for anyone but an administrator.
    let r = clerk
        .raw(
            Method::PATCH,
            &format!("/api/v1/users/{clerk_id}"),
            Some("application/json"),
            br#"{"reset_two_factor": true}"#.to_vec(),
        )
        .await;
    r.assert_problem(403, "forbidden");
    let r = admin
        .patch(
            &format!("/api/v1/users/{clerk_id}"),
            json!({"reset_two_factor": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(clerk.get("/api/v1/session").await.status, 401);
    assert_eq!(
        password_step(&hub, clerk_email, "a password long enough")
            .await
            .1,
        "enrol"
    );
    // (The administrator's own session reads the log: `Hub::audited` signs
    // in with the password alone.)
    let reset = admin
        .get(&format!(
            "/api/v1/audit?action=two_factor_removed&subject=user:{clerk_id}"
        ))
        .await
        .json();
    assert_eq!(
        reset["entries"].as_array().map(Vec::len),
        Some(1),
        "{reset}"
    );
}

/// The pages, as a browser without JavaScript goes through them: the
/// sign-in form, then the code's; the setup with its QR code, and the
/// recovery codes shown once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_factor_pages_work_without_javascript() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(
        Backend::Sqlite,
        &[
            ("PLENARY_TWO_FACTOR_ROLES", "conference_manager"),
            ("PLENARY_BROWSER_DIR", dir.as_str()),
        ],
    )
    .await;
    let (email, password) = hub.account("conference_manager", "Ana Silva", None).await;
    let form = |client: &Client, path: &str, body: String| {
        let client = client.clone();
        let path = path.to_string();
        let origin = hub.url.clone();
        async move {
            client
                .raw_with(
                    Method::POST,
                    &path,
                    Some("application/x-www-form-urlencoded"),
                    body.into_bytes(),
                    &[("origin", origin.as_str())],
                )
                .await
        }
    };
    let sign_in = |client: Client| {
        let body = format!(
            "email={}&password={}&next=%2Fschedule",
            email.replace('@', "%40"),
            password.replace(' ', "+")
        );
        async move {
            let r = form(&client, "/sign-in?lang=en", body).await;
            assert_eq!(r.status, 303, "{}", r.text);
            let mut client = client;
            client.cookie = r
                .header("set-cookie")
                .and_then(|c| c.split(';').next().map(str::to_string));
            (client, r.header("location").expect("location").to_string())
        }
    };

    // The role must enrol: after the password, the setup page.
    let (client, to) = sign_in(hub.unredirected()).await;
    assert_eq!(to, "/account/two-factor?lang=en&next=/schedule");
    // Elsewhere it is a visitor.
    let r = client.get("/schedule").await;
    assert_eq!(r.status, 303);
    let page = client.get(&to).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.text.contains("<svg"), "the QR code: {}", page.text);
    let secret = between(&page.text, "<code id=\"secret\" dir=\"ltr\">", "</code>");
    let csrf = between(&page.text, "name=\"csrf_token\" value=\"", "\"");
    // Shown again, the page keeps the secret the app may have scanned.
    assert!(client.get(&to).await.text.contains(&secret));
    let r = form(
        &client,
        "/account/two-factor?lang=en",
        format!("code=000000&csrf_token={csrf}&next=%2Fschedule"),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("That code is not right."), "{}", r.text);
    assert!(r.text.contains(&secret));
    let r = form(
        &client,
        "/account/two-factor?lang=en",
        format!(
            "code={}&csrf_token=not-the-token&next=%2Fschedule",
            code(&secret, now())
        ),
    )
    .await;
    r.assert_problem(403, "csrf_failed");
    let r = form(
        &client,
        "/account/two-factor?lang=fr",
        format!(
            "code={}&csrf_token={csrf}&next=%2Fschedule",
            code(&secret, now())
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(
        r.text.contains("Conservez ces codes de récupération"),
        "{}",
        r.text
    );
    assert_eq!(r.text.matches("<li><code>").count(), 10, "{}", r.text);
    assert!(r.text.contains("href=\"/schedule\""));
    assert_eq!(client.get("/schedule").await.status, 200);

    // Next time: the password, then the code's page.
    let (client, to) = sign_in(hub.unredirected()).await;
    assert_eq!(to, "/sign-in/code?lang=en&next=/schedule");
    let page = client.get(&to).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("autocomplete=\"one-time-code\""),
        "{}",
        page.text
    );
    let csrf = between(&page.text, "name=\"csrf_token\" value=\"", "\"");
    let r = form(
        &client,
        "/sign-in/code?lang=en",
        format!("code=000000&csrf_token={csrf}&next=%2Fschedule"),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text.contains("id=\"code-error\""), "{}", r.text);
    let r = form(
        &client,
        "/sign-in/code?lang=en",
        format!(
            "code={}&csrf_token={csrf}&next=%2Fschedule",
            code(&secret, now() + 30)
        ),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(r.header("location"), Some("/schedule"));
    assert_eq!(client.get("/schedule").await.status, 200);
    // The account's page now says it is on, and the role keeps it.
    let page = client.get("/account/two-factor?lang=en").await;
    assert!(
        page.text.contains("Two-factor sign-in is on"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("remove-two-factor"));
}

/// The text between `start` and `end` in `text`.
fn between(text: &str, start: &str, end: &str) -> String {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {text}"))
        + start.len();
    let to = text[from..].find(end).expect("the end") + from;
    text[from..to].to_string()
}
